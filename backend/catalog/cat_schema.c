/*
 * cat_schema.c
 *     The built-in catalog tables: PostgreSQL 15's relation OIDs, column names, column order
 *     and types. Columns whose types OakDB does not have yet (aclitem[], xid, text[],
 *     pg_node_tree's internals) are left out and listed in this folder's README; adbin is
 *     kept as text holding the expression's SQL.
 */
#include "oak/oak.h"

#include "cat_internal.h"
#include "oak/utils/adt.h"

static const CatColumn pg_namespace_cols[] = {
    {"oid", OIDOID},
    {"nspname", NAMEOID},
    {"nspowner", OIDOID},
};

static const CatColumn pg_class_cols[] = {
    {"oid", OIDOID},
    {"relname", NAMEOID},
    {"relnamespace", OIDOID},
    {"reltype", OIDOID},
    {"reloftype", OIDOID},
    {"relowner", OIDOID},
    {"relam", OIDOID},
    {"relfilenode", OIDOID},
    {"reltablespace", OIDOID},
    {"relpages", INT4OID},
    {"reltuples", FLOAT4OID},
    {"relallvisible", INT4OID},
    {"reltoastrelid", OIDOID},
    {"relhasindex", BOOLOID},
    {"relisshared", BOOLOID},
    {"relpersistence", CHAROID},
    {"relkind", CHAROID},
    {"relnatts", INT2OID},
    {"relchecks", INT2OID},
    {"relhasrules", BOOLOID},
    {"relhastriggers", BOOLOID},
    {"relhassubclass", BOOLOID},
    {"relrowsecurity", BOOLOID},
    {"relforcerowsecurity", BOOLOID},
    {"relispopulated", BOOLOID},
    {"relreplident", CHAROID},
    {"relispartition", BOOLOID},
    {"relrewrite", OIDOID},
};

static const CatColumn pg_attribute_cols[] = {
    {"attrelid", OIDOID},        {"attname", NAMEOID},     {"atttypid", OIDOID},
    {"attstattarget", INT4OID},  {"attlen", INT2OID},      {"attnum", INT2OID},
    {"attndims", INT4OID},       {"attcacheoff", INT4OID}, {"atttypmod", INT4OID},
    {"attbyval", BOOLOID},       {"attalign", CHAROID},    {"attstorage", CHAROID},
    {"attcompression", CHAROID}, {"attnotnull", BOOLOID},  {"atthasdef", BOOLOID},
    {"atthasmissing", BOOLOID},  {"attidentity", CHAROID}, {"attgenerated", CHAROID},
    {"attisdropped", BOOLOID},   {"attislocal", BOOLOID},  {"attinhcount", INT4OID},
    {"attcollation", OIDOID},
};

static const CatColumn pg_type_cols[] = {
    {"oid", OIDOID},           {"typname", NAMEOID},     {"typnamespace", OIDOID},
    {"typowner", OIDOID},      {"typlen", INT2OID},      {"typbyval", BOOLOID},
    {"typtype", CHAROID},      {"typcategory", CHAROID}, {"typispreferred", BOOLOID},
    {"typisdefined", BOOLOID}, {"typdelim", CHAROID},    {"typrelid", OIDOID},
    {"typsubscript", OIDOID},  {"typelem", OIDOID},      {"typarray", OIDOID},
    {"typinput", OIDOID},      {"typoutput", OIDOID},    {"typreceive", OIDOID},
    {"typsend", OIDOID},       {"typmodin", OIDOID},     {"typmodout", OIDOID},
    {"typanalyze", OIDOID},    {"typalign", CHAROID},    {"typstorage", CHAROID},
    {"typnotnull", BOOLOID},   {"typbasetype", OIDOID},  {"typtypmod", INT4OID},
    {"typndims", INT4OID},     {"typcollation", OIDOID},
};

static const CatColumn pg_database_cols[] = {
    {"oid", OIDOID},
    {"datname", NAMEOID},
    {"datdba", OIDOID},
    {"encoding", INT4OID},
    {"datlocprovider", CHAROID},
    {"datistemplate", BOOLOID},
    {"datallowconn", BOOLOID},
    {"datconnlimit", INT4OID},
    {"dattablespace", OIDOID},
    {"datcollate", TEXTOID},
    {"datctype", TEXTOID},
    {"daticulocale", TEXTOID},
    {"datcollversion", TEXTOID},
};

