/*
 * cmd_settings.c
 *     SET, RESET and SHOW of session settings, PostgreSQL's way: names are case-insensitive,
 *     values may be quoted strings, numbers or identifiers, time settings take units (ms, s,
 *     min, h, d; a bare number is milliseconds) and are shown in the largest unit that
 *     divides them. SET of a server-wide setting raises 55P02; an unknown name 42704.
 *
 * transaction_isolation and transaction_read_only belong to the running transaction
 * (tcop/engine_xact.c); SET of them behaves as SET TRANSACTION.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <errno.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "oak/commands/commands.h"
#include "oak/commands/settings.h"
#include "oak/storage/lock.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/xactblock.h"
#include "oak/catalog/catalog.h"
#include "oak/utils/adt.h"
#include "oak/utils/bestatus.h"
#include "oak/utils/guc.h"

typedef PgQuery__Node Node;

SessionSettings session_settings;

static const char *const iso_names[] = {"read uncommitted",
                                        "read committed",
                                        "repeatable read",
                                        "serializable"};

void
settings_init_session(void)
{
    session_settings.default_isolation = ISO_READ_COMMITTED;
    session_settings.default_read_only = false;
    session_settings.deadlock_timeout_ms = 1000;
    session_settings.lock_timeout_ms = 0;
    session_settings.statement_timeout_ms = 0;
    session_settings.application_name[0] = '\0';
    session_settings.enable_seqscan = true;
    session_settings.enable_indexscan = true;
    session_settings.enable_hashjoin = true;
    session_settings.enable_nestloop = true;
    session_settings.enable_mergejoin = true;
    session_settings.enable_bitmapscan = true;
    adt_extra_float_digits = 1;
    snprintf(session_settings.client_encoding, sizeof session_settings.client_encoding, "UTF8");
    snprintf(session_settings.datestyle, sizeof session_settings.datestyle, "ISO, MDY");
    snprintf(session_settings.timezone,
             sizeof session_settings.timezone,
             "%s",
             oak_settings.timezone[0] ? oak_settings.timezone : "UTC");
    snprintf(session_settings.intervalstyle, sizeof session_settings.intervalstyle, "postgres");
    adt_interval_style = 0;
    snprintf(session_settings.bytea_output, sizeof session_settings.bytea_output, "hex");
    snprintf(session_settings.search_path,
             sizeof session_settings.search_path,
             "\"$user\", public");
    cat_set_search_path(2, (const char *const[]){"$user", "public"});
    lock_deadlock_timeout_ms = session_settings.deadlock_timeout_ms;
    lock_timeout_ms = session_settings.lock_timeout_ms;
}

const char *
settings_isolation_name(IsoLevel level)
{
    return iso_names[level];
}

static IsoLevel
settings_parse_isolation_for(const char *param, const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(name, iso_names[i]) == 0)
            return (IsoLevel)i;
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("invalid value for parameter \"%s\": \"%s\"", param, name),
            err_hint("Available values: serializable, repeatable read, read committed, read "
                     "uncommitted."));
}

IsoLevel
settings_parse_isolation(const char *name)
{
    return settings_parse_isolation_for("transaction_isolation", name);
}

/* The text of a SET argument list: 'x', x, 5, or several joined by ", ". */
static char *
settings_arg_text(size_t n, Node **args)
{
    StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_append(&sb, ", ");
        Node *a = args[i];
        if (a->node_case == PG_QUERY__NODE__NODE_A_CONST) {
            PgQuery__AConst *c = a->a_const;
            if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
                sb_appendf(&sb, "%d", c->ival->ival);
            else if (c->val_case == PG_QUERY__A__CONST__VAL_FVAL)
                sb_append(&sb, c->fval->fval);
            else if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
                sb_append(&sb, c->sval->sval);
            else if (c->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL)
                sb_append(&sb, c->boolval->boolval ? "on" : "off");
        } else if (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
                   a->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                   a->type_cast->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
            sb_append(&sb, a->type_cast->arg->a_const->sval->sval);
        } else {
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("SET value must be a constant"));
        }
    }
    return sb.data;
}

