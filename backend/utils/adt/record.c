/*
 * record.c
 *     Anonymous record values (type record, oid 2249): the registry of record shapes
 *     (field names and types, named by a typmod), building and reading values, text
 *     output as PostgreSQL's record_out writes it, record_send, field selection
 *     (expr).field, IS [NOT] NULL by fields, and ordering / keys as record_cmp orders.
 *
 * A value carries its field types and NULL flags (include/oak/utils/record.h has the
 * stored form), so reading and printing it needs no shape; the shape is what the
 * analyzer uses to resolve (expr).field to a field index and type.
 *
 * Not here: functions returning records (adt_infoschema.c), analysis of (expr).field
 * (parser/parse_record.c).
 */
#include "oak/oak.h"

#include <ctype.h>

#include "oak/utils/adt.h"
#include "oak/utils/record.h"

/* The registry: shapes[typmod], in mcx_top (written only by this backend process). */
static RecordShape *rec_shapes;
static int rec_nshapes;
static int rec_capshapes;

static bool
rec_shape_equal(
    const RecordShape *s, int n, const char *const *names, const Oid *types, const int32_t *typmods)
{
    if (s->nfields != n)
        return false;
    for (int i = 0; i < n; i++)
        if (s->types[i] != types[i] || s->typmods[i] != typmods[i] ||
            strcmp(s->names[i], names[i]) != 0)
            return false;
    return true;
}

int32_t
adt_record_shape_register(int n, const char *const *names, const Oid *types, const int32_t *typmods)
{
    for (int k = 0; k < rec_nshapes; k++)
        if (rec_shape_equal(&rec_shapes[k], n, names, types, typmods))
            return k;
    MemCtx *old = mcx_switch(mcx_top);
    if (rec_nshapes == rec_capshapes) {
        rec_capshapes = rec_capshapes ? rec_capshapes * 2 : 8;
        RecordShape *grown = mcx_alloc(sizeof(RecordShape) * (size_t)rec_capshapes);
        if (rec_nshapes > 0)
            memcpy(grown, rec_shapes, sizeof(RecordShape) * (size_t)rec_nshapes);
        rec_shapes = grown; /* the old array stays (a few bytes per doubling) */
    }
    RecordShape *s = &rec_shapes[rec_nshapes];
    s->nfields = n;
    s->names = mcx_alloc(sizeof(char *) * (size_t)(n + 1));
    s->types = mcx_alloc(sizeof(Oid) * (size_t)(n + 1));
    s->typmods = mcx_alloc(sizeof(int32_t) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        s->names[i] = mcx_strdup(names[i]);
        s->types[i] = types[i];
        s->typmods[i] = typmods[i];
    }
    mcx_switch(old);
    return rec_nshapes++;
}

const RecordShape *
adt_record_shape(int32_t typmod)
{
    if (typmod < 0 || typmod >= rec_nshapes)
        return NULL;
    return &rec_shapes[typmod];
}

int
adt_record_shape_field(const RecordShape *shape, const char *name)
{
    for (int i = 0; i < shape->nfields; i++)
        if (strcmp(shape->names[i], name) == 0)
            return i;
    return -1;
}

static size_t
rec_align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* Offset of the first field: after the header, the types and the NULL flags. */
static size_t
rec_fields_start(int n)
{
    return rec_align8(sizeof(uint32_t) + sizeof(int32_t) + sizeof(Oid) * (size_t)n + (size_t)n);
}

static size_t
rec_field_size(Oid type, Datum value)
{
    const TypeDesc *t = adt_type(type);
    if (t == NULL)
        elog_internal("record field of unknown type %u", type);
    return t->byval ? sizeof(Datum) : adt_datum_size(t, value);
}

