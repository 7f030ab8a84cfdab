/*
 * float.c
 *     float4 and float8: text I/O (shortest round-trip output, as PostgreSQL 15 prints with
 *     extra_float_digits = 1), comparison with NaN above everything, arithmetic with
 *     PostgreSQL's overflow/underflow errors, and casts to and from integers.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. float4 values encode as the float8 of the same value; -0 encodes as 0 and every NaN
 *      as one NaN above +Infinity, matching compare().
 *
 * Not here: casts to and from numeric (numeric.c).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"

static void
float_overflow(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
            err_msg("value out of range: overflow"));
}

static void
float_underflow(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
            err_msg("value out of range: underflow"));
}

/* Parse PostgreSQL's float syntax; typname is the SQL name in messages. */
double
adt_float8_parse(const char *str, const char *typname, bool is_float4)
{
    static const struct {
        const char *word;
        double value;
    } specials[] = {{"nan", NAN},
                    {"infinity", INFINITY},
                    {"+infinity", INFINITY},
                    {"-infinity", -INFINITY},
                    {"inf", INFINITY},
                    {"+inf", INFINITY},
                    {"-inf", -INFINITY}};
    const char *p = str;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        n--;
    for (size_t i = 0; i < OAK_LENGTHOF(specials); i++)
        if (n == strlen(specials[i].word) && strncasecmp(p, specials[i].word, n) == 0)
            return specials[i].value;

    char *end;
    double v;
    errno = 0;
    if (is_float4)
        v = strtof(p, &end);
    else
        v = strtod(p, &end);
    if (end == p || (size_t)(end - p) != n || ((isnan(v) || isinf(v)) && errno != ERANGE))
        ereport(ERROR, /* nan/inf spellings are accepted only whole, above */
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("invalid input syntax for type %s: \"%s\"", typname, str));
    if (errno == ERANGE && (v == 0 || isinf(v)))
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("\"%s\" is out of range for type %s", mcx_strndup(p, n), typname));
    return v;
}

/*
 * Whether the decimal text lies exactly halfway between v and a neighbour. Such a string
 * reads back as v only by the tie-breaking rule; PostgreSQL (Ryu, exclusive bounds) never
 * prints one, so neither do we. The midpoint of two neighbours is exact in the wider type,
 * and 41 significant digits tell it apart from a string of at most 17.
 */
static bool
float_is_midpoint(const char *text, double v, bool is_float4)
{
    char mid_text[64];
    char cand_text[64];
    for (int dir = -1; dir <= 1; dir += 2) {
        if (is_float4) {
            float f = (float)v;
            double mid = ((double)f + (double)nextafterf(f, dir * INFINITY)) / 2;
            snprintf(mid_text, sizeof mid_text, "%.40e", mid);
        } else {
            long double mid = ((long double)v + (long double)nextafter(v, dir * INFINITY)) / 2;
            snprintf(mid_text, sizeof mid_text, "%.40Le", mid);
        }
        snprintf(cand_text, sizeof cand_text, "%.40Le", strtold(text, NULL));
        if (strcmp(mid_text, cand_text) == 0)
            return true;
    }
    return false;
}

/*
 * Shortest digits that read back as v: try 1..17 (float4: 1..9) significant digits. Then
 * print like PostgreSQL: fixed notation for decimal exponents -4 .. 14 (float4: -4 .. 5),
 * else d.ddde+XX.
 */
int adt_extra_float_digits = 1;

