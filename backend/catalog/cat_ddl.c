/*
 * cat_ddl.c
 *     Catalog changes made by DDL: the rows CREATE TABLE and DROP TABLE add and remove, in
 *     the current transaction, under the catalog write locks the statement took.
 *
 * A dropped table's file is removed only after the transaction commits (xact end hook in
 * the engine), so an aborted DROP leaves the table intact.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/access/sequence.h"
#include "oak/access/table.h"
#include "oak/storage/lock.h"
#include "oak/utils/acl.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"

Snapshot *cat_current_snapshot;

Snapshot *
cat_snapshot(void)
{
    if (cat_current_snapshot == NULL)
        return snap_take();
    return cat_current_snapshot;
}

void
cat_insert_row(Oid relid, const Datum *values, const bool *nulls)
{
    RelDesc *rel = cat_builtin_reldesc(relid);
    tbl_insert(rel, values, nulls, cat_snapshot(), NULL);
}

static Datum
cat_name(const char *s)
{
    return ptr_datum(text_from_cstr(s));
}

void
cat_insert_class_row(
    Oid oid, const char *name, Oid nsp, Oid relfilenode, int natts, bool shared, char kind)
{
    cat_insert_class_row_typed(
        oid, name, nsp, relfilenode, natts, shared, kind, INVALID_OID, false);
}

void
cat_insert_class_row_typed(Oid oid,
                           const char *name,
                           Oid nsp,
                           Oid relfilenode,
                           int natts,
                           bool shared,
                           char kind,
                           Oid reltype,
                           bool hasindex)
{
    cat_insert_class_row_full(
        oid, name, nsp, relfilenode, natts, shared, kind, reltype, NULL, hasindex);
}

void
cat_insert_class_row_full(Oid oid,
                          const char *name,
                          Oid nsp,
                          Oid relfilenode,
                          int natts,
                          bool shared,
                          char kind,
                          Oid reltype,
                          const Acl *acl,
                          bool hasindex)
{
    Datum v[ANUM_CLASS_NCOLS];
    bool n[ANUM_CLASS_NCOLS];
    memset(v, 0, sizeof v);
    memset(n, 0, sizeof n);
    n[ANUM_CLASS_RELACL + 1] = n[ANUM_CLASS_RELACL + 2] = true; /* reloptions, relpartbound */
    v[0] = oid_datum(oid);
    v[1] = cat_name(name);
    v[2] = oid_datum(nsp);
    v[3] = oid_datum(reltype);
    v[ANUM_CLASS_RELOWNER] =
        oid_datum(cat_my_role != INVALID_OID ? cat_my_role : BOOTSTRAP_SUPERUSER_ID);
    if (acl != NULL)
        v[ANUM_CLASS_RELACL] = acl_to_datum(acl);
    else
        n[ANUM_CLASS_RELACL] = true; /* the default ACL */
    v[6] = oid_datum(kind == 'r' ? HEAP_AM_OID : kind == 'i' ? BTREE_AM_OID : 0);
    v[7] = oid_datum(relfilenode);
    v[8] = oid_datum(shared ? GLOBAL_TABLESPACE_OID : 0);
    v[9] = int32_datum(0);
    v[10] = float4_datum(-1.0f);
    v[13] = bool_datum(hasindex);
    v[14] = bool_datum(shared);
    v[15] = char_datum('p');
    v[16] = char_datum(kind);
    v[17] = int16_datum((int16_t)natts);
    v[19] = bool_datum(kind == 'v'); /* relhasrules: a view's _RETURN rule */
    v[24] = bool_datum(true);
    v[25] = char_datum(kind == 'r' ? 'd' : 'n'); /* relreplident: default for tables */
    cat_insert_row(PG_CLASS_RELID, v, n);
}

char
cat_typstorage(const TypeDesc *t)
{
    /* PostgreSQL's typstorage: plain for fixed-size and name/vectors, main for numeric */
    if (t->byval || adt_type_typlen(t) > 0 || t->oid == NAMEOID || t->oid == INT2VECTOROID ||
        t->oid == OIDVECTOROID)
        return 'p';
    return t->oid == NUMERICOID ? 'm' : 'x';
}

Oid
cat_type_collation(Oid type)
{
    const TypeDesc *t = adt_type(type);
    if (t != NULL && t->category == 'A' && t->elem != 0 && type != INT2VECTOROID &&
        type != OIDVECTOROID)
        type = t->elem; /* an array collates as its elements */
    if (type == TEXTOID || type == VARCHAROID || type == BPCHAROID)
        return DEFAULT_COLLATION_OID;
    return type == NAMEOID ? C_COLLATION_OID : INVALID_OID;
}

