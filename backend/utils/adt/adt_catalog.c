/*
 * adt_catalog.c
 *     Lookups into the built-in tables (types, procs, operators, casts, aggregates), cast
 *     resolution and execution, typmods, format_type(), and the per-type helpers the engine
 *     needs around a Datum (size, copy, hash, column key encoding).
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. adt_procs and adt_opers are sorted by oid (gen_tables.py orders them), so oid lookups
 *      binary-search.
 */
#include "oak/oak.h"

#include <stdlib.h>
#include <strings.h>

#include "adt_priv.h"
#include "oak/utils/array.h"

const TypeDesc *
adt_type(Oid oid)
{
    for (int i = 0; i < adt_ntypes; i++)
        if (adt_types[i].oid == oid)
            return &adt_types[i];
    return NULL;
}

const TypeDesc *
adt_type_by_name(const char *name)
{
    static const struct {
        const char *alias;
        Oid oid;
    } aliases[] = {{"integer", INT4OID},
                   {"int", INT4OID},
                   {"smallint", INT2OID},
                   {"bigint", INT8OID},
                   {"real", FLOAT4OID},
                   {"float", FLOAT8OID},
                   {"double precision", FLOAT8OID},
                   {"decimal", NUMERICOID},
                   {"boolean", BOOLOID},
                   {"character varying", VARCHAROID},
                   {"character", BPCHAROID},
                   {"timestamp with time zone", TIMESTAMPTZOID},
                   {"timestamp without time zone", TIMESTAMPOID},
                   {"time without time zone", TIMEOID},
                   {"time with time zone", TIMETZOID}};
    if (strncasecmp(name, "pg_catalog.", 11) == 0)
        name += 11;
    for (int i = 0; i < adt_ntypes; i++)
        if (strcasecmp(adt_types[i].name, name) == 0)
            return &adt_types[i];
    for (size_t i = 0; i < OAK_LENGTHOF(aliases); i++)
        if (strcasecmp(aliases[i].alias, name) == 0)
            return adt_type(aliases[i].oid);
    return NULL;
}

static void
adt_typmod_error(const char *fmt, int32_t v)
{
    ereport(ERROR, err_code(SQLSTATE_INVALID_PARAMETER_VALUE), err_msg(fmt, v));
}

int32_t
adt_typmod_from_args(Oid type, const int32_t *args, int nargs)
{
    const TypeDesc *t = adt_type(type);
    const char *name = t != NULL ? t->name : "???";
    if (nargs == 1 && (type == VARCHAROID || type == BPCHAROID)) {
        const char *sqlname = type == VARCHAROID ? "varchar" : "char";
        if (args[0] < 1)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("length for type %s must be at least 1", sqlname));
        if (args[0] > 10485760)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg("length for type %s cannot exceed 10485760", sqlname));
        return args[0] + 4;
    }
    if ((nargs == 1 || nargs == 2) && type == NUMERICOID) {
        int32_t scale = nargs == 2 ? args[1] : 0;
        if (args[0] < 1 || args[0] > 1000)
            adt_typmod_error("NUMERIC precision %d must be between 1 and 1000", args[0]);
        if (scale < -1000 || scale > 1000)
            adt_typmod_error("NUMERIC scale %d must be between -1000 and 1000", scale);
        return ((args[0] << 16) | (scale & 0xffff)) + 4;
    }
    if (nargs == 1 &&
        (type == TIMESTAMPTZOID || type == TIMESTAMPOID || type == TIMEOID || type == TIMETZOID)) {
        const char *what = type == TIMESTAMPTZOID ? "TIMESTAMP(%d) WITH TIME ZONE"
                           : type == TIMESTAMPOID ? "TIMESTAMP(%d)"
                           : type == TIMETZOID    ? "TIME(%d) WITH TIME ZONE"
                                                  : "TIME(%d)";
        if (args[0] < 0)
            adt_typmod_error(mcx_printf("%s precision must not be negative", what), args[0]);
        if (args[0] > 6) {
            ereport(WARNING,
                    err_code(SQLSTATE_WARNING),
                    err_msg("%s precision reduced to maximum allowed, 6",
                            mcx_printf(what, args[0])));
            return 6;
        }
        return args[0];
    }
    if ((nargs == 1 || nargs == 2) && type == INTERVALOID) {
        /* the grammar passes the field-range mask, then the precision if any */
        int32_t precision = nargs == 2 ? args[1] : 0xFFFF;
        if (nargs == 2 && precision < 0)
            adt_typmod_error("INTERVAL(%d) precision must not be negative", precision);
        if (nargs == 2 && precision > 6) {
            ereport(WARNING,
                    err_code(SQLSTATE_WARNING),
                    err_msg("INTERVAL(%d) precision reduced to maximum allowed, 6", precision));
            precision = 6;
        }
        return (args[0] << 16) | precision;
    }
    if (nargs > 0 &&
        (type == VARCHAROID || type == BPCHAROID || type == TIMESTAMPTZOID || type == NUMERICOID ||
         type == TIMESTAMPOID || type == TIMEOID || type == INTERVALOID || type == TIMETZOID))
        ereport(ERROR, err_code(SQLSTATE_SYNTAX_ERROR), err_msg("invalid type modifier"));
    ereport(ERROR,
            err_code(SQLSTATE_SYNTAX_ERROR),
            err_msg("type modifier is not allowed for type \"%s\"", name));
}

