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
    int *ncols;     /* per window: its key count */
    SortKey **cols; /* per window: its keys as columns (partition keys first) */
    int **keyids;   /* per window: each key's id */
} OptWin;

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
    ow->ncols[w] = n;
    ow->cols[w] = mcx_alloc0(sizeof(SortKey) * (size_t)(n + 1));
    ow->keyids[w] = mcx_alloc0(sizeof(int) * (size_t)(n + 1));
    for (int k = 0; k < n; k++) {
        const WinKey *wk = k < ws->npartition ? &ws->partition[k] : &ws->order[k - ws->npartition];
        Expr *e = opt_win_rewrite(ow, wk->expr);
        ow->cols[w][k] = (SortKey){opt_win_column(ow, e), wk->desc, wk->nulls_first};
        ow->keyids[w][k] = opt_win_id(ow, e);
    }
}

/* PostgreSQL's window order: < 0 when window a goes below window b. */
static int
opt_win_cmp(const OptWin *ow, int a, int b)
{
    int na = ow->ncols[a];
    int nb = ow->ncols[b];
    for (int k = 0; k < na && k < nb; k++) {
        if (ow->keyids[a][k] != ow->keyids[b][k])
            return ow->keyids[a][k] > ow->keyids[b][k] ? -1 : 1;
        if (ow->cols[a][k].desc != ow->cols[b][k].desc)
            return ow->cols[a][k].desc ? -1 : 1;
        if (ow->cols[a][k].nulls_first != ow->cols[b][k].nulls_first)
            return ow->cols[a][k].nulls_first ? -1 : 1;
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
    const WindowSpec *ws = ow->q->windows[w];
    Plan *s = opt_win_make(PLAN_SORT, p, p->ncols);
    s->nkeys = ow->ncols[w];
    s->keys = ow->cols[w];
    s->sort_display = mcx_alloc(sizeof(WinKey) * (size_t)(s->nkeys + 1));
    for (int k = 0; k < s->nkeys; k++)
        s->sort_display[k] = k < ws->npartition ? ws->partition[k] : ws->order[k - ws->npartition];
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
    a->npartkeys = q->windows[w]->npartition;
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

Plan *
opt_plan_windows(Query *q, Plan *p, Expr **texprs, SortKey **order, int *norder)
{
    OptWin ow = {.q = q, .base = p->ncols};
    int nw = q->nwindows;
    ow.ncols = mcx_alloc0(sizeof(int) * (size_t)(nw + 1));
    ow.cols = mcx_alloc0(sizeof(SortKey *) * (size_t)(nw + 1));
    ow.keyids = mcx_alloc0(sizeof(int *) * (size_t)(nw + 1));
    /* Key ids in PostgreSQL's order of sortgroupref: ORDER BY, GROUP BY, then windows. */
    for (int i = 0; i < q->nsort; i++)
        (void)opt_win_id(&ow, opt_win_rewrite(&ow, q->targets[q->sort[i].target].expr));
    for (int i = 0; i < q->ngroup; i++)
        (void)opt_win_id(&ow, expr_make_var(i, q->group[i]->type, q->group[i]->typmod));
    /* Every window's keys get ids (unused WINDOW clause entries too, as in PostgreSQL);
     * only windows with calls get columns and nodes. */
    bool *used = mcx_alloc0(sizeof(bool) * (size_t)(nw + 1));
    for (int i = 0; i < q->nwinfuncs; i++)
        used[q->winfuncs[i]->u.winfunc.winref] = true;
    for (int w = 0; w < nw; w++) {
        const WindowSpec *ws = q->windows[w];
        for (int k = 0; !used[w] && k < ws->npartition + ws->norder; k++) {
            const WinKey *wk =
                k < ws->npartition ? &ws->partition[k] : &ws->order[k - ws->npartition];
            (void)opt_win_id(&ow, opt_win_rewrite(&ow, wk->expr));
        }
        if (used[w])
            opt_win_keys(&ow, w);
    }
    p = opt_win_key_projection(&ow, p);

    /* Stable insertion sort of the used windows into PostgreSQL's order (nw is small). */
    int *order_w = mcx_alloc(sizeof(int) * (size_t)(nw + 1));
    int nused = 0;
    for (int w = 0; w < nw; w++) {
        if (!used[w])
            continue;
        int k = nused++;
        while (k > 0 && opt_win_cmp(&ow, order_w[k - 1], w) > 0) {
            order_w[k] = order_w[k - 1];
            k--;
        }
        order_w[k] = w;
    }
    int *wincol = mcx_alloc0(sizeof(int) * (size_t)(q->nwinfuncs + 1));
    SortKey *cur = NULL;
    int ncur = 0;
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
