/*
 * tbl_am.c
 *     Inserting, deleting, updating and scanning row versions of a clustered table (see
 *     table.h for the key layout and this folder's README for the invariants).
 *
 * Invariants kept here (README numbers):
 *   2. Key = primary-key encoding || complement(xmin) (8 bytes BE) || complement(cmin)
 *      (4 bytes BE): versions of a row are adjacent, in xmin order (not commit order).
 *   3. A version is live for the uniqueness check when its inserter committed or is us and
 *      its deleter (if any) neither committed nor is us. Under the table write lock no other
 *      running transaction can have written the table.
 *
 * In a SERIALIZABLE transaction scans take SIREAD locks and report rw-conflicts out, and
 * writes report rw-conflicts in (ssi.h; storage/lmgr/README-ssi.md).
 */
#include "oak/oak.h"

#include "tbl_internal.h"
#include "oak/postmaster/autovacuum.h"
#include "oak/storage/lock.h"
#include "oak/storage/ssi.h"
#include "oak/utils/adt.h"

static const uint8_t tbl_max_suffix[TBL_VERSION_SUFFIX_LEN] =
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

static void
tbl_append_suffix(StrBuf *key, Xid xmin, CmdId cmin)
{
    uint8_t s[TBL_VERSION_SUFFIX_LEN];
    uint64_t x = ~(uint64_t)xmin;
    uint32_t c = ~(uint32_t)cmin;

    for (int i = 0; i < 8; i++)
        s[i] = (uint8_t)(x >> (56 - 8 * i));
    for (int i = 0; i < 4; i++)
        s[8 + i] = (uint8_t)(c >> (24 - 8 * i));
    sb_append_bytes(key, s, sizeof s);
}

void
tbl_version_origin(const RowRef *ref, Xid *xmin, CmdId *cmin)
{
    const uint8_t *s = ref->key + ref->klen - TBL_VERSION_SUFFIX_LEN;
    uint64_t x = 0;
    uint32_t c = 0;
    for (int i = 0; i < 8; i++)
        x = x << 8 | s[i];
    for (int i = 0; i < 4; i++)
        c = c << 8 | s[8 + i];
    *xmin = (Xid)~x;
    *cmin = (CmdId)~c;
}

/* The lock manager tag of a row: its table and a hash of its primary-key bytes. */
LockTag
tbl_row_lock_tag(const RelDesc *rel, const RowRef *ref)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i + TBL_VERSION_SUFFIX_LEN < ref->klen; i++)
        h = (h ^ ref->key[i]) * 1099511628211ull;
    LockTag tag = {.kind = LOCKTAG_TUPLE, .db = rel->file.db, .rel = rel->oid, .id = h};
    return tag;
}

/* Whether SSI tracks reads and writes of rel: user tables, in a SERIALIZABLE transaction. */
bool
tbl_ssi_tracked(const RelDesc *rel)
{
    return rel->oid >= OID_FIRST_NORMAL && ssi_active();
}

void
tbl_encode_pk(StrBuf *out, const RelDesc *rel, const Datum *values, const bool *nulls)
{
    for (int i = 0; i < rel->pk_natts; i++) {
        int a = rel->pk_attnos[i];
        const TypeDesc *t = adt_type(rel->atts[a].type);
        Assert(!nulls[a]);
        adt_key_encode_column(out, t, values[a], nulls[a], false, false);
    }
}

static bool
tbl_xid_done_by(const Snapshot *snap, Xid xid, CmdId cid)
{
    if (xid == INVALID_XID)
        return false;
    if (xid == snap->myxid || xact_xid_is_mine(xid))
        return cid < snap->curcid;
    return snap_xid_visible(snap, xid);
}

/*
 * The fate of another transaction's xid as a writer (or vacuum) meets it now. The proc
 * array decides before the commit log, as in PostgreSQL (invariant 8): a committer sets
 * its commit-log bits before it leaves the proc array, and snapshots taken meanwhile still
 * count it as running. A writer that took it for committed in that window would build a
 * new version on its version while such a snapshot still sees the older one live: two
 * live versions of one row for that snapshot. So a transaction still in the proc array is
 * RUNNING (callers wait on its xid lock, released only after it left), whatever the
 * commit log says.
 */
XidFate
tbl_xid_fate(Xid xid)
{
    if (clog_status(xid) == XID_ABORTED)
        return XID_GONE; /* its changes are dead whether or not it left yet */
    if (proc_xid_is_running(xid))
        return XID_RUNNING;
    /* Not running: the commit log is final now (in progress there = crashed = aborted). */
    return clog_status(xid) == XID_COMMITTED ? XID_DONE : XID_GONE;
}

