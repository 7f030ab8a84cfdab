/*
 * array.c
 *     The stored form of array values (layout in include/oak/utils/array.h): opening one into
 *     Datums, building one from Datums, ordering and key encoding, element-wise casts and
 *     typmods, and the int2 arrays the catalogs keep.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   9. A stored array with no elements has ndim 0; one with elements has 1..6 dimensions,
 *      each of length >= 1, and ADT_ARRAY_HAS_NULLS is set only when some element is NULL,
 *      so equal arrays have equal bytes after the header's length.
 *  10. Array keys are the elements' column keys (marker byte, then the element key) ended by
 *      0x00, then ndim, dims and lower bounds: memcmp order is btarraycmp's order.
 *
 * Not here: text and binary I/O (array_io.c), SQL-callable functions (array_funcs.c).
 */
#include "oak/oak.h"

#include "adt_priv.h"
#include "oak/utils/array.h"

typedef struct ArrHeader {
    uint32_t len;
    int32_t ndim;
    int32_t flags;
    Oid elemtype;
} ArrHeader;

static const ArrHeader *
arr_header(Datum arr)
{
    return datum_ptr(arr);
}

int
adt_array_ndim(Datum arr)
{
    return arr_header(arr)->ndim;
}

Oid
adt_array_elemtype(Datum arr)
{
    return arr_header(arr)->elemtype;
}

const int32_t *
adt_array_dims(Datum arr)
{
    return (const int32_t *)((const char *)datum_ptr(arr) + sizeof(ArrHeader));
}

const int32_t *
adt_array_lbounds(Datum arr)
{
    return adt_array_dims(arr) + arr_header(arr)->ndim;
}

int
adt_array_count_items(int ndim, const int *dims)
{
    int64_t n = ndim > 0 ? 1 : 0;
    for (int i = 0; i < ndim; i++) {
        n *= dims[i];
        if (n > 134217727 || dims[i] < 0) /* PostgreSQL's MaxArraySize: 1 GiB of 8-byte items */
            ereport(ERROR,
                    err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                    err_msg("array size exceeds the maximum allowed (%d)", 134217727));
    }
    return (int)n;
}

int
adt_array_nitems(Datum arr)
{
    const ArrHeader *h = arr_header(arr);
    int dims[ADT_ARRAY_MAXDIM];
    for (int i = 0; i < h->ndim; i++)
        dims[i] = adt_array_dims(arr)[i];
    return adt_array_count_items(h->ndim, dims);
}

static size_t
arr_align_up(size_t off, size_t align)
{
    return (off + align - 1) & ~(align - 1);
}

/* Where the null bitmap starts, and where the elements start. */
static size_t
arr_bitmap_off(int ndim)
{
    return sizeof(ArrHeader) + 2 * sizeof(int32_t) * (size_t)ndim;
}

static size_t
arr_data_off(int ndim, int nitems, bool has_nulls)
{
    size_t off = arr_bitmap_off(ndim);
    if (has_nulls)
        off += ((size_t)nitems + 7) / 8;
    return arr_align_up(off, 8);
}

/* Element alignment in the stored form: by-value types their width, varlena 4. */
static size_t
arr_elem_align(const TypeDesc *t)
{
    return t->byval ? (size_t)t->len : 4;
}

static const TypeDesc *
arr_elem_type(Oid elemtype)
{
    const TypeDesc *t = adt_type(elemtype);
    if (t == NULL || t->len == -2 || (t->byval && t->len > 8))
        elog_internal("array element type %u is not supported", elemtype);
    return t;
}

