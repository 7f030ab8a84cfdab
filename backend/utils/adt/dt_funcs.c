/*
 * dt_funcs.c
 *     Field functions over date, time, timestamp(tz) and interval: extract (numeric) and
 *     date_part (float8), date_trunc, age, isfinite, to_timestamp(float8), and the
 *     CURRENT_DATE/LOCALTIME/LOCALTIMESTAMP values the analyzer asks for.
 *
 * extract builds its result as decimal text with PostgreSQL's scale (seconds 6 digits,
 * milliseconds 3, julian of a timestamp 20) and converts it to numeric; date_part reads the
 * same text as a float8, which gives the double nearest the exact value, as PostgreSQL's
 * arithmetic does for these fields.
 */
#include "oak/oak.h"

#include <math.h>
#include <stdlib.h>
#include <strings.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

typedef enum DtUnit {
    U_BAD,
    U_USEC,
    U_MSEC,
    U_SECOND,
    U_MINUTE,
    U_HOUR,
    U_DAY,
    U_WEEK,
    U_MONTH,
    U_QUARTER,
    U_YEAR,
    U_DECADE,
    U_CENTURY,
    U_MILLENNIUM,
    U_DOW,
    U_ISODOW,
    U_DOY,
    U_EPOCH,
    U_JULIAN,
    U_ISOYEAR,
    U_TZ,
    U_TZ_HOUR,
    U_TZ_MINUTE,
} DtUnit;

static DtUnit
dtf_unit(const char *s, size_t n)
{
    static const struct {
        const char *name;
        DtUnit unit;
    } names[] = {
        {"microsecond", U_USEC},
        {"microseconds", U_USEC},
        {"usec", U_USEC},
        {"usecs", U_USEC},
        {"us", U_USEC},
        {"millisecond", U_MSEC},
        {"milliseconds", U_MSEC},
        {"msec", U_MSEC},
        {"msecs", U_MSEC},
        {"ms", U_MSEC},
        {"second", U_SECOND},
        {"seconds", U_SECOND},
        {"sec", U_SECOND},
        {"secs", U_SECOND},
        {"s", U_SECOND},
        {"minute", U_MINUTE},
        {"minutes", U_MINUTE},
        {"min", U_MINUTE},
        {"mins", U_MINUTE},
        {"m", U_MINUTE},
        {"hour", U_HOUR},
        {"hours", U_HOUR},
        {"hr", U_HOUR},
        {"hrs", U_HOUR},
        {"h", U_HOUR},
        {"day", U_DAY},
        {"days", U_DAY},
        {"d", U_DAY},
        {"week", U_WEEK},
        {"weeks", U_WEEK},
        {"w", U_WEEK},
        {"month", U_MONTH},
        {"months", U_MONTH},
        {"mon", U_MONTH},
        {"mons", U_MONTH},
        {"quarter", U_QUARTER},
        {"qtr", U_QUARTER},
        {"year", U_YEAR},
        {"years", U_YEAR},
        {"yr", U_YEAR},
        {"yrs", U_YEAR},
        {"y", U_YEAR},
        {"decade", U_DECADE},
        {"decades", U_DECADE},
        {"dec", U_DECADE},
        {"century", U_CENTURY},
        {"centuries", U_CENTURY},
        {"c", U_CENTURY},
        {"millennium", U_MILLENNIUM},
        {"millennia", U_MILLENNIUM},
        {"mil", U_MILLENNIUM},
        {"dow", U_DOW},
        {"isodow", U_ISODOW},
        {"doy", U_DOY},
        {"epoch", U_EPOCH},
        {"julian", U_JULIAN},
        {"j", U_JULIAN},
        {"isoyear", U_ISOYEAR},
        {"timezone", U_TZ},
        {"timezone_h", U_TZ_HOUR},
        {"timezone_hour", U_TZ_HOUR},
        {"timezone_m", U_TZ_MINUTE},
        {"timezone_minute", U_TZ_MINUTE},
    };
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++)
        if (strlen(names[i].name) == n && strncasecmp(names[i].name, s, n) == 0)
            return names[i].unit;
    return U_BAD;
}

