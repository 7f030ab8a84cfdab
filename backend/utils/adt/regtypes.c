/*
 * regtypes.c
 *     The OID alias types besides regclass: regproc, regprocedure, regtype (resolved against
 *     the built-in tables here: every function and type lives in pg_catalog), regnamespace
 *     and regrole (resolved by the catalog through hooks, as regclass is), the to_regXXX()
 *     functions that return NULL instead of raising, and the catalog-only types oidvector
 *     (pg_proc.proargtypes) and pg_node_tree (expression columns).
 *
 * Input accepts a number (the OID as it is) or a name; output prints the name, "-" for OID
 * 0, and the number for an OID nothing is known by, as PostgreSQL does.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdlib.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "oak/utils/array.h"

Oid (*adt_namespace_lookup_hook)(const char *name);
char *(*adt_namespace_name_hook)(Oid nsp);
Oid (*adt_role_lookup_hook)(const char *name);
Oid (*adt_type_lookup_hook)(const char *schema, const char *name, int ndims);
char *(*adt_type_name_hook)(Oid type);

bool
adt_is_oid_alias(Oid type)
{
    switch (type) {
    case OIDOID:
    case REGPROCOID:
    case REGCLASSOID:
    case REGTYPEOID:
    case REGPROCEDUREOID:
    case REGNAMESPACEOID:
    case REGROLEOID:
        return true;
    default:
        return false;
    }
}

int
adt_split_name(const char *str, char **parts, int max)
{
    const char *p = str;
    int n = 0;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        StrBuf sb;
        sb_init(&sb);
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return -1;
                if (*p == '"') {
                    if (p[1] != '"')
                        break;
                    p++;
                }
                sb_append_bytes(&sb, p, 1);
                p++;
            }
            p++;
            if (sb.len == 0)
                return -1;
        } else {
            while (*p != '\0' && *p != '.' && !isspace((unsigned char)*p)) {
                char c = (char)tolower((unsigned char)*p);
                sb_append_bytes(&sb, &c, 1);
                p++;
            }
            if (sb.len == 0)
                return -1;
        }
        if (n == max)
            return -1;
        parts[n++] = sb.data;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            return n;
        if (*p != '.')
            return -1;
        p++;
    }
}

/*
 * PostgreSQL 15's keywords that are not unreserved (reserved, column-name and
 * type/function-name keywords, as its documentation lists them), sorted: an identifier
 * spelled like one of them must be quoted.
 */
static const char *const quote_keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

static int
quote_keyword_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
adt_quote_ident(const char *name)
{
    bool safe = name[0] != '\0' && (islower((unsigned char)name[0]) || name[0] == '_');
    for (const char *p = name; safe && *p; p++)
        safe = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
    if (safe && bsearch(&name,
                        quote_keywords,
                        OAK_LENGTHOF(quote_keywords),
                        sizeof quote_keywords[0],
                        quote_keyword_cmp) != NULL)
        safe = false;
    if (safe)
        return mcx_strdup(name);
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "\"");
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_append(&sb, "\"");
        sb_append_bytes(&sb, p, 1);
    }
    sb_append(&sb, "\"");
    return sb.data;
}

char *
adt_format_type_be(Oid type)
{
    /* format_type with no typmod given: bpchar is "character" there (and in arrays) */
    if (type == BPCHAROID)
        return mcx_strdup("character");
    if (type == BPCHARARRAYOID)
        return mcx_strdup("character[]");
    return adt_format_type(type, -1);
}

static bool
reg_is_number(const char *s)
{
    return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

static char *
reg_oid_text(Oid oid)
{
    return oid == 0 ? mcx_strdup("-") : mcx_printf("%u", oid);
}

static void
reg_bad_name(void)
{
    ereport(ERROR, err_code(SQLSTATE_INVALID_NAME), err_msg("invalid name syntax"));
}

static char *
reg_trim(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *t = mcx_strdup(s);
    size_t n = strlen(t);
    while (n > 0 && isspace((unsigned char)t[n - 1]))
        t[--n] = '\0';
    return t;
}

/* --- regproc / regprocedure ---------------------------------------------------------------- */

/* The function name of a (possibly pg_catalog-qualified) name; NULL for another schema. */
static const char *
reg_proc_name(const char *str)
{
    char *parts[3];
    int n = adt_split_name(str, parts, 3);
    if (n < 0)
        reg_bad_name();
    if (n == 3)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("cross-database references are not implemented: %s", str));
    if (n == 2 && strcmp(parts[0], "pg_catalog") != 0)
        return NULL;
    return parts[n - 1];
}

