/*
 * parse_expr.c
 *     Raw expression nodes to typed Expr trees: constants, column references, operators,
 *     boolean logic, NULL tests, casts, CASE, COALESCE, NULLIF, IN lists, BETWEEN,
 *     function and aggregate calls.
 */
#include "oak/oak.h"

#include <errno.h>
#include <stdlib.h>

#include "parse_internal.h"

Expr *
expr_make_const(Oid type, int32_t typmod, Datum value, bool isnull, int location)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_CONST;
    e->type = type;
    e->typmod = typmod;
    e->location = location;
    e->u.c.value = value;
    e->u.c.isnull = isnull;
    return e;
}

Expr *
expr_make_var(int attno, Oid type, int32_t typmod)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_VAR;
    e->type = type;
    e->typmod = typmod;
    e->location = -1;
    e->u.var.attno = attno;
    return e;
}

bool
expr_equal(const Expr *a, const Expr *b)
{
    if (a->kind != b->kind || a->type != b->type)
        return false;
    switch (a->kind) {
    case EXPR_VAR:
        return a->u.var.attno == b->u.var.attno;
    case EXPR_PARAM:
        return a->u.param.paramid == b->u.param.paramid;
    case EXPR_OUTERPARAM:
        return a->u.outerparam.paramno == b->u.outerparam.paramno;
    case EXPR_CONST:
        if (a->u.c.isnull || b->u.c.isnull)
            return a->u.c.isnull == b->u.c.isnull;
        return adt_type(a->type) && adt_type(a->type)->compare &&
               adt_type(a->type)->compare(a->u.c.value, b->u.c.value) == 0;
    case EXPR_FUNC:
        if (a->u.func.proc != b->u.func.proc || a->u.func.nargs != b->u.func.nargs)
            return false;
        for (int i = 0; i < a->u.func.nargs; i++)
            if (!expr_equal(a->u.func.args[i], b->u.func.args[i]))
                return false;
        return true;
    case EXPR_CAST:
    case EXPR_RELABEL:
        return expr_equal(a->u.coerce.arg, b->u.coerce.arg);
    case EXPR_WINDOWFUNC:
        /* The same call over the same window (ORDER BY rank() OVER w names the target). */
        if (a->u.winfunc.fnoid != b->u.winfunc.fnoid ||
            a->u.winfunc.winref != b->u.winfunc.winref || a->u.winfunc.nargs != b->u.winfunc.nargs)
            return false;
        for (int i = 0; i < a->u.winfunc.nargs; i++)
            if (!expr_equal(a->u.winfunc.args[i], b->u.winfunc.args[i]))
                return false;
        if (a->u.winfunc.filter == NULL || b->u.winfunc.filter == NULL)
            return a->u.winfunc.filter == b->u.winfunc.filter;
        return expr_equal(a->u.winfunc.filter, b->u.winfunc.filter);
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        if (a->u.array.nargs != b->u.array.nargs || a->u.array.slice != b->u.array.slice ||
            a->u.array.omitted != b->u.array.omitted || a->u.array.proc != b->u.array.proc ||
            a->u.array.use_or != b->u.array.use_or)
            return false;
        for (int i = 0; i < a->u.array.nargs; i++)
            if (!expr_equal(a->u.array.args[i], b->u.array.args[i]))
                return false;
        return true;
    case EXPR_AGGREF:
        /* The same aggregate of the same argument (ORDER BY count(*) names count(*)). */
        if (a->u.aggref.agg != b->u.aggref.agg || a->u.aggref.distinct != b->u.aggref.distinct)
            return false;
        if (a->u.aggref.arg == NULL || b->u.aggref.arg == NULL)
            return a->u.aggref.arg == b->u.aggref.arg;
        if (a->u.aggref.norder != b->u.aggref.norder)
            return false;
        for (int i = 0; i < a->u.aggref.norder; i++)
            if (!expr_equal(a->u.aggref.order[i], b->u.aggref.order[i]) ||
                a->u.aggref.order_desc[i] != b->u.aggref.order_desc[i] ||
                a->u.aggref.order_nulls_first[i] != b->u.aggref.order_nulls_first[i])
                return false;
        return expr_equal(a->u.aggref.arg, b->u.aggref.arg);
    default:
        return false;
    }
}

const char *
parse_str(Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_STRING)
        return n->string->sval;
    return "";
}

static Expr *
parse_const(ParseState *ps, PgQuery__AConst *c)
{
    int loc = c->location;
    (void)ps;
    if (c->isnull)
        return expr_make_const(UNKNOWNOID, -1, 0, true, loc);
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        return expr_make_const(INT4OID, -1, int32_datum(c->ival->ival), false, loc);
    case PG_QUERY__A__CONST__VAL_FVAL: {
        const char *s = c->fval->fval;
        /* An integer literal too big for int4 arrives here: int8 if it fits, else numeric. */
        bool integral = s[strspn(s, "0123456789-")] == '\0';
        if (integral) {
            errno = 0;
            char *end;
            long long v = strtoll(s, &end, 10);
            /* "-2147483648" arrives here too and is an int4, as in PostgreSQL. */
            if (errno == 0 && *end == '\0' && v >= INT32_MIN && v <= INT32_MAX)
                return expr_make_const(INT4OID, -1, int32_datum((int32_t)v), false, loc);
            if (errno == 0 && *end == '\0')
                return expr_make_const(INT8OID, -1, int64_datum(v), false, loc);
        }
        return expr_make_const(NUMERICOID, -1, adt_numeric_from_cstr(s), false, loc);
    }
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        return expr_make_const(BOOLOID, -1, bool_datum(c->boolval->boolval), false, loc);
    case PG_QUERY__A__CONST__VAL_SVAL:
        return expr_make_const(UNKNOWNOID,
                               -1,
                               ptr_datum(text_from_cstr(c->sval->sval)),
                               false,
                               loc);
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("bit-string literals are not supported yet"),
                parse_errposition(loc));
    }
}

