/*
 * check_main.c
 *     The one unit-test runner: every suite is listed here and run by Check, which forks per
 *     test so a crash fails one test, not the run.
 */
#include <check.h>
#include <stdlib.h>

#include "oak/oak.h"

/* SUITES: one line per suite, in the two lists below. */
#define OAK_SUITES(X)                                                                              \
    X(adt_int_suite)                                                                               \
    X(adt_float_suite)                                                                             \
    X(adt_numeric_suite)                                                                           \
    X(adt_text_suite)                                                                              \
    X(adt_srf_suite)                                                                               \
    X(adt_array_suite)                                                                             \
    X(adt_datetime_suite)                                                                          \
    X(adt_record_suite)                                                                            \
    X(storage_page_suite)                                                                          \
    X(storage_buffer_suite)                                                                        \
    X(storage_wal_suite)                                                                           \
    X(storage_xact_suite)                                                                          \
    X(btree_page_suite)                                                                            \
    X(btree_tree_suite)                                                                            \
    X(btree_concurrent_suite)                                                                      \
    X(btree_overflow_suite)                                                                        \
    X(lock_table_suite)                                                                            \
    X(lock_wait_suite)                                                                             \
    X(lock_ssi_suite)                                                                              \
    X(table_vacuum_suite)

#define DECLARE_SUITE(name) Suite *name(void);
OAK_SUITES(DECLARE_SUITE)

int
main(void)
{
    mcx_init();
    SRunner *sr = srunner_create(suite_create("oak"));
#define ADD_SUITE(name) srunner_add_suite(sr, name());
    OAK_SUITES(ADD_SUITE)
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
