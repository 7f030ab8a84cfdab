/*
 * check_lock_ssi.c
 *     The SSI conflict rules (backend/storage/lmgr/ssi.c) driven from one process: each
 *     "transaction" is a registered record this process switches to, reading ranges and
 *     writing keys of relation 16384; no rows, so only SIREAD locks and rw-conflicts in
 *     play. The cases are those of the isolation specs write-skew-serializable and
 *     readonly-anomaly, the serial and disjoint histories that must pass, phantoms in a
 *     key range, and the promotion of many point locks to a relation lock.
 */
#include <check.h>

#include "oak/oak.h"
#include "oak/storage/ipc.h"
#include "oak/storage/shmem.h"
#include "oak/storage/ssi.h"
#include "oak/utils/guc.h"

enum { SSI_T_DB = 1, SSI_T_REL = 16384 };

static void
ssi_t_setup(void)
{
    guc_set_defaults(&oak_settings);
    oak_settings.shared_buffers = 16 * OAK_PAGE_SIZE;
    oak_settings.wal_buffers = 1024 * 1024;
    oak_settings.max_connections = 8;
    shm_create();
    ck_assert(proc_attach());
}

static void
ssi_t_teardown(void)
{
    proc_detach();
    shm_destroy();
}

/* Register a new serializable transaction and return its slot; acts for none afterwards. */
static int
ssi_t_begin(bool read_only)
{
    ssi_set_current_slot(-1);
    (void)ssi_snapshot(read_only);
    int slot = ssi_current_slot();
    ck_assert_int_ge(slot, 0);
    ssi_set_current_slot(-1);
    return slot;
}

static void
ssi_t_read_all(int t)
{
    ssi_set_current_slot(t);
    ssi_read_range(SSI_T_DB, SSI_T_REL, NULL, NULL);
}

static void
ssi_t_read_key(int t, uint8_t key)
{
    BtBound b = {&key, 1, true};
    ssi_set_current_slot(t);
    ssi_read_range(SSI_T_DB, SSI_T_REL, &b, &b);
}

static void
ssi_t_read_range(int t, uint8_t lo, uint8_t hi)
{
    BtBound l = {&lo, 1, true};
    BtBound h = {&hi, 1, false};
    ssi_set_current_slot(t);
    ssi_read_range(SSI_T_DB, SSI_T_REL, &l, &h);
}

static void
ssi_t_write(int t, uint8_t key)
{
    ssi_set_current_slot(t);
    ssi_conflict_in(SSI_T_DB, SSI_T_REL, &key, 1);
}

static void
ssi_t_commit(int t)
{
    ssi_set_current_slot(t);
    ssi_pre_commit();
    ssi_at_commit();
    ck_assert_int_eq(ssi_current_slot(), -1);
}

/* Run step (write or commit) for t and expect 40001 with the given detail; t then aborts. */
static void
ssi_t_expect_failure(int t, bool commit, uint8_t key, const char *detail)
{
    volatile bool raised = false;

    ssi_set_current_slot(t);
    err_try();
    {
        if (commit)
            ssi_pre_commit();
        else
            ssi_conflict_in(SSI_T_DB, SSI_T_REL, &key, 1);
    }
    err_catch();
    {
        raised = true;
        ck_assert_str_eq(err_current()->sqlstate, "40001");
        ck_assert_str_eq(err_current()->message,
                         "could not serialize access due to read/write dependencies among "
                         "transactions");
        ck_assert_str_eq(err_current()->detail, detail);
        err_clear();
    }
    err_end_try();
    ck_assert(raised);
    ssi_at_abort();
}

START_TEST(write_skew_fails_second_commit)
{
    ssi_t_setup();
    int t1 = ssi_t_begin(false);
    int t2 = ssi_t_begin(false);
    ssi_t_read_all(t1);
    ssi_t_read_all(t2);
    ssi_t_write(t1, 1);
    ssi_t_write(t2, 2); /* both pivots now; neither has committed: no failure yet */
    ssi_t_commit(t1);   /* dooms t2 */
    ssi_t_expect_failure(
        t2, true, 0, "Reason code: Canceled on identification as a pivot, during commit attempt.");
    ssi_t_teardown();
}
END_TEST

START_TEST(write_skew_after_commit_fails_write)
{
    ssi_t_setup();
    int t1 = ssi_t_begin(false);
    int t2 = ssi_t_begin(false);
    ssi_t_read_all(t1);
    ssi_t_read_all(t2);
    ssi_t_write(t1, 1);
    ssi_t_commit(t1);
    ssi_t_expect_failure(t2,
                         false,
                         2,
                         "Reason code: Canceled on identification as a pivot, during write.");
    ssi_t_teardown();
}
END_TEST

