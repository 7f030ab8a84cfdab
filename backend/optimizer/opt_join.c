/*
 * opt_join.c
 *     Plans a FROM clause with several items, joins or subqueries: one nested-loop node per
 *     join of the join tree, in FROM order, with each WHERE and ON conjunct placed at the
 *     lowest node that can evaluate it, so single-table conditions reach their scan (and its
 *     index path).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   7. A join node's row is its left input's columns then its right input's, so a join
 *      over the columns [first, first + n) of the query's concatenated row needs only a
 *      shift of its Vars by -first.
 *   8. A conjunct never moves into the nullable side of an outer join from above it (WHERE
 *      sees null-extended rows), nor into the preserved side from its ON condition (ON only
 *      decides which rows match).
 *
 * Not here: access paths (opt_path.c), aggregation, sort and limit (planner.c).
 */
#include "oak/oak.h"

#include <limits.h>

#include "oak/optimizer/plan.h"
#include "oak/commands/settings.h"
#include "oak/utils/adt.h"

/* Pointers to e's sub-expressions evaluated over the same row (not a sublink's test). */
static int
opt_join_children(Expr *e, Expr ***slots, int cap)
{
    int n = 0;
#define OPT_ADD(x)                                                                                 \
    do {                                                                                           \
        if ((x) != NULL && n < cap)                                                                \
            slots[n++] = &(x);                                                                     \
    } while (0)
    switch (e->kind) {
    case EXPR_FUNC:
        for (int i = 0; i < e->u.func.nargs; i++)
            OPT_ADD(e->u.func.args[i]);
        break;
    case EXPR_CAST:
    case EXPR_RELABEL:
        OPT_ADD(e->u.coerce.arg);
        break;
    case EXPR_BOOL:
        for (int i = 0; i < e->u.boolean.nargs; i++)
            OPT_ADD(e->u.boolean.args[i]);
        break;
    case EXPR_NULLTEST:
        OPT_ADD(e->u.nulltest.arg);
        break;
    case EXPR_BOOLTEST:
        OPT_ADD(e->u.booltest.arg);
        break;
    case EXPR_COALESCE:
        for (int i = 0; i < e->u.coalesce.nargs; i++)
            OPT_ADD(e->u.coalesce.args[i]);
        break;
    case EXPR_CASE:
        OPT_ADD(e->u.casex.arg);
        for (int i = 0; i < e->u.casex.nwhen; i++) {
            OPT_ADD(e->u.casex.conds[i]);
            OPT_ADD(e->u.casex.results[i]);
        }
        OPT_ADD(e->u.casex.defresult);
        break;
    case EXPR_AGGREF:
        OPT_ADD(e->u.aggref.arg);
        for (int i = 0; i < e->u.aggref.norder; i++)
            OPT_ADD(e->u.aggref.order[i]);
        break;
    case EXPR_NULLIF:
        OPT_ADD(e->u.nullif.left);
        OPT_ADD(e->u.nullif.right);
        break;
    case EXPR_SUBLINK:
        for (int i = 0; i < e->u.sublink.nargs; i++)
            OPT_ADD(e->u.sublink.args[i]);
        OPT_ADD(e->u.sublink.lhs);
        break;
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        for (int i = 0; i < e->u.array.nargs; i++)
            OPT_ADD(e->u.array.args[i]);
        break;
    case EXPR_CONST:
    case EXPR_VAR:
    case EXPR_PARAM:
    case EXPR_OUTERPARAM:
        break;
    }
#undef OPT_ADD
    return n;
}

enum { OPT_JOIN_MAX_CHILDREN = 1024 };

/* The lowest and highest column e reads (lo INT_MAX: none). */
static void
opt_join_span(Expr *e, int *lo, int *hi)
{
    if (e->kind == EXPR_VAR) {
        if (e->u.var.attno < *lo)
            *lo = e->u.var.attno;
        if (e->u.var.attno > *hi)
            *hi = e->u.var.attno;
        return;
    }
    Expr **slots[OPT_JOIN_MAX_CHILDREN];
    int n = opt_join_children(e, slots, OPT_JOIN_MAX_CHILDREN);
    for (int i = 0; i < n; i++)
        opt_join_span(*slots[i], lo, hi);
}

