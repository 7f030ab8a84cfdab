/*
 * exec_array.c
 *     Evaluating array expressions: ARRAY[...] (sub-arrays stacked into one more
 *     dimension), subscripts and slices with PostgreSQL's rules (a wrong number of
 *     subscripts, a NULL one or one out of bounds gives NULL; a slice is clipped to the
 *     array's bounds and comes back with lower bounds 1), lhs op ANY / ALL (array) with
 *     three-valued logic, and ARRAY(subquery). Stacking sub-arrays is adt_array_stack()
 *     (backend/utils/adt/array.c), shared with array_agg.
 *
 * Memory: results are allocated in the current (per-row) context, like every expression.
 */
#include "oak/oak.h"

#include "exec_internal.h"

#include "oak/executor/executor.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"

Datum
exec_eval_array(Expr *e, const ExecRow *row, bool *isnull)
{
    int n = e->u.array.nargs;
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        values[i] = exec_eval(e->u.array.args[i], row, &nulls[i]);
    *isnull = false;
    if (e->u.array.multidims)
        return adt_array_stack(e->u.array.elemtype, n, values, nulls, false);
    return adt_array_build_1d(e->u.array.elemtype, n, values, nulls);
}

/* a[i][j]: NULL unless there is one subscript per dimension, each within its bounds. */
static Datum
exec_array_fetch(const AdtArray *a, const int *subs, int nsubs, bool *isnull)
{
    *isnull = true;
    if (nsubs != a->ndim)
        return 0;
    int offset = 0;
    for (int d = 0; d < nsubs; d++) {
        int i = subs[d] - a->lbound[d];
        if (subs[d] < a->lbound[d] || i >= a->dims[d])
            return 0;
        offset = offset * a->dims[d] + i;
    }
    *isnull = a->nulls[offset];
    return a->values[offset];
}

/* a[l:u][l:u]: the part within bounds, lower bounds 1; dimensions not named are taken whole. */
static Datum
exec_array_slice(const AdtArray *a, const int *lo, const int *hi, int nsubs)
{
    if (a->ndim == 0 || nsubs > a->ndim)
        return adt_array_empty(a->elemtype);
    AdtArray out = {.elemtype = a->elemtype, .ndim = a->ndim};
    int from[ADT_ARRAY_MAXDIM];
    for (int d = 0; d < a->ndim; d++) {
        int l = d < nsubs ? lo[d] : a->lbound[d];
        int u = d < nsubs ? hi[d] : a->lbound[d] + a->dims[d] - 1;
        if (l < a->lbound[d])
            l = a->lbound[d];
        if (u > a->lbound[d] + a->dims[d] - 1)
            u = a->lbound[d] + a->dims[d] - 1;
        if (l > u)
            return adt_array_empty(a->elemtype);
        from[d] = l - a->lbound[d];
        out.dims[d] = u - l + 1;
        out.lbound[d] = 1;
    }
    out.nitems = adt_array_count_items(out.ndim, out.dims);
    out.values = mcx_alloc(sizeof(Datum) * (size_t)(out.nitems + 1));
    out.nulls = mcx_alloc(sizeof(bool) * (size_t)(out.nitems + 1));
    int idx[ADT_ARRAY_MAXDIM] = {0};
    for (int k = 0; k < out.nitems; k++) {
        int offset = 0;
        for (int d = 0; d < a->ndim; d++)
            offset = offset * a->dims[d] + from[d] + idx[d];
        out.values[k] = a->values[offset];
        out.nulls[k] = a->nulls[offset];
        for (int d = a->ndim - 1; d >= 0 && ++idx[d] == out.dims[d]; d--)
            idx[d] = 0;
    }
    return adt_array_build(&out);
}

static void __attribute__((noreturn)) exec_array_subscript_error(const char *msg)
{
    ereport(ERROR, err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR), err_msg("%s", msg));
}

