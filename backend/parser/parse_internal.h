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
#include "oak/utils/array.h"

typedef PgQuery__Node Node;

/* What names in an expression can refer to. */
typedef struct ParseState {
    const char *sql;
    RelDesc *rel;          /* UPDATE/DELETE target or stored expressions' table, or NULL */
    const char *rel_alias; /* name the table is referred to by */
    bool excluded;         /* ON CONFLICT DO UPDATE: "excluded.c" is rel's column c of the
                            * proposed row, Var natts + c */
    bool allow_aggs;
    bool in_agg;             /* inside an aggregate's argument */
    bool allow_srf;          /* set-returning calls allowed here (SELECT list, FROM) */
    const char *srf_blocker; /* "CASE" / "COALESCE" while their arguments are analyzed */
    int naggs;
    Expr **aggs;
    int aggs_cap;
    const char *expr_kind; /* "WHERE", "VALUES", ... for error messages */
    /* SELECT's FROM clause (parse_from.c); ns_root is what names can see (the join whose ON
     * condition is being analyzed, else the whole tree) */
    int nrtes;
    RangeTblEntry *rtes;
    FromNode *ns_root;
    FromNode *lateral_left; /* the FROM items left of the one being analyzed, or NULL */
    /* In a subquery: the enclosing query's state and the sublink that collects outer
     * references (parse_sublink.c) */
    struct ParseState *parent;
    Expr *sublink;
    bool reads_rel; /* an expression read a column of rel (UPDATE/DELETE need SELECT) */
} ParseState;

/*
 * Privileges the statement needs (analyze.c): each relation it reads or writes is noted
 * with the rights it needs, in range-table order, and checked once the whole statement is
 * analyzed, as PostgreSQL checks them when the executor starts (42501 "permission denied
 * for table t"). A schema named explicitly is checked for USAGE at once (with position).
 */
void parse_require_privilege(RelDesc *rel, uint32_t mask);
/*
 * Whose privileges parse_require_privilege notes: INVALID_OID for the current user; a
 * view's owner while the view's query is analyzed (its tables are read with the owner's
 * rights, as in PostgreSQL).
 */
extern Oid parse_privilege_role;
/* The schema of a qualified name, checked for USAGE; INVALID_OID if there is none. */
Oid parse_schema_with_usage(const char *schema, int location);

/* FROM clause (parse_from.c): fills q's range table and join tree and ps's namespace. */
void parse_from_clause(ParseState *ps, Query *q, Node **items, int nitems);
/*
 * A column of this query level by optional table name; NULL if there is none (*no_table set
 * when the table name matches no entry). Raises 42702 for an ambiguous name.
 */
Expr *
parse_from_column(ParseState *ps, const char *table, const char *col, int loc, bool *no_table);
/* 42P01 "invalid reference to FROM-clause entry" when table is a relation under an alias. */
void parse_from_check_alias_hint(ParseState *ps, const char *table, int loc);
/* Whether an unqualified name is a column of some FROM entry. */
bool parse_from_has_column(ParseState *ps, const char *col);
/* SELECT * (table NULL) or table.*: the expressions and names, count returned. */
int parse_from_star(ParseState *ps, const char *table, int loc, Expr ***exprs, char ***names);
/* The table and column names of a Var of this level (error messages). */
void parse_from_var_names(ParseState *ps, int attno, const char **tab, const char **col);
/* The table column a Var reads directly (RowDescription), or 0. */
Oid parse_from_var_table(ParseState *ps, int attno, int16_t *attnum);

/* Subqueries (parse_sublink.c). */
Expr *parse_sublink(ParseState *ps, PgQuery__SubLink *sl);
/* A reference from a subquery to a column of an enclosing query (expr of parent level). */
Expr *parse_outer_ref(ParseState *ps, Expr *outer);
/* analyze.c: a SELECT nested in another statement (parent: the enclosing level or NULL). */
Query *
analyze_subselect(PgQuery__SelectStmt *s, const char *sql, ParseState *parent, Expr *sublink);

/*
 * analyze.c: a leaf of UNION / INTERSECT / EXCEPT; its unknown-typed literal outputs stay
 * unknown, for the set operation to resolve (parse_setop.c).
 */
Query *
analyze_setop_leaf(PgQuery__SelectStmt *s, const char *sql, ParseState *parent, Expr *sublink);
/* analyze.c: LIMIT / OFFSET expression coerced to bigint (NULL n: none). */
Expr *analyze_limit(ParseState *ps, Node *n, const char *clause);
/* analyze.c: a target entry appended to q (cap: the array's capacity). */
void analyze_add_target(Query *q, Expr *e, const char *name, bool junk, int *cap);

/*
 * Set operations and VALUES (parse_setop.c): the Query of a SELECT whose op is UNION /
 * INTERSECT / EXCEPT, and of a VALUES list, with their ORDER BY / LIMIT / OFFSET.
 */
Query *parse_setop_query(ParseState *ps, PgQuery__SelectStmt *s);
Query *parse_values_query(ParseState *ps, PgQuery__SelectStmt *s);
/*
 * WITH RECURSIVE (parse_setop.c): the union node of a recursive CTE over its analyzed
 * non-recursive term, then the CTE's query once the recursive term is analyzed.
 */
