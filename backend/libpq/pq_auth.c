/*
 * pq_auth.c
 *     The password exchanges of client authentication: password (cleartext), md5 and
 *     SCRAM-SHA-256 (RFC 5802 and RFC 7677, without channel binding), checked against the
 *     verifier stored in pg_authid.rolpassword.
 *
 * Invariants kept here (numbered as in this folder's README.md):
 *   8. A wrong password, a role without a password and a role that does not exist end
 *      alike: FATAL 28P01 "password authentication failed for user ...", after the same
 *      exchange (a role without a usable verifier gets a made-up SCRAM secret that nothing
 *      matches), so a client learns nothing about which roles exist.
 *   9. Secrets are compared in constant time (CRYPTO_memcmp); the stored verifier is never
 *      sent, and a cleartext password is wiped once checked.
 *
 * Not here: which method applies (pq_hba.c), the verifier formats (pq_crypt.c).
 */
#include "oak/oak.h"

#include <stdio.h>

#include <openssl/crypto.h>

#include "oak/libpq/crypt.h"
#include "oak/libpq/pqcomm.h"

enum {
    PQ_AUTH_CLEARTEXT = 3,
    PQ_AUTH_MD5 = 5,
    PQ_AUTH_SASL = 10,
    PQ_AUTH_SASL_CONTINUE = 11,
    PQ_AUTH_SASL_FINAL = 12,
    PQ_MAX_AUTH_TOKEN = 65535, /* PostgreSQL's limit on a password or SASL message */
    PQ_SCRAM_NONCE_RAW = 18,
};

static const char pq_scram_mech[] = "SCRAM-SHA-256";

/* FATAL 28P01 with PostgreSQL's words; why goes to the server log only (invariant 8). */
static void
pq_auth_failed(const char *user, const char *why)
{
    elog_log(LOG, "password authentication failed for user \"%s\": %s", user, why);
    ereport(FATAL,
            err_code(SQLSTATE_INVALID_PASSWORD),
            err_msg("password authentication failed for user \"%s\"", user));
}

static void
pq_scram_malformed(const char *detail)
{
    ereport(FATAL,
            err_code(SQLSTATE_PROTOCOL_VIOLATION),
            err_msg("malformed SCRAM message"),
            err_detail("%s", detail));
}

/* Send an authentication request: code and optional payload. */
static void
pq_auth_request(int32_t code, const void *extra, size_t len)
{
    pq_msg_begin('R');
    pq_msg_int32(code);
    if (len > 0)
        pq_msg_bytes(extra, len);
    pq_msg_end();
    if (pq_flush() != 0)
        oak_proc_exit(0);
}

/*
 * Read the client's 'p' message into body. EOF means the client left, most often to ask
 * its user for a password and come back: like PostgreSQL, leave without logging a failure.
 */
static void
pq_auth_read_response(StrBuf *body, const char *what)
{
    int type = pq_getbyte();

    if (type < 0)
        oak_proc_exit(0);
    if (type != 'p')
        ereport(FATAL,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("expected %s response, got message type %d", what, type));
    if (pq_get_message_body(body, PQ_MAX_AUTH_TOKEN) != 0)
        oak_proc_exit(0);
}

/* A password response: one string filling the whole body. */
static const char *
pq_auth_read_password(StrBuf *body)
{
    size_t pos = 0;

    pq_auth_read_response(body, "password");
    const char *pw = pq_parse_string(body, &pos);
    if (pw == NULL || pos != body->len)
        ereport(FATAL,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("invalid password packet size"));
    return pw;
}

/* Does the cleartext password match the stored verifier (SCRAM or md5)? */
static bool
pq_auth_check_plain(const char *stored, const char *user, const char *pw)
{
    PqScramSecret sec;

    if (pq_scram_parse_verifier(stored, &sec)) {
        PqScramSecret try = sec;
        if (pq_scram_derive(pw, &try) != 0)
            return false;
        return CRYPTO_memcmp(try.stored_key, sec.stored_key, PQ_SCRAM_KEY_LEN) == 0 &&
               CRYPTO_memcmp(try.server_key, sec.server_key, PQ_SCRAM_KEY_LEN) == 0;
    }
    if (pq_is_md5_verifier(stored)) {
        char v[PQ_MD5_VERIFIER_LEN + 1];
        return pq_md5_make_verifier(pw, user, v) == 0 &&
               CRYPTO_memcmp(v, stored, PQ_MD5_VERIFIER_LEN) == 0;
    }
    return false;
}

