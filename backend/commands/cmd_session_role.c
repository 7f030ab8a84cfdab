/*
 * cmd_session_role.c
 *     SET ROLE / RESET ROLE / SET ROLE NONE and SET SESSION AUTHORIZATION / RESET SESSION
 *     AUTHORIZATION: the session user (session_user) and the current user (current_user,
 *     whose privileges every check uses: cat_my_role), with PostgreSQL's rules and errors.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  11. cat_my_role is the role SET ROLE chose, else the session user; the session user is
 *      the role SET SESSION AUTHORIZATION chose, else the authenticated one. Only an
 *      authenticated superuser may change the session user (42501); SET ROLE needs a
 *      session user that is a superuser or the role itself (no role membership yet).
 *  12. Like PostgreSQL's settings, both are transactional: a transaction block that
 *      changes them and then aborts puts back the values it started with.
 */
#include "oak/oak.h"

#include <stdio.h>
#include <strings.h>

#include "cmd_internal.h"
#include "oak/commands/commands.h"
#include "oak/commands/settings.h"

typedef PgQuery__Node Node;

static Oid cmd_auth_role;   /* who authenticated: fixed for the session */
static bool cmd_auth_super; /* was that role a superuser at connection */
static Oid cmd_set_role;    /* SET ROLE's role, INVALID_OID for NONE */

/* Invariant 12: the values before the first change in the current transaction block. */
static bool cmd_saved;
static Oid cmd_saved_session_role;
static Oid cmd_saved_set_role;

void
cmd_session_role_init(Oid role, bool superuser)
{
    cmd_auth_role = role;
    cmd_auth_super = superuser;
    cat_session_role = role;
    cmd_set_role = INVALID_OID;
    cmd_saved = false;
    cat_my_role = role;
}

static bool
cmd_role_is_super(Oid role)
{
    bool super = false;
    Oid found;
    const char *name = cat_role_name(role);
    return name != NULL && cat_role_oid(name, &found, &super) && super;
}

static void
cmd_session_role_remember(void)
{
    if (cmd_saved)
        return;
    cmd_saved = true;
    cmd_saved_session_role = cat_session_role;
    cmd_saved_set_role = cmd_set_role;
}

static void
cmd_session_role_apply(void)
{
    cat_my_role = cmd_set_role != INVALID_OID ? cmd_set_role : cat_session_role;
    cat_cache_reset_local(); /* "$user" in the search path may name another schema now */
}

/* The role named by SET's value: 22023 if there is none (PostgreSQL's check hook). */
static Oid
cmd_session_role_lookup(const char *name)
{
    Oid role;
    if (!cat_role_oid(name, &role, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("role \"%s\" does not exist", name));
    return role;
}

static void
cmd_set_role_to(const char *name)
{
    Oid role = INVALID_OID;
    if (name != NULL && strcasecmp(name, "none") != 0) {
        role = cmd_session_role_lookup(name);
        if (role != cat_session_role && !cmd_role_is_super(cat_session_role))
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("permission denied to set role \"%s\"", name));
    }
    cmd_session_role_remember();
    cmd_set_role = role;
    cmd_session_role_apply();
}

static void
cmd_set_session_authorization(const char *name)
{
    Oid role = cmd_auth_role;
    if (name != NULL) {
        role = cmd_session_role_lookup(name);
        if (role != cmd_auth_role && !cmd_auth_super)
            ereport(ERROR,
                    err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                    err_msg("permission denied to set session authorization"));
    }
    cmd_session_role_remember();
    cat_session_role = role;
    cmd_set_role = INVALID_OID; /* as PostgreSQL: a new session user resets the role */
    cmd_session_role_apply();
}

bool
cmd_session_role_set(void *raw, const char *value)
{
    PgQuery__VariableSetStmt *st = raw;
    bool is_role = strcmp(st->name, "role") == 0;
    if (!is_role && strcmp(st->name, "session_authorization") != 0)
        return false;
    if (st->is_local)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("SET LOCAL is not supported yet"));
    const char *name = st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE ? value : NULL;
    if (is_role)
        cmd_set_role_to(name);
    else
        cmd_set_session_authorization(name);
    return true;
}

const char *
cmd_session_role_show(const char *name)
{
    if (strcasecmp(name, "is_superuser") == 0)
        return cmd_role_is_super(cat_my_role) ? "on" : "off";
    if (strcasecmp(name, "role") == 0) {
        const char *r = cmd_set_role != INVALID_OID ? cat_role_name(cmd_set_role) : NULL;
        return r != NULL ? r : "none";
    }
    if (strcasecmp(name, "session_authorization") == 0) {
        const char *r = cat_role_name(cat_session_role);
        return r != NULL ? r : "";
    }
    return NULL;
}

void
cmd_session_role_at_commit(void)
{
    cmd_saved = false;
}

void
cmd_session_role_at_abort(void)
{
    if (!cmd_saved)
        return;
    cmd_saved = false;
    cat_session_role = cmd_saved_session_role;
    cmd_set_role = cmd_saved_set_role;
    cmd_session_role_apply();
}

/* What the client was last told (ParameterStatus), to report only changes. */
static char cmd_reported_session[NAMEDATALEN];
static bool cmd_reported_super;
static bool cmd_reported;

void
cmd_session_role_report(void (*send)(const char *name, const char *value))
{
    const char *session = cat_role_name(cat_session_role);
    bool super = cmd_role_is_super(cat_my_role);
    if (session == NULL)
        return;
    if (cmd_reported && strcmp(session, cmd_reported_session) != 0 && send != NULL)
        send("session_authorization", session);
    if (cmd_reported && super != cmd_reported_super && send != NULL)
        send("is_superuser", super ? "on" : "off");
    snprintf(cmd_reported_session, sizeof cmd_reported_session, "%s", session);
    cmd_reported_super = super;
    cmd_reported = true;
}
