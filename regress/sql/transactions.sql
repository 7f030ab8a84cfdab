--
-- Transaction blocks: BEGIN / COMMIT / ROLLBACK, savepoints, failed blocks (25P02),
-- read-only transactions, isolation level settings, implicit transactions of a
-- multi-statement message (psql's \; sends the statements as one Query).
--
create table tx (id int4 primary key, v text);
-- committed and rolled-back blocks
begin;
insert into tx values (1, 'one');
insert into tx values (2, 'two');
commit;
begin;
insert into tx values (3, 'three');
update tx set v = 'uno' where id = 1;
select * from tx order by id;
rollback;
select * from tx order by id;
-- later statements of a block see earlier ones
begin;
insert into tx values (4, 'four');
update tx set v = v || '!' where id = 4;
delete from tx where id = 2;
select * from tx order by id;
commit;
select * from tx order by id;
-- an error makes the block fail until ROLLBACK; COMMIT then rolls back
begin;
insert into tx values (5, 'five');
insert into tx values (1, 'dup');
select * from tx;
commit;
select * from tx order by id;
begin;
select 1 / 0;
rollback;
-- savepoints
begin;
insert into tx values (10, 'ten');
savepoint a;
insert into tx values (11, 'eleven');
savepoint b;
insert into tx values (12, 'twelve');
rollback to savepoint b;
select id from tx where id >= 10 order by id;
insert into tx values (13, 'thirteen');
release savepoint a;
select id from tx where id >= 10 order by id;
commit;
select id from tx where id >= 10 order by id;
-- an error inside a savepoint: ROLLBACK TO recovers the block
begin;
insert into tx values (20, 'twenty');
savepoint s;
insert into tx values (20, 'again');
select 1;
rollback to s;
insert into tx values (21, 'twenty-one');
commit;
select id from tx where id >= 20 order by id;
-- savepoint misuse
savepoint nope;
begin;
rollback to nosuch;
rollback;
begin;
release savepoint nosuch;
rollback;
-- transaction commands outside a block
commit;
rollback;
begin;
begin;
commit;
-- read-only transactions
begin read only;
select count(*) from tx;
insert into tx values (30, 'thirty');
rollback;
begin transaction read only;
update tx set v = 'x';
rollback;
set default_transaction_read_only = on;
delete from tx;
set default_transaction_read_only = off;
-- isolation levels
show transaction_isolation;
show default_transaction_isolation;
begin isolation level repeatable read;
show transaction_isolation;
commit;
start transaction isolation level serializable, read only;
show transaction_isolation;
show transaction_read_only;
commit;
begin;
set transaction isolation level repeatable read;
show transaction_isolation;
select 1;
set transaction isolation level serializable;
rollback;
set default_transaction_isolation = 'repeatable read';
begin;
show transaction_isolation;
commit;
set default_transaction_isolation to default;
show default_transaction_isolation;
set default_transaction_isolation = 'sometimes';
set session characteristics as transaction isolation level serializable;
show default_transaction_isolation;
reset default_transaction_isolation;
show default_transaction_isolation;
-- txid_current() is stable within a transaction and assigns an xid on demand
begin;
select txid_current() = txid_current() as same, pg_current_xact_id_if_assigned() is not null as assigned;
commit;
begin;
select pg_current_xact_id_if_assigned() is null as none_yet;
commit;
-- implicit transactions: one message, one transaction
insert into tx values (40, 'forty') \; insert into tx values (40, 'dup') \; insert into tx values (41, 'x');
select count(*) from tx where id >= 40;
insert into tx values (42, 'a') \; insert into tx values (43, 'b');
select id from tx where id >= 40 order by id;
-- timeouts
set statement_timeout = '100ms';
show statement_timeout;
select pg_sleep(1);
reset statement_timeout;
set lock_timeout = 2500;
show lock_timeout;
set deadlock_timeout = '2s';
show deadlock_timeout;
set lock_timeout = 'soon';
reset all;
show lock_timeout;
drop table tx;