/* The bounds of slice dimension d: given, or the array's own (wanted when omitted). */
static void
exec_slice_bounds(const Expr *e, const int *subs, int d, const AdtArray *a, int *lo, int *hi)
{
    bool has_dim = a != NULL && d < a->ndim;
    *lo = (e->u.array.omitted & (1u << (2 * d))) ? (has_dim ? a->lbound[d] : 0) : subs[2 * d];
    *hi = (e->u.array.omitted & (1u << (2 * d + 1))) ? (has_dim ? a->lbound[d] + a->dims[d] - 1 : 0)
                                                     : subs[2 * d + 1];
}

/* Copy the first n elements of src into r's elements at the slice [lo, hi] (row-major). */
static void
exec_slice_fill(AdtArray *r, const int *lo, const int *hi, const AdtArray *src)
{
    int idx[ADT_ARRAY_MAXDIM];
    for (int d = 0; d < r->ndim; d++)
        idx[d] = lo[d];
    int n = 1;
    for (int d = 0; d < r->ndim; d++)
        n *= hi[d] - lo[d] + 1;
    if (src->nitems < n)
        exec_array_subscript_error("source array too small");
    for (int k = 0; k < n; k++) {
        int offset = 0;
        for (int d = 0; d < r->ndim; d++)
            offset = offset * r->dims[d] + (idx[d] - r->lbound[d]);
        r->values[offset] = src->values[k];
        r->nulls[offset] = src->nulls[k];
        for (int d = r->ndim - 1; d >= 0 && ++idx[d] > hi[d]; d--)
            idx[d] = lo[d];
    }
}

/*
 * a[l:u][l:u] = src: the array with that slice replaced by src's leading elements. A NULL
 * src leaves the array as it is; a NULL or empty array needs every bound given; a 1-D
 * array grows (NULLs in any gap), others must already hold the slice (2202E).
 */
static Datum
exec_array_assign_slice(
    Expr *e, Datum arr, bool anull, const int *subs, Datum value, bool vnull, bool *isnull)
{
    int nd = (e->u.array.nargs - 2) / 2;
    *isnull = anull;
    if (vnull)
        return arr;
    AdtArray src;
    adt_array_open(value, &src);
    int lo[ADT_ARRAY_MAXDIM];
    int hi[ADT_ARRAY_MAXDIM];
    bool empty = anull || adt_array_ndim(arr) == 0;
    AdtArray a = {.elemtype = e->u.array.elemtype};
    if (!empty)
        adt_array_open(arr, &a);
    if (empty && e->u.array.omitted != 0)
        ereport(ERROR,
                err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
                err_msg("array slice subscript must provide both boundaries"),
                err_detail("When assigning to a slice of an empty array value, slice boundaries "
                           "must be fully specified."));
    if (!empty && nd > a.ndim)
        exec_array_subscript_error("wrong number of array subscripts");
    int ndim = empty ? nd : a.ndim;
    for (int d = 0; d < ndim; d++) {
        if (d < nd)
            exec_slice_bounds(e, subs, d, empty ? NULL : &a, &lo[d], &hi[d]);
        else {
            lo[d] = a.lbound[d];
            hi[d] = a.lbound[d] + a.dims[d] - 1;
        }
        if (hi[d] < lo[d])
            exec_array_subscript_error("upper bound cannot be less than lower bound");
    }
    AdtArray r = {.elemtype = a.elemtype, .ndim = ndim};
    for (int d = 0; d < ndim; d++) {
        int alo = empty ? lo[d] : a.lbound[d];
        int ahi = empty ? hi[d] : a.lbound[d] + a.dims[d] - 1;
        if (!empty && ndim > 1 && (lo[d] < alo || hi[d] > ahi))
            exec_array_subscript_error("array subscript out of range");
        r.lbound[d] = lo[d] < alo ? lo[d] : alo;
        r.dims[d] = (hi[d] > ahi ? hi[d] : ahi) - r.lbound[d] + 1;
    }
    r.nitems = adt_array_count_items(r.ndim, r.dims);
    r.values = mcx_alloc0(sizeof(Datum) * (size_t)r.nitems);
    r.nulls = mcx_alloc(sizeof(bool) * (size_t)r.nitems);
    for (int i = 0; i < r.nitems; i++)
        r.nulls[i] = true;
    if (!empty) { /* one dimension here when the array grew */
        int off = ndim == 1 ? a.lbound[0] - r.lbound[0] : 0;
        memcpy(r.values + off, a.values, sizeof(Datum) * (size_t)a.nitems);
        memcpy(r.nulls + off, a.nulls, sizeof(bool) * (size_t)a.nitems);
    }
    exec_slice_fill(&r, lo, hi, &src);
    *isnull = false;
    return adt_array_build(&r);
}

