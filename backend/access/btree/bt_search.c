/*
 * bt_search.c
 *     Lehman-Yao descent from the root to a leaf (for readers and for writers), exact lookup,
 *     and range-scan cursors.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. A key at or past a page's high key moved right in a split: every search that lands
 *      on such a page follows the right-link. Pages are never freed, so a right-link read
 *      under a latch stays valid after the latch is released.
 *   5. Going down, one page latch at a time: the parent is released before the child is
 *      latched, so no latch is held while reading a lower level (nor across its I/O).
 *   6. A cursor holds no latch or pin between calls; it resumes after the last key it
 *      returned with a fresh descent.
 *   8. A writer finishes an incomplete split (BT_FLAG_INCOMPLETE_SPLIT) on any page it
 *      latches on the way down before going on; readers just follow the right-link.
 *
 * Not here: page layout (bt_page.c), insert/update/split (bt_insert.c), delete (bt_delete.c).
 */
#include "oak/oak.h"

#include "bt_internal.h"

static const uint8_t bt_empty_key[1] = {0};

void
bt_unlock_release(BufId buf)
{
    buf_unlock(buf);
    buf_release(buf);
}

/*
 * Pin and latch the meta page in mode and check it; XX002 if it is not a B+ tree meta page.
 * Holders latch nothing but new pages, overflow pages and nothing of the tree after it
 * (README "Locking": tree pages -> meta -> overflow and new pages).
 */
BufId
bt_meta_lock(RelFile rf, BufLockMode mode)
{
    BufId buf = buf_read(rf, BT_META_BLOCK);
    buf_lock(buf, mode);

    uint8_t *page = buf_page(buf);
    const BtMeta *meta = bt_meta(page);
    if (page_get_type(page) != PAGE_TYPE_BTREE_META || meta->magic != BT_META_MAGIC ||
        meta->version != BT_META_VERSION || meta->height == 0 || meta->height > BT_MAX_HEIGHT) {
        bt_unlock_release(buf);
        ereport(ERROR,
                err_code(SQLSTATE_INDEX_CORRUPTED),
                err_msg("invalid B+ tree meta page in relation %u/%u", rf.db, rf.rel));
    }
    return buf;
}

/* The root and the height, read under a short shared latch of the meta page. */
static BlockNo
bt_meta_root(RelFile rf, uint32_t *height)
{
    BufId meta = bt_meta_lock(rf, BUF_SHARE);
    const BtMeta *m = bt_meta(buf_page(meta));
    BlockNo root = m->root;

    *height = m->height;
    bt_unlock_release(meta);
    return root;
}

/* Pin and latch block, expecting a B+ tree page at level; XX002 otherwise. */
BufId
bt_read_page(RelFile rf, BlockNo block, BufLockMode mode, uint32_t level)
{
    if (block == INVALID_BLOCK || block == BT_META_BLOCK)
        ereport(ERROR,
                err_code(SQLSTATE_INDEX_CORRUPTED),
                err_msg("invalid B+ tree link to block %u in relation %u/%u",
                        block,
                        rf.db,
                        rf.rel));
    BufId buf = buf_read(rf, block);
    buf_lock(buf, mode);

    const uint8_t *page = buf_page(buf);
    bt_page_check(page, rf, block);
    if (bt_page_level(page) != level)
        ereport(ERROR,
                err_code(SQLSTATE_INDEX_CORRUPTED),
                err_msg("B+ tree page in block %u of relation %u/%u has the wrong level",
                        block,
                        rf.db,
                        rf.rel),
                err_detail("Expected level %u, found %u.", level, bt_page_level(page)));
    return buf;
}

/*
 * Descend to the leaf whose key range holds key (Lehman-Yao). d->rf (and d->xid for a
 * writer) are set by the caller. Internal pages are latched shared, one at a time
 * (invariant 5), moving right past pages whose high key is <= key (invariant 4); the leaf
 * is latched exclusive for a writer, shared for a reader. A writer meeting a page whose
 * split is incomplete finishes it and starts again from the root (invariant 8). On return
 * d->page is the leaf, pinned and latched, and d->path the page taken at each level.
 * Caller holds no latch of this tree.
 */
