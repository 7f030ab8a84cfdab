/*
 * cat_relation.c
 *     Relation descriptors: built-in catalogs from their definitions, user tables from
 *     pg_class, pg_attribute, pg_constraint and pg_attrdef read under the statement snapshot.
 *
 * Descriptors are rebuilt per statement (no cross-statement cache yet): pg_class is scanned
 * by name. A shared invalidation counter and a per-backend cache are issue #4's work.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/access/table.h"
#include "oak/utils/adt.h"
#include "oak/utils/acl.h"
#include "oak/utils/array.h"

Oid cat_my_db;
Oid cat_my_role;
Oid cat_session_role;

static void
cat_fill_att(AttDesc *att, const char *name, Oid type, int32_t typmod)
{
    const TypeDesc *t = adt_type(type);
    memset(att, 0, sizeof *att);
    snprintf(att->name, sizeof att->name, "%s", name);
    att->type = type;
    att->typmod = typmod;
    att->len = t ? t->len : -1;
    att->byval = t ? t->byval : false;
}

RelDesc *
cat_builtin_reldesc(Oid relid)
{
    const CatTable *ct = cat_builtin_table(relid);
    if (ct == NULL)
        return NULL;
    RelDesc *rel = mcx_alloc0(sizeof *rel);
    rel->oid = ct->relid;
    snprintf(rel->name, sizeof rel->name, "%s", ct->name);
    rel->namespace = PG_CATALOG_NAMESPACE;
    rel->kind = ct->view_rows ? 'v' : 'r';
    rel->shared = ct->shared;
    rel->file.db = ct->shared ? 0 : cat_my_db;
    rel->file.rel = ct->relid;
    rel->natts = ct->ncols;
    rel->atts = mcx_alloc0(sizeof(AttDesc) * (size_t)ct->ncols);
    for (int i = 0; i < ct->ncols; i++) {
        cat_fill_att(&rel->atts[i], ct->cols[i].name, ct->cols[i].type, -1);
        rel->atts[i].notnull = true;
    }
    /* Columns PostgreSQL allows NULL in (every column of a view). */
    for (int i = 0; i < ct->ncols; i++) {
        if (ct->view_rows != NULL) {
            rel->atts[i].notnull = false;
            continue;
        }
        static const char *const nullable[] = {"collcollate",  "typacl",        "reloptions",
                                               "relpartbound", "typdefaultbin", "typdefault",
                                               "ev_qual",      "ev_action",     "partexprs",
                                               "evttags",      "collctype",     "colliculocale",
                                               "collversion",  "tgqual",        "tgoldtable",
                                               "tgnewtable",   "polqual",       "polwithcheck",
                                               "stxexprs",     "prqual",        "prattrs"};
        const char *n = ct->cols[i].name;
        bool is_nullable = false;
        for (size_t k = 0; k < OAK_LENGTHOF(nullable); k++)
            is_nullable |= strcmp(n, nullable[k]) == 0;
        if (is_nullable || strcmp(n, "rolpassword") == 0 || strcmp(n, "rolvaliduntil") == 0 ||
            strcmp(n, "daticulocale") == 0 || strcmp(n, "datcollversion") == 0 ||
            strcmp(n, "conkey") == 0 || strcmp(n, "indexprs") == 0 || strcmp(n, "indpred") == 0 ||
            strcmp(n, "relacl") == 0 || strcmp(n, "nspacl") == 0 || strcmp(n, "datacl") == 0 ||
            strcmp(n, "attacl") == 0)
            rel->atts[i].notnull = false;
    }
    rel->pk_natts = ct->npk;
    rel->pk_attnos = mcx_alloc(sizeof ct->pk);
    memcpy(rel->pk_attnos, ct->pk, sizeof ct->pk);
    snprintf(rel->pk_name, sizeof rel->pk_name, "%s", ct->pk_name);
    return rel;
}

int
cat_view_rows(Oid relid, Datum **values, bool **nulls)
{
    const CatTable *ct = cat_builtin_table(relid);
    if (ct == NULL || ct->view_rows == NULL)
        return -1;
    return ct->view_rows(values, nulls);
}

