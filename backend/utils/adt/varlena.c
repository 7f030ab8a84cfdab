/*
 * varlena.c
 *     Variable-length strings: text, varchar, bpchar, name, bytea and unknown. Text I/O,
 *     comparison (byte order: the C collation), key encoding, length coercion for
 *     varchar(n)/char(n), and the string functions (length, substr, trim, LIKE, ...).
 *
 * Strings are UTF-8 (the only server encoding); functions counting characters count UTF-8
 * sequences.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   7. String keys are the bytes with 0x00 escaped as 00 FF and ended by 00 01: prefix-free,
 *      memcmp order == byte order. bpchar keys drop trailing spaces first, as its compare does.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdio.h>

#include "adt_fns.h"
#include "adt_priv.h"

enum { NAME_MAX_BYTES = 63 }; /* NAMEDATALEN - 1 */

Varlena *
text_from_bytes(const char *s, size_t len)
{
    Varlena *v = mcx_alloc(sizeof(Varlena) + len);
    v->len = (uint32_t)(sizeof(Varlena) + len);
    if (len > 0)
        memcpy(v->data, s, len);
    return v;
}

Varlena *
text_from_cstr(const char *s)
{
    return text_from_bytes(s, strlen(s));
}

char *
text_to_cstr(const Varlena *t)
{
    return mcx_strndup(t->data, varlena_size(t));
}

static inline Datum
str_datum(const char *s, size_t n)
{
    return ptr_datum(text_from_bytes(s, n));
}

/* Length of the UTF-8 sequence starting with byte c (1 for invalid lead bytes). */
static inline size_t
str_mblen(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static size_t
str_char_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i += str_mblen((unsigned char)s[i]))
        count++;
    return count;
}

/* Byte offset of character number k (0-based), or n if past the end. */
static size_t
str_char_offset(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    for (; i < n && k > 0; k--)
        i += str_mblen((unsigned char)s[i]);
    return i < n ? i : n;
}

static int
str_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return (an > bn) - (an < bn);
}

void
adt_key_bytes(StrBuf *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sb_append_char(out, p[i]);
        if (p[i] == '\0')
            sb_append_char(out, (char)0xFF);
    }
    sb_append_char(out, '\0');
    sb_append_char(out, 1);
}

static size_t
bpchar_trimmed_len(Datum d)
{
    size_t n = adt_text_len(d);
    while (n > 0 && adt_text_data(d)[n - 1] == ' ')
        n--;
    return n;
}

/* text / varchar / unknown / name share I/O and ordering; bpchar ignores trailing spaces. */
Datum
adt_text_in(const char *str, int32_t typmod)
{
    return ptr_datum(text_from_cstr(str));
}

char *
adt_text_out(Datum value)
{
    return text_to_cstr(datum_ptr(value));
}

void
adt_text_key(StrBuf *out, Datum value)
{
    adt_key_bytes(out, adt_text_data(value), adt_text_len(value));
}

int
adt_text_cmp(Datum a, Datum b)
{
    return str_cmp(adt_text_data(a), adt_text_len(a), adt_text_data(b), adt_text_len(b));
}

Datum
adt_unknown_in(const char *str, int32_t typmod)
{
    return adt_text_in(str, typmod);
}

char *
adt_unknown_out(Datum value)
{
    return adt_text_out(value);
}

/*
 * varchar(n) / char(n) coercion. Excess characters that are all spaces are cut silently;
 * others raise 22001 unless the cast is explicit, which truncates. bpchar pads to n.
 */
static Datum
str_coerce_length(Datum value, int32_t typmod, bool explicit_cast, bool pad)
{
    if (typmod < 4)
        return value;
    size_t maxchars = (size_t)typmod - 4;
    const char *s = adt_text_data(value);
    size_t n = adt_text_len(value);
    size_t nchars = str_char_count(s, n);
    if (nchars > maxchars) {
        size_t cut = str_char_offset(s, n, (int64_t)maxchars);
        if (!explicit_cast)
            for (size_t i = cut; i < n; i++)
                if (s[i] != ' ')
                    ereport(ERROR,
                            err_code(SQLSTATE_STRING_DATA_RIGHT_TRUNCATION),
                            err_msg("value too long for type %s(%zu)",
                                    pad ? "character" : "character varying",
                                    maxchars));
        return str_datum(s, cut);
    }
    if (!pad || nchars == maxchars)
        return value;
    Varlena *v = mcx_alloc(sizeof(Varlena) + n + (maxchars - nchars));
    v->len = (uint32_t)(sizeof(Varlena) + n + (maxchars - nchars));
    memcpy(v->data, s, n);
    memset(v->data + n, ' ', maxchars - nchars);
    return ptr_datum(v);
}

