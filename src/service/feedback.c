/* feedback.c - feedback on checks and the key figures of the closed loop (layer: service)
 *
 * What may be fed back is what the check told: the subject must be one of the check's and have
 * a hit, the record one of its hits, the measure one the check gave for that hit (or, for the
 * subject as a whole, for any of its hits). A measure of the catalogue the check did not give
 * is refused with a message saying so, since reporting it would count a measure the department
 * was never asked to apply. Money is kept in fen (an integer), never in floating point.
 * The check is read from the store rather than through xy_check_get: feedback needs each hit's
 * own measures and subject, which the view does not carry; only the rows of the subject fed
 * back are read (a batch check has 100,000), and a list of feedback reads none. The department rule
 * is xy_check_get's: the asking department or the operator; any other department's check answers as
 * a missing one.
 */
#include "service/feedback.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/mask.h"
#include "domain/record.h"
#include "service/audit.h"

#define DAY_MS (86400LL * 1000)
#define CST_MS (8LL * 3600 * 1000)

static xy_code bad(struct xy_err *err, const char *field)
{
    err->field = field;
    return XY_INVALID;
}

xy_code xy_feedback_amount(const char *s, int64_t *fen, struct xy_err *err)
{
    int64_t yuan = 0, cents = 0;
    int digits = 0, decimals = 0;
    const char *p = s;

    *fen = -1;
    if (!s || !*s) {
        xy_err_set(err, XY_INVALID, "金额 amount 为空：请填写元为单位的金额，如 \"1234.56\"");
        return bad(err, "amount");
    }
    if (strlen(s) > 32) {
        xy_err_set(err, XY_INVALID, "金额 amount 过长（最多32个字符）");
        return bad(err, "amount");
    }
    if (*p == '-') {
        xy_err_set(err, XY_INVALID, "金额 amount “%s”不能为负数", s);
        return bad(err, "amount");
    }
    for (; *p >= '0' && *p <= '9'; p++, digits++)
        if (yuan <= XY_FEEDBACK_MAX_FEN / 100)
            yuan = yuan * 10 + (*p - '0');
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, decimals++)
            if (decimals < 2)
                cents = cents * 10 + (*p - '0');
    if (*p || !digits || (decimals == 0 && p[-1] == '.')) {
        xy_err_set(err, XY_INVALID, "金额 amount “%s”不是数字：请以元为单位填写，如 \"1234.56\"",
                   s);
        return bad(err, "amount");
    }
    if (decimals > 2) {
        xy_err_set(err, XY_INVALID, "金额 amount “%s”最多保留2位小数（精确到分）", s);
        return bad(err, "amount");
    }
    if (decimals == 1)
        cents *= 10;
    if (yuan > XY_FEEDBACK_MAX_FEN / 100 || yuan * 100 + cents > XY_FEEDBACK_MAX_FEN) {
        xy_err_set(err, XY_INVALID, "金额 amount “%s”超过上限（1万亿元）", s);
        return bad(err, "amount");
    }
    *fen = yuan * 100 + cents;
    return XY_OK;
}

xy_code xy_feedback_date(const char *s, int check_day, int today, struct xy_err *err)
{
    char day[11];
    int y, m, d, days;

    if (!s || !*s) {
        xy_err_set(err, XY_INVALID, "请填写采取措施的日期 acted_on（YYYY-MM-DD）");
        return bad(err, "acted_on");
    }
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || strspn(s, "0123456789-") != 10) {
        xy_err_set(err, XY_INVALID, "日期 acted_on “%.32s”格式不对，应为 YYYY-MM-DD", s);
        return bad(err, "acted_on");
    }
    if (!xy_date_valid(y, m, d)) {
        xy_err_set(err, XY_INVALID, "日期 acted_on “%s”不存在", s);
        return bad(err, "acted_on");
    }
    days = xy_days_from_civil(y, m, d);
    if (days < check_day) {
        xy_date_format(check_day, day);
        xy_err_set(err, XY_INVALID, "日期 acted_on “%s”早于核查日期 %s", s, day);
        return bad(err, "acted_on");
    }
    if (days > today) {
        xy_date_format(today, day);
        xy_err_set(err, XY_INVALID, "日期 acted_on “%s”晚于今天（%s）：请在采取措施后反馈", s, day);
        return bad(err, "acted_on");
    }
    return XY_OK;
}

