/*
 * cat_fn_privilege.c
 *     has_table_privilege, has_schema_privilege, has_database_privilege, in PostgreSQL's
 *     six argument forms. Without GRANT, a role has every privilege on what it owns, a
 *     superuser on everything, and others only what PostgreSQL grants PUBLIC by default
 *     (USAGE on the pg_catalog, public and information_schema schemas; CONNECT and
 *     TEMPORARY on databases; SELECT on the catalogs).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <strings.h>

#include "cat_internal.h"
#include "oak/utils/adt.h"
#include "../utils/adt/adt_fns.h"

/* --- privileges ------------------------------------------------------------------------------------ */

typedef enum PrivObject { PRIV_TABLE, PRIV_SCHEMA, PRIV_DATABASE } PrivObject;

/* Privilege bits, one per name below (TEMP is TEMPORARY). */
enum {
    PRIV_SELECT = 1 << 0,
    PRIV_INSERT = 1 << 1,
    PRIV_UPDATE = 1 << 2,
    PRIV_DELETE = 1 << 3,
    PRIV_TRUNCATE = 1 << 4,
    PRIV_REFERENCES = 1 << 5,
    PRIV_TRIGGER = 1 << 6,
    PRIV_USAGE = 1 << 7,
    PRIV_CREATE = 1 << 8,
    PRIV_CONNECT = 1 << 9,
    PRIV_TEMPORARY = 1 << 10,
};

/*
 * Parse a privilege list ("SELECT, INSERT WITH GRANT OPTION") into bits: 22023 for a name
 * the object kind does not have, as PostgreSQL.
 */
static int
cat_priv_parse(const char *list, PrivObject kind)
{
    static const struct {
        const char *name;
        int bit;
        PrivObject kind;
    } privs[] = {{"SELECT", PRIV_SELECT, PRIV_TABLE},
                 {"INSERT", PRIV_INSERT, PRIV_TABLE},
                 {"UPDATE", PRIV_UPDATE, PRIV_TABLE},
                 {"DELETE", PRIV_DELETE, PRIV_TABLE},
                 {"TRUNCATE", PRIV_TRUNCATE, PRIV_TABLE},
                 {"REFERENCES", PRIV_REFERENCES, PRIV_TABLE},
                 {"TRIGGER", PRIV_TRIGGER, PRIV_TABLE},
                 {"USAGE", PRIV_USAGE, PRIV_SCHEMA},
                 {"CREATE", PRIV_CREATE, PRIV_SCHEMA},
                 {"CREATE", PRIV_CREATE, PRIV_DATABASE},
                 {"CONNECT", PRIV_CONNECT, PRIV_DATABASE},
                 {"TEMPORARY", PRIV_TEMPORARY, PRIV_DATABASE},
                 {"TEMP", PRIV_TEMPORARY, PRIV_DATABASE}};
    int mask = 0;
    char *copy = mcx_strdup(list);
    for (char *tok = strtok(copy, ","); tok != NULL; tok = strtok(NULL, ",")) {
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len > 0 && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        const char *wgo = " WITH GRANT OPTION";
        size_t wl = strlen(wgo);
        if (len > wl && strcasecmp(tok + len - wl, wgo) == 0)
            tok[len - wl] = '\0';
        int bit = 0;
        for (size_t i = 0; i < OAK_LENGTHOF(privs) && bit == 0; i++)
            if (privs[i].kind == kind && strcasecmp(tok, privs[i].name) == 0)
                bit = privs[i].bit;
        if (bit == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("unrecognized privilege type: \"%s\"", tok));
        mask |= bit;
    }
    return mask;
}

static bool
cat_role_is_super(Oid role)
{
    Datum *v;
    bool *n;
    return cat_row_by_oid(PG_AUTHID_RELID, role, &v, &n) && datum_bool(v[ANUM_AUTH_SUPER]);
}

static Oid
cat_priv_role_by_name(const char *name)
{
    Oid role;
    bool super;
    if (!cat_role_oid(name, &role, &super))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    return role;
}

