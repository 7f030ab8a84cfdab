/*
 * array_io.c
 *     Text and binary I/O of arrays, in PostgreSQL 15's formats.
 *
 * Text: optional dimensions "[lo:hi][lo:hi]=" then braces, elements separated by commas;
 * an element is double-quoted (backslash escapes inside) or bare (backslash escapes, outer
 * whitespace dropped, bare NULL in any case is a NULL element). The scanner below follows
 * PostgreSQL 15's states so that a malformed literal gets the same DETAIL: each character
 * is allowed only after what PostgreSQL allows it after.
 *
 * Output quotes an element that is empty, reads NULL in any case, or holds a brace, comma,
 * double quote, backslash or white space; the dimensions are printed only when some lower
 * bound is not 1.
 *
 * Binary (array_send): int4 ndim, int4 has-nulls flag, element type oid, (int4 dim, int4
 * lower bound) per dimension, then each element as int4 length (-1: NULL) and its bytes.
 */
#include "oak/oak.h"

#include <stdlib.h>
#include <strings.h>

#include "adt_priv.h"
#include "oak/utils/array.h"

static bool
arr_isspace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void __attribute__((noreturn)) arr_malformed(const char *str, const char *detail)
{
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
            err_msg("malformed array literal: \"%s\"", str),
            err_detail("%s", detail));
}

static void __attribute__((noreturn)) arr_unexpected(const char *str, char c)
{
    arr_malformed(str, mcx_printf("Unexpected \"%c\" character.", c));
}

static void
arr_check_ndim(int ndim)
{
    if (ndim > ADT_ARRAY_MAXDIM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("number of array dimensions (%d) exceeds the maximum allowed (%d)",
                        ndim,
                        ADT_ARRAY_MAXDIM));
}

/* Where the scanner is, as PostgreSQL 15 tracks it. */
typedef enum ArrScanState {
    ARR_NO_LEVEL,
    ARR_LEVEL_STARTED,
    ARR_ELEM_STARTED,
    ARR_ELEM_COMPLETED,
    ARR_QUOTED_STARTED,
    ARR_QUOTED_COMPLETED,
    ARR_ELEM_DELIMITED,
    ARR_LEVEL_COMPLETED,
    ARR_LEVEL_DELIMITED,
} ArrScanState;

/* The elements read so far, and the shape seen. */
typedef struct ArrScan {
    const char *whole; /* the literal, for messages */
    int ndim;
    int dims[ADT_ARRAY_MAXDIM];   /* length of each level, set when its first sub-array closes */
    int counts[ADT_ARRAY_MAXDIM]; /* items in the currently open brace of each level */
    int nitems;
    int cap;
    char **items; /* element texts (NULL for a NULL element) */
    ArrScanState st;
    int level; /* braces open */
    bool in_quotes;
    bool any_elem; /* some element was read: not the empty array */
    StrBuf cur;
    bool cur_quoted;  /* cur had quotes or backslashes: never NULL */
    size_t cur_keep;  /* cur's length up to the last character not to trim */
    bool cur_started; /* an element is being read */
} ArrScan;

static void
arr_scan_finish_item(ArrScan *s)
{
    if (!s->cur_started)
        return;
    if (s->nitems == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = mcx_realloc(s->items, sizeof(char *) * (size_t)s->cap);
    }
    s->cur.data[s->cur_keep] = '\0';
    bool is_null = !s->cur_quoted && strcasecmp(s->cur.data, "NULL") == 0;
    s->items[s->nitems++] = is_null ? NULL : mcx_strdup(s->cur.data);
    sb_reset(&s->cur);
    s->cur_quoted = false;
    s->cur_keep = 0;
    s->cur_started = false;
}

static void
arr_scan_close_level(ArrScan *s, int level)
{
    int n = s->counts[level];
    if (s->dims[level] != 0 && s->dims[level] != n)
        arr_malformed(s->whole,
                      "Multidimensional arrays must have sub-arrays with matching dimensions.");
    s->dims[level] = n;
}

/* A backslash: the next character is element text, never special (nor trimmed). */
static void
arr_scan_escape(ArrScan *s, char next)
{
    ArrScanState st = s->st;
    if (st != ARR_LEVEL_STARTED && st != ARR_ELEM_STARTED && st != ARR_QUOTED_STARTED &&
        st != ARR_ELEM_DELIMITED)
        arr_unexpected(s->whole, '\\');
    if (st != ARR_QUOTED_STARTED)
        s->st = ARR_ELEM_STARTED;
    if (next == '\0')
        arr_malformed(s->whole, "Unexpected end of input.");
    s->cur_started = true;
    s->cur_quoted = true;
    s->any_elem = true;
    sb_append_char(&s->cur, next);
    s->cur_keep = s->cur.len;
}

