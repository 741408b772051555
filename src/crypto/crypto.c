/* crypto.c - SM3, HMAC-SM3, SM4 and the SM4-CTR + HMAC-SM3 sealed box (layer: crypto)
 *
 * The algorithms are fetched from OpenSSL once (pthread_once) and shared: fetching per call
 * costs more than hashing an ID number. HMAC is written out over the cached SM3 (RFC 2104)
 * rather than through EVP_MAC, which fetches and allocates on every use.
 */
#include "crypto/crypto.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

static pthread_once_t fetch_once = PTHREAD_ONCE_INIT;
static EVP_MD *md_sm3;
static EVP_CIPHER *c_sm4_ctr, *c_sm4_ecb;

static void fetch_algorithms(void)
{
    md_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
    c_sm4_ctr = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
    c_sm4_ecb = EVP_CIPHER_fetch(NULL, "SM4-ECB", NULL);
    /* Without them the platform cannot protect anything: stop rather than store plaintext. */
    if (!md_sm3 || !c_sm4_ctr || !c_sm4_ecb)
        abort();
}

static const EVP_MD *sm3_md(void)
{
    pthread_once(&fetch_once, fetch_algorithms);
    return md_sm3;
}

/* One digest and one cipher context per thread, reused: allocating them per call was a third
 * of the cost of sealing an ID number. Freed when the thread ends. */
struct thread_ctx {
    EVP_MD_CTX *md;
    EVP_CIPHER_CTX *cipher;
};
static pthread_key_t ctx_key;
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;

static void thread_ctx_free(void *p)
{
    struct thread_ctx *t = p;

    EVP_MD_CTX_free(t->md);
    EVP_CIPHER_CTX_free(t->cipher);
    free(t);
}

static void make_ctx_key(void)
{
    if (pthread_key_create(&ctx_key, thread_ctx_free) != 0)
        abort();
}

static struct thread_ctx *thread_ctx(void)
{
    struct thread_ctx *t;

    pthread_once(&ctx_once, make_ctx_key);
    if ((t = pthread_getspecific(ctx_key)))
        return t;
    if (!(t = calloc(1, sizeof(*t))) || !(t->md = EVP_MD_CTX_new()) ||
        !(t->cipher = EVP_CIPHER_CTX_new()) || pthread_setspecific(ctx_key, t) != 0)
        abort();
    return t;
}

void xy_sm3(const void *p, size_t n, unsigned char out[XY_SM3_LEN])
{
    unsigned int len = XY_SM3_LEN;

    if (!EVP_Digest(p, n, out, &len, sm3_md(), NULL))
        abort();
}

void xy_sha256(const void *p, size_t n, unsigned char out[XY_SHA256_LEN])
{
    unsigned int len = XY_SHA256_LEN;

    if (!EVP_Digest(p, n, out, &len, EVP_sha256(), NULL))
        abort();
}

enum { HMAC_BLOCK = 64 }; /* SM3's block size */

/* The key as one block (RFC 2104: hashed when longer, zero-padded). */
static void key_block(const void *key, size_t klen, unsigned char k0[HMAC_BLOCK])
{
    memset(k0, 0, HMAC_BLOCK);
    if (klen > HMAC_BLOCK)
        xy_sm3(key, klen, k0);
    else if (klen)
        memcpy(k0, key, klen);
}

/* Start c as SM3 over the key block xor pad (0x36 inner, 0x5c outer). */
static void start_padded(EVP_MD_CTX *c, const unsigned char k0[HMAC_BLOCK], unsigned char pad)
{
    unsigned char block[HMAC_BLOCK];

    for (int i = 0; i < HMAC_BLOCK; i++)
        block[i] = k0[i] ^ pad;
    if (!EVP_DigestInit_ex(c, sm3_md(), NULL) || !EVP_DigestUpdate(c, block, HMAC_BLOCK))
        abort();
    OPENSSL_cleanse(block, sizeof block);
}

void xy_hmac_sm3(const void *key, size_t klen, const void *p, size_t n,
                 unsigned char out[XY_SM3_LEN])
{
    unsigned char k0[HMAC_BLOCK], inner[XY_SM3_LEN];
    unsigned int len = XY_SM3_LEN;
    EVP_MD_CTX *c = thread_ctx()->md;

    key_block(key, klen, k0);
    start_padded(c, k0, 0x36);
    if (!EVP_DigestUpdate(c, p, n) || !EVP_DigestFinal_ex(c, inner, &len))
        abort();
    start_padded(c, k0, 0x5c);
    if (!EVP_DigestUpdate(c, inner, XY_SM3_LEN) || !EVP_DigestFinal_ex(c, out, &len))
        abort();
    OPENSSL_cleanse(k0, sizeof k0);
}

struct xy_hmac_key {
    EVP_MD_CTX *inner, *outer; /* SM3 after the key ^ ipad, and after the key ^ opad */
};

struct xy_hmac_key *xy_hmac_sm3_key_new(const void *key, size_t klen)
{
    unsigned char k0[HMAC_BLOCK];
    struct xy_hmac_key *k = calloc(1, sizeof(*k));

