/*
 * parse_array.c
 *     Array expressions: ARRAY[...] (nested ones make multidimensional arrays), subscripts
 *     and slices, lhs op ANY / ALL (array), and the resolution of polymorphic argument types
 *     (anyelement / anyarray / anynonarray, anycompatible / anycompatiblearray) that array
 *     functions and operators declare, following PostgreSQL's rules.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  16. Polymorphic arguments are resolved as PostgreSQL does and coerced to the concrete
 *      types chosen, so the executor and the functions see concrete types only
 *      (fc->result_type carries the resolved result type). An EXPR_ARRAY's args all have
 *      its element type (or, when multidims, its array type); subscripts are int4.
 *  17. x IN (list) becomes x = ANY (ARRAY[...]) over the items that read no column of this
 *      level, when there are at least two sharing a type with x.
 */
#include "oak/oak.h"

#include "parse_internal.h"

static bool
parse_is_family_a(Oid t)
{
    return t == ANYELEMENTOID || t == ANYARRAYOID || t == ANYNONARRAYOID;
}

static bool
parse_is_family_b(Oid t)
{
    return t == ANYCOMPATIBLEOID || t == ANYCOMPATIBLEARRAYOID;
}

/*
 * The common type of the known types for anycompatible (PostgreSQL's select_common_type
 * without errors): 0 if the types cannot be unified.
 */
static Oid
parse_poly_common(const Oid *types, int n)
{
    Oid ptype = 0;
    for (int i = 0; i < n; i++) {
        Oid t = types[i];
        if (ptype == 0 || t == ptype) {
            ptype = t;
            continue;
        }
        const TypeDesc *pd = adt_type(ptype);
        const TypeDesc *td = adt_type(t);
        if (pd == NULL || td == NULL || pd->category != td->category)
            return 0;
        if (!adt_can_cast(t, ptype, ADT_CAST_IMPLICIT) &&
            (adt_can_cast(ptype, t, ADT_CAST_IMPLICIT) || td->preferred))
            ptype = t;
    }
    for (int i = 0; i < n; i++)
        if (!adt_can_cast(types[i], ptype, ADT_CAST_IMPLICIT))
            return 0;
    return ptype;
}

static void __attribute__((noreturn)) parse_poly_unknown(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_DATATYPE_MISMATCH),
            err_msg("could not determine polymorphic type because input has type unknown"));
}

static bool
parse_poly_no_array(Oid elem, bool report)
{
    if (report)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("could not find array type for data type %s", parse_type_display(elem)));
    return false;
}

/* anyelement / anyarray / anynonarray: one element type and its array type. */
static bool
parse_poly_family_a(
    int nargs, const Oid *decl, const Oid *in, Oid ret, bool report, Oid *elem, Oid *arr)
{
    bool any = parse_is_family_a(ret);
    *elem = 0;
    *arr = 0;
    for (int i = 0; i < nargs; i++) {
        if (!parse_is_family_a(decl[i]))
            continue;
        any = true;
        if (in[i] == UNKNOWNOID)
            continue;
        if (decl[i] == ANYARRAYOID) {
            if (!adt_type_is_array(in[i]) || (*arr != 0 && *arr != in[i]))
                return false;
            *arr = in[i];
        } else {
            if (*elem != 0 && *elem != in[i])
                return false;
            *elem = in[i];
        }
    }
    if (!any)
        return true;
    if (*arr != 0) {
        Oid e = adt_array_elem_of(*arr);
        if (*elem != 0 && *elem != e)
            return false;
        *elem = e;
    } else if (*elem != 0) {
        *arr = adt_array_type_of(*elem);
    } else {
        if (report)
            parse_poly_unknown();
        return true;
    }
    for (int i = 0; i < nargs; i++) {
        if (decl[i] == ANYNONARRAYOID && adt_type_is_array(*elem))
            return false;
        if (decl[i] == ANYARRAYOID && *arr == 0)
            return parse_poly_no_array(*elem, report);
    }
    if (ret == ANYARRAYOID && *arr == 0)
        return parse_poly_no_array(*elem, report);
    return true;
}

