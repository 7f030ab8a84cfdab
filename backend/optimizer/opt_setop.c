/*
 * opt_setop.c
 *     Plans for what a query's result is made of besides tables and joins: UNION /
 *     INTERSECT / EXCEPT trees, VALUES lists, functions in FROM, set-returning functions
 *     in the select list (ProjectSet), and DISTINCT / DISTINCT ON.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  11. WITH RECURSIVE's union is a Recursive Union over its two terms (the worktable
 *      references in the right one are WorkTable Scans naming the same SetOpNode).
 *      UNION ALL is an Append of its inputs; UNION is a hash aggregation grouping on every
 *      column over that Append (PostgreSQL's HashAggregate); nested UNIONs whose columns
 *      need no conversion are flattened into one Append (a UNION ALL under a UNION too,
 *      since the duplicates go anyway). INTERSECT / EXCEPT are a SetOp node over both
 *      inputs. Each input is projected to exactly its node's columns (junk dropped,
 *      conversions applied).
 *  12. Set-returning calls of the select list run in one ProjectSet node between the
 *      aggregation (if any) and the projection: its row is its input's columns then one
 *      column per call, and the projection reads the calls' values as Vars.
 *  13. DISTINCT groups the projected rows on every column (hash aggregation); DISTINCT ON
 *      keeps the first row of each group of its columns from the sort (a Unique node),
 *      whose keys start with them (parser invariant).
 *
 * Not here: the rest of a query's plan (planner.c), joins (opt_join.c).
 */
#include "oak/oak.h"

#include "oak/optimizer/plan.h"
#include "oak/utils/adt.h"
#include "oak/utils/record.h"

static Plan *
opt_setop_make(PlanKind kind, int ncols, const Oid *types)
{
    Plan *p = mcx_alloc0(sizeof *p);
    p->kind = kind;
    p->ncols = ncols;
    p->col_types = mcx_alloc0(sizeof(Oid) * (size_t)(ncols + 1));
    if (types != NULL)
        memcpy(p->col_types, types, sizeof(Oid) * (size_t)ncols);
    return p;
}

/* child's rows through exprs (over child's row). */
static Plan *
opt_setop_project(Plan *child, Expr **exprs, int n)
{
    Plan *p = opt_setop_make(PLAN_PROJECT, n, NULL);
    p->child = child;
    p->nexprs = n;
    p->exprs = exprs;
    for (int i = 0; i < n; i++)
        p->col_types[i] = exprs[i]->type;
    return p;
}

/* EXPLAIN: "table.column" for a leaf's column read straight from a table, else its name. */
static char *
opt_setop_col_name(const Query *leaf, int i)
{
    const TargetEntry *te = &leaf->targets[i];
    if (te->expr->kind == EXPR_VAR && leaf->from_kind == FROM_TABLE)
        return mcx_printf("%s.%s", leaf->rel->name, leaf->rel->atts[te->expr->u.var.attno].name);
    return te->name;
}

static Plan *opt_setop_plan(SetOpNode *n);

/* n's plan as its parent's input: its columns converted (conv) when its types differ. */
static Plan *
opt_setop_input(SetOpNode *n)
{
    Plan *p = opt_setop_plan(n);
    if (n->conv != NULL)
        p = opt_setop_project(p, n->conv, n->ncols);
    return p;
}

typedef struct PlanList {
    int n;
    int cap;
    Plan **items;
} PlanList;

static void
opt_setop_add(PlanList *l, Plan *p)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = mcx_realloc(l->items, sizeof(Plan *) * (size_t)l->cap);
    }
    l->items[l->n++] = p;
}

/* The inputs of UNION node n, nested UNIONs flattened (README invariant 11). */
static void
opt_setop_union_inputs(SetOpNode *n, PlanList *out)
{
    SetOpNode *kids[2] = {n->left, n->right};
    for (int i = 0; i < 2; i++) {
        SetOpNode *c = kids[i];
        if (c->leaf == NULL && c->op == SETOP_UNION && !c->recursive && c->conv == NULL &&
            (!n->all || c->all))
            opt_setop_union_inputs(c, out);
        else
            opt_setop_add(out, opt_setop_input(c));
    }
}

static const Query *
opt_setop_first_leaf(const SetOpNode *n)
{
    while (n->leaf == NULL)
        n = n->left;
    return n->leaf;
}

