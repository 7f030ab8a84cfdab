/*
 * ssi.c
 *     Serializable Snapshot Isolation (ssi.h): serializable-transaction records, SIREAD
 *     locks on primary-key ranges, rw-conflict edges and the dangerous-structure rules of
 *     Cahill et al. with the refinements of Ports & Grittner (VLDB 2012): the structure
 *     T_in -> T_pivot -> T_out matters only if T_out commits first, and a read-only T_in only
 *     if T_out committed before T_in's snapshot.
 *
 * Invariants kept here (numbered as in README-ssi.md):
 *   1. Everything shared is under ssi->lock; a transaction's snapshot is taken and its
 *      last_seq_before_snapshot read in one hold of it, and commit_seq is handed out under it
 *      after the transaction left the proc array: commit_seq <= last_seq_before_snapshot
 *      means the commit is visible to that snapshot.
 *   2. A committed record stays (with its SIREAD locks and edges) while an active record's
 *      snapshot was taken before its commit; when it goes, edges to and from it become the
 *      survivors' summary flags.
 *   3. An aborted record goes at once with its edges and locks: its writes never happened.
 *   4. Only the backend owning a record fails with 40001 for it; another backend only dooms
 *      it (never a committed one), and the owner fails at its next check or at commit.
 *
 * Not here: where reads and writes call in (tbl_am.c), transaction ends (engine_xact.c).
 */
#include "oak/oak.h"

#include <inttypes.h>

#include "oak/storage/lwlock.h"
#include "oak/storage/proc.h"
#include "oak/storage/shmem.h"
#include "oak/storage/ssi.h"

enum {
    SSI_MAX_XACTS = 512,         /* serializable records, active plus committed ones kept */
    SSI_MAX_LOCKS = 8192,        /* SIREAD locks in all */
    SSI_KEY_MAX = 48,            /* a longer bound is dropped: the lock covers more, never less */
    SSI_MAX_RANGES_PER_REL = 32, /* then one transaction's ranges become a relation lock */
    SSI_MAX_XIDS = PROC_MAX_SUBXIDS + 1,
    SSI_WORDS = SSI_MAX_XACTS / 64,
    SSI_NONE = -1,
};

typedef enum SsiState { SSI_FREE = 0, SSI_ACTIVE, SSI_COMMITTED } SsiState;

/* One serializable transaction; every field under ssi->lock. */
typedef struct SsiXact {
    SsiState state;
    bool read_only; /* declared READ ONLY, or committed without writing */
    bool wrote;
    bool doomed;      /* must fail at its next check (invariant 4) */
    bool summary_in;  /* had an rw-conflict in from a record that went (invariant 2) */
    bool summary_out; /* had an rw-conflict out to a committed record that went */
    uint64_t last_seq_before_snapshot;
    uint64_t prepare_seq;             /* 0 until ssi_pre_commit passed ("committing") */
    uint64_t commit_seq;              /* 0 until committed */
    uint64_t summary_out_prepare_seq; /* earliest prepare_seq among summary_out's partners */
    int nxids;
    Xid xids[SSI_MAX_XIDS];  /* top-level xid and subtransaction xids that wrote */
    int first_lock;          /* its SIREAD locks, chained through SsiLock.next */
    uint64_t in[SSI_WORDS];  /* bit r: rw-conflict r -> this (r read what this wrote) */
    uint64_t out[SSI_WORDS]; /* bit w: rw-conflict this -> w */
} SsiXact;

/* A SIREAD lock: a relation, or a range of its primary-key encodings. ssi->lock. */
typedef struct SsiLock {
    int owner; /* record slot, SSI_NONE when free */
    int next;  /* owner's chain, or the free list */
    Oid db;
    Oid rel;
    bool whole;
    bool has_lo;
    bool lo_incl;
    bool has_hi;
    bool hi_incl;
    uint8_t lo_len;
    uint8_t hi_len;
    uint8_t lo[SSI_KEY_MAX];
    uint8_t hi[SSI_KEY_MAX];
} SsiLock;

