-- GRANT / REVOKE on tables, schemas and databases; privilege checks; SET ROLE and
-- SET SESSION AUTHORIZATION; has_*_privilege; ALTER TABLE / SCHEMA OWNER TO
DROP ROLE IF EXISTS priv_alice;
DROP ROLE IF EXISTS priv_bob;
DROP ROLE IF EXISTS priv_carol;
CREATE ROLE priv_alice LOGIN;
CREATE ROLE priv_bob LOGIN;
CREATE ROLE priv_carol;
SELECT current_user, session_user;
SHOW role;
SHOW session_authorization;
SET ROLE priv_alice;
SELECT current_user, session_user;
SHOW role;
SET ROLE priv_bob;
SET ROLE nosuch;
RESET ROLE;
SET SESSION AUTHORIZATION priv_alice;
SELECT current_user, session_user;
SET ROLE priv_bob;
SET SESSION AUTHORIZATION priv_bob;
SELECT current_user, session_user;
RESET SESSION AUTHORIZATION;
SELECT current_user, session_user;
BEGIN;
SET ROLE priv_alice;
SELECT current_user;
ROLLBACK;
SELECT current_user;
-- the catalogs' own ACLs, as initdb leaves them
SELECT relname, relacl FROM pg_class
 WHERE relname IN ('pg_class', 'pg_authid', 'pg_namespace', 'pg_shadow', 'pg_settings', 'pg_roles')
 ORDER BY relname;
SET ROLE priv_alice;
SELECT count(*) FROM pg_authid;
SELECT count(*) > 0 AS has_roles FROM pg_roles;
RESET ROLE;
SELECT nspname, nspacl FROM pg_namespace
 WHERE nspname IN ('pg_catalog', 'public', 'information_schema') ORDER BY nspname;
