/*
 * lock_internal.h
 *     The heavyweight lock manager's shared structures, private to backend/storage/lmgr:
 *     lock.c (the table, grants, releases, waiting) and lock_deadlock.c (the wait-for graph,
 *     lock descriptions). Field comments say what protects each field; README.md numbers
 *     the invariants cited here.
 */
#ifndef OAK_LMGR_LOCK_INTERNAL_H
#define OAK_LMGR_LOCK_INTERNAL_H

#include "oak/oak.h"

#include <stdatomic.h>

#include "oak/storage/lock.h"
#include "oak/storage/lwlock.h"
#include "oak/utils/memutils.h"

enum {
    LOCK_PARTITIONS = 16,  /* partition = tag hash % 16, as PostgreSQL's NUM_LOCK_PARTITIONS */
    LOCK_PER_BACKEND = 64, /* PostgreSQL's max_locks_per_transaction default */
    LOCK_MODE_SLOTS = 9,   /* modes 1..8 (row modes use 1..4); index 0 unused */
    LOCK_NONE = -1,        /* "no entry" for every index below */
};

/* LockProc.wait_state: the futex word a waiter sleeps on. */
typedef enum LockWaitState {
    LOCK_PROC_IDLE = 0,    /* not waiting */
    LOCK_PROC_WAITING = 1, /* queued on wait_lock */
    LOCK_PROC_GRANTED = 2, /* a releaser granted the request; the waiter has not seen it yet */
} LockWaitState;

/* One locked object (tag). In use while it has a holder or a waiter (invariant 2). */
typedef struct LockObj {
    LockTag tag;                       /* partition lock */
    uint32_t hash;                     /* of tag; partition lock */
    int32_t next;                      /* bucket chain (partition lock) or free list (free_lock) */
    uint16_t granted_mask;             /* bit m set iff ngranted[m] > 0; partition lock */
    int32_t ngranted[LOCK_MODE_SLOTS]; /* holders granted mode m; partition lock */
    int32_t holders;                   /* first LockHolder of this lock; partition lock */
    int32_t wait_head;                 /* FIFO of waiting LockProcs; partition lock */
    int32_t wait_tail;
} LockObj;

/* One backend's interest in one lock: the modes it holds (PostgreSQL's PROCLOCK). */
typedef struct LockHolder {
    int32_t lock;       /* LockObj index; partition lock */
    int32_t proc;       /* proc slot; partition lock */
    int32_t next;       /* next holder of the same lock, or free list (free_lock) */
    uint16_t held_mask; /* modes granted; partition lock */
} LockHolder;

/* Per proc slot: the wait state of the backend in that slot. */
typedef struct LockProc {
    atomic_uint wait_state; /* LockWaitState; set to WAITING / GRANTED under the partition
                             * lock of wait_lock, back to IDLE by the owner (invariant 5) */
    atomic_int pid;         /* written by the owner before it takes shared state; relaxed */
    _Atomic uint64_t xid;   /* owner's transaction (lock_xid_begin), for pg_locks; relaxed */
    int32_t wait_lock;      /* LockObj waited on; partition lock of that lock */
    int32_t wait_holder;    /* this proc's LockHolder on wait_lock; same */
    int32_t wait_mode;      /* requested mode; same */
    int32_t wait_next;      /* next proc in wait_lock's queue; same */
    int64_t wait_start_us;  /* wall clock, for pg_locks.waitstart; same */
} LockProc;

typedef struct LockShared {
    int32_t nprocs;   /* written once at shm_create, like the counts below */
    int32_t nlocks;   /* LockObj capacity */
    int32_t nholders; /* LockHolder capacity */
    int32_t nbuckets; /* power of two, a multiple of LOCK_PARTITIONS */
    LwLock partition[LOCK_PARTITIONS];
    SpinLock free_lock;   /* guards the two free lists; taken under a partition lock */
    int32_t free_locks;   /* free_lock */
    int32_t free_holders; /* free_lock */
    int32_t *buckets;     /* bucket b belongs to partition b % LOCK_PARTITIONS */
    LockProc *procs;      /* [nprocs] */
    LockObj *locks;       /* [nlocks] */
    LockHolder *holders;  /* [nholders] */
} LockShared;

extern LockShared *lock_shared; /* in shared memory; set by lock_shmem_init */

static inline uint16_t
lock_bit(int mode)
{
    return (uint16_t)(1u << mode);
}

/* Modes that conflict with mode for locks of this kind (row modes for LOCKTAG_TUPLE). */
uint16_t lock_conflicts(uint8_t kind, int mode);

/* "relation 16384 of database 5", "transaction 731", ... in the current context. */
char *lock_describe_tag(const LockTag *tag);

/*
 * With every partition lock held: whether following waits-for edges from proc slot me leads
 * back to me. If so, appends PostgreSQL's "Process %d waits for ..." lines to detail.
 */
bool lock_deadlock_find(int32_t me, StrBuf *detail);

#endif /* OAK_LMGR_LOCK_INTERNAL_H */
