/*
 * cmd_viewdef.c
 *     pg_get_viewdef: a view's SELECT printed the way PostgreSQL's ruleutils prints it
 *     (" SELECT t.a,\n    t.b AS bb\n   FROM t\n  WHERE t.a > 1;"): the stored SQL is
 *     analyzed again and printed from the analyzed query, every column qualified with its
 *     table's name or alias, one target per line, each clause on its own line with
 *     PostgreSQL's indentation; pretty mode drops the parentheses precedence does not need.
 *
 * Covered: DISTINCT [ON], targets, FROM with tables and [INNER | LEFT | RIGHT | FULL] JOIN
 * ... ON, comma lists, WHERE, GROUP BY, HAVING, ORDER BY, OFFSET, LIMIT. A view using
 * anything else (subqueries or functions in FROM, USING, set operations, VALUES) prints
 * its stored SQL text (difference: not PostgreSQL's layout).
 */
#include "oak/oak.h"

#include "oak/catalog/catalog.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/utils/adt.h"
#include "../utils/adt/adt_fns.h"

typedef struct ViewDeparse {
    StrBuf sb;
    Query *q;
    char **names; /* "alias.column" for each column of the concatenated row */
    bool pretty;
    bool unsupported;
} ViewDeparse;

/*
 * An expression as PostgreSQL prints one at the top of a clause: an implicit coercion
 * there is not shown (LIMIT 5 is "5", not "5::bigint"); inside operators it is.
 */
static char *
vd_expr(ViewDeparse *vd, const Expr *e)
{
    while ((e->kind == EXPR_CAST || e->kind == EXPR_RELABEL) && !e->u.coerce.explicit_cast)
        e = e->u.coerce.arg;
    return vd->pretty ? exec_deparse_expr_names_pretty(e, vd->names)
                      : exec_deparse_expr_names(e, vd->names, true);
}

/* A relation's name, qualified when the search path would not find it by its bare name. */
static char *
vd_relation_name(const RelDesc *rel)
{
    RelDesc *visible = cat_lookup_relation(NULL, rel->name);
    if (visible != NULL && visible->oid == rel->oid)
        return adt_quote_ident(rel->name);
    return mcx_printf("%s.%s",
                      adt_quote_ident(cat_namespace_name(rel->namespace)),
                      adt_quote_ident(rel->name));
}

/* A relation in FROM: its name, qualified when not visible, and the alias if different. */
static void
vd_from_rte(ViewDeparse *vd, int rtindex)
{
    RangeTblEntry *rte = &vd->q->rtes[rtindex];
    if (rte->kind != RTE_TABLE) {
        vd->unsupported = true;
        return;
    }
    RelDesc *rel = rte->rel;
    sb_append(&vd->sb, vd_relation_name(rel));
    if (strcmp(rte->alias, rel->name) != 0)
        sb_appendf(&vd->sb, " %s", adt_quote_ident(rte->alias));
}

static void
vd_from_node(ViewDeparse *vd, const FromNode *n)
{
    if (!n->is_join) {
        vd_from_rte(vd, n->rtindex);
        return;
    }
    if (n->nusing > 0) {
        vd->unsupported = true;
        return;
    }
    bool parens = !vd->pretty;
    if (parens)
        sb_append(&vd->sb, "(");
    vd_from_node(vd, n->left);
    static const char *const kw[] = {"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"};
    const char *k = n->jointype == JOIN_INNER && n->quals == NULL ? "CROSS JOIN" : kw[n->jointype];
    sb_appendf(&vd->sb, "\n     %s ", k);
    bool right_parens = vd->pretty && n->right->is_join;
    if (right_parens)
        sb_append(&vd->sb, "(");
    vd_from_node(vd, n->right);
    if (right_parens)
        sb_append(&vd->sb, ")");
    if (n->quals != NULL) {
        sb_append(&vd->sb, " ON ");
        sb_append(&vd->sb, vd->pretty ? "" : "(");
        sb_append(&vd->sb, vd_expr(vd, n->quals));
        sb_append(&vd->sb, vd->pretty ? "" : ")");
    } else if (n->jointype != JOIN_INNER) {
        sb_append(&vd->sb, " ON TRUE");
    }
    if (parens)
        sb_append(&vd->sb, ")");
}

