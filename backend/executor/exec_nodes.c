/*
 * exec_nodes.c
 *     The plan node implementations: result, table scan, values, filter, hash
 *     aggregation, projection, sort, limit and row locks (joins: exec_join.c; set
 *     operations and Unique: exec_setop.c; functions: exec_srf.c).
 *
 * Each node resets its own row context before producing a row (see executor.h); sort and
 * aggregation copy what they keep into their node context.
 */
#include "oak/oak.h"

#include "oak/access/sequence.h"

#include <stdlib.h>

#include "oak/executor/executor.h"
#include "oak/access/table.h"
#include "oak/catalog/catalog.h"
#include "oak/tcop/tcop.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "exec_internal.h"

ExecNode *
exec_make(Plan *plan, const Snapshot *snap)
{
    ExecNode *n = mcx_alloc0(sizeof *n);
    n->plan = plan;
    n->snap = snap;
    n->node_cx = mcx_create(mcx_current, "ExecNode");
    n->row_cx = mcx_create(n->node_cx, "ExecRow");
    n->row.ncols = plan->ncols;
    n->row.values = mcx_alloc0_in(n->node_cx, sizeof(Datum) * (size_t)(plan->ncols + 1));
    n->row.nulls = mcx_alloc0_in(n->node_cx, sizeof(bool) * (size_t)(plan->ncols + 1));
    return n;
}

static int64_t
exec_eval_int8(Expr *e, const char *what)
{
    bool isnull;
    Datum v = exec_eval(e, NULL, &isnull);
    if (isnull)
        return -1;
    (void)what;
    return datum_int64(v);
}

/* Key column k of the plan's access path: its order options. */
static uint8_t
exec_path_options(const Plan *p, int k)
{
    if (p->index_no < 0)
        return 0;
    return p->rel->indexes[p->index_no].options[k];
}

/* Append the encoding of constant e for key column k; false if it is NULL. */
static bool
exec_encode_bound(StrBuf *sb, const Plan *p, int k, Expr *e)
{
    bool isnull;
    Datum v = exec_eval(e, NULL, &isnull);
    if (isnull)
        return false;
    uint8_t o = exec_path_options(p, k);
    adt_key_encode_column(sb,
                          adt_type(e->type),
                          v,
                          false,
                          (o & INDOPTION_DESC) != 0,
                          (o & INDOPTION_NULLS_FIRST) != 0);
    return true;
}

TblScan *
exec_table_scan_begin(const Plan *p, const Snapshot *snap)
{
    exec_snapshot = snap;
    StrBuf prefix;
    sb_init(&prefix);
    for (int k = 0; k < p->nkeyeq; k++)
        if (!exec_encode_bound(&prefix, p, k, p->keyeq[k]))
            return NULL; /* comparison with NULL matches nothing */
    /* Bounds in key order: a DESC column turns the value range around. */
    bool desc = (exec_path_options(p, p->nkeyeq) & INDOPTION_DESC) != 0;
    Expr *lo_e = desc ? p->hi_expr : p->lo_expr;
    Expr *hi_e = desc ? p->lo_expr : p->hi_expr;
    bool lo_inc = desc ? p->hi_inclusive : p->lo_inclusive;
    bool hi_inc = desc ? p->lo_inclusive : p->hi_inclusive;

    /*
     * Every bound handed down is inclusive below and exclusive above, on key prefixes:
     * "above every key starting with Q" is Q's prefix successor.
     */
    BtBound *lo = NULL;
    BtBound *hi = NULL;
    StrBuf lk;
    sb_init(&lk);
    sb_append_bytes(&lk, prefix.data, prefix.len);
    if (lo_e != NULL && !exec_encode_bound(&lk, p, p->nkeyeq, lo_e))
        return NULL;
    if (lk.len > 0) {
        lo = mcx_alloc(sizeof *lo);
        *lo = (BtBound){lk.data, (uint32_t)lk.len, true};
        uint8_t *succ;
        uint32_t succ_len;
        if (lo_e != NULL && !lo_inc) {
            if (!tbl_prefix_successor((const uint8_t *)lk.data, (uint32_t)lk.len, &succ, &succ_len))
                return NULL;
            *lo = (BtBound){succ, succ_len, true};
        }
    }
    StrBuf hk;
    sb_init(&hk);
    sb_append_bytes(&hk, prefix.data, prefix.len);
    if (hi_e != NULL && !exec_encode_bound(&hk, p, p->nkeyeq, hi_e))
        return NULL;
    if (hk.len > 0) {
        hi = mcx_alloc(sizeof *hi);
        *hi = (BtBound){hk.data, (uint32_t)hk.len, false};
        uint8_t *succ;
        uint32_t succ_len;
        if (hi_e == NULL || hi_inc) {
            if (tbl_prefix_successor((const uint8_t *)hk.data, (uint32_t)hk.len, &succ, &succ_len))
                *hi = (BtBound){succ, succ_len, false};
            else
                hi = NULL; /* nothing sorts above: open */
        }
    }
    if (p->index_no >= 0)
        return tbl_index_scan_begin(p->rel, &p->rel->indexes[p->index_no], snap, lo, hi);
    return tbl_scan_begin(p->rel, snap, lo, hi);
}

