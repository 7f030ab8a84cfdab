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
    BT_META_VERSION = 1,
    BT_LEAF_ITEM_HDR = 4,     /* klen + vlen */
    BT_INTERNAL_ITEM_HDR = 6, /* klen + child */
    BT_SLOT_SIZE = 2,
    /*
     * Room an internal page must have before a writer descends through it: one separator of
     * the longest possible key plus its slot. Writers split fuller internal pages on the way
     * down, so a child split always finds room for its separator in the parent (README inv. 4).
     */
    BT_INTERNAL_RESERVE = BT_INTERNAL_ITEM_HDR + BT_MAX_KEY + BT_SLOT_SIZE,
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
    uint16_t pad;
} BtOpaque;

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
uint16_t bt_page_count(const uint8_t *page);
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
 * bt_search.c: the tree lock (README "Locking") and descent. A BtDescent holds the meta page
 * latched (shared for readers, exclusive for writers) and the page reached; for a writer
 * also that page's parent, both pinned and exclusively latched.
 */
typedef struct BtDescent {
    RelFile rf;
    BufId meta;
    BufId page;           /* the leaf reached, or the internal page being split on the way */
    BufId parent;         /* INVALID_BUF when page is the root */
    uint16_t parent_slot; /* slot in parent pointing to page */
} BtDescent;

void bt_tree_lock(BtDescent *d, RelFile rf, BufLockMode mode);
void bt_tree_unlock(BtDescent *d);
void bt_descend_write(BtDescent *d, Xid xid, const void *key, uint32_t klen, bool make_room);
BufId bt_descend_read(BufId meta, RelFile rf, const void *key, uint32_t klen);
void bt_check_sizes(uint32_t klen, uint32_t vlen);

/* bt_insert.c: splits, used by descent (internal pages) and by insert/update (leaves) */
void bt_split(BtDescent *d, Xid xid, const uint8_t *src, uint16_t slot, const BtRawItem *item);
void bt_page_write_image(BufId buf, Xid xid, const uint8_t *image);

#endif /* OAK_ACCESS_BTREE_BT_INTERNAL_H */