/* The top-level FROM items: a comma list is a chain of condition-less inner joins. */
static void
vd_from_list(ViewDeparse *vd, const FromNode *n, bool *first)
{
    if (n->is_join && n->jointype == JOIN_INNER && n->quals == NULL && n->nusing == 0) {
        vd_from_list(vd, n->left, first);
        vd_from_list(vd, n->right, first);
        return;
    }
    if (!*first)
        sb_append(&vd->sb, ",\n    ");
    *first = false;
    vd_from_node(vd, n);
}

/* The name a plain column reference would give its output column. */
static const char *
vd_var_name(ViewDeparse *vd, const Expr *e)
{
    if (e->kind != EXPR_VAR)
        return NULL;
    int col = e->u.var.attno;
    for (int i = 0; i < vd->q->nrtes; i++) {
        RangeTblEntry *rte = &vd->q->rtes[i];
        if (col >= rte->offset && col < rte->offset + rte->ncols)
            return rte->colnames[col - rte->offset];
    }
    return NULL;
}

/*
 * A GROUP BY / ORDER BY item: parenthesized unless a plain column, in pretty mode; else
 * only function calls and aggregates (PostgreSQL's get_rule_sortgroupclause).
 */
static char *
vd_sort_expr(ViewDeparse *vd, const Expr *e)
{
    while ((e->kind == EXPR_CAST || e->kind == EXPR_RELABEL) && !e->u.coerce.explicit_cast)
        e = e->u.coerce.arg;
    char *s = vd_expr(vd, e);
    bool func = (e->kind == EXPR_FUNC && e->u.func.opno == 0) || e->kind == EXPR_AGGREF ||
                e->kind == EXPR_CAST || e->kind == EXPR_RELABEL;
    if (e->kind == EXPR_VAR || !(vd->pretty || func))
        return s;
    return mcx_printf("(%s)", s);
}

static char *
vd_print(Query *q, bool pretty)
{
    ViewDeparse vd = {.q = q, .pretty = pretty};
    sb_init(&vd.sb);
    int ncols = 0;
    for (int i = 0; i < q->nrtes; i++)
        ncols += q->rtes[i].ncols;
    vd.names = mcx_alloc0(sizeof(char *) * (size_t)(ncols + 1));
    for (int i = 0; i < q->nrtes; i++) {
        RangeTblEntry *rte = &q->rtes[i];
        for (int c = 0; c < rte->ncols; c++)
            if (rte->colnames[c] != NULL)
                vd.names[rte->offset + c] = mcx_printf("%s.%s",
                                                       adt_quote_ident(rte->alias),
                                                       adt_quote_ident(rte->colnames[c]));
    }
    if (q->from_kind == FROM_SETOP || q->from_kind == FROM_VALUES)
        return NULL; /* set operations and VALUES: the stored text instead */
    sb_append(&vd.sb, " SELECT");
    if (q->distinct && q->ndistinct_on == 0)
        sb_append(&vd.sb, " DISTINCT");
    for (int i = 0; i < q->ndistinct_on; i++)
        sb_appendf(&vd.sb,
                   i == 0 ? " DISTINCT ON (%s" : ", %s",
                   vd_expr(&vd, q->targets[q->distinct_on[i]].expr));
    if (q->ndistinct_on > 0)
        sb_append(&vd.sb, ")");
    int shown = 0;
    for (int i = 0; i < q->ntargets; i++) {
        const TargetEntry *te = &q->targets[i];
        if (te->junk)
            continue;
        sb_append(&vd.sb, shown > 0 ? ",\n    " : " ");
        sb_append(&vd.sb, vd_expr(&vd, te->expr));
        const char *var = vd_var_name(&vd, te->expr);
        if (var == NULL || strcmp(var, te->name) != 0)
            sb_appendf(&vd.sb, " AS %s", adt_quote_ident(te->name));
        shown++;
    }
    if (q->nrtes > 0 && q->jointree != NULL) {
        sb_append(&vd.sb, "\n   FROM ");
        bool first = true;
        vd_from_list(&vd, q->jointree, &first);
    }
    if (q->where != NULL)
        sb_appendf(&vd.sb, "\n  WHERE %s", vd_expr(&vd, q->where));
    for (int i = 0; i < q->ngroup; i++)
        sb_appendf(&vd.sb, i == 0 ? "\n  GROUP BY %s" : ", %s", vd_sort_expr(&vd, q->group[i]));
    if (q->having != NULL)
        sb_appendf(&vd.sb, "\n HAVING %s", vd_expr(&vd, q->having));
    for (int i = 0; i < q->nsort; i++) {
        const SortItem *si = &q->sort[i];
        sb_append(&vd.sb, i == 0 ? "\n  ORDER BY " : ", ");
        sb_append(&vd.sb, vd_sort_expr(&vd, q->targets[si->target].expr));
        if (si->desc)
            sb_append(&vd.sb, si->nulls_first ? " DESC" : " DESC NULLS LAST");
        else if (si->nulls_first)
            sb_append(&vd.sb, " NULLS FIRST");
    }
    if (q->offset != NULL)
        sb_appendf(&vd.sb, "\n OFFSET %s", vd_expr(&vd, q->offset));
    if (q->limit != NULL)
        sb_appendf(&vd.sb, "\n LIMIT %s", vd_expr(&vd, q->limit));
    sb_append(&vd.sb, ";");
    return vd.unsupported ? NULL : vd.sb.data;
}

