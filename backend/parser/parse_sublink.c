/*
 * parse_sublink.c
 *     Subqueries in expressions: EXISTS (SELECT ...), x [NOT] IN (SELECT ...),
 *     x op ANY / ALL (SELECT ...) and scalar subqueries (SELECT (SELECT max(a) FROM t)).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   8. A subquery references a column of an enclosing query only through its sublink's
 *      args: the reference is analyzed at the level that owns the column (and, two levels
 *      up, becomes an outer reference of the middle level in turn), so each level's
 *      planner rewrites those expressions like any other of its own.
 *
 * The subquery is planned here, once, so the plan lives as long as the Query.
 * Not here: evaluation (executor/exec_sublink.c).
 */
#include "oak/oak.h"

#include "parse_internal.h"
#include "oak/optimizer/plan.h"

Expr *
parse_outer_ref(ParseState *ps, Expr *outer)
{
    Expr *sl = ps->sublink;
    if (sl == NULL)
        elog_internal("outer reference outside a subquery");
    int k = 0;
    while (k < sl->u.sublink.nargs && !expr_equal(sl->u.sublink.args[k], outer))
        k++;
    if (k == sl->u.sublink.nargs) {
        sl->u.sublink.args =
            mcx_realloc(sl->u.sublink.args, sizeof(Expr *) * (size_t)(sl->u.sublink.nargs + 1));
        sl->u.sublink.args[sl->u.sublink.nargs++] = outer;
    }
    Expr *p = mcx_alloc0(sizeof *p);
    p->kind = EXPR_OUTERPARAM;
    p->type = outer->type;
    p->typmod = outer->typmod;
    p->location = outer->location;
    p->u.outerparam.paramno = k;
    return p;
}

static int
parse_sublink_visible(const Query *q)
{
    int n = 0;
    for (int i = 0; i < q->ntargets; i++)
        n += !q->targets[i].junk;
    return n;
}

/* ANY / ALL: lhs op (the subquery's column), as an operator over Vars 0 and 1. */
static void
parse_sublink_test(ParseState *ps, Expr *e, PgQuery__SubLink *sl, const Query *sub)
{
    if (sl->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("row comparisons with subqueries are not supported yet"),
                parse_errposition(sl->location));
    int nvis = parse_sublink_visible(sub);
    if (nvis != 1)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg(nvis > 1 ? "subquery has too many columns"
                                 : "subquery has too few columns"),
                parse_errposition(sl->location));
    const Expr *col = sub->targets[0].expr;
    Expr *lhs = parse_expr(ps, sl->testexpr);
    if (lhs->type == UNKNOWNOID) {
        Expr *c = parse_coerce(ps, lhs, col->type, col->typmod, ADT_CAST_IMPLICIT, lhs->location);
        if (c != NULL)
            lhs = c;
    }
    const char *op = sl->n_oper_name > 0 ? parse_str(sl->oper_name[sl->n_oper_name - 1]) : "=";
    Expr *l = expr_make_var(0, lhs->type, lhs->typmod);
    Expr *r = expr_make_var(1, col->type, col->typmod);
    l->location = lhs->location;
    r->location = sl->location;
    Expr *test = parse_make_op(ps, op, l, r, sl->location);
    e->u.sublink.lhs = lhs;
    e->u.sublink.test = parse_coerce_bool(ps, test, "ANY/ALL");
}

Expr *
parse_sublink(ParseState *ps, PgQuery__SubLink *sl)
{
    static const char *const forbidden[][2] = {
        {"DEFAULT expressions", "DEFAULT expression"},
        {"index expression", "index expression"},
        {"index predicate", "index predicate"},
    };
    for (size_t i = 0; ps->expr_kind != NULL && i < OAK_LENGTHOF(forbidden); i++)
        if (strcmp(ps->expr_kind, forbidden[i][0]) == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("cannot use subquery in %s", forbidden[i][1]),
                    parse_errposition(sl->location));
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_SUBLINK;
    e->type = BOOLOID;
    e->typmod = -1;
    e->location = sl->location;
    switch (sl->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        e->u.sublink.kind = SUBLINK_EXISTS;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
        e->u.sublink.kind = SUBLINK_ANY;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
        e->u.sublink.kind = SUBLINK_ALL;
        break;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
        e->u.sublink.kind = SUBLINK_EXPR;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
        e->u.sublink.kind = SUBLINK_ARRAY;
        break;
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this kind of subquery is not supported yet"),
                parse_errposition(sl->location));
    }
    Query *sub = analyze_subselect(sl->subselect->select_stmt, ps->sql, ps, e);
    e->u.sublink.query = sub;
    if (e->u.sublink.kind == SUBLINK_EXPR || e->u.sublink.kind == SUBLINK_ARRAY) {
        if (parse_sublink_visible(sub) != 1)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("subquery must return only one column"),
                    parse_errposition(sl->location));
        e->type = sub->targets[0].expr->type;
        e->typmod = sub->targets[0].expr->typmod;
        if (e->u.sublink.kind == SUBLINK_ARRAY) {
            /* An array column gives a multidimensional array of the same type. */
            Oid t = adt_type_is_array(e->type) && !adt_type_is_vector(e->type)
                        ? e->type
                        : adt_array_type_of(e->type == UNKNOWNOID ? TEXTOID : e->type);
            if (t == 0)
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_OBJECT),
                        err_msg("could not find array type for data type %s",
                                parse_type_display(e->type)),
                        parse_errposition(sl->location));
            e->type = t;
            e->typmod = -1;
        }
    } else if (e->u.sublink.kind != SUBLINK_EXISTS) {
        parse_sublink_test(ps, e, sl, sub);
    }
    e->u.sublink.plan = opt_plan_query(sub);
    return e;
}
