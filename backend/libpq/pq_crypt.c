/*
 * pq_crypt.c
 *     Password verifiers and the hash primitives behind password, md5 and SCRAM-SHA-256
 *     authentication, on OpenSSL: SHA-256, HMAC, PBKDF2 (RFC 5802's Hi() is PBKDF2 with
 *     HMAC-SHA-256), MD5, RAND_bytes, base64.
 *
 * Shared by backends (pq_auth.c) and oakctl init (--pwfile): nothing here raises errors
 * or allocates; every function reports failure by its return value.
 *
 * Not here: the authentication exchanges (pq_auth.c).
 */
#include "oak/oak.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "oak/libpq/crypt.h"

static const char pq_b64_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
pq_base64_encode(const uint8_t *in, size_t len, char *out)
{
    size_t o = 0;

    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = pq_b64_chars[(v >> 18) & 63];
        out[o++] = pq_b64_chars[(v >> 12) & 63];
        out[o++] = i + 1 < len ? pq_b64_chars[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? pq_b64_chars[v & 63] : '=';
    }
    out[o] = '\0';
    return o;
}

static int
pq_b64_value(char c)
{
    const char *p = c == '\0' ? NULL : strchr(pq_b64_chars, c);
    return p ? (int)(p - pq_b64_chars) : -1;
}

int
pq_base64_decode(const char *in, size_t len, uint8_t *out, size_t outcap)
{
    size_t o = 0;

    if (len % 4 != 0)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        int pad = (in[i + 3] == '=') + (in[i + 2] == '=');
        if (pad > 0 && i + 4 != len)
            return -1; /* padding only at the very end */
        if (pad == 1 && in[i + 2] == '=')
            return -1; /* "x=y=" */
        uint32_t v = 0;
        for (int k = 0; k < 4 - pad; k++) {
            int d = pq_b64_value(in[i + (size_t)k]);
            if (d < 0)
                return -1;
            v |= (uint32_t)d << (18 - 6 * k);
        }
        size_t nbytes = 3 - (size_t)pad;
        if (o + nbytes > outcap)
            return -1;
        for (size_t k = 0; k < nbytes; k++)
            out[o++] = (uint8_t)(v >> (16 - 8 * k));
    }
    return (int)o;
}

int
pq_hmac_sha256(const uint8_t *key,
               size_t keylen,
               const void *msg,
               size_t msglen,
               uint8_t out[PQ_SCRAM_KEY_LEN])
{
    unsigned int outlen = 0;

    if (HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out, &outlen) == NULL)
        return -1;
    return outlen == PQ_SCRAM_KEY_LEN ? 0 : -1;
}

int
pq_sha256(const void *msg, size_t len, uint8_t out[PQ_SCRAM_KEY_LEN])
{
    return EVP_Digest(msg, len, out, NULL, EVP_sha256(), NULL) == 1 ? 0 : -1;
}