static bool
tbl_version_visible(const RowHeader *h, const Snapshot *snap)
{
    if (!tbl_xid_done_by(snap, h->xmin, h->cmin))
        return false;
    if (h->flags & ROW_XMAX_LOCK_ONLY)
        return true;
    return !tbl_xid_done_by(snap, h->xmax, h->cmax);
}

static bool
tbl_xid_committed_or_mine(Xid xid, Xid myxid)
{
    if (xid == INVALID_XID)
        return false;
    return xid == myxid || xact_xid_is_mine(xid) || clog_status(xid) == XID_COMMITTED;
}

static bool
tbl_version_live_xmin(const RowHeader *h, Xid myxid)
{
    return tbl_xid_committed_or_mine(h->xmin, myxid);
}

static bool
tbl_version_live(const RowHeader *h, Xid myxid)
{
    if (!tbl_version_live_xmin(h, myxid))
        return false;
    if (h->flags & ROW_XMAX_LOCK_ONLY)
        return true;
    return !tbl_xid_committed_or_mine(h->xmax, myxid);
}

static Xid tbl_check_unique_once(RelDesc *rel, const StrBuf *pk, const Datum *values, Xid myxid);

TblUniqueVerdict
tbl_unique_verdict(const RowHeader *h, Xid myxid, Xid *wait)
{
    bool mine_xmin = h->xmin == myxid || xact_xid_is_mine(h->xmin);
    if (!mine_xmin && tbl_xid_fate(h->xmin) == XID_RUNNING) {
        *wait = h->xmin;
        return TBL_UNIQUE_WAIT;
    }
    bool mine_xmax = h->xmax != INVALID_XID && (h->xmax == myxid || xact_xid_is_mine(h->xmax));
    if (h->xmax != INVALID_XID && !mine_xmax && !(h->flags & ROW_XMAX_LOCK_ONLY) &&
        tbl_xid_fate(h->xmax) == XID_RUNNING && tbl_version_live_xmin(h, myxid)) {
        *wait = h->xmax;
        return TBL_UNIQUE_WAIT;
    }
    return tbl_version_live(h, myxid) ? TBL_UNIQUE_DUP : TBL_UNIQUE_NONE;
}

LockTag
tbl_unique_key_lock_tag(Oid db, Oid index_oid, const uint8_t *key, uint32_t klen)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < klen; i++)
        h = (h ^ key[i]) * 1099511628211ull;
    LockTag tag = {.kind = LOCKTAG_TUPLE, .db = db, .rel = index_oid, .id = h};
    return tag;
}

static char *
tbl_describe_key(const RelDesc *rel, const Datum *values)
{
    StrBuf names;
    StrBuf vals;
    sb_init(&names);
    sb_init(&vals);
    for (int i = 0; i < rel->pk_natts; i++) {
        int a = rel->pk_attnos[i];
        const TypeDesc *t = adt_type(rel->atts[a].type);
        if (i > 0) {
            sb_append(&names, ", ");
            sb_append(&vals, ", ");
        }
        sb_append(&names, rel->atts[a].name);
        sb_append(&vals, t->out(values[a]));
    }
    return mcx_printf("Key (%s)=(%s) already exists.", names.data, vals.data);
}

/*
 * Check and insert as one step for every inserter of this primary key: under the key's
 * lock (README invariant 4), released before any wait and right after the insert. Two
 * transactions inserting the same new key would otherwise both find nothing and both
 * insert. Built-in catalogs have no key lock: DDL's catalog write locks serialise them.
 */
static bool
tbl_lock_unique_key(RelDesc *rel, const StrBuf *pk, LockTag *tag)
{
    if (rel->pk_index_oid == INVALID_OID)
        return false;
    *tag = tbl_unique_key_lock_tag(rel->file.db,
                                   rel->pk_index_oid,
                                   (const uint8_t *)pk->data,
                                   (uint32_t)pk->len);
    (void)lock_acquire(tag, ROW_LOCK_UPDATE, LOCK_WAIT_BLOCK);
    return true;
}

/*
 * The primary-key uniqueness check (README invariant 4), one pass: raises 23505 if a live
 * version with this primary key exists; returns the xid of a running transaction that
 * inserted or deleted one (the caller waits for it and looks again, as PostgreSQL's unique
 * check does), else INVALID_XID.
 */
