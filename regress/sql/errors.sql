--
-- Bad input: each error is an ErrorResponse with PostgreSQL's SQLSTATE and wording, the
-- failing statement has no effect, and the session goes on. The first half shows the
-- full message (with LINE and caret where PostgreSQL gives a position); the second half
-- checks the SQLSTATE alone.
--
create table er (id int4 primary key, name text not null, n int2, v varchar(3));
insert into er values (1, 'one', 1, 'a'), (2, 'two', 2, 'b');

-- 42601 syntax error, with position
selec 1;
select 1 +;
select * from er where;
select 1;

-- 42P01 unknown table
select * from nosuchtable;
insert into nosuchtable values (1);
update nosuchtable set a = 1;
delete from nosuchtable;
drop table nosuchtable;

-- 42703 unknown column
select nosuchcolumn from er;
select id from er where zzz = 1;
insert into er (id, zzz) values (3, 1);
update er set zzz = 1;
select id from er order by zzz;

-- 22P02 bad literal
select 'abc'::int4;
insert into er values ('x', 'three', 3, 'c');
insert into er values (3, 'three', 'lots', 'c');
select id from er where id = 'one';
select 'maybe'::bool;

-- 42804 type mismatch
insert into er (id, name, n) values (3, 'three', true);
select id from er where 1;
update er set n = 'x'::text where id = 1;
select id from er where name;

-- 23505 duplicate key
insert into er values (1, 'again', 0, 'z');
insert into er values (3, 'three', 3, 'c'), (3, 'dup', 3, 'd');
update er set id = 2 where id = 1;

-- 23502 NOT NULL violation
insert into er (id) values (5);
insert into er values (6, null, 6, 'f');
update er set name = null where id = 2;

-- 22012 division by zero
select 1 / 0;
select 5 % 0;
select 1::int8 / 0::int8;
select 1::float8 / 0;
select id / (id - 1) from er order by id;

-- 22003 numeric value out of range
select 2147483647 + 1;
select -2147483648 * -1;
select 9223372036854775807 + 1;
select 32767::int2 + 1::int2;
insert into er values (7, 'seven', 40000, 'g');
update er set n = n * 30000 where id = 2;

-- 22001 value too long for varchar(n)
insert into er values (8, 'eight', 8, 'toolong');

-- none of the above changed anything, and the session still works
select * from er order by id;

\set VERBOSITY sqlstate
selec 1;
select * from nosuchtable;
select nosuchcolumn from er;
select 'abc'::int4;
select id from er where 1;
insert into er values (1, 'again', 0, 'z');
insert into er (id) values (5);
select 1 / 0;
select 2147483647 + 1;
delete from er where id = 1 / 0;
\set VERBOSITY default

-- still unchanged, still working
select * from er order by id;
insert into er values (3, 'three', 3, 'c');
select count(*) from er;
drop table er;