/* The unit named by a text argument; 22023 "not recognized" if it is none. */
static DtUnit
dtf_unit_arg(Datum text, const char *typname)
{
    const char *s = adt_text_data(text);
    size_t n = adt_text_len(text);
    DtUnit u = dtf_unit(s, n);
    if (u == U_BAD)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("unit \"%.*s\" not recognized for type %s", (int)n, s, typname));
    return u;
}

static void __attribute__((noreturn)) dtf_unsupported(Datum text, const char *typname)
{
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("unit \"%.*s\" not supported for type %s",
                    (int)adt_text_len(text),
                    adt_text_data(text),
                    typname));
}

/* Decimal text of v / 10^scale with exactly scale fraction digits. */
static char *
dtf_scaled(__int128 v, int scale)
{
    bool neg = v < 0;
    unsigned __int128 u = neg ? (unsigned __int128)(-v) : (unsigned __int128)v;
    char digits[64];
    int n = 0;
    do {
        digits[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u != 0 || n <= scale);
    StrBuf sb;
    sb_init(&sb);
    if (neg)
        sb_append_char(&sb, '-');
    for (int i = n - 1; i >= 0; i--) {
        sb_append_char(&sb, digits[i]);
        if (i == scale && scale > 0)
            sb_append_char(&sb, '.');
    }
    return sb.data;
}

static int64_t
dtf_ext_year(int64_t y) /* astronomical year to the SQL year (no year 0) */
{
    return y > 0 ? y : y - 1;
}

/* ISO 8601 week-numbering year and week of a day. */
static void
dtf_iso_week(int64_t days, int64_t *iso_year, int *week)
{
    int64_t y;
    int m, d;
    dt_civil_from_days(days, &y, &m, &d);
    int64_t isodow = ((days + 5) % 7 + 7) % 7 + 1; /* 2000-01-01 was a Saturday (6) */
    int64_t thursday = days + (4 - isodow);
    int64_t ty;
    int tm, td;
    dt_civil_from_days(thursday, &ty, &tm, &td);
    *iso_year = ty;
    *week = (int)((thursday - dt_days_from_civil(ty, 1, 1)) / 7 + 1);
}

/* Fields shared by date and timestamp; NULL text if the unit is not one of them. */
static char *
dtf_date_field(DtUnit u, int64_t days)
{
    int64_t y, iso_year;
    int m, d, week;
    dt_civil_from_days(days, &y, &m, &d);
    int64_t dow = ((days + 6) % 7 + 7) % 7;
    switch (u) {
    case U_DAY:
        return mcx_printf("%d", d);
    case U_MONTH:
        return mcx_printf("%d", m);
    case U_QUARTER:
        return mcx_printf("%d", (m - 1) / 3 + 1);
    case U_YEAR:
        return mcx_printf("%lld", (long long)dtf_ext_year(y));
    case U_DECADE:
        return mcx_printf("%lld", (long long)(y >= 0 ? y / 10 : -((8 - (y - 1)) / 10)));
    case U_CENTURY:
        return mcx_printf("%lld", (long long)(y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100)));
    case U_MILLENNIUM:
        return mcx_printf("%lld",
                          (long long)(y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000)));
    case U_DOW:
        return mcx_printf("%lld", (long long)dow);
    case U_ISODOW:
        return mcx_printf("%lld", (long long)(dow == 0 ? 7 : dow));
    case U_DOY:
        return mcx_printf("%lld", (long long)(days - dt_days_from_civil(y, 1, 1) + 1));
    case U_WEEK:
        dtf_iso_week(days, &iso_year, &week);
        return mcx_printf("%d", week);
    case U_ISOYEAR:
        dtf_iso_week(days, &iso_year, &week);
        return mcx_printf("%lld", (long long)dtf_ext_year(iso_year));
    default:
        return NULL;
    }
}

