/*
 * bt_insert.c
 *     Insert and update: find the leaf, put the item, split a full page and post the
 *     separator to the parent (splitting it in turn when full), growing a new root when the
 *     root splits; and finishing a split a crash or an ERROR left incomplete.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. A split gives the left page the separator as its high key and links the new right
 *      page to it before any parent points to the right page: a search arriving in between
 *      reaches the right page's keys by moving right.
 *   8. A split is two WAL records (one for the root: it posts into a new root at once). The
 *      first writes both halves and flags the left page BT_FLAG_INCOMPLETE_SPLIT; the second
 *      posts the downlink into the parent and clears the flag (if the parent splits too,
 *      that split's first record does it). The splitter keeps the left page latched until
 *      the flag is cleared, so no other writer sees the flag unless the splitter crashed or
 *      failed; then the first writer latching the page finishes the split.
 *   9. Latch order: a page, then its parent (or a page to the right on the same level), then
 *      the meta page, then pages just extended. Never a lower level while holding a page.
 *  10. Leaf separators are the shortest prefix of the right page's first key that sorts
 *      after the left page's last key (suffix truncation); internal separators move up whole.
 *
 * Not here: descent (bt_search.c), deletion (bt_delete.c), layout (bt_page.c).
 */
#include "oak/oak.h"

#include "bt_internal.h"
#include "oak/utils/fault.h"

/* Most items a page can hold (empty leaf items), plus the one being added. */
enum { BT_SPLIT_MAX_ITEMS = OAK_PAGE_SIZE / (BT_LEAF_ITEM_HDR + BT_SLOT_SIZE) + 1 };

/* The key of a serialised item of a page at level. */
static const uint8_t *
bt_raw_key(const BtRawItem *it, uint16_t level, uint16_t *klen)
{
    memcpy(klen, it->data, sizeof *klen);
    return it->data + (level == 0 ? BT_LEAF_ITEM_HDR : BT_INTERNAL_ITEM_HDR);
}

/* Serialise key as a high key in the item format of level; returns its size. */
static uint16_t
bt_high_key_build(uint8_t *out, uint16_t level, const uint8_t *key, uint16_t klen)
{
    if (level == 0)
        return bt_leaf_item_build(out, key, klen, NULL, 0);
    return bt_child_item_build(out, key, klen, INVALID_BLOCK);
}

/*
 * Where to split: the number of items kept on the left, so the left half holds at most
 * half the bytes and at least one item, and the right at least one item. With items of at
 * most a quarter page, both halves then fit a page with their high keys.
 */
static uint32_t
bt_split_point(const BtRawItem *items, uint32_t n)
{
    uint32_t total = 0;
    uint32_t left = 0;
    uint32_t m = 0;

    for (uint32_t i = 0; i < n; i++)
        total += items[i].size + BT_SLOT_SIZE;
    while (m < n && left + items[m].size + BT_SLOT_SIZE <= total / 2)
        left += items[m++].size + BT_SLOT_SIZE;
    if (m == 0)
        m = 1;
    if (m >= n)
        m = n - 1;
    return m;
}

/*
 * Build a page image at level from items[from, to) and, unless high is NULL, the high key
 * high; XX000 if they do not fit.
 */
static void
bt_build_page(uint8_t *image,
              uint16_t level,
              const BtRawItem *items,
              uint32_t from,
              uint32_t to,
              const BtRawItem *high)
{
    bt_page_init(image, level);
    for (uint32_t i = from; i < to; i++)
        if (!bt_page_add_raw(image, (uint16_t)(i - from), items[i].data, items[i].size))
            elog_internal("B+ tree split half does not fit a page");
    if (high != NULL && !bt_page_add_raw(image, (uint16_t)(to - from), high->data, high->size))
        elog_internal("B+ tree split half does not fit a page");
}

/* What a page is to hold: the items of src (a page image) plus item at slot. */
typedef struct BtPut {
    const uint8_t *src;
    uint16_t slot;
    const BtRawItem *item;
} BtPut;

