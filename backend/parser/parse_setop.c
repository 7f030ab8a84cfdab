/*
 * parse_setop.c
 *     UNION / INTERSECT / EXCEPT [ALL] and VALUES lists as queries: their column types,
 *     names, and the ORDER BY / LIMIT / OFFSET applied to their result.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   9. A set operation resolves each column's type from its two inputs as PostgreSQL's
 *      UNION/CASE rules do (parse_common_type): unknown literals of a leaf stay unknown
 *      until then (so 'a' UNION 'b' is text and 1 UNION '2' is integer); a leaf is
 *      coerced in place (a literal is converted at once, with its position on error), a
 *      nested operation through its node's conv expressions. Nodes resolve bottom-up:
 *      (a UNION b) UNION c removes a's and b's duplicates in their own common type.
 *  10. The result's columns are named after the leftmost leaf's; its ORDER BY may name
 *      only result columns (names or positions), as in PostgreSQL.
 *  11. A VALUES list resolves each column over all rows (unknown-only columns are text)
 *      and names them column1, column2, ...
 *
 * Not here: planning (optimizer/opt_setop.c), running (executor/exec_setop.c).
 */
#include "oak/oak.h"

#include <stdio.h>

#include "parse_internal.h"

static const char *
parse_setop_name(PgQuery__SetOperation op)
{
    switch (op) {
    case PG_QUERY__SET_OPERATION__SETOP_INTERSECT:
        return "INTERSECT";
    case PG_QUERY__SET_OPERATION__SETOP_EXCEPT:
        return "EXCEPT";
    default:
        return "UNION";
    }
}

int
parse_raw_location(Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_EXPR:
        if (n->a_expr->lexpr != NULL)
            return parse_raw_location(n->a_expr->lexpr);
        return n->a_expr->location;
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return n->column_ref->location;
    case PG_QUERY__NODE__NODE_A_CONST:
        return n->a_const->location;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return n->func_call->location;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return parse_raw_location(n->type_cast->arg);
    default:
        return -1;
    }
}

/* The visible output columns of a query (its junk targets follow them). */
static int
parse_setop_visible(const Query *q)
{
    int n = 0;
    while (n < q->ntargets && !q->targets[n].junk)
        n++;
    return n;
}

static SetOpNode *
parse_setop_make_leaf(Query *q)
{
    SetOpNode *n = mcx_alloc0(sizeof *n);
    n->leaf = q;
    n->ncols = parse_setop_visible(n->leaf);
    n->coltypes = mcx_alloc0(sizeof(Oid) * (size_t)(n->ncols + 1));
    n->coltypmods = mcx_alloc0(sizeof(int32_t) * (size_t)(n->ncols + 1));
    for (int i = 0; i < n->ncols; i++) {
        n->coltypes[i] = n->leaf->targets[i].expr->type;
        n->coltypmods[i] = n->leaf->targets[i].expr->typmod;
    }
    n->location = n->ncols > 0 ? n->leaf->targets[0].expr->location : -1;
    return n;
}

static SetOpNode *
parse_setop_leaf(ParseState *ps, PgQuery__SelectStmt *s)
{
    return parse_setop_make_leaf(analyze_setop_leaf(s, ps->sql, ps->parent, ps->sublink));
}

/* The leftmost position in an analyzed expression (an operator's is its left operand's). */
static int
parse_expr_leftmost(const Expr *e)
{
    int loc = e->location;
    const Expr *first = NULL;
    if (e->kind == EXPR_FUNC && e->u.func.nargs > 0)
        first = e->u.func.args[0];
    else if (e->kind == EXPR_CAST || e->kind == EXPR_RELABEL)
        first = e->u.coerce.arg;
    if (first != NULL) {
        int l = parse_expr_leftmost(first);
        if (l >= 0 && (loc < 0 || l < loc))
            loc = l;
    }
    return loc;
}

