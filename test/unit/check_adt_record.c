/*
 * check_adt_record.c
 *     Anonymous records (backend/utils/adt/record.c) and information_schema._pg_expandarray
 *     (adt_infoschema.c): building and reading values, record_out's quoting, the shape
 *     registry, IS [NOT] NULL by fields, record_send's bytes, and _pg_expandarray driven
 *     through the value-per-call protocol in constant memory. Expected strings and bytes
 *     come from PostgreSQL 15.
 */
#include <check.h>
#include <stdlib.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "oak/utils/record.h"
#include "adt_test_util.h"

/* A two-field record (text t, int4 n); t NULL when t is NULL. */
static Datum
rec_text_int(const char *t, int32_t n)
{
    Oid types[2] = {TEXTOID, INT4OID};
    Datum values[2] = {t ? ptr_datum(text_from_cstr(t)) : 0, int32_datum(n)};
    bool nulls[2] = {t == NULL, false};
    return adt_record_build(2, types, values, nulls);
}

START_TEST(fields_read_back)
{
    Datum r = rec_text_int("hello", 42);
    ck_assert_int_eq(adt_record_nfields(r), 2);
    Oid type;
    bool isnull;
    Datum v = adt_record_field(r, 1, &type, &isnull);
    ck_assert(!isnull && type == INT4OID && datum_int32(v) == 42);
    v = adt_record_field(r, 0, &type, &isnull);
    ck_assert(!isnull && type == TEXTOID);
    ck_assert_str_eq(text_to_cstr(datum_ptr(v)), "hello");
    (void)adt_record_field(rec_text_int(NULL, 1), 0, &type, &isnull);
    ck_assert(isnull && type == TEXTOID);
}
END_TEST

START_TEST(output_quotes_like_record_out)
{
    ck_assert_str_eq(adt_record_out(rec_text_int("a", 1)), "(a,1)");
    ck_assert_str_eq(adt_record_out(rec_text_int(NULL, 2)), "(,2)");
    ck_assert_str_eq(adt_record_out(rec_text_int("", 3)), "(\"\",3)");
    ck_assert_str_eq(adt_record_out(rec_text_int("a b", 4)), "(\"a b\",4)");
    ck_assert_str_eq(adt_record_out(rec_text_int("q\"x", 5)), "(\"q\"\"x\",5)");
    ck_assert_str_eq(adt_record_out(rec_text_int("b\\s", 6)), "(\"b\\\\s\",6)");
    ck_assert_str_eq(adt_record_out(rec_text_int("(,)", 7)), "(\"(,)\",7)");
    Oid types[2] = {INT4OID, TEXTOID};
    Datum values[2] = {int32_datum(1), 0};
    bool nulls[2] = {false, true};
    ck_assert_str_eq(adt_record_out(adt_record_build(2, types, values, nulls)), "(1,)");
}
END_TEST

START_TEST(shapes_register_once)
{
    const char *names[2] = {"x", "n"};
    Oid types[2] = {INT2OID, INT4OID};
    int32_t typmods[2] = {-1, -1};
    int32_t a = adt_record_shape_register(2, names, types, typmods);
    int32_t b = adt_record_shape_register(2, names, types, typmods);
    ck_assert_int_eq(a, b);
    types[0] = TEXTOID;
    int32_t c = adt_record_shape_register(2, names, types, typmods);
    ck_assert_int_ne(a, c);
    const RecordShape *s = adt_record_shape(c);
    ck_assert(s != NULL && s->nfields == 2 && s->types[0] == TEXTOID);
    ck_assert_int_eq(adt_record_shape_field(s, "n"), 1);
    ck_assert_int_eq(adt_record_shape_field(s, "z"), -1);
    ck_assert(adt_record_shape(-1) == NULL && adt_record_shape(1 << 30) == NULL);
}
END_TEST

START_TEST(null_tests_look_at_fields)
{
    Oid types[2] = {INT4OID, INT4OID};
    Datum values[2] = {0, 0};
    bool none[2] = {true, true};
    bool one[2] = {false, true};
    bool all[2] = {false, false};
    ck_assert(adt_record_nulltest(adt_record_build(2, types, values, none), true));
    ck_assert(!adt_record_nulltest(adt_record_build(2, types, values, none), false));
    ck_assert(!adt_record_nulltest(adt_record_build(2, types, values, one), true));
    ck_assert(!adt_record_nulltest(adt_record_build(2, types, values, one), false));
    ck_assert(adt_record_nulltest(adt_record_build(2, types, values, all), false));
}
END_TEST

START_TEST(send_matches_record_send)
{
    /* PostgreSQL: 2 fields; text 'a' (oid 25, length 1); int4 1 (oid 23, length 4) */
    StrBuf sb;
    sb_init(&sb);
    adt_record_send(rec_text_int("a", 1), &sb);
    static const uint8_t want[] = {0, 0, 0, 2,  0, 0, 0, 25, 0, 0, 0, 1, 'a',
                                   0, 0, 0, 23, 0, 0, 0, 4,  0, 0, 0, 1};
    ck_assert_uint_eq(sb.len, sizeof want);
    ck_assert(memcmp(sb.data, want, sizeof want) == 0);
    sb_reset(&sb);
    adt_record_send(rec_text_int(NULL, 2), &sb);
    static const uint8_t want_null[] = {0, 0, 0, 2,  0, 0, 0, 25, 0xff, 0xff, 0xff, 0xff,
                                        0, 0, 0, 23, 0, 0, 0, 4,  0,    0,    0,    2};
    ck_assert_uint_eq(sb.len, sizeof want_null);
    ck_assert(memcmp(sb.data, want_null, sizeof want_null) == 0);
}
END_TEST

