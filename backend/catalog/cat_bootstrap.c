/*
 * cat_bootstrap.c
 *     Create a new cluster's catalog (oakctl init -> oakd --boot): the shared catalogs
 *     (pg_database, pg_authid) once, and for each initial database (template1, postgres)
 *     its own catalogs describing themselves, the built-in types and the schemas.
 *
 * Runs single-process in one transaction; the caller checkpoints afterwards.
 */
#include "oak/oak.h"

#include <stdio.h>

#include "cat_internal.h"
#include "oak/access/table.h"
#include "oak/utils/acl.h"
#include "oak/utils/adt.h"

static void
cat_boot_create_files(bool shared)
{
    for (int i = 0; i < cat_ntables; i++) {
        if (cat_tables[i].shared != shared || cat_tables[i].view_rows != NULL)
            continue;
        RelDesc *rel = cat_builtin_reldesc(cat_tables[i].relid);
        tbl_create_storage(rel);
    }
}

static void
cat_boot_namespaces(void)
{
    static const struct {
        Oid oid;
        const char *name;
    } nsps[] = {{PG_CATALOG_NAMESPACE, "pg_catalog"},
                {PG_TOAST_NAMESPACE, "pg_toast"},
                {PG_PUBLIC_NAMESPACE, "public"}};
    for (size_t i = 0; i < OAK_LENGTHOF(nsps); i++) {
        /* public belongs to pg_database_owner, as in PostgreSQL 15 */
        Oid owner =
            nsps[i].oid == PG_PUBLIC_NAMESPACE ? PG_DATABASE_OWNER_ID : BOOTSTRAP_SUPERUSER_ID;
        Datum v[ANUM_NSP_NCOLS] = {oid_datum(nsps[i].oid),
                                   ptr_datum(text_from_cstr(nsps[i].name)),
                                   oid_datum(owner),
                                   0};
        bool n[ANUM_NSP_NCOLS] = {false, false, false, true};
        /* As initdb: everyone may use pg_catalog and public; pg_toast keeps the default. */
        if (nsps[i].oid != PG_TOAST_NAMESPACE) {
            Acl acl;
            acl_default(ACL_OBJ_SCHEMA, owner, &acl);
            acl_update(&acl, INVALID_OID, owner, ACL_USAGE, false, true);
            v[ANUM_NSP_ACL] = acl_to_datum(&acl);
            n[ANUM_NSP_ACL] = false;
        }
        cat_insert_row(PG_NAMESPACE_RELID, v, n);
    }
}

/* The access methods tables and indexes use (heap for tables, btree for indexes). */
static void
cat_boot_access_methods(void)
{
    static const struct {
        Oid oid;
        const char *name;
        Oid handler;
        char type;
    } ams[] = {{HEAP_AM_OID, "heap", 3, 't'}, {BTREE_AM_OID, "btree", 330, 'i'}};
    for (size_t i = 0; i < OAK_LENGTHOF(ams); i++) {
        Datum v[4] = {oid_datum(ams[i].oid),
                      ptr_datum(text_from_cstr(ams[i].name)),
                      oid_datum(ams[i].handler),
                      char_datum(ams[i].type)};
        bool n[4] = {false, false, false, false};
        cat_insert_row(PG_AM_RELID, v, n);
    }
}

/*
 * The collations PostgreSQL 15 creates in every database that OakDB's byte-order string
 * comparison implements: default, C, POSIX, and ucs_basic (UTF8 only, as in PostgreSQL).
 */
static void
cat_boot_collations(void)
{
    static const struct {
        Oid oid;
        const char *name;
        char provider;
        int32_t encoding;
        const char *locale;
    } colls[] = {{DEFAULT_COLLATION_OID, "default", 'd', -1, NULL},
                 {C_COLLATION_OID, "C", 'c', -1, "C"},
                 {POSIX_COLLATION_OID, "POSIX", 'c', -1, "POSIX"},
                 {UCS_BASIC_COLLATION_OID, "ucs_basic", 'c', 6, "C"}};
    for (size_t i = 0; i < OAK_LENGTHOF(colls); i++) {
        Datum v[11];
        bool n[11];
        memset(v, 0, sizeof v);
        memset(n, 0, sizeof n);
        v[0] = oid_datum(colls[i].oid);
        v[1] = ptr_datum(text_from_cstr(colls[i].name));
        v[2] = oid_datum(PG_CATALOG_NAMESPACE);
        v[3] = oid_datum(BOOTSTRAP_SUPERUSER_ID);
        v[4] = char_datum(colls[i].provider);
        v[5] = bool_datum(true);
        v[6] = int32_datum(colls[i].encoding);
        if (colls[i].locale != NULL) {
            v[7] = ptr_datum(text_from_cstr(colls[i].locale));
            v[8] = ptr_datum(text_from_cstr(colls[i].locale));
        } else {
            n[7] = n[8] = true;
        }
        n[9] = n[10] = true;
        cat_insert_row(PG_COLLATION_RELID, v, n);
    }
}

/*
 * The languages built-in functions are written in: internal (12), c (13), sql (14), with
 * PostgreSQL's validators. plpgsql is an extension PostgreSQL's initdb installs; OakDB
 * has no procedural language.
 */
