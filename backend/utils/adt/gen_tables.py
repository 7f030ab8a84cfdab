#!/usr/bin/env python3
"""
gen_tables.py: one-off generator of adt_tables.c and adt_fns.h from a running PostgreSQL 15
(the oracle), so every oid, name, argument list, strictness and volatility is PostgreSQL's.

    python3 gen_tables.py "host=/tmp port=5499 user=postgres"

Writes adt_tables.c (pg_proc, pg_operator and pg_cast rows as C initialisers) and adt_fns.h
(the prototypes of the C functions they name: adt_fn_<prosrc>). Rerun after adding an oid to
the lists below; the output is committed, this script only regenerates it.
"""
import subprocess
import sys

TYPES = [16, 17, 18, 19, 20, 21, 23, 25, 26, 700, 701, 705, 1042, 1043, 1114, 1184, 1700, 2205, 2278,
         2776,  # anynonarray: text || anynonarray and anynonarray || text
         1082, 1083, 1186, 2950, 114, 3802, 1266,  # date, time, interval, uuid, json, jsonb, timetz
         24, 30, 194, 2202, 2206, 4089, 4096,  # regproc, oidvector, pg_node_tree, other reg* types
         1033, 1034]  # aclitem, aclitem[]
OPER_NAMES = ['=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '||', '~~', '!~~', '~', '!~', '~*', '!~*',
              '->', '->>', '@>', '<@', '?',
              '&', '|', '#', '<<', '>>']  # integer bitwise operators (int.c)
OPER_SKIP = [2016, 2017]  # bytea LIKE
CAST_SKIP_FUNCS = [1079]        # text -> regclass needs the catalog (engine)
FUNCS = [1394, 1395, 1396, 1397, 1398, 1705, 884, 885, 1711, 2308, 2167, 2320, 1372, 1381,
         1367, 1369, 1712, 2309, 3060, 1317, 1318, 2010, 870, 875, 881, 940, 941, 947, 1728,
         720, 1374, 1375, 2626, 849, 1368, 1622, 2087, 3062, 3061, 1342, 1707, 1708, 876,
         882, 2310, 1706, 1344, 868, 877, 883, 936, 937, 1258, 1343, 1709, 1710, 871, 89,
         1299, 2647, 2648, 2649,
         2943, 3348, 5059, 5060, 5070, 5081,  # txid_current & co, xid8 I/O
         1642, 2079, 1081, 1597,  # pg_get_userbyid, pg_table_is_visible, format_type, pg_encoding_to_char
         # catalog functions psql and drivers call (backend/catalog/cat_sqlfuncs.c, commands/cmd_ruleutils.c)
         1643, 2507, 1387, 2508, 1716, 2509, 1348, 1215, 1216, 1993, 2162, 2165, 2232, 2081, 2080,
         3815, 6121, 6174, 1662, 2730, 2288, 3166, 2325, 2332, 2286, 2997, 2998, 2168, 2324, 1402,
         3810, 1922, 1923, 1924, 1925, 1926, 1927, 2268, 2269, 2270, 2271, 2272, 2273, 2250, 2251,
         2252, 2253, 2254, 2255, 3495, 3493, 3494, 4086, 4093, 3479, 2026, 861,
         1640, 1641, 2505, 2506, 3159,  # pg_get_viewdef (commands/cmd_viewdef.c)
         1282, 3778,  # quote_ident, pg_tablespace_location
         1039, 1264,  # getdatabaseencoding, pg_char_to_encoding
         2082, 2083, 3829, 2093,  # pg_operator/opclass/opfamily/conversion_is_visible
         3425,  # pg_partition_ancestors
         2331,  # unnest(anyarray) (array_srf.c)
         1403,  # current_schemas
         2077, 3294, 2078,  # current_setting, set_config (commands/cmd_settings_fns.c)
         1573, 2504,  # pg_get_ruledef (commands/cmd_viewdef.c)
         1665,  # pg_get_serial_sequence
         2705, 2706, 2707, 2708, 2709, 2710, 6197,  # pg_has_role, pg_get_function_sqlbody
         # arrays: I/O, int2vector I/O, comparison, functions (array_funcs.c)
         750, 751, 2401, 40, 41, 744, 390, 391, 392, 393, 396, 382, 515, 516,
         378, 379, 383, 747, 748, 2091, 2092, 2176, 3179, 395, 384, 394, 376,
         3277, 3278, 3279, 3167, 3168, 2747, 2748, 2749, 1193, 1286,
         1574, 1575, 1576, 1765, 2559, 1665,  # nextval, currval, setval (2, 3 args), lastval,
                                              # pg_get_serial_sequence (cmd_sequence.c)
         1066, 1067, 1068, 1069, 3259, 3260, 938, 939,  # generate_series (set-returning: adt_srf.c)
         2331, 1191, 1192, 6160, 6161,  # unnest, generate_subscripts, string_to_table (array_srf.c)
         6172,  # trim_array
         # catalog functions psql and drivers call (backend/catalog/cat_sqlfuncs.c, commands/cmd_ruleutils.c)
         1643, 2507, 1387, 2508, 1716, 2509, 1348, 1215, 1216, 1993, 2162, 2165, 2232, 2081, 2080,
         3815, 6121, 6174, 1662, 2730, 2288, 3166, 2325, 2332, 2286, 2997, 2998, 2168, 2324, 1402,
         3810, 1922, 1923, 1924, 1925, 1926, 1927, 2268, 2269, 2270, 2271, 2272, 2273, 2250, 2251,
         2252, 2253, 2254, 2255, 3495, 3493, 3494, 4086, 4093, 3479, 2026, 861,
         1640, 1641, 2505, 2506, 3159,  # pg_get_viewdef (commands/cmd_viewdef.c)
         1037, 3943, 1365,  # aclcontains, acldefault, makeaclitem (acl_fns.c)
         1282, 3778,  # quote_ident, pg_tablespace_location
         1039, 1264,  # getdatabaseencoding, pg_char_to_encoding
         2082, 2083, 3829, 2093,  # pg_operator/opclass/opfamily/conversion_is_visible
         3425,  # pg_partition_ancestors
         # date/time: date_part, extract, date_trunc, age, justify_*, isfinite, make_date, to_timestamp
         1171, 1172, 1384, 1385, 2021, 6199, 6200, 6202, 6203, 6204, 1217, 1218, 2020,
         1273, 6201,  # date_part/extract of timetz
         1199, 2058, 1386, 2059, 1295, 1175, 2711, 1373, 1389, 1390, 2048, 3846, 1158,
         3432,  # gen_random_uuid
         1770, 2049, 1768, 1778, 1780,  # to_char(timestamptz/timestamp/interval, text), to_timestamp/to_date(text, text)
         # json: typeof, array_length, build_object/array (variadic and no-args), to_json(b), pretty
         3210, 3968, 3207, 3956, 3200, 3201, 3273, 3274, 3198, 3199, 3271, 3272, 3176, 3787, 3306,
         3955, 3969, 3957, 3219, 3465, 3931,  # json(b)_array_elements(_text), json(b)_object_keys
         1026, 1159, 2037, 2038, 2069, 2070,  # timezone() (AT TIME ZONE)
         3461, 3462, 3463, 3847,  # make_timestamp(tz), make_time
         6177, 6178, 1284,  # date_bin, date_trunc(text, timestamptz, zone)
         3261, 3262,  # json(b)_strip_nulls
         3153, 3154,  # array_to_json
         3305, 3579]  # jsonb_set, jsonb_insert (the parser adds their default last argument)
