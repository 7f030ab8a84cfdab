--
-- SHOW. The exact server_version string differs on purpose (a distribution appends its
-- own suffix, OakDB names itself in version()), so it is captured with \gset and checked
-- to be a PostgreSQL 15 release rather than printed.
--
show server_version \gset
select :'server_version' >= '15.' and :'server_version' < '16' as is_pg15;
show nosuch_setting;