/* anycompatible / anycompatiblearray: the common type of every such argument's element. */
static bool
parse_poly_family_b(int nargs, const Oid *decl, const Oid *in, Oid ret, bool report, Oid *common)
{
    Oid types[FUNC_MAX_ARGS];
    int n = 0;
    bool any = parse_is_family_b(ret);
    *common = 0;
    for (int i = 0; i < nargs; i++) {
        if (!parse_is_family_b(decl[i]))
            continue;
        any = true;
        if (in[i] == UNKNOWNOID)
            continue;
        if (decl[i] == ANYCOMPATIBLEARRAYOID) {
            Oid e = adt_array_elem_of(in[i]);
            if (e == 0)
                return false;
            types[n++] = e;
        } else {
            types[n++] = in[i];
        }
    }
    if (!any)
        return true;
    /* Only unknown inputs: their common type is text, as PostgreSQL's select_common_type. */
    *common = n == 0 ? TEXTOID : parse_poly_common(types, n);
    if (*common == 0)
        return false;
    bool needs_array = ret == ANYCOMPATIBLEARRAYOID;
    for (int i = 0; i < nargs; i++)
        needs_array |= decl[i] == ANYCOMPATIBLEARRAYOID;
    if (needs_array && adt_array_type_of(*common) == 0)
        return parse_poly_no_array(*common, report);
    return true;
}

bool
parse_poly_resolve(
    int nargs, const Oid *decl, const Oid *in, Oid ret_decl, bool report, Oid *actual, Oid *ret)
{
    Oid elem;
    Oid arr;
    Oid common;
    if (!parse_poly_family_a(nargs, decl, in, ret_decl, report, &elem, &arr) ||
        !parse_poly_family_b(nargs, decl, in, ret_decl, report, &common))
        return false;
    Oid common_arr = common ? adt_array_type_of(common) : 0;
    for (int i = 0; i < nargs; i++) {
        switch (decl[i]) {
        case ANYELEMENTOID:
        case ANYNONARRAYOID:
            actual[i] = elem;
            break;
        case ANYARRAYOID:
            actual[i] = arr;
            break;
        case ANYCOMPATIBLEOID:
            actual[i] = common;
            break;
        case ANYCOMPATIBLEARRAYOID:
            actual[i] = common_arr;
            break;
        default:
            actual[i] = decl[i];
        }
    }
    switch (ret_decl) {
    case ANYELEMENTOID:
    case ANYNONARRAYOID:
        *ret = elem;
        break;
    case ANYARRAYOID:
        *ret = arr;
        break;
    case ANYCOMPATIBLEOID:
        *ret = common;
        break;
    case ANYCOMPATIBLEARRAYOID:
        *ret = common_arr;
        break;
    default:
        *ret = ret_decl;
    }
    return true;
}

/* ---- ARRAY[...] ---- */

static Expr *
parse_array_node(Oid type, Oid elemtype, bool multidims, Expr **args, int n, int location)
{
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_ARRAY;
    e->type = type;
    e->typmod = -1;
    e->location = location;
    e->u.array.args = args;
    e->u.array.nargs = n;
    e->u.array.elemtype = elemtype;
    e->u.array.multidims = multidims;
    return e;
}

