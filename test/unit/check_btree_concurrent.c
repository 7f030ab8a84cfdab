/*
 * check_btree_concurrent.c
 *     Lehman-Yao under load: forked processes insert, update, delete, look up and scan one
 *     tree at once through a shared pool far smaller than the tree (pages are evicted and
 *     read back all the time), all on the same key range, so splits at every level race
 *     with descents, right-link moves and other splits. Then the structure is walked (levels,
 *     key order, high keys equal to the parent's bounds, right-link chains, no split left
 *     incomplete) and the contents compared with what the processes report they did.
 *
 * What a broken latch protocol does here: a writer without the leaf latch loses another's
 * item (counts differ); a reader that does not move right past a high key misses keys
 * (stable keys vanish from a scan); a split posted without the child latched, or a parent
 * searched without moving right, leaves a page without its downlink (walk fails).
 */
#include "storage_test_util.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "oak/access/btree.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"
#include "../../backend/access/btree/bt_internal.h"

enum {
    LY_WRITERS = 4,
    LY_READERS = 2,
    LY_PROCS = LY_WRITERS + LY_READERS,
    LY_KEYS = 6000,  /* the key range, shared by all writers */
    LY_STABLE = 15,  /* every 15th key is stable: inserted before the fork, never touched */
    LY_OPS = 20000,  /* per writer */
    LY_SCANS = 3000, /* per reader: short ones, every 100th over the whole tree */
    LY_PAD = 120,    /* key padding: long separators, small fan-out, a tall tree */
    LY_POOL = 48 * OAK_PAGE_SIZE,
};

/* What each process reports, in memory shared across fork (written by its own process). */
typedef struct LyReport {
    int32_t net[LY_PROCS][LY_KEYS]; /* successful inserts minus successful deletes */
    uint32_t scans[LY_PROCS];       /* full scans a reader completed */
} LyReport;

/*
 * Key n: a common prefix (separators stay long: small fan-out, a tall tree), then n
 * big-endian. Keys sort by n, stable keys among the others.
 */
static uint32_t
ly_key(uint32_t n, uint8_t *out)
{
    memset(out, 'p', LY_PAD);
    out[LY_PAD] = (uint8_t)(n >> 24);
    out[LY_PAD + 1] = (uint8_t)(n >> 16);
    out[LY_PAD + 2] = (uint8_t)(n >> 8);
    out[LY_PAD + 3] = (uint8_t)n;
    return LY_PAD + 4;
}

static bool
ly_is_stable(uint32_t n)
{
    return n % LY_STABLE == 0;
}

/* Stable keys in [lo, hi). */
static uint32_t
ly_stable_between(uint32_t lo, uint32_t hi)
{
    return (hi + LY_STABLE - 1) / LY_STABLE - (lo + LY_STABLE - 1) / LY_STABLE;
}

/* Two values per key, of different lengths: an update between them may split the leaf. */
static uint32_t
ly_value(uint32_t n, bool alt, uint8_t *out)
{
    uint32_t len = alt ? 300 + n % 500 : n % 90;
    for (uint32_t i = 0; i < len; i++)
        out[i] = (uint8_t)(n * 5 + i + alt);
    return len;
}

static bool
ly_value_ok(uint32_t n, const uint8_t *v, uint32_t vl)
{
    uint8_t want[BT_MAX_ITEM];

    for (int alt = 0; alt < 2; alt++) {
        uint32_t len = ly_value(n, alt, want);
        if (vl == len && memcmp(v, want, len) == 0)
            return true;
    }
    return false;
}

/* Key number of a key built by ly_key; UINT32_MAX if it is not one. */
static uint32_t
ly_key_number(const uint8_t *k, uint32_t kl)
{
    if (kl != LY_PAD + 4)
        return UINT32_MAX;
    k += LY_PAD;
    return (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 | (uint32_t)k[2] << 8 | k[3];
}

static uint64_t
ly_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s >> 11;
}

