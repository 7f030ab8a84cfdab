/*
 * jsonb.c
 *     jsonb: stored as its canonical text (a Varlena): object keys sorted by length then
 *     bytes with the last duplicate kept, numbers as numeric prints them, PostgreSQL's
 *     spacing. So output is the stored bytes, and every operation parses them back into a
 *     tree (json_parse.c). Comparison and key encoding follow PostgreSQL's jsonb ordering;
 *     operators -> ->> @> <@ ? and the functions jsonb_typeof, jsonb_pretty,
 *     jsonb_array_length, the casts to bool and the numeric types.
 *
 * Invariants (README 10): the key of a jsonb value is a type tag then the content, so
 *   memcmp order is PostgreSQL's order: an empty top-level array < null < strings < numbers
 *   < booleans < arrays < objects; arrays and objects by element/pair count first, then
 *   element by element (objects key, value, key, ... in stored order); strings by bytes;
 *   numbers by value (numeric keys, so 1.0 = 1).
 */
#include "oak/oak.h"

#include <errno.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "json_priv.h"
#include "oak/utils/array.h"

/* Pair order of a jsonb object: shorter keys first, then bytes; ties by position. */
typedef struct JsonbPair {
    char *key;
    size_t keylen;
    JsonValue *value;
    int pos;
} JsonbPair;

