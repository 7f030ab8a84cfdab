/*
 * parse_from.c
 *     The FROM clause of a SELECT: tables, WITH queries, functions, subqueries, comma lists and
 *     [INNER | LEFT | RIGHT | FULL | CROSS] JOIN with ON, USING or NATURAL, into a range
 *     table and a join tree; and name resolution against it (qualified and unqualified
 *     column references, SELECT * and t.*).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   6. Range table entries are numbered in FROM order and each covers a contiguous run of
 *      the concatenated row; a join covers its left input's columns, then its right's.
 *   7. A USING / NATURAL column is one column of the join: an unqualified reference to it
 *      is never ambiguous, and * shows it once, first.
 *
 * Not here: expressions (parse_expr.c), subqueries in expressions (parse_sublink.c).
 */
#include "oak/oak.h"

#include "oak/utils/acl.h"
#include "parse_internal.h"

#include "oak/utils/record.h"

static void
parse_from_add_col(RangeTblEntry *rte, int i, const char *name, Oid type, int32_t typmod)
{
    rte->colnames[i] = name ? mcx_strdup(name) : NULL;
    rte->coltypes[i] = type;
    rte->coltypmods[i] = typmod;
}

static RangeTblEntry *
parse_from_new_rte(ParseState *ps, Query *q, RteKind kind, const char *alias, int ncols, int loc)
{
    for (int i = 0; i < q->nrtes; i++)
        if (strcmp(q->rtes[i].alias, alias) == 0)
            ereport(ERROR,
                    err_code("42712"),
                    err_msg("table name \"%s\" specified more than once", alias));
    (void)loc;
    q->rtes = mcx_realloc(q->rtes, sizeof(RangeTblEntry) * (size_t)(q->nrtes + 1));
    RangeTblEntry *rte = &q->rtes[q->nrtes];
    memset(rte, 0, sizeof *rte);
    rte->kind = kind;
    rte->alias = mcx_strdup(alias);
    rte->offset = q->nrtes > 0 ? q->rtes[q->nrtes - 1].offset + q->rtes[q->nrtes - 1].ncols : 0;
    rte->ncols = ncols;
    rte->colnames = mcx_alloc0(sizeof(char *) * (size_t)(ncols + 1));
    rte->coltypes = mcx_alloc0(sizeof(Oid) * (size_t)(ncols + 1));
    rte->coltypmods = mcx_alloc0(sizeof(int32_t) * (size_t)(ncols + 1));
    q->nrtes++;
    ps->rtes = q->rtes;
    ps->nrtes = q->nrtes;
    return rte;
}

static FromNode *
parse_from_leaf(Query *q)
{
    FromNode *n = mcx_alloc0(sizeof *n);
    n->rtindex = q->nrtes - 1;
    n->first_col = q->rtes[n->rtindex].offset;
    n->ncols = q->rtes[n->rtindex].ncols;
    return n;
}

/* Column aliases of "AS x (a, b)" rename the first columns. */
static void
parse_from_rename(RangeTblEntry *rte, PgQuery__Alias *alias)
{
    if (alias == NULL)
        return;
    if ((int)alias->n_colnames > rte->ncols)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                err_msg("table \"%s\" has %d columns available but %d columns specified",
                        rte->alias,
                        rte->ncols,
                        (int)alias->n_colnames));
    for (size_t i = 0; i < alias->n_colnames; i++)
        rte->colnames[i] = mcx_strdup(parse_str(alias->colnames[i]));
}

/* A reference to a WITH query: a subquery in FROM over the CTE's query (parse_cte.c). */
static FromNode *
parse_from_cte(ParseState *ps,
               Query *q,
               PgQuery__RangeVar *rv,
               Query *cte,
               char **colnames,
               SetOpNode *worktable,
               CteInfo *info)
{
    const char *alias = rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
    RteKind kind = worktable != NULL ? RTE_WORKTABLE : RTE_SUBQUERY;
    RangeTblEntry *rte = parse_from_new_rte(ps, q, kind, alias, cte->ntargets, -1);
    rte->subquery = cte;
    rte->worktable = worktable;
    rte->cte = info;
    for (int i = 0; i < cte->ntargets; i++) {
        const Expr *e = cte->targets[i].expr;
        parse_from_add_col(rte, i, colnames[i], e->type, e->typmod);
    }
    parse_from_rename(rte, rv->alias);
    return parse_from_leaf(q);
}

