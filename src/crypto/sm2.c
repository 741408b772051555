/* sm2.c - SM2 key pairs and signatures, GB/T 32918 / GM/T 0003 (layer: crypto)
 *
 * A signature covers SM3(Z || msg), where Z hashes the signer's distinguishing ID with the
 * curve and the public key. GM/T 0009 fixes the default ID as "1234567812345678"; OpenSSL 3.0
 * uses an empty ID unless one is set, so both signing and verifying set it explicitly on the
 * EVP_PKEY_CTX before the digest starts (EVP_PKEY-SM2(7)). Verifiers on other hosts (gmssl,
 * Java BC) use the GM/T default and so agree with us.
 */
#include "crypto/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

static const char SM2_ID[] = "1234567812345678";

struct xy_sm2_key {
    EVP_PKEY *pkey;
    int has_private;
};

static struct xy_sm2_key *wrap(EVP_PKEY *pkey, int has_private)
{
    struct xy_sm2_key *k = OPENSSL_zalloc(sizeof *k);

    if (!k)
        abort();
    k->pkey = pkey;
    k->has_private = has_private;
    return k;
}

xy_code xy_sm2_generate(struct xy_sm2_key **out, struct xy_err *err)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");

    *out = NULL;
    if (!pkey)
        return xy_err_set(err, XY_INTERNAL, "could not generate an SM2 key pair");
    *out = wrap(pkey, 1);
    return XY_OK;
}

static int is_sm2(EVP_PKEY *pkey)
{
    return EVP_PKEY_is_a(pkey, "SM2");
}

xy_code xy_sm2_from_pem(const char *pem, size_t n, struct xy_sm2_key **out, struct xy_err *err)
{
    BIO *bio;
    EVP_PKEY *pkey;
    int priv = 1;

    *out = NULL;
    if (n > 16384)
        return xy_err_set(err, XY_TOO_LARGE, "SM2 key text is longer than 16384 bytes");
    if (!(bio = BIO_new_mem_buf(pem, (int)n)))
        abort();
    pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    if (!pkey) {
        priv = 0;
        BIO_free(bio);
        if (!(bio = BIO_new_mem_buf(pem, (int)n)))
            abort();
        pkey = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    }
    BIO_free(bio);
    if (!pkey)
        return xy_err_set(err, XY_PARSE, "cannot read an SM2 key from the PEM text");
    if (!is_sm2(pkey)) {
        EVP_PKEY_free(pkey);
        return xy_err_set(err, XY_INVALID, "the PEM key is not an SM2 key");
    }
    *out = wrap(pkey, priv);
    return XY_OK;
}

static char *bio_string(BIO *bio)
{
    char *data, *s;
    long len = BIO_get_mem_data(bio, &data);

    if (len < 0 || !(s = malloc((size_t)len + 1)))
        abort();
    memcpy(s, data, (size_t)len);
    s[len] = '\0';
    return s;
}

char *xy_sm2_private_pem(const struct xy_sm2_key *k)
{
    BIO *bio;
    char *s = NULL;

    if (!k || !k->has_private || !(bio = BIO_new(BIO_s_mem())))
        return NULL;
    if (PEM_write_bio_PrivateKey(bio, k->pkey, NULL, NULL, 0, NULL, NULL))
        s = bio_string(bio);
    BIO_free(bio);
    return s;
}

char *xy_sm2_public_pem(const struct xy_sm2_key *k)
{
    BIO *bio;
    char *s = NULL;

    if (!k || !(bio = BIO_new(BIO_s_mem())))
        return NULL;
    if (PEM_write_bio_PUBKEY(bio, k->pkey))
        s = bio_string(bio);
    BIO_free(bio);
    return s;
}

void xy_sm2_free(struct xy_sm2_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    OPENSSL_free(k);
}

/* A digest context whose key context carries our distinguishing ID. */
static EVP_MD_CTX *sm2_md_ctx(EVP_PKEY *pkey, int sign)
{
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
    int ok;

    if (!mctx || !pctx)
        abort();
    if (EVP_PKEY_CTX_set1_id(pctx, SM2_ID, sizeof SM2_ID - 1) <= 0)
        goto fail;
    EVP_MD_CTX_set_pkey_ctx(mctx, pctx); /* mctx does not take ownership: freed below */
    ok = sign ? EVP_DigestSignInit(mctx, NULL, EVP_sm3(), NULL, pkey)
              : EVP_DigestVerifyInit(mctx, NULL, EVP_sm3(), NULL, pkey);
    if (ok != 1)
        goto fail;
    return mctx;
fail:
    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
    return NULL;
}

static void sm2_md_ctx_free(EVP_MD_CTX *mctx)
{
    EVP_PKEY_CTX *pctx = EVP_MD_CTX_get_pkey_ctx(mctx);

    EVP_MD_CTX_free(mctx);
    EVP_PKEY_CTX_free(pctx);
}

