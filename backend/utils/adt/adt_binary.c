/*
 * adt_binary.c
 *     Binary wire formats (PostgreSQL's typsend / typreceive) of the built-in types, for
 *     parameters and results in binary format: integers and floats big-endian, bool and
 *     "char" one byte, text-like types and bytea as their bytes, timestamptz as int64
 *     microseconds since 2000-01-01 (OakDB's own representation), numeric as PostgreSQL's
 *     base-10000 digit array (ndigits, weight, sign, dscale, digits), date int32 days since
 *     2000-01-01, time int64 microseconds, interval int64 microseconds + int32 days + int32
 *     months, uuid its 16 bytes, json its text, jsonb a version byte (1) then its text.
 *
 * A malformed binary value is 22P03 "incorrect binary data format", as in PostgreSQL.
 */
#include "oak/oak.h"

#include <stdio.h>
#include <stdlib.h>

#include "adt_priv.h"
#include "datetime.h"
#include "oak/utils/adt.h"
#include "oak/utils/array.h"
#include "oak/utils/record.h"

enum { NUMERIC_POS = 0x0000, NUMERIC_NEG = 0x4000, NUMERIC_NAN = 0xC000 };

bool
adt_binary_supported(Oid type)
{
    switch (type) {
    case BOOLOID:
    case BYTEAOID:
    case CHAROID:
    case NAMEOID:
    case INT8OID:
    case INT2OID:
    case INT4OID:
    case TEXTOID:
    case OIDOID:
    case REGCLASSOID:
    case REGPROCOID:
    case REGPROCEDUREOID:
    case REGTYPEOID:
    case REGNAMESPACEOID:
    case REGROLEOID:
    case FLOAT4OID:
    case FLOAT8OID:
    case BPCHAROID:
    case VARCHAROID:
    case TIMESTAMPTZOID:
    case TIMESTAMPOID:
    case NUMERICOID:
    case XID8OID:
    case UNKNOWNOID:
    case VOIDOID:
    case DATEOID:
    case TIMEOID:
    case INTERVALOID:
    case UUIDOID:
    case JSONOID:
    case JSONBOID:
    case TIMETZOID:
    case RECORDOID: /* record_send: fields without a binary form raise 42883 (record.c) */
        return true;
    default: {
        /* Arrays (and int2vector) in array_send's format, when their elements have one. */
        Oid elem = adt_array_elem_of(type);
        return elem != 0 && adt_binary_supported(elem);
    }
    }
}

static void
put_be(StrBuf *out, uint64_t v, int n)
{
    uint8_t b[8];
    for (int i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
    sb_append_bytes(out, b, (size_t)n);
}

static uint64_t
get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

/* numeric text ("-12.3400", "NaN") to PostgreSQL's binary layout. */
static void
numeric_send(StrBuf *out, Datum v)
{
    char *s = adt_numeric_to_cstr(v);
    if (strcmp(s, "NaN") == 0 || strcmp(s, "Infinity") == 0 || strcmp(s, "-Infinity") == 0) {
        uint16_t sign = s[0] == 'N' ? NUMERIC_NAN : s[0] == '-' ? 0xF000 : 0xD000;
        put_be(out, 0, 2);
        put_be(out, 0, 2);
        put_be(out, sign, 2);
        put_be(out, 0, 2);
        return;
    }
    bool neg = s[0] == '-';
    if (neg)
        s++;
    char *dot = strchr(s, '.');
    size_t ilen = dot ? (size_t)(dot - s) : strlen(s);
    const char *frac = dot ? dot + 1 : "";
    size_t flen = strlen(frac);
    /* Integer digits padded on the left and fraction digits on the right to groups of 4. */
    size_t ipad = (4 - ilen % 4) % 4;
    size_t igroups = (ilen + ipad) / 4;
    size_t fgroups = (flen + 3) / 4;
    size_t total = igroups + fgroups;
    int16_t *digits = mcx_alloc(sizeof(int16_t) * (total + 1));
    for (size_t g = 0; g < total; g++) {
        int d = 0;
        for (size_t k = 0; k < 4; k++) {
            size_t pos = g * 4 + k; /* position in the padded digit string */
            char c = '0';
            if (pos >= ipad && pos < ipad + ilen)
                c = s[pos - ipad];
            else if (pos >= ipad + ilen && pos - ipad - ilen < flen)
                c = frac[pos - ipad - ilen];
            d = d * 10 + (c - '0');
        }
        digits[g] = (int16_t)d;
    }
    int weight = (int)igroups - 1;
    size_t first = 0;
    while (first < total && digits[first] == 0) {
        first++;
        weight--;
    }
    size_t last = total;
    while (last > first && digits[last - 1] == 0)
        last--;
    size_t nd = last - first;
    if (nd == 0)
        weight = 0;
    put_be(out, nd, 2);
    put_be(out, (uint16_t)(int16_t)weight, 2);
    put_be(out, nd == 0 ? NUMERIC_POS : neg ? NUMERIC_NEG : NUMERIC_POS, 2);
    put_be(out, flen, 2);
    for (size_t i = first; i < last; i++)
        put_be(out, (uint16_t)digits[i], 2);
}

static void __attribute__((noreturn)) binary_error(void)
{
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_BINARY_REPRESENTATION),
            err_msg("incorrect binary data format"));
}