Datum
adt_varchar_typmod(Datum value, int32_t typmod, bool explicit_cast)
{
    return str_coerce_length(value, typmod, explicit_cast, false);
}

Datum
adt_bpchar_typmod(Datum value, int32_t typmod, bool explicit_cast)
{
    return str_coerce_length(value, typmod, explicit_cast, true);
}

Datum
adt_varchar_in(const char *str, int32_t typmod)
{
    return adt_varchar_typmod(adt_text_in(str, -1), typmod, false);
}

char *
adt_varchar_out(Datum value)
{
    return adt_text_out(value);
}

void
adt_varchar_key(StrBuf *out, Datum value)
{
    adt_text_key(out, value);
}

int
adt_varchar_cmp(Datum a, Datum b)
{
    return adt_text_cmp(a, b);
}

Datum
adt_bpchar_in(const char *str, int32_t typmod)
{
    return adt_bpchar_typmod(adt_text_in(str, -1), typmod, false);
}

char *
adt_bpchar_out(Datum value)
{
    return adt_text_out(value);
}

void
adt_bpchar_key(StrBuf *out, Datum value)
{
    adt_key_bytes(out, adt_text_data(value), bpchar_trimmed_len(value));
}

int
adt_bpchar_cmp(Datum a, Datum b)
{
    return str_cmp(adt_text_data(a),
                   bpchar_trimmed_len(a),
                   adt_text_data(b),
                   bpchar_trimmed_len(b));
}

/* name: at most 63 bytes, cut at a character boundary. */
static Datum
name_from_bytes(const char *s, size_t n)
{
    if (n > NAME_MAX_BYTES) {
        n = NAME_MAX_BYTES;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return str_datum(s, n);
}

Datum
adt_name_in(const char *str, int32_t typmod)
{
    return name_from_bytes(str, strlen(str));
}

char *
adt_name_out(Datum value)
{
    return adt_text_out(value);
}

void
adt_name_key(StrBuf *out, Datum value)
{
    adt_text_key(out, value);
}

int
adt_name_cmp(Datum a, Datum b)
{
    return adt_text_cmp(a, b);
}

/* bytea: hex format in and out ("\x0aff"); the escape format is accepted on input. */
static int
bytea_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

Datum
adt_bytea_in(const char *str, int32_t typmod)
{
    size_t n = strlen(str);
    StrBuf sb;
    sb_init(&sb);
    if (str[0] == '\\' && str[1] == 'x') {
        for (size_t i = 2; i < n;) {
            if (isspace((unsigned char)str[i])) {
                i++;
                continue;
            }
            int hi = bytea_hexval(str[i]);
            int lo = i + 1 < n ? bytea_hexval(str[i + 1]) : -2;
            if (hi < 0 || lo < 0)
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                        err_msg(lo == -2 && hi >= 0
                                    ? "invalid hexadecimal data: odd number of digits"
                                    : "invalid hexadecimal digit: \"%c\"",
                                hi < 0 ? str[i] : str[i + 1]));
            sb_append_char(&sb, (char)(hi << 4 | lo));
            i += 2;
        }
        return str_datum(sb.data, sb.len);
    }
    for (size_t i = 0; i < n;) {
        if (str[i] != '\\') {
            sb_append_char(&sb, str[i++]);
        } else if (str[i + 1] == '\\') {
            sb_append_char(&sb, '\\');
            i += 2;
        } else if (str[i + 1] >= '0' && str[i + 1] <= '3' && str[i + 2] >= '0' &&
                   str[i + 2] <= '7' && str[i + 3] >= '0' && str[i + 3] <= '7') {
            sb_append_char(&sb,
                           (char)((str[i + 1] - '0') << 6 | (str[i + 2] - '0') << 3 |
                                  (str[i + 3] - '0')));
            i += 4;
        } else {
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                    err_msg("invalid input syntax for type %s", "bytea"));
        }
    }
    return str_datum(sb.data, sb.len);
}

