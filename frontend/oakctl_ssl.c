/*
 * oakctl_ssl.c
 *     `oakctl init --ssl`: a self-signed certificate and its private key (RSA 2048,
 *     SHA-256, valid ten years, CN=localhost) made with the OpenSSL library and written as
 *     DATADIR/server.crt and DATADIR/server.key (mode 0600, as the server demands). Enough
 *     for encryption (sslmode=require); clients that verify the server (verify-ca,
 *     verify-full) need a certificate from an authority they trust instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "oakctl.h"

enum { OAKCTL_SSL_DAYS = 3650, OAKCTL_RSA_BITS = 2048 };

static void
oakctl_ssl_error(const char *what)
{
    char buf[256];
    ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
    fprintf(stderr, "oakctl: could not %s: %s\n", what, buf);
}

/* A serial number from 64 random bits, as RFC 5280 advises. */
static int
oakctl_ssl_set_serial(X509 *cert)
{
    unsigned char raw[8];
    BIGNUM *bn = NULL;
    int rc = -1;

    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    raw[0] &= 0x7F; /* positive */
    bn = BN_bin2bn(raw, sizeof raw, NULL);
    if (bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL)
        rc = 0;
    BN_free(bn);
    return rc;
}

static X509 *
oakctl_ssl_make_cert(EVP_PKEY *key)
{
    X509 *cert = X509_new();
    X509_NAME *name;

    if (cert == NULL || X509_set_version(cert, 2) != 1 || oakctl_ssl_set_serial(cert) != 0 ||
        X509_gmtime_adj(X509_getm_notBefore(cert), 0) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(cert), 60L * 60 * 24 * OAKCTL_SSL_DAYS) == NULL ||
        X509_set_pubkey(cert, key) != 1)
        goto out_free;
    name = X509_get_subject_name(cert);
    if (X509_NAME_add_entry_by_txt(
            name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1, -1, 0) != 1 ||
        X509_set_issuer_name(cert, name) != 1 || X509_sign(cert, key, EVP_sha256()) == 0)
        goto out_free;
    return cert;
out_free:
    X509_free(cert);
    return NULL;
}

/* Open dir/name for writing with mode, as a stdio stream. */
static FILE *
oakctl_ssl_open(const char *dir, const char *name, mode_t mode, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    if (f == NULL)
        (void)close(fd); /* nothing written yet */
    return f;
}

static int
oakctl_ssl_write(const char *dir, EVP_PKEY *key, X509 *cert)
{
    char path[PATH_MAX];
    FILE *f = oakctl_ssl_open(dir, "server.key", 0600, path, sizeof path);

    if (f == NULL || PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) != 1 ||
        fclose(f) != 0) {
        fprintf(stderr, "oakctl: could not write file \"%s\": %s\n", path, strerror(errno));
        return -1;
    }
    f = oakctl_ssl_open(dir, "server.crt", 0644, path, sizeof path);
    if (f == NULL || PEM_write_X509(f, cert) != 1 || fclose(f) != 0) {
        fprintf(stderr, "oakctl: could not write file \"%s\": %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

int
oakctl_ssl_make_pair(const char *dir)
{
    int rc = -1;
    X509 *cert = NULL;
    EVP_PKEY *key = EVP_RSA_gen(OAKCTL_RSA_BITS);

    if (key == NULL) {
        oakctl_ssl_error("generate a private key");
        return -1;
    }
    cert = oakctl_ssl_make_cert(key);
    if (cert == NULL) {
        oakctl_ssl_error("make a certificate");
        goto out_free;
    }
    rc = oakctl_ssl_write(dir, key, cert);
out_free:
    X509_free(cert);
    EVP_PKEY_free(key);
    return rc;
}