static void
exec_scan_open(ExecNode *n)
{
    Plan *p = n->plan;
    MemCtx *old = mcx_switch(n->node_cx);
    if (p->rel->kind == 'v') {
        n->view_nrows = cat_view_rows(p->rel->oid, &n->view_values, &n->view_nulls);
        mcx_switch(old);
        return;
    }
    if (p->rel->kind == 'S') {
        /* A sequence reads as one row: last_value, log_cnt (always 0 here), is_called. */
        SeqState st = seq_read(p->rel->file);
        n->view_values = mcx_alloc(sizeof(Datum) * 3);
        n->view_nulls = mcx_alloc0(sizeof(bool) * 3);
        n->view_values[0] = int64_datum(st.last_value);
        n->view_values[1] = int64_datum(0);
        n->view_values[2] = bool_datum(st.is_called);
        n->view_nrows = 1;
        mcx_switch(old);
        return;
    }
    /*
     * tcop locks the one table of a single-table statement; tables of joins, subqueries
     * and sublinks are locked here, as each scan opens (held to the transaction's end).
     */
    LockTag tag = {.kind = LOCKTAG_RELATION,
                   .db = p->rel->shared ? 0 : cat_my_db,
                   .rel = p->rel->oid};
    (void)lock_acquire(&tag, ACCESS_SHARE_LOCK, LOCK_WAIT_BLOCK);
    n->scan = exec_table_scan_begin(p, n->snap);
    if (n->scan == NULL)
        n->done = true;
    mcx_switch(old);
}

static ExecRow *
exec_view_next(ExecNode *n)
{
    int natts = n->plan->rel->natts;
    while (n->view_pos < n->view_nrows) {
        size_t base = (size_t)n->view_pos++ * (size_t)natts;
        memcpy(n->row.values, n->view_values + base, sizeof(Datum) * (size_t)natts);
        memcpy(n->row.nulls, n->view_nulls + base, sizeof(bool) * (size_t)natts);
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        bool pass = exec_eval_qual(n->plan->qual, &n->row);
        mcx_switch(old);
        if (pass)
            return &n->row;
    }
    return NULL;
}

static ExecRow *
exec_scan_next(ExecNode *n)
{
    if (n->plan->rel->kind == 'v' || n->plan->rel->kind == 'S')
        return exec_view_next(n);
    if (n->done)
        return NULL;
    for (;;) {
        tcop_check_interrupts();
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        RowRef ref;
        bool got =
            tbl_scan_next(n->scan, n->row.values, n->row.nulls, n->plan->emit_key ? &ref : NULL);
        if (got && n->plan->emit_key) {
            int kc = n->plan->rel->natts;
            n->row.values[kc] = ptr_datum(text_from_bytes((const char *)ref.key, ref.klen));
            n->row.nulls[kc] = false;
        }
        bool pass = got && exec_eval_qual(n->plan->qual, &n->row);
        mcx_switch(old);
        if (!got) {
            n->done = true;
            return NULL;
        }
        if (pass)
            return &n->row;
    }
}

static ExecRow *
exec_values_next(ExecNode *n)
{
    Plan *p = n->plan;
    if (n->next_row >= p->nrows)
        return NULL;
    mcx_reset(n->row_cx);
    MemCtx *old = mcx_switch(n->row_cx);
    Expr **exprs = p->rows[n->next_row++];
    for (int i = 0; i < p->ncols; i++)
        n->row.values[i] = exec_eval(exprs[i], NULL, &n->row.nulls[i]);
    mcx_switch(old);
    return &n->row;
}

