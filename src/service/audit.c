/* audit.c - the audit trail: append, checkpoints, verification, search, retention
 * (layer: service)
 *
 * GB/T 22239-2019 level 3 (8.1.4.3 安全审计) asks that audit records be protected from
 * deletion, change and overwriting; the chain below makes any of those visible, the SM2
 * checkpoints (GB/T 39786: signatures for integrity and non-repudiation) carry that proof to
 * another host, and retention keeps at least six months (网络安全法 art. 21).
 *
 * The chain: mac(n) = HMAC-SM3(audit key, mac(n-1) || canonical(row n)) with the canonical
 * form of xy_audit_mac(). mac(0) is 32 zero bytes, or after a purge the mac of the last purged
 * row (the anchor). Reading the last row and inserting the next happen inside the caller's
 * write transaction (BEGIN IMMEDIATE), so two writers cannot fork the chain.
 */
#include "service/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "crypto/crypto.h"
#include "crypto/keyring.h"

#define FIELD_MAX        1024       /* longest string of an event we append */
#define KEY_FILE_MAX     (64 << 10) /* an exported checkpoint */
#define REORDER_WINDOW   16         /* rows either side searched for a moved row */
#define MIN_RETENTION_D  183        /* six months: 网络安全法 art. 21 */
#define CHECKPOINT_MAGIC "xinyong-audit-checkpoint\n"

static const unsigned char zero_mac[XY_SM3_LEN];

static xy_code audit_key(struct xy_ctx *ctx, const unsigned char **key, struct xy_err *err)
{
    if (!ctx->keys || !(*key = xy_keyring_audit_key(ctx->keys))) {
        xy_err_set(err, XY_UNAVAILABLE, "审计密钥不可用：没有加载密钥文件");
        err->hint = "the audit chain is keyed by the key file (see `xinyong key`)";
        return XY_UNAVAILABLE;
    }
    return XY_OK;
}

/* ---- the canonical form ---- */

static void put_u32(struct xy_buf *b, uint32_t v)
{
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    xy_buf_add(b, p, 4);
}

static void put_i64(struct xy_buf *b, int64_t s)
{
    uint64_t v = (uint64_t)s;
    put_u32(b, (uint32_t)(v >> 32));
    put_u32(b, (uint32_t)v);
}

static void put_str(struct xy_buf *b, const char *s)
{
    size_t n;

    if (!s) {
        put_u32(b, 0xffffffffu);
        return;
    }
    n = strlen(s);
    put_u32(b, (uint32_t)n);
    xy_buf_add(b, s, n);
}

void xy_audit_mac(const unsigned char key[32], const unsigned char prev[32],
                  const struct xy_audit_row *r, unsigned char out[32])
{
    struct xy_buf b = XY_BUF_INIT;

    xy_buf_add(&b, prev, XY_SM3_LEN);
    put_str(&b, "xinyong-audit-v1");
    put_i64(&b, r->seq);
    put_i64(&b, r->at);
    put_str(&b, r->actor);
    put_str(&b, r->role);
    put_i64(&b, r->dept_id);
    put_str(&b, r->client);
    put_str(&b, r->action);
    put_str(&b, r->target);
    put_i64(&b, r->subject_id);
    put_str(&b, r->purpose);
    put_str(&b, r->result);
    put_str(&b, r->detail);
    xy_hmac_sm3(key, XY_SM3_LEN, b.data, b.len, out);
    xy_buf_release(&b);
}

/* The stored hex mac as bytes; 0 when it is not 64 hex digits (a forged or damaged row). */
static int mac_bytes(const char *hex, unsigned char out[32])
{
    return hex && strlen(hex) == 64 && xy_unhex(hex, out, XY_SM3_LEN) == 0;
}

/* 1 when row r, given seq, chains from prev to its stored mac. */
static int chains(const unsigned char *key, const unsigned char prev[32],
                  const struct xy_audit_row *r, int64_t seq)
{
    struct xy_audit_row t = *r;
    unsigned char want[32], got[32];

    if (!mac_bytes(r->mac, got))
        return 0;
    t.seq = seq;
    xy_audit_mac(key, prev, &t, want);
    return xy_ct_equal(want, got, XY_SM3_LEN);
}

/* ---- the signing key ---- */

const char *xy_audit_signing_key_path(const struct xy_config *cfg, struct xy_arena *a)
{
    if (cfg->audit_signing_key && *cfg->audit_signing_key)
        return xy_arena_strdup(a, cfg->audit_signing_key);
    return xy_arena_printf(a, "%s.audit-sm2.pem", cfg->db);
}

/* Read a small file (an exported checkpoint) into a, NUL-terminated. XY_NOT_FOUND when it does
 * not exist. */
