/*
 * check_lock_table.c
 *     The lock table without waiting: PostgreSQL's conflict tables for every mode pair,
 *     re-entrant acquisition, NOWAIT and SKIP LOCKED refusals, subtransaction levels, the
 *     full-table error, pg_locks snapshots and mode names.
 */
#include "lock_test_util.h"

/* PostgreSQL's table-level lock conflicts (docs: "Conflicting Lock Modes"), 1-based. */
static const char *const table_conflicts[9] = {
    NULL,
    "00000001", /* AccessShare conflicts with AccessExclusive */
    "00000011", /* RowShare */
    "00001111", /* RowExclusive */
    "00011111", /* ShareUpdateExclusive */
    "00110111", /* Share */
    "00111111", /* ShareRowExclusive */
    "01111111", /* Exclusive */
    "11111111", /* AccessExclusive */
};

/* Row-level: key share, share, no key update, update (docs: "Conflicting Row-Level Locks"). */
static const char *const row_conflicts[5] = {
    NULL,
    "0001",
    "0011",
    "0111",
    "1111",
};

/* A child holds mode a on object a; we ask for every mode b on every object a. */
static void
check_conflicts(LockTag (*tag_of)(uint64_t), int nmodes, const char *const *expect)
{
    LtChild ch = lt_spawn();

    for (int a = 1; a <= nmodes; a++)
        lt_take(&ch, tag_of((uint64_t)a), a);
    for (int a = 1; a <= nmodes; a++) {
        for (int b = 1; b <= nmodes; b++) {
            LockTag t = tag_of((uint64_t)a);
            bool conflict = expect[a][b - 1] == '1';
            ck_assert_msg(lock_would_wait(&t, b) == conflict, "held %d, asked %d", a, b);
            bool got = lock_acquire_or_fail(&t, b);
            ck_assert_msg(got == !conflict, "held %d, asked %d", a, b);
            if (got)
                lock_release(&t, b);
        }
    }
    ck_assert_int_eq(lt_count_rows((int)getpid(), true), 0); /* refusals left nothing */
    ck_assert_int_eq(lt_count_rows(ch.pid, true), nmodes);
    lt_finish(&ch);
}

static LockTag
table_tag(uint64_t a)
{
    return lt_rel((Oid)(100 + a));
}

START_TEST(table_modes_conflict_as_postgresql)
{
    lt_setup();
    check_conflicts(table_tag, 8, table_conflicts);
    lt_teardown();
}
END_TEST

START_TEST(row_modes_conflict_as_postgresql)
{
    lt_setup();
    check_conflicts(lt_row, 4, row_conflicts);
    lt_teardown();
}
END_TEST

START_TEST(own_locks_never_conflict_and_are_counted)
{
    lt_setup();
    LockTag t = lt_rel(10);
    int me = (int)getpid();

    ck_assert(lock_acquire(&t, SHARE_LOCK, LOCK_WAIT_NOWAIT));
    ck_assert(lock_acquire(&t, SHARE_LOCK, LOCK_WAIT_NOWAIT));
    ck_assert(lock_acquire(&t, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_NOWAIT)); /* no self-conflict */
    ck_assert(!lock_would_wait(&t, EXCLUSIVE_LOCK));
    ck_assert_int_eq(lt_count_rows(me, true), 2); /* one row per mode, not per acquisition */
    lock_release(&t, SHARE_LOCK);
    ck_assert_int_eq(lt_count_rows(me, true), 2);
    lock_release(&t, SHARE_LOCK);
    ck_assert_int_eq(lt_count_rows(me, true), 1);
    lock_release(&t, ACCESS_EXCLUSIVE_LOCK);
    ck_assert_int_eq(lt_count_rows(me, true), 0);
    lock_release(&t, ACCESS_EXCLUSIVE_LOCK); /* not held: a WARNING, nothing else */
    ck_assert_int_eq(lt_count_rows(me, true), 0);
    lt_teardown();
}
END_TEST

static void
expect_error(const LockTag *t, int mode, const char *sqlstate, const char *message)
{
    volatile bool raised = false;

    err_try();
    {
        lock_acquire(t, mode, LOCK_WAIT_NOWAIT);
    }
    err_catch();
    {
        raised = true;
        ck_assert_str_eq(err_current()->sqlstate, sqlstate);
        ck_assert_str_eq(err_current()->message, message);
        err_clear();
    }
    err_end_try();
    ck_assert(raised);
}