static int
jsonb_pair_cmp(const void *a, const void *b)
{
    const JsonbPair *x = a;
    const JsonbPair *y = b;
    if (x->keylen != y->keylen)
        return x->keylen < y->keylen ? -1 : 1;
    int c = memcmp(x->key, y->key, x->keylen);
    if (c != 0)
        return c;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

void
jsonb_normalize(JsonValue *v)
{
    if (v->kind == JV_NUMBER) {
        v->str = adt_numeric_to_cstr(adt_numeric_from_cstr(v->str));
        v->len = strlen(v->str);
        return;
    }
    if (v->kind == JV_ARRAY) {
        for (int i = 0; i < v->n; i++)
            jsonb_normalize(v->items[i]);
        return;
    }
    if (v->kind != JV_OBJECT || v->n == 0)
        return;
    JsonbPair *pairs = mcx_alloc(sizeof(JsonbPair) * (size_t)v->n);
    for (int i = 0; i < v->n; i++) {
        jsonb_normalize(v->items[i]);
        pairs[i] = (JsonbPair){v->keys[i], v->keylens[i], v->items[i], i};
    }
    qsort(pairs, (size_t)v->n, sizeof(JsonbPair), jsonb_pair_cmp);
    int n = 0;
    for (int i = 0; i < v->n; i++) {
        bool last_of_key = i + 1 == v->n || pairs[i + 1].keylen != pairs[i].keylen ||
                           memcmp(pairs[i + 1].key, pairs[i].key, pairs[i].keylen) != 0;
        if (!last_of_key)
            continue; /* a later duplicate wins */
        v->keys[n] = pairs[i].key;
        v->keylens[n] = pairs[i].keylen;
        v->items[n] = pairs[i].value;
        n++;
    }
    v->n = n;
    mcx_free(pairs);
}

void
jsonb_append(StrBuf *sb, const JsonValue *v)
{
    switch (v->kind) {
    case JV_NULL:
        sb_append(sb, "null");
        break;
    case JV_BOOL:
        sb_append(sb, v->b ? "true" : "false");
        break;
    case JV_NUMBER:
        sb_append_bytes(sb, v->str, v->len);
        break;
    case JV_STRING:
        json_append_string(sb, v->str, v->len);
        break;
    case JV_ARRAY:
        sb_append_char(sb, '[');
        for (int i = 0; i < v->n; i++) {
            if (i > 0)
                sb_append(sb, ", ");
            jsonb_append(sb, v->items[i]);
        }
        sb_append_char(sb, ']');
        break;
    case JV_OBJECT:
        sb_append_char(sb, '{');
        for (int i = 0; i < v->n; i++) {
            if (i > 0)
                sb_append(sb, ", ");
            json_append_string(sb, v->keys[i], v->keylens[i]);
            sb_append(sb, ": ");
            jsonb_append(sb, v->items[i]);
        }
        sb_append_char(sb, '}');
        break;
    }
}

Datum
jsonb_from_tree(const JsonValue *v)
{
    StrBuf sb;
    sb_init(&sb);
    jsonb_append(&sb, v);
    Datum d = ptr_datum(text_from_bytes(sb.data, sb.len));
    mcx_free(sb.data);
    return d;
}

JsonValue *
jsonb_tree(Datum d)
{
    return json_parse(adt_text_data(d), adt_text_len(d), true);
}

Datum
adt_jsonb_in(const char *str, int32_t typmod)
{
    (void)typmod;
    JsonValue *v = json_parse(str, strlen(str), true);
    jsonb_normalize(v);
    return jsonb_from_tree(v);
}

char *
adt_jsonb_out(Datum value)
{
    size_t n = adt_text_len(value);
    char *s = mcx_alloc(n + 1);
    memcpy(s, adt_text_data(value), n);
    s[n] = '\0';
    return s;
}

enum {
    JK_EMPTY_TOP_ARRAY = 0x05,
    JK_NULL = 0x10,
    JK_STRING = 0x20,
    JK_NUMBER = 0x30,
    JK_BOOL = 0x40,
    JK_ARRAY = 0x50,
    JK_OBJECT = 0x60,
};

static void
jsonb_key_value(StrBuf *out, const JsonValue *v)
{
    uint8_t cnt[4];
    switch (v->kind) {
    case JV_NULL:
        sb_append_char(out, JK_NULL);
        return;
    case JV_STRING:
        sb_append_char(out, JK_STRING);
        adt_key_bytes(out, v->str, v->len);
        return;
    case JV_NUMBER:
        sb_append_char(out, JK_NUMBER);
        adt_numeric_key(out, adt_numeric_from_cstr(v->str));
        return;
    case JV_BOOL:
        sb_append_char(out, JK_BOOL);
        sb_append_char(out, v->b ? 1 : 0);
        return;
    case JV_ARRAY:
    case JV_OBJECT:
        sb_append_char(out, v->kind == JV_ARRAY ? JK_ARRAY : JK_OBJECT);
        for (int i = 0; i < 4; i++)
            cnt[i] = (uint8_t)((uint32_t)v->n >> (8 * (3 - i)));
        sb_append_bytes(out, cnt, 4);
        for (int i = 0; i < v->n; i++) {
            if (v->kind == JV_OBJECT) {
                sb_append_char(out, JK_STRING);
                adt_key_bytes(out, v->keys[i], v->keylens[i]);
            }
            jsonb_key_value(out, v->items[i]);
        }
        return;
    }
}

void
adt_jsonb_key(StrBuf *out, Datum value)
{
    JsonValue *v = jsonb_tree(value);
    if (v->kind == JV_ARRAY && v->n == 0)
        sb_append_char(out, JK_EMPTY_TOP_ARRAY);
    else
        jsonb_key_value(out, v);
}

/*
 * Both keys are built in a scratch context reset after each call: sorting calls this
 * O(n log n) times from one long-lived context, which must not grow with the parse trees.
 */
int
adt_jsonb_cmp(Datum a, Datum b)
{
    static MemCtx *scratch;
    if (scratch == NULL)
        scratch = mcx_create(mcx_top, "jsonb comparison");
    MemCtx *saved = mcx_switch(scratch);
    StrBuf ka, kb;
    sb_init(&ka);
    sb_init(&kb);
    adt_jsonb_key(&ka, a);
    adt_jsonb_key(&kb, b);
    size_t n = ka.len < kb.len ? ka.len : kb.len;
    int c = memcmp(ka.data, kb.data, n);
    if (c == 0)
        c = (ka.len > kb.len) - (ka.len < kb.len);
    mcx_switch(saved);
    mcx_reset(scratch);
    return c;
}

#define JSONB_CMP_FN(name, op)                                                                     \
    Datum adt_fn_jsonb_##name(FuncCallInfo *fc)                                                    \
    {                                                                                              \
        return bool_datum(adt_jsonb_cmp(fc->arg[0], fc->arg[1]) op 0);                             \
    }

JSONB_CMP_FN(eq, ==)
JSONB_CMP_FN(ne, !=)
JSONB_CMP_FN(lt, <)
JSONB_CMP_FN(le, <=)
JSONB_CMP_FN(gt, >)
JSONB_CMP_FN(ge, >=)

/* Scalars equal as jsonb compares them (numbers by value). */
static bool
jsonb_scalar_eq(const JsonValue *a, const JsonValue *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case JV_NULL:
        return true;
    case JV_BOOL:
        return a->b == b->b;
    case JV_STRING:
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    case JV_NUMBER: {
        StrBuf ka, kb;
        sb_init(&ka);
        sb_init(&kb);
        adt_numeric_key(&ka, adt_numeric_from_cstr(a->str));
        adt_numeric_key(&kb, adt_numeric_from_cstr(b->str));
        return ka.len == kb.len && memcmp(ka.data, kb.data, ka.len) == 0;
    }
    default:
        return false;
    }
}

