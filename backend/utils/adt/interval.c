/*
 * interval.c
 *     interval: months, days and microseconds kept apart (datetime.h), stored as a 16-byte
 *     Varlena. Text input (PostgreSQL's unit words, H:M:S, "@ ... ago", year-month "Y-M",
 *     ISO 8601 "P..."), output in the four IntervalStyles, typmods (field ranges and
 *     precision), comparison, key encoding, hashing through the key, + - * / and unary -,
 *     justify_days/hours/interval, isfinite.
 *
 * Invariant (README 9): comparison, equality, key encoding and hashing use the span
 * time + (day + 30 * month) * 86400e6 as one 128-bit number, so '1 mon' = '30 days' in
 * every one of them, as in PostgreSQL; output keeps the fields as entered.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <strings.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

/* Field-range bits of an interval typmod (PostgreSQL's INTERVAL_MASK values). */
enum {
    IV_MONTH = 1 << 1,
    IV_YEAR = 1 << 2,
    IV_DAY = 1 << 3,
    IV_HOUR = 1 << 10,
    IV_MINUTE = 1 << 11,
    IV_SECOND = 1 << 12,
    IV_FULL_RANGE = 0x7FFF,
    IV_FULL_PRECISION = 0xFFFF,
};

static void __attribute__((noreturn)) iv_out_of_range(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
            err_msg("interval out of range"));
}

static void __attribute__((noreturn)) iv_bad_input(const char *str)
{
    dt_bad_input(str, "interval");
}

static void __attribute__((noreturn)) iv_field_overflow(const char *str)
{
    ereport(ERROR,
            err_code(SQLSTATE_INTERVAL_FIELD_OVERFLOW),
            err_msg("interval field value out of range: \"%s\"", str));
}

/*
 * Accumulated input: wide fields, checked against int32 at the end, and the fields seen so
 * far (each unit and each part of a H:M:S may appear once, as PostgreSQL checks).
 */
typedef struct IvAcc {
    const char *str;
    double month;
    double day;
    __int128 time; /* microseconds, exact (checked against int64 at the end) */
    unsigned seen;
} IvAcc;

/* The kinds of unit, each its own bit of IvAcc.seen. */
typedef enum IvUnit {
    IU_USEC,
    IU_MSEC,
    IU_SECOND,
    IU_MINUTE,
    IU_HOUR,
    IU_DAY,
    IU_WEEK,
    IU_MONTH,
    IU_YEAR,
    IU_DECADE,
    IU_CENTURY,
    IU_MILLENNIUM,
    IU_NONE,
} IvUnit;

static IvUnit
iv_unit(const char *unit, size_t n)
{
    static const struct {
        const char *name;
        IvUnit kind;
    } units[] = {
        {"microsecond", IU_USEC},
        {"microseconds", IU_USEC},
        {"usec", IU_USEC},
        {"usecs", IU_USEC},
        {"us", IU_USEC},
        {"millisecond", IU_MSEC},
        {"milliseconds", IU_MSEC},
        {"msec", IU_MSEC},
        {"msecs", IU_MSEC},
        {"ms", IU_MSEC},
        {"second", IU_SECOND},
        {"seconds", IU_SECOND},
        {"sec", IU_SECOND},
        {"secs", IU_SECOND},
        {"s", IU_SECOND},
        {"minute", IU_MINUTE},
        {"minutes", IU_MINUTE},
        {"min", IU_MINUTE},
        {"mins", IU_MINUTE},
        {"m", IU_MINUTE},
        {"hour", IU_HOUR},
        {"hours", IU_HOUR},
        {"hr", IU_HOUR},
        {"hrs", IU_HOUR},
        {"h", IU_HOUR},
        {"day", IU_DAY},
        {"days", IU_DAY},
        {"d", IU_DAY},
        {"week", IU_WEEK},
        {"weeks", IU_WEEK},
        {"w", IU_WEEK},
        {"month", IU_MONTH},
        {"months", IU_MONTH},
        {"mon", IU_MONTH},
        {"mons", IU_MONTH},
        {"year", IU_YEAR},
        {"years", IU_YEAR},
        {"yr", IU_YEAR},
        {"yrs", IU_YEAR},
        {"y", IU_YEAR},
        {"decade", IU_DECADE},
        {"decades", IU_DECADE},
        {"dec", IU_DECADE},
        {"decs", IU_DECADE},
        {"century", IU_CENTURY},
        {"centuries", IU_CENTURY},
        {"cent", IU_CENTURY},
        {"c", IU_CENTURY},
        {"millennium", IU_MILLENNIUM},
        {"millennia", IU_MILLENNIUM},
        {"millenniums", IU_MILLENNIUM},
        {"mil", IU_MILLENNIUM},
        {"mils", IU_MILLENNIUM},
    };
    for (size_t i = 0; i < OAK_LENGTHOF(units); i++)
        if (strlen(units[i].name) == n && strncasecmp(units[i].name, unit, n) == 0)
            return units[i].kind;
    return IU_NONE;
}

