/*
 * exec_modify.c
 *     Whole statements: SELECT (rows to the client through dest.h), INSERT (VALUES lists or
 *     a query), UPDATE and DELETE over a scan of the target table.
 *
 * UPDATE and DELETE scan with the statement snapshot: versions written by this statement
 * carry the current command id and are invisible to the scan, so a row is changed at most
 * once and rows inserted by INSERT ... SELECT from the same table are not read back.
 */
#include "oak/oak.h"

#include "exec_internal.h"

#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/access/table.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/tcop.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/record.h"

int
exec_result_columns(const Query *q, ResultColumn **cols_out)
{
    /* A SELECT's targets, or the RETURNING list of INSERT / UPDATE / DELETE. */
    const TargetEntry *targets = q->cmd == CMD_SELECT ? q->targets : q->returning;
    int ntargets = q->cmd == CMD_SELECT ? q->ntargets : q->nreturning;
    int nvis = 0;
    for (int i = 0; i < ntargets; i++)
        nvis += !targets[i].junk;
    ResultColumn *cols = mcx_alloc0(sizeof(ResultColumn) * (size_t)(nvis + 1));
    for (int i = 0, c = 0; i < ntargets; i++) {
        const TargetEntry *te = &targets[i];
        if (te->junk)
            continue;
        const TypeDesc *t = adt_type(te->expr->type);
        if (t == NULL || t->out == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("output of type %s is not supported yet",
                            adt_format_type(te->expr->type, -1)));
        cols[c].name = te->name;
        cols[c].table_oid = te->table_oid;
        cols[c].attnum = te->table_attnum;
        cols[c].type_oid = te->expr->type;
        cols[c].typlen = adt_type_typlen(t);
        /* a record's typmod names a backend-local shape: clients see -1 (PostgreSQL too) */
        cols[c].typmod = te->expr->type == RECORDOID ? -1 : te->expr->typmod;
        c++;
    }
    *cols_out = cols;
    return nvis;
}

struct ExecSelect {
    ExecNode *root;
    const Snapshot *snap;
    int nvis;
    int *map;   /* visible column -> target index */
    Oid *types; /* per visible column */
    Datum *values;
    bool *nulls;
    MemCtx *out_cx;
    bool done;
};

ExecSelect *
exec_select_start(Query *q, const Snapshot *snap)
{
    exec_statement_begin(snap);
    ExecSelect *es = mcx_alloc0(sizeof *es);
    es->snap = snap;
    Plan *plan = opt_plan_query(q);
    ResultColumn *cols;
    es->nvis = exec_result_columns(q, &cols);
    es->map = mcx_alloc(sizeof(int) * (size_t)(es->nvis + 1));
    es->types = mcx_alloc(sizeof(Oid) * (size_t)(es->nvis + 1));
    es->values = mcx_alloc(sizeof(Datum) * (size_t)(es->nvis + 1));
    es->nulls = mcx_alloc(sizeof(bool) * (size_t)(es->nvis + 1));
    for (int i = 0, c = 0; i < q->ntargets; i++) {
        if (q->targets[i].junk)
            continue;
        es->map[c] = i;
        es->types[c] = cols[c].type_oid;
        c++;
    }
    for (int c = 0; c < es->nvis; c++)
        if (dest_column_format(c) == 1 && !adt_binary_supported(es->types[c]))
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("no binary output function available for type %s",
                            adt_format_type(es->types[c], -1)));
    dest_row_description(es->nvis, cols);
    es->root = exec_start(plan, snap);
    es->out_cx = mcx_create(mcx_current, "SelectOutput");
    return es;
}

