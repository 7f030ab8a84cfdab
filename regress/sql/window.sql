-- Window functions: OVER (PARTITION BY / ORDER BY / frame), WINDOW clause, ranking,
-- offset and value functions, aggregates over frames, grouped queries, errors, EXPLAIN.
CREATE TABLE win_emp (id int PRIMARY KEY, dept text, salary numeric, bonus float8, grade int);
INSERT INTO win_emp VALUES
    (1, 'sales', 5000, 1.5, 2), (2, 'sales', 4200, NULL, 1), (3, 'sales', 5000, 3.0, 2),
    (4, 'eng', 7000, 2.0, 3), (5, 'eng', 6500, 0.5, 3), (6, 'eng', 9100, NULL, NULL),
    (7, 'ops', 3900, 1.0, 1), (8, 'ops', NULL, 4.0, 2), (9, 'eng', 6500, 2.5, 1);

-- pgjdbc's DatabaseMetaData.getColumns shape: row_number() inside a subquery in FROM
CREATE TABLE win_cols (relid int, attnum int, attname text);
INSERT INTO win_cols VALUES (10, 5, 'e'), (10, 1, 'a'), (20, 3, 'y'), (10, 3, 'c'), (20, 1, 'x');
SELECT * FROM (SELECT c.relid, c.attname, row_number() OVER (PARTITION BY c.relid ORDER BY c.attnum) AS attnum
               FROM win_cols c) c
WHERE true AND attname LIKE '%' ORDER BY relid, attnum;
SELECT * FROM (SELECT relid, attname, row_number() OVER (PARTITION BY relid ORDER BY attnum) AS rn
               FROM win_cols) s WHERE rn = 1 ORDER BY relid;

-- pgjdbc's whole DatabaseMetaData.getColumns statement
CREATE SCHEMA win_shop;
CREATE TABLE win_shop.orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2) DEFAULT 0, note varchar(20));
SELECT * FROM (SELECT n.nspname,c.relname,a.attname,a.atttypid,a.attnotnull OR (t.typtype = 'd' AND t.typnotnull) AS attnotnull,a.atttypmod,a.attlen,t.typtypmod,row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') as attidentity,nullif(a.attgenerated, '') as attgenerated,pg_catalog.pg_get_expr(def.adbin, def.adrelid) AS adsrc,dsc.description,t.typbasetype,t.typtype  FROM pg_catalog.pg_namespace n  JOIN pg_catalog.pg_class c ON (c.relnamespace = n.oid)  JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid)  JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)  LEFT JOIN pg_catalog.pg_attrdef def ON (a.attrelid=def.adrelid AND a.attnum = def.adnum)  LEFT JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)  LEFT JOIN pg_catalog.pg_class dc ON (dc.oid=dsc.classoid AND dc.relname='pg_class')  LEFT JOIN pg_catalog.pg_namespace dn ON (dc.relnamespace=dn.oid AND dn.nspname='pg_catalog')  WHERE c.relkind in ('r','p','v','f','m') and a.attnum > 0 AND NOT a.attisdropped  AND n.nspname LIKE 'win_shop' AND c.relname LIKE 'orders') c WHERE true  AND attname LIKE '%' ORDER BY nspname,c.relname,attnum ;
DROP TABLE win_shop.orders;
DROP SCHEMA win_shop;

-- ranking
SELECT id, dept, salary,
       row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id),
       rank() OVER (PARTITION BY dept ORDER BY salary DESC),
       dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC),
       percent_rank() OVER (PARTITION BY dept ORDER BY salary DESC),
       cume_dist() OVER (PARTITION BY dept ORDER BY salary DESC)
FROM win_emp ORDER BY dept, salary DESC, id;
SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (ORDER BY id), ntile(20) OVER (ORDER BY id)
FROM win_emp ORDER BY id;
SELECT id, rank() OVER (ORDER BY salary NULLS FIRST), rank() OVER (ORDER BY grade DESC NULLS LAST)
FROM win_emp ORDER BY id;

