/*
 * cmd_database.c
 *     CREATE DATABASE, DROP DATABASE [IF EXISTS] [WITH (FORCE)], ALTER DATABASE ... RENAME
 *     TO / OWNER TO / [WITH] IS_TEMPLATE, ALLOW_CONNECTIONS, CONNECTION LIMIT: options,
 *     checks and errors as PostgreSQL 15's, the pg_database row, and the files.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   9. A database's object lock (LOCKTAG_OBJECT 1262/oid, lock.h) keeps others out while
 *      its files are copied or removed: CREATE DATABASE holds it SHARE on the template,
 *      DROP and RENAME ACCESS EXCLUSIVE; a connecting backend and autovacuum take it ROW
 *      EXCLUSIVE for a moment and recheck the database there. So a backend is either
 *      counted as a user of the database, or waits and then finds the row gone.
 *  10. CREATE DATABASE copies the template page by page as WAL full images
 *      (access/table/tbl_copy.c); its directory is removed again if the transaction
 *      aborts, and by recovery if it never committed (access/wal invariant 14). DROP DATABASE removes the directory only after its commit, WAL-logged
 *      first (wal_log_database_drop), so redo removes it too.
 *
 * Neither runs inside a transaction block (25001), so the files and the row commit
 * together with nothing else.
 */
#include "oak/oak.h"

#include <signal.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

#include "cmd_internal.h"
#include "oak/access/table.h"
#include "oak/access/xact.h"
#include "oak/commands/commands.h"
#include "oak/storage/lock.h"
#include "oak/utils/adt.h"
#include "oak/utils/bestatus.h"
#include "oak/utils/fault.h"
#include "oak/utils/acl.h"

typedef PgQuery__Node Node;

enum { CMD_DB_WAIT_MS = 5000, CMD_DB_WAIT_STEP_MS = 100, CMD_DB_MAX_PIDS = 64 };

/* The one database created / dropped by this transaction (statements run alone). */
static Oid cmd_db_created;
static Oid cmd_db_dropped;

/* Take database db's object lock (invariant 9). */
static void
cmd_db_lock(Oid db, LockMode mode)
{
    LockTag tag = {.kind = LOCKTAG_OBJECT, .db = 0, .rel = PG_DATABASE_RELID, .id = db};
    (void)lock_acquire(&tag, mode, LOCK_WAIT_BLOCK);
}

/* The cluster-wide write lock of pg_database: one change of its rows at a time. */
static void
cmd_db_lock_catalog(void)
{
    LockTag tag = {.kind = LOCKTAG_RELATION, .db = 0, .rel = PG_DATABASE_RELID};
    (void)lock_acquire(&tag, EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK);
}

static bool
cmd_db_current_is_super(void)
{
    bool super = false;
    Oid me;
    const char *myname = cat_role_name(cat_my_role);
    return myname != NULL && cat_role_oid(myname, &me, &super) && super;
}

/* Owner of the database or a superuser: else 42501 "must be owner of database d". */
static void
cmd_db_check_owner(const CatDatabase *d)
{
    if (d->owner != cat_my_role && !cmd_db_current_is_super())
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("must be owner of database %s", d->name));
}

static void
cmd_db_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    (void)nanosleep(&ts, NULL);
}

/*
 * Wait up to 5 seconds, as PostgreSQL does, for the other backends connected to db to
 * go; returns how many are left.
 */
static int
cmd_db_wait_for_others(Oid db)
{
    int n = bestatus_other_backends_in_db(db, NULL, 0);
    for (int waited = 0; n > 0 && waited < CMD_DB_WAIT_MS; waited += CMD_DB_WAIT_STEP_MS) {
        cmd_db_sleep_ms(CMD_DB_WAIT_STEP_MS);
        if (adt_interrupt_hook != NULL)
            adt_interrupt_hook();
        n = bestatus_other_backends_in_db(db, NULL, 0);
    }
    return n;
}

static void __attribute__((noreturn)) cmd_db_in_use(const char *fmt, const char *name, int n)
{
    ereport(ERROR,
            err_code(SQLSTATE_OBJECT_IN_USE),
            err_msg(fmt, name),
            n == 1 ? err_detail("There is 1 other session using the database.")
                   : err_detail("There are %d other sessions using the database.", n));
}

/* --- options ------------------------------------------------------------------------------ */

