/*
 * json.c
 *     json: the input text kept exactly as given (validated by json_parse.c), so output,
 *     -> and #> return the original spelling and spacing, as PostgreSQL's json does. Also
 *     the functions that build JSON from SQL values: to_json/to_jsonb,
 *     json_build_object/array and their jsonb twins, json_typeof, json_array_length.
 *
 * json has no comparison operators in PostgreSQL, so its type entry has no key encoding:
 * ORDER BY, GROUP BY and indexes on json give PostgreSQL's errors.
 */
#include "oak/oak.h"

#include <math.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "json_priv.h"
#include "oak/utils/array.h"

Datum
adt_json_in(const char *str, int32_t typmod)
{
    (void)typmod;
    size_t n = strlen(str);
    (void)json_parse(str, n, false);
    return ptr_datum(text_from_bytes(str, n));
}

char *
adt_json_out(Datum value)
{
    size_t n = adt_text_len(value);
    char *s = mcx_alloc(n + 1);
    memcpy(s, adt_text_data(value), n);
    s[n] = '\0';
    return s;
}

static JsonValue *
json_tree(Datum d)
{
    return json_parse(adt_text_data(d), adt_text_len(d), false);
}

static Datum
json_result(FuncCallInfo *fc, const JsonValue *v)
{
    if (v == NULL)
        return adt_return_null(fc);
    return ptr_datum(text_from_bytes(v->src, v->srclen));
}

static Datum
json_text_result(FuncCallInfo *fc, const JsonValue *v)
{
    if (v == NULL || v->kind == JV_NULL)
        return adt_return_null(fc);
    if (v->kind == JV_STRING)
        return ptr_datum(text_from_bytes(v->str, v->len));
    return ptr_datum(text_from_bytes(v->src, v->srclen));
}

Datum
adt_fn_json_object_field(FuncCallInfo *fc)
{
    return json_result(fc, json_select_key(json_tree(fc->arg[0]), fc->arg[1]));
}

Datum
adt_fn_json_object_field_text(FuncCallInfo *fc)
{
    return json_text_result(fc, json_select_key(json_tree(fc->arg[0]), fc->arg[1]));
}

