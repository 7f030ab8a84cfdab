/*
 * opt_path.c
 *     Access path choice for a table scan: the table itself in primary-key order, or one of
 *     its secondary indexes, narrowed by WHERE conjuncts "key op constant" (op one of
 *     = < <= > >=) and, for ORDER BY ... LIMIT, chosen for its order.
 *
 * Without statistics (no ANALYZE yet) the costs are PostgreSQL's default selectivities:
 * 0.005 for an equality, 1/3 for one inequality, 0.005 for a range bounded on both
 * sides; reading the table in key order costs 1 per row, through a secondary index 4 per
 * row (each entry is a lookup in the table's tree), half that through a partial index (it
 * is smaller). The cheapest path wins; a sequential
 * read of the whole table costs 1. enable_seqscan = off makes the whole-table read cost
 * 1e10 (PostgreSQL's disable_cost), enable_indexscan = off leaves secondary indexes out.
 */
#include "oak/oak.h"

#include "oak/commands/settings.h"
#include "oak/executor/executor.h"
#include "oak/optimizer/plan.h"
#include "oak/utils/adt.h"

enum { OPT_MAX_CONJ = 64 };

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
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
        return 4;
    default:
        return (int)t + 16;
    }
}

/*
 * A value fixed for the whole execution: a constant or a bound parameter, or an immutable
 * function of values fixed while a subquery runs (its outer references).
 */
static bool
opt_is_const(const Expr *e)
{
    while (e->kind == EXPR_RELABEL)
        e = e->u.coerce.arg;
    if (e->kind == EXPR_FUNC && !e->u.func.retset && e->u.func.proc != NULL &&
        e->u.func.proc->volatility == 'i' && e->u.func.nargs > 0) {
        for (int i = 0; i < e->u.func.nargs; i++)
            if (!opt_is_const(e->u.func.args[i]))
                return false;
        return true;
    }
    /* An outer reference is fixed while its subquery runs: the scan opens per evaluation. */
    return e->kind == EXPR_CONST || e->kind == EXPR_PARAM || e->kind == EXPR_OUTERPARAM;
}

static void
opt_conjuncts(Expr *qual, Expr **out, int *n)
{
    if (qual == NULL)
        return;
    if (qual->kind == EXPR_BOOL && qual->u.boolean.op == BOOL_AND) {
        for (int i = 0; i < qual->u.boolean.nargs; i++)
            opt_conjuncts(qual->u.boolean.args[i], out, n);
        return;
    }
    if (*n < OPT_MAX_CONJ)
        out[(*n)++] = qual;
}

/* One key column of a path: a table column or an index expression, and its order. */
typedef struct KeyCol {
    int attno;  /* -1: expression */
    Expr *expr; /* when attno < 0 */
    Oid type;
    bool desc;
    bool nulls_first;
} KeyCol;

/* A conjunct "key op const" in the form the path needs (key on the left). */
typedef struct KeyCond {
    const char *op; /* "=", "<", "<=", ">", ">=" after commuting */
    Expr *value;
    Expr *display; /* the conjunct with the key on the left */
} KeyCond;

static const char *
opt_commute(const char *name)
{
    if (strcmp(name, "<") == 0)
        return ">";
    if (strcmp(name, "<=") == 0)
        return ">=";
    if (strcmp(name, ">") == 0)
        return "<";
    if (strcmp(name, ">=") == 0)
        return "<=";
    return name;
}

static bool
opt_key_matches(const KeyCol *k, const Expr *e)
{
    if (k->attno >= 0) {
        /* varchar compared as text: same bytes, same key encoding */
        while (e->kind == EXPR_RELABEL)
            e = e->u.coerce.arg;
        return e->kind == EXPR_VAR && e->u.var.attno == k->attno;
    }
    return expr_equal(k->expr, e);
}

