/*
 * proc.h
 *     The proc array: one slot per attached process (ipc.h proc_attach), holding its pid and
 *     the xid of its running transaction. Snapshots read it under proc_array_lock.
 */
#ifndef OAK_STORAGE_PROC_H
#define OAK_STORAGE_PROC_H

#include "oak/oak.h"
#include "oak/storage/lwlock.h"

enum { PROC_MAX_SUBXIDS = 64 }; /* subtransaction xids a transaction may hold at once */

typedef struct ProcSlot {
    int pid;     /* 0 if the slot is free; proc_array_lock */
    bool in_use; /* proc_array_lock */
    Xid xid;     /* running transaction or INVALID_XID; written under proc_array_lock exclusive */
    Xid xmin;    /* oldest snapshot xmin this backend still uses, or INVALID_XID; written by
                  * the owner under proc_array_lock exclusive, read by vacuum's horizon */
    int nsubxids; /* live subtransaction xids of xid; proc_array_lock exclusive to change */
    Xid subxids[PROC_MAX_SUBXIDS];
} ProcSlot;

typedef struct ProcArray {
    LwLock lock; /* protects every slot */
    int nslots;  /* written once at shm_create */
    ProcSlot slots[];
} ProcArray;

extern ProcArray *proc_array; /* in shared memory */
extern int proc_my_slot;      /* this process's slot, -1 if not attached */

#endif /* OAK_STORAGE_PROC_H */
