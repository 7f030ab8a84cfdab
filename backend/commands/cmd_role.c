/*
 * cmd_role.c
 *     CREATE ROLE / USER / GROUP, ALTER ROLE / USER [WITH] options, DROP ROLE / USER
 *     [IF EXISTS]: pg_authid rows with PostgreSQL's defaults, options, reserved names and
 *     errors. A password is stored as a verifier, never in clear: one that already is a
 *     verifier (psql's \password sends one) is kept as it is, any other is turned into a
 *     SCRAM-SHA-256 (or, with password_encryption = md5, MD5) verifier here.
 *
 * Only superusers manage roles for now (42501 otherwise); CREATEROLE is stored but does not
 * grant the right yet. pg_authid is shared by every database: the statement takes its
 * cluster-wide write lock (database 0) so two databases cannot create one name twice.
 */
#include "oak/oak.h"

#include <stdio.h>
#include <strings.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/libpq/crypt.h"
#include "oak/storage/lock.h"
#include "oak/utils/guc.h"

typedef PgQuery__Node Node;

static bool
cmd_role_bool(PgQuery__DefElem *d)
{
    if (d->arg == NULL)
        return true;
    if (d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        return d->arg->boolean->boolval;
    if (d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return d->arg->integer->ival != 0;
    return true;
}

static void __attribute__((noreturn)) cmd_role_conflict(PgQuery__DefElem *d)
{
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("conflicting or redundant options"),
            cmd_pos(d->location));
}

/* The verifier to store for a PASSWORD option value. */
static const char *
cmd_role_verifier(const char *name, const char *password)
{
    if (password[0] == '\0') {
        ereport(NOTICE,
                err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                err_msg("empty string is not a valid password, clearing password"));
        return NULL;
    }
    PqScramSecret sec;
    if (pq_is_md5_verifier(password) || pq_scram_parse_verifier(password, &sec))
        return mcx_strdup(password);
    if (strcmp(oak_settings.password_encryption, "md5") == 0) {
        char *out = mcx_alloc(PQ_MD5_VERIFIER_LEN + 1);
        if (pq_md5_make_verifier(password, name, out) != 0)
            elog_internal("could not compute an MD5 verifier");
        return out;
    }
    char *out = mcx_alloc(PQ_SCRAM_VERIFIER_MAX);
    if (pq_scram_make_verifier(password, out, PQ_SCRAM_VERIFIER_MAX) != 0)
        elog_internal("could not compute a SCRAM verifier");
    return out;
}

/* Read the option list into r, marking what was given. */
static void
cmd_role_options(Node **options, size_t n, RoleSpecFields *r, bool create)
{
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = options[i]->def_elem;
        const char *o = d->defname;
        bool *set = NULL;
        if (strcmp(o, "superuser") == 0) {
            set = &r->set_superuser;
            r->superuser = cmd_role_bool(d);
        } else if (strcmp(o, "inherit") == 0) {
            set = &r->set_inherit;
            r->inherit = cmd_role_bool(d);
        } else if (strcmp(o, "createrole") == 0) {
            set = &r->set_createrole;
            r->createrole = cmd_role_bool(d);
        } else if (strcmp(o, "createdb") == 0) {
            set = &r->set_createdb;
            r->createdb = cmd_role_bool(d);
        } else if (strcmp(o, "canlogin") == 0) {
            set = &r->set_login;
            r->login = cmd_role_bool(d);
        } else if (strcmp(o, "isreplication") == 0) {
            set = &r->set_replication;
            r->replication = cmd_role_bool(d);
        } else if (strcmp(o, "bypassrls") == 0) {
            set = &r->set_bypassrls;
            r->bypassrls = cmd_role_bool(d);
        } else if (strcmp(o, "connectionlimit") == 0) {
            set = &r->set_connlimit;
            r->connlimit = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER
                               ? d->arg->integer->ival
                               : -1;
            if (r->connlimit < -1)
                ereport(ERROR,
                        err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                        err_msg("invalid connection limit: %d", r->connlimit));
        } else if (strcmp(o, "password") == 0) {
            set = &r->set_password;
            r->password = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING
                              ? cmd_role_verifier(r->name, d->arg->string->sval)
                              : NULL;
        } else if (strcmp(o, "sysid") == 0) {
            ereport(NOTICE,
                    err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                    err_msg("SYSID can no longer be specified"));
            continue;
        } else {
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("role option \"%s\" is not supported yet", o),
                    cmd_pos(d->location));
        }
        if (*set)
            cmd_role_conflict(d);
        *set = true;
    }
    (void)create;
}