typedef struct DbOptions {
    PgQuery__DefElem *owner, *templ, *encoding, *locale, *collate, *ctype, *connlimit, *is_template,
        *allow_conn, *tablespace, *strategy;
} DbOptions;

static void __attribute__((noreturn)) cmd_db_conflict(PgQuery__DefElem *d)
{
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("conflicting or redundant options"),
            cmd_pos(d->location));
}

/* Where the option named name is kept, or NULL if this statement does not know it. */
static PgQuery__DefElem **
cmd_db_option_slot(DbOptions *o, const char *name, bool create)
{
    static const struct {
        const char *name;
        size_t off;
        bool create_only;
    } opts[] = {
        {"owner", offsetof(DbOptions, owner), true},
        {"template", offsetof(DbOptions, templ), true},
        {"encoding", offsetof(DbOptions, encoding), true},
        {"locale", offsetof(DbOptions, locale), true},
        {"lc_collate", offsetof(DbOptions, collate), true},
        {"lc_ctype", offsetof(DbOptions, ctype), true},
        {"connection_limit", offsetof(DbOptions, connlimit), false},
        {"is_template", offsetof(DbOptions, is_template), false},
        {"allow_connections", offsetof(DbOptions, allow_conn), false},
        {"tablespace", offsetof(DbOptions, tablespace), true},
        {"strategy", offsetof(DbOptions, strategy), true},
    };
    for (size_t i = 0; i < OAK_LENGTHOF(opts); i++)
        if (strcmp(opts[i].name, name) == 0 && (create || !opts[i].create_only))
            return (PgQuery__DefElem **)((char *)o + opts[i].off);
    return NULL;
}

static void
cmd_db_options(Node **options, size_t n, DbOptions *o, bool create)
{
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = options[i]->def_elem;
        if (create && strcmp(d->defname, "location") == 0) {
            ereport(WARNING,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("LOCATION is not supported anymore"),
                    err_hint("Consider using tablespaces instead."),
                    cmd_pos(d->location));
            continue;
        }
        if (create && (strcmp(d->defname, "oid") == 0 || strcmp(d->defname, "icu_locale") == 0 ||
                       strcmp(d->defname, "locale_provider") == 0 ||
                       strcmp(d->defname, "collation_version") == 0))
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("CREATE DATABASE option \"%s\" is not supported", d->defname),
                    cmd_pos(d->location));
        PgQuery__DefElem **slot = cmd_db_option_slot(o, d->defname, create);
        if (slot == NULL)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("option \"%s\" not recognized", d->defname),
                    cmd_pos(d->location));
        if (*slot != NULL)
            cmd_db_conflict(d);
        *slot = d;
    }
}

/* The option's string value (NULL for DEFAULT). */
static const char *
cmd_db_string(PgQuery__DefElem *d)
{
    if (d->arg == NULL)
        return NULL;
    switch (d->arg->node_case) {
    case PG_QUERY__NODE__NODE_STRING:
        return d->arg->string->sval;
    case PG_QUERY__NODE__NODE_INTEGER:
        return mcx_printf("%d", d->arg->integer->ival);
    case PG_QUERY__NODE__NODE_BOOLEAN:
        return d->arg->boolean->boolval ? "true" : "false";
    default:
        return "";
    }
}

static bool
cmd_db_bool(PgQuery__DefElem *d)
{
    if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER &&
        (d->arg->integer->ival == 0 || d->arg->integer->ival == 1))
        return d->arg->integer->ival == 1;
    if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        return d->arg->boolean->boolval;
    const char *s = d->arg != NULL ? cmd_db_string(d) : "true";
    static const char *const yes[] = {"true", "on", "t", "tr", "tru", "y", "ye", "yes"};
    static const char *const no[] = {"false", "off", "f", "fa", "fal", "fals", "n", "no", "of"};
    for (size_t i = 0; i < OAK_LENGTHOF(yes); i++)
        if (strcasecmp(s, yes[i]) == 0)
            return true;
    for (size_t i = 0; i < OAK_LENGTHOF(no); i++)
        if (strcasecmp(s, no[i]) == 0)
            return false;
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("%s requires a Boolean value", d->defname));
}

static int
cmd_db_connlimit(PgQuery__DefElem *d)
{
    int v = -1;
    if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER)
        v = d->arg->integer->ival;
    else if (d->arg != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("%s requires an integer value", d->defname));
    if (v < -1)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("invalid connection limit: %d", v));
    return v;
}

