/*
 * check_storage_wal.c
 *     WAL: records read back with their CRCs, a corrupted byte ending the log there, page
 *     deltas and full images replayed after a crash, commit status, xid and oid durability,
 *     file create/drop redo, checkpoints removing old segments and writing exactly the pages
 *     dirty at their start.
 */
#include "storage_test_util.h"

#include <fcntl.h>

#include "oak/access/page.h"
#include "oak/access/wal.h"
#include "oak/access/xact.h"
#include "oak/storage/bufmgr.h"

START_TEST(records_read_back_until_corruption)
{
    st_setup();
    Lsn start = wal_insert_lsn();
    Lsn ends[50];
    char body[300];

    for (int i = 0; i < 50; i++) {
        memset(body, 'a' + i % 26, sizeof body);
        ends[i] = wal_insert_record(RM_XLOG, 99, (Xid)(1000 + i), body, (uint32_t)(10 + i * 5));
    }
    wal_flush(ends[49]);

    WalReader r;
    const WalRecordHeader *hdr;
    const uint8_t *b;
    Lsn end;
    wal_reader_init(&r, start);
    for (int i = 0; i < 50; i++) {
        ck_assert(wal_reader_next(&r, &hdr, &b, &end));
        ck_assert_uint_eq(end, ends[i]);
        ck_assert_uint_eq(hdr->xid, 1000 + i);
        ck_assert_uint_eq(hdr->info, 99);
        ck_assert_uint_eq(hdr->total_len, sizeof *hdr + 10 + i * 5);
        ck_assert_uint_eq(b[0], 'a' + i % 26);
    }
    ck_assert(!wal_reader_next(&r, &hdr, &b, &end)); /* zeros after the last record */
    wal_reader_close(&r);

    /* flip one body byte of record 20: reading ends cleanly after record 19 */
    char path[64];
    wal_segment_path(ends[20] / WAL_SEG_SIZE, path, sizeof path);
    int fd = open(smgr_abs_path(path), O_RDWR);
    ck_assert_int_ge(fd, 0);
    off_t at = (off_t)((ends[19] % WAL_SEG_SIZE) + sizeof(WalRecordHeader) + 3);
    uint8_t c;
    ck_assert_int_eq(pread(fd, &c, 1, at), 1);
    c ^= 1;
    ck_assert_int_eq(pwrite(fd, &c, 1, at), 1);
    close(fd);

    int n = 0;
    wal_reader_init(&r, start);
    while (wal_reader_next(&r, &hdr, &b, &end))
        n++;
    ck_assert_int_eq(n, 20);
    ck_assert_uint_eq(r.pos, ends[19]);
    wal_reader_close(&r);
    st_teardown();
}
END_TEST