static Datum
vd_viewdef(FuncCallInfo *fc, Oid relid, bool pretty)
{
    RelDesc *view = cat_relation_by_oid(relid);
    if (view == NULL || view->kind != 'v' || view->view_sql == NULL) {
        fc->isnull = true;
        return 0;
    }
    char *text = vd_print(parse_view_query(view), pretty);
    if (text == NULL)
        text = mcx_printf(" %s;", view->view_sql);
    return ptr_datum(text_from_cstr(text));
}

/*
 * pg_get_ruledef of a view's "_RETURN" rule (the only rules OakDB has): CREATE RULE ... ON
 * SELECT TO view DO INSTEAD followed by the view's definition; the view is named qualified
 * unless pretty and visible. NULL for an unknown OID.
 */
static Datum
vd_ruledef(FuncCallInfo *fc, Oid ruleoid, bool pretty)
{
    char rulename[NAMEDATALEN];
    Oid relid = cat_rule_relation(ruleoid, rulename, sizeof rulename);
    RelDesc *view = relid != INVALID_OID ? cat_relation_by_oid(relid) : NULL;
    if (view == NULL || view->kind != 'v' || view->view_sql == NULL) {
        fc->isnull = true;
        return 0;
    }
    char *def = vd_print(parse_view_query(view), pretty);
    if (def == NULL)
        def = mcx_printf(" %s;", view->view_sql);
    char *text =
        mcx_printf("CREATE RULE %s AS\n    ON SELECT TO %s DO INSTEAD %s",
                   adt_quote_ident(rulename),
                   pretty ? vd_relation_name(view)
                          : mcx_printf("%s.%s",
                                       adt_quote_ident(cat_namespace_name(view->namespace)),
                                       adt_quote_ident(view->name)),
                   def);
    return ptr_datum(text_from_cstr(text));
}

Datum
adt_fn_pg_get_ruledef(FuncCallInfo *fc)
{
    return vd_ruledef(fc, datum_oid(fc->arg[0]), false);
}

Datum
adt_fn_pg_get_ruledef_ext(FuncCallInfo *fc)
{
    return vd_ruledef(fc, datum_oid(fc->arg[0]), datum_bool(fc->arg[1]));
}

static Oid
vd_view_by_name(FuncCallInfo *fc)
{
    const char *name = text_to_cstr(datum_ptr(fc->arg[0]));
    Oid oid = cat_regclass_lookup(name);
    if (oid == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", name));
    return oid;
}

Datum
adt_fn_pg_get_viewdef(FuncCallInfo *fc)
{
    return vd_viewdef(fc, datum_oid(fc->arg[0]), false);
}

Datum
adt_fn_pg_get_viewdef_ext(FuncCallInfo *fc)
{
    return vd_viewdef(fc, datum_oid(fc->arg[0]), datum_bool(fc->arg[1]));
}

/* pg_get_viewdef(oid, wrap column): pretty; every target on its own line here. */
Datum
adt_fn_pg_get_viewdef_wrap(FuncCallInfo *fc)
{
    return vd_viewdef(fc, datum_oid(fc->arg[0]), true);
}

Datum
adt_fn_pg_get_viewdef_name(FuncCallInfo *fc)
{
    return vd_viewdef(fc, vd_view_by_name(fc), false);
}

Datum
adt_fn_pg_get_viewdef_name_ext(FuncCallInfo *fc)
{
    return vd_viewdef(fc, vd_view_by_name(fc), datum_bool(fc->arg[1]));
}