static xy_code read_small(const char *path, struct xy_arena *a, char **text, size_t *n,
                          struct xy_err *err)
{
    struct stat st;
    ssize_t got;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return xy_err_set(err, errno == ENOENT ? XY_NOT_FOUND : XY_IO, "cannot open \"%s\": %s",
                          path, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return xy_err_set(err, XY_IO, "\"%s\" is not a regular file", path);
    }
    if (st.st_size > KEY_FILE_MAX) {
        close(fd);
        return xy_err_set(err, XY_TOO_LARGE, "\"%s\" is over %d KiB", path, KEY_FILE_MAX >> 10);
    }
    *text = xy_arena_alloc(a, (size_t)st.st_size + 1);
    got = read(fd, *text, (size_t)st.st_size);
    close(fd);
    if (got != (ssize_t)st.st_size)
        return xy_err_set(err, XY_IO, "could not read \"%s\"", path);
    (*text)[got] = '\0';
    *n = (size_t)got;
    return XY_OK;
}

/* The signing key; with create, made on first use. */
static xy_code signing_key(struct xy_ctx *ctx, int create, struct xy_arena *a,
                           struct xy_sm2_key **out, struct xy_err *err)
{
    return xy_sm2_key_file(xy_audit_signing_key_path(ctx->cfg, a), create, "the audit signing key",
                           out, err);
}

/* ---- append ---- */

static xy_code check_field(const char *name, const char *s, struct xy_err *err)
{
    if (s && strlen(s) > FIELD_MAX)
        return xy_err_set(err, XY_TOO_LARGE, "audit field %s is over %d bytes", name, FIELD_MAX);
    return XY_OK;
}

/* The row as ctx->who, appended; its seq and hex mac come back. */
static xy_code append_row(struct xy_ctx *ctx, const struct xy_audit_event *ev, int64_t *seq,
                          char mac[65], struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    const unsigned char *key;
    unsigned char prev[XY_SM3_LEN], out[XY_SM3_LEN];
    struct xy_audit_row r = {0};
    char last[65];
    xy_code rc;

    if (!ev->action || !*ev->action)
        return xy_err_set(err, XY_INTERNAL, "an audit event needs an action");
    if ((rc = check_field("target", ev->target, err)) != XY_OK ||
        (rc = check_field("purpose", ev->purpose, err)) != XY_OK ||
        (rc = check_field("detail", ev->detail, err)) != XY_OK ||
        (rc = check_field("action", ev->action, err)) != XY_OK ||
        (rc = check_field("result", ev->result, err)) != XY_OK)
        return rc;
    if ((rc = audit_key(ctx, &key, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_audit_last(ctx->store, &r.seq, last, err)) != XY_OK)
        return rc;
    if (!last[0])
        memcpy(prev, zero_mac, sizeof(prev));
    else if (!mac_bytes(last, prev))
        return xy_err_set(err, XY_STORAGE,
                          "the last audit row's mac is malformed (seq %" PRId64
                          "); run `xinyong audit verify`",
                          r.seq);
    r.seq++;
    r.at = xy_now_ms();
    r.actor = who && who->login && *who->login ? who->login : "anonymous";
    r.role = xy_role_name(who ? who->role : XY_R_NONE);
    r.dept_id = who ? who->dept_id : 0;
    r.client = who ? who->client : NULL;
    r.action = ev->action;
    r.target = ev->target;
    r.subject_id = ev->subject_id;
    r.purpose = ev->purpose;
    r.result = ev->result ? ev->result : "ok";
    r.detail = ev->detail;
    xy_audit_mac(key, prev, &r, out);
    xy_hex(out, XY_SM3_LEN, mac);
    r.mac = mac;
    if ((rc = xy_store_audit_insert(ctx->store, &r, err)) != XY_OK)
        return rc;
    *seq = r.seq;
    return XY_OK;
}

const char *xy_audit_checkpoint_text(const struct xy_audit_checkpoint *c, struct xy_arena *a)
{
    return xy_arena_printf(a, CHECKPOINT_MAGIC "seq=%" PRId64 "\nmac=%s\nat=%" PRId64 "\n", c->seq,
                           c->mac, c->at);
}

/* Sign and store the checkpoint of row seq (inside the caller's transaction), or return the
 * one already stored. */
static xy_code sign_checkpoint(struct xy_ctx *ctx, int64_t seq, const char *mac, struct xy_arena *a,
                               struct xy_audit_checkpoint *out, struct xy_err *err)
{
    struct xy_sm2_key *k = NULL;
    unsigned char sig[XY_SM2_SIG_MAX];
    size_t siglen;
    const char *text;
    char *b64, *pub;
    xy_code rc;

    rc = xy_store_audit_checkpoint_get(ctx->store, seq, 0, a, out, err);
    if (rc != XY_NOT_FOUND)
        return rc;
    if ((rc = signing_key(ctx, 1, a, &k, err)) != XY_OK)
        return rc;
    out->seq = seq;
    out->mac = xy_arena_strdup(a, mac);
    out->at = xy_now_ms();
    text = xy_audit_checkpoint_text(out, a);
    if ((rc = xy_sm2_sign(k, text, strlen(text), sig, &siglen, err)) != XY_OK)
        goto out;
    b64 = xy_arena_alloc(a, 4 * ((siglen + 2) / 3) + 1);
    xy_base64(sig, siglen, b64);
    out->signature = b64;
    if (!(pub = xy_sm2_public_pem(k))) {
        rc = xy_err_set(err, XY_INTERNAL, "could not encode the SM2 public key");
        goto out;
    }
    out->public_key = xy_arena_strdup(a, pub);
    free(pub);
    rc = xy_store_audit_checkpoint_put(ctx->store, out, err);
out:
    xy_sm2_free(k);
    return rc;
}

xy_code xy_audit_append(struct xy_ctx *ctx, const struct xy_audit_event *ev, struct xy_err *err)
{
    int64_t seq;
    char mac[65];
    long every = ctx->cfg ? ctx->cfg->audit_checkpoint_rows : 0;
    xy_code rc = append_row(ctx, ev, &seq, mac, err);

    /* Loading the key and signing cost about 1.4 ms, some 230 appends in a bulk loop or one
     * committed action (docs/audit.md): once per audit.checkpoint_rows (1000) rows that is
     * a tenth of a per cent of the actions' time. */
    if (rc == XY_OK && every > 0 && seq % every == 0) {
        struct xy_arena *a = xy_arena_new();
        struct xy_audit_checkpoint c;
        rc = sign_checkpoint(ctx, seq, mac, a, &c, err);
        xy_arena_free(a);
    }
    return rc;
}

xy_code xy_audit_read(struct xy_ctx *ctx, const char *action, int64_t subject_id,
                      const char *purpose, xy_audit_reader read, void *arg, struct xy_err *err)
{
    char target[48];
    xy_code rc;

    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = read(ctx, arg, err)) != XY_OK)
        goto fail;
    snprintf(target, sizeof(target), "subject:%lld", (long long)subject_id);
    if ((rc = xy_audit_append(ctx,
                              &(struct xy_audit_event){.action = action,
                                                       .target = target,
                                                       .subject_id = subject_id,
                                                       .purpose = purpose,
                                                       .result = "ok"},
                              err)) != XY_OK)
        goto fail;
    return xy_store_commit(ctx->store, err);
