/*
 * isolationtester.c
 *     Run an isolation spec: several sessions, each its own connection, whose steps are
 *     sent in a given interleaving with libpq's asynchronous API; print what every step
 *     returned in the shape of PostgreSQL's isolation expected files.
 *
 * The spec format is PostgreSQL's (src/test/isolation/README there):
 *
 *     setup { SQL }            any number, run in order on a control connection
 *     teardown { SQL }         at most one, run on the control connection at the end
 *     session NAME             then, in order: an optional setup { SQL }, one or more
 *                              step NAME { SQL }, an optional teardown { SQL }
 *     permutation STEP ...     zero or more; without any, every interleaving of the
 *                              sessions' steps runs (at most -P of them)
 *
 * Names are bare identifiers or "double-quoted"; # starts a comment; an SQL block runs
 * from { to the next }, blanks trimmed at both ends. A permutation step may carry
 * blocker annotations as in PostgreSQL: STEP(*) is reported as waiting once even if it
 * completed at once, STEP(OTHER) is not reported complete while step OTHER is running.
 *
 * How a waiting step is detected (the one difference from PostgreSQL's tester): OakDB has
 * no pg_locks, so PostgreSQL's pg_isolation_test_session_is_blocked() cannot be asked.
 * The rule here is time: a step that has not completed WAIT_MS after it was sent (default
 * 200 ms, -w) is reported "<waiting ...>"; a step already reported waiting is polled for
 * WAIT_MS again each time it is looked at, and reported "<... completed>" when its
 * result arrives within that window. Specs must therefore only make a step wait on a
 * lock, never on a slow statement, and must let a step that fails (deadlock victim, lock
 * timeout) fail well within WAIT_MS: the deadlock victim gets a short deadlock_timeout,
 * every other session a long one. Expected files are produced by this same program run
 * against PostgreSQL 15 (regress/isolation/run_isolation.sh --existing), so both servers
 * are judged by the same rule.
 *
 * Output, as PostgreSQL 15's isolationtester prints it: "Parsed test spec with N
 * sessions", then per permutation "starting permutation: ...", "step NAME: SQL" (with
 * " <waiting ...>" when it blocks, "step NAME: <... completed>" when it finishes),
 * result sets through libpq's PQprint (aligned, '|'-separated, "(N rows)"), errors as
 * "SEVERITY:  primary message", notices as "SESSION: NOTICE:  message".
 *
 * Usage: isolationtester [-h HOST] [-p PORT] [-d DBNAME] [-U USER] [-w WAIT_MS]
 *                        [-t STEP_TIMEOUT_S] [-P MAX_PERMUTATIONS] [SPECFILE]
 *     The spec is read from SPECFILE, or from standard input without one.
 * Exit: 0 when every permutation ran (whatever the statements returned: the diff against
 * the expected file judges that), 1 on a bad spec, a lost connection or a step that did
 * not finish within twice STEP_TIMEOUT_S.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

typedef struct IsoStep {
    char *name;
    char *sql;
    int session; /* index into IsoSpec.sessions */
    bool used;
} IsoStep;

typedef struct IsoSession {
    char *name;
    char *setup_sql;
    char *teardown_sql;
    IsoStep **steps;
    int nsteps;
} IsoSession;

/* A step as a permutation names it, with its blocker annotations. */
typedef struct IsoPermStep {
    char *name;
    IsoStep *step;
    bool wait_once;       /* (*): report waiting on the first look */
    char **blocker_names; /* (OTHER, ...): not complete while OTHER is active */
    IsoStep **blockers;
    int nblockers;
} IsoPermStep;

typedef struct IsoPermutation {
    IsoPermStep *steps;
    int nsteps;
} IsoPermutation;

typedef struct IsoSpec {
    char **setup_sqls;
    int nsetups;
    char *teardown_sql;
    IsoSession **sessions;
    int nsessions;
    IsoPermutation **perms;
    int nperms;
} IsoSpec;

