/*
 * dt_tochar.c
 *     to_char of timestamp, timestamptz and interval: PostgreSQL's date/time
 *     template patterns (YYYY, MM, DD, HH24, MI, SS, MS, US, FF1-6, Month, Day, AM, BC, IYYY,
 *     IW, J, Q, RM, TZ, OF, ...), the FM fill-mode prefix, TH/th ordinal suffixes, quoted
 *     literal text, in the C locale (English names). An infinite timestamp or an empty
 *     template gives NULL, as in PostgreSQL.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "datetime.h"

/* The broken-down fields of one timestamp, computed once per call. */
typedef struct TcFields {
    int64_t year; /* astronomical: 0 is 1 BC */
    int month, mday, min, sec;
    int64_t hour;     /* intervals: any number of hours */
    int64_t usec;     /* fraction of the second */
    int64_t days;     /* since 2000-01-01 */
    int64_t doy;      /* 1..366 */
    int dow;          /* 0 Sunday .. 6 */
    int64_t iso_year; /* ISO 8601 week-numbering year */
    int iso_week;
    int64_t iso_doy;
    bool with_zone;
    bool interval; /* fields of an interval: signed, no calendar */
} TcFields;

typedef enum TcKind {
    TC_NUM,  /* a number: value, width */
    TC_TEXT, /* a word */
} TcKind;

static const char *const tc_months[] = {"January",
                                        "February",
                                        "March",
                                        "April",
                                        "May",
                                        "June",
                                        "July",
                                        "August",
                                        "September",
                                        "October",
                                        "November",
                                        "December"};
static const char *const tc_days[] =
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
static const char *const tc_roman[] =
    {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

/* The patterns, longest first where one is a prefix of another. */
static const char *const tc_patterns[] = {
    "Y,YYY", "y,yyy", "A.D.", "a.d.", "A.M.", "a.m.", "B.C.", "b.c.",  "P.M.",  "p.m.",  "HH24",
    "hh24",  "HH12",  "hh12", "IDDD", "iddd", "IYYY", "iyyy", "MONTH", "Month", "month", "SSSSS",
    "sssss", "SSSS",  "ssss", "YYYY", "yyyy", "FF1",  "FF2",  "FF3",   "FF4",   "FF5",   "FF6",
    "ff1",   "ff2",   "ff3",  "ff4",  "ff5",  "ff6",  "DAY",  "Day",   "day",   "DDD",   "ddd",
    "IYY",   "iyy",   "MON",  "Mon",  "mon",  "TZH",  "tzh",  "TZM",   "tzm",   "YYY",   "yyy",
    "AD",    "ad",    "AM",   "am",   "BC",   "bc",   "CC",   "cc",    "DD",    "dd",    "DY",
    "Dy",    "dy",    "HH",   "hh",   "ID",   "id",   "IW",   "iw",    "IY",    "iy",    "MI",
    "mi",    "MM",    "mm",   "MS",   "ms",   "OF",   "PM",   "pm",    "RM",    "rm",    "SS",
    "ss",    "TZ",    "tz",   "US",   "us",   "WW",   "ww",   "YY",    "yy",    "D",     "d",
    "I",     "i",     "J",    "j",    "Q",    "q",    "W",    "w",     "Y",     "y",
};

static int64_t
tc_sql_year(int64_t y)
{
    return y > 0 ? y : 1 - y; /* BC years print positive; the BC pattern says which era */
}

static void
tc_fields(int64_t ts, bool with_zone, TcFields *f)
{
    int64_t usec;
    memset(f, 0, sizeof *f);
    dt_split(ts, &f->days, &usec);
    dt_civil_from_days(f->days, &f->year, &f->month, &f->mday);
    int64_t secs = usec / DT_USECS_PER_SEC;
    f->usec = usec % DT_USECS_PER_SEC;
    f->hour = (int)(secs / 3600);
    f->min = (int)(secs / 60 % 60);
    f->sec = (int)(secs % 60);
    f->doy = f->days - dt_days_from_civil(f->year, 1, 1) + 1;
    f->dow = (int)(((f->days + 6) % 7 + 7) % 7);
    int64_t isodow = f->dow == 0 ? 7 : f->dow;
    int64_t thursday = f->days + (4 - isodow);
    int64_t ty;
    int tm, td;
    dt_civil_from_days(thursday, &ty, &tm, &td);
    f->iso_year = ty;
    f->iso_week = (int)((thursday - dt_days_from_civil(ty, 1, 1)) / 7 + 1);
    f->iso_doy = (f->iso_week - 1) * 7 + isodow;
    f->with_zone = with_zone;
}

/* English ordinal suffix of n ("st", "nd", "rd", "th"), upper case when upper. */
static const char *
tc_ordinal(int64_t n, bool upper)
{
    int64_t last2 = llabs(n) % 100;
    int64_t last = llabs(n) % 10;
    const char *s = (last2 >= 11 && last2 <= 13) ? "th"
                    : last == 1                  ? "st"
                    : last == 2                  ? "nd"
                    : last == 3                  ? "rd"
                                                 : "th";
    if (!upper)
        return s;
    static char up[3];
    up[0] = (char)toupper((unsigned char)s[0]);
    up[1] = (char)toupper((unsigned char)s[1]);
    up[2] = '\0';
    return up;
}

/* A word in the pattern's case: "MONTH" upper, "Month" capitalised, "month" lower. */
static void
tc_word(StrBuf *sb, const char *word, const char *pat, int pad, bool fm)
{
    bool upper = isupper((unsigned char)pat[0]) && isupper((unsigned char)pat[1]);
    bool lower = islower((unsigned char)pat[0]);
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++) {
        char c = word[i];
        sb_append_char(sb,
                       upper   ? (char)toupper((unsigned char)c)
                       : lower ? (char)tolower((unsigned char)c)
                               : c);
    }
    for (int i = (int)n; !fm && i < pad; i++)
        sb_append_char(sb, ' ');
}

