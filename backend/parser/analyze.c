/*
 * analyze.c
 *     Statements to Query trees: SELECT (FROM clause in parse_from.c), INSERT
 *     (VALUES lists or SELECT, column lists, DEFAULT), UPDATE, DELETE; other statements pass
 *     through as CMD_UTILITY for backend/commands.
 *
 * Output column naming follows PostgreSQL: a column reference is named by the column, a
 * function or aggregate call by the function, a cast by its type name, CASE "case",
 * COALESCE "coalesce", anything else "?column?".
 */
#include "oak/oak.h"

#include <stdio.h>

#include "oak/utils/acl.h"
#include "parse_internal.h"

/*
 * PostgreSQL's output column naming: returns the strength of the guess (2: a column or
 * function name, 1: a type or keyword name, 0: none) and sets *name.
 */
static int
analyze_column_name_strength(Node *n, const char **name)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        PgQuery__ColumnRef *cr = n->column_ref;
        Node *last = cr->fields[cr->n_fields - 1];
        if (last->node_case != PG_QUERY__NODE__NODE_STRING)
            return 0;
        *name = last->string->sval;
        return 2;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        PgQuery__FuncCall *fc = n->func_call;
        *name = parse_str(fc->funcname[fc->n_funcname - 1]);
        return 2;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        int strength = analyze_column_name_strength(n->type_cast->arg, name);
        if (strength <= 1) {
            PgQuery__TypeName *tn = n->type_cast->type_name;
            *name = parse_str(tn->names[tn->n_names - 1]);
            return 1;
        }
        return strength;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        *name = "case";
        return 1;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: {
        static const char *const names[] = {"",
                                            "current_date",
                                            "current_time",
                                            "current_time",
                                            "current_timestamp",
                                            "current_timestamp",
                                            "localtime",
                                            "localtime",
                                            "localtimestamp",
                                            "localtimestamp",
                                            "current_role",
                                            "current_user",
                                            "user",
                                            "session_user",
                                            "current_catalog",
                                            "current_schema"};
        int op = (int)n->sqlvalue_function->op;
        *name = op > 0 && op < (int)OAK_LENGTHOF(names) ? names[op] : "?column?";
        return 2;
    }
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        *name = "coalesce";
        return 2;
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        *name = n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
        return 2;
    case PG_QUERY__NODE__NODE_SUB_LINK: {
        PgQuery__SubLink *sl = n->sub_link;
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) {
            *name = "exists";
            return 2;
        }
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) {
            *name = "array";
            return 2;
        }
        if (sl->sub_link_type != PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ||
            sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
            sl->subselect->select_stmt->n_target_list == 0)
            return 0;
        PgQuery__ResTarget *rt = sl->subselect->select_stmt->target_list[0]->res_target;
        if (rt->name && rt->name[0]) {
            *name = rt->name;
            return 2;
        }
        return analyze_column_name_strength(rt->val, name);
    }
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        *name = "array";
        return 2;
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        /* (r).f[1] is named after its last field name, a[1] after a */
        PgQuery__AIndirection *ind = n->a_indirection;
        for (size_t i = ind->n_indirection; i > 0; i--)
            if (ind->indirection[i - 1]->node_case == PG_QUERY__NODE__NODE_STRING) {
                *name = parse_str(ind->indirection[i - 1]);
                return 2;
            }
        return analyze_column_name_strength(ind->arg, name);
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        if (n->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
            *name = "nullif";
            return 2;
        }
        return 0;
    default:
        return 0;
    }
}

static const char *
analyze_column_name(Node *n)
{
    const char *name = "?column?";
    (void)analyze_column_name_strength(n, &name);
    return name;
}

void
analyze_add_target(Query *q, Expr *e, const char *name, bool junk, int *cap)
{
    if (q->ntargets == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        q->targets = mcx_realloc(q->targets, sizeof(TargetEntry) * (size_t)*cap);
    }
    TargetEntry *te = &q->targets[q->ntargets++];
    memset(te, 0, sizeof *te);
    te->expr = e;
    te->name = mcx_strdup(name);
    te->junk = junk;
}

static void
analyze_from(ParseState *ps, Query *q, PgQuery__SelectStmt *s)
{
    if (s->n_from_clause == 0) {
        q->from_kind = FROM_NONE;
        return;
    }
    parse_from_clause(ps, q, s->from_clause, (int)s->n_from_clause);
    q->from_kind = FROM_JOIN;
    if (q->jointree->is_join || q->nrtes != 1)
        return;
    RangeTblEntry *rte = &q->rtes[0];
    if (rte->kind == RTE_TABLE) {
        q->from_kind = FROM_TABLE;
        q->rel = rte->rel;
    } else if (rte->kind == RTE_FUNCTION) {
        q->from_kind = FROM_FUNCTION;
        q->func = rte->func;
        q->func_ordinality = rte->ordinality;
        q->func_colname = rte->colnames[0];
    }
}

static void
analyze_star(ParseState *ps, Query *q, PgQuery__ColumnRef *cr, int *cap)
{
    if (q->from_kind == FROM_NONE && cr->n_fields == 1)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("SELECT * with no tables specified is not valid"),
                parse_errposition(cr->location));
    if (cr->n_fields > 2)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("qualified column references with more than two parts are not "
                        "supported yet"),
                parse_errposition(cr->location));
    const char *table = cr->n_fields == 2 ? parse_str(cr->fields[0]) : NULL;
    Expr **exprs;
    char **names;
    int n = parse_from_star(ps, table, cr->location, &exprs, &names);
    for (int i = 0; i < n; i++) {
        analyze_add_target(q, exprs[i], names[i], false, cap);
        TargetEntry *te = &q->targets[q->ntargets - 1];
        if (exprs[i]->kind == EXPR_VAR)
            te->table_oid = parse_from_var_table(ps, exprs[i]->u.var.attno, &te->table_attnum);
    }
}