#define IV_ALL_SECS ((1u << IU_SECOND) | (1u << IU_MSEC) | (1u << IU_USEC))

/* Mark a field seen; a field given twice is 22007, as in PostgreSQL. */
static void
iv_mark(IvAcc *a, unsigned bits)
{
    if (a->seen & bits)
        iv_bad_input(a->str);
    a->seen |= bits;
}

/* A fraction of a day (or of a month, as days) carried down to the time. */
static void
iv_add_days(IvAcc *a, double days)
{
    double whole = trunc(days);
    a->day += whole;
    a->time += (__int128)rint((days - whole) * (double)DT_USECS_PER_DAY);
}

/* Add v of a unit: fractions of months and days cascade down, of years down to months. */
static void
iv_add_unit(IvAcc *a, double v, IvUnit u)
{
    static const double usec_per[] = {1, 1e3, 1e6, 60e6, 3600e6};
    static const double years_per[] = {1, 10, 100, 1000};
    /* seconds with a fraction also fill the millisecond and microsecond fields */
    bool frac_secs = u == IU_SECOND && v != trunc(v);
    iv_mark(a, frac_secs ? IV_ALL_SECS : 1u << u);
    if (u <= IU_HOUR) {
        a->time += (__int128)rint(v * usec_per[u]);
    } else if (u == IU_DAY || u == IU_WEEK) {
        iv_add_days(a, u == IU_WEEK ? v * 7 : v);
    } else if (u == IU_MONTH) {
        double whole = trunc(v);
        a->month += whole;
        iv_add_days(a, (v - whole) * DT_DAYS_PER_MONTH);
    } else {
        double mult = years_per[u - IU_YEAR];
        double whole = trunc(v);
        a->month += whole * mult * 12 + rint((v - whole) * mult * 12);
    }
}

static __int128 iv_exact_usec(IvAcc *a, const char *num, int64_t mult);

/* A written number of a unit: time units exactly from its text, the others by value. */
static void
iv_add_number(IvAcc *a, int sign, double v, const char *num, IvUnit u)
{
    static const int64_t usec_per[] = {1,
                                       1000,
                                       DT_USECS_PER_SEC,
                                       DT_USECS_PER_MIN,
                                       DT_USECS_PER_HOUR};
    if (u > IU_HOUR) {
        iv_add_unit(a, sign * v, u);
        return;
    }
    /* seconds with a fraction also fill the millisecond and microsecond fields */
    iv_mark(a, u == IU_SECOND && v != trunc(v) ? IV_ALL_SECS : 1u << u);
    a->time += sign * iv_exact_usec(a, num, usec_per[u]);
}

/* An unsigned decimal number without exponent: digits[.digits] or .digits; NULL if none. */
static const char *
iv_number(const char *p, double *v)
{
    const char *start = p;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (p == start || (p == start + 1 && *start == '.'))
        return NULL;
    if (p - start >= 64) { /* past any int32 field: out of range below */
        *v = HUGE_VAL;
        return p;
    }
    char buf[64]; /* only the digits just read: strtod would also take an exponent */
    size_t n = (size_t)(p - start) < sizeof buf - 1 ? (size_t)(p - start) : sizeof buf - 1;
    memcpy(buf, start, n);
    buf[n] = '\0';
    *v = strtod(buf, NULL);
    return p;
}

/*
 * The number written at num times mult microseconds, exactly (the fraction rounded half to
 * even, as rint does): large hour counts keep every microsecond, unlike a double would.
 */
static __int128
iv_exact_usec(IvAcc *a, const char *num, int64_t mult)
{
    __int128 whole = 0;
    int digits = 0;
    while (isdigit((unsigned char)*num)) {
        whole = whole * 10 + (*num++ - '0');
        if (++digits > 20)
            iv_field_overflow(a->str);
    }
    __int128 frac = 0, scale = 1;
    if (*num == '.') {
        num++;
        for (int k = 0; isdigit((unsigned char)*num); k++, num++)
            if (k < 18) {
                frac = frac * 10 + (*num - '0');
                scale *= 10;
            }
    }
    __int128 q = frac * mult / scale;
    __int128 r = frac * mult % scale;
    if (2 * r > scale || (2 * r == scale && (q & 1)))
        q++;
    return whole * mult + q;
}

