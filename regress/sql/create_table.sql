--
-- CREATE TABLE with every supported type, PRIMARY KEY, NOT NULL, DEFAULT;
-- DROP TABLE and DROP TABLE IF EXISTS.
--
create table ct_types (
    id int4 primary key,
    small int2,
    big int8,
    ratio float8,
    flag bool,
    note text,
    code varchar(8)
);
insert into ct_types values (1, 12, 1234567890123, 0.5, true, 'hello', 'abc');
select * from ct_types;

-- spelled the SQL way
create table ct_sqlnames (
    a smallint not null,
    b integer primary key,
    c bigint,
    d double precision,
    e boolean,
    f character varying(4),
    g int
);
insert into ct_sqlnames values (1, 2, 3, 4.25, false, 'wxyz', 7);
select * from ct_sqlnames;

-- defaults apply when the column is left out
create table ct_defaults (
    id int8 primary key,
    qty int4 not null default 10,
    label text default 'none',
    active bool default true,
    score float8 default -1.5,
    tag varchar(5) default 'x'
);
insert into ct_defaults (id) values (1);
insert into ct_defaults (id, label) values (2, 'two');
insert into ct_defaults (id, qty, active) values (3, 0, false);
select * from ct_defaults order by id;

-- a column with no default is NULL when left out
insert into ct_types (id) values (2);
select * from ct_types order by id;

-- already exists
create table ct_types (x int4);

-- drop
drop table ct_types;
select * from ct_types;
drop table ct_types;
drop table if exists ct_types;
drop table if exists ct_sqlnames;
drop table ct_defaults;

-- the name is free again, with a different shape
create table ct_types (only_col text);
insert into ct_types values ('again');
select * from ct_types;
drop table ct_types;
