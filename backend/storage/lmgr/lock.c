/*
 * lock.c
 *     The heavyweight lock manager (lock.h): a shared hash table of locked objects split
 *     into 16 partitions, each under an LWLock; per lock, the granted modes with counts,
 *     the holders and a FIFO wait queue; per backend, a local table of the locks it holds
 *     so that taking a lock again costs no shared memory access. Waiters sleep on a futex
 *     word of their own and are granted, in queue order, by whoever releases.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. A lock's counts, holders and queue change only under its partition's LWLock.
 *   2. A LockObj is in its bucket chain iff it has a holder or a waiter; a LockHolder is on
 *      its lock's list iff it holds a mode or its proc waits on that lock.
 *   3. A request is granted only if it conflicts with no mode other backends hold and with
 *      no earlier waiter's request, except that a backend already holding the lock goes
 *      ahead of the first waiter its held modes block (PostgreSQL's rule).
 *   4. Never wait for a heavyweight lock while holding an LWLock: partition locks are
 *      released before sleeping.
 *   5. wait_state goes IDLE -> WAITING (owner, partition lock) -> GRANTED (releaser,
 *      partition lock, then futex wake) or IDLE (owner leaving the queue, partition lock);
 *      GRANTED -> IDLE by the owner alone.
 *   6. A local entry with count > 0 is backed by its mode bit in the shared holder.
 *
 * Not here: the wait-for graph and lock descriptions (lock_deadlock.c), the table write
 * lock wrapper the engine still calls (lmgr.c).
 */
#include "oak/oak.h"

#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "oak/storage/lock.h"
#include "oak/storage/proc.h"
#include "oak/storage/shmem.h"
#include "oak/tcop/tcop.h"

#include "lock_internal.h"

enum {
    LOCK_WAIT_SLICE_MS = 10, /* how often a sleeping waiter looks at interrupts and clocks */
    LOCK_LOCAL_INITIAL = 64, /* local table entries before the first growth */
};

int lock_deadlock_timeout_ms = 1000; /* set per session by the engine (this backend) */
int lock_timeout_ms = 0;             /* set per session by the engine (this backend) */

LockShared *lock_shared;

/*
 * This backend's locks, one entry per (tag, mode) like PostgreSQL's LOCALLOCK. Entries
 * live in a growable array chained from buckets; all of it is process-local.
 */
typedef struct LockLocal {
    LockTag tag;
    uint32_t hash;
    int32_t next;   /* bucket chain or free list */
    int32_t holder; /* shared LockHolder (invariant 6) */
    int32_t count;  /* acquisitions not yet released; 0 while being acquired */
    int16_t mode;
    int16_t level; /* subtransaction level of the first acquisition */
    bool in_use;
} LockLocal;

static MemCtx *lock_local_cx;     /* under mcx_top, for the process */
static LockLocal *lock_local;     /* [lock_local_cap] */
static int32_t *lock_local_heads; /* [lock_local_cap] bucket heads */
static int32_t lock_local_cap;
static int32_t lock_local_free = LOCK_NONE;
static int32_t lock_local_used;
static int lock_level;                         /* lock_set_level */
static int32_t lock_waiting_local = LOCK_NONE; /* entry whose request is queued */

/* Conflict tables, written from PostgreSQL's documentation (table and row lock modes). */
static const uint16_t lock_table_conflicts[LOCK_MODE_SLOTS] = {
    [ACCESS_SHARE_LOCK] = 1u << ACCESS_EXCLUSIVE_LOCK,
    [ROW_SHARE_LOCK] = 1u << EXCLUSIVE_LOCK | 1u << ACCESS_EXCLUSIVE_LOCK,
    [ROW_EXCLUSIVE_LOCK] = 1u << SHARE_LOCK | 1u << SHARE_ROW_EXCLUSIVE_LOCK |
                           1u << EXCLUSIVE_LOCK | 1u << ACCESS_EXCLUSIVE_LOCK,
    [SHARE_UPDATE_EXCLUSIVE_LOCK] = 1u << SHARE_UPDATE_EXCLUSIVE_LOCK | 1u << SHARE_LOCK |
                                    1u << SHARE_ROW_EXCLUSIVE_LOCK | 1u << EXCLUSIVE_LOCK |
                                    1u << ACCESS_EXCLUSIVE_LOCK,
    [SHARE_LOCK] = 1u << ROW_EXCLUSIVE_LOCK | 1u << SHARE_UPDATE_EXCLUSIVE_LOCK |
                   1u << SHARE_ROW_EXCLUSIVE_LOCK | 1u << EXCLUSIVE_LOCK |
                   1u << ACCESS_EXCLUSIVE_LOCK,
    [SHARE_ROW_EXCLUSIVE_LOCK] = 1u << ROW_EXCLUSIVE_LOCK | 1u << SHARE_UPDATE_EXCLUSIVE_LOCK |
                                 1u << SHARE_LOCK | 1u << SHARE_ROW_EXCLUSIVE_LOCK |
                                 1u << EXCLUSIVE_LOCK | 1u << ACCESS_EXCLUSIVE_LOCK,
    [EXCLUSIVE_LOCK] = 1u << ROW_SHARE_LOCK | 1u << ROW_EXCLUSIVE_LOCK |
                       1u << SHARE_UPDATE_EXCLUSIVE_LOCK | 1u << SHARE_LOCK |
                       1u << SHARE_ROW_EXCLUSIVE_LOCK | 1u << EXCLUSIVE_LOCK |
                       1u << ACCESS_EXCLUSIVE_LOCK,
    [ACCESS_EXCLUSIVE_LOCK] = 0x1FE,
};

