/*
 * xact.c
 *     Transactions (xact.h): 64-bit xids from a shared counter, entered in the proc array;
 *     commit and abort records; snapshots from the proc array; the object id counter.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. An xid is handed out and entered in the proc array under proc_array->lock exclusive,
 *      and a snapshot reads next_xid and the running xids under the same lock shared: an
 *      xid below the snapshot's xmax and not in xip had finished when it was taken.
 *   2. The commit-log bits are set (commit record inserted) before the xid leaves the proc
 *      array, and with synchronous_commit the record is flushed before it leaves: a snapshot
 *      that does not list an xid finds its final status in the commit log.
 *   3. Xid durability: every WAL record carries its xid and recovery sets next_xid past the
 *      largest one replayed and past the checkpoint's; an xid that never reached WAL left
 *      nothing on disk (the WAL rule), so handing it out again is harmless.
 *   4. Oid durability: before the counter passes the logged limit, "next oid = counter +
 *      OID_LOG_BATCH" is WAL-logged; any record using an oid follows that record in WAL, so
 *      recovery (which restores the limit) never hands out an oid already used.
 *
 * Not here: the commit log pages (clog.c).
 */
#include "oak/oak.h"

#include <stdlib.h>
#include <time.h>

#include "oak/access/wal.h"
#include "oak/access/xact.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/proc.h"
#include "oak/storage/shmem.h"
#include "oak/utils/guc.h"
#include "transam_int.h"

typedef struct XactShared {
    Xid next_xid;      /* proc_array->lock exclusive to change */
    SpinLock oid_lock; /* protects next_oid, oid_limit */
    Oid next_oid;
    Oid oid_limit;       /* next_oid may reach it only after logging a new one */
    LwLock oid_log_lock; /* serialises logging of the next limit */
    LwLock clog_extend_lock;
} XactShared;

static XactShared *xact_shared;
static Xid xact_my_xid; /* this process's running transaction */

size_t
xact_shmem_size(void)
{
    return sizeof(XactShared);
}

void
xact_shmem_init(uint8_t *mem)
{
    xact_shared = (XactShared *)mem;
    xact_shared->next_xid = XID_FIRST_NORMAL;
    spin_init(&xact_shared->oid_lock);
    xact_shared->next_oid = OID_FIRST_NORMAL;
    xact_shared->oid_limit = OID_FIRST_NORMAL;
    lw_init(&xact_shared->oid_log_lock);
    lw_init(&xact_shared->clog_extend_lock);
    xact_my_xid = INVALID_XID;
}

LwLock *
clog_extend_lock(void)
{
    return &xact_shared->clog_extend_lock;
}

Xid
xact_begin(void)
{
    if (proc_my_slot < 0)
        elog_internal("process is not attached to the proc array");
    if (xact_my_xid != INVALID_XID)
        elog_internal("transaction already in progress");
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE); /* invariant 1 */
    Xid xid = xact_shared->next_xid++;
    proc_array->slots[proc_my_slot].xid = xid;
    lw_release(&proc_array->lock);
    xact_my_xid = xid;
    return xid;
}

Xid
xact_current_xid(void)
{
    return xact_my_xid;
}

static void
xact_leave_proc_array(void)
{
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE);
    proc_array->slots[proc_my_slot].xid = INVALID_XID;
    lw_release(&proc_array->lock);
    xact_my_xid = INVALID_XID;
}

void
xact_commit(void)
{
    Xid xid = xact_my_xid;

    if (xid == INVALID_XID)
        elog_internal("no transaction in progress");
    /* a transaction that logged nothing left nothing to commit: no record, no flush */
    if (wal_last_xid_logged() == xid) {
        Lsn lsn = clog_log_status(xid, XID_COMMITTED);
        if (oak_settings.synchronous_commit)
            wal_flush(lsn);
    }
    xact_leave_proc_array(); /* invariant 2 */
}

void
xact_abort(void)
{
    Xid xid = xact_my_xid;

    if (xid == INVALID_XID)
        return; /* the abort path may run twice, or outside a transaction */
    if (wal_last_xid_logged() == xid)
        (void)clog_log_status(xid, XID_ABORTED); /* no flush: a lost abort reads as crashed */
    xact_leave_proc_array();
}