static void
pq_auth_cleartext(const char *user, const char *stored)
{
    StrBuf body;

    sb_init(&body);
    pq_auth_request(PQ_AUTH_CLEARTEXT, NULL, 0);
    const char *pw = pq_auth_read_password(&body);
    bool ok = pw[0] != '\0' && pq_auth_check_plain(stored, user, pw);
    OPENSSL_cleanse(body.data, body.len); /* invariant 9 */
    if (!ok)
        pq_auth_failed(user,
                       stored == NULL ? "no password assigned or no such role"
                                      : "password does not match");
}

static void
pq_auth_md5(const char *user, const char *stored)
{
    uint8_t salt[4];
    char expect[PQ_MD5_VERIFIER_LEN + 1];
    StrBuf body;

    sb_init(&body);
    if (pq_random_bytes(salt, sizeof salt) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_INTERNAL_ERROR),
                err_msg("could not generate random salt"));
    pq_auth_request(PQ_AUTH_MD5, salt, sizeof salt);
    const char *resp = pq_auth_read_password(&body);
    /* The client sends "md5" || md5(md5(password || user) || salt); stored is the inner part. */
    memcpy(expect, "md5", 3);
    if (pq_md5_hex2(stored + 3, 32, salt, sizeof salt, expect + 3) != 0 ||
        strlen(resp) != PQ_MD5_VERIFIER_LEN ||
        CRYPTO_memcmp(resp, expect, PQ_MD5_VERIFIER_LEN) != 0)
        pq_auth_failed(user, "password does not match");
}

/* One SCRAM exchange's state. */
typedef struct PqScram {
    PqScramSecret secret;
    bool mock;          /* no usable verifier: the exchange runs, and fails at the end */
    char gs2_header[4]; /* "n,," or "y,," as the client sent it */
    char *client_first_bare;
    char *server_first;
    char *nonce; /* client nonce followed by ours */
} PqScram;

/* Value of attribute `attr` at *p ("r=..."), up to the next comma; advances past it. */
static char *
pq_scram_attr(const char **p, char attr)
{
    char detail[128];

    if ((*p)[0] != attr || (*p)[1] != '=') {
        snprintf(detail, sizeof detail, "Expected attribute \"%c\" but found \"%s\".", attr, *p);
        pq_scram_malformed(detail);
    }
    const char *start = *p + 2;
    const char *end = strchr(start, ',');
    size_t len = end ? (size_t)(end - start) : strlen(start);
    char *v = mcx_alloc(len + 1);
    memcpy(v, start, len);
    v[len] = '\0';
    *p = end ? end + 1 : start + len;
    return v;
}

