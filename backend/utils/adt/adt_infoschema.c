/*
 * adt_infoschema.c
 *     Built-in functions of the information_schema schema, apart from pg_catalog's table
 *     (adt_tables.c) so that they resolve only by their schema: _pg_expandarray(anyarray),
 *     which drivers (pgjdbc's getPrimaryKeys) call to turn pg_index.indkey into rows.
 *
 * _pg_expandarray returns SETOF record (x anyelement, n int4): for each subscript s of
 * the array's first dimension, x = $1[s] and n = s - array_lower($1, 1) + 1 (its 1-based
 * position), as PostgreSQL's SQL definition gives; x is NULL for an array of more than
 * one dimension (one subscript selects no element there) and an empty array gives no
 * rows. Its oid, 13208, is the one PostgreSQL 15's initdb gives it: below 16384 and
 * clashing with no built-in oid.
 *
 * Not here: record values (record.c), running the set (executor/exec_srf.c).
 */
#include "oak/oak.h"

#include "oak/utils/adt.h"
#include "oak/utils/array.h"
#include "oak/utils/record.h"

static const ProcDesc adt_infoschema_procs[] = {
    {.oid = 13208,
     .name = "_pg_expandarray",
     .rettype = RECORDOID,
     .nargs = 1,
     .argtypes = {ANYARRAYOID},
     .strict = true,
     .retset = true,
     .volatility = 'i',
     .fn = adt_fn_pg_expandarray,
     .src = "",
     .lang = 14,
     .parallel = 's'},
};

const ProcDesc *
adt_infoschema_proc_next_by_name(const char *name, const ProcDesc *prev)
{
    int start = prev == NULL ? 0 : (int)(prev - adt_infoschema_procs) + 1;
    for (int i = start; i < (int)OAK_LENGTHOF(adt_infoschema_procs); i++)
        if (strcmp(adt_infoschema_procs[i].name, name) == 0)
            return &adt_infoschema_procs[i];
    return NULL;
}

int32_t
adt_infoschema_result_typmod(const ProcDesc *proc, const Oid *argtypes)
{
    if (proc->rettype != RECORDOID)
        return -1;
    /* _pg_expandarray: x has the element type of the argument */
    static const char *const names[] = {"x", "n"};
    Oid types[2] = {adt_array_elem_of(argtypes[0]), INT4OID};
    int32_t typmods[2] = {-1, -1};
    return adt_record_shape_register(2, names, types, typmods);
}

typedef struct ExpandState {
    AdtArray arr; /* opened in srf->cx */
    Oid xtype;    /* x's type: the shape's (the argument type's element type) */
    int count;    /* positions in the first dimension */
    int next;     /* 0-based */
} ExpandState;

Datum
adt_fn_pg_expandarray(FuncCallInfo *fc)
{
    SrfCall *srf = fc->srf;
    ExpandState *s = srf->state;
    if (s == NULL) {
        MemCtx *old = mcx_switch(srf->cx);
        s = mcx_alloc0(sizeof *s);
        /* a fresh (aligned) copy of the array, whatever array type it came as */
        const Varlena *v = datum_ptr(fc->arg[0]);
        void *copy = mcx_alloc(v->len);
        memcpy(copy, v, v->len);
        adt_array_open(ptr_datum(copy), &s->arr);
        s->count = s->arr.ndim > 0 ? s->arr.dims[0] : 0;
        /* a binary-coercible relabel (text[] as varchar[]) may leave the stored element
         * type behind: x takes the type the analyzer put in the record's shape */
        s->xtype = adt_array_elem_of(fc->argtype[0]);
        if (s->xtype == 0)
            s->xtype = s->arr.elemtype;
        srf->state = s;
        mcx_switch(old);
    }
    if (s->next >= s->count) {
        srf->done = true;
        return 0;
    }
    int k = s->next++;
    Oid types[2] = {s->xtype, INT4OID};
    Datum values[2] = {0, int32_datum(k + 1)};
    bool nulls[2] = {true, false};
    if (s->arr.ndim == 1 && !s->arr.nulls[k]) {
        values[0] = s->arr.values[k];
        nulls[0] = false;
    }
    return adt_record_build(2, types, values, nulls);
}