/* A zero-padded number (width digits unless FM); negative numbers get one more place. */
static void
tc_number(StrBuf *sb, int64_t v, int width, bool fm)
{
    sb_appendf(sb, "%0*lld", fm ? 0 : (v < 0 ? width + 1 : width), (long long)v);
}

/*
 * Append one pattern's text; *num is set to its numeric value for a TH suffix (or left
 * unset for word patterns, which take no suffix).
 */
static bool
tc_emit(StrBuf *sb, const char *pat, const TcFields *f, bool fm, int64_t *num)
{
    char up[8];
    size_t pl = strlen(pat);
    for (size_t i = 0; i <= pl; i++)
        up[i] = (char)toupper((unsigned char)pat[i]);
    int64_t y = f->interval ? f->year : tc_sql_year(f->year);
    int64_t iy = tc_sql_year(f->iso_year);
    int64_t hour12 = f->hour % 12 == 0 ? 12 : f->hour % 12;
    bool pm = f->hour % 24 >= 12;
    bool bc = f->year <= 0;
    bool lower = islower((unsigned char)pat[0]);
#define NUM(v, w)                                                                                  \
    do {                                                                                           \
        *num = (v);                                                                                \
        tc_number(sb, *num, (w), fm);                                                              \
        return true;                                                                               \
    } while (0)
    if (strcmp(up, "Y,YYY") == 0) {
        sb_appendf(sb, "%lld,%03lld", (long long)(y / 1000), (long long)(y % 1000));
        *num = y;
        return true;
    }
    if (strcmp(up, "YYYY") == 0)
        NUM(y, 4);
    if (strcmp(up, "YYY") == 0)
        NUM(y % 1000, 3);
    if (strcmp(up, "YY") == 0)
        NUM(y % 100, 2);
    if (strcmp(up, "Y") == 0)
        NUM(y % 10, 1);
    if (strcmp(up, "IYYY") == 0)
        NUM(iy, 4);
    if (strcmp(up, "IYY") == 0)
        NUM(iy % 1000, 3);
    if (strcmp(up, "IY") == 0)
        NUM(iy % 100, 2);
    if (strcmp(up, "I") == 0)
        NUM(iy % 10, 1);
    if (strcmp(up, "HH24") == 0)
        NUM(f->hour, 2);
    if (strcmp(up, "HH12") == 0 || strcmp(up, "HH") == 0)
        NUM(hour12, 2);
    if (strcmp(up, "MI") == 0)
        NUM(f->min, 2);
    if (strcmp(up, "SS") == 0)
        NUM(f->sec, 2);
    if (strcmp(up, "SSSS") == 0 || strcmp(up, "SSSSS") == 0)
        NUM((int64_t)f->hour * 3600 + f->min * 60 + f->sec, 0);
    if (strcmp(up, "MS") == 0)
        NUM(f->usec / 1000, 3);
    if (strcmp(up, "US") == 0)
        NUM(f->usec, 6);
    if (strncmp(up, "FF", 2) == 0) {
        int digits = up[2] - '0';
        int64_t v = f->usec;
        for (int i = digits; i < 6; i++)
            v /= 10;
        NUM(v, digits);
    }
    if (strcmp(up, "MM") == 0)
        NUM(f->month, 2);
    if (strcmp(up, "DD") == 0) { /* PostgreSQL pads a negative day count like a positive one */
        *num = f->mday;
        sb_appendf(sb, "%0*d", fm ? 0 : 2, f->mday);
        return true;
    }
    if (strcmp(up, "DDD") == 0)
        NUM(f->doy, 3);
    if (strcmp(up, "IDDD") == 0)
        NUM(f->iso_doy, 3);
    if (strcmp(up, "D") == 0)
        NUM(f->dow + 1, 1);
    if (strcmp(up, "ID") == 0)
        NUM(f->dow == 0 ? 7 : f->dow, 1);
    if (strcmp(up, "W") == 0)
        NUM((f->mday - 1) / 7 + 1, 1);
    if (strcmp(up, "WW") == 0)
        NUM((f->doy - 1) / 7 + 1, 2);
    if (strcmp(up, "IW") == 0)
        NUM(f->iso_week, 2);
    if (strcmp(up, "CC") == 0)
        NUM(f->year > 0 ? (f->year + 99) / 100 : -((99 - (f->year - 1)) / 100), 2);
    if (strcmp(up, "J") == 0)
        NUM(f->days + 2451545, 0);
    if (strcmp(up, "Q") == 0)
        NUM((f->month - 1) / 3 + 1, 1);
    if (strcmp(up, "TZH") == 0) {
        sb_append(sb, "+00");
        *num = 0;
        return true;
    }
    if (strcmp(up, "TZM") == 0)
        NUM(0, 2);
#undef NUM
    if (strcmp(up, "MONTH") == 0)
        tc_word(sb, tc_months[f->month - 1], pat, 9, fm);
    else if (strcmp(up, "MON") == 0)
        tc_word(sb, mcx_strndup(tc_months[f->month - 1], 3), pat, 0, fm);
    else if (strcmp(up, "DAY") == 0)
        tc_word(sb, tc_days[f->dow], pat, 9, fm);
    else if (strcmp(up, "DY") == 0)
        tc_word(sb, mcx_strndup(tc_days[f->dow], 3), pat, 0, fm);
    else if (strcmp(up, "RM") == 0)
        tc_word(sb, tc_roman[f->month - 1], lower ? "rm" : "RM", 4, fm);
    else if (strcmp(up, "AM") == 0 || strcmp(up, "PM") == 0)
        sb_append(sb, lower ? (pm ? "pm" : "am") : (pm ? "PM" : "AM"));
    else if (strcmp(up, "A.M.") == 0 || strcmp(up, "P.M.") == 0)
        sb_append(sb, lower ? (pm ? "p.m." : "a.m.") : (pm ? "P.M." : "A.M."));
    else if (strcmp(up, "AD") == 0 || strcmp(up, "BC") == 0)
        sb_append(sb, lower ? (bc ? "bc" : "ad") : (bc ? "BC" : "AD"));
    else if (strcmp(up, "A.D.") == 0 || strcmp(up, "B.C.") == 0)
        sb_append(sb, lower ? (bc ? "b.c." : "a.d.") : (bc ? "B.C." : "A.D."));
    else if (strcmp(up, "TZ") == 0)
        sb_append(sb, !f->with_zone ? "" : lower ? "utc" : "UTC");
    else if (strcmp(up, "OF") == 0)
        sb_append(sb, "+00");
    return false;
}