static bool
analyze_is_star(Node *val)
{
    if (val->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
        return false;
    PgQuery__ColumnRef *cr = val->column_ref;
    return cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
}

/* Set while the SELECT of an INSERT ... SELECT is analyzed (its outer target list only). */
static bool analyze_insert_source;

/* Resolve unknown-typed outputs to text, as PostgreSQL does for SELECT 'abc'. */
static Expr *
analyze_resolve_unknown(ParseState *ps, Expr *e)
{
    if (e->type != UNKNOWNOID)
        return e;
    return parse_coerce(ps, e, TEXTOID, -1, ADT_CAST_IMPLICIT, e->location);
}

/*
 * Check that, above an aggregation, e uses input columns only inside aggregates or as
 * (part of) a GROUP BY expression; raise 42803 naming the first offending column.
 */
static void
analyze_check_grouped(Query *q, ParseState *ps, Expr *e)
{
    for (int i = 0; i < q->ngroup; i++)
        if (expr_equal(e, q->group[i]))
            return;
    switch (e->kind) {
    case EXPR_VAR: {
        const char *col;
        const char *tab;
        parse_from_var_names(ps, e->u.var.attno, &tab, &col);
        ereport(ERROR,
                err_code(SQLSTATE_GROUPING_ERROR),
                err_msg("column \"%s.%s\" must appear in the GROUP BY clause or be used in an "
                        "aggregate function",
                        tab,
                        col),
                parse_errposition(e->location));
    }
    case EXPR_AGGREF:
    case EXPR_CONST:
    case EXPR_PARAM:
    case EXPR_OUTERPARAM:
        return;
    case EXPR_SUBLINK:
        for (int i = 0; i < e->u.sublink.nargs; i++)
            analyze_check_grouped(q, ps, e->u.sublink.args[i]);
        if (e->u.sublink.lhs)
            analyze_check_grouped(q, ps, e->u.sublink.lhs);
        return;
    case EXPR_FUNC:
        for (int i = 0; i < e->u.func.nargs; i++)
            analyze_check_grouped(q, ps, e->u.func.args[i]);
        return;
    case EXPR_CAST:
    case EXPR_RELABEL:
        analyze_check_grouped(q, ps, e->u.coerce.arg);
        return;
    case EXPR_BOOL:
        for (int i = 0; i < e->u.boolean.nargs; i++)
            analyze_check_grouped(q, ps, e->u.boolean.args[i]);
        return;
    case EXPR_NULLTEST:
        analyze_check_grouped(q, ps, e->u.nulltest.arg);
        return;
    case EXPR_BOOLTEST:
        analyze_check_grouped(q, ps, e->u.booltest.arg);
        return;
    case EXPR_COALESCE:
        for (int i = 0; i < e->u.coalesce.nargs; i++)
            analyze_check_grouped(q, ps, e->u.coalesce.args[i]);
        return;
    case EXPR_CASE:
        for (int i = 0; i < e->u.casex.nwhen; i++) {
            analyze_check_grouped(q, ps, e->u.casex.conds[i]);
            analyze_check_grouped(q, ps, e->u.casex.results[i]);
        }
        analyze_check_grouped(q, ps, e->u.casex.defresult);
        return;
    case EXPR_NULLIF:
        analyze_check_grouped(q, ps, e->u.nullif.left);
        analyze_check_grouped(q, ps, e->u.nullif.right);
        return;
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
    case EXPR_ARRAYOP:
        for (int i = 0; i < e->u.array.nargs; i++)
            analyze_check_grouped(q, ps, e->u.array.args[i]);
        return;
    }
}

/* Where a GROUP BY / ORDER BY item starts in the query text, for error positions; -1 if unknown. */
static int
analyze_node_location(const Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return n->column_ref->location;
    case PG_QUERY__NODE__NODE_A_CONST:
        return n->a_const->location;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return n->func_call->location;
    case PG_QUERY__NODE__NODE_A_EXPR:
        return n->a_expr->location;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return n->type_cast->location;
    default:
        return -1;
    }
}

/* Find a target for ORDER BY / GROUP BY given as a number or an output column name. */
static int
analyze_target_ref(Query *q, Node *n, const char *clause, bool prefer_input, ParseState *ps)
{
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        int pos = n->a_const->ival->ival;
        int visible = 0;
        for (int i = 0; i < q->ntargets; i++)
            if (!q->targets[i].junk && ++visible == pos)
                return i;
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                err_msg("%s position %d is not in select list", clause, pos),
                parse_errposition(n->a_const->location));
    }
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
        n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
        const char *name = n->column_ref->fields[0]->string->sval;
        bool is_input = false;
        if (prefer_input)
            is_input = parse_from_has_column(ps, name);
        if (!is_input) {
            int found = -1;
            for (int i = 0; i < q->ntargets; i++) {
                if (q->targets[i].junk || strcmp(q->targets[i].name, name) != 0)
                    continue;
                if (found >= 0 && !expr_equal(q->targets[found].expr, q->targets[i].expr))
                    ereport(ERROR,
                            err_code(SQLSTATE_AMBIGUOUS_COLUMN),
                            err_msg("%s \"%s\" is ambiguous", clause, name),
                            parse_errposition(n->column_ref->location));
                if (found < 0)
                    found = i;
            }
            if (found >= 0)
                return found;
        }
    }
    return -1;
}

Expr *
analyze_limit(ParseState *ps, Node *n, const char *clause)
{
    if (n == NULL)
        return NULL;
    ParseState lps = {.sql = ps->sql, .expr_kind = clause};
    Expr *e = parse_expr(&lps, n);
    Expr *c = parse_coerce(&lps, e, INT8OID, -1, ADT_CAST_ASSIGNMENT, e->location);
    if (c == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("argument of %s must be type bigint, not type %s",
                        clause,
                        parse_type_display(e->type)),
                parse_errposition(e->location));
    return c;
}

static const char *
analyze_lock_strength_name(int strength)
{
    static const char *const names[] = {"",
                                        "FOR KEY SHARE",
                                        "FOR SHARE",
                                        "FOR NO KEY UPDATE",
                                        "FOR UPDATE"};
    return names[strength];
}

/*
 * SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE [NOWAIT | SKIP LOCKED]: the
 * strongest clause wins, as in PostgreSQL; the rows' version keys ride along as a junk
 * column for the executor's LockRows node.
 */
static void
analyze_locking(Query *q, PgQuery__SelectStmt *s, int *cap)
{
    int strength = 0;
    int wait = 0;
    for (size_t i = 0; i < s->n_locking_clause; i++) {
        PgQuery__LockingClause *lc = s->locking_clause[i]->locking_clause;
        int st = (int)lc->strength - 1; /* LCS_FORKEYSHARE = 2 -> ROW_LOCK_KEY_SHARE = 1 */
        if (st > strength)
            strength = st;
        if (lc->wait_policy == PG_QUERY__LOCK_WAIT_POLICY__LockWaitError)
            wait = 1; /* LOCK_WAIT_NOWAIT */
        else if (lc->wait_policy == PG_QUERY__LOCK_WAIT_POLICY__LockWaitSkip && wait == 0)
            wait = 2; /* LOCK_WAIT_SKIP */
    }
    const char *what = analyze_lock_strength_name(strength);
    if (q->distinct || q->ndistinct_on > 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s is not allowed with DISTINCT clause", what));
    if (q->has_srfs)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s is not allowed with set-returning functions in the target list", what));
    if (q->has_aggs)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s is not allowed with aggregate functions", what));
    if (q->from_kind == FROM_JOIN)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s with joins or subqueries in FROM is not supported yet", what));
    if (q->from_kind != FROM_TABLE)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("%s cannot be applied to %s",
                        what,
                        q->from_kind == FROM_FUNCTION ? "a function" : "a query without FROM"));
    q->row_lock = strength;
    q->row_lock_wait = wait;
    analyze_add_target(q, expr_make_var(q->rel->natts, BYTEAOID, -1), "?rowkey?", true, cap);
    q->row_key_target = q->ntargets - 1;
}

/*
 * DISTINCT / DISTINCT ON (after ORDER BY is resolved). Plain DISTINCT needs every ORDER BY
 * expression in the select list (42P10); DISTINCT ON's expressions become targets (junk
 * when not selected) and must lead ORDER BY, in any order (42P10). The DISTINCT ON
 * expressions missing from ORDER BY are appended to it: the rows of each group are then
 * adjacent for the Unique node, as in PostgreSQL.
 */
