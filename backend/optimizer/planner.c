/*
 * planner.c
 *     Query to Plan: one row source (table scan, joins, a function, VALUES, a set
 *     operation or a single empty row), a primary-key range taken from the WHERE clause
 *     when one applies, then aggregation, HAVING, set-returning functions (ProjectSet),
 *     projection, DISTINCT, sort, DISTINCT ON (Unique), row locks and limit.
 *
 * Access paths (README 1, opt_path.c): the table in primary-key order or a secondary
 * index, narrowed by WHERE conjuncts on leading key columns or chosen for ORDER BY; the
 * whole WHERE clause stays as the scan's qual, so a path is only ever an optimisation.
 */
#include "oak/oak.h"

#include "oak/optimizer/plan.h"
#include "oak/utils/adt.h"

static Plan *
opt_make(PlanKind kind, int ncols)
{
    Plan *p = mcx_alloc0(sizeof *p);
    p->kind = kind;
    p->ncols = ncols;
    p->col_types = mcx_alloc0(sizeof(Oid) * (size_t)(ncols + 1));
    return p;
}

Plan *
opt_plan_scan(RelDesc *rel, Expr *where)
{
    Query fake = {.cmd = CMD_SELECT, .from_kind = FROM_TABLE, .rel = rel};
    fake.where = opt_fold_consts(where);
    Plan *p = opt_make(PLAN_SCAN, rel->natts);
    p->rel = rel;
    for (int i = 0; i < rel->natts; i++)
        p->col_types[i] = rel->atts[i].type;
    p->qual = fake.where;
    p->index_no = -1;
    if (rel->kind == 'r')
        opt_choose_path(p, &fake);
    return p;
}

static Plan *
opt_plan_source(Query *q)
{
    Plan *p;
    switch (q->from_kind) {
    case FROM_JOIN:
        q->where = opt_fold_consts(q->where);
        return opt_plan_join(q);
    case FROM_TABLE:
        q->where = opt_fold_consts(q->where);
        p = opt_make(PLAN_SCAN, q->rel->natts + (q->row_lock ? 1 : 0));
        p->rel = q->rel;
        for (int i = 0; i < q->rel->natts; i++)
            p->col_types[i] = q->rel->atts[i].type;
        if (q->row_lock) {
            p->emit_key = true;
            p->col_types[q->rel->natts] = BYTEAOID;
        }
        p->qual = q->where;
        p->index_no = -1;
        if (p->rel->kind == 'r')
            opt_choose_path(p, q);
        return p;
    case FROM_FUNCTION:
        p = opt_plan_funcscan(q->func, q->func_ordinality, q->where);
        if (q->nrtes > 0) { /* EXPLAIN: the scan's alias and its columns' names */
            p->alias = q->rtes[0].alias;
            p->col_names = q->rtes[0].colnames;
        }
        return p;
    case FROM_VALUES:
        return opt_plan_values(q);
    case FROM_SETOP:
        return opt_plan_setop(q);
    case FROM_NONE:
        p = opt_make(PLAN_RESULT, 0);
        if (q->where) {
            Plan *f = opt_make(PLAN_FILTER, 0);
            f->child = p;
            f->qual = q->where;
            return f;
        }
        return p;
    }
    return NULL;
}

static Expr **opt_copy_args(Expr **args, int n, Query *q);

/* Rewrite an expression above the aggregation: group expressions and aggregates to Vars. */
static Expr *
opt_over_agg(Expr *e, Query *q)
{
    for (int i = 0; i < q->ngroup; i++)
        if (expr_equal(e, q->group[i]))
            return expr_make_var(i, e->type, e->typmod);
    Expr *c = mcx_alloc(sizeof *c);
    *c = *e;
    switch (e->kind) {
    case EXPR_AGGREF:
        return expr_make_var(q->ngroup + e->u.aggref.aggno, e->type, e->typmod);
    case EXPR_FUNC:
        c->u.func.args = opt_copy_args(e->u.func.args, e->u.func.nargs, q);
        break;
    case EXPR_CAST:
    case EXPR_RELABEL:
        c->u.coerce.arg = opt_over_agg(e->u.coerce.arg, q);
        break;
    case EXPR_BOOL:
        c->u.boolean.args = opt_copy_args(e->u.boolean.args, e->u.boolean.nargs, q);
        break;
    case EXPR_NULLTEST:
        c->u.nulltest.arg = opt_over_agg(e->u.nulltest.arg, q);
        break;
    case EXPR_BOOLTEST:
        c->u.booltest.arg = opt_over_agg(e->u.booltest.arg, q);
        break;
    case EXPR_COALESCE:
        c->u.coalesce.args = opt_copy_args(e->u.coalesce.args, e->u.coalesce.nargs, q);
        break;
    case EXPR_CASE:
        c->u.casex.conds = opt_copy_args(e->u.casex.conds, e->u.casex.nwhen, q);
        c->u.casex.results = opt_copy_args(e->u.casex.results, e->u.casex.nwhen, q);
        c->u.casex.defresult = opt_over_agg(e->u.casex.defresult, q);
        break;
    case EXPR_NULLIF:
        c->u.nullif.left = opt_over_agg(e->u.nullif.left, q);
        c->u.nullif.right = opt_over_agg(e->u.nullif.right, q);
        break;
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        c->u.array.args = opt_copy_args(e->u.array.args, e->u.array.nargs, q);
        break;
    case EXPR_SUBLINK:
        c->u.sublink.args = opt_copy_args(e->u.sublink.args, e->u.sublink.nargs, q);
        if (e->u.sublink.lhs)
            c->u.sublink.lhs = opt_over_agg(e->u.sublink.lhs, q);
        break;
    case EXPR_CONST:
    case EXPR_VAR:
    case EXPR_PARAM:
    case EXPR_OUTERPARAM:
        break;
    }
    return c;
}

