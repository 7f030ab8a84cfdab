--
-- Built-in functions: generate_series(int, int) in FROM, length, repeat, lower, upper,
-- abs, coalesce, now, version, pg_sleep.
--
select * from generate_series(1, 5);
select * from generate_series(3, 3);
select * from generate_series(5, 1);
select * from generate_series(-2, 2) order by 1 desc;
select g, g * g as sq from generate_series(1, 4) g order by g;
select g from generate_series(1, 10) as g where g % 3 = 0 order by g;
select count(*), sum(g) from generate_series(1, 100) g;
select generate_series from generate_series(1, 2);

select length('hello'), length(''), length('a b c'), length(null::text);
select length('héllo'), length(repeat('xy', 50));
select repeat('ab', 3), repeat('x', 0), repeat('x', -1), repeat('', 5), repeat(null, 2);
select lower('Hello World'), upper('Hello World'), lower('ABC123def'), upper('');
select upper(lower('MiXeD')), lower(null), upper(null);
select abs(-5), abs(5), abs(0), abs(-5::int2), abs(-9000000000::int8);
select abs(-1.5::float8), abs(2.25::float8);
select coalesce(null, 1), coalesce(1, null), coalesce(null, null, 'third'),
    coalesce(null::int4, 2, 3), coalesce('a', 'b');
select coalesce(null::int8, 0) + 1;
select now() is not null as has_now, now() = now() as stable_in_statement;
select version() is not null as has_version, length(version()) > 10 as long_enough;
select pg_sleep(0);
select pg_sleep(0.01);

-- functions over table columns
create table fn (id int4 primary key, s text, n int4);
insert into fn values (1, 'Alpha', -3), (2, null, null), (3, 'gamma', 7);
select id, length(s), upper(s), lower(s), repeat(s, 2), abs(n), coalesce(s, '?'),
    coalesce(n, 0) * 2 from fn order by id;
select id from fn where length(coalesce(s, '')) = 5 order by id;
select upper(s) from fn where s is not null order by upper(s) desc;
drop table fn;

-- nested calls
select upper(repeat(lower('Ab'), 3)), length(repeat('abc', 1000)), abs(length('x') - 10);

-- a function that does not exist
select nosuchfunction(1);
select length(1, 2);
-- SQL-standard value functions
select current_user, session_user, user, current_role, current_catalog, current_schema;
select current_timestamp = now() as same_instant;