START_TEST(nowait_and_skip_refuse_without_trace)
{
    lt_setup();
    LtChild ch = lt_spawn();
    LockTag rel = lt_rel(1);
    LockTag row = lt_row(42);
    LockTag xid = {.kind = LOCKTAG_TRANSACTION, .id = 9};

    lt_take(&ch, rel, ACCESS_EXCLUSIVE_LOCK);
    lt_take(&ch, row, ROW_LOCK_UPDATE);
    ck_assert_int_eq(lt_do(&ch, lt_cmd(LT_XID_BEGIN, 9)).ok, 1);
    expect_error(&rel,
                 ACCESS_SHARE_LOCK,
                 SQLSTATE_LOCK_NOT_AVAILABLE,
                 "could not obtain lock on relation 1");
    expect_error(&row,
                 ROW_LOCK_KEY_SHARE,
                 SQLSTATE_LOCK_NOT_AVAILABLE,
                 "could not obtain lock on row in relation 7");
    expect_error(&xid,
                 SHARE_LOCK,
                 SQLSTATE_LOCK_NOT_AVAILABLE,
                 "could not obtain lock on transaction 9");
    ck_assert(!lock_acquire(&rel, ACCESS_SHARE_LOCK, LOCK_WAIT_SKIP));
    ck_assert(!lock_acquire_or_fail(&row, ROW_LOCK_SHARE));
    ck_assert_int_eq(lt_count_rows((int)getpid(), true), 0);
    ck_assert_int_eq(lt_count_rows((int)getpid(), false), 0);
    ck_assert_int_eq(lt_count_rows(ch.pid, true), 3);
    ck_assert_int_eq(lt_do(&ch, lt_cmd(LT_RELEASE_ALL, 0)).ok, 1);
    ck_assert(lock_acquire_or_fail(&rel, ACCESS_EXCLUSIVE_LOCK)); /* free again */
    lt_finish(&ch);
    lt_teardown();
}
END_TEST

/* Whether we hold t in mode, as pg_locks would show it. */
static bool
holds(LockTag t, int mode)
{
    LockStatus *rows;
    int n = lock_status_snapshot(&rows);

    for (int i = 0; i < n; i++)
        if (rows[i].pid == (int)getpid() && rows[i].granted && rows[i].mode == mode &&
            rows[i].tag.rel == t.rel && rows[i].tag.kind == t.kind)
            return true;
    return false;
}

