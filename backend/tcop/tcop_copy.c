/*
 * tcop_copy.c
 *     The COPY sub-protocol for COPY ... FROM STDIN and TO STDOUT: CopyInResponse and the
 *     CopyData / CopyDone / CopyFail messages the client sends, CopyOutResponse, CopyData
 *     and CopyDone the server sends.
 *
 * After an ERROR during COPY FROM STDIN the client goes on sending CopyData; the message
 * loop ignores CopyData, CopyDone and CopyFail outside COPY, as the protocol says.
 */
#include "oak/oak.h"

#include "oak/libpq/pqcomm.h"
#include "oak/tcop/dest.h"
#include "oak/tcop/tcop.h"
#include "tcop_internal.h"

static void
copy_response(char kind, int ncols, bool binary)
{
    pq_msg_begin(kind);
    pq_msg_int8(binary ? 1 : 0);
    pq_msg_int16((int16_t)ncols);
    for (int i = 0; i < ncols; i++)
        pq_msg_int16(binary ? 1 : 0);
    pq_msg_end();
}

void
copy_in_begin(int ncols, bool binary)
{
    if (!tcop_has_client)
        return;
    copy_response('G', ncols, binary);
    (void)pq_flush(); /* the client waits for it before sending data */
}

bool
copy_in_read(StrBuf *buf)
{
    if (!tcop_has_client)
        return false;
    for (;;) {
        tcop_check_interrupts();
        int type = pq_getbyte();
        if (type < 0)
            tcop_client_gone(false);
        sb_reset(buf); /* the body lands in the caller's buffer: no copy, no growth */
        if (pq_get_message_body(buf, PQ_MAX_MESSAGE_LEN) != 0)
            tcop_client_gone(true);
        switch (type) {
        case 'd':
            return true;
        case 'c':
            return false;
        case 'f': {
            size_t pos = 0;
            const char *why = pq_parse_string(buf, &pos);
            ereport(ERROR,
                    err_code(SQLSTATE_QUERY_CANCELED),
                    err_msg("COPY from stdin failed: %s", why ? why : ""));
        }
        case 'H':
        case 'S':
            continue;
        default:
            ereport(ERROR,
                    err_code(SQLSTATE_PROTOCOL_VIOLATION),
                    err_msg("unexpected message type 0x%02X during COPY from stdin", type));
        }
    }
}

void
copy_out_begin(int ncols, bool binary)
{
    if (!tcop_has_client)
        return;
    copy_response('H', ncols, binary);
}

void
copy_out_data(const char *data, size_t len)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('d');
    pq_msg_bytes(data, len);
    pq_msg_end();
}

void
copy_out_end(void)
{
    if (!tcop_has_client)
        return;
    pq_msg_begin('c');
    pq_msg_end();
}