static Oid
reg_proc_lookup(const char *str, bool missing_ok)
{
    const char *name = reg_proc_name(str);
    const ProcDesc *found = NULL;
    int count = 0;
    for (const ProcDesc *p = name ? adt_proc_next_by_name(name, NULL) : NULL; p != NULL;
         p = adt_proc_next_by_name(name, p)) {
        found = p;
        count++;
    }
    if (count == 1)
        return found->oid;
    if (missing_ok)
        return INVALID_OID;
    if (count == 0)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("function \"%s\" does not exist", str));
    ereport(ERROR,
            err_code(SQLSTATE_AMBIGUOUS_FUNCTION),
            err_msg("more than one function named \"%s\"", str));
    return INVALID_OID;
}

Datum
adt_regproc_in(const char *str, int32_t typmod)
{
    if (reg_is_number(str))
        return adt_oid_in(str, typmod);
    return oid_datum(reg_proc_lookup(str, false));
}

char *
adt_regproc_out(Datum value)
{
    const ProcDesc *p = adt_proc(datum_oid(value));
    if (p == NULL)
        return reg_oid_text(datum_oid(value));
    /* qualified when the bare name would not read back as this one function */
    const ProcDesc *first = adt_proc_next_by_name(p->name, NULL);
    if (adt_proc_next_by_name(p->name, first) != NULL)
        return mcx_printf("pg_catalog.%s", adt_quote_ident(p->name));
    return adt_quote_ident(p->name);
}

static Oid reg_type_lookup(const char *str, bool missing_ok);

/* "name(type, ...)": the function with exactly these argument types. */
static Oid
reg_procedure_lookup(const char *str, bool missing_ok)
{
    char *s = reg_trim(str);
    char *open = strchr(s, '(');
    size_t len = strlen(s);
    if (open == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("expected a left parenthesis"));
    if (len == 0 || s[len - 1] != ')')
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
                err_msg("expected a right parenthesis"));
    *open = '\0';
    s[len - 1] = '\0';
    const char *name = reg_proc_name(s);
    Oid args[FUNC_MAX_ARGS];
    int nargs = 0;
    char *a = reg_trim(open + 1);
    if (a[0] != '\0') {
        /* split at commas outside parentheses (numeric(10,2)) */
        int depth = 0;
        char *start = a;
        for (char *p = a;; p++) {
            if (*p == '(')
                depth++;
            else if (*p == ')')
                depth--;
            if ((*p == ',' && depth == 0) || *p == '\0') {
                bool end = *p == '\0';
                *p = '\0';
                if (nargs == FUNC_MAX_ARGS)
                    ereport(ERROR,
                            err_code(SQLSTATE_TOO_MANY_ARGUMENTS),
                            err_msg("too many arguments"));
                args[nargs++] = reg_type_lookup(start, false);
                if (end)
                    break;
                start = p + 1;
            }
        }
    }
    for (const ProcDesc *p = name ? adt_proc_next_by_name(name, NULL) : NULL; p != NULL;
         p = adt_proc_next_by_name(name, p)) {
        if (p->nargs == nargs && memcmp(p->argtypes, args, sizeof(Oid) * (size_t)nargs) == 0)
            return p->oid;
    }
    if (!missing_ok)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("function \"%s\" does not exist", str));
    return INVALID_OID;
}

char *
adt_proc_signature(const ProcDesc *p)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, adt_quote_ident(p->name));
    sb_append(&sb, "(");
    for (int i = 0; i < p->nargs; i++) {
        if (i > 0)
            sb_append(&sb, ",");
        sb_append(&sb, adt_format_type_be(p->argtypes[i]));
    }
    sb_append(&sb, ")");
    return sb.data;
}

Datum
adt_regprocedure_in(const char *str, int32_t typmod)
{
    if (reg_is_number(str))
        return adt_oid_in(str, typmod);
    return oid_datum(reg_procedure_lookup(str, false));
}

char *
adt_regprocedure_out(Datum value)
{
    const ProcDesc *p = adt_proc(datum_oid(value));
    return p ? adt_proc_signature(p) : reg_oid_text(datum_oid(value));
}

/* --- regtype -------------------------------------------------------------------------------- */

/*
 * A type name as SQL writes it: optionally pg_catalog-qualified or double-quoted, with a
 * typmod (ignored) and [] suffixes. Unquoted "char" is character (bpchar), as in SQL.
 */