/* client-first-message: gs2 header, then n=user,r=nonce[,extensions]. */
static void
pq_scram_read_first(PqScram *st, const char *msg)
{
    const char *p = msg;

    if (p[0] == 'p')
        pq_scram_malformed(
            "The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.");
    if ((p[0] != 'n' && p[0] != 'y') || p[1] != ',')
        pq_scram_malformed("Unexpected channel-binding flag.");
    if (p[2] == 'a' && p[3] == '=')
        ereport(FATAL,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("client uses authorization identity, but it is not supported"));
    if (p[2] != ',')
        pq_scram_malformed("Unexpected attribute in client-first-message.");
    memcpy(st->gs2_header, p, 3);
    st->gs2_header[3] = '\0';
    p += 3;
    st->client_first_bare = mcx_strdup(p);
    if (p[0] == 'm' && p[1] == '=')
        ereport(FATAL,
                err_code(SQLSTATE_FEATURE_NOT_SUPPORTED),
                err_msg("client requires an unsupported SCRAM extension"));
    (void)pq_scram_attr(&p, 'n'); /* the startup packet's user decides, as in PG */
    char *cnonce = pq_scram_attr(&p, 'r');
    if (cnonce[0] == '\0')
        pq_scram_malformed("The client nonce is empty.");
    for (const char *c = cnonce; *c; c++)
        if (*c < 0x21 || *c > 0x7E)
            pq_scram_malformed("The client nonce contains invalid characters.");

    uint8_t raw[PQ_SCRAM_NONCE_RAW];
    char snonce[PQ_SCRAM_NONCE_RAW * 2];
    char salt64[PQ_SCRAM_MAX_SALT_LEN * 2];
    if (pq_random_bytes(raw, sizeof raw) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_INTERNAL_ERROR),
                err_msg("could not generate random nonce"));
    pq_base64_encode(raw, sizeof raw, snonce);
    pq_base64_encode(st->secret.salt, st->secret.salt_len, salt64);
    size_t nlen = strlen(cnonce) + strlen(snonce) + 1;
    st->nonce = mcx_alloc(nlen);
    snprintf(st->nonce, nlen, "%s%s", cnonce, snonce);
    size_t flen = nlen + strlen(salt64) + 32;
    st->server_first = mcx_alloc(flen);
    snprintf(st->server_first, flen, "r=%s,s=%s,i=%d", st->nonce, salt64, st->secret.iterations);
}

/* client-final-message: c=gs2,r=nonce[,ext],p=proof. Returns true if the proof is right. */
static bool
pq_scram_check_final(PqScram *st, const char *msg, uint8_t server_sig[PQ_SCRAM_KEY_LEN])
{
    const char *p = msg;
    char expect_c[16];
    uint8_t proof[PQ_SCRAM_KEY_LEN];
    uint8_t client_sig[PQ_SCRAM_KEY_LEN];
    uint8_t client_key[PQ_SCRAM_KEY_LEN];
    uint8_t stored[PQ_SCRAM_KEY_LEN];

    char *cb = pq_scram_attr(&p, 'c');
    pq_base64_encode((const uint8_t *)st->gs2_header, 3, expect_c);
    if (strcmp(cb, expect_c) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("SCRAM channel binding check failed"));
    char *nonce = pq_scram_attr(&p, 'r');
    if (strcmp(nonce, st->nonce) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("invalid SCRAM response"),
                err_detail("Nonce does not match."));
    const char *proof_at = strstr(msg, ",p=");
    if (proof_at == NULL || strchr(proof_at + 3, ',') != NULL)
        pq_scram_malformed("Malformed proof in client-final-message.");
    const char *proof64 = proof_at + 3;
    if (pq_base64_decode(proof64, strlen(proof64), proof, sizeof proof) != PQ_SCRAM_KEY_LEN)
        pq_scram_malformed("Malformed proof in client-final-message.");

    /* AuthMessage = client-first-bare "," server-first "," client-final-without-proof */
    StrBuf auth;
    sb_init(&auth);
    sb_append_bytes(&auth, st->client_first_bare, strlen(st->client_first_bare));
    sb_append_char(&auth, ',');
    sb_append_bytes(&auth, st->server_first, strlen(st->server_first));
    sb_append_char(&auth, ',');
    sb_append_bytes(&auth, msg, (size_t)(proof_at - msg));
    if (pq_hmac_sha256(st->secret.stored_key, PQ_SCRAM_KEY_LEN, auth.data, auth.len, client_sig) !=
            0 ||
        pq_hmac_sha256(st->secret.server_key, PQ_SCRAM_KEY_LEN, auth.data, auth.len, server_sig) !=
            0)
        return false;
    for (int i = 0; i < PQ_SCRAM_KEY_LEN; i++)
        client_key[i] = proof[i] ^ client_sig[i];
    if (pq_sha256(client_key, sizeof client_key, stored) != 0)
        return false;
    bool match = CRYPTO_memcmp(stored, st->secret.stored_key, PQ_SCRAM_KEY_LEN) == 0;
    return match && !st->mock;
}

