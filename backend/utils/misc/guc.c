/*
 * guc.c
 *     Server settings: defaults, oakdb.conf and command-line options (oakd -c name=value).
 *
 * The file format is PostgreSQL's: one `name = value` per line (the '=' may be left out),
 * '#' starts a comment, values may be single-quoted ('' and \' for a quote inside), names
 * ignore case. Sizes and times take PostgreSQL's units (B kB MB GB TB; ms s min h d); a
 * bare number is in the setting's own base unit, as in PostgreSQL (shared_buffers counts 8kB
 * blocks, work_mem kB, checkpoint_timeout s). A later line overrides an earlier one.
 *
 * Runs in the postmaster before shared memory is sized and before the error machinery
 * talks to anyone, so it reports through errbuf and return codes, not ereport.
 *
 * Not here: session-level SET (the engine's), reload on SIGHUP (not supported yet).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "oak/utils/guc.h"

OakSettings oak_settings;

typedef enum GucType { GUC_BOOL, GUC_INT, GUC_REAL, GUC_SIZE, GUC_STRING, GUC_ENUM } GucType;

/* Unit kinds: the base unit of a bare number is base_mult bytes or milliseconds. */
typedef enum GucUnit { GUC_UNIT_NONE, GUC_UNIT_BYTES, GUC_UNIT_MS } GucUnit;

typedef struct GucEnumOption {
    const char *name;
    int value;
} GucEnumOption;

typedef struct GucDef {
    const char *name;
    GucType type;
    size_t offset; /* into OakSettings */
    size_t size;   /* buffer size for GUC_STRING */
    GucUnit unit;
    int64_t base_mult; /* bytes or ms per unit of a bare number */
    int64_t min;
    int64_t max;
    const GucEnumOption *options; /* GUC_ENUM (and string settings with a fixed set) */
} GucDef;

static const GucEnumOption guc_wal_levels[] = {
    {"minimal", GUC_WAL_LEVEL_MINIMAL},
    {"replica", GUC_WAL_LEVEL_REPLICA},
    {"archive", GUC_WAL_LEVEL_REPLICA}, /* PostgreSQL's old names, still accepted there */
    {"hot_standby", GUC_WAL_LEVEL_REPLICA},
    {"logical", GUC_WAL_LEVEL_LOGICAL},
    {NULL, 0},
};

static const GucEnumOption guc_log_levels[] = {
    {"debug5", DEBUG1},
    {"debug4", DEBUG1},
    {"debug3", DEBUG1},
    {"debug2", DEBUG1},
    {"debug1", DEBUG1},
    {"info", INFO},
    {"notice", NOTICE},
    {"warning", WARNING},
    {"error", ERROR},
    {"log", LOG},
    {"fatal", FATAL},
    {"panic", PANIC},
    {NULL, 0},
};

static const GucEnumOption guc_password_encryptions[] = {
    {"scram-sha-256", 0},
    {"md5", 0},
    {NULL, 0},
};

#define GUC_OFF(field) offsetof(OakSettings, field), sizeof(((OakSettings *)0)->field)
#define GUC_KB ((int64_t)1024)
#define GUC_MB (GUC_KB * 1024)
#define GUC_BLOCK ((int64_t)OAK_PAGE_SIZE)
#define GUC_SEC ((int64_t)1000)
#define GUC_MAX_MS ((int64_t)INT_MAX)
#define GUC_MAX_BYTES ((int64_t)1 << 50)
#define GUC_REAL_SCALE ((int64_t)1000000)