static const CatColumn pg_authid_cols[] = {
    {"oid", OIDOID},
    {"rolname", NAMEOID},
    {"rolsuper", BOOLOID},
    {"rolinherit", BOOLOID},
    {"rolcreaterole", BOOLOID},
    {"rolcreatedb", BOOLOID},
    {"rolcanlogin", BOOLOID},
    {"rolreplication", BOOLOID},
    {"rolbypassrls", BOOLOID},
    {"rolconnlimit", INT4OID},
    {"rolpassword", TEXTOID},
    {"rolvaliduntil", TIMESTAMPTZOID},
};

static const CatColumn pg_constraint_cols[] = {
    {"oid", OIDOID},           {"conname", NAMEOID},       {"connamespace", OIDOID},
    {"contype", CHAROID},      {"condeferrable", BOOLOID}, {"condeferred", BOOLOID},
    {"convalidated", BOOLOID}, {"conrelid", OIDOID},       {"contypid", OIDOID},
    {"conindid", OIDOID},      {"conparentid", OIDOID},    {"confrelid", OIDOID},
    {"confupdtype", CHAROID},  {"confdeltype", CHAROID},   {"confmatchtype", CHAROID},
    {"conislocal", BOOLOID},   {"coninhcount", INT4OID},   {"connoinherit", BOOLOID},
    {"conkey", INT2ARRAYOID},
};

/* indcollation and indclass (oidvector) are left out. */
static const CatColumn pg_index_cols[] = {
    {"indexrelid", OIDOID},      {"indrelid", OIDOID},         {"indnatts", INT2OID},
    {"indnkeyatts", INT2OID},    {"indisunique", BOOLOID},     {"indnullsnotdistinct", BOOLOID},
    {"indisprimary", BOOLOID},   {"indisexclusion", BOOLOID},  {"indimmediate", BOOLOID},
    {"indisclustered", BOOLOID}, {"indisvalid", BOOLOID},      {"indcheckxmin", BOOLOID},
    {"indisready", BOOLOID},     {"indislive", BOOLOID},       {"indisreplident", BOOLOID},
    {"indkey", INT2VECTOROID},   {"indoption", INT2VECTOROID}, {"indexprs", TEXTOID},
    {"indpred", TEXTOID},
};

/* amhandler is regproc in PostgreSQL: an oid here, like pg_type's regproc columns. */
static const CatColumn pg_am_cols[] = {
    {"oid", OIDOID},
    {"amname", NAMEOID},
    {"amhandler", OIDOID},
    {"amtype", CHAROID},
};

static const CatColumn pg_attrdef_cols[] = {
    {"oid", OIDOID},
    {"adrelid", OIDOID},
    {"adnum", INT2OID},
    {"adbin", TEXTOID},
};

static const CatColumn pg_sequence_cols[] = {
    {"seqrelid", OIDOID},
    {"seqtypid", OIDOID},
    {"seqstart", INT8OID},
    {"seqincrement", INT8OID},
    {"seqmax", INT8OID},
    {"seqmin", INT8OID},
    {"seqcache", INT8OID},
    {"seqcycle", BOOLOID},
};

/* Dependencies: only sequences owned by table columns (deptype 'a') so far. */
static const CatColumn pg_depend_cols[] = {
    {"classid", OIDOID},
    {"objid", OIDOID},
    {"objsubid", INT4OID},
    {"refclassid", OIDOID},
    {"refobjid", OIDOID},
    {"refobjsubid", INT4OID},
    {"deptype", CHAROID},
};

/* Rewrite rules: only views' "_RETURN" rules; ev_qual / ev_action hold SQL text. */
static const CatColumn pg_rewrite_cols[] = {
    {"oid", OIDOID},
    {"rulename", NAMEOID},
    {"ev_class", OIDOID},
    {"ev_type", CHAROID},
    {"ev_enabled", CHAROID},
    {"is_instead", BOOLOID},
    {"ev_qual", TEXTOID},
    {"ev_action", TEXTOID},
};

static const CatColumn pg_locks_cols[] = {
    {"locktype", TEXTOID},
    {"database", OIDOID},
    {"relation", OIDOID},
    {"page", INT4OID},
    {"tuple", INT2OID},
    {"virtualxid", TEXTOID},
    {"transactionid", XID8OID},
    {"classid", OIDOID},
    {"objid", OIDOID},
    {"objsubid", INT2OID},
    {"virtualtransaction", TEXTOID},
    {"pid", INT4OID},
    {"mode", TEXTOID},
    {"granted", BOOLOID},
    {"fastpath", BOOLOID},
    {"waitstart", TIMESTAMPTZOID},
};