void
adt_array_open(Datum arr, AdtArray *out)
{
    const ArrHeader *h = arr_header(arr);
    const char *base = datum_ptr(arr);
    memset(out, 0, sizeof *out);
    out->elemtype = h->elemtype;
    out->ndim = h->ndim;
    for (int i = 0; i < h->ndim; i++) {
        out->dims[i] = adt_array_dims(arr)[i];
        out->lbound[i] = adt_array_lbounds(arr)[i];
    }
    int n = adt_array_count_items(out->ndim, out->dims);
    out->nitems = n;
    out->values = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    out->nulls = mcx_alloc(sizeof(bool) * (size_t)(n + 1));
    bool has_nulls = (h->flags & ADT_ARRAY_HAS_NULLS) != 0;
    const uint8_t *bitmap = (const uint8_t *)base + arr_bitmap_off(h->ndim);
    if (n == 0)
        return;
    const TypeDesc *t = arr_elem_type(h->elemtype);
    size_t off = arr_data_off(h->ndim, n, has_nulls);
    for (int i = 0; i < n; i++) {
        out->nulls[i] = has_nulls && (bitmap[i / 8] & (1u << (i % 8))) != 0;
        out->values[i] = 0;
        if (out->nulls[i])
            continue;
        off = arr_align_up(off, arr_elem_align(t));
        if (t->byval) {
            Datum v = 0;
            memcpy(&v, base + off, (size_t)t->len);
            out->values[i] = v;
            off += (size_t)t->len;
        } else {
            uint32_t len;
            memcpy(&len, base + off, 4);
            out->values[i] = ptr_datum(base + off);
            off += len;
        }
    }
}

Datum
adt_array_build(const AdtArray *a)
{
    int n = a->ndim > 0 ? adt_array_count_items(a->ndim, a->dims) : 0;
    if (a->ndim > ADT_ARRAY_MAXDIM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("number of array dimensions (%d) exceeds the maximum allowed (%d)",
                        a->ndim,
                        ADT_ARRAY_MAXDIM));
    if (n == 0)
        return adt_array_empty(a->elemtype);
    /* PostgreSQL's bound check: dimension plus lower bound must fit an int4. */
    for (int i = 0; i < a->ndim; i++)
        if ((int64_t)a->dims[i] + a->lbound[i] > INT32_MAX)
            ereport(ERROR,
                    err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                    err_msg("array lower bound is too large: %d", a->lbound[i]));
    const TypeDesc *t = arr_elem_type(a->elemtype);
    bool has_nulls = false;
    for (int i = 0; i < n; i++)
        has_nulls |= a->nulls != NULL && a->nulls[i];
    size_t size = arr_data_off(a->ndim, n, has_nulls);
    for (int i = 0; i < n; i++) {
        if (a->nulls != NULL && a->nulls[i])
            continue;
        size = arr_align_up(size, arr_elem_align(t)) + adt_datum_size(t, a->values[i]);
    }
    if (size > 0x3FFFFFFF)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("array size exceeds the maximum allowed (%d)", 0x3FFFFFFF));
    char *p = mcx_alloc0(size);
    ArrHeader h = {(uint32_t)size, a->ndim, has_nulls ? ADT_ARRAY_HAS_NULLS : 0, a->elemtype};
    memcpy(p, &h, sizeof h);
    int32_t *dl = (int32_t *)(p + sizeof h);
    for (int i = 0; i < a->ndim; i++) {
        dl[i] = a->dims[i];
        dl[a->ndim + i] = a->lbound[i];
    }
    uint8_t *bitmap = (uint8_t *)p + arr_bitmap_off(a->ndim);
    size_t off = arr_data_off(a->ndim, n, has_nulls);
    for (int i = 0; i < n; i++) {
        if (a->nulls != NULL && a->nulls[i]) {
            bitmap[i / 8] |= (uint8_t)(1u << (i % 8));
            continue;
        }
        off = arr_align_up(off, arr_elem_align(t));
        size_t len = adt_datum_size(t, a->values[i]);
        if (t->byval)
            memcpy(p + off, &a->values[i], len);
        else
            memcpy(p + off, datum_ptr(a->values[i]), len);
        off += len;
    }
    return ptr_datum(p);
}

static void __attribute__((noreturn)) arr_dims_mismatch(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
            err_msg("multidimensional arrays must have array expressions with matching "
                    "dimensions"));
}

/*
 * Stack n sub-arrays into an array of one more dimension. For ARRAY[...] (accumulate
 * false) NULL and empty sub-arrays are skipped, and the result is empty when all are;
 * for ARRAY(subquery) (accumulate true) they are errors, as array_agg makes them.
 */
