/*
 * crypt.h
 *     Password verifiers as PostgreSQL stores them in pg_authid.rolpassword, and the
 *     primitives of SCRAM-SHA-256 (RFC 5802, RFC 7677) and MD5 authentication.
 *
 * Pure functions on caller-supplied buffers (OpenSSL for the hashes and randomness): no
 * error machinery, no memory contexts, so oakctl links the same file as the backend.
 */
#ifndef OAK_LIBPQ_CRYPT_H
#define OAK_LIBPQ_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PQ_SCRAM_KEY_LEN 32       /* SHA-256 output */
#define PQ_SCRAM_SALT_LEN 16      /* PostgreSQL's default */
#define PQ_SCRAM_ITERATIONS 4096  /* PostgreSQL 15's scram_iterations */
#define PQ_SCRAM_MAX_SALT_LEN 64  /* longest salt accepted in a stored verifier */
#define PQ_MD5_VERIFIER_LEN 35    /* "md5" and 32 hex digits */
#define PQ_SCRAM_VERIFIER_MAX 256 /* room for any verifier this file writes */

/* The parts of "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>". */
typedef struct PqScramSecret {
    int iterations;
    uint8_t salt[PQ_SCRAM_MAX_SALT_LEN];
    size_t salt_len;
    uint8_t stored_key[PQ_SCRAM_KEY_LEN];
    uint8_t server_key[PQ_SCRAM_KEY_LEN];
} PqScramSecret;

/* Base64 (RFC 4648, with padding). Encode returns the length written (out needs
 * 4 * ((len + 2) / 3) + 1 bytes, NUL-terminated); decode returns the byte count or -1. */
size_t pq_base64_encode(const uint8_t *in, size_t len, char *out);
int pq_base64_decode(const char *in, size_t len, uint8_t *out, size_t outcap);

/* 0 on success, -1 if OpenSSL failed. */
int pq_hmac_sha256(const uint8_t *key,
                   size_t keylen,
                   const void *msg,
                   size_t msglen,
                   uint8_t out[PQ_SCRAM_KEY_LEN]);
int pq_sha256(const void *msg, size_t len, uint8_t out[PQ_SCRAM_KEY_LEN]);
/* MD5 of a followed by b, as 32 lower-case hex digits and a NUL. */
int pq_md5_hex2(const void *a, size_t alen, const void *b, size_t blen, char out[33]);
int pq_random_bytes(uint8_t *out, size_t len);

/* SaltedPassword, then ClientKey -> StoredKey and ServerKey, for password and salt. */
int pq_scram_derive(const char *password, PqScramSecret *sec);
/* A new verifier with a random salt into out (PQ_SCRAM_VERIFIER_MAX bytes). */
int pq_scram_make_verifier(const char *password, char *out, size_t outlen);
/* Parse a stored SCRAM verifier; false if v is not one. */
bool pq_scram_parse_verifier(const char *v, PqScramSecret *sec);
/* "md5" || md5(password || user), out needs PQ_MD5_VERIFIER_LEN + 1 bytes. */
int pq_md5_make_verifier(const char *password, const char *user, char *out);
bool pq_is_md5_verifier(const char *v);

#endif /* OAK_LIBPQ_CRYPT_H */
