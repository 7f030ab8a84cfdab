/*
 * bt_overflow.c
 *     Overflow chains: values too large for a B+ tree item, stored in a chain of overflow
 *     pages in the tree's own file. The caller (the table layer) keeps the first block and
 *     the length in its item and decides what goes out of line; this file only stores,
 *     reads and frees page chains.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  12. A chain's pages are immutable from the record that creates them until the chain is
 *      freed; readers therefore latch only each page in turn, never the meta page. A chain
 *      is written last page first, each WAL record (up to BT_OVERFLOW_BATCH new pages)
 *      complete on its own, so the first block, returned last, names a chain that is whole
 *      in the WAL.
 *  13. Allocation and freeing change the free list (BtMeta.free_head, 0 = empty: block 0 is
 *      the meta page and never free) under the exclusive meta page latch; freeing splices
 *      the whole chain onto the list by rewriting its last page's next link: one record.
 *
 * Not here: what goes out of line and the pointer kept in the row (backend/access/table).
 */
#include "oak/oak.h"

#include "bt_internal.h"

/* Header of an overflow page, right after the PageHeader; the data follows it. */
typedef struct BtOverflowHdr {
    BlockNo next;  /* next page of the chain (or of the free list); INVALID_BLOCK at the end */
    uint32_t used; /* data bytes on this page */
} BtOverflowHdr;

enum {
    BT_OVERFLOW_DATA_OFF = PAGE_HEADER_SIZE + sizeof(BtOverflowHdr),
    /* New pages per WAL record: the record's page limit, less one for the meta page. */
    BT_OVERFLOW_BATCH = WAL_MAX_PAGES_PER_RECORD - 1,
};

_Static_assert(BT_OVERFLOW_DATA == OAK_PAGE_SIZE - BT_OVERFLOW_DATA_OFF,
               "BT_OVERFLOW_DATA matches the overflow page layout");

static BtOverflowHdr
bt_overflow_hdr(const uint8_t *page)
{
    BtOverflowHdr h;
    memcpy(&h, page + PAGE_HEADER_SIZE, sizeof h);
    return h;
}

/* Raise XX001 for block of rf, which should be an overflow page and is not. */
static void
bt_overflow_corrupt(RelFile rf, BlockNo block)
{
    ereport(ERROR,
            err_code(SQLSTATE_DATA_CORRUPTED),
            err_msg("invalid overflow page in block %u of relation %u/%u", block, rf.db, rf.rel));
}

/* Pin and latch block (mode), checking it is an overflow page; XX001 otherwise. */
static BufId
bt_overflow_pin(RelFile rf, BlockNo block, BufLockMode mode)
{
    if (block == INVALID_BLOCK || block == BT_META_BLOCK || block >= buf_nblocks(rf))
        bt_overflow_corrupt(rf, block);
    BufId buf = buf_read(rf, block);
    buf_lock(buf, mode);
    const uint8_t *page = buf_page(buf);
    if (page_get_type(page) != PAGE_TYPE_BTREE_OVERFLOW ||
        bt_overflow_hdr(page).used > BT_OVERFLOW_DATA)
        bt_overflow_corrupt(rf, block);
    return buf;
}

static void
bt_overflow_unpin(BufId buf)
{
    buf_unlock(buf);
    buf_release(buf);
}

/*
 * A page for a new chain, pinned and exclusively latched: the head of the free list (then
 * *free_head moves to its successor) or a new block. Caller holds the meta page latch
 * exclusively and changes the meta page only after everything that can fail.
 */
static BufId
bt_overflow_alloc(RelFile rf, BlockNo *free_head)
{
    BlockNo block;

    if (*free_head == BT_META_BLOCK) {
        BufId buf = buf_extend(rf, &block); /* serialised by the exclusive meta page latch */
        buf_lock(buf, BUF_EXCLUSIVE);
        return buf;
    }
    BufId buf = bt_overflow_pin(rf, *free_head, BUF_EXCLUSIVE);
    *free_head = bt_overflow_hdr(buf_page(buf)).next;
    if (*free_head == INVALID_BLOCK) /* the list's end is 0, a chain's INVALID_BLOCK */
        bt_overflow_corrupt(rf, buf_block(buf));
    return buf;
}

/* Fill page as an overflow page holding used bytes of data, followed by next. */
static void
bt_overflow_page_build(uint8_t *page, BlockNo next, const uint8_t *data, uint32_t used)
{
    BtOverflowHdr h = {.next = next, .used = used};

    page_init(page, PAGE_TYPE_BTREE_OVERFLOW, 0);
    memcpy(page + PAGE_HEADER_SIZE, &h, sizeof h);
    memcpy(page + BT_OVERFLOW_DATA_OFF, data, used);
    page_header(page)->lower = (uint16_t)(BT_OVERFLOW_DATA_OFF + used);
}

/*
 * Write chunks [from, to) of data (chunk i = bytes from i * BT_OVERFLOW_DATA) into new
 * pages linked in order, the last linking to next, as one WAL record with the new pages as
 * full images (and the meta page if the free list gave pages). Returns chunk from's block.
 */
