/*
 * analyze.h
 *     From libpg_query's raw parse tree to OakDB's typed Query (DESIGN.md §6): names
 *     resolved through the catalog, every expression typed, implicit casts inserted by
 *     PostgreSQL's rules, operators and functions resolved from the built-in tables.
 */
#ifndef OAK_PARSER_ANALYZE_H
#define OAK_PARSER_ANALYZE_H

#include "oak/oak.h"
#include "oak/catalog/catalog.h"
#include "oak/nodes/primnodes.h"

typedef enum CmdType { CMD_SELECT, CMD_INSERT, CMD_UPDATE, CMD_DELETE, CMD_UTILITY } CmdType;

typedef struct TargetEntry {
    Expr *expr;
    char *name;
    bool junk;     /* computed for ORDER BY only, not returned */
    Oid table_oid; /* RowDescription: source table and column when a plain column */
    int16_t table_attnum;
} TargetEntry;

typedef struct SortItem {
    int target; /* index into targets */
    bool desc;
    bool nulls_first;
} SortItem;

/*
 * FROM_TABLE and FROM_FUNCTION: a single table or function (rel, func). FROM_JOIN:
 * anything else (several items, joins, subqueries): rtes and jointree. Either way a Var's
 * attno is a column of the row that concatenates the range table entries in FROM order.
 * FROM_VALUES: a VALUES list (values_rows, values_width columns); FROM_SETOP: UNION /
 * INTERSECT / EXCEPT (setop); for both, a Var's attno is a column of their result row.
 */
typedef enum FromKind {
    FROM_NONE,
    FROM_TABLE,
    FROM_FUNCTION,
    FROM_JOIN,
    FROM_VALUES,
    FROM_SETOP
} FromKind;

typedef enum SetOpKind { SETOP_UNION, SETOP_INTERSECT, SETOP_EXCEPT } SetOpKind;

/*
 * A set operation tree (parse_setop.c). A leaf is a query whose first ncols targets are
 * its columns (junk ones follow); a node combines its children's columns, each child's
 * converted to the node's column types by conv (expressions over the child's row, Var i
 * = column i; NULL when the child's types are the node's already).
 */
typedef struct SetOpNode {
    struct Query *leaf; /* NULL for an operation */
    SetOpKind op;
    bool all;
    struct SetOpNode *left;
    struct SetOpNode *right;
    int ncols;
    Oid *coltypes;
    int32_t *coltypmods;
    Expr **conv;    /* this node's row as its parent's column types, or NULL */
    bool recursive; /* WITH RECURSIVE: right reads the rows so far through a worktable */
    int location;   /* the first column's position in the statement, for errors */
} SetOpNode;

/*
 * A WITH query (parse_cte.c): its analyzed query, how often the statement references it,
 * and whether it is computed once for all references (a CTE Scan over a shared store:
 * referenced more than once, MATERIALIZED, or recursive) rather than planned inline per
 * reference. plan is the planner's, filled once.
 */
typedef struct CteInfo {
    char *name;
    struct Query *query;
    int refs;
    int materialized; /* 0: default, 1: MATERIALIZED, 2: NOT MATERIALIZED */
    bool recursive;
    struct Plan *plan;
} CteInfo;

/* RTE_WORKTABLE: a recursive CTE's self-reference inside its recursive term. */
typedef enum RteKind { RTE_TABLE, RTE_FUNCTION, RTE_SUBQUERY, RTE_WORKTABLE } RteKind;

typedef struct RangeTblEntry {
    RteKind kind;
    char *alias;                 /* the name columns are qualified with */
    RelDesc *rel;                /* RTE_TABLE */
    Expr *func;                  /* RTE_FUNCTION: the function call (set-returning or not) */
    bool ordinality;             /* RTE_FUNCTION WITH ORDINALITY: a bigint column follows */
    bool lateral;                /* RTE_FUNCTION whose arguments read FROM items to its left */
    struct Query *subquery;      /* RTE_SUBQUERY */
    struct SetOpNode *worktable; /* RTE_WORKTABLE: the recursive union it reads from */
    CteInfo *cte;                /* RTE_SUBQUERY over a WITH query: the CTE */
    int offset;                  /* first column in the concatenated row */
    int ncols;
    char **colnames; /* NULL: not referable (a subquery's junk column) */
    Oid *coltypes;
    int32_t *coltypmods;
} RangeTblEntry;

typedef enum JoinType { JOIN_INNER, JOIN_LEFT, JOIN_RIGHT, JOIN_FULL } JoinType;

/*
 * The join tree: a leaf names a range table entry; a join covers the contiguous columns
 * [first_col, first_col + ncols) of the concatenated row (left's, then right's). Comma
 * lists are inner joins without a condition.
 */
