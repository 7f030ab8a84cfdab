/*
 * cmd_show.c
 *     SHOW name: the settings clients and tests read, with PostgreSQL's names and formats.
 *     Unknown names raise 42704 as in PostgreSQL.
 */
#include "oak/oak.h"

#include <strings.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdio.h>

#include "oak/commands/commands.h"
#include "oak/tcop/dest.h"
#include "oak/utils/adt.h"
#include "oak/utils/guc.h"

static char *
cmd_size_text(size_t bytes)
{
    if (bytes % (1024 * 1024 * 1024) == 0)
        return mcx_printf("%zuGB", bytes / (1024 * 1024 * 1024));
    if (bytes % (1024 * 1024) == 0)
        return mcx_printf("%zuMB", bytes / (1024 * 1024));
    return mcx_printf("%zukB", bytes / 1024);
}

/* The current value and PostgreSQL's display name of a setting, or NULL if unknown. */
static const char *
cmd_setting_value(const char *lname, const char **display)
{
    static const struct {
        const char *name;
        const char *value;
    } fixed[] = {
        {"server_version", OAK_PG_VERSION},
        {"server_version_num", NULL},
        {"server_encoding", "UTF8"},
        {"client_encoding", "UTF8"},
        {"DateStyle", "ISO, MDY"},
        {"IntervalStyle", "postgres"},
        {"integer_datetimes", "on"},
        {"standard_conforming_strings", "on"},
        {"transaction_isolation", "read committed"},
        {"default_transaction_isolation", "read committed"},
        {"transaction_read_only", "off"},
        {"default_transaction_read_only", "off"},
        {"in_hot_standby", "off"},
        {"search_path", "\"$user\", public"},
        {"block_size", "8192"},
        {"wal_level", "replica"},
        {"lc_collate", "C.UTF-8"},
        {"lc_ctype", "C.UTF-8"},
        {"max_identifier_length", "63"},
        {"data_checksums", "on"},
    };
    for (size_t i = 0; i < OAK_LENGTHOF(fixed); i++) {
        if (strcasecmp(fixed[i].name, lname) != 0)
            continue;
        *display = fixed[i].name;
        if (fixed[i].value == NULL)
            return mcx_printf("%d", OAK_PG_VERSION_NUM);
        return fixed[i].value;
    }
    const OakSettings *s = &oak_settings;
    if (strcasecmp(lname, "TimeZone") == 0) {
        *display = "TimeZone";
        return s->timezone[0] ? s->timezone : "UTC";
    }
    if (strcasecmp(lname, "port") == 0) {
        *display = "port";
        return mcx_printf("%d", s->port);
    }
    if (strcasecmp(lname, "max_connections") == 0) {
        *display = "max_connections";
        return mcx_printf("%d", s->max_connections);
    }
    if (strcasecmp(lname, "shared_buffers") == 0) {
        *display = "shared_buffers";
        return cmd_size_text(s->shared_buffers);
    }
    if (strcasecmp(lname, "work_mem") == 0) {
        *display = "work_mem";
        return cmd_size_text(s->work_mem);
    }
    if (strcasecmp(lname, "fsync") == 0) {
        *display = "fsync";
        return s->fsync ? "on" : "off";
    }
    if (strcasecmp(lname, "synchronous_commit") == 0) {
        *display = "synchronous_commit";
        return s->synchronous_commit ? "on" : "off";
    }
    if (strcasecmp(lname, "full_page_writes") == 0) {
        *display = "full_page_writes";
        return s->full_page_writes ? "on" : "off";
    }
    return NULL;
}

const char *
cmd_show(void *raw)
{
    PgQuery__VariableShowStmt *st = raw;
    const char *display = NULL;
    if (strcasecmp(st->name, "all") == 0)
        ereport(ERROR,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("SHOW ALL is not supported yet"));
    const char *value = cmd_setting_value(st->name, &display);
    if (value == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_OBJECT),
                err_msg("unrecognized configuration parameter \"%s\"", st->name));
    /* PostgreSQL names the column after the setting's canonical spelling ("TimeZone"). */
    ResultColumn col = {display, 0, 0, TEXTOID, -1, -1};
    dest_row_description(1, &col);
    const char *vals[1] = {value};
    uint32_t lens[1] = {(uint32_t)strlen(value)};
    dest_data_row(1, vals, lens);
    return "SHOW";
}
