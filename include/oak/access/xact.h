/*
 * xact.h
 *     Transactions, snapshots and commit status (DESIGN.md §5).
 *
 * A backend gets its 64-bit xid from xact_begin(), which enters it in the proc array.
 * xact_commit() sets the commit-log bits and writes the commit record in one step (the
 * record carries the commit-log page change), then, with synchronous_commit on, waits until
 * that record is flushed, and only then leaves the proc array: any snapshot that no longer
 * lists the xid finds it committed, and a commit-log page is never written before its
 * record (WAL rule). With synchronous_commit off it does not wait; the checkpointer flushes
 * WAL every 200 ms. xact_abort() marks it aborted (no flush). A transaction that logged
 * nothing writes no record at all. A transaction found in-progress in the commit log but
 * absent from every snapshot crashed, and counts as aborted.
 */
#ifndef OAK_ACCESS_XACT_H
#define OAK_ACCESS_XACT_H

#include "oak/oak.h"
#include "oak/storage/bufmgr.h"

typedef enum XidStatus {
    XID_IN_PROGRESS = 0, /* or crashed: callers consult the snapshot */
    XID_COMMITTED = 1,
    XID_ABORTED = 2,
} XidStatus;

typedef struct Snapshot {
    Xid xmin;  /* every xid < xmin is finished */
    Xid xmax;  /* every xid >= xmax had not started */
    int nxip;  /* running xids in [xmin, xmax), excluding our own */
    Xid *xip;  /* sorted ascending */
    Xid myxid; /* the xid this statement writes with (or our top-level xid), or INVALID_XID */
    CmdId curcid;
    bool xact_snapshot; /* REPEATABLE READ / SERIALIZABLE: a concurrent update is 40001 */
} Snapshot;

Xid xact_begin(void);
/* Commit the transaction with every live subtransaction xid, in one record. */
void xact_commit(void);
void xact_abort(void);
Xid xact_current_xid(void); /* INVALID_XID outside a transaction */

/*
 * Savepoints: a new xid for a subtransaction that writes (assigning the top-level xid first
 * if needed), listed in the proc array beside the top-level xid so snapshots see it running.
 * ROLLBACK TO aborts the subtransaction xids it undoes with xact_abort_subxids; the rest
 * commit or abort with the top-level transaction.
 */
Xid xact_begin_subxid(void);
void xact_abort_subxids(const Xid *xids, int n);
/* Whether xid is this backend's transaction or one of its live subtransactions. */
bool xact_xid_is_mine(Xid xid);
/* Whether xid belongs to a transaction running now (any backend, subtransactions too). */
bool proc_xid_is_running(Xid xid);

/* The oldest snapshot xmin this backend uses (INVALID_XID: none), for vacuum's horizon. */
void xact_set_xmin(Xid xmin);
/* Every xid below this is finished and no snapshot can see it as running. */
Xid proc_oldest_xmin(void);

/* A snapshot in the current memory context. */
Snapshot *snap_take(void);
/* True if xid's effects are visible to snap: committed and not running when it was taken. */
bool snap_xid_visible(const Snapshot *snap, Xid xid);
XidStatus clog_status(Xid xid);

/* A fresh object id (WAL-logged counter; starts at 16384 like PostgreSQL's user objects). */
Oid oid_next(void);

/* ---- Beyond the first contract ---- */

enum {
    XID_BOOTSTRAP = 1,    /* bootstrap's rows: always committed */
    XID_FIRST_NORMAL = 3, /* first xid handed out by xact_begin */
    OID_FIRST_NORMAL = 16384,
    OID_LOG_BATCH = 8192, /* oid_next WAL-logs "next oid" once per this many oids */
};

/* The commit log: global/1, 2 bits per xid, pages through the buffer pool. */
#define CLOG_RELFILE ((RelFile){0, 1})

/* For WAL, checkpoints and recovery. */
Xid xact_peek_next_xid(void);
void xact_advance_next_xid(Xid next); /* raise the counter to at least next */
Oid oid_peek_next(void);
void oid_advance_next(Oid next); /* raise the counter to at least next; next call logs */
/*
 * Bootstrap only (single process, before any session): set the counter, so that the
 * objects oakctl init defines in SQL get OIDs below FirstNormalObjectId as PostgreSQL's
 * initdb gives them; oid_advance_next restores it afterwards.
 */
void oid_bootstrap_set_next(Oid next);
void clog_create(void);          /* cluster creation and recovery: make sure the file exists */

#endif /* OAK_ACCESS_XACT_H */