/* An integer setting within [min, max] (PostgreSQL's messages for both failures). */
static int
settings_parse_int(const char *name, const char *v, int min, int max)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno != 0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("invalid value for parameter \"%s\": \"%s\"", name, v));
    if (n < min || n > max)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("%ld is outside the valid range for parameter \"%s\" (%d .. %d)",
                        n,
                        name,
                        min,
                        max));
    return (int)n;
}

static bool
settings_parse_bool(const char *name, const char *v)
{
    if (strcasecmp(v, "on") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
        strcmp(v, "1") == 0 || strcasecmp(v, "t") == 0)
        return true;
    if (strcasecmp(v, "off") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
        strcmp(v, "0") == 0 || strcasecmp(v, "f") == 0)
        return false;
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("parameter \"%s\" requires a Boolean value", name));
}

/* A time in milliseconds: a number (ms) or number with unit; 22023 otherwise. */
static int
settings_parse_ms(const char *name, const char *v)
{
    static const struct {
        const char *unit;
        double ms;
    } units[] =
        {{"us", 0.001}, {"ms", 1}, {"s", 1000}, {"min", 60000}, {"h", 3600000}, {"d", 86400000}};
    errno = 0;
    char *end;
    double num = strtod(v, &end);
    if (end == v || errno != 0)
        goto bad;
    while (*end == ' ')
        end++;
    double factor = 1;
    if (*end != '\0') {
        bool found = false;
        for (size_t i = 0; i < OAK_LENGTHOF(units); i++)
            if (strcmp(end, units[i].unit) == 0) {
                factor = units[i].ms;
                found = true;
            }
        if (!found)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("invalid value for parameter \"%s\": \"%s\"", name, v),
                    err_hint("Valid units for this parameter are \"us\", \"ms\", \"s\", "
                             "\"min\", \"h\", and \"d\"."));
    }
    double ms = num * factor;
    if (ms < 0 || ms > 2147483647.0)
        ereport(ERROR,
                err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                err_msg("%.0f ms is outside the valid range for parameter \"%s\" (0 .. "
                        "2147483647)",
                        ms,
                        name));
    return (int)(ms + 0.5);
bad:
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("invalid value for parameter \"%s\": \"%s\"", name, v));
}

static char *
settings_ms_text(int ms)
{
    if (ms == 0)
        return mcx_strdup("0");
    if (ms % 86400000 == 0)
        return mcx_printf("%dd", ms / 86400000);
    if (ms % 3600000 == 0)
        return mcx_printf("%dh", ms / 3600000);
    if (ms % 60000 == 0)
        return mcx_printf("%dmin", ms / 60000);
    if (ms % 1000 == 0)
        return mcx_printf("%ds", ms / 1000);
    return mcx_printf("%dms", ms);
}

typedef enum SettingKind {
    SET_DEFAULT_ISOLATION,
    SET_ISOLATION,
    SET_DEFAULT_READ_ONLY,
    SET_READ_ONLY,
    SET_DEADLOCK_TIMEOUT,
    SET_LOCK_TIMEOUT,
    SET_STATEMENT_TIMEOUT,
    SET_APPLICATION_NAME,
    SET_ENABLE_SEQSCAN,
    SET_ENABLE_INDEXSCAN,
    SET_ENABLE_HASHJOIN,
    SET_ENABLE_NESTLOOP,
    SET_ENABLE_MERGEJOIN,
    SET_ENABLE_BITMAPSCAN,
    SET_EXTRA_FLOAT_DIGITS,
    SET_CLIENT_ENCODING,
    SET_DATESTYLE,
    SET_TIMEZONE,
    SET_INTERVALSTYLE,
    SET_STD_STRINGS,
    SET_BYTEA_OUTPUT,
    SET_SEARCH_PATH,
} SettingKind;

