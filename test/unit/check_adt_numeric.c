/*
 * check_adt_numeric.c
 *     numeric: I/O, arithmetic result scales, typmod rounding and overflow, casts, and key
 *     order across scales. Expected strings come from PostgreSQL 15.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "adt_test_util.h"

START_TEST(numeric_io_matches_postgres)
{
    ck_assert_str_eq(adt_test_io("numeric", "1.5e3"), "1500");
    ck_assert_str_eq(adt_test_io("numeric", "1e-3"), "0.001");
    ck_assert_str_eq(adt_test_io("numeric", "  -0.00 "), "0.00");
    ck_assert_str_eq(adt_test_io("numeric", "00012.3400"), "12.3400");
    ck_assert_str_eq(adt_test_io("numeric", ".5"), "0.5");
    ck_assert_str_eq(adt_test_io("numeric", "-inf"), "-Infinity");
    ck_assert_str_eq(adt_test_io("numeric", "nan"), "NaN");
    ck_assert_str_eq(adt_test_io("numeric", "1.2.3"),
                     "ERROR 22P02: invalid input syntax for type numeric: \"1.2.3\"");
}
END_TEST

START_TEST(numeric_arithmetic_matches_postgres)
{
    static const char *const cases[][4] = {
        {"+", "1.000", "2.5", "3.500"},
        {"-", "1", "1.00", "0.00"},
        {"*", "1.23", "2.5", "3.075"},
        {"/", "1", "3", "0.33333333333333333333"},
        {"/", "10", "4", "2.5000000000000000"},
        {"/", "2", "3", "0.66666666666666666667"},
        {"/", "100", "3", "33.3333333333333333"},
        {"/", "1", "300", "0.00333333333333333333"},
        {"/", "12345678901234567890", "7", "1763668414462081127"},
        {"/", "0.001", "7", "0.00014285714285714286"},
        {"/", "0", "5", "0.00000000000000000000"},
        {"%", "7.5", "2", "1.5"},
        {"%", "-7.5", "2", "-1.5"},
        {"%", "10.123", "0.1", "0.023"},
        {"+", "Infinity", "-Infinity", "NaN"},
        {"*", "Infinity", "0", "NaN"},
        {"=", "1.0", "1.00", "t"},
        {"<", "-1.25", "-1.2", "t"},
        {"<", "NaN", "Infinity", "f"},
    };
    for (size_t i = 0; i < OAK_LENGTHOF(cases); i++)
        ck_assert_str_eq(adt_test_oper(cases[i][0], "numeric", cases[i][1], "numeric", cases[i][2]),
                         cases[i][3]);
    ck_assert_str_eq(adt_test_oper("/", "numeric", "1", "numeric", "0"),
                     "ERROR 22012: division by zero");
}
END_TEST

START_TEST(numeric_typmod_rounds_and_overflows)
{
    int32_t p52 = adt_typmod_from_args(NUMERICOID, (int32_t[]){5, 2}, 2);
    int32_t p42 = adt_typmod_from_args(NUMERICOID, (int32_t[]){4, 2}, 2);
    ck_assert_str_eq(adt_test_cast("numeric", "123.456", "numeric", p52, false), "123.46");
    ck_assert_str_eq(adt_test_cast("numeric", "1234.5", "numeric", p52, false),
                     "ERROR 22003: numeric field overflow");
    ck_assert_str_eq(adt_test_cast("numeric", "99.995", "numeric", p42, false),
                     "ERROR 22003: numeric field overflow");
    ck_assert_str_eq(adt_test_cast("numeric", "Infinity", "numeric", p52, false),
                     "ERROR 22003: numeric field overflow");
    ck_assert_str_eq(adt_test_cast("numeric",
                                   "12345",
                                   "numeric",
                                   adt_typmod_from_args(NUMERICOID, (int32_t[]){3, -2}, 2),
                                   false),
                     "12300");
}
END_TEST

START_TEST(numeric_casts_match_postgres)
{
    ck_assert_str_eq(adt_test_cast("numeric", "2.5", "int4", -1, false), "3");
    ck_assert_str_eq(adt_test_cast("numeric", "-2.5", "int4", -1, false), "-3");
    ck_assert_str_eq(adt_test_cast("numeric", "NaN", "int4", -1, false),
                     "ERROR 0A000: cannot convert NaN to integer");
    ck_assert_str_eq(adt_test_cast("numeric", "1e30", "int8", -1, false),
                     "ERROR 22003: bigint out of range");
    ck_assert_str_eq(adt_test_cast("float8", "0.1", "numeric", -1, false), "0.1");
    ck_assert_str_eq(adt_test_cast("float8", "0.3333333333333333", "numeric", -1, false),
                     "0.333333333333333");
    ck_assert_str_eq(adt_test_cast("float8", "1.5e-10", "numeric", -1, false), "0.00000000015");
    ck_assert_str_eq(adt_test_cast("int8", "-9223372036854775808", "numeric", -1, false),
                     "-9223372036854775808");
    ck_assert_str_eq(adt_test_cast("numeric", "1.0000000000000000000001", "float8", -1, false),
                     "1");
}
END_TEST

/* Random values at many scales: key order == compare order, equal values equal keys. */
START_TEST(numeric_key_order_matches_compare)
{
    const TypeDesc *t = adt_test_type("numeric");
    enum { N = 300 };
    Datum vals[N];
    srandom(11);
    for (int i = 0; i < N; i++) {
        char buf[64];
        if (i < 4) {
            static const char *const sp[] = {"NaN", "Infinity", "-Infinity", "0.000"};
            snprintf(buf, sizeof buf, "%s", sp[i]);
        } else {
            snprintf(buf,
                     sizeof buf,
                     "%s%ld.%0*ld",
                     random() % 2 ? "-" : "",
                     random() % 1000 * (random() % 3 ? 1 : 1000000),
                     (int)(random() % 5 + 1),
                     random() % 100);
        }
        vals[i] = t->in(buf, -1);
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            ck_assert_int_eq(adt_test_key_cmp(t, vals[i], vals[j]), t->compare(vals[i], vals[j]));
    ck_assert_int_eq(adt_test_key_cmp(t, t->in("1.0", -1), t->in("1.000", -1)), 0);
}
END_TEST

Suite *
adt_numeric_suite(void)
{
    Suite *s = suite_create("adt_numeric");
    TCase *tc = tcase_create("numeric");

    tcase_add_test(tc, numeric_io_matches_postgres);
    tcase_add_test(tc, numeric_arithmetic_matches_postgres);
    tcase_add_test(tc, numeric_typmod_rounds_and_overflows);
    tcase_add_test(tc, numeric_casts_match_postgres);
    tcase_add_test(tc, numeric_key_order_matches_compare);
    suite_add_tcase(s, tc);
    return s;
}