static Oid
reg_type_lookup(const char *str, bool missing_ok)
{
    char *s = reg_trim(str);
    int ndims = 0;
    for (;;) {
        size_t n = strlen(s);
        if (n >= 2 && s[n - 1] == ']') {
            char *open = strrchr(s, '[');
            if (open == NULL)
                break;
            *open = '\0';
            s = reg_trim(s);
            ndims++;
            continue;
        }
        if (n >= 2 && s[n - 1] == ')') {
            char *open = strchr(s, '(');
            if (open == NULL)
                break;
            *open = '\0';
            s = reg_trim(s);
            continue;
        }
        break;
    }
    const TypeDesc *t = NULL;
    char *parts[2];
    int nparts = adt_split_name(s, parts, 2);
    if (strchr(s, '"') != NULL) {
        if (nparts < 0)
            reg_bad_name();
        if (nparts == 1 || strcmp(parts[0], "pg_catalog") == 0)
            for (int i = 0; i < adt_ntypes && t == NULL; i++)
                if (strcmp(adt_types[i].name, parts[nparts - 1]) == 0)
                    t = &adt_types[i];
    } else {
        /* fold runs of blanks so "double   precision" matches */
        StrBuf sb;
        sb_init(&sb);
        for (const char *p = s; *p; p++) {
            if (isspace((unsigned char)*p)) {
                if (sb.len > 0 && sb.data[sb.len - 1] != ' ')
                    sb_append(&sb, " ");
                continue;
            }
            char c = (char)tolower((unsigned char)*p);
            sb_append_bytes(&sb, &c, 1);
        }
        const char *name = sb.data;
        if (strcmp(name, "char") == 0 || strcmp(name, "pg_catalog.char") == 0)
            name = "bpchar";
        else if (strcmp(name, "timestamp without time zone") == 0)
            name = "timestamp";
        t = adt_type_by_name(name);
    }
    Oid oid = t ? t->oid : INVALID_OID;
    for (int i = 0; i < ndims && oid != INVALID_OID; i++) {
        const TypeDesc *et = adt_type(oid);
        oid = et && et->elem == 0 ? et->array : (et && et->category == 'A' ? oid : INVALID_OID);
    }
    /* not built in: a type of the catalog (a table's row type) */
    if (t == NULL && nparts > 0 && adt_type_lookup_hook != NULL)
        oid = adt_type_lookup_hook(nparts == 2 ? parts[0] : NULL, parts[nparts - 1], ndims);
    if (oid == INVALID_OID && !missing_ok)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("type \"%s\" does not exist", reg_trim(str)));
    return oid;
}

Datum
adt_regtype_in(const char *str, int32_t typmod)
{
    if (reg_is_number(str))
        return adt_oid_in(str, typmod);
    return oid_datum(reg_type_lookup(str, false));
}

char *
adt_regtype_out(Datum value)
{
    Oid oid = datum_oid(value);
    if (adt_type(oid) != NULL)
        return adt_format_type_be(oid);
    char *name = oid != 0 && adt_type_name_hook ? adt_type_name_hook(oid) : NULL;
    return name ? name : reg_oid_text(oid);
}

/* --- regnamespace / regrole ------------------------------------------------------------------ */

static const char *
reg_single_name(const char *str)
{
    char *parts[1];
    if (adt_split_name(str, parts, 1) != 1)
        reg_bad_name();
    return parts[0];
}

static Oid
reg_namespace_lookup(const char *str, bool missing_ok)
{
    const char *name = reg_single_name(str);
    Oid oid = adt_namespace_lookup_hook ? adt_namespace_lookup_hook(name) : INVALID_OID;
    if (oid == INVALID_OID && !missing_ok)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_SCHEMA_NAME),
                err_msg("schema \"%s\" does not exist", name));
    return oid;
}

Datum
adt_regnamespace_in(const char *str, int32_t typmod)
{
    if (reg_is_number(str))
        return adt_oid_in(str, typmod);
    return oid_datum(reg_namespace_lookup(str, false));
}

char *
adt_regnamespace_out(Datum value)
{
    Oid oid = datum_oid(value);
    char *name = oid != 0 && adt_namespace_name_hook ? adt_namespace_name_hook(oid) : NULL;
    return name ? adt_quote_ident(name) : reg_oid_text(oid);
}

