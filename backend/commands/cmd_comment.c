/*
 * cmd_comment.c
 *     COMMENT ON { TABLE | VIEW | SEQUENCE | INDEX | COLUMN | SCHEMA | DATABASE | ROLE } name
 *     IS 'text' | NULL,
 *     with PostgreSQL's errors. Comments are pg_description rows (objoid, classoid,
 *     objsubid: the column number for a column, else 0) or, for the shared objects
 *     (databases, roles), pg_shdescription rows; obj_description, col_description and
 *     shobj_description read them back. IS NULL or IS '' removes the comment.
 */
#include "oak/oak.h"

#include "cmd_internal.h"
#include "oak/commands/commands.h"

typedef PgQuery__Node Node;

static const char *
comment_str(Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : "";
}

/* The name parts of a List object ("schema", "table"[, "column"]). */
static int
comment_names(Node *obj, const char **parts, int max)
{
    if (obj->node_case != PG_QUERY__NODE__NODE_LIST) {
        parts[0] = comment_str(obj);
        return 1;
    }
    int n = (int)obj->list->n_items;
    if (n > max)
        n = max;
    for (int i = 0; i < n; i++)
        parts[i] = comment_str(obj->list->items[i]);
    return n;
}

static RelDesc *
comment_relation(const char **parts, int n, char kind)
{
    const char *schema = n >= 2 ? parts[n - 2] : NULL;
    const char *name = parts[n - 1];
    if (n > 2)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("cross-database references are not implemented: %s.%s.%s",
                        parts[0],
                        parts[1],
                        parts[2]));
    RelDesc *rel = cat_lookup_relation(schema, name);
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist",
                        schema ? mcx_printf("%s.%s", schema, name) : name));
    if (rel->kind != kind)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is not %s",
                        name,
                        kind == 'v'   ? "a view"
                        : kind == 'S' ? "a sequence"
                                      : "a table"));
    return rel;
}

/* An index by (optionally qualified) name: its OID through the table it belongs to. */
static Oid
comment_index(const char **parts, int n)
{
    const char *schema = n >= 2 ? parts[n - 2] : NULL;
    const char *name = parts[n - 1];
    Oid oid = cat_regclass_lookup(schema ? mcx_printf("%s.%s", schema, name) : name);
    if (oid == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist",
                        schema ? mcx_printf("%s.%s", schema, name) : name));
    if (cat_index_table(oid) == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is not an index", name));
    return oid;
}

const char *
cmd_comment(void *raw)
{
    PgQuery__CommentStmt *cs = raw;
    const char *text = cs->comment != NULL && cs->comment[0] != '\0' ? cs->comment : NULL;
    const char *parts[4];
    int n = comment_names(cs->object, parts, 4);
    switch (cs->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
        RelDesc *rel = comment_relation(parts, n, 'r');
        cat_set_description(rel->oid, PG_CLASS_RELID, 0, false, text);
        break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
        bool view = cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW;
        RelDesc *rel = comment_relation(parts, n, view ? 'v' : 'S');
        cat_set_description(rel->oid, PG_CLASS_RELID, 0, false, text);
        break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        cat_set_description(comment_index(parts, n), PG_CLASS_RELID, 0, false, text);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
        if (n < 2)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("column name must be qualified"));
        RelDesc *rel = comment_relation(parts, n - 1, 'r');
        const char *col = parts[n - 1];
        int attno = -1;
        for (int i = 0; i < rel->natts && attno < 0; i++)
            if (strcmp(rel->atts[i].name, col) == 0)
                attno = i;
        if (attno < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_COLUMN),
                    err_msg("column \"%s\" of relation \"%s\" does not exist",
                            col,
                            n > 2 ? mcx_printf("%s.%s", parts[n - 3], parts[n - 2]) : parts[0]));
        cat_set_description(rel->oid, PG_CLASS_RELID, attno + 1, false, text);
        break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
        Oid nsp = cat_namespace_oid(parts[0]);
        if (nsp == INVALID_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                    err_msg("schema \"%s\" does not exist", parts[0]));
        cat_set_description(nsp, PG_NAMESPACE_RELID, 0, false, text);
        break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE: {
        Oid db;
        if (!cat_database_oid(parts[0], &db))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_CATALOG_NAME),
                    err_msg("database \"%s\" does not exist", parts[0]));
        cat_set_description(db, PG_DATABASE_RELID, 0, true, text);
        break;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE: {
        Oid role;
        if (!cat_role_oid(parts[0], &role, NULL))
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("role \"%s\" does not exist", parts[0]));
        cat_set_description(role, PG_AUTHID_RELID, 0, true, text);
        break;
    }
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("COMMENT ON this kind of object is not supported yet"));
    }
    return "COMMENT";
}