/* Time-of-day fields (usec past midnight); NULL if not one of them. */
static char *
dtf_time_field(DtUnit u, int64_t usec)
{
    int64_t in_min = usec % DT_USECS_PER_MIN;
    switch (u) {
    case U_USEC:
        return mcx_printf("%lld", (long long)in_min);
    case U_MSEC:
        return dtf_scaled(in_min, 3);
    case U_SECOND:
        return dtf_scaled(in_min, 6);
    case U_MINUTE:
        return mcx_printf("%lld", (long long)(usec / DT_USECS_PER_MIN % 60));
    case U_HOUR:
        return mcx_printf("%lld", (long long)(usec / DT_USECS_PER_HOUR));
    default:
        return NULL;
    }
}

/* Infinite timestamps: the units that grow without bound give +-Infinity, others NULL. */
static char *
dtf_infinite(DtUnit u, bool neg)
{
    switch (u) {
    case U_YEAR:
    case U_DECADE:
    case U_CENTURY:
    case U_MILLENNIUM:
    case U_JULIAN:
    case U_ISOYEAR:
    case U_EPOCH:
        return mcx_strdup(neg ? "-Infinity" : "Infinity");
    default:
        return NULL;
    }
}

static char *
dtf_timestamp_text(Datum unit, int64_t ts, bool with_zone)
{
    const char *typname = with_zone ? "timestamp with time zone" : "timestamp without time zone";
    DtUnit u = dtf_unit_arg(unit, typname);
    if ((u == U_TZ || u == U_TZ_HOUR || u == U_TZ_MINUTE) && !with_zone)
        dtf_unsupported(unit, typname);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return dtf_infinite(u, ts == DT_NOBEGIN);
    int64_t days, usec;
    dt_split(ts, &days, &usec);
    char *r = dtf_date_field(u, days);
    if (r == NULL)
        r = dtf_time_field(u, usec);
    if (r != NULL)
        return r;
    switch (u) {
    case U_TZ:
    case U_TZ_HOUR:
    case U_TZ_MINUTE:
        return mcx_strdup("0");
    case U_EPOCH:
        if (ts >= INT64_MAX - (int64_t)ADT_UNIX_EPOCH_TO_PG_SECS * DT_USECS_PER_SEC) {
            /* PostgreSQL divides these in numeric (its division scale), then rounds to 6 */
            Datum usec = adt_numeric_from_cstr(
                dtf_scaled((__int128)ts + (__int128)ADT_UNIX_EPOCH_TO_PG_SECS * DT_USECS_PER_SEC,
                           0));
            Datum secs = adt_numeric_div_datums(usec, adt_numeric_from_int64(DT_USECS_PER_SEC));
            FuncCallInfo rf = {.nargs = 2, .arg = {secs, int32_datum(6)}};
            return adt_numeric_to_cstr(adt_proc(1707)->fn(&rf));
        }
        return dtf_scaled((__int128)ts + (__int128)ADT_UNIX_EPOCH_TO_PG_SECS * DT_USECS_PER_SEC, 6);
    case U_JULIAN: {
        Datum frac = adt_numeric_div_datums(adt_numeric_from_int64(usec),
                                            adt_numeric_from_int64(DT_USECS_PER_DAY));
        return adt_numeric_to_cstr(
            adt_numeric_add_datums(adt_numeric_from_int64(days + 2451545), frac));
    }
    default:
        dtf_unsupported(unit, typname);
    }
}

