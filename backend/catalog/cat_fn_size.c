/*
 * cat_fn_size.c
 *     The size functions (pg_relation_size, pg_table_size, pg_indexes_size,
 *     pg_total_relation_size, pg_database_size): the relations' B+ tree files as they are
 *     on disk (pages not yet written out are not counted). NULL for an unknown relation,
 *     as in PostgreSQL.
 */
#include "oak/oak.h"

#include <dirent.h>
#include <sys/stat.h>

#include "cat_internal.h"
#include "oak/storage/smgr.h"
#include "oak/utils/adt.h"
#include "../utils/adt/adt_fns.h"

/* --- sizes ---------------------------------------------------------------------------------------- */

static int64_t
cat_file_size(RelFile rf)
{
    if (!smgr_exists(rf))
        return 0;
    return (int64_t)smgr_nblocks(rf) * OAK_PAGE_SIZE;
}

/* The main file of a relation by its pg_class row; -1 if there is no such relation. */
static int64_t
cat_relation_file_size(Oid relid, char *kind_out)
{
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(PG_CLASS_RELID, relid, &v, &n))
        return -1;
    char kind = datum_char(v[ANUM_CLASS_RELKIND]);
    if (kind_out)
        *kind_out = kind;
    Oid filenode = datum_oid(v[ANUM_CLASS_RELFILENODE]);
    if (filenode == 0)
        return 0;
    RelFile rf = {datum_bool(v[ANUM_CLASS_RELISSHARED]) ? 0 : cat_my_db, filenode};
    return cat_file_size(rf);
}

/* Secondary indexes with their own file (the primary key's tree is the table itself). */
static int64_t
cat_indexes_size(Oid relid)
{
    RelDesc *rel = cat_relation_by_oid(relid);
    if (rel == NULL)
        return 0;
    int64_t total = 0;
    for (int i = 0; i < rel->nindexes; i++)
        if (rel->indexes[i].file.rel != rel->file.rel)
            total += cat_file_size(rel->indexes[i].file);
    return total;
}

static Datum
cat_size_result(FuncCallInfo *fc, int64_t size)
{
    if (size < 0)
        return cat_null(fc);
    return int64_datum(size);
}

Datum
adt_fn_pg_relation_size_main(FuncCallInfo *fc)
{
    return cat_size_result(fc, cat_relation_file_size(datum_oid(fc->arg[0]), NULL));
}

/* Forks: only "main" has a file here; fsm, vm and init are empty (0), as for PostgreSQL's
 * relations that lack them. */
Datum
adt_fn_pg_relation_size(FuncCallInfo *fc)
{
    const char *fork = cat_arg_text(fc, 1);
    if (strcmp(fork, "main") != 0 && strcmp(fork, "fsm") != 0 && strcmp(fork, "vm") != 0 &&
        strcmp(fork, "init") != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("invalid fork name"),
                err_hint("Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\"."));
    int64_t size = cat_relation_file_size(datum_oid(fc->arg[0]), NULL);
    if (size > 0 && strcmp(fork, "main") != 0)
        size = 0;
    return cat_size_result(fc, size);
}

Datum
adt_fn_pg_table_size(FuncCallInfo *fc)
{
    return cat_size_result(fc, cat_relation_file_size(datum_oid(fc->arg[0]), NULL));
}

Datum
adt_fn_pg_indexes_size(FuncCallInfo *fc)
{
    Oid relid = datum_oid(fc->arg[0]);
    if (cat_relation_file_size(relid, NULL) < 0)
        return cat_null(fc);
    return int64_datum(cat_indexes_size(relid));
}

Datum
adt_fn_pg_total_relation_size(FuncCallInfo *fc)
{
    Oid relid = datum_oid(fc->arg[0]);
    char kind = 0;
    int64_t size = cat_relation_file_size(relid, &kind);
    if (size < 0)
        return cat_null(fc);
    if (kind == 'r')
        size += cat_indexes_size(relid);
    return int64_datum(size);
}

/* Every file under base/<db>/ (the database's relations), as PostgreSQL sums its directory. */
static int64_t
cat_database_size(Oid db)
{
    char *dir = smgr_abs_path(mcx_printf("base/%u", db));
    DIR *d = opendir(dir);
    if (d == NULL)
        return 0;
    int64_t total = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        struct stat st;
        if (stat(mcx_printf("%s/%s", dir, e->d_name), &st) == 0 && S_ISREG(st.st_mode))
            total += (int64_t)st.st_size;
    }
    closedir(d);
    return total;
}

Datum
adt_fn_pg_database_size_oid(FuncCallInfo *fc)
{
    Oid db = datum_oid(fc->arg[0]);
    if (cat_database_name(db) == NULL)
        return cat_null(fc);
    return int64_datum(cat_database_size(db));
}

Datum
adt_fn_pg_database_size_name(FuncCallInfo *fc)
{
    const char *name = cat_arg_text(fc, 0);
    Oid db;
    if (!cat_database_oid(name, &db))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_CATALOG_NAME),
                err_msg("database \"%s\" does not exist", name));
    return int64_datum(cat_database_size(db));
}
