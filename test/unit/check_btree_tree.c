/*
 * check_btree_tree.c
 *     The B+ tree through the real buffer pool and WAL: basic calls and limits, then a
 *     randomized run of inserts, deletes, updates, lookups and range scans checked against
 *     an in-memory reference, with a pool much smaller than the tree and a tree of height
 *     three or more; then the contents again after a crash (rebuilt by WAL replay alone)
 *     and after writing everything back and starting from an empty pool.
 */
#include "storage_test_util.h"

#include <sys/wait.h>

#include "oak/access/btree.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"
#include "../../backend/access/btree/bt_internal.h"

/* A fresh cluster (storage_test_util.h) with a pool of shared_buffers bytes. */
static void
tree_env_start(size_t shared_buffers)
{
    st_make_datadir();
    oak_settings.shared_buffers = shared_buffers;
    shm_create();
    storage_init_cluster();
    ck_assert(proc_attach());
}

/* Run fn and return the SQLSTATE of the ERROR it raised ("" if none), cleaning up after it. */
static const char *
tree_catch(void (*fn)(RelFile), RelFile rf)
{
    static char state[6];

    state[0] = '\0';
    err_try();
    {
        fn(rf);
    }
    err_catch();
    {
        memcpy(state, err_current()->sqlstate, sizeof state);
        err_clear();
        storage_abort_cleanup();
    }
    err_end_try();
    return state;
}

static uint8_t big[BT_MAX_ITEM + 2];

static void
insert_long_key(RelFile rf)
{
    bt_insert(rf, INVALID_XID, big, BT_MAX_KEY + 1, "v", 1);
}

static void
insert_long_item(RelFile rf)
{
    bt_insert(rf, INVALID_XID, big, 100, big, BT_MAX_ITEM - 99);
}

static void
update_long_item(RelFile rf)
{
    bt_update(rf, INVALID_XID, "a", 1, big, BT_MAX_ITEM);
}

START_TEST(basic_calls_and_limits)
{
    RelFile rf = {.db = 1, .rel = 16384};
    uint8_t *val;
    uint32_t vlen;

    memset(big, 'z', sizeof big); /* sorts after "a" and "ab" */
    tree_env_start(1024 * 1024);
    bt_create(rf, INVALID_XID);
    ck_assert(!bt_lookup(rf, "a", 1, &val, &vlen));
    ck_assert(bt_insert(rf, INVALID_XID, "a", 1, "one", 3));
    ck_assert(!bt_insert(rf, INVALID_XID, "a", 1, "uno", 3));
    ck_assert(bt_insert(rf, INVALID_XID, "", 0, "empty", 5));
    ck_assert(bt_insert(rf, INVALID_XID, "ab", 2, "", 0));
    ck_assert(bt_lookup(rf, "a", 1, &val, &vlen));
    ck_assert_uint_eq(vlen, 3);
    ck_assert_int_eq(memcmp(val, "one", 3), 0);
    ck_assert(bt_update(rf, INVALID_XID, "a", 1, "eins!", 5));
    ck_assert(!bt_update(rf, INVALID_XID, "b", 1, "zwei", 4));
    ck_assert(bt_lookup(rf, "a", 1, &val, &vlen));
    ck_assert_uint_eq(vlen, 5);
    ck_assert_int_eq(memcmp(val, "eins!", 5), 0);
    ck_assert(bt_lookup(rf, "", 0, &val, &vlen));
    ck_assert_uint_eq(vlen, 5);

    ck_assert_str_eq(tree_catch(insert_long_key, rf), "54000");
    ck_assert_str_eq(tree_catch(insert_long_item, rf), "54000");
    ck_assert_str_eq(tree_catch(update_long_item, rf), "54000");
    ck_assert(bt_insert(rf, INVALID_XID, big, 100, big, BT_MAX_ITEM - 100)); /* exactly fits */
    ck_assert(bt_lookup(rf, "a", 1, &val, &vlen)); /* the refused calls changed nothing */
    ck_assert_uint_eq(vlen, 5);

    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    BtCursor *cur = bt_cursor_open(rf, NULL, NULL);
    ck_assert(bt_cursor_next(cur, &k, &kl, &v, &vl));
    ck_assert_uint_eq(kl, 0);
    ck_assert(bt_cursor_next(cur, &k, &kl, &v, &vl));
    ck_assert_uint_eq(kl, 1);
    ck_assert(bt_cursor_next(cur, &k, &kl, &v, &vl));
    ck_assert_uint_eq(kl, 2);
    ck_assert(bt_cursor_next(cur, &k, &kl, &v, &vl));
    ck_assert_uint_eq(kl, 100);
    ck_assert(!bt_cursor_next(cur, &k, &kl, &v, &vl));
    bt_cursor_close(cur);

    ck_assert(bt_delete(rf, INVALID_XID, "a", 1));
    ck_assert(!bt_delete(rf, INVALID_XID, "a", 1));
    ck_assert(!bt_lookup(rf, "a", 1, &val, &vlen));

    uint64_t prev = bt_next_rowid(rf, INVALID_XID);
    for (int i = 0; i < 100; i++) {
        uint64_t id = bt_next_rowid(rf, INVALID_XID);
        ck_assert_uint_eq(id, prev + 1);
        prev = id;
    }
    bt_drop(rf, INVALID_XID);
    st_teardown();
}
END_TEST

