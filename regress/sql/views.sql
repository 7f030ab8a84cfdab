-- CREATE [OR REPLACE] VIEW, views in queries, DROP VIEW
CREATE TABLE vw_t (a int PRIMARY KEY, b text, c numeric(6,2));
INSERT INTO vw_t VALUES (1, 'one', 1.50), (2, 'two', 2.25), (3, 'three', NULL);
CREATE VIEW vw_big AS SELECT a, b || '!' AS shout, c FROM vw_t WHERE a > 1;
SELECT * FROM vw_big ORDER BY a;
SELECT shout FROM vw_big WHERE c IS NULL;
-- column names from the list, then from the query
CREATE VIEW vw_named (x, y) AS SELECT a, b, c FROM vw_t;
SELECT * FROM vw_named ORDER BY x;
SELECT v.x, t.c FROM vw_named v JOIN vw_t t ON t.a = v.x WHERE v.y LIKE 't%' ORDER BY 1;
-- aggregates, a view over a view, a view in a subquery
CREATE VIEW vw_agg AS SELECT count(*) AS n, sum(c) AS total, 'lit' AS label FROM vw_t;
SELECT * FROM vw_agg;
CREATE VIEW vw_star AS SELECT * FROM vw_big;
SELECT * FROM vw_star ORDER BY a;
SELECT a FROM vw_t WHERE a IN (SELECT a FROM vw_star) ORDER BY a;
SELECT (SELECT n FROM vw_agg) AS n, count(*) FROM vw_big;
-- the catalog
SELECT relname, relkind, relnatts FROM pg_class WHERE relname LIKE 'vw\_%' ORDER BY 1;
SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
WHERE attrelid = 'vw_named'::regclass ORDER BY attnum;
SELECT r.rulename, r.ev_type, r.is_instead FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
WHERE c.relname = 'vw_big';
-- OR REPLACE may add columns at the end; the "*" of vw_star keeps its two columns
CREATE OR REPLACE VIEW vw_big AS SELECT a, b || '?' AS shout, c, a * 10 AS ten FROM vw_t WHERE a > 1;
SELECT * FROM vw_big ORDER BY a;
SELECT * FROM vw_star ORDER BY a;
CREATE OR REPLACE VIEW vw_big AS SELECT a, b AS shout FROM vw_t;
CREATE OR REPLACE VIEW vw_big AS SELECT a, b AS loud, c, a * 10 AS ten FROM vw_t;
CREATE OR REPLACE VIEW vw_big AS SELECT a, b AS shout, c, a::text AS ten FROM vw_t;
CREATE OR REPLACE VIEW vw_t AS SELECT 1 AS a;
-- errors
CREATE VIEW vw_big AS SELECT 1;
CREATE VIEW vw_dup AS SELECT a, b AS a FROM vw_t;
CREATE VIEW vw_many (p, q, r, s) AS SELECT a, b FROM vw_t;
CREATE VIEW vw_bad AS SELECT nope FROM vw_t;
CREATE VIEW vw_bad AS SELECT * FROM no_such_table;
CREATE VIEW pg_catalog.vw_sys AS SELECT 1;
DROP TABLE vw_big;
DROP VIEW vw_t;
DROP VIEW vw_nothing;
DROP VIEW IF EXISTS vw_nothing;
-- a view in another schema, found through the search path
CREATE SCHEMA vw_s;
CREATE VIEW vw_s.inner_v AS SELECT a FROM public.vw_t WHERE a < 3;
SELECT * FROM vw_s.inner_v ORDER BY a;
SET search_path = vw_s, public;
SELECT count(*) FROM inner_v;
RESET search_path;
-- dropped views are gone, in a rolled back transaction they stay
BEGIN;
DROP VIEW vw_star, vw_named;
SELECT count(*) FROM pg_class WHERE relname IN ('vw_star', 'vw_named');
ROLLBACK;
SELECT count(*) FROM pg_class WHERE relname IN ('vw_star', 'vw_named');
DROP VIEW vw_star, vw_named, vw_agg, vw_big, vw_s.inner_v;
DROP SCHEMA vw_s;
SELECT count(*) FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class WHERE c.relname LIKE 'vw\_%';
DROP TABLE vw_t;