/* One connection: [0] is the control connection, [1 + i] runs session i. */
typedef struct IsoConn {
    PGconn *conn;
    const char *session_name;
    IsoPermStep *active; /* step sent and not yet reported complete, or NULL */
} IsoConn;

enum {
    ISO_STEP_NONBLOCK = 0x1, /* give up after WAIT_MS: the step is waiting */
    ISO_STEP_RETRY = 0x2     /* the step was looked at before */
};

static IsoConn *iso_conns;
static int iso_nconns;
static long iso_wait_ms = 200;
static long iso_step_timeout_s = 60;
static long iso_max_perms = 1000;

static void
iso_die(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    for (int i = 0; i < iso_nconns; i++)
        if (iso_conns[i].conn != NULL)
            PQfinish(iso_conns[i].conn);
    exit(1);
}

static void *
iso_alloc(size_t size)
{
    void *p = calloc(1, size);

    if (p == NULL)
        iso_die("isolationtester: out of memory\n");
    return p;
}

static void *
iso_grow(void *array, int n, size_t elem)
{
    void *p = realloc(array, (size_t)(n + 1) * elem);

    if (p == NULL)
        iso_die("isolationtester: out of memory\n");
    return p;
}

static char *
iso_strndup(const char *s, size_t n)
{
    char *p = iso_alloc(n + 1);

    memcpy(p, s, n);
    return p;
}

static int64_t
iso_now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---------- spec parsing ---------- */

typedef enum IsoTokKind { TOK_EOF, TOK_IDENT, TOK_SQL, TOK_PUNCT } IsoTokKind;

typedef struct IsoLexer {
    const char *src;
    size_t pos;
    int line;
    IsoTokKind kind; /* the current token */
    char *text;      /* identifier, SQL block, or the punctuation character */
    bool quoted;     /* a "quoted" identifier: never a keyword */
    int tok_line;
} IsoLexer;

static void
iso_lex_error(IsoLexer *lx, const char *what)
{
    iso_die("spec line %d: %s\n", lx->tok_line, what);
}

static void
iso_lex_next(IsoLexer *lx)
{
    const char *s = lx->src;

    for (;;) { /* blanks and # comments */
        while (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\r' ||
               s[lx->pos] == '\n') {
            if (s[lx->pos] == '\n')
                lx->line++;
            lx->pos++;
        }
        if (s[lx->pos] != '#')
            break;
        while (s[lx->pos] != '\0' && s[lx->pos] != '\n')
            lx->pos++;
    }
    free(lx->text);
    lx->text = NULL;
    lx->quoted = false;
    lx->tok_line = lx->line;
    char c = s[lx->pos];

    if (c == '\0') {
        lx->kind = TOK_EOF;
    } else if (c == '{') {
        size_t start = lx->pos + 1;
        size_t end = start;

        while (s[end] != '\0' && s[end] != '}')
            end++;
        if (s[end] == '\0')
            iso_lex_error(lx, "unterminated SQL block");
        for (size_t i = start; i < end; i++)
            if (s[i] == '\n')
                lx->line++;
        lx->pos = end + 1;
        while (start < end && strchr(" \t\r\n", s[start]) != NULL)
            start++;
        while (end > start && strchr(" \t\r\n", s[end - 1]) != NULL)
            end--;
        lx->kind = TOK_SQL;
        lx->text = iso_strndup(s + start, end - start);
    } else if (c == '"') {
        size_t start = lx->pos + 1;
        size_t end = start;

        while (s[end] != '\0' && s[end] != '"' && s[end] != '\n')
            end++;
        if (s[end] != '"')
            iso_lex_error(lx, "unterminated quoted identifier");
        lx->pos = end + 1;
        lx->kind = TOK_IDENT;
        lx->quoted = true;
        lx->text = iso_strndup(s + start, end - start);
    } else if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9')) {
        size_t start = lx->pos;

        while (s[lx->pos] == '_' || (s[lx->pos] >= 'a' && s[lx->pos] <= 'z') ||
               (s[lx->pos] >= 'A' && s[lx->pos] <= 'Z') || (s[lx->pos] >= '0' && s[lx->pos] <= '9'))
            lx->pos++;
        lx->kind = TOK_IDENT;
        lx->text = iso_strndup(s + start, lx->pos - start);
    } else if (c == '(' || c == ')' || c == ',' || c == '*') {
        lx->pos++;
        lx->kind = TOK_PUNCT;
        lx->text = iso_strndup(&c, 1);
    } else {
        iso_lex_error(lx, "unexpected character");
    }
}

