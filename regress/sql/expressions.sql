--
-- SELECT without FROM; arithmetic on every numeric type, precedence, comparison
-- operators, string concatenation with ||.
--
select 1;
select 1 + 2, 7 - 10, 6 * 7, 7 / 2, -7 / 2, 7 % 3, -7 % 3;
select 2 + 3 * 4, (2 + 3) * 4, 2 - 3 - 4, 100 / 10 / 5, -(-5), - 3 + 1;
select 2147483647, -2147483648, 2147483648, 9223372036854775807;
select 1 as a, 'two' as b, true as c;
select 'hello';
select 'hello' as greeting, 42 as answer;

-- integer types mix and widen
select 32767::int2 + 1::int4, 1::int2 * 2::int2, 5::int8 / 2::int4, 10::int4 - 20::int8;
select 3000000000 * 2, 4611686018427387903 + 1;

-- float8 arithmetic
select 1.5::float8 + 2, 10::float8 / 4, 1::float8 / 3, 0.1::float8 + 0.2::float8;
select 2::float8 * 3.5::float8, -1.25::float8 - 1, 7::float8 / 2 * 2;
select 1e300::float8 * 10, 1e-300::float8 / 1e10;
select 100000000000000000000::float8, 0.000001::float8, 123456789.125::float8;
select 3 / 2::float8, 3::float8 / 2;

-- comparisons
select 1 < 2, 2 < 1, 1 <= 1, 2 >= 3, 1 = 1, 1 <> 1, 1 != 2, 3 > 2;
select 1::int2 = 1::int8, 2::int4 < 2.5::float8, 10::int8 > 9.99::float8;
select 'abc' = 'abc', 'abc' < 'abd', 'b' > 'abc', 'abc' <> 'ABC', '' < 'a';
select true = true, true > false, false < true, true <> false;
select 1 < 2 and 3 > 2, 1 > 2 or 2 > 1, not 1 = 2;

-- concatenation
select 'foo' || 'bar', 'a' || 'b' || 'c', '' || 'x' || '';
select 'n=' || 42, 42 || '!', 'f=' || 1.5::float8, 'b=' || true;
select 'abc'::varchar(5) || 'def'::varchar(5);
select 'x' || (1 + 2) || 'y';

-- operators in WHERE and ORDER BY over table rows
create table ex (a int4, b int4, s text);
insert into ex values (1, 2, 'p'), (3, 4, 'q'), (5, 6, 'r');
select a, b, a + b, a * b, b - a, b / a, b % a, s || a || b from ex order by a;
select a from ex where a * 2 > b order by a;
select a from ex order by b - a * 10;
drop table ex;
