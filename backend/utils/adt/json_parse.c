/*
 * json_parse.c
 *     The JSON lexer and recursive-descent parser behind json and jsonb input (json_priv.h),
 *     and JSON string escaping. Errors are PostgreSQL's: 22P02 "invalid input syntax for type
 *     json" with the same DETAIL ("Expected ... but found ...", "Token ... is invalid.", "The
 *     input string ended unexpectedly.") and CONTEXT ("JSON data, line N: <text up to the
 *     error>..."), so drivers and tests see the same text.
 *
 * Nesting deeper than JSON_MAX_DEPTH is 54001, where PostgreSQL would hit its stack limit.
 */
#include "oak/oak.h"

#include <ctype.h>

#include "adt_priv.h"
#include "json_priv.h"

enum { JSON_MAX_DEPTH = 6400 };

typedef enum JsonTok {
    JT_END,
    JT_OBJ_START,
    JT_OBJ_END,
    JT_ARR_START,
    JT_ARR_END,
    JT_COMMA,
    JT_COLON,
    JT_STRING,
    JT_NUMBER,
    JT_TRUE,
    JT_FALSE,
    JT_NULL,
} JsonTok;

typedef struct JsonLex {
    const char *input;
    const char *end;
    const char *p;          /* next unread byte */
    const char *tok_start;  /* current token */
    const char *tok_end;    /* its end (the error context ends here) */
    const char *line_start; /* start of the line holding the current token */
    int line;
    JsonTok tok;
    bool for_jsonb;
    int depth;
    StrBuf sval; /* decoded string of a JT_STRING token */
} JsonLex;

static bool
json_alnum(char c)
{
    return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/*
 * CONTEXT: the line holding the error up to the error's end, cut at the front (whole
 * characters) to under 50 bytes, unless that would drop 3 bytes or fewer.
 */
static int
json_errcontext(const JsonLex *lx)
{
    const char *start = lx->line_start;
    const char *end = lx->tok_end;
    while (end - start >= 50) {
        start++;
        while (start < end && ((unsigned char)*start & 0xC0) == 0x80)
            start++;
    }
    if (start - lx->line_start <= 3)
        start = lx->line_start;
    const char *prefix = start != lx->line_start ? "..." : "";
    const char *suffix =
        lx->tok != JT_END && end < lx->end && *end != '\n' && *end != '\r' ? "..." : "";
    return err_context("JSON data, line %d: %s%.*s%s",
                       lx->line,
                       prefix,
                       (int)(end - start),
                       start,
                       suffix);
}

static void __attribute__((noreturn)) json_fail(const JsonLex *lx, const char *detail)
{
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
            err_msg("invalid input syntax for type json"),
            err_detail("%s", detail),
            json_errcontext(lx));
}

static void __attribute__((noreturn)) json_invalid_token(JsonLex *lx, const char *end)
{
    lx->tok_end = end;
    lx->tok = JT_STRING; /* not the end: the context gets its "..." if more follows */
    json_fail(lx,
              mcx_printf("Token \"%.*s\" is invalid.", (int)(end - lx->tok_start), lx->tok_start));
}

/* The current token as PostgreSQL quotes it in "but found" details. */
static void __attribute__((noreturn)) json_expected(JsonLex *lx, const char *what)
{
    if (lx->tok == JT_END)
        json_fail(lx, "The input string ended unexpectedly.");
    json_fail(lx,
              mcx_printf("Expected %s, but found \"%.*s\".",
                         what,
                         (int)(lx->tok_end - lx->tok_start),
                         lx->tok_start));
}

