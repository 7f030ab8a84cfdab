/*
 * postmaster.c
 *     The postmaster: start-up (lock file, sockets, shared memory, the startup process),
 *     the main loop (accept and fork backends, reap children), crash-restart, and the
 *     three shutdown modes.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. Signal handlers set a flag and write one byte to a self-pipe; everything else
 *      happens in the main loop, which polls the pipe with the listen sockets.
 *   2. Shared memory exists before any child is forked and is re-created only when no
 *      child is left: after a crash every other child gets SIGQUIT (SIGKILL after
 *      PM_KILL_AFTER_S) and the loop waits for all of them before shm_destroy().
 *   3. A backend exiting 0 or 1 (FATAL) is normal; any other exit code, any signal death,
 *      and any unrequested exit of an auxiliary process (startup, checkpointer, autovacuum)
 *      is a crash. Autovacuum is asked to stop (SIGTERM) as shutdown begins, and the
 *      shutdown checkpoint waits for it as for the backends.
 *   4. Connections are admitted only in PM_RUN; in other states a backend is forked to
 *      read the startup packet and refuse the client with PostgreSQL's message (57P03 /
 *      53300), so cancel requests still work and clients learn why.
 *
 * Not here: sockets (pm_sockets.c), lock files (pm_pidfile.c), the cancel table
 * (pm_cancel.c), the backend itself (backend/tcop).
 */
#include "oak/oak.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oak/postmaster/autovacuum.h"
#include "oak/postmaster/postmaster.h"
#include "oak/storage/ipc.h"
#include "oak/tcop/tcop.h"
#include "oak/utils/guc.h"
#include "pm_internal.h"

enum { PM_KILL_AFTER_S = 5, PM_EXTRA_CHILDREN = 10 };

typedef enum PmState {
    PM_STARTUP,           /* startup process running (first start or after a crash) */
    PM_RUN,               /* accepting connections */
    PM_WAIT_BACKENDS,     /* shutdown requested: waiting for backends to leave */
    PM_WAIT_CHECKPOINTER, /* shutdown checkpoint requested (SIGUSR2) */
    PM_WAIT_DEAD,         /* crash or immediate shutdown: waiting for every child to die */
} PmState;

typedef enum PmShutdown { PM_NO_SHUTDOWN, PM_SMART, PM_FAST, PM_IMMEDIATE } PmShutdown;

typedef struct PmChild {
    pid_t pid;     /* 0 = free entry; the index is also the cancel-table slot */
    bool dead_end; /* forked only to refuse its client */
} PmChild;

/* Everything below is postmaster-local (children get a copy they do not use). */
static pid_t pm_pid;
static PmState pm_state;
static PmShutdown pm_shutdown;
static bool pm_in_crash_recovery; /* the startup process now running follows a crash */
static bool pm_fatal_exit;        /* exit once every child is gone (startup failed) */
static time_t pm_quit_sent_at;    /* when SIGQUIT went out in PM_WAIT_DEAD, 0 = SIGKILL sent */
static pid_t pm_startup_pid;
static pid_t pm_checkpointer_pid;
static pid_t pm_autovacuum_pid; /* 0: not running (autovacuum = off, or stopped) */
static PmChild *pm_children;
static int pm_max_children;
static int pm_self_pipe[2] = {-1, -1};

/* Set by signal handlers only (invariant 1). */
static volatile sig_atomic_t pm_got_sigchld;
static volatile sig_atomic_t pm_got_sighup;
static volatile sig_atomic_t pm_got_shutdown; /* highest PmShutdown requested */

static void
pm_wake(void)
{
    int saved = errno;
    ssize_t n = write(pm_self_pipe[1], "x", 1);
    (void)n; /* a full pipe already holds a wake-up */
    errno = saved;
}

static void
pm_handle_signal(int sig)
{
    switch (sig) {
    case SIGCHLD:
        pm_got_sigchld = 1;
        break;
    case SIGHUP:
        pm_got_sighup = 1;
        break;
    case SIGTERM:
        if (pm_got_shutdown < PM_SMART)
            pm_got_shutdown = PM_SMART;
        break;
    case SIGINT:
        if (pm_got_shutdown < PM_FAST)
            pm_got_shutdown = PM_FAST;
        break;
    case SIGQUIT:
        pm_got_shutdown = PM_IMMEDIATE;
        break;
    }
    pm_wake();
}

