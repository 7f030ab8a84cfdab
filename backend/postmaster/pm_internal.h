/*
 * pm_internal.h
 *     What the postmaster's files share: listen sockets, lock files, the cancel table's
 *     postmaster-side writes.
 */
#ifndef OAK_PM_INTERNAL_H
#define OAK_PM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "oak/libpq/pqcomm.h"

enum { PM_MAX_LISTEN = 64 };

/* Listen sockets; postmaster-written, closed in every child right after fork. */
extern int pm_listen_fds[PM_MAX_LISTEN];
extern bool pm_listen_is_unix[PM_MAX_LISTEN];
extern int pm_nlisten;

/* Open every TCP and Unix listen socket of the settings; FATAL if none could be made. */
void pm_listen_open(void);
void pm_listen_close(void);
/* Accept one connection on listen socket i; false if accept failed (logged). */
bool pm_accept(int i, PqPort *port);
/* The first Unix socket directory (for postmaster.pid), or "". */
const char *pm_first_socket_dir(void);
/* Unlink the Unix sockets and their lock files this postmaster created. */
void pm_sockets_remove(void);

/*
 * Create a lock file exclusively with contents; if one exists from a process that is still
 * alive, FATAL naming it; a stale one is replaced. what is "postmaster" or "socket".
 */
void pm_lockfile_create(const char *path, const char *contents, bool is_pidfile);
/* postmaster.pid: write it (status "starting"), update the status line, remove it. */
void pm_pidfile_create(void);
void pm_pidfile_set_status(const char *status);
void pm_pidfile_remove(void);

/* Cancel table slots, written by the postmaster only. */
void pm_cancel_publish(int slot, pid_t pid, int32_t key);
void pm_cancel_clear(int slot);
void pm_cancel_clear_all(void);

#endif /* OAK_PM_INTERNAL_H */
