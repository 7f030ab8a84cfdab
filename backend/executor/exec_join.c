/*
 * exec_join.c
 *     The nested-loop join: inner, left, right and full. The inner input is read once into
 *     the node's memory; each outer row is then paired with every inner row.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   5. The join condition (qual) decides matches: an outer row without one is
 *      null-extended for LEFT and FULL joins, an inner row without one for RIGHT and FULL
 *      joins after the outer input ends. post_qual filters the joined rows, null-extended
 *      ones included.
 *
 * Not here: subqueries (exec_sublink.c), other nodes (exec_nodes.c).
 */
#include "oak/oak.h"

#include "exec_internal.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"

static void
exec_nestloop_fill(ExecNode *n)
{
    const Plan *ip = n->plan->inner;
    uint64_t cap = 64;
    n->inner_rows = mcx_alloc_in(n->node_cx, sizeof(ExecRow) * cap);
    MemCtx *old = mcx_switch(n->node_cx);
    ExecRow *in;
    while ((in = exec_next(n->inner)) != NULL) {
        if (n->ninner == cap) {
            cap *= 2;
            n->inner_rows = mcx_realloc(n->inner_rows, sizeof(ExecRow) * cap);
        }
        ExecRow *r = &n->inner_rows[n->ninner++];
        r->ncols = ip->ncols;
        r->values = mcx_alloc(sizeof(Datum) * (size_t)(ip->ncols + 1));
        r->nulls = mcx_alloc(sizeof(bool) * (size_t)(ip->ncols + 1));
        for (int i = 0; i < ip->ncols; i++) {
            r->nulls[i] = in->nulls[i];
            r->values[i] =
                in->nulls[i] ? 0 : adt_datum_copy(adt_type(ip->col_types[i]), in->values[i]);
        }
    }
    n->inner_matched = mcx_alloc0(sizeof(bool) * (size_t)(n->ninner + 1));
    mcx_switch(old);
    n->started = true;
}

/* Fill the output row from an outer and an inner row (NULL: null-extended). */
static void
exec_nestloop_form(ExecNode *n, const ExecRow *outer, const ExecRow *inner)
{
    int lc = n->plan->child->ncols;
    int rc = n->plan->inner->ncols;
    for (int i = 0; i < lc; i++) {
        n->row.values[i] = outer ? outer->values[i] : 0;
        n->row.nulls[i] = outer ? outer->nulls[i] : true;
    }
    for (int i = 0; i < rc; i++) {
        n->row.values[lc + i] = inner ? inner->values[i] : 0;
        n->row.nulls[lc + i] = inner ? inner->nulls[i] : true;
    }
}

static bool
exec_nestloop_check(ExecNode *n, Expr *qual)
{
    if (qual == NULL)
        return true;
    mcx_reset(n->row_cx);
    MemCtx *old = mcx_switch(n->row_cx);
    bool pass = exec_eval_qual(qual, &n->row);
    mcx_switch(old);
    return pass;
}

/* The next joined row for the current outer row, or NULL when its inner rows are done. */
static ExecRow *
exec_nestloop_pair(ExecNode *n)
{
    const Plan *p = n->plan;
    while (n->inner_pos < n->ninner) {
        tcop_check_interrupts();
        uint64_t k = n->inner_pos++;
        exec_nestloop_form(n, n->outer, &n->inner_rows[k]);
        if (!exec_nestloop_check(n, p->qual))
            continue;
        n->outer_matched = true;
        n->inner_matched[k] = true;
        if (exec_nestloop_check(n, p->post_qual))
            return &n->row;
    }
    return NULL;
}

ExecRow *
exec_nestloop_next(ExecNode *n)
{
    const Plan *p = n->plan;
    if (!n->started)
        exec_nestloop_fill(n);
    while (!n->outer_done) {
        if (n->outer == NULL) {
            n->outer = exec_next(n->child);
            n->inner_pos = 0;
            n->outer_matched = false;
            if (n->outer == NULL) {
                n->outer_done = true;
                break;
            }
        }
        ExecRow *r = exec_nestloop_pair(n);
        if (r != NULL)
            return r;
        bool extend = !n->outer_matched && (p->jointype == JOIN_LEFT || p->jointype == JOIN_FULL);
        const ExecRow *outer = n->outer;
        n->outer = NULL;
        if (extend) {
            exec_nestloop_form(n, outer, NULL);
            if (exec_nestloop_check(n, p->post_qual))
                return &n->row;
        }
    }
    if (p->jointype != JOIN_RIGHT && p->jointype != JOIN_FULL)
        return NULL;
    while (n->inner_pos < n->ninner) {
        uint64_t k = n->inner_pos++;
        if (n->inner_matched[k])
            continue;
        exec_nestloop_form(n, NULL, &n->inner_rows[k]);
        if (exec_nestloop_check(n, p->post_qual))
            return &n->row;
    }
    return NULL;
}