/* "interval", "interval(3)", "interval day to second(3)": PostgreSQL's field names. */
static char *
adt_format_interval(int32_t typmod)
{
    static const struct {
        int mask;
        const char *text;
    } ranges[] = {{1 << 2, " year"},
                  {1 << 1, " month"},
                  {1 << 3, " day"},
                  {1 << 10, " hour"},
                  {1 << 11, " minute"},
                  {1 << 12, " second"},
                  {(1 << 2) | (1 << 1), " year to month"},
                  {(1 << 3) | (1 << 10), " day to hour"},
                  {(1 << 3) | (1 << 10) | (1 << 11), " day to minute"},
                  {(1 << 3) | (1 << 10) | (1 << 11) | (1 << 12), " day to second"},
                  {(1 << 10) | (1 << 11), " hour to minute"},
                  {(1 << 10) | (1 << 11) | (1 << 12), " hour to second"},
                  {(1 << 11) | (1 << 12), " minute to second"}};
    if (typmod < 0)
        return mcx_strdup("interval");
    int range = (typmod >> 16) & 0x7FFF;
    int precision = typmod & 0xFFFF;
    const char *fields = "";
    for (size_t i = 0; i < OAK_LENGTHOF(ranges); i++)
        if (ranges[i].mask == range)
            fields = ranges[i].text;
    if (precision != 0xFFFF)
        return mcx_printf("interval%s(%d)", fields, precision);
    return mcx_printf("interval%s", fields);
}

char *
adt_format_type(Oid type, int32_t typmod)
{
    const TypeDesc *t = adt_type(type);
    if (t == NULL) {
        /* a type of the catalog (a table's row type), else PostgreSQL's "???" */
        char *name = adt_type_name_hook ? adt_type_name_hook(type) : NULL;
        return name ? name : mcx_strdup("???");
    }
    if (t->category == 'A' && t->elem != 0 && t->name[0] == '_')
        return mcx_printf("%s[]", adt_format_type(t->elem, typmod));
    switch (type) {
    case BOOLOID:
        return mcx_strdup("boolean");
    case CHAROID:
        return mcx_strdup("\"char\"");
    case INT2OID:
        return mcx_strdup("smallint");
    case INT4OID:
        return mcx_strdup("integer");
    case INT8OID:
        return mcx_strdup("bigint");
    case FLOAT4OID:
        return mcx_strdup("real");
    case FLOAT8OID:
        return mcx_strdup("double precision");
    case VARCHAROID:
        return typmod >= 4 ? mcx_printf("character varying(%d)", typmod - 4)
                           : mcx_strdup("character varying");
    case BPCHAROID:
        return typmod >= 4 ? mcx_printf("character(%d)", typmod - 4) : mcx_strdup("bpchar");
    case NUMERICOID:
        return typmod >= 4 ? mcx_printf("numeric(%d,%d)",
                                        ((typmod - 4) >> 16) & 0xffff,
                                        (int)(int16_t)((typmod - 4) & 0xffff))
                           : mcx_strdup("numeric");
    case TIMESTAMPTZOID:
        return typmod >= 0 ? mcx_printf("timestamp(%d) with time zone", typmod)
                           : mcx_strdup("timestamp with time zone");
    case TIMESTAMPOID:
        return typmod >= 0 ? mcx_printf("timestamp(%d) without time zone", typmod)
                           : mcx_strdup("timestamp without time zone");
    case TIMEOID:
        return typmod >= 0 ? mcx_printf("time(%d) without time zone", typmod)
                           : mcx_strdup("time without time zone");
    case INTERVALOID:
        return adt_format_interval(typmod);
    case TIMETZOID:
        return typmod >= 0 ? mcx_printf("time(%d) with time zone", typmod)
                           : mcx_strdup("time with time zone");
    default:
        return mcx_strdup(t->name);
    }
}