static void
cat_boot_languages(void)
{
    static const struct {
        Oid oid;
        const char *name;
        bool trusted;
        Oid validator;
    } langs[] = {{12, "internal", false, 2246}, {13, "c", false, 2247}, {14, "sql", true, 2248}};
    for (size_t i = 0; i < OAK_LENGTHOF(langs); i++) {
        Datum v[8] = {oid_datum(langs[i].oid),
                      ptr_datum(text_from_cstr(langs[i].name)),
                      oid_datum(BOOTSTRAP_SUPERUSER_ID),
                      bool_datum(false),
                      bool_datum(langs[i].trusted),
                      oid_datum(0),
                      oid_datum(0),
                      oid_datum(langs[i].validator)};
        bool n[8] = {false, false, false, false, false, false, false, false};
        cat_insert_row(PG_LANGUAGE_RELID, v, n);
    }
}

/* pg_default (databases' files, base/) and pg_global (shared catalogs, global/). */
static void
cat_boot_tablespaces(void)
{
    static const struct {
        Oid oid;
        const char *name;
    } spcs[] = {{DEFAULT_TABLESPACE_OID, "pg_default"}, {GLOBAL_TABLESPACE_OID, "pg_global"}};
    for (size_t i = 0; i < OAK_LENGTHOF(spcs); i++) {
        Datum v[3] = {oid_datum(spcs[i].oid),
                      ptr_datum(text_from_cstr(spcs[i].name)),
                      oid_datum(BOOTSTRAP_SUPERUSER_ID)};
        bool n[3] = {false, false, false};
        cat_insert_row(PG_TABLESPACE_RELID, v, n);
    }
}

static void
cat_boot_types(void)
{
    for (int i = 0; i < adt_ntypes; i++) {
        const TypeDesc *t = &adt_types[i];
        Datum v[32];
        bool n[32];
        memset(v, 0, sizeof v);
        memset(n, 0, sizeof n);
        n[29] = n[30] = n[31] = true; /* typdefaultbin, typdefault, typacl */
        v[0] = oid_datum(t->oid);
        v[1] = ptr_datum(text_from_cstr(t->name));
        v[2] = oid_datum(PG_CATALOG_NAMESPACE);
        v[3] = oid_datum(BOOTSTRAP_SUPERUSER_ID);
        v[4] = int16_datum(adt_type_typlen(t));
        v[5] = bool_datum(t->byval);
        v[6] = char_datum(t->category == 'P' ? 'p' : 'b');
        v[7] = char_datum(t->category);
        v[8] = bool_datum(t->preferred);
        v[9] = bool_datum(true);
        v[10] = char_datum(',');
        v[13] = oid_datum(t->elem);
        v[14] = oid_datum(t->array);
        v[15] = oid_datum(t->input_proc);
        v[16] = oid_datum(t->output_proc);
        v[22] = char_datum(t->align);
        v[23] = char_datum(cat_typstorage(t));
        v[26] = int32_datum(-1);
        v[28] = oid_datum(cat_type_collation(t->oid));
        cat_insert_row(PG_TYPE_RELID, v, n);
    }
}

static void
cat_boot_relations(void)
{
    for (int i = 0; i < cat_ntables; i++) {
        const CatTable *ct = &cat_tables[i];
        bool view = ct->view_rows != NULL;
        /*
         * As initdb: everyone may read the catalogs, except those holding passwords
         * (pg_authid, pg_shadow); pg_settings may also be updated (SET through it).
         */
        Acl acl;
        acl_default(ACL_OBJ_TABLE, BOOTSTRAP_SUPERUSER_ID, &acl);
        uint32_t public_rights = ACL_SELECT;
        if (ct->relid == PG_AUTHID_RELID || strcmp(ct->name, "pg_shadow") == 0)
            public_rights = 0;
        else if (strcmp(ct->name, "pg_settings") == 0)
            public_rights = ACL_SELECT | ACL_UPDATE;
        if (public_rights != 0)
            acl_update(&acl, INVALID_OID, BOOTSTRAP_SUPERUSER_ID, public_rights, false, true);
        cat_insert_class_row_full(ct->relid,
                                  ct->name,
                                  PG_CATALOG_NAMESPACE,
                                  view ? 0 : ct->relid,
                                  ct->ncols,
                                  view ? false : ct->shared,
                                  view ? 'v' : 'r',
                                  INVALID_OID,
                                  &acl,
                                  !view && ct->npk > 0); /* its primary-key index */
        RelDesc *rel = cat_builtin_reldesc(ct->relid);
        for (int a = 0; a < ct->ncols; a++)
            cat_insert_attribute_row(ct->relid,
                                     a + 1,
                                     ct->cols[a].name,
                                     ct->cols[a].type,
                                     -1,
                                     rel->atts[a].notnull,
                                     false);
    }
}