/* A writer: random operations on the shared keys; 0, or the check that failed. */
static int
ly_writer(RelFile rf, uint32_t w, LyReport *rep)
{
    uint64_t seed = 0x9E3779B97F4A7C15ull * (w + 1);
    uint8_t key[LY_PAD + 8];
    uint8_t val[BT_MAX_ITEM];
    uint8_t *got;
    uint32_t got_len;

    for (uint32_t i = 0; i < LY_OPS; i++) {
        uint32_t n = (uint32_t)(ly_rand(&seed) % LY_KEYS);
        if (ly_is_stable(n))
            n++;
        uint32_t kl = ly_key(n, key);
        uint32_t op = (uint32_t)(ly_rand(&seed) % 100);
        if (op < 50) {
            if (bt_insert(rf, INVALID_XID, key, kl, val, ly_value(n, op % 2, val)))
                rep->net[w][n]++;
        } else if (op < 75) {
            if (bt_delete(rf, INVALID_XID, key, kl))
                rep->net[w][n]--;
        } else if (op < 90) {
            (void)bt_update(rf, INVALID_XID, key, kl, val, ly_value(n, op % 2, val));
        } else if (bt_lookup(rf, key, kl, &got, &got_len)) {
            if (!ly_value_ok(n, got, got_len))
                return 1;
            mcx_free(got);
        }
        if (i % 8 == 0) { /* a stable key is always there, whatever the others do */
            uint32_t s = (uint32_t)(ly_rand(&seed) % (LY_KEYS / LY_STABLE)) * LY_STABLE;
            if (!bt_lookup(rf, key, ly_key(s, key), &got, &got_len) ||
                !ly_value_ok(s, got, got_len))
                return 2;
            mcx_free(got);
        }
    }
    return 0;
}

/* One scan over [lo, hi): keys in order, values valid, every stable key in range seen. */
static int
ly_scan(RelFile rf, uint32_t lo_n, uint32_t hi_n)
{
    uint8_t lo[LY_PAD + 8];
    uint8_t hi[LY_PAD + 8];
    uint8_t prev[LY_PAD + 8];
    uint32_t prev_len = 0;
    uint32_t stable = 0;
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    BtBound blo = {.key = lo, .len = ly_key(lo_n, lo), .inclusive = true};
    BtBound bhi = {.key = hi, .len = ly_key(hi_n, hi), .inclusive = false};

    BtCursor *cur = bt_cursor_open(rf, lo_n == 0 ? NULL : &blo, hi_n >= LY_KEYS ? NULL : &bhi);
    while (bt_cursor_next(cur, &k, &kl, &v, &vl)) {
        uint32_t n = ly_key_number(k, kl);
        if (n == UINT32_MAX || (prev_len > 0 && bt_key_cmp(prev, prev_len, k, kl) >= 0))
            return 3;
        if (n < lo_n || n >= hi_n || !ly_value_ok(n, v, vl))
            return 4;
        stable += ly_is_stable(n);
        memcpy(prev, k, kl);
        prev_len = kl;
    }
    bt_cursor_close(cur);
    return stable == ly_stable_between(lo_n, hi_n) ? 0 : 5;
}

static int
ly_reader(RelFile rf, uint32_t r, LyReport *rep)
{
    uint64_t seed = 0xD1B54A32D192ED03ull * (r + 7);

    for (uint32_t i = 0; i < LY_SCANS; i++) {
        MemCtx *cx = mcx_create(mcx_top, "scan");
        MemCtx *saved = mcx_switch(cx);
        uint32_t lo = i % 100 == 0 ? 0 : (uint32_t)(ly_rand(&seed) % LY_KEYS);
        uint32_t hi = i % 100 == 0 ? LY_KEYS : lo + 1 + (uint32_t)(ly_rand(&seed) % 100);
        hi = hi > LY_KEYS ? LY_KEYS : hi;
        int rc = ly_scan(rf, lo, hi);
        mcx_switch(saved);
        mcx_delete(cx);
        if (rc != 0)
            return rc;
        rep->scans[LY_WRITERS + r]++;
    }
    return 0;
}

/* State of the structural walk: the leaf chain, and the number of items seen. */
typedef struct LyWalk {
    RelFile rf;
    BlockNo next[BT_MAX_HEIGHT]; /* the right-link the last page of each level announced */
    bool seen[BT_MAX_HEIGHT];
    uint64_t items;
} LyWalk;

