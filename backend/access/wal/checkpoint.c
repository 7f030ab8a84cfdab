/*
 * checkpoint.c
 *     Checkpoints (checkpoint_now) and the checkpointer process (checkpointer_main).
 *
 * A checkpoint: fix the redo point (current insert position; pages changed after it get a
 * full image at their first change), write every dirty buffer (WAL rule honoured by the
 * buffer manager), fsync the relation segments written since the last checkpoint, insert
 * and flush the checkpoint record, replace the control file, then delete WAL segments wholly
 * before the redo point. A crash anywhere in between leaves the previous checkpoint in the
 * control file, and its WAL still present.
 *
 * The checkpointer also flushes WAL every WAL_WRITER_DELAY_MS, which bounds how much a
 * synchronous_commit = off transaction can lose (the walwriter's job; issue: no walwriter
 * process in this slice).
 */
#include "oak/oak.h"

#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "oak/access/xact.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/smgr.h"
#include "oak/utils/guc.h"
#include "wal_int.h"

enum { WAL_WRITER_DELAY_MS = 200 };

void
checkpoint_now(bool shutdown)
{
    ControlFile cf;

    lw_acquire(&wal_shared->ckpt_lock, LW_EXCLUSIVE); /* one checkpoint at a time */
    if (!control_read(&cf))
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("control file \"%s/control\" is missing or corrupt",
                        oak_settings.data_dir));
    Lsn redo = wal_begin_checkpoint();
    buf_flush_all();
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
}

static volatile sig_atomic_t ckpt_shutdown_requested;

static void
ckpt_handle_usr2(int sig)
{
    (void)sig;
    ckpt_shutdown_requested = 1;
}

static uint64_t
ckpt_now_ms(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts); /* CLOCK_MONOTONIC cannot fail */
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* One checkpoint attempt; an ERROR is logged and the loop goes on. */
static void
ckpt_run(bool shutdown)
{
    err_try();
    {
        checkpoint_now(shutdown);
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
    (void)signal(SIGTERM, SIG_IGN);      /* the postmaster says when, with SIGUSR2 */
    (void)signal(SIGINT, SIG_IGN);
    err_process_name = "checkpointer";

    uint64_t last_ckpt_ms = ckpt_now_ms();
    Lsn last_redo = wal_redo_lsn();
    for (;;) {
        if (ckpt_shutdown_requested) {
            checkpoint_now(true); /* an ERROR here is FATAL: no clean shutdown */
            oak_proc_exit(0);
        }
        if (getppid() == 1)
            oak_proc_exit(1);        /* the postmaster died: stop writing to its data dir */
        wal_flush(wal_insert_lsn()); /* bounded loss for synchronous_commit = off */
        uint64_t now = ckpt_now_ms();
        Lsn insert = wal_insert_lsn();
        bool by_time = now - last_ckpt_ms >= (uint64_t)oak_settings.checkpoint_timeout_ms;
        bool by_volume = insert - last_redo >= oak_settings.max_wal_size / 2;
        if (by_time || by_volume) {
            ckpt_run(false);
            last_ckpt_ms = ckpt_now_ms();
            last_redo = wal_redo_lsn();
        }
        struct timespec ts = {0, WAL_WRITER_DELAY_MS * 1000000L};
        (void)nanosleep(&ts, NULL); /* EINTR: a signal arrived; the loop looks at it */
    }
}
