/*
 * array_agg.c
 *     array_agg(anynonarray) and array_agg(anyarray): every input, NULLs included, in input
 *     order, into a one-dimensional array, or (for array inputs) stacked into an array of
 *     one more dimension.
 *
 * The state lives in the group's context (agg.c's rule): the kept values are copied into
 * it as they arrive; the final step builds the array in the current context.
 */
#include "oak/oak.h"

#include "adt_priv.h"
#include "oak/utils/array.h"

typedef struct ArrAggState {
    Oid type; /* the input type */
    int n;
    int cap;
    Datum *values;
    bool *nulls;
} ArrAggState;

Datum
adt_array_agg_init(MemCtx *cx)
{
    return ptr_datum(mcx_alloc0_in(cx, sizeof(ArrAggState)));
}

Datum
adt_array_agg_trans(MemCtx *cx, Datum state, Datum value, bool isnull, Oid type)
{
    ArrAggState *st = datum_ptr(state);
    if (adt_type_is_array(type) && type != INT2VECTOROID) {
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
    }
    st->type = type;
    st->nulls[st->n] = isnull;
    st->values[st->n] = isnull ? 0 : adt_datum_copy(adt_type(type), value);
    st->n++;
    mcx_switch(old);
    return state;
}

Datum
adt_array_agg_final(Datum state, bool *isnull)
{
    const ArrAggState *st = datum_ptr(state);
    *isnull = st->n == 0;
    if (st->n == 0)
        return 0;
    return adt_array_build_1d(st->type, st->n, st->values, st->nulls);
}

Datum
adt_array_agg_array_final(Datum state, bool *isnull)
{
    const ArrAggState *st = datum_ptr(state);
    *isnull = st->n == 0;
    if (st->n == 0)
        return 0;
    return adt_array_stack(adt_array_elem_of(st->type), st->n, st->values, st->nulls, true);
}
