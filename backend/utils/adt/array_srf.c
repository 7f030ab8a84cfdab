/*
 * array_srf.c
 *     unnest(anyarray): the elements of an array, NULLs included, in storage order (every
 *     dimension flattened), in the value-per-call protocol of fmgr.h (SrfCall).
 *
 * The first call copies the array into srf->cx (the argument may live in a shorter
 * context) and opens it there; each call returns the next element copied into the
 * current context, so the set's memory does not grow per row.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"
#include "oak/utils/array.h"

typedef struct ArrUnnest {
    AdtArray a;
    const TypeDesc *elem;
    int next;
} ArrUnnest;

Datum
adt_fn_array_unnest(FuncCallInfo *fc)
{
    SrfCall *srf = fc->srf;
    ArrUnnest *u = srf->state;
    if (u == NULL) {
        MemCtx *old = mcx_switch(srf->cx);
        u = mcx_alloc0(sizeof *u);
        Datum copy = adt_datum_copy(adt_type(fc->argtype[0]), fc->arg[0]);
        adt_array_open(copy, &u->a);
        u->elem = adt_type(u->a.elemtype);
        mcx_switch(old);
        srf->state = u;
    }
    if (u->next >= u->a.nitems) {
        srf->done = true;
        return 0;
    }
    int i = u->next++;
    fc->isnull = u->a.nulls[i];
    return fc->isnull ? 0 : adt_datum_copy(u->elem, u->a.values[i]);
}
