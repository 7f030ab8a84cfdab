--
-- ORDER BY (ASC/DESC, several keys, expressions, output positions, NULL placement),
-- LIMIT and OFFSET.
--
create table sol (id int4 primary key, grp int4, val float8, name text);
insert into sol values
    (1, 3, 1.5, 'kilo'),
    (2, 1, null, 'alpha'),
    (3, 2, -4, 'echo'),
    (4, 1, 2.25, 'Bravo'),
    (5, 3, 0, 'zulu'),
    (6, 2, 100, 'delta'),
    (7, null, 7, 'golf'),
    (8, 1, -0.5, 'alpha');

select * from sol order by id;
select * from sol order by id desc;
select id, grp from sol order by grp, id;
select id, grp from sol order by grp desc, id;
select id, grp from sol order by grp asc, id desc;
select id, val from sol order by val, id;
select id, val from sol order by val desc, id;
select id, name from sol order by name, id;
select id, name from sol order by name desc, id desc;
select id, grp * 10 - id as k from sol order by k, id;
select id, grp from sol order by 2, 1;
select name from sol order by length(name), name;
select id from sol order by id % 3, id;

-- LIMIT / OFFSET
select id from sol order by id limit 3;
select id from sol order by id limit 3 offset 2;
select id from sol order by id offset 6;
select id from sol order by id limit 0;
select id from sol order by id limit 100;
select id from sol order by id offset 100;
select id from sol order by id desc limit 2;
select id from sol order by id limit all;
select id, val from sol where val > 0 order by val desc limit 2 offset 1;
select id from sol order by id limit 2 + 1;

drop table sol;