typedef struct SsiShared {
    LwLock lock;
    uint64_t last_seq; /* prepare_seq and commit_seq counter */
    int lock_high;     /* locks[lock_high..] never used; conflict-in scans below it */
    int free_lock;
    SsiXact xacts[SSI_MAX_XACTS];
    SsiLock locks[SSI_MAX_LOCKS];
} SsiShared;

static SsiShared *ssi;
static int ssi_my = SSI_NONE;                /* this backend's record; written by this backend */
static Xid ssi_last_noted_xid = INVALID_XID; /* ssi_note_xid's shortcut */

typedef enum SsiReason {
    SSI_PIVOT_WRITE,
    SSI_PIVOT_COMMIT,
    SSI_PIVOT_OUT_CHECK,
    SSI_PIVOT_IN_CHECK,
    SSI_OUT_TO_PIVOT_READ,
    SSI_OUT_TO_PIVOT_COMMIT,
} SsiReason;

size_t
ssi_shmem_size(void)
{
    return sizeof(SsiShared);
}

void
ssi_shmem_init(uint8_t *mem)
{
    ssi = (SsiShared *)mem;
    memset(ssi, 0, sizeof *ssi);
    lw_init(&ssi->lock);
    ssi->free_lock = SSI_NONE;
    for (int i = 0; i < SSI_MAX_LOCKS; i++)
        ssi->locks[i].owner = SSI_NONE;
    ssi_my = SSI_NONE;
}

/* Raise 40001 for this backend's transaction. Releases ssi->lock first if held. */
static void __attribute__((noreturn)) ssi_fail(SsiReason why, Xid pivot)
{
    static const char *const reasons[] = {
        [SSI_PIVOT_WRITE] = "Canceled on identification as a pivot, during write.",
        [SSI_PIVOT_COMMIT] = "Canceled on identification as a pivot, during commit attempt.",
        [SSI_PIVOT_OUT_CHECK] =
            "Canceled on identification as a pivot, during conflict out checking.",
        [SSI_PIVOT_IN_CHECK] =
            "Canceled on identification as a pivot, during conflict in checking.",
        [SSI_OUT_TO_PIVOT_READ] = "during read",
        [SSI_OUT_TO_PIVOT_COMMIT] = "during commit attempt",
    };
    const char *detail = why == SSI_OUT_TO_PIVOT_READ || why == SSI_OUT_TO_PIVOT_COMMIT
                             ? mcx_printf("Canceled on conflict out to pivot %" PRIu64 ", %s.",
                                          (uint64_t)pivot,
                                          reasons[why])
                             : reasons[why];

    if (lw_held_by_me(&ssi->lock))
        lw_release(&ssi->lock);
    ereport(ERROR,
            err_code(SQLSTATE_SERIALIZATION_FAILURE),
            err_msg("could not serialize access due to read/write dependencies among "
                    "transactions"),
            err_detail("Reason code: %s", detail),
            err_hint("The transaction might succeed if retried."));
}

/* ---- Records and edges ---- */

static bool
ssi_bit(const uint64_t *set, int i)
{
    return (set[i / 64] >> (i % 64)) & 1;
}

static void
ssi_set_bit(uint64_t *set, int i, bool on)
{
    if (on)
        set[i / 64] |= (uint64_t)1 << (i % 64);
    else
        set[i / 64] &= ~((uint64_t)1 << (i % 64));
}

static SsiXact *
ssi_xact(int slot)
{
    return &ssi->xacts[slot];
}

static bool
ssi_is_prepared(const SsiXact *x)
{
    return x->prepare_seq != 0;
}

static bool
ssi_is_committed(const SsiXact *x)
{
    return x->commit_seq != 0;
}

