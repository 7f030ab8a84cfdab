/*
 * checkpoint.c
 *     Checkpoints (checkpoint_now at full speed, the checkpointer's spread ones) and the
 *     checkpointer process (checkpointer_main).
 *
 * A checkpoint: fix the redo point (current insert position; pages changed after it get a
 * full image at their first change), mark the buffers dirty at that moment and write them
 * (WAL rule honoured by the buffer manager), fsync the relation segments written since the
 * last checkpoint, insert and flush the checkpoint record, replace the control file, then
 * delete WAL segments wholly before the redo point. A crash anywhere in between leaves the
 * previous checkpoint in the control file, and its WAL still present.
 *
 * Spreading (README "Checkpoints"): a checkpoint the checkpointer starts by time or WAL
 * volume paces its buffer writes. Its progress (share of the marked buffers written, times
 * checkpoint_completion_target) is kept just ahead of how far its interval has gone: time
 * since its start against checkpoint_timeout, or WAL since its redo point against the WAL
 * distance between volume checkpoints, whichever is further. An explicit CHECKPOINT, the
 * shutdown checkpoint and the end-of-recovery one run at full speed, and a spread one in
 * progress stops sleeping as soon as one of them waits for ckpt_lock, or shutdown is asked.
 *
 * The checkpointer also flushes WAL every WAL_WRITER_DELAY_MS, even while it paces a
 * checkpoint, which bounds how much a synchronous_commit = off transaction can lose (the
 * walwriter's job; issue: no walwriter process in this slice).
 */
#include "oak/oak.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "oak/access/xact.h"
#include "oak/storage/bufmgr.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/smgr.h"
#include "oak/utils/fault.h"
#include "oak/utils/guc.h"
#include "wal_int.h"

enum {
    WAL_WRITER_DELAY_MS = 200, /* WAL flush period for synchronous_commit = off */
    CKPT_POLL_MS = 20,         /* how often the idle checkpointer looks at the WAL volume */
    CKPT_PACE_MS = 10,         /* a spread checkpoint ahead of schedule sleeps this long */
};

/* How the checkpoint running in this process paces itself. */
typedef struct CkptPace {
    bool spread;        /* paced (the checkpointer's own), else full speed */
    bool middle_passed; /* the "checkpoint-middle" fault point was passed */
    uint64_t start_ms;
    Lsn redo;
    uint64_t flushed_ms; /* last periodic WAL flush */
} CkptPace;

static volatile sig_atomic_t ckpt_shutdown_requested; /* checkpointer: SIGUSR2 arrived */

static uint64_t
ckpt_now_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts); /* CLOCK_MONOTONIC cannot fail */
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
ckpt_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    (void)nanosleep(&ts, NULL); /* EINTR: a signal arrived; the caller's loop looks at it */
}

/*
 * WAL between the redo points of two volume checkpoints. A checkpoint starts when this much
 * WAL follows the last redo point and is paced to end when its own redo point is followed by
 * checkpoint_completion_target of it; so at the end of a checkpoint, when the segments
 * before its redo point go, wal/ holds (1 + target) times this: max_wal_size.
 */
static double
ckpt_wal_distance(void)
{
    return (double)oak_settings.max_wal_size / (1.0 + oak_settings.checkpoint_completion_target);
}

/* How far into its interval a checkpoint is: 0 at its start, 1 when the next one is due. */
static double
ckpt_elapsed(const CkptPace *p)
{
    double by_time =
        (double)(ckpt_now_ms() - p->start_ms) / (double)oak_settings.checkpoint_timeout_ms;
    double by_wal = (double)(wal_insert_lsn() - p->redo) / ckpt_wal_distance();
    return by_time > by_wal ? by_time : by_wal;
}

/* A full-speed checkpoint waits for ours, or the server is shutting down. */
static bool
ckpt_must_hurry(void)
{
    return ckpt_shutdown_requested || atomic_load(&wal_shared->ckpt_hurry) > 0;
}

/*
 * BufPaceFn of a checkpoint: pass the "checkpoint-middle" fault point at half way; when
 * spread, sleep while ahead of schedule, flushing WAL as the walwriter would.
 */
static void
ckpt_pace(int written, int total, void *arg)
{
    CkptPace *p = arg;

    if (!p->middle_passed && 2 * written >= total) {
        p->middle_passed = true;
        FAULT_POINT("checkpoint-middle");
    }
    if (!p->spread)
        return;
    double progress = (double)written / total * oak_settings.checkpoint_completion_target;
    while (progress > ckpt_elapsed(p) && !ckpt_must_hurry()) {
        if (getppid() == 1)
            oak_proc_exit(1); /* the postmaster died: stop writing to its data dir */
        uint64_t now = ckpt_now_ms();
        if (now - p->flushed_ms >= WAL_WRITER_DELAY_MS) {
            wal_flush(wal_insert_lsn()); /* lock order ckpt_lock -> write_lock */
            p->flushed_ms = now;
        }
        ckpt_sleep_ms(CKPT_PACE_MS);
    }
}

/*
 * One checkpoint: spread when cause ("time", "wal") names why the checkpointer started it,
 * else at full speed. ERROR (control file) leaves the old one in force.
 */