static Expr **
opt_copy_args(Expr **args, int n, Query *q)
{
    Expr **out = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        out[i] = opt_over_agg(args[i], q);
    return out;
}

static bool
source_is_scan(const Plan *p)
{
    return p->kind == PLAN_SCAN;
}

Plan *
opt_plan_query(Query *q)
{
    Plan *p = opt_plan_source(q);
    const Plan *src = p;
    if (q->cmd != CMD_SELECT)
        return p;

    if (q->has_aggs) {
        Plan *a = opt_make(PLAN_AGG, q->ngroup + q->naggs);
        a->child = p;
        a->ngroup = q->ngroup;
        a->group = q->group;
        a->naggs = q->naggs;
        a->aggs = q->aggs;
        for (int i = 0; i < q->ngroup; i++)
            a->col_types[i] = q->group[i]->type;
        for (int i = 0; i < q->naggs; i++)
            a->col_types[q->ngroup + i] = q->aggs[i]->type;
        if (q->having)
            a->qual = opt_over_agg(q->having, q);
        a->query = q;
        p = a;
    }

    Expr **texprs = mcx_alloc(sizeof(Expr *) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < q->ntargets; i++)
        texprs[i] = q->has_aggs ? opt_over_agg(q->targets[i].expr, q) : q->targets[i].expr;
    if (q->has_srfs)
        p = opt_plan_project_set(p, texprs, q->ntargets);

    Plan *proj = opt_make(PLAN_PROJECT, q->ntargets);
    proj->child = p;
    proj->nexprs = q->ntargets;
    proj->exprs = texprs;
    for (int i = 0; i < q->ntargets; i++)
        proj->col_types[i] = q->targets[i].expr->type;
    p = proj;
    if (q->distinct)
        p = opt_plan_distinct(q, p);

    /* A scan that returns rows in ORDER BY's order needs no sort. */
    bool presorted = source_is_scan(src) && src->key_ordered && !q->has_aggs && !q->distinct;
    if (q->nsort > 0 && !presorted) {
        Plan *s = opt_make(PLAN_SORT, q->ntargets);
        memcpy(s->col_types, proj->col_types, sizeof(Oid) * (size_t)q->ntargets);
        s->child = p;
        s->query = q;
        s->nkeys = q->nsort;
        s->keys = mcx_alloc(sizeof(SortKey) * (size_t)q->nsort);
        for (int i = 0; i < q->nsort; i++) {
            s->keys[i].col = q->sort[i].target;
            s->keys[i].desc = q->sort[i].desc;
            s->keys[i].nulls_first = q->sort[i].nulls_first;
        }
        p = s;
    }
    if (q->ndistinct_on > 0)
        p = opt_plan_unique(q, p);
    if (q->row_lock) {
        /*
         * Below LIMIT, as in PostgreSQL: rows are locked until LIMIT has enough, so
         * SKIP LOCKED and re-checked rows do not shrink the result.
         */
        Plan *lr = opt_make(PLAN_LOCKROWS, q->ntargets);
        memcpy(lr->col_types, proj->col_types, sizeof(Oid) * (size_t)q->ntargets);
        lr->child = p;
        lr->rel = q->rel;
        lr->qual = q->where;
        lr->nexprs = proj->nexprs;
        lr->exprs = proj->exprs;
        lr->key_col = q->row_key_target;
        lr->row_lock = q->row_lock;
        lr->row_lock_wait = q->row_lock_wait;
        p = lr;
    }
    if (q->limit || q->offset) {
        Plan *l = opt_make(PLAN_LIMIT, q->ntargets);
        memcpy(l->col_types, proj->col_types, sizeof(Oid) * (size_t)q->ntargets);
        l->child = p;
        l->limit = q->limit;
        l->offset = q->offset;
        p = l;
    }
    return opt_plan_cte_root(q, p);
}
