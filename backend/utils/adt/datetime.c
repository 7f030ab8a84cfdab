/*
 * datetime.c
 *     Calendar arithmetic and the date/time text parser shared by date, time, timestamp and
 *     timestamptz input (datetime.h), and the interval helpers the other date/time files use.
 *
 * The session time zone is UTC (README, Differences): a zone in the input shifts a
 * timestamptz and is ignored by the types without a zone, as PostgreSQL ignores it.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "adt_priv.h"
#include "datetime.h"

int adt_interval_style;

int64_t
dt_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468 - 10957; /* 10957: 1970-01-01 to 2000-01-01 */
}

void
dt_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
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

int
dt_month_days(int64_t y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

void
dt_split(int64_t t, int64_t *days, int64_t *usec)
{
    *days = t / DT_USECS_PER_DAY;
    *usec = t % DT_USECS_PER_DAY;
    if (*usec < 0) {
        *usec += DT_USECS_PER_DAY;
        (*days)--;
    }
}

void
dt_bad_input(const char *str, const char *typname)
{
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_DATETIME_FORMAT),
            err_msg("invalid input syntax for type %s: \"%s\"", typname, str));
}

void
dt_field_overflow(const char *str)
{
    ereport(ERROR,
            err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
            err_msg("date/time field value out of range: \"%s\"", str));
}

/* Read up to maxdigits digits; the count read (0: none). */
static int
dt_read_int(const char **p, int maxdigits, int64_t *out)
{
    int n = 0;
    int64_t v = 0;
    while (n < maxdigits && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n;
}

static const char *const dt_month_names[] =
    {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

/* A month name (3 letters or the full English name) at p: 1..12, or 0. */
static int
dt_month_word(const char **p)
{
    static const char *const full[] = {"january",
                                       "february",
                                       "march",
                                       "april",
                                       "may",
                                       "june",
                                       "july",
                                       "august",
                                       "september",
                                       "october",
                                       "november",
                                       "december"};
    const char *s = *p;
    size_t n = 0;
    while (isalpha((unsigned char)s[n]))
        n++;
    for (int i = 0; i < 12; i++) {
        if ((n == 3 && strncasecmp(s, dt_month_names[i], 3) == 0) ||
            (n == strlen(full[i]) && strncasecmp(s, full[i], n) == 0) ||
            (i == 8 && n == 4 && strncasecmp(s, "sept", 4) == 0)) {
            *p = s + n;
            return i + 1;
        }
    }
    return 0;
}

typedef struct DtCtx {
    const char *str;
    const char *typname;
    bool month_hint; /* month > 12 in a Y-M-D date: PostgreSQL adds a datestyle hint */
} DtCtx;

/* A day name (Wed) at p, skipped with a following '.' or ','; false if none. */
static bool
dt_skip_day_name(const char **pp)
{
    static const char *const days[] =
        {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    const char *p = *pp;
    size_t n = 0;
    while (isalpha((unsigned char)p[n]))
        n++;
    for (int i = 0; i < 7; i++) {
        if (n == 3 &&
            strncasecmp(p, days[i], n) == 0) { /* PostgreSQL knows "Wed", not "Wednesday" */
            p += n;
            if (*p == '.' || *p == ',')
                p++;
            *pp = p;
            return true;
        }
    }
    return false;
}

/* Date part: YYYY-MM-DD, YYYYMMDD or "Mon DD YYYY"; false if p holds none of them. */
static bool
dt_parse_date(const DtCtx *cx, const char **pp, int64_t *y, int64_t *m, int64_t *d, int *ydigits)
{
    const char *p = *pp;
    if (isalpha((unsigned char)*p)) {
        int mon = dt_month_word(&p);
        if (mon == 0)
            return false;
        while (*p == ' ' || *p == '-' || *p == '/')
            p++;
        if (dt_read_int(&p, 2, d) == 0)
            dt_bad_input(cx->str, cx->typname);
        while (*p == ' ' || *p == ',' || *p == '-' || *p == '/')
            p++;
        *ydigits = dt_read_int(&p, 9, y);
        if (*ydigits == 0)
            dt_bad_input(cx->str, cx->typname);
        *m = mon;
        *pp = p;
        return true;
    }
    const char *start = p;
    int n = dt_read_int(&p, 9, y);
    if (n == 0)
        return false;
    char sep = *p;
    const char *after = p + (sep == ' ' || sep == '-' || sep == '/' ? 1 : 0);
    while (sep == ' ' && *after == ' ')
        after++;
    if ((n == 1 || n == 2) && after != p && isalpha((unsigned char)*after)) {
        /* D Mon Y, D-Mon-Y */
        int mon = dt_month_word(&after);
        if (mon == 0) {
            *pp = start;
            return false;
        }
        *d = *y;
        *m = mon;
        p = after;
        while (*p == ' ' || *p == '-' || *p == '/' || *p == ',')
            p++;
        *ydigits = dt_read_int(&p, 9, y);
        if (*ydigits == 0)
            dt_bad_input(cx->str, cx->typname);
        *pp = p;
        return true;
    }
    *ydigits = n == 8 ? 4 : n;
    if (n == 8 && sep != '-' && sep != '/' && sep != '.') { /* YYYYMMDD */
        *d = *y % 100;
        *m = *y / 100 % 100;
        *y /= 10000;
    } else if ((n == 1 || n == 2) && (sep == '-' || sep == '/')) {
        /* M-D-Y or M/D/Y: DateStyle's field order is MDY here */
        *m = *y;
        p++;
        if (dt_read_int(&p, 2, d) == 0 || *p++ != sep)
            dt_bad_input(cx->str, cx->typname);
        *ydigits = dt_read_int(&p, 9, y);
        if (*ydigits == 0)
            dt_bad_input(cx->str, cx->typname);
    } else {
        if ((sep != '-' && sep != '/' && sep != '.') || n == 1 || n == 2) {
            *pp = start;
            return false; /* a time, or something else */
        }
        p++;
        if (isalpha((unsigned char)*p)) {
            int mon = dt_month_word(&p);
            if (mon == 0)
                dt_bad_input(cx->str, cx->typname);
            *m = mon;
        } else if (dt_read_int(&p, 2, m) == 0) {
            dt_bad_input(cx->str, cx->typname);
        }
        if (*p++ != sep || dt_read_int(&p, 2, d) == 0)
            dt_bad_input(cx->str, cx->typname);
    }
    *pp = p;
    return true;
}

/* Time part: HH:MM[:SS[.ffffff]]; microseconds past midnight. */
static int64_t
dt_parse_time(const DtCtx *cx, const char **pp)
{
    const char *p = *pp;
    int64_t hh, mi, ss = 0, usec = 0;
    if (dt_read_int(&p, 2, &hh) == 0 || *p++ != ':' || dt_read_int(&p, 2, &mi) == 0)
        dt_bad_input(cx->str, cx->typname);
    if (*p == ':') {
        p++;
        if (dt_read_int(&p, 2, &ss) == 0)
            dt_bad_input(cx->str, cx->typname);
        if (*p == '.') {
            p++;
            int64_t scale = 100000;
            double rest = 0;
            while (isdigit((unsigned char)*p)) {
                if (scale >= 1)
                    usec += (*p - '0') * scale;
                else if (scale == 0 && rest == 0)
                    rest = (*p - '0') >= 5 ? 1 : 0; /* round at the seventh digit */
                scale /= 10;
                p++;
            }
            usec += (int64_t)rest;
        }
    }
    if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi > 0 || ss > 0 || usec > 0)))
        dt_field_overflow(cx->str);
    *pp = p;
    return ((hh * 60 + mi) * 60 + ss) * DT_USECS_PER_SEC + usec;
}