/* H:M[:S[.f]] at p with a sign for all of it; the field bits hour, minute, second. */
static const char *
iv_parse_time(IvAcc *a, const char *p, int sign)
{
    static const int64_t mult[3] = {DT_USECS_PER_HOUR, DT_USECS_PER_MIN, DT_USECS_PER_SEC};
    double parts[3] = {0, 0, 0};
    __int128 usec = 0;
    int n = 0;
    for (;;) {
        const char *start = p;
        p = iv_number(p, &parts[n]);
        if (p == NULL)
            iv_bad_input(a->str);
        usec += iv_exact_usec(a, start, mult[n]);
        n++;
        if (*p != ':')
            break;
        if (n == 3)
            iv_bad_input(a->str);
        p++;
    }
    if (parts[1] > 59 || (n == 3 && parts[2] >= 60))
        iv_field_overflow(a->str);
    iv_mark(a, (1u << IU_HOUR) | (1u << IU_MINUTE) | IV_ALL_SECS);
    a->time += sign * usec;
    return p;
}

/* ISO 8601 format with designators: P[nY][nM][nW][nD][T[nH][nM][nS]]; "Pnnnn" is years. */
static void
iv_parse_iso(IvAcc *a, const char *p)
{
    bool in_time = false;
    p++; /* 'P' */
    if (*p == '\0')
        iv_bad_input(a->str);
    const char *q = p;
    while (isdigit((unsigned char)*q))
        q++;
    if (*q == '\0') {
        iv_add_unit(a, strtod(p, NULL), IU_YEAR);
        return;
    }
    while (*p != '\0') {
        if (*p == 'T' || *p == 't') {
            in_time = true;
            p++;
            continue;
        }
        int sign = 1;
        if (*p == '-' || *p == '+')
            sign = *p++ == '-' ? -1 : 1;
        double v;
        const char *num = p;
        p = iv_number(p, &v);
        if (p == NULL)
            iv_bad_input(a->str);
        char u = (char)toupper((unsigned char)*p++);
        IvUnit unit = u == 'Y'               ? IU_YEAR
                      : u == 'M' && !in_time ? IU_MONTH
                      : u == 'W'             ? IU_WEEK
                      : u == 'D'             ? IU_DAY
                      : u == 'H'             ? IU_HOUR
                      : u == 'M'             ? IU_MINUTE
                      : u == 'S'             ? IU_SECOND
                                             : IU_NONE;
        bool time_unit = unit == IU_HOUR || unit == IU_MINUTE || unit == IU_SECOND;
        if (unit == IU_NONE || in_time != time_unit)
            iv_bad_input(a->str);
        iv_add_number(a, sign, v, num, unit);
    }
}

/* The unit a bare number means under a typmod's field range: its lowest field. */
static IvUnit
iv_default_unit(int32_t typmod)
{
    int range = typmod < 0 ? IV_FULL_RANGE : (typmod >> 16) & 0x7FFF;
    if (range == IV_FULL_RANGE || (range & IV_SECOND))
        return IU_SECOND;
    if (range & IV_MINUTE)
        return IU_MINUTE;
    if (range & IV_HOUR)
        return IU_HOUR;
    if (range & IV_DAY)
        return IU_DAY;
    if (range & IV_MONTH)
        return IU_MONTH;
    if (range & IV_YEAR)
        return IU_YEAR;
    return IU_SECOND;
}

static bool
iv_is_ago(const char *w, size_t n)
{
    return n == 3 && strncasecmp(w, "ago", 3) == 0;
}

/* One field of the input: "number [unit]", "H:M:S" or "Y-M", with its sign. */
typedef struct IvItem {
    enum { II_NUMBER, II_TIME, II_YEAR_MONTH } kind;
    int sign;
    bool signed_;     /* the sign was written */
    const char *text; /* the number (or the time / year-month) */
    double value;
    IvUnit unit; /* II_NUMBER: IU_NONE when no unit word follows */
} IvItem;

enum { IV_MAX_ITEMS = 64 };

/* The fields at p, left to right; ago and '@' are noted and dropped. */
static int
iv_tokenize(IvAcc *a, const char *p, IvItem *items, bool *ago)
{
    int n = 0;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            return n;
        if (*p == '@') { /* PostgreSQL ignores '@' wherever it stands */
            p++;
            continue;
        }
        if (isalpha((unsigned char)*p)) {
            const char *w = p;
            while (isalpha((unsigned char)*p))
                p++;
            if (!iv_is_ago(w, (size_t)(p - w)))
                iv_bad_input(a->str);
            *ago = true;
            continue;
        }
        if (n == IV_MAX_ITEMS)
            iv_bad_input(a->str);
        IvItem *it = &items[n++];
        memset(it, 0, sizeof *it);
        it->sign = 1;
        it->unit = IU_NONE;
        if (*p == '+' || *p == '-') {
            it->signed_ = true;
            it->sign = *p++ == '-' ? -1 : 1;
            while (isspace((unsigned char)*p))
                p++;
        }
        it->text = p;
        const char *end = iv_number(p, &it->value);
        if (end == NULL || (it->signed_ && *p == '.')) /* "-.5": 22007, as PostgreSQL */
            iv_bad_input(a->str);
        if (*end == ':') {
            it->kind = II_TIME;
            while (isdigit((unsigned char)*end) || *end == ':' || *end == '.')
                end++;
            p = end;
            continue;
        }
        if (*end == '-' && isdigit((unsigned char)end[1]) &&
            memchr(p, '.', (size_t)(end - p)) == NULL) {
            it->kind = II_YEAR_MONTH;
            end++;
            while (isdigit((unsigned char)*end) || *end == '.')
                end++;
            p = end;
            continue;
        }
        it->kind = II_NUMBER;
        p = end;
        const char *q = p;
        while (isspace((unsigned char)*q))
            q++;
        const char *w = q;
        while (isalpha((unsigned char)*q))
            q++;
        if (q > w && iv_is_ago(w, (size_t)(q - w)))
            iv_bad_input(a->str); /* "43 ago": PostgreSQL wants a unit before ago */
        if (q > w) {
            it->unit = iv_unit(w, (size_t)(q - w));
            if (it->unit == IU_NONE)
                iv_bad_input(a->str);
            p = q;
        }
    }
}