Datum
adt_record_build(int n, const Oid *types, const Datum *values, const bool *nulls)
{
    size_t size = rec_fields_start(n);
    for (int i = 0; i < n; i++)
        if (!nulls[i])
            size = rec_align8(size + rec_field_size(types[i], values[i]));
    char *p = mcx_alloc0(size);
    uint32_t len = (uint32_t)size;
    int32_t nf = n;
    memcpy(p, &len, sizeof len);
    memcpy(p + sizeof len, &nf, sizeof nf);
    Oid *ty = (Oid *)(p + sizeof len + sizeof nf);
    uint8_t *nl = (uint8_t *)(ty + n);
    size_t off = rec_fields_start(n);
    for (int i = 0; i < n; i++) {
        ty[i] = types[i];
        nl[i] = nulls[i];
        if (nulls[i])
            continue;
        size_t fs = rec_field_size(types[i], values[i]);
        if (adt_type(types[i])->byval)
            memcpy(p + off, &values[i], sizeof(Datum));
        else
            memcpy(p + off, datum_ptr(values[i]), fs);
        off = rec_align8(off + fs);
    }
    return ptr_datum(p);
}

int
adt_record_nfields(Datum rec)
{
    int32_t n;
    memcpy(&n, (const char *)datum_ptr(rec) + sizeof(uint32_t), sizeof n);
    return n;
}

Datum
adt_record_field(Datum rec, int i, Oid *type, bool *isnull)
{
    const char *p = datum_ptr(rec);
    int n = adt_record_nfields(rec);
    if (i < 0 || i >= n)
        elog_internal("record field %d out of range (%d fields)", i, n);
    const Oid *ty = (const Oid *)(p + sizeof(uint32_t) + sizeof(int32_t));
    const uint8_t *nl = (const uint8_t *)(ty + n);
    size_t off = rec_fields_start(n);
    for (int k = 0; k < i; k++)
        if (!nl[k])
            off = rec_align8(off + rec_field_size(ty[k], ptr_datum(p + off)));
    *type = ty[i];
    *isnull = nl[i] != 0;
    if (*isnull)
        return 0;
    if (adt_type(ty[i])->byval) {
        Datum d;
        memcpy(&d, p + off, sizeof d);
        return d;
    }
    return ptr_datum(p + off);
}

Datum
adt_record_in(const char *str, int32_t typmod)
{
    (void)str;
    (void)typmod;
    ereport(ERROR,
            err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
            err_msg("input of anonymous composite types is not implemented"));
    return 0;
}

/* A field is quoted when empty or holding a quote, backslash, parenthesis, comma or space. */
static bool
rec_needs_quotes(const char *s)
{
    if (*s == '\0')
        return true;
    for (; *s; s++)
        if (*s == '"' || *s == '\\' || *s == '(' || *s == ')' || *s == ',' ||
            isspace((unsigned char)*s))
            return true;
    return false;
}

char *
adt_record_out(Datum value)
{
    StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "(");
    int n = adt_record_nfields(value);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            sb_append(&sb, ",");
        Oid type;
        bool isnull;
        Datum v = adt_record_field(value, i, &type, &isnull);
        if (isnull)
            continue; /* a NULL field is nothing at all */
        const char *s = adt_type(type)->out(v);
        if (!rec_needs_quotes(s)) {
            sb_append(&sb, s);
            continue;
        }
        sb_append(&sb, "\"");
        for (; *s; s++) {
            if (*s == '"' || *s == '\\')
                sb_append_bytes(&sb, s, 1); /* doubled */
            sb_append_bytes(&sb, s, 1);
        }
        sb_append(&sb, "\"");
    }
    sb_append(&sb, ")");
    return sb.data;
}

const ProcDesc adt_record_field_proc = {
    .oid = 0,
    .name = "fieldselect",
    .rettype = ANYELEMENTOID,
    .nargs = 2,
    .argtypes = {RECORDOID, INT4OID},
    .strict = true,
    .retset = false,
    .volatility = 'i',
    .fn = adt_fn_record_field,
    .src = "",
    .lang = 12,
    .parallel = 's',
};