void
parse_check_equality(Oid type, bool ordering, int location)
{
    const TypeDesc *t = adt_type(type);
    if (t == NULL || t->key_encode == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("could not identify an equality operator for type %s",
                        parse_type_display(type)),
                parse_errposition(location));
    if (ordering && t->compare == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("could not identify an ordering operator for type %s",
                        parse_type_display(type)),
                err_hint("Use an explicit ordering operator or modify the query."),
                parse_errposition(location));
}

/* The position of column col of a subtree: its leftmost leaf's expression. */
static int
parse_setop_col_location(const SetOpNode *n, int col)
{
    while (n->leaf == NULL)
        n = n->left;
    return col < n->ncols ? parse_expr_leftmost(n->leaf->targets[col].expr) : -1;
}

/* Make child's column col of type t (README invariant 9). */
static void
parse_setop_coerce(ParseState *ps, SetOpNode *child, int col, Oid t, const char *opname)
{
    Oid from = child->coltypes[col];
    if (from == t)
        return;
    Expr *in;
    if (child->leaf != NULL) {
        in = child->leaf->targets[col].expr;
    } else {
        if (child->conv == NULL) {
            child->conv = mcx_alloc(sizeof(Expr *) * (size_t)(child->ncols + 1));
            for (int i = 0; i < child->ncols; i++)
                child->conv[i] = expr_make_var(i, child->coltypes[i], child->coltypmods[i]);
        }
        in = child->conv[col];
    }
    Expr *out = parse_coerce(ps, in, t, -1, ADT_CAST_IMPLICIT, in->location);
    if (out == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("%s could not convert type %s to %s",
                        opname,
                        parse_type_display(from),
                        parse_type_display(t)),
                parse_errposition(in->location));
    if (child->leaf != NULL) {
        child->leaf->targets[col].expr = out;
        child->coltypes[col] = t;
        child->coltypmods[col] = -1;
    } else {
        child->conv[col] = out; /* coltypes stay the node's own, which its plan produces */
    }
}

/*
 * The tree under s. A nested operation with its own ORDER BY, LIMIT or WITH (written in
 * parentheses) is a leaf: a query of its own.
 */
static SetOpNode *
parse_setop_tree(ParseState *ps, PgQuery__SelectStmt *s, bool top)
{
    bool own_clauses = s->n_sort_clause > 0 || s->limit_count != NULL || s->limit_offset != NULL ||
                       s->with_clause != NULL || s->n_locking_clause > 0;
    if (s->op == PG_QUERY__SET_OPERATION__SETOP_NONE || (!top && own_clauses))
        return parse_setop_leaf(ps, s);
    const char *opname = parse_setop_name(s->op);
    SetOpNode *n = mcx_alloc0(sizeof *n);
    n->op = s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? SETOP_INTERSECT
            : s->op == PG_QUERY__SET_OPERATION__SETOP_EXCEPT  ? SETOP_EXCEPT
                                                              : SETOP_UNION;
    n->all = s->all;
    n->left = parse_setop_tree(ps, s->larg, false);
    n->right = parse_setop_tree(ps, s->rarg, false);
    if (n->left->ncols != n->right->ncols)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("each %s query must have the same number of columns", opname),
                parse_errposition(parse_setop_col_location(n->right, 0)));
    n->ncols = n->left->ncols;
    n->coltypes = mcx_alloc0(sizeof(Oid) * (size_t)(n->ncols + 1));
    n->coltypmods = mcx_alloc0(sizeof(int32_t) * (size_t)(n->ncols + 1));
    for (int i = 0; i < n->ncols; i++) {
        Expr l = {.type = n->left->coltypes[i], .location = parse_setop_col_location(n->left, i)};
        Expr r = {.type = n->right->coltypes[i], .location = parse_setop_col_location(n->right, i)};
        Expr *pair[2] = {&l, &r};
        Oid t = parse_common_type(ps, pair, 2, opname);
        bool same_typmod = n->left->coltypes[i] == t && n->right->coltypes[i] == t &&
                           n->left->coltypmods[i] == n->right->coltypmods[i];
        n->coltypes[i] = t;
        n->coltypmods[i] = same_typmod ? n->left->coltypmods[i] : -1;
        if (!n->all || n->op != SETOP_UNION) /* rows are compared (hashed) */
            parse_check_equality(t, false, l.location);
        parse_setop_coerce(ps, n->left, i, t, opname);
        parse_setop_coerce(ps, n->right, i, t, opname);
        /* all but UNION ALL compare rows by key encodings: json has none (42883) */
        const TypeDesc *td = adt_type(t);
        if (!(n->op == SETOP_UNION && n->all) && td != NULL && td->key_encode == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("could not identify an equality operator for type %s",
                            parse_type_display(t)),
                    parse_errposition(parse_setop_col_location(n->left, i)));
    }
    n->location = n->left->location;
    return n;
}

