/*
 * check_storage_page.c
 *     Pages and checksums: CRC32C known answers, page init and verify, and a corrupted page
 *     on disk raising XX001 through the buffer manager instead of returning wrong bytes.
 */
#include "storage_test_util.h"

#include <fcntl.h>

#include "oak/access/page.h"
#include "oak/access/wal.h"
#include "oak/storage/bufmgr.h"

START_TEST(crc32c_known_vectors)
{
    uint8_t zeros[32] = {0};
    uint8_t ones[32];

    memset(ones, 0xFF, sizeof ones);
    ck_assert_uint_eq(crc32c("123456789", 9), 0xE3069283u);
    ck_assert_uint_eq(crc32c(zeros, sizeof zeros), 0x8A9136AAu); /* RFC 3720 B.4 */
    ck_assert_uint_eq(crc32c(ones, sizeof ones), 0x62A8AB43u);
    ck_assert_uint_eq(crc32c("", 0), 0);
    /* continuing a CRC equals one pass; odd lengths take the byte-wise tail */
    ck_assert_uint_eq(crc32c_update(crc32c("12345", 5), "6789", 4), 0xE3069283u);
}
END_TEST

START_TEST(page_init_and_checksum)
{
    uint8_t page[OAK_PAGE_SIZE];

    page_init(page, PAGE_TYPE_BTREE_LEAF, 16);
    ck_assert_uint_eq(page_get_type(page), PAGE_TYPE_BTREE_LEAF);
    ck_assert_uint_eq(page_header(page)->lower, PAGE_HEADER_SIZE);
    ck_assert_uint_eq(page_header(page)->special, OAK_PAGE_SIZE - 16);
    ck_assert_uint_eq(page_free_space(page), OAK_PAGE_SIZE - 16 - PAGE_HEADER_SIZE);
    page_set_lsn(page, 12345);
    ck_assert_uint_eq(page_get_lsn(page), 12345);
    ck_assert(!page_is_new(page));

    page_set_checksum(page, 7);
    ck_assert(page_verify(page, 7));
    ck_assert(!page_verify(page, 8)); /* a page written to the wrong block is caught */
    page[5000] ^= 1;
    ck_assert(!page_verify(page, 7));
    page[5000] ^= 1;
    ck_assert(page_verify(page, 7));

    memset(page, 0, sizeof page); /* never written: valid as new */
    ck_assert(page_is_new(page));
    ck_assert(page_verify(page, 3));
}
END_TEST

START_TEST(corrupt_page_raises_data_corrupted)
{
    st_setup();
    RelFile rf = {5, 16400};
    BlockNo block;

    wal_log_file_create(rf);
    BufId buf = buf_extend(rf, &block);
    buf_lock(buf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(INVALID_XID);
    wal_page_add_new(ch, buf);
    page_init(buf_page(buf), PAGE_TYPE_BTREE_LEAF, 0);
    memcpy(buf_page(buf) + 100, "hello", 5);
    wal_page_finish(ch);
    buf_unlock(buf);
    buf_release(buf);
    buf_flush_all();

    /* flip one byte on disk, then make the pool forget the page */
    char *path = smgr_abs_path(smgr_path(rf, 0));
    int fd = open(path, O_RDWR);
    ck_assert_int_ge(fd, 0);
    uint8_t b;
    ck_assert_int_eq(pread(fd, &b, 1, 4000), 1);
    b ^= 0x40;
    ck_assert_int_eq(pwrite(fd, &b, 1, 4000), 1);
    close(fd);
    buf_drop_relation(rf);

    volatile bool raised = false;
    err_try();
    {
        (void)buf_read(rf, block);
    }
    err_catch();
    {
        raised = true;
        ck_assert_str_eq(err_current()->sqlstate, SQLSTATE_DATA_CORRUPTED);
        ck_assert_ptr_nonnull(strstr(err_current()->message, "invalid page in block 0"));
        err_clear();
        storage_abort_cleanup();
    }
    err_end_try();
    ck_assert(raised);

    /* a second read fails the same way: the bad page never became valid in the pool */
    raised = false;
    err_try();
    {
        (void)buf_read(rf, block);
    }
    err_catch();
    {
        raised = true;
        ck_assert_str_eq(err_current()->sqlstate, SQLSTATE_DATA_CORRUPTED);
        err_clear();
        storage_abort_cleanup();
    }
    err_end_try();
    ck_assert(raised);
    st_teardown();
}
END_TEST

Suite *
storage_page_suite(void)
{
    Suite *s = suite_create("storage_page");
    TCase *tc = tcase_create("page");

    tcase_add_test(tc, crc32c_known_vectors);
    tcase_add_test(tc, page_init_and_checksum);
    tcase_add_test(tc, corrupt_page_raises_data_corrupted);
    suite_add_tcase(s, tc);
    return s;
}
