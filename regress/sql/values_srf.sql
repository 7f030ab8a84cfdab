-- VALUES lists as queries and in FROM; set-returning functions (generate_series) in FROM,
-- WITH ORDINALITY, and in the select list (rows in lockstep, PostgreSQL 10+).
VALUES (1, 'a'), (2, 'b');
VALUES (1), (2), (3) ORDER BY 1 DESC;
VALUES (1, 'x'), (2, 'y') ORDER BY column2 DESC LIMIT 1;
VALUES (1), (2.5), (NULL) \gdesc
VALUES ('a'), ('b') \gdesc
VALUES (1::int2), (2::int8) \gdesc
VALUES (1), (2.5), (NULL);
VALUES (NULL), (NULL);
VALUES (1 + 1, lower('ABC'), 3 > 2);
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, 'three')) AS v(n, name) WHERE n >= 2 ORDER BY n;
SELECT * FROM (VALUES (1, 'a')) v;
SELECT v.b FROM (VALUES (1, 'a'), (2, 'b')) AS v(a, b) ORDER BY v.a DESC;
SELECT a FROM (VALUES (1), (2)) v(a) UNION ALL VALUES (3) ORDER BY 1;
SELECT 'pg_class'::text UNION ALL VALUES ('pg_attribute') ORDER BY 1;
SELECT sum(a) FROM (VALUES (1), (2), (3)) v(a);
SELECT (SELECT max(x) FROM (VALUES (4), (9), (2)) t(x));
CREATE TABLE vs_t (a int PRIMARY KEY, b text);
INSERT INTO vs_t SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v;
SELECT * FROM vs_t ORDER BY a;
SELECT * FROM vs_t JOIN (VALUES (1, 'uno'), (3, 'tres')) v(k, word) ON vs_t.a = v.k;
-- Errors
VALUES (1), (2, 3);
VALUES (1), ('a');
VALUES (1), (true);
VALUES (DEFAULT);
SELECT * FROM (VALUES (1, 'a')) v(x, y, z);
VALUES (1) FOR UPDATE;
VALUES (count(*));
VALUES (generate_series(1, 2));

-- generate_series in FROM
SELECT * FROM generate_series(1, 3);
SELECT * FROM generate_series(1, 10, 4);
SELECT * FROM generate_series(5, 1, -2);
SELECT * FROM generate_series(3, 1);
SELECT * FROM generate_series(1::bigint, 3) \gdesc
SELECT * FROM generate_series(4000000000, 4000000002);
SELECT * FROM generate_series(2147483646, 2147483647);
SELECT * FROM generate_series(-2147483647, -2147483648, -1);
SELECT * FROM generate_series(1.5, 3);
SELECT * FROM generate_series(0.1, 0.35, 0.1);
SELECT * FROM generate_series(1.0, 2.00, 0.5);
SELECT * FROM generate_series(1, NULL);
SELECT * FROM generate_series(1, 3) AS s;
SELECT s.i FROM generate_series(1, 3) AS s(i) WHERE i <> 2;
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
SELECT * FROM generate_series(10, 30, 10) WITH ORDINALITY AS t(v, n);
SELECT n, v FROM generate_series(10, 30, 10) WITH ORDINALITY AS t(v, n) WHERE v > 10;
SELECT a, g FROM (VALUES (1), (2)) v(a), generate_series(1, 2) g ORDER BY a, g;
SELECT count(*), sum(g) FROM generate_series(1, 1000) g;
SELECT * FROM lower('ABC');
SELECT * FROM lower('ABC') AS l(x);
SELECT * FROM lower(NULL);
-- generate_series errors
SELECT * FROM generate_series(1, 3, 0);
SELECT * FROM generate_series('nan'::numeric, 3);
SELECT * FROM generate_series(1::numeric, 'infinity');
SELECT * FROM generate_series(1::numeric, 3, 'nan');
SELECT * FROM generate_series(1, 'a');
SELECT * FROM generate_series('x', 'y');
SELECT * FROM generate_series(1, 3) WHERE generate_series(1, 2) > 1;

-- functions in FROM read the items to their left (implicitly LATERAL)
CREATE TABLE vs_lat(id int primary key, n int, s text);
INSERT INTO vs_lat values (1, 2, 'a'), (2, 0, 'b'), (3, 3, NULL);
select id, g from vs_lat, generate_series(1, vs_lat.n) g order by id, g;
select id, g from vs_lat, generate_series(1, n) as g where g > 1 order by id, g;
select id, g, o from vs_lat cross join generate_series(1, n) with ordinality as x(g, o) order by 1, 2;
select id, g from vs_lat join generate_series(1, n) g on g <> 2 order by 1, 2;
select id, g from vs_lat left join generate_series(1, n) g on true order by 1, 2;
select id, g from vs_lat left join generate_series(1, n) g on g > 1 order by 1, 2;
select id, g from vs_lat left join generate_series(1, n) g on true where g is null order by 1;
select l.id, x from vs_lat l, lower(l.s) x order by 1;
select a.id, b.id, g from vs_lat a join vs_lat b on a.id = b.id, generate_series(a.n, b.n + 1) g order by 1, 3;
select count(*) from vs_lat, generate_series(1, n * 1000) g;
explain (costs off) select id, g from vs_lat, generate_series(1, vs_lat.n) g;
explain (costs off) select id, g from vs_lat left join generate_series(1, n) g on g > 1;
select * from generate_series(1, nope) g;
select * from vs_lat right join generate_series(1, n) g on true;
DROP TABLE vs_lat;

-- set-returning functions in the select list
SELECT generate_series(1, 3);
SELECT generate_series(1, 3) AS n, 'x' AS c;
SELECT generate_series(1, 3), generate_series(1, 2);
SELECT generate_series(1, 2), generate_series(1, 4) * 10;
SELECT a, generate_series(1, a) FROM (VALUES (1), (2), (3)) v(a) ORDER BY 1, 2;
SELECT a, generate_series(a, 1) FROM (VALUES (0), (2)) v(a);
SELECT generate_series(1, 3) + 1 AS g ORDER BY g DESC;
SELECT count(*), generate_series(1, 2) FROM (VALUES (1), (2)) v(a);
SELECT generate_series(1, NULL);
SELECT DISTINCT generate_series(1, 3) % 2 AS r ORDER BY r;
SELECT generate_series(1, 5) LIMIT 2;
SELECT * FROM (SELECT generate_series(1, 3) AS x) s WHERE x > 1;
-- where they are not allowed
SELECT 1 WHERE generate_series(1, 2) > 1;
SELECT CASE WHEN true THEN generate_series(1, 2) END;
SELECT coalesce(generate_series(1, 2), 0);
SELECT sum(generate_series(1, 3));

-- EXPLAIN
EXPLAIN (COSTS OFF) SELECT * FROM generate_series(1, 3);
EXPLAIN (COSTS OFF) SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
EXPLAIN (COSTS OFF) SELECT generate_series(1, 3);
EXPLAIN (COSTS OFF) VALUES (1), (2);
EXPLAIN (COSTS OFF) SELECT * FROM (VALUES (1), (2)) v(a);
EXPLAIN (COSTS OFF) SELECT a, generate_series(1, a) FROM vs_t;

DROP TABLE vs_t;