static void
analyze_distinct(ParseState *ps, Query *q, PgQuery__SelectStmt *s, int *cap)
{
    if (s->n_distinct_clause == 1 && s->distinct_clause[0]->node_case == 0) {
        q->distinct = true;
        for (int i = 0; i < q->ntargets; i++)
            if (!q->targets[i].junk)
                parse_check_equality(q->targets[i].expr->type, false, q->targets[i].expr->location);
        for (int i = 0; i < q->nsort; i++)
            if (q->targets[q->sort[i].target].junk)
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                        err_msg("for SELECT DISTINCT, ORDER BY expressions must appear in select "
                                "list"),
                        parse_errposition(parse_raw_location(s->sort_clause[i]->sort_by->node)));
        return;
    }
    int n = (int)s->n_distinct_clause;
    q->distinct_on = mcx_alloc(sizeof(int) * (size_t)(n + 1));
    int *locs = mcx_alloc(sizeof(int) * (size_t)(n + 1));
    ps->expr_kind = "DISTINCT ON";
    for (int i = 0; i < n; i++) {
        Node *item = s->distinct_clause[i];
        int t = analyze_target_ref(q, item, "DISTINCT ON", false, ps);
        Expr *e = t >= 0 ? q->targets[t].expr : analyze_resolve_unknown(ps, parse_expr(ps, item));
        locs[i] = parse_raw_location(item);
        parse_check_equality(e->type, true, locs[i]);
        for (int j = 0; j < q->ntargets && t < 0; j++)
            if (expr_equal(q->targets[j].expr, e))
                t = j;
        if (t < 0) {
            analyze_add_target(q, e, "?distinct?", true, cap);
            t = q->ntargets - 1;
        }
        q->distinct_on[q->ndistinct_on++] = t;
    }
    /* ORDER BY must start with the DISTINCT ON expressions (until all are seen). */
    int seen = 0;
    for (int i = 0; i < q->nsort && seen < n; i++) {
        int k = -1;
        for (int j = 0; j < n; j++)
            if (q->distinct_on[j] == q->sort[i].target)
                k = j;
        if (k < 0) {
            int bad = 0;
            for (int j = 0; j < n; j++) {
                bool in_prefix = false;
                for (int m = 0; m < i; m++)
                    in_prefix |= q->sort[m].target == q->distinct_on[j];
                if (!in_prefix) {
                    bad = j;
                    break;
                }
            }
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                    err_msg("SELECT DISTINCT ON expressions must match initial ORDER BY "
                            "expressions"),
                    parse_errposition(locs[bad]));
        }
        bool dup = false;
        for (int m = 0; m < i; m++)
            dup |= q->sort[m].target == q->sort[i].target;
        if (!dup)
            seen++;
    }
    for (int j = 0; j < n; j++) {
        bool in_sort = false;
        for (int i = 0; i < q->nsort; i++)
            in_sort |= q->sort[i].target == q->distinct_on[j];
        if (in_sort)
            continue;
        q->sort = mcx_realloc(q->sort, sizeof(SortItem) * (size_t)(q->nsort + 1));
        q->sort[q->nsort++] = (SortItem){.target = q->distinct_on[j]};
    }
}

static Query *analyze_select_plain(ParseState *ps, PgQuery__SelectStmt *s);

static Query *
analyze_select(PgQuery__SelectStmt *s, const char *sql, ParseState *parent, Expr *sublink)
{
    if (s->n_window_clause > 0 || s->into_clause)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("WINDOW and SELECT INTO are not supported yet"));
    ParseState ps = {.sql = sql, .parent = parent, .sublink = sublink};
    int mark = s->with_clause ? parse_cte_push(&ps, s->with_clause) : -1;
    Query *q;
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE)
        q = parse_setop_query(&ps, s);
    else if (s->n_values_lists > 0)
        q = parse_values_query(&ps, s);
    else
        q = analyze_select_plain(&ps, s);
    if (mark >= 0) {
        q->nctes = parse_cte_collect(mark, &q->ctes);
        parse_cte_pop(mark);
    }
    return q;
}

