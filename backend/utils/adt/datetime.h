/*
 * datetime.h
 *     What the date/time files of backend/utils/adt share (datetime.c): calendar arithmetic,
 *     the text parser for date, time, timestamp and timestamptz input, and the interval
 *     struct. Private to this folder.
 */
#ifndef OAK_ADT_DATETIME_H
#define OAK_ADT_DATETIME_H

#include "oak/utils/adt.h"

#define DT_USECS_PER_SEC INT64_C(1000000)
#define DT_USECS_PER_MIN (INT64_C(60) * DT_USECS_PER_SEC)
#define DT_USECS_PER_HOUR (INT64_C(3600) * DT_USECS_PER_SEC)
#define DT_USECS_PER_DAY (INT64_C(86400) * DT_USECS_PER_SEC)
enum { DT_DAYS_PER_MONTH = 30, DT_MONTHS_PER_YEAR = 12, DT_SECS_PER_DAY = 86400 };

/* Infinities, as PostgreSQL stores them: the extreme values of the type. */
#define DT_NOBEGIN INT64_MIN
#define DT_NOEND INT64_MAX
#define DATE_NOBEGIN INT32_MIN
#define DATE_NOEND INT32_MAX

/* Supported range (PostgreSQL's): 4714-11-24 BC .. 5874897-12-31 for date, year 294276 for
 * timestamps, both counted in days from 2000-01-01. */
#define DATE_MIN_DAYS (-2451545)                   /* 4714-11-24 BC (Julian day 0) */
#define DATE_MAX_DAYS (2145031948)                 /* 5874897-12-31 */
#define TS_MIN_USEC (INT64_C(-211813488000000000)) /* 4714-11-24 00:00:00 BC */
#define TS_END_USEC (INT64_C(9223371331200000000)) /* 294277-01-01 00:00:00 */

/* Days since 2000-01-01 of a proleptic Gregorian date (year 0 = 1 BC), and back. */
int64_t dt_days_from_civil(int64_t y, int m, int d);
void dt_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int dt_month_days(int64_t y, int m);
/* Split microseconds since 2000-01-01 into days and microseconds of the day (0 <= usec). */
void dt_split(int64_t t, int64_t *days, int64_t *usec);

/* A parsed date/time string. */
typedef struct DtParsed {
    enum { DT_SPECIAL_NONE, DT_SPECIAL_INF, DT_SPECIAL_NINF } special;
    bool has_date;
    bool has_time;
    bool has_zone;
    int64_t days;     /* has_date: days since 2000-01-01 */
    int64_t time;     /* has_time: microseconds since midnight (may be 24:00:00) */
    int64_t zone_sec; /* has_zone: offset east of UTC in seconds */
} DtParsed;

/*
 * Parse date/time input as PostgreSQL does for the ISO forms: YYYY-MM-DD, YYYY/MM/DD,
 * YYYYMMDD, M/D/Y and M-D-Y (DateStyle's MDY order), "Mon DD YYYY", an optional " BC"/" AD", HH:MM[:SS[.ffffff]], a zone (Z, UTC, GMT, +HH[:MM]),
 * 'T' between date and time, and the special words epoch, infinity, -infinity, now, today,
 * tomorrow, yesterday, allballs. typname is for messages. 22007 on bad syntax,
 * 22008 on a field out of range.
 */
void dt_parse(const char *str, const char *typname, DtParsed *out);
void dt_bad_input(const char *str, const char *typname) __attribute__((noreturn));
void dt_field_overflow(const char *str) __attribute__((noreturn));

/* Text of a date (YYYY-MM-DD[ BC]) and of a time of day (HH:MM:SS[.ffffff]). */
void dt_append_date(StrBuf *sb, int64_t days);
void dt_append_time(StrBuf *sb, int64_t usec, bool trim_zero_frac);

/* The to_char/to_date template pattern at p (longest first): its length, 0 if none. */
size_t dt_format_pattern(const char *p, const char **pat);

/* interval: stored as a Varlena holding this struct (16 bytes). */
typedef struct Interval {
    int64_t time; /* microseconds */
    int32_t day;
    int32_t month;
} Interval;

Datum dt_interval_datum(int64_t time, int32_t day, int32_t month);
Interval dt_interval_get(Datum d);

/* timestamp + interval: months (clamping the day to the month's end), days, then time. */
int64_t dt_timestamp_add_interval(int64_t ts, const Interval *iv, int sign);
/* Whether a timestamp is within the supported range (or infinite). 22008 if not. */
int64_t dt_timestamp_check(int64_t ts);
/* Interval of a microsecond difference, with whole days split off (justify_hours). */
Datum dt_interval_from_usec_diff(int64_t a, int64_t b);

#endif /* OAK_ADT_DATETIME_H */