static char *
dtf_date_text(Datum unit, int32_t date)
{
    DtUnit u = dtf_unit_arg(unit, "date");
    if (date == DATE_NOBEGIN || date == DATE_NOEND) {
        if (dtf_date_field(u, 0) == NULL && u != U_JULIAN && u != U_EPOCH)
            dtf_unsupported(unit, "date");
        return dtf_infinite(u, date == DATE_NOBEGIN);
    }
    char *r = dtf_date_field(u, date);
    if (r != NULL)
        return r;
    if (u == U_JULIAN)
        return mcx_printf("%lld", (long long)date + 2451545);
    if (u == U_EPOCH)
        return mcx_printf("%lld",
                          (long long)((int64_t)date * DT_SECS_PER_DAY + ADT_UNIX_EPOCH_TO_PG_SECS));
    dtf_unsupported(unit, "date");
}

static char *
dtf_time_text(Datum unit, int64_t t)
{
    DtUnit u = dtf_unit_arg(unit, "time without time zone");
    char *r = dtf_time_field(u, t);
    if (r != NULL)
        return r;
    if (u == U_EPOCH)
        return dtf_scaled(t, 6);
    dtf_unsupported(unit, "time without time zone");
}

static char *
dtf_timetz_text(Datum unit, Datum tz)
{
    DtUnit u = dtf_unit_arg(unit, "time with time zone");
    int64_t t;
    int32_t zone;
    adt_timetz_parts(tz, &t, &zone);
    char *r = dtf_time_field(u, t);
    if (r != NULL)
        return r;
    switch (u) {
    case U_TZ:
        return mcx_printf("%d", -zone);
    case U_TZ_HOUR:
        return mcx_printf("%d", -zone / 3600);
    case U_TZ_MINUTE:
        return mcx_printf("%d", -zone / 60 % 60);
    case U_EPOCH:
        return dtf_scaled((__int128)t + (__int128)zone * DT_USECS_PER_SEC, 6);
    default:
        dtf_unsupported(unit, "time with time zone");
    }
}

static char *
dtf_interval_text(Datum unit, Datum ivd)
{
    DtUnit u = dtf_unit_arg(unit, "interval");
    Interval iv = dt_interval_get(ivd);
    int64_t year = iv.month / 12;
    switch (u) {
    case U_USEC:
        return mcx_printf("%lld", (long long)(iv.time % DT_USECS_PER_MIN));
    case U_MSEC:
        return dtf_scaled(iv.time % DT_USECS_PER_MIN, 3);
    case U_SECOND:
        return dtf_scaled(iv.time % DT_USECS_PER_MIN, 6);
    case U_MINUTE:
        return mcx_printf("%lld", (long long)(iv.time / DT_USECS_PER_MIN % 60));
    case U_HOUR:
        return mcx_printf("%lld", (long long)(iv.time / DT_USECS_PER_HOUR));
    case U_DAY:
        return mcx_printf("%d", iv.day);
    case U_MONTH:
        return mcx_printf("%d", iv.month % 12);
    case U_QUARTER:
        return mcx_printf("%d", iv.month % 12 / 3 + 1);
    case U_YEAR:
        return mcx_printf("%lld", (long long)year);
    case U_DECADE:
        return mcx_printf("%lld", (long long)(year / 10));
    case U_CENTURY:
        return mcx_printf("%lld", (long long)(year / 100));
    case U_MILLENNIUM:
        return mcx_printf("%lld", (long long)(year / 1000));
    case U_EPOCH: {
        /* a year is 365.25 days, a month 30 (in quarter days to stay integral) */
        __int128 quarter_days = (__int128)1461 * (iv.month / 12) + (__int128)120 * (iv.month % 12) +
                                (__int128)4 * iv.day;
        __int128 usec = quarter_days * (DT_SECS_PER_DAY / 4) * DT_USECS_PER_SEC + iv.time;
        return dtf_scaled(usec, 6);
    }
    default:
        dtf_unsupported(unit, "interval");
    }
}

static Datum
dtf_numeric(FuncCallInfo *fc, char *text)
{
    if (text == NULL)
        return adt_return_null(fc);
    return adt_numeric_from_cstr(text);
}