Expr *
parse_array_expr(ParseState *ps, PgQuery__AArrayExpr *a, Oid target)
{
    int n = (int)a->n_elements;
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    bool nested = false;
    for (int i = 0; i < n; i++) {
        Node *el = a->elements[i];
        if (el->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR) {
            /* [[1,2],[3,4]]: a sub-array of the same target type */
            args[i] = parse_array_expr(ps, el->a_array_expr, target);
            nested = true;
        } else {
            args[i] = parse_expr(ps, el);
        }
    }
    Oid elem = target ? adt_array_elem_of(target) : 0;
    Oid common;
    if (target != 0) {
        common = nested ? target : elem;
    } else {
        if (n == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INDETERMINATE_DATATYPE),
                    err_msg("cannot determine type of empty array"),
                    err_hint(
                        "Explicitly cast to the desired type, for example ARRAY[]::integer[]."),
                    parse_errposition(a->location));
        common = parse_common_type(ps, args, n, "ARRAY");
    }
    bool multidims = adt_type_is_array(common) && !adt_type_is_vector(common);
    Oid arr_type;
    if (multidims) {
        arr_type = common;
        elem = adt_array_elem_of(common);
    } else {
        elem = common;
        arr_type = adt_array_type_of(elem);
        if (arr_type == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("could not find array type for data type %s", parse_type_display(elem)),
                    parse_errposition(a->location));
    }
    char context = target != 0 ? ADT_CAST_EXPLICIT : ADT_CAST_IMPLICIT;
    for (int i = 0; i < n; i++) {
        Expr *c = parse_coerce(ps, args[i], common, -1, context, args[i]->location);
        if (c == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_CANNOT_COERCE),
                    err_msg("cannot cast type %s to %s",
                            parse_type_display(args[i]->type),
                            parse_type_display(common)),
                    parse_errposition(args[i]->location));
        args[i] = c;
    }
    return parse_array_node(arr_type, elem, multidims, args, n, a->location);
}

/* ---- subscripts ---- */

static Expr *
parse_subscript_int(ParseState *ps, Node *n)
{
    Expr *e = parse_expr(ps, n);
    Expr *c = parse_coerce(ps, e, INT4OID, -1, ADT_CAST_ASSIGNMENT, e->location);
    if (c == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("array subscript must have type integer"),
                parse_errposition(e->location));
    return c;
}

/*
 * The subscript expressions of one run of [..], into args[1..]: one int4 per dimension, or
 * for a slice (any [lo:hi] makes all of them slices) a (lower, upper) pair per dimension,
 * [n] meaning [1:n] and an omitted bound a NULL constant flagged in *omitted. Returns how
 * many args it filled; args has room for 2 * n.
 */
static int
parse_subscript_args(
    ParseState *ps, PgQuery__AIndices **ind, int n, Expr **args, bool *slice, uint32_t *omitted)
{
    if (n > ADT_ARRAY_MAXDIM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("number of array dimensions (%d) exceeds the maximum allowed (%d)",
                        n,
                        ADT_ARRAY_MAXDIM));
    *slice = false;
    *omitted = 0;
    for (int i = 0; i < n; i++)
        *slice |= ind[i]->is_slice;
    for (int i = 0; i < n; i++) {
        if (!*slice) {
            args[1 + i] = parse_subscript_int(ps, ind[i]->uidx);
            continue;
        }
        Expr *lo = NULL;
        if (ind[i]->is_slice && ind[i]->lidx != NULL)
            lo = parse_subscript_int(ps, ind[i]->lidx);
        else if (!ind[i]->is_slice)
            lo = expr_make_const(INT4OID, -1, int32_datum(1), false, -1);
        Expr *hi = ind[i]->uidx ? parse_subscript_int(ps, ind[i]->uidx) : NULL;
        if (lo == NULL)
            *omitted |= 1u << (2 * i);
        if (hi == NULL)
            *omitted |= 1u << (2 * i + 1);
        args[1 + 2 * i] = lo ? lo : expr_make_const(INT4OID, -1, 0, true, -1);
        args[2 + 2 * i] = hi ? hi : expr_make_const(INT4OID, -1, 0, true, -1);
    }
    return *slice ? 2 * n : n;
}

static void
parse_check_subscriptable(Oid type, int location)
{
    if (adt_array_elem_of(type) == 0)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("cannot subscript type %s because it does not support subscripting",
                        parse_type_display(type)),
                parse_errposition(location));
}

