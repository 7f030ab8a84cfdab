/*
 * shmem.h
 *     How the shared memory region is carved (ipc.h creates it): each subsystem reports the
 *     bytes it needs and initialises its part; shm_create() lays them out at fixed offsets,
 *     64-byte aligned, in the order listed in shmem.c. Pointers into the region are valid in
 *     every process because children inherit the mapping at the same address.
 *
 * Also the per-process resets run when a process (re)creates the region: a test or a
 * postmaster after a crash starts from empty local state (held locks, pins, fd caches).
 */
#ifndef OAK_STORAGE_SHMEM_H
#define OAK_STORAGE_SHMEM_H

#include "oak/oak.h"

/* Base of the region; NULL before shm_create. Written once by the creating process. */
extern uint8_t *shm_base;

size_t buf_shmem_size(void);
void buf_shmem_init(uint8_t *mem);
size_t wal_shmem_size(void);
void wal_shmem_init(uint8_t *mem);
size_t proc_shmem_size(void);
void proc_shmem_init(uint8_t *mem);
size_t lock_shmem_size(void);
void lock_shmem_init(uint8_t *mem);
size_t xact_shmem_size(void);
void xact_shmem_init(uint8_t *mem);
size_t ssi_shmem_size(void);
void ssi_shmem_init(uint8_t *mem);
size_t smgr_shmem_size(void);
void smgr_shmem_init(uint8_t *mem);

/* Number of proc array slots: max_connections plus auxiliary processes and bootstrap. */
int proc_max_slots(void);

#endif /* OAK_STORAGE_SHMEM_H */