/* A SELECT with FROM, WHERE, GROUP BY, ... (not a set operation or VALUES). */
static Query *
analyze_select_plain(ParseState *psp, PgQuery__SelectStmt *s)
{
    ParseState ps = *psp;
    Query *q = mcx_alloc0(sizeof *q);
    q->cmd = CMD_SELECT;
    analyze_from(&ps, q, s);

    if (s->where_clause) {
        ps.expr_kind = "WHERE";
        q->where = parse_coerce_bool(&ps, parse_expr(&ps, s->where_clause), "WHERE");
    }

    int cap = 0;
    ps.allow_aggs = true;
    ps.expr_kind = "SELECT";
    for (size_t i = 0; i < s->n_target_list; i++) {
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        if (analyze_is_star(rt->val)) {
            analyze_star(&ps, q, rt->val->column_ref, &cap);
            continue;
        }
        if (parse_is_record_star(rt->val)) { /* (expr).* (parse_record.c) */
            Expr **exprs;
            char **names;
            ps.allow_srf = true;
            int n = parse_record_star(&ps, rt->val->a_indirection, &exprs, &names);
            ps.allow_srf = false;
            for (int k = 0; k < n; k++) {
                q->has_srfs |= parse_find_srf(exprs[k]) != NULL;
                analyze_add_target(q, exprs[k], names[k], false, &cap);
            }
            continue;
        }
        /*
         * An INSERT's source keeps literals of unknown type for now: the INSERT coerces
         * them to the column types, as PostgreSQL does (a string into a timestamp column);
         * so does a leaf of a set operation, which resolves them with the other leaves'
         * (an untyped $n too: SELECT $1 UNION SELECT 1 makes $1 an integer).
         */
        ps.allow_srf = true;
        Expr *e = parse_expr(&ps, rt->val);
        ps.allow_srf = false;
        if (parse_find_srf(e) != NULL)
            q->has_srfs = true;
        if (!(analyze_insert_source && s->n_sort_clause == 0 && s->n_group_clause == 0 &&
              s->n_distinct_clause == 0 && (e->kind == EXPR_CONST || e->kind == EXPR_PARAM)))
            e = analyze_resolve_unknown(&ps, e);
        const char *name = rt->name && rt->name[0] ? rt->name : analyze_column_name(rt->val);
        analyze_add_target(q, e, name, false, &cap);
        if (e->kind == EXPR_VAR) {
            TargetEntry *te = &q->targets[q->ntargets - 1];
            te->table_oid = parse_from_var_table(&ps, e->u.var.attno, &te->table_attnum);
        }
    }

    /* GROUP BY: an output position or alias, or an expression over the input. */
    ps.allow_aggs = false;
    ps.expr_kind = "GROUP BY";
    q->ngroup = (int)s->n_group_clause;
    q->group = mcx_alloc(sizeof(Expr *) * (size_t)(q->ngroup + 1));
    for (int i = 0; i < q->ngroup; i++) {
        int t = analyze_target_ref(q, s->group_clause[i], "GROUP BY", true, &ps);
        q->group[i] = t >= 0 ? q->targets[t].expr
                             : analyze_resolve_unknown(&ps, parse_expr(&ps, s->group_clause[i]));
        if (t >= 0 && q->group[i]->kind == EXPR_AGGREF)
            ereport(ERROR,
                    err_code(SQLSTATE_GROUPING_ERROR),
                    err_msg("aggregate functions are not allowed in GROUP BY"),
                    parse_errposition(q->group[i]->location));
        /* grouping compares key encodings: a type without one (json) has no equality */
        const TypeDesc *gt = adt_type(q->group[i]->type);
        if (gt != NULL && gt->key_encode == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("could not identify an equality operator for type %s",
                            parse_type_display(gt->oid)),
                    parse_errposition(analyze_node_location(s->group_clause[i])));
    }

    ps.allow_aggs = true;
    if (s->having_clause) {
        ps.expr_kind = "HAVING";
        q->having = parse_coerce_bool(&ps, parse_expr(&ps, s->having_clause), "HAVING");
    }

    ps.expr_kind = "ORDER BY";
    q->nsort = (int)s->n_sort_clause;
    q->sort = mcx_alloc0(sizeof(SortItem) * (size_t)(q->nsort + 1));
    for (int i = 0; i < q->nsort; i++) {
        PgQuery__SortBy *sb = s->sort_clause[i]->sort_by;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("ORDER BY ... USING is not supported yet"));
        int t = analyze_target_ref(q, sb->node, "ORDER BY", false, &ps);
        if (t < 0) {
            Expr *e = analyze_resolve_unknown(&ps, parse_expr(&ps, sb->node));
            for (int j = 0; j < q->ntargets && t < 0; j++)
                if (expr_equal(q->targets[j].expr, e))
                    t = j;
            if (t < 0) {
                analyze_add_target(q, e, "?sort?", true, &cap);
                t = q->ntargets - 1;
            }
        }
        q->sort[i].target = t;
        q->sort[i].desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
            q->sort[i].nulls_first = true;
        else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
            q->sort[i].nulls_first = false;
        else
            q->sort[i].nulls_first = q->sort[i].desc; /* PostgreSQL: NULLs are largest */
        const TypeDesc *td = adt_type(q->targets[t].expr->type);
        if (td == NULL || td->compare == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("could not identify an ordering operator for type %s",
                            parse_type_display(q->targets[t].expr->type)),
                    err_hint("Use an explicit ordering operator or modify the query."),
                    parse_errposition(sb->location >= 0 ? sb->location
                                                        : analyze_node_location(sb->node)));
    }

    if (s->n_distinct_clause > 0) /* before the grouping check: DISTINCT ON adds targets */
        analyze_distinct(&ps, q, s, &cap);
    q->naggs = ps.naggs;
    q->aggs = ps.aggs;
    q->has_aggs = ps.naggs > 0 || q->ngroup > 0 || q->having != NULL;
    if (q->has_aggs) {
        for (int i = 0; i < q->ntargets; i++)
            analyze_check_grouped(q, &ps, q->targets[i].expr);
        if (q->having)
            analyze_check_grouped(q, &ps, q->having);
    }
    if (s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("FETCH ... WITH TIES is not supported yet"));
    q->limit = analyze_limit(&ps, s->limit_count, "LIMIT");
    q->offset = analyze_limit(&ps, s->limit_offset, "OFFSET");
    if (s->n_locking_clause > 0)
        analyze_locking(q, s, &cap);
    return q;
}

Query *
analyze_setop_leaf(PgQuery__SelectStmt *s, const char *sql, ParseState *parent, Expr *sublink)
{
    bool saved = analyze_insert_source;
    analyze_insert_source = true;
    Query *q;
    err_try();
    {
        q = analyze_select(s, sql, parent, sublink);
    }
    err_catch();
    {
        analyze_insert_source = saved;
        err_rethrow();
    }
    err_end_try();
    analyze_insert_source = saved;
    return q;
}

Query *
analyze_subselect(PgQuery__SelectStmt *s, const char *sql, ParseState *parent, Expr *sublink)
{
    bool saved = analyze_insert_source;
    analyze_insert_source = false;
    Query *q = analyze_select(s, sql, parent, sublink);
    analyze_insert_source = saved;
    return q;
}

/* --- privileges ---------------------------------------------------------------------------- */

typedef struct RequiredPriv {
    RelDesc *rel;
    Oid role; /* whose privileges: the current user, or a view's owner inside the view */
    uint32_t mask;
} RequiredPriv;

/* INVALID_OID: the current user; set to a view's owner while its query is analyzed. */
Oid parse_privilege_role;

/* The statement being analyzed: reset by analyze_statement (one at a time per backend). */
static RequiredPriv *analyze_privs;
static int analyze_nprivs;
static int analyze_privs_cap;

void
parse_require_privilege(RelDesc *rel, uint32_t mask)
{
    for (int i = 0; i < analyze_nprivs; i++)
        if (analyze_privs[i].rel->oid == rel->oid &&
            analyze_privs[i].role == parse_privilege_role) {
            analyze_privs[i].mask |= mask;
            return;
        }
    if (analyze_nprivs == analyze_privs_cap) {
        analyze_privs_cap = analyze_privs_cap ? analyze_privs_cap * 2 : 8;
        RequiredPriv *grown = mcx_alloc(sizeof(RequiredPriv) * (size_t)analyze_privs_cap);
        if (analyze_nprivs > 0)
            memcpy(grown, analyze_privs, sizeof(RequiredPriv) * (size_t)analyze_nprivs);
        analyze_privs = grown;
    }
    analyze_privs[analyze_nprivs++] = (RequiredPriv){rel, parse_privilege_role, mask};
}

Oid
parse_schema_with_usage(const char *schema, int location)
{
    Oid nsp = cat_namespace_oid(schema);
    if (nsp != INVALID_OID && !cat_namespace_privilege(nsp, ACL_USAGE))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied for schema %s", schema),
                parse_errposition(location));
    return nsp;
}

static void
analyze_check_privileges(void)
{
    for (int i = 0; i < analyze_nprivs; i++)
        cat_check_relation_privilege_of(analyze_privs[i].rel,
                                        analyze_privs[i].role != INVALID_OID ? analyze_privs[i].role
                                                                             : cat_my_role,
                                        analyze_privs[i].mask);
}

