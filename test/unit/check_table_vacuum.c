/*
 * check_table_vacuum.c
 *     Vacuum's decision rules (tbl_vacuum_verdict) case by case, then tbl_vacuum on a real
 *     table through the buffer pool: it removes aborted inserts and committed deletes below
 *     the horizon, keeps what an older snapshot may still see, and leaves the rest readable;
 *     and it frees the overflow chains of the versions it removes, for later rows to reuse.
 */
#include "storage_test_util.h"

#include "oak/access/table.h"
#include "oak/access/xact.h"
#include "oak/utils/adt.h"
#include "../../backend/access/table/tbl_internal.h"

START_TEST(verdict_rules)
{
    RowHeader h = {.xmin = 10};

    /* An aborted (or crashed) inserter: never visible, whatever else. */
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_GONE, XID_GONE, 5), TBL_VAC_REMOVE);
    h.xmax = 12;
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_GONE, XID_DONE, 100), TBL_VAC_REMOVE);
    /* No deleter, or one that did not commit: live. */
    h.xmax = INVALID_XID;
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_GONE, 100), TBL_VAC_LIVE);
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_RUNNING, XID_GONE, 100), TBL_VAC_LIVE);
    h.xmax = 12;
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_RUNNING, 100), TBL_VAC_LIVE);
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_GONE, 100), TBL_VAC_LIVE);
    /* A committed deleter: removable only below the horizon. */
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_DONE, 13), TBL_VAC_REMOVE);
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_DONE, 12), TBL_VAC_RECENTLY_DEAD);
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_DONE, 11), TBL_VAC_RECENTLY_DEAD);
    /* A row lock never deletes, even by a committed transaction long gone. */
    h.flags = ROW_XMAX_LOCK_ONLY;
    ck_assert_int_eq(tbl_vacuum_verdict(&h, XID_DONE, XID_DONE, 1000), TBL_VAC_LIVE);
}
END_TEST

/* A one-column int4 table without a primary key (hidden row ids). */
static RelDesc *
vac_table(void)
{
    static AttDesc att = {.name = "a", .type = INT4OID, .typmod = -1, .len = 4, .byval = true};
    RelDesc *rel = mcx_alloc0(sizeof *rel);

    rel->oid = 16400;
    strcpy(rel->name, "vac");
    rel->kind = 'r';
    rel->file = (RelFile){.db = 1, .rel = 16400};
    rel->natts = 1;
    rel->atts = &att;
    return rel;
}

/* Insert values from..to in a transaction of its own, committed or aborted. */
static void
vac_insert(RelDesc *rel, int from, int to, bool commit)
{
    (void)xact_begin();
    Snapshot *snap = snap_take();
    for (int v = from; v <= to; v++) {
        Datum d = int32_datum(v);
        bool null = false;
        tbl_insert(rel, &d, &null, snap, NULL);
    }
    if (commit)
        xact_commit();
    else
        xact_abort();
}

/* Delete the rows with value <= upto, committed. */
static void
vac_delete_upto(RelDesc *rel, int upto)
{
    (void)xact_begin();
    Snapshot *snap = snap_take();
    TblScan *scan = tbl_scan_begin(rel, snap, NULL, NULL);
    Datum d;
    bool null;
    RowRef ref;
    while (tbl_scan_next(scan, &d, &null, &ref)) {
        Xid wait;
        if (datum_int32(d) <= upto)
            ck_assert_int_eq(tbl_delete(rel, &ref, snap, &wait), TBL_OK);
    }
    tbl_scan_end(scan);
    xact_commit();
}

static int
vac_count_visible(RelDesc *rel)
{
    Snapshot *snap = snap_take();
    TblScan *scan = tbl_scan_begin(rel, snap, NULL, NULL);
    Datum d;
    bool null;
    int n = 0;
    while (tbl_scan_next(scan, &d, &null, NULL))
        n++;
    tbl_scan_end(scan);
    return n;
}

START_TEST(vacuum_removes_what_no_snapshot_sees)
{
    st_setup();
    RelDesc *rel = vac_table();
    tbl_create_storage(rel);
    vac_insert(rel, 1, 300, true);    /* live */
    vac_insert(rel, 301, 400, false); /* aborted: 100 removable at once */

    /*
     * An old snapshot keeps the coming deletes visible while its xmin is published. (Here
     * the deleting transaction's end withdrew the xmin of this one process, so it is put
     * back, as a second backend holding the snapshot would have kept it.)
     */
    Snapshot *old = snap_take();
    vac_delete_upto(rel, 50);
    xact_set_xmin(old->xmin);
    TblVacuumStats st = {0};
    tbl_vacuum(rel, proc_oldest_xmin(), NULL, &st);
    ck_assert_uint_eq(st.scanned, 400);
    ck_assert_uint_eq(st.removed, 100);
    ck_assert_uint_eq(st.recently_dead, 50);
    ck_assert_uint_eq(st.live, 250);

    /* The old snapshot gone, the deleted versions go too. */
    xact_set_xmin(INVALID_XID);
    memset(&st, 0, sizeof st);
    tbl_vacuum(rel, proc_oldest_xmin(), NULL, &st);
    ck_assert_uint_eq(st.scanned, 300);
    ck_assert_uint_eq(st.removed, 50);
    ck_assert_uint_eq(st.recently_dead, 0);
    ck_assert_uint_eq(st.live, 250);
    ck_assert_int_eq(vac_count_visible(rel), 250);

    /* Nothing left to do: a second pass removes nothing; the table still takes rows. */
    memset(&st, 0, sizeof st);
    tbl_vacuum(rel, proc_oldest_xmin(), NULL, &st);
    ck_assert_uint_eq(st.removed, 0);
    vac_insert(rel, 1000, 1009, true);
    ck_assert_int_eq(vac_count_visible(rel), 260);
    st_teardown();
}
END_TEST