bool
exec_select_fetch(ExecSelect *es, uint64_t max_rows, uint64_t *count)
{
    ExecRow *row;
    uint64_t sent = 0;
    exec_statement_begin(es->snap); /* another portal may have run since the last fetch */
    while (max_rows == 0 || sent < max_rows) {
        if (es->done || (row = exec_next(es->root)) == NULL) {
            es->done = true;
            return true;
        }
        mcx_reset(es->out_cx);
        MemCtx *old = mcx_switch(es->out_cx);
        for (int c = 0; c < es->nvis; c++) {
            es->values[c] = row->values[es->map[c]];
            es->nulls[c] = row->nulls[es->map[c]];
        }
        dest_data_row_datums(es->nvis, es->types, es->values, es->nulls);
        mcx_switch(old);
        sent++;
        (*count)++;
    }
    /* The caller asked for max_rows and got them: done only if nothing follows. */
    return false;
}

void
exec_select_end(ExecSelect *es)
{
    if (es->root != NULL)
        exec_end(es->root);
    es->root = NULL;
    mcx_delete(es->out_cx);
}

uint64_t
exec_select(Query *q, const Snapshot *snap)
{
    ExecSelect *es = exec_select_start(q, snap);
    uint64_t count = 0;
    (void)exec_select_fetch(es, 0, &count);
    exec_select_end(es);
    return count;
}

static void
exec_check_not_null(RelDesc *rel, const Datum *values, const bool *nulls)
{
    for (int i = 0; i < rel->natts; i++) {
        if (!nulls[i] || !rel->atts[i].notnull)
            continue;
        StrBuf sb;
        sb_init(&sb);
        for (int j = 0; j < rel->natts; j++) {
            if (j)
                sb_append(&sb, ", ");
            sb_append(&sb, nulls[j] ? "null" : adt_type(rel->atts[j].type)->out(values[j]));
        }
        ereport(ERROR,
                err_code(SQLSTATE_NOT_NULL_VIOLATION),
                err_msg("null value in column \"%s\" of relation \"%s\" violates not-null "
                        "constraint",
                        rel->atts[i].name,
                        rel->name),
                err_detail("Failing row contains (%s).", sb.data));
    }
}

/*
 * RETURNING: the columns go out (RowDescription, withheld in the extended protocol) when
 * the statement starts, and one DataRow per changed row, computed over that row.
 */
typedef struct Returning {
    int n;
    const TargetEntry *targets;
    Oid *types;
    Datum *values;
    bool *nulls;
} Returning;

static Returning *
exec_returning_start(const Query *q)
{
    if (q->nreturning == 0)
        return NULL;
    ResultColumn *cols;
    int n = exec_result_columns(q, &cols);
    Returning *r = mcx_alloc0(sizeof *r);
    r->n = n;
    r->targets = q->returning;
    r->types = mcx_alloc(sizeof(Oid) * (size_t)(n + 1));
    r->values = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    r->nulls = mcx_alloc(sizeof(bool) * (size_t)(n + 1));
    for (int c = 0; c < n; c++) {
        r->types[c] = cols[c].type_oid;
        if (dest_column_format(c) == 1 && !adt_binary_supported(r->types[c]))
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("no binary output function available for type %s",
                            adt_format_type(r->types[c], -1)));
    }
    dest_row_description(n, cols);
    return r;
}

static void
exec_returning_row(Returning *r, int natts, Datum *values, bool *nulls)
{
    if (r == NULL)
        return;
    ExecRow row = {natts, values, nulls};
    for (int c = 0; c < r->n; c++)
        r->values[c] = exec_eval(r->targets[c].expr, &row, &r->nulls[c]);
    dest_data_row_datums(r->n, r->types, r->values, r->nulls);
}

static void __attribute__((noreturn)) exec_serialization_failure(bool is_update);

/*
 * Under REPEATABLE READ and SERIALIZABLE the row ON CONFLICT DO UPDATE would change must be
 * the version the transaction's snapshot sees, else 40001, as in PostgreSQL.
 */
static bool
exec_conflict_visible(RelDesc *rel, const Snapshot *snap, const RowRef *latest)
{
    uint32_t pklen = latest->klen - TBL_VERSION_SUFFIX_LEN;
    BtBound b = {latest->key, pklen, true};
    TblScan *scan = tbl_scan_begin(rel, snap, &b, &b);
    Datum *v = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *n = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    RowRef seen;
    bool same = tbl_scan_next(scan, v, n, &seen) && seen.klen == latest->klen &&
                memcmp(seen.key, latest->key, latest->klen) == 0;
    tbl_scan_end(scan);
    return same;
}