static void
lookup_a(RelFile rf)
{
    uint8_t *val;
    uint32_t vlen;

    bt_lookup(rf, "a", 1, &val, &vlen);
}

static void
insert_b(RelFile rf)
{
    bt_insert(rf, INVALID_XID, "b", 1, "2", 1);
}

/* Set the root leaf's lower bound to bad_lower (no WAL: the test plays a bad disk). */
static uint16_t
poke_root_lower(RelFile rf, uint16_t bad_lower)
{
    BufId buf = buf_read(rf, 1); /* the first root, a leaf while the tree is small */
    buf_lock(buf, BUF_EXCLUSIVE);
    PageHeader *h = page_header(buf_page(buf));
    uint16_t old = h->lower;
    h->lower = bad_lower;
    buf_unlock(buf);
    buf_release(buf);
    return old;
}

START_TEST(corrupt_page_is_an_error_and_releases_latches)
{
    RelFile rf = {.db = 1, .rel = 16387};
    uint8_t *val;
    uint32_t vlen;

    tree_env_start(1024 * 1024);
    bt_create(rf, INVALID_XID);
    ck_assert(bt_insert(rf, INVALID_XID, "a", 1, "1", 1));
    uint16_t good = poke_root_lower(rf, OAK_PAGE_SIZE - 2);
    ck_assert_str_eq(tree_catch(lookup_a, rf), "XX002");
    ck_assert_str_eq(tree_catch(insert_b, rf), "XX002");
    poke_root_lower(rf, good);
    /* the failed calls left no latch behind: readers and writers get through again */
    ck_assert(bt_lookup(rf, "a", 1, &val, &vlen));
    ck_assert(bt_insert(rf, INVALID_XID, "b", 1, "2", 1));
    ck_assert(bt_lookup(rf, "b", 1, &val, &vlen));
    st_teardown();
}
END_TEST

/*
 * The randomized run. Key n: a 200-byte common prefix (so separators stay long and internal
 * pages fan out little: the tree grows tall), n big-endian, then n % 13 filler bytes. Keys
 * therefore sort by n, and the reference is an array indexed by n.
 */
enum {
    RT_KEYS = 40000,
    RT_OPS = 100000,
    RT_PREFIX = 200,
    RT_POOL = 64 * OAK_PAGE_SIZE,
};

typedef struct RtRef {
    bool present[RT_KEYS];
    uint32_t version[RT_KEYS];
} RtRef;

/* Check records every passing ck_assert (a write per call): hot loops check quietly. */
#define rt_require(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg("%s:%d: %s", __FILE__, __LINE__, #cond);                                  \
    } while (0)

static uint64_t rt_seed = 0x9E3779B97F4A7C15ull;

static uint32_t
rt_rand(void)
{
    rt_seed ^= rt_seed << 13;
    rt_seed ^= rt_seed >> 7;
    rt_seed ^= rt_seed << 17;
    return (uint32_t)(rt_seed >> 16);
}

static uint32_t
rt_key(uint32_t n, uint8_t *out)
{
    memset(out, 'P', RT_PREFIX);
    out[RT_PREFIX] = (uint8_t)(n >> 24);
    out[RT_PREFIX + 1] = (uint8_t)(n >> 16);
    out[RT_PREFIX + 2] = (uint8_t)(n >> 8);
    out[RT_PREFIX + 3] = (uint8_t)n;
    memset(out + RT_PREFIX + 4, 'x', n % 13);
    return RT_PREFIX + 4 + n % 13;
}