fail:
    xy_store_rollback(ctx->store);
    return rc;
}

xy_code xy_audit_record(struct xy_ctx *ctx, const struct xy_audit_event *ev, struct xy_err *err)
{
    xy_code rc;

    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_audit_append(ctx, ev, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return xy_store_commit(ctx->store, err);
}

/* A refused use case of the trail itself is recorded too; err keeps the refusal. */
static xy_code refused(struct xy_ctx *ctx, const char *action, xy_code rc, struct xy_err *err)
{
    struct xy_err ignored = {0};
    struct xy_audit_event ev = {.action = action, .result = "denied"};

    if (ctx->store)
        xy_audit_record(ctx, &ev, &ignored);
    return rc;
}

/* ---- checkpoints ---- */

xy_code xy_audit_checkpoint(struct xy_ctx *ctx, struct xy_arena *a, struct xy_audit_checkpoint *out,
                            struct xy_err *err)
{
    struct xy_audit_event ev = {.action = "audit.checkpoint", .result = "ok"};
    int64_t seq;
    char mac[65];
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_AUDIT_READ, err);

    if (rc != XY_OK)
        return refused(ctx, "audit.checkpoint", rc, err);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = append_row(ctx, &ev, &seq, mac, err)) != XY_OK ||
        (rc = sign_checkpoint(ctx, seq, mac, a, out, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return xy_store_commit(ctx->store, err);
}

const char *xy_audit_checkpoint_file(const struct xy_audit_checkpoint *c, struct xy_arena *a)
{
    return xy_arena_printf(a, "%ssignature=%s\n%s", xy_audit_checkpoint_text(c, a), c->signature,
                           c->public_key);
}

xy_code xy_audit_checkpoint_export(const struct xy_audit_checkpoint *c, const char *path,
                                   struct xy_arena *a, struct xy_err *err)
{
    const char *text = xy_audit_checkpoint_file(c, a);
    const char *tmp = xy_arena_printf(a, "%s.tmp%ld", path, (long)getpid());
    size_t n = strlen(text);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    if (fd < 0)
        return xy_err_set(err, XY_IO, "cannot create \"%s\": %s", tmp, strerror(errno));
    if (write(fd, text, n) != (ssize_t)n || fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        return xy_err_set(err, XY_IO, "could not write \"%s\"", tmp);
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return xy_err_set(err, XY_IO, "cannot rename \"%s\" to \"%s\": %s", tmp, path,
                          strerror(errno));
    }
    return XY_OK;
}

/* The value of "name=" at *p up to the end of its line; advances *p. */
static const char *field(const char **p, const char *name, struct xy_arena *a)
{
    size_t k = strlen(name);
    const char *e;

    if (strncmp(*p, name, k) != 0 || (*p)[k] != '=' || !(e = strchr(*p, '\n')))
        return NULL;
    const char *v = xy_arena_strndup(a, *p + k + 1, (size_t)(e - *p - k - 1));
    *p = e + 1;
    return v;
}

static int parse_i64(const char *s, int64_t *out)
{
    char *end;
    long long v;

    if (!s || !*s)
        return -1;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || *end || v < 0)
        return -1;
    *out = v;
    return 0;
}

