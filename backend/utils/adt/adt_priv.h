/*
 * adt_priv.h
 *     What the files of backend/utils/adt share: each type's I/O, key encoding and
 *     comparison (named in the type table, adt_types.c) and small helpers.
 */
#ifndef OAK_ADT_PRIV_H
#define OAK_ADT_PRIV_H

#include "oak/utils/adt.h"

/* Declares the TypeDesc callbacks of one type: adt_<t>_in, _out, _key, _cmp. */
#define ADT_TYPE_CALLBACKS(t)                                                                      \
    Datum adt_##t##_in(const char *str, int32_t typmod);                                           \
    char *adt_##t##_out(Datum value);                                                              \
    void adt_##t##_key(StrBuf *out, Datum value);                                                  \
    int adt_##t##_cmp(Datum a, Datum b);

ADT_TYPE_CALLBACKS(bool)
ADT_TYPE_CALLBACKS(char)
ADT_TYPE_CALLBACKS(int2)
ADT_TYPE_CALLBACKS(int4)
ADT_TYPE_CALLBACKS(int8)
ADT_TYPE_CALLBACKS(oid)
ADT_TYPE_CALLBACKS(float4)
ADT_TYPE_CALLBACKS(float8)
ADT_TYPE_CALLBACKS(numeric)
ADT_TYPE_CALLBACKS(text)
ADT_TYPE_CALLBACKS(bpchar)
ADT_TYPE_CALLBACKS(varchar)
ADT_TYPE_CALLBACKS(name)
ADT_TYPE_CALLBACKS(bytea)
ADT_TYPE_CALLBACKS(timestamptz)
ADT_TYPE_CALLBACKS(timestamp)
ADT_TYPE_CALLBACKS(date)
ADT_TYPE_CALLBACKS(time)
ADT_TYPE_CALLBACKS(interval)
ADT_TYPE_CALLBACKS(uuid)
ADT_TYPE_CALLBACKS(jsonb)
ADT_TYPE_CALLBACKS(timetz)

/* json: text kept as entered; no comparison (PostgreSQL has none). */
Datum adt_json_in(const char *str, int32_t typmod);
char *adt_json_out(Datum value);

/* CURRENT_DATE and LOCALTIME of the transaction start (date.c, time.c). */
Datum adt_current_date(void);
Datum adt_current_time_local(void);
Datum adt_current_timetz(void);

/* timetz parts (timetz.c): local time of day in microseconds, zone in seconds west of UTC. */

/* uuid bytes for the binary format (uuid.c). */
Datum adt_uuid_from_bytes(const uint8_t *p);
const uint8_t *adt_uuid_get_bytes(Datum d);

Datum adt_unknown_in(const char *str, int32_t typmod);
char *adt_unknown_out(Datum value);
Datum adt_void_in(const char *str, int32_t typmod);
char *adt_void_out(Datum value);
Datum adt_regclass_in(const char *str, int32_t typmod);
char *adt_regclass_out(Datum value);
Datum adt_regproc_in(const char *str, int32_t typmod);
char *adt_regproc_out(Datum value);
Datum adt_regprocedure_in(const char *str, int32_t typmod);
char *adt_regprocedure_out(Datum value);
Datum adt_regtype_in(const char *str, int32_t typmod);
char *adt_regtype_out(Datum value);
Datum adt_regnamespace_in(const char *str, int32_t typmod);
char *adt_regnamespace_out(Datum value);
Datum adt_regrole_in(const char *str, int32_t typmod);
char *adt_regrole_out(Datum value);
Datum adt_oidvector_in(const char *str, int32_t typmod);
char *adt_oidvector_out(Datum value);
Datum adt_pg_node_tree_in(const char *str, int32_t typmod);

Datum adt_varchar_typmod(Datum value, int32_t typmod, bool explicit_cast);
Datum adt_bpchar_typmod(Datum value, int32_t typmod, bool explicit_cast);
Datum adt_numeric_typmod(Datum value, int32_t typmod, bool explicit_cast);

/* Key encoding helpers shared by types with a common encoding. */
void adt_key_int64(StrBuf *out, int64_t v);
void adt_key_double(StrBuf *out, double v);
void adt_key_bytes(StrBuf *out, const char *p, size_t n);

