-- Arrays: literals and their text form, ARRAY[...], subscripts and slices, ANY/ALL,
-- comparison and ||, casts, array functions, array_agg, ARRAY(subquery), array columns,
-- assignment to elements and slices, IN lists, unnest.

-- literals: quoting, NULL elements, dimensions and lower bounds
SELECT '{1,2,NULL}'::int[], '{}'::int[], '{ 1 , 2 }'::int4[];
SELECT '{"a b","x\"y",NULL,"","NULL",null,"a\\b","{",\,x}'::text[];
SELECT '{ a b , "c d" ,e\,f, \"}'::text[];
SELECT '[0:2]={1,2,3}'::int[], '[-2:-1][3:3]={{1},{2}}'::int[], '{{1,2},{3,4}}'::int[];
SELECT '{{{1}}}'::int[], '  {a}  '::text[], '[1:1]={x}'::text[];
SELECT array['a b','x"y',NULL,'','NULL','a\b','{'];
SELECT '{t,f,NULL}'::bool[], '{"\\x01ff"}'::bytea[], '{a,b}'::"char"[], '{1.5,NaN,-Infinity}'::float8[];
SELECT '{1.50,-3}'::numeric[], '{1e3}'::float4[], '{9223372036854775807}'::int8[], '{-32768}'::int2[];
SELECT '{abc,def}'::name[], '{a,b}'::varchar[], '{a ,b}'::char(2)[], '{4294967295}'::oid[];
SELECT '{"2020-01-01 10:00:00"}'::timestamptz[], '{"2020-01-01 10:00:00"}'::timestamp[];
SELECT '{pg_class,1259}'::regclass[], '{5}'::xid8[];
SELECT '{abcd,ef}'::varchar(2)[];
SELECT '{1,2}'::varchar(1)[];
SELECT format_type(1007, -1), format_type(1015, 7), format_type(271, -1);

-- malformed literals
\set VERBOSITY default
SELECT 'abc'::int[];
SELECT '{1,2'::int[];
SELECT '{1,2}x'::int[];
SELECT '{1,{2}}'::int[];
SELECT '{{1},2}'::int[];
SELECT '{{1,2},{3}}'::int[];
SELECT '{1,,2}'::int[];
SELECT '{"a"b}'::text[];
SELECT '{a"b"}'::text[];
SELECT '[1:2]{1,2}'::int[];
SELECT '[1:3]={1,2}'::int[];
SELECT '[1:2={1,2}'::int[];
SELECT '[a:2]={1,2}'::int[];
SELECT '[2:1]={1,2}'::int[];
SELECT '[1:2]=1'::int[];
SELECT '{{}}'::int[];
SELECT '{,}'::int[];
SELECT '{1}}'::int[];
SELECT '{x}'::int[];
SELECT '{{{{{{{1}}}}}}}'::int[];
SELECT ''::int[];
SELECT '{a\}'::text[];
SELECT '{99999}'::int2[];

-- ARRAY[...]
SELECT ARRAY[1,2,3], ARRAY[1, 2.5], ARRAY['a','b'], ARRAY[[1,2],[3,4]];
SELECT ARRAY[ARRAY[1],ARRAY[2]], ARRAY[]::int[], ARRAY[[]]::int[], ARRAY[1,NULL];
SELECT ARRAY[1,2]::text[], ARRAY['1','2']::int[], ARRAY[1.7, 2.2]::int[];
SELECT ARRAY[NULL::int[], ARRAY[1,2]];
SELECT ARRAY[];
SELECT ARRAY[1,'a'];
SELECT ARRAY[1, ARRAY[2]];
SELECT ARRAY[[1,2],[3]];
SELECT ARRAY[[1],[2,3]];