/*
 * One pass of the primary-key uniqueness check (README invariant 4): the xid of a running
 * transaction that inserted or deleted a version with this key (wait for it and look
 * again), else INVALID_XID, with *dup set when a live version exists and its key copied
 * to conflict.
 */
static Xid
tbl_find_unique_once(RelDesc *rel, const StrBuf *pk, Xid myxid, bool *dup, RowRef *conflict)
{
    StrBuf hi;
    sb_init(&hi);
    sb_append_bytes(&hi, pk->data, pk->len);
    sb_append_bytes(&hi, tbl_max_suffix, sizeof tbl_max_suffix);
    BtBound lo_b = {pk->data, (uint32_t)pk->len, true};
    BtBound hi_b = {hi.data, (uint32_t)hi.len, true};
    BtCursor *cur = bt_cursor_open(rel->file, &lo_b, &hi_b);
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    Xid wait = INVALID_XID;
    *dup = false;
    while (bt_cursor_next(cur, &k, &kl, &v, &vl)) {
        RowHeader h;
        tbl_row_header(v, vl, &h);
        TblUniqueVerdict u = tbl_unique_verdict(&h, myxid, &wait);
        if (u == TBL_UNIQUE_WAIT)
            break;
        if (u == TBL_UNIQUE_DUP) {
            *dup = true;
            conflict->key = mcx_alloc(kl);
            memcpy(conflict->key, k, kl);
            conflict->klen = kl;
            break;
        }
    }
    bt_cursor_close(cur);
    return wait;
}

static Xid
tbl_check_unique_once(RelDesc *rel, const StrBuf *pk, const Datum *values, Xid myxid)
{
    bool dup;
    RowRef found;
    Xid wait = tbl_find_unique_once(rel, pk, myxid, &dup, &found);
    if (wait == INVALID_XID && dup)
        ereport(ERROR,
                err_code(SQLSTATE_UNIQUE_VIOLATION),
                err_msg("duplicate key value violates unique constraint \"%s\"", rel->pk_name),
                err_detail("%s", tbl_describe_key(rel, values)));
    return wait;
}

bool
tbl_insert_unless_duplicate(RelDesc *rel,
                            const Datum *values,
                            const bool *nulls,
                            const Snapshot *snap,
                            RowRef *version,
                            RowRef *conflict)
{
    Xid xid = snap->myxid;
    Assert(xid != INVALID_XID && rel->pk_natts > 0);
    StrBuf key;
    sb_init(&key);
    tbl_encode_pk(&key, rel, values, nulls);
    LockTag key_tag;
    bool key_locked;
    for (;;) {
        key_locked = tbl_lock_unique_key(rel, &key, &key_tag);
        bool dup;
        Xid wait = tbl_find_unique_once(rel, &key, xid, &dup, conflict);
        if (wait == INVALID_XID && dup) {
            if (key_locked)
                lock_release(&key_tag, ROW_LOCK_UPDATE);
            return false;
        }
        if (wait == INVALID_XID)
            break;
        if (key_locked)
            lock_release(&key_tag, ROW_LOCK_UPDATE);
        lock_wait_xid(wait);
    }
    if (tbl_ssi_tracked(rel))
        ssi_conflict_in(rel->file.db, rel->oid, (const uint8_t *)key.data, (uint32_t)key.len);
    tbl_append_suffix(&key, xid, snap->curcid);
    RowHeader h = {.xmin = xid, .cmin = snap->curcid};
    uint32_t rlen;
    uint8_t *row = tbl_row_encode(rel, values, nulls, &h, (uint32_t)key.len, &rlen);
    if (!bt_insert(rel->file, xid, key.data, (uint32_t)key.len, row, rlen))
        elog_internal("row version key already present in \"%s\"", rel->name);
    if (key_locked)
        lock_release(&key_tag, ROW_LOCK_UPDATE);
    if (version != NULL) {
        version->key = (uint8_t *)key.data;
        version->klen = (uint32_t)key.len;
    }
    return true;
}

