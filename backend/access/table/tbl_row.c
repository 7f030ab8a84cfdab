/*
 * tbl_row.c
 *     The stored form of a row version: RowHeader, then a null bitmap of ceil(natts/8) bytes,
 *     then each non-NULL column in order: by-value columns as their typlen bytes, varlena
 *     columns as the whole Varlena (4-byte length, then bytes). Nothing is aligned; decoding
 *     copies with memcpy, so rows can sit anywhere in a page.
 *
 * Invariant (README 1): a row's natts may be smaller than the relation's when columns were
 * added later; missing trailing columns read as NULL.
 */
#include "oak/oak.h"

#include "tbl_internal.h"
#include "oak/utils/adt.h"

static size_t
tbl_column_size(const AttDesc *att, Datum value)
{
    if (att->len > 0)
        return (size_t)att->len;
    return ((const Varlena *)datum_ptr(value))->len;
}

uint8_t *
tbl_row_encode(const RelDesc *rel, const Datum *values, const bool *nulls, const RowHeader *hdr,
               uint32_t *len_out)
{
    size_t bitmap = ((size_t)rel->natts + 7) / 8;
    size_t size = sizeof(RowHeader) + bitmap;

    for (int i = 0; i < rel->natts; i++)
        if (!nulls[i])
            size += tbl_column_size(&rel->atts[i], values[i]);
    if (size > BT_MAX_ITEM)
        ereport(ERROR,
                err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                err_msg("row is too big: size %zu, maximum size %d", size, (int)BT_MAX_ITEM));

    uint8_t *buf = mcx_alloc(size);
    RowHeader h = *hdr;
    h.natts = (uint16_t)rel->natts;
    memcpy(buf, &h, sizeof h);
    uint8_t *bits = buf + sizeof(RowHeader);
    memset(bits, 0, bitmap);
    uint8_t *p = bits + bitmap;
    for (int i = 0; i < rel->natts; i++) {
        const AttDesc *att = &rel->atts[i];
        if (nulls[i]) {
            bits[i / 8] |= (uint8_t)(1u << (i % 8));
            continue;
        }
        if (att->len > 0 && att->byval) {
            Datum v = values[i];
            /* Datums hold by-value types in their low bytes (little-endian host). */
            memcpy(p, &v, (size_t)att->len);
            p += att->len;
        } else {
            size_t n = tbl_column_size(att, values[i]);
            memcpy(p, datum_ptr(values[i]), n);
            p += n;
        }
    }
    Assert((size_t)(p - buf) == size);
    *len_out = (uint32_t)size;
    return buf;
}

void
tbl_row_header(const uint8_t *row, uint32_t len, RowHeader *hdr)
{
    if (len < sizeof(RowHeader))
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("row version too short: %u bytes", len));
    memcpy(hdr, row, sizeof *hdr);
}

void
tbl_row_decode(const RelDesc *rel, const uint8_t *row, uint32_t len, Datum *values, bool *nulls)
{
    RowHeader h;
    tbl_row_header(row, len, &h);
    size_t bitmap = ((size_t)h.natts + 7) / 8;
    const uint8_t *bits = row + sizeof(RowHeader);
    const uint8_t *p = bits + bitmap;
    const uint8_t *end = row + len;

    for (int i = 0; i < rel->natts; i++) {
        const AttDesc *att = &rel->atts[i];
        if (i >= h.natts || (bits[i / 8] & (1u << (i % 8)))) {
            nulls[i] = true;
            values[i] = 0;
            continue;
        }
        nulls[i] = false;
        if (att->len > 0 && att->byval) {
            if (p + att->len > end)
                goto corrupt;
            Datum v = 0;
            memcpy(&v, p, (size_t)att->len);
            /* Sign-extend so int2/int4 Datums match int32_datum()'s form. */
            if (att->len == 2)
                v = int32_datum((int16_t)v);
            else if (att->len == 4 && att->type != FLOAT4OID && att->type != OIDOID &&
                     att->type != REGPROCOID && att->type != REGCLASSOID)
                v = int32_datum((int32_t)v);
            values[i] = v;
            p += att->len;
        } else {
            uint32_t vlen;
            if (p + 4 > end)
                goto corrupt;
            memcpy(&vlen, p, 4);
            if (vlen < 4 || p + vlen > end)
                goto corrupt;
            Varlena *v = mcx_alloc(vlen);
            memcpy(v, p, vlen);
            values[i] = ptr_datum(v);
            p += vlen;
        }
    }
    return;
corrupt:
    ereport(ERROR,
            err_code(SQLSTATE_DATA_CORRUPTED),
            err_msg("corrupted row in relation \"%s\"", rel->name));
}