static void
json_utf8(StrBuf *sb, uint32_t cp)
{
    if (cp < 0x80) {
        sb_append_char(sb, (char)cp);
    } else if (cp < 0x800) {
        sb_append_char(sb, (char)(0xC0 | (cp >> 6)));
        sb_append_char(sb, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sb_append_char(sb, (char)(0xE0 | (cp >> 12)));
        sb_append_char(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sb_append_char(sb, (char)(0x80 | (cp & 0x3F)));
    } else {
        sb_append_char(sb, (char)(0xF0 | (cp >> 18)));
        sb_append_char(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
        sb_append_char(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sb_append_char(sb, (char)(0x80 | (cp & 0x3F)));
    }
}

static int
json_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits after "\u" at p; the error context ends after the first bad one. */
static uint32_t
json_lex_u4(JsonLex *lx, const char *p)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = p + i < lx->end ? json_hex(p[i]) : -1;
        if (h < 0) {
            lx->tok_end = p + i < lx->end ? p + i + 1 : lx->end;
            lx->tok = JT_STRING;
            json_fail(lx, "\"\\u\" must be followed by four hexadecimal digits.");
        }
        v = v << 4 | (uint32_t)h;
    }
    return v;
}

static void
json_lex_string(JsonLex *lx)
{
    const char *p = lx->tok_start + 1;
    uint32_t high = 0; /* a pending high surrogate */
    lx->sval.len = 0;
    for (;;) {
        if (p >= lx->end)
            json_invalid_token(lx, lx->end);
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c < 0x20) {
            lx->tok_end = p;
            lx->tok = JT_STRING;
            json_fail(lx, mcx_printf("Character with value 0x%02x must be escaped.", c));
        }
        if (c != '\\') {
            if (high != 0) {
                lx->tok_end = p + 1;
                json_fail(lx, "Unicode low surrogate must follow a high surrogate.");
            }
            sb_append_char(&lx->sval, (char)c);
            p++;
            continue;
        }
        p++;
        if (p >= lx->end)
            json_invalid_token(lx, lx->end);
        char e = *p++;
        if (e == 'u') {
            uint32_t cp = json_lex_u4(lx, p);
            p += 4;
            lx->tok_end = p;
            lx->tok = JT_STRING;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (high != 0)
                    json_fail(lx, "Unicode high surrogate must not follow a high surrogate.");
                high = cp;
                continue;
            }
            if (cp >= 0xDC00 && cp <= 0xDFFF) {
                if (high == 0)
                    json_fail(lx, "Unicode low surrogate must follow a high surrogate.");
                cp = 0x10000 + ((high - 0xD800) << 10) + (cp - 0xDC00);
                high = 0;
            } else if (high != 0) {
                json_fail(lx, "Unicode low surrogate must follow a high surrogate.");
            }
            if (cp == 0 && lx->for_jsonb)
                ereport(ERROR,
                        err_code(SQLSTATE_UNTRANSLATABLE_CHARACTER),
                        err_msg("unsupported Unicode escape sequence"),
                        err_detail("\\u0000 cannot be converted to text."),
                        json_errcontext(lx));
            json_utf8(&lx->sval, cp);
            continue;
        }
        if (high != 0) {
            lx->tok_end = p;
            json_fail(lx, "Unicode low surrogate must follow a high surrogate.");
        }
        char out;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out = e;
            break;
        case 'b':
            out = '\b';
            break;
        case 'f':
            out = '\f';
            break;
        case 'n':
            out = '\n';
            break;
        case 'r':
            out = '\r';
            break;
        case 't':
            out = '\t';
            break;
        default: {
            const char *ce = p - 1;
            size_t clen = 1;
            while (ce + clen < lx->end && ((unsigned char)ce[clen] & 0xC0) == 0x80)
                clen++;
            lx->tok_end = ce + clen;
            lx->tok = JT_STRING;
            json_fail(lx, mcx_printf("Escape sequence \"\\%.*s\" is invalid.", (int)clen, ce));
        }
        }
        sb_append_char(&lx->sval, out);
    }
    if (high != 0) { /* the string ended after a lone high surrogate */
        lx->tok_end = p + 1;
        json_fail(lx, "Unicode low surrogate must follow a high surrogate.");
    }
    lx->tok_end = p + 1;
    lx->tok = JT_STRING;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, not followed by a letter or digit. */