static const JsonValue *
jsonb_find_key(const JsonValue *obj, const char *key, size_t keylen)
{
    for (int i = obj->n - 1; i >= 0; i--) /* the last duplicate wins (json too) */
        if (obj->keylens[i] == keylen && memcmp(obj->keys[i], key, keylen) == 0)
            return obj->items[i];
    return NULL;
}

/* a @> b for two values of the same nesting level (PostgreSQL's containment). */
static bool
jsonb_contains(const JsonValue *a, const JsonValue *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == JV_OBJECT) {
        for (int i = 0; i < b->n; i++) {
            const JsonValue *va = jsonb_find_key(a, b->keys[i], b->keylens[i]);
            if (va == NULL || !jsonb_contains(va, b->items[i]))
                return false;
        }
        return true;
    }
    if (a->kind == JV_ARRAY) {
        for (int i = 0; i < b->n; i++) {
            bool found = false;
            for (int k = 0; k < a->n && !found; k++)
                found = jsonb_contains(a->items[k], b->items[i]);
            if (!found)
                return false;
        }
        return true;
    }
    return jsonb_scalar_eq(a, b);
}

/* Top level: an array also contains a bare scalar, as if it were a one-element array. */
static bool
jsonb_contains_top(const JsonValue *a, const JsonValue *b)
{
    if (a->kind == JV_ARRAY && b->kind != JV_ARRAY && b->kind != JV_OBJECT) {
        for (int k = 0; k < a->n; k++)
            if (jsonb_scalar_eq(a->items[k], b))
                return true;
        return false;
    }
    return jsonb_contains(a, b);
}

Datum
adt_fn_jsonb_contains(FuncCallInfo *fc)
{
    return bool_datum(jsonb_contains_top(jsonb_tree(fc->arg[0]), jsonb_tree(fc->arg[1])));
}

Datum
adt_fn_jsonb_contained(FuncCallInfo *fc)
{
    return bool_datum(jsonb_contains_top(jsonb_tree(fc->arg[1]), jsonb_tree(fc->arg[0])));
}

/* jsonb ? text: an object key, or a string element of an array, or the string itself. */
Datum
adt_fn_jsonb_exists(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree(fc->arg[0]);
    const char *key = adt_text_data(fc->arg[1]);
    size_t keylen = adt_text_len(fc->arg[1]);
    if (v->kind == JV_OBJECT)
        return bool_datum(jsonb_find_key(v, key, keylen) != NULL);
    JsonValue s = {.kind = JV_STRING, .str = (char *)key, .len = keylen};
    if (v->kind == JV_ARRAY) {
        for (int i = 0; i < v->n; i++)
            if (jsonb_scalar_eq(v->items[i], &s))
                return bool_datum(true);
        return bool_datum(false);
    }
    return bool_datum(jsonb_scalar_eq(v, &s));
}

/* The member -> selects: a key of an object, or an element (negative from the end). */
const JsonValue *
json_select_key(const JsonValue *v, Datum key)
{
    if (v->kind != JV_OBJECT)
        return NULL;
    return jsonb_find_key(v, adt_text_data(key), adt_text_len(key));
}

const JsonValue *
json_select_index(const JsonValue *v, int32_t idx)
{
    if (v->kind != JV_ARRAY)
        return NULL;
    int64_t i = idx < 0 ? (int64_t)v->n + idx : idx;
    return i >= 0 && i < v->n ? v->items[i] : NULL;
}

static Datum
jsonb_result(FuncCallInfo *fc, const JsonValue *v)
{
    if (v == NULL)
        return adt_return_null(fc);
    return jsonb_from_tree(v);
}

/* ->> of jsonb: strings unquoted, null as SQL NULL, containers and others as text. */
static Datum
jsonb_text_result(FuncCallInfo *fc, const JsonValue *v)
{
    if (v == NULL || v->kind == JV_NULL)
        return adt_return_null(fc);
    if (v->kind == JV_STRING)
        return ptr_datum(text_from_bytes(v->str, v->len));
    return jsonb_from_tree(v);
}

Datum
adt_fn_jsonb_object_field(FuncCallInfo *fc)
{
    return jsonb_result(fc, json_select_key(jsonb_tree(fc->arg[0]), fc->arg[1]));
}

/*
 * jsonb -> integer: an array's element, and for a top-level scalar itself at 0 or -1
 * (PostgreSQL stores a scalar as a one-element array).
 */
static const JsonValue *
jsonb_select_index(const JsonValue *v, int32_t idx)
{
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT)
        return idx == 0 || idx == -1 ? v : NULL;
    return json_select_index(v, idx);
}

