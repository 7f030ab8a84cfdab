/*
 * plan.h
 *     Plan trees: what the optimizer builds from a Query and the executor runs. A plan is
 *     static (no run-time state), so it could be cached and run again.
 *
 * Every node produces rows of ncols columns; expressions in a node refer to its child's
 * row by Var attno (the scan's row for scan quals).
 */
#ifndef OAK_OPTIMIZER_PLAN_H
#define OAK_OPTIMIZER_PLAN_H

#include "oak/parser/analyze.h"

typedef enum PlanKind {
    PLAN_RESULT,   /* one row with no columns (SELECT without FROM) */
    PLAN_SCAN,     /* clustered table scan over a primary-key range, with a qual */
    PLAN_SERIES,   /* generate_series(start, stop [, step]) */
    PLAN_VALUES,   /* rows of expressions evaluated without input (INSERT ... VALUES) */
    PLAN_FILTER,
    PLAN_AGG,      /* hash aggregation: output = group values then aggregate results */
    PLAN_PROJECT,
    PLAN_SORT,
    PLAN_LIMIT,
    PLAN_LOCKROWS, /* SELECT ... FOR UPDATE / SHARE: lock each row the query returns */
} PlanKind;

typedef struct SortKey {
    int col;
    bool desc;
    bool nulls_first;
} SortKey;

typedef struct Plan Plan;

struct Plan {
    PlanKind kind;
    int ncols;
    Oid *col_types;
    Plan *child;
    Expr *qual; /* SCAN, FILTER, SERIES */
    /* SCAN */
    RelDesc *rel;
    Expr *lo_expr; /* key bound values (constants), NULL: open */
    Expr *hi_expr;
    bool lo_inclusive;
    bool hi_inclusive;
    bool pk_equal; /* lo == hi: at most one row */
    bool emit_key; /* SCAN: an extra last column holds each row's version key (bytea) */
    /* SERIES: args[0..nargs) */
    int nargs;
    Expr **args;
    /* VALUES */
    int nrows;
    Expr ***rows;
    /* AGG */
    int ngroup;
    Expr **group;
    int naggs;
    Expr **aggs;
    /* PROJECT */
    int nexprs;
    Expr **exprs;
    /* SORT */
    int nkeys;
    SortKey *keys;
    /* LIMIT */
    Expr *limit;
    Expr *offset;
    /* LOCKROWS: rel, qual (WHERE, re-checked on a newer version), exprs (the projection,
     * redone on a newer version), key_col (the child's column holding the version key) */
    int key_col;
    int row_lock;      /* RowLockMode */
    int row_lock_wait; /* LockWaitPolicy */
};

/* Plan the row source of a SELECT (or of UPDATE/DELETE: a scan of the target table). */
Plan *opt_plan_query(Query *q);
/* Human-readable plan for EXPLAIN (PostgreSQL's text format, without costs). */

#endif /* OAK_OPTIMIZER_PLAN_H */