/* Zone: Z, UTC, GMT, +HH[:MM[:SS]], -HHMM; seconds east of UTC. false if none at p. */
static bool
dt_parse_zone(const DtCtx *cx, const char **pp, int64_t *secs)
{
    const char *p = *pp;
    if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0) {
        *pp = p + 3;
        *secs = 0;
        return true;
    }
    if (*p == 'Z' || *p == 'z') {
        *pp = p + 1;
        *secs = 0;
        return true;
    }
    if (*p != '+' && *p != '-')
        return false;
    int sign = *p++ == '-' ? -1 : 1;
    int64_t zh, zm = 0, zs = 0;
    int n = dt_read_int(&p, 4, &zh);
    if (n == 0)
        dt_bad_input(cx->str, cx->typname);
    if (n > 2) {
        zm = zh % 100;
        zh /= 100;
    } else if (*p == ':') {
        p++;
        if (dt_read_int(&p, 2, &zm) == 0)
            dt_bad_input(cx->str, cx->typname);
        if (*p == ':') {
            p++;
            dt_read_int(&p, 2, &zs);
        }
    }
    if (zh > 15 || zm > 59 || zs > 59)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TIME_ZONE_DISPLACEMENT_VALUE),
                err_msg("time zone displacement out of range: \"%s\"", cx->str));
    *secs = sign * (zh * 3600 + zm * 60 + zs);
    *pp = p;
    return true;
}