/* Add one field to the sums. */
static void
iv_apply_item(IvAcc *a, const IvItem *it)
{
    if (it->kind == II_TIME) {
        iv_parse_time(a, it->text, it->sign);
        return;
    }
    if (it->kind == II_YEAR_MONTH) { /* SQL-standard year-month: Y-M */
        const char *dash = strchr(it->text, '-');
        double mon;
        const char *end = iv_number(dash + 1, &mon);
        if (end == NULL || memchr(dash + 1, '.', (size_t)(end - dash - 1)) != NULL)
            iv_bad_input(a->str);
        if (mon > 11)
            iv_field_overflow(a->str);
        iv_mark(a, 1u << 20); /* its own field: "1 year 2-3" is accepted, as in PostgreSQL */
        a->month += it->sign * (it->value * 12 + mon);
        return;
    }
    iv_add_number(a, it->sign, it->value, it->text, it->unit);
}

/*
 * Under IntervalStyle sql_standard a leading minus applies to every field when no other
 * field has a sign of its own ("-1 2:03:04" is all negative), as PostgreSQL reads it.
 */
static void
iv_sql_standard_signs(IvItem *items, int n)
{
    if (adt_interval_style != 2 || n == 0 || items[0].sign >= 0)
        return;
    for (int i = 1; i < n; i++)
        if (items[i].signed_)
            return;
    for (int i = 1; i < n; i++)
        items[i].sign = -1;
}

/*
 * PostgreSQL reads the fields right to left: a number without a unit takes the unit of the
 * field to its right (days before a time), the last one the typmod's lowest field; a field
 * given twice is 22007.
 */
static void
iv_parse(IvAcc *a, const char *str, int32_t typmod)
{
    const char *p = str;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == 'P' || *p == 'p') {
        iv_parse_iso(a, p);
        return;
    }
    IvItem items[IV_MAX_ITEMS];
    bool ago = false;
    int n = iv_tokenize(a, p, items, &ago);
    if (n == 0)
        iv_bad_input(str);
    iv_sql_standard_signs(items, n);
    IvUnit type = iv_default_unit(typmod);
    for (int i = n - 1; i >= 0; i--) {
        if (items[i].kind == II_TIME)
            type = IU_DAY;
        else if (items[i].kind == II_YEAR_MONTH)
            type = IU_NONE; /* a bare number before a year-month is 22007 */
        else if (items[i].unit != IU_NONE)
            type = items[i].unit;
        else if (type == IU_NONE)
            iv_bad_input(str);
        else
            items[i].unit = type;
    }
    /* Right to left, as PostgreSQL: a time sets the time part, dropping what the fields
     * to its right carried into it ("-16:26 0.88 week" keeps -16:26). */
    for (int i = n - 1; i >= 0; i--) {
        if (items[i].kind == II_TIME)
            a->time = 0;
        iv_apply_item(a, &items[i]);
    }
    if (ago) {
        a->month = -a->month;
        a->day = -a->day;
        a->time = -a->time;
    }
}

/* Truncate to a typmod's field range and round to its precision (PostgreSQL's rules). */
static Datum
iv_apply_typmod(Interval iv, int32_t typmod)
{
    if (typmod < 0)
        return dt_interval_datum(iv.time, iv.day, iv.month);
    int range = (typmod >> 16) & 0x7FFF;
    int precision = typmod & 0xFFFF;
    if (range == IV_YEAR) {
        iv.month = iv.month / 12 * 12;
        iv.day = 0;
        iv.time = 0;
    } else if (range == IV_MONTH || range == (IV_YEAR | IV_MONTH)) {
        iv.day = 0;
        iv.time = 0;
    } else if (range == IV_DAY) {
        iv.time = 0;
    } else if (range == IV_HOUR || range == (IV_DAY | IV_HOUR)) {
        iv.time = iv.time / DT_USECS_PER_HOUR * DT_USECS_PER_HOUR;
    } else if (range == IV_MINUTE || range == (IV_HOUR | IV_MINUTE) ||
               range == (IV_DAY | IV_HOUR | IV_MINUTE)) {
        iv.time = iv.time / DT_USECS_PER_MIN * DT_USECS_PER_MIN;
    }
    if (precision != IV_FULL_PRECISION && precision < 6) {
        int64_t unit = 1;
        for (int i = precision; i < 6; i++)
            unit *= 10;
        iv.time = iv.time >= 0 ? (iv.time + unit / 2) / unit * unit
                               : -((-iv.time + unit / 2) / unit * unit);
    }
    return dt_interval_datum(iv.time, iv.day, iv.month);
}

