-- The catalog relations and functions psql's meta-commands and drivers read (reg* types,
-- pg_get_*def, pg_proc, pg_roles, pg_collation, ...), on objects of this test's schema.
CREATE SCHEMA cpsql;
CREATE TABLE cpsql.t (id int PRIMARY KEY, name text DEFAULT 'x', amount numeric(10,2) DEFAULT 0,
                      n int DEFAULT -1, c varchar(10) DEFAULT 'a', f float8 DEFAULT 1.5, UNIQUE (name));
CREATE INDEX cpsql_i1 ON cpsql.t (lower(name));
CREATE INDEX cpsql_i2 ON cpsql.t (amount) WHERE amount > 100;
CREATE INDEX cpsql_i3 ON cpsql.t ((n + 1), name DESC NULLS LAST, c NULLS FIRST);
CREATE INDEX cpsql_i4 ON cpsql.t (n) WHERE n > 0 AND name <> 'a' OR n IS NULL;
CREATE INDEX cpsql_i5 ON cpsql.t ((n * 2 + 1), ((n + 1) * 2)) WHERE NOT (n < 5);

-- reg* types: input by name, output by name, numbers as they are
SELECT 'int4'::regtype, 'integer[]'::regtype, 'character varying(10)'::regtype,
       'double precision'::regtype, '"char"'::regtype, 'char'::regtype, 'pg_catalog.text'::regtype;
SELECT 23::regtype, 0::regtype, 1043::regtype::text, 'int8'::regtype::oid;
SELECT 'now'::regproc, 'pg_catalog.pg_sleep'::regproc, 'lower(text)'::regprocedure,
       'pg_catalog.pg_get_indexdef(oid, integer, boolean)'::regprocedure::oid,
       870::regprocedure, 1397::regproc, 2507::regproc;
SELECT 'pg_catalog'::regnamespace, 'cpsql'::regnamespace::oid > 16383, 11::regnamespace,
       'postgres'::regrole, 10::regrole, 0::regrole, 0::regclass, 0::regproc;
SELECT 'cpsql.t'::regclass, 'cpsql.t'::regclass::oid = (SELECT oid FROM pg_class WHERE relname = 't'
       AND relnamespace = 'cpsql'::regnamespace);
SELECT to_regtype('integer'), to_regtype('nosuch'), to_regproc('now'), to_regproc('nosuch'),
       to_regnamespace('cpsql') IS NOT NULL, to_regnamespace('nosuch'), to_regrole('nosuch'),
       to_regclass('cpsql.t') IS NOT NULL, to_regclass('cpsql.nosuch'),
       to_regprocedure('lower(text)'), to_regprocedure('lower(integer)');
SELECT 'nosuch'::regtype;
SELECT 'nosuch'::regproc;
SELECT 'abs'::regproc;
SELECT 'nosuch(int)'::regprocedure;
SELECT 'nosuch'::regnamespace;
SELECT 'nosuch'::regrole;
SELECT 'a.b.c.d'::regnamespace;

-- tables have row types (composite pg_type rows and their arrays), found by regtype
SELECT 'cpsql.t'::regtype, 'cpsql.t[]'::regtype, to_regtype('cpsql.nosuch'),
       'cpsql.t'::regtype::oid = (SELECT reltype FROM pg_class WHERE oid = 'cpsql.t'::regclass);
SELECT typname, typtype, typcategory, typrelid = 'cpsql.t'::regclass, typarray <> 0, typlen, typalign,
       typstorage, format_type(oid, NULL)
  FROM pg_type WHERE typnamespace = 'cpsql'::regnamespace ORDER BY 1;
SET search_path = cpsql, public;
SELECT 't'::regtype, format_type('cpsql.t'::regtype, -1), to_regtype('t[]');
RESET search_path;
SELECT 'cpsql.nosuch'::regtype;

-- quoted and case-folded relation names, both ways
CREATE TABLE cpsql."Order" (a int);
CREATE TABLE cpsql."select" (b int);
SELECT 'cpsql."Order"'::regclass, 'cpsql."select"'::regclass, 'CPSQL.T'::regclass, 'PG_CLASS'::regclass;
SET search_path = cpsql, public;
SELECT '"Order"'::regclass, '"select"'::regclass, quote_ident('Order');
RESET search_path;
SELECT 'cpsql."order"'::regclass;
SELECT 'a.b.c.d'::regclass;
SELECT 'a.b.c'::regclass;
SELECT to_regclass('cpsql."Order"') IS NOT NULL, to_regclass('cpsql.nosuch');
DROP TABLE cpsql."Order", cpsql."select";