static void
arr_scan_quote(ArrScan *s)
{
    ArrScanState st = s->st;
    if (st != ARR_LEVEL_STARTED && st != ARR_QUOTED_STARTED && st != ARR_ELEM_DELIMITED)
        arr_malformed(s->whole, "Unexpected array element.");
    s->in_quotes = !s->in_quotes;
    s->st = s->in_quotes ? ARR_QUOTED_STARTED : ARR_QUOTED_COMPLETED;
    s->cur_started = true;
    s->cur_quoted = true;
    s->any_elem = true;
}

static void
arr_scan_open(ArrScan *s)
{
    ArrScanState st = s->st;
    if (st != ARR_NO_LEVEL && st != ARR_LEVEL_STARTED && st != ARR_LEVEL_DELIMITED)
        arr_unexpected(s->whole, '{');
    s->st = ARR_LEVEL_STARTED;
    arr_check_ndim(s->level + 1);
    s->counts[s->level] = 0;
    s->level++;
    if (s->level > s->ndim)
        s->ndim = s->level;
}

/* A closing brace; true when it closes the outermost level. */
static bool
arr_scan_close(ArrScan *s)
{
    ArrScanState st = s->st;
    if (st != ARR_ELEM_STARTED && st != ARR_ELEM_COMPLETED && st != ARR_QUOTED_COMPLETED &&
        st != ARR_LEVEL_COMPLETED && !(s->level == 1 && st == ARR_LEVEL_STARTED))
        arr_unexpected(s->whole, '}');
    if (st != ARR_LEVEL_STARTED && st != ARR_LEVEL_COMPLETED)
        s->counts[s->level - 1]++; /* the element just ended */
    arr_scan_finish_item(s);
    s->st = ARR_LEVEL_COMPLETED;
    s->level--;
    if (s->counts[s->level] > 0 || s->level > 0)
        arr_scan_close_level(s, s->level);
    if (s->level == 0)
        return true;
    s->counts[s->level - 1]++; /* the sub-array just closed */
    return false;
}

static void
arr_scan_comma(ArrScan *s)
{
    ArrScanState st = s->st;
    if (st != ARR_ELEM_STARTED && st != ARR_ELEM_COMPLETED && st != ARR_QUOTED_COMPLETED &&
        st != ARR_LEVEL_COMPLETED)
        arr_unexpected(s->whole, ',');
    if (st != ARR_LEVEL_COMPLETED)
        s->counts[s->level - 1]++;
    s->st = st == ARR_LEVEL_COMPLETED ? ARR_LEVEL_DELIMITED : ARR_ELEM_DELIMITED;
    arr_scan_finish_item(s);
}

/* Any other character outside quotes: white space, or bare element text. */
static void
arr_scan_other(ArrScan *s, char c)
{
    if (arr_isspace(c)) {
        if (s->cur_started && s->st == ARR_ELEM_STARTED)
            sb_append_char(&s->cur, c); /* kept only if more element text follows */
        return;
    }
    if (s->st != ARR_LEVEL_STARTED && s->st != ARR_ELEM_STARTED && s->st != ARR_ELEM_DELIMITED)
        arr_malformed(s->whole, "Unexpected array element.");
    s->st = ARR_ELEM_STARTED;
    s->cur_started = true;
    s->any_elem = true;
    sb_append_char(&s->cur, c);
    s->cur_keep = s->cur.len;
}

/*
 * Scan the braces at p (which starts with '{'). Returns the number of dimensions (0 for an
 * empty array), filling s->dims and s->items.
 */
static int
arr_scan(ArrScan *s, const char *p)
{
    sb_init(&s->cur);
    s->st = ARR_NO_LEVEL;
    for (;; p++) {
        char c = *p;
        if (c == '\0')
            arr_malformed(s->whole, "Unexpected end of input.");
        if (s->in_quotes && c != '"' && c != '\\') {
            sb_append_char(&s->cur, c);
            s->cur_keep = s->cur.len;
        } else if (c == '\\') {
            arr_scan_escape(s, p[1]);
            p++;
        } else if (c == '"') {
            arr_scan_quote(s);
        } else if (c == '{') {
            arr_scan_open(s);
        } else if (c == '}') {
            if (arr_scan_close(s))
                break;
        } else if (c == ',') {
            arr_scan_comma(s);
        } else {
            arr_scan_other(s, c);
        }
    }
    for (p++; *p; p++)
        if (!arr_isspace(*p))
            arr_malformed(s->whole, "Junk after closing right brace.");
    return s->any_elem ? s->ndim : 0;
}

