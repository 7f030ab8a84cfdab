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
#include "oak/utils/array.h"

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

/* --- the aclitem type's functions ----------------------------------------------------------- */

Datum
adt_fn_aclitemin(FuncCallInfo *fc)
{
    return adt_aclitem_in(datum_ptr(fc->arg[0]), -1);
}

Datum
adt_fn_aclitemout(FuncCallInfo *fc)
{
    return ptr_datum(adt_aclitem_out(fc->arg[0]));
}

static AclItem
acl_fn_item(Datum d)
{
    Acl one;
    Datum arr = adt_array_build_1d(ACLITEMOID, 1, &d, NULL);
    acl_from_datum(arr, &one);
    return one.n == 1 ? one.items[0] : (AclItem){INVALID_OID, INVALID_OID, 0};
}

/* aclitem = aclitem: same grantee, grantor and privileges (with grant options). */
Datum
adt_fn_aclitem_eq(FuncCallInfo *fc)
{
    AclItem a = acl_fn_item(fc->arg[0]);
    AclItem b = acl_fn_item(fc->arg[1]);
    return bool_datum(a.grantee == b.grantee && a.grantor == b.grantor && a.privs == b.privs);
}

/* aclitem[] @> aclitem: an item of the same grantee and grantor holds all its rights. */
Datum
adt_fn_aclcontains(FuncCallInfo *fc)
{
    Acl acl;
    acl_from_datum(fc->arg[0], &acl);
    AclItem it = acl_fn_item(fc->arg[1]);
    for (int i = 0; i < acl.n; i++)
        if (acl.items[i].grantee == it.grantee && acl.items[i].grantor == it.grantor &&
            (acl.items[i].privs & it.privs) == it.privs)
            return bool_datum(true);
    return bool_datum(false);
}

static void __attribute__((noreturn)) acl_fn_gone(const char *name)
{
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("%s is no longer supported", name));
}

Datum
adt_fn_aclinsert(FuncCallInfo *fc)
{
    (void)fc;
    acl_fn_gone("aclinsert");
}

Datum
adt_fn_aclremove(FuncCallInfo *fc)
{
    (void)fc;
    acl_fn_gone("aclremove");
}

/* makeaclitem(grantee, grantor, privilege, is_grantable): one privilege name, any case. */
Datum
adt_fn_makeaclitem(FuncCallInfo *fc)
{
    static const PrivName all[] = {{"SELECT", ACL_SELECT},
                                   {"INSERT", ACL_INSERT},
                                   {"UPDATE", ACL_UPDATE},
                                   {"DELETE", ACL_DELETE},
                                   {"TRUNCATE", ACL_TRUNCATE},
                                   {"REFERENCES", ACL_REFERENCES},
                                   {"TRIGGER", ACL_TRIGGER},
                                   {"EXECUTE", ACL_EXECUTE},
                                   {"USAGE", ACL_USAGE},
                                   {"CREATE", ACL_CREATE},
                                   {"TEMP", ACL_CREATE_TEMP},
                                   {"TEMPORARY", ACL_CREATE_TEMP},
                                   {"CONNECT", ACL_CONNECT},
                                   {"SET", ACL_SET},
                                   {"ALTER SYSTEM", ACL_ALTER_SYSTEM},
                                   {"RULE", 0},
                                   {NULL, 0}};
    const char *name = text_to_cstr(datum_ptr(fc->arg[2]));
    const PrivName *p = all;
    while (p->name != NULL && strcasecmp(p->name, name) != 0)
        p++;
    if (p->name == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("unrecognized privilege type: \"%s\"", name));
    AclItem it = {datum_oid(fc->arg[0]), datum_oid(fc->arg[1]), p->bit};
    if (datum_bool(fc->arg[3]))
        it.privs |= acl_grant_option_for(p->bit);
    Acl one = {1, &it};
    AdtArray a;
    adt_array_open(acl_to_datum(&one), &a);
    return a.values[0];
}

/* acldefault(kind, owner): the ACL a NULL column means, for each of PostgreSQL's kinds. */
Datum
adt_fn_acldefault_sql(FuncCallInfo *fc)
{
    static const struct {
        char kind;
        uint32_t owner;
        uint32_t public_rights;
    } kinds[] = {{'c', 0, 0},
                 {'r', ACL_ALL_TABLE, 0},
                 {'s', ACL_ALL_SEQUENCE, 0},
                 {'d', ACL_ALL_DATABASE, ACL_CREATE_TEMP | ACL_CONNECT},
                 {'f', ACL_EXECUTE, ACL_EXECUTE},
                 {'l', ACL_USAGE, ACL_USAGE},
                 {'L', ACL_SELECT | ACL_UPDATE, 0},
                 {'n', ACL_ALL_SCHEMA, 0},
                 {'p', ACL_SET | ACL_ALTER_SYSTEM, 0},
                 {'t', ACL_CREATE, 0},
                 {'F', ACL_USAGE, 0},
                 {'S', ACL_USAGE, 0},
                 {'T', ACL_USAGE, ACL_USAGE}};
    char kind = datum_char(fc->arg[0]);
    Oid owner = datum_oid(fc->arg[1]);
    for (size_t i = 0; i < OAK_LENGTHOF(kinds); i++) {
        if (kinds[i].kind != kind)
            continue;
        Acl acl = {0, NULL};
        if (kinds[i].public_rights != 0)
            acl_update(&acl, INVALID_OID, owner, kinds[i].public_rights, false, true);
        if (kinds[i].owner != 0)
            acl_update(&acl, owner, owner, kinds[i].owner, false, true);
        return acl_to_datum(&acl);
    }
    elog_internal("unrecognized objtype abbreviation: %c", kind);
}
