/*
 * int.c
 *     int2, int4, int8, oid, bool and "char": text I/O, comparison (also across integer
 *     widths), arithmetic with PostgreSQL's overflow errors, and the casts among them.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   2. Every integer width encodes as the same 8-byte key, so equal values across widths
 *      have equal keys.
 *   3. Arithmetic never overflows silently: the result type's "out of range" error (22003).
 *
 * Not here: casts to and from float (float.c) and numeric (numeric.c).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"

static void
int_range_error(int bits)
{
    const char *msg = bits == 16   ? "smallint out of range"
                      : bits == 32 ? "integer out of range"
                                   : "bigint out of range";
    ereport(ERROR, err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE), err_msg("%s", msg));
}

static void
int_div_zero(void)
{
    ereport(ERROR, err_code(SQLSTATE_DIVISION_BY_ZERO), err_msg("division by zero"));
}

/*
 * Parse a decimal integer with optional surrounding spaces and sign, PostgreSQL's way;
 * typname is the SQL name used in messages ("integer").
 */
static int64_t
int_parse(const char *str, int64_t min, int64_t max, const char *typname)
{
    const char *p = str;
    bool neg = false;
    uint64_t acc = 0;
    bool overflow = false;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (!isdigit((unsigned char)*p))
        goto bad;
    while (isdigit((unsigned char)*p)) {
        if (acc > (UINT64_MAX - 9) / 10)
            overflow = true;
        else
            acc = acc * 10 + (uint64_t)(*p - '0');
        p++;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p != '\0')
        goto bad;
    uint64_t neg_limit = (uint64_t)(-(min + 1)) + 1; /* |min| without overflowing */
    if (overflow || acc > (neg ? neg_limit : (uint64_t)max))
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("value \"%s\" is out of range for type %s", str, typname));
    return neg ? (int64_t)(0 - acc) : (int64_t)acc;
bad:
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
            err_msg("invalid input syntax for type %s: \"%s\"", typname, str));
}

Datum
adt_int2_in(const char *str, int32_t typmod)
{
    return int16_datum((int16_t)int_parse(str, INT16_MIN, INT16_MAX, "smallint"));
}

Datum
adt_int4_in(const char *str, int32_t typmod)
{
    return int32_datum((int32_t)int_parse(str, INT32_MIN, INT32_MAX, "integer"));
}

Datum
adt_int8_in(const char *str, int32_t typmod)
{
    return int64_datum(int_parse(str, INT64_MIN, INT64_MAX, "bigint"));
}

Datum
adt_oid_in(const char *str, int32_t typmod)
{
    /* oid accepts negative numbers down to INT32_MIN and wraps them, as PostgreSQL does */
    int64_t v = int_parse(str, INT32_MIN, UINT32_MAX, "oid");
    return oid_datum((Oid)(uint32_t)v);
}

char *
adt_int2_out(Datum value)
{
    return mcx_printf("%d", (int)datum_int16(value));
}

char *
adt_int4_out(Datum value)
{
    return mcx_printf("%d", datum_int32(value));
}

char *
adt_int8_out(Datum value)
{
    return mcx_printf("%" PRId64, datum_int64(value));
}

char *
adt_oid_out(Datum value)
{
    return mcx_printf("%u", datum_oid(value));
}

void
adt_key_int64(StrBuf *out, int64_t v)
{
    uint64_t u = (uint64_t)v ^ ((uint64_t)1 << 63); /* sign flip: negatives first */
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (56 - 8 * i));
    sb_append_bytes(out, b, sizeof b);
}

void
adt_int2_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int16(value));
}

void
adt_int4_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int32(value));
}

void
adt_int8_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_int64(value));
}

void
adt_oid_key(StrBuf *out, Datum value)
{
    adt_key_int64(out, datum_oid(value));
}

static inline int
int_cmp64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

int
adt_int2_cmp(Datum a, Datum b)
{
    return int_cmp64(datum_int16(a), datum_int16(b));
}

int
adt_int4_cmp(Datum a, Datum b)
{
    return int_cmp64(datum_int32(a), datum_int32(b));
}

