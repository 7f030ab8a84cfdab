/*
 * uuid.c
 *     uuid: 16 bytes, stored as a Varlena (README, Differences: typlen). Input accepts
 *     PostgreSQL's spellings: 32 hex digits, optionally in braces, with a hyphen allowed after
 *     any group of four digits; output is the lower-case 8-4-4-4-12 form. Comparison and keys
 *     are the bytes (memcmp order, as PostgreSQL's). gen_random_uuid() is version 4.
 */
#include "oak/oak.h"

#include <ctype.h>
#include <sys/random.h>

#include "adt_fns.h"
#include "adt_priv.h"

enum { UUID_LEN = 16 };

static Datum
uuid_make(const uint8_t *bytes)
{
    Varlena *v = mcx_alloc(sizeof(Varlena) + UUID_LEN);
    v->len = (uint32_t)(sizeof(Varlena) + UUID_LEN);
    memcpy(v->data, bytes, UUID_LEN);
    return ptr_datum(v);
}

static const uint8_t *
uuid_bytes(Datum d)
{
    return (const uint8_t *)((const Varlena *)datum_ptr(d))->data;
}

static int
uuid_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

Datum
adt_uuid_in(const char *str, int32_t typmod)
{
    (void)typmod;
    uint8_t b[UUID_LEN];
    const char *p = str;
    bool braces = *p == '{';
    if (braces)
        p++;
    for (int i = 0; i < UUID_LEN; i++) {
        int hi = uuid_hex(p[0]);
        int lo = hi < 0 ? -1 : uuid_hex(p[1]);
        if (hi < 0 || lo < 0)
            goto bad;
        b[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
        /* a hyphen may follow any group of four digits except the last */
        if (*p == '-' && i % 2 == 1 && i < UUID_LEN - 1)
            p++;
    }
    if (braces && *p++ != '}')
        goto bad;
    if (*p != '\0')
        goto bad;
    return uuid_make(b);
bad:
    ereport(ERROR,
            err_code(SQLSTATE_INVALID_TEXT_REPRESENTATION),
            err_msg("invalid input syntax for type uuid: \"%s\"", str));
}

char *
adt_uuid_out(Datum value)
{
    const uint8_t *b = uuid_bytes(value);
    StrBuf sb;
    sb_init(&sb);
    for (int i = 0; i < UUID_LEN; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            sb_append_char(&sb, '-');
        sb_appendf(&sb, "%02x", b[i]);
    }
    return sb.data;
}

/* Fixed length: the bytes themselves are prefix-free and in memcmp order. */
void
adt_uuid_key(StrBuf *out, Datum value)
{
    sb_append_bytes(out, uuid_bytes(value), UUID_LEN);
}

int
adt_uuid_cmp(Datum a, Datum b)
{
    return memcmp(uuid_bytes(a), uuid_bytes(b), UUID_LEN);
}

#define UUID_CMP_FN(name, op)                                                                      \
    Datum adt_fn_uuid_##name(FuncCallInfo *fc)                                                     \
    {                                                                                              \
        return bool_datum(adt_uuid_cmp(fc->arg[0], fc->arg[1]) op 0);                              \
    }

UUID_CMP_FN(eq, ==)
UUID_CMP_FN(ne, !=)
UUID_CMP_FN(lt, <)
UUID_CMP_FN(le, <=)
UUID_CMP_FN(gt, >)
UUID_CMP_FN(ge, >=)

/* Binary: the 16 bytes. */
Datum
adt_uuid_from_bytes(const uint8_t *p)
{
    return uuid_make(p);
}

const uint8_t *
adt_uuid_get_bytes(Datum d)
{
    return uuid_bytes(d);
}

/* Random bytes from the kernel (getrandom). */
Datum
adt_fn_gen_random_uuid(FuncCallInfo *fc)
{
    (void)fc;
    uint8_t b[UUID_LEN];
    if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
        elog_internal("could not generate random values");
    b[6] = (uint8_t)((b[6] & 0x0F) | 0x40); /* version 4 */
    b[8] = (uint8_t)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    return uuid_make(b);
}