/* Walk block (at level, keys in [lo, hi), NULL = unbounded); false on the first fault. */
static bool
ly_walk(LyWalk *w,
        BlockNo block,
        uint32_t level,
        const uint8_t *lo,
        uint16_t lo_len,
        const uint8_t *hi,
        uint16_t hi_len)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    BufId buf = buf_read(w->rf, block);
    buf_lock(buf, BUF_SHARE);
    memcpy(page, buf_page(buf), OAK_PAGE_SIZE);
    buf_unlock(buf);
    buf_release(buf);

    bt_page_check(page, w->rf, block);
    if (bt_page_level(page) != level || bt_page_flags(page) != 0)
        return false;
    if (w->seen[level] && w->next[level] != block) /* right-links chain each level in order */
        return false;
    w->seen[level] = true;
    w->next[level] = bt_page_right(page);
    uint16_t hlen;
    const uint8_t *high = bt_page_high_key(page, &hlen);
    if ((high == NULL) != (hi == NULL) || (high != NULL && bt_key_cmp(high, hlen, hi, hi_len)))
        return false;
    uint16_t n = bt_page_ndata(page);
    for (uint16_t i = 0; i < n; i++) {
        uint16_t kl;
        const uint8_t *k = bt_page_key(page, i, &kl);
        if (i > 0 || level == 0) {
            if (lo != NULL && bt_key_cmp(k, kl, lo, lo_len) < 0)
                return false;
            if (hi != NULL && bt_key_cmp(k, kl, hi, hi_len) >= 0)
                return false;
        }
        if (i > (level == 0 ? 0 : 1)) {
            uint16_t pl;
            const uint8_t *p = bt_page_key(page, (uint16_t)(i - 1), &pl);
            if (bt_key_cmp(p, pl, k, kl) >= 0)
                return false;
        }
    }
    if (level == 0) {
        w->items += n;
        return true;
    }
    for (uint16_t i = 0; i < n; i++) {
        uint16_t kl = lo_len;
        uint16_t nl = hi_len;
        const uint8_t *k = i == 0 ? lo : bt_page_key(page, i, &kl);
        const uint8_t *next = i + 1 < n ? bt_page_key(page, (uint16_t)(i + 1), &nl) : hi;
        if (!ly_walk(w, bt_page_child(page, i), level - 1, k, kl, next, nl))
            return false;
    }
    return true;
}

