-- COPY in PostgreSQL's binary file format, through psql's \copy (CopyData both ways).
CREATE TABLE cbin (id int PRIMARY KEY, t text, n numeric(12,3), f float8, b bool, raw bytea,
    ts timestamptz, big int8, small int2, v varchar(5), c "char", o oid);
INSERT INTO cbin VALUES
    (1, 'one', 1.5, 0.25, true, '\x00ff', '2024-01-02 03:04:05+00', 9000000000, -7, 'abc', 'x', 42),
    (2, 'two\ttab', -123456.789, -1e300, false, '\x', '1999-12-31 23:59:59.5+00', -1, 32767, '', 'y', 0),
    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (4, repeat('long', 1000), 'NaN', 'Infinity', true, repeat('xy', 3000)::bytea, '2000-01-01 00:00:00+00', 0, 0, 'v', 'z', 4294967295);
\copy cbin TO 'results/cbin.bin' (FORMAT binary)
CREATE TABLE cbin2 (id int PRIMARY KEY, t text, n numeric(12,3), f float8, b bool, raw bytea,
    ts timestamptz, big int8, small int2, v varchar(5), c "char", o oid);
\copy cbin2 FROM 'results/cbin.bin' (FORMAT binary)
SELECT count(*) FROM cbin2;
-- every column came back equal, NULLs included
SELECT a.id FROM cbin a JOIN cbin2 b ON a.id = b.id
WHERE a.t IS NOT DISTINCT FROM b.t AND a.n IS NOT DISTINCT FROM b.n
  AND a.f IS NOT DISTINCT FROM b.f AND a.b IS NOT DISTINCT FROM b.b
  AND a.raw IS NOT DISTINCT FROM b.raw AND a.ts IS NOT DISTINCT FROM b.ts
  AND a.big IS NOT DISTINCT FROM b.big AND a.small IS NOT DISTINCT FROM b.small
  AND a.v IS NOT DISTINCT FROM b.v AND a.c IS NOT DISTINCT FROM b.c AND a.o IS NOT DISTINCT FROM b.o
ORDER BY 1;
SELECT id, t, n, f, b, ts, big, small, v, c, o FROM cbin2 WHERE id < 4 ORDER BY id;
-- a column list, and a query
\copy cbin (id, t) TO 'results/cbin_two.bin' (FORMAT binary)
CREATE TABLE cbin3 (id int PRIMARY KEY, t text, extra int DEFAULT 5);
\copy cbin3 (id, t) FROM 'results/cbin_two.bin' (FORMAT binary)
SELECT id, length(t), extra FROM cbin3 ORDER BY id;
\copy (SELECT id * 10, upper(t) FROM cbin WHERE id < 3) TO 'results/cbin_query.bin' (FORMAT binary)
\copy cbin3 (id, t) FROM 'results/cbin_query.bin' WITH (FORMAT binary)
SELECT id, t, extra FROM cbin3 WHERE id >= 10 ORDER BY id;
-- the wrong number of fields: nothing of the COPY is kept
\copy cbin2 FROM 'results/cbin_two.bin' (FORMAT binary)
-- a value of the wrong binary size for its column (int4 data into an int8 column)
CREATE TABLE cbin4 (id int8 PRIMARY KEY, t text);
\copy cbin4 FROM 'results/cbin_two.bin' (FORMAT binary)
SELECT count(*) FROM cbin4;
-- not a binary COPY file
\copy cbin TO 'results/cbin.txt'
\copy cbin4 FROM 'results/cbin.txt' (FORMAT binary)
-- options that binary mode refuses
COPY cbin TO STDOUT (FORMAT binary, DELIMITER ',');
COPY cbin TO STDOUT (FORMAT binary, NULL 'x');
COPY cbin TO STDOUT (FORMAT binary, HEADER);
COPY cbin TO STDOUT (FORMAT binary, QUOTE '"');
COPY cbin TO STDOUT (FORMAT binary, FORCE_QUOTE *);
DROP TABLE cbin, cbin2, cbin3, cbin4;