static const uint16_t lock_row_conflicts[ROW_LOCK_UPDATE + 1] = {
    [ROW_LOCK_KEY_SHARE] = 1u << ROW_LOCK_UPDATE,
    [ROW_LOCK_SHARE] = 1u << ROW_LOCK_NO_KEY_UPDATE | 1u << ROW_LOCK_UPDATE,
    [ROW_LOCK_NO_KEY_UPDATE] =
        1u << ROW_LOCK_SHARE | 1u << ROW_LOCK_NO_KEY_UPDATE | 1u << ROW_LOCK_UPDATE,
    [ROW_LOCK_UPDATE] = 0x1E,
};

uint16_t
lock_conflicts(uint8_t kind, int mode)
{
    return kind == LOCKTAG_TUPLE ? lock_row_conflicts[mode] : lock_table_conflicts[mode];
}

static int
lock_max_mode(uint8_t kind)
{
    return kind == LOCKTAG_TUPLE ? ROW_LOCK_UPDATE : ACCESS_EXCLUSIVE_LOCK;
}

/* ---------- shared memory ---------- */

static int32_t
lock_nbuckets_for(int32_t nlocks)
{
    int32_t n = LOCK_PARTITIONS;
    while (n < nlocks)
        n *= 2;
    return n;
}

size_t
lock_shmem_size(void)
{
    size_t nprocs = (size_t)proc_max_slots();
    size_t nlocks = nprocs * LOCK_PER_BACKEND;
    size_t nbuckets = (size_t)lock_nbuckets_for((int32_t)nlocks);

    return OAK_MAXALIGN(sizeof(LockShared)) + OAK_MAXALIGN(nbuckets * sizeof(int32_t)) +
           OAK_MAXALIGN(nprocs * sizeof(LockProc)) + OAK_MAXALIGN(nlocks * sizeof(LockObj)) +
           OAK_MAXALIGN(2 * nlocks * sizeof(LockHolder));
}

/* Forget this process's local table: shared memory was (re)created and holds nothing. */
static void
lock_local_forget(void)
{
    if (lock_local_cx != NULL)
        mcx_reset(lock_local_cx);
    lock_local = NULL;
    lock_local_heads = NULL;
    lock_local_cap = 0;
    lock_local_free = LOCK_NONE;
    lock_local_used = 0;
    lock_level = 0;
    lock_waiting_local = LOCK_NONE;
}

void
lock_shmem_init(uint8_t *mem)
{
    LockShared *ls = (LockShared *)mem;
    uint8_t *p = mem + OAK_MAXALIGN(sizeof(LockShared));

    ls->nprocs = proc_max_slots();
    ls->nlocks = ls->nprocs * LOCK_PER_BACKEND;
    ls->nholders = 2 * ls->nlocks; /* as PostgreSQL sizes PROCLOCKs */
    ls->nbuckets = lock_nbuckets_for(ls->nlocks);
    for (int i = 0; i < LOCK_PARTITIONS; i++)
        lw_init(&ls->partition[i]);
    spin_init(&ls->free_lock);
    ls->buckets = (int32_t *)p;
    p += OAK_MAXALIGN((size_t)ls->nbuckets * sizeof(int32_t));
    ls->procs = (LockProc *)p;
    p += OAK_MAXALIGN((size_t)ls->nprocs * sizeof(LockProc));
    ls->locks = (LockObj *)p;
    p += OAK_MAXALIGN((size_t)ls->nlocks * sizeof(LockObj));
    ls->holders = (LockHolder *)p;

    for (int32_t i = 0; i < ls->nbuckets; i++)
        ls->buckets[i] = LOCK_NONE;
    for (int32_t i = 0; i < ls->nprocs; i++) {
        LockProc *pr = &ls->procs[i];
        atomic_init(&pr->wait_state, LOCK_PROC_IDLE);
        atomic_init(&pr->pid, 0);
        atomic_init(&pr->xid, INVALID_XID);
        pr->wait_lock = pr->wait_holder = pr->wait_next = LOCK_NONE;
        pr->wait_mode = NO_LOCK;
        pr->wait_start_us = 0;
    }
    for (int32_t i = 0; i < ls->nlocks; i++)
        ls->locks[i].next = i + 1 < ls->nlocks ? i + 1 : LOCK_NONE;
    for (int32_t i = 0; i < ls->nholders; i++)
        ls->holders[i].next = i + 1 < ls->nholders ? i + 1 : LOCK_NONE;
    ls->free_locks = 0;
    ls->free_holders = 0;
    lock_shared = ls;
    lock_local_forget();
}

static uint32_t
lock_tag_hash(const LockTag *tag)
{
    uint64_t h = (uint64_t)tag->kind * 0x9E3779B97F4A7C15ull;
    h = (h ^ tag->db) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ tag->rel) * 0x94D049BB133111EBull;
    h = (h ^ tag->id) * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32);
}