/*
 * a[i][j] = v: the array with one element replaced. A NULL or empty array becomes one
 * whose lower bounds are the subscripts; a one-dimensional array grows (with NULLs in
 * between) to take a subscript outside it; other arrays must already hold the element.
 */
static Datum
exec_array_assign(Expr *e, const ExecRow *row, bool *isnull)
{
    bool anull;
    Datum arr = exec_eval(e->u.array.args[0], row, &anull);
    int nsubs = e->u.array.nargs - 2;
    int subs[2 * ADT_ARRAY_MAXDIM];
    for (int k = 0; k < nsubs; k++) {
        bool n;
        Datum v = exec_eval(e->u.array.args[1 + k], row, &n);
        if (e->u.array.omitted & (1u << k))
            continue;
        if (n)
            ereport(ERROR,
                    err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                    err_msg("array subscript in assignment must not be null"));
        subs[k] = datum_int32(v);
    }
    bool vnull;
    Datum value = exec_eval(e->u.array.args[nsubs + 1], row, &vnull);
    if (e->u.array.slice)
        return exec_array_assign_slice(e, arr, anull, subs, value, vnull, isnull);
    AdtArray a;
    if (anull || adt_array_ndim(arr) == 0) {
        AdtArray one = {.elemtype = e->u.array.elemtype, .ndim = nsubs, .nitems = 1};
        for (int d = 0; d < nsubs; d++) {
            one.dims[d] = 1;
            one.lbound[d] = subs[d];
        }
        one.values = &value;
        one.nulls = &vnull;
        *isnull = false;
        return adt_array_build(&one);
    }
    adt_array_open(arr, &a);
    if (a.ndim != nsubs)
        exec_array_subscript_error("wrong number of array subscripts");
    if (a.ndim == 1 && (subs[0] < a.lbound[0] || subs[0] >= a.lbound[0] + a.dims[0])) {
        int lo = subs[0] < a.lbound[0] ? subs[0] : a.lbound[0];
        int hi = subs[0] >= a.lbound[0] + a.dims[0] ? subs[0] : a.lbound[0] + a.dims[0] - 1;
        AdtArray g = {.elemtype = a.elemtype, .ndim = 1, .nitems = hi - lo + 1};
        g.dims[0] = g.nitems;
        g.lbound[0] = lo;
        g.values = mcx_alloc0(sizeof(Datum) * (size_t)g.nitems);
        g.nulls = mcx_alloc(sizeof(bool) * (size_t)g.nitems);
        for (int i = 0; i < g.nitems; i++)
            g.nulls[i] = true;
        memcpy(g.values + (a.lbound[0] - lo), a.values, sizeof(Datum) * (size_t)a.nitems);
        memcpy(g.nulls + (a.lbound[0] - lo), a.nulls, sizeof(bool) * (size_t)a.nitems);
        a = g;
    }
    int offset = 0;
    for (int d = 0; d < nsubs; d++) {
        int i = subs[d] - a.lbound[d];
        if (subs[d] < a.lbound[d] || i >= a.dims[d])
            exec_array_subscript_error("array subscript out of range");
        offset = offset * a.dims[d] + i;
    }
    a.values[offset] = value;
    a.nulls[offset] = vnull;
    *isnull = false;
    return adt_array_build(&a);
}