char *
adt_float8_format(double v, bool is_float4)
{
    if (isnan(v))
        return mcx_strdup("NaN");
    if (isinf(v))
        return mcx_strdup(v > 0 ? "Infinity" : "-Infinity");
    if (adt_extra_float_digits <= 0) {
        /* PostgreSQL's rounded output: %g with DBL_DIG (FLT_DIG) + extra_float_digits. */
        char g[64];
        int ndig = (is_float4 ? FLT_DIG : DBL_DIG) + adt_extra_float_digits;
        snprintf(g, sizeof g, "%.*g", ndig < 1 ? 1 : ndig, v);
        return mcx_strdup(g);
    }
    if (v == 0)
        return mcx_strdup(signbit(v) ? "-0" : "0");

    char buf[64];
    int max_digits = is_float4 ? 9 : 17;
    for (int prec = 1; prec <= max_digits; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
        if ((is_float4 ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v) &&
            !float_is_midpoint(buf, v, is_float4))
            break;
    }
    /* buf is [-]d[.ddd]e(+|-)XX: collect the digits and the exponent */
    char digits[32];
    int nd = 0;
    const char *p = buf;
    bool neg = *p == '-';
    if (neg)
        p++;
    for (; *p != 'e'; p++)
        if (isdigit((unsigned char)*p))
            digits[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;

    StrBuf sb;
    sb_init(&sb);
    if (neg)
        sb_append_char(&sb, '-');
    if (exp10 < -4 || exp10 >= (is_float4 ? FLT_DIG : DBL_DIG)) {
        sb_append_char(&sb, digits[0]);
        if (nd > 1) {
            sb_append_char(&sb, '.');
            sb_append_bytes(&sb, digits + 1, (size_t)nd - 1);
        }
        sb_appendf(&sb, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
    } else if (exp10 < 0) {
        sb_append(&sb, "0.");
        for (int i = -1; i > exp10; i--)
            sb_append_char(&sb, '0');
        sb_append_bytes(&sb, digits, (size_t)nd);
    } else {
        for (int i = 0; i <= exp10 || i < nd; i++) {
            if (i == exp10 + 1)
                sb_append_char(&sb, '.');
            sb_append_char(&sb, i < nd ? digits[i] : '0');
        }
    }
    return sb.data;
}

Datum
adt_float4_in(const char *str, int32_t typmod)
{
    return float4_datum((float)adt_float8_parse(str, "real", true));
}

Datum
adt_float8_in(const char *str, int32_t typmod)
{
    return float8_datum(adt_float8_parse(str, "double precision", false));
}

char *
adt_float4_out(Datum value)
{
    return adt_float8_format(datum_float4(value), true);
}

char *
adt_float8_out(Datum value)
{
    return adt_float8_format(datum_float8(value), false);
}

void
adt_key_double(StrBuf *out, double v)
{
    uint64_t bits;
    if (isnan(v))
        v = NAN;
    if (v == 0)
        v = 0.0; /* -0 == 0 */
    memcpy(&bits, &v, sizeof bits);
    if (isnan(v))
        bits = UINT64_C(0x7ff8000000000000);
    bits = (bits >> 63) ? ~bits : bits ^ (UINT64_C(1) << 63);
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(bits >> (56 - 8 * i));
    sb_append_bytes(out, b, sizeof b);
}

void
adt_float4_key(StrBuf *out, Datum value)
{
    adt_key_double(out, datum_float4(value));
}

void
adt_float8_key(StrBuf *out, Datum value)
{
    adt_key_double(out, datum_float8(value));
}

/* PostgreSQL's float order: NaN equals NaN and sorts above everything. */
static int
float_cmp(double a, double b)
{
    if (isnan(a))
        return isnan(b) ? 0 : 1;
    if (isnan(b))
        return -1;
    return (a > b) - (a < b);
}

int
adt_float4_cmp(Datum a, Datum b)
{
    return float_cmp(datum_float4(a), datum_float4(b));
}

int
adt_float8_cmp(Datum a, Datum b)
{
    return float_cmp(datum_float8(a), datum_float8(b));
}

#define FLOAT_CMP_FNS(p, ga, gb)                                                                   \
    Datum adt_fn_##p##eq(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(float_cmp(ga(fc->arg[0]), gb(fc->arg[1])) == 0);                         \
    }                                                                                              \
    Datum adt_fn_##p##ne(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(float_cmp(ga(fc->arg[0]), gb(fc->arg[1])) != 0);                         \
    }                                                                                              \
    Datum adt_fn_##p##lt(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(float_cmp(ga(fc->arg[0]), gb(fc->arg[1])) < 0);                          \
    }                                                                                              \
    Datum adt_fn_##p##le(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(float_cmp(ga(fc->arg[0]), gb(fc->arg[1])) <= 0);                         \
    }                                                                                              \
    Datum adt_fn_##p##gt(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(float_cmp(ga(fc->arg[0]), gb(fc->arg[1])) > 0);                          \
    }                                                                                              \
    Datum adt_fn_##p##ge(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(float_cmp(ga(fc->arg[0]), gb(fc->arg[1])) >= 0);                         \
    }