static bool
lock_tag_equal(const LockTag *a, const LockTag *b)
{
    return a->kind == b->kind && a->db == b->db && a->rel == b->rel && a->id == b->id;
}

static LwLock *
lock_partition_of(uint32_t hash)
{
    return &lock_shared->partition[hash % LOCK_PARTITIONS];
}

static LockProc *
lock_my_proc(void)
{
    return &lock_shared->procs[proc_my_slot];
}

/* Take every partition lock, in index order (README: lock order). */
static void
lock_partitions_acquire(LwMode mode)
{
    for (int i = 0; i < LOCK_PARTITIONS; i++)
        lw_acquire(&lock_shared->partition[i], mode);
}

static void
lock_partitions_release(void)
{
    for (int i = LOCK_PARTITIONS - 1; i >= 0; i--)
        lw_release(&lock_shared->partition[i]);
}

/* ---------- shared table entries (caller holds the partition lock) ---------- */

static int32_t
lock_obj_find(const LockTag *tag, uint32_t hash)
{
    int32_t i = lock_shared->buckets[hash & (uint32_t)(lock_shared->nbuckets - 1)];

    while (i != LOCK_NONE && !lock_tag_equal(&lock_shared->locks[i].tag, tag))
        i = lock_shared->locks[i].next;
    return i;
}

/* The lock for tag, created empty if absent; LOCK_NONE when the table is full. */
static int32_t
lock_obj_get(const LockTag *tag, uint32_t hash)
{
    int32_t i = lock_obj_find(tag, hash);
    if (i != LOCK_NONE)
        return i;

    spin_lock(&lock_shared->free_lock);
    i = lock_shared->free_locks;
    if (i != LOCK_NONE)
        lock_shared->free_locks = lock_shared->locks[i].next;
    spin_unlock(&lock_shared->free_lock);
    if (i == LOCK_NONE)
        return LOCK_NONE;

    LockObj *lk = &lock_shared->locks[i];
    int32_t *head = &lock_shared->buckets[hash & (uint32_t)(lock_shared->nbuckets - 1)];
    memset(lk, 0, sizeof *lk);
    lk->tag = *tag;
    lk->hash = hash;
    lk->holders = lk->wait_head = lk->wait_tail = LOCK_NONE;
    lk->next = *head;
    *head = i;
    return i;
}

/* Invariant 2: unlink and free the lock once nobody holds or waits for it. */
static void
lock_obj_free_if_unused(int32_t i)
{
    LockObj *lk = &lock_shared->locks[i];
    if (lk->holders != LOCK_NONE || lk->wait_head != LOCK_NONE)
        return;

    int32_t *link = &lock_shared->buckets[lk->hash & (uint32_t)(lock_shared->nbuckets - 1)];
    while (*link != i)
        link = &lock_shared->locks[*link].next;
    *link = lk->next;
    spin_lock(&lock_shared->free_lock);
    lk->next = lock_shared->free_locks;
    lock_shared->free_locks = i;
    spin_unlock(&lock_shared->free_lock);
}

/* This proc's holder entry on lock li, created empty if absent; LOCK_NONE when full. */
static int32_t
lock_holder_get(int32_t li, int32_t proc)
{
    LockObj *lk = &lock_shared->locks[li];
    int32_t h;

    for (h = lk->holders; h != LOCK_NONE; h = lock_shared->holders[h].next)
        if (lock_shared->holders[h].proc == proc)
            return h;
    spin_lock(&lock_shared->free_lock);
    h = lock_shared->free_holders;
    if (h != LOCK_NONE)
        lock_shared->free_holders = lock_shared->holders[h].next;
    spin_unlock(&lock_shared->free_lock);
    if (h == LOCK_NONE)
        return LOCK_NONE;

    LockHolder *ho = &lock_shared->holders[h];
    ho->lock = li;
    ho->proc = proc;
    ho->held_mask = 0;
    ho->next = lk->holders;
    lk->holders = h;
    return h;
}

/* Invariant 2: drop the holder once it holds nothing and its proc does not wait here. */
static void
lock_holder_free_if_unused(int32_t h)
{
    LockHolder *ho = &lock_shared->holders[h];
    LockProc *pr = &lock_shared->procs[ho->proc];
    if (ho->held_mask != 0 || (pr->wait_lock == ho->lock && pr->wait_holder == h))
        return;

    int32_t *link = &lock_shared->locks[ho->lock].holders;
    while (*link != h)
        link = &lock_shared->holders[*link].next;
    *link = ho->next;
    spin_lock(&lock_shared->free_lock);
    ho->next = lock_shared->free_holders;
    lock_shared->free_holders = h;
    spin_unlock(&lock_shared->free_lock);
}

/* Modes granted on the lock to backends other than holder h's. */
static uint16_t
lock_others_mask(const LockObj *lk, const LockHolder *ho)
{
    uint16_t mask = 0;

    for (int m = 1; m < LOCK_MODE_SLOTS; m++) {
        int32_t n = lk->ngranted[m] - ((ho->held_mask & lock_bit(m)) ? 1 : 0);
        if (n > 0)
            mask |= lock_bit(m);
    }
    return mask;
}