/*
 * A fixed-width value must be exactly need bytes. PostgreSQL's receive functions read
 * past a short value's end ("insufficient data left in message", 08P01); bytes left over
 * after a value are its caller's 22P03.
 */
static void
binary_need(uint32_t len, uint32_t need)
{
    if (len < need)
        ereport(ERROR,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("insufficient data left in message"));
    if (len > need)
        binary_error();
}

static Datum
numeric_recv(const uint8_t *p, uint32_t len)
{
    if (len < 8)
        binary_error();
    int nd = (int16_t)get_be(p, 2);
    int weight = (int16_t)get_be(p + 2, 2);
    uint16_t sign = (uint16_t)get_be(p + 4, 2);
    int dscale = (int16_t)get_be(p + 6, 2);
    if (nd < 0 || dscale < 0 || len != 8 + 2 * (uint32_t)nd)
        binary_error();
    if (sign == NUMERIC_NAN)
        return adt_numeric_from_cstr("NaN");
    if (sign == 0xD000)
        return adt_numeric_from_cstr("Infinity");
    if (sign == 0xF000)
        return adt_numeric_from_cstr("-Infinity");
    if (sign != NUMERIC_POS && sign != NUMERIC_NEG)
        binary_error();
    StrBuf sb;
    sb_init(&sb);
    if (sign == NUMERIC_NEG)
        sb_append(&sb, "-");
    /* Integer part: groups of weight, weight-1, ..., 0 (missing ones are zero). */
    if (weight < 0) {
        sb_append(&sb, "0");
    } else {
        for (int w = weight; w >= 0; w--) {
            int idx = weight - w;
            int d = idx < nd ? (int16_t)get_be(p + 8 + 2 * idx, 2) : 0;
            if (d < 0 || d > 9999)
                binary_error();
            sb_append(&sb, mcx_printf(w == weight ? "%d" : "%04d", d));
        }
    }
    if (dscale > 0) {
        StrBuf fr;
        sb_init(&fr);
        for (int w = -1; (int)fr.len < dscale; w--) {
            int idx = weight - w;
            int d = idx >= 0 && idx < nd ? (int16_t)get_be(p + 8 + 2 * idx, 2) : 0;
            if (d < 0 || d > 9999)
                binary_error();
            sb_append(&fr, mcx_printf("%04d", d));
        }
        sb_append(&sb, ".");
        sb_append_bytes(&sb, fr.data, (size_t)dscale);
    }
    return adt_numeric_from_cstr(sb.data);
}

