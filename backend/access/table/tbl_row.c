/*
 * tbl_row.c
 *     The stored form of a row version: RowHeader, then a null bitmap of ceil(natts/8) bytes,
 *     then each non-NULL column in order: by-value columns as their typlen bytes, varlena
 *     columns as the whole Varlena (4-byte length, then bytes) or, when stored out of line,
 *     as a TblExternal pointer to an overflow chain. Nothing is aligned; decoding copies with
 *     memcpy, so rows can sit anywhere in a page.
 *
 * Invariants kept here (numbers as in this folder's README.md):
 *   1. A row's natts may be smaller than the relation's when columns were added later;
 *      missing trailing columns read as NULL.
 *   8. A row whose item (key + row) would exceed BT_MAX_ITEM has its largest varlena values
 *      moved out of line, largest first, until it fits. Their chains are written (and in the
 *      WAL) before the row, each belongs to exactly one version (an UPDATE writes new
 *      chains), and ROW_HAS_EXTERNAL marks the version so vacuum frees them with it.
 *
 * Not here: the overflow pages themselves (backend/access/btree/bt_overflow.c).
 */
#include "oak/oak.h"

#include "tbl_internal.h"
#include "oak/access/page.h"
#include "oak/utils/adt.h"

/*
 * An out-of-line value as stored in the row in place of its Varlena. The tag's high bit
 * tells it from a Varlena length (those stay below 1 GiB); the chain holds the Varlena
 * whole, header included, and the CRC catches a chain that is not the one written.
 */
typedef struct TblExternal {
    uint32_t tag;  /* TBL_EXTERNAL_TAG */
    uint32_t len;  /* the Varlena's length, header included */
    BlockNo first; /* first overflow page */
    uint32_t crc;  /* CRC32C of the Varlena's len bytes */
} TblExternal;

enum { TBL_EXTERNAL_TAG = 0x80000000u | (uint32_t)sizeof(TblExternal) };

static size_t
tbl_column_size(const AttDesc *att, Datum value)
{
    if (att->len > 0)
        return (size_t)att->len;
    return ((const Varlena *)datum_ptr(value))->len;
}

/*
 * Choose the columns to store out of line (ext[i] set) so that the row takes at most
 * limit bytes; returns the row's size. 54000 if even that is not enough, or for a value
 * over 1 GiB.
 */
static size_t
tbl_row_plan(const RelDesc *rel, const Datum *values, const bool *nulls, size_t limit, bool *ext)
{
    size_t size = sizeof(RowHeader) + ((size_t)rel->natts + 7) / 8;

    for (int i = 0; i < rel->natts; i++) {
        ext[i] = false;
        if (nulls[i])
            continue;
        size_t n = tbl_column_size(&rel->atts[i], values[i]);
        if (rel->atts[i].len <= 0 && n > BT_OVERFLOW_MAX)
            ereport(ERROR,
                    err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                    err_msg("invalid memory alloc request size %zu", n));
        size += n;
    }
    while (size > limit) { /* invariant 8: largest first */
        int best = -1;
        size_t best_len = sizeof(TblExternal);
        for (int i = 0; i < rel->natts; i++) {
            if (nulls[i] || ext[i] || rel->atts[i].len > 0)
                continue;
            size_t n = tbl_column_size(&rel->atts[i], values[i]);
            if (n > best_len) {
                best = i;
                best_len = n;
            }
        }
        if (best < 0)
            ereport(ERROR,
                    err_code(SQLSTATE_PROGRAM_LIMIT_EXCEEDED),
                    err_msg("row is too big: size %zu, maximum size %d",
                            size + (BT_MAX_ITEM - limit), /* the item, key included */
                            (int)BT_MAX_ITEM));
        ext[best] = true;
        size -= best_len - sizeof(TblExternal);
    }
    return size;
}

/* Write value (a Varlena) to a new overflow chain of rel; the pointer the row keeps. */
static TblExternal
tbl_external_store(const RelDesc *rel, Xid xid, const Varlena *value)
{
    TblExternal e = {.tag = TBL_EXTERNAL_TAG, .len = value->len};

    e.crc = crc32c(value, value->len);
    e.first = bt_overflow_write(rel->file, xid, value, value->len);
    return e;
}

uint8_t *
tbl_row_encode(const RelDesc *rel,
               const Datum *values,
               const bool *nulls,
               const RowHeader *hdr,
               uint32_t klen,
               uint32_t *len_out)
{
    size_t bitmap = ((size_t)rel->natts + 7) / 8;
    bool *ext = mcx_alloc(sizeof(bool) * (size_t)(rel->natts + 1));
    /*
     * A key over BT_MAX_KEY moves nothing out of line: bt_insert refuses it with its own
     * error, and no chain is written for a row that is never stored.
     */
    size_t limit = klen > BT_MAX_KEY ? SIZE_MAX : (size_t)(BT_MAX_ITEM - klen);
    size_t size = tbl_row_plan(rel, values, nulls, limit, ext);

    uint8_t *buf = mcx_alloc(size);
    RowHeader h = *hdr;
    h.natts = (uint16_t)rel->natts;
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
        } else if (ext[i]) {
            TblExternal e = tbl_external_store(rel, hdr->xmin, datum_ptr(values[i]));
            memcpy(p, &e, sizeof e);
            p += sizeof e;
            h.flags |= ROW_HAS_EXTERNAL;
        } else {
            size_t n = tbl_column_size(att, values[i]);
            memcpy(p, datum_ptr(values[i]), n);
            p += n;
        }
    }
    memcpy(buf, &h, sizeof h);
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

