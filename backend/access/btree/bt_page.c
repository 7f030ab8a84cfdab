/*
 * bt_page.c
 *     Layout of B+ tree pages: the meta page, and the slotted leaf and internal pages
 *     described in bt_internal.h. Pure functions of page bytes: no buffers, no latches, no
 *     WAL, so the unit tests drive them on plain arrays.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. Slots are in strictly increasing key order (memcmp, a prefix sorts first).
 *   2. Items are packed between upper and the special area without holes; free space is
 *      exactly upper - lower. An add that does not fit is refused and changes nothing.
 *   3. A page with a right sibling ends with its high key, which sorts after its other keys;
 *      searches look at the data slots before it only.
 *
 * Bytes read from a page are checked before they are trusted: a slot or length pointing
 * outside the page raises XX002 rather than reading past it.
 *
 * Not here: descent (bt_search.c), splits (bt_insert.c).
 */
#include "oak/oak.h"

#include "bt_internal.h"

static BtOpaque *
bt_opaque(uint8_t *page)
{
    return (BtOpaque *)page_special(page);
}

static const BtOpaque *
bt_opaque_const(const uint8_t *page)
{
    return (const BtOpaque *)(page + page_header_const(page)->special);
}

static uint16_t
bt_get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint16_t *
bt_slots(uint8_t *page)
{
    return (uint16_t *)(page + PAGE_HEADER_SIZE);
}

static uint16_t
bt_slot_offset(const uint8_t *page, uint16_t slot)
{
    return bt_get16(page + PAGE_HEADER_SIZE + (size_t)slot * BT_SLOT_SIZE);
}

static void __attribute__((noreturn)) bt_page_corrupt(const char *what)
{
    ereport(ERROR, err_code(SQLSTATE_INDEX_CORRUPTED), err_msg("corrupted B+ tree page: %s", what));
    __builtin_unreachable();
}

void
bt_page_init(uint8_t *page, uint16_t level)
{
    page_init(page, level == 0 ? PAGE_TYPE_BTREE_LEAF : PAGE_TYPE_BTREE_INTERNAL, sizeof(BtOpaque));
    BtOpaque *op = bt_opaque(page);
    op->right = INVALID_BLOCK;
    op->level = level;
}

/* The meta page of a new tree. lower covers BtMeta, so a full-page image keeps it. */
void
bt_meta_page_init(uint8_t *page, BlockNo root)
{
    page_init(page, PAGE_TYPE_BTREE_META, 0);
    BtMeta *meta = bt_meta(page);
    meta->magic = BT_META_MAGIC;
    meta->version = BT_META_VERSION;
    meta->root = root;
    meta->height = 1;
    meta->next_rowid = 1;
    page_header(page)->lower = PAGE_HEADER_SIZE + sizeof(BtMeta);
}

BtMeta *
bt_meta(uint8_t *page)
{
    return (BtMeta *)(page + PAGE_HEADER_SIZE);
}

bool
bt_page_is_leaf(const uint8_t *page)
{
    return page_get_type(page) == PAGE_TYPE_BTREE_LEAF;
}

uint16_t
bt_page_level(const uint8_t *page)
{
    return bt_opaque_const(page)->level;
}

BlockNo
bt_page_right(const uint8_t *page)
{
    return bt_opaque_const(page)->right;
}

void
bt_page_set_right(uint8_t *page, BlockNo right)
{
    bt_opaque(page)->right = right;
}

uint16_t
bt_page_flags(const uint8_t *page)
{
    return bt_opaque_const(page)->flags;
}

void
bt_page_set_flags(uint8_t *page, uint16_t flags)
{
    bt_opaque(page)->flags = flags;
}

/* All slots, the high key included. */
uint16_t
bt_page_count(const uint8_t *page)
{
    return (uint16_t)((page_header_const(page)->lower - PAGE_HEADER_SIZE) / BT_SLOT_SIZE);
}

/* The data slots: all but the high key (invariant 3). */
uint16_t
bt_page_ndata(const uint8_t *page)
{
    uint16_t n = bt_page_count(page);

    if (bt_page_right(page) == INVALID_BLOCK)
        return n;
    if (n == 0)
        bt_page_corrupt("page with a right sibling has no high key");
    return (uint16_t)(n - 1);
}

/* The high key (exclusive upper bound of the page's keys); NULL on the rightmost page. */
const uint8_t *
bt_page_high_key(const uint8_t *page, uint16_t *klen)
{
    if (bt_page_right(page) == INVALID_BLOCK)
        return NULL;
    return bt_page_key(page, bt_page_ndata(page), klen);
}

/*
 * True if key lies at or past the page's high key: it moved to a right sibling in a split
 * that the path followed did not know of yet, and the search must follow the right-link.
 */
