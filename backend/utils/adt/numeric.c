/*
 * numeric.c
 *     numeric: arbitrary-precision decimal. Text I/O, arithmetic with PostgreSQL's result
 *     scales, comparison, key encoding, typmod (precision, scale) coercion, and the casts to
 *     and from integers and floats.
 *
 * A finite value is sign * mag * 10^-scale, mag a decimal digit string (most significant
 * first) without leading or trailing zeros; dscale is the display scale (digits printed
 * after the point), kept apart from the value so that 1.0 and 1.00 compare equal but print
 * as typed.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   5. A stored numeric is normalised (no leading/trailing zero digits, zero has no digits
 *      and is positive) and holds no digit past its dscale.
 *   6. Key encoding ignores dscale: equal values give equal bytes.
 *
 * Not here: the numeric aggregates (agg.c).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"

enum { NUM_FINITE = 0, NUM_NAN = 1, NUM_PINF = 2, NUM_NINF = 3 };
/* PostgreSQL's display-scale bounds and digit limits (numeric docs, "up to 131072 digits"). */
enum {
    NUM_MIN_SIG_DIGITS = 16,
    NUM_MAX_DISPLAY_SCALE = 1000,
    NUM_MAX_RESULT_SCALE = 2000,
    NUM_MAX_WEIGHT = 131072,
    NUM_MAX_DSCALE = 16383,
};

typedef struct NumVar {
    int kind;
    bool neg;
    int32_t scale; /* value = mag * 10^-scale */
    int32_t dscale;
    int32_t ndig;
    uint8_t *d; /* digits 0..9, most significant first */
} NumVar;

/* Stored form: the Varlena's bytes are this header then ndig digit bytes. */
typedef struct NumHeader {
    uint8_t kind;
    uint8_t neg;
    int32_t scale;
    int32_t dscale;
} NumHeader;

static void
num_overflow(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
            err_msg("value overflows numeric format"));
}

/* Decimal exponent of the first digit. */
static inline int32_t
num_weight(const NumVar *v)
{
    return v->ndig - 1 - v->scale;
}

/* Strip leading and trailing zero digits; zero becomes positive with no digits. */
static void
num_normalise(NumVar *v)
{
    int32_t lead = 0;
    while (lead < v->ndig && v->d[lead] == 0)
        lead++;
    v->d += lead;
    v->ndig -= lead;
    while (v->ndig > 0 && v->d[v->ndig - 1] == 0) {
        v->ndig--;
        v->scale--;
    }
    if (v->ndig == 0) {
        v->neg = false;
        v->scale = 0;
    }
}

static void
num_init(NumVar *v, int kind)
{
    memset(v, 0, sizeof *v);
    v->kind = kind;
}

static void
num_unpack(Datum d, NumVar *v)
{
    const Varlena *vl = datum_ptr(d);
    NumHeader h;
    memcpy(&h, vl->data, sizeof h);
    v->kind = h.kind;
    v->neg = h.neg;
    v->scale = h.scale;
    v->dscale = h.dscale;
    v->ndig = (int32_t)(varlena_size(vl) - sizeof h);
    v->d = (uint8_t *)vl->data + sizeof h;
}

static Datum
num_pack(NumVar *v)
{
    if (v->kind == NUM_FINITE) {
        num_normalise(v);
        if (v->ndig > 0 && num_weight(v) >= NUM_MAX_WEIGHT)
            num_overflow();
    }
    NumHeader h = {(uint8_t)v->kind, v->neg, v->scale, v->kind == NUM_FINITE ? v->dscale : 0};
    size_t n = v->kind == NUM_FINITE ? (size_t)v->ndig : 0;
    Varlena *vl = mcx_alloc(sizeof(Varlena) + sizeof h + n);
    vl->len = (uint32_t)(sizeof(Varlena) + sizeof h + n);
    memcpy(vl->data, &h, sizeof h);
    if (n > 0)
        memcpy(vl->data + sizeof h, v->d, n);
    return ptr_datum(vl);
}

/* Digit at decimal exponent e (0 outside the digit string). */
static inline int
num_digit_at(const NumVar *v, int32_t e)
{
    int32_t i = num_weight(v) - e;
    return i >= 0 && i < v->ndig ? v->d[i] : 0;
}

