/*
 * parse_cte.c
 *     WITH: common table expressions. The CTEs of a query are analyzed in order when the
 *     query's analysis starts and pushed on a statement-wide scope stack; a table name
 *     without a schema is looked up there (innermost first) before the catalog, and a
 *     reference becomes a subquery in FROM over the CTE's analyzed query.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  12. A CTE sees the CTEs of its own WITH listed before it and those of enclosing
 *      queries, never later ones; under WITH RECURSIVE a CTE of the form "left UNION
 *      [ALL] right" whose right term refers to it reads its rows so far there (an
 *      RTE_WORKTABLE; left fixes the column types), and any other self-reference is
 *      42P19. Scopes pop in the order they were pushed; an error leaves them behind
 *      and the next statement's analysis resets the stack.
 *  13. Every reference shares the CTE's one analyzed Query and CteInfo, which counts
 *      the references: as in PostgreSQL a CTE referenced more than once, MATERIALIZED,
 *      or recursive is computed once for all of them (a CTE Scan); otherwise the
 *      planner plans it inline where it is referenced.
 *
 * Not here: FROM items (parse_from.c).
 */
#include "oak/oak.h"

#include "parse_internal.h"

enum { PARSE_CTE_MAX = 4096 }; /* WITH queries in scope at once (54000 beyond) */

typedef struct CteEntry {
    const char *name;
    CteInfo *info; /* once its body is analyzed */
    bool visible;  /* false until its body is analyzed (a later sibling's, for now) */
    Query *query;  /* NULL while its own body is being analyzed */
    char **colnames;
    SetOpNode *worktable; /* set while its recursive term is analyzed */
    Expr *term_sublink;   /* the recursive term's sublink (a reference in a deeper one is 42P19) */
    int location;         /* of its definition */
    int self_refs;        /* references to the worktable seen */
} CteEntry;

/* The scope stack of the statement being analyzed (one backend, one statement). */
static CteEntry parse_ctes[PARSE_CTE_MAX];
static int parse_ncte;

void
parse_cte_reset(void)
{
    parse_ncte = 0;
}

void
parse_cte_pop(int mark)
{
    Assert(mark <= parse_ncte);
    parse_ncte = mark;
}

/* Column names: the CTE's column list over its query's output names. */
static char **
parse_cte_colnames(PgQuery__CommonTableExpr *cte, Query *q)
{
    int nvis = 0;
    while (nvis < q->ntargets && !q->targets[nvis].junk)
        nvis++;
    if ((int)cte->n_aliascolnames > nvis)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_COLUMN_REFERENCE),
                err_msg("WITH query \"%s\" has %d columns available but %d columns specified",
                        cte->ctename,
                        nvis,
                        (int)cte->n_aliascolnames),
                parse_errposition(cte->location));
    char **names = mcx_alloc0(sizeof(char *) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < nvis; i++)
        names[i] = i < (int)cte->n_aliascolnames ? mcx_strdup(parse_str(cte->aliascolnames[i]))
                                                 : q->targets[i].name;
    return names;
}

/*
 * A WITH RECURSIVE body "left UNION [ALL] right": left is analyzed with the CTE out of
 * sight, then right with the CTE standing for the worktable (left's columns). NULL when
 * right does not refer to the CTE: the body is then an ordinary query.
 */
static Query *
parse_cte_recursive(ParseState *ps, PgQuery__CommonTableExpr *cte, CteEntry *e)
{
    PgQuery__SelectStmt *body = cte->ctequery->select_stmt;
    Query *left = analyze_subselect(body->larg, ps->sql, ps->parent, ps->sublink);
    SetOpNode *node = parse_setop_recursive_node(left, body->all);
    /* The worktable as the right term sees it: left's columns under the CTE's names. */
    Query *wt = mcx_alloc0(sizeof *wt);
    wt->cmd = CMD_SELECT;
    int cap = 0;
    for (int i = 0; i < node->ncols; i++)
        analyze_add_target(wt,
                           expr_make_var(i, node->coltypes[i], node->coltypmods[i]),
                           left->targets[i].name,
                           false,
                           &cap);
    e->colnames = parse_cte_colnames(cte, wt);
    e->query = wt;
    e->worktable = node;
    e->term_sublink = ps->sublink;
    e->self_refs = 0;
    e->visible = true;
    Query *right = analyze_subselect(body->rarg, ps->sql, ps->parent, ps->sublink);
    e->worktable = NULL;
    e->visible = false;
    if (e->self_refs == 0) {
        e->query = NULL;
        return NULL;
    }
    return parse_setop_recursive(ps, body, node, right, cte->ctename);
}