-- deparsers
SELECT c.relname, pg_get_indexdef(i.indexrelid), pg_get_indexdef(i.indexrelid, 0, true)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'cpsql.t'::regclass ORDER BY 1;
SELECT pg_get_indexdef('cpsql_i3'::regclass, 1, true), pg_get_indexdef('cpsql_i3'::regclass, 3, false),
       pg_get_indexdef(0), pg_get_constraintdef(0), pg_get_triggerdef(0);
SELECT conname, contype, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true), condeferrable,
       condeferred, conparentid, confrelid
  FROM pg_constraint WHERE conrelid = 'cpsql.t'::regclass ORDER BY 1;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid), pg_get_expr(d.adbin, d.adrelid, true)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
 WHERE d.adrelid = 'cpsql.t'::regclass ORDER BY a.attnum;
SELECT c.relname, pg_get_expr(i.indpred, i.indrelid), pg_get_expr(i.indpred, i.indrelid, true),
       pg_get_expr(i.indexprs, i.indrelid, true)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid = 'cpsql.t'::regclass AND (i.indpred IS NOT NULL OR i.indexprs IS NOT NULL)
 ORDER BY 1;

-- pg_get_viewdef, in PostgreSQL's layout
CREATE TABLE cpsql.u (a int, b text, c numeric);
CREATE VIEW cpsql.v1 AS SELECT a, b AS bb FROM cpsql.u WHERE a > 1 ORDER BY a;
CREATE VIEW cpsql.v2 AS SELECT x.a, y.b FROM cpsql.u x JOIN cpsql.u y ON x.a = y.a
  LEFT JOIN cpsql.u z ON z.a = y.a AND z.b IS NOT NULL;
CREATE VIEW cpsql.v3 AS SELECT a, count(*) FROM cpsql.u GROUP BY a HAVING count(*) > 1;
CREATE VIEW cpsql.v4 AS SELECT 1 AS one, 'x'::text AS two;
CREATE VIEW cpsql.v5 AS SELECT u.a + 1 AS a1, u.c * 2 - 1 AS c2, u.b FROM cpsql.u, cpsql.u AS w
  WHERE w.a = u.a AND (u.c > 100 OR u.b = 'q') ORDER BY 1 DESC LIMIT 5 OFFSET 2;
SELECT pg_get_viewdef('cpsql.v1'::regclass, true), pg_get_viewdef('cpsql.v1'::regclass);
SELECT pg_get_viewdef('cpsql.v2'::regclass, true), pg_get_viewdef('cpsql.v2'::regclass);
SELECT pg_get_viewdef('cpsql.v3'::regclass, true), pg_get_viewdef('cpsql.v4'::regclass, true);
SELECT pg_get_viewdef('cpsql.v5'::regclass, true), pg_get_viewdef('cpsql.v5'::regclass);
SELECT pg_get_viewdef('cpsql.v1'), pg_get_viewdef('cpsql.u'::regclass), pg_get_viewdef(0);
CREATE VIEW cpsql.d1 AS SELECT DISTINCT a, b FROM cpsql.u;
CREATE VIEW cpsql.d2 AS SELECT DISTINCT ON (a) a, b FROM cpsql.u ORDER BY a, b;
SELECT pg_get_viewdef('cpsql.d1'::regclass, true), pg_get_viewdef('cpsql.d2'::regclass, true);
SELECT pg_get_viewdef('cpsql.d2'::regclass);
SET search_path = cpsql, public;
SELECT pg_get_viewdef('v3', true);
SELECT pg_get_ruledef(oid), pg_get_ruledef(oid, true) FROM pg_rewrite WHERE ev_class = 'cpsql.v1'::regclass;
SELECT pg_get_ruledef(0);
RESET search_path;