Datum
adt_fn_jsonb_array_element(FuncCallInfo *fc)
{
    return jsonb_result(fc, jsonb_select_index(jsonb_tree(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_jsonb_object_field_text(FuncCallInfo *fc)
{
    return jsonb_text_result(fc, json_select_key(jsonb_tree(fc->arg[0]), fc->arg[1]));
}

Datum
adt_fn_jsonb_array_element_text(FuncCallInfo *fc)
{
    return jsonb_text_result(fc,
                             jsonb_select_index(jsonb_tree(fc->arg[0]), datum_int32(fc->arg[1])));
}

const char *
json_kind_name(JsonKind k)
{
    static const char *const names[] = {"null", "string", "number", "boolean", "array", "object"};
    return names[k];
}

Datum
adt_fn_jsonb_typeof(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(json_kind_name(jsonb_tree(fc->arg[0])->kind)));
}

Datum
adt_fn_jsonb_array_length(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree(fc->arg[0]);
    if (v->kind != JV_ARRAY)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg(v->kind == JV_OBJECT ? "cannot get array length of a non-array"
                                             : "cannot get array length of a scalar"));
    return int32_datum(v->n);
}

static void
jsonb_pretty_value(StrBuf *sb, const JsonValue *v, int level)
{
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT) {
        jsonb_append(sb, v);
        return;
    }
    bool obj = v->kind == JV_OBJECT;
    sb_append_char(sb, obj ? '{' : '[');
    for (int i = 0; i < v->n; i++) {
        sb_append(sb, i > 0 ? ",\n" : "\n");
        for (int k = 0; k <= level; k++)
            sb_append(sb, "    ");
        if (obj) {
            json_append_string(sb, v->keys[i], v->keylens[i]);
            sb_append(sb, ": ");
        }
        jsonb_pretty_value(sb, v->items[i], level + 1);
    }
    sb_append_char(sb, '\n');
    for (int k = 0; k < level; k++)
        sb_append(sb, "    ");
    sb_append_char(sb, obj ? '}' : ']');
}

Datum
adt_fn_jsonb_pretty(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    jsonb_pretty_value(&sb, jsonb_tree(fc->arg[0]), 0);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

/* jsonb -> bool and the numeric types: only from a scalar of the matching kind. */
static const JsonValue *
jsonb_scalar_for_cast(Datum d, JsonKind want, const char *typname)
{
    JsonValue *v = jsonb_tree(d);
    if (v->kind != want)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("cannot cast jsonb %s to type %s", json_kind_name(v->kind), typname));
    return v;
}

Datum
adt_fn_jsonb_bool(FuncCallInfo *fc)
{
    return bool_datum(jsonb_scalar_for_cast(fc->arg[0], JV_BOOL, "boolean")->b);
}

static Datum
jsonb_to_number(Datum d, Oid target, const char *typname)
{
    const JsonValue *v = jsonb_scalar_for_cast(d, JV_NUMBER, typname);
    Datum num = adt_numeric_from_cstr(v->str);
    return target == NUMERICOID ? num : adt_cast(num, NUMERICOID, target, -1, true);
}

Datum
adt_fn_jsonb_numeric(FuncCallInfo *fc)
{
    return jsonb_to_number(fc->arg[0], NUMERICOID, "numeric");
}

Datum
adt_fn_jsonb_int2(FuncCallInfo *fc)
{
    return jsonb_to_number(fc->arg[0], INT2OID, "smallint");
}

Datum
adt_fn_jsonb_int4(FuncCallInfo *fc)
{
    return jsonb_to_number(fc->arg[0], INT4OID, "integer");
}

Datum
adt_fn_jsonb_int8(FuncCallInfo *fc)
{
    return jsonb_to_number(fc->arg[0], INT8OID, "bigint");
}

Datum
adt_fn_jsonb_float4(FuncCallInfo *fc)
{
    return jsonb_to_number(fc->arg[0], FLOAT4OID, "real");
}

Datum
adt_fn_jsonb_float8(FuncCallInfo *fc)
{
    return jsonb_to_number(fc->arg[0], FLOAT8OID, "double precision");
}

static JsonValue *
jsonb_tree_for_delete(Datum d)
{
    JsonValue *v = jsonb_tree(d);
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("cannot delete from scalar"));
    return v;
}

/* jsonb - text: drop the key from an object, or every equal string from an array. */
Datum
adt_fn_jsonb_delete(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree_for_delete(fc->arg[0]);
    const char *key = adt_text_data(fc->arg[1]);
    size_t keylen = adt_text_len(fc->arg[1]);
    JsonValue s = {.kind = JV_STRING, .str = (char *)key, .len = keylen};
    int n = 0;
    for (int i = 0; i < v->n; i++) {
        bool drop = v->kind == JV_OBJECT
                        ? v->keylens[i] == keylen && memcmp(v->keys[i], key, keylen) == 0
                        : jsonb_scalar_eq(v->items[i], &s);
        if (drop)
            continue;
        v->items[n] = v->items[i];
        if (v->kind == JV_OBJECT) {
            v->keys[n] = v->keys[i];
            v->keylens[n] = v->keylens[i];
        }
        n++;
    }
    v->n = n;
    return jsonb_from_tree(v);
}