static FromNode *
parse_from_table(ParseState *ps, Query *q, PgQuery__RangeVar *rv)
{
    const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
    if (schema != NULL)
        (void)parse_schema_with_usage(schema, rv->location);
    if (schema == NULL) {
        char **colnames;
        SetOpNode *worktable;
        CteInfo *info;
        Query *cte = parse_cte_find(ps, rv->relname, &colnames, rv->location, &worktable, &info);
        if (cte != NULL)
            return parse_from_cte(ps, q, rv, cte, colnames, worktable, info);
    }
    RelDesc *rel = cat_lookup_relation(schema, rv->relname);
    if (rel == NULL && schema == NULL && parse_cte_hidden(rv->relname))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", rv->relname),
                err_detail("There is a WITH item named \"%s\", but it cannot be referenced "
                           "from this part of the query.",
                           rv->relname),
                err_hint("Use WITH RECURSIVE, or re-order the WITH items to remove forward "
                         "references."),
                parse_errposition(rv->location));
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s%s%s\" does not exist",
                        schema ? schema : "",
                        schema ? "." : "",
                        rv->relname),
                parse_errposition(rv->location));
    if (rel->kind == 'i')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is an index", rel->name),
                parse_errposition(rv->location));
    parse_require_privilege(rel, ACL_SELECT);
    const char *alias = rv->alias && rv->alias->aliasname[0] ? rv->alias->aliasname : rv->relname;
    if (rel->kind == 'v' && rel->view_sql != NULL) {
        /* A view is its SELECT as a subquery, with the view's column names. */
        Query *sub = parse_view_query(rel);
        RangeTblEntry *rte =
            parse_from_new_rte(ps, q, RTE_SUBQUERY, alias, sub->ntargets, rv->location);
        rte->subquery = sub;
        int visible = 0;
        for (int i = 0; i < sub->ntargets; i++) {
            TargetEntry *te = &sub->targets[i];
            if (!te->junk && visible == rel->natts)
                te->junk = true; /* a "*" that now finds more columns than at CREATE */
            const char *name = NULL;
            if (!te->junk) {
                const AttDesc *att = &rel->atts[visible++];
                if (att->type != te->expr->type && te->expr->type != UNKNOWNOID)
                    ereport(ERROR,
                            err_code(SQLSTATE_INVALID_OBJECT_DEFINITION),
                            err_msg("definition of view \"%s\" no longer matches its column "
                                    "\"%s\"",
                                    rel->name,
                                    att->name),
                            parse_errposition(rv->location));
                name = att->name;
            }
            parse_from_add_col(rte, i, name, te->expr->type, te->expr->typmod);
        }
        if (visible < rel->natts)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_OBJECT_DEFINITION),
                    err_msg("definition of view \"%s\" no longer matches its columns", rel->name),
                    parse_errposition(rv->location));
        parse_from_rename(rte, rv->alias);
        return parse_from_leaf(q);
    }
    RangeTblEntry *rte = parse_from_new_rte(ps, q, RTE_TABLE, alias, rel->natts, rv->location);
    rte->rel = rel;
    for (int i = 0; i < rel->natts; i++)
        parse_from_add_col(rte, i, rel->atts[i].name, rel->atts[i].type, rel->atts[i].typmod);
    parse_from_rename(rte, rv->alias);
    return parse_from_leaf(q);
}

