/*
 * cat_sysviews.c
 *     System views computed when read from other catalogs or from the built-in tables:
 *     pg_roles, pg_user and pg_shadow (over pg_authid) and pg_proc (over utils/adt's
 *     function table, since functions are not catalog rows here). Like cat_views.c's
 *     they have pg_class rows of relkind 'v' and no storage; rows are read under the
 *     statement's snapshot.
 */
#include "oak/oak.h"

#include "cat_internal.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"

/* --- pg_authid-based views ------------------------------------------------------------------- */

/* The pg_authid rows, copied: n rows of the catalog's 12 columns. */
typedef struct AuthRows {
    int n, cap;
    Datum *values;
    bool *nulls;
} AuthRows;

enum { AUTHID_NCOLS = 12 };

static bool
cat_auth_collect(void *arg, const Datum *v, const bool *n)
{
    AuthRows *r = arg;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->values = mcx_realloc(r->values, sizeof(Datum) * AUTHID_NCOLS * (size_t)r->cap);
        r->nulls = mcx_realloc(r->nulls, sizeof(bool) * AUTHID_NCOLS * (size_t)r->cap);
    }
    memcpy(r->values + (size_t)r->n * AUTHID_NCOLS, v, sizeof(Datum) * AUTHID_NCOLS);
    memcpy(r->nulls + (size_t)r->n * AUTHID_NCOLS, n, sizeof(bool) * AUTHID_NCOLS);
    r->n++;
    return true;
}

static AuthRows
cat_auth_rows(void)
{
    AuthRows r = {0, 0, NULL, NULL};
    cat_scan(PG_AUTHID_RELID, NULL, NULL, cat_auth_collect, &r);
    return r;
}

/* pg_authid column numbers (0-based) */
enum {
    AUTH_OID,
    AUTH_NAME,
    AUTH_SUPER,
    AUTH_INHERIT,
    AUTH_CREATEROLE,
    AUTH_CREATEDB,
    AUTH_CANLOGIN,
    AUTH_REPLICATION,
    AUTH_BYPASSRLS,
    AUTH_CONNLIMIT,
    AUTH_PASSWORD,
    AUTH_VALIDUNTIL
};

/* pg_roles: every role; the password is never shown ("********" when one is set). */
int
cat_pg_roles_rows(Datum **values, bool **nulls)
{
    enum { NCOLS = 13 };
    static const int from[] = {AUTH_NAME,
                               AUTH_SUPER,
                               AUTH_INHERIT,
                               AUTH_CREATEROLE,
                               AUTH_CREATEDB,
                               AUTH_CANLOGIN,
                               AUTH_REPLICATION,
                               AUTH_CONNLIMIT,
                               -1, /* rolpassword */
                               AUTH_VALIDUNTIL,
                               AUTH_BYPASSRLS,
                               -2, /* rolconfig: no per-role settings */
                               AUTH_OID};
    AuthRows a = cat_auth_rows();
    cat_view_alloc(a.n, NCOLS, values, nulls);
    for (int r = 0; r < a.n; r++) {
        const Datum *av = a.values + (size_t)r * AUTHID_NCOLS;
        const bool *an = a.nulls + (size_t)r * AUTHID_NCOLS;
        Datum *v = *values + (size_t)r * NCOLS;
        bool *nl = *nulls + (size_t)r * NCOLS;
        for (int c = 0; c < NCOLS; c++) {
            if (from[c] >= 0) {
                v[c] = av[from[c]];
                nl[c] = an[from[c]];
            } else if (from[c] == -1) {
                v[c] = ptr_datum(text_from_cstr("********"));
                nl[c] = false;
            }
        }
    }
    return a.n;
}

/* pg_user / pg_shadow: the roles that can log in; pg_shadow shows the stored verifier. */
static int
cat_user_rows(Datum **values, bool **nulls, bool shadow)
{
    enum { NCOLS = 9 };
    AuthRows a = cat_auth_rows();
    cat_view_alloc(a.n, NCOLS, values, nulls);
    int out = 0;
    for (int r = 0; r < a.n; r++) {
        const Datum *av = a.values + (size_t)r * AUTHID_NCOLS;
        const bool *an = a.nulls + (size_t)r * AUTHID_NCOLS;
        if (!datum_bool(av[AUTH_CANLOGIN]))
            continue;
        Datum *v = *values + (size_t)out * NCOLS;
        bool *nl = *nulls + (size_t)out * NCOLS;
        static const int from[] =
            {AUTH_NAME, AUTH_OID, AUTH_CREATEDB, AUTH_SUPER, AUTH_REPLICATION, AUTH_BYPASSRLS};
        for (int c = 0; c < 6; c++) {
            v[c] = av[from[c]];
            nl[c] = false;
        }
        if (shadow) {
            v[6] = av[AUTH_PASSWORD];
            nl[6] = an[AUTH_PASSWORD];
        } else {
            v[6] = ptr_datum(text_from_cstr("********"));
            nl[6] = false;
        }
        v[7] = av[AUTH_VALIDUNTIL];
        nl[7] = an[AUTH_VALIDUNTIL];
        out++;
    }
    return out;
}