/* jsonb - integer: drop an array element (negative counts from the end). */
Datum
adt_fn_jsonb_delete_idx(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree_for_delete(fc->arg[0]);
    if (v->kind == JV_OBJECT)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("cannot delete from object using integer index"));
    int64_t idx = datum_int32(fc->arg[1]);
    if (idx < 0)
        idx += v->n;
    if (idx >= 0 && idx < v->n) {
        memmove(v->items + idx, v->items + idx + 1, sizeof(JsonValue *) * (size_t)(v->n - idx - 1));
        v->n--;
    }
    return jsonb_from_tree(v);
}

/* As an array: itself if an array, else a one-element array holding it. */
static JsonValue *
jsonb_as_array(JsonValue *v)
{
    if (v->kind == JV_ARRAY)
        return v;
    JsonValue *a = mcx_alloc0(sizeof *a);
    a->kind = JV_ARRAY;
    a->n = 1;
    a->items = mcx_alloc(sizeof(JsonValue *));
    a->items[0] = v;
    return a;
}

/* jsonb || jsonb: objects merge (right wins); otherwise both as arrays, concatenated. */
Datum
adt_fn_jsonb_concat(FuncCallInfo *fc)
{
    JsonValue *a = jsonb_tree(fc->arg[0]);
    JsonValue *b = jsonb_tree(fc->arg[1]);
    JsonValue *r = mcx_alloc0(sizeof *r);
    if (a->kind == JV_OBJECT && b->kind == JV_OBJECT) {
        r->kind = JV_OBJECT;
        r->n = a->n + b->n;
        r->items = mcx_alloc(sizeof(JsonValue *) * (size_t)(r->n + 1));
        r->keys = mcx_alloc(sizeof(char *) * (size_t)(r->n + 1));
        r->keylens = mcx_alloc(sizeof(size_t) * (size_t)(r->n + 1));
        for (int i = 0; i < r->n; i++) {
            const JsonValue *src = i < a->n ? a : b;
            int k = i < a->n ? i : i - a->n;
            r->items[i] = src->items[k];
            r->keys[i] = src->keys[k];
            r->keylens[i] = src->keylens[k];
        }
        jsonb_normalize(r); /* later duplicates (b's) win */
        return jsonb_from_tree(r);
    }
    a = jsonb_as_array(a);
    b = jsonb_as_array(b);
    r->kind = JV_ARRAY;
    r->n = a->n + b->n;
    r->items = mcx_alloc(sizeof(JsonValue *) * (size_t)(r->n + 1));
    for (int i = 0; i < r->n; i++)
        r->items[i] = i < a->n ? a->items[i] : b->items[i - a->n];
    return jsonb_from_tree(r);
}

/*
 * Set-returning functions over a document's top level (the value-per-call protocol of
 * fmgr.h): the tree is parsed once into srf->cx and walked one element or key per call.
 */
typedef struct JsonSrf {
    JsonValue *tree;
    int pos;
} JsonSrf;

JsonValue *
json_srf_tree(FuncCallInfo *fc, bool jsonb, JsonKind want, const char *what)
{
    SrfCall *srf = fc->srf;
    JsonSrf *st = srf->state;
    if (st != NULL)
        return st->pos < st->tree->n ? st->tree : NULL;
    MemCtx *saved = mcx_switch(srf->cx);
    st = mcx_alloc0(sizeof *st);
    st->tree = json_parse(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0]), jsonb);
    mcx_switch(saved);
    JsonKind k = st->tree->kind;
    if (k != want) {
        bool scalar = k != JV_ARRAY && k != JV_OBJECT;
        if (jsonb && want == JV_ARRAY)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("cannot extract elements from %s", scalar ? "a scalar" : "an object"));
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("cannot call %s on %s",
                        what,
                        scalar             ? "a scalar"
                        : want == JV_ARRAY ? "a non-array"
                                           : "an array"));
    }
    srf->state = st;
    return st->tree->n > 0 ? st->tree : NULL;
}

/* The next position of the walk, or -1 (and done) at the end. */
int
json_srf_next(FuncCallInfo *fc)
{
    JsonSrf *st = fc->srf->state;
    if (st == NULL || st->pos >= st->tree->n) {
        fc->srf->done = true;
        return -1;
    }
    return st->pos++;
}