START_TEST(concurrent_insert_delete_scan)
{
    RelFile rf = {.db = 1, .rel = 16390};
    uint8_t key[LY_PAD + 8];
    uint8_t val[BT_MAX_ITEM];
    pid_t pids[LY_PROCS];
    LyReport *rep =
        mmap(NULL, sizeof(LyReport), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

    ck_assert_ptr_ne(rep, MAP_FAILED);
    memset(rep, 0, sizeof *rep);
    st_make_datadir();
    oak_settings.shared_buffers = LY_POOL;
    shm_create();
    storage_init_cluster();
    ck_assert(proc_attach());
    bt_create(rf, INVALID_XID);
    for (uint32_t s = 0; s < LY_KEYS; s += LY_STABLE)
        ck_assert(bt_insert(rf, INVALID_XID, key, ly_key(s, key), val, ly_value(s, 0, val)));
    proc_detach();

    for (uint32_t p = 0; p < LY_PROCS; p++) {
        pids[p] = fork();
        ck_assert_int_ge(pids[p], 0);
        if (pids[p] == 0) {
            if (!proc_attach())
                _exit(10);
            int rc = p < LY_WRITERS ? ly_writer(rf, p, rep) : ly_reader(rf, p - LY_WRITERS, rep);
            proc_detach();
            _exit(rc);
        }
    }
    for (uint32_t p = 0; p < LY_PROCS; p++) {
        int status;
        ck_assert_int_eq(waitpid(pids[p], &status, 0), pids[p]);
        ck_assert_msg(WIFEXITED(status), "process %u died (signal %d)", p, WTERMSIG(status));
        ck_assert_msg(WEXITSTATUS(status) == 0, "process %u exited %d", p, WEXITSTATUS(status));
    }
    ck_assert(proc_attach());

    /* Structure: every invariant the README states for a tree at rest. */
    BufId mb = buf_read(rf, BT_META_BLOCK);
    buf_lock(mb, BUF_SHARE);
    BtMeta meta = *bt_meta(buf_page(mb));
    buf_unlock(mb);
    buf_release(mb);
    LyWalk walk = {.rf = rf};
    ck_assert(ly_walk(&walk, meta.root, meta.height - 1, NULL, 0, NULL, 0));
    for (uint32_t l = 0; l < meta.height; l++)
        ck_assert_uint_eq(walk.next[l], INVALID_BLOCK);
    ck_assert_uint_ge(meta.height, 3);
    ck_assert_uint_gt(buf_nblocks(rf), 4 * (LY_POOL / OAK_PAGE_SIZE)); /* evictions happened */

    /* Contents: a key is present iff its successful inserts outnumber its deletes by one. */
    uint64_t want = 0;
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    BtCursor *cur = bt_cursor_open(rf, NULL, NULL);
    bool more = bt_cursor_next(cur, &k, &kl, &v, &vl);
    for (uint32_t n = 0; n < LY_KEYS; n++) {
        int32_t net = ly_is_stable(n) ? 1 : 0;
        for (uint32_t w = 0; w < LY_WRITERS; w++)
            net += rep->net[w][n];
        ck_assert_msg(net == 0 || net == 1, "key %u: net %d inserts", n, net);
        want += (uint64_t)net;
        bool present = more && ly_key_number(k, kl) == n;
        ck_assert_msg(present == (net == 1), "key %u: present %d, net %d", n, present, net);
        if (present) {
            ck_assert(ly_value_ok(n, v, vl));
            more = bt_cursor_next(cur, &k, &kl, &v, &vl);
        }
    }
    ck_assert(!more);
    bt_cursor_close(cur);
    ck_assert_uint_eq(walk.items, want);
    for (uint32_t r = 0; r < LY_READERS; r++)
        ck_assert_uint_eq(rep->scans[LY_WRITERS + r], LY_SCANS);
    munmap(rep, sizeof *rep);
    st_teardown();
}
END_TEST

/*
 * Incomplete splits. A child inserts ascending keys with OAK_FAULT=btree-split:N, so it is
 * SIGKILLed right after its Nth split record: between a split and its posting, or in the
 * middle of a cascade up the tree. Its WAL is then flushed whole (the worst case: every
 * record it made is durable) and the cluster crashes and recovers. Readers must find every
 * key through the right-links; writers must finish the split and leave a tree at rest.
 */
enum { LY_CRASH_KEYS = 3000 };

/* Pages of rf flagged BT_FLAG_INCOMPLETE_SPLIT. */
static uint32_t
ly_count_incomplete(RelFile rf)
{
    uint32_t n = 0;

    for (BlockNo b = 1; b < buf_nblocks(rf); b++) {
        BufId buf = buf_read(rf, b);
        buf_lock(buf, BUF_SHARE);
        const uint8_t *page = buf_page(buf);
        uint16_t type = page_get_type(page);
        if ((type == PAGE_TYPE_BTREE_LEAF || type == PAGE_TYPE_BTREE_INTERNAL) &&
            (bt_page_flags(page) & BT_FLAG_INCOMPLETE_SPLIT))
            n++;
        buf_unlock(buf);
        buf_release(buf);
    }
    return n;
}

/* Keys [0, n) and nothing else, by a full scan and by lookups. */
static void
ly_check_prefix(RelFile rf, uint32_t n)
{
    uint8_t key[LY_PAD + 8];
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    uint8_t *got;
    uint32_t got_len;
    BtCursor *cur = bt_cursor_open(rf, NULL, NULL);

    for (uint32_t i = 0; i < n; i++) {
        ck_assert_msg(bt_cursor_next(cur, &k, &kl, &v, &vl), "scan ended before key %u", i);
        ck_assert_uint_eq(ly_key_number(k, kl), i);
        ck_assert(bt_lookup(rf, key, ly_key(i, key), &got, &got_len));
        ck_assert(ly_value_ok(i, got, got_len));
    }
    ck_assert(!bt_cursor_next(cur, &k, &kl, &v, &vl));
    bt_cursor_close(cur);
}

/* The tree at rest: every invariant, no split left incomplete, n items. */
static void
ly_check_at_rest(RelFile rf, uint64_t n)
{
    BufId mb = buf_read(rf, BT_META_BLOCK);
    buf_lock(mb, BUF_SHARE);
    BtMeta meta = *bt_meta(buf_page(mb));
    buf_unlock(mb);
    buf_release(mb);
    LyWalk walk = {.rf = rf};
    ck_assert(ly_walk(&walk, meta.root, meta.height - 1, NULL, 0, NULL, 0));
    ck_assert_uint_eq(walk.items, n);
    ck_assert_uint_ge(meta.height, 3);
}

/* Shared across fork: what the killed child finished, and the flags a round found. */
typedef struct LyCrash {
    uint32_t done;
    uint32_t flagged;
} LyCrash;

/*
 * One round, in a process of its own: OAK_FAULT is read once per process, on the first
 * point passed, and this round's checks pass the point themselves.
 */
static void
ly_crash_round(long kill_at, LyCrash *shared)
{
    RelFile rf = {.db = 1, .rel = 16391};
    uint8_t key[LY_PAD + 8];
    uint8_t val[BT_MAX_ITEM];
    char fault[64];

    st_make_datadir();
    oak_settings.shared_buffers = LY_POOL;
    shm_create();
    storage_init_cluster();
    ck_assert(proc_attach());
    bt_create(rf, INVALID_XID);
    proc_detach();
    snprintf(fault, sizeof fault, "btree-split:%ld", kill_at);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setenv("OAK_FAULT", fault, 1);
        if (!proc_attach())
            _exit(10);
        for (uint32_t i = 0; i < LY_CRASH_KEYS; i++) {
            bt_insert(rf, INVALID_XID, key, ly_key(i, key), val, ly_value(i, true, val));
            shared->done = i + 1;
        }
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ck_assert(proc_attach());
    wal_flush(wal_insert_lsn()); /* the child's records are all durable */
    st_crash_and_recover();

    /* The key being inserted went in with the split that was logged. */
    uint32_t present = shared->done + 1;
    ly_check_prefix(rf, present);
    shared->flagged = ly_count_incomplete(rf);
    ck_assert_uint_le(shared->flagged, 1); /* one split in flight, at one level */

    /* Writers finish it on their way, then the tree grows on. */
    for (uint32_t i = 0; i < LY_CRASH_KEYS; i++)
        ck_assert(bt_insert(rf, INVALID_XID, key, ly_key(i, key), val, ly_value(i, true, val)) ==
                  (i >= present));
    ck_assert_uint_eq(ly_count_incomplete(rf), 0);
    ly_check_prefix(rf, LY_CRASH_KEYS);
    ly_check_at_rest(rf, LY_CRASH_KEYS);
    buf_flush_all();
    st_crash_and_recover();
    ly_check_at_rest(rf, LY_CRASH_KEYS);
    st_teardown();
}

START_TEST(incomplete_split_is_finished)
{
    static const long kill_at[] = {1, 2, 3, 17, 60, 61, 62, 63, 64, 150, 151, 152};
    const size_t rounds = sizeof kill_at / sizeof kill_at[0];
    LyCrash *shared =
        mmap(NULL, sizeof *shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    uint32_t flagged_rounds = 0;

    ck_assert_ptr_ne(shared, MAP_FAILED);
    for (size_t r = 0; r < rounds; r++) {
        memset(shared, 0, sizeof *shared);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            ly_crash_round(kill_at[r], shared);
            _exit(0);
        }
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                      "round %zu (kill at split %ld) failed",
                      r,
                      kill_at[r]);
        flagged_rounds += shared->flagged;
    }
    ck_assert_uint_ge(flagged_rounds, rounds - 3); /* most kills leave a split to finish */
    munmap(shared, sizeof *shared);
}
END_TEST

Suite *
btree_concurrent_suite(void)
{
    Suite *s = suite_create("btree_concurrent");
    TCase *tc = tcase_create("lehman_yao");

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, concurrent_insert_delete_scan);
    tcase_add_test(tc, incomplete_split_is_finished);
    suite_add_tcase(s, tc);
    return s;
}
