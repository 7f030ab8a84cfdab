/*
 * cmd_ruleutils.c
 *     The deparsers clients call on stored definitions: pg_get_expr, pg_get_indexdef and
 *     pg_get_constraintdef (PostgreSQL's ruleutils.c). OakDB keeps expressions as SQL text
 *     (pg_attrdef.adbin, pg_index.indexprs/indpred), so each is analyzed again over its
 *     table and printed by the executor's deparser, in PostgreSQL's format: the pretty flag
 *     drops the parentheses precedence does not need, and a default's implicit coercion to
 *     its column's type is not shown (PostgreSQL prints it the same way).
 *
 * They are the adt_fn_<prosrc> functions utils/adt's generated table names. An unknown
 * OID gives NULL, as in PostgreSQL.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <strings.h>

#include "oak/catalog/catalog.h"
#include "oak/commands/commands.h"
#include "oak/executor/executor.h"
#include "oak/parser/analyze.h"
#include "oak/utils/adt.h"
#include "../utils/adt/adt_fns.h"

static Datum
rule_null(FuncCallInfo *fc)
{
    fc->isnull = true;
    return 0;
}

static char *
rule_deparse(const Expr *e, const RelDesc *rel, bool pretty)
{
    return pretty ? exec_deparse_expr_pretty(e, rel) : exec_deparse_expr(e, rel, true);
}

/* A relation's name as pg_get_indexdef prints it: qualified unless pretty and visible. */
static char *
rule_relation_name(const RelDesc *rel, bool pretty)
{
    char *name = adt_quote_ident(rel->name);
    if (pretty) {
        RelDesc *visible = cat_lookup_relation(NULL, rel->name);
        if (visible != NULL && visible->oid == rel->oid)
            return name;
    }
    return mcx_printf("%s.%s", adt_quote_ident(cat_namespace_name(rel->namespace)), name);
}

/* --- pg_get_expr ------------------------------------------------------------------------------- */

/*
 * A default that is one of SQL's value functions (CURRENT_DATE, CURRENT_TIMESTAMP(3),
 * CURRENT_USER, ...): the analyzer turns those into constants of the statement, so the
 * stored text itself is printed, in upper case as PostgreSQL prints it. NULL otherwise.
 */
static const char *
rule_sql_value_function(const char *sql)
{
    static const char *const names[] = {"CURRENT_DATE",
                                        "CURRENT_TIME",
                                        "CURRENT_TIMESTAMP",
                                        "LOCALTIME",
                                        "LOCALTIMESTAMP",
                                        "CURRENT_ROLE",
                                        "CURRENT_USER",
                                        "USER",
                                        "SESSION_USER",
                                        "CURRENT_CATALOG",
                                        "CURRENT_SCHEMA"};
    while (isspace((unsigned char)*sql))
        sql++;
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++) {
        size_t n = strlen(names[i]);
        if (strncasecmp(sql, names[i], n) != 0)
            continue;
        const char *rest = sql + n;
        /* an optional precision: CURRENT_TIMESTAMP(3) */
        const char *p = rest;
        if (*p == '(') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
            if (*p != ')')
                continue;
            p++;
        }
        const char *end = p;
        while (isspace((unsigned char)*end))
            end++;
        if (*end != '\0')
            continue;
        return mcx_printf("%s%.*s", names[i], (int)(p - rest), rest);
    }
    return NULL;
}

static Datum
rule_get_expr(FuncCallInfo *fc, bool pretty)
{
    const char *sql = text_to_cstr(datum_ptr(fc->arg[0]));
    Oid relid = datum_oid(fc->arg[1]);
    RelDesc *rel = relid != INVALID_OID ? cat_relation_by_oid(relid) : NULL;
    if (rel == NULL) {
        if (relid != INVALID_OID)
            return rule_null(fc);
        rel = mcx_alloc0(sizeof *rel); /* an expression without columns */
    }
    int col = relid != INVALID_OID ? cat_attrdef_column(relid, sql) : -1;
    const char *keyword = col >= 0 ? rule_sql_value_function(sql) : NULL;
    if (keyword != NULL)
        return ptr_datum(text_from_cstr(keyword));
    if (col >= 0) {
        /* a column default: analyzed for its column, the implicit coercion not shown */
        const AttDesc *att = &rel->atts[col];
        Expr *e = analyze_default_expr(sql, att->type, -1, att->name);
        while ((e->kind == EXPR_CAST || e->kind == EXPR_RELABEL) && !e->u.coerce.explicit_cast)
            e = e->u.coerce.arg;
        return ptr_datum(text_from_cstr(rule_deparse(e, rel, pretty)));
    }
    Expr **exprs;
    int n = analyze_rel_exprs(rel, sql, false, &exprs);
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sb_append(&sb, ", ");
        sb_append(&sb, rule_deparse(exprs[i], rel, pretty));
    }
    return ptr_datum(text_from_cstr(sb.data));
}

Datum
adt_fn_pg_get_expr(FuncCallInfo *fc)
{
    return rule_get_expr(fc, false);
}