/* Value of key n at version ver: mostly short, one in ~97 near the item size limit. */
static uint32_t
rt_value(uint32_t n, uint32_t ver, uint8_t *out)
{
    uint32_t len = (n ^ ver) % 97 == 0 ? 1000 + (n + ver) % 700 : (n * 7 + ver * 13) % 120;
    for (uint32_t i = 0; i < len; i++)
        out[i] = (uint8_t)(n + ver * 31 + i);
    return len;
}

static void
rt_check_value(uint32_t n, uint32_t ver, const uint8_t *val, uint32_t vlen)
{
    uint8_t want[BT_MAX_ITEM];
    uint32_t len = rt_value(n, ver, want);
    rt_require((vlen) == (len));
    rt_require(memcmp(val, want, len) == 0);
}

/* A scan bound: kind 0 = exact key n, 1 = a prefix of key n, 2 = key n plus a zero byte. */
typedef struct RtBound {
    uint8_t key[RT_PREFIX + 32];
    BtBound b;
    bool open;
} RtBound;

static void
rt_make_bound(RtBound *rb)
{
    uint32_t n = rt_rand() % RT_KEYS;
    uint32_t len = rt_key(n, rb->key);

    rb->open = rt_rand() % 8 == 0;
    switch (rt_rand() % 3) {
    case 1:
        len = rt_rand() % 2 ? RT_PREFIX + 1 + rt_rand() % 3 : rt_rand() % (len + 1);
        break;
    case 2:
        rb->key[len++] = 0;
        break;
    default:
        break;
    }
    rb->b = (BtBound){.key = rb->key, .len = len, .inclusive = rt_rand() % 2 == 0};
}

/* True if key n is at or above lo (false if beyond hi when is_hi) under bound b. */
static bool
rt_within(uint32_t n, const RtBound *rb, bool is_hi)
{
    uint8_t key[RT_PREFIX + 32];
    uint32_t len = rt_key(n, key);

    if (rb->open)
        return true;
    int c = bt_key_cmp(key, len, rb->b.key, rb->b.len);
    if (is_hi)
        return rb->b.inclusive ? c <= 0 : c < 0;
    return rb->b.inclusive ? c >= 0 : c > 0;
}

/* Scan [lo, hi] and compare with the reference, key by key. */
static void
rt_scan(RelFile rf, const RtRef *ref, const RtBound *lo, const RtBound *hi)
{
    uint32_t first = 0;
    uint32_t last = RT_KEYS;
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    uint8_t want[RT_PREFIX + 32];

    while (first < last) { /* first n at or above lo: keys are monotonic in n */
        uint32_t mid = first + (last - first) / 2;
        if (rt_within(mid, lo, false))
            last = mid;
        else
            first = mid + 1;
    }
    BtCursor *cur = bt_cursor_open(rf, lo->open ? NULL : &lo->b, hi->open ? NULL : &hi->b);
    for (uint32_t n = first; n < RT_KEYS && rt_within(n, hi, true); n++) {
        if (!ref->present[n])
            continue;
        if (!(bt_cursor_next(cur, &k, &kl, &v, &vl)))
            ck_abort_msg("scan ended before key %u", n);
        uint32_t wl = rt_key(n, want);
        rt_require((kl) == (wl));
        rt_require(memcmp(k, want, wl) == 0);
        rt_check_value(n, ref->version[n], v, vl);
    }
    rt_require(!bt_cursor_next(cur, &k, &kl, &v, &vl));
    bt_cursor_close(cur);
}

/*
 * Check the structure below block: levels, key order within pages, every key within the
 * separators of the parent, leaves chained left to right. Returns the number of keys.
 */
typedef struct RtWalk {
    RelFile rf;
    BlockNo next_leaf; /* the right-link the last leaf visited announced */
    uint8_t last_key[BT_MAX_KEY];
    uint32_t last_len;
    bool have_last;
    uint64_t leaves;
} RtWalk;

