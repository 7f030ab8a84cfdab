/*
 * array.h
 *     Array values: the stored form, building and opening them, their text and binary I/O,
 *     ordering, and the helpers the parser and executor use for ARRAY[...], subscripts,
 *     ANY/ALL over an array and ARRAY(subquery).
 *
 * Stored form (one Varlena, 16-byte header, never aligned on disk but always read from a
 * fresh copy, which mcx_alloc aligns to 16 bytes):
 *
 *     uint32 len | int32 ndim | int32 flags | Oid elemtype
 *     int32 dims[ndim] | int32 lbound[ndim]
 *     null bitmap of nitems bits (only when flags has ADT_ARRAY_HAS_NULLS), padded to 8 bytes
 *     the non-NULL elements in row-major order, each at its type's alignment from the start:
 *     by-value types as their typlen bytes, varlena types as the whole Varlena
 *
 * An empty array has ndim 0 (whatever it was built from), as in PostgreSQL. int2vector
 * (pg_index.indkey) uses the same form with element type int2 and lower bound 0.
 */
#ifndef OAK_UTILS_ARRAY_H
#define OAK_UTILS_ARRAY_H

#include "oak/oak.h"
#include "oak/utils/adt.h"
#include "oak/utils/fmgr.h"

enum { ADT_ARRAY_MAXDIM = 6, ADT_ARRAY_HAS_NULLS = 1 };

/* An array opened for reading or being built: the elements as Datums. */
typedef struct AdtArray {
    Oid elemtype;
    int ndim;
    int dims[ADT_ARRAY_MAXDIM];
    int lbound[ADT_ARRAY_MAXDIM];
    int nitems;
    Datum *values; /* varlena elements point into the stored array (or their own copy) */
    bool *nulls;
} AdtArray;

/* Header fields of a stored array. */
int adt_array_ndim(Datum arr);
Oid adt_array_elemtype(Datum arr);
const int32_t *adt_array_dims(Datum arr);
const int32_t *adt_array_lbounds(Datum arr);
int adt_array_nitems(Datum arr);

/* Open a stored array: values/nulls allocated in the current context. */
void adt_array_open(Datum arr, AdtArray *out);
/*
 * Store an array (values copied). ndim 0 or nitems 0 gives the empty array. 54000 when the
 * dimensions exceed PostgreSQL's limits.
 */
Datum adt_array_build(const AdtArray *a);
/* A one-dimensional array with lower bound 1 (0 elements: the empty array). */
Datum adt_array_build_1d(Oid elemtype, int n, const Datum *values, const bool *nulls);
/*
 * Stack n sub-arrays (all of elemtype) into an array of one more dimension. For ARRAY[...]
 * (accumulate false) NULL and empty sub-arrays are skipped, the result empty when all are,
 * 2202E when they differ in shape; for ARRAY(subquery) and array_agg (accumulate true)
 * NULL (22004) and empty (2202E) sub-arrays are errors, as PostgreSQL makes them.
 */
Datum adt_array_stack(Oid elemtype, int n, const Datum *subs, const bool *nulls, bool accumulate);
/* An empty array of elemtype. */
Datum adt_array_empty(Oid elemtype);
/*
 * The total element count for these dimensions; 54000 "array size exceeds the maximum
 * allowed" if it overflows, 2202E-free (bounds are checked by the callers).
 */
int adt_array_count_items(int ndim, const int *dims);

/*
 * int2vector and oidvector (pg_index.indkey, pg_proc.proargtypes): one-dimensional arrays
 * with lower bound 0 that are types of their own, binary-coercible to int2[] / oid[].
 */
static inline bool
adt_type_is_vector(Oid type)
{
    return type == INT2VECTOROID || type == OIDVECTOROID;
}

static inline Oid
adt_vector_array_type(Oid type)
{
    return type == INT2VECTOROID ? INT2ARRAYOID : OIDARRAYOID;
}

/* Whether type is an array type (category 'A' with an element type: the vectors too). */
bool adt_type_is_array(Oid type);
/* The element type of an array type, else 0. */
Oid adt_array_elem_of(Oid type);
/* The array type over an element type, else 0. */
Oid adt_array_type_of(Oid elemtype);

/* Text I/O: PostgreSQL's format; 22P02 "malformed array literal" with its DETAILs. */
Datum adt_array_in_typed(const char *str, Oid elemtype, int32_t typmod);
char *adt_array_out_value(Datum arr);
/* The typmod of the element type applied to every element (varchar(5)[], numeric(4,1)[]). */
Datum adt_array_apply_typmod(Datum arr, int32_t typmod, bool explicit_cast);
/* Ordering as PostgreSQL's btarraycmp: elements (NULL last), then count, ndim, dims, lbounds. */
int adt_array_compare(Datum a, Datum b);
void adt_array_key(StrBuf *out, Datum arr);
/* Each element converted by adt_cast to target's element type (typmod applied to elements). */
Datum adt_array_cast(Datum arr, Oid target_elem, int32_t typmod, bool explicit_cast);

/* Binary wire format, PostgreSQL's array_send / array_recv. */
void adt_array_send(Datum arr, StrBuf *out);
Datum adt_array_recv(Oid elemtype, const uint8_t *p, uint32_t len, int32_t typmod);

/* int2 arrays of the catalogs (pg_constraint.conkey; int2vector with lower bound 0). */
Datum adt_array_from_int16(const int16_t *vals, int n, int lbound);
/* Up to max elements of a one-dimensional int2 array into out; returns the count. */
int adt_array_to_int16(Datum arr, int16_t *out, int max);

#endif /* OAK_UTILS_ARRAY_H */
