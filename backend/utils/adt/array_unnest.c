/*
 * array_unnest.c
 *     unnest(anyarray): the elements of an array as rows, in storage order (row-major for
 *     several dimensions), NULL elements as NULL; no rows for an empty array. A
 *     set-returning function in the value-per-call protocol of fmgr.h.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"
#include "oak/utils/array.h"

typedef struct Unnest {
    AdtArray a; /* opened in the set's context */
    int next;
} Unnest;

Datum
adt_fn_array_unnest(FuncCallInfo *fc)
{
    SrfCall *srf = fc->srf;
    Unnest *u = srf->state;
    if (u == NULL) {
        MemCtx *old = mcx_switch(srf->cx);
        u = mcx_alloc0(sizeof *u);
        /* a copy the set owns: the argument may live only for one call */
        const Varlena *v = datum_ptr(fc->arg[0]);
        Varlena *copy = mcx_alloc(v->len);
        memcpy(copy, v, v->len);
        adt_array_open(ptr_datum(copy), &u->a);
        mcx_switch(old);
        srf->state = u;
    }
    if (u->next >= u->a.nitems) {
        srf->done = true;
        return 0;
    }
    int i = u->next++;
    if (u->a.nulls[i]) {
        fc->isnull = true;
        return 0;
    }
    const TypeDesc *t = adt_type(u->a.elemtype);
    return t != NULL ? adt_datum_copy(t, u->a.values[i]) : u->a.values[i];
}