/*
 * ENCODING: OakDB stores UTF8 only. PostgreSQL's other encoding names are 0A000 here;
 * a name PostgreSQL does not know is its 42704.
 */
static void
cmd_db_check_encoding(PgQuery__DefElem *d)
{
    static const char *const others[] =
        {"sql_ascii",     "euc_jp",     "euc_cn",     "euc_kr",     "euc_tw",        "euc_jis_2004",
         "mule_internal", "latin1",     "latin2",     "latin3",     "latin4",        "latin5",
         "latin6",        "latin7",     "latin8",     "latin9",     "latin10",       "win1256",
         "win1258",       "win866",     "win874",     "koi8r",      "win1251",       "win1252",
         "iso_8859_5",    "iso_8859_6", "iso_8859_7", "iso_8859_8", "win1250",       "win1253",
         "win1254",       "win1255",    "win1257",    "koi8u",      "sjis",          "big5",
         "gbk",           "uhc",        "gb18030",    "johab",      "shift_jis_2004"};
    if (d->arg != NULL && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
        if (d->arg->integer->ival == 6)
            return;
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("encoding %d is not supported: OakDB databases are UTF8",
                        d->arg->integer->ival));
    }
    const char *s = cmd_db_string(d);
    if (s == NULL)
        return;
    char norm[64];
    size_t k = 0;
    for (const char *p = s; *p && k + 1 < sizeof norm; p++)
        if (*p != '-' && *p != '_')
            norm[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    norm[k] = '\0';
    if (strcmp(norm, "utf8") == 0 || strcmp(norm, "unicode") == 0)
        return;
    for (size_t i = 0; i < OAK_LENGTHOF(others); i++) {
        char o[64];
        size_t m = 0;
        for (const char *p = others[i]; *p; p++)
            if (*p != '_')
                o[m++] = *p;
        o[m] = '\0';
        if (strcmp(norm, o) == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("encoding \"%s\" is not supported: OakDB databases are UTF8", s));
    }
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_OBJECT),
            err_msg("%s is not a valid encoding name", s),
            cmd_pos(d->location));
}

/* Byte-order locales only (doc/differences.md); anything else PostgreSQL may know: 0A000. */
static const char *
cmd_db_locale(PgQuery__DefElem *d)
{
    const char *s = cmd_db_string(d);
    if (s == NULL)
        return NULL;
    if (strcmp(s, "C") == 0 || strcmp(s, "POSIX") == 0 || strcmp(s, "C.UTF-8") == 0 ||
        strcmp(s, "C.utf8") == 0)
        return s;
    if (s[0] == '\0' || strchr(s, '/') != NULL)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("invalid locale name: \"%s\"", s));
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("locale \"%s\" is not supported: OakDB collates in byte order (C)", s));
}

/* --- CREATE DATABASE ---------------------------------------------------------------------- */

/* The owner named by OWNER (the current role if absent or DEFAULT). */
static Oid
cmd_db_owner(PgQuery__DefElem *d, bool super)
{
    const char *name = d != NULL ? cmd_db_string(d) : NULL;
    if (name == NULL)
        return cat_my_role;
    Oid role;
    if (!cat_role_oid(name, &role, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", name));
    if (role != cat_my_role && !super)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("must be member of role \"%s\"", name));
    return role;
}

/* The template's row, checked: exists, may be copied by us. */
static void
cmd_db_template(const DbOptions *o, bool super, CatDatabase *src)
{
    const char *name = o->templ != NULL ? cmd_db_string(o->templ) : NULL;
    if (name == NULL)
        name = "template1";
    if (!cat_database_by_name(name, src))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_CATALOG_NAME),
                err_msg("template database \"%s\" does not exist", name));
    if (!src->is_template && !super && src->owner != cat_my_role)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied to copy database \"%s\"", name));
}

static void
cmd_db_check_strategy(PgQuery__DefElem *d)
{
    const char *s = d != NULL ? cmd_db_string(d) : NULL;
    if (s == NULL || strcasecmp(s, "wal_log") == 0 || strcasecmp(s, "file_copy") == 0)
        return; /* both copy page by page here (doc/differences.md) */
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("invalid create database strategy \"%s\"", s),
            err_hint("Valid strategies are \"wal_log\" and \"file_copy\"."));
}