static const GucDef guc_defs[] = {
    {"port", GUC_INT, GUC_OFF(port), GUC_UNIT_NONE, 1, 1, 65535, NULL},
    {"listen_addresses", GUC_STRING, GUC_OFF(listen_addresses), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"unix_socket_directories",
     GUC_STRING,
     GUC_OFF(unix_socket_directories),
     GUC_UNIT_NONE,
     1,
     0,
     0,
     NULL},
    {"max_connections", GUC_INT, GUC_OFF(max_connections), GUC_UNIT_NONE, 1, 1, 10000, NULL},
    {"shared_buffers",
     GUC_SIZE,
     GUC_OFF(shared_buffers),
     GUC_UNIT_BYTES,
     GUC_BLOCK,
     16 * GUC_BLOCK,
     GUC_MAX_BYTES,
     NULL},
    {"wal_buffers",
     GUC_SIZE,
     GUC_OFF(wal_buffers),
     GUC_UNIT_BYTES,
     GUC_BLOCK,
     4 * GUC_BLOCK,
     GUC_MAX_BYTES,
     NULL},
    {"fsync", GUC_BOOL, GUC_OFF(fsync), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"synchronous_commit", GUC_BOOL, GUC_OFF(synchronous_commit), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"full_page_writes", GUC_BOOL, GUC_OFF(full_page_writes), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"checkpoint_timeout",
     GUC_INT,
     GUC_OFF(checkpoint_timeout_ms),
     GUC_UNIT_MS,
     GUC_SEC,
     30 * GUC_SEC,
     86400 * GUC_SEC,
     NULL},
    {"max_wal_size",
     GUC_SIZE,
     GUC_OFF(max_wal_size),
     GUC_UNIT_BYTES,
     GUC_MB,
     2 * GUC_MB,
     GUC_MAX_BYTES,
     NULL},
    {"checkpoint_completion_target", /* 0 to 1 (GUC_REAL bounds are millionths) */
     GUC_REAL,
     GUC_OFF(checkpoint_completion_target),
     GUC_UNIT_NONE,
     1,
     0,
     GUC_REAL_SCALE,
     NULL},
    {"work_mem",
     GUC_SIZE,
     GUC_OFF(work_mem),
     GUC_UNIT_BYTES,
     GUC_KB,
     64 * GUC_KB,
     GUC_MAX_BYTES,
     NULL},
    {"timezone", GUC_STRING, GUC_OFF(timezone), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"log_min_messages",
     GUC_STRING,
     GUC_OFF(log_min_messages),
     GUC_UNIT_NONE,
     1,
     0,
     0,
     guc_log_levels},
    {"wal_level", GUC_ENUM, GUC_OFF(wal_level), GUC_UNIT_NONE, 1, 0, 0, guc_wal_levels},
    {"autovacuum", GUC_BOOL, GUC_OFF(autovacuum), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"autovacuum_naptime",
     GUC_INT,
     GUC_OFF(autovacuum_naptime_ms),
     GUC_UNIT_MS,
     GUC_SEC,
     GUC_SEC,
     2147483 * GUC_SEC,
     NULL},
    {"autovacuum_vacuum_threshold",
     GUC_INT,
     GUC_OFF(autovacuum_vacuum_threshold),
     GUC_UNIT_NONE,
     1,
     0,
     INT_MAX,
     NULL},
    /* GUC_REAL: min and max are in millionths */
    {"autovacuum_vacuum_scale_factor",
     GUC_REAL,
     GUC_OFF(autovacuum_vacuum_scale_factor),
     GUC_UNIT_NONE,
     1,
     0,
     100 * GUC_REAL_SCALE,
     NULL},
    {"deadlock_timeout",
     GUC_INT,
     GUC_OFF(deadlock_timeout_ms),
     GUC_UNIT_MS,
     1,
     1,
     GUC_MAX_MS,
     NULL},
    {"authentication_timeout",
     GUC_INT,
     GUC_OFF(authentication_timeout_ms),
     GUC_UNIT_MS,
     GUC_SEC,
     GUC_SEC,
     600 * GUC_SEC,
     NULL},
    {"password_encryption",
     GUC_STRING,
     GUC_OFF(password_encryption),
     GUC_UNIT_NONE,
     1,
     0,
     0,
     guc_password_encryptions},
    {"ssl", GUC_BOOL, GUC_OFF(ssl), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"ssl_cert_file", GUC_STRING, GUC_OFF(ssl_cert_file), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"ssl_key_file", GUC_STRING, GUC_OFF(ssl_key_file), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"archive_command", GUC_STRING, GUC_OFF(archive_command), GUC_UNIT_NONE, 1, 0, 0, NULL},
    {"primary_conninfo", GUC_STRING, GUC_OFF(primary_conninfo), GUC_UNIT_NONE, 1, 0, 0, NULL},
};