/* Hash aggregation grouping on every column of child: DISTINCT and UNION. */
static Plan *
opt_setop_distinct_agg(Plan *child, Expr **display)
{
    Plan *a = opt_setop_make(PLAN_AGG, child->ncols, child->col_types);
    a->child = child;
    a->ngroup = child->ncols;
    a->group = mcx_alloc(sizeof(Expr *) * (size_t)(child->ncols + 1));
    for (int i = 0; i < child->ncols; i++)
        a->group[i] = expr_make_var(i, child->col_types[i], -1);
    a->group_display = display;
    return a;
}

static Plan *
opt_setop_plan(SetOpNode *n)
{
    if (n->leaf != NULL) {
        Plan *p = opt_plan_query(n->leaf);
        if (p->ncols == n->ncols)
            return p;
        Expr **vars = mcx_alloc(sizeof(Expr *) * (size_t)(n->ncols + 1));
        for (int i = 0; i < n->ncols; i++)
            vars[i] = expr_make_var(i, n->coltypes[i], n->coltypmods[i]);
        return opt_setop_project(p, vars, n->ncols);
    }
    if (n->recursive) {
        Plan *p = opt_setop_make(PLAN_RECURSIVEUNION, n->ncols, n->coltypes);
        p->setop_all = n->all;
        p->worktable = n;
        p->child = opt_setop_input(n->left);
        p->inner = opt_setop_input(n->right);
        return p;
    }
    if (n->op == SETOP_UNION) {
        PlanList inputs = {0};
        opt_setop_union_inputs(n, &inputs);
        Plan *app = opt_setop_make(PLAN_APPEND, n->ncols, n->coltypes);
        app->nchildren = inputs.n;
        app->children = inputs.items;
        if (n->all)
            return app;
        const Query *first = opt_setop_first_leaf(n);
        char **names = mcx_alloc0(sizeof(char *) * (size_t)(n->ncols + 1));
        for (int i = 0; i < n->ncols; i++)
            names[i] = opt_setop_col_name(first, i);
        Plan *a = opt_setop_distinct_agg(app, NULL);
        a->group_names = names;
        return a;
    }
    Plan *p = opt_setop_make(PLAN_SETOP, n->ncols, n->coltypes);
    p->setop = n->op;
    p->setop_all = n->all;
    p->child = opt_setop_input(n->left);
    p->inner = opt_setop_input(n->right);
    return p;
}

Plan *
opt_plan_setop(Query *q)
{
    return opt_setop_plan(q->setop);
}

Plan *
opt_plan_values(Query *q)
{
    Plan *p = opt_setop_make(PLAN_VALUES, q->values_width, NULL);
    for (int i = 0; i < q->values_width; i++)
        p->col_types[i] = q->targets[i].expr->type;
    p->nrows = q->nvalues_rows;
    p->rows = q->values_rows;
    return p;
}

Plan *
opt_plan_funcscan(Expr *func, bool ordinality, Expr *qual)
{
    /* a record of known shape gives one column per field (exec_srf.c) */
    const RecordShape *shape = func->type == RECORDOID ? adt_record_shape(func->typmod) : NULL;
    int w = shape != NULL ? shape->nfields : 1;
    Plan *p = opt_setop_make(PLAN_FUNCSCAN, w + (ordinality ? 1 : 0), NULL);
    for (int i = 0; i < w; i++)
        p->col_types[i] = shape != NULL ? shape->types[i] : func->type;
    if (ordinality)
        p->col_types[w] = INT8OID;
    p->func = func;
    p->ordinality = ordinality;
    p->qual = qual;
    return p;
}

Plan *
opt_plan_worktable(const RangeTblEntry *rte, Expr *qual)
{
    Plan *p = opt_setop_make(PLAN_WORKTABLESCAN, rte->ncols, rte->coltypes);
    p->worktable = rte->worktable;
    p->qual = qual;
    return p;
}

Plan *
opt_plan_ctescan(const RangeTblEntry *rte, Expr *qual)
{
    CteInfo *cte = rte->cte;
    if (cte->plan == NULL)
        cte->plan = opt_plan_query(cte->query);
    Plan *p = opt_setop_make(PLAN_CTESCAN, cte->plan->ncols, cte->plan->col_types);
    p->cte = cte;
    p->qual = qual;
    return p;
}

