/*
 * cat_internal.h
 *     Private to backend/catalog: the built-in definitions of the system catalogs.
 */
#ifndef OAK_CAT_INTERNAL_H
#define OAK_CAT_INTERNAL_H

#include "oak/catalog/catalog.h"
#include "oak/access/btree.h"
#include "oak/access/xact.h"
#include "oak/utils/adt.h"

typedef struct CatColumn {
    const char *name;
    Oid type;
} CatColumn;

/*
 * A system view's rows, computed when it is read: nrows rows of the view's columns, as
 * values[row * ncols + col] and nulls likewise, allocated in the current context.
 */
typedef int (*CatViewRowsFn)(Datum **values, bool **nulls);

typedef struct CatTable {
    Oid relid;
    const char *name;
    bool shared;
    int ncols;
    const CatColumn *cols;
    int npk;
    int16_t pk[3]; /* 0-based columns of the primary key */
    const char *pk_name;
    CatViewRowsFn view_rows; /* non-NULL: a system view (relkind 'v'), no storage */
} CatTable;

int cat_pg_locks_rows(Datum **values, bool **nulls);
int cat_pg_stat_activity_rows(Datum **values, bool **nulls);
int cat_pg_stat_wal_rows(Datum **values, bool **nulls);
int cat_pg_roles_rows(Datum **values, bool **nulls);
int cat_pg_user_rows(Datum **values, bool **nulls);
int cat_pg_shadow_rows(Datum **values, bool **nulls);
int cat_pg_proc_rows(Datum **values, bool **nulls);
int cat_pg_operator_rows(Datum **values, bool **nulls);
int cat_pg_cast_rows(Datum **values, bool **nulls);
int cat_pg_settings_rows(Datum **values, bool **nulls);

/* Scan a built-in catalog under the statement snapshot, calling fn for each visible row
 * until it returns false; lo/hi bound the primary key (NULL: unbounded). */
typedef bool (*CatRowFn)(void *arg, const Datum *values, const bool *nulls);
void cat_scan(Oid relid, const BtBound *lo, const BtBound *hi, CatRowFn fn, void *arg);
/* A bound matching one oid as the first primary-key column. */
BtBound *cat_oid_bound(Oid oid);
/* Allocate nrows x ncols view values and nulls, all NULL to start with. */
void cat_view_alloc(int nrows, int ncols, Datum **values, bool **nulls);

extern const CatTable cat_tables[];
extern const int cat_ntables;

const CatTable *cat_builtin_table(Oid relid);
/* A descriptor for a built-in catalog, built from its definition (no catalog reads). */
RelDesc *cat_builtin_reldesc(Oid relid);
/* Insert one row into a catalog in the current transaction (values in column order). */
void cat_insert_row(Oid relid, const Datum *values, const bool *nulls);
Snapshot *cat_snapshot(void);
void cat_insert_class_row(
    Oid oid, const char *name, Oid nsp, Oid relfilenode, int natts, bool shared, char kind);
void cat_insert_class_row_typed(Oid oid,
                                const char *name,
                                Oid nsp,
                                Oid relfilenode,
                                int natts,
                                bool shared,
                                char kind,
                                Oid reltype,
                                bool hasindex);
/* relhasindex of an existing table (not one created by this same statement). */
void cat_set_relhasindex(Oid relid);
/* The row type (pg_type typrelid = relid) of a table or view, INVALID_OID if none. */
Oid cat_rowtype_of(Oid relid);
/* pg_type.typstorage / pg_attribute.attstorage of a type, as PostgreSQL sets it. */
char cat_typstorage(const TypeDesc *t);
/* The same with a reltype and relacl (NULL: the default ACL, as the others give). */
struct Acl;
void cat_insert_class_row_full(Oid oid,
                               const char *name,
                               Oid nsp,
                               Oid relfilenode,
                               int natts,
                               bool shared,
                               char kind,
                               Oid reltype,
                               const struct Acl *acl,
                               bool hasindex);
void cat_insert_attribute_row(
    Oid relid, int attnum, const char *name, Oid type, int32_t typmod, bool notnull, bool hasdef);

/* Forget cat_acl.c's cached superuser answer (cat_cache_reset_local). */
void cat_acl_forget(void);
/* A catalog row callback: return false to stop the scan. */
typedef bool (*CatRowFn)(void *arg, const Datum *values, const bool *nulls);
/* Every visible row of a built-in catalog within [lo, hi] (NULL: unbounded). */
struct BtBound;
void
cat_scan(Oid relid, const struct BtBound *lo, const struct BtBound *hi, CatRowFn fn, void *arg);
/* The visible row(s) of a catalog keyed by oid whose key is oid (cat_relation.c). */
void cat_scan_by_oid(Oid catalog, Oid oid, CatRowFn fn, void *arg);
/* Delete every visible row of a catalog whose column col holds oid (cat_ddl.c). */
void cat_delete_rows_of(Oid catalog, int col, Oid oid);
/*
 * Rewrite every visible row of a catalog whose column col holds oid (and col2, if >= 0,
 * the int16 v2) through modify, as MVCC updates; returns how many (cat_ddl.c).
 */