int
cat_pg_user_rows(Datum **values, bool **nulls)
{
    return cat_user_rows(values, nulls, false);
}

int
cat_pg_shadow_rows(Datum **values, bool **nulls)
{
    return cat_user_rows(values, nulls, true);
}

/* --- pg_proc -------------------------------------------------------------------------------- */

enum {
    PROC_OID,
    PROC_NAME,
    PROC_NAMESPACE,
    PROC_OWNER,
    PROC_LANG,
    PROC_COST,
    PROC_ROWS,
    PROC_VARIADIC,
    PROC_SUPPORT,
    PROC_KIND,
    PROC_SECDEF,
    PROC_LEAKPROOF,
    PROC_ISSTRICT,
    PROC_RETSET,
    PROC_VOLATILE,
    PROC_PARALLEL,
    PROC_NARGS,
    PROC_NARGDEFAULTS,
    PROC_RETTYPE,
    PROC_ARGTYPES,
    PROC_ALLARGTYPES,
    PROC_ARGMODES,
    PROC_ARGNAMES,
    PROC_SRC = 25,
    PROC_NCOLS = 30
};

/*
 * One row per built-in function and aggregate, with PostgreSQL's oid, name, signature,
 * strictness, volatility, language, prosrc and argument names and modes (adt_tables.c is
 * generated from PostgreSQL 15). procost is PostgreSQL's default (1 for internal, 100 for SQL functions); prorows
 * 1000 for set-returning functions.
 */
