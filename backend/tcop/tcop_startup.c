/*
 * tcop_startup.c
 *     A new backend: read the client's startup packet, serve a CancelRequest, check the
 *     StartupMessage parameters, refuse the client if the postmaster said so, authenticate,
 *     attach to the database, announce the session (ParameterStatus, BackendKeyData,
 *     ReadyForQuery) and enter the message loop. Also the ErrorResponse/NoticeResponse hook.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. Every report from the first byte on goes to the client as ErrorResponse or
 *      NoticeResponse (err_emit_hook is set before the startup packet is read); until
 *      the session starts, any error is FATAL because nothing can resume.
 *   5. The authentication timeout (authentication_timeout) covers everything up to
 *      AuthenticationOk; a client that stalls before it ends the process with exit code 1.
 *   7. The backend holds its proc slot before authentication: the password methods read
 *      pg_authid, which needs a snapshot, which needs a slot.
 *
 * Not here: the message loop (tcop_main.c), packet reading (backend/libpq).
 */
#include "oak/oak.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oak/access/xact.h"
#include "oak/libpq/pqcomm.h"
#include "oak/storage/ipc.h"
#include "oak/tcop/engine.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/guc.h"
#include "tcop_internal.h"
#include "oak/catalog/catalog.h"
#include "oak/commands/settings.h"
#include "oak/commands/commands.h"
#include "oak/utils/bestatus.h"

bool tcop_session_started;
bool tcop_has_client;
static PqStartup tcop_startup;

const char *
tcop_startup_option(const char *name)
{
    for (int i = 0; i < tcop_startup.nparams; i++)
        if (strcmp(tcop_startup.names[i], name) == 0)
            return tcop_startup.values[i];
    return NULL;
}

static const char *
tcop_severity(int level)
{
    switch (level) {
    case DEBUG1:
        return "DEBUG";
    case LOG:
        return "LOG";
    case INFO:
        return "INFO";
    case NOTICE:
        return "NOTICE";
    case WARNING:
        return "WARNING";
    case ERROR:
        return "ERROR";
    case FATAL:
        return "FATAL";
    default:
        return "PANIC";
    }
}

static void
tcop_error_field(char code, const char *value)
{
    if (value == NULL)
        return;
    pq_msg_int8((uint8_t)code);
    pq_msg_string(value);
}

/* err_emit_hook: one ErrorResponse ('E') or NoticeResponse ('N'), flushed at once. */
static void
tcop_send_error(const ErrorData *e)
{
    char num[16];

    if (pq_is_broken())
        return;
    pq_msg_begin(e->level >= ERROR ? 'E' : 'N');
    tcop_error_field('S', tcop_severity(e->level));
    tcop_error_field('V', tcop_severity(e->level));
    tcop_error_field('C', e->sqlstate);
    tcop_error_field('M', e->message ? e->message : "missing error text");
    tcop_error_field('D', e->detail);
    tcop_error_field('H', e->hint);
    if (e->position > 0) {
        snprintf(num, sizeof num, "%d", e->position);
        tcop_error_field('P', num);
    }
    tcop_error_field('W', e->context);
    if (e->file) {
        const char *slash = strrchr(e->file, '/');
        tcop_error_field('F', slash ? slash + 1 : e->file);
        snprintf(num, sizeof num, "%d", e->line);
        tcop_error_field('L', num);
    }
    tcop_error_field('R', e->func);
    pq_msg_int8(0);
    pq_msg_end();
    (void)pq_flush(); /* a broken port is noticed by the next read */
}

static void
tcop_refuse(PmReject reject)
{
    switch (reject) {
    case PM_REJECT_NONE:
        return;
    case PM_REJECT_TOO_MANY:
        ereport(FATAL,
                err_code(SQLSTATE_TOO_MANY_CONNECTIONS),
                err_msg("sorry, too many clients already"));
    case PM_REJECT_STARTING:
        ereport(FATAL,
                err_code(SQLSTATE_CANNOT_CONNECT_NOW),
                err_msg("the database system is starting up"));
    case PM_REJECT_RECOVERY:
        ereport(FATAL,
                err_code(SQLSTATE_CANNOT_CONNECT_NOW),
                err_msg("the database system is in recovery mode"));
    case PM_REJECT_SHUTDOWN:
        ereport(FATAL,
                err_code(SQLSTATE_CANNOT_CONNECT_NOW),
                err_msg("the database system is shutting down"));
    }
}

static bool
tcop_is_utf8_name(const char *enc)
{
    return strcasecmp(enc, "UTF8") == 0 || strcasecmp(enc, "UTF-8") == 0 ||
           strcasecmp(enc, "UNICODE") == 0;
}

/* Check the parameters tcop itself acts on; the rest wait for tcop_startup_option(). */
static void
tcop_check_startup_params(const char **user, const char **db)
{
    const char *enc = tcop_startup_option("client_encoding");
    const char *repl = tcop_startup_option("replication");
    const char *options = tcop_startup_option("options");

    *user = tcop_startup_option("user");
    if (*user == NULL || (*user)[0] == '\0')
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_AUTHORIZATION_SPECIFICATION),
                err_msg("no PostgreSQL user name specified in startup packet"));
    *db = tcop_startup_option("database");
    if (*db == NULL || (*db)[0] == '\0')
        *db = *user;
    if (enc && !tcop_is_utf8_name(enc))
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("invalid value for parameter \"client_encoding\": \"%s\"", enc),
                err_detail("Only UTF8 is supported."));
    if (repl && strcasecmp(repl, "false") != 0 && strcasecmp(repl, "off") != 0 &&
        strcasecmp(repl, "no") != 0 && strcmp(repl, "0") != 0)
        ereport(FATAL,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("replication connections are not supported yet"));
    if (options && options[0] != '\0')
        ereport(FATAL,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("the startup parameter \"options\" is not supported yet"),
                err_hint("Unset PGOPTIONS, or send the settings with SET after connecting."));
}

