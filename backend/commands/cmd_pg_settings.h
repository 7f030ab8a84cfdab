/*
 * cmd_pg_settings.h
 *     Private to backend/commands: PostgreSQL 15's description of each setting OakDB has
 *     (cmd_pg_settings_meta.c, generated), from which pg_settings' rows are built.
 */
#ifndef OAK_CMD_PG_SETTINGS_H
#define OAK_CMD_PG_SETTINGS_H

/* Columns of pg_settings that describe a setting rather than its value; NULL: none. */
typedef struct SettingMeta {
    const char *name;
    const char *unit; /* "ms", "s", "min", "B", "kB", "8kB", "MB" or NULL */
    const char *category;
    const char *short_desc;
    const char *extra_desc;
    const char *context;
    const char *vartype; /* bool, integer, real, string, enum */
    const char *min_val;
    const char *max_val;
    const char *boot_val;
    const char *enumvals; /* an enum's values as a text[] literal ("{off,on}"), or NULL */
} SettingMeta;

extern const SettingMeta settings_meta[];
extern const int settings_nmeta;

#endif /* OAK_CMD_PG_SETTINGS_H */
