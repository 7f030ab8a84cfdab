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
tbl_vacuum_collect(BtCursor *cur, Xid horizon, bool keep_rows, TblVacBatch *b, TblVacuumStats *st)
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
            if ((h.flags & ROW_HAS_EXTERNAL) || keep_rows) {
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

/*
 * Remove the index entries of a batch of removed versions: for each index, the entry keys
 * (index key || version key) in key order, one bt_delete_many. An entry may be absent (a
 * partial index that did not cover the version, or a version older than the index).
 */
static void
tbl_vacuum_indexes(RelDesc *rel, const TblIndexer *ixr, const TblVacBatch *b)
{
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    StrBuf *ikeys = mcx_alloc(sizeof(StrBuf) * (size_t)rel->nindexes);
    bool *covered = mcx_alloc(sizeof(bool) * (size_t)rel->nindexes * TBL_VAC_BATCH);
    for (int x = 0; x < rel->nindexes; x++)
        sb_init(&ikeys[x]);
    uint32_t *starts = mcx_alloc(sizeof(uint32_t) * (size_t)rel->nindexes * TBL_VAC_BATCH);
    for (int i = 0; i < b->n; i++) {
        tbl_row_decode(rel, b->rows[i], b->row_lens[i], values, nulls);
        for (int x = 0; x < rel->nindexes; x++) {
            bool has_null;
            StrBuf *sb = &ikeys[x];
            starts[x * TBL_VAC_BATCH + i] = (uint32_t)sb->len;
            covered[x * TBL_VAC_BATCH + i] =
                ixr->entry_key(ixr->arg, x, values, nulls, sb, &has_null);
            if (covered[x * TBL_VAC_BATCH + i])
                sb_append_bytes(sb, b->keys[i], b->lens[i]);
        }
    }
    uint8_t **keys = mcx_alloc(sizeof(uint8_t *) * TBL_VAC_BATCH);
    uint32_t *lens = mcx_alloc(sizeof(uint32_t) * TBL_VAC_BATCH);
    for (int x = 0; x < rel->nindexes; x++) {
        int n = 0;
        for (int i = 0; i < b->n; i++) {
            if (!covered[x * TBL_VAC_BATCH + i])
                continue;
            uint32_t st = starts[x * TBL_VAC_BATCH + i];
            uint32_t en = i + 1 < b->n ? starts[x * TBL_VAC_BATCH + i + 1] : (uint32_t)ikeys[x].len;
            keys[n] = (uint8_t *)ikeys[x].data + st;
            lens[n] = en - st;
            n++;
        }
        if (n == 0)
            continue;
        /* bt_delete_many wants keys in order; versions in table order are not index order. */
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0; j--) {
                uint32_t m = lens[j - 1] < lens[j] ? lens[j - 1] : lens[j];
                int c = memcmp(keys[j - 1], keys[j], m);
                if (c < 0 || (c == 0 && lens[j - 1] <= lens[j]))
                    break;
                uint8_t *tk = keys[j];
                keys[j] = keys[j - 1];
                keys[j - 1] = tk;
                uint32_t tl = lens[j];
                lens[j] = lens[j - 1];
                lens[j - 1] = tl;
            }
        (void)bt_delete_many(rel->indexes[x].file,
                             INVALID_XID,
                             (const uint8_t *const *)keys,
                             lens,
                             n);
    }
}

void
tbl_vacuum(RelDesc *rel, Xid horizon, const TblIndexer *ixr, TblVacuumStats *st)
{
    bool with_indexes = rel->nindexes > 0 && ixr != NULL;
    MemCtx *batch_cx = mcx_create(mcx_current, "vacuum batch");
    BtCursor *cur = bt_cursor_open(rel->file, NULL, NULL);
    TblVacBatch *b = mcx_alloc(sizeof *b);
    bool more = true;

    while (more) {
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        mcx_reset(batch_cx);
        MemCtx *saved = mcx_switch(batch_cx);
        more = tbl_vacuum_collect(cur, horizon, with_indexes, b, st);
        /* Entries first: a scan meeting an entry whose version is gone skips it anyway. */
        if (with_indexes && b->n > 0)
            tbl_vacuum_indexes(rel, ixr, b);
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