static bool
iso_lex_is_keyword(const IsoLexer *lx, const char *kw)
{
    return lx->kind == TOK_IDENT && !lx->quoted && strcmp(lx->text, kw) == 0;
}

static bool
iso_lex_is_punct(const IsoLexer *lx, char c)
{
    return lx->kind == TOK_PUNCT && lx->text[0] == c;
}

/* The current token's text, which must be of the given kind; then advance. */
static char *
iso_lex_take(IsoLexer *lx, IsoTokKind kind, const char *what)
{
    if (lx->kind != kind)
        iso_lex_error(lx, what);
    char *text = lx->text;

    lx->text = NULL;
    iso_lex_next(lx);
    return text;
}

static bool
iso_lex_is_name(const IsoLexer *lx)
{
    static const char *const keywords[] = {"setup", "teardown", "session", "step", "permutation"};

    if (lx->kind != TOK_IDENT)
        return false;
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (iso_lex_is_keyword(lx, keywords[i]))
            return false;
    return true;
}

static void
iso_parse_perm_step(IsoLexer *lx, IsoPermStep *ps)
{
    ps->name = iso_lex_take(lx, TOK_IDENT, "step name expected in permutation");
    if (!iso_lex_is_punct(lx, '('))
        return;
    iso_lex_next(lx);
    for (;;) {
        if (iso_lex_is_punct(lx, '*')) {
            ps->wait_once = true;
            iso_lex_next(lx);
        } else {
            ps->blocker_names = iso_grow(ps->blocker_names, ps->nblockers, sizeof(char *));
            ps->blocker_names[ps->nblockers++] =
                iso_lex_take(lx, TOK_IDENT, "blocking step name or * expected");
        }
        if (iso_lex_is_punct(lx, ')'))
            break;
        if (!iso_lex_is_punct(lx, ','))
            iso_lex_error(lx, "',' or ')' expected in blocker list");
        iso_lex_next(lx);
    }
    iso_lex_next(lx);
}

static IsoSession *
iso_parse_session(IsoLexer *lx, int index, IsoSpec *spec)
{
    IsoSession *sess = iso_alloc(sizeof *sess);

    sess->name = iso_lex_take(lx, TOK_IDENT, "session name expected");
    if (iso_lex_is_keyword(lx, "setup")) {
        iso_lex_next(lx);
        sess->setup_sql = iso_lex_take(lx, TOK_SQL, "SQL block expected after setup");
    }
    while (iso_lex_is_keyword(lx, "step")) {
        IsoStep *step = iso_alloc(sizeof *step);

        iso_lex_next(lx);
        step->name = iso_lex_take(lx, TOK_IDENT, "step name expected");
        step->sql = iso_lex_take(lx, TOK_SQL, "SQL block expected after step name");
        step->session = index;
        for (int i = 0; i < spec->nsessions; i++)
            for (int j = 0; j < spec->sessions[i]->nsteps; j++)
                if (strcmp(spec->sessions[i]->steps[j]->name, step->name) == 0)
                    iso_die("duplicate step name: %s\n", step->name);
        for (int j = 0; j < sess->nsteps; j++)
            if (strcmp(sess->steps[j]->name, step->name) == 0)
                iso_die("duplicate step name: %s\n", step->name);
        sess->steps = iso_grow(sess->steps, sess->nsteps, sizeof(IsoStep *));
        sess->steps[sess->nsteps++] = step;
    }
    if (sess->nsteps == 0)
        iso_lex_error(lx, "a session needs at least one step");
    if (iso_lex_is_keyword(lx, "teardown")) {
        iso_lex_next(lx);
        sess->teardown_sql = iso_lex_take(lx, TOK_SQL, "SQL block expected after teardown");
    }
    return sess;
}

