/*
 * cat_sqlfuncs.c
 *     SQL-callable functions that read the catalog: comments (obj_description,
 *     col_description, shobj_description), visibility tests, sizes, privilege tests,
 *     current_schema(), and the deparsers of objects OakDB cannot create yet (triggers,
 *     extended statistics), which give NULL for an unknown OID as PostgreSQL does.
 *
 * They are the adt_fn_<prosrc> functions utils/adt's generated table names; defining them
 * here keeps the catalog reads out of utils/adt (the one library links both).
 *
 * Privileges: without GRANT, a role has every privilege on what it owns, a superuser on
 * everything, and others only what PostgreSQL grants PUBLIC by default (USAGE on the
 * pg_catalog, public and information_schema schemas; CONNECT and TEMPORARY on databases).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cat_internal.h"
#include "oak/storage/smgr.h"
#include "oak/utils/adt.h"
#include "../utils/adt/adt_fns.h"

/* --- reading one row by OID ------------------------------------------------------------------ */

typedef struct RowCopy {
    int natts;
    Datum *values;
    bool *nulls;
    bool found;
} RowCopy;

static bool
cat_row_copy_fn(void *arg, const Datum *v, const bool *n)
{
    RowCopy *r = arg;
    memcpy(r->values, v, sizeof(Datum) * (size_t)r->natts);
    memcpy(r->nulls, n, sizeof(bool) * (size_t)r->natts);
    r->found = true;
    return false;
}

/* The row of catalog (keyed by oid first) whose key starts with oid; false if none. */
static bool
cat_row_by_oid(Oid catalog, Oid oid, Datum **values, bool **nulls)
{
    const CatTable *ct = cat_builtin_table(catalog);
    RowCopy r = {ct->ncols,
                 mcx_alloc(sizeof(Datum) * (size_t)ct->ncols),
                 mcx_alloc(sizeof(bool) * (size_t)ct->ncols),
                 false};
    BtBound *b = cat_oid_bound(oid);
    cat_scan(catalog, b, b, cat_row_copy_fn, &r);
    *values = r.values;
    *nulls = r.nulls;
    return r.found;
}

static char *
cat_arg_text(FuncCallInfo *fc, int i)
{
    return text_to_cstr(datum_ptr(fc->arg[i]));
}

static Datum
cat_null(FuncCallInfo *fc)
{
    fc->isnull = true;
    return 0;
}

/* --- comments ----------------------------------------------------------------------------------- */

typedef struct DescFind {
    Oid objoid;
    Oid classoid; /* 0: any */
    int32_t objsubid;
    bool shared;
    char *text;
} DescFind;

static bool
cat_desc_fn(void *arg, const Datum *v, const bool *n)
{
    DescFind *f = arg;
    (void)n;
    if (datum_oid(v[0]) != f->objoid)
        return true;
    if (f->classoid != 0 && datum_oid(v[1]) != f->classoid)
        return true;
    if (!f->shared && datum_int32(v[2]) != f->objsubid)
        return true;
    f->text = text_to_cstr(datum_ptr(v[f->shared ? 2 : 3]));
    return false;
}

static Datum
cat_description(FuncCallInfo *fc, Oid objoid, Oid classoid, int32_t objsubid, bool shared)
{
    DescFind f = {objoid, classoid, objsubid, shared, NULL};
    BtBound *b = cat_oid_bound(objoid);
    cat_scan(shared ? PG_SHDESCRIPTION_RELID : PG_DESCRIPTION_RELID, b, b, cat_desc_fn, &f);
    if (f.text == NULL)
        return cat_null(fc);
    return ptr_datum(text_from_cstr(f.text));
}

/* A catalog's OID by its name in pg_catalog (the second argument of obj_description). */
static Oid
cat_catalog_oid(const char *name)
{
    for (int i = 0; i < cat_ntables; i++)
        if (strcmp(cat_tables[i].name, name) == 0)
            return cat_tables[i].relid;
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_TABLE),
            err_msg("relation \"%s\" does not exist", name));
    return INVALID_OID;
}

Datum
adt_fn_obj_description(FuncCallInfo *fc)
{
    Oid cls = cat_catalog_oid(cat_arg_text(fc, 1));
    return cat_description(fc, datum_oid(fc->arg[0]), cls, 0, false);
}