/*
 * A column of this query level: the FROM namespace of a SELECT, else the single relation
 * of UPDATE / DELETE / stored expressions (rel). NULL if none; *no_table when the qualifier names
 * no FROM entry.
 */
static Expr *
parse_column_here(ParseState *ps, const char *table, const char *col, int loc, bool *no_table)
{
    if (ps->ns_root != NULL || ps->nrtes > 0)
        return parse_from_column(ps, table, col, loc, no_table);
    if (table != NULL && ps->excluded && ps->rel != NULL && strcmp(table, "excluded") == 0) {
        for (int i = 0; i < ps->rel->natts; i++)
            if (strcmp(ps->rel->atts[i].name, col) == 0) {
                Expr *v = expr_make_var(ps->rel->natts + i,
                                        ps->rel->atts[i].type,
                                        ps->rel->atts[i].typmod);
                v->location = loc;
                return v;
            }
        return NULL;
    }
    if (table != NULL) {
        if (ps->rel == NULL || strcmp(ps->rel_alias, table) != 0) {
            *no_table = true;
            return NULL;
        }
    }
    if (ps->rel) {
        for (int i = 0; i < ps->rel->natts; i++)
            if (strcmp(ps->rel->atts[i].name, col) == 0) {
                /* EXCLUDED has the same columns: a bare name could be either row's. */
                if (table == NULL && ps->excluded)
                    ereport(ERROR,
                            err_code(SQLSTATE_AMBIGUOUS_COLUMN),
                            err_msg("column reference \"%s\" is ambiguous", col),
                            parse_errposition(loc));
                Expr *v = expr_make_var(i, ps->rel->atts[i].type, ps->rel->atts[i].typmod);
                v->location = loc;
                ps->reads_rel = true;
                return v;
            }
    }
    return NULL;
}

/* This level, then the enclosing queries' (an outer reference). */
static Expr *
parse_column_lookup(ParseState *ps, const char *table, const char *col, int loc, bool *no_table)
{
    bool here_no_table = false;
    Expr *e = parse_column_here(ps, table, col, loc, &here_no_table);
    if (e != NULL)
        return e;
    if (ps->parent != NULL) {
        bool outer_no_table = false;
        Expr *o = parse_column_lookup(ps->parent, table, col, loc, &outer_no_table);
        if (o != NULL)
            return parse_outer_ref(ps, o);
        *no_table = here_no_table && outer_no_table;
        return NULL;
    }
    *no_table = here_no_table;
    return NULL;
}

static Expr *
parse_column_ref(ParseState *ps, PgQuery__ColumnRef *cr)
{
    int loc = cr->location;
    const char *table = NULL;
    const char *col;

    if (cr->n_fields == 1 && cr->fields[0]->node_case == PG_QUERY__NODE__NODE_A_STAR)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("* is not allowed here"),
                parse_errposition(loc));
    if (cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("row expressions (* in an expression) are not supported yet"),
                parse_errposition(loc));
    if (cr->n_fields == 1) {
        col = parse_str(cr->fields[0]);
    } else if (cr->n_fields == 2) {
        table = parse_str(cr->fields[0]);
        col = parse_str(cr->fields[1]);
    } else {
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("qualified column references with more than two parts are not "
                        "supported yet"),
                parse_errposition(loc));
    }
    bool no_table = false;
    Expr *e = parse_column_lookup(ps, table, col, loc, &no_table);
    if (e != NULL)
        return e;
    if (no_table)
        parse_from_check_alias_hint(ps, table, loc);
    if (no_table)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("missing FROM-clause entry for table \"%s\"", table),
                parse_errposition(loc));
    if (table)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_COLUMN),
                err_msg("column %s.%s does not exist", table, col),
                parse_errposition(loc));
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_COLUMN),
            err_msg("column \"%s\" does not exist", col),
            parse_errposition(loc));
}

static const char *
parse_op_name(size_t n, Node **names)
{
    /* OPERATOR(pg_catalog.+) arrives as two names: keep the operator itself. */
    return parse_str(names[n - 1]);
}

static Expr *
parse_bool_node(BoolOp op, Expr **args, int nargs, int location)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_BOOL;
    e->type = BOOLOID;
    e->typmod = -1;
    e->location = location;
    e->u.boolean.op = op;
    e->u.boolean.nargs = nargs;
    e->u.boolean.args = args;
    return e;
}

static Expr *
parse_not(Expr *e)
{
    Expr **args = mcx_alloc(sizeof(Expr *));
    args[0] = e;
    return parse_bool_node(BOOL_NOT, args, 1, e->location);
}

static Expr *
parse_and_or(BoolOp op, Expr *a, Expr *b, int location)
{
    Expr **args = mcx_alloc(sizeof(Expr *) * 2);
    args[0] = a;
    args[1] = b;
    return parse_bool_node(op, args, 2, location);
}

