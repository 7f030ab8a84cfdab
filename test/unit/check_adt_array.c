/*
 * check_adt_array.c
 *     Arrays: text input and output (PostgreSQL 15's strings), the key encoding agreeing
 *     with btarraycmp's order, the binary format round trip, and malformed input.
 */
#include <check.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"
#include "adt_test_util.h"

START_TEST(text_io_matches_postgres)
{
    ck_assert_str_eq(adt_test_io("_int4", "{1, 2 ,NULL}"), "{1,2,NULL}");
    ck_assert_str_eq(adt_test_io("_int4", "{}"), "{}");
    ck_assert_str_eq(adt_test_io("_int4", "[0:1]={1,2}"), "[0:1]={1,2}");
    ck_assert_str_eq(adt_test_io("_int4", "[1:2][1:1]={{1},{2}}"), "{{1},{2}}");
    ck_assert_str_eq(adt_test_io("_text", "{\"a b\",\"x\\\"y\",null,\"\",\"NULL\",\\,}"),
                     "{\"a b\",\"x\\\"y\",NULL,\"\",\"NULL\",\",\"}");
    ck_assert_str_eq(adt_test_io("_text", "{ a b , c }"), "{\"a b\",c}");
    ck_assert_str_eq(adt_test_io("_bool", "{t,f}"), "{t,f}");
    ck_assert_str_eq(adt_test_io("_float8", "{1.5,NaN}"), "{1.5,NaN}");
    ck_assert_str_eq(adt_test_io("_int4", "{1,2"),
                     "ERROR 22P02: malformed array literal: \"{1,2\"");
    ck_assert_str_eq(adt_test_io("_int4", "{{1},{2,3}}"),
                     "ERROR 22P02: malformed array literal: \"{{1},{2,3}}\"");
    ck_assert_str_eq(adt_test_io("_int4", "[2:1]={1}"),
                     "ERROR 2202E: upper bound cannot be less than lower bound");
    ck_assert_str_eq(adt_test_io("_int4", "{x}"),
                     "ERROR 22P02: invalid input syntax for type integer: \"x\"");
    ck_assert_str_eq(adt_test_io("int2vector", "1 2 3"), "1 2 3");
}
END_TEST

/* Key order equals compare order, for int and text elements, NULLs, shapes and bounds. */
START_TEST(key_order_is_compare_order)
{
    static const char *const ints[] = {"{}",
                                       "{1}",
                                       "{1,2}",
                                       "{1,NULL}",
                                       "{NULL}",
                                       "{2}",
                                       "{{1,2}}",
                                       "{{1},{2}}",
                                       "[0:1]={1,2}",
                                       "{-5,7}",
                                       "{1,2,3}"};
    const TypeDesc *t = adt_test_type("_int4");
    for (size_t i = 0; i < OAK_LENGTHOF(ints); i++)
        for (size_t j = 0; j < OAK_LENGTHOF(ints); j++) {
            Datum a = adt_test_in("_int4", ints[i]);
            Datum b = adt_test_in("_int4", ints[j]);
            int c = t->compare(a, b);
            ck_assert_int_eq(adt_test_key_cmp(t, a, b), (c > 0) - (c < 0));
            ck_assert_int_eq(c == 0, i == j);
        }
    static const char *const texts[] = {"{a}", "{a,b}", "{ab}", "{\"\"}", "{b}", "{NULL,a}"};
    const TypeDesc *tt = adt_test_type("_text");
    for (size_t i = 0; i < OAK_LENGTHOF(texts); i++)
        for (size_t j = 0; j < OAK_LENGTHOF(texts); j++) {
            Datum a = adt_test_in("_text", texts[i]);
            Datum b = adt_test_in("_text", texts[j]);
            int c = tt->compare(a, b);
            ck_assert_int_eq(adt_test_key_cmp(tt, a, b), (c > 0) - (c < 0));
        }
}
END_TEST

START_TEST(binary_round_trip)
{
    static const char *const vals[] = {"{1,NULL,3}", "{}", "[-1:0][2:3]={{1,2},{3,4}}"};
    for (size_t i = 0; i < OAK_LENGTHOF(vals); i++) {
        Datum a = adt_test_in("_int8", vals[i]);
        StrBuf sb;
        sb_init(&sb);
        adt_send(INT8ARRAYOID, a, &sb);
        Datum b = adt_recv(INT8ARRAYOID, (const uint8_t *)sb.data, (uint32_t)sb.len, -1);
        ck_assert_str_eq(adt_type(INT8ARRAYOID)->out(b), vals[i]);
        ck_assert_int_eq(adt_array_compare(a, b), 0);
    }
}
END_TEST

START_TEST(build_and_open_keep_elements)
{
    Datum vals[3] = {ptr_datum(text_from_cstr("x")), 0, ptr_datum(text_from_cstr("yz"))};
    bool nulls[3] = {false, true, false};
    Datum arr = adt_array_build_1d(TEXTOID, 3, vals, nulls);
    AdtArray a;
    adt_array_open(arr, &a);
    ck_assert_int_eq(a.nitems, 3);
    ck_assert_int_eq(a.ndim, 1);
    ck_assert_int_eq(a.lbound[0], 1);
    ck_assert(a.nulls[1]);
    ck_assert_str_eq(text_to_cstr(datum_ptr(a.values[2])), "yz");
    ck_assert_int_eq(adt_array_ndim(adt_array_build_1d(TEXTOID, 0, NULL, NULL)), 0);
}
END_TEST

Suite *
adt_array_suite(void)
{
    Suite *s = suite_create("adt_array");
    TCase *tc = tcase_create("array");
    tcase_add_test(tc, text_io_matches_postgres);
    tcase_add_test(tc, key_order_is_compare_order);
    tcase_add_test(tc, binary_round_trip);
    tcase_add_test(tc, build_and_open_keep_elements);
    suite_add_tcase(s, tc);
    return s;
}