static char *
cat_text(Datum d)
{
    return text_to_cstr(datum_ptr(d));
}

/* Scan a built-in catalog, calling fn for each visible row until it returns false. */

void
cat_scan(Oid relid, const BtBound *lo, const BtBound *hi, CatRowFn fn, void *arg)
{
    RelDesc *rel = cat_builtin_reldesc(relid);
    Datum *values = mcx_alloc(sizeof(Datum) * (size_t)rel->natts);
    bool *nulls = mcx_alloc(sizeof(bool) * (size_t)rel->natts);
    TblScan *scan = tbl_scan_begin(rel, cat_snapshot(), lo, hi);
    while (tbl_scan_next(scan, values, nulls, NULL))
        if (!fn(arg, values, nulls))
            break;
    tbl_scan_end(scan);
}

/* --- schemas and the search path ---------------------------------------------------------- */

enum { CAT_MAX_SEARCH = 16 };
static char cat_search_names[CAT_MAX_SEARCH][NAMEDATALEN];
static int cat_nsearch = -1; /* -1: the default, "$user", public */

void
cat_set_search_path(int n, const char *const *names)
{
    cat_nsearch = n < CAT_MAX_SEARCH ? n : CAT_MAX_SEARCH;
    for (int i = 0; i < cat_nsearch; i++)
        snprintf(cat_search_names[i], NAMEDATALEN, "%s", names[i]);
    /* unqualified names were cached under the old path; a statement calling set_config may
     * still hold descriptors, so the cache goes when the next statement starts */
    cat_cache_reset_deferred();
}

typedef struct NspByName {
    const char *name;
    Oid oid;
} NspByName;

static bool
cat_nsp_by_name_fn(void *arg, const Datum *v, const bool *n)
{
    NspByName *m = arg;
    (void)n;
    if (strcmp(cat_text(v[ANUM_NSP_NAME]), m->name) != 0)
        return true;
    m->oid = datum_oid(v[ANUM_NSP_OID]);
    return false;
}

Oid
cat_namespace_oid(const char *name)
{
    if (strcmp(name, "pg_catalog") == 0)
        return PG_CATALOG_NAMESPACE;
    if (strcmp(name, "public") == 0)
        return PG_PUBLIC_NAMESPACE;
    NspByName m = {name, INVALID_OID};
    cat_scan(PG_NAMESPACE_RELID, NULL, NULL, cat_nsp_by_name_fn, &m);
    return m.oid;
}

typedef struct NspByOid {
    char *name;
} NspByOid;

static bool
cat_nsp_by_oid_fn(void *arg, const Datum *v, const bool *n)
{
    NspByOid *m = arg;
    (void)n;
    m->name = cat_text(v[ANUM_NSP_NAME]);
    return false;
}

char *
cat_namespace_name(Oid nsp)
{
    if (nsp == PG_CATALOG_NAMESPACE)
        return mcx_strdup("pg_catalog");
    if (nsp == PG_PUBLIC_NAMESPACE)
        return mcx_strdup("public");
    NspByOid m = {NULL};
    BtBound *b = cat_oid_bound(nsp);
    cat_scan(PG_NAMESPACE_RELID, b, b, cat_nsp_by_oid_fn, &m);
    return m.name;
}

/*
 * The schemas unqualified names are looked up in, in order: pg_catalog first unless the
 * path names it elsewhere, then the path's schemas that exist ("$user" is the schema
 * named after the current role, when there is one). Returns the count.
 */