-- pg_class / pg_attribute / pg_type columns psql reads
SELECT c.relname, c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers,
       c.relrowsecurity, c.relforcerowsecurity, c.relispartition, c.reltablespace,
       c.reloftype, c.relpersistence, c.relreplident, am.amname
  FROM pg_class c LEFT JOIN pg_am am ON c.relam = am.oid
 WHERE c.relnamespace = 'cpsql'::regnamespace ORDER BY 1;
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity = '',
       a.attgenerated = '', a.attcollation, t.typcollation
  FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
 WHERE a.attrelid = 'cpsql.t'::regclass AND a.attnum > 0 ORDER BY a.attnum;

-- indexes have pg_attribute rows of their own (names chosen as PostgreSQL does)
CREATE INDEX ON cpsql.t ((n + 1), (n + 2), lower(c::text), (c::text), id);
SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attstorage
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'cpsql'::regnamespace AND c.relkind = 'i' ORDER BY 1, 2;
\d cpsql.t_expr_expr1_lower_c_id_idx
\d cpsql.cpsql_i3

-- column collations: COLLATE in CREATE TABLE is recorded (pg_attribute.attcollation)
CREATE TABLE cpsql.coll (a text COLLATE "C", b varchar(5) COLLATE "POSIX", c text COLLATE "default",
                         d name, e text[] COLLATE "C", f text);
\d cpsql.coll
SELECT attname, attcollation FROM pg_attribute WHERE attrelid = 'cpsql.coll'::regclass AND attnum > 0
 ORDER BY attnum;
CREATE TABLE cpsql.coll2 (a int COLLATE "C");
CREATE TABLE cpsql.coll3 (a text COLLATE "nosuch");
SELECT typname, typcollation FROM pg_type WHERE oid IN (25, 1009, 19, 1003, 23) ORDER BY oid;
DROP TABLE cpsql.coll;

-- pg_get_serial_sequence over serial and identity columns
CREATE TABLE cpsql.idt (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, b bigint GENERATED BY DEFAULT AS IDENTITY,
                        s serial, t text);
\d cpsql.idt
SELECT pg_get_serial_sequence('cpsql.idt', 'id'), pg_get_serial_sequence('cpsql.idt', 's'),
       pg_get_serial_sequence('CPSQL.IDT', 'b'), pg_get_serial_sequence('cpsql.idt', 't');
SELECT pg_get_serial_sequence('cpsql.nosuch', 'id');
SELECT pg_get_serial_sequence('cpsql.idt', 'nosuch');
SELECT pg_get_serial_sequence('cpsql.idt', 'ID');
DROP TABLE cpsql.idt;

-- catalogs with fixed rows
SELECT oid, collname, collnamespace, collprovider, collisdeterministic, collencoding, collcollate,
       collctype FROM pg_collation WHERE oid IN (100, 950, 951) OR collname = 'ucs_basic' ORDER BY 1;
SELECT oid, spcname, spcowner FROM pg_tablespace ORDER BY 1;
SELECT count(*) FROM pg_inherits WHERE inhrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_policy WHERE polrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_trigger WHERE tgrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_statistic_ext WHERE stxrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_publication;
SELECT count(*) FROM pg_publication_rel WHERE prrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_auth_members WHERE member = 'postgres'::regrole;
SELECT count(*) FROM pg_description WHERE objoid = 'cpsql.t'::regclass;

-- pg_has_role and the predefined roles
CREATE ROLE cpsql_r;
SELECT pg_has_role('postgres', 'pg_read_all_stats', 'USAGE'), pg_has_role('cpsql_r', 'cpsql_r', 'MEMBER'),
       pg_has_role('cpsql_r', 'postgres', 'USAGE'), pg_has_role('pg_monitor', 'member'),
       pg_has_role(10, 'cpsql_r'::regrole, 'usage, member with admin option');
SELECT pg_has_role('nosuch', 'USAGE');
SELECT pg_has_role('postgres', 'FLY');
SELECT oid, rolname, rolsuper, rolinherit, rolcanlogin FROM pg_roles WHERE oid < 16384 AND oid <> 10
 ORDER BY oid;
DROP ROLE cpsql_r;

-- pg_operator, pg_cast (views over the built-in tables), regproc columns, empty catalogs
SELECT oid, oprname, oprnamespace, oprkind, oprleft::regtype, oprright::regtype, oprresult::regtype,
       oprcom, oprnegate, oprcode FROM pg_operator WHERE oid IN (96, 97, 484, 558, 664, 1754) ORDER BY 1;