void
tbl_insert(
    RelDesc *rel, const Datum *values, const bool *nulls, const Snapshot *snap, RowRef *version)
{
    Xid xid = snap->myxid;
    StrBuf key;
    sb_init(&key);
    LockTag key_tag;
    bool key_locked = false;

    Assert(xid != INVALID_XID);
    if (rel->pk_natts > 0) {
        tbl_encode_pk(&key, rel, values, nulls);
        for (;;) {
            key_locked = tbl_lock_unique_key(rel, &key, &key_tag);
            Xid wait = tbl_check_unique_once(rel, &key, values, xid); /* may raise 23505 */
            if (wait == INVALID_XID)
                break;
            if (key_locked)
                lock_release(&key_tag, ROW_LOCK_UPDATE);
            lock_wait_xid(wait);
        }
        if (tbl_ssi_tracked(rel))
            ssi_conflict_in(rel->file.db, rel->oid, (const uint8_t *)key.data, (uint32_t)key.len);
    } else {
        uint64_t rowid = bt_next_rowid(rel->file, xid);
        uint8_t b[8];
        for (int i = 0; i < 8; i++)
            b[i] = (uint8_t)(rowid >> (56 - 8 * i));
        sb_append_bytes(&key, b, sizeof b);
    }
    tbl_append_suffix(&key, xid, snap->curcid);

    RowHeader h = {.xmin = xid, .cmin = snap->curcid};
    uint32_t rlen;
    uint8_t *row = tbl_row_encode(rel, values, nulls, &h, (uint32_t)key.len, &rlen);
    if (!bt_insert(rel->file, xid, key.data, (uint32_t)key.len, row, rlen))
        elog_internal("row version key already present in \"%s\"", rel->name);
    if (key_locked)
        lock_release(&key_tag, ROW_LOCK_UPDATE);
    if (version != NULL) {
        version->key = (uint8_t *)key.data;
        version->klen = (uint32_t)key.len;
    }
}

/*
 * Mark the version deleted (or locked, with lock_only) by our statement, unless another
 * transaction got there first. Under the row's tuple lock, so the check and the change
 * are one step for every writer of the row (README invariant 6).
 */
static TblResult
tbl_mark_xmax(RelDesc *rel,
              const RowRef *ref,
              const Snapshot *snap,
              bool lock_only,
              bool no_wait,
              Xid *wait_xid)
{
    uint8_t *row;
    uint32_t len;

    *wait_xid = INVALID_XID;
    if (!lock_only && tbl_ssi_tracked(rel)) /* concurrent readers of the row precede us */
        ssi_conflict_in(rel->file.db, rel->oid, ref->key, ref->klen - TBL_VERSION_SUFFIX_LEN);
    LockTag tag = tbl_row_lock_tag(rel, ref);
    if (!lock_acquire(&tag, ROW_LOCK_UPDATE, no_wait ? LOCK_WAIT_SKIP : LOCK_WAIT_BLOCK))
        return TBL_WOULD_BLOCK;
    if (!bt_lookup(rel->file, ref->key, ref->klen, &row, &len)) {
        lock_release(&tag, ROW_LOCK_UPDATE);
        elog_internal("row version vanished from \"%s\"", rel->name);
    }
    RowHeader h;
    tbl_row_header(row, len, &h);
    TblResult res = TBL_OK;
    if (h.xmax != INVALID_XID) {
        if (h.xmax == snap->myxid || xact_xid_is_mine(h.xmax)) {
            if (!(h.flags & ROW_XMAX_LOCK_ONLY) && h.cmax >= snap->curcid)
                res = TBL_SELF;
        } else {
            switch (tbl_xid_fate(h.xmax)) {
            case XID_RUNNING:
                res = TBL_BEING_MODIFIED;
                *wait_xid = h.xmax;
                break;
            case XID_DONE:
                if (!(h.flags & ROW_XMAX_LOCK_ONLY))
                    res = TBL_UPDATED;
                break;
            case XID_GONE:
                break;
            }
        }
    }
    if (res == TBL_OK) {
        h.xmax = snap->myxid;
        h.cmax = snap->curcid;
        h.flags = (uint16_t)(lock_only ? (h.flags | ROW_XMAX_LOCK_ONLY)
                                       : (h.flags & ~ROW_XMAX_LOCK_ONLY));
        memcpy(row, &h, sizeof h);
        if (!bt_update(rel->file, snap->myxid, ref->key, ref->klen, row, len)) {
            lock_release(&tag, ROW_LOCK_UPDATE);
            elog_internal("row version vanished from \"%s\"", rel->name);
        }
        if (!lock_only)
            stat_count_dead(rel->file.db, rel->oid, 1); /* autovacuum's trigger */
    }
    lock_release(&tag, ROW_LOCK_UPDATE);
    return res;
}