static Oid
reg_role_lookup(const char *str, bool missing_ok)
{
    const char *name = reg_single_name(str);
    Oid oid = adt_role_lookup_hook ? adt_role_lookup_hook(name) : INVALID_OID;
    if (oid == INVALID_OID && !missing_ok)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    return oid;
}

Datum
adt_regrole_in(const char *str, int32_t typmod)
{
    if (reg_is_number(str))
        return adt_oid_in(str, typmod);
    return oid_datum(reg_role_lookup(str, false));
}

char *
adt_regrole_out(Datum value)
{
    Oid oid = datum_oid(value);
    char *name = oid != 0 && adt_role_name_hook ? adt_role_name_hook(oid) : NULL;
    return name ? adt_quote_ident(name) : reg_oid_text(oid);
}

/* --- to_regXXX(text): NULL where the input function would raise "does not exist" ----------- */

static Datum
reg_result(FuncCallInfo *fc, Oid oid)
{
    fc->isnull = oid == INVALID_OID;
    return oid_datum(oid);
}

Datum
adt_fn_to_regproc(FuncCallInfo *fc)
{
    return reg_result(fc, reg_proc_lookup(text_to_cstr(datum_ptr(fc->arg[0])), true));
}

Datum
adt_fn_to_regprocedure(FuncCallInfo *fc)
{
    return reg_result(fc, reg_procedure_lookup(text_to_cstr(datum_ptr(fc->arg[0])), true));
}

Datum
adt_fn_to_regtype(FuncCallInfo *fc)
{
    return reg_result(fc, reg_type_lookup(text_to_cstr(datum_ptr(fc->arg[0])), true));
}

Datum
adt_fn_to_regnamespace(FuncCallInfo *fc)
{
    return reg_result(fc, reg_namespace_lookup(text_to_cstr(datum_ptr(fc->arg[0])), true));
}

Datum
adt_fn_to_regrole(FuncCallInfo *fc)
{
    return reg_result(fc, reg_role_lookup(text_to_cstr(datum_ptr(fc->arg[0])), true));
}

Datum
adt_fn_to_regclass(FuncCallInfo *fc)
{
    char *s = text_to_cstr(datum_ptr(fc->arg[0]));
    return reg_result(fc, adt_regclass_lookup_hook ? adt_regclass_lookup_hook(s) : INVALID_OID);
}

/* --- oidvector and pg_node_tree ------------------------------------------------------------- */

/* oidvector: an oid array with lower bound 0 (array.h), printed "23 25". */
Datum
adt_oidvector_in(const char *str, int32_t typmod)
{
    (void)typmod;
    int cap = 8;
    int n = 0;
    Oid *oids = mcx_alloc(sizeof(Oid) * (size_t)cap);
    const char *p = str;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            break;
        size_t len = strcspn(p, " \t\n");
        if (n == cap) {
            cap *= 2;
            oids = mcx_realloc(oids, sizeof(Oid) * (size_t)cap);
        }
        oids[n++] = datum_oid(adt_oid_in(mcx_strndup(p, len), -1));
        p += len;
    }
    return ptr_datum(adt_oidvector_make(n, oids));
}

char *
adt_oidvector_out(Datum d)
{
    AdtArray a;
    adt_array_open(d, &a);
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < a.nitems; i++)
        sb_appendf(&sb, i > 0 ? " %u" : "%u", a.nulls[i] ? 0 : datum_oid(a.values[i]));
    return sb.data;
}

Varlena *
adt_oidvector_make(int n, const Oid *oids)
{
    Datum *d = mcx_alloc(sizeof(Datum) * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        d[i] = oid_datum(oids[i]);
    AdtArray a = {.elemtype = OIDOID, .ndim = n > 0 ? 1 : 0, .nitems = n, .values = d};
    a.dims[0] = n;
    a.lbound[0] = 0;
    return datum_ptr(adt_array_build(&a));
}

/*
 * pg_node_tree holds an expression's SQL text here (PostgreSQL: its node tree). Like
 * PostgreSQL, values cannot be typed in; they only come from the catalog.
 */
Datum
adt_pg_node_tree_in(const char *str, int32_t typmod)
{
    (void)str;
    (void)typmod;
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("cannot accept a value of type %s", "pg_node_tree"));
    return 0;
}

/* quote_ident(text): the identifier quoted when PostgreSQL's quote_identifier would. */
Datum
adt_fn_quote_ident(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(adt_quote_ident(text_to_cstr(datum_ptr(fc->arg[0])))));
}
