/*
 * timestamp.c
 *     timestamp and timestamptz: microseconds since 2000-01-01 00:00:00 (UTC for
 *     timestamptz). Text input through datetime.c's parser, output in PostgreSQL's ISO style
 *     for TimeZone UTC, comparison, key encoding, precision typmod, and now() and friends.
 *
 * Not here: the parser (datetime.c), interval arithmetic (interval.c), fields and truncation
 * (dt_funcs.c), AT TIME ZONE (dt_zone.c); time zones other than UTC (README, Left out).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

enum { USECS_PER_SEC = 1000000 };
/* PostgreSQL's infinities: the extreme int64 values. */
#define TS_NOBEGIN DT_NOBEGIN
#define TS_NOEND DT_NOEND

int64_t adt_xact_start_timestamp;
int64_t adt_stmt_start_timestamp;

Timestamp
adt_timestamp_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        elog_internal("clock_gettime failed");
    return ((int64_t)ts.tv_sec - ADT_UNIX_EPOCH_TO_PG_SECS) * USECS_PER_SEC + ts.tv_nsec / 1000;
}

static char *ts_format(int64_t t, bool with_zone);

char *
adt_timestamptz_out(Datum value)
{
    return ts_format(datum_int64(value), true);
}

/* timestamp (without time zone): the same microseconds, printed without a zone. */
char *
adt_timestamp_out(Datum value)
{
    return ts_format(datum_int64(value), false);
}

static char *
ts_format(int64_t t, bool with_zone)
{
    if (t == TS_NOBEGIN)
        return mcx_strdup("-infinity");
    if (t == TS_NOEND)
        return mcx_strdup("infinity");
    int64_t days, usec;
    dt_split(t, &days, &usec);
    StrBuf sb;
    sb_init(&sb);
    dt_append_date(&sb, days);
    bool bc = sb.len > 3 && strcmp(sb.data + sb.len - 3, " BC") == 0;
    if (bc)
        sb.data[sb.len -= 3] = '\0';
    sb_append_char(&sb, ' ');
    dt_append_time(&sb, usec, true);
    if (with_zone)
        sb_append(&sb, "+00");
    if (bc)
        sb_append(&sb, " BC");
    return sb.data;
}

static Datum ts_in(const char *str, int32_t typmod, bool with_zone);

Datum
adt_timestamptz_in(const char *str, int32_t typmod)
{
    return ts_in(str, typmod, true);
}

/* The session time zone is UTC: a timestamp is the same instant's wall-clock reading. */
Datum
adt_timestamp_in(const char *str, int32_t typmod)
{
    return ts_in(str, typmod, false);
}

static Datum
ts_in(const char *str, int32_t typmod, bool with_zone)
{
    const char *typname = with_zone ? "timestamp with time zone" : "timestamp";
    DtParsed dp;
    dt_parse(str, typname, &dp);
    if (dp.special == DT_SPECIAL_INF)
        return int64_datum(TS_NOEND);
    if (dp.special == DT_SPECIAL_NINF)
        return int64_datum(TS_NOBEGIN);
    if (!dp.has_date)
        dt_bad_input(str, typname);
    int64_t t;
    if (dp.days < -2451545 || dp.days > 106751983 ||
        __builtin_mul_overflow(dp.days, DT_USECS_PER_DAY, &t))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range: \"%s\"", str));
    t += dp.has_time ? dp.time : 0;
    if (with_zone && dp.has_zone)
        t -= dp.zone_sec * DT_USECS_PER_SEC;
    if (t < TS_MIN_USEC || t >= TS_END_USEC)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range: \"%s\"", str));
    return adt_fn_timestamptz_scale(&(FuncCallInfo){.arg = {int64_datum(t), int32_datum(typmod)}});
}

void
adt_timestamptz_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int64(value));
}

void
adt_timestamp_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int64(value));
}

int
adt_timestamp_cmp(Datum a, Datum b)
{
    return adt_timestamptz_cmp(a, b);
}

int
adt_timestamptz_cmp(Datum a, Datum b)
{
    int64_t x = datum_int64(a);
    int64_t y = datum_int64(b);
    return (x > y) - (x < y);
}

#define TS_CMP_FN(name, op)                                                                        \
    Datum adt_fn_timestamp_##name(FuncCallInfo *fc)                                                \
    {                                                                                              \
        return bool_datum(datum_int64(fc->arg[0]) op datum_int64(fc->arg[1]));                     \
    }

TS_CMP_FN(eq, ==)
TS_CMP_FN(ne, !=)
TS_CMP_FN(lt, <)
TS_CMP_FN(le, <=)
TS_CMP_FN(gt, >)
TS_CMP_FN(ge, >=)

/* timestamp vs timestamptz: equal microseconds are the same instant (session zone UTC). */
TS_CMP_FN(eq_timestamptz, ==)
TS_CMP_FN(ne_timestamptz, !=)
TS_CMP_FN(lt_timestamptz, <)
TS_CMP_FN(le_timestamptz, <=)
TS_CMP_FN(gt_timestamptz, >)
TS_CMP_FN(ge_timestamptz, >=)

#define TSTZ_CMP_FN(name, op)                                                                      \
    Datum adt_fn_timestamptz_##name##_timestamp(FuncCallInfo *fc)                                  \
    {                                                                                              \
        return bool_datum(datum_int64(fc->arg[0]) op datum_int64(fc->arg[1]));                     \
    }

TSTZ_CMP_FN(eq, ==)
TSTZ_CMP_FN(ne, !=)
TSTZ_CMP_FN(lt, <)
TSTZ_CMP_FN(le, <=)
TSTZ_CMP_FN(gt, >)
TSTZ_CMP_FN(ge, >=)

Datum
adt_fn_timestamp_timestamptz(FuncCallInfo *fc)
{
    return fc->arg[0];
}

Datum
adt_fn_timestamptz_timestamp(FuncCallInfo *fc)
{
    return fc->arg[0];
}

Datum
adt_fn_timestamp_scale(FuncCallInfo *fc)
{
    return adt_fn_timestamptz_scale(fc);
}

/* timestamptz(p): round to p fractional digits (0..6); arg[1] is the typmod. */
Datum
adt_fn_timestamptz_scale(FuncCallInfo *fc)
{
    int64_t t = datum_int64(fc->arg[0]);
    int32_t p = datum_int32(fc->arg[1]);
    if (p < 0 || p >= 6 || t == TS_NOBEGIN || t == TS_NOEND)
        return int64_datum(t);
    int64_t unit = 1;
    for (int i = p; i < 6; i++)
        unit *= 10;
    int64_t r = t >= 0 ? (t + unit / 2) / unit * unit : -((-t + unit / 2) / unit * unit);
    return int64_datum(r);
}

Datum
adt_fn_now(FuncCallInfo *fc)
{
    return int64_datum(adt_xact_start_timestamp != 0 ? adt_xact_start_timestamp
                                                     : adt_timestamp_now());
}

Datum
adt_fn_statement_timestamp(FuncCallInfo *fc)
{
    if (adt_stmt_start_timestamp == 0)
        return adt_fn_now(fc);
    return int64_datum(adt_stmt_start_timestamp);
}

Datum
adt_fn_clock_timestamp(FuncCallInfo *fc)
{
    return int64_datum(adt_timestamp_now());
}