bool
bt_page_beyond(const uint8_t *page, const void *key, uint32_t klen)
{
    uint16_t hlen;
    const uint8_t *high = bt_page_high_key(page, &hlen);

    return high != NULL && bt_key_cmp(key, klen, high, hlen) >= 0;
}

/*
 * Check the header of a leaf or internal page just latched: type, bounds and the special
 * area. Item offsets are checked when read (bt_page_raw).
 */
void
bt_page_check(const uint8_t *page, RelFile rf, BlockNo block)
{
    const PageHeader *h = page_header_const(page);
    uint16_t type = h->type;
    bool ok = (type == PAGE_TYPE_BTREE_LEAF || type == PAGE_TYPE_BTREE_INTERNAL) &&
              h->special == OAK_PAGE_SIZE - sizeof(BtOpaque) && h->lower >= PAGE_HEADER_SIZE &&
              (h->lower - PAGE_HEADER_SIZE) % BT_SLOT_SIZE == 0 && h->lower <= h->upper &&
              h->upper <= h->special &&
              (type == PAGE_TYPE_BTREE_LEAF) == (bt_opaque_const(page)->level == 0);

    if (!ok)
        ereport(ERROR,
                err_code(SQLSTATE_INDEX_CORRUPTED),
                err_msg("invalid B+ tree page in block %u of relation %u/%u", block, rf.db, rf.rel),
                err_detail("Page type %u, lower %u, upper %u, special %u.",
                           type,
                           h->lower,
                           h->upper,
                           h->special));
}

/* The serialised item at slot, its size taken from its own length fields. */
BtRawItem
bt_page_raw(const uint8_t *page, uint16_t slot)
{
    const PageHeader *h = page_header_const(page);
    uint16_t off = bt_slot_offset(page, slot);
    bool leaf = bt_page_is_leaf(page);
    uint32_t hdr = leaf ? BT_LEAF_ITEM_HDR : BT_INTERNAL_ITEM_HDR;

    Assert(slot < bt_page_count(page));
    if (off < h->upper || (uint32_t)off + hdr > h->special)
        bt_page_corrupt("item offset out of bounds");
    uint32_t size = hdr + bt_get16(page + off);
    if (leaf)
        size += bt_get16(page + off + 2);
    if ((uint32_t)off + size > h->special)
        bt_page_corrupt("item length out of bounds");
    return (BtRawItem){.data = page + off, .size = (uint16_t)size};
}

const uint8_t *
bt_page_key(const uint8_t *page, uint16_t slot, uint16_t *klen)
{
    BtRawItem it = bt_page_raw(page, slot);
    *klen = bt_get16(it.data);
    return it.data + (bt_page_is_leaf(page) ? BT_LEAF_ITEM_HDR : BT_INTERNAL_ITEM_HDR);
}

const uint8_t *
bt_page_value(const uint8_t *page, uint16_t slot, uint16_t *vlen)
{
    BtRawItem it = bt_page_raw(page, slot);
    Assert(bt_page_is_leaf(page));
    *vlen = bt_get16(it.data + 2);
    return it.data + BT_LEAF_ITEM_HDR + bt_get16(it.data);
}

BlockNo
bt_page_child(const uint8_t *page, uint16_t slot)
{
    BtRawItem it = bt_page_raw(page, slot);
    BlockNo child;
    Assert(!bt_page_is_leaf(page));
    memcpy(&child, it.data + 2, sizeof child);
    return child;
}