Datum
adt_interval_in(const char *str, int32_t typmod)
{
    IvAcc a = {str, 0, 0, 0, 0};
    iv_parse(&a, str, typmod);
    if (a.month > INT32_MAX || a.month < INT32_MIN || a.day > INT32_MAX || a.day < INT32_MIN ||
        a.time > INT64_MAX || a.time < INT64_MIN)
        iv_field_overflow(str);
    Interval iv = {(int64_t)a.time, (int32_t)a.day, (int32_t)a.month};
    return iv_apply_typmod(iv, typmod);
}

/* Seconds with a trimmed fraction: "06", "06.5"; abs values. */
static void
iv_append_seconds(StrBuf *sb, int64_t sec, int64_t usec, bool pad)
{
    sb_appendf(sb, pad ? "%02lld" : "%lld", (long long)sec);
    if (usec != 0) {
        char f[8];
        snprintf(f, sizeof f, "%06lld", (long long)usec);
        for (int i = 5; i > 0 && f[i] == '0'; i--)
            f[i] = '\0';
        sb_appendf(sb, ".%s", f);
    }
}

typedef struct IvFields {
    int64_t year, mon, day, hour, min, sec, usec;
} IvFields;

static IvFields
iv_fields(const Interval *iv)
{
    IvFields f;
    f.year = iv->month / 12;
    f.mon = iv->month % 12;
    f.day = iv->day;
    int64_t t = iv->time;
    f.hour = t / DT_USECS_PER_HOUR;
    t -= f.hour * DT_USECS_PER_HOUR;
    f.min = t / DT_USECS_PER_MIN;
    t -= f.min * DT_USECS_PER_MIN;
    f.sec = t / DT_USECS_PER_SEC;
    f.usec = t - f.sec * DT_USECS_PER_SEC;
    return f;
}

static void
iv_postgres_part(StrBuf *sb, int64_t v, const char *unit, bool *is_zero, bool *is_before)
{
    if (v == 0)
        return;
    sb_appendf(sb,
               "%s%s%lld %s%s",
               *is_zero ? "" : " ",
               *is_before && v > 0 ? "+" : "",
               (long long)v,
               unit,
               v != 1 ? "s" : "");
    *is_before = v < 0;
    *is_zero = false;
}

static void
iv_out_postgres(StrBuf *sb, const IvFields *f)
{
    bool is_zero = true;
    bool is_before = false;
    iv_postgres_part(sb, f->year, "year", &is_zero, &is_before);
    iv_postgres_part(sb, f->mon, "mon", &is_zero, &is_before);
    iv_postgres_part(sb, f->day, "day", &is_zero, &is_before);
    if (is_zero || f->hour != 0 || f->min != 0 || f->sec != 0 || f->usec != 0) {
        bool minus = f->hour < 0 || f->min < 0 || f->sec < 0 || f->usec < 0;
        sb_appendf(sb,
                   "%s%s%02lld:%02lld:",
                   is_zero ? "" : " ",
                   minus       ? "-"
                   : is_before ? "+"
                               : "",
                   (long long)llabs(f->hour),
                   (long long)llabs(f->min));
        iv_append_seconds(sb, llabs(f->sec), llabs(f->usec), true);
    }
}

static void
iv_verbose_part(StrBuf *sb, int64_t v, const char *unit, bool *is_zero, bool *is_before)
{
    if (v == 0)
        return;
    if (*is_zero) {
        *is_before = v < 0;
        v = llabs(v);
    } else if (*is_before) {
        v = -v;
    }
    sb_appendf(sb, " %lld %s%s", (long long)v, unit, v == 1 ? "" : "s");
    *is_zero = false;
}

