/*
 * opt_window.c
 *     Window functions: one WindowAgg per window of the query, each over its input sorted
 *     by PARTITION BY then ORDER BY, stacked above the aggregation (if any) and below the
 *     ProjectSet / projection, as PostgreSQL plans them.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   17. A WindowAgg's row is its input's columns then one column per call of its window;
 *       window keys that are not plain columns are computed first by a projection that
 *       appends them, so Sort and WindowAgg compare columns. Columns only ever get
 *       appended, so a Var over the aggregation's row stays valid all the way up.
 *   18. Windows are stacked in PostgreSQL's order (select_active_windows): longer key
 *       lists first, keys compared by first appearance in the query (later first); a
 *       Sort is left out when the rows already come in an order its keys are a prefix of.
 *       Run conditions go only to a subquery's topmost WindowAgg, for calls whose value
 *       moves one way along the partition, so skipping the rest of it loses no row.
 */
#include "oak/oak.h"

#include "oak/optimizer/plan.h"
#include "oak/utils/adt.h"

/* What the planning of a query's windows works with. */
typedef struct OptWin {
    Query *q;
    int base;     /* columns of the rows the windows start from */
    int nextra;   /* key expressions appended by the key projection */
    Expr **extra; /* over the base row */
    int nids;     /* key expressions in order of first appearance */
    Expr **ids;
    int *ncols;     /* per window: its keys to sort on (not fixed by WHERE) */
    SortKey **cols; /* per window: those keys as columns (partition keys first) */
    WinKey **disp;  /* per window: those keys as the query's expressions (EXPLAIN) */
    int *npart;     /* per window: how many of them are partition keys */
    int *nall;      /* per window: all its keys, for the order of windows */
    SortKey **all;  /* their directions (col unused) */
    int **keyids;   /* each key's id */
} OptWin;

/*
 * Whether WHERE fixes e to one value (a conjunct "e = constant"): sorting or partitioning
 * on it changes nothing, and PostgreSQL leaves such keys out of the Sort.
 */
static bool
opt_win_fixed(const Query *q, const Expr *e)
{
    const Expr *w = q->where;
    if (w == NULL)
        return false;
    bool and = w->kind == EXPR_BOOL && w->u.boolean.op == BOOL_AND;
    int n = and? w->u.boolean.nargs : 1;
    for (int i = 0; i < n; i++) {
        const Expr *c = and? w->u.boolean.args[i] : w;
        if (c->kind != EXPR_FUNC || c->u.func.opno == 0 || c->u.func.nargs != 2 ||
            strcmp(adt_oper(c->u.func.opno)->name, "=") != 0)
            continue;
        for (int side = 0; side < 2; side++) {
            const Expr *k = c->u.func.args[side];
            const Expr *v = c->u.func.args[1 - side];
            if (v->kind == EXPR_CONST && !v->u.c.isnull && expr_equal(k, e))
                return true;
        }
    }
    return false;
}

static Expr *
opt_win_rewrite(OptWin *ow, Expr *e)
{
    return ow->q->has_aggs ? opt_over_agg(e, ow->q) : e;
}

/* The id of a key expression: its position among the query's keys, added if new. */
static int
opt_win_id(OptWin *ow, Expr *e)
{
    for (int i = 0; i < ow->nids; i++)
        if (expr_equal(ow->ids[i], e))
            return i;
    ow->ids = mcx_realloc(ow->ids, sizeof(Expr *) * (size_t)(ow->nids + 1));
    ow->ids[ow->nids] = e;
    return ow->nids++;
}

/* The column holding key expression e (rewritten): its own column or an appended one. */
static int
opt_win_column(OptWin *ow, Expr *e)
{
    if (e->kind == EXPR_VAR)
        return e->u.var.attno;
    for (int i = 0; i < ow->nextra; i++)
        if (expr_equal(ow->extra[i], e))
            return ow->base + i;
    ow->extra = mcx_realloc(ow->extra, sizeof(Expr *) * (size_t)(ow->nextra + 1));
    ow->extra[ow->nextra] = e;
    return ow->base + ow->nextra++;
}