SELECT datname, datacl FROM pg_database WHERE datname IN ('template1', 'template0') ORDER BY 1;
-- tables
CREATE SCHEMA priv_s;
CREATE TABLE priv_s.t (id int PRIMARY KEY, v text);
INSERT INTO priv_s.t VALUES (1, 'one'), (2, 'two');
CREATE TABLE priv_s.u (id int PRIMARY KEY);
SELECT relname, relacl FROM pg_class WHERE relname IN ('t', 'u') AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'priv_s') ORDER BY 1;
SET ROLE priv_alice;
SELECT * FROM priv_s.t;
RESET ROLE;
GRANT USAGE ON SCHEMA priv_s TO priv_alice, priv_bob;
SET ROLE priv_alice;
SELECT * FROM priv_s.t;
INSERT INTO priv_s.t VALUES (3, 'three');
UPDATE priv_s.t SET v = 'x';
DELETE FROM priv_s.t;
TRUNCATE priv_s.t;
RESET ROLE;
GRANT SELECT ON priv_s.t TO priv_alice;
GRANT INSERT, UPDATE ON TABLE priv_s.t TO priv_alice WITH GRANT OPTION;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.t'::regclass;
SET ROLE priv_alice;
SELECT * FROM priv_s.t ORDER BY id;
INSERT INTO priv_s.t VALUES (3, 'three');
UPDATE priv_s.t SET v = 'x' WHERE id = 3;
DELETE FROM priv_s.t WHERE id = 3;
SELECT * FROM priv_s.t FOR UPDATE;
SELECT * FROM priv_s.u;
SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'priv_s' ORDER BY 1;
BEGIN;
LOCK TABLE priv_s.t IN ACCESS SHARE MODE;
LOCK TABLE priv_s.t IN EXCLUSIVE MODE;
LOCK TABLE priv_s.u IN ACCESS SHARE MODE;
ROLLBACK;
CREATE INDEX ON priv_s.t (v);
VACUUM priv_s.u;
ANALYZE priv_s.u;
VACUUM pg_authid;
VACUUM pg_class;
SHOW is_superuser;
GRANT INSERT ON priv_s.t TO priv_bob;
GRANT SELECT ON priv_s.t TO priv_bob;
GRANT INSERT, DELETE ON priv_s.t TO priv_bob;
GRANT ALL ON priv_s.u TO priv_bob;
RESET ROLE;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.t'::regclass;
SET ROLE priv_bob;
INSERT INTO priv_s.t VALUES (4, 'four');
INSERT INTO priv_s.t VALUES (5, 'five') RETURNING id;
INSERT INTO priv_s.t VALUES (4, 'four') ON CONFLICT DO NOTHING;
INSERT INTO priv_s.t VALUES (4, 'four') ON CONFLICT (id) DO NOTHING;
INSERT INTO priv_s.t VALUES (4, 'four') ON CONFLICT (id) DO UPDATE SET v = 'x';
UPDATE priv_s.t SET v = 'y' WHERE id = 4;
UPDATE priv_s.t SET v = 'y';
RESET ROLE;
REVOKE GRANT OPTION FOR INSERT ON priv_s.t FROM priv_alice;
REVOKE GRANT OPTION FOR INSERT ON priv_s.t FROM priv_alice CASCADE;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.t'::regclass;
GRANT ALL PRIVILEGES ON priv_s.t TO PUBLIC;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.t'::regclass;
REVOKE ALL ON priv_s.t FROM PUBLIC;
REVOKE UPDATE ON priv_s.t FROM priv_alice;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.t'::regclass;
GRANT SELECT ON ALL TABLES IN SCHEMA priv_s TO priv_carol;
\dp priv_s.*
SELECT relname, relacl FROM pg_class WHERE relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'priv_s') AND relkind = 'r' ORDER BY 1;
-- errors
GRANT USAGE ON priv_s.t TO priv_alice;
GRANT SELECT ON priv_s.nosuch TO priv_alice;
GRANT foo ON priv_s.t TO priv_alice;
GRANT SELECT ON priv_s.t_pkey TO priv_alice;
GRANT SELECT ON priv_s.t TO nosuch;
GRANT CONNECT ON SCHEMA priv_s TO priv_alice;
GRANT ALL ON SCHEMA nosuch TO priv_alice;
GRANT ALL ON DATABASE nosuch TO priv_alice;
GRANT SELECT ON ALL TABLES IN SCHEMA nosuch TO priv_alice;
GRANT SELECT ON priv_s.t TO PUBLIC WITH GRANT OPTION;
-- schemas
SET ROLE priv_bob;
CREATE TABLE priv_s.b (a int);
RESET ROLE;
GRANT CREATE ON SCHEMA priv_s TO priv_bob;
SELECT nspacl FROM pg_namespace WHERE nspname = 'priv_s';
SELECT nspacl[2] AS second_item, array_length(nspacl, 1) FROM pg_namespace WHERE nspname = 'priv_s';
SET ROLE priv_bob;
CREATE TABLE priv_s.b (a int);
SELECT relname, pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'priv_s.b'::regclass;
INSERT INTO priv_s.b VALUES (1);
SELECT * FROM priv_s.b;
RESET ROLE;
REVOKE USAGE ON SCHEMA priv_s FROM priv_bob;
SET ROLE priv_bob;
SELECT * FROM priv_s.b;
SET search_path = priv_s, public;
SELECT * FROM b;
RESET search_path;
RESET ROLE;
-- public: PostgreSQL 15 gives CREATE to the database owner only
SET ROLE priv_alice;
CREATE TABLE public.priv_nope (a int);
RESET ROLE;
-- databases
GRANT CREATE ON DATABASE postgres TO priv_alice;
SELECT datacl FROM pg_database WHERE datname = 'postgres';
SET ROLE priv_alice;
CREATE SCHEMA priv_alice_s;
DROP SCHEMA priv_alice_s;
RESET ROLE;
REVOKE CREATE ON DATABASE postgres FROM priv_alice;
SELECT datacl FROM pg_database WHERE datname = 'postgres';
SET ROLE priv_alice;
CREATE SCHEMA priv_alice_s;
RESET ROLE;
-- has_*_privilege
SELECT has_table_privilege('priv_alice', 'priv_s.t', 'select'),
       has_table_privilege('priv_alice', 'priv_s.t', 'UPDATE'),
       has_table_privilege('priv_alice', 'priv_s.t', 'update, select'),
       has_table_privilege('priv_alice', 'priv_s.t', 'insert with grant option'),
       has_table_privilege('priv_bob', 'priv_s.t'::regclass, 'SELECT'),
       has_table_privilege('priv_s.t', 'delete');
SET ROLE priv_alice;
SELECT has_table_privilege('priv_s.t', 'select'), has_table_privilege('priv_s.t', 'truncate'),
       has_schema_privilege('priv_s', 'usage'), has_schema_privilege('priv_s', 'create'),
       has_database_privilege('postgres', 'connect'), has_database_privilege('postgres', 'create'),
       has_schema_privilege('public', 'create');
RESET ROLE;
SELECT has_schema_privilege('priv_bob', 'priv_s', 'USAGE'), has_schema_privilege('priv_bob', 'priv_s', 'CREATE'),
       has_database_privilege('priv_carol', 'template1', 'CONNECT, TEMP');
