/*
 * check_adt_text.c
 *     Strings (text, varchar(n), char(n), bytea), timestamptz I/O and the aggregates.
 *     Expected strings come from PostgreSQL 15.
 */
#include <check.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "adt_test_util.h"

static char *
call1(Oid proc, const char *type, const char *arg)
{
    const ProcDesc *p = adt_proc(proc);
    FuncCallInfo fc = {.nargs = 1, .typmod = -1, .arg = {adt_test_in(type, arg)}};
    return adt_type(p->rettype)->out(p->fn(&fc));
}

START_TEST(varchar_and_bpchar_lengths)
{
    int32_t five = adt_typmod_from_args(VARCHAROID, (int32_t[]){5}, 1);
    ck_assert_str_eq(adt_test_cast("text", "abcdef", "varchar", five, false),
                     "ERROR 22001: value too long for type character varying(5)");
    ck_assert_str_eq(adt_test_cast("text", "abcdef", "varchar", five, true), "abcde");
    ck_assert_str_eq(adt_test_cast("text", "abcde   ", "varchar", five, false), "abcde");
    ck_assert_str_eq(adt_test_cast("text", "ab", "bpchar", five, false), "ab   ");
    ck_assert_str_eq(adt_test_cast("bpchar", "ab   ", "text", -1, false), "ab");
    ck_assert_str_eq(adt_test_oper("=", "bpchar", "ab  ", "bpchar", "ab"), "t");
    ck_assert_str_eq(call1(1317, "text", "h\xc3\xa9llo"), "5"); /* length counts characters */
    ck_assert_str_eq(call1(1374, "text", "h\xc3\xa9llo"), "6");
}
END_TEST

START_TEST(string_functions_match_postgres)
{
    ck_assert_str_eq(adt_test_oper("||", "text", "ab", "text", "cd"), "abcd");
    ck_assert_str_eq(adt_test_oper("~~", "text", "hello", "text", "h_l%"), "t");
    ck_assert_str_eq(adt_test_oper("~~", "text", "h%", "text", "h\\%"), "t");
    ck_assert_str_eq(adt_test_oper("!~~", "text", "abc", "text", "a_"), "t");
    ck_assert_str_eq(adt_test_oper("<", "text", "ab", "text", "abc"), "t");
    ck_assert_str_eq(call1(870, "text", "ABC"), "abc");
    ck_assert_str_eq(call1(871, "text", "abc"), "ABC");
    ck_assert_str_eq(call1(885, "text", "  hi  "), "hi");
    ck_assert_str_eq(adt_test_io("bytea", "\\x0aFF"), "\\x0aff");
    ck_assert_str_eq(adt_test_io("bytea", "a\\\\b\\001"), "\\x615c6201");
}
END_TEST

START_TEST(text_key_order_is_byte_order)
{
    const TypeDesc *t = adt_test_type("text");
    static const char *const v[] = {"", "a", "a ", "ab", "b", "\xc3\xa9", "A", "abc"};
    for (size_t i = 0; i < OAK_LENGTHOF(v); i++)
        for (size_t j = 0; j < OAK_LENGTHOF(v); j++)
            ck_assert_int_eq(adt_test_key_cmp(t,
                                              adt_test_in("text", v[i]),
                                              adt_test_in("text", v[j])),
                             t->compare(adt_test_in("text", v[i]), adt_test_in("text", v[j])));
    const TypeDesc *b = adt_test_type("bytea");
    Datum z = adt_test_in("bytea", "\\x00");
    Datum e = adt_test_in("bytea", "\\x");
    Datum z1 = adt_test_in("bytea", "\\x0001");
    ck_assert_int_eq(adt_test_key_cmp(b, e, z), -1);
    ck_assert_int_eq(adt_test_key_cmp(b, z, z1), -1);
}
END_TEST