/* The first column of this query level (a Var) e reads, or NULL: its FROM item is LATERAL. */
static const Expr *
parse_from_first_var(const Expr *e)
{
    if (e == NULL)
        return NULL;
    const Expr *v = NULL;
    switch (e->kind) {
    case EXPR_VAR:
        return e;
    case EXPR_FUNC:
        for (int i = 0; i < e->u.func.nargs && v == NULL; i++)
            v = parse_from_first_var(e->u.func.args[i]);
        return v;
    case EXPR_CAST:
    case EXPR_RELABEL:
        return parse_from_first_var(e->u.coerce.arg);
    case EXPR_BOOL:
        for (int i = 0; i < e->u.boolean.nargs && v == NULL; i++)
            v = parse_from_first_var(e->u.boolean.args[i]);
        return v;
    case EXPR_COALESCE:
        for (int i = 0; i < e->u.coalesce.nargs && v == NULL; i++)
            v = parse_from_first_var(e->u.coalesce.args[i]);
        return v;
    case EXPR_CASE:
        for (int i = 0; i < e->u.casex.nwhen && v == NULL; i++) {
            v = parse_from_first_var(e->u.casex.conds[i]);
            if (v == NULL)
                v = parse_from_first_var(e->u.casex.results[i]);
        }
        return v != NULL ? v : parse_from_first_var(e->u.casex.defresult);
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        for (int i = 0; i < e->u.array.nargs && v == NULL; i++)
            v = parse_from_first_var(e->u.array.args[i]);
        return v;
    case EXPR_NULLTEST:
        return parse_from_first_var(e->u.nulltest.arg);
    case EXPR_BOOLTEST:
        return parse_from_first_var(e->u.booltest.arg);
    case EXPR_NULLIF:
        v = parse_from_first_var(e->u.nullif.left);
        return v != NULL ? v : parse_from_first_var(e->u.nullif.right);
    case EXPR_SUBLINK:
        for (int i = 0; i < e->u.sublink.nargs && v == NULL; i++)
            v = parse_from_first_var(e->u.sublink.args[i]);
        return v != NULL ? v : parse_from_first_var(e->u.sublink.lhs);
    default:
        return NULL;
    }
}

/*
 * The column name of a one-column function in FROM: its OUT parameter's name where
 * PostgreSQL declares one (json(b)_array_elements(_text): "value"), else the alias.
 */
static const char *
parse_from_out_name(const char *fname, const char *alias)
{
    static const char *const value_named[] = {"json_array_elements",
                                              "json_array_elements_text",
                                              "jsonb_array_elements",
                                              "jsonb_array_elements_text"};
    for (size_t i = 0; i < OAK_LENGTHOF(value_named); i++)
        if (strcmp(fname, value_named[i]) == 0)
            return "value";
    return alias;
}

/*
 * A function in FROM: any function call, analyzed like an expression without columns
 * (not LATERAL). A set-returning function gives its rows, any other one row; WITH
 * ORDINALITY adds a bigint column numbering them from 1. The column is named after the
 * alias, else the function; a function returning a record of known shape
 * (information_schema._pg_expandarray) has a column per field instead, named as they are.
 */