/* "[lo:hi]" items before '='; returns the count, filling dims and lbound. */
static int
arr_read_dims(const char *whole, const char **pp, int *dims, int *lbound)
{
    const char *p = *pp;
    int ndim = 0;
    for (;;) {
        while (arr_isspace(*p))
            p++;
        if (*p != '[')
            break;
        p++;
        arr_check_ndim(ndim + 1);
        size_t n = strspn(p, "0123456789+-");
        if (n == 0)
            arr_malformed(whole, "\"[\" must introduce explicitly-specified array dimensions.");
        int lo = 1;
        if (p[n] == ':') {
            lo = atoi(mcx_strndup(p, n));
            p += n + 1;
            n = strspn(p, "0123456789+-");
            if (n == 0)
                arr_malformed(whole, "Missing array dimension value.");
        }
        if (p[n] != ']')
            arr_malformed(whole, "Missing \"]\" after array dimensions.");
        int hi = atoi(mcx_strndup(p, n));
        p += n + 1;
        if (hi < lo)
            ereport(ERROR,
                    err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
                    err_msg("upper bound cannot be less than lower bound"));
        dims[ndim] = hi - lo + 1;
        lbound[ndim] = lo;
        ndim++;
    }
    *pp = p;
    return ndim;
}

Datum
adt_array_in_typed(const char *str, Oid elemtype, int32_t typmod)
{
    const TypeDesc *et = adt_type(elemtype);
    if (et == NULL || et->in == NULL)
        elog_internal("no input function for array element type %u", elemtype);
    AdtArray a = {.elemtype = elemtype};
    ArrScan s = {.whole = str};
    const char *p = str;
    int ndim = arr_read_dims(str, &p, a.dims, a.lbound);
    if (ndim == 0) {
        if (*p != '{')
            arr_malformed(str, "Array value must start with \"{\" or dimension information.");
        a.ndim = arr_scan(&s, p);
        for (int i = 0; i < a.ndim; i++) {
            a.dims[i] = s.dims[i];
            a.lbound[i] = 1;
        }
    } else {
        if (*p != '=')
            arr_malformed(str, "Missing \"=\" after array dimensions.");
        p++;
        while (arr_isspace(*p))
            p++;
        if (*p != '{')
            arr_malformed(str, "Array contents must start with \"{\".");
        int got = arr_scan(&s, p);
        bool same = got == ndim;
        for (int i = 0; same && i < ndim; i++)
            same = s.dims[i] == a.dims[i];
        if (!same)
            arr_malformed(str, "Specified array dimensions do not match array contents.");
        a.ndim = ndim;
    }
    a.nitems = adt_array_count_items(a.ndim, a.dims);
    if (a.nitems != s.nitems && a.ndim > 0)
        arr_malformed(str,
                      "Multidimensional arrays must have sub-arrays with matching dimensions.");
    a.values = mcx_alloc(sizeof(Datum) * (size_t)(a.nitems + 1));
    a.nulls = mcx_alloc(sizeof(bool) * (size_t)(a.nitems + 1));
    for (int i = 0; i < a.nitems; i++) {
        a.nulls[i] = s.items[i] == NULL;
        a.values[i] = a.nulls[i] ? 0 : et->in(s.items[i], typmod);
        if (!a.nulls[i] && typmod >= 0 && et->apply_typmod != NULL)
            a.values[i] = et->apply_typmod(a.values[i], typmod, false);
    }
    return adt_array_build(&a);
}

static void
arr_out_elem(StrBuf *sb, const char *v)
{
    bool quote = v[0] == '\0' || strcasecmp(v, "NULL") == 0;
    for (const char *c = v; *c && !quote; c++)
        quote = *c == '{' || *c == '}' || *c == ',' || *c == '"' || *c == '\\' || arr_isspace(*c);
    if (!quote) {
        sb_append(sb, v);
        return;
    }
    sb_append_char(sb, '"');
    for (const char *c = v; *c; c++) {
        if (*c == '"' || *c == '\\')
            sb_append_char(sb, '\\');
        sb_append_char(sb, *c);
    }
    sb_append_char(sb, '"');
}

