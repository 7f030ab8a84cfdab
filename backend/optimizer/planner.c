/*
 * planner.c
 *     Query to Plan for the first slice: one row source (table scan, generate_series or a
 *     single empty row), a primary-key range taken from the WHERE clause when one applies,
 *     then aggregation, HAVING, projection, sort and limit.
 *
 * Access path choice (README 1): a conjunct "pkcol op constant" (op one of = < <= > >=) on
 * the first primary-key column narrows the scan; the whole WHERE clause stays as the scan's
 * qual, so the range is only ever an optimisation. Cost-based choice among several paths
 * comes with secondary indexes (issue #5).
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

/* Types whose key encodings coincide, so a constant of one can bound a column of another. */
static int
opt_key_family(Oid t)
{
    switch (t) {
    case INT2OID:
    case INT4OID:
    case INT8OID:
        return 1;
    case FLOAT4OID:
    case FLOAT8OID:
        return 2;
    case TEXTOID:
    case VARCHAROID:
        return 3;
    default:
        return (int)t + 16;
    }
}

static bool
opt_is_const(const Expr *e)
{
    while (e->kind == EXPR_RELABEL)
        e = e->u.coerce.arg;
    return e->kind == EXPR_CONST;
}

/* Consider one conjunct for the primary-key range. */
static void
opt_consider_bound(Plan *scan, Expr *c)
{
    RelDesc *rel = scan->rel;
    if (rel->pk_natts != 1 || c->kind != EXPR_FUNC || c->u.func.opno == 0 ||
        c->u.func.nargs != 2)
        return;
    const OperDesc *op = adt_oper(c->u.func.opno);
    if (op == NULL)
        return;
    Expr *l = c->u.func.args[0];
    Expr *r = c->u.func.args[1];
    const char *name = op->name;
    bool flipped = false;
    if (!(l->kind == EXPR_VAR && opt_is_const(r))) {
        if (!(r->kind == EXPR_VAR && opt_is_const(l)))
            return;
        Expr *t = l;
        l = r;
        r = t;
        flipped = true;
    }
    int pk = rel->pk_attnos[0];
    if (l->u.var.attno != pk || opt_key_family(rel->atts[pk].type) != opt_key_family(r->type))
        return;
    if (flipped) {
        if (strcmp(name, "<") == 0)
            name = ">";
        else if (strcmp(name, "<=") == 0)
            name = ">=";
        else if (strcmp(name, ">") == 0)
            name = "<";
        else if (strcmp(name, ">=") == 0)
            name = "<=";
    }
    /* Equality wins over ranges; among ranges the first one found is used. */
    if (strcmp(name, "=") == 0) {
        scan->lo_expr = scan->hi_expr = r;
        scan->lo_inclusive = scan->hi_inclusive = true;
        scan->pk_equal = true;
    } else if (scan->pk_equal) {
        return;
    } else if ((strcmp(name, ">") == 0 || strcmp(name, ">=") == 0) && scan->lo_expr == NULL) {
        scan->lo_expr = r;
        scan->lo_inclusive = name[1] == '=';
    } else if ((strcmp(name, "<") == 0 || strcmp(name, "<=") == 0) && scan->hi_expr == NULL) {
        scan->hi_expr = r;
        scan->hi_inclusive = name[1] == '=';
    }
}

static void
opt_find_bounds(Plan *scan, Expr *qual)
{
    if (qual == NULL)
        return;
    if (qual->kind == EXPR_BOOL && qual->u.boolean.op == BOOL_AND) {
        for (int i = 0; i < qual->u.boolean.nargs; i++)
            opt_find_bounds(scan, qual->u.boolean.args[i]);
        return;
    }
    opt_consider_bound(scan, qual);
}

static Plan *
opt_plan_source(Query *q)
{
    Plan *p;
    switch (q->from_kind) {
    case FROM_TABLE:
        p = opt_make(PLAN_SCAN, q->rel->natts + (q->row_lock ? 1 : 0));
        p->rel = q->rel;
        for (int i = 0; i < q->rel->natts; i++)
            p->col_types[i] = q->rel->atts[i].type;
        if (q->row_lock) {
            p->emit_key = true;
            p->col_types[q->rel->natts] = BYTEAOID;
        }
        p->qual = q->where;
        opt_find_bounds(p, q->where);
        return p;
    case FROM_FUNCTION:
        p = opt_make(PLAN_SERIES, 1);
        p->col_types[0] = q->func->type;
        p->nargs = q->func->u.func.nargs;
        p->args = q->func->u.func.args;
        p->qual = q->where;
        return p;
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

static Expr **
opt_copy_args(Expr **args, int n, Query *q);

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
    case EXPR_CONST:
    case EXPR_VAR:
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

Plan *
opt_plan_query(Query *q)
{
    Plan *p = opt_plan_source(q);
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
        p = a;
    }

    Plan *proj = opt_make(PLAN_PROJECT, q->ntargets);
    proj->child = p;
    proj->nexprs = q->ntargets;
    proj->exprs = mcx_alloc(sizeof(Expr *) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < q->ntargets; i++) {
        Expr *e = q->targets[i].expr;
        proj->exprs[i] = q->has_aggs ? opt_over_agg(e, q) : e;
        proj->col_types[i] = e->type;
    }
    p = proj;

    if (q->nsort > 0) {
        Plan *s = opt_make(PLAN_SORT, q->ntargets);
        memcpy(s->col_types, proj->col_types, sizeof(Oid) * (size_t)q->ntargets);
        s->child = p;
        s->nkeys = q->nsort;
        s->keys = mcx_alloc(sizeof(SortKey) * (size_t)q->nsort);
        for (int i = 0; i < q->nsort; i++) {
            s->keys[i].col = q->sort[i].target;
            s->keys[i].desc = q->sort[i].desc;
            s->keys[i].nulls_first = q->sort[i].nulls_first;
        }
        p = s;
    }
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
    return p;
}