static void
opt_win_keys(OptWin *ow, int w)
{
    const WindowSpec *ws = ow->q->windows[w];
    int n = ws->npartition + ws->norder;
    ow->nall[w] = n;
    ow->all[w] = mcx_alloc0(sizeof(SortKey) * (size_t)(n + 1));
    ow->keyids[w] = mcx_alloc0(sizeof(int) * (size_t)(n + 1));
    ow->cols[w] = mcx_alloc0(sizeof(SortKey) * (size_t)(n + 1));
    ow->disp[w] = mcx_alloc0(sizeof(WinKey) * (size_t)(n + 1));
    ow->ncols[w] = ow->npart[w] = 0;
    for (int k = 0; k < n; k++) {
        const WinKey *wk = k < ws->npartition ? &ws->partition[k] : &ws->order[k - ws->npartition];
        Expr *e = opt_win_rewrite(ow, wk->expr);
        ow->all[w][k] = (SortKey){-1, wk->desc, wk->nulls_first};
        ow->keyids[w][k] = opt_win_id(ow, e);
        if (opt_win_fixed(ow->q, wk->expr))
            continue;
        ow->disp[w][ow->ncols[w]] = *wk;
        ow->cols[w][ow->ncols[w]++] = (SortKey){opt_win_column(ow, e), wk->desc, wk->nulls_first};
        if (k < ws->npartition)
            ow->npart[w]++;
    }
}

/* PostgreSQL's window order: < 0 when window a goes below window b. */
static int
opt_win_cmp(const OptWin *ow, int a, int b)
{
    int na = ow->nall[a];
    int nb = ow->nall[b];
    for (int k = 0; k < na && k < nb; k++) {
        if (ow->keyids[a][k] != ow->keyids[b][k])
            return ow->keyids[a][k] > ow->keyids[b][k] ? -1 : 1;
        if (ow->all[a][k].desc != ow->all[b][k].desc)
            return ow->all[a][k].desc ? -1 : 1;
        if (ow->all[a][k].nulls_first != ow->all[b][k].nulls_first)
            return ow->all[a][k].nulls_first ? -1 : 1;
    }
    return na == nb ? 0 : na > nb ? -1 : 1;
}

/* Whether rows in order cur (ncur keys) are also in order want (nwant keys). */
static bool
opt_win_presorted(const SortKey *cur, int ncur, const SortKey *want, int nwant)
{
    if (nwant > ncur)
        return false;
    for (int k = 0; k < nwant; k++)
        if (cur[k].col != want[k].col || cur[k].desc != want[k].desc ||
            cur[k].nulls_first != want[k].nulls_first)
            return false;
    return true;
}

static Plan *
opt_win_make(PlanKind kind, Plan *child, int ncols)
{
    Plan *p = mcx_alloc0(sizeof *p);
    p->kind = kind;
    p->ncols = ncols;
    p->col_types = mcx_alloc0(sizeof(Oid) * (size_t)(ncols + 1));
    memcpy(p->col_types, child->col_types, sizeof(Oid) * (size_t)child->ncols);
    p->child = child;
    return p;
}

/* The projection appending the key expressions that are not plain columns. */
static Plan *
opt_win_key_projection(OptWin *ow, Plan *p)
{
    if (ow->nextra == 0)
        return p;
    Plan *proj = opt_win_make(PLAN_PROJECT, p, ow->base + ow->nextra);
    proj->nexprs = proj->ncols;
    proj->exprs = mcx_alloc(sizeof(Expr *) * (size_t)(proj->ncols + 1));
    for (int i = 0; i < ow->base; i++)
        proj->exprs[i] = expr_make_var(i, p->col_types[i], -1);
    for (int i = 0; i < ow->nextra; i++) {
        proj->exprs[ow->base + i] = ow->extra[i];
        proj->col_types[ow->base + i] = ow->extra[i]->type;
    }
    return proj;
}

/* A Sort for window w's keys; EXPLAIN prints the query's key expressions. */
static Plan *
opt_win_sort(OptWin *ow, int w, Plan *p)
{
    Plan *s = opt_win_make(PLAN_SORT, p, p->ncols);
    s->nkeys = ow->ncols[w];
    s->keys = ow->cols[w];
    s->sort_display = ow->disp[w];
    s->query = ow->q;
    return s;
}