/* Whether conjunct c is "key op const" for key column k; fills *kc. */
static bool
opt_match_cond(const KeyCol *k, Expr *c, KeyCond *kc)
{
    if (c->kind != EXPR_FUNC || c->u.func.opno == 0 || c->u.func.nargs != 2)
        return false;
    const OperDesc *op = adt_oper(c->u.func.opno);
    if (op == NULL)
        return false;
    const char *name = op->name;
    if (strcmp(name, "=") != 0 && strcmp(name, "<") != 0 && strcmp(name, "<=") != 0 &&
        strcmp(name, ">") != 0 && strcmp(name, ">=") != 0)
        return false;
    Expr *l = c->u.func.args[0];
    Expr *r = c->u.func.args[1];
    bool flipped = false;
    if (!(opt_key_matches(k, l) && opt_is_const(r))) {
        if (!(opt_key_matches(k, r) && opt_is_const(l)))
            return false;
        Expr *t = l;
        l = r;
        r = t;
        flipped = true;
    }
    if (opt_key_family(k->type) != opt_key_family(r->type))
        return false;
    kc->op = flipped ? opt_commute(name) : name;
    kc->value = r;
    kc->display = c;
    if (flipped && op->commutator != 0) {
        const OperDesc *com = adt_oper(op->commutator);
        if (com != NULL) {
            Expr *d = mcx_alloc(sizeof *d);
            *d = *c;
            d->u.func.opno = com->oid;
            d->u.func.proc = adt_proc(com->proc);
            d->u.func.args = mcx_alloc(sizeof(Expr *) * 2);
            d->u.func.args[0] = l;
            d->u.func.args[1] = r;
            kc->display = d;
        }
    }
    return true;
}

typedef struct Path {
    int index_no;
    int nkeyeq;
    Expr **keyeq;
    Expr *lo;
    Expr *hi;
    bool lo_inc;
    bool hi_inc;
    int nused;
    Expr **used;     /* display forms */
    bool *used_conj; /* per conjunct: consumed by the path */
    double sel;
} Path;

/* Narrow a path over key columns keys[0..nkeys) with the conjuncts. */
static void
opt_build_path(Path *p, const KeyCol *keys, int nkeys, Expr **conj, int nconj)
{
    p->keyeq = mcx_alloc(sizeof(Expr *) * (size_t)(nkeys + 1));
    p->used = mcx_alloc(sizeof(Expr *) * (size_t)(nconj + 1));
    p->used_conj = mcx_alloc0(sizeof(bool) * (size_t)(nconj + 1));
    p->sel = 1.0;
    for (int k = 0; k < nkeys; k++) {
        KeyCond kc;
        int eq = -1;
        for (int c = 0; c < nconj && eq < 0; c++)
            if (!p->used_conj[c] && opt_match_cond(&keys[k], conj[c], &kc) &&
                strcmp(kc.op, "=") == 0)
                eq = c;
        if (eq >= 0) {
            (void)opt_match_cond(&keys[k], conj[eq], &kc);
            p->keyeq[p->nkeyeq++] = kc.value;
            p->used[p->nused++] = kc.display;
            p->used_conj[eq] = true;
            p->sel *= 0.005;
            continue;
        }
        /* No equality: a range on this column (the first bound of each side), then stop. */
        for (int c = 0; c < nconj; c++) {
            if (p->used_conj[c] || !opt_match_cond(&keys[k], conj[c], &kc))
                continue;
            bool lower = kc.op[0] == '>';
            if (lower && p->lo == NULL) {
                p->lo = kc.value;
                p->lo_inc = kc.op[1] == '=';
            } else if (!lower && p->hi == NULL) {
                p->hi = kc.value;
                p->hi_inc = kc.op[1] == '=';
            } else {
                continue;
            }
            p->used[p->nused++] = kc.display;
            p->used_conj[c] = true;
        }
        if (p->lo && p->hi)
            p->sel *= 0.005;
        else if (p->lo || p->hi)
            p->sel *= 1.0 / 3.0;
        break;
    }
}

/* Whether every conjunct of a partial index's predicate is among the query's conjuncts. */
static bool
opt_pred_implied(Expr *pred, Expr **conj, int nconj)
{
    Expr *pc[OPT_MAX_CONJ];
    int npc = 0;
    opt_conjuncts(pred, pc, &npc);
    for (int i = 0; i < npc; i++) {
        bool found = false;
        for (int c = 0; c < nconj && !found; c++)
            found = expr_equal(pc[i], conj[c]);
        if (!found)
            return false;
    }
    return true;
}