static const TargetEntry *
parse_setop_first_leaf_targets(const SetOpNode *n)
{
    while (n->leaf == NULL)
        n = n->left;
    return n->leaf->targets;
}

/* LIMIT / OFFSET of a set operation or VALUES; FOR UPDATE is refused as in PostgreSQL. */
static void
parse_output_limit(ParseState *ps, Query *q, PgQuery__SelectStmt *s, const char *what)
{
    if (s->n_locking_clause > 0) {
        static const char *const names[] =
            {"", "", "FOR KEY SHARE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR UPDATE"};
        PgQuery__LockingClause *lc = s->locking_clause[0]->locking_clause;
        int st = (int)lc->strength;
        const char *lock = st >= 0 && st < (int)OAK_LENGTHOF(names) ? names[st] : "FOR UPDATE";
        if (q->from_kind == FROM_SETOP)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("%s is not allowed with %s", lock, what));
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s cannot be applied to %s", lock, what));
    }
    if (s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("FETCH ... WITH TIES is not supported yet"));
    q->limit = analyze_limit(ps, s->limit_count, "LIMIT");
    q->offset = analyze_limit(ps, s->limit_offset, "OFFSET");
}

Query *
parse_setop_query(ParseState *ps, PgQuery__SelectStmt *s)
{
    SetOpNode *root = parse_setop_tree(ps, s, true);
    Query *q = mcx_alloc0(sizeof *q);
    q->cmd = CMD_SELECT;
    q->from_kind = FROM_SETOP;
    q->setop = root;
    const TargetEntry *names = parse_setop_first_leaf_targets(root);
    int cap = 0;
    for (int i = 0; i < root->ncols; i++) {
        Expr *v = expr_make_var(i, root->coltypes[i], root->coltypmods[i]);
        analyze_add_target(q, v, names[i].name, false, &cap);
    }
    parse_output_sort(ps, q, s, true);
    parse_output_limit(ps, q, s, "UNION/INTERSECT/EXCEPT");
    return q;
}

/* One row of a VALUES list: its expressions, DEFAULT refused outside INSERT. */
static Expr **
parse_values_row(ParseState *ps, PgQuery__List *row)
{
    Expr **exprs = mcx_alloc(sizeof(Expr *) * (row->n_items + 1));
    for (size_t i = 0; i < row->n_items; i++) {
        Node *item = row->items[i];
        if (item->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("DEFAULT is not allowed in this context"),
                    parse_errposition(item->set_to_default->location));
        exprs[i] = parse_expr(ps, item);
    }
    return exprs;
}

