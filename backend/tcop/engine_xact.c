/*
 * engine_xact.c
 *     Transaction blocks: the session's state between statements (idle, an implicit
 *     transaction, an explicit BEGIN block, a failed block), savepoints as subtransactions,
 *     the isolation level and read-only flag, the command counter and the snapshots
 *     statements use.
 *
 * Invariants (tcop README, "Transaction blocks"):
 *   1. A failed explicit block accepts only ROLLBACK, COMMIT (which rolls back) and
 *      ROLLBACK TO SAVEPOINT; anything else raises 25P02.
 *   2. An ERROR inside a savepoint aborts only the innermost subtransaction (its xid is
 *      marked aborted and its locks released at once); an ERROR at top level aborts the
 *      whole transaction at once. Either way the block stays failed until the user ends it.
 *   3. READ COMMITTED takes a snapshot per statement; REPEATABLE READ and SERIALIZABLE take
 *      one at the transaction's first statement and keep it; every statement gets its own
 *      copy carrying the command id and the xid it writes with. SERIALIZABLE takes its
 *      snapshot through ssi_snapshot(), which registers it with Serializable Snapshot
 *      Isolation (storage/lmgr/README-ssi.md) until commit or abort.
 *   4. Subtransaction xids are assigned only when a subtransaction writes; the top-level xid
 *      is assigned first.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "oak/tcop/xactblock.h"
#include "oak/tcop/engine.h"
#include "engine_internal.h"
#include "xact_internal.h"
#include "oak/catalog/catalog.h"
#include "oak/commands/commands.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lock.h"
#include "oak/storage/ssi.h"
#include "oak/utils/adt.h"

XactBlock xb;

void
xb_init(void)
{
    memset(&xb, 0, sizeof xb);
    xb.cx = mcx_create(mcx_top, "TransactionContext");
}

IsoLevel
xblock_isolation(void)
{
    return xb.state == XB_IDLE ? session_settings.default_isolation : xb.iso;
}

bool
xblock_read_only(void)
{
    return xb.state == XB_IDLE ? session_settings.default_read_only : xb.read_only;
}

int
xblock_savepoint_depth(void)
{
    return xb.nsub;
}

bool
xblock_in_explicit_block(void)
{
    return xb.state == XB_EXPLICIT || xb.state == XB_FAILED;
}

void
xblock_set_isolation(IsoLevel level)
{
    if (xb.ran_query)
        ereport(ERROR,
                err_code("25001"),
                err_msg("SET TRANSACTION ISOLATION LEVEL must be called before any query"));
    if (xb.nsub > 0)
        ereport(ERROR,
                err_code("25001"),
                err_msg("SET TRANSACTION ISOLATION LEVEL must not be called in a "
                        "subtransaction"));
    xb.iso = level;
}

void
xblock_set_read_only(bool read_only)
{
    if (!read_only && xb.read_only && xb.ran_query)
        ereport(ERROR,
                err_code("25001"),
                err_msg("transaction read-write mode must be set before any query"));
    xb.read_only = read_only;
}

/* Start a transaction (implicitly, for the statements of a message). */
void
xb_start(void)
{
    Assert(xb.state == XB_IDLE);
    mcx_reset(xb.cx);
    xb.cap = 0;
    xb.sub = NULL;
    xb.state = XB_IMPLICIT;
    xb.iso = session_settings.default_isolation;
    xb.read_only = session_settings.default_read_only;
    xb.ran_query = false;
    xb.did_ddl = false;
    xb.cid = 0;
    xb.xact_snap = NULL;
    xb.nsub = 0;
    lock_set_level(0);
    adt_xact_start_timestamp = adt_timestamp_now();
}

static void
xb_finish(bool committed)
{
    if (xb.did_ddl) {
        /* Others must drop what they cached; we drop what we cached of our own changes. */
        if (committed)
            cat_invalidate_all();
        cat_cache_reset_local();
    }
    if (committed) {
        cmd_session_role_at_commit();
        settings_at_commit();
    } else {
        cmd_session_role_at_abort();
        settings_at_abort();
    }
    xb.state = XB_IDLE;
    xact_set_xmin(INVALID_XID); /* no snapshot of ours is in use any more */
    xb.nsub = 0;
    xb.cap = 0; /* the savepoint stack lives in xb.cx, emptied now */
    xb.sub = NULL;
    xb.xact_snap = NULL;
    cat_current_snapshot = NULL;
    mcx_reset(xb.cx);
    engine_portals_drop_all(); /* portals live no longer than their transaction */
}

void
xb_commit(void)
{
    ssi_pre_commit(); /* may raise 40001: the caller's error path aborts */
    if (xact_current_xid() != INVALID_XID) {
        xact_commit();
        cmd_at_commit();
    }
    ssi_at_commit();
    lock_release_all();
    xb_finish(true);
}

void
xb_abort(void)
{
    storage_abort_cleanup();
    ssi_at_abort();
    xact_abort();
    cmd_at_abort();
    lock_release_all();
    xb_finish(false);
}

/* The xid the current (sub)transaction writes with, assigning it now if needed. */
Xid
xb_write_xid(void)
{
    if (xb.read_only)
        return INVALID_XID; /* the caller raised 25006 already */
    if (xb.nsub == 0) {
        if (xact_current_xid() == INVALID_XID)
            (void)xact_begin();
        return xact_current_xid();
    }
    SubXact *s = &xb.sub[xb.nsub - 1];
    if (s->xid == INVALID_XID)
        s->xid = xact_begin_subxid();
    return s->xid;
}