    if (!k || !(k->inner = EVP_MD_CTX_new()) || !(k->outer = EVP_MD_CTX_new()))
        abort();
    key_block(key, klen, k0);
    start_padded(k->inner, k0, 0x36);
    start_padded(k->outer, k0, 0x5c);
    OPENSSL_cleanse(k0, sizeof k0);
    return k;
}

void xy_hmac_sm3_key_free(struct xy_hmac_key *k)
{
    if (!k)
        return;
    EVP_MD_CTX_free(k->inner);
    EVP_MD_CTX_free(k->outer);
    free(k);
}

void xy_hmac_sm3_keyed(const struct xy_hmac_key *k, const void *p, size_t n,
                       unsigned char out[XY_SM3_LEN])
{
    unsigned char inner[XY_SM3_LEN];
    unsigned int len = XY_SM3_LEN;
    EVP_MD_CTX *c = thread_ctx()->md;

    if (!EVP_MD_CTX_copy_ex(c, k->inner) || !EVP_DigestUpdate(c, p, n) ||
        !EVP_DigestFinal_ex(c, inner, &len) || !EVP_MD_CTX_copy_ex(c, k->outer) ||
        !EVP_DigestUpdate(c, inner, XY_SM3_LEN) || !EVP_DigestFinal_ex(c, out, &len))
        abort();
}

int xy_ct_equal(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n) == 0;
}

xy_code xy_random(void *buf, size_t n, struct xy_err *err)
{
    if (n > 0x7fffffff || RAND_bytes(buf, (int)n) != 1)
        return xy_err_set(err, XY_INTERNAL, "could not read %zu random bytes", n);
    return XY_OK;
}

void xy_sm4_encrypt_block(const unsigned char key[XY_SM4_KEYLEN], const unsigned char in[16],
                          unsigned char out[16])
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len = 0;

    pthread_once(&fetch_once, fetch_algorithms);
    if (!c || !EVP_EncryptInit_ex2(c, c_sm4_ecb, key, NULL, NULL) ||
        !EVP_CIPHER_CTX_set_padding(c, 0) || !EVP_EncryptUpdate(c, out, &len, in, 16) || len != 16)
        abort();
    EVP_CIPHER_CTX_free(c);
}

/* CTR is its own inverse: the same call encrypts and decrypts. */
static void sm4_ctr(const unsigned char key[XY_SM4_KEYLEN], const unsigned char iv[16],
                    const unsigned char *in, size_t n, unsigned char *out)
{
    EVP_CIPHER_CTX *c;
    int len = 0, fin = 0;

    pthread_once(&fetch_once, fetch_algorithms);
    c = thread_ctx()->cipher;
    if (!EVP_EncryptInit_ex2(c, c_sm4_ctr, key, iv, NULL))
        abort();
    if (n && !EVP_EncryptUpdate(c, out, &len, in, (int)n))
        abort();
    if (!EVP_EncryptFinal_ex(c, out + len, &fin) || (size_t)(len + fin) != n)
        abort();
}

/* HMAC-SM3(mac key, len(ad) | ad | iv | ciphertext): the length prefix keeps the boundary
 * between ad and iv unambiguous. */
static void aead_tag(const struct xy_aead_key *k, const void *ad, size_t adn,
                     const unsigned char *ivct, size_t n, unsigned char tag[XY_SM3_LEN])
{
    unsigned char stack[512], *buf = stack;
    size_t total = 8 + adn + n;

    if (total > sizeof stack && !(buf = malloc(total)))
        abort();
    for (int i = 0; i < 8; i++)
        buf[i] = (unsigned char)((uint64_t)adn >> (56 - 8 * i));
    if (adn)
        memcpy(buf + 8, ad, adn);
    memcpy(buf + 8 + adn, ivct, n);
    xy_hmac_sm3(k->mac, XY_SM3_LEN, buf, total, tag);
    if (buf != stack)
        free(buf);
}

xy_code xy_aead_seal(const struct xy_aead_key *k, const void *ad, size_t adn, const void *pt,
                     size_t n, unsigned char *out, struct xy_err *err)
{
    unsigned char tag[XY_SM3_LEN];
    xy_code rc;

    if (n > 0x3fffffff)
        return xy_err_set(err, XY_TOO_LARGE, "cannot seal %zu bytes", n);
    if ((rc = xy_random(out, 16, err)) != XY_OK)
        return rc;
    sm4_ctr(k->enc, out, pt, n, out + 16);
    aead_tag(k, ad, adn, out, 16 + n, tag);
    memcpy(out + 16 + n, tag, 16);
    return XY_OK;
}

xy_code xy_aead_open(const struct xy_aead_key *k, const void *ad, size_t adn,
                     const unsigned char *box, size_t n, unsigned char *out, struct xy_err *err)
{
    unsigned char tag[XY_SM3_LEN];

    if (n < XY_AEAD_OVERHEAD)
        return xy_err_set(err, XY_INVALID, "sealed value is too short");
    aead_tag(k, ad, adn, box, n - 16, tag);
    if (!xy_ct_equal(tag, box + n - 16, 16))
        return xy_err_set(err, XY_INVALID, "sealed value does not verify");
    sm4_ctr(k->enc, box, box + 16, n - XY_AEAD_OVERHEAD, out);
    return XY_OK;
}