static Expr *
parse_a_expr(ParseState *ps, PgQuery__AExpr *a)
{
    int loc = a->location;
    const char *op = a->n_name ? parse_op_name(a->n_name, a->name) : "";

    switch (a->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
        Expr *l = a->lexpr ? parse_expr(ps, a->lexpr) : NULL;
        Expr *r = parse_expr(ps, a->rexpr);
        return parse_make_op(ps, op, l, r, loc);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
        /* a IS DISTINCT FROM b == NOT (a = b) with NULLs compared as values. */
        Expr *l = parse_expr(ps, a->lexpr);
        Expr *r = parse_expr(ps, a->rexpr);
        Expr *eq = parse_make_op(ps, "=", l, r, loc);
        Expr *ln = mcx_alloc0(sizeof *ln);
        ln->kind = EXPR_NULLTEST;
        ln->type = BOOLOID;
        ln->u.nulltest.arg = l;
        ln->u.nulltest.is_null = true;
        Expr *rn = mcx_alloc0(sizeof *rn);
        *rn = *ln;
        rn->u.nulltest.arg = r;
        Expr *bt = mcx_alloc0(sizeof *bt);
        bt->kind = EXPR_BOOLTEST;
        bt->type = BOOLOID;
        bt->u.booltest.arg = eq;
        bt->u.booltest.test = BT_IS_TRUE;
        /* not distinct: (both null) or (neither null and equal) */
        Expr *both = parse_and_or(BOOL_AND, ln, rn, loc);
        Expr *same = parse_and_or(BOOL_OR, both, bt, loc);
        Expr *neither = parse_and_or(BOOL_AND, parse_not(ln), parse_not(rn), loc);
        same = parse_and_or(BOOL_OR, both, parse_and_or(BOOL_AND, neither, bt, loc), loc);
        return a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT ? parse_not(same) : same;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        Expr *l = parse_expr(ps, a->lexpr);
        Expr *r = parse_expr(ps, a->rexpr);
        Expr *eq = parse_make_op(ps, "=", l, r, loc);
        Expr *e = mcx_alloc0(sizeof *e);
        e->kind = EXPR_NULLIF;
        e->type = eq->u.func.args[0]->type;
        e->typmod = -1;
        e->location = loc;
        e->u.nullif.left = eq->u.func.args[0];
        e->u.nullif.right = eq->u.func.args[1];
        e->u.nullif.eq_proc = eq->u.func.proc;
        return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        return parse_in_list(ps, a->lexpr, a->rexpr->list, strcmp(op, "<>") == 0, loc);
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: {
        Expr *x = parse_expr(ps, a->lexpr);
        PgQuery__List *list = a->rexpr->list;
        Expr *lo = parse_expr(ps, list->items[0]);
        Expr *hi = parse_expr(ps, list->items[1]);
        if (a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN)
            return parse_and_or(BOOL_AND,
                                parse_make_op(ps, ">=", x, lo, loc),
                                parse_make_op(ps, "<=", x, hi, loc),
                                loc);
        return parse_and_or(BOOL_OR,
                            parse_make_op(ps, "<", x, lo, loc),
                            parse_make_op(ps, ">", x, hi, loc),
                            loc);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
        return parse_array_op(ps,
                              op,
                              a->lexpr,
                              a->rexpr,
                              a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY,
                              loc);
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
        Expr *l = parse_expr(ps, a->lexpr);
        Expr *r = parse_expr(ps, a->rexpr);
        return parse_make_op(ps, op, l, r, loc);
    }
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this kind of operator expression is not supported yet"),
                parse_errposition(loc));
    }
}

static Expr *
parse_bool_expr(ParseState *ps, PgQuery__BoolExpr *b)
{
    BoolOp op = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? BOOL_AND
                : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? BOOL_OR
                                                                 : BOOL_NOT;
    const char *clause = op == BOOL_AND ? "AND" : op == BOOL_OR ? "OR" : "NOT";
    int n = (int)b->n_args;
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)n);
    for (int i = 0; i < n; i++)
        args[i] = parse_coerce_bool(ps, parse_expr(ps, b->args[i]), clause);
    return parse_bool_node(op, args, n, b->location);
}

void
analyze_type_name(void *type_name, Oid *type, int32_t *typmod)
{
    PgQuery__TypeName *tn = type_name;
    const char *name = parse_str(tn->names[tn->n_names - 1]);
    const TypeDesc *t = adt_type_by_name(name);
    /* The grammar turns "interval", "timestamp" etc. into pg_catalog names; keep them. */
    if (t == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("type \"%s\" does not exist", name),
                parse_errposition(tn->location));
    *type = t->oid;
    *typmod = -1;
    if (tn->n_typmods > 0) {
        int32_t args[4];
        int n = 0;
        for (size_t i = 0; i < tn->n_typmods && n < 4; i++) {
            Node *m = tn->typmods[i];
            if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL)
                args[n++] = m->a_const->ival->ival;
            else
                ereport(ERROR,
                        err_code(SQLSTATE_SYNTAX_ERROR),
                        err_msg("type modifiers must be simple constants or identifiers"),
                        parse_errposition(tn->location));
        }
        *typmod = adt_typmod_from_args(t->oid, args, n);
    }
    /* int[], int[3][4]: the array type of the element type (bounds are not enforced). */
    if (tn->n_array_bounds > 0 && t->category != 'A') {
        Oid arr = adt_array_type_of(t->oid);
        if (arr == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("type \"%s[]\" does not exist", name),
                    parse_errposition(tn->location));
        *type = arr;
    }
}

