/*
 * time.c
 *     time (without time zone): int64 microseconds since midnight, 0 .. 24:00:00 inclusive,
 *     by value. Text I/O, precision typmod, comparison and key encoding, time - time,
 *     time +/- interval, and the casts from timestamp(tz) and interval and to interval.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

Datum
adt_time_in(const char *str, int32_t typmod)
{
    DtParsed dp;
    dt_parse(str, "time", &dp);
    if (dp.special != DT_SPECIAL_NONE || !dp.has_time)
        dt_bad_input(str, "time");
    return adt_fn_time_scale(&(FuncCallInfo){.arg = {int64_datum(dp.time), int32_datum(typmod)}});
}

char *
adt_time_out(Datum value)
{
    StrBuf sb;
    sb_init(&sb);
    dt_append_time(&sb, datum_int64(value), true);
    return sb.data;
}

void
adt_time_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int64(value));
}

int
adt_time_cmp(Datum a, Datum b)
{
    int64_t x = datum_int64(a);
    int64_t y = datum_int64(b);
    return (x > y) - (x < y);
}

#define TIME_CMP_FN(name, op)                                                                      \
    Datum adt_fn_time_##name(FuncCallInfo *fc)                                                     \
    {                                                                                              \
        return bool_datum(datum_int64(fc->arg[0]) op datum_int64(fc->arg[1]));                     \
    }

TIME_CMP_FN(eq, ==)
TIME_CMP_FN(ne, !=)
TIME_CMP_FN(lt, <)
TIME_CMP_FN(le, <=)
TIME_CMP_FN(gt, >)
TIME_CMP_FN(ge, >=)

/* time(p): round to p fractional digits (0..6); arg[1] is the typmod. */
Datum
adt_fn_time_scale(FuncCallInfo *fc)
{
    int64_t t = datum_int64(fc->arg[0]);
    int32_t p = datum_int32(fc->arg[1]);
    if (p < 0 || p >= 6)
        return int64_datum(t);
    int64_t unit = 1;
    for (int i = p; i < 6; i++)
        unit *= 10;
    return int64_datum((t + unit / 2) / unit * unit);
}

Datum
adt_fn_time_mi_time(FuncCallInfo *fc)
{
    return dt_interval_datum(datum_int64(fc->arg[0]) - datum_int64(fc->arg[1]), 0, 0);
}

/* time +/- interval: only the interval's time part counts, wrapping around midnight. */
static Datum
time_add(int64_t t, Datum ivd, int sign)
{
    Interval iv = dt_interval_get(ivd);
    int64_t r = (t + sign * (iv.time % DT_USECS_PER_DAY)) % DT_USECS_PER_DAY;
    if (r < 0)
        r += DT_USECS_PER_DAY;
    return int64_datum(r);
}

Datum
adt_fn_time_pl_interval(FuncCallInfo *fc)
{
    return time_add(datum_int64(fc->arg[0]), fc->arg[1], 1);
}

Datum
adt_fn_interval_pl_time(FuncCallInfo *fc)
{
    return time_add(datum_int64(fc->arg[1]), fc->arg[0], 1);
}

Datum
adt_fn_time_mi_interval(FuncCallInfo *fc)
{
    return time_add(datum_int64(fc->arg[0]), fc->arg[1], -1);
}

/* timestamp(tz) -> time: the time of day (session zone UTC). */
Datum
adt_fn_timestamp_time(FuncCallInfo *fc)
{
    int64_t t = datum_int64(fc->arg[0]);
    if (t == DT_NOBEGIN || t == DT_NOEND) {
        fc->isnull = true;
        return 0;
    }
    int64_t days, usec;
    dt_split(t, &days, &usec);
    return int64_datum(usec);
}

Datum
adt_fn_timestamptz_time(FuncCallInfo *fc)
{
    return adt_fn_timestamp_time(fc);
}

/* interval -> time: the time part modulo a day. */
Datum
adt_fn_interval_time(FuncCallInfo *fc)
{
    int64_t r = dt_interval_get(fc->arg[0]).time % DT_USECS_PER_DAY;
    if (r < 0)
        r += DT_USECS_PER_DAY;
    return int64_datum(r);
}

Datum
adt_fn_time_interval(FuncCallInfo *fc)
{
    return dt_interval_datum(datum_int64(fc->arg[0]), 0, 0);
}

Datum
adt_current_time_local(void)
{
    int64_t days, usec;
    dt_split(adt_xact_start_timestamp != 0 ? adt_xact_start_timestamp : adt_timestamp_now(),
             &days,
             &usec);
    return int64_datum(usec);
}