static const struct {
    const char *name;
    SettingKind kind;
} session_names[] = {
    {"default_transaction_isolation", SET_DEFAULT_ISOLATION},
    {"transaction_isolation", SET_ISOLATION},
    {"default_transaction_read_only", SET_DEFAULT_READ_ONLY},
    {"transaction_read_only", SET_READ_ONLY},
    {"deadlock_timeout", SET_DEADLOCK_TIMEOUT},
    {"lock_timeout", SET_LOCK_TIMEOUT},
    {"statement_timeout", SET_STATEMENT_TIMEOUT},
    {"application_name", SET_APPLICATION_NAME},
    {"enable_seqscan", SET_ENABLE_SEQSCAN},
    {"enable_indexscan", SET_ENABLE_INDEXSCAN},
    {"enable_hashjoin", SET_ENABLE_HASHJOIN},
    {"enable_nestloop", SET_ENABLE_NESTLOOP},
    {"enable_mergejoin", SET_ENABLE_MERGEJOIN},
    {"enable_bitmapscan", SET_ENABLE_BITMAPSCAN},
    {"extra_float_digits", SET_EXTRA_FLOAT_DIGITS},
    {"client_encoding", SET_CLIENT_ENCODING},
    {"DateStyle", SET_DATESTYLE},
    {"TimeZone", SET_TIMEZONE},
    {"IntervalStyle", SET_INTERVALSTYLE},
    {"standard_conforming_strings", SET_STD_STRINGS},
    {"bytea_output", SET_BYTEA_OUTPUT},
    {"search_path", SET_SEARCH_PATH},
};

static int
settings_find(const char *name)
{
    for (size_t i = 0; i < OAK_LENGTHOF(session_names); i++)
        if (strcasecmp(session_names[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* client_encoding: UTF8 under any of its spellings; other encodings are not converted. */
static void
settings_set_client_encoding(const char *v)
{
    char norm[32];
    size_t n = 0;
    for (const char *p = v; *p && n + 1 < sizeof norm; p++)
        if (*p != '-' && *p != '_')
            norm[n++] = (char)tolower((unsigned char)*p);
    norm[n] = '\0';
    if (strcmp(norm, "utf8") == 0 || strcmp(norm, "unicode") == 0) {
        /* PostgreSQL keeps the old spelling "UNICODE" when it is used */
        snprintf(session_settings.client_encoding,
                 sizeof session_settings.client_encoding,
                 "%s",
                 strcmp(norm, "unicode") == 0 ? v : "UTF8");
        return;
    }
    static const char *const known[] = {"sqlascii",
                                        "latin1",
                                        "latin2",
                                        "latin9",
                                        "win1252",
                                        "win1251",
                                        "eucjp",
                                        "sjis",
                                        "gbk",
                                        "big5",
                                        "koi8r"};
    for (size_t i = 0; i < OAK_LENGTHOF(known); i++)
        if (strcmp(norm, known[i]) == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("client_encoding \"%s\" is not supported yet: only UTF8", v));
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
            err_msg("invalid value for parameter \"client_encoding\": \"%s\"", v));
}

/* DateStyle: output style and field order; OakDB prints ISO only. */
static void
settings_set_datestyle(const char *v)
{
    const char *order = NULL;
    bool iso = false;
    char *copy = mcx_strdup(v);
    for (char *tok = strtok(copy, ", "); tok != NULL; tok = strtok(NULL, ", ")) {
        if (strcasecmp(tok, "ISO") == 0)
            iso = true;
        else if (strcasecmp(tok, "MDY") == 0 || strcasecmp(tok, "US") == 0 ||
                 strcasecmp(tok, "NonEuropean") == 0)
            order = "MDY";
        else if (strcasecmp(tok, "DMY") == 0 || strcasecmp(tok, "European") == 0)
            order = "DMY";
        else if (strcasecmp(tok, "YMD") == 0)
            order = "YMD";
        else if (strcasecmp(tok, "SQL") == 0 || strcasecmp(tok, "Postgres") == 0 ||
                 strcasecmp(tok, "German") == 0)
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("DateStyle %s is not supported yet: only ISO output", tok));
        else
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("invalid value for parameter \"DateStyle\": \"%s\"", v),
                    err_detail("Unrecognized key word: \"%s\".", tok));
    }
    const char *cur = strchr(session_settings.datestyle, ',');
    if (order == NULL)
        order = cur != NULL ? cur + 2 : "MDY";
    (void)iso; /* ISO is the only style, given or not */
    snprintf(session_settings.datestyle, sizeof session_settings.datestyle, "ISO, %s", order);
}

/* TimeZone: OakDB computes in UTC; the names of UTC are accepted as given. */
static void
settings_set_timezone(const char *v)
{
    static const char *const utc[] = {"UTC",       "Etc/UTC",   "GMT",       "Etc/GMT",
                                      "UCT",       "Etc/UCT",   "Universal", "Etc/Universal",
                                      "Zulu",      "Etc/Zulu",  "Z",         "0",
                                      "+0",        "-0",        "GMT0",      "Etc/GMT0",
                                      "Etc/GMT+0", "Etc/GMT-0", "Greenwich", "Etc/Greenwich"};
    for (size_t i = 0; i < OAK_LENGTHOF(utc); i++)
        if (strcasecmp(v, utc[i]) == 0) {
            snprintf(session_settings.timezone, sizeof session_settings.timezone, "%s", v);
            return;
        }
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("time zone \"%s\" is not supported yet: only UTC", v));
}