Datum
adt_fn_record_field(FuncCallInfo *fc)
{
    int i = datum_int32(fc->arg[1]);
    Oid type;
    Datum v = adt_record_field(fc->arg[0], i, &type, &fc->isnull);
    if (fc->isnull)
        return 0;
    if (type != fc->result_type)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("attribute %d of type record has wrong type", i + 1),
                err_detail("Table has type %s, but query expects %s.",
                           adt_format_type(type, -1),
                           adt_format_type(fc->result_type, -1)));
    return adt_datum_copy(adt_type(type), v);
}

static void
rec_put_int32(StrBuf *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    sb_append_bytes(out, b, 4);
}

void
adt_record_send(Datum value, StrBuf *out)
{
    int n = adt_record_nfields(value);
    rec_put_int32(out, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        Oid type;
        bool isnull;
        Datum v = adt_record_field(value, i, &type, &isnull);
        if (!adt_binary_supported(type))
            ereport(ERROR,
                    err_code(SQLSTATE_UNDEFINED_FUNCTION),
                    err_msg("no binary output function available for type %s",
                            adt_format_type(type, -1)));
        rec_put_int32(out, type);
        if (isnull) {
            rec_put_int32(out, UINT32_MAX); /* -1 */
            continue;
        }
        size_t at = out->len;
        rec_put_int32(out, 0); /* patched below */
        adt_send(type, v, out);
        uint32_t len = (uint32_t)(out->len - at - 4);
        uint8_t b[4] = {(uint8_t)(len >> 24),
                        (uint8_t)(len >> 16),
                        (uint8_t)(len >> 8),
                        (uint8_t)len};
        memcpy(out->data + at, b, 4);
    }
}

bool
adt_record_nulltest(Datum rec, bool is_null)
{
    int n = adt_record_nfields(rec);
    for (int i = 0; i < n; i++) {
        Oid type;
        bool isnull;
        (void)adt_record_field(rec, i, &type, &isnull);
        if (isnull != is_null)
            return false;
    }
    return true;
}

static const TypeDesc *
rec_ordered_type(Oid type)
{
    const TypeDesc *t = adt_type(type);
    if (t->key_encode == NULL || t->compare == NULL)
        ereport(ERROR,
                err_code(SQLSTATE_UNDEFINED_FUNCTION),
                err_msg("could not identify a comparison function for type %s",
                        adt_format_type(type, -1)));
    return t;
}

/*
 * Records order field by field, each by its type's ordering, a NULL field after every
 * value and equal to another NULL (PostgreSQL's record_cmp); the key is the fields'
 * column keys then 0x00, so keys of records of one shape compare as the records do.
 */
void
adt_record_key(StrBuf *out, Datum value)
{
    int n = adt_record_nfields(value);
    for (int i = 0; i < n; i++) {
        Oid type;
        bool isnull;
        Datum v = adt_record_field(value, i, &type, &isnull);
        adt_key_encode_column(out, rec_ordered_type(type), v, isnull, false, false);
    }
    sb_append_char(out, 0x00);
}

int
adt_record_cmp(Datum a, Datum b)
{
    int na = adt_record_nfields(a);
    int nb = adt_record_nfields(b);
    if (na != nb)
        ereport(ERROR,
                err_code(SQLSTATE_DATATYPE_MISMATCH),
                err_msg("cannot compare record types with different numbers of columns"));
    for (int i = 0; i < na; i++) {
        Oid ta;
        Oid tb;
        bool nulla;
        bool nullb;
        Datum va = adt_record_field(a, i, &ta, &nulla);
        Datum vb = adt_record_field(b, i, &tb, &nullb);
        if (ta != tb)
            ereport(ERROR,
                    err_code(SQLSTATE_DATATYPE_MISMATCH),
                    err_msg("cannot compare dissimilar column types %s and %s at record column %d",
                            adt_format_type(ta, -1),
                            adt_format_type(tb, -1),
                            i + 1));
        if (nulla || nullb) {
            if (nulla != nullb)
                return nulla ? 1 : -1;
            continue;
        }
        int c = rec_ordered_type(ta)->compare(va, vb);
        if (c != 0)
            return c;
    }
    return 0;
}