static Datum
dtf_float(FuncCallInfo *fc, char *text)
{
    if (text == NULL)
        return adt_return_null(fc);
    if (strcmp(text, "Infinity") == 0 || strcmp(text, "-Infinity") == 0)
        return float8_datum(text[0] == '-' ? -INFINITY : INFINITY);
    return float8_datum(strtod(text, NULL));
}

Datum
adt_fn_extract_timestamp(FuncCallInfo *fc)
{
    return dtf_numeric(fc, dtf_timestamp_text(fc->arg[0], datum_int64(fc->arg[1]), false));
}

Datum
adt_fn_extract_timestamptz(FuncCallInfo *fc)
{
    return dtf_numeric(fc, dtf_timestamp_text(fc->arg[0], datum_int64(fc->arg[1]), true));
}

Datum
adt_fn_extract_date(FuncCallInfo *fc)
{
    return dtf_numeric(fc, dtf_date_text(fc->arg[0], datum_int32(fc->arg[1])));
}

Datum
adt_fn_extract_time(FuncCallInfo *fc)
{
    return dtf_numeric(fc, dtf_time_text(fc->arg[0], datum_int64(fc->arg[1])));
}

Datum
adt_fn_extract_interval(FuncCallInfo *fc)
{
    return dtf_numeric(fc, dtf_interval_text(fc->arg[0], fc->arg[1]));
}

Datum
adt_fn_extract_timetz(FuncCallInfo *fc)
{
    return dtf_numeric(fc, dtf_timetz_text(fc->arg[0], fc->arg[1]));
}

static bool dtf_is_epoch(Datum unit);
static bool dtf_seconds_float(Datum unit, int64_t sec, int64_t usec, double *out);

Datum
adt_fn_timetz_part(FuncCallInfo *fc)
{
    int64_t t;
    int32_t zone;
    adt_timetz_parts(fc->arg[1], &t, &zone);
    double r;
    (void)dtf_unit_arg(fc->arg[0], "time with time zone");
    if (dtf_seconds_float(fc->arg[0], t / DT_USECS_PER_SEC % 60, t % DT_USECS_PER_SEC, &r))
        return float8_datum(r);
    if (dtf_is_epoch(fc->arg[0]))
        return float8_datum(t / 1000000.0 + zone);
    return dtf_float(fc, dtf_timetz_text(fc->arg[0], fc->arg[1]));
}

/*
 * date_part's epoch is computed in float8 the way PostgreSQL computes it (the microsecond
 * count converted to double, then divided), which can differ in the last place from the
 * double nearest the exact value that extract's numeric gives.
 */
static bool
dtf_is_epoch(Datum unit)
{
    return dtf_unit(adt_text_data(unit), adt_text_len(unit)) == U_EPOCH;
}

/*
 * The second-based units in float8 as PostgreSQL's date_part computes them from whole
 * seconds and microseconds (sec + usec / 1e6, ...); false for the other units.
 */
static bool
dtf_seconds_float(Datum unit, int64_t sec, int64_t usec, double *out)
{
    switch (dtf_unit(adt_text_data(unit), adt_text_len(unit))) {
    case U_SECOND:
        *out = (double)sec + usec / 1000000.0;
        return true;
    case U_MSEC:
        *out = (double)sec * 1000.0 + usec / 1000.0;
        return true;
    case U_USEC:
        *out = (double)sec * 1000000.0 + (double)usec;
        return true;
    default:
        return false;
    }
}