int16_t
adt_type_typlen(const TypeDesc *t)
{
    return t->oid == INTERVALOID || t->oid == UUIDOID ? 16 : t->oid == TIMETZOID ? 12 : t->len;
}

size_t
adt_datum_size(const TypeDesc *t, Datum value)
{
    if (t->byval)
        return (size_t)t->len;
    if (t->len == -2)
        return strlen(datum_ptr(value)) + 1;
    return ((const Varlena *)datum_ptr(value))->len;
}

Datum
adt_datum_copy(const TypeDesc *t, Datum value)
{
    if (t->byval)
        return value;
    size_t n = adt_datum_size(t, value);
    void *p = mcx_alloc(n);
    memcpy(p, datum_ptr(value), n);
    return ptr_datum(p);
}

/* FNV-1a over the key encoding: equal values have equal keys, so they hash alike. */
uint32_t
adt_datum_hash(const TypeDesc *t, Datum value)
{
    StrBuf sb;
    sb_init(&sb);
    t->key_encode(&sb, value);
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < sb.len; i++)
        h = (h ^ (uint8_t)sb.data[i]) * 16777619u;
    mcx_free(sb.data);
    return h;
}

/*
 * Marker byte 0x01 before a value; NULL is 0x00 (nulls first) or 0x02 (nulls last) with no
 * bytes after it. desc complements the value's bytes, not the marker, so NULL placement is
 * exactly what nulls_first says.
 */
void
adt_key_encode_column(
    StrBuf *out, const TypeDesc *t, Datum value, bool isnull, bool desc, bool nulls_first)
{
    if (isnull) {
        sb_append_char(out, nulls_first ? 0x00 : 0x02);
        return;
    }
    sb_append_char(out, 0x01);
    size_t start = out->len;
    t->key_encode(out, value);
    if (desc)
        for (size_t i = start; i < out->len; i++)
            out->data[i] = (char)~out->data[i];
}