int cat_update_rows(Oid catalog,
                    int col,
                    Oid oid,
                    int col2,
                    int16_t v2,
                    void (*modify)(Datum *values, bool *nulls, void *arg),
                    void *arg);

/* Column numbers used when reading catalogs (0-based, as in the definitions). */
enum {
    ANUM_CLASS_OID = 0,
    ANUM_CLASS_RELNAME = 1,
    ANUM_CLASS_RELNAMESPACE = 2,
    ANUM_CLASS_RELFILENODE = 7,
    ANUM_CLASS_RELHASINDEX = 13,
    ANUM_CLASS_RELISSHARED = 14,
    ANUM_CLASS_RELKIND = 16,
    ANUM_CLASS_RELNATTS = 17,
    ANUM_CLASS_RELOWNER = 5,
    ANUM_CLASS_RELACL = 28,
    ANUM_CLASS_NCOLS = 31,
    ANUM_TYPE_OID = 0,
    ANUM_TYPE_NAME = 1,
    ANUM_TYPE_NAMESPACE = 2,
    ANUM_TYPE_RELID = 11,
    ANUM_TYPE_ELEM = 13,
    ANUM_ATT_RELID = 0,
    ANUM_ATT_NAME = 1,
    ANUM_ATT_TYPID = 2,
    ANUM_ATT_LEN = 4,
    ANUM_ATT_NUM = 5,
    ANUM_ATT_TYPMOD = 8,
    ANUM_ATT_BYVAL = 9,
    ANUM_ATT_NOTNULL = 13,
    ANUM_ATT_HASDEF = 14,
    ANUM_ATT_IDENTITY = 16,
    ANUM_ATT_ISDROPPED = 18,
    ANUM_CON_OID = 0,
    ANUM_CON_NAME = 1,
    ANUM_CON_TYPE = 3,
    ANUM_CON_RELID = 7,
    ANUM_CON_INDID = 9,
    ANUM_CON_KEY = 18,
    ANUM_ATTRDEF_OID = 0,
    ANUM_ATTRDEF_RELID = 1,
    ANUM_ATTRDEF_NUM = 2,
    ANUM_ATTRDEF_BIN = 3,
    ANUM_IND_INDEXRELID = 0,
    ANUM_IND_INDRELID = 1,
    ANUM_IND_NATTS = 2,
    ANUM_IND_ISUNIQUE = 4,
    ANUM_IND_ISPRIMARY = 6,
    ANUM_IND_KEY = 15,
    ANUM_IND_OPTION = 16,
    ANUM_IND_EXPRS = 17,
    ANUM_IND_PRED = 18,
    ANUM_SEQ_RELID = 0,
    ANUM_DEP_OBJID = 1,
    ANUM_DEP_REFOBJID = 4,
    ANUM_RW_OID = 0,
    ANUM_RW_EV_CLASS = 2,
    ANUM_RW_EV_ACTION = 7,
    ANUM_NSP_OID = 0,
    ANUM_NSP_NAME = 1,
    ANUM_NSP_OWNER = 2,
    ANUM_NSP_ACL = 3,
    ANUM_NSP_NCOLS = 4,
    ANUM_DB_OID = 0,
    ANUM_DB_NAME = 1,
    ANUM_DB_DBA = 2,
    ANUM_DB_ENCODING = 3,
    ANUM_DB_LOCPROVIDER = 4,
    ANUM_DB_ISTEMPLATE = 5,
    ANUM_DB_ALLOWCONN = 6,
    ANUM_DB_CONNLIMIT = 7,
    ANUM_DB_TABLESPACE = 8,
    ANUM_DB_COLLATE = 9,
    ANUM_DB_CTYPE = 10,
    ANUM_DB_ICULOCALE = 11,
    ANUM_DB_COLLVERSION = 12,
    ANUM_DB_ACL = 13,
    ANUM_DB_NCOLS = 14,
    ANUM_AUTH_OID = 0,
    ANUM_AUTH_NAME = 1,
    ANUM_AUTH_SUPER = 2,
    ANUM_AUTH_CREATEDB = 5,
    ANUM_AUTH_CANLOGIN = 6,
    ANUM_AUTH_PASSWORD = 10,
};

/* Helpers of the SQL functions defined in this folder (cat_sqlfuncs.c). */
struct FuncCallInfo;
/* The row of a catalog keyed by oid whose key starts with oid (copied); false if none. */
bool cat_row_by_oid(Oid catalog, Oid oid, Datum **values, bool **nulls);
/* Argument i as a C string; the result NULL. */
char *cat_arg_text(struct FuncCallInfo *fc, int i);
Datum cat_null(struct FuncCallInfo *fc);

/* A comment initdb gives a built-in object (cat_descriptions.c, generated). */
typedef struct CatDescription {
    Oid objoid;
    Oid classoid;
    bool shared; /* pg_shdescription (databases) */
    const char *text;
} CatDescription;
extern const CatDescription cat_descriptions[];
extern const int cat_ndescriptions;

/* The relation cache (cat_cache.c). */
RelDesc *cat_cache_get(const char *schema, const char *name);
void cat_cache_put(const char *schema, const char *name, const RelDesc *rel);

#endif /* OAK_CAT_INTERNAL_H */