static uint64_t
rt_walk(RtWalk *w,
        BlockNo block,
        uint32_t level,
        const uint8_t *lo,
        uint32_t lo_len,
        const uint8_t *hi,
        uint32_t hi_len)
{
    _Alignas(8) uint8_t page[OAK_PAGE_SIZE];
    BufId buf = buf_read(w->rf, block);
    buf_lock(buf, BUF_SHARE);
    memcpy(page, buf_page(buf), OAK_PAGE_SIZE);
    buf_unlock(buf);
    buf_release(buf);

    bt_page_check(page, w->rf, block);
    rt_require((bt_page_level(page)) == (level));
    rt_require((bt_page_flags(page)) == (0)); /* no split left incomplete */
    /* the high key is exactly the parent's upper bound (none for the rightmost page) */
    uint16_t hlen;
    const uint8_t *high = bt_page_high_key(page, &hlen);
    rt_require((high == NULL) == (hi == NULL));
    if (high != NULL)
        rt_require(bt_key_cmp(high, hlen, hi, hi_len) == 0);
    uint16_t n = bt_page_ndata(page);
    uint64_t keys = 0;
    if (level == 0) {
        if (w->leaves > 0)
            rt_require((w->next_leaf) == (block));
        w->next_leaf = bt_page_right(page);
        w->leaves++;
        for (uint16_t i = 0; i < n; i++) {
            uint16_t kl;
            const uint8_t *k = bt_page_key(page, i, &kl);
            if (w->have_last)
                rt_require(bt_key_cmp(w->last_key, w->last_len, k, kl) < 0);
            if (lo != NULL)
                rt_require(bt_key_cmp(k, kl, lo, lo_len) >= 0);
            if (hi != NULL)
                rt_require(bt_key_cmp(k, kl, hi, hi_len) < 0);
            memcpy(w->last_key, k, kl);
            w->last_len = kl;
            w->have_last = true;
        }
        return n;
    }
    rt_require((n) > (0));
    if (lo == NULL && hi == NULL)
        rt_require((n) > (1)); /* the root; a split's right half may hold one child */
    for (uint16_t i = 0; i < n; i++) {
        uint16_t kl = 0;
        uint16_t nl = 0;
        const uint8_t *k = i == 0 ? lo : bt_page_key(page, i, &kl);
        const uint8_t *next = i + 1 < n ? bt_page_key(page, (uint16_t)(i + 1), &nl) : hi;
        if (i == 0)
            kl = (uint16_t)lo_len;
        if (i + 1 == n)
            nl = (uint16_t)hi_len;
        keys += rt_walk(w, bt_page_child(page, i), level - 1, k, kl, next, nl);
    }
    return keys;
}

static uint32_t
rt_verify(RelFile rf, const RtRef *ref)
{
    RtWalk w = {.rf = rf};
    BufId meta = buf_read(rf, BT_META_BLOCK);
    buf_lock(meta, BUF_SHARE);
    BtMeta m = *bt_meta(buf_page(meta));
    buf_unlock(meta);
    buf_release(meta);

    uint64_t keys = rt_walk(&w, m.root, m.height - 1, NULL, 0, NULL, 0);
    rt_require((w.next_leaf) == (INVALID_BLOCK));
    uint64_t want = 0;
    for (uint32_t n = 0; n < RT_KEYS; n++)
        want += ref->present[n];
    rt_require((keys) == (want));
    return m.height;
}

static void
rt_one_op(RelFile rf, RtRef *ref, uint32_t *stats)
{
    uint8_t key[RT_PREFIX + 32];
    uint8_t val[BT_MAX_ITEM];
    uint8_t *got;
    uint32_t got_len;
    uint32_t n = rt_rand() % RT_KEYS;
    uint32_t klen = rt_key(n, key);
    uint32_t op = rt_rand() % 100;

    if (op < 45) {
        uint32_t vlen = rt_value(n, 0, val);
        rt_require(bt_insert(rf, INVALID_XID, key, klen, val, vlen) == !ref->present[n]);
        if (!ref->present[n])
            ref->version[n] = 0;
        ref->present[n] = true;
    } else if (op < 65) {
        rt_require(bt_delete(rf, INVALID_XID, key, klen) == ref->present[n]);
        ref->present[n] = false;
    } else if (op < 90) {
        uint32_t vlen = rt_value(n, ref->version[n] + 1, val);
        rt_require(bt_update(rf, INVALID_XID, key, klen, val, vlen) == ref->present[n]);
        if (ref->present[n])
            ref->version[n]++;
    } else if (op < 99) {
        rt_require(bt_lookup(rf, key, klen, &got, &got_len) == ref->present[n]);
        if (ref->present[n]) {
            rt_check_value(n, ref->version[n], got, got_len);
            mcx_free(got);
        }
    } else {
        RtBound lo;
        RtBound hi;
        rt_make_bound(&lo);
        rt_make_bound(&hi);
        rt_scan(rf, ref, &lo, &hi);
        stats[0]++;
    }
}