/*
 * search_path: kept as given for SHOW; name resolution follows whether public is in it
 * (pg_catalog is always searched first; no other schemas exist yet).
 */
static void
settings_set_search_path(const char *v)
{
    const char *names[16];
    int n = 0;
    char *copy = mcx_strdup(v);
    for (char *tok = strtok(copy, ", "); tok != NULL && n < 16; tok = strtok(NULL, ", ")) {
        size_t len = strlen(tok);
        if (len >= 2 && tok[0] == '"' && tok[len - 1] == '"') {
            tok[len - 1] = '\0';
            tok++;
        } else {
            for (char *p = tok; *p; p++) /* unquoted identifiers fold to lower case */
                *p = (char)tolower((unsigned char)*p);
        }
        names[n++] = tok;
    }
    snprintf(session_settings.search_path, sizeof session_settings.search_path, "%s", v);
    cat_set_search_path(n, names);
}

/* The StartupMessage's settings: what RESET returns to, as in PostgreSQL. */
static const char *(*startup_get)(const char *name);

static const char *
settings_startup_value(SettingKind kind)
{
    if (startup_get == NULL)
        return NULL;
    for (size_t i = 0; i < OAK_LENGTHOF(session_names); i++)
        if (session_names[i].kind == kind)
            return startup_get(session_names[i].name);
    return NULL;
}