/* Round (half away from zero) or truncate to s digits after the point; s may be negative. */
static void
num_round(NumVar *v, int32_t s, bool truncate)
{
    if (v->kind != NUM_FINITE || v->scale <= s)
        return;
    int32_t keep = v->ndig - (v->scale - s); /* digits kept */
    bool up = !truncate && keep >= 0 && keep < v->ndig && v->d[keep] >= 5;
    if (keep <= 0) {
        v->ndig = 0;
        v->scale = s;
        if (up || (!truncate && keep == 0 && v->d[0] >= 5)) {
            v->d = mcx_alloc(1);
            v->d[0] = 1;
            v->ndig = 1;
        }
        return;
    }
    uint8_t *nd = mcx_alloc((size_t)keep + 1);
    nd[0] = 0;
    memcpy(nd + 1, v->d, (size_t)keep);
    for (int32_t i = keep; up && i >= 0; i--) {
        up = nd[i] == 9;
        nd[i] = up ? 0 : nd[i] + 1;
    }
    v->d = nd;
    v->ndig = keep + 1;
    v->scale = s;
    num_normalise(v);
}

/* Magnitude comparison of two finite values, ignoring sign. */
static int
num_cmp_abs(const NumVar *a, const NumVar *b)
{
    if (a->ndig == 0 || b->ndig == 0)
        return (a->ndig > 0) - (b->ndig > 0);
    if (num_weight(a) != num_weight(b))
        return num_weight(a) > num_weight(b) ? 1 : -1;
    int32_t n = a->ndig < b->ndig ? a->ndig : b->ndig;
    for (int32_t i = 0; i < n; i++)
        if (a->d[i] != b->d[i])
            return a->d[i] > b->d[i] ? 1 : -1;
    return (a->ndig > b->ndig) - (a->ndig < b->ndig);
}

static int
num_kind_rank(const NumVar *v)
{
    switch (v->kind) {
    case NUM_NINF:
        return 0;
    case NUM_PINF:
        return 2;
    case NUM_NAN:
        return 3;
    default:
        return 1;
    }
}

static int
num_cmp(const NumVar *a, const NumVar *b)
{
    int ra = num_kind_rank(a);
    int rb = num_kind_rank(b);
    if (ra != rb || ra != 1)
        return (ra > rb) - (ra < rb);
    if (a->neg != b->neg && (a->ndig > 0 || b->ndig > 0))
        return a->neg ? -1 : 1;
    int c = num_cmp_abs(a, b);
    return a->neg ? -c : c;
}

/* |a| + |b| or |a| - |b| (|a| >= |b|) of finite values, into r with r->scale max scale. */
static void
num_add_abs(const NumVar *a, const NumVar *b, bool subtract, NumVar *r)
{
    int32_t scale = a->scale > b->scale ? a->scale : b->scale;
    int32_t wa = a->ndig ? num_weight(a) : 0;
    int32_t wb = b->ndig ? num_weight(b) : 0;
    int32_t top = (wa > wb ? wa : wb) + 1;
    int32_t n = top + scale + 1;
    uint8_t *d = mcx_alloc0((size_t)n);
    int carry = 0;
    for (int32_t i = n - 1; i >= 0; i--) {
        int32_t e = top - i;
        int x = num_digit_at(a, e) + (subtract ? -num_digit_at(b, e) : num_digit_at(b, e)) + carry;
        carry = x < 0 ? -1 : x / 10;
        d[i] = (uint8_t)(x < 0 ? x + 10 : x % 10);
    }
    r->kind = NUM_FINITE;
    r->d = d;
    r->ndig = n;
    r->scale = scale;
}

static void
num_add(const NumVar *a, const NumVar *b, NumVar *r, bool subtract)
{
    num_init(r, NUM_FINITE);
    bool bneg = subtract ? !b->neg : b->neg;
    if (a->kind == NUM_NAN || b->kind == NUM_NAN) {
        r->kind = NUM_NAN;
        return;
    }
    if (a->kind != NUM_FINITE || b->kind != NUM_FINITE) {
        int ka = a->kind;
        int kb = b->kind;
        if (subtract && kb != NUM_FINITE)
            kb = kb == NUM_PINF ? NUM_NINF : NUM_PINF;
        if (ka != NUM_FINITE && kb != NUM_FINITE && ka != kb)
            r->kind = NUM_NAN;
        else
            r->kind = ka != NUM_FINITE ? ka : kb;
        return;
    }
    int32_t dscale = a->dscale > b->dscale ? a->dscale : b->dscale;
    if (a->neg == bneg) {
        num_add_abs(a, b, false, r);
        r->neg = a->neg;
    } else if (num_cmp_abs(a, b) >= 0) {
        num_add_abs(a, b, true, r);
        r->neg = a->neg;
    } else {
        num_add_abs(b, a, true, r);
        r->neg = bneg;
    }
    r->dscale = dscale;
    num_normalise(r);
}