int
pq_md5_hex2(const void *a, size_t alen, const void *b, size_t blen, char out[33])
{
    uint8_t digest[16];
    unsigned int dlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int ok = ctx != NULL && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
             EVP_DigestUpdate(ctx, a, alen) == 1 && EVP_DigestUpdate(ctx, b, blen) == 1 &&
             EVP_DigestFinal_ex(ctx, digest, &dlen) == 1 && dlen == sizeof digest;

    EVP_MD_CTX_free(ctx);
    if (!ok)
        return -1;
    for (int i = 0; i < 16; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return 0;
}

int
pq_random_bytes(uint8_t *out, size_t len)
{
    return RAND_bytes(out, (int)len) == 1 ? 0 : -1;
}

int
pq_scram_derive(const char *password, PqScramSecret *sec)
{
    uint8_t salted[PQ_SCRAM_KEY_LEN];
    uint8_t client_key[PQ_SCRAM_KEY_LEN];
    int rc = -1;

    /* RFC 5802: SaltedPassword = Hi(password, salt, i), Hi being PBKDF2-HMAC. */
    if (PKCS5_PBKDF2_HMAC(password,
                          (int)strlen(password),
                          sec->salt,
                          (int)sec->salt_len,
                          sec->iterations,
                          EVP_sha256(),
                          sizeof salted,
                          salted) != 1)
        goto out_wipe;
    if (pq_hmac_sha256(salted, sizeof salted, "Client Key", 10, client_key) != 0 ||
        pq_sha256(client_key, sizeof client_key, sec->stored_key) != 0 ||
        pq_hmac_sha256(salted, sizeof salted, "Server Key", 10, sec->server_key) != 0)
        goto out_wipe;
    rc = 0;
out_wipe:
    OPENSSL_cleanse(salted, sizeof salted);
    OPENSSL_cleanse(client_key, sizeof client_key);
    return rc;
}

int
pq_scram_make_verifier(const char *password, char *out, size_t outlen)
{
    PqScramSecret sec = {.iterations = PQ_SCRAM_ITERATIONS, .salt_len = PQ_SCRAM_SALT_LEN};
    char salt64[PQ_SCRAM_MAX_SALT_LEN * 2];
    char stored64[PQ_SCRAM_KEY_LEN * 2];
    char server64[PQ_SCRAM_KEY_LEN * 2];

    if (pq_random_bytes(sec.salt, sec.salt_len) != 0 || pq_scram_derive(password, &sec) != 0)
        return -1;
    pq_base64_encode(sec.salt, sec.salt_len, salt64);
    pq_base64_encode(sec.stored_key, PQ_SCRAM_KEY_LEN, stored64);
    pq_base64_encode(sec.server_key, PQ_SCRAM_KEY_LEN, server64);
    int n = snprintf(
        out, outlen, "SCRAM-SHA-256$%d:%s$%s:%s", sec.iterations, salt64, stored64, server64);
    return n > 0 && (size_t)n < outlen ? 0 : -1;
}

/* Decode [s, s+len) as base64 into out of exactly want bytes (want 0: any up to cap). */
static bool
pq_scram_field(const char *s, size_t len, uint8_t *out, size_t cap, size_t want, size_t *got)
{
    int n = pq_base64_decode(s, len, out, cap);
    if (n <= 0 || (want != 0 && (size_t)n != want))
        return false;
    if (got)
        *got = (size_t)n;
    return true;
}

bool
pq_scram_parse_verifier(const char *v, PqScramSecret *sec)
{
    static const char prefix[] = "SCRAM-SHA-256$";
    char *end;

    if (v == NULL || strncmp(v, prefix, sizeof prefix - 1) != 0)
        return false;
    const char *p = v + sizeof prefix - 1;
    long iter = strtol(p, &end, 10);
    if (end == p || *end != ':' || iter < 1 || iter > 100000000)
        return false;
    const char *salt = end + 1;
    const char *dollar = strchr(salt, '$');
    const char *colon = dollar ? strchr(dollar + 1, ':') : NULL;
    if (dollar == NULL || colon == NULL)
        return false;
    sec->iterations = (int)iter;
    return pq_scram_field(salt,
                          (size_t)(dollar - salt),
                          sec->salt,
                          sizeof sec->salt,
                          0,
                          &sec->salt_len) &&
           pq_scram_field(dollar + 1,
                          (size_t)(colon - dollar - 1),
                          sec->stored_key,
                          PQ_SCRAM_KEY_LEN,
                          PQ_SCRAM_KEY_LEN,
                          NULL) &&
           pq_scram_field(colon + 1,
                          strlen(colon + 1),
                          sec->server_key,
                          PQ_SCRAM_KEY_LEN,
                          PQ_SCRAM_KEY_LEN,
                          NULL);
}

int
pq_md5_make_verifier(const char *password, const char *user, char *out)
{
    memcpy(out, "md5", 3);
    return pq_md5_hex2(password, strlen(password), user, strlen(user), out + 3);
}

bool
pq_is_md5_verifier(const char *v)
{
    if (v == NULL || strlen(v) != PQ_MD5_VERIFIER_LEN || strncmp(v, "md5", 3) != 0)
        return false;
    for (int i = 3; i < PQ_MD5_VERIFIER_LEN; i++)
        if (!isxdigit((unsigned char)v[i]))
            return false;
    return true;
}
