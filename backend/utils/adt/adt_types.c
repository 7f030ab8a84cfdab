/*
 * adt_types.c
 *     The type table (pg_type rows with each type's callbacks), the SQL-callable input and
 *     output functions built on those callbacks, and the small types and functions that have
 *     no file of their own: void, regclass, version(), pg_sleep().
 */
#include "oak/oak.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "adt_fns.h"
#include "adt_priv.h"
#include "oak/utils/acl.h"
#include "oak/utils/record.h"

void (*adt_interrupt_hook)(void);

#define T_BASE(t) adt_##t##_in, adt_##t##_out, adt_##t##_key, adt_##t##_cmp
#define T_ARRAY(oid, name, elem, align, t)                                                         \
    {                                                                                              \
        oid, name, -1, false, align, 'A', false, elem, 0, 750, 751, adt_arr_##t##_in, adt_arr_out, \
            adt_arr_key, adt_arr_cmp, adt_arr_typmod                                               \
    }
#define T_PSEUDO(oid, name, len, byval, align, in, out)                                            \
    {                                                                                              \
        oid, name, len, byval, align, 'P', false, 0, 0, in, out, NULL, NULL, NULL, NULL, NULL      \
    }

const TypeDesc adt_types[] = {
    {16, "bool", 1, true, 'c', 'B', true, 0, 1000, 1242, 1243, T_BASE(bool), NULL},
    {17, "bytea", -1, false, 'i', 'U', false, 0, 1001, 1244, 31, T_BASE(bytea), NULL},
    {18, "char", 1, true, 'c', 'Z', false, 0, 1002, 1245, 33, T_BASE(char), NULL},
    {19, "name", -1, false, 'c', 'S', false, 18, 1003, 34, 35, T_BASE(name), NULL},
    {20, "int8", 8, true, 'd', 'N', false, 0, 1016, 460, 461, T_BASE(int8), NULL},
    {21, "int2", 2, true, 's', 'N', false, 0, 1005, 38, 39, T_BASE(int2), NULL},
    {22,
     "int2vector",
     -1,
     false,
     'i',
     'A',
     false,
     21,
     1006,
     40,
     41,
     adt_int2vector_in,
     adt_int2vector_out,
     adt_arr_key,
     adt_arr_cmp,
     NULL},
    {23, "int4", 4, true, 'i', 'N', false, 0, 1007, 42, 43, T_BASE(int4), NULL},
    {24,
     "regproc",
     4,
     true,
     'i',
     'N',
     false,
     0,
     1008,
     44,
     45,
     adt_regproc_in,
     adt_regproc_out,
     adt_oid_key,
     adt_oid_cmp,
     NULL},
    {25, "text", -1, false, 'i', 'S', true, 0, 1009, 46, 47, T_BASE(text), NULL},
    {26, "oid", 4, true, 'i', 'N', true, 0, 1028, 1798, 1799, T_BASE(oid), NULL},
    {30,
     "oidvector",
     -1,
     false,
     'i',
     'A',
     false,
     26,
     1013,
     54,
     55,
     adt_oidvector_in,
     adt_oidvector_out,
     adt_arr_key,
     adt_arr_cmp,
     NULL},
    {194,
     "pg_node_tree",
     -1,
     false,
     'i',
     'Z',
     false,
     0,
     0,
     195,
     196,
     adt_pg_node_tree_in,
     adt_text_out,
     adt_text_key,
     adt_text_cmp,
     NULL},
    {700, "float4", 4, true, 'i', 'N', false, 0, 1021, 200, 201, T_BASE(float4), NULL},
    {701, "float8", 8, true, 'd', 'N', true, 0, 1022, 214, 215, T_BASE(float8), NULL},
    {705,
     "unknown",
     -2,
     false,
     'c',
     'X',
     false,
     0,
     0,
     109,
     110,
     adt_unknown_in,
     adt_unknown_out,
     adt_text_key,
     adt_text_cmp,
     NULL},
    {1042,
     "bpchar",
     -1,
     false,
     'i',
     'S',
     false,
     0,
     1014,
     1044,
     1045,
     T_BASE(bpchar),
     adt_bpchar_typmod},
    {1043,
     "varchar",
     -1,
     false,
     'i',
     'S',
     false,
     0,
     1015,
     1046,
     1047,
     T_BASE(varchar),
     adt_varchar_typmod},
    {114,
     "json",
     -1,
     false,
     'i',
     'U',
     false,
     0,
     199,
     321,
     322,
     adt_json_in,
     adt_json_out,
     NULL,
     NULL,
     NULL},
    {1082, "date", 4, true, 'i', 'D', false, 0, 1182, 1084, 1085, T_BASE(date), NULL},
    {1083, "time", 8, true, 'd', 'D', false, 0, 1183, 1143, 1144, T_BASE(time), NULL},
    {1114, "timestamp", 8, true, 'd', 'D', false, 0, 1115, 1312, 1313, T_BASE(timestamp), NULL},
    {1266, "timetz", -1, false, 'd', 'D', false, 0, 1270, 1350, 1351, T_BASE(timetz), NULL},
    {1186, "interval", -1, false, 'd', 'T', true, 0, 1187, 1160, 1161, T_BASE(interval), NULL},
    {2950, "uuid", -1, false, 'c', 'U', false, 0, 2951, 2952, 2953, T_BASE(uuid), NULL},
    {3802, "jsonb", -1, false, 'i', 'U', false, 0, 3807, 3806, 3804, T_BASE(jsonb), NULL},
    {1184, "timestamptz", 8, true, 'd', 'D', true, 0, 1185, 1150, 1151, T_BASE(timestamptz), NULL},
    {1700,
     "numeric",
     -1,
     false,
     'i',
     'N',
     false,
     0,
     1231,
     1701,
     1702,
     T_BASE(numeric),
     adt_numeric_typmod},
    {2205,
     "regclass",
     4,
     true,
     'i',
     'N',
     false,
     0,
     2210,
     2218,
     2219,
     adt_regclass_in,
     adt_regclass_out,
     adt_oid_key,
     adt_oid_cmp,
     NULL},
    {2202,
     "regprocedure",
     4,
     true,
     'i',
     'N',
     false,
     0,
     2207,
     2212,
     2213,
     adt_regprocedure_in,
     adt_regprocedure_out,
     adt_oid_key,
     adt_oid_cmp,
     NULL},
    {2206,
     "regtype",
     4,
     true,
     'i',
     'N',
     false,
     0,
     2211,
     2220,
     2221,
     adt_regtype_in,
     adt_regtype_out,
     adt_oid_key,
     adt_oid_cmp,
     NULL},
    {4089,
     "regnamespace",
     4,
     true,
     'i',
     'N',
     false,
     0,
     4090,
     4084,
     4085,
     adt_regnamespace_in,
     adt_regnamespace_out,
     adt_oid_key,
     adt_oid_cmp,
     NULL},
    {4096,
     "regrole",
     4,
     true,
     'i',
     'N',
     false,
     0,
     4097,
     4098,
     4092,
     adt_regrole_in,
     adt_regrole_out,
     adt_oid_key,
     adt_oid_cmp,
     NULL},
    T_ARRAY(1000, "_bool", 16, 'i', bool),
    T_ARRAY(1001, "_bytea", 17, 'i', bytea),
    T_ARRAY(1002, "_char", 18, 'i', char),
    T_ARRAY(1003, "_name", 19, 'i', name),
    T_ARRAY(1005, "_int2", 21, 'i', int2),
    T_ARRAY(1007, "_int4", 23, 'i', int4),
    T_ARRAY(1009, "_text", 25, 'i', text),
    T_ARRAY(1014, "_bpchar", 1042, 'i', bpchar),
    T_ARRAY(1015, "_varchar", 1043, 'i', varchar),
    T_ARRAY(1016, "_int8", 20, 'd', int8),
    T_ARRAY(1021, "_float4", 700, 'i', float4),
    T_ARRAY(1022, "_float8", 701, 'd', float8),
    T_ARRAY(1028, "_oid", 26, 'i', oid),
    T_ARRAY(1115, "_timestamp", 1114, 'd', timestamp),
    T_ARRAY(1185, "_timestamptz", 1184, 'd', timestamptz),
    T_ARRAY(1231, "_numeric", 1700, 'i', numeric),
    T_ARRAY(2210, "_regclass", 2205, 'i', regclass),
    T_ARRAY(271, "_xid8", 5069, 'd', xid8),
    {1006,
     "_int2vector",
     -1,
     false,
     'i',
     'A',
     false,
     22,
     0,
     750,
     751,
     adt_arr_int2vector_in,
     adt_arr_out,
     adt_arr_key,
     adt_arr_cmp,
     NULL},
    T_ARRAY(1182, "_date", 1082, 'i', date),
    T_ARRAY(1183, "_time", 1083, 'd', time),
    T_ARRAY(1187, "_interval", 1186, 'd', interval),
    T_ARRAY(1270, "_timetz", 1266, 'd', timetz),
    T_ARRAY(2951, "_uuid", 2950, 'i', uuid),
    T_ARRAY(3807, "_jsonb", 3802, 'i', jsonb),
    /* json has no ordering, and neither has json[] (as in PostgreSQL) */
    {199,
     "_json",
     -1,
     false,
     'i',
     'A',
     false,
     114,
     0,
     750,
     751,
     adt_arr_json_in,
     adt_arr_out,
     NULL,
     NULL,
     adt_arr_typmod},
    T_ARRAY(1008, "_regproc", 24, 'i', regproc),
    T_ARRAY(1013, "_oidvector", 30, 'i', oidvector),
    T_ARRAY(2207, "_regprocedure", 2202, 'i', regprocedure),
    T_ARRAY(2211, "_regtype", 2206, 'i', regtype),
    T_ARRAY(4090, "_regnamespace", 4089, 'i', regnamespace),
    T_ARRAY(4097, "_regrole", 4096, 'i', regrole),
    /* aclitem: varlena here (PostgreSQL's is 12 bytes by reference); no ordering */
    {1033,
     "aclitem",
     -1,
     false,
     'i',
     'U',
     false,
     0,
     1034,
     1031,
     1032,
     adt_aclitem_in,
     adt_aclitem_out,
     NULL,
     NULL,
     NULL},
    {1034,
     "_aclitem",
     -1,
     false,
     'i',
     'A',
     false,
     1033,
     0,
     750,
     751,
     adt_arr_aclitem_in,
     adt_arr_out,
     NULL,
     NULL,
     adt_arr_typmod},
    {5069, "xid8", 8, true, 'd', 'U', false, 0, 271, 5070, 5081, T_BASE(xid8), NULL},
    /* cstring: a C string Datum (typlen -2); SQL sees it through the I/O functions */
    {2275,
     "cstring",
     -2,
     false,
     'c',
     'P',
     false,
     0,
     0,
     2292,
     2293,
     adt_cstring_in,
     adt_cstring_out,
     NULL,
     NULL,
     NULL},
    T_PSEUDO(2276, "any", 4, true, 'i', 2294, 2295),
    T_PSEUDO(2277, "anyarray", -1, false, 'd', 2296, 2297),
    {2278,
     "void",
     4,
     true,
     'i',
     'P',
     false,
     0,
     0,
     2298,
     2299,
     adt_void_in,
     adt_void_out,
     NULL,
     NULL,
     NULL},
    /* anonymous records (record.c); no _record array type here */
    {RECORDOID,
     "record",
     -1,
     false,
     'd',
     'P',
     false,
     0,
     0,
     2290,
     2291,
     adt_record_in,
     adt_record_out,
     adt_record_key,
     adt_record_cmp,
     NULL},
    T_PSEUDO(2281, "internal", 8, true, 'd', 2304, 2305),
    T_PSEUDO(2283, "anyelement", 4, true, 'i', 2312, 2313),
    T_PSEUDO(2776, "anynonarray", 4, true, 'i', 2777, 2778),
    T_PSEUDO(5077, "anycompatible", 4, true, 'i', 5086, 5087),
    T_PSEUDO(5078, "anycompatiblearray", -1, false, 'd', 5088, 5089),
};
const int adt_ntypes = (int)OAK_LENGTHOF(adt_types);