static RelDesc *
analyze_target_relation(PgQuery__RangeVar *rv, const char *verb)
{
    const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
    if (schema != NULL)
        (void)parse_schema_with_usage(schema, rv->location);
    RelDesc *rel = cat_lookup_relation(schema, rv->relname);
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s%s%s\" does not exist",
                        schema ? schema : "",
                        schema ? "." : "",
                        rv->relname),
                parse_errposition(rv->location));
    if (rel->kind == 'v')
        ereport(ERROR,
                err_code("55000"),
                err_msg("cannot %s view \"%s\"", verb, rel->name),
                err_detail("Views that do not select from a single table or view are not "
                           "automatically updatable."),
                err_hint("To enable %s the view, provide an INSTEAD OF %s trigger or an "
                         "unconditional ON %s DO INSTEAD rule.",
                         strcmp(verb, "insert into") == 0 ? "inserting into"
                         : strcmp(verb, "update") == 0    ? "updating"
                                                          : "deleting from",
                         strcmp(verb, "insert into") == 0 ? "INSERT"
                         : strcmp(verb, "update") == 0    ? "UPDATE"
                                                          : "DELETE",
                         strcmp(verb, "insert into") == 0 ? "INSERT"
                         : strcmp(verb, "update") == 0    ? "UPDATE"
                                                          : "DELETE"));
    if (rel->kind == 'S')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("cannot change sequence \"%s\"", rel->name));
    if (rel->kind != 'r')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("cannot change relation \"%s\"", rel->name),
                err_detail("This operation is not supported for indexes."),
                parse_errposition(rv->location));
    return rel;
}

static int
analyze_column_number(RelDesc *rel, const char *name, int location, const char *what)
{
    for (int i = 0; i < rel->natts; i++)
        if (strcmp(rel->atts[i].name, name) == 0)
            return i;
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_COLUMN),
            err_msg("column \"%s\" of relation \"%s\" does not exist", name, rel->name),
            parse_errposition(location));
    (void)what;
}

Expr *
analyze_default_expr(const char *sql, Oid target_type, int32_t typmod, const char *colname)
{
    PgQueryProtobufParseResult r;
    char *text = mcx_printf("SELECT %s", sql);
    r = pg_query_parse_protobuf(text);
    if (r.error) {
        pg_query_free_protobuf_parse_result(r);
        elog_internal("stored default expression of column \"%s\" does not parse", colname);
    }
    PgQuery__ParseResult *pr =
        pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    pg_query_free_protobuf_parse_result(r);
    if (pr == NULL)
        elog_internal("stored default expression of column \"%s\" does not unpack", colname);
    ParseState ps = {.sql = text, .expr_kind = "DEFAULT expressions"};
    Expr *e = NULL;
    err_try();
    {
        Node *val = pr->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
        e = parse_expr(&ps, val);
    }
    err_catch();
    {
        pg_query__parse_result__free_unpacked(pr, NULL);
        err_rethrow();
    }
    err_end_try();
    pg_query__parse_result__free_unpacked(pr, NULL);
    AttDesc att;
    memset(&att, 0, sizeof att);
    snprintf(att.name, sizeof att.name, "%s", colname);
    att.type = target_type;
    att.typmod = typmod;
    return parse_coerce_to_column(&ps, e, &att, -1);
}

Expr *
analyze_param_arg(void *node, const char *sql, Oid type, int paramno)
{
    ParseState ps = {.sql = sql, .expr_kind = "EXECUTE parameter"};
    Expr *e = parse_expr(&ps, node);
    Expr *c = parse_coerce(&ps, e, type, -1, ADT_CAST_ASSIGNMENT, e->location);
    if (c == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("parameter $%d of type %s cannot be coerced to the expected type %s",
                        paramno,
                        adt_format_type(e->type, -1),
                        adt_format_type(type, -1)),
                err_hint("You will need to rewrite or cast the expression."),
                parse_errposition(e->location));
    return c;
}

Expr *
analyze_column_default(RelDesc *rel, int col)
{
    AttDesc *att = &rel->atts[col];
    if (att->identity != '\0' && att->identity_seq != INVALID_OID)
        return analyze_default_expr(mcx_printf("nextval(%u::regclass)", att->identity_seq),
                                    att->type,
                                    att->typmod,
                                    att->name);
    if (att->default_sql == NULL)
        return expr_make_const(att->type, att->typmod, 0, true, -1);
    return analyze_default_expr(att->default_sql, att->type, att->typmod, att->name);
}

/*
 * RETURNING: each item over the target table's row (ps->rel), "*" and "t.*" expanding to
 * every column; unknown literals resolve to text. Filled into q->returning.
 */
static void
analyze_returning(ParseState *ps, Query *q, Node **list, size_t n)
{
    if (n == 0)
        return;
    RelDesc *rel = q->target_rel;
    Query tmp;
    memset(&tmp, 0, sizeof tmp);
    int cap = 0;
    const char *saved = ps->expr_kind;
    ps->expr_kind = "RETURNING";
    for (size_t i = 0; i < n; i++) {
        PgQuery__ResTarget *rt = list[i]->res_target;
        if (analyze_is_star(rt->val)) {
            PgQuery__ColumnRef *cr = rt->val->column_ref;
            if (cr->n_fields == 2 && strcmp(parse_str(cr->fields[0]), ps->rel_alias) != 0)
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_TABLE),
                        err_msg("missing FROM-clause entry for table \"%s\"",
                                parse_str(cr->fields[0])),
                        parse_errposition(cr->location));
            for (int c = 0; c < rel->natts; c++) {
                Expr *v = expr_make_var(c, rel->atts[c].type, rel->atts[c].typmod);
                analyze_add_target(&tmp, v, rel->atts[c].name, false, &cap);
                tmp.targets[tmp.ntargets - 1].table_oid = rel->oid;
                tmp.targets[tmp.ntargets - 1].table_attnum = (int16_t)(c + 1);
            }
            ps->reads_rel = true; /* RETURNING * reads every column: SELECT needed */
            continue;
        }
        Expr *e = analyze_resolve_unknown(ps, parse_expr(ps, rt->val));
        const char *name = rt->name && rt->name[0] ? rt->name : analyze_column_name(rt->val);
        analyze_add_target(&tmp, e, name, false, &cap);
        if (e->kind == EXPR_VAR) {
            tmp.targets[tmp.ntargets - 1].table_oid = rel->oid;
            tmp.targets[tmp.ntargets - 1].table_attnum = (int16_t)(e->u.var.attno + 1);
        }
    }
    ps->expr_kind = saved;
    q->nreturning = tmp.ntargets;
    q->returning = tmp.targets;
    if (ps->reads_rel) /* as PostgreSQL: returning the table's columns needs SELECT */
        parse_require_privilege(rel, ACL_SELECT);
}

static void analyze_on_conflict(PgQuery__InsertStmt *s, const char *sql, Query *q);

/* INSERT's RETURNING sees the new row under the table's name or its alias. */
static void
analyze_insert_returning(PgQuery__InsertStmt *s, const char *sql, Query *q)
{
    ParseState ps = {.sql = sql, .rel = q->target_rel};
    ps.rel_alias = s->relation->alias && s->relation->alias->aliasname[0]
                       ? s->relation->alias->aliasname
                       : s->relation->relname;
    analyze_returning(&ps, q, s->returning_list, s->n_returning_list);
}

static bool
analyze_is_default(Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT;
}

/*
 * The value stored in INSERT's target column i: the expression coerced to the column, or,
 * for a subscripted target (INSERT INTO t (a[2]) ...), an array holding it at that place.
 */