Query *
parse_values_query(ParseState *ps, PgQuery__SelectStmt *s)
{
    ParseState vps = *ps;
    vps.expr_kind = "VALUES";
    int nrows = (int)s->n_values_lists;
    int width = (int)s->values_lists[0]->list->n_items;
    Expr ***rows = mcx_alloc(sizeof(Expr **) * (size_t)nrows);
    for (int r = 0; r < nrows; r++) {
        PgQuery__List *row = s->values_lists[r]->list;
        if ((int)row->n_items != width)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("VALUES lists must all be the same length"),
                    parse_errposition(row->n_items > 0 ? parse_raw_location(row->items[0]) : -1));
        rows[r] = parse_values_row(&vps, row);
    }
    Query *q = mcx_alloc0(sizeof *q);
    q->cmd = CMD_SELECT;
    q->from_kind = FROM_VALUES;
    q->nvalues_rows = nrows;
    q->values_rows = rows;
    q->values_width = width;
    Expr **col = mcx_alloc(sizeof(Expr *) * (size_t)nrows);
    int cap = 0;
    for (int c = 0; c < width; c++) {
        for (int r = 0; r < nrows; r++)
            col[r] = rows[r][c];
        Oid t = parse_common_type(&vps, col, nrows, "VALUES");
        int32_t typmod = rows[0][c]->typmod;
        for (int r = 0; r < nrows; r++) {
            Expr *e = rows[r][c];
            if (e->typmod != typmod || e->type != t)
                typmod = -1;
            rows[r][c] = parse_coerce(&vps, e, t, -1, ADT_CAST_IMPLICIT, e->location);
            if (rows[r][c] == NULL)
                ereport(ERROR,
                        err_code(SQLSTATE_DATATYPE_MISMATCH),
                        err_msg("VALUES could not convert type %s to %s",
                                parse_type_display(e->type),
                                parse_type_display(t)),
                        parse_errposition(e->location));
        }
        char name[32];
        snprintf(name, sizeof name, "column%d", c + 1);
        analyze_add_target(q, expr_make_var(c, t, typmod), name, false, &cap);
    }
    parse_output_sort(ps, q, s, false);
    parse_output_limit(ps, q, s, "VALUES");
    return q;
}

/* The target an ORDER BY item names (position or output column name); -1 if none. */
static int
parse_output_sort_target(Query *q, Node *n, bool setop)
{
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int pos = n->a_const->ival->ival;
        if (pos < 1 || pos > q->ntargets)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                    err_msg("ORDER BY position %d is not in select list", pos),
                    parse_errposition(n->a_const->location));
        return pos - 1;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
        n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
        const char *name = n->column_ref->fields[0]->string->sval;
        int found = -1;
        for (int i = 0; i < q->ntargets; i++) {
            if (strcmp(q->targets[i].name, name) != 0)
                continue;
            if (found >= 0)
                ereport(ERROR,
                        err_code(SQLSTATE_AMBIGUOUS_COLUMN),
                        err_msg("ORDER BY \"%s\" is ambiguous", name),
                        parse_errposition(n->column_ref->location));
            found = i;
        }
        if (found < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_COLUMN),
                    err_msg("column \"%s\" does not exist", name),
                    parse_errposition(n->column_ref->location));
        return found;
    }
    if (setop)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("invalid UNION/INTERSECT/EXCEPT ORDER BY clause"),
                err_detail("Only result column names can be used, not expressions or "
                           "functions."),
                err_hint("Add the expression/function to every SELECT, or move the UNION into "
                         "a FROM clause."),
                parse_errposition(parse_raw_location(n)));
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("ORDER BY expressions over VALUES are not supported yet"),
            err_hint("Order by a column name or position, or move the VALUES into a FROM "
                     "clause."),
            parse_errposition(parse_raw_location(n)));
}

void
parse_output_sort(ParseState *ps, Query *q, PgQuery__SelectStmt *s, bool setop)
{
    (void)ps;
    q->nsort = (int)s->n_sort_clause;
    q->sort = mcx_alloc0(sizeof(SortItem) * (size_t)(q->nsort + 1));
    for (int i = 0; i < q->nsort; i++) {
        PgQuery__SortBy *sb = s->sort_clause[i]->sort_by;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("ORDER BY ... USING is not supported yet"));
        int t = parse_output_sort_target(q, sb->node, setop);
        SortItem *si = &q->sort[i];
        si->target = t;
        si->desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
            si->nulls_first = true;
        else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
            si->nulls_first = false;
        else
            si->nulls_first = si->desc; /* PostgreSQL: NULLs are largest */
        const TypeDesc *td = adt_type(q->targets[t].expr->type);
        if (td == NULL || td->compare == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("could not identify an ordering operator for type %s",
                            parse_type_display(q->targets[t].expr->type)),
                    parse_errposition(parse_raw_location(sb->node)));
    }
}