/* The subscripts of one run of [..] after base; base must be an array. */
static Expr *
parse_subscripts(ParseState *ps, Expr *base, PgQuery__AIndices **ind, int n, int location)
{
    parse_check_subscriptable(base->type, base->location);
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(2 * n + 1));
    bool slice;
    uint32_t omitted;
    args[0] = base;
    int nsubs = parse_subscript_args(ps, ind, n, args, &slice, &omitted);
    Oid elem = adt_array_elem_of(base->type);
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_SUBSCRIPT;
    e->type =
        slice ? (adt_type_is_vector(base->type) ? adt_vector_array_type(base->type) : base->type)
              : elem;
    e->typmod = slice ? base->typmod : -1;
    e->location = location;
    e->u.array.args = args;
    e->u.array.nargs = 1 + nsubs;
    e->u.array.elemtype = elem;
    e->u.array.slice = slice;
    e->u.array.omitted = omitted;
    return e;
}

Expr *
parse_indirection(ParseState *ps, PgQuery__AIndirection *ind)
{
    Expr *base = parse_expr(ps, ind->arg);
    int n = (int)ind->n_indirection;
    PgQuery__AIndices **subs = mcx_alloc(sizeof(PgQuery__AIndices *) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < n; i++) {
        Node *el = ind->indirection[i];
        if (el->node_case == PG_QUERY__NODE__NODE_STRING) {
            /* (expr).field: apply the subscripts so far, then select (parse_record.c) */
            if (k > 0)
                base = parse_subscripts(ps, base, subs, k, base->location);
            k = 0;
            base = parse_field_select(ps, base, parse_str(el), base->location);
            continue;
        }
        if (el->node_case == PG_QUERY__NODE__NODE_A_STAR) /* only a select-list item */
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("row expansion via \"*\" is not supported here"),
                    parse_errposition(base->location));
        if (el->node_case != PG_QUERY__NODE__NODE_A_INDICES)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("field selection from composite values is not supported yet"),
                    parse_errposition(base->location));
        subs[k++] = el->a_indices;
    }
    if (k == 0)
        return base;
    return parse_subscripts(ps, base, subs, k, base->location);
}

/*
 * UPDATE ... SET col[i][j] = value (or a slice, col[1:2] = array): the column's array with
 * that part replaced (current is what the column holds before this assignment).
 */
Expr *
parse_array_assign(
    ParseState *ps, Expr *current, const AttDesc *att, Node **ind, int n, Expr *value, int location)
{
    parse_check_subscriptable(att->type, location);
    PgQuery__AIndices **subs = mcx_alloc(sizeof(PgQuery__AIndices *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        if (ind[i]->node_case != PG_QUERY__NODE__NODE_A_INDICES)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("assignment to fields of composite values is not supported yet"),
                    parse_errposition(location));
        subs[i] = ind[i]->a_indices;
    }
    Expr **args = mcx_alloc(sizeof(Expr *) * (size_t)(2 * n + 2));
    bool slice;
    uint32_t omitted;
    args[0] = current;
    int nsubs = parse_subscript_args(ps, subs, n, args, &slice, &omitted);
    Oid elem = adt_array_elem_of(att->type);
    Oid want = slice ? att->type : elem; /* a slice takes an array */
    Expr *v = parse_coerce(ps, value, want, att->typmod, ADT_CAST_ASSIGNMENT, value->location);
    if (v == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("subscripted assignment to \"%s\" requires type %s but expression is of "
                        "type %s",
                        att->name,
                        parse_type_display(want),
                        parse_type_display(value->type)),
                err_hint("You will need to rewrite or cast the expression."),
                parse_errposition(location));
    args[nsubs + 1] = v;
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_SUBSCRIPT;
    e->type = att->type;
    e->typmod = att->typmod;
    e->location = value->location;
    e->u.array.args = args;
    e->u.array.nargs = nsubs + 2;
    e->u.array.elemtype = elem;
    e->u.array.slice = slice;
    e->u.array.omitted = omitted;
    e->u.array.assign = true;
    return e;
}

/* ---- lhs op ANY / ALL (array) ---- */

static Expr *parse_array_op_exprs(
    ParseState *ps, const char *op, Expr *lhs, Expr *rhs, bool use_or, int location);

