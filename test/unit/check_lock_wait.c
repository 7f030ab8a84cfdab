/*
 * check_lock_wait.c
 *     Waiting for locks across processes: a release wakes the waiter, the queue is FIFO
 *     (with PostgreSQL's exception for holders), lock_timeout gives up and lets later
 *     waiters on, deadlocks of two and three processes pick exactly one victim (40P01), and
 *     waiting for a transaction ends when it does.
 */
#include "lock_test_util.h"

START_TEST(release_wakes_waiter)
{
    lt_setup();
    LtChild ch = lt_spawn();
    LockTag t = lt_rel(1);

    lock_acquire(&t, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    lt_send(&ch, lt_acquire(t, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(ch.pid);
    ck_assert(!lt_has_reply(&ch));
    lock_release(&t, EXCLUSIVE_LOCK);
    ck_assert_int_eq(lt_reply(&ch).ok, 1);
    ck_assert_int_eq(lt_count_rows(ch.pid, true), 1);
    ck_assert_int_eq(lt_count_rows(ch.pid, false), 0);
    lt_finish(&ch);
    lt_teardown();
}
END_TEST

START_TEST(queue_is_fifo)
{
    lt_setup();
    LtChild a = lt_spawn();
    LtChild b = lt_spawn();
    LockTag t = lt_rel(1);

    lock_acquire(&t, SHARE_LOCK, LOCK_WAIT_BLOCK);
    lt_send(&a, lt_acquire(t, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(a.pid);
    /* SHARE is compatible with what is granted, but not with a's earlier request */
    lt_send(&b, lt_acquire(t, SHARE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(b.pid);
    lock_release(&t, SHARE_LOCK);
    ck_assert_int_eq(lt_reply(&a).ok, 1);
    ck_assert(!lt_has_reply(&b));
    ck_assert_int_eq(lt_count_rows(b.pid, false), 1);
    ck_assert_int_eq(lt_do(&a, lt_cmd(LT_RELEASE_ALL, 0)).ok, 1);
    ck_assert_int_eq(lt_reply(&b).ok, 1);
    lt_finish(&a);
    lt_finish(&b);
    lt_teardown();
}
END_TEST

START_TEST(holder_goes_ahead_of_waiter_it_blocks)
{
    lt_setup();
    LtChild a = lt_spawn();
    LtChild b = lt_spawn();
    LockTag t = lt_rel(1);

    lock_acquire(&t, ACCESS_SHARE_LOCK, LOCK_WAIT_BLOCK);
    lt_send(&a, lt_acquire(t, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(a.pid);
    /* a newcomer queues behind a ... */
    ck_assert_int_eq(lt_do(&b, lt_acquire(t, ACCESS_SHARE_LOCK, LOCK_WAIT_SKIP)).ok, 0);
    /* ... but we hold a lock a waits for: waiting behind a would deadlock, so we go first */
    ck_assert(!lock_would_wait(&t, ROW_EXCLUSIVE_LOCK));
    ck_assert(lock_acquire_or_fail(&t, ROW_EXCLUSIVE_LOCK));
    lock_release_all();
    ck_assert_int_eq(lt_reply(&a).ok, 1);
    lt_finish(&a);
    lt_finish(&b);
    lt_teardown();
}
END_TEST

START_TEST(lock_timeout_gives_up_and_lets_others_on)
{
    lt_setup();
    LtChild a = lt_spawn();
    LtChild b = lt_spawn();
    LockTag t = lt_rel(1);

    /* long enough for b to queue behind a first, even on a loaded machine */
    ck_assert_int_eq(lt_do(&a, lt_cmd(LT_SET_LOCK_TIMEOUT, 500)).ok, 1);
    lock_acquire(&t, SHARE_LOCK, LOCK_WAIT_BLOCK);
    lt_send(&a, lt_acquire(t, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(a.pid);
    lt_send(&b, lt_acquire(t, SHARE_LOCK, LOCK_WAIT_BLOCK)); /* behind a (FIFO) */
    lt_await_waiting(b.pid);
    LtReply r = lt_reply(&a);
    ck_assert_int_eq(r.ok, -1);
    ck_assert_str_eq(r.sqlstate, SQLSTATE_LOCK_NOT_AVAILABLE);
    ck_assert_str_eq(r.message, "canceling statement due to lock timeout");
    ck_assert_int_eq(lt_reply(&b).ok, 1); /* a left the queue: b is compatible with us */
    ck_assert_int_eq(lt_count_rows(a.pid, false), 0);
    ck_assert_int_eq(lt_count_rows(a.pid, true), 0);
    lt_finish(&a);
    lt_finish(&b);
    lt_teardown();
}
END_TEST

static void
expect_deadlock(LtReply r, const char *detail)
{
    ck_assert_int_eq(r.ok, -1);
    ck_assert_str_eq(r.sqlstate, SQLSTATE_DEADLOCK_DETECTED);
    ck_assert_str_eq(r.message, "deadlock detected");
    ck_assert_str_eq(r.detail, detail);
    ck_assert_str_eq(r.hint, "See server log for query details.");
}

START_TEST(two_process_deadlock_has_one_victim)
{
    lt_setup();
    LtChild a = lt_spawn();
    LtChild b = lt_spawn();
    LockTag r1 = lt_rel(1);
    LockTag r2 = lt_rel(2);
    char detail[512];

    /* a would check only after a minute: b, whose wait closes the cycle, finds it */
    ck_assert_int_eq(lt_do(&a, lt_cmd(LT_SET_DEADLOCK_TIMEOUT, 60000)).ok, 1);
    ck_assert_int_eq(lt_do(&b, lt_cmd(LT_SET_DEADLOCK_TIMEOUT, 20)).ok, 1);
    lt_take(&a, r1, EXCLUSIVE_LOCK);
    lt_take(&b, r2, EXCLUSIVE_LOCK);
    lt_send(&a, lt_acquire(r2, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(a.pid);
    LtReply r = lt_do(&b, lt_acquire(r1, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    snprintf(detail,
             sizeof detail,
             "Process %d waits for ExclusiveLock on relation 1 of database 1; blocked by "
             "process %d.\nProcess %d waits for ExclusiveLock on relation 2 of database 1; "
             "blocked by process %d.",
             (int)b.pid,
             (int)a.pid,
             (int)a.pid,
             (int)b.pid);
    expect_deadlock(r, detail);
    ck_assert(!lt_has_reply(&a)); /* the other one still waits ... */
    ck_assert_int_eq(lt_count_rows(b.pid, false), 0);
    ck_assert_int_eq(lt_do(&b, lt_cmd(LT_RELEASE_ALL, 0)).ok, 1); /* ... until b aborts */
    ck_assert_int_eq(lt_reply(&a).ok, 1);
    lt_finish(&a);
    lt_finish(&b);
    lt_teardown();
}
END_TEST

START_TEST(three_process_deadlock_has_one_victim)
{
    lt_setup();
    LtChild p[3] = {lt_spawn(), lt_spawn(), lt_spawn()};
    char detail[768];

    /* the classic: each waits for the next one's transaction to end */
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(lt_do(&p[i], lt_cmd(LT_SET_DEADLOCK_TIMEOUT, i < 2 ? 60000 : 20)).ok, 1);
        ck_assert_int_eq(lt_do(&p[i], lt_cmd(LT_XID_BEGIN, 700 + i)).ok, 1);
    }
    lt_send(&p[0], lt_cmd(LT_WAIT_XID, 701));
    lt_await_waiting(p[0].pid);
    lt_send(&p[1], lt_cmd(LT_WAIT_XID, 702));
    lt_await_waiting(p[1].pid);
    LtReply r = lt_do(&p[2], lt_cmd(LT_WAIT_XID, 700));
    snprintf(detail,
             sizeof detail,
             "Process %d waits for ShareLock on transaction 700; blocked by process %d.\n"
             "Process %d waits for ShareLock on transaction 701; blocked by process %d.\n"
             "Process %d waits for ShareLock on transaction 702; blocked by process %d.",
             (int)p[2].pid,
             (int)p[0].pid,
             (int)p[0].pid,
             (int)p[1].pid,
             (int)p[1].pid,
             (int)p[2].pid);
    expect_deadlock(r, detail);
    ck_assert(!lt_has_reply(&p[0]));
    ck_assert(!lt_has_reply(&p[1]));
    ck_assert_int_eq(lt_do(&p[2], lt_cmd(LT_RELEASE_ALL, 0)).ok, 1); /* victim aborts */
    ck_assert_int_eq(lt_reply(&p[1]).ok, 1);
    ck_assert(!lt_has_reply(&p[0]));
    ck_assert_int_eq(lt_do(&p[1], lt_cmd(LT_RELEASE_ALL, 0)).ok, 1);
    ck_assert_int_eq(lt_reply(&p[0]).ok, 1);
    for (int i = 0; i < 3; i++)
        lt_finish(&p[i]);
    lt_teardown();
}
END_TEST

START_TEST(wait_xid_returns_when_transaction_ends)
{
    lt_setup();
    LtChild a = lt_spawn();
    LtChild b = lt_spawn();

    lock_wait_xid(12345); /* nobody runs it: at once */
    ck_assert_int_eq(lt_do(&a, lt_cmd(LT_XID_BEGIN, 500)).ok, 1);
    lt_send(&b, lt_cmd(LT_WAIT_XID, 500));
    lt_await_waiting(b.pid);
    ck_assert(!lt_has_reply(&b));
    ck_assert_int_eq(lt_do(&a, lt_cmd(LT_RELEASE_ALL, 0)).ok, 1); /* a commits */
    ck_assert_int_eq(lt_reply(&b).ok, 1);
    ck_assert_int_eq(lt_count_rows(b.pid, true), 0); /* the share lock went at once */
    lt_finish(&a);
    lt_finish(&b);
    lt_teardown();
}
END_TEST

START_TEST(many_waiters_all_get_through)
{
    lt_setup();
    LtChild p[4] = {lt_spawn(), lt_spawn(), lt_spawn(), lt_spawn()};

    for (int i = 0; i < 4; i++)
        lt_send(&p[i], lt_cmd(LT_HAMMER, 2000));
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(lt_reply(&p[i]).ok, 1); /* no lost wake-up, no false deadlock */
    LockStatus *rows;
    ck_assert_int_eq(lock_status_snapshot(&rows), 0);
    for (int i = 0; i < 4; i++)
        lt_finish(&p[i]);
    lt_teardown();
}
END_TEST

Suite *
lock_wait_suite(void)
{
    Suite *s = suite_create("lock_wait");
    TCase *tc = tcase_create("wait");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, release_wakes_waiter);
    tcase_add_test(tc, queue_is_fifo);
    tcase_add_test(tc, holder_goes_ahead_of_waiter_it_blocks);
    tcase_add_test(tc, lock_timeout_gives_up_and_lets_others_on);
    tcase_add_test(tc, two_process_deadlock_has_one_victim);
    tcase_add_test(tc, three_process_deadlock_has_one_victim);
    tcase_add_test(tc, wait_xid_returns_when_transaction_ends);
    tcase_add_test(tc, many_waiters_all_get_through);
    suite_add_tcase(s, tc);
    return s;
}