static void
ckpt_write(bool shutdown, const char *cause)
{
    ControlFile cf;
    const bool spread = cause != NULL;
    CkptPace pace = {.spread = spread};

    /* A spread checkpoint holding ckpt_lock sees the count and finishes at full speed. */
    if (!spread)
        atomic_fetch_add(&wal_shared->ckpt_hurry, 1);
    lw_acquire(&wal_shared->ckpt_lock, LW_EXCLUSIVE); /* one checkpoint at a time */
    if (!spread)
        atomic_fetch_sub(&wal_shared->ckpt_hurry, 1);
    if (!control_read(&cf))
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("control file \"%s/control\" is missing or corrupt",
                        oak_settings.data_dir));
    Lsn redo = wal_begin_checkpoint();
    if (spread)
        elog_log(LOG, "checkpoint starting: %s", cause);
    pace.start_ms = ckpt_now_ms();
    pace.flushed_ms = pace.start_ms;
    pace.redo = redo;
    /*
     * Every page changed before redo was marked dirty before its record was inserted (the
     * WAL discipline), so the mark below finds it: written before the checkpoint record.
     */
    int total = buf_checkpoint_mark();
    buf_checkpoint_write(total, ckpt_pace, &pace);
    if (!pace.middle_passed)
        FAULT_POINT("checkpoint-middle"); /* nothing to write: the middle is here */
    uint64_t written_ms = ckpt_now_ms();
    smgr_sync_pending();

    WalCheckpoint ck = {
        .redo = redo,
        .next_xid = xact_peek_next_xid(),
        .next_oid = oid_peek_next(),
        .shutdown = shutdown ? 1 : 0,
        .time = (int64_t)time(NULL),
    };
    Lsn end = wal_insert_record(RM_XLOG,
                                shutdown ? XLOG_CHECKPOINT_SHUTDOWN : XLOG_CHECKPOINT_ONLINE,
                                INVALID_XID,
                                &ck,
                                sizeof ck);
    wal_flush(end);
    /* records are contiguous (invariant 1): the record starts its padded length before end */
    cf.checkpoint_lsn = end - OAK_MAXALIGN(sizeof(WalRecordHeader) + sizeof ck);
    cf.ckpt = ck;
    cf.state = shutdown ? DB_STATE_SHUTDOWN : DB_STATE_IN_PRODUCTION;
    control_write(&cf);
    wal_remove_old_segments(redo);
    lw_release(&wal_shared->ckpt_lock);
    if (spread)
        elog_log(LOG,
                 "checkpoint complete: wrote %d buffers; write=%.3f s, sync=%.3f s; "
                 "WAL since redo %llu kB",
                 total,
                 (double)(written_ms - pace.start_ms) / 1000.0,
                 (double)(ckpt_now_ms() - written_ms) / 1000.0,
                 (unsigned long long)((end - redo) / 1024));
}

void
checkpoint_now(bool shutdown)
{
    ckpt_write(shutdown, NULL);
}

static void
ckpt_handle_usr2(int sig)
{
    (void)sig;
    ckpt_shutdown_requested = 1;
}

/* One spread checkpoint; an ERROR is logged and the loop goes on. */
static void
ckpt_run_spread(const char *cause)
{
    err_try();
    {
        ckpt_write(false, cause);
    }
    err_catch();
    {
        err_emit_current();
        err_clear();
        storage_abort_cleanup();
    }
    err_end_try();
}

void
checkpointer_main(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ckpt_handle_usr2;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(SIGUSR2, &sa, NULL); /* valid arguments: cannot fail */
    sigset_t usr2;
    (void)sigemptyset(&usr2);
    (void)sigaddset(&usr2, SIGUSR2);
    (void)sigprocmask(SIG_UNBLOCK, &usr2, NULL); /* the postmaster forked us with it blocked */
    (void)signal(SIGTERM, SIG_IGN);              /* the postmaster says when, with SIGUSR2 */
    (void)signal(SIGINT, SIG_IGN);
    err_process_name = "checkpointer";

    uint64_t last_start_ms = ckpt_now_ms();
    uint64_t flushed_ms = last_start_ms;
    for (;;) {
        if (ckpt_shutdown_requested) {
            checkpoint_now(true); /* an ERROR here is FATAL: no clean shutdown */
            oak_proc_exit(0);
        }
        if (getppid() == 1)
            oak_proc_exit(1); /* the postmaster died: stop writing to its data dir */
        uint64_t now = ckpt_now_ms();
        if (now - flushed_ms >= WAL_WRITER_DELAY_MS) {
            wal_flush(wal_insert_lsn()); /* bounded loss for synchronous_commit = off */
            flushed_ms = now;
        }
        /* the redo point of the last checkpoint, whoever wrote it (CHECKPOINT too) */
        double since_redo = (double)(wal_insert_lsn() - wal_redo_lsn());
        bool by_time = now - last_start_ms >= (uint64_t)oak_settings.checkpoint_timeout_ms;
        bool by_volume = since_redo >= ckpt_wal_distance();
        if (by_time || by_volume) {
            last_start_ms = now;
            ckpt_run_spread(by_time ? "time" : "wal");
            continue;
        }
        ckpt_sleep_ms(CKPT_POLL_MS);
    }
}
