/*
 * cmd_explain.c
 *     EXPLAIN: the plan of a SELECT, INSERT, UPDATE or DELETE in PostgreSQL's text format
 *     ("->  " before each child, properties indented under their node), one row per line
 *     in a single text column "QUERY PLAN".
 *
 * Node names and properties follow PostgreSQL (Seq Scan, Index Scan using ... on ...,
 * Index Cond, Filter, Sort Key, Group Key, Limit, ...). Costs are OakDB's own rough
 * estimates in PostgreSQL's "(cost=S..T rows=N width=W)" form: compare plans with
 * COSTS OFF. ANALYZE, BUFFERS and non-text formats are not supported yet (0A000).
 */
#include "oak/oak.h"

#include <stdio.h>
#include <strings.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/storage/lock.h"
#include "oak/tcop/dest.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

typedef struct Explain {
    StrBuf *lines;
    int nlines;
    int cap;
    bool costs;
    Query *q;
    Query *top; /* the statement's own query */
} Explain;

static void
ex_line(Explain *ex, int indent, const char *text)
{
    if (ex->nlines == ex->cap) {
        ex->cap = ex->cap ? ex->cap * 2 : 16;
        ex->lines = mcx_realloc(ex->lines, sizeof(StrBuf) * (size_t)ex->cap);
    }
    StrBuf *sb = &ex->lines[ex->nlines++];
    sb_init(sb);
    for (int i = 0; i < indent; i++)
        sb_append(sb, " ");
    sb_append(sb, text);
}

/* A node's header line: at depth 0 plain, below "->  " at indent. */
static void
ex_node(Explain *ex, int indent, bool child, const char *name, double rows, int width)
{
    char *text = child ? mcx_printf("->  %s", name) : mcx_strdup(name);
    if (ex->costs)
        text = mcx_printf("%s  (cost=0.00..%.2f rows=%.0f width=%d)",
                          text,
                          rows * 0.0125 + 0.01,
                          rows < 1 ? 1 : rows,
                          width);
    ex_line(ex, indent, text);
}

/* Conjuncts as EXPLAIN prints a condition: one as is, several AND-ed in parentheses. */
static char *
ex_deparse(const Expr *e, const RelDesc *rel, char *const *names)
{
    return names ? exec_deparse_expr_names(e, names, true) : exec_deparse_expr(e, rel, true);
}

static char *
ex_conds_names(Expr **conds, int n, const RelDesc *rel, char *const *names)
{
    if (n == 1)
        return ex_deparse(conds[0], rel, names);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "(");
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sb_append(&sb, " AND ");
        sb_append(&sb, ex_deparse(conds[i], rel, names));
    }
    sb_append(&sb, ")");
    return sb.data;
}

static int
ex_width(const Plan *p)
{
    int w = 0;
    for (int i = 0; i < p->ncols; i++) {
        const TypeDesc *t = adt_type(p->col_types[i]);
        w += t != NULL && t->len > 0 ? t->len : 32;
    }
    return w;
}

static void ex_plan(Explain *ex, const Plan *p, int indent, bool child);

/*
 * A sort or group key, HAVING: PostgreSQL qualifies their columns once the statement
 * has several range table entries, as it does for a subquery's or a set operation leaf's
 * table ("t.a"); the statement's own single table stays unqualified.
 */
static char *
ex_key(Explain *ex, const Expr *e)
{
    const Query *q = ex->q;
    if (q == ex->top || q->from_kind != FROM_TABLE || q->nrtes != 1)
        return exec_deparse_expr(e, q->rel, true);
    char **names = mcx_alloc(sizeof(char *) * (size_t)(q->rel->natts + 1));
    for (int i = 0; i < q->rel->natts; i++)
        names[i] = mcx_printf("%s.%s", q->rtes[0].alias, q->rtes[0].colnames[i]);
    return exec_deparse_expr_names(e, names, true);
}

static const char *
ex_sort_key(Explain *ex, int i)
{
    const SortItem *si = &ex->q->sort[i];
    char *s = ex_key(ex, ex->q->targets[si->target].expr);
    if (si->desc)
        s = mcx_printf("%s DESC", s);
    if (si->nulls_first && !si->desc)
        s = mcx_printf("%s NULLS FIRST", s);
    else if (!si->nulls_first && si->desc)
        s = mcx_printf("%s NULLS LAST", s);
    return s;
}