void
bt_descend(BtDescent *d, const void *key, uint32_t klen, bool write)
{
restart:;
    BlockNo block = bt_meta_root(d->rf, &d->height);
    uint32_t level = d->height - 1;

    for (;;) {
        const BufLockMode mode = write && level == 0 ? BUF_EXCLUSIVE : BUF_SHARE;
        BufId buf = bt_read_page(d->rf, block, mode, level);
        const uint8_t *page = buf_page(buf);
        for (;;) {
            if (write && (bt_page_flags(page) & BT_FLAG_INCOMPLETE_SPLIT)) {
                bt_unlock_release(buf);
                bt_finish_split(d, block, level);
                goto restart;
            }
            if (!bt_page_beyond(page, key, klen))
                break;
            block = bt_page_right(page);
            bt_unlock_release(buf);
            buf = bt_read_page(d->rf, block, mode, level);
            page = buf_page(buf);
        }
        d->path[level] = block;
        if (level == 0) {
            d->page = buf;
            return;
        }
        block = bt_page_child(page, bt_page_child_slot(page, key, klen));
        bt_unlock_release(buf);
        level--;
    }
}

/* Raise 54000 for a key or item over the limits of btree.h. */
void
bt_check_sizes(uint32_t klen, uint32_t vlen)
{
    if (klen > BT_MAX_KEY)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("index row size %u exceeds maximum %d", klen, BT_MAX_KEY),
                err_hint("Values larger than 1/8 of a page cannot be indexed."));
    if ((uint64_t)klen + vlen > BT_MAX_ITEM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("row is too big: size %llu, maximum size %d",
                        (unsigned long long)klen + vlen,
                        BT_MAX_ITEM));
}

/*
 * Look up key; on a hit copy its value into the current memory context. Latches one page at
 * a time, shared. A key over BT_MAX_KEY cannot be present: false.
 */
bool
bt_lookup(RelFile rf, const void *key, uint32_t klen, uint8_t **val, uint32_t *vlen)
{
    BtDescent d;
    bool found;

    if (klen > BT_MAX_KEY)
        return false;
    if (klen == 0)
        key = bt_empty_key;
    d.rf = rf;
    bt_descend(&d, key, klen, false);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (found) {
        uint16_t len;
        const uint8_t *v = bt_page_value(page, slot, &len);
        *val = mcx_alloc(len > 0 ? len : 1);
        memcpy(*val, v, len);
        *vlen = len;
    }
    bt_unlock_release(d.page);
    return found;
}

/* One item of the current batch, in the cursor's batch context. */
typedef struct BtCursorItem {
    uint8_t *key;
    uint8_t *val;
    uint16_t klen;
    uint16_t vlen;
} BtCursorItem;

struct BtCursor {
    RelFile rf;
    MemCtx *cx;       /* the cursor's own: this struct, bounds, the resume key */
    MemCtx *batch_cx; /* child of cx, reset for every leaf copied */
    uint8_t *lo;
    uint8_t *hi;
    uint32_t lo_len;
    uint32_t hi_len;
    bool has_lo;
    bool has_hi;
    bool lo_inclusive;
    bool hi_inclusive;
    uint8_t *resume; /* last key returned so far (BT_MAX_KEY bytes reserved) */
    uint32_t resume_len;
    bool has_resume;
    bool at_end; /* no batch will follow the current one */
    BtCursorItem *items;
    uint32_t nitems;
    uint32_t pos;
};

static uint8_t *
bt_copy_bound(const BtBound *b, uint32_t *len)
{
    uint8_t *copy = mcx_alloc(b->len > 0 ? b->len : 1);
    if (b->len > 0)
        memcpy(copy, b->key, b->len);
    *len = b->len;
    return copy;
}

/*
 * Open a scan over [lo, hi] in the current memory context; deleting that context (or
 * bt_cursor_close) frees it. Nothing is latched until the first bt_cursor_next.
 */
BtCursor *
bt_cursor_open(RelFile rf, const BtBound *lo, const BtBound *hi)
{
    MemCtx *cx = mcx_create(mcx_current, "btree cursor");
    MemCtx *saved = mcx_switch(cx);
    BtCursor *cur = mcx_alloc0(sizeof(BtCursor));

    cur->rf = rf;
    cur->cx = cx;
    cur->batch_cx = mcx_create(cx, "btree cursor batch");
    cur->resume = mcx_alloc(BT_MAX_KEY);
    if (lo != NULL) {
        cur->has_lo = true;
        cur->lo_inclusive = lo->inclusive;
        cur->lo = bt_copy_bound(lo, &cur->lo_len);
    }
    if (hi != NULL) {
        cur->has_hi = true;
        cur->hi_inclusive = hi->inclusive;
        cur->hi = bt_copy_bound(hi, &cur->hi_len);
    }
    mcx_switch(saved);
    return cur;
}