-- subscripts and slices
SELECT ('{1,2,3}'::int[])[2], ('{1,2,3}'::int[])[0], ('{1,2,3}'::int[])[4], ('{1,2,3}'::int[])[NULL];
SELECT ('{1,2,3}'::int[])[2:], ('{1,2,3}'::int[])[:2], ('{1,2,3}'::int[])[:], ('{1,2,3}'::int[])[3:2];
SELECT ('{{1,2},{3,4}}'::int[])[2][1], ('{{1,2},{3,4}}'::int[])[1:2][2], ('{{1,2},{3,4}}'::int[])[2];
SELECT ('{{1,2},{3,4}}'::int[])[2:2], ('[0:2]={7,8,9}'::int[])[0], ('[0:2]={7,8,9}'::int[])[0:1];
SELECT ('{1,2}'::int[])[1.5], ('{a,b}'::text[])[1] || 'x', (ARRAY[1,2,3])[2:3][1:1];
SELECT ('{1,2}'::int[])[1][1][1][1][1][1][1];
SELECT (1)[1];
SELECT ('{1}'::int[])['a'];

-- ANY / ALL
SELECT 1 = ANY('{1,2}'), 3 = ANY('{1,2}'::int[]), 1 = ALL('{1,1}'), 1 <> ALL(ARRAY[2,3]);
SELECT 1 = ANY('{}'::int[]), 1 = ALL('{}'::int[]), NULL::int = ANY('{}'::int[]), NULL::int = ANY('{1}');
SELECT 1 = ANY('{2,NULL}'), 1 = ANY('{1,NULL}'), 1 = ALL('{1,NULL}'), 2 = ALL('{1,NULL}');
SELECT 'a' = ANY('{a,b}'::text[]), 2.0 = ANY(ARRAY[1,2]), 5 > SOME(ARRAY[4,9]), 1 = ANY(NULL::int[]);
SELECT 'b'::name = ANY(ARRAY['a','b']::name[]), 3::int8 = ANY('{3}'::int4[]);
SELECT 1 = ANY(1);
SELECT 1 + ANY('{1}'::int[]);
SELECT 1 = ANY(ARRAY['a']);

-- comparison, ordering and ||
SELECT ARRAY[1,2] = ARRAY[1,2], ARRAY[1,2] = ARRAY[1,2,3], ARRAY[1,2] < ARRAY[1,3], ARRAY[2] > ARRAY[1,9];
SELECT ARRAY[1,NULL] = ARRAY[1,NULL], ARRAY[1] < ARRAY[NULL::int], '[0:1]={1,2}'::int[] = '{1,2}'::int[];
SELECT ARRAY[1,2] <> ARRAY[1], ARRAY[1,2] <= ARRAY[1,2], ARRAY[[1,2]] >= ARRAY[1,2], '{}'::int[] < ARRAY[1];
SELECT ARRAY[1] || 2, 0 || ARRAY[1], ARRAY[1] || ARRAY[2,3], '{1}' || ARRAY[2], ARRAY[1] || NULL;
SELECT ARRAY[[1,2]] || ARRAY[3,4], ARRAY[1,2] || ARRAY[[3,4]], ARRAY[1.5] || 2, 'x' || ARRAY['y'];
SELECT ARRAY[1] || 'a';
SELECT ARRAY[[1,2]] || ARRAY[[3]];
SELECT ARRAY[1] || ARRAY[[[2]]];
SELECT ARRAY[1,2] @> ARRAY[2], ARRAY[1] <@ ARRAY[1,2], ARRAY[1,2] && ARRAY[3], ARRAY[NULL::int] @> ARRAY[NULL::int];

-- casts between array types
SELECT '{1,2}'::int[]::text[], '{1.5,2.5}'::numeric[]::int[], ARRAY[1,2]::bigint[], '{1,2}'::int[]::text;
SELECT '1 2'::int2vector, '1 2'::int2vector::int2[], ('1 2'::int2vector)[0], 1 = ANY('3 1'::int2vector);
SELECT CAST(ARRAY['1','x'] AS int[]);