-- lag / lead / first_value / last_value / nth_value
SELECT id, lag(id) OVER w, lead(id) OVER w, lag(salary, 2) OVER w, lead(dept, 2, 'none') OVER w,
       lag(id, 1, -1) OVER w, lag(salary, 1, 0.5) OVER w, lead(id, -1) OVER w
FROM win_emp WINDOW w AS (ORDER BY id) ORDER BY id;
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 2) OVER w
FROM win_emp WINDOW w AS (PARTITION BY dept ORDER BY id) ORDER BY id;
SELECT id, first_value(id) OVER w, last_value(id) OVER w, nth_value(id, 3) OVER w
FROM win_emp WINDOW w AS (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING) ORDER BY id;

-- aggregates over the default frame (with and without ORDER BY) and over explicit frames
SELECT id, dept, salary,
       sum(salary) OVER (PARTITION BY dept),
       sum(salary) OVER (PARTITION BY dept ORDER BY salary),
       count(*) OVER (), count(salary) OVER (ORDER BY id),
       avg(bonus) OVER (PARTITION BY dept), min(salary) OVER (ORDER BY id), max(dept) OVER (ORDER BY id)
FROM win_emp ORDER BY id;
SELECT id,
       sum(id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS moving,
       sum(id) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS before,
       sum(id) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING) AS after,
       sum(id) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS empty,
       count(*) OVER (ORDER BY id ROWS 2 PRECEDING) AS short,
       sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS self
FROM win_emp ORDER BY id;
SELECT id, salary,
       sum(id) OVER (ORDER BY salary RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
       sum(id) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING),
       sum(id) OVER (ORDER BY salary RANGE BETWEEN 600 PRECEDING AND 500 FOLLOWING),
       count(*) OVER (ORDER BY salary DESC RANGE BETWEEN 1000 PRECEDING AND CURRENT ROW)
FROM win_emp ORDER BY id;
SELECT id, grade, bonus,
       sum(id) OVER (ORDER BY grade RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING),
       sum(id) OVER (ORDER BY grade NULLS FIRST RANGE 1 PRECEDING),
       sum(id) OVER (ORDER BY bonus RANGE BETWEEN 1 PRECEDING AND 0.5 FOLLOWING)
FROM win_emp ORDER BY id;
SELECT id, grade,
       sum(id) OVER (ORDER BY grade GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING),
       count(*) OVER (ORDER BY grade GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING),
       sum(id) OVER (ORDER BY grade DESC GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING),
       min(id) OVER (ORDER BY grade GROUPS 1 PRECEDING),
       max(id) OVER (ORDER BY grade GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)
FROM win_emp ORDER BY id;
SELECT id, grade,
       sum(id) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW),
       sum(id) OVER (ORDER BY grade RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP),
       sum(id) OVER (ORDER BY grade GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES),
       sum(id) OVER (ORDER BY grade ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE NO OTHERS),
       first_value(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING EXCLUDE CURRENT ROW),
       last_value(id) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW),
       nth_value(id, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW),
       count(*) OVER (EXCLUDE CURRENT ROW)
FROM win_emp ORDER BY id;
CREATE TABLE win_times (id int, d date, ts timestamp, iv interval);
INSERT INTO win_times VALUES (1, '2024-01-01', '2024-01-01 10:00', '1 hour'),
    (2, '2024-01-02', '2024-01-01 11:30', '2 hours'), (3, '2024-01-05', '2024-01-02 09:00', '1 day'),
    (4, NULL, NULL, NULL), (5, '2024-02-01', '2024-01-01 10:30', '30 minutes');
SELECT id, sum(id) OVER (ORDER BY d RANGE BETWEEN '1 day' PRECEDING AND '2 days' FOLLOWING),
       sum(id) OVER (ORDER BY ts RANGE BETWEEN interval '1 hour' PRECEDING AND CURRENT ROW),
       sum(id) OVER (ORDER BY ts DESC RANGE BETWEEN '90 minutes' PRECEDING AND '1 day' FOLLOWING),
       sum(id) OVER (ORDER BY iv RANGE BETWEEN '1 hour' PRECEDING AND '1 hour' FOLLOWING)
