/*
 * lmgr.c
 *     Table write locks (lmgr.h): a fixed array of LOCK_SLOTS LWLocks in shared memory; a
 *     table's lock is slot hash(db, rel) % LOCK_SLOTS. Two tables sharing a slot only
 *     serialise their writers needlessly (false sharing), never break anything.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. A backend takes its slots in ascending slot order, skipping slots it holds, and
 *      releases them only all together at transaction end; since a later statement may
 *      need a lower slot than one held, ordering alone cannot exclude deadlock across
 *      statements (left out: detection, issue #4), but within one call it does.
 *   2. The slots are untracked LWLocks (lw_lock_raw): the statement abort path
 *      (storage_abort_cleanup) does not drop them; lock_release_all does.
 */
#include "oak/oak.h"

#include <stdlib.h>

#include "oak/storage/lmgr.h"
#include "oak/storage/lwlock.h"
#include "oak/storage/shmem.h"

enum { LOCK_SLOTS = 1024 };

typedef struct LockShared {
    LwLock slot[LOCK_SLOTS];
} LockShared;

static LockShared *lock_shared;
static bool lock_held[LOCK_SLOTS]; /* this process's slots */
static int lock_nheld;

size_t
lock_shmem_size(void)
{
    return sizeof(LockShared);
}

void
lock_shmem_init(uint8_t *mem)
{
    lock_shared = (LockShared *)mem;
    for (int i = 0; i < LOCK_SLOTS; i++)
        lw_init(&lock_shared->slot[i]);
    memset(lock_held, 0, sizeof lock_held);
    lock_nheld = 0;
}

static int
lock_slot_of(const LockTarget *t)
{
    uint64_t h = ((uint64_t)t->db << 32 | t->rel) * 0x9E3779B97F4A7C15ull;
    return (int)((h >> 32) % LOCK_SLOTS);
}

static int
lock_cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a;
    int y = *(const int *)b;
    return (x > y) - (x < y);
}

void
lock_tables_write(const LockTarget *targets, int n)
{
    int *slots = mcx_alloc(sizeof(int) * (size_t)(n > 0 ? n : 1));

    for (int i = 0; i < n; i++)
        slots[i] = lock_slot_of(&targets[i]);
    qsort(slots, (size_t)n, sizeof(int), lock_cmp_int);
    for (int i = 0; i < n; i++) {
        if (lock_held[slots[i]])
            continue; /* held already, or a duplicate */
        lw_lock_raw(&lock_shared->slot[slots[i]], LW_EXCLUSIVE);
        lock_held[slots[i]] = true;
        lock_nheld++;
    }
    mcx_free(slots);
}

void
lock_release_all(void)
{
    if (lock_shared == NULL)
        return;
    for (int i = 0; i < LOCK_SLOTS && lock_nheld > 0; i++) {
        if (!lock_held[i])
            continue;
        lock_held[i] = false;
        lock_nheld--;
        lw_unlock_raw(&lock_shared->slot[i], LW_EXCLUSIVE);
    }
}