static Expr *
parse_type_cast(ParseState *ps, PgQuery__TypeCast *tc)
{
    Oid type;
    int32_t typmod;
    analyze_type_name(tc->type_name, &type, &typmod);
    /* ARRAY[...]::t[]: the elements are cast to t (and ARRAY[]::t[] is an empty t[]). */
    Expr *arg = tc->arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && adt_type_is_array(type)
                    ? parse_array_expr(ps, tc->arg->a_array_expr, type)
                    : parse_expr(ps, tc->arg);
    int loc = tc->location;
    /* PostgreSQL reports a bad literal at the literal, other cast failures at the cast. */
    Expr *r = parse_coerce(ps,
                           arg,
                           type,
                           typmod,
                           ADT_CAST_EXPLICIT,
                           arg->kind == EXPR_CONST ? arg->location : loc);
    if (r == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_CANNOT_COERCE),
                err_msg("cannot cast type %s to %s",
                        parse_type_display(arg->type),
                        parse_type_display(type)),
                parse_errposition(loc));
    if (r == arg && typmod >= 0)
        r->typmod = typmod;
    return r;
}

static Expr *
parse_case(ParseState *ps, PgQuery__CaseExpr *c)
{
    int n = (int)c->n_args;
    Expr *arg = c->arg ? parse_expr(ps, c->arg) : NULL;
    Expr **results = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    Expr **conds = mcx_alloc(sizeof(Expr *) * (size_t)n);

    for (int i = 0; i < n; i++) {
        PgQuery__CaseWhen *w = c->args[i]->case_when;
        Expr *cond = parse_expr(ps, w->expr);
        if (arg)
            cond = parse_make_op(ps, "=", arg, cond, w->location);
        conds[i] = parse_coerce_bool(ps, cond, "CASE/WHEN");
        results[i] = parse_expr(ps, w->result);
    }
    results[n] =
        c->defresult ? parse_expr(ps, c->defresult) : expr_make_const(UNKNOWNOID, -1, 0, true, -1);
    Oid t = parse_common_type(ps, results, n + 1, "CASE");
    for (int i = 0; i <= n; i++)
        results[i] = parse_coerce(ps, results[i], t, -1, ADT_CAST_IMPLICIT, results[i]->location);
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_CASE;
    e->type = t;
    e->typmod = -1;
    e->location = c->location;
    e->u.casex.arg = NULL;
    e->u.casex.nwhen = n;
    e->u.casex.conds = conds;
    e->u.casex.results = results;
    e->u.casex.defresult = results[n];
    return e;
}

static Expr *
parse_coalesce(ParseState *ps, PgQuery__CoalesceExpr *c)
{
    int n = (int)c->n_args;
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)n);
    const char *saved_blocker = ps->srf_blocker;
    ps->srf_blocker = "COALESCE";
    for (int i = 0; i < n; i++)
        args[i] = parse_expr(ps, c->args[i]);
    ps->srf_blocker = saved_blocker;
    Oid t = parse_common_type(ps, args, n, "COALESCE");
    for (int i = 0; i < n; i++)
        args[i] = parse_coerce(ps, args[i], t, -1, ADT_CAST_IMPLICIT, args[i]->location);
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_COALESCE;
    e->type = t;
    e->typmod = -1;
    e->location = c->location;
    e->u.coalesce.nargs = n;
    e->u.coalesce.args = args;
    return e;
}

/* GREATEST / LEAST: one common type (42804 otherwise) that has an ordering (42883). */
static Expr *
parse_minmax(ParseState *ps, PgQuery__MinMaxExpr *m)
{
    const char *what = m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "GREATEST" : "LEAST";
    int n = (int)m->n_args;
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        args[i] = parse_expr(ps, m->args[i]);
    Oid t = parse_common_type(ps, args, n, what);
    const TypeDesc *td = adt_type(t);
    if (td == NULL || td->compare == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("could not identify a comparison function for type %s",
                        parse_type_display(t)),
                parse_errposition(m->location));
    for (int i = 0; i < n; i++)
        args[i] = parse_coerce(ps, args[i], t, -1, ADT_CAST_IMPLICIT, args[i]->location);
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_COALESCE;
    e->type = t;
    e->typmod = -1;
    e->location = m->location;
    e->u.coalesce.nargs = n;
    e->u.coalesce.args = args;
    e->u.coalesce.minmax =
        m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? EXPR_MINMAX_GREATEST : EXPR_MINMAX_LEAST;
    return e;
}

static void
parse_agg_order(ParseState *ps, Expr *agg, Node **items, int n)
{
    agg->u.aggref.norder = n;
    agg->u.aggref.order = mcx_alloc(sizeof(Expr *) * (size_t)n);
    agg->u.aggref.order_desc = mcx_alloc(sizeof(bool) * (size_t)n);
    agg->u.aggref.order_nulls_first = mcx_alloc(sizeof(bool) * (size_t)n);
    ps->in_agg = true;
    for (int i = 0; i < n; i++) {
        PgQuery__SortBy *sb = items[i]->sort_by;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("ORDER BY ... USING is not supported yet"),
                    parse_errposition(sb->location));
        Expr *e = parse_expr(ps, sb->node);
        if (e->type == UNKNOWNOID)
            e = parse_coerce(ps, e, TEXTOID, -1, ADT_CAST_IMPLICIT, e->location);
        const TypeDesc *td = adt_type(e->type);
        if (td == NULL || td->key_encode == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("could not identify an ordering operator for type %s",
                            parse_type_display(e->type)),
                    parse_errposition(e->location));
        bool desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        agg->u.aggref.order[i] = e;
        agg->u.aggref.order_desc[i] = desc;
        agg->u.aggref.order_nulls_first[i] =
            sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ||
            (sb->sortby_nulls != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST && desc);
    }
    ps->in_agg = false;
}

/*
 * An aggregate call's function and argument resolved, as an EXPR_AGGREF not yet counted
 * among the query's aggregates (a window aggregate is not one). ps->in_agg is set while
 * the argument is analyzed unless it is a window call's (ps->in_winfunc).
 */
