/*
 * exec_sublink.c
 *     Subqueries in expressions: each evaluation computes the sublink's args (the enclosing
 *     row's values the subquery references), makes them the current outer frame, runs the
 *     subquery's plan as far as the answer needs, and ends it.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   11. EXPR_OUTERPARAM reads the innermost frame: frames nest exactly as evaluations do,
 *      since a subquery runs to its answer within the evaluation that started it.
 *
 * An uncorrelated subquery (no args) runs once per statement, as PostgreSQL's InitPlan and
 * hashed SubPlan do: its value (scalar, EXISTS) or its column's values (ANY / ALL) are
 * kept in exec_sublink_cx until the next exec_statement_begin().
 */
#include "oak/oak.h"

#include "exec_internal.h"
#include "oak/utils/adt.h"

typedef struct OuterFrame {
    int n;
    Datum *values;
    bool *nulls;
} OuterFrame;

/* The frame of the subquery being evaluated; this backend's executor writes it. */
static OuterFrame *exec_outer_frame;

const Snapshot *exec_snapshot;

/* An uncorrelated subquery's result: value for scalar / EXISTS, values for ANY / ALL. */
typedef struct SublinkCache {
    struct SublinkCache *next;
    const Expr *sublink;
    Datum value;
    bool isnull;
    uint64_t n;
    Datum *values;
    bool *nulls;
} SublinkCache;

/* Session-lived, emptied per statement; this backend's executor writes both. */
static MemCtx *exec_sublink_cx;
static SublinkCache *exec_sublink_cache;

void
exec_statement_begin(const Snapshot *snap)
{
    exec_snapshot = snap;
    exec_outer_frame = NULL; /* an ERROR may have left one behind */
    exec_cte_reset();        /* and CTE registrations (exec_cte.c) */
    exec_sublink_cache = NULL;
    if (exec_sublink_cx == NULL)
        exec_sublink_cx = mcx_create(mcx_top, "SubqueryResults");
    else
        mcx_reset(exec_sublink_cx);
}

Datum
exec_eval_outer_param(Expr *e, bool *isnull)
{
    OuterFrame *f = exec_outer_frame;
    int k = e->u.outerparam.paramno;
    if (f == NULL || k >= f->n)
        elog_internal("outer reference evaluated outside its subquery");
    *isnull = f->nulls[k];
    return f->values[k];
}

/* ANY / ALL over the subquery's rows, with SQL's three-valued logic. */
static Datum
exec_sublink_any_all(Expr *e, ExecNode *node, const ExecRow *row, bool *isnull)
{
    bool all = e->u.sublink.kind == SUBLINK_ALL;
    Datum pair_values[2];
    bool pair_nulls[2];
    ExecRow pair = {2, pair_values, pair_nulls};
    pair_values[0] = exec_eval(e->u.sublink.lhs, row, &pair_nulls[0]);
    bool saw_null = false;
    ExecRow *r;
    while ((r = exec_next(node)) != NULL) {
        pair_values[1] = r->values[0];
        pair_nulls[1] = r->nulls[0];
        bool n;
        Datum v = exec_eval(e->u.sublink.test, &pair, &n);
        if (n) {
            saw_null = true;
            continue;
        }
        if (datum_bool(v) != all) {
            *isnull = false;
            return bool_datum(!all);
        }
    }
    *isnull = saw_null;
    return bool_datum(all);
}

static Datum
exec_sublink_scalar(Expr *e, ExecNode *node, bool *isnull)
{
    ExecRow *r = exec_next(node);
    if (r == NULL) {
        *isnull = true;
        return 0;
    }
    *isnull = r->nulls[0];
    Datum v = *isnull ? 0 : adt_datum_copy(adt_type(e->type), r->values[0]);
    if (exec_next(node) != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_CARDINALITY_VIOLATION),
                err_msg("more than one row returned by a subquery used as an expression"));
    return v;
}

static SublinkCache *
exec_sublink_cached(const Expr *e)
{
    for (SublinkCache *c = exec_sublink_cache; c != NULL; c = c->next)
        if (c->sublink == e)
            return c;
    return NULL;
}

/* The values of an uncorrelated ANY / ALL subquery's column, copied into c. */
static void
exec_sublink_keep_values(Expr *e, ExecNode *node, SublinkCache *c)
{
    uint64_t cap = 16;
    const TypeDesc *td = adt_type(e->u.sublink.query->targets[0].expr->type);
    MemCtx *old = mcx_switch(exec_sublink_cx);
    c->values = mcx_alloc(sizeof(Datum) * cap);
    c->nulls = mcx_alloc(sizeof(bool) * cap);
    mcx_switch(old);
    ExecRow *r;
    while ((r = exec_next(node)) != NULL) {
        old = mcx_switch(exec_sublink_cx);
        if (c->n == cap) {
            cap *= 2;
            c->values = mcx_realloc(c->values, sizeof(Datum) * cap);
            c->nulls = mcx_realloc(c->nulls, sizeof(bool) * cap);
        }
        c->nulls[c->n] = r->nulls[0];
        c->values[c->n] = r->nulls[0] ? 0 : adt_datum_copy(td, r->values[0]);
        c->n++;
        mcx_switch(old);
    }
}

