/*
 * cat_information_schema.c
 *     The information_schema views, as SQL run in every database when the cluster is
 *     created (oakctl init, after the catalogs exist; tcop/engine.c runs them). Column
 *     names and order are the SQL standard's as PostgreSQL 15 has them; the definitions
 *     are OakDB's own, over its catalogs.
 *
 * Differences from PostgreSQL (doc/differences.md): the columns have the domains' base
 * types (name, character varying, integer) instead of information_schema.sql_identifier,
 * character_data, cardinal_number and yes_or_no; a table or view is listed when the user
 * has some privilege on it or owns it; views are never insertable into (OakDB has no
 * updatable views).
 */
#include "oak/oak.h"

#include "oak/catalog/catalog.h"

const char *const cat_information_schema_sql[] = {
    "CREATE SCHEMA information_schema",

    "CREATE VIEW information_schema.schemata AS "
    "SELECT current_database()::name AS catalog_name, n.nspname::name AS schema_name, "
    "  u.rolname::name AS schema_owner, NULL::name AS default_character_set_catalog, "
    "  NULL::name AS default_character_set_schema, NULL::name AS default_character_set_name, "
    "  NULL::varchar AS sql_path "
    "FROM pg_catalog.pg_namespace n, pg_catalog.pg_authid u "
    "WHERE n.nspowner = u.oid AND has_schema_privilege(n.oid, 'CREATE, USAGE')",

    "CREATE VIEW information_schema.tables AS "
    "SELECT current_database()::name AS table_catalog, nc.nspname::name AS table_schema, "
    "  c.relname::name AS table_name, "
    "  (CASE WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' "
    "        WHEN c.relkind = 'f' THEN 'FOREIGN' ELSE NULL END)::varchar AS table_type, "
    "  NULL::name AS self_referencing_column_name, NULL::varchar AS reference_generation, "
    "  NULL::name AS user_defined_type_catalog, NULL::name AS user_defined_type_schema, "
    "  NULL::name AS user_defined_type_name, "
    "  (CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END)::varchar(3) "
    "    AS is_insertable_into, "
    "  'NO'::varchar(3) AS is_typed, NULL::varchar AS commit_action "
    "FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'v', 'f', 'p') "
    "  AND has_table_privilege(c.oid, "
    "        'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')",

    "CREATE VIEW information_schema.views AS "
    "SELECT current_database()::name AS table_catalog, nc.nspname::name AS table_schema, "
    "  c.relname::name AS table_name, "
    "  pg_catalog.pg_get_viewdef(c.oid)::varchar AS view_definition, "
    "  'NONE'::varchar AS check_option, 'NO'::varchar(3) AS is_updatable, "
    "  'NO'::varchar(3) AS is_insertable_into, 'NO'::varchar(3) AS is_trigger_updatable, "
    "  'NO'::varchar(3) AS is_trigger_deletable, 'NO'::varchar(3) AS is_trigger_insertable_into "
    "FROM pg_catalog.pg_namespace nc JOIN pg_catalog.pg_class c ON nc.oid = c.relnamespace "
    "WHERE c.relkind = 'v' AND c.oid >= 16384 "
    "  AND has_table_privilege(c.oid, "
    "        'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')",

    "CREATE VIEW information_schema.columns AS "
    "SELECT current_database()::name AS table_catalog, nc.nspname::name AS table_schema, "
    "  c.relname::name AS table_name, a.attname::name AS column_name, "
    "  a.attnum::int AS ordinal_position, "
    "  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)::varchar AS column_default, "
    "  (CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END)::varchar(3) AS is_nullable, "
    "  (CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN 'ARRAY' "
    "        WHEN nt.nspname = 'pg_catalog' THEN format_type(a.atttypid, NULL) "
    "        ELSE 'USER-DEFINED' END)::varchar AS data_type, "
    /* the facets of a type with its typmod, as PostgreSQL's _pg_* functions give them */
    "  (CASE WHEN a.atttypmod = -1 THEN NULL WHEN a.atttypid IN (1042, 1043) "
    "        THEN a.atttypmod - 4 END)::int AS character_maximum_length, "
    "  (CASE WHEN a.atttypid IN (25, 1042, 1043) THEN "
    "        CASE WHEN a.atttypmod = -1 THEN 1073741824 ELSE (a.atttypmod - 4) * 4 END "
    "   END)::int AS character_octet_length, "
    "  (CASE a.atttypid WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 "
    "        WHEN 701 THEN 53 WHEN 1700 THEN "
    "          CASE WHEN a.atttypmod = -1 THEN NULL ELSE (a.atttypmod - 4) / 65536 END "
    "   END)::int AS numeric_precision, "
    "  (CASE WHEN a.atttypid IN (21, 23, 20, 700, 701) THEN 2 WHEN a.atttypid = 1700 THEN 10 "
    "   END)::int AS numeric_precision_radix, "
    "  (CASE WHEN a.atttypid IN (21, 23, 20) THEN 0 WHEN a.atttypid = 1700 THEN "
    "          CASE WHEN a.atttypmod = -1 THEN NULL ELSE (a.atttypmod - 4) % 65536 END "
    "   END)::int AS numeric_scale, "
    "  (CASE WHEN a.atttypid = 1082 THEN 0 "
    "        WHEN a.atttypid IN (1083, 1114, 1184, 1266) THEN "
    "          CASE WHEN a.atttypmod < 0 THEN 6 ELSE a.atttypmod END "
    "        WHEN a.atttypid = 1186 THEN "
    "          CASE WHEN a.atttypmod < 0 OR a.atttypmod % 65536 = 65535 THEN 6 "
    "               ELSE a.atttypmod % 65536 END "
    "   END)::int AS datetime_precision, "
    "  NULL::varchar AS interval_type, NULL::int AS interval_precision, "
    "  NULL::name AS character_set_catalog, NULL::name AS character_set_schema, "
    "  NULL::name AS character_set_name, "
    "  (CASE WHEN a.attcollation = 950 THEN current_database() END)::name "
    "    AS collation_catalog, "
    "  (CASE WHEN a.attcollation = 950 THEN 'pg_catalog' END)::name AS collation_schema, "
    "  (CASE WHEN a.attcollation = 950 THEN 'C' END)::name AS collation_name, "
    "  NULL::name AS domain_catalog, NULL::name AS domain_schema, NULL::name AS domain_name, "
    "  current_database()::name AS udt_catalog, nt.nspname::name AS udt_schema, "
    "  t.typname::name AS udt_name, NULL::name AS scope_catalog, NULL::name AS scope_schema, "
    "  NULL::name AS scope_name, NULL::int AS maximum_cardinality, "
    "  a.attnum::name AS dtd_identifier, 'NO'::varchar(3) AS is_self_referencing, "
    "  'NO'::varchar(3) AS is_identity, NULL::varchar AS identity_generation, "
    "  NULL::varchar AS identity_start, NULL::varchar AS identity_increment, "
    "  NULL::varchar AS identity_maximum, NULL::varchar AS identity_minimum, "
    "  'NO'::varchar(3) AS identity_cycle, 'NEVER'::varchar AS is_generated, "
    "  NULL::varchar AS generation_expression, "
    "  (CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END)::varchar(3) AS is_updatable "
    "FROM pg_catalog.pg_attribute a "
    "  LEFT JOIN pg_catalog.pg_attrdef ad ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "
    "  JOIN pg_catalog.pg_class c ON a.attrelid = c.oid "
    "  JOIN pg_catalog.pg_namespace nc ON c.relnamespace = nc.oid "
    "  JOIN pg_catalog.pg_type t ON a.atttypid = t.oid "
    "  JOIN pg_catalog.pg_namespace nt ON t.typnamespace = nt.oid "
    "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p') "
    "  AND has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')",

    "CREATE VIEW information_schema.table_constraints AS "
    "SELECT current_database()::name AS constraint_catalog, nc.nspname::name "
    "    AS constraint_schema, "
    "  c.conname::name AS constraint_name, current_database()::name AS table_catalog, "
    "  nr.nspname::name AS table_schema, r.relname::name AS table_name, "
    "  (CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' "
    "        WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END)::varchar "
    "    AS constraint_type, "
    "  (CASE WHEN c.condeferrable THEN 'YES' ELSE 'NO' END)::varchar(3) AS is_deferrable, "
    "  (CASE WHEN c.condeferred THEN 'YES' ELSE 'NO' END)::varchar(3) AS initially_deferred, "
    "  'YES'::varchar(3) AS enforced, "
    "  (CASE WHEN c.contype = 'u' THEN 'YES' END)::varchar(3) AS nulls_distinct "
    "FROM pg_catalog.pg_namespace nc, pg_catalog.pg_namespace nr, pg_catalog.pg_constraint c, "
    "     pg_catalog.pg_class r "
    "WHERE nc.oid = c.connamespace AND nr.oid = r.relnamespace AND c.conrelid = r.oid "
    "  AND c.contype IN ('c', 'f', 'p', 'u') AND r.relkind IN ('r', 'p') "
    "  AND has_table_privilege(r.oid, "
    "        'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') "
    "UNION ALL "
    "SELECT current_database()::name, nr.nspname::name, "
    "  (nr.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null')::name, "
    "  current_database()::name, nr.nspname::name, r.relname::name, 'CHECK'::varchar, "
    "  'NO'::varchar(3), 'NO'::varchar(3), 'YES'::varchar(3), NULL::varchar(3) "
    "FROM pg_catalog.pg_namespace nr, pg_catalog.pg_class r, pg_catalog.pg_attribute a "
    "WHERE nr.oid = r.relnamespace AND r.oid = a.attrelid AND a.attnotnull AND a.attnum > 0 "
    "  AND NOT a.attisdropped AND r.relkind IN ('r', 'p') "
    "  AND has_table_privilege(r.oid, "
    "        'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')",

    "CREATE VIEW information_schema.key_column_usage AS "
    "SELECT current_database()::name AS constraint_catalog, nc.nspname::name "
    "    AS constraint_schema, "
    "  c.conname::name AS constraint_name, current_database()::name AS table_catalog, "
    "  nr.nspname::name AS table_schema, r.relname::name AS table_name, "
    "  a.attname::name AS column_name, s.i::int AS ordinal_position, "
    "  NULL::int AS position_in_unique_constraint "
    "FROM pg_catalog.pg_namespace nc, pg_catalog.pg_namespace nr, pg_catalog.pg_constraint c, "
    "     pg_catalog.pg_class r, pg_catalog.pg_attribute a, generate_series(1, 32) s(i) "
    "WHERE nc.oid = c.connamespace AND nr.oid = r.relnamespace AND c.conrelid = r.oid "
    "  AND c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p') "
    "  AND s.i <= array_length(c.conkey, 1) AND a.attrelid = r.oid "
    "  AND a.attnum = c.conkey[s.i] "
    "  AND has_table_privilege(r.oid, 'SELECT, INSERT, UPDATE, REFERENCES')",

    "CREATE VIEW information_schema.sequences AS "
    "SELECT current_database()::name AS sequence_catalog, nc.nspname::name AS sequence_schema, "
    "  c.relname::name AS sequence_name, format_type(s.seqtypid, NULL)::varchar AS data_type, "
    "  (CASE s.seqtypid WHEN 21 THEN 16 WHEN 23 THEN 32 ELSE 64 END)::int "
    "    AS numeric_precision, "
    "  2::int AS numeric_precision_radix, 0::int AS numeric_scale, "
    "  s.seqstart::varchar AS start_value, s.seqmin::varchar AS minimum_value, "
    "  s.seqmax::varchar AS maximum_value, s.seqincrement::varchar AS increment, "
    "  (CASE WHEN s.seqcycle THEN 'YES' ELSE 'NO' END)::varchar(3) AS cycle_option "
    "FROM pg_catalog.pg_namespace nc, pg_catalog.pg_class c, pg_catalog.pg_sequence s "
    "WHERE c.relnamespace = nc.oid AND c.relkind = 'S' AND s.seqrelid = c.oid "
    "  AND has_table_privilege(c.oid, 'SELECT, UPDATE')",

    /* As initdb: everyone may use the schema and read its views. */
    "GRANT USAGE ON SCHEMA information_schema TO PUBLIC",
    "GRANT SELECT ON ALL TABLES IN SCHEMA information_schema TO PUBLIC",
    NULL,
};
