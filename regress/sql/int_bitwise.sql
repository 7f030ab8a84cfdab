-- Bitwise operators of int2, int4 and int8 (& | # ~ << >>), as pgjdbc's getIndexInfo uses
-- them on pg_index.indoption. Shift counts wrap modulo the width, as on PostgreSQL's builds.
SELECT 6 & 3 AS a, 6 | 3 AS o, 6 # 3 AS x, ~6 AS n, 1 << 4 AS l, 256 >> 4 AS r;
SELECT 6::int2 & 3::int2 AS a, 6::int2 | 3::int2 AS o, 6::int2 # 3::int2 AS x, ~6::int2 AS n;
SELECT 6::int8 & 3::int8 AS a, 6::int8 | 3::int8 AS o, 6::int8 # 3::int8 AS x, ~6::int8 AS n;
SELECT 1 << 33 AS wrap, 1 << -1 AS neg, (-8) >> 1 AS arith, (-1) >> 40 AS allones;
SELECT 1::int2 << 15 AS i2, 1::int2 << 16 AS i2_zero, (-32768)::int2 >> 20 AS i2_shr,
       1::int2 << 31 AS i2_31;
SELECT 1::int8 << 62 AS i8, 1::int8 << 65 AS i8_wrap, (-9223372036854775807 - 1) >> 63 AS i8_shr;
SELECT 1::int2 & 1::int2 AS a, 1::int2 << 1 AS b, 1::int8 >> 1 AS c, 1::int2 & 1 AS d \gdesc
SELECT NULL::int4 & 1 AS n1, 1 << NULL::int4 AS n2;
SELECT 1 & 1.5;
SELECT 'a' & 1;
CREATE TABLE bitwise_t (a int, b text, c int, PRIMARY KEY (c, a));
CREATE INDEX bitwise_t_b ON bitwise_t (b DESC, a);
SELECT ci.relname, k, i.indoption[k] & 1::smallint AS desc_bit
FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid, generate_series(0, 1) k
WHERE i.indrelid = 'bitwise_t'::regclass ORDER BY 1, 2;
DROP TABLE bitwise_t;