static void
lock_grant_locked(LockObj *lk, LockHolder *ho, int mode)
{
    Assert((ho->held_mask & lock_bit(mode)) == 0);
    ho->held_mask |= lock_bit(mode);
    lk->ngranted[mode]++;
    lk->granted_mask |= lock_bit(mode);
}

static void
lock_ungrant_locked(LockObj *lk, LockHolder *ho, int mode)
{
    Assert((ho->held_mask & lock_bit(mode)) != 0 && lk->ngranted[mode] > 0);
    ho->held_mask &= (uint16_t)~lock_bit(mode);
    if (--lk->ngranted[mode] == 0)
        lk->granted_mask &= (uint16_t)~lock_bit(mode);
}

static void
lock_futex_wake(atomic_uint *word)
{
    (void)syscall(SYS_futex, (unsigned *)word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0); /* no error
                                                                                     * matters */
}

/*
 * Grant queued requests of lock li in queue order: each waiter that conflicts neither with
 * modes others hold nor with a waiter still ahead of it (invariant 3). Partition lock held.
 */
static void
lock_grant_waiters(int32_t li)
{
    LockObj *lk = &lock_shared->locks[li];
    uint16_t ahead = 0;
    int32_t prev = LOCK_NONE;
    int32_t p = lk->wait_head;

    while (p != LOCK_NONE) {
        LockProc *pr = &lock_shared->procs[p];
        LockHolder *ho = &lock_shared->holders[pr->wait_holder];
        uint16_t conf = lock_conflicts(lk->tag.kind, pr->wait_mode);
        int32_t next = pr->wait_next;

        if ((conf & (lock_others_mask(lk, ho) | ahead)) != 0) {
            ahead |= lock_bit(pr->wait_mode);
            prev = p;
            p = next;
            continue;
        }
        if (prev == LOCK_NONE)
            lk->wait_head = next;
        else
            lock_shared->procs[prev].wait_next = next;
        if (lk->wait_tail == p)
            lk->wait_tail = prev;
        lock_grant_locked(lk, ho, pr->wait_mode);
        pr->wait_lock = LOCK_NONE;
        pr->wait_next = LOCK_NONE;
        atomic_store(&pr->wait_state, LOCK_PROC_GRANTED); /* invariant 5; seq_cst pairs with
                                                          * the waiter's futex check */
        lock_futex_wake(&pr->wait_state);
        p = next;
    }
}

/*
 * Take proc out of the wait queue it is in (it was not granted), then grant whoever that
 * unblocks and free what is left unused. The partition lock of its lock is held.
 */
static void
lock_dequeue_locked(int32_t proc)
{
    LockProc *pr = &lock_shared->procs[proc];
    int32_t li = pr->wait_lock;
    LockObj *lk = &lock_shared->locks[li];
    int32_t prev = LOCK_NONE;
    int32_t p = lk->wait_head;

    Assert(atomic_load(&pr->wait_state) == LOCK_PROC_WAITING);
    while (p != proc) {
        prev = p;
        p = lock_shared->procs[p].wait_next;
    }
    if (prev == LOCK_NONE)
        lk->wait_head = pr->wait_next;
    else
        lock_shared->procs[prev].wait_next = pr->wait_next;
    if (lk->wait_tail == proc)
        lk->wait_tail = prev;
    int32_t h = pr->wait_holder;
    pr->wait_lock = LOCK_NONE;
    pr->wait_next = LOCK_NONE;
    atomic_store(&pr->wait_state, LOCK_PROC_IDLE);
    lock_holder_free_if_unused(h);
    lock_grant_waiters(li); /* waiters behind us may have been blocked only by us */
    lock_obj_free_if_unused(li);
}

/* ---------- the local table ---------- */

static int32_t
lock_local_find(const LockTag *tag, int mode, uint32_t hash)
{
    if (lock_local_cap == 0)
        return LOCK_NONE;
    int32_t i = lock_local_heads[(hash ^ (uint32_t)mode) % (uint32_t)lock_local_cap];
    while (i != LOCK_NONE &&
           !(lock_local[i].mode == mode && lock_tag_equal(&lock_local[i].tag, tag)))
        i = lock_local[i].next;
    return i;
}

static void
lock_local_link(int32_t i)
{
    uint32_t b = (lock_local[i].hash ^ (uint32_t)lock_local[i].mode) % (uint32_t)lock_local_cap;
    lock_local[i].next = lock_local_heads[b];
    lock_local_heads[b] = i;
}

/* Double the local table (ERROR when out of memory: nothing shared is touched yet). */
static void
lock_local_grow(void)
{
    int32_t old_cap = lock_local_cap;
    int32_t cap = old_cap == 0 ? LOCK_LOCAL_INITIAL : old_cap * 2;

    if (lock_local_cx == NULL)
        lock_local_cx = mcx_create(mcx_top, "LockLocalTable");
    LockLocal *entries = mcx_alloc0_in(lock_local_cx, (size_t)cap * sizeof(LockLocal));
    int32_t *heads = mcx_alloc_in(lock_local_cx, (size_t)cap * sizeof(int32_t));
    if (old_cap > 0)
        memcpy(entries, lock_local, (size_t)old_cap * sizeof(LockLocal));
    if (lock_local != NULL) {
        mcx_free(lock_local);
        mcx_free(lock_local_heads);
    }
    lock_local = entries;
    lock_local_heads = heads;
    lock_local_cap = cap;
    for (int32_t i = 0; i < cap; i++)
        heads[i] = LOCK_NONE;
    lock_local_free = LOCK_NONE;
    for (int32_t i = cap - 1; i >= 0; i--) {
        if (lock_local[i].in_use) {
            lock_local_link(i);
        } else {
            lock_local[i].next = lock_local_free;
            lock_local_free = i;
        }
    }
}