/* Only superusers manage roles here; the cluster-wide pg_authid write lock. */
static void
cmd_role_prepare(const char *verb)
{
    bool super = false;
    Oid me;
    const char *myname = cat_role_name(cat_my_role);
    if (myname == NULL || !cat_role_oid(myname, &me, &super) || !super)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied to %s role", verb));
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = 0, .rel = PG_AUTHID_RELID};
    (void)lock_acquire(&tag, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
}

static void
cmd_role_check_name(const char *name)
{
    if (strcmp(name, "public") == 0 || strcmp(name, "none") == 0)
        ereport(ERROR,
                err_code(SQLSTATE_RESERVED_NAME),
                err_msg("role name \"%s\" is reserved", name));
    if (strncmp(name, "pg_", 3) == 0)
        ereport(ERROR,
                err_code(SQLSTATE_RESERVED_NAME),
                err_msg("role name \"%s\" is reserved", name),
                err_detail("Role names starting with \"pg_\" are reserved."));
}

const char *
cmd_create_role(void *raw)
{
    PgQuery__CreateRoleStmt *cs = raw;
    cmd_role_prepare("create");
    cmd_role_check_name(cs->role);
    Oid existing;
    if (cat_role_oid(cs->role, &existing, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_DUPLICATE_OBJECT),
                err_msg("role \"%s\" already exists", cs->role));
    RoleSpecFields r = {.name = cs->role,
                        .inherit = true,
                        .login = cs->stmt_type == PG_QUERY__ROLE_STMT_TYPE__ROLESTMT_USER,
                        .connlimit = -1};
    cmd_role_options(cs->options, cs->n_options, &r, true);
    (void)cat_create_role(&r);
    return "CREATE ROLE";
}

static const char *
cmd_role_spec_name(PgQuery__RoleSpec *rs)
{
    switch (rs->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
        return rs->rolename;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
        return cat_role_name(cat_my_role);
    default:
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("this role specification is not supported yet"));
    }
}

const char *
cmd_alter_role(void *raw)
{
    PgQuery__AlterRoleStmt *as = raw;
    cmd_role_prepare("alter");
    const char *name = cmd_role_spec_name(as->role);
    Oid roleid;
    if (!cat_role_oid(name, &roleid, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    RoleSpecFields r = {.name = name};
    cmd_role_options(as->options, as->n_options, &r, false);
    if (roleid == BOOTSTRAP_SUPERUSER_ID && r.set_superuser && !r.superuser)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied: bootstrap user must be superuser"));
    cat_alter_role(roleid, &r);
    return "ALTER ROLE";
}

const char *
cmd_drop_role(void *raw)
{
    PgQuery__DropRoleStmt *ds = raw;
    cmd_role_prepare("drop");
    for (size_t i = 0; i < ds->n_roles; i++) {
        const char *name = cmd_role_spec_name(ds->roles[i]->role_spec);
        Oid roleid;
        if (!cat_role_oid(name, &roleid, NULL)) {
            if (ds->missing_ok) {
                ereport(NOTICE,
                        err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                        err_msg("role \"%s\" does not exist, skipping", name));
                continue;
            }
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_OBJECT),
                    err_msg("role \"%s\" does not exist", name));
        }
        if (roleid == cat_my_role)
            ereport(ERROR,
                    err_code(SQLSTATE_OBJECT_IN_USE),
                    err_msg("current user cannot be dropped"));
        if (roleid == BOOTSTRAP_SUPERUSER_ID)
            ereport(ERROR,
                    err_code(SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST),
                    err_msg("cannot drop role %s because it is required by the database system",
                            name));
        char *deps = cat_role_dependencies(roleid);
        if (deps != NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST),
                    err_msg("role \"%s\" cannot be dropped because some objects depend on it",
                            name),
                    err_detail("%s", deps));
        cat_drop_role(roleid);
    }
    return "DROP ROLE";
}