-- functions
SELECT array_to_string(ARRAY[1,NULL,3], ','), array_to_string(ARRAY[1,NULL,3], ',', '*'), array_to_string(ARRAY[[1,2],[3,4]], '-');
SELECT array_to_string(NULL::int[], ','), array_to_string(ARRAY['a'], NULL), array_to_string('{}'::text[], ',');
SELECT array_upper(ARRAY[1,2], 1), array_lower('[3:4]={1,2}'::int[], 1), array_length(ARRAY[[1,2,3]], 2), array_length(ARRAY[1], 2);
SELECT array_ndims(ARRAY[[1]]), array_dims('[2:3][1:1]={{1},{2}}'::int[]), cardinality(ARRAY[[1,2],[3,4]]);
SELECT array_lower('{}'::int[], 1), array_dims('{}'::int[]), array_ndims('{}'::int[]), cardinality('{}'::int[]);
SELECT array_append(ARRAY[1], 2), array_append(NULL::int[], 2), array_prepend(0, ARRAY[1]), array_prepend(0, NULL::int[]);
SELECT array_append(ARRAY[1], 2.5), array_prepend(1.5, ARRAY[1]), array_append('[2:3]={1,2}'::int[], 3), array_prepend(0, '[2:3]={1,2}'::int[]);
SELECT array_cat(ARRAY[1], ARRAY[2]), array_cat(NULL::int[], ARRAY[2]), array_cat(ARRAY[1], NULL), array_cat(NULL::int[], NULL::int[]);
SELECT array_cat('[2:3]={1,2}'::int[], '[5:5]={9}'::int[]), array_cat('{1}'::int[], '[0:1][1:1]={{2},{3}}'::int[]), array_cat('{}'::int[], ARRAY[1]);
SELECT array_position(ARRAY['a','b','a'], 'a'), array_position(ARRAY['a','b','a'], 'a', 2), array_position(ARRAY[1,NULL], NULL), array_position(ARRAY[1], 5);
SELECT array_positions(ARRAY[1,2,1], 1), array_positions(ARRAY[1], 5), array_positions(NULL::int[], 1);
SELECT array_remove(ARRAY[1,2,1], 1), array_remove('[2:4]={1,2,1}'::int[], 1), array_remove(ARRAY[1], 1), array_remove(ARRAY[1,NULL], NULL);
SELECT array_replace(ARRAY[1,2,1], 1, 9), array_replace(ARRAY[1,NULL], NULL, 5), array_replace(ARRAY[[1,2],[1,3]], 1, 0);
SELECT string_to_array('a,b,,c', ','), string_to_array('abc', NULL), string_to_array('abc', ''), string_to_array('', ',');
SELECT string_to_array('a,x,b', ',', 'x'), string_to_array('a<>b<>', '<>'), string_to_array(NULL, ',');
SELECT array_larger(ARRAY[1,2], ARRAY[1,3]), array_smaller(ARRAY[1,2], ARRAY[1,3]), btarraycmp(ARRAY[1], ARRAY[2]);
SELECT array_send(ARRAY[1,2]), array_send(ARRAY[NULL,'ab']), array_send('{}'::int[]);
SELECT 'a' || ARRAY[1];
SELECT 'x' || ARRAY['y'], ARRAY['y'] || 'x', 1 || ARRAY[2.5], ARRAY[1,2] || '{3}', NULL || ARRAY[1];
SELECT array_append(NULL, 1), array_cat(NULL, NULL), array_position(NULL, NULL), array_position(ARRAY[1.5,2], 2);
SELECT array_length('{1,2}'::int[], '1'), cardinality(ARRAY[[1],[2]]::text[]), ARRAY[$$a$$] = '{a}';
SELECT '{1,2}'::int[] && '{2}', '{1,2}'::int[] @> '{2}', NULL::int[] = '{}';
SELECT array_length(NULL, 1);
SELECT array_fill(1, '{0}'), array_fill(NULL::int, '{2}'), array_fill('a'::text, '{2,2}', '{0,5}'), array_fill(1, '{}');
SELECT array_fill(1, NULL);
SELECT array_fill(1, '{NULL}');
SELECT array_fill(1, '{{1}}');
SELECT array_fill(1, '{2}', '{1,2}');
SELECT array_fill(1, '{-1}');
SELECT array_fill(1, '{1,1,1,1,1,1,1}');
SELECT array_fill('x', '{2}');
SELECT '[2147483647:2147483647]={1}'::int[];
SELECT '[-2147483648:-2147483648]={1}'::int[], ('{1,2,3}'::int[])[-2147483648:2147483647];
SELECT array_to_string('{1,2}', ',');
SELECT array_cat(ARRAY[1], ARRAY['a']);
SELECT array_append('{{1}}'::int[], 2);
SELECT array_position('{{1}}'::int[], 1);
SELECT array_position('{1}'::int[], 1, NULL);
SELECT array_remove('{{1}}'::int[], 1);