/* Text of 1 to max characters, valid UTF-8, no control characters but line breaks and tabs,
 * no ID number. */
static xy_code text(const char *s, const char *field, const char *label, long max,
                    struct xy_err *err)
{
    long chars;

    if (!s || !*s) {
        xy_err_set(err, XY_INVALID, "请填写%s %s", label, field);
        return bad(err, field);
    }
    chars = xy_utf8_chars(s, strlen(s));
    if (chars < 0) {
        xy_err_set(err, XY_INVALID, "%s %s 不是有效的 UTF-8 文本", label, field);
        return bad(err, field);
    }
    if (chars > max) {
        xy_err_set(err, XY_INVALID, "%s %s 最多%ld个字，收到%ld个", label, field, max, chars);
        return bad(err, field);
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f) {
            xy_err_set(err, XY_INVALID, "%s %s 含有控制字符", label, field);
            return bad(err, field);
        }
    /* feedback is kept and shown to the credit office: a person is named by the check's
     * subject, never by an ID number typed into the text (DOMAIN.md §7); not echoed */
    if (xy_mask_has_idno(s)) {
        xy_err_set(err, XY_INVALID, "%s %s 不能含有身份证号码等证件号码，请删去后再提交", label,
                   field);
        return bad(err, field);
    }
    return XY_OK;
}

xy_code xy_feedback_validate(const struct xy_feedback_in *in, int check_day, int today,
                             int64_t *fen, struct xy_err *err)
{
    xy_code rc;

    *fen = -1;
    if (in->taken != 0 && in->taken != 1) {
        xy_err_set(err, XY_INVALID, "请用 taken 说明是否采取了措施（true 或 false）");
        return bad(err, "taken");
    }
    if (!in->taken && (!in->result || !*in->result)) {
        xy_err_set(err, XY_INVALID, "未采取措施（taken 为 false）时须在 result 中说明原因");
        return bad(err, "result");
    }
    if ((rc = text(in->result, "result", "执行结果", XY_FEEDBACK_RESULT_MAX_CHARS, err)) != XY_OK ||
        (rc = text(in->basis, "basis", "依据", XY_FEEDBACK_BASIS_MAX_CHARS, err)) != XY_OK)
        return rc;
    if (in->amount && (rc = xy_feedback_amount(in->amount, fen, err)) != XY_OK)
        return rc;
    return xy_feedback_date(in->acted_on, check_day, today, err);
}

/* ---- the check as feedback needs it ---- */

/* The check alone, for who may see it (the rule of xy_check_get); a batch check still running
 * or failed takes no feedback (its subjects are not all known, or never will be). */
static xy_code load_check(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_check *c,
                          struct xy_err *err)
{
    static const struct xy_check_rows_q head = {.head_only = 1};
    struct xy_check_hit *none;
    size_t n;
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_CHECK, err);

    if (rc != XY_OK)
        return rc;
    rc = xy_store_check_rows(ctx->store, id, &head, a, c, &none, &n, err);
    if (rc == XY_OK && ctx->who->role != XY_R_OPERATOR && c->dept_id != ctx->who->dept_id)
        rc = XY_NOT_FOUND;
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    return rc;
}

/* The rows of subject subject_no of check c (a batch check has 100,000: only this subject's
 * are read), after the check is known to be finished and to hold the subject. */
static xy_code load_subject(struct xy_ctx *ctx, const struct xy_check *c, long subject_no,
                            struct xy_arena *a, struct xy_check_hit **rows, size_t *n,
                            struct xy_err *err)
{
    struct xy_check_rows_q q = {.from_subject = (int)subject_no, .max_subjects = 1};
    struct xy_check head;