static FromNode *
parse_from_function(ParseState *ps, Query *q, PgQuery__RangeFunction *rf)
{
    PgQuery__List *pair = rf->functions[0]->list;
    Node *call = pair->items[0];
    if (rf->n_functions != 1 || rf->is_rowsfrom ||
        call->node_case != PG_QUERY__NODE__NODE_FUNC_CALL || rf->lateral || rf->n_coldeflist > 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this form of function in FROM is not supported yet"));
    PgQuery__FuncCall *fc = call->func_call;
    const char *name = parse_str(fc->funcname[fc->n_funcname - 1]);
    /* Functions in FROM are implicitly LATERAL: the items to their left are in scope. */
    ParseState args_ps = {.sql = ps->sql,
                          .expr_kind = "functions in FROM",
                          .allow_srf = true,
                          .parent = ps->parent,
                          .sublink = ps->sublink,
                          .rtes = ps->rtes,
                          .nrtes = ps->nrtes,
                          .ns_root = ps->lateral_left};
    Expr *e = parse_expr(&args_ps, call);
    if (e->kind != EXPR_FUNC)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("function %s in FROM is not supported yet", name),
                parse_errposition(fc->location));
    const char *alias = rf->alias && rf->alias->aliasname[0] ? rf->alias->aliasname : name;
    /* a record of known shape (OUT columns) gives a column per field, named after it */
    const RecordShape *shape = e->type == RECORDOID ? adt_record_shape(e->typmod) : NULL;
    int w = shape != NULL ? shape->nfields : 1;
    int ncols = w + (rf->ordinality ? 1 : 0);
    RangeTblEntry *rte = parse_from_new_rte(ps, q, RTE_FUNCTION, alias, ncols, fc->location);
    rte->func = e;
    rte->ordinality = rf->ordinality;
    rte->lateral = parse_from_first_var(e) != NULL;
    if (shape == NULL)
        parse_from_add_col(rte, 0, parse_from_out_name(name, alias), e->type, e->typmod);
    for (int i = 0; shape != NULL && i < w; i++)
        parse_from_add_col(rte, i, shape->names[i], shape->types[i], shape->typmods[i]);
    if (rf->ordinality)
        parse_from_add_col(rte, w, "ordinality", INT8OID, -1);
    parse_from_rename(rte, rf->alias);
    return parse_from_leaf(q);
}

static FromNode *
parse_from_subquery(ParseState *ps, Query *q, PgQuery__RangeSubselect *rs)
{
    if (rs->lateral)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("LATERAL subqueries are not supported yet"));
    if (rs->alias == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("subquery in FROM must have an alias"),
                err_hint("For example, FROM (SELECT ...) [AS] foo."));
    /* Not LATERAL: the subquery sees enclosing queries, not its FROM siblings. */
    Query *sub = analyze_subselect(rs->subquery->select_stmt, ps->sql, ps->parent, ps->sublink);
    RangeTblEntry *rte =
        parse_from_new_rte(ps, q, RTE_SUBQUERY, rs->alias->aliasname, sub->ntargets, -1);
    rte->subquery = sub;
    for (int i = 0; i < sub->ntargets; i++) {
        const TargetEntry *te = &sub->targets[i];
        parse_from_add_col(rte, i, te->junk ? NULL : te->name, te->expr->type, te->expr->typmod);
    }
    parse_from_rename(rte, rs->alias);
    return parse_from_leaf(q);
}

static FromNode *parse_from_item(ParseState *ps, Query *q, Node *item);

/* Column col of the subtree n, for USING: exactly one, else 42702 / 42703. */
static Expr *
parse_from_using_side(ParseState *ps, FromNode *n, const char *col, const char *side)
{
    FromNode *saved = ps->ns_root;
    ps->ns_root = n;
    bool no_table = false;
    Expr *e = parse_from_column(ps, NULL, col, -1, &no_table);
    ps->ns_root = saved;
    if (e == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_COLUMN),
                err_msg("column \"%s\" specified in USING clause does not exist in %s table",
                        col,
                        side));
    return e;
}

/* NATURAL: the names the two sides share, in the left side's order. */
static int
parse_from_natural_names(ParseState *ps, FromNode *l, FromNode *r, char ***out)
{
    Expr **le;
    char **ln;
    int nl;
    FromNode *saved = ps->ns_root;
    ps->ns_root = l;
    nl = parse_from_star(ps, NULL, -1, &le, &ln);
    ps->ns_root = r;
    int n = 0;
    char **names = mcx_alloc(sizeof(char *) * (size_t)(nl + 1));
    for (int i = 0; i < nl; i++)
        if (parse_from_has_column(ps, ln[i]))
            names[n++] = ln[i];
    ps->ns_root = saved;
    *out = names;
    return n;
}

