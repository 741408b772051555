/* password.c - PBKDF2-HMAC-SM3 password hashes with their parameters (layer: crypto)
 *
 * Stored form: "pbkdf2-sm3$<iterations>$<salt base64>$<hash base64>". The iteration count
 * travels with the hash, so it can be raised later and old hashes still verify (and are
 * rehashed at the next login, xy_password_needs_rehash).
 */
#include "crypto/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#define SALT_LEN 16
#define HASH_LEN 32
#define PREFIX   "pbkdf2-sm3$"
/* Below this a stored hash is not taken seriously; above it verification is a DoS lever. */
#define MIN_ITER 1000
#define MAX_ITER 10000000

static int derive(const char *password, const unsigned char *salt, unsigned iterations,
                  unsigned char out[HASH_LEN])
{
    const EVP_MD *md = EVP_sm3();

    return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, SALT_LEN, (int)iterations, md,
                             HASH_LEN, out) == 1;
}

xy_code xy_password_hash(const char *password, unsigned iterations, char out[XY_PASSWORD_HASH_MAX],
                         struct xy_err *err)
{
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
    char s64[4 * ((SALT_LEN + 2) / 3) + 1], h64[4 * ((HASH_LEN + 2) / 3) + 1];
    xy_code rc;

    if (iterations < MIN_ITER || iterations > MAX_ITER)
        return xy_err_set(err, XY_INVALID, "cannot hash with %u iterations", iterations);
    if ((rc = xy_random(salt, sizeof salt, err)) != XY_OK)
        return rc;
    if (!derive(password, salt, iterations, hash))
        return xy_err_set(err, XY_INTERNAL, "could not derive the password hash");
    xy_base64(salt, sizeof salt, s64);
    xy_base64(hash, sizeof hash, h64);
    snprintf(out, XY_PASSWORD_HASH_MAX, PREFIX "%u$%s$%s", iterations, s64, h64);
    OPENSSL_cleanse(hash, sizeof hash);
    return XY_OK;
}

/* Split a stored hash; 0 when it is not one of ours. */
static int parse(const char *stored, unsigned *iterations, unsigned char salt[SALT_LEN],
                 unsigned char hash[HASH_LEN])
{
    char buf[XY_PASSWORD_HASH_MAX], *p, *salt64, *hash64, *end;
    unsigned long it;

    if (!stored || strncmp(stored, PREFIX, strlen(PREFIX)) || strlen(stored) >= sizeof buf)
        return 0;
    strcpy(buf, stored + strlen(PREFIX));
    if (!(p = strchr(buf, '$')))
        return 0;
    *p = '\0';
    salt64 = p + 1;
    if (!(p = strchr(salt64, '$')))
        return 0;
    *p = '\0';
    hash64 = p + 1;
    if (buf[0] < '1' || buf[0] > '9')
        return 0;
    it = strtoul(buf, &end, 10);
    if (*end || it < MIN_ITER || it > MAX_ITER)
        return 0;
    if (xy_unbase64(salt64, salt, SALT_LEN) != SALT_LEN ||
        xy_unbase64(hash64, hash, HASH_LEN) != HASH_LEN)
        return 0;
    *iterations = (unsigned)it;
    return 1;
}

int xy_password_verify(const char *password, const char *stored)
{
    unsigned char salt[SALT_LEN], want[HASH_LEN], got[HASH_LEN];
    unsigned it;
    int ok;

    if (!password || !parse(stored, &it, salt, want))
        return 0;
    if (!derive(password, salt, it, got))
        return 0;
    ok = xy_ct_equal(want, got, HASH_LEN);
    OPENSSL_cleanse(got, sizeof got);
    return ok;
}

int xy_password_needs_rehash(const char *stored, unsigned iterations)
{
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
    unsigned it;

    if (!parse(stored, &it, salt, hash))
        return 1;
    return it < iterations;
}
