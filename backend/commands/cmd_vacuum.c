/*
 * cmd_vacuum.c
 *     VACUUM [ ( option [, ...] ) ] [ table [, ...] ] and the old option spellings
 *     (VACUUM VERBOSE t): remove the row versions no snapshot can see, table by table.
 *     Also the per-table entry autovacuum uses (cmd_vacuum_oid).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   3. Each table is vacuumed under SHARE UPDATE EXCLUSIVE, taken before its existence is
 *      re-checked under a fresh catalog snapshot and released when the table is done, so a
 *      concurrent DROP either waits for the vacuum or is seen, and DDL on other tables of
 *      the list is not held up.
 *   4. The horizon is computed per table, after this backend's own xmin was withdrawn:
 *      vacuum reads with no snapshot of its own (the descriptors are built before), so
 *      only other backends' snapshots hold it back.
 *
 * The engine runs this only outside a transaction block (25001), without an xid.
 * Not here: what is removable (backend/access/table/tbl_vacuum.c), autovacuum's choice of
 * tables (backend/postmaster/autovacuum.c).
 */
#include "oak/oak.h"

#include <pg_query/pg_query.pb-c.h>
#include <strings.h>

#include "oak/access/table.h"
#include "oak/access/xact.h"
#include "oak/commands/commands.h"
#include "oak/utils/acl.h"
#include "oak/executor/executor.h"
#include "oak/postmaster/autovacuum.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"

typedef struct VacOptions {
    bool verbose;
    bool skip_locked;
    bool vacuum;  /* VACUUM (false: a plain ANALYZE statement) */
    bool analyze; /* ANALYZE, alone or as VACUUM's option */
} VacOptions;

/* PostgreSQL's defGetBoolean: no value, true/false/on/off, or 0/1. */
static bool
cmd_vacuum_bool(const PgQuery__DefElem *d)
{
    const PgQuery__Node *arg = d->arg;

    if (arg == NULL)
        return true;
    if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
        if (arg->integer->ival == 0 || arg->integer->ival == 1)
            return arg->integer->ival == 1;
    } else if (arg->node_case == PG_QUERY__NODE__NODE_STRING) {
        const char *s = arg->string->sval;
        if (strcasecmp(s, "true") == 0 || strcasecmp(s, "on") == 0)
            return true;
        if (strcasecmp(s, "false") == 0 || strcasecmp(s, "off") == 0)
            return false;
    } else if (arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) {
        return arg->boolean->boolval;
    }
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("%s requires a Boolean value", d->defname),
            err_position(d->location + 1));
}

/*
 * Options: VERBOSE and SKIP_LOCKED act; FREEZE and DISABLE_PAGE_SKIPPING are what every
 * vacuum does here already (64-bit xids never need freezing; no page is ever skipped).
 * ANALYZE and FULL, and PostgreSQL's other options, are refused with 0A000.
 */
static void
cmd_vacuum_options(const PgQuery__VacuumStmt *vs, VacOptions *o)
{
    static const char *const later[] = {"index_cleanup", "process_toast", "truncate", "parallel"};

    memset(o, 0, sizeof *o);
    o->vacuum = vs->is_vacuumcmd;
    o->analyze = !vs->is_vacuumcmd;
    for (size_t i = 0; i < vs->n_options; i++) {
        const PgQuery__DefElem *d = vs->options[i]->def_elem;
        const char *name = d->defname;
        if (strcmp(name, "verbose") == 0) {
            o->verbose = cmd_vacuum_bool(d);
        } else if (strcmp(name, "skip_locked") == 0) {
            o->skip_locked = cmd_vacuum_bool(d);
        } else if (strcmp(name, "freeze") == 0 || strcmp(name, "disable_page_skipping") == 0) {
            (void)cmd_vacuum_bool(d); /* either way the same: see above */
        } else if (strcmp(name, "analyze") == 0) {
            o->analyze = cmd_vacuum_bool(d);
        } else if (strcmp(name, "full") == 0) {
            if (cmd_vacuum_bool(d))
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("VACUUM FULL is not supported yet"));
        } else {
            bool known = false;
            for (size_t k = 0; k < OAK_LENGTHOF(later); k++)
                known |= strcmp(name, later[k]) == 0;
            if (known)
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("VACUUM option \"%s\" is not supported yet", name),
                        err_position(d->location + 1));
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("unrecognized VACUUM option \"%s\"", name),
                    err_position(d->location + 1));
        }
    }
}