TblResult
tbl_delete(RelDesc *rel, const RowRef *ref, const Snapshot *snap, Xid *wait_xid)
{
    return tbl_mark_xmax(rel, ref, snap, false, false, wait_xid);
}

TblResult
tbl_lock_row(RelDesc *rel, const RowRef *ref, const Snapshot *snap, bool no_wait, Xid *wait_xid)
{
    return tbl_mark_xmax(rel, ref, snap, true, no_wait, wait_xid);
}

TblResult
tbl_check_row(RelDesc *rel, const RowRef *ref, const Snapshot *snap, Xid *wait_xid)
{
    uint8_t *row;
    uint32_t len;

    *wait_xid = INVALID_XID;
    if (!bt_lookup(rel->file, ref->key, ref->klen, &row, &len))
        elog_internal("row version vanished from \"%s\"", rel->name);
    RowHeader h;
    tbl_row_header(row, len, &h);
    if (h.xmax == INVALID_XID || h.xmax == snap->myxid || xact_xid_is_mine(h.xmax))
        return TBL_OK;
    switch (tbl_xid_fate(h.xmax)) {
    case XID_RUNNING:
        *wait_xid = h.xmax;
        return TBL_BEING_MODIFIED;
    case XID_DONE:
        return (h.flags & ROW_XMAX_LOCK_ONLY) ? TBL_OK : TBL_UPDATED;
    case XID_GONE:
        break;
    }
    return TBL_OK;
}

TblResult
tbl_update(RelDesc *rel,
           const RowRef *ref,
           const Datum *values,
           const bool *nulls,
           const Snapshot *snap,
           Xid *wait_xid,
           RowRef *version)
{
    TblResult res = tbl_delete(rel, ref, snap, wait_xid);
    if (res != TBL_OK)
        return res;
    if (rel->pk_natts > 0) {
        tbl_insert(rel, values, nulls, snap, version);
        return TBL_OK;
    }
    /* Hidden row id: the new version keeps the row's id. */
    StrBuf key;
    sb_init(&key);
    sb_append_bytes(&key, ref->key, ref->klen - TBL_VERSION_SUFFIX_LEN);
    tbl_append_suffix(&key, snap->myxid, snap->curcid);
    RowHeader h = {.xmin = snap->myxid, .cmin = snap->curcid};
    uint32_t rlen;
    uint8_t *row = tbl_row_encode(rel, values, nulls, &h, (uint32_t)key.len, &rlen);
    if (!bt_insert(rel->file, snap->myxid, key.data, (uint32_t)key.len, row, rlen))
        elog_internal("row version key already present in \"%s\"", rel->name);
    if (version != NULL) {
        version->key = (uint8_t *)key.data;
        version->klen = (uint32_t)key.len;
    }
    return TBL_OK;
}

bool
tbl_fetch_latest(RelDesc *rel,
                 const RowRef *ref,
                 const Snapshot *snap,
                 Datum *values,
                 bool *nulls,
                 RowRef *latest,
                 Xid *wait_xid)
{
    uint32_t pklen = ref->klen - TBL_VERSION_SUFFIX_LEN;
    uint8_t *hi = mcx_alloc(ref->klen);
    memcpy(hi, ref->key, pklen);
    memcpy(hi + pklen, tbl_max_suffix, TBL_VERSION_SUFFIX_LEN);
    BtBound lo_b = {ref->key, pklen, true};
    BtBound hi_b = {hi, ref->klen, true};
    BtCursor *cur = bt_cursor_open(rel->file, &lo_b, &hi_b);
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;
    bool found = false;

    /*
     * Versions sort by xmin, which is not commit order (an older transaction may update a
     * row a younger one created), so look at all of them: the live one is the version
     * whose inserter committed and whose deleter, if any, did not (README invariant 2).
     */
    *wait_xid = INVALID_XID;
    Xid running_inserter = INVALID_XID;
    while (bt_cursor_next(cur, &k, &kl, &v, &vl)) {
        RowHeader h;
        tbl_row_header(v, vl, &h);
        bool mine = h.xmin == snap->myxid || xact_xid_is_mine(h.xmin);
        if (!mine) {
            XidFate f = tbl_xid_fate(h.xmin);
            if (f == XID_GONE)
                continue;
            if (f == XID_RUNNING) {
                running_inserter = h.xmin;
                continue;
            }
        }
        if (h.xmax != INVALID_XID && !(h.flags & ROW_XMAX_LOCK_ONLY) &&
            (h.xmax == snap->myxid || xact_xid_is_mine(h.xmax) || tbl_xid_fate(h.xmax) == XID_DONE))
            continue; /* deleted or replaced */
        tbl_row_decode(rel, v, vl, values, nulls);
        latest->key = mcx_alloc(kl);
        memcpy(latest->key, k, kl);
        latest->klen = kl;
        found = true;
        break;
    }
    bt_cursor_close(cur);
    if (!found)
        *wait_xid = running_inserter;
    return found;
}