/* obj_description(oid): deprecated in PostgreSQL; any catalog's comment on the object. */
Datum
adt_fn_obj_description1(FuncCallInfo *fc)
{
    return cat_description(fc, datum_oid(fc->arg[0]), 0, 0, false);
}

Datum
adt_fn_col_description(FuncCallInfo *fc)
{
    return cat_description(fc,
                           datum_oid(fc->arg[0]),
                           PG_CLASS_RELID,
                           datum_int32(fc->arg[1]),
                           false);
}

Datum
adt_fn_shobj_description(FuncCallInfo *fc)
{
    Oid cls = cat_catalog_oid(cat_arg_text(fc, 1));
    return cat_description(fc, datum_oid(fc->arg[0]), cls, 0, true);
}

/* --- visibility -------------------------------------------------------------------------------- */

/* Functions and types are all built in, in pg_catalog, which every search path includes. */
Datum
adt_fn_pg_function_is_visible(FuncCallInfo *fc)
{
    if (adt_proc(datum_oid(fc->arg[0])) == NULL)
        return cat_null(fc);
    return bool_datum(true);
}

Datum
adt_fn_pg_type_is_visible(FuncCallInfo *fc)
{
    if (adt_type(datum_oid(fc->arg[0])) == NULL)
        return cat_null(fc);
    return bool_datum(true);
}

Datum
adt_fn_pg_collation_is_visible(FuncCallInfo *fc)
{
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(PG_COLLATION_RELID, datum_oid(fc->arg[0]), &v, &n))
        return cat_null(fc);
    return bool_datum(true);
}

/*
 * Whether a relation could be published: an ordinary table outside pg_catalog, not a
 * system object (OID below FirstNormalObjectId). NULL for an unknown OID.
 */
Datum
adt_fn_pg_relation_is_publishable(FuncCallInfo *fc)
{
    Oid relid = datum_oid(fc->arg[0]);
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(PG_CLASS_RELID, relid, &v, &n))
        return cat_null(fc);
    char kind = datum_char(v[ANUM_CLASS_RELKIND]);
    Oid nsp = datum_oid(v[ANUM_CLASS_RELNAMESPACE]);
    return bool_datum((kind == 'r' || kind == 'p') && nsp != PG_CATALOG_NAMESPACE &&
                      relid >= FIRST_NORMAL_OID);
}

/* No extended statistics or triggers can exist yet: every OID is unknown (NULL). */
Datum
adt_fn_pg_get_statisticsobjdef_columns(FuncCallInfo *fc)
{
    return cat_null(fc);
}

Datum
adt_fn_pg_get_triggerdef(FuncCallInfo *fc)
{
    return cat_null(fc);
}

Datum
adt_fn_pg_get_triggerdef_ext(FuncCallInfo *fc)
{
    return cat_null(fc);
}

/* --- current_schema ------------------------------------------------------------------------------ */

/*
 * The first schema of search_path that exists: pg_catalog only counts when the path
 * names it (it is searched first implicitly otherwise). NULL when there is none.
 */
Datum
adt_fn_current_schema(FuncCallInfo *fc)
{
    Oid nsp = cat_current_schema();
    if (nsp == INVALID_OID)
        return cat_null(fc);
    return ptr_datum(text_from_cstr(cat_namespace_name(nsp)));
}

Datum
adt_fn_pg_is_in_recovery(FuncCallInfo *fc)
{
    (void)fc;
    return bool_datum(false);
}

Datum
adt_fn_pg_backend_pid(FuncCallInfo *fc)
{
    (void)fc;
    return int32_datum((int32_t)getpid());
}

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

/* --- privileges ------------------------------------------------------------------------------------ */

typedef enum PrivObject { PRIV_TABLE, PRIV_SCHEMA, PRIV_DATABASE } PrivObject;

/* Privilege bits, one per name below (TEMP is TEMPORARY). */
enum {
    PRIV_SELECT = 1 << 0,
    PRIV_INSERT = 1 << 1,
    PRIV_UPDATE = 1 << 2,
    PRIV_DELETE = 1 << 3,
    PRIV_TRUNCATE = 1 << 4,
    PRIV_REFERENCES = 1 << 5,
    PRIV_TRIGGER = 1 << 6,
    PRIV_USAGE = 1 << 7,
    PRIV_CREATE = 1 << 8,
    PRIV_CONNECT = 1 << 9,
    PRIV_TEMPORARY = 1 << 10,
};

