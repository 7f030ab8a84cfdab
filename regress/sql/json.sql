-- json keeps its text; jsonb normalises (key order by length then bytes, last duplicate wins)
SELECT '{"b": 1, "a": [1, 2.50, {"x": null}], "aa": true, "a": "dup"}'::jsonb,
       '{"b": 1, "a": [1, 2.50, {"x": null}], "aa": true, "a": "dup"}'::json,
       '1e3'::jsonb, '-0.0'::jsonb, '"\u00e9\n\"\\/"'::jsonb, '"\u00e9\n\"\\/"'::json, '[]'::jsonb,
       '{}'::jsonb, '  {  }  '::json, '1E-2'::jsonb, '"\ud83d\ude00"'::jsonb, '"\u0000"'::json,
       E'{"k":\n [true,false,null]}'::jsonb, '"\u001f"'::jsonb, '12345678901234567890.5'::jsonb;
-- input errors: DETAIL and CONTEXT as PostgreSQL
SELECT '{"a":1,}'::json;
SELECT '{"a" 1}'::jsonb;
SELECT '[1,2'::json;
SELECT 'tru'::json;
SELECT '{"a":1} x'::json;
SELECT '{"a":1} 2'::jsonb;
SELECT '"\u00"'::json;
SELECT '"\u0000"'::jsonb;
SELECT '"abc'::json;
SELECT '01'::json;
SELECT '{1:2}'::json;
SELECT E'"a\tb"'::json;
SELECT '-'::json;
SELECT '1.'::json;
SELECT '[1, }'::json;
SELECT '[}'::json;
SELECT '[1 2]'::json;
SELECT '{"a":1 "b":2}'::jsonb;
SELECT ''::json;
SELECT '   '::jsonb;
SELECT '"\x"'::json;
SELECT '"\ud83d"'::jsonb;
SELECT '"\ude00"'::jsonb;
SELECT E'[1,\n2,\n@]'::json;
SELECT '{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": 1, "b" 2}'::json;
-- operators
SELECT '{"a":{"b":[1,{"c":2}]}}'::jsonb -> 'a' -> 'b' -> 1 ->> 'c', '{"a": [1,  2]}'::json -> 'a',
       '[1,2,3]'::jsonb -> -1, '[1,2,3]'::json -> 5, '{"a":"x"}'::jsonb ->> 'a', '{"a":null}'::jsonb ->> 'a',
       '{"a":null}'::jsonb -> 'a', '{"a":1}'::jsonb -> 0, '[1]'::jsonb -> 'a', '"s"'::jsonb -> 'a',
       '{"a":"x\ny"}'::json ->> 'a', '[{"a": 1}]'::json -> 0 ->> 'a', '{"a":1,"a":2}'::json -> 'a',
       '[1,2,3]'::json ->> -1, '{"a": {"b": 1}}'::jsonb ->> 'a';
SELECT '{"a":1,"b":2}'::jsonb @> '{"b":2}', '{"a":1}'::jsonb @> '{"a":1,"b":2}', '[1,[2,3]]'::jsonb @> '[[3]]',
       '"str"'::jsonb @> '"str"', '[1,2]'::jsonb @> '1', '1'::jsonb @> '[1]', '{"a":[1,2,3]}'::jsonb @> '{"a":[3,1]}',
       '{"a":[1,2]}'::jsonb @> '{"a":1}', '{"b":2}'::jsonb <@ '{"a":1,"b":2}', '[1.0]'::jsonb @> '[1]',
       '{"a":1}'::jsonb ? 'a', '["a","b"]'::jsonb ? 'b', '{"a":1}'::jsonb ? 'b', '"foo"'::jsonb ? 'foo', '[1]'::jsonb ? '1';
SELECT '{"a":1,"b":2}'::jsonb - 'a', '["a","b","a"]'::jsonb - 'a', '[1,2,3]'::jsonb - -1, '[1,2]'::jsonb - 5,
       '{"a":1}'::jsonb || '{"a":2,"b":3}', '[1]'::jsonb || '[2]', '[1]'::jsonb || '{"a":1}', '1'::jsonb || '2',
       '{"a":1}'::jsonb || '5';
SELECT '1'::jsonb - 'a';
SELECT '{"a":1}'::jsonb - 0;
SELECT '{"a":1}'::json = '{"a":1}'::json;
-- functions
SELECT jsonb_typeof('1'), jsonb_typeof('"x"'), jsonb_typeof('null'), jsonb_typeof('true'), jsonb_typeof('[]'),
       jsonb_typeof('{}'), json_typeof('{"a": 1}'), json_typeof(' [ ] '), jsonb_array_length('[1,2,[3]]'),
       json_array_length('[]');