/* The record whose transaction wrote with xid, or SSI_NONE (not serializable, or gone). */
static int
ssi_find_xid(Xid xid)
{
    for (int i = 0; i < SSI_MAX_XACTS; i++) {
        const SsiXact *x = &ssi->xacts[i];
        if (x->state == SSI_FREE)
            continue;
        for (int j = 0; j < x->nxids; j++)
            if (x->xids[j] == xid)
                return i;
    }
    return SSI_NONE;
}

static Xid
ssi_top_xid(int slot)
{
    const SsiXact *x = ssi_xact(slot);
    return x->nxids > 0 ? x->xids[0] : INVALID_XID;
}

static void
ssi_add_edge(int reader, int writer)
{
    ssi_set_bit(ssi_xact(reader)->out, writer, true);
    ssi_set_bit(ssi_xact(writer)->in, reader, true);
}

/*
 * Earliest prepare_seq among w's rw-conflicts out to transactions that were committing
 * before w itself committed (before = strictly smaller sequence number), 0 if none. This is
 * when the structure "-> w -> T_out" became possible with T_out first.
 */
static uint64_t
ssi_earliest_out_before(int w, uint64_t before)
{
    const SsiXact *x = ssi_xact(w);
    uint64_t best = 0;

    if (x->summary_out && x->summary_out_prepare_seq < before)
        best = x->summary_out_prepare_seq;
    for (int t = 0; t < SSI_MAX_XACTS; t++) {
        if (!ssi_bit(x->out, t))
            continue;
        uint64_t p = ssi_xact(t)->prepare_seq;
        if (p != 0 && p < before && (best == 0 || p < best))
            best = p;
    }
    return best;
}

/*
 * Whether an rw-conflict W -> T_out, T_out having started committing at sequence number p
 * (0: not yet), makes R -> W -> T_out dangerous: T_out must commit first (before R and W
 * commit), and a read-only R must have seen T_out's commit (else R serializes before all).
 */
static bool
ssi_out_commits_first(const SsiXact *r, const SsiXact *w, uint64_t p)
{
    if (p == 0)
        return false;
    if (ssi_is_committed(r) && p > r->commit_seq)
        return false;
    if (ssi_is_committed(w) && p > w->commit_seq)
        return false;
    return !(r->read_only && p > r->last_seq_before_snapshot);
}

/* Rule: R -> W -> T_out with T_out committing first (W the pivot). */
static bool
ssi_writer_is_pivot(int reader, int writer)
{
    const SsiXact *r = ssi_xact(reader);
    const SsiXact *w = ssi_xact(writer);

    if (w->summary_out && ssi_out_commits_first(r, w, w->summary_out_prepare_seq))
        return true;
    for (int t = 0; t < SSI_MAX_XACTS; t++)
        if (ssi_bit(w->out, t) && ssi_out_commits_first(r, w, ssi_xact(t)->prepare_seq))
            return true;
    return false;
}

/* Rule: T_in -> R -> W with W committing first (R the pivot). */
static bool
ssi_reader_is_pivot(int reader, int writer)
{
    const SsiXact *r = ssi_xact(reader);
    const SsiXact *w = ssi_xact(writer);

    if (!ssi_is_prepared(w) || r->read_only)
        return false;
    if (r->summary_in)
        return true;
    for (int t = 0; t < SSI_MAX_XACTS; t++) {
        if (!ssi_bit(r->in, t))
            continue;
        const SsiXact *in = ssi_xact(t);
        if (in->doomed)
            continue;
        if (ssi_is_committed(in) && in->commit_seq < w->prepare_seq)
            continue; /* T_in committed before W */
        if (in->read_only && in->last_seq_before_snapshot < w->prepare_seq)
            continue; /* read-only T_in overlaps W: it serializes before W */
        return true;
    }
    return false;
}

/*
 * A new rw-conflict reader -> writer was just recorded, by this backend, which owns one of
 * the two. Fail or doom whoever must go (invariant 4). Called under ssi->lock; returns with
 * it held unless it raised 40001.
 */