Datum
exec_eval_subscript(Expr *e, const ExecRow *row, bool *isnull)
{
    if (e->u.array.assign)
        return exec_array_assign(e, row, isnull);
    Datum arr = exec_eval(e->u.array.args[0], row, isnull);
    if (*isnull)
        return 0;
    int nbounds = e->u.array.nargs - 1;
    int vals[2 * ADT_ARRAY_MAXDIM];
    for (int k = 0; k < nbounds; k++) {
        bool n;
        Datum v = exec_eval(e->u.array.args[1 + k], row, &n);
        if (e->u.array.omitted & (1u << k)) {
            vals[k] = k % 2 == 0 ? INT32_MIN : INT32_MAX; /* clipped to the bounds below */
            continue;
        }
        if (n) {
            *isnull = true;
            return 0;
        }
        vals[k] = datum_int32(v);
    }
    AdtArray a;
    adt_array_open(arr, &a);
    if (!e->u.array.slice)
        return exec_array_fetch(&a, vals, nbounds, isnull);
    int lo[ADT_ARRAY_MAXDIM];
    int hi[ADT_ARRAY_MAXDIM];
    for (int d = 0; d < nbounds / 2; d++) {
        lo[d] = vals[2 * d];
        hi[d] = vals[2 * d + 1];
    }
    *isnull = false;
    return exec_array_slice(&a, lo, hi, nbounds / 2);
}

/* lhs op ANY (true if any is true; else NULL if any NULL; else false) or ALL (dual). */
Datum
exec_eval_arrayop(Expr *e, const ExecRow *row, bool *isnull)
{
    bool lnull;
    Datum lhs = exec_eval(e->u.array.args[0], row, &lnull);
    Datum arr = exec_eval(e->u.array.args[1], row, isnull);
    if (*isnull)
        return 0;
    bool use_or = e->u.array.use_or;
    const ProcDesc *proc = e->u.array.proc;
    AdtArray a;
    adt_array_open(arr, &a);
    *isnull = false;
    if (a.nitems == 0)
        return bool_datum(!use_or);
    if (lnull && proc->strict) {
        *isnull = true;
        return 0;
    }
    bool saw_null = false;
    for (int i = 0; i < a.nitems; i++) {
        if (a.nulls[i] && proc->strict) {
            saw_null = true;
            continue;
        }
        FuncCallInfo fc = {.nargs = 2, .typmod = -1, .result_type = BOOLOID};
        fc.arg[0] = lhs;
        fc.argnull[0] = lnull;
        fc.argtype[0] = e->u.array.args[0]->type;
        fc.arg[1] = a.values[i];
        fc.argnull[1] = a.nulls[i];
        fc.argtype[1] = e->u.array.elemtype;
        Datum r = proc->fn(&fc);
        if (fc.isnull) {
            saw_null = true;
            continue;
        }
        if (datum_bool(r) == use_or)
            return bool_datum(use_or);
    }
    *isnull = saw_null;
    return bool_datum(!use_or);
}

Datum
exec_array_from_rows(ExecNode *node, Oid arrtype, Oid coltype)
{
    const TypeDesc *ct = adt_type(coltype);
    uint64_t cap = 16;
    uint64_t n = 0;
    Datum *values = mcx_alloc(sizeof(Datum) * cap);
    bool *nulls = mcx_alloc(sizeof(bool) * cap);
    ExecRow *r;
    while ((r = exec_next(node)) != NULL) {
        if (n == cap) {
            cap *= 2;
            values = mcx_realloc(values, sizeof(Datum) * cap);
            nulls = mcx_realloc(nulls, sizeof(bool) * cap);
        }
        nulls[n] = r->nulls[0];
        values[n] = nulls[n] ? 0 : adt_datum_copy(ct, r->values[0]);
        n++;
    }
    if (n > (uint64_t)INT32_MAX)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("array size exceeds the maximum allowed (%d)", 134217727));
    Oid elem = adt_array_elem_of(arrtype);
    if (arrtype == coltype)
        return adt_array_stack(elem, (int)n, values, nulls, true);
    return adt_array_build_1d(elem, (int)n, values, nulls);
}
