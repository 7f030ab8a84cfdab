/*
 * cmd_schema.c
 *     CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role] and DROP SCHEMA [IF EXISTS]
 *     name [, ...] [CASCADE | RESTRICT], with PostgreSQL's errors.
 *
 * A schema is a pg_namespace row; its tables live in it through pg_class.relnamespace.
 * DROP ... CASCADE drops them (NOTICE per object, as PostgreSQL reports it); RESTRICT
 * (the default) refuses a schema that holds anything (2BP01).
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/acl.h"

typedef PgQuery__Node Node;

const char *
cmd_create_schema(void *raw)
{
    PgQuery__CreateSchemaStmt *cs = raw;
    const char *name = cs->schemaname;
    if (cs->n_schema_elts > 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("CREATE SCHEMA with schema elements is not supported yet"));
    Oid owner = cat_my_role;
    if (!cat_database_privilege(cat_my_db, cat_my_role, ACL_CREATE))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied for database %s", cat_database_name(cat_my_db)));
    if (cs->authrole != NULL) {
        const char *role = cs->authrole->rolename;
        if (role != NULL && role[0] != '\0') {
            if (!cat_role_oid(role, &owner, NULL))
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_OBJECT),
                        err_msg("role \"%s\" does not exist", role));
            if (name == NULL || name[0] == '\0')
                name = role; /* CREATE SCHEMA AUTHORIZATION role: named after the role */
        }
    }
    if (strncmp(name, "pg_", 3) == 0)
        ereport(ERROR,
                err_code(SQLSTATE_RESERVED_NAME),
                err_msg("unacceptable schema name \"%s\"", name),
                err_detail("The prefix \"pg_\" is reserved for system schemas."));
    if (cat_namespace_oid(name) != INVALID_OID) {
        if (cs->if_not_exists) {
            ereport(NOTICE,
                    err_code(SQLSTATE_DUPLICATE_SCHEMA),
                    err_msg("schema \"%s\" already exists, skipping", name));
            return "CREATE SCHEMA";
        }
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_SCHEMA),
                err_msg("schema \"%s\" already exists", name));
    }
    (void)cat_create_namespace(name, owner);
    return "CREATE SCHEMA";
}

/* How PostgreSQL's dependency messages name a kind of relation. */
static const char *
cmd_relkind_noun(char kind)
{
    return kind == 'v' ? "view" : kind == 'S' ? "sequence" : "table";
}

const char *
cmd_drop_schema(PgQuery__DropStmt *ds)
{
    bool cascade = ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < ds->n_objects; i++) {
        Node *obj = ds->objects[i];
        const char *name = obj->node_case == PG_QUERY__NODE__NODE_STRING
                               ? obj->string->sval
                               : obj->list->items[obj->list->n_items - 1]->string->sval;
        Oid nsp = cat_namespace_oid(name);
        if (nsp == INVALID_OID) {
            if (ds->missing_ok) {
                ereport(NOTICE,
                        err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                        err_msg("schema \"%s\" does not exist, skipping", name));
                continue;
            }
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                    err_msg("schema \"%s\" does not exist", name));
        }
        if (!cat_is_owner(ACL_OBJ_SCHEMA, nsp))
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("must be owner of schema %s", name));
        if (nsp == PG_CATALOG_NAMESPACE || nsp == PG_TOAST_NAMESPACE)
            ereport(ERROR,
                    err_code(SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST),
                    err_msg("cannot drop schema %s because it is required by the database "
                            "system",
                            name));
        Oid *rels;
        int n = cat_list_namespace_relations(nsp, &rels);
        if (n > 0 && !cascade) {
            StrBuf detail;
            sb_init(&detail);
            for (int r = 0; r < n; r++) {
                RelDesc *rel = cat_relation_by_oid(rels[r]);
                if (r > 0)
                    sb_append(&detail, "\n");
                sb_append(&detail,
                          mcx_printf("%s %s.%s depends on schema %s",
                                     cmd_relkind_noun(rel->kind),
                                     adt_quote_ident(name),
                                     adt_quote_ident(rel->name),
                                     adt_quote_ident(name)));
            }
            ereport(ERROR,
                    err_code(SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST),
                    err_msg("cannot drop schema %s because other objects depend on it", name),
                    err_detail("%s", detail.data),
                    err_hint("Use DROP ... CASCADE to drop the dependent objects too."));
        }
        if (n == 1) {
            RelDesc *rel = cat_relation_by_oid(rels[0]);
            ereport(NOTICE,
                    err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                    err_msg("drop cascades to %s %s.%s",
                            cmd_relkind_noun(rel->kind),
                            adt_quote_ident(name),
                            adt_quote_ident(rel->name)));
        } else if (n > 1) {
            StrBuf detail;
            sb_init(&detail);
            for (int r = 0; r < n; r++) {
                if (r > 0)
                    sb_append(&detail, "\n");
                RelDesc *rel = cat_relation_by_oid(rels[r]);
                sb_append(&detail,
                          mcx_printf("drop cascades to %s %s.%s",
                                     cmd_relkind_noun(rel->kind),
                                     adt_quote_ident(name),
                                     adt_quote_ident(rel->name)));
            }
            ereport(NOTICE,
                    err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                    err_msg("drop cascades to %d other objects", n),
                    err_detail("%s", detail.data));
        }
        for (int r = 0; r < n; r++) {
            RelDesc *rel = cat_relation_by_oid(rels[r]);
            if (rel != NULL && rel->kind == 'r')
                cmd_drop_relation(rel);
            else if (rel != NULL && rel->kind == 'v')
                cat_drop_view(rel);
            else if (rel != NULL && rel->kind == 'S')
                cmd_drop_sequence_rel(rel);
        }
        cat_drop_namespace(nsp);
    }
    return "DROP SCHEMA";
}

/*
 * ALTER SCHEMA name OWNER TO role: the owner (or a superuser) may give it to a role it can
 * become that has CREATE on the database, as in PostgreSQL.
 */
const char *
cmd_alter_schema_owner(const char *name, void *rolespec)
{
    Oid nsp = cat_namespace_oid(name);
    if (nsp == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                err_msg("schema \"%s\" does not exist", name));
    Oid role = cmd_role_spec_oid(rolespec);
    Oid owner;
    Acl acl;
    (void)cat_object_acl(ACL_OBJ_SCHEMA, nsp, &owner, &acl, NULL);
    if (role == owner)
        return "ALTER SCHEMA";
    if (!cat_is_owner(ACL_OBJ_SCHEMA, nsp))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("must be owner of schema %s", name));
    if (!cat_role_is_superuser(cat_my_role)) {
        if (role != cat_my_role)
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("must be member of role \"%s\"", cat_role_name(role)));
        if (!cat_database_privilege(cat_my_db, cat_my_role, ACL_CREATE))
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("permission denied for database %s", cat_database_name(cat_my_db)));
    }
    cat_set_object_owner(ACL_OBJ_SCHEMA, nsp, role);
    return "ALTER SCHEMA";
}