static void
json_lex_number(JsonLex *lx)
{
    const char *p = lx->tok_start;
    bool ok = true;
    if (*p == '-')
        p++;
    if (p < lx->end && *p == '0') {
        p++;
    } else if (p < lx->end && isdigit((unsigned char)*p)) {
        while (p < lx->end && isdigit((unsigned char)*p))
            p++;
    } else {
        ok = false;
    }
    if (ok && p < lx->end && *p == '.') {
        p++;
        if (p >= lx->end || !isdigit((unsigned char)*p))
            ok = false;
        while (p < lx->end && isdigit((unsigned char)*p))
            p++;
    }
    if (ok && p < lx->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < lx->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= lx->end || !isdigit((unsigned char)*p))
            ok = false;
        while (p < lx->end && isdigit((unsigned char)*p))
            p++;
    }
    const char *end = p;
    while (end < lx->end && json_alnum(*end))
        end++;
    if (!ok || end != p)
        json_invalid_token(lx, end);
    lx->tok_end = p;
    lx->tok = JT_NUMBER;
}

static void
json_lex(JsonLex *lx)
{
    const char *p = lx->p;
    while (p < lx->end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        if (*p == '\n') {
            lx->line++;
            lx->line_start = p + 1;
        }
        p++;
    }
    lx->tok_start = p;
    if (p >= lx->end) {
        lx->tok = JT_END;
        lx->tok_end = p;
        lx->p = p;
        return;
    }
    static const char singles[] = "{}[],:";
    static const JsonTok single_toks[] =
        {JT_OBJ_START, JT_OBJ_END, JT_ARR_START, JT_ARR_END, JT_COMMA, JT_COLON};
    const char *s = strchr(singles, *p);
    if (s != NULL && *p != '\0') {
        lx->tok = single_toks[s - singles];
        lx->tok_end = p + 1;
    } else if (*p == '"') {
        json_lex_string(lx);
    } else if (*p == '-' || isdigit((unsigned char)*p)) {
        json_lex_number(lx);
    } else {
        const char *e = p;
        while (e < lx->end && json_alnum(*e))
            e++;
        if (e == p) { /* one character, all of its UTF-8 bytes */
            e++;
            while (e < lx->end && ((unsigned char)*e & 0xC0) == 0x80)
                e++;
        }
        size_t n = (size_t)(e - p);
        if (n == 4 && memcmp(p, "true", 4) == 0)
            lx->tok = JT_TRUE;
        else if (n == 5 && memcmp(p, "false", 5) == 0)
            lx->tok = JT_FALSE;
        else if (n == 4 && memcmp(p, "null", 4) == 0)
            lx->tok = JT_NULL;
        else
            json_invalid_token(lx, e);
        lx->tok_end = e;
    }
    lx->p = lx->tok_end;
}

static JsonValue *json_parse_value(JsonLex *lx, const char *expected);

static JsonValue *
json_new(JsonKind kind, const char *src)
{
    JsonValue *v = mcx_alloc0(sizeof *v);
    v->kind = kind;
    v->src = src;
    return v;
}

static void
json_push(JsonValue *v, int *cap, JsonValue *item, char *key, size_t keylen)
{
    if (v->n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        v->items = mcx_realloc(v->items, sizeof(JsonValue *) * (size_t)*cap);
        if (v->kind == JV_OBJECT) {
            v->keys = mcx_realloc(v->keys, sizeof(char *) * (size_t)*cap);
            v->keylens = mcx_realloc(v->keylens, sizeof(size_t) * (size_t)*cap);
        }
    }
    v->items[v->n] = item;
    if (v->kind == JV_OBJECT) {
        v->keys[v->n] = key;
        v->keylens[v->n] = keylen;
    }
    v->n++;
}

static void
json_enter(JsonLex *lx)
{
    if (++lx->depth > JSON_MAX_DEPTH)
        ereport(ERROR,
                err_code(SQLSTATE_STATEMENT_TOO_COMPLEX),
                err_msg("stack depth limit exceeded"),
                err_hint("Increase the configuration parameter \"max_stack_depth\" (currently "
                         "2048kB), after ensuring the platform's stack depth limit is "
                         "adequate."));
}

static JsonValue *
json_parse_array(JsonLex *lx)
{
    JsonValue *v = json_new(JV_ARRAY, lx->tok_start);
    int cap = 0;
    json_enter(lx);
    json_lex(lx);
    if (lx->tok != JT_ARR_END) {
        json_push(v, &cap, json_parse_value(lx, "JSON value"), NULL, 0);
        for (;;) {
            json_lex(lx);
            if (lx->tok == JT_ARR_END)
                break;
            if (lx->tok != JT_COMMA)
                json_expected(lx, "\",\" or \"]\"");
            json_lex(lx);
            json_push(v, &cap, json_parse_value(lx, "JSON value"), NULL, 0);
        }
    }
    lx->depth--;
    v->srclen = (size_t)(lx->tok_end - v->src);
    return v;
}

