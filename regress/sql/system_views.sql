--
-- pg_stat_activity and pg_locks, read with plain SELECT (no pids, times or OIDs in output).
--
select state, query, backend_type, datname
  from pg_stat_activity where query like 'select state, query%';
select count(*) >= 1 as me from pg_stat_activity where pid > 0 and backend_type = 'client backend';
create table sv (id int4 primary key);
begin;
lock table sv in share mode;
select locktype, mode, granted from pg_locks
  where locktype = 'relation' and mode = 'ShareLock';
select state from pg_stat_activity where query like 'select state from pg_stat_activity%';
commit;
select count(*) from pg_locks where locktype = 'relation' and mode = 'ShareLock';
begin;
insert into sv values (1);
select count(*) from pg_locks where locktype = 'transactionid' and mode = 'ExclusiveLock' and granted;
rollback;
insert into pg_locks (pid) values (1);
drop table sv;
-- pg_stat_wal counts WAL activity; CHECKPOINT runs a checkpoint at once
checkpoint;
select wal_records > 0 as records, wal_bytes > 0 as bytes, wal_sync >= 0 as syncs,
       wal_write_time = 0 as untimed
  from pg_stat_wal;