Datum
adt_cstring_in(const char *str, int32_t typmod)
{
    (void)typmod;
    return ptr_datum(mcx_strdup(str));
}

char *
adt_cstring_out(Datum value)
{
    return mcx_strdup(datum_ptr(value));
}

/*
 * SQL-callable input (cstring [, oid, typmod]) and output (value -> cstring) functions,
 * through the type table.
 */
#define T_IO_FNS(inname, outname, oid)                                                             \
    Datum adt_fn_##inname(FuncCallInfo *fc)                                                        \
    {                                                                                              \
        int32_t typmod = fc->nargs >= 3 ? datum_int32(fc->arg[2]) : fc->typmod;                    \
        return adt_type(oid)->in(datum_ptr(fc->arg[0]), typmod);                                   \
    }                                                                                              \
    Datum adt_fn_##outname(FuncCallInfo *fc)                                                       \
    {                                                                                              \
        return ptr_datum(adt_type(oid)->out(fc->arg[0]));                                          \
    }

T_IO_FNS(boolin, boolout, BOOLOID)
T_IO_FNS(byteain, byteaout, BYTEAOID)
T_IO_FNS(charin, charout, CHAROID)
T_IO_FNS(namein, nameout, NAMEOID)
T_IO_FNS(int8in, int8out, INT8OID)
T_IO_FNS(int2in, int2out, INT2OID)
T_IO_FNS(int4in, int4out, INT4OID)
T_IO_FNS(textin, textout, TEXTOID)
T_IO_FNS(oidin, oidout, OIDOID)
T_IO_FNS(float4in, float4out, FLOAT4OID)
T_IO_FNS(float8in, float8out, FLOAT8OID)
T_IO_FNS(unknownin, unknownout, UNKNOWNOID)
T_IO_FNS(bpcharin, bpcharout, BPCHAROID)
T_IO_FNS(varcharin, varcharout, VARCHAROID)
T_IO_FNS(timestamptz_in, timestamptz_out, TIMESTAMPTZOID)
T_IO_FNS(timestamp_in, timestamp_out, TIMESTAMPOID)
T_IO_FNS(date_in, date_out, DATEOID)
T_IO_FNS(time_in, time_out, TIMEOID)
T_IO_FNS(timetz_in, timetz_out, TIMETZOID)
T_IO_FNS(interval_in, interval_out, INTERVALOID)
T_IO_FNS(uuid_in, uuid_out, UUIDOID)
T_IO_FNS(json_in, json_out, JSONOID)
T_IO_FNS(jsonb_in, jsonb_out, JSONBOID)
T_IO_FNS(numeric_in, numeric_out, NUMERICOID)
T_IO_FNS(regclassin, regclassout, REGCLASSOID)
T_IO_FNS(regprocin, regprocout, REGPROCOID)
T_IO_FNS(regprocedurein, regprocedureout, REGPROCEDUREOID)
T_IO_FNS(regtypein, regtypeout, REGTYPEOID)
T_IO_FNS(regnamespacein, regnamespaceout, REGNAMESPACEOID)
T_IO_FNS(regrolein, regroleout, REGROLEOID)
T_IO_FNS(oidvectorin, oidvectorout, OIDVECTOROID)
T_IO_FNS(pg_node_tree_in, pg_node_tree_out, PGNODETREEOID)
T_IO_FNS(void_in, void_out, VOIDOID)