# array operators (anyarray, anycompatiblearray): =, <>, <, >, <=, >=, ||, &&, @>, <@
ARRAY_OPERS = [1070, 1071, 1072, 1073, 1074, 1075, 349, 374, 375, 2750, 2751, 2752,
               3206, 3213, 3966, 3967,  # json(b) #> and #>> (text[] paths)
               3248, 3249, 3287, 3398]  # jsonb ?| ?& #- and - text[]
AGGS = [2100, 2101, 2102, 2103, 2104, 2105, 2147, 2803, 2107, 2108, 2109, 2110, 2111, 2114,
        2115, 2116, 2117, 2118, 2119, 2120, 2127, 2129, 2130, 2244,
        2131, 2132, 2133, 2134, 2135, 2136, 2143, 2145, 2146, 2245,
        2335, 4053, 2050, 2051,  # array_agg, max/min(anyarray)
        2122, 2123, 2126, 2128, 2138, 2139, 2142, 2144, 2113, 2106,  # date/time/interval min/max, sum/avg
        3175, 3267, 3197, 3270]  # json_agg, jsonb_agg, json_object_agg, jsonb_object_agg
# the built-in window functions (prokind 'w', fn NULL: the executor's WindowAgg runs them)
WINDOWS = list(range(3100, 3115))
# prosrc for SQL-language functions we implement in C
SQL_SRC = {1708: 'numeric_round1', 1710: 'numeric_trunc1', 2003: 'textanycat', 2004: 'anytextcat',
           1348: 'obj_description1', 1215: 'obj_description', 1216: 'col_description',
           1993: 'shobj_description', 2325: 'pg_relation_size_main',
           1384: 'date_part_date', 1386: 'timestamp_age_today', 2059: 'timestamp_age_today'}
# oidvector's comparison operators: no oidvector ordering here
OPER_SKIP += [644, 645, 646, 647, 648, 649]


