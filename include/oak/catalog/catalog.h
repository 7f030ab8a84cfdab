/*
 * catalog.h
 *     The system catalog: real tables with PostgreSQL's names, columns and OIDs, stored as
 *     clustered B+ trees like user tables, and the per-backend descriptors built from them.
 *
 * Well-known OIDs follow PostgreSQL (pg_class 1259, pg_namespace 11 = pg_catalog, 2200 =
 * public, bootstrap superuser 10, template1 1, postgres 5). A relation's file is named by
 * its relfilenode, which equals its OID when created.
 */
#ifndef OAK_CATALOG_CATALOG_H
#define OAK_CATALOG_CATALOG_H

#include "oak/oak.h"
#include "oak/access/sequence.h"
#include "oak/storage/bufmgr.h"

enum {
    PG_CATALOG_NAMESPACE = 11,
    PG_TOAST_NAMESPACE = 99,
    PG_PUBLIC_NAMESPACE = 2200,
    BOOTSTRAP_SUPERUSER_ID = 10,
    PG_DATABASE_OWNER_ID = 6171, /* predefined role: owns public */
    TEMPLATE1_DB_OID = 1,
    TEMPLATE0_DB_OID = 4,
    POSTGRES_DB_OID = 5,
    DEFAULT_TABLESPACE_OID = 1663,
    GLOBAL_TABLESPACE_OID = 1664,
    HEAP_AM_OID = 2,
    BTREE_AM_OID = 403,

    PG_TYPE_RELID = 1247,
    PG_ATTRIBUTE_RELID = 1249,
    PG_CLASS_RELID = 1259,
    PG_AUTHID_RELID = 1260,
    PG_DATABASE_RELID = 1262,
    PG_AM_RELID = 2601,
    PG_ATTRDEF_RELID = 2604,
    PG_CONSTRAINT_RELID = 2606,
    PG_NAMESPACE_RELID = 2615,
    PG_REWRITE_RELID = 2618,
    PG_INDEX_RELID = 2610,
    PG_TABLESPACE_RELID = 1213,
    PG_AUTH_MEMBERS_RELID = 1261,
    PG_SHDESCRIPTION_RELID = 2396,
    PG_DESCRIPTION_RELID = 2609,
    PG_INHERITS_RELID = 2611,
    PG_TRIGGER_RELID = 2620,
    PG_EXTENSION_RELID = 3079,
    PG_POLICY_RELID = 3256,
    PG_STATISTIC_EXT_RELID = 3381,
    PG_COLLATION_RELID = 3456,
    PG_PUBLICATION_RELID = 6104,
    PG_PUBLICATION_REL_RELID = 6106,
    PG_PUBLICATION_NAMESPACE_RELID = 6237,
    PG_PROC_RELID = 1255,
    PG_SEQUENCE_RELID = 2224,
    PG_DEPEND_RELID = 2608,
    PG_PARTITIONED_TABLE_RELID = 3350,
    PG_EVENT_TRIGGER_RELID = 3466,
    PG_OPERATOR_RELID = 2617,
    PG_LANGUAGE_RELID = 2612,
    PG_ENUM_RELID = 3501,
    PG_CONVERSION_RELID = 2607,
    PG_OPCLASS_RELID = 2616,
    PG_OPFAMILY_RELID = 2753,
    PG_CAST_RELID = 2605,
    PG_LOCKS_RELID = 12100, /* system views: OakDB's fixed choices */
    PG_STAT_ACTIVITY_RELID = 12101,
    PG_STAT_WAL_RELID = 12102,
    PG_ROLES_RELID = 12103,
    PG_SETTINGS_RELID = 12104,
    PG_USER_RELID = 12105,
    PG_SHADOW_RELID = 12106,
    DEFAULT_COLLATION_OID = 100,
    C_COLLATION_OID = 950,
    POSIX_COLLATION_OID = 951,
    UCS_BASIC_COLLATION_OID = 12340, /* assigned by initdb in PostgreSQL 15 */

    FIRST_NORMAL_OID = 16384,
    NAMEDATALEN = 64,
    MAX_TABLE_COLUMNS = 1600,
};