static void
cmd_db_check_tablespace(PgQuery__DefElem *d)
{
    const char *s = d != NULL ? cmd_db_string(d) : NULL;
    if (s != NULL && strcmp(s, "pg_default") != 0)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("tablespace \"%s\" does not exist", s));
}

/* LOCALE / LC_COLLATE / LC_CTYPE into d, checked against the template as PostgreSQL does. */
static void
cmd_db_locales(const DbOptions *o, const CatDatabase *src, CatDatabase *d)
{
    const char *locale = o->locale ? cmd_db_locale(o->locale) : NULL;
    const char *collate = o->collate ? cmd_db_locale(o->collate) : NULL;
    const char *ctype = o->ctype ? cmd_db_locale(o->ctype) : NULL;
    if (locale != NULL && (o->collate != NULL || o->ctype != NULL))
        ereport(ERROR,
                err_code(SQLSTATE_SYNTAX_ERROR),
                err_msg("conflicting or redundant options"),
                err_detail("LOCALE cannot be specified together with LC_COLLATE or LC_CTYPE."));
    snprintf(d->collate,
             sizeof d->collate,
             "%s",
             collate  ? collate
             : locale ? locale
                      : src->collate);
    snprintf(d->ctype, sizeof d->ctype, "%s", ctype ? ctype : locale ? locale : src->ctype);
    if (src->oid == TEMPLATE0_DB_OID)
        return; /* template0 holds no data that depends on the locale */
    if (strcmp(d->collate, src->collate) != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("new collation (%s) is incompatible with the collation of the template "
                        "database (%s)",
                        d->collate,
                        src->collate),
                err_hint("Use the same collation as in the template database, or use template0 "
                         "as template."));
    if (strcmp(d->ctype, src->ctype) != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("new LC_CTYPE (%s) is incompatible with the LC_CTYPE of the template "
                        "database (%s)",
                        d->ctype,
                        src->ctype),
                err_hint("Use the same LC_CTYPE as in the template database, or use template0 "
                         "as template."));
}

const char *
cmd_create_database(void *raw)
{
    PgQuery__CreatedbStmt *cs = raw;
    DbOptions o;
    cmd_db_options(cs->options, cs->n_options, &o, true);
    if (o.encoding != NULL)
        cmd_db_check_encoding(o.encoding);
    CatDatabase d = {.encoding = 6, .allow_conn = true, .conn_limit = -1};
    snprintf(d.name, sizeof d.name, "%s", cs->dbname);
    if (o.connlimit != NULL)
        d.conn_limit = cmd_db_connlimit(o.connlimit);
    if (o.is_template != NULL)
        d.is_template = cmd_db_bool(o.is_template);
    if (o.allow_conn != NULL)
        d.allow_conn = cmd_db_bool(o.allow_conn);
    cmd_db_check_strategy(o.strategy);

    bool super = cmd_db_current_is_super();
    d.owner = cmd_db_owner(o.owner, super);
    if (!super && !cat_role_has_createdb(cat_my_role))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied to create database"));
    CatDatabase src;
    cmd_db_template(&o, super, &src);
    cmd_db_locales(&o, &src, &d);
    cmd_db_check_tablespace(o.tablespace);

    /* Invariant 9: nobody may connect to the template while it is copied. */
    cmd_db_lock(src.oid, SHARE_LOCK);
    cmd_db_lock_catalog();
    CatDatabase existing;
    if (cat_database_by_name(d.name, &existing))
        ereport(ERROR, err_code("42P04"), err_msg("database \"%s\" already exists", d.name));
    int others = cmd_db_wait_for_others(src.oid); /* this session is not counted */
    if (others > 0)
        cmd_db_in_use("source database \"%s\" is being accessed by other users", src.name, others);

    d.oid = oid_next();
    cat_insert_database(&d);
    cmd_db_created = d.oid; /* invariant 10: removed if we abort from here on */
    tbl_copy_database(src.oid, d.oid);
    FAULT_POINT("createdb-before-commit");
    return "CREATE DATABASE";
}

/* --- DROP DATABASE ------------------------------------------------------------------------ */