int
cat_search_namespaces(Oid *out, int max)
{
    int n = 0;
    bool catalog_listed = false;
    const char *defaults[2] = {"$user", "public"};
    int count = cat_nsearch < 0 ? 2 : cat_nsearch;
    for (int i = 0; i < count; i++) {
        const char *s = cat_nsearch < 0 ? defaults[i] : cat_search_names[i];
        catalog_listed |= strcmp(s, "pg_catalog") == 0;
    }
    if (!catalog_listed && n < max)
        out[n++] = PG_CATALOG_NAMESPACE;
    for (int i = 0; i < count && n < max; i++) {
        const char *s = cat_nsearch < 0 ? defaults[i] : cat_search_names[i];
        if (strcmp(s, "$user") == 0) {
            const char *role = cat_role_name(cat_my_role);
            s = role != NULL ? role : "";
        }
        Oid nsp = s[0] ? cat_namespace_oid(s) : INVALID_OID;
        bool dup = false;
        for (int k = 0; k < n; k++)
            dup |= out[k] == nsp;
        /* As PostgreSQL: a schema the current user may not use is left out of the path. */
        if (nsp != INVALID_OID && !dup && cat_namespace_privilege(nsp, ACL_USAGE))
            out[n++] = nsp;
    }
    return n;
}

Oid
cat_current_schema(void)
{
    Oid nsps[CAT_MAX_SEARCH + 1];
    int n = cat_search_namespaces(nsps, CAT_MAX_SEARCH + 1);
    bool catalog_implicit = true;
    int count = cat_nsearch < 0 ? 2 : cat_nsearch;
    for (int i = 0; i < count && cat_nsearch >= 0; i++)
        catalog_implicit &= strcmp(cat_search_names[i], "pg_catalog") != 0;
    int first = catalog_implicit ? 1 : 0;
    return first < n ? nsps[first] : INVALID_OID;
}

Oid
cat_creation_namespace(void)
{
    Oid nsps[CAT_MAX_SEARCH + 1];
    int n = cat_search_namespaces(nsps, CAT_MAX_SEARCH + 1);
    /* The first schema the path itself names: pg_catalog only when listed first. */
    bool catalog_implicit = true;
    int count = cat_nsearch < 0 ? 2 : cat_nsearch;
    for (int i = 0; i < count && cat_nsearch >= 0; i++)
        catalog_implicit &= strcmp(cat_search_names[i], "pg_catalog") != 0;
    for (int i = catalog_implicit ? 1 : 0; i < n; i++)
        return nsps[i];
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_SCHEMA_NAME),
            err_msg("no schema has been selected to create in"));
}

typedef struct ClassMatch {
    const char *name;
    Oid nsp;   /* 0: the search path */
    Oid *path; /* search path namespaces, in order */
    int npath;
    int found_rank; /* position in path of the best match so far */
    Oid found_oid;
    Oid found_nsp;
    Oid relfilenode;
    bool shared;
    char kind;
} ClassMatch;

static bool
cat_class_by_name_fn(void *arg, const Datum *v, const bool *n)
{
    ClassMatch *m = arg;
    Oid nsp = datum_oid(v[ANUM_CLASS_RELNAMESPACE]);
    if (m->nsp != 0 && nsp != m->nsp)
        return true;
    int rank = 0;
    if (m->nsp == 0) {
        while (rank < m->npath && m->path[rank] != nsp)
            rank++;
        if (rank == m->npath)
            return true; /* not in the search path */
    }
    if (strcmp(cat_text(v[ANUM_CLASS_RELNAME]), m->name) != 0)
        return true;
    /* The earliest schema of the search path wins. */
    if (m->found_oid != 0 && m->found_rank <= rank)
        return true;
    m->found_rank = rank;
    m->found_oid = datum_oid(v[ANUM_CLASS_OID]);
    m->found_nsp = nsp;
    m->relfilenode = datum_oid(v[ANUM_CLASS_RELFILENODE]);
    m->shared = datum_bool(v[ANUM_CLASS_RELISSHARED]);
    m->kind = datum_char(v[ANUM_CLASS_RELKIND]);
    (void)n;
    return true;
}

typedef struct AttLoad {
    RelDesc *rel;
    int count;
} AttLoad;

