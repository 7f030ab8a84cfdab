--
-- The catalogs pg_namespace, pg_class, pg_attribute, pg_type, read with plain SELECT.
-- No OIDs in the output: rows are found by name.
--
select nspname from pg_namespace where nspname = 'public' or nspname = 'pg_catalog'
    order by nspname;

select typname, typlen, typbyval, typtype, typcategory from pg_type
    where typname = 'bool' or typname = 'int2' or typname = 'int4' or typname = 'int8'
        or typname = 'float8' or typname = 'text' or typname = 'varchar'
    order by typname;

create table cat_t (
    cat_id int4 primary key,
    cat_small int2 not null,
    cat_big int8 default 7,
    cat_real float8,
    cat_flag bool not null default false,
    cat_note text,
    cat_code varchar(20)
);

select relname, relkind, relnatts from pg_class where relname = 'cat_t';
select relname, relkind from pg_class where relname = 'cat_t_pkey';
select count(*) from pg_class where relname = 'pg_class' or relname = 'pg_attribute'
    or relname = 'pg_type' or relname = 'pg_namespace';

select attname, attnum, attlen, attnotnull, atthasdef, atttypmod from pg_attribute
    where attname = 'cat_small' or attname = 'cat_big' or attname = 'cat_real'
        or attname = 'cat_flag' or attname = 'cat_note' or attname = 'cat_code'
    order by attnum;

-- a dropped table leaves nothing behind
drop table cat_t;
select count(*) from pg_class where relname = 'cat_t' or relname = 'cat_t_pkey';
select count(*) from pg_attribute where attname = 'cat_small' or attname = 'cat_code';