static void
ssi_check_new_edge(int reader, int writer)
{
    SsiXact *w = ssi_xact(writer);
    bool failure = false;

    if (ssi_is_committed(w) && ssi_earliest_out_before(writer, w->commit_seq) != 0 && !w->read_only)
        failure = true; /* R -> committed W -> T_out that committed before W */
    if (!failure)
        failure = ssi_writer_is_pivot(reader, writer) || ssi_reader_is_pivot(reader, writer);
    if (!failure)
        return;
    if (writer == ssi_my)
        ssi_fail(SSI_PIVOT_WRITE, INVALID_XID);
    if (ssi_is_prepared(w))
        ssi_fail(SSI_OUT_TO_PIVOT_READ, ssi_top_xid(writer)); /* we are the reader */
    w->doomed = true;
}

/* ---- SIREAD locks ---- */

static int
ssi_key_cmp(const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c != 0)
        return c;
    return alen < blen ? -1 : alen > blen;
}

/*
 * Whether lk covers key. An inclusive upper bound also covers keys it is a prefix of: the
 * scan behind it may have been over a leading part of a composite key.
 */
static bool
ssi_lock_covers(const SsiLock *lk, const uint8_t *key, uint32_t klen)
{
    if (lk->whole)
        return true;
    if (lk->has_lo) {
        int c = ssi_key_cmp(key, klen, lk->lo, lk->lo_len);
        if (c < 0 || (c == 0 && !lk->lo_incl))
            return false;
    }
    if (lk->has_hi) {
        int c = ssi_key_cmp(key, klen, lk->hi, lk->hi_len);
        bool prefix = klen >= lk->hi_len && memcmp(key, lk->hi, lk->hi_len) == 0;
        if (lk->hi_incl ? (c > 0 && !prefix) : c >= 0)
            return false;
    }
    return true;
}

static int
ssi_lock_alloc(void)
{
    int i = ssi->free_lock;
    if (i != SSI_NONE) {
        ssi->free_lock = ssi->locks[i].next;
        return i;
    }
    if (ssi->lock_high < SSI_MAX_LOCKS)
        return ssi->lock_high++;
    return SSI_NONE;
}

/* Free the owner's locks on (db, rel), or all of them when rel is INVALID_OID. */
static void
ssi_locks_free(int owner, Oid db, Oid rel)
{
    int *link = &ssi_xact(owner)->first_lock;
    while (*link != SSI_NONE) {
        int i = *link;
        SsiLock *lk = &ssi->locks[i];
        if (rel != INVALID_OID && (lk->db != db || lk->rel != rel)) {
            link = &lk->next;
            continue;
        }
        *link = lk->next;
        lk->owner = SSI_NONE;
        lk->next = ssi->free_lock;
        ssi->free_lock = i;
    }
}

static void
ssi_set_bound(bool *has, bool *incl, uint8_t *len, uint8_t *dst, const BtBound *b)
{
    *has = b != NULL && b->len <= SSI_KEY_MAX; /* a longer bound is dropped: covers more */
    if (!*has)
        return;
    *incl = b->inclusive;
    *len = (uint8_t)b->len;
    memcpy(dst, b->key, b->len);
}

/* Whether the owner already holds a lock on (db, rel) covering the range; counts its ranges. */
static bool
ssi_lock_held(int owner, Oid db, Oid rel, const SsiLock *want, int *nranges)
{
    *nranges = 0;
    for (int i = ssi_xact(owner)->first_lock; i != SSI_NONE; i = ssi->locks[i].next) {
        const SsiLock *lk = &ssi->locks[i];
        if (lk->db != db || lk->rel != rel)
            continue;
        if (lk->whole)
            return true;
        (*nranges)++;
        if (want->whole || lk->has_lo != want->has_lo || lk->has_hi != want->has_hi)
            continue;
        if (lk->has_lo && (lk->lo_incl != want->lo_incl ||
                           ssi_key_cmp(lk->lo, lk->lo_len, want->lo, want->lo_len) != 0))
            continue;
        if (lk->has_hi && (lk->hi_incl != want->hi_incl ||
                           ssi_key_cmp(lk->hi, lk->hi_len, want->hi, want->hi_len) != 0))
            continue;
        return true;
    }
    return false;
}