FLOAT_CMP_FNS(float4, datum_float4, datum_float4)
FLOAT_CMP_FNS(float8, datum_float8, datum_float8)
FLOAT_CMP_FNS(float48, datum_float4, datum_float8)
FLOAT_CMP_FNS(float84, datum_float8, datum_float4)

/* Overflow: an infinite result from finite inputs; underflow: zero from non-zero inputs. */
static inline void
float_check(double r, double a, double b, bool zero_ok)
{
    if (isinf(r) && !isinf(a) && !isinf(b))
        float_overflow();
    if (r == 0 && !zero_ok)
        float_underflow();
}

static double
float_div(double a, double b)
{
    if (b == 0)
        ereport(ERROR, err_code(SQLSTATE_DIVISION_BY_ZERO), err_msg("division by zero"));
    return a / b;
}

/* T is the computing type (float for float4 op float4, double otherwise). */
#define FLOAT_ARITH_FNS(p, ga, gb, T, mk)                                                          \
    Datum adt_fn_##p##pl(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        T a = ga(fc->arg[0]), b = gb(fc->arg[1]), r = a + b;                                       \
        float_check(r, a, b, true);                                                                \
        return mk(r);                                                                              \
    }                                                                                              \
    Datum adt_fn_##p##mi(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        T a = ga(fc->arg[0]), b = gb(fc->arg[1]), r = a - b;                                       \
        float_check(r, a, b, true);                                                                \
        return mk(r);                                                                              \
    }                                                                                              \
    Datum adt_fn_##p##mul(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        T a = ga(fc->arg[0]), b = gb(fc->arg[1]), r = a * b;                                       \
        float_check(r, a, b, a == 0 || b == 0);                                                    \
        return mk(r);                                                                              \
    }                                                                                              \
    Datum adt_fn_##p##div(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        T a = ga(fc->arg[0]), b = gb(fc->arg[1]);                                                  \
        T r = (T)float_div(a, b);                                                                  \
        float_check(r, a, b, a == 0 || isinf(b));                                                  \
        return mk(r);                                                                              \
    }

FLOAT_ARITH_FNS(float4, datum_float4, datum_float4, float, float4_datum)
FLOAT_ARITH_FNS(float8, datum_float8, datum_float8, double, float8_datum)
FLOAT_ARITH_FNS(float48, datum_float4, datum_float8, double, float8_datum)
FLOAT_ARITH_FNS(float84, datum_float8, datum_float4, double, float8_datum)

Datum
adt_fn_float4um(FuncCallInfo *fc)
{
    return float4_datum(-datum_float4(fc->arg[0]));
}

Datum
adt_fn_float8um(FuncCallInfo *fc)
{
    return float8_datum(-datum_float8(fc->arg[0]));
}

Datum
adt_fn_float4up(FuncCallInfo *fc)
{
    return fc->arg[0];
}

Datum
adt_fn_float8up(FuncCallInfo *fc)
{
    return fc->arg[0];
}

Datum
adt_fn_float4abs(FuncCallInfo *fc)
{
    return float4_datum(fabsf(datum_float4(fc->arg[0])));
}

Datum
adt_fn_float8abs(FuncCallInfo *fc)
{
    return float8_datum(fabs(datum_float8(fc->arg[0])));
}

Datum
adt_fn_ftod(FuncCallInfo *fc)
{
    return float8_datum(datum_float4(fc->arg[0]));
}

Datum
adt_fn_dtof(FuncCallInfo *fc)
{
    double v = datum_float8(fc->arg[0]);
    float r = (float)v;
    if (isinf(r) && !isinf(v))
        float_overflow();
    if (r == 0 && v != 0)
        float_underflow();
    return float4_datum(r);
}

