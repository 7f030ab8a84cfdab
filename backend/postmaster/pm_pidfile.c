/*
 * pm_pidfile.c
 *     Lock files: DATADIR/postmaster.pid (one server per data directory) and
 *     .s.PGSQL.<port>.lock beside each Unix socket (one server per socket path).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   4. A lock file is created with O_EXCL. An existing one is replaced only when the pid
 *      it names is not alive (or is this process or its parent: a pid reused after a
 *      reboot or in a container); otherwise the server refuses to start.
 *   5. Only the process that created a lock file removes it: children inherit the exit
 *      hooks, so removal checks the pid.
 *
 * postmaster.pid has PostgreSQL's lines: pid, data directory, start time (epoch), port,
 * first socket directory, first listen address, shared memory key (always 0 0 here: the
 * region is anonymous), status ("starting", "ready   ", "stopping", padded to 8 bytes so
 * the status is updated in place and a reader never sees a torn line).
 */
#include "oak/oak.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "oak/utils/guc.h"
#include "pm_internal.h"

static const char pm_pidfile_name[] = "postmaster.pid";
/* Postmaster-written: whether we own the file, who we are, where the status line is. */
static pid_t pm_pidfile_owner;
static off_t pm_pidfile_status_off;

/*
 * ereport with the text of the current errno: captured first, because building the report
 * allocates and may change errno before the message is formatted.
 */
static void __attribute__((noreturn)) pm_lockfile_fail(const char *what, const char *path)
{
    const char *reason = strerror(errno);
    ereport(FATAL, err_code(SQLSTATE_IO_ERROR), err_msg("%s \"%s\": %s", what, path, reason));
}

/* Read the pid in an existing lock file; 0 if the file vanished meanwhile. FATAL if bogus. */
static pid_t
pm_lockfile_read_pid(const char *path)
{
    char buf[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        pm_lockfile_fail("could not open lock file", path);
    }
    ssize_t n = read(fd, buf, sizeof buf - 1);
    (void)close(fd); /* read-only */
    if (n <= 0)
        ereport(
            FATAL,
            err_code(SQLSTATE_IO_ERROR),
            err_msg("lock file \"%s\" is empty", path),
            err_hint(
                "Either another server is starting, or the lock file is the remnant of a previous server startup crash."));
    buf[n] = '\0';
    long pid = strtol(buf, NULL, 10);
    if (pid <= 0)
        ereport(FATAL,
                err_code(SQLSTATE_IO_ERROR),
                err_msg("bogus data in lock file \"%s\": \"%s\"", path, buf));
    return (pid_t)pid;
}

static bool
pm_pid_is_other_live_process(pid_t pid)
{
    if (pid == getpid() || pid == getppid())
        return false; /* invariant 4: a pid reused by us or our parent */
    return kill(pid, 0) == 0 || errno == EPERM;
}

void
pm_lockfile_create(const char *path, const char *contents, bool is_pidfile)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            size_t len = strlen(contents);
            if (write(fd, contents, len) != (ssize_t)len || fsync(fd) != 0) {
                int saved = errno;
                (void)close(fd);
                (void)unlink(path); /* half-written: better none than a bogus one */
                errno = saved;
                pm_lockfile_fail("could not write lock file", path);
            }
            if (close(fd) != 0)
                pm_lockfile_fail("could not write lock file", path);
            return;
        }
        if (errno != EEXIST)
            pm_lockfile_fail("could not create lock file", path);
        pid_t other = pm_lockfile_read_pid(path);
        if (other != 0 && pm_pid_is_other_live_process(other)) {
            if (is_pidfile)
                ereport(FATAL,
                        err_code(SQLSTATE_OBJECT_IN_USE),
                        err_msg("lock file \"%s\" already exists", path),
                        err_hint("Is another postmaster (PID %d) running in data directory \"%s\"?",
                                 (int)other,
                                 oak_settings.data_dir));
            ereport(FATAL,
                    err_code(SQLSTATE_OBJECT_IN_USE),
                    err_msg("lock file \"%s\" already exists", path),
                    err_hint("Is another postmaster (PID %d) using socket file \"%.*s\"?",
                             (int)other,
                             (int)(strlen(path) - 5),
                             path));
        }
        if (unlink(path) != 0 && errno != ENOENT)
            pm_lockfile_fail("could not remove old lock file", path);
    }
    ereport(FATAL,
            err_code(SQLSTATE_IO_ERROR),
            err_msg("could not create lock file \"%s\": too many attempts", path));
}

/* The first element of a comma list, trimmed. */
static void
pm_first_of_list(const char *list, char *out, size_t outlen)
{
    while (*list == ' ')
        list++;
    size_t n = strcspn(list, ",");
    while (n > 0 && list[n - 1] == ' ')
        n--;
    snprintf(out, outlen, "%.*s", (int)n, list);
}

void
pm_pidfile_create(void)
{
    char sockdir[256];
    char listen[256];
    char buf[2048];

    pm_first_of_list(oak_settings.unix_socket_directories, sockdir, sizeof sockdir);
    pm_first_of_list(oak_settings.listen_addresses, listen, sizeof listen);
    int head = snprintf(buf,
                        sizeof buf,
                        "%d\n%s\n%ld\n%d\n%s\n%s\n%9d %9d\n",
                        (int)getpid(),
                        oak_settings.data_dir,
                        (long)time(NULL),
                        oak_settings.port,
                        sockdir,
                        listen,
                        0,
                        0);
    snprintf(buf + head, sizeof buf - (size_t)head, "%-8s\n", "starting");
    pm_lockfile_create(pm_pidfile_name, buf, true);
    pm_pidfile_owner = getpid();
    pm_pidfile_status_off = head;
}

void
pm_pidfile_set_status(const char *status)
{
    char line[16];
    int fd = open(pm_pidfile_name, O_WRONLY | O_CLOEXEC);

    if (fd < 0) {
        elog_log(WARNING, "could not open file \"%s\": %s", pm_pidfile_name, strerror(errno));
        return;
    }
    int n = snprintf(line, sizeof line, "%-8s", status);
    if (pwrite(fd, line, (size_t)n, pm_pidfile_status_off) != n)
        elog_log(WARNING, "could not write file \"%s\": %s", pm_pidfile_name, strerror(errno));
    (void)close(fd); /* status only: oakctl keeps polling if it is not there */
}

void
pm_pidfile_remove(void)
{
    if (pm_pidfile_owner != 0 && pm_pidfile_owner == getpid()) /* invariant 5 */
        (void)unlink(pm_pidfile_name); /* at exit: nothing left to do if it fails */
}
