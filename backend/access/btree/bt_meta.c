/*
 * bt_meta.c
 *     Whole-tree operations: create a tree (its file, meta page and empty root leaf), drop
 *     it, and the row-id counter kept in the meta page.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *  14. Block 0 is the meta page; it names the root and the height. Its latch serialises
 *      changes to it (root splits, row ids, the overflow free list) and file extension;
 *      readers of the root hold it shared only while they copy root and height. A new tree
 *      is logged as one record holding both of its first pages.
 *
 * Not here: anything below the root (bt_search.c, bt_insert.c, bt_delete.c).
 */
#include "oak/oak.h"

#include "bt_internal.h"
#include "oak/storage/smgr.h"

/*
 * Create rf's file with a meta page (block 0) and an empty root leaf (block 1). The file
 * must not exist or be empty; XX000 otherwise. WAL: the file creation, then one record with
 * both pages as full images.
 */
void
bt_create(RelFile rf, Xid xid)
{
    _Alignas(8) uint8_t meta_image[OAK_PAGE_SIZE];
    _Alignas(8) uint8_t root_image[OAK_PAGE_SIZE];
    BlockNo meta_block;
    BlockNo root_block;

    wal_log_file_create(rf);
    smgr_create(rf);
    if (buf_nblocks(rf) != 0)
        elog_internal("relation file %u/%u already exists", rf.db, rf.rel);

    BufId meta = buf_extend(rf, &meta_block);
    buf_lock(meta, BUF_EXCLUSIVE);
    BufId root = buf_extend(rf, &root_block);
    buf_lock(root, BUF_EXCLUSIVE);
    if (meta_block != BT_META_BLOCK)
        elog_internal("B+ tree meta page got block %u", meta_block);
    bt_meta_page_init(meta_image, root_block);
    bt_page_init(root_image, 0);

    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add_new(ch, meta);
    wal_page_add_new(ch, root);
    crit_begin();
    memcpy(buf_page(meta), meta_image, OAK_PAGE_SIZE);
    memcpy(buf_page(root), root_image, OAK_PAGE_SIZE);
    wal_page_finish(ch);
    crit_end();

    buf_unlock(root);
    buf_release(root);
    buf_unlock(meta);
    buf_release(meta);
}

/*
 * Remove rf's file: log the drop, forget its buffers unwritten, unlink. The caller makes
 * sure nobody uses the tree any more (DROP after commit).
 */
void
bt_drop(RelFile rf, Xid xid)
{
    wal_log_file_drop(rf);
    buf_drop_relation(rf);
    smgr_unlink(rf);
}

/*
 * Return the tree's next row id and advance the counter in the meta page (WAL-logged),
 * under the meta page's exclusive latch. Ids start at 1 and never repeat, even
 * across crashes: the record is in the WAL before any row carrying the id can be.
 */
uint64_t
bt_next_rowid(RelFile rf, Xid xid)
{
    BufId buf = bt_meta_lock(rf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add(ch, buf);
    crit_begin();
    BtMeta *meta = bt_meta(buf_page(buf));
    uint64_t rowid = meta->next_rowid++;
    wal_page_finish(ch);
    crit_end();
    bt_unlock_release(buf);
    return rowid;
}