static void
num_mul(const NumVar *a, const NumVar *b, NumVar *r)
{
    num_init(r, NUM_FINITE);
    if (a->kind == NUM_NAN || b->kind == NUM_NAN) {
        r->kind = NUM_NAN;
        return;
    }
    bool neg = a->neg != b->neg;
    if (a->kind != NUM_FINITE || b->kind != NUM_FINITE) {
        bool a_inf = a->kind != NUM_FINITE;
        bool b_inf = b->kind != NUM_FINITE;
        if ((!a_inf && a->ndig == 0) || (!b_inf && b->ndig == 0)) {
            r->kind = NUM_NAN; /* 0 * Infinity */
            return;
        }
        neg = (a_inf ? a->kind == NUM_NINF : a->neg) != (b_inf ? b->kind == NUM_NINF : b->neg);
        r->kind = neg ? NUM_NINF : NUM_PINF;
        return;
    }
    /* digit i of a times digit j of b lands at i + j + 1 of the n-digit product */
    int32_t n = a->ndig + b->ndig;
    int64_t *acc = mcx_alloc0(sizeof(int64_t) * (size_t)n);
    for (int32_t i = a->ndig - 1; i >= 0; i--)
        for (int32_t j = b->ndig - 1; j >= 0; j--)
            acc[i + j + 1] += a->d[i] * b->d[j];
    r->d = mcx_alloc((size_t)n);
    for (int32_t k = n - 1; k > 0; k--) {
        acc[k - 1] += acc[k] / 10;
        acc[k] %= 10;
    }
    for (int32_t k = 0; k < n; k++)
        r->d[k] = (uint8_t)acc[k];
    r->ndig = n;
    r->scale = a->scale + b->scale;
    r->neg = neg;
    r->dscale = a->dscale + b->dscale;
    num_normalise(r);
}

/* Base-10000 weight and leading base-10000 digit, as PostgreSQL's scale rule sees them. */
static void
num_nbase_lead(const NumVar *v, int32_t *weight, int *first)
{
    if (v->ndig == 0) {
        *weight = 0;
        *first = 0;
        return;
    }
    int32_t w10 = num_weight(v);
    int32_t w = w10 >= 0 ? w10 / 4 : -((-w10 + 3) / 4);
    int f = 0;
    for (int32_t e = 4 * w + 3; e >= 4 * w; e--)
        f = f * 10 + num_digit_at(v, e);
    *weight = w;
    *first = f;
}

/* PostgreSQL's division result scale: at least 16 significant digits. */
static int32_t
num_div_scale(const NumVar *a, const NumVar *b)
{
    int32_t wa, wb;
    int fa, fb;
    num_nbase_lead(a, &wa, &fa);
    num_nbase_lead(b, &wb, &fb);
    int32_t qweight = wa - wb;
    if (fa <= fb)
        qweight--;
    int32_t rscale = NUM_MIN_SIG_DIGITS - qweight * 4;
    if (rscale < a->dscale)
        rscale = a->dscale;
    if (rscale < b->dscale)
        rscale = b->dscale;
    if (rscale < 0)
        rscale = 0;
    if (rscale > NUM_MAX_DISPLAY_SCALE)
        rscale = NUM_MAX_DISPLAY_SCALE;
    return rscale;
}

/*
 * Integer long division of digit strings: q = floor(n / m), both MSD first, m without leading
 * zeros and non-zero. Schoolbook: the remainder stays below 10 * m.
 */
