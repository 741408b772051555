/* report.c - credit reports: who may have one, issue, sign, seal, store, verify (layer: service)
 *
 * report.h says what a report is and who gets one; report_content.c what it says. The report
 * key is the SM2 key at report.signing_key (default <db>.report-sm2.pem), made on first use and
 * kept loaded for the process: loading a PEM costs about a millisecond, a report should not.
 */
#include "service/report.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/log.h"
#include "base/time.h"
#include "crypto/crypto.h"
#include "domain/codes.h"
#include "domain/mask.h"
#include "domain/record.h"
#include "report/pdf.h"
#include "service/audit.h"
#include "service/query.h"
#include "service/report_content.h"

#define SEAL_TAG     "%XYSEAL1 "
#define SEAL_MAGIC   "xinyong-report-seal/1\n"
#define SEAL_MAX     1024
#define PURPOSE_MAX  400
#define GRANT_DAYS   366
#define NUMBER_TRIES 4

/* ---- the report key ---- */

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xy_sm2_key *key_loaded;
static char key_path[1024];
static char key_sm3[2 * XY_SM3_LEN + 1];
static char *key_public;

static const char *report_key_path(const struct xy_config *cfg, char *buf, size_t n)
{
    if (cfg->report_signing_key && *cfg->report_signing_key)
        snprintf(buf, n, "%s", cfg->report_signing_key);
    else
        snprintf(buf, n, "%s.report-sm2.pem", cfg->db);
    return buf;
}

/* The report key (create: made when missing, which only issuing and publishing the key do: a
 * verification never makes a key, or every genuine report would fail against the new one), with
 * copies of its public PEM (into a, when pub) and the SM3 hex of that PEM (when sm3), taken under
 * the lock. The key itself is never freed: another thread may be signing with it. A different
 * path (another database in one process: the tests) loads that one. A key file that cannot be
 * used is the operator's business: the caller gets XY_INTERNAL (its details are logged, never
 * sent), or XY_NOT_FOUND when there is no key yet and create is 0. */
static xy_code report_key(struct xy_ctx *ctx, int create, const struct xy_sm2_key **k,
                          struct xy_arena *a, const char **pub, char sm3[2 * XY_SM3_LEN + 1],
                          struct xy_err *err)
{
    char path[1024];
    xy_code rc = XY_OK;

    report_key_path(ctx->cfg, path, sizeof(path));
    pthread_mutex_lock(&key_lock);
    if (!key_loaded || strcmp(path, key_path) != 0) {
        struct xy_sm2_key *nk;
        if ((rc = xy_sm2_key_file(path, create, "the report signing key", &nk, err)) == XY_OK) {
            char *p = xy_sm2_public_pem(nk);
            unsigned char h[XY_SM3_LEN];
            if (!p) {
                xy_sm2_free(nk);
                rc = xy_err_set(err, XY_INTERNAL, "could not encode the report public key");
            } else {
                key_loaded = nk;
                free(key_public);
                key_public = p;
                xy_sm3(p, strlen(p), h);
                xy_hex(h, sizeof(h), key_sm3);
                snprintf(key_path, sizeof(key_path), "%s", path);
            }
        }
    }
    if (rc == XY_OK) {
        *k = key_loaded;
        if (pub)
            *pub = xy_arena_strdup(a, key_public);
        if (sm3)
            memcpy(sm3, key_sm3, sizeof(key_sm3));
    }
    pthread_mutex_unlock(&key_lock);
    if (rc != XY_OK && !(rc == XY_NOT_FOUND && !create)) {
        xy_log(XY_LOG_ERROR, "report_key", "path=%s error=%s", path, err->msg);
        xy_err_set(err, XY_INTERNAL, "报告签名密钥不可用，请联系平台运维");
    }
    return rc == XY_OK ? XY_OK : err->code;
}

xy_code xy_report_public_key(struct xy_ctx *ctx, struct xy_arena *a, const char **pem,
                             struct xy_err *err)
{
    const struct xy_sm2_key *k;

    return report_key(ctx, 1, &k, a, pem, NULL, err);
}

xy_code xy_report_domains(struct xy_ctx *ctx, const struct xy_report_domain **out, size_t *n,
                          struct xy_err *err)
{
    return xy_report_domains_load(ctx->cfg->report_domains_file, out, n, err);
}

/* ---- small pieces ---- */

static void sm3_hex(const void *p, size_t n, char out[2 * XY_SM3_LEN + 1])
{
    unsigned char h[XY_SM3_LEN];
    xy_sm3(p, n, h);
    xy_hex(h, sizeof(h), out);
}

static const char *sign_b64(const struct xy_sm2_key *k, const void *p, size_t n, struct xy_arena *a,
                            struct xy_err *err)
{
    unsigned char sig[XY_SM2_SIG_MAX];
    size_t len;
    char *b64;

    if (xy_sm2_sign(k, p, n, sig, &len, err) != XY_OK)
        return NULL;
    b64 = xy_arena_alloc(a, 4 * ((len + 2) / 3) + 1);
    xy_base64(sig, len, b64);
    return b64;
}

