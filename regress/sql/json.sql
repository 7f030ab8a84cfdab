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
-- DISTINCT and set operations need equality: jsonb has it, json not
CREATE TABLE js_set (j json, b jsonb);
INSERT INTO js_set VALUES ('{"a":1}', '{"a":1}'), ('{"a":1}', '{"a": 1.0}');
SELECT DISTINCT b FROM js_set;
SELECT b FROM js_set UNION SELECT b FROM js_set ORDER BY 1;
SELECT j FROM js_set UNION ALL SELECT j FROM js_set;
SELECT DISTINCT j FROM js_set;
SELECT DISTINCT ON (j) b FROM js_set;
SELECT j FROM js_set UNION SELECT j FROM js_set;
SELECT 1, j FROM js_set EXCEPT ALL SELECT 1, j FROM js_set;
DROP TABLE js_set;
SELECT * FROM generate_series(date '2020-01-30', date '2020-04-01', interval '1 month') g;
-- set-returning: elements and keys
SELECT * from jsonb_array_elements('[1,"a",null,[2]]');
SELECT * from json_array_elements_text('[1,"a",null,[2,  3]]') t;
SELECT jsonb_object_keys('{"b":1,"a":2,"aa":3}'), json_object_keys('{"b":1,"a":2,"b":3}');
SELECT * from jsonb_object_keys('{"b":1}') k;
SELECT t.value from json_array_elements('[1]') t;
SELECT * from jsonb_array_elements('[]');
SELECT jsonb_array_elements_text('["x", {"a": 1}]') as v, 1;
SELECT * from jsonb_array_elements('1');
SELECT * from jsonb_array_elements('{}');
SELECT * from json_array_elements('1');
SELECT * from json_array_elements('{}');
SELECT * from json_array_elements_text('{}');
SELECT * from jsonb_object_keys('1');
SELECT * from jsonb_object_keys('[]');
SELECT * from json_object_keys('1');
SELECT * from json_object_keys('[]');
SELECT sum((e ->> 'n')::int) from jsonb_array_elements('[{"n": 1}, {"n": 2}]') e;
SELECT * from jsonb_array_elements(null);
SELECT e from generate_series(1, 2) e;
SELECT e + 1 from generate_series(1, 2) as e(x);
SELECT g.g, g from generate_series(1, 2) g;
-- strip_nulls
SELECT jsonb_strip_nulls('{"a":null,"b":[null,{"c":null}]}'), json_strip_nulls('{"a":null, "b" : [null,{"c":null,"d":1}]}'), json_strip_nulls('[1, 2.50,  "x"]');
-- random documents: ordering, containment, grouping, selection
CREATE table js_fuzz (id int primary key, j jsonb, t json);
INSERT into js_fuzz values (0, '""', '""');
INSERT into js_fuzz values (1, '[]', '[]');
INSERT into js_fuzz values (2, '[true, [true, {"": 1000.0, "a": null}, [null]], 5]', '[true, [true, {"": 1000.0, "a": null}, [null]], 5]');
INSERT into js_fuzz values (3, '{"ba": {"ba": [false]}, "b": [null, {}], "aa": {"b": 1000.0, "a": [], "c": {"ba": false, "a": "b"}}}', '{"ba": {"ba": [false]}, "b": [null, {}], "aa": {"b": 1000.0, "a": [], "c": {"ba": false, "a": "b"}}}');
INSERT into js_fuzz values (4, 'false', 'false');
INSERT into js_fuzz values (5, '{"aa": true, "ba": "é"}', '{"aa": true, "ba": "é"}');
INSERT into js_fuzz values (6, '1', '1');
INSERT into js_fuzz values (7, '{"ba": [0]}', '{"ba": [0]}');
INSERT into js_fuzz values (8, '[[{}, []], {"": [true, false], "a": {}}]', '[[{}, []], {"": [true, false], "a": {}}]');
INSERT into js_fuzz values (9, '{"aa": [true, false]}', '{"aa": [true, false]}');
INSERT into js_fuzz values (10, '[2]', '[2]');
INSERT into js_fuzz values (11, 'null', 'null');
INSERT into js_fuzz values (12, '"x\ny"', '"x\ny"');
INSERT into js_fuzz values (13, '4', '4');
INSERT into js_fuzz values (14, 'true', 'true');
INSERT into js_fuzz values (15, '{"c": -1}', '{"c": -1}');
INSERT into js_fuzz values (16, '[[1.50], {}, {"a": {"c": null}}]', '[[1.50], {}, {"a": {"c": null}}]');
INSERT into js_fuzz values (17, 'false', 'false');
INSERT into js_fuzz values (18, '["", "x\ny", true]', '["", "x\ny", true]');
INSERT into js_fuzz values (19, 'false', 'false');
INSERT into js_fuzz values (20, '[false, [false, {}, null], [false, [true, null], []]]', '[false, [false, {}, null], [false, [true, null], []]]');
INSERT into js_fuzz values (21, '"a\"b"', '"a\"b"');
INSERT into js_fuzz values (22, '[0, [[false], true, {"a": null, "": "x\ny"}], {"b": 0, "ba": -1, "aa": {}}]', '[0, [[false], true, {"a": null, "": "x\ny"}], {"b": 0, "ba": -1, "aa": {}}]');
INSERT into js_fuzz values (23, 'null', 'null');
INSERT into js_fuzz values (24, '[]', '[]');
INSERT into js_fuzz values (25, '"a"', '"a"');
INSERT into js_fuzz values (26, '{}', '{}');
INSERT into js_fuzz values (27, '[{"b": [1.50, false, -1]}]', '[{"b": [1.50, false, -1]}]');
INSERT into js_fuzz values (28, '{"b": [-0.001], "c": [true], "aa": {"": [-4, 0, -1]}}', '{"b": [-0.001], "c": [true], "aa": {"": [-4, 0, -1]}}');
INSERT into js_fuzz values (29, 'true', 'true');
INSERT into js_fuzz values (30, '[]', '[]');
INSERT into js_fuzz values (31, '{"b": {"b": [], "a": false}, "ba": {"a": "ab"}}', '{"b": {"b": [], "a": false}, "ba": {"a": "ab"}}');
INSERT into js_fuzz values (32, '[]', '[]');
INSERT into js_fuzz values (33, '{}', '{}');
INSERT into js_fuzz values (34, '[]', '[]');
INSERT into js_fuzz values (35, '[0, {"": 0}]', '[0, {"": 0}]');
INSERT into js_fuzz values (36, '{"a": ["", []], "": [[false], true, 0]}', '{"a": ["", []], "": [[false], true, 0]}');
INSERT into js_fuzz values (37, 'null', 'null');
INSERT into js_fuzz values (38, 'null', 'null');
INSERT into js_fuzz values (39, '[{"ba": ["é", false, 1000.0]}, "a\"b", {"": [null], "b": ["a", 1, true]}]', '[{"ba": ["é", false, 1000.0]}, "a\"b", {"": [null], "b": ["a", 1, true]}]');
INSERT into js_fuzz values (40, '[]', '[]');
INSERT into js_fuzz values (41, '"é"', '"é"');
INSERT into js_fuzz values (42, '[]', '[]');
INSERT into js_fuzz values (43, '{"aa": {"a": {}}, "": false}', '{"aa": {"a": {}}, "": false}');
INSERT into js_fuzz values (44, '[[]]', '[[]]');
INSERT into js_fuzz values (45, '{"a": {"c": []}, "ba": {"": []}, "c": [[0, false, false], [true], [true]]}', '{"a": {"c": []}, "ba": {"": []}, "c": [[0, false, false], [true], [true]]}');
INSERT into js_fuzz values (46, 'null', 'null');
INSERT into js_fuzz values (47, '[]', '[]');
INSERT into js_fuzz values (48, 'null', 'null');
INSERT into js_fuzz values (49, '{"b": 2.5}', '{"b": 2.5}');
INSERT into js_fuzz values (50, '[{}, {"aa": {"aa": "a", "": false, "c": "a"}, "": true}]', '[{}, {"aa": {"aa": "a", "": false, "c": "a"}, "": true}]');
INSERT into js_fuzz values (51, '"b"', '"b"');
INSERT into js_fuzz values (52, '100', '100');
INSERT into js_fuzz values (53, '"a"', '"a"');
INSERT into js_fuzz values (54, '1', '1');
INSERT into js_fuzz values (55, '[3, true, [{"aa": true, "b": null, "": true}, [null, null], null]]', '[3, true, [{"aa": true, "b": null, "": true}, [null, null], null]]');
INSERT into js_fuzz values (56, '{"ba": {}}', '{"ba": {}}');
INSERT into js_fuzz values (57, 'true', 'true');
INSERT into js_fuzz values (58, '[{"c": null}, []]', '[{"c": null}, []]');
INSERT into js_fuzz values (59, 'false', 'false');
INSERT into js_fuzz values (60, '2', '2');
INSERT into js_fuzz values (61, '{"c": [{"ba": 2.5, "a": 0}, null, "b"], "a": -0.001}', '{"c": [{"ba": 2.5, "a": 0}, null, "b"], "a": -0.001}');
INSERT into js_fuzz values (62, 'true', 'true');
INSERT into js_fuzz values (63, '{"": "a\"b", "a": true}', '{"": "a\"b", "a": true}');
INSERT into js_fuzz values (64, '2.5', '2.5');
INSERT into js_fuzz values (65, '1.50', '1.50');
INSERT into js_fuzz values (66, 'true', 'true');
INSERT into js_fuzz values (67, '{"b": [[false], false, {}], "a": "é"}', '{"b": [[false], false, {}], "a": "é"}');
INSERT into js_fuzz values (68, 'null', 'null');
INSERT into js_fuzz values (69, 'false', 'false');
INSERT into js_fuzz values (70, 'false', 'false');
INSERT into js_fuzz values (71, '[]', '[]');
INSERT into js_fuzz values (72, '[1000.0, null]', '[1000.0, null]');
INSERT into js_fuzz values (73, '{"ba": true}', '{"ba": true}');
INSERT into js_fuzz values (74, '[null, -0.001]', '[null, -0.001]');
INSERT into js_fuzz values (75, '{"aa": [null], "a": [[1.50, true], {"ba": true, "a": null}], "c": {"b": false, "c": false, "aa": [1.50, true]}}', '{"aa": [null], "a": [[1.50, true], {"ba": true, "a": null}], "c": {"b": false, "c": false, "aa": [1.50, true]}}');
INSERT into js_fuzz values (76, '-5', '-5');
INSERT into js_fuzz values (77, '{}', '{}');
INSERT into js_fuzz values (78, '[[[], -1], {"": {"": 0, "b": -3, "a": true}}, [{"a": true, "aa": "b"}]]', '[[[], -1], {"": {"": 0, "b": -3, "a": true}}, [{"a": true, "aa": "b"}]]');
INSERT into js_fuzz values (79, '{"c": false}', '{"c": false}');
INSERT into js_fuzz values (80, '[[[false, 2.5, -3], true, {"ba": null, "c": -1, "a": ""}], ["a\"b"]]', '[[[false, 2.5, -3], true, {"ba": null, "c": -1, "a": ""}], ["a\"b"]]');
INSERT into js_fuzz values (81, '[{"aa": {"aa": "a\"b", "": false}, "b": ["é"]}, 1.50]', '[{"aa": {"aa": "a\"b", "": false}, "b": ["é"]}, 1.50]');
INSERT into js_fuzz values (82, '{"b": null, "a": null}', '{"b": null, "a": null}');
INSERT into js_fuzz values (83, 'null', 'null');
INSERT into js_fuzz values (84, '[{"c": "é"}, true]', '[{"c": "é"}, true]');
INSERT into js_fuzz values (85, 'true', 'true');
INSERT into js_fuzz values (86, '{"a": [null, []], "": false}', '{"a": [null, []], "": false}');
INSERT into js_fuzz values (87, '{"": [{"": null}], "a": {"ba": {"b": ""}}}', '{"": [{"": null}], "a": {"ba": {"b": ""}}}');
INSERT into js_fuzz values (88, '{"b": [{"ba": ""}, {"c": 1.50}]}', '{"b": [{"ba": ""}, {"c": 1.50}]}');
INSERT into js_fuzz values (89, '[null]', '[null]');
INSERT into js_fuzz values (90, 'true', 'true');
INSERT into js_fuzz values (91, 'true', 'true');
INSERT into js_fuzz values (92, '{}', '{}');
INSERT into js_fuzz values (93, 'false', 'false');
INSERT into js_fuzz values (94, 'false', 'false');
INSERT into js_fuzz values (95, '{"b": true}', '{"b": true}');
INSERT into js_fuzz values (96, '[{"ba": 3, "c": [null, 0]}]', '[{"ba": 3, "c": [null, 0]}]');
INSERT into js_fuzz values (97, '-0.001', '-0.001');
INSERT into js_fuzz values (98, '{"aa": [{}, {"": false, "b": -1}, null], "b": [[1.50, 2], true], "ba": {}}', '{"aa": [{}, {"": false, "b": -1}, null], "b": [[1.50, 2], true], "ba": {}}');
INSERT into js_fuzz values (99, 'true', 'true');
INSERT into js_fuzz values (100, '-0.001', '-0.001');
INSERT into js_fuzz values (101, '[null, -4]', '[null, -4]');
INSERT into js_fuzz values (102, '[]', '[]');
INSERT into js_fuzz values (103, '{"c": 1.50, "b": {}}', '{"c": 1.50, "b": {}}');
INSERT into js_fuzz values (104, 'null', 'null');
INSERT into js_fuzz values (105, 'false', 'false');
INSERT into js_fuzz values (106, '{"": false}', '{"": false}');
INSERT into js_fuzz values (107, '{}', '{}');
INSERT into js_fuzz values (108, '{"a": 100}', '{"a": 100}');
INSERT into js_fuzz values (109, '{"b": 1.50}', '{"b": 1.50}');
INSERT into js_fuzz values (110, '1000.0', '1000.0');
INSERT into js_fuzz values (111, '[{"aa": false, "a": -3, "ba": {"": false}}, [true, ["a\"b", false]], -5]', '[{"aa": false, "a": -3, "ba": {"": false}}, [true, ["a\"b", false]], -5]');
INSERT into js_fuzz values (112, '[{"aa": null, "": [], "a": 0}, true, [[null, 1, null], null]]', '[{"aa": null, "": [], "a": 0}, true, [[null, 1, null], null]]');
INSERT into js_fuzz values (113, '[[[1.50], 1, {"c": false}], [1, {"a": 0, "c": null, "aa": 1.50}]]', '[[[1.50], 1, {"c": false}], [1, {"a": 0, "c": null, "aa": 1.50}]]');
INSERT into js_fuzz values (114, '{"": [{}, -4, -1], "a": {"ba": {}, "c": 1}}', '{"": [{}, -4, -1], "a": {"ba": {}, "c": 1}}');
INSERT into js_fuzz values (115, '[[[null, false], null, {"b": "a\"b", "ba": 2.5, "aa": true}], {"c": [], "aa": {"aa": 1.50, "b": true, "": "ab"}}]', '[[[null, false], null, {"b": "a\"b", "ba": 2.5, "aa": true}], {"c": [], "aa": {"aa": 1.50, "b": true, "": "ab"}}]');
INSERT into js_fuzz values (116, '"é"', '"é"');
INSERT into js_fuzz values (117, '[]', '[]');
INSERT into js_fuzz values (118, '[{"ba": {}}]', '[{"ba": {}}]');
INSERT into js_fuzz values (119, '{"c": {}}', '{"c": {}}');
SELECT id, j from js_fuzz order by j, id;
SELECT a.id, b.id from js_fuzz a, js_fuzz b where a.j @> b.j and a.id < b.id and a.id < 40 order by 1, 2;
SELECT id, j -> 'a', j ->> 'b', j -> 0, j ->> -1, t -> 'a', t ->> 1, j ? 'a', jsonb_typeof(j), json_typeof(t) from js_fuzz order by id;
SELECT j, count(*) from js_fuzz group by j order by j;
SELECT id, j = (t::jsonb), t::text = j::text from js_fuzz order by id;
DROP table js_fuzz;
-- text[] paths: #> #>> ?| ?& #- and - text[]
SELECT '{"a":{"b":[1,{"c":"x"}]}}'::jsonb #> '{a,b,1,c}', '{"a":{"b":[1,{"c":"x"}]}}'::jsonb #>> '{a,b,1,c}', '{"a":{"b":[1,{"c":"x"}]}}'::jsonb #> '{a,b,-1}', '{"a":1}'::jsonb #> '{}', '"s"'::jsonb #>> '{}', '{"a":1}'::jsonb #> '{b}', '{"a":[1]}'::jsonb #> '{a,x}', '{"a":null}'::jsonb #>> '{a}', '{"a":1}'::jsonb #> '{a,b}', '[1,2]'::jsonb #> '{0}', '1'::jsonb #> '{0}';
SELECT '{"a": {"b":  [1, 2]}}'::json #> '{a,b}', '{"a": {"b":  [1, 2]}}'::json #>> '{a,b,1}', '{"a":"x"}'::json #>> '{a}', '{"a":1}'::json #> '{}', '[1,[2]]'::json #> '{1,0}';
SELECT '{"a":1}'::jsonb #> '{a,NULL}', '{"a":1}'::jsonb #> NULL;
SELECT '{"a":1,"b":2}'::jsonb ?| '{b,c}', '{"a":1,"b":2}'::jsonb ?& '{a,b}', '{"a":1,"b":2}'::jsonb ?& '{a,c}', '["a","b"]'::jsonb ?| '{x,a}', '{"a":1}'::jsonb ?| '{}', '{"a":1}'::jsonb ?& '{}', '{"a":1}'::jsonb ?| '{NULL}', '{"a":1}'::jsonb ?& '{a,NULL}';
SELECT '{"a":{"b":[1,2,3]}}'::jsonb #- '{a,b,1}', '{"a":{"b":[1,2,3]}}'::jsonb #- '{a,b,-1}', '{"a":1,"b":2}'::jsonb #- '{a}', '{"a":1}'::jsonb #- '{x,y}', '[1,2]'::jsonb #- '{5}', '{"a":1}'::jsonb #- '{}';
SELECT '{"a":{"b":[1,2,3]}}'::jsonb #- '{a,b,x}';
SELECT '1'::jsonb #- '{a}';
SELECT '{"a":1}'::jsonb #- '{a,NULL}';
SELECT '{"a":1,"b":2,"c":3}'::jsonb - '{a,c}'::text[], '["a","b","c"]'::jsonb - '{b,x}'::text[], '{"a":1}'::jsonb - '{}'::text[];
SELECT '1'::jsonb - '{a}'::text[];
-- arrays of the new types, arrays in JSON
SELECT array[date '2020-01-01', 'infinity'], '{"1 day","-2 hours"}'::interval[], array['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid], array['{"a": 1}'::jsonb, '[1,  2]'], array['{"a":  1}'::json], '{10:00,23:59:59.5}'::time[], array[timetz '10:00+02'];
SELECT to_json(array[1,2,3]), to_jsonb(array['a','b']), to_json(array[[1,2],[3,4]]), json_build_object('a', array[1,null]), to_json('{}'::int[]), to_jsonb(array[date '2020-01-01']), json_agg(x) from (select array[1,2] as x) s;
SELECT array_to_json(array[1,2]);
SELECT (array[interval '1 day', '2 days'])[2], array_length(array[date '2020-01-01'], 1), date '2020-01-02' = any(array[date '2020-01-01', '2020-01-02']);
SELECT array_agg(d order by d) from (select date '2020-01-02' d union all select date '2020-01-01') s;
SELECT array_agg(d) from (select date '2020-01-02' d union all select date '2020-01-01') s;
SELECT array_to_json('{{1,5},{99,100}}'::int[], true), array_to_json('{1,2}'::int[], true), array_to_json('{}'::int[], true), array_to_json('[0:1]={1,2}'::int[]), to_json(array['a"b', NULL]), jsonb_build_object('k', array[1.50, 2]);
-- jsonb_set / jsonb_insert
SELECT jsonb_set('{"a":{"b":1}}', '{a,b}', '2'), jsonb_set('{"a":{"b":1}}', '{a,c}', '"x"'), jsonb_set('{"a":{"b":1}}', '{a,c}', '"x"', false), jsonb_set('{"a":[1,2,3]}', '{a,1}', '9'), jsonb_set('{"a":[1,2,3]}', '{a,10}', '9'), jsonb_set('{"a":[1,2,3]}', '{a,-10}', '9'), jsonb_set('{"a":[1,2,3]}', '{a,-1}', '9'), jsonb_set('{"a":1}', '{x,y}', '2'), jsonb_set('[1]', '{}', '2'), jsonb_set('{"a":1}', '{a}', 'null');
SELECT jsonb_set('1', '{a}', '2');
SELECT jsonb_set('{"a":[1]}', '{a,x}', '2');
SELECT jsonb_set('{"a":1}', '{a,NULL}', '2');
SELECT jsonb_set('{"a":1}', '{a}', NULL);
SELECT jsonb_insert('{"a":[1,2,3]}', '{a,1}', '9'), jsonb_insert('{"a":[1,2,3]}', '{a,1}', '9', true), jsonb_insert('{"a":{"b":1}}', '{a,c}', '2'), jsonb_insert('{"a":[1,2,3]}', '{a,10}', '9'), jsonb_insert('{"a":[1,2,3]}', '{a,-1}', '9', true);
SELECT jsonb_insert('{"a":{"b":1}}', '{a,b}', '2');
SELECT jsonb_set('{"a":1}'::jsonb, '{b}', to_jsonb('x'::text)), jsonb_set('{"a":{"b":[{"c":1}]}}', '{a,b,0,c}', '5');
-- VARIADIC path functions
SELECT jsonb_extract_path('{"a":{"b":[1,2]}}', 'a', 'b', '1'), jsonb_extract_path_text('{"a":{"b":"x"}}', 'a', 'b'), json_extract_path('{"a": {"b":  [1, 2]}}', 'a', 'b'), json_extract_path_text('{"a":[1,"y"]}', 'a', '1'), jsonb_extract_path('{"a":1}', 'x'), jsonb_extract_path('{"a":1}', variadic array['a']), jsonb_extract_path_text('{"a":1}', 'a', null);
SELECT jsonb_extract_path('{"a":1}');
-- json_object_agg / jsonb_object_agg
SELECT json_object_agg(k, v), jsonb_object_agg(k, v) from (values ('b', 1), ('a', null), ('b', 3)) t(k, v);
SELECT json_object_agg(k, v) is null from (values ('b', 1)) t(k, v) where false;
SELECT json_object_agg(k, v) from (values (null::text, 1)) t(k, v);
SELECT jsonb_object_agg(k, v) from (values (null::text, 1)) t(k, v);
SELECT json_object_agg(1.5, date '2020-01-01');
SELECT json_object_agg(k, v) from (values ('a', '{"x":1}'::jsonb)) t(k,v);
SELECT g, jsonb_object_agg(k, v) from (values (1, 'x', 1), (1, 'y', 2), (2, 'x', 3)) t(g, k, v) group by g order by g;
SELECT json_object_agg('a');