static IsoStep *
iso_find_step(IsoSpec *spec, const char *name)
{
    for (int i = 0; i < spec->nsessions; i++)
        for (int j = 0; j < spec->sessions[i]->nsteps; j++)
            if (strcmp(spec->sessions[i]->steps[j]->name, name) == 0)
                return spec->sessions[i]->steps[j];
    return NULL;
}

/* Resolve the names a permutation uses; warn, as PostgreSQL does, about unused steps. */
static void
iso_link_permutations(IsoSpec *spec)
{
    for (int p = 0; p < spec->nperms; p++) {
        IsoPermutation *perm = spec->perms[p];

        for (int i = 0; i < perm->nsteps; i++) {
            IsoPermStep *ps = &perm->steps[i];

            ps->step = iso_find_step(spec, ps->name);
            if (ps->step == NULL)
                iso_die("undefined step \"%s\" specified in permutation\n", ps->name);
            ps->step->used = true;
            ps->blockers = iso_alloc(sizeof(IsoStep *) * (size_t)(ps->nblockers + 1));
            for (int b = 0; b < ps->nblockers; b++) {
                ps->blockers[b] = iso_find_step(spec, ps->blocker_names[b]);
                if (ps->blockers[b] == NULL)
                    iso_die("undefined blocking step \"%s\" referenced in permutation step "
                            "\"%s\"\n",
                            ps->blocker_names[b],
                            ps->name);
                if (ps->blockers[b]->session == ps->step->session)
                    iso_die("permutation step \"%s\" cannot block on its own session\n", ps->name);
            }
        }
    }
    if (spec->nperms > 0)
        for (int i = 0; i < spec->nsessions; i++)
            for (int j = 0; j < spec->sessions[i]->nsteps; j++)
                if (!spec->sessions[i]->steps[j]->used)
                    fprintf(stderr, "unused step name: %s\n", spec->sessions[i]->steps[j]->name);
}

static IsoSpec *
iso_parse_spec(const char *src)
{
    IsoSpec *spec = iso_alloc(sizeof *spec);
    IsoLexer lx = {.src = src, .line = 1};

    iso_lex_next(&lx);
    while (iso_lex_is_keyword(&lx, "setup")) {
        iso_lex_next(&lx);
        spec->setup_sqls = iso_grow(spec->setup_sqls, spec->nsetups, sizeof(char *));
        spec->setup_sqls[spec->nsetups++] =
            iso_lex_take(&lx, TOK_SQL, "SQL block expected after setup");
    }
    if (iso_lex_is_keyword(&lx, "teardown")) {
        iso_lex_next(&lx);
        spec->teardown_sql = iso_lex_take(&lx, TOK_SQL, "SQL block expected after teardown");
    }
    while (iso_lex_is_keyword(&lx, "session")) {
        iso_lex_next(&lx);
        spec->sessions = iso_grow(spec->sessions, spec->nsessions, sizeof(IsoSession *));
        IsoSession *sess = iso_parse_session(&lx, spec->nsessions, spec);
        spec->sessions[spec->nsessions++] = sess;
    }
    if (spec->nsessions == 0)
        iso_lex_error(&lx, "a spec needs at least one session");
    while (iso_lex_is_keyword(&lx, "permutation")) {
        IsoPermutation *perm = iso_alloc(sizeof *perm);

        iso_lex_next(&lx);
        while (iso_lex_is_name(&lx)) {
            perm->steps = iso_grow(perm->steps, perm->nsteps, sizeof(IsoPermStep));
            memset(&perm->steps[perm->nsteps], 0, sizeof(IsoPermStep));
            iso_parse_perm_step(&lx, &perm->steps[perm->nsteps++]);
        }
        if (perm->nsteps == 0)
            iso_lex_error(&lx, "a permutation needs at least one step");
        spec->perms = iso_grow(spec->perms, spec->nperms, sizeof(IsoPermutation *));
        spec->perms[spec->nperms++] = perm;
    }
    if (lx.kind != TOK_EOF)
        iso_lex_error(&lx, "setup, teardown, session or permutation expected");
    iso_link_permutations(spec);
    return spec;
}