static ExecRow *
exec_result_next(ExecNode *n)
{
    if (n->done)
        return NULL;
    n->done = true;
    return &n->row;
}

static ExecRow *
exec_filter_next(ExecNode *n)
{
    ExecRow *in;
    while ((in = exec_next(n->child)) != NULL) {
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        bool pass = exec_eval_qual(n->plan->qual, in);
        mcx_switch(old);
        if (pass)
            return in;
    }
    return NULL;
}

static ExecRow *
exec_project_next(ExecNode *n)
{
    ExecRow *in = exec_next(n->child);
    if (in == NULL)
        return NULL;
    mcx_reset(n->row_cx);
    MemCtx *old = mcx_switch(n->row_cx);
    for (int i = 0; i < n->plan->nexprs; i++)
        n->row.values[i] = exec_eval(n->plan->exprs[i], in, &n->row.nulls[i]);
    mcx_switch(old);
    return &n->row;
}

/* ---- hash aggregation ---- */

uint32_t
exec_hash_bytes(const uint8_t *p, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static AggGroup *
exec_agg_group(ExecNode *n, const ExecRow *in)
{
    Plan *p = n->plan;
    StrBuf key;
    Datum *gv = mcx_alloc(sizeof(Datum) * (size_t)(p->ngroup + 1));
    bool *gn = mcx_alloc(sizeof(bool) * (size_t)(p->ngroup + 1));
    sb_init(&key);
    for (int i = 0; i < p->ngroup; i++) {
        gv[i] = exec_eval(p->group[i], in, &gn[i]);
        const TypeDesc *t = adt_type(p->group[i]->type);
        adt_key_encode_column(&key, t, gv[i], gn[i], false, false);
    }
    uint32_t h = exec_hash_bytes((const uint8_t *)key.data, (uint32_t)key.len);
    for (AggGroup *g = n->buckets[h % n->nbuckets]; g; g = g->next)
        if (g->hash == h && g->klen == key.len && memcmp(g->key, key.data, key.len) == 0)
            return g;

    MemCtx *old = mcx_switch(n->node_cx);
    AggGroup *g = mcx_alloc0(sizeof *g);
    g->hash = h;
    g->klen = (uint32_t)key.len;
    g->key = mcx_alloc(key.len + 1);
    memcpy(g->key, key.data, key.len);
    g->group_values = mcx_alloc(sizeof(Datum) * (size_t)(p->ngroup + 1));
    g->group_nulls = mcx_alloc(sizeof(bool) * (size_t)(p->ngroup + 1));
    for (int i = 0; i < p->ngroup; i++) {
        g->group_nulls[i] = gn[i];
        g->group_values[i] = gn[i] ? 0 : adt_datum_copy(adt_type(p->group[i]->type), gv[i]);
    }
    g->states = mcx_alloc(sizeof(Datum) * (size_t)(p->naggs + 1));
    for (int i = 0; i < p->naggs; i++)
        g->states[i] = p->aggs[i]->u.aggref.agg->init(n->node_cx);
    mcx_switch(old);
    g->next = n->buckets[h % n->nbuckets];
    n->buckets[h % n->nbuckets] = g;
    if (n->groups_tail)
        n->groups_tail->order_next = g;
    else
        n->groups_head = g;
    n->groups_tail = g;
    n->ngroups++;
    return g;
}

/*
 * One input of an aggregate that sees NULLs (array_agg), with its ORDER BY key: the order
 * expressions' column keys, so memcmp order is the ORDER BY order.
 */
static Datum
exec_agg_trans_any(ExecNode *n, Expr *a, const ExecRow *in, Datum state)
{
    bool isnull;
    Datum v = exec_eval(a->u.aggref.arg, in, &isnull);
    StrBuf key;
    sb_init(&key);
    for (int k = 0; k < a->u.aggref.norder; k++) {
        Expr *o = a->u.aggref.order[k];
        bool onull;
        Datum ov = exec_eval(o, in, &onull);
        adt_key_encode_column(&key,
                              adt_type(o->type),
                              ov,
                              onull,
                              a->u.aggref.order_desc[k],
                              a->u.aggref.order_nulls_first[k]);
    }
    return a->u.aggref.agg->trans_any(n->node_cx,
                                      state,
                                      v,
                                      isnull,
                                      a->u.aggref.arg->type,
                                      a->u.aggref.norder > 0 ? &key : NULL);
}

static void
exec_agg_fill(ExecNode *n)
{
    Plan *p = n->plan;
    n->nbuckets = 1024;
    n->buckets = mcx_alloc0_in(n->node_cx, sizeof(AggGroup *) * n->nbuckets);
    ExecRow *in;
    while ((in = exec_next(n->child)) != NULL) {
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        AggGroup *g = exec_agg_group(n, in);
        for (int i = 0; i < p->naggs; i++) {
            Expr *a = p->aggs[i];
            Datum v = 0;
            if (a->u.aggref.agg->trans_any != NULL) {
                g->states[i] = exec_agg_trans_any(n, a, in, g->states[i]);
                continue;
            }
            if (a->u.aggref.arg) {
                bool isnull;
                v = exec_eval(a->u.aggref.arg, in, &isnull);
                if (isnull)
                    continue;
            }
            g->states[i] = a->u.aggref.agg->trans(n->node_cx, g->states[i], v);
        }
        mcx_switch(old);
    }
    /* An aggregate without GROUP BY yields one row even for no input. */
    if (n->ngroups == 0 && p->ngroup == 0) {
        MemCtx *old = mcx_switch(n->row_cx);
        ExecRow empty = {0, NULL, NULL};
        exec_agg_group(n, &empty);
        mcx_switch(old);
    }
    n->emit = n->groups_head;
}

static ExecRow *
exec_agg_next(ExecNode *n)
{
    Plan *p = n->plan;
    if (n->buckets == NULL)
        exec_agg_fill(n);
    while (n->emit) {
        AggGroup *g = n->emit;
        n->emit = g->order_next;
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        for (int i = 0; i < p->ngroup; i++) {
            n->row.values[i] = g->group_values[i];
            n->row.nulls[i] = g->group_nulls[i];
        }
        for (int i = 0; i < p->naggs; i++) {
            bool isnull = false;
            n->row.values[p->ngroup + i] = p->aggs[i]->u.aggref.agg->final(g->states[i], &isnull);
            n->row.nulls[p->ngroup + i] = isnull;
        }
        bool pass = exec_eval_qual(p->qual, &n->row);
        mcx_switch(old);
        if (pass)
            return &n->row;
    }
    return NULL;
}

/* ---- sort ---- */

static const Plan *sort_plan; /* qsort has no context argument */

static int
exec_sort_cmp(const void *a, const void *b)
{
    const ExecRow *x = a;
    const ExecRow *y = b;
    for (int k = 0; k < sort_plan->nkeys; k++) {
        const SortKey *sk = &sort_plan->keys[k];
        bool xn = x->nulls[sk->col];
        bool yn = y->nulls[sk->col];
        int c;
        if (xn || yn) {
            if (xn && yn)
                continue;
            c = xn ? (sk->nulls_first ? -1 : 1) : (sk->nulls_first ? 1 : -1);
            return c;
        }
        const TypeDesc *t = adt_type(sort_plan->col_types[sk->col]);
        c = t->compare(x->values[sk->col], y->values[sk->col]);
        if (c != 0)
            return sk->desc ? -c : c;
    }
    return 0;
}

static void
exec_sort_fill(ExecNode *n)
{
    Plan *p = n->plan;
    uint64_t cap = 64;
    n->sorted = mcx_alloc_in(n->node_cx, sizeof(ExecRow) * cap);
    ExecRow *in;
    MemCtx *old = mcx_switch(n->node_cx);
    while ((in = exec_next(n->child)) != NULL) {
        if (n->nsorted == cap) {
            cap *= 2;
            n->sorted = mcx_realloc(n->sorted, sizeof(ExecRow) * cap);
        }
        ExecRow *r = &n->sorted[n->nsorted++];
        r->ncols = p->ncols;
        r->values = mcx_alloc(sizeof(Datum) * (size_t)(p->ncols + 1));
        r->nulls = mcx_alloc(sizeof(bool) * (size_t)(p->ncols + 1));
        for (int i = 0; i < p->ncols; i++) {
            r->nulls[i] = in->nulls[i];
            r->values[i] =
                in->nulls[i] ? 0 : adt_datum_copy(adt_type(p->col_types[i]), in->values[i]);
        }
    }
    mcx_switch(old);
    sort_plan = p;
    qsort(n->sorted, n->nsorted, sizeof(ExecRow), exec_sort_cmp);
    n->started = true;
}

static ExecRow *
exec_sort_next(ExecNode *n)
{
    if (!n->started)
        exec_sort_fill(n);
    if (n->sort_pos >= n->nsorted)
        return NULL;
    return &n->sorted[n->sort_pos++];
}

static ExecRow *
exec_limit_next(ExecNode *n)
{
    Plan *p = n->plan;
    if (!n->started) {
        n->started = true;
        n->limit = p->limit ? exec_eval_int8(p->limit, "LIMIT") : -1;
        n->offset = p->offset ? exec_eval_int8(p->offset, "OFFSET") : 0;
        if (p->offset && n->offset < 0) {
            bool isnull;
            (void)exec_eval(p->offset, NULL, &isnull);
            if (!isnull)
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_ROW_COUNT_IN_RESULT_OFFSET),
                        err_msg("OFFSET must not be negative"));
            n->offset = 0;
        }
        if (p->limit && n->limit < 0) {
            bool isnull;
            (void)exec_eval(p->limit, NULL, &isnull);
            if (!isnull)
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_ROW_COUNT_IN_LIMIT),
                        err_msg("LIMIT must not be negative"));
        }
        for (int64_t i = 0; i < n->offset; i++)
            if (exec_next(n->child) == NULL)
                return NULL;
    }
    if (n->limit >= 0 && n->emitted >= n->limit)
        return NULL;
    ExecRow *r = exec_next(n->child);
    if (r)
        n->emitted++;
    return r;
}

