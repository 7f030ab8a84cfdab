/*
 * procarray.c
 *     The proc array (proc.h): a slot per attached process with its pid and running xid.
 *     xact.c assigns xids and takes snapshots under its lock; here only attach and detach.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   3. A slot's xid changes only under proc_array->lock exclusive, so a snapshot taken
 *      under the lock shared sees a consistent set of running xids.
 */
#include "oak/oak.h"

#include "oak/utils/bestatus.h"

#include <unistd.h>

#include "oak/access/xact.h"
#include "oak/storage/bufmgr.h"
#include "oak/storage/ipc.h"
#include "oak/storage/lock.h"
#include "oak/storage/proc.h"
#include "oak/utils/bestatus.h"
#include "oak/storage/shmem.h"
#include "oak/storage/ssi.h"
#include "oak/utils/guc.h"

ProcArray *proc_array;
int proc_my_slot = -1;

enum { PROC_AUX_SLOTS = 16 }; /* startup, checkpointer, walwriter, autovacuum, bootstrap... */

int
proc_max_slots(void)
{
    int n = oak_settings.max_connections > 0 ? oak_settings.max_connections : 100;
    return n + PROC_AUX_SLOTS;
}

size_t
proc_shmem_size(void)
{
    return sizeof(ProcArray) + (size_t)proc_max_slots() * sizeof(ProcSlot);
}

void
proc_shmem_init(uint8_t *mem)
{
    proc_array = (ProcArray *)mem;
    lw_init(&proc_array->lock);
    proc_array->nslots = proc_max_slots();
    memset(proc_array->slots, 0, (size_t)proc_array->nslots * sizeof(ProcSlot));
    proc_my_slot = -1;
}

/* Exit hook: whatever a FATAL left behind goes with the process. */
static void
proc_on_exit(void)
{
    if (proc_my_slot < 0 || proc_array == NULL)
        return;
    storage_abort_cleanup();
    ssi_at_abort();
    if (xact_current_xid() != INVALID_XID)
        xact_abort();
    lock_release_all();
    bestatus_clear(); /* else pg_stat_activity shows us until the slot is reused */
    proc_detach();
}

bool
proc_attach(void)
{
    static bool hook_registered;

    Assert(proc_my_slot < 0);
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE);
    for (int i = 0; i < proc_array->nslots; i++) {
        ProcSlot *slot = &proc_array->slots[i];
        if (slot->in_use)
            continue;
        slot->in_use = true;
        slot->pid = (int)getpid();
        slot->xid = INVALID_XID;
        slot->xmin = INVALID_XID;
        slot->nsubxids = 0;
        proc_my_slot = i;
        break;
    }
    lw_release(&proc_array->lock);
    if (proc_my_slot < 0)
        return false;
    if (!hook_registered) {
        err_on_exit(proc_on_exit);
        hook_registered = true;
    }
    return true;
}

void
proc_detach(void)
{
    if (proc_my_slot < 0)
        return;
    lw_acquire(&proc_array->lock, LW_EXCLUSIVE);
    ProcSlot *slot = &proc_array->slots[proc_my_slot];
    slot->in_use = false;
    slot->pid = 0;
    slot->xid = INVALID_XID;
    slot->xmin = INVALID_XID;
    slot->nsubxids = 0;
    lw_release(&proc_array->lock);
    proc_my_slot = -1;
}

bool
proc_pid_is_attached(int pid)
{
    bool found = false;

    lw_acquire(&proc_array->lock, LW_SHARED);
    for (int i = 0; i < proc_array->nslots && !found; i++)
        found = proc_array->slots[i].in_use && proc_array->slots[i].pid == pid;
    lw_release(&proc_array->lock);
    return found;
}