Expr *
parse_array_op(ParseState *ps, const char *op, Node *lnode, Node *rnode, bool use_or, int location)
{
    Expr *lhs = parse_expr(ps, lnode);
    Expr *rhs = parse_expr(ps, rnode);
    return parse_array_op_exprs(ps, op, lhs, rhs, use_or, location);
}

static Expr *
parse_array_op_exprs(
    ParseState *ps, const char *op, Expr *lhs, Expr *rhs, bool use_or, int location)
{
    Oid elem = UNKNOWNOID;
    if (rhs->type != UNKNOWNOID) {
        elem = adt_array_elem_of(rhs->type);
        if (elem == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                    err_msg("op ANY/ALL (array) requires array on right side"),
                    parse_errposition(location));
    }
    /* Resolve op as lhs op element, through a stand-in for one element. */
    Expr *stand_in = expr_make_var(0, elem, -1);
    stand_in->location = rhs->location;
    Expr *call = parse_make_op(ps, op, lhs, stand_in, location);
    if (call->type != BOOLOID)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("op ANY/ALL (array) requires operator to yield boolean"),
                parse_errposition(location));
    const OperDesc *od = adt_oper(call->u.func.opno);
    Oid right = od->right;
    if (right == ANYARRAYOID || right == ANYELEMENTOID || right == ANYCOMPATIBLEOID)
        right = call->u.func.args[1]->type;
    Oid arr_type = adt_array_type_of(right);
    Expr *arr =
        arr_type ? parse_coerce(ps, rhs, arr_type, -1, ADT_CAST_IMPLICIT, rhs->location) : NULL;
    if (arr == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("operator does not exist: %s %s %s",
                        parse_type_display(lhs->type),
                        op,
                        parse_type_display(rhs->type)),
                parse_errposition(location));
    Expr *e = mcx_alloc0(sizeof *e);
    e->kind = EXPR_ARRAYOP;
    e->type = BOOLOID;
    e->typmod = -1;
    e->location = location;
    e->u.array.nargs = 2;
    e->u.array.args = mcx_alloc(sizeof(Expr *) * 2);
    e->u.array.args[0] = call->u.func.args[0];
    e->u.array.args[1] = arr;
    e->u.array.elemtype = right;
    e->u.array.use_or = use_or;
    e->u.array.proc = call->u.func.proc;
    e->u.array.opno = call->u.func.opno;
    return e;
}

/* ---- x IN (list) ---- */

/* Whether e reads a column of this query level (PostgreSQL's contain_vars_of_level 0). */
static bool
parse_has_vars(const Expr *e)
{
    if (e == NULL)
        return false;
    switch (e->kind) {
    case EXPR_VAR:
        return true;
    case EXPR_FUNC:
        for (int i = 0; i < e->u.func.nargs; i++)
            if (parse_has_vars(e->u.func.args[i]))
                return true;
        return false;
    case EXPR_CAST:
    case EXPR_RELABEL:
        return parse_has_vars(e->u.coerce.arg);
    case EXPR_BOOL:
        for (int i = 0; i < e->u.boolean.nargs; i++)
            if (parse_has_vars(e->u.boolean.args[i]))
                return true;
        return false;
    case EXPR_NULLTEST:
        return parse_has_vars(e->u.nulltest.arg);
    case EXPR_BOOLTEST:
        return parse_has_vars(e->u.booltest.arg);
    case EXPR_COALESCE:
        for (int i = 0; i < e->u.coalesce.nargs; i++)
            if (parse_has_vars(e->u.coalesce.args[i]))
                return true;
        return false;
    case EXPR_CASE:
        for (int i = 0; i < e->u.casex.nwhen; i++)
            if (parse_has_vars(e->u.casex.conds[i]) || parse_has_vars(e->u.casex.results[i]))
                return true;
        return parse_has_vars(e->u.casex.arg) || parse_has_vars(e->u.casex.defresult);
    case EXPR_NULLIF:
        return parse_has_vars(e->u.nullif.left) || parse_has_vars(e->u.nullif.right);
    case EXPR_SUBLINK:
        for (int i = 0; i < e->u.sublink.nargs; i++)
            if (parse_has_vars(e->u.sublink.args[i]))
                return true;
        return parse_has_vars(e->u.sublink.lhs);
    case EXPR_AGGREF:
        for (int i = 0; i < e->u.aggref.norder; i++)
            if (parse_has_vars(e->u.aggref.order[i]))
                return true;
        return parse_has_vars(e->u.aggref.arg);
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        for (int i = 0; i < e->u.array.nargs; i++)
            if (parse_has_vars(e->u.array.args[i]))
                return true;
        return false;
    default:
        return false;
    }
}