static int verify_b64(const struct xy_sm2_key *k, const void *p, size_t n, const char *b64)
{
    unsigned char sig[XY_SM2_SIG_MAX + 4];
    long len = b64 ? xy_unbase64(b64, sig, sizeof(sig)) : -1;

    return len > 0 && xy_sm2_verify(k, p, n, sig, (size_t)len);
}

/* Verification codes avoid characters read alike (0/O, 1/I/L) and vowels that spell words. */
static const char CODE_ALPHABET[] = "23456789BCDFGHJKMNPQRSTVWXYZ";

static xy_code draw_number(char number[XY_REPORT_NUMBER_MAX + 1], int64_t now_ms,
                           struct xy_err *err)
{
    unsigned char r[8];
    int y, m, d;
    xy_code rc = xy_random(r, sizeof(r), err);

    if (rc != XY_OK)
        return rc;
    xy_civil_from_days(xy_day_of_ms(now_ms), &y, &m, &d);
    snprintf(
        number, XY_REPORT_NUMBER_MAX + 1, "XYBG%04d%02d%02d%08llu", y, m, d,
        (unsigned long long)(((uint64_t)r[0] << 56 | (uint64_t)r[1] << 48 | (uint64_t)r[2] << 40 |
                              (uint64_t)r[3] << 32 | (uint64_t)r[4] << 24 | (uint64_t)r[5] << 16 |
                              (uint64_t)r[6] << 8 | r[7]) %
                             100000000ULL));
    return XY_OK;
}

static xy_code draw_code(char code[XY_REPORT_CODE_MAX + 1], struct xy_err *err)
{
    unsigned char r[8];
    size_t n = sizeof(CODE_ALPHABET) - 1, k = 0;
    xy_code rc = xy_random(r, sizeof(r), err);

    if (rc != XY_OK)
        return rc;
    for (int i = 0; i < 8; i++) {
        if (i == 4)
            code[k++] = '-';
        code[k++] = CODE_ALPHABET[r[i] % n]; /* 256 % 28: a bias of 1 in 64, harmless here */
    }
    code[k] = '\0';
    return XY_OK;
}

/* The code as typed (any case, hyphen and spaces optional) in its printed form, or "" when it
 * cannot be one. */
static void normal_code(const char *in, char out[XY_REPORT_CODE_MAX + 1])
{
    char raw[8];
    size_t k = 0;

    out[0] = '\0';
    for (const char *p = in ? in : ""; *p; p++) {
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
        if (c == '-' || c == ' ')
            continue;
        if (k == sizeof(raw) || !strchr(CODE_ALPHABET, c))
            return;
        raw[k++] = c;
    }
    if (k != sizeof(raw))
        return;
    memcpy(out, raw, 4);
    out[4] = '-';
    memcpy(out + 5, raw + 4, 4);
    out[9] = '\0';
}

static void code_mac(struct xy_ctx *ctx, const char *number, const char *code,
                     char out[2 * XY_SM3_LEN + 1])
{
    unsigned char h[XY_SM3_LEN];
    char buf[96];
    int n = snprintf(buf, sizeof(buf), "report-code:%s:%s", number, code);

    xy_keyring_index_mac(ctx->keys, buf, (size_t)n, h);
    xy_hex(h, sizeof(h), out);
}

/* A YYYY-MM-DD date (exactly that form) as days. */
static int parse_day(const char *s, int *day)
{
    return s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' && xy_parse_date(s, day) == 0;
}

static xy_code invalid(struct xy_err *err, const char *field, const char *msg)
{
    xy_err_set(err, XY_INVALID, "%s", msg);
    err->field = field;
    return XY_INVALID;
}

/* ---- issue ---- */

struct issue {
    struct xy_subject s;
    const char *audience;
    int64_t grant_id;
    const char *in_person; /* audience office: how the person was seen at the counter */
    int scoped, from, to;
    const struct xy_report_domain *domains[XY_REPORT_MAX_DOMAINS];
    size_t ndomains;
    char domain_list[XY_REPORT_MAX_DOMAINS * (XY_REPORT_DOMAIN_CODE_MAX + 1) + 1];
};

static xy_code check_request(struct xy_ctx *ctx, const struct xy_report_request *req,
                             struct issue *is, struct xy_err *err)
{
    int today = xy_today();