/* ---- row locks (SELECT ... FOR UPDATE / SHARE) ---- */

static void __attribute__((noreturn)) exec_row_lock_unavailable(const RelDesc *rel)
{
    ereport(ERROR,
            err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
            err_msg("could not obtain lock on row in relation \"%s\"", rel->name));
}

/*
 * Take the row lock on one version. FOR SHARE / KEY SHARE hold a shared row lock in the
 * lock manager until the transaction ends; FOR UPDATE / NO KEY UPDATE mark the version's
 * xmax "lock only". Returns TBL_OK, TBL_UPDATED, or TBL_SELF meaning "skip this row"
 * (SKIP LOCKED); waits or raises 55P03 (NOWAIT) as the clause says.
 */
static TblResult
exec_lock_one(ExecNode *n, RowRef *ref)
{
    Plan *p = n->plan;
    for (;;) {
        Xid wait = INVALID_XID;
        TblResult res;
        if (p->row_lock <= ROW_LOCK_SHARE) {
            LockTag tag = tbl_row_lock_tag(p->rel, ref);
            if (!lock_acquire(&tag,
                              p->row_lock,
                              p->row_lock_wait == LOCK_WAIT_BLOCK ? LOCK_WAIT_BLOCK
                                                                  : LOCK_WAIT_SKIP)) {
                if (p->row_lock_wait == LOCK_WAIT_SKIP)
                    return TBL_SELF;
                exec_row_lock_unavailable(p->rel);
            }
            res = tbl_check_row(p->rel, ref, n->snap, &wait);
        } else {
            res = tbl_lock_row(p->rel, ref, n->snap, p->row_lock_wait != LOCK_WAIT_BLOCK, &wait);
        }
        if (res == TBL_WOULD_BLOCK) {
            if (p->row_lock_wait == LOCK_WAIT_SKIP)
                return TBL_SELF;
            exec_row_lock_unavailable(p->rel);
        }
        if (res != TBL_BEING_MODIFIED)
            return res;
        if (p->row_lock_wait == LOCK_WAIT_SKIP)
            return TBL_SELF;
        if (p->row_lock_wait == LOCK_WAIT_NOWAIT)
            exec_row_lock_unavailable(p->rel);
        lock_wait_xid(wait);
    }
}

