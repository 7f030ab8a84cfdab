/*
 * cancel_client.c
 *     Query cancel as real clients do it, and a raw login that shows the SQLSTATE of a
 *     refused connection, for regress/auth/auth_test.sh. One scenario per
 *     run; exits 0 when the server behaved as PostgreSQL does, 1 with a message otherwise.
 *
 *   cancel_client right CONNINFO    libpq PQcancel stops session A's pg_sleep(10) with
 *                                   57014; session B's pg_sleep(1) is unaffected; A goes on
 *   cancel_client wrong CONNINFO    a CancelRequest with A's pid and a wrong key: A's
 *                                   pg_sleep(1) finishes normally
 *   cancel_client sslreq HOST PORT USER DB
 *                                   raw protocol: a CancelRequest sent after a GSSENCRequest
 *                                   and an SSLRequest (both answered 'N') on a new TCP
 *                                   connection cancels
 *   cancel_client login HOST PORT USER DB PASSWORD
 *                                   raw protocol: log in (cleartext password if asked; to
 *                                   SCRAM it answers with a "p=" channel-binding header) and
 *                                   print "ok" or the error's "SQLSTATE: message"
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

static int
fail(const char *what, const char *detail)
{
    fprintf(stderr, "cancel_client: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return 1;
}

static void
nap_ms(long ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The one result of the query sent on conn; the caller clears it. */
static PGresult *
one_result(PGconn *conn)
{
    PGresult *res = PQgetResult(conn);
    PGresult *extra;
    while ((extra = PQgetResult(conn)) != NULL)
        PQclear(extra);
    return res;
}

static int
scenario_right(const char *conninfo)
{
    PGconn *a = PQconnectdb(conninfo);
    PGconn *b = PQconnectdb(conninfo);
    char err[256];

    if (PQstatus(a) != CONNECTION_OK || PQstatus(b) != CONNECTION_OK)
        return fail("connect", PQerrorMessage(PQstatus(a) != CONNECTION_OK ? a : b));
    if (!PQsendQuery(a, "SELECT pg_sleep(10)") || !PQsendQuery(b, "SELECT pg_sleep(1)"))
        return fail("send", PQerrorMessage(a));
    nap_ms(300);
    double t0 = now_s();
    PGcancel *c = PQgetCancel(a);
    if (c == NULL || !PQcancel(c, err, sizeof err))
        return fail("PQcancel", err);
    PQfreeCancel(c);
    PGresult *ra = one_result(a);
    double waited = now_s() - t0;
    const char *state = PQresultErrorField(ra, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(ra, PG_DIAG_MESSAGE_PRIMARY);
    if (PQresultStatus(ra) != PGRES_FATAL_ERROR || state == NULL || strcmp(state, "57014") != 0 ||
        msg == NULL || strcmp(msg, "canceling statement due to user request") != 0)
        return fail("session A was not canceled with 57014", PQresultErrorMessage(ra));
    if (waited > 5.0)
        return fail("session A's cancel took more than 5 s", NULL);
    printf("A: ERROR %s: %s\n", state, msg);
    PQclear(ra);
    PGresult *rb = one_result(b);
    if (PQresultStatus(rb) != PGRES_TUPLES_OK)
        return fail("session B was affected", PQresultErrorMessage(rb));
    printf("B: pg_sleep(1) finished normally\n");
    PQclear(rb);
    PGresult *r = PQexec(a, "SELECT 41 + 1");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || strcmp(PQgetvalue(r, 0, 0), "42") != 0)
        return fail("session A did not go on after the cancel", PQresultErrorMessage(r));
    printf("A: next query returned %s\n", PQgetvalue(r, 0, 0));
    PQclear(r);
    PQfinish(a);
    PQfinish(b);
    return 0;
}

