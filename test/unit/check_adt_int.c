/*
 * check_adt_int.c
 *     Integer, bool and oid types: text I/O and PostgreSQL's exact errors, cross-width
 *     arithmetic and comparison, casts, and key order. Expected strings come from PostgreSQL 15.
 */
#include <check.h>
#include <stdlib.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "adt_test_util.h"

START_TEST(int_input_and_output_match_postgres)
{
    ck_assert_str_eq(adt_test_io("int4", " 12 "), "12");
    ck_assert_str_eq(adt_test_io("int4", "+5"), "5");
    ck_assert_str_eq(adt_test_io("int4", "-2147483648"), "-2147483648");
    ck_assert_str_eq(adt_test_io("int8", "-9223372036854775808"), "-9223372036854775808");
    ck_assert_str_eq(adt_test_io("int4", "abc"),
                     "ERROR 22P02: invalid input syntax for type integer: \"abc\"");
    ck_assert_str_eq(adt_test_io("int4", ""),
                     "ERROR 22P02: invalid input syntax for type integer: \"\"");
    ck_assert_str_eq(adt_test_io("int4", "1.5"),
                     "ERROR 22P02: invalid input syntax for type integer: \"1.5\"");
    ck_assert_str_eq(adt_test_io("int4", "99999999999"),
                     "ERROR 22003: value \"99999999999\" is out of range for type integer");
    ck_assert_str_eq(adt_test_io("int2", "32768"),
                     "ERROR 22003: value \"32768\" is out of range for type smallint");
    ck_assert_str_eq(adt_test_io("int8", "9223372036854775808"),
                     "ERROR 22003: value \"9223372036854775808\" is out of range for type bigint");
    ck_assert_str_eq(adt_test_io("oid", "-1"), "4294967295");
}
END_TEST

START_TEST(bool_accepts_postgres_spellings)
{
    ck_assert_str_eq(adt_test_io("bool", "yes"), "t");
    ck_assert_str_eq(adt_test_io("bool", "of"), "f");
    ck_assert_str_eq(adt_test_io("bool", " f "), "f");
    ck_assert_str_eq(adt_test_io("boolean", "TRUE"), "t");
    ck_assert_str_eq(adt_test_io("bool", "o"),
                     "ERROR 22P02: invalid input syntax for type boolean: \"o\"");
}
END_TEST

START_TEST(int_arithmetic_raises_postgres_errors)
{
    ck_assert_str_eq(adt_test_oper("+", "int4", "2147483647", "int4", "1"),
                     "ERROR 22003: integer out of range");
    ck_assert_str_eq(adt_test_oper("/", "int4", "-2147483648", "int4", "-1"),
                     "ERROR 22003: integer out of range");
    ck_assert_str_eq(adt_test_oper("/", "int4", "1", "int4", "0"), "ERROR 22012: division by zero");
    ck_assert_str_eq(adt_test_oper("%", "int8", "5", "int8", "0"), "ERROR 22012: division by zero");
    ck_assert_str_eq(adt_test_oper("+", "int2", "32767", "int2", "1"),
                     "ERROR 22003: smallint out of range");
    ck_assert_str_eq(adt_test_oper("*", "int8", "9223372036854775807", "int8", "2"),
                     "ERROR 22003: bigint out of range");
    ck_assert_str_eq(adt_test_oper("%", "int4", "-2147483648", "int4", "-1"), "0");
    ck_assert_str_eq(adt_test_oper("%", "int4", "-7", "int4", "3"), "-1");
    ck_assert_str_eq(adt_test_oper("/", "int4", "-7", "int4", "2"), "-3");
    /* cross-width operators widen: int2 + int4 is int4 */
    ck_assert_str_eq(adt_test_oper("+", "int2", "32767", "int4", "1"), "32768");
    ck_assert_str_eq(adt_test_oper("-", "int4", "5", "int8", "7"), "-2");
    ck_assert_str_eq(adt_test_oper("<", "int2", "5", "int8", "6"), "t");
    ck_assert_str_eq(adt_test_oper("<>", "int8", "5", "int2", "5"), "f");
}
END_TEST