static void
pm_set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigfillset(&sa.sa_mask); /* handlers never interrupt each other */
    sa.sa_flags = SA_RESTART;
    if (sigaction(sig, &sa, NULL) != 0)
        ereport(FATAL, err_code(SQLSTATE_INTERNAL_ERROR), err_msg("sigaction failed"));
}

static void
pm_signals_setup(void)
{
    if (pipe2(pm_self_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        ereport(FATAL, err_code(SQLSTATE_INTERNAL_ERROR), err_msg("could not create self-pipe"));
    pm_set_handler(SIGCHLD, pm_handle_signal);
    pm_set_handler(SIGHUP, pm_handle_signal);
    pm_set_handler(SIGTERM, pm_handle_signal);
    pm_set_handler(SIGINT, pm_handle_signal);
    pm_set_handler(SIGQUIT, pm_handle_signal);
    pm_set_handler(SIGPIPE, SIG_IGN);
    pm_set_handler(SIGUSR1, SIG_IGN);
    pm_set_handler(SIGUSR2, SIG_IGN);
}

/* Exit hook: lock files and sockets go with the postmaster, never with a child. */
static void
pm_on_exit(void)
{
    if (getpid() != pm_pid)
        return;
    pm_sockets_remove();
    pm_pidfile_remove();
}

/* SIGQUIT in a child: stop at once, run no exit hooks (shared memory may be corrupt). */
static void
pm_child_quickdie(int sig)
{
    _exit(2);
}

/* In a freshly forked child: drop the postmaster's signals, pipe and sockets. */
static void
pm_child_setup(const char *role, const char *title)
{
    static const int sigs[] = {SIGCHLD, SIGHUP, SIGTERM, SIGINT, SIGPIPE, SIGUSR1, SIGUSR2};

    for (size_t i = 0; i < OAK_LENGTHOF(sigs); i++)
        (void)signal(sigs[i], SIG_DFL); /* valid signal numbers: cannot fail */
    (void)signal(SIGQUIT, pm_child_quickdie);
    /* Children die with the postmaster; the check closes the race with its exit. */
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != pm_pid)
        _exit(1);
    (void)close(pm_self_pipe[0]);
    (void)close(pm_self_pipe[1]);
    pm_listen_close();
    err_process_name = role;
    pm_set_title("oakd: %s", title);
}

static pid_t
pm_fork(void)
{
    pid_t pid = fork();
    if (pid < 0)
        elog_log(LOG, "could not fork new process: %s", strerror(errno));
    return pid;
}

static void
pm_start_startup(void)
{
    pid_t pid = pm_fork();
    if (pid == 0) {
        pm_child_setup("startup", "startup");
        storage_startup_recovery();
        oak_proc_exit(0);
    }
    if (pid < 0)
        ereport(FATAL,
                err_code(SQLSTATE_INTERNAL_ERROR),
                err_msg("could not fork startup process"));
    pm_startup_pid = pid;
    pm_state = PM_STARTUP;
}

/*
 * The checkpointer is forked with SIGUSR2 blocked and unblocks it once its handler is in
 * place: a shutdown request sent right after the fork (a fast stop during crash recovery)
 * stays pending instead of meeting the inherited SIG_IGN and being lost.
 */
static void
pm_start_checkpointer(void)
{
    sigset_t usr2;
    sigset_t old;

    (void)sigemptyset(&usr2);
    (void)sigaddset(&usr2, SIGUSR2);
    (void)sigprocmask(SIG_BLOCK, &usr2, &old); /* valid arguments: cannot fail */
    pid_t pid = pm_fork();
    if (pid == 0) {
        pm_child_setup("checkpointer", "checkpointer");
        checkpointer_main();
    }
    (void)sigprocmask(SIG_SETMASK, &old, NULL);
    pm_checkpointer_pid = pid > 0 ? pid : 0; /* a failed fork is retried by the crash path */
}

/* Autovacuum is optional: a failed fork is logged and the server runs without it. */
static void
pm_start_autovacuum(void)
{
    if (!oak_settings.autovacuum || pm_shutdown != PM_NO_SHUTDOWN)
        return;
    pid_t pid = pm_fork();
    if (pid == 0) {
        pm_child_setup("autovacuum", "autovacuum");
        av_main();
    }
    pm_autovacuum_pid = pid > 0 ? pid : 0;
}

static int32_t
pm_random_key(void)
{
    int32_t key;

    if (getrandom(&key, sizeof key, 0) != (ssize_t)sizeof key)
        key = (int32_t)(time(NULL) ^ (getpid() << 16) ^ rand());
    return key;
}

static int
pm_count_backends(bool live_only)
{
    int n = 0;
    for (int i = 0; i < pm_max_children; i++)
        if (pm_children[i].pid != 0 && !(live_only && pm_children[i].dead_end))
            n++;
    return n;
}

/* Invariant 4: what the new backend must tell its client. */
static PmReject
pm_reject_reason(void)
{
    switch (pm_state) {
    case PM_STARTUP:
        return pm_in_crash_recovery ? PM_REJECT_RECOVERY : PM_REJECT_STARTING;
    case PM_RUN:
        return pm_count_backends(true) >= oak_settings.max_connections ? PM_REJECT_TOO_MANY
                                                                       : PM_REJECT_NONE;
    default:
        return PM_REJECT_SHUTDOWN;
    }
}

static void
pm_start_backend(int listen_index)
{
    PmBackendStart start;
    int slot = -1;

    if (!pm_accept(listen_index, &start.port))
        return;
    for (int i = 0; i < pm_max_children && slot < 0; i++)
        if (pm_children[i].pid == 0)
            slot = i;
    if (slot < 0) { /* far beyond max_connections: not even a refusal is affordable */
        elog_log(LOG, "could not fork new process for connection: too many child processes");
        (void)close(start.port.sock);
        return;
    }
    start.cancel_key = pm_random_key();
    start.reject = pm_reject_reason();
    pid_t pid = pm_fork();
    if (pid == 0) {
        pm_child_setup("backend", "backend starting");
        tcop_backend_main(&start);
    }
    (void)close(start.port.sock); /* the child has its copy; ours has nothing buffered */
    if (pid < 0)
        return;
    pm_children[slot].pid = pid;
    pm_children[slot].dead_end = start.reject != PM_REJECT_NONE;
    pm_cancel_publish(slot, pid, start.cancel_key);
}

static void
pm_signal_children(int sig, bool backends, bool aux)
{
    if (backends)
        for (int i = 0; i < pm_max_children; i++)
            if (pm_children[i].pid != 0)
                (void)kill(pm_children[i].pid, sig); /* ESRCH: already gone, reaped soon */
    if (aux && pm_startup_pid != 0)
        (void)kill(pm_startup_pid, sig);
    if (aux && pm_checkpointer_pid != 0)
        (void)kill(pm_checkpointer_pid, sig);
    if (aux && pm_autovacuum_pid != 0)
        (void)kill(pm_autovacuum_pid, sig);
}

static void
pm_log_exit(const char *what, pid_t pid, int status)
{
    if (WIFSIGNALED(status))
        elog_log(LOG,
                 "%s (PID %d) was terminated by signal %d: %s",
                 what,
                 (int)pid,
                 WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        elog_log(LOG, "%s (PID %d) exited with exit code %d", what, (int)pid, WEXITSTATUS(status));
}

/* Invariant 2: a child crashed; stop every other one. */
static void
pm_crash(const char *what, pid_t pid, int status)
{
    if (pm_state == PM_WAIT_DEAD)
        return; /* one of the children we stopped: expected */
    pm_log_exit(what, pid, status);
    elog_log(LOG, "terminating any other active server processes");
    pm_signal_children(SIGQUIT, true, true);
    pm_state = PM_WAIT_DEAD;
    pm_quit_sent_at = time(NULL);
    pm_pidfile_set_status("stopping");
}

static void
pm_startup_exited(pid_t pid, int status)
{
    pm_startup_pid = 0;
    if (pm_state == PM_WAIT_DEAD)
        return;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        pm_log_exit("startup process", pid, status);
        elog_log(LOG, "aborting startup due to startup process failure");
        pm_fatal_exit = true;
        pm_signal_children(SIGQUIT, true, true);
        pm_state = PM_WAIT_DEAD;
        pm_quit_sent_at = time(NULL);
        return;
    }
    pm_start_checkpointer();
    if (pm_checkpointer_pid == 0) {
        pm_fatal_exit = true;
        pm_state = PM_WAIT_DEAD;
        return;
    }
    pm_start_autovacuum();
    pm_in_crash_recovery = false;
    if (pm_state == PM_STARTUP) {
        pm_state = PM_RUN;
        pm_pidfile_set_status("ready");
        elog_log(LOG, "database system is ready to accept connections");
    }
}

static void
pm_child_exited(pid_t pid, int status)
{
    if (pid == pm_startup_pid) {
        pm_startup_exited(pid, status);
        return;
    }
    if (pid == pm_checkpointer_pid) {
        pm_checkpointer_pid = 0;
        if (pm_state == PM_WAIT_CHECKPOINTER && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            elog_log(LOG, "database system is shut down");
            oak_proc_exit(0);
        }
        pm_crash("checkpointer process", pid, status);
        return;
    }
    if (pid == pm_autovacuum_pid) {
        pm_autovacuum_pid = 0;
        /* Exit 0 after the postmaster's SIGTERM (shutdown) is the one normal end. */
        if (pm_shutdown != PM_NO_SHUTDOWN && WIFEXITED(status) && WEXITSTATUS(status) == 0)
            return;
        pm_crash("autovacuum process", pid, status);
        return;
    }
    for (int i = 0; i < pm_max_children; i++) {
        if (pm_children[i].pid != pid)
            continue;
        pm_children[i].pid = 0;
        pm_cancel_clear(i);
        if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) /* invariant 3 */
            pm_crash("server process", pid, status);
        return;
    }
}

