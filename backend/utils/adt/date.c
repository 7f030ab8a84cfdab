/*
 * date.c
 *     date: int32 days since 2000-01-01 (by value), INT32_MIN/INT32_MAX for -infinity and
 *     infinity, as PostgreSQL stores it. Text I/O (ISO output), comparison and key encoding,
 *     date +/- integer, date - date, date +/- interval, date + time, the casts to and from
 *     timestamp and timestamptz, cross-type comparisons, make_date, isfinite.
 *
 * Keys: a date key-encodes as its day count in the 8-byte integer encoding (invariant 2), so
 * infinities sort first and last like the values.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

static void __attribute__((noreturn)) date_out_of_range(void)
{
    ereport(ERROR, err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE), err_msg("date out of range"));
}

static bool
date_is_finite(int32_t d)
{
    return d != DATE_NOBEGIN && d != DATE_NOEND;
}

Datum
adt_date_in(const char *str, int32_t typmod)
{
    DtParsed dp;
    (void)typmod;
    dt_parse(str, "date", &dp);
    if (dp.special == DT_SPECIAL_INF)
        return int32_datum(DATE_NOEND);
    if (dp.special == DT_SPECIAL_NINF)
        return int32_datum(DATE_NOBEGIN);
    if (!dp.has_date)
        dt_bad_input(str, "date");
    if (dp.days < DATE_MIN_DAYS || dp.days > DATE_MAX_DAYS)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("date out of range: \"%s\"", str));
    return int32_datum((int32_t)dp.days);
}

char *
adt_date_out(Datum value)
{
    int32_t d = datum_int32(value);
    if (d == DATE_NOBEGIN)
        return mcx_strdup("-infinity");
    if (d == DATE_NOEND)
        return mcx_strdup("infinity");
    StrBuf sb;
    sb_init(&sb);
    dt_append_date(&sb, d);
    return sb.data;
}

void
adt_date_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int32(value));
}

int
adt_date_cmp(Datum a, Datum b)
{
    int32_t x = datum_int32(a);
    int32_t y = datum_int32(b);
    return (x > y) - (x < y);
}

#define DATE_CMP_FN(name, op)                                                                      \
    Datum adt_fn_date_##name(FuncCallInfo *fc)                                                     \
    {                                                                                              \
        return bool_datum(datum_int32(fc->arg[0]) op datum_int32(fc->arg[1]));                     \
    }

DATE_CMP_FN(eq, ==)
DATE_CMP_FN(ne, !=)
DATE_CMP_FN(lt, <)
DATE_CMP_FN(le, <=)
DATE_CMP_FN(gt, >)
DATE_CMP_FN(ge, >=)

/* The timestamp of a date's midnight; infinities map to infinities. */
static int64_t
date_to_ts(int32_t d)
{
    if (d == DATE_NOBEGIN)
        return DT_NOBEGIN;
    if (d == DATE_NOEND)
        return DT_NOEND;
    if (d > 106751983 - 1) /* past the timestamp range (294276 AD) */
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("date out of range for timestamp"));
    return (int64_t)d * DT_USECS_PER_DAY;
}

/* date vs timestamp(tz): compare the date's midnight (session zone UTC). */
static int
date_cmp_ts(int32_t d, int64_t ts)
{
    int64_t x = d == DATE_NOBEGIN ? DT_NOBEGIN
                : d == DATE_NOEND ? DT_NOEND
                                  : (d > 106751983 ? DT_NOEND : (int64_t)d * DT_USECS_PER_DAY);
    return (x > ts) - (x < ts);
}

#define DATE_TS_CMP_FNS(suffix, op)                                                                \
    Datum adt_fn_date_##suffix##_timestamp(FuncCallInfo *fc)                                       \
    {                                                                                              \
        return bool_datum(date_cmp_ts(datum_int32(fc->arg[0]), datum_int64(fc->arg[1])) op 0);     \
    }                                                                                              \
    Datum adt_fn_date_##suffix##_timestamptz(FuncCallInfo *fc)                                     \
    {                                                                                              \
        return bool_datum(date_cmp_ts(datum_int32(fc->arg[0]), datum_int64(fc->arg[1])) op 0);     \
    }                                                                                              \
    Datum adt_fn_timestamp_##suffix##_date(FuncCallInfo *fc)                                       \
    {                                                                                              \
        return bool_datum(-date_cmp_ts(datum_int32(fc->arg[1]), datum_int64(fc->arg[0])) op 0);    \
    }                                                                                              \
    Datum adt_fn_timestamptz_##suffix##_date(FuncCallInfo *fc)                                     \
    {                                                                                              \
        return bool_datum(-date_cmp_ts(datum_int32(fc->arg[1]), datum_int64(fc->arg[0])) op 0);    \
    }

DATE_TS_CMP_FNS(eq, ==)
DATE_TS_CMP_FNS(ne, !=)
DATE_TS_CMP_FNS(lt, <)
DATE_TS_CMP_FNS(le, <=)
DATE_TS_CMP_FNS(gt, >)
DATE_TS_CMP_FNS(ge, >=)