static bool
cat_att_fn(void *arg, const Datum *v, const bool *n)
{
    AttLoad *l = arg;
    int num = datum_int16(v[ANUM_ATT_NUM]);
    (void)n;
    if (num < 1 || num > l->rel->natts || datum_bool(v[ANUM_ATT_ISDROPPED]))
        return true;
    AttDesc *att = &l->rel->atts[num - 1];
    cat_fill_att(att,
                 cat_text(v[ANUM_ATT_NAME]),
                 datum_oid(v[ANUM_ATT_TYPID]),
                 datum_int32(v[ANUM_ATT_TYPMOD]));
    att->notnull = datum_bool(v[ANUM_ATT_NOTNULL]);
    att->has_default = datum_bool(v[ANUM_ATT_HASDEF]);
    att->identity = datum_char(v[ANUM_ATT_IDENTITY]);
    l->count++;
    return true;
}

static bool cat_index_has_own_file(Oid indexoid, Oid table_file);

static bool
cat_con_fn(void *arg, const Datum *v, const bool *n)
{
    RelDesc *rel = arg;
    if (datum_oid(v[ANUM_CON_RELID]) != rel->oid || datum_char(v[ANUM_CON_TYPE]) != 'p')
        return true;
    if (n[ANUM_CON_KEY])
        return true;
    /* A primary key added by ALTER TABLE has an index of its own: not the clustering key. */
    Oid ix = datum_oid(v[ANUM_CON_INDID]);
    if (cat_index_has_own_file(ix, rel->file.rel))
        return true;
    int nk = adt_array_nitems(v[ANUM_CON_KEY]);
    rel->pk_natts = nk;
    rel->pk_attnos = mcx_alloc(sizeof(int16_t) * (size_t)(nk > 0 ? nk : 1));
    (void)adt_array_to_int16(v[ANUM_CON_KEY], rel->pk_attnos, nk);
    for (int i = 0; i < nk; i++)
        rel->pk_attnos[i] = (int16_t)(rel->pk_attnos[i] - 1);
    snprintf(rel->pk_name, sizeof rel->pk_name, "%s", cat_text(v[ANUM_CON_NAME]));
    rel->pk_index_oid = datum_oid(v[ANUM_CON_INDID]);
    return true;
}

static bool
cat_attrdef_fn(void *arg, const Datum *v, const bool *n)
{
    RelDesc *rel = arg;
    (void)n;
    if (datum_oid(v[ANUM_ATTRDEF_RELID]) != rel->oid)
        return true;
    int num = datum_int16(v[ANUM_ATTRDEF_NUM]);
    if (num >= 1 && num <= rel->natts)
        rel->atts[num - 1].default_sql = cat_text(v[ANUM_ATTRDEF_BIN]);
    return true;
}

BtBound *
cat_oid_bound(Oid oid)
{
    StrBuf sb;
    sb_init(&sb);
    adt_key_encode_column(&sb, adt_type(OIDOID), oid_datum(oid), false, false, false);
    BtBound *b = mcx_alloc(sizeof *b);
    b->key = sb.data;
    b->len = (uint32_t)sb.len;
    b->inclusive = true;
    return b;
}

typedef struct IndexLoad {
    RelDesc *rel;
    int cap;
} IndexLoad;

static bool cat_class_by_oid_fn(void *arg, const Datum *v, const bool *n);

void
cat_scan_by_oid(Oid catalog, Oid oid, CatRowFn fn, void *arg)
{
    BtBound *b = cat_oid_bound(oid);
    cat_scan(catalog, b, b, fn, arg);
}

typedef struct ClassByOid {
    Oid oid;
    char *name;
    Oid nsp;
    Oid relfilenode;
    char kind;
} ClassByOid;

/* Whether index indexoid has a file other than the table's (relfilenode table_file). */
static bool
cat_index_has_own_file(Oid indexoid, Oid table_file)
{
    ClassByOid c = {.oid = indexoid};
    BtBound *b = cat_oid_bound(indexoid);
    cat_scan(PG_CLASS_RELID, b, b, cat_class_by_oid_fn, &c);
    return c.name != NULL && c.relfilenode != table_file;
}

