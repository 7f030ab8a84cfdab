/*
 * pqcomm.h
 *     The frontend/backend protocol's byte level: one client socket per backend, a read
 *     buffer and an output buffer, message framing (type byte, int32 length), network byte
 *     order, the startup packet, and client authentication against oak_hba.conf.
 *
 * Only backends use the socket calls; the postmaster uses hba_load() to check the file at
 * start and on SIGHUP, and the parsed lines reach backends through fork.
 */
#ifndef OAK_LIBPQ_PQCOMM_H
#define OAK_LIBPQ_PQCOMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "oak/utils/memutils.h"

/* Protocol 3.0 and the special request codes of the first packet. */
#define PQ_PROTOCOL_3_0 0x00030000
#define PQ_CANCEL_REQUEST_CODE 80877102
#define PQ_SSL_REQUEST_CODE 80877103
#define PQ_GSSENC_REQUEST_CODE 80877104
#define PQ_MAX_STARTUP_PACKET 10000
#define PQ_MAX_MESSAGE_LEN ((size_t)1 << 30) /* 1 GiB, as PostgreSQL's large-message limit */

/* The client connection, as the postmaster accepted it. */
typedef struct PqPort {
    int sock;
    bool is_unix;
    struct sockaddr_storage addr; /* peer address (TCP only) */
    socklen_t addrlen;
    char remote_host[64]; /* numeric address, or "[local]" */
} PqPort;

/*
 * Called before each blocking read and on EINTR inside socket I/O (writing tells which);
 * tcop uses it to honour SIGTERM and the authentication timeout.
 */
extern void (*pq_interrupt_hook)(bool writing);

void pq_init(int sock);
int pq_socket(void);
/* Give up on the client: drop pending output, treat the port as broken from now on. */
void pq_abandon(void);
/* Bytes already read from the connection (socket or TLS session) and not yet consumed. */
bool pq_has_buffered_input(void);
/* Plain bytes read past the current packet, before any TLS (SSLRequest's man-in-the-middle check). */
bool pq_has_unread_bytes(void);
/* Next byte, or -1 at end of file or on a read error (logged at LOG level). */
int pq_getbyte(void);
/* Exactly n bytes into buf: 0, or -1 at end of file or on a read error. */
int pq_getbytes(void *buf, size_t n);
/*
 * Read a message body after its type byte: the int32 length (FATAL 08P01 "invalid message
 * length" if below 4 or above maxlen) and the body into body. Returns 0, or -1 on EOF.
 */
int pq_get_message_body(StrBuf *body, size_t maxlen);

/* Build one message in the output buffer: begin, add fields, end (patches the length). */
void pq_msg_begin(char type);
void pq_msg_int8(uint8_t v);
void pq_msg_int16(int16_t v);
void pq_msg_int32(int32_t v);
void pq_msg_bytes(const void *p, size_t n);
void pq_msg_string(const char *s); /* with its terminating NUL */
void pq_msg_end(void);
/* Raw bytes without framing (the one-byte answer to SSLRequest). */
void pq_send_raw(const void *p, size_t n);
/*
 * Write out the output buffer. Returns 0, or -1 once the connection is broken (the rest
 * of the session's output is then discarded; the next read sees EOF).
 */
int pq_flush(void);
bool pq_is_broken(void);

/* Reading the fields of a message body held in a StrBuf; *pos advances. */
int pq_parse_int32(const StrBuf *msg, size_t *pos, int32_t *out);
const char *pq_parse_string(const StrBuf *msg, size_t *pos); /* NULL if unterminated */

/*
 * TLS (pq_secure.c). pq_ssl_init loads the certificate and key into the server context
 * (postmaster, at start; 0, or -1 with a message in errbuf); backends inherit it. After an
 * SSLRequest answered 'S', pq_ssl_accept runs the handshake (0, or -1 logged: the client
 * is gone). pq_secure_read/write behave like recv/send (-1 with EINTR means retry).
 */
int pq_ssl_init(const char *cert_file, const char *key_file, char *errbuf, size_t errlen);
bool pq_ssl_enabled(void);
int pq_ssl_accept(int sock);
bool pq_ssl_in_use(void);
const char *pq_ssl_version(void); /* "TLSv1.3"; NULL without TLS */
bool pq_secure_pending(void);     /* decrypted bytes waiting inside the TLS session */
ssize_t pq_secure_read(int sock, void *buf, size_t len);
ssize_t pq_secure_write(int sock, const void *buf, size_t len);

/* A StartupMessage's parameters (name/value pairs in client order). */
typedef struct PqStartup {
    int32_t protocol;
    int nparams;
    const char **names;
    const char **values;
} PqStartup;

/* What the first packet asked for. */
typedef enum PqStartupKind { PQ_STARTUP_NORMAL, PQ_STARTUP_CANCEL } PqStartupKind;

/*
 * Read the first packet(s): answer SSLRequest and GSSENCRequest with 'N' and read on, then
 * return either a StartupMessage (parameters in *out, protocol checked: FATAL 0A000 if not
 * 3.0) or a CancelRequest (pid and key in *cancel_pid, *cancel_key). A malformed or cut
 * packet is logged and ends the process with exit code 0, sending nothing: the client did
 * not speak the protocol, so there is nobody to tell.
 */
PqStartupKind pq_read_startup(PqStartup *out, int32_t *cancel_pid, int32_t *cancel_key);

/*
 * oak_hba.conf: hba_load parses the file into this process's rule list (in mcx_top,
 * replacing the previous list only on success). Returns 0, or -1 with a message naming
 * the file and line in errbuf.
 */
int hba_load(const char *path, char *errbuf, size_t errlen);
/*
 * The stored verifier (pg_authid.rolpassword) of a role, or NULL if the role does not
 * exist or has no password. Called only when a password method applies.
 */
typedef const char *(*PqPasswordLookup)(const char *user);

/*
 * Authenticate the client for database/user by the first matching rule; returns when it
 * may proceed (the caller then sends AuthenticationOk). FATAL 28000 when no rule matches,
 * the rule says reject, or the method is not built; FATAL 28P01 when a password does not
 * match; FATAL 08P01 on a malformed exchange.
 */
void pq_authenticate(const PqPort *port,
                     const char *database,
                     const char *user,
                     PqPasswordLookup lookup);

typedef enum PqAuthMethod {
    PQ_AUTH_METHOD_PASSWORD,
    PQ_AUTH_METHOD_MD5,
    PQ_AUTH_METHOD_SCRAM,
} PqAuthMethod;

/* Run one password exchange (pq_auth.c) against stored (may be NULL); returns on success. */
void pq_auth_password(PqAuthMethod method, const char *user, const char *stored);

#endif /* OAK_LIBPQ_PQCOMM_H */