/* Apply value (NULL: the default) to one session setting. */
static void
settings_apply(SettingKind kind, const char *name, const char *value)
{
    SessionSettings *s = &session_settings;
    if (value == NULL)
        value = settings_startup_value(kind);
    switch (kind) {
    case SET_DEFAULT_ISOLATION:
        s->default_isolation =
            value ? settings_parse_isolation_for(name, value) : ISO_READ_COMMITTED;
        break;
    case SET_ISOLATION:
        xblock_set_isolation(value ? settings_parse_isolation(value) : s->default_isolation);
        break;
    case SET_DEFAULT_READ_ONLY:
        s->default_read_only = value ? settings_parse_bool(name, value) : false;
        break;
    case SET_READ_ONLY:
        xblock_set_read_only(value ? settings_parse_bool(name, value) : s->default_read_only);
        break;
    case SET_DEADLOCK_TIMEOUT:
        s->deadlock_timeout_ms = value ? settings_parse_ms(name, value) : 1000;
        if (s->deadlock_timeout_ms < 1)
            s->deadlock_timeout_ms = 1;
        lock_deadlock_timeout_ms = s->deadlock_timeout_ms;
        break;
    case SET_LOCK_TIMEOUT:
        s->lock_timeout_ms = value ? settings_parse_ms(name, value) : 0;
        lock_timeout_ms = s->lock_timeout_ms;
        break;
    case SET_STATEMENT_TIMEOUT:
        s->statement_timeout_ms = value ? settings_parse_ms(name, value) : 0;
        break;
    case SET_APPLICATION_NAME:
        snprintf(s->application_name, sizeof s->application_name, "%s", value ? value : "");
        bestatus_set_application_name(s->application_name);
        break;
    case SET_ENABLE_SEQSCAN:
        s->enable_seqscan = value ? settings_parse_bool(name, value) : true;
        break;
    case SET_ENABLE_INDEXSCAN:
        s->enable_indexscan = value ? settings_parse_bool(name, value) : true;
        break;
    case SET_ENABLE_HASHJOIN:
        s->enable_hashjoin = value ? settings_parse_bool(name, value) : true;
        break;
    case SET_ENABLE_NESTLOOP:
        s->enable_nestloop = value ? settings_parse_bool(name, value) : true;
        break;
    case SET_ENABLE_MERGEJOIN:
        s->enable_mergejoin = value ? settings_parse_bool(name, value) : true;
        break;
    case SET_ENABLE_BITMAPSCAN:
        s->enable_bitmapscan = value ? settings_parse_bool(name, value) : true;
        break;
    case SET_EXTRA_FLOAT_DIGITS:
        adt_extra_float_digits = value ? settings_parse_int(name, value, -15, 3) : 1;
        break;
    case SET_CLIENT_ENCODING:
        settings_set_client_encoding(value ? value : "UTF8");
        break;
    case SET_DATESTYLE:
        settings_set_datestyle(value ? value : "ISO, MDY");
        break;
    case SET_TIMEZONE:
        settings_set_timezone(value ? value
                                    : (oak_settings.timezone[0] ? oak_settings.timezone : "UTC"));
        break;
    case SET_INTERVALSTYLE: {
        static const char *const styles[] = {"postgres",
                                             "postgres_verbose",
                                             "sql_standard",
                                             "iso_8601"};
        const char *v = value ? value : "postgres";
        size_t k = 0;
        while (k < OAK_LENGTHOF(styles) && strcasecmp(styles[k], v) != 0)
            k++;
        if (k == OAK_LENGTHOF(styles))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("invalid value for parameter \"%s\": \"%s\"", name, v),
                    err_hint("Available values: postgres, postgres_verbose, sql_standard, "
                             "iso_8601."));
        snprintf(s->intervalstyle, sizeof s->intervalstyle, "%s", styles[k]);
        adt_interval_style = (int)k; /* interval output reads it (same order of styles) */
        break;
    }
    case SET_STD_STRINGS:
        if (value != NULL && !settings_parse_bool(name, value))
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("standard_conforming_strings = off is not supported yet"));
        break;
    case SET_BYTEA_OUTPUT:
        if (value != NULL && strcasecmp(value, "hex") != 0) {
            if (strcasecmp(value, "escape") == 0)
                ereport(ERROR,
                        err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                        err_msg("bytea_output = escape is not supported yet"));
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("invalid value for parameter \"%s\": \"%s\"", name, value),
                    err_hint("Available values: escape, hex."));
        }
        break;
    case SET_SEARCH_PATH:
        settings_set_search_path(value ? value : "\"$user\", public");
        break;
    }
}

static void settings_remember(SettingKind kind, bool local);

static void
settings_reset_all(void)
{
    for (size_t i = 0; i < OAK_LENGTHOF(session_names); i++)
        if (session_names[i].kind != SET_ISOLATION && session_names[i].kind != SET_READ_ONLY) {
            settings_remember(session_names[i].kind, false);
            settings_apply(session_names[i].kind, session_names[i].name, NULL);
        }
}