Datum
adt_fn_jsonb_array_elements(FuncCallInfo *fc)
{
    JsonValue *v = json_srf_tree(fc, true, JV_ARRAY, "jsonb_array_elements");
    int i = json_srf_next(fc);
    return i < 0 || v == NULL ? 0 : jsonb_from_tree(v->items[i]);
}

Datum
adt_fn_jsonb_array_elements_text(FuncCallInfo *fc)
{
    JsonValue *v = json_srf_tree(fc, true, JV_ARRAY, "jsonb_array_elements_text");
    int i = json_srf_next(fc);
    if (i < 0 || v == NULL)
        return 0;
    return jsonb_text_result(fc, v->items[i]);
}

Datum
adt_fn_jsonb_object_keys(FuncCallInfo *fc)
{
    JsonValue *v = json_srf_tree(fc, true, JV_OBJECT, "jsonb_object_keys");
    int i = json_srf_next(fc);
    return i < 0 || v == NULL ? 0 : ptr_datum(text_from_bytes(v->keys[i], v->keylens[i]));
}

/* Drop object members whose value is null, at every depth (array nulls stay). */
static void
jsonb_strip(JsonValue *v)
{
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT)
        return;
    int n = 0;
    for (int i = 0; i < v->n; i++) {
        if (v->kind == JV_OBJECT && v->items[i]->kind == JV_NULL)
            continue;
        jsonb_strip(v->items[i]);
        v->items[n] = v->items[i];
        if (v->kind == JV_OBJECT) {
            v->keys[n] = v->keys[i];
            v->keylens[n] = v->keylens[i];
        }
        n++;
    }
    v->n = n;
}

Datum
adt_fn_jsonb_strip_nulls(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree(fc->arg[0]);
    jsonb_strip(v);
    return jsonb_from_tree(v);
}

/* json_strip_nulls: the rest written compactly (no spaces), scalars as written. */
static void
json_append_compact(StrBuf *sb, const JsonValue *v)
{
    if (v->kind == JV_STRING) {
        json_append_string(sb, v->str, v->len);
    } else if (v->kind == JV_ARRAY || v->kind == JV_OBJECT) {
        bool obj = v->kind == JV_OBJECT;
        sb_append_char(sb, obj ? '{' : '[');
        for (int i = 0; i < v->n; i++) {
            if (i > 0)
                sb_append_char(sb, ',');
            if (obj) {
                json_append_string(sb, v->keys[i], v->keylens[i]);
                sb_append_char(sb, ':');
            }
            json_append_compact(sb, v->items[i]);
        }
        sb_append_char(sb, obj ? '}' : ']');
    } else {
        sb_append_bytes(sb, v->src, v->srclen);
    }
}

Datum
adt_fn_json_strip_nulls(FuncCallInfo *fc)
{
    JsonValue *v = json_parse(adt_text_data(fc->arg[0]), adt_text_len(fc->arg[0]), false);
    jsonb_strip(v);
    StrBuf sb;
    sb_init(&sb);
    json_append_compact(&sb, v);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

/* A text[] path as C strings; *has_null if an element is NULL (nulls[i] set). */
static char **
json_path_elems(Datum path, int *n, bool **nulls)
{
    AdtArray a;
    adt_array_open(path, &a);
    char **out = mcx_alloc(sizeof(char *) * (size_t)(a.nitems + 1));
    for (int i = 0; i < a.nitems; i++)
        out[i] =
            a.nulls[i] ? NULL : mcx_strndup(adt_text_data(a.values[i]), adt_text_len(a.values[i]));
    *n = a.nitems;
    *nulls = a.nulls;
    return out;
}

/* An array index written in a path: the whole text an integer, else false. */
static bool
json_path_index(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v > INT32_MAX || v < INT32_MIN)
        return false;
    *out = v;
    return true;
}

const JsonValue *
json_walk_path(const JsonValue *v, Datum path)
{
    int n;
    bool *nulls;
    char **elems = json_path_elems(path, &n, &nulls);
    for (int i = 0; i < n && v != NULL; i++) {
        if (elems[i] == NULL)
            return NULL;
        if (v->kind == JV_OBJECT) {
            const JsonValue *next = NULL;
            for (int k = v->n - 1; k >= 0 && next == NULL; k--)
                if (v->keylens[k] == strlen(elems[i]) &&
                    memcmp(v->keys[k], elems[i], v->keylens[k]) == 0)
                    next = v->items[k];
            v = next;
        } else if (v->kind == JV_ARRAY) {
            long idx;
            v = json_path_index(elems[i], &idx) ? json_select_index(v, (int32_t)idx) : NULL;
        } else {
            v = NULL;
        }
    }
    return v;
}

