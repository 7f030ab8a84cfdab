/*
 * seqfuncs.c
 *     nextval(regclass), currval(regclass), setval(regclass, int8[, bool]) and lastval().
 *     Sequences are relations: these reach them through adt_seq_hook, which commands/
 *     (cmd_sequence.c) sets, so this layer does not depend on the catalog or storage.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "oak/utils/adt.h"

int64_t (*adt_seq_hook)(AdtSeqOp op, Oid relid, int64_t value, bool is_called, bool *isnull);

static Datum
seq_call(FuncCallInfo *fc, AdtSeqOp op, Oid relid, int64_t value, bool is_called)
{
    if (adt_seq_hook == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("sequences are not available here"));
    bool isnull = false;
    int64_t v = adt_seq_hook(op, relid, value, is_called, &isnull);
    fc->isnull = isnull;
    return int64_datum(v);
}

Datum
adt_fn_nextval_oid(FuncCallInfo *fc)
{
    return seq_call(fc, ADT_SEQ_NEXTVAL, datum_oid(fc->arg[0]), 0, false);
}

Datum
adt_fn_currval_oid(FuncCallInfo *fc)
{
    return seq_call(fc, ADT_SEQ_CURRVAL, datum_oid(fc->arg[0]), 0, false);
}

Datum
adt_fn_setval_oid(FuncCallInfo *fc)
{
    return seq_call(fc, ADT_SEQ_SETVAL, datum_oid(fc->arg[0]), datum_int64(fc->arg[1]), true);
}

Datum
adt_fn_setval3_oid(FuncCallInfo *fc)
{
    return seq_call(fc,
                    ADT_SEQ_SETVAL,
                    datum_oid(fc->arg[0]),
                    datum_int64(fc->arg[1]),
                    datum_bool(fc->arg[2]));
}

Datum
adt_fn_lastval(FuncCallInfo *fc)
{
    return seq_call(fc, ADT_SEQ_LASTVAL, INVALID_OID, 0, false);
}
