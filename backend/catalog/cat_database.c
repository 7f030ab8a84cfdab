/*
 * cat_database.c
 *     pg_database rows (shared by every database): reading one whole row by name or OID,
 *     adding one (bootstrap and CREATE DATABASE), removing one (DROP DATABASE), renaming
 *     and changing the owner (ALTER DATABASE).
 *
 * pg_database has no unique index on datname: callers that add or rename a row hold the
 * cluster-wide write lock of pg_database (database 0) and check the name first, as
 * CREATE ROLE does for pg_authid.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/access/table.h"
#include "oak/utils/acl.h"
#include "oak/utils/adt.h"

static void
cat_database_from_row(const Datum *v, const bool *n, CatDatabase *d)
{
    char *s;

    memset(d, 0, sizeof *d);
    d->oid = datum_oid(v[ANUM_DB_OID]);
    s = text_to_cstr(datum_ptr(v[ANUM_DB_NAME]));
    snprintf(d->name, sizeof d->name, "%s", s);
    d->owner = datum_oid(v[ANUM_DB_DBA]);
    d->encoding = datum_int32(v[ANUM_DB_ENCODING]);
    d->is_template = datum_bool(v[ANUM_DB_ISTEMPLATE]);
    d->allow_conn = datum_bool(v[ANUM_DB_ALLOWCONN]);
    d->conn_limit = datum_int32(v[ANUM_DB_CONNLIMIT]);
    if (!n[ANUM_DB_COLLATE])
        snprintf(d->collate, sizeof d->collate, "%s", text_to_cstr(datum_ptr(v[ANUM_DB_COLLATE])));
    if (!n[ANUM_DB_CTYPE])
        snprintf(d->ctype, sizeof d->ctype, "%s", text_to_cstr(datum_ptr(v[ANUM_DB_CTYPE])));
}

/* Find the row whose name is name (if not NULL) or whose OID is oid. */
static bool
cat_database_find(const char *name, Oid oid, CatDatabase *out)
{
    RelDesc *rel = cat_builtin_reldesc(PG_DATABASE_RELID);
    Datum v[ANUM_DB_NCOLS];
    bool n[ANUM_DB_NCOLS];
    bool found = false;
    TblScan *scan = tbl_scan_begin(rel, cat_snapshot(), NULL, NULL);

    while (!found && tbl_scan_next(scan, v, n, NULL)) {
        if (name != NULL ? strcmp(text_to_cstr(datum_ptr(v[ANUM_DB_NAME])), name) != 0
                         : datum_oid(v[ANUM_DB_OID]) != oid)
            continue;
        cat_database_from_row(v, n, out);
        found = true;
    }
    tbl_scan_end(scan);
    return found;
}

bool
cat_database_by_name(const char *name, CatDatabase *out)
{
    return cat_database_find(name, INVALID_OID, out);
}

bool
cat_database_by_oid(Oid db, CatDatabase *out)
{
    return cat_database_find(NULL, db, out);
}

void
cat_insert_database(const CatDatabase *d)
{
    Datum v[ANUM_DB_NCOLS];
    bool n[ANUM_DB_NCOLS];

    memset(v, 0, sizeof v);
    memset(n, 0, sizeof n);
    v[ANUM_DB_OID] = oid_datum(d->oid);
    v[ANUM_DB_NAME] = ptr_datum(text_from_cstr(d->name));
    v[ANUM_DB_DBA] = oid_datum(d->owner);
    v[ANUM_DB_ENCODING] = int32_datum(d->encoding);
    v[ANUM_DB_LOCPROVIDER] = char_datum('c');
    v[ANUM_DB_ISTEMPLATE] = bool_datum(d->is_template);
    v[ANUM_DB_ALLOWCONN] = bool_datum(d->allow_conn);
    v[ANUM_DB_CONNLIMIT] = int32_datum(d->conn_limit);
    v[ANUM_DB_TABLESPACE] = oid_datum(DEFAULT_TABLESPACE_OID);
    v[ANUM_DB_COLLATE] = ptr_datum(text_from_cstr(d->collate));
    v[ANUM_DB_CTYPE] = ptr_datum(text_from_cstr(d->ctype));
    n[ANUM_DB_ICULOCALE] = true;
    n[ANUM_DB_COLLVERSION] = true;
    if (d->acl != NULL)
        v[ANUM_DB_ACL] = acl_to_datum(d->acl);
    else
        n[ANUM_DB_ACL] = true; /* the default ACL */
    cat_insert_row(PG_DATABASE_RELID, v, n);
}

void
cat_delete_database(Oid db)
{
    cat_delete_rows_of(PG_DATABASE_RELID, ANUM_DB_OID, db);
}

static void
cat_database_set_fn(Datum *v, bool *n, void *arg)
{
    const CatDatabase *d = arg;
    (void)n;
    v[ANUM_DB_NAME] = ptr_datum(text_from_cstr(d->name));
    v[ANUM_DB_DBA] = oid_datum(d->owner);
    v[ANUM_DB_ISTEMPLATE] = bool_datum(d->is_template);
    v[ANUM_DB_ALLOWCONN] = bool_datum(d->allow_conn);
    v[ANUM_DB_CONNLIMIT] = int32_datum(d->conn_limit);
}

void
cat_update_database(const CatDatabase *d)
{
    if (cat_update_rows(
            PG_DATABASE_RELID, ANUM_DB_OID, d->oid, -1, 0, cat_database_set_fn, (void *)d) != 1)
        elog_internal("pg_database row of database %u not found", d->oid);
}
