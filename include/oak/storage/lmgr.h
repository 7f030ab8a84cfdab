/*
 * lmgr.h
 *     Table write locks for the first slice: a writer of a relation holds that relation's
 *     lock from first write to commit or abort, so writers of one table run one at a time and
 *     readers (MVCC snapshots) never wait. The full heavyweight lock manager with eight modes,
 *     row locks and deadlock detection is issue #4.
 *
 * Deadlock avoidance: a statement takes all its locks at once with lock_tables_write(),
 * which sorts them; locks are only released together at transaction end.
 */
#ifndef OAK_STORAGE_LMGR_H
#define OAK_STORAGE_LMGR_H

#include "oak/oak.h"

typedef struct LockTarget {
    Oid db;
    Oid rel;
} LockTarget;

/* Take write locks on all targets (sorted, duplicates and locks already held skipped). */
void lock_tables_write(const LockTarget *targets, int n);
/* Transaction end (commit or abort): release every lock this backend holds. */
void lock_release_all(void);

#endif /* OAK_STORAGE_LMGR_H */
