/*
 * array_agg.c
 *     array_agg(anynonarray) and array_agg(anyarray): every input, NULLs included, in input
 *     order, into a one-dimensional array, or (for array inputs) stacked into an array of
 *     one more dimension; with ORDER BY, sorted by the keys the executor encodes for each
 *     input (stable: equal keys keep input order).
 *
 * The state lives in the group's context (agg.c's rule): the kept values are copied into
 * it as they arrive; the final step builds the array in the current context.
 */
#include "oak/oak.h"

#include <stdlib.h>

#include "adt_priv.h"
#include "oak/utils/array.h"

typedef struct ArrAggState {
    Oid type; /* the input type */
    int n;
    int cap;
    Datum *values;
    bool *nulls;
    StrBuf *keys; /* array_agg(x ORDER BY ...): each input's sort key, else NULL */
} ArrAggState;

Datum
adt_array_agg_init(MemCtx *cx)
{
    return ptr_datum(mcx_alloc0_in(cx, sizeof(ArrAggState)));
}

Datum
adt_array_agg_trans(
    MemCtx *cx, Datum state, Datum value, bool isnull, Oid type, const StrBuf *sortkey)
{
    ArrAggState *st = datum_ptr(state);
    if (adt_type_is_array(type) && !adt_type_is_vector(type)) {
        /* array_agg(anyarray): the same checks PostgreSQL makes as it accumulates */
        if (isnull)
            ereport(ERROR,
                    err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                    err_msg("cannot accumulate null arrays"));
        if (adt_array_ndim(value) == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
                    err_msg("cannot accumulate empty arrays"));
    }
    MemCtx *old = mcx_switch(cx);
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 16;
        st->values = mcx_realloc(st->values, sizeof(Datum) * (size_t)st->cap);
        st->nulls = mcx_realloc(st->nulls, sizeof(bool) * (size_t)st->cap);
        if (sortkey != NULL)
            st->keys = mcx_realloc(st->keys, sizeof(StrBuf) * (size_t)st->cap);
    }
    if (sortkey != NULL) {
        st->keys[st->n].data = mcx_alloc(sortkey->len + 1);
        memcpy(st->keys[st->n].data, sortkey->data, sortkey->len);
        st->keys[st->n].len = sortkey->len;
    }
    st->type = type;
    st->nulls[st->n] = isnull;
    st->values[st->n] = isnull ? 0 : adt_datum_copy(adt_type(type), value);
    st->n++;
    mcx_switch(old);
    return state;
}

/* Sort order of two inputs by key; equal keys keep input order (a stable sort). */
static const StrBuf *arr_agg_sort_keys;

static int
arr_agg_cmp(const void *pa, const void *pb)
{
    int a = *(const int *)pa;
    int b = *(const int *)pb;
    const StrBuf *ka = &arr_agg_sort_keys[a];
    const StrBuf *kb = &arr_agg_sort_keys[b];
    int c = memcmp(ka->data, kb->data, ka->len < kb->len ? ka->len : kb->len);
    if (c == 0)
        c = ka->len < kb->len ? -1 : ka->len > kb->len ? 1 : 0;
    return c != 0 ? c : (a > b) - (a < b);
}

/* The inputs in final order (by sort key when there is one), in the current context. */
static void
arr_agg_ordered(const ArrAggState *st, Datum *values, bool *nulls)
{
    int *idx = mcx_alloc(sizeof(int) * (size_t)st->n);
    for (int i = 0; i < st->n; i++)
        idx[i] = i;
    if (st->keys != NULL) {
        arr_agg_sort_keys = st->keys;
        qsort(idx, (size_t)st->n, sizeof(int), arr_agg_cmp);
        arr_agg_sort_keys = NULL;
    }
    for (int i = 0; i < st->n; i++) {
        values[i] = st->values[idx[i]];
        nulls[i] = st->nulls[idx[i]];
    }
}

Datum
adt_array_agg_final(Datum state, bool *isnull)
{
    const ArrAggState *st = datum_ptr(state);
    *isnull = st->n == 0;
    if (st->n == 0)
        return 0;
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)st->n);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)st->n);
    arr_agg_ordered(st, values, nulls);
    return adt_array_build_1d(st->type, st->n, values, nulls);
}

Datum
adt_array_agg_array_final(Datum state, bool *isnull)
{
    const ArrAggState *st = datum_ptr(state);
    *isnull = st->n == 0;
    if (st->n == 0)
        return 0;
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)st->n);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)st->n);
    arr_agg_ordered(st, values, nulls);
    return adt_array_stack(adt_array_elem_of(st->type), st->n, values, nulls, true);
}
