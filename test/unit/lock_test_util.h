/*
 * lock_test_util.h
 *     Fixture for the lock manager tests: shared memory in the test's own process (Check
 *     forks per test), and scripted "backends": forked children with a proc slot of their
 *     own that run lock calls sent down a pipe and answer each with its outcome, so a test
 *     can sequence several processes step by step.
 */
#ifndef OAK_TEST_LOCK_UTIL_H
#define OAK_TEST_LOCK_UTIL_H

#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oak/oak.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lock.h"
#include "oak/storage/proc.h"
#include "oak/storage/shmem.h"
#include "oak/utils/guc.h"

typedef enum LtOp {
    LT_ACQUIRE,
    LT_RELEASE,
    LT_RELEASE_ALL,
    LT_XID_BEGIN,
    LT_WAIT_XID,
    LT_SET_DEADLOCK_TIMEOUT,
    LT_SET_LOCK_TIMEOUT,
    LT_HAMMER, /* arg rounds of take-and-release on relation 99 in rotating modes */
    LT_EXIT,
} LtOp;

typedef struct LtCmd {
    LtOp op;
    LockTag tag;
    int mode;
    LockWaitPolicy policy;
    int64_t arg; /* xid or milliseconds */
} LtCmd;

typedef struct LtReply {
    int ok; /* 1 done (or acquired), 0 refused (SKIP), -1 an ERROR below */
    char sqlstate[6];
    char message[256];
    char detail[1024];
    char hint[256];
} LtReply;

typedef struct LtChild {
    pid_t pid;
    int cmd_fd;
    int reply_fd;
} LtChild;

static inline void
lt_setup_with(int max_connections)
{
    guc_set_defaults(&oak_settings);
    oak_settings.shared_buffers = 16 * OAK_PAGE_SIZE;
    oak_settings.wal_buffers = 1024 * 1024;
    oak_settings.max_connections = max_connections;
    shm_create();
    ck_assert(proc_attach());
    lock_deadlock_timeout_ms = 1000;
    lock_timeout_ms = 0;
}

static inline void
lt_setup(void)
{
    lt_setup_with(8);
}

static inline void
lt_teardown(void)
{
    lock_release_all();
    proc_detach();
    shm_destroy();
}

static inline LockTag
lt_rel(Oid rel)
{
    LockTag t = {.kind = LOCKTAG_RELATION, .db = 1, .rel = rel};
    return t;
}

static inline LockTag
lt_row(uint64_t id)
{
    LockTag t = {.kind = LOCKTAG_TUPLE, .db = 1, .rel = 7, .id = id};
    return t;
}

static LtReply lt_last; /* static: written inside err_try, read after it */

static inline int
lt_run(const LtCmd *c)
{
    switch (c->op) {
    case LT_ACQUIRE:
        return lock_acquire(&c->tag, c->mode, c->policy) ? 1 : 0;
    case LT_RELEASE:
        lock_release(&c->tag, c->mode);
        return 1;
    case LT_RELEASE_ALL:
        lock_release_all();
        return 1;
    case LT_XID_BEGIN:
        lock_xid_begin((Xid)c->arg);
        return 1;
    case LT_WAIT_XID:
        lock_wait_xid((Xid)c->arg);
        return 1;
    case LT_SET_DEADLOCK_TIMEOUT:
        lock_deadlock_timeout_ms = (int)c->arg;
        return 1;
    case LT_SET_LOCK_TIMEOUT:
        lock_timeout_ms = (int)c->arg;
        return 1;
    case LT_HAMMER:
        for (int64_t i = 0; i < c->arg; i++) {
            static const int modes[] = {ROW_EXCLUSIVE_LOCK, SHARE_LOCK, EXCLUSIVE_LOCK};
            LockTag t = {.kind = LOCKTAG_RELATION, .db = 1, .rel = 99};
            int mode = modes[(i + getpid()) % 3];
            lock_acquire(&t, mode, LOCK_WAIT_BLOCK);
            lock_release(&t, mode);
        }
        return 1;
    case LT_EXIT:
        return 1;
    }
    return -1;
}