/* The pages of one split, built in memory before anything is logged. */
typedef struct BtSplit {
    BtRawItem items[BT_SPLIT_MAX_ITEMS]; /* the page's data items plus the new one, in order */
    uint32_t n;
    uint32_t m; /* items[0, m) go left, items[m, n) right */
    uint16_t level;
    const uint8_t *sep; /* separator posted to the parent: the left page's new high key */
    uint16_t sep_len;
    BtRawItem old_high;                  /* the page's high key (size 0 if rightmost) */
    uint8_t first[BT_INTERNAL_ITEM_HDR]; /* internal split: right page's minus infinity */
    uint8_t high[BT_INTERNAL_ITEM_HDR + BT_MAX_KEY]; /* the left page's new high key item */
    _Alignas(8) uint8_t copy[OAK_PAGE_SIZE];         /* the source page: items point into it */
    _Alignas(8) uint8_t left[OAK_PAGE_SIZE];
    _Alignas(8) uint8_t right[OAK_PAGE_SIZE];
    _Alignas(8) uint8_t root[OAK_PAGE_SIZE]; /* the new root, if the root splits */
} BtSplit;

/* Collect put's data items plus its item, choose the split point and the separator. */
static void
bt_split_plan(BtSplit *sp, BufId buf, const BtPut *put)
{
    memcpy(sp->copy, put->src, OAK_PAGE_SIZE); /* src may be buf's own page, rewritten later */
    uint16_t count = bt_page_ndata(sp->copy);
    sp->level = bt_page_level(sp->copy);
    sp->old_high.size = 0;
    if (count < bt_page_count(sp->copy))
        sp->old_high = bt_page_raw(sp->copy, count);
    sp->n = 0;
    for (uint16_t i = 0; i <= count; i++) {
        if (i == put->slot)
            sp->items[sp->n++] = *put->item;
        if (i < count)
            sp->items[sp->n++] = bt_page_raw(sp->copy, i);
    }
    if (sp->n < 2) /* an item that fits no empty page: only a page lying about its space */
        ereport(ERROR,
                err_code(SQLSTATE_INDEX_CORRUPTED),
                err_msg("B+ tree page in block %u has no room but one item", buf_block(buf)));
    sp->m = bt_split_point(sp->items, sp->n);

    BtRawItem *first = &sp->items[sp->m];
    sp->sep = bt_raw_key(first, sp->level, &sp->sep_len);
    if (sp->level == 0) { /* invariant 10: the shortest separator that works */
        uint16_t prev_len;
        const uint8_t *prev = bt_raw_key(&sp->items[sp->m - 1], 0, &prev_len);
        uint16_t common = 0;
        while (common < prev_len && common < sp->sep_len && prev[common] == sp->sep[common])
            common++;
        if (common >= sp->sep_len) /* keys strictly increase, so sep is longer than common */
            elog_internal("B+ tree leaf keys out of order");
        sp->sep_len = (uint16_t)(common + 1);
    }
    /* built before first is rewritten: for an internal page sep points into first */
    uint16_t high_size = bt_high_key_build(sp->high, sp->level, sp->sep, sp->sep_len);
    sp->sep = sp->high + (sp->level == 0 ? BT_LEAF_ITEM_HDR : BT_INTERNAL_ITEM_HDR);
    if (sp->level > 0) { /* the right page's first child now covers everything below its next key */
        BlockNo child;
        memcpy(&child, first->data + 2, sizeof child);
        first->size = bt_child_item_build(sp->first, NULL, 0, child);
        first->data = sp->first;
    }
    BtRawItem high = {.data = sp->high, .size = high_size};
    bt_build_page(sp->left, sp->level, sp->items, 0, sp->m, &high);
    bt_build_page(sp->right,
                  sp->level,
                  sp->items,
                  sp->m,
                  sp->n,
                  sp->old_high.size > 0 ? &sp->old_high : NULL);
    bt_page_set_right(sp->right, bt_page_right(sp->copy));
}

