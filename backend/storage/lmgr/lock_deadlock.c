/*
 * lock_deadlock.c
 *     Deadlock detection for the heavyweight lock manager: a depth-first search of the
 *     wait-for graph from the backend running the check, and the words of its report
 *     ("Process 12 waits for ShareLock on transaction 731; blocked by process 34.").
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   7. The graph is read with every partition lock held, so it is one consistent picture;
 *      a waiter has edges to the other holders of modes conflicting with its request and
 *      to the earlier waiters in its queue whose requests conflict with it.
 *
 * Not here: when the check runs and what the victim does (lock.c, lock_wait_check_deadlock).
 */
#include "oak/oak.h"

#include <inttypes.h>

#include "lock_internal.h"

/* One waits-for edge of the path being explored. */
typedef struct LockEdge {
    int32_t waiter;
    int32_t blocker;
} LockEdge;

typedef struct LockSearch {
    int32_t target; /* the backend running the check */
    uint8_t *seen;  /* [nprocs] procs already explored */
    LockEdge *path; /* [nprocs] edges from target to the current proc */
    int len;        /* edges of the cycle, once found */
} LockSearch;

static bool lock_deadlock_visit(LockSearch *s, int32_t p, int depth);

static bool
lock_deadlock_edge(LockSearch *s, int32_t p, int32_t q, int depth)
{
    s->path[depth].waiter = p;
    s->path[depth].blocker = q;
    if (q == s->target) {
        s->len = depth + 1;
        return true;
    }
    if (s->seen[q])
        return false;
    s->seen[q] = 1;
    return lock_deadlock_visit(s, q, depth + 1);
}

/* Follow every edge out of proc p; true once one leads back to the target. */
static bool
lock_deadlock_visit(LockSearch *s, int32_t p, int depth)
{
    const LockProc *pr = &lock_shared->procs[p];

    if (depth >= lock_shared->nprocs || atomic_load(&pr->wait_state) != LOCK_PROC_WAITING)
        return false;
    const LockObj *lk = &lock_shared->locks[pr->wait_lock];
    uint16_t conf = lock_conflicts(lk->tag.kind, pr->wait_mode);

    for (int32_t h = lk->holders; h != LOCK_NONE; h = lock_shared->holders[h].next) {
        const LockHolder *ho = &lock_shared->holders[h];
        if (ho->proc != p && (ho->held_mask & conf) != 0 &&
            lock_deadlock_edge(s, p, ho->proc, depth))
            return true;
    }
    for (int32_t q = lk->wait_head; q != p && q != LOCK_NONE; q = lock_shared->procs[q].wait_next) {
        if ((lock_bit(lock_shared->procs[q].wait_mode) & conf) != 0 &&
            lock_deadlock_edge(s, p, q, depth))
            return true;
    }
    return false;
}

bool
lock_deadlock_find(int32_t me, StrBuf *detail)
{
    LockSearch s = {.target = me, .len = 0};

    s.seen = mcx_alloc0((size_t)lock_shared->nprocs);
    s.path = mcx_alloc((size_t)lock_shared->nprocs * sizeof(LockEdge));
    s.seen[me] = 1;
    bool found = lock_deadlock_visit(&s, me, 0);
    for (int i = 0; found && i < s.len; i++) {
        const LockProc *w = &lock_shared->procs[s.path[i].waiter];
        const LockProc *b = &lock_shared->procs[s.path[i].blocker];
        const LockObj *lk = &lock_shared->locks[w->wait_lock];
        sb_appendf(detail,
                   "%sProcess %d waits for %s on %s; blocked by process %d.",
                   i > 0 ? "\n" : "",
                   atomic_load_explicit(&w->pid, memory_order_relaxed),
                   lock_mode_name(lk->tag.kind, w->wait_mode),
                   lock_describe_tag(&lk->tag),
                   atomic_load_explicit(&b->pid, memory_order_relaxed));
    }
    mcx_free(s.seen);
    mcx_free(s.path);
    return found;
}

char *
lock_describe_tag(const LockTag *tag)
{
    switch ((LockTagKind)tag->kind) {
    case LOCKTAG_RELATION:
        return mcx_printf("relation %u of database %u", tag->rel, tag->db);
    case LOCKTAG_TRANSACTION:
        return mcx_printf("transaction %" PRIu64, tag->id);
    case LOCKTAG_TUPLE:
        /* PostgreSQL prints (block,offset); our row lock id is the primary key's hash */
        return mcx_printf("tuple (%" PRIu64 ") of relation %u of database %u",
                          tag->id,
                          tag->rel,
                          tag->db);
    case LOCKTAG_OBJECT:
        return mcx_printf("object %u of class %u of database %u",
                          (unsigned)tag->id,
                          tag->rel,
                          tag->db);
    case LOCKTAG_ADVISORY:
        /* PostgreSQL's form for a bigint key: [db, high half, low half, 1] */
        return mcx_printf("advisory lock [%u,%u,%u,1]",
                          tag->db,
                          (unsigned)(tag->id >> 32),
                          (unsigned)(tag->id & 0xFFFFFFFFu));
    }
    return mcx_printf("unrecognized locktag type %d", (int)tag->kind);
}
