/*
 * cmd_grant.c
 *     GRANT / REVOKE [GRANT OPTION FOR] privileges ON [TABLE] t, ON ALL TABLES IN SCHEMA s,
 *     ON SCHEMA s, ON DATABASE d TO / FROM role | PUBLIC [WITH GRANT OPTION] [CASCADE |
 *     RESTRICT]: the object's ACL (oak/utils/acl.h) is read (the owner's default when
 *     NULL), changed and written back, with PostgreSQL 15's grantor choice, warnings and
 *     errors.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  13. The grantor of a change is the object's owner when the current user is the owner or
 *      a superuser; anyone else grants and revokes as itself, and only the privileges it
 *      holds with grant option (01007 / 01006 warnings for the rest; 42501 if it holds no
 *      privilege on the object at all).
 *  14. Revoking a grant option also revokes what the grantee granted on with it, when
 *      nobody else gave the grantee that option: with CASCADE, recursively; without,
 *      2BP01 "dependent privileges exist".
 */
#include "oak/oak.h"

#include <stdio.h>
#include <strings.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/storage/lock.h"
#include "oak/utils/acl.h"

typedef PgQuery__Node Node;

/* One object the statement names. */
typedef struct GrantObject {
    AclObjKind kind;
    Oid oid;
    const char *name;
} GrantObject;

static const char *
cmd_grant_kind_word(AclObjKind kind)
{
    return kind == ACL_OBJ_TABLE      ? "table"
           : kind == ACL_OBJ_SEQUENCE ? "sequence"
           : kind == ACL_OBJ_SCHEMA   ? "schema"
                                      : "database";
}

static uint32_t
cmd_grant_all_rights(AclObjKind kind)
{
    return kind == ACL_OBJ_TABLE      ? ACL_ALL_TABLE
           : kind == ACL_OBJ_SEQUENCE ? ACL_ALL_SEQUENCE
           : kind == ACL_OBJ_SCHEMA   ? ACL_ALL_SCHEMA
                                      : ACL_ALL_DATABASE;
}

/* A privilege's name in capitals, as PostgreSQL's messages print it. */
static const char *
cmd_grant_privilege_name(uint32_t bit)
{
    static const char *const names[] = {"INSERT",
                                        "SELECT",
                                        "UPDATE",
                                        "DELETE",
                                        "TRUNCATE",
                                        "REFERENCES",
                                        "TRIGGER",
                                        "EXECUTE",
                                        "USAGE",
                                        "CREATE",
                                        "TEMP",
                                        "CONNECT",
                                        "SET",
                                        "ALTER SYSTEM"};
    for (int i = 0; i < ACL_NUM_RIGHTS; i++)
        if (bit & (1u << i))
            return names[i];
    return "";
}

/* A privilege keyword's bit (PostgreSQL's string_to_privilege); 42601 if unknown. */
static uint32_t
cmd_grant_privilege(const char *name)
{
    static const struct {
        const char *name;
        uint32_t bit;
    } privs[] = {{"insert", ACL_INSERT},
                 {"select", ACL_SELECT},
                 {"update", ACL_UPDATE},
                 {"delete", ACL_DELETE},
                 {"truncate", ACL_TRUNCATE},
                 {"references", ACL_REFERENCES},
                 {"trigger", ACL_TRIGGER},
                 {"execute", ACL_EXECUTE},
                 {"usage", ACL_USAGE},
                 {"create", ACL_CREATE},
                 {"temporary", ACL_CREATE_TEMP},
                 {"temp", ACL_CREATE_TEMP},
                 {"connect", ACL_CONNECT},
                 {"set", ACL_SET},
                 {"alter system", ACL_ALTER_SYSTEM}};
    for (size_t i = 0; i < OAK_LENGTHOF(privs); i++)
        if (strcmp(privs[i].name, name) == 0)
            return privs[i].bit;
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("unrecognized privilege type \"%s\"", name));
}

