/*
 * pm_sockets.c
 *     The postmaster's listen sockets: TCP on listen_addresses ("localhost", "*", or a
 *     comma list of host names and addresses) and a Unix socket .s.PGSQL.<port> (with its
 *     .lock file) in each of unix_socket_directories.
 *
 * An address that cannot be bound is logged and skipped, as in PostgreSQL (::1 may not
 * exist); the server refuses to start only when listen_addresses named something and no
 * TCP socket came of it, or when there is no socket at all.
 */
#include "oak/oak.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "oak/utils/guc.h"
#include "pm_internal.h"

int pm_listen_fds[PM_MAX_LISTEN];
bool pm_listen_is_unix[PM_MAX_LISTEN];
int pm_nlisten;

enum { PM_MAX_UNIX = 8 };
/* Socket and lock paths this postmaster created, to unlink at exit. */
static char pm_unix_paths[PM_MAX_UNIX][sizeof(((struct sockaddr_un *)0)->sun_path) + 8];
static int pm_nunix;
static char pm_socket_dir0[256];

static void
pm_add_listen(int fd, bool is_unix)
{
    pm_listen_fds[pm_nlisten] = fd;
    pm_listen_is_unix[pm_nlisten] = is_unix;
    pm_nlisten++;
}

static int
pm_backlog(void)
{
    int n = oak_settings.max_connections * 2;
    return n > SOMAXCONN ? SOMAXCONN : n;
}

/* Bind and listen on one resolved address; logs and returns false on failure. */
static bool
pm_listen_one(const struct addrinfo *ai, const char *name)
{
    char host[NI_MAXHOST] = "?";
    int on = 1;

    (void)getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
    const char *family = ai->ai_family == AF_INET6 ? "IPv6" : "IPv4";
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
        elog_log(LOG,
                 "could not create %s socket for address \"%s\": %s",
                 family,
                 host,
                 strerror(errno));
        return false;
    }
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on); /* fast restart only */
    if (ai->ai_family == AF_INET6)
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on); /* "*" binds both */
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, pm_backlog()) != 0) {
        elog_log(LOG,
                 "could not bind %s address \"%s\" (%s): %s",
                 family,
                 host,
                 name,
                 strerror(errno));
        (void)close(fd);
        return false;
    }
    elog_log(LOG, "listening on %s address \"%s\", port %d", family, host, oak_settings.port);
    pm_add_listen(fd, false);
    return true;
}

static int
pm_listen_tcp_name(const char *name)
{
    struct addrinfo hints;
    struct addrinfo *res;
    char port[16];
    int made = 0;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    snprintf(port, sizeof port, "%d", oak_settings.port);
    int rc = getaddrinfo(strcmp(name, "*") == 0 ? NULL : name, port, &hints, &res);
    if (rc != 0) {
        elog_log(WARNING,
                 "could not translate host name \"%s\" to address: %s",
                 name,
                 gai_strerror(rc));
        return 0;
    }
    for (struct addrinfo *ai = res; ai && pm_nlisten < PM_MAX_LISTEN; ai = ai->ai_next)
        made += pm_listen_one(ai, name);
    freeaddrinfo(res);
    return made;
}