xy_code xy_audit_checkpoint_read(const char *path, struct xy_arena *a,
                                 struct xy_audit_checkpoint *out, struct xy_err *err)
{
    char *text = NULL;
    size_t n = 0;
    const char *p, *seq, *mac, *at;
    unsigned char tmp[XY_SM3_LEN];
    xy_code rc = read_small(path, a, &text, &n, err);

    if (rc != XY_OK)
        return rc;
    if (strlen(text) != n || strncmp(text, CHECKPOINT_MAGIC, strlen(CHECKPOINT_MAGIC)) != 0)
        return xy_err_set(err, XY_PARSE, "“%s”不是导出的审计检查点（首行应为 %.24s）", path,
                          CHECKPOINT_MAGIC);
    p = text + strlen(CHECKPOINT_MAGIC);
    seq = field(&p, "seq", a);
    mac = field(&p, "mac", a);
    at = field(&p, "at", a);
    out->signature = field(&p, "signature", a);
    out->public_key = p;
    if (parse_i64(seq, &out->seq) != 0 || out->seq <= 0)
        return xy_err_set(err, XY_PARSE, "审计检查点“%s”的 seq 缺失或无效", path);
    if (!mac || !mac_bytes(mac, tmp))
        return xy_err_set(err, XY_PARSE, "审计检查点“%s”的 mac 应为64位十六进制数", path);
    if (parse_i64(at, &out->at) != 0)
        return xy_err_set(err, XY_PARSE, "审计检查点“%s”的 at 缺失或无效", path);
    if (!out->signature || !*out->signature)
        return xy_err_set(err, XY_PARSE, "审计检查点“%s”缺少 signature", path);
    if (!strstr(p, "-----BEGIN PUBLIC KEY-----"))
        return xy_err_set(err, XY_PARSE, "审计检查点“%s”缺少公钥（PEM）", path);
    out->mac = mac;
    return XY_OK;
}

/* 1 when valid; key is the parsed public key of c (or NULL: parsed here). */
static int signature_valid(const struct xy_audit_checkpoint *c, const struct xy_sm2_key *key,
                           struct xy_arena *a)
{
    unsigned char sig[XY_SM2_SIG_MAX + 4];
    struct xy_sm2_key *own = NULL;
    const char *text = xy_audit_checkpoint_text(c, a);
    long n = c->signature ? xy_unbase64(c->signature, sig, sizeof(sig)) : -1;
    int ok;

    if (n <= 0)
        return 0;
    if (!key) {
        if (!c->public_key ||
            xy_sm2_from_pem(c->public_key, strlen(c->public_key), &own, NULL) != XY_OK)
            return 0;
        key = own;
    }
    ok = xy_sm2_verify(key, text, strlen(text), sig, (size_t)n) == 1;
    xy_sm2_free(own);
    return ok;
}

int xy_audit_checkpoint_valid(const struct xy_audit_checkpoint *c, struct xy_arena *a)
{
    return signature_valid(c, NULL, a);
}

/* ---- verification ---- */

static void free_arena(void *p)
{
    xy_arena_free(p);
}

static void problem(struct xy_audit_report *rep, const char *code, int64_t seq, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));

static void problem(struct xy_audit_report *rep, const char *code, int64_t seq, const char *fmt,
                    ...)
{
    struct xy_audit_problem *p;
    va_list ap;

    if (rep->nproblems == XY_AUDIT_MAX_PROBLEMS)
        return;
    p = &rep->problems[rep->nproblems++];
    p->code = code;
    p->seq = seq;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof(p->message), fmt, ap);
    va_end(ap);
}

struct walk {
    struct xy_ctx *ctx;
    const unsigned char *key;
    struct xy_arena *a;
    struct xy_audit_report *rep;
    unsigned char prev[XY_SM3_LEN]; /* what the next row must chain from */
    int64_t expect;                 /* the seq the next row must have */
    /* a row that failed, kept until the next one says what happened to it */
    int pending;
    struct xy_audit_row bad;
    unsigned char bad_prev[XY_SM3_LEN];
    struct xy_err *err;
    xy_code rc;
    /* the chained audit.purge row that vouches for the anchor: when it ran, with what retention */
    int64_t anchor_seq, purge_at;
    long purge_days;
};

static const char *keep(struct xy_arena *a, const char *s)
{
    return s ? xy_arena_strdup(a, s) : NULL;
}

/* Did the failed row come from elsewhere in the chain? Try it at every seq of the rows around
 * it, after every mac seen there: a match is a moved row, or a copy when the row at that seq
 * is still there with the same mac. */