static Datum
dtf_timestamp_part(FuncCallInfo *fc, bool with_zone)
{
    int64_t ts = datum_int64(fc->arg[1]);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return dtf_float(fc, dtf_timestamp_text(fc->arg[0], ts, with_zone));
    if (dtf_is_epoch(fc->arg[0]) &&
        ts < INT64_MAX - (int64_t)ADT_UNIX_EPOCH_TO_PG_SECS * DT_USECS_PER_SEC)
        return float8_datum((double)(ts + (int64_t)ADT_UNIX_EPOCH_TO_PG_SECS * DT_USECS_PER_SEC) /
                            1000000.0);
    int64_t days, usec;
    dt_split(ts, &days, &usec);
    double r;
    if (dtf_seconds_float(fc->arg[0], usec / DT_USECS_PER_SEC % 60, usec % DT_USECS_PER_SEC, &r))
        return float8_datum(r);
    if (dtf_unit(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0])) == U_JULIAN) {
        int64_t secs = usec / DT_USECS_PER_SEC;
        r = (double)(days + 2451545);
        r += ((double)secs + (usec % DT_USECS_PER_SEC) / 1000000.0) / (double)DT_SECS_PER_DAY;
        return float8_datum(r);
    }
    return dtf_float(fc, dtf_timestamp_text(fc->arg[0], ts, with_zone));
}

Datum
adt_fn_timestamp_part(FuncCallInfo *fc)
{
    return dtf_timestamp_part(fc, false);
}

Datum
adt_fn_timestamptz_part(FuncCallInfo *fc)
{
    return dtf_timestamp_part(fc, true);
}

/* date_part(text, date) is PostgreSQL's SQL function date_part($1, $2::timestamp). */
Datum
adt_fn_date_part_date(FuncCallInfo *fc)
{
    int32_t d = datum_int32(fc->arg[1]);
    int64_t ts = d == DATE_NOBEGIN ? DT_NOBEGIN
                 : d == DATE_NOEND ? DT_NOEND
                                   : (int64_t)d * DT_USECS_PER_DAY;
    return dtf_float(fc, dtf_timestamp_text(fc->arg[0], ts, false));
}

Datum
adt_fn_time_part(FuncCallInfo *fc)
{
    int64_t t = datum_int64(fc->arg[1]);
    double r;
    (void)dtf_unit_arg(fc->arg[0], "time without time zone"); /* unknown units first */
    if (dtf_seconds_float(fc->arg[0], t / DT_USECS_PER_SEC % 60, t % DT_USECS_PER_SEC, &r))
        return float8_datum(r);
    if (dtf_is_epoch(fc->arg[0]))
        return float8_datum(t / 1000000.0);
    return dtf_float(fc, dtf_time_text(fc->arg[0], t));
}

Datum
adt_fn_interval_part(FuncCallInfo *fc)
{
    if (dtf_is_epoch(fc->arg[0])) { /* a year is 365.25 days, a month 30, in float8 */
        Interval iv = dt_interval_get(fc->arg[1]);
        double r = iv.time / 1000000.0;
        r += (365.25 * DT_SECS_PER_DAY) * (iv.month / 12);
        r += ((double)DT_DAYS_PER_MONTH * DT_SECS_PER_DAY) * (iv.month % 12);
        r += (double)DT_SECS_PER_DAY * iv.day;
        return float8_datum(r);
    }
    Interval iv = dt_interval_get(fc->arg[1]);
    double r;
    (void)dtf_unit_arg(fc->arg[0], "interval");
    if (dtf_seconds_float(fc->arg[0],
                          iv.time / DT_USECS_PER_SEC % 60,
                          iv.time % DT_USECS_PER_SEC,
                          &r))
        return float8_datum(r);
    return dtf_float(fc, dtf_interval_text(fc->arg[0], fc->arg[1]));
}

/*
 * The unit of a date_trunc: the units that name no period (dow, doy, epoch, ...) are "not
 * recognized" there, as PostgreSQL's unit table files them apart.
 */
static DtUnit
dtf_trunc_unit(Datum unit, const char *typname)
{
    DtUnit u = dtf_unit_arg(unit, typname);
    if (u == U_DOW || u == U_ISODOW || u == U_DOY || u == U_EPOCH || u == U_JULIAN ||
        u == U_ISOYEAR)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("unit \"%.*s\" not recognized for type %s",
                        (int)adt_text_len(unit),
                        adt_text_data(unit),
                        typname));
    return u;
}