/*
 * The common type of lhs and the items for x IN (...) as an array, or 0 (PostgreSQL's
 * select_common_type without a context: no error, just no array form).
 */
static Oid
parse_in_common_type(Expr *lhs, Expr **items, int n)
{
    Oid ptype = lhs->type;
    for (int i = 0; i < n; i++) {
        Oid t = items[i]->type;
        if (t == UNKNOWNOID || t == ptype)
            continue;
        if (ptype == UNKNOWNOID) {
            ptype = t;
            continue;
        }
        const TypeDesc *pd = adt_type(ptype);
        const TypeDesc *td = adt_type(t);
        if (pd == NULL || td == NULL || pd->category != td->category)
            return 0;
        if (!adt_can_cast(t, ptype, ADT_CAST_IMPLICIT) &&
            (adt_can_cast(ptype, t, ADT_CAST_IMPLICIT) || td->preferred))
            ptype = t;
    }
    if (ptype == UNKNOWNOID)
        ptype = TEXTOID;
    if (!adt_can_cast(lhs->type, ptype, ADT_CAST_IMPLICIT))
        return 0;
    for (int i = 0; i < n; i++)
        if (!adt_can_cast(items[i]->type, ptype, ADT_CAST_IMPLICIT))
            return 0;
    return ptype;
}

/*
 * x IN (a, b, c) / x NOT IN (...): as PostgreSQL, the items that read no column of this
 * level become one x = ANY (ARRAY[...]) (x <> ALL for NOT IN) when there are at least two
 * and they share a type with x; the others are compared one by one, OR'ed (AND'ed) after it.
 */
Expr *
parse_in_list(ParseState *ps, Node *lnode, PgQuery__List *list, bool negate, int location)
{
    const char *op = negate ? "<>" : "=";
    Expr *lhs = parse_expr(ps, lnode);
    int n = (int)list->n_items;
    Expr **items = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    Expr **consts = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    int nconst = 0;
    for (int i = 0; i < n; i++) {
        items[i] = parse_expr(ps, list->items[i]);
        if (!parse_has_vars(items[i]))
            consts[nconst++] = items[i];
    }
    Expr *acc = NULL;
    Oid common = nconst > 1 ? parse_in_common_type(lhs, consts, nconst) : 0;
    Oid arr_type = common ? adt_array_type_of(common) : 0;
    if (arr_type != 0) {
        for (int i = 0; i < nconst; i++)
            consts[i] =
                parse_coerce(ps, consts[i], common, -1, ADT_CAST_IMPLICIT, consts[i]->location);
        Expr *arr = parse_array_node(arr_type, common, false, consts, nconst, -1);
        acc = parse_array_op_exprs(ps, op, lhs, arr, !negate, location);
    }
    for (int i = 0; i < n; i++) {
        if (arr_type != 0 && !parse_has_vars(items[i]))
            continue;
        Expr *cmp = parse_make_op(ps, op, lhs, items[i], location);
        if (acc == NULL) {
            acc = cmp;
            continue;
        }
        Expr **args = mcx_alloc(sizeof(Expr *) * 2);
        args[0] = acc;
        args[1] = cmp;
        Expr *b = mcx_alloc0(sizeof *b);
        b->kind = EXPR_BOOL;
        b->type = BOOLOID;
        b->typmod = -1;
        b->location = location;
        b->u.boolean.op = negate ? BOOL_AND : BOOL_OR;
        b->u.boolean.nargs = 2;
        b->u.boolean.args = args;
        acc = b;
    }
    return acc;
}
