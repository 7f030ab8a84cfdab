/*
 * oakctl.h
 *     What oakctl's files share. oakctl is a frontend tool: plain libc, no backend
 *     library; functions return 0 or a nonzero exit code after printing to stderr.
 */
#ifndef OAKCTL_H
#define OAKCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Exit code of `oakctl status` when no server runs (pg_ctl's). */
#define OAKCTL_EXIT_NOT_RUNNING 3

typedef struct OakctlOptions {
    const char *data_dir;      /* -D */
    const char *user;          /* -U (init) */
    const char *database;      /* -d (init): an extra database to create */
    const char *auth_local;    /* -A / --auth-local (init): oak_hba.conf method for local */
    const char *auth_host;     /* -A / --auth-host (init): method for 127.0.0.1 and ::1 */
    const char *pwfile;        /* --pwfile (init): the superuser's password, first line */
    const char *pw_encryption; /* --password-encryption (init): scram-sha-256 or md5 */
    bool ssl;                  /* -S / --ssl (init): self-signed pair and ssl = on */
    const char *log_file;      /* -l (start) */
    const char *oakd_opts;     /* -o (start) */
    const char *stop_mode;     /* -m (stop) */
    bool wait;                 /* -w / -W */
    int timeout_s;             /* -t */
} OakctlOptions;

int oakctl_init(const OakctlOptions *o);
int oakctl_start(const OakctlOptions *o);
int oakctl_stop(const OakctlOptions *o);
int oakctl_status(const OakctlOptions *o);
/* Check checksums and B+ trees offline: 0 clean, 1 problems (or server running), 2 error. */
int oakctl_verify(const OakctlOptions *o);

/* Write DIR/server.key and a self-signed DIR/server.crt; 0 or -1 (message printed). */
int oakctl_ssl_make_pair(const char *dir);

/* Path of the oakd executable: beside this oakctl, else "oakd" for a PATH search. */
void oakctl_find_oakd(char *out, size_t outlen);
/*
 * Read DATADIR/postmaster.pid: the pid (line 1) and the status (line 8, may be empty).
 * Returns 0, or -1 if the file does not exist or cannot be parsed.
 */
int oakctl_read_pidfile(const char *data_dir, pid_t *pid, char *status, size_t statuslen);
/* Sleep a tenth of a second (the polling step of start and stop). */
void oakctl_nap(void);

#endif /* OAKCTL_H */
