-- WITH (common table expressions, not recursive): referenced once or several times,
-- nested, shadowing, column lists; subqueries in FROM; CASE, COALESCE, NULLIF.
CREATE TABLE w_emp (id int PRIMARY KEY, name text, dept int, salary numeric);
INSERT INTO w_emp VALUES (1, 'ann', 10, 100), (2, 'bob', 10, 200), (3, 'cid', 20, 150),
    (4, 'dee', 20, NULL), (5, 'eve', 30, 300);

WITH d AS (SELECT dept, sum(salary) AS total FROM w_emp GROUP BY dept)
SELECT * FROM d ORDER BY dept;
WITH d AS (SELECT dept, sum(salary) AS total FROM w_emp GROUP BY dept)
SELECT e.name, d.total FROM w_emp e JOIN d ON e.dept = d.dept ORDER BY e.id;
WITH d AS (SELECT dept FROM w_emp WHERE salary > 120)
SELECT a.dept, b.dept FROM d a, d b WHERE a.dept < b.dept ORDER BY 1, 2;
WITH d(k, n) AS (SELECT dept, count(*) FROM w_emp GROUP BY dept)
SELECT k, n FROM d WHERE n > 1 ORDER BY k;
WITH d(k) AS (SELECT dept, name FROM w_emp)
SELECT * FROM d ORDER BY name LIMIT 2;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a)
SELECT * FROM a, b;
WITH a AS (SELECT 1 AS x)
SELECT * FROM (WITH a AS (SELECT 2 AS x) SELECT x FROM a) s, a;
WITH a AS (SELECT 5 AS x)
SELECT (SELECT x FROM a) AS sub, x FROM a;
WITH a AS (SELECT id FROM w_emp WHERE dept = 10)
SELECT name FROM w_emp WHERE id IN (SELECT id FROM a) ORDER BY name;
WITH u AS (SELECT dept FROM w_emp UNION SELECT 40)
SELECT * FROM u ORDER BY dept;
WITH v AS (VALUES (1, 'x'), (2, 'y'))
SELECT * FROM v ORDER BY column1;
WITH s AS (SELECT generate_series(1, 3) AS g)
SELECT g * 2 FROM s;
WITH w_emp AS (SELECT 'shadow' AS name)
SELECT name FROM w_emp;
SELECT name FROM public.w_emp WHERE id = 1;
WITH t AS (SELECT 'a' AS c) SELECT c FROM t \gdesc
WITH t AS MATERIALIZED (SELECT count(*) AS n FROM w_emp) SELECT n FROM t;
WITH t AS NOT MATERIALIZED (SELECT max(id) AS m FROM w_emp) SELECT m FROM t;
WITH unused AS (SELECT 1) SELECT 'ok';
INSERT INTO w_emp WITH n AS (SELECT 6 AS id) SELECT id, 'fay', 30, 10 FROM n;
SELECT count(*) FROM w_emp;
-- Errors
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT 1;
WITH x(a, b) AS (SELECT 1) SELECT * FROM x;
WITH x AS (SELECT zzz FROM w_emp) SELECT 1;
WITH a AS (SELECT * FROM b), b AS (SELECT 1) SELECT * FROM a;
WITH x AS (SELECT 1) SELECT * FROM public.x;

-- a CTE referenced twice, or MATERIALIZED, runs once (CTE Scan)
CREATE TABLE w_cte(a int primary key, b text);
INSERT INTO w_cte values (1,'x'),(2,'y'),(3,'z');
explain (costs off) with x as (select a from w_cte) select * from x, x y;
explain (costs off) with x as materialized (select a from w_cte) select * from x where a > 1;
with x as (select a from w_cte) select * from x, x y order by 1, 2;
with x as materialized (select a from w_cte) select * from x where a > 1;
with x as (select a, b from w_cte), y as (select a from x where a > 1) select * from x join y using (a) order by a;
with x as (select a from w_cte) select (select count(*) from x), (select max(a) from x);
with x as (select a from w_cte) select a from x where a in (select a + 1 from x) order by a;
with recursive t(n) as (select 1 union all select n + 1 from t) select * from t limit 5;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) select * from t a join t b on a.n = b.n;
with x as (select a from w_cte order by a desc limit 2) select * from x union all select * from x;
DROP TABLE w_cte;

-- WITH RECURSIVE
with recursive t(n) as (values (1) union all select n + 1 from t where n < 5) select * from t;
with recursive t(n) as (select 1 union select n % 3 + 1 from t) select * from t order by n;
with recursive t as (select 1 as n, 'a'::text as s union all select n + 1, s || 'b' from t where n < 4) select * from t;
with recursive fib(a, b) as (select 0::bigint, 1::bigint union all select b, a + b from fib where b < 100) select a from fib;
CREATE TABLE rec_tree (id int primary key, parent int, name text);
insert into rec_tree values (1, null, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x');
with recursive sub(id, depth, path) as (
  select id, 0, name from rec_tree where parent is null
  union all
  select c.id, s.depth + 1, s.path || '/' || c.name from rec_tree c join sub s on c.parent = s.id)
select * from sub order by path;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) select a.n, b.n from t a, t b order by 1, 2;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 100000) select count(*), sum(n) from t;
with recursive t(n) as (select 1) select * from t;
with recursive t(n) as (select 1 union all select 2) select * from t;
with recursive t(n) as (select 1 union all select n + 1.5 from t where n < 3) select * from t;
with recursive t(n) as (select n from t) select * from t;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 3 order by 1) select * from t;
with recursive t(n) as (select 1, 2 union all select n + 1 from t where n < 3) select * from t;
with recursive t(n) as (select 1 union all select n + 1 from t where n < 3) select * from t limit 2;
with recursive t(n) as (select 1 union all select n + 1 from t where n < (select max(n) from t)) select * from t;
with recursive t(n) as (select 1 union all select count(*) from t) select * from t;
with recursive t(n) as (select 1 union all select * from (select n + 1 from t where n < 3) s) select * from t;
DROP TABLE rec_tree;

