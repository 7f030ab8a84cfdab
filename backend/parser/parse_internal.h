/*
 * parse_internal.h
 *     Private to backend/parser: the analysis state and the helpers shared by the
 *     statement (analyze.c), expression (parse_expr.c) and resolution (parse_oper.c) code.
 */
#ifndef OAK_PARSE_INTERNAL_H
#define OAK_PARSE_INTERNAL_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "oak/parser/analyze.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

/* What names in an expression can refer to. */
typedef struct ParseState {
    const char *sql;
    RelDesc *rel;          /* FROM table (or UPDATE/DELETE target), or NULL */
    const char *rel_alias; /* name the table is referred to by */
    const char *func_col;  /* FROM function: its one output column name */
    Oid func_col_type;
    const char *func_alias;
    bool allow_aggs;
    bool in_agg;           /* inside an aggregate's argument */
    int naggs;
    Expr **aggs;
    int aggs_cap;
    const char *expr_kind; /* "WHERE", "VALUES", ... for error messages */
} ParseState;

Expr *parse_expr(ParseState *ps, Node *node);
/* Coerce to a type in a context ('i', 'a', 'e'); NULL if impossible (caller reports). */
Expr *parse_coerce(ParseState *ps, Expr *e, Oid target, int32_t typmod, char context,
                   int location);
/* Coerce for assignment to a column, raising 42804 when impossible. */
Expr *parse_coerce_to_column(ParseState *ps, Expr *e, const AttDesc *att, int location);
/* Coerce to boolean for WHERE/HAVING/AND/OR/NOT, raising 42804 naming the clause. */
Expr *parse_coerce_bool(ParseState *ps, Expr *e, const char *clause);
/* Unify several expressions to one type (CASE, COALESCE, VALUES columns): 42804 if none. */
Oid parse_common_type(ParseState *ps, Expr **exprs, int n, const char *context);

Expr *parse_make_op(ParseState *ps, const char *name, Expr *left, Expr *right, int location);
Expr *parse_make_func(ParseState *ps, const char *name, Expr **args, int nargs, int location);

/* Raise with a statement position (location is 0-based, -1 for none). */
int parse_errposition(int location);

char *parse_type_display(Oid type);
const char *parse_str(Node *n); /* String node's text */

#endif /* OAK_PARSE_INTERNAL_H */
