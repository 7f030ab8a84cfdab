/*
 * bt_insert.c
 *     Insert and update: find the leaf, put the item, split a full page and post the
 *     separator to the parent, growing a new root when the root splits.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. A split finds room for its separator in the parent (the writer's descent made it),
 *      so one split changes at most four pages: the page, its new right sibling, and the
 *      parent, or for the root a new root plus the meta page. That is one WAL record, and
 *      redo applies it whole: after a crash the tree is as before the split or as after.
 *   5. Leaf separators are the shortest prefix of the right page's first key that sorts
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

/*
 * Where to split: the number of items kept on the left, so the left half holds at most
 * half the bytes and at least one item, and the right at least one item. With items of at
 * most a quarter page, both halves then fit a page.
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

/* Build a page image at level from items[from, to); XX000 if they do not fit. */
static void
bt_build_page(uint8_t *image, uint16_t level, const BtRawItem *items, uint32_t from, uint32_t to)
{
    bt_page_init(image, level);
    for (uint32_t i = from; i < to; i++)
        if (!bt_page_add_raw(image, (uint16_t)(i - from), items[i].data, items[i].size))
            elog_internal("B+ tree split half does not fit a page");
}

/* The pages of one split, built in memory before anything is logged. */
typedef struct BtSplit {
    BtRawItem items[BT_SPLIT_MAX_ITEMS]; /* the page's items plus the new one, in order */
    uint32_t n;
    uint32_t m; /* items[0, m) go left, items[m, n) right */
    uint16_t level;
    const uint8_t *sep; /* separator posted to the parent */
    uint16_t sep_len;
    uint8_t first[BT_INTERNAL_ITEM_HDR];     /* internal split: right page's minus infinity */
    _Alignas(8) uint8_t copy[OAK_PAGE_SIZE]; /* the source page: items point into it */
    _Alignas(8) uint8_t left[OAK_PAGE_SIZE];
    _Alignas(8) uint8_t right[OAK_PAGE_SIZE];
    _Alignas(8) uint8_t upper[OAK_PAGE_SIZE]; /* the parent, or the new root */
} BtSplit;

