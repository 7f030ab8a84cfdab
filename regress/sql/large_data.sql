--
-- Twenty thousand rows: load from generate_series, aggregate, update and delete in bulk,
-- and check the totals at each step.
--
create table big (id int4 primary key, grp int4 not null, val int8, pad text);
insert into big select g, g % 10, g * 3, repeat('p', g % 100) from generate_series(1, 20000) g;
select count(*), sum(id), min(id), max(id), sum(val), sum(length(pad)) from big;
select grp, count(*), sum(val), min(id), max(id) from big group by grp order by grp;
select id, val, length(pad) from big where id = 12345;
select id from big where id > 19995 order by id;
select id from big order by val desc limit 3;
select id from big order by id limit 5 offset 10000;

update big set val = val + 1 where grp = 3;
select sum(val) from big;
select count(*) from big where val % 3 = 1;

delete from big where id % 2 = 0;
select count(*), sum(id) from big;
select grp, count(*) from big group by grp order by grp;

insert into big select g, 0, 0, '' from generate_series(20001, 25000) g;
select count(*), max(id) from big;

update big set pad = repeat('q', 500) where id % 1000 = 1;
select count(*), sum(length(pad)) from big where id % 1000 = 1;

delete from big;
select count(*) from big;
drop table big;
