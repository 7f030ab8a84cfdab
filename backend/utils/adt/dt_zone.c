/*
 * dt_zone.c
 *     AT TIME ZONE (the timezone() functions) for the zones OakDB knows, UTC under its
 *     names and intervals, make_time / make_timestamp / make_timestamptz, and date_bin.
 *
 * The session zone is UTC (README, Differences): a zone name other than UTC's is
 * 0A000 when the system's tz database has it (OakDB cannot convert to it yet) and 22023
 * "not recognized" otherwise, as PostgreSQL says for a name it does not know.
 */
#include "oak/oak.h"

#include <math.h>
#include <stdio.h>
#include <strings.h>
#include <unistd.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

/* Check a zone name: true for UTC's names; errors for any other. */
static void
dz_check_utc(Datum name)
{
    static const char *const utc[] = {"UTC",
                                      "Etc/UTC",
                                      "GMT",
                                      "Etc/GMT",
                                      "UCT",
                                      "Etc/UCT",
                                      "Universal",
                                      "Etc/Universal",
                                      "Zulu",
                                      "Etc/Zulu",
                                      "Z",
                                      "GMT0",
                                      "Etc/GMT0",
                                      "Etc/GMT+0",
                                      "Etc/GMT-0",
                                      "Greenwich",
                                      "Etc/Greenwich"};
    char *z = mcx_strndup(adt_text_data(name), adt_text_len(name));
    for (size_t i = 0; i < OAK_LENGTHOF(utc); i++)
        if (strcasecmp(z, utc[i]) == 0)
            return;
    char *path = mcx_printf("/usr/share/zoneinfo/%s", z);
    if (strstr(z, "..") == NULL && z[0] != '\0' && z[0] != '/' && access(path, R_OK) == 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("time zone \"%s\" is not supported yet: only UTC", z));
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("time zone \"%s\" not recognized", z));
}

/* An interval used as a zone: its time part, seconds east of UTC (no months or days). */
static int64_t
dz_interval_offset(Datum ivd)
{
    Interval iv = dt_interval_get(ivd);
    if (iv.month != 0 || iv.day != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("interval time zone \"%s\" must not include months or days",
                        adt_interval_out(ivd)));
    return iv.time;
}

/* timestamptz AT TIME ZONE 'UTC': the wall-clock reading there, as a timestamp. */
Datum
adt_fn_timestamptz_zone(FuncCallInfo *fc)
{
    dz_check_utc(fc->arg[0]);
    return fc->arg[1];
}

/* timestamp AT TIME ZONE 'UTC': that wall-clock reading in UTC, as an instant. */
Datum
adt_fn_timestamp_zone(FuncCallInfo *fc)
{
    dz_check_utc(fc->arg[0]);
    return fc->arg[1];
}

Datum
adt_fn_timestamptz_izone(FuncCallInfo *fc)
{
    int64_t ts = datum_int64(fc->arg[1]);
    int64_t off = dz_interval_offset(fc->arg[0]);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return int64_datum(ts);
    return int64_datum(dt_timestamp_check(ts + off));
}

Datum
adt_fn_timestamp_izone(FuncCallInfo *fc)
{
    int64_t ts = datum_int64(fc->arg[1]);
    int64_t off = dz_interval_offset(fc->arg[0]);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return int64_datum(ts);
    return int64_datum(dt_timestamp_check(ts - off));
}

/* timetz AT TIME ZONE: the same instant's time of day in the given zone. */
static Datum
dz_timetz_to(Datum tz, int64_t east_usec)
{
    int64_t time;
    int32_t zone;
    adt_timetz_parts(tz, &time, &zone);
    int64_t utc = time + (int64_t)zone * DT_USECS_PER_SEC;
    int64_t t = (utc + east_usec) % DT_USECS_PER_DAY;
    if (t < 0)
        t += DT_USECS_PER_DAY;
    return adt_timetz_from_parts(t, (int32_t)(-east_usec / DT_USECS_PER_SEC));
}

Datum
adt_fn_timetz_zone(FuncCallInfo *fc)
{
    dz_check_utc(fc->arg[0]);
    return dz_timetz_to(fc->arg[1], 0);
}

Datum
adt_fn_timetz_izone(FuncCallInfo *fc)
{
    return dz_timetz_to(fc->arg[1], dz_interval_offset(fc->arg[0]));
}