int
adt_int8_cmp(Datum a, Datum b)
{
    return int_cmp64(datum_int64(a), datum_int64(b));
}

int
adt_oid_cmp(Datum a, Datum b)
{
    return int_cmp64(datum_oid(a), datum_oid(b));
}

/* Comparison operators: prefix p, argument getters ga and gb. */
#define INT_CMP_FNS(p, ga, gb)                                                                     \
    Datum adt_fn_##p##eq(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(ga(fc->arg[0]) == gb(fc->arg[1]));                                       \
    }                                                                                              \
    Datum adt_fn_##p##ne(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(ga(fc->arg[0]) != gb(fc->arg[1]));                                       \
    }                                                                                              \
    Datum adt_fn_##p##lt(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(ga(fc->arg[0]) < gb(fc->arg[1]));                                        \
    }                                                                                              \
    Datum adt_fn_##p##le(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(ga(fc->arg[0]) <= gb(fc->arg[1]));                                       \
    }                                                                                              \
    Datum adt_fn_##p##gt(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(ga(fc->arg[0]) > gb(fc->arg[1]));                                        \
    }                                                                                              \
    Datum adt_fn_##p##ge(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return bool_datum(ga(fc->arg[0]) >= gb(fc->arg[1]));                                       \
    }

INT_CMP_FNS(int2, datum_int16, datum_int16)
INT_CMP_FNS(int4, datum_int32, datum_int32)
INT_CMP_FNS(int8, datum_int64, datum_int64)
INT_CMP_FNS(int24, datum_int16, datum_int32)
INT_CMP_FNS(int42, datum_int32, datum_int16)
INT_CMP_FNS(int28, datum_int16, datum_int64)
INT_CMP_FNS(int82, datum_int64, datum_int16)
INT_CMP_FNS(int48, datum_int32, datum_int64)
INT_CMP_FNS(int84, datum_int64, datum_int32)
INT_CMP_FNS(oid, datum_oid, datum_oid)
INT_CMP_FNS(bool, datum_bool, datum_bool)
INT_CMP_FNS(char, (unsigned char)datum_char, (unsigned char)datum_char)

/* Narrow a 64-bit result to the result width, raising that width's range error. */
static inline Datum
int_result(int64_t v, int bits)
{
    if (bits == 16 && (v < INT16_MIN || v > INT16_MAX))
        int_range_error(16);
    if (bits == 32 && (v < INT32_MIN || v > INT32_MAX))
        int_range_error(32);
    return bits == 64 ? int64_datum(v) : int32_datum((int32_t)v);
}

static int64_t
int_div(int64_t a, int64_t b, int bits)
{
    if (b == 0)
        int_div_zero();
    if (b == -1) {
        if (a == INT64_MIN)
            int_range_error(bits);
        return -a;
    }
    return a / b;
}

static int64_t
int_mod(int64_t a, int64_t b)
{
    if (b == 0)
        int_div_zero();
    if (b == -1)
        return 0; /* INT_MIN % -1 would trap */
    return a % b;
}

/* + - * / with PostgreSQL's checks; bits is the result width. */
#define INT_ARITH_FNS(p, ga, gb, bits)                                                             \
    Datum adt_fn_##p##pl(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        int64_t r;                                                                                 \
        if (__builtin_add_overflow((int64_t)ga(fc->arg[0]), (int64_t)gb(fc->arg[1]), &r))          \
            int_range_error(bits);                                                                 \
        return int_result(r, bits);                                                                \
    }                                                                                              \
    Datum adt_fn_##p##mi(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        int64_t r;                                                                                 \
        if (__builtin_sub_overflow((int64_t)ga(fc->arg[0]), (int64_t)gb(fc->arg[1]), &r))          \
            int_range_error(bits);                                                                 \
        return int_result(r, bits);                                                                \
    }                                                                                              \
    Datum adt_fn_##p##mul(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        int64_t r;                                                                                 \
        if (__builtin_mul_overflow((int64_t)ga(fc->arg[0]), (int64_t)gb(fc->arg[1]), &r))          \
            int_range_error(bits);                                                                 \
        return int_result(r, bits);                                                                \
    }                                                                                              \
    Datum adt_fn_##p##div(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        int64_t a = ga(fc->arg[0]);                                                                \
        int64_t b = gb(fc->arg[1]);                                                                \
        if (bits < 64 && b == -1 && a == (bits == 16 ? INT16_MIN : INT32_MIN))                     \
            int_range_error(bits);                                                                 \
        return int_result(int_div(a, b, bits), bits);                                              \
    }

