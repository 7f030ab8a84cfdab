/*
 * check_adt_srf.c
 *     Set-returning functions driven by hand through the value-per-call protocol of
 *     fmgr.h (what executor/exec_srf.c does): generate_series over int4, int8 and
 *     numeric, its end at the type's limit, PostgreSQL's errors, and constant memory per
 *     value. Expected strings come from PostgreSQL 15.
 */
#include <check.h>
#include <stdlib.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "adt_test_util.h"

/*
 * Run function oid over text arguments of type argtype until its set ends (at most max
 * values): the values joined by ",", or "ERROR <sqlstate>: <message>".
 */
static char *
srf_run(Oid oid, const char *argtype, const char *const *args, int nargs, int max)
{
    char *volatile result = NULL;
    err_try();
    {
        const ProcDesc *p = adt_proc(oid);
        ck_assert_msg(p != NULL && p->retset, "proc %u is not set-returning", oid);
        SrfCall srf = {.cx = mcx_create(mcx_current, "SrfTest")};
        FuncCallInfo fc = {.nargs = nargs, .typmod = -1, .result_type = p->rettype, .srf = &srf};
        for (int i = 0; i < nargs; i++)
            fc.arg[i] = adt_test_in(argtype, args[i]);
        StrBuf sb;
        sb_init(&sb);
        for (int n = 0; n < max; n++) {
            fc.isnull = false;
            Datum v = p->fn(&fc);
            if (srf.done)
                break;
            sb_append(&sb, n > 0 ? "," : "");
            sb_append(&sb, adt_type(p->rettype)->out(v));
        }
        result = sb.data;
        mcx_delete(srf.cx);
    }
    err_catch();
    {
        result = mcx_printf("ERROR %s: %s", err_current()->sqlstate, err_current()->message);
        err_clear();
    }
    err_end_try();
    return result;
}

#define ARGS(...) ((const char *const[]){__VA_ARGS__})

START_TEST(integer_series_match_postgres)
{
    ck_assert_str_eq(srf_run(1067, "int4", ARGS("1", "3"), 2, 100), "1,2,3");
    ck_assert_str_eq(srf_run(1066, "int4", ARGS("1", "10", "4"), 3, 100), "1,5,9");
    ck_assert_str_eq(srf_run(1066, "int4", ARGS("5", "1", "-2"), 3, 100), "5,3,1");
    ck_assert_str_eq(srf_run(1067, "int4", ARGS("3", "1"), 2, 100), "");
    ck_assert_str_eq(srf_run(1069, "int8", ARGS("4000000000", "4000000002"), 2, 100),
                     "4000000000,4000000001,4000000002");
}
END_TEST

START_TEST(integer_series_stop_at_the_type_limit)
{
    /* The step past the last value overflows: the set ends instead of wrapping. */
    ck_assert_str_eq(srf_run(1067, "int4", ARGS("2147483646", "2147483647"), 2, 100),
                     "2147483646,2147483647");
    ck_assert_str_eq(srf_run(1066, "int4", ARGS("-2147483647", "-2147483648", "-1"), 3, 100),
                     "-2147483647,-2147483648");
    ck_assert_str_eq(
        srf_run(1069, "int8", ARGS("9223372036854775806", "9223372036854775807"), 2, 100),
        "9223372036854775806,9223372036854775807");
    ck_assert_str_eq(srf_run(1066, "int4", ARGS("1", "3", "0"), 3, 100),
                     "ERROR 22023: step size cannot equal zero");
}
END_TEST

START_TEST(numeric_series_match_postgres)
{
    ck_assert_str_eq(srf_run(3260, "numeric", ARGS("1.5", "3"), 2, 100), "1.5,2.5");
    ck_assert_str_eq(srf_run(3259, "numeric", ARGS("0.1", "0.35", "0.1"), 3, 100), "0.1,0.2,0.3");
    ck_assert_str_eq(srf_run(3259, "numeric", ARGS("1.0", "2.00", "0.5"), 3, 100), "1.0,1.5,2.0");
    ck_assert_str_eq(srf_run(3259, "numeric", ARGS("3", "1", "-1"), 3, 100), "3,2,1");
    ck_assert_str_eq(srf_run(3260, "numeric", ARGS("NaN", "3"), 2, 100),
                     "ERROR 22023: start value cannot be NaN");
    ck_assert_str_eq(srf_run(3260, "numeric", ARGS("1", "Infinity"), 2, 100),
                     "ERROR 22023: stop value cannot be infinity");
    ck_assert_str_eq(srf_run(3259, "numeric", ARGS("1", "3", "NaN"), 3, 100),
                     "ERROR 22023: step size cannot be NaN");
    ck_assert_str_eq(srf_run(3259, "numeric", ARGS("1", "3", "0"), 3, 100),
                     "ERROR 22023: step size cannot equal zero");
}
END_TEST

START_TEST(long_series_run_in_constant_memory)
{
    /* 200000 numeric values: the state's two value contexts are reused, never grown. */
    const ProcDesc *p = adt_proc(3260);
    SrfCall srf = {.cx = mcx_create(mcx_current, "SrfTest")};
    FuncCallInfo fc = {.nargs = 2, .typmod = -1, .result_type = NUMERICOID, .srf = &srf};
    fc.arg[0] = adt_test_in("numeric", "1");
    fc.arg[1] = adt_test_in("numeric", "200000");
    MemCtx *row = mcx_create(mcx_current, "Row");
    int64_t n = 0;
    size_t after_first = 0;
    for (;;) {
        mcx_reset(row);
        MemCtx *old = mcx_switch(row);
        (void)p->fn(&fc);
        mcx_switch(old);
        if (srf.done)
            break;
        if (++n == 1000)
            after_first = mcx_bytes(srf.cx);
    }
    ck_assert_int_eq(n, 200000);
    ck_assert_uint_le(mcx_bytes(srf.cx), after_first);
    mcx_delete(row);
    mcx_delete(srf.cx);
}
END_TEST

Suite *
adt_srf_suite(void)
{
    Suite *s = suite_create("adt_srf");
    TCase *tc = tcase_create("srf");

    tcase_add_test(tc, integer_series_match_postgres);
    tcase_add_test(tc, integer_series_stop_at_the_type_limit);
    tcase_add_test(tc, numeric_series_match_postgres);
    tcase_add_test(tc, long_series_run_in_constant_memory);
    suite_add_tcase(s, tc);
    return s;
}