Expr *
parse_agg_resolve(ParseState *ps, PgQuery__FuncCall *fc, const char *name)
{
    int loc = fc->location;
    bool window = ps->in_winfunc;
    Expr *arg = NULL;
    const AggDesc *agg;
    bool object_agg = strcmp(name, "json_object_agg") == 0 || strcmp(name, "jsonb_object_agg") == 0;
    if (object_agg && fc->n_args == 2 && !fc->agg_star) {
        /* json(b)_object_agg(key, value): the aggregate takes the pair rendered as one JSON
         * member by an internal function (its only two-argument aggregates) */
        ps->in_agg = true;
        Expr **kv = mcx_alloc(sizeof(Expr *) * 2);
        for (int i = 0; i < 2; i++) {
            kv[i] = parse_expr(ps, fc->args[i]);
            if (kv[i]->type == UNKNOWNOID)
                kv[i] = parse_coerce(ps, kv[i], TEXTOID, -1, ADT_CAST_IMPLICIT, kv[i]->location);
        }
        ps->in_agg = false;
        arg = mcx_alloc0(sizeof *arg);
        arg->kind = EXPR_FUNC;
        arg->type = TEXTOID;
        arg->typmod = -1;
        arg->location = loc;
        arg->u.func.proc = adt_json_object_member_proc();
        arg->u.func.nargs = 2;
        arg->u.func.args = kv;
        agg = adt_agg_find(name, TEXTOID);
    } else if (object_agg) {
        Oid in[2] = {0, 0};
        for (size_t i = 0; i < fc->n_args && i < 2; i++)
            in[i] = parse_expr(ps, fc->args[i])->type;
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("function %s(%s) does not exist",
                        name,
                        fc->n_args == 1 ? parse_type_display(in[0]) : ""),
                err_hint("No function matches the given name and argument types. You might "
                         "need to add explicit type casts."),
                parse_errposition(loc));
    } else if (fc->agg_star) {
        agg = adt_agg_find(name, 0);
    } else {
        if (fc->n_args != 1)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("aggregates with %d arguments are not supported yet", (int)fc->n_args),
                    parse_errposition(loc));
        ps->in_agg = !window;
        arg = parse_expr(ps, fc->args[0]);
        ps->in_agg = false;
        Oid at = arg->type == UNKNOWNOID ? TEXTOID : arg->type;
        agg = adt_agg_find(name, at);
        if (agg == NULL) {
            /* Implicit casts, preferring the same category, as for functions. */
            const AggDesc *best = NULL;
            int npoly = 0;
            for (int i = 0; i < adt_naggs; i++) {
                const AggDesc *c = &adt_aggs[i];
                if (strcmp(c->name, name) != 0 || c->argtype == 0)
                    continue;
                /* array_agg: anynonarray takes scalars, anyarray arrays; unknown is both */
                bool arr_cand = c->argtype == ANYNONARRAYOID || c->argtype == ANYARRAYOID;
                if (arr_cand && arg->type == UNKNOWNOID)
                    npoly++;
                if (arr_cand ? (c->argtype == ANYARRAYOID) == adt_type_is_array(at)
                             : c->argtype == ANYOID || c->argtype == ANYELEMENTOID ||
                                   adt_can_cast(at, c->argtype, ADT_CAST_IMPLICIT)) {
                    const TypeDesc *td = adt_type(c->argtype);
                    if (best == NULL || (td && td->preferred))
                        best = c;
                }
            }
            if (npoly > 1)
                ereport(ERROR,
                        err_code(SQLSTATE_AMBIGUOUS_FUNCTION),
                        err_msg("function %s(unknown) is not unique", name),
                        err_hint("Could not choose a best candidate function. You might need to "
                                 "add explicit type casts."),
                        parse_errposition(loc));
            agg = best;
        }
        if (agg == NULL) {
            Oid in[1] = {arg->type};
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("function %s(%s) does not exist", name, parse_type_display(in[0])),
                    err_hint("No function matches the given name and argument types. You might "
                             "need to add explicit type casts."),
                    parse_errposition(loc));
        }
        if (agg->argtype != ANYOID && agg->argtype != ANYELEMENTOID &&
            agg->argtype != ANYNONARRAYOID && agg->argtype != ANYARRAYOID)
            arg = parse_coerce(ps, arg, agg->argtype, -1, ADT_CAST_IMPLICIT, arg->location);
    }
    if (agg == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("function %s(*) does not exist", name),
                parse_errposition(loc));
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_AGGREF;
    e->type = agg->rettype;
    if ((e->type == ANYELEMENTOID || e->type == ANYOID) && arg)
        e->type = arg->type;
    if (e->type == ANYARRAYOID && arg) {
        /* array_agg: an array of the input, or of the input's element type for arrays */
        e->type = agg->argtype == ANYARRAYOID ? arg->type : adt_array_type_of(arg->type);
        if (e->type == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("could not find array type for data type %s",
                            parse_type_display(arg->type)),
                    parse_errposition(loc));
    }
    e->typmod = -1;
    e->location = loc;
    e->u.aggref.agg = agg;
    e->u.aggref.arg = arg;
    e->u.aggref.distinct = fc->agg_distinct;
    return e;
}

