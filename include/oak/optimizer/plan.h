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
    PLAN_FUNCSCAN, /* a function in FROM (set-returning or not), WITH ORDINALITY */
    PLAN_VALUES,   /* rows of expressions evaluated without input (INSERT ... VALUES) */
    PLAN_FILTER,
    PLAN_AGG, /* hash aggregation: output = group values then aggregate results */
    PLAN_PROJECT,
    PLAN_SORT,
    PLAN_LIMIT,
    PLAN_LOCKROWS,       /* SELECT ... FOR UPDATE / SHARE: lock each row the query returns */
    PLAN_NESTLOOP,       /* join: child (outer) x inner, rows = outer's columns then inner's */
    PLAN_HASHJOIN,       /* NESTLOOP's rows, pairs found through a hash table on the inner keys */
    PLAN_APPEND,         /* children's rows one child after another (UNION ALL) */
    PLAN_SETOP,          /* INTERSECT / EXCEPT [ALL] of child and inner (exec_setop.c) */
    PLAN_UNIQUE,         /* first row of each run of equal keys (DISTINCT ON over a sort) */
    PLAN_PROJECTSET,     /* child's columns then set-returning calls, in lockstep (exec_srf.c) */
    PLAN_RECURSIVEUNION, /* WITH RECURSIVE: child's rows, then inner's run over and over */
    PLAN_WORKTABLESCAN,  /* the rows of the enclosing RECURSIVEUNION's previous round */
    PLAN_CTEROOT,        /* child's rows; owns the shared stores of its query's CTEs */
    PLAN_CTESCAN,        /* the rows of a shared CTE (exec_cte.c) */
    PLAN_LATERALFUNC,    /* child's rows, each joined with the rows of func over it */
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
    Expr *qual; /* SCAN, FILTER, FUNCSCAN */
    /*
     * SCAN access path: the table in primary-key order (index_no -1) or secondary index
     * rel->indexes[index_no]. The leading nkeyeq key columns equal keyeq[i] (constants),
     * then the next key column lies in [lo_expr, hi_expr] (in value order; NULL: open).
     * The whole WHERE clause stays the scan's qual, so a path only narrows what is read.
     */
    RelDesc *rel;
    int index_no;
    int nkeyeq;
    Expr **keyeq;
    Expr *lo_expr;
    Expr *hi_expr;
    bool lo_inclusive;
    bool hi_inclusive;
    bool key_ordered; /* chosen for its order (ORDER BY): EXPLAIN shows an Index Scan */
    int nindex_conds; /* EXPLAIN: the conjuncts the path uses, column on the left */
    Expr **index_conds;
    int nfilter; /* EXPLAIN: the other conjuncts */
    Expr **filter;
    bool emit_key; /* SCAN: an extra last column holds each row's version key (bytea) */
    /* FUNCSCAN: the call; with ordinality its row has a bigint column after the value.
     * LATERALFUNC: the same, func's arguments over child's row; its row is child's
     * columns then the function's; jointype (INNER / LEFT), qual, post_qual as NESTLOOP,
     * and filter[0..nfilter) over the function's own row (they decide matches too;
     * EXPLAIN prints them under the Function Scan with func_col_names) */
    char **func_col_names;
    Expr *func;
    bool ordinality;
    /* APPEND: children[0..nchildren) */
    int nchildren;
    Plan **children;
    /* SETOP: op (SETOP_INTERSECT / SETOP_EXCEPT) and all; child is the left input, inner
     * the right one */
    int setop;
    bool setop_all;
    /* RECURSIVEUNION (child: non-recursive term, inner: recursive term; setop_all) and
     * WORKTABLESCAN (with qual): the SetOpNode identifying the recursion */
    const void *worktable;
    /* CTESCAN (with qual): its CTE; CTEROOT: the shared CTEs it computes */
    CteInfo *cte;
    int nctes;
    CteInfo **ctes;
    /* PROJECTSET: exprs (set-returning calls over the child's row; nexprs of them) */
    /* VALUES */
    int nrows;
    Expr ***rows;
    /* AGG */
    int ngroup;
    Expr **group;
    Expr **group_display; /* EXPLAIN: DISTINCT's keys as the query's expressions, or NULL */
    char **group_names;   /* EXPLAIN: UNION's keys by name ("t.a"), or NULL */
    /* EXPLAIN: the query an AGG or SORT belongs to (its keys and HAVING are printed from
     * it), when not the statement's own (a subquery, a set operation's leaf) */
    const struct Query *query;
    int naggs;
    Expr **aggs;
    /* PROJECT */
    int nexprs;
    Expr **exprs;
    /* SORT, UNIQUE (keys[i].col are the columns compared) */
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
    /* NESTLOOP: inner input, join type, qual = join condition (decides matches, so outer
     * joins null-extend rows it rejects), post_qual = filter on the joined rows (WHERE
     * conjuncts that must see the null-extended rows) */
    Plan *inner;
    JoinType jointype;
    Expr *post_qual;
    /* HASHJOIN: outer_keys[i] (over the outer row) = inner_keys[i] (over the inner row);
     * qual holds the join's other conditions */
    int nhashkeys;
    Expr **outer_keys;
    Expr **inner_keys;
    Expr **hash_conds; /* EXPLAIN: the equalities, over the joined row */
    /* EXPLAIN: "alias.column" for each output column of joins and scans under them, and
     * the name a scan's table is referred to by */
    char **col_names;
    const char *alias;
};

/*
 * Choose scan's access path for q (opt_path.c); true when it returns rows in the order of
 * q's ORDER BY.
 */
bool opt_choose_path(Plan *scan, Query *q);
/*
 * Replace immutable function calls over constants by their value, in place (PostgreSQL's
 * constant folding, so "col > 2900" on a numeric column compares with a numeric constant).
 */
Expr *opt_fold_consts(Expr *e);
/* FROM_JOIN: the join tree with each WHERE conjunct at the lowest node it can go (opt_join.c). */
Plan *opt_plan_join(Query *q);
/* A SCAN node for table rel with qual where, access path chosen (planner.c). */
Plan *opt_plan_scan(RelDesc *rel, Expr *where);
/* Set operations, VALUES, functions, ProjectSet, DISTINCT (opt_setop.c). */
Plan *opt_plan_setop(Query *q);
Plan *opt_plan_values(Query *q);
Plan *opt_plan_funcscan(Expr *func, bool ordinality, Expr *qual);
Plan *opt_plan_worktable(const RangeTblEntry *rte, Expr *qual);
/* A CTE Scan of a shared CTE (planning the CTE itself once), and q's CTE root above p. */
Plan *opt_plan_ctescan(const RangeTblEntry *rte, Expr *qual);
Plan *opt_plan_cte_root(Query *q, Plan *p);
/*
 * A ProjectSet over child running the set-returning calls found in exprs[0..n), which
 * are rewritten in place to read the calls' values from the ProjectSet's row.
 */
Plan *opt_plan_project_set(Plan *child, Expr **exprs, int n);
/* DISTINCT over the projection proj (all of q's targets). */
Plan *opt_plan_distinct(Query *q, Plan *proj);
/* DISTINCT ON: the first row of each group of q's distinct_on targets (child is sorted). */
Plan *opt_plan_unique(Query *q, Plan *child);
/* Plan the row source of a SELECT (or of UPDATE/DELETE: a scan of the target table). */
Plan *opt_plan_query(Query *q);
/* EXPLAIN: the plan in PostgreSQL's text format, one line per row (cmd_explain.c). */

#endif /* OAK_OPTIMIZER_PLAN_H */
