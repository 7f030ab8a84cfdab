/*
 * dt_fromchar.c
 *     to_date(text, text) and to_timestamp(text, text): read a date/time by a to_char template
 *     as PostgreSQL does outside FX mode: numbers as long as they run (exactly the field's
 *     width when another field follows at once), any separator in the template matching any
 *     one separator in the input, spaces skipped, month and day names in any case, fields
 *     not given defaulting to year 0 (1 BC), January, day 1, midnight; input left over is
 *     ignored. Errors and their SQLSTATEs are PostgreSQL's.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdlib.h>
#include <strings.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

typedef struct FcState {
    const char *input; /* the whole input, for messages */
    int64_t year;
    int yy_digits; /* YY/YYY/Y: years given with fewer digits, adjusted to near 2020 */
    bool bc;
    int month, mday, hour, min, sec;
    int64_t usec;
    int doy;
    int64_t julian;
    bool has_julian, pm, am, hour12, has_tz;
    int tzh, tzm;
} FcState;

static const char *const fc_months[] = {"january",
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
static const char *const fc_days[] =
    {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

static void __attribute__((noreturn))
fc_bad_value(const char *value, size_t n, const char *pat, const char *detail)
{
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_DATETIME_FORMAT),
            err_msg("invalid value \"%.*s\" for \"%s\"", (int)n, value, pat),
            err_detail("%s", detail));
}

/* Natural width of a numeric pattern (digits read when a field follows at once). */
static int
fc_width(const char *up)
{
    static const struct {
        const char *pat;
        int width;
    } widths[] = {{"YYYY", 4}, {"IYYY", 4}, {"YYY", 3},  {"IYY", 3},   {"YY", 2},  {"IY", 2},
                  {"Y", 1},    {"I", 1},    {"MM", 2},   {"DD", 2},    {"DDD", 3}, {"IDDD", 3},
                  {"HH", 2},   {"HH12", 2}, {"HH24", 2}, {"MI", 2},    {"SS", 2},  {"MS", 3},
                  {"US", 6},   {"FF1", 1},  {"FF2", 2},  {"FF3", 3},   {"FF4", 4}, {"FF5", 5},
                  {"FF6", 6},  {"D", 1},    {"ID", 1},   {"W", 1},     {"WW", 2},  {"IW", 2},
                  {"CC", 2},   {"Q", 1},    {"SSSS", 5}, {"SSSSS", 5}, {"J", 0},   {"TZH", 2},
                  {"TZM", 2}};
    for (size_t i = 0; i < OAK_LENGTHOF(widths); i++)
        if (strcmp(widths[i].pat, up) == 0)
            return widths[i].width;
    return -1;
}

/* Read the number a numeric field takes; exact: the field's width, else as long as it runs. */
static int64_t
fc_read_int(const char **pp, const char *pat, int width, bool exact)
{
    const char *p = *pp;
    const char *start = p;
    bool neg = false;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    int64_t v = 0;
    int n = 0;
    while (isdigit((unsigned char)*p) && (!exact || width == 0 || n < width) && n < 18) {
        v = v * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n == 0) {
        size_t show = 0;
        while (start[show] != '\0' && (int)show < (width > 0 ? width : 1))
            show++;
        fc_bad_value(start, show, pat, "Value must be an integer.");
    }
    *pp = p;
    return neg ? -v : v;
}

/* One of names (full or first three letters) at p, in any case; its index. */
static int
fc_read_name(const char **pp, const char *const *names, int count, bool abbrev, const char *pat)
{
    const char *p = *pp;
    for (int i = 0; i < count; i++) {
        size_t n = abbrev ? 3 : strlen(names[i]);
        if (strncasecmp(p, names[i], n) == 0) {
            *pp = p + n;
            return i;
        }
    }
    fc_bad_value(p,
                 strlen(p),
                 pat,
                 "The given value did not match any of the allowed values for this field.");
}

static bool
fc_is_sep(char c)
{
    return c != '\0' && !isalnum((unsigned char)c);
}