/* SASLInitialResponse: mechanism name, int32 length, client-first-message. */
static char *
pq_scram_read_initial(StrBuf *body)
{
    size_t pos = 0;
    int32_t len;

    pq_auth_read_response(body, "SASL");
    const char *mech = pq_parse_string(body, &pos);
    if (mech == NULL || pq_parse_int32(body, &pos, &len) != 0)
        ereport(FATAL, err_code(SQLSTATE_PROTOCOL_VIOLATION), err_msg("invalid message format"));
    if (strcmp(mech, pq_scram_mech) != 0)
        ereport(FATAL,
                err_code(SQLSTATE_PROTOCOL_VIOLATION),
                err_msg("client selected an invalid SASL authentication mechanism"));
    if (len < 0)
        pq_scram_malformed("The message is empty.");
    if ((size_t)len != body->len - pos)
        ereport(FATAL, err_code(SQLSTATE_PROTOCOL_VIOLATION), err_msg("invalid message format"));
    if (memchr(body->data + pos, '\0', (size_t)len) != NULL)
        pq_scram_malformed("The message contains a null byte.");
    return body->data + pos;
}

static void
pq_auth_scram(const char *user, const char *stored)
{
    PqScram st;
    StrBuf body;
    uint8_t server_sig[PQ_SCRAM_KEY_LEN];
    char sig64[PQ_SCRAM_KEY_LEN * 2 + 3];

    memset(&st, 0, sizeof st);
    sb_init(&body);
    if (!pq_scram_parse_verifier(stored, &st.secret)) { /* invariant 8: a secret nobody has */
        st.mock = true;
        st.secret.iterations = PQ_SCRAM_ITERATIONS;
        st.secret.salt_len = PQ_SCRAM_SALT_LEN;
        if (pq_random_bytes(st.secret.salt, st.secret.salt_len) != 0 ||
            pq_random_bytes(st.secret.stored_key, PQ_SCRAM_KEY_LEN) != 0 ||
            pq_random_bytes(st.secret.server_key, PQ_SCRAM_KEY_LEN) != 0)
            ereport(FATAL,
                    err_code(SQLSTATE_INTERNAL_ERROR),
                    err_msg("could not generate random salt"));
    }
    /* AuthenticationSASL: the mechanisms, each NUL-terminated, then an empty name. */
    pq_auth_request(PQ_AUTH_SASL, "SCRAM-SHA-256\0", sizeof pq_scram_mech + 1);
    pq_scram_read_first(&st, pq_scram_read_initial(&body));
    pq_auth_request(PQ_AUTH_SASL_CONTINUE, st.server_first, strlen(st.server_first));
    pq_auth_read_response(&body, "SASL");
    if (memchr(body.data, '\0', body.len) != NULL)
        pq_scram_malformed("The message contains a null byte.");
    if (!pq_scram_check_final(&st, body.data, server_sig))
        pq_auth_failed(user,
                       st.mock ? "no SCRAM-SHA-256 password assigned or no such role"
                               : "password does not match");
    memcpy(sig64, "v=", 2);
    size_t n = pq_base64_encode(server_sig, sizeof server_sig, sig64 + 2);
    pq_auth_request(PQ_AUTH_SASL_FINAL, sig64, n + 2);
}

void
pq_auth_password(PqAuthMethod method, const char *user, const char *stored)
{
    switch (method) {
    case PQ_AUTH_METHOD_PASSWORD:
        pq_auth_cleartext(user, stored);
        return;
    case PQ_AUTH_METHOD_MD5:
        /* As PostgreSQL: md5 only for an md5 verifier; a SCRAM one (or none) gets SCRAM. */
        if (pq_is_md5_verifier(stored)) {
            pq_auth_md5(user, stored);
            return;
        }
        pq_auth_scram(user, stored);
        return;
    case PQ_AUTH_METHOD_SCRAM:
        pq_auth_scram(user, stored);
        return;
    }
}