/* SET TRANSACTION / SET SESSION CHARACTERISTICS AS TRANSACTION: DefElem list. */
static void
settings_transaction_modes(size_t n, Node **args, bool session)
{
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = args[i]->def_elem;
        const char *v = settings_arg_text(1, &d->arg);
        if (strcmp(d->defname, "transaction_isolation") == 0) {
            IsoLevel level = settings_parse_isolation(v);
            if (session)
                session_settings.default_isolation = level;
            else
                xblock_set_isolation(level);
        } else if (strcmp(d->defname, "transaction_read_only") == 0) {
            bool ro = strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0;
            if (session)
                session_settings.default_read_only = ro;
            else
                xblock_set_read_only(ro);
        } else if (strcmp(d->defname, "transaction_deferrable") != 0) {
            ereport(ERROR,
                    err_code(SQLSTATE_SYNTAX_ERROR),
                    err_msg("unrecognized transaction option \"%s\"", d->defname));
        }
    }
}

/*
 * SET is transactional, as in PostgreSQL: each change made in a transaction remembers the
 * value before it (with the savepoint depth it was made at); an abort puts them back, in
 * reverse order, and so does ROLLBACK TO for those made after the savepoint; a commit
 * keeps them, except SET LOCAL's, which it puts back too. A plain SET drops the earlier
 * SET LOCAL entries of the same setting, so its value is the one that stays.
 */
typedef struct SettingUndo {
    SettingKind kind;
    char *old;
    bool local;
    int depth;
} SettingUndo;

static const char *settings_session_value(SettingKind kind);

static SettingUndo *settings_undo;
static int settings_nundo;
static int settings_capundo;
static MemCtx *settings_undo_cx;

static void
settings_remember(SettingKind kind, bool local)
{
    if (settings_undo_cx == NULL)
        settings_undo_cx = mcx_create(mcx_top, "SettingsUndo");
    if (!local)
        for (int i = 0; i < settings_nundo; i++)
            if (settings_undo[i].kind == kind && settings_undo[i].local)
                settings_undo[i].local = false; /* undone only by an abort from now on */
    if (settings_nundo == settings_capundo) {
        int cap = settings_capundo ? settings_capundo * 2 : 8;
        SettingUndo *grown = mcx_alloc_in(settings_undo_cx, sizeof(SettingUndo) * (size_t)cap);
        if (settings_nundo > 0)
            memcpy(grown, settings_undo, sizeof(SettingUndo) * (size_t)settings_nundo);
        settings_undo = grown;
        settings_capundo = cap;
    }
    const char *old = settings_session_value(kind);
    size_t n = strlen(old) + 1;
    char *copy = mcx_alloc_in(settings_undo_cx, n);
    memcpy(copy, old, n);
    settings_undo[settings_nundo++] = (SettingUndo){kind, copy, local, xblock_savepoint_depth()};
}

static const char *
settings_kind_name(SettingKind kind)
{
    for (size_t i = 0; i < OAK_LENGTHOF(session_names); i++)
        if (session_names[i].kind == kind)
            return session_names[i].name;
    return "";
}

/* Put back the changes from entry `from` on, newest first (only_local: SET LOCAL's). */
static void
settings_undo_from(int from, bool only_local)
{
    for (int i = settings_nundo - 1; i >= from; i--)
        if (!only_local || settings_undo[i].local)
            settings_apply(settings_undo[i].kind,
                           settings_kind_name(settings_undo[i].kind),
                           settings_undo[i].old);
}

static void
settings_undo_clear(void)
{
    settings_nundo = 0;
    settings_capundo = 0;
    settings_undo = NULL;
    if (settings_undo_cx != NULL)
        mcx_reset(settings_undo_cx);
}

void
settings_at_commit(void)
{
    settings_undo_from(0, true);
    settings_undo_clear();
}

void
settings_at_abort(void)
{
    settings_undo_from(0, false);
    settings_undo_clear();
}

void
settings_at_subabort(int depth)
{
    int keep = settings_nundo;
    while (keep > 0 && settings_undo[keep - 1].depth >= depth)
        keep--;
    settings_undo_from(keep, false);
    settings_nundo = keep;
}

void
settings_at_release(int depth)
{
    for (int i = 0; i < settings_nundo; i++)
        if (settings_undo[i].depth > depth)
            settings_undo[i].depth = depth;
}