/* A copy of e's node with its own argument arrays (children still shared). */
static Expr *
opt_join_copy_node(Expr *e)
{
    Expr *c = mcx_alloc(sizeof *c);
    *c = *e;
    switch (e->kind) {
    case EXPR_FUNC:
        c->u.func.args = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.func.nargs + 1));
        memcpy(c->u.func.args, e->u.func.args, sizeof(Expr *) * (size_t)e->u.func.nargs);
        break;
    case EXPR_BOOL:
        c->u.boolean.args = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.boolean.nargs + 1));
        memcpy(c->u.boolean.args, e->u.boolean.args, sizeof(Expr *) * (size_t)e->u.boolean.nargs);
        break;
    case EXPR_COALESCE:
        c->u.coalesce.args = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.coalesce.nargs + 1));
        memcpy(c->u.coalesce.args,
               e->u.coalesce.args,
               sizeof(Expr *) * (size_t)e->u.coalesce.nargs);
        break;
    case EXPR_CASE:
        c->u.casex.conds = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.casex.nwhen + 1));
        c->u.casex.results = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.casex.nwhen + 1));
        memcpy(c->u.casex.conds, e->u.casex.conds, sizeof(Expr *) * (size_t)e->u.casex.nwhen);
        memcpy(c->u.casex.results, e->u.casex.results, sizeof(Expr *) * (size_t)e->u.casex.nwhen);
        break;
    case EXPR_SUBLINK:
        c->u.sublink.args = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.sublink.nargs + 1));
        if (e->u.sublink.nargs > 0) /* an uncorrelated subquery has no args (NULL) */
            memcpy(c->u.sublink.args,
                   e->u.sublink.args,
                   sizeof(Expr *) * (size_t)e->u.sublink.nargs);
        break;
    case EXPR_AGGREF:
        if (e->u.aggref.norder > 0) {
            c->u.aggref.order = mcx_alloc(sizeof(Expr *) * (size_t)e->u.aggref.norder);
            memcpy(c->u.aggref.order,
                   e->u.aggref.order,
                   sizeof(Expr *) * (size_t)e->u.aggref.norder);
        }
        break;
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        c->u.array.args = mcx_alloc(sizeof(Expr *) * (size_t)(e->u.array.nargs + 1));
        memcpy(c->u.array.args, e->u.array.args, sizeof(Expr *) * (size_t)e->u.array.nargs);
        break;
    default:
        break;
    }
    return c;
}

/* A copy of e with every Var's column moved by delta. */
static Expr *
opt_join_shift(Expr *e, int delta)
{
    Expr *c = opt_join_copy_node(e);
    if (e->kind == EXPR_VAR) {
        c->u.var.attno += delta;
        return c;
    }
    Expr **slots[OPT_JOIN_MAX_CHILDREN];
    int n = opt_join_children(c, slots, OPT_JOIN_MAX_CHILDREN);
    for (int i = 0; i < n; i++)
        *slots[i] = opt_join_shift(*slots[i], delta);
    return c;
}

/* A copy of e with each Var k replaced by exprs[k] (pushing a condition into a subquery). */
static Expr *
opt_join_subst(Expr *e, const TargetEntry *targets)
{
    if (e->kind == EXPR_VAR)
        return targets[e->u.var.attno].expr;
    Expr *c = opt_join_copy_node(e);
    Expr **slots[OPT_JOIN_MAX_CHILDREN];
    int n = opt_join_children(c, slots, OPT_JOIN_MAX_CHILDREN);
    for (int i = 0; i < n; i++)
        *slots[i] = opt_join_subst(*slots[i], targets);
    return c;
}

typedef struct QualList {
    int n;
    int cap;
    Expr **items;
} QualList;

static void
opt_join_add(QualList *l, Expr *e)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = mcx_realloc(l->items, sizeof(Expr *) * (size_t)l->cap);
    }
    l->items[l->n++] = e;
}

