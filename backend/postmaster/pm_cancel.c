/*
 * pm_cancel.c
 *     The shared cancel table: for each backend slot, its pid and the secret key sent in
 *     BackendKeyData. A CancelRequest arrives on a new connection, handled by a new
 *     backend, which looks the pair up here and sends SIGINT to the target.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   6. Only the postmaster writes the table: a slot's key is stored before its pid
 *      (release), and a reader loads the pid (acquire) before the key, so a matching pid
 *      always comes with that backend's key. The pid is cleared when the child is reaped.
 *
 * The table lives in its own MAP_SHARED mapping made by the postmaster before any fork
 * (not in the storage region), so it survives crash-restart untouched but cleared.
 */
#include "oak/oak.h"

#include <signal.h>
#include <stdatomic.h>

#include "oak/postmaster/postmaster.h"
#include "pm_internal.h"

typedef struct PmCancelSlot {
    _Atomic int32_t pid; /* 0 = free; postmaster-written, release/acquire (invariant 6) */
    int32_t key;         /* written before pid */
} PmCancelSlot;

/* Written once by the postmaster before any fork. */
static PmCancelSlot *pm_cancel_slots;
static int pm_cancel_nslots;

size_t
pm_shm_size(int nslots)
{
    return sizeof(PmCancelSlot) * (size_t)nslots;
}

void
pm_shm_init(void *base, int nslots)
{
    pm_cancel_slots = base;
    pm_cancel_nslots = nslots;
    pm_cancel_clear_all();
}

void
pm_cancel_publish(int slot, pid_t pid, int32_t key)
{
    pm_cancel_slots[slot].key = key;
    atomic_store_explicit(&pm_cancel_slots[slot].pid, (int32_t)pid, memory_order_release);
}

void
pm_cancel_clear(int slot)
{
    atomic_store_explicit(&pm_cancel_slots[slot].pid, 0, memory_order_release);
}

void
pm_cancel_clear_all(void)
{
    for (int i = 0; i < pm_cancel_nslots; i++)
        pm_cancel_clear(i);
}

bool
pm_cancel_backend(int32_t pid, int32_t key)
{
    if (pid <= 0)
        return false;
    for (int i = 0; i < pm_cancel_nslots; i++) {
        if (atomic_load_explicit(&pm_cancel_slots[i].pid, memory_order_acquire) != pid)
            continue;
        if (pm_cancel_slots[i].key != key)
            return false;
        /* ESRCH: it exited meanwhile, and there is nothing left to cancel. */
        (void)kill((pid_t)pid, SIGINT);
        return true;
    }
    return false;
}