/*
 * Parse a privilege list ("SELECT, INSERT WITH GRANT OPTION") into bits: 22023 for a name
 * the object kind does not have, as PostgreSQL.
 */
static int
cat_priv_parse(const char *list, PrivObject kind)
{
    static const struct {
        const char *name;
        int bit;
        PrivObject kind;
    } privs[] = {{"SELECT", PRIV_SELECT, PRIV_TABLE},
                 {"INSERT", PRIV_INSERT, PRIV_TABLE},
                 {"UPDATE", PRIV_UPDATE, PRIV_TABLE},
                 {"DELETE", PRIV_DELETE, PRIV_TABLE},
                 {"TRUNCATE", PRIV_TRUNCATE, PRIV_TABLE},
                 {"REFERENCES", PRIV_REFERENCES, PRIV_TABLE},
                 {"TRIGGER", PRIV_TRIGGER, PRIV_TABLE},
                 {"USAGE", PRIV_USAGE, PRIV_SCHEMA},
                 {"CREATE", PRIV_CREATE, PRIV_SCHEMA},
                 {"CREATE", PRIV_CREATE, PRIV_DATABASE},
                 {"CONNECT", PRIV_CONNECT, PRIV_DATABASE},
                 {"TEMPORARY", PRIV_TEMPORARY, PRIV_DATABASE},
                 {"TEMP", PRIV_TEMPORARY, PRIV_DATABASE}};
    int mask = 0;
    char *copy = mcx_strdup(list);
    for (char *tok = strtok(copy, ","); tok != NULL; tok = strtok(NULL, ",")) {
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len > 0 && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        const char *wgo = " WITH GRANT OPTION";
        size_t wl = strlen(wgo);
        if (len > wl && strcasecmp(tok + len - wl, wgo) == 0)
            tok[len - wl] = '\0';
        int bit = 0;
        for (size_t i = 0; i < OAK_LENGTHOF(privs) && bit == 0; i++)
            if (privs[i].kind == kind && strcasecmp(tok, privs[i].name) == 0)
                bit = privs[i].bit;
        if (bit == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("unrecognized privilege type: \"%s\"", tok));
        mask |= bit;
    }
    return mask;
}

static bool
cat_role_is_super(Oid role)
{
    Datum *v;
    bool *n;
    return cat_row_by_oid(PG_AUTHID_RELID, role, &v, &n) && datum_bool(v[ANUM_AUTH_SUPER]);
}

static Oid
cat_priv_role_by_name(const char *name)
{
    Oid role;
    bool super;
    if (!cat_role_oid(name, &role, &super))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    return role;
}

/* The owner of an object (false: no such object). */
static bool
cat_object_owner(PrivObject kind, Oid oid, Oid *owner, Oid *nsp)
{
    Datum *v;
    bool *n;
    switch (kind) {
    case PRIV_TABLE:
        if (!cat_row_by_oid(PG_CLASS_RELID, oid, &v, &n))
            return false;
        *owner = datum_oid(v[5]); /* relowner */
        *nsp = datum_oid(v[ANUM_CLASS_RELNAMESPACE]);
        return true;
    case PRIV_SCHEMA:
        if (!cat_row_by_oid(PG_NAMESPACE_RELID, oid, &v, &n))
            return false;
        *owner = datum_oid(v[2]);
        *nsp = oid;
        return true;
    default:
        if (!cat_row_by_oid(PG_DATABASE_RELID, oid, &v, &n))
            return false;
        *owner = datum_oid(v[2]);
        *nsp = 0;
        return true;
    }
}

static Oid
cat_priv_object_by_name(PrivObject kind, const char *name)
{
    Oid oid = INVALID_OID;
    switch (kind) {
    case PRIV_TABLE:
        oid = cat_regclass_lookup(name);
        if (oid == INVALID_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_TABLE),
                    err_msg("relation \"%s\" does not exist", name));
        break;
    case PRIV_SCHEMA:
        oid = cat_namespace_oid(name);
        if (oid == INVALID_OID)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                    err_msg("schema \"%s\" does not exist", name));
        break;
    case PRIV_DATABASE:
        if (!cat_database_oid(name, &oid))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_CATALOG_NAME),
                    err_msg("database \"%s\" does not exist", name));
        break;
    }
    return oid;
}