SELECT castsource::regtype, casttarget::regtype, castfunc, castcontext, castmethod FROM pg_cast
 WHERE castsource = 'int4'::regtype AND casttarget IN ('int8'::regtype, 'oid'::regtype, 'bool'::regtype)
 ORDER BY 2;
SELECT typname, typinput, typoutput, typdefault, typdefaultbin, typstorage FROM pg_type
 WHERE oid IN (19, 23, 25, 1043, 1700) ORDER BY oid;
SELECT relname, reloptions IS NULL, relpartbound IS NULL FROM pg_class WHERE oid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_rewrite WHERE ev_class = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_sequence WHERE seqrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_partitioned_table WHERE partrelid = 'cpsql.t'::regclass;
SELECT count(*) FROM pg_event_trigger;

-- pg_settings: the settings SHOW knows, described as PostgreSQL describes them
SELECT name, setting, unit, category, short_desc, extra_desc, context, vartype, min_val, max_val,
       boot_val, enumvals, pending_restart
  FROM pg_settings
 WHERE name IN ('statement_timeout', 'work_mem', 'deadlock_timeout', 'search_path', 'block_size',
                'checkpoint_timeout', 'bytea_output', 'max_identifier_length', 'nosuch')
 ORDER BY name;
SET statement_timeout = '2min';
SELECT setting, unit, source FROM pg_settings WHERE name = 'statement_timeout';
RESET statement_timeout;
SELECT count(*) FROM pg_settings WHERE name = 'restrict_nonsystem_relation_kind' AND setting <> '';
-- current_setting and set_config (SHOW and SET as functions)
SELECT current_setting('work_mem'), current_setting('nosuch', true), current_setting('search_path');
SELECT current_setting('nosuch');
SELECT set_config('search_path', '', false);
SELECT current_setting('search_path'), current_schemas(true);
SELECT count(*) FROM pg_class WHERE relname = 'pg_class';
SELECT set_config('search_path', 'cpsql, public', false), current_setting('search_path');
SELECT 't'::regclass;
SELECT set_config('statement_timeout', '5s', false), current_setting('statement_timeout');
SELECT set_config('statement_timeout', NULL, false), current_setting('statement_timeout');
SELECT set_config(NULL, 'x', false);
SELECT set_config('nosuch', 'x', false);
SELECT set_config('shared_buffers', '1MB', false);
RESET search_path;
BEGIN;
SELECT set_config('search_path', 'pg_catalog', true), current_setting('search_path');
COMMIT;
SELECT current_setting('search_path');
BEGIN;
SELECT set_config('statement_timeout', '7s', false);
ROLLBACK;
SELECT current_setting('statement_timeout');
\dconfig work_mem
\dconfig *isolation*

-- languages, conversions, operator classes; tableoid; encodings
SELECT oid, lanname, lanowner, lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator
  FROM pg_language WHERE oid < 16384 AND NOT lanispl ORDER BY oid;
SELECT count(*) FROM pg_conversion WHERE conname = 'cpsql_conv';
SELECT count(*) FROM pg_opfamily WHERE opfnamespace = 'cpsql'::regnamespace;
SELECT count(*) FROM pg_opclass WHERE opcnamespace = 'cpsql'::regnamespace;
SELECT tableoid::regclass, relname FROM pg_class WHERE oid = 'cpsql.t'::regclass;
SELECT c.tableoid = 'pg_class'::regclass, n.tableoid = 'pg_namespace'::regclass
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = 'cpsql.t'::regclass;
SELECT tableoid FROM pg_class c, pg_namespace n WHERE false;
SELECT getdatabaseencoding(), pg_char_to_encoding('utf-8'), pg_char_to_encoding('LATIN1'),
       pg_char_to_encoding('nosuch'), pg_encoding_to_char(6);
SELECT pg_operator_is_visible(96), pg_operator_is_visible(0), pg_opclass_is_visible(0),
       pg_conversion_is_visible(0), pg_opfamily_is_visible(0);
SELECT obj_description(96, 'pg_operator'), obj_description(551, 'pg_operator');