Datum
adt_fn_json_array_element(FuncCallInfo *fc)
{
    return json_result(fc, json_select_index(json_tree(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_json_array_element_text(FuncCallInfo *fc)
{
    return json_text_result(fc, json_select_index(json_tree(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_json_typeof(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(json_kind_name(json_tree(fc->arg[0])->kind)));
}

Datum
adt_fn_json_array_length(FuncCallInfo *fc)
{
    JsonValue *v = json_tree(fc->arg[0]);
    if (v->kind != JV_ARRAY)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg(v->kind == JV_OBJECT ? "cannot get array length of a non-array"
                                             : "cannot get array length of a scalar"));
    return int32_datum(v->n);
}

/* Whether text is a JSON number as written (numeric output can also be NaN/Infinity). */
static bool
json_is_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s < '0' || *s > '9')
        return false;
    while ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' || *s == '+' ||
           *s == '-')
        s++;
    return *s == '\0';
}

/* timestamp(tz) as JSON: ISO 8601 with a 'T', and "+00:00" for a zone (UTC here). */
static void
json_append_timestamp(StrBuf *sb, Oid type, Datum value)
{
    char *s = adt_type(type)->out(value);
    size_t n = strlen(s);
    if (n > 10 && s[10] == ' ' && s[0] != '-' && strcmp(s, "infinity") != 0)
        s[10] = 'T';
    if (type == TIMESTAMPTZOID && n > 3 && strcmp(s + n - 3, "+00") == 0) {
        s = mcx_printf("%s:00", s);
        n += 3;
    }
    json_append_string(sb, s, n);
}

/*
 * An array as nested JSON arrays, one level per dimension, elements by json_append_datum;
 * pretty puts a line break (and a space) between the top level's elements.
 */
static void
json_append_array_dim(StrBuf *sb, const AdtArray *a, int dim, int *pos, bool pretty)
{
    sb_append_char(sb, '[');
    for (int i = 0; i < a->dims[dim]; i++) {
        if (i > 0)
            sb_append(sb, pretty && dim == 0 ? ",\n " : ",");
        if (dim + 1 < a->ndim) {
            json_append_array_dim(sb, a, dim + 1, pos, false);
        } else {
            json_append_datum(sb, a->elemtype, a->values[*pos], a->nulls[*pos]);
            (*pos)++;
        }
    }
    sb_append_char(sb, ']');
}

static void
json_append_array(StrBuf *sb, Datum arr, bool pretty)
{
    AdtArray a;
    adt_array_open(arr, &a);
    if (a.ndim == 0 || a.nitems == 0) {
        sb_append(sb, "[]");
        return;
    }
    int pos = 0;
    json_append_array_dim(sb, &a, 0, &pos, pretty);
}

void
json_append_datum(StrBuf *sb, Oid type, Datum value, bool isnull)
{
    if (isnull) {
        sb_append(sb, "null");
        return;
    }
    if (adt_type_is_array(type) && type != INT2VECTOROID && type != OIDVECTOROID) {
        json_append_array(sb, value, false);
        return;
    }
    switch (type) {
    case BOOLOID:
        sb_append(sb, datum_bool(value) ? "true" : "false");
        return;
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID: {
        char *s = adt_type(type)->out(value);
        if (json_is_number(s))
            sb_append(sb, s);
        else
            json_append_string(sb, s, strlen(s));
        return;
    }
    case JSONOID:
    case JSONBOID:
        sb_append_bytes(sb, adt_text_data(value), adt_text_len(value));
        return;
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
        json_append_timestamp(sb, type, value);
        return;
    default: {
        const TypeDesc *t = adt_type(type);
        char *s = t != NULL && t->out != NULL ? t->out(value) : mcx_strdup("");
        json_append_string(sb, s, strlen(s));
        return;
    }
    }
}

static Datum
json_to_jsonb_datum(const char *text, size_t len)
{
    JsonValue *v = json_parse(text, len, true);
    jsonb_normalize(v);
    return jsonb_from_tree(v);
}

Datum
adt_fn_to_json(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_append_datum(&sb, fc->argtype[0], fc->arg[0], false);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_to_jsonb(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_append_datum(&sb, fc->argtype[0], fc->arg[0], false);
    return json_to_jsonb_datum(sb.data, sb.len);
}

/* json_build_object(k1, v1, ...): keys are the arguments' text, never NULL. */
static void
json_build_object_text(FuncCallInfo *fc, StrBuf *sb, const char *fname)
{
    if (fc->nargs % 2 != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("argument list must have even number of elements"),
                err_hint("The arguments of %s() must consist of alternating keys and values.",
                         fname));
    sb_append_char(sb, '{');
    for (int i = 0; i < fc->nargs; i += 2) {
        if (fc->argnull[i])
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("argument %d cannot be null", i + 1),
                    err_hint("Object keys should be text."));
        if (i > 0)
            sb_append(sb, ", ");
        const TypeDesc *kt = adt_type(fc->argtype[i]);
        char *key = kt != NULL && kt->out != NULL ? kt->out(fc->arg[i]) : mcx_strdup("");
        json_append_string(sb, key, strlen(key));
        sb_append(sb, " : ");
        json_append_datum(sb, fc->argtype[i + 1], fc->arg[i + 1], fc->argnull[i + 1]);
    }
    sb_append_char(sb, '}');
}

static void
json_build_array_text(FuncCallInfo *fc, StrBuf *sb)
{
    sb_append_char(sb, '[');
    for (int i = 0; i < fc->nargs; i++) {
        if (i > 0)
            sb_append(sb, ", ");
        json_append_datum(sb, fc->argtype[i], fc->arg[i], fc->argnull[i]);
    }
    sb_append_char(sb, ']');
}

Datum
adt_fn_json_build_object(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_build_object_text(fc, &sb, "json_build_object");
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_jsonb_build_object(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_build_object_text(fc, &sb, "jsonb_build_object");
    return json_to_jsonb_datum(sb.data, sb.len);
}

Datum
adt_fn_json_build_array(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_build_array_text(fc, &sb);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_jsonb_build_array(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_build_array_text(fc, &sb);
    return json_to_jsonb_datum(sb.data, sb.len);
}

Datum
adt_fn_json_build_object_noargs(FuncCallInfo *fc)
{
    (void)fc;
    return ptr_datum(text_from_cstr("{}"));
}

Datum
adt_fn_jsonb_build_object_noargs(FuncCallInfo *fc)
{
    (void)fc;
    return ptr_datum(text_from_cstr("{}"));
}

Datum
adt_fn_json_build_array_noargs(FuncCallInfo *fc)
{
    (void)fc;
    return ptr_datum(text_from_cstr("[]"));
}

Datum
adt_fn_jsonb_build_array_noargs(FuncCallInfo *fc)
{
    (void)fc;
    return ptr_datum(text_from_cstr("[]"));
}

/* The set-returning functions over json: elements as written, keys in text order. */
Datum
adt_fn_json_array_elements(FuncCallInfo *fc)
{
    JsonValue *v = json_srf_tree(fc, false, JV_ARRAY, "json_array_elements");
    int i = json_srf_next(fc);
    return i < 0 || v == NULL ? 0 : json_result(fc, v->items[i]);
}

Datum
adt_fn_json_array_elements_text(FuncCallInfo *fc)
{
    JsonValue *v = json_srf_tree(fc, false, JV_ARRAY, "json_array_elements_text");
    int i = json_srf_next(fc);
    return i < 0 || v == NULL ? 0 : json_text_result(fc, v->items[i]);
}

Datum
adt_fn_json_object_keys(FuncCallInfo *fc)
{
    JsonValue *v = json_srf_tree(fc, false, JV_OBJECT, "json_object_keys");
    int i = json_srf_next(fc);
    return i < 0 || v == NULL ? 0 : ptr_datum(text_from_bytes(v->keys[i], v->keylens[i]));
}

/* json #> and #>>: the value at the path, as written. */
Datum
adt_fn_json_extract_path(FuncCallInfo *fc)
{
    return json_result(fc, json_walk_path(json_tree(fc->arg[0]), fc->arg[1]));
}

Datum
adt_fn_json_extract_path_text(FuncCallInfo *fc)
{
    return json_text_result(fc, json_walk_path(json_tree(fc->arg[0]), fc->arg[1]));
}

/* array_to_json(anyarray [, pretty]) */
Datum
adt_fn_array_to_json(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_append_array(&sb, fc->arg[0], false);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_array_to_json_pretty(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    json_append_array(&sb, fc->arg[0], datum_bool(fc->arg[1]));
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

/* json(b)_object_agg's member: '"key" : value', the key by its output function. */
static Datum
json_object_member(FuncCallInfo *fc)
{
    if (fc->argnull[0])
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("field name must not be null"));
    const TypeDesc *kt = adt_type(fc->argtype[0]);
    char *key = kt != NULL && kt->out != NULL ? kt->out(fc->arg[0]) : mcx_strdup("");
    StrBuf sb;
    sb_init(&sb);
    json_append_string(&sb, key, strlen(key));
    sb_append(&sb, " : ");
    json_append_datum(&sb, fc->argtype[1], fc->arg[1], fc->argnull[1]);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

const ProcDesc *
adt_json_object_member_proc(void)
{
    static const ProcDesc member = {
        .oid = 0,
        .name = "json_object_agg",
        .rettype = TEXTOID,
        .nargs = 2,
        .argtypes = {ANYOID, ANYOID},
        .strict = false,
        .retset = false,
        .volatility = 's',
        .fn = json_object_member,
    };
    return &member;
}