/* The collation a new column gets: its COLLATE clause's (collation != 0), else its type's. */
static Oid cat_next_att_collation;
static void cat_insert_attribute_row_identity(Oid relid,
                                              int attnum,
                                              const char *name,
                                              Oid type,
                                              int32_t typmod,
                                              bool notnull,
                                              bool hasdef,
                                              char identity);

void
cat_insert_attribute_row(
    Oid relid, int attnum, const char *name, Oid type, int32_t typmod, bool notnull, bool hasdef)
{
    cat_insert_attribute_row_identity(relid, attnum, name, type, typmod, notnull, hasdef, '\0');
}

static void
cat_insert_attribute_row_identity(Oid relid,
                                  int attnum,
                                  const char *name,
                                  Oid type,
                                  int32_t typmod,
                                  bool notnull,
                                  bool hasdef,
                                  char identity)
{
    const TypeDesc *t = adt_type(type);
    Datum v[23];
    bool n[23];
    memset(v, 0, sizeof v);
    memset(n, 0, sizeof n);
    n[22] = true; /* attacl: no column privileges */
    v[0] = oid_datum(relid);
    v[1] = cat_name(name);
    v[2] = oid_datum(type);
    v[3] = int32_datum(-1);
    v[4] = int16_datum(adt_type_typlen(t));
    v[5] = int16_datum((int16_t)attnum);
    v[6] = int32_datum(0);
    v[7] = int32_datum(-1);
    v[8] = int32_datum(typmod);
    v[9] = bool_datum(t->byval);
    v[10] = char_datum(t->align);
    v[11] = char_datum(cat_typstorage(t));
    v[12] = char_datum('\0');
    v[13] = bool_datum(notnull);
    v[14] = bool_datum(hasdef);
    v[15] = bool_datum(false);
    v[16] = char_datum(identity);
    v[17] = char_datum('\0');
    v[18] = bool_datum(false);
    v[19] = bool_datum(true);
    v[20] = int32_datum(0);
    v[21] = oid_datum(cat_next_att_collation != INVALID_OID ? cat_next_att_collation
                                                            : cat_type_collation(type));
    cat_insert_row(PG_ATTRIBUTE_RELID, v, n);
}

/* attnos are 0-based (-1: an expression column, stored as 0 like PostgreSQL's indkey). */
static void
cat_insert_index_row(Oid index_oid,
                     Oid relid,
                     int n,
                     const int16_t *attnos,
                     const uint8_t *options,
                     bool unique,
                     bool primary,
                     const char *exprs,
                     const char *pred)
{
    int16_t keys[INDEX_MAX_KEYS];
    int16_t opts[INDEX_MAX_KEYS];
    for (int i = 0; i < n; i++) {
        keys[i] = (int16_t)(attnos[i] + 1);
        opts[i] = options[i];
    }
    Datum v[19];
    bool nl[19];
    memset(v, 0, sizeof v);
    memset(nl, 0, sizeof nl);
    v[ANUM_IND_INDEXRELID] = oid_datum(index_oid);
    v[ANUM_IND_INDRELID] = oid_datum(relid);
    v[ANUM_IND_NATTS] = int16_datum((int16_t)n);
    v[3] = int16_datum((int16_t)n);
    v[ANUM_IND_ISUNIQUE] = bool_datum(unique);
    v[5] = bool_datum(false);
    v[ANUM_IND_ISPRIMARY] = bool_datum(primary);
    v[7] = bool_datum(false);
    v[8] = bool_datum(true); /* indimmediate */
    v[9] = bool_datum(false);
    v[10] = bool_datum(true); /* indisvalid */
    v[11] = bool_datum(false);
    v[12] = bool_datum(true); /* indisready */
    v[13] = bool_datum(true); /* indislive */
    v[14] = bool_datum(false);
    /* int2vector: lower bound 0, as in PostgreSQL */
    v[ANUM_IND_KEY] = adt_array_from_int16(keys, n, 0);
    v[ANUM_IND_OPTION] = adt_array_from_int16(opts, n, 0);
    if (exprs)
        v[ANUM_IND_EXPRS] = ptr_datum(text_from_cstr(exprs));
    else
        nl[ANUM_IND_EXPRS] = true;
    if (pred)
        v[ANUM_IND_PRED] = ptr_datum(text_from_cstr(pred));
    else
        nl[ANUM_IND_PRED] = true;
    cat_insert_row(PG_INDEX_RELID, v, nl);
}

