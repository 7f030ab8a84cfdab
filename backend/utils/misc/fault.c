/*
 * fault.c
 *     Named crash points (see oak/utils/fault.h).
 *
 * The setting is parsed once per process, on the first point passed; a forked backend
 * inherits the postmaster's parse (the environment is the same) but counts its own hits.
 */
#include "oak/oak.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "oak/utils/fault.h"

static bool fault_parsed;
static char fault_name[64];
static long fault_at = 1; /* crash on this hit of the named point */
static long fault_hits;

static void
fault_parse(void)
{
    fault_parsed = true;
    const char *s = getenv("OAK_FAULT");
    if (s == NULL || *s == '\0')
        return;
    const char *colon = strchr(s, ':');
    size_t n = colon ? (size_t)(colon - s) : strlen(s);
    if (n >= sizeof fault_name)
        return;
    memcpy(fault_name, s, n);
    fault_name[n] = '\0';
    if (colon != NULL) {
        long at = strtol(colon + 1, NULL, 10);
        fault_at = at > 0 ? at : 1;
    }
}

bool
fault_armed(const char *name)
{
    if (!fault_parsed)
        fault_parse();
    if (fault_name[0] == '\0' || strcmp(name, fault_name) != 0)
        return false;
    return ++fault_hits == fault_at;
}

void
fault_crash(void)
{
    (void)kill(getpid(), SIGKILL); /* cannot fail on ourselves */
    _exit(137);                    /* not reached */
}

void
fault_point(const char *name)
{
    if (fault_armed(name))
        fault_crash();
}