size_t
dt_format_pattern(const char *p, const char **pat)
{
    for (size_t i = 0; i < OAK_LENGTHOF(tc_patterns); i++) {
        size_t n = strlen(tc_patterns[i]);
        if (strncmp(p, tc_patterns[i], n) == 0) {
            *pat = tc_patterns[i];
            return n;
        }
    }
    return 0;
}

static bool
tc_prefix(const char *p, const char *upper_form)
{
    return (p[0] == upper_form[0] && p[1] == upper_form[1]) ||
           (p[0] == tolower((unsigned char)upper_form[0]) &&
            p[1] == tolower((unsigned char)upper_form[1]));
}

/* Patterns an interval cannot be printed with: the calendar's names (PostgreSQL's 22007)
 * and those whose interval meaning is not implemented here (0A000). */
static void
tc_check_interval_pattern(const char *pat)
{
    static const char *const names[] = {"MONTH", "MON", "DAY", "DY", "RM"};
    static const char *const fine[] = {"Y,YYY", "YYYY", "YYY",  "YY",  "Y",    "MM",  "DD",
                                       "DDD",   "HH24", "HH12", "HH",  "MI",   "SS",  "SSSS",
                                       "SSSSS", "MS",   "US",   "FF1", "FF2",  "FF3", "FF4",
                                       "FF5",   "FF6",  "AM",   "PM",  "A.M.", "P.M."};
    char up[8];
    size_t n = strlen(pat);
    for (size_t i = 0; i <= n; i++)
        up[i] = (char)toupper((unsigned char)pat[i]);
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++)
        if (strcmp(up, names[i]) == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_DATETIME_FORMAT),
                    err_msg("invalid format specification for an interval value"),
                    err_hint("Intervals are not tied to specific calendar dates."));
    for (size_t i = 0; i < OAK_LENGTHOF(fine); i++)
        if (strcmp(up, fine[i]) == 0)
            return;
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("formatting field \"%s\" is not supported for intervals yet", pat));
}