Datum
adt_fn_jsonb_extract_path(FuncCallInfo *fc)
{
    return jsonb_result(fc, json_walk_path(jsonb_tree(fc->arg[0]), fc->arg[1]));
}

Datum
adt_fn_jsonb_extract_path_text(FuncCallInfo *fc)
{
    return jsonb_text_result(fc, json_walk_path(jsonb_tree(fc->arg[0]), fc->arg[1]));
}

/* ?| and ?&: any / all of the (non-NULL) keys exist, as jsonb ? text tests one. */
static bool
jsonb_exists_one(const JsonValue *v, const char *key)
{
    size_t keylen = strlen(key);
    if (v->kind == JV_OBJECT)
        return jsonb_find_key(v, key, keylen) != NULL;
    JsonValue s = {.kind = JV_STRING, .str = (char *)key, .len = keylen};
    if (v->kind == JV_ARRAY) {
        for (int i = 0; i < v->n; i++)
            if (jsonb_scalar_eq(v->items[i], &s))
                return true;
        return false;
    }
    return jsonb_scalar_eq(v, &s);
}

static Datum
jsonb_exists_keys(FuncCallInfo *fc, bool all)
{
    JsonValue *v = jsonb_tree(fc->arg[0]);
    int n;
    bool *nulls;
    char **keys = json_path_elems(fc->arg[1], &n, &nulls);
    for (int i = 0; i < n; i++) {
        if (keys[i] == NULL)
            continue;
        bool found = jsonb_exists_one(v, keys[i]);
        if (found && !all)
            return bool_datum(true);
        if (!found && all)
            return bool_datum(false);
    }
    return bool_datum(all);
}

Datum
adt_fn_jsonb_exists_any(FuncCallInfo *fc)
{
    return jsonb_exists_keys(fc, false);
}

Datum
adt_fn_jsonb_exists_all(FuncCallInfo *fc)
{
    return jsonb_exists_keys(fc, true);
}

/* Remove item k of a container (and its key). */
static void
jsonb_remove_item(JsonValue *v, int k)
{
    for (int i = k; i + 1 < v->n; i++) {
        v->items[i] = v->items[i + 1];
        if (v->kind == JV_OBJECT) {
            v->keys[i] = v->keys[i + 1];
            v->keylens[i] = v->keylens[i + 1];
        }
    }
    v->n--;
}

/* #-: delete the value at the path (elems[level..]); a missing path changes nothing. */
static void
jsonb_delete_at(JsonValue *v, char **elems, int n, int level)
{
    int k = -1;
    if (v->kind == JV_OBJECT) {
        size_t len = strlen(elems[level]);
        for (int i = 0; i < v->n && k < 0; i++)
            if (v->keylens[i] == len && memcmp(v->keys[i], elems[level], len) == 0)
                k = i;
    } else if (v->kind == JV_ARRAY) {
        long idx;
        if (!json_path_index(elems[level], &idx))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                    err_msg("path element at position %d is not an integer: \"%s\"",
                            level + 1,
                            elems[level]));
        if (idx < 0)
            idx += v->n;
        k = idx >= 0 && idx < v->n ? (int)idx : -1;
    }
    if (k < 0)
        return;
    if (level == n - 1)
        jsonb_remove_item(v, k);
    else
        jsonb_delete_at(v->items[k], elems, n, level + 1);
}

Datum
adt_fn_jsonb_delete_path(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree(fc->arg[0]);
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("cannot delete path in scalar"));
    int n;
    bool *nulls;
    char **elems = json_path_elems(fc->arg[1], &n, &nulls);
    for (int i = 0; i < n; i++)
        if (elems[i] == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                    err_msg("path element at position %d is null", i + 1));
    if (n > 0)
        jsonb_delete_at(v, elems, n, 0);
    return jsonb_from_tree(v);
}

/* jsonb - text[]: drop each named key (or equal string element). */
Datum
adt_fn_jsonb_delete_array(FuncCallInfo *fc)
{
    JsonValue *v = jsonb_tree_for_delete(fc->arg[0]);
    int n;
    bool *nulls;
    char **keys = json_path_elems(fc->arg[1], &n, &nulls);
    for (int k = 0; k < n; k++) {
        if (keys[k] == NULL)
            continue;
        JsonValue s = {.kind = JV_STRING, .str = keys[k], .len = strlen(keys[k])};
        for (int i = v->n - 1; i >= 0; i--) {
            bool drop = v->kind == JV_OBJECT
                            ? v->keylens[i] == s.len && memcmp(v->keys[i], s.str, s.len) == 0
                            : jsonb_scalar_eq(v->items[i], &s);
            if (drop)
                jsonb_remove_item(v, i);
        }
    }
    return jsonb_from_tree(v);
}