    if (req->scope && strcmp(req->scope, "full") != 0 && strcmp(req->scope, "scoped") != 0)
        return invalid(err, "scope", "报告类型只能是 full（完整版）或 scoped（无违法违规证明版）");
    is->scoped = req->scope && !strcmp(req->scope, "scoped");
    if (!is->scoped) {
        if (req->ndomains || req->from || req->to)
            return invalid(err, req->ndomains ? "domains" : "from",
                           "只有无违法违规证明版（scoped）才能选择领域和期间");
        return XY_OK;
    }
    if (!req->ndomains)
        return invalid(err, "domains", "请至少选择一个领域");
    if (req->ndomains > XY_REPORT_MAX_DOMAINS)
        return invalid(err, "domains", "选择的领域过多");
    {
        const struct xy_report_domain *all;
        size_t nall, used = 0;
        xy_code rc = xy_report_domains(ctx, &all, &nall, err);
        if (rc != XY_OK)
            return rc;
        for (size_t i = 0; i < req->ndomains; i++) {
            const struct xy_report_domain *d = NULL;
            for (size_t j = 0; j < nall && !d; j++)
                if (req->domains[i] && !strcmp(all[j].code, req->domains[i]))
                    d = &all[j];
            if (!d) {
                /* a code is echoed only when it looks like one: never what may be an ID number */
                const char *c = req->domains[i] ? req->domains[i] : "";
                int plain = *c && strlen(c) <= XY_REPORT_DOMAIN_CODE_MAX;
                for (const char *q = c; plain && *q; q++)
                    plain = (*q >= 'a' && *q <= 'z') || *q == '_';
                if (plain)
                    xy_err_set(err, XY_INVALID,
                               "没有这个领域：“%s”（可选领域见 /api/v1/reports/domains）", c);
                else
                    xy_err_set(err, XY_INVALID,
                               "领域代码应为小写字母，如 market（可选领域见 "
                               "/api/v1/reports/domains）");
                err->field = "domains";
                return XY_INVALID;
            }
            for (size_t j = 0; j < is->ndomains; j++)
                if (is->domains[j] == d)
                    d = NULL;
            if (!d)
                continue; /* named twice: once is enough */
            is->domains[is->ndomains++] = d;
            /* codes are at most XY_REPORT_DOMAIN_CODE_MAX bytes: the list always fits */
            used += (size_t)snprintf(is->domain_list + used, sizeof(is->domain_list) - used, "%s%s",
                                     used ? ";" : "", d->code);
            if (used >= sizeof(is->domain_list))
                return xy_err_set(err, XY_INTERNAL, "domain codes longer than the list holds");
        }
    }
    is->to = today;
    is->from = today - 3 * 365;
    if (req->to && !parse_day(req->to, &is->to))
        return invalid(err, "to", "期间结束日期应为 YYYY-MM-DD 格式的有效日期");
    if (req->from && !parse_day(req->from, &is->from))
        return invalid(err, "from", "期间开始日期应为 YYYY-MM-DD 格式的有效日期");
    if (!req->from && req->to)
        is->from = is->to - 3 * 365;
    if (is->to > today)
        return invalid(err, "to", "期间结束日期不能晚于今天");
    if (is->from > is->to)
        return invalid(err, "from", "期间开始日期晚于结束日期");
    if (is->to - is->from > XY_REPORT_MAX_PERIOD)
        return invalid(err, "from", "报告期间最长 5 年");
    return XY_OK;
}

/* Who the report is for: the subject, and the audience that decides what it says. */
static xy_code resolve_subject(struct xy_ctx *ctx, const struct xy_report_request *req,
                               struct xy_arena *a, struct issue *is, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    const char *denied = "自然人的信用报告只出具给本人（登录并完成实名核验）或经本人授权的机构";
    xy_code rc;

    if (!req->code || !*req->code) {
        if (!who || !who->subject_id)
            return invalid(err, "code", "请填写统一社会信用代码");
        if ((rc = xy_authz_require(who, XY_PERM_SELF_READ, err)) != XY_OK)
            return rc;
        if ((rc = xy_store_subject_get(ctx->store, who->subject_id, a, &is->s, err)) != XY_OK)
            return rc;
        is->audience = "self";
        return XY_OK;
    }
    if (strlen(req->code) > 64)
        return invalid(err, "code", "代码过长");
    rc = xy_query_by_code(ctx, req->code, 1, a, &is->s, err);
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    if (rc == XY_OK && is->s.kind != XY_KIND_PERSON) {
        is->audience = who && who->subject_id == is->s.id ? "self" : "public";
        return XY_OK;
    }
    if (rc == XY_NOT_FOUND && !xy_mask_has_idno(req->code)) {
        xy_err_set(err, XY_NOT_FOUND, "未找到该信用主体，请核对统一社会信用代码");
        err->field = "code";
        return XY_NOT_FOUND;
    }
    /* a person, or what may be an ID number: whoever may not have the report learns nothing
     * about whether the person is known */
    if (who && rc == XY_OK && who->subject_id == is->s.id &&
        xy_authz_require(who, XY_PERM_SELF_READ, err) == XY_OK) {
        is->audience = "self";
        return XY_OK;
    }
    if (who && who->role == XY_R_OPERATOR && req->in_person && *req->in_person) {
        if (rc != XY_OK) {
            xy_err_set(err, XY_NOT_FOUND, "未找到该信用主体");
            err->field = "code";
            return XY_NOT_FOUND;
        }
        is->audience = "office";
        is->in_person = req->in_person;
        return XY_OK;
    }
    if (who && xy_authz_require(who, XY_PERM_AGENCY_READ, err) == XY_OK && rc == XY_OK) {
        char today[11];
        xy_date_format(xy_today(), today);
        rc = xy_store_grant_live(ctx->store, is->s.id, who->user_id, today, &is->grant_id, err);
        if (rc == XY_OK) {
            is->audience = "grant";
            return XY_OK;
        }
        if (rc != XY_NOT_FOUND)
            return rc;
    }
    xy_err_set(err, XY_DENIED, "%s", denied);
    err->field = "code";
    return XY_DENIED;
}