/* Read one pattern's value from the input into st. */
static void
fc_field(FcState *st, const char **pp, const char *pat, bool exact)
{
    char up[8];
    size_t pl = strlen(pat);
    for (size_t i = 0; i <= pl; i++)
        up[i] = (char)toupper((unsigned char)pat[i]);
    if (strcmp(up, "MONTH") == 0 || strcmp(up, "MON") == 0) {
        st->month = fc_read_name(pp, fc_months, 12, strcmp(up, "MON") == 0, pat) + 1;
        return;
    }
    if (strcmp(up, "DAY") == 0 || strcmp(up, "DY") == 0) {
        (void)fc_read_name(pp, fc_days, 7, strcmp(up, "DY") == 0, pat);
        return;
    }
    if (strcmp(up, "AM") == 0 || strcmp(up, "PM") == 0 || strcmp(up, "A.M.") == 0 ||
        strcmp(up, "P.M.") == 0) {
        size_t n = strlen(pat);
        if (strncasecmp(*pp, n == 2 ? "PM" : "P.M.", n) == 0)
            st->pm = true;
        else if (strncasecmp(*pp, n == 2 ? "AM" : "A.M.", n) == 0)
            st->am = true;
        else
            fc_bad_value(*pp,
                         strlen(*pp),
                         pat,
                         "The given value did not match any of the allowed values for this "
                         "field.");
        *pp += n;
        return;
    }
    if (strcmp(up, "BC") == 0 || strcmp(up, "AD") == 0 || strcmp(up, "B.C.") == 0 ||
        strcmp(up, "A.D.") == 0) {
        size_t n = strlen(pat);
        if (strncasecmp(*pp, n == 2 ? "BC" : "B.C.", n) == 0)
            st->bc = true;
        else if (strncasecmp(*pp, n == 2 ? "AD" : "A.D.", n) != 0)
            fc_bad_value(*pp,
                         strlen(*pp),
                         pat,
                         "The given value did not match any of the allowed values for this "
                         "field.");
        *pp += n;
        return;
    }
    if (strcmp(up, "TZ") == 0 || strcmp(up, "OF") == 0 || strcmp(up, "RM") == 0 ||
        strcmp(up, "Y,YYY") == 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("formatting field \"%s\" is only supported in to_char", pat));
    int width = fc_width(up);
    int64_t v = fc_read_int(pp, pat, width, exact);
    if (strcmp(up, "YYYY") == 0 || strcmp(up, "IYYY") == 0) {
        st->year = v;
        st->yy_digits = 0;
    } else if (strcmp(up, "YYY") == 0 || strcmp(up, "YY") == 0 || strcmp(up, "Y") == 0 ||
               strcmp(up, "IYY") == 0 || strcmp(up, "IY") == 0 || strcmp(up, "I") == 0) {
        st->year = v;
        st->yy_digits = (int)strlen(up) - (up[0] == 'I' ? 1 : 0);
        if (up[0] == 'I' && strlen(up) == 1)
            st->yy_digits = 1;
    } else if (strcmp(up, "MM") == 0) {
        st->month = (int)v;
    } else if (strcmp(up, "DD") == 0) {
        st->mday = (int)v;
    } else if (strcmp(up, "DDD") == 0 || strcmp(up, "IDDD") == 0) {
        st->doy = (int)v;
    } else if (strcmp(up, "HH") == 0 || strcmp(up, "HH12") == 0) {
        st->hour = (int)v;
        st->hour12 = true;
    } else if (strcmp(up, "HH24") == 0) {
        st->hour = (int)v;
    } else if (strcmp(up, "MI") == 0) {
        st->min = (int)v;
    } else if (strcmp(up, "SS") == 0) {
        st->sec = (int)v;
    } else if (strcmp(up, "SSSS") == 0 || strcmp(up, "SSSSS") == 0) {
        st->hour = (int)(v / 3600);
        st->min = (int)(v / 60 % 60);
        st->sec = (int)(v % 60);
    } else if (strcmp(up, "MS") == 0) {
        st->usec = v * 1000;
    } else if (strcmp(up, "US") == 0) {
        st->usec = v;
    } else if (strncmp(up, "FF", 2) == 0) {
        for (int i = up[2] - '0'; i < 6; i++)
            v *= 10;
        st->usec = v;
    } else if (strcmp(up, "J") == 0) {
        st->julian = v;
        st->has_julian = true;
    } else if (strcmp(up, "TZH") == 0) {
        st->tzh = (int)v;
        st->has_tz = true;
    } else if (strcmp(up, "TZM") == 0) {
        st->tzm = (int)v;
        st->has_tz = true;
    }
    /* D, ID, W, WW, IW, CC, Q: read and not used, as PostgreSQL mostly ignores them */
}

