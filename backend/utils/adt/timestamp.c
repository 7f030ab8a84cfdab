/*
 * timestamp.c
 *     timestamptz: microseconds since 2000-01-01 00:00:00 UTC. ISO 8601 text input, output in
 *     PostgreSQL's ISO style for TimeZone UTC, comparison, key encoding, precision typmod, and
 *     now() and friends.
 *
 * Not here: time zones other than UTC, intervals, date/timestamp arithmetic (README, Left out).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "adt_fns.h"
#include "adt_priv.h"

enum { USECS_PER_SEC = 1000000, SECS_PER_DAY = 86400 };
#define USECS_PER_DAY ((int64_t)SECS_PER_DAY * USECS_PER_SEC)
/* PostgreSQL's infinities: the extreme int64 values. */
#define TS_NOBEGIN INT64_MIN
#define TS_NOEND INT64_MAX

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

/* Days since 2000-01-01 of a proleptic Gregorian date (year 0 = 1 BC), and back. */
static int64_t
ts_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 - 10957; /* 10957: 1970-01-01 to 2000-01-01 */
}

static void
ts_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468 + 10957;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static bool
ts_is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
ts_month_days(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ts_is_leap(y) ? 29 : days[m - 1];
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
    int64_t days = t / USECS_PER_DAY;
    int64_t usec = t % USECS_PER_DAY;
    if (usec < 0) {
        usec += USECS_PER_DAY;
        days--;
    }
    int64_t y;
    int m, d;
    ts_civil_from_days(days, &y, &m, &d);
    int64_t secs = usec / USECS_PER_SEC;
    int frac = (int)(usec % USECS_PER_SEC);
    bool bc = y <= 0;
    StrBuf sb;
    sb_init(&sb);
    sb_appendf(&sb,
               "%04" PRId64 "-%02d-%02d %02d:%02d:%02d",
               bc ? 1 - y : y,
               m,
               d,
               (int)(secs / 3600),
               (int)(secs / 60 % 60),
               (int)(secs % 60));
    if (frac != 0) {
        char fbuf[8];
        snprintf(fbuf, sizeof fbuf, "%06d", frac);
        for (int i = 5; i > 0 && fbuf[i] == '0'; i--)
            fbuf[i] = '\0';
        sb_appendf(&sb, ".%s", fbuf);
    }
    if (with_zone)
        sb_append(&sb, "+00");
    if (bc)
        sb_append(&sb, " BC");
    return sb.data;
}

/* Read exactly-or-at-most n digits; false if there are none. */
static bool
ts_read_int(const char **p, int maxdigits, int64_t *out)
{
    int n = 0;
    int64_t v = 0;
    while (n < maxdigits && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n > 0;
}

/* The type being read, for error messages (input is parsed one value at a time). */
static const char *ts_input_type = "timestamp with time zone";

static void
ts_bad_input(const char *str)
{
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_DATETIME_FORMAT),
            err_msg("invalid input syntax for type %s: \"%s\"", ts_input_type, str));
}

/* Time-of-day and zone part: HH:MM[:SS[.ffffff]] [Z | +HH[:MM] | -HH[:MM]]. */
static int64_t
ts_parse_time(const char *str, const char **pp)
{
    const char *p = *pp;
    int64_t hh, mi, ss = 0, usec = 0;
    if (!ts_read_int(&p, 2, &hh) || *p++ != ':' || !ts_read_int(&p, 2, &mi))
        ts_bad_input(str);
    if (*p == ':') {
        p++;
        if (!ts_read_int(&p, 2, &ss))
            ts_bad_input(str);
        if (*p == '.') {
            p++;
            int64_t scale = 100000;
            while (isdigit((unsigned char)*p)) {
                usec += (*p - '0') * scale; /* digits past microseconds are dropped */
                scale /= 10;
                p++;
            }
        }
    }
    if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi > 0 || ss > 0 || usec > 0)))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                err_msg("date/time field value out of range: \"%s\"", str));
    int64_t t = ((hh * 60 + mi) * 60 + ss) * USECS_PER_SEC + usec;
    while (*p == ' ')
        p++;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p++ == '-' ? -1 : 1;
        int64_t zh, zm = 0;
        if (!ts_read_int(&p, 2, &zh))
            ts_bad_input(str);
        if (*p == ':')
            p++;
        ts_read_int(&p, 2, &zm);
        if (strcmp(ts_input_type, "timestamp") != 0) /* timestamp ignores a zone */
            t -= sign * (zh * 3600 + zm * 60) * USECS_PER_SEC;
    }
    *pp = p;
    return t;
}

static Datum ts_in(const char *str, int32_t typmod);

Datum
adt_timestamptz_in(const char *str, int32_t typmod)
{
    ts_input_type = "timestamp with time zone";
    return ts_in(str, typmod);
}

/* The session time zone is UTC: a timestamp is the same instant's wall-clock reading. */
Datum
adt_timestamp_in(const char *str, int32_t typmod)
{
    ts_input_type = "timestamp";
    return ts_in(str, typmod);
}

static Datum
ts_in(const char *str, int32_t typmod)
{
    const char *p = str;
    while (isspace((unsigned char)*p))
        p++;
    if (strcasecmp(p, "infinity") == 0)
        return int64_datum(TS_NOEND);
    if (strcasecmp(p, "-infinity") == 0)
        return int64_datum(TS_NOBEGIN);
    if (strcasecmp(p, "now") == 0)
        return int64_datum(adt_timestamp_now());
    if (strcasecmp(p, "epoch") == 0)
        return int64_datum(-(int64_t)ADT_UNIX_EPOCH_TO_PG_SECS * USECS_PER_SEC);
    int64_t y, m, d;
    if (!ts_read_int(&p, 9, &y) || *p++ != '-' || !ts_read_int(&p, 2, &m) || *p++ != '-' ||
        !ts_read_int(&p, 2, &d))
        ts_bad_input(str);
    if (m < 1 || m > 12)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                err_msg("date/time field value out of range: \"%s\"", str),
                err_hint("Perhaps you need a different \"datestyle\" setting."));
    if (d < 1 || d > ts_month_days(y, (int)m))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                err_msg("date/time field value out of range: \"%s\"", str));
    int64_t t = ts_days_from_civil(y, (int)m, (int)d) * USECS_PER_DAY;
    if (*p == 'T' || *p == ' ') {
        while (*p == 'T' || *p == ' ')
            p++;
        if (*p != '\0')
            t += ts_parse_time(str, &p);
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0')
        ts_bad_input(str);
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
    Datum adt_fn_timestamptz_##name##_timestamp(FuncCallInfo *fc)                                 \
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