void __attribute__((noreturn)) settings_unknown(const char *name)
{
    ereport(ERROR,
            err_code(SQLSTATE_UNDEFINED_OBJECT),
            err_msg("unrecognized configuration parameter \"%s\"", name));
}

const char *
settings_set(void *raw)
{
    PgQuery__VariableSetStmt *st = raw;

    switch (st->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
        if (strcmp(st->name, "TRANSACTION") == 0)
            settings_transaction_modes(st->n_args, st->args, false);
        else if (strcmp(st->name, "SESSION CHARACTERISTICS") == 0)
            settings_transaction_modes(st->n_args, st->args, true);
        else
            ereport(ERROR,
                    err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                    err_msg("SET %s is not supported yet", st->name));
        return "SET";
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
        settings_reset_all();
        return "RESET";
    default:
        break;
    }
    if (cmd_session_role_set(st,
                             st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE
                                 ? settings_arg_text(st->n_args, st->args)
                                 : NULL))
        return st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ? "RESET" : "SET";
    int idx = settings_find(st->name);
    if (idx < 0) {
        const char *display;
        if (settings_server_value(st->name, &display) != NULL)
            ereport(ERROR,
                    err_code("55P02"),
                    err_msg("parameter \"%s\" cannot be changed without restarting the server",
                            st->name));
        settings_unknown(st->name);
    }
    if (st->is_local && !xblock_in_explicit_block())
        ereport(WARNING,
                err_code("25P01"),
                err_msg("SET LOCAL can only be used in transaction blocks"));
    const char *value = NULL;
    if (st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
        value = settings_arg_text(st->n_args, st->args);
    else if (st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_CURRENT)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("SET ... FROM CURRENT is not supported yet"));
    SettingKind kind = session_names[idx].kind;
    bool transactional = kind != SET_ISOLATION && kind != SET_READ_ONLY;
    if (transactional)
        settings_remember(kind, st->is_local);
    settings_apply(kind, st->name, value); /* errors name it as typed */
    return st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ? "RESET" : "SET";
}

static const char *
settings_session_value(SettingKind kind)
{
    const SessionSettings *s = &session_settings;
    switch (kind) {
    case SET_DEFAULT_ISOLATION:
        return iso_names[s->default_isolation];
    case SET_ISOLATION:
        return iso_names[xblock_isolation()];
    case SET_DEFAULT_READ_ONLY:
        return s->default_read_only ? "on" : "off";
    case SET_READ_ONLY:
        return xblock_read_only() ? "on" : "off";
    case SET_DEADLOCK_TIMEOUT:
        return settings_ms_text(s->deadlock_timeout_ms);
    case SET_LOCK_TIMEOUT:
        return settings_ms_text(s->lock_timeout_ms);
    case SET_STATEMENT_TIMEOUT:
        return settings_ms_text(s->statement_timeout_ms);
    case SET_APPLICATION_NAME:
        return s->application_name;
    case SET_ENABLE_SEQSCAN:
        return s->enable_seqscan ? "on" : "off";
    case SET_ENABLE_INDEXSCAN:
        return s->enable_indexscan ? "on" : "off";
    case SET_ENABLE_HASHJOIN:
        return s->enable_hashjoin ? "on" : "off";
    case SET_ENABLE_NESTLOOP:
        return s->enable_nestloop ? "on" : "off";
    case SET_ENABLE_MERGEJOIN:
        return s->enable_mergejoin ? "on" : "off";
    case SET_ENABLE_BITMAPSCAN:
        return s->enable_bitmapscan ? "on" : "off";
    case SET_EXTRA_FLOAT_DIGITS:
        return mcx_printf("%d", adt_extra_float_digits);
    case SET_CLIENT_ENCODING:
        return s->client_encoding;
    case SET_DATESTYLE:
        return s->datestyle;
    case SET_TIMEZONE:
        return s->timezone;
    case SET_INTERVALSTYLE:
        return s->intervalstyle;
    case SET_STD_STRINGS:
        return "on";
    case SET_BYTEA_OUTPUT:
        return s->bytea_output;
    case SET_SEARCH_PATH:
        return s->search_path;
    }
    return "";
}

