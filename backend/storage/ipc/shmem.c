/*
 * shmem.c
 *     The one shared memory region (ipc.h, shmem.h): sized from the settings, mapped
 *     MAP_SHARED | MAP_ANONYMOUS before any fork, carved into every subsystem's structs.
 *     Also the abort-path cleanup that spans subsystems.
 *
 * Not here: locks (lwlock.c), the proc array (procarray.c).
 */
#include "oak/oak.h"

#include "oak/catalog/catalog.h"
#include "oak/utils/bestatus.h"

#include <errno.h>
#include <sys/mman.h>

#include "oak/access/wal.h"
#include "oak/postmaster/autovacuum.h"
#include "oak/storage/bufmgr.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/shmem.h"
#include "oak/storage/smgr.h"

uint8_t *shm_base;
static size_t shm_mapped_size;

typedef struct ShmPart {
    size_t (*size)(void);
    void (*init)(uint8_t *mem);
} ShmPart;

static const ShmPart shm_parts[] = {
    {proc_shmem_size, proc_shmem_init},
    {lock_shmem_size, lock_shmem_init},
    {xact_shmem_size, xact_shmem_init},
    {ssi_shmem_size, ssi_shmem_init},
    {smgr_shmem_size, smgr_shmem_init},
    {wal_shmem_size, wal_shmem_init},
    {buf_shmem_size, buf_shmem_init},
    {cat_shmem_size, cat_shmem_init},
    {stat_shmem_size, stat_shmem_init},
    {bestatus_shmem_size, bestatus_shmem_init},
};

static size_t
shm_align(size_t n)
{
    return (n + 8191) & ~(size_t)8191; /* page-aligned parts: buffer pages stay 8 KiB aligned */
}

size_t
shm_size(void)
{
    size_t total = 0;

    for (size_t i = 0; i < OAK_LENGTHOF(shm_parts); i++)
        total += shm_align(shm_parts[i].size());
    return total;
}

/*
 * Map and initialise the region. Errors are FATAL: without shared memory there is no
 * server. Also resets this process's local storage state (held locks, pins, open files).
 */
void
shm_create(void)
{
    size_t size = shm_size();
    void *mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    if (mem == MAP_FAILED)
        ereport(FATAL,
                err_code(SQLSTATE_OUT_OF_MEMORY),
                err_msg("could not create shared memory segment: %s", strerror(errno)),
                err_detail("Failed system call was mmap(size=%zu).", size));
    shm_base = mem;
    shm_mapped_size = size;
    lw_forget_all();
    smgr_close_all();

    uint8_t *p = shm_base;
    for (size_t i = 0; i < OAK_LENGTHOF(shm_parts); i++) {
        shm_parts[i].init(p);
        p += shm_align(shm_parts[i].size());
    }
}

void
shm_destroy(void)
{
    if (shm_base == NULL)
        return;
    smgr_close_all();
    lw_forget_all();
    (void)munmap(shm_base, shm_mapped_size); /* only fails for a bad address, which it is not */
    shm_base = NULL;
    shm_mapped_size = 0;
}

void
storage_abort_cleanup(void)
{
    wal_abort_cleanup(); /* a page change begun but not finished is forgotten */
    buf_release_all();   /* content latches, pins, reads in progress: LWLocks too */
    lw_release_all();
}