/* float -> integer: round half to even (rint), then range-check; NaN is out of range. */
static int64_t
float_to_int(double v, int bits)
{
    const char *msg = bits == 16   ? "smallint out of range"
                      : bits == 32 ? "integer out of range"
                                   : "bigint out of range";
    double r = rint(v);
    double lim = ldexp(1.0, bits - 1);
    if (isnan(r) || r < -lim || r >= lim)
        ereport(ERROR, err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE), err_msg("%s", msg));
    return (int64_t)r;
}

Datum
adt_fn_dtoi2(FuncCallInfo *fc)
{
    return int16_datum((int16_t)float_to_int(datum_float8(fc->arg[0]), 16));
}

Datum
adt_fn_dtoi4(FuncCallInfo *fc)
{
    return int32_datum((int32_t)float_to_int(datum_float8(fc->arg[0]), 32));
}

Datum
adt_fn_dtoi8(FuncCallInfo *fc)
{
    return int64_datum(float_to_int(datum_float8(fc->arg[0]), 64));
}

Datum
adt_fn_ftoi2(FuncCallInfo *fc)
{
    return int16_datum((int16_t)float_to_int(datum_float4(fc->arg[0]), 16));
}

Datum
adt_fn_ftoi4(FuncCallInfo *fc)
{
    return int32_datum((int32_t)float_to_int(datum_float4(fc->arg[0]), 32));
}

Datum
adt_fn_ftoi8(FuncCallInfo *fc)
{
    return int64_datum(float_to_int(datum_float4(fc->arg[0]), 64));
}

Datum
adt_fn_i2tod(FuncCallInfo *fc)
{
    return float8_datum(datum_int16(fc->arg[0]));
}

Datum
adt_fn_i2tof(FuncCallInfo *fc)
{
    return float4_datum(datum_int16(fc->arg[0]));
}

Datum
adt_fn_i4tod(FuncCallInfo *fc)
{
    return float8_datum(datum_int32(fc->arg[0]));
}

Datum
adt_fn_i4tof(FuncCallInfo *fc)
{
    return float4_datum((float)datum_int32(fc->arg[0]));
}

Datum
adt_fn_i8tod(FuncCallInfo *fc)
{
    return float8_datum((double)datum_int64(fc->arg[0]));
}

Datum
adt_fn_i8tof(FuncCallInfo *fc)
{
    return float4_datum((float)datum_int64(fc->arg[0]));
}

Datum
adt_fn_dceil(FuncCallInfo *fc)
{
    return float8_datum(ceil(datum_float8(fc->arg[0])));
}

Datum
adt_fn_dfloor(FuncCallInfo *fc)
{
    return float8_datum(floor(datum_float8(fc->arg[0])));
}

Datum
adt_fn_dround(FuncCallInfo *fc)
{
    return float8_datum(rint(datum_float8(fc->arg[0])));
}

Datum
adt_fn_dtrunc(FuncCallInfo *fc)
{
    return float8_datum(trunc(datum_float8(fc->arg[0])));
}

Datum
adt_fn_dsign(FuncCallInfo *fc)
{
    double v = datum_float8(fc->arg[0]);
    return float8_datum(v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0);
}

Datum
adt_fn_dsqrt(FuncCallInfo *fc)
{
    double v = datum_float8(fc->arg[0]);
    if (v < 0)
        ereport(ERROR, err_code("2201F"), err_msg("cannot take square root of a negative number"));
    return float8_datum(sqrt(v));
}

Datum
adt_fn_dpow(FuncCallInfo *fc)
{
    double a = datum_float8(fc->arg[0]);
    double b = datum_float8(fc->arg[1]);
    if (a == 0 && b < 0)
        ereport(ERROR, err_code("2201F"), err_msg("zero raised to a negative power is undefined"));
    if (a < 0 && floor(b) != b && !isinf(b))
        ereport(ERROR,
                err_code("2201F"),
                err_msg("a negative number raised to a non-integer power yields a complex result"));
    double r = pow(a, b);
    float_check(r, a, b, true);
    return float8_datum(r);
}
