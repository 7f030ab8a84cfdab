/*
 * check_adt_float.c
 *     float4/float8: shortest round-trip output in PostgreSQL 15's format, input errors,
 *     overflow/underflow, float -> int rounding, and key order with -0, NaN and infinities.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "adt_test_util.h"

START_TEST(float_output_matches_postgres)
{
    static const char *const cases[][3] = {
        {"float8", "0.1", "0.1"},
        {"float8", "1e15", "1e+15"},
        {"float8", "1e14", "100000000000000"},
        {"float8", "123456789012345678", "1.2345678901234568e+17"},
        {"float8", "0.0001", "0.0001"},
        {"float8", "0.00001", "1e-05"},
        {"float8", "1.5e-7", "1.5e-07"},
        {"float8", "1e100", "1e+100"},
        {"float8", "-0", "-0"},
        {"float8", "nan", "NaN"},
        {"float8", "-inf", "-Infinity"},
        {"float8", "4.9e-324", "5e-324"},
        {"float8", "-4.7048621656563984e+16", "-4.7048621656563984e+16"}, /* no midpoint digits */
        {"float4", "1e6", "1e+06"},
        {"float4", "100000", "100000"},
        {"float4", "1234567.1", "1.2345671e+06"},
        {"float4", "0.1", "0.1"},
        {"float4", "-99213503.6", "-9.9213504e+07"},
    };
    for (size_t i = 0; i < OAK_LENGTHOF(cases); i++)
        ck_assert_str_eq(adt_test_io(cases[i][0], cases[i][1]), cases[i][2]);
    ck_assert_str_eq(adt_test_io("float8", "1e400"),
                     "ERROR 22003: \"1e400\" is out of range for type double precision");
    ck_assert_str_eq(adt_test_io("float8", "1e-400"),
                     "ERROR 22003: \"1e-400\" is out of range for type double precision");
    ck_assert_str_eq(adt_test_io("float4", "3.4e39"),
                     "ERROR 22003: \"3.4e39\" is out of range for type real");
    ck_assert_str_eq(adt_test_io("float8", "abc"),
                     "ERROR 22P02: invalid input syntax for type double precision: \"abc\"");
}
END_TEST

/* Any double prints as text that reads back as the same double. */
START_TEST(float_output_round_trips)
{
    const TypeDesc *t = adt_test_type("float8");
    srandom(7);
    for (int i = 0; i < 5000; i++) {
        uint64_t bits =
            ((uint64_t)random() << 40) ^ ((uint64_t)random() << 20) ^ (uint64_t)random();
        double v;
        memcpy(&v, &bits, sizeof v);
        if (isnan(v))
            continue;
        char *s = t->out(float8_datum(v));
        ck_assert_msg(datum_float8(t->in(s, -1)) == v, "%s", s);
    }
}
END_TEST

START_TEST(float_arithmetic_errors)
{
    ck_assert_str_eq(adt_test_oper("+", "float8", "1e308", "float8", "1e308"),
                     "ERROR 22003: value out of range: overflow");
    ck_assert_str_eq(adt_test_oper("*", "float8", "1e-300", "float8", "1e-300"),
                     "ERROR 22003: value out of range: underflow");
    ck_assert_str_eq(adt_test_oper("/", "float8", "1", "float8", "0"),
                     "ERROR 22012: division by zero");
    ck_assert_str_eq(adt_test_oper("+", "float8", "0.1", "float8", "0.2"), "0.30000000000000004");
    ck_assert_str_eq(adt_test_oper("=", "float8", "NaN", "float8", "NaN"), "t");
    ck_assert_str_eq(adt_test_oper("<", "float8", "Infinity", "float8", "NaN"), "t");
    ck_assert_str_eq(adt_test_cast("float8", "2.5", "int4", -1, true), "2");
    ck_assert_str_eq(adt_test_cast("float8", "3.5", "int4", -1, true), "4");
    ck_assert_str_eq(adt_test_cast("float8", "-2.5", "int4", -1, true), "-2");
    ck_assert_str_eq(adt_test_cast("float8", "1e10", "int4", -1, true),
                     "ERROR 22003: integer out of range");
    ck_assert_str_eq(adt_test_cast("float8", "NaN", "int4", -1, true),
                     "ERROR 22003: integer out of range");
    ck_assert_str_eq(adt_test_cast("float8", "1e39", "float4", -1, true),
                     "ERROR 22003: value out of range: overflow");
}
END_TEST

START_TEST(float_key_order_matches_compare)
{
    const TypeDesc *t = adt_test_type("float8");
    const double specials[] = {0.0, -0.0, NAN, -NAN, INFINITY, -INFINITY, 1e-310, -1e-310, 1, -1};
    for (size_t i = 0; i < OAK_LENGTHOF(specials); i++)
        for (size_t j = 0; j < OAK_LENGTHOF(specials); j++) {
            Datum a = float8_datum(specials[i]);
            Datum b = float8_datum(specials[j]);
            ck_assert_int_eq(adt_test_key_cmp(t, a, b), t->compare(a, b));
        }
    srandom(3);
    for (int i = 0; i < 3000; i++) {
        double a = ((double)random() - RAND_MAX / 2) * pow(10, (int)(random() % 40) - 20);
        double b = ((double)random() - RAND_MAX / 2) * pow(10, (int)(random() % 40) - 20);
        ck_assert_int_eq(adt_test_key_cmp(t, float8_datum(a), float8_datum(b)),
                         t->compare(float8_datum(a), float8_datum(b)));
    }
    /* float4 and float8 of the same value share a key */
    StrBuf k4 = adt_test_key(adt_test_type("float4"), float4_datum(0.5f));
    StrBuf k8 = adt_test_key(t, float8_datum(0.5));
    ck_assert(k4.len == k8.len && memcmp(k4.data, k8.data, k4.len) == 0);
}
END_TEST

Suite *
adt_float_suite(void)
{
    Suite *s = suite_create("adt_float");
    TCase *tc = tcase_create("float");

    tcase_add_test(tc, float_output_matches_postgres);
    tcase_add_test(tc, float_output_round_trips);
    tcase_add_test(tc, float_arithmetic_errors);
    tcase_add_test(tc, float_key_order_matches_compare);
    suite_add_tcase(s, tc);
    return s;
}
