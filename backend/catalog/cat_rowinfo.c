/*
 * cat_rowinfo.c
 *     Catalog rows other layers read whole: pg_index and pg_constraint rows for the
 *     deparsers (commands/cmd_ruleutils.c), a default's column by its adbin text, and the
 *     row types of tables and views (pg_type rows outside utils/adt's built-in table),
 *     by name and by OID for regtype and format_type.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"

/* --- rows the deparsers (commands/cmd_ruleutils.c) read ----------------------------------------- */

/* indkey / indoption (int2vector) and conkey (int2[]) are arrays (utils/array.h). */
static int
cat_int2s(Datum d, int16_t *out, int max)
{
    return adt_array_to_int16(d, out, max);
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

/* A rule's table (pg_rewrite.ev_class) and name; INVALID_OID if there is no such rule. */
Oid
cat_rule_relation(Oid ruleoid, char *name, size_t namelen)
{
    Datum *v;
    bool *n;
    if (!cat_row_by_oid(PG_REWRITE_RELID, ruleoid, &v, &n))
        return INVALID_OID;
    snprintf(name, namelen, "%s", text_to_cstr(datum_ptr(v[1])));
    return datum_oid(v[ANUM_RW_EV_CLASS]);
}