/* The WindowAgg of window w over p: p's columns, then its calls' values. */
static Plan *
opt_win_agg(OptWin *ow, int w, Plan *p, int *wincol)
{
    Query *q = ow->q;
    int ncalls = 0;
    for (int i = 0; i < q->nwinfuncs; i++)
        if (q->winfuncs[i]->u.winfunc.winref == w)
            ncalls++;
    Plan *a = opt_win_make(PLAN_WINDOWAGG, p, p->ncols + ncalls);
    a->window = q->windows[w];
    a->npartkeys = ow->npart[w];
    a->nkeys = ow->ncols[w];
    a->keys = ow->cols[w];
    a->nexprs = ncalls;
    a->exprs = mcx_alloc(sizeof(Expr *) * (size_t)(ncalls + 1));
    int j = 0;
    for (int i = 0; i < q->nwinfuncs; i++) {
        Expr *f = q->winfuncs[i];
        if (f->u.winfunc.winref != w)
            continue;
        a->exprs[j] = opt_win_rewrite(ow, f);
        a->col_types[p->ncols + j] = f->type;
        wincol[i] = p->ncols + j++;
    }
    return a;
}

/* A copy of e with each window call replaced by the Var of its WindowAgg column. */
static Expr *
opt_win_replace(Expr *e, const int *wincol)
{
    if (e == NULL)
        return NULL;
    if (e->kind == EXPR_WINDOWFUNC)
        return expr_make_var(wincol[e->u.winfunc.winno], e->type, e->typmod);
    if (e->kind == EXPR_SUBLINK)
        return e; /* window calls are not allowed in a subquery's args */
    Expr *c = opt_expr_copy_node(e);
    Expr **slots[1024];
    int n = opt_expr_children(c, slots, 1024);
    for (int i = 0; i < n; i++)
        *slots[i] = opt_win_replace(*slots[i], wincol);
    return c;
}

/*
 * The keys of q's windows (ids, columns appended after base) and the used windows in
 * PostgreSQL's order (*order_w); returns how many are used.
 */
static int
opt_win_prepare(Query *q, int base, OptWin *ow, int **order_w)
{
    *ow = (OptWin){.q = q, .base = base};
    int nw = q->nwindows;
    ow->ncols = mcx_alloc0(sizeof(int) * (size_t)(nw + 1));
    ow->cols = mcx_alloc0(sizeof(SortKey *) * (size_t)(nw + 1));
    ow->keyids = mcx_alloc0(sizeof(int *) * (size_t)(nw + 1));
    ow->disp = mcx_alloc0(sizeof(WinKey *) * (size_t)(nw + 1));
    ow->npart = mcx_alloc0(sizeof(int) * (size_t)(nw + 1));
    ow->nall = mcx_alloc0(sizeof(int) * (size_t)(nw + 1));
    ow->all = mcx_alloc0(sizeof(SortKey *) * (size_t)(nw + 1));
    /* Key ids in PostgreSQL's order of sortgroupref: ORDER BY, GROUP BY, then windows. */
    for (int i = 0; i < q->nsort; i++)
        (void)opt_win_id(ow, opt_win_rewrite(ow, q->targets[q->sort[i].target].expr));
    for (int i = 0; i < q->ngroup; i++)
        (void)opt_win_id(ow, expr_make_var(i, q->group[i]->type, q->group[i]->typmod));
    /* Every window's keys get ids (unused WINDOW clause entries too, as PostgreSQL's
     * sortgrouprefs); only windows with calls get columns and nodes. */
    bool *used = mcx_alloc0(sizeof(bool) * (size_t)(nw + 1));
    for (int i = 0; i < q->nwinfuncs; i++)
        used[q->winfuncs[i]->u.winfunc.winref] = true;
    for (int w = 0; w < nw; w++) { /* PostgreSQL: each window's ORDER BY, then PARTITION BY */
        const WindowSpec *ws = q->windows[w];
        for (int k = 0; k < ws->norder; k++)
            (void)opt_win_id(ow, opt_win_rewrite(ow, ws->order[k].expr));
        for (int k = 0; k < ws->npartition; k++)
            (void)opt_win_id(ow, opt_win_rewrite(ow, ws->partition[k].expr));
    }
    for (int w = 0; w < nw; w++)
        if (used[w])
            opt_win_keys(ow, w);
    /* Stable insertion sort of the used windows into PostgreSQL's order (nw is small). */
    *order_w = mcx_alloc(sizeof(int) * (size_t)(nw + 1));
    int nused = 0;
    for (int w = 0; w < nw; w++) {
        if (!used[w])
            continue;
        int k = nused++;
        while (k > 0 && opt_win_cmp(ow, (*order_w)[k - 1], w) > 0) {
            (*order_w)[k] = (*order_w)[k - 1];
            k--;
        }
        (*order_w)[k] = w;
    }
    return nused;
}

