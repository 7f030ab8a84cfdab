/*
 * pq_startup.c
 *     The first packet of a connection: SSLRequest (TLS handshake when ssl = on, else
 *     'N'), GSSENCRequest (answered 'N'), CancelRequest, and the StartupMessage with its
 *     parameters. Packets after a TLS handshake arrive through the TLS session.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   3. Nothing is sent before the client has shown it speaks the protocol (a well-formed
 *      length and code). Garbage is logged and the process exits 0: it is not a crash.
 *
 * Not here: what the parameters mean (tcop_startup.c), authentication (pq_hba.c).
 */
#include "oak/oak.h"

#include <arpa/inet.h>

#include "oak/libpq/pqcomm.h"

/* Read one length-prefixed startup packet into pkt; exits quietly on garbage or EOF. */
static void
pq_read_startup_packet(StrBuf *pkt)
{
    uint32_t netlen;

    if (pq_getbytes(&netlen, 4) != 0)
        oak_proc_exit(0); /* connected and left: a port scanner or a health check */
    int32_t len = (int32_t)ntohl(netlen);
    if (len < 8 || len > PQ_MAX_STARTUP_PACKET) {
        elog_log(LOG, "invalid length of startup packet");
        oak_proc_exit(0);
    }
    sb_reset(pkt);
    sb_reserve(pkt, (size_t)len - 4);
    if (pq_getbytes(pkt->data, (size_t)len - 4) != 0) {
        elog_log(LOG, "incomplete startup packet");
        oak_proc_exit(0);
    }
    pkt->len = (size_t)len - 4;
    pkt->data[pkt->len] = '\0';
}

/*
 * SSLRequest: 'S' and the TLS handshake when ssl = on, else 'N' and the client goes on in
 * clear. Bytes the client sent after the request and before our answer cannot be part of
 * a TLS handshake that has not started: PostgreSQL refuses them as a possible
 * man-in-the-middle injection, and so do we.
 */
static void
pq_answer_ssl_request(void)
{
    if (pq_has_unread_bytes())
        ereport(
            FATAL,
            err_code(SQLSTATE_PROTOCOL_VIOLATION),
            err_msg("received unencrypted data after SSL request"),
            err_detail(
                "This could be either a client-software bug or evidence of an attempted man-in-the-middle attack."));
    bool ssl = pq_ssl_enabled();
    pq_send_raw(ssl ? "S" : "N", 1);
    if (pq_flush() != 0)
        oak_proc_exit(0);
    if (ssl && pq_ssl_accept(pq_socket()) != 0)
        oak_proc_exit(0); /* logged; the client cannot read an error in clear now */
}

/* NegotiateProtocolVersion: we speak 3.0 and know no "_pq_." options. */
static void
pq_negotiate_version(const PqStartup *st)
{
    int nunknown = 0;

    for (int i = 0; i < st->nparams; i++)
        if (strncmp(st->names[i], "_pq_.", 5) == 0)
            nunknown++;
    if ((st->protocol & 0xFFFF) == 0 && nunknown == 0)
        return;
    pq_msg_begin('v');
    pq_msg_int32(PQ_PROTOCOL_3_0 & 0xFFFF);
    pq_msg_int32(nunknown);
    for (int i = 0; i < st->nparams; i++)
        if (strncmp(st->names[i], "_pq_.", 5) == 0)
            pq_msg_string(st->names[i]);
    pq_msg_end();
}

static void
pq_parse_startup_params(const StrBuf *pkt, size_t pos, PqStartup *out)
{
    int cap = 8;

    out->nparams = 0;
    out->names = mcx_alloc_in(mcx_top, sizeof(char *) * (size_t)cap);
    out->values = mcx_alloc_in(mcx_top, sizeof(char *) * (size_t)cap);
    for (;;) {
        if (pos >= pkt->len)
            ereport(FATAL,
                    err_code(SQLSTATE_PROTOCOL_VIOLATION),
                    err_msg("invalid startup packet layout: expected terminator as last byte"));
        if (pkt->data[pos] == '\0')
            break;
        const char *name = pq_parse_string(pkt, &pos);
        const char *value = name ? pq_parse_string(pkt, &pos) : NULL;
        if (value == NULL)
            ereport(FATAL,
                    err_code(SQLSTATE_PROTOCOL_VIOLATION),
                    err_msg("invalid startup packet layout: expected terminator as last byte"));
        if (out->nparams == cap) {
            cap *= 2;
            out->names = mcx_realloc(out->names, sizeof(char *) * (size_t)cap);
            out->values = mcx_realloc(out->values, sizeof(char *) * (size_t)cap);
        }
        out->names[out->nparams] = mcx_strdup(name);
        out->values[out->nparams] = mcx_strdup(value);
        out->nparams++;
    }
}

PqStartupKind
pq_read_startup(PqStartup *out, int32_t *cancel_pid, int32_t *cancel_key)
{
    MemCtx *old = mcx_switch(mcx_top);
    StrBuf pkt;
    bool ssl_done = false;
    bool gss_done = false;
    int32_t code;
    size_t pos;

    sb_init(&pkt);
    for (;;) {
        pq_read_startup_packet(&pkt);
        pos = 0;
        (void)pq_parse_int32(&pkt, &pos, &code); /* length >= 8 guarantees four bytes */
        if (code == PQ_SSL_REQUEST_CODE && !ssl_done) {
            ssl_done = true;
            pq_answer_ssl_request();
            continue;
        }
        if (code == PQ_GSSENC_REQUEST_CODE && !gss_done) {
            /*
             * No GSSAPI encryption: 'N' tells the client to go on without it. A second
             * request of either kind falls through to the protocol check and is refused as
             * an unsupported protocol, as PostgreSQL does.
             */
            gss_done = true;
            pq_send_raw("N", 1);
            if (pq_flush() != 0)
                oak_proc_exit(0);
            continue;
        }
        break;
    }
    if (code == PQ_CANCEL_REQUEST_CODE) {
        if (pq_parse_int32(&pkt, &pos, cancel_pid) != 0 ||
            pq_parse_int32(&pkt, &pos, cancel_key) != 0) {
            elog_log(LOG, "invalid length of cancel request packet");
            oak_proc_exit(0);
        }
        mcx_switch(old);
        return PQ_STARTUP_CANCEL;
    }
    if ((code >> 16) != 3)
        ereport(FATAL,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("unsupported frontend protocol %u.%u: server supports 3.0 to 3.0",
                        (unsigned)code >> 16,
                        (unsigned)code & 0xFFFF));
    out->protocol = code;
    pq_parse_startup_params(&pkt, pos, out);
    pq_negotiate_version(out);
    mcx_switch(old);
    return PQ_STARTUP_NORMAL;
}