/* Walk the template over the input, filling st. */
static void
fc_parse(FcState *st, const char *in, const char *fmt)
{
    const char *p = in;
    const char *f = fmt;
    while (*f != '\0') {
        while (*f != '\0' && (strncasecmp(f, "FM", 2) == 0 || strncasecmp(f, "FX", 2) == 0 ||
                              strncasecmp(f, "TM", 2) == 0))
            f += 2;
        if (*f == '\0')
            break;
        const char *pat;
        size_t n = dt_format_pattern(f, &pat);
        if (n > 0) {
            f += n;
            bool ordinal = strncasecmp(f, "TH", 2) == 0; /* DDth: "5th" in the input */
            if (ordinal)
                f += 2;
            while (*p == ' ')
                p++;
            if (*p == '\0')
                break; /* input ended: the other fields keep their defaults */
            const char *next;
            bool exact = dt_format_pattern(f, &next) > 0;
            fc_field(st, &p, pat, exact);
            if (ordinal && isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[1]))
                p += 2;
            continue;
        }
        if (*f == '"') { /* quoted text skips as many input characters */
            f++;
            while (*f != '\0' && *f != '"') {
                if (*f == '\\' && f[1] != '\0')
                    f++;
                f++;
                if (*p != '\0')
                    p++;
            }
            if (*f == '"')
                f++;
            continue;
        }
        if (*f == ' ') {
            f++;
            while (*p == ' ')
                p++;
            continue;
        }
        if (fc_is_sep(*f)) {
            f++;
            while (*p == ' ')
                p++;
            if (fc_is_sep(*p))
                p++;
            continue;
        }
        f++; /* another literal character: skip one input character */
        if (*p != '\0')
            p++;
    }
}

static void __attribute__((noreturn)) fc_out_of_range(const FcState *st)
{
    dt_field_overflow(st->input);
}

/* The parsed fields as days since 2000-01-01 and microseconds of the day; 22008 if invalid. */
static void
fc_resolve(FcState *st, int64_t *days, int64_t *usec)
{
    int64_t y = st->year;
    if (st->yy_digits == 2)
        y += y < 70 ? 2000 : 1900;
    else if (st->yy_digits == 3)
        y += y < 520 ? 2000 : 1000;
    else if (st->yy_digits == 1)
        y += 2020;
    if (st->bc)
        y = 1 - y;
    if (st->hour12) {
        if (st->hour < 1 || st->hour > 12)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_DATETIME_FORMAT),
                    err_msg("hour \"%d\" is invalid for the 12-hour clock", st->hour),
                    err_hint("Use the 24-hour clock, or give an hour between 1 and 12."));
    }
    if (st->pm && st->hour < 12)
        st->hour += 12;
    else if (st->am && st->hour == 12)
        st->hour = 0;
    if (st->has_julian) {
        *days = st->julian - 2451545;
    } else if (st->doy > 0 && st->month == 0 && st->mday == 0) {
        if (st->doy > 366)
            fc_out_of_range(st);
        *days = dt_days_from_civil(y, 1, 1) + st->doy - 1;
    } else {
        int m = st->month == 0 ? 1 : st->month;
        int d = st->mday == 0 ? 1 : st->mday;
        if (m < 1 || m > 12 || d < 1 || d > dt_month_days(y, m))
            fc_out_of_range(st);
        *days = dt_days_from_civil(y, m, d);
    }
    if (st->hour < 0 || st->hour > 24 || st->min < 0 || st->min > 59 || st->sec < 0 ||
        st->sec > 60 || (st->hour == 24 && (st->min > 0 || st->sec > 0 || st->usec > 0)))
        fc_out_of_range(st);
    *usec = ((int64_t)st->hour * 3600 + st->min * 60 + st->sec) * DT_USECS_PER_SEC + st->usec;
}

static void
fc_run(FuncCallInfo *fc, FcState *st, int64_t *days, int64_t *usec)
{
    char *in = mcx_strndup(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0]));
    char *fmt = mcx_strndup(adt_text_data(fc->arg[1]), adt_text_len(fc->arg[1]));
    memset(st, 0, sizeof *st);
    st->input = in;
    fc_parse(st, in, fmt);
    fc_resolve(st, days, usec);
}

Datum
adt_fn_to_date(FuncCallInfo *fc)
{
    FcState st;
    int64_t days, usec;
    fc_run(fc, &st, &days, &usec);
    if (days < DATE_MIN_DAYS || days > DATE_MAX_DAYS)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("date out of range: \"%s\"", st.input));
    return int32_datum((int32_t)days);
}

Datum
adt_fn_to_timestamp(FuncCallInfo *fc)
{
    FcState st;
    int64_t days, usec;
    fc_run(fc, &st, &days, &usec);
    int64_t ts = days * DT_USECS_PER_DAY + usec;
    if (st.has_tz) /* TZH:TZM: the input's offset east of UTC */
        ts -= ((int64_t)st.tzh * 3600 + (st.tzh < 0 ? -st.tzm : st.tzm) * 60) * DT_USECS_PER_SEC;
    if (ts < TS_MIN_USEC || ts >= TS_END_USEC)
        ereport(ERROR,
                err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                err_msg("timestamp out of range"));
    return int64_datum(ts);
}
