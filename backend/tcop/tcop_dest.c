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
#include "tcop_internal.h"

void
dest_row_description(int ncols, const ResultColumn *cols)
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
        pq_msg_int16(0); /* text format */
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
dest_command_complete(const char *tag)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('C');
    pq_msg_string(tag);
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