-- Subqueries in FROM
SELECT * FROM (SELECT dept, max(salary) AS top FROM w_emp GROUP BY dept) s ORDER BY dept;
SELECT s.n FROM (SELECT name AS n FROM w_emp ORDER BY id DESC LIMIT 2) AS s;
SELECT * FROM (SELECT * FROM (SELECT id, name FROM w_emp) a WHERE id < 3) b ORDER BY id;
SELECT x.* FROM (SELECT 1 AS one, 'two' AS two) x;
SELECT * FROM (SELECT DISTINCT dept FROM w_emp) d ORDER BY dept;
SELECT count(*) FROM (SELECT 1 FROM w_emp) s;
SELECT * FROM (SELECT 1) s;
-- conditions on a subquery's or CTE's output (pushed into it where that keeps the result)
SELECT * FROM (SELECT id, name FROM w_emp) s WHERE id > 2 AND name <> 'eve' ORDER BY id;
WITH c AS (SELECT id, dept FROM w_emp WHERE salary IS NOT NULL) SELECT * FROM c WHERE dept = 10 ORDER BY id;
SELECT * FROM (SELECT id FROM w_emp ORDER BY id LIMIT 3) s WHERE id > 1;
SELECT * FROM (SELECT dept, count(*) AS n FROM w_emp GROUP BY dept) s WHERE n > 1 ORDER BY dept;
SELECT * FROM (SELECT DISTINCT dept FROM w_emp) s WHERE dept > 10 ORDER BY dept;
SELECT * FROM (SELECT id, salary * 2 AS s2 FROM w_emp) s WHERE s2 > 250 ORDER BY id;
SELECT e.id, s.name FROM w_emp e LEFT JOIN (SELECT id, name FROM w_emp WHERE dept = 10) s
    ON s.id = e.id AND s.name <> 'bob' ORDER BY e.id;
SELECT e.id FROM w_emp e LEFT JOIN (SELECT id FROM w_emp WHERE dept = 10) s ON s.id = e.id
    WHERE s.id IS NULL ORDER BY e.id;
SELECT * FROM (SELECT id FROM w_emp UNION ALL SELECT 10) s WHERE id > 4 ORDER BY id;
SELECT * FROM (SELECT dept, count(*) AS n, max(salary) AS top FROM w_emp GROUP BY dept) s
    WHERE n > 1 AND dept < 30 ORDER BY dept;
SELECT * FROM (SELECT count(*) AS n FROM w_emp) s WHERE n > 100;
SELECT * FROM (SELECT DISTINCT dept, name FROM w_emp) s WHERE name > 'b' ORDER BY 1, 2;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, name FROM w_emp) s WHERE name = 'x';
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT dept, count(*) AS n FROM w_emp GROUP BY dept) s WHERE n > 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT dept, count(*) AS n FROM w_emp GROUP BY dept) s WHERE dept > 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT DISTINCT name FROM w_emp) s WHERE name > 'a';
EXPLAIN (COSTS OFF) WITH c AS (SELECT id, name FROM w_emp) SELECT name FROM c WHERE name = 'x';
SELECT * FROM (SELECT 1 AS a, 2 AS a) s;
SELECT a FROM (SELECT 1 AS a, 2 AS a) s;

-- CASE, COALESCE, NULLIF
SELECT name, CASE WHEN salary IS NULL THEN 'none' WHEN salary > 150 THEN 'high' ELSE 'low' END
FROM w_emp ORDER BY id;
SELECT name, CASE dept WHEN 10 THEN 'ten' WHEN 20 THEN 'twenty' END AS d FROM w_emp ORDER BY id;
SELECT coalesce(salary, 0) AS s, coalesce(NULL, NULL, 'z') FROM w_emp ORDER BY id;
SELECT nullif(dept, 10), nullif('a', 'b') FROM w_emp ORDER BY id;
SELECT CASE WHEN true THEN 1 ELSE 2.5 END, coalesce(1, 2.5);
SELECT CASE WHEN false THEN 1 ELSE 'x' END;
SELECT greatest(1, 2, 3), least(3, 1, NULL), greatest('a', 'b'), least(NULL::int, NULL);
SELECT name, greatest(salary, 150) AS g, least(salary, dept * 10) AS l FROM w_emp ORDER BY id;
SELECT greatest(1, 2.5) \gdesc
SELECT greatest(1, 'x');
SELECT greatest(1, true);
SELECT greatest(generate_series(1, 3), 2);

DROP TABLE w_emp;