START_TEST(order_is_record_cmp)
{
    /* field by field; a NULL field sorts after values and equals another NULL */
    ck_assert_int_lt(adt_record_cmp(rec_text_int("a", 2), rec_text_int("b", 1)), 0);
    ck_assert_int_gt(adt_record_cmp(rec_text_int("a", 2), rec_text_int("a", 1)), 0);
    ck_assert_int_gt(adt_record_cmp(rec_text_int(NULL, 1), rec_text_int("z", 1)), 0);
    ck_assert_int_eq(adt_record_cmp(rec_text_int(NULL, 1), rec_text_int(NULL, 1)), 0);
    const Datum vals[] = {rec_text_int("a", 2),
                          rec_text_int("b", 1),
                          rec_text_int(NULL, 1),
                          rec_text_int("a", 10),
                          rec_text_int(NULL, 0)};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            StrBuf ka;
            StrBuf kb;
            sb_init(&ka);
            sb_init(&kb);
            adt_record_key(&ka, vals[i]);
            adt_record_key(&kb, vals[j]);
            size_t n = ka.len < kb.len ? ka.len : kb.len;
            int k = memcmp(ka.data, kb.data, n);
            if (k == 0)
                k = ka.len < kb.len ? -1 : ka.len > kb.len;
            int c = adt_record_cmp(vals[i], vals[j]);
            ck_assert_int_eq(k < 0 ? -1 : k > 0, c < 0 ? -1 : c > 0);
        }
}
END_TEST

/* _pg_expandarray over an array given in text: the records joined by ";". */
static char *
expand_run(const char *arrtype, const char *arr)
{
    const ProcDesc *p = adt_infoschema_proc_next_by_name("_pg_expandarray", NULL);
    ck_assert(p != NULL && p->retset && p->oid == 13208);
    SrfCall srf = {.cx = mcx_create(mcx_current, "SrfTest")};
    FuncCallInfo fc = {.nargs = 1, .typmod = -1, .result_type = RECORDOID, .srf = &srf};
    fc.arg[0] = adt_test_in(arrtype, arr);
    fc.argtype[0] = adt_test_type(arrtype)->oid;
    StrBuf sb;
    sb_init(&sb);
    for (int n = 0; n < 100; n++) {
        fc.isnull = false;
        Datum v = p->fn(&fc);
        if (srf.done)
            break;
        sb_append(&sb, n > 0 ? ";" : "");
        sb_append(&sb, adt_record_out(v));
    }
    mcx_delete(srf.cx);
    return sb.data;
}

START_TEST(expandarray_matches_postgres)
{
    ck_assert_str_eq(expand_run("_int4", "{10,20}"), "(10,1);(20,2)");
    ck_assert_str_eq(expand_run("_int4", "[3:5]={7,8,9}"), "(7,1);(8,2);(9,3)");
    ck_assert_str_eq(expand_run("_int4", "{1,NULL,3}"), "(1,1);(,2);(3,3)");
    ck_assert_str_eq(expand_run("_int4", "{}"), "");
    ck_assert_str_eq(expand_run("_int4", "{{1,2},{3,4}}"), "(,1);(,2)");
    ck_assert_str_eq(expand_run("_text", "{\"a b\",\"\"}"), "(\"a b\",1);(\"\",2)");
    ck_assert_str_eq(expand_run("int2vector", "3 1"), "(3,1);(1,2)");
    ck_assert(adt_infoschema_proc_next_by_name("generate_series", NULL) == NULL);
}
END_TEST

START_TEST(expandarray_runs_in_constant_memory)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "{");
    for (int i = 0; i < 50000; i++)
        sb_append(&sb, i ? ",x" : "x");
    sb_append(&sb, "}");
    const ProcDesc *p = adt_infoschema_proc_next_by_name("_pg_expandarray", NULL);
    SrfCall srf = {.cx = mcx_create(mcx_current, "SrfTest")};
    FuncCallInfo fc = {.nargs = 1, .typmod = -1, .result_type = RECORDOID, .srf = &srf};
    fc.arg[0] = adt_test_in("_text", sb.data);
    fc.argtype[0] = TEXTARRAYOID;
    MemCtx *row = mcx_create(mcx_current, "Row");
    int n = 0;
    size_t after_first = 0;
    for (;;) {
        mcx_reset(row);
        MemCtx *old = mcx_switch(row);
        (void)p->fn(&fc);
        mcx_switch(old);
        if (srf.done)
            break;
        if (++n == 1)
            after_first = mcx_bytes(srf.cx);
    }
    ck_assert_int_eq(n, 50000);
    ck_assert_uint_le(mcx_bytes(srf.cx), after_first);
    mcx_delete(row);
    mcx_delete(srf.cx);
}
END_TEST

Suite *
adt_record_suite(void)
{
    Suite *s = suite_create("adt_record");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, fields_read_back);
    tcase_add_test(tc, output_quotes_like_record_out);
    tcase_add_test(tc, shapes_register_once);
    tcase_add_test(tc, null_tests_look_at_fields);
    tcase_add_test(tc, send_matches_record_send);
    tcase_add_test(tc, order_is_record_cmp);
    tcase_add_test(tc, expandarray_matches_postgres);
    tcase_add_test(tc, expandarray_runs_in_constant_memory);
    suite_add_tcase(s, tc);
    return s;
}
