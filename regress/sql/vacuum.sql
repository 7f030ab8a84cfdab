-- VACUUM: removes row versions no snapshot can see; the data stays as it was.
CREATE TABLE vac_t (id int PRIMARY KEY, v text);
INSERT INTO vac_t SELECT g, 'row ' || g FROM generate_series(1, 200) g;
UPDATE vac_t SET v = v || ' updated' WHERE id % 2 = 0;
DELETE FROM vac_t WHERE id % 5 = 0;
VACUUM vac_t;
SELECT count(*), min(id), max(id) FROM vac_t;
SELECT id, v FROM vac_t WHERE id <= 12 ORDER BY id;
-- after vacuum the table takes updates and inserts as before
UPDATE vac_t SET v = 'again' WHERE id = 1;
INSERT INTO vac_t VALUES (5, 'back');
SELECT id, v FROM vac_t WHERE id <= 6 ORDER BY id;
-- a table without a primary key, rolled-back inserts, repeated updates
CREATE TABLE vac_nopk (a int, b int);
INSERT INTO vac_nopk SELECT g, 0 FROM generate_series(1, 50) g;
BEGIN;
INSERT INTO vac_nopk SELECT g, -1 FROM generate_series(51, 100) g;
ROLLBACK;
UPDATE vac_nopk SET b = b + 1;
UPDATE vac_nopk SET b = b + 1;
UPDATE vac_nopk SET b = b + 1;
VACUUM vac_nopk, vac_t;
SELECT count(*), sum(a), min(b), max(b) FROM vac_nopk;
-- everything, catalogs included
VACUUM;
SELECT count(*) FROM vac_t;
-- options that act the same here and in PostgreSQL
VACUUM (FREEZE) vac_t;
VACUUM (DISABLE_PAGE_SKIPPING, SKIP_LOCKED) vac_t;
VACUUM FREEZE vac_nopk;
-- errors
VACUUM no_such_table;
VACUUM vac_t, no_such_table;
VACUUM (NO_SUCH_OPTION) vac_t;
BEGIN;
VACUUM vac_t;
ROLLBACK;
SELECT count(*) FROM vac_t;
DROP TABLE vac_t;
DROP TABLE vac_nopk;