char *
adt_bytea_out(Datum value)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = adt_text_len(value);
    const unsigned char *p = (const unsigned char *)adt_text_data(value);
    char *s = mcx_alloc(2 * n + 3);
    s[0] = '\\';
    s[1] = 'x';
    for (size_t i = 0; i < n; i++) {
        s[2 + 2 * i] = hex[p[i] >> 4];
        s[3 + 2 * i] = hex[p[i] & 15];
    }
    s[2 + 2 * n] = '\0';
    return s;
}

void
adt_bytea_key(StrBuf *out, Datum value)
{
    adt_text_key(out, value);
}

int
adt_bytea_cmp(Datum a, Datum b)
{
    return adt_text_cmp(a, b);
}

/* Comparison operators: p prefix, cmp the comparison of two Datums. */
#define STR_CMP_FNS(eq, ne, lt, le, gt, ge, cmp)                                                   \
    Datum adt_fn_##eq(FuncCallInfo *fc)                                                            \
    {                                                                                              \
        return bool_datum(cmp(fc->arg[0], fc->arg[1]) == 0);                                       \
    }                                                                                              \
    Datum adt_fn_##ne(FuncCallInfo *fc)                                                            \
    {                                                                                              \
        return bool_datum(cmp(fc->arg[0], fc->arg[1]) != 0);                                       \
    }                                                                                              \
    Datum adt_fn_##lt(FuncCallInfo *fc)                                                            \
    {                                                                                              \
        return bool_datum(cmp(fc->arg[0], fc->arg[1]) < 0);                                        \
    }                                                                                              \
    Datum adt_fn_##le(FuncCallInfo *fc)                                                            \
    {                                                                                              \
        return bool_datum(cmp(fc->arg[0], fc->arg[1]) <= 0);                                       \
    }                                                                                              \
    Datum adt_fn_##gt(FuncCallInfo *fc)                                                            \
    {                                                                                              \
        return bool_datum(cmp(fc->arg[0], fc->arg[1]) > 0);                                        \
    }                                                                                              \
    Datum adt_fn_##ge(FuncCallInfo *fc)                                                            \
    {                                                                                              \
        return bool_datum(cmp(fc->arg[0], fc->arg[1]) >= 0);                                       \
    }

STR_CMP_FNS(texteq, textne, text_lt, text_le, text_gt, text_ge, adt_text_cmp)
STR_CMP_FNS(nameeq, namene, namelt, namele, namegt, namege, adt_text_cmp)
STR_CMP_FNS(nameeqtext, namenetext, namelttext, nameletext, namegttext, namegetext, adt_text_cmp)
STR_CMP_FNS(texteqname, textnename, textltname, textlename, textgtname, textgename, adt_text_cmp)
STR_CMP_FNS(bpchareq, bpcharne, bpcharlt, bpcharle, bpchargt, bpcharge, adt_bpchar_cmp)
STR_CMP_FNS(byteaeq, byteane, bytealt, byteale, byteagt, byteage, adt_text_cmp)

/* Casts among string types */
Datum
adt_fn_name_text(FuncCallInfo *fc)
{
    return fc->arg[0];
}

Datum
adt_fn_text_name(FuncCallInfo *fc)
{
    return name_from_bytes(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0]));
}

Datum
adt_fn_bpchar_name(FuncCallInfo *fc)
{
    return name_from_bytes(adt_text_data(fc->arg[0]), bpchar_trimmed_len(fc->arg[0]));
}

Datum
adt_fn_name_bpchar(FuncCallInfo *fc)
{
    return fc->arg[0];
}

/* Length coercions: arg[1] the typmod, arg[2] whether the cast is explicit. */
Datum
adt_fn_bpchar(FuncCallInfo *fc)
{
    return adt_bpchar_typmod(fc->arg[0], datum_int32(fc->arg[1]), datum_bool(fc->arg[2]));
}