-- pg_partition_ancestors: no partitioning, so no rows (as for PostgreSQL's plain tables)
SELECT pg_partition_ancestors('cpsql.t');
SELECT * FROM pg_partition_ancestors('cpsql.t') WITH ORDINALITY AS a(relid, depth);
SELECT conname FROM pg_constraint c
 WHERE confrelid IN (SELECT pg_partition_ancestors('cpsql.t') UNION ALL VALUES ('cpsql.t'::regclass))
   AND contype = 'f' AND conparentid = 0;

-- string_agg and unnest (psql's \d+ and drivers use them)
CREATE TABLE cpsql.sa (g int, t text, v varchar(5), c char(4));
INSERT INTO cpsql.sa VALUES (1, 'a', 'x', 'p'), (1, 'b', NULL, 'q'), (2, NULL, 'y', 'r '), (2, 'd', 'z', NULL);
SELECT g, string_agg(t, ','), string_agg(v, '-' ORDER BY v DESC), string_agg(c, '|'), string_agg(t, NULL)
  FROM cpsql.sa GROUP BY g ORDER BY g;
SELECT string_agg(t, ', ') FROM cpsql.sa WHERE false;
SELECT string_agg(attname, ', ' ORDER BY attnum) FROM pg_attribute
 WHERE attrelid = 'cpsql.sa'::regclass AND attnum > 0;
SELECT string_agg(g, ',') FROM cpsql.sa;
SELECT string_agg(t) FROM cpsql.sa;
SELECT unnest(ARRAY[1, 2, NULL, 4]);
SELECT * FROM unnest('{{a,b},{c,d}}'::text[]) WITH ORDINALITY;
SELECT unnest('{}'::int[]);
SELECT x FROM unnest(ARRAY['p', 'q']) AS u(x) ORDER BY 1 DESC;
SELECT unnest(indkey) FROM pg_index WHERE indexrelid = 'cpsql.cpsql_i3'::regclass;

-- pg_roles, pg_user (the bootstrap superuser)
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication,
       rolconnlimit, rolpassword, rolvaliduntil, rolbypassrls, oid
  FROM pg_roles WHERE rolname = 'postgres';
SELECT rolname, rolcanlogin, rolinherit FROM pg_roles WHERE rolname = 'pg_database_owner';
SELECT usename, usesysid, usecreatedb, usesuper, userepl, usebypassrls, passwd, valuntil
  FROM pg_user WHERE usename = 'postgres';

-- pg_proc: built-in functions as PostgreSQL lists them
SELECT oid, proname, pronamespace, proowner, prolang, prokind, proisstrict, proretset,
       provolatile, pronargs, prorettype::regtype, proargtypes, prosrc
  FROM pg_proc WHERE oid IN (870, 1397, 1643, 2507, 1215, 2100, 1081) ORDER BY oid;
SELECT p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
       pg_function_is_visible(p.oid)
  FROM pg_proc p WHERE p.proname IN ('pg_get_indexdef', 'format_type', 'bpcharin') ORDER BY 1, 2;
SELECT proname, pg_get_function_arguments(oid), pg_get_function_identity_arguments(oid),
       pg_get_function_result(oid), proargnames, proargmodes, proallargtypes
  FROM pg_proc WHERE oid IN (3425, 1081, 3947) ORDER BY oid;
SELECT pg_get_function_arguments(0), pg_function_is_visible(0), pg_type_is_visible(23),
       pg_type_is_visible(0);

-- visibility, publishability, schemas, privileges
SELECT pg_relation_is_publishable('cpsql.t'), pg_relation_is_publishable('pg_class'),
       pg_relation_is_publishable('cpsql_i1'), pg_relation_is_publishable(0);
SELECT current_schema(), current_schema;
SET search_path = cpsql, public;
SELECT current_schema();
SET search_path = nosuch;
SELECT current_schema();
RESET search_path;
SELECT current_schemas(true), current_schemas(false);
SET search_path = public, pg_catalog;
SELECT current_schemas(true), current_schemas(false);
SET search_path = nosuch;
SELECT current_schemas(true), current_schemas(false);
SET search_path = pg_catalog;
SELECT current_schemas(true), current_schemas(false);
RESET search_path;
SELECT array_position(current_schemas(true), 'public'::name), (current_schemas(false))[1];
SELECT has_table_privilege('cpsql.t', 'SELECT'), has_table_privilege('postgres', 'cpsql.t', 'INSERT, UPDATE'),
       has_table_privilege('cpsql.t'::regclass, 'select with grant option'),
       has_schema_privilege('cpsql', 'USAGE'), has_schema_privilege('public', 'CREATE'),
       has_database_privilege(current_database(), 'CONNECT, CREATE'),
       has_table_privilege(0::oid, 'SELECT');
SELECT has_table_privilege('cpsql.t', 'FLY');
SELECT has_schema_privilege('nosuch', 'USAGE');
SELECT has_database_privilege('nosuch', 'CONNECT');

-- sizes
SELECT pg_size_pretty(0::bigint), pg_size_pretty(10239::bigint), pg_size_pretty(10240::bigint),
       pg_size_pretty(20971519::bigint), pg_size_pretty(20971520::bigint), pg_size_pretty(-12345678::bigint),
       pg_size_pretty(1099511627776::bigint), pg_size_pretty(123456789012345678::bigint),
       pg_size_pretty(12345::numeric);
SELECT pg_relation_size('cpsql.t') >= 0, pg_total_relation_size('cpsql.t') >= pg_relation_size('cpsql.t'),
       pg_table_size('cpsql.t') >= 0, pg_indexes_size('cpsql.t') >= 0,
       pg_relation_size('cpsql.t', 'fsm') >= 0, pg_database_size(current_database()) > 0,
       pg_relation_size(0) IS NULL;
SELECT pg_relation_size('cpsql.t', 'nosuch');
SELECT pg_database_size('nosuch');
SELECT pg_is_in_recovery(), pg_backend_pid() > 0;

-- comments: pg_description / pg_shdescription and the functions that read them
COMMENT ON TABLE cpsql.t IS 'the table';
COMMENT ON COLUMN cpsql.t.name IS 'a name';
COMMENT ON INDEX cpsql.cpsql_i1 IS 'an index';
COMMENT ON SCHEMA cpsql IS 'schema cpsql';
CREATE ROLE cpsql_role;
COMMENT ON ROLE cpsql_role IS 'a role';
SELECT obj_description('cpsql.t'::regclass, 'pg_class'), obj_description('cpsql.t'::regclass),
       col_description('cpsql.t'::regclass, 2), col_description('cpsql.t'::regclass, 1),
       obj_description('cpsql.cpsql_i1'::regclass, 'pg_class'),
       obj_description('cpsql'::regnamespace, 'pg_namespace'),
       shobj_description('cpsql_role'::regrole, 'pg_authid');
SELECT objsubid, description FROM pg_description WHERE objoid = 'cpsql.t'::regclass ORDER BY 1;
COMMENT ON TABLE cpsql.t IS 'changed';
COMMENT ON COLUMN cpsql.t.name IS NULL;
COMMENT ON ROLE cpsql_role IS '';
SELECT obj_description('cpsql.t'::regclass, 'pg_class'), col_description('cpsql.t'::regclass, 2),
       shobj_description('cpsql_role'::regrole, 'pg_authid');
COMMENT ON TABLE cpsql.nosuch IS 'x';
COMMENT ON TABLE cpsql.cpsql_i1 IS 'x';
COMMENT ON INDEX cpsql.t IS 'x';
COMMENT ON COLUMN cpsql.t.nosuch IS 'x';
COMMENT ON SCHEMA nosuch IS 'x';
COMMENT ON ROLE nosuch IS 'x';
DROP ROLE cpsql_role;
-- built-in objects carry initdb's comments
SELECT obj_description('cpsql.t'::regclass, 'nosuch'), shobj_description(1, 'nosuch'),
       obj_description(0, 'pg_class'), col_description(0, 1);
SELECT obj_description(23, 'pg_type'), obj_description(870, 'pg_proc'),
       obj_description(11, 'pg_namespace'), obj_description(2200, 'pg_namespace'),
       shobj_description(1, 'pg_database');

DROP SCHEMA cpsql CASCADE;
SELECT count(*) FROM pg_description WHERE description IN ('changed', 'an index', 'schema cpsql');
SELECT count(*) FROM pg_type WHERE typname IN ('t', '_t');