static void
parse_from_using(ParseState *ps, FromNode *j, char **names, int n)
{
    j->nusing = n;
    j->using_names = names;
    j->using_exprs = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
    Expr *cond = NULL;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < i; k++)
            if (strcmp(names[k], names[i]) == 0)
                ereport(ERROR,
                        err_code(SQLSTATE_DUPLICATE_COLUMN),
                        err_msg("column name \"%s\" appears more than once in USING clause",
                                names[i]));
        Expr *l = parse_from_using_side(ps, j->left, names[i], "left");
        Expr *r = parse_from_using_side(ps, j->right, names[i], "right");
        Expr *eq = parse_coerce_bool(ps, parse_make_op(ps, "=", l, r, -1), "JOIN/USING");
        if (cond == NULL) {
            cond = eq;
        } else {
            Expr *a = mcx_alloc0(sizeof *a);
            a->kind = EXPR_BOOL;
            a->type = BOOLOID;
            a->typmod = -1;
            a->location = -1;
            a->u.boolean.op = BOOL_AND;
            a->u.boolean.nargs = 2;
            a->u.boolean.args = mcx_alloc(sizeof(Expr *) * 2);
            a->u.boolean.args[0] = cond;
            a->u.boolean.args[1] = eq;
            cond = a;
        }
        Expr *merged = j->jointype == JOIN_RIGHT ? r : l;
        if (j->jointype == JOIN_FULL) {
            Expr *pair[2] = {l, r};
            Oid t = parse_common_type(ps, pair, 2, "JOIN/USING");
            Expr *c = mcx_alloc0(sizeof *c);
            c->kind = EXPR_COALESCE;
            c->type = t;
            c->typmod = -1;
            c->location = -1;
            c->u.coalesce.nargs = 2;
            c->u.coalesce.args = mcx_alloc(sizeof(Expr *) * 2);
            c->u.coalesce.args[0] = parse_coerce(ps, l, t, -1, ADT_CAST_IMPLICIT, -1);
            c->u.coalesce.args[1] = parse_coerce(ps, r, t, -1, ADT_CAST_IMPLICIT, -1);
            merged = c;
        }
        j->using_exprs[i] = merged;
    }
    j->quals = cond;
}

static FromNode *
parse_from_join(ParseState *ps, Query *q, PgQuery__JoinExpr *je)
{
    if (je->alias != NULL || je->join_using_alias != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("aliases for joins are not supported yet"));
    FromNode *j = mcx_alloc0(sizeof *j);
    j->is_join = true;
    switch (je->jointype) {
    case PG_QUERY__JOIN_TYPE__JOIN_INNER:
        j->jointype = JOIN_INNER;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
        j->jointype = JOIN_LEFT;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
        j->jointype = JOIN_RIGHT;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL:
        j->jointype = JOIN_FULL;
        break;
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this kind of join is not supported yet"));
    }
    j->left = parse_from_item(ps, q, je->larg);
    FromNode *saved_left = ps->lateral_left;
    ps->lateral_left = j->left; /* a function on the right may read the left side */
    j->right = parse_from_item(ps, q, je->rarg);
    ps->lateral_left = saved_left;
    if (!j->right->is_join && q->rtes[j->right->rtindex].lateral &&
        (j->jointype == JOIN_RIGHT || j->jointype == JOIN_FULL)) {
        const Expr *v = parse_from_first_var(q->rtes[j->right->rtindex].func);
        const char *tab;
        const char *col;
        parse_from_var_names(ps, v->u.var.attno, &tab, &col);
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                err_msg("invalid reference to FROM-clause entry for table \"%s\"", tab),
                err_detail("The combining JOIN type must be INNER or LEFT for a LATERAL "
                           "reference."),
                parse_errposition(v->location));
    }
    j->first_col = j->left->first_col;
    j->ncols = j->left->ncols + j->right->ncols;
    if (je->is_natural) {
        char **names;
        int n = parse_from_natural_names(ps, j->left, j->right, &names);
        parse_from_using(ps, j, names, n);
    } else if (je->n_using_clause > 0) {
        char **names = mcx_alloc(sizeof(char *) * je->n_using_clause);
        for (size_t i = 0; i < je->n_using_clause; i++)
            names[i] = mcx_strdup(parse_str(je->using_clause[i]));
        parse_from_using(ps, j, names, (int)je->n_using_clause);
    } else if (je->quals != NULL) {
        FromNode *saved = ps->ns_root;
        const char *saved_kind = ps->expr_kind;
        bool saved_aggs = ps->allow_aggs;
        ps->ns_root = j;
        ps->expr_kind = "JOIN/ON";
        ps->allow_aggs = false;
        j->quals = parse_coerce_bool(ps, parse_expr(ps, je->quals), "JOIN/ON");
        ps->ns_root = saved;
        ps->expr_kind = saved_kind;
        ps->allow_aggs = saved_aggs;
    }
    return j;
}