START_TEST(int_casts_check_range)
{
    ck_assert_str_eq(adt_test_cast("int4", "70000", "int2", -1, true),
                     "ERROR 22003: smallint out of range");
    ck_assert_str_eq(adt_test_cast("int8", "3000000000", "int4", -1, true),
                     "ERROR 22003: integer out of range");
    ck_assert_str_eq(adt_test_cast("int4", "1", "bool", -1, true), "t");
    ck_assert_str_eq(adt_test_cast("bool", "t", "int4", -1, true), "1");
    ck_assert_str_eq(adt_test_cast("int4", "42", "text", -1, false), "42");
    ck_assert_str_eq(adt_test_cast("text", "42", "int4", -1, true), "42");
    ck_assert_str_eq(adt_test_cast("int8", "-1", "oid", -1, true), "ERROR 22003: OID out of range");
    ck_assert(adt_can_cast(INT4OID, INT8OID, ADT_CAST_IMPLICIT));
    ck_assert(!adt_can_cast(INT8OID, INT4OID, ADT_CAST_IMPLICIT));
    ck_assert(adt_can_cast(INT8OID, INT4OID, ADT_CAST_ASSIGNMENT));
    ck_assert(adt_can_cast(INT4OID, TEXTOID, ADT_CAST_ASSIGNMENT));
    ck_assert(!adt_can_cast(INT4OID, TEXTOID, ADT_CAST_IMPLICIT));
    ck_assert(!adt_can_cast(TEXTOID, INT4OID, ADT_CAST_ASSIGNMENT));
    ck_assert(adt_can_cast(TEXTOID, INT4OID, ADT_CAST_EXPLICIT));
}
END_TEST

/* memcmp order of keys equals compare() order, across widths too. */
START_TEST(int_key_order_matches_compare)
{
    const TypeDesc *t8 = adt_test_type("int8");
    const TypeDesc *t2 = adt_test_type("int2");
    srandom(42);
    for (int i = 0; i < 2000; i++) {
        int64_t a =
            (int64_t)(((uint64_t)random() << 33) ^ ((uint64_t)random() << 2)) >> (random() % 60);
        int64_t b = (i % 3 == 0) ? a
                                 : (int64_t)(((uint64_t)random() << 33) ^ (uint64_t)random()) >>
                                       (random() % 60);
        if (i % 5 == 0)
            b = -a;
        ck_assert_int_eq(adt_test_key_cmp(t8, int64_datum(a), int64_datum(b)),
                         t8->compare(int64_datum(a), int64_datum(b)));
    }
    StrBuf k2 = adt_test_key(t2, int16_datum(-5));
    StrBuf k8 = adt_test_key(t8, int64_datum(-5));
    ck_assert_uint_eq(k2.len, k8.len);
    ck_assert(memcmp(k2.data, k8.data, k2.len) == 0);
}
END_TEST

START_TEST(tables_resolve_postgres_oids)
{
    ck_assert_str_eq(adt_proc(177)->name, "int4pl");
    ck_assert_str_eq(adt_proc(1317)->name, "length");
    ck_assert_uint_eq(adt_oper_find("+", INT4OID, INT4OID)->oid, 551);
    ck_assert_uint_eq(adt_oper_find("-", 0, INT4OID)->proc, 212);
    ck_assert_uint_eq(adt_type_by_name("integer")->oid, INT4OID);
    ck_assert_uint_eq(adt_type_by_name("pg_catalog.int8")->oid, INT8OID);
    ck_assert_uint_eq(adt_type_by_name("double precision")->oid, FLOAT8OID);
    ck_assert_uint_eq(adt_type_by_name("character varying")->oid, VARCHAROID);
    ck_assert_uint_eq(adt_type_by_name("char")->oid, CHAROID);
    ck_assert_ptr_null(adt_type_by_name("nosuchtype"));
    ck_assert_uint_eq(adt_cast_find(INT4OID, INT8OID)->func, 481);
    ck_assert_str_eq(adt_format_type(VARCHAROID,
                                     adt_typmod_from_args(VARCHAROID, (int32_t[]){5}, 1)),
                     "character varying(5)");
    ck_assert_str_eq(adt_format_type(NUMERICOID,
                                     adt_typmod_from_args(NUMERICOID, (int32_t[]){10, 2}, 2)),
                     "numeric(10,2)");
    int n = 0;
    for (const ProcDesc *p = adt_proc_next_by_name("abs", NULL); p;
         p = adt_proc_next_by_name("abs", p))
        n++;
    ck_assert_int_eq(n, 6);
    /* every proc is callable, but aggregates and the window functions (pg_proc oids
     * 3100-3114, run by the executor's WindowAgg) */
    for (int i = 0; i < adt_nprocs; i++)
        ck_assert(adt_procs[i].fn != NULL || adt_agg(adt_procs[i].oid) != NULL ||
                  (adt_procs[i].oid >= 3100 && adt_procs[i].oid <= 3114));
}
END_TEST

Suite *
adt_int_suite(void)
{
    Suite *s = suite_create("adt_int");
    TCase *tc = tcase_create("int");

    tcase_add_test(tc, int_input_and_output_match_postgres);
    tcase_add_test(tc, bool_accepts_postgres_spellings);
    tcase_add_test(tc, int_arithmetic_raises_postgres_errors);
    tcase_add_test(tc, int_casts_check_range);
    tcase_add_test(tc, int_key_order_matches_compare);
    tcase_add_test(tc, tables_resolve_postgres_oids);
    suite_add_tcase(s, tc);
    return s;
}
