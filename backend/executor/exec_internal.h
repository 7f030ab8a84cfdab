/*
 * exec_internal.h
 *     Private to backend/executor: the run-time state of a plan node, shared by the node
 *     implementations (exec_nodes.c, exec_join.c) and subquery evaluation (exec_sublink.c).
 */
#ifndef OAK_EXEC_INTERNAL_H
#define OAK_EXEC_INTERNAL_H

#include "oak/executor/executor.h"

typedef struct AggGroup {
    struct AggGroup *next; /* hash chain */
    struct AggGroup *order_next;
    uint8_t *key;
    uint32_t klen;
    uint32_t hash;
    Datum *group_values;
    bool *group_nulls;
    Datum *states;
} AggGroup;

struct ExecNode {
    Plan *plan;
    const Snapshot *snap;
    ExecNode *child;
    MemCtx *node_cx;
    MemCtx *row_cx;
    ExecRow row;
    bool done;
    /* SCAN */
    TblScan *scan;
    Datum *view_values; /* a system view's rows, computed at open */
    bool *view_nulls;
    int view_nrows;
    int view_pos;
    /* SERIES */
    int64_t cur;
    int64_t stop;
    int64_t step;
    Datum step_interval; /* timestamp series: the interval added each time (node context) */
    bool started;
    /* VALUES */
    int next_row;
    /* AGG */
    AggGroup **buckets;
    uint32_t nbuckets;
    uint32_t ngroups;
    AggGroup *groups_head;
    AggGroup *groups_tail;
    AggGroup *emit;
    /* SORT */
    ExecRow *sorted;
    uint64_t nsorted;
    uint64_t sort_pos;
    /* LIMIT */
    int64_t limit;
    int64_t offset;
    int64_t emitted;
    /* NESTLOOP (exec_join.c): the inner input materialized, and the current outer row */
    ExecNode *inner;
    ExecRow *inner_rows;
    bool *inner_matched;
    uint64_t ninner;
    uint64_t inner_pos;
    ExecRow *outer;
    bool outer_matched;
    bool outer_done;
    /* HASHJOIN: inner row k's key (encoded) and hash, chains by index + 1 (0 ends) */
    uint8_t **inner_keys;
    uint32_t *inner_klen;
    uint32_t *inner_hash;
    uint64_t *hash_head;
    uint64_t *hash_next;
    uint64_t nbuckets_join;
    uint64_t cand;
    MemCtx *key_cx; /* the current outer row's key */
    uint8_t *outer_key;
    uint32_t outer_klen;
    uint32_t outer_hash;
};

ExecNode *exec_make(Plan *plan, const Snapshot *snap);
/* NESTLOOP and HASHJOIN (exec_join.c) */
ExecRow *exec_join_next(ExecNode *n);
/* Subqueries in expressions (exec_sublink.c) */
Datum exec_eval_sublink(Expr *e, const ExecRow *row, bool *isnull);
Datum exec_eval_outer_param(Expr *e, bool *isnull);
/* The snapshot of the statement being run (subqueries start their plans with it). */
extern const Snapshot *exec_snapshot;

#endif /* OAK_EXEC_INTERNAL_H */