-- array columns
CREATE TABLE arr_t (id int PRIMARY KEY, a int4[], b text[], c varchar(3)[]);
INSERT INTO arr_t VALUES (1, '{1,2,3}', '{x,y}', '{ab}'), (2, ARRAY[4,5], ARRAY['z'], NULL),
    (3, '{}', '{NULL,"q r"}', '{abc,d}'), (4, NULL, NULL, NULL), (5, '{1,2}', '{x}', '{}'),
    (6, '[0:1]={1,2}', '{x,y}', '{a}'), (7, '{{1,2},{3,4}}', '{}', '{}');
INSERT INTO arr_t VALUES (8, '{1}', '{}', '{abcd}');
INSERT INTO arr_t VALUES (8, 'x', '{}', '{}');
INSERT INTO arr_t VALUES (9, ARRAY['a'], '{}', '{}');
SELECT * FROM arr_t ORDER BY id;
SELECT id, a[1], b[2], array_length(a, 1), cardinality(b) FROM arr_t ORDER BY id;
SELECT id FROM arr_t WHERE 2 = ANY(a) ORDER BY id;
SELECT id FROM arr_t WHERE a = '{1,2}' ORDER BY id;
SELECT id FROM arr_t WHERE 'x' = ANY(b) AND NOT 'y' = ANY(b) ORDER BY id;
SELECT a, id FROM arr_t ORDER BY a, id;
SELECT a, id FROM arr_t ORDER BY a DESC NULLS LAST, id;
SELECT b, count(*) FROM arr_t GROUP BY b ORDER BY b;
SELECT id FROM arr_t WHERE a @> ARRAY[2] ORDER BY id;
UPDATE arr_t SET a = a || 10, b = array_append(b, 'w') WHERE id IN (1, 2);
SELECT id, a, b FROM arr_t WHERE id <= 2 ORDER BY id;
CREATE INDEX arr_t_a ON arr_t (a);
SELECT id FROM arr_t WHERE a = ARRAY[4,5,10];
CREATE TABLE arr_big (id int PRIMARY KEY, t text[]);
INSERT INTO arr_big SELECT g, ARRAY[repeat('x', 3000), repeat('y', 2000), g::text] FROM generate_series(1, 3) g;
SELECT id, length(t[1]), length(t[2]), t[3] FROM arr_big ORDER BY id;
SELECT length(array_to_string(t, '')) FROM arr_big WHERE id = 2;
DROP TABLE arr_big;

-- array_agg and ARRAY(subquery)
SELECT array_agg(id) FROM (SELECT id FROM arr_t WHERE id < 4 ORDER BY id) s;
SELECT array_agg(a) FROM arr_t WHERE id IN (1, 2);
SELECT array_agg(b1) FROM (SELECT b[1] AS b1 FROM arr_t ORDER BY id) s;
SELECT array_agg(id) FROM arr_t WHERE false;
SELECT id % 2 AS k, cardinality(array_agg(id)), array_agg(id) @> ARRAY[1, 3] FROM arr_t GROUP BY id % 2 ORDER BY k;
SELECT id % 2 AS k, array_agg(id ORDER BY id DESC), array_agg(b[1] ORDER BY b[1] NULLS FIRST, id) FROM arr_t GROUP BY id % 2 ORDER BY k;
SELECT array_agg(a ORDER BY a[1] DESC, id) FROM arr_t WHERE id IN (1, 2, 5);
SELECT id, array_agg(a) FROM arr_t GROUP BY id ORDER BY id;
SELECT array_agg(a) FROM arr_t WHERE id IN (1, 4);
SELECT array_agg(a) FROM arr_t WHERE id IN (2, 5);
SELECT array_agg('a');
SELECT ARRAY(SELECT id FROM arr_t WHERE id > 5 ORDER BY id), ARRAY(SELECT 1 WHERE false);
SELECT ARRAY(SELECT a FROM arr_t WHERE id IN (2, 5) ORDER BY id);
SELECT id, ARRAY(SELECT x.id FROM arr_t x WHERE x.id < t.id ORDER BY x.id) FROM arr_t t WHERE id < 4 ORDER BY id;
SELECT ARRAY(SELECT 1, 2);
SELECT ARRAY(SELECT a FROM arr_t WHERE id IN (1, 4));
SELECT c.relname, i.indkey, array_upper(i.indkey, 1), i.indkey::int2[], 1 = ANY(i.indkey)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'arr_t_a';
SELECT conname, conkey, array_to_string(conkey, ',') FROM pg_constraint WHERE conrelid = 'arr_t'::regclass;
DROP TABLE arr_t;

