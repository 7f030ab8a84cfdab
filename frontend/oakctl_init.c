/*
 * oakctl_init.c
 *     `oakctl init -D DIR [-U NAME] [-A METHOD] [--pwfile FILE] [-S]`: make a new data
 *     directory (absent or empty), write oakdb.conf and oak_hba.conf (with the chosen
 *     authentication methods), optionally a self-signed TLS pair (oakctl_ssl.c), and run
 *     `oakd --boot` to create the storage and catalog, with the superuser's password
 *     verifier when --pwfile gave one.
 *
 * On failure the data directory is left as it was found: removed if init created it,
 * emptied if it existed empty.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oak/libpq/crypt.h"
#include "oakctl.h"

static const char oakctl_conf_text[] =
    "# oakdb.conf: OakDB server settings (PostgreSQL's names, units and syntax).\n"
    "# Uncomment and edit; a later line overrides an earlier one. The values shown\n"
    "# are the built-in defaults.\n"
    "\n"
    "#listen_addresses = 'localhost'   # comma list of addresses, or '*'\n"
    "#port = 5432\n"
    "#unix_socket_directories = '/tmp'\n"
    "#max_connections = 100\n"
    "#authentication_timeout = 1min\n"
    "#ssl = off                        # on needs server.crt and server.key\n"
    "#ssl_cert_file = 'server.crt'\n"
    "#ssl_key_file = 'server.key'\n"
    "\n"
    "#shared_buffers = 128MB\n"
    "#work_mem = 4MB\n"
    "\n"
    "#wal_level = replica\n"
    "#fsync = on\n"
    "#synchronous_commit = on\n"
    "#full_page_writes = on\n"
    "#wal_buffers = 4MB\n"
    "#checkpoint_timeout = 5min\n"
    "#max_wal_size = 1GB\n"
    "#checkpoint_completion_target = 0.9  # spread a checkpoint's writes over this much of it\n"
    "\n"
    "#autovacuum = on\n"
    "#autovacuum_naptime = 1min\n"
    "#deadlock_timeout = 1s\n"
    "#password_encryption = scram-sha-256\n"
    "#timezone = 'UTC'\n"
    "#log_min_messages = warning\n";

/* oak_hba.conf; %s: the method for local connections, then twice the one for localhost. */
static const char oakctl_hba_format[] =
    "# oak_hba.conf: client authentication, in pg_hba.conf's format. The first line\n"
    "# that matches a connection decides. Methods: trust, reject, password, md5,\n"
    "# scram-sha-256. Types: local, host, hostssl, hostnossl.\n"
    "#\n"
    "# TYPE  DATABASE        USER            ADDRESS                 METHOD\n"
    "local   all             all                                     %s\n"
    "host    all             all             127.0.0.1/32            %s\n"
    "host    all             all             ::1/128                 %s\n";

static bool
oakctl_is_password_method(const char *m)
{
    return strcmp(m, "password") == 0 || strcmp(m, "md5") == 0 || strcmp(m, "scram-sha-256") == 0;
}

static int
oakctl_check_method(const char *m)
{
    if (strcmp(m, "trust") == 0 || strcmp(m, "reject") == 0 || oakctl_is_password_method(m))
        return 0;
    fprintf(stderr,
            "oakctl: invalid authentication method \"%s\"\n"
            "Valid methods are trust, reject, password, md5 and scram-sha-256.\n",
            m);
    return -1;
}

/*
 * Check the authentication options; with --pwfile, put the superuser's verifier in
 * verifier (empty without). 0, or -1 after a message.
 */
static int
oakctl_prepare_password(const OakctlOptions *o, const char *user, char *verifier, size_t len)
{
    char line[1024];

    verifier[0] = '\0';
    if (oakctl_check_method(o->auth_local ? o->auth_local : "trust") != 0 ||
        oakctl_check_method(o->auth_host ? o->auth_host : "trust") != 0)
        return -1;
    const char *enc = o->pw_encryption ? o->pw_encryption : "scram-sha-256";
    if (strcmp(enc, "scram-sha-256") != 0 && strcmp(enc, "md5") != 0) {
        fprintf(stderr, "oakctl: invalid password encryption \"%s\"\n", enc);
        return -1;
    }
    if (o->pwfile == NULL) {
        if ((o->auth_local && oakctl_is_password_method(o->auth_local)) ||
            (o->auth_host && oakctl_is_password_method(o->auth_host))) {
            fprintf(
                stderr,
                "oakctl: must specify a password for the superuser to enable password authentication\n");
            return -1;
        }
        return 0;
    }
    FILE *f = fopen(o->pwfile, "r");
    if (f == NULL) {
        fprintf(stderr,
                "oakctl: could not open file \"%s\" for reading: %s\n",
                o->pwfile,
                strerror(errno));
        return -1;
    }
    bool got = fgets(line, sizeof line, f) != NULL;
    (void)fclose(f); /* read-only */
    line[got ? strcspn(line, "\r\n") : 0] = '\0';
    if (line[0] == '\0') {
        fprintf(stderr, "oakctl: password file \"%s\" is empty\n", o->pwfile);
        return -1;
    }
    int rc = strcmp(enc, "md5") == 0 ? pq_md5_make_verifier(line, user, verifier)
                                     : pq_scram_make_verifier(line, verifier, len);
    memset(line, 0, sizeof line);
    if (rc != 0)
        fprintf(stderr, "oakctl: could not compute the password verifier\n");
    return rc;
}

