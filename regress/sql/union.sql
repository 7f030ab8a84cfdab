-- UNION / INTERSECT / EXCEPT [ALL]: results, column types, names, ORDER BY / LIMIT,
-- nesting, and PostgreSQL's errors.
CREATE TABLE un_a (id int PRIMARY KEY, x int, s text);
CREATE TABLE un_b (id int PRIMARY KEY, y bigint, t varchar(10));
INSERT INTO un_a VALUES (1, 10, 'one'), (2, 20, 'two'), (3, 20, 'three'), (4, NULL, NULL);
INSERT INTO un_b VALUES (1, 10, 'one'), (2, 30, 'thirty'), (3, NULL, NULL), (5, 10, 'uno');

SELECT x FROM un_a UNION SELECT y FROM un_b ORDER BY 1;
SELECT x FROM un_a UNION ALL SELECT y FROM un_b ORDER BY 1 NULLS FIRST;
SELECT x FROM un_a UNION ALL SELECT y FROM un_b ORDER BY x DESC LIMIT 3;
SELECT x FROM un_a UNION SELECT y FROM un_b ORDER BY x LIMIT 2 OFFSET 1;
SELECT x, s FROM un_a INTERSECT SELECT y, t FROM un_b ORDER BY 1;
SELECT x FROM un_a INTERSECT ALL SELECT y FROM un_b ORDER BY 1;
SELECT x FROM un_a EXCEPT SELECT y FROM un_b ORDER BY 1;
SELECT x FROM un_a EXCEPT ALL SELECT y FROM un_b ORDER BY 1;
SELECT y FROM un_b EXCEPT ALL SELECT x FROM un_a ORDER BY 1;
-- UNION ALL keeps the inputs' order
SELECT id FROM un_a UNION ALL SELECT id FROM un_b;
SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y' UNION ALL SELECT 3, 'z';

-- Column types: unknown literals, integer widths, numeric, text and varchar
SELECT 'a' AS c UNION SELECT 'b' ORDER BY 1;
SELECT 'a' AS c UNION ALL SELECT 'b' \gdesc
SELECT 1 AS c UNION ALL SELECT 2::bigint \gdesc
SELECT 1 AS c UNION ALL SELECT 2.5 \gdesc
SELECT 1 AS c UNION ALL SELECT '7' \gdesc
SELECT 1 AS c UNION ALL SELECT '7' ORDER BY 1;
SELECT NULL AS c UNION ALL SELECT NULL \gdesc
SELECT s AS c FROM un_a UNION SELECT t FROM un_b \gdesc
SELECT s AS c FROM un_a UNION SELECT t FROM un_b ORDER BY 1;
SELECT t AS c FROM un_b UNION SELECT t FROM un_b \gdesc
SELECT 1.5::float8 AS c UNION SELECT 2 ORDER BY 1;
SELECT 1 AS c UNION SELECT 2 UNION SELECT 3.5 \gdesc
SELECT 1::int2 AS c UNION SELECT 2::int2 UNION ALL SELECT 3 \gdesc
SELECT 1 UNION SELECT 2 UNION SELECT 3.5 ORDER BY 1;
-- column names come from the first query
SELECT id AS first_name, x FROM un_a UNION SELECT id, y FROM un_b ORDER BY first_name, x LIMIT 3;

-- Nesting and parentheses
SELECT x FROM un_a UNION SELECT y FROM un_b EXCEPT SELECT 10 ORDER BY 1;
SELECT x FROM un_a UNION (SELECT y FROM un_b EXCEPT SELECT 10) ORDER BY 1;
SELECT 1 INTERSECT SELECT 1 UNION SELECT 2 ORDER BY 1;
(SELECT id FROM un_a ORDER BY id DESC LIMIT 2) UNION ALL (SELECT id FROM un_b ORDER BY id LIMIT 1);
SELECT * FROM (SELECT x FROM un_a UNION SELECT y FROM un_b) u WHERE x > 10 ORDER BY 1;
SELECT count(*) FROM (SELECT x FROM un_a UNION ALL SELECT y FROM un_b) u;
SELECT id FROM un_a WHERE x IN (SELECT 20 UNION SELECT 10) ORDER BY id;
SELECT (SELECT max(x) FROM (SELECT x FROM un_a UNION SELECT y FROM un_b) u);
-- with aggregates and GROUP BY in the branches
SELECT x, count(*) FROM un_a GROUP BY x UNION ALL SELECT y, count(*) FROM un_b GROUP BY y ORDER BY 1, 2;
-- INSERT ... SELECT with UNION
CREATE TABLE un_c (v bigint);
INSERT INTO un_c SELECT x FROM un_a UNION SELECT y FROM un_b;
SELECT v FROM un_c ORDER BY v;
-- NULLs are not distinct in set operations
SELECT NULL::int UNION SELECT NULL::int;
SELECT NULL::int INTERSECT SELECT NULL::int;

-- Errors
SELECT 1 UNION SELECT 1, 2;
SELECT 1, 2 INTERSECT SELECT 1;
SELECT 1 UNION SELECT 'a';
SELECT 'a' UNION SELECT 1;
SELECT 1 UNION SELECT true;
SELECT x FROM un_a EXCEPT SELECT s FROM un_a;
SELECT 1 AS x UNION SELECT 2 ORDER BY x + 1;
SELECT 1 AS x UNION SELECT 2 ORDER BY y;
SELECT 1 AS x UNION SELECT 2 ORDER BY 3;
SELECT 1 UNION SELECT 2 FOR UPDATE;
-- types without equality (json) cannot be compared; UNION ALL needs none
select '{}'::json union select '{}'::json;
select distinct x from (values ('{"a":1}'::json)) v(x);
select '{"a":1}'::jsonb union select '{"a": 1}'::jsonb;
select distinct x from (values ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid), ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')) v(x);
select '{}'::json intersect select '{}'::json;
select distinct on (x) x from (values ('{}'::json)) v(x);
select x from (values ('{}'::json)) v(x) order by 1;
select x from (values ('{}'::json)) v(x) group by x;
select x from (values ('{}'::json)) v(x) union all select '{}'::json;
with recursive t(j) as (select '{}'::json union select j from t) select * from t;

-- EXPLAIN
EXPLAIN (COSTS OFF) SELECT x FROM un_a UNION ALL SELECT id FROM un_b;
EXPLAIN (COSTS OFF) SELECT x FROM un_a UNION SELECT id FROM un_b;
EXPLAIN (COSTS OFF) SELECT x FROM un_a INTERSECT SELECT id FROM un_b;
EXPLAIN (COSTS OFF) SELECT x FROM un_a EXCEPT ALL SELECT id FROM un_b;
EXPLAIN (COSTS OFF) SELECT 1 UNION ALL SELECT 2;

DROP TABLE un_a, un_b, un_c;