static int classify_moved(struct walk *w)
{
    struct xy_audit_filter f = {.oldest_first = 1, .limit = 2 * REORDER_WINDOW + 1};
    const struct xy_audit_row *b = &w->bad;
    struct xy_audit_row *rows;
    size_t n;
    unsigned char(*prevs)[XY_SM3_LEN];
    size_t np = 0;

    f.min_seq = b->seq > REORDER_WINDOW ? b->seq - REORDER_WINDOW : 1;
    f.max_seq = b->seq + REORDER_WINDOW;
    if (xy_store_audit_search(w->ctx->store, &f, w->a, &rows, &n, w->err) != XY_OK)
        return -1;
    prevs = xy_arena_alloc(w->a, (n + 2) * sizeof(*prevs));
    memcpy(prevs[np++], w->bad_prev, XY_SM3_LEN);
    memcpy(prevs[np++], zero_mac, XY_SM3_LEN);
    for (size_t i = 0; i < n; i++)
        if (mac_bytes(rows[i].mac, prevs[np]))
            np++;
    for (int64_t m = f.min_seq; m <= f.max_seq; m++) {
        if (m == b->seq)
            continue;
        for (size_t j = 0; j < np; j++) {
            if (!chains(w->key, prevs[j], b, m))
                continue;
            for (size_t i = 0; i < n; i++)
                if (rows[i].seq == m && rows[i].mac && !strcmp(rows[i].mac, b->mac)) {
                    problem(w->rep, "audit.inserted", b->seq,
                            "第 %" PRId64 " 条审计记录是插入的：它复制了第 %" PRId64 " 条", b->seq,
                            m);
                    return 1;
                }
            problem(w->rep, "audit.reordered", b->seq,
                    "第 %" PRId64 " 条审计记录原是第 %" PRId64 " 条（记录顺序被调换）", b->seq, m);
            return 1;
        }
    }
    return 0;
}

/* Say what happened to the pending row, given the row after it (or NULL at the end). */
static void classify(struct walk *w, const struct xy_audit_row *next)
{
    const struct xy_audit_row *b = &w->bad;
    unsigned char bad_mac[XY_SM3_LEN];
    struct xy_audit_checkpoint c;
    struct xy_err ignored;

    w->pending = 0;
    if (classify_moved(w) != 0)
        return;
    if (next && next->seq == b->seq + 1 && mac_bytes(b->mac, bad_mac) &&
        chains(w->key, bad_mac, next, next->seq)) {
        problem(w->rep, "audit.changed", b->seq, "第 %" PRId64 " 条审计记录被改动（校验码不符）",
                b->seq);
        return;
    }
    if (next && (chains(w->key, w->bad_prev, next, next->seq) ||
                 chains(w->key, w->bad_prev, next, next->seq - 1))) {
        problem(w->rep, "audit.inserted", b->seq,
                "第 %" PRId64 " 条审计记录是插入的（不属于审计链，其后的记录接在第 %" PRId64
                " 条之后）",
                b->seq, b->seq - 1);
        return;
    }
    if (!next &&
        xy_store_audit_checkpoint_get(w->ctx->store, b->seq, 0, w->a, &c, &ignored) == XY_OK &&
        b->mac && !strcmp(c.mac, b->mac)) {
        problem(w->rep, "audit.changed", b->seq, "第 %" PRId64 " 条审计记录被改动（校验码不符）",
                b->seq);
        return;
    }
    if (!next) {
        problem(w->rep, "audit.changed", b->seq,
                "第 %" PRId64 " 条（最后一条）审计记录校验码不符：被改动，或是伪造后添加的",
                b->seq);
        return;
    }
    problem(w->rep, "audit.changed", b->seq, "第 %" PRId64 " 条审计记录被改动（校验码不符）",
            b->seq);
}

static int on_row(void *arg, const struct xy_audit_row *r)
{
    struct walk *w = arg;
    struct xy_audit_report *rep = w->rep;
    unsigned char got[XY_SM3_LEN];

    if (w->pending) {
        classify(w, r);
        return 1;
    }
    rep->rows++;
    if (!rep->first_seq)
        rep->first_seq = r->seq;
    rep->last_seq = r->seq;
    if (r->seq < w->expect) {
        problem(rep, "audit.inserted", r->seq,
                "第 %" PRId64 " 条审计记录是插入的：审计链从第 %" PRId64 " 条之后开始", r->seq,
                w->expect - 1);
        return 1;
    }
    if (r->seq > w->expect) {
        if (r->seq == w->expect + 1)
            problem(rep, "audit.deleted", w->expect, "第 %" PRId64 " 条审计记录缺失（被删除）",
                    w->expect);
        else
            problem(rep, "audit.deleted", w->expect,
                    "第 %" PRId64 " 至 %" PRId64 " 条审计记录缺失（被删除，共 %" PRId64 " 条）",
                    w->expect, r->seq - 1, r->seq - w->expect);
        return 1;
    }
    if (chains(w->key, w->prev, r, r->seq) && mac_bytes(r->mac, got)) {
        long long anchor;
        long days;
        memcpy(w->prev, got, XY_SM3_LEN);
        w->expect++;
        /* an anchor is believed only with the chained row of the purge that made it */
        if (w->anchor_seq > 0 && !w->purge_at && r->action && !strcmp(r->action, "audit.purge") &&
            r->detail &&
            sscanf(r->detail, "deleted=%*s anchor=%lld retention_days=%ld", &anchor, &days) == 2 &&
            anchor == w->anchor_seq) {
            w->purge_at = r->at;
            w->purge_days = days;
        }
        return 0;
    }
    /* copy: the scan's strings are gone at the next row */
    w->bad = *r;
    w->bad.actor = keep(w->a, r->actor);
    w->bad.role = keep(w->a, r->role);
    w->bad.client = keep(w->a, r->client);
    w->bad.action = keep(w->a, r->action);
    w->bad.target = keep(w->a, r->target);
    w->bad.purpose = keep(w->a, r->purpose);
    w->bad.result = keep(w->a, r->result);
    w->bad.detail = keep(w->a, r->detail);
    w->bad.mac = keep(w->a, r->mac);
    memcpy(w->bad_prev, w->prev, XY_SM3_LEN);
    w->pending = 1;
    return 0;
}