/* One column of a relation, as the executor needs it. */
typedef struct AttDesc {
    char name[NAMEDATALEN];
    Oid type;
    int32_t typmod;
    int16_t len; /* typlen: 1, 2, 4, 8 or -1 (varlena) */
    bool byval;
    bool notnull;
    bool has_default;
    char *default_sql; /* SQL text of the DEFAULT expression, or NULL */
    char identity;     /* pg_attribute.attidentity: 'a' ALWAYS, 'd' BY DEFAULT, '\0' none */
    Oid identity_seq;  /* an identity column's sequence (pg_depend deptype 'i') */
} AttDesc;

enum { INDEX_MAX_KEYS = 32 };

/* Per-column options of an index (pg_index.indoption bits, as PostgreSQL's). */
enum { INDOPTION_DESC = 1, INDOPTION_NULLS_FIRST = 2 };

/*
 * A secondary index of a table (pg_index + its pg_class row). Its B+ tree holds one item
 * per table row version the index covers: key = index key encoding || the version's table
 * key (primary key encoding || version suffix), value = the index key's length (u16), so
 * an entry names exactly one version (backend/access/table/README.md, invariant 9).
 * Expressions and the predicate are kept as SQL text and analyzed per statement.
 */
typedef struct IndexDesc {
    Oid oid;
    char name[NAMEDATALEN];
    RelFile file;
    bool unique;
    int nkeys;
    int16_t attnos[INDEX_MAX_KEYS];  /* 0-based table column, -1: the next expression */
    uint8_t options[INDEX_MAX_KEYS]; /* INDOPTION_* */
    char *exprs_sql;                 /* "e1, e2" for the -1 columns in order, or NULL */
    char *pred_sql;                  /* partial index predicate, or NULL */
    char conname[NAMEDATALEN];       /* the UNIQUE constraint it implements, or "" */
    bool primary;                    /* it implements the PRIMARY KEY (added by ALTER TABLE) */
} IndexDesc;

/* A relation's descriptor, built from pg_class/pg_attribute/pg_constraint/pg_attrdef. */
typedef struct RelDesc {
    Oid oid;
    char name[NAMEDATALEN];
    Oid namespace;
    char kind;   /* relkind: 'r' */
    bool shared; /* in global/, not base/<db>/ */
    RelFile file;
    int natts;
    AttDesc *atts;
    int pk_natts;       /* 0: hidden 64-bit row id */
    int16_t *pk_attnos; /* 0-based */
    char pk_name[NAMEDATALEN];
    Oid pk_index_oid; /* pg_class row of the primary key's index, or 0 */
    int nindexes;     /* secondary indexes, in OID order */
    IndexDesc *indexes;
    char *view_sql; /* relkind 'v' defined in SQL: its SELECT (pg_rewrite.ev_action) */
    SeqParams seq;  /* relkind 'S': its pg_sequence row */
} RelDesc;

/*
 * Schemas: OID by name (INVALID_OID if none), name by OID; the search path (schema names
 * as given, resolved at each lookup); the namespaces it yields, in lookup order (pg_catalog
 * first unless listed); the schema CREATE uses (3F000 if none).
 */
Oid cat_namespace_oid(const char *name);
char *cat_namespace_name(Oid nsp);
void cat_set_search_path(int n, const char *const *names);
int cat_search_namespaces(Oid *out, int max);
Oid cat_creation_namespace(void);
/* current_schema(): the first schema of the path that exists (pg_catalog only when the
 * path names it); INVALID_OID if none. */
Oid cat_current_schema(void);
/* Create / drop a schema's pg_namespace row (DDL, current transaction). */
Oid cat_create_namespace(const char *name, Oid owner);
void cat_drop_namespace(Oid nsp);
/* The relations (tables, views, indexes) of a namespace, as OIDs; returns the count. */
int cat_list_namespace_relations(Oid nsp, Oid **oids);

/* The database this backend is attached to (0 in bootstrap before any database). */
extern Oid cat_my_db;
extern Oid cat_my_role;      /* current_user: whose privileges apply (SET ROLE) */
extern Oid cat_session_role; /* session_user (SET SESSION AUTHORIZATION) */

struct Snapshot;
/* The snapshot catalog reads use; set by the engine per statement (NULL: take a new one). */
extern struct Snapshot *cat_current_snapshot;

/*
 * Find a relation by (optionally schema-qualified) name through the search path
 * (pg_catalog, then public). NULL if absent. The descriptor lives for the statement.
 */
RelDesc *cat_lookup_relation(const char *schema, const char *name);
RelDesc *cat_relation_by_oid(Oid relid);

/*
 * Every table (relkind 'r', catalogs included) of the current database, and every database,
 * as OIDs in the current context; cat_list.c. Return the count.
 */