/* AND's arguments, flattened. */
static void
opt_join_conjuncts(Expr *e, QualList *out)
{
    if (e == NULL)
        return;
    if (e->kind == EXPR_BOOL && e->u.boolean.op == BOOL_AND) {
        for (int i = 0; i < e->u.boolean.nargs; i++)
            opt_join_conjuncts(e->u.boolean.args[i], out);
        return;
    }
    opt_join_add(out, e);
}

/* The conjuncts as one qual over a node starting at column first (NULL: none). */
static Expr *
opt_join_and(const QualList *l, int first)
{
    if (l->n == 0)
        return NULL;
    if (l->n == 1)
        return opt_join_shift(l->items[0], -first);
    Expr *a = mcx_alloc0(sizeof *a);
    a->kind = EXPR_BOOL;
    a->type = BOOLOID;
    a->typmod = -1;
    a->location = -1;
    a->u.boolean.op = BOOL_AND;
    a->u.boolean.nargs = l->n;
    a->u.boolean.args = mcx_alloc(sizeof(Expr *) * (size_t)l->n);
    for (int i = 0; i < l->n; i++)
        a->u.boolean.args[i] = opt_join_shift(l->items[i], -first);
    return a;
}

static Plan *
opt_join_make(PlanKind kind, int ncols)
{
    Plan *p = mcx_alloc0(sizeof *p);
    p->kind = kind;
    p->ncols = ncols;
    p->col_types = mcx_alloc0(sizeof(Oid) * (size_t)(ncols + 1));
    p->col_names = mcx_alloc0(sizeof(char *) * (size_t)(ncols + 1));
    return p;
}

/* Whether e contains an aggregate call. */
static bool
opt_join_has_agg(Expr *e)
{
    if (e->kind == EXPR_AGGREF)
        return true;
    Expr **slots[OPT_JOIN_MAX_CHILDREN];
    int n = opt_join_children(e, slots, OPT_JOIN_MAX_CHILDREN);
    for (int i = 0; i < n; i++)
        if (opt_join_has_agg(*slots[i]))
            return true;
    return false;
}

typedef enum OptPush { OPT_PUSH_NONE, OPT_PUSH_WHERE, OPT_PUSH_HAVING } OptPush;

/* Where output column k of sub can be read inside it: see opt_join_push_dest. */
static OptPush
opt_join_push_column(const Query *sub, int k)
{
    Expr *t = sub->targets[k].expr;
    if (!sub->has_aggs)
        return t->kind == EXPR_VAR ? OPT_PUSH_WHERE : OPT_PUSH_NONE;
    for (int g = 0; g < sub->ngroup; g++)
        if (expr_equal(t, sub->group[g]) && !opt_join_has_agg(t))
            return OPT_PUSH_WHERE;
    return OPT_PUSH_HAVING;
}

/*
 * Where a condition over a subquery's output can be evaluated inside it (README
 * invariant 14), or OPT_PUSH_NONE. The subquery must return its rows one by one from its
 * FROM clause or from its groups (no set-returning function, LIMIT, DISTINCT ON, row
 * locks, set operation or VALUES). Over plain columns (or, when grouped, GROUP BY
 * expressions) it joins WHERE; over aggregates it joins HAVING.
 */
static OptPush
opt_join_push_dest(const Query *sub, Expr *c)
{
    if (sub->cmd != CMD_SELECT || sub->ndistinct_on > 0 || sub->has_srfs || sub->limit != NULL ||
        sub->offset != NULL || sub->row_lock != 0 ||
        (sub->from_kind != FROM_TABLE && sub->from_kind != FROM_JOIN))
        return OPT_PUSH_NONE;
    if (c->kind == EXPR_VAR)
        return opt_join_push_column(sub, c->u.var.attno);
    if (c->kind == EXPR_SUBLINK && c->u.sublink.nargs > 0)
        return OPT_PUSH_NONE; /* its args are the enclosing query's context: keep it above */
    Expr **slots[OPT_JOIN_MAX_CHILDREN];
    int n = opt_join_children(c, slots, OPT_JOIN_MAX_CHILDREN);
    OptPush dest = OPT_PUSH_WHERE;
    for (int i = 0; i < n; i++) {
        OptPush d = opt_join_push_dest(sub, *slots[i]);
        if (d == OPT_PUSH_NONE)
            return OPT_PUSH_NONE;
        if (d == OPT_PUSH_HAVING)
            dest = OPT_PUSH_HAVING;
    }
    return dest;
}

