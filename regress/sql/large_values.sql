--
-- Values far larger than a B+ tree item (a quarter page) in text, varchar and bytea
-- columns: stored out of line in overflow pages and read back byte for byte.
--
create table lv_vals (id int4 primary key, t text, v varchar, b bytea, n int4);
insert into lv_vals values
    (1, repeat('x', 100000), repeat('ab', 2000000), repeat('xy', 5000)::bytea, 1),
    (2, 'short', 'short', '\x00ff'::bytea, 2),
    (3, repeat('0123456789', 300), null, null, 3);
select id, length(t), length(v), length(b), octet_length(b), n from lv_vals order by id;
select id, left(t, 5), right(t, 5), left(v, 3), right(v, 3) from lv_vals order by id;
select id, substr(t, 99995, 10), substr(v, 3999997, 10), substr(t, 2995, 10) from lv_vals
    order by id;
select id, t = repeat('x', 100000) as t_ok, v = repeat('ab', 2000000) as v_ok,
    b = repeat('xy', 5000)::bytea as b_ok from lv_vals order by id;
select id, t = repeat('0123456789', 300) as t_ok from lv_vals where id = 3;

-- Several medium values that only together are too big for one item.
insert into lv_vals values (4, repeat('m', 1500), repeat('n', 1500), repeat('o', 1500)::bytea, 4);
select id, length(t), length(v), length(b), t = repeat('m', 1500), v = repeat('n', 1500),
    b = repeat('o', 1500)::bytea from lv_vals where id = 4;

-- Updates: of the large value, of another column, and making a value small again.
update lv_vals set t = t || 'tail' where id = 1;
select id, length(t), right(t, 6), length(v), right(v, 2), n from lv_vals where id = 1;
update lv_vals set n = n + 10;
select id, length(t), length(v), length(b), n from lv_vals order by id;
update lv_vals set v = 'tiny' where id = 1;
select id, length(t), v, v = 'tiny', b = repeat('xy', 5000)::bytea from lv_vals where id = 1;
update lv_vals set t = repeat('y', 200000), b = repeat('q', 300000)::bytea where id = 2;
select id, length(t), t = repeat('y', 200000), length(b), b = repeat('q', 300000)::bytea
    from lv_vals where id = 2;

-- Rolled back and locked rows.
begin;
insert into lv_vals values (5, repeat('r', 70000), null, null, 5);
select id, length(t) from lv_vals where id = 5;
rollback;
select count(*) from lv_vals where id = 5;
begin;
select id, length(t) from lv_vals where id = 1 for update;
update lv_vals set n = 99 where id = 1;
savepoint s;
update lv_vals set t = repeat('s', 90000) where id = 1;
rollback to savepoint s;
commit;
select id, length(t), right(t, 4), n from lv_vals where id = 1;

-- Delete, vacuum (frees the overflow pages), and store again.
delete from lv_vals where id in (1, 4);
select id, length(t) from lv_vals order by id;
vacuum lv_vals;
insert into lv_vals values (6, repeat('w', 120000), repeat('v', 50000), null, 6);
select id, length(t), t = repeat('w', 120000), length(v), v = repeat('v', 50000)
    from lv_vals order by id;

-- A table without a primary key (hidden row ids).
create table lv_nopk (t text, b bytea);
insert into lv_nopk values (repeat('k', 30000), repeat('l', 30000)::bytea);
insert into lv_nopk values ('small', null);
update lv_nopk set t = t || t where length(t) > 10;
select length(t), t = repeat('k', 60000), length(b) from lv_nopk order by 1;

-- A 50 MB value.
insert into lv_vals values (7, repeat('z', 50000000), null, null, 7);
select id, length(t), substr(t, 49999990, 3), right(t, 2), t = repeat('z', 50000000)
    from lv_vals where id = 7;
delete from lv_vals where id = 7;
vacuum lv_vals;
select id, length(t) from lv_vals order by id;

-- Too long for any value.
select length(repeat('x', 1073741824));
drop table lv_vals;
drop table lv_nopk;
