/*
 * cmd_settings_fns.c
 *     current_setting(name [, missing_ok]) and set_config(name, value, is_local): SHOW and
 *     SET as functions, with their errors (42704 for an unknown setting unless missing_ok,
 *     which gives NULL). set_config's change is SET's (or SET LOCAL's with is_local):
 *     undone if the transaction aborts; the relation cache follows a new search_path
 *     from the next statement on.
 */
#include "oak/oak.h"

#include "oak/commands/commands.h"
#include "oak/utils/adt.h"
#include "../utils/adt/adt_fns.h"

static Datum
settings_fn_show(FuncCallInfo *fc, bool missing_ok)
{
    const char *name = text_to_cstr(datum_ptr(fc->arg[0]));
    const char *value = settings_show_value(name);
    if (value == NULL) {
        if (missing_ok) {
            fc->isnull = true;
            return 0;
        }
        settings_unknown(name);
    }
    return ptr_datum(text_from_cstr(value));
}

Datum
adt_fn_show_config_by_name(FuncCallInfo *fc)
{
    return settings_fn_show(fc, false);
}

Datum
adt_fn_show_config_by_name_missing_ok(FuncCallInfo *fc)
{
    return settings_fn_show(fc, datum_bool(fc->arg[1]));
}

/* Not strict: a NULL name is 22004; a NULL value resets; a NULL is_local is false. */
Datum
adt_fn_set_config_by_name(FuncCallInfo *fc)
{
    if (fc->argnull[0])
        ereport(ERROR,
                err_code(SQLSTATE_NULL_VALUE_NOT_ALLOWED),
                err_msg("SET requires parameter name"));
    const char *name = text_to_cstr(datum_ptr(fc->arg[0]));
    const char *value = fc->argnull[1] ? NULL : text_to_cstr(datum_ptr(fc->arg[1]));
    bool is_local = !fc->argnull[2] && datum_bool(fc->arg[2]);
    return ptr_datum(text_from_cstr(settings_set_value(name, value, is_local)));
}