SELECT has_table_privilege('priv_s.t', 'foo');
SELECT has_table_privilege('nosuch', 'priv_s.t', 'select');
SELECT has_table_privilege('priv_s.nosuch', 'select');
SELECT has_table_privilege(1::oid, 'select') IS NULL AS no_table;
SELECT has_schema_privilege('nosuch', 'usage');
SELECT has_database_privilege('nosuch', 'connect');
-- sequences: rwU by default, USAGE / SELECT / UPDATE only
CREATE SEQUENCE priv_s.seq;
GRANT USAGE ON SCHEMA priv_s TO priv_bob;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.seq'::regclass;
GRANT USAGE ON priv_s.seq TO priv_bob;
GRANT INSERT ON priv_s.seq TO priv_bob;
GRANT SELECT ON SEQUENCE priv_s.t TO priv_bob;
GRANT INSERT ON SEQUENCE priv_s.seq TO priv_bob;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.seq'::regclass;
REVOKE ALL ON SEQUENCE priv_s.seq FROM priv_bob;
GRANT SELECT ON priv_s.seq TO priv_bob;
SET ROLE priv_bob;
SELECT nextval('priv_s.seq');
SELECT last_value FROM priv_s.seq;
SELECT currval('priv_s.seq');
SELECT setval('priv_s.seq', 5);
RESET ROLE;
GRANT ALL ON priv_s.seq TO priv_bob;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.seq'::regclass;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA priv_s TO priv_carol;
SELECT relname, relacl FROM pg_class WHERE relname IN ('seq', 't')
   AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = 'priv_s') ORDER BY 1;
SET ROLE priv_bob;
SELECT nextval('priv_s.seq');
RESET ROLE;
REVOKE ALL ON priv_s.seq FROM priv_bob;
DROP SEQUENCE priv_s.seq;
-- views: the view's privileges for the user, its tables' for the view's owner
CREATE VIEW priv_s.tv AS SELECT id FROM priv_s.t;
GRANT USAGE ON SCHEMA priv_s TO priv_bob;
SET ROLE priv_bob;
SELECT * FROM priv_s.tv ORDER BY id;
RESET ROLE;
GRANT SELECT ON priv_s.tv TO priv_bob;
SET ROLE priv_bob;
SELECT * FROM priv_s.tv ORDER BY id;
SELECT * FROM priv_s.t;
DROP VIEW priv_s.tv;
RESET ROLE;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.tv'::regclass;
CREATE OR REPLACE VIEW priv_s.tv AS SELECT id, v FROM priv_s.t;
SELECT relacl FROM pg_class WHERE oid = 'priv_s.tv'::regclass;
-- owners
SET ROLE priv_alice;
DROP TABLE priv_s.t;
ALTER TABLE priv_s.t OWNER TO priv_alice;
RESET ROLE;
ALTER TABLE priv_s.t OWNER TO priv_alice;
SELECT pg_get_userbyid(relowner), relacl FROM pg_class WHERE oid = 'priv_s.t'::regclass;
SET ROLE priv_alice;
SELECT count(*) FROM priv_s.t;
REVOKE SELECT ON priv_s.t FROM priv_alice;
SELECT count(*) FROM priv_s.t;
GRANT SELECT ON priv_s.t TO priv_alice;
SELECT count(*) FROM priv_s.t;
ALTER TABLE priv_s.t OWNER TO priv_bob;
RESET ROLE;
ALTER SCHEMA priv_s OWNER TO priv_bob;
SELECT pg_get_userbyid(nspowner), nspacl FROM pg_namespace WHERE nspname = 'priv_s';
ALTER SCHEMA nosuch OWNER TO priv_bob;
SET ROLE priv_alice;
DROP SCHEMA priv_s CASCADE;
RESET ROLE;
-- a role that holds privileges or owns objects cannot be dropped
CREATE ROLE priv_dave;
GRANT SELECT ON priv_s.u TO priv_dave;
DROP ROLE priv_dave;
REVOKE ALL ON priv_s.u FROM priv_dave;
CREATE SCHEMA priv_dave_s AUTHORIZATION priv_dave;
DROP ROLE priv_dave;
DROP SCHEMA priv_dave_s;
DROP ROLE priv_dave;
DROP SCHEMA priv_s CASCADE;
DROP ROLE priv_alice;
DROP ROLE priv_bob;
DROP ROLE priv_carol;
-- the aclitem type and its functions
SELECT 'postgres=arw*/postgres'::aclitem, '=r/postgres'::aclitem;
SELECT '{postgres=r/postgres,=w*/postgres}'::aclitem[];
SELECT 'postgres=q/postgres'::aclitem;
SELECT 'nosuch=r/postgres'::aclitem;
SELECT acldefault('r', 10), acldefault('s', 10), acldefault('d', 10), acldefault('n', 10),
       acldefault('f', 10), acldefault('c', 10);
SELECT makeaclitem(10, 10, 'select', true), makeaclitem(0, 10, 'USAGE', false);
SELECT makeaclitem(10, 10, 'SELECT, INSERT', false);
SELECT '{postgres=rw/postgres}'::aclitem[] @> 'postgres=r/postgres'::aclitem AS contains,
       aclcontains('{postgres=r/postgres}', 'postgres=rw/postgres') AS not_contains,
       'postgres=r/postgres'::aclitem = 'postgres=r/postgres'::aclitem AS same;
SELECT relacl @> makeaclitem(10, 10, 'SELECT', false) FROM pg_class WHERE relname = 'pg_class';
