/*
 * tcop_main.c
 *     The backend process: after tcop_startup() has admitted the client, read messages
 *     and run them: simple Query through the engine, then ReadyForQuery; Terminate.
 *     Also the interrupt flags (SIGTERM, SIGINT for cancel) and tcop_check_interrupts().
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. Signal handlers only set flags; errors are raised at tcop_check_interrupts(), from
 *      the idle wait, or on EINTR inside socket I/O, never inside a handler.
 *   2. Waiting for the next message, the termination flag is tested with the signals
 *      blocked and ppoll() unblocks them atomically, so a SIGTERM arriving just before the
 *      wait is not lost (a blocking recv() would sleep through it).
 *   3. A cancel counts only while a query runs; one arriving while idle is dropped, as in
 *      PostgreSQL, so it cannot hit the client's next statement.
 *
 * Not here: the startup packet and authentication (tcop_startup.c), result messages
 * (tcop_dest.c), the SQL itself (engine*.c).
 */
#include "oak/oak.h"

#include <sys/time.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "oak/libpq/pqcomm.h"
#include "oak/commands/commands.h"
#include "oak/commands/settings.h"
#include "oak/tcop/engine.h"
#include "oak/tcop/tcop.h"
#include "tcop_internal.h"

/* Set by this backend's signal handlers, cleared by the code that acts on them. */
static volatile sig_atomic_t tcop_die_pending;
static volatile sig_atomic_t tcop_cancel_pending;
static volatile sig_atomic_t tcop_timeout_pending;
/* True while engine_exec_simple_query runs (invariant 3); backend-local. */
static bool tcop_in_query;
/* True in a backend process, so tcop_check_interrupts is a no-op elsewhere. */
static bool tcop_is_backend;

static void
tcop_handle_die(int sig)
{
    tcop_die_pending = 1;
}

static void
tcop_handle_cancel(int sig)
{
    tcop_cancel_pending = 1;
}

/* Set while statement_timeout's timer runs: SIGALRM then cancels the statement. */
static volatile sig_atomic_t tcop_stmt_timer_armed;
static volatile sig_atomic_t tcop_stmt_timeout_fired;

static void
tcop_handle_timeout(int sig)
{
    if (tcop_stmt_timer_armed) {
        tcop_stmt_timeout_fired = 1;
        tcop_cancel_pending = 1;
        return;
    }
    tcop_timeout_pending = 1;
}

void
tcop_arm_statement_timeout(int ms)
{
    struct itimerval it;
    memset(&it, 0, sizeof it);
    tcop_stmt_timeout_fired = 0;
    tcop_stmt_timer_armed = ms > 0;
    if (ms > 0) {
        it.it_value.tv_sec = ms / 1000;
        it.it_value.tv_usec = (ms % 1000) * 1000;
    }
    (void)setitimer(ITIMER_REAL, &it, NULL); /* cannot fail with valid arguments */
}

/*
 * SIGQUIT: the postmaster is stopping everything at once (crash or immediate shutdown).
 * Shared memory may be corrupt; run no exit hooks, just go. _exit is async-signal-safe.
 */
static void
tcop_handle_quit(int sig)
{
    _exit(2);
}

static void
tcop_set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked recv/send returns EINTR (invariant 1) */
    if (sigaction(sig, &sa, NULL) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_INTERNAL_ERROR),
                err_msg("sigaction failed for signal %d", sig));
}

void
tcop_install_signals(void)
{
    tcop_is_backend = true;
    tcop_set_handler(SIGTERM, tcop_handle_die);
    tcop_set_handler(SIGINT, tcop_handle_cancel);
    tcop_set_handler(SIGALRM, tcop_handle_timeout);
    tcop_set_handler(SIGQUIT, tcop_handle_quit);
    tcop_set_handler(SIGPIPE, SIG_IGN);
}