/*
 * The subquery with the conditions that can go inside it added to its WHERE or HAVING
 * (a copy: a CTE's query is shared by its references); *rest gets the others, over the
 * subquery's row, or NULL.
 */
static Query *
opt_join_push_down(Query *sub, const QualList *quals, int first, Expr **rest)
{
    QualList where = {0};
    QualList having = {0};
    QualList out = {0};
    opt_join_conjuncts(sub->where, &where); /* the subquery's own conditions first */
    opt_join_conjuncts(sub->having, &having);
    int own = where.n + having.n;
    for (int i = 0; i < quals->n; i++) {
        Expr *c = opt_join_shift(quals->items[i], -first);
        OptPush d = opt_join_push_dest(sub, c);
        if (d == OPT_PUSH_WHERE)
            opt_join_add(&where, opt_join_subst(c, sub->targets));
        else if (d == OPT_PUSH_HAVING)
            opt_join_add(&having, opt_join_subst(c, sub->targets));
        else
            opt_join_add(&out, quals->items[i]);
    }
    *rest = opt_join_and(&out, first);
    if (where.n + having.n == own)
        return sub;
    Query *copy = mcx_alloc(sizeof *copy);
    *copy = *sub;
    copy->where = opt_join_and(&where, 0);
    copy->having = opt_join_and(&having, 0);
    return copy;
}

static Plan *
opt_join_leaf(Query *q, const FromNode *n, const QualList *quals)
{
    const RangeTblEntry *rte = &q->rtes[n->rtindex];
    Expr *where = opt_join_and(quals, rte->offset);
    Plan *p;
    switch (rte->kind) {
    case RTE_TABLE:
        p = opt_plan_scan(rte->rel, where);
        break;
    case RTE_FUNCTION:
        p = opt_plan_funcscan(rte->func, rte->ordinality, where);
        break;
    case RTE_WORKTABLE:
        p = opt_plan_worktable(rte, where);
        break;
    case RTE_SUBQUERY:
    default:
        if (rte->cte != NULL && analyze_cte_is_shared(rte->cte)) {
            p = opt_plan_ctescan(rte, where); /* computed once: conditions stay here */
            break;
        }
        p = opt_plan_query(opt_join_push_down(rte->subquery, quals, rte->offset, &where));
        if (where != NULL) {
            Plan *f = opt_join_make(PLAN_FILTER, p->ncols);
            memcpy(f->col_types, p->col_types, sizeof(Oid) * (size_t)p->ncols);
            f->child = p;
            f->qual = where;
            p = f;
        }
        break;
    }
    p->alias = rte->alias;
    p->col_names = mcx_alloc0(sizeof(char *) * (size_t)(p->ncols + 1));
    /* EXPLAIN qualifies columns when the query has several FROM items, as PostgreSQL. */
    bool qualify = q->nrtes > 1 || p->kind == PLAN_FILTER; /* a Subquery Scan's Filter */
    for (int i = 0; i < rte->ncols && i < p->ncols; i++)
        p->col_names[i] =
            !qualify ? (rte->colnames[i] ? rte->colnames[i] : "?")
                     : mcx_printf("%s.%s", rte->alias, rte->colnames[i] ? rte->colnames[i] : "?");
    return p;
}

static bool
opt_join_within(const FromNode *n, int lo, int hi)
{
    return lo >= n->first_col && hi < n->first_col + n->ncols;
}

static Plan *opt_join_node(Query *q, const FromNode *n, const QualList *quals);
static Plan *opt_join_lateral(Query *q,
                              const FromNode *n,
                              const QualList *left,
                              QualList *right,
                              QualList *here,
                              const QualList *post);

/*
 * Place a conjunct at join n (README invariant 8): from_on says it is n's own ON condition
 * rather than one handed down from above.
 */