void
guc_set_defaults(OakSettings *s)
{
    memset(s, 0, sizeof *s);
    s->port = 5432;
    strcpy(s->listen_addresses, "localhost");
    strcpy(s->unix_socket_directories, "/tmp");
    s->max_connections = 100;
    s->shared_buffers = 128 * GUC_MB;
    s->wal_buffers = 4 * GUC_MB;
    s->fsync = true;
    s->synchronous_commit = true;
    s->full_page_writes = true;
    s->checkpoint_timeout_ms = 300000;
    s->max_wal_size = 1024 * GUC_MB;
    s->checkpoint_completion_target = 0.9;
    s->work_mem = 4 * GUC_MB;
    strcpy(s->timezone, "UTC");
    strcpy(s->log_min_messages, "warning");
    s->wal_level = GUC_WAL_LEVEL_REPLICA;
    s->autovacuum = true;
    s->autovacuum_naptime_ms = 60000;
    s->autovacuum_vacuum_threshold = 50;
    s->autovacuum_vacuum_scale_factor = 0.2;
    s->deadlock_timeout_ms = 1000;
    s->authentication_timeout_ms = 60000;
    strcpy(s->password_encryption, "scram-sha-256");
    strcpy(s->ssl_cert_file, "server.crt");
    strcpy(s->ssl_key_file, "server.key");
}

int
guc_log_level(const OakSettings *s)
{
    for (const GucEnumOption *o = guc_log_levels; o->name; o++)
        if (strcasecmp(o->name, s->log_min_messages) == 0)
            return o->value;
    return WARNING;
}

static void __attribute__((format(printf, 3, 4)))
guc_error(char *errbuf, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
}

/* PostgreSQL's boolean spellings, including unique prefixes of on/off words. */
static int
guc_parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = {"on", "true", "yes", "1", "t", "y", "tr", "tru", "ye"};
    static const char *const no[] = {"off", "false", "no", "0", "f", "n", "fa", "fal", "fals"};

    for (size_t i = 0; i < OAK_LENGTHOF(yes); i++)
        if (strcasecmp(v, yes[i]) == 0) {
            *out = true;
            return 0;
        }
    for (size_t i = 0; i < OAK_LENGTHOF(no); i++)
        if (strcasecmp(v, no[i]) == 0) {
            *out = false;
            return 0;
        }
    return -1;
}

/* Multiplier from a unit suffix to the unit kind's base (bytes or ms); 0 if unknown. */
static int64_t
guc_unit_mult(GucUnit unit, const char *suffix)
{
    static const struct {
        const char *name;
        GucUnit unit;
        int64_t mult;
    } units[] = {
        {"B", GUC_UNIT_BYTES, 1},
        {"kB", GUC_UNIT_BYTES, GUC_KB},
        {"MB", GUC_UNIT_BYTES, GUC_MB},
        {"GB", GUC_UNIT_BYTES, GUC_MB * 1024},
        {"TB", GUC_UNIT_BYTES, GUC_MB * 1024 * 1024},
        {"ms", GUC_UNIT_MS, 1},
        {"s", GUC_UNIT_MS, GUC_SEC},
        {"min", GUC_UNIT_MS, 60 * GUC_SEC},
        {"h", GUC_UNIT_MS, 3600 * GUC_SEC},
        {"d", GUC_UNIT_MS, 86400 * GUC_SEC},
    };

    for (size_t i = 0; i < OAK_LENGTHOF(units); i++)
        if (units[i].unit == unit && strcmp(units[i].name, suffix) == 0) /* case matters */
            return units[i].mult;
    return 0;
}

