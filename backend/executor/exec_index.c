/*
 * exec_index.c
 *     Index keys of rows: plain columns, expressions and partial-index predicates evaluated
 *     over a table row and encoded in the memcmp-ordered key format, and the entries every
 *     new row version gets in each index of its table.
 *
 * Expressions are analyzed once per statement (ExecIndexes lives in the statement's
 * context); the relation cache keeps only their SQL text.
 */
#include "oak/oak.h"

#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/utils/adt.h"

struct ExecIndexes {
    RelDesc *rel;
    Expr ***key_exprs; /* per index: per key column, its expression or NULL (plain column) */
    Expr **preds;      /* per index: the partial-index predicate or NULL */
    TblIndexer ixr;
};

static bool exec_index_entry_key(
    void *arg, int x, const Datum *values, const bool *nulls, StrBuf *out, bool *has_null);

ExecIndexes *
exec_indexes_open(RelDesc *rel)
{
    ExecIndexes *ei = mcx_alloc0(sizeof *ei);
    ei->rel = rel;
    ei->ixr.entry_key = exec_index_entry_key;
    ei->ixr.arg = ei;
    if (rel->nindexes == 0)
        return ei;
    ei->key_exprs = mcx_alloc0(sizeof(Expr **) * (size_t)rel->nindexes);
    ei->preds = mcx_alloc0(sizeof(Expr *) * (size_t)rel->nindexes);
    for (int x = 0; x < rel->nindexes; x++) {
        const IndexDesc *ix = &rel->indexes[x];
        ei->key_exprs[x] = mcx_alloc0(sizeof(Expr *) * (size_t)(ix->nkeys + 1));
        if (ix->exprs_sql != NULL) {
            Expr **exprs;
            int n = analyze_rel_exprs(rel, ix->exprs_sql, false, &exprs);
            for (int k = 0, e = 0; k < ix->nkeys; k++)
                if (ix->attnos[k] < 0) {
                    if (e >= n)
                        elog_internal("index \"%s\" has too few expressions", ix->name);
                    ei->key_exprs[x][k] = exprs[e++];
                }
        }
        if (ix->pred_sql != NULL) {
            Expr **pred;
            (void)analyze_rel_exprs(rel, ix->pred_sql, true, &pred);
            ei->preds[x] = pred[0];
        }
    }
    return ei;
}

const TblIndexer *
exec_indexes_indexer(ExecIndexes *ei)
{
    return &ei->ixr;
}

Expr *
exec_index_key_expr(ExecIndexes *ei, int x, int k)
{
    return ei->key_exprs[x][k];
}

Expr *
exec_index_pred(ExecIndexes *ei, int x)
{
    return ei->preds[x];
}

/* Value of key column k of index x for a row. */
static Datum
exec_index_value(ExecIndexes *ei, int x, int k, const ExecRow *row, bool *isnull, Oid *type)
{
    const IndexDesc *ix = &ei->rel->indexes[x];
    if (ix->attnos[k] >= 0) {
        *isnull = row->nulls[ix->attnos[k]];
        *type = ei->rel->atts[ix->attnos[k]].type;
        return row->values[ix->attnos[k]];
    }
    Expr *e = ei->key_exprs[x][k];
    *type = e->type;
    return exec_eval(e, row, isnull);
}

static bool
exec_index_entry_key(
    void *arg, int x, const Datum *values, const bool *nulls, StrBuf *out, bool *has_null)
{
    ExecIndexes *ei = arg;
    const IndexDesc *ix = &ei->rel->indexes[x];
    ExecRow row = {ei->rel->natts, (Datum *)values, (bool *)nulls};
    if (ei->preds[x] != NULL && !exec_eval_qual(ei->preds[x], &row))
        return false;
    *has_null = false;
    for (int k = 0; k < ix->nkeys; k++) {
        bool isnull;
        Oid type;
        Datum v = exec_index_value(ei, x, k, &row, &isnull, &type);
        *has_null |= isnull;
        adt_key_encode_column(out,
                              adt_type(type),
                              v,
                              isnull,
                              (ix->options[k] & INDOPTION_DESC) != 0,
                              (ix->options[k] & INDOPTION_NULLS_FIRST) != 0);
    }
    return true;
}

char *
exec_index_describe(ExecIndexes *ei, int x, const Datum *values, const bool *nulls)
{
    const IndexDesc *ix = &ei->rel->indexes[x];
    ExecRow row = {ei->rel->natts, (Datum *)values, (bool *)nulls};
    StrBuf names;
    StrBuf vals;
    sb_init(&names);
    sb_init(&vals);
    for (int k = 0; k < ix->nkeys; k++) {
        if (k > 0) {
            sb_append(&names, ", ");
            sb_append(&vals, ", ");
        }
        if (ix->attnos[k] >= 0)
            sb_append(&names, ei->rel->atts[ix->attnos[k]].name);
        else
            sb_append(&names, exec_deparse_expr(ei->key_exprs[x][k], ei->rel, true));
        bool isnull;
        Oid type;
        Datum v = exec_index_value(ei, x, k, &row, &isnull, &type);
        sb_append(&vals, isnull ? "null" : adt_type(type)->out(v));
    }
    return mcx_printf("Key (%s)=(%s) already exists.", names.data, vals.data);
}

typedef struct DescribeArg {
    ExecIndexes *ei;
    int x;
    const Datum *values;
    const bool *nulls;
} DescribeArg;

static char *
exec_index_describe_cb(void *arg)
{
    DescribeArg *d = arg;
    return exec_index_describe(d->ei, d->x, d->values, d->nulls);
}

void
exec_indexes_insert(ExecIndexes *ei,
                    const Datum *values,
                    const bool *nulls,
                    const RowRef *version,
                    const Snapshot *snap)
{
    RelDesc *rel = ei->rel;
    for (int x = 0; x < rel->nindexes; x++) {
        StrBuf key;
        sb_init(&key);
        bool has_null;
        if (!exec_index_entry_key(ei, x, values, nulls, &key, &has_null))
            continue;
        DescribeArg d = {ei, x, values, nulls};
        tbl_index_insert(rel,
                         &rel->indexes[x],
                         (const uint8_t *)key.data,
                         (uint32_t)key.len,
                         rel->indexes[x].unique && !has_null,
                         version,
                         snap->myxid,
                         exec_index_describe_cb,
                         &d);
    }
}
