/*
 * lwlock.h
 *     Spinlocks and lightweight locks living in shared memory (DESIGN.md §2).
 *
 * SpinLock: atomic test-and-set with exponential backoff; held for a few instructions,
 * never across a call that can sleep, fail or take another lock.
 *
 * LwLock: shared/exclusive, one 32-bit atomic state word plus a waiter count; waiters sleep
 * with futex(2) on the state word (non-private futex: the word is in MAP_SHARED memory).
 * lw_acquire/lw_release record each held lock in a per-process list so that, after an
 * ERROR, lw_release_all() on the abort path frees them. The lock manager (lmgr) holds table
 * locks across statements and uses the untracked lw_lock_raw/lw_unlock_raw instead, so the
 * statement abort path does not drop them.
 */
#ifndef OAK_STORAGE_LWLOCK_H
#define OAK_STORAGE_LWLOCK_H

#include "oak/oak.h"

#include <stdatomic.h>

typedef struct SpinLock {
    atomic_uint v; /* 0 free, 1 held */
} SpinLock;

void spin_init(SpinLock *s);
void spin_lock(SpinLock *s);
void spin_unlock(SpinLock *s);

typedef struct LwLock {
    atomic_uint state;   /* LW_EXCLUSIVE bit, or the number of shared holders */
    atomic_uint waiters; /* processes sleeping (or about to) on state */
} LwLock;

typedef enum LwMode { LW_SHARED = 1, LW_EXCLUSIVE = 2 } LwMode;

enum { LW_MAX_HELD = 256 }; /* per process; more is an internal error */

void lw_init(LwLock *lock);
/* Acquire, sleeping as long as needed; recorded for lw_release_all. */
void lw_acquire(LwLock *lock, LwMode mode);
/* Acquire only if free now; true on success (recorded). */
bool lw_try_acquire(LwLock *lock, LwMode mode);
void lw_release(LwLock *lock);
bool lw_held_by_me(const LwLock *lock);
LwMode lw_held_mode(const LwLock *lock); /* 0 if not held by this process */
/* Abort path: release every tracked lock this process holds. */
void lw_release_all(void);
/* Forget the held list without touching shared memory (after shm_create in a process). */
void lw_forget_all(void);

/* Untracked variants: the caller keeps its own record (lmgr). */
void lw_lock_raw(LwLock *lock, LwMode mode);
void lw_unlock_raw(LwLock *lock, LwMode mode);

#endif /* OAK_STORAGE_LWLOCK_H */
