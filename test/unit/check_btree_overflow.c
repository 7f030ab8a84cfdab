/*
 * check_btree_overflow.c
 *     Overflow chains through the real buffer pool and WAL: values of the awkward sizes
 *     (one byte, a page's worth, one record's worth and one more) read back byte for byte;
 *     freed chains are reused without growing the file and without touching live chains;
 *     chains survive a crash (WAL replay alone) and a restart from the files; a chain that
 *     is not there is an error, not garbage.
 */
#include "storage_test_util.h"

#include "oak/access/btree.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"

/* A fresh cluster with a pool much smaller than the chains written. */
static void
ovf_env_start(void)
{
    st_make_datadir();
    oak_settings.shared_buffers = 32 * OAK_PAGE_SIZE;
    shm_create();
    storage_init_cluster();
    ck_assert(proc_attach());
}

/* len bytes of a pattern that differs per seed and per position (no two pages alike). */
static uint8_t *
ovf_pattern(uint32_t len, uint32_t seed)
{
    uint8_t *p = malloc(len);
    uint32_t x = seed * 2654435761u + 1;

    ck_assert_ptr_nonnull(p);
    for (uint32_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 16);
    }
    return p;
}

/* Whether the chain at first holds exactly pattern(len, seed). */
static bool
ovf_chain_is(RelFile rf, BlockNo first, uint32_t len, uint32_t seed)
{
    uint8_t *want = ovf_pattern(len, seed);
    uint8_t *got = malloc(len);

    bt_overflow_read(rf, first, got, len);
    bool same = memcmp(want, got, len) == 0;
    free(want);
    free(got);
    return same;
}

static BlockNo
ovf_write(RelFile rf, uint32_t len, uint32_t seed)
{
    uint8_t *data = ovf_pattern(len, seed);
    BlockNo first = bt_overflow_write(rf, INVALID_XID, data, len);
    free(data);
    return first;
}

enum { OVF_NSIZES = 8 };

static const uint32_t ovf_sizes[OVF_NSIZES] = {
    1,
    BT_OVERFLOW_DATA - 1,
    BT_OVERFLOW_DATA,
    BT_OVERFLOW_DATA + 1,
    7 * BT_OVERFLOW_DATA,     /* exactly one WAL record of new pages */
    7 * BT_OVERFLOW_DATA + 1, /* and one more page: two records */
    100000,
    3 * 1024 * 1024 + 17,
};

START_TEST(chains_read_back_whole_and_survive_crashes)
{
    RelFile rf = {.db = 1, .rel = 16390};
    BlockNo first[OVF_NSIZES];

    ovf_env_start();
    bt_create(rf, INVALID_XID);
    for (int i = 0; i < OVF_NSIZES; i++)
        first[i] = ovf_write(rf, ovf_sizes[i], (uint32_t)i);
    for (int i = 0; i < OVF_NSIZES; i++)
        ck_assert(ovf_chain_is(rf, first[i], ovf_sizes[i], (uint32_t)i));
    /* the tree itself is untouched */
    ck_assert(bt_insert(rf, INVALID_XID, "k", 1, "v", 1));

    /* Crash with nothing written back: WAL replay alone rebuilds the chains. */
    wal_flush(wal_insert_lsn());
    st_crash_and_recover();
    for (int i = 0; i < OVF_NSIZES; i++)
        ck_assert(ovf_chain_is(rf, first[i], ovf_sizes[i], (uint32_t)i));

    /* Write everything back and start from an empty pool: all comes from the file. */
    buf_flush_all();
    st_crash_and_recover();
    for (int i = 0; i < OVF_NSIZES; i++)
        ck_assert(ovf_chain_is(rf, first[i], ovf_sizes[i], (uint32_t)i));
    st_teardown();
}
END_TEST