/* The seal line for pdf (the bytes before it): number, content and PDF hashes, signed. */
static xy_code seal(const struct xy_sm2_key *k, const char *number, const char *content_sm3,
                    const char *issued_at, struct xy_buf *pdf, struct xy_arena *a,
                    struct xy_err *err)
{
    char body_sm3[2 * XY_SM3_LEN + 1];
    const char *text, *sig;
    char *b64;

    sm3_hex(pdf->data, pdf->len, body_sm3);
    text = xy_arena_printf(a, SEAL_MAGIC "number=%s\ncontent_sm3=%s\npdf_sm3=%s\nissued_at=%s\n",
                           number, content_sm3, body_sm3, issued_at);
    if (!(sig = sign_b64(k, text, strlen(text), a, err)))
        return err->code;
    b64 = xy_arena_alloc(a, 4 * ((strlen(text) + 2) / 3) + 1);
    xy_base64(text, strlen(text), b64);
    if (xy_buf_adds(pdf, SEAL_TAG) != XY_OK || xy_buf_printf(pdf, "%s %s\n", b64, sig) != XY_OK)
        return xy_err_set(err, XY_TOO_LARGE, "the report is too large");
    return XY_OK;
}

static xy_code issue_once(struct xy_ctx *ctx, struct issue *is, struct xy_arena *a,
                          struct xy_report_issued *out, struct xy_err *err)
{
    const struct xy_sm2_key *k;
    const char *sig;
    char ksm3[2 * XY_SM3_LEN + 1];
    struct xy_pub_file file;
    struct xy_report_basis b;
    struct xy_report_doc doc;
    struct xy_buf content = XY_BUF_INIT;
    struct xy_report_row row;
    char csm3[2 * XY_SM3_LEN + 1], psm3[2 * XY_SM3_LEN + 1], mac[2 * XY_SM3_LEN + 1], iso[26];
    char url[1200];
    int64_t now = xy_now_ms();
    int person = is->s.kind == XY_KIND_PERSON;
    xy_code rc;

    if ((rc = report_key(ctx, 1, &k, NULL, NULL, ksm3, err)) != XY_OK)
        return rc;
    if ((rc = draw_number(out->number, now, err)) != XY_OK || (rc = draw_code(out->code, err)))
        return rc;
    /* a scoped report keeps the records of its domains and period: it reads more of the file,
     * so that a subject too large for a full report still gets one */
    if ((rc = xy_file_build_n(ctx, &is->s, person ? XY_FILE_OWN : XY_FILE_PUBLIC,
                              is->scoped ? XY_REPORT_SCAN_MAX + 1 : XY_REPORT_MAX_RECORDS + 1, a,
                              &file, err)) != XY_OK)
        return rc;
    memset(&b, 0, sizeof(b));
    b.number = out->number;
    b.issuer = ctx->cfg->report_issuer;
    b.issued_ms = now;
    b.person = person;
    b.file = &file;
    b.scoped = is->scoped;
    b.from = is->from;
    b.to = is->to;
    b.domains = is->domains;
    b.ndomains = is->ndomains;
    if ((rc = xy_report_content_write(ctx, &b, &content, err)) != XY_OK)
        goto out;
    out->content = xy_arena_strdup(a, content.data);
    sm3_hex(content.data, content.len, csm3);
    if (!(sig = sign_b64(k, content.data, content.len, a, err))) {
        rc = err->code;
        goto out;
    }
    snprintf(url, sizeof(url), "%s?n=%s&c=%s", ctx->cfg->report_verify_url, out->number, out->code);
    if ((rc = xy_report_doc_from_content(out->content, content.len, out->code, url, a, &doc,
                                         err)) != XY_OK)
        goto out;
    xy_buf_init(&out->pdf, 0);
    if ((rc = xy_report_pdf(&doc, &out->pdf, err)) != XY_OK)
        goto out;
    out->pages = xy_report_pdf_pages();
    xy_time_format_cst(now, iso);
    if ((rc = seal(k, out->number, csm3, iso, &out->pdf, a, err)) != XY_OK)
        goto out;
    sm3_hex(out->pdf.data, out->pdf.len, psm3);
    code_mac(ctx, out->number, out->code, mac);

