/*
 * lock.h
 *     The heavyweight lock manager (DESIGN.md §2): locks on relations, transaction ids, rows
 *     and advisory keys, in shared memory, with wait queues, deadlock detection after
 *     deadlock_timeout (one victim gets 40P01), lock_timeout (55P03), NOWAIT and SKIP LOCKED.
 *
 * Ownership: every lock a backend takes belongs to its current (sub)transaction level;
 * lock_release_all() at transaction end releases everything, lock_release_level(n) at
 * ROLLBACK TO / RELEASE of a savepoint releases (or hands to the parent) what levels >= n
 * took. Taking a lock already held in the same or a stronger mode is cheap (local table).
 *
 * Relation locks use PostgreSQL's eight table lock modes and conflict table. Row (tuple)
 * locks use PostgreSQL's four row lock modes (FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE,
 * FOR UPDATE) and their conflict table. A transaction id lock is held ExclusiveLock by its
 * own transaction from xact start to end; waiting for a transaction = taking ShareLock on
 * its xid lock and releasing it at once (lock_wait_xid).
 */
#ifndef OAK_STORAGE_LOCK_H
#define OAK_STORAGE_LOCK_H

#include "oak/oak.h"

typedef enum LockMode {
    NO_LOCK = 0,
    ACCESS_SHARE_LOCK = 1,        /* SELECT */
    ROW_SHARE_LOCK = 2,           /* SELECT FOR UPDATE/SHARE */
    ROW_EXCLUSIVE_LOCK = 3,       /* INSERT, UPDATE, DELETE */
    SHARE_UPDATE_EXCLUSIVE_LOCK = 4, /* VACUUM, ANALYZE */
    SHARE_LOCK = 5,               /* CREATE INDEX */
    SHARE_ROW_EXCLUSIVE_LOCK = 6,
    EXCLUSIVE_LOCK = 7,
    ACCESS_EXCLUSIVE_LOCK = 8,    /* DROP TABLE, LOCK TABLE default */
} LockMode;

/* Row lock strengths (LOCKTAG_TUPLE only), weakest first. */
typedef enum RowLockMode {
    ROW_LOCK_KEY_SHARE = 1,
    ROW_LOCK_SHARE = 2,
    ROW_LOCK_NO_KEY_UPDATE = 3,
    ROW_LOCK_UPDATE = 4,
} RowLockMode;

typedef enum LockTagKind {
    LOCKTAG_RELATION = 0,    /* db, rel */
    LOCKTAG_TRANSACTION = 1, /* id = xid */
    LOCKTAG_TUPLE = 2,       /* db, rel, id = hash of the row's primary key (collisions only
                              * make two rows share a lock: never wrong, rarely slower) */
    LOCKTAG_ADVISORY = 3,    /* db, id */
    LOCKTAG_OBJECT = 4,      /* db 0, rel = catalog OID, id = object OID (a database: its
                              * connections, CREATE DATABASE from it and DROP DATABASE) */
} LockTagKind;

typedef struct LockTag {
    uint8_t kind; /* LockTagKind */
    Oid db;
    Oid rel;
    uint64_t id;
} LockTag;

typedef enum LockWaitPolicy {
    LOCK_WAIT_BLOCK = 0, /* wait (deadlock detection, lock_timeout, cancel apply) */
    LOCK_WAIT_NOWAIT,    /* raise 55P03 "could not obtain lock on ..." if not free at once */
    LOCK_WAIT_SKIP,      /* return false if not free at once */
} LockWaitPolicy;

/*
 * Take a lock (mode is a LockMode, or a RowLockMode for LOCKTAG_TUPLE). Returns true when
 * held; false only with LOCK_WAIT_SKIP. Raises 40P01 if this backend's wait closes a
 * cycle (checked after deadlock_timeout), 55P03 on lock_timeout or NOWAIT, 57014 when
 * cancelled while waiting, 53200 "out of shared memory" when the lock table is full.
 */
bool lock_acquire(const LockTag *tag, int mode, LockWaitPolicy policy);
/*
 * Take the lock only if free now (LOCK_WAIT_SKIP): false otherwise, with nothing changed, so
 * that the caller can word its own 55P03 (lock_acquire's NOWAIT message names the relation
 * by OID: "could not obtain lock on relation 16384", "... on row in relation 16384").
 */
bool lock_acquire_or_fail(const LockTag *tag, int mode);
/* Release one lock held in mode (row locks and xid waits release early). */
void lock_release(const LockTag *tag, int mode);
/* Transaction end: release every lock of this backend. */
void lock_release_all(void);
/* ROLLBACK TO SAVEPOINT: release the locks taken at subtransaction levels >= level. */
void lock_release_level(int level);
/* RELEASE SAVEPOINT: locks taken at levels >= level now belong to level - 1. */
void lock_reassign_level(int level);
/* The current subtransaction nesting level locks are recorded at (0 = top level). */
void lock_set_level(int level);

/* Wait until transaction xid has ended (commit or abort); returns at once if it has. */
void lock_wait_xid(Xid xid);
/* Whether the lock could be taken now without waiting (no change made). */
bool lock_would_wait(const LockTag *tag, int mode);

/* The holder of this backend's own transaction lock: called by xact_begin / xact end. */
void lock_xid_begin(Xid xid);

/*
 * Names for messages and pg_locks: "AccessShareLock", ..., "AccessExclusiveLock". Tuple locks
 * are named by the table mode PostgreSQL takes them in, as its pg_locks shows them: key
 * share "AccessShareLock", share "RowShareLock", no key update "ExclusiveLock", update
 * "AccessExclusiveLock". "INVALID" for a mode out of range.
 */
const char *lock_mode_name(LockTagKind kind, int mode);

/* A copy of the lock table for pg_locks (one row per holder or waiter). */
typedef struct LockStatus {
    LockTag tag;
    int mode;
    bool granted;
    int pid;
    Xid xid;         /* the holder's transaction (virtualxid not modelled) */
    bool fastpath;   /* always false */
    int64_t waitstart_us; /* when the wait began (0 if granted), microseconds since epoch */
} LockStatus;

int lock_status_snapshot(LockStatus **rows); /* allocated in the current context */

/*
 * Settings in milliseconds, set per session by the engine. lock_timeout_ms: 0 = off.
 * lock_deadlock_timeout_ms: values below 1 mean 1 (the check is never off; default 1000).
 */
extern int lock_deadlock_timeout_ms;
extern int lock_timeout_ms;

/* Shared memory (listed in shmem.c's parts). */
size_t lock_shmem_size(void);
void lock_shmem_init(uint8_t *mem);

#endif /* OAK_STORAGE_LOCK_H */