static void
iv_out_verbose(StrBuf *sb, const IvFields *f)
{
    bool is_zero = true;
    bool is_before = false;
    sb_append(sb, "@");
    iv_verbose_part(sb, f->year, "year", &is_zero, &is_before);
    iv_verbose_part(sb, f->mon, "mon", &is_zero, &is_before);
    iv_verbose_part(sb, f->day, "day", &is_zero, &is_before);
    iv_verbose_part(sb, f->hour, "hour", &is_zero, &is_before);
    iv_verbose_part(sb, f->min, "min", &is_zero, &is_before);
    if (f->sec != 0 || f->usec != 0) {
        sb_append_char(sb, ' ');
        if (f->sec < 0 || (f->sec == 0 && f->usec < 0)) {
            if (is_zero)
                is_before = true;
            else if (!is_before)
                sb_append_char(sb, '-');
        } else if (is_before) {
            sb_append_char(sb, '-');
        }
        iv_append_seconds(sb, llabs(f->sec), llabs(f->usec), false);
        sb_appendf(sb, " sec%s", llabs(f->sec) == 1 && f->usec == 0 ? "" : "s");
        is_zero = false;
    }
    if (is_zero)
        sb_append(sb, " 0");
    if (is_before)
        sb_append(sb, " ago");
}

static void
iv_out_sql(StrBuf *sb, IvFields f)
{
    bool neg =
        f.year < 0 || f.mon < 0 || f.day < 0 || f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0;
    bool pos =
        f.year > 0 || f.mon > 0 || f.day > 0 || f.hour > 0 || f.min > 0 || f.sec > 0 || f.usec > 0;
    bool has_ym = f.year != 0 || f.mon != 0;
    bool has_dt = f.day != 0 || f.hour != 0 || f.min != 0 || f.sec != 0 || f.usec != 0;
    bool standard = !(neg && pos) && !(has_ym && has_dt);
    if (neg && standard) {
        sb_append_char(sb, '-');
        f.year = -f.year;
        f.mon = -f.mon;
        f.day = -f.day;
        f.hour = -f.hour;
        f.min = -f.min;
        f.sec = -f.sec;
        f.usec = -f.usec;
    }
    if (!neg && !pos) {
        sb_append(sb, "0");
    } else if (!standard) {
        char ys = f.year < 0 || f.mon < 0 ? '-' : '+';
        char ds = f.day < 0 ? '-' : '+';
        char ss = f.hour < 0 || f.min < 0 || f.sec < 0 || f.usec < 0 ? '-' : '+';
        sb_appendf(sb,
                   "%c%lld-%lld %c%lld %c%lld:%02lld:",
                   ys,
                   (long long)llabs(f.year),
                   (long long)llabs(f.mon),
                   ds,
                   (long long)llabs(f.day),
                   ss,
                   (long long)llabs(f.hour),
                   (long long)llabs(f.min));
        iv_append_seconds(sb, llabs(f.sec), llabs(f.usec), true);
    } else if (has_ym) {
        sb_appendf(sb, "%lld-%lld", (long long)f.year, (long long)f.mon);
    } else {
        if (f.day != 0)
            sb_appendf(sb, "%lld ", (long long)f.day);
        sb_appendf(sb, "%lld:%02lld:", (long long)f.hour, (long long)f.min);
        iv_append_seconds(sb, f.sec, f.usec, true);
    }
}

static void
iv_out_iso(StrBuf *sb, const IvFields *f)
{
    if (f->year == 0 && f->mon == 0 && f->day == 0 && f->hour == 0 && f->min == 0 && f->sec == 0 &&
        f->usec == 0) {
        sb_append(sb, "PT0S");
        return;
    }
    sb_append_char(sb, 'P');
    if (f->year != 0)
        sb_appendf(sb, "%lldY", (long long)f->year);
    if (f->mon != 0)
        sb_appendf(sb, "%lldM", (long long)f->mon);
    if (f->day != 0)
        sb_appendf(sb, "%lldD", (long long)f->day);
    if (f->hour != 0 || f->min != 0 || f->sec != 0 || f->usec != 0) {
        sb_append_char(sb, 'T');
        if (f->hour != 0)
            sb_appendf(sb, "%lldH", (long long)f->hour);
        if (f->min != 0)
            sb_appendf(sb, "%lldM", (long long)f->min);
        if (f->sec != 0 || f->usec != 0) {
            if (f->sec < 0 || f->usec < 0)
                sb_append_char(sb, '-');
            iv_append_seconds(sb, llabs(f->sec), llabs(f->usec), false);
            sb_append_char(sb, 'S');
        }
    }
}

char *
adt_interval_out(Datum value)
{
    Interval iv = dt_interval_get(value);
    IvFields f = iv_fields(&iv);
    StrBuf sb;
    sb_init(&sb);
    switch (adt_interval_style) {
    case 1:
        iv_out_verbose(&sb, &f);
        break;
    case 2:
        iv_out_sql(&sb, f);
        break;
    case 3:
        iv_out_iso(&sb, &f);
        break;
    default:
        iv_out_postgres(&sb, &f);
        break;
    }
    return sb.data;
}