/* WITH (FORCE): end the other sessions of db (permission as pg_terminate_backend's). */
static void
cmd_db_terminate_others(Oid db, bool super)
{
    int pids[CMD_DB_MAX_PIDS];
    BeStatus *st;
    int n = bestatus_other_backends_in_db(db, pids, CMD_DB_MAX_PIDS);
    int nst = bestatus_snapshot(&st);

    if (n > CMD_DB_MAX_PIDS)
        n = CMD_DB_MAX_PIDS;
    for (int i = 0; i < n && !super; i++)
        for (int k = 0; k < nst; k++)
            if (st[k].pid == pids[i] && st[k].role != cat_my_role)
                ereport(ERROR,
                        err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                        err_msg("permission denied to terminate process"),
                        err_detail("Only roles with the privileges of the role whose process is "
                                   "being terminated or with privileges of the "
                                   "\"pg_signal_backend\" role may terminate this process."));
    for (int i = 0; i < n; i++)
        (void)kill(pids[i], SIGTERM); /* ESRCH: it has just gone */
}

static bool
cmd_db_force(PgQuery__DropdbStmt *ds)
{
    bool force = false;
    for (size_t i = 0; i < ds->n_options; i++) {
        PgQuery__DefElem *d = ds->options[i]->def_elem;
        if (strcmp(d->defname, "force") != 0)
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("unrecognized DROP DATABASE option \"%s\"", d->defname),
                    cmd_pos(d->location));
        force = true;
    }
    return force;
}

const char *
cmd_drop_database(void *raw)
{
    PgQuery__DropdbStmt *ds = raw;
    bool force = cmd_db_force(ds);
    CatDatabase d;

    cmd_db_lock_catalog();
    if (!cat_database_by_name(ds->dbname, &d)) {
        if (!ds->missing_ok)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_CATALOG_NAME),
                    err_msg("database \"%s\" does not exist", ds->dbname));
        ereport(NOTICE,
                err_code(SQLSTATE_SUCCESSFUL_COMPLETION),
                err_msg("database \"%s\" does not exist, skipping", ds->dbname));
        return "DROP DATABASE";
    }
    cmd_db_check_owner(&d);
    if (d.is_template)
        ereport(ERROR,
                err_code(SQLSTATE_WRONG_OBJECT_TYPE),
                err_msg("cannot drop a template database"));
    if (d.oid == cat_my_db)
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_IN_USE),
                err_msg("cannot drop the currently open database"));
    cmd_db_lock(d.oid, ACCESS_EXCLUSIVE_LOCK); /* invariant 9 */
    if (force)
        cmd_db_terminate_others(d.oid, cmd_db_current_is_super());
    int others = cmd_db_wait_for_others(d.oid);
    if (others > 0)
        cmd_db_in_use("database \"%s\" is being accessed by other users", d.name, others);
    cat_delete_database(d.oid);
    tbl_drop_database_at_commit(d.oid);
    cmd_db_dropped = d.oid; /* invariant 10: the files go after the commit */
    return "DROP DATABASE";
}

void
cmd_database_at_commit(void)
{
    Oid dropped = cmd_db_dropped;
    if (cmd_db_created != INVALID_OID)
        tbl_database_create_end(cmd_db_created); /* committed: recovery keeps it now */
    cmd_db_created = INVALID_OID;
    cmd_db_dropped = INVALID_OID;
    if (dropped == INVALID_OID)
        return;
    FAULT_POINT("dropdb-after-commit");
    tbl_drop_database(dropped);
}

void
cmd_database_at_abort(void)
{
    Oid created = cmd_db_created;
    Oid dropped = cmd_db_dropped;
    cmd_db_created = INVALID_OID; /* before removing: an error there must not loop */
    cmd_db_dropped = INVALID_OID;
    if (dropped != INVALID_OID)
        tbl_database_create_end(dropped); /* the drop did not happen: stop logging it */
    if (created == INVALID_OID)
        return;
    tbl_drop_database(created);
    tbl_database_create_end(created);
}

/* --- ALTER DATABASE ----------------------------------------------------------------------- */

static CatDatabase
cmd_db_existing(const char *name)
{
    CatDatabase d;
    if (!cat_database_by_name(name, &d))
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_CATALOG_NAME),
                err_msg("database \"%s\" does not exist", name));
    return d;
}