static const char *
cmd_vacuum_nsp_name(Oid nsp)
{
    char *name = cat_namespace_name(nsp);
    return name != NULL ? name : "?";
}

static void
cmd_vacuum_report(const RelDesc *rel, const TblVacuumStats *st)
{
    ereport(INFO,
            err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
            err_msg("finished vacuuming \"%s.%s\"", cmd_vacuum_nsp_name(rel->namespace), rel->name),
            err_detail("row versions: %llu removed, %llu remain, %llu are dead but not yet "
                       "removable",
                       (unsigned long long)st->removed,
                       (unsigned long long)(st->live + st->recently_dead),
                       (unsigned long long)st->recently_dead));
}

/* Vacuum rel, already locked (invariant 3) and checked: the table-layer pass plus stats. */
static void
cmd_vacuum_locked(RelDesc *rel, bool verbose, TblVacuumStats *st)
{
    if (verbose)
        ereport(INFO,
                err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                err_msg("vacuuming \"%s.%s\"", cmd_vacuum_nsp_name(rel->namespace), rel->name));
    /* Index expressions are analyzed here: vacuum computes the keys of entries it removes. */
    const TblIndexer *ixr = rel->nindexes > 0 ? exec_indexes_indexer(exec_indexes_open(rel)) : NULL;
    xact_set_xmin(INVALID_XID); /* invariant 4 */
    Xid horizon = proc_oldest_xmin();
    uint64_t dead_at_start = stat_dead_count(rel->file.db, rel->oid);
    memset(st, 0, sizeof *st);
    tbl_vacuum(rel, horizon, ixr, st);
    stat_vacuum_done(rel->file.db, rel->oid, dead_at_start, st->live);
    if (verbose)
        cmd_vacuum_report(rel, st);
}

CmdVacResult
cmd_vacuum_oid(Oid relid, bool skip_locked, bool verbose, TblVacuumStats *st)
{
    RelDesc *rel = cat_relation_by_oid(relid);
    if (rel == NULL || rel->kind != 'r')
        return CMD_VAC_GONE;
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = rel->file.db, .rel = rel->oid};
    if (!lock_acquire(&tag,
                      SHARE_UPDATE_EXCLUSIVE_LOCK,
                      skip_locked ? LOCK_WAIT_SKIP : LOCK_WAIT_BLOCK))
        return CMD_VAC_BUSY;
    /* Invariant 3: dropped while we waited? A fresh snapshot tells. */
    cat_current_snapshot = NULL;
    rel = cat_relation_by_oid(relid);
    if (rel != NULL)
        cmd_vacuum_locked(rel, verbose, st);
    lock_release(&tag, SHARE_UPDATE_EXCLUSIVE_LOCK);
    return rel != NULL ? CMD_VAC_DONE : CMD_VAC_GONE;
}

/*
 * ANALYZE: count the rows a fresh snapshot sees into the table's statistics (the live-row
 * figure vacuum also keeps). No column statistics are gathered yet.
 */
static void
cmd_analyze_oid(Oid relid, bool verbose)
{
    RelDesc *rel = cat_relation_by_oid(relid);
    if (rel == NULL || rel->kind != 'r')
        return;
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = rel->file.db, .rel = rel->oid};
    (void)lock_acquire(&tag, SHARE_UPDATE_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
    if (verbose)
        ereport(INFO,
                err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                err_msg("analyzing \"%s.%s\"", cmd_vacuum_nsp_name(rel->namespace), rel->name));
    Snapshot *snap = snap_take();
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)(rel->natts + 1));
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    MemCtx *row_cx = mcx_create(mcx_current, "AnalyzeRow");
    TblScan *scan = tbl_scan_begin(rel, snap, NULL, NULL);
    uint64_t live = 0;
    for (;;) {
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        mcx_reset(row_cx);
        MemCtx *old = mcx_switch(row_cx);
        bool got = tbl_scan_next(scan, values, nulls, NULL);
        mcx_switch(old);
        if (!got)
            break;
        live++;
    }
    tbl_scan_end(scan);
    mcx_delete(row_cx);
    stat_vacuum_done(rel->file.db, rel->oid, 0, live);
    xact_set_xmin(INVALID_XID);
    lock_release(&tag, SHARE_UPDATE_EXCLUSIVE_LOCK);
}

