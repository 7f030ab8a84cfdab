/*
 * pm_title.c
 *     Process titles, so `ps` shows each process's role ("oakd: checkpointer",
 *     "oakd: alice app 127.0.0.1"). Linux keeps argv[] and the environment strings in one
 *     contiguous area; the environment is copied elsewhere so the whole area can hold the
 *     title. The kernel's short name (comm) stays "oakd", so `pgrep oakd` finds them all.
 *
 * Runs at the very start of main, before anything reads argv or the environment.
 */
#include "oak/oak.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "oak/postmaster/postmaster.h"

extern char **environ;

/* The argv area; written once at start, before any fork. */
static char *pm_title_area;
static size_t pm_title_size;

char **
pm_title_init(int argc, char **argv)
{
    char **copy = mcx_alloc_in(mcx_top, sizeof(char *) * (size_t)(argc + 1));
    char *end = NULL;

    for (int i = 0; i < argc; i++) {
        if (i == 0 || argv[i] == end + 1)
            end = argv[i] + strlen(argv[i]);
        copy[i] = mcx_strdup(argv[i]);
    }
    copy[argc] = NULL;
    int nenv = 0;
    while (environ[nenv] != NULL)
        nenv++;
    char **env = mcx_alloc_in(mcx_top, sizeof(char *) * (size_t)(nenv + 1));
    for (int i = 0; i < nenv; i++) {
        if (end != NULL && environ[i] == end + 1)
            end = environ[i] + strlen(environ[i]);
        env[i] = mcx_strdup(environ[i]);
    }
    env[nenv] = NULL;
    environ = env;
    if (argc > 0 && end != NULL) {
        pm_title_area = argv[0];
        pm_title_size = (size_t)(end - argv[0]) + 1;
    }
    return copy;
}

void
pm_set_title(const char *fmt, ...)
{
    char title[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(title, sizeof title, fmt, ap);
    va_end(ap);
    if (pm_title_area == NULL || pm_title_size < 2)
        return;
    size_t n = strlen(title);
    if (n > pm_title_size - 1)
        n = pm_title_size - 1;
    memcpy(pm_title_area, title, n);
    memset(pm_title_area + n, '\0', pm_title_size - n);
}