static bool
cat_index_fn(void *arg, const Datum *v, const bool *n)
{
    IndexLoad *l = arg;
    RelDesc *rel = l->rel;
    /* The clustered primary key's index is the table itself: not a secondary index. */
    if (datum_oid(v[ANUM_IND_INDRELID]) != rel->oid ||
        datum_oid(v[ANUM_IND_INDEXRELID]) == rel->pk_index_oid)
        return true;
    if (rel->nindexes == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        IndexDesc *grown = mcx_alloc0(sizeof(IndexDesc) * (size_t)l->cap);
        if (rel->nindexes)
            memcpy(grown, rel->indexes, sizeof(IndexDesc) * (size_t)rel->nindexes);
        rel->indexes = grown;
    }
    IndexDesc *ix = &rel->indexes[rel->nindexes++];
    memset(ix, 0, sizeof *ix);
    ix->oid = datum_oid(v[ANUM_IND_INDEXRELID]);
    ix->unique = datum_bool(v[ANUM_IND_ISUNIQUE]);
    ix->primary = datum_bool(v[ANUM_IND_ISPRIMARY]);
    int16_t keys[INDEX_MAX_KEYS];
    int16_t opts[INDEX_MAX_KEYS];
    ix->nkeys = adt_array_to_int16(v[ANUM_IND_KEY], keys, INDEX_MAX_KEYS);
    int no = adt_array_to_int16(v[ANUM_IND_OPTION], opts, INDEX_MAX_KEYS);
    for (int i = 0; i < ix->nkeys; i++) {
        ix->attnos[i] = (int16_t)(keys[i] - 1);
        ix->options[i] = (uint8_t)(i < no ? opts[i] : 0);
    }
    ix->exprs_sql = n[ANUM_IND_EXPRS] ? NULL : cat_text(v[ANUM_IND_EXPRS]);
    ix->pred_sql = n[ANUM_IND_PRED] ? NULL : cat_text(v[ANUM_IND_PRED]);
    return true;
}

static bool
cat_unique_con_fn(void *arg, const Datum *v, const bool *n)
{
    RelDesc *rel = arg;
    (void)n;
    char type = datum_char(v[ANUM_CON_TYPE]);
    if (datum_oid(v[ANUM_CON_RELID]) != rel->oid || (type != 'u' && type != 'p'))
        return true;
    for (int i = 0; i < rel->nindexes; i++)
        if (rel->indexes[i].oid == datum_oid(v[ANUM_CON_INDID]))
            snprintf(rel->indexes[i].conname,
                     sizeof rel->indexes[i].conname,
                     "%s",
                     cat_text(v[ANUM_CON_NAME]));
    return true;
}

/* The secondary indexes of rel, in OID order (pg_index's key). */
static void
cat_load_indexes(RelDesc *rel)
{
    IndexLoad l = {rel, 0};
    cat_scan(PG_INDEX_RELID, NULL, NULL, cat_index_fn, &l);
    if (rel->nindexes > 0)
        cat_scan(PG_CONSTRAINT_RELID, NULL, NULL, cat_unique_con_fn, rel);
    for (int i = 0; i < rel->nindexes; i++) {
        IndexDesc *ix = &rel->indexes[i];
        ClassByOid c = {.oid = ix->oid};
        BtBound *b = cat_oid_bound(ix->oid);
        cat_scan(PG_CLASS_RELID, b, b, cat_class_by_oid_fn, &c);
        if (c.name == NULL)
            elog_internal("pg_class row of index %u is missing", ix->oid);
        snprintf(ix->name, sizeof ix->name, "%s", c.name);
        ix->file.db = cat_my_db;
        ix->file.rel = c.relfilenode;
    }
}

typedef struct IndexTable {
    Oid relid;
} IndexTable;

static bool
cat_index_table_fn(void *arg, const Datum *v, const bool *n)
{
    IndexTable *t = arg;
    (void)n;
    t->relid = datum_oid(v[ANUM_IND_INDRELID]);
    return false;
}

Oid
cat_index_table(Oid indexoid)
{
    IndexTable t = {0};
    BtBound *b = cat_oid_bound(indexoid);
    cat_scan(PG_INDEX_RELID, b, b, cat_index_table_fn, &t);
    return t.relid;
}

