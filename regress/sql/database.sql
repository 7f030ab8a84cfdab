-- CREATE / ALTER / DROP DATABASE: options, pg_database rows, errors, independent catalogs
SELECT datname, pg_get_userbyid(datdba) AS owner, encoding, datlocprovider, datistemplate,
       datallowconn, datconnlimit, dattablespace
  FROM pg_database WHERE datname IN ('template0', 'template1', 'postgres') ORDER BY datname;
DROP DATABASE IF EXISTS dbtest_a;
DROP ROLE IF EXISTS dbtest_owner;
DROP ROLE IF EXISTS dbtest_plain;
CREATE ROLE dbtest_owner LOGIN CREATEDB;
CREATE ROLE dbtest_plain LOGIN;
CREATE DATABASE dbtest_a;
CREATE DATABASE dbtest_b WITH OWNER dbtest_owner TEMPLATE template0 ENCODING 'UTF8'
    LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 5 IS_TEMPLATE false ALLOW_CONNECTIONS true
    STRATEGY wal_log TABLESPACE pg_default;
CREATE DATABASE dbtest_c TEMPLATE = template0 LOCALE 'C' STRATEGY = 'file_copy' ENCODING = 6;
CREATE DATABASE dbtest_d WITH TEMPLATE dbtest_a CONNECTION LIMIT = -1 IS_TEMPLATE = on;
SELECT datname, pg_get_userbyid(datdba) AS owner, encoding, datlocprovider, datistemplate,
       datallowconn, datconnlimit, dattablespace, daticulocale, datcollversion
  FROM pg_database WHERE datname LIKE 'dbtest%' ORDER BY datname;
SELECT datcollate, datctype FROM pg_database WHERE datname IN ('dbtest_b', 'dbtest_c');
-- errors
CREATE DATABASE dbtest_a;
CREATE DATABASE postgres;
CREATE DATABASE dbtest_x TEMPLATE nosuch;
CREATE DATABASE dbtest_x OWNER nosuch;
CREATE DATABASE dbtest_x OWNER dbtest_owner OWNER dbtest_owner;
CREATE DATABASE dbtest_x foo 1;
CREATE DATABASE dbtest_x CONNECTION LIMIT -5;
CREATE DATABASE dbtest_x STRATEGY 'fast';
CREATE DATABASE dbtest_x ENCODING 'nosuch';
CREATE DATABASE dbtest_x TABLESPACE nosuch;
CREATE DATABASE dbtest_x IS_TEMPLATE 'maybe';
CREATE DATABASE dbtest_x LOCATION 'somewhere' TEMPLATE nosuch;
BEGIN;
CREATE DATABASE dbtest_x;
ROLLBACK;
BEGIN;
DROP DATABASE dbtest_a;
ROLLBACK;
DROP DATABASE nosuch;
DROP DATABASE IF EXISTS nosuch;
DROP DATABASE template1;
DROP DATABASE postgres;
DROP DATABASE dbtest_d;
SELECT datname FROM pg_database WHERE datname LIKE 'dbtest%' ORDER BY datname;
-- each database has its own catalog, copied from its template
\c dbtest_a
SELECT current_database();
CREATE TABLE dbt_items (id int PRIMARY KEY, name text);
INSERT INTO dbt_items VALUES (1, 'one'), (2, 'two');
CREATE DATABASE dbtest_from_a TEMPLATE dbtest_a;
\c dbtest_from_a
SELECT * FROM dbt_items ORDER BY id;
INSERT INTO dbt_items VALUES (3, 'three');
SELECT count(*) FROM dbt_items;
\c dbtest_a
SELECT count(*) FROM dbt_items;
DROP DATABASE dbtest_a;
\c postgres
SELECT count(*) FROM pg_class WHERE relname = 'dbt_items';
DROP DATABASE dbtest_a;
-- template0 accepts no connections; a template can be copied but not dropped
ALTER DATABASE dbtest_d IS_TEMPLATE false;
DROP DATABASE dbtest_d;
-- ALTER DATABASE
ALTER DATABASE dbtest_c RENAME TO dbtest_c2;
ALTER DATABASE dbtest_c RENAME TO dbtest_c3;
ALTER DATABASE dbtest_c2 RENAME TO dbtest_b;
ALTER DATABASE postgres RENAME TO dbtest_p;
ALTER DATABASE dbtest_c2 OWNER TO dbtest_owner;
ALTER DATABASE dbtest_c2 OWNER TO nosuch;
ALTER DATABASE dbtest_c2 WITH ALLOW_CONNECTIONS false CONNECTION LIMIT 3 IS_TEMPLATE true;
ALTER DATABASE dbtest_c2 WITH foo 1;
ALTER DATABASE nosuch CONNECTION LIMIT 1;
SELECT datname, pg_get_userbyid(datdba) AS owner, datistemplate, datallowconn, datconnlimit
  FROM pg_database WHERE datname LIKE 'dbtest%' ORDER BY datname;
ALTER DATABASE dbtest_c2 IS_TEMPLATE false;
-- privileges: CREATEDB, ownership
\c postgres dbtest_plain
CREATE DATABASE dbtest_x;
DROP DATABASE dbtest_b;
ALTER DATABASE dbtest_b RENAME TO dbtest_x;
\c postgres dbtest_owner
CREATE DATABASE dbtest_mine;
CREATE DATABASE dbtest_x OWNER dbtest_plain;
ALTER DATABASE dbtest_mine RENAME TO dbtest_mine2;
ALTER DATABASE dbtest_mine2 OWNER TO postgres;
DROP DATABASE dbtest_c2;
DROP DATABASE dbtest_mine2;
\c postgres postgres
SELECT datname FROM pg_database WHERE datname LIKE 'dbtest%' ORDER BY datname;
DROP DATABASE dbtest_b;
DROP DATABASE dbtest_from_a;
DROP ROLE dbtest_owner;
DROP ROLE dbtest_plain;
SELECT count(*) FROM pg_database WHERE datname LIKE 'dbtest%';