bool
opt_window_first_order(Query *q, Query *fake)
{
    OptWin ow;
    int *order_w;
    if (q->has_aggs || opt_win_prepare(q, 0, &ow, &order_w) == 0)
        return false;
    int w = order_w[0];
    int n = ow.ncols[w];
    if (n == 0)
        return false;
    *fake = *q;
    fake->ntargets = n;
    fake->targets = mcx_alloc0(sizeof(TargetEntry) * (size_t)(n + 1));
    fake->nsort = n;
    fake->sort = mcx_alloc0(sizeof(SortItem) * (size_t)(n + 1));
    for (int k = 0; k < n; k++) {
        fake->targets[k].expr = ow.disp[w][k].expr;
        fake->sort[k] = (SortItem){k, ow.disp[w][k].desc, ow.disp[w][k].nulls_first};
    }
    return true;
}

Plan *
opt_plan_windows(Query *q, Plan *p, Expr **texprs, bool presorted, SortKey **order, int *norder)
{
    OptWin ow;
    int *order_w;
    int nused = opt_win_prepare(q, p->ncols, &ow, &order_w);
    p = opt_win_key_projection(&ow, p);
    SortKey *cur = NULL;
    int ncur = 0;
    if (presorted && nused > 0) { /* the scan reads in the first window's order */
        cur = ow.cols[order_w[0]];
        ncur = ow.ncols[order_w[0]];
    }
    int *wincol = mcx_alloc0(sizeof(int) * (size_t)(q->nwinfuncs + 1));
    for (int i = 0; i < nused; i++) {
        int w = order_w[i];
        if (!opt_win_presorted(cur, ncur, ow.cols[w], ow.ncols[w])) {
            int common = 0;
            while (common < ncur && common < ow.ncols[w] &&
                   opt_win_presorted(&cur[common], 1, &ow.cols[w][common], 1))
                common++;
            p = opt_win_sort(&ow, w, p);
            p->npresorted = common;
            cur = ow.cols[w];
            ncur = ow.ncols[w];
        }
        p = opt_win_agg(&ow, w, p, wincol);
    }
    for (int i = 0; i < q->ntargets; i++) {
        texprs[i] = opt_win_replace(texprs[i], wincol);
        for (int k = 0; k < ow.nextra; k++) /* a computed key: read it (ORDER BY sees it) */
            if (expr_equal(texprs[i], ow.extra[k]))
                texprs[i] = expr_make_var(ow.base + k, ow.extra[k]->type, ow.extra[k]->typmod);
    }
    *order = cur;
    *norder = ncur;
    return p;
}

/* ---- run conditions (PostgreSQL 15) ---- */

/*
 * How a call's value moves along its partition's rows: row_number, rank and dense_rank
 * only grow; count(*) grows when its frame starts at the partition's start and shrinks
 * when it ends at the partition's end (both: a constant).
 */
static void
opt_win_monotonic(const Expr *f, const WindowSpec *w, bool *inc, bool *dec)
{
    *inc = *dec = false;
    switch (f->u.winfunc.fn) {
    case WINFN_ROW_NUMBER:
    case WINFN_RANK:
    case WINFN_DENSE_RANK:
        *inc = true;
        return;
    case WINFN_AGG:
        if (f->u.winfunc.agg->aggfnoid != 2803 || f->u.winfunc.filter != NULL ||
            w->exclude != WIN_EXCLUDE_NONE) /* count(*) only */
            return;
        *inc = w->start == WIN_UNBOUNDED_PRECEDING;
        *dec = w->end == WIN_UNBOUNDED_FOLLOWING ||
               (w->end == WIN_CURRENT_ROW && !w->rows && w->norder == 0);
        return;
    default:
        return;
    }
}