static void
pm_reap_children(void)
{
    int status;
    pid_t pid;

    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        pm_child_exited(pid, status);
}

static void
pm_handle_shutdown_request(void)
{
    PmShutdown req = (PmShutdown)pm_got_shutdown;

    if (req <= pm_shutdown)
        return;
    pm_shutdown = req;
    if (req == PM_IMMEDIATE) {
        elog_log(LOG, "received immediate shutdown request");
        pm_signal_children(SIGQUIT, true, true);
        pm_state = PM_WAIT_DEAD;
        pm_quit_sent_at = time(NULL);
        pm_pidfile_set_status("stopping");
        return;
    }
    elog_log(LOG, "received %s shutdown request", req == PM_FAST ? "fast" : "smart");
    if (pm_autovacuum_pid != 0)
        (void)kill(pm_autovacuum_pid, SIGTERM); /* stops between leaves; ESRCH: reaped soon */
    if (pm_state == PM_STARTUP || pm_state == PM_RUN) {
        pm_state = PM_WAIT_BACKENDS;
        pm_pidfile_set_status("stopping");
    }
    if (req == PM_FAST && pm_state == PM_WAIT_BACKENDS) {
        elog_log(LOG, "aborting any active transactions");
        pm_signal_children(SIGTERM, true, false);
    }
}