/*
 * WITH RECURSIVE name AS (left UNION [ALL] right) where right refers to name (README
 * invariant 12): node is the union the worktable references point to; left and right
 * are the analyzed terms. The non-recursive term fixes the column types: the recursive
 * term is coerced to them, and a column whose UNION type would differ is 42804 as in
 * PostgreSQL. Returns the CTE's query (the union, named as the CTE's columns).
 */
Query *
parse_setop_recursive(
    ParseState *ps, PgQuery__SelectStmt *body, SetOpNode *node, Query *right, const char *ctename)
{
    const char *clause = body->n_sort_clause > 0      ? "ORDER BY"
                         : body->limit_offset != NULL ? "OFFSET"
                         : body->limit_count != NULL  ? "LIMIT"
                         : body->n_locking_clause > 0 ? "FOR UPDATE/SHARE"
                                                      : NULL;
    if (clause != NULL) {
        Node *at = body->n_sort_clause > 0      ? body->sort_clause[0]->sort_by->node
                   : body->limit_offset != NULL ? body->limit_offset
                   : body->limit_count != NULL  ? body->limit_count
                                                : NULL;
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s in a recursive query is not implemented", clause),
                parse_errposition(at != NULL ? parse_raw_location(at) : -1));
    }
    if (right->naggs > 0)
        ereport(ERROR,
                err_code("42P19"),
                err_msg("aggregate functions are not allowed in a recursive query's recursive "
                        "term"),
                parse_errposition(right->aggs[0]->location));
    node->right = parse_setop_make_leaf(right);
    SetOpNode *l = node->left;
    SetOpNode *r = node->right;
    if (l->ncols != r->ncols)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("each UNION query must have the same number of columns"),
                parse_errposition(parse_setop_col_location(r, 0)));
    for (int i = 0; i < node->ncols; i++) {
        Expr le = {.type = l->coltypes[i], .location = parse_setop_col_location(l, i)};
        Expr re = {.type = r->coltypes[i], .location = parse_setop_col_location(r, i)};
        Expr *pair[2] = {&le, &re};
        Oid t = parse_common_type(ps, pair, 2, "UNION");
        if (t != l->coltypes[i])
            ereport(ERROR,
                    err_code(SQLSTATE_DATATYPE_MISMATCH),
                    err_msg("recursive query \"%s\" column %d has type %s in non-recursive term "
                            "but type %s overall",
                            ctename,
                            i + 1,
                            parse_type_display(l->coltypes[i]),
                            parse_type_display(t)),
                    err_hint("Cast the output of the non-recursive term to the correct type."),
                    parse_errposition(le.location));
        parse_setop_coerce(ps, r, i, t, "UNION");
        if (!node->all)
            parse_check_equality(t, false, le.location);
    }
    Query *q = mcx_alloc0(sizeof *q);
    q->cmd = CMD_SELECT;
    q->from_kind = FROM_SETOP;
    q->setop = node;
    int cap = 0;
    for (int i = 0; i < node->ncols; i++)
        analyze_add_target(q,
                           expr_make_var(i, node->coltypes[i], node->coltypmods[i]),
                           l->leaf->targets[i].name,
                           false,
                           &cap);
    return q;
}

SetOpNode *
parse_setop_recursive_node(Query *left, bool all)
{
    SetOpNode *n = mcx_alloc0(sizeof *n);
    n->op = SETOP_UNION;
    n->all = all;
    n->recursive = true;
    n->left = parse_setop_make_leaf(left);
    n->ncols = n->left->ncols;
    n->coltypes = n->left->coltypes;
    n->coltypmods = n->left->coltypmods;
    n->location = n->left->location;
    return n;
}