static void
ex_scan(Explain *ex, const Plan *p, int indent, bool child)
{
    const RelDesc *rel = p->rel;
    int props = child ? indent + 6 : indent + 2;
    double rows = 1000.0;
    const char *name;
    char *const *names = NULL; /* a scan's own columns print unqualified, as in PostgreSQL */
    const char *on = rel->name;
    if (p->alias != NULL && strcmp(p->alias, rel->name) != 0)
        on = mcx_printf("%s %s", rel->name, p->alias);
    if (rel->kind == 'v') {
        name = mcx_printf("Seq Scan on %s", on);
    } else if (p->index_no >= 0) {
        name = mcx_printf("Index Scan using %s on %s", rel->indexes[p->index_no].name, on);
        rows = p->nindex_conds > 0 ? 5.0 : 1000.0;
    } else if (rel->pk_natts > 0 && (p->nindex_conds > 0 || p->key_ordered)) {
        name = mcx_printf("Index Scan using %s on %s", rel->pk_name, on);
        rows = p->nkeyeq == rel->pk_natts ? 1.0 : p->nindex_conds > 0 ? 333.0 : 1000.0;
    } else {
        name = mcx_printf("Seq Scan on %s", on);
    }
    if (p->nfilter > 0)
        rows = rows / 3;
    ex_node(ex, indent, child, name, rows, ex_width(p));
    if (p->nindex_conds > 0)
        ex_line(ex,
                props,
                mcx_printf("Index Cond: %s",
                           ex_conds_names(p->index_conds, p->nindex_conds, rel, names)));
    if (p->nfilter > 0)
        ex_line(ex,
                props,
                mcx_printf("Filter: %s", ex_conds_names(p->filter, p->nfilter, rel, names)));
    else if (rel->kind == 'v' && p->qual != NULL)
        ex_line(ex, props, mcx_printf("Filter: %s", ex_deparse(p->qual, rel, names)));
}

static void
ex_join(Explain *ex, const Plan *p, int indent, bool child)
{
    static const char *const kinds[] = {"", " Left Join", " Right Join", " Full Join"};
    bool hash = p->kind == PLAN_HASHJOIN;
    int props = child ? indent + 6 : indent + 2;
    const char *name = hash ? (p->jointype == JOIN_INNER ? "Hash Join" : "Hash") : "Nested Loop";
    ex_node(ex, indent, child, mcx_printf("%s%s", name, kinds[p->jointype]), 1000, ex_width(p));
    if (hash)
        ex_line(ex,
                props,
                mcx_printf("Hash Cond: %s",
                           ex_conds_names(p->hash_conds, p->nhashkeys, NULL, p->col_names)));
    if (p->qual != NULL)
        ex_line(ex, props, mcx_printf("Join Filter: %s", ex_deparse(p->qual, NULL, p->col_names)));
    if (p->post_qual != NULL)
        ex_line(ex, props, mcx_printf("Filter: %s", ex_deparse(p->post_qual, NULL, p->col_names)));
    ex_plan(ex, p->child, props, true);
    if (!hash && p->inner->kind == PLAN_CTESCAN) {
        ex_plan(ex, p->inner, props, true); /* already a stored result: no Materialize */
        return;
    }
    if (!hash) {
        /* The inner input is read once and kept: PostgreSQL's Materialize. */
        ex_node(ex, props, true, "Materialize", 1000, ex_width(p->inner));
        ex_plan(ex, p->inner, props + 6, true);
        return;
    }
    ex_node(ex, props, true, "Hash", 1000, ex_width(p->inner));
    ex_plan(ex, p->inner, props + 6, true);
}

static void ex_plan_node(Explain *ex, const Plan *p, int indent, bool child);
static void ex_plan(Explain *ex, const Plan *p, int indent, bool child);

/*
 * A CTE Root: its child's node, with "CTE name" and each shared CTE's plan after the
 * node's own properties and before its children, as PostgreSQL prints them.
 */
static void
ex_cte_root(Explain *ex, const Plan *p, int indent, bool child)
{
    int start = ex->nlines;
    ex_plan(ex, p->child, indent, child);
    int props = child ? indent + 6 : indent + 2;
    int at = start + 1;
    while (at < ex->nlines && (int)strspn(ex->lines[at].data, " ") == props &&
           strncmp(ex->lines[at].data + props, "->", 2) != 0)
        at++;
    Explain tmp = {.costs = ex->costs};
    for (int i = 0; i < p->nctes; i++) {
        ex_line(&tmp, props, mcx_printf("CTE %s", p->ctes[i]->name));
        tmp.q = p->ctes[i]->query;
        ex_plan(&tmp, p->ctes[i]->plan, props + 2, true);
    }
    while (ex->cap < ex->nlines + tmp.nlines) {
        ex->cap = ex->cap ? ex->cap * 2 : 16;
        ex->lines = mcx_realloc(ex->lines, sizeof(StrBuf) * (size_t)ex->cap);
    }
    memmove(ex->lines + at + tmp.nlines,
            ex->lines + at,
            sizeof(StrBuf) * (size_t)(ex->nlines - at));
    memcpy(ex->lines + at, tmp.lines, sizeof(StrBuf) * (size_t)tmp.nlines);
    ex->nlines += tmp.nlines;
}