static Datum tc_format_fields(FuncCallInfo *fc, const TcFields *f);

static Datum
tc_format(FuncCallInfo *fc, bool with_zone)
{
    int64_t ts = datum_int64(fc->arg[0]);
    size_t flen = adt_text_len(fc->arg[1]);
    if (ts == DT_NOBEGIN || ts == DT_NOEND || flen == 0)
        return adt_return_null(fc);
    TcFields f;
    tc_fields(ts, with_zone, &f);
    return tc_format_fields(fc, &f);
}

/* to_char(interval, text): its years, months, days and time fields, each with its sign. */
Datum
adt_fn_interval_to_char(FuncCallInfo *fc)
{
    if (adt_text_len(fc->arg[1]) == 0)
        return adt_return_null(fc);
    Interval iv = dt_interval_get(fc->arg[0]);
    TcFields f;
    memset(&f, 0, sizeof f);
    f.interval = true;
    f.year = iv.month / 12;
    f.month = iv.month % 12;
    f.mday = iv.day;
    f.doy = iv.day;
    f.hour = iv.time / DT_USECS_PER_HOUR;
    f.min = (int)(iv.time / DT_USECS_PER_MIN % 60);
    f.sec = (int)(iv.time / DT_USECS_PER_SEC % 60);
    f.usec = iv.time % DT_USECS_PER_SEC;
    return tc_format_fields(fc, &f);
}

static Datum
tc_format_fields(FuncCallInfo *fc, const TcFields *fields)
{
    char *fmt = mcx_strndup(adt_text_data(fc->arg[1]), adt_text_len(fc->arg[1]));
    TcFields f = *fields;
    StrBuf sb;
    sb_init(&sb);
    const char *p = fmt;
    while (*p != '\0') {
        bool fm = false;
        for (;;) { /* prefixes: FM fill mode; FX and TM change nothing here */
            if (tc_prefix(p, "FM")) {
                fm = true;
                p += 2;
            } else if (tc_prefix(p, "FX") || tc_prefix(p, "TM")) {
                p += 2;
            } else {
                break;
            }
        }
        if (*p == '\0')
            break;
        const char *pat;
        size_t n = dt_format_pattern(p, &pat);
        if (n > 0) {
            p += n;
            if (f.interval)
                tc_check_interval_pattern(pat);
            int64_t num;
            bool numeric = tc_emit(&sb, pat, &f, fm, &num);
            if (numeric && (tc_prefix(p, "TH"))) {
                sb_append(&sb, tc_ordinal(num, p[0] == 'T'));
                p += 2;
            } else if (tc_prefix(p, "SP")) {
                p += 2; /* spelled-out numbers: PostgreSQL does not implement them either */
            }
            continue;
        }
        if (*p == '"') { /* quoted literal text; a backslash escapes the next character */
            p++;
            while (*p != '\0' && *p != '"') {
                if (*p == '\\' && p[1] != '\0')
                    p++;
                sb_append_char(&sb, *p++);
            }
            if (*p == '"')
                p++;
            continue;
        }
        if (*p == '\\' && p[1] == '"') {
            sb_append_char(&sb, '"');
            p += 2;
            continue;
        }
        sb_append_char(&sb, *p++);
    }
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_timestamp_to_char(FuncCallInfo *fc)
{
    return tc_format(fc, false);
}

Datum
adt_fn_timestamptz_to_char(FuncCallInfo *fc)
{
    return tc_format(fc, true);
}