/* An (int4, text) table without a primary key. */
static RelDesc *
vac_text_table(void)
{
    static AttDesc atts[2] = {
        {.name = "a", .type = INT4OID, .typmod = -1, .len = 4, .byval = true},
        {.name = "t", .type = TEXTOID, .typmod = -1, .len = -1, .byval = false},
    };
    RelDesc *rel = mcx_alloc0(sizeof *rel);

    rel->oid = 16401;
    strcpy(rel->name, "vac_text");
    rel->kind = 'r';
    rel->file = (RelFile){.db = 1, .rel = 16401};
    rel->natts = 2;
    rel->atts = atts;
    return rel;
}

/* Row v's text: 30000 + v bytes of a letter that depends on v (out of line). */
static Varlena *
vac_long_text(int v)
{
    size_t len = 30000 + (size_t)v;
    char *s = mcx_alloc(len);
    memset(s, 'a' + v % 26, len);
    return text_from_bytes(s, len);
}

/* Insert rows from..to with long texts, or delete every row, in a committed transaction. */
static void
vac_text_rows(RelDesc *rel, int from, int to, bool delete_all)
{
    (void)xact_begin();
    Snapshot *snap = snap_take();
    if (delete_all) {
        TblScan *scan = tbl_scan_begin(rel, snap, NULL, NULL);
        Datum d[2];
        bool null[2];
        RowRef ref;
        Xid wait;
        while (tbl_scan_next(scan, d, null, &ref))
            ck_assert_int_eq(tbl_delete(rel, &ref, snap, &wait), TBL_OK);
        tbl_scan_end(scan);
    }
    for (int v = from; v <= to && !delete_all; v++) {
        Datum d[2] = {int32_datum(v), ptr_datum(vac_long_text(v))};
        bool null[2] = {false, false};
        tbl_insert(rel, d, null, snap, NULL);
    }
    xact_commit();
}

/* Check that exactly rows from..to are visible with their texts intact. */
static void
vac_text_check(RelDesc *rel, int from, int to)
{
    Snapshot *snap = snap_take();
    TblScan *scan = tbl_scan_begin(rel, snap, NULL, NULL);
    Datum d[2];
    bool null[2];
    int v = from;
    while (tbl_scan_next(scan, d, null, NULL)) {
        const Varlena *want = vac_long_text(v);
        ck_assert_int_eq(datum_int32(d[0]), v);
        ck_assert_uint_eq(((const Varlena *)datum_ptr(d[1]))->len, want->len);
        ck_assert(memcmp(datum_ptr(d[1]), want, want->len) == 0);
        v++;
    }
    tbl_scan_end(scan);
    ck_assert_int_eq(v, to + 1);
}

START_TEST(vacuum_frees_overflow_chains)
{
    st_setup();
    RelDesc *rel = vac_text_table();
    tbl_create_storage(rel);
    vac_text_rows(rel, 1, 40, false);
    vac_text_check(rel, 1, 40);
    BlockNo size = buf_nblocks(rel->file);
    ck_assert_uint_gt(size, 40 * 3); /* each text takes four overflow pages */

    /* Delete and vacuum, then store as much again, three times: the file does not grow. */
    for (int round = 1; round <= 3; round++) {
        vac_text_rows(rel, 0, 0, true);
        TblVacuumStats st = {0};
        tbl_vacuum(rel, proc_oldest_xmin(), NULL, &st);
        ck_assert_uint_eq(st.removed, 40);
        ck_assert_int_eq(vac_count_visible(rel), 0);
        vac_text_rows(rel, 100 * round, 100 * round + 39, false);
        vac_text_check(rel, 100 * round, 100 * round + 39);
        ck_assert_uint_le(buf_nblocks(rel->file), size + 2); /* a leaf split or two */
    }

    /* An aborted insert's chains go too. */
    (void)xact_begin();
    Snapshot *snap = snap_take();
    Datum d[2] = {int32_datum(7), ptr_datum(vac_long_text(7))};
    bool null[2] = {false, false};
    tbl_insert(rel, d, null, snap, NULL);
    xact_abort();
    BlockNo after_abort = buf_nblocks(rel->file);
    TblVacuumStats st = {0};
    tbl_vacuum(rel, proc_oldest_xmin(), NULL, &st);
    ck_assert_uint_eq(st.removed, 1);
    vac_text_rows(rel, 7, 7, false);
    ck_assert_uint_eq(buf_nblocks(rel->file), after_abort);
    st_teardown();
}
END_TEST

Suite *
table_vacuum_suite(void)
{
    Suite *s = suite_create("table_vacuum");
    TCase *tc = tcase_create("vacuum");

    tcase_add_test(tc, verdict_rules);
    tcase_add_test(tc, vacuum_removes_what_no_snapshot_sees);
    tcase_add_test(tc, vacuum_frees_overflow_chains);
    suite_add_tcase(s, tc);
    return s;
}