/* A socket to the server conn talks to (TCP, or the Unix socket in a directory host). */
static int
connect_like(PGconn *conn)
{
    const char *host = PQhost(conn);
    const char *port = PQport(conn);

    if (host[0] == '/') {
        struct sockaddr_un sun = {.sun_family = AF_UNIX};
        snprintf(sun.sun_path, sizeof sun.sun_path, "%s/.s.PGSQL.%s", host, port);
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0)
            return -1;
        return fd;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
    struct addrinfo *ai;
    if (getaddrinfo(host, port, &hints, &ai) != 0)
        return -1;
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

static int
send_cancel(int fd, uint32_t pid, uint32_t key)
{
    uint32_t pkt[4] = {htonl(16), htonl(80877102), htonl(pid), htonl(key)};
    return write(fd, pkt, sizeof pkt) == (ssize_t)sizeof pkt ? 0 : -1;
}

static int
scenario_wrong(const char *conninfo)
{
    PGconn *a = PQconnectdb(conninfo);

    if (PQstatus(a) != CONNECTION_OK)
        return fail("connect", PQerrorMessage(a));
    if (!PQsendQuery(a, "SELECT pg_sleep(1)"))
        return fail("send", PQerrorMessage(a));
    nap_ms(200);
    int fd = connect_like(a);
    if (fd < 0 || send_cancel(fd, (uint32_t)PQbackendPID(a), 0x5EC2E7u) != 0)
        return fail("could not send the CancelRequest", NULL);
    char byte;
    if (read(fd, &byte, 1) != 0) /* the server closes without an answer */
        return fail("the server answered a CancelRequest", NULL);
    close(fd);
    PGresult *r = one_result(a);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return fail("a wrong key canceled the query", PQresultErrorMessage(r));
    printf("A: pg_sleep(1) finished normally despite the wrong key\n");
    PQclear(r);
    PQfinish(a);
    return 0;
}

/* Raw protocol helpers for the sslreq scenario. */
static int
read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

/* Read one message: type, body (malloc'd, NUL-terminated), length. */
static int
read_msg(int fd, char *type, char **body, uint32_t *len)
{
    uint32_t nlen;
    if (read_full(fd, type, 1) != 0 || read_full(fd, &nlen, 4) != 0)
        return -1;
    *len = ntohl(nlen) - 4;
    *body = calloc(1, *len + 1);
    return *body && read_full(fd, *body, *len) == 0 ? 0 : -1;
}

static int
tcp_connect(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
    struct addrinfo *ai;
    if (getaddrinfo(host, port, &hints, &ai) != 0)
        return -1;
    int fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

/* Send a StartupMessage for user and db; 0 or -1. */
static int
send_startup(int fd, const char *user, const char *db)
{
    char pkt[512];
    size_t n = 8;

    n +=
        (size_t)snprintf(pkt + n, sizeof pkt - n, "user%c%s%cdatabase%c%s%c", 0, user, 0, 0, db, 0);
    pkt[n++] = '\0';
    uint32_t hdr[2] = {htonl((uint32_t)n), htonl(0x00030000)};
    memcpy(pkt, hdr, 8);
    return write(fd, pkt, n) == (ssize_t)n ? 0 : -1;
}

/* Print "SQLSTATE: message" of an ErrorResponse body. */
static void
print_error(const char *body, uint32_t len)
{
    const char *code = "";
    const char *msg = "";
    for (const char *p = body; p < body + len && *p; p += strlen(p) + 1) {
        if (p[0] == 'C')
            code = p + 1;
        if (p[0] == 'M')
            msg = p + 1;
    }
    printf("%s: %s\n", code, msg);
}

/*
 * Log in over TCP without TLS, answering a cleartext password request with password, and
 * print "ok" or the ErrorResponse's "SQLSTATE: message" (libpq shows no SQLSTATE for a
 * refused connection).
 */
static int
scenario_login(const char *host, const char *port, const char *user, const char *db, const char *pw)
{
    char type;
    char *body;
    uint32_t len;
    int fd = tcp_connect(host, port);

    if (fd < 0 || send_startup(fd, user, db) != 0)
        return fail("connect", NULL);
    for (;;) {
        if (read_msg(fd, &type, &body, &len) != 0)
            return fail("the server closed the connection", NULL);
        if (type == 'E') {
            print_error(body, len);
            return 0;
        }
        if (type == 'R' && len >= 4) {
            uint32_t code;
            memcpy(&code, body, 4);
            code = ntohl(code);
            if (code == 0) {
                printf("ok\n");
                return 0;
            }
            if (code == 10) {
                /*
                 * SASL: a client-first-message the server must refuse; by default one
                 * demanding channel binding, or the one in SCRAM_FIRST (an extension, an
                 * authorization identity, ...).
                 */
                static const char mech[] = "SCRAM-SHA-256";
                const char *first = getenv("SCRAM_FIRST");
                if (first == NULL)
                    first = "p=tls-server-end-point,,n=,r=0123456789abcdef";
                size_t flen = strlen(first);
                uint32_t mlen = htonl((uint32_t)(4 + sizeof mech + 4 + flen));
                uint32_t dlen = htonl((uint32_t)flen);
                if (write(fd, "p", 1) != 1 || write(fd, &mlen, 4) != 4 ||
                    write(fd, mech, sizeof mech) != sizeof mech || write(fd, &dlen, 4) != 4 ||
                    write(fd, first, flen) != (ssize_t)flen)
                    return fail("send SASLInitialResponse", NULL);
                free(body);
                continue;
            }
            if (code != 3)
                return fail("unexpected authentication request", NULL);
            uint32_t plen = htonl((uint32_t)(4 + strlen(pw) + 1));
            if (write(fd, "p", 1) != 1 || write(fd, &plen, 4) != 4 ||
                write(fd, pw, strlen(pw) + 1) != (ssize_t)(strlen(pw) + 1))
                return fail("send password", NULL);
        }
        free(body);
    }
}

static int
scenario_sslreq(const char *host, const char *port, const char *user, const char *db)
{
    uint32_t pid = 0;
    uint32_t key = 0;
    char type;
    char *body;
    uint32_t len;

    int fd = tcp_connect(host, port);
    if (fd < 0 || send_startup(fd, user, db) != 0)
        return fail("connect", NULL);
    do {
        if (read_msg(fd, &type, &body, &len) != 0)
            return fail("read startup answer", NULL);
        if (type == 'E')
            return fail("startup refused", body);
        if (type == 'K' && len == 8) {
            memcpy(&pid, body, 4);
            memcpy(&key, body + 4, 4);
        }
        free(body);
    } while (type != 'Z');
    static const char q[] = "SELECT pg_sleep(10)";
    uint32_t qlen = htonl((uint32_t)(4 + sizeof q));
    if (write(fd, "Q", 1) != 1 || write(fd, &qlen, 4) != 4 || write(fd, q, sizeof q) != sizeof q)
        return fail("send query", NULL);
    nap_ms(300);

    int cfd = tcp_connect(host, port);
    uint32_t gssreq[2] = {htonl(8), htonl(80877104)};
    uint32_t sslreq[2] = {htonl(8), htonl(80877103)};
    char answer;
    if (cfd < 0 || write(cfd, gssreq, 8) != 8 || read_full(cfd, &answer, 1) != 0)
        return fail("GSSENCRequest", NULL);
    if (answer != 'N')
        return fail("GSSENCRequest was not answered 'N'", NULL);
    if (write(cfd, sslreq, 8) != 8 || read_full(cfd, &answer, 1) != 0)
        return fail("SSLRequest", NULL);
    if (answer != 'N')
        return fail("SSLRequest was not answered 'N' (run this scenario with ssl = off)", NULL);
    if (send_cancel(cfd, ntohl(pid), ntohl(key)) != 0)
        return fail("send CancelRequest", NULL);
    close(cfd);
    for (;;) {
        if (read_msg(fd, &type, &body, &len) != 0)
            return fail("read query answer", NULL);
        if (type == 'E') {
            /* fields: code byte, NUL-terminated string; look for C57014 */
            for (char *p = body; p < body + len && *p; p += strlen(p) + 1)
                if (p[0] == 'C' && strcmp(p + 1, "57014") == 0) {
                    printf("raw session: ERROR 57014 after SSLRequest + CancelRequest\n");
                    free(body);
                    close(fd);
                    return 0;
                }
            return fail("query failed, but not with 57014", NULL);
        }
        if (type == 'Z')
            return fail("the query was not canceled", NULL);
        free(body);
    }
}

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "right") == 0)
        return scenario_right(argv[2]);
    if (argc == 3 && strcmp(argv[1], "wrong") == 0)
        return scenario_wrong(argv[2]);
    if (argc == 7 && strcmp(argv[1], "login") == 0)
        return scenario_login(argv[2], argv[3], argv[4], argv[5], argv[6]);
    if (argc == 6 && strcmp(argv[1], "sslreq") == 0)
        return scenario_sslreq(argv[2], argv[3], argv[4], argv[5]);
    fprintf(stderr,
            "usage: cancel_client right|wrong CONNINFO | sslreq HOST PORT USER DB\n"
            "       cancel_client login HOST PORT USER DB PASSWORD\n");
    return 2;
}