/* Walks the stored columns of one row version. */
typedef struct TblRowIter {
    const RelDesc *rel;
    RowHeader h;
    const uint8_t *bits;
    const uint8_t *p;
    const uint8_t *end;
    int i; /* next column */
} TblRowIter;

static void
tbl_row_iter_init(TblRowIter *it, const RelDesc *rel, const uint8_t *row, uint32_t len)
{
    tbl_row_header(row, len, &it->h);
    it->rel = rel;
    it->bits = row + sizeof(RowHeader);
    it->p = it->bits + ((size_t)it->h.natts + 7) / 8;
    it->end = row + len;
    it->i = 0;
    if (it->p > it->end)
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("corrupted row in relation \"%s\"", rel->name));
}

/*
 * The next column's stored bytes (*at NULL for a NULL column) and their length; false after
 * the relation's last column. XX001 if the row ends too soon.
 */
static bool
tbl_row_iter_next(TblRowIter *it, const uint8_t **at, uint32_t *size)
{
    if (it->i >= it->rel->natts)
        return false;
    const AttDesc *att = &it->rel->atts[it->i];
    int i = it->i++;
    *at = NULL;
    *size = 0;
    if (i >= it->h.natts || (it->bits[i / 8] & (1u << (i % 8))))
        return true;
    if (att->len > 0 && att->byval) {
        *size = (uint32_t)att->len;
    } else {
        if (it->p + 4 > it->end)
            goto corrupt;
        memcpy(size, it->p, 4);
        if (*size == TBL_EXTERNAL_TAG)
            *size = sizeof(TblExternal);
        else if (*size < 4 || *size > BT_OVERFLOW_MAX)
            goto corrupt;
    }
    if (*size > (size_t)(it->end - it->p))
        goto corrupt;
    *at = it->p;
    it->p += *size;
    return true;
corrupt:
    ereport(ERROR,
            err_code(SQLSTATE_DATA_CORRUPTED),
            err_msg("corrupted row in relation \"%s\"", it->rel->name));
}

/* Whether a varlena column's stored bytes at are a TblExternal (a Varlena's length is not). */
static bool
tbl_is_external(const uint8_t *at)
{
    uint32_t tag;
    memcpy(&tag, at, sizeof tag);
    return tag == TBL_EXTERNAL_TAG;
}

/* Read an out-of-line value back into the current context; XX001 if it is not intact. */
static Varlena *
tbl_external_fetch(const RelDesc *rel, const uint8_t *at)
{
    TblExternal e;

    memcpy(&e, at, sizeof e);
    if (e.len < 4 || e.len > BT_OVERFLOW_MAX)
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("corrupted row in relation \"%s\"", rel->name));
    Varlena *v = mcx_alloc(e.len);
    bt_overflow_read(rel->file, e.first, v, e.len);
    if (v->len != e.len || crc32c(v, e.len) != e.crc)
        ereport(ERROR,
                err_code(SQLSTATE_DATA_CORRUPTED),
                err_msg("out-of-line value in relation \"%s\" does not match its row", rel->name),
                err_detail("The chain starts at block %u.", e.first));
    return v;
}

void
tbl_row_decode(const RelDesc *rel, const uint8_t *row, uint32_t len, Datum *values, bool *nulls)
{
    TblRowIter it;
    const uint8_t *at;
    uint32_t size;

    tbl_row_iter_init(&it, rel, row, len);
    for (int i = 0; tbl_row_iter_next(&it, &at, &size); i++) {
        const AttDesc *att = &rel->atts[i];
        nulls[i] = at == NULL;
        values[i] = 0;
        if (at == NULL)
            continue;
        if (att->len > 0 && att->byval) {
            Datum v = 0;
            memcpy(&v, at, (size_t)att->len);
            /* Sign-extend so int2/int4 Datums match int32_datum()'s form. */
            if (att->len == 2)
                v = int32_datum((int16_t)v);
            else if (att->len == 4 && att->type != FLOAT4OID && !adt_is_oid_alias(att->type))
                v = int32_datum((int32_t)v);
            values[i] = v;
        } else if (tbl_is_external(at)) {
            values[i] = ptr_datum(tbl_external_fetch(rel, at));
        } else {
            Varlena *v = mcx_alloc(size);
            memcpy(v, at, size);
            values[i] = ptr_datum(v);
        }
    }
}

void
tbl_row_free_external(const RelDesc *rel, const uint8_t *row, uint32_t len)
{
    TblRowIter it;
    const uint8_t *at;
    uint32_t size;

    tbl_row_iter_init(&it, rel, row, len);
    if (!(it.h.flags & ROW_HAS_EXTERNAL))
        return;
    for (int i = 0; tbl_row_iter_next(&it, &at, &size); i++) {
        TblExternal e;
        if (at == NULL || (rel->atts[i].len > 0 && rel->atts[i].byval) || !tbl_is_external(at))
            continue;
        memcpy(&e, at, sizeof e);
        bt_overflow_free(rel->file, INVALID_XID, e.first, e.len);
    }
}