/* Build the new root over left (the old root, at level) and right. */
static void
bt_split_new_root(BtSplit *sp, BlockNo left, BlockNo right)
{
    bt_page_init(sp->root, (uint16_t)(sp->level + 1));
    if (!bt_page_add_child(sp->root, 0, NULL, 0, left) ||
        !bt_page_add_child(sp->root, 1, sp->sep, sp->sep_len, right))
        elog_internal("no room for separators in a new B+ tree root");
}

/*
 * Split buf, to hold put's contents, into buf and a new right sibling; clear (INVALID_BUF if
 * none) is a child whose split this one posts, and whose incomplete flag is cleared in the
 * same record. Caller holds buf and clear pinned and exclusively latched;
 * they stay so on return. Everything that can fail happens before the critical section.
 *
 * If buf is the root, one record covers it, its sibling, a new root and the meta page, and
 * the split is complete: returns false. Otherwise the record leaves buf flagged
 * BT_FLAG_INCOMPLETE_SPLIT (invariant 8) and this returns true: the caller posts it.
 */
static bool
bt_split(BtDescent *d, BufId buf, const BtPut *put, BufId clear)
{
    BtSplit *sp = mcx_alloc(sizeof(BtSplit));
    BlockNo right_block;
    BlockNo root_block = INVALID_BLOCK;
    BufId root_buf = INVALID_BUF;

    Assert(!(bt_page_flags(put->src) & BT_FLAG_INCOMPLETE_SPLIT));
    bt_split_plan(sp, buf, put);
    BufId meta = bt_meta_lock(d->rf, BUF_EXCLUSIVE);   /* invariant 9: pages -> meta -> new */
    BufId right_buf = buf_extend(d->rf, &right_block); /* serialised by the meta latch */
    buf_lock(right_buf, BUF_EXCLUSIVE);
    bt_page_set_right(sp->left, right_block);
    const bool is_root = bt_meta(buf_page(meta))->root == buf_block(buf);
    if (is_root) {
        root_buf = buf_extend(d->rf, &root_block);
        buf_lock(root_buf, BUF_EXCLUSIVE);
        bt_split_new_root(sp, buf_block(buf), right_block);
    } else {
        bt_unlock_release(meta);
        meta = INVALID_BUF;
        bt_page_set_flags(sp->left, BT_FLAG_INCOMPLETE_SPLIT);
    }

    WalPageChange *ch = wal_page_begin(d->xid);
    wal_page_add(ch, buf);
    wal_page_add_new(ch, right_buf);
    if (clear != INVALID_BUF)
        wal_page_add(ch, clear);
    if (is_root) {
        wal_page_add_new(ch, root_buf);
        wal_page_add(ch, meta);
    }
    crit_begin(); /* until crit_end(), ERROR means PANIC: pages would hold unlogged changes */
    memcpy(buf_page(buf), sp->left, OAK_PAGE_SIZE);
    memcpy(buf_page(right_buf), sp->right, OAK_PAGE_SIZE);
    if (clear != INVALID_BUF)
        bt_page_set_flags(buf_page(clear), 0);
    if (is_root) {
        BtMeta *m = bt_meta(buf_page(meta));
        memcpy(buf_page(root_buf), sp->root, OAK_PAGE_SIZE);
        m->root = root_block;
        m->height++;
    }
    wal_page_finish(ch);
    FAULT_POINT("btree-split"); /* doc/fault-injection.md: a crash right after the record */
    crit_end();

    bt_unlock_release(right_buf);
    if (is_root) {
        bt_unlock_release(root_buf);
        bt_unlock_release(meta);
    }
    mcx_free(sp);
    return !is_root;
}

/*
 * The leftmost page of level, found from the root by the meta page of now: the fallback
 * parent hint when the descent that led here started below level (the tree grew since).
 */
