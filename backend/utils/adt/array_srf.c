/*
 * array_srf.c
 *     Array set-returning functions in the value-per-call protocol of fmgr.h (SrfCall):
 *     unnest(anyarray) (the elements, NULLs included, in storage order, every dimension
 *     flattened), generate_subscripts and string_to_table.
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

/* generate_subscripts(arr, dim [, reverse]): the subscripts of one dimension, in order. */
typedef struct ArrSubscripts {
    int cur;
    int last;
    int step;
} ArrSubscripts;

static Datum
arr_subscripts(FuncCallInfo *fc, bool reverse)
{
    SrfCall *srf = fc->srf;
    ArrSubscripts *g = srf->state;
    if (g == NULL) {
        g = mcx_alloc0_in(srf->cx, sizeof *g);
        int d = datum_int32(fc->arg[1]);
        Datum arr = fc->arg[0];
        if (d < 1 || d > adt_array_ndim(arr)) {
            g->cur = 1; /* no dimension there: an empty set */
            g->last = 0;
            g->step = 1;
        } else {
            int lo = adt_array_lbounds(arr)[d - 1];
            int hi = lo + adt_array_dims(arr)[d - 1] - 1;
            g->cur = reverse ? hi : lo;
            g->last = reverse ? lo : hi;
            g->step = reverse ? -1 : 1;
        }
        srf->state = g;
    }
    if (g->step > 0 ? g->cur > g->last : g->cur < g->last) {
        srf->done = true;
        return 0;
    }
    int v = g->cur;
    if (v == g->last)
        g->step > 0 ? g->last-- : g->last++; /* ends without stepping past an int4 limit */
    else
        g->cur += g->step;
    return int32_datum(v);
}

Datum
adt_fn_generate_subscripts(FuncCallInfo *fc)
{
    return arr_subscripts(fc, datum_bool(fc->arg[2]));
}

Datum
adt_fn_generate_subscripts_nodir(FuncCallInfo *fc)
{
    return arr_subscripts(fc, false);
}

/* string_to_table(str, delim [, null_str]): string_to_array's fields as rows. */
static Datum
arr_text_rows(FuncCallInfo *fc)
{
    SrfCall *srf = fc->srf;
    ArrUnnest *u = srf->state;
    if (u == NULL) {
        MemCtx *old = mcx_switch(srf->cx);
        u = mcx_alloc0(sizeof *u);
        bool isnull = false;
        Datum arr = adt_array_split_text(fc, &isnull);
        if (!isnull)
            adt_array_open(arr, &u->a);
        u->elem = adt_type(TEXTOID);
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

Datum
adt_fn_text_to_table(FuncCallInfo *fc)
{
    return arr_text_rows(fc);
}

Datum
adt_fn_text_to_table_null(FuncCallInfo *fc)
{
    return arr_text_rows(fc);
}
