--
-- UPDATE and DELETE: with and without WHERE, expressions referring to the old row,
-- several columns at once, setting NULL, changing the primary key.
--
create table ud (id int4 primary key, qty int4 not null, price float8, note text);
insert into ud values
    (1, 10, 1.5, 'a'),
    (2, 20, 2.5, 'b'),
    (3, 30, null, 'c'),
    (4, 40, 4.5, null),
    (5, 50, 5.5, 'e');

update ud set qty = qty + 1 where id = 1;
select * from ud order by id;
update ud set qty = qty * 2, note = note || '!' where qty >= 30;
select * from ud order by id;
update ud set price = null where id = 2;
update ud set note = 'none' where note is null;
select * from ud order by id;
update ud set price = 0 where price is null;
select * from ud order by id;
-- no row matches: nothing changes
update ud set qty = 0 where id = 99;
select count(*) from ud where qty = 0;
-- every row
update ud set price = price + 1;
select id, price from ud order by id;
-- the right-hand sides all see the old row
update ud set qty = id, id = qty where id = 1;
select * from ud order by id;
-- move a primary key back
update ud set id = 1 where id = 11;
select id, qty from ud order by id;

delete from ud where id = 3;
select id from ud order by id;
delete from ud where qty > 1000;
select count(*) from ud;
delete from ud where note = 'e!' or price < 3;
select id from ud order by id;
delete from ud;
select count(*) from ud;

-- the table is usable after emptying
insert into ud values (1, 1, 1, 'again');
update ud set note = upper(note);
select * from ud;

drop table ud;