START_TEST(freed_pages_are_reused_and_live_chains_kept)
{
    RelFile rf = {.db = 1, .rel = 16391};
    const uint32_t big = 20 * BT_OVERFLOW_DATA + 5; /* 21 pages */

    ovf_env_start();
    bt_create(rf, INVALID_XID);
    BlockNo keep = ovf_write(rf, big, 100);
    BlockNo a = ovf_write(rf, big, 101);
    BlockNo b = ovf_write(rf, 3 * BT_OVERFLOW_DATA, 102);
    BlockNo size = buf_nblocks(rf);

    bt_overflow_free(rf, INVALID_XID, a, big);
    bt_overflow_free(rf, INVALID_XID, b, 3 * BT_OVERFLOW_DATA);
    /* 24 free pages: new chains of 24 pages in all take them, the file stays as it was */
    BlockNo c = ovf_write(rf, 10 * BT_OVERFLOW_DATA, 103);
    BlockNo d = ovf_write(rf, 14 * BT_OVERFLOW_DATA, 104);
    ck_assert_uint_eq(buf_nblocks(rf), size);
    /* the list is empty now: the next page extends the file */
    BlockNo e = ovf_write(rf, 1, 105);
    ck_assert_uint_eq(buf_nblocks(rf), size + 1);
    ck_assert_uint_eq(e, size);

    wal_flush(wal_insert_lsn());
    st_crash_and_recover(); /* the free list and the reused pages replay too */
    ck_assert(ovf_chain_is(rf, keep, big, 100));
    ck_assert(ovf_chain_is(rf, c, 10 * BT_OVERFLOW_DATA, 103));
    ck_assert(ovf_chain_is(rf, d, 14 * BT_OVERFLOW_DATA, 104));
    ck_assert(ovf_chain_is(rf, e, 1, 105));

    /* Free everything after the crash, write it all again: still no growth. */
    bt_overflow_free(rf, INVALID_XID, c, 10 * BT_OVERFLOW_DATA);
    bt_overflow_free(rf, INVALID_XID, d, 14 * BT_OVERFLOW_DATA);
    bt_overflow_free(rf, INVALID_XID, e, 1);
    BlockNo f = ovf_write(rf, 25 * BT_OVERFLOW_DATA, 106);
    ck_assert_uint_eq(buf_nblocks(rf), size + 1);
    ck_assert(ovf_chain_is(rf, f, 25 * BT_OVERFLOW_DATA, 106));
    ck_assert(ovf_chain_is(rf, keep, big, 100));
    st_teardown();
}
END_TEST

/* Read a chain that is not there (the root leaf, block 1); the SQLSTATE raised. */
static const char *
ovf_read_wrong_block(RelFile rf, BlockNo block)
{
    static char state[6];
    static uint8_t out[100];

    state[0] = '\0';
    err_try();
    {
        bt_overflow_read(rf, block, out, sizeof out);
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

START_TEST(a_chain_that_is_not_there_is_an_error)
{
    RelFile rf = {.db = 1, .rel = 16392};

    ovf_env_start();
    bt_create(rf, INVALID_XID);
    BlockNo first = ovf_write(rf, 50, 7);
    ck_assert_str_eq(ovf_read_wrong_block(rf, 1), "XX001");           /* a leaf */
    ck_assert_str_eq(ovf_read_wrong_block(rf, 0), "XX001");           /* the meta page */
    ck_assert_str_eq(ovf_read_wrong_block(rf, first + 100), "XX001"); /* past the end */
    ck_assert_str_eq(ovf_read_wrong_block(rf, first), "XX001");       /* 50 bytes, not 100 */
    /* nothing was left latched: the tree and the chain work as before */
    ck_assert(ovf_chain_is(rf, first, 50, 7));
    ck_assert(bt_insert(rf, INVALID_XID, "k", 1, "v", 1));
    st_teardown();
}
END_TEST

Suite *
btree_overflow_suite(void)
{
    Suite *s = suite_create("btree_overflow");
    TCase *tc = tcase_create("overflow");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, chains_read_back_whole_and_survive_crashes);
    tcase_add_test(tc, freed_pages_are_reused_and_live_chains_kept);
    tcase_add_test(tc, a_chain_that_is_not_there_is_an_error);
    suite_add_tcase(s, tc);
    return s;
}