static Expr *
parse_agg_call(ParseState *ps, PgQuery__FuncCall *fc, const char *name)
{
    int loc = fc->location;
    if (!ps->allow_aggs)
        ereport(ERROR,
                err_code(SQLSTATE_GROUPING_ERROR),
                err_msg("aggregate functions are not allowed in %s", ps->expr_kind),
                parse_errposition(loc));
    if (ps->in_agg)
        ereport(ERROR,
                err_code(SQLSTATE_GROUPING_ERROR),
                err_msg("aggregate function calls cannot be nested"),
                parse_errposition(loc));
    bool in_winfunc = ps->in_winfunc; /* sum(x) inside sum(sum(x)) OVER (): a plain one */
    ps->in_winfunc = false;
    Expr *e = parse_agg_resolve(ps, fc, name);
    ps->in_winfunc = in_winfunc;
    const AggDesc *agg = e->u.aggref.agg;
    /*
     * ORDER BY matters only to aggregates that keep their inputs in order (array_agg); for
     * the others (count, sum, min, max, avg) the order cannot change the result.
     */
    /* json(b)_agg and json(b)_object_agg keep their inputs in arrival order: ORDER BY is 0A000. */
    bool order_unsupported = fc->n_agg_order > 0 && agg->trans_any != NULL &&
                             (agg->aggfnoid == 3175 || agg->aggfnoid == 3267 ||
                              agg->aggfnoid == 3197 || agg->aggfnoid == 3270);
    if (fc->n_agg_order > 0 && agg->trans_any != NULL && !order_unsupported)
        parse_agg_order(ps, e, fc->agg_order, (int)fc->n_agg_order);
    if (fc->agg_distinct)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("DISTINCT in aggregates is not supported yet"),
                parse_errposition(loc));
    if (fc->agg_filter != NULL || order_unsupported)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg(fc->agg_filter != NULL ? "FILTER in aggregates is not supported yet"
                                               : "ORDER BY in aggregates is not supported yet"),
                parse_errposition(loc));
    if (ps->naggs == ps->aggs_cap) {
        ps->aggs_cap = ps->aggs_cap ? ps->aggs_cap * 2 : 8;
        ps->aggs = mcx_realloc(ps->aggs, sizeof(Expr *) * (size_t)ps->aggs_cap);
    }
    e->u.aggref.aggno = ps->naggs;
    ps->aggs[ps->naggs++] = e;
    return e;
}

bool
parse_is_agg_name(const char *name)
{
    for (int i = 0; i < adt_naggs; i++)
        if (strcmp(adt_aggs[i].name, name) == 0)
            return true;
    return false;
}

static void parse_check_srf(ParseState *ps, Expr *e);

/*
 * string_agg(value, delimiter) over text: analyzed as
 * array_to_string(array_agg(value::text [ORDER BY ...]), COALESCE(delimiter, '')), which
 * gives the same text (NULL values skipped, NULL for no rows, a NULL delimiter adds
 * nothing). The delimiter is evaluated outside the aggregate, so it must not depend on
 * ungrouped columns; string_agg(bytea, bytea) is left out (0A000).
 */
static Expr *
parse_string_agg(ParseState *ps, PgQuery__FuncCall *fc)
{
    int loc = fc->location;
    if (fc->n_args != 2) {
        int n = (int)fc->n_args;
        Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(n ? n : 1));
        for (int i = 0; i < n; i++)
            args[i] = parse_expr(ps, fc->args[i]);
        return parse_make_func(ps, "string_agg", args, n, loc); /* 42883, PostgreSQL's text */
    }
    PgQuery__String aname = PG_QUERY__STRING__INIT;
    aname.sval = "array_agg";
    PgQuery__Node aname_node = PG_QUERY__NODE__INIT;
    aname_node.node_case = PG_QUERY__NODE__NODE_STRING;
    aname_node.string = &aname;
    PgQuery__Node *funcname[1] = {&aname_node};
    PgQuery__FuncCall call = *fc;
    call.n_funcname = 1;
    call.funcname = funcname;
    call.n_args = 1;
    Expr *agg = parse_agg_call(ps, &call, "array_agg");
    Expr *value = agg->u.aggref.arg;
    Expr *delim = parse_expr(ps, fc->args[1]);
    Oid vt = value->type == UNKNOWNOID ? TEXTOID : value->type;
    Oid dt = delim->type == UNKNOWNOID ? TEXTOID : delim->type;
    if (vt == BYTEAOID && dt == BYTEAOID)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("string_agg(bytea, bytea) is not supported yet"),
                parse_errposition(loc));
    if (!adt_can_cast(vt, TEXTOID, ADT_CAST_IMPLICIT) ||
        !adt_can_cast(dt, TEXTOID, ADT_CAST_IMPLICIT))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("function string_agg(%s, %s) does not exist",
                        parse_type_display(value->type),
                        parse_type_display(delim->type)),
                err_hint("No function matches the given name and argument types. You might need "
                         "to add explicit type casts."),
                parse_errposition(loc));
    agg->u.aggref.arg = parse_coerce(ps, value, TEXTOID, -1, ADT_CAST_IMPLICIT, value->location);
    agg->type = TEXTARRAYOID;
    Expr **cargs = mcx_alloc(sizeof(Expr *) * 2);
    cargs[0] = parse_coerce(ps, delim, TEXTOID, -1, ADT_CAST_IMPLICIT, delim->location);
    cargs[1] = expr_make_const(TEXTOID, -1, ptr_datum(text_from_cstr("")), false, loc);
    Expr *coalesce = mcx_alloc0(sizeof *coalesce);
    coalesce->kind = EXPR_COALESCE;
    coalesce->type = TEXTOID;
    coalesce->typmod = -1;
    coalesce->location = loc;
    coalesce->u.coalesce.nargs = 2;
    coalesce->u.coalesce.args = cargs;
    Expr **args = mcx_alloc(sizeof(Expr *) * 2);
    args[0] = agg;
    args[1] = coalesce;
    return parse_make_func(ps, "array_to_string", args, 2, loc);
}