/* A pg_constraint row for a primary key ('p') or unique ('u') constraint. */
static void
cat_insert_constraint_row(
    const char *name, Oid nsp, char type, Oid relid, Oid index_oid, int n, const int16_t *attnos)
{
    Datum v[19];
    bool nl[19];
    memset(v, 0, sizeof v);
    memset(nl, 0, sizeof nl);
    v[0] = oid_datum(oid_next());
    v[1] = cat_name(name);
    v[2] = oid_datum(nsp);
    v[3] = char_datum(type);
    v[6] = bool_datum(true);
    v[7] = oid_datum(relid);
    v[9] = oid_datum(index_oid);
    v[12] = char_datum(' ');
    v[13] = char_datum(' ');
    v[14] = char_datum(' ');
    v[15] = bool_datum(true);
    v[17] = bool_datum(true);
    int16_t keys[INDEX_MAX_KEYS];
    for (int i = 0; i < n; i++)
        keys[i] = (int16_t)(attnos[i] + 1);
    v[18] = adt_array_from_int16(keys, n, 1); /* conkey: int2[] */
    cat_insert_row(PG_CONSTRAINT_RELID, v, nl);
}

Oid
cat_create_index(
    RelDesc *rel, const char *name, const IndexDesc *ix, const char *conname, char contype)
{
    Oid index_oid = oid_next();
    cat_insert_class_row(index_oid, name, rel->namespace, index_oid, ix->nkeys, false, 'i');
    cat_insert_index_row(index_oid,
                         rel->oid,
                         ix->nkeys,
                         ix->attnos,
                         ix->options,
                         ix->unique,
                         contype == 'p',
                         ix->exprs_sql,
                         ix->pred_sql);
    if (conname != NULL)
        cat_insert_constraint_row(
            conname, rel->namespace, contype, rel->oid, index_oid, ix->nkeys, ix->attnos);
    cat_set_relhasindex(rel->oid);
    RelDesc irel;
    memset(&irel, 0, sizeof irel);
    irel.oid = index_oid;
    irel.file.db = cat_my_db;
    irel.file.rel = index_oid;
    tbl_create_storage(&irel);
    return index_oid;
}

/*
 * A table's or view's row type, as PostgreSQL makes one: a composite pg_type row named
 * after the relation (typrelid = relid) and its array type "_name". OIDs: the array type
 * relid + 1... as allocated here (array first, then the composite, like PostgreSQL).
 * Returns the composite type's OID, for pg_class.reltype.
 */
static Oid
cat_insert_rowtype(Oid relid, const char *name, Oid nsp)
{
    Oid array_oid = oid_next();
    Oid type_oid = oid_next();
    for (int pass = 0; pass < 2; pass++) {
        bool array = pass == 1;
        Datum v[32];
        bool n[32];
        memset(v, 0, sizeof v);
        memset(n, 0, sizeof n);
        n[29] = n[30] = n[31] = true; /* typdefaultbin, typdefault, typacl */
        v[0] = oid_datum(array ? array_oid : type_oid);
        v[1] = array ? cat_name(mcx_printf("_%.*s", NAMEDATALEN - 2, name)) : cat_name(name);
        v[2] = oid_datum(nsp);
        v[3] = oid_datum(cat_my_role != INVALID_OID ? cat_my_role : BOOTSTRAP_SUPERUSER_ID);
        v[4] = int16_datum(-1);
        v[5] = bool_datum(false);
        v[6] = char_datum(array ? 'b' : 'c');
        v[7] = char_datum(array ? 'A' : 'C');
        v[8] = bool_datum(false);
        v[9] = bool_datum(true);
        v[10] = char_datum(',');
        v[11] = oid_datum(array ? INVALID_OID : relid);
        v[12] = oid_datum(array ? 6179 : 0); /* array_subscript_handler */
        v[13] = oid_datum(array ? type_oid : INVALID_OID);
        v[14] = oid_datum(array ? INVALID_OID : array_oid);
        v[15] = oid_datum(array ? 750 : 2290);  /* array_in / record_in */
        v[16] = oid_datum(array ? 751 : 2291);  /* array_out / record_out */
        v[17] = oid_datum(array ? 2400 : 2402); /* array_recv / record_recv */
        v[18] = oid_datum(array ? 2401 : 2403); /* array_send / record_send */
        v[21] = oid_datum(array ? 3816 : 0);    /* array_typanalyze */
        v[22] = char_datum('d');
        v[23] = char_datum('x');
        v[26] = int32_datum(-1);
        cat_insert_row(PG_TYPE_RELID, v, n);
    }
    return type_oid;
}

/* Remove a relation's row type and its array type. */
static void
cat_drop_rowtype(Oid relid)
{
    Oid type_oid = cat_rowtype_of(relid);
    if (type_oid == INVALID_OID)
        return;
    cat_delete_rows_of(PG_TYPE_RELID, ANUM_TYPE_ELEM, type_oid);
    cat_delete_rows_of(PG_TYPE_RELID, ANUM_TYPE_OID, type_oid);
}

Oid
cat_create_table(Oid nsp,
                 const char *name,
                 int ncols,
                 const ColumnSpec *cols,
                 int pk_n,
                 const int16_t *pk_attnos,
                 const char *pk_name)
{
    return cat_create_table_indexed(nsp, name, ncols, cols, pk_n, pk_attnos, pk_name, false);
}