INT_ARITH_FNS(int2, datum_int16, datum_int16, 16)
INT_ARITH_FNS(int4, datum_int32, datum_int32, 32)
INT_ARITH_FNS(int8, datum_int64, datum_int64, 64)
INT_ARITH_FNS(int24, datum_int16, datum_int32, 32)
INT_ARITH_FNS(int42, datum_int32, datum_int16, 32)
INT_ARITH_FNS(int28, datum_int16, datum_int64, 64)
INT_ARITH_FNS(int82, datum_int64, datum_int16, 64)
INT_ARITH_FNS(int48, datum_int32, datum_int64, 64)
INT_ARITH_FNS(int84, datum_int64, datum_int32, 64)

#define INT_UNARY_FNS(t, g, bits)                                                                  \
    Datum adt_fn_##t##mod(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        return int_result(int_mod(g(fc->arg[0]), g(fc->arg[1])), bits);                            \
    }                                                                                              \
    Datum adt_fn_##t##um(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        int64_t v = g(fc->arg[0]);                                                                 \
        if (bits == 64 && v == INT64_MIN)                                                          \
            int_range_error(bits);                                                                 \
        return int_result(-v, bits);                                                               \
    }                                                                                              \
    Datum adt_fn_##t##up(FuncCallInfo *fc)                                                         \
    {                                                                                              \
        return fc->arg[0];                                                                         \
    }                                                                                              \
    Datum adt_fn_##t##abs(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        int64_t v = g(fc->arg[0]);                                                                 \
        if (bits == 64 && v == INT64_MIN)                                                          \
            int_range_error(bits);                                                                 \
        return int_result(v < 0 ? -v : v, bits);                                                   \
    }

INT_UNARY_FNS(int2, datum_int16, 16)
INT_UNARY_FNS(int4, datum_int32, 32)
INT_UNARY_FNS(int8, datum_int64, 64)

/* Casts among integer widths (prosrc names: int48 is int4 -> int8, and so on). */
Datum
adt_fn_int48(FuncCallInfo *fc)
{
    return int64_datum(datum_int32(fc->arg[0]));
}

Datum
adt_fn_int84(FuncCallInfo *fc)
{
    return int_result(datum_int64(fc->arg[0]), 32);
}

Datum
adt_fn_int28(FuncCallInfo *fc)
{
    return int64_datum(datum_int16(fc->arg[0]));
}

Datum
adt_fn_int82(FuncCallInfo *fc)
{
    return int_result(datum_int64(fc->arg[0]), 16);
}

Datum
adt_fn_i2toi4(FuncCallInfo *fc)
{
    return int32_datum(datum_int16(fc->arg[0]));
}

Datum
adt_fn_i4toi2(FuncCallInfo *fc)
{
    return int_result(datum_int32(fc->arg[0]), 16);
}

Datum
adt_fn_i8tooid(FuncCallInfo *fc)
{
    int64_t v = datum_int64(fc->arg[0]);
    if (v < 0 || v > UINT32_MAX)
        ereport(ERROR, err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE), err_msg("OID out of range"));
    return oid_datum((Oid)v);
}

Datum
adt_fn_oidtoi8(FuncCallInfo *fc)
{
    return int64_datum(datum_oid(fc->arg[0]));
}

Datum
adt_fn_int4_bool(FuncCallInfo *fc)
{
    return bool_datum(datum_int32(fc->arg[0]) != 0);
}

Datum
adt_fn_bool_int4(FuncCallInfo *fc)
{
    return int32_datum(datum_bool(fc->arg[0]) ? 1 : 0);
}