/* a AND b (a flattened when it is an AND already). */
static Expr *
opt_win_and(Expr *a, Expr *b)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_BOOL;
    e->type = BOOLOID;
    e->typmod = -1;
    e->location = -1;
    e->u.boolean.op = BOOL_AND;
    int na = a->kind == EXPR_BOOL && a->u.boolean.op == BOOL_AND ? a->u.boolean.nargs : 1;
    e->u.boolean.args = mcx_alloc(sizeof(Expr *) * (size_t)(na + 2));
    if (na > 1 || a->kind == EXPR_BOOL)
        memcpy(e->u.boolean.args, a->u.boolean.args, sizeof(Expr *) * (size_t)na);
    else
        e->u.boolean.args[0] = a;
    if (a->kind == EXPR_BOOL && a->u.boolean.op != BOOL_AND) {
        na = 1;
        e->u.boolean.args[0] = a;
    }
    e->u.boolean.args[na] = b;
    e->u.boolean.nargs = na + 1;
    return e;
}

/*
 * Whether a condition on output column k of sub may go into it although sub has
 * windows: k must be a PARTITION BY key of every window, so the condition drops whole
 * partitions and no window call sees fewer rows (PostgreSQL's rule).
 */
bool
opt_window_partition_column(const Query *sub, int k)
{
    const Expr *t = sub->targets[k].expr;
    for (int w = 0; w < sub->nwindows; w++) {
        bool found = false;
        for (int i = 0; i < sub->windows[w]->npartition && !found; i++)
            found = expr_equal(sub->windows[w]->partition[i].expr, t);
        if (!found)
            return false;
    }
    return true;
}

/*
 * Whether PostgreSQL keeps a Subquery Scan over a subquery with windows although no
 * condition is left for it: the subquery computes columns it does not return (window
 * keys or ORDER BY expressions outside its select list), so the scan projects.
 */
bool
opt_window_subquery_projects(const Query *sub)
{
    for (int i = 0; i < sub->ntargets; i++)
        if (sub->targets[i].junk)
            return true;
    for (int w = 0; w < sub->nwindows; w++) {
        const WindowSpec *ws = sub->windows[w];
        for (int k = 0; k < ws->npartition + ws->norder; k++) {
            const Expr *e =
                k < ws->npartition ? ws->partition[k].expr : ws->order[k - ws->npartition].expr;
            bool found = false;
            for (int i = 0; i < sub->ntargets && !found; i++)
                found = expr_equal(sub->targets[i].expr, e);
            if (!found)
                return true;
        }
    }
    return false;
}

/* A copy of operator call c with operator name (same operand types) and its Vars set to v. */
static Expr *
opt_win_op(const Expr *c, const char *name, int var_side, Expr *v)
{
    const Expr *l = c->u.func.args[0];
    const Expr *r = c->u.func.args[1];
    const OperDesc *od = adt_oper_find(name, l->type, r->type);
    if (od == NULL)
        return NULL;
    Expr *n = mcx_alloc(sizeof *n);
    *n = *c;
    n->u.func.proc = adt_proc(od->proc);
    n->u.func.opno = od->oid;
    n->u.func.args = mcx_alloc(sizeof(Expr *) * 2);
    n->u.func.args[0] = var_side == 0 ? v : c->u.func.args[0];
    n->u.func.args[1] = var_side == 1 ? v : c->u.func.args[1];
    return n;
}

static const char *
opt_win_commute(const char *op)
{
    return strcmp(op, "<") == 0    ? ">"
           : strcmp(op, "<=") == 0 ? ">="
           : strcmp(op, ">") == 0  ? "<"
           : strcmp(op, ">=") == 0 ? "<="
                                   : op;
}

