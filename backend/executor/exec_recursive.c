/*
 * exec_recursive.c
 *     WITH RECURSIVE: Recursive Union and WorkTable Scan.
 *
 * Recursive Union returns its non-recursive term's rows (child), keeping them as the
 * working table; then, while the working table is not empty, it runs the recursive term
 * (inner) afresh over it, returning the new rows and collecting them as the next working
 * table. Under UNION (not ALL) a row already returned is dropped before it is returned or
 * kept, so the recursion ends once no new row appears.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  17. A WorkTable Scan reads the working table of the Recursive Union that started it:
 *      the union registers itself (by its plan's worktable key) only while it starts its
 *      recursive term, and each scan binds to it in exec_start, so two runs of the same
 *      CTE (two references) never read each other's rows.
 *  18. The working table and the next one live in two contexts used in turn: when a
 *      round ends the old working table's context is reset (its scan has ended), so
 *      memory holds two rounds, plus (for UNION) one copy of each distinct row.
 *
 * Not here: planning (optimizer/opt_setop.c); the distinct-row table (exec_setop.c).
 */
#include "oak/oak.h"

#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"
#include "exec_internal.h"

typedef struct RowTable {
    ExecRow *rows;
    uint64_t n;
    uint64_t cap;
} RowTable;

typedef struct RecursiveState {
    MemCtx *gen_cx[2]; /* tables[k]'s rows live in gen_cx[k] */
    RowTable tables[2];
    int work;          /* tables[work] is the working table; the other is being filled */
    bool in_recursion; /* the non-recursive term is done */
    MemCtx *iter_cx;   /* the recursive term's executor state for one round */
    SetOpState *seen;  /* UNION: every row returned (exec_setop.c's table) */
} RecursiveState;

typedef struct WorkTableScanState {
    RecursiveState *rs;
    uint64_t pos;
} WorkTableScanState;

/* The unions starting their recursive term, innermost last (README invariant 17). */
enum { EXEC_RECURSION_MAX = 64 };
static struct {
    const void *key;
    RecursiveState *rs;
} exec_recursions[EXEC_RECURSION_MAX];
static int exec_nrecursions;

void
exec_worktable_open(ExecNode *n)
{
    for (int i = exec_nrecursions - 1; i >= 0; i--)
        if (exec_recursions[i].key == n->plan->worktable) {
            WorkTableScanState *st = mcx_alloc0_in(n->node_cx, sizeof *st);
            st->rs = exec_recursions[i].rs;
            n->ext = st;
            return;
        }
    elog_internal("WorkTable Scan started outside its Recursive Union");
}

ExecRow *
exec_worktable_next(ExecNode *n)
{
    WorkTableScanState *st = n->ext;
    const RowTable *t = &st->rs->tables[st->rs->work];
    while (st->pos < t->n) {
        ExecRow *r = &t->rows[st->pos++];
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        bool pass = exec_eval_qual(n->plan->qual, r);
        mcx_switch(old);
        if (pass)
            return r;
    }
    return NULL;
}

/* Keep a copy of r in the table being filled. */
static void
exec_recursive_keep(ExecNode *n, RecursiveState *rs, const ExecRow *r)
{
    const Plan *p = n->plan;
    int k = 1 - rs->work;
    RowTable *t = &rs->tables[k];
    MemCtx *old = mcx_switch(rs->gen_cx[k]);
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        ExecRow *grown = mcx_alloc(sizeof(ExecRow) * t->cap);
        if (t->n > 0)
            memcpy(grown, t->rows, sizeof(ExecRow) * t->n);
        t->rows = grown;
    }
    ExecRow *c = &t->rows[t->n++];
    c->ncols = p->ncols;
    c->values = mcx_alloc(sizeof(Datum) * (size_t)(p->ncols + 1));
    c->nulls = mcx_alloc(sizeof(bool) * (size_t)(p->ncols + 1));
    for (int i = 0; i < p->ncols; i++) {
        c->nulls[i] = r->nulls[i];
        c->values[i] = r->nulls[i] ? 0 : adt_datum_copy(adt_type(p->col_types[i]), r->values[i]);
    }
    mcx_switch(old);
}

/* Whether r is new (UNION ALL: always); a new row is kept for the next round. */
static bool
exec_recursive_accept(ExecNode *n, RecursiveState *rs, const ExecRow *r)
{
    if (rs->seen != NULL) {
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        bool fresh = exec_setop_table_add(n, rs->seen, r);
        mcx_switch(old);
        if (!fresh)
            return false;
    }
    exec_recursive_keep(n, rs, r);
    return true;
}

/* End a round: the rows just collected become the working table. */
static void
exec_recursive_swap(RecursiveState *rs)
{
    int old = rs->work;
    mcx_reset(rs->gen_cx[old]);
    rs->tables[old] = (RowTable){0};
    rs->work = 1 - old;
}

/* Start the recursive term over the working table (README invariant 17). */
static void
exec_recursive_start_round(ExecNode *n, RecursiveState *rs)
{
    if (exec_nrecursions == EXEC_RECURSION_MAX)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("recursive queries nested too deeply (at most %d)", EXEC_RECURSION_MAX));
    mcx_reset(rs->iter_cx);
    MemCtx *old = mcx_switch(rs->iter_cx);
    exec_recursions[exec_nrecursions].key = n->plan->worktable;
    exec_recursions[exec_nrecursions].rs = rs;
    exec_nrecursions++;
    err_try();
    {
        n->inner = exec_start(n->plan->inner, n->snap);
    }
    err_catch();
    {
        exec_nrecursions--;
        mcx_switch(old);
        err_rethrow();
    }
    err_end_try();
    exec_nrecursions--;
    mcx_switch(old);
}

static RecursiveState *
exec_recursive_begin(ExecNode *n)
{
    RecursiveState *rs = mcx_alloc0_in(n->node_cx, sizeof *rs);
    rs->gen_cx[0] = mcx_create(n->node_cx, "WorkTable");
    rs->gen_cx[1] = mcx_create(n->node_cx, "WorkTable");
    rs->iter_cx = mcx_create(n->node_cx, "RecursiveTerm");
    if (!n->plan->setop_all)
        rs->seen = exec_setop_table_new(n);
    return rs;
}

ExecRow *
exec_recursive_next(ExecNode *n)
{
    RecursiveState *rs = n->ext;
    if (rs == NULL)
        rs = n->ext = exec_recursive_begin(n);
    ExecRow *r;
    if (!rs->in_recursion) {
        while ((r = exec_next(n->child)) != NULL)
            if (exec_recursive_accept(n, rs, r))
                return r;
        rs->in_recursion = true;
        exec_recursive_swap(rs);
    }
    for (;;) {
        tcop_check_interrupts();
        if (n->inner == NULL) {
            if (rs->tables[rs->work].n == 0)
                return NULL;
            exec_recursive_start_round(n, rs);
        }
        while ((r = exec_next(n->inner)) != NULL)
            if (exec_recursive_accept(n, rs, r))
                return r;
        exec_end(n->inner);
        n->inner = NULL;
        exec_recursive_swap(rs);
    }
}