const char *
settings_set_value(const char *name, const char *value, bool is_local)
{
    int idx = settings_find(name);
    if (idx < 0) {
        const char *display;
        if (settings_server_value(name, &display) != NULL)
            ereport(ERROR,
                    err_code("55P02"),
                    err_msg("parameter \"%s\" cannot be changed without restarting the server",
                            name));
        settings_unknown(name);
    }
    /* transactional like SET: undone by an abort; is_local like SET LOCAL (no warning
     * outside a block, as set_config gives none) */
    SettingKind kind = session_names[idx].kind;
    if (kind != SET_ISOLATION && kind != SET_READ_ONLY)
        settings_remember(kind, is_local);
    settings_apply(kind, name, value);
    return settings_session_value(kind);
}

const char *
settings_show_value(const char *name)
{
    int idx = settings_find(name);
    if (idx >= 0)
        return settings_session_value(session_names[idx].kind);
    const char *display;
    return settings_server_value(name, &display);
}

const char *
settings_show(void *raw)
{
    PgQuery__VariableShowStmt *st = raw;
    const char *display = NULL;
    const char *value = NULL;

    if (strcasecmp(st->name, "all") == 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("SHOW ALL is not supported yet"));
    int idx = settings_find(st->name);
    if (idx >= 0) {
        display = session_names[idx].name;
        value = settings_session_value(session_names[idx].kind);
    } else {
        value = settings_server_value(st->name, &display);
    }
    if (value == NULL)
        settings_unknown(st->name);
    /* PostgreSQL names the column after the setting's canonical spelling ("TimeZone"). */
    ResultColumn col = {display, 0, 0, 25 /* text */, -1, -1};
    dest_row_description(1, &col);
    const char *vals[1] = {value};
    uint32_t lens[1] = {(uint32_t)strlen(value)};
    dest_data_row(1, vals, lens);
    return "SHOW";
}

void
settings_apply_startup(const char *(*get)(const char *name))
{
    startup_get = get;
    static const char *const names[] = {"application_name",
                                        "DateStyle",
                                        "TimeZone",
                                        "extra_float_digits",
                                        "IntervalStyle",
                                        "search_path",
                                        "statement_timeout",
                                        "lock_timeout",
                                        "default_transaction_isolation",
                                        "default_transaction_read_only",
                                        "bytea_output",
                                        "standard_conforming_strings"};
    for (size_t i = 0; i < OAK_LENGTHOF(names); i++) {
        const char *v = get(names[i]);
        int idx = settings_find(names[i]);
        if (v != NULL && idx >= 0)
            settings_apply(session_names[idx].kind, session_names[idx].name, v);
    }
}

/* The settings PostgreSQL reports with ParameterStatus when they change. */
static const SettingKind reported[] = {SET_APPLICATION_NAME,
                                       SET_CLIENT_ENCODING,
                                       SET_DATESTYLE,
                                       SET_DEFAULT_READ_ONLY,
                                       SET_INTERVALSTYLE,
                                       SET_STD_STRINGS,
                                       SET_TIMEZONE};
static char *reported_values[OAK_LENGTHOF(reported)];

void
settings_report_changes(void (*send)(const char *name, const char *value))
{
    for (size_t i = 0; i < OAK_LENGTHOF(reported); i++) {
        const char *now = settings_session_value(reported[i]);
        const char *name = NULL;
        for (size_t k = 0; k < OAK_LENGTHOF(session_names); k++)
            if (session_names[k].kind == reported[i])
                name = session_names[k].name;
        if (reported_values[i] != NULL && strcmp(reported_values[i], now) == 0)
            continue;
        bool first = reported_values[i] == NULL;
        mcx_free(reported_values[i]);
        size_t n = strlen(now) + 1;
        reported_values[i] = mcx_alloc_in(mcx_top, n);
        memcpy(reported_values[i], now, n);
        if (!first && send != NULL)
            send(name, now);
    }
}
