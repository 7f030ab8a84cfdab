/*
 * tbl_copy.c
 *     CREATE DATABASE's copy of a template: every relation file of base/<src>/ becomes a
 *     file of base/<dst>/ with the same number, page by page, each page WAL-logged as a
 *     full image (PostgreSQL 15's WAL_LOG strategy).
 *
 * Why page images: the copy is then durable and crash-safe by the ordinary WAL rules.
 * The commit record that makes the new pg_database row visible lies after every page
 * image, so once it is flushed a crash replays the file creations and the images; a
 * crash before it leaves files no catalog row names (removed at abort when the server
 * survives). No checkpoint is needed first: pages are read through the buffer pool, so
 * changes not yet written to disk are copied too.
 *
 * On entry: the caller holds a lock that keeps every other backend out of the source
 * database (no connection, no autovacuum), so its pages do not change during the copy.
 * Not here: the pg_database row (catalog/cat_database.c), the checks (commands/).
 */
#include "oak/oak.h"

#include "oak/access/page.h"
#include "oak/access/table.h"
#include "oak/access/wal.h"
#include "oak/access/xact.h"
#include "oak/storage/smgr.h"
#include "oak/utils/adt.h"

/* Append one page image to dst as its next block, logged as a full image. */
static void
tbl_copy_page(RelFile dst, const uint8_t *image, Xid xid)
{
    BlockNo block;
    BufId buf = buf_extend(dst, &block);

    buf_lock(buf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add_new(ch, buf);
    crit_begin();
    memcpy(buf_page(buf), image, OAK_PAGE_SIZE);
    (void)wal_page_finish(ch);
    crit_end();
    buf_unlock(buf);
    buf_release(buf);
}

static void
tbl_copy_file(RelFile src, RelFile dst, Xid xid, uint8_t *image)
{
    wal_log_file_create(dst);
    BlockNo nblocks = buf_nblocks(src);
    for (BlockNo b = 0; b < nblocks; b++) {
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        BufId buf = buf_read(src, b);
        buf_lock(buf, BUF_SHARE);
        memcpy(image, buf_page(buf), OAK_PAGE_SIZE);
        buf_unlock(buf);
        buf_release(buf);
        tbl_copy_page(dst, image, xid);
    }
}

void
tbl_copy_database(Oid src_db, Oid dst_db)
{
    Oid *rels;
    int n = smgr_list_database(src_db, &rels);
    uint8_t *image = mcx_alloc(OAK_PAGE_SIZE);
    Xid xid = xact_current_xid();

    wal_log_database_create_begin(dst_db); /* recovery removes it unless we commit */
    for (int i = 0; i < n; i++)
        tbl_copy_file((RelFile){.db = src_db, .rel = rels[i]},
                      (RelFile){.db = dst_db, .rel = rels[i]},
                      xid,
                      image);
    mcx_free(image);
}

void
tbl_database_create_end(Oid db)
{
    wal_database_change_end(db);
}

void
tbl_drop_database_at_commit(Oid db)
{
    wal_log_database_drop_at_commit(db);
}

void
tbl_drop_database(Oid db)
{
    wal_log_database_drop(db);
}