/*
 * has_X_privilege with its arguments in one of PostgreSQL's six forms: (role, object, priv)
 * with role and object each a name (text/name) or an OID, or (object, priv) for the current
 * role. An unknown object OID gives NULL; an unknown name raises.
 */
static Datum
cat_has_privilege(FuncCallInfo *fc, PrivObject kind)
{
    int nargs = fc->nargs;
    Oid role = cat_my_role;
    int objarg = 0;
    if (nargs == 3) {
        role = adt_is_oid_alias(fc->argtype[0]) ? datum_oid(fc->arg[0])
                                                : cat_priv_role_by_name(cat_arg_text(fc, 0));
        objarg = 1;
    }
    Oid obj = adt_is_oid_alias(fc->argtype[objarg])
                  ? datum_oid(fc->arg[objarg])
                  : cat_priv_object_by_name(kind, cat_arg_text(fc, objarg));
    int asked = cat_priv_parse(cat_arg_text(fc, objarg + 1), kind);
    Oid owner, nsp;
    if (!cat_object_owner(kind, obj, &owner, &nsp))
        return cat_null(fc);
    if (cat_role_is_super(role) || owner == role)
        return bool_datum(true);
    /* pg_database_owner stands for the current database's owner (it owns public) */
    if (owner == PG_DATABASE_OWNER_ID) {
        Oid dbowner, unused;
        if (cat_object_owner(PRIV_DATABASE, cat_my_db, &dbowner, &unused) && dbowner == role)
            return bool_datum(true);
    }
    /*
     * What PUBLIC holds by default; true when any privilege asked for is among them, as
     * has_X_privilege answers for a list.
     */
    int public_privs = 0;
    if (kind == PRIV_SCHEMA && (obj == PG_CATALOG_NAMESPACE || obj == PG_PUBLIC_NAMESPACE ||
                                strcmp(cat_namespace_name(obj), "information_schema") == 0))
        public_privs = PRIV_USAGE;
    else if (kind == PRIV_DATABASE)
        public_privs = PRIV_CONNECT | PRIV_TEMPORARY;
    else if (kind == PRIV_TABLE && nsp == PG_CATALOG_NAMESPACE)
        public_privs = PRIV_SELECT; /* the catalogs are readable by everyone */
    return bool_datum((asked & public_privs) != 0);
}

#define CAT_PRIV_FNS(obj, kind)                                                                    \
    Datum adt_fn_has_##obj##_privilege_name_name(FuncCallInfo *fc)                                 \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_name_id(FuncCallInfo *fc)                                   \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id_name(FuncCallInfo *fc)                                   \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id_id(FuncCallInfo *fc)                                     \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_name(FuncCallInfo *fc)                                      \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }                                                                                              \
    Datum adt_fn_has_##obj##_privilege_id(FuncCallInfo *fc)                                        \
    {                                                                                              \
        return cat_has_privilege(fc, kind);                                                        \
    }

CAT_PRIV_FNS(table, PRIV_TABLE)
CAT_PRIV_FNS(schema, PRIV_SCHEMA)
CAT_PRIV_FNS(database, PRIV_DATABASE)

/* --- rows the deparsers (commands/cmd_ruleutils.c) read ----------------------------------------- */

static int
cat_int2s(Datum d, int16_t *out, int max)
{
    const Varlena *a = datum_ptr(d);
    int n = (int)(varlena_size(a) / sizeof(int16_t));
    if (n > max)
        n = max;
    for (int i = 0; i < n; i++)
        memcpy(&out[i], a->data + 2 * i, 2);
    return n;
}

