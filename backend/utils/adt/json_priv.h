/*
 * json_priv.h
 *     The JSON tree shared by json.c and jsonb.c, built by json_parse.c. Private to this
 *     folder.
 */
#ifndef OAK_ADT_JSON_PRIV_H
#define OAK_ADT_JSON_PRIV_H

#include "oak/utils/adt.h"

typedef enum JsonKind {
    JV_NULL,
    JV_STRING,
    JV_NUMBER,
    JV_BOOL,
    JV_ARRAY,
    JV_OBJECT,
} JsonKind;

typedef struct JsonValue {
    JsonKind kind;
    const char *src; /* the value's exact text in the input (json keeps it) */
    size_t srclen;
    char *str; /* JV_STRING: decoded UTF-8 (may hold no NUL for jsonb); JV_NUMBER: its text */
    size_t len;
    bool b;                   /* JV_BOOL */
    int n;                    /* JV_ARRAY: elements; JV_OBJECT: pairs */
    struct JsonValue **items; /* elements, or the pairs' values */
    char **keys;              /* JV_OBJECT: decoded keys */
    size_t *keylens;
} JsonValue;

/*
 * Parse JSON text into a tree in the current context. 22P02 "invalid input syntax for type
 * json" with PostgreSQL's DETAIL and CONTEXT on bad input; for_jsonb also refuses \u0000
 * (22P05) as jsonb cannot hold it.
 */
JsonValue *json_parse(const char *text, size_t len, bool for_jsonb);

/* Append s as a JSON string literal, escaped as PostgreSQL escapes it. */
void json_append_string(StrBuf *sb, const char *s, size_t len);

/* jsonb's canonical form: keys sorted (length, then bytes), the last duplicate kept. */
void jsonb_normalize(JsonValue *v);
/* Text of a jsonb tree: ", " and ": " separators, numbers as numeric prints them. */
void jsonb_append(StrBuf *sb, const JsonValue *v);
/* A jsonb datum (canonical text) from a normalised tree, and the tree of a jsonb datum. */
Datum jsonb_from_tree(const JsonValue *v);
JsonValue *jsonb_tree(Datum d);

/* A value of any type as JSON (to_json): numbers and booleans bare, json embedded, else a
 * string of the output text (timestamps in ISO 8601 with 'T'). */
void json_append_datum(StrBuf *sb, Oid type, Datum value, bool isnull);

/* -> selection (jsonb.c): an object's key (the last duplicate), an array's element (negative
 * indexes count from the end); NULL if absent or of the wrong kind. */
const JsonValue *json_select_key(const JsonValue *v, Datum key);
const JsonValue *json_select_index(const JsonValue *v, int32_t idx);
/* The value at a text[] path (#>): object keys, array indexes (negative from the end);
 * NULL if absent, a path element is NULL or not an index where an array is. */
const JsonValue *json_walk_path(const JsonValue *v, Datum path);
/* "object", "array", "string", "number", "boolean", "null" */
const char *json_kind_name(JsonKind k);

/*
 * Set-returning walks (jsonb.c): the document's top level, parsed once per set into srf->cx
 * (NULL once there is nothing left; 22023 if it is not of kind want), and the next index
 * (-1 and srf->done at the end).
 */
JsonValue *json_srf_tree(FuncCallInfo *fc, bool jsonb, JsonKind want, const char *what);
int json_srf_next(FuncCallInfo *fc);

#endif /* OAK_ADT_JSON_PRIV_H */