static Expr *
analyze_insert_value(ParseState *ps, PgQuery__InsertStmt *s, int i, Expr *e, const AttDesc *att)
{
    PgQuery__ResTarget *rt = s->n_cols > 0 ? s->cols[i]->res_target : NULL;
    if (rt == NULL || rt->n_indirection == 0)
        return parse_coerce_to_column(ps, e, att, e->location);
    Expr *none = expr_make_const(att->type, att->typmod, 0, true, -1);
    return parse_array_assign(
        ps, none, att, rt->indirection, (int)rt->n_indirection, e, rt->location);
}

/*
 * A value given for an identity column: whether it is to be replaced by the column's
 * sequence (OVERRIDING USER VALUE); a GENERATED ALWAYS column takes one only with
 * OVERRIDING SYSTEM VALUE (428C9 otherwise, as in PostgreSQL).
 */
static bool
analyze_identity_value(PgQuery__InsertStmt *s, const AttDesc *att)
{
    if (att->identity == '\0')
        return false;
    if (s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
        return true;
    if (att->identity == 'a' && s->override != PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE)
        ereport(ERROR,
                err_code(SQLSTATE_GENERATED_ALWAYS),
                err_msg("cannot insert a non-DEFAULT value into column \"%s\"", att->name),
                err_detail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
                           att->name),
                err_hint("Use OVERRIDING SYSTEM VALUE to override."));
    return false;
}

static Query *
analyze_insert(PgQuery__InsertStmt *s, const char *sql)
{
    if (s->with_clause)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("WITH on INSERT is not supported yet"));
    Query *q = mcx_alloc0(sizeof *q);
    ParseState ps = {.sql = sql, .expr_kind = "VALUES"};
    q->cmd = CMD_INSERT;
    RelDesc *rel = analyze_target_relation(s->relation, "insert into");
    q->target_rel = rel;
    parse_require_privilege(rel, ACL_INSERT);

    int ncols = s->n_cols > 0 ? (int)s->n_cols : rel->natts;
    int *attnos = mcx_alloc(sizeof(int) * (size_t)(ncols + 1));
    int *locs = mcx_alloc(sizeof(int) * (size_t)(ncols + 1));
    for (int i = 0; i < ncols; i++) {
        if (s->n_cols > 0) {
            PgQuery__ResTarget *rt = s->cols[i]->res_target;
            attnos[i] = analyze_column_number(rel, rt->name, rt->location, "INSERT");
            locs[i] = rt->location;
            for (int j = 0; j < i; j++)
                if (attnos[j] == attnos[i])
                    ereport(ERROR,
                            err_code(SQLSTATE_DUPLICATE_COLUMN),
                            err_msg("column \"%s\" specified more than once", rt->name),
                            parse_errposition(rt->location));
        } else {
            attnos[i] = i;
            locs[i] = -1;
        }
    }
    q->insert_attnos = attnos;

    q->column_defaults = mcx_alloc0(sizeof(Expr *) * (size_t)(rel->natts + 1));
    for (int c = 0; c < rel->natts; c++)
        q->column_defaults[c] = analyze_column_default(rel, c);

    PgQuery__SelectStmt *sel = s->select_stmt ? s->select_stmt->select_stmt : NULL;
    if (sel == NULL) {
        /* INSERT ... DEFAULT VALUES */
        q->ninsert_cols = 0;
        q->nvalues_rows = 1;
        q->values_rows = mcx_alloc(sizeof(Expr **));
        q->values_rows[0] = NULL;
        return q;
    }
    if (sel->n_values_lists > 0) {
        q->nvalues_rows = (int)sel->n_values_lists;
        q->values_rows = mcx_alloc(sizeof(Expr **) * (size_t)q->nvalues_rows);
        int width = -1;
        for (int r = 0; r < q->nvalues_rows; r++) {
            PgQuery__List *row = sel->values_lists[r]->list;
            int n = (int)row->n_items;
            if (width >= 0 && n != width)
                ereport(ERROR,
                        err_code(SQLSTATE_SYNTAX_ERROR),
                        err_msg("VALUES lists must all be the same length"),
                        parse_errposition(-1));
            width = n;
            if (n > ncols)
                ereport(ERROR,
                        err_code(SQLSTATE_SYNTAX_ERROR),
                        err_msg("INSERT has more expressions than target columns"),
                        parse_errposition(-1));
            if (n < ncols && s->n_cols > 0)
                ereport(ERROR,
                        err_code(SQLSTATE_SYNTAX_ERROR),
                        err_msg("INSERT has more target columns than expressions"),
                        parse_errposition(locs[n]));
            Expr **exprs = mcx_alloc(sizeof(Expr *) * (size_t)(ncols + 1));
            for (int i = 0; i < ncols; i++) {
                if (i >= n || analyze_is_default(row->items[i]) ||
                    analyze_identity_value(s, &rel->atts[attnos[i]])) {
                    exprs[i] = q->column_defaults[attnos[i]];
                    continue;
                }
                Expr *e = parse_expr(&ps, row->items[i]);
                exprs[i] = analyze_insert_value(&ps, s, i, e, &rel->atts[attnos[i]]);
            }
            q->values_rows[r] = exprs;
        }
        q->ninsert_cols = ncols;
        if (s->on_conflict_clause != NULL)
            analyze_on_conflict(s, sql, q);
        analyze_insert_returning(s, sql, q);
        return q;
    }
    for (int i = 0; i < ncols; i++) {
        if (rel->atts[attnos[i]].identity != '\0' &&
            s->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("OVERRIDING USER VALUE with INSERT ... SELECT is not supported yet"));
        (void)analyze_identity_value(s, &rel->atts[attnos[i]]);
    }
    analyze_insert_source = true;
    Query *src;
    err_try();
    {
        src = analyze_select(sel, sql, NULL, NULL);
    }
    err_catch();
    {
        analyze_insert_source = false;
        err_rethrow();
    }
    err_end_try();
    analyze_insert_source = false;
    int nvis = 0;
    for (int i = 0; i < src->ntargets; i++)
        nvis += !src->targets[i].junk;
    if (nvis > ncols)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("INSERT has more expressions than target columns"));
    if (nvis < ncols && s->n_cols > 0)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("INSERT has more target columns than expressions"),
                parse_errposition(locs[nvis]));
    for (int i = 0, v = 0; i < src->ntargets; i++) {
        if (src->targets[i].junk)
            continue;
        Expr *e = src->targets[i].expr;
        src->targets[i].expr = analyze_insert_value(&ps, s, v, e, &rel->atts[attnos[v]]);
        v++;
    }
    q->ninsert_cols = nvis;
    q->source = src;
    if (s->on_conflict_clause != NULL)
        analyze_on_conflict(s, sql, q);
    analyze_insert_returning(s, sql, q);
    return q;
}

/*
 * UPDATE's and ON CONFLICT DO UPDATE's SET list over q->target_rel: target columns (several
 * subscripted assignments to one column apply in turn) and their coerced expressions.
 */