static FromNode *
parse_from_item(ParseState *ps, Query *q, Node *item)
{
    switch (item->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
        return parse_from_table(ps, q, item->range_var);
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
        return parse_from_function(ps, q, item->range_function);
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
        return parse_from_subquery(ps, q, item->range_subselect);
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
        return parse_from_join(ps, q, item->join_expr);
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this kind of FROM item is not supported yet"));
    }
}

void
parse_from_clause(ParseState *ps, Query *q, Node **items, int nitems)
{
    FromNode *tree = NULL;
    for (int i = 0; i < nitems; i++) {
        ps->lateral_left = tree;
        FromNode *n = parse_from_item(ps, q, items[i]);
        if (tree == NULL) {
            tree = n;
            continue;
        }
        FromNode *j = mcx_alloc0(sizeof *j);
        j->is_join = true;
        j->jointype = JOIN_INNER;
        j->left = tree;
        j->right = n;
        j->first_col = tree->first_col;
        j->ncols = tree->ncols + n->ncols;
        tree = j;
    }
    q->jointree = tree;
    ps->ns_root = tree;
    ps->lateral_left = NULL;
}

static Expr *
parse_from_rte_var(ParseState *ps, int rtindex, int i, int loc)
{
    const RangeTblEntry *rte = &ps->rtes[rtindex];
    Expr *v = expr_make_var(rte->offset + i, rte->coltypes[i], rte->coltypmods[i]);
    v->location = loc;
    return v;
}

/* Count the columns named col under n (USING columns once, at their join). */
static int
parse_from_find(ParseState *ps, FromNode *n, const char *col, int loc, Expr **out)
{
    if (!n->is_join) {
        const RangeTblEntry *rte = &ps->rtes[n->rtindex];
        int found = 0;
        for (int i = 0; i < rte->ncols; i++)
            if (rte->colnames[i] && strcmp(rte->colnames[i], col) == 0) {
                if (found++ == 0)
                    *out = parse_from_rte_var(ps, n->rtindex, i, loc);
            }
        return found;
    }
    for (int i = 0; i < n->nusing; i++)
        if (strcmp(n->using_names[i], col) == 0) {
            *out = n->using_exprs[i];
            return 1;
        }
    Expr *l = NULL;
    Expr *r = NULL;
    int nl = parse_from_find(ps, n->left, col, loc, &l);
    int nr = parse_from_find(ps, n->right, col, loc, &r);
    if (nl > 0)
        *out = l;
    else if (nr > 0)
        *out = r;
    return nl + nr;
}

/* The leaf named table under n, or -1. */
static int
parse_from_find_table(ParseState *ps, FromNode *n, const char *table)
{
    if (n == NULL)
        return -1;
    if (!n->is_join)
        return strcmp(ps->rtes[n->rtindex].alias, table) == 0 ? n->rtindex : -1;
    int l = parse_from_find_table(ps, n->left, table);
    return l >= 0 ? l : parse_from_find_table(ps, n->right, table);
}