/* The child's loop: one reply per command; an ERROR is reported, then cleaned up. */
static inline void __attribute__((noreturn)) lt_child_loop(int cmd_fd, int reply_fd)
{
    LtCmd c;

    while (read(cmd_fd, &c, sizeof c) == (ssize_t)sizeof c) {
        memset(&lt_last, 0, sizeof lt_last);
        err_try();
        {
            lt_last.ok = lt_run(&c);
        }
        err_catch();
        {
            const ErrorData *e = err_current();
            lt_last.ok = -1;
            snprintf(lt_last.sqlstate, sizeof lt_last.sqlstate, "%s", e->sqlstate);
            snprintf(lt_last.message, sizeof lt_last.message, "%s", e->message ? e->message : "");
            snprintf(lt_last.detail, sizeof lt_last.detail, "%s", e->detail ? e->detail : "");
            snprintf(lt_last.hint, sizeof lt_last.hint, "%s", e->hint ? e->hint : "");
            storage_abort_cleanup();
            err_clear();
        }
        err_end_try();
        if (write(reply_fd, &lt_last, sizeof lt_last) != (ssize_t)sizeof lt_last)
            _exit(5);
        if (c.op == LT_EXIT)
            break;
    }
    lock_release_all();
    proc_detach();
    _exit(0);
}

/* Fork a scripted backend. The caller must hold no locks (the child would inherit them). */
static inline LtChild
lt_spawn(void)
{
    int down[2];
    int up[2];
    LtChild ch;

    ck_assert_int_eq(pipe(down), 0);
    ck_assert_int_eq(pipe(up), 0);
    proc_detach(); /* the child takes a slot of its own */
    ch.pid = fork();
    ck_assert_int_ge(ch.pid, 0);
    if (ch.pid == 0) {
        close(down[1]);
        close(up[0]);
        if (!proc_attach())
            _exit(2);
        lt_child_loop(down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    ck_assert(proc_attach());
    ch.cmd_fd = down[1];
    ch.reply_fd = up[0];
    return ch;
}

static inline void
lt_send(const LtChild *ch, LtCmd c)
{
    ck_assert_int_eq(write(ch->cmd_fd, &c, sizeof c), (ssize_t)sizeof c);
}

static inline LtReply
lt_reply(const LtChild *ch)
{
    LtReply r;
    ck_assert_int_eq(read(ch->reply_fd, &r, sizeof r), (ssize_t)sizeof r);
    return r;
}

static inline bool
lt_has_reply(const LtChild *ch)
{
    struct pollfd p = {.fd = ch->reply_fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1;
}

static inline LtReply
lt_do(const LtChild *ch, LtCmd c)
{
    lt_send(ch, c);
    return lt_reply(ch);
}

static inline LtCmd
lt_acquire(LockTag tag, int mode, LockWaitPolicy policy)
{
    LtCmd c = {.op = LT_ACQUIRE, .tag = tag, .mode = mode, .policy = policy};
    return c;
}

static inline LtCmd
lt_cmd(LtOp op, int64_t arg)
{
    LtCmd c = {.op = op, .arg = arg};
    return c;
}

/* Send an acquire and check it was granted. */
static inline void
lt_take(const LtChild *ch, LockTag tag, int mode)
{
    LtReply r = lt_do(ch, lt_acquire(tag, mode, LOCK_WAIT_BLOCK));
    ck_assert_int_eq(r.ok, 1);
}

/* Rows of the lock table for pid, waiting (granted false) or holding. */
static inline int
lt_count_rows(int pid, bool granted)
{
    LockStatus *rows;
    int n = lock_status_snapshot(&rows);
    int found = 0;

    for (int i = 0; i < n; i++)
        if (rows[i].pid == pid && rows[i].granted == granted)
            found++;
    return found;
}

/*
 * Until pid is queued on a lock (observed in the table, not guessed from time), at most
 * about five seconds. Polling is the only way to see another process start to sleep.
 */
static inline void
lt_await_waiting(pid_t pid)
{
    for (int i = 0; i < 5000; i++) {
        if (lt_count_rows((int)pid, false) > 0)
            return;
        struct timespec ms = {0, 1000000};
        (void)nanosleep(&ms, NULL);
    }
    ck_abort_msg("process %d never started waiting", (int)pid);
}

static inline void
lt_finish(const LtChild *ch)
{
    int status;

    ck_assert_int_eq(lt_do(ch, lt_cmd(LT_EXIT, 0)).ok, 1);
    ck_assert_int_eq(waitpid(ch->pid, &status, 0), ch->pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(ch->cmd_fd);
    close(ch->reply_fd);
}

#endif /* OAK_TEST_LOCK_UTIL_H */