static void
cat_boot_database_row(Oid oid, const char *name, bool is_template, bool allow_conn)
{
    CatDatabase d = {.oid = oid,
                     .owner = BOOTSTRAP_SUPERUSER_ID,
                     .encoding = 6, /* UTF8 */
                     .is_template = is_template,
                     .allow_conn = allow_conn,
                     .conn_limit = -1};
    snprintf(d.name, sizeof d.name, "%s", name);
    snprintf(d.collate, sizeof d.collate, "C.UTF-8");
    snprintf(d.ctype, sizeof d.ctype, "C.UTF-8");
    /* As initdb: the templates' datacl is set (PUBLIC may connect); postgres has none. */
    Acl acl;
    acl_default(ACL_OBJ_DATABASE, BOOTSTRAP_SUPERUSER_ID, &acl);
    acl_update(&acl, INVALID_OID, BOOTSTRAP_SUPERUSER_ID, ACL_CREATE_TEMP, false, false);
    if (is_template)
        d.acl = &acl;
    cat_insert_database(&d);
}

const char *cat_boot_role_password;

static void
cat_boot_role(const char *superuser)
{
    Datum v[12];
    bool n[12];
    memset(v, 0, sizeof v);
    memset(n, 0, sizeof n);
    v[0] = oid_datum(BOOTSTRAP_SUPERUSER_ID);
    v[1] = ptr_datum(text_from_cstr(superuser));
    for (int i = 2; i <= 8; i++)
        v[i] = bool_datum(true);
    v[9] = int32_datum(-1);
    if (cat_boot_role_password != NULL)
        v[10] = ptr_datum(text_from_cstr(cat_boot_role_password));
    else
        n[10] = true;
    n[11] = true;
    cat_insert_row(PG_AUTHID_RELID, v, n);

    /*
     * PostgreSQL 15's predefined roles, with its OIDs: group roles (no LOGIN, inherit)
     * clients name in their queries (psql's \l+ asks pg_has_role about
     * pg_read_all_stats). pg_database_owner stands for each database's owner and owns the
     * public schema. The others grant nothing here yet: their memberships in
     * pg_auth_members and the privileges they carry are left out.
     */
    static const struct {
        Oid oid;
        const char *name;
    } predefined[] = {{3373, "pg_monitor"},
                      {3374, "pg_read_all_settings"},
                      {3375, "pg_read_all_stats"},
                      {3377, "pg_stat_scan_tables"},
                      {4200, "pg_signal_backend"},
                      {4544, "pg_checkpoint"},
                      {4569, "pg_read_server_files"},
                      {4570, "pg_write_server_files"},
                      {4571, "pg_execute_server_program"},
                      {PG_DATABASE_OWNER_ID, "pg_database_owner"},
                      {6181, "pg_read_all_data"},
                      {6182, "pg_write_all_data"}};
    for (size_t i = 0; i < OAK_LENGTHOF(predefined); i++) {
        memset(v, 0, sizeof v);
        memset(n, 0, sizeof n);
        v[0] = oid_datum(predefined[i].oid);
        v[1] = ptr_datum(text_from_cstr(predefined[i].name));
        v[3] = bool_datum(true); /* rolinherit; every other attribute false */
        v[9] = int32_datum(-1);
        n[10] = true;
        n[11] = true;
        cat_insert_row(PG_AUTHID_RELID, v, n);
    }
}

/* The comments on built-in objects: shared ones (databases) once, the others per database. */
static void
cat_boot_descriptions(bool shared)
{
    for (int i = 0; i < cat_ndescriptions; i++) {
        const CatDescription *d = &cat_descriptions[i];
        if (d->shared == shared)
            cat_set_description(d->objoid, d->classoid, 0, shared, d->text);
    }
}

void
cat_bootstrap(const char *superuser, const char *extra_db)
{
    Oid dbs[4] = {TEMPLATE1_DB_OID, TEMPLATE0_DB_OID, POSTGRES_DB_OID, INVALID_OID};
    size_t ndbs = 3;

    cat_my_db = 0;
    cat_boot_create_files(true);
    /* As initdb: template1, template0 (no connections: the pristine copy), postgres. */
    cat_boot_database_row(TEMPLATE1_DB_OID, "template1", true, true);
    cat_boot_database_row(TEMPLATE0_DB_OID, "template0", true, false);
    cat_boot_database_row(POSTGRES_DB_OID, "postgres", false, true);
    if (extra_db != NULL && strcmp(extra_db, "postgres") != 0 &&
        strcmp(extra_db, "template1") != 0 && strcmp(extra_db, "template0") != 0) {
        /* A convenience kept from before CREATE DATABASE: oakctl init -d makes one more. */
        dbs[ndbs] = oid_next();
        cat_boot_database_row(dbs[ndbs], extra_db, false, true);
        ndbs++;
    }
    cat_boot_role(superuser);
    cat_boot_tablespaces();
    cat_boot_descriptions(true);

    for (size_t i = 0; i < ndbs; i++) {
        cat_my_db = dbs[i];
        cat_boot_create_files(false);
        cat_boot_namespaces();
        cat_boot_access_methods();
        cat_boot_types();
        cat_boot_collations();
        cat_boot_languages();
        cat_boot_descriptions(false);
        cat_boot_relations();
    }
    cat_my_db = 0;
}