    memset(&row, 0, sizeof(row));
    row.number = out->number;
    row.code_mac = mac;
    row.subject_id = is->s.id;
    row.scope = is->scoped ? "scoped" : "full";
    row.domains = is->scoped ? is->domain_list : NULL;
    if (is->scoped) {
        char f[11], t[11];
        xy_date_format(is->from, f);
        xy_date_format(is->to, t);
        row.period_from = xy_arena_strdup(a, f);
        row.period_to = xy_arena_strdup(a, t);
    }
    row.audience = is->audience;
    row.issued_at = now;
    row.issued_by = ctx->who && ctx->who->login ? ctx->who->login : "anonymous";
    row.grant_id = is->grant_id;
    row.content = out->content;
    row.content_sm3 = csm3;
    row.signature = sig;
    row.key_sm3 = ksm3;
    row.pdf_sm3 = psm3;
    row.pdf_bytes = (int64_t)out->pdf.len;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    rc = xy_store_report_put(ctx->store, &row, err);
    if (rc == XY_OK)
        rc = xy_audit_append(ctx,
                             &(struct xy_audit_event){
                                 .action = "report.issue",
                                 .target = xy_arena_printf(a, "report:%s", out->number),
                                 .subject_id = is->s.id,
                                 .purpose = is->in_person,
                                 .result = "ok",
                                 .detail = xy_arena_printf(a, "%s %s", row.scope, is->audience)},
                             err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    else
        xy_store_rollback(ctx->store);
out:
    xy_buf_release(&content);
    if (rc != XY_OK)
        xy_buf_release(&out->pdf);
    return rc;
}

xy_code xy_report_issue(struct xy_ctx *ctx, const struct xy_report_request *req, struct xy_arena *a,
                        struct xy_report_issued *out, struct xy_err *err)
{
    struct issue *is = xy_arena_alloc(a, sizeof(*is));
    xy_code rc;

    memset(out, 0, sizeof(*out));
    memset(is, 0, sizeof(*is));
    if (req->in_person &&
        (strlen(req->in_person) > PURPOSE_MAX || xy_mask_has_idno(req->in_person)))
        return invalid(err, "in_person", "核验说明过长或含有身份证号码");
    if ((rc = check_request(ctx, req, is, err)) != XY_OK)
        return rc;
    if ((rc = resolve_subject(ctx, req, a, is, err)) != XY_OK) {
        if (rc == XY_DENIED)
            xy_audit_record(
                ctx, &(struct xy_audit_event){.action = "report.issue", .result = "denied"}, NULL);
        return rc;
    }
    for (int i = 0; i < NUMBER_TRIES; i++) {
        rc = issue_once(ctx, is, a, out, err);
        if (rc != XY_CONFLICT)
            break;
        xy_err_clear(err); /* the number drawn was taken: draw another */
    }
    if (rc == XY_OK) {
        out->file_name = xy_arena_printf(
            a, "%s-%s.pdf",
            is->scoped ? "公共信用信息报告（无违法违规证明版）" : "公共信用信息报告", out->number);
        xy_log(XY_LOG_INFO, "report_issued", "number=%s scope=%s audience=%s bytes=%zu pages=%d",
               out->number, is->scoped ? "scoped" : "full", is->audience, out->pdf.len, out->pages);
    }
    return rc;
}

/* ---- verify ---- */

struct seal_fields {
    const char *number, *content_sm3, *pdf_sm3, *issued_at, *text, *sig;
    size_t body_len; /* bytes before the seal line */
};

static const char *seal_field(const char *text, const char *key, struct xy_arena *a)
{
    size_t n = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (!strncmp(p, key, n) && p[n] == '=') {
            const char *e = strchr(p + n + 1, '\n');
            return e ? xy_arena_strndup(a, p + n + 1, (size_t)(e - p - n - 1)) : NULL;
        }
    return NULL;
}

/* The seal line at the end of pdf, parsed; 0 when there is none or it is malformed. */
static int read_seal(const char *pdf, size_t n, struct xy_arena *a, struct seal_fields *s)
{
    size_t tag = strlen(SEAL_TAG), i;
    const char *line, *sp, *end = pdf + n;
    char *text;
    long len;

    memset(s, 0, sizeof(*s));
    if (n < tag + 2 || pdf[n - 1] != '\n')
        return 0;
    /* the last line: back from the final newline to the previous one */
    for (i = n - 1; i > 0 && pdf[i - 1] != '\n'; i--)
        if (n - i > SEAL_MAX * 2)
            return 0;
    line = pdf + i;
    if ((size_t)(end - line) < tag || memcmp(line, SEAL_TAG, tag) != 0)
        return 0;
    sp = memchr(line + tag, ' ', (size_t)(end - line - (long)tag));
    if (!sp)
        return 0;
    {
        char *b64 = xy_arena_strndup(a, line + tag, (size_t)(sp - line - (long)tag));
        text = xy_arena_alloc(a, SEAL_MAX + 1);
        if ((len = xy_unbase64(b64, text, SEAL_MAX)) <= 0)
            return 0;
        text[len] = '\0';
    }
    if (strncmp(text, SEAL_MAGIC, strlen(SEAL_MAGIC)) != 0 || strlen(text) != (size_t)len)
        return 0;
    s->text = text;
    s->sig = xy_arena_strndup(a, sp + 1, (size_t)(end - sp - 2));
    s->number = seal_field(text, "number", a);
    s->content_sm3 = seal_field(text, "content_sm3", a);
    s->pdf_sm3 = seal_field(text, "pdf_sm3", a);
    s->issued_at = seal_field(text, "issued_at", a);
    s->body_len = i;
    return s->number && s->content_sm3 && s->pdf_sm3 && s->issued_at &&
           strlen(s->number) <= XY_REPORT_NUMBER_MAX;
}

static void verdict(struct xy_report_check *out, const char *problem, const char *message)
{
    out->genuine = problem == NULL;
    out->problem = problem;
    out->message = message;
}

/* Fill out from the stored row: its content (masked as the public may see it) re-checked
 * against its signature, with the key that signed it. */
static void from_row(const struct xy_report_row *row, const struct xy_sm2_key *k, const char *ksm3,
                     struct xy_arena *a, struct xy_report_check *out)
{
    char iso[26], h[2 * XY_SM3_LEN + 1];