/* The owner of an object (false: no such object). */
static bool
cat_object_owner(PrivObject kind, Oid oid, Oid *owner, Oid *nsp)
{
    Datum *v;
    bool *n;
    switch (kind) {
    case PRIV_TABLE:
        if (!cat_row_by_oid(PG_CLASS_RELID, oid, &v, &n))
            return false;
        *owner = datum_oid(v[5]); /* relowner */
        *nsp = datum_oid(v[ANUM_CLASS_RELNAMESPACE]);
        return true;
    case PRIV_SCHEMA:
        if (!cat_row_by_oid(PG_NAMESPACE_RELID, oid, &v, &n))
            return false;
        *owner = datum_oid(v[2]);
        *nsp = oid;
        return true;
    default:
        if (!cat_row_by_oid(PG_DATABASE_RELID, oid, &v, &n))
            return false;
        *owner = datum_oid(v[2]);
        *nsp = 0;
        return true;
    }
}

static Oid
cat_priv_object_by_name(PrivObject kind, const char *name)
{
    Oid oid = INVALID_OID;
    switch (kind) {
    case PRIV_TABLE:
        oid = cat_regclass_lookup(name);
        if (oid == INVALID_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("relation \"%s\" does not exist", name));
        break;
    case PRIV_SCHEMA:
        oid = cat_namespace_oid(name);
        if (oid == INVALID_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                    err_msg("schema \"%s\" does not exist", name));
        break;
    case PRIV_DATABASE:
        if (!cat_database_oid(name, &oid))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_CATALOG_NAME),
                    err_msg("database \"%s\" does not exist", name));
        break;
    }
    return oid;
}

/*
 * has_X_privilege with its arguments in one of PostgreSQL's six forms: (role, object, priv)
 * with role and object each a name (text/name) or an OID, or (object, priv) for the current
 * role. An unknown object OID gives NULL; an unknown name raises.
 */
static Datum
cat_has_privilege(FuncCallInfo *fc, PrivObject kind)
{
    int nargs = fc->nargs;
    Oid role = cat_my_role;
    int objarg = 0;
    if (nargs == 3) {
        role = adt_is_oid_alias(fc->argtype[0]) ? datum_oid(fc->arg[0])
                                                : cat_priv_role_by_name(cat_arg_text(fc, 0));
        objarg = 1;
    }
    Oid obj = adt_is_oid_alias(fc->argtype[objarg])
                  ? datum_oid(fc->arg[objarg])
                  : cat_priv_object_by_name(kind, cat_arg_text(fc, objarg));
    int asked = cat_priv_parse(cat_arg_text(fc, objarg + 1), kind);
    Oid owner, nsp;
    if (!cat_object_owner(kind, obj, &owner, &nsp))
        return cat_null(fc);
    if (cat_role_is_super(role) || owner == role)
        return bool_datum(true);
    /* pg_database_owner stands for the current database's owner (it owns public) */
    if (owner == PG_DATABASE_OWNER_ID) {
        Oid dbowner, unused;
        if (cat_object_owner(PRIV_DATABASE, cat_my_db, &dbowner, &unused) && dbowner == role)
            return bool_datum(true);
    }
    /*
     * What PUBLIC holds by default; true when any privilege asked for is among them, as
     * has_X_privilege answers for a list.
     */
    int public_privs = 0;
    if (kind == PRIV_SCHEMA && (obj == PG_CATALOG_NAMESPACE || obj == PG_PUBLIC_NAMESPACE ||
                                strcmp(cat_namespace_name(obj), "information_schema") == 0))
        public_privs = PRIV_USAGE;
    else if (kind == PRIV_DATABASE)
        public_privs = PRIV_CONNECT | PRIV_TEMPORARY;
    else if (kind == PRIV_TABLE && nsp == PG_CATALOG_NAMESPACE)
        public_privs = PRIV_SELECT; /* the catalogs are readable by everyone */
    return bool_datum((asked & public_privs) != 0);
}

#define CAT_PRIV_FNS(obj, kind)                                                                    \
    Datum adt_fn_has_##obj##_privilege_name_name(FuncCallInfo *fc)                                 \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_name_id(FuncCallInfo *fc)                                   \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id_name(FuncCallInfo *fc)                                   \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id_id(FuncCallInfo *fc)                                     \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_name(FuncCallInfo *fc)                                      \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id(FuncCallInfo *fc)                                        \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }

CAT_PRIV_FNS(table, PRIV_TABLE)
CAT_PRIV_FNS(schema, PRIV_SCHEMA)
CAT_PRIV_FNS(database, PRIV_DATABASE)