Datum
adt_fn_i4tochar(FuncCallInfo *fc)
{
    int32_t v = datum_int32(fc->arg[0]);
    if (v < -128 || v > 127)
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("\"char\" out of range"));
    return char_datum((char)v);
}

Datum
adt_fn_chartoi4(FuncCallInfo *fc)
{
    return int32_datum((signed char)datum_char(fc->arg[0]));
}

/* bool: PostgreSQL accepts any unambiguous prefix of true/false/yes/no/on/off, 1/0. */
Datum
adt_bool_in(const char *str, int32_t typmod)
{
    static const struct {
        const char *word;
        size_t min_prefix;
        bool value;
    } words[] = {{"true", 1, true},
                 {"false", 1, false},
                 {"yes", 1, true},
                 {"no", 1, false},
                 {"on", 2, true},
                 {"off", 2, false},
                 {"1", 1, true},
                 {"0", 1, false}};
    const char *p = str;
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        n--;
    for (size_t i = 0; i < OAK_LENGTHOF(words); i++)
        if (n >= words[i].min_prefix && n <= strlen(words[i].word) &&
            strncasecmp(p, words[i].word, n) == 0)
            return bool_datum(words[i].value);
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
            err_msg("invalid input syntax for type boolean: \"%s\"", str));
}

char *
adt_bool_out(Datum value)
{
    return mcx_strdup(datum_bool(value) ? "t" : "f");
}

void
adt_bool_key(StrBuf *out, Datum value)
{
    sb_append_char(out, datum_bool(value) ? 1 : 0);
}

int
adt_bool_cmp(Datum a, Datum b)
{
    return (int)datum_bool(a) - (int)datum_bool(b);
}

Datum
adt_fn_booltext(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(datum_bool(fc->arg[0]) ? "true" : "false"));
}

/* "char": one byte; output of a high-bit byte is \ooo, of NUL the empty string. */
Datum
adt_char_in(const char *str, int32_t typmod)
{
    if (str[0] == '\\' && strlen(str) == 4 && str[1] >= '0' && str[1] <= '3' && str[2] >= '0' &&
        str[2] <= '7' && str[3] >= '0' && str[3] <= '7')
        return char_datum((char)(((str[1] - '0') << 6) | ((str[2] - '0') << 3) | (str[3] - '0')));
    return char_datum(str[0]);
}

char *
adt_char_out(Datum value)
{
    unsigned char c = (unsigned char)datum_char(value);
    if (c >= 0x80)
        return mcx_printf("\\%03o", c);
    char *s = mcx_alloc(2);
    s[0] = (char)c;
    s[1] = '\0';
    return s;
}

void
adt_char_key(StrBuf *out, Datum value)
{
    sb_append_char(out, datum_char(value));
}

int
adt_char_cmp(Datum a, Datum b)
{
    return (int)(unsigned char)datum_char(a) - (int)(unsigned char)datum_char(b);
}

Datum
adt_fn_char_text(FuncCallInfo *fc)
{
    char c = datum_char(fc->arg[0]);
    return ptr_datum(text_from_bytes(&c, c == '\0' ? 0 : 1));
}

Datum
adt_fn_char_bpchar(FuncCallInfo *fc)
{
    return adt_fn_char_text(fc);
}

Datum
adt_fn_text_char(FuncCallInfo *fc)
{
    size_t n = adt_text_len(fc->arg[0]);
    return char_datum(n == 0 ? '\0' : adt_text_data(fc->arg[0])[0]);
}

/* Prefix ~: bitwise not. */
Datum
adt_fn_int2not(FuncCallInfo *fc)
{
    return int16_datum((int16_t)~datum_int16(fc->arg[0]));
}

Datum
adt_fn_int4not(FuncCallInfo *fc)
{
    return int32_datum(~datum_int32(fc->arg[0]));
}

Datum
adt_fn_int8not(FuncCallInfo *fc)
{
    return int64_datum(~datum_int64(fc->arg[0]));
}