/*
 * PostgreSQL 15's rule: a superuser, the table's owner, or the database's owner (except for
 * shared catalogs) may vacuum or analyze it; anyone else is told it was skipped.
 */
static bool
cmd_vacuum_permitted(const RelDesc *rel, const char *verb)
{
    if (cat_is_owner(ACL_OBJ_TABLE, rel->oid))
        return true;
    CatDatabase db;
    if (!rel->shared && cat_database_by_oid(cat_my_db, &db) && db.owner == cat_my_role)
        return true;
    ereport(WARNING,
            err_code(SQLSTATE_WARNING),
            err_msg(rel->shared ? "skipping \"%s\" --- only superuser can %s it"
                    : rel->namespace == PG_CATALOG_NAMESPACE
                        ? "skipping \"%s\" --- only superuser or database owner can %s it"
                        : "skipping \"%s\" --- only table or database owner can %s it",
                    rel->name,
                    verb));
    return false;
}

/* One table of the statement's list, with PostgreSQL's warnings for what is skipped. */
static void
cmd_vacuum_one(Oid relid, const VacOptions *o)
{
    TblVacuumStats st;
    RelDesc *rel = cat_relation_by_oid(relid);
    if (rel != NULL && !cmd_vacuum_permitted(rel, o->vacuum ? "vacuum" : "analyze"))
        return;
    if (!o->vacuum) {
        if (rel != NULL && rel->kind != 'r')
            ereport(WARNING,
                    err_code(SQLSTATE_WARNING),
                    err_msg("skipping \"%s\" --- cannot analyze non-tables or special system "
                            "tables",
                            rel->name));
        else
            cmd_analyze_oid(relid, o->verbose);
        return;
    }

    if (rel != NULL && rel->kind != 'r') {
        ereport(WARNING,
                err_code(SQLSTATE_WARNING),
                err_msg("skipping \"%s\" --- cannot vacuum non-tables or special system tables",
                        rel->name));
        return;
    }
    if (cmd_vacuum_oid(relid, o->skip_locked, o->verbose, &st) == CMD_VAC_BUSY)
        ereport(WARNING,
                err_code(SQLSTATE_LOCK_NOT_AVAILABLE),
                err_msg("skipping vacuum of \"%s\" --- lock not available", rel->name));
}

/* The OIDs the statement names, checked as PostgreSQL does before any vacuuming. */
static int
cmd_vacuum_targets(const PgQuery__VacuumStmt *vs, Oid **oids)
{
    if (vs->n_rels == 0)
        return cat_list_tables(oids);
    *oids = mcx_alloc(sizeof(Oid) * vs->n_rels);
    for (size_t i = 0; i < vs->n_rels; i++) {
        const PgQuery__VacuumRelation *vr = vs->rels[i]->vacuum_relation;
        const PgQuery__RangeVar *rv = vr->relation;
        if (vr->n_va_cols > 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("ANALYZE option must be specified when a column list is provided"));
        const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
        RelDesc *rel = cat_lookup_relation(schema, rv->relname);
        if (rel == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("relation \"%s\" does not exist", rv->relname));
        (*oids)[i] = rel->oid;
    }
    return (int)vs->n_rels;
}

const char *
cmd_vacuum(void *raw)
{
    const PgQuery__VacuumStmt *vs = raw;
    VacOptions o;
    Oid *oids;

    cmd_vacuum_options(vs, &o);
    cat_current_snapshot = NULL; /* catalog reads below take fresh snapshots */
    int n = cmd_vacuum_targets(vs, &oids);
    for (int i = 0; i < n; i++) {
        cmd_vacuum_one(oids[i], &o);
        cat_current_snapshot = NULL;
    }
    xact_set_xmin(INVALID_XID); /* the catalog snapshots above are no longer used */
    return o.vacuum ? "VACUUM" : "ANALYZE";
}