static void
num_mag_div(const uint8_t *n, int32_t nlen, const uint8_t *m, int32_t mlen, NumVar *q)
{
    uint8_t *rem = mcx_alloc0((size_t)mlen + 1); /* current remainder, mlen + 1 digits */
    q->d = mcx_alloc0((size_t)(nlen > 0 ? nlen : 1));
    q->ndig = nlen;
    for (int32_t i = 0; i < nlen; i++) {
        memmove(rem, rem + 1, (size_t)mlen);
        rem[mlen] = n[i];
        int qd = 0;
        for (;;) {
            /* rem >= m ? compare rem (mlen+1 digits) with m padded to mlen+1 */
            int c = rem[0] != 0 ? 1 : memcmp(rem + 1, m, (size_t)mlen);
            if (c < 0)
                break;
            int borrow = 0;
            for (int32_t k = mlen; k >= 0; k--) {
                int x = rem[k] - (k > 0 ? m[k - 1] : 0) - borrow;
                borrow = x < 0;
                rem[k] = (uint8_t)(x < 0 ? x + 10 : x);
            }
            qd++;
        }
        q->d[i] = (uint8_t)qd;
    }
}

static void
num_div_zero(void)
{
    ereport(ERROR, err_code(SQLSTATE_DIVISION_BY_ZERO), err_msg("division by zero"));
}

/* a / b to rscale digits after the point, rounded (or truncated) in the last place. */
static void
num_div(const NumVar *a, const NumVar *b, NumVar *r, int32_t rscale, bool truncate)
{
    num_init(r, NUM_FINITE);
    if (a->kind == NUM_NAN || b->kind == NUM_NAN) {
        r->kind = NUM_NAN;
        return;
    }
    if (b->kind == NUM_FINITE && b->ndig == 0)
        num_div_zero();
    if (a->kind != NUM_FINITE) {
        if (b->kind != NUM_FINITE)
            r->kind = NUM_NAN;
        else
            r->kind = (a->kind == NUM_NINF) != b->neg ? NUM_NINF : NUM_PINF;
        return;
    }
    if (b->kind != NUM_FINITE) {
        r->dscale = 0; /* finite / infinity = 0 */
        return;
    }
    /* q = a.mag * 10^k / b.mag has scale a.scale + k - b.scale; want rscale + 1 digits */
    int32_t extra = truncate ? 0 : 1;
    int32_t k = rscale + extra + b->scale - a->scale;
    int32_t nlen = a->ndig + (k > 0 ? k : 0);
    uint8_t *n = mcx_alloc0((size_t)(nlen > 0 ? nlen : 1));
    memcpy(n, a->d, (size_t)a->ndig);
    if (k < 0) {
        nlen = a->ndig + k; /* dividing away digits: drop them (truncation toward zero) */
        if (nlen < 0)
            nlen = 0;
    }
    num_mag_div(n, nlen, b->d, b->ndig, r);
    r->scale = rscale + extra;
    r->neg = a->neg != b->neg;
    r->dscale = rscale;
    num_normalise(r);
    if (!truncate)
        num_round(r, rscale, false);
    if (r->ndig == 0)
        r->neg = false;
}

/* Public conversions */

static void
num_from_int64(NumVar *v, int64_t x)
{
    num_init(v, NUM_FINITE);
    uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    uint8_t buf[20];
    int n = 0;
    do {
        buf[19 - n++] = (uint8_t)(u % 10);
        u /= 10;
    } while (u > 0);
    v->d = mcx_alloc((size_t)n);
    memcpy(v->d, buf + 20 - n, (size_t)n);
    v->ndig = n;
    v->neg = x < 0;
    num_normalise(v);
}

Datum
adt_numeric_from_int64(int64_t x)
{
    NumVar v;
    num_from_int64(&v, x);
    return num_pack(&v);
}