FROM win_times ORDER BY id;
SELECT sum(id) OVER (ORDER BY d RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_times;
SELECT sum(id) OVER (ORDER BY d RANGE BETWEEN '-1 day' PRECEDING AND CURRENT ROW) FROM win_times;
SELECT id, ts::time, sum(id) OVER (ORDER BY ts::time RANGE BETWEEN '1 hour' PRECEDING AND '30 minutes' FOLLOWING),
       count(*) OVER (ORDER BY ts::time DESC RANGE BETWEEN '1 day 1 hour' PRECEDING AND CURRENT ROW)
FROM win_times ORDER BY id;
SELECT sum(id) OVER (ORDER BY ts::time RANGE BETWEEN '-1 hour' PRECEDING AND CURRENT ROW) FROM win_times;
SELECT id, t, sum(id) OVER (ORDER BY t RANGE BETWEEN '1 hour' PRECEDING AND '30 minutes' FOLLOWING),
       count(*) OVER (ORDER BY t DESC RANGE BETWEEN '2 hours' PRECEDING AND CURRENT ROW)
FROM (VALUES (1, timetz '00:10+00'), (2, '01:00+01'), (3, '23:30-02'), (4, NULL), (5, '12:00+00'),
             (6, '23:59:59+00'), (7, '00:30+00')) AS v(id, t) ORDER BY id;
DROP TABLE win_times;
SELECT id, sum(id) FILTER (WHERE dept = 'eng') OVER (ORDER BY id),
       count(*) FILTER (WHERE salary > 5000) OVER ()
FROM win_emp ORDER BY id;
SELECT id, array_agg(id) OVER (PARTITION BY dept ORDER BY id) FROM win_emp ORDER BY id;
-- sliding frames (count and integer sums take rows back out)
SELECT g, sum(a) OVER w, count(a) OVER w, count(*) OVER w, avg(a) OVER w, sum(b) OVER w,
       sum(a) FILTER (WHERE g % 2 = 0) OVER w, count(*) FILTER (WHERE a > 3) OVER w, max(a) OVER w
FROM (SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE g % 7 END AS a, g::bigint * 1000000000 AS b
      FROM generate_series(1, 25) g) t
WINDOW w AS (ORDER BY g ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING) ORDER BY g;

-- WINDOW clause: named windows, OVER w, OVER (w ORDER BY ...), OVER (w frame)
SELECT id, row_number() OVER w, rank() OVER (w ORDER BY salary),
       sum(id) OVER (w2 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
FROM win_emp WINDOW w AS (PARTITION BY dept), w2 AS (w ORDER BY id) ORDER BY id;

SELECT id, row_number() OVER w2, sum(id) OVER (w2 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW), count(*) OVER w1
FROM win_emp WINDOW w1 AS (PARTITION BY dept), w2 AS (w1 ORDER BY id DESC) ORDER BY id;
SELECT id, rank() OVER w3 FROM win_emp
WINDOW w1 AS (PARTITION BY dept), w2 AS (w1 ORDER BY id), w3 AS (w2 ROWS UNBOUNDED PRECEDING) ORDER BY id;
SELECT id, rank() OVER w2 FROM win_emp WINDOW w2 AS (w1 ORDER BY id), w1 AS (PARTITION BY dept);

-- window functions over grouped queries
SELECT dept, sum(salary), rank() OVER (ORDER BY sum(salary) DESC),
       sum(sum(salary)) OVER () AS total, round(100 * sum(salary) / sum(sum(salary)) OVER (), 2) AS pct
FROM win_emp GROUP BY dept ORDER BY dept;
SELECT count(*), row_number() OVER () FROM win_emp;
SELECT grade, count(*), lag(count(*)) OVER (ORDER BY grade) FROM win_emp GROUP BY grade ORDER BY grade;

-- in ORDER BY, with DISTINCT, set-returning functions, CTEs and joins
SELECT id, dept FROM win_emp ORDER BY row_number() OVER (PARTITION BY dept ORDER BY id DESC), id;
SELECT id, rank() OVER (ORDER BY salary DESC) AS r FROM win_emp ORDER BY rank() OVER (ORDER BY salary DESC), id;
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM win_emp ORDER BY dept;
SELECT id, generate_series(1, 2) AS g, row_number() OVER (ORDER BY id) FROM win_emp WHERE id < 3 ORDER BY id, g;
WITH d AS (SELECT dept, avg(salary) AS a FROM win_emp GROUP BY dept)
SELECT dept, round(a, 2), dense_rank() OVER (ORDER BY a) FROM d ORDER BY dept;
SELECT e.id, c.attname, row_number() OVER (PARTITION BY e.id ORDER BY c.attname DESC)
FROM win_emp e JOIN win_cols c ON c.attnum = e.id ORDER BY 1, 2;
SELECT v, row_number() OVER (ORDER BY v DESC) FROM (VALUES (3), (1), (2)) AS t(v) ORDER BY v;
SELECT row_number() OVER (), sum(id) OVER () FROM win_emp WHERE false;

-- in views, INSERT ... SELECT, set operations, DISTINCT ON and correlated subqueries
CREATE VIEW win_v AS SELECT id, dept, sum(id) OVER (PARTITION BY dept ORDER BY id ROWS UNBOUNDED PRECEDING) AS s,
    lag(dept, 1, '-') OVER w AS prev FROM win_emp WINDOW w AS (ORDER BY id);
SELECT * FROM win_v ORDER BY id;
SELECT * FROM win_v WHERE s > 10 ORDER BY id;
DROP VIEW win_v;
CREATE TABLE win_copy (id int, rn bigint);
INSERT INTO win_copy SELECT id, row_number() OVER (ORDER BY id DESC) FROM win_emp;
SELECT * FROM win_copy ORDER BY id;
DROP TABLE win_copy;
SELECT id, row_number() OVER (ORDER BY id DESC) FROM win_emp WHERE id < 3 UNION ALL SELECT 0, 0 ORDER BY 1, 2;
SELECT DISTINCT ON (dept) dept, id, rank() OVER (PARTITION BY dept ORDER BY id DESC) FROM win_emp ORDER BY dept, id DESC;
SELECT id, (SELECT sum(e.id) OVER () FROM win_cols LIMIT 1) FROM win_emp e ORDER BY id;
SELECT DISTINCT ON (ntile(3) OVER (ORDER BY id)) id FROM win_emp ORDER BY ntile(3) OVER (ORDER BY id), id;
SELECT id, CASE WHEN id > 5 THEN row_number() OVER (ORDER BY id) ELSE 0 END,
       coalesce(lag(salary) OVER (ORDER BY id), -1) FROM win_emp ORDER BY id;
SELECT x, row_number() OVER (ORDER BY x) FROM (VALUES ('b'), ('a'), ('b')) t(x) GROUP BY x ORDER BY 1;

-- parameters in frame offsets
PREPARE win_p(int) AS SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN $1 PRECEDING AND CURRENT ROW) FROM win_emp ORDER BY id;
EXECUTE win_p(1);
EXECUTE win_p(3);
DEALLOCATE win_p;

-- plans
EXPLAIN (COSTS OFF) SELECT id, row_number() OVER (PARTITION BY dept ORDER BY salary) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT id, row_number() OVER (ORDER BY dept), rank() OVER (ORDER BY salary) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT id, row_number() OVER (ORDER BY salary), rank() OVER (ORDER BY dept) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT id, row_number() OVER (PARTITION BY dept), rank() OVER (PARTITION BY dept ORDER BY salary) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT id, row_number() OVER (PARTITION BY dept ORDER BY salary) FROM win_emp ORDER BY dept;
EXPLAIN (COSTS OFF) SELECT id, row_number() OVER (PARTITION BY dept ORDER BY salary) FROM win_emp ORDER BY id;
EXPLAIN (COSTS OFF) SELECT dept, sum(salary), rank() OVER (ORDER BY sum(salary)) FROM win_emp GROUP BY dept;
EXPLAIN (COSTS OFF) SELECT id, rank() OVER (ORDER BY lower(dept) DESC) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT id, count(*) OVER () FROM win_emp;
EXPLAIN (COSTS OFF) SELECT id FROM win_emp ORDER BY sum(id) OVER (ORDER BY salary);
EXPLAIN (COSTS OFF) SELECT row_number() OVER w1, rank() OVER w2 FROM win_emp WINDOW w1 AS (ORDER BY salary), w2 AS (ORDER BY salary);
EXPLAIN (COSTS OFF) SELECT row_number() OVER (ORDER BY salary), rank() OVER (ORDER BY win_emp.salary) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT row_number() OVER (ORDER BY salary), rank() OVER w FROM win_emp WINDOW w AS (ORDER BY dept), w0 AS (ORDER BY grade DESC);
EXPLAIN (COSTS OFF) SELECT row_number() OVER (w), sum(id) OVER (w ROWS 1 PRECEDING) FROM win_emp WINDOW w AS (ORDER BY dept);
EXPLAIN (COSTS OFF) SELECT row_number() OVER (PARTITION BY dept ORDER BY id), rank() OVER (PARTITION BY dept ORDER BY id DESC) FROM win_emp;
EXPLAIN (COSTS OFF) SELECT lower(dept), row_number() OVER (ORDER BY lower(dept)) FROM win_emp ORDER BY lower(dept);

-- run conditions: a condition on a subquery's row_number / rank / dense_rank / count(*)
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, rank() OVER (ORDER BY salary) r FROM win_emp) s WHERE r < 3;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary) rn FROM win_emp) s WHERE rn = 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, dense_rank() OVER (PARTITION BY dept ORDER BY id) r FROM win_emp) s WHERE 2 >= r;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, row_number() OVER (ORDER BY id) r, rank() OVER (ORDER BY grade) r2 FROM win_emp) s WHERE r <= 2 AND id > 1;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, count(*) OVER () c FROM win_emp) s WHERE c > 2;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, count(id) OVER (ORDER BY salary) c FROM win_emp) s WHERE c <= 2;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, row_number() OVER (ORDER BY salary) r FROM win_emp) s WHERE r > 2;
SELECT * FROM (SELECT id, rank() OVER (ORDER BY id) r FROM win_emp) s WHERE r < 3 ORDER BY id;
SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id) rn FROM win_emp) s WHERE rn = 1 ORDER BY id;
SELECT * FROM (SELECT id, dense_rank() OVER (PARTITION BY dept ORDER BY salary) r FROM win_emp) s WHERE 2 >= r ORDER BY id;
SELECT * FROM (SELECT id, row_number() OVER (ORDER BY id) r, rank() OVER (ORDER BY grade) r2 FROM win_emp) s WHERE r <= 3 AND id > 1 ORDER BY id;
SELECT * FROM (SELECT id, count(*) OVER () c FROM win_emp) s WHERE c > 2 ORDER BY id;
SELECT * FROM (SELECT id, count(*) OVER () c FROM win_emp) s WHERE c < 2 ORDER BY id;
SELECT * FROM (SELECT id, dept, count(*) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) c
               FROM win_emp) s WHERE c >= 2 ORDER BY id;