/* ALTER DATABASE name RENAME TO newname */
const char *
cmd_rename_database(const char *name, const char *newname)
{
    cmd_db_lock_catalog();
    CatDatabase d = cmd_db_existing(name);
    CatDatabase other;
    if (cat_database_by_name(newname, &other))
        ereport(ERROR, err_code("42P04"), err_msg("database \"%s\" already exists", newname));
    cmd_db_check_owner(&d);
    if (!cmd_db_current_is_super() && !cat_role_has_createdb(cat_my_role))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied to rename database"));
    if (d.oid == cat_my_db)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("current database cannot be renamed"));
    cmd_db_lock(d.oid, ACCESS_EXCLUSIVE_LOCK);
    int others = cmd_db_wait_for_others(d.oid);
    if (others > 0)
        cmd_db_in_use("database \"%s\" is being accessed by other users", d.name, others);
    snprintf(d.name, sizeof d.name, "%s", newname);
    cat_update_database(&d);
    return "ALTER DATABASE";
}

/* ALTER DATABASE name OWNER TO role */
const char *
cmd_alter_database_owner(const char *name, const char *newowner)
{
    cmd_db_lock_catalog();
    CatDatabase d = cmd_db_existing(name);
    Oid role;
    if (!cat_role_oid(newowner, &role, NULL))
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("role \"%s\" does not exist", newowner));
    if (role == d.owner)
        return "ALTER DATABASE";
    bool super = cmd_db_current_is_super();
    cmd_db_check_owner(&d);
    if (!super && role != cat_my_role)
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("must be member of role \"%s\"", newowner));
    if (!super && !cat_role_has_createdb(cat_my_role))
        ereport(ERROR,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied to change owner of database"));
    cat_set_object_owner(ACL_OBJ_DATABASE, d.oid, role); /* datacl's owner entries follow */
    return "ALTER DATABASE";
}

/* ALTER DATABASE name [WITH] IS_TEMPLATE / ALLOW_CONNECTIONS / CONNECTION LIMIT */
const char *
cmd_alter_database(void *raw)
{
    PgQuery__AlterDatabaseStmt *as = raw;
    DbOptions o;
    cmd_db_options(as->options, as->n_options, &o, false);
    cmd_db_lock_catalog();
    CatDatabase d = cmd_db_existing(as->dbname);
    if (o.allow_conn != NULL && !cmd_db_bool(o.allow_conn) && d.oid == cat_my_db)
        ereport(ERROR,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("cannot disallow connections for current database"));
    cmd_db_check_owner(&d);
    if (o.connlimit != NULL)
        d.conn_limit = cmd_db_connlimit(o.connlimit);
    if (o.is_template != NULL)
        d.is_template = cmd_db_bool(o.is_template);
    if (o.allow_conn != NULL)
        d.allow_conn = cmd_db_bool(o.allow_conn);
    cat_update_database(&d);
    return "ALTER DATABASE";
}

/* --- connections -------------------------------------------------------------------------- */

void
cmd_database_check_connection(const char *name, Oid db, bool super)
{
    LockTag tag = {.kind = LOCKTAG_OBJECT, .db = 0, .rel = PG_DATABASE_RELID, .id = db};
    CatDatabase d;

    (void)lock_acquire(&tag, ROW_EXCLUSIVE_LOCK, LOCK_WAIT_BLOCK); /* invariant 9 */
    bool found = cat_database_by_name(name, &d) && d.oid == db;
    lock_release(&tag, ROW_EXCLUSIVE_LOCK);
    xact_set_xmin(INVALID_XID); /* the lookup must not hold back vacuum */
    if (!found)
        ereport(FATAL,
                err_code(SQLSTATE_INVALID_CATALOG_NAME),
                err_msg("database \"%s\" does not exist", name),
                err_detail("It seems to have just been dropped or renamed."));
    if (!super && !cat_database_privilege(db, cat_my_role, ACL_CONNECT))
        ereport(FATAL,
                err_code(SQLSTATE_INSUFFICIENT_PRIVILEGE),
                err_msg("permission denied for database \"%s\"", name),
                err_detail("User does not have CONNECT privilege."));
    if (!d.allow_conn)
        ereport(FATAL,
                err_code(SQLSTATE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                err_msg("database \"%s\" is not currently accepting connections", name));
    if (!super && d.conn_limit >= 0 &&
        bestatus_other_backends_in_db(db, NULL, 0) + 1 > d.conn_limit)
        ereport(FATAL,
                err_code(SQLSTATE_TOO_MANY_CONNECTIONS),
                err_msg("too many connections for database \"%s\"", name));
}