/* Seconds (with a fraction) to microseconds, or -1 if out of [0, 60]. */
static int64_t
dz_seconds(double sec)
{
    if (isnan(sec) || sec < 0 || sec > 60)
        return -1;
    return (int64_t)rint(sec * 1e6);
}

/* A rejected time as PostgreSQL prints it in its message: "%d:%02d:%02g". */
static char *
dz_time_text(int h, int m, double sec)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%d:%02d:%02g", h, m, sec);
    return mcx_strdup(buf);
}

static int64_t
dz_make_time(int h, int m, double sec)
{
    int64_t us = dz_seconds(sec);
    if (h < 0 || h > 24 || m < 0 || m > 59 || us < 0 || us > 60 * DT_USECS_PER_SEC ||
        (h == 24 && (m > 0 || us > 0)) || (us == 60 * DT_USECS_PER_SEC && sec > 60))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                err_msg("time field value out of range: %s", dz_time_text(h, m, sec)));
    if (us >= 60 * DT_USECS_PER_SEC && sec >= 60 && sec != 60.0)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                err_msg("time field value out of range: %s", dz_time_text(h, m, sec)));
    return ((int64_t)h * 3600 + m * 60) * DT_USECS_PER_SEC + us;
}

Datum
adt_fn_make_time(FuncCallInfo *fc)
{
    return int64_datum(
        dz_make_time(datum_int32(fc->arg[0]), datum_int32(fc->arg[1]), datum_float8(fc->arg[2])));
}

Datum
adt_fn_make_timestamp(FuncCallInfo *fc)
{
    FuncCallInfo df = {.nargs = 3, .arg = {fc->arg[0], fc->arg[1], fc->arg[2]}};
    int32_t days = datum_int32(adt_fn_make_date(&df));
    int64_t t =
        dz_make_time(datum_int32(fc->arg[3]), datum_int32(fc->arg[4]), datum_float8(fc->arg[5]));
    int64_t ts = (int64_t)days * DT_USECS_PER_DAY + t;
    if (ts < TS_MIN_USEC || ts >= TS_END_USEC)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range"));
    return int64_datum(ts);
}

Datum
adt_fn_make_timestamptz(FuncCallInfo *fc)
{
    return adt_fn_make_timestamp(fc);
}

Datum
adt_fn_make_timestamptz_at_timezone(FuncCallInfo *fc)
{
    dz_check_utc(fc->arg[6]);
    return adt_fn_make_timestamp(fc);
}

/*
 * date_bin(stride, source, origin): the start of the stride-long bin, counted from origin,
 * that holds source (rounding towards -infinity); strides of months or years are 0A000.
 */
static Datum
dz_bin(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[0]);
    int64_t ts = datum_int64(fc->arg[1]);
    int64_t origin = datum_int64(fc->arg[2]);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return int64_datum(ts);
    if (origin == DT_NOBEGIN || origin == DT_NOEND)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("origin out of range"));
    if (iv.month != 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("timestamps cannot be binned into intervals containing months or years"));
    __int128 stride = (__int128)iv.day * DT_USECS_PER_DAY + iv.time;
    if (stride <= 0 || stride > INT64_MAX)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg(stride <= 0 ? "stride must be greater than zero"
                                    : "interval out of range"));
    __int128 diff = (__int128)ts - origin;
    __int128 delta = diff - diff % stride;
    if (diff < 0 && diff % stride != 0)
        delta -= stride;
    __int128 r = origin + delta;
    if (r < TS_MIN_USEC || r >= TS_END_USEC)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range"));
    return int64_datum((int64_t)r);
}

Datum
adt_fn_timestamp_bin(FuncCallInfo *fc)
{
    return dz_bin(fc);
}

Datum
adt_fn_timestamptz_bin(FuncCallInfo *fc)
{
    return dz_bin(fc);
}

/* date_trunc(unit, timestamptz, zone): truncation in that zone, UTC's names only here. */
Datum
adt_fn_timestamptz_trunc_zone(FuncCallInfo *fc)
{
    dz_check_utc(fc->arg[2]);
    FuncCallInfo two = {.nargs = 2, .typmod = -1, .arg = {fc->arg[0], fc->arg[1]}};
    return adt_fn_timestamptz_trunc(&two);
}