static void __attribute__((noreturn)) exec_conflict_twice(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_CARDINALITY_VIOLATION),
            err_msg("ON CONFLICT DO UPDATE command cannot affect row a second time"),
            err_hint("Ensure that no rows proposed for insertion within the same command have "
                     "duplicate constrained values."));
}

/*
 * INSERT ... ON CONFLICT on the primary key, one proposed row: insert it, or, when a live
 * row has its key, do nothing or update that row (its newest version) with SET over the
 * existing row and EXCLUDED, if WHERE holds. A row changed meanwhile by another
 * transaction is waited for and the whole step tried again (READ COMMITTED) or is 40001.
 * Returns whether a row was inserted or updated.
 */
static bool
exec_insert_on_conflict(
    Query *q, const Snapshot *snap, ExecIndexes *ei, Returning *ret, Datum *values, bool *nulls)
{
    RelDesc *rel = q->target_rel;
    int n = rel->natts;
    Datum *both = mcx_alloc(sizeof(Datum) * (size_t)(2 * n + 1));
    bool *bn = mcx_alloc(sizeof(bool) * (size_t)(2 * n + 1));
    Datum *newv = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    bool *newn = mcx_alloc(sizeof(bool) * (size_t)(n + 1));
    for (;;) {
        tcop_check_interrupts();
        RowRef version, conflict, latest;
        if (tbl_insert_unless_duplicate(rel, values, nulls, snap, &version, &conflict)) {
            if (ei != NULL)
                exec_indexes_insert(ei, values, nulls, &version, snap);
            exec_returning_row(ret, n, values, nulls);
            return true;
        }
        if (q->on_conflict == ONCONFLICT_NOTHING)
            return false;
        Xid wait;
        if (!tbl_fetch_latest(rel, &conflict, snap, both, bn, &latest, &wait)) {
            if (wait != INVALID_XID)
                lock_wait_xid(wait);
            continue; /* deleted meanwhile, or its newest version is not committed yet */
        }
        Xid xmin;
        CmdId cmin;
        tbl_version_origin(&latest, &xmin, &cmin);
        if (xmin == snap->myxid && cmin == snap->curcid)
            exec_conflict_twice();
        if (snap->xact_snapshot && !exec_conflict_visible(rel, snap, &latest))
            exec_serialization_failure(true);
        memcpy(both + n, values, sizeof(Datum) * (size_t)n);
        memcpy(bn + n, nulls, sizeof(bool) * (size_t)n);
        ExecRow row = {2 * n, both, bn};
        if (q->conflict_where != NULL && !exec_eval_qual(q->conflict_where, &row))
            return false;
        memcpy(newv, both, sizeof(Datum) * (size_t)n);
        memcpy(newn, bn, sizeof(bool) * (size_t)n);
        for (int i = 0; i < q->nset; i++)
            newv[q->set_attnos[i]] = exec_eval(q->set_exprs[i], &row, &newn[q->set_attnos[i]]);
        exec_check_not_null(rel, newv, newn);
        RowRef nv;
        switch (tbl_update(rel, &latest, newv, newn, snap, &wait, &nv)) {
        case TBL_OK:
            if (ei != NULL)
                exec_indexes_insert(ei, newv, newn, &nv, snap);
            exec_returning_row(ret, n, newv, newn);
            return true;
        case TBL_BEING_MODIFIED:
            lock_wait_xid(wait);
            continue;
        case TBL_UPDATED:
            if (snap->xact_snapshot)
                exec_serialization_failure(true);
            continue;
        case TBL_SELF:
            exec_conflict_twice();
        case TBL_WOULD_BLOCK:
            continue;
        }
    }
}

