/*
 * check_adt_datetime.c
 *     The invariants of the date/time, uuid and jsonb types (backend/utils/adt/README.md
 *     9-12): key encodings order values as compare does and give equal keys (so equal hashes)
 *     to equal values ('1 mon' = '30 days', jsonb 1.0 = 1); text output reads back to the
 *     same value in every IntervalStyle; binary send/recv round-trips. Printed values are
 *     checked against PostgreSQL 15 by the regression tests; these check the structure.
 */
#include <check.h>
#include <stdlib.h>

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "adt_test_util.h"

/* For every pair: key order = compare, and equal keys exactly when compare says equal. */
static void
check_key_order(const char *type, const char *const *texts, int n)
{
    const TypeDesc *t = adt_test_type(type);
    Datum *vals = mcx_alloc(sizeof(Datum) * (size_t)n);
    for (int i = 0; i < n; i++)
        vals[i] = t->in(texts[i], -1);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int c = t->compare(vals[i], vals[j]);
            ck_assert_msg(adt_test_key_cmp(t, vals[i], vals[j]) == (c > 0) - (c < 0),
                          "%s: key order of %s and %s",
                          type,
                          texts[i],
                          texts[j]);
            if (c == 0)
                ck_assert_uint_eq(adt_datum_hash(t, vals[i]), adt_datum_hash(t, vals[j]));
        }
}

#define TEXTS(...)                                                                                 \
    ((const char *const[]){__VA_ARGS__}), (int)OAK_LENGTHOF(((const char *[]){__VA_ARGS__}))

START_TEST(keys_order_as_compare)
{
    check_key_order("date",
                    TEXTS("-infinity",
                          "4714-11-24 BC",
                          "0001-01-01 BC",
                          "0001-01-01",
                          "1999-12-31",
                          "2000-01-01",
                          "2020-02-29",
                          "5874897-12-31",
                          "infinity"));
    check_key_order("time", TEXTS("00:00", "00:00:00.000001", "12:00", "23:59:59.999999", "24:00"));
    check_key_order(
        "timetz",
        TEXTS("10:00+02", "08:00+00", "09:00+00", "10:00-02", "00:00+15:59", "23:59-15:59"));
    check_key_order("timestamp",
                    TEXTS("-infinity",
                          "4714-11-24 00:00 BC",
                          "2000-01-01",
                          "2000-01-01 00:00:00.000001",
                          "294276-12-31 23:59:59.999999",
                          "infinity"));
    check_key_order("interval",
                    TEXTS("-178956970 years -8 mons -2147483647 days -2562047788:00:54.775807",
                          "-1 day",
                          "-24:00:00",
                          "0",
                          "00:00:00.000001",
                          "1 day",
                          "24 hours",
                          "1 mon",
                          "30 days",
                          "720 hours",
                          "1 year",
                          "178956970 years 7 mons 2147483647 days 2562047788:00:54.775807"));
    check_key_order("uuid",
                    TEXTS("00000000-0000-0000-0000-000000000000",
                          "00000000-0000-0000-0000-000000000001",
                          "7fffffff-ffff-ffff-ffff-ffffffffffff",
                          "80000000-0000-0000-0000-000000000000",
                          "ffffffff-ffff-ffff-ffff-ffffffffffff"));
    check_key_order("jsonb",
                    TEXTS("[]",
                          "null",
                          "\"\"",
                          "\"a\"",
                          "\"ab\"",
                          "\"b\"",
                          "-1",
                          "0",
                          "1",
                          "1.0",
                          "1e3",
                          "false",
                          "true",
                          "[null]",
                          "[1]",
                          "[[]]",
                          "[1, 2]",
                          "{}",
                          "{\"a\": 1}",
                          "{\"a\": 2}",
                          "{\"aa\": 1}",
                          "{\"b\": 1}",
                          "{\"a\": 1, \"b\": 2}",
                          "{\"a\": [1, {\"b\": null}]}"));
}
END_TEST

/* Output, read back, prints the same and compares equal, in each IntervalStyle. */
static void
check_round_trip(const char *type, const char *text)
{
    const TypeDesc *t = adt_test_type(type);
    Datum v = t->in(text, -1);
    char *out = t->out(v);
    Datum back = t->in(out, -1);
    ck_assert_msg(t->compare == NULL || t->compare(v, back) == 0, /* json has no ordering */
                  "%s '%s' printed as '%s' reads back differently",
                  type,
                  text,
                  out);
    ck_assert_str_eq(t->out(back), out);
}

START_TEST(output_reads_back)
{
    static const char *const intervals[] = {"1 year 2 mons 3 days 04:05:06.5",
                                            "-1 day +02:00",
                                            "-1 years -2 mons",
                                            "0",
                                            "-00:00:01.5",
                                            "1 day -01:02:03",
                                            "100000 hours",
                                            "-7 mons -14 days -25:48:00",
                                            "P1Y2M3DT4H5M6S",
                                            "1.5 months",
                                            "3 weeks"};
    for (int style = 0; style < 4; style++) {
        adt_interval_style = style;
        for (size_t i = 0; i < OAK_LENGTHOF(intervals); i++)
            check_round_trip("interval", intervals[i]);
    }
    adt_interval_style = 0;
    check_round_trip("date", "0044-03-15 BC");
    check_round_trip("timestamptz", "2020-01-01 10:00:00.123456+05:30");
    check_round_trip("timetz", "23:59:59.999999-15:59");
    check_round_trip("uuid", "{A0EEBC99-9C0B4EF8-BB6D6BB9-BD380A11}");
    check_round_trip("jsonb",
                     "{\"b\": [1, 2.50, {\"x\": null}], \"a\": \"\\u00e9\\n\", \"a\": 1e3}");
    check_round_trip("json", " {\"a\" :  [1,2]} ");
}
END_TEST

START_TEST(binary_round_trips)
{
    static const struct {
        const char *type;
        const char *text;
    } cases[] = {{"date", "-infinity"},
                 {"date", "2020-01-02"},
                 {"time", "24:00"},
                 {"timetz", "10:00:00.5-05:30"},
                 {"interval", "-1 year 2 days -00:00:01.5"},
                 {"uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
                 {"json", "{\"b\": 1,  \"a\": [true]}"},
                 {"jsonb", "{\"b\": 1, \"a\": [true]}"}};
    for (size_t i = 0; i < OAK_LENGTHOF(cases); i++) {
        const TypeDesc *t = adt_test_type(cases[i].type);
        Datum v = t->in(cases[i].text, -1);
        StrBuf sb;
        sb_init(&sb);
        adt_send(t->oid, v, &sb);
        Datum back = adt_recv(t->oid, (const uint8_t *)sb.data, (uint32_t)sb.len, -1);
        ck_assert_str_eq(t->out(back), t->out(v));
    }
}
END_TEST

Suite *
adt_datetime_suite(void)
{
    Suite *s = suite_create("adt_datetime");
    TCase *tc = tcase_create("datetime");

    tcase_add_test(tc, keys_order_as_compare);
    tcase_add_test(tc, output_reads_back);
    tcase_add_test(tc, binary_round_trips);
    suite_add_tcase(s, tc);
    return s;
}
