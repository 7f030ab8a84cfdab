/*
 * sysfuncs.c
 *     System information functions clients call on the catalog: format_type,
 *     pg_encoding_to_char, pg_get_userbyid, pg_table_is_visible, current_database. Those that need the
 *     catalog reach it through hooks the catalog sets (adt_role_name_hook,
 *     adt_rel_visible_hook), as regclass does, so this layer does not depend on it.
 */
#include "oak/oak.h"

#include "adt_fns.h"
#include "oak/utils/adt.h"

char *(*adt_role_name_hook)(Oid roleid);
bool (*adt_rel_visible_hook)(Oid relid);
char *(*adt_database_name_hook)(void);

/* format_type(type oid, typmod): not strict; a NULL type gives NULL, a NULL typmod -1. */
Datum
adt_fn_format_type(FuncCallInfo *fc)
{
    if (fc->argnull[0]) {
        fc->isnull = true;
        return 0;
    }
    int32_t typmod = fc->argnull[1] ? -1 : datum_int32(fc->arg[1]);
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

/* current_database(): the name of the database this session is connected to. */
Datum
adt_fn_current_database(FuncCallInfo *fc)
{
    (void)fc;
    char *name = adt_database_name_hook ? adt_database_name_hook() : NULL;
    return ptr_datum(text_from_cstr(name ? name : ""));
}

/* Whether the relation is found by its bare name through the search path. */
Datum
adt_fn_pg_table_is_visible(FuncCallInfo *fc)
{
    return bool_datum(adt_rel_visible_hook != NULL && adt_rel_visible_hook(datum_oid(fc->arg[0])));
}
