--
-- count, sum, min, max, avg: whole-table and GROUP BY; NULLs are skipped; empty input.
--
create table agg (id int4 primary key, grp text, i2 int2, i4 int4, i8 int8, f float8, b bool);
insert into agg values
    (1, 'a', 1, 10, 100, 1.5, true),
    (2, 'a', 2, 20, 200, 2.5, false),
    (3, 'b', 3, 30, null, 0.25, true),
    (4, 'b', null, 40, 400, null, null),
    (5, 'c', 5, null, 500, -3, false),
    (6, null, 6, 60, 600, 10, true);

select count(*) from agg;
select count(id), count(grp), count(i2), count(i4), count(i8), count(f), count(b) from agg;
select sum(i2), sum(i4), sum(i8), sum(f) from agg;
select min(i2), max(i2), min(i4), max(i4), min(i8), max(i8) from agg;
select min(f), max(f), min(grp), max(grp) from agg;
select avg(f) from agg;
select avg(i4) from agg;
select avg(i2), avg(i8) from agg;
select avg(i4) from agg where id <= 3;
select count(*), sum(i4) from agg where i4 > 15;

-- GROUP BY
select grp, count(*) from agg group by grp order by grp;
select grp, count(*), sum(i4), min(i8), max(f) from agg group by grp order by grp;
select grp, avg(f) from agg group by grp order by grp;
select b, count(*) from agg group by b order by b;
select i4 > 25 as big, count(*) from agg group by i4 > 25 order by 1;
select id % 2 as parity, sum(i8) from agg group by id % 2 order by parity;
select grp, count(*) from agg group by grp order by count(*) desc, grp;
select grp, sum(i4) * 2 as twice from agg group by grp order by grp limit 2;
select grp, max(i4) - min(i4) as spread from agg where grp is not null group by grp order by grp;

-- empty input: count is 0, the others NULL
select count(*), count(i4), sum(i4), min(i4), max(i4), avg(i4), avg(f) from agg where id > 100;
select grp, count(*) from agg where id > 100 group by grp;

-- aggregates over expressions
select sum(i4 * 2), max(length(grp)), min(-i8), count(i4 + i8) from agg;

-- bigger sums
select sum(i8) from agg where i8 > 0;
select count(*), sum(g), min(g), max(g), avg(g) from generate_series(1, 1000) g;

drop table agg;