Oid
cat_create_table_indexed(Oid nsp,
                         const char *name,
                         int ncols,
                         const ColumnSpec *cols,
                         int pk_n,
                         const int16_t *pk_attnos,
                         const char *pk_name,
                         bool more_indexes)
{
    Oid relid = oid_next();
    Oid reltype = cat_insert_rowtype(relid, name, nsp);

    /*
     * relhasindex is written with the row: a later update in this same statement would not
     * see the row (it is invisible to its own command).
     */
    cat_insert_class_row_typed(
        relid, name, nsp, relid, ncols, false, 'r', reltype, pk_n > 0 || more_indexes);
    for (int i = 0; i < ncols; i++) {
        cat_next_att_collation = cols[i].collation;
        cat_insert_attribute_row_identity(relid,
                                          i + 1,
                                          cols[i].name,
                                          cols[i].type,
                                          cols[i].typmod,
                                          cols[i].notnull,
                                          cols[i].default_sql != NULL,
                                          cols[i].identity);
        cat_next_att_collation = INVALID_OID;
        if (cols[i].default_sql) {
            Datum v[4] = {oid_datum(oid_next()),
                          oid_datum(relid),
                          int16_datum((int16_t)(i + 1)),
                          ptr_datum(text_from_cstr(cols[i].default_sql))};
            bool n[4] = {false, false, false, false};
            cat_insert_row(PG_ATTRDEF_RELID, v, n);
        }
    }
    if (pk_n > 0) {
        /*
         * The primary key's index is the table's own clustered tree; it still gets its
         * pg_class and pg_index rows (relkind 'i', same relfilenode) so clients see the
         * index they expect.
         */
        Oid index_oid = oid_next();
        cat_insert_class_row(index_oid, pk_name, nsp, relid, pk_n, false, 'i');
        uint8_t opts[INDEX_MAX_KEYS] = {0};
        cat_insert_index_row(index_oid, relid, pk_n, pk_attnos, opts, true, true, NULL, NULL);
        cat_insert_constraint_row(pk_name, nsp, 'p', relid, index_oid, pk_n, pk_attnos);
        for (int k = 0; k < pk_n; k++) {
            const ColumnSpec *c = &cols[pk_attnos[k]];
            cat_insert_attribute_row(index_oid, k + 1, c->name, c->type, c->typmod, false, false);
        }
    }

    RelDesc rel;
    memset(&rel, 0, sizeof rel);
    rel.oid = relid;
    rel.file.db = cat_my_db;
    rel.file.rel = relid;
    tbl_create_storage(&rel);
    return relid;
}

Oid
cat_create_view(
    Oid nsp, const char *name, int ncols, const ColumnSpec *cols, const char *sql, Oid replace)
{
    Oid relid = replace;
    Acl kept;
    bool default_acl = true;
    Oid reltype;
    if (replace != INVALID_OID) {
        /* CREATE OR REPLACE keeps the view's privileges, as in PostgreSQL. */
        Oid owner;
        (void)cat_object_acl(ACL_OBJ_TABLE, relid, &owner, &kept, &default_acl);
        /* CREATE OR REPLACE: same OID, new pg_class / pg_attribute / pg_rewrite rows. */
        reltype = cat_rowtype_of(relid);
        cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, relid);
        cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, relid);
        cat_delete_rows_of(PG_REWRITE_RELID, ANUM_RW_EV_CLASS, relid);
    } else {
        relid = oid_next();
        reltype = cat_insert_rowtype(relid, name, nsp);
    }
    cat_insert_class_row_full(
        relid, name, nsp, 0, ncols, false, 'v', reltype, default_acl ? NULL : &kept, false);
    for (int i = 0; i < ncols; i++)
        cat_insert_attribute_row(
            relid, i + 1, cols[i].name, cols[i].type, cols[i].typmod, false, false);
    Datum v[8] = {oid_datum(oid_next()),
                  cat_name("_RETURN"),
                  oid_datum(relid),
                  char_datum('1'),
                  char_datum('O'),
                  bool_datum(true),
                  0,
                  ptr_datum(text_from_cstr(sql))};
    bool n[8] = {false, false, false, false, false, false, true, false};
    cat_insert_row(PG_REWRITE_RELID, v, n);
    return relid;
}

static void
cat_sequence_row(Oid seqid, const SeqParams *p)
{
    Datum v[8] = {oid_datum(seqid),
                  oid_datum(p->type),
                  int64_datum(p->start),
                  int64_datum(p->increment),
                  int64_datum(p->max),
                  int64_datum(p->min),
                  int64_datum(p->cache),
                  bool_datum(p->cycle)};
    bool n[8] = {false, false, false, false, false, false, false, false};
    cat_insert_row(PG_SEQUENCE_RELID, v, n);
}