Plan *
opt_plan_cte_root(Query *q, Plan *p)
{
    int n = 0;
    for (int i = 0; i < q->nctes; i++)
        n += q->ctes[i] != NULL && q->ctes[i]->plan != NULL && analyze_cte_is_shared(q->ctes[i]);
    if (n == 0)
        return p;
    Plan *r = opt_setop_make(PLAN_CTEROOT, p->ncols, p->col_types);
    r->child = p;
    r->ctes = mcx_alloc(sizeof(CteInfo *) * (size_t)(n + 1));
    for (int i = 0; i < q->nctes; i++)
        if (q->ctes[i] != NULL && q->ctes[i]->plan != NULL && analyze_cte_is_shared(q->ctes[i]))
            r->ctes[r->nctes++] = q->ctes[i];
    return r;
}

typedef struct SrfList {
    int n;
    int cap;
    Expr **calls;
    int base; /* the first column after the input's */
} SrfList;

static Expr *opt_srf_replace(Expr *e, SrfList *l);

static Expr **
opt_srf_replace_args(Expr **args, int n, SrfList *l)
{
    Expr **out = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        out[i] = opt_srf_replace(args[i], l);
    return out;
}

/*
 * A copy of e with each set-returning call replaced by a Var reading its value from the
 * ProjectSet row; the calls are collected in l. The parser allows such calls only under
 * the kinds handled here (not in CASE, COALESCE, aggregates or subqueries; GREATEST and
 * LEAST are COALESCE-shaped).
 */
static Expr *
opt_srf_replace(Expr *e, SrfList *l)
{
    if (e == NULL)
        return NULL;
    if (e->kind == EXPR_FUNC && e->u.func.retset) {
        if (l->n == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 4;
            l->calls = mcx_realloc(l->calls, sizeof(Expr *) * (size_t)l->cap);
        }
        l->calls[l->n] = e;
        return expr_make_var(l->base + l->n++, e->type, e->typmod);
    }
    Expr *c = mcx_alloc(sizeof *c);
    *c = *e;
    switch (e->kind) {
    case EXPR_FUNC:
        c->u.func.args = opt_srf_replace_args(e->u.func.args, e->u.func.nargs, l);
        break;
    case EXPR_CAST:
    case EXPR_RELABEL:
        c->u.coerce.arg = opt_srf_replace(e->u.coerce.arg, l);
        break;
    case EXPR_BOOL:
        c->u.boolean.args = opt_srf_replace_args(e->u.boolean.args, e->u.boolean.nargs, l);
        break;
    case EXPR_NULLTEST:
        c->u.nulltest.arg = opt_srf_replace(e->u.nulltest.arg, l);
        break;
    case EXPR_BOOLTEST:
        c->u.booltest.arg = opt_srf_replace(e->u.booltest.arg, l);
        break;
    case EXPR_NULLIF:
        c->u.nullif.left = opt_srf_replace(e->u.nullif.left, l);
        c->u.nullif.right = opt_srf_replace(e->u.nullif.right, l);
        break;
    case EXPR_SUBLINK:
        c->u.sublink.lhs = opt_srf_replace(e->u.sublink.lhs, l);
        break;
    case EXPR_COALESCE:
        c->u.coalesce.args = opt_srf_replace_args(e->u.coalesce.args, e->u.coalesce.nargs, l);
        break;
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        c->u.array.args = opt_srf_replace_args(e->u.array.args, e->u.array.nargs, l);
        break;
    default:
        break;
    }
    return c;
}

Plan *
opt_plan_project_set(Plan *child, Expr **exprs, int n)
{
    SrfList l = {.base = child->ncols};
    for (int i = 0; i < n; i++)
        exprs[i] = opt_srf_replace(exprs[i], &l);
    Plan *p = opt_setop_make(PLAN_PROJECTSET, child->ncols + l.n, child->col_types);
    for (int k = 0; k < l.n; k++)
        p->col_types[child->ncols + k] = l.calls[k]->type;
    p->child = child;
    p->nexprs = l.n;
    p->exprs = l.calls;
    return p;
}

Plan *
opt_plan_distinct(Query *q, Plan *proj)
{
    Expr **display = mcx_alloc(sizeof(Expr *) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < q->ntargets; i++)
        display[i] = q->targets[i].expr;
    Plan *a = opt_setop_distinct_agg(proj, display);
    a->query = q;
    return a;
}

Plan *
opt_plan_unique(Query *q, Plan *child)
{
    Plan *u = opt_setop_make(PLAN_UNIQUE, child->ncols, child->col_types);
    u->child = child;
    u->nkeys = q->ndistinct_on;
    u->keys = mcx_alloc0(sizeof(SortKey) * (size_t)(q->ndistinct_on + 1));
    for (int i = 0; i < q->ndistinct_on; i++)
        u->keys[i].col = q->distinct_on[i];
    return u;
}