static int oakctl_write_file(const char *dir, const char *name, const char *text);

/* oakdb.conf: the commented defaults, then what the options turned on. */
static int
oakctl_write_conf(const char *dir, const OakctlOptions *o)
{
    char text[sizeof oakctl_conf_text + 256];

    snprintf(text,
             sizeof text,
             "%s%s%s",
             oakctl_conf_text,
             o->ssl ? "\nssl = on\n" : "",
             o->pw_encryption && strcmp(o->pw_encryption, "md5") == 0
                 ? "\npassword_encryption = md5\n"
                 : "");
    return oakctl_write_file(dir, "oakdb.conf", text);
}

static int
oakctl_write_hba(const char *dir, const OakctlOptions *o)
{
    char text[sizeof oakctl_hba_format + 64];
    const char *host = o->auth_host ? o->auth_host : "trust";

    snprintf(text,
             sizeof text,
             oakctl_hba_format,
             o->auth_local ? o->auth_local : "trust",
             host,
             host);
    return oakctl_write_file(dir, "oak_hba.conf", text);
}

/* 1 if dir exists and is empty, 0 if absent, -1 (message printed) otherwise. */
static int
oakctl_check_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (d == NULL) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "oakctl: could not access directory \"%s\": %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            (void)closedir(d);
            fprintf(
                stderr,
                "oakctl: directory \"%s\" exists but is not empty\n"
                "If you want to create a new cluster, remove or empty it, or use another directory.\n",
                dir);
            return -1;
        }
    }
    (void)closedir(d);
    return 1;
}

/* mkdir -p with mode 0700 for the last component. */
static int
oakctl_mkdir_p(const char *dir)
{
    char path[PATH_MAX];

    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0700);
}

static int
oakctl_write_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
        fprintf(stderr, "oakctl: could not write file \"%s\": %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int
oakctl_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    if (ftw->level > 0)     /* the data directory itself is handled by the caller */
        (void)remove(path); /* best effort: report below if the directory stays */
    return 0;
}

static void
oakctl_cleanup(const char *dir, bool created)
{
    (void)nftw(dir, oakctl_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (created && rmdir(dir) != 0)
        fprintf(stderr,
                "oakctl: could not remove data directory \"%s\": %s\n",
                dir,
                strerror(errno));
    else
        fprintf(stderr, "oakctl: removed the contents of data directory \"%s\"\n", dir);
}

/* Run oakd --boot; returns its exit code (or 1 if it could not run). */
static int
oakctl_run_boot(const char *dir, const char *user, const char *database)
{
    char oakd[PATH_MAX];
    int status;

    oakctl_find_oakd(oakd, sizeof oakd);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "oakctl: could not fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        char *args[] = {oakd, "--boot", "-D", (char *)dir, "-U", (char *)user, NULL, NULL, NULL};
        if (database != NULL) {
            args[6] = "-d";
            args[7] = (char *)database;
        }
        execvp(oakd, args);
        fprintf(stderr, "oakctl: could not execute \"%s\": %s\n", oakd, strerror(errno));
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    fprintf(stderr, "oakctl: oakd --boot was terminated by signal %d\n", WTERMSIG(status));
    return 1;
}

int
oakctl_init(const OakctlOptions *o)
{
    const char *user = o->user;
    const char *dir = o->data_dir;

    if (user == NULL) {
        struct passwd *pw = getpwuid(geteuid());
        if (pw == NULL) {
            fprintf(stderr, "oakctl: could not find the current user's name; use -U\n");
            return 1;
        }
        user = pw->pw_name;
    }
    char verifier[PQ_SCRAM_VERIFIER_MAX];
    if (oakctl_prepare_password(o, user, verifier, sizeof verifier) != 0)
        return 1;
    int exists = oakctl_check_dir(dir);
    if (exists < 0)
        return 1;
    if (exists == 0 && oakctl_mkdir_p(dir) != 0) {
        fprintf(stderr, "oakctl: could not create directory \"%s\": %s\n", dir, strerror(errno));
        return 1;
    }
    if (exists == 1 && chmod(dir, 0700) != 0) {
        fprintf(stderr,
                "oakctl: could not change permissions of \"%s\": %s\n",
                dir,
                strerror(errno));
        return 1;
    }
    printf("The files of this cluster will be owned by the database superuser \"%s\".\n", user);
    printf("Creating the cluster in \"%s\" ... ", dir);
    fflush(stdout);
    /* The verifier goes to oakd --boot in its environment, not in ps-visible argv. */
    if (verifier[0] != '\0' && setenv("OAK_BOOT_PASSWORD_VERIFIER", verifier, 1) != 0) {
        fprintf(stderr, "oakctl: could not set the environment: %s\n", strerror(errno));
        return 1;
    }
    if (oakctl_write_conf(dir, o) != 0 || oakctl_write_hba(dir, o) != 0 ||
        (o->ssl && oakctl_ssl_make_pair(dir) != 0) ||
        oakctl_run_boot(dir, user, o->database) != 0) {
        printf("failed\n");
        fprintf(stderr, "oakctl: initialization of \"%s\" failed; see the messages above\n", dir);
        oakctl_cleanup(dir, exists == 0);
        return 1;
    }
    printf(
        "ok\n\nSuccess. You can now start the database server using:\n\n    oakctl start -D %s\n\n",
        dir);
    return 0;
}