/* date + days: infinities stay; leaving the date range is 22008 "date out of range". */
static Datum
date_add_days(int32_t d, int64_t days)
{
    if (!date_is_finite(d))
        return int32_datum(d);
    int64_t r = (int64_t)d + days;
    if (r < DATE_MIN_DAYS || r > DATE_MAX_DAYS)
        date_out_of_range();
    return int32_datum((int32_t)r);
}

Datum
adt_fn_date_pli(FuncCallInfo *fc)
{
    return date_add_days(datum_int32(fc->arg[0]), datum_int32(fc->arg[1]));
}

Datum
adt_fn_integer_pl_date(FuncCallInfo *fc)
{
    return date_add_days(datum_int32(fc->arg[1]), datum_int32(fc->arg[0]));
}

Datum
adt_fn_date_mii(FuncCallInfo *fc)
{
    return date_add_days(datum_int32(fc->arg[0]), -(int64_t)datum_int32(fc->arg[1]));
}

Datum
adt_fn_date_mi(FuncCallInfo *fc)
{
    int32_t a = datum_int32(fc->arg[0]);
    int32_t b = datum_int32(fc->arg[1]);
    if (!date_is_finite(a) || !date_is_finite(b))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("cannot subtract infinite dates"));
    return int32_datum(a - b);
}

/* date +/- interval is timestamp arithmetic on the date's midnight. */
Datum
adt_fn_date_pl_interval(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[1]);
    return int64_datum(dt_timestamp_add_interval(date_to_ts(datum_int32(fc->arg[0])), &iv, 1));
}

Datum
adt_fn_interval_pl_date(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[0]);
    return int64_datum(dt_timestamp_add_interval(date_to_ts(datum_int32(fc->arg[1])), &iv, 1));
}

Datum
adt_fn_date_mi_interval(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[1]);
    return int64_datum(dt_timestamp_add_interval(date_to_ts(datum_int32(fc->arg[0])), &iv, -1));
}

/* date + time (and time + date): the timestamp of that time on that day. */
Datum
adt_fn_datetime_timestamp(FuncCallInfo *fc)
{
    int64_t ts = date_to_ts(datum_int32(fc->arg[0]));
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return int64_datum(ts);
    return int64_datum(dt_timestamp_check(ts + datum_int64(fc->arg[1])));
}

Datum
adt_fn_timedate_pl(FuncCallInfo *fc)
{
    FuncCallInfo swapped = {.nargs = 2, .arg = {fc->arg[1], fc->arg[0]}};
    return adt_fn_datetime_timestamp(&swapped);
}

Datum
adt_fn_date_timestamp(FuncCallInfo *fc)
{
    return int64_datum(date_to_ts(datum_int32(fc->arg[0])));
}

Datum
adt_fn_date_timestamptz(FuncCallInfo *fc)
{
    return int64_datum(date_to_ts(datum_int32(fc->arg[0])));
}

/* timestamp(tz) -> date: the day it falls on (session zone UTC). */
Datum
adt_fn_timestamp_date(FuncCallInfo *fc)
{
    int64_t t = datum_int64(fc->arg[0]);
    if (t == DT_NOBEGIN)
        return int32_datum(DATE_NOBEGIN);
    if (t == DT_NOEND)
        return int32_datum(DATE_NOEND);
    int64_t days, usec;
    dt_split(t, &days, &usec);
    return int32_datum((int32_t)days);
}

Datum
adt_fn_timestamptz_date(FuncCallInfo *fc)
{
    return adt_fn_timestamp_date(fc);
}

Datum
adt_fn_date_finite(FuncCallInfo *fc)
{
    return bool_datum(date_is_finite(datum_int32(fc->arg[0])));
}

Datum
adt_fn_make_date(FuncCallInfo *fc)
{
    int64_t y = datum_int32(fc->arg[0]);
    int m = datum_int32(fc->arg[1]);
    int d = datum_int32(fc->arg[2]);
    bool bc = y < 0;
    if (y == 0 || m < 1 || m > 12 || d < 1 || d > dt_month_days(bc ? y + 1 : y, m))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                err_msg("date field value out of range: %lld-%02d-%02d", (long long)y, m, d));
    int64_t days = dt_days_from_civil(bc ? y + 1 : y, m, d);
    if (days < DATE_MIN_DAYS || days > DATE_MAX_DAYS)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("date out of range: %lld-%02d-%02d", (long long)y, m, d));
    return int32_datum((int32_t)days);
}

/* CURRENT_DATE: the transaction start's day. */
Datum
adt_current_date(void)
{
    int64_t days, usec;
    dt_split(adt_xact_start_timestamp != 0 ? adt_xact_start_timestamp : adt_timestamp_now(),
             &days,
             &usec);
    return int32_datum((int32_t)days);
}