START_TEST(timestamptz_io_in_utc)
{
    ck_assert_str_eq(adt_test_io("timestamptz", "2024-01-02 03:04:05.123+02"),
                     "2024-01-02 01:04:05.123+00");
    ck_assert_str_eq(adt_test_io("timestamptz", "0001-01-01 00:00:00+00"),
                     "0001-01-01 00:00:00+00");
    ck_assert_str_eq(adt_test_io("timestamptz", "1900-02-28 12:00:00.5-05:30"),
                     "1900-02-28 17:30:00.5+00");
    ck_assert_str_eq(adt_test_io("timestamptz", "1999-12-31T23:59:59.999999Z"),
                     "1999-12-31 23:59:59.999999+00");
    ck_assert_str_eq(adt_test_io("timestamptz", "2024-02-30"),
                     "ERROR 22008: date/time field value out of range: \"2024-02-30\"");
    ck_assert_str_eq(
        adt_test_io("timestamptz", "garbage"),
        "ERROR 22007: invalid input syntax for type timestamp with time zone: \"garbage\"");
}
END_TEST

/* Run an aggregate over int4/numeric text inputs (NULL = skipped, as the executor does). */
static char *
run_agg(const char *name, Oid argtype, const char *const *vals, int n)
{
    const AggDesc *a = adt_agg_find(name, argtype);
    ck_assert_ptr_nonnull(a);
    MemCtx *cx = mcx_create(mcx_current, "agg");
    Datum st = a->init(cx);
    Oid intype = argtype == ANYOID ? TEXTOID : argtype; /* count(any): any concrete type */
    for (int i = 0; i < n; i++)
        if (vals[i] != NULL || argtype == 0) /* count(*) counts every row */
            st = a->trans(cx, st, intype ? adt_type(intype)->in(vals[i], -1) : 0);
    bool isnull = false;
    Datum r = a->final(st, &isnull);
    char *out = isnull ? mcx_strdup("NULL") : adt_type(a->rettype)->out(r);
    mcx_delete(cx);
    return out;
}

START_TEST(aggregates_match_postgres)
{
    const char *const ints[] = {"1", NULL, "2"};
    ck_assert_str_eq(run_agg("avg", INT4OID, ints, 3), "1.5000000000000000");
    ck_assert_str_eq(run_agg("sum", INT4OID, ints, 3), "3");
    ck_assert_str_eq(run_agg("count", ANYOID, ints, 3), "2");
    ck_assert_str_eq(run_agg("count", 0, ints, 3), "3");
    ck_assert_str_eq(run_agg("min", INT4OID, ints, 3), "1");
    ck_assert_str_eq(run_agg("max", INT4OID, ints, 3), "2");
    ck_assert_str_eq(run_agg("sum", INT4OID, ints, 0), "NULL");
    ck_assert_str_eq(run_agg("count", 0, ints, 0), "0");
    const char *const nums[] = {"1.5", "2.50"};
    ck_assert_str_eq(run_agg("avg", NUMERICOID, nums, 2), "2.0000000000000000");
    ck_assert_str_eq(run_agg("sum", NUMERICOID, nums, 2), "4.00");
    ck_assert_str_eq(run_agg("avg", FLOAT8OID, nums, 2), "2");
    const char *const big[] = {"9223372036854775807", "9223372036854775807"};
    ck_assert_str_eq(run_agg("sum", INT8OID, big, 2), "18446744073709551614");
    const char *const words[] = {"b", "a", "c"};
    ck_assert_str_eq(run_agg("max", TEXTOID, words, 3), "c");
}
END_TEST

Suite *
adt_text_suite(void)
{
    Suite *s = suite_create("adt_text");
    TCase *tc = tcase_create("text");

    tcase_add_test(tc, varchar_and_bpchar_lengths);
    tcase_add_test(tc, string_functions_match_postgres);
    tcase_add_test(tc, text_key_order_is_byte_order);
    tcase_add_test(tc, timestamptz_io_in_utc);
    tcase_add_test(tc, aggregates_match_postgres);
    suite_add_tcase(s, tc);
    return s;
}