/* Start of the unit's period containing ts (finite). */
static int64_t
dtf_trunc(Datum unit, int64_t ts, const char *typname)
{
    DtUnit u = dtf_trunc_unit(unit, typname);
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return ts;
    int64_t days, usec, y;
    int m, d;
    dt_split(ts, &days, &usec);
    dt_civil_from_days(days, &y, &m, &d);
    switch (u) {
    case U_USEC:
        return ts;
    case U_MSEC:
        return days * DT_USECS_PER_DAY + usec / 1000 * 1000;
    case U_SECOND:
        return days * DT_USECS_PER_DAY + usec / DT_USECS_PER_SEC * DT_USECS_PER_SEC;
    case U_MINUTE:
        return days * DT_USECS_PER_DAY + usec / DT_USECS_PER_MIN * DT_USECS_PER_MIN;
    case U_HOUR:
        return days * DT_USECS_PER_DAY + usec / DT_USECS_PER_HOUR * DT_USECS_PER_HOUR;
    case U_DAY:
        return days * DT_USECS_PER_DAY;
    case U_WEEK: {
        int64_t isodow = ((days + 5) % 7 + 7) % 7 + 1;
        return (days - (isodow - 1)) * DT_USECS_PER_DAY;
    }
    case U_MONTH:
        return dt_days_from_civil(y, m, 1) * DT_USECS_PER_DAY;
    case U_QUARTER:
        return dt_days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * DT_USECS_PER_DAY;
    case U_YEAR:
        return dt_days_from_civil(y, 1, 1) * DT_USECS_PER_DAY;
    case U_DECADE:
        y = y > 0 ? y / 10 * 10 : -((8 - (y - 1)) / 10) * 10;
        return dt_days_from_civil(y, 1, 1) * DT_USECS_PER_DAY;
    case U_CENTURY:
        y = y > 0 ? (y + 99) / 100 * 100 - 99 : -((99 - (y - 1)) / 100) * 100 + 1;
        return dt_days_from_civil(y, 1, 1) * DT_USECS_PER_DAY;
    case U_MILLENNIUM:
        y = y > 0 ? (y + 999) / 1000 * 1000 - 999 : -((999 - (y - 1)) / 1000) * 1000 + 1;
        return dt_days_from_civil(y, 1, 1) * DT_USECS_PER_DAY;
    default:
        dtf_unsupported(unit, typname);
    }
}

Datum
adt_fn_timestamp_trunc(FuncCallInfo *fc)
{
    return int64_datum(
        dtf_trunc(fc->arg[0], datum_int64(fc->arg[1]), "timestamp without time zone"));
}

Datum
adt_fn_timestamptz_trunc(FuncCallInfo *fc)
{
    return int64_datum(dtf_trunc(fc->arg[0], datum_int64(fc->arg[1]), "timestamp with time zone"));
}

