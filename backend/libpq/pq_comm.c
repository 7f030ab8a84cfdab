/*
 * pq_comm.c
 *     Buffered I/O on the client connection (plain socket or TLS) and message framing for
 *     protocol 3.0.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   1. Messages are built whole in the output buffer (pq_msg_begin .. pq_msg_end); bytes
 *      reach the socket only in pq_flush, or when a finished message leaves the buffer past
 *      PQ_FLUSH_THRESHOLD, so a client never sees half a message followed by another.
 *   2. A broken connection is never an ERROR here: ERROR would unwind a statement and try to
 *      report to the same dead socket. Writes are dropped and the next read returns EOF.
 *   6. All socket I/O goes through pq_secure_read/pq_secure_write (pq_secure.c), which
 *      use the TLS session once there is one.
 *
 * Not here: what the messages mean (tcop), the startup packet (pq_startup.c), oak_hba.conf
 * (pq_hba.c).
 */
#include "oak/oak.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oak/libpq/pqcomm.h"

enum {
    PQ_RECV_BUFSIZE = 8192,
    PQ_FLUSH_THRESHOLD = 8192,
};

void (*pq_interrupt_hook)(bool writing);

/* All of this is per backend process: one client socket each. */
static int pq_sock = -1;
static uint8_t pq_recv_buf[PQ_RECV_BUFSIZE];
static size_t pq_recv_pos;
static size_t pq_recv_len;
static StrBuf pq_out;       /* in mcx_top */
static size_t pq_msg_start; /* offset of the open message's length word */
static bool pq_in_message;  /* between pq_msg_begin and pq_msg_end */
static bool pq_broken;      /* a write failed: discard output from now on */

void
pq_init(int sock)
{
    pq_sock = sock;
    pq_recv_pos = pq_recv_len = 0;
    pq_broken = false;
    MemCtx *old = mcx_switch(mcx_top);
    sb_init(&pq_out);
    mcx_switch(old);
}

int
pq_socket(void)
{
    return pq_sock;
}

void
pq_abandon(void)
{
    pq_broken = true;
    pq_in_message = false;
    sb_reset(&pq_out);
}

bool
pq_has_buffered_input(void)
{
    return pq_recv_pos < pq_recv_len || pq_secure_pending();
}

bool
pq_has_unread_bytes(void)
{
    return pq_recv_pos < pq_recv_len;
}

bool
pq_is_broken(void)
{
    return pq_broken;
}

/* Refill the receive buffer; 0 on success, -1 on EOF or error. */
static int
pq_recv_fill(void)
{
    if (pq_broken)
        return -1;
    for (;;) {
        if (pq_interrupt_hook)
            pq_interrupt_hook(false);
        ssize_t n = pq_secure_read(pq_sock, pq_recv_buf, sizeof pq_recv_buf);
        if (n > 0) {
            pq_recv_pos = 0;
            pq_recv_len = (size_t)n;
            return 0;
        }
        if (n == 0)
            return -1;
        if (errno == EINTR) {
            if (pq_interrupt_hook)
                pq_interrupt_hook(false);
            continue;
        }
        elog_log(LOG, "could not receive data from client: %s", strerror(errno));
        return -1;
    }
}

int
pq_getbyte(void)
{
    if (pq_recv_pos >= pq_recv_len && pq_recv_fill() != 0)
        return -1;
    return pq_recv_buf[pq_recv_pos++];
}

int
pq_getbytes(void *buf, size_t n)
{
    uint8_t *dst = buf;

    while (n > 0) {
        if (pq_recv_pos >= pq_recv_len && pq_recv_fill() != 0)
            return -1;
        size_t take = pq_recv_len - pq_recv_pos;
        if (take > n)
            take = n;
        memcpy(dst, pq_recv_buf + pq_recv_pos, take);
        pq_recv_pos += take;
        dst += take;
        n -= take;
    }
    return 0;
}