    if (c->state && !strcmp(c->state, "running"))
        return xy_err_set(err, XY_CONFLICT,
                          "核查 %lld 尚未完成（批量筛查仍在进行），完成后才能反馈",
                          (long long)c->id);
    if (c->state && strcmp(c->state, "done"))
        return xy_err_set(err, XY_CONFLICT, "核查 %lld 未能完成，不能对其反馈：请重新核查",
                          (long long)c->id);
    if (subject_no < 0 || subject_no >= c->subjects) {
        if (subject_no == -1)
            xy_err_set(err, XY_INVALID, "请用 subject_no 指明反馈的是本次核查的哪个主体");
        else
            xy_err_set(err, XY_INVALID,
                       "subject_no %ld 不在本次核查中（本次核查 %d 个主体，编号 0 至 %d）",
                       subject_no, c->subjects, c->subjects - 1);
        return bad(err, "subject_no");
    }
    return xy_store_check_rows(ctx->store, c->id, &q, a, &head, rows, n, err);
}

/* 1 when the JSON array of 序号 seqs ("[1,5]") holds seq. */
static int seqs_hold(const char *seqs, long seq)
{
    const char *p = seqs ? seqs : "";

    while (*p) {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p) {
            p++;
            continue;
        }
        if (v == seq)
            return 1;
        p = end;
    }
    return 0;
}

/* "1、5、7": the measures given, for the message refusing another. */
static const char *seqs_text(struct xy_arena *a, const struct xy_check_hit *rows, size_t n,
                             int subject_no, int64_t record_id)
{
    const char *out = "";
    long seen[64];
    size_t nseen = 0;

    for (size_t k = 0; k < n; k++) {
        const char *p;
        if (rows[k].subject_no != subject_no || !rows[k].record_id ||
            (record_id && rows[k].record_id != record_id))
            continue;
        for (p = rows[k].measures ? rows[k].measures : ""; *p;) {
            char *end;
            long v = strtol(p, &end, 10);
            size_t s;
            if (end == p) {
                p++;
                continue;
            }
            p = end;
            for (s = 0; s < nseen && seen[s] != v; s++)
                ;
            if (s < nseen || nseen == 64)
                continue;
            seen[nseen++] = v;
            out = xy_arena_printf(a, "%s%s%ld", out, *out ? "、" : "", v);
        }
    }
    return *out ? out : "无";
}

/* The subject, record and measure of in checked against the check's rows; *record_id and
 * *subject_id filled. */
