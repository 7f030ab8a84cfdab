--
-- Casts with :: and CAST(... AS ...), between the supported types, including rounding,
-- truncation to varchar(n), and the errors a bad value raises.
--
select '42'::int4, ' 42 '::int4, '-7'::int2, '9000000000'::int8, '+5'::int8;
select cast('123' as integer), cast('9' as smallint), cast('10' as bigint);
select 42::text, 42::int8, 42::int2, 42::float8, (-1)::text;
select '1.5'::float8, '-0.0'::float8, '1e10'::float8, 'Infinity'::float8, '-inf'::float8;
select 'NaN'::float8, '  2.5  '::float8;
select 2.5::float8::int4, 3.5::float8::int4, -2.5::float8::int4, 2.4999::float8::int4;
select 1.7::float8::int8, 1.7::float8::int2, cast(2.9::float8 as integer);
select 7::int4::float8 / 2, cast(7 as double precision) / 2;
select 'true'::bool, 'false'::bool, 't'::bool, 'f'::bool, 'yes'::bool, 'no'::bool,
    'on'::bool, 'off'::bool, '1'::bool, '0'::bool, 'TRUE'::bool;
select true::text, false::text, 1::int4::bool, 0::int4::bool, true::int4, false::int4;
select 'abc'::text, 'abcdef'::varchar(3), cast('abcdef' as varchar(4)), 'ab'::varchar(3);
select 'abc'::varchar(10) = 'abc'::text, length('abcdef'::varchar(2));
select 123::int4::text || 'x', ('12' || '34')::int4 + 1;
select 1.5::float8::text, 0.1::float8::text, 1e100::float8::text;
select null::int4, null::text, cast(null as bool);

-- out of range and malformed values
select '32768'::int2;
select 70000::int4::int2;
select '2147483648'::int4;
select 9223372036854775807::int8::int4;
select '12abc'::int4;
select ''::int4;
select 'maybe'::bool;
select 'one'::float8;
select 1e300::float8::int4;
select 'NaN'::float8::int8;