static const CatColumn pg_stat_activity_cols[] = {
    {"datid", OIDOID},
    {"datname", NAMEOID},
    {"pid", INT4OID},
    {"leader_pid", INT4OID},
    {"usesysid", OIDOID},
    {"usename", NAMEOID},
    {"application_name", TEXTOID},
    {"client_hostname", TEXTOID},
    {"client_port", INT4OID},
    {"backend_start", TIMESTAMPTZOID},
    {"xact_start", TIMESTAMPTZOID},
    {"query_start", TIMESTAMPTZOID},
    {"state_change", TIMESTAMPTZOID},
    {"wait_event_type", TEXTOID},
    {"wait_event", TEXTOID},
    {"state", TEXTOID},
    {"backend_xid", XID8OID},
    {"backend_xmin", XID8OID},
    {"query_id", INT8OID},
    {"query", TEXTOID},
    {"backend_type", TEXTOID},
};

static const CatColumn pg_stat_wal_cols[] = {
    {"wal_records", INT8OID},
    {"wal_fpi", INT8OID},
    {"wal_bytes", NUMERICOID},
    {"wal_buffers_full", INT8OID},
    {"wal_write", INT8OID},
    {"wal_sync", INT8OID},
    {"wal_write_time", FLOAT8OID},
    {"wal_sync_time", FLOAT8OID},
    {"stats_reset", TIMESTAMPTZOID},
};

#define CAT_COLS(a) (int)OAK_LENGTHOF(a), a

const CatTable cat_tables[] = {
    {PG_TYPE_RELID, "pg_type", false, CAT_COLS(pg_type_cols), 1, {0}, "pg_type_oid_index", NULL},
    {PG_ATTRIBUTE_RELID,
     "pg_attribute",
     false,
     CAT_COLS(pg_attribute_cols),
     2,
     {0, 5},
     "pg_attribute_relid_attnum_index",
     NULL},
    {PG_CLASS_RELID,
     "pg_class",
     false,
     CAT_COLS(pg_class_cols),
     1,
     {0},
     "pg_class_oid_index",
     NULL},
    {PG_AUTHID_RELID,
     "pg_authid",
     true,
     CAT_COLS(pg_authid_cols),
     1,
     {0},
     "pg_authid_oid_index",
     NULL},
    {PG_DATABASE_RELID,
     "pg_database",
     true,
     CAT_COLS(pg_database_cols),
     1,
     {0},
     "pg_database_oid_index",
     NULL},
    {PG_ATTRDEF_RELID,
     "pg_attrdef",
     false,
     CAT_COLS(pg_attrdef_cols),
     1,
     {0},
     "pg_attrdef_oid_index",
     NULL},
    {PG_CONSTRAINT_RELID,
     "pg_constraint",
     false,
     CAT_COLS(pg_constraint_cols),
     1,
     {0},
     "pg_constraint_oid_index",
     NULL},
    {PG_AM_RELID, "pg_am", false, CAT_COLS(pg_am_cols), 1, {0}, "pg_am_oid_index", NULL},
    {PG_INDEX_RELID,
     "pg_index",
     false,
     CAT_COLS(pg_index_cols),
     1,
     {0},
     "pg_index_indexrelid_index",
     NULL},
    {PG_NAMESPACE_RELID,
     "pg_namespace",
     false,
     CAT_COLS(pg_namespace_cols),
     1,
     {0},
     "pg_namespace_oid_index",
     NULL},
    {PG_SEQUENCE_RELID,
     "pg_sequence",
     false,
     CAT_COLS(pg_sequence_cols),
     1,
     {0},
     "pg_sequence_seqrelid_index",
     NULL},
    {PG_DEPEND_RELID, "pg_depend", false, CAT_COLS(pg_depend_cols), 0, {0}, "", NULL},
    {PG_REWRITE_RELID,
     "pg_rewrite",
     false,
     CAT_COLS(pg_rewrite_cols),
     1,
     {0},
     "pg_rewrite_oid_index",
     NULL},
    /* System views: fixed OIDs below FirstNormalObjectId; PostgreSQL assigns them at initdb. */
    {PG_LOCKS_RELID, "pg_locks", true, CAT_COLS(pg_locks_cols), 0, {0}, "", cat_pg_locks_rows},
    {PG_STAT_ACTIVITY_RELID,
     "pg_stat_activity",
     true,
     CAT_COLS(pg_stat_activity_cols),
     0,
     {0},
     "",
     cat_pg_stat_activity_rows},
    {PG_STAT_WAL_RELID,
     "pg_stat_wal",
     true,
     CAT_COLS(pg_stat_wal_cols),
     0,
     {0},
     "",
     cat_pg_stat_wal_rows},
};

const int cat_ntables = (int)OAK_LENGTHOF(cat_tables);

const CatTable *
cat_builtin_table(Oid relid)
{
    for (int i = 0; i < cat_ntables; i++)
        if (cat_tables[i].relid == relid)
            return &cat_tables[i];
    return NULL;
}