int
pq_get_message_body(StrBuf *body, size_t maxlen)
{
    uint32_t netlen;

    if (pq_getbytes(&netlen, 4) != 0)
        return -1;
    int32_t len = (int32_t)ntohl(netlen);
    if (len < 4 || (size_t)len - 4 > maxlen)
        ereport(FATAL, err_code(SQLSTATE_PROTOCOL_VIOLATION), err_msg("invalid message length"));
    size_t n = (size_t)len - 4;
    sb_reset(body);
    sb_reserve(body, n);
    if (pq_getbytes(body->data, n) != 0)
        return -1;
    body->len = n;
    body->data[n] = '\0';
    return 0;
}

int
pq_parse_int32(const StrBuf *msg, size_t *pos, int32_t *out)
{
    uint32_t v;

    if (msg->len - *pos < 4)
        return -1;
    memcpy(&v, msg->data + *pos, 4);
    *pos += 4;
    *out = (int32_t)ntohl(v);
    return 0;
}

const char *
pq_parse_string(const StrBuf *msg, size_t *pos)
{
    const char *s = msg->data + *pos;
    const char *nul = memchr(s, '\0', msg->len - *pos);

    if (nul == NULL)
        return NULL;
    *pos += (size_t)(nul - s) + 1;
    return s;
}

/*
 * An ERROR raised while a message was being built (out of memory in a DataRow) leaves it
 * open; the error report that follows must not be appended to half a message.
 */
static void
pq_drop_partial(void)
{
    if (pq_in_message) {
        pq_out.len = pq_msg_start - 1; /* back to before the type byte */
        pq_in_message = false;
    }
}

int
pq_flush(void)
{
    size_t done = 0;

    pq_drop_partial();
    while (!pq_broken && done < pq_out.len) {
        ssize_t n = pq_secure_write(pq_sock, pq_out.data + done, pq_out.len - done);
        if (n >= 0) {
            done += (size_t)n;
            continue;
        }
        if (errno == EINTR) {
            if (pq_interrupt_hook)
                pq_interrupt_hook(true);
            continue;
        }
        /* Invariant 2: log only; the client is gone and the next read sees EOF. */
        elog_log(LOG, "could not send data to client: %s", strerror(errno));
        pq_broken = true;
    }
    sb_reset(&pq_out);
    return pq_broken ? -1 : 0;
}

void
pq_send_raw(const void *p, size_t n)
{
    pq_drop_partial();
    sb_append_bytes(&pq_out, p, n);
}

void
pq_msg_begin(char type)
{
    static const uint8_t no_len[4] = {0, 0, 0, 0};

    pq_drop_partial();
    pq_in_message = true;
    sb_append_char(&pq_out, type);
    pq_msg_start = pq_out.len;
    sb_append_bytes(&pq_out, no_len, 4);
}

void
pq_msg_int8(uint8_t v)
{
    sb_append_bytes(&pq_out, &v, 1);
}

void
pq_msg_int16(int16_t v)
{
    uint16_t n = htons((uint16_t)v);
    sb_append_bytes(&pq_out, &n, 2);
}

void
pq_msg_int32(int32_t v)
{
    uint32_t n = htonl((uint32_t)v);
    sb_append_bytes(&pq_out, &n, 4);
}

void
pq_msg_bytes(const void *p, size_t n)
{
    sb_append_bytes(&pq_out, p, n);
}

void
pq_msg_string(const char *s)
{
    sb_append_bytes(&pq_out, s, strlen(s) + 1);
}

void
pq_msg_end(void)
{
    Assert(pq_in_message);
    uint32_t len = htonl((uint32_t)(pq_out.len - pq_msg_start));
    memcpy(pq_out.data + pq_msg_start, &len, 4);
    pq_in_message = false;
    if (pq_out.len >= PQ_FLUSH_THRESHOLD) /* invariant 1: only whole messages go out early */
        (void)pq_flush();                 /* a failure marks the port broken; reads see EOF */
}