SetOpNode *parse_setop_recursive_node(Query *left, bool all);
Query *parse_setop_recursive(
    ParseState *ps, PgQuery__SelectStmt *body, SetOpNode *node, Query *right, const char *ctename);
/*
 * 42883 unless values of type can be compared for equality (hashed: UNION, DISTINCT,
 * GROUP BY) and, with ordering, sorted (DISTINCT ON).
 */
void parse_check_equality(Oid type, bool ordering, int location);
/* The leftmost position of a raw expression (where PostgreSQL's carets point), or -1. */
int parse_raw_location(Node *n);
/* ORDER BY of a result known only by its output columns (set operations, VALUES). */
void parse_output_sort(ParseState *ps, Query *q, PgQuery__SelectStmt *s, bool setop);

/*
 * WITH (parse_cte.c): the CTEs of a query are pushed on a statement-wide scope stack
 * while the query is analyzed; a table name without schema is looked up there first.
 */
int parse_cte_push(ParseState *ps, PgQuery__WithClause *w);
void parse_cte_pop(int mark);
/* Forget every scope (start of a statement, after an error). */
void parse_cte_reset(void);
/* Whether name is a CTE in scope that cannot be referenced here yet (a later sibling). */
bool parse_cte_hidden(const char *name);
/*
 * The CTE named name visible here, or NULL; *colnames gets its column names and
 * *worktable the recursive union when this is a recursive CTE's self-reference.
 */
Query *parse_cte_find(ParseState *ps,
                      const char *name,
                      char ***colnames,
                      int loc,
                      SetOpNode **worktable,
                      CteInfo **info);
/* The CteInfos of the scope pushed at mark (the query's own WITH), count returned. */
int parse_cte_collect(int mark, CteInfo ***out);

/* The first set-returning call in e (not looking into subqueries), or NULL. */
Expr *parse_find_srf(Expr *e);

/* A view's stored SELECT, analyzed as a subquery of FROM (parse_view.c). */
Query *parse_view_query(RelDesc *view);

Expr *parse_expr(ParseState *ps, Node *node);
/* Coerce to a type in a context ('i', 'a', 'e'); NULL if impossible (caller reports). */
Expr *parse_coerce(ParseState *ps, Expr *e, Oid target, int32_t typmod, char context, int location);
/* Coerce for assignment to a column, raising 42804 when impossible. */
Expr *parse_coerce_to_column(ParseState *ps, Expr *e, const AttDesc *att, int location);
/* Coerce to boolean for WHERE/HAVING/AND/OR/NOT, raising 42804 naming the clause. */
Expr *parse_coerce_bool(ParseState *ps, Expr *e, const char *clause);
/* Unify several expressions to one type (CASE, COALESCE, VALUES columns): 42804 if none. */
Oid parse_common_type(ParseState *ps, Expr **exprs, int n, const char *context);

Expr *parse_make_op(ParseState *ps, const char *name, Expr *left, Expr *right, int location);
Expr *parse_make_func(ParseState *ps, const char *name, Expr **args, int nargs, int location);
typedef const ProcDesc *(*ParseProcIter)(const char *name, const ProcDesc *prev);
Expr *parse_make_func_among(ParseState *ps,
                            ParseProcIter next_by_name,
                            const char *name,
                            const char *display,
                            Expr **args,
                            int nargs,
                            int location);
/* parse_record.c: information_schema.f(...) calls and field selection (expr).field */
bool parse_infoschema_visible(const char *name);
Expr *parse_infoschema_call(
    ParseState *ps, const char *name, bool qualified, Expr **args, int nargs, int location);
Expr *parse_field_select(ParseState *ps, Expr *rec, const char *field, int location);
bool parse_is_record_star(Node *val);
int parse_record_star(ParseState *ps, PgQuery__AIndirection *ind, Expr ***exprs, char ***names);

/* Arrays (parse_array.c). target: the array type a cast above asks for, else 0. */
Expr *parse_array_expr(ParseState *ps, PgQuery__AArrayExpr *a, Oid target);
Expr *parse_indirection(ParseState *ps, PgQuery__AIndirection *ind);
Expr *
parse_array_op(ParseState *ps, const char *op, Node *lnode, Node *rnode, bool use_or, int location);
/* UPDATE ... SET col[i] = value: col's array (current) with the element replaced. */
Expr *parse_array_assign(ParseState *ps,
                         Expr *current,
                         const AttDesc *att,
                         Node **ind,
                         int n,
                         Expr *value,
                         int location);
/* x [NOT] IN (list), with PostgreSQL's = ANY (ARRAY[...]) form for the constant items. */
Expr *parse_in_list(ParseState *ps, Node *lnode, PgQuery__List *list, bool negate, int location);
/*
 * Resolve polymorphic declared types decl[] against input types in[] (UNKNOWNOID for
 * unknown) and the declared result type: actual[] gets the concrete type for each
 * argument, *ret the result type. false when the inputs are inconsistent; with report,
 * errors (42804 all-unknown, 42704 no array type) are raised instead of returning.
 */
bool parse_poly_resolve(
    int nargs, const Oid *decl, const Oid *in, Oid ret_decl, bool report, Oid *actual, Oid *ret);

/* Raise with a statement position (location is 0-based, -1 for none). */
int parse_errposition(int location);

char *parse_type_display(Oid type);
const char *parse_str(Node *n); /* String node's text */

#endif /* OAK_PARSE_INTERNAL_H */
