/*
 * executor.h
 *     Running plans (DESIGN.md §6): nodes pull rows from their children through
 *     open/next/close; expressions are evaluated over the child's row.
 *
 * Memory: every node has a per-row context, reset when the node produces its next row, so
 * a long scan runs in constant memory; a row handed up stays valid until the consumer asks
 * for the next one. Nodes that keep rows (sort, aggregation) copy them into their own
 * context. All contexts hang off the statement context, which the abort path frees.
 */
#ifndef OAK_EXECUTOR_EXECUTOR_H
#define OAK_EXECUTOR_EXECUTOR_H

#include "oak/optimizer/plan.h"
#include "oak/access/table.h"
#include "oak/access/xact.h"

typedef struct ExecNode ExecNode;

typedef struct ExecRow {
    int ncols;
    Datum *values;
    bool *nulls;
} ExecRow;

/*
 * Before running a plan with exec_start outside exec_select / exec_insert / exec_update /
 * exec_delete (which do it): subqueries will run with snap, and the results kept from
 * another statement's uncorrelated subqueries are forgotten.
 */
void exec_statement_begin(const Snapshot *snap);
ExecNode *exec_start(Plan *plan, const Snapshot *snap);
/* The next row, or NULL at the end. */
ExecRow *exec_next(ExecNode *node);
void exec_end(ExecNode *node);

/* Evaluate an expression over a row (row may be NULL for expressions without Vars). */
Datum exec_eval(Expr *e, const ExecRow *row, bool *isnull);
bool exec_eval_qual(Expr *qual, const ExecRow *row);

/* Run a whole statement; returns the row count for the command tag. */
uint64_t exec_select(Query *q, const Snapshot *snap);
/*
 * A SELECT run in steps (portals of the extended protocol): start (plan, RowDescription
 * unless Describe sent it, executor start), fetch up to max_rows rows (0: all) adding to
 * *count, true once no row is left, end.
 */
typedef struct ExecSelect ExecSelect;
ExecSelect *exec_select_start(Query *q, const Snapshot *snap);
bool exec_select_fetch(ExecSelect *es, uint64_t max_rows, uint64_t *count);
void exec_select_end(ExecSelect *es);
/* The visible result columns of a SELECT (for RowDescription); returns their count. */
struct ResultColumn;
int exec_result_columns(const Query *q, struct ResultColumn **cols);
uint64_t exec_insert(Query *q, const Snapshot *snap);
uint64_t exec_update(Query *q, const Snapshot *snap);
uint64_t exec_delete(Query *q, const Snapshot *snap);

/*
 * Row-at-a-time insertion (COPY FROM): columns not supplied get their DEFAULT; each row is
 * checked for NOT NULL, stored, and added to the table's indexes (23505 checks).
 */
typedef struct ExecInserter ExecInserter;
ExecInserter *exec_inserter_begin(RelDesc *rel, const Snapshot *snap, const bool *supplied);
void exec_inserter_row(ExecInserter *ins, Datum *values, bool *nulls);

/* Open the table scan of a SCAN plan node along its access path; NULL: no row can match. */
TblScan *exec_table_scan_begin(const Plan *p, const Snapshot *snap);

/*
 * A table's secondary indexes as the executor uses them (exec_index.c): expressions and
 * predicates analyzed for the current statement.
 */
typedef struct ExecIndexes ExecIndexes;
ExecIndexes *exec_indexes_open(RelDesc *rel);
/* The callback the table layer uses for index keys (vacuum, index build). */
const TblIndexer *exec_indexes_indexer(ExecIndexes *ei);
/* Key column k's expression of index x (NULL: a plain column), and its predicate. */
Expr *exec_index_key_expr(ExecIndexes *ei, int x, int k);
Expr *exec_index_pred(ExecIndexes *ei, int x);
/* Add the entries of a new row version to every index that covers it (23505 checks). */
void exec_indexes_insert(ExecIndexes *ei,
                         const Datum *values,
                         const bool *nulls,
                         const RowRef *version,
                         const Snapshot *snap);
/* "Key (cols)=(values) already exists." for index x and a row. */
char *exec_index_describe(ExecIndexes *ei, int x, const Datum *values, const bool *nulls);

/*
 * An expression as PostgreSQL's EXPLAIN and pg_get_indexdef print it (column names of
 * rel; top_parens: wrap an operator at the top in parentheses, as EXPLAIN's conditions).
 */
char *exec_deparse_expr(const Expr *e, const RelDesc *rel, bool top_parens);
/* The same with Var k printed as names[k] ("alias.column", EXPLAIN of joins). */
char *exec_deparse_expr_names(const Expr *e, char *const *names, bool top_parens);
/* The same in pretty mode: parentheses only where precedence needs them (pg_get_expr's). */
char *exec_deparse_expr_pretty(const Expr *e, const RelDesc *rel);
char *exec_deparse_expr_names_pretty(const Expr *e, char *const *names);

#endif /* OAK_EXECUTOR_EXECUTOR_H */
