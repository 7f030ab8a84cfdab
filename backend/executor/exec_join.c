/*
 * exec_join.c
 *     Nested-loop and hash joins: inner, left, right and full. The inner input is read
 *     once into the node's memory; each outer row is then paired with every inner row
 *     (nested loop) or with the inner rows whose key encoding equals its own (hash join).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   10. The join condition (qual) decides matches: an outer row without one is
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

static uint32_t
exec_join_hash(const uint8_t *p, uint32_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

/* The key encoding of keys over row; false when one is NULL (it matches nothing). */
static bool
exec_join_key(Expr **keys, int nkeys, const ExecRow *row, StrBuf *sb)
{
    sb_init(sb);
    for (int i = 0; i < nkeys; i++) {
        bool isnull;
        Datum v = exec_eval(keys[i], row, &isnull);
        if (isnull)
            return false;
        adt_key_encode_column(sb, adt_type(keys[i]->type), v, false, false, false);
    }
    return true;
}

/* Hash every inner row by its key (in node_cx). */
static void
exec_join_build_hash(ExecNode *n)
{
    const Plan *p = n->plan;
    uint64_t nb = 16;
    while (nb < n->ninner)
        nb *= 2;
    n->nbuckets_join = nb;
    n->hash_head = mcx_alloc0(sizeof(uint64_t) * nb);
    n->hash_next = mcx_alloc0(sizeof(uint64_t) * (n->ninner + 1));
    n->inner_keys = mcx_alloc0(sizeof(uint8_t *) * (n->ninner + 1));
    n->inner_klen = mcx_alloc0(sizeof(uint32_t) * (n->ninner + 1));
    n->inner_hash = mcx_alloc0(sizeof(uint32_t) * (n->ninner + 1));
    for (uint64_t k = 0; k < n->ninner; k++) {
        StrBuf sb;
        if (!exec_join_key(p->inner_keys, p->nhashkeys, &n->inner_rows[k], &sb))
            continue;
        n->inner_keys[k] = (uint8_t *)sb.data;
        n->inner_klen[k] = (uint32_t)sb.len;
        n->inner_hash[k] = exec_join_hash((const uint8_t *)sb.data, (uint32_t)sb.len);
        uint64_t b = n->inner_hash[k] & (nb - 1);
        n->hash_next[k] = n->hash_head[b];
        n->hash_head[b] = k + 1;
    }
    n->key_cx = mcx_create(n->node_cx, "HashJoinKey");
}

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
    if (n->plan->kind == PLAN_HASHJOIN)
        exec_join_build_hash(n);
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

/* A new outer row: where its candidates start. */
static void
exec_join_begin_outer(ExecNode *n)
{
    n->inner_pos = 0;
    n->outer_matched = false;
    if (n->plan->kind != PLAN_HASHJOIN || n->outer == NULL)
        return;
    mcx_reset(n->key_cx);
    MemCtx *old = mcx_switch(n->key_cx);
    StrBuf sb;
    n->cand = 0;
    if (exec_join_key(n->plan->outer_keys, n->plan->nhashkeys, n->outer, &sb)) {
        n->outer_key = (uint8_t *)sb.data;
        n->outer_klen = (uint32_t)sb.len;
        n->outer_hash = exec_join_hash(n->outer_key, n->outer_klen);
        n->cand = n->hash_head[n->outer_hash & (n->nbuckets_join - 1)];
    }
    mcx_switch(old);
}

/* The next inner row that may pair with the current outer row. */
static bool
exec_join_candidate(ExecNode *n, uint64_t *k)
{
    if (n->plan->kind == PLAN_NESTLOOP) {
        if (n->inner_pos >= n->ninner)
            return false;
        *k = n->inner_pos++;
        return true;
    }
    while (n->cand != 0) {
        uint64_t c = n->cand - 1;
        n->cand = n->hash_next[c];
        if (n->inner_hash[c] == n->outer_hash && n->inner_klen[c] == n->outer_klen &&
            memcmp(n->inner_keys[c], n->outer_key, n->outer_klen) == 0) {
            *k = c;
            return true;
        }
    }
    return false;
}

/* The next joined row for the current outer row, or NULL when its inner rows are done. */
static ExecRow *
exec_nestloop_pair(ExecNode *n)
{
    const Plan *p = n->plan;
    uint64_t k;
    while (exec_join_candidate(n, &k)) {
        tcop_check_interrupts();
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
exec_join_next(ExecNode *n)
{
    const Plan *p = n->plan;
    if (!n->started)
        exec_nestloop_fill(n);
    while (!n->outer_done) {
        if (n->outer == NULL) {
            n->outer = exec_next(n->child);
            exec_join_begin_outer(n);
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