void
ssi_read_range(Oid db, Oid rel, const BtBound *lo, const BtBound *hi)
{
    if (ssi_my == SSI_NONE)
        return;

    SsiLock want = {.owner = ssi_my, .db = db, .rel = rel};
    ssi_set_bound(&want.has_lo, &want.lo_incl, &want.lo_len, want.lo, lo);
    ssi_set_bound(&want.has_hi, &want.hi_incl, &want.hi_len, want.hi, hi);
    want.whole = !want.has_lo && !want.has_hi;

    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    int nranges;
    if (ssi_lock_held(ssi_my, db, rel, &want, &nranges)) {
        lw_release(&ssi->lock);
        return;
    }
    if (nranges >= SSI_MAX_RANGES_PER_REL) {
        /* Promote: many ranges of one relation become one relation lock. */
        ssi_locks_free(ssi_my, db, rel);
        want.whole = true;
    }
    int i = ssi_lock_alloc();
    if (i == SSI_NONE && !want.whole) {
        ssi_locks_free(ssi_my, db, rel);
        want.whole = true;
        i = ssi_lock_alloc();
    }
    if (i == SSI_NONE) {
        lw_release(&ssi->lock);
        ereport(ERROR,
                err_code(SQLSTATE_OUT_OF_MEMORY),
                err_msg("out of shared memory"),
                err_detail("All %d SIREAD locks are in use.", (int)SSI_MAX_LOCKS));
    }
    want.next = ssi_xact(ssi_my)->first_lock;
    ssi->locks[i] = want;
    ssi_xact(ssi_my)->first_lock = i;
    lw_release(&ssi->lock);
}

/* ---- Transaction life ---- */

Snapshot *
ssi_snapshot(bool read_only)
{
    Assert(ssi_my == SSI_NONE);
    lw_acquire(&ssi->lock, LW_EXCLUSIVE); /* invariant 1; order: ssi->lock -> proc array */
    int slot = SSI_NONE;
    for (int i = 0; i < SSI_MAX_XACTS && slot == SSI_NONE; i++)
        if (ssi->xacts[i].state == SSI_FREE)
            slot = i;
    if (slot == SSI_NONE) {
        lw_release(&ssi->lock);
        ereport(ERROR,
                err_code(SQLSTATE_OUT_OF_MEMORY),
                err_msg("out of shared memory"),
                err_detail("All %d serializable transaction slots are in use.",
                           (int)SSI_MAX_XACTS));
    }
    Snapshot *snap = snap_take();
    SsiXact *x = ssi_xact(slot);
    memset(x, 0, sizeof *x);
    x->state = SSI_ACTIVE;
    x->read_only = read_only;
    x->last_seq_before_snapshot = ssi->last_seq;
    x->first_lock = SSI_NONE;
    if (xact_current_xid() != INVALID_XID)
        x->xids[x->nxids++] = xact_current_xid();
    ssi_my = slot;
    lw_release(&ssi->lock);
    ssi_last_noted_xid = INVALID_XID;
    return snap;
}

bool
ssi_active(void)
{
    return ssi_my != SSI_NONE;
}

int
ssi_current_slot(void)
{
    return ssi_my;
}

void
ssi_set_current_slot(int slot)
{
    ssi_my = slot;
    ssi_last_noted_xid = INVALID_XID;
}