static char *
iso_read_all(FILE *f)
{
    size_t cap = 8192;
    size_t len = 0;
    char *buf = iso_alloc(cap);
    size_t n;

    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (buf == NULL)
                iso_die("isolationtester: out of memory\n");
        }
    }
    if (ferror(f))
        iso_die("isolationtester: cannot read the spec: %s\n", strerror(errno));
    buf[len] = '\0';
    return buf;
}

/* ---------- running ---------- */

static void
iso_print_result_set(PGresult *res)
{
    PQprintOpt opt = {0};

    opt.header = 1;
    opt.align = 1;
    opt.fieldSep = "|";
    PQprint(stdout, res, &opt);
}

/* Setup and teardown SQL: results printed, failures fatal (setup) or reported (teardown). */
static void
iso_exec_fixed(int conn_index, const char *sql, const char *what, bool fatal)
{
    PGresult *res = PQexec(iso_conns[conn_index].conn, sql);

    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        iso_print_result_set(res);
    else if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        fprintf(stderr, "%s failed: %s", what, PQerrorMessage(iso_conns[conn_index].conn));
        if (fatal)
            iso_die("");
    }
    PQclear(res);
}

static bool
iso_step_has_blocker(const IsoPermStep *ps)
{
    for (int i = 0; i < ps->nblockers; i++) {
        const IsoConn *other = &iso_conns[1 + ps->blockers[i]->session];

        if (other->active != NULL && other->active->step == ps->blockers[i])
            return true;
    }
    return false;
}

static void
iso_print_results(PGconn *conn)
{
    PGresult *res;

    while ((res = PQgetResult(conn)) != NULL) {
        switch (PQresultStatus(res)) {
        case PGRES_COMMAND_OK:
        case PGRES_EMPTY_QUERY:
            break;
        case PGRES_TUPLES_OK:
            iso_print_result_set(res);
            break;
        case PGRES_FATAL_ERROR: {
            /* Only the primary message: details may name transaction ids. */
            const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
            const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

            if (sev != NULL && msg != NULL)
                printf("%s:  %s\n", sev, msg);
            else
                printf("%s\n", PQresultErrorMessage(res));
            break;
        }
        default:
            printf("unexpected result status: %s\n", PQresStatus(PQresultStatus(res)));
        }
        PQclear(res);
    }
}

/*
 * Wait for the step's result. Returns true if it is still running (it counts as waiting:
 * ISO_STEP_NONBLOCK and no result within iso_wait_ms of this call, or a blocker annotation
 * holds), false once it was reported complete and its connection is idle again. Without
 * ISO_STEP_NONBLOCK, waits up to the step timeout: cancels the step after it, dies after
 * twice it.
 */