    snprintf(out->number, sizeof(out->number), "%s", row->number);
    xy_time_format_cst(row->issued_at, iso);
    out->issued_at = xy_arena_strdup(a, iso);
    out->content = xy_report_content_public(row->content, a);
    sm3_hex(row->content, strlen(row->content), h);
    if (strcmp(row->key_sm3, ksm3) != 0)
        verdict(out, "bad_signature",
                "该报告由平台以前的签名密钥签发，当前密钥无法核验，请联系信用办核查");
    else if (strcmp(h, row->content_sm3) != 0 ||
             !verify_b64(k, row->content, strlen(row->content), row->signature))
        verdict(out, "bad_signature",
                "平台留存的报告内容与签名不符，请立即联系信用办核查（该报告不能作为依据）");
    else
        verdict(out, NULL, "报告真实有效：内容与平台出具时一致，签名验证通过。");
}

static void audit_verify(struct xy_ctx *ctx, const struct xy_report_row *row, const char *how,
                         const char *result, struct xy_arena *a)
{
    xy_audit_record(ctx,
                    &(struct xy_audit_event){
                        .action = "report.verify",
                        .target = row ? xy_arena_printf(a, "report:%s", row->number) : NULL,
                        .subject_id = row ? row->subject_id : 0,
                        .result = result,
                        .detail = how},
                    NULL);
}

/* The verification key, never made here: *k NULL when there is none yet (no report was ever
 * issued, or the key file is gone: key_missing tells which once a report is found). */
static xy_code verify_key(struct xy_ctx *ctx, const struct xy_sm2_key **k,
                          char sm3[2 * XY_SM3_LEN + 1], struct xy_err *err)
{
    xy_code rc = report_key(ctx, 0, k, NULL, NULL, sm3, err);

    if (rc == XY_NOT_FOUND) {
        xy_err_clear(err);
        *k = NULL;
        sm3[0] = '\0';
        return XY_OK;
    }
    return rc;
}

/* A report is kept but the key that signs reports is not there: the platform is misconfigured
 * (a database restored without its key file); never answered as "not genuine". */
static xy_code key_missing(struct xy_ctx *ctx, struct xy_err *err)
{
    char path[1024];

    xy_log(XY_LOG_ERROR, "report_key_missing", "path=%s",
           report_key_path(ctx->cfg, path, sizeof(path)));
    return xy_err_set(err, XY_INTERNAL, "报告签名密钥不可用，请联系平台运维");
}

xy_code xy_report_verify_code(struct xy_ctx *ctx, const char *number, const char *code,
                              struct xy_arena *a, struct xy_report_check *out, struct xy_err *err)
{
    const struct xy_sm2_key *k;
    struct xy_report_row row;
    char norm[XY_REPORT_CODE_MAX + 1], mac[2 * XY_SM3_LEN + 1], ksm3[2 * XY_SM3_LEN + 1];
    char num[XY_REPORT_NUMBER_MAX + 1];
    size_t i;
    xy_code rc;

    memset(out, 0, sizeof(out[0]));
    if (!number || !*number)
        return invalid(err, "number", "请填写报告编号");
    if (strlen(number) > XY_REPORT_NUMBER_MAX)
        return invalid(err, "number", "报告编号应为 XYBG 开头的 20 位编号");
    if (!code || !*code)
        return invalid(err, "code", "请填写核验码");
    for (i = 0; number[i]; i++) /* typed from paper: any case */
        num[i] = number[i] >= 'a' && number[i] <= 'z' ? (char)(number[i] - 32) : number[i];
    num[i] = '\0';
    normal_code(code, norm);
    if ((rc = verify_key(ctx, &k, ksm3, err)) != XY_OK)
        return rc;
    rc = xy_store_report_get(ctx->store, num, a, &row, err);
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    if (rc == XY_OK && !k)
        return key_missing(ctx, err);
    if (rc == XY_OK && *norm)
        code_mac(ctx, row.number, norm, mac);
    if (rc == XY_NOT_FOUND || !*norm || !xy_ct_equal(mac, row.code_mac, sizeof(mac) - 1)) {
        xy_err_clear(err);
        verdict(out, "unknown", "未找到该报告：请核对报告编号和核验码（核验码不区分大小写）。");
        audit_verify(ctx, NULL, "code", "not_found", a);
        return XY_OK;
    }
    from_row(&row, k, ksm3, a, out);
    audit_verify(ctx, &row, "code", out->genuine ? "ok" : "failed", a);
    return XY_OK;
}

xy_code xy_report_verify_file(struct xy_ctx *ctx, const void *pdf, size_t n, struct xy_arena *a,
                              struct xy_report_check *out, struct xy_err *err)
{
    const struct xy_sm2_key *k;
    struct seal_fields s;
    struct xy_report_row row;
    char h[2 * XY_SM3_LEN + 1], ksm3[2 * XY_SM3_LEN + 1];
    int sealed;
    xy_code rc;

