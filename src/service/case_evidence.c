/* case_evidence.c - the evidence files of objections and repair applications (layer: service)
 *
 * Checked by content (PDF, JPEG, PNG), limited in size and number, sealed at rest and read
 * back only by those who may see the case (service/cases.c decides who), every read audited.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/encode.h"
#include "base/time.h"
#include "crypto/crypto.h"
#include "service/audit.h"
#include "service/case_internal.h"
#include "service/files.h"

#define EVIDENCE_NAME_MAX 200 /* bytes of an evidence file's name */

static const struct {
    const char *mime;
    const unsigned char *magic;
    size_t n;
} signatures[] = {
    {"application/pdf", (const unsigned char *)"%PDF-", 5},
    {"image/jpeg", (const unsigned char *)"\xFF\xD8\xFF", 3},
    {"image/png", (const unsigned char *)"\x89PNG\r\n\x1A\n", 8},
};

int xy_evidence_type_known(const char *mime)
{
    for (size_t i = 0; i < sizeof(signatures) / sizeof(signatures[0]); i++)
        if (mime && !strcmp(mime, signatures[i].mime))
            return 1;
    return 0;
}

int xy_evidence_type_matches(const char *mime, const void *data, size_t len)
{
    for (size_t i = 0; i < sizeof(signatures) / sizeof(signatures[0]); i++)
        if (mime && !strcmp(mime, signatures[i].mime))
            return len >= signatures[i].n && !memcmp(data, signatures[i].magic, signatures[i].n);
    return 0;
}

xy_code xy_evidence_name_check(const char *name, struct xy_err *err)
{
    size_t n = name ? strlen(name) : 0;

    if (xy_case_blank(name)) {
        xy_err_set(err, XY_INVALID, "请给出证明材料的文件名");
        err->field = "name";
        return XY_INVALID;
    }
    if (n > EVIDENCE_NAME_MAX) {
        xy_err_set(err, XY_INVALID, "文件名过长（%zu字节，最多%d字节）", n, EVIDENCE_NAME_MAX);
        err->field = "name";
        return XY_INVALID;
    }
    if (xy_utf8_chars(name, n) < 0) {
        xy_err_set(err, XY_INVALID, "文件名含有无法识别的字符（须为 UTF-8 编码）");
        err->field = "name";
        return XY_INVALID;
    }
    /* the name is shown in lists and sent back in a header: no path, no control characters */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\') {
            xy_err_set(err, XY_INVALID, "文件名不能含有“/”“\\”或控制字符");
            err->field = "name";
            return XY_INVALID;
        }
    if (!strcmp(name, ".") || !strcmp(name, "..")) {
        xy_err_set(err, XY_INVALID, "文件名“%s”无效", name);
        err->field = "name";
        return XY_INVALID;
    }
    return XY_OK;
}

/* The evidence folder: remedy.evidence_dir, or "<db>.evidence", created 0700. */
static xy_code evidence_dir(struct xy_ctx *ctx, char *out, size_t cap, struct xy_err *err)
{
    return xy_private_dir(ctx->cfg->remedy_evidence_dir, ctx->cfg->db, ".evidence", "evidence", out,
                          cap, err);
}

/* Evidence is a subject's papers (licences, receipts, ID card copies): it is kept sealed, SM4
 * with HMAC-SM3 under the keyring's file key, as "XYE1" | box, the box bound to the content
 * hash. The file is named by the index key's HMAC of that hash, so a folder listing cannot
 * tell whether a known document was uploaded, and equal files are still stored once. */
#define EVIDENCE_MAGIC     "XYE1"
#define EVIDENCE_MAGIC_LEN 4

static void evidence_path(struct xy_ctx *ctx, const char *dir, const char *sha, char *out,
                          size_t cap)
{
    char label[80], hex[2 * XY_SM3_LEN + 1];
    unsigned char mac[XY_SM3_LEN];

    snprintf(label, sizeof(label), "evidence:%s", sha);
    xy_keyring_index_mac(ctx->keys, label, strlen(label), mac);
    xy_hex(mac, sizeof(mac), hex);
    snprintf(out, cap, "%s/%s", dir, hex);
}