uint64_t
exec_insert(Query *q, const Snapshot *snap)
{
    exec_statement_begin(snap);
    RelDesc *rel = q->target_rel;
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    bool *supplied = mcx_alloc0(sizeof(bool) * (size_t)(rel->natts + 1));
    for (int i = 0; i < q->ninsert_cols; i++)
        supplied[q->insert_attnos[i]] = true;

    ExecNode *src = NULL;
    if (q->source) {
        Plan *plan = opt_plan_query(q->source);
        src = exec_start(plan, snap);
    }
    ExecIndexes *ei = rel->nindexes > 0 ? exec_indexes_open(rel) : NULL;
    Returning *ret = exec_returning_start(q);
    MemCtx *row_cx = mcx_create(mcx_current, "InsertRow");
    uint64_t count = 0;
    for (int r = 0;; r++) {
        const ExecRow *in = NULL;
        if (src) {
            in = exec_next(src);
            if (in == NULL)
                break;
        } else if (r >= q->nvalues_rows) {
            break;
        }
        tcop_check_interrupts();
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        for (int c = 0; c < rel->natts; c++)
            if (!supplied[c])
                values[c] = exec_eval(q->column_defaults[c], NULL, &nulls[c]);
        for (int i = 0, v = 0; i < q->ninsert_cols; i++) {
            int c = q->insert_attnos[i];
            if (src) {
                while (q->source->targets[v].junk)
                    v++;
                values[c] = in->values[v];
                nulls[c] = in->nulls[v];
                v++;
            } else {
                values[c] = exec_eval(q->values_rows[r][i], NULL, &nulls[c]);
            }
        }
        exec_check_not_null(rel, values, nulls);
        if (q->on_conflict != ONCONFLICT_NONE) {
            if (exec_insert_on_conflict(q, snap, ei, ret, values, nulls))
                count++;
            mcx_switch(old);
            continue;
        }
        RowRef version;
        tbl_insert(rel, values, nulls, snap, &version);
        if (ei != NULL)
            exec_indexes_insert(ei, values, nulls, &version, snap);
        exec_returning_row(ret, rel->natts, values, nulls);
        mcx_switch(old);
        count++;
    }
    if (src)
        exec_end(src);
    mcx_delete(row_cx);
    return count;
}

struct ExecInserter {
    RelDesc *rel;
    const Snapshot *snap;
    Expr **defaults; /* per column not supplied: its DEFAULT expression */
    ExecIndexes *ei;
};

ExecInserter *
exec_inserter_begin(RelDesc *rel, const Snapshot *snap, const bool *supplied)
{
    exec_statement_begin(snap);
    ExecInserter *ins = mcx_alloc0(sizeof *ins);
    ins->rel = rel;
    ins->snap = snap;
    ins->defaults = mcx_alloc0(sizeof(Expr *) * (size_t)(rel->natts + 1));
    for (int c = 0; c < rel->natts; c++)
        if (!supplied[c])
            ins->defaults[c] = analyze_column_default(rel, c);
    ins->ei = rel->nindexes > 0 ? exec_indexes_open(rel) : NULL;
    return ins;
}

void
exec_inserter_row(ExecInserter *ins, Datum *values, bool *nulls)
{
    RelDesc *rel = ins->rel;
    for (int c = 0; c < rel->natts; c++)
        if (ins->defaults[c] != NULL)
            values[c] = exec_eval(ins->defaults[c], NULL, &nulls[c]);
    exec_check_not_null(rel, values, nulls);
    RowRef version;
    tbl_insert(rel, values, nulls, ins->snap, &version);
    if (ins->ei != NULL)
        exec_indexes_insert(ins->ei, values, nulls, &version, ins->snap);
}

static void __attribute__((noreturn)) exec_serialization_failure(bool is_update)
{
    ereport(ERROR,
            err_code(SQLSTATE_SERIALIZATION_FAILURE),
            err_msg("could not serialize access due to concurrent %s",
                    is_update ? "update" : "delete"));
}