bool
cat_index_row(Oid indexoid, CatIndexRow *out)
{
    Datum *v;
    bool *n;
    Datum *cv;
    bool *cn;
    if (!cat_row_by_oid(PG_INDEX_RELID, indexoid, &v, &n) ||
        !cat_row_by_oid(PG_CLASS_RELID, indexoid, &cv, &cn))
        return false;
    memset(out, 0, sizeof *out);
    out->indexrelid = indexoid;
    out->indrelid = datum_oid(v[ANUM_IND_INDRELID]);
    snprintf(out->name, sizeof out->name, "%s", text_to_cstr(datum_ptr(cv[ANUM_CLASS_RELNAME])));
    out->unique = datum_bool(v[ANUM_IND_ISUNIQUE]);
    out->primary = datum_bool(v[ANUM_IND_ISPRIMARY]);
    out->nkeys = cat_int2s(v[ANUM_IND_KEY], out->keys, INDEX_MAX_KEYS);
    cat_int2s(v[ANUM_IND_OPTION], out->options, INDEX_MAX_KEYS);
    out->exprs = n[ANUM_IND_EXPRS] ? NULL : text_to_cstr(datum_ptr(v[ANUM_IND_EXPRS]));
    out->pred = n[ANUM_IND_PRED] ? NULL : text_to_cstr(datum_ptr(v[ANUM_IND_PRED]));
    return true;
}

bool
cat_constraint_row(Oid conoid, CatConstraintRow *out)
{
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(PG_CONSTRAINT_RELID, conoid, &v, &n))
        return false;
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", text_to_cstr(datum_ptr(v[ANUM_CON_NAME])));
    out->type = datum_char(v[ANUM_CON_TYPE]);
    out->relid = datum_oid(v[ANUM_CON_RELID]);
    out->indid = datum_oid(v[ANUM_CON_INDID]);
    out->deferrable = datum_bool(v[4]);
    out->deferred = datum_bool(v[5]);
    if (!n[ANUM_CON_KEY])
        out->nkeys = cat_int2s(v[ANUM_CON_KEY], out->keys, INDEX_MAX_KEYS);
    return true;
}

typedef struct AttrdefFind {
    Oid relid;
    const char *text;
    int attnum;
} AttrdefFind;

static bool
cat_attrdef_find_fn(void *arg, const Datum *v, const bool *n)
{
    AttrdefFind *f = arg;
    (void)n;
    if (datum_oid(v[ANUM_ATTRDEF_RELID]) == f->relid &&
        strcmp(text_to_cstr(datum_ptr(v[ANUM_ATTRDEF_BIN])), f->text) == 0) {
        f->attnum = datum_int16(v[ANUM_ATTRDEF_NUM]);
        return false;
    }
    return true;
}

int
cat_attrdef_column(Oid relid, const char *adbin)
{
    AttrdefFind f = {relid, adbin, 0};
    cat_scan(PG_ATTRDEF_RELID, NULL, NULL, cat_attrdef_find_fn, &f);
    return f.attnum - 1;
}

Datum
adt_fn_current_database(FuncCallInfo *fc)
{
    (void)fc;
    const char *name = cat_database_name(cat_my_db);
    return ptr_datum(text_from_cstr(name ? name : ""));
}

/* --- row types of tables and views (pg_type rows outside utils/adt's table) ------------------ */

typedef struct TypeFind {
    Oid relid; /* by typrelid, or */
    Oid oid;   /* by oid, or */
    Oid nsp;   /* by (namespace, name) */
    const char *name;
    Oid found;
    Oid found_nsp;
    char *found_name;
} TypeFind;

static bool
cat_type_find_fn(void *arg, const Datum *v, const bool *n)
{
    TypeFind *f = arg;
    (void)n;
    bool match;
    if (f->relid != INVALID_OID)
        match = datum_oid(v[ANUM_TYPE_RELID]) == f->relid;
    else if (f->oid != INVALID_OID)
        match = datum_oid(v[ANUM_TYPE_OID]) == f->oid;
    else
        match = datum_oid(v[ANUM_TYPE_NAMESPACE]) == f->nsp &&
                strcmp(text_to_cstr(datum_ptr(v[ANUM_TYPE_NAME])), f->name) == 0;
    if (!match)
        return true;
    f->found = datum_oid(v[ANUM_TYPE_OID]);
    f->found_nsp = datum_oid(v[ANUM_TYPE_NAMESPACE]);
    f->found_name = text_to_cstr(datum_ptr(v[ANUM_TYPE_NAME]));
    return false;
}

Oid
cat_rowtype_of(Oid relid)
{
    TypeFind f = {.relid = relid};
    cat_scan(PG_TYPE_RELID, NULL, NULL, cat_type_find_fn, &f);
    return f.found;
}

