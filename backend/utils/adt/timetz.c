/*
 * timetz.c
 *     time with time zone: microseconds of the local time of day and the zone's offset in
 *     seconds west of UTC (PostgreSQL's TimeTzADT), stored as a 12-byte Varlena. Text I/O,
 *     comparison and keys (by the UTC-equivalent time, then the zone, as PostgreSQL orders
 *     them), +/- interval, date + timetz, the casts, extract/date_part, CURRENT_TIME.
 *
 * Without a zone in the input the session zone, UTC, applies (offset 0).
 */
#include "oak/oak.h"

#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

typedef struct TimeTz {
    int64_t time; /* local time of day, microseconds */
    int32_t zone; /* seconds west of UTC */
} TimeTz;

enum { TIMETZ_SIZE = 12 };

static Datum
timetz_make(int64_t time, int32_t zone)
{
    Varlena *v = mcx_alloc(sizeof(Varlena) + TIMETZ_SIZE);
    v->len = (uint32_t)(sizeof(Varlena) + TIMETZ_SIZE);
    memcpy(v->data, &time, 8);
    memcpy(v->data + 8, &zone, 4);
    return ptr_datum(v);
}

static TimeTz
timetz_get(Datum d)
{
    TimeTz t;
    const Varlena *v = datum_ptr(d);
    memcpy(&t.time, v->data, 8);
    memcpy(&t.zone, v->data + 8, 4);
    return t;
}

Datum
adt_timetz_from_parts(int64_t time, int32_t zone)
{
    return timetz_make(time, zone);
}

void
adt_timetz_parts(Datum d, int64_t *time, int32_t *zone)
{
    TimeTz t = timetz_get(d);
    *time = t.time;
    *zone = t.zone;
}

Datum
adt_timetz_in(const char *str, int32_t typmod)
{
    DtParsed dp;
    dt_parse(str, "time with time zone", &dp);
    if (dp.special != DT_SPECIAL_NONE || !dp.has_time)
        dt_bad_input(str, "time with time zone");
    Datum d = timetz_make(dp.time, dp.has_zone ? (int32_t)-dp.zone_sec : 0);
    if (typmod < 0)
        return d;
    return adt_fn_timetz_scale(&(FuncCallInfo){.nargs = 2, .arg = {d, int32_datum(typmod)}});
}

/* "+05:30", "-08", "+05:30:15": the offset east of UTC. */
static void
timetz_append_zone(StrBuf *sb, int32_t zone)
{
    int32_t east = -zone;
    int32_t a = abs(east);
    sb_appendf(sb, "%c%02d", east < 0 ? '-' : '+', a / 3600);
    if (a % 3600 != 0) {
        sb_appendf(sb, ":%02d", a / 60 % 60);
        if (a % 60 != 0)
            sb_appendf(sb, ":%02d", a % 60);
    }
}

char *
adt_timetz_out(Datum value)
{
    TimeTz t = timetz_get(value);
    StrBuf sb;
    sb_init(&sb);
    dt_append_time(&sb, t.time, true);
    timetz_append_zone(&sb, t.zone);
    return sb.data;
}

/* The UTC-equivalent time first; equal instants order by zone (PostgreSQL's rule). */
int
adt_timetz_cmp(Datum a, Datum b)
{
    TimeTz x = timetz_get(a);
    TimeTz y = timetz_get(b);
    int64_t ux = x.time + (int64_t)x.zone * DT_USECS_PER_SEC;
    int64_t uy = y.time + (int64_t)y.zone * DT_USECS_PER_SEC;
    if (ux != uy)
        return ux < uy ? -1 : 1;
    return (x.zone > y.zone) - (x.zone < y.zone);
}

void
adt_timetz_key(StrBuf *out, Datum value)
{
    TimeTz t = timetz_get(value);
    adt_key_int64(out, t.time + (int64_t)t.zone * DT_USECS_PER_SEC);
    adt_key_int64(out, t.zone);
}