static bool
iso_try_complete_step(IsoPermStep *ps, int flags)
{
    IsoStep *step = ps->step;
    IsoConn *ic = &iso_conns[1 + step->session];
    int sock = PQsocket(ic->conn);
    const int64_t start_us = iso_now_us();
    bool canceled = false;

    if (!(flags & ISO_STEP_RETRY) && ps->wait_once) {
        printf("step %s: %s <waiting ...>\n", step->name, step->sql);
        return true;
    }
    if (sock < 0)
        iso_die("invalid socket: %s", PQerrorMessage(ic->conn));
    while (PQisBusy(ic->conn)) {
        const int64_t elapsed_us = iso_now_us() - start_us;

        if ((flags & ISO_STEP_NONBLOCK) && elapsed_us >= iso_wait_ms * 1000) {
            if (!(flags & ISO_STEP_RETRY))
                printf("step %s: %s <waiting ...>\n", step->name, step->sql);
            return true;
        }
        if (elapsed_us > iso_step_timeout_s * 1000000 && !canceled) {
            PGcancel *cancel = PQgetCancel(ic->conn);
            char errbuf[256];

            if (cancel != NULL && PQcancel(cancel, errbuf, sizeof errbuf)) {
                printf("isolationtester: canceling step %s after %d seconds\n",
                       step->name,
                       (int)(elapsed_us / 1000000));
                canceled = true;
            } else {
                fprintf(stderr, "PQcancel failed\n");
            }
            PQfreeCancel(cancel);
        }
        if (elapsed_us > 2 * iso_step_timeout_s * 1000000)
            iso_die("step %s timed out after %d seconds\n",
                    step->name,
                    (int)(elapsed_us / 1000000));

        fd_set read_set;
        struct timeval timeout = {.tv_sec = 0, .tv_usec = 10000};

        FD_ZERO(&read_set);
        FD_SET(sock, &read_set);
        int ret = select(sock + 1, &read_set, NULL, NULL, &timeout);

        if (ret < 0 && errno != EINTR)
            iso_die("select failed: %s\n", strerror(errno));
        if (ret > 0 && !PQconsumeInput(ic->conn))
            iso_die("PQconsumeInput failed: %s\n", PQerrorMessage(ic->conn));
    }
    if (iso_step_has_blocker(ps)) {
        if (!(flags & ISO_STEP_RETRY))
            printf("step %s: %s <waiting ...>\n", step->name, step->sql);
        return true;
    }
    if (flags & ISO_STEP_RETRY)
        printf("step %s: <... completed>\n", step->name);
    else
        printf("step %s: %s\n", step->name, step->sql);
    iso_print_results(ic->conn);
    ic->active = NULL;
    return false;
}

/* Poll the waiting steps in order; drop those that completed. Returns the new count. */
static int
iso_try_complete_steps(IsoPermStep **waiting, int nwaiting, int flags)
{
    int old_nwaiting;
    bool have_blocker;

    do {
        int w = 0;

        old_nwaiting = nwaiting;
        have_blocker = false;
        while (w < nwaiting) {
            if (iso_try_complete_step(waiting[w], flags)) {
                if (waiting[w]->nblockers > 0)
                    have_blocker = true;
                w++;
            } else {
                memmove(&waiting[w],
                        &waiting[w + 1],
                        sizeof(*waiting) * (size_t)(nwaiting - w - 1));
                nwaiting--;
            }
        }
        /* A completion may have released a blocker of a step looked at earlier. */
    } while (have_blocker && nwaiting < old_nwaiting);
    return nwaiting;
}

static int
iso_remove_waiting(IsoPermStep **waiting, int nwaiting, IsoPermStep *ps)
{
    for (int w = 0; w < nwaiting; w++)
        if (waiting[w] == ps) {
            memmove(&waiting[w], &waiting[w + 1], sizeof(*waiting) * (size_t)(nwaiting - w - 1));
            return nwaiting - 1;
        }
    return nwaiting;
}