def cstr_or_null(s):
    return f'"{s}"' if s else 'NULL'


def q(conn, sql):
    out = subprocess.run(['psql', conn, '-AtX', '-F', '\t', '-c', sql], check=True,
                         capture_output=True, text=True).stdout
    return [line.split('\t') for line in out.splitlines() if line]


def main():
    conn = sys.argv[1]
    tl = ','.join(map(str, TYPES))
    opers = q(conn, f"""select o.oid, oprname, oprleft, oprright, oprresult, oprcode::oid,
        oprcom, oprnegate from pg_operator o where oprleft in (0,{tl}) and oprright in ({tl})
        and oprresult in ({tl}) and oprname in ({','.join("'%s'" % n for n in OPER_NAMES)})
        and o.oid not in ({','.join(map(str, OPER_SKIP))})
        or o.oid in ({','.join(map(str, ARRAY_OPERS))}) order by 1""")
    casts = q(conn, f"""select castsource, casttarget, castfunc, castcontext, castmethod from pg_cast
        where castsource in ({tl}) and casttarget in ({tl})
        and castfunc not in ({','.join(map(str, CAST_SKIP_FUNCS))}) order by 1, 2""")
    types = q(conn, f"select typinput::oid, typoutput::oid from pg_type where oid in ({tl})")
    procs = set(int(o[5]) for o in opers) | set(int(c[2]) for c in casts if c[2] != '0')
    procs |= set(int(x) for t in types for x in t) | set(FUNCS) | set(AGGS) | set(WINDOWS)
    rows = q(conn, f"""select oid, proname, prorettype, pronargs, array_to_string(proargtypes, ','),
        proisstrict, proretset, provolatile, prosrc, prokind, prolang, proparallel,
        coalesce(array_to_string(proargnames, ','), ''), coalesce(array_to_string(proargmodes, ''), '')
        from pg_proc
        where oid in ({','.join(map(str, sorted(procs)))}) order by oid""")
    fns = set()
    out = ['/*', ' * adt_tables.c', ' *     pg_proc, pg_operator and pg_cast rows of the built-in types,'
           ' generated by gen_tables.py', ' *     from PostgreSQL 15. Do not edit by hand: add the oid'
           ' to gen_tables.py and rerun.', ' */', '#include "oak/oak.h"', '',
           '#include "oak/utils/adt.h"', '#include "adt_fns.h"', '',
           'const ProcDesc adt_procs[] = {']
    for oid, name, ret, nargs, args, strict, retset, vol, src, kind, lang, par, anames, amodes in rows:
        pgsrc = src if lang != '14' else ''  # pg_proc.prosrc; SQL bodies are not kept
        src = SQL_SRC.get(int(oid), src or name)  # SQL-language functions: their own name
        if kind in ('a', 'w'):
            fn = 'NULL'
        else:
            fn = 'adt_fn_' + src
            fns.add(fn)
        argl = args if args else '0'
        out.append(f'    {{{oid}, "{name}", {ret}, {nargs}, {{{argl}}}, {str(strict == "t").lower()}, '
                   f'{str(retset == "t").lower()}, \'{vol}\', {fn}, "{pgsrc}", {lang}, \'{par}\', '
                   f'{cstr_or_null(anames)}, {cstr_or_null(amodes)}}},')
    out += ['};', 'const int adt_nprocs = (int)OAK_LENGTHOF(adt_procs);', '',
            'const OperDesc adt_opers[] = {']
    for oid, name, l, r, res, code, com, neg in opers:
        out.append(f'    {{{oid}, "{name}", {l}, {r}, {res}, {code}, {com}, {neg}}},')
    out += ['};', 'const int adt_nopers = (int)OAK_LENGTHOF(adt_opers);', '',
            'const CastDesc adt_casts[] = {']
    for s, t, f, c, m in casts:
        out.append(f"    {{{s}, {t}, {f}, '{c}', '{m}'}},")
    out += ['};', 'const int adt_ncasts = (int)OAK_LENGTHOF(adt_casts);', '']
    with open('adt_tables.c', 'w') as f:
        f.write('\n'.join(out))
    hdr = ['/*', ' * adt_fns.h', ' *     Prototypes of the functions adt_tables.c names; generated by'
           ' gen_tables.py.', ' */', '#ifndef OAK_ADT_FNS_H', '#define OAK_ADT_FNS_H', '',
           '#include "oak/utils/fmgr.h"', '']
    hdr += [f'Datum {fn}(FuncCallInfo *fc);' for fn in sorted(fns)]
    hdr += ['', '#endif /* OAK_ADT_FNS_H */', '']
    with open('adt_fns.h', 'w') as f:
        f.write('\n'.join(hdr))


main()