/* Parse PostgreSQL's numeric syntax into v; false if it is not a number. */
static bool
num_parse(const char *str, NumVar *v)
{
    static const struct {
        const char *word;
        int kind;
    } specials[] = {{"nan", NUM_NAN},
                    {"infinity", NUM_PINF},
                    {"+infinity", NUM_PINF},
                    {"-infinity", NUM_NINF},
                    {"inf", NUM_PINF},
                    {"+inf", NUM_PINF},
                    {"-inf", NUM_NINF}};
    const char *p = str;
    num_init(v, NUM_FINITE);
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strlen(p);
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        n--;
    for (size_t i = 0; i < OAK_LENGTHOF(specials); i++)
        if (n == strlen(specials[i].word) && strncasecmp(p, specials[i].word, n) == 0) {
            v->kind = specials[i].kind;
            return true;
        }
    const char *end = p + n;
    if (p < end && (*p == '+' || *p == '-'))
        v->neg = *p++ == '-';
    v->d = mcx_alloc(n + 1);
    bool seen_point = false;
    bool any = false;
    int32_t frac = 0;
    for (; p < end && (isdigit((unsigned char)*p) || (*p == '.' && !seen_point)); p++) {
        if (*p == '.') {
            seen_point = true;
            continue;
        }
        any = true;
        v->d[v->ndig++] = (uint8_t)(*p - '0');
        if (seen_point)
            frac++;
    }
    if (!any)
        return false;
    int64_t exp10 = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (p >= end || !isdigit((unsigned char)*p))
            return false;
        for (; p < end && isdigit((unsigned char)*p); p++) {
            exp10 = exp10 * 10 + (*p - '0');
            if (exp10 > 1000000)
                num_overflow();
        }
        if (eneg)
            exp10 = -exp10;
    }
    if (p != end)
        return false;
    v->scale = frac - (int32_t)exp10;
    v->dscale = v->scale > 0 ? v->scale : 0;
    if (v->dscale > NUM_MAX_DSCALE)
        num_overflow();
    num_normalise(v);
    return true;
}

Datum
adt_numeric_from_cstr(const char *s)
{
    return adt_numeric_in(s, ADT_NO_TYPMOD);
}

static char *
num_to_cstr(const NumVar *v)
{
    if (v->kind == NUM_NAN)
        return mcx_strdup("NaN");
    if (v->kind != NUM_FINITE)
        return mcx_strdup(v->kind == NUM_PINF ? "Infinity" : "-Infinity");
    StrBuf sb;
    sb_init(&sb);
    if (v->neg && v->ndig > 0)
        sb_append_char(&sb, '-');
    int32_t w = v->ndig > 0 ? num_weight(v) : 0;
    for (int32_t e = w > 0 ? w : 0; e >= 0; e--)
        sb_append_char(&sb, (char)('0' + num_digit_at(v, e)));
    if (v->dscale > 0) {
        sb_append_char(&sb, '.');
        for (int32_t e = -1; e >= -v->dscale; e--)
            sb_append_char(&sb, (char)('0' + num_digit_at(v, e)));
    }
    return sb.data;
}

char *
adt_numeric_to_cstr(Datum num)
{
    NumVar v;
    num_unpack(num, &v);
    return num_to_cstr(&v);
}

bool
adt_numeric_is_nan(Datum num)
{
    NumVar v;
    num_unpack(num, &v);
    return v.kind == NUM_NAN;
}

bool
adt_numeric_is_inf(Datum num)
{
    NumVar v;
    num_unpack(num, &v);
    return v.kind == NUM_PINF || v.kind == NUM_NINF;
}

/*
 * Coerce to numeric(precision, scale): round to scale, then the integer digits must fit
 * precision - scale. typmod is ((precision << 16) | (scale & 0xffff)) + 4, as in PostgreSQL.
 */
static void
num_apply_typmod(NumVar *v, int32_t typmod)
{
    if (typmod < 4 || v->kind == NUM_NAN)
        return;
    int32_t precision = ((typmod - 4) >> 16) & 0xffff;
    int32_t scale = (int32_t)(int16_t)((typmod - 4) & 0xffff);
    if (v->kind != NUM_FINITE)
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("numeric field overflow"),
                err_detail("A field with precision %d, scale %d cannot hold an infinite value.",
                           precision,
                           scale));
    num_round(v, scale, false);
    v->dscale = scale > 0 ? scale : 0;
    int32_t maxdigits = precision - scale;
    if (v->ndig > 0 && num_weight(v) >= maxdigits)
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("numeric field overflow"),
                err_detail("A field with precision %d, scale %d must round to an absolute value "
                           "less than %s%d.",
                           precision,
                           scale,
                           maxdigits ? "10^" : "",
                           maxdigits ? maxdigits : 1));
}

Datum
adt_numeric_in(const char *str, int32_t typmod)
{
    NumVar v;
    if (!num_parse(str, &v))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("invalid input syntax for type numeric: \"%s\"", str));
    num_apply_typmod(&v, typmod);
    return num_pack(&v);
}