Oid
cat_create_sequence(
    Oid nsp, const char *name, const SeqParams *p, Oid owned_by, int owned_att, char deptype)
{
    Oid relid = oid_next();
    cat_insert_class_row(relid, name, nsp, relid, 3, false, 'S');
    cat_insert_attribute_row(relid, 1, "last_value", INT8OID, -1, true, false);
    cat_insert_attribute_row(relid, 2, "log_cnt", INT8OID, -1, true, false);
    cat_insert_attribute_row(relid, 3, "is_called", BOOLOID, -1, true, false);
    cat_sequence_row(relid, p);
    if (owned_by != INVALID_OID) {
        Datum v[7] = {oid_datum(PG_CLASS_RELID),
                      oid_datum(relid),
                      int32_datum(0),
                      oid_datum(PG_CLASS_RELID),
                      oid_datum(owned_by),
                      int32_datum(owned_att),
                      char_datum(deptype)};
        bool n[7] = {false, false, false, false, false, false, false};
        cat_insert_row(PG_DEPEND_RELID, v, n);
    }
    seq_create((RelFile){.db = cat_my_db, .rel = relid}, p->start);
    return relid;
}

void
cat_alter_sequence(Oid seqid, const SeqParams *p)
{
    cat_delete_rows_of(PG_SEQUENCE_RELID, ANUM_SEQ_RELID, seqid);
    cat_sequence_row(seqid, p);
}

void
cat_drop_sequence(RelDesc *rel)
{
    cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, rel->oid);
    cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, rel->oid);
    cat_delete_rows_of(PG_SEQUENCE_RELID, ANUM_SEQ_RELID, rel->oid);
    cat_delete_rows_of(PG_DEPEND_RELID, ANUM_DEP_OBJID, rel->oid);
}

typedef struct DependScan {
    Oid match;
    int col; /* ANUM_DEP_OBJID or ANUM_DEP_REFOBJID */
    Oid *out;
    int n;
    int cap;
    int32_t attnum;
} DependScan;

static void
cat_depend_scan(DependScan *d)
{
    RelDesc *cat = cat_builtin_reldesc(PG_DEPEND_RELID);
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)cat->natts);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)cat->natts);
    TblScan *scan = tbl_scan_begin(cat, cat_snapshot(), NULL, NULL);
    while (tbl_scan_next(scan, values, nulls, NULL)) {
        char deptype = datum_char(values[6]);
        if (datum_oid(values[d->col]) != d->match || (deptype != 'a' && deptype != 'i'))
            continue;
        if (d->n == d->cap) {
            d->cap = d->cap ? d->cap * 2 : 4;
            d->out = mcx_realloc(d->out, sizeof(Oid) * (size_t)d->cap);
        }
        /* objid for a table's owned sequences; refobjid (and its column) for an owner */
        d->out[d->n++] =
            datum_oid(values[d->col == ANUM_DEP_OBJID ? ANUM_DEP_REFOBJID : ANUM_DEP_OBJID]);
        d->attnum = datum_int32(values[5]);
    }
    tbl_scan_end(scan);
}

int
cat_owned_sequences(Oid relid, Oid **out)
{
    DependScan d = {.match = relid, .col = ANUM_DEP_REFOBJID};
    cat_depend_scan(&d);
    *out = d.out;
    return d.n;
}

bool
cat_sequence_owner(Oid seqid, Oid *relid, int *attnum)
{
    DependScan d = {.match = seqid, .col = ANUM_DEP_OBJID};
    cat_depend_scan(&d);
    if (d.n == 0)
        return false;
    *relid = d.out[0];
    *attnum = d.attnum;
    return true;
}

void
cat_drop_view(RelDesc *rel)
{
    cat_drop_rowtype(rel->oid);
    cat_delete_rows_of(PG_DESCRIPTION_RELID, 0, rel->oid);
    cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, rel->oid);
    cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, rel->oid);
    cat_delete_rows_of(PG_REWRITE_RELID, ANUM_RW_EV_CLASS, rel->oid);
}

/* Delete every visible row of a catalog whose column col holds oid relid. */
void
cat_delete_rows_of(Oid catalog, int col, Oid relid)
{
    RelDesc *cat = cat_builtin_reldesc(catalog);
    Snapshot *snap = cat_snapshot();
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)cat->natts);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)cat->natts);
    int cap = 16;
    int n = 0;
    RowRef *refs = mcx_alloc(sizeof(RowRef) * (size_t)cap);

    TblScan *scan = tbl_scan_begin(cat, snap, NULL, NULL);
    RowRef ref;
    while (tbl_scan_next(scan, values, nulls, &ref)) {
        if (datum_oid(values[col]) != relid)
            continue;
        if (n == cap) {
            cap *= 2;
            refs = mcx_realloc(refs, sizeof(RowRef) * (size_t)cap);
        }
        refs[n++] = ref;
    }
    tbl_scan_end(scan);
    for (int i = 0; i < n; i++) {
        Xid wait;
        /* DDL holds the catalogs' write locks: nobody else changes these rows meanwhile. */
        if (tbl_delete(cat, &refs[i], snap, &wait) != TBL_OK)
            ereport(ERROR,
                    err_code(SQLSTATE_SERIALIZATION_FAILURE),
                    err_msg("tuple concurrently updated"));
    }
}

