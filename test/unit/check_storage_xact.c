/*
 * check_storage_xact.c
 *     Transactions and locks: snapshots see exactly the transactions committed before them,
 *     across processes; table write locks exclude a second writer until release.
 */
#include "storage_test_util.h"

#include <fcntl.h>
#include <sys/wait.h>

#include "oak/access/xact.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"
#include "oak/storage/lock.h"

/* Give xid a logged change so its commit is a real commit record. */
static void
log_something(Xid xid)
{
    char body[8] = "x";
    wal_insert_record(RM_XLOG, 99, xid, body, sizeof body);
}

START_TEST(snapshot_sees_only_earlier_commits)
{
    st_setup();
    /* another "backend": a forked child holding its transaction open until told */
    int to_child[2];
    int to_parent[2];
    ck_assert_int_eq(pipe(to_child), 0);
    ck_assert_int_eq(pipe(to_parent), 0);
    proc_detach(); /* the child gets a slot of its own */
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        char c;
        if (!proc_attach())
            _exit(2);
        Xid x = xact_begin();
        log_something(x);
        if (write(to_parent[1], &x, sizeof x) != sizeof x || read(to_child[0], &c, 1) != 1)
            _exit(3);
        xact_commit();
        if (write(to_parent[1], &x, sizeof x) != sizeof x)
            _exit(4);
        proc_detach();
        _exit(0);
    }
    ck_assert(proc_attach());
    Xid other;
    ck_assert_int_eq(read(to_parent[0], &other, sizeof other), sizeof other);

    Xid mine = xact_begin();
    log_something(mine);
    Snapshot *s1 = snap_take();
    ck_assert_uint_eq(s1->myxid, mine);
    ck_assert_int_eq(s1->nxip, 1);
    ck_assert_uint_eq(s1->xip[0], other);
    ck_assert_uint_le(s1->xmin, other);
    ck_assert(!snap_xid_visible(s1, other));
    ck_assert(snap_xid_visible(s1, mine));
    ck_assert(snap_xid_visible(s1, XID_BOOTSTRAP));

    ck_assert_int_eq(write(to_child[1], "go", 1), 1);
    ck_assert_int_eq(read(to_parent[0], &other, sizeof other), sizeof other);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    ck_assert_int_eq(clog_status(other), XID_COMMITTED);
    ck_assert(!snap_xid_visible(s1, other)); /* running when s1 was taken */
    Snapshot *s2 = snap_take();
    ck_assert_int_eq(s2->nxip, 0);
    ck_assert(snap_xid_visible(s2, other));
    xact_commit();
    ck_assert_uint_eq(xact_current_xid(), INVALID_XID);

    Snapshot *s3 = snap_take();
    ck_assert(snap_xid_visible(s3, mine));
    Xid later = xact_begin();
    ck_assert(!snap_xid_visible(s3, later)); /* started after s3 */
    xact_abort();
    ck_assert(!snap_xid_visible(snap_take(), later));
    st_teardown();
}
END_TEST

START_TEST(write_lock_excludes_second_writer)
{
    st_setup();
    LockTag t500 = {.kind = LOCKTAG_RELATION, .db = 1, .rel = 500};
    LockTag t400 = {.kind = LOCKTAG_RELATION, .db = 1, .rel = 400};
    int to_child[2];
    int to_parent[2];
    ck_assert_int_eq(pipe(to_child), 0);
    ck_assert_int_eq(pipe(to_parent), 0);

    proc_detach();      /* the child gets a slot of its own: locks belong to a proc slot */
    pid_t pid = fork(); /* before we lock: the child must not inherit our lock list */
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        LockTag one = {.kind = LOCKTAG_RELATION, .db = 1, .rel = 400};
        char c;
        if (!proc_attach())
            _exit(2);
        if (read(to_child[0], &c, 1) != 1)
            _exit(3);
        (void)lock_acquire(&one, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK); /* waits for the parent */
        c = 'L';
        if (write(to_parent[1], &c, 1) != 1)
            _exit(4);
        lock_release_all();
        _exit(0);
    }
    ck_assert(proc_attach());
    ck_assert(lock_acquire(&t500, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    ck_assert(lock_acquire(&t400, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    ck_assert(lock_acquire(&t500, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK)); /* held: no self-deadlock */
    ck_assert_int_eq(write(to_child[1], "g", 1), 1);
    storage_abort_cleanup(); /* statement abort keeps table locks */
    /* while we hold the lock the child cannot report having it */
    int flags = fcntl(to_parent[0], F_GETFL);
    ck_assert_int_eq(fcntl(to_parent[0], F_SETFL, flags | O_NONBLOCK), 0);
    char c;
    ck_assert_int_eq(read(to_parent[0], &c, 1), -1);
    ck_assert_int_eq(fcntl(to_parent[0], F_SETFL, flags), 0);

    lock_release_all();
    ck_assert_int_eq(read(to_parent[0], &c, 1), 1);
    ck_assert_int_eq(c, 'L');
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    st_teardown();
}
END_TEST

Suite *
storage_xact_suite(void)
{
    Suite *s = suite_create("storage_xact");
    TCase *tc = tcase_create("xact");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, snapshot_sees_only_earlier_commits);
    tcase_add_test(tc, write_lock_excludes_second_writer);
    suite_add_tcase(s, tc);
    return s;
}
