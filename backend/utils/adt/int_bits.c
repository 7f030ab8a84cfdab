/*
 * int_bits.c
 *     Bitwise operators of int2, int4 and int8: & | # (xor), and the shifts << >> by an
 *     int4 count (prefix ~ is in int.c). pgjdbc's getIndexInfo tests pg_index.indoption
 *     bits with `indoption[k] & 1::smallint`.
 *
 * Shifts behave as PostgreSQL's do on the x86-64 and ARM64 builds it ships: the count is
 * taken modulo the width the shift is computed in (32 bits for int2 and int4, 64 for
 * int8), so 1 << 33 is 2 and 1 << -1 is -2147483648; an int2 shift is computed in 32
 * bits and truncated (1::int2 << 16 is 0). Right shifts are arithmetic. No overflow
 * errors, as in PostgreSQL.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "adt_priv.h"

static int32_t
int_shl32(int32_t v, int32_t count)
{
    return (int32_t)((uint32_t)v << ((uint32_t)count & 31u));
}

static int32_t
int_shr32(int32_t v, int32_t count)
{
    return v >> ((uint32_t)count & 31u);
}

Datum
adt_fn_int2and(FuncCallInfo *fc)
{
    return int16_datum((int16_t)(datum_int16(fc->arg[0]) & datum_int16(fc->arg[1])));
}

Datum
adt_fn_int2or(FuncCallInfo *fc)
{
    return int16_datum((int16_t)(datum_int16(fc->arg[0]) | datum_int16(fc->arg[1])));
}

Datum
adt_fn_int2xor(FuncCallInfo *fc)
{
    return int16_datum((int16_t)(datum_int16(fc->arg[0]) ^ datum_int16(fc->arg[1])));
}

Datum
adt_fn_int2shl(FuncCallInfo *fc)
{
    return int16_datum((int16_t)int_shl32(datum_int16(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_int2shr(FuncCallInfo *fc)
{
    return int16_datum((int16_t)int_shr32(datum_int16(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_int4and(FuncCallInfo *fc)
{
    return int32_datum(datum_int32(fc->arg[0]) & datum_int32(fc->arg[1]));
}

Datum
adt_fn_int4or(FuncCallInfo *fc)
{
    return int32_datum(datum_int32(fc->arg[0]) | datum_int32(fc->arg[1]));
}

Datum
adt_fn_int4xor(FuncCallInfo *fc)
{
    return int32_datum(datum_int32(fc->arg[0]) ^ datum_int32(fc->arg[1]));
}

Datum
adt_fn_int4shl(FuncCallInfo *fc)
{
    return int32_datum(int_shl32(datum_int32(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_int4shr(FuncCallInfo *fc)
{
    return int32_datum(int_shr32(datum_int32(fc->arg[0]), datum_int32(fc->arg[1])));
}

Datum
adt_fn_int8and(FuncCallInfo *fc)
{
    return int64_datum(datum_int64(fc->arg[0]) & datum_int64(fc->arg[1]));
}

Datum
adt_fn_int8or(FuncCallInfo *fc)
{
    return int64_datum(datum_int64(fc->arg[0]) | datum_int64(fc->arg[1]));
}

Datum
adt_fn_int8xor(FuncCallInfo *fc)
{
    return int64_datum(datum_int64(fc->arg[0]) ^ datum_int64(fc->arg[1]));
}

Datum
adt_fn_int8shl(FuncCallInfo *fc)
{
    uint32_t count = (uint32_t)datum_int32(fc->arg[1]) & 63u;
    return int64_datum((int64_t)((uint64_t)datum_int64(fc->arg[0]) << count));
}

Datum
adt_fn_int8shr(FuncCallInfo *fc)
{
    uint32_t count = (uint32_t)datum_int32(fc->arg[1]) & 63u;
    return int64_datum(datum_int64(fc->arg[0]) >> count);
}
