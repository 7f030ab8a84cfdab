/*
 * agg.c
 *     The built-in aggregates: count(*), count(any), sum, avg, min and max over the built-in
 *     numeric, string and timestamp types, with PostgreSQL's result types and scales
 *     (sum(int4) is int8, avg(int) is numeric with the division's scale, ...).
 *
 * Every state is one AggAcc allocated in the group's context; values kept across rows
 * (numeric sums, min/max) are copied into that context, the one they replace freed.
 */
#include "oak/oak.h"

#include <math.h>
#include <stdio.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"
#include "json_priv.h"

typedef struct AggAcc {
    int64_t count;     /* non-NULL inputs seen */
    __int128 isum;     /* integer sums: cannot overflow before 2^64 rows */
    double fsum;       /* float sums */
    Datum value;       /* numeric sum, or min/max so far (in the group context) */
    const TypeDesc *t; /* min/max: the input type */
    int64_t days;      /* interval sums: days and months (isum holds the microseconds) */
    int64_t months;
} AggAcc;

static inline AggAcc *
agg_acc(Datum state)
{
    return datum_ptr(state);
}

static Datum
agg_init(MemCtx *cx)
{
    return ptr_datum(mcx_alloc0_in(cx, sizeof(AggAcc)));
}

static Datum
agg_count_trans(MemCtx *cx, Datum state, Datum value)
{
    agg_acc(state)->count++;
    return state;
}

static Datum
agg_count_final(Datum state, bool *isnull)
{
    *isnull = false;
    return int64_datum(agg_acc(state)->count);
}

#define AGG_INT_TRANS(name, getter)                                                                \
    static Datum agg_##name##_trans(MemCtx *cx, Datum state, Datum value)                          \
    {                                                                                              \
        agg_acc(state)->count++;                                                                   \
        agg_acc(state)->isum += getter(value);                                                     \
        return state;                                                                              \
    }

AGG_INT_TRANS(int2, datum_int16)
AGG_INT_TRANS(int4, datum_int32)
AGG_INT_TRANS(int8, datum_int64)

static Datum
agg_numeric_from_int128(__int128 v)
{
    char buf[48];
    int n = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
    do {
        buf[sizeof buf - 1 - n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u > 0);
    if (neg)
        buf[sizeof buf - 1 - n++] = '-';
    return adt_numeric_from_cstr(mcx_strndup(buf + sizeof buf - n, (size_t)n));
}

/* sum(int2), sum(int4): int8, "bigint out of range" past it. */
static Datum
agg_sum_int8_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    if (a->isum > INT64_MAX || a->isum < INT64_MIN)
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("bigint out of range"));
    return int64_datum((int64_t)a->isum);
}

static Datum
agg_sum_numeric_int_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    return a->count == 0 ? 0 : agg_numeric_from_int128(a->isum);
}

static Datum
agg_avg_int_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    if (a->count == 0)
        return 0;
    return adt_numeric_div_datums(agg_numeric_from_int128(a->isum),
                                  adt_numeric_from_int64(a->count));
}

static Datum
agg_numeric_trans(MemCtx *cx, Datum state, Datum value)
{
    AggAcc *a = agg_acc(state);
    MemCtx *saved = mcx_switch(cx);
    Datum old = a->value;
    a->value = a->count == 0 ? adt_datum_copy(adt_type(NUMERICOID), value)
                             : adt_numeric_add_datums(old, value);
    mcx_switch(saved);
    if (a->count > 0)
        mcx_free(datum_ptr(old));
    a->count++;
    return state;
}

static Datum
agg_sum_numeric_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    return a->count == 0 ? 0 : adt_datum_copy(adt_type(NUMERICOID), a->value);
}

static Datum
agg_avg_numeric_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    if (a->count == 0)
        return 0;
    return adt_numeric_div_datums(a->value, adt_numeric_from_int64(a->count));
}

/* Float sums overflow like float8pl: an infinite sum of finite inputs is an error. */
static Datum
agg_float_add(AggAcc *a, double v, bool is_float4)
{
    double s = is_float4 ? (double)((float)a->fsum + (float)v) : a->fsum + v;
    if (isinf(s) && !isinf(a->fsum) && !isinf(v))
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("value out of range: overflow"));
    a->fsum = s;
    a->count++;
    return ptr_datum(a);
}

static Datum
agg_float4_trans(MemCtx *cx, Datum state, Datum value)
{
    return agg_float_add(agg_acc(state), datum_float4(value), true);
}

static Datum
agg_float4_avg_trans(MemCtx *cx, Datum state, Datum value)
{
    return agg_float_add(agg_acc(state), datum_float4(value), false);
}

static Datum
agg_float8_trans(MemCtx *cx, Datum state, Datum value)
{
    return agg_float_add(agg_acc(state), datum_float8(value), false);
}