Datum
adt_fn_varchar(FuncCallInfo *fc)
{
    return adt_varchar_typmod(fc->arg[0], datum_int32(fc->arg[1]), datum_bool(fc->arg[2]));
}

/* String functions */
Datum
adt_fn_textlen(FuncCallInfo *fc)
{
    return int32_datum(
        (int32_t)str_char_count(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0])));
}

Datum
adt_fn_bpcharlen(FuncCallInfo *fc)
{
    return int32_datum(
        (int32_t)str_char_count(adt_text_data(fc->arg[0]), bpchar_trimmed_len(fc->arg[0])));
}

Datum
adt_fn_textoctetlen(FuncCallInfo *fc)
{
    return int32_datum((int32_t)adt_text_len(fc->arg[0]));
}

Datum
adt_fn_bpcharoctetlen(FuncCallInfo *fc)
{
    return adt_fn_textoctetlen(fc);
}

Datum
adt_fn_byteaoctetlen(FuncCallInfo *fc)
{
    return adt_fn_textoctetlen(fc);
}

/* lower/upper: ASCII letters only (see README, Differences). */
static Datum
str_map_case(Datum d, int (*fn)(int))
{
    size_t n = adt_text_len(d);
    Varlena *v = text_from_bytes(adt_text_data(d), n);
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)v->data[i]) < 0x80)
            v->data[i] = (char)fn((unsigned char)v->data[i]);
    return ptr_datum(v);
}

Datum
adt_fn_lower(FuncCallInfo *fc)
{
    return str_map_case(fc->arg[0], tolower);
}

Datum
adt_fn_upper(FuncCallInfo *fc)
{
    return str_map_case(fc->arg[0], toupper);
}

static Datum
str_concat(Datum a, Datum b)
{
    size_t an = adt_text_len(a);
    size_t bn = adt_text_len(b);
    Varlena *v = mcx_alloc(sizeof(Varlena) + an + bn);
    v->len = (uint32_t)(sizeof(Varlena) + an + bn);
    memcpy(v->data, adt_text_data(a), an);
    memcpy(v->data + an, adt_text_data(b), bn);
    return ptr_datum(v);
}

Datum
adt_fn_textcat(FuncCallInfo *fc)
{
    return str_concat(fc->arg[0], fc->arg[1]);
}

/* value::text, as PostgreSQL's SQL-language textanycat/anytextcat write it (bool gives "true"). */
static Datum
str_any_as_text(Datum value, Oid type)
{
    if (type == TEXTOID || type == VARCHAROID || type == UNKNOWNOID)
        return value;
    return adt_cast(value, type, TEXTOID, -1, true);
}

Datum
adt_fn_textanycat(FuncCallInfo *fc)
{
    return str_concat(fc->arg[0], str_any_as_text(fc->arg[1], fc->argtype[1]));
}

Datum
adt_fn_anytextcat(FuncCallInfo *fc)
{
    return str_concat(str_any_as_text(fc->arg[0], fc->argtype[0]), fc->arg[1]);
}

/* Pseudo-type I/O: a value of a pseudo-type can never be read or written. */
Datum
adt_fn_anynonarray_in(FuncCallInfo *fc)
{
    (void)fc;
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("cannot accept a value of type %s", "anynonarray"));
}

Datum
adt_fn_anynonarray_out(FuncCallInfo *fc)
{
    (void)fc;
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("cannot display a value of type %s", "anynonarray"));
}

Datum
adt_fn_byteacat(FuncCallInfo *fc)
{
    return str_concat(fc->arg[0], fc->arg[1]);
}

Datum
adt_fn_repeat(FuncCallInfo *fc)
{
    int32_t count = datum_int32(fc->arg[1]);
    size_t n = adt_text_len(fc->arg[0]);
    if (count <= 0 || n == 0)
        return str_datum("", 0);
    if ((uint64_t)n * (uint64_t)count > (uint64_t)0x3FFFFFFF)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("requested length too large"));
    Varlena *v = mcx_alloc(sizeof(Varlena) + n * (size_t)count);
    v->len = (uint32_t)(sizeof(Varlena) + n * (size_t)count);
    for (int32_t i = 0; i < count; i++)
        memcpy(v->data + n * (size_t)i, adt_text_data(fc->arg[0]), n);
    return ptr_datum(v);
}

