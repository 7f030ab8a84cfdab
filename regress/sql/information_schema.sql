-- information_schema: schemata, tables, views, columns, table_constraints,
-- key_column_usage, sequences over a known schema
CREATE SCHEMA isch;
CREATE TABLE isch.parent (id serial PRIMARY KEY, code varchar(10) NOT NULL UNIQUE,
    price numeric(10,2) DEFAULT 0, qty int2, big int8, ratio float8, r4 float4,
    note text, flag bool, created timestamptz, day date, t time, iv interval,
    doc jsonb, tags text[], u uuid, fixed char(3), n numeric);
CREATE TABLE isch.pair (a int, b int, c text, PRIMARY KEY (a, b), UNIQUE (c, b));
CREATE VIEW isch.v AS SELECT id, code FROM isch.parent;
CREATE SEQUENCE isch.s AS int4 START 5 INCREMENT 2 MAXVALUE 100;
SELECT catalog_name = current_database() AS same_db, schema_name, schema_owner
FROM information_schema.schemata WHERE schema_name IN ('isch', 'public') ORDER BY 2;
SELECT table_catalog = current_database() AS same_db, table_schema, table_name, table_type,
       is_typed, commit_action
FROM information_schema.tables WHERE table_schema = 'isch' ORDER BY table_name;
SELECT table_name, is_insertable_into FROM information_schema.tables
WHERE table_schema = 'isch' AND table_type = 'BASE TABLE' ORDER BY table_name;
SELECT table_schema, table_name, check_option
FROM information_schema.views WHERE table_schema = 'isch';
SELECT table_name, column_name, ordinal_position, column_default, is_nullable, data_type,
       character_maximum_length, character_octet_length, numeric_precision,
       numeric_precision_radix, numeric_scale, datetime_precision, udt_schema, udt_name,
       is_identity, is_generated
FROM information_schema.columns WHERE table_schema = 'isch' ORDER BY table_name, ordinal_position;
SELECT table_name, column_name, is_updatable FROM information_schema.columns
WHERE table_schema = 'isch' AND table_name <> 'v' AND ordinal_position = 1 ORDER BY 1;
SELECT constraint_name, table_name, constraint_type, is_deferrable, initially_deferred, enforced
FROM information_schema.table_constraints
WHERE table_schema = 'isch' AND constraint_type <> 'CHECK' ORDER BY table_name, constraint_name;
SELECT count(*) AS not_null_checks FROM information_schema.table_constraints
WHERE table_schema = 'isch' AND constraint_type = 'CHECK';
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint
FROM information_schema.key_column_usage WHERE table_schema = 'isch'
ORDER BY table_name, constraint_name, ordinal_position;
SELECT sequence_schema, sequence_name, data_type, numeric_precision, numeric_precision_radix,
       numeric_scale, start_value, minimum_value, maximum_value, increment, cycle_option
FROM information_schema.sequences WHERE sequence_schema = 'isch' ORDER BY sequence_name;
-- the catalog tables are there too
SELECT table_name, table_type FROM information_schema.tables
WHERE table_schema = 'pg_catalog' AND table_name IN ('pg_class', 'pg_attribute', 'pg_type',
  'pg_namespace', 'pg_index', 'pg_constraint', 'pg_database', 'pg_roles', 'pg_settings')
ORDER BY 1;
DROP SCHEMA isch CASCADE;