static BlockNo
bt_leftmost(BtDescent *d, uint32_t level)
{
    BufId meta = bt_meta_lock(d->rf, BUF_SHARE);
    const BtMeta *m = bt_meta(buf_page(meta));
    BlockNo block = m->root;
    uint32_t height = m->height;

    bt_unlock_release(meta);
    if (level >= height)
        elog_internal("B+ tree page at level %u below the root has no parent", level - 1);
    for (uint32_t l = height - 1; l > level; l--) {
        BufId buf = bt_read_page(d->rf, block, BUF_SHARE, l);
        block = bt_page_child(buf_page(buf), 0);
        bt_unlock_release(buf);
    }
    return block;
}

/*
 * The page at level holding the downlink to child, pinned and exclusively latched, with
 * the downlink's slot in *slot. Starts at the page the descent took at level (the
 * downlink is there or to its right: pages only split rightwards) and moves right,
 * finishing incomplete splits met on the way. Caller holds child latched (invariant 9).
 */
static BufId
bt_find_parent(BtDescent *d, BlockNo child, uint32_t level, uint16_t *slot)
{
    BlockNo block = level < d->height ? d->path[level] : bt_leftmost(d, level);

    for (;;) {
        BufId buf = bt_read_page(d->rf, block, BUF_EXCLUSIVE, level);
        const uint8_t *page = buf_page(buf);
        if (bt_page_flags(page) & BT_FLAG_INCOMPLETE_SPLIT) {
            bt_unlock_release(buf);
            bt_finish_split(d, block, level);
            continue;
        }
        uint16_t n = bt_page_ndata(page);
        for (uint16_t i = 0; i < n; i++)
            if (bt_page_child(page, i) == child) {
                *slot = i;
                d->path[level] = block;
                return buf;
            }
        BlockNo right = bt_page_right(page);
        bt_unlock_release(buf);
        if (right == INVALID_BLOCK)
            ereport(ERROR,
                    err_code(SQLSTATE_INDEX_CORRUPTED),
                    err_msg("B+ tree page in block %u of relation %u/%u has no parent",
                            child,
                            d->rf.db,
                            d->rf.rel));
        block = right;
    }
}

/*
 * Post the downlink of buf's right sibling (buf's high key -> right-link) into buf's parent
 * and clear buf's incomplete flag, in one record; a full parent splits in the same record
 * and is posted in turn, up to the root (invariant 8). Caller holds buf (at level, flagged)
 * pinned and exclusively latched; it is released here.
 */
static void
bt_post_split(BtDescent *d, BufId buf, uint32_t level)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];
    uint8_t raw[BT_INTERNAL_ITEM_HDR + BT_MAX_KEY];

    for (;;) {
        const uint8_t *page = buf_page(buf);
        uint16_t hlen;
        const uint8_t *high = bt_page_high_key(page, &hlen);
        if (high == NULL || !(bt_page_flags(page) & BT_FLAG_INCOMPLETE_SPLIT))
            elog_internal("B+ tree page in block %u has no split to finish", buf_block(buf));
        BtRawItem item = {.data = raw};
        item.size = bt_child_item_build(raw, high, hlen, bt_page_right(page));

        uint16_t slot;
        BufId parent = bt_find_parent(d, buf_block(buf), level + 1, &slot);
        memcpy(image, buf_page(parent), OAK_PAGE_SIZE);
        if (bt_page_add_raw(image, (uint16_t)(slot + 1), item.data, item.size)) {
            WalPageChange *ch = wal_page_begin(d->xid);
            wal_page_add(ch, buf);
            wal_page_add(ch, parent);
            crit_begin();
            bt_page_set_flags(buf_page(buf), 0);
            memcpy(buf_page(parent), image, OAK_PAGE_SIZE);
            wal_page_finish(ch);
            crit_end();
            bt_unlock_release(parent);
            bt_unlock_release(buf);
            return;
        }
        const BtPut put = {.src = image, .slot = (uint16_t)(slot + 1), .item = &item};
        bool more = bt_split(d, parent, &put, buf);
        bt_unlock_release(buf);
        if (!more) {
            bt_unlock_release(parent);
            return;
        }
        buf = parent;
        level++;
    }
}