static int
xact_cmp_xid(const void *a, const void *b)
{
    Xid x = *(const Xid *)a;
    Xid y = *(const Xid *)b;
    return x < y ? -1 : x > y;
}

Snapshot *
snap_take(void)
{
    Snapshot *snap = mcx_alloc0(sizeof(Snapshot));

    snap->xip = mcx_alloc(sizeof(Xid) * (size_t)proc_array->nslots);
    snap->myxid = xact_my_xid;
    lw_acquire(&proc_array->lock, LW_SHARED); /* invariant 1 */
    snap->xmax = xact_shared->next_xid;
    snap->xmin = snap->xmax;
    for (int i = 0; i < proc_array->nslots; i++) {
        Xid xid = proc_array->slots[i].xid;
        if (xid == INVALID_XID)
            continue;
        if (xid < snap->xmin)
            snap->xmin = xid;
        if (xid != snap->myxid)
            snap->xip[snap->nxip++] = xid;
    }
    lw_release(&proc_array->lock);
    qsort(snap->xip, (size_t)snap->nxip, sizeof(Xid), xact_cmp_xid);
    return snap;
}

bool
snap_xid_visible(const Snapshot *snap, Xid xid)
{
    if (xid == INVALID_XID)
        return false;
    if (xid == snap->myxid)
        return true; /* command ids are the caller's business */
    if (xid >= snap->xmax)
        return false;
    if (xid >= snap->xmin &&
        bsearch(&xid, snap->xip, (size_t)snap->nxip, sizeof(Xid), xact_cmp_xid) != NULL)
        return false;
    return clog_status(xid) == XID_COMMITTED;
}

Xid
xact_peek_next_xid(void)
{
    lw_acquire(&proc_array->lock, LW_SHARED);
    Xid next = xact_shared->next_xid;
    lw_release(&proc_array->lock);
    return next;
}

void
xact_advance_next_xid(Xid next)
{
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE);
    if (next > xact_shared->next_xid)
        xact_shared->next_xid = next;
    lw_release(&proc_array->lock);
}

Oid
oid_next(void)
{
    for (;;) {
        spin_lock(&xact_shared->oid_lock);
        if (xact_shared->next_oid < xact_shared->oid_limit) {
            Oid oid = xact_shared->next_oid++;
            spin_unlock(&xact_shared->oid_lock);
            return oid;
        }
        spin_unlock(&xact_shared->oid_lock);

        /* invariant 4: log the next limit, then raise it */
        lw_acquire(&xact_shared->oid_log_lock, LW_EXCLUSIVE);
        spin_lock(&xact_shared->oid_lock);
        bool still_needed = xact_shared->next_oid >= xact_shared->oid_limit;
        Oid new_limit = xact_shared->next_oid + OID_LOG_BATCH;
        spin_unlock(&xact_shared->oid_lock);
        if (new_limit < OID_FIRST_NORMAL) /* 32-bit wrap: skip the reserved range */
            elog_internal("object ids exhausted");
        if (still_needed) {
            wal_insert_record(RM_XLOG, XLOG_NEXT_OID, INVALID_XID, &new_limit, sizeof new_limit);
            spin_lock(&xact_shared->oid_lock);
            xact_shared->oid_limit = new_limit;
            spin_unlock(&xact_shared->oid_lock);
        }
        lw_release(&xact_shared->oid_log_lock);
    }
}

Oid
oid_peek_next(void)
{
    spin_lock(&xact_shared->oid_lock);
    Oid next = xact_shared->next_oid;
    spin_unlock(&xact_shared->oid_lock);
    return next;
}

void
oid_advance_next(Oid next)
{
    spin_lock(&xact_shared->oid_lock);
    if (next > xact_shared->next_oid)
        xact_shared->next_oid = next;
    xact_shared->oid_limit = xact_shared->next_oid; /* the next oid_next logs a new limit */
    spin_unlock(&xact_shared->oid_lock);
}