/* Parse an integer with an optional unit into the setting's stored unit. */
static int
guc_parse_number(const GucDef *d, const char *v, int64_t *out, char *errbuf, size_t errlen)
{
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (end == v || errno == ERANGE) {
        guc_error(errbuf, errlen, "invalid value for parameter \"%s\": \"%s\"", d->name, v);
        return -1;
    }
    while (isspace((unsigned char)*end))
        end++;
    int64_t mult = d->base_mult;
    if (*end != '\0') {
        mult = d->unit == GUC_UNIT_NONE ? 0 : guc_unit_mult(d->unit, end);
        if (mult == 0) {
            guc_error(errbuf,
                      errlen,
                      "invalid value for parameter \"%s\": \"%s\"%s",
                      d->name,
                      v,
                      d->unit == GUC_UNIT_BYTES ? " (valid units: B, kB, MB, GB, TB)"
                      : d->unit == GUC_UNIT_MS  ? " (valid units: ms, s, min, h, d)"
                                                : "");
            return -1;
        }
    }
    if (n != 0 && (n > INT64_MAX / mult || n < INT64_MIN / mult)) {
        guc_error(errbuf, errlen, "value \"%s\" is out of range for parameter \"%s\"", v, d->name);
        return -1;
    }
    int64_t val = (int64_t)n * mult;
    if (val < d->min || val > d->max) {
        guc_error(errbuf, errlen, "value \"%s\" is out of range for parameter \"%s\"", v, d->name);
        return -1;
    }
    *out = val;
    return 0;
}

static const GucEnumOption *
guc_find_option(const GucEnumOption *opts, const char *v)
{
    for (const GucEnumOption *o = opts; o->name; o++)
        if (strcasecmp(o->name, v) == 0)
            return o;
    return NULL;
}

/* synchronous_commit is stored as a bool: without synchronous standbys, every level but off
 * means "wait for the local flush", which is what PostgreSQL does too. */
static int
guc_parse_sync_commit(const char *v, bool *out)
{
    if (strcasecmp(v, "local") == 0 || strcasecmp(v, "remote_write") == 0 ||
        strcasecmp(v, "remote_apply") == 0) {
        *out = true;
        return 0;
    }
    return guc_parse_bool(v, out);
}

static int
guc_assign(OakSettings *s, const GucDef *d, const char *v, char *errbuf, size_t errlen)
{
    char *field = (char *)s + d->offset;
    int64_t n;

    switch (d->type) {
    case GUC_BOOL: {
        bool b;
        int rc = d->offset == offsetof(OakSettings, synchronous_commit)
                     ? guc_parse_sync_commit(v, &b)
                     : guc_parse_bool(v, &b);
        if (rc != 0) {
            guc_error(errbuf, errlen, "parameter \"%s\" requires a Boolean value", d->name);
            return -1;
        }
        *(bool *)field = b;
        return 0;
    }
    case GUC_INT:
        if (guc_parse_number(d, v, &n, errbuf, errlen) != 0)
            return -1;
        *(int *)field = (int)n;
        return 0;
    case GUC_REAL: {
        char *end;
        errno = 0;
        double r = strtod(v, &end);
        while (isspace((unsigned char)*end))
            end++;
        if (end == v || *end != '\0' || errno == ERANGE || r != r) {
            guc_error(errbuf, errlen, "invalid value for parameter \"%s\": \"%s\"", d->name, v);
            return -1;
        }
        if (r < (double)d->min / GUC_REAL_SCALE || r > (double)d->max / GUC_REAL_SCALE) {
            guc_error(errbuf,
                      errlen,
                      "value \"%s\" is out of range for parameter \"%s\"",
                      v,
                      d->name);
            return -1;
        }
        *(double *)field = r;
        return 0;
    }
    case GUC_SIZE:
        if (guc_parse_number(d, v, &n, errbuf, errlen) != 0)
            return -1;
        *(size_t *)field = (size_t)n;
        return 0;
    case GUC_ENUM: {
        const GucEnumOption *o = guc_find_option(d->options, v);
        if (o == NULL) {
            guc_error(errbuf, errlen, "invalid value for parameter \"%s\": \"%s\"", d->name, v);
            return -1;
        }
        *(int *)field = o->value;
        return 0;
    }
    case GUC_STRING:
        if (d->options != NULL && guc_find_option(d->options, v) == NULL) {
            guc_error(errbuf, errlen, "invalid value for parameter \"%s\": \"%s\"", d->name, v);
            return -1;
        }
        if (strlen(v) >= d->size) {
            guc_error(errbuf, errlen, "value for parameter \"%s\" is too long", d->name);
            return -1;
        }
        strcpy(field, v);
        return 0;
    }
    return -1;
}