int cat_list_tables(Oid **oids);
int cat_list_databases(Oid **oids);

/* Catalog updates for DDL, in the current transaction. */
typedef struct ColumnSpec {
    char name[NAMEDATALEN];
    Oid type;
    int32_t typmod;
    bool notnull;
    char *default_sql;
    Oid collation; /* a COLLATE clause's collation, or 0: the type's */
    char identity; /* 'a' GENERATED ALWAYS, 'd' BY DEFAULT AS IDENTITY, '\0' none */
} ColumnSpec;

/* A type's collation (pg_type.typcollation): default for the string types and their
 * arrays, C for name, 0 for a type that does not collate. */
Oid cat_type_collation(Oid type);

/*
 * A sequence: pg_class (relkind 'S'), pg_attribute (last_value, log_cnt, is_called), its
 * pg_sequence row, its one-page file, and when owned_by is a table, a pg_depend row on
 * column owned_att (1-based) so that DROP TABLE drops it (cat_owned_sequences): deptype
 * 'a' for serial and OWNED BY, 'i' for an identity column's.
 */
Oid cat_create_sequence(
    Oid nsp, const char *name, const SeqParams *p, Oid owned_by, int owned_att, char deptype);
void cat_drop_sequence(RelDesc *rel);
/* Rewrite a sequence's pg_sequence row (ALTER SEQUENCE). */
void cat_alter_sequence(Oid seqid, const SeqParams *p);
/* The sequences owned by columns of table relid (OIDs); returns the count. */
int cat_owned_sequences(Oid relid, Oid **out);
/* The table and column (1-based) owning sequence seqid; false if none. */
bool cat_sequence_owner(Oid seqid, Oid *relid, int *attnum);

/*
 * A view: pg_class (relkind 'v', no storage), pg_attribute rows for its columns and a
 * pg_rewrite "_RETURN" row whose ev_action is the SELECT's SQL text. replace: the OID of
 * the view CREATE OR REPLACE redefines (its rows are rewritten, the OID kept), else 0.
 */
Oid cat_create_view(
    Oid nsp, const char *name, int ncols, const ColumnSpec *cols, const char *sql, Oid replace);
void cat_drop_view(RelDesc *rel);

Oid cat_create_table(Oid nsp,
                     const char *name,
                     int ncols,
                     const ColumnSpec *cols,
                     int pk_n,
                     const int16_t *pk_attnos,
                     const char *pk_name);
/* The same, for a table whose CREATE statement also makes other indexes (UNIQUE): its
 * pg_class row says relhasindex from the start. */
Oid cat_create_table_indexed(Oid nsp,
                             const char *name,
                             int ncols,
                             const ColumnSpec *cols,
                             int pk_n,
                             const int16_t *pk_attnos,
                             const char *pk_name,
                             bool more_indexes);
void cat_drop_table(RelDesc *rel);

/*
 * Add an index's pg_class and pg_index rows (and a pg_constraint row when conname is not
 * NULL: a UNIQUE constraint) and create its empty B+ tree. Returns the index OID.
 */
Oid cat_create_index(
    RelDesc *rel, const char *name, const IndexDesc *ix, const char *conname, char contype);
/*
 * A primary key added to an existing table (ALTER TABLE ... ADD PRIMARY KEY) is such an
 * index with contype 'p': the table stays keyed by its hidden row id and the descriptor
 * lists the index among `indexes` with `primary` set (pk_natts stays 0).
 */
/* Point relation relid at a new file (TRUNCATE), in the current transaction. */
void cat_set_relfilenode(Oid relid, Oid relfilenode);
/* Mark column attno (0-based) of relid NOT NULL. */
void cat_set_not_null(Oid relid, int attno);
/* COMMENT ON: set (text) or remove (NULL or "") an object's pg_description row, or its
 * pg_shdescription row when shared (databases, roles). */
void cat_set_description(Oid objoid, Oid classoid, int32_t objsubid, bool shared, const char *text);
/*
 * The pg_attribute rows of an index's columns (attnum 1..n), as PostgreSQL keeps them:
 * a column's name for a plain key, a name chosen from the expression otherwise.
 */
void cat_insert_index_columns(Oid indexoid,
                              int n,
                              const char (*names)[NAMEDATALEN],
                              const Oid *types,
                              const int32_t *typmods);
