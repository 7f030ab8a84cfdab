/*
 * autovacuum.c
 *     The autovacuum process: every autovacuum_naptime, vacuum each table whose count of
 *     dead versions (stat_vacuum.c) exceeds autovacuum_vacuum_threshold +
 *     autovacuum_vacuum_scale_factor * its live versions; after the statistics table
 *     overflowed, also every table of every database now and then.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   9. Each table is vacuumed by the same code as VACUUM (cmd_vacuum_oid) with
 *      skip_locked: a table busy with DDL is left for the next round, so autovacuum never
 *      waits for a lock. An ERROR ends that table only: it is logged, storage and locks are
 *      cleaned up as a transaction abort would, and the loop goes on. No xid is ever taken.
 *  10. SIGTERM or SIGUSR2 (the postmaster's "stop") is seen between tables and, through the
 *      interrupt hook tbl_vacuum calls between leaves, inside one: the process exits 0
 *      within one batch of versions.
 *
 * Not here: forking and supervision (postmaster.c), what is removable (access/table).
 */
#include "oak/oak.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "oak/access/xact.h"
#include "oak/catalog/catalog.h"
#include "oak/commands/commands.h"
#include "oak/postmaster/autovacuum.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/guc.h"

enum { AV_SLEEP_SLICE_MS = 100 }; /* how often a napping process looks at its signals */

static volatile sig_atomic_t av_stop_requested; /* set by the signal handler only */
static MemCtx *av_pass_cx;                      /* reset after each pass */
static MemCtx *av_table_cx;                     /* reset after each table */
static unsigned av_naptimes;                    /* naptimes since start (full passes) */

static void
av_handle_stop(int sig)
{
    (void)sig;
    av_stop_requested = 1;
}

/* tbl_vacuum's between-leaves hook (invariant 10). */
static void
av_check_interrupts(void)
{
    if (av_stop_requested)
        ereport(ERROR,
                err_code(SQLSTATE_ADMIN_SHUTDOWN),
                err_msg("terminating autovacuum process due to administrator command"));
}

static void
av_exit_if_asked(void)
{
    if (av_stop_requested)
        oak_proc_exit(0);
    if (getppid() == 1)
        oak_proc_exit(1); /* the postmaster died: stop touching its data directory */
}

/* Vacuum table relid of database db (locked, known to exist), logging what it did. */
static void
av_vacuum_in_db(Oid db, Oid relid)
{
    TblVacuumStats st;
    CmdVacResult r = cmd_vacuum_oid(relid, true, false, &st);
    if (r == CMD_VAC_GONE)
        stat_forget(db, relid);
    else if (r == CMD_VAC_DONE)
        elog_log(DEBUG1,
                 "automatic vacuum of relation %u/%u: %llu removed, %llu remain",
                 db,
                 relid,
                 (unsigned long long)st.removed,
                 (unsigned long long)(st.live + st.recently_dead));
}

/* Vacuum one table of database db (0: a shared catalog), surviving its ERROR (invariant 9). */
static void
av_vacuum_table(Oid db, Oid relid)
{
    MemCtx *saved = mcx_switch(av_table_cx);

    err_try();
    {
        cat_my_db = db;
        cat_current_snapshot = NULL;
        /*
         * Keep DROP DATABASE and CREATE DATABASE's copy out while we change the database's
         * pages (commands/README.md invariant 9); a database being dropped is skipped.
         */
        LockTag dbtag = {.kind = LOCKTAG_OBJECT, .db = 0, .rel = PG_DATABASE_RELID, .id = db};
        CatDatabase dbrow;
        if (db == 0 || (lock_acquire(&dbtag, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_SKIP) &&
                        cat_database_by_oid(db, &dbrow)))
            av_vacuum_in_db(db, relid);
    }
    err_catch();
    {
        mcx_switch(av_table_cx);
        err_emit_current(); /* to the server log: no client here */
        err_clear();
        storage_abort_cleanup();
    }
    err_end_try();
    lock_release_all();
    xact_set_xmin(INVALID_XID);
    cat_current_snapshot = NULL;
    mcx_switch(saved);
    mcx_reset(av_table_cx);
}

/* The tables over their threshold, by the shared counters. */
static void
av_pass_by_stats(void)
{
    StatTable *tabs = mcx_alloc(sizeof(StatTable) * STAT_MAX_TABLES);
    int n = stat_snapshot(tabs, STAT_MAX_TABLES);

    for (int i = 0; i < n && !av_stop_requested; i++) {
        double limit = oak_settings.autovacuum_vacuum_threshold +
                       oak_settings.autovacuum_vacuum_scale_factor * (double)tabs[i].live;
        if ((double)tabs[i].dead > limit)
            av_vacuum_table(tabs[i].db, tabs[i].rel);
    }
}

/* Every OID a catalog listing returns, or none after logging its ERROR. */
static int
av_list(int (*list_fn)(Oid **), Oid **out)
{
    Oid *volatile oids = NULL; /* written in the try block, read after it */
    volatile int n = 0;

    err_try();
    {
        Oid *got;
        cat_current_snapshot = NULL;
        n = list_fn(&got);
        oids = got;
    }
    err_catch();
    {
        mcx_switch(av_pass_cx);
        err_emit_current();
        err_clear();
        storage_abort_cleanup();
        n = 0;
    }
    err_end_try();
    cat_current_snapshot = NULL;
    xact_set_xmin(INVALID_XID);
    *out = oids;
    return n;
}

/* Every table of every database: the fallback once the counters overflowed. */
static void
av_pass_everything(void)
{
    Oid *dbs;
    int ndbs = av_list(cat_list_databases, &dbs);

    for (int d = 0; d < ndbs && !av_stop_requested; d++) {
        Oid *rels;
        cat_my_db = dbs[d];
        int nrels = av_list(cat_list_tables, &rels);
        for (int r = 0; r < nrels && !av_stop_requested; r++)
            av_vacuum_table(dbs[d], rels[r]);
    }
}

/* Sleep one naptime in slices, returning early when asked to stop. */
static void
av_nap(void)
{
    for (int slept = 0; slept < oak_settings.autovacuum_naptime_ms; slept += AV_SLEEP_SLICE_MS) {
        av_exit_if_asked();
        struct timespec ts = {0, AV_SLEEP_SLICE_MS * 1000000L};
        (void)nanosleep(&ts, NULL); /* EINTR: a signal arrived; the loop looks at it */
    }
}

void
av_main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = av_handle_stop;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(SIGTERM, &sa, NULL); /* valid arguments: cannot fail */
    (void)sigaction(SIGUSR2, &sa, NULL);
    (void)signal(SIGINT, SIG_IGN);
    err_process_name = "autovacuum";
    if (!proc_attach())
        ereport(FATAL,
                err_code(SQLSTATE_TOO_MANY_CONNECTIONS),
                err_msg("no free proc array slot for the autovacuum process"));
    adt_interrupt_hook = av_check_interrupts;
    av_pass_cx = mcx_create(mcx_top, "autovacuum pass");
    av_table_cx = mcx_create(mcx_top, "autovacuum table");
    mcx_switch(av_pass_cx);

    for (;;) {
        av_nap();
        av_exit_if_asked();
        av_pass_by_stats();
        if (stat_overflowed() && ++av_naptimes % STAT_FULL_PASS_NAPTIMES == 0)
            av_pass_everything();
        mcx_reset(av_pass_cx);
    }
}