void
ssi_note_xid(Xid xid)
{
    if (ssi_my == SSI_NONE || xid == INVALID_XID || xid == ssi_last_noted_xid)
        return;
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    SsiXact *x = ssi_xact(ssi_my);
    bool known = false;
    for (int j = 0; j < x->nxids && !known; j++)
        known = x->xids[j] == xid;
    if (!known && x->nxids == SSI_MAX_XIDS) {
        lw_release(&ssi->lock);
        /* the proc array holds at most PROC_MAX_SUBXIDS live ones, and we forget the rest */
        elog_internal("serializable transaction has too many xids");
    }
    if (!known)
        x->xids[x->nxids++] = xid;
    lw_release(&ssi->lock);
    ssi_last_noted_xid = xid;
}

void
ssi_forget_xids(const Xid *xids, int n)
{
    if (ssi_my == SSI_NONE || n == 0)
        return;
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    SsiXact *x = ssi_xact(ssi_my);
    int kept = 0;
    for (int j = 0; j < x->nxids; j++) {
        bool gone = false;
        for (int k = 0; k < n && !gone; k++)
            gone = x->xids[j] == xids[k];
        if (!gone)
            x->xids[kept++] = x->xids[j];
    }
    x->nxids = kept;
    lw_release(&ssi->lock);
    ssi_last_noted_xid = INVALID_XID;
}

/*
 * The smallest last_seq_before_snapshot of a record not yet committed; UINT64_MAX if none.
 * A committed record with commit_seq at or below it overlaps no running transaction.
 */
static uint64_t
ssi_oldest_snapshot_seq(void)
{
    uint64_t oldest = UINT64_MAX;
    for (int i = 0; i < SSI_MAX_XACTS; i++) {
        const SsiXact *x = &ssi->xacts[i];
        if (x->state == SSI_ACTIVE && x->last_seq_before_snapshot < oldest)
            oldest = x->last_seq_before_snapshot;
    }
    return oldest;
}

/* Drop record slot and its locks; committed, its edges become summaries (invariant 2). */
static void
ssi_release(int slot, bool summarize)
{
    SsiXact *gone = ssi_xact(slot);

    ssi_locks_free(slot, INVALID_OID, INVALID_OID);
    for (int i = 0; i < SSI_MAX_XACTS; i++) {
        SsiXact *x = &ssi->xacts[i];
        if (i == slot || x->state == SSI_FREE)
            continue;
        if (summarize && ssi_bit(x->out, slot)) {
            if (!x->summary_out || gone->prepare_seq < x->summary_out_prepare_seq)
                x->summary_out_prepare_seq = gone->prepare_seq;
            x->summary_out = true;
        }
        if (summarize && ssi_bit(x->in, slot))
            x->summary_in = true;
        ssi_set_bit(x->out, slot, false);
        ssi_set_bit(x->in, slot, false);
    }
    memset(gone, 0, sizeof *gone);
    gone->state = SSI_FREE;
    gone->first_lock = SSI_NONE;
}

/* Drop the committed records no running serializable transaction overlaps. */
static void
ssi_release_old(void)
{
    uint64_t oldest = ssi_oldest_snapshot_seq();
    for (int i = 0; i < SSI_MAX_XACTS; i++) {
        const SsiXact *x = &ssi->xacts[i];
        if (x->state == SSI_COMMITTED && x->commit_seq <= oldest)
            ssi_release(i, true);
    }
}