static xy_code check_target(struct xy_ctx *ctx, const struct xy_measures *ms,
                            const struct xy_check_hit *rows, size_t n,
                            const struct xy_feedback_in *in, struct xy_arena *a, int64_t *record_id,
                            int64_t *subject_id, struct xy_err *err)
{
    int subject_no = (int)in->subject_no, hit = 0, given = 0;

    *record_id = 0;
    *subject_id = 0;
    if (in->record) {
        size_t len = strlen(in->record);
        if (len != 16 || strspn(in->record, "0123456789abcdef") != 16 ||
            xy_store_row_id(ctx->store, XY_ID_RECORD, in->record, record_id, err) != XY_OK) {
            xy_err_set(err, XY_INVALID, "record “%.16s%s”不是有效的记录编号（16位）", in->record,
                       len > 16 ? "…" : "");
            return bad(err, "record");
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (rows[k].subject_no != subject_no)
            continue;
        if (rows[k].subject_id)
            *subject_id = rows[k].subject_id;
        if (!rows[k].record_id)
            continue;
        if (!hit)
            hit = 1; /* a hit of the subject; 2 (the named one) stays */
        if (*record_id && rows[k].record_id != *record_id)
            continue;
        if (*record_id)
            hit = 2;
        if (in->measure > 0 && seqs_hold(rows[k].measures, in->measure))
            given = 1;
    }
    if (!hit) {
        xy_err_set(err, XY_INVALID, "主体 %d 在本次核查中没有命中任何名单，无需反馈", subject_no);
        return bad(err, "subject_no");
    }
    if (*record_id && hit != 2) {
        xy_err_set(err, XY_INVALID, "记录 %s 不是主体 %d 在本次核查中的命中", in->record,
                   subject_no);
        return bad(err, "record");
    }
    if (in->measure > 0 && !given) {
        const char *list = seqs_text(a, rows, n, subject_no, *record_id);
        if (!xy_measure_by_seq(ms, in->measure))
            xy_err_set(err, XY_INVALID, "措施清单中没有序号为 %ld 的措施（本次核查给出的措施：%s）",
                       in->measure, list);
        else
            xy_err_set(err, XY_INVALID,
                       "措施 %ld 不是本次核查对%s给出的措施，不能反馈（本次给出的措施：%s）",
                       in->measure, *record_id ? "该命中" : "该主体", list);
        return bad(err, "measure");
    }
    if (in->measure < 0) {
        xy_err_set(err, XY_INVALID, "措施序号 measure %ld 应为正整数或 null", in->measure);
        return bad(err, "measure");
    }
    return XY_OK;
}

static void view_of(struct xy_ctx *ctx, const struct xy_measures *ms, const struct xy_feedback *f,
                    struct xy_feedback_view *v)
{
    struct xy_err ignored;

    memset(v, 0, sizeof(*v));
    v->f = *f;
    v->current = 1;
    v->m = f->measure_seq > 0 ? xy_measure_by_seq(ms, f->measure_seq) : NULL;
    if (f->record_id &&
        xy_store_public_id(ctx->store, XY_ID_RECORD, f->record_id, v->record, &ignored) != XY_OK)
        v->record[0] = '\0';
}

xy_code xy_feedback_give(struct xy_ctx *ctx, int64_t check_id, const struct xy_feedback_in *in,
                         struct xy_arena *a, struct xy_feedback_view *out, struct xy_err *err)
{
    struct xy_check c;
    struct xy_check_hit *rows;
    struct xy_feedback f = {0};
    const struct xy_measures *ms;
    int64_t subject_id;
    size_t n;
    char target[32], detail[96];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = load_check(ctx, check_id, a, &c, err)) != XY_OK ||
        (rc = load_subject(ctx, &c, in->subject_no, a, &rows, &n, err)) != XY_OK)
        return rc;
    if (!(ms = xy_ctx_measures(ctx, err))) /* the catalogue as edited now (service/ctx.h) */
        return xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    if ((rc = check_target(ctx, ms, rows, n, in, a, &f.record_id, &subject_id, err)) != XY_OK ||
        (rc = xy_feedback_validate(in, xy_day_of_ms(c.asked_at), xy_today(), &f.amount_fen, err)) !=
            XY_OK)
        return rc;
    f.check_id = check_id;
    f.subject_no = (int)in->subject_no;
    f.measure_seq = in->measure > 0 ? in->measure : 0;
    f.taken = in->taken;
    f.result = xy_arena_strdup(a, in->result);
    f.basis = xy_arena_strdup(a, in->basis);
    f.acted_on = xy_arena_strdup(a, in->acted_on);
    f.given_by = ctx->who->login ? ctx->who->login : "unknown";
    f.given_at = xy_now_ms();
    snprintf(target, sizeof(target), "check:%lld", (long long)check_id);
    snprintf(detail, sizeof(detail), "subject_no=%d measure=%ld taken=%d", f.subject_no,
             f.measure_seq, f.taken);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_feedback_put(ctx->store, &f, err)) != XY_OK ||
        (rc = xy_audit_append(ctx,
                              &(struct xy_audit_event){.action = "check.feedback",
                                                       .target = target,
                                                       .subject_id = subject_id,
                                                       .result = "ok",
                                                       .detail = detail},
                              err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    view_of(ctx, ms, &f, out);
    return XY_OK;
}

xy_code xy_feedback_list(struct xy_ctx *ctx, int64_t check_id, struct xy_arena *a,
                         struct xy_feedback_view **out, size_t *n, struct xy_err *err)
{
    struct xy_check c;
    struct xy_feedback *rows_f = NULL;
    const struct xy_measures *ms;
    size_t nf = 0;
    struct xy_feedback_view *v;
    char target[32];
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = load_check(ctx, check_id, a, &c, err)) != XY_OK)
        return rc;
    if (!(ms = xy_ctx_measures(ctx, err)))
        return xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    /* what a department did about listed subjects is not public: the read is recorded in
     * the transaction that reads it */
    snprintf(target, sizeof(target), "check:%lld", (long long)check_id);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_feedback_list(ctx->store, check_id, a, &rows_f, &nf, err)) != XY_OK ||
        (rc =
             xy_audit_append(ctx,
                             &(struct xy_audit_event){
                                 .action = "check.feedback.read", .target = target, .result = "ok"},
                             err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    v = xy_arena_zalloc(a, (nf + 1) * sizeof(*v));
    for (size_t i = 0; i < nf; i++)
        view_of(ctx, ms, &rows_f[i], &v[i]);
    /* a later row about the same subject, record and measure supersedes this one */
    for (size_t i = 0; i < nf; i++)
        for (size_t k = i + 1; k < nf && v[i].current; k++)
            if (rows_f[k].subject_no == rows_f[i].subject_no &&
                rows_f[k].record_id == rows_f[i].record_id &&
                rows_f[k].measure_seq == rows_f[i].measure_seq)
                v[i].current = 0;
    *out = v;
    *n = nf;
    return XY_OK;
}

/* ---- the key figures ---- */

static xy_code period_day(const char *s, const char *field, int *out, struct xy_err *err)
{
    int y, m, d;

    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") != 10 ||
        sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || !xy_date_valid(y, m, d)) {
        xy_err_set(err, XY_INVALID, "日期 %s “%.32s”无效，应为 YYYY-MM-DD", field, s);
        return bad(err, field);
    }
    *out = xy_days_from_civil(y, m, d);
    return XY_OK;
}