-- assignment to elements, min/max
CREATE TABLE arr_u (id int PRIMARY KEY, a int[], b int[], c varchar(2)[]);
INSERT INTO arr_u VALUES (1, '{{1,2},{3,4}}', '{}', NULL), (2, NULL, '{5}', '{x}');
UPDATE arr_u SET a[3][1] = 5 WHERE id = 1;
UPDATE arr_u SET a[1] = 5 WHERE id = 1;
UPDATE arr_u SET a[NULL][1] = 5 WHERE id = 1;
UPDATE arr_u SET a[1][1] = 'x' WHERE id = 1;
UPDATE arr_u SET c[1] = 'abc' WHERE id = 2;
UPDATE arr_u SET id[1] = 2 WHERE id = 2;
UPDATE arr_u SET a[1][1] = 1.5, b[-2] = 7, c[2] = 'y';
SELECT * FROM arr_u ORDER BY id;
UPDATE arr_u SET b[1] = 9, b[3] = 8 WHERE id = 1;
UPDATE arr_u SET a[2] = NULL, b[2] = b[1] + 1 WHERE id = 2;
SELECT * FROM arr_u ORDER BY id;
SELECT max(b), min(b), max(c), min(a) FROM arr_u;
INSERT INTO arr_u (id, a[2]) VALUES (3, 4);
INSERT INTO arr_u (id, b[2][3], c[1]) SELECT 4, 7, 'zz';
INSERT INTO arr_u (id, c[1]) VALUES (5, 'abc');
INSERT INTO arr_u (id, id[1]) VALUES (6, 1);
SELECT * FROM arr_u WHERE id >= 3 ORDER BY id;
DROP TABLE arr_u;

-- assignment to slices
create table arr_s (id int primary key, a int[]);
insert into arr_s values (1, '{1,2,3,4}'), (2, NULL), (3, '{}'), (4, '{{1,2},{3,4}}');
update arr_s set a[2:3] = '{9,8}' where id = 1;
update arr_s set a[5:6] = '{7,7,7}' where id = 1;
update arr_s set a[:2] = '{0,0}' where id = 1;
select * from arr_s order by id;
update arr_s set a[2:3] = '{5,6}' where id = 2;
update arr_s set a[2:] = '{5,6}' where id = 3;
update arr_s set a[2:3] = '{5}' where id = 3;
update arr_s set a[2:3] = NULL where id = 1;
update arr_s set a[1:2][2:2] = '{{9},{9}}' where id = 4;
select * from arr_s order by id;
update arr_s set a[1:3][1:1] = '{{9},{9},{9}}' where id = 4;
update arr_s set a[1:2] = '{7,7,7,7}' where id = 4;
update arr_s set a[3:2] = '{7,7,7,7}' where id = 1;
update arr_s set a[9:10] = '{1,2}' where id = 1;
update arr_s set a[-1:0] = ARRAY[5, 6], a[12] = 3 where id = 1;
select * from arr_s order by id;
update arr_s set a[1:1] = 5 where id = 1;
drop table arr_s;

