/*
 * cmd_pg_settings.c
 *     The rows of the pg_settings view: one per setting SHOW knows, described as
 *     PostgreSQL 15 describes it (cmd_pg_settings_meta.c), with the value SHOW gives
 *     converted to the setting's base unit ("128MB" of shared_buffers is 16384 8kB pages),
 *     as pg_settings.setting shows it.
 *
 * Differences: internal (fixed) settings report this server's value as their boot value
 * and bounds; source is "default" when the value equals PostgreSQL's boot value,
 * otherwise "session" for settings a session can change and "configuration file" for the
 * others (OakDB does not record where a value came from); reset_val is the current value;
 * sourcefile and sourceline are NULL; pending_restart is false.
 */
#include "oak/oak.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "cmd_pg_settings.h"
#include "oak/commands/commands.h"
#include "oak/utils/adt.h"

/* Bytes or milliseconds per unit name; 0 for a name that is not a unit. */
static double
settings_unit_size(const char *u)
{
    static const struct {
        const char *name;
        double size;
    } units[] = {{"B", 1},
                 {"kB", 1024},
                 {"8kB", 8192},
                 {"MB", 1024.0 * 1024},
                 {"GB", 1024.0 * 1024 * 1024},
                 {"TB", 1024.0 * 1024 * 1024 * 1024},
                 {"ms", 1},
                 {"s", 1000},
                 {"min", 60000},
                 {"h", 3600000},
                 {"d", 86400000}};
    for (size_t i = 0; i < OAK_LENGTHOF(units); i++)
        if (strcmp(units[i].name, u) == 0)
            return units[i].size;
    return 0;
}

/* A SHOW value ("128MB", "1s", "0") in the setting's base unit, as pg_settings prints it. */
static const char *
settings_in_base_unit(const char *value, const char *unit)
{
    if (unit == NULL)
        return value;
    char *end;
    double n = strtod(value, &end);
    if (end == value)
        return value;
    double from = *end ? settings_unit_size(end) : settings_unit_size(unit);
    double to = settings_unit_size(unit);
    if (from == 0 || to == 0)
        return value;
    return mcx_printf("%.0f", floor(n * from / to));
}

static Datum
settings_text(const char *s)
{
    return ptr_datum(text_from_cstr(s));
}

enum {
    PS_NAME,
    PS_SETTING,
    PS_UNIT,
    PS_CATEGORY,
    PS_SHORT_DESC,
    PS_EXTRA_DESC,
    PS_CONTEXT,
    PS_VARTYPE,
    PS_SOURCE,
    PS_MIN_VAL,
    PS_MAX_VAL,
    PS_ENUMVALS,
    PS_BOOT_VAL,
    PS_RESET_VAL,
    PS_SOURCEFILE,
    PS_SOURCELINE,
    PS_PENDING_RESTART,
    PS_NCOLS
};

int
settings_pg_settings_rows(Datum **values, bool **nulls)
{
    size_t cells = (size_t)(settings_nmeta > 0 ? settings_nmeta : 1) * PS_NCOLS;
    *values = mcx_alloc0(sizeof(Datum) * cells);
    *nulls = mcx_alloc(sizeof(bool) * cells);
    memset(*nulls, 1, sizeof(bool) * cells);
    int n = 0;
    for (int i = 0; i < settings_nmeta; i++) {
        const SettingMeta *m = &settings_meta[i];
        const char *shown = settings_show_value(m->name);
        if (shown == NULL)
            continue;
        const char *setting = settings_in_base_unit(shown, m->unit);
        Datum *v = *values + (size_t)n * PS_NCOLS;
        bool *nl = *nulls + (size_t)n * PS_NCOLS;
        const char *source;
        if (m->boot_val != NULL && strcmp(setting, m->boot_val) == 0)
            source = "default";
        else if (strcmp(m->context, "user") == 0 || strcmp(m->context, "superuser") == 0)
            source = "session";
        else if (strcmp(m->context, "internal") == 0)
            source = "default";
        else
            source = "configuration file";
        const char *min_val = m->min_val, *max_val = m->max_val, *boot_val = m->boot_val;
        if (strcmp(m->context, "internal") == 0) {
            /* fixed properties of this server (its version, block size): the value itself */
            boot_val = setting;
            if (min_val != NULL && max_val != NULL && strcmp(min_val, max_val) == 0)
                min_val = max_val = setting;
        }
        const char *cols[PS_NCOLS] = {[PS_NAME] = m->name,
                                      [PS_SETTING] = setting,
                                      [PS_UNIT] = m->unit,
                                      [PS_CATEGORY] = m->category,
                                      [PS_SHORT_DESC] = m->short_desc,
                                      [PS_EXTRA_DESC] = m->extra_desc,
                                      [PS_CONTEXT] = m->context,
                                      [PS_VARTYPE] = m->vartype,
                                      [PS_SOURCE] = source,
                                      [PS_MIN_VAL] = min_val,
                                      [PS_MAX_VAL] = max_val,
                                      [PS_BOOT_VAL] = boot_val,
                                      [PS_RESET_VAL] = setting};
        for (int c = 0; c < PS_NCOLS; c++) {
            if (cols[c] != NULL) {
                v[c] = settings_text(cols[c]);
                nl[c] = false;
            }
        }
        if (m->enumvals != NULL) {
            v[PS_ENUMVALS] = adt_type(TEXTARRAYOID)->in(m->enumvals, -1);
            nl[PS_ENUMVALS] = false;
        }
        v[PS_PENDING_RESTART] = bool_datum(false);
        nl[PS_PENDING_RESTART] = false;
        n++;
    }
    return n;
}
