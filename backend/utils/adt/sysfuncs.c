/*
 * sysfuncs.c
 *     System information functions clients call on the catalog: format_type,
 *     pg_encoding_to_char, pg_get_userbyid, pg_table_is_visible. Those that need the
 *     catalog reach it through hooks the catalog sets (adt_role_name_hook,
 *     adt_rel_visible_hook), as regclass does, so this layer does not depend on it.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "adt_fns.h"
#include "adt_priv.h"

char *(*adt_role_name_hook)(Oid roleid);
bool (*adt_rel_visible_hook)(Oid relid);

/* format_type(type oid, typmod): not strict; a NULL type gives NULL, a NULL typmod -1. */
Datum
adt_fn_format_type(FuncCallInfo *fc)
{
    if (fc->argnull[0]) {
        fc->isnull = true;
        return 0;
    }
    int32_t typmod = fc->argnull[1] ? -1 : datum_int32(fc->arg[1]);
    /* With no typmod at all PostgreSQL names bpchar by its SQL name; typmod -1: "bpchar". */
    if (fc->argnull[1] && datum_oid(fc->arg[0]) == BPCHAROID)
        return ptr_datum(text_from_cstr("character"));
    return ptr_datum(text_from_cstr(adt_format_type(datum_oid(fc->arg[0]), typmod)));
}

/* The server encoding is UTF8 (6); other ids give PostgreSQL's names for the common ones. */
Datum
adt_fn_PG_encoding_to_char(FuncCallInfo *fc)
{
    static const char *const names[] = {"SQL_ASCII",
                                        "EUC_JP",
                                        "EUC_CN",
                                        "EUC_KR",
                                        "EUC_TW",
                                        "EUC_JIS_2004",
                                        "UTF8",
                                        "MULE_INTERNAL",
                                        "LATIN1"};
    int32_t id = datum_int32(fc->arg[0]);
    const char *name = id >= 0 && id < (int32_t)OAK_LENGTHOF(names) ? names[id] : "";
    return ptr_datum(text_from_cstr(name));
}

/* A role's name, or "unknown (OID=n)" as PostgreSQL prints for a dropped one. */
Datum
adt_fn_pg_get_userbyid(FuncCallInfo *fc)
{
    Oid roleid = datum_oid(fc->arg[0]);
    char *name = adt_role_name_hook ? adt_role_name_hook(roleid) : NULL;
    if (name == NULL)
        name = mcx_printf("unknown (OID=%u)", roleid);
    return ptr_datum(text_from_cstr(name));
}

/* Whether the relation is found by its bare name through the search path. */
Datum
adt_fn_pg_table_is_visible(FuncCallInfo *fc)
{
    return bool_datum(adt_rel_visible_hook != NULL && adt_rel_visible_hook(datum_oid(fc->arg[0])));
}

/*
 * pg_get_function_arguments / _identity_arguments of a built-in function: each argument
 * as "[OUT ]name type" (name when pg_proc has one), ", "-separated. The identity form
 * differs only by leaving defaults out, and built-ins have none. NULL for an unknown OID.
 */
static Datum
adt_function_args_text(FuncCallInfo *fc)
{
    const ProcDesc *p = adt_proc(datum_oid(fc->arg[0]));
    if (p == NULL) {
        fc->isnull = true;
        return 0;
    }
    char *names = p->argnames ? mcx_strdup(p->argnames) : NULL;
    char *save = NULL;
    char *name = names ? strtok_r(names, ",", &save) : NULL;
    int nall = p->argmodes ? (int)strlen(p->argmodes) : p->nargs;
    int in = 0;
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < nall; i++, name = name ? strtok_r(NULL, ",", &save) : NULL) {
        char mode = p->argmodes ? p->argmodes[i] : 'i';
        bool out = mode == 'o' || mode == 't';
        Oid type = out ? p->rettype : p->argtypes[in++];
        if (sb.len > 0)
            sb_append(&sb, ", ");
        if (out)
            sb_append(&sb, "OUT ");
        if (name != NULL && name[0] != '\0')
            sb_appendf(&sb, "%s ", name);
        sb_append(&sb, adt_format_type_be(type));
    }
    return ptr_datum(text_from_cstr(sb.data));
}

