/*
 * cmd_view.c
 *     CREATE [OR REPLACE] VIEW and DROP VIEW. A view is a pg_class row of relkind 'v', its
 *     columns in pg_attribute, and its SELECT as SQL text (deparsed by libpg_query) in the
 *     ev_action of a pg_rewrite "_RETURN" row; FROM expands it (parser/parse_view.c).
 *
 * Invariants:
 *   1. The SELECT is analyzed when the view is created, so a view that would not run is
 *      refused then, with the error the query itself gives.
 *   2. CREATE OR REPLACE keeps the view's OID and may only add columns at the end: the
 *      existing ones keep their names and types (42P16 otherwise), as in PostgreSQL.
 */
#include "oak/oak.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/parser/analyze.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"

typedef PgQuery__Node Node;

/* The new definition must keep every existing column (name and type) in place. */
static void
cmd_view_check_replace(const RelDesc *old, const ColumnSpec *cols, int n)
{
    if (n < old->natts)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TABLE_DEFINITION),
                err_msg("cannot drop columns from view"));
    for (int i = 0; i < old->natts; i++) {
        const AttDesc *a = &old->atts[i];
        if (strcmp(a->name, cols[i].name) != 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TABLE_DEFINITION),
                    err_msg("cannot change name of view column \"%s\" to \"%s\"",
                            a->name,
                            cols[i].name),
                    err_hint("Use ALTER VIEW ... RENAME COLUMN ... to change name of view "
                             "column instead."));
        if (a->type != cols[i].type || a->typmod != cols[i].typmod)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TABLE_DEFINITION),
                    err_msg("cannot change data type of view column \"%s\" from %s to %s",
                            a->name,
                            adt_format_type(a->type, a->typmod),
                            adt_format_type(cols[i].type, cols[i].typmod)));
    }
}

const char *
cmd_create_view(void *raw, const char *sql)
{
    PgQuery__ViewStmt *vs = raw;
    PgQuery__RangeVar *rv = vs->view;
    if (rv->relpersistence && rv->relpersistence[0] == 't')
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("temporary views are not supported yet"),
                cmd_pos(rv->location));
    if (vs->n_options > 0 ||
        (vs->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION &&
         vs->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__VIEW_CHECK_OPTION_UNDEFINED))
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("view options and WITH CHECK OPTION are not supported yet"));
    Oid nsp = cmd_creation_namespace(rv);

    Query *q = analyze_statement(vs->query, sql);
    if (q->cmd != CMD_SELECT)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("views must be defined by a SELECT"));
    int n = 0;
    ColumnSpec *cols = mcx_alloc0(sizeof(ColumnSpec) * (size_t)(q->ntargets + 1));
    for (int i = 0; i < q->ntargets; i++) {
        const TargetEntry *te = &q->targets[i];
        if (te->junk)
            continue;
        snprintf(cols[n].name, sizeof cols[n].name, "%s", te->name ? te->name : "?column?");
        cols[n].type = te->expr->type == UNKNOWNOID ? TEXTOID : te->expr->type;
        cols[n].typmod = te->expr->type == UNKNOWNOID ? -1 : te->expr->typmod;
        n++;
    }
    if ((int)vs->n_aliases > n)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("CREATE VIEW specifies more column names than columns"));
    for (size_t i = 0; i < vs->n_aliases; i++)
        snprintf(cols[i].name, sizeof cols[i].name, "%s", vs->aliases[i]->string->sval);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(cols[i].name, cols[j].name) == 0)
                ereport(ERROR,
                        err_code(SQLSTATE_DUPLICATE_COLUMN),
                        err_msg("column \"%s\" specified more than once", cols[i].name));
    if (n > MAX_TABLE_COLUMNS)
        ereport(ERROR,
                err_code(SQLSTATE_TOO_MANY_COLUMNS),
                err_msg("tables can have at most %d columns", MAX_TABLE_COLUMNS));

    char *text = analyze_deparse_statement(vs->query);
    if (text == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this view definition cannot be stored yet"));

    Oid replace = INVALID_OID;
    RelDesc *existing = cat_lookup_relation(cat_namespace_name(nsp), rv->relname);
    if (existing != NULL && existing->namespace == nsp) {
        if (!vs->replace)
            ereport(ERROR,
                    err_code(SQLSTATE_DUPLICATE_TABLE),
                    err_msg("relation \"%s\" already exists", rv->relname));
        if (existing->kind != 'v' || existing->view_sql == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                    err_msg("\"%s\" is not a view", rv->relname));
        LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = existing->oid};
        (void)lock_acquire(&tag, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
        cmd_view_check_replace(existing, cols, n);
        replace = existing->oid;
    }
    (void)cat_create_view(nsp, rv->relname, n, cols, text, replace);
    return "CREATE VIEW";
}

const char *
cmd_drop_view(struct PgQuery__DropStmt *ds)
{
    for (size_t i = 0; i < ds->n_objects; i++) {
        RelDesc *rel = cmd_drop_target(ds, i, 'v', "view");
        if (rel == NULL)
            continue;
        LockTag tag = {.kind = LOCKTAG_RELATION, .db = cat_my_db, .rel = rel->oid};
        (void)lock_acquire(&tag, ACCESS_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
        cat_drop_view(rel);
    }
    return "DROP VIEW";
}