/*
 * Update or delete one row the scan found, PostgreSQL's way when another transaction got
 * there first: wait for a running one; after a committed one, fail with 40001 under
 * REPEATABLE READ and SERIALIZABLE, or under READ COMMITTED follow the row to its newest
 * version, check WHERE again and apply the change to that (EvalPlanQual). Returns whether
 * the row was changed. row and ref may be replaced by the newer version.
 */
static bool
exec_modify_row(Query *q,
                const Snapshot *snap,
                bool is_update,
                ExecRow *row,
                RowRef *ref,
                Datum *newv,
                bool *newn,
                ExecIndexes *ei)
{
    RelDesc *rel = q->target_rel;
    for (;;) {
        Xid wait = INVALID_XID;
        TblResult res;
        if (is_update) {
            memcpy(newv, row->values, sizeof(Datum) * (size_t)rel->natts);
            memcpy(newn, row->nulls, sizeof(bool) * (size_t)rel->natts);
            for (int i = 0; i < q->nset; i++)
                newv[q->set_attnos[i]] = exec_eval(q->set_exprs[i], row, &newn[q->set_attnos[i]]);
            exec_check_not_null(rel, newv, newn);
            RowRef version;
            res = tbl_update(rel, ref, newv, newn, snap, &wait, &version);
            if (res == TBL_OK && ei != NULL)
                exec_indexes_insert(ei, newv, newn, &version, snap);
        } else {
            res = tbl_delete(rel, ref, snap, &wait);
        }
        switch (res) {
        case TBL_OK:
            return true;
        case TBL_SELF:
        case TBL_WOULD_BLOCK: /* not asked for: writers always wait */
            return false;
        case TBL_BEING_MODIFIED:
            lock_wait_xid(wait);
            continue;
        case TBL_UPDATED:
            if (snap->xact_snapshot)
                exec_serialization_failure(is_update);
            for (;;) {
                RowRef latest;
                if (tbl_fetch_latest(rel, ref, snap, row->values, row->nulls, &latest, &wait)) {
                    *ref = latest;
                    break;
                }
                if (wait == INVALID_XID)
                    return false; /* deleted meanwhile */
                lock_wait_xid(wait);
            }
            if (!exec_eval_qual(q->where, row))
                return false;
            continue;
        }
    }
}

/* Scan the target table for rows matching WHERE and change each. */
static uint64_t
exec_modify_scan(Query *q, const Snapshot *snap, bool is_update)
{
    exec_statement_begin(snap);
    RelDesc *rel = q->target_rel;
    Plan *plan = opt_plan_query(q);
    Assert(plan->kind == PLAN_SCAN);
    Returning *ret = exec_returning_start(q);
    /* The scan node gives rows but not their keys: drive the table scan directly here. */
    TblScan *scan = exec_table_scan_begin(plan, snap);
    if (scan == NULL)
        return 0;
    ExecIndexes *ei = is_update && rel->nindexes > 0 ? exec_indexes_open(rel) : NULL;
    MemCtx *row_cx = mcx_create(mcx_current, "ModifyRow");
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    Datum *newv = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *newn = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    ExecRow row = {rel->natts, values, nulls};
    uint64_t count = 0;
    for (;;) {
        tcop_check_interrupts();
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        RowRef ref;
        if (!tbl_scan_next(scan, values, nulls, &ref)) {
            mcx_switch(old);
            break;
        }
        if (exec_eval_qual(q->where, &row) &&
            exec_modify_row(q, snap, is_update, &row, &ref, newv, newn, ei)) {
            if (is_update)
                exec_returning_row(ret, rel->natts, newv, newn);
            else
                exec_returning_row(ret, rel->natts, values, nulls);
            count++;
        }
        mcx_switch(old);
    }
    tbl_scan_end(scan);
    mcx_delete(row_cx);
    return count;
}

uint64_t
exec_update(Query *q, const Snapshot *snap)
{
    return exec_modify_scan(q, snap, true);
}

uint64_t
exec_delete(Query *q, const Snapshot *snap)
{
    return exec_modify_scan(q, snap, false);
}