static BlockNo
bt_overflow_write_batch(RelFile rf,
                        Xid xid,
                        const uint8_t *data,
                        uint32_t len,
                        uint32_t from,
                        uint32_t to,
                        BlockNo next)
{
    BufId bufs[BT_OVERFLOW_BATCH];
    uint32_t n = to - from;
    Assert(n > 0 && n <= BT_OVERFLOW_BATCH);
    BufId meta = bt_meta_lock(rf, BUF_EXCLUSIVE);
    BlockNo old_head = bt_meta(buf_page(meta))->free_head;
    BlockNo head = old_head;
    for (uint32_t i = 0; i < n; i++)
        bufs[i] = bt_overflow_alloc(rf, &head);

    WalPageChange *ch = wal_page_begin(xid);
    if (head != old_head)
        wal_page_add(ch, meta);
    for (uint32_t i = 0; i < n; i++)
        wal_page_add_new(ch, bufs[i]);
    crit_begin(); /* until crit_end(), ERROR means PANIC: pages would hold unlogged changes */
    for (uint32_t i = n; i-- > 0;) {
        uint32_t off = (from + i) * (uint32_t)BT_OVERFLOW_DATA;
        uint32_t used = len - off < BT_OVERFLOW_DATA ? len - off : BT_OVERFLOW_DATA;
        bt_overflow_page_build(buf_page(bufs[i]), next, data + off, used);
        next = buf_block(bufs[i]);
    }
    if (head != old_head)
        bt_meta(buf_page(meta))->free_head = head;
    wal_page_finish(ch);
    crit_end();

    for (uint32_t i = 0; i < n; i++)
        bt_overflow_unpin(bufs[i]);
    bt_unlock_release(meta);
    return next;
}

/*
 * Store len bytes (1 .. BT_OVERFLOW_MAX) of data as a new chain in rf; returns its first
 * block. Takes the meta page latch exclusively once per BT_OVERFLOW_BATCH pages (tree
 * readers and writers wait for it only to split a root or extend the file). The chain is
 * in the WAL before this returns; an ERROR (or crash) part way leaves the pages written so
 * far allocated and unreferenced.
 */
BlockNo
bt_overflow_write(RelFile rf, Xid xid, const void *data, uint32_t len)
{
    const uint32_t npages = (len + BT_OVERFLOW_DATA - 1) / BT_OVERFLOW_DATA;
    BlockNo next = INVALID_BLOCK;

    Assert(len > 0 && len <= BT_OVERFLOW_MAX);
    for (uint32_t end = npages; end > 0;) { /* invariant 12: last page first */
        uint32_t start = end > BT_OVERFLOW_BATCH ? end - BT_OVERFLOW_BATCH : 0;
        next = bt_overflow_write_batch(rf, xid, data, len, start, end, next);
        end = start;
    }
    return next;
}

/*
 * Copy the len bytes of the chain starting at first into out. Latches one page at a time,
 * shared, without the meta page latch (invariant 12). XX001 if a page is not the overflow
 * page the length says it should be.
 */
void
bt_overflow_read(RelFile rf, BlockNo first, void *out, uint32_t len)
{
    uint8_t *dst = out;
    BlockNo block = first;

    for (uint32_t done = 0; done < len;) {
        BufId buf = bt_overflow_pin(rf, block, BUF_SHARE);
        const uint8_t *page = buf_page(buf);
        BtOverflowHdr h = bt_overflow_hdr(page);
        uint32_t want = len - done < BT_OVERFLOW_DATA ? len - done : BT_OVERFLOW_DATA;
        if (h.used != want)
            bt_overflow_corrupt(rf, block);
        memcpy(dst + done, page + BT_OVERFLOW_DATA_OFF, want);
        done += want;
        block = h.next;
        bt_overflow_unpin(buf);
    }
}

/*
 * Put the chain of len bytes starting at first on the free list (invariant 13): walk to its
 * last page without the meta page latch (nobody else reaches a chain being freed), then,
 * under the exclusive meta page latch, link that page to the list's old head and make first
 * the head.
 * One WAL record: the meta page and the last page.
 */
void
bt_overflow_free(RelFile rf, Xid xid, BlockNo first, uint32_t len)
{
    const uint32_t npages = (len + BT_OVERFLOW_DATA - 1) / BT_OVERFLOW_DATA;
    BlockNo last = first;

    Assert(len > 0);
    for (uint32_t i = 1; i < npages; i++) {
        BufId buf = bt_overflow_pin(rf, last, BUF_SHARE);
        last = bt_overflow_hdr(buf_page(buf)).next;
        bt_overflow_unpin(buf);
    }
    BufId meta = bt_meta_lock(rf, BUF_EXCLUSIVE);
    BufId buf = bt_overflow_pin(rf, last, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add(ch, meta);
    wal_page_add(ch, buf);
    crit_begin();
    BtMeta *m = bt_meta(buf_page(meta));
    BtOverflowHdr h = bt_overflow_hdr(buf_page(buf));
    h.next = m->free_head;
    memcpy(buf_page(buf) + PAGE_HEADER_SIZE, &h, sizeof h);
    m->free_head = first;
    wal_page_finish(ch);
    crit_end();
    bt_overflow_unpin(buf);
    bt_unlock_release(meta);
}
