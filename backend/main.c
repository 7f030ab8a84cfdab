/*
 * main.c
 *     oakd entry point: read the command line and the settings, then run the postmaster
 *     (`oakd -D DIR [-p PORT] [-c name=value ...]`) or bootstrap mode for oakctl init
 *     (`oakd --boot -D DIR -U NAME`).
 *
 * Settings are applied in this order, later ones winning: built-in defaults, then
 * DIR/oakdb.conf, then -p and -c / --name=value in command-line order. The process then
 * works inside the data directory, so every path under it is relative.
 */
#include "oak/oak.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "oak/catalog/catalog.h"
#include "oak/postmaster/postmaster.h"
#include "oak/storage/ipc.h"
#include "oak/tcop/engine.h"
#include "oak/utils/guc.h"

/* What the command line asked for; main's locals, kept together for the helpers. */
typedef struct OakdArgs {
    const char *data_dir;
    const char *boot_user;
    const char *boot_db; /* -d: an extra database made by bootstrap */
    bool boot;
    int nopts;
    const char **opt_names; /* -p and -c settings in command-line order */
    const char **opt_values;
} OakdArgs;

static void
oakd_usage(FILE *out)
{
    fprintf(out,
            "oakd is the OakDB server.\n\n"
            "Usage:\n"
            "  oakd -D DATADIR [-p PORT] [-c NAME=VALUE | --NAME=VALUE ...]\n"
            "  oakd --boot -D DATADIR -U SUPERUSER   (used by oakctl init)\n\n"
            "Options:\n"
            "  -D DATADIR      data directory\n"
            "  -p PORT         port to listen on\n"
            "  -c NAME=VALUE   set a setting (overrides oakdb.conf)\n"
            "  -V, --version   print the version and exit\n");
}

static void
oakd_add_option(OakdArgs *a, const char *name, const char *value)
{
    a->opt_names[a->nopts] = name;
    a->opt_values[a->nopts] = value;
    a->nopts++;
}

/* Split "name=value" (from -c or --name=value); returns -1 without an '='. */
static int
oakd_add_assignment(OakdArgs *a, const char *arg)
{
    const char *eq = strchr(arg, '=');

    if (eq == NULL || eq == arg) {
        fprintf(stderr, "oakd: -c %s requires a value\n", arg);
        return -1;
    }
    oakd_add_option(a, mcx_strndup(arg, (size_t)(eq - arg)), eq + 1);
    return 0;
}

/* Returns 0 to go on, 1 to exit 0 (help, version), -1 on a usage error. */
static int
oakd_parse_args(int argc, char **argv, OakdArgs *a)
{
    static const struct option longopts[] = {
        {"boot", no_argument, NULL, 'b'},
        {"help", no_argument, NULL, '?'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c;

    a->opt_names = mcx_alloc(sizeof(char *) * (size_t)argc);
    a->opt_values = mcx_alloc(sizeof(char *) * (size_t)argc);
    opterr = 0;
    while ((c = getopt_long(argc, argv, "bc:d:D:p:U:V", longopts, NULL)) != -1) {
        switch (c) {
        case 'b':
            a->boot = true;
            break;
        case 'c':
            if (oakd_add_assignment(a, optarg) != 0)
                return -1;
            break;
        case 'D':
            a->data_dir = optarg;
            break;
        case 'p':
            oakd_add_option(a, "port", optarg);
            break;
        case 'U':
            a->boot_user = optarg;
            break;
        case 'd':
            a->boot_db = optarg;
            break;
        case 'V':
            printf("oakd %s\n", OAK_VERSION_STRING);
            return 1;
        case '?':
            /* --name=value sets a setting, as in PostgreSQL */
            if (optopt == 0 && argv[optind - 1][0] == '-' && argv[optind - 1][1] == '-' &&
                strchr(argv[optind - 1], '=') != NULL) {
                if (oakd_add_assignment(a, argv[optind - 1] + 2) != 0)
                    return -1;
                break;
            }
            if (strcmp(argv[optind - 1], "--help") == 0 || strcmp(argv[optind - 1], "-?") == 0) {
                oakd_usage(stdout);
                return 1;
            }
            fprintf(stderr, "oakd: invalid option \"%s\"\n", argv[optind - 1]);
            oakd_usage(stderr);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "oakd: unexpected argument \"%s\"\n", argv[optind]);
        return -1;
    }
    if (a->data_dir == NULL) {
        fprintf(stderr, "oakd: no data directory given (-D)\n");
        return -1;
    }
    if (a->boot && a->boot_user == NULL) {
        fprintf(stderr, "oakd: --boot requires -U SUPERUSER\n");
        return -1;
    }
    return 0;
}

/* Defaults, oakdb.conf, then the command line; chdir into the data directory. */
static int
oakd_load_settings(const OakdArgs *a)
{
    char err[1024];
    char real[PATH_MAX];

    guc_set_defaults(&oak_settings);
    if (realpath(a->data_dir, real) == NULL || strlen(real) >= sizeof oak_settings.data_dir) {
        fprintf(stderr,
                "oakd: could not access data directory \"%s\": %s\n",
                a->data_dir,
                strerror(errno));
        return -1;
    }
    if (chdir(real) != 0) {
        fprintf(stderr, "oakd: could not change directory to \"%s\": %s\n", real, strerror(errno));
        return -1;
    }
    char conf[PATH_MAX + 16];
    snprintf(conf, sizeof conf, "%s/oakdb.conf", real);
    if (guc_load_file(&oak_settings, conf, err, sizeof err) != 0) {
        fprintf(stderr, "oakd: %s\n", err);
        return -1;
    }
    for (int i = 0; i < a->nopts; i++)
        if (guc_set_option(&oak_settings, a->opt_names[i], a->opt_values[i], err, sizeof err) !=
            0) {
            fprintf(stderr, "oakd: %s\n", err);
            return -1;
        }
    strcpy(oak_settings.data_dir, real);
    /*
     * PostgreSQL ranks LOG above ERROR for the server log; elog.h's levels cannot say so, so
     * log_min_messages only lowers the threshold (debug levels) and LOG lines always show.
     */
    int level = guc_log_level(&oak_settings);
    err_log_min_level = level < LOG ? level : LOG;
    return 0;
}

static int
oakd_bootstrap(const char *superuser, const char *database)
{
    err_process_name = "bootstrap";
    /*
     * oakctl init --pwfile hands over the superuser's verifier (never the password) in the
     * environment rather than argv, which every local user can read in ps.
     */
    cat_boot_role_password = getenv("OAK_BOOT_PASSWORD_VERIFIER");
    shm_create();
    int rc = engine_bootstrap(superuser, database);
    shm_destroy();
    return rc;
}

int
main(int argc, char **argv)
{
    OakdArgs args = {0};

    mcx_init();
    argv = pm_title_init(argc, argv);
    int rc = oakd_parse_args(argc, argv, &args);
    if (rc != 0)
        return rc > 0 ? 0 : 1;
    if (oakd_load_settings(&args) != 0)
        return 1;
    if (args.boot)
        return oakd_bootstrap(args.boot_user, args.boot_db);
    return pm_main();
}
