/*
 * record.h
 *     Anonymous record values (pg_type "record", oid 2249): what a function with OUT
 *     columns returns, e.g. information_schema._pg_expandarray. Field selection
 *     (expr).field reads one field.
 *
 * Shapes: as in PostgreSQL, the field names and types of a record are not in its type oid
 * but in a backend-local registry; an expression's typmod names its shape (-1: unknown),
 * and since the analyzer keeps typmods through Vars and subquery columns, the shape
 * follows a value through subqueries. Registering an equal shape again returns the same
 * typmod, so the registry grows only with distinct shapes (it lives for the process).
 *
 * Values carry their own field types, so output needs no typmod. Stored form (one
 * Varlena; every offset below is from the start, the whole value 8-byte aligned as
 * mcx_alloc returns it):
 *
 *     uint32 len | int32 nfields | Oid types[nfields] | uint8 nulls[nfields]
 *     padding to 8, then each non-NULL field at an 8-byte boundary: a by-value type as
 *     its 8-byte Datum, any other type as its whole Varlena
 */
#ifndef OAK_UTILS_RECORD_H
#define OAK_UTILS_RECORD_H

#include "oak/oak.h"
#include "oak/utils/fmgr.h"

enum { RECORDOID = 2249 };

typedef struct RecordShape {
    int nfields;
    const char **names;
    Oid *types;
    int32_t *typmods;
} RecordShape;

/* The typmod naming this shape (registered on first use, in the process context). */
int32_t adt_record_shape_register(int n,
                                  const char *const *names,
                                  const Oid *types,
                                  const int32_t *typmods);
/* The shape a typmod names, or NULL for -1 or a typmod never registered. */
const RecordShape *adt_record_shape(int32_t typmod);
/* Index of the field named name in the shape, -1 if none. */
int adt_record_shape_field(const RecordShape *shape, const char *name);

/* Build a record value in the current context (values copied). */
Datum adt_record_build(int n, const Oid *types, const Datum *values, const bool *nulls);
int adt_record_nfields(Datum rec);
/* Field i (0-based) of rec: its value (pointing into rec), its type and NULL flag. */
Datum adt_record_field(Datum rec, int i, Oid *type, bool *isnull);

/*
 * rec IS NULL (is_null) / IS NOT NULL for a non-NULL record, as SQL defines it for rows:
 * IS NULL when every field is NULL, IS NOT NULL when none is.
 */
bool adt_record_nulltest(Datum rec, bool is_null);

/* record_in / record_out through the type table. */
Datum adt_record_in(const char *str, int32_t typmod);
char *adt_record_out(Datum value);
/*
 * record_send: int32 field count, then per field its type oid, int32 length (-1 for
 * NULL) and its binary form. 42883 for a field whose type has no binary form.
 */
void adt_record_send(Datum value, StrBuf *out);
/*
 * Ordering (PostgreSQL's record_cmp): field by field, a NULL field after any value and
 * equal to another NULL; 42804 for records of different field counts or field types,
 * 42883 for a field type without ordering. The key encodes the same order.
 */
void adt_record_key(StrBuf *out, Datum value);
int adt_record_cmp(Datum a, Datum b);

/*
 * Field selection (expr).field: an EXPR_FUNC of adt_record_field_proc over (record,
 * int4 field index), its type and typmod those of the field. Strict: a NULL record gives
 * NULL. Deparsed as (arg).name.
 */
extern const struct ProcDesc adt_record_field_proc;
Datum adt_fn_record_field(FuncCallInfo *fc);

/*
 * Functions of the information_schema schema (not in pg_catalog's table): only
 * _pg_expandarray(anyarray) RETURNS SETOF record (x anyelement, n int4). Iterate over
 * the ones named name as adt_proc_next_by_name does.
 */
const struct ProcDesc *adt_infoschema_proc_next_by_name(const char *name,
                                                        const struct ProcDesc *prev);
/*
 * The record shape's typmod of a call of proc (an information_schema function) whose
 * resolved argument types are argtypes; -1 when it does not return a record.
 */
int32_t adt_infoschema_result_typmod(const struct ProcDesc *proc, const Oid *argtypes);
Datum adt_fn_pg_expandarray(FuncCallInfo *fc);

#endif /* OAK_UTILS_RECORD_H */
