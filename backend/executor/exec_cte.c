/*
 * exec_cte.c
 *     Shared WITH queries: a CTE Root node owns one store per shared CTE of its query
 *     (a CTE referenced more than once, MATERIALIZED, or recursive); the CTE Scans below
 *     it read that store, which is filled from the CTE's plan on demand, so the CTE runs
 *     once however many scans read it, and only as far as the scans go (a LIMIT over an
 *     endless recursive CTE stops it).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  19. A CTE Scan binds to its store in exec_start: the CTE Root registers its stores
 *      (by CteInfo) only while it starts its own subtree and its CTEs' plans, so every
 *      scan of its FROM tree finds it. A scan started later (in a subquery evaluated
 *      from an expression, or a recursive term's next round) finds no store and runs
 *      the CTE privately: the same rows, computed again. The registry is emptied at
 *      each statement start, so an ERROR cannot leave an entry behind.
 *  20. A store's rows are copies in its own context, which lives as long as the CTE
 *      Root's node; the scans hand out pointers to them (valid until the statement ends).
 *      A CTE with a single reference (shared only because it is recursive or
 *      MATERIALIZED) keeps nothing: its one scan passes the CTE's rows straight on.
 *
 * Not here: planning (optimizer/opt_setop.c); recursion (exec_recursive.c).
 */
#include "oak/oak.h"

#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"
#include "exec_internal.h"

typedef struct CteStore {
    CteInfo *cte;
    MemCtx *cx;
    ExecNode *producer;
    ExecRow *rows;
    uint64_t n;
    uint64_t cap;
    bool done;
    bool keep; /* more than one scan reads it: rows are kept (else passed straight on) */
} CteStore;

typedef struct CteScanState {
    CteStore *store;
    bool private_store; /* started outside its root (README invariant 19) */
    uint64_t pos;
} CteScanState;

typedef struct CteRootState {
    int nstores;
    CteStore **stores;
    int mark; /* the registry's size before this root registered */
} CteRootState;

enum { EXEC_CTE_MAX = 256 };
static struct {
    const CteInfo *key;
    CteStore *store;
} exec_ctes[EXEC_CTE_MAX];
static int exec_nctes;

void
exec_cte_reset(void)
{
    exec_nctes = 0;
}

static CteStore *
exec_cte_store_new(ExecNode *n, CteInfo *cte)
{
    CteStore *st = mcx_alloc0_in(n->node_cx, sizeof *st);
    st->cte = cte;
    st->cx = mcx_create(n->node_cx, "CteStore");
    st->keep = cte->refs > 1;
    return st;
}

/* Start the CTE's plan in the store's context (its state lives as long as the store). */
static void
exec_cte_store_start(CteStore *st, const Snapshot *snap)
{
    MemCtx *old = mcx_switch(st->cx);
    st->producer = exec_start(st->cte->plan, snap);
    mcx_switch(old);
}

void
exec_cte_root_open(ExecNode *n)
{
    const Plan *p = n->plan;
    CteRootState *rs = mcx_alloc0_in(n->node_cx, sizeof *rs);
    rs->mark = exec_nctes;
    rs->stores = mcx_alloc0_in(n->node_cx, sizeof(CteStore *) * (size_t)(p->nctes + 1));
    n->ext = rs;
    if (exec_nctes + p->nctes > EXEC_CTE_MAX)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("too many WITH queries in use at once (at most %d)", EXEC_CTE_MAX));
    for (int i = 0; i < p->nctes; i++) {
        CteStore *st = exec_cte_store_new(n, p->ctes[i]);
        rs->stores[rs->nstores++] = st;
        exec_ctes[exec_nctes].key = p->ctes[i];
        exec_ctes[exec_nctes].store = st;
        exec_nctes++;
    }
    /* In order: a CTE's plan may read an earlier CTE of the same WITH. */
    for (int i = 0; i < rs->nstores; i++)
        exec_cte_store_start(rs->stores[i], n->snap);
}

void
exec_cte_root_started(ExecNode *n)
{
    CteRootState *rs = n->ext;
    exec_nctes = rs->mark;
}

void
exec_cte_root_end(ExecNode *n)
{
    CteRootState *rs = n->ext;
    for (int i = 0; rs != NULL && i < rs->nstores; i++)
        if (rs->stores[i]->producer != NULL)
            exec_end(rs->stores[i]->producer);
}

void
exec_cte_scan_open(ExecNode *n)
{
    CteScanState *ss = mcx_alloc0_in(n->node_cx, sizeof *ss);
    n->ext = ss;
    for (int i = exec_nctes - 1; i >= 0; i--)
        if (exec_ctes[i].key == n->plan->cte) {
            ss->store = exec_ctes[i].store;
            return;
        }
    ss->store = exec_cte_store_new(n, n->plan->cte);
    ss->private_store = true;
    exec_cte_store_start(ss->store, n->snap);
}

void
exec_cte_scan_end(ExecNode *n)
{
    CteScanState *ss = n->ext;
    if (ss != NULL && ss->private_store && ss->store->producer != NULL)
        exec_end(ss->store->producer);
}

/* Append a copy of r to the store. */
static ExecRow *
exec_cte_keep(CteStore *st, const ExecRow *r, const Plan *p)
{
    MemCtx *old = mcx_switch(st->cx);
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 64;
        ExecRow *grown = mcx_alloc(sizeof(ExecRow) * st->cap);
        if (st->n > 0)
            memcpy(grown, st->rows, sizeof(ExecRow) * st->n);
        st->rows = grown;
    }
    ExecRow *c = &st->rows[st->n++];
    c->ncols = p->ncols;
    c->values = mcx_alloc(sizeof(Datum) * (size_t)(p->ncols + 1));
    c->nulls = mcx_alloc(sizeof(bool) * (size_t)(p->ncols + 1));
    for (int i = 0; i < p->ncols; i++) {
        c->nulls[i] = r->nulls[i];
        c->values[i] = r->nulls[i] ? 0 : adt_datum_copy(adt_type(p->col_types[i]), r->values[i]);
    }
    mcx_switch(old);
    return c;
}

ExecRow *
exec_cte_scan_next(ExecNode *n)
{
    CteScanState *ss = n->ext;
    CteStore *st = ss->store;
    for (;;) {
        ExecRow *r;
        if (ss->pos < st->n) {
            r = &st->rows[ss->pos++];
        } else {
            if (st->done)
                return NULL;
            tcop_check_interrupts();
            ExecRow *in = exec_next(st->producer);
            if (in == NULL) {
                st->done = true;
                return NULL;
            }
            if (st->keep) {
                r = exec_cte_keep(st, in, n->plan);
                ss->pos = st->n;
            } else {
                r = in; /* the only reader (a recursive CTE used once): nothing to keep */
            }
        }
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        bool pass = exec_eval_qual(n->plan->qual, r);
        mcx_switch(old);
        if (pass)
            return r;
    }
}
