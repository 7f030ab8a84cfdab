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
    /* APPEND: the children started, the one being read */
    ExecNode **children;
    int cur_child;
    /* SETOP, UNIQUE (exec_setop.c), FUNCSCAN, PROJECTSET (exec_srf.c): their own state,
     * allocated in node_cx */
    void *ext;
};

ExecNode *exec_make(Plan *plan, const Snapshot *snap);
/* NESTLOOP and HASHJOIN (exec_join.c) */
ExecRow *exec_join_next(ExecNode *n);
/* APPEND, SETOP and UNIQUE (exec_setop.c) */
ExecRow *exec_append_next(ExecNode *n);
ExecRow *exec_setop_next(ExecNode *n);
ExecRow *exec_unique_next(ExecNode *n);
/* A table of distinct rows of n's shape in n's node context: add is true for a new row. */
typedef struct SetOpState SetOpState;
SetOpState *exec_setop_table_new(ExecNode *n);
bool exec_setop_table_add(ExecNode *n, SetOpState *st, const ExecRow *r);
/* RECURSIVEUNION and WORKTABLESCAN (exec_recursive.c); a scan binds to its union at start */
ExecRow *exec_recursive_next(ExecNode *n);
ExecRow *exec_worktable_next(ExecNode *n);
void exec_worktable_open(ExecNode *n);
/* CTEROOT and CTESCAN (exec_cte.c): a root registers its stores from open to started */
void exec_cte_root_open(ExecNode *n);
void exec_cte_root_started(ExecNode *n);
void exec_cte_root_end(ExecNode *n);
void exec_cte_scan_open(ExecNode *n);
void exec_cte_scan_end(ExecNode *n);
ExecRow *exec_cte_scan_next(ExecNode *n);
void exec_cte_reset(void);
/* FUNCSCAN and PROJECTSET (exec_srf.c) */
ExecRow *exec_funcscan_next(ExecNode *n);
ExecRow *exec_project_set_next(ExecNode *n);
ExecRow *exec_lateral_next(ExecNode *n);
/* Hash of a key encoding (FNV-1a), shared by aggregation and set operations. */
uint32_t exec_hash_bytes(const uint8_t *p, uint32_t n);
/* Subqueries in expressions (exec_sublink.c) */
Datum exec_eval_sublink(Expr *e, const ExecRow *row, bool *isnull);
Datum exec_eval_outer_param(Expr *e, bool *isnull);
/* Arrays (exec_array.c). */
Datum exec_eval_array(Expr *e, const ExecRow *row, bool *isnull);
Datum exec_eval_subscript(Expr *e, const ExecRow *row, bool *isnull);
Datum exec_eval_arrayop(Expr *e, const ExecRow *row, bool *isnull);
/* ARRAY(subquery): the first column of node's rows as arrtype (stacked if coltype is it). */
Datum exec_array_from_rows(ExecNode *node, Oid arrtype, Oid coltype);
/* The snapshot of the statement being run (subqueries start their plans with it). */
extern const Snapshot *exec_snapshot;

#endif /* OAK_EXEC_INTERNAL_H */