Datum
adt_fn_pg_get_expr_ext(FuncCallInfo *fc)
{
    return rule_get_expr(fc, datum_bool(fc->arg[2]));
}

/* --- pg_get_indexdef --------------------------------------------------------------------------- */

/* Whether an expression prints as a function call, which needs no parentheses of its own. */
static bool
rule_looks_like_function(const Expr *e)
{
    return e->kind == EXPR_FUNC && e->u.func.opno == 0 && e->u.func.proc != NULL &&
           !(adt_type(e->type) != NULL &&
             strcmp(e->u.func.proc->name, adt_type(e->type)->name) == 0);
}

/*
 * CREATE [UNIQUE] INDEX name ON table USING btree (keys) [WHERE pred], or with colno > 0
 * only that key's column or expression. Default operator classes and collations are not
 * printed (OakDB has no others).
 */
static Datum
rule_get_indexdef(FuncCallInfo *fc, Oid indexoid, int colno, bool pretty)
{
    CatIndexRow ix;
    if (!cat_index_row(indexoid, &ix))
        return rule_null(fc);
    RelDesc *rel = cat_relation_by_oid(ix.indrelid);
    if (rel == NULL)
        return rule_null(fc);
    Expr **exprs = NULL;
    if (ix.exprs != NULL)
        (void)analyze_rel_exprs(rel, ix.exprs, false, &exprs);
    StrBuf sb;
    sb_init(&sb);
    if (colno == 0)
        sb_append(&sb,
                  mcx_printf("CREATE %sINDEX %s ON %s USING btree (",
                             ix.unique ? "UNIQUE " : "",
                             adt_quote_ident(ix.name),
                             rule_relation_name(rel, pretty)));
    int nexpr = 0;
    for (int k = 0; k < ix.nkeys; k++) {
        bool show = colno == 0 || colno == k + 1;
        if (show && colno == 0 && k > 0)
            sb_append(&sb, ", ");
        if (ix.keys[k] != 0) {
            if (show)
                sb_append(&sb, adt_quote_ident(rel->atts[ix.keys[k] - 1].name));
        } else {
            const Expr *e = exprs[nexpr++];
            if (show) {
                char *s = rule_deparse(e, rel, pretty);
                sb_append(&sb, rule_looks_like_function(e) ? s : mcx_printf("(%s)", s));
            }
        }
        if (!show || colno != 0)
            continue;
        int opt = ix.options[k];
        if (opt & INDOPTION_DESC)
            sb_append(&sb, (opt & INDOPTION_NULLS_FIRST) ? " DESC" : " DESC NULLS LAST");
        else if (opt & INDOPTION_NULLS_FIRST)
            sb_append(&sb, " NULLS FIRST");
    }
    if (colno == 0) {
        sb_append(&sb, ")");
        if (ix.pred != NULL) {
            Expr **pred;
            (void)analyze_rel_exprs(rel, ix.pred, true, &pred);
            sb_append(&sb, " WHERE ");
            sb_append(&sb, rule_deparse(pred[0], rel, pretty));
        }
    }
    return ptr_datum(text_from_cstr(sb.data));
}

Datum
adt_fn_pg_get_indexdef(FuncCallInfo *fc)
{
    return rule_get_indexdef(fc, datum_oid(fc->arg[0]), 0, false);
}

Datum
adt_fn_pg_get_indexdef_ext(FuncCallInfo *fc)
{
    return rule_get_indexdef(fc,
                             datum_oid(fc->arg[0]),
                             datum_int32(fc->arg[1]),
                             datum_bool(fc->arg[2]));
}

/* --- pg_get_constraintdef ---------------------------------------------------------------------- */

/* PRIMARY KEY (cols) / UNIQUE (cols), the kinds of constraint OakDB stores. */
static Datum
rule_get_constraintdef(FuncCallInfo *fc, bool pretty)
{
    (void)pretty;
    CatConstraintRow con;
    if (!cat_constraint_row(datum_oid(fc->arg[0]), &con))
        return rule_null(fc);
    RelDesc *rel = cat_relation_by_oid(con.relid);
    if (rel == NULL || (con.type != 'p' && con.type != 'u'))
        return rule_null(fc);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, con.type == 'p' ? "PRIMARY KEY (" : "UNIQUE (");
    for (int i = 0; i < con.nkeys; i++) {
        if (i > 0)
            sb_append(&sb, ", ");
        int att = con.keys[i] - 1;
        sb_append(&sb, att >= 0 && att < rel->natts ? adt_quote_ident(rel->atts[att].name) : "?");
    }
    sb_append(&sb, ")");
    if (con.deferrable)
        sb_append(&sb, " DEFERRABLE");
    if (con.deferred)
        sb_append(&sb, " INITIALLY DEFERRED");
    return ptr_datum(text_from_cstr(sb.data));
}

Datum
adt_fn_pg_get_constraintdef(FuncCallInfo *fc)
{
    return rule_get_constraintdef(fc, false);
}

Datum
adt_fn_pg_get_constraintdef_ext(FuncCallInfo *fc)
{
    return rule_get_constraintdef(fc, datum_bool(fc->arg[1]));
}