static __int128
iv_span(Datum d)
{
    Interval iv = dt_interval_get(d);
    return (__int128)iv.time +
           ((__int128)iv.day + (__int128)iv.month * DT_DAYS_PER_MONTH) * DT_USECS_PER_DAY;
}

int
adt_interval_cmp(Datum a, Datum b)
{
    __int128 x = iv_span(a);
    __int128 y = iv_span(b);
    return (x > y) - (x < y);
}

/* 16 big-endian bytes of the span with the sign bit flipped: memcmp order is span order. */
void
adt_interval_key(StrBuf *out, Datum value)
{
    unsigned __int128 u = (unsigned __int128)iv_span(value) ^ ((unsigned __int128)1 << 127);
    uint8_t b[16];
    for (int i = 0; i < 16; i++)
        b[i] = (uint8_t)(u >> (8 * (15 - i)));
    sb_append_bytes(out, b, sizeof b);
}

#define IV_CMP_FN(name, op)                                                                        \
    Datum adt_fn_interval_##name(FuncCallInfo *fc)                                                 \
    {                                                                                              \
        return bool_datum(adt_interval_cmp(fc->arg[0], fc->arg[1]) op 0);                          \
    }

IV_CMP_FN(eq, ==)
IV_CMP_FN(ne, !=)
IV_CMP_FN(lt, <)
IV_CMP_FN(le, <=)
IV_CMP_FN(gt, >)
IV_CMP_FN(ge, >=)

/* interval(p) and field ranges; arg[1] is the typmod. */
Datum
adt_fn_interval_scale(FuncCallInfo *fc)
{
    return iv_apply_typmod(dt_interval_get(fc->arg[0]), datum_int32(fc->arg[1]));
}

static Datum
iv_make_checked(__int128 time, int64_t day, int64_t month)
{
    if (time > INT64_MAX || time < INT64_MIN || day > INT32_MAX || day < INT32_MIN ||
        month > INT32_MAX || month < INT32_MIN)
        iv_out_of_range();
    return dt_interval_datum((int64_t)time, (int32_t)day, (int32_t)month);
}

Datum
adt_fn_interval_um(FuncCallInfo *fc)
{
    Interval a = dt_interval_get(fc->arg[0]);
    return iv_make_checked(-(__int128)a.time, -(int64_t)a.day, -(int64_t)a.month);
}

Datum
adt_fn_interval_pl(FuncCallInfo *fc)
{
    Interval a = dt_interval_get(fc->arg[0]);
    Interval b = dt_interval_get(fc->arg[1]);
    return iv_make_checked((__int128)a.time + b.time,
                           (int64_t)a.day + b.day,
                           (int64_t)a.month + b.month);
}

Datum
adt_fn_interval_mi(FuncCallInfo *fc)
{
    Interval a = dt_interval_get(fc->arg[0]);
    Interval b = dt_interval_get(fc->arg[1]);
    return iv_make_checked((__int128)a.time - b.time,
                           (int64_t)a.day - b.day,
                           (int64_t)a.month - b.month);
}

static double
iv_round_usec(double v)
{
    return rint(v * 1e6) / 1e6;
}

/*
 * interval * factor (or / factor when divide): months and days scale on their own; the
 * fractional months become days (30 each) and the fractional days seconds, as PostgreSQL
 * cascades them.
 */
static Datum
iv_scale(Datum d, double factor, bool divide)
{
    Interval iv = dt_interval_get(d);
    if (divide && factor == 0.0)
        ereport(ERROR, err_code(SQLSTATE_DIVISION_BY_ZERO), err_msg("division by zero"));
    double m = divide ? iv.month / factor : iv.month * factor;
    double dd = divide ? iv.day / factor : iv.day * factor;
    if (isnan(m) || m > INT32_MAX || m < INT32_MIN || isnan(dd) || dd > INT32_MAX || dd < INT32_MIN)
        iv_out_of_range();
    int32_t rm = (int32_t)m;
    int32_t rd = (int32_t)dd;
    double month_rem_days = iv_round_usec((m - rm) * DT_DAYS_PER_MONTH);
    double sec_rem =
        iv_round_usec((dd - rd + month_rem_days - (int)month_rem_days) * DT_SECS_PER_DAY);
    int64_t day = rd;
    if (fabs(sec_rem) >= DT_SECS_PER_DAY) {
        day += (int)(sec_rem / DT_SECS_PER_DAY);
        sec_rem -= (int)(sec_rem / DT_SECS_PER_DAY) * (double)DT_SECS_PER_DAY;
    }
    day += (int32_t)month_rem_days;
    double t = rint((divide ? iv.time / factor : iv.time * factor) + sec_rem * 1e6);
    if (isnan(t) || t >= 9223372036854775807.0 || t < -9223372036854775808.0)
        iv_out_of_range();
    return iv_make_checked((int64_t)t, day, rm);
}

Datum
adt_fn_interval_mul(FuncCallInfo *fc)
{
    return iv_scale(fc->arg[0], datum_float8(fc->arg[1]), false);
}