static bool
cat_view_fn(void *arg, const Datum *v, const bool *n)
{
    RelDesc *rel = arg;
    if (datum_oid(v[ANUM_RW_EV_CLASS]) != rel->oid || n[ANUM_RW_EV_ACTION])
        return true;
    rel->view_sql = cat_text(v[ANUM_RW_EV_ACTION]);
    return false;
}

static bool
cat_sequence_fn(void *arg, const Datum *v, const bool *n)
{
    RelDesc *rel = arg;
    (void)n;
    if (datum_oid(v[ANUM_SEQ_RELID]) != rel->oid)
        return true;
    rel->seq.type = datum_oid(v[1]);
    rel->seq.start = datum_int64(v[2]);
    rel->seq.increment = datum_int64(v[3]);
    rel->seq.max = datum_int64(v[4]);
    rel->seq.min = datum_int64(v[5]);
    rel->seq.cache = datum_int64(v[6]);
    rel->seq.cycle = datum_bool(v[7]);
    return false;
}

/* An identity column's sequence: the one its pg_depend row ('i') ties to the column. */
static void
cat_load_identity_sequences(RelDesc *rel)
{
    bool any = false;
    for (int i = 0; i < rel->natts; i++)
        any |= rel->atts[i].identity != '\0';
    if (!any)
        return;
    Oid *seqs;
    int n = cat_owned_sequences(rel->oid, &seqs);
    for (int s = 0; s < n; s++) {
        Oid owner;
        int attnum;
        if (cat_sequence_owner(seqs[s], &owner, &attnum) && attnum >= 1 && attnum <= rel->natts &&
            rel->atts[attnum - 1].identity != '\0')
            rel->atts[attnum - 1].identity_seq = seqs[s];
    }
}

static RelDesc *
cat_load_user_relation(Oid oid, const char *name, Oid nsp, Oid relfilenode, char kind)
{
    RelDesc *rel = mcx_alloc0(sizeof *rel);
    rel->oid = oid;
    snprintf(rel->name, sizeof rel->name, "%s", name);
    rel->namespace = nsp;
    rel->kind = kind;
    rel->file.db = cat_my_db;
    rel->file.rel = relfilenode;

    /* Attributes: key (attrelid, attnum), so one prefix range. */
    BtBound *b = cat_oid_bound(oid);
    rel->natts = MAX_TABLE_COLUMNS;
    rel->atts = mcx_alloc0(sizeof(AttDesc) * MAX_TABLE_COLUMNS);
    AttLoad l = {rel, 0};
    cat_scan(PG_ATTRIBUTE_RELID, b, b, cat_att_fn, &l);
    rel->natts = l.count;
    cat_load_identity_sequences(rel);
    cat_scan(PG_CONSTRAINT_RELID, NULL, NULL, cat_con_fn, rel);
    cat_scan(PG_ATTRDEF_RELID, NULL, NULL, cat_attrdef_fn, rel);
    if (kind == 'r')
        cat_load_indexes(rel);
    if (kind == 'v')
        cat_scan(PG_REWRITE_RELID, NULL, NULL, cat_view_fn, rel);
    if (kind == 'S')
        cat_scan(PG_SEQUENCE_RELID, b, b, cat_sequence_fn, rel);
    return rel;
}

RelDesc *
cat_lookup_relation(const char *schema, const char *name)
{
    Oid nsp = 0;
    if (schema != NULL) {
        nsp = cat_namespace_oid(schema);
        if (nsp == INVALID_OID)
            return NULL; /* PostgreSQL: "relation \"s.t\" does not exist" */
    }
    RelDesc *cached = cat_cache_get(schema, name);
    if (cached != NULL)
        return cached;
    Oid path[CAT_MAX_SEARCH + 1];
    ClassMatch m = {.name = name, .nsp = nsp, .path = path};
    if (nsp == 0)
        m.npath = cat_search_namespaces(path, CAT_MAX_SEARCH + 1);
    cat_scan(PG_CLASS_RELID, NULL, NULL, cat_class_by_name_fn, &m);
    if (m.found_oid == 0)
        return NULL;
    RelDesc *rel;
    if (cat_builtin_table(m.found_oid))
        rel = cat_builtin_reldesc(m.found_oid);
    else
        rel = cat_load_user_relation(m.found_oid, name, m.found_nsp, m.relfilenode, m.kind);
    cat_cache_put(schema, name, rel);
    return rel;
}