    memset(out, 0, sizeof(out[0]));
    if (n > (size_t)XY_REPORT_MAX_UPLOAD)
        return xy_err_set(err, XY_TOO_LARGE, "文件超过 %ld MB，不是本平台出具的报告",
                          XY_REPORT_MAX_UPLOAD >> 20);
    if (n < 5 || memcmp(pdf, "%PDF-", 5) != 0) {
        verdict(out, "not_report", "该文件不是 PDF 文件。请上传平台出具的信用报告 PDF 原件。");
        return XY_OK;
    }
    if ((rc = verify_key(ctx, &k, ksm3, err)) != XY_OK)
        return rc;
    sealed = read_seal(pdf, n, a, &s);
    if (!k && sealed && xy_store_report_get(ctx->store, s.number, a, &row, err) == XY_OK)
        return key_missing(ctx, err);
    xy_err_clear(err);
    if (!sealed || !k || !verify_b64(k, s.text, strlen(s.text), s.sig)) {
        /* a seal we did not sign says nothing of any report, not even whether its number
         * exists: a number alone is no key */
        verdict(out, "not_report",
                "该文件不是本平台出具的信用报告，或报告末尾的签名信息已被删除或改动，不能作为"
                "依据。");
        audit_verify(ctx, NULL, "file", "not_report", a);
        return XY_OK;
    }
    snprintf(out->number, sizeof(out->number), "%s", s.number);
    rc = xy_store_report_get(ctx->store, s.number, a, &row, err);
    if (rc == XY_NOT_FOUND) { /* signed by us, yet not kept: a database restored from before */
        xy_err_clear(err);
        verdict(out, "unknown", "平台没有该编号报告的留存记录，请联系信用办核查。");
        audit_verify(ctx, NULL, "file", "not_found", a);
        return XY_OK;
    }
    if (rc != XY_OK)
        return rc;
    from_row(&row, k, ksm3, a, out);
    sm3_hex(pdf, n, h);
    if (out->genuine && strcmp(h, row.pdf_sm3) != 0) {
        verdict(out, "altered",
                "文件已被改动：与平台出具的报告不一致，不能作为依据。以下是该编号报告出具时的"
                "真实内容。");
        /* the seal line can be cut from a genuine file and sent alone: for a person's report
         * that is not enough to see it (the number and code are) */
        if (!strcmp(row.audience, "self") || !strcmp(row.audience, "grant") ||
            !strcmp(row.audience, "office")) {
            out->content = NULL;
            out->message = "文件已被改动：与平台出具的报告不一致，不能作为依据。自然人的报告请以"
                           "报告编号和核验码核验。";
        }
    }
    audit_verify(ctx, &row, "file", out->genuine ? "ok" : "failed", a);
    return XY_OK;
}

xy_code xy_report_verify_offline(const char *public_pem, size_t pem_len, const void *pdf, size_t n,
                                 struct xy_arena *a, struct xy_report_check *out,
                                 struct xy_err *err)
{
    struct xy_sm2_key *k;
    struct seal_fields s;
    char h[2 * XY_SM3_LEN + 1];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if (n < 5 || memcmp(pdf, "%PDF-", 5) != 0) {
        verdict(out, "not_report", "该文件不是 PDF 文件");
        return XY_OK;
    }
    if (!read_seal(pdf, n, a, &s)) {
        verdict(out, "not_report", "该文件没有本平台的签名信息（不是平台出具的报告，或已被改动）");
        return XY_OK;
    }
    snprintf(out->number, sizeof(out->number), "%s", s.number);
    out->issued_at = s.issued_at;
    if ((rc = xy_sm2_from_pem(public_pem, pem_len, &k, err)) != XY_OK)
        return xy_err_prefix(err, "public key: ");
    if (!verify_b64(k, s.text, strlen(s.text), s.sig))
        verdict(out, "bad_signature", "签名验证失败：签名信息已被改动，或不是用该公钥签发的报告");
    else {
        sm3_hex(pdf, s.body_len, h);
        if (strcmp(h, s.pdf_sm3) != 0)
            verdict(out, "altered", "文件已被改动：内容与签名时不一致");
        else
            verdict(out, NULL, "签名验证通过：文件与平台出具时一致");
    }
    xy_sm2_free(k);
    return XY_OK;
}

/* ---- authorisations ---- */

static xy_code self_subject(struct xy_ctx *ctx, struct xy_err *err)
{
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_SELF_READ, err);