xy_code xy_sm2_sign(const struct xy_sm2_key *k, const void *msg, size_t n,
                    unsigned char sig[XY_SM2_SIG_MAX], size_t *siglen, struct xy_err *err)
{
    EVP_MD_CTX *mctx;
    size_t len = 0;
    int ok;

    *siglen = 0;
    if (!k || !k->has_private)
        return xy_err_set(err, XY_INVALID, "cannot sign without the SM2 private key");
    if (!(mctx = sm2_md_ctx(k->pkey, 1)))
        return xy_err_set(err, XY_INTERNAL, "could not start an SM2 signature");
    ok = EVP_DigestSignUpdate(mctx, msg, n) == 1 && EVP_DigestSignFinal(mctx, NULL, &len) == 1 &&
         len <= XY_SM2_SIG_MAX && EVP_DigestSignFinal(mctx, sig, &len) == 1;
    sm2_md_ctx_free(mctx);
    if (!ok)
        return xy_err_set(err, XY_INTERNAL, "could not make an SM2 signature");
    *siglen = len;
    return XY_OK;
}

int xy_sm2_verify(const struct xy_sm2_key *k, const void *msg, size_t n, const unsigned char *sig,
                  size_t siglen)
{
    EVP_MD_CTX *mctx;
    int ok;

    if (!k || !(mctx = sm2_md_ctx(k->pkey, 0)))
        return 0;
    ok = EVP_DigestVerifyUpdate(mctx, msg, n) == 1 && EVP_DigestVerifyFinal(mctx, sig, siglen) == 1;
    sm2_md_ctx_free(mctx);
    return ok;
}

/* ---- key files ---- */

#define KEY_FILE_MAX (64 << 10)

/* The file's text (malloc'd, NUL-terminated) when only its owner may read it. */
static xy_code read_key_file(const char *path, const char *what, char **text, size_t *n,
                             struct xy_err *err)
{
    struct stat st;
    ssize_t got;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    *text = NULL;
    if (fd < 0)
        return xy_err_set(err, errno == ENOENT ? XY_NOT_FOUND : XY_IO, "cannot open %s \"%s\": %s",
                          what, path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return xy_err_set(err, XY_IO, "%s \"%s\" is not a regular file", what, path);
    }
    if (st.st_mode & 077) {
        close(fd);
        xy_err_set(err, XY_DENIED, "签名密钥文件“%s”的权限过宽（%03o），拒绝使用", path,
                   (unsigned)(st.st_mode & 0777));
        err->hint = "only its owner may read it: chmod 600 FILE";
        return XY_DENIED;
    }
    if (st.st_size > KEY_FILE_MAX) {
        close(fd);
        return xy_err_set(err, XY_TOO_LARGE, "%s \"%s\" is over %d KiB", what, path,
                          KEY_FILE_MAX >> 10);
    }
    if (!(*text = malloc((size_t)st.st_size + 1)))
        abort();
    got = read(fd, *text, (size_t)st.st_size);
    close(fd);
    if (got != (ssize_t)st.st_size) {
        free(*text);
        *text = NULL;
        return xy_err_set(err, XY_IO, "could not read %s \"%s\"", what, path);
    }
    (*text)[got] = '\0';
    *n = (size_t)got;
    return XY_OK;
}

static xy_code write_new_key(const char *path, const char *what, const char *pem,
                             struct xy_err *err)
{
    size_t n = strlen(pem);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

    if (fd < 0)
        return xy_err_set(err, errno == EEXIST ? XY_CONFLICT : XY_IO, "cannot create %s \"%s\": %s",
                          what, path, strerror(errno));
    if (write(fd, pem, n) != (ssize_t)n || fsync(fd) != 0) {
        close(fd);
        unlink(path);
        return xy_err_set(err, XY_IO, "could not write %s \"%s\"", what, path);
    }
    close(fd);
    return XY_OK;
}

xy_code xy_sm2_key_file(const char *path, int create, const char *what, struct xy_sm2_key **out,
                        struct xy_err *err)
{
    char *pem = NULL;
    size_t n = 0;
    xy_code rc = read_key_file(path, what, &pem, &n, err);

    *out = NULL;
    if (rc == XY_NOT_FOUND && create) {
        struct xy_sm2_key *k;
        char *text;
        if ((rc = xy_sm2_generate(&k, err)) != XY_OK)
            return rc;
        text = xy_sm2_private_pem(k);
        rc = text ? write_new_key(path, what, text, err)
                  : xy_err_set(err, XY_INTERNAL, "could not encode the SM2 key");
        free(text);
        if (rc == XY_OK) {
            *out = k;
            return XY_OK;
        }
        xy_sm2_free(k);
        if (rc != XY_CONFLICT) /* another process made it meanwhile: read theirs */
            return rc;
        rc = read_key_file(path, what, &pem, &n, err);
    }
    if (rc != XY_OK)
        return rc;
    rc = xy_sm2_from_pem(pem, n, out, err);
    free(pem);
    if (rc != XY_OK)
        return xy_err_prefix(err, "%s \"%s\": ", what, path);
    return XY_OK;
}
