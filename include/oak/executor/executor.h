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
#include "oak/access/xact.h"

typedef struct ExecNode ExecNode;

typedef struct ExecRow {
    int ncols;
    Datum *values;
    bool *nulls;
} ExecRow;

ExecNode *exec_start(Plan *plan, const Snapshot *snap);
/* The next row, or NULL at the end. */
ExecRow *exec_next(ExecNode *node);
void exec_end(ExecNode *node);

/* Evaluate an expression over a row (row may be NULL for expressions without Vars). */
Datum exec_eval(Expr *e, const ExecRow *row, bool *isnull);
bool exec_eval_qual(Expr *qual, const ExecRow *row);

/* Run a whole statement; returns the row count for the command tag. */
uint64_t exec_select(Query *q, const Snapshot *snap);
uint64_t exec_insert(Query *q, const Snapshot *snap);
uint64_t exec_update(Query *q, const Snapshot *snap);
uint64_t exec_delete(Query *q, const Snapshot *snap);

#endif /* OAK_EXECUTOR_EXECUTOR_H */