static void
opt_join_place(const FromNode *n, Expr *c, bool from_on, QualList *dest[4])
{
    QualList *left = dest[0];
    QualList *right = dest[1];
    QualList *here = dest[2];
    QualList *post = dest[3];
    int lo = INT_MAX;
    int hi = -1;
    opt_join_span(c, &lo, &hi);
    bool left_nullable = n->jointype == JOIN_RIGHT || n->jointype == JOIN_FULL;
    bool right_nullable = n->jointype == JOIN_LEFT || n->jointype == JOIN_FULL;
    bool in_left = lo == INT_MAX || opt_join_within(n->left, lo, hi);
    bool in_right = lo != INT_MAX && opt_join_within(n->right, lo, hi);
    if (from_on) {
        if (lo != INT_MAX && in_left && (n->jointype == JOIN_INNER || n->jointype == JOIN_RIGHT))
            opt_join_add(left, c);
        else if (in_right && (n->jointype == JOIN_INNER || n->jointype == JOIN_LEFT))
            opt_join_add(right, c);
        else
            opt_join_add(here, c);
        return;
    }
    if (in_left && !left_nullable)
        opt_join_add(left, c);
    else if (in_right && !right_nullable)
        opt_join_add(right, c);
    else if (n->jointype == JOIN_INNER)
        opt_join_add(here, c);
    else
        opt_join_add(post, c);
}

/*
 * Types whose equal values have equal key encodings (README invariant 9), so a hash of the
 * encoding finds every match. Not numeric (1.0 = 1.00), floats (-0 = 0), bpchar (padding).
 */
static bool
opt_join_hashable_type(Oid t)
{
    switch (t) {
    case BOOLOID:
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case OIDOID:
    case TEXTOID:
    case VARCHAROID:
    case NAMEOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
    case DATEOID:
    case TIMEOID:
    case INTERVALOID: /* '1 mon' = '30 days': one span, one key (adt README 9) */
    case UUIDOID:
    case JSONBOID: /* 1.0 = 1: numbers key by value */
        return true;
    default:
        return false;
    }
}

/* c as "outer_expr = inner_expr" over n's two inputs, if a hash join can use it. */
static bool
opt_join_hash_clause(const FromNode *n, Expr *c, Expr **outer, Expr **inner)
{
    if (c->kind != EXPR_FUNC || c->u.func.opno == 0 || c->u.func.nargs != 2)
        return false;
    const OperDesc *op = adt_oper(c->u.func.opno);
    Expr *a = c->u.func.args[0];
    Expr *b = c->u.func.args[1];
    if (op == NULL || strcmp(op->name, "=") != 0 || a->type != b->type ||
        !opt_join_hashable_type(a->type))
        return false;
    int alo = INT_MAX, ahi = -1, blo = INT_MAX, bhi = -1;
    opt_join_span(a, &alo, &ahi);
    opt_join_span(b, &blo, &bhi);
    if (alo == INT_MAX || blo == INT_MAX)
        return false;
    if (opt_join_within(n->left, alo, ahi) && opt_join_within(n->right, blo, bhi)) {
        *outer = a;
        *inner = b;
        return true;
    }
    if (opt_join_within(n->left, blo, bhi) && opt_join_within(n->right, alo, ahi)) {
        *outer = b;
        *inner = a;
        return true;
    }
    return false;
}

/* Turn j into a hash join when some of its conditions are hashable equalities. */
static void
opt_join_try_hash(const FromNode *n, Plan *j, QualList *here)
{
    if (!session_settings.enable_hashjoin || here->n == 0)
        return;
    QualList rest = {0};
    QualList okeys = {0};
    QualList ikeys = {0};
    QualList conds = {0};
    for (int i = 0; i < here->n; i++) {
        Expr *o;
        Expr *in;
        if (opt_join_hash_clause(n, here->items[i], &o, &in)) {
            opt_join_add(&okeys, opt_join_shift(o, -n->left->first_col));
            opt_join_add(&ikeys, opt_join_shift(in, -n->right->first_col));
            opt_join_add(&conds, opt_join_shift(here->items[i], -n->first_col));
        } else {
            opt_join_add(&rest, here->items[i]);
        }
    }
    if (okeys.n == 0)
        return;
    j->kind = PLAN_HASHJOIN;
    j->nhashkeys = okeys.n;
    j->outer_keys = okeys.items;
    j->inner_keys = ikeys.items;
    j->hash_conds = conds.items;
    *here = rest;
}

