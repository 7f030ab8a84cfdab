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
 *   7. A snapshot taken by a backend that has no xmin published publishes its xmin before
 *      releasing the proc array lock, so proc_oldest_xmin() (vacuum's horizon), which reads
 *      every slot under the same lock, never passes an xmin a snapshot is about to use.
 *
 * Not here: the commit log pages (clog.c).
 */
#include "oak/oak.h"

#include <stdlib.h>
#include <time.h>

#include "oak/access/wal.h"
#include "oak/access/xact.h"
#include "oak/storage/lock.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/proc.h"
#include "oak/storage/shmem.h"
#include "oak/utils/fault.h"
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
/* Live subtransaction xids of xact_my_xid, mirrored in this process's proc slot. */
static Xid xact_my_subxids[PROC_MAX_SUBXIDS];
static int xact_my_nsubxids;
static uint64_t xact_records_at_begin; /* wal_xid_records_logged() when xact_my_xid began */

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
    proc_array->slots[proc_my_slot].nsubxids = 0;
    lw_release(&proc_array->lock);
    xact_my_xid = xid;
    xact_my_nsubxids = 0;
    xact_records_at_begin = wal_xid_records_logged();
    lock_xid_begin(xid);
    return xid;
}

Xid
xact_begin_subxid(void)
{
    if (xact_my_xid == INVALID_XID)
        (void)xact_begin();
    if (xact_my_nsubxids >= PROC_MAX_SUBXIDS)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("too many subtransactions that wrote data in one transaction"),
                err_detail("At most %d savepoints of a transaction can hold changes at once.",
                           PROC_MAX_SUBXIDS));
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE); /* invariant 1, for subtransactions too */
    Xid xid = xact_shared->next_xid++;
    ProcSlot *slot = &proc_array->slots[proc_my_slot];
    slot->subxids[slot->nsubxids++] = xid;
    lw_release(&proc_array->lock);
    xact_my_subxids[xact_my_nsubxids++] = xid;
    lock_xid_begin(xid);
    return xid;
}

void
xact_abort_subxids(const Xid *xids, int n)
{
    if (n == 0)
        return;
    (void)clog_log_status_many(xids, n, XID_ABORTED); /* no flush: as for a top-level abort */
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE);
    ProcSlot *slot = &proc_array->slots[proc_my_slot];
    int kept = 0;
    for (int i = 0; i < xact_my_nsubxids; i++) {
        bool gone = false;
        for (int j = 0; j < n; j++)
            gone |= xact_my_subxids[i] == xids[j];
        if (!gone)
            xact_my_subxids[kept++] = xact_my_subxids[i];
    }
    xact_my_nsubxids = kept;
    memcpy(slot->subxids, xact_my_subxids, sizeof(Xid) * (size_t)kept);
    slot->nsubxids = kept;
    lw_release(&proc_array->lock);
}

bool
xact_xid_is_mine(Xid xid)
{
    if (xid == INVALID_XID || xact_my_xid == INVALID_XID)
        return false;
    if (xid == xact_my_xid)
        return true;
    for (int i = 0; i < xact_my_nsubxids; i++)
        if (xact_my_subxids[i] == xid)
            return true;
    return false;
}

/*
 * Publish a newer xmin (a later READ COMMITTED snapshot's) or withdraw it (no snapshot in
 * use). No lock: either only lets the horizon move forward past snapshots we no longer
 * use, and the xmin of a snapshot in use was published under the lock by snap_take
 * (invariant 7).
 */
void
xact_set_xmin(Xid xmin)
{
    if (proc_my_slot < 0)
        return;
    __atomic_store_n(&proc_array->slots[proc_my_slot].xmin, xmin, __ATOMIC_RELAXED);
}

bool
proc_xid_is_running(Xid xid)
{
    bool running = false;
    lw_acquire(&proc_array->lock, LW_SHARED);
    for (int i = 0; i < proc_array->nslots && !running; i++) {
        const ProcSlot *s = &proc_array->slots[i];
        if (!s->in_use || s->xid == INVALID_XID)
            continue;
        if (s->xid == xid)
            running = true;
        for (int j = 0; j < s->nsubxids && !running; j++)
            running = s->subxids[j] == xid;
    }
    lw_release(&proc_array->lock);
    return running;
}