#define TIMETZ_CMP_FN(name, op)                                                                    \
    Datum adt_fn_timetz_##name(FuncCallInfo *fc)                                                   \
    {                                                                                              \
        return bool_datum(adt_timetz_cmp(fc->arg[0], fc->arg[1]) op 0);                            \
    }

TIMETZ_CMP_FN(eq, ==)
TIMETZ_CMP_FN(ne, !=)
TIMETZ_CMP_FN(lt, <)
TIMETZ_CMP_FN(le, <=)
TIMETZ_CMP_FN(gt, >)
TIMETZ_CMP_FN(ge, >=)

Datum
adt_fn_timetz_scale(FuncCallInfo *fc)
{
    TimeTz t = timetz_get(fc->arg[0]);
    FuncCallInfo tf = {.nargs = 2, .arg = {int64_datum(t.time), fc->arg[1]}};
    return timetz_make(datum_int64(adt_fn_time_scale(&tf)), t.zone);
}

/* timetz +/- interval: the interval's time part, wrapping around midnight; zone kept. */
static Datum
timetz_add(Datum tz, Datum ivd, int sign)
{
    TimeTz t = timetz_get(tz);
    Interval iv = dt_interval_get(ivd);
    int64_t r = (t.time + sign * (iv.time % DT_USECS_PER_DAY)) % DT_USECS_PER_DAY;
    if (r < 0)
        r += DT_USECS_PER_DAY;
    return timetz_make(r, t.zone);
}

Datum
adt_fn_timetz_pl_interval(FuncCallInfo *fc)
{
    return timetz_add(fc->arg[0], fc->arg[1], 1);
}

Datum
adt_fn_timetz_mi_interval(FuncCallInfo *fc)
{
    return timetz_add(fc->arg[0], fc->arg[1], -1);
}

Datum
adt_fn_interval_pl_timetz(FuncCallInfo *fc)
{
    return timetz_add(fc->arg[1], fc->arg[0], 1);
}

/* date + timetz: that local time on that day, as an instant. */
Datum
adt_fn_datetimetz_timestamptz(FuncCallInfo *fc)
{
    int32_t d = datum_int32(fc->arg[0]);
    if (d == DATE_NOBEGIN || d == DATE_NOEND)
        return int64_datum(d == DATE_NOBEGIN ? DT_NOBEGIN : DT_NOEND);
    TimeTz t = timetz_get(fc->arg[1]);
    return int64_datum(dt_timestamp_check((int64_t)d * DT_USECS_PER_DAY + t.time +
                                          (int64_t)t.zone * DT_USECS_PER_SEC));
}

Datum
adt_fn_timetzdate_pl(FuncCallInfo *fc)
{
    FuncCallInfo swapped = {.nargs = 2, .arg = {fc->arg[1], fc->arg[0]}};
    return adt_fn_datetimetz_timestamptz(&swapped);
}

Datum
adt_fn_time_timetz(FuncCallInfo *fc)
{
    return timetz_make(datum_int64(fc->arg[0]), 0);
}

Datum
adt_fn_timetz_time(FuncCallInfo *fc)
{
    return int64_datum(timetz_get(fc->arg[0]).time);
}

/* timestamptz -> timetz: the time of day in the session zone (UTC). */
Datum
adt_fn_timestamptz_timetz(FuncCallInfo *fc)
{
    int64_t ts = datum_int64(fc->arg[0]);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return adt_return_null(fc);
    int64_t days, usec;
    dt_split(ts, &days, &usec);
    return timetz_make(usec, 0);
}

/* CURRENT_TIME: the transaction start's time of day, zone UTC. */
Datum
adt_current_timetz(void)
{
    int64_t days, usec;
    dt_split(adt_xact_start_timestamp != 0 ? adt_xact_start_timestamp : adt_timestamp_now(),
             &days,
             &usec);
    return timetz_make(usec, 0);
}
