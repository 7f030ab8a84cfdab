-- SQL-level PREPARE / EXECUTE / DEALLOCATE
CREATE TABLE prep_t (id int PRIMARY KEY, v text, n numeric(6,2));
PREPARE prep_ins (int, text, numeric) AS INSERT INTO prep_t VALUES ($1, $2, $3);
EXECUTE prep_ins(1, 'one', 1.5);
EXECUTE prep_ins(2, 'two' || '!', 2);
EXECUTE prep_ins(3, NULL, '3.25');
PREPARE prep_sel AS SELECT id, v, n FROM prep_t WHERE id >= $1 ORDER BY id;
EXECUTE prep_sel(1);
EXECUTE prep_sel(3);
PREPARE prep_upd (int) AS UPDATE prep_t SET v = upper(v) WHERE id = $1 RETURNING id, v;
EXECUTE prep_upd(1);
PREPARE prep_two AS SELECT $1::int + $2::int AS sum, $3 AS label;
EXECUTE prep_two(40, 2, 'x');
PREPARE prep_untyped AS SELECT $1;
EXECUTE prep_untyped('text it is');
-- statements survive a rolled back transaction
BEGIN;
PREPARE prep_in_tx AS SELECT count(*) FROM prep_t;
ROLLBACK;
EXECUTE prep_in_tx;
-- errors
EXECUTE prep_sel;
EXECUTE prep_sel(1, 2);
EXECUTE prep_nothing(1);
EXECUTE prep_sel('x');
EXECUTE prep_sel(true);
EXECUTE prep_ins(1, 'dup', 0);
PREPARE prep_ins (int) AS SELECT 1;
PREPARE prep_bad AS SELECT * FROM no_such_table;
EXECUTE prep_bad;
DEALLOCATE prep_ins;
EXECUTE prep_ins(4, 'four', 4);
DEALLOCATE prep_nothing;
DEALLOCATE PREPARE prep_upd;
DEALLOCATE ALL;
EXECUTE prep_sel(1);
SELECT count(*) FROM prep_t;
DROP TABLE prep_t;
