/*
 * postmaster.h
 *     The postmaster: listens, forks a backend per connection and the auxiliary processes,
 *     restarts everything after a crash, and shuts down on SIGTERM / SIGINT / SIGQUIT.
 *
 * Also the small shared table it keeps for cancel requests (pid and secret key of each
 * backend), mapped by the postmaster before any fork and inherited by every child.
 */
#ifndef OAK_POSTMASTER_POSTMASTER_H
#define OAK_POSTMASTER_POSTMASTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oak/libpq/pqcomm.h"

/* Why a backend was forked only to refuse its client (after reading the startup packet). */
typedef enum PmReject {
    PM_REJECT_NONE,
    PM_REJECT_TOO_MANY, /* 53300 sorry, too many clients already */
    PM_REJECT_STARTING, /* 57P03 the database system is starting up */
    PM_REJECT_RECOVERY, /* 57P03 the database system is in recovery mode */
    PM_REJECT_SHUTDOWN, /* 57P03 the database system is shutting down */
} PmReject;

/* What the postmaster hands a new backend. */
typedef struct PmBackendStart {
    PqPort port;
    int32_t cancel_key; /* secret key for BackendKeyData, also in the shared cancel table */
    PmReject reject;
} PmBackendStart;

/*
 * Run the postmaster with oak_settings loaded and the data directory as the working
 * directory. Returns the process exit code (0 after a clean shutdown).
 */
int pm_main(void);

/*
 * Process title (ps). pm_title_init must run first in main, before argv is used: it may
 * move the environment to make room, and returns a copy of argv to parse instead.
 */
char **pm_title_init(int argc, char **argv);
void pm_set_title(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The shared cancel table: bytes for nslots, and its initialisation (postmaster only). */
size_t pm_shm_size(int nslots);
void pm_shm_init(void *base, int nslots);
/*
 * Deliver a CancelRequest: SIGINT to the backend whose pid and key both match. Returns
 * false (and does nothing) if none does; a wrong key is not reported to the client.
 */
bool pm_cancel_backend(int32_t pid, int32_t key);

#endif /* OAK_POSTMASTER_POSTMASTER_H */