/* Characters [start, start + len) of s, 1-based, clipped to the string; len < 0: to the end. */
static Datum
str_substr(Datum d, int64_t start, int64_t len, bool to_end)
{
    const char *s = adt_text_data(d);
    size_t n = adt_text_len(d);
    if (!to_end && len < 0)
        ereport(ERROR, err_code("22011"), err_msg("negative substring length not allowed"));
    int64_t first = start < 1 ? 1 : start;
    if (!to_end) {
        int64_t stop = start + len; /* exclusive; both fit: int32 arguments */
        if (stop <= first)
            return str_datum("", 0);
        len = stop - first;
    }
    size_t b0 = str_char_offset(s, n, first - 1);
    size_t b1 = to_end ? n : str_char_offset(s + b0, n - b0, len) + b0;
    return str_datum(s + b0, b1 - b0);
}

Datum
adt_fn_text_substr(FuncCallInfo *fc)
{
    return str_substr(fc->arg[0], datum_int32(fc->arg[1]), datum_int32(fc->arg[2]), false);
}

Datum
adt_fn_text_substr_no_len(FuncCallInfo *fc)
{
    return str_substr(fc->arg[0], datum_int32(fc->arg[1]), 0, true);
}

Datum
adt_fn_text_left(FuncCallInfo *fc)
{
    int64_t k = datum_int32(fc->arg[1]);
    int64_t nchars = (int64_t)str_char_count(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0]));
    if (k < 0)
        k = nchars + k > 0 ? nchars + k : 0;
    return str_substr(fc->arg[0], 1, k, false);
}

Datum
adt_fn_text_right(FuncCallInfo *fc)
{
    int64_t k = datum_int32(fc->arg[1]);
    int64_t nchars = (int64_t)str_char_count(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0]));
    int64_t start = k < 0 ? 1 - k : nchars - k + 1;
    return str_substr(fc->arg[0], start < 1 ? 1 : start, 0, true);
}

Datum
adt_fn_text_reverse(FuncCallInfo *fc)
{
    const char *s = adt_text_data(fc->arg[0]);
    size_t n = adt_text_len(fc->arg[0]);
    Varlena *v = text_from_bytes(s, n);
    for (size_t i = 0; i < n;) {
        size_t k = str_mblen((unsigned char)s[i]);
        if (k > n - i)
            k = n - i;
        memcpy(v->data + n - i - k, s + i, k);
        i += k;
    }
    return ptr_datum(v);
}

/* Whether the character at s (k bytes) is one of the characters of set. */
static bool
str_in_set(const char *s, size_t k, const char *set, size_t setn)
{
    for (size_t i = 0; i < setn; i += str_mblen((unsigned char)set[i]))
        if (str_mblen((unsigned char)set[i]) == k && memcmp(s, set + i, k) == 0)
            return true;
    return false;
}