struct ckpt_walk {
    struct xy_ctx *ctx;
    struct xy_arena *a, *scratch;
    struct xy_audit_report *rep;
    const char *local_pub; /* the key checkpoints must carry, or NULL: any valid one */
    int64_t max_seq;       /* the last row in the table (or the anchor) */
    int64_t anchor_seq;
    const char *anchor_mac;
    int anchor_ok;
    int64_t anchor_at; /* when the anchor's checkpoint was signed (unix ms) */
    /* the last key parsed: checkpoints share one, parsing it once saves a PEM decode each */
    const char *last_pem;
    struct xy_sm2_key *last_key;
};

/* What an exported or stored checkpoint says about the rows; file: an exported one. */
static void check_against_rows(struct ckpt_walk *cw, const struct xy_audit_checkpoint *c, int file)
{
    struct xy_audit_filter f = {.min_seq = c->seq, .max_seq = c->seq, .limit = 1};
    struct xy_audit_row *row;
    struct xy_err e2;
    size_t n = 0;
    const char *what = file ? "导出的检查点" : "已签名的检查点";

    if (c->seq > cw->max_seq) {
        problem(cw->rep, "audit.tail_cut", c->seq,
                "审计记录在第 %" PRId64 " 条之后被截断：%s记录到第 %" PRId64 " 条", cw->max_seq,
                what, c->seq);
        return;
    }
    if (c->seq == cw->anchor_seq) {
        if (cw->anchor_mac && !strcmp(cw->anchor_mac, c->mac)) {
            cw->anchor_ok = 1;
            cw->anchor_at = c->at;
        } else
            problem(cw->rep, file ? "audit.tail_cut" : "audit.anchor", c->seq,
                    "审计链起点（第 %" PRId64 " 条）与%s不符", c->seq, what);
        return;
    }
    if (c->seq < cw->anchor_seq)
        return; /* purged: the anchor's checkpoint covers it */
    if (xy_store_audit_search(cw->ctx->store, &f, cw->scratch, &row, &n, &e2) != XY_OK || n == 0)
        return; /* a missing row is the walk's finding (audit.deleted) */
    if (!row->mac || strcmp(row->mac, c->mac) != 0) {
        if (file)
            problem(cw->rep, "audit.tail_cut", c->seq,
                    "第 %" PRId64 " 条审计记录与导出的检查点不符：此后的记录被截断后重写", c->seq);
        else
            problem(cw->rep, "audit.checkpoint_mismatch", c->seq,
                    "第 %" PRId64 " 条审计记录与其检查点的校验码不符", c->seq);
    }
}

static int on_checkpoint(void *arg, const struct xy_audit_checkpoint *c)
{
    struct ckpt_walk *cw = arg;

    cw->rep->checkpoints++;
    if (!cw->last_pem || !c->public_key || strcmp(cw->last_pem, c->public_key) != 0) {
        xy_sm2_free(cw->last_key);
        cw->last_key = NULL;
        cw->last_pem = keep(cw->a, c->public_key);
        if (c->public_key)
            xy_sm2_from_pem(c->public_key, strlen(c->public_key), &cw->last_key, NULL);
    }
    xy_arena_reset(cw->scratch); /* per checkpoint: the walk holds no more than one */
    if (!cw->last_key || !signature_valid(c, cw->last_key, cw->scratch)) {
        problem(cw->rep, "audit.checkpoint_signature", c->seq,
                "第 %" PRId64 " 条处的检查点签名无效", c->seq);
        return 0;
    }
    if (cw->local_pub && c->public_key && strcmp(cw->local_pub, c->public_key) != 0)
        problem(cw->rep, "audit.checkpoint_key", c->seq,
                "第 %" PRId64 " 条处的检查点不是用本机（或导出检查点）的审计签名密钥签署的",
                c->seq);
    check_against_rows(cw, c, 0);
    return 0;
}