void
adt_send(Oid type, Datum v, StrBuf *out)
{
    if (adt_array_elem_of(type) != 0) {
        adt_array_send(v, out);
        return;
    }
    if (type == RECORDOID) {
        adt_record_send(v, out);
        return;
    }
    switch (type) {
    case BOOLOID:
        put_be(out, datum_bool(v) ? 1 : 0, 1);
        return;
    case CHAROID:
        put_be(out, (uint8_t)datum_char(v), 1);
        return;
    case INT2OID:
        put_be(out, (uint16_t)datum_int16(v), 2);
        return;
    case INT4OID:
    case DATEOID:
        put_be(out, (uint32_t)datum_int32(v), 4);
        return;
    case INTERVALOID: {
        Interval iv = dt_interval_get(v);
        put_be(out, (uint64_t)iv.time, 8);
        put_be(out, (uint32_t)iv.day, 4);
        put_be(out, (uint32_t)iv.month, 4);
        return;
    }
    case UUIDOID:
        sb_append_bytes(out, adt_uuid_get_bytes(v), 16);
        return;
    case TIMETZOID: { /* int64 microseconds, int32 zone (seconds west) */
        int64_t time;
        int32_t zone;
        adt_timetz_parts(v, &time, &zone);
        put_be(out, (uint64_t)time, 8);
        put_be(out, (uint32_t)zone, 4);
        return;
    }
    case JSONBOID: /* version 1, then the text */
        put_be(out, 1, 1);
        sb_append_bytes(out, adt_text_data(v), adt_text_len(v));
        return;
    case OIDOID:
    case REGCLASSOID:
    case REGPROCOID:
    case REGPROCEDUREOID:
    case REGTYPEOID:
    case REGNAMESPACEOID:
    case REGROLEOID:
        put_be(out, datum_oid(v), 4);
        return;
    case INT8OID:
    case TIMESTAMPTZOID:
    case TIMESTAMPOID:
    case TIMEOID:
    case XID8OID:
        put_be(out, (uint64_t)datum_int64(v), 8);
        return;
    case FLOAT4OID: {
        float f = datum_float4(v);
        uint32_t u;
        memcpy(&u, &f, 4);
        put_be(out, u, 4);
        return;
    }
    case FLOAT8OID: {
        double f = datum_float8(v);
        uint64_t u;
        memcpy(&u, &f, 8);
        put_be(out, u, 8);
        return;
    }
    case NUMERICOID:
        numeric_send(out, v);
        return;
    case VOIDOID:
        return;
    default: {
        /* text, varchar, bpchar, name, bytea, unknown: the bytes themselves */
        const Varlena *t = datum_ptr(v);
        sb_append_bytes(out, t->data, varlena_size(t));
        return;
    }
    }
}