int xy_figures_rate_permille(const struct xy_figure_row *r)
{
    if (r->hit_subjects <= 0)
        return -1;
    return (int)((r->fed_subjects * 1000 + r->hit_subjects / 2) / r->hit_subjects);
}

xy_code xy_figures_get(struct xy_ctx *ctx, const char *from, const char *to, struct xy_arena *a,
                       struct xy_figures *out, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    int64_t dept = -1;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    /* the credit office reads statistics of every department (STATS_READ); a department that
     * checks (CHECK) reads its own loop */
    out->all = who && xy_role_has(who->role, XY_PERM_STATS_READ);
    if (!out->all) {
        if ((rc = xy_authz_require(who, XY_PERM_CHECK, err)) != XY_OK)
            return rc;
        dept = who->dept_id;
    }
    out->to = xy_today();
    if (to && (rc = period_day(to, "to", &out->to, err)) != XY_OK)
        return rc;
    out->from = out->to - 29;
    if (from && (rc = period_day(from, "from", &out->from, err)) != XY_OK)
        return rc;
    if (out->from > out->to) {
        xy_err_set(err, XY_INVALID, "统计期间的开始日期 from 晚于结束日期 to");
        return bad(err, "from");
    }
    if (out->to - out->from + 1 > XY_FIGURES_MAX_DAYS) {
        xy_err_set(err, XY_INVALID, "统计期间最长%d天，收到%d天", XY_FIGURES_MAX_DAYS,
                   out->to - out->from + 1);
        return bad(err, "from");
    }
    rc = xy_store_figures(ctx->store, (int64_t)out->from * DAY_MS - CST_MS,
                          (int64_t)(out->to + 1) * DAY_MS - CST_MS, dept, a, &out->rows, &out->n,
                          err);
    if (rc != XY_OK)
        return rc;
    out->total.dept_id = -1;
    for (size_t i = 0; i < out->n; i++) {
        const struct xy_figure_row *r = &out->rows[i];
        out->total.checks += r->checks;
        out->total.subjects += r->subjects;
        out->total.hit_subjects += r->hit_subjects;
        out->total.fed_subjects += r->fed_subjects;
        out->total.taken += r->taken;
        out->total.not_taken += r->not_taken;
        out->total.amount_fen += r->amount_fen;
    }
    return XY_OK;
}
