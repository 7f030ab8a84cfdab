/*
 * acl_fns.c
 *     has_table_privilege, has_schema_privilege and has_database_privilege in their six
 *     forms each (role by name or OID or the current user; object by name or OID): the
 *     privilege list is parsed as PostgreSQL does ("SELECT, INSERT WITH GRANT OPTION",
 *     any case, 22023 for an unknown one) and answered from the object's ACL through the
 *     catalog's hooks: true when the role holds any of the listed privileges.
 *
 * An object named by OID that does not exist gives NULL; one named by text that does not
 * exist raises PostgreSQL's error (42P01, 3F000, 3D000); an unknown role name 42704.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <strings.h>

#include "adt_fns.h"
#include "oak/utils/acl.h"
#include "oak/utils/adt.h"

Oid (*adt_object_oid_hook)(char kind, const char *name);
uint32_t (*adt_object_privileges_hook)(char kind, Oid oid, Oid role, uint32_t mask, bool *exists);
uint32_t (*adt_object_grant_options_hook)(char kind, Oid oid, Oid role, uint32_t mask);
Oid (*adt_current_role_hook)(void);

typedef struct PrivName {
    const char *name;
    uint32_t bit;
} PrivName;

static const PrivName acl_table_privs[] = {{"SELECT", ACL_SELECT},
                                           {"INSERT", ACL_INSERT},
                                           {"UPDATE", ACL_UPDATE},
                                           {"DELETE", ACL_DELETE},
                                           {"TRUNCATE", ACL_TRUNCATE},
                                           {"REFERENCES", ACL_REFERENCES},
                                           {"TRIGGER", ACL_TRIGGER},
                                           {"RULE", 0},
                                           {NULL, 0}};
static const PrivName acl_schema_privs[] = {{"CREATE", ACL_CREATE},
                                            {"USAGE", ACL_USAGE},
                                            {NULL, 0}};
static const PrivName acl_database_privs[] = {{"CREATE", ACL_CREATE},
                                              {"CONNECT", ACL_CONNECT},
                                              {"TEMPORARY", ACL_CREATE_TEMP},
                                              {"TEMP", ACL_CREATE_TEMP},
                                              {NULL, 0}};

/* One list entry "priv [WITH GRANT OPTION]" (already trimmed) into *privs / *options. */
static void
acl_fn_parse_one(const char *item, const PrivName *names, uint32_t *privs, uint32_t *options)
{
    static const char suffix[] = " WITH GRANT OPTION";
    size_t len = strlen(item);
    bool grant =
        len > sizeof suffix - 1 && strcasecmp(item + len - (sizeof suffix - 1), suffix) == 0;
    char *word = mcx_strndup(item, grant ? len - (sizeof suffix - 1) : len);
    for (size_t k = strlen(word); k > 0 && isspace((unsigned char)word[k - 1]); k--)
        word[k - 1] = '\0';
    for (const PrivName *p = names; p->name != NULL; p++) {
        if (strcasecmp(word, p->name) != 0)
            continue;
        if (grant)
            *options |= p->bit;
        else
            *privs |= p->bit;
        return;
    }
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("unrecognized privilege type: \"%s\"", item));
}

static void
acl_fn_parse(const char *list, const PrivName *names, uint32_t *privs, uint32_t *options)
{
    *privs = 0;
    *options = 0;
    const char *p = list;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        size_t n = strcspn(p, ",");
        size_t end = n;
        while (end > 0 && isspace((unsigned char)p[end - 1]))
            end--;
        acl_fn_parse_one(mcx_strndup(p, end), names, privs, options);
        if (p[n] != ',')
            break;
        p += n + 1;
    }
}

static Oid
acl_fn_role(FuncCallInfo *fc, int arg, bool by_name)
{
    if (!by_name)
        return datum_oid(fc->arg[arg]);
    char *name = text_to_cstr(datum_ptr(fc->arg[arg]));
    Oid role = adt_role_oid_hook != NULL ? adt_role_oid_hook(name) : INVALID_OID;
    if (role == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    return role;
}

static Oid
acl_fn_object(char kind, FuncCallInfo *fc, int arg, bool by_name)
{
    if (!by_name)
        return datum_oid(fc->arg[arg]);
    char *name = text_to_cstr(datum_ptr(fc->arg[arg]));
    Oid oid = adt_object_oid_hook != NULL ? adt_object_oid_hook(kind, name) : INVALID_OID;
    if (oid != INVALID_OID)
        return oid;
    if (kind == ACL_OBJ_TABLE)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", name));
    if (kind == ACL_OBJ_SCHEMA)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                err_msg("schema \"%s\" does not exist", name));
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_CATALOG_NAME),
            err_msg("database \"%s\" does not exist", name));
}

/*
 * The common body: role_arg < 0 means the current user; the object and the privilege
 * list follow. role_by_name / obj_by_name say which arguments are text.
 */
static Datum
acl_fn_has(FuncCallInfo *fc, char kind, int role_arg, bool role_by_name, bool obj_by_name)
{
    const PrivName *names = kind == ACL_OBJ_TABLE    ? acl_table_privs
                            : kind == ACL_OBJ_SCHEMA ? acl_schema_privs
                                                     : acl_database_privs;
    int obj_arg = role_arg + 1;
    Oid role = role_arg < 0 ? (adt_current_role_hook ? adt_current_role_hook() : INVALID_OID)
                            : acl_fn_role(fc, role_arg, role_by_name);
    Oid oid = acl_fn_object(kind, fc, obj_arg, obj_by_name);
    uint32_t privs;
    uint32_t options;
    acl_fn_parse(text_to_cstr(datum_ptr(fc->arg[obj_arg + 1])), names, &privs, &options);
    bool exists = false;
    uint32_t have = adt_object_privileges_hook != NULL
                        ? adt_object_privileges_hook(kind, oid, role, privs, &exists)
                        : 0;
    if (!exists) {
        fc->isnull = true;
        return 0;
    }
    if (have == 0 && options != 0 && adt_object_grant_options_hook != NULL)
        have = adt_object_grant_options_hook(kind, oid, role, options);
    return bool_datum(have != 0);
}

#define ACL_HAS_FNS(obj, kind)                                                                     \
    Datum adt_fn_has_##obj##_privilege_name_name(FuncCallInfo *fc)                                 \
    {                                                                                              \
        return acl_fn_has(fc, kind, 0, true, true);                                                \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_name_id(FuncCallInfo *fc)                                   \
    {                                                                                              \
        return acl_fn_has(fc, kind, 0, true, false);                                               \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id_name(FuncCallInfo *fc)                                   \
    {                                                                                              \
        return acl_fn_has(fc, kind, 0, false, true);                                               \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id_id(FuncCallInfo *fc)                                     \
    {                                                                                              \
        return acl_fn_has(fc, kind, 0, false, false);                                              \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_name(FuncCallInfo *fc)                                      \
    {                                                                                              \
        return acl_fn_has(fc, kind, -1, false, true);                                              \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id(FuncCallInfo *fc)                                        \
    {                                                                                              \
        return acl_fn_has(fc, kind, -1, false, false);                                             \
    }

ACL_HAS_FNS(table, ACL_OBJ_TABLE)
ACL_HAS_FNS(schema, ACL_OBJ_SCHEMA)
ACL_HAS_FNS(database, ACL_OBJ_DATABASE)