/* Change bytes [off, off+len) of block 0 of rf to v in one logged page change. */
static Lsn
change_page(RelFile rf, Xid xid, int off, int len, uint8_t v)
{
    BufId buf = buf_read(rf, 0);
    buf_lock(buf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add(ch, buf);
    memset(buf_page(buf) + off, v, (size_t)len);
    Lsn lsn = wal_page_finish(ch);
    ck_assert_uint_eq(page_get_lsn(buf_page(buf)), lsn);
    buf_unlock(buf);
    buf_release(buf);
    return lsn;
}

static RelFile
make_one_page_rel(Oid rel)
{
    RelFile rf = {1, rel};
    BlockNo block;

    wal_log_file_create(rf);
    BufId buf = buf_extend(rf, &block);
    buf_lock(buf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(INVALID_XID);
    wal_page_add_new(ch, buf);
    page_init(buf_page(buf), PAGE_TYPE_BTREE_LEAF, 0);
    wal_page_finish(ch);
    buf_unlock(buf);
    buf_release(buf);
    return rf;
}

START_TEST(committed_changes_survive_crash)
{
    st_setup();
    RelFile rf = make_one_page_rel(20100);
    checkpoint_now(false); /* next change: full image, then deltas */

    Xid x1 = xact_begin();
    change_page(rf, x1, 100, 10, 0xAA); /* full image */
    change_page(rf, x1, 200, 10, 0xBB); /* delta */
    xact_commit();
    ck_assert_int_eq(clog_status(x1), XID_COMMITTED);

    Xid x2 = xact_begin();
    change_page(rf, x2, 300, 10, 0xCC);
    xact_abort();
    ck_assert_int_eq(clog_status(x2), XID_ABORTED);

    Xid x3 = xact_begin(); /* running at the crash */
    change_page(rf, x3, 400, 10, 0xDD);
    wal_flush(wal_insert_lsn()); /* x2's abort and x3's change reach the disk */

    st_crash_and_recover();
    ck_assert_int_eq(clog_status(x1), XID_COMMITTED);
    ck_assert_int_eq(clog_status(x2), XID_ABORTED);
    ck_assert_int_eq(clog_status(x3), XID_IN_PROGRESS); /* crashed: no snapshot lists it */

    BufId buf = buf_read(rf, 0);
    buf_lock(buf, BUF_SHARE);
    const uint8_t *page = buf_page(buf);
    ck_assert_uint_eq(page[105], 0xAA);
    ck_assert_uint_eq(page[205], 0xBB);
    buf_unlock(buf);
    buf_release(buf);

    /* xids seen in WAL are never handed out again */
    Xid x4 = xact_begin();
    ck_assert_uint_gt(x4, x3);
    xact_commit();
    st_teardown();
}
END_TEST

START_TEST(replay_twice_changes_nothing)
{
    st_setup();
    RelFile rf = make_one_page_rel(20101);

    Xid x = xact_begin();
    for (int i = 0; i < 20; i++)
        change_page(rf, x, 100 + i * 7, 5, (uint8_t)i);
    xact_commit();
    /* pages on disk newer than part of the WAL: redo must skip those records */
    buf_flush_all();
    change_page(rf, INVALID_XID, 1000, 4, 0x11);
    wal_flush(wal_insert_lsn());
    st_crash_and_recover();
    st_crash_and_recover(); /* recovery after recovery */

    BufId buf = buf_read(rf, 0);
    buf_lock(buf, BUF_SHARE);
    const uint8_t *page = buf_page(buf);
    for (int i = 0; i < 20; i++)
        ck_assert_uint_eq(page[100 + i * 7 + 4], i);
    ck_assert_uint_eq(page[1002], 0x11);
    buf_unlock(buf);
    buf_release(buf);
    ck_assert_int_eq(clog_status(x), XID_COMMITTED);
    st_teardown();
}
END_TEST

START_TEST(oids_never_reused)
{
    st_setup();
    Oid first = oid_next();
    ck_assert_uint_ge(first, OID_FIRST_NORMAL);
    Oid last = first;
    for (int i = 0; i < 10000; i++) { /* crosses a logging batch */
        Oid o = oid_next();
        ck_assert_uint_eq(o, last + 1);
        last = o;
    }
    Xid x = xact_begin(); /* a commit flushes everything logged before it */
    change_page(make_one_page_rel(20102), x, 100, 1, 1);
    xact_commit();
    st_crash_and_recover();
    ck_assert_uint_gt(oid_next(), last);
    st_teardown();
}
END_TEST

START_TEST(file_create_and_drop_replayed)
{
    st_setup();
    RelFile keep = make_one_page_rel(20103);
    RelFile gone = make_one_page_rel(20104);
    checkpoint_now(false);
    RelFile late = make_one_page_rel(20105);
    wal_log_file_drop(gone);
    ck_assert(!smgr_exists(gone));
    wal_flush(wal_insert_lsn());
    st_crash_and_recover();
    ck_assert(smgr_exists(keep));
    ck_assert(smgr_exists(late));
    ck_assert(!smgr_exists(gone));
    ck_assert_uint_eq(buf_nblocks(late), 1);
    st_teardown();
}
END_TEST

START_TEST(checkpoint_removes_old_segments)
{
    st_setup();
    RelFile rf = make_one_page_rel(20106);
    static uint8_t big[200000];
    char path[64];

    for (int i = 0; i < 100; i++) /* about 20 MiB: into the next segment */
        wal_insert_record(RM_XLOG, 99, INVALID_XID, big, sizeof big);
    change_page(rf, INVALID_XID, 100, 1, 7);
    Lsn first_seg_lsn = WAL_SEG_SIZE;
    wal_segment_path(first_seg_lsn / WAL_SEG_SIZE, path, sizeof path);
    ck_assert_int_eq(access(smgr_abs_path(path), F_OK), 0);
    checkpoint_now(false);
    ck_assert_int_ne(access(smgr_abs_path(path), F_OK), 0);
    st_crash_and_recover();
    BufId buf = buf_read(rf, 0);
    ck_assert_uint_eq(buf_page(buf)[100], 7);
    buf_release(buf);
    st_teardown();
}
END_TEST

START_TEST(torn_page_restored_from_full_image)
{
    st_setup();
    RelFile rf = make_one_page_rel(20107);
    checkpoint_now(false);
    Xid x = xact_begin();
    change_page(rf, x, 100, 8, 0x5A); /* first change after the checkpoint: full image */
    xact_commit();
    buf_flush_all();
    /* tear the page on disk: the second half is garbage */
    char *p = smgr_abs_path(smgr_path(rf, 0));
    int fd = open(p, O_RDWR);
    uint8_t junk[4096];
    memset(junk, 0x77, sizeof junk);
    ck_assert_int_eq(pwrite(fd, junk, sizeof junk, 4096), (ssize_t)sizeof junk);
    close(fd);
    st_crash_and_recover();
    BufId buf = buf_read(rf, 0);
    ck_assert_uint_eq(buf_page(buf)[100], 0x5A);
    ck_assert_uint_eq(buf_page(buf)[5000], 0);
    buf_release(buf);
    st_teardown();
}
END_TEST

static void
count_writes(int written, int total, void *arg)
{
    int *calls = arg;

    ck_assert_int_le(written, total);
    (*calls)++;
}

START_TEST(checkpoint_writes_pages_dirty_at_its_mark)
{
    st_setup();
    RelFile before = make_one_page_rel(20108);
    RelFile after = make_one_page_rel(20109);
    checkpoint_now(false); /* every buffer clean */
    ck_assert_int_eq(buf_checkpoint_mark(), 0);

    change_page(before, INVALID_XID, 100, 1, 1);
    ck_assert_int_eq(buf_checkpoint_mark(), 1);
    change_page(after, INVALID_XID, 100, 1, 2); /* dirtied after the mark: not this one's */
    int calls = 0;
    buf_checkpoint_write(1, count_writes, &calls);
    ck_assert_int_eq(calls, 1);
    ck_assert_int_eq(buf_checkpoint_mark(), 1); /* only the later page is still dirty */

    /* a page written by someone else meanwhile (eviction) is not written again */
    buf_flush_all();
    calls = 0;
    buf_checkpoint_write(1, count_writes, &calls);
    ck_assert_int_eq(calls, 0);
    ck_assert_int_eq(buf_checkpoint_mark(), 0);
    st_teardown();
}
END_TEST

START_TEST(group_commit_counts_fsyncs)
{
    st_setup();
    oak_settings.fsync = true;
    RelFile rf = make_one_page_rel(20108);
    uint64_t before = wal_fsync_count();
    Xid x = xact_begin();
    change_page(rf, x, 100, 1, 1);
    xact_commit();
    ck_assert_uint_eq(wal_fsync_count(), before + 1);
    wal_flush(wal_insert_lsn()); /* nothing new: no fsync */
    ck_assert_uint_eq(wal_fsync_count(), before + 1);
    x = xact_begin(); /* a read-only transaction logs and flushes nothing */
    xact_commit();
    ck_assert_uint_eq(wal_fsync_count(), before + 1);
    st_teardown();
}
END_TEST

Suite *
storage_wal_suite(void)
{
    Suite *s = suite_create("storage_wal");
    TCase *tc = tcase_create("wal");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, records_read_back_until_corruption);
    tcase_add_test(tc, committed_changes_survive_crash);
    tcase_add_test(tc, replay_twice_changes_nothing);
    tcase_add_test(tc, oids_never_reused);
    tcase_add_test(tc, file_create_and_drop_replayed);
    tcase_add_test(tc, checkpoint_removes_old_segments);
    tcase_add_test(tc, torn_page_restored_from_full_image);
    tcase_add_test(tc, checkpoint_writes_pages_dirty_at_its_mark);
    tcase_add_test(tc, group_commit_counts_fsyncs);
    suite_add_tcase(s, tc);
    return s;
}