static Datum
agg_sum_float4_final(Datum state, bool *isnull)
{
    *isnull = agg_acc(state)->count == 0;
    return float4_datum((float)agg_acc(state)->fsum);
}

static Datum
agg_sum_float8_final(Datum state, bool *isnull)
{
    *isnull = agg_acc(state)->count == 0;
    return float8_datum(agg_acc(state)->fsum);
}

static Datum
agg_avg_float_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    return float8_datum(a->count == 0 ? 0 : a->fsum / (double)a->count);
}

/* min/max: the state keeps a copy of the best value in the group context. */
static Datum
agg_minmax_trans(MemCtx *cx, Datum state, Datum value, Oid type, int want)
{
    AggAcc *a = agg_acc(state);
    const TypeDesc *t = adt_type(type);
    if (a->count == 0 || t->compare(value, a->value) * want > 0) {
        MemCtx *saved = mcx_switch(cx);
        Datum old = a->value;
        a->value = adt_datum_copy(t, value);
        mcx_switch(saved);
        if (a->count > 0 && !t->byval)
            mcx_free(datum_ptr(old));
    }
    a->t = t;
    a->count++;
    return state;
}

static Datum
agg_minmax_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    return a->count == 0 ? 0 : adt_datum_copy(a->t, a->value);
}

#define AGG_MINMAX(t, oid)                                                                         \
    static Datum agg_min_##t(MemCtx *cx, Datum state, Datum value)                                 \
    {                                                                                              \
        return agg_minmax_trans(cx, state, value, oid, -1);                                        \
    }                                                                                              \
    static Datum agg_max_##t(MemCtx *cx, Datum state, Datum value)                                 \
    {                                                                                              \
        return agg_minmax_trans(cx, state, value, oid, 1);                                         \
    }

AGG_MINMAX(int2, INT2OID)
AGG_MINMAX(int4, INT4OID)
AGG_MINMAX(int8, INT8OID)
AGG_MINMAX(oid, OIDOID)
AGG_MINMAX(float4, FLOAT4OID)
AGG_MINMAX(float8, FLOAT8OID)
AGG_MINMAX(timestamptz, TIMESTAMPTZOID)
AGG_MINMAX(text, TEXTOID)
AGG_MINMAX(numeric, NUMERICOID)
AGG_MINMAX(bpchar, BPCHAROID)
/* Every array type shares int4[]'s compare and copy callbacks (array_types.c). */
AGG_MINMAX(anyarray, INT4ARRAYOID)
AGG_MINMAX(date, DATEOID)
AGG_MINMAX(time, TIMEOID)
AGG_MINMAX(timestamp, TIMESTAMPOID)
AGG_MINMAX(interval, INTERVALOID)

/*
 * sum(interval) and avg(interval): months, days and microseconds summed apart, as
 * interval + interval does; a field leaving its range is 22008 "interval out of range"
 * (checked at the end: PostgreSQL checks each step, the result is the same unless a sum
 * overflows and comes back).
 */
static Datum
agg_interval_trans(MemCtx *cx, Datum state, Datum value)
{
    AggAcc *a = agg_acc(state);
    Interval iv = dt_interval_get(value);
    a->count++;
    a->isum += iv.time;
    a->days += iv.day;
    a->months += iv.month;
    return state;
}

static Datum
agg_interval_sum(const AggAcc *a)
{
    if (a->isum > INT64_MAX || a->isum < INT64_MIN || a->days > INT32_MAX || a->days < INT32_MIN ||
        a->months > INT32_MAX || a->months < INT32_MIN)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("interval out of range"));
    return dt_interval_datum((int64_t)a->isum, (int32_t)a->days, (int32_t)a->months);
}

static Datum
agg_sum_interval_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    return a->count == 0 ? 0 : agg_interval_sum(a);
}

static Datum
agg_avg_interval_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    if (a->count == 0)
        return 0;
    FuncCallInfo fc = {.nargs = 2, .arg = {agg_interval_sum(a), float8_datum((double)a->count)}};
    return adt_fn_interval_div(&fc);
}

/*
 * json_agg and jsonb_agg: the elements' JSON text, ", "-separated, grows in the group
 * context (value holds the StrBuf); NULL inputs are JSON nulls, no rows give NULL.
 */
