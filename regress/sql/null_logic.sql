--
-- SQL's three-valued logic: NULL through AND, OR, NOT, comparisons, arithmetic,
-- concatenation, IS [NOT] NULL, and in WHERE.
--
select null;
select null is null, null is not null, 1 is null, 1 is not null;
select true and null, false and null, null and true, null and false, null and null;
select true or null, false or null, null or true, null or false, null or null;
select not null::bool, not true, not false;
select null = null, null <> null, 1 = null, null < 1, 'a' = null;
select 1 + null, null * 2, null::int8 - 1, null::float8 / 2, -null::int4;
select 'a' || null, null || 'b', null::text || null::text;
select (null = 1) is null, (null and false) is null, (null or true) is not null;
select null::bool is null and true;

-- division by zero is not hidden behind a NULL operand
select null::int4 / 0;

create table nl (id int4 primary key, a bool, b bool, n int4);
insert into nl values
    (1, true, true, 1), (2, true, false, 2), (3, true, null, null),
    (4, false, true, 4), (5, false, false, null), (6, false, null, 6),
    (7, null, true, 7), (8, null, false, null), (9, null, null, 9);
select id, a, b, a and b as "and", a or b as "or", not a as "not" from nl order by id;
select id from nl where a and b order by id;
select id from nl where a or b order by id;
select id from nl where not (a and b) order by id;
select id from nl where not (a or b) order by id;
select id from nl where (a or b) is null order by id;
select id from nl where n > 3 order by id;
select id from nl where not (n > 3) order by id;
select id from nl where n is null order by id;
select id, n + 1, n * n, n || '' from nl order by id;
select count(*), count(n), sum(n) from nl;
drop table nl;