static JsonValue *
json_parse_object(JsonLex *lx)
{
    JsonValue *v = json_new(JV_OBJECT, lx->tok_start);
    int cap = 0;
    json_enter(lx);
    json_lex(lx);
    if (lx->tok != JT_OBJ_END) {
        const char *expected = "string or \"}\"";
        for (;;) {
            if (lx->tok != JT_STRING)
                json_expected(lx, expected);
            char *key = mcx_alloc(lx->sval.len + 1);
            memcpy(key, lx->sval.data, lx->sval.len);
            key[lx->sval.len] = '\0';
            size_t keylen = lx->sval.len;
            json_lex(lx);
            if (lx->tok != JT_COLON)
                json_expected(lx, "\":\"");
            json_lex(lx);
            json_push(v, &cap, json_parse_value(lx, "JSON value"), key, keylen);
            json_lex(lx);
            if (lx->tok == JT_OBJ_END)
                break;
            if (lx->tok != JT_COMMA)
                json_expected(lx, "\",\" or \"}\"");
            json_lex(lx);
            expected = "string";
        }
    }
    lx->depth--;
    v->srclen = (size_t)(lx->tok_end - v->src);
    return v;
}

/* The value starting at the current token; expected names it in the error otherwise. */
static JsonValue *
json_parse_value(JsonLex *lx, const char *expected)
{
    JsonValue *v;
    switch (lx->tok) {
    case JT_OBJ_START:
        return json_parse_object(lx);
    case JT_ARR_START:
        return json_parse_array(lx);
    case JT_STRING:
        v = json_new(JV_STRING, lx->tok_start);
        v->len = lx->sval.len;
        v->str = mcx_alloc(v->len + 1);
        memcpy(v->str, lx->sval.data, v->len);
        v->str[v->len] = '\0';
        break;
    case JT_NUMBER:
        v = json_new(JV_NUMBER, lx->tok_start);
        v->len = (size_t)(lx->tok_end - lx->tok_start);
        v->str = mcx_alloc(v->len + 1);
        memcpy(v->str, lx->tok_start, v->len);
        v->str[v->len] = '\0';
        break;
    case JT_TRUE:
    case JT_FALSE:
        v = json_new(JV_BOOL, lx->tok_start);
        v->b = lx->tok == JT_TRUE;
        break;
    case JT_NULL:
        v = json_new(JV_NULL, lx->tok_start);
        break;
    default:
        json_expected(lx, expected);
    }
    v->srclen = (size_t)(lx->tok_end - v->src);
    return v;
}

JsonValue *
json_parse(const char *text, size_t len, bool for_jsonb)
{
    JsonLex lx = {0};
    lx.input = text;
    lx.end = text + len;
    lx.p = text;
    lx.line_start = text;
    lx.line = 1;
    lx.for_jsonb = for_jsonb;
    sb_init(&lx.sval);
    json_lex(&lx);
    JsonValue *v = json_parse_value(&lx, "JSON value");
    json_lex(&lx);
    if (lx.tok != JT_END)
        json_expected(&lx, "end of input");
    mcx_free(lx.sval.data);
    return v;
}

void
json_append_string(StrBuf *sb, const char *s, size_t len)
{
    sb_append_char(sb, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            sb_append(sb, "\\\"");
            break;
        case '\\':
            sb_append(sb, "\\\\");
            break;
        case '\b':
            sb_append(sb, "\\b");
            break;
        case '\f':
            sb_append(sb, "\\f");
            break;
        case '\n':
            sb_append(sb, "\\n");
            break;
        case '\r':
            sb_append(sb, "\\r");
            break;
        case '\t':
            sb_append(sb, "\\t");
            break;
        default:
            if (c < 0x20)
                sb_appendf(sb, "\\u%04x", c);
            else
                sb_append_char(sb, (char)c);
        }
    }
    sb_append_char(sb, '"');
}
