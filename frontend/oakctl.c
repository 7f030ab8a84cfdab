/*
 * oakctl.c
 *     oakctl's command line: `oakctl init|start|stop|status|verify -D DIR [options]`, and
 *     the helpers the commands share (finding oakd, reading postmaster.pid).
 *
 * Not here: the commands themselves (oakctl_init.c, oakctl_server.c, oakctl_verify.c).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oakctl.h"

static void
oakctl_usage(FILE *out)
{
    fprintf(out,
            "oakctl initializes, starts, stops, reports on, or verifies an OakDB server.\n\n"
            "Usage:\n"
            "  oakctl init   -D DATADIR [-U SUPERUSER] [-d DBNAME] [-A METHOD] [--pwfile FILE]\n"
            "                [--auth-local METHOD] [--auth-host METHOD] [-S]\n"
            "                [--password-encryption scram-sha-256|md5]\n"
            "  oakctl start  -D DATADIR [-l LOGFILE] [-o \"OAKD OPTIONS\"] [-w | -W] [-t SECS]\n"
            "  oakctl stop   -D DATADIR [-m smart|fast|immediate] [-w | -W] [-t SECS]\n"
            "  oakctl status -D DATADIR\n"
            "  oakctl verify -D DATADIR\n\n"
            "DATADIR defaults to $OAKDATA. start writes the server log to DATADIR/oakd.log\n"
            "unless -l is given; start and stop wait (-w, the default) up to 60 seconds.\n"
            "init -d also creates database DBNAME (besides postgres, template1 and template0).\n"
            "init -A (--auth) sets the oak_hba.conf method of the local and localhost lines\n"
            "(trust, reject, password, md5, scram-sha-256; default trust); --pwfile reads\n"
            "the superuser's password from the first line of FILE and stores its verifier\n"
            "(SCRAM-SHA-256 unless --password-encryption md5); -S (--ssl) makes a\n"
            "self-signed server.crt and server.key and turns ssl on.\n"
            "verify checks, with the server stopped, every page's checksum and every B+ tree's\n"
            "structure; it exits 0 if all is well, 1 if it found problems, 2 on errors.\n");
}

void
oakctl_nap(void)
{
    struct timespec ts = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
    (void)nanosleep(&ts, NULL); /* an early wake-up only polls sooner */
}

void
oakctl_find_oakd(char *out, size_t outlen)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash != NULL) {
            *slash = '\0';
            snprintf(out, outlen, "%s/oakd", self);
            if (access(out, X_OK) == 0)
                return;
        }
    }
    snprintf(out, outlen, "oakd"); /* execvp searches PATH */
}

int
oakctl_read_pidfile(const char *data_dir, pid_t *pid, char *status, size_t statuslen)
{
    char path[PATH_MAX];
    char line[1200];
    int lineno = 0;

    snprintf(path, sizeof path, "%s/postmaster.pid", data_dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    *pid = 0;
    if (statuslen > 0)
        status[0] = '\0';
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (lineno == 1)
            *pid = (pid_t)strtol(line, NULL, 10);
        if (lineno == 8 && statuslen > 0) {
            snprintf(status, statuslen, "%s", line);
            status[strcspn(status, " ")] = '\0';
        }
    }
    (void)fclose(f); /* read-only */
    return *pid > 0 ? 0 : -1;
}

static int
oakctl_parse(int argc, char **argv, OakctlOptions *o)
{
    int c;

    o->data_dir = getenv("OAKDATA");
    o->wait = true;
    o->timeout_s = 60;
    static const struct option longopts[] = {
        {"auth", required_argument, NULL, 'A'},
        {"auth-local", required_argument, NULL, 'L'},
        {"auth-host", required_argument, NULL, 'H'},
        {"pwfile", required_argument, NULL, 'P'},
        {"password-encryption", required_argument, NULL, 'E'},
        {"ssl", no_argument, NULL, 'S'},
        {NULL, 0, NULL, 0},
    };
    while ((c = getopt_long(argc, argv, "D:U:d:l:o:m:wWt:A:S", longopts, NULL)) != -1) {
        switch (c) {
        case 'A':
            o->auth_local = o->auth_host = optarg;
            break;
        case 'L':
            o->auth_local = optarg;
            break;
        case 'H':
            o->auth_host = optarg;
            break;
        case 'P':
            o->pwfile = optarg;
            break;
        case 'E':
            o->pw_encryption = optarg;
            break;
        case 'S':
            o->ssl = true;
            break;
        case 'D':
            o->data_dir = optarg;
            break;
        case 'U':
            o->user = optarg;
            break;
        case 'd':
            o->database = optarg;
            break;
        case 'l':
            o->log_file = optarg;
            break;
        case 'o':
            o->oakd_opts = optarg;
            break;
        case 'm':
            o->stop_mode = optarg;
            break;
        case 'w':
            o->wait = true;
            break;
        case 'W':
            o->wait = false;
            break;
        case 't':
            o->timeout_s = atoi(optarg);
            if (o->timeout_s <= 0) {
                fprintf(stderr, "oakctl: invalid timeout \"%s\"\n", optarg);
                return 1;
            }
            break;
        default:
            oakctl_usage(stderr);
            return 1;
        }
    }
    if (optind < argc) {
        fprintf(stderr,
                "oakctl: too many command-line arguments (first is \"%s\")\n",
                argv[optind]);
        return 1;
    }
    if (o->data_dir == NULL || o->data_dir[0] == '\0') {
        fprintf(stderr, "oakctl: no data directory specified (use -D or set OAKDATA)\n");
        return 1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(const OakctlOptions *);
        int usage_rc; /* exit code for a bad command line: verify keeps 1 for "problems found" */
    } commands[] = {
        {"init", oakctl_init, 1},
        {"start", oakctl_start, 1},
        {"stop", oakctl_stop, 1},
        {"status", oakctl_status, 1},
        {"verify", oakctl_verify, 2},
    };
    OakctlOptions o;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-?") == 0) {
        oakctl_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 1 : 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("oakctl (OakDB) 0.1\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        memset(&o, 0, sizeof o);
        optind = 2;
        int rc = oakctl_parse(argc, argv, &o);
        return rc != 0 ? commands[i].usage_rc : commands[i].fn(&o);
    }
    fprintf(stderr, "oakctl: unrecognized operation mode \"%s\"\n", argv[1]);
    oakctl_usage(stderr);
    return 1;
}
