-- Subqueries in expressions: scalar, EXISTS, IN, NOT IN, ANY / ALL, correlated, errors
CREATE TABLE s_a (id int PRIMARY KEY, v int, tag text);
CREATE TABLE s_b (id int PRIMARY KEY, a_id int, w int);
INSERT INTO s_a VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 30, NULL), (4, NULL, 'z');
INSERT INTO s_b VALUES (1, 1, 5), (2, 1, 7), (3, 2, 9), (4, NULL, 1);
SELECT (SELECT max(v) FROM s_a);
SELECT (SELECT v FROM s_a WHERE id = 2) AS two, (SELECT v FROM s_a WHERE id = 99) AS none;
SELECT id FROM s_a WHERE v > (SELECT avg(v) FROM s_a) ORDER BY id;
SELECT id FROM s_a WHERE EXISTS (SELECT 1 FROM s_b WHERE s_b.a_id = s_a.id) ORDER BY id;
SELECT id FROM s_a WHERE NOT EXISTS (SELECT 1 FROM s_b WHERE s_b.a_id = s_a.id) ORDER BY id;
SELECT id FROM s_a WHERE id IN (SELECT a_id FROM s_b) ORDER BY id;
SELECT id FROM s_a WHERE id NOT IN (SELECT a_id FROM s_b) ORDER BY id;
SELECT id FROM s_a WHERE id NOT IN (SELECT a_id FROM s_b WHERE a_id IS NOT NULL) ORDER BY id;
SELECT id, v > ALL (SELECT w FROM s_b) AS gt_all, v < ANY (SELECT w * 3 FROM s_b) AS lt_any FROM s_a ORDER BY id;
SELECT a.id, (SELECT sum(w) FROM s_b b WHERE b.a_id = a.id) AS total FROM s_a a ORDER BY a.id;
SELECT a.id, (SELECT count(*) FROM s_b b WHERE b.w > a.id * 3) FROM s_a a ORDER BY 1;
SELECT a.id FROM s_a a WHERE a.v = (SELECT max(v) FROM s_a a2 WHERE a2.tag = a.tag) ORDER BY 1;
SELECT a.id FROM s_a a WHERE EXISTS (SELECT 1 FROM s_b b WHERE b.a_id = a.id AND EXISTS (SELECT 1 FROM s_a c WHERE c.id = b.a_id AND c.v = a.v)) ORDER BY 1;
SELECT a.tag, (SELECT count(*) FROM s_b b WHERE b.a_id = a.id) FROM s_a a WHERE a.id < 3 ORDER BY 1;
SELECT 'y' IN (SELECT tag FROM s_a) AS has_y, 'q' IN (SELECT tag FROM s_a) AS has_q;
SELECT id FROM s_a WHERE v IN (SELECT v FROM s_a WHERE v > 15) ORDER BY id;
SELECT a.id, b.w FROM s_a a JOIN s_b b ON b.a_id = a.id WHERE b.w = (SELECT max(w) FROM s_b b2 WHERE b2.a_id = a.id) ORDER BY 1;
UPDATE s_a SET tag = 'has_b' WHERE id IN (SELECT a_id FROM s_b);
SELECT * FROM s_a ORDER BY id;
DELETE FROM s_b WHERE NOT EXISTS (SELECT 1 FROM s_a WHERE s_a.id = s_b.a_id);
SELECT * FROM s_b ORDER BY id;
-- uncorrelated subqueries run once; subqueries in INSERT and UPDATE
SELECT id, v - (SELECT min(v) FROM s_a) AS above_min, id IN (SELECT a_id FROM s_b) AS has_b FROM s_a ORDER BY id;
INSERT INTO s_b VALUES ((SELECT max(id) + 1 FROM s_b), (SELECT min(id) FROM s_a), 2);
UPDATE s_b SET w = (SELECT count(*) FROM s_a WHERE s_a.id <= s_b.id) WHERE id > 2;
SELECT * FROM s_b ORDER BY id;
COPY (SELECT id, (SELECT max(w) FROM s_b) AS top FROM s_a WHERE id IN (SELECT a_id FROM s_b) ORDER BY id) TO STDOUT;
-- errors
\set VERBOSITY sqlstate
CREATE TABLE s_bad (x int DEFAULT (SELECT 1));
CREATE INDEX s_bad_idx ON s_a ((v + (SELECT 1)));
\set VERBOSITY default
SELECT (SELECT v FROM s_a);
SELECT (SELECT id, v FROM s_a WHERE id = 1);
SELECT id FROM s_a WHERE id IN (SELECT id, v FROM s_b);
SELECT (SELECT nope FROM s_b);
DROP TABLE s_a;
DROP TABLE s_b;
