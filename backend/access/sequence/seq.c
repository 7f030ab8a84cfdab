/*
 * seq.c
 *     A sequence's one page: create, read, advance (nextval), set (setval), drop.
 *
 * Invariants (numbered as in this folder's README.md):
 *   1. Block 0 is the only page; after the page header it holds a SeqPage.
 *   2. The page is changed only under its exclusive latch, through wal_page_begin /
 *      wal_page_finish, before the new value leaves this file: redo of the log
 *      reproduces every value handed out.
 */
#include "oak/oak.h"

#include "oak/access/page.h"
#include "oak/access/sequence.h"
#include "oak/access/wal.h"
#include "oak/access/xact.h"
#include "oak/storage/smgr.h"

enum { SEQ_MAGIC = 0x53455131 }; /* "SEQ1" */

typedef struct SeqPage {
    uint32_t magic;
    uint32_t is_called;
    int64_t last_value;
} SeqPage;

static SeqPage *
seq_data(uint8_t *page)
{
    SeqPage *d = (SeqPage *)(page + PAGE_HEADER_SIZE);
    if (page_get_type(page) != PAGE_TYPE_SEQUENCE || d->magic != SEQ_MAGIC)
        elog_internal("sequence page is damaged (type %u)", page_get_type(page));
    return d;
}

void
seq_create(RelFile rf, int64_t start)
{
    _Alignas(8) uint8_t image[OAK_PAGE_SIZE];
    memset(image, 0, sizeof image);
    page_init(image, PAGE_TYPE_SEQUENCE, 0);
    SeqPage d = {SEQ_MAGIC, 0, start};
    memcpy(image + PAGE_HEADER_SIZE, &d, sizeof d);
    page_header(image)->lower = (uint16_t)(PAGE_HEADER_SIZE + sizeof d);

    wal_log_file_create(rf);
    smgr_create(rf);
    if (buf_nblocks(rf) != 0)
        elog_internal("sequence file %u/%u already exists", rf.db, rf.rel);
    BlockNo block;
    BufId buf = buf_extend(rf, &block);
    buf_lock(buf, BUF_EXCLUSIVE);
    if (block != 0)
        elog_internal("sequence page got block %u", block);
    WalPageChange *ch = wal_page_begin(xact_current_xid());
    wal_page_add_new(ch, buf);
    crit_begin();
    memcpy(buf_page(buf), image, OAK_PAGE_SIZE);
    wal_page_finish(ch);
    crit_end();
    buf_unlock(buf);
    buf_release(buf);
}

void
seq_drop(RelFile rf)
{
    wal_log_file_drop(rf);
    buf_drop_relation(rf);
    smgr_unlink(rf);
}

SeqState
seq_read(RelFile rf)
{
    BufId buf = buf_read(rf, 0);
    buf_lock(buf, BUF_SHARE);
    SeqPage *d = seq_data(buf_page(buf));
    SeqState s = {d->last_value, d->is_called != 0};
    buf_unlock(buf);
    buf_release(buf);
    return s;
}

/* Log and apply a new state (invariant 2); the page is latched exclusively. */
static void
seq_store(BufId buf, int64_t value, bool is_called)
{
    WalPageChange *ch = wal_page_begin(xact_current_xid());
    wal_page_add(ch, buf);
    crit_begin();
    SeqPage *d = seq_data(buf_page(buf));
    d->last_value = value;
    d->is_called = is_called ? 1 : 0;
    wal_page_finish(ch);
    crit_end();
}

int64_t
seq_next(RelFile rf, const SeqParams *p, const char *name)
{
    BufId buf = buf_read(rf, 0);
    buf_lock(buf, BUF_EXCLUSIVE);
    SeqPage *d = seq_data(buf_page(buf));
    int64_t next = d->last_value;
    if (d->is_called) {
        int64_t cur = d->last_value;
        bool over =
            p->increment > 0
                ? (p->max >= 0 && cur > p->max - p->increment) || cur + p->increment > p->max
                : (p->min < 0 && cur < p->min - p->increment) || cur + p->increment < p->min;
        if (over) {
            if (!p->cycle) {
                buf_unlock(buf);
                buf_release(buf);
                ereport(ERROR,
                        err_code(SQLSTATE_SEQUENCE_GENERATOR_LIMIT_EXCEEDED),
                        err_msg("nextval: reached %s value of sequence \"%s\" (%lld)",
                                p->increment > 0 ? "maximum" : "minimum",
                                name,
                                (long long)(p->increment > 0 ? p->max : p->min)));
            }
            next = p->increment > 0 ? p->min : p->max;
        } else {
            next = cur + p->increment;
        }
    }
    seq_store(buf, next, true);
    buf_unlock(buf);
    buf_release(buf);
    return next;
}

void
seq_set(RelFile rf, int64_t value, bool is_called)
{
    BufId buf = buf_read(rf, 0);
    buf_lock(buf, BUF_EXCLUSIVE);
    seq_store(buf, value, is_called);
    buf_unlock(buf);
    buf_release(buf);
}