void
tcop_check_interrupts(void)
{
    if (OAK_LIKELY(!tcop_die_pending && !tcop_cancel_pending))
        return;
    if (!tcop_is_backend || err_crit_depth > 0)
        return;
    if (tcop_die_pending) {
        tcop_die_pending = 0;
        ereport(FATAL,
                err_code(SQLSTATE_ADMIN_SHUTDOWN),
                err_msg("terminating connection due to administrator command"));
    }
    tcop_cancel_pending = 0;
    if (tcop_stmt_timeout_fired) {
        tcop_stmt_timeout_fired = 0;
        tcop_stmt_timer_armed = 0;
        if (tcop_in_query)
            ereport(ERROR,
                    err_code(SQLSTATE_QUERY_CANCELED),
                    err_msg("canceling statement due to statement timeout"));
        return;
    }
    if (tcop_in_query)
        ereport(ERROR,
                err_code(SQLSTATE_QUERY_CANCELED),
                err_msg("canceling statement due to user request"));
}

/*
 * EINTR inside socket I/O (pq_interrupt_hook). Authentication timeout ends the process
 * quietly; termination raises FATAL, but if we were writing, the client is not reading and
 * the FATAL must not be queued behind the stuck output: the port is abandoned first.
 */
static void
tcop_io_interrupt(bool writing)
{
    if (tcop_timeout_pending) {
        elog_log(LOG, "incomplete startup packet or authentication timeout");
        oak_proc_exit(1);
    }
    if (tcop_die_pending && err_crit_depth == 0) {
        if (writing)
            pq_abandon();
        tcop_check_interrupts();
    }
}

void
tcop_io_init(int sock)
{
    pq_init(sock);
    pq_interrupt_hook = tcop_io_interrupt;
}

/* Block until the client has sent something, honouring SIGTERM meanwhile (invariant 2). */
static void
tcop_wait_for_input(void)
{
    sigset_t block;
    sigset_t old;

    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    while (!pq_has_buffered_input()) {
        (void)sigprocmask(SIG_BLOCK, &block, &old); /* cannot fail with valid arguments */
        if (tcop_die_pending) {
            (void)sigprocmask(SIG_SETMASK, &old, NULL);
            tcop_check_interrupts();
        }
        tcop_cancel_pending = 0; /* invariant 3 */
        struct pollfd pfd = {.fd = pq_socket(), .events = POLLIN};
        int rc = ppoll(&pfd, 1, NULL, &old);
        int saved = errno;
        (void)sigprocmask(SIG_SETMASK, &old, NULL);
        if (rc > 0)
            return; /* readable, or hung up: the read that follows sees EOF */
        if (rc < 0 && saved != EINTR) {
            elog_log(LOG, "could not wait for client input: %s", strerror(saved));
            oak_proc_exit(0);
        }
    }
}

static void
tcop_send_parameter_status(const char *name, const char *value)
{
    pq_msg_begin('S');
    pq_msg_string(name);
    pq_msg_string(value);
    pq_msg_end();
}

void
tcop_send_ready_for_query(void)
{
    /* Reported settings a statement changed (PostgreSQL 14+ reports them here). */
    settings_report_changes(tcop_send_parameter_status);
    cmd_session_role_report(tcop_send_parameter_status);
    pq_msg_begin('Z');
    pq_msg_int8((uint8_t)engine_xact_status());
    pq_msg_end();
    (void)pq_flush(); /* a broken port shows up as EOF on the next read */
}

static void
tcop_exec_query(MemCtx *msg_cx)
{
    StrBuf msg;
    size_t pos = 0;

    sb_init(&msg);
    if (pq_get_message_body(&msg, PQ_MAX_MESSAGE_LEN) != 0)
        tcop_client_gone(true);
    const char *sql = pq_parse_string(&msg, &pos);
    if (sql == NULL || pos != msg.len)
        ereport(FATAL, err_code(SQLSTATE_PROTOCOL_VIOLATION), err_msg("invalid message format"));
    tcop_in_query = true;
    tcop_cancel_pending = 0; /* a cancel belongs to a statement that started before it */
    engine_exec_simple_query(sql);
    tcop_in_query = false;
    mcx_reset(msg_cx);
    tcop_send_ready_for_query();
}

