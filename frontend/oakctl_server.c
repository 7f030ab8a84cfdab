/*
 * oakctl_server.c
 *     `oakctl start`, `stop` and `status`: run oakd in the background, signal it through
 *     the pid in DATADIR/postmaster.pid, and watch that file's status line.
 *
 * start counts the server up when postmaster.pid names the process it launched and says
 * "ready"; stop counts it down when postmaster.pid is gone (the postmaster removes it last)
 * or the process no longer exists.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oakctl.h"

/* Append s to buf in single quotes for /bin/sh. */
static void
oakctl_shell_quote(char *buf, size_t buflen, const char *s)
{
    size_t n = strlen(buf);

    if (n + 1 < buflen)
        buf[n++] = '\'';
    for (; *s && n + 5 < buflen; s++) {
        if (*s == '\'') {
            memcpy(buf + n, "'\\''", 4);
            n += 4;
        } else
            buf[n++] = *s;
    }
    if (n + 1 < buflen)
        buf[n++] = '\'';
    buf[n] = '\0';
}

static bool
oakctl_process_alive(pid_t pid)
{
    return kill(pid, 0) == 0 || errno == EPERM;
}

/* Launch oakd in a new session, stdin from /dev/null, output appended to the log. */
static pid_t
oakctl_launch(const OakctlOptions *o, const char *log_file)
{
    char oakd[PATH_MAX];
    char cmd[8192] = "exec ";

    oakctl_find_oakd(oakd, sizeof oakd);
    oakctl_shell_quote(cmd, sizeof cmd, oakd);
    strncat(cmd, " -D ", sizeof cmd - strlen(cmd) - 1);
    oakctl_shell_quote(cmd, sizeof cmd, o->data_dir);
    if (o->oakd_opts) {
        strncat(cmd, " ", sizeof cmd - strlen(cmd) - 1);
        strncat(cmd, o->oakd_opts, sizeof cmd - strlen(cmd) - 1); /* shell words, as pg_ctl -o */
    }
    strncat(cmd, " < /dev/null >> ", sizeof cmd - strlen(cmd) - 1);
    oakctl_shell_quote(cmd, sizeof cmd, log_file);
    strncat(cmd, " 2>&1", sizeof cmd - strlen(cmd) - 1);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "oakctl: could not fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        (void)setsid(); /* detach from the terminal: ^C there must not reach the server */
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

int
oakctl_start(const OakctlOptions *o)
{
    char log_file[PATH_MAX];
    char status[32];
    pid_t old;

    if (oakctl_read_pidfile(o->data_dir, &old, status, sizeof status) == 0 &&
        oakctl_process_alive(old))
        fprintf(stderr, "oakctl: another server might be running; trying to start server anyway\n");
    if (o->log_file)
        snprintf(log_file, sizeof log_file, "%s", o->log_file);
    else
        snprintf(log_file, sizeof log_file, "%s/oakd.log", o->data_dir);
    pid_t pid = oakctl_launch(o, log_file);
    if (pid < 0)
        return 1;
    if (!o->wait) {
        printf("server starting\n");
        return 0;
    }
    printf("waiting for server to start...");
    fflush(stdout);
    for (int tick = 0; tick < o->timeout_s * 10; tick++) {
        pid_t got;
        int wstatus;
        if (waitpid(pid, &wstatus, WNOHANG) == pid) {
            printf(" stopped waiting\n");
            fprintf(stderr,
                    "oakctl: could not start server\nExamine the log output in \"%s\".\n",
                    log_file);
            return 1;
        }
        if (oakctl_read_pidfile(o->data_dir, &got, status, sizeof status) == 0 && got == pid &&
            strcmp(status, "ready") == 0) {
            printf(" done\nserver started\n");
            return 0;
        }
        if (tick % 10 == 9) {
            printf(".");
            fflush(stdout);
        }
        oakctl_nap();
    }
    printf(" stopped waiting\n");
    fprintf(stderr,
            "oakctl: server did not start in time (it may still be starting; see \"%s\")\n",
            log_file);
    return 1;
}

static int
oakctl_stop_signal(const char *mode, int *sig)
{
    const char *m = mode ? mode : "fast";
    size_t n = strlen(m);

    if (n > 0 && strncmp(m, "smart", n) == 0)
        *sig = SIGTERM;
    else if (n > 0 && strncmp(m, "fast", n) == 0)
        *sig = SIGINT;
    else if (n > 0 && strncmp(m, "immediate", n) == 0)
        *sig = SIGQUIT;
    else {
        fprintf(stderr, "oakctl: unrecognized shutdown mode \"%s\"\n", m);
        return -1;
    }
    return 0;
}

int
oakctl_stop(const OakctlOptions *o)
{
    char status[32];
    pid_t pid;
    int sig;

    if (oakctl_stop_signal(o->stop_mode, &sig) != 0)
        return 1;
    if (oakctl_read_pidfile(o->data_dir, &pid, status, sizeof status) != 0) {
        fprintf(stderr,
                "oakctl: PID file \"%s/postmaster.pid\" does not exist\nIs server running?\n",
                o->data_dir);
        return 1;
    }
    if (kill(pid, sig) != 0) {
        fprintf(stderr,
                "oakctl: could not send stop signal (PID: %d): %s\n",
                (int)pid,
                strerror(errno));
        return 1;
    }
    if (!o->wait) {
        printf("server shutting down\n");
        return 0;
    }
    printf("waiting for server to shut down...");
    fflush(stdout);
    for (int tick = 0; tick < o->timeout_s * 10; tick++) {
        pid_t now;
        if (oakctl_read_pidfile(o->data_dir, &now, status, sizeof status) != 0 || now != pid ||
            !oakctl_process_alive(pid)) {
            printf(" done\nserver stopped\n");
            return 0;
        }
        if (tick % 10 == 9) {
            printf(".");
            fflush(stdout);
        }
        oakctl_nap();
    }
    printf(" failed\n");
    fprintf(stderr, "oakctl: server does not shut down\n");
    return 1;
}

int
oakctl_status(const OakctlOptions *o)
{
    char status[32];
    char path[PATH_MAX];
    char cmdline[4096];
    pid_t pid;
    struct stat st;

    if (stat(o->data_dir, &st) != 0) {
        fprintf(stderr,
                "oakctl: directory \"%s\" is not accessible: %s\n",
                o->data_dir,
                strerror(errno));
        return 4; /* pg_ctl's code for an inaccessible data directory */
    }
    if (oakctl_read_pidfile(o->data_dir, &pid, status, sizeof status) != 0 ||
        !oakctl_process_alive(pid)) {
        printf("oakctl: no server running\n");
        return OAKCTL_EXIT_NOT_RUNNING;
    }
    printf("oakctl: server is running (PID: %d)\n", (int)pid);
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        size_t n = fread(cmdline, 1, sizeof cmdline - 1, f);
        (void)fclose(f); /* read-only */
        for (size_t i = 0; i + 1 < n; i++)
            if (cmdline[i] == '\0')
                cmdline[i] = ' ';
        cmdline[n] = '\0';
        if (n > 0)
            printf("%s\n", cmdline);
    }
    return 0;
}
