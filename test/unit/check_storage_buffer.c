/*
 * check_storage_buffer.c
 *     Buffer pool: 200 pages through a 16-buffer pool read back intact (eviction, the WAL
 *     rule, checksums), several processes sharing the pool, pins released on abort.
 */
#include "storage_test_util.h"

#include <sys/wait.h>

#include "oak/access/page.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"

enum { NPAGES = 200 };

/* Write page i of rf: a new page with a stamp that says which page it is. */
static void
write_stamped_page(RelFile rf, uint32_t i)
{
    BlockNo block;
    BufId buf = buf_extend(rf, &block);

    ck_assert_uint_eq(block, i);
    buf_lock(buf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(INVALID_XID);
    wal_page_add_new(ch, buf);
    uint8_t *page = buf_page(buf);
    page_init(page, PAGE_TYPE_BTREE_LEAF, 0);
    for (int k = PAGE_HEADER_SIZE; k + 8 <= OAK_PAGE_SIZE; k += 8) {
        uint64_t v = (uint64_t)rf.rel << 40 | (uint64_t)i << 16 | (uint64_t)k;
        memcpy(page + k, &v, 8);
    }
    wal_page_finish(ch);
    buf_unlock(buf);
    buf_release(buf);
}

static void
check_stamped_page(RelFile rf, uint32_t i)
{
    BufId buf = buf_read(rf, i);

    buf_lock(buf, BUF_SHARE);
    const uint8_t *page = buf_page(buf);
    ck_assert_uint_eq(page_get_type(page), PAGE_TYPE_BTREE_LEAF);
    for (int k = PAGE_HEADER_SIZE; k + 8 <= OAK_PAGE_SIZE; k += 8) {
        uint64_t v;
        memcpy(&v, page + k, 8);
        ck_assert_uint_eq(v, (uint64_t)rf.rel << 40 | (uint64_t)i << 16 | (uint64_t)k);
    }
    buf_unlock(buf);
    buf_release(buf);
}

START_TEST(eviction_keeps_every_page)
{
    st_setup();
    RelFile rf = {1, 20000};

    wal_log_file_create(rf);
    for (uint32_t i = 0; i < NPAGES; i++)
        write_stamped_page(rf, i);
    ck_assert_uint_eq(buf_nblocks(rf), NPAGES);
    for (uint32_t i = 0; i < NPAGES; i++)
        check_stamped_page(rf, NPAGES - 1 - i);
    /* evicted pages went to disk only after their WAL */
    ck_assert_uint_ge(wal_flushed_lsn(), wal_insert_lsn() - 64 * 1024);
    st_teardown();
}
END_TEST

START_TEST(eviction_survives_crash)
{
    st_setup();
    RelFile rf = {1, 20001};

    wal_log_file_create(rf);
    for (uint32_t i = 0; i < NPAGES; i++)
        write_stamped_page(rf, i);
    wal_flush(wal_insert_lsn());
    st_crash_and_recover();
    ck_assert_uint_eq(buf_nblocks(rf), NPAGES);
    for (uint32_t i = 0; i < NPAGES; i++)
        check_stamped_page(rf, i);
    st_teardown();
}
END_TEST

START_TEST(processes_share_the_pool)
{
    st_setup();
    proc_detach();
    enum { NPROC = 4 };
    pid_t pids[NPROC];

    for (int p = 0; p < NPROC; p++) {
        pids[p] = fork();
        ck_assert_int_ge(pids[p], 0);
        if (pids[p] == 0) {
            RelFile rf = {1, (Oid)(30000 + p)};
            if (!proc_attach())
                _exit(2);
            wal_log_file_create(rf);
            for (uint32_t i = 0; i < 60; i++)
                write_stamped_page(rf, i);
            for (uint32_t i = 0; i < 60; i++)
                check_stamped_page(rf, i);
            proc_detach();
            _exit(0);
        }
    }
    for (int p = 0; p < NPROC; p++) {
        int status;
        ck_assert_int_eq(waitpid(pids[p], &status, 0), pids[p]);
        ck_assert(WIFEXITED(status));
        ck_assert_int_eq(WEXITSTATUS(status), 0);
    }
    ck_assert(proc_attach());
    for (int p = 0; p < NPROC; p++)
        for (uint32_t i = 0; i < 60; i++)
            check_stamped_page((RelFile){1, (Oid)(30000 + p)}, i);
    st_teardown();
}
END_TEST

START_TEST(abort_releases_pins_and_latches)
{
    st_setup();
    RelFile rf = {1, 20002};

    wal_log_file_create(rf);
    for (uint32_t i = 0; i < 16; i++)
        write_stamped_page(rf, i);
    volatile bool raised = false;
    err_try();
    {
        for (uint32_t i = 0; i < 16; i++) { /* pin the whole pool, latch one page */
            BufId buf = buf_read(rf, i);
            if (i == 3)
                buf_lock(buf, BUF_EXCLUSIVE);
        }
        (void)buf_read(rf, 0); /* still fine: already pinned */
        BlockNo block;
        (void)buf_extend(rf, &block); /* no free buffer: ERROR */
    }
    err_catch();
    {
        raised = true;
        err_clear();
        storage_abort_cleanup();
    }
    err_end_try();
    ck_assert(raised);
    /* everything is usable again, including the page that was latched */
    BufId buf = buf_read(rf, 3);
    buf_lock(buf, BUF_EXCLUSIVE);
    buf_unlock(buf);
    buf_release(buf);
    for (uint32_t i = 0; i < 16; i++)
        check_stamped_page(rf, i);
    st_teardown();
}
END_TEST

Suite *
storage_buffer_suite(void)
{
    Suite *s = suite_create("storage_buffer");
    TCase *tc = tcase_create("buffer");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, eviction_keeps_every_page);
    tcase_add_test(tc, eviction_survives_crash);
    tcase_add_test(tc, processes_share_the_pool);
    tcase_add_test(tc, abort_releases_pins_and_latches);
    suite_add_tcase(s, tc);
    return s;
}