/* The privileges the statement lists (all of the kind for ALL [PRIVILEGES]). */
static uint32_t
cmd_grant_privileges(PgQuery__GrantStmt *gs, AclObjKind kind, bool *all)
{
    /* ON TABLE also names sequences: their rights are checked per object */
    uint32_t allowed = cmd_grant_all_rights(kind) | (kind == ACL_OBJ_TABLE ? ACL_ALL_SEQUENCE : 0);
    *all = gs->n_privileges == 0;
    if (*all)
        return allowed;
    uint32_t privs = 0;
    for (size_t i = 0; i < gs->n_privileges; i++) {
        PgQuery__AccessPriv *ap = gs->privileges[i]->access_priv;
        if (ap->n_cols > 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("column privileges are not supported yet"));
        uint32_t bit = cmd_grant_privilege(ap->priv_name);
        if ((bit & allowed) == 0) {
            char upper[64];
            size_t k = 0;
            for (const char *p = ap->priv_name; *p && k + 1 < sizeof upper; p++)
                upper[k++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
            upper[k] = '\0';
            ereport(ERROR,
                    err_code("0LP01"),
                    err_msg("invalid privilege type %s for %s", upper, cmd_grant_kind_word(kind)));
        }
        privs |= bit;
    }
    return privs;
}

static Oid
cmd_grant_grantee(PgQuery__RoleSpec *rs)
{
    const char *name;
    switch (rs->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
        return INVALID_OID;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
        name = rs->rolename;
        break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
        return cat_session_role;
    default:
        return cat_my_role;
    }
    Oid role;
    if (!cat_role_oid(name, &role, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    return role;
}

/* --- the objects ---------------------------------------------------------------------------- */

static void
cmd_grant_add(GrantObject **objs, int *n, AclObjKind kind, Oid oid, const char *name)
{
    GrantObject *grown = mcx_alloc(sizeof(GrantObject) * (size_t)(*n + 1));
    if (*n > 0)
        memcpy(grown, *objs, sizeof(GrantObject) * (size_t)*n);
    grown[*n] = (GrantObject){kind, oid, mcx_strdup(name)};
    *objs = grown;
    (*n)++;
}

static Oid
cmd_grant_schema_oid(const char *name)
{
    Oid nsp = cat_namespace_oid(name);
    if (nsp == INVALID_OID)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                err_msg("schema \"%s\" does not exist", name));
    return nsp;
}

static void
cmd_grant_table(PgQuery__RangeVar *rv, bool sequence, GrantObject **objs, int *n)
{
    const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
    RelDesc *rel = cat_lookup_relation(schema, rv->relname);
    if (rel == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s%s%s\" does not exist",
                        schema ? schema : "",
                        schema ? "." : "",
                        rv->relname));
    if (rel->kind == 'i')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is an index", rel->name));
    if (sequence && rel->kind != 'S')
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("\"%s\" is not a sequence", rel->name));
    cmd_grant_add(objs,
                  n,
                  rel->kind == 'S' ? ACL_OBJ_SEQUENCE : ACL_OBJ_TABLE,
                  rel->oid,
                  rel->name);
}

/* ON ALL TABLES / SEQUENCES IN SCHEMA s: its tables and views, or sequences, in OID order. */
static void
cmd_grant_all_in_schema(const char *schema, bool sequences, GrantObject **objs, int *n)
{
    Oid nsp = cmd_grant_schema_oid(schema);
    Oid *rels;
    int nrels = cat_list_namespace_relations(nsp, &rels);
    for (int i = 0; i < nrels; i++) {
        RelDesc *rel = cat_relation_by_oid(rels[i]);
        if (rel == NULL)
            continue;
        if (sequences ? rel->kind == 'S' : (rel->kind == 'r' || rel->kind == 'v'))
            cmd_grant_add(objs,
                          n,
                          sequences ? ACL_OBJ_SEQUENCE : ACL_OBJ_TABLE,
                          rel->oid,
                          rel->name);
    }
}

static int
cmd_grant_objects(PgQuery__GrantStmt *gs, GrantObject **objs)
{
    int n = 0;
    *objs = NULL;
    for (size_t i = 0; i < gs->n_objects; i++) {
        Node *o = gs->objects[i];
        if (gs->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
            cmd_grant_all_in_schema(o->string->sval,
                                    gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE,
                                    objs,
                                    &n);
        } else if (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
                   gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) {
            cmd_grant_table(o->range_var,
                            gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE,
                            objs,
                            &n);
        } else if (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) {
            const char *name = o->string->sval;
            cmd_grant_add(objs, &n, ACL_OBJ_SCHEMA, cmd_grant_schema_oid(name), name);
        } else {
            const char *name = o->string->sval;
            CatDatabase d;
            if (!cat_database_by_name(name, &d))
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_CATALOG_NAME),
                        err_msg("database \"%s\" does not exist", name));
            cmd_grant_add(objs, &n, ACL_OBJ_DATABASE, d.oid, name);
        }
    }
    return n;
}

/* --- applying the change -------------------------------------------------------------------- */

/* Invariant 14: what grantee granted with grant options it no longer has. */
static void
cmd_grant_revoke_dependents(Acl *acl, Oid grantee, Oid owner, bool cascade)
{
    for (int i = 0; i < acl->n; i++) {
        AclItem it = acl->items[i];
        if (it.grantor != grantee || grantee == owner)
            continue;
        uint32_t still = acl_grant_options(acl, grantee, false, it.privs & 0xFFFF);
        uint32_t lost = (it.privs & 0xFFFF) & ~still;
        if (lost == 0)
            continue;
        if (!cascade)
            ereport(ERROR,
                    err_code(SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST),
                    err_msg("dependent privileges exist"),
                    err_hint("Use CASCADE to revoke them too."));
        acl_update(acl, it.grantee, it.grantor, lost, false, false);
        cmd_grant_revoke_dependents(acl, it.grantee, owner, cascade);
        i = -1; /* the ACL changed: look again from the start */
    }
}

typedef struct GrantChange {
    bool is_grant;
    bool grant_option;
    bool cascade;
    bool all;
    uint32_t privs;
    int ngrantees;
    Oid *grantees;
} GrantChange;