static bool
cat_class_by_oid_fn(void *arg, const Datum *v, const bool *n)
{
    ClassByOid *c = arg;
    (void)n;
    c->name = cat_text(v[ANUM_CLASS_RELNAME]);
    c->nsp = datum_oid(v[ANUM_CLASS_RELNAMESPACE]);
    c->relfilenode = datum_oid(v[ANUM_CLASS_RELFILENODE]);
    c->kind = datum_char(v[ANUM_CLASS_RELKIND]);
    return false;
}

RelDesc *
cat_relation_by_oid(Oid relid)
{
    if (cat_builtin_table(relid))
        return cat_builtin_reldesc(relid);
    ClassByOid c = {.oid = relid};
    BtBound *b = cat_oid_bound(relid);
    cat_scan(PG_CLASS_RELID, b, b, cat_class_by_oid_fn, &c);
    if (c.name == NULL)
        return NULL;
    return cat_load_user_relation(relid, c.name, c.nsp, c.relfilenode, c.kind);
}

typedef struct NameToOid {
    const char *name;
    int name_col;
    Oid oid;
    bool found;
    bool super;
} NameToOid;

static bool
cat_name_fn(void *arg, const Datum *v, const bool *n)
{
    NameToOid *m = arg;
    (void)n;
    if (strcmp(cat_text(v[m->name_col]), m->name) != 0)
        return true;
    m->oid = datum_oid(v[0]);
    m->found = true;
    if (m->name_col == ANUM_AUTH_NAME)
        m->super = datum_bool(v[ANUM_AUTH_SUPER]);
    return false;
}

bool
cat_database_oid(const char *datname, Oid *oid)
{
    NameToOid m = {.name = datname, .name_col = ANUM_DB_NAME};
    cat_scan(PG_DATABASE_RELID, NULL, NULL, cat_name_fn, &m);
    *oid = m.oid;
    return m.found;
}

bool
cat_role_oid(const char *rolname, Oid *oid, bool *superuser)
{
    NameToOid m = {.name = rolname, .name_col = ANUM_AUTH_NAME};
    cat_scan(PG_AUTHID_RELID, NULL, NULL, cat_name_fn, &m);
    *oid = m.oid;
    if (superuser)
        *superuser = m.super;
    return m.found;
}

typedef struct RolePassword {
    const char *name;
    bool found;
    char *password; /* NULL: no password */
} RolePassword;

static bool
cat_role_password_fn(void *arg, const Datum *v, const bool *n)
{
    RolePassword *m = arg;
    if (strcmp(cat_text(v[ANUM_AUTH_NAME]), m->name) != 0)
        return true;
    m->found = true;
    m->password = n[ANUM_AUTH_PASSWORD] ? NULL : cat_text(v[ANUM_AUTH_PASSWORD]);
    return false;
}

bool
cat_role_password(const char *rolname, char **password)
{
    RolePassword m = {.name = rolname};
    cat_scan(PG_AUTHID_RELID, NULL, NULL, cat_role_password_fn, &m);
    *password = m.password;
    return m.found;
}

typedef struct OidToName {
    char *name;
} OidToName;

static bool
cat_role_name_fn(void *arg, const Datum *v, const bool *n)
{
    OidToName *m = arg;
    (void)n;
    m->name = cat_text(v[ANUM_AUTH_NAME]);
    return false;
}

static bool
cat_db_name_fn(void *arg, const Datum *v, const bool *n)
{
    OidToName *m = arg;
    (void)n;
    m->name = cat_text(v[ANUM_DB_NAME]);
    return false;
}