static int32_t
lock_local_insert(const LockTag *tag, int mode, uint32_t hash)
{
    if (lock_local_free == LOCK_NONE)
        lock_local_grow();
    int32_t i = lock_local_free;
    LockLocal *e = &lock_local[i];
    lock_local_free = e->next;
    e->tag = *tag;
    e->hash = hash;
    e->mode = (int16_t)mode;
    e->holder = LOCK_NONE;
    e->count = 0;
    e->level = (int16_t)lock_level;
    e->in_use = true;
    lock_local_link(i);
    lock_local_used++;
    return i;
}

static void
lock_local_remove(int32_t i)
{
    LockLocal *e = &lock_local[i];
    int32_t *link = &lock_local_heads[(e->hash ^ (uint32_t)e->mode) % (uint32_t)lock_local_cap];

    while (*link != i)
        link = &lock_local[*link].next;
    *link = e->next;
    e->in_use = false;
    e->next = lock_local_free;
    lock_local_free = i;
    lock_local_used--;
}

/* ---------- acquire ---------- */

typedef enum LockOutcome { LOCK_GRANTED, LOCK_REFUSED, LOCK_QUEUED, LOCK_TABLE_FULL } LockOutcome;

static void
lock_check_request(const LockTag *tag, int mode)
{
    if (lock_shared == NULL || proc_my_slot < 0 || proc_my_slot >= lock_shared->nprocs)
        elog_internal("lock manager used by a process without a proc slot");
    if (tag->kind > LOCKTAG_OBJECT || mode < 1 || mode > lock_max_mode(tag->kind))
        elog_internal("unrecognized lock mode: %d", mode);
}

static void __attribute__((noreturn)) lock_report_full(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_OUT_OF_MEMORY),
            err_msg("out of shared memory"),
            err_hint("You might need to increase max_locks_per_transaction."));
}

/*
 * Decide a new request on lock lk by holder ho (PostgreSQL's rule, invariant 3). Returns
 * true to grant at once; otherwise *before is the waiter to queue in front of, or LOCK_NONE
 * for the tail.
 */
static bool
lock_place_request(const LockObj *lk, const LockHolder *ho, int mode, int32_t *before)
{
    uint16_t conf = lock_conflicts(lk->tag.kind, mode);
    bool blocked = (conf & lock_others_mask(lk, ho)) != 0;
    uint16_t ahead = 0;

    *before = LOCK_NONE;
    for (int32_t p = lk->wait_head; p != LOCK_NONE; p = lock_shared->procs[p].wait_next) {
        const LockProc *pr = &lock_shared->procs[p];
        if ((lock_conflicts(lk->tag.kind, pr->wait_mode) & ho->held_mask) != 0) {
            /* our held modes block this waiter: go ahead of it, or it waits for us forever */
            if (!blocked && (conf & ahead) == 0)
                return true;
            *before = p;
            return false;
        }
        ahead |= lock_bit(pr->wait_mode);
    }
    return !blocked && (conf & ahead) == 0;
}

static void
lock_enqueue_locked(int32_t li, int32_t h, int mode, int32_t before)
{
    LockObj *lk = &lock_shared->locks[li];
    LockProc *me = lock_my_proc();
    struct timespec now;

    (void)clock_gettime(CLOCK_REALTIME, &now); /* cannot fail with a valid clock id */
    me->wait_lock = li;
    me->wait_holder = h;
    me->wait_mode = mode;
    me->wait_start_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
    me->wait_next = before;
    if (before == LOCK_NONE) {
        if (lk->wait_tail == LOCK_NONE)
            lk->wait_head = proc_my_slot;
        else
            lock_shared->procs[lk->wait_tail].wait_next = proc_my_slot;
        lk->wait_tail = proc_my_slot;
    } else if (lk->wait_head == before) {
        lk->wait_head = proc_my_slot;
    } else {
        int32_t p = lk->wait_head;
        while (lock_shared->procs[p].wait_next != before)
            p = lock_shared->procs[p].wait_next;
        lock_shared->procs[p].wait_next = proc_my_slot;
    }
    atomic_store(&me->wait_state, LOCK_PROC_WAITING);
}

/*
 * The shared half of an acquisition for local entry e (count 0): grant, refuse (the
 * policy does not wait) or queue. Takes and releases the partition lock; raises 53200
 * when the table is full, leaving nothing behind but e (the caller's to remove).
 */