/* Run an uncorrelated subquery once and keep what later evaluations need. */
static SublinkCache *
exec_sublink_fill(Expr *e)
{
    if (exec_sublink_cx == NULL)
        exec_sublink_cx = mcx_create(mcx_top, "SubqueryResults");
    ExecNode *node = exec_start(e->u.sublink.plan, exec_snapshot);
    SublinkCache *c = mcx_alloc0_in(exec_sublink_cx, sizeof *c);
    c->sublink = e;
    if (e->u.sublink.kind == SUBLINK_EXISTS) {
        c->value = bool_datum(exec_next(node) != NULL);
    } else if (e->u.sublink.kind == SUBLINK_ARRAY) {
        Datum v = exec_array_from_rows(node, e->type, e->u.sublink.query->targets[0].expr->type);
        MemCtx *old = mcx_switch(exec_sublink_cx);
        c->value = adt_datum_copy(adt_type(e->type), v);
        c->isnull = false;
        mcx_switch(old);
    } else if (e->u.sublink.kind == SUBLINK_EXPR) {
        Datum v = exec_sublink_scalar(e, node, &c->isnull);
        MemCtx *old = mcx_switch(exec_sublink_cx);
        c->value = c->isnull ? 0 : adt_datum_copy(adt_type(e->type), v);
        mcx_switch(old);
    } else {
        exec_sublink_keep_values(e, node, c);
    }
    exec_end(node);
    c->next = exec_sublink_cache;
    exec_sublink_cache = c;
    return c;
}

/* ANY / ALL over kept values, with SQL's three-valued logic. */
static Datum
exec_sublink_any_all_kept(Expr *e, const SublinkCache *c, const ExecRow *row, bool *isnull)
{
    bool all = e->u.sublink.kind == SUBLINK_ALL;
    Datum pair_values[2];
    bool pair_nulls[2];
    ExecRow pair = {2, pair_values, pair_nulls};
    pair_values[0] = exec_eval(e->u.sublink.lhs, row, &pair_nulls[0]);
    bool saw_null = false;
    for (uint64_t i = 0; i < c->n; i++) {
        pair_values[1] = c->values[i];
        pair_nulls[1] = c->nulls[i];
        bool n;
        Datum v = exec_eval(e->u.sublink.test, &pair, &n);
        if (n) {
            saw_null = true;
            continue;
        }
        if (datum_bool(v) != all) {
            *isnull = false;
            return bool_datum(!all);
        }
    }
    *isnull = saw_null;
    return bool_datum(all);
}

Datum
exec_eval_sublink(Expr *e, const ExecRow *row, bool *isnull)
{
    if (exec_snapshot == NULL)
        elog_internal("subquery evaluated outside a statement");
    if (e->u.sublink.nargs == 0) {
        SublinkCache *c = exec_sublink_cached(e);
        if (c == NULL)
            c = exec_sublink_fill(e);
        if (e->u.sublink.kind == SUBLINK_ANY || e->u.sublink.kind == SUBLINK_ALL)
            return exec_sublink_any_all_kept(e, c, row, isnull);
        *isnull = c->isnull;
        return c->value;
    }
    int n = e->u.sublink.nargs;
    OuterFrame frame = {n,
                        mcx_alloc(sizeof(Datum) * (size_t)(n + 1)),
                        mcx_alloc(sizeof(bool) * (size_t)(n + 1))};
    for (int i = 0; i < n; i++) {
        frame.values[i] = exec_eval(e->u.sublink.args[i], row, &frame.nulls[i]);
        if (!frame.nulls[i])
            frame.values[i] = adt_datum_copy(adt_type(e->u.sublink.args[i]->type), frame.values[i]);
    }
    OuterFrame *saved = exec_outer_frame;
    exec_outer_frame = &frame;
    ExecNode *node = exec_start(e->u.sublink.plan, exec_snapshot);
    Datum v = 0;
    switch (e->u.sublink.kind) {
    case SUBLINK_EXISTS:
        *isnull = false;
        v = bool_datum(exec_next(node) != NULL);
        break;
    case SUBLINK_ANY:
    case SUBLINK_ALL: {
        /* lhs belongs to the enclosing query: evaluate it under the enclosing frame. */
        exec_outer_frame = saved;
        Datum lhs_v;
        bool lhs_n;
        lhs_v = exec_eval(e->u.sublink.lhs, row, &lhs_n);
        exec_outer_frame = &frame;
        Expr lhs_const = {.kind = EXPR_CONST, .type = e->u.sublink.lhs->type, .typmod = -1};
        lhs_const.u.c.value = lhs_v;
        lhs_const.u.c.isnull = lhs_n;
        Expr copy = *e;
        copy.u.sublink.lhs = &lhs_const;
        v = exec_sublink_any_all(&copy, node, row, isnull);
        break;
    }
    case SUBLINK_EXPR:
        v = exec_sublink_scalar(e, node, isnull);
        break;
    case SUBLINK_ARRAY:
        *isnull = false;
        v = exec_array_from_rows(node, e->type, e->u.sublink.query->targets[0].expr->type);
        break;
    }
    exec_end(node);
    exec_outer_frame = saved;
    return v;
}