int
cat_pg_proc_rows(Datum **values, bool **nulls)
{
    cat_view_alloc(adt_nprocs, PROC_NCOLS, values, nulls);
    for (int r = 0; r < adt_nprocs; r++) {
        const ProcDesc *p = &adt_procs[r];
        Datum *v = *values + (size_t)r * PROC_NCOLS;
        bool *nl = *nulls + (size_t)r * PROC_NCOLS;
#define SET(col, val)                                                                              \
    do {                                                                                           \
        v[col] = (val);                                                                            \
        nl[col] = false;                                                                           \
    } while (0)
        bool agg = p->fn == NULL;
        SET(PROC_OID, oid_datum(p->oid));
        SET(PROC_NAME, ptr_datum(text_from_cstr(p->name)));
        SET(PROC_NAMESPACE, oid_datum(PG_CATALOG_NAMESPACE));
        SET(PROC_OWNER, oid_datum(BOOTSTRAP_SUPERUSER_ID));
        SET(PROC_LANG, oid_datum(p->lang));
        SET(PROC_COST, float4_datum(p->lang == 14 ? 100.0f : 1.0f));
        SET(PROC_ROWS, float4_datum(p->retset ? 1000.0f : 0.0f));
        SET(PROC_VARIADIC, oid_datum(0));
        SET(PROC_SUPPORT, oid_datum(0));
        /* fn NULL: an aggregate, or a window function (run by the executor's WindowAgg) */
        SET(PROC_KIND, char_datum(!agg ? 'f' : adt_agg(p->oid) != NULL ? 'a' : 'w'));
        SET(PROC_SECDEF, bool_datum(false));
        SET(PROC_LEAKPROOF, bool_datum(false));
        SET(PROC_ISSTRICT, bool_datum(p->strict));
        SET(PROC_RETSET, bool_datum(p->retset));
        SET(PROC_VOLATILE, char_datum(p->volatility));
        SET(PROC_PARALLEL, char_datum(p->parallel ? p->parallel : 's'));
        SET(PROC_NARGS, int16_datum((int16_t)p->nargs));
        SET(PROC_NARGDEFAULTS, int16_datum(0));
        SET(PROC_RETTYPE, oid_datum(p->rettype));
        SET(PROC_ARGTYPES, ptr_datum(adt_oidvector_make(p->nargs, p->argtypes)));
        SET(PROC_SRC, ptr_datum(text_from_cstr(p->src ? p->src : "")));
        if (p->argmodes != NULL) {
            /* proallargtypes / proargmodes: every argument, an OUT one typed as the result */
            int nall = (int)strlen(p->argmodes);
            Datum *types = mcx_alloc(sizeof(Datum) * (size_t)nall);
            Datum *modes = mcx_alloc(sizeof(Datum) * (size_t)nall);
            for (int a = 0, in = 0; a < nall; a++) {
                bool out = p->argmodes[a] == 'o' || p->argmodes[a] == 't';
                types[a] = oid_datum(out ? p->rettype : p->argtypes[in++]);
                modes[a] = char_datum(p->argmodes[a]);
            }
            SET(PROC_ALLARGTYPES, adt_array_build_1d(OIDOID, nall, types, NULL));
            SET(PROC_ARGMODES, adt_array_build_1d(CHAROID, nall, modes, NULL));
        }
        if (p->argnames != NULL) {
            char *names = mcx_strdup(p->argnames);
            int cap = 8, n = 0;
            Datum *vals = mcx_alloc(sizeof(Datum) * (size_t)cap);
            char *save = NULL;
            for (char *t = strtok_r(names, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                if (n == cap) {
                    cap *= 2;
                    vals = mcx_realloc(vals, sizeof(Datum) * (size_t)cap);
                }
                vals[n++] = ptr_datum(text_from_cstr(t));
            }
            SET(PROC_ARGNAMES, adt_array_build_1d(TEXTOID, n, vals, NULL));
        }
#undef SET
    }
    return adt_nprocs;
}

/* --- pg_operator and pg_cast ----------------------------------------------------------------- */

/*
 * pg_operator from the built-in operator table: oprkind 'b' (infix) or 'l' (prefix);
 * merge/hash flags and the selectivity estimators are not kept here (false, "-").
 */
int
cat_pg_operator_rows(Datum **values, bool **nulls)
{
    enum { NCOLS = 15 };
    cat_view_alloc(adt_nopers, NCOLS, values, nulls);
    for (int r = 0; r < adt_nopers; r++) {
        const OperDesc *o = &adt_opers[r];
        Datum *v = *values + (size_t)r * NCOLS;
        bool *nl = *nulls + (size_t)r * NCOLS;
        Datum row[NCOLS] = {oid_datum(o->oid),
                            ptr_datum(text_from_cstr(o->name)),
                            oid_datum(PG_CATALOG_NAMESPACE),
                            oid_datum(BOOTSTRAP_SUPERUSER_ID),
                            char_datum(o->left == 0 ? 'l' : 'b'),
                            bool_datum(false),
                            bool_datum(false),
                            oid_datum(o->left),
                            oid_datum(o->right),
                            oid_datum(o->result),
                            oid_datum(o->commutator),
                            oid_datum(o->negator),
                            oid_datum(o->proc),
                            oid_datum(0),
                            oid_datum(0)};
        memcpy(v, row, sizeof row);
        memset(nl, 0, sizeof(bool) * NCOLS);
    }
    return adt_nopers;
}

/*
 * pg_cast from the built-in cast table; castmethod 'f' (function) or 'b' (binary
 * coercible). The rows have no OIDs of their own here: oid is numbered from 1.
 */
int
cat_pg_cast_rows(Datum **values, bool **nulls)
{
    enum { NCOLS = 6 };
    cat_view_alloc(adt_ncasts, NCOLS, values, nulls);
    for (int r = 0; r < adt_ncasts; r++) {
        const CastDesc *c = &adt_casts[r];
        Datum *v = *values + (size_t)r * NCOLS;
        bool *nl = *nulls + (size_t)r * NCOLS;
        Datum row[NCOLS] = {oid_datum((Oid)(r + 1)),
                            oid_datum(c->source),
                            oid_datum(c->target),
                            oid_datum(c->func),
                            char_datum(c->context),
                            char_datum(c->method)};
        memcpy(v, row, sizeof row);
        memset(nl, 0, sizeof(bool) * NCOLS);
    }
    return adt_ncasts;
}

/* --- pg_settings ------------------------------------------------------------------------------ */

int (*cat_settings_rows_hook)(Datum **values, bool **nulls);

/* The settings live in backend/commands; the engine sets the hook (no rows without it). */
int
cat_pg_settings_rows(Datum **values, bool **nulls)
{
    if (cat_settings_rows_hook == NULL) {
        cat_view_alloc(0, 17, values, nulls);
        return 0;
    }
    return cat_settings_rows_hook(values, nulls);
}
