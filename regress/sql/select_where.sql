--
-- SELECT with WHERE: comparisons, AND/OR/NOT, NULLs in predicates,
-- expressions in the target list, column aliases, *.
--
create table sw (
    id int4 primary key,
    grp int2,
    amount int8,
    price float8,
    ok bool,
    name text,
    code varchar(6)
);
insert into sw values
    (1, 1, 100, 9.5, true, 'apple', 'A1'),
    (2, 1, 250, 0.75, false, 'banana', 'B2'),
    (3, 2, 75, 12, true, 'cherry', 'C3'),
    (4, 2, null, 3.25, null, 'date', null),
    (5, 3, 500, null, false, 'elder', 'E5'),
    (6, 3, 0, 100, true, 'fig', 'F6');

select * from sw where id = 3;
select id, name from sw where amount > 100 order by id;
select id, name from sw where amount >= 100 order by id;
select id, name from sw where amount < 100 order by id;
select id, name from sw where amount <= 100 order by id;
select id, name from sw where amount <> 100 order by id;
select id, name from sw where amount != 100 order by id;
select id from sw where price > 5 and ok order by id;
select id from sw where price > 5 or not ok order by id;
select id from sw where not (grp = 1) order by id;
select id from sw where ok = false order by id;
select id from sw where ok order by id;
select id from sw where not ok order by id;
select id from sw where amount is null order by id;
select id from sw where amount is not null and price is not null order by id;
select id from sw where name = 'fig';
select id from sw where name < 'c' order by id;
select id from sw where code = 'C3';
select id from sw where grp = 2 and amount > 0 or id = 6 order by id;
select id from sw where grp = 2 and (amount > 0 or id = 6) order by id;
select id from sw where false;
select id from sw where true order by id;
select id from sw where null;

-- a comparison with NULL is never true: neither branch returns id 4
select id from sw where amount = 100 or amount <> 100 order by id;

-- expressions and aliases in the target list
select id, amount * 2 as double_amount, price + 1 as p1, name || '!' as shout
    from sw where id <= 3 order by id;
select id * 10 + grp, -amount, upper(name) from sw where id > 4 order by id;
select name as "Name With Space" from sw where id = 1;

-- comparing across integer widths and with float8
select id from sw where grp = 2::int8 order by id;
select id from sw where amount = 75.0::float8;
select id from sw where price = 12;

drop table sw;