/* Messages this loop does not speak. */
static void
tcop_reject_message(int type)
{
    switch (type) {
    case 'F':
        ereport(FATAL,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("fastpath function calls are not supported yet"));
    default:
        ereport(FATAL,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("invalid frontend message type %d", type));
    }
}

/* --- extended query protocol ------------------------------------------------------------ */

/* After an error in an extended-protocol message: discard everything until Sync. */
static bool tcop_skip_until_sync;

static void __attribute__((noreturn)) tcop_bad_message(void)
{
    ereport(FATAL, err_code(SQLSTATE_PROTOCOL_VIOLATION), err_msg("invalid message format"));
}

static const char *
tcop_get_string(const StrBuf *msg, size_t *pos)
{
    const char *s = pq_parse_string(msg, pos);
    if (s == NULL)
        tcop_bad_message();
    return s;
}

static int32_t
tcop_get_int32(const StrBuf *msg, size_t *pos)
{
    int32_t v;
    if (pq_parse_int32(msg, pos, &v) != 0)
        tcop_bad_message();
    return v;
}

static int16_t
tcop_get_int16(const StrBuf *msg, size_t *pos)
{
    if (*pos + 2 > msg->len)
        tcop_bad_message();
    const uint8_t *p = (const uint8_t *)msg->data + *pos;
    *pos += 2;
    return (int16_t)((p[0] << 8) | p[1]);
}

/* A count of int16 codes or values that must fit in the rest of the message. */
static int
tcop_get_count(const StrBuf *msg, size_t *pos, size_t each)
{
    int n = tcop_get_int16(msg, pos);
    if (n < 0 || (size_t)n * each > msg->len - *pos)
        tcop_bad_message();
    return n;
}

static void
tcop_read_body(StrBuf *msg)
{
    sb_init(msg);
    if (pq_get_message_body(msg, PQ_MAX_MESSAGE_LEN) != 0)
        tcop_client_gone(true);
}