static void
pm_listen_unix_dir(const char *dir)
{
    struct sockaddr_un sun;
    char lockpath[sizeof sun.sun_path + 8];
    char contents[1200];

    memset(&sun, 0, sizeof sun);
    sun.sun_family = AF_UNIX;
    int n = snprintf(sun.sun_path, sizeof sun.sun_path, "%s/.s.PGSQL.%d", dir, oak_settings.port);
    if (n < 0 || (size_t)n >= sizeof sun.sun_path - 5 || pm_nunix + 2 > PM_MAX_UNIX)
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("Unix-domain socket path \"%s/.s.PGSQL.%d\" is too long",
                        dir,
                        oak_settings.port));
    snprintf(lockpath, sizeof lockpath, "%s.lock", sun.sun_path);
    snprintf(contents, sizeof contents, "%d\n%s\n", (int)getpid(), oak_settings.data_dir);
    pm_lockfile_create(lockpath, contents, false);
    snprintf(pm_unix_paths[pm_nunix++], sizeof pm_unix_paths[0], "%s", lockpath);
    (void)unlink(sun.sun_path); /* stale socket of a dead server: the lock file said so */
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
        int e = errno;
        if (fd >= 0)
            (void)close(fd);
        elog_log(LOG, "could not bind Unix socket \"%s\": %s", sun.sun_path, strerror(e));
        return;
    }
    snprintf(pm_unix_paths[pm_nunix++], sizeof pm_unix_paths[0], "%s", sun.sun_path);
    if (chmod(sun.sun_path, 0777) != 0 || listen(fd, pm_backlog()) != 0) {
        elog_log(LOG, "could not listen on Unix socket \"%s\": %s", sun.sun_path, strerror(errno));
        (void)close(fd);
        return;
    }
    elog_log(LOG, "listening on Unix socket \"%s\"", sun.sun_path);
    pm_add_listen(fd, true);
}

/* Call fn on each trimmed, non-empty element of a comma list. */
static int
pm_for_each_in_list(const char *list, int (*fn)(const char *))
{
    char item[256];
    int total = 0;
    const char *p = list;

    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        const char *s = p;
        size_t len = n;
        while (len > 0 && *s == ' ') {
            s++;
            len--;
        }
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len > 0 && len < sizeof item) {
            memcpy(item, s, len);
            item[len] = '\0';
            total += fn(item);
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return total;
}

static int
pm_listen_unix_item(const char *dir)
{
    if (pm_socket_dir0[0] == '\0')
        snprintf(pm_socket_dir0, sizeof pm_socket_dir0, "%s", dir);
    int before = pm_nlisten;
    if (pm_nlisten < PM_MAX_LISTEN)
        pm_listen_unix_dir(dir);
    return pm_nlisten - before;
}

void
pm_listen_open(void)
{
    bool want_tcp =
        strspn(oak_settings.listen_addresses, " ,") != strlen(oak_settings.listen_addresses);

    int tcp = pm_for_each_in_list(oak_settings.listen_addresses, pm_listen_tcp_name);
    if (want_tcp && tcp == 0)
        ereport(FATAL, err_code(SQLSTATE_IO_ERROR), err_msg("could not create any TCP/IP sockets"));
    pm_for_each_in_list(oak_settings.unix_socket_directories, pm_listen_unix_item);
    if (pm_nlisten == 0)
        ereport(FATAL, err_code(SQLSTATE_IO_ERROR), err_msg("no socket created for listening"));
}

void
pm_listen_close(void)
{
    for (int i = 0; i < pm_nlisten; i++)
        (void)close(pm_listen_fds[i]); /* listen sockets: nothing buffered to lose */
    pm_nlisten = 0;
}

const char *
pm_first_socket_dir(void)
{
    return pm_socket_dir0;
}

void
pm_sockets_remove(void)
{
    for (int i = pm_nunix - 1; i >= 0; i--)
        (void)unlink(pm_unix_paths[i]); /* at exit; a leftover is replaced at next start */
    pm_nunix = 0;
}

bool
pm_accept(int i, PqPort *port)
{
    memset(port, 0, sizeof *port);
    port->addrlen = sizeof port->addr;
    int fd =
        accept4(pm_listen_fds[i], (struct sockaddr *)&port->addr, &port->addrlen, SOCK_CLOEXEC);
    if (fd < 0) {
        if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
            elog_log(LOG, "could not accept new connection: %s", strerror(errno));
        return false;
    }
    port->sock = fd;
    port->is_unix = pm_listen_is_unix[i];
    if (port->is_unix)
        snprintf(port->remote_host, sizeof port->remote_host, "[local]");
    else if (getnameinfo((struct sockaddr *)&port->addr,
                         port->addrlen,
                         port->remote_host,
                         sizeof port->remote_host,
                         NULL,
                         0,
                         NI_NUMERICHOST) != 0)
        snprintf(port->remote_host, sizeof port->remote_host, "???");
    return true;
}