char *
adt_numeric_out(Datum value)
{
    return adt_numeric_to_cstr(value);
}

Datum
adt_numeric_typmod(Datum value, int32_t typmod, bool explicit_cast)
{
    NumVar v;
    num_unpack(value, &v);
    num_apply_typmod(&v, typmod);
    return num_pack(&v);
}

int
adt_numeric_cmp(Datum a, Datum b)
{
    NumVar va, vb;
    num_unpack(a, &va);
    num_unpack(b, &vb);
    return num_cmp(&va, &vb);
}

/*
 * Key: a class byte (-Inf, negative, zero, positive, +Inf, NaN), then for non-zero finite
 * values the sign-flipped 4-byte decimal weight and one byte (digit + 1) per digit, ended by
 * 0; all complemented for negatives so larger magnitudes sort first.
 */
void
adt_numeric_key(StrBuf *out, Datum value)
{
    NumVar v;
    num_unpack(value, &v);
    static const uint8_t class_of_kind[] = {0, 6, 5, 1};
    if (v.kind != NUM_FINITE || v.ndig == 0) {
        sb_append_char(out, (char)(v.kind != NUM_FINITE ? class_of_kind[v.kind] : 3));
        return;
    }
    uint8_t flip = v.neg ? 0xFF : 0;
    sb_append_char(out, v.neg ? 2 : 4);
    uint32_t w = (uint32_t)num_weight(&v) ^ 0x80000000u;
    for (int i = 0; i < 4; i++)
        sb_append_char(out, (char)((uint8_t)(w >> (24 - 8 * i)) ^ flip));
    for (int32_t i = 0; i < v.ndig; i++)
        sb_append_char(out, (char)((uint8_t)(v.d[i] + 1) ^ flip));
    sb_append_char(out, (char)flip);
}

/* SQL-callable functions */

static inline void
num_arg(FuncCallInfo *fc, int i, NumVar *v)
{
    num_unpack(fc->arg[i], v);
}

#define NUM_CMP_FN(name, test)                                                                     \
    Datum adt_fn_numeric_##name(FuncCallInfo *fc)                                                  \
    {                                                                                              \
        int c = adt_numeric_cmp(fc->arg[0], fc->arg[1]);                                           \
        return bool_datum(test);                                                                   \
    }

NUM_CMP_FN(eq, c == 0)
NUM_CMP_FN(ne, c != 0)
NUM_CMP_FN(lt, c < 0)
NUM_CMP_FN(le, c <= 0)
NUM_CMP_FN(gt, c > 0)
NUM_CMP_FN(ge, c >= 0)

Datum
adt_fn_numeric_add(FuncCallInfo *fc)
{
    NumVar a, b, r;
    num_arg(fc, 0, &a);
    num_arg(fc, 1, &b);
    num_add(&a, &b, &r, false);
    return num_pack(&r);
}

Datum
adt_fn_numeric_sub(FuncCallInfo *fc)
{
    NumVar a, b, r;
    num_arg(fc, 0, &a);
    num_arg(fc, 1, &b);
    num_add(&a, &b, &r, true);
    return num_pack(&r);
}

Datum
adt_fn_numeric_mul(FuncCallInfo *fc)
{
    NumVar a, b, r;
    num_arg(fc, 0, &a);
    num_arg(fc, 1, &b);
    num_mul(&a, &b, &r);
    if (r.kind == NUM_FINITE && r.dscale > NUM_MAX_RESULT_SCALE) {
        r.dscale = NUM_MAX_RESULT_SCALE;
        num_round(&r, r.dscale, false);
    }
    return num_pack(&r);
}

Datum
adt_fn_numeric_div(FuncCallInfo *fc)
{
    NumVar a, b, r;
    num_arg(fc, 0, &a);
    num_arg(fc, 1, &b);
    num_div(&a, &b, &r, num_div_scale(&a, &b), false);
    return num_pack(&r);
}