static Expr *
parse_func_call(ParseState *ps, PgQuery__FuncCall *fc)
{
    const char *name = parse_str(fc->funcname[fc->n_funcname - 1]);
    bool infoschema =
        fc->n_funcname == 2 && strcmp(parse_str(fc->funcname[0]), "information_schema") == 0;
    if (fc->n_funcname == 2 && !infoschema && strcmp(parse_str(fc->funcname[0]), "pg_catalog") != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                err_msg("schema \"%s\" does not exist", parse_str(fc->funcname[0])),
                parse_errposition(fc->location));
    if (fc->over)
        return parse_window_call(ps, fc, name);
    if (!fc->agg_star && !parse_is_agg_name(name) && parse_is_window_name(name))
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("window function %s requires an OVER clause", name),
                parse_errposition(fc->location));
    if (!infoschema && (fc->agg_star || parse_is_agg_name(name)))
        return parse_agg_call(ps, fc, name);
    if (strcmp(name, "string_agg") == 0)
        return parse_string_agg(ps, fc);
    int n = (int)fc->n_args;
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++)
        args[i] = parse_expr(ps, fc->args[i]);
    Expr *e;
    if (infoschema || (fc->n_funcname == 1 && parse_infoschema_visible(name)))
        e = parse_infoschema_call(ps, name, infoschema, args, n, fc->location);
    else
        e = parse_make_func(ps, name, args, n, fc->location);
    if (e->kind == EXPR_FUNC && e->u.func.proc->retset)
        parse_check_srf(ps, e);
    return e;
}

/*
 * A set-returning call is allowed in the SELECT list and in FROM, not inside CASE or
 * COALESCE (their lazy evaluation cannot run a set in lockstep), not in an aggregate's
 * argument, and not as another set-returning call's argument (nested sets: left out).
 */
static void
parse_check_srf(ParseState *ps, Expr *e)
{
    e->u.func.retset = true;
    if (ps->srf_blocker != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("set-returning functions are not allowed in %s", ps->srf_blocker),
                err_hint("You might be able to move the set-returning function into a LATERAL "
                         "FROM item."),
                parse_errposition(e->location));
    if (ps->in_agg)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("aggregate function calls cannot contain set-returning function calls"),
                err_hint("You might be able to move the set-returning function into a LATERAL "
                         "FROM item."),
                parse_errposition(e->location));
    if (!ps->allow_srf)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("set-returning functions are not allowed in %s", ps->expr_kind),
                parse_errposition(e->location));
    for (int i = 0; i < e->u.func.nargs; i++)
        if (parse_find_srf(e->u.func.args[i]) != NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("set-returning functions as arguments of set-returning functions are "
                            "not supported yet"),
                    parse_errposition(e->location));
}

static Expr *
parse_find_srf_in(Expr **args, int n)
{
    for (int i = 0; i < n; i++) {
        Expr *f = parse_find_srf(args[i]);
        if (f != NULL)
            return f;
    }
    return NULL;
}

Expr *
parse_find_srf(Expr *e)
{
    if (e == NULL)
        return NULL;
    switch (e->kind) {
    case EXPR_FUNC:
        if (e->u.func.retset)
            return e;
        return parse_find_srf_in(e->u.func.args, e->u.func.nargs);
    case EXPR_CAST:
    case EXPR_RELABEL:
        return parse_find_srf(e->u.coerce.arg);
    case EXPR_BOOL:
        return parse_find_srf_in(e->u.boolean.args, e->u.boolean.nargs);
    case EXPR_NULLTEST:
        return parse_find_srf(e->u.nulltest.arg);
    case EXPR_BOOLTEST:
        return parse_find_srf(e->u.booltest.arg);
    case EXPR_NULLIF: {
        Expr *f = parse_find_srf(e->u.nullif.left);
        return f ? f : parse_find_srf(e->u.nullif.right);
    }
    case EXPR_SUBLINK:
        if (e->u.sublink.lhs != NULL)
            return parse_find_srf(e->u.sublink.lhs);
        return NULL;
    case EXPR_COALESCE:
        /* COALESCE refuses set-returning arguments; GREATEST / LEAST take them. */
        return parse_find_srf_in(e->u.coalesce.args, e->u.coalesce.nargs);
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        return parse_find_srf_in(e->u.array.args, e->u.array.nargs);
    default:
        /* CASE refuses set-returning arguments; the rest have no arguments. */
        return NULL;
    }
}

static Expr *
parse_null_test(ParseState *ps, PgQuery__NullTest *nt)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_NULLTEST;
    e->type = BOOLOID;
    e->typmod = -1;
    e->location = nt->location;
    e->u.nulltest.arg = parse_expr(ps, nt->arg);
    e->u.nulltest.is_null = nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL;
    return e;
}

static Expr *
parse_bool_test(ParseState *ps, PgQuery__BooleanTest *bt)
{
    static const BoolTestKind map[] = {BT_IS_TRUE,
                                       BT_IS_TRUE,
                                       BT_IS_NOT_TRUE,
                                       BT_IS_FALSE,
                                       BT_IS_NOT_FALSE,
                                       BT_IS_UNKNOWN,
                                       BT_IS_NOT_UNKNOWN};
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_BOOLTEST;
    e->type = BOOLOID;
    e->typmod = -1;
    e->location = bt->location;
    const char *clause = "IS TRUE";
    e->u.booltest.arg = parse_coerce_bool(ps, parse_expr(ps, bt->arg), clause);
    e->u.booltest.test = map[bt->booltesttype <= 6 ? bt->booltesttype : 0];
    return e;
}