/* Remove an index's catalog rows (its file goes at commit, like a table's). */
void cat_drop_index(RelDesc *rel, const IndexDesc *ix);
/* regclass I/O: a relation's OID by (optionally qualified) name, 0 if none; its name. */
Oid cat_regclass_lookup(const char *name);
/* pg_get_userbyid / pg_table_is_visible: a role's name (NULL if none), a relation's
 * visibility through the search path. */
char *cat_role_name_copy(Oid roleid);
bool cat_relation_visible(Oid relid);
char *cat_relation_name(Oid relid);
/*
 * A role's attributes (pg_authid columns) for CREATE ROLE, and for ALTER ROLE the set_*
 * flags say which ones change. password is the verifier to store (NULL: none).
 */
typedef struct RoleSpecFields {
    const char *name;
    bool superuser, inherit, createrole, createdb, login, replication, bypassrls;
    int connlimit;
    const char *password;
    bool set_superuser, set_inherit, set_createrole, set_createdb, set_login, set_replication,
        set_bypassrls, set_connlimit, set_password;
} RoleSpecFields;
Oid cat_create_role(const RoleSpecFields *r);
/* pg_authid.rolcanlogin of a role. */
bool cat_role_can_login(Oid roleid);
/* pg_authid.rolcreatedb of a role. */
bool cat_role_has_createdb(Oid roleid);
void cat_alter_role(Oid roleid, const RoleSpecFields *r);
void cat_drop_role(Oid roleid);

/* A pg_index row with its index's name, for pg_get_indexdef (cat_sqlfuncs.c). */
typedef struct CatIndexRow {
    Oid indexrelid;
    Oid indrelid;
    char name[NAMEDATALEN];
    bool unique;
    bool primary;
    int nkeys;
    int16_t keys[INDEX_MAX_KEYS];    /* indkey: 1-based columns, 0 for an expression */
    int16_t options[INDEX_MAX_KEYS]; /* indoption: INDOPTION_* */
    char *exprs;                     /* indexprs text, or NULL */
    char *pred;                      /* indpred text, or NULL */
} CatIndexRow;
bool cat_index_row(Oid indexoid, CatIndexRow *out);
/* A pg_constraint row, for pg_get_constraintdef. */
typedef struct CatConstraintRow {
    char name[NAMEDATALEN];
    char type;
    Oid relid;
    Oid indid;
    bool deferrable;
    bool deferred;
    int nkeys;
    int16_t keys[INDEX_MAX_KEYS]; /* conkey: 1-based columns */
} CatConstraintRow;
bool cat_constraint_row(Oid conoid, CatConstraintRow *out);
/* A rule's table (pg_rewrite.ev_class) and name; INVALID_OID if there is no such rule. */
Oid cat_rule_relation(Oid ruleoid, char *name, size_t namelen);
/* The 0-based column of relid whose pg_attrdef.adbin is exactly adbin; -1 if none. */
int cat_attrdef_column(Oid relid, const char *adbin);

/* The table an index belongs to, by the index's OID (0 if it is not an index). */
Oid cat_index_table(Oid indexoid);

/*
 * A pg_database row (the columns OakDB uses). Reads see the current catalog snapshot;
 * changes are MVCC in the current transaction, under the caller's pg_database write lock
 * (cat_database.c). cat_update_database rewrites name, owner, istemplate, allowconn and
 * connlimit of the row with d->oid.
 */
typedef struct CatDatabase {
    Oid oid;
    char name[NAMEDATALEN];
    Oid owner;
    int32_t encoding;
    bool is_template;
    bool allow_conn;
    int32_t conn_limit;
    char collate[NAMEDATALEN];
    char ctype[NAMEDATALEN];
    const struct Acl *acl; /* datacl to insert (NULL: the default); not read back */
} CatDatabase;
bool cat_database_by_name(const char *name, CatDatabase *out);
bool cat_database_by_oid(Oid db, CatDatabase *out);
void cat_insert_database(const CatDatabase *d);
void cat_delete_database(Oid db);
void cat_update_database(const CatDatabase *d);

/*
 * Privileges (cat_acl.c; ACL bits and Acl in oak/utils/acl.h). cat_object_acl: owner and
 * ACL of a table (pg_class), schema or database, the default ACL when the column is NULL
 * (*is_default set); false if there is no such object. cat_set_object_acl replaces it.
 * cat_object_privileges: which rights of mask role holds (a superuser: all; *exists false
 * and 0 if no such object); cat_object_grant_options: which it may grant. The checks
 * raise PostgreSQL's 42501 "permission denied for table t" / "... for schema s" for the
 * current user (cat_my_role).
 */
