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
 *   7. A transaction's xid and the xids of its committed subtransactions change status in
 *      one record: after a crash either all of them read committed or none does.
 *   8. Final statuses are cached per process (see clog_status).
 */
#include "oak/oak.h"

#include <stdlib.h>
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

static int
clog_cmp_xid(const void *a, const void *b)
{
    Xid x = *(const Xid *)a;
    Xid y = *(const Xid *)b;
    return x < y ? -1 : x > y;
}

/*
 * Set the status of xids[0..n) in one record, so that a transaction and its subtransactions
 * commit atomically (invariant 7). xids[0] is the record's xid. The pages are latched in
 * block order, so two committers never wait for each other in a cycle.
 */
Lsn
clog_log_status_many(const Xid *xids, int n, XidStatus status)
{
    const int64_t when = (int64_t)time(NULL);
    Xid *sorted = mcx_alloc(sizeof(Xid) * (size_t)n);
    BufId bufs[WAL_MAX_PAGES_PER_RECORD];
    BlockNo blocks[WAL_MAX_PAGES_PER_RECORD];
    int nbufs = 0;

    memcpy(sorted, xids, sizeof(Xid) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(Xid), clog_cmp_xid);
    for (int i = 0; i < n; i++) {
        BlockNo b = clog_block(sorted[i]);
        if (nbufs > 0 && blocks[nbufs - 1] == b)
            continue;
        if (nbufs == WAL_MAX_PAGES_PER_RECORD)
            ereport(ERROR,
                    err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                    err_msg("transaction spans too many subtransaction ids to commit atomically"));
        blocks[nbufs++] = b;
    }
    clog_extend_to(blocks[nbufs - 1]);
    for (int i = 0; i < nbufs; i++) {
        bufs[i] = buf_read(CLOG_RELFILE, blocks[i]);
        buf_lock(bufs[i], BUF_EXCLUSIVE);
    }
    WalPageChange *ch = wal_page_begin(xids[0]);
    for (int i = 0; i < nbufs; i++)
        wal_page_add(ch, bufs[i]);

    crit_begin(); /* the status must reach the log once the pages hold it */
    for (int i = 0; i < nbufs; i++)
        if (page_is_new(buf_page(bufs[i])))
            page_init(buf_page(bufs[i]), PAGE_TYPE_CLOG, 0);
    for (int i = 0, p = 0; i < n; i++) {
        Xid xid = sorted[i];
        while (blocks[p] != clog_block(xid))
            p++;
        uint8_t *byte = buf_page(bufs[p]) + clog_byte(xid);
        *byte = (uint8_t)((*byte & ~(3u << clog_shift(xid))) |
                          ((unsigned)status << clog_shift(xid)));
    }
    Lsn lsn = wal_page_finish_record(ch,
                                     RM_XACT,
                                     status == XID_COMMITTED ? XACT_WAL_COMMIT : XACT_WAL_ABORT,
                                     &when,
                                     sizeof when);
    crit_end();

    for (int i = 0; i < nbufs; i++) {
        buf_unlock(bufs[i]);
        buf_release(bufs[i]);
    }
    return lsn;
}

Lsn
clog_log_status(Xid xid, XidStatus status)
{
    return clog_log_status_many(&xid, 1, status);
}

/*
 * Invariant 8: a per-process cache of final statuses. Committed and aborted never change
 * back, and a process's cache dies with it (a crash restarts every backend), so an entry
 * is never stale; an in-progress status is never cached. This saves a buffer lookup and
 * a page latch per visibility check, which PostgreSQL saves with hint bits.
 */
enum { CLOG_CACHE_SLOTS = 4096 };
static Xid clog_cache_xid[CLOG_CACHE_SLOTS];
static uint8_t clog_cache_status[CLOG_CACHE_SLOTS];

XidStatus
clog_status(Xid xid)
{
    if (xid == INVALID_XID)
        return XID_ABORTED; /* an invalid xid never made anything visible */
    if (xid < XID_FIRST_NORMAL)
        return XID_COMMITTED; /* bootstrap */
    size_t slot = (size_t)(xid % CLOG_CACHE_SLOTS);
    if (clog_cache_xid[slot] == xid)
        return (XidStatus)clog_cache_status[slot];
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
    if (bits == XID_COMMITTED || bits == XID_ABORTED) {
        clog_cache_xid[slot] = xid;
        clog_cache_status[slot] = (uint8_t)bits;
    }
    return (XidStatus)bits;
}