int
parse_cte_push(ParseState *ps, PgQuery__WithClause *w)
{
    int mark = parse_ncte;
    /* Every name first, hidden: a forward reference is then told apart from a typo. */
    for (size_t i = 0; i < w->n_ctes; i++) {
        PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
        for (int j = mark; j < parse_ncte; j++)
            if (strcmp(parse_ctes[j].name, cte->ctename) == 0)
                ereport(ERROR,
                        err_code("42712"),
                        err_msg("WITH query name \"%s\" specified more than once", cte->ctename),
                        parse_errposition(cte->location));
        if (cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("WITH queries that change data are not supported yet"),
                    parse_errposition(cte->location));
        if (parse_ncte == PARSE_CTE_MAX)
            ereport(ERROR,
                    err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                    err_msg("too many WITH queries in scope (at most %d)", PARSE_CTE_MAX));
        parse_ctes[parse_ncte++] = (CteEntry){.name = cte->ctename, .location = cte->location};
    }
    /*
     * Bodies in order; scopes pushed meanwhile (a WITH inside the body) are popped by
     * its end. Under WITH RECURSIVE a UNION body may refer to its CTE in its right term.
     */
    for (size_t i = 0; i < w->n_ctes; i++) {
        PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
        CteEntry *e = &parse_ctes[mark + (int)i];
        PgQuery__SelectStmt *body = cte->ctequery->select_stmt;
        Query *q = NULL;
        if (w->recursive && body->op == PG_QUERY__SET_OPERATION__SETOP_UNION)
            q = parse_cte_recursive(ps, cte, e);
        if (q == NULL) {
            /* Not recursive: under WITH RECURSIVE a self-reference is refused (query NULL). */
            e->visible = w->recursive;
            q = analyze_subselect(body, ps->sql, ps->parent, ps->sublink);
        }
        e->colnames = parse_cte_colnames(cte, q);
        e->query = q;
        e->visible = true;
        e->info = mcx_alloc0(sizeof *e->info);
        e->info->name = mcx_strdup(cte->ctename);
        e->info->query = q;
        e->info->recursive = q->from_kind == FROM_SETOP && q->setop->recursive;
        e->info->materialized =
            cte->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeAlways  ? 1
            : cte->ctematerialized == PG_QUERY__CTEMATERIALIZE__CTEMaterializeNever ? 2
                                                                                    : 0;
    }
    return mark;
}

bool
parse_cte_hidden(const char *name)
{
    for (int i = parse_ncte - 1; i >= 0; i--)
        if (!parse_ctes[i].visible && strcmp(parse_ctes[i].name, name) == 0)
            return true;
    return false;
}

int
parse_cte_collect(int mark, CteInfo ***out)
{
    int n = parse_ncte - mark;
    CteInfo **infos = mcx_alloc(sizeof(CteInfo *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        infos[i] = parse_ctes[mark + i].info;
    *out = infos;
    return n;
}

bool
analyze_cte_is_shared(const CteInfo *cte)
{
    if (cte->materialized == 2 && !cte->recursive)
        return false;
    return cte->materialized == 1 || cte->recursive || cte->refs > 1;
}

Query *
parse_cte_find(ParseState *ps,
               const char *name,
               char ***colnames,
               int loc,
               SetOpNode **worktable,
               CteInfo **info)
{
    *info = NULL;
    *worktable = NULL;
    for (int i = parse_ncte - 1; i >= 0; i--) {
        if (!parse_ctes[i].visible || strcmp(parse_ctes[i].name, name) != 0)
            continue;
        if (parse_ctes[i].query == NULL)
            ereport(ERROR,
                    err_code("42P19"),
                    err_msg("recursive query \"%s\" does not have the form non-recursive-term "
                            "UNION [ALL] recursive-term",
                            name),
                    parse_errposition(parse_ctes[i].location));
        if (parse_ctes[i].worktable != NULL) {
            /* Subqueries in FROM share their query's sublink; one in an expression has its own. */
            if (ps->sublink != parse_ctes[i].term_sublink)
                ereport(ERROR,
                        err_code("42P19"),
                        err_msg("recursive reference to query \"%s\" must not appear within a "
                                "subquery",
                                name),
                        parse_errposition(loc));
            parse_ctes[i].self_refs++;
            *worktable = parse_ctes[i].worktable;
        } else if (parse_ctes[i].info != NULL) {
            parse_ctes[i].info->refs++;
            *info = parse_ctes[i].info;
        }
        *colnames = parse_ctes[i].colnames;
        return parse_ctes[i].query;
    }
    return NULL;
}