/*
 * The system column tableoid of a table in FROM: the same OID in every row, so a
 * constant. (The other system columns, ctid, xmin, cmin, xmax, cmax, are not provided.)
 */
static Expr *
parse_from_tableoid(const RangeTblEntry *rte, int loc)
{
    return expr_make_const(OIDOID, -1, oid_datum(rte->rel->oid), false, loc);
}

Expr *
parse_from_column(ParseState *ps, const char *table, const char *col, int loc, bool *no_table)
{
    if (table != NULL) {
        int rt = parse_from_find_table(ps, ps->ns_root, table);
        if (rt < 0) {
            *no_table = true;
            return NULL;
        }
        const RangeTblEntry *rte = &ps->rtes[rt];
        Expr *found = NULL;
        for (int i = 0; i < rte->ncols; i++)
            if (rte->colnames[i] && strcmp(rte->colnames[i], col) == 0) {
                if (found != NULL)
                    ereport(ERROR,
                            err_code(SQLSTATE_AMBIGUOUS_COLUMN),
                            err_msg("column reference \"%s\" is ambiguous", col),
                            parse_errposition(loc));
                found = parse_from_rte_var(ps, rt, i, loc);
            }
        if (found == NULL && strcmp(col, "tableoid") == 0 && rte->kind == RTE_TABLE)
            return parse_from_tableoid(rte, loc);
        return found;
    }
    if (ps->ns_root == NULL)
        return NULL;
    Expr *out = NULL;
    int n = parse_from_find(ps, ps->ns_root, col, loc, &out);
    if (n > 1)
        ereport(ERROR,
                err_code(SQLSTATE_AMBIGUOUS_COLUMN),
                err_msg("column reference \"%s\" is ambiguous", col),
                parse_errposition(loc));
    if (n == 0 && strcmp(col, "tableoid") == 0) {
        /* the system column, when exactly one table is in FROM */
        int tables = 0;
        const RangeTblEntry *only = NULL;
        for (int i = 0; i < ps->nrtes; i++)
            if (ps->rtes[i].kind == RTE_TABLE) {
                tables++;
                only = &ps->rtes[i];
            }
        if (tables > 1)
            ereport(ERROR,
                    err_code(SQLSTATE_AMBIGUOUS_COLUMN),
                    err_msg("column reference \"%s\" is ambiguous", col),
                    parse_errposition(loc));
        if (tables == 1)
            return parse_from_tableoid(only, loc);
    }
    if (n == 0) {
        /* A whole-row reference to a function returning a base type is its value, as in
         * PostgreSQL: "FROM jsonb_array_elements(x) AS e" lets e stand for the element. */
        int rt = parse_from_find_table(ps, ps->ns_root, col);
        /* (not one returning a record: its columns are the fields, the record is gone) */
        if (rt >= 0 && ps->rtes[rt].kind == RTE_FUNCTION && !ps->rtes[rt].ordinality &&
            ps->rtes[rt].func->type != RECORDOID)
            return parse_from_rte_var(ps, rt, 0, loc);
        return NULL;
    }
    if (out->kind == EXPR_VAR && out->location != loc) {
        Expr *c = mcx_alloc(sizeof *c);
        *c = *out;
        c->location = loc;
        out = c;
    }
    return out;
}

bool
parse_from_has_column(ParseState *ps, const char *col)
{
    Expr *out = NULL;
    return ps->ns_root != NULL && parse_from_find(ps, ps->ns_root, col, -1, &out) > 0;
}

typedef struct StarList {
    int n;
    int cap;
    Expr **exprs;
    char **names;
} StarList;

static void
parse_from_star_add(StarList *sl, Expr *e, char *name)
{
    if (sl->n == sl->cap) {
        sl->cap = sl->cap ? sl->cap * 2 : 16;
        sl->exprs = mcx_realloc(sl->exprs, sizeof(Expr *) * (size_t)sl->cap);
        sl->names = mcx_realloc(sl->names, sizeof(char *) * (size_t)sl->cap);
    }
    sl->exprs[sl->n] = e;
    sl->names[sl->n] = name;
    sl->n++;
}

