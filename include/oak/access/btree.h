/*
 * btree.h
 *     The one B+ tree (DESIGN.md §3): keys and values are byte strings, keys compare with
 *     memcmp (shorter-is-prefix sorts first). Used for clustered tables (key = encoded primary
 *     key + version suffix, value = row) and, later, secondary indexes.
 *
 * Every call is self-contained: it latches what it needs and releases it before returning,
 * so callers never hold tree latches between calls. Every page change is WAL-logged through
 * wal_page_* (wal.h). Concurrency is Lehman-Yao (DESIGN.md §3): right-links and high keys,
 * one page latched at a time on the way down, so readers run beside writers and writers of
 * different leaves beside each other; a split latches upwards only (backend/access/btree/
 * README.md "Locking").
 *
 * Limits: key at most BT_MAX_KEY bytes, key + value at most BT_MAX_ITEM bytes (a quarter
 * page); larger raises 54000. Bigger values go to overflow chains (below), which the caller
 * points to from its item.
 */
#ifndef OAK_ACCESS_BTREE_H
#define OAK_ACCESS_BTREE_H

#include "oak/oak.h"
#include "oak/storage/bufmgr.h"

enum {
    BT_MAX_KEY = 1024,
    BT_MAX_ITEM = 2000,
    BT_OVERFLOW_DATA = OAK_PAGE_SIZE - 32, /* data bytes per overflow page */
    BT_OVERFLOW_MAX = 0x3FFFFFFF,          /* longest chain: 1 GiB - 1, PostgreSQL's limit */
};

/* Create the file with its meta page and an empty root leaf (WAL-logged). */
void bt_create(RelFile rf, Xid xid);
/* Remove the file (WAL-logged) and drop its buffers. */
void bt_drop(RelFile rf, Xid xid);

/* Insert; returns false, changing nothing, if the exact key is already present. */
bool bt_insert(RelFile rf, Xid xid, const void *key, uint32_t klen, const void *val,
               uint32_t vlen);
/* Replace the value of an existing key (the new value may be longer); false if absent. */
bool bt_update(RelFile rf, Xid xid, const void *key, uint32_t klen, const void *val,
               uint32_t vlen);
/* Remove a key; false if absent. */
bool bt_delete(RelFile rf, Xid xid, const void *key, uint32_t klen);
/*
 * Remove n keys sorted ascending (vacuum's batches); returns how many were present. One
 * WAL record per leaf changed.
 */
int bt_delete_many(RelFile rf, Xid xid, const uint8_t *const *keys, const uint32_t *lens, int n);
/* Look up one exact key; copies the value into the current memory context. */
bool bt_lookup(RelFile rf, const void *key, uint32_t klen, uint8_t **val, uint32_t *vlen);

/* A monotonically increasing 64-bit counter kept in the meta page (hidden row ids). */
uint64_t bt_next_rowid(RelFile rf, Xid xid);

/*
 * Overflow chains (bt_overflow.c): len bytes (1 .. BT_OVERFLOW_MAX) stored in a chain of
 * overflow pages of the tree's file, named by its first block. A chain never changes until
 * it is freed, so readers latch only its pages, one at a time. The caller frees a chain
 * only once nothing can read it any more (vacuum, after removing the item that pointed to
 * it); freed pages are reused by later chains. Write and free are WAL-logged; write
 * returns only once the whole chain is in the WAL (ahead of the item the caller then
 * inserts). Read raises XX001 on a page that is not the overflow page the length implies.
 */
BlockNo bt_overflow_write(RelFile rf, Xid xid, const void *data, uint32_t len);
void bt_overflow_read(RelFile rf, BlockNo first, void *out, uint32_t len);
void bt_overflow_free(RelFile rf, Xid xid, BlockNo first, uint32_t len);

/*
 * Range scan in key order over [lo, hi] (each bound inclusive or exclusive; NULL = open).
 * The cursor copies one leaf's items at a time into its own memory and releases the latch,
 * then continues from the last key returned; it therefore sees every key that was present
 * for the whole scan, and never blocks writers for longer than one leaf copy.
 */
typedef struct BtCursor BtCursor;

typedef struct BtBound {
    const void *key;
    uint32_t len;
    bool inclusive;
} BtBound;

BtCursor *bt_cursor_open(RelFile rf, const BtBound *lo, const BtBound *hi);
/* Next item; pointers stay valid until the next call or close. False at the end. */
bool bt_cursor_next(BtCursor *cur, const uint8_t **key, uint32_t *klen, const uint8_t **val,
                    uint32_t *vlen);
void bt_cursor_close(BtCursor *cur);

#endif /* OAK_ACCESS_BTREE_H */