static void
opt_mark_pred_conjuncts(Path *p, Expr *pred, Expr **conj, int nconj)
{
    Expr *pc[OPT_MAX_CONJ];
    int npc = 0;
    opt_conjuncts(pred, pc, &npc);
    for (int i = 0; i < npc; i++)
        for (int c = 0; c < nconj; c++)
            if (!p->used_conj[c] && expr_equal(pc[i], conj[c]))
                p->used_conj[c] = true;
}

/* Whether the ORDER BY of q is the order of key columns keys (from the first). */
static bool
opt_order_matches(const Query *q, const KeyCol *keys, int nkeys)
{
    if (q->nsort == 0 || q->nsort > nkeys || q->has_aggs)
        return false;
    for (int i = 0; i < q->nsort; i++) {
        const SortItem *si = &q->sort[i];
        if (!opt_key_matches(&keys[i], q->targets[si->target].expr) || si->desc != keys[i].desc ||
            si->nulls_first != keys[i].nulls_first)
            return false;
    }
    return true;
}

static int
opt_table_keys(const RelDesc *rel, KeyCol *keys)
{
    for (int i = 0; i < rel->pk_natts; i++)
        keys[i] =
            (KeyCol){rel->pk_attnos[i], NULL, rel->atts[rel->pk_attnos[i]].type, false, false};
    return rel->pk_natts;
}

static int
opt_index_keys(const RelDesc *rel, ExecIndexes *ei, int x, KeyCol *keys)
{
    const IndexDesc *ix = &rel->indexes[x];
    for (int k = 0; k < ix->nkeys; k++) {
        KeyCol *kc = &keys[k];
        kc->attno = ix->attnos[k];
        kc->expr = kc->attno < 0 ? exec_index_key_expr(ei, x, k) : NULL;
        kc->type = kc->attno >= 0 ? rel->atts[kc->attno].type : kc->expr->type;
        kc->desc = (ix->options[k] & INDOPTION_DESC) != 0;
        kc->nulls_first = (ix->options[k] & INDOPTION_NULLS_FIRST) != 0;
    }
    return ix->nkeys;
}

/* Types whose casts among each other depend on no setting (no time zone, no date style). */
static bool
opt_cast_immutable(Oid t)
{
    switch (t) {
    case BOOLOID:
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case FLOAT4OID:
    case FLOAT8OID:
    case NUMERICOID:
    case OIDOID:
    case TEXTOID:
    case VARCHAROID:
    case BPCHAROID:
    case NAMEOID:
        return true;
    default:
        return false;
    }
}

Expr *
opt_fold_consts(Expr *e)
{
    if (e == NULL)
        return NULL;
    switch (e->kind) {
    case EXPR_FUNC: {
        bool all_const = true;
        for (int i = 0; i < e->u.func.nargs; i++) {
            e->u.func.args[i] = opt_fold_consts(e->u.func.args[i]);
            all_const &= e->u.func.args[i]->kind == EXPR_CONST;
        }
        if (!all_const || e->u.func.retset || e->u.func.proc == NULL ||
            e->u.func.proc->volatility != 'i')
            return e;
        bool isnull;
        Datum v = exec_eval(e, NULL, &isnull);
        return expr_make_const(e->type, e->typmod, v, isnull, e->location);
    }
    case EXPR_RELABEL:
        e->u.coerce.arg = opt_fold_consts(e->u.coerce.arg);
        return e;
    case EXPR_CAST: {
        e->u.coerce.arg = opt_fold_consts(e->u.coerce.arg);
        if (e->u.coerce.arg->kind != EXPR_CONST || !opt_cast_immutable(e->u.coerce.source) ||
            !opt_cast_immutable(e->type))
            return e;
        bool isnull;
        Datum v = exec_eval(e, NULL, &isnull);
        return expr_make_const(e->type, e->typmod, v, isnull, e->location);
    }
    case EXPR_BOOL:
        for (int i = 0; i < e->u.boolean.nargs; i++)
            e->u.boolean.args[i] = opt_fold_consts(e->u.boolean.args[i]);
        return e;
    case EXPR_NULLTEST:
        e->u.nulltest.arg = opt_fold_consts(e->u.nulltest.arg);
        return e;
    case EXPR_ARRAY: {
        /* ARRAY[1, 2] is the constant '{1,2}'::integer[], as PostgreSQL folds it. */
        bool all_const = true;
        for (int i = 0; i < e->u.array.nargs; i++) {
            e->u.array.args[i] = opt_fold_consts(e->u.array.args[i]);
            all_const &= e->u.array.args[i]->kind == EXPR_CONST;
        }
        if (!all_const)
            return e;
        bool isnull;
        Datum v = exec_eval(e, NULL, &isnull);
        return expr_make_const(e->type, e->typmod, v, isnull, e->location);
    }
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        for (int i = 0; i < e->u.array.nargs; i++)
            e->u.array.args[i] = opt_fold_consts(e->u.array.args[i]);
        return e;
    default:
        return e;
    }
}

