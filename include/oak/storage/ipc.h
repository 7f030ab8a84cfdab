/*
 * ipc.h
 *     The shared memory region and the server-wide lifecycle hooks the postmaster calls.
 *
 * The postmaster (after reading settings) calls shm_create(), which maps one MAP_SHARED |
 * MAP_ANONYMOUS region sized by shm_size() and initialises every subsystem's part of it
 * (buffer pool, WAL buffers, proc array, locks, commit-log state). Children inherit it at
 * the same address. After a crash the postmaster calls shm_destroy() then shm_create() again.
 */
#ifndef OAK_STORAGE_IPC_H
#define OAK_STORAGE_IPC_H

#include "oak/oak.h"

size_t shm_size(void);
void shm_create(void);
void shm_destroy(void);

/*
 * Make a new cluster's storage: directories global/, base/, wal/, the control file and the
 * first WAL segment. Called by bootstrap mode before the catalog is created.
 */
void storage_init_cluster(void);

/*
 * Startup process: replay WAL from the last checkpoint's redo point to the end of valid WAL,
 * restore the xid and oid counters, then write an end-of-recovery checkpoint. Runs with
 * shared memory attached and no backends. Errors are FATAL (the postmaster then stops).
 */
void storage_startup_recovery(void);

/* Write a checkpoint now (buffers, checkpoint record, control file, recycle old WAL). */
void checkpoint_now(bool shutdown);

/* Checkpointer process main loop: checkpoint by time and WAL volume; SIGUSR2 = final one. */
void checkpointer_main(void) __attribute__((noreturn));

/* Backend attach / detach to the proc array (a slot per connection, max_connections). */
bool proc_attach(void); /* false if every slot is taken */
void proc_detach(void);
/* Does process pid hold a proc-array slot now (it has not exited)? */
bool proc_pid_is_attached(int pid);

/*
 * Abort-path cleanup of storage resources after an ERROR: latches, pins, LWLocks. Called by
 * the engine before it aborts the transaction.
 */
void storage_abort_cleanup(void);

#endif /* OAK_STORAGE_IPC_H */