/* All children gone after a crash: re-create shared memory and recover (invariant 2). */
static void
pm_reinitialize(void)
{
    elog_log(LOG, "all server processes terminated; reinitializing");
    shm_destroy();
    shm_create();
    pm_cancel_clear_all();
    pm_in_crash_recovery = true;
    pm_start_startup();
}

/* Move the state machine on once the children it waits for are gone. */
static void
pm_advance_state(void)
{
    bool no_backends = pm_count_backends(false) == 0;

    if (pm_state == PM_WAIT_BACKENDS && no_backends && pm_startup_pid == 0 &&
        pm_autovacuum_pid == 0) {
        if (pm_checkpointer_pid == 0) {
            elog_log(LOG, "database system is shut down");
            oak_proc_exit(0);
        }
        elog_log(LOG, "shutting down");
        (void)kill(pm_checkpointer_pid, SIGUSR2); /* ESRCH: its exit is reaped as a crash */
        pm_state = PM_WAIT_CHECKPOINTER;
    }
    if (pm_state != PM_WAIT_DEAD)
        return;
    if (no_backends && pm_startup_pid == 0 && pm_checkpointer_pid == 0 && pm_autovacuum_pid == 0) {
        if (pm_fatal_exit || pm_shutdown == PM_SMART || pm_shutdown == PM_FAST) {
            elog_log(LOG, "database system is shut down");
            oak_proc_exit(1);
        }
        if (pm_shutdown == PM_IMMEDIATE) {
            elog_log(LOG, "database system is shut down");
            oak_proc_exit(0);
        }
        pm_reinitialize();
        return;
    }
    if (pm_quit_sent_at != 0 && time(NULL) - pm_quit_sent_at >= PM_KILL_AFTER_S) {
        elog_log(LOG, "issuing SIGKILL to recalcitrant children");
        pm_signal_children(SIGKILL, true, true);
        pm_quit_sent_at = 0;
    }
}