typedef enum JsonbSetMode {
    JSM_SET,
    JSM_SET_NO_CREATE,
    JSM_INSERT_BEFORE,
    JSM_INSERT_AFTER
} JsonbSetMode;

/* Insert item (and key) at position pos of a container. */
static void
jsonb_insert_item(JsonValue *v, int pos, JsonValue *item, char *key, size_t keylen)
{
    v->items = mcx_realloc(v->items, sizeof(JsonValue *) * (size_t)(v->n + 1));
    if (v->kind == JV_OBJECT) {
        v->keys = mcx_realloc(v->keys, sizeof(char *) * (size_t)(v->n + 1));
        v->keylens = mcx_realloc(v->keylens, sizeof(size_t) * (size_t)(v->n + 1));
    }
    for (int i = v->n; i > pos; i--) {
        v->items[i] = v->items[i - 1];
        if (v->kind == JV_OBJECT) {
            v->keys[i] = v->keys[i - 1];
            v->keylens[i] = v->keylens[i - 1];
        }
    }
    v->items[pos] = item;
    if (v->kind == JV_OBJECT) {
        v->keys[pos] = key;
        v->keylens[pos] = keylen;
    }
    v->n++;
}

/* jsonb_set / jsonb_insert at elems[level..] below v (PostgreSQL's setPath). */
static void
jsonb_set_at(JsonValue *v, char **elems, int n, int level, JsonValue *newval, JsonbSetMode mode)
{
    bool last = level == n - 1;
    if (v->kind == JV_OBJECT) {
        size_t len = strlen(elems[level]);
        int k = -1;
        for (int i = 0; i < v->n && k < 0; i++)
            if (v->keylens[i] == len && memcmp(v->keys[i], elems[level], len) == 0)
                k = i;
        if (!last) {
            if (k >= 0)
                jsonb_set_at(v->items[k], elems, n, level + 1, newval, mode);
            return;
        }
        if (k >= 0 && (mode == JSM_INSERT_BEFORE || mode == JSM_INSERT_AFTER))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("cannot replace existing key"),
                    err_hint("Try using the function jsonb_set to replace key value."));
        if (k >= 0)
            v->items[k] = newval;
        else if (mode != JSM_SET_NO_CREATE)
            jsonb_insert_item(v, v->n, newval, elems[level], len);
        return;
    }
    if (v->kind != JV_ARRAY)
        return;
    long idx;
    if (!json_path_index(elems[level], &idx))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("path element at position %d is not an integer: \"%s\"",
                        level + 1,
                        elems[level]));
    if (idx < 0)
        idx += v->n;
    if (!last) {
        if (idx >= 0 && idx < v->n)
            jsonb_set_at(v->items[idx], elems, n, level + 1, newval, mode);
        return;
    }
    if (mode == JSM_SET || mode == JSM_SET_NO_CREATE) {
        if (idx >= 0 && idx < v->n)
            v->items[idx] = newval;
        else if (mode == JSM_SET)
            jsonb_insert_item(v, idx < 0 ? 0 : v->n, newval, NULL, 0);
        return;
    }
    long pos = mode == JSM_INSERT_AFTER ? idx + 1 : idx;
    pos = pos < 0 ? 0 : pos > v->n ? v->n : pos;
    jsonb_insert_item(v, (int)pos, newval, NULL, 0);
}

static Datum
jsonb_set_common(FuncCallInfo *fc, JsonbSetMode mode)
{
    JsonValue *v = jsonb_tree(fc->arg[0]);
    if (v->kind != JV_ARRAY && v->kind != JV_OBJECT)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("cannot set path in scalar"));
    int n;
    bool *nulls;
    char **elems = json_path_elems(fc->arg[1], &n, &nulls);
    for (int i = 0; i < n; i++)
        if (elems[i] == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                    err_msg("path element at position %d is null", i + 1));
    if (n == 0)
        return fc->arg[0];
    jsonb_set_at(v, elems, n, 0, jsonb_tree(fc->arg[2]), mode);
    jsonb_normalize(v); /* an added key takes its place in the key order */
    return jsonb_from_tree(v);
}

Datum
adt_fn_jsonb_set(FuncCallInfo *fc)
{
    return jsonb_set_common(fc, datum_bool(fc->arg[3]) ? JSM_SET : JSM_SET_NO_CREATE);
}

Datum
adt_fn_jsonb_insert(FuncCallInfo *fc)
{
    return jsonb_set_common(fc, datum_bool(fc->arg[3]) ? JSM_INSERT_AFTER : JSM_INSERT_BEFORE);
}
