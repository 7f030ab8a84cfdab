/*
 * array_funcs.c
 *     SQL-callable array functions and operators: I/O entry points, comparison (= <> < >
 *     <= >= btarraycmp, larger/smaller), containment (@> <@ &&), array_append /
 *     array_prepend / array_cat (the || operators), array_dims / ndims / lower / upper /
 *     length / cardinality, array_to_string / string_to_array, array_position(s),
 *     array_remove / array_replace, array_fill.
 *
 * Polymorphic arguments arrive coerced to concrete types (backend/parser/parse_array.c), and
 * fc->argtype / fc->result_type name them, so a NULL array argument still has an element
 * type. Elements are compared with their type's comparison (NULL equal only to NULL where
 * PostgreSQL says IS NOT DISTINCT FROM).
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"
#include "oak/utils/array.h"

static Datum
arr_bool(bool b)
{
    return bool_datum(b);
}

Datum
adt_fn_array_in(FuncCallInfo *fc)
{
    return adt_array_in_typed(datum_ptr(fc->arg[0]),
                              datum_oid(fc->arg[1]),
                              datum_int32(fc->arg[2]));
}

Datum
adt_fn_array_out(FuncCallInfo *fc)
{
    return ptr_datum(adt_array_out_value(fc->arg[0]));
}

Datum
adt_fn_array_send(FuncCallInfo *fc)
{
    StrBuf sb;
    sb_init(&sb);
    adt_array_send(fc->arg[0], &sb);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_int2vectorin(FuncCallInfo *fc)
{
    return adt_int2vector_in(datum_ptr(fc->arg[0]), -1);
}

Datum
adt_fn_int2vectorout(FuncCallInfo *fc)
{
    return ptr_datum(adt_int2vector_out(fc->arg[0]));
}

/* ---- ordering ---- */

Datum
adt_fn_array_eq(FuncCallInfo *fc)
{
    return arr_bool(adt_array_compare(fc->arg[0], fc->arg[1]) == 0);
}

Datum
adt_fn_array_ne(FuncCallInfo *fc)
{
    return arr_bool(adt_array_compare(fc->arg[0], fc->arg[1]) != 0);
}

Datum
adt_fn_array_lt(FuncCallInfo *fc)
{
    return arr_bool(adt_array_compare(fc->arg[0], fc->arg[1]) < 0);
}

Datum
adt_fn_array_gt(FuncCallInfo *fc)
{
    return arr_bool(adt_array_compare(fc->arg[0], fc->arg[1]) > 0);
}

Datum
adt_fn_array_le(FuncCallInfo *fc)
{
    return arr_bool(adt_array_compare(fc->arg[0], fc->arg[1]) <= 0);
}

Datum
adt_fn_array_ge(FuncCallInfo *fc)
{
    return arr_bool(adt_array_compare(fc->arg[0], fc->arg[1]) >= 0);
}

Datum
adt_fn_btarraycmp(FuncCallInfo *fc)
{
    int c = adt_array_compare(fc->arg[0], fc->arg[1]);
    return int32_datum(c < 0 ? -1 : c > 0 ? 1 : 0);
}

Datum
adt_fn_array_larger(FuncCallInfo *fc)
{
    return adt_array_compare(fc->arg[0], fc->arg[1]) >= 0 ? fc->arg[0] : fc->arg[1];
}

Datum
adt_fn_array_smaller(FuncCallInfo *fc)
{
    return adt_array_compare(fc->arg[0], fc->arg[1]) <= 0 ? fc->arg[0] : fc->arg[1];
}

/* ---- containment: NULL elements match nothing ---- */

