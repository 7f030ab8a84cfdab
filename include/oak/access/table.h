/*
 * table.h
 *     Rows of clustered tables (DESIGN.md §3, §5): each row version is one B+ tree item whose
 *     key is the encoded primary key (or a hidden 64-bit row id) followed by a version suffix,
 *     and whose value is a row header (xmin, xmax, command ids) plus the column values.
 *
 * Versions of one row sit next to each other, ordered by the complement of (xmin, cmin):
 * that is not commit order (an old transaction may replace a version a younger one made),
 * so code looking for "the current version" examines them all. At most one version of a
 * row is visible to any snapshot, so a scan simply returns the visible ones.
 *
 * Writers meet each other row by row: a writer that finds a row changed by a running
 * transaction waits for it (lock_wait_xid) and then decides, as PostgreSQL does.
 */
#ifndef OAK_ACCESS_TABLE_H
#define OAK_ACCESS_TABLE_H

#include "oak/oak.h"
#include "oak/access/btree.h"
#include "oak/access/xact.h"
#include "oak/catalog/catalog.h"
#include "oak/storage/lock.h"

enum { TBL_VERSION_SUFFIX_LEN = 12 };

/* A row's identity for UPDATE/DELETE: the full key of the version that was read. */
typedef struct RowRef {
    uint8_t *key;
    uint32_t klen;
} RowRef;

/* Append the primary-key encoding of a row (no version suffix). */
void tbl_encode_pk(StrBuf *out, const RelDesc *rel, const Datum *values, const bool *nulls);

/*
 * Insert a new row in the current transaction. Raises 23505 if a live row with the same
 * primary key exists (including one inserted earlier by this statement).
 */
void tbl_insert(
    RelDesc *rel, const Datum *values, const bool *nulls, const Snapshot *snap, RowRef *version);
/*
 * INSERT ... ON CONFLICT on the primary key: insert the row unless a live version with the
 * same primary key exists (waiting for a running inserter or deleter first, as tbl_insert
 * does); then return false with that version's key in conflict. The table has a primary key.
 */
bool tbl_insert_unless_duplicate(RelDesc *rel,
                                 const Datum *values,
                                 const bool *nulls,
                                 const Snapshot *snap,
                                 RowRef *version,
                                 RowRef *conflict);
/* The transaction and command that made the version ref names (from its key's suffix). */
void tbl_version_origin(const RowRef *ref, Xid *xmin, CmdId *cmin);
/* What a writer found when it tried to change a row version (PostgreSQL's TM_Result). */
typedef enum TblResult {
    TBL_OK,             /* changed */
    TBL_SELF,           /* already changed by this very statement: skip it */
    TBL_UPDATED,        /* updated or deleted by a transaction that committed */
    TBL_BEING_MODIFIED, /* a running transaction changed it: wait for *wait_xid, retry */
    TBL_WOULD_BLOCK,    /* no_wait: another transaction holds the row's lock */
} TblResult;

/* Mark the version ref deleted by the current (sub)transaction (sets xmax). */
TblResult tbl_delete(RelDesc *rel, const RowRef *ref, const Snapshot *snap, Xid *wait_xid);
/*
 * Delete the version ref and insert the new row (same or new primary key); version (if not
 * NULL) receives the new version's key.
 */
TblResult tbl_update(RelDesc *rel,
                     const RowRef *ref,
                     const Datum *values,
                     const bool *nulls,
                     const Snapshot *snap,
                     Xid *wait_xid,
                     RowRef *version);
/* Lock the row for update (SELECT FOR UPDATE): xmax set, the version stays live. */
TblResult
tbl_lock_row(RelDesc *rel, const RowRef *ref, const Snapshot *snap, bool no_wait, Xid *wait_xid);
/*
 * For shared row locks (held in the lock manager): whether a running transaction has
 * the row (wait for *wait_xid) or a committed one updated or deleted it since.
 */
TblResult tbl_check_row(RelDesc *rel, const RowRef *ref, const Snapshot *snap, Xid *wait_xid);
/* The lock manager tag of the row ref belongs to (its table and primary key). */
LockTag tbl_row_lock_tag(const RelDesc *rel, const RowRef *ref);
/*
 * READ COMMITTED re-check: the newest committed version of ref's row (whatever the
 * snapshot), decoded into values/nulls with its key in latest. False if the row was
 * deleted; false with *wait_xid set if a running transaction inserted the newest version.
 */
bool tbl_fetch_latest(RelDesc *rel,
                      const RowRef *ref,
                      const Snapshot *snap,
                      Datum *values,
                      bool *nulls,
                      RowRef *latest,
                      Xid *wait_xid);

