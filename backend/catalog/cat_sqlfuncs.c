/*
 * cat_sqlfuncs.c
 *     SQL-callable functions that read the catalog: comments (obj_description,
 *     col_description, shobj_description), visibility tests, current_schema() and
 *     current_database(), and the deparsers of objects OakDB cannot create yet (triggers,
 *     extended statistics), which give NULL for an unknown OID as PostgreSQL does. Sizes
 *     are in cat_fn_size.c, privileges in utils/adt/acl_fns.c (answered by cat_acl.c).
 *
 * They are the adt_fn_<prosrc> functions utils/adt's generated table names; defining them
 * here keeps the catalog reads out of utils/adt (the one library links both).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <strings.h>
#include <unistd.h>

#include "cat_internal.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"
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
bool
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

char *
cat_arg_text(FuncCallInfo *fc, int i)
{
    return text_to_cstr(datum_ptr(fc->arg[i]));
}

Datum
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

/*
 * A catalog's OID by its name in pg_catalog (the second argument of obj_description);
 * INVALID_OID for another name, which then matches no comment (PostgreSQL's SQL
 * definition finds no such pg_class row and returns NULL, without an error).
 */
static Oid
cat_catalog_oid(const char *name)
{
    for (int i = 0; i < cat_ntables; i++)
        if (strcmp(cat_tables[i].name, name) == 0)
            return cat_tables[i].relid;
    return INVALID_OID;
}

Datum
adt_fn_obj_description(FuncCallInfo *fc)
{
    Oid cls = cat_catalog_oid(cat_arg_text(fc, 1));
    if (cls == INVALID_OID)
        return cat_null(fc);
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
    if (cls == INVALID_OID)
        return cat_null(fc);
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

/*
 * current_schemas(include_implicit): the schemas of the search path that exist, in order,
 * as name[]; with true also pg_catalog where it is searched implicitly (first).
 */
Datum
adt_fn_current_schemas(FuncCallInfo *fc)
{
    bool implicit = datum_bool(fc->arg[0]);
    Oid nsps[64];
    int n = cat_search_namespaces(nsps, 64);
    Oid first = cat_current_schema();
    Datum *names = mcx_alloc(sizeof(Datum) * (size_t)(n > 0 ? n : 1));
    int out = 0;
    for (int i = 0; i < n; i++) {
        /* pg_catalog ahead of the first path schema was added implicitly */
        if (!implicit && i == 0 && nsps[i] == PG_CATALOG_NAMESPACE && first != nsps[i])
            continue;
        names[out++] = ptr_datum(text_from_cstr(cat_namespace_name(nsps[i])));
    }
    return adt_array_build_1d(NAMEOID, out, names, NULL);
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

Datum
adt_fn_current_database(FuncCallInfo *fc)
{
    (void)fc;
    const char *name = cat_database_name(cat_my_db);
    return ptr_datum(text_from_cstr(name ? name : ""));
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

/* pg_get_function_sqlbody: built-in functions have no SQL-standard body (NULL). */
Datum
adt_fn_pg_get_function_sqlbody(FuncCallInfo *fc)
{
    return cat_null(fc);
}

/*
 * pg_has_role(user, role, privilege), in PostgreSQL's six argument forms. Without role
 * membership (pg_auth_members is empty), a role has MEMBER and USAGE of itself, of
 * pg_database_owner in a database it owns, and a superuser of every role. 22023 for an
 * unknown privilege, 42704 for an unknown role name; NULL for an unknown role OID.
 */
static Datum
cat_has_role(FuncCallInfo *fc)
{
    int role_arg = fc->nargs == 3 ? 1 : 0;
    Oid ids[2] = {cat_my_role, INVALID_OID};
    for (int a = role_arg == 1 ? 0 : 1; a < 2; a++) {
        int arg = role_arg == 1 ? a : 0;
        if (adt_is_oid_alias(fc->argtype[arg])) {
            ids[a] = datum_oid(fc->arg[arg]);
        } else {
            const char *name = cat_arg_text(fc, arg);
            bool super;
            if (!cat_role_oid(name, &ids[a], &super))
                ereport(ERROR,
                        err_code(SQLSTATE_UNDEFINED_OBJECT),
                        err_msg("role \"%s\" does not exist", name));
        }
    }
    char *priv = cat_arg_text(fc, fc->nargs - 1);
    for (char *tok = strtok(priv, ","); tok != NULL; tok = strtok(NULL, ",")) {
        while (isspace((unsigned char)*tok))
            tok++;
        size_t len = strlen(tok);
        while (len > 0 && isspace((unsigned char)tok[len - 1]))
            tok[--len] = '\0';
        static const char *const ok[] = {"MEMBER",
                                         "USAGE",
                                         "MEMBER WITH GRANT OPTION",
                                         "MEMBER WITH ADMIN OPTION",
                                         "USAGE WITH GRANT OPTION",
                                         "USAGE WITH ADMIN OPTION"};
        bool known = false;
        for (size_t i = 0; i < OAK_LENGTHOF(ok) && !known; i++)
            known = strcasecmp(tok, ok[i]) == 0;
        if (!known)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("unrecognized privilege type: \"%s\"", tok));
    }
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(PG_AUTHID_RELID, ids[0], &v, &n) ||
        !cat_row_by_oid(PG_AUTHID_RELID, ids[1], &v, &n))
        return cat_null(fc);
    (void)cat_row_by_oid(PG_AUTHID_RELID, ids[0], &v, &n);
    if (datum_bool(v[ANUM_AUTH_SUPER]) || ids[0] == ids[1])
        return bool_datum(true);
    if (ids[1] == PG_DATABASE_OWNER_ID && cat_row_by_oid(PG_DATABASE_RELID, cat_my_db, &v, &n))
        return bool_datum(datum_oid(v[2]) == ids[0]); /* datdba */
    return bool_datum(false);
}

Datum
adt_fn_pg_has_role_name_name(FuncCallInfo *fc)
{
    return cat_has_role(fc);
}

Datum
adt_fn_pg_has_role_name_id(FuncCallInfo *fc)
{
    return cat_has_role(fc);
}

Datum
adt_fn_pg_has_role_id_name(FuncCallInfo *fc)
{
    return cat_has_role(fc);
}

Datum
adt_fn_pg_has_role_id_id(FuncCallInfo *fc)
{
    return cat_has_role(fc);
}

Datum
adt_fn_pg_has_role_name(FuncCallInfo *fc)
{
    return cat_has_role(fc);
}

Datum
adt_fn_pg_has_role_id(FuncCallInfo *fc)
{
    return cat_has_role(fc);
}
