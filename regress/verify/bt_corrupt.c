/*
 * bt_corrupt.c
 *     Test helper for verify_test.sh: inspect a B+ tree file, or break one invariant of a
 *     page while keeping its checksum valid, so that only `oakctl verify`'s structural
 *     checks can catch it. Formats as in backend/access/btree/README.md; the checksum is
 *     the backend's page.c (linked in).
 *
 * Usage: bt_corrupt height FILE          print the tree height from the meta page
 *        bt_corrupt leaf FILE            print a leaf with >= 2 keys that has a right sibling
 *        bt_corrupt swap FILE BLOCK      swap the first two slots (keys out of order)
 *        bt_corrupt right FILE BLOCK TO  set the right-link to TO
 *        bt_corrupt bump FILE BLOCK      make the last key start with 0xFF (out of range)
 *        bt_corrupt hikey FILE BLOCK     make the high key (the last slot of a page with a
 *                                        right sibling) start with 0xFF
 * Exits 0, or 1 with a message on stderr.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oak/oak.h"
#include "oak/access/page.h"

static _Alignas(8) uint8_t page[OAK_PAGE_SIZE];

static int
bt_corrupt_io(int fd, BlockNo block, bool write_back)
{
    off_t off = (off_t)block * OAK_PAGE_SIZE;
    ssize_t n =
        write_back ? pwrite(fd, page, OAK_PAGE_SIZE, off) : pread(fd, page, OAK_PAGE_SIZE, off);
    if (n != OAK_PAGE_SIZE) {
        fprintf(stderr,
                "bt_corrupt: %s of block %u failed\n",
                write_back ? "write" : "read",
                block);
        return -1;
    }
    return 0;
}

static uint16_t
bt_corrupt_count(void)
{
    return (uint16_t)((page_header(page)->lower - PAGE_HEADER_SIZE) / 2);
}

static BlockNo
bt_corrupt_right(void)
{
    BlockNo right;
    memcpy(&right, page + OAK_PAGE_SIZE - 8, sizeof right);
    return right;
}

/*
 * A leaf that is not the rightmost and has at least two keys besides its high key;
 * INVALID_BLOCK if none.
 */
static BlockNo
bt_corrupt_find_leaf(int fd)
{
    off_t size = lseek(fd, 0, SEEK_END);

    for (BlockNo b = (BlockNo)(size / OAK_PAGE_SIZE / 2); b < size / OAK_PAGE_SIZE; b++) {
        if (bt_corrupt_io(fd, b, false) < 0)
            return INVALID_BLOCK;
        if (page_get_type(page) == PAGE_TYPE_BTREE_LEAF && bt_corrupt_count() >= 3 &&
            bt_corrupt_right() != INVALID_BLOCK)
            return b;
    }
    return INVALID_BLOCK;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bt_corrupt height|leaf|swap|right|bump|hikey FILE [BLOCK [TO]]\n");
        return 1;
    }
    const char *op = argv[1];
    int fd = open(argv[2], O_RDWR);
    if (fd < 0) {
        perror(argv[2]);
        return 1;
    }
    if (strcmp(op, "height") == 0) {
        uint32_t height;
        if (bt_corrupt_io(fd, 0, false) < 0)
            return 1;
        memcpy(&height, page + PAGE_HEADER_SIZE + 12, sizeof height);
        printf("%u\n", height);
        return 0;
    }
    if (strcmp(op, "leaf") == 0) {
        BlockNo b = bt_corrupt_find_leaf(fd);
        if (b == INVALID_BLOCK)
            return 1;
        printf("%u\n", b);
        return 0;
    }
    if (argc < 4)
        return 1;
    BlockNo block = (BlockNo)strtoul(argv[3], NULL, 10);
    if (bt_corrupt_io(fd, block, false) < 0)
        return 1;
    uint8_t *slots = page + PAGE_HEADER_SIZE;
    if (strcmp(op, "swap") == 0) {
        uint16_t s0;
        memcpy(&s0, slots, 2);
        memmove(slots, slots + 2, 2);
        memcpy(slots + 2, &s0, 2);
    } else if (strcmp(op, "right") == 0 && argc == 5) {
        BlockNo to = (BlockNo)strtoul(argv[4], NULL, 10);
        memcpy(page + OAK_PAGE_SIZE - 8, &to, sizeof to);
    } else if (strcmp(op, "bump") == 0 || strcmp(op, "hikey") == 0) {
        /* the last key, or the high key after it (leaf item: klen, vlen, then the key) */
        int last = bt_corrupt_count() - 1;
        uint16_t off;
        if (strcmp(op, "bump") == 0 && bt_corrupt_right() != INVALID_BLOCK)
            last--;
        if (last < 0)
            return 1;
        memcpy(&off, slots + 2 * last, 2);
        page[off + 4] = 0xFF;
    } else {
        fprintf(stderr, "bt_corrupt: unknown operation \"%s\"\n", op);
        return 1;
    }
    page_set_checksum(page, block);
    if (bt_corrupt_io(fd, block, true) < 0 || close(fd) != 0)
        return 1;
    return 0;
}