START_TEST(random_ops_match_reference)
{
    RelFile rf = {.db = 1, .rel = 16385};
    RtRef *ref = calloc(1, sizeof(RtRef));
    RtBound open = {.open = true};
    uint32_t stats[1] = {0};

    tree_env_start(RT_POOL);
    bt_create(rf, INVALID_XID);
    for (uint32_t i = 1; i <= RT_OPS; i++) {
        MemCtx *cx = mcx_create(mcx_top, "op");
        MemCtx *saved = mcx_switch(cx);
        rt_one_op(rf, ref, stats);
        if (i % 25000 == 0)
            rt_verify(rf, ref);
        mcx_switch(saved);
        mcx_delete(cx);
    }
    uint32_t height = rt_verify(rf, ref);
    ck_assert_uint_ge(height, 3);
    ck_assert_uint_gt(stats[0], 500);
    ck_assert_uint_gt(buf_nblocks(rf), 4 * (RT_POOL / OAK_PAGE_SIZE)); /* pool << tree */
    rt_scan(rf, ref, &open, &open);

    /* Crash with nothing written back: WAL replay alone rebuilds the tree. */
    wal_flush(wal_insert_lsn());
    st_crash_and_recover();
    ck_assert_uint_eq(rt_verify(rf, ref), height);
    rt_scan(rf, ref, &open, &open);

    /* Write everything back, then start from an empty pool: all comes from the files. */
    buf_flush_all();
    st_crash_and_recover();
    ck_assert_uint_eq(rt_verify(rf, ref), height);
    rt_scan(rf, ref, &open, &open);
    for (uint32_t i = 0; i < 200; i++) {
        RtBound lo;
        RtBound hi;
        rt_make_bound(&lo);
        rt_make_bound(&hi);
        rt_scan(rf, ref, &lo, &hi);
    }
    free(ref);
    st_teardown();
}
END_TEST

/*
 * Several processes at once through the shared pool: writers insert and delete their own
 * keys (splits at every level, in every process), readers scan all the while and must
 * always see keys in order and every "stable" key, which nobody touches. Children report
 * by exit status: Check's assertions belong to the test process only.
 */
enum {
    CC_WRITERS = 4,
    CC_READERS = 2,
    CC_PER_WRITER = 2500,
    CC_STABLE = 300,
    CC_PAD = 240,
};

static uint32_t
cc_key(char kind, uint32_t n, uint8_t *out)
{
    out[0] = (uint8_t)kind;
    memset(out + 1, 'c', CC_PAD);
    out[CC_PAD + 1] = (uint8_t)(n >> 24);
    out[CC_PAD + 2] = (uint8_t)(n >> 16);
    out[CC_PAD + 3] = (uint8_t)(n >> 8);
    out[CC_PAD + 4] = (uint8_t)n;
    return CC_PAD + 5;
}

static uint32_t
cc_value(uint32_t n, uint8_t *out)
{
    uint32_t len = n % 61;
    for (uint32_t i = 0; i < len; i++)
        out[i] = (uint8_t)(n * 3 + i);
    return len;
}

static int
cc_writer(RelFile rf, uint32_t w)
{
    uint8_t key[CC_PAD + 8];
    uint8_t val[64];

    for (uint32_t i = 0; i < CC_PER_WRITER; i++) {
        uint32_t n = i * CC_WRITERS + w;
        if (!bt_insert(rf, INVALID_XID, key, cc_key('C', n, key), val, cc_value(n, val)))
            return 1;
    }
    for (uint32_t i = 0; i < CC_PER_WRITER; i += 2) {
        uint32_t n = i * CC_WRITERS + w;
        if (!bt_delete(rf, INVALID_XID, key, cc_key('C', n, key)))
            return 2;
    }
    return 0;
}

