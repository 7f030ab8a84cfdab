-- INSERT / UPDATE / DELETE ... RETURNING
CREATE TABLE ret_t (id serial PRIMARY KEY, v text, n int DEFAULT 7);
INSERT INTO ret_t (v) VALUES ('a'), ('b') RETURNING *;
INSERT INTO ret_t (v) VALUES ('c') RETURNING id, v || '!' AS shout, n * 2, 'lit';
INSERT INTO ret_t AS x (v) VALUES ('d') RETURNING x.id, x.*;
INSERT INTO ret_t (v, n) SELECT v || '2', n + 100 FROM ret_t WHERE id <= 2 RETURNING id, v, n;
UPDATE ret_t SET n = n + 1 WHERE id <= 2 RETURNING id, n, n - 1 AS was;
UPDATE ret_t AS u SET v = upper(v) WHERE u.id = 4 RETURNING u.v, length(u.v);
DELETE FROM ret_t WHERE id = 3 RETURNING *;
DELETE FROM ret_t WHERE id = 99 RETURNING *;
DELETE FROM ret_t WHERE n > 100 RETURNING id;
SELECT * FROM ret_t ORDER BY id;
-- RETURNING inside a transaction that rolls back: nothing kept
BEGIN;
DELETE FROM ret_t RETURNING id;
ROLLBACK;
SELECT count(*) FROM ret_t;
-- errors
INSERT INTO ret_t (v) VALUES ('e') RETURNING nope;
INSERT INTO ret_t (v) VALUES ('e') RETURNING y.*;
UPDATE ret_t SET n = 1 RETURNING count(*);
DELETE FROM ret_t WHERE id = 1 RETURNING 1/0;
SELECT count(*) FROM ret_t;
DROP TABLE ret_t;