/*
 * A join whose right side is a function reading the left side's columns (README
 * invariant 16): one LateralFunc node running the function for each left row. The
 * conditions placed on the function's side filter its rows (deciding matches).
 */
static Plan *
opt_join_lateral(Query *q,
                 const FromNode *n,
                 const QualList *left,
                 QualList *right,
                 QualList *here,
                 const QualList *post)
{
    if (n->jointype != JOIN_INNER && n->jointype != JOIN_LEFT)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("RIGHT and FULL JOIN to a function reading the other side are not "
                        "supported yet"));
    const RangeTblEntry *rte = &q->rtes[n->right->rtindex];
    Plan *l = opt_join_node(q, n->left, left);
    Plan *j = opt_join_make(PLAN_LATERALFUNC, l->ncols + rte->ncols);
    memcpy(j->col_types, l->col_types, sizeof(Oid) * (size_t)l->ncols);
    memcpy(j->col_names, l->col_names, sizeof(char *) * (size_t)l->ncols);
    for (int i = 0; i < rte->ncols; i++) {
        j->col_types[l->ncols + i] = rte->coltypes[i];
        j->col_names[l->ncols + i] = mcx_printf("%s.%s", rte->alias, rte->colnames[i]);
    }
    j->child = l;
    j->func = opt_join_shift(rte->func, -n->first_col); /* over the left row */
    j->ordinality = rte->ordinality;
    j->jointype = n->jointype;
    j->alias = rte->alias;
    j->qual = opt_join_and(here, n->first_col);
    j->post_qual = opt_join_and(post, n->first_col);
    j->nfilter = right->n;
    j->filter = mcx_alloc(sizeof(Expr *) * (size_t)(right->n + 1));
    for (int i = 0; i < right->n; i++)
        j->filter[i] = opt_join_shift(right->items[i], -n->right->first_col);
    j->func_col_names = rte->colnames;
    return j;
}

static Plan *
opt_join_node(Query *q, const FromNode *n, const QualList *quals)
{
    if (!n->is_join)
        return opt_join_leaf(q, n, quals);
    QualList left = {0};
    QualList right = {0};
    QualList here = {0};
    QualList post = {0};
    QualList *dest[4] = {&left, &right, &here, &post};
    for (int i = 0; i < quals->n; i++)
        opt_join_place(n, quals->items[i], false, dest);
    QualList on = {0};
    opt_join_conjuncts(n->quals, &on);
    for (int i = 0; i < on.n; i++)
        opt_join_place(n, on.items[i], true, dest);

    if (!n->right->is_join && q->rtes[n->right->rtindex].kind == RTE_FUNCTION &&
        q->rtes[n->right->rtindex].lateral)
        return opt_join_lateral(q, n, &left, &right, &here, &post);
    Plan *l = opt_join_node(q, n->left, &left);
    Plan *r = opt_join_node(q, n->right, &right);
    Plan *j = opt_join_make(PLAN_NESTLOOP, l->ncols + r->ncols);
    memcpy(j->col_types, l->col_types, sizeof(Oid) * (size_t)l->ncols);
    memcpy(j->col_types + l->ncols, r->col_types, sizeof(Oid) * (size_t)r->ncols);
    memcpy(j->col_names, l->col_names, sizeof(char *) * (size_t)l->ncols);
    memcpy(j->col_names + l->ncols, r->col_names, sizeof(char *) * (size_t)r->ncols);
    j->child = l;
    j->inner = r;
    j->jointype = n->jointype;
    opt_join_try_hash(n, j, &here);
    j->qual = opt_join_and(&here, n->first_col);
    j->post_qual = opt_join_and(&post, n->first_col);
    return j;
}

Plan *
opt_plan_join(Query *q)
{
    QualList where = {0};
    opt_join_conjuncts(q->where, &where);
    return opt_join_node(q, q->jointree, &where);
}