/* A date/time SQL value function's constant, rounded to its precision (CURRENT_TIMESTAMP(2)). */
static Expr *
parse_time_const(Oid type, Datum value, const PgQuery__SQLValueFunction *f)
{
    bool with_precision = f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N ||
                          f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N ||
                          f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N ||
                          f->op == PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N;
    int32_t typmod = with_precision ? f->typmod : -1;
    if (typmod >= 0)
        value = adt_cast(value, type, type, typmod, false);
    return expr_make_const(type, typmod, value, false, f->location);
}

/*
 * CURRENT_USER, SESSION_USER, CURRENT_CATALOG, CURRENT_SCHEMA, CURRENT_TIMESTAMP and the
 * like: constants for the statement (the role and database cannot change inside one, and
 * CURRENT_TIMESTAMP is the transaction's start, as in PostgreSQL).
 */
static Expr *
parse_sql_value_function(ParseState *ps, PgQuery__SQLValueFunction *f)
{
    const char *name = NULL;
    (void)ps;
    switch (f->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
        name = cat_role_name(cat_my_role);
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
        name = cat_role_name(cat_session_role);
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
        name = cat_database_name(cat_my_db);
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
        name = "public";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
        return parse_time_const(TIMESTAMPTZOID, int64_datum(adt_xact_start_timestamp), f);
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
        return parse_time_const(TIMESTAMPOID, int64_datum(adt_xact_start_timestamp), f);
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
        return parse_time_const(
            DATEOID,
            adt_cast(int64_datum(adt_xact_start_timestamp), TIMESTAMPOID, DATEOID, -1, false),
            f);
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
        return parse_time_const(
            TIMEOID,
            adt_cast(int64_datum(adt_xact_start_timestamp), TIMESTAMPOID, TIMEOID, -1, false),
            f);
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
        return parse_time_const(
            TIMETZOID,
            adt_cast(int64_datum(adt_xact_start_timestamp), TIMESTAMPTZOID, TIMETZOID, -1, false),
            f);
    default:
        elog_internal("unknown SQL value function %d", (int)f->op);
    }
    return expr_make_const(NAMEOID,
                           -1,
                           ptr_datum(text_from_cstr(name ? name : "")),
                           false,
                           f->location);
}

ParamTypes *parse_param_types;

/*
 * expr COLLATE name: strings compare by bytes here (the C collation), so the collations
 * that mean that ("default", "C", "POSIX", "ucs_basic") leave the expression as it is;
 * any other is 42704, as PostgreSQL says for a collation it does not have.
 */
static Expr *
parse_collate(ParseState *ps, PgQuery__CollateClause *cc)
{
    const char *name = cc->n_collname > 0 ? parse_str(cc->collname[cc->n_collname - 1]) : "";
    if (strcmp(name, "default") != 0 && strcmp(name, "C") != 0 && strcmp(name, "POSIX") != 0 &&
        strcmp(name, "ucs_basic") != 0)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("collation \"%s\" for encoding \"UTF8\" does not exist", name),
                parse_errposition(cc->location));
    return parse_expr(ps, cc->arg);
}

static Expr *
parse_param_ref(PgQuery__ParamRef *pr)
{
    ParamTypes *pt = parse_param_types;
    int k = pr->number;
    if (pt == NULL || k < 1 || (k > pt->n && !pt->infer))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_PARAMETER),
                err_msg("there is no parameter $%d", k),
                parse_errposition(pr->location));
    if (k > pt->n) {
        Oid *grown = mcx_alloc0(sizeof(Oid) * (size_t)k);
        if (pt->n > 0)
            memcpy(grown, pt->types, sizeof(Oid) * (size_t)pt->n);
        pt->types = grown;
        pt->n = k;
    }
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_PARAM;
    e->type = pt->types[k - 1] != 0 ? pt->types[k - 1] : UNKNOWNOID;
    e->typmod = -1;
    e->location = pr->location;
    e->u.param.paramid = k;
    return e;
}

Expr *
parse_expr(ParseState *ps, Node *node)
{
    switch (node->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return parse_const(ps, node->a_const);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return parse_column_ref(ps, node->column_ref);
    case PG_QUERY__NODE__NODE_A_EXPR:
        return parse_a_expr(ps, node->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        return parse_bool_expr(ps, node->bool_expr);
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return parse_type_cast(ps, node->type_cast);
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return parse_func_call(ps, node->func_call);
    case PG_QUERY__NODE__NODE_NULL_TEST:
        return parse_null_test(ps, node->null_test);
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
        return parse_bool_test(ps, node->boolean_test);
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
        const char *saved_blocker = ps->srf_blocker;
        ps->srf_blocker = "CASE";
        Expr *e = parse_case(ps, node->case_expr);
        ps->srf_blocker = saved_blocker;
        return e;
    }
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        return parse_coalesce(ps, node->coalesce_expr);
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        return parse_minmax(ps, node->min_max_expr);
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return parse_sql_value_function(ps, node->sqlvalue_function);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return parse_sublink(ps, node->sub_link);
    case PG_QUERY__NODE__NODE_PARAM_REF:
        return parse_param_ref(node->param_ref);
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return parse_collate(ps, node->collate_clause);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return parse_array_expr(ps, node->a_array_expr, 0);
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return parse_indirection(ps, node->a_indirection);
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("expression type %d is not supported yet", (int)node->node_case));
    }
}
