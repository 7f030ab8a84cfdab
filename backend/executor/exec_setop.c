/*
 * exec_setop.c
 *     Append (UNION ALL: each child's rows in turn), SetOp (INTERSECT / EXCEPT [ALL] by
 *     hashing both inputs' rows) and Unique (DISTINCT ON: the first row of each run of
 *     equal keys in a sorted input).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  13. Set operations compare whole rows by their key encoding, so two NULLs are the same
 *      value (IS NOT DISTINCT FROM), as SQL's set operations and DISTINCT require; Unique
 *      compares with each type's comparison, NULLs equal to each other.
 *  14. SetOp reads both inputs completely before its first row, keeping one entry per
 *      distinct row of the left input (copied into the node context) with the number of
 *      times it occurs on each side; rows only on the right are counted nowhere. It then
 *      emits, in the left input's first-seen order, min(l, r) copies for INTERSECT ALL,
 *      max(l - r, 0) for EXCEPT ALL, and one copy when l > 0 and r > 0 (INTERSECT) or
 *      l > 0 and r = 0 (EXCEPT).
 *
 * Not here: UNION's duplicate removal (a hash aggregation, exec_nodes.c).
 */
#include "oak/oak.h"

#include "oak/tcop/tcop.h"
#include "oak/utils/adt.h"
#include "exec_internal.h"

ExecRow *
exec_append_next(ExecNode *n)
{
    while (n->cur_child < n->plan->nchildren) {
        ExecRow *r = exec_next(n->children[n->cur_child]);
        if (r != NULL)
            return r;
        n->cur_child++;
    }
    return NULL;
}

typedef struct SetOpEntry {
    struct SetOpEntry *next; /* hash chain */
    struct SetOpEntry *order_next;
    uint8_t *key;
    uint32_t klen;
    uint32_t hash;
    Datum *values;
    bool *nulls;
    int64_t nleft;
    int64_t nright;
} SetOpEntry;

struct SetOpState {
    SetOpEntry **buckets;
    uint32_t nbuckets;
    uint64_t nentries;
    SetOpEntry *head;
    SetOpEntry *tail;
    SetOpEntry *emit;  /* entry being emitted */
    int64_t emit_left; /* copies of it still to emit */
};

/* Double the bucket array once the table averages two entries per bucket. */
static void
exec_setop_grow(ExecNode *n, SetOpState *st)
{
    uint32_t nb = st->nbuckets * 2;
    SetOpEntry **b = mcx_alloc0_in(n->node_cx, sizeof(SetOpEntry *) * nb);
    for (SetOpEntry *e = st->head; e != NULL; e = e->order_next) {
        e->next = b[e->hash % nb];
        b[e->hash % nb] = e;
    }
    st->buckets = b;
    st->nbuckets = nb;
}

/* The entry of row r; created (copied into the node context) only when create is set. */
static SetOpEntry *
exec_setop_entry(ExecNode *n, SetOpState *st, const ExecRow *r, bool create)
{
    const Plan *p = n->plan;
    StrBuf key;
    sb_init(&key);
    for (int i = 0; i < p->ncols; i++)
        adt_key_encode_column(&key,
                              adt_type(p->col_types[i]),
                              r->values[i],
                              r->nulls[i],
                              false,
                              false);
    uint32_t h = exec_hash_bytes((const uint8_t *)key.data, (uint32_t)key.len);
    for (SetOpEntry *e = st->buckets[h % st->nbuckets]; e != NULL; e = e->next)
        if (e->hash == h && e->klen == key.len && memcmp(e->key, key.data, key.len) == 0)
            return e;
    if (!create)
        return NULL;
    if (st->nentries >= (uint64_t)st->nbuckets * 2)
        exec_setop_grow(n, st);
    MemCtx *old = mcx_switch(n->node_cx);
    SetOpEntry *e = mcx_alloc0(sizeof *e);
    e->hash = h;
    e->klen = (uint32_t)key.len;
    e->key = mcx_alloc(key.len + 1);
    memcpy(e->key, key.data, key.len);
    e->values = mcx_alloc(sizeof(Datum) * (size_t)(p->ncols + 1));
    e->nulls = mcx_alloc(sizeof(bool) * (size_t)(p->ncols + 1));
    for (int i = 0; i < p->ncols; i++) {
        e->nulls[i] = r->nulls[i];
        e->values[i] = r->nulls[i] ? 0 : adt_datum_copy(adt_type(p->col_types[i]), r->values[i]);
    }
    mcx_switch(old);
    e->next = st->buckets[h % st->nbuckets];
    st->buckets[h % st->nbuckets] = e;
    if (st->tail != NULL)
        st->tail->order_next = e;
    else
        st->head = e;
    st->tail = e;
    st->nentries++;
    return e;
}