char *
adt_array_out_value(Datum arr)
{
    AdtArray a;
    adt_array_open(arr, &a);
    StrBuf sb;
    sb_init(&sb);
    if (a.nitems == 0) {
        sb_append(&sb, "{}");
        return sb.data;
    }
    bool print_dims = false;
    for (int i = 0; i < a.ndim; i++)
        print_dims |= a.lbound[i] != 1;
    if (print_dims) {
        for (int i = 0; i < a.ndim; i++)
            sb_appendf(&sb, "[%d:%d]", a.lbound[i], a.lbound[i] + a.dims[i] - 1);
        sb_append_char(&sb, '=');
    }
    const TypeDesc *et = adt_type(a.elemtype);
    int idx[ADT_ARRAY_MAXDIM] = {0};
    for (int i = 0; i < a.ndim; i++)
        sb_append_char(&sb, '{');
    for (int k = 0; k < a.nitems; k++) {
        if (a.nulls[k])
            sb_append(&sb, "NULL");
        else
            arr_out_elem(&sb, et->out(a.values[k]));
        /* Advance the index odometer: close the finished levels, open the next ones. */
        int d = a.ndim - 1;
        while (d >= 0 && ++idx[d] == a.dims[d]) {
            idx[d] = 0;
            sb_append_char(&sb, '}');
            d--;
        }
        if (d < 0)
            break;
        sb_append_char(&sb, ',');
        for (int j = d + 1; j < a.ndim; j++)
            sb_append_char(&sb, '{');
    }
    return sb.data;
}

static void
arr_put_int32(StrBuf *out, int32_t v)
{
    uint32_t u = (uint32_t)v;
    uint8_t b[4] = {(uint8_t)(u >> 24), (uint8_t)(u >> 16), (uint8_t)(u >> 8), (uint8_t)u};
    sb_append_bytes(out, b, 4);
}

void
adt_array_send(Datum arr, StrBuf *out)
{
    AdtArray a;
    adt_array_open(arr, &a);
    bool has_nulls = false;
    for (int i = 0; i < a.nitems; i++)
        has_nulls |= a.nulls[i];
    arr_put_int32(out, a.ndim);
    arr_put_int32(out, has_nulls ? 1 : 0);
    arr_put_int32(out, (int32_t)a.elemtype);
    for (int i = 0; i < a.ndim; i++) {
        arr_put_int32(out, a.dims[i]);
        arr_put_int32(out, a.lbound[i]);
    }
    StrBuf elem;
    sb_init(&elem);
    for (int i = 0; i < a.nitems; i++) {
        if (a.nulls[i]) {
            arr_put_int32(out, -1);
            continue;
        }
        sb_reset(&elem);
        adt_send(a.elemtype, a.values[i], &elem);
        arr_put_int32(out, (int32_t)elem.len);
        sb_append_bytes(out, elem.data, elem.len);
    }
}

static void __attribute__((noreturn)) arr_binary_error(const char *msg)
{
    ereport(ERROR, err_code(SQLSTATE_INVALID_BINARY_REPRESENTATION), err_msg("%s", msg));
}

static int32_t
arr_get_int32(const uint8_t *p, uint32_t len, uint32_t *pos)
{
    if (len - *pos < 4 || *pos > len)
        arr_binary_error("insufficient data left in message");
    const uint8_t *b = p + *pos;
    *pos += 4;
    return (int32_t)((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
}

Datum
adt_array_recv(Oid elemtype, const uint8_t *p, uint32_t len, int32_t typmod)
{
    uint32_t pos = 0;
    AdtArray a = {.elemtype = elemtype};
    int32_t ndim = arr_get_int32(p, len, &pos);
    int32_t flags = arr_get_int32(p, len, &pos);
    Oid sent_elem = (Oid)arr_get_int32(p, len, &pos);
    if (ndim < 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_BINARY_REPRESENTATION),
                err_msg("invalid number of dimensions: %d", ndim));
    arr_check_ndim(ndim);
    if (flags != 0 && flags != 1)
        arr_binary_error("invalid array flags");
    if (sent_elem != elemtype)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("binary data has array element type %u (%s) instead of expected %u (%s)",
                        sent_elem,
                        adt_type(sent_elem) ? adt_format_type(sent_elem, -1) : "???",
                        elemtype,
                        adt_format_type(elemtype, -1)));
    a.ndim = ndim;
    for (int i = 0; i < ndim; i++) {
        a.dims[i] = arr_get_int32(p, len, &pos);
        a.lbound[i] = arr_get_int32(p, len, &pos); /* checked when the array is built */
    }
    a.nitems = adt_array_count_items(ndim, a.dims);
    a.values = mcx_alloc(sizeof(Datum) * (size_t)(a.nitems + 1));
    a.nulls = mcx_alloc(sizeof(bool) * (size_t)(a.nitems + 1));
    for (int i = 0; i < a.nitems; i++) {
        int32_t n = arr_get_int32(p, len, &pos);
        if (n < -1 || (n >= 0 && (uint32_t)n > len - pos))
            arr_binary_error("insufficient data left in message");
        a.nulls[i] = n == -1;
        a.values[i] = 0;
        if (n >= 0) {
            a.values[i] = adt_recv(elemtype, p + pos, (uint32_t)n, typmod);
            pos += (uint32_t)n;
        }
    }
    if (pos != len)
        arr_binary_error("incorrect binary data format");
    return adt_array_build(&a);
}
