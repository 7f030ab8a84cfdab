--
-- INSERT ... SELECT: from another table, from generate_series, with expressions and a
-- column list, with WHERE/ORDER BY/LIMIT in the SELECT, and from the same table.
--
create table src (id int4 primary key, name text, amount int8);
insert into src values (1, 'one', 100), (2, 'two', 200), (3, 'three', 300), (4, 'four', 400);
create table dst (id int4 primary key, name text, amount int8 default 0);

insert into dst select * from src where id <= 2;
select * from dst order by id;
insert into dst (id, name) select id + 10, upper(name) from src where amount > 250;
select * from dst order by id;
insert into dst (name, id, amount) select name || '-copy', id + 100, amount / 10 from src
    order by id limit 2;
select * from dst order by id;

-- from generate_series
insert into dst (id, name) select g, 'gen ' || g from generate_series(1000, 1004) g;
select * from dst where id >= 1000 order by id;

-- from the table itself: the SELECT sees the rows as they were before the INSERT
insert into dst (id, name, amount) select id + 5000, name, amount from dst;
select count(*), sum(amount) from dst;
select count(*) from dst where id >= 5000;

-- a duplicate key anywhere in the result: nothing is inserted
insert into dst select * from src;
select count(*) from dst;

-- SELECT without FROM as the source
insert into dst (id, name) select 9999, 'lone';
select * from dst where id = 9999;

drop table src;
drop table dst;