void
ssi_pre_commit(void)
{
    if (ssi_my == SSI_NONE)
        return;
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    SsiXact *me = ssi_xact(ssi_my);
    if (me->doomed)
        ssi_fail(SSI_PIVOT_COMMIT, INVALID_XID);
    /*
     * We are about to be the first of a structure to commit, so we can only be T_out: a
     * running T_pivot reading from us with its own running (or our) T_in must go now.
     */
    for (int p = 0; p < SSI_MAX_XACTS; p++) {
        if (!ssi_bit(me->in, p))
            continue;
        SsiXact *pivot = ssi_xact(p);
        if (ssi_is_committed(pivot) || pivot->doomed)
            continue;
        for (int t = 0; t < SSI_MAX_XACTS; t++) {
            if (!ssi_bit(pivot->in, t))
                continue;
            const SsiXact *in = ssi_xact(t);
            if (t != ssi_my && (ssi_is_committed(in) || in->read_only || in->doomed))
                continue;
            if (ssi_is_prepared(pivot))
                ssi_fail(SSI_OUT_TO_PIVOT_COMMIT, ssi_top_xid(p));
            pivot->doomed = true;
            break;
        }
    }
    me->prepare_seq = ++ssi->last_seq;
    lw_release(&ssi->lock);
}

void
ssi_at_commit(void)
{
    if (ssi_my == SSI_NONE)
        return;
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    SsiXact *me = ssi_xact(ssi_my);
    me->commit_seq = ++ssi->last_seq; /* invariant 1: after leaving the proc array */
    me->state = SSI_COMMITTED;
    if (!me->wrote)
        me->read_only = true; /* it read only: it may serialize before what it did not see */
    ssi_my = SSI_NONE;
    ssi_release_old();
    lw_release(&ssi->lock);
}

void
ssi_at_abort(void)
{
    if (ssi_my == SSI_NONE)
        return;
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    ssi_release(ssi_my, false); /* invariant 3 */
    ssi_my = SSI_NONE;
    ssi_release_old();
    lw_release(&ssi->lock);
}

/* ---- Conflict checks ---- */

void
ssi_conflict_out(const Snapshot *snap, Xid writer)
{
    if (ssi_my == SSI_NONE || snap_xid_visible(snap, writer) || clog_status(writer) == XID_ABORTED)
        return; /* not concurrent: its writes are in our snapshot, or never happened */
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    SsiXact *me = ssi_xact(ssi_my);
    if (me->doomed)
        ssi_fail(SSI_PIVOT_OUT_CHECK, INVALID_XID);
    int w = ssi_find_xid(writer);
    if (w == SSI_NONE || w == ssi_my || ssi_xact(w)->doomed || ssi_bit(me->out, w)) {
        lw_release(&ssi->lock);
        return;
    }
    const SsiXact *wx = ssi_xact(w);
    if (me->read_only && ssi_is_committed(wx)) {
        uint64_t first_out = ssi_earliest_out_before(w, wx->commit_seq);
        if (first_out == 0 || me->last_seq_before_snapshot < first_out) {
            lw_release(&ssi->lock); /* read-only: we serialize before the writer */
            return;
        }
    }
    ssi_add_edge(ssi_my, w);
    ssi_check_new_edge(ssi_my, w);
    lw_release(&ssi->lock);
}

void
ssi_conflict_in(Oid db, Oid rel, const uint8_t *key, uint32_t klen)
{
    if (ssi_my == SSI_NONE)
        return;
    lw_acquire(&ssi->lock, LW_EXCLUSIVE);
    SsiXact *me = ssi_xact(ssi_my);
    if (me->doomed)
        ssi_fail(SSI_PIVOT_IN_CHECK, INVALID_XID);
    me->wrote = true;
    for (int i = 0; i < ssi->lock_high; i++) {
        const SsiLock *lk = &ssi->locks[i];
        int r = lk->owner;
        if (r == SSI_NONE || r == ssi_my || lk->db != db || lk->rel != rel)
            continue;
        const SsiXact *rx = ssi_xact(r);
        if (rx->doomed || ssi_bit(me->in, r))
            continue;
        if (ssi_is_committed(rx) && rx->commit_seq <= me->last_seq_before_snapshot)
            continue; /* it committed before our snapshot: not concurrent */
        if (!ssi_lock_covers(lk, key, klen))
            continue;
        ssi_add_edge(r, ssi_my);
        ssi_check_new_edge(r, ssi_my);
    }
    lw_release(&ssi->lock);
}
