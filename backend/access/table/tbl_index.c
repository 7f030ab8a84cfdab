/*
 * tbl_index.c
 *     Secondary indexes of clustered tables: entries, uniqueness, build, and scans through
 *     an index (README invariant 9).
 *
 * An entry names exactly one row version: key = index key encoding || the version's table
 * key (primary key encoding || ~xmin || ~cmin), value = the index key's length (u16 LE).
 * A version's column values never change (UPDATE writes a new version, DELETE and row locks
 * only set xmax), so an entry's index key always matches its version and a scan needs no
 * re-check of the index condition: it fetches the version and applies visibility.
 *
 * Index key encodings are prefix-free (every column encoding is self-delimiting), so the
 * entries of one index key K are exactly the keys with prefix K, and the keys after all of
 * them start at the prefix successor of K.
 */
#include "oak/oak.h"

#include "tbl_internal.h"
#include "oak/storage/lock.h"
#include "oak/storage/ssi.h"
#include "oak/utils/adt.h"

/*
 * The smallest byte string greater than every string with prefix p: p with trailing 0xFF
 * bytes dropped and the last byte incremented. False if p is all 0xFF (no such string).
 */
bool
tbl_prefix_successor(const uint8_t *p, uint32_t len, uint8_t **out, uint32_t *out_len)
{
    while (len > 0 && p[len - 1] == 0xFF)
        len--;
    if (len == 0)
        return false;
    uint8_t *s = mcx_alloc(len);
    memcpy(s, p, len);
    s[len - 1]++;
    *out = s;
    *out_len = len;
    return true;
}

static uint8_t *
tbl_index_entry_key(const uint8_t *ikey, uint32_t ilen, const RowRef *version, uint32_t *klen)
{
    uint8_t *k = mcx_alloc(ilen + version->klen);
    memcpy(k, ikey, ilen);
    memcpy(k + ilen, version->key, version->klen);
    *klen = ilen + version->klen;
    return k;
}

/*
 * One pass of the uniqueness check: INVALID_XID if no live version has index key ikey, the
 * xid to wait for if a running transaction decides; raises 23505 on a live one.
 */
static Xid
tbl_index_check_once(RelDesc *rel,
                     const IndexDesc *ix,
                     const uint8_t *ikey,
                     uint32_t ilen,
                     Xid myxid,
                     bool building,
                     char *(*describe_key)(void *arg),
                     void *describe_arg)
{
    uint8_t *hi;
    uint32_t hi_len;
    BtBound lo_b = {ikey, ilen, true};
    BtBound hi_b;
    BtBound *hip = NULL;
    if (tbl_prefix_successor(ikey, ilen, &hi, &hi_len)) {
        hi_b = (BtBound){hi, hi_len, false};
        hip = &hi_b;
    }
    BtCursor *cur = bt_cursor_open(ix->file, &lo_b, hip);
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    Xid wait = INVALID_XID;
    bool dup = false;
    while (!dup && wait == INVALID_XID && bt_cursor_next(cur, &k, &kl, &v, &vl)) {
        uint8_t *row;
        uint32_t rlen;
        if (!bt_lookup(rel->file, k + ilen, kl - ilen, &row, &rlen))
            continue; /* removed by vacuum: its entry goes next */
        RowHeader h;
        tbl_row_header(row, rlen, &h);
        dup = tbl_unique_verdict(&h, myxid, &wait) == TBL_UNIQUE_DUP;
    }
    bt_cursor_close(cur);
    if (dup && building)
        ereport(ERROR,
                err_code(SQLSTATE_UNIQUE_VIOLATION),
                err_msg("could not create unique index \"%s\"", ix->name),
                err_detail("%s", describe_key(describe_arg)));
    if (dup)
        ereport(ERROR,
                err_code(SQLSTATE_UNIQUE_VIOLATION),
                err_msg("duplicate key value violates unique constraint \"%s\"", ix->name),
                err_detail("%s", describe_key(describe_arg)));
    return wait;
}

static void
tbl_index_insert_entry(RelDesc *rel,
                       const IndexDesc *ix,
                       const uint8_t *ikey,
                       uint32_t ilen,
                       bool unique_check,
                       bool building,
                       const RowRef *version,
                       Xid xid,
                       char *(*describe_key)(void *arg),
                       void *describe_arg)
{
    if (ilen > BT_MAX_KEY - version->klen)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("index row size %u exceeds btree maximum, %d for index \"%s\"",
                        ilen + version->klen,
                        BT_MAX_KEY,
                        ix->name));
    uint32_t klen;
    uint8_t *key = tbl_index_entry_key(ikey, ilen, version, &klen);
    uint8_t val[2] = {(uint8_t)(ilen & 0xFF), (uint8_t)(ilen >> 8)};
    LockTag tag;
    if (unique_check) {
        /* Check and insert under the key's lock, so two inserters cannot both pass. */
        tag = tbl_unique_key_lock_tag(rel->file.db, ix->oid, ikey, ilen);
        for (;;) {
            (void)lock_acquire(&tag, ROW_LOCK_UPDATE, LOCK_WAIT_BLOCK);
            Xid wait = tbl_index_check_once(
                rel, ix, ikey, ilen, xid, building, describe_key, describe_arg);
            if (wait == INVALID_XID)
                break;
            lock_release(&tag, ROW_LOCK_UPDATE);
            lock_wait_xid(wait);
        }
    }
    if (!bt_insert(ix->file, xid, key, klen, val, sizeof val))
        elog_internal("index entry already present in \"%s\"", ix->name);
    if (unique_check)
        lock_release(&tag, ROW_LOCK_UPDATE);
}