    if (rc != XY_OK)
        return rc;
    if (!ctx->who->subject_id)
        return xy_err_set(err, XY_DENIED, "账号尚未完成实名核验，核验后才能授权机构查询");
    return XY_OK;
}

xy_code xy_report_grant(struct xy_ctx *ctx, const char *grantee, const char *purpose,
                        const char *expires_on, struct xy_arena *a, struct xy_report_grant *out,
                        struct xy_err *err)
{
    struct xy_user u;
    struct xy_grant_row g;
    int day, today = xy_today();
    xy_code rc = self_subject(ctx, err);

    if (rc != XY_OK)
        return rc;
    if (!grantee || !*grantee)
        return invalid(err, "grantee", "请填写被授权机构的账号");
    if (!purpose)
        purpose = "";
    if (xy_utf8_chars(purpose, strlen(purpose)) < 5)
        return invalid(err, "purpose", "请说明授权用途（至少 5 个字），如“办理个人住房贷款”");
    if (strlen(purpose) > PURPOSE_MAX || xy_mask_has_idno(purpose))
        return invalid(err, "purpose", "授权用途过长，或含有身份证号码");
    if (!parse_day(expires_on, &day))
        return invalid(err, "expires_on", "授权截止日期应为 YYYY-MM-DD 格式的有效日期");
    if (day < today || day > today + GRANT_DAYS)
        return invalid(err, "expires_on", "授权截止日期应在今天到一年之内");
    rc = xy_store_user_get(ctx->store, grantee, a, &u, err);
    if (rc == XY_NOT_FOUND ||
        (rc == XY_OK && (strcmp(u.role, "agency") != 0 || strcmp(u.status, "active") != 0))) {
        xy_err_set(err, XY_INVALID, "“%.64s”不是有效的信用服务机构账号", grantee);
        err->field = "grantee";
        return XY_INVALID;
    }
    if (rc != XY_OK)
        return rc;
    memset(&g, 0, sizeof(g));
    g.subject_id = ctx->who->subject_id;
    g.grantee_user_id = u.id;
    g.purpose = purpose;
    g.expires_on = expires_on;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    rc = xy_store_grant_put(ctx->store, &g, err);
    if (rc == XY_OK)
        rc = xy_audit_append(
            ctx,
            &(struct xy_audit_event){.action = "report.grant",
                                     .target = xy_arena_printf(a, "user:%s", u.login),
                                     .subject_id = g.subject_id,
                                     .purpose = purpose,
                                     .result = "ok"},
            err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    else
        xy_store_rollback(ctx->store);
    if (rc != XY_OK)
        return rc;
    memset(out, 0, sizeof(*out));
    out->id = g.id;
    out->grantee = u.login;
    out->grantee_name = u.display_name;
    out->purpose = xy_arena_strdup(a, purpose);
    out->granted_at = g.granted_at;
    out->expires_on = xy_arena_strdup(a, expires_on);
    out->active = 1;
    return XY_OK;
}

xy_code xy_report_grants(struct xy_ctx *ctx, struct xy_arena *a, struct xy_report_grant **out,
                         size_t *n, struct xy_err *err)
{
    struct xy_grant_row *rows;
    char today[11];
    xy_code rc = self_subject(ctx, err);

    *out = NULL;
    *n = 0;
    if (rc != XY_OK ||
        (rc = xy_store_grant_list(ctx->store, ctx->who->subject_id, a, &rows, n, err)) != XY_OK)
        return rc;
    xy_date_format(xy_today(), today);
    *out = xy_arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = (struct xy_report_grant){.id = rows[i].id,
                                             .grantee = rows[i].grantee_login,
                                             .grantee_name = rows[i].grantee_name,
                                             .purpose = rows[i].purpose,
                                             .granted_at = rows[i].granted_at,
                                             .expires_on = rows[i].expires_on,
                                             .revoked_at = rows[i].revoked_at,
                                             .active = !rows[i].revoked_at &&
                                                       strcmp(rows[i].expires_on, today) >= 0};
    return XY_OK;
}

xy_code xy_report_grant_revoke(struct xy_ctx *ctx, int64_t id, struct xy_err *err)
{
    xy_code rc = self_subject(ctx, err);

    if (rc != XY_OK)
        return rc;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    rc = xy_store_grant_revoke(ctx->store, id, ctx->who->subject_id, xy_now_ms(), err);
    if (rc == XY_OK)
        rc = xy_audit_append(ctx,
                             &(struct xy_audit_event){.action = "report.grant_revoke",
                                                      .subject_id = ctx->who->subject_id,
                                                      .result = "ok"},
                             err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    else
        xy_store_rollback(ctx->store);
    if (rc == XY_NOT_FOUND)
        err->field = "id";
    return rc;
}
