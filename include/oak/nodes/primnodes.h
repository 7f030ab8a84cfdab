/*
 * primnodes.h
 *     Typed expression trees: what the analyzer produces from raw parse nodes and the
 *     executor evaluates. Every node has a result type (PostgreSQL type OID) and typmod,
 *     fixed at analysis; the executor never re-resolves anything.
 *
 * Vars reference a column of the row the node above hands in (attno, 0-based): with several
 * FROM items, the row that concatenates them in FROM order. The planner rewrites them when
 * a plan node changes the row shape (aggregation; a join's inputs, by a shift).
 */
#ifndef OAK_NODES_PRIMNODES_H
#define OAK_NODES_PRIMNODES_H

#include "oak/oak.h"
#include "oak/utils/fmgr.h"

typedef enum ExprKind {
    EXPR_CONST,
    EXPR_VAR,
    EXPR_FUNC,     /* function, operator or cast implemented by a built-in function */
    EXPR_CAST,     /* any other cast: adt_cast() (pg_cast function or I/O conversion) */
    EXPR_RELABEL,  /* binary-coercible cast: same bits, new type */
    EXPR_BOOL,     /* AND / OR / NOT with SQL's three-valued logic */
    EXPR_NULLTEST, /* IS [NOT] NULL */
    EXPR_BOOLTEST, /* IS [NOT] TRUE / FALSE / UNKNOWN */
    EXPR_COALESCE,
    EXPR_CASE,
    EXPR_AGGREF, /* aggregate call; replaced by a Var above the aggregation node */
    EXPR_NULLIF,
    EXPR_PARAM,      /* $n of a prepared statement: the value bound for this execution */
    EXPR_SUBLINK,    /* subquery in an expression: EXISTS, IN / ANY / ALL, scalar */
    EXPR_OUTERPARAM, /* inside a subquery: the value of its sublink's args[paramno] */
    /* Arrays (u.array; walkers treat all three as their args): */
    EXPR_ARRAY,     /* ARRAY[...]: args are the elements, or the sub-arrays if multidims */
    EXPR_SUBSCRIPT, /* arr[i][j] (args[0] the array, then one int4 per dimension), a slice, */
                    /* or the array with one element replaced (UPDATE ... SET a[i] = v) */
    EXPR_ARRAYOP,   /* lhs op ANY / ALL (array): args[0] lhs, args[1] the array */
} ExprKind;

typedef enum SubLinkKind {
    SUBLINK_EXISTS,
    SUBLINK_ANY, /* lhs op ANY (subquery), and IN */
    SUBLINK_ALL,
    SUBLINK_EXPR,  /* scalar: the one column of at most one row */
    SUBLINK_ARRAY, /* ARRAY(subquery): the one column of every row, as an array */
} SubLinkKind;

typedef enum BoolOp { BOOL_AND, BOOL_OR, BOOL_NOT } BoolOp;

/*
 * EXPR_COALESCE's variants: GREATEST / LEAST (the largest / smallest non-NULL argument by
 * the type's ordering; NULL only if all are). They walk like COALESCE (a list of
 * arguments of one type), so every tree walker handles them without a case of their own.
 */
enum { EXPR_MINMAX_NONE = 0, EXPR_MINMAX_GREATEST = 1, EXPR_MINMAX_LEAST = 2 };

typedef enum BoolTestKind {
    BT_IS_TRUE,
    BT_IS_NOT_TRUE,
    BT_IS_FALSE,
    BT_IS_NOT_FALSE,
    BT_IS_UNKNOWN,
    BT_IS_NOT_UNKNOWN,
} BoolTestKind;

struct ProcDesc;
struct AggDesc;
struct Query;
struct Plan;

typedef struct Expr Expr;