-- conditions on PARTITION BY keys of every window go into the subquery; keys fixed by WHERE are not sorted on
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary) r FROM win_emp) s WHERE dept = 'eng';
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary) r, rank() OVER (ORDER BY salary) FROM win_emp) s WHERE dept = 'eng';
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY salary) r FROM win_emp) s WHERE dept = 'eng' AND r = 1;
EXPLAIN (COSTS OFF) SELECT row_number() OVER (PARTITION BY dept ORDER BY salary), rank() OVER (ORDER BY salary) FROM win_emp WHERE grade = 2;
EXPLAIN (COSTS OFF) SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id), rank() OVER (ORDER BY id) FROM win_emp;
SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id) r, rank() OVER (ORDER BY id) FROM win_emp) s WHERE dept = 'eng' ORDER BY id;
SELECT * FROM (SELECT id, dept, row_number() OVER (PARTITION BY dept ORDER BY id) r FROM win_emp) s WHERE dept = 'eng' AND r <= 2 ORDER BY id;

-- errors
SELECT id FROM win_emp WHERE row_number() OVER () > 1;
SELECT count(*) FROM win_emp GROUP BY row_number() OVER ();
SELECT count(*) FROM win_emp HAVING row_number() OVER () > 1;
SELECT e.id FROM win_emp e JOIN win_cols c ON row_number() OVER () = 1;
SELECT sum(row_number() OVER ()) FROM win_emp;
SELECT id, row_number() OVER () FROM win_emp FOR UPDATE;
SELECT id, row_number() OVER () FROM win_emp FOR KEY SHARE;
UPDATE win_emp SET grade = row_number() OVER ();
DELETE FROM win_emp WHERE row_number() OVER () > 1;
INSERT INTO win_emp (id) VALUES (row_number() OVER ());
SELECT id FROM win_emp LIMIT row_number() OVER ();
SELECT * FROM generate_series(1, row_number() OVER ());
SELECT row_number() OVER (ORDER BY row_number() OVER ()) FROM win_emp;
SELECT rank() OVER (PARTITION BY rank() OVER ()) FROM win_emp;
SELECT sum(rank() OVER ()) OVER () FROM win_emp;
SELECT row_number() OVER w FROM win_emp;
SELECT row_number() OVER (w ORDER BY id) FROM win_emp WINDOW w AS (ORDER BY salary);
SELECT row_number() OVER (w PARTITION BY id) FROM win_emp WINDOW w AS (ORDER BY salary);
SELECT row_number() OVER (w) FROM win_emp WINDOW w AS (ROWS UNBOUNDED PRECEDING);
SELECT id FROM win_emp WINDOW w AS (ORDER BY id), w AS ();
SELECT id FROM win_emp WINDOW w AS (ORDER BY id), w2 AS (nosuch);
SELECT count(*) FROM win_emp WINDOW w AS (ORDER BY dept);
SELECT row_number() OVER w FROM win_emp WINDOW w AS (ORDER BY dept), w2 AS (w ORDER BY id);
SELECT row_number() FROM win_emp;
SELECT upper(dept) OVER () FROM win_emp;
SELECT nosuch(dept) OVER () FROM win_emp;
SELECT row_number(1) OVER () FROM win_emp;
SELECT ntile('x') OVER () FROM win_emp;
SELECT lag(id, 1, 'x') OVER (ORDER BY id) FROM win_emp;
SELECT count(DISTINCT id) OVER () FROM win_emp;
SELECT row_number() FILTER (WHERE true) OVER () FROM win_emp;
SELECT sum(id) FILTER (WHERE sum(id) > 1) OVER () FROM win_emp;
SELECT sum(id) FILTER (WHERE 1) OVER () FROM win_emp;
SELECT dept, sum(salary) OVER (ORDER BY id) FROM win_emp GROUP BY dept;
SELECT dept, rank() OVER (ORDER BY id) FROM win_emp GROUP BY dept;
SELECT ntile(0) OVER () FROM win_emp;
SELECT nth_value(id, 0) OVER () FROM win_emp;
SELECT sum(id) OVER (ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM win_emp;
SELECT sum(id) OVER (ROWS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ROWS NULL PRECEDING) FROM win_emp;
SELECT sum(id) OVER (ROWS id PRECEDING) FROM win_emp;
SELECT sum(id) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY id, dept RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY dept RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN 1.5 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN -1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY salary RANGE BETWEEN -1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY grade GROUPS BETWEEN -1 PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY grade GROUPS BETWEEN id PRECEDING AND CURRENT ROW) FROM win_emp;
SELECT sum(id) OVER (ORDER BY grade GROUPS BETWEEN 'x' PRECEDING AND CURRENT ROW) FROM win_emp;
-- the session goes on
SELECT id, row_number() OVER (ORDER BY id DESC) FROM win_emp ORDER BY id LIMIT 2;

DROP TABLE win_emp;
DROP TABLE win_cols;
