--
-- Several statements on one line and one statement over several lines; an error in the
-- middle of a line does not stop the statements after it.
--
create table ms (id int4 primary key, t text); insert into ms values (1, 'a'); select * from ms;
insert into ms values (2, 'b'); insert into ms values (3, 'c'); select count(*) from ms;
select 1; select 2; select 3;
select 1 / 0; select 'after error';
insert into ms values (1, 'dup'); insert into ms values (4, 'd'); select id from ms order by id;
select
    id,
    t || '-' || id
from
    ms
where
    id > 1
order by
    id
desc;
select 'a;b' as semicolon_in_string; select 'x' -- a comment; not a statement
    as y;
update ms set t = 'z' where id = 1; delete from ms where id = 4; select * from ms order by id;
drop table ms; select 'dropped';