/* The sealed form of data whose hash is sha, malloc'd into *out (*n bytes). */
static xy_code evidence_seal(struct xy_ctx *ctx, const char *sha, const void *data, size_t len,
                             unsigned char **out, size_t *n, struct xy_err *err)
{
    struct xy_aead_key k;
    char ad[80];
    xy_code rc;

    *n = EVIDENCE_MAGIC_LEN + len + XY_AEAD_OVERHEAD;
    if (!(*out = malloc(*n)))
        return xy_err_set(err, XY_INTERNAL, "no memory to seal %zu bytes of evidence", len);
    memcpy(*out, EVIDENCE_MAGIC, EVIDENCE_MAGIC_LEN);
    snprintf(ad, sizeof(ad), "evidence:%s", sha);
    xy_keyring_file_key(ctx->keys, &k);
    rc = xy_aead_seal(&k, ad, strlen(ad), data, len, *out + EVIDENCE_MAGIC_LEN, err);
    explicit_bzero(&k, sizeof(k));
    if (rc != XY_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* The plain bytes of a sealed evidence file whose hash is sha, in a (*n bytes). */
static xy_code evidence_open(struct xy_ctx *ctx, const char *sha, const struct xy_buf *b,
                             struct xy_arena *a, unsigned char **out, size_t *n, struct xy_err *err)
{
    struct xy_aead_key k;
    char ad[80];
    xy_code rc;

    if (b->len < EVIDENCE_MAGIC_LEN + XY_AEAD_OVERHEAD ||
        memcmp(b->data, EVIDENCE_MAGIC, EVIDENCE_MAGIC_LEN))
        return xy_err_set(err, XY_IO, "evidence file of %.12s is not a sealed evidence file", sha);
    *n = b->len - EVIDENCE_MAGIC_LEN - XY_AEAD_OVERHEAD;
    *out = xy_arena_alloc(a, *n + 1);
    snprintf(ad, sizeof(ad), "evidence:%s", sha);
    xy_keyring_file_key(ctx->keys, &k);
    rc = xy_aead_open(&k, ad, strlen(ad), (const unsigned char *)b->data + EVIDENCE_MAGIC_LEN,
                      b->len - EVIDENCE_MAGIC_LEN, *out, err);
    explicit_bzero(&k, sizeof(k));
    if (rc != XY_OK)
        return xy_err_set(err, XY_IO, "evidence file of %.12s does not open under this key file",
                          sha);
    return XY_OK;
}

/* Write path through a temporary file and a rename, mode 0600: a reader never sees half a
 * file under its final name. A file already there holds the same bytes (its name comes from
 * their hash) and is kept. */
static xy_code write_evidence(const char *dir, const char *path, const void *p, size_t n,
                              struct xy_err *err)
{
    char tmp[4200], hex[25];
    unsigned char rnd[12];
    xy_code rc;

    if (access(path, F_OK) == 0)
        return XY_OK; /* the same bytes, stored for another case */
    if ((rc = xy_random(rnd, sizeof(rnd), err)) != XY_OK)
        return rc;
    xy_hex(rnd, sizeof(rnd), hex);
    snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", dir, hex);
    if ((rc = xy_file_write_new(tmp, p, n, err)) != XY_OK)
        return rc;
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return xy_err_set(err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
    }
    return XY_OK;
}

/* The content hash the evidence is stored under. */
static void content_hash(const void *data, size_t len, char out[65])
{
    unsigned char md[XY_SHA256_LEN];

    /* SHA-256, not SM3: the applicant and staff check a file with the tools they have */
    xy_sha256(data, len, md);
    xy_hex(md, sizeof(md), out);
}

xy_code xy_case_evidence_add(struct xy_ctx *ctx, int64_t id, const char *name, const char *mime,
                             const void *data, size_t len, char sha[65], struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_case_view v;
    struct xy_evidence e = {0}, *have;
    struct xy_case_parts p;
    size_t n;
    char dir[4000], path[4100], target[48];
    xy_code rc;

    sha[0] = '\0';
    if ((rc = xy_case_read(ctx, id, a, &v, &p, err)) != XY_OK)
        goto out;
    if (p.filer && !p.reviewer && !p.dept) {
        if (xy_case_closed(&v.c)) {
            rc =
                xy_err_set(err, XY_CONFLICT, "案件已办结（%s），不能再补充证明材料", v.state_label);
            goto out;
        }
    }
    if ((rc = xy_evidence_name_check(name, err)) != XY_OK)
        goto out;
    if (!xy_evidence_type_known(mime)) {
        rc = xy_err_set(err, XY_INVALID, "证明材料只接受 PDF、JPEG 或 PNG 文件");
        err->field = "mime";
        goto out;
    }
    if ((long long)len > ctx->cfg->remedy_evidence_max_bytes) {
        rc = xy_err_set(err, XY_TOO_LARGE, "文件大小%zu字节，超过上限%ld字节", len,
                        ctx->cfg->remedy_evidence_max_bytes);
        err->field = "body";
        goto out;
    }
    if (!xy_evidence_type_matches(mime, data, len)) {
        /* the bytes decide, not the name or the declared type */
        rc = xy_err_set(err, XY_INVALID, "文件内容不是%s格式（请上传真实的 PDF、JPEG 或 PNG 文件）",
                        !strcmp(mime, "application/pdf") ? "PDF"
                        : !strcmp(mime, "image/jpeg")    ? "JPEG"
                                                         : "PNG");
        err->field = "mime";
        goto out;
    }
    content_hash(data, len, sha);
    if ((rc = xy_store_evidence_list(ctx->store, id, a, &have, &n, err)) != XY_OK)
        goto out;
    for (size_t i = 0; i < n; i++)
        if (have[i].sha256 && !strcmp(have[i].sha256, sha)) {
            rc = xy_err_set(err, XY_CONFLICT, "该文件已上传到本案件（%s）", have[i].name);
            goto out;
        }
    if ((long)n >= ctx->cfg->remedy_evidence_max_files) {
        rc = xy_err_set(err, XY_CONFLICT, "每个案件最多上传%ld个证明材料文件",
                        ctx->cfg->remedy_evidence_max_files);
        goto out;
    }
    if ((rc = evidence_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        goto out;
    evidence_path(ctx, dir, sha, path, sizeof(path));
    {
        unsigned char *sealed;
        size_t n_sealed;
        if ((rc = evidence_seal(ctx, sha, data, len, &sealed, &n_sealed, err)) != XY_OK)
            goto out;
        rc = write_evidence(dir, path, sealed, n_sealed, err);
        free(sealed);
        if (rc != XY_OK)
            goto out;
    }
    e.case_id = id;
    e.sha256 = sha;
    e.name = name;
    e.mime = mime;
    e.bytes = (int64_t)len;
    e.added_at = xy_now_ms();
    e.added_by = ctx->who && ctx->who->login ? ctx->who->login : "?";
    snprintf(target, sizeof(target), "case:%lld", (long long)id);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    /* counted again in the transaction: two uploads at once must not both be the tenth */
    if ((rc = xy_store_evidence_list(ctx->store, id, a, &have, &n, err)) == XY_OK &&
        (long)n >= ctx->cfg->remedy_evidence_max_files)
        rc = xy_err_set(err, XY_CONFLICT, "每个案件最多上传%ld个证明材料文件",
                        ctx->cfg->remedy_evidence_max_files);
    if (rc == XY_OK && (rc = xy_store_evidence_put(ctx->store, &e, err)) == XY_CONFLICT)
        xy_err_set(err, XY_CONFLICT, "该文件已上传到本案件");
    if (rc == XY_OK)
        rc = xy_audit_append(ctx,
                             &(struct xy_audit_event){.action = "case.evidence_add",
                                                      .target = target,
                                                      .subject_id = v.c.subject_id,
                                                      .result = "ok",
                                                      .detail = mime},
                             err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    if (rc != XY_OK)
        xy_store_rollback(ctx->store);
    /* a file written for a refused upload stays: another case may hold the same bytes by now,
     * and a stray file named by its hash harms nothing */
out:
    if (rc != XY_OK)
        sha[0] = '\0';
    xy_arena_free(a);
    return rc;
}

xy_code xy_case_evidence_get(struct xy_ctx *ctx, int64_t id, const char *sha, struct xy_arena *a,
                             struct xy_evidence *ev, void **data, size_t *len, struct xy_err *err)
{
    struct xy_case_view v;
    struct xy_evidence *have;
    struct xy_case_parts p;
    struct xy_buf b = XY_BUF_INIT;
    char dir[4000], path[4100], target[48], check[65];
    unsigned char *plain = NULL;
    size_t n, i, nplain = 0;
    xy_code rc;

    *data = NULL;
    *len = 0;
    if ((rc = xy_case_read(ctx, id, a, &v, &p, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_evidence_list(ctx->store, id, a, &have, &n, err)) != XY_OK)
        return rc;
    for (i = 0; i < n && (!sha || !have[i].sha256 || strcmp(have[i].sha256, sha)); i++)
        ;
    if (i == n) {
        xy_err_set(err, XY_NOT_FOUND, "这个案件没有该证明材料");
        err->field = "sha256";
        return XY_NOT_FOUND;
    }
    *ev = have[i];
    if ((rc = evidence_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        return rc;
    evidence_path(ctx, dir, have[i].sha256, path, sizeof(path));
    /* a file longer than recorded is as wrong as a shorter one: read one byte more */
    rc = xy_file_read(path, (size_t)have[i].bytes + EVIDENCE_MAGIC_LEN + XY_AEAD_OVERHEAD + 1, &b,
                      err);
    if (rc == XY_OK)
        rc = evidence_open(ctx, have[i].sha256, &b, a, &plain, &nplain, err);
    xy_buf_release(&b);
    if (rc != XY_OK)
        return rc;
    content_hash(plain, nplain, check);
    if ((int64_t)nplain != have[i].bytes || strcmp(check, have[i].sha256))
        return xy_err_set(err, XY_IO, "the evidence file \"%s\" does not match its hash", path);
    snprintf(target, sizeof(target), "case:%lld", (long long)id);
    rc = xy_audit_record(ctx,
                         &(struct xy_audit_event){.action = "case.evidence_read",
                                                  .target = target,
                                                  .subject_id = v.c.subject_id,
                                                  .result = "ok",
                                                  .detail = have[i].sha256},
                         err);
    if (rc == XY_OK) {
        *data = plain;
        *len = nplain;
    }
    return rc;
}