static void
pm_reload(void)
{
    char err[1024];

    elog_log(LOG, "received SIGHUP, reloading configuration files");
    if (hba_load("oak_hba.conf", err, sizeof err) != 0)
        elog_log(LOG, "%s; oak_hba.conf was not reloaded", err);
    elog_log(LOG, "oakdb.conf is read only at server start; restart to apply changes to it");
}

static void
pm_drain_pipe(void)
{
    char buf[64];
    while (read(pm_self_pipe[0], buf, sizeof buf) > 0)
        continue;
}

static void __attribute__((noreturn)) pm_server_loop(void)
{
    struct pollfd fds[PM_MAX_LISTEN + 1];

    for (;;) {
        bool accepting =
            pm_state == PM_STARTUP || pm_state == PM_RUN || pm_state == PM_WAIT_BACKENDS;
        int nfds = 1;
        fds[0] = (struct pollfd){.fd = pm_self_pipe[0], .events = POLLIN};
        for (int i = 0; accepting && i < pm_nlisten; i++)
            fds[nfds++] = (struct pollfd){.fd = pm_listen_fds[i], .events = POLLIN};
        int rc = poll(fds, (nfds_t)nfds, pm_state == PM_WAIT_DEAD ? 1000 : -1);
        if (rc < 0 && errno != EINTR)
            ereport(FATAL, err_code(SQLSTATE_INTERNAL_ERROR), err_msg("poll failed in postmaster"));
        pm_drain_pipe();
        if (pm_got_sighup) {
            pm_got_sighup = 0;
            pm_reload();
        }
        if (pm_got_shutdown != PM_NO_SHUTDOWN)
            pm_handle_shutdown_request();
        if (pm_got_sigchld) {
            pm_got_sigchld = 0;
            pm_reap_children();
        }
        for (int i = 1; rc > 0 && i < nfds; i++)
            if (fds[i].revents & POLLIN)
                pm_start_backend(i - 1);
        pm_advance_state();
    }
}

static void
pm_check_settings(void)
{
    char err[1024];

    /* Backends inherit the TLS context through fork (backend/libpq invariant 7). */
    if (oak_settings.ssl &&
        pq_ssl_init(oak_settings.ssl_cert_file, oak_settings.ssl_key_file, err, sizeof err) != 0)
        ereport(FATAL, err_code(SQLSTATE_CONFIG_FILE_ERROR), err_msg("%s", err));
    if (hba_load("oak_hba.conf", err, sizeof err) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_CONFIG_FILE_ERROR),
                err_msg("could not load oak_hba.conf"),
                err_detail("%s", err));
}

/* The cancel table gets its own mapping, made once, inherited by every child. */
static void
pm_cancel_table_create(void)
{
    size_t size = pm_shm_size(pm_max_children);
    void *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (base == MAP_FAILED)
        ereport(FATAL,
                err_code(SQLSTATE_OUT_OF_MEMORY),
                err_msg("could not map shared memory segment of %zu bytes", size));
    pm_shm_init(base, pm_max_children);
}

int
pm_main(void)
{
    pm_pid = getpid();
    err_process_name = "postmaster";
    elog_log(LOG, "starting %s", OAK_VERSION_STRING);
    pm_check_settings();
    pm_pidfile_create();
    err_on_exit(pm_on_exit);
    pm_signals_setup();
    pm_listen_open();
    pm_max_children = 2 * oak_settings.max_connections + PM_EXTRA_CHILDREN;
    pm_children = mcx_alloc0_in(mcx_top, sizeof(PmChild) * (size_t)pm_max_children);
    pm_cancel_table_create();
    shm_create(); /* invariant 2: before the first fork */
    pm_set_title("oakd: postmaster -D %s", oak_settings.data_dir);
    pm_start_startup();
    pm_server_loop();
}