/* One full scan: keys strictly increasing, values intact, every stable key present. */
static int
cc_scan_once(RelFile rf)
{
    uint8_t prev[CC_PAD + 8];
    uint8_t want[64];
    uint32_t prev_len = 0;
    uint32_t stable = 0;
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    BtCursor *cur = bt_cursor_open(rf, NULL, NULL);

    while (bt_cursor_next(cur, &k, &kl, &v, &vl)) {
        if (kl != CC_PAD + 5 || (prev_len > 0 && bt_key_cmp(prev, prev_len, k, kl) >= 0))
            return 3;
        uint32_t n = (uint32_t)k[CC_PAD + 1] << 24 | (uint32_t)k[CC_PAD + 2] << 16 |
                     (uint32_t)k[CC_PAD + 3] << 8 | k[CC_PAD + 4];
        if (vl != cc_value(n, want) || memcmp(v, want, vl) != 0)
            return 4;
        stable += k[0] == 'S';
        memcpy(prev, k, kl);
        prev_len = kl;
    }
    bt_cursor_close(cur);
    return stable == CC_STABLE ? 0 : 5;
}

static int
cc_reader(RelFile rf)
{
    for (int i = 0; i < 25; i++) {
        MemCtx *cx = mcx_create(mcx_top, "scan");
        MemCtx *saved = mcx_switch(cx);
        int rc = cc_scan_once(rf);
        mcx_switch(saved);
        mcx_delete(cx);
        if (rc != 0)
            return rc;
    }
    return 0;
}

START_TEST(concurrent_writers_and_readers)
{
    RelFile rf = {.db = 1, .rel = 16386};
    uint8_t key[CC_PAD + 8];
    uint8_t val[64];
    pid_t pids[CC_WRITERS + CC_READERS];

    tree_env_start(RT_POOL);
    bt_create(rf, INVALID_XID);
    for (uint32_t n = 0; n < CC_STABLE; n++)
        ck_assert(bt_insert(rf, INVALID_XID, key, cc_key('S', n, key), val, cc_value(n, val)));
    proc_detach();
    for (uint32_t p = 0; p < CC_WRITERS + CC_READERS; p++) {
        pids[p] = fork();
        ck_assert_int_ge(pids[p], 0);
        if (pids[p] == 0) {
            if (!proc_attach())
                _exit(10);
            int rc = p < CC_WRITERS ? cc_writer(rf, p) : cc_reader(rf);
            proc_detach();
            _exit(rc);
        }
    }
    for (uint32_t p = 0; p < CC_WRITERS + CC_READERS; p++) {
        int status;
        ck_assert_int_eq(waitpid(pids[p], &status, 0), pids[p]);
        ck_assert(WIFEXITED(status));
        ck_assert_msg(WEXITSTATUS(status) == 0, "process %u exited %d", p, WEXITSTATUS(status));
    }
    ck_assert(proc_attach());
    ck_assert_int_eq(cc_scan_once(rf), 0);

    /* Exactly the odd-numbered inserts of every writer remain. */
    uint32_t count = 0;
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    BtCursor *cur = bt_cursor_open(rf, NULL, NULL);
    for (uint32_t i = 1; i < CC_PER_WRITER; i += 2)
        for (uint32_t w = 0; w < CC_WRITERS; w++) {
            uint32_t len = cc_key('C', i * CC_WRITERS + w, key);
            rt_require(bt_cursor_next(cur, &k, &kl, &v, &vl));
            rt_require(kl == len && memcmp(k, key, len) == 0);
            count++;
        }
    while (bt_cursor_next(cur, &k, &kl, &v, &vl))
        rt_require(k[0] == 'S');
    bt_cursor_close(cur);
    ck_assert_uint_eq(count, CC_WRITERS * CC_PER_WRITER / 2);
    ck_assert_uint_gt(buf_nblocks(rf), 4 * (RT_POOL / OAK_PAGE_SIZE));
    st_teardown();
}
END_TEST

Suite *
btree_tree_suite(void)
{
    Suite *s = suite_create("btree_tree");
    TCase *tc = tcase_create("tree");

    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, basic_calls_and_limits);
    tcase_add_test(tc, corrupt_page_is_an_error_and_releases_latches);
    tcase_add_test(tc, random_ops_match_reference);
    tcase_add_test(tc, concurrent_writers_and_readers);
    suite_add_tcase(s, tc);
    return s;
}