Datum
adt_recv(Oid type, const uint8_t *p, uint32_t len, int32_t typmod)
{
    Oid elem = adt_array_elem_of(type);
    if (elem != 0) {
        Datum arr = adt_array_recv(elem, p, len, typmod);
        if (adt_type_is_vector(type) &&
            (adt_array_ndim(arr) > 1 ||
             (adt_array_ndim(arr) == 1 && adt_array_lbounds(arr)[0] != 0)))
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_PARAMETER_VALUE),
                    err_msg(type == INT2VECTOROID ? "invalid int2vector data"
                                                  : "invalid oidvector data"));
        return arr;
    }
    switch (type) {
    case BOOLOID:
        binary_need(len, 1);
        return bool_datum(p[0] != 0);
    case CHAROID:
        binary_need(len, 1);
        return char_datum((char)p[0]);
    case INT2OID:
        binary_need(len, 2);
        return int16_datum((int16_t)get_be(p, 2));
    case INT4OID:
    case DATEOID:
        binary_need(len, 4);
        return int32_datum((int32_t)get_be(p, 4));
    case TIMEOID: {
        binary_need(len, 8);
        int64_t t = (int64_t)get_be(p, 8);
        if (t < 0 || t > DT_USECS_PER_DAY)
            ereport(ERROR,
                    err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                    err_msg("time out of range"));
        FuncCallInfo fc = {.nargs = 2, .arg = {int64_datum(t), int32_datum(typmod)}};
        return adt_proc(1968)->fn(&fc);
    }
    case INTERVALOID: {
        binary_need(len, 16);
        Datum d = dt_interval_datum((int64_t)get_be(p, 8),
                                    (int32_t)get_be(p + 8, 4),
                                    (int32_t)get_be(p + 12, 4));
        if (typmod < 0)
            return d;
        FuncCallInfo fc = {.nargs = 2, .arg = {d, int32_datum(typmod)}};
        return adt_proc(1200)->fn(&fc);
    }
    case UUIDOID:
        binary_need(len, 16);
        return adt_uuid_from_bytes(p);
    case TIMETZOID: {
        binary_need(len, 12);
        int64_t t = (int64_t)get_be(p, 8);
        int32_t zone = (int32_t)get_be(p + 8, 4);
        if (t < 0 || t > DT_USECS_PER_DAY)
            ereport(ERROR,
                    err_code(SQLSTATE_DATETIME_VALUE_OUT_OF_RANGE),
                    err_msg("time out of range"));
        if (zone <= -15 * 3600 - 59 * 60 - 60 || zone >= 15 * 3600 + 59 * 60 + 60)
            ereport(ERROR,
                    err_code(SQLSTATE_INVALID_TIME_ZONE_DISPLACEMENT_VALUE),
                    err_msg("time zone displacement out of range"));
        Datum d = adt_timetz_from_parts(t, zone);
        if (typmod < 0)
            return d;
        FuncCallInfo fc = {.nargs = 2, .arg = {d, int32_datum(typmod)}};
        return adt_proc(1969)->fn(&fc);
    }
    case JSONBOID: {
        if (len < 1)
            binary_need(len, 1);
        if (p[0] != 1)
            ereport(ERROR,
                    err_code(SQLSTATE_INTERNAL_ERROR), /* PostgreSQL's elog */
                    err_msg("unsupported jsonb version number %d", p[0]));
        char *s = mcx_alloc(len);
        memcpy(s, p + 1, len - 1);
        s[len - 1] = '\0';
        if (strlen(s) != len - 1)
            ereport(ERROR,
                    err_code(SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE),
                    err_msg("invalid byte sequence for encoding \"UTF8\": 0x00"));
        return adt_jsonb_in(s, -1);
    }
    case OIDOID:
    case REGCLASSOID:
    case REGPROCOID:
    case REGPROCEDUREOID:
    case REGTYPEOID:
    case REGNAMESPACEOID:
    case REGROLEOID:
        binary_need(len, 4);
        return oid_datum((Oid)get_be(p, 4));
    case INT8OID:
    case TIMESTAMPTZOID:
    case TIMESTAMPOID:
    case XID8OID:
        binary_need(len, 8);
        return int64_datum((int64_t)get_be(p, 8));
    case FLOAT4OID: {
        binary_need(len, 4);
        uint32_t u = (uint32_t)get_be(p, 4);
        float f;
        memcpy(&f, &u, 4);
        return float4_datum(f);
    }
    case FLOAT8OID: {
        binary_need(len, 8);
        uint64_t u = get_be(p, 8);
        double f;
        memcpy(&f, &u, 8);
        return float8_datum(f);
    }
    case NUMERICOID: {
        Datum d = numeric_recv(p, len);
        const TypeDesc *t = adt_type(NUMERICOID);
        return typmod >= 0 && t->apply_typmod ? t->apply_typmod(d, typmod, false) : d;
    }
    default: {
        /* Text-like: the bytes, checked as the text input would check them. */
        if (type == BYTEAOID)
            return ptr_datum(text_from_bytes((const char *)p, len));
        char *s = mcx_alloc(len + 1);
        memcpy(s, p, len);
        s[len] = '\0';
        if (strlen(s) != len)
            ereport(ERROR,
                    err_code(SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE),
                    err_msg("invalid byte sequence for encoding \"UTF8\": 0x00"));
        const TypeDesc *t = adt_type(type);
        return t->in(s, typmod);
    }
    }
}