/* Procs and operators: sorted by oid. */
const ProcDesc *
adt_proc(Oid oid)
{
    int lo = 0;
    int hi = adt_nprocs - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (adt_procs[mid].oid == oid)
            return &adt_procs[mid];
        if (adt_procs[mid].oid < oid)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

const ProcDesc *
adt_proc_next_by_name(const char *name, const ProcDesc *prev)
{
    for (int i = prev == NULL ? 0 : (int)(prev - adt_procs) + 1; i < adt_nprocs; i++)
        if (strcmp(adt_procs[i].name, name) == 0)
            return &adt_procs[i];
    return NULL;
}

const OperDesc *
adt_oper(Oid oid)
{
    int lo = 0;
    int hi = adt_nopers - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (adt_opers[mid].oid == oid)
            return &adt_opers[mid];
        if (adt_opers[mid].oid < oid)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

const OperDesc *
adt_oper_find(const char *name, Oid left, Oid right)
{
    for (int i = 0; i < adt_nopers; i++)
        if (adt_opers[i].left == left && adt_opers[i].right == right &&
            strcmp(adt_opers[i].name, name) == 0)
            return &adt_opers[i];
    return NULL;
}

const OperDesc *
adt_oper_next_by_name(const char *name, const OperDesc *prev)
{
    for (int i = prev == NULL ? 0 : (int)(prev - adt_opers) + 1; i < adt_nopers; i++)
        if (strcmp(adt_opers[i].name, name) == 0)
            return &adt_opers[i];
    return NULL;
}

const CastDesc *
adt_cast_find(Oid source, Oid target)
{
    for (int i = 0; i < adt_ncasts; i++)
        if (adt_casts[i].source == source && adt_casts[i].target == target)
            return &adt_casts[i];
    return NULL;
}

static int
adt_context_rank(char context)
{
    return context == ADT_CAST_IMPLICIT ? 0 : context == ADT_CAST_ASSIGNMENT ? 1 : 2;
}

static bool
adt_is_string_type(Oid type)
{
    const TypeDesc *t = adt_type(type);
    return t != NULL && t->category == 'S';
}

/*
 * Casts between array types go element by element (PostgreSQL's array coercion): allowed in
 * the context the element cast is. int2vector -> int2[] and oidvector -> oid[] are
 * binary-coercible (pg_cast).
 */
static bool
adt_can_cast_array(Oid source, Oid target, char context, bool *result)
{
    if (adt_type_is_vector(source) && target == adt_vector_array_type(source)) {
        *result = true;
        return true;
    }
    Oid se = adt_array_elem_of(source);
    Oid te = adt_array_elem_of(target);
    if (se == 0 || te == 0 || adt_type_is_vector(source) || adt_type_is_vector(target))
        return false;
    *result = adt_can_cast(se, te, context);
    return true;
}

bool
adt_can_cast(Oid source, Oid target, char context)
{
    if (source == target || source == UNKNOWNOID)
        return true;
    bool array_ok;
    if (adt_can_cast_array(source, target, context, &array_ok))
        return array_ok;
    const CastDesc *c = adt_cast_find(source, target);
    if (c != NULL)
        return adt_context_rank(c->context) <= adt_context_rank(context);
    if (adt_type(source) == NULL || adt_type(target) == NULL)
        return false;
    if (adt_is_string_type(target) && adt_context_rank(context) >= 1)
        return true;
    return adt_is_string_type(source) && adt_context_rank(context) == 2;
}

static Datum
adt_apply_typmod(const TypeDesc *t, Datum value, int32_t typmod, bool explicit_cast)
{
    if (typmod < 0)
        return value;
    if (t->apply_typmod != NULL)
        return t->apply_typmod(value, typmod, explicit_cast);
    /* the length-coercion functions: timestamptz(p), timestamp(p), time(p), interval(...) */
    Oid proc = t->oid == TIMESTAMPTZOID ? 1967
               : t->oid == TIMESTAMPOID ? 1961
               : t->oid == TIMEOID      ? 1968
               : t->oid == INTERVALOID  ? 1200
               : t->oid == TIMETZOID    ? 1969
                                        : 0;
    if (proc != 0) {
        FuncCallInfo fc = {.nargs = 2, .arg = {value, int32_datum(typmod)}};
        return adt_proc(proc)->fn(&fc);
    }
    return value;
}

Datum
adt_cast(Datum value, Oid source, Oid target, int32_t typmod, bool explicit_cast)
{
    const TypeDesc *st = adt_type(source);
    const TypeDesc *tt = adt_type(target);
    if (tt == NULL || st == NULL)
        goto no_cast;
    if (source == target)
        return adt_apply_typmod(tt, value, typmod, explicit_cast);
    if (adt_type_is_vector(source) && target == adt_vector_array_type(source))
        return value; /* the same stored form, lower bound 0 kept as in PostgreSQL */
    Oid te = adt_array_elem_of(target);
    if (adt_array_elem_of(source) != 0 && te != 0 && !adt_type_is_vector(target))
        return adt_array_cast(value, te, typmod, explicit_cast);
    const CastDesc *c = adt_cast_find(source, target);
    if (c != NULL && c->method == 'i')
        return adt_apply_typmod(tt, tt->in(st->out(value), -1), typmod, explicit_cast);
    if (c != NULL && c->func == 0)
        return adt_apply_typmod(tt, value, typmod, explicit_cast);
    if (c != NULL) {
        const ProcDesc *p = adt_proc(c->func);
        FuncCallInfo fc = {.nargs = p->nargs, .typmod = -1, .result_type = target};
        fc.arg[0] = value;
        fc.argtype[0] = source;
        if (p->nargs >= 2) { /* length coercion signature: (value, typmod, explicit) */
            fc.arg[1] = int32_datum(typmod);
            fc.arg[2] = bool_datum(explicit_cast);
        }
        Datum r = p->fn(&fc);
        return p->nargs >= 2 ? r : adt_apply_typmod(tt, r, typmod, explicit_cast);
    }
    if (st->out != NULL && tt->in != NULL &&
        (source == UNKNOWNOID || adt_is_string_type(source) || adt_is_string_type(target))) {
        Datum r = tt->in(st->out(value), explicit_cast ? -1 : typmod);
        return explicit_cast ? adt_apply_typmod(tt, r, typmod, true) : r;
    }
no_cast:
    ereport(ERROR,
            err_code(SQLSTATE_CANNOT_COERCE),
            err_msg("cannot cast type %s to %s",
                    adt_format_type(source, -1),
                    adt_format_type(target, typmod)));
}

const AggDesc *
adt_agg(Oid aggfnoid)
{
    for (int i = 0; i < adt_naggs; i++)
        if (adt_aggs[i].aggfnoid == aggfnoid)
            return &adt_aggs[i];
    return NULL;
}

const AggDesc *
adt_agg_find(const char *name, Oid argtype)
{
    for (int i = 0; i < adt_naggs; i++)
        if (adt_aggs[i].argtype == argtype && strcmp(adt_aggs[i].name, name) == 0)
            return &adt_aggs[i];
    return NULL;
}
