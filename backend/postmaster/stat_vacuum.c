/*
 * stat_vacuum.c
 *     Dead-version statistics in shared memory (autovacuum.h): per (db, rel), the versions
 *     made dead since the last vacuum, the live versions that vacuum left, and when it ran.
 *     Read by the autovacuum process to choose what to vacuum.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   8. The table is an open-addressing hash of STAT_MAX_TABLES entries with linear probing.
 *      Keys are inserted and removed only under the lock held exclusively; a removed entry
 *      becomes a tombstone (kept in probe chains) that a later insert may reuse. Counters
 *      are atomics (relaxed: they are estimates, nothing is ordered by them), so counting a
 *      known table takes the lock shared only.
 *
 * Not here: the autovacuum process (autovacuum.c), vacuum itself (backend/commands).
 */
#include "oak/oak.h"

#include <stdatomic.h>

#include "oak/postmaster/autovacuum.h"
#include "oak/storage/lwlock.h"
#include "oak/utils/adt.h"

typedef enum StatSlotState { STAT_FREE = 0, STAT_USED, STAT_TOMBSTONE } StatSlotState;

typedef struct StatSlot {
    uint8_t state;           /* StatSlotState; lock exclusive to change, shared to read */
    Oid db;                  /* lock exclusive to change */
    Oid rel;                 /* lock exclusive to change */
    _Atomic uint64_t dead;   /* relaxed atomics */
    _Atomic uint64_t live;   /* relaxed atomics */
    _Atomic int64_t last_us; /* relaxed atomics */
} StatSlot;

typedef struct StatShared {
    LwLock lock;
    atomic_bool overflowed; /* a relation could not be counted; relaxed */
    StatSlot slots[STAT_MAX_TABLES];
} StatShared;

static StatShared *stat_shared; /* in shared memory; the pointer is set before any fork */

size_t
stat_shmem_size(void)
{
    return sizeof(StatShared);
}

void
stat_shmem_init(uint8_t *mem)
{
    stat_shared = (StatShared *)mem;
    memset(stat_shared, 0, sizeof *stat_shared);
    lw_init(&stat_shared->lock);
}

static uint32_t
stat_hash(Oid db, Oid rel)
{
    uint64_t h = ((uint64_t)db << 32 | rel) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 40) % STAT_MAX_TABLES;
}

/*
 * The slot of (db, rel), or NULL. Caller holds the lock (either mode). With reuse, *reuse
 * receives the first tombstone or free slot of the probe chain (NULL if the table is full).
 */
static StatSlot *
stat_find(Oid db, Oid rel, StatSlot **reuse)
{
    uint32_t i = stat_hash(db, rel);

    if (reuse != NULL)
        *reuse = NULL;
    for (int probes = 0; probes < STAT_MAX_TABLES; probes++) {
        StatSlot *s = &stat_shared->slots[i];
        if (s->state == STAT_FREE) {
            if (reuse != NULL && *reuse == NULL)
                *reuse = s;
            return NULL;
        }
        if (s->state == STAT_USED && s->db == db && s->rel == rel)
            return s;
        if (s->state == STAT_TOMBSTONE && reuse != NULL && *reuse == NULL)
            *reuse = s;
        i = (i + 1) % STAT_MAX_TABLES;
    }
    return NULL;
}

void
stat_count_dead(Oid db, Oid rel, int n)
{
    if (stat_shared == NULL || n <= 0)
        return;
    lw_acquire(&stat_shared->lock, LW_SHARED);
    StatSlot *s = stat_find(db, rel, NULL);
    if (s != NULL)
        atomic_fetch_add_explicit(&s->dead, (uint64_t)n, memory_order_relaxed);
    lw_release(&stat_shared->lock);
    if (s != NULL)
        return;

    StatSlot *reuse;
    lw_acquire(&stat_shared->lock, LW_EXCLUSIVE);
    s = stat_find(db, rel, &reuse); /* someone may have entered it meanwhile */
    if (s == NULL && reuse != NULL) {
        s = reuse;
        s->db = db;
        s->rel = rel;
        atomic_store_explicit(&s->dead, 0, memory_order_relaxed);
        atomic_store_explicit(&s->live, 0, memory_order_relaxed);
        atomic_store_explicit(&s->last_us, 0, memory_order_relaxed);
        s->state = STAT_USED;
    }
    if (s != NULL)
        atomic_fetch_add_explicit(&s->dead, (uint64_t)n, memory_order_relaxed);
    else
        atomic_store_explicit(&stat_shared->overflowed, true, memory_order_relaxed);
    lw_release(&stat_shared->lock);
}

void
stat_vacuum_done(Oid db, Oid rel, uint64_t dead_at_start, uint64_t live)
{
    if (stat_shared == NULL)
        return;
    lw_acquire(&stat_shared->lock, LW_SHARED);
    StatSlot *s = stat_find(db, rel, NULL);
    if (s != NULL) {
        /* Saturating: the entry may have been forgotten and re-entered meanwhile. */
        uint64_t cur = atomic_load_explicit(&s->dead, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&s->dead,
                                                      &cur,
                                                      cur > dead_at_start ? cur - dead_at_start : 0,
                                                      memory_order_relaxed,
                                                      memory_order_relaxed))
            continue;
        atomic_store_explicit(&s->live, live, memory_order_relaxed);
        atomic_store_explicit(&s->last_us, adt_timestamp_now(), memory_order_relaxed);
    }
    lw_release(&stat_shared->lock);
}

uint64_t
stat_dead_count(Oid db, Oid rel)
{
    uint64_t dead = 0;

    if (stat_shared == NULL)
        return 0;
    lw_acquire(&stat_shared->lock, LW_SHARED);
    StatSlot *s = stat_find(db, rel, NULL);
    if (s != NULL)
        dead = atomic_load_explicit(&s->dead, memory_order_relaxed);
    lw_release(&stat_shared->lock);
    return dead;
}

void
stat_forget(Oid db, Oid rel)
{
    if (stat_shared == NULL)
        return;
    lw_acquire(&stat_shared->lock, LW_EXCLUSIVE);
    StatSlot *s = stat_find(db, rel, NULL);
    if (s != NULL)
        s->state = STAT_TOMBSTONE;
    lw_release(&stat_shared->lock);
}

int
stat_snapshot(StatTable *out, int max)
{
    int n = 0;

    lw_acquire(&stat_shared->lock, LW_SHARED);
    for (int i = 0; i < STAT_MAX_TABLES && n < max; i++) {
        const StatSlot *s = &stat_shared->slots[i];
        if (s->state != STAT_USED)
            continue;
        out[n].db = s->db;
        out[n].rel = s->rel;
        out[n].dead = atomic_load_explicit(&s->dead, memory_order_relaxed);
        out[n].live = atomic_load_explicit(&s->live, memory_order_relaxed);
        out[n].last_vacuum_us = atomic_load_explicit(&s->last_us, memory_order_relaxed);
        n++;
    }
    lw_release(&stat_shared->lock);
    return n;
}

bool
stat_overflowed(void)
{
    return atomic_load_explicit(&stat_shared->overflowed, memory_order_relaxed);
}