static Datum
str_trim(Datum d, const char *set, size_t setn, bool left, bool right)
{
    const char *s = adt_text_data(d);
    size_t n = adt_text_len(d);
    size_t b0 = 0;
    size_t b1 = n;
    while (left && b0 < b1 && str_in_set(s + b0, str_mblen((unsigned char)s[b0]), set, setn))
        b0 += str_mblen((unsigned char)s[b0]);
    while (right && b1 > b0) {
        size_t k = b1 - 1;
        while (k > b0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        if (!str_in_set(s + k, b1 - k, set, setn))
            break;
        b1 = k;
    }
    return str_datum(s + b0, b1 - b0);
}

#define TRIM_FNS(name, l, r)                                                                       \
    Datum adt_fn_##name(FuncCallInfo *fc)                                                          \
    {                                                                                              \
        return str_trim(fc->arg[0], adt_text_data(fc->arg[1]), adt_text_len(fc->arg[1]), l, r);    \
    }                                                                                              \
    Datum adt_fn_##name##1(FuncCallInfo * fc)                                                      \
    {                                                                                              \
        return str_trim(fc->arg[0], " ", 1, l, r);                                                 \
    }

TRIM_FNS(btrim, true, true)
TRIM_FNS(ltrim, true, false)
TRIM_FNS(rtrim, false, true)

/* Byte offset of needle in hay, or -1. */
static int64_t
str_find(const char *hay, size_t hn, const char *needle, size_t nn, size_t from)
{
    if (nn == 0)
        return (int64_t)from;
    for (size_t i = from; i + nn <= hn; i++)
        if (memcmp(hay + i, needle, nn) == 0)
            return (int64_t)i;
    return -1;
}

Datum
adt_fn_textpos(FuncCallInfo *fc)
{
    const char *s = adt_text_data(fc->arg[0]);
    int64_t at = str_find(s,
                          adt_text_len(fc->arg[0]),
                          adt_text_data(fc->arg[1]),
                          adt_text_len(fc->arg[1]),
                          0);
    return int32_datum(at < 0 ? 0 : (int32_t)str_char_count(s, (size_t)at) + 1);
}

Datum
adt_fn_replace_text(FuncCallInfo *fc)
{
    const char *s = adt_text_data(fc->arg[0]);
    size_t n = adt_text_len(fc->arg[0]);
    size_t fn = adt_text_len(fc->arg[1]);
    if (fn == 0)
        return fc->arg[0];
    StrBuf sb;
    sb_init(&sb);
    size_t pos = 0;
    int64_t at;
    while ((at = str_find(s, n, adt_text_data(fc->arg[1]), fn, pos)) >= 0) {
        sb_append_bytes(&sb, s + pos, (size_t)at - pos);
        sb_append_bytes(&sb, adt_text_data(fc->arg[2]), adt_text_len(fc->arg[2]));
        pos = (size_t)at + fn;
    }
    sb_append_bytes(&sb, s + pos, n - pos);
    return str_datum(sb.data, sb.len);
}

/*
 * LIKE: % matches any run of characters, _ one character, \ quotes the next. Recursion
 * only at %, after collapsing runs of %, so the depth is bounded by the pattern.
 */
static bool
str_like(const char *s, size_t sn, const char *p, size_t pn)
{
    while (pn > 0) {
        if (*p == '%') {
            while (pn > 0 && *p == '%') {
                p++;
                pn--;
            }
            if (pn == 0)
                return true;
            for (size_t i = 0; i <= sn; i += (i < sn ? str_mblen((unsigned char)s[i]) : 1))
                if (str_like(s + i, sn - i, p, pn))
                    return true;
            return false;
        }
        if (sn == 0)
            return false;
        if (*p == '_') {
            size_t k = str_mblen((unsigned char)*s);
            s += k;
            sn -= k < sn ? k : sn;
            p++;
            pn--;
            continue;
        }
        if (*p == '\\') {
            p++;
            pn--;
            if (pn == 0)
                ereport(ERROR,
                        err_code("22025"),
                        err_msg("LIKE pattern must not end with escape character"));
        }
        if (*p != *s)
            return false;
        p++;
        pn--;
        s++;
        sn--;
    }
    return sn == 0;
}

static bool
str_like_args(FuncCallInfo *fc, bool bpchar)
{
    size_t sn = bpchar ? adt_text_len(fc->arg[0]) : adt_text_len(fc->arg[0]);
    return str_like(adt_text_data(fc->arg[0]),
                    sn,
                    adt_text_data(fc->arg[1]),
                    adt_text_len(fc->arg[1]));
}

Datum
adt_fn_textlike(FuncCallInfo *fc)
{
    return bool_datum(str_like_args(fc, false));
}

Datum
adt_fn_textnlike(FuncCallInfo *fc)
{
    return bool_datum(!str_like_args(fc, false));
}

Datum
adt_fn_namelike(FuncCallInfo *fc)
{
    return adt_fn_textlike(fc);
}

Datum
adt_fn_namenlike(FuncCallInfo *fc)
{
    return adt_fn_textnlike(fc);
}

Datum
adt_fn_bpcharlike(FuncCallInfo *fc)
{
    return bool_datum(str_like_args(fc, true));
}

Datum
adt_fn_bpcharnlike(FuncCallInfo *fc)
{
    return bool_datum(!str_like_args(fc, true));
}