/* a - trunc(a / b) * b, with the larger of the two display scales. */
Datum
adt_fn_numeric_mod(FuncCallInfo *fc)
{
    NumVar a, b, q, qb, r;
    num_arg(fc, 0, &a);
    num_arg(fc, 1, &b);
    if (a.kind == NUM_NAN || b.kind == NUM_NAN || a.kind != NUM_FINITE) {
        if (b.kind == NUM_FINITE && b.ndig == 0 && a.kind != NUM_NAN)
            num_div_zero();
        num_init(&r, NUM_NAN);
        return num_pack(&r);
    }
    if (b.kind != NUM_FINITE)
        return fc->arg[0];
    num_div(&a, &b, &q, 0, true);
    num_mul(&q, &b, &qb);
    num_add(&a, &qb, &r, true);
    r.dscale = a.dscale > b.dscale ? a.dscale : b.dscale;
    if (r.ndig == 0)
        r.neg = false;
    return num_pack(&r);
}

Datum
adt_fn_numeric_uminus(FuncCallInfo *fc)
{
    NumVar v;
    num_arg(fc, 0, &v);
    if (v.kind == NUM_PINF || v.kind == NUM_NINF)
        v.kind = v.kind == NUM_PINF ? NUM_NINF : NUM_PINF;
    else if (v.ndig > 0)
        v.neg = !v.neg;
    return num_pack(&v);
}

Datum
adt_fn_numeric_uplus(FuncCallInfo *fc)
{
    return fc->arg[0];
}

Datum
adt_fn_numeric_abs(FuncCallInfo *fc)
{
    NumVar v;
    num_arg(fc, 0, &v);
    if (v.kind == NUM_NINF)
        v.kind = NUM_PINF;
    v.neg = false;
    return num_pack(&v);
}

Datum
adt_fn_numeric_sign(FuncCallInfo *fc)
{
    NumVar v;
    num_arg(fc, 0, &v);
    if (v.kind == NUM_NAN)
        return fc->arg[0];
    bool neg = v.kind == NUM_NINF || (v.kind == NUM_FINITE && v.neg);
    bool zero = v.kind == NUM_FINITE && v.ndig == 0;
    return adt_numeric_from_int64(zero ? 0 : neg ? -1 : 1);
}

static Datum
num_round_fn(FuncCallInfo *fc, int32_t s, bool truncate)
{
    NumVar v;
    num_arg(fc, 0, &v);
    if (v.kind != NUM_FINITE)
        return fc->arg[0];
    if (s > NUM_MAX_RESULT_SCALE)
        s = NUM_MAX_RESULT_SCALE;
    if (s < -NUM_MAX_RESULT_SCALE)
        s = -NUM_MAX_RESULT_SCALE;
    num_round(&v, s, truncate);
    v.dscale = s > 0 ? s : 0;
    return num_pack(&v);
}

Datum
adt_fn_numeric_round(FuncCallInfo *fc)
{
    return num_round_fn(fc, datum_int32(fc->arg[1]), false);
}

Datum
adt_fn_numeric_round1(FuncCallInfo *fc)
{
    return num_round_fn(fc, 0, false);
}

Datum
adt_fn_numeric_trunc(FuncCallInfo *fc)
{
    return num_round_fn(fc, datum_int32(fc->arg[1]), true);
}

Datum
adt_fn_numeric_trunc1(FuncCallInfo *fc)
{
    return num_round_fn(fc, 0, true);
}

/* ceil/floor: truncate toward zero, then step away from zero if a fraction was cut. */
static Datum
num_ceil_floor(FuncCallInfo *fc, bool ceiling)
{
    NumVar v, t, one, r;
    num_arg(fc, 0, &v);
    if (v.kind != NUM_FINITE)
        return fc->arg[0];
    t = v;
    num_round(&t, 0, true);
    t.dscale = 0;
    if (num_cmp(&t, &v) == 0 || v.neg == ceiling)
        return num_pack(&t);
    num_from_int64(&one, ceiling ? 1 : -1);
    num_add(&t, &one, &r, false);
    return num_pack(&r);
}

Datum
adt_fn_numeric_ceil(FuncCallInfo *fc)
{
    return num_ceil_floor(fc, true);
}

Datum
adt_fn_numeric_floor(FuncCallInfo *fc)
{
    return num_ceil_floor(fc, false);
}

/* Length coercion cast numeric(p,s) -> numeric(p,s): arg[1] is the typmod. */
Datum
adt_fn_numeric(FuncCallInfo *fc)
{
    return adt_numeric_typmod(fc->arg[0], datum_int32(fc->arg[1]), false);
}