/*
 * Finish the split of block (at level) if it is still flagged incomplete: a splitter
 * crashed or failed between its two records (invariant 8). This latches block and then
 * goes up only, so the caller may hold pages of lower levels, and nothing else
 * (invariant 9).
 */
void
bt_finish_split(BtDescent *d, BlockNo block, uint32_t level)
{
    BufId buf = bt_read_page(d->rf, block, BUF_EXCLUSIVE, level);

    if (!(bt_page_flags(buf_page(buf)) & BT_FLAG_INCOMPLETE_SPLIT)) {
        bt_unlock_release(buf); /* someone finished it meanwhile */
        return;
    }
    bt_post_split(d, buf, level);
}

/*
 * Replace the page of buf (pinned, exclusively latched) by image, WAL-logged. The caller
 * built image with everything that can fail already done.
 */
void
bt_page_write_image(BufId buf, Xid xid, const uint8_t *image)
{
    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add(ch, buf);
    crit_begin();
    memcpy(buf_page(buf), image, OAK_PAGE_SIZE);
    wal_page_finish(ch);
    crit_end();
}

/*
 * Make d's leaf hold src's items plus item at slot: in place if it fits, else by a split,
 * posted up the tree. Releases the leaf.
 */
static void
bt_leaf_put(BtDescent *d, const uint8_t *src, uint16_t slot, const BtRawItem *item)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];

    memcpy(image, src, OAK_PAGE_SIZE);
    if (bt_page_add_raw(image, slot, item->data, item->size)) {
        bt_page_write_image(d->page, d->xid, image);
        bt_unlock_release(d->page);
    } else if (bt_split(d,
                        d->page,
                        &(BtPut){.src = src, .slot = slot, .item = item},
                        INVALID_BUF)) {
        bt_post_split(d, d->page, 0);
    } else {
        bt_unlock_release(d->page);
    }
    d->page = INVALID_BUF;
}

/*
 * Insert key -> val; false, changing nothing, if key is present. Latches one page at a time
 * on the way down and the leaf exclusively; a split latches upwards from there (invariant
 * 9). Raises 54000 over the size limits, XX002 on a corrupt page.
 */
bool
bt_insert(RelFile rf, Xid xid, const void *key, uint32_t klen, const void *val, uint32_t vlen)
{
    uint8_t raw[BT_MAX_RAW_ITEM];
    BtDescent d = {.rf = rf, .xid = xid};
    bool found;

    bt_check_sizes(klen, vlen);
    bt_descend(&d, key, klen, true);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (found) {
        bt_unlock_release(d.page);
        return false;
    }
    BtRawItem item = {.data = raw};
    item.size = bt_leaf_item_build(raw, key, (uint16_t)klen, val, (uint16_t)vlen);
    bt_leaf_put(&d, page, slot, &item);
    return true;
}

/*
 * Replace the value of key; false if key is absent. A value of the same length is
 * overwritten in place; otherwise the item is rebuilt, splitting the leaf if it no longer
 * fits. Locking and errors as bt_insert.
 */
bool
bt_update(RelFile rf, Xid xid, const void *key, uint32_t klen, const void *val, uint32_t vlen)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];
    uint8_t raw[BT_MAX_RAW_ITEM];
    BtDescent d = {.rf = rf, .xid = xid};
    bool found;

    bt_check_sizes(klen, vlen);
    bt_descend(&d, key, klen, true);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (!found) {
        bt_unlock_release(d.page);
        return false;
    }
    uint16_t old_len;
    size_t old_off = (size_t)(bt_page_value(page, slot, &old_len) - page);
    memcpy(image, page, OAK_PAGE_SIZE);
    if (old_len == vlen) {
        if (vlen > 0)
            memcpy(image + old_off, val, vlen);
        bt_page_write_image(d.page, xid, image);
        bt_unlock_release(d.page);
        return true;
    }
    BtRawItem item = {.data = raw};
    item.size = bt_leaf_item_build(raw, key, (uint16_t)klen, val, (uint16_t)vlen);
    bt_page_remove(image, slot);
    bt_leaf_put(&d, image, slot, &item);
    return true;
}