/* Delete the pg_constraint rows of table relid whose conindid is indexoid. */
static void
cat_delete_constraint_of_index(Oid relid, Oid indexoid)
{
    RelDesc *cat = cat_builtin_reldesc(PG_CONSTRAINT_RELID);
    Snapshot *snap = cat_snapshot();
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)cat->natts);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)cat->natts);
    RowRef found[4];
    int n = 0;
    TblScan *scan = tbl_scan_begin(cat, snap, NULL, NULL);
    RowRef ref;
    while (tbl_scan_next(scan, values, nulls, &ref))
        if (datum_oid(values[ANUM_CON_RELID]) == relid &&
            datum_oid(values[ANUM_CON_INDID]) == indexoid && n < 4)
            found[n++] = ref;
    tbl_scan_end(scan);
    for (int i = 0; i < n; i++) {
        Xid wait;
        if (tbl_delete(cat, &found[i], snap, &wait) != TBL_OK)
            ereport(ERROR,
                    err_code(SQLSTATE_SERIALIZATION_FAILURE),
                    err_msg("tuple concurrently updated"));
    }
}

/*
 * Set (text non-NULL) or remove an object's comment: the pg_description row of
 * (objoid, classoid, objsubid), or with shared the pg_shdescription row of (objoid,
 * classoid). An empty comment removes it too, as in PostgreSQL.
 */
void
cat_set_description(Oid objoid, Oid classoid, int32_t objsubid, bool shared, const char *text)
{
    Oid catalog = shared ? PG_SHDESCRIPTION_RELID : PG_DESCRIPTION_RELID;
    RelDesc *cat = cat_builtin_reldesc(catalog);
    Snapshot *snap = cat_snapshot();
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)cat->natts);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)cat->natts);
    BtBound *b = cat_oid_bound(objoid);
    RowRef found[1];
    int n = 0;
    TblScan *scan = tbl_scan_begin(cat, snap, b, b);
    RowRef ref;
    while (tbl_scan_next(scan, values, nulls, &ref))
        if (datum_oid(values[1]) == classoid && (shared || datum_int32(values[2]) == objsubid) &&
            n < 1)
            found[n++] = ref;
    tbl_scan_end(scan);
    for (int i = 0; i < n; i++) {
        Xid wait;
        if (tbl_delete(cat, &found[i], snap, &wait) != TBL_OK)
            ereport(ERROR,
                    err_code(SQLSTATE_SERIALIZATION_FAILURE),
                    err_msg("tuple concurrently updated"));
    }
    if (text == NULL || text[0] == '\0')
        return;
    Datum v[4];
    bool nl[4] = {false, false, false, false};
    v[0] = oid_datum(objoid);
    v[1] = oid_datum(classoid);
    if (shared) {
        v[2] = ptr_datum(text_from_cstr(text));
    } else {
        v[2] = int32_datum(objsubid);
        v[3] = ptr_datum(text_from_cstr(text));
    }
    cat_insert_row(catalog, v, nl);
}

void
cat_drop_table(RelDesc *rel)
{
    cat_drop_rowtype(rel->oid);
    /* comments on the table, its columns and its indexes go with them */
    cat_delete_rows_of(PG_DESCRIPTION_RELID, 0, rel->oid);
    if (rel->pk_index_oid != INVALID_OID) {
        cat_delete_rows_of(PG_DESCRIPTION_RELID, 0, rel->pk_index_oid);
        cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, rel->pk_index_oid);
    }
    for (int i = 0; i < rel->nindexes; i++) {
        cat_delete_rows_of(PG_DESCRIPTION_RELID, 0, rel->indexes[i].oid);
        cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, rel->indexes[i].oid);
    }
    cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, rel->oid);
    if (rel->pk_index_oid != INVALID_OID)
        cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, rel->pk_index_oid);
    for (int i = 0; i < rel->nindexes; i++)
        cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, rel->indexes[i].oid);
    cat_delete_rows_of(PG_INDEX_RELID, ANUM_IND_INDRELID, rel->oid);
    cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, rel->oid);
    cat_delete_rows_of(PG_CONSTRAINT_RELID, ANUM_CON_RELID, rel->oid);
    cat_delete_rows_of(PG_ATTRDEF_RELID, ANUM_ATTRDEF_RELID, rel->oid);
}