Datum
adt_fn_mul_d_interval(FuncCallInfo *fc)
{
    return iv_scale(fc->arg[1], datum_float8(fc->arg[0]), false);
}

Datum
adt_fn_interval_div(FuncCallInfo *fc)
{
    return iv_scale(fc->arg[0], datum_float8(fc->arg[1]), true);
}

/* Move whole days out of the time part; time and days end with the same sign. */
static void
iv_justify_hours(Interval *iv)
{
    int64_t day = (int64_t)iv->day + iv->time / DT_USECS_PER_DAY;
    int64_t time = iv->time % DT_USECS_PER_DAY;
    if (day > 0 && time < 0) {
        time += DT_USECS_PER_DAY;
        day--;
    } else if (day < 0 && time > 0) {
        time -= DT_USECS_PER_DAY;
        day++;
    }
    if (day > INT32_MAX || day < INT32_MIN)
        iv_out_of_range();
    iv->day = (int32_t)day;
    iv->time = time;
}

/* Move whole 30-day months out of the days; days and months end with the same sign. */
static void
iv_justify_days(Interval *iv)
{
    int64_t month = (int64_t)iv->month + iv->day / DT_DAYS_PER_MONTH;
    int64_t day = iv->day % DT_DAYS_PER_MONTH;
    if (month > 0 && day < 0) {
        day += DT_DAYS_PER_MONTH;
        month--;
    } else if (month < 0 && day > 0) {
        day -= DT_DAYS_PER_MONTH;
        month++;
    }
    if (month > INT32_MAX || month < INT32_MIN)
        iv_out_of_range();
    iv->month = (int32_t)month;
    iv->day = (int32_t)day;
}

Datum
adt_fn_interval_justify_hours(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[0]);
    iv_justify_hours(&iv);
    return dt_interval_datum(iv.time, iv.day, iv.month);
}

Datum
adt_fn_interval_justify_days(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[0]);
    iv_justify_days(&iv);
    return dt_interval_datum(iv.time, iv.day, iv.month);
}

/* Both, with one sign for months, days and time. */
Datum
adt_fn_interval_justify_interval(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[0]);
    int64_t month = (int64_t)iv.month + iv.day / DT_DAYS_PER_MONTH;
    int64_t day = (int64_t)(iv.day % DT_DAYS_PER_MONTH) + iv.time / DT_USECS_PER_DAY;
    int64_t time = iv.time % DT_USECS_PER_DAY;
    month += day / DT_DAYS_PER_MONTH;
    day %= DT_DAYS_PER_MONTH;
    if (month > 0 && (day < 0 || (day == 0 && time < 0))) {
        day += DT_DAYS_PER_MONTH;
        month--;
    } else if (month < 0 && (day > 0 || (day == 0 && time > 0))) {
        day -= DT_DAYS_PER_MONTH;
        month++;
    }
    if (day > 0 && time < 0) {
        time += DT_USECS_PER_DAY;
        day--;
    } else if (day < 0 && time > 0) {
        time -= DT_USECS_PER_DAY;
        day++;
    }
    return iv_make_checked(time, day, month);
}

Datum
adt_fn_interval_finite(FuncCallInfo *fc)
{
    (void)fc;
    return bool_datum(true);
}

/* timestamp(tz) +/- interval and timestamp(tz) - timestamp(tz). */
Datum
adt_fn_timestamp_pl_interval(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[1]);
    return int64_datum(dt_timestamp_add_interval(datum_int64(fc->arg[0]), &iv, 1));
}

Datum
adt_fn_timestamptz_pl_interval(FuncCallInfo *fc)
{
    return adt_fn_timestamp_pl_interval(fc);
}

Datum
adt_fn_interval_pl_timestamp(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[0]);
    return int64_datum(dt_timestamp_add_interval(datum_int64(fc->arg[1]), &iv, 1));
}

Datum
adt_fn_interval_pl_timestamptz(FuncCallInfo *fc)
{
    return adt_fn_interval_pl_timestamp(fc);
}

Datum
adt_fn_timestamp_mi_interval(FuncCallInfo *fc)
{
    Interval iv = dt_interval_get(fc->arg[1]);
    return int64_datum(dt_timestamp_add_interval(datum_int64(fc->arg[0]), &iv, -1));
}

Datum
adt_fn_timestamptz_mi_interval(FuncCallInfo *fc)
{
    return adt_fn_timestamp_mi_interval(fc);
}

Datum
adt_fn_timestamp_mi(FuncCallInfo *fc)
{
    return dt_interval_from_usec_diff(datum_int64(fc->arg[0]), datum_int64(fc->arg[1]));
}

Datum
adt_fn_timestamptz_mi(FuncCallInfo *fc)
{
    return adt_fn_timestamp_mi(fc);
}