static bool
dt_word(const char **pp, const char *word)
{
    size_t n = strlen(word);
    if (strncasecmp(*pp, word, n) != 0 || isalnum((unsigned char)(*pp)[n]))
        return false;
    *pp += n;
    return true;
}

static void
dt_skip_space(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
}

/* The special words: true if str is one of them (out filled in). */
static bool
dt_parse_special(const char *p, DtParsed *out)
{
    static const struct {
        const char *word;
        int kind; /* 0 inf, 1 -inf, 2 epoch, 3 now, 4 today, 5 tomorrow, 6 yesterday, 7 allballs */
    } words[] = {{"infinity", 0},
                 {"+infinity", 0},
                 {"-infinity", 1},
                 {"epoch", 2},
                 {"now", 3},
                 {"today", 4},
                 {"tomorrow", 5},
                 {"yesterday", 6},
                 {"allballs", 7}};
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        n--;
    for (size_t i = 0; i < OAK_LENGTHOF(words); i++) {
        if (strlen(words[i].word) != n || strncasecmp(p, words[i].word, n) != 0)
            continue;
        int64_t now_days, now_usec;
        dt_split(adt_xact_start_timestamp != 0 ? adt_xact_start_timestamp : adt_timestamp_now(),
                 &now_days,
                 &now_usec);
        out->has_date = out->has_time = true;
        out->time = 0;
        switch (words[i].kind) {
        case 0:
            out->special = DT_SPECIAL_INF;
            break;
        case 1:
            out->special = DT_SPECIAL_NINF;
            break;
        case 2:
            out->days = -10957;
            break;
        case 3:
            out->days = now_days;
            out->time = now_usec;
            break;
        case 7:
            out->has_date = false;
            break;
        default:
            out->days = now_days + (words[i].kind == 5 ? 1 : words[i].kind == 6 ? -1 : 0);
            break;
        }
        return true;
    }
    return false;
}

void
dt_parse(const char *str, const char *typname, DtParsed *out)
{
    DtCtx cx = {str, typname, false};
    const char *p = str;
    memset(out, 0, sizeof *out);
    dt_skip_space(&p);
    if (dt_parse_special(p, out))
        return;
    int64_t y = 0, m = 0, d = 0;
    int ydigits = 4;
    bool bc = false;
    int ampm = 0; /* 1 AM, 2 PM */
    if (dt_skip_day_name(&p))
        dt_skip_space(&p);
    if ((*p == 'J' || *p == 'j') && isdigit((unsigned char)p[1])) { /* Julian day */
        p++;
        int64_t jd;
        dt_read_int(&p, 9, &jd);
        int mm, dd;
        dt_civil_from_days(jd - 2451545, &y, &mm, &dd);
        m = mm;
        d = dd;
        out->has_date = true;
    } else if (dt_parse_date(&cx, &p, &y, &m, &d, &ydigits)) {
        if (y == 0 && ydigits > 2) /* there is no year 0 (1 BC is 0 only internally) */
            dt_field_overflow(str);
        out->has_date = true;
        if (*p == 'T' || *p == 't')
            p++;
    }
    for (;;) {
        dt_skip_space(&p);
        if (*p == '\0')
            break;
        if (!out->has_time && isdigit((unsigned char)*p)) {
            out->time = dt_parse_time(&cx, &p);
            out->has_time = true;
        } else if (!out->has_zone && (out->has_time || out->has_date) &&
                   dt_parse_zone(&cx, &p, &out->zone_sec)) {
            out->has_zone = true;
        } else if (out->has_date && !bc && dt_word(&p, "BC")) {
            bc = true;
        } else if (out->has_date && dt_word(&p, "AD")) {
            /* the default era */
        } else if (out->has_time && ampm == 0 && dt_word(&p, "AM")) {
            ampm = 1;
        } else if (out->has_time && ampm == 0 && dt_word(&p, "PM")) {
            ampm = 2;
        } else if (dt_skip_day_name(&p)) {
            /* a day name anywhere is only a comment, as PostgreSQL takes it */
        } else {
            dt_bad_input(str, typname);
        }
    }
    if (!out->has_date && !out->has_time)
        dt_bad_input(str, typname);
    if (ampm != 0) { /* 12-hour clock: 12 AM is midnight, 1..11 PM add 12 hours */
        int64_t hour = out->time / DT_USECS_PER_HOUR;
        if (hour > 12)
            dt_field_overflow(str);
        if (ampm == 1 && hour == 12)
            out->time -= 12 * DT_USECS_PER_HOUR;
        else if (ampm == 2 && hour != 12)
            out->time += 12 * DT_USECS_PER_HOUR;
    }
    if (out->has_date && bc) {
        if (y <= 0)
            dt_bad_input(str, typname);
        y = 1 - y;
    } else if (out->has_date && ydigits <= 2) { /* 70..99 are 19xx, the rest 20xx */
        y += y < 70 ? 2000 : 1900;
    }
    if (out->has_date) {
        if (m < 1 || m > 12)
            ereport(ERROR,
                    err_code(SQLSTATE_DATETIME_FIELD_OVERFLOW),
                    err_msg("date/time field value out of range: \"%s\"", str),
                    err_hint("Perhaps you need a different \"datestyle\" setting."));
        if (d < 1 || d > dt_month_days(y, (int)m))
            dt_field_overflow(str);
        out->days = dt_days_from_civil(y, (int)m, (int)d);
    }
}

