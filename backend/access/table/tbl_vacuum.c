/*
 * tbl_vacuum.c
 *     Vacuum of a clustered table: scan every row version in key order and remove, from the
 *     table's B+ tree, each one no snapshot can see. The B+ tree's item is the row version
 *     itself (no separate heap), so removing the item removes the version and its only
 *     "index entry" at once; the leaf's freed bytes serve the next insert into that leaf.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   6. A version is removed only if no snapshot, present or future, can see it: its
 *      inserter aborted (or crashed), or its deleter committed with an xid below the
 *      horizon (proc_oldest_xmin(): every snapshot in use or still to come counts that xid
 *      as committed, so sees the deletion). A lock-only xmax never deletes.
 *
 * Not here: choosing tables, locks and the horizon (backend/commands/cmd_vacuum.c,
 * backend/postmaster/autovacuum.c); the B+ tree's own page handling (bt_delete.c).
 */
#include "oak/oak.h"

#include "tbl_internal.h"
#include "oak/utils/adt.h"

/*
 * Versions examined between two B+ tree deletions: one cursor batch is one leaf, so this is
 * a few leaves' worth; the keys to remove are copied and deleted with no cursor latch held.
 */
enum { TBL_VAC_BATCH = 512 };

TblVacVerdict
tbl_vacuum_verdict(const RowHeader *h, XidFate xmin_fate, XidFate xmax_fate, Xid horizon)
{
    if (xmin_fate == XID_GONE)
        return TBL_VAC_REMOVE; /* never visible to anyone */
    if (h->xmax == INVALID_XID || (h->flags & ROW_XMAX_LOCK_ONLY))
        return TBL_VAC_LIVE;
    if (xmax_fate != XID_DONE)
        return TBL_VAC_LIVE; /* deleter running, aborted or crashed */
    /*
     * The deleter committed. A running inserter cannot be (it would have to have committed
     * before the deleter saw the version), but a version deleted by its own inserter's
     * later command has both fates DONE, which is fine: the rule below holds for it too.
     */
    return h->xmax < horizon ? TBL_VAC_REMOVE : TBL_VAC_RECENTLY_DEAD;
}

/* The verdict for one stored version, asking the commit log and proc array as needed. */
static TblVacVerdict
tbl_vacuum_judge(const RowHeader *h, Xid horizon)
{
    XidFate xmin_fate = tbl_xid_fate(h->xmin);
    XidFate xmax_fate = XID_GONE;

    if (xmin_fate != XID_GONE && h->xmax != INVALID_XID && !(h->flags & ROW_XMAX_LOCK_ONLY))
        xmax_fate = tbl_xid_fate(h->xmax);
    return tbl_vacuum_verdict(h, xmin_fate, xmax_fate, horizon);
}

/*
 * Keys collected by one batch, in the batch context; for versions with out-of-line values
 * also the row, whose chains are freed once the version is gone (README invariant 8).
 */
typedef struct TblVacBatch {
    uint8_t *keys[TBL_VAC_BATCH];
    uint32_t lens[TBL_VAC_BATCH];
    uint8_t *rows[TBL_VAC_BATCH]; /* NULL: nothing out of line */
    uint32_t row_lens[TBL_VAC_BATCH];
    int n;
} TblVacBatch;

/*
 * Judge up to TBL_VAC_BATCH versions from cur, collecting the keys to remove. Returns false
 * when the scan is over.
 */
static bool
tbl_vacuum_collect(BtCursor *cur, Xid horizon, TblVacBatch *b, TblVacuumStats *st)
{
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;

    b->n = 0;
    for (int seen = 0; seen < TBL_VAC_BATCH; seen++) {
        if (!bt_cursor_next(cur, &k, &kl, &v, &vl))
            return false;
        RowHeader h;
        tbl_row_header(v, vl, &h);
        st->scanned++;
        switch (tbl_vacuum_judge(&h, horizon)) {
        case TBL_VAC_REMOVE:
            b->keys[b->n] = mcx_alloc(kl);
            memcpy(b->keys[b->n], k, kl);
            b->lens[b->n] = kl;
            b->rows[b->n] = NULL;
            if (h.flags & ROW_HAS_EXTERNAL) {
                b->rows[b->n] = mcx_alloc(vl);
                memcpy(b->rows[b->n], v, vl);
                b->row_lens[b->n] = vl;
            }
            b->n++;
            break;
        case TBL_VAC_RECENTLY_DEAD:
            st->recently_dead++;
            break;
        case TBL_VAC_LIVE:
            st->live++;
            break;
        }
    }
    return true;
}

void
tbl_vacuum(RelDesc *rel, Xid horizon, TblVacuumStats *st)
{
    MemCtx *batch_cx = mcx_create(mcx_current, "vacuum batch");
    BtCursor *cur = bt_cursor_open(rel->file, NULL, NULL);
    TblVacBatch *b = mcx_alloc(sizeof *b);
    bool more = true;

    while (more) {
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        mcx_reset(batch_cx);
        MemCtx *saved = mcx_switch(batch_cx);
        more = tbl_vacuum_collect(cur, horizon, b, st);
        mcx_switch(saved);
        /*
         * The cursor holds nothing between calls and resumes after the last key it returned
         * (btree README invariant 6), so deleting behind it is safe. A key found absent was
         * removed by nobody else (SHARE UPDATE EXCLUSIVE keeps other vacuums out): a bug.
         */
        if (b->n > 0 && bt_delete_many(rel->file,
                                       INVALID_XID,
                                       (const uint8_t *const *)b->keys,
                                       b->lens,
                                       b->n) != b->n)
            elog_internal("row version vanished from \"%s\" during vacuum", rel->name);
        /*
         * Only now that no item points to them: a crash before this leaks the chains, never
         * leaves a version pointing to freed pages.
         */
        for (int i = 0; i < b->n; i++)
            if (b->rows[i] != NULL)
                tbl_row_free_external(rel, b->rows[i], b->row_lens[i]);
        st->removed += (uint64_t)b->n;
    }
    bt_cursor_close(cur);
    mcx_delete(batch_cx);
}