START_TEST(serial_and_disjoint_histories_commit)
{
    ssi_t_setup();
    int t1 = ssi_t_begin(false);
    ssi_t_read_all(t1);
    ssi_t_write(t1, 1);
    ssi_t_commit(t1);
    int t2 = ssi_t_begin(false); /* after t1's commit: not concurrent with it */
    ssi_t_read_all(t2);
    ssi_t_write(t2, 2);
    ssi_t_commit(t2);

    int t3 = ssi_t_begin(false);
    int t4 = ssi_t_begin(false);
    ssi_t_read_key(t3, 3);
    ssi_t_read_key(t4, 4);
    ssi_t_write(t3, 3);
    ssi_t_write(t4, 4);
    ssi_t_commit(t3);
    ssi_t_commit(t4);
    ssi_t_teardown();
}
END_TEST

START_TEST(read_only_anomaly_fails_pivot_write)
{
    ssi_t_setup();
    int s1 = ssi_t_begin(false);
    int s2 = ssi_t_begin(false);
    ssi_t_read_key(s2, 1);
    ssi_t_read_key(s2, 2);
    ssi_t_read_key(s1, 2);
    ssi_t_write(s1, 2); /* s2 -> s1 */
    ssi_t_commit(s1);
    int s3 = ssi_t_begin(true); /* sees s1's commit */
    ssi_t_read_all(s3);
    ssi_t_commit(s3);
    ssi_t_expect_failure(s2,
                         false,
                         1,
                         "Reason code: Canceled on identification as a pivot, during write.");
    ssi_t_teardown();
}
END_TEST

START_TEST(read_only_before_commit_lets_all_commit)
{
    ssi_t_setup();
    int s1 = ssi_t_begin(false);
    int s2 = ssi_t_begin(false);
    ssi_t_read_key(s2, 1);
    ssi_t_read_key(s2, 2);
    ssi_t_read_key(s1, 2);
    ssi_t_write(s1, 2);
    int s3 = ssi_t_begin(true); /* snapshot before s1 commits: serializes before s1 */
    ssi_t_read_all(s3);
    ssi_t_commit(s1);
    ssi_t_write(s2, 1); /* s3 -> s2 -> s1, harmless: s3 did not see s1 */
    ssi_t_commit(s2);
    ssi_t_commit(s3);
    ssi_t_teardown();
}
END_TEST

START_TEST(range_locks_cover_their_range_only)
{
    ssi_t_setup();
    int t1 = ssi_t_begin(false);
    int t2 = ssi_t_begin(false);
    ssi_t_read_range(t1, 2, 5); /* [2, 5) */
    ssi_t_read_range(t2, 2, 5);
    ssi_t_write(t1, 5); /* outside both ranges: no conflict */
    ssi_t_write(t2, 1);
    ssi_t_commit(t1);
    ssi_t_commit(t2);

    int t3 = ssi_t_begin(false);
    int t4 = ssi_t_begin(false);
    ssi_t_read_range(t3, 2, 5);
    ssi_t_read_range(t4, 2, 5);
    ssi_t_write(t3, 4); /* a phantom for t4 */
    ssi_t_write(t4, 2); /* a phantom for t3 */
    ssi_t_commit(t3);
    ssi_t_expect_failure(
        t4, true, 0, "Reason code: Canceled on identification as a pivot, during commit attempt.");
    ssi_t_teardown();
}
END_TEST

START_TEST(many_point_reads_promote_to_relation_lock)
{
    ssi_t_setup();
    int t1 = ssi_t_begin(false);
    int t2 = ssi_t_begin(false);
    for (uint8_t k = 10; k < 60; k++) /* past the per-relation range limit */
        ssi_t_read_key(t1, k);
    ssi_t_read_key(t2, 1);
    ssi_t_write(t2, 200); /* never read by t1, but covered once its locks were promoted */
    ssi_t_write(t1, 1);
    ssi_t_commit(t2);
    ssi_t_expect_failure(
        t1, true, 0, "Reason code: Canceled on identification as a pivot, during commit attempt.");
    ssi_t_teardown();
}
END_TEST

Suite *
lock_ssi_suite(void)
{
    Suite *s = suite_create("lock_ssi");
    TCase *tc = tcase_create("rules");

    tcase_add_test(tc, write_skew_fails_second_commit);
    tcase_add_test(tc, write_skew_after_commit_fails_write);
    tcase_add_test(tc, serial_and_disjoint_histories_commit);
    tcase_add_test(tc, read_only_anomaly_fails_pivot_write);
    tcase_add_test(tc, read_only_before_commit_lets_all_commit);
    tcase_add_test(tc, range_locks_cover_their_range_only);
    tcase_add_test(tc, many_point_reads_promote_to_relation_lock);
    suite_add_tcase(s, tc);
    return s;
}
