/*
 * xid8.c
 *     The xid8 type (a 64-bit transaction id, printed as an unsigned decimal) and the
 *     functions that report the current transaction's id: pg_current_xact_id() and
 *     txid_current() assign one if the transaction has none yet; the _if_assigned forms
 *     return NULL instead.
 */
#include "oak/oak.h"

#include <errno.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"

Xid (*adt_current_xid_hook)(bool assign);

Datum
adt_xid8_in(const char *str, int32_t typmod)
{
    (void)typmod;
    const char *p = str;
    while (*p == ' ')
        p++;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(p, &end, 10);
    while (end && *end == ' ')
        end++;
    if (*p == '\0' || *p == '-' || errno != 0 || *end != '\0')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("invalid input syntax for type %s: \"%s\"", "xid8", str));
    return (Datum)(uint64_t)v;
}

char *
adt_xid8_out(Datum value)
{
    return mcx_printf("%llu", (unsigned long long)(uint64_t)value);
}

void
adt_xid8_key(StrBuf *out, Datum value)
{
    uint64_t u = (uint64_t)value;
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(u >> (56 - 8 * i));
    sb_append_bytes(out, b, sizeof b);
}

int
adt_xid8_cmp(Datum a, Datum b)
{
    uint64_t x = (uint64_t)a;
    uint64_t y = (uint64_t)b;
    return (x > y) - (x < y);
}

Datum
adt_fn_xid8in(FuncCallInfo *fc)
{
    return adt_xid8_in(datum_ptr(fc->arg[0]), -1);
}

Datum
adt_fn_xid8out(FuncCallInfo *fc)
{
    return ptr_datum(adt_xid8_out(fc->arg[0]));
}

static Datum
adt_current_xid(FuncCallInfo *fc, bool assign)
{
    Xid xid = adt_current_xid_hook ? adt_current_xid_hook(assign) : INVALID_XID;
    if (xid == INVALID_XID) {
        if (assign)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TRANSACTION_STATE),
                    err_msg("cannot assign a transaction id here"));
        fc->isnull = true;
        return 0;
    }
    return (Datum)(uint64_t)xid;
}

Datum
adt_fn_pg_current_xact_id(FuncCallInfo *fc)
{
    return adt_current_xid(fc, true);
}

Datum
adt_fn_pg_current_xact_id_if_assigned(FuncCallInfo *fc)
{
    return adt_current_xid(fc, false);
}