static const GucDef *
guc_find(const char *name)
{
    char norm[64];
    size_t i = 0;

    for (; name[i] != '\0' && i < sizeof norm - 1; i++)
        norm[i] = name[i] == '-' ? '_' : name[i];
    norm[i] = '\0';
    for (size_t k = 0; k < OAK_LENGTHOF(guc_defs); k++)
        if (strcasecmp(guc_defs[k].name, norm) == 0)
            return &guc_defs[k];
    return NULL;
}

int
guc_set_option(OakSettings *s, const char *name, const char *value, char *errbuf, size_t errlen)
{
    const GucDef *d = guc_find(name);

    if (d == NULL) {
        guc_error(errbuf, errlen, "unrecognized configuration parameter \"%s\"", name);
        return -1;
    }
    return guc_assign(s, d, value, errbuf, errlen);
}

/*
 * Split one line into name and value (both NUL-terminated inside line). Returns 1 for a
 * setting, 0 for a blank or comment line, -1 for a syntax error.
 */
static int
guc_split_line(char *line, char **name, char **value)
{
    char *p = line;

    while (isspace((unsigned char)*p))
        p++;
    if (*p == '\0' || *p == '#')
        return 0;
    *name = p;
    while (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-')
        p++;
    if (p == *name)
        return -1;
    char *name_end = p;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '=')
        p++;
    while (isspace((unsigned char)*p))
        p++;
    *name_end = '\0';
    *value = p;
    if (*p == '\'') { /* quoted: '' or \' is a quote; backslash escapes the next char */
        char *out = p;
        p++;
        for (;;) {
            if (*p == '\0')
                return -1;
            if (*p == '\'' && p[1] == '\'') {
                *out++ = '\'';
                p += 2;
            } else if (*p == '\'') {
                p++;
                break;
            } else if (*p == '\\' && p[1] != '\0') {
                *out++ = p[1];
                p += 2;
            } else
                *out++ = *p++;
        }
        *out = '\0';
    } else {
        while (*p != '\0' && !isspace((unsigned char)*p) && *p != '#')
            p++;
        if (*p != '\0' && *p != '#')
            *p++ = '\0';
        else {
            *p = '\0';
            return 1;
        }
    }
    while (isspace((unsigned char)*p))
        p++;
    return (*p == '\0' || *p == '#') ? 1 : -1;
}

int
guc_load_file(OakSettings *s, const char *path, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    int lineno = 0;
    int rc = 0;

    if (f == NULL) {
        guc_error(errbuf,
                  errlen,
                  "could not open configuration file \"%s\": %s",
                  path,
                  strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *name;
        char *value;
        char err[512];
        lineno++;
        int kind = guc_split_line(line, &name, &value);
        if (kind == 0)
            continue;
        if (kind < 0) {
            guc_error(errbuf,
                      errlen,
                      "syntax error in file \"%s\" line %d, near end of line",
                      path,
                      lineno);
            rc = -1;
            break;
        }
        if (strcasecmp(name, "include") == 0 || strcasecmp(name, "include_dir") == 0 ||
            strcasecmp(name, "include_if_exists") == 0) {
            guc_error(errbuf,
                      errlen,
                      "\"%s\" directives are not supported yet in file \"%s\" line %d",
                      name,
                      path,
                      lineno);
            rc = -1;
            break;
        }
        if (guc_set_option(s, name, value, err, sizeof err) != 0) {
            guc_error(errbuf, errlen, "%s in file \"%s\" line %d", err, path, lineno);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        guc_error(errbuf, errlen, "could not read file \"%s\": %s", path, strerror(errno));
        rc = -1;
    }
    (void)fclose(f); /* read-only: nothing to lose on a failed close */
    return rc;
}
