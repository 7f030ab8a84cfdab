/*
 * tbl_internal.h
 *     Private to backend/access/table: the stored row header and the row codec.
 */
#ifndef OAK_TBL_INTERNAL_H
#define OAK_TBL_INTERNAL_H

#include "oak/access/table.h"

/* xmax only locks the row (SELECT FOR UPDATE/NO KEY UPDATE): the version is not deleted. */
enum {
    ROW_XMAX_LOCK_ONLY = 0x0001,
    ROW_HAS_EXTERNAL = 0x0002, /* some value is out of line (README invariant 8) */
};

/* Stored at the start of every row version; 32 bytes. */
typedef struct RowHeader {
    uint64_t xmin; /* inserting transaction */
    uint64_t xmax; /* deleting transaction, or 0 */
    uint32_t cmin; /* command id of the insert within xmin */
    uint32_t cmax; /* command id of the delete within xmax */
    uint16_t natts;
    uint16_t flags; /* ROW_* */
    uint32_t reserved;
} RowHeader;

/* The fate of another transaction's xid as a writer or vacuum meets it now (tbl_am.c). */
typedef enum XidFate {
    XID_GONE,    /* aborted, or crashed (in progress in the commit log, running nowhere) */
    XID_DONE,    /* committed */
    XID_RUNNING, /* running in some backend */
} XidFate;

XidFate tbl_xid_fate(Xid xid);

/* What vacuum does with one row version (tbl_vacuum.c; README invariant 6). */
typedef enum TblVacVerdict {
    TBL_VAC_LIVE,          /* keep: no deleter, or one that did not (yet) commit */
    TBL_VAC_RECENTLY_DEAD, /* keep: deleter committed, but some snapshot may still see it */
    TBL_VAC_REMOVE,        /* no snapshot can see it: remove */
} TblVacVerdict;

/*
 * The verdict for a version with header h, given the fates of its xmin and (if set and not
 * lock-only) xmax, and the horizon (proc_oldest_xmin()). Pure: no shared state is read.
 */
TblVacVerdict
tbl_vacuum_verdict(const RowHeader *h, XidFate xmin_fate, XidFate xmax_fate, Xid horizon);

/*
 * Encode a row version whose key is klen bytes, moving values out of line as needed so that
 * key + row fit a B+ tree item (README invariant 8): their overflow chains are written and
 * WAL-logged, under hdr->xmin, before this returns. 54000 if the row cannot fit even so.
 */
uint8_t *tbl_row_encode(const RelDesc *rel,
                        const Datum *values,
                        const bool *nulls,
                        const RowHeader *hdr,
                        uint32_t klen,
                        uint32_t *len_out);
/* Decode into the current context, reading out-of-line values back whole. */
void
tbl_row_decode(const RelDesc *rel, const uint8_t *row, uint32_t len, Datum *values, bool *nulls);
/* Free the overflow chains of a row version vacuum has just removed from the tree. */
void tbl_row_free_external(const RelDesc *rel, const uint8_t *row, uint32_t len);
void tbl_row_header(const uint8_t *row, uint32_t len, RowHeader *hdr);

/* A scan of a table, directly or through a secondary index (ix != NULL). */
struct TblScan {
    RelDesc *rel;
    const IndexDesc *ix;
    const Snapshot *snap;
    BtCursor *cur;
    bool ssi; /* SERIALIZABLE: check each version for rw-conflicts out */
};

bool tbl_ssi_tracked(const RelDesc *rel);
void tbl_ssi_check_read(const TblScan *s, const RowHeader *h, bool visible);
/*
 * For an index entry (*key, *klen) of an index scan: the table version it names, with the
 * key replaced by the version's table key. False if vacuum has removed the version.
 */
bool tbl_index_entry_version(TblScan *s,
                             const uint8_t **key,
                             uint32_t *klen,
                             const uint8_t *val,
                             uint32_t vlen,
                             uint8_t **row,
                             uint32_t *rlen);

/* What a uniqueness check makes of one version with the same key (tbl_am.c). */
typedef enum TblUniqueVerdict {
    TBL_UNIQUE_NONE, /* not live: no conflict */
    TBL_UNIQUE_DUP,  /* live: 23505 */
    TBL_UNIQUE_WAIT, /* a running transaction decides: wait for *wait and check again */
} TblUniqueVerdict;

TblUniqueVerdict tbl_unique_verdict(const RowHeader *h, Xid myxid, Xid *wait);
/* The lock serialising check-and-insert of one unique key (held only around them). */
LockTag tbl_unique_key_lock_tag(Oid db, Oid index_oid, const uint8_t *key, uint32_t klen);

#endif /* OAK_TBL_INTERNAL_H */