/* A node of a subquery or set operation leaf prints its keys from its own query. */
static void
ex_plan(Explain *ex, const Plan *p, int indent, bool child)
{
    Query *saved = ex->q;
    if (p->query != NULL)
        ex->q = (Query *)p->query;
    ex_plan_node(ex, p, indent, child);
    ex->q = saved;
}

static void
ex_plan_node(Explain *ex, const Plan *p, int indent, bool child)
{
    int props = child ? indent + 6 : indent + 2;
    switch (p->kind) {
    case PLAN_PROJECT:
        ex_plan(ex, p->child, indent, child);
        return;
    case PLAN_SCAN:
        ex_scan(ex, p, indent, child);
        return;
    case PLAN_RESULT:
        ex_node(ex, indent, child, "Result", 1, 0);
        return;
    case PLAN_FILTER:
        if (p->alias != NULL) {
            /* A condition kept above a subquery in FROM (opt_join.c): PostgreSQL's node. */
            ex_node(ex,
                    indent,
                    child,
                    mcx_printf("Subquery Scan on %s", p->alias),
                    1000,
                    ex_width(p));
            ex_line(ex, props, mcx_printf("Filter: %s", ex_deparse(p->qual, NULL, p->col_names)));
            ex_plan(ex, p->child, props, true);
            return;
        }
        ex_node(ex, indent, child, "Result", 1, 0);
        ex_line(ex,
                props,
                mcx_printf("One-Time Filter: %s", exec_deparse_expr(p->qual, NULL, true)));
        return;
    case PLAN_FUNCSCAN: {
        const char *fname = p->func->u.func.proc->name;
        const char *on = p->alias != NULL && strcmp(p->alias, fname) != 0
                             ? mcx_printf("%s %s", fname, p->alias)
                             : fname;
        ex_node(ex, indent, child, mcx_printf("Function Scan on %s", on), 1000, ex_width(p));
        if (p->qual != NULL)
            ex_line(ex, props, mcx_printf("Filter: %s", ex_deparse(p->qual, NULL, p->col_names)));
        return;
    }
    case PLAN_VALUES:
        ex_node(ex,
                indent,
                child,
                p->nrows == 1 ? "Result" : "Values Scan on \"*VALUES*\"",
                p->nrows,
                ex_width(p));
        return;
    case PLAN_APPEND:
        ex_node(ex, indent, child, "Append", 1000, ex_width(p));
        for (int i = 0; i < p->nchildren; i++)
            ex_plan(ex, p->children[i], props, true);
        return;
    case PLAN_SETOP: {
        const char *op = p->setop == SETOP_INTERSECT ? "Intersect" : "Except";
        ex_node(ex,
                indent,
                child,
                mcx_printf("HashSetOp %s%s", op, p->setop_all ? " All" : ""),
                1000,
                ex_width(p));
        /* PostgreSQL appends its inputs, each a subquery named by its position. */
        ex_node(ex, props, true, "Append", 1000, ex_width(p));
        const Plan *inputs[2] = {p->child, p->inner};
        for (int i = 0; i < 2; i++) {
            char *name = mcx_printf("Subquery Scan on \"*SELECT* %d\"", i + 1);
            ex_node(ex, props + 6, true, name, 1000, ex_width(inputs[i]));
            ex_plan(ex, inputs[i], props + 12, true);
        }
        return;
    }
    case PLAN_UNIQUE:
        ex_node(ex, indent, child, "Unique", 1000, ex_width(p));
        ex_plan(ex, p->child, props, true);
        return;
    case PLAN_PROJECTSET:
        ex_node(ex, indent, child, "ProjectSet", 1000, ex_width(p));
        ex_plan(ex, p->child, props, true);
        return;
    case PLAN_RECURSIVEUNION:
        ex_node(ex, indent, child, "Recursive Union", 1000, ex_width(p));
        ex_plan(ex, p->child, props, true);
        ex_plan(ex, p->inner, props, true);
        return;
    case PLAN_CTEROOT:
        ex_cte_root(ex, p, indent, child);
        return;
    case PLAN_LATERALFUNC: {
        /* PostgreSQL's shape: a Nested Loop over the left input and a Function Scan. */
        ex_node(ex,
                indent,
                child,
                p->jointype == JOIN_LEFT ? "Nested Loop Left Join" : "Nested Loop",
                1000,
                ex_width(p));
        if (p->qual != NULL)
            ex_line(ex,
                    props,
                    mcx_printf("Join Filter: %s", ex_deparse(p->qual, NULL, p->col_names)));
        if (p->post_qual != NULL)
            ex_line(ex,
                    props,
                    mcx_printf("Filter: %s", ex_deparse(p->post_qual, NULL, p->col_names)));
        ex_plan(ex, p->child, props, true);
        const char *fname = p->func->u.func.proc->name;
        const char *on =
            strcmp(p->alias, fname) != 0 ? mcx_printf("%s %s", fname, p->alias) : fname;
        ex_node(ex, props, true, mcx_printf("Function Scan on %s", on), 1000, 4);
        if (p->nfilter > 0)
            ex_line(ex,
                    props + 6,
                    mcx_printf("Filter: %s",
                               ex_conds_names(p->filter, p->nfilter, NULL, p->func_col_names)));
        return;
    }
    case PLAN_CTESCAN: {
        const char *on = p->alias != NULL && strcmp(p->alias, p->cte->name) != 0
                             ? mcx_printf("%s %s", p->cte->name, p->alias)
                             : p->cte->name;
        ex_node(ex, indent, child, mcx_printf("CTE Scan on %s", on), 1000, ex_width(p));
        if (p->qual != NULL)
            ex_line(ex, props, mcx_printf("Filter: %s", ex_deparse(p->qual, NULL, p->col_names)));
        return;
    }
    case PLAN_WORKTABLESCAN:
        ex_node(ex,
                indent,
                child,
                mcx_printf("WorkTable Scan on %s", p->alias ? p->alias : "worktable"),
                1000,
                ex_width(p));
        if (p->qual != NULL)
            ex_line(ex, props, mcx_printf("Filter: %s", ex_deparse(p->qual, NULL, p->col_names)));
        return;
    case PLAN_AGG: {
        ex_node(ex, indent, child, p->ngroup > 0 ? "HashAggregate" : "Aggregate", 1, ex_width(p));
        if (p->ngroup > 0) {
            StrBuf sb;
            sb_init(&sb);
            for (int i = 0; i < p->ngroup; i++) {
                if (i > 0)
                    sb_append(&sb, ", ");
                if (p->group_display != NULL)
                    sb_append(&sb, ex_key(ex, p->group_display[i]));
                else if (p->group_names != NULL)
                    sb_append(&sb, p->group_names[i]);
                else
                    sb_append(&sb, ex_key(ex, p->group[i]));
            }
            ex_line(ex, props, mcx_printf("Group Key: %s", sb.data));
        }
        if (ex->q->having != NULL && p->group_display == NULL && p->group_names == NULL)
            ex_line(ex, props, mcx_printf("Filter: %s", ex_key(ex, ex->q->having)));
        ex_plan(ex, p->child, props, true);
        return;
    }
    case PLAN_SORT: {
        ex_node(ex, indent, child, "Sort", 1000, ex_width(p));
        StrBuf sb;
        sb_init(&sb);
        for (int i = 0; i < ex->q->nsort; i++) {
            if (i > 0)
                sb_append(&sb, ", ");
            sb_append(&sb, ex_sort_key(ex, i));
        }
        ex_line(ex, props, mcx_printf("Sort Key: %s", sb.data));
        ex_plan(ex, p->child, props, true);
        return;
    }
    case PLAN_LIMIT:
        ex_node(ex, indent, child, "Limit", 10, ex_width(p));
        ex_plan(ex, p->child, props, true);
        return;
    case PLAN_LOCKROWS:
        ex_node(ex, indent, child, "LockRows", 1000, ex_width(p));
        ex_plan(ex, p->child, props, true);
        return;
    case PLAN_NESTLOOP:
    case PLAN_HASHJOIN:
        ex_join(ex, p, indent, child);
        return;
    }
}

