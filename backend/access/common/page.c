/*
 * page.c
 *     The common page header (page.h): initialisation, the all-zero "new" test, and the
 *     CRC32C page checksum computed at write and verified at read by the buffer manager.
 */
#include "oak/oak.h"

#include <stddef.h>

#include "oak/access/page.h"

_Static_assert(sizeof(PageHeader) == 24, "page header layout is on-disk format");

void
page_init(uint8_t *page, uint16_t type, uint16_t special_size)
{
    uint16_t special = (uint16_t)((OAK_PAGE_SIZE - special_size) & ~7);

    Assert(special_size <= OAK_PAGE_SIZE - PAGE_HEADER_SIZE);
    memset(page, 0, OAK_PAGE_SIZE);
    PageHeader *h = page_header(page);
    h->type = type;
    h->lower = PAGE_HEADER_SIZE;
    h->upper = special;
    h->special = special;
}

bool
page_is_new(const uint8_t *page)
{
    static const uint8_t zeros[256];

    for (size_t off = 0; off < OAK_PAGE_SIZE; off += sizeof zeros)
        if (memcmp(page + off, zeros, sizeof zeros) != 0)
            return false;
    return true;
}

uint32_t
page_compute_checksum(const uint8_t *page, BlockNo block)
{
    const size_t at = offsetof(PageHeader, checksum);
    const uint32_t zero = 0;
    uint32_t c;

    c = crc32c_update(0, page, at);
    c = crc32c_update(c, &zero, sizeof zero);
    c = crc32c_update(c, page + at + sizeof zero, OAK_PAGE_SIZE - at - sizeof zero);
    c = crc32c_update(c, &block, sizeof block);
    return c == 0 ? 1 : c; /* 0 would be confusable with a page never checksummed */
}

void
page_set_checksum(uint8_t *page, BlockNo block)
{
    page_header(page)->checksum = page_compute_checksum(page, block);
}

bool
page_verify(const uint8_t *page, BlockNo block)
{
    if (page_stored_checksum(page) == page_compute_checksum(page, block))
        return true;
    return page_is_new(page);
}