static void verify_file(struct ckpt_walk *cw, const struct xy_audit_checkpoint *c, int valid,
                        const char *local_pub)
{
    cw->rep->file_seq = c->seq;
    if (!valid) {
        problem(cw->rep, "audit.checkpoint_signature", c->seq,
                "导出的检查点（第 %" PRId64 " 条）签名无效：文件被改动过", c->seq);
        return;
    }
    if (local_pub && strcmp(local_pub, c->public_key) != 0)
        problem(cw->rep, "audit.checkpoint_key", c->seq,
                "导出的检查点不是用本机的审计签名密钥签署的（来自另一个数据库？）");
    check_against_rows(cw, c, 1);
}

xy_code xy_audit_verify(struct xy_ctx *ctx, const char *checkpoint_file, struct xy_arena *a,
                        struct xy_audit_report *rep, struct xy_err *err)
{
    struct walk w = {.ctx = ctx, .a = a, .rep = rep, .err = err};
    struct ckpt_walk cw = {.ctx = ctx, .a = a, .rep = rep};
    struct xy_audit_event ev = {.action = "audit.verify"};
    struct xy_sm2_key *local = NULL;
    struct xy_audit_checkpoint file;
    int file_valid = 0;
    const char *local_pub = NULL;
    struct xy_err e2 = {0};
    char anchor_mac[65], last_mac[65];
    int64_t anchor_seq;
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_AUDIT_READ, err);

    memset(rep, 0, sizeof(*rep));
    if (rc != XY_OK)
        return refused(ctx, "audit.verify", rc, err);
    cw.scratch = xy_arena_new();
    xy_arena_defer(a, free_arena, cw.scratch);
    if ((rc = audit_key(ctx, &w.key, err)) != XY_OK)
        return rc;
    /* the host that verifies an export may have no signing key: then no key comparison */
    if (signing_key(ctx, 0, a, &local, &e2) == XY_OK) {
        char *pub = xy_sm2_public_pem(local);
        local_pub = pub ? xy_arena_strdup(a, pub) : NULL;
        free(pub);
        xy_sm2_free(local);
    } else if (e2.code != XY_NOT_FOUND) {
        *err = e2;
        return e2.code;
    }
    if (checkpoint_file) {
        if ((rc = xy_audit_checkpoint_read(checkpoint_file, a, &file, err)) != XY_OK)
            return rc;
        file_valid = signature_valid(&file, NULL, a);
    }
    /* The key the stored checkpoints must carry: this host's, or on another host (no
     * signing key there) that of a valid export, which was copied off before any intrusion. */
    cw.local_pub = local_pub ? local_pub : file_valid ? file.public_key : NULL;
    if ((rc = xy_store_read_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_audit_anchor(ctx->store, &anchor_seq, anchor_mac, err)) != XY_OK)
        goto out;
    rep->anchor_seq = anchor_seq;
    if (anchor_seq > 0 && !mac_bytes(anchor_mac, w.prev)) {
        problem(rep, "audit.anchor", anchor_seq, "审计链起点（第 %" PRId64 " 条）的校验码无效",
                anchor_seq);
        memset(w.prev, 0, sizeof(w.prev));
    }
    w.expect = anchor_seq + 1;
    w.anchor_seq = anchor_seq;
    if ((rc = xy_store_audit_scan(ctx->store, 0, on_row, &w, err)) != XY_OK)
        goto out;
    if (w.pending)
        classify(&w, NULL);
    if ((rc = xy_store_audit_last(ctx->store, &cw.max_seq, last_mac, err)) != XY_OK)
        goto out;
    cw.anchor_seq = anchor_seq;
    cw.anchor_mac = anchor_mac;
    if ((rc = xy_store_audit_checkpoint_scan(ctx->store, on_checkpoint, &cw, err)) != XY_OK)
        goto out;
    if (anchor_seq > 0 && !cw.anchor_ok)
        problem(rep, "audit.anchor", anchor_seq,
                "审计链起点（第 %" PRId64 " 条）没有与之相符的已签名检查点", anchor_seq);
    else if (anchor_seq > 0 && !w.purge_at)
        problem(rep, "audit.anchor", anchor_seq,
                "审计链起点（第 %" PRId64 " 条）不是由留存期清理产生的：此前的记录被删除",
                anchor_seq);
    else if (anchor_seq > 0 && (w.purge_days < MIN_RETENTION_D ||
                                cw.anchor_at > w.purge_at - (int64_t)w.purge_days * 86400000))
        problem(rep, "audit.anchor", anchor_seq,
                "审计链起点（第 %" PRId64 " 条）之前的记录在留存期未满时被删除", anchor_seq);
    if (checkpoint_file)
        verify_file(&cw, &file, file_valid, local_pub);
out:
    xy_sm2_free(cw.last_key);
    xy_store_read_end(ctx->store);
    if (rc != XY_OK)
        return rc;
    ev.result = rep->nproblems ? "failed" : "ok";
    ev.detail = rep->nproblems ? xy_arena_printf(a, "%s seq=%" PRId64, rep->problems[0].code,
                                                 rep->problems[0].seq)
                               : xy_arena_printf(a, "intact rows=%" PRId64, rep->rows);
    return xy_audit_record(ctx, &ev, err);
}