Datum
adt_array_stack(Oid elemtype, int n, const Datum *subs, const bool *nulls, bool accumulate)
{
    AdtArray out = {.elemtype = elemtype};
    AdtArray first;
    int used = 0;
    int total = 0;
    AdtArray *parts = mcx_alloc(sizeof(AdtArray) * (size_t)(n + 1));
    bool skipped = false;
    for (int i = 0; i < n; i++) {
        if (nulls[i] || adt_array_ndim(subs[i]) == 0) {
            if (accumulate)
                ereport(ERROR,
                        err_code(nulls[i] ? SQLSTATE_NULL_VALUE_NOT_ALLOWED
                                          : SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
                        err_msg(nulls[i] ? "cannot accumulate null arrays"
                                         : "cannot accumulate empty arrays"));
            skipped = true;
            continue;
        }
        AdtArray *p = &parts[used];
        adt_array_open(subs[i], p);
        if (used == 0)
            first = *p;
        else if (p->ndim != first.ndim ||
                 memcmp(p->dims, first.dims, sizeof(int) * (size_t)p->ndim) != 0 ||
                 memcmp(p->lbound, first.lbound, sizeof(int) * (size_t)p->ndim) != 0) {
            if (accumulate)
                ereport(ERROR,
                        err_code(SQLSTATE_ARRAY_SUBSCRIPT_ERROR),
                        err_msg("cannot accumulate arrays of different dimensionality"));
            arr_dims_mismatch();
        }
        total += p->nitems;
        used++;
    }
    if (used == 0)
        return adt_array_empty(elemtype);
    if (skipped)
        arr_dims_mismatch();
    if (first.ndim + 1 > ADT_ARRAY_MAXDIM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("number of array dimensions (%d) exceeds the maximum allowed (%d)",
                        first.ndim + 1,
                        ADT_ARRAY_MAXDIM));
    out.ndim = first.ndim + 1;
    out.dims[0] = used;
    out.lbound[0] = 1;
    for (int d = 0; d < first.ndim; d++) {
        out.dims[d + 1] = first.dims[d];
        out.lbound[d + 1] = first.lbound[d];
    }
    out.nitems = total;
    out.values = mcx_alloc(sizeof(Datum) * (size_t)(total + 1));
    out.nulls = mcx_alloc(sizeof(bool) * (size_t)(total + 1));
    int k = 0;
    for (int i = 0; i < used; i++) {
        memcpy(out.values + k, parts[i].values, sizeof(Datum) * (size_t)parts[i].nitems);
        memcpy(out.nulls + k, parts[i].nulls, sizeof(bool) * (size_t)parts[i].nitems);
        k += parts[i].nitems;
    }
    return adt_array_build(&out);
}

Datum
adt_array_build_1d(Oid elemtype, int n, const Datum *values, const bool *nulls)
{
    AdtArray a = {.elemtype = elemtype, .ndim = n > 0 ? 1 : 0, .nitems = n};
    a.dims[0] = n;
    a.lbound[0] = 1;
    a.values = (Datum *)values;
    a.nulls = (bool *)nulls;
    return adt_array_build(&a);
}

Datum
adt_array_empty(Oid elemtype)
{
    ArrHeader *h = mcx_alloc0(sizeof *h);
    h->len = sizeof *h;
    h->elemtype = elemtype;
    return ptr_datum(h);
}

bool
adt_type_is_array(Oid type)
{
    return adt_array_elem_of(type) != 0;
}

Oid
adt_array_elem_of(Oid type)
{
    const TypeDesc *t = adt_type(type);
    if (t == NULL || t->category != 'A' || t->elem == 0)
        return 0;
    return t->elem;
}

Oid
adt_array_type_of(Oid elemtype)
{
    const TypeDesc *t = adt_type(elemtype);
    if (t == NULL || t->array == 0 || t->category == 'A')
        return 0;
    return t->array;
}

static int arr_compare_opened(const AdtArray *px, const AdtArray *py);

/*
 * Elements first (NULL above every value), then count, ndim, dims and lower bounds. The
 * opened copies are freed: sorts and min/max compare many times in one context.
 */
int
adt_array_compare(Datum a, Datum b)
{
    AdtArray x;
    AdtArray y;
    adt_array_open(a, &x);
    adt_array_open(b, &y);
    int c = arr_compare_opened(&x, &y);
    mcx_free(x.values);
    mcx_free(x.nulls);
    mcx_free(y.values);
    mcx_free(y.nulls);
    return c;
}

static int
arr_compare_opened(const AdtArray *px, const AdtArray *py)
{
    const AdtArray x = *px;
    const AdtArray y = *py;
    int n = x.nitems < y.nitems ? x.nitems : y.nitems;
    const TypeDesc *t = n > 0 ? arr_elem_type(x.elemtype) : NULL;
    for (int i = 0; i < n; i++) {
        if (x.nulls[i] || y.nulls[i]) {
            if (x.nulls[i] != y.nulls[i])
                return x.nulls[i] ? 1 : -1;
            continue;
        }
        int c = t->compare(x.values[i], y.values[i]);
        if (c != 0)
            return c;
    }
    if (x.nitems != y.nitems)
        return x.nitems < y.nitems ? -1 : 1;
    if (x.ndim != y.ndim)
        return x.ndim < y.ndim ? -1 : 1;
    for (int i = 0; i < x.ndim; i++)
        if (x.dims[i] != y.dims[i])
            return x.dims[i] < y.dims[i] ? -1 : 1;
    for (int i = 0; i < x.ndim; i++)
        if (x.lbound[i] != y.lbound[i])
            return x.lbound[i] < y.lbound[i] ? -1 : 1;
    return 0;
}

/* Invariant 10. */
void
adt_array_key(StrBuf *out, Datum arr)
{
    AdtArray a;
    adt_array_open(arr, &a);
    const TypeDesc *t = a.nitems > 0 ? arr_elem_type(a.elemtype) : NULL;
    for (int i = 0; i < a.nitems; i++)
        adt_key_encode_column(out, t, a.values[i], a.nulls[i], false, false);
    mcx_free(a.values);
    mcx_free(a.nulls);
    sb_append_char(out, 0x00);
    adt_key_int64(out, a.ndim);
    for (int i = 0; i < a.ndim; i++)
        adt_key_int64(out, a.dims[i]);
    for (int i = 0; i < a.ndim; i++)
        adt_key_int64(out, a.lbound[i]);
}

Datum
adt_array_cast(Datum arr, Oid target_elem, int32_t typmod, bool explicit_cast)
{
    AdtArray a;
    adt_array_open(arr, &a);
    Oid source = a.elemtype;
    for (int i = 0; i < a.nitems; i++)
        if (!a.nulls[i])
            a.values[i] = adt_cast(a.values[i], source, target_elem, typmod, explicit_cast);
    a.elemtype = target_elem;
    return adt_array_build(&a);
}

Datum
adt_array_apply_typmod(Datum arr, int32_t typmod, bool explicit_cast)
{
    Oid elem = adt_array_elemtype(arr);
    const TypeDesc *t = adt_type(elem);
    if (typmod < 0 || t == NULL || t->apply_typmod == NULL)
        return arr;
    return adt_array_cast(arr, elem, typmod, explicit_cast);
}

Datum
adt_array_from_int16(const int16_t *vals, int n, int lbound)
{
    Datum *d = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        d[i] = int16_datum(vals[i]);
    AdtArray a = {.elemtype = INT2OID, .ndim = n > 0 ? 1 : 0, .nitems = n, .values = d};
    a.dims[0] = n;
    a.lbound[0] = lbound;
    return adt_array_build(&a);
}

int
adt_array_to_int16(Datum arr, int16_t *out, int max)
{
    AdtArray a;
    adt_array_open(arr, &a);
    int n = a.nitems < max ? a.nitems : max;
    for (int i = 0; i < n; i++)
        out[i] = a.nulls[i] ? 0 : datum_int16(a.values[i]);
    return n;
}