static void
analyze_set_list(ParseState *ps, Query *q, Node **list, size_t n)
{
    RelDesc *rel = q->target_rel;
    int ntargets = (int)n;
    q->nset = 0;
    q->set_attnos = mcx_alloc(sizeof(int) * (size_t)ntargets);
    q->set_exprs = mcx_alloc(sizeof(Expr *) * (size_t)ntargets);
    for (int i = 0; i < ntargets; i++) {
        PgQuery__ResTarget *rt = list[i]->res_target;
        int a = analyze_column_number(rel, rt->name, rt->location, "UPDATE");
        int prev = -1;
        for (int j = 0; j < q->nset; j++)
            if (q->set_attnos[j] == a)
                prev = j;
        /* Several subscripted assignments to one column apply in turn, as in PostgreSQL. */
        bool chain = prev >= 0 && rt->n_indirection > 0 &&
                     q->set_exprs[prev]->kind == EXPR_SUBSCRIPT &&
                     q->set_exprs[prev]->u.array.assign;
        if (prev >= 0 && !chain)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("multiple assignments to same column \"%s\"", rt->name),
                    parse_errposition(rt->location));
        if (rt->n_indirection > 0) {
            Expr *cur = chain ? q->set_exprs[prev]
                              : expr_make_var(a, rel->atts[a].type, rel->atts[a].typmod);
            Expr *e = parse_expr(ps, rt->val);
            Expr *set = parse_array_assign(
                ps, cur, &rel->atts[a], rt->indirection, (int)rt->n_indirection, e, rt->location);
            int k = chain ? prev : q->nset++;
            q->set_attnos[k] = a;
            q->set_exprs[k] = set;
            continue;
        }
        if (rel->atts[a].identity == 'a' && !analyze_is_default(rt->val))
            ereport(ERROR,
                    err_code(SQLSTATE_GENERATED_ALWAYS),
                    err_msg("column \"%s\" can only be updated to DEFAULT", rt->name),
                    err_detail("Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
                               rt->name));
        int k = q->nset++;
        q->set_attnos[k] = a;
        if (analyze_is_default(rt->val)) {
            q->set_exprs[k] = analyze_column_default(rel, a);
            continue;
        }
        Expr *e = parse_expr(ps, rt->val);
        q->set_exprs[k] = parse_coerce_to_column(ps, e, &rel->atts[a], e->location);
    }
}

/*
 * INSERT ... ON CONFLICT: the arbiter must be the primary key (by its columns or its
 * constraint name; DO NOTHING without one when the table has no other unique index);
 * DO UPDATE's SET and WHERE see the existing row and EXCLUDED.
 */
static void
analyze_on_conflict(PgQuery__InsertStmt *s, const char *sql, Query *q)
{
    PgQuery__OnConflictClause *oc = s->on_conflict_clause;
    RelDesc *rel = q->target_rel;
    bool update = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
    PgQuery__InferClause *inf = oc->infer;
    if (update && inf == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("ON CONFLICT DO UPDATE requires inference specification or constraint "
                        "name"),
                err_hint("For example, ON CONFLICT (column_name)."),
                parse_errposition(oc->location));
    bool other_unique = false;
    for (int i = 0; i < rel->nindexes; i++)
        other_unique |= rel->indexes[i].unique;
    if (inf == NULL) {
        if (other_unique)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("ON CONFLICT DO NOTHING without a conflict target is not supported "
                            "yet on a table with unique indexes besides its primary key"),
                    parse_errposition(oc->location));
        q->on_conflict = rel->pk_natts > 0 ? ONCONFLICT_NOTHING : ONCONFLICT_NONE;
        return;
    }
    bool is_pk = false;
    if (inf->conname != NULL && inf->conname[0] != '\0') {
        is_pk = rel->pk_natts > 0 && strcmp(inf->conname, rel->pk_name) == 0;
        bool known = is_pk;
        for (int i = 0; i < rel->nindexes; i++)
            known |= strcmp(rel->indexes[i].conname, inf->conname) == 0 ||
                     (rel->indexes[i].primary && strcmp(rel->indexes[i].name, inf->conname) == 0);
        if (!known)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("constraint \"%s\" for table \"%s\" does not exist",
                            inf->conname,
                            rel->name));
    } else {
        bool cols[MAX_TABLE_COLUMNS];
        memset(cols, 0, sizeof cols);
        int ncols = 0;
        for (size_t i = 0; i < inf->n_index_elems; i++) {
            PgQuery__IndexElem *ie = inf->index_elems[i]->index_elem;
            if (ie->name == NULL || ie->name[0] == '\0')
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("ON CONFLICT on an expression is not supported yet"),
                        parse_errposition(inf->location));
            int a = analyze_column_number(rel, ie->name, inf->location, "ON CONFLICT");
            if (!cols[a])
                ncols++;
            cols[a] = true;
        }
        is_pk = inf->where_clause == NULL && rel->pk_natts == ncols;
        for (int k = 0; is_pk && k < rel->pk_natts; k++)
            is_pk = cols[rel->pk_attnos[k]];
        bool matches_unique = false;
        for (int i = 0; i < rel->nindexes && !is_pk; i++) {
            const IndexDesc *ix = &rel->indexes[i];
            bool m = ix->unique && ix->nkeys == ncols;
            for (int k = 0; m && k < ix->nkeys; k++)
                m = ix->attnos[k] >= 0 && cols[ix->attnos[k]];
            matches_unique |= m;
        }
        if (!is_pk && !matches_unique)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                    err_msg("there is no unique or exclusion constraint matching the ON "
                            "CONFLICT specification"));
    }
    if (!is_pk)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("ON CONFLICT on a unique index other than the primary key is not "
                        "supported yet"),
                parse_errposition(inf->location));
    if (other_unique && update)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("ON CONFLICT DO UPDATE is not supported yet on a table with unique "
                        "indexes besides its primary key"),
                parse_errposition(oc->location));
    q->on_conflict = update ? ONCONFLICT_UPDATE : ONCONFLICT_NOTHING;
    /* as PostgreSQL: the conflict target's columns are read (SELECT), DO UPDATE updates */
    parse_require_privilege(rel, ACL_SELECT | (update ? ACL_UPDATE : 0));
    if (!update)
        return;
    ParseState ps = {.sql = sql, .rel = rel, .excluded = true, .expr_kind = "UPDATE"};
    ps.rel_alias = s->relation->alias && s->relation->alias->aliasname[0]
                       ? s->relation->alias->aliasname
                       : s->relation->relname;
    analyze_set_list(&ps, q, oc->target_list, oc->n_target_list);
    if (oc->where_clause != NULL) {
        ps.expr_kind = "WHERE";
        q->conflict_where = parse_coerce_bool(&ps, parse_expr(&ps, oc->where_clause), "WHERE");
    }
}

static Query *
analyze_update(PgQuery__UpdateStmt *s, const char *sql)
{
    if (s->n_from_clause > 0 || s->with_clause)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("UPDATE with FROM or WITH is not supported yet"));
    Query *q = mcx_alloc0(sizeof *q);
    ParseState ps = {.sql = sql, .expr_kind = "UPDATE"};
    q->cmd = CMD_UPDATE;
    RelDesc *rel = analyze_target_relation(s->relation, "update");
    parse_require_privilege(rel, ACL_UPDATE);
    q->target_rel = rel;
    q->rel = rel;
    q->from_kind = FROM_TABLE;
    ps.rel = rel;
    ps.rel_alias = s->relation->alias && s->relation->alias->aliasname[0]
                       ? s->relation->alias->aliasname
                       : s->relation->relname;
    analyze_set_list(&ps, q, s->target_list, s->n_target_list);
    if (s->where_clause) {
        ps.expr_kind = "WHERE";
        q->where = parse_coerce_bool(&ps, parse_expr(&ps, s->where_clause), "WHERE");
    }
    analyze_returning(&ps, q, s->returning_list, s->n_returning_list);
    if (ps.reads_rel)
        parse_require_privilege(rel, ACL_SELECT);
    return q;
}

