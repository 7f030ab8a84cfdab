-- Anonymous records (type record): information_schema._pg_expandarray, record output,
-- field selection (expr).field on calls and on subquery columns, and the query pgjdbc's
-- DatabaseMetaData.getPrimaryKeys sends.
SELECT information_schema._pg_expandarray(ARRAY['a','b']);
SELECT information_schema._pg_expandarray(ARRAY[10,20,30]) AS r;
SELECT (information_schema._pg_expandarray(ARRAY[10,20])).x;
SELECT (information_schema._pg_expandarray(ARRAY[10,20])).n;
SELECT (information_schema._pg_expandarray(ARRAY['p','q'])).x AS v,
       (information_schema._pg_expandarray(ARRAY['p','q'])).n AS pos;
SELECT information_schema._pg_expandarray(ARRAY[1,2]) \gdesc
SELECT (information_schema._pg_expandarray(ARRAY[1.5,2.5])).x \gdesc
-- lower bounds other than 1: n counts from 1
SELECT information_schema._pg_expandarray('[3:5]={7,8,9}'::int[]);
-- NULL elements, empty arrays, NULL arrays, more than one dimension
SELECT information_schema._pg_expandarray(ARRAY[1,NULL,3]);
SELECT information_schema._pg_expandarray('{}'::int[]);
SELECT information_schema._pg_expandarray(NULL::int[]);
SELECT information_schema._pg_expandarray(ARRAY[[1,2],[3,4]]);
-- record_out quoting: spaces, empty strings, quotes, backslashes, parentheses, commas
SELECT information_schema._pg_expandarray(ARRAY['a b', NULL, '', 'q"x', 'b\s', '(,)', 'plain']);
SELECT information_schema._pg_expandarray(ARRAY[true, false]);
-- lockstep with other set-returning calls of the select list
SELECT information_schema._pg_expandarray(ARRAY[5,6]), generate_series(1, 3);
-- a record column of a subquery, its fields selected outside
SELECT (s.r).n, (s.r).x FROM (SELECT information_schema._pg_expandarray(ARRAY[5,6,7]) AS r) s
WHERE (s.r).n > 1 ORDER BY (s.r).n DESC;
SELECT (r).x FROM (SELECT information_schema._pg_expandarray(ARRAY['u','v']) AS r) s
WHERE (r).x <> 'u';
SELECT r, (r).n * 10 AS tens FROM (SELECT information_schema._pg_expandarray(ARRAY[1,2]) r) s;
SELECT count(*), sum((r).n) FROM (SELECT information_schema._pg_expandarray(ARRAY[4,5,6]) r) s;
-- IS [NOT] NULL of a record looks at its fields; casts to text use record_out
SELECT r, r IS NULL AS isnull, r IS NOT NULL AS notnull, NOT r IS NULL AS not_isnull
FROM (SELECT information_schema._pg_expandarray(ARRAY[1,NULL]) r) s;
SELECT r::text, length(r::text), coalesce(r, r) FROM (SELECT information_schema._pg_expandarray(ARRAY['x y']) r) s;
SELECT max((r).x), min((r).n) FROM (SELECT information_schema._pg_expandarray(ARRAY[3,9,4]) r) s;
EXPLAIN (COSTS OFF) SELECT * FROM (SELECT information_schema._pg_expandarray(ARRAY[1]) r) s WHERE (r).n > 1;
-- (expr).* in the select list: one column per field
SELECT (information_schema._pg_expandarray(ARRAY[1,2])).*, 5 AS z;
SELECT (r).* FROM (SELECT information_schema._pg_expandarray(ARRAY['a','b']) r) s;
SELECT s.* FROM (SELECT information_schema._pg_expandarray(ARRAY['a','b']) r) s;
-- ordering, DISTINCT, GROUP BY, UNION: field by field, NULL fields last (record_cmp)
SELECT r FROM (SELECT information_schema._pg_expandarray(ARRAY[3,NULL,1,3]) r) s ORDER BY r;
SELECT r FROM (SELECT information_schema._pg_expandarray(ARRAY[3,NULL,1,3]) r) s ORDER BY r DESC;
SELECT DISTINCT (r).x FROM (SELECT information_schema._pg_expandarray(ARRAY[3,NULL,1,3]) r) s ORDER BY 1;
SELECT DISTINCT r FROM (SELECT information_schema._pg_expandarray(ARRAY[3,3]) r) s;
SELECT count(*) FROM (SELECT DISTINCT r FROM (SELECT information_schema._pg_expandarray(ARRAY[3,NULL,1,3]) r UNION ALL SELECT information_schema._pg_expandarray(ARRAY[3,NULL]) r) s) t;
SELECT r, count(*) FROM (SELECT information_schema._pg_expandarray(ARRAY[5,6]) r UNION ALL SELECT information_schema._pg_expandarray(ARRAY[5,7])) s GROUP BY r ORDER BY r;
SELECT information_schema._pg_expandarray(ARRAY['b','a']) UNION SELECT information_schema._pg_expandarray(ARRAY['b']) ORDER BY 1;
SELECT r FROM (SELECT information_schema._pg_expandarray(ARRAY['{}'::json]) r) s ORDER BY r;
SELECT max(r) FROM (SELECT information_schema._pg_expandarray(ARRAY[1]) r) s;
-- errors
SELECT (information_schema._pg_expandarray(ARRAY[1])).z;
SELECT (r).nope FROM (SELECT information_schema._pg_expandarray(ARRAY[1]) r) s;
SELECT (1).x;
SELECT (a).x FROM (SELECT 1 AS a) s;
SELECT information_schema._pg_expandarray(1);
SELECT information_schema.rec_no_such_function(1);
SELECT _pg_expandarray(ARRAY[1]);
SELECT (1).*;
SELECT (information_schema._pg_expandarray(ARRAY[1])).* + 1;
SELECT 1 + information_schema._pg_expandarray(ARRAY[1]);
SELECT * FROM pg_class WHERE information_schema._pg_expandarray(ARRAY[1]) IS NULL;
-- in FROM: a column per field (renamed by a column alias list), WITH ORDINALITY, LATERAL
SELECT * FROM information_schema._pg_expandarray(ARRAY[1,2]);
SELECT * FROM information_schema._pg_expandarray(ARRAY['a','b']) WITH ORDINALITY;
SELECT t.n, t.x FROM information_schema._pg_expandarray(ARRAY['a','b']) AS t(x, n) WHERE n > 1;
SELECT * FROM information_schema._pg_expandarray(ARRAY['a','b']) AS t(p);
SELECT * FROM information_schema._pg_expandarray('{}'::int[]);
SELECT v.k, e.* FROM (VALUES (1, ARRAY[7,8]), (2, '{}'), (3, ARRAY[9])) v(k, a)
LEFT JOIN information_schema._pg_expandarray(v.a) e ON true ORDER BY v.k, e.n;
-- unqualified, with information_schema on the search path
SET search_path = public, information_schema;
SELECT _pg_expandarray(ARRAY[4,2]);
SELECT _pg_expandarray(1);
RESET search_path;
-- pg_index.indkey (int2vector) expanded, as getPrimaryKeys does
CREATE TABLE rec_orders (a int, b text, c int, PRIMARY KEY (c, a));
SELECT (information_schema._pg_expandarray(i.indkey)).n AS key_seq,
       (information_schema._pg_expandarray(i.indkey)).x AS attnum
FROM pg_catalog.pg_index i WHERE i.indrelid = 'rec_orders'::regclass;
SELECT result.TABLE_CAT, result.TABLE_SCHEM, result.TABLE_NAME, result.COLUMN_NAME, result.KEY_SEQ, result.PK_NAME FROM (SELECT NULL AS TABLE_CAT, n.nspname AS TABLE_SCHEM, ct.relname AS TABLE_NAME, a.attname AS COLUMN_NAME, (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, ci.relname AS PK_NAME, information_schema._pg_expandarray(i.indkey) AS KEYS, a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid) JOIN pg_catalog.pg_namespace n ON (ct.relnamespace = n.oid) JOIN pg_catalog.pg_index i ON ( a.attrelid = i.indrelid) JOIN pg_catalog.pg_class ci ON (ci.oid = i.indexrelid) WHERE true AND n.nspname = 'public' AND ct.relname = 'rec_orders' AND i.indisprimary ) result where result.A_ATTNUM = (result.KEYS).x ORDER BY result.table_name, result.pk_name, result.key_seq;
DROP TABLE rec_orders;