static Oid
cat_type_in_namespace(Oid nsp, const char *name)
{
    TypeFind f = {.nsp = nsp, .name = name};
    cat_scan(PG_TYPE_RELID, NULL, NULL, cat_type_find_fn, &f);
    return f.found;
}

/*
 * A type by (optionally schema-qualified) name, searching the search path like
 * relations; ndims > 0 asks for its array type ("_name"). INVALID_OID if none.
 */
Oid
cat_type_lookup(const char *schema, const char *name, int ndims)
{
    const char *want = ndims > 0 ? mcx_printf("_%s", name) : name;
    if (schema != NULL) {
        Oid nsp = cat_namespace_oid(schema);
        return nsp == INVALID_OID ? INVALID_OID : cat_type_in_namespace(nsp, want);
    }
    Oid path[32];
    int n = cat_search_namespaces(path, 32);
    for (int i = 0; i < n; i++) {
        Oid t = cat_type_in_namespace(path[i], want);
        if (t != INVALID_OID)
            return t;
    }
    return INVALID_OID;
}

/*
 * A catalog type's name as format_type prints it: "name" (quoted when needed), qualified
 * when the search path would find another type or none by that name; an array type as
 * its element's name with "[]". NULL for an unknown OID.
 */
char *
cat_type_name(Oid type)
{
    TypeFind f = {.oid = type};
    BtBound *b = cat_oid_bound(type);
    cat_scan(PG_TYPE_RELID, b, b, cat_type_find_fn, &f);
    if (f.found == INVALID_OID)
        return NULL;
    if (f.found_name[0] == '_') {
        Datum *v;
        bool *nl;
        if (cat_row_by_oid(PG_TYPE_RELID, type, &v, &nl) &&
            datum_oid(v[ANUM_TYPE_ELEM]) != INVALID_OID) {
            char *elem = cat_type_name(datum_oid(v[ANUM_TYPE_ELEM]));
            if (elem != NULL)
                return mcx_printf("%s[]", elem);
        }
    }
    char *name = adt_quote_ident(f.found_name);
    if (cat_type_lookup(NULL, f.found_name, 0) == type)
        return name;
    return mcx_printf("%s.%s", adt_quote_ident(cat_namespace_name(f.found_nsp)), name);
}

/* pg_tablespace_location: "" for pg_default and pg_global (inside the data directory). */
Datum
adt_fn_pg_tablespace_location(FuncCallInfo *fc)
{
    Oid spc = datum_oid(fc->arg[0]);
    if (spc == INVALID_OID || spc == DEFAULT_TABLESPACE_OID || spc == GLOBAL_TABLESPACE_OID)
        return ptr_datum(text_from_cstr(""));
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_OBJECT),
            err_msg("tablespace with OID %u does not exist", spc));
    return 0;
}

/* Operators are built in, in pg_catalog: visible when they exist (NULL otherwise). */
Datum
adt_fn_pg_operator_is_visible(FuncCallInfo *fc)
{
    if (adt_oper(datum_oid(fc->arg[0])) == NULL)
        return cat_null(fc);
    return bool_datum(true);
}

/* Operator classes, families and conversions are all in pg_catalog (visible) when they exist. */
static Datum
cat_catalog_object_visible(FuncCallInfo *fc, Oid catalog)
{
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(catalog, datum_oid(fc->arg[0]), &v, &n))
        return cat_null(fc);
    return bool_datum(true);
}

Datum
adt_fn_pg_opclass_is_visible(FuncCallInfo *fc)
{
    return cat_catalog_object_visible(fc, PG_OPCLASS_RELID);
}

Datum
adt_fn_pg_opfamily_is_visible(FuncCallInfo *fc)
{
    return cat_catalog_object_visible(fc, PG_OPFAMILY_RELID);
}

Datum
adt_fn_pg_conversion_is_visible(FuncCallInfo *fc)
{
    return cat_catalog_object_visible(fc, PG_CONVERSION_RELID);
}

/*
 * pg_partition_ancestors(regclass): the relation and the partitioned tables above it, for
 * a partition; no rows for anything else (PostgreSQL's answer for a table that is not a
 * partition). OakDB has no partitioning, so every call returns no rows.
 */
Datum
adt_fn_pg_partition_ancestors(FuncCallInfo *fc)
{
    fc->srf->done = true;
    return 0;
}
