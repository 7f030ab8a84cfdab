-- CREATE / ALTER / DROP ROLE and USER; passwords are stored as verifiers
DROP ROLE IF EXISTS alice, bob, carol;
CREATE ROLE alice;
CREATE USER bob PASSWORD 'secret' CREATEDB;
CREATE ROLE carol WITH LOGIN SUPERUSER CONNECTION LIMIT 5 PASSWORD 'md5f1c1a3d5e7ab7e62b0c8bf8d9b29e7a3';
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolconnlimit,
       rolpassword IS NULL AS nopass, left(rolpassword, 14) AS kind
  FROM pg_authid WHERE rolname IN ('alice', 'bob', 'carol') ORDER BY rolname;
CREATE ROLE alice;
CREATE ROLE public;
CREATE ROLE pg_mine;
CREATE ROLE dave LOGIN NOLOGIN;
CREATE ROLE dave CONNECTION LIMIT -5;
ALTER ROLE alice WITH LOGIN PASSWORD 'pw' CREATEROLE;
ALTER USER bob NOCREATEDB PASSWORD NULL;
ALTER ROLE nobody LOGIN;
SELECT rolname, rolcreaterole, rolcreatedb, rolcanlogin, rolpassword IS NULL AS nopass
  FROM pg_authid WHERE rolname IN ('alice', 'bob') ORDER BY rolname;
ALTER ROLE alice PASSWORD '';
SELECT rolpassword IS NULL AS nopass FROM pg_authid WHERE rolname = 'alice';
DROP ROLE alice, bob;
DROP ROLE alice;
DROP ROLE IF EXISTS alice;
DROP USER carol;
SELECT count(*) FROM pg_authid WHERE rolname IN ('alice', 'bob', 'carol');
BEGIN;
CREATE ROLE erin;
ROLLBACK;
SELECT count(*) FROM pg_authid WHERE rolname = 'erin';