Datum
adt_fn_interval_trunc(FuncCallInfo *fc)
{
    DtUnit u = dtf_trunc_unit(fc->arg[0], "interval");
    Interval iv = dt_interval_get(fc->arg[1]);
    int64_t t = iv.time;
    switch (u) {
    case U_MILLENNIUM:
        return dt_interval_datum(0, 0, iv.month / 12000 * 12000);
    case U_CENTURY:
        return dt_interval_datum(0, 0, iv.month / 1200 * 1200);
    case U_DECADE:
        return dt_interval_datum(0, 0, iv.month / 120 * 120);
    case U_YEAR:
        return dt_interval_datum(0, 0, iv.month / 12 * 12);
    case U_QUARTER:
        return dt_interval_datum(0, 0, iv.month / 12 * 12 + iv.month % 12 / 3 * 3);
    case U_MONTH:
        return dt_interval_datum(0, 0, iv.month);
    case U_DAY:
        return dt_interval_datum(0, iv.day, iv.month);
    case U_HOUR:
        return dt_interval_datum(t / DT_USECS_PER_HOUR * DT_USECS_PER_HOUR, iv.day, iv.month);
    case U_MINUTE:
        return dt_interval_datum(t / DT_USECS_PER_MIN * DT_USECS_PER_MIN, iv.day, iv.month);
    case U_SECOND:
        return dt_interval_datum(t / DT_USECS_PER_SEC * DT_USECS_PER_SEC, iv.day, iv.month);
    case U_MSEC:
        return dt_interval_datum(t / 1000 * 1000, iv.day, iv.month);
    case U_USEC:
        return fc->arg[1];
    case U_WEEK:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("unit \"%.*s\" not supported for type interval",
                        (int)adt_text_len(fc->arg[0]),
                        adt_text_data(fc->arg[0])),
                err_detail("Months usually have fractional weeks."));
    default:
        dtf_unsupported(fc->arg[0], "interval");
    }
}

/*
 * age(a, b): the difference in years, months and days of the calendar fields, borrowing
 * from the next larger field (days borrow the length of the month of the earlier value).
 */
static Datum
dtf_age(int64_t a, int64_t b)
{
    if (a == DT_NOBEGIN || a == DT_NOEND || b == DT_NOBEGIN || b == DT_NOEND)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("cannot subtract infinite timestamps"));
    int64_t da, ua, db, ub, ya, yb;
    int ma, dda, mb, ddb;
    dt_split(a, &da, &ua);
    dt_split(b, &db, &ub);
    dt_civil_from_days(da, &ya, &ma, &dda);
    dt_civil_from_days(db, &yb, &mb, &ddb);
    int sign = a < b ? -1 : 1;
    int64_t usec = sign * (ua - ub);
    int64_t day = sign * (dda - ddb);
    int64_t mon = sign * (ma - mb);
    int64_t year = sign * (ya - yb);
    while (usec < 0) {
        usec += DT_USECS_PER_DAY;
        day--;
    }
    while (day < 0) {
        day += a < b ? dt_month_days(ya, ma) : dt_month_days(yb, mb);
        mon--;
    }
    while (mon < 0) {
        mon += 12;
        year--;
    }
    return dt_interval_datum(sign * usec,
                             (int32_t)(sign * day),
                             (int32_t)(sign * (year * 12 + mon)));
}

Datum
adt_fn_timestamp_age(FuncCallInfo *fc)
{
    return dtf_age(datum_int64(fc->arg[0]), datum_int64(fc->arg[1]));
}

Datum
adt_fn_timestamptz_age(FuncCallInfo *fc)
{
    return dtf_age(datum_int64(fc->arg[0]), datum_int64(fc->arg[1]));
}

/* age(x): age(current_date at midnight, x), as PostgreSQL's SQL function defines it. */
Datum
adt_fn_timestamp_age_today(FuncCallInfo *fc)
{
    return dtf_age((int64_t)datum_int32(adt_current_date()) * DT_USECS_PER_DAY,
                   datum_int64(fc->arg[0]));
}

Datum
adt_fn_timestamp_finite(FuncCallInfo *fc)
{
    int64_t t = datum_int64(fc->arg[0]);
    return bool_datum(t != DT_NOBEGIN && t != DT_NOEND);
}

Datum
adt_fn_float8_timestamptz(FuncCallInfo *fc)
{
    double secs = datum_float8(fc->arg[0]);
    if (isnan(secs))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp cannot be NaN"));
    if (isinf(secs))
        return int64_datum(secs < 0 ? DT_NOBEGIN : DT_NOEND);
    double usec = rint((secs - ADT_UNIX_EPOCH_TO_PG_SECS) * 1e6);
    if (usec < (double)TS_MIN_USEC || usec >= (double)TS_END_USEC)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range: \"%g\"", secs));
    return int64_datum((int64_t)usec);
}