/* ---- reading ---- */

xy_code xy_audit_search(struct xy_ctx *ctx, const struct xy_audit_filter *f, struct xy_arena *a,
                        struct xy_audit_row **rows, size_t *n, struct xy_err *err)
{
    struct xy_audit_filter g = *f;
    struct xy_audit_event ev = {.action = "audit.search", .result = "ok"};
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_AUDIT_READ, err);

    *n = 0;
    if (rc != XY_OK)
        return refused(ctx, "audit.search", rc, err);
    if (!g.limit || g.limit > XY_AUDIT_SEARCH_MAX)
        g.limit = g.limit ? XY_AUDIT_SEARCH_MAX : 100;
    if ((rc = xy_store_audit_search(ctx->store, &g, a, rows, n, err)) != XY_OK)
        return rc;
    /* what was asked, never what was found: the rows are already in the trail */
    ev.subject_id = g.subject_id;
    ev.detail =
        xy_arena_printf(a, "actor=%s action=%s from=%" PRId64 " to=%" PRId64 " rows=%zu",
                        g.actor ? g.actor : "*", g.action ? g.action : "*", g.from_ms, g.to_ms, *n);
    return xy_audit_record(ctx, &ev, err);
}

xy_code xy_audit_subject_reads(struct xy_ctx *ctx, int64_t subject_id, struct xy_arena *a,
                               struct xy_audit_row **rows, size_t *n, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_audit_filter f = {
        .subject_id = subject_id, .reads_only = 1, .limit = XY_AUDIT_SEARCH_MAX};
    int self = who && xy_role_has(who->role, XY_PERM_SELF_READ) && who->subject_id &&
               who->subject_id == subject_id;
    struct xy_audit_event ev = {.action = "audit.search", .result = "ok"};
    xy_code rc;

    *n = 0;
    if (subject_id <= 0)
        return xy_err_set(err, XY_INVALID, "信用主体编号无效");
    if (!self) {
        rc = xy_authz_require(who, XY_PERM_AUDIT_READ, err);
        if (rc != XY_OK) {
            if (who && xy_role_has(who->role, XY_PERM_SELF_READ))
                xy_err_set(err, XY_DENIED, "只能查看本主体的被查询记录");
            return rc;
        }
    }
    if ((rc = xy_store_audit_search(ctx->store, &f, a, rows, n, err)) != XY_OK || self)
        return rc;
    /* an auditor looking at a subject's reads is a search of the trail like any other */
    ev.subject_id = subject_id;
    ev.detail = xy_arena_printf(a, "reads of subject rows=%zu", *n);
    return xy_audit_record(ctx, &ev, err);
}

/* ---- retention ---- */

xy_code xy_audit_purge(struct xy_ctx *ctx, struct xy_audit_purge_result *out, struct xy_err *err)
{
    struct xy_arena *a;
    struct xy_audit_checkpoint c;
    struct xy_audit_event ev = {.action = "audit.purge", .result = "ok"};
    char anchor_mac[65], detail[160];
    int64_t anchor_seq, seq;
    char mac[65];
    long days = ctx->cfg->audit_retention_days;
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_AUDIT_READ, err);

    memset(out, 0, sizeof(*out));
    if (rc != XY_OK)
        return refused(ctx, "audit.purge", rc, err);
    if (days < MIN_RETENTION_D) {
        xy_err_set(err, XY_INVALID, "审计记录至少保存6个月：audit.retention_days = %ld 少于 %d 天",
                   days, MIN_RETENTION_D);
        err->hint = "网络安全法 art. 21 requires network logs to be kept six months or more";
        return XY_INVALID;
    }
    out->cut_ms = xy_now_ms() - (int64_t)days * 86400000;
    a = xy_arena_new();
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto done;
    if ((rc = xy_store_audit_anchor(ctx->store, &anchor_seq, anchor_mac, err)) != XY_OK)
        goto fail;
    out->anchor_seq = anchor_seq;
    rc = xy_store_audit_checkpoint_get(ctx->store, 0, out->cut_ms, a, &c, err);
    if (rc == XY_OK && c.seq > anchor_seq) {
        if ((rc = xy_store_audit_purge(ctx->store, c.seq, c.mac, &out->deleted, err)) != XY_OK)
            goto fail;
        out->anchor_seq = c.seq;
    } else if (rc != XY_OK && rc != XY_NOT_FOUND) {
        goto fail;
    }
    snprintf(detail, sizeof(detail), "deleted=%" PRId64 " anchor=%" PRId64 " retention_days=%ld",
             out->deleted, out->anchor_seq, days);
    ev.detail = detail;
    if ((rc = append_row(ctx, &ev, &seq, mac, err)) != XY_OK)
        goto fail;
    rc = xy_store_commit(ctx->store, err);
    goto done;
fail:
    xy_store_rollback(ctx->store);
done:
    xy_arena_free(a);
    return rc;
}