/* The topmost WindowAgg of a subquery's plan and the projection over it, or NULL. */
static Plan *
opt_win_top(Plan *p, Plan **proj)
{
    *proj = NULL;
    for (; p != NULL; p = p->child) {
        if (p->kind == PLAN_WINDOWAGG)
            return *proj != NULL ? p : NULL;
        if (p->kind == PLAN_PROJECT && *proj == NULL)
            *proj = p;
        else if (p->kind != PLAN_SORT && p->kind != PLAN_CTEROOT)
            return NULL; /* DISTINCT, LIMIT, ProjectSet, ...: rows are not the window's */
    }
    return NULL;
}

/*
 * Conjunct c (over the subquery's output) as a run condition of top, whose calls the
 * projection proj reads: "call op constant" (either side) where the call's value moves
 * one way, so once false it stays false in the partition. *keep: c must still be checked
 * above (for "=", the run condition is "<=" / ">=").
 */
static bool
opt_win_run_cond(const Plan *top, const Plan *proj, Expr *c, Expr **exec, Expr **show, bool *keep)
{
    if (c->kind != EXPR_FUNC || c->u.func.opno == 0 || c->u.func.nargs != 2)
        return false;
    int side = c->u.func.args[0]->kind == EXPR_VAR ? 0 : 1;
    const Expr *var = c->u.func.args[side];
    const Expr *other = c->u.func.args[1 - side];
    if (var->kind != EXPR_VAR || !(other->kind == EXPR_CONST || other->kind == EXPR_PARAM) ||
        (other->kind == EXPR_CONST && other->u.c.isnull))
        return false;
    const Expr *t = proj->exprs[var->u.var.attno];
    int base = top->child->ncols;
    if (t->kind != EXPR_VAR || t->u.var.attno < base || t->u.var.attno >= top->ncols)
        return false;
    Expr *f = top->exprs[t->u.var.attno - base];
    bool inc;
    bool dec;
    opt_win_monotonic(f, top->window, &inc, &dec);
    const char *name = adt_oper(c->u.func.opno)->name;
    const char *op = side == 0 ? name : opt_win_commute(name); /* as "call op constant" */
    bool less = strcmp(op, "<") == 0 || strcmp(op, "<=") == 0;
    bool more = strcmp(op, ">") == 0 || strcmp(op, ">=") == 0;
    bool eq = strcmp(op, "=") == 0;
    const char *as = name; /* the operator of the run condition, as written */
    *keep = false;
    if (eq && inc != dec) {
        as = side == 0 ? (inc ? "<=" : ">=") : (inc ? ">=" : "<=");
        *keep = true;
    } else if (!((less && inc) || (more && dec))) {
        return false;
    }
    Expr *col = expr_make_var(t->u.var.attno, f->type, f->typmod);
    *exec = opt_win_op(c, as, side, col);
    *show = opt_win_op(c, as, side, f);
    return *exec != NULL;
}

Expr *
opt_window_run_conditions(Plan *p, Expr *where)
{
    Plan *proj;
    Plan *top = opt_win_top(p, &proj);
    if (top == NULL || where == NULL)
        return where;
    int n =
        where->kind == EXPR_BOOL && where->u.boolean.op == BOOL_AND ? where->u.boolean.nargs : 1;
    Expr **conj = where->kind == EXPR_BOOL && where->u.boolean.op == BOOL_AND
                      ? where->u.boolean.args
                      : &where;
    Expr **rest = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    int nrest = 0;
    for (int i = 0; i < n; i++) {
        Expr *exec;
        Expr *show;
        bool keep;
        if (!opt_win_run_cond(top, proj, conj[i], &exec, &show, &keep)) {
            rest[nrest++] = conj[i];
            continue;
        }
        top->run_cond = top->run_cond ? opt_win_and(top->run_cond, exec) : exec;
        top->run_display = top->run_display ? opt_win_and(top->run_display, show) : show;
        if (keep)
            rest[nrest++] = conj[i];
    }
    if (nrest == n)
        return where;
    if (nrest == 0)
        return NULL;
    if (nrest == 1)
        return rest[0];
    Expr *a = mcx_alloc(sizeof *a);
    *a = *where;
    a->u.boolean.nargs = nrest;
    a->u.boolean.args = rest;
    return a;
}
