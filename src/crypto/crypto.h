/* crypto.h - 国密 primitives and what is built from them (layer: crypto, a leaf)
 *
 * The only code that includes OpenSSL headers. SM3 (GB/T 32905), HMAC-SM3, SM4 (GB/T 32907)
 * in CTR mode with HMAC-SM3 over IV and ciphertext (encrypt-then-MAC: OpenSSL 3.0 has no
 * SM4-GCM), SM2 signatures (GB/T 32918) with the distinguishing ID "1234567812345678" set
 * explicitly, PBKDF2-HMAC-SM3 password hashes, TOTP (RFC 6238) and the CSPRNG.
 * Depends on base only. Functions that cannot fail on valid arguments return void.
 */
#ifndef XY_CRYPTO_CRYPTO_H
#define XY_CRYPTO_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "base/encode.h" /* hex, base64, base32: used with every key and box */
#include "base/err.h"

#define XY_SM3_LEN    32
#define XY_SM4_KEYLEN 16

/* SM3 of n bytes. */
void xy_sm3(const void *p, size_t n, unsigned char out[XY_SM3_LEN]);
/* SHA-256 (FIPS 180-4) of n bytes: only for content hashes that others recompute with common
 * tools (evidence files, `sha256sum`); the platform's own integrity and secrets use SM3. */
#define XY_SHA256_LEN 32
void xy_sha256(const void *p, size_t n, unsigned char out[XY_SHA256_LEN]);
/* HMAC-SM3 of n bytes under key. */
void xy_hmac_sm3(const void *key, size_t klen, const void *p, size_t n,
                 unsigned char out[XY_SM3_LEN]);
/* HMAC-SM3 under one key many times: the key's inner and outer blocks are absorbed once, so
 * each message costs two SM3 compressions fewer (the lookup form of every ID number at
 * ingest). Shared by threads (read only after creation). */
struct xy_hmac_key;
struct xy_hmac_key *xy_hmac_sm3_key_new(const void *key, size_t klen);
void xy_hmac_sm3_key_free(struct xy_hmac_key *k);
void xy_hmac_sm3_keyed(const struct xy_hmac_key *k, const void *p, size_t n,
                       unsigned char out[XY_SM3_LEN]);
/* 1 when the n bytes at a and b are equal, in time independent of where they differ. */
int xy_ct_equal(const void *a, const void *b, size_t n);
/* n bytes from the operating system's CSPRNG; XY_INTERNAL when it has none to give. */
xy_code xy_random(void *buf, size_t n, struct xy_err *err);

/* ---- SM4 block, for known-answer tests only ---- */
void xy_sm4_encrypt_block(const unsigned char key[XY_SM4_KEYLEN], const unsigned char in[16],
                          unsigned char out[16]);

/* ---- Authenticated encryption: SM4-CTR, then HMAC-SM3 over (ad, iv, ciphertext) ----
 * The sealed box is iv (16) | ciphertext (n) | tag (16: HMAC-SM3 truncated). ad (associated
 * data, e.g. the key version and the purpose) is authenticated but not stored. */
struct xy_aead_key {
    unsigned char enc[XY_SM4_KEYLEN];
    unsigned char mac[XY_SM3_LEN];
};
#define XY_AEAD_OVERHEAD 32
/* out holds n + XY_AEAD_OVERHEAD bytes. */
xy_code xy_aead_seal(const struct xy_aead_key *k, const void *ad, size_t adn, const void *pt,
                     size_t n, unsigned char *out, struct xy_err *err);
/* out holds n - XY_AEAD_OVERHEAD bytes; XY_INVALID when the tag does not match (changed data or
 * another key) or n is too short. */
xy_code xy_aead_open(const struct xy_aead_key *k, const void *ad, size_t adn,
                     const unsigned char *box, size_t n, unsigned char *out, struct xy_err *err);

/* ---- Passwords: PBKDF2-HMAC-SM3, parameters recorded in the hash ----
 * Format: "pbkdf2-sm3$<iterations>$<salt base64>$<hash base64>" (16-byte salt, 32-byte hash). */
#define XY_PASSWORD_HASH_MAX   128
#define XY_PASSWORD_ITERATIONS 200000 /* ~0.2 s here; raise as machines get faster */
xy_code xy_password_hash(const char *password, unsigned iterations, char out[XY_PASSWORD_HASH_MAX],
                         struct xy_err *err);
/* 1 when password matches stored, 0 when not or stored is malformed (constant-time compare). */
int xy_password_verify(const char *password, const char *stored);
/* 1 when stored was made with fewer iterations than wanted (rehash at the next login). */
int xy_password_needs_rehash(const char *stored, unsigned iterations);

/* ---- TOTP (RFC 6238): HMAC-SHA1, 30-second steps, 6 digits, as every authenticator app ---- */
#define XY_TOTP_SECRET_LEN 20
/* The code of the 30-second step containing unix time t. */
unsigned xy_totp_code(const unsigned char *secret, size_t n, int64_t t);
/* The same with another number of digits (1-9; RFC 6238's test vectors use 8). */
unsigned xy_totp_code_digits(const unsigned char *secret, size_t n, int64_t t, int digits);
/* The step (t / 30) at which code is valid within +-window steps of t, or -1. */
int64_t xy_totp_match(const unsigned char *secret, size_t n, int64_t t, int window,
                      const char *code);

/* ---- SM2 signatures (for audit checkpoints) ---- */
struct xy_sm2_key; /* a key pair, or a public key only */
xy_code xy_sm2_generate(struct xy_sm2_key **out, struct xy_err *err);
/* PEM text (PKCS#8 private key, or SubjectPublicKeyInfo) in and out. */
xy_code xy_sm2_from_pem(const char *pem, size_t n, struct xy_sm2_key **out, struct xy_err *err);
/* The private key as PEM into a malloc'd string (caller frees), or the public key. */
char *xy_sm2_private_pem(const struct xy_sm2_key *k);
char *xy_sm2_public_pem(const struct xy_sm2_key *k);
void xy_sm2_free(struct xy_sm2_key *k);
/* DER signature of msg (SM3 with Z of the ID "1234567812345678") into sig (at most 80 bytes). */
#define XY_SM2_SIG_MAX 80
xy_code xy_sm2_sign(const struct xy_sm2_key *k, const void *msg, size_t n,
                    unsigned char sig[XY_SM2_SIG_MAX], size_t *siglen, struct xy_err *err);
/* 1 valid, 0 not. */
int xy_sm2_verify(const struct xy_sm2_key *k, const void *msg, size_t n, const unsigned char *sig,
                  size_t siglen);
/* The SM2 key pair kept in the file at path (PEM, mode 0600; a file others may read is
 * XY_DENIED). With create, a missing file is made with a new key (O_EXCL: when two processes
 * race, both end up with the one written first). what names the key in messages ("the audit
 * signing key"). XY_NOT_FOUND without create when there is no file. */
xy_code xy_sm2_key_file(const char *path, int create, const char *what, struct xy_sm2_key **out,
                        struct xy_err *err);

#endif