static LockOutcome
lock_acquire_shared(LockLocal *e, LockWaitPolicy policy)
{
    LwLock *part = lock_partition_of(e->hash);
    int32_t before;

    atomic_store_explicit(&lock_my_proc()->pid, (int)getpid(), memory_order_relaxed);
    lw_acquire(part, LW_EXCLUSIVE);
    int32_t li = lock_obj_get(&e->tag, e->hash);
    int32_t h = li == LOCK_NONE ? LOCK_NONE : lock_holder_get(li, proc_my_slot);
    if (h == LOCK_NONE) {
        if (li != LOCK_NONE)
            lock_obj_free_if_unused(li);
        lw_release(part);
        return LOCK_TABLE_FULL; /* reported by the caller, after undoing its local entry */
    }
    LockObj *lk = &lock_shared->locks[li];
    LockHolder *ho = &lock_shared->holders[h];
    LockOutcome out;
    if (lock_place_request(lk, ho, e->mode, &before)) {
        lock_grant_locked(lk, ho, e->mode);
        out = LOCK_GRANTED;
    } else if (policy != LOCK_WAIT_BLOCK) {
        lock_holder_free_if_unused(h);
        lock_obj_free_if_unused(li);
        out = LOCK_REFUSED;
    } else {
        lock_enqueue_locked(li, h, e->mode, before);
        out = LOCK_QUEUED;
    }
    lw_release(part);
    e->holder = h;
    return out;
}

static void __attribute__((noreturn)) lock_report_nowait(const LockTag *tag)
{
    if (tag->kind == LOCKTAG_RELATION)
        ereport(ERROR,
                err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
                err_msg("could not obtain lock on relation %u", tag->rel));
    if (tag->kind == LOCKTAG_TUPLE)
        ereport(ERROR,
                err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
                err_msg("could not obtain lock on row in relation %u", tag->rel));
    ereport(ERROR,
            err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
            err_msg("could not obtain lock on %s", lock_describe_tag(tag)));
}

/* A request of ours was granted after waiting: the local entry now counts it. */
static void
lock_wait_done(int32_t i)
{
    atomic_store(&lock_my_proc()->wait_state, LOCK_PROC_IDLE); /* invariant 5 */
    lock_waiting_local = LOCK_NONE;
    lock_local[i].count = 1;
    lock_local[i].level = (int16_t)lock_level;
}

/*
 * Leave the wait queue. Returns true if we were still waiting (the request is gone, its
 * local entry removed); false if a releaser granted it meanwhile (it is now held and
 * counted) or nothing was queued. Partition locks: none on entry or return.
 */
static bool
lock_wait_abandon(void)
{
    int32_t i = lock_waiting_local;
    if (i == LOCK_NONE)
        return false;

    LwLock *part = lock_partition_of(lock_local[i].hash);
    lw_acquire(part, LW_EXCLUSIVE);
    bool queued = atomic_load(&lock_my_proc()->wait_state) == LOCK_PROC_WAITING;
    if (queued)
        lock_dequeue_locked(proc_my_slot);
    lw_release(part);
    if (!queued) {
        lock_wait_done(i);
        return false;
    }
    lock_waiting_local = LOCK_NONE;
    lock_local_remove(i);
    return true;
}

/* Cancel and termination while waiting: leave the queue before the error unwinds. */
static void
lock_wait_check_interrupts(void)
{
    err_try();
    {
        tcop_check_interrupts(); /* FATAL exits through lock_release_all, which also leaves */
    }
    err_catch();
    {
        (void)lock_wait_abandon();
        err_rethrow();
    }
    err_end_try();
}

/*
 * deadlock_timeout has passed: look for a wait-for cycle through us with the whole table
 * frozen (every partition lock, in order). If there is one, we are the victim: leave the
 * queue before anyone else can look, so exactly one process of the cycle errors out.
 */
static void
lock_wait_check_deadlock(int32_t i)
{
    StrBuf detail;

    sb_init(&detail);
    lock_partitions_acquire(LW_EXCLUSIVE);
    bool found = atomic_load(&lock_my_proc()->wait_state) == LOCK_PROC_WAITING &&
                 lock_deadlock_find(proc_my_slot, &detail);
    if (found)
        lock_dequeue_locked(proc_my_slot);
    lock_partitions_release();
    if (!found)
        return;
    lock_waiting_local = LOCK_NONE;
    lock_local_remove(i);
    ereport(ERROR,
            err_code(SQLSTATE_DEADLOCK_DETECTED),
            err_msg("deadlock detected"),
            err_detail("%s", detail.data),
            err_hint("See server log for query details."));
}

