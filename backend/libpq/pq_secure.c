/*
 * pq_secure.c
 *     TLS on the client socket with OpenSSL: the server context (certificate and key,
 *     loaded by the postmaster at start and inherited by backends through fork), the
 *     handshake after an SSLRequest answered 'S', and the reads and writes of pq_comm.c
 *     once a session is up.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   6. Once the handshake is done, every byte to and from the client goes through the TLS
 *      session: pq_comm.c calls pq_secure_read/pq_secure_write, never the socket.
 *   7. The server refuses to start with ssl = on unless the certificate and key load and
 *      match; a backend never finds a half-made context.
 *
 * Not here: when the handshake happens (pq_startup.c), hostssl matching (pq_hba.c).
 */
#include "oak/oak.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "oak/libpq/pqcomm.h"

/* Written by the postmaster before any fork (invariant 7). */
static SSL_CTX *pq_ssl_ctx;
/* This backend's TLS session, from a successful handshake on. */
static SSL *pq_ssl;

/* The text of OpenSSL's latest error, or a fallback. */
static const char *
pq_ssl_errstr(void)
{
    static char buf[256];
    unsigned long e = ERR_get_error();

    if (e == 0)
        return "no SSL error reported";
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

/* PostgreSQL's rule: the key must not be readable by group or world unless root owns it. */
static int
pq_ssl_check_key_file(const char *path, char *errbuf, size_t errlen)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        snprintf(errbuf,
                 errlen,
                 "could not access private key file \"%s\": %s",
                 path,
                 strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(errbuf, errlen, "private key file \"%s\" is not a regular file", path);
        return -1;
    }
    if ((st.st_uid == geteuid() && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) ||
        (st.st_uid == 0 && (st.st_mode & (S_IWGRP | S_IXGRP | S_IRWXO)) != 0)) {
        snprintf(errbuf, errlen, "private key file \"%s\" has group or world access", path);
        return -1;
    }
    return 0;
}

int
pq_ssl_init(const char *cert_file, const char *key_file, char *errbuf, size_t errlen)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (ctx == NULL) {
        snprintf(errbuf, errlen, "could not create SSL context: %s", pq_ssl_errstr());
        return -1;
    }
    /* PostgreSQL 15's defaults: ssl_min_protocol_version = TLSv1.2, no renegotiation. */
    (void)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION); /* a valid constant */
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
    /*
     * libpq hangs up without close_notify, for one when it leaves to prompt for a password;
     * OpenSSL 3 would call that an error. Read it as the plain end of file it is.
     */
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
        snprintf(errbuf,
                 errlen,
                 "could not load server certificate file \"%s\": %s",
                 cert_file,
                 pq_ssl_errstr());
        goto out_free;
    }
    if (pq_ssl_check_key_file(key_file, errbuf, errlen) != 0)
        goto out_free;
    if (SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM) != 1) {
        snprintf(errbuf,
                 errlen,
                 "could not load private key file \"%s\": %s",
                 key_file,
                 pq_ssl_errstr());
        goto out_free;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        snprintf(errbuf, errlen, "check of private key failed: %s", pq_ssl_errstr());
        goto out_free;
    }
    if (pq_ssl_ctx)
        SSL_CTX_free(pq_ssl_ctx);
    pq_ssl_ctx = ctx;
    return 0;
out_free:
    SSL_CTX_free(ctx);
    return -1;
}

bool
pq_ssl_enabled(void)
{
    return pq_ssl_ctx != NULL;
}

bool
pq_ssl_in_use(void)
{
    return pq_ssl != NULL;
}

bool
pq_secure_pending(void)
{
    return pq_ssl != NULL && SSL_pending(pq_ssl) > 0;
}

const char *
pq_ssl_version(void)
{
    return pq_ssl ? SSL_get_version(pq_ssl) : NULL;
}

/* At exit: tell the client the session ends (close_notify), so it sees a clean close. */
static void
pq_ssl_close(void)
{
    if (pq_ssl == NULL)
        return;
    if (!pq_is_broken())
        (void)SSL_shutdown(pq_ssl); /* best effort: the process is leaving either way */
    SSL_free(pq_ssl);
    pq_ssl = NULL;
}

int
pq_ssl_accept(int sock)
{
    SSL *ssl = SSL_new(pq_ssl_ctx);

    if (ssl == NULL || SSL_set_fd(ssl, sock) != 1) {
        elog_log(LOG, "could not initialize SSL connection: %s", pq_ssl_errstr());
        SSL_free(ssl);
        return -1;
    }
    for (;;) {
        ERR_clear_error();
        int r = SSL_accept(ssl);
        if (r == 1)
            break;
        int err = SSL_get_error(ssl, r);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            /* A signal interrupted the blocking socket: the timeout or SIGTERM may end us. */
            if (pq_interrupt_hook)
                pq_interrupt_hook(err == SSL_ERROR_WANT_WRITE);
            continue;
        }
        if (err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
            elog_log(LOG, "could not accept SSL connection: EOF detected");
        else
            elog_log(LOG, "could not accept SSL connection: %s", pq_ssl_errstr());
        SSL_free(ssl);
        return -1;
    }
    pq_ssl = ssl;
    err_on_exit(pq_ssl_close);
    return 0;
}

ssize_t
pq_secure_read(int sock, void *buf, size_t len)
{
    if (pq_ssl == NULL)
        return recv(sock, buf, len, 0);
    ERR_clear_error();
    int r = SSL_read(pq_ssl, buf, len > INT32_MAX ? INT32_MAX : (int)len);
    if (r > 0)
        return r;
    int err = SSL_get_error(pq_ssl, r);
    switch (err) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        errno = EINTR; /* a signal cut the blocking read: the caller retries */
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0; /* close_notify: the client ended the session */
    case SSL_ERROR_SYSCALL:
        if (ERR_peek_error() == 0 && errno == 0)
            return 0;
        if (ERR_peek_error() == 0)
            return -1; /* errno tells */
        break;
    default:
        break;
    }
    elog_log(LOG, "SSL error: %s", pq_ssl_errstr());
    errno = ECONNRESET;
    return -1;
}

ssize_t
pq_secure_write(int sock, const void *buf, size_t len)
{
    if (pq_ssl == NULL)
        return send(sock, buf, len, MSG_NOSIGNAL);
    ERR_clear_error();
    int r = SSL_write(pq_ssl, buf, len > INT32_MAX ? INT32_MAX : (int)len);
    if (r > 0)
        return r;
    int err = SSL_get_error(pq_ssl, r);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
        errno = EINTR;
        return -1;
    }
    if (!(err == SSL_ERROR_SYSCALL && ERR_peek_error() == 0))
        errno = ECONNRESET;
    return -1;
}
