/*
 * cmd_show.c
 *     The server-wide settings SHOW reads (oakdb.conf values and fixed properties such as
 *     server_version), with PostgreSQL's names and display formats. Session settings and
 *     the SHOW command itself are in cmd_settings.c.
 */
#include "oak/oak.h"

#include <strings.h>
#include <stdio.h>

#include "oak/commands/commands.h"
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

/* PostgreSQL's display of a time setting: the largest unit that divides it. */
static char *
cmd_ms_text(int ms)
{
    static const struct {
        const char *unit;
        int ms;
    } units[] = {{"d", 86400000}, {"h", 3600000}, {"min", 60000}, {"s", 1000}};

    for (size_t i = 0; ms != 0 && i < OAK_LENGTHOF(units); i++)
        if (ms % units[i].ms == 0)
            return mcx_printf("%d%s", ms / units[i].ms, units[i].unit);
    return mcx_printf("%dms", ms);
}

/* The value and PostgreSQL's display name of a server-wide setting, or NULL if unknown. */
const char *
settings_server_value(const char *lname, const char **display)
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
    const char *role = cmd_session_role_show(lname);
    if (role != NULL) {
        *display = strcasecmp(lname, "role") == 0           ? "role"
                   : strcasecmp(lname, "is_superuser") == 0 ? "is_superuser"
                                                            : "session_authorization";
        return role;
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
    if (strcasecmp(lname, "wal_buffers") == 0) {
        *display = "wal_buffers";
        return cmd_size_text(s->wal_buffers);
    }
    if (strcasecmp(lname, "max_wal_size") == 0) {
        *display = "max_wal_size";
        return cmd_size_text(s->max_wal_size);
    }
    if (strcasecmp(lname, "checkpoint_timeout") == 0) {
        *display = "checkpoint_timeout";
        return cmd_ms_text(s->checkpoint_timeout_ms);
    }
    if (strcasecmp(lname, "checkpoint_completion_target") == 0) {
        *display = "checkpoint_completion_target";
        return mcx_printf("%g", s->checkpoint_completion_target);
    }
    return NULL;
}