/*
 * Rewrite every visible row of a catalog whose column col holds oid (and, when col2 >= 0,
 * whose column col2 holds the int16 v2) through modify, as an MVCC update in the current
 * transaction. Returns the number of rows changed.
 */
int
cat_update_rows(Oid catalog,
                int col,
                Oid oid,
                int col2,
                int16_t v2,
                void (*modify)(Datum *values, bool *nulls, void *arg),
                void *arg)
{
    RelDesc *cat = cat_builtin_reldesc(catalog);
    Snapshot *snap = cat_snapshot();
    size_t vsize = sizeof(Datum) * (size_t)cat->natts;
    size_t nsize = sizeof(bool) * (size_t)cat->natts;
    Datum *values = mcx_alloc(vsize);
    bool *nulls = mcx_alloc(nsize);
    int cap = 4, n = 0;
    RowRef *refs = mcx_alloc(sizeof(RowRef) * (size_t)cap);
    Datum **rows = mcx_alloc(sizeof(Datum *) * (size_t)cap);
    bool **rnulls = mcx_alloc(sizeof(bool *) * (size_t)cap);
    TblScan *scan = tbl_scan_begin(cat, snap, NULL, NULL);
    RowRef ref;
    while (tbl_scan_next(scan, values, nulls, &ref)) {
        if (datum_oid(values[col]) != oid || (col2 >= 0 && datum_int16(values[col2]) != v2))
            continue;
        if (n == cap) {
            cap *= 2;
            refs = mcx_realloc(refs, sizeof(RowRef) * (size_t)cap);
            rows = mcx_realloc(rows, sizeof(Datum *) * (size_t)cap);
            rnulls = mcx_realloc(rnulls, sizeof(bool *) * (size_t)cap);
        }
        refs[n] = ref;
        rows[n] = mcx_alloc(vsize);
        rnulls[n] = mcx_alloc(nsize);
        memcpy(rows[n], values, vsize);
        memcpy(rnulls[n], nulls, nsize);
        n++;
    }
    tbl_scan_end(scan);
    for (int i = 0; i < n; i++) {
        modify(rows[i], rnulls[i], arg);
        Xid wait;
        /* DDL holds the catalogs' write locks: nobody else changes these rows meanwhile. */
        if (tbl_update(cat, &refs[i], rows[i], rnulls[i], snap, &wait, NULL) != TBL_OK)
            ereport(ERROR,
                    err_code(SQLSTATE_SERIALIZATION_FAILURE),
                    err_msg("tuple concurrently updated"));
    }
    return n;
}

static void
cat_set_hasindex_fn(Datum *values, bool *nulls, void *arg)
{
    (void)nulls;
    (void)arg;
    values[ANUM_CLASS_RELHASINDEX] = bool_datum(true);
}

/* pg_class.relhasindex of a table that got an index (never reset, as in PostgreSQL). */
void
cat_set_relhasindex(Oid relid)
{
    (void)cat_update_rows(PG_CLASS_RELID, ANUM_CLASS_OID, relid, -1, 0, cat_set_hasindex_fn, NULL);
}

static void
cat_set_relfilenode_fn(Datum *values, bool *nulls, void *arg)
{
    (void)nulls;
    values[ANUM_CLASS_RELFILENODE] = oid_datum(*(const Oid *)arg);
}

void
cat_set_relfilenode(Oid relid, Oid relfilenode)
{
    if (cat_update_rows(
            PG_CLASS_RELID, ANUM_CLASS_OID, relid, -1, 0, cat_set_relfilenode_fn, &relfilenode) !=
        1)
        elog_internal("pg_class row of relation %u not found", relid);
}

static void
cat_set_notnull_fn(Datum *values, bool *nulls, void *arg)
{
    (void)nulls;
    (void)arg;
    values[ANUM_ATT_NOTNULL] = bool_datum(true);
}

void
cat_set_not_null(Oid relid, int attno)
{
    if (cat_update_rows(PG_ATTRIBUTE_RELID,
                        ANUM_ATT_RELID,
                        relid,
                        ANUM_ATT_NUM,
                        (int16_t)(attno + 1),
                        cat_set_notnull_fn,
                        NULL) != 1)
        elog_internal("pg_attribute row %d of relation %u not found", attno + 1, relid);
}

void
cat_insert_index_columns(
    Oid indexoid, int n, const char (*names)[NAMEDATALEN], const Oid *types, const int32_t *typmods)
{
    for (int k = 0; k < n; k++)
        cat_insert_attribute_row(indexoid, k + 1, names[k], types[k], typmods[k], false, false);
}