SELECT jsonb_array_length('{}');
SELECT json_array_length('1');
SELECT jsonb_pretty('{"a": [1, {"b": null}], "c": {}, "d": []}'), jsonb_pretty('1'), jsonb_pretty('[]');
SELECT json_build_object('a', 1, 'b', 'x', 'c', null, 'd', true, 'e', 1.50, 'f', date '2020-01-01',
                         'g', '{"x":1}'::jsonb, 'h', '[1, 2]'::json, 'i', 'NaN'::float8, 'j', 'x"y'),
       jsonb_build_object('b', 1, 'a', 2, 'b', 3), json_build_object(), jsonb_build_object(),
       json_build_array(1, 'a', null, 2.5, false), jsonb_build_array(), json_build_array(),
       jsonb_build_array('x', 1, '{"a":1}'::jsonb), json_build_object(1, 2, 3.5, interval '1 day');
SELECT json_build_object('a');
SELECT json_build_object(null, 1);
SELECT to_json('a"b'::text), to_jsonb(1.50), to_json(timestamp '2020-01-01 10:00'), to_json(true),
       to_json(timestamptz '2020-01-01 10:00:00.5+00'), to_json(date '2020-01-01'), to_jsonb('x'::text),
       to_json(42), to_json('{"a":1}'::json), to_jsonb(uuid 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), to_json(null::int);
-- casts
SELECT '{"b":1,"a":2}'::json::jsonb, '{"b":1,"a":2}'::jsonb::json, '{"a":1}'::jsonb::text, '[1,2]'::text::jsonb,
       '12.5'::jsonb::numeric, '12'::jsonb::int4, '12.7'::jsonb::int8, 'true'::jsonb::bool, '1.5'::jsonb::float8;
SELECT '"12"'::jsonb::int4;
SELECT '{}'::jsonb::bool;
-- ordering and keys
SELECT '1'::jsonb < '"a"'::jsonb, 'null'::jsonb < '"a"'::jsonb, '[]'::jsonb < 'null'::jsonb,
       '{"a":1}'::jsonb > '[1,2,3]'::jsonb, '[1,2]'::jsonb < '[3]'::jsonb, 'true'::jsonb > '1000'::jsonb,
       '{"b":1}'::jsonb > '{"a":1, "b":1}'::jsonb, '1.0'::jsonb = '1'::jsonb, '{"a":1,"b":2}'::jsonb = '{"b":2,"a":1}';
CREATE TABLE js_t (id int PRIMARY KEY, j json, b jsonb);
INSERT INTO js_t VALUES (1, '{"a":1}', '{"a":1}'), (2, '[1,2]', '[1, 2]'), (3, '{"a":1}', '{"a": 1.0}'),
  (4, 'null', 'null'), (5, '[]', '[]'), (6, '"x"', '"x"'), (7, '{"aa":1}', '{"aa":1}'), (8, '{"b":1}', '{"b":1}'),
  (9, 'true', 'true'), (10, '-1', '-1'), (11, '[null]', '[null]'), (12, '{}', '{}');
SELECT b, count(*) FROM js_t GROUP BY b ORDER BY b;
SELECT id, b FROM js_t ORDER BY b DESC, id;
SELECT id FROM js_t WHERE b = '{"a": 1}' ORDER BY id;
SELECT id, j -> 'a', b ->> 'a' FROM js_t WHERE b @> '{"a": 1}' ORDER BY id;
SELECT j, count(*) FROM js_t GROUP BY j;
SELECT j FROM js_t ORDER BY j;
CREATE INDEX js_t_j ON js_t (j);
CREATE INDEX js_t_b ON js_t (b);
SELECT id FROM js_t WHERE b > '[1]' ORDER BY b;
CREATE TABLE js_pk (k jsonb PRIMARY KEY);
INSERT INTO js_pk VALUES ('{"x": 1, "y": 2}');
INSERT INTO js_pk VALUES ('{"y": 2, "x": 1.00}');
DROP TABLE js_pk;
DROP TABLE js_t;
-- json_agg / jsonb_agg: NULL inputs are JSON nulls, no rows give NULL
CREATE TABLE js_agg (g int, x int, j json, t text);
INSERT INTO js_agg VALUES (1, 1, '{"b":1, "a":2}', 'a"b'), (1, NULL, '[1,  2]', NULL), (2, 3, NULL, 'z');
SELECT json_agg(x), jsonb_agg(x), json_agg(t), jsonb_agg(j), json_agg(j) FROM js_agg;
SELECT g, json_agg(x), jsonb_agg(t) FROM js_agg GROUP BY g ORDER BY g;
SELECT json_agg(x) IS NULL, jsonb_agg(x) IS NULL FROM js_agg WHERE false;
DROP TABLE js_agg;