void
dt_append_date(StrBuf *sb, int64_t days)
{
    int64_t y;
    int m, d;
    dt_civil_from_days(days, &y, &m, &d);
    bool bc = y <= 0;
    sb_appendf(sb, "%04lld-%02d-%02d", (long long)(bc ? 1 - y : y), m, d);
    if (bc)
        sb_append(sb, " BC");
}

void
dt_append_time(StrBuf *sb, int64_t usec, bool trim_zero_frac)
{
    int64_t secs = usec / DT_USECS_PER_SEC;
    int frac = (int)(usec % DT_USECS_PER_SEC);
    sb_appendf(sb, "%02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
    if (frac != 0 || !trim_zero_frac) {
        char fbuf[8];
        snprintf(fbuf, sizeof fbuf, "%06d", frac);
        for (int i = 5; i > 0 && fbuf[i] == '0'; i--)
            fbuf[i] = '\0';
        sb_appendf(sb, ".%s", fbuf);
    }
}

Datum
dt_interval_datum(int64_t time, int32_t day, int32_t month)
{
    Varlena *v = mcx_alloc(sizeof(Varlena) + sizeof(Interval));
    Interval iv = {time, day, month};
    v->len = (uint32_t)(sizeof(Varlena) + sizeof(Interval));
    memcpy(v->data, &iv, sizeof iv);
    return ptr_datum(v);
}

Interval
dt_interval_get(Datum d)
{
    Interval iv;
    memcpy(&iv, ((const Varlena *)datum_ptr(d))->data, sizeof iv);
    return iv;
}

int64_t
dt_timestamp_check(int64_t ts)
{
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return ts;
    if (ts < TS_MIN_USEC || ts >= TS_END_USEC)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range"));
    return ts;
}

static void
dt_ts_overflow(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
            err_msg("timestamp out of range"));
}

int64_t
dt_timestamp_add_interval(int64_t ts, const Interval *iv, int sign)
{
    if (ts == DT_NOBEGIN || ts == DT_NOEND)
        return ts;
    int64_t month = sign * (int64_t)iv->month;
    int64_t day = sign * (int64_t)iv->day;
    int64_t time = sign * iv->time;
    if (month != 0) {
        int64_t days, usec, y;
        int m, d;
        dt_split(ts, &days, &usec);
        dt_civil_from_days(days, &y, &m, &d);
        int64_t mm = y * 12 + (m - 1) + month;
        y = mm >= 0 ? mm / 12 : -((-mm + 11) / 12);
        m = (int)(mm - y * 12) + 1;
        if (d > dt_month_days(y, m))
            d = dt_month_days(y, m);
        if (y < -4713 || y > 294277)
            dt_ts_overflow();
        ts = dt_days_from_civil(y, m, d) * DT_USECS_PER_DAY + usec;
    }
    if (__builtin_mul_overflow(day, DT_USECS_PER_DAY, &day) ||
        __builtin_add_overflow(ts, day, &ts) || __builtin_add_overflow(ts, time, &ts))
        dt_ts_overflow();
    if (ts < TS_MIN_USEC || ts >= TS_END_USEC)
        dt_ts_overflow();
    return ts;
}

Datum
dt_interval_from_usec_diff(int64_t a, int64_t b)
{
    if (a == DT_NOBEGIN || a == DT_NOEND || b == DT_NOBEGIN || b == DT_NOEND)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("cannot subtract infinite timestamps"));
    int64_t diff;
    if (__builtin_sub_overflow(a, b, &diff))
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("interval out of range"));
    int64_t days = diff / DT_USECS_PER_DAY;
    return dt_interval_datum(diff - days * DT_USECS_PER_DAY, (int32_t)days, 0);
}