static Datum
agg_json_trans(MemCtx *cx, Datum state, Datum value, bool isnull, Oid type, const StrBuf *sortkey)
{
    (void)sortkey; /* json_agg(x ORDER BY ...) is 0A000 at analysis */
    AggAcc *a = agg_acc(state);
    StrBuf elem;
    sb_init(&elem);
    json_append_datum(&elem, type, value, isnull);
    MemCtx *saved = mcx_switch(cx);
    if (a->count == 0) {
        StrBuf *sb = mcx_alloc(sizeof(StrBuf));
        sb_init(sb);
        sb_append_char(sb, '[');
        a->value = ptr_datum(sb);
    } else {
        sb_append((StrBuf *)datum_ptr(a->value), ", ");
    }
    sb_append_bytes(datum_ptr(a->value), elem.data, elem.len);
    mcx_switch(saved);
    mcx_free(elem.data);
    a->count++;
    return state;
}

static Datum
agg_json_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    if (a->count == 0)
        return 0;
    const StrBuf *sb = datum_ptr(a->value);
    Varlena *v = text_from_bytes(sb->data, sb->len + 1);
    v->data[sb->len] = ']';
    return ptr_datum(v);
}

static Datum
agg_jsonb_final(Datum state, bool *isnull)
{
    Datum text = agg_json_final(state, isnull);
    if (*isnull)
        return 0;
    JsonValue *tree = json_parse(adt_text_data(text), adt_text_len(text), true);
    jsonb_normalize(tree);
    return jsonb_from_tree(tree);
}

/* json(b)_object_agg: the members (from adt_json_object_member_proc), PostgreSQL's spacing. */
static Datum
agg_json_object_trans(
    MemCtx *cx, Datum state, Datum value, bool isnull, Oid type, const StrBuf *sortkey)
{
    AggAcc *a = agg_acc(state);
    (void)isnull; /* the member function never returns NULL */
    (void)type;
    (void)sortkey; /* json_object_agg(... ORDER BY ...) is 0A000 at analysis */
    MemCtx *saved = mcx_switch(cx);
    if (a->count == 0) {
        StrBuf *sb = mcx_alloc(sizeof(StrBuf));
        sb_init(sb);
        a->value = ptr_datum(sb);
    } else {
        sb_append((StrBuf *)datum_ptr(a->value), ", ");
    }
    sb_append_bytes(datum_ptr(a->value), adt_text_data(value), adt_text_len(value));
    mcx_switch(saved);
    a->count++;
    return state;
}

static Datum
agg_json_object_final(Datum state, bool *isnull)
{
    AggAcc *a = agg_acc(state);
    *isnull = a->count == 0;
    if (a->count == 0)
        return 0;
    const StrBuf *sb = datum_ptr(a->value);
    return ptr_datum(text_from_cstr(mcx_printf("{ %.*s }", (int)sb->len, sb->data)));
}

static Datum
agg_jsonb_object_final(Datum state, bool *isnull)
{
    Datum text = agg_json_object_final(state, isnull);
    if (*isnull)
        return 0;
    JsonValue *tree = json_parse(adt_text_data(text), adt_text_len(text), true);
    jsonb_normalize(tree); /* the last duplicate key wins */
    return jsonb_from_tree(tree);
}

