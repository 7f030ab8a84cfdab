/*
 * lwlock.c
 *     Spinlocks and LWLocks (lwlock.h): C11 atomics, futex sleeps, a per-process list of held
 *     LWLocks for the abort path.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. A waiter increments waiters before sleeping on the state word it last saw; a releaser
 *      changes the state before reading waiters. Both are seq_cst, so either the releaser
 *      sees the waiter and wakes it, or the waiter's futex sees the changed word and returns.
 *   2. Every lw_acquire is matched by one entry in held[]; lw_release removes it.
 *
 * Not here: the shared memory region (shmem.c), the proc array (procarray.c).
 */
#include "oak/oak.h"

#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "oak/storage/lwlock.h"

#define LW_EXCL_BIT 0x80000000u

typedef struct LwHeld {
    LwLock *lock;
    LwMode mode;
} LwHeld;

static LwHeld lw_held[LW_MAX_HELD]; /* this process's tracked locks */
static int lw_nheld;

void
spin_init(SpinLock *s)
{
    atomic_store(&s->v, 0);
}

void
spin_lock(SpinLock *s)
{
    unsigned spins = 0;

    for (;;) {
        if (atomic_load_explicit(&s->v, memory_order_relaxed) == 0 &&
            atomic_exchange_explicit(&s->v, 1, memory_order_acquire) == 0)
            return;
        spins++;
        if (spins < 100) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        } else if (spins < 1000) {
            sched_yield();
        } else {
            /* the holder was descheduled: back off for a while (at most 1 ms) */
            struct timespec ts = {0, (long)(spins < 10000 ? 10000 : 1000000)};
            (void)nanosleep(&ts, NULL); /* an interrupted sleep only retries sooner */
        }
    }
}

void
spin_unlock(SpinLock *s)
{
    atomic_store_explicit(&s->v, 0, memory_order_release);
}

static void
lw_futex_wait(atomic_uint *addr, unsigned expected)
{
    /* EAGAIN (word changed) and EINTR just mean: look again */
    (void)syscall(SYS_futex, (unsigned *)addr, FUTEX_WAIT, expected, NULL, NULL, 0);
}

static void
lw_futex_wake_all(atomic_uint *addr)
{
    (void)syscall(SYS_futex, (unsigned *)addr, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

void
lw_init(LwLock *lock)
{
    atomic_store(&lock->state, 0);
    atomic_store(&lock->waiters, 0);
}

static bool
lw_attempt(LwLock *lock, LwMode mode, unsigned *seen)
{
    unsigned s = atomic_load(&lock->state);

    *seen = s;
    if (mode == LW_EXCLUSIVE)
        return s == 0 && atomic_compare_exchange_strong(&lock->state, &s, LW_EXCL_BIT);
    return (s & LW_EXCL_BIT) == 0 && atomic_compare_exchange_strong(&lock->state, &s, s + 1);
}

void
lw_lock_raw(LwLock *lock, LwMode mode)
{
    unsigned seen;
    int spins = 0;

    while (!lw_attempt(lock, mode, &seen)) {
        if (++spins < 50) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
            continue;
        }
        atomic_fetch_add(&lock->waiters, 1); /* invariant 1 */
        if (atomic_load(&lock->state) == seen && seen != 0)
            lw_futex_wait(&lock->state, seen);
        atomic_fetch_sub(&lock->waiters, 1);
    }
}

void
lw_unlock_raw(LwLock *lock, LwMode mode)
{
    if (mode == LW_EXCLUSIVE)
        atomic_fetch_and(&lock->state, ~LW_EXCL_BIT);
    else
        atomic_fetch_sub(&lock->state, 1);
    if (atomic_load(&lock->waiters) > 0) /* invariant 1 */
        lw_futex_wake_all(&lock->state);
}

static void
lw_remember(LwLock *lock, LwMode mode)
{
    if (lw_nheld >= LW_MAX_HELD) {
        lw_unlock_raw(lock, mode);
        elog_internal("too many LWLocks taken");
    }
    lw_held[lw_nheld].lock = lock;
    lw_held[lw_nheld].mode = mode;
    lw_nheld++;
}

void
lw_acquire(LwLock *lock, LwMode mode)
{
    Assert(!lw_held_by_me(lock));
    lw_lock_raw(lock, mode);
    lw_remember(lock, mode);
}

bool
lw_try_acquire(LwLock *lock, LwMode mode)
{
    unsigned seen;

    if (!lw_attempt(lock, mode, &seen))
        return false;
    lw_remember(lock, mode);
    return true;
}

void
lw_release(LwLock *lock)
{
    for (int i = lw_nheld - 1; i >= 0; i--) {
        if (lw_held[i].lock != lock)
            continue;
        LwMode mode = lw_held[i].mode;
        memmove(&lw_held[i], &lw_held[i + 1], (size_t)(lw_nheld - i - 1) * sizeof(LwHeld));
        lw_nheld--;
        lw_unlock_raw(lock, mode);
        return;
    }
    elog_internal("lock is not held");
}

LwMode
lw_held_mode(const LwLock *lock)
{
    for (int i = 0; i < lw_nheld; i++)
        if (lw_held[i].lock == lock)
            return lw_held[i].mode;
    return 0;
}

bool
lw_held_by_me(const LwLock *lock)
{
    return lw_held_mode(lock) != 0;
}

void
lw_release_all(void)
{
    while (lw_nheld > 0) {
        lw_nheld--;
        lw_unlock_raw(lw_held[lw_nheld].lock, lw_held[lw_nheld].mode);
    }
}

void
lw_forget_all(void)
{
    lw_nheld = 0;
}