/*
 * The privileges the statement means for this object: ALL is the object's every right;
 * ON TABLE naming a sequence keeps its sequence rights with PostgreSQL's warning, and
 * naming a table with a sequence-only right (USAGE) is 0LP01.
 */
static uint32_t
cmd_grant_object_privileges(const GrantObject *o, const GrantChange *c)
{
    uint32_t whole = cmd_grant_all_rights(o->kind);
    if (c->all)
        return whole;
    uint32_t bad = c->privs & ~whole;
    if (bad != 0 && o->kind == ACL_OBJ_TABLE)
        ereport(ERROR,
                err_code("0LP01"),
                err_msg("invalid privilege type %s for table", cmd_grant_privilege_name(bad)));
    if (bad != 0)
        ereport(WARNING,
                err_code("0LP01"),
                err_msg("sequence \"%s\" only supports USAGE, SELECT, and UPDATE privileges",
                        o->name));
    return c->privs & whole;
}

/* Invariant 13: the grantor and the privileges it may give; warns for the rest. */
static uint32_t
cmd_grant_restrict(const GrantObject *o, const GrantChange *c, Oid owner, Oid *grantor)
{
    uint32_t wanted = cmd_grant_object_privileges(o, c);
    if (cat_my_role == owner || cat_role_is_superuser(cat_my_role)) {
        *grantor = owner;
        return wanted;
    }
    *grantor = cat_my_role;
    uint32_t whole = cmd_grant_all_rights(o->kind);
    uint32_t avail = cat_object_grant_options(o->kind, o->oid, cat_my_role, whole);
    bool exists;
    if (avail == 0 && cat_object_privileges(o->kind, o->oid, cat_my_role, whole, &exists) == 0)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied for %s %s", cmd_grant_kind_word(o->kind), o->name));
    uint32_t these = wanted & avail;
    if (these == 0)
        ereport(WARNING,
                err_code(c->is_grant ? "01007" : "01006"),
                err_msg(c->is_grant ? "no privileges were granted for \"%s\""
                                    : "no privileges could be revoked for \"%s\"",
                        o->name));
    else if (!c->all && these != wanted)
        ereport(WARNING,
                err_code(c->is_grant ? "01007" : "01006"),
                err_msg(c->is_grant ? "not all privileges were granted for \"%s\""
                                    : "not all privileges could be revoked for \"%s\"",
                        o->name));
    return these;
}

static void
cmd_grant_one(const GrantObject *o, const GrantChange *c)
{
    Oid owner;
    Acl acl;
    if (!cat_object_acl(o->kind, o->oid, &owner, &acl, NULL))
        return; /* dropped meanwhile */
    Oid grantor;
    uint32_t privs = cmd_grant_restrict(o, c, owner, &grantor);
    if (privs == 0)
        return;
    for (int g = 0; g < c->ngrantees; g++) {
        acl_update(&acl, c->grantees[g], grantor, privs, c->grant_option, c->is_grant);
        if (!c->is_grant)
            cmd_grant_revoke_dependents(&acl, c->grantees[g], owner, c->cascade);
    }
    cat_set_object_acl(o->kind, o->oid, &acl);
}

const char *
cmd_grant(void *raw)
{
    PgQuery__GrantStmt *gs = raw;
    AclObjKind kind;
    if (gs->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_DEFAULTS)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("ALTER DEFAULT PRIVILEGES is not supported yet"));
    switch (gs->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        kind = ACL_OBJ_TABLE;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        kind = ACL_OBJ_SEQUENCE;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        kind = ACL_OBJ_SCHEMA;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        kind = ACL_OBJ_DATABASE;
        break;
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("GRANT and REVOKE on this kind of object are not supported yet"));
    }
    if (gs->grantor != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("grantor must be current user"));
    GrantChange c = {.is_grant = gs->is_grant,
                     .grant_option = gs->grant_option,
                     .cascade = gs->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE};
    c.privs = cmd_grant_privileges(gs, kind, &c.all);
    GrantObject *objs;
    int nobjs = cmd_grant_objects(gs, &objs);
    c.grantees = mcx_alloc(sizeof(Oid) * (gs->n_grantees + 1));
    for (size_t i = 0; i < gs->n_grantees; i++) {
        c.grantees[c.ngrantees] = cmd_grant_grantee(gs->grantees[i]->role_spec);
        if (c.is_grant && c.grant_option && c.grantees[c.ngrantees] == INVALID_OID)
            ereport(ERROR,
                    err_code("0LP01"),
                    err_msg("grant options can only be granted to roles"));
        c.ngrantees++;
    }
    if (kind == ACL_OBJ_DATABASE) { /* pg_database is shared: its cluster-wide write lock */
        LockTag tag = {.kind = LOCKTAG_RELATION, .db = 0, .rel = PG_DATABASE_RELID};
        (void)lock_acquire(&tag, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    }
    for (int i = 0; i < nobjs; i++)
        cmd_grant_one(&objs[i], &c);
    return gs->is_grant ? "GRANT" : "REVOKE";
}
