/*
 * cat_list.c
 *     Whole-catalog listings for maintenance: every table of the current database (what
 *     VACUUM without names visits) and every database (autovacuum's full passes), read
 *     under a fresh catalog snapshot.
 *
 * Not here: lookups by name or OID and descriptors (cat_relation.c).
 */
#include "oak/oak.h"

#include "cat_internal.h"
#include "oak/access/table.h"
#include "oak/utils/adt.h"

/* A growing list of OIDs in the current context. */
typedef struct CatOidList {
    Oid *oids;
    int n;
    int cap;
} CatOidList;

static void
cat_oid_list_add(CatOidList *l, Oid oid)
{
    if (l->n == l->cap) {
        l->cap = l->cap > 0 ? l->cap * 2 : 64;
        Oid *grown = mcx_alloc(sizeof(Oid) * (size_t)l->cap);
        if (l->n > 0)
            memcpy(grown, l->oids, sizeof(Oid) * (size_t)l->n);
        l->oids = grown;
    }
    l->oids[l->n++] = oid;
}

/* Visit every visible row of a built-in catalog; fn adds what it wants to l. */
static void
cat_list_scan(Oid relid, void (*fn)(CatOidList *l, const Datum *v), CatOidList *l)
{
    RelDesc *rel = cat_builtin_reldesc(relid);
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)rel->natts);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)rel->natts);
    TblScan *scan = tbl_scan_begin(rel, cat_snapshot(), NULL, NULL);

    while (tbl_scan_next(scan, values, nulls, NULL))
        fn(l, values);
    tbl_scan_end(scan);
}

static void
cat_list_table_fn(CatOidList *l, const Datum *v)
{
    if (datum_char(v[ANUM_CLASS_RELKIND]) == 'r')
        cat_oid_list_add(l, datum_oid(v[ANUM_CLASS_OID]));
}

int
cat_list_tables(Oid **oids)
{
    CatOidList l = {0};

    cat_list_scan(PG_CLASS_RELID, cat_list_table_fn, &l);
    *oids = l.oids;
    return l.n;
}

static void
cat_list_db_fn(CatOidList *l, const Datum *v)
{
    cat_oid_list_add(l, datum_oid(v[ANUM_DB_OID]));
}

int
cat_list_databases(Oid **oids)
{
    CatOidList l = {0};

    cat_list_scan(PG_DATABASE_RELID, cat_list_db_fn, &l);
    *oids = l.oids;
    return l.n;
}

/*
 * Tables, views and sequences of one namespace (indexes, and sequences a column owns, go
 * with their tables).
 */
static Oid cat_list_nsp;

static void
cat_list_nsp_fn(CatOidList *l, const Datum *v)
{
    char kind = datum_char(v[ANUM_CLASS_RELKIND]);
    if (datum_oid(v[ANUM_CLASS_RELNAMESPACE]) == cat_list_nsp &&
        (kind == 'r' || kind == 'v' || kind == 'S'))
        cat_oid_list_add(l, datum_oid(v[ANUM_CLASS_OID]));
}

int
cat_list_namespace_relations(Oid nsp, Oid **oids)
{
    CatOidList l = {0};

    cat_list_nsp = nsp;
    cat_list_scan(PG_CLASS_RELID, cat_list_nsp_fn, &l);
    int kept = 0;
    for (int i = 0; i < l.n; i++) {
        Oid owner;
        int attnum;
        if (!cat_sequence_owner(l.oids[i], &owner, &attnum))
            l.oids[kept++] = l.oids[i];
    }
    l.n = kept;
    *oids = l.oids;
    return l.n;
}