static void
iso_run_permutation(IsoSpec *spec, int nsteps, IsoPermStep **steps)
{
    IsoPermStep **waiting = iso_alloc(sizeof(IsoPermStep *) * (size_t)spec->nsessions);
    int nwaiting = 0;

    printf("\nstarting permutation:");
    for (int i = 0; i < nsteps; i++)
        printf(" %s", steps[i]->name);
    printf("\n");

    for (int i = 0; i < spec->nsetups; i++)
        iso_exec_fixed(0, spec->setup_sqls[i], "setup", true);
    for (int i = 0; i < spec->nsessions; i++)
        if (spec->sessions[i]->setup_sql != NULL) {
            char what[200];

            snprintf(what, sizeof what, "setup of session %s", spec->sessions[i]->name);
            iso_exec_fixed(1 + i, spec->sessions[i]->setup_sql, what, true);
        }

    for (int i = 0; i < nsteps; i++) {
        IsoPermStep *ps = steps[i];
        IsoConn *ic = &iso_conns[1 + ps->step->session];

        /* The session is still busy with an earlier step: wait for it, as PostgreSQL does. */
        while (ic->active != NULL) {
            IsoPermStep *old = ic->active;

            if (!iso_try_complete_step(old, ISO_STEP_RETRY))
                nwaiting = iso_remove_waiting(waiting, nwaiting, old);
            nwaiting =
                iso_try_complete_steps(waiting, nwaiting, ISO_STEP_NONBLOCK | ISO_STEP_RETRY);
        }
        if (!PQsendQuery(ic->conn, ps->step->sql))
            iso_die("failed to send query for step %s: %s\n", ps->name, PQerrorMessage(ic->conn));
        ic->active = ps;
        bool must_wait = iso_try_complete_step(ps, ISO_STEP_NONBLOCK);

        nwaiting = iso_try_complete_steps(waiting, nwaiting, ISO_STEP_NONBLOCK | ISO_STEP_RETRY);
        if (must_wait)
            waiting[nwaiting++] = ps;
    }
    nwaiting = iso_try_complete_steps(waiting, nwaiting, ISO_STEP_RETRY);
    if (nwaiting != 0)
        iso_die("failed to complete permutation due to mutually-blocking steps\n");

    for (int i = 0; i < spec->nsessions; i++)
        if (spec->sessions[i]->teardown_sql != NULL) {
            char what[200];

            snprintf(what, sizeof what, "teardown of session %s", spec->sessions[i]->name);
            iso_exec_fixed(1 + i, spec->sessions[i]->teardown_sql, what, false);
        }
    if (spec->teardown_sql != NULL)
        iso_exec_fixed(0, spec->teardown_sql, "teardown", false);
    free(waiting);
}

/* Every interleaving of the sessions' steps, keeping each session's order. */
static void
iso_run_all_recurse(IsoSpec *spec, int *piles, int depth, IsoPermStep *work, long *count)
{
    bool found = false;

    for (int i = 0; i < spec->nsessions && *count < iso_max_perms; i++) {
        if (piles[i] >= spec->sessions[i]->nsteps)
            continue;
        IsoStep *step = spec->sessions[i]->steps[piles[i]];

        memset(&work[depth], 0, sizeof work[depth]);
        work[depth].name = step->name;
        work[depth].step = step;
        piles[i]++;
        iso_run_all_recurse(spec, piles, depth + 1, work, count);
        piles[i]--;
        found = true;
    }
    if (!found && *count < iso_max_perms) {
        IsoPermStep **ptrs = iso_alloc(sizeof(IsoPermStep *) * (size_t)depth);

        for (int i = 0; i < depth; i++)
            ptrs[i] = &work[i];
        iso_run_permutation(spec, depth, ptrs);
        free(ptrs);
        (*count)++;
        if (*count == iso_max_perms)
            fprintf(stderr,
                    "isolationtester: stopped after %ld permutations (-P); list the "
                    "interesting ones with permutation lines\n",
                    iso_max_perms);
    }
}

static void
iso_run_spec(IsoSpec *spec)
{
    if (spec->nperms > 0) {
        for (int p = 0; p < spec->nperms; p++) {
            IsoPermutation *perm = spec->perms[p];
            IsoPermStep **ptrs = iso_alloc(sizeof(IsoPermStep *) * (size_t)perm->nsteps);

            for (int i = 0; i < perm->nsteps; i++)
                ptrs[i] = &perm->steps[i];
            iso_run_permutation(spec, perm->nsteps, ptrs);
            free(ptrs);
        }
        return;
    }
    int total = 0;

    for (int i = 0; i < spec->nsessions; i++)
        total += spec->sessions[i]->nsteps;
    int *piles = iso_alloc(sizeof(int) * (size_t)spec->nsessions);
    IsoPermStep *work = iso_alloc(sizeof(IsoPermStep) * (size_t)total);
    long count = 0;

    iso_run_all_recurse(spec, piles, 0, work, &count);
    free(piles);
    free(work);
}

/* Notices from a session's connection, prefixed with its name as in PostgreSQL. */
static void
iso_notice_processor(void *arg, const char *message)
{
    const IsoConn *ic = arg;

    printf("%s: %s", ic->session_name, message);
}