static ExecRow *
exec_lockrows_next(ExecNode *n)
{
    Plan *p = n->plan;
    RelDesc *rel = p->rel;
    ExecRow *in;
    while ((in = exec_next(n->child)) != NULL) {
        const Varlena *kv = datum_ptr(in->values[p->key_col]);
        RowRef ref = {(uint8_t *)kv->data, varlena_size(kv)};
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        ExecRow *out = in;
        for (;;) {
            TblResult res = exec_lock_one(n, &ref);
            if (res == TBL_OK)
                break;
            if (res == TBL_SELF) {
                out = NULL;
                break;
            }
            /* TBL_UPDATED: a committed transaction changed the row after our snapshot. */
            if (n->snap->xact_snapshot)
                ereport(ERROR,
                        err_code(SQLSTATE_SERIALIZATION_FAILURE),
                        err_msg("could not serialize access due to concurrent update"));
            ExecRow base = {rel->natts + 1,
                            mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1)),
                            mcx_alloc0(sizeof(bool) * (size_t)(rel->natts + 1))};
            RowRef latest;
            Xid wait;
            bool found;
            while (!(found = tbl_fetch_latest(
                         rel, &ref, n->snap, base.values, base.nulls, &latest, &wait)) &&
                   wait != INVALID_XID)
                lock_wait_xid(wait);
            if (!found ||
                !exec_eval_qual(p->qual, &(ExecRow){rel->natts, base.values, base.nulls})) {
                out = NULL;
                break;
            }
            ref = latest;
            base.values[rel->natts] = ptr_datum(text_from_bytes((const char *)ref.key, ref.klen));
            for (int i = 0; i < p->nexprs; i++)
                n->row.values[i] = exec_eval(p->exprs[i], &base, &n->row.nulls[i]);
            out = &n->row;
        }
        mcx_switch(old);
        if (out)
            return out;
    }
    return NULL;
}

