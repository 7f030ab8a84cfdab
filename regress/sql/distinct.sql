-- SELECT DISTINCT and DISTINCT ON: duplicates removed after projection, NULLs equal,
-- DISTINCT ON keeps the first row of each group in ORDER BY order; PostgreSQL's errors.
CREATE TABLE dis_t (id int PRIMARY KEY, g int, h text, v numeric);
INSERT INTO dis_t VALUES (1, 1, 'a', 1.5), (2, 1, 'b', 2.5), (3, 2, 'a', 1.5),
    (4, 2, 'a', NULL), (5, NULL, 'c', 0), (6, NULL, 'c', 0), (7, 3, NULL, 1.50);

SELECT DISTINCT g FROM dis_t ORDER BY g;
SELECT DISTINCT g, h FROM dis_t ORDER BY g, h;
SELECT DISTINCT h FROM dis_t ORDER BY h DESC NULLS LAST;
SELECT DISTINCT v FROM dis_t ORDER BY v;
SELECT DISTINCT g % 2 AS parity FROM dis_t ORDER BY parity;
SELECT DISTINCT h || '!' FROM dis_t ORDER BY 1;
SELECT count(*) FROM (SELECT DISTINCT g, h FROM dis_t) s;
SELECT DISTINCT count(*) FROM dis_t GROUP BY g ORDER BY 1;
SELECT DISTINCT g FROM dis_t ORDER BY g LIMIT 2 OFFSET 1;
SELECT DISTINCT 1 FROM dis_t;
SELECT DISTINCT * FROM (VALUES (1, 'x'), (1, 'x'), (2, 'y')) v(a, b) ORDER BY a;
SELECT id FROM dis_t WHERE g IN (SELECT DISTINCT g FROM dis_t WHERE h = 'a') ORDER BY id;

-- DISTINCT ON
SELECT DISTINCT ON (g) g, id, h FROM dis_t ORDER BY g, id;
SELECT DISTINCT ON (g) g, id, h FROM dis_t ORDER BY g, id DESC;
SELECT DISTINCT ON (h) h, id FROM dis_t ORDER BY h NULLS FIRST, id DESC;
SELECT DISTINCT ON (g, h) g, h, id FROM dis_t ORDER BY h, g, id;
SELECT DISTINCT ON (g) id FROM dis_t ORDER BY g, v DESC NULLS LAST, id;
SELECT DISTINCT ON (1) g, id FROM dis_t ORDER BY 1, 2 DESC;
SELECT DISTINCT ON (v) v, id FROM dis_t ORDER BY v, id LIMIT 3;
SELECT DISTINCT ON (g) g FROM dis_t;

-- with GROUP BY and aggregates
CREATE TABLE dis_g(a int primary key, b int, c int);
INSERT INTO dis_g values (1, 1, 1), (2, 1, 2), (3, 2, 2);
select distinct on (b) count(*) from dis_g group by c;
select distinct on (b) b, count(*) from dis_g group by b order by b;
select distinct on (count(*)) b, count(*) from dis_g group by b order by count(*), b;
select distinct count(*) from dis_g group by b order by 1;
select distinct b, count(*) from dis_g group by b having count(*) > 0 order by b;
select distinct on (a) a from dis_g order by b;
DROP TABLE dis_g;

-- Errors
SELECT DISTINCT g FROM dis_t ORDER BY id;
SELECT DISTINCT g FROM dis_t ORDER BY g + 1;
SELECT DISTINCT ON (g) g, id FROM dis_t ORDER BY id;
SELECT DISTINCT ON (g, h) g, id FROM dis_t ORDER BY g, id;
SELECT DISTINCT g FROM dis_t FOR UPDATE;
SELECT DISTINCT ON (nope) g FROM dis_t;

-- EXPLAIN
EXPLAIN (COSTS OFF) SELECT DISTINCT g FROM dis_t;
EXPLAIN (COSTS OFF) SELECT DISTINCT ON (g) g, h FROM dis_t ORDER BY g, h;

DROP TABLE dis_t;
