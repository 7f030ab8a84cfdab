/*
 * bt_internal.h
 *     Private to backend/access/btree: the on-page formats (meta page, slotted leaf and
 *     internal pages), page-level operations (bt_page.c), descent (bt_search.c) and split
 *     (bt_insert.c) shared between the files of this folder.
 *
 * Page layout (after the 24-byte PageHeader of page.h):
 *
 *     [PageHeader][slot 0][slot 1]...  -> lower   free   upper <- ...[item][item][BtOpaque]
 *
 * A slot is the uint16 offset of its item; slots are kept in key order. Items are packed
 * between upper and the special area with no holes (a delete compacts at once), so the free
 * space is always exactly upper - lower. Item formats (fields unaligned, read with memcpy):
 *     leaf:     klen u16, vlen u16, key bytes, value bytes
 *     internal: klen u16, child u32, key bytes; slot 0's key is empty and means minus infinity
 * A page with a right sibling (right != INVALID_BLOCK) ends with one more item, its high key:
 * the exclusive upper bound of its keys, in the page's own item format (vlen 0 on a leaf,
 * child INVALID_BLOCK on an internal page). It sorts after every other key of the page, so
 * slot order stays key order; the data items are slots [0, bt_page_ndata()).
 * Block 0 is the meta page: a BtMeta right after the header. Overflow pages (bt_overflow.c)
 * hold BtOverflowHdr (next block, bytes used) after the header, then data.
 */
#ifndef OAK_ACCESS_BTREE_BT_INTERNAL_H
#define OAK_ACCESS_BTREE_BT_INTERNAL_H

#include "oak/oak.h"
#include "oak/access/btree.h"
#include "oak/access/page.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"

enum {
    BT_META_BLOCK = 0,
    BT_META_MAGIC = 0x4F414B42, /* "OAKB" */
    BT_META_VERSION = 2,        /* 2: high keys on every page with a right sibling */
    BT_LEAF_ITEM_HDR = 4,       /* klen + vlen */
    BT_INTERNAL_ITEM_HDR = 6,   /* klen + child */
    BT_SLOT_SIZE = 2,
    BT_MAX_HEIGHT = 64, /* far above any real tree (four items fit any page) */
    BT_MAX_RAW_ITEM = BT_LEAF_ITEM_HDR + BT_MAX_ITEM, /* largest serialised item */
};

/* Contents of the meta page, right after the page header. */
typedef struct BtMeta {
    uint32_t magic;
    uint32_t version;
    BlockNo root;
    uint32_t height;     /* levels, leaves included: 1 = the root is a leaf */
    uint64_t next_rowid; /* the value bt_next_rowid() returns next */
    BlockNo free_head;   /* first free overflow page; 0 (the meta block) = none */
    uint32_t pad;
} BtMeta;

/* Special area of leaf and internal pages. */
typedef struct BtOpaque {
    BlockNo right;  /* right sibling on the same level, INVALID_BLOCK on the rightmost */
    uint16_t level; /* 0 = leaf */
    uint16_t flags; /* BT_FLAG_* */
} BtOpaque;

enum {
    /*
     * The page split and its right sibling has no downlink in the parent yet (README
     * invariant 4): the next writer that latches the page posts it before anything else.
     */
    BT_FLAG_INCOMPLETE_SPLIT = 1,
};

/* One serialised item (leaf or internal format), as stored on a page. */
typedef struct BtRawItem {
    const uint8_t *data;
    uint16_t size;
} BtRawItem;

/* bt_page.c: layout of leaf and internal pages */
void bt_page_init(uint8_t *page, uint16_t level);
void bt_meta_page_init(uint8_t *page, BlockNo root);
BtMeta *bt_meta(uint8_t *page);
bool bt_page_is_leaf(const uint8_t *page);
uint16_t bt_page_level(const uint8_t *page);
BlockNo bt_page_right(const uint8_t *page);
void bt_page_set_right(uint8_t *page, BlockNo right);
uint16_t bt_page_flags(const uint8_t *page);
void bt_page_set_flags(uint8_t *page, uint16_t flags);
uint16_t bt_page_count(const uint8_t *page);
uint16_t bt_page_ndata(const uint8_t *page);
const uint8_t *bt_page_high_key(const uint8_t *page, uint16_t *klen);
bool bt_page_beyond(const uint8_t *page, const void *key, uint32_t klen);
BtRawItem bt_page_raw(const uint8_t *page, uint16_t slot);
const uint8_t *bt_page_key(const uint8_t *page, uint16_t slot, uint16_t *klen);
const uint8_t *bt_page_value(const uint8_t *page, uint16_t slot, uint16_t *vlen);
BlockNo bt_page_child(const uint8_t *page, uint16_t slot);
uint16_t bt_page_lower_bound(const uint8_t *page, const void *key, uint32_t klen, bool *found);
uint16_t bt_page_child_slot(const uint8_t *page, const void *key, uint32_t klen);
bool bt_page_add_raw(uint8_t *page, uint16_t slot, const void *raw, uint16_t size);
void bt_page_remove(uint8_t *page, uint16_t slot);
bool bt_page_add_leaf(
    uint8_t *page, uint16_t slot, const void *key, uint16_t klen, const void *val, uint16_t vlen);
bool bt_page_add_child(uint8_t *page, uint16_t slot, const void *key, uint16_t klen, BlockNo child);
uint16_t
bt_leaf_item_build(uint8_t *out, const void *key, uint16_t klen, const void *val, uint16_t vlen);
uint16_t bt_child_item_build(uint8_t *out, const void *key, uint16_t klen, BlockNo child);
int bt_key_cmp(const void *a, uint32_t alen, const void *b, uint32_t blen);
void bt_page_check(const uint8_t *page, RelFile rf, BlockNo block);

/*
 * bt_search.c: the meta page latch and Lehman-Yao descent (README "Locking"). A BtDescent
 * records the page taken at every level on the way down (a hint for finding a parent
 * later: the downlink is there or to its right) and holds the page reached.
 */
typedef struct BtDescent {
    RelFile rf;
    Xid xid;                     /* for writers: WAL of splits finished on the way */
    BufId page;                  /* the leaf reached, pinned and latched */
    uint32_t height;             /* height when the descent read the meta page */
    BlockNo path[BT_MAX_HEIGHT]; /* path[l]: page left at level l; only l < height valid */
} BtDescent;

BufId bt_meta_lock(RelFile rf, BufLockMode mode);
void bt_unlock_release(BufId buf);
BufId bt_read_page(RelFile rf, BlockNo block, BufLockMode mode, uint32_t level);
void bt_descend(BtDescent *d, const void *key, uint32_t klen, bool write);
void bt_check_sizes(uint32_t klen, uint32_t vlen);

/* bt_insert.c: splits and finishing them */
void bt_finish_split(BtDescent *d, BlockNo block, uint32_t level);
void bt_page_write_image(BufId buf, Xid xid, const uint8_t *image);

#endif /* OAK_ACCESS_BTREE_BT_INTERNAL_H */