/* void: the empty string both ways. */
Datum
adt_void_in(const char *str, int32_t typmod)
{
    return 0;
}

char *
adt_void_out(Datum value)
{
    return mcx_strdup("");
}

Oid (*adt_regclass_lookup_hook)(const char *name);
char *(*adt_regclass_name_hook)(Oid oid);

/*
 * regclass: a number is an OID as is; a name is resolved by the catalog through
 * adt_regclass_lookup_hook (42P01 if absent). Output is the relation's name, or the number
 * when the catalog does not know it (PostgreSQL prints the number then too).
 */
Datum
adt_regclass_in(const char *str, int32_t typmod)
{
    if ((str[0] >= '0' && str[0] <= '9') || adt_regclass_lookup_hook == NULL)
        return adt_oid_in(str, typmod);
    Oid oid = adt_regclass_lookup_hook(str);
    if (oid == 0) {
        /* named as PostgreSQL names it: the parts as read, quotes removed */
        char *parts[2];
        int n = adt_split_name(str, parts, 2);
        const char *shown = n == 2   ? mcx_printf("%s.%s", parts[0], parts[1])
                            : n == 1 ? parts[0]
                                     : str;
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_TABLE),
                err_msg("relation \"%s\" does not exist", shown));
    }
    return oid_datum(oid);
}

char *
adt_regclass_out(Datum value)
{
    if (datum_oid(value) == INVALID_OID)
        return mcx_strdup("-");
    char *name = adt_regclass_name_hook ? adt_regclass_name_hook(datum_oid(value)) : NULL;
    return name != NULL ? name : adt_oid_out(value);
}

Datum
adt_fn_pgsql_version(FuncCallInfo *fc)
{
    return ptr_datum(text_from_cstr(OAK_VERSION_STRING));
}

/* Sleep in slices of at most 10 ms, letting the engine cancel between slices. */
Datum
adt_fn_pg_sleep(FuncCallInfo *fc)
{
    double secs = datum_float8(fc->arg[0]);
    if (isnan(secs) || secs <= 0) {
        fc->isnull = false;
        return 0;
    }
    int64_t end = adt_timestamp_now() + (int64_t)(secs * 1e6);
    for (;;) {
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        int64_t left = end - adt_timestamp_now();
        if (left <= 0)
            break;
        if (left > 10000)
            left = 10000;
        struct timespec ts = {0, (long)left * 1000};
        (void)nanosleep(&ts, NULL); /* an early wake-up just loops: the deadline decides */
    }
    return 0;
}