const char *
cat_database_name(Oid dboid)
{
    OidToName m = {NULL};
    Oid saved = cat_my_db;
    BtBound *b = cat_oid_bound(dboid);
    cat_my_db = 0; /* pg_database is shared */
    cat_scan(PG_DATABASE_RELID, b, b, cat_db_name_fn, &m);
    cat_my_db = saved;
    return m.name;
}

const char *
cat_role_name(Oid roleid)
{
    OidToName m = {NULL};
    BtBound *b = cat_oid_bound(roleid);
    cat_scan(PG_AUTHID_RELID, b, b, cat_role_name_fn, &m);
    return m.name;
}

Oid
cat_regclass_lookup(const char *name)
{
    /*
     * "name", "schema.name" or "db.schema.name" (this database only), each part
     * double-quoted (kept as written) or not (folded to lower case), as PostgreSQL reads a
     * relation name; 42602 for bad syntax, 42601 for more than three parts.
     */
    char *parts[4];
    int n = adt_split_name(name, parts, 4);
    if (n < 0) {
        char *more[8];
        if (adt_split_name(name, more, 8) > 4)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("improper relation name (too many dotted names): %s", name));
        ereport(ERROR, err_code(SQLSTATE_INVALID_NAME), err_msg("invalid name syntax"));
    }
    if (n == 4)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("improper relation name (too many dotted names): %s", name));
    if (n == 3 && (cat_my_db == 0 || strcmp(parts[0], cat_database_name(cat_my_db)) != 0))
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("cross-database references are not implemented: \"%s\"", name));
    RelDesc *rel = cat_lookup_relation(n >= 2 ? parts[n - 2] : NULL, parts[n - 1]);
    return rel ? rel->oid : INVALID_OID;
}

char *
cat_relation_name(Oid relid)
{
    const CatTable *ct = cat_builtin_table(relid);
    if (ct != NULL)
        return mcx_strdup(ct->name);
    ClassByOid c = {.oid = relid};
    BtBound *b = cat_oid_bound(relid);
    cat_scan(PG_CLASS_RELID, b, b, cat_class_by_oid_fn, &c);
    if (c.name == NULL)
        return NULL;
    /* Qualified when the search path would not find this relation by its bare name. */
    RelDesc *visible = cat_lookup_relation(NULL, c.name);
    if (visible != NULL && visible->oid == relid)
        return adt_quote_ident(c.name);
    return mcx_printf("%s.%s", adt_quote_ident(cat_namespace_name(c.nsp)), adt_quote_ident(c.name));
}

static bool
cat_role_login_fn(void *arg, const Datum *v, const bool *n)
{
    (void)n;
    *(bool *)arg = datum_bool(v[ANUM_AUTH_CANLOGIN]);
    return false;
}

bool
cat_role_can_login(Oid roleid)
{
    bool can = false;
    BtBound *b = cat_oid_bound(roleid);
    cat_scan(PG_AUTHID_RELID, b, b, cat_role_login_fn, &can);
    return can;
}

static bool
cat_role_createdb_fn(void *arg, const Datum *v, const bool *n)
{
    (void)n;
    *(bool *)arg = datum_bool(v[ANUM_AUTH_CREATEDB]);
    return false;
}

bool
cat_role_has_createdb(Oid roleid)
{
    bool can = false;
    BtBound *b = cat_oid_bound(roleid);
    cat_scan(PG_AUTHID_RELID, b, b, cat_role_createdb_fn, &can);
    return can;
}

char *
cat_role_name_copy(Oid roleid)
{
    const char *n = cat_role_name(roleid);
    return n != NULL ? mcx_strdup(n) : NULL;
}

bool
cat_relation_visible(Oid relid)
{
    const CatTable *ct = cat_builtin_table(relid);
    if (ct != NULL)
        return true; /* pg_catalog is always searched */
    ClassByOid c = {.oid = relid};
    BtBound *b = cat_oid_bound(relid);
    cat_scan(PG_CLASS_RELID, b, b, cat_class_by_oid_fn, &c);
    if (c.name == NULL)
        return false;
    RelDesc *visible = cat_lookup_relation(NULL, c.name);
    return visible != NULL && visible->oid == relid;
}