Datum
adt_fn_pg_get_function_arguments(FuncCallInfo *fc)
{
    return adt_function_args_text(fc);
}

Datum
adt_fn_pg_get_function_identity_arguments(FuncCallInfo *fc)
{
    return adt_function_args_text(fc);
}

Datum
adt_fn_pg_get_function_result(FuncCallInfo *fc)
{
    const ProcDesc *p = adt_proc(datum_oid(fc->arg[0]));
    if (p == NULL) {
        fc->isnull = true;
        return 0;
    }
    const char *t = adt_format_type_be(p->rettype);
    return ptr_datum(text_from_cstr(p->retset ? mcx_printf("SETOF %s", t) : t));
}

/*
 * pg_size_pretty, PostgreSQL 15's way: "N bytes" below 10240, else the first of kB, MB,
 * GB, TB, PB under which the value is below 20480 - 1 units, rounded half away from zero.
 * Divisions truncate toward zero, one bit short before a rounded unit so that the half
 * can be rounded. Values stay exact in a double up to 2^53.
 */
static const char *
adt_size_pretty(double size)
{
    static const struct {
        const char *name;
        double limit;
        int bits;
    } units[] = {{"bytes", 10 * 1024, 0},
                 {"kB", 20 * 1024 - 1, 10},
                 {"MB", 20 * 1024 - 1, 20},
                 {"GB", 20 * 1024 - 1, 30},
                 {"TB", 20 * 1024 - 1, 40},
                 {"PB", 20 * 1024 - 1, 50}};
    size_t n = OAK_LENGTHOF(units);
    for (size_t i = 0; i < n; i++) {
        bool round = i > 0;
        if (i == n - 1 || fabs(size) < units[i].limit) {
            if (round)
                size = trunc((size + (size < 0 ? -1 : 1)) / 2);
            return mcx_printf("%.0f %s", size, units[i].name);
        }
        int bits = units[i + 1].bits - units[i].bits - 1 + (round ? 1 : 0);
        size = trunc(size / ldexp(1.0, bits));
    }
    return "";
}

Datum
adt_fn_pg_size_pretty(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(adt_size_pretty((double)datum_int64(fc->arg[0]))));
}

Datum
adt_fn_pg_size_pretty_numeric(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(adt_size_pretty(adt_numeric_to_double(fc->arg[0]))));
}

/* getdatabaseencoding(): the server encoding, always UTF8 here. */
Datum
adt_fn_getdatabaseencoding(FuncCallInfo *fc)
{
    (void)fc;
    return ptr_datum(text_from_cstr("UTF8"));
}

/* pg_char_to_encoding(name): the encoding's number, -1 for a name it does not know. */
Datum
adt_fn_PG_char_to_encoding(FuncCallInfo *fc)
{
    static const char *const names[] = {"SQL_ASCII",
                                        "EUC_JP",
                                        "EUC_CN",
                                        "EUC_KR",
                                        "EUC_TW",
                                        "EUC_JIS_2004",
                                        "UTF8",
                                        "MULE_INTERNAL",
                                        "LATIN1"};
    const char *want = text_to_cstr(datum_ptr(fc->arg[0]));
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++) {
        /* PostgreSQL ignores case and non-alphanumerics ("utf-8" is UTF8) */
        const char *a = want, *b = names[i];
        for (;;) {
            while (*a && !isalnum((unsigned char)*a))
                a++;
            while (*b && !isalnum((unsigned char)*b))
                b++;
            if (*a == '\0' || *b == '\0' ||
                tolower((unsigned char)*a) != tolower((unsigned char)*b))
                break;
            a++;
            b++;
        }
        if (*a == '\0' && *b == '\0')
            return int32_datum((int32_t)i);
    }
    return int32_datum(-1);
}
