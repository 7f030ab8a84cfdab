/*
 * array_types.c
 *     The type-table callbacks of the array types. A TypeDesc's input callback is not told
 *     its type, so each array type gets a small input function naming its element type;
 *     output, ordering, key encoding and typmods read the element type from the value.
 *     Also int2vector (pg_index.indkey): an int2 array with lower bound 0, read and
 *     printed as integers separated by spaces.
 */
#include "oak/oak.h"

#include <errno.h>
#include <stdlib.h>

#include "adt_priv.h"
#include "oak/utils/array.h"

#define ARR_IN_FN(name, elem)                                                                      \
    Datum adt_arr_##name##_in(const char *str, int32_t typmod)                                     \
    {                                                                                              \
        return adt_array_in_typed(str, elem, typmod);                                              \
    }

ARR_IN_FN(bool, BOOLOID)
ARR_IN_FN(bytea, BYTEAOID)
ARR_IN_FN(char, CHAROID)
ARR_IN_FN(name, NAMEOID)
ARR_IN_FN(int8, INT8OID)
ARR_IN_FN(int2, INT2OID)
ARR_IN_FN(int4, INT4OID)
ARR_IN_FN(text, TEXTOID)
ARR_IN_FN(oid, OIDOID)
ARR_IN_FN(float4, FLOAT4OID)
ARR_IN_FN(float8, FLOAT8OID)
ARR_IN_FN(bpchar, BPCHAROID)
ARR_IN_FN(varchar, VARCHAROID)
ARR_IN_FN(timestamp, TIMESTAMPOID)
ARR_IN_FN(timestamptz, TIMESTAMPTZOID)
ARR_IN_FN(numeric, NUMERICOID)
ARR_IN_FN(regclass, REGCLASSOID)
ARR_IN_FN(regproc, REGPROCOID)
ARR_IN_FN(regprocedure, REGPROCEDUREOID)
ARR_IN_FN(regtype, REGTYPEOID)
ARR_IN_FN(regnamespace, REGNAMESPACEOID)
ARR_IN_FN(regrole, REGROLEOID)
ARR_IN_FN(oidvector, OIDVECTOROID)
ARR_IN_FN(xid8, XID8OID)
ARR_IN_FN(int2vector, INT2VECTOROID)
ARR_IN_FN(date, DATEOID)
ARR_IN_FN(time, TIMEOID)
ARR_IN_FN(interval, INTERVALOID)
ARR_IN_FN(timetz, TIMETZOID)
ARR_IN_FN(uuid, UUIDOID)
ARR_IN_FN(jsonb, JSONBOID)
ARR_IN_FN(json, JSONOID)

char *
adt_arr_out(Datum value)
{
    return adt_array_out_value(value);
}

void
adt_arr_key(StrBuf *out, Datum value)
{
    adt_array_key(out, value);
}

int
adt_arr_cmp(Datum a, Datum b)
{
    return adt_array_compare(a, b);
}

Datum
adt_arr_typmod(Datum value, int32_t typmod, bool explicit_cast)
{
    return adt_array_apply_typmod(value, typmod, explicit_cast);
}

/* int2vector input: integers separated by spaces (22P02 / 22003 as int2 input says). */
Datum
adt_int2vector_in(const char *str, int32_t typmod)
{
    int cap = 8;
    int n = 0;
    int16_t *vals = mcx_alloc(sizeof(int16_t) * (size_t)cap);
    const char *p = str;
    (void)typmod;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        if (*p == '\0')
            break;
        size_t len = strcspn(p, " \t\n");
        Datum v = adt_int2_in(mcx_strndup(p, len), -1);
        if (n == cap) {
            cap *= 2;
            vals = mcx_realloc(vals, sizeof(int16_t) * (size_t)cap);
        }
        vals[n++] = datum_int16(v);
        p += len;
    }
    return adt_array_from_int16(vals, n, 0);
}

char *
adt_int2vector_out(Datum value)
{
    AdtArray a;
    adt_array_open(value, &a);
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < a.nitems; i++)
        sb_appendf(&sb, i > 0 ? " %d" : "%d", a.nulls[i] ? 0 : datum_int16(a.values[i]));
    return sb.data;
}
