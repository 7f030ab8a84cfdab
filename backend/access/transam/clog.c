/*
 * clog.c
 *     The commit log: 2 bits per xid (XidStatus) in pages of the relation file global/1
 *     (CLOG_RELFILE), read and written through the shared buffer pool like any page.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   5. A status change is WAL-logged as the commit or abort record itself: an RM_XACT
 *      record whose page part is the commit-log page, so its first change after a checkpoint
 *      carries a full image (torn-page protection) and redo is the generic page redo.
 *   6. The file is extended (zero pages, which read as "in progress") under
 *      clog_extend_lock, before any page change is logged.
 */
#include "oak/oak.h"

#include <time.h>

#include "oak/access/page.h"
#include "oak/access/wal.h"
#include "oak/storage/smgr.h"
#include "transam_int.h"

enum {
    CLOG_XIDS_PER_BYTE = 4,
    CLOG_XIDS_PER_PAGE = (OAK_PAGE_SIZE - sizeof(PageHeader)) * CLOG_XIDS_PER_BYTE,
};

static BlockNo
clog_block(Xid xid)
{
    return (BlockNo)(xid / CLOG_XIDS_PER_PAGE);
}

static size_t
clog_byte(Xid xid)
{
    return sizeof(PageHeader) + (size_t)(xid % CLOG_XIDS_PER_PAGE) / CLOG_XIDS_PER_BYTE;
}

static unsigned
clog_shift(Xid xid)
{
    return (unsigned)(xid % CLOG_XIDS_PER_BYTE) * 2;
}

void
clog_create(void)
{
    smgr_create(CLOG_RELFILE);
}

/* Invariant 6. */
static void
clog_extend_to(BlockNo block)
{
    if (buf_nblocks(CLOG_RELFILE) > block)
        return;
    lw_acquire(clog_extend_lock(), LW_EXCLUSIVE);
    while (buf_nblocks(CLOG_RELFILE) <= block) {
        BlockNo got;
        BufId buf = buf_extend(CLOG_RELFILE, &got);
        buf_release(buf);
    }
    lw_release(clog_extend_lock());
}

Lsn
clog_log_status(Xid xid, XidStatus status)
{
    const BlockNo block = clog_block(xid);
    const int64_t when = (int64_t)time(NULL);

    clog_extend_to(block);
    BufId buf = buf_read(CLOG_RELFILE, block);
    buf_lock(buf, BUF_EXCLUSIVE);
    WalPageChange *ch = wal_page_begin(xid);
    wal_page_add(ch, buf);

    crit_begin(); /* the status must reach the log once the page holds it */
    uint8_t *page = buf_page(buf);
    if (page_is_new(page))
        page_init(page, PAGE_TYPE_CLOG, 0);
    uint8_t *byte = page + clog_byte(xid);
    *byte = (uint8_t)((*byte & ~(3u << clog_shift(xid))) | ((unsigned)status << clog_shift(xid)));
    Lsn lsn = wal_page_finish_record(ch,
                                     RM_XACT,
                                     status == XID_COMMITTED ? XACT_WAL_COMMIT : XACT_WAL_ABORT,
                                     &when,
                                     sizeof when);
    crit_end();

    buf_unlock(buf);
    buf_release(buf);
    return lsn;
}

XidStatus
clog_status(Xid xid)
{
    if (xid == INVALID_XID)
        return XID_ABORTED; /* an invalid xid never made anything visible */
    if (xid < XID_FIRST_NORMAL)
        return XID_COMMITTED; /* bootstrap */
    if (xid >= xact_peek_next_xid())
        return XID_IN_PROGRESS;
    const BlockNo block = clog_block(xid);
    if (block >= buf_nblocks(CLOG_RELFILE))
        return XID_IN_PROGRESS; /* never finished: running or crashed */
    BufId buf = buf_read(CLOG_RELFILE, block);
    buf_lock(buf, BUF_SHARE);
    const uint8_t *page = buf_page(buf);
    unsigned bits = (page[clog_byte(xid)] >> clog_shift(xid)) & 3u;
    buf_unlock(buf);
    buf_release(buf);
    return (XidStatus)bits;
}