static int64_t
lock_now_ms(void)
{
    struct timespec ts;

    (void)clock_gettime(CLOCK_MONOTONIC, &ts); /* cannot fail with a valid clock id */
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Sleep until local entry i's queued request is granted. Every slice (or signal) we look
 * at interrupts; once after deadlock_timeout we run the deadlock check; after lock_timeout
 * we give up. No LWLock is held on entry (invariant 4). Raises 40P01, 55P03, 57014.
 */
static void
lock_wait_sleep(int32_t i)
{
    LockProc *me = lock_my_proc();
    const int64_t start_ms = lock_now_ms();
    const int deadlock_ms = lock_deadlock_timeout_ms > 0 ? lock_deadlock_timeout_ms : 1;
    bool checked = false;

    lock_waiting_local = i;
    while (atomic_load(&me->wait_state) != LOCK_PROC_GRANTED) {
        struct timespec slice = {0, LOCK_WAIT_SLICE_MS * 1000000L};
        /* EAGAIN (already granted), EINTR (signal) and ETIMEDOUT all mean: look again */
        (void)syscall(
            SYS_futex, (unsigned *)&me->wait_state, FUTEX_WAIT, LOCK_PROC_WAITING, &slice, NULL, 0);
        if (atomic_load(&me->wait_state) == LOCK_PROC_GRANTED)
            break;
        lock_wait_check_interrupts();
        int64_t waited_ms = lock_now_ms() - start_ms;
        if (!checked && waited_ms >= deadlock_ms) {
            checked = true; /* one check per wait, as PostgreSQL: a cycle closing later is
                             * found by the backend whose wait closes it */
            lock_wait_check_deadlock(i);
        }
        if (lock_timeout_ms > 0 && waited_ms >= lock_timeout_ms) {
            if (!lock_wait_abandon())
                return; /* granted just now */
            ereport(ERROR,
                    err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
                    err_msg("canceling statement due to lock timeout"));
        }
    }
    lock_wait_done(i);
}

bool
lock_acquire(const LockTag *tag, int mode, LockWaitPolicy policy)
{
    lock_check_request(tag, mode);
    uint32_t hash = lock_tag_hash(tag);
    int32_t i = lock_local_find(tag, mode, hash);

    if (i != LOCK_NONE && lock_local[i].count > 0) {
        lock_local[i].count++; /* held already: no shared memory access */
        return true;
    }
    if (i == LOCK_NONE)
        i = lock_local_insert(tag, mode, hash);
    LockOutcome out = lock_acquire_shared(&lock_local[i], policy);
    switch (out) {
    case LOCK_GRANTED:
        lock_local[i].count = 1;
        lock_local[i].level = (int16_t)lock_level;
        return true;
    case LOCK_QUEUED:
        lock_wait_sleep(i);
        return true;
    case LOCK_REFUSED:
        lock_local_remove(i);
        if (policy == LOCK_WAIT_NOWAIT)
            lock_report_nowait(tag);
        return false;
    case LOCK_TABLE_FULL:
        break;
    }
    lock_local_remove(i);
    lock_report_full();
}

bool
lock_acquire_or_fail(const LockTag *tag, int mode)
{
    return lock_acquire(tag, mode, LOCK_WAIT_SKIP);
}

/* ---------- release ---------- */

/* Give back local entry i's mode in shared memory and wake whom that unblocks. */
static void
lock_release_shared(const LockLocal *e)
{
    LwLock *part = lock_partition_of(e->hash);

    lw_acquire(part, LW_EXCLUSIVE);
    LockHolder *ho = &lock_shared->holders[e->holder];
    int32_t li = ho->lock;
    Assert(ho->proc == proc_my_slot);
    lock_ungrant_locked(&lock_shared->locks[li], ho, e->mode);
    lock_holder_free_if_unused(e->holder);
    lock_grant_waiters(li);
    lock_obj_free_if_unused(li);
    lw_release(part);
}

void
lock_release(const LockTag *tag, int mode)
{
    lock_check_request(tag, mode);
    int32_t i = lock_local_find(tag, mode, lock_tag_hash(tag));

    if (i == LOCK_NONE || lock_local[i].count == 0) {
        ereport(WARNING,
                err_code(SQLSTATE_INTERNAL_ERROR),
                err_msg("you don't own a lock of type %s", lock_mode_name(tag->kind, mode)));
        return;
    }
    if (--lock_local[i].count > 0)
        return;
    lock_release_shared(&lock_local[i]);
    lock_local_remove(i);
}

/* Release every local entry whose level is >= min_level (0: all). */
static void
lock_release_from_level(int min_level)
{
    (void)lock_wait_abandon(); /* an ERROR or FATAL may have cut a wait short */
    for (int32_t i = 0; i < lock_local_cap && lock_local_used > 0; i++) {
        LockLocal *e = &lock_local[i];
        if (!e->in_use || e->level < min_level)
            continue;
        if (e->count > 0)
            lock_release_shared(e);
        lock_local_remove(i);
    }
}

void
lock_release_all(void)
{
    if (lock_shared == NULL)
        return;
    if (proc_my_slot < 0) {
        Assert(lock_local_used == 0); /* locks belong to a slot: detach comes after release */
        return;
    }
    lock_release_from_level(0);
    atomic_store_explicit(&lock_my_proc()->xid, INVALID_XID, memory_order_relaxed);
    lock_level = 0;
}

void
lock_release_level(int level)
{
    if (lock_shared == NULL || proc_my_slot < 0)
        return;
    lock_release_from_level(level);
}

void
lock_reassign_level(int level)
{
    for (int32_t i = 0; i < lock_local_cap; i++)
        if (lock_local[i].in_use && lock_local[i].level >= level)
            lock_local[i].level = (int16_t)(level > 0 ? level - 1 : 0);
}

void
lock_set_level(int level)
{
    Assert(level >= 0 && level <= INT16_MAX);
    lock_level = level;
}

/* ---------- transactions ---------- */

void
lock_xid_begin(Xid xid)
{
    LockTag tag = {.kind = LOCKTAG_TRANSACTION, .id = xid};

    lock_acquire(&tag, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK); /* a new xid: nobody else holds it */
    /* pg_locks shows the top-level xid: a subtransaction's xid does not replace it */
    Xid expected = INVALID_XID;
    (void)atomic_compare_exchange_strong(&lock_my_proc()->xid, &expected, xid);
}

void
lock_wait_xid(Xid xid)
{
    LockTag tag = {.kind = LOCKTAG_TRANSACTION, .id = xid};

    lock_acquire(&tag, SHARE_LOCK, LOCK_WAIT_BLOCK);
    lock_release(&tag, SHARE_LOCK);
}

bool
lock_would_wait(const LockTag *tag, int mode)
{
    lock_check_request(tag, mode);
    uint32_t hash = lock_tag_hash(tag);
    int32_t i = lock_local_find(tag, mode, hash);
    if (i != LOCK_NONE && lock_local[i].count > 0)
        return false;

    LwLock *part = lock_partition_of(hash);
    int32_t before;
    bool wait = false;
    lw_acquire(part, LW_SHARED);
    int32_t li = lock_obj_find(tag, hash);
    if (li != LOCK_NONE) {
        const LockObj *lk = &lock_shared->locks[li];
        LockHolder none = {.proc = proc_my_slot, .held_mask = 0};
        const LockHolder *ho = &none;
        for (int32_t h = lk->holders; h != LOCK_NONE; h = lock_shared->holders[h].next)
            if (lock_shared->holders[h].proc == proc_my_slot)
                ho = &lock_shared->holders[h];
        wait = !lock_place_request(lk, ho, mode, &before);
    }
    lw_release(part);
    return wait;
}

/* ---------- pg_locks ---------- */

static void
lock_status_fill(LockStatus *row, const LockObj *lk, int32_t proc, int mode)
{
    const LockProc *pr = &lock_shared->procs[proc];

    row->tag = lk->tag;
    row->mode = mode;
    row->pid = atomic_load_explicit(&pr->pid, memory_order_relaxed);
    row->xid = atomic_load_explicit(&pr->xid, memory_order_relaxed);
    row->fastpath = false;
    row->granted = true;
    row->waitstart_us = 0;
}

/* Rows for one lock: granted modes per holder, then waiters in queue order. */
static int
lock_status_of(const LockObj *lk, LockStatus *rows)
{
    int n = 0;

    for (int32_t h = lk->holders; h != LOCK_NONE; h = lock_shared->holders[h].next) {
        const LockHolder *ho = &lock_shared->holders[h];
        for (int m = 1; m < LOCK_MODE_SLOTS; m++)
            if (ho->held_mask & lock_bit(m)) {
                if (rows != NULL)
                    lock_status_fill(&rows[n], lk, ho->proc, m);
                n++;
            }
    }
    for (int32_t p = lk->wait_head; p != LOCK_NONE; p = lock_shared->procs[p].wait_next) {
        if (rows != NULL) {
            const LockProc *pr = &lock_shared->procs[p];
            lock_status_fill(&rows[n], lk, p, pr->wait_mode);
            rows[n].granted = false;
            rows[n].waitstart_us = pr->wait_start_us;
        }
        n++;
    }
    return n;
}

int
lock_status_snapshot(LockStatus **rows)
{
    int n = 0;

    if (lock_shared == NULL) {
        *rows = mcx_alloc(sizeof(LockStatus));
        return 0;
    }
    lock_partitions_acquire(LW_SHARED); /* one consistent picture of the whole table */
    for (int32_t b = 0; b < lock_shared->nbuckets; b++)
        for (int32_t i = lock_shared->buckets[b]; i != LOCK_NONE; i = lock_shared->locks[i].next)
            n += lock_status_of(&lock_shared->locks[i], NULL);
    LockStatus *out = mcx_alloc0((size_t)(n > 0 ? n : 1) * sizeof(LockStatus)); /* ERROR:
                                                                        * abort frees LWLocks */
    int k = 0;
    for (int32_t b = 0; b < lock_shared->nbuckets; b++)
        for (int32_t i = lock_shared->buckets[b]; i != LOCK_NONE; i = lock_shared->locks[i].next)
            k += lock_status_of(&lock_shared->locks[i], out + k);
    lock_partitions_release();
    Assert(k == n);
    *rows = out;
    return n;
}

const char *
lock_mode_name(LockTagKind kind, int mode)
{
    static const char *const table_names[LOCK_MODE_SLOTS] = {
        "INVALID",
        "AccessShareLock",
        "RowShareLock",
        "RowExclusiveLock",
        "ShareUpdateExclusiveLock",
        "ShareLock",
        "ShareRowExclusiveLock",
        "ExclusiveLock",
        "AccessExclusiveLock",
    };
    /*
     * PostgreSQL takes a tuple's heavyweight lock in a table mode chosen by the row lock
     * strength, and pg_locks and deadlock reports show that table mode: so do we.
     */
    static const int row_as_table[ROW_LOCK_UPDATE + 1] = {
        [ROW_LOCK_KEY_SHARE] = ACCESS_SHARE_LOCK,
        [ROW_LOCK_SHARE] = ROW_SHARE_LOCK,
        [ROW_LOCK_NO_KEY_UPDATE] = EXCLUSIVE_LOCK,
        [ROW_LOCK_UPDATE] = ACCESS_EXCLUSIVE_LOCK,
    };

    if (mode < 1 || mode > lock_max_mode(kind))
        return "INVALID";
    return table_names[kind == LOCKTAG_TUPLE ? row_as_table[mode] : mode];
}