static Query *
analyze_delete(PgQuery__DeleteStmt *s, const char *sql)
{
    if (s->n_using_clause > 0 || s->with_clause)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("DELETE with USING or WITH is not supported yet"));
    Query *q = mcx_alloc0(sizeof *q);
    ParseState ps = {.sql = sql, .expr_kind = "WHERE"};
    q->cmd = CMD_DELETE;
    RelDesc *rel = analyze_target_relation(s->relation, "delete from");
    parse_require_privilege(rel, ACL_DELETE);
    q->target_rel = rel;
    q->rel = rel;
    q->from_kind = FROM_TABLE;
    ps.rel = rel;
    ps.rel_alias = s->relation->alias && s->relation->alias->aliasname[0]
                       ? s->relation->alias->aliasname
                       : s->relation->relname;
    if (s->where_clause)
        q->where = parse_coerce_bool(&ps, parse_expr(&ps, s->where_clause), "WHERE");
    analyze_returning(&ps, q, s->returning_list, s->n_returning_list);
    if (ps.reads_rel)
        parse_require_privilege(rel, ACL_SELECT);
    return q;
}

static Query *
analyze_statement_privileged(Node *n, const char *sql)
{
    Query *q;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        q = analyze_select(n->select_stmt, sql, NULL, NULL);
        /* FOR UPDATE / SHARE needs UPDATE on the locked table, as in PostgreSQL */
        if (q->row_lock && q->from_kind == FROM_TABLE && q->rel != NULL)
            parse_require_privilege(q->rel, ACL_UPDATE);
        return q;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return analyze_insert(n->insert_stmt, sql);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return analyze_update(n->update_stmt, sql);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return analyze_delete(n->delete_stmt, sql);
    default:
        return NULL;
    }
}

Query *
analyze_statement(void *raw_stmt, const char *sql)
{
    Node *n = raw_stmt;
    parse_cte_reset();
    analyze_privs = NULL; /* in the statement's context: never kept past it */
    parse_privilege_role = INVALID_OID;
    analyze_nprivs = 0;
    analyze_privs_cap = 0;
    Query *q = analyze_statement_privileged(n, sql);
    if (q != NULL) {
        analyze_check_privileges();
        analyze_nprivs = 0;
        return q;
    }
    switch (n->node_case) {
    default: {
        Query *q = mcx_alloc0(sizeof *q);
        q->cmd = CMD_UTILITY;
        q->utility = n;
        return q;
    }
    }
}

/* Whether every function in e is immutable (index expressions and predicates must be). */
static bool
analyze_is_immutable(const Expr *e)
{
    if (e == NULL)
        return true;
    switch (e->kind) {
    case EXPR_CONST:
    case EXPR_VAR:
        return true;
    case EXPR_PARAM:
        return false; /* PostgreSQL: "there is no parameter" in index definitions */
    case EXPR_SUBLINK:
    case EXPR_OUTERPARAM:
        return false;
    case EXPR_FUNC:
        if (e->u.func.proc != NULL && e->u.func.proc->volatility != 'i')
            return false;
        for (int i = 0; i < e->u.func.nargs; i++)
            if (!analyze_is_immutable(e->u.func.args[i]))
                return false;
        return true;
    case EXPR_CAST:
    case EXPR_RELABEL:
        return analyze_is_immutable(e->u.coerce.arg);
    case EXPR_BOOL:
        for (int i = 0; i < e->u.boolean.nargs; i++)
            if (!analyze_is_immutable(e->u.boolean.args[i]))
                return false;
        return true;
    case EXPR_NULLTEST:
        return analyze_is_immutable(e->u.nulltest.arg);
    case EXPR_BOOLTEST:
        return analyze_is_immutable(e->u.booltest.arg);
    case EXPR_COALESCE:
        for (int i = 0; i < e->u.coalesce.nargs; i++)
            if (!analyze_is_immutable(e->u.coalesce.args[i]))
                return false;
        return true;
    case EXPR_CASE:
        for (int i = 0; i < e->u.casex.nwhen; i++)
            if (!analyze_is_immutable(e->u.casex.conds[i]) ||
                !analyze_is_immutable(e->u.casex.results[i]))
                return false;
        return analyze_is_immutable(e->u.casex.defresult);
    case EXPR_NULLIF:
        return analyze_is_immutable(e->u.nullif.left) && analyze_is_immutable(e->u.nullif.right);
    case EXPR_AGGREF:
        return false;
    case EXPR_ARRAYOP:
        if (e->u.array.proc->volatility != 'i')
            return false;
        /* fall through */
    case EXPR_ARRAY:
    case EXPR_SUBSCRIPT:
        for (int i = 0; i < e->u.array.nargs; i++)
            if (!analyze_is_immutable(e->u.array.args[i]))
                return false;
        return true;
    }
    return false;
}

int
analyze_rel_exprs(RelDesc *rel, const char *sql_list, bool predicate, Expr ***out)
{
    const char *kind = predicate ? "index predicate" : "index expression";
    char *text = mcx_printf("SELECT %s", sql_list);
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
    if (r.error) {
        pg_query_free_protobuf_parse_result(r);
        elog_internal("stored %s of relation \"%s\" do not parse", kind, rel->name);
    }
    PgQuery__ParseResult *pr =
        pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
    pg_query_free_protobuf_parse_result(r);
    if (pr == NULL)
        elog_internal("stored %s of relation \"%s\" do not unpack", kind, rel->name);
    ParseState ps = {.sql = text, .rel = rel, .rel_alias = rel->name, .expr_kind = kind};
    int n = 0;
    Expr **exprs = NULL;
    err_try();
    {
        PgQuery__SelectStmt *sel = pr->stmts[0]->stmt->select_stmt;
        n = (int)sel->n_target_list;
        exprs = mcx_alloc(sizeof(Expr *) * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            exprs[i] = parse_expr(&ps, sel->target_list[i]->res_target->val);
            if (predicate)
                exprs[i] = parse_coerce_bool(&ps, exprs[i], "WHERE");
            else
                exprs[i] = analyze_resolve_unknown(&ps, exprs[i]);
            if (!analyze_is_immutable(exprs[i]))
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_OBJECT_DEFINITION),
                        err_msg("functions in %s must be marked IMMUTABLE", kind));
        }
    }
    err_catch();
    {
        pg_query__parse_result__free_unpacked(pr, NULL);
        err_rethrow();
    }
    err_end_try();
    pg_query__parse_result__free_unpacked(pr, NULL);
    *out = exprs;
    return n;
}