/* Float helpers (float.c) */
double adt_float8_parse(const char *str, const char *typname, bool is_float4);
char *adt_float8_format(double v, bool is_float4);

/* Numeric helpers (numeric.c) */
Datum adt_numeric_from_double(double v);
double adt_numeric_to_double(Datum num);
int64_t adt_numeric_to_int64(Datum num, int64_t min, int64_t max, const char *typname);
Datum adt_numeric_add_datums(Datum a, Datum b);
Datum adt_numeric_div_datums(Datum a, Datum b);
bool adt_numeric_is_inf(Datum num); /* +Infinity or -Infinity */

/* Text helpers (varlena.c) */
static inline const char *
adt_text_data(Datum d)
{
    return ((const Varlena *)datum_ptr(d))->data;
}

static inline size_t
adt_text_len(Datum d)
{
    return varlena_size((const Varlena *)datum_ptr(d));
}

/* Result of a void function, and of a function returning NULL. */
static inline Datum
adt_return_null(FuncCallInfo *fc)
{
    fc->isnull = true;
    return 0;
}

/* cstring (adt_types.c): the Datum is a C string. */
Datum adt_cstring_in(const char *str, int32_t typmod);
char *adt_cstring_out(Datum value);

/* Array types (array_types.c): one input function per array type, the rest shared. */
#define ADT_ARRAY_IN(t) Datum adt_arr_##t##_in(const char *str, int32_t typmod);
ADT_ARRAY_IN(bool)
ADT_ARRAY_IN(bytea)
ADT_ARRAY_IN(char)
ADT_ARRAY_IN(name)
ADT_ARRAY_IN(int8)
ADT_ARRAY_IN(int2)
ADT_ARRAY_IN(int4)
ADT_ARRAY_IN(text)
ADT_ARRAY_IN(oid)
ADT_ARRAY_IN(float4)
ADT_ARRAY_IN(float8)
ADT_ARRAY_IN(bpchar)
ADT_ARRAY_IN(varchar)
ADT_ARRAY_IN(timestamp)
ADT_ARRAY_IN(timestamptz)
ADT_ARRAY_IN(numeric)
ADT_ARRAY_IN(regclass)
ADT_ARRAY_IN(regproc)
ADT_ARRAY_IN(regprocedure)
ADT_ARRAY_IN(regtype)
ADT_ARRAY_IN(regnamespace)
ADT_ARRAY_IN(regrole)
ADT_ARRAY_IN(oidvector)
ADT_ARRAY_IN(xid8)
ADT_ARRAY_IN(int2vector)
ADT_ARRAY_IN(date)
ADT_ARRAY_IN(time)
ADT_ARRAY_IN(interval)
ADT_ARRAY_IN(timetz)
ADT_ARRAY_IN(uuid)
ADT_ARRAY_IN(jsonb)
ADT_ARRAY_IN(json)
char *adt_arr_out(Datum value);
void adt_arr_key(StrBuf *out, Datum value);
int adt_arr_cmp(Datum a, Datum b);
Datum adt_arr_typmod(Datum value, int32_t typmod, bool explicit_cast);
Datum adt_int2vector_in(const char *str, int32_t typmod);
char *adt_int2vector_out(Datum value);

/*
 * string_to_array's split (array_funcs.c): str, delim [, null_str] from fc; *isnull for a
 * NULL str.
 */
Datum adt_array_split_text(FuncCallInfo *fc, bool *isnull);

/* array_agg (array_agg.c) */
Datum adt_array_agg_init(MemCtx *cx);
Datum adt_array_agg_trans(
    MemCtx *cx, Datum state, Datum value, bool isnull, Oid type, const StrBuf *sortkey);
Datum adt_array_agg_final(Datum state, bool *isnull);
Datum adt_array_agg_array_final(Datum state, bool *isnull);

/* xid8 (xid8.c) */
Datum adt_xid8_in(const char *str, int32_t typmod);
char *adt_xid8_out(Datum value);
void adt_xid8_key(StrBuf *out, Datum value);
int adt_xid8_cmp(Datum a, Datum b);

#endif /* OAK_ADT_PRIV_H */