ExecNode *
exec_start(Plan *plan, const Snapshot *snap)
{
    exec_snapshot = snap;
    ExecNode *n = exec_make(plan, snap);
    if (plan->kind == PLAN_CTEROOT)
        exec_cte_root_open(n); /* before the subtree: its CTE Scans bind to the stores */
    if (plan->child)
        n->child = exec_start(plan->child, snap);
    /* A Recursive Union starts its recursive term itself, once per round. */
    if (plan->inner && plan->kind != PLAN_RECURSIVEUNION)
        n->inner = exec_start(plan->inner, snap);
    if (plan->nchildren > 0) {
        n->children = mcx_alloc_in(n->node_cx, sizeof(ExecNode *) * (size_t)plan->nchildren);
        for (int i = 0; i < plan->nchildren; i++)
            n->children[i] = exec_start(plan->children[i], snap);
    }
    if (plan->kind == PLAN_SCAN)
        exec_scan_open(n);
    if (plan->kind == PLAN_WORKTABLESCAN)
        exec_worktable_open(n);
    if (plan->kind == PLAN_CTESCAN)
        exec_cte_scan_open(n);
    if (plan->kind == PLAN_CTEROOT)
        exec_cte_root_started(n);
    return n;
}

ExecRow *
exec_next(ExecNode *n)
{
    switch (n->plan->kind) {
    case PLAN_RESULT:
        return exec_result_next(n);
    case PLAN_SCAN:
        return exec_scan_next(n);
    case PLAN_FUNCSCAN:
        return exec_funcscan_next(n);
    case PLAN_VALUES:
        return exec_values_next(n);
    case PLAN_FILTER:
        return exec_filter_next(n);
    case PLAN_AGG:
        return exec_agg_next(n);
    case PLAN_PROJECT:
        return exec_project_next(n);
    case PLAN_SORT:
        return exec_sort_next(n);
    case PLAN_LIMIT:
        return exec_limit_next(n);
    case PLAN_LOCKROWS:
        return exec_lockrows_next(n);
    case PLAN_NESTLOOP:
    case PLAN_HASHJOIN:
        return exec_join_next(n);
    case PLAN_APPEND:
        return exec_append_next(n);
    case PLAN_SETOP:
        return exec_setop_next(n);
    case PLAN_UNIQUE:
        return exec_unique_next(n);
    case PLAN_PROJECTSET:
        return exec_project_set_next(n);
    case PLAN_RECURSIVEUNION:
        return exec_recursive_next(n);
    case PLAN_WORKTABLESCAN:
        return exec_worktable_next(n);
    case PLAN_CTEROOT:
        return exec_next(n->child);
    case PLAN_CTESCAN:
        return exec_cte_scan_next(n);
    case PLAN_LATERALFUNC:
        return exec_lateral_next(n);
    }
    return NULL;
}

void
exec_end(ExecNode *n)
{
    if (n->child)
        exec_end(n->child);
    if (n->inner)
        exec_end(n->inner);
    for (int i = 0; i < n->plan->nchildren; i++)
        exec_end(n->children[i]);
    if (n->plan->kind == PLAN_CTEROOT)
        exec_cte_root_end(n);
    if (n->plan->kind == PLAN_CTESCAN)
        exec_cte_scan_end(n);
    if (n->scan)
        tbl_scan_end(n->scan);
    n->scan = NULL;
    mcx_delete(n->node_cx);
}