/* Casts */

int64_t
adt_numeric_to_int64(Datum num, int64_t min, int64_t max, const char *range_msg)
{
    NumVar v;
    num_unpack(num, &v);
    if (v.kind == NUM_NAN)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("cannot convert NaN to %s", range_msg));
    if (v.kind != NUM_FINITE)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("cannot convert infinity to %s", range_msg));
    num_round(&v, 0, false);
    uint64_t acc = 0;
    bool overflow = v.ndig > 0 && num_weight(&v) > 18;
    for (int32_t e = v.ndig > 0 && !overflow ? num_weight(&v) : -1; e >= 0; e--)
        acc = acc * 10 + (uint64_t)num_digit_at(&v, e);
    if (overflow || acc > (v.neg ? (uint64_t)(-(min + 1)) + 1 : (uint64_t)max))
        ereport(ERROR,
                err_code(SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE),
                err_msg("%s out of range", range_msg));
    return v.neg ? (int64_t)(0 - acc) : (int64_t)acc;
}

Datum
adt_fn_numeric_int2(FuncCallInfo *fc)
{
    return int16_datum((int16_t)adt_numeric_to_int64(fc->arg[0], INT16_MIN, INT16_MAX, "smallint"));
}

Datum
adt_fn_numeric_int4(FuncCallInfo *fc)
{
    return int32_datum((int32_t)adt_numeric_to_int64(fc->arg[0], INT32_MIN, INT32_MAX, "integer"));
}

Datum
adt_fn_numeric_int8(FuncCallInfo *fc)
{
    return int64_datum(adt_numeric_to_int64(fc->arg[0], INT64_MIN, INT64_MAX, "bigint"));
}

Datum
adt_fn_int2_numeric(FuncCallInfo *fc)
{
    return adt_numeric_from_int64(datum_int16(fc->arg[0]));
}

Datum
adt_fn_int4_numeric(FuncCallInfo *fc)
{
    return adt_numeric_from_int64(datum_int32(fc->arg[0]));
}

Datum
adt_fn_int8_numeric(FuncCallInfo *fc)
{
    return adt_numeric_from_int64(datum_int64(fc->arg[0]));
}

/* float -> numeric keeps the type's guaranteed digits (15 or 6), as PostgreSQL does. */
static Datum
num_from_double_digits(double x, int digits)
{
    NumVar v;
    num_init(&v, NUM_FINITE);
    if (isnan(x))
        v.kind = NUM_NAN;
    else if (isinf(x))
        v.kind = x > 0 ? NUM_PINF : NUM_NINF;
    else {
        char buf[64];
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (!num_parse(buf, &v))
            elog_internal("cannot parse float text \"%s\"", buf);
    }
    return num_pack(&v);
}

Datum
adt_numeric_from_double(double v)
{
    return num_from_double_digits(v, 15);
}

double
adt_numeric_to_double(Datum num)
{
    return adt_float8_parse(adt_numeric_to_cstr(num), "double precision", false);
}

Datum
adt_fn_float8_numeric(FuncCallInfo *fc)
{
    return num_from_double_digits(datum_float8(fc->arg[0]), 15);
}

Datum
adt_fn_float4_numeric(FuncCallInfo *fc)
{
    return num_from_double_digits(datum_float4(fc->arg[0]), 6);
}

Datum
adt_fn_numeric_float8(FuncCallInfo *fc)
{
    return float8_datum(adt_numeric_to_double(fc->arg[0]));
}

Datum
adt_fn_numeric_float4(FuncCallInfo *fc)
{
    return float4_datum((float)adt_float8_parse(adt_numeric_to_cstr(fc->arg[0]), "real", true));
}

/* Arithmetic on Datums for the aggregates (agg.c). */
Datum
adt_numeric_add_datums(Datum a, Datum b)
{
    NumVar va, vb, r;
    num_unpack(a, &va);
    num_unpack(b, &vb);
    num_add(&va, &vb, &r, false);
    return num_pack(&r);
}

Datum
adt_numeric_div_datums(Datum a, Datum b)
{
    NumVar va, vb, r;
    num_unpack(a, &va);
    num_unpack(b, &vb);
    num_div(&va, &vb, &r, num_div_scale(&va, &vb), false);
    return num_pack(&r);
}