static void
iso_blackhole_notice_processor(void *arg, const char *message)
{
    (void)arg; /* the control connection's notices are not part of the output */
    (void)message;
}

static void
iso_connect_all(IsoSpec *spec, const char *conninfo)
{
    iso_nconns = 1 + spec->nsessions;
    iso_conns = iso_alloc(sizeof(IsoConn) * (size_t)iso_nconns);
    for (int i = 0; i < iso_nconns; i++) {
        IsoConn *ic = &iso_conns[i];

        ic->session_name = i == 0 ? "control connection" : spec->sessions[i - 1]->name;
        ic->conn = PQconnectdb(conninfo);
        if (PQstatus(ic->conn) != CONNECTION_OK)
            iso_die("Connection %d failed: %s", i, PQerrorMessage(ic->conn));
        if (i == 0)
            PQsetNoticeProcessor(ic->conn, iso_blackhole_notice_processor, NULL);
        else
            PQsetNoticeProcessor(ic->conn, iso_notice_processor, ic);
    }
}

/* Append key='value' to a conninfo string, quoting as libpq wants. */
static void
iso_conninfo_add(char *buf, size_t size, const char *key, const char *value)
{
    size_t len = strlen(buf);

    len += (size_t)snprintf(buf + len, size - len, "%s%s='", len > 0 ? " " : "", key);
    for (const char *p = value; *p != '\0' && len + 3 < size; p++) {
        if (*p == '\'' || *p == '\\')
            buf[len++] = '\\';
        buf[len++] = *p;
    }
    if (len + 2 > size)
        iso_die("isolationtester: connection parameters too long\n");
    buf[len++] = '\'';
    buf[len] = '\0';
}

static void
iso_usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [-h HOST] [-p PORT] [-d DBNAME] [-U USER] [-w WAIT_MS] "
            "[-t STEP_TIMEOUT_S] [-P MAX_PERMUTATIONS] [SPECFILE]\n",
            prog);
    exit(2);
}

int
main(int argc, char **argv)
{
    char conninfo[2048] = "";
    bool have_dbname = false;
    int opt;

    while ((opt = getopt(argc, argv, "h:p:d:U:w:t:P:")) != -1) {
        switch (opt) {
        case 'h':
            iso_conninfo_add(conninfo, sizeof conninfo, "host", optarg);
            break;
        case 'p':
            iso_conninfo_add(conninfo, sizeof conninfo, "port", optarg);
            break;
        case 'd':
            iso_conninfo_add(conninfo, sizeof conninfo, "dbname", optarg);
            have_dbname = true;
            break;
        case 'U':
            iso_conninfo_add(conninfo, sizeof conninfo, "user", optarg);
            break;
        case 'w':
            iso_wait_ms = strtol(optarg, NULL, 10);
            break;
        case 't':
            iso_step_timeout_s = strtol(optarg, NULL, 10);
            break;
        case 'P':
            iso_max_perms = strtol(optarg, NULL, 10);
            break;
        default:
            iso_usage(argv[0]);
        }
    }
    if (argc - optind > 1 || iso_wait_ms <= 0 || iso_step_timeout_s <= 0 || iso_max_perms <= 0)
        iso_usage(argv[0]);
    if (!have_dbname)
        iso_conninfo_add(conninfo, sizeof conninfo, "dbname", "postgres");

    FILE *in = stdin;

    if (optind < argc && (in = fopen(argv[optind], "r")) == NULL)
        iso_die("isolationtester: %s: %s\n", argv[optind], strerror(errno));
    char *src = iso_read_all(in);

    if (in != stdin)
        fclose(in);

    /* Unbuffered, like PostgreSQL's tester, so output interleaves with stderr as it happens. */
    setbuf(stdout, NULL);
    IsoSpec *spec = iso_parse_spec(src);

    printf("Parsed test spec with %d sessions\n", spec->nsessions);
    iso_connect_all(spec, conninfo);
    iso_run_spec(spec);
    for (int i = 0; i < iso_nconns; i++)
        PQfinish(iso_conns[i].conn);
    return 0;
}