typedef struct TblScan TblScan;

/*
 * The smallest byte string above every string with prefix p (p without its trailing 0xFF
 * bytes, last byte plus one), in the current context; false if p is all 0xFF bytes.
 */
bool tbl_prefix_successor(const uint8_t *p, uint32_t len, uint8_t **out, uint32_t *out_len);

/*
 * Scan the visible rows, in key order, with keys in [lo, hi] of the *primary key encoding*
 * (NULL bounds: open). Values are decoded into the current context at each next call.
 */
TblScan *tbl_scan_begin(RelDesc *rel, const Snapshot *snap, const BtBound *lo, const BtBound *hi);
/*
 * The same through secondary index ix: visible versions whose index entries have index keys
 * in [lo, hi] (bounds on the index key encoding, NULL: open), in index order.
 */
TblScan *tbl_index_scan_begin(
    RelDesc *rel, const IndexDesc *ix, const Snapshot *snap, const BtBound *lo, const BtBound *hi);
/* ref (if not NULL) receives a copy of the version's key. */
bool tbl_scan_next(TblScan *scan, Datum *values, bool *nulls, RowRef *ref);
void tbl_scan_end(TblScan *scan);

/*
 * How the executor tells the table layer a row's index keys (expressions and partial index
 * predicates need the executor). entry_key appends index number ix's key encoding for the
 * row to out and returns true, or returns false when the partial index does not cover it;
 * *has_null says whether some key column is NULL (a unique index does not compare those).
 */
typedef struct TblIndexer {
    bool (*entry_key)(
        void *arg, int ix, const Datum *values, const bool *nulls, StrBuf *out, bool *has_null);
    void *arg;
} TblIndexer;

/*
 * Add index ix's entry for the version `version` (README invariant 9). For a unique index
 * (unique_check: the key has no NULL), first wait for or fail on (23505) another live
 * version with the same index key; describe_key gives the error's "Key (...)=(...)" detail.
 */
void tbl_index_insert(RelDesc *rel,
                      const IndexDesc *ix,
                      const uint8_t *ikey,
                      uint32_t ilen,
                      bool unique_check,
                      const RowRef *version,
                      Xid xid,
                      char *(*describe_key)(void *arg),
                      void *describe_arg);
/* Add entries of every version of rel to the new, empty index ix (CREATE INDEX). */
uint64_t tbl_index_build(RelDesc *rel,
                         int ixno,
                         const TblIndexer *ixr,
                         const Snapshot *snap,
                         char *(*describe)(void *arg, const Datum *values, const bool *nulls),
                         void *describe_arg);

/* What one tbl_vacuum pass found, in row versions. */
typedef struct TblVacuumStats {
    uint64_t scanned;       /* versions looked at */
    uint64_t removed;       /* removed: no snapshot could see them */
    uint64_t recently_dead; /* deleted by a committed transaction some snapshot may not see */
    uint64_t live;          /* versions kept that no committed transaction deleted */
} TblVacuumStats;

/*
 * Remove every version of rel that no snapshot can see (README invariant 6), given
 * horizon = proc_oldest_xmin() taken after the caller's own snapshot was given up. Needs no
 * xid and no snapshot; the caller holds SHARE UPDATE EXCLUSIVE on rel, so no other vacuum
 * and no DROP runs beside it, while readers and writers do. Latches nothing between B+ tree
 * calls. Adds what it found to *st; checks for interrupts between leaves. The index entries
 * of removed versions are removed too (ixr gives their keys; NULL when rel has no index).
 */
void tbl_vacuum(RelDesc *rel, Xid horizon, const TblIndexer *ixr, TblVacuumStats *st);

/* Create / drop the storage of a relation. */
void tbl_create_storage(const RelDesc *rel);
void tbl_drop_storage(const RelDesc *rel);
/*
 * CREATE DATABASE (tbl_copy.c): copy every relation file of database src_db into dst_db,
 * each page WAL-logged as a full image, in the current transaction. The caller keeps
 * every other backend out of src_db meanwhile.
 */
void tbl_copy_database(Oid src_db, Oid dst_db);
/* CREATE DATABASE ended (commit or abort), or DROP DATABASE aborted: stop logging it. */
void tbl_database_create_end(Oid db);
/* DROP DATABASE, in its transaction: recovery removes the files if it commits. */
void tbl_drop_database_at_commit(Oid db);
/* Remove a database's files for good (after DROP DATABASE commits), WAL-logged first. */
void tbl_drop_database(Oid db);

#endif /* OAK_ACCESS_TABLE_H */