void
tbl_index_insert(RelDesc *rel,
                 const IndexDesc *ix,
                 const uint8_t *ikey,
                 uint32_t ilen,
                 bool unique_check,
                 const RowRef *version,
                 Xid xid,
                 char *(*describe_key)(void *arg),
                 void *describe_arg)
{
    tbl_index_insert_entry(
        rel, ix, ikey, ilen, unique_check, false, version, xid, describe_key, describe_arg);
}

typedef struct BuildDescribe {
    char *(*describe)(void *arg, const Datum *values, const bool *nulls);
    void *arg;
    const Datum *values;
    const bool *nulls;
} BuildDescribe;

static char *
tbl_build_describe(void *arg)
{
    BuildDescribe *d = arg;
    return d->describe(d->arg, d->values, d->nulls);
}

uint64_t
tbl_index_build(RelDesc *rel,
                int ixno,
                const TblIndexer *ixr,
                const Snapshot *snap,
                char *(*describe)(void *arg, const Datum *values, const bool *nulls),
                void *describe_arg)
{
    const IndexDesc *ix = &rel->indexes[ixno];
    BtCursor *cur = bt_cursor_open(rel->file, NULL, NULL);
    MemCtx *row_cx = mcx_create(mcx_current, "index build row");
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    uint64_t n = 0;

    /*
     * Every version gets its entry, dead ones too: the caller's SHARE lock keeps writers
     * out, but snapshots older than ours may still see versions deleted since, and vacuum
     * removes entries together with their versions. Versions whose inserter aborted are
     * left out (nobody can ever see them). The unique check sees the entries made so far.
     */
    while (bt_cursor_next(cur, &k, &kl, &v, &vl)) {
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        RowHeader h;
        tbl_row_header(v, vl, &h);
        bool mine = h.xmin == snap->myxid || xact_xid_is_mine(h.xmin);
        if (!mine && tbl_xid_fate(h.xmin) == XID_GONE)
            continue;
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        tbl_row_decode(rel, v, vl, values, nulls);
        StrBuf ikey;
        sb_init(&ikey);
        bool has_null = false;
        if (ixr->entry_key(ixr->arg, ixno, values, nulls, &ikey, &has_null)) {
            RowRef ver = {(uint8_t *)k, kl};
            BuildDescribe d = {describe, describe_arg, values, nulls};
            /* Only versions still live take part in the unique check, as in PostgreSQL. */
            RowHeader hh = h;
            Xid wait = INVALID_XID;
            bool check = ix->unique && !has_null &&
                         tbl_unique_verdict(&hh, snap->myxid, &wait) != TBL_UNIQUE_NONE;
            tbl_index_insert_entry(rel,
                                   ix,
                                   (const uint8_t *)ikey.data,
                                   (uint32_t)ikey.len,
                                   check,
                                   true,
                                   &ver,
                                   snap->myxid,
                                   tbl_build_describe,
                                   &d);
            n++;
        }
        mcx_switch(old);
    }
    bt_cursor_close(cur);
    mcx_delete(row_cx);
    return n;
}

TblScan *
tbl_index_scan_begin(
    RelDesc *rel, const IndexDesc *ix, const Snapshot *snap, const BtBound *lo, const BtBound *hi)
{
    TblScan *s = mcx_alloc0(sizeof *s);
    s->rel = rel;
    s->ix = ix;
    s->snap = snap;
    s->ssi = tbl_ssi_tracked(rel);
    /* SIREAD on the whole table: index ranges are not tracked by SSI yet (coarser, safe). */
    if (s->ssi)
        ssi_read_range(rel->file.db, rel->oid, NULL, NULL);

    BtBound lo_b;
    BtBound hi_b;
    const BtBound *lop = NULL;
    const BtBound *hip = NULL;
    uint8_t *succ;
    uint32_t succ_len;
    if (lo != NULL) {
        if (lo->inclusive) {
            lo_b = *lo;
        } else if (tbl_prefix_successor(lo->key, lo->len, &succ, &succ_len)) {
            lo_b = (BtBound){succ, succ_len, true};
        } else {
            s->cur = NULL; /* nothing sorts after an all-0xFF key */
            return s;
        }
        lop = &lo_b;
    }
    if (hi != NULL) {
        if (!hi->inclusive) {
            hi_b = *hi;
            hip = &hi_b;
        } else if (tbl_prefix_successor(hi->key, hi->len, &succ, &succ_len)) {
            hi_b = (BtBound){succ, succ_len, false};
            hip = &hi_b;
        }
    }
    s->cur = bt_cursor_open(ix->file, lop, hip);
    return s;
}

bool
tbl_index_entry_version(TblScan *s,
                        const uint8_t **key,
                        uint32_t *klen,
                        const uint8_t *val,
                        uint32_t vlen,
                        uint8_t **row,
                        uint32_t *rlen)
{
    if (vlen != 2)
        elog_internal("corrupt entry in index \"%s\"", s->ix->name);
    uint32_t ilen = (uint32_t)val[0] | ((uint32_t)val[1] << 8);
    if (ilen > *klen)
        elog_internal("corrupt entry in index \"%s\"", s->ix->name);
    if (!bt_lookup(s->rel->file, *key + ilen, *klen - ilen, row, rlen))
        return false; /* removed by vacuum, which removes its entries next */
    *key += ilen;
    *klen -= ilen;
    return true;
}