SetOpState *
exec_setop_table_new(ExecNode *n)
{
    SetOpState *st = mcx_alloc0_in(n->node_cx, sizeof *st);
    st->nbuckets = 256;
    st->buckets = mcx_alloc0_in(n->node_cx, sizeof(SetOpEntry *) * st->nbuckets);
    return st;
}

bool
exec_setop_table_add(ExecNode *n, SetOpState *st, const ExecRow *r)
{
    return exec_setop_entry(n, st, r, true)->nleft++ == 0;
}

static SetOpState *
exec_setop_fill(ExecNode *n)
{
    SetOpState *st = exec_setop_table_new(n);
    ExecRow *r;
    while ((r = exec_next(n->child)) != NULL) {
        tcop_check_interrupts();
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        exec_setop_entry(n, st, r, true)->nleft++;
        mcx_switch(old);
    }
    while ((r = exec_next(n->inner)) != NULL) {
        tcop_check_interrupts();
        mcx_reset(n->row_cx);
        MemCtx *old = mcx_switch(n->row_cx);
        SetOpEntry *e = exec_setop_entry(n, st, r, false);
        if (e != NULL)
            e->nright++;
        mcx_switch(old);
    }
    st->emit = st->head;
    st->emit_left = -1;
    return st;
}

/* How many copies of e the operation returns (README invariant 14). */
static int64_t
exec_setop_copies(const Plan *p, const SetOpEntry *e)
{
    if (p->setop == SETOP_INTERSECT) {
        if (p->setop_all)
            return e->nleft < e->nright ? e->nleft : e->nright;
        return e->nleft > 0 && e->nright > 0;
    }
    if (p->setop_all)
        return e->nleft > e->nright ? e->nleft - e->nright : 0;
    return e->nleft > 0 && e->nright == 0;
}

ExecRow *
exec_setop_next(ExecNode *n)
{
    SetOpState *st = n->ext;
    if (st == NULL)
        st = n->ext = exec_setop_fill(n);
    while (st->emit != NULL) {
        if (st->emit_left < 0)
            st->emit_left = exec_setop_copies(n->plan, st->emit);
        if (st->emit_left == 0) {
            st->emit = st->emit->order_next;
            st->emit_left = -1;
            continue;
        }
        st->emit_left--;
        n->row.values = st->emit->values;
        n->row.nulls = st->emit->nulls;
        return &n->row;
    }
    return NULL;
}

/* DISTINCT ON: the previous row's key values, copied into one of two contexts in turn. */
typedef struct UniqueState {
    bool have_prev;
    Datum *prev;
    bool *prev_nulls;
    MemCtx *cx[2];
    int which;
} UniqueState;

static bool
exec_unique_same(const Plan *p, const UniqueState *st, const ExecRow *r)
{
    for (int k = 0; k < p->nkeys; k++) {
        int c = p->keys[k].col;
        if (r->nulls[c] != st->prev_nulls[k])
            return false;
        if (r->nulls[c])
            continue;
        if (adt_type(p->col_types[c])->compare(r->values[c], st->prev[k]) != 0)
            return false;
    }
    return true;
}

ExecRow *
exec_unique_next(ExecNode *n)
{
    const Plan *p = n->plan;
    UniqueState *st = n->ext;
    if (st == NULL) {
        st = n->ext = mcx_alloc0_in(n->node_cx, sizeof *st);
        st->prev = mcx_alloc0_in(n->node_cx, sizeof(Datum) * (size_t)(p->nkeys + 1));
        st->prev_nulls = mcx_alloc0_in(n->node_cx, sizeof(bool) * (size_t)(p->nkeys + 1));
        st->cx[0] = mcx_create(n->node_cx, "UniqueKey");
        st->cx[1] = mcx_create(n->node_cx, "UniqueKey");
    }
    ExecRow *r;
    while ((r = exec_next(n->child)) != NULL) {
        if (st->have_prev && exec_unique_same(p, st, r))
            continue;
        /* A new group: keep its key in the other context, then drop the old key. */
        int other = 1 - st->which;
        mcx_reset(st->cx[other]);
        MemCtx *old = mcx_switch(st->cx[other]);
        for (int k = 0; k < p->nkeys; k++) {
            int c = p->keys[k].col;
            st->prev_nulls[k] = r->nulls[c];
            st->prev[k] = r->nulls[c] ? 0 : adt_datum_copy(adt_type(p->col_types[c]), r->values[c]);
        }
        mcx_switch(old);
        st->which = other;
        st->have_prev = true;
        return r;
    }
    return NULL;
}