/* memcmp order; a key that is a prefix of the other sorts first. */
int
bt_key_cmp(const void *a, uint32_t alen, const void *b, uint32_t blen)
{
    uint32_t common = alen < blen ? alen : blen;
    int c = common > 0 ? memcmp(a, b, common) : 0;
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* Leaf: the first data slot whose key is >= key (ndata if none); *found if it is equal. */
uint16_t
bt_page_lower_bound(const uint8_t *page, const void *key, uint32_t klen, bool *found)
{
    const uint16_t n = bt_page_ndata(page);
    uint16_t lo = 0;
    uint16_t hi = n;

    while (lo < hi) {
        uint16_t mid = (uint16_t)(lo + (hi - lo) / 2);
        uint16_t mlen;
        const uint8_t *mkey = bt_page_key(page, mid, &mlen);
        if (bt_key_cmp(mkey, mlen, key, klen) < 0)
            lo = (uint16_t)(mid + 1);
        else
            hi = mid;
    }
    if (found != NULL) {
        *found = false;
        if (lo < n) {
            uint16_t flen;
            const uint8_t *fkey = bt_page_key(page, lo, &flen);
            *found = bt_key_cmp(fkey, flen, key, klen) == 0;
        }
    }
    return lo;
}

/*
 * Internal page: the slot of the child whose key range holds key, i.e. the last data slot
 * whose separator is <= key; slot 0 (minus infinity) if none. The caller has moved right
 * past pages whose high key is <= key.
 */
uint16_t
bt_page_child_slot(const uint8_t *page, const void *key, uint32_t klen)
{
    uint16_t n = bt_page_ndata(page);
    uint16_t lo = 1;
    uint16_t hi = n;

    if (n == 0)
        bt_page_corrupt("internal page without children");
    while (lo < hi) { /* first slot in [1, n) whose separator is > key */
        uint16_t mid = (uint16_t)(lo + (hi - lo) / 2);
        uint16_t mlen;
        const uint8_t *mkey = bt_page_key(page, mid, &mlen);
        if (bt_key_cmp(mkey, mlen, key, klen) <= 0)
            lo = (uint16_t)(mid + 1);
        else
            hi = mid;
    }
    return (uint16_t)(lo - 1);
}

/* Put a serialised item at slot (shifting later slots); false, page unchanged, if no room. */
bool
bt_page_add_raw(uint8_t *page, uint16_t slot, const void *raw, uint16_t size)
{
    PageHeader *h = page_header(page);
    uint16_t n = bt_page_count(page);
    uint16_t *slots = bt_slots(page);

    Assert(slot <= n);
    if (page_free_space(page) < (uint32_t)size + BT_SLOT_SIZE)
        return false;
    h->upper = (uint16_t)(h->upper - size);
    memcpy(page + h->upper, raw, size);
    memmove(slots + slot + 1, slots + slot, (size_t)(n - slot) * BT_SLOT_SIZE);
    uint16_t off = h->upper;
    memcpy(slots + slot, &off, sizeof off);
    h->lower = (uint16_t)(h->lower + BT_SLOT_SIZE);
    return true;
}

/* Remove the item at slot and close the hole it leaves (invariant 2). */
void
bt_page_remove(uint8_t *page, uint16_t slot)
{
    PageHeader *h = page_header(page);
    uint16_t n = bt_page_count(page);
    uint16_t *slots = bt_slots(page);
    BtRawItem it = bt_page_raw(page, slot);
    uint16_t off = (uint16_t)(it.data - page);

    memmove(page + h->upper + it.size, page + h->upper, (size_t)(off - h->upper));
    memset(page + h->upper, 0, it.size);
    h->upper = (uint16_t)(h->upper + it.size);
    memmove(slots + slot, slots + slot + 1, (size_t)(n - slot - 1) * BT_SLOT_SIZE);
    h->lower = (uint16_t)(h->lower - BT_SLOT_SIZE);
    for (uint16_t i = 0; i + 1 < n; i++) {
        uint16_t o = bt_slot_offset(page, i);
        if (o < off) {
            o = (uint16_t)(o + it.size);
            memcpy(slots + i, &o, sizeof o);
        }
    }
    memset(page + h->lower, 0, BT_SLOT_SIZE);
}

/* Serialise a leaf item into out (BT_MAX_RAW_ITEM bytes); returns its size. */
uint16_t
bt_leaf_item_build(uint8_t *out, const void *key, uint16_t klen, const void *val, uint16_t vlen)
{
    Assert(klen <= BT_MAX_KEY && (uint32_t)klen + vlen <= BT_MAX_ITEM);
    memcpy(out, &klen, sizeof klen);
    memcpy(out + 2, &vlen, sizeof vlen);
    if (klen > 0)
        memcpy(out + BT_LEAF_ITEM_HDR, key, klen);
    if (vlen > 0)
        memcpy(out + BT_LEAF_ITEM_HDR + klen, val, vlen);
    return (uint16_t)(BT_LEAF_ITEM_HDR + klen + vlen);
}

/* Serialise an internal item into out; returns its size. */
uint16_t
bt_child_item_build(uint8_t *out, const void *key, uint16_t klen, BlockNo child)
{
    Assert(klen <= BT_MAX_KEY);
    memcpy(out, &klen, sizeof klen);
    memcpy(out + 2, &child, sizeof child);
    if (klen > 0)
        memcpy(out + BT_INTERNAL_ITEM_HDR, key, klen);
    return (uint16_t)(BT_INTERNAL_ITEM_HDR + klen);
}

bool
bt_page_add_leaf(
    uint8_t *page, uint16_t slot, const void *key, uint16_t klen, const void *val, uint16_t vlen)
{
    uint8_t raw[BT_MAX_RAW_ITEM];
    uint16_t size = bt_leaf_item_build(raw, key, klen, val, vlen);
    return bt_page_add_raw(page, slot, raw, size);
}

bool
bt_page_add_child(uint8_t *page, uint16_t slot, const void *key, uint16_t klen, BlockNo child)
{
    uint8_t raw[BT_INTERNAL_ITEM_HDR + BT_MAX_KEY];
    uint16_t size = bt_child_item_build(raw, key, klen, child);
    return bt_page_add_raw(page, slot, raw, size);
}
