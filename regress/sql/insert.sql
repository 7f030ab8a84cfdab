--
-- INSERT with VALUES lists: single and multi-row, column lists, any column order,
-- literals of every type, NULLs, expressions in VALUES.
--
create table ins_t (
    id int4 primary key,
    name text not null,
    n int8,
    f float8,
    b bool,
    v varchar(10)
);
insert into ins_t values (1, 'one', 10, 1.5, true, 'v1');
insert into ins_t values (2, 'two', 20, 2.5, false, 'v2'), (3, 'three', 30, 3.5, null, 'v3');
insert into ins_t (name, id) values ('four', 4);
insert into ins_t (v, b, f, n, name, id) values ('v5', true, -0.25, -50, 'five', 5);
insert into ins_t values (6, 'six', null, null, null, null);
insert into ins_t values (7, 'se' || 'ven', 3 * 7, 1.0 / 4, 1 < 2, upper('v7'));
insert into ins_t values
    (8, 'eight', 9223372036854775807, 1e300, 't', ''),
    (9, 'nine', -9223372036854775808, -1e-300, 'f', 'ten chars!'),
    (10, '', 0, 0, 'yes', 'a b');
select * from ins_t order by id;
select count(*) from ins_t;

-- quoted strings
insert into ins_t (id, name) values (11, 'it''s'), (12, 'tab	here'), (13, '  spaces  ');
select id, name, length(name) from ins_t where id >= 11 order by id;

-- int2 limits
create table ins_small (s int2);
insert into ins_small values (32767), (-32768), (0);
select s from ins_small order by s;

-- varchar(n) keeps exactly n characters, and refuses more
create table ins_vc (v varchar(3));
insert into ins_vc values ('abc');
insert into ins_vc values ('abcd');
select v from ins_vc;

-- a failing row stops the whole multi-row INSERT: none of its rows stays
insert into ins_vc values ('x'), ('toolong'), ('y');
select v from ins_vc order by v;

drop table ins_t;
drop table ins_small;
drop table ins_vc;