static void
tcop_parameter_status(const char *name, const char *value)
{
    pq_msg_begin('S');
    pq_msg_string(name);
    pq_msg_string(value);
    pq_msg_end();
}

/* PostgreSQL 15's ParameterStatus set, in its order, then BackendKeyData. */
static void
tcop_announce_session(const char *user, bool is_superuser, int32_t cancel_key)
{
    /* The session's values: the StartupMessage may have set them (engine_backend_init). */
    const SessionSettings *s = &session_settings;
    tcop_parameter_status("application_name", s->application_name);
    tcop_parameter_status("client_encoding", s->client_encoding);
    tcop_parameter_status("DateStyle", s->datestyle);
    tcop_parameter_status("default_transaction_read_only", "off");
    tcop_parameter_status("in_hot_standby", "off");
    tcop_parameter_status("integer_datetimes", "on");
    tcop_parameter_status("IntervalStyle", s->intervalstyle);
    tcop_parameter_status("is_superuser", is_superuser ? "on" : "off");
    tcop_parameter_status("server_encoding", "UTF8");
    tcop_parameter_status("server_version", OAK_PG_VERSION);
    tcop_parameter_status("session_authorization", user);
    tcop_parameter_status("standard_conforming_strings", "on");
    tcop_parameter_status("TimeZone", s->timezone);
    pq_msg_begin('K');
    pq_msg_int32((int32_t)getpid());
    pq_msg_int32(cancel_key);
    pq_msg_end();
}

static void
tcop_setup_socket(int sock, bool is_unix)
{
    int on = 1;

    if (is_unix)
        return;
    /* Best effort: without them the session still works, only slower or less watched. */
    (void)setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    (void)setsockopt(sock, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
}

/*
 * pq_authenticate's lookup of a role's stored verifier. A catalog scan outside any
 * transaction, as engine_backend_init's name lookups; the snapshot it took must not hold
 * back vacuum while the client types its password.
 */
static const char *
tcop_role_password(const char *user)
{
    char *password = NULL;

    if (!cat_role_password(user, &password))
        password = NULL;
    xact_set_xmin(INVALID_XID);
    return password;
}

static void
tcop_serve_cancel(int32_t pid, int32_t key)
{
    if (!pm_cancel_backend(pid, key))
        elog_log(LOG, "PID %d in cancel request did not match any process", (int)pid);
    oak_proc_exit(0); /* the protocol gives a CancelRequest no answer */
}

/* The client's TCP port for pg_stat_activity; -1 on a Unix socket, as PostgreSQL shows. */
static int
tcop_client_port(const PmBackendStart *start)
{
    const PqPort *p = &start->port;
    if (p->is_unix)
        return -1;
    if (p->addr.ss_family == AF_INET)
        return ntohs(((const struct sockaddr_in *)&p->addr)->sin_port);
    if (p->addr.ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)&p->addr)->sin6_port);
    return -1;
}

void
tcop_backend_main(const PmBackendStart *start)
{
    const char *user;
    const char *db;
    int32_t cancel_pid;
    int32_t cancel_key;
    bool is_superuser = false;

    tcop_install_signals();
    tcop_setup_socket(start->port.sock, start->port.is_unix);
    tcop_io_init(start->port.sock);
    tcop_has_client = true;
    err_emit_hook = tcop_send_error;                                        /* invariant 4 */
    alarm((unsigned)(oak_settings.authentication_timeout_ms + 999) / 1000); /* invariant 5 */

    if (pq_read_startup(&tcop_startup, &cancel_pid, &cancel_key) == PQ_STARTUP_CANCEL)
        tcop_serve_cancel(cancel_pid, cancel_key);
    tcop_check_startup_params(&user, &db);
    tcop_refuse(start->reject);
    /* Attached before authentication: a password method reads pg_authid (invariant 7). */
    if (!proc_attach())
        ereport(FATAL,
                err_code(SQLSTATE_TOO_MANY_CONNECTIONS),
                err_msg("sorry, too many clients already"));
    /* proc_attach registered the exit hook that aborts, releases locks and detaches. */
    pq_authenticate(&start->port, db, user, tcop_role_password);
    alarm(0);
    pq_msg_begin('R');
    pq_msg_int32(0); /* AuthenticationOk */
    pq_msg_end();

    engine_backend_init(db, user, &is_superuser);
    bestatus_start("client backend", cat_my_db, db, cat_my_role, user, tcop_client_port(start));
    cmd_database_check_connection(db, cat_my_db, is_superuser);
    bestatus_set_application_name(session_settings.application_name);
    pm_set_title("oakd: %s %s %s", user, db, start->port.remote_host);
    tcop_announce_session(user, is_superuser, start->cancel_key);
    tcop_session_started = true;
    tcop_send_ready_for_query();
    tcop_message_loop();
}