#define MINMAX_ROWS(t, oid, minoid, maxoid, ltop, gtop)                                            \
    {minoid, "min", oid, oid, oid, ltop, agg_init, agg_min_##t, agg_minmax_final, NULL},           \
    {                                                                                              \
        maxoid, "max", oid, oid, oid, gtop, agg_init, agg_max_##t, agg_minmax_final, NULL          \
    }

/* Oids and transition types from PostgreSQL 15's pg_aggregate. */
const AggDesc adt_aggs[] = {
    {2803, "count", 0, INT8OID, INT8OID, 0, agg_init, agg_count_trans, agg_count_final, NULL},
    {2147, "count", ANYOID, INT8OID, INT8OID, 0, agg_init, agg_count_trans, agg_count_final, NULL},
    {2109, "sum", INT2OID, INT8OID, INT8OID, 0, agg_init, agg_int2_trans, agg_sum_int8_final, NULL},
    {2108, "sum", INT4OID, INT8OID, INT8OID, 0, agg_init, agg_int4_trans, agg_sum_int8_final, NULL},
    {2107,
     "sum",
     INT8OID,
     NUMERICOID,
     INTERNALOID,
     0,
     agg_init,
     agg_int8_trans,
     agg_sum_numeric_int_final,
     NULL},
    {2110,
     "sum",
     FLOAT4OID,
     FLOAT4OID,
     FLOAT4OID,
     0,
     agg_init,
     agg_float4_trans,
     agg_sum_float4_final,
     NULL},
    {2111,
     "sum",
     FLOAT8OID,
     FLOAT8OID,
     FLOAT8OID,
     0,
     agg_init,
     agg_float8_trans,
     agg_sum_float8_final,
     NULL},
    {2114,
     "sum",
     NUMERICOID,
     NUMERICOID,
     INTERNALOID,
     0,
     agg_init,
     agg_numeric_trans,
     agg_sum_numeric_final,
     NULL},
    {2102,
     "avg",
     INT2OID,
     NUMERICOID,
     INT8ARRAYOID,
     0,
     agg_init,
     agg_int2_trans,
     agg_avg_int_final,
     NULL},
    {2101,
     "avg",
     INT4OID,
     NUMERICOID,
     INT8ARRAYOID,
     0,
     agg_init,
     agg_int4_trans,
     agg_avg_int_final,
     NULL},
    {2100,
     "avg",
     INT8OID,
     NUMERICOID,
     INTERNALOID,
     0,
     agg_init,
     agg_int8_trans,
     agg_avg_int_final,
     NULL},
    {2103,
     "avg",
     NUMERICOID,
     NUMERICOID,
     INTERNALOID,
     0,
     agg_init,
     agg_numeric_trans,
     agg_avg_numeric_final,
     NULL},
    {2104,
     "avg",
     FLOAT4OID,
     FLOAT8OID,
     FLOAT8ARRAYOID,
     0,
     agg_init,
     agg_float4_avg_trans,
     agg_avg_float_final,
     NULL},
    {2105,
     "avg",
     FLOAT8OID,
     FLOAT8OID,
     FLOAT8ARRAYOID,
     0,
     agg_init,
     agg_float8_trans,
     agg_avg_float_final,
     NULL},
    MINMAX_ROWS(int8, INT8OID, 2131, 2115, 412, 413),
    MINMAX_ROWS(int4, INT4OID, 2132, 2116, 97, 521),
    MINMAX_ROWS(int2, INT2OID, 2133, 2117, 95, 520),
    MINMAX_ROWS(oid, OIDOID, 2134, 2118, 609, 610),
    MINMAX_ROWS(float4, FLOAT4OID, 2135, 2119, 622, 623),
    MINMAX_ROWS(float8, FLOAT8OID, 2136, 2120, 672, 674),
    MINMAX_ROWS(timestamptz, TIMESTAMPTZOID, 2143, 2127, 1322, 1324),
    MINMAX_ROWS(text, TEXTOID, 2145, 2129, 664, 666),
    MINMAX_ROWS(numeric, NUMERICOID, 2146, 2130, 1754, 1756),
    MINMAX_ROWS(anyarray, ANYARRAYOID, 2051, 2050, 1072, 1073),
    MINMAX_ROWS(bpchar, BPCHAROID, 2245, 2244, 1058, 1060),
    /* array_agg (array_agg.c): NULL inputs are kept, so the step is trans_any */
    {2335,
     "array_agg",
     ANYNONARRAYOID,
     ANYARRAYOID,
     INTERNALOID,
     0,
     adt_array_agg_init,
     NULL,
     adt_array_agg_final,
     adt_array_agg_trans},
    {4053,
     "array_agg",
     ANYARRAYOID,
     ANYARRAYOID,
     INTERNALOID,
     0,
     adt_array_agg_init,
     NULL,
     adt_array_agg_array_final,
     adt_array_agg_trans},
    MINMAX_ROWS(date, DATEOID, 2138, 2122, 1095, 1097),
    MINMAX_ROWS(time, TIMEOID, 2139, 2123, 1110, 1112),
    MINMAX_ROWS(timestamp, TIMESTAMPOID, 2142, 2126, 2062, 2064),
    MINMAX_ROWS(interval, INTERVALOID, 2144, 2128, 1332, 1334),
    {2113,
     "sum",
     INTERVALOID,
     INTERVALOID,
     INTERVALOID,
     0,
     agg_init,
     agg_interval_trans,
     agg_sum_interval_final,
     NULL},
    {2106,
     "avg",
     INTERVALOID,
     INTERVALOID,
     1187, /* interval[] */
     0,
     agg_init,
     agg_interval_trans,
     agg_avg_interval_final,
     NULL},
    {3175,
     "json_agg",
     ANYELEMENTOID,
     JSONOID,
     INTERNALOID,
     0,
     agg_init,
     NULL,
     agg_json_final,
     agg_json_trans},
    {3267,
     "jsonb_agg",
     ANYELEMENTOID,
     JSONBOID,
     INTERNALOID,
     0,
     agg_init,
     NULL,
     agg_jsonb_final,
     agg_json_trans},
    {3197,
     "json_object_agg",
     TEXTOID, /* the member text of adt_json_object_member_proc */
     JSONOID,
     INTERNALOID,
     0,
     agg_init,
     NULL,
     agg_json_object_final,
     agg_json_object_trans},
    {3270,
     "jsonb_object_agg",
     TEXTOID,
     JSONBOID,
     INTERNALOID,
     0,
     agg_init,
     NULL,
     agg_jsonb_object_final,
     agg_json_object_trans},
};
const int adt_naggs = (int)OAK_LENGTHOF(adt_aggs);