/* The snapshot for the next statement (invariant 3), in the statement's context. */
Snapshot *
xb_statement_snapshot(bool writes)
{
    Xid write_xid = writes ? xb_write_xid() : INVALID_XID;
    Snapshot *base;

    if (xb.iso >= ISO_REPEATABLE_READ) {
        if (xb.xact_snap == NULL) {
            MemCtx *old = mcx_switch(xb.cx);
            xb.xact_snap = xb.iso == ISO_SERIALIZABLE ? ssi_snapshot(xb.read_only) : snap_take();
            mcx_switch(old);
            xact_set_xmin(xb.xact_snap->xmin);
        }
        base = xb.xact_snap;
    } else {
        base = snap_take();
        xact_set_xmin(base->xmin);
    }
    Snapshot *s = mcx_alloc(sizeof *s);
    *s = *base;
    s->myxid = write_xid != INVALID_XID ? write_xid : xact_current_xid();
    s->curcid = xb.cid;
    s->xact_snapshot = xb.iso >= ISO_REPEATABLE_READ;
    ssi_note_xid(write_xid); /* the xid was assigned before the first snapshot registered us */
    xb.ran_query = true;
    cat_current_snapshot = s;
    return s;
}

/*
 * The snapshot catalog lookups use while a statement is analyzed: the latest committed
 * catalog plus this transaction's own earlier changes (CREATE TABLE then INSERT in one
 * message or block).
 */
void
xb_set_catalog_snapshot(void)
{
    Snapshot *s = snap_take();
    s->curcid = xb.cid;
    cat_current_snapshot = s;
}

void
xb_check_writable(const char *what)
{
    if (xb.read_only)
        ereport(ERROR,
                err_code("25006"),
                err_msg("cannot execute %s in a read-only transaction", what));
}

static int
xb_find_savepoint(const char *name)
{
    for (int i = xb.nsub - 1; i >= 0; i--)
        if (strcmp(xb.sub[i].name, name) == 0)
            return i;
    return -1;
}

void
xb_savepoint(const char *name)
{
    if (xb.state != XB_EXPLICIT)
        ereport(ERROR,
                err_code("25P01"),
                err_msg("SAVEPOINT can only be used in transaction blocks"));
    if (xb.nsub == xb.cap) {
        int cap = xb.cap ? xb.cap * 2 : 8;
        SubXact *grown = mcx_alloc_in(xb.cx, sizeof(SubXact) * (size_t)cap);
        if (xb.nsub)
            memcpy(grown, xb.sub, sizeof(SubXact) * (size_t)xb.nsub);
        xb.sub = grown;
        xb.cap = cap;
    }
    SubXact *s = &xb.sub[xb.nsub++];
    s->name = mcx_alloc_in(xb.cx, strlen(name) + 1);
    memcpy(s->name, name, strlen(name) + 1);
    s->xid = INVALID_XID;
    lock_set_level(xb.nsub);
}

static void __attribute__((noreturn)) xb_no_savepoint(const char *name)
{
    ereport(ERROR, err_code("3B001"), err_msg("savepoint \"%s\" does not exist", name));
}

void
xb_release(const char *name)
{
    if (xb.state != XB_EXPLICIT)
        ereport(ERROR,
                err_code("25P01"),
                err_msg("RELEASE SAVEPOINT can only be used in transaction blocks"));
    int i = xb_find_savepoint(name);
    if (i < 0)
        xb_no_savepoint(name);
    /* The released levels' changes and locks now belong to the enclosing level. */
    for (int level = xb.nsub; level > i; level--)
        lock_reassign_level(level);
    settings_at_release(i);
    xb.nsub = i;
    lock_set_level(xb.nsub);
}

/* Abort subtransaction levels >= first (0-based index): their xids and their locks. */
static void
xb_abort_levels(int first)
{
    Xid *xids = mcx_alloc(sizeof(Xid) * (size_t)(xb.nsub + 1));
    int n = 0;
    for (int j = first; j < xb.nsub; j++)
        if (xb.sub[j].xid != INVALID_XID)
            xids[n++] = xb.sub[j].xid;
    ssi_forget_xids(xids, n);
    xact_abort_subxids(xids, n);
    for (int j = first; j < xb.nsub; j++)
        xb.sub[j].xid = INVALID_XID;
    lock_release_level(first + 1);
}

void
xb_rollback_to(const char *name)
{
    if (xb.state != XB_EXPLICIT && xb.state != XB_FAILED)
        ereport(ERROR,
                err_code("25P01"),
                err_msg("ROLLBACK TO SAVEPOINT can only be used in transaction blocks"));
    int i = xb_find_savepoint(name);
    if (i < 0)
        xb_no_savepoint(name);
    xb_abort_levels(i);
    settings_at_subabort(i + 1);
    xb.nsub = i + 1; /* the savepoint itself stays, as a fresh subtransaction */
    lock_set_level(xb.nsub);
    if (xb.did_ddl)
        cat_cache_reset_local();
    xb.state = XB_EXPLICIT;
}

void
xb_after_error(void)
{
    storage_abort_cleanup();
    engine_portals_drop_all();
    if (xb.state == XB_FAILED) {
        /* Already undone when the block failed (25P02, or a failing ROLLBACK TO). */
        cat_current_snapshot = NULL;
        return;
    }
    if (xb.state == XB_EXPLICIT && xb.nsub > 0) {
        /* Invariant 2: only the innermost subtransaction is undone now. */
        cmd_at_abort();
        xb_abort_levels(xb.nsub - 1);
        settings_at_subabort(xb.nsub);
        if (xb.did_ddl)
            cat_cache_reset_local();
        xb.state = XB_FAILED;
        cat_current_snapshot = NULL;
        return;
    }
    bool explicit_block = xb.state == XB_EXPLICIT;
    if (xb.state != XB_IDLE)
        xb_abort();
    if (explicit_block) {
        xb.state = XB_FAILED;
        xb.nsub = 0;
    }
}