static void
tcop_parse_message(const StrBuf *msg)
{
    size_t pos = 0;
    const char *name = tcop_get_string(msg, &pos);
    const char *query = tcop_get_string(msg, &pos);
    int n = tcop_get_count(msg, &pos, 4);
    Oid *types = mcx_alloc(sizeof(Oid) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        types[i] = (Oid)tcop_get_int32(msg, &pos);
    if (pos != msg->len)
        tcop_bad_message();
    if (engine_parse(name, query, n, types)) {
        pq_msg_begin('1');
        pq_msg_end();
    } else {
        tcop_skip_until_sync = true;
    }
}

static void
tcop_bind_message(const StrBuf *msg)
{
    size_t pos = 0;
    const char *portal = tcop_get_string(msg, &pos);
    const char *stmt = tcop_get_string(msg, &pos);
    int nfmt = tcop_get_count(msg, &pos, 2);
    int16_t *fmts = mcx_alloc(sizeof(int16_t) * (size_t)(nfmt + 1));
    for (int i = 0; i < nfmt; i++)
        fmts[i] = tcop_get_int16(msg, &pos);
    int np = tcop_get_count(msg, &pos, 4);
    int32_t *lens = mcx_alloc(sizeof(int32_t) * (size_t)(np + 1));
    const uint8_t **vals = mcx_alloc(sizeof(uint8_t *) * (size_t)(np + 1));
    for (int i = 0; i < np; i++) {
        lens[i] = tcop_get_int32(msg, &pos);
        vals[i] = NULL;
        if (lens[i] < -1 || (lens[i] > 0 && (size_t)lens[i] > msg->len - pos))
            tcop_bad_message();
        if (lens[i] > 0) {
            vals[i] = (const uint8_t *)msg->data + pos;
            pos += (size_t)lens[i];
        } else if (lens[i] == 0) {
            vals[i] = (const uint8_t *)"";
        }
    }
    int nres = tcop_get_count(msg, &pos, 2);
    int16_t *res = mcx_alloc(sizeof(int16_t) * (size_t)(nres + 1));
    for (int i = 0; i < nres; i++)
        res[i] = tcop_get_int16(msg, &pos);
    if (pos != msg->len)
        tcop_bad_message();
    if (engine_bind(portal, stmt, nfmt, fmts, np, lens, vals, nres, res)) {
        pq_msg_begin('2');
        pq_msg_end();
    } else {
        tcop_skip_until_sync = true;
    }
}

static void
tcop_extended_message(int type, MemCtx *msg_cx)
{
    StrBuf msg;
    tcop_read_body(&msg);
    if (tcop_skip_until_sync && type != 'S')
        return;
    size_t pos = 0;
    switch (type) {
    case 'P':
        tcop_parse_message(&msg);
        break;
    case 'B':
        tcop_bind_message(&msg);
        break;
    case 'D': {
        if (msg.len < 1)
            tcop_bad_message();
        char kind = msg.data[0];
        pos = 1;
        const char *name = tcop_get_string(&msg, &pos);
        if (pos != msg.len)
            tcop_bad_message();
        if (!engine_describe(kind, name))
            tcop_skip_until_sync = true;
        break;
    }
    case 'E': {
        const char *portal = tcop_get_string(&msg, &pos);
        int32_t max_rows = tcop_get_int32(&msg, &pos);
        if (pos != msg.len)
            tcop_bad_message();
        tcop_in_query = true;
        tcop_cancel_pending = 0;
        bool ok = engine_execute(portal, max_rows > 0 ? max_rows : 0);
        tcop_in_query = false;
        if (!ok)
            tcop_skip_until_sync = true;
        break;
    }
    case 'C': {
        if (msg.len < 1 || (msg.data[0] != 'S' && msg.data[0] != 'P'))
            tcop_bad_message();
        char kind = msg.data[0];
        pos = 1;
        const char *name = tcop_get_string(&msg, &pos);
        if (pos != msg.len)
            tcop_bad_message();
        engine_close(kind, name);
        pq_msg_begin('3');
        pq_msg_end();
        break;
    }
    case 'H':
        (void)pq_flush();
        break;
    case 'S':
        tcop_skip_until_sync = false;
        engine_sync();
        mcx_reset(msg_cx);
        tcop_send_ready_for_query();
        break;
    }
}

void
tcop_message_loop(void)
{
    MemCtx *msg_cx = mcx_create(mcx_top, "message");
    StrBuf ignored;

    for (;;) {
        tcop_wait_for_input();
        int type = pq_getbyte();
        if (type < 0)
            tcop_client_gone(false);
        MemCtx *old = mcx_switch(msg_cx);
        switch (type) {
        case 'Q':
            if (tcop_skip_until_sync) {
                sb_init(&ignored); /* still discarding after an extended-protocol error */
                if (pq_get_message_body(&ignored, PQ_MAX_MESSAGE_LEN) != 0)
                    tcop_client_gone(true);
                break;
            }
            tcop_exec_query(msg_cx);
            break;
        case 'P':
        case 'B':
        case 'D':
        case 'E':
        case 'C':
        case 'H':
        case 'S':
            tcop_extended_message(type, msg_cx);
            break;
        case 'X':
            oak_proc_exit(0);
        case 'd': /* COPY data outside COPY: the protocol says to ignore it */
        case 'c':
        case 'f':
            sb_init(&ignored);
            if (pq_get_message_body(&ignored, PQ_MAX_MESSAGE_LEN) != 0)
                tcop_client_gone(true);
            break;
        default:
            tcop_reject_message(type);
        }
        mcx_switch(old);
        mcx_reset(msg_cx);
    }
}

void
tcop_client_gone(bool mid_message)
{
    if (mid_message)
        elog_log(LOG, "unexpected EOF on client connection");
    else if (tcop_session_started && engine_xact_status() != 'I')
        elog_log(LOG, "unexpected EOF on client connection with an open transaction");
    oak_proc_exit(0);
}