static void
parse_from_star_rte(ParseState *ps, int rt, StarList *sl, const FromNode *skip_using)
{
    const RangeTblEntry *rte = &ps->rtes[rt];
    for (int i = 0; i < rte->ncols; i++) {
        if (rte->colnames[i] == NULL)
            continue;
        bool skip = false;
        for (int k = 0; skip_using && k < skip_using->nusing; k++)
            skip |= strcmp(skip_using->using_names[k], rte->colnames[i]) == 0;
        if (!skip)
            parse_from_star_add(sl, parse_from_rte_var(ps, rt, i, -1), rte->colnames[i]);
    }
}

static void
parse_from_star_tree(ParseState *ps, FromNode *n, StarList *sl)
{
    if (!n->is_join) {
        parse_from_star_rte(ps, n->rtindex, sl, NULL);
        return;
    }
    if (n->nusing == 0) {
        parse_from_star_tree(ps, n->left, sl);
        parse_from_star_tree(ps, n->right, sl);
        return;
    }
    for (int i = 0; i < n->nusing; i++)
        parse_from_star_add(sl, n->using_exprs[i], n->using_names[i]);
    StarList sides[2] = {{0}, {0}};
    parse_from_star_tree(ps, n->left, &sides[0]);
    parse_from_star_tree(ps, n->right, &sides[1]);
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < sides[s].n; i++) {
            bool skip = false;
            for (int k = 0; k < n->nusing; k++)
                skip |= strcmp(n->using_names[k], sides[s].names[i]) == 0;
            if (!skip)
                parse_from_star_add(sl, sides[s].exprs[i], sides[s].names[i]);
        }
}

int
parse_from_star(ParseState *ps, const char *table, int loc, Expr ***exprs, char ***names)
{
    StarList sl = {0};
    if (table == NULL) {
        if (ps->ns_root != NULL)
            parse_from_star_tree(ps, ps->ns_root, &sl);
    } else {
        int rt = parse_from_find_table(ps, ps->ns_root, table);
        if (rt < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("missing FROM-clause entry for table \"%s\"", table),
                    parse_errposition(loc));
        parse_from_star_rte(ps, rt, &sl, NULL);
    }
    *exprs = sl.exprs;
    *names = sl.names;
    return sl.n;
}

static int
parse_from_rte_of(ParseState *ps, int attno)
{
    for (int i = 0; i < ps->nrtes; i++)
        if (attno >= ps->rtes[i].offset && attno < ps->rtes[i].offset + ps->rtes[i].ncols)
            return i;
    return -1;
}

void
parse_from_var_names(ParseState *ps, int attno, const char **tab, const char **col)
{
    int rt = parse_from_rte_of(ps, attno);
    if (rt < 0) {
        *tab = "?";
        *col = "?";
        return;
    }
    *tab = ps->rtes[rt].alias;
    const char *c = ps->rtes[rt].colnames[attno - ps->rtes[rt].offset];
    *col = c ? c : "?column?";
}

Oid
parse_from_var_table(ParseState *ps, int attno, int16_t *attnum)
{
    int rt = parse_from_rte_of(ps, attno);
    if (rt < 0 || ps->rtes[rt].kind != RTE_TABLE)
        return 0;
    *attnum = (int16_t)(attno - ps->rtes[rt].offset + 1);
    return ps->rtes[rt].rel->oid;
}

void
parse_from_check_alias_hint(ParseState *ps, const char *table, int loc)
{
    for (int i = 0; i < ps->nrtes; i++)
        if (ps->rtes[i].kind == RTE_TABLE && strcmp(ps->rtes[i].rel->name, table) == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("invalid reference to FROM-clause entry for table \"%s\"", table),
                    err_hint("Perhaps you meant to reference the table alias \"%s\".",
                             ps->rtes[i].alias),
                    parse_errposition(loc));
}