/*
 * SSI conflict-out check for a version the scan met: a version whose inserter we cannot
 * see, or a version we see that someone deleted or replaced, was written by a transaction
 * concurrent with us unless it aborted (ssi_conflict_out sorts that out).
 */
void
tbl_ssi_check_read(const TblScan *s, const RowHeader *h, bool visible)
{
    Xid writer;

    if (!visible) {
        if (tbl_xid_done_by(s->snap, h->xmin, h->cmin))
            return; /* deleted before our snapshot, or by us */
        writer = h->xmin;
    } else if (h->xmax != INVALID_XID && !(h->flags & ROW_XMAX_LOCK_ONLY)) {
        writer = h->xmax;
    } else {
        return;
    }
    if (writer == s->snap->myxid || xact_xid_is_mine(writer))
        return;
    ssi_conflict_out(s->snap, writer);
}

TblScan *
tbl_scan_begin(RelDesc *rel, const Snapshot *snap, const BtBound *lo, const BtBound *hi)
{
    TblScan *s = mcx_alloc0(sizeof *s);
    BtBound hi_adj;

    s->rel = rel;
    s->ix = NULL;
    s->snap = snap;
    s->ssi = tbl_ssi_tracked(rel);
    if (s->ssi)
        ssi_read_range(rel->file.db, rel->oid, lo, hi); /* before any row is read */
    if (hi != NULL && hi->inclusive) {
        /* Every version of the bound key sorts after the bare key: extend past them. */
        uint8_t *k = mcx_alloc(hi->len + TBL_VERSION_SUFFIX_LEN);
        memcpy(k, hi->key, hi->len);
        memcpy(k + hi->len, tbl_max_suffix, TBL_VERSION_SUFFIX_LEN);
        hi_adj.key = k;
        hi_adj.len = hi->len + TBL_VERSION_SUFFIX_LEN;
        hi_adj.inclusive = true;
        hi = &hi_adj;
    }
    BtBound lo_adj;
    if (lo != NULL && !lo->inclusive) {
        uint8_t *k = mcx_alloc(lo->len + TBL_VERSION_SUFFIX_LEN);
        memcpy(k, lo->key, lo->len);
        memcpy(k + lo->len, tbl_max_suffix, TBL_VERSION_SUFFIX_LEN);
        lo_adj.key = k;
        lo_adj.len = lo->len + TBL_VERSION_SUFFIX_LEN;
        lo_adj.inclusive = false;
        lo = &lo_adj;
    }
    s->cur = bt_cursor_open(rel->file, lo, hi);
    return s;
}

bool
tbl_scan_next(TblScan *s, Datum *values, bool *nulls, RowRef *ref)
{
    if (s->cur == NULL)
        return false;
    const uint8_t *k;
    const uint8_t *v;
    uint32_t kl;
    uint32_t vl;

    while (bt_cursor_next(s->cur, &k, &kl, &v, &vl)) {
        if (s->ix != NULL) {
            uint8_t *row;
            if (!tbl_index_entry_version(s, &k, &kl, v, vl, &row, &vl))
                continue;
            v = row;
        }
        RowHeader h;
        tbl_row_header(v, vl, &h);
        bool visible = tbl_version_visible(&h, s->snap);
        if (s->ssi)
            tbl_ssi_check_read(s, &h, visible);
        if (!visible)
            continue;
        tbl_row_decode(s->rel, v, vl, values, nulls);
        if (ref) {
            ref->key = mcx_alloc(kl);
            memcpy(ref->key, k, kl);
            ref->klen = kl;
        }
        return true;
    }
    return false;
}

void
tbl_scan_end(TblScan *s)
{
    if (s->cur)
        bt_cursor_close(s->cur);
    s->cur = NULL;
}

void
tbl_create_storage(const RelDesc *rel)
{
    bt_create(rel->file, xact_current_xid());
}

void
tbl_drop_storage(const RelDesc *rel)
{
    bt_drop(rel->file, xact_current_xid());
}