static bool
arr_contains_all(Datum big, Datum small)
{
    AdtArray b;
    AdtArray s;
    adt_array_open(big, &b);
    adt_array_open(small, &s);
    const TypeDesc *t = adt_type(b.elemtype);
    for (int i = 0; i < s.nitems; i++) {
        if (s.nulls[i])
            return false;
        bool found = false;
        for (int j = 0; j < b.nitems && !found; j++)
            found = !b.nulls[j] && t->compare(s.values[i], b.values[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

Datum
adt_fn_arraycontains(FuncCallInfo *fc)
{
    return arr_bool(arr_contains_all(fc->arg[0], fc->arg[1]));
}

Datum
adt_fn_arraycontained(FuncCallInfo *fc)
{
    return arr_bool(arr_contains_all(fc->arg[1], fc->arg[0]));
}

Datum
adt_fn_arrayoverlap(FuncCallInfo *fc)
{
    AdtArray a;
    AdtArray b;
    adt_array_open(fc->arg[0], &a);
    adt_array_open(fc->arg[1], &b);
    const TypeDesc *t = adt_type(a.elemtype);
    for (int i = 0; i < a.nitems; i++)
        for (int j = 0; j < b.nitems && !a.nulls[i]; j++)
            if (!b.nulls[j] && t->compare(a.values[i], b.values[j]) == 0)
                return arr_bool(true);
    return arr_bool(false);
}

/* ---- shape ---- */

Datum
adt_fn_array_ndims(FuncCallInfo *fc)
{
    int n = adt_array_ndim(fc->arg[0]);
    return n > 0 ? int32_datum(n) : adt_return_null(fc);
}

Datum
adt_fn_array_dims(FuncCallInfo *fc)
{
    Datum a = fc->arg[0];
    int n = adt_array_ndim(a);
    if (n == 0)
        return adt_return_null(fc);
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++)
        sb_appendf(&sb,
                   "[%d:%d]",
                   adt_array_lbounds(a)[i],
                   adt_array_lbounds(a)[i] + adt_array_dims(a)[i] - 1);
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

/* Dimension fc->arg[1] (1-based) of the array, or -1 when there is none. */
static int
arr_dim_arg(FuncCallInfo *fc)
{
    int32_t d = datum_int32(fc->arg[1]);
    return d >= 1 && d <= adt_array_ndim(fc->arg[0]) ? d - 1 : -1;
}

Datum
adt_fn_array_lower(FuncCallInfo *fc)
{
    int d = arr_dim_arg(fc);
    return d >= 0 ? int32_datum(adt_array_lbounds(fc->arg[0])[d]) : adt_return_null(fc);
}

Datum
adt_fn_array_upper(FuncCallInfo *fc)
{
    int d = arr_dim_arg(fc);
    if (d < 0)
        return adt_return_null(fc);
    return int32_datum(adt_array_lbounds(fc->arg[0])[d] + adt_array_dims(fc->arg[0])[d] - 1);
}

Datum
adt_fn_array_length(FuncCallInfo *fc)
{
    int d = arr_dim_arg(fc);
    return d >= 0 ? int32_datum(adt_array_dims(fc->arg[0])[d]) : adt_return_null(fc);
}

Datum
adt_fn_array_cardinality(FuncCallInfo *fc)
{
    return int32_datum(adt_array_nitems(fc->arg[0]));
}

/* ---- append, prepend, concatenate ---- */

/* The element type of an array argument (or of the result) even when the value is NULL. */
static Oid
arr_elem_of_arg(FuncCallInfo *fc, int i)
{
    Oid e = adt_array_elem_of(fc->argtype[i]);
    return e != 0 ? e : adt_array_elem_of(fc->result_type);
}

static void
arr_open_1d(FuncCallInfo *fc, int i, AdtArray *a)
{
    if (fc->argnull[i]) {
        memset(a, 0, sizeof *a);
        a->elemtype = arr_elem_of_arg(fc, i);
        return;
    }
    adt_array_open(fc->arg[i], a);
    if (a->ndim > 1)
        ereport(ERROR,
                err_code(SQLSTATE_DATA_EXCEPTION),
                err_msg("argument must be empty or one-dimensional array"));
}

/* One element added at the end (append) or the front (prepend); lower bound kept. */
static Datum
arr_push(FuncCallInfo *fc, int arr_arg, int elem_arg, bool at_end)
{
    AdtArray a;
    arr_open_1d(fc, arr_arg, &a);
    int n = a.nitems;
    AdtArray r = {.elemtype = a.elemtype, .ndim = 1, .nitems = n + 1};
    r.dims[0] = n + 1;
    r.lbound[0] = a.ndim == 1 ? a.lbound[0] : 1;
    r.values = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    r.nulls = mcx_alloc(sizeof(bool) * (size_t)(n + 1));
    int first = at_end ? 0 : 1;
    if (n > 0) {
        memcpy(r.values + first, a.values, sizeof(Datum) * (size_t)n);
        memcpy(r.nulls + first, a.nulls, sizeof(bool) * (size_t)n);
    }
    int at = at_end ? n : 0;
    r.values[at] = fc->argnull[elem_arg] ? 0 : fc->arg[elem_arg];
    r.nulls[at] = fc->argnull[elem_arg];
    return adt_array_build(&r);
}

Datum
adt_fn_array_append(FuncCallInfo *fc)
{
    return arr_push(fc, 0, 1, true);
}

Datum
adt_fn_array_prepend(FuncCallInfo *fc)
{
    return arr_push(fc, 1, 0, false);
}

static void __attribute__((noreturn)) arr_cat_error(const char *detail)
{
    ereport(ERROR,
            err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
            err_msg("cannot concatenate incompatible arrays"),
            err_detail("%s", detail));
}

/*
 * a || b: equal dimensions concatenate along the first one (lower bounds from a); an array
 * of one dimension fewer is one more item of the other's first dimension (bounds from the
 * bigger array).
 */
Datum
adt_fn_array_cat(FuncCallInfo *fc)
{
    if (fc->argnull[0] && fc->argnull[1])
        return adt_return_null(fc);
    if (fc->argnull[0] || adt_array_ndim(fc->arg[0]) == 0)
        return fc->argnull[1] ? fc->arg[0] : fc->arg[1];
    if (fc->argnull[1] || adt_array_ndim(fc->arg[1]) == 0)
        return fc->arg[0];
    AdtArray a;
    AdtArray b;
    adt_array_open(fc->arg[0], &a);
    adt_array_open(fc->arg[1], &b);
    AdtArray r = {.elemtype = a.elemtype};
    if (a.ndim == b.ndim) {
        for (int d = 1; d < a.ndim; d++)
            if (a.dims[d] != b.dims[d])
                arr_cat_error("Arrays with differing element dimensions are not compatible for "
                              "concatenation.");
        r = a;
        r.dims[0] = a.dims[0] + b.dims[0];
    } else if (a.ndim == b.ndim - 1 || a.ndim - 1 == b.ndim) {
        const AdtArray *outer = a.ndim > b.ndim ? &a : &b;
        const AdtArray *inner = a.ndim > b.ndim ? &b : &a;
        for (int d = 0; d < inner->ndim; d++)
            if (inner->dims[d] != outer->dims[d + 1])
                arr_cat_error("Arrays with differing dimensions are not compatible for "
                              "concatenation.");
        r = *outer;
        r.dims[0] = outer->dims[0] + 1;
    } else {
        arr_cat_error(mcx_printf("Arrays of %d and %d dimensions are not compatible for "
                                 "concatenation.",
                                 a.ndim,
                                 b.ndim));
    }
    r.elemtype = a.elemtype;
    r.nitems = a.nitems + b.nitems;
    r.values = mcx_alloc(sizeof(Datum) * (size_t)r.nitems);
    r.nulls = mcx_alloc(sizeof(bool) * (size_t)r.nitems);
    memcpy(r.values, a.values, sizeof(Datum) * (size_t)a.nitems);
    memcpy(r.nulls, a.nulls, sizeof(bool) * (size_t)a.nitems);
    memcpy(r.values + a.nitems, b.values, sizeof(Datum) * (size_t)b.nitems);
    memcpy(r.nulls + a.nitems, b.nulls, sizeof(bool) * (size_t)b.nitems);
    return adt_array_build(&r);
}

/* ---- text ---- */

static Datum
arr_to_text(FuncCallInfo *fc, const char *null_str)
{
    AdtArray a;
    adt_array_open(fc->arg[0], &a);
    const char *delim = adt_text_data(fc->arg[1]);
    size_t dlen = adt_text_len(fc->arg[1]);
    const TypeDesc *t = adt_type(a.elemtype);
    StrBuf sb;
    sb_init(&sb);
    bool first = true;
    for (int i = 0; i < a.nitems; i++) {
        if (a.nulls[i] && null_str == NULL)
            continue;
        if (!first)
            sb_append_bytes(&sb, delim, dlen);
        first = false;
        sb_append(&sb, a.nulls[i] ? null_str : t->out(a.values[i]));
    }
    return ptr_datum(text_from_bytes(sb.data, sb.len));
}

Datum
adt_fn_array_to_text(FuncCallInfo *fc)
{
    return arr_to_text(fc, NULL);
}

Datum
adt_fn_array_to_text_null(FuncCallInfo *fc)
{
    if (fc->argnull[0] || fc->argnull[1])
        return adt_return_null(fc);
    return arr_to_text(fc, fc->argnull[2] ? NULL : text_to_cstr(datum_ptr(fc->arg[2])));
}

/* One field of string_to_array: NULL when it equals null_str. */
static void
arr_add_field(AdtArray *a, int *cap, const char *p, size_t n, FuncCallInfo *fc)
{
    if (a->nitems == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        a->values = mcx_realloc(a->values, sizeof(Datum) * (size_t)*cap);
        a->nulls = mcx_realloc(a->nulls, sizeof(bool) * (size_t)*cap);
    }
    bool is_null = fc->nargs > 2 && !fc->argnull[2] && adt_text_len(fc->arg[2]) == n &&
                   memcmp(adt_text_data(fc->arg[2]), p, n) == 0;
    a->nulls[a->nitems] = is_null;
    a->values[a->nitems] = is_null ? 0 : ptr_datum(text_from_bytes(p, n));
    a->nitems++;
}

/*
 * string_to_array(str, delim [, null_str]): NULL str gives NULL, an empty str an empty
 * array; a NULL delimiter splits into characters, an empty one gives str whole.
 */
Datum
adt_array_split_text(FuncCallInfo *fc, bool *isnull)
{
    *isnull = fc->argnull[0];
    if (fc->argnull[0])
        return 0;
    const char *s = adt_text_data(fc->arg[0]);
    size_t len = adt_text_len(fc->arg[0]);
    AdtArray a = {.elemtype = TEXTOID};
    int cap = 0;
    if (len == 0)
        return adt_array_empty(TEXTOID);
    if (fc->argnull[1]) {
        for (size_t i = 0; i < len;) {
            size_t n = 1;
            while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
                n++; /* one UTF-8 character */
            arr_add_field(&a, &cap, s + i, n, fc);
            i += n;
        }
    } else {
        const char *d = adt_text_data(fc->arg[1]);
        size_t dlen = adt_text_len(fc->arg[1]);
        size_t start = 0;
        for (size_t i = 0; dlen > 0 && i + dlen <= len;) {
            if (memcmp(s + i, d, dlen) == 0) {
                arr_add_field(&a, &cap, s + start, i - start, fc);
                i += dlen;
                start = i;
            } else {
                i++;
            }
        }
        arr_add_field(&a, &cap, s + start, len - start, fc);
    }
    a.ndim = 1;
    a.dims[0] = a.nitems;
    a.lbound[0] = 1;
    return adt_array_build(&a);
}

Datum
adt_fn_text_to_array(FuncCallInfo *fc)
{
    return adt_array_split_text(fc, &fc->isnull);
}

Datum
adt_fn_text_to_array_null(FuncCallInfo *fc)
{
    return adt_array_split_text(fc, &fc->isnull);
}

/*
 * trim_array(arr, n): the first dimension shortened by n (2202E outside 0..its length), as
 * a slice with lower bounds 1.
 */
Datum
adt_fn_trim_array(FuncCallInfo *fc)
{
    AdtArray a;
    adt_array_open(fc->arg[0], &a);
    int len = a.ndim > 0 ? a.dims[0] : 0;
    int32_t n = datum_int32(fc->arg[1]);
    if (n < 0 || n > len)
        ereport(ERROR,
                err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
                err_msg("number of elements to trim must be between 0 and %d", len));
    if (n == len)
        return adt_array_empty(a.elemtype);
    a.dims[0] = len - n;
    for (int d = 0; d < a.ndim; d++)
        a.lbound[d] = 1; /* a slice's bounds, as PostgreSQL takes it */
    a.nitems = adt_array_count_items(a.ndim, a.dims);
    return adt_array_build(&a);
}

/* ---- searching, removing, replacing ---- */

/* IS NOT DISTINCT FROM between an element and the searched value. */
static bool
arr_same(const TypeDesc *t, Datum v, bool vnull, Datum w, bool wnull)
{
    if (vnull || wnull)
        return vnull && wnull;
    return t->compare(v, w) == 0;
}

static void
arr_open_search(FuncCallInfo *fc, AdtArray *a)
{
    adt_array_open(fc->arg[0], a);
    if (a->ndim > 1)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("searching for elements in multidimensional arrays is not supported"));
}

static Datum
arr_position(FuncCallInfo *fc)
{
    if (fc->argnull[0])
        return adt_return_null(fc);
    AdtArray a;
    arr_open_search(fc, &a);
    int from = 0;
    if (fc->nargs > 2) {
        if (fc->argnull[2])
            ereport(ERROR,
                    err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                    err_msg("initial position must not be null"));
        int64_t start = (int64_t)datum_int32(fc->arg[2]) - (a.ndim ? a.lbound[0] : 1);
        from = start < 0 ? 0 : start > a.nitems ? a.nitems : (int)start;
    }
    const TypeDesc *t = adt_type(a.elemtype);
    for (int i = from; i < a.nitems; i++)
        if (arr_same(t, a.values[i], a.nulls[i], fc->arg[1], fc->argnull[1]))
            return int32_datum(a.lbound[0] + i);
    return adt_return_null(fc);
}

Datum
adt_fn_array_position(FuncCallInfo *fc)
{
    return arr_position(fc);
}

Datum
adt_fn_array_position_start(FuncCallInfo *fc)
{
    return arr_position(fc);
}

Datum
adt_fn_array_positions(FuncCallInfo *fc)
{
    if (fc->argnull[0])
        return adt_return_null(fc);
    AdtArray a;
    arr_open_search(fc, &a);
    const TypeDesc *t = adt_type(a.elemtype);
    Datum *pos = mcx_alloc(sizeof(Datum) * (size_t)(a.nitems + 1));
    int n = 0;
    for (int i = 0; i < a.nitems; i++)
        if (arr_same(t, a.values[i], a.nulls[i], fc->arg[1], fc->argnull[1]))
            pos[n++] = int32_datum(a.lbound[0] + i);
    return adt_array_build_1d(INT4OID, n, pos, NULL);
}

/* array_remove (replace NULL) and array_replace: every element IS NOT DISTINCT FROM search. */
static Datum
arr_replace(FuncCallInfo *fc, bool remove)
{
    if (fc->argnull[0])
        return adt_return_null(fc);
    AdtArray a;
    adt_array_open(fc->arg[0], &a);
    if (remove && a.ndim > 1)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("removing elements from multidimensional arrays is not supported"));
    const TypeDesc *t = adt_type(a.elemtype);
    int k = 0;
    for (int i = 0; i < a.nitems; i++) {
        bool hit = arr_same(t, a.values[i], a.nulls[i], fc->arg[1], fc->argnull[1]);
        if (hit && remove)
            continue;
        a.values[k] = hit ? fc->arg[2] : a.values[i];
        a.nulls[k] = hit ? fc->argnull[2] : a.nulls[i];
        k++;
    }
    if (remove && k == 0)
        return adt_array_empty(a.elemtype);
    if (remove)
        a.dims[0] = k;
    a.nitems = k;
    return adt_array_build(&a);
}

Datum
adt_fn_array_remove(FuncCallInfo *fc)
{
    return arr_replace(fc, true);
}

Datum
adt_fn_array_replace(FuncCallInfo *fc)
{
    return arr_replace(fc, false);
}

/* ---- array_fill(value, dims [, lower bounds]) ---- */

static void __attribute__((noreturn))
arr_fill_error(const char *sqlstate, const char *msg, const char *detail)
{
    if (detail != NULL)
        ereport(ERROR, err_code(sqlstate), err_msg("%s", msg), err_detail("%s", detail));
    ereport(ERROR, err_code(sqlstate), err_msg("%s", msg));
}

/* The int4 values of a one-dimensional dims / lower-bounds argument into out; the count. */
static int
arr_fill_ints(Datum arr, int *out, const char *what)
{
    AdtArray a;
    adt_array_open(arr, &a);
    if (a.ndim > 1)
        arr_fill_error(SQLSTATE_ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts", what);
    for (int i = 0; i < a.nitems; i++)
        if (a.nulls[i])
            arr_fill_error(SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                           "dimension values cannot be null",
                           NULL);
    if (a.nitems > ADT_ARRAY_MAXDIM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("number of array dimensions (%d) exceeds the maximum allowed (%d)",
                        a.nitems,
                        ADT_ARRAY_MAXDIM));
    for (int i = 0; i < a.nitems; i++)
        out[i] = datum_int32(a.values[i]);
    return a.nitems;
}

static Datum
arr_fill(FuncCallInfo *fc)
{
    if (fc->argnull[1] || (fc->nargs > 2 && fc->argnull[2]))
        arr_fill_error(SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                       "dimension array or low bound array cannot be null",
                       NULL);
    AdtArray r = {.elemtype = adt_array_elem_of(fc->result_type)};
    r.ndim = arr_fill_ints(fc->arg[1], r.dims, "Dimension array must be one dimensional.");
    for (int i = 0; i < r.ndim; i++)
        r.lbound[i] = 1;
    if (fc->nargs > 2) {
        int lb[ADT_ARRAY_MAXDIM];
        int n = arr_fill_ints(fc->arg[2], lb, "Low bound array must be one dimensional.");
        if (n != r.ndim)
            arr_fill_error(SQLSTATE_ARRAY_SUBSCRIPT_ERROR,
                           "wrong number of array subscripts",
                           "Low bound array has different size than dimensions array.");
        memcpy(r.lbound, lb, sizeof(int) * (size_t)n);
    }
    r.nitems = adt_array_count_items(r.ndim, r.dims);
    if (r.nitems == 0)
        return adt_array_empty(r.elemtype);
    r.values = mcx_alloc(sizeof(Datum) * (size_t)r.nitems);
    r.nulls = mcx_alloc(sizeof(bool) * (size_t)r.nitems);
    for (int i = 0; i < r.nitems; i++) {
        r.values[i] = fc->argnull[0] ? 0 : fc->arg[0];
        r.nulls[i] = fc->argnull[0];
    }
    return adt_array_build(&r);
}

Datum
adt_fn_array_fill(FuncCallInfo *fc)
{
    return arr_fill(fc);
}

Datum
adt_fn_array_fill_with_lower_bounds(FuncCallInfo *fc)
{
    return arr_fill(fc);
}