-- IN lists: the constant items become = ANY (array), as in PostgreSQL
CREATE TABLE arr_in (id int PRIMARY KEY, v text, n numeric);
INSERT INTO arr_in VALUES (1, 'a', 1.5), (2, 'b', 2), (3, NULL, NULL);
EXPLAIN (COSTS OFF) SELECT * FROM arr_in WHERE v IN ('a', 'c');
EXPLAIN (COSTS OFF) SELECT * FROM arr_in WHERE n NOT IN (1, 2.5);
EXPLAIN (COSTS OFF) SELECT * FROM arr_in WHERE id IN (1, n, 3);
EXPLAIN (COSTS OFF) SELECT * FROM arr_in WHERE id IN (1);
SELECT id FROM arr_in WHERE v IN ('a', 'c') ORDER BY id;
SELECT id FROM arr_in WHERE n NOT IN (1, 2.5) ORDER BY id;
SELECT id FROM arr_in WHERE id IN (1, n, 3) ORDER BY id;
SELECT id, v IN ('a', NULL), v NOT IN ('x', NULL) FROM arr_in ORDER BY id;
SELECT id FROM arr_in WHERE v IN (1, 2);
DROP TABLE arr_in;

-- unnest, in FROM and in the select list
SELECT unnest(ARRAY[1,2,NULL]);
SELECT * FROM unnest(ARRAY['a','b']);
SELECT * FROM unnest('{{1,2},{3,4}}'::int[]) AS u(x) ORDER BY x DESC;
SELECT u, u * 2 FROM unnest('{5,6}'::int[]) u;
SELECT unnest('{}'::int[]);
SELECT unnest(NULL::int[]);
SELECT x, unnest(ARRAY[x, x + 1]) FROM generate_series(1, 2) x;
SELECT unnest(ARRAY[1,2]), unnest(ARRAY['a','b','c']);
SELECT * FROM unnest(ARRAY[1,2]) WITH ORDINALITY;
SELECT array_agg(u ORDER BY u DESC) FROM unnest(ARRAY[3,1,2]) u;
SELECT 2 IN (SELECT unnest(ARRAY[1,2]));
SELECT ARRAY(SELECT unnest(ARRAY[1,2,3]) ORDER BY 1 DESC);
SELECT (unnest(ARRAY[ARRAY[1,2]]))[1];
SELECT unnest(ARRAY[1,2]) + 1, ARRAY[unnest(ARRAY[1,2])];
SELECT count(*) FROM unnest(ARRAY(SELECT g FROM generate_series(1, 1000) g));
SELECT unnest(ARRAY['2020-01-01 00:00:00'::timestamptz]), unnest(ARRAY[1.5::numeric]);
SELECT array_to_string(ARRAY(SELECT relname FROM pg_class c WHERE c.oid = ANY (ARRAY(SELECT unnest('{1259,1247}'::oid[])))  ORDER BY 1), ',');

-- trim_array, generate_subscripts, string_to_table
select trim_array(array[1,2,3], 1), trim_array('[0:2]={1,2,3}'::int[], 2), trim_array(array[[1,2],[3,4]], 1);
select trim_array(array[1], 2);
select trim_array(array[1], -1);
select trim_array('{}'::int[], 0), trim_array(array[1,2], 2);
select generate_subscripts('[0:2]={1,2,3}'::int[], 1), generate_subscripts(array[[1,2],[3,4]], 2, true);
select * from generate_subscripts(array[1,2], 2);
select * from generate_subscripts('[2147483646:2147483647]={1,2}'::int[], 1);
select * from string_to_table('a,b,,c', ','), string_to_table('ab', null) s;
select string_to_table('a,x', ',', 'x');
select string_to_table(NULL, ','), 1;

-- as psql's \d queries use them
SELECT 'd' = any('{d,f}'::"char"[]), 'm' = any('{d,f}'::"char"[]);
SELECT x.a = '{0}' FROM (SELECT '{0}'::oid[] AS a) x;
SELECT array_to_string(array(select relname from pg_catalog.pg_class where oid = any ('{1259,1247}'::oid[]) order by 1),',');
SELECT pg_catalog.array_upper('1 2 3'::int2vector::pg_catalog.int2[], 1), ('4 5'::int2vector)[1];
SELECT proargtypes, proargtypes[0], 25 = ANY(proargtypes), proargtypes::oid[], array_length(proargtypes, 1) FROM pg_proc WHERE oid = 1317;
SELECT '1 2'::oidvector, ('1 2'::oidvector)[1], '1 2'::oidvector::oid[], ('7 8 9'::oidvector)[1:];
SELECT array_to_string(ARRAY(SELECT relname FROM pg_class WHERE relname IN ('pg_class', 'pg_type') ORDER BY 1), ', ');
