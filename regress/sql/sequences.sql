-- CREATE / ALTER / DROP SEQUENCE, nextval / currval / setval / lastval, serial columns
CREATE SEQUENCE seq_a;
SELECT nextval('seq_a'), nextval('seq_a'), currval('seq_a');
SELECT last_value, is_called FROM seq_a;
SELECT setval('seq_a', 100), nextval('seq_a'), lastval();
SELECT setval('seq_a', 5, false), nextval('seq_a'), nextval('seq_a');
SELECT last_value, is_called FROM seq_a;
-- descending, cycling, typed, bounded
CREATE SEQUENCE seq_down INCREMENT BY -2 MAXVALUE 10 MINVALUE 0 CYCLE;
SELECT nextval('seq_down'), nextval('seq_down'), nextval('seq_down'), nextval('seq_down'),
       nextval('seq_down'), nextval('seq_down'), nextval('seq_down');
CREATE SEQUENCE seq_small AS smallint START 32766;
SELECT nextval('seq_small'), nextval('seq_small');
SELECT nextval('seq_small');
SELECT currval('seq_small');
CREATE SEQUENCE IF NOT EXISTS seq_small;
CREATE SEQUENCE seq_opts START WITH 10 INCREMENT 5 MINVALUE 10 MAXVALUE 30 CACHE 1 NO CYCLE;
SELECT nextval('seq_opts'), nextval('seq_opts'), nextval('seq_opts'), nextval('seq_opts'), nextval('seq_opts');
SELECT nextval('seq_opts');
SELECT c.relname, format_type(s.seqtypid, NULL) AS type, s.seqstart, s.seqincrement, s.seqmax, s.seqmin,
       s.seqcache, s.seqcycle
FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
WHERE c.relname LIKE 'seq\_%' ORDER BY 1;
-- ALTER SEQUENCE
ALTER SEQUENCE seq_opts RESTART;
SELECT nextval('seq_opts');
ALTER SEQUENCE seq_opts RESTART WITH 25 INCREMENT BY 1;
SELECT nextval('seq_opts'), nextval('seq_opts');
ALTER SEQUENCE seq_opts MAXVALUE 100 CYCLE;
SELECT seqmax, seqcycle FROM pg_sequence WHERE seqrelid = 'seq_opts'::regclass;
ALTER SEQUENCE IF EXISTS seq_nothing RESTART;
-- serial columns
CREATE TABLE seq_t (id serial PRIMARY KEY, v text, big bigserial, small smallserial);
INSERT INTO seq_t (v) VALUES ('a'), ('b');
INSERT INTO seq_t (v) VALUES ('c');
INSERT INTO seq_t (id, v) VALUES (10, 'explicit');
SELECT * FROM seq_t ORDER BY id;
SELECT currval('seq_t_id_seq'), currval('seq_t_big_seq');
SELECT a.attname, a.attnotnull, d.adbin IS NOT NULL AS has_default
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = 'seq_t'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT c.relname, format_type(s.seqtypid, NULL), s.seqmax FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
WHERE c.relname LIKE 'seq\_t\_%' ORDER BY 1;
SELECT d.refobjsubid, d.deptype FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
WHERE c.relname = 'seq_t_id_seq' AND d.refobjid = 'seq_t'::regclass;
SELECT pg_get_serial_sequence('seq_t', 'id'), pg_get_serial_sequence('public.seq_t', 'big'),
       pg_get_serial_sequence('SEQ_T', 'v');
SELECT pg_get_serial_sequence('seq_t', 'ID');
SELECT pg_get_serial_sequence('no_such_table', 'id');
CREATE TABLE seq_t2 (id serial, v text);
SELECT relname FROM pg_class WHERE relname LIKE 'seq\_t2%' ORDER BY 1;
-- a rolled back nextval stays consumed
BEGIN;
SELECT nextval('seq_a');
ROLLBACK;
SELECT nextval('seq_a');
-- errors
SELECT currval('seq_down');
SELECT nextval('seq_t');
SELECT nextval('no_such_seq');
SELECT setval('seq_a', 0);
CREATE SEQUENCE seq_bad INCREMENT 0;
CREATE SEQUENCE seq_bad MINVALUE 10 MAXVALUE 5;
CREATE SEQUENCE seq_bad AS integer MAXVALUE 99999999999;
CREATE SEQUENCE seq_bad AS text;
CREATE SEQUENCE seq_bad START 0;
CREATE SEQUENCE seq_bad START 50 MAXVALUE 10;
CREATE SEQUENCE seq_bad CACHE 0;
CREATE SEQUENCE seq_bad INCREMENT 1 INCREMENT 2;
CREATE SEQUENCE seq_a;
INSERT INTO seq_a VALUES (1, 1, true);
BEGIN READ ONLY;
SELECT nextval('seq_a');
ROLLBACK;
DROP SEQUENCE seq_t;
DROP TABLE seq_a;
DROP SEQUENCE no_such_seq;
DROP SEQUENCE IF EXISTS no_such_seq;
-- DROP TABLE takes its serial sequences along
DROP TABLE seq_t, seq_t2;
SELECT count(*) FROM pg_class WHERE relname LIKE 'seq\_t%';
DROP SEQUENCE seq_a, seq_down, seq_small, seq_opts;
SELECT count(*) FROM pg_class WHERE relkind = 'S';