struct Acl;
bool cat_object_acl(int kind, Oid oid, Oid *owner, struct Acl *acl, bool *is_default);
void cat_set_object_acl(int kind, Oid oid, const struct Acl *acl);
uint32_t cat_object_privileges(int kind, Oid oid, Oid role, uint32_t mask, bool *exists);
uint32_t cat_object_grant_options(int kind, Oid oid, Oid role, uint32_t mask);
void cat_check_relation_privilege(const RelDesc *rel, uint32_t mask);
void cat_check_relation_privilege_of(const RelDesc *rel, Oid role, uint32_t mask);
/* nextval & co: the current user holds one of the rights in any (else 42501 "... sequence s"). */
void cat_check_sequence_privilege(const RelDesc *seq, uint32_t any);
/* pg_class.relowner (INVALID_OID if there is no such relation). */
Oid cat_relation_owner(Oid relid);
bool cat_namespace_privilege(Oid nsp, uint32_t mask);
void cat_check_namespace_privilege(Oid nsp, uint32_t mask);
bool cat_database_privilege(Oid db, Oid role, uint32_t mask);
bool cat_role_is_superuser(Oid role);
/* Is the current user the object's owner or a superuser; 42501 "must be owner of table t". */
bool cat_is_owner(int kind, Oid oid);
void cat_check_relation_owner(const RelDesc *rel);
/*
 * What role owns or holds privileges on, as PostgreSQL's DROP ROLE lists it ("owner of
 * table t", "privileges for schema s", one per line; databases, then the current
 * database's schemas and relations), or NULL if nothing.
 */
char *cat_role_dependencies(Oid role);
/* Give a table, schema or database a new owner; its ACL's owner entries follow. */
void cat_set_object_owner(int kind, Oid oid, Oid owner);

/* Name lookups used by the backend at connection start. */
bool cat_database_oid(const char *datname, Oid *oid);
bool cat_role_oid(const char *rolname, Oid *oid, bool *superuser);
/*
 * The superuser's pg_authid.rolpassword for cat_bootstrap (a SCRAM or md5 verifier made
 * by oakctl init --pwfile, never a password); NULL: none. Set by oakd --boot only.
 */
extern const char *cat_boot_role_password;
/* pg_authid.rolpassword of a role (*password NULL if none); false if no such role. */
bool cat_role_password(const char *rolname, char **password);
const char *cat_role_name(Oid roleid);
const char *cat_database_name(Oid dboid);

/*
 * The relation cache: cat_cache_sync() at the start of each statement (before its
 * snapshot) drops the cache if any transaction changed the catalog since;
 * cat_invalidate_all() is called after a transaction that changed the catalog commits.
 */
void cat_cache_sync(void);
void cat_invalidate_all(void);
/* Drop this backend's cache now (after its own DDL, or when that DDL is rolled back). */
void cat_cache_reset_local(void);
/* The same at the start of the next statement (cat_cache_sync). */
void cat_cache_reset_deferred(void);
size_t cat_shmem_size(void);
void cat_shmem_init(uint8_t *mem);

/*
 * A system view's rows (relkind 'v' built-ins): nrows rows as values[row * natts + col];
 * returns -1 if relid is not a system view.
 */
int cat_view_rows(Oid relid, Datum **values, bool **nulls);

/*
 * Types outside utils/adt's built-in table (tables' and views' row types): by
 * (optionally qualified) name through the search path (ndims > 0: its array type), and
 * the name format_type prints for one (NULL if unknown). Set as utils/adt's hooks.
 */
Oid cat_type_lookup(const char *schema, const char *name, int ndims);
char *cat_type_name(Oid type);

/* pg_settings' rows, computed by backend/commands (set by the engine). */
extern int (*cat_settings_rows_hook)(Datum **values, bool **nulls);

/* Bootstrap: create every catalog of every initial database. */
void cat_bootstrap(const char *superuser, const char *extra_db);

/* The catalogs a DDL statement changes (locked EXCLUSIVE, in this order, by the engine). */
int cat_ddl_catalogs(Oid *out, int max);

/*
 * SQL oakctl init runs in every database once the catalogs exist (tcop/engine.c): the
 * information_schema views (cat_information_schema.c). NULL-terminated.
 */
extern const char *const cat_information_schema_sql[];

#endif /* OAK_CATALOG_CATALOG_H */