struct Expr {
    ExprKind kind;
    Oid type;
    int32_t typmod;
    int location; /* byte offset in the statement text, -1 if none */
    union {
        struct {
            Datum value;
            bool isnull;
        } c;
        struct {
            int attno; /* 0-based column of the input row */
        } var;
        struct {
            int paramid; /* 1-based: $1 is 1 */
        } param;
        struct {
            int paramno; /* index into the enclosing sublink's args */
        } outerparam;
        /*
         * A subquery. Columns of the enclosing query it references are args (expressions of
         * the enclosing query, evaluated over its row); inside the subquery they are
         * EXPR_OUTERPARAM. ANY / ALL compare lhs with each row's first column through
         * test, an operator over Var 0 (lhs) and Var 1 (the subquery's value).
         */
        struct {
            SubLinkKind kind;
            struct Query *query;
            struct Plan *plan;
            int nargs;
            Expr **args;
            Expr *lhs;
            Expr *test;
        } sublink;
        struct {
            const struct ProcDesc *proc;
            Oid opno; /* operator it came from, 0 if a plain call or cast */
            int nargs;
            Expr **args;
            bool retset; /* set-returning (only in FROM) */
        } func;
        struct {
            Expr *arg;
            Oid source;
            bool explicit_cast;
        } coerce; /* CAST, RELABEL */
        struct {
            BoolOp op;
            int nargs;
            Expr **args;
        } boolean;
        struct {
            Expr *arg;
            bool is_null; /* IS NULL (true) or IS NOT NULL */
        } nulltest;
        struct {
            Expr *arg;
            BoolTestKind test;
        } booltest;
        struct {
            int nargs;
            Expr **args;
            int minmax; /* EXPR_MINMAX_*: GREATEST / LEAST share COALESCE's shape */
        } coalesce;     /* also NULLIF (2 args, with eq_proc) */
        struct {
            Expr *arg; /* CASE arg WHEN ..., or NULL */
            int nwhen;
            Expr **conds; /* boolean, or equality against arg already built */
            Expr **results;
            Expr *defresult; /* never NULL: a NULL constant when absent */
        } casex;
        struct {
            const struct AggDesc *agg;
            Expr *arg; /* NULL for count(*) */
            bool distinct;
            int aggno; /* index among the query's aggregates */
            /* agg(x ORDER BY ...): only for aggregates with a trans_any step (array_agg) */
            int norder;
            Expr **order;
            bool *order_desc;
            bool *order_nulls_first;
        } aggref;
        struct {
            Expr *left;
            Expr *right;
            const struct ProcDesc *eq_proc;
        } nullif;
        /*
         * EXPR_ARRAY, EXPR_SUBSCRIPT, EXPR_ARRAYOP. A slice's args after the array are
         * (lower, upper) pairs, one per dimension; an omitted bound (a[:2]) is a NULL
         * constant with its bit set in omitted (bit k for args[1 + k]).
         */
        struct {
            int nargs;
            Expr **args;
            Oid elemtype;   /* ARRAY, SUBSCRIPT: the element type */
            bool multidims; /* ARRAY: the args are sub-arrays */
            bool slice;     /* SUBSCRIPT */
            bool assign;    /* SUBSCRIPT: a[i] = v (UPDATE SET): the last arg is v */
            uint32_t omitted;
            bool use_or;                 /* ARRAYOP: ANY (true) or ALL */
            const struct ProcDesc *proc; /* ARRAYOP: the operator's function */
            Oid opno;
        } array;
    } u;
};

Expr *expr_make_const(Oid type, int32_t typmod, Datum value, bool isnull, int location);
Expr *expr_make_var(int attno, Oid type, int32_t typmod);

/*
 * Parameters of the statement being analyzed (prepared statements): types[i] is $i+1's
 * type, 0 while unknown. With infer set, a $n beyond n grows the list and an unknown
 * parameter takes the type its context asks for (text where nothing asks), as in
 * PostgreSQL; analyze_check_params() then fails with 42P18 for one never used.
 */
typedef struct ParamTypes {
    int n;
    Oid *types;
    bool infer;
} ParamTypes;
extern ParamTypes *parse_param_types;

/*
 * The values bound for the current execution ($n is values[n-1]); NULL outside one. Set by
 * the engine around execution, read by the executor.
 */
typedef struct ParamValues {
    int n;
    Datum *values;
    bool *nulls;
    Oid *types;
} ParamValues;
extern ParamValues *exec_param_values;
/* Structural equality (same columns, operators and constants), for GROUP BY matching. */
bool expr_equal(const Expr *a, const Expr *b);

#endif /* OAK_NODES_PRIMNODES_H */
