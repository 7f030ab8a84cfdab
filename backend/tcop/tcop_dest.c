/*
 * tcop_dest.c
 *     dest.h for a protocol client: RowDescription, DataRow (text format), CommandComplete
 *     and EmptyQueryResponse, built into the connection's output buffer. Without a client
 *     (bootstrap mode) they do nothing.
 *
 * Rows are not flushed one by one: the output buffer goes out when it passes its threshold
 * (pq_comm.c) and at ReadyForQuery, so a large result streams in 8 kB writes.
 */
#include "oak/oak.h"

#include "oak/libpq/pqcomm.h"
#include "oak/tcop/dest.h"
#include "oak/utils/adt.h"
#include "tcop_internal.h"

static int dest_nformats;
static const int16_t *dest_formats;
static bool dest_send_rd = true;

void
dest_set_portal(int nformats, const int16_t *formats, bool send_row_description)
{
    dest_nformats = nformats;
    dest_formats = formats;
    dest_send_rd = send_row_description;
}

static bool dest_discard;

bool
dest_set_row_description(bool send)
{
    bool was = dest_send_rd;
    dest_send_rd = send;
    return was;
}

void
dest_set_discard(bool discard)
{
    dest_discard = discard;
}

void
dest_reset_portal(void)
{
    dest_discard = false;
    dest_nformats = 0;
    dest_formats = NULL;
    dest_send_rd = true;
}

int16_t
dest_column_format(int i)
{
    if (dest_nformats == 0)
        return 0;
    return dest_nformats == 1 ? dest_formats[0] : dest_formats[i];
}

void
dest_row_description(int ncols, const ResultColumn *cols)
{
    if (!tcop_has_client || !dest_send_rd)
        return;
    dest_send_row_description(ncols, cols);
}

void
dest_send_row_description(int ncols, const ResultColumn *cols)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('T');
    pq_msg_int16((int16_t)ncols);
    for (int i = 0; i < ncols; i++) {
        pq_msg_string(cols[i].name);
        pq_msg_int32((int32_t)cols[i].table_oid);
        pq_msg_int16(cols[i].attnum);
        pq_msg_int32((int32_t)cols[i].type_oid);
        pq_msg_int16(cols[i].typlen);
        pq_msg_int32(cols[i].typmod);
        pq_msg_int16(dest_column_format(i));
    }
    pq_msg_end();
}

void
dest_data_row(int ncols, const char *const *values, const uint32_t *lengths)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('D');
    pq_msg_int16((int16_t)ncols);
    for (int i = 0; i < ncols; i++) {
        if (values[i] == NULL) {
            pq_msg_int32(-1);
            continue;
        }
        pq_msg_int32((int32_t)lengths[i]);
        pq_msg_bytes(values[i], lengths[i]);
    }
    pq_msg_end();
}

void
dest_data_row_datums(int ncols, const Oid *types, const Datum *values, const bool *nulls)
{
    if (!tcop_has_client || dest_discard)
        return;
    pq_msg_begin('D');
    pq_msg_int16((int16_t)ncols);
    StrBuf sb;
    for (int i = 0; i < ncols; i++) {
        if (nulls[i]) {
            pq_msg_int32(-1);
            continue;
        }
        if (dest_column_format(i) == 1) {
            sb_init(&sb);
            adt_send(types[i], values[i], &sb);
            pq_msg_int32((int32_t)sb.len);
            pq_msg_bytes(sb.data, sb.len);
            continue;
        }
        char *s = adt_type(types[i])->out(values[i]);
        uint32_t len = (uint32_t)strlen(s);
        pq_msg_int32((int32_t)len);
        pq_msg_bytes(s, len);
    }
    pq_msg_end();
}

void
dest_command_complete(const char *tag)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('C');
    pq_msg_string(tag);
    pq_msg_end();
}

void
dest_no_data(void)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('n');
    pq_msg_end();
}

void
dest_parameter_description(int n, const Oid *types)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('t');
    pq_msg_int16((int16_t)n);
    for (int i = 0; i < n; i++)
        pq_msg_int32((int32_t)types[i]);
    pq_msg_end();
}

void
dest_portal_suspended(void)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('s');
    pq_msg_end();
}

void
dest_empty_query(void)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('I');
    pq_msg_end();
}