START_TEST(levels_release_and_reassign)
{
    lt_setup();
    LockTag a = lt_rel(1);
    LockTag b = lt_rel(2);
    LockTag c = lt_rel(3);
    LockTag d = lt_rel(4);

    lock_set_level(0);
    lock_acquire(&a, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    lock_set_level(1);
    lock_acquire(&b, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    lock_acquire(&a, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK); /* first taken at level 0 */
    lock_set_level(2);
    lock_acquire(&c, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    lock_reassign_level(2); /* RELEASE SAVEPOINT: c now belongs to level 1 */
    lock_set_level(1);
    lock_acquire(&d, SHARE_LOCK, LOCK_WAIT_BLOCK);
    lock_release_level(1); /* ROLLBACK TO the level-1 savepoint */
    ck_assert(holds(a, ROW_EXCLUSIVE_LOCK));
    ck_assert(!holds(b, ROW_EXCLUSIVE_LOCK));
    ck_assert(!holds(c, ROW_EXCLUSIVE_LOCK));
    ck_assert(!holds(d, SHARE_LOCK));
    lock_set_level(0);
    lock_release_all();
    ck_assert(!holds(a, ROW_EXCLUSIVE_LOCK));
    lt_teardown();
}
END_TEST

START_TEST(full_table_reports_out_of_shared_memory)
{
    lt_setup_with(1);
    volatile int taken = 0;
    volatile bool raised = false;

    err_try();
    {
        for (int i = 0; i < 1000000; i++) {
            LockTag t = lt_rel((Oid)(i + 1));
            lock_acquire(&t, ACCESS_SHARE_LOCK, LOCK_WAIT_BLOCK);
            taken++;
        }
    }
    err_catch();
    {
        raised = true;
        ck_assert_str_eq(err_current()->sqlstate, SQLSTATE_OUT_OF_MEMORY);
        ck_assert_str_eq(err_current()->message, "out of shared memory");
        ck_assert_str_eq(err_current()->hint,
                         "You might need to increase max_locks_per_transaction.");
        err_clear();
    }
    err_end_try();
    ck_assert(raised);
    ck_assert_int_eq(taken, 64 * proc_max_slots());              /* the documented capacity */
    ck_assert_int_eq(lt_count_rows((int)getpid(), true), taken); /* the refusal left no trace */
    lock_release_all();
    ck_assert_int_eq(lt_count_rows((int)getpid(), true), 0);
    LockTag t = lt_rel(1);
    ck_assert(lock_acquire_or_fail(&t, ACCESS_SHARE_LOCK)); /* usable again */
    lt_teardown();
}
END_TEST

START_TEST(snapshot_lists_holders_and_waiters)
{
    lt_setup();
    LtChild ch = lt_spawn();
    LockTag rel = lt_rel(5);
    int me = (int)getpid();

    lock_xid_begin(77);
    lock_acquire(&rel, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    lt_send(&ch, lt_acquire(rel, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK));
    lt_await_waiting(ch.pid);

    LockStatus *rows;
    int n = lock_status_snapshot(&rows);
    int seen = 0;
    ck_assert_int_eq(n, 3);
    for (int i = 0; i < n; i++) {
        const LockStatus *r = &rows[i];
        ck_assert(!r->fastpath);
        if (r->tag.kind == LOCKTAG_TRANSACTION) {
            ck_assert(r->tag.id == 77 && r->mode == EXCLUSIVE_LOCK && r->granted);
            ck_assert(r->pid == me && r->xid == 77 && r->waitstart_us == 0);
            seen |= 1;
        } else if (r->granted) {
            ck_assert(r->tag.rel == 5 && r->mode == ROW_EXCLUSIVE_LOCK && r->pid == me);
            ck_assert(r->xid == 77);
            seen |= 2;
        } else {
            ck_assert(r->tag.rel == 5 && r->mode == ACCESS_EXCLUSIVE_LOCK);
            ck_assert(r->pid == ch.pid && r->xid == INVALID_XID && r->waitstart_us > 0);
            seen |= 4;
        }
    }
    ck_assert_int_eq(seen, 7);
    lock_release_all();
    ck_assert_int_eq(lt_reply(&ch).ok, 1);
    ck_assert_int_eq(lt_count_rows(ch.pid, true), 1);
    lt_finish(&ch);
    lt_teardown();
}
END_TEST

START_TEST(mode_names_match_postgresql)
{
    static const char *const names[] = {"AccessShareLock",
                                        "RowShareLock",
                                        "RowExclusiveLock",
                                        "ShareUpdateExclusiveLock",
                                        "ShareLock",
                                        "ShareRowExclusiveLock",
                                        "ExclusiveLock",
                                        "AccessExclusiveLock"};
    for (int m = 1; m <= 8; m++)
        ck_assert_str_eq(lock_mode_name(LOCKTAG_RELATION, m), names[m - 1]);
    ck_assert_str_eq(lock_mode_name(LOCKTAG_TRANSACTION, SHARE_LOCK), "ShareLock");
    /* tuple locks show the table mode PostgreSQL takes them in */
    ck_assert_str_eq(lock_mode_name(LOCKTAG_TUPLE, ROW_LOCK_KEY_SHARE), "AccessShareLock");
    ck_assert_str_eq(lock_mode_name(LOCKTAG_TUPLE, ROW_LOCK_SHARE), "RowShareLock");
    ck_assert_str_eq(lock_mode_name(LOCKTAG_TUPLE, ROW_LOCK_NO_KEY_UPDATE), "ExclusiveLock");
    ck_assert_str_eq(lock_mode_name(LOCKTAG_TUPLE, ROW_LOCK_UPDATE), "AccessExclusiveLock");
    ck_assert_str_eq(lock_mode_name(LOCKTAG_TUPLE, 5), "INVALID");
}
END_TEST

START_TEST(release_all_is_safe_when_empty_or_recreated)
{
    lt_setup();
    LockTag t = lt_rel(3);

    lock_release_all(); /* nothing held */
    lock_acquire(&t, SHARE_LOCK, LOCK_WAIT_BLOCK);
    shm_destroy();
    shm_create();       /* a crash restart: the old table and our local one are gone */
    lock_release_all(); /* not attached yet */
    ck_assert(proc_attach());
    lock_release_all();
    ck_assert_int_eq(lt_count_rows((int)getpid(), true), 0);
    ck_assert(lock_acquire_or_fail(&t, ACCESS_EXCLUSIVE_LOCK));
    lt_teardown();
}
END_TEST

Suite *
lock_table_suite(void)
{
    Suite *s = suite_create("lock_table");
    TCase *tc = tcase_create("table");

    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, table_modes_conflict_as_postgresql);
    tcase_add_test(tc, row_modes_conflict_as_postgresql);
    tcase_add_test(tc, own_locks_never_conflict_and_are_counted);
    tcase_add_test(tc, nowait_and_skip_refuse_without_trace);
    tcase_add_test(tc, levels_release_and_reassign);
    tcase_add_test(tc, full_table_reports_out_of_shared_memory);
    tcase_add_test(tc, snapshot_lists_holders_and_waiters);
    tcase_add_test(tc, mode_names_match_postgresql);
    tcase_add_test(tc, release_all_is_safe_when_empty_or_recreated);
    suite_add_tcase(s, tc);
    return s;
}
