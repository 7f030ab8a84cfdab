-- Joins: comma lists, [INNER] JOIN ON / USING / NATURAL, LEFT / RIGHT / FULL, CROSS JOIN,
-- aliases and qualified names, * and t.* across relations, subqueries in FROM, errors
CREATE TABLE j_emp (id int PRIMARY KEY, name text, dept int, boss int);
CREATE TABLE j_dept (id int PRIMARY KEY, title text, floor int);
CREATE TABLE j_proj (pid int PRIMARY KEY, dept int, budget numeric);
CREATE INDEX j_proj_dept ON j_proj (dept);
INSERT INTO j_emp VALUES (1, 'ann', 10, NULL), (2, 'bob', 10, 1), (3, 'cid', 20, 1),
    (4, 'dan', NULL, 2), (5, 'eve', 30, 3);
INSERT INTO j_dept VALUES (10, 'sales', 1), (20, 'dev', 2), (40, 'ops', 3);
INSERT INTO j_proj VALUES (100, 10, 5.5), (101, 10, 7), (102, 20, 1), (103, 50, 2);
SELECT e.name, d.title FROM j_emp e, j_dept d WHERE e.dept = d.id ORDER BY e.name;
SELECT e.name, d.title FROM j_emp e JOIN j_dept d ON e.dept = d.id ORDER BY 1;
SELECT e.name, d.title FROM j_emp AS e INNER JOIN j_dept AS d ON d.id = e.dept AND d.floor > 1 ORDER BY 1;
SELECT e.name, d.title FROM j_emp e LEFT JOIN j_dept d ON e.dept = d.id ORDER BY e.id;
SELECT e.name, d.title FROM j_emp e LEFT OUTER JOIN j_dept d ON e.dept = d.id AND d.floor = 2 ORDER BY e.id;
SELECT e.name, d.title FROM j_emp e LEFT JOIN j_dept d ON e.dept = d.id WHERE d.id IS NULL ORDER BY e.id;
SELECT e.name, d.title FROM j_emp e RIGHT JOIN j_dept d ON e.dept = d.id ORDER BY d.id, e.id;
SELECT e.name, d.title FROM j_emp e FULL JOIN j_dept d ON e.dept = d.id ORDER BY e.id, d.id;
SELECT e.name, d.title FROM j_emp e CROSS JOIN j_dept d WHERE d.floor = 1 ORDER BY e.name;
SELECT count(*) FROM j_emp, j_dept;
SELECT * FROM j_dept d JOIN j_proj p ON p.dept = d.id ORDER BY p.pid;
SELECT * FROM j_dept d JOIN j_proj p USING (dept) ORDER BY pid;
SELECT * FROM j_proj JOIN j_emp USING (dept) ORDER BY pid, id;
SELECT dept, name, pid FROM j_emp FULL JOIN j_proj USING (dept) ORDER BY dept, name, pid;
SELECT * FROM j_emp NATURAL JOIN j_proj ORDER BY pid, id;
SELECT d.*, p.budget FROM j_dept d, j_proj p WHERE p.dept = d.id AND p.budget > 2 ORDER BY p.budget;
SELECT e.name, b.name AS boss FROM j_emp e LEFT JOIN j_emp b ON e.boss = b.id ORDER BY e.id;
SELECT e.name, d.title, p.pid FROM j_emp e JOIN j_dept d ON e.dept = d.id JOIN j_proj p ON p.dept = d.id ORDER BY p.pid, e.name;
SELECT e.name, d.title, p.pid FROM j_emp e LEFT JOIN j_dept d ON e.dept = d.id LEFT JOIN j_proj p ON p.dept = d.id ORDER BY e.id, p.pid;
SELECT d.title, count(p.pid), sum(p.budget) FROM j_dept d LEFT JOIN j_proj p ON p.dept = d.id GROUP BY d.title ORDER BY d.title;
SELECT s.title, s.n FROM (SELECT d.title, count(*) AS n FROM j_emp e JOIN j_dept d ON e.dept = d.id GROUP BY d.title) AS s ORDER BY s.title;
SELECT x.a, x.b FROM (SELECT id AS a, name AS b FROM j_emp WHERE id < 3) x ORDER BY x.a DESC;
SELECT t.n, e.name FROM generate_series(1, 3) AS t(n) JOIN j_emp e ON e.id = t.n ORDER BY t.n;
SELECT * FROM (SELECT 1 AS one) s, j_dept ORDER BY id;
UPDATE j_emp SET boss = 2 WHERE id = 5;
DELETE FROM j_proj WHERE pid = 103;
SELECT e.name, p.pid FROM j_emp e JOIN j_proj p ON e.dept = p.dept WHERE e.boss = 1 ORDER BY 1, 2;
-- the same joins as nested loops, and join keys with NULLs
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT e.name, d.title FROM j_emp e LEFT JOIN j_dept d ON e.dept = d.id ORDER BY e.id;
SELECT e.name, d.title FROM j_emp e RIGHT JOIN j_dept d ON e.dept = d.id ORDER BY d.id, e.id;
SELECT e.name, d.title FROM j_emp e FULL JOIN j_dept d ON e.dept = d.id ORDER BY e.id, d.id;
SELECT dept, name, pid FROM j_emp FULL JOIN j_proj USING (dept) ORDER BY dept, name, pid;
RESET enable_hashjoin;
RESET enable_mergejoin;
SELECT a.name, b.name FROM j_emp a JOIN j_emp b ON a.boss = b.boss AND a.id < b.id ORDER BY 1, 2;
-- errors
SELECT id FROM j_emp, j_dept;
SELECT name FROM j_emp e, j_dept d WHERE x.id = 1;
SELECT e.nothing FROM j_emp e;
SELECT j_emp.name FROM j_emp e;
SELECT * FROM j_emp e, j_dept e;
SELECT * FROM j_emp JOIN j_dept USING (nothing);
DROP TABLE j_emp;
DROP TABLE j_dept;
DROP TABLE j_proj;