Xid
proc_oldest_xmin(void)
{
    lw_acquire(&proc_array->lock, LW_SHARED);
    Xid oldest = xact_shared->next_xid;
    for (int i = 0; i < proc_array->nslots; i++) {
        const ProcSlot *s = &proc_array->slots[i];
        if (!s->in_use)
            continue;
        if (s->xid != INVALID_XID && s->xid < oldest)
            oldest = s->xid;
        Xid xmin = __atomic_load_n(&s->xmin, __ATOMIC_RELAXED); /* invariant 7 */
        if (xmin != INVALID_XID && xmin < oldest)
            oldest = xmin;
    }
    lw_release(&proc_array->lock);
    return oldest;
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
    ProcSlot *slot = &proc_array->slots[proc_my_slot];
    slot->xid = INVALID_XID;
    slot->nsubxids = 0;
    slot->xmin = INVALID_XID;
    lw_release(&proc_array->lock);
    xact_my_xid = INVALID_XID;
    xact_my_nsubxids = 0;
}

/* The transaction's xid followed by its live subtransaction xids. */
static int
xact_all_xids(Xid *out)
{
    out[0] = xact_my_xid;
    memcpy(out + 1, xact_my_subxids, sizeof(Xid) * (size_t)xact_my_nsubxids);
    return 1 + xact_my_nsubxids;
}

void
xact_commit(void)
{
    Xid xids[PROC_MAX_SUBXIDS + 1];

    if (xact_my_xid == INVALID_XID)
        elog_internal("no transaction in progress");
    /* a transaction that logged nothing left nothing to commit: no record, no flush */
    if (wal_xid_records_logged() != xact_records_at_begin) {
        Lsn lsn = clog_log_status_many(xids, xact_all_xids(xids), XID_COMMITTED);
        if (oak_settings.synchronous_commit)
            wal_flush(lsn);
        FAULT_POINT("commit-after-wal-flush"); /* committed, the client not yet told */
    }
    xact_leave_proc_array(); /* invariant 2 */
}

void
xact_abort(void)
{
    Xid xids[PROC_MAX_SUBXIDS + 1];

    if (xact_my_xid == INVALID_XID)
        return; /* the abort path may run twice, or outside a transaction */
    if (wal_xid_records_logged() != xact_records_at_begin) {
        /* no flush: a lost abort reads as crashed, which is the same */
        err_try();
        {
            (void)clog_log_status_many(xids, xact_all_xids(xids), XID_ABORTED);
        }
        err_catch();
        {
            /* Could not log the abort (say, a read error): the xids read as crashed. */
            err_emit_current();
            err_clear();
        }
        err_end_try();
    }
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

    snap->myxid = xact_my_xid;
    lw_acquire(&proc_array->lock, LW_SHARED); /* invariant 1 */
    size_t cap = 0;
    for (int i = 0; i < proc_array->nslots; i++)
        if (proc_array->slots[i].xid != INVALID_XID)
            cap += 1 + (size_t)proc_array->slots[i].nsubxids;
    snap->xip = mcx_alloc(sizeof(Xid) * (cap + 1));
    snap->xmax = xact_shared->next_xid;
    snap->xmin = snap->xmax;
    for (int i = 0; i < proc_array->nslots; i++) {
        const ProcSlot *slot = &proc_array->slots[i];
        Xid xid = slot->xid;
        if (xid == INVALID_XID)
            continue;
        if (xid < snap->xmin)
            snap->xmin = xid;
        if (i == proc_my_slot)
            continue; /* our own xids are ours, not "running" */
        snap->xip[snap->nxip++] = xid;
        for (int s = 0; s < slot->nsubxids; s++)
            snap->xip[snap->nxip++] = slot->subxids[s];
    }
    /*
     * Invariant 7: a backend holding no xmin publishes this one before the lock goes, so
     * no horizon computed after this point can pass it. Only the owner writes its slot's
     * xmin, and a reader under the shared lock may read it now: atomic store and load.
     */
    if (proc_my_slot >= 0 &&
        __atomic_load_n(&proc_array->slots[proc_my_slot].xmin, __ATOMIC_RELAXED) == INVALID_XID)
        __atomic_store_n(&proc_array->slots[proc_my_slot].xmin, snap->xmin, __ATOMIC_RELAXED);
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
        return true; /* command ids and our subtransactions are the caller's business */
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

void
oid_bootstrap_set_next(Oid next)
{
    spin_lock(&xact_shared->oid_lock);
    xact_shared->next_oid = next;
    spin_unlock(&xact_shared->oid_lock);
}