/* True if key lies beyond the cursor's upper bound. */
static bool
bt_cursor_past_hi(const BtCursor *cur, const uint8_t *key, uint16_t klen)
{
    if (!cur->has_hi)
        return false;
    int c = bt_key_cmp(key, klen, cur->hi, cur->hi_len);
    return cur->hi_inclusive ? c > 0 : c >= 0;
}

/*
 * Copy the qualifying items of one leaf, starting at slot, into the batch. Returns false
 * once an item beyond the upper bound is met.
 */
static bool
bt_cursor_copy_leaf(BtCursor *cur, const uint8_t *page, uint16_t slot)
{
    uint16_t n = bt_page_ndata(page);

    cur->items = mcx_alloc_in(cur->batch_cx, sizeof(BtCursorItem) * (n > slot ? n - slot : 1));
    for (uint16_t i = slot; i < n; i++) {
        BtCursorItem *it = &cur->items[cur->nitems];
        const uint8_t *key = bt_page_key(page, i, &it->klen);
        const uint8_t *val = bt_page_value(page, i, &it->vlen);
        if (bt_cursor_past_hi(cur, key, it->klen))
            return false;
        it->key = mcx_alloc_in(cur->batch_cx, (size_t)it->klen + it->vlen + 1);
        memcpy(it->key, key, it->klen);
        it->val = it->key + it->klen;
        memcpy(it->val, val, it->vlen);
        cur->nitems++;
    }
    return true;
}

/*
 * Fill the batch from the first leaf, at or right of the start key's leaf, holding a
 * qualifying key. Latches one leaf at a time, shared, following right-links.
 */
static void
bt_cursor_fetch(BtCursor *cur)
{
    const uint8_t *start = bt_empty_key;
    uint32_t start_len = 0;
    bool exclusive = false;
    BtDescent d;

    if (cur->has_resume) {
        start = cur->resume;
        start_len = cur->resume_len;
        exclusive = true;
    } else if (cur->has_lo) {
        start = cur->lo_len > 0 ? cur->lo : bt_empty_key;
        start_len = cur->lo_len;
        exclusive = !cur->lo_inclusive;
    }
    mcx_reset(cur->batch_cx);
    cur->items = NULL;
    cur->nitems = 0;
    cur->pos = 0;

    d.rf = cur->rf;
    bt_descend(&d, start, start_len, false);
    for (;;) {
        const uint8_t *page = buf_page(d.page);
        bool found;
        uint16_t slot = bt_page_lower_bound(page, start, start_len, &found);
        if (found && exclusive)
            slot++;
        BlockNo right = bt_page_right(page);
        if (!bt_cursor_copy_leaf(cur, page, slot) || right == INVALID_BLOCK) {
            cur->at_end = true;
            break;
        }
        if (cur->nitems > 0)
            break;
        bt_unlock_release(d.page);
        d.page = bt_read_page(cur->rf, right, BUF_SHARE, 0);
    }
    bt_unlock_release(d.page);

    if (cur->nitems > 0) {
        const BtCursorItem *last = &cur->items[cur->nitems - 1];
        memcpy(cur->resume, last->key, last->klen);
        cur->resume_len = last->klen;
        cur->has_resume = true;
    }
}

/*
 * Next item of the scan; key and value point into the cursor's memory, valid until the
 * next call or close. False at the end. Latches nothing between calls (invariant 6).
 */
bool
bt_cursor_next(
    BtCursor *cur, const uint8_t **key, uint32_t *klen, const uint8_t **val, uint32_t *vlen)
{
    while (cur->pos >= cur->nitems) {
        if (cur->at_end)
            return false;
        bt_cursor_fetch(cur);
    }

    const BtCursorItem *it = &cur->items[cur->pos++];
    *key = it->key;
    *klen = it->klen;
    *val = it->val;
    *vlen = it->vlen;
    return true;
}

void
bt_cursor_close(BtCursor *cur)
{
    mcx_delete(cur->cx);
}