bool
opt_choose_path(Plan *scan, Query *q)
{
    RelDesc *rel = scan->rel;
    Expr *conj[OPT_MAX_CONJ];
    int nconj = 0;
    opt_conjuncts(q->where, conj, &nconj);
    KeyCol keys[INDEX_MAX_KEYS];

    Path best;
    memset(&best, 0, sizeof best);
    best.index_no = -1;
    double best_cost = session_settings.enable_seqscan ? 1.0 : 1e10;
    bool best_ordered = false;
    bool want_order = q->cmd == CMD_SELECT && q->nsort > 0;

    if (rel->kind == 'r' && rel->pk_natts > 0) {
        int nk = opt_table_keys(rel, keys);
        Path p = {.index_no = -1};
        opt_build_path(&p, keys, nk, conj, nconj);
        best = p;
        best_ordered = want_order && opt_order_matches(q, keys, nk);
        if (p.nused > 0 || best_ordered || session_settings.enable_seqscan)
            best_cost = p.sel;
    }
    int nindexes = session_settings.enable_indexscan ? rel->nindexes : 0;
    ExecIndexes *ei = nindexes > 0 ? exec_indexes_open(rel) : NULL;
    for (int x = 0; x < nindexes; x++) {
        Expr *pred = exec_index_pred(ei, x);
        if (pred != NULL && !opt_pred_implied(pred, conj, nconj))
            continue;
        int nk = opt_index_keys(rel, ei, x, keys);
        Path p = {.index_no = x};
        opt_build_path(&p, keys, nk, conj, nconj);
        /* Conjuncts the predicate repeats hold for every entry: EXPLAIN omits them too. */
        if (pred != NULL)
            opt_mark_pred_conjuncts(&p, pred, conj, nconj);
        double cost = 4.0 * p.sel + 0.0001;
        if (pred != NULL)
            cost *= 0.5; /* a partial index is smaller: fewer pages to read */
        bool ordered = want_order && opt_order_matches(q, keys, nk);
        /* With LIMIT, reading in ORDER BY's order stops early: count it as cheap. */
        if (ordered && q->limit != NULL && !best_ordered)
            cost = cost < 0.01 ? cost : 0.01;
        if (p.nused == 0 && !(ordered && q->limit != NULL))
            continue;
        if (cost < best_cost || (ordered && !best_ordered && cost <= best_cost)) {
            best = p;
            best_cost = cost;
            best_ordered = ordered;
        }
    }

    scan->index_no = best.index_no;
    scan->nkeyeq = best.nkeyeq;
    scan->keyeq = best.keyeq;
    scan->lo_expr = best.lo;
    scan->hi_expr = best.hi;
    scan->lo_inclusive = best.lo_inc;
    scan->hi_inclusive = best.hi_inc;
    scan->key_ordered = best_ordered;
    scan->nindex_conds = best.nused;
    scan->index_conds = best.used;
    scan->filter = mcx_alloc(sizeof(Expr *) * (size_t)(nconj + 1));
    for (int c = 0; c < nconj; c++)
        if (best.used_conj == NULL || !best.used_conj[c])
            scan->filter[scan->nfilter++] = conj[c];
    return best_ordered;
}