/* Collect src's items plus item at slot, choose the split point and the separator. */
static void
bt_split_plan(BtSplit *sp, BufId buf, const uint8_t *src, uint16_t slot, const BtRawItem *item)
{
    memcpy(sp->copy, src, OAK_PAGE_SIZE); /* src may be buf's own page, rewritten later */
    uint16_t count = bt_page_count(sp->copy);
    sp->level = bt_page_level(sp->copy);
    sp->n = 0;
    for (uint16_t i = 0; i <= count; i++) {
        if (i == slot && item != NULL)
            sp->items[sp->n++] = *item;
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
    if (sp->level == 0) { /* invariant 5: the shortest separator that works */
        uint16_t prev_len;
        const uint8_t *prev = bt_raw_key(&sp->items[sp->m - 1], 0, &prev_len);
        uint16_t common = 0;
        while (common < prev_len && common < sp->sep_len && prev[common] == sp->sep[common])
            common++;
        if (common >= sp->sep_len) /* keys strictly increase, so sep is longer than common */
            elog_internal("B+ tree leaf keys out of order");
        sp->sep_len = (uint16_t)(common + 1);
    } else { /* the right page's first child now covers everything below its next key */
        BlockNo child;
        memcpy(&child, first->data + 2, sizeof child);
        first->size = bt_child_item_build(sp->first, NULL, 0, child);
        first->data = sp->first;
    }
}

/*
 * Split d->page, whose contents are src plus (unless item is NULL) item at slot, into that
 * page and a new right sibling, and post the separator into d->parent after d->parent_slot,
 * or, if there is no parent (d->page is the root), into a new root. Caller holds the tree
 * lock exclusively and d->page and d->parent pinned and exclusively latched; they stay so
 * on return. Everything that can fail happens before the critical section; one WAL record
 * covers all the pages (invariant 4).
 */
void
bt_split(BtDescent *d, Xid xid, const uint8_t *src, uint16_t slot, const BtRawItem *item)
{
    BufId buf = d->page;
    BufId parent = d->parent;
    BtSplit sp;
    BlockNo right_block;
    BlockNo root_block = INVALID_BLOCK;
    BufId root_buf = INVALID_BUF;

    bt_split_plan(&sp, buf, src, slot, item);
    BufId right_buf = buf_extend(d->rf, &right_block);
    buf_lock(right_buf, BUF_EXCLUSIVE);
    bt_build_page(sp.left, sp.level, sp.items, 0, sp.m);
    bt_build_page(sp.right, sp.level, sp.items, sp.m, sp.n);
    bt_page_set_right(sp.right, bt_page_right(sp.copy));
    bt_page_set_right(sp.left, right_block);
    if (parent != INVALID_BUF) {
        memcpy(sp.upper, buf_page(parent), OAK_PAGE_SIZE);
        if (!bt_page_add_child(sp.upper,
                               (uint16_t)(d->parent_slot + 1),
                               sp.sep,
                               sp.sep_len,
                               right_block))
            elog_internal("no room for a separator in B+ tree parent page");
    } else {
        root_buf = buf_extend(d->rf, &root_block);
        buf_lock(root_buf, BUF_EXCLUSIVE);
        bt_page_init(sp.upper, (uint16_t)(sp.level + 1));
        if (!bt_page_add_child(sp.upper, 0, NULL, 0, buf_block(buf)) ||
            !bt_page_add_child(sp.upper, 1, sp.sep, sp.sep_len, right_block))
            elog_internal("no room for separators in a new B+ tree root");
    }

    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add(ch, buf);
    wal_page_add_new(ch, right_buf);
    if (parent != INVALID_BUF) {
        wal_page_add(ch, parent);
    } else {
        wal_page_add_new(ch, root_buf);
        wal_page_add(ch, d->meta);
    }

    crit_begin(); /* until crit_end(), ERROR means PANIC: pages would hold unlogged changes */
    memcpy(buf_page(buf), sp.left, OAK_PAGE_SIZE);
    memcpy(buf_page(right_buf), sp.right, OAK_PAGE_SIZE);
    if (parent != INVALID_BUF) {
        memcpy(buf_page(parent), sp.upper, OAK_PAGE_SIZE);
    } else {
        BtMeta *meta = bt_meta(buf_page(d->meta));
        memcpy(buf_page(root_buf), sp.upper, OAK_PAGE_SIZE);
        meta->root = root_block;
        meta->height++;
    }
    wal_page_finish(ch);
    FAULT_POINT("btree-split");
    crit_end();

    buf_unlock(right_buf);
    buf_release(right_buf);
    if (root_buf != INVALID_BUF) {
        buf_unlock(root_buf);
        buf_release(root_buf);
    }
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

/* Make d's leaf hold src's items plus item at slot: in place if it fits, else by a split. */
static void
bt_leaf_put(BtDescent *d, Xid xid, const uint8_t *src, uint16_t slot, const BtRawItem *item)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];

    memcpy(image, src, OAK_PAGE_SIZE);
    if (bt_page_add_raw(image, slot, item->data, item->size))
        bt_page_write_image(d->page, xid, image);
    else
        bt_split(d, xid, src, slot, item);
}

/*
 * Insert key -> val; false, changing nothing, if key is present. Takes and releases the
 * tree lock exclusively. Raises 54000 over the size limits, XX002 on a corrupt page.
 */
bool
bt_insert(RelFile rf, Xid xid, const void *key, uint32_t klen, const void *val, uint32_t vlen)
{
    uint8_t raw[BT_MAX_RAW_ITEM];
    BtDescent d;
    bool found;

    bt_check_sizes(klen, vlen);
    bt_tree_lock(&d, rf, BUF_EXCLUSIVE);
    bt_descend_write(&d, xid, key, klen, true);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (!found) {
        BtRawItem item = {.data = raw};
        item.size = bt_leaf_item_build(raw, key, (uint16_t)klen, val, (uint16_t)vlen);
        bt_leaf_put(&d, xid, page, slot, &item);
    }
    bt_tree_unlock(&d);
    return !found;
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
    BtDescent d;
    bool found;

    bt_check_sizes(klen, vlen);
    bt_tree_lock(&d, rf, BUF_EXCLUSIVE);
    bt_descend_write(&d, xid, key, klen, true);

    const uint8_t *page = buf_page(d.page);
    uint16_t slot = bt_page_lower_bound(page, key, klen, &found);
    if (found) {
        uint16_t old_len;
        size_t old_off = (size_t)(bt_page_value(page, slot, &old_len) - page);
        memcpy(image, page, OAK_PAGE_SIZE);
        if (old_len == vlen) {
            if (vlen > 0)
                memcpy(image + old_off, val, vlen);
            bt_page_write_image(d.page, xid, image);
        } else {
            BtRawItem item = {.data = raw};
            item.size = bt_leaf_item_build(raw, key, (uint16_t)klen, val, (uint16_t)vlen);
            bt_page_remove(image, slot);
            bt_leaf_put(&d, xid, image, slot, &item);
        }
    }
    bt_tree_unlock(&d);
    return found;
}
