/*
 * page.h
 *     The 8 KiB page layout shared by every page in a relation file: a 24-byte header
 *     (page LSN, CRC32C checksum, page type, flags, free-space bounds, special area offset)
 *     followed by the owner's contents. The B+ tree and the commit log build on it.
 *
 * The checksum covers the whole page with the checksum field counted as zero, mixed with
 * the block number so a page written to the wrong place is caught too. The buffer manager
 * computes it at write and verifies it at read; an all-zero page (extended, never written)
 * is valid and reads as "new".
 *
 * Layout of the area after the header is the page type's business; lower/upper/special
 * are kept here because every slotted page needs them, and page_init() sets them.
 */
#ifndef OAK_ACCESS_PAGE_H
#define OAK_ACCESS_PAGE_H

#include "oak/oak.h"

typedef struct PageHeader {
    uint64_t lsn;      /* end LSN of the last WAL record that changed the page */
    uint32_t checksum; /* CRC32C of the page (this field as 0) and the block number */
    uint16_t type;     /* PAGE_TYPE_* */
    uint16_t flags;    /* owner-defined bits */
    uint16_t lower;    /* start of free space */
    uint16_t upper;    /* end of free space */
    uint16_t special;  /* start of the special area (OAK_PAGE_SIZE if none) */
    uint16_t reserved; /* zero */
} PageHeader;

#define PAGE_HEADER_SIZE ((uint16_t)sizeof(PageHeader))

/* Page types. 0 is an all-zero (new) page. */
enum {
    PAGE_TYPE_NEW = 0,
    PAGE_TYPE_CLOG = 1,
    PAGE_TYPE_BTREE_META = 16,
    PAGE_TYPE_BTREE_LEAF = 17,
    PAGE_TYPE_BTREE_INTERNAL = 18,
    PAGE_TYPE_BTREE_OVERFLOW = 19,
    PAGE_TYPE_SEQUENCE = 20, /* access/sequence: a sequence's one page */
};

static inline PageHeader *
page_header(uint8_t *page)
{
    return (PageHeader *)page;
}

static inline const PageHeader *
page_header_const(const uint8_t *page)
{
    return (const PageHeader *)page;
}

static inline Lsn
page_get_lsn(const uint8_t *page)
{
    return page_header_const(page)->lsn;
}

static inline void
page_set_lsn(uint8_t *page, Lsn lsn)
{
    page_header(page)->lsn = lsn;
}

static inline uint16_t
page_get_type(const uint8_t *page)
{
    return page_header_const(page)->type;
}

static inline uint32_t
page_stored_checksum(const uint8_t *page)
{
    return page_header_const(page)->checksum;
}

/* Free bytes between lower and upper. */
static inline uint16_t
page_free_space(const uint8_t *page)
{
    const PageHeader *h = page_header_const(page);
    return h->upper > h->lower ? (uint16_t)(h->upper - h->lower) : 0;
}

/* Special area of the page (its last special_size bytes as given to page_init). */
static inline uint8_t *
page_special(uint8_t *page)
{
    return page + page_header(page)->special;
}

/*
 * Zero the page and set up its header: lower after the header, upper and special at
 * OAK_PAGE_SIZE - special_size (rounded down to 8). LSN 0, checksum 0 (set at write).
 */
void page_init(uint8_t *page, uint16_t type, uint16_t special_size);
/* True if every byte is zero: extended but never written. */
bool page_is_new(const uint8_t *page);
/* CRC32C of the page (checksum field as 0) mixed with the block number; never 0. */
uint32_t page_compute_checksum(const uint8_t *page, BlockNo block);
/* Store the checksum (the buffer manager does this right before writing). */
void page_set_checksum(uint8_t *page, BlockNo block);
/* True if the page is new or its checksum matches. */
bool page_verify(const uint8_t *page, BlockNo block);

/* CRC32C (Castagnoli), as used by pages and WAL: crc32c(0, "123456789", 9) == 0xE3069283. */
uint32_t crc32c_update(uint32_t crc, const void *data, size_t len);
static inline uint32_t
crc32c(const void *data, size_t len)
{
    return crc32c_update(0, data, len);
}

#endif /* OAK_ACCESS_PAGE_H */
