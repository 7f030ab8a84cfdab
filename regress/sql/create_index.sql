-- CREATE INDEX, DROP INDEX, UNIQUE constraints, index scans and EXPLAIN
CREATE TABLE items (id int PRIMARY KEY, grp int, name text, price numeric, note varchar(20), code int);
INSERT INTO items SELECT g, g % 50, 'item' || g, g * 1.5, CASE WHEN g % 7 = 0 THEN NULL ELSE 'n' || (g % 13) END, g % 37
  FROM generate_series(1, 2000) g;
CREATE INDEX items_code_idx ON items (code);
CREATE INDEX IF NOT EXISTS items_code_idx ON items (name);
CREATE INDEX items_code_idx ON items (name);
CREATE UNIQUE INDEX items_name_key ON items (name);
CREATE INDEX ON items (grp, price DESC);
CREATE INDEX ON items (lower(name));
CREATE INDEX items_note_partial ON items (note) WHERE grp > 40;
SELECT indexrelid::regclass, indrelid::regclass, indnatts, indisunique, indisprimary, indkey, indoption,
       indexprs IS NOT NULL AS has_exprs, indpred IS NOT NULL AS has_pred
  FROM pg_index WHERE indrelid = 'items'::regclass ORDER BY indexrelid;
SELECT relname, relkind, relnatts FROM pg_class WHERE relname LIKE 'items%' ORDER BY relname;
-- equality, range and ORDER BY ... LIMIT through indexes
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM items WHERE code = 7;
SELECT id, code, name FROM items WHERE code = 7 ORDER BY id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM items WHERE grp = 7;
SELECT id, grp, name FROM items WHERE grp = 7 ORDER BY id LIMIT 5;
EXPLAIN (COSTS OFF) SELECT * FROM items WHERE id = 42;
SELECT * FROM items WHERE id = 42;
EXPLAIN (COSTS OFF) SELECT * FROM items WHERE id >= 10 AND id < 15;
SELECT id FROM items WHERE id >= 10 AND id < 15 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM items WHERE grp = 3 AND price > 2900;
SELECT id FROM items WHERE grp = 3 AND price > 2900 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id, name FROM items WHERE name = 'item77';
SELECT id, name FROM items WHERE name = 'item77';
EXPLAIN (COSTS OFF) SELECT id FROM items WHERE lower(name) = 'item1999';
SELECT id FROM items WHERE lower(name) = 'item1999';
EXPLAIN (COSTS OFF) SELECT id, note FROM items WHERE note = 'n5' AND grp > 40;
SELECT id, note FROM items WHERE note = 'n5' AND grp > 40 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id, name FROM items ORDER BY name LIMIT 3;
SELECT id, name FROM items ORDER BY name LIMIT 3;
EXPLAIN (COSTS OFF) SELECT id, name FROM items ORDER BY id LIMIT 3;
SELECT id, name FROM items ORDER BY id LIMIT 3;
EXPLAIN (COSTS OFF) SELECT id, grp, price FROM items WHERE grp = 10 ORDER BY grp, price DESC LIMIT 2;
SELECT id, grp, price FROM items WHERE grp = 10 ORDER BY grp, price DESC LIMIT 2;
EXPLAIN (COSTS OFF) SELECT count(name) FROM items WHERE grp = 1;
SELECT count(name) FROM items WHERE grp = 1;
EXPLAIN (COSTS OFF) SELECT id, name FROM items WHERE code < 2 AND name > 'item1990';
SELECT id, name FROM items WHERE code < 2 AND name > 'item1990' ORDER BY id;
EXPLAIN (COSTS OFF) UPDATE items SET price = price + 1 WHERE grp = 5;
EXPLAIN (COSTS OFF) DELETE FROM items WHERE id = 3;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- unique indexes: 23505 naming the index and the key, NULLs never conflict
INSERT INTO items VALUES (5000, 1, 'item5', 1, NULL);
UPDATE items SET name = 'item6' WHERE id = 7;
UPDATE items SET name = 'item7' WHERE id = 7;
INSERT INTO items VALUES (5001, 1, 'fresh', 1, NULL);
SELECT id, name FROM items WHERE name = 'fresh';
CREATE TABLE people (id int PRIMARY KEY, email text UNIQUE, nick text, code int, UNIQUE (nick, code));
SELECT conname, contype, conkey FROM pg_constraint WHERE conrelid = 'people'::regclass ORDER BY conname;
INSERT INTO people VALUES (1, 'a@x', 'ann', 1), (2, 'b@x', 'ann', 2), (3, NULL, NULL, 1), (4, NULL, NULL, 1);
INSERT INTO people VALUES (5, 'a@x', 'zed', 9);
INSERT INTO people VALUES (6, 'c@x', 'ann', 1);
SELECT * FROM people ORDER BY id;
UPDATE people SET email = 'b@x' WHERE id = 1;
UPDATE people SET email = 'z@x' WHERE id = 1;
SELECT * FROM people WHERE email = 'z@x';
-- a unique index over rows that repeat fails and leaves nothing behind
CREATE TABLE dups (id int PRIMARY KEY, v int);
INSERT INTO dups VALUES (1, 10), (2, 20), (3, 30), (4, 20), (5, NULL), (6, NULL);
CREATE UNIQUE INDEX dups_v_key ON dups (v);
SELECT count(*) FROM pg_class WHERE relname = 'dups_v_key';
DELETE FROM dups WHERE id = 4;
CREATE UNIQUE INDEX dups_v_key ON dups (v);
INSERT INTO dups VALUES (7, 20);
INSERT INTO dups VALUES (8, NULL);
DROP TABLE dups;
-- errors
CREATE INDEX ON nosuch (a);
CREATE INDEX bad ON items (nosuch);
CREATE INDEX bad ON items (clock_timestamp());
CREATE INDEX bad ON items (id) WHERE clock_timestamp() > '2000-01-01';
CREATE INDEX items_pkey ON items (grp);
DROP INDEX items_pkey;
DROP INDEX people_email_key;
DROP INDEX items;
DROP INDEX nosuch;
DROP INDEX IF EXISTS nosuch;
-- index entries follow updates and deletes; dropped indexes are gone
UPDATE items SET grp = 99 WHERE id <= 10;
SELECT count(*) FROM items WHERE grp = 99;
SELECT count(*) FROM items WHERE grp = 1;
DELETE FROM items WHERE grp = 99;
SELECT count(*) FROM items WHERE grp = 99;
VACUUM items;
SELECT count(*) FROM items WHERE grp = 2;
DROP INDEX items_code_idx, items_lower_idx;
SELECT relname FROM pg_class WHERE relname LIKE 'items%' ORDER BY relname;
SELECT count(*) FROM items WHERE grp = 2;
-- transactional DDL: a rolled-back CREATE INDEX leaves no trace
BEGIN;
CREATE INDEX items_tmp_idx ON items (price);
SELECT count(*) FROM pg_class WHERE relname = 'items_tmp_idx';
ROLLBACK;
SELECT count(*) FROM pg_class WHERE relname = 'items_tmp_idx';
DROP TABLE people;
SELECT count(*) FROM pg_class WHERE relname LIKE 'people%';
DROP TABLE items;