static bool
ex_bool_option(PgQuery__DefElem *d)
{
    if (d->arg == NULL)
        return true;
    const char *v = d->arg->node_case == PG_QUERY__NODE__NODE_STRING ? d->arg->string->sval
                    : d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN
                        ? (d->arg->boolean->boolval ? "true" : "false")
                    : d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER
                        ? (d->arg->integer->ival ? "true" : "false")
                        : "";
    if (strcasecmp(v, "true") == 0 || strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0)
        return true;
    if (strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
        return false;
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("%s requires a Boolean value", d->defname),
            cmd_pos(d->location));
}

const char *
cmd_explain(void *raw, const char *sql)
{
    PgQuery__ExplainStmt *es = raw;
    Explain ex = {.costs = true};
    for (size_t i = 0; i < es->n_options; i++) {
        PgQuery__DefElem *d = es->options[i]->def_elem;
        if (strcmp(d->defname, "costs") == 0) {
            ex.costs = ex_bool_option(d);
        } else if (strcmp(d->defname, "verbose") == 0 || strcmp(d->defname, "summary") == 0 ||
                   strcmp(d->defname, "timing") == 0) {
            (void)ex_bool_option(d);
        } else if (strcmp(d->defname, "analyze") == 0 || strcmp(d->defname, "buffers") == 0 ||
                   strcmp(d->defname, "wal") == 0 || strcmp(d->defname, "settings") == 0) {
            if (ex_bool_option(d))
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("EXPLAIN option %s is not supported yet",
                                d->defname[0] == 'a' ? "ANALYZE" : d->defname),
                        cmd_pos(d->location));
        } else if (strcmp(d->defname, "format") == 0) {
            const char *f = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING
                                ? d->arg->string->sval
                                : "";
            if (strcasecmp(f, "text") != 0)
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("EXPLAIN format \"%s\" is not supported yet", f),
                        cmd_pos(d->location));
        } else {
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("unrecognized EXPLAIN option \"%s\"", d->defname),
                    cmd_pos(d->location));
        }
    }
    Node *inner = es->query;
    if (inner->node_case != PG_QUERY__NODE__NODE_SELECT_STMT &&
        inner->node_case != PG_QUERY__NODE__NODE_INSERT_STMT &&
        inner->node_case != PG_QUERY__NODE__NODE_UPDATE_STMT &&
        inner->node_case != PG_QUERY__NODE__NODE_DELETE_STMT)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("EXPLAIN of this statement is not supported yet"));
    Query *q = analyze_statement(inner, sql);
    ex.q = q;
    ex.top = q;
    /* The locks the statement itself would take, as PostgreSQL's EXPLAIN does. */
    RelDesc *target =
        q->cmd == CMD_SELECT ? (q->from_kind == FROM_TABLE ? q->rel : NULL) : q->target_rel;
    if (target != NULL && target->kind == 'r') {
        LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = target->oid};
        (void)lock_acquire(&tag,
                           q->cmd == CMD_SELECT ? (q->row_lock ? ROW_SHARE_LOCK : ACCESS_SHARE_LOCK)
                                                : ROW_EXCLUSIVE_LOCK,
                           LOCK_WAIT_BLOCK);
    }
    switch (q->cmd) {
    case CMD_SELECT:
        ex_plan(&ex, opt_plan_query(q), 0, false);
        break;
    case CMD_UPDATE:
    case CMD_DELETE:
        ex_node(&ex,
                0,
                false,
                mcx_printf("%s on %s", q->cmd == CMD_UPDATE ? "Update" : "Delete", q->rel->name),
                0,
                0);
        ex.q = q;
        ex_plan(&ex, opt_plan_query(q), 2, true);
        break;
    case CMD_INSERT:
        ex_node(&ex, 0, false, mcx_printf("Insert on %s", q->target_rel->name), 0, 0);
        if (q->source != NULL) {
            ex.q = q->source;
            ex.top = q->source;
            ex_plan(&ex, opt_plan_query(q->source), 2, true);
        } else if (q->nvalues_rows == 1) {
            ex_node(&ex, 2, true, "Result", 1, 0);
        } else {
            ex_node(&ex, 2, true, "Values Scan on \"*VALUES*\"", q->nvalues_rows, 0);
        }
        break;
    default:
        break;
    }

    ResultColumn col = {.name = "QUERY PLAN", .type_oid = TEXTOID, .typlen = -1, .typmod = -1};
    dest_row_description(1, &col);
    for (int i = 0; i < ex.nlines; i++) {
        const char *v = ex.lines[i].data;
        uint32_t len = (uint32_t)ex.lines[i].len;
        dest_data_row(1, &v, &len);
    }
    return "EXPLAIN";
}