typedef struct FromNode {
    bool is_join;
    int rtindex; /* leaf */
    JoinType jointype;
    struct FromNode *left;
    struct FromNode *right;
    Expr *quals; /* ON / USING condition, Vars in concatenated-row positions; NULL: none */
    int first_col;
    int ncols;
    int nusing; /* USING / NATURAL: the merged columns */
    char **using_names;
    Expr **using_exprs;
} FromNode;

typedef enum OnConflictAction {
    ONCONFLICT_NONE,
    ONCONFLICT_NOTHING,
    ONCONFLICT_UPDATE,
} OnConflictAction;

typedef struct Query {
    CmdType cmd;
    /* The single FROM item (or the target table of UPDATE/DELETE). */
    FromKind from_kind;
    RelDesc *rel;
    Expr *func; /* FROM_FUNCTION: the function call */
    bool func_ordinality;
    char *func_colname;
    SetOpNode *setop; /* FROM_SETOP */
    int nctes;        /* the WITH queries this query declares */
    CteInfo **ctes;
    int values_width; /* FROM_VALUES: columns of each of values_rows */
    int nrtes;
    RangeTblEntry *rtes;
    FromNode *jointree;
    Expr *where;
    int ntargets;
    TargetEntry *targets;
    int ngroup;
    Expr **group;
    int naggs;
    Expr **aggs; /* EXPR_AGGREF nodes, aggno = index */
    Expr *having;
    bool has_aggs;
    bool has_srfs; /* a target calls a set-returning function (planner: ProjectSet) */
    /* DISTINCT (all visible targets) or DISTINCT ON (distinct_on: target indexes) */
    bool distinct;
    int ndistinct_on;
    int *distinct_on;
    int nsort;
    SortItem *sort;
    Expr *limit;
    Expr *offset;
    /* INSERT */
    RelDesc *target_rel;
    int ninsert_cols;
    int *insert_attnos; /* 0-based column for each supplied value */
    int nvalues_rows;
    Expr ***values_rows;    /* each row: ninsert_cols expressions, coerced to the columns */
    struct Query *source;   /* INSERT ... SELECT: targets coerced to the columns */
    Expr **column_defaults; /* per column of target_rel: DEFAULT expression or NULL */
    /* INSERT / UPDATE / DELETE ... RETURNING: expressions over the target table's row
     * (the new row; DELETE: the old one), sent like a SELECT's targets */
    int nreturning;
    TargetEntry *returning;
    /* INSERT ... ON CONFLICT on the primary key: what to do with a row whose key exists;
     * DO UPDATE's SET (nset, set_attnos, set_exprs below) and WHERE read the existing row
     * as columns 0..natts-1 and EXCLUDED (the proposed row) as natts..2*natts-1 */
    OnConflictAction on_conflict;
    Expr *conflict_where;
    /* UPDATE: per set column */
    int nset;
    int *set_attnos;
    Expr **set_exprs;
    /* SELECT ... FOR UPDATE / SHARE: RowLockMode (0: none), LockWaitPolicy, and the junk
     * target holding each row's version key (the scan emits it as an extra column). */
    int row_lock;
    int row_lock_wait;
    int row_key_target;
    /* Statement text for utility commands */
    void *utility; /* raw PgQuery__Node * */
} Query;

/* Whether a CTE is computed once and shared by its references (CteInfo). */
bool analyze_cte_is_shared(const CteInfo *cte);

/* Analyze one raw statement (a PgQuery__Node *). */
Query *analyze_statement(void *raw_stmt, const char *sql);

/*
 * An argument of EXECUTE (a raw PgQuery__Node * of the statement text sql) coerced to
 * parameter paramno's type for assignment: 42804 if it cannot be.
 */
Expr *analyze_param_arg(void *node, const char *sql, Oid type, int paramno);

/* Analyze a stand-alone expression over a relation's row (column DEFAULT expressions). */
Expr *analyze_default_expr(const char *sql, Oid target_type, int32_t typmod, const char *colname);

/*
 * Analyze stored index expressions ("e1, e2") or an index predicate (one boolean
 * expression) over rel's row; 42P17 if a function in them is not immutable. Returns the
 * count, expressions in *out.
 */
int analyze_rel_exprs(RelDesc *rel, const char *sql_list, bool predicate, Expr ***out);

/* SQL text of a raw statement (a PgQuery__Node *), or NULL if it cannot be deparsed. */
char *analyze_deparse_statement(void *stmt);
/* SQL text of a raw expression (a PgQuery__Node *), or NULL if it cannot be deparsed. */
char *analyze_deparse_expr(void *expr);

/* A view's stored SELECT, parsed and analyzed again (parse_view.c). */
Query *parse_view_query(RelDesc *view);

/* Column col's DEFAULT expression analyzed (a NULL constant when it has none). */
Expr *analyze_column_default(RelDesc *rel, int col);

/* Type name resolution shared with CREATE TABLE: raises 42704 for unknown types. */
void analyze_type_name(void *type_name, Oid *type, int32_t *typmod);

#endif /* OAK_PARSER_ANALYZE_H */