void
cat_drop_index(RelDesc *rel, const IndexDesc *ix)
{
    cat_delete_rows_of(PG_ATTRIBUTE_RELID, ANUM_ATT_RELID, ix->oid);
    cat_delete_rows_of(PG_DESCRIPTION_RELID, 0, ix->oid);
    cat_delete_rows_of(PG_CLASS_RELID, ANUM_CLASS_OID, ix->oid);
    cat_delete_rows_of(PG_INDEX_RELID, ANUM_IND_INDEXRELID, ix->oid);
    /* A UNIQUE constraint goes with its index (DROP INDEX of it is refused earlier). */
    cat_delete_constraint_of_index(rel->oid, ix->oid);
}

int
cat_ddl_catalogs(Oid *out, int max)
{
    /* In OID order, so every DDL statement takes them in the same order. */
    static const Oid ddl_catalogs[] = {PG_ATTRIBUTE_RELID,
                                       PG_CLASS_RELID,
                                       PG_SEQUENCE_RELID,
                                       PG_SHDESCRIPTION_RELID,
                                       PG_ATTRDEF_RELID,
                                       PG_CONSTRAINT_RELID,
                                       PG_DEPEND_RELID,
                                       PG_DESCRIPTION_RELID,
                                       PG_INDEX_RELID,
                                       PG_NAMESPACE_RELID,
                                       PG_REWRITE_RELID};
    int n = 0;
    for (size_t i = 0; i < OAK_LENGTHOF(ddl_catalogs) && n < max; i++)
        out[n++] = ddl_catalogs[i];
    return n;
}

Oid
cat_create_namespace(const char *name, Oid owner)
{
    Oid oid = oid_next();
    Datum v[ANUM_NSP_NCOLS] = {oid_datum(oid), cat_name(name), oid_datum(owner), 0};
    bool n[ANUM_NSP_NCOLS] = {false, false, false, true}; /* nspacl: the default */
    cat_insert_row(PG_NAMESPACE_RELID, v, n);
    return oid;
}

void
cat_drop_namespace(Oid nsp)
{
    cat_delete_rows_of(PG_DESCRIPTION_RELID, 0, nsp);
    cat_delete_rows_of(PG_NAMESPACE_RELID, ANUM_NSP_OID, nsp);
}

/* --- roles (pg_authid, shared by every database) ------------------------------------------ */

Oid
cat_create_role(const RoleSpecFields *r)
{
    Oid oid = oid_next();
    Datum v[12];
    bool n[12];
    memset(v, 0, sizeof v);
    memset(n, 0, sizeof n);
    v[ANUM_AUTH_OID] = oid_datum(oid);
    v[ANUM_AUTH_NAME] = cat_name(r->name);
    v[ANUM_AUTH_SUPER] = bool_datum(r->superuser);
    v[3] = bool_datum(r->inherit);
    v[4] = bool_datum(r->createrole);
    v[5] = bool_datum(r->createdb);
    v[6] = bool_datum(r->login);
    v[7] = bool_datum(r->replication);
    v[8] = bool_datum(r->bypassrls);
    v[9] = int32_datum(r->connlimit);
    if (r->password != NULL)
        v[ANUM_AUTH_PASSWORD] = ptr_datum(text_from_cstr(r->password));
    else
        n[ANUM_AUTH_PASSWORD] = true;
    n[11] = true; /* rolvaliduntil */
    cat_insert_row(PG_AUTHID_RELID, v, n);
    return oid;
}

static void
cat_role_update_fn(Datum *v, bool *n, void *arg)
{
    const RoleSpecFields *r = arg;
    if (r->set_superuser)
        v[ANUM_AUTH_SUPER] = bool_datum(r->superuser);
    if (r->set_inherit)
        v[3] = bool_datum(r->inherit);
    if (r->set_createrole)
        v[4] = bool_datum(r->createrole);
    if (r->set_createdb)
        v[5] = bool_datum(r->createdb);
    if (r->set_login)
        v[6] = bool_datum(r->login);
    if (r->set_replication)
        v[7] = bool_datum(r->replication);
    if (r->set_bypassrls)
        v[8] = bool_datum(r->bypassrls);
    if (r->set_connlimit)
        v[9] = int32_datum(r->connlimit);
    if (r->set_password) {
        n[ANUM_AUTH_PASSWORD] = r->password == NULL;
        v[ANUM_AUTH_PASSWORD] = r->password ? ptr_datum(text_from_cstr(r->password)) : 0;
    }
}

void
cat_alter_role(Oid roleid, const RoleSpecFields *r)
{
    if (cat_update_rows(
            PG_AUTHID_RELID, ANUM_AUTH_OID, roleid, -1, 0, cat_role_update_fn, (void *)r) != 1)
        elog_internal("pg_authid row of role %u not found", roleid);
}

void
cat_drop_role(Oid roleid)
{
    cat_delete_rows_of(PG_SHDESCRIPTION_RELID, 0, roleid);
    cat_delete_rows_of(PG_AUTHID_RELID, ANUM_AUTH_OID, roleid);
}
