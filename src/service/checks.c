/* checks.c - a department checks subjects before it acts (layer: service)
 *
 * A valid code decides by itself (issue 6): a 统一社会信用代码 is checked with its check
 * character, an 18-character ID number with GB 11643's, before anything is looked up, so that a
 * typing error is told as such and never answered "no hit". A hit is a record of a list item
 * (catalogue key `list`) that is in effect today: inside its publicity window as the public
 * would see it on that day (domain/publicity.c; a list's window ends at its exit date) and not
 * taken off by a remedy (a granted repair, a court's report). Entries under objection are hits
 * and say 有异议: the list stands until the objection is decided.
 */
#include "service/checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/time.h"
#include "domain/codes.h"
#include "domain/mask.h"
#include "domain/publicity.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/dept.h"
#include "service/public.h"
#include "service/query.h"

#define MAX_CODE_BYTES 64
#define MAX_NAME_CHARS 200

static const char *const subject_types[] = {"enterprise", "organisation", "individual_business",
                                            "person"};

static xy_code bad(struct xy_err *err, struct xy_arena *a, size_t i, const char *member,
                   xy_code code, const char *msg)
{
    xy_err_set(err, code, "%s", msg);
    err->field = xy_arena_printf(a, "subjects[%zu].%s", i, member);
    return code;
}

/* 1 when s has only digits and X: it may be an ID number and is never echoed (DOMAIN.md §7). */
static int digits_only(const char *s)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == 'X' || *s == 'x'))
            return 0;
    return 1;
}

/* A subject's code, checked: *type the identifier it is (XY_IDENT_USCC, XY_IDENT_IDCARD, or 0
 * for a legacy code tried in every form), *norm its normal form. */
static xy_code check_code(const struct xy_check_subject_in *in, size_t i, struct xy_arena *a,
                          enum xy_ident_type *type, const char **norm, struct xy_err *err)
{
    struct xy_code_check chk;
    char uscc[XY_USCC_LEN + 1], id[19];
    const char *code = in->code;

    *type = 0;
    while (code && *code == ' ')
        code++;
    if (!code || !*code) {
        if (in->name && *in->name)
            return bad(err, a, i, "code", XY_INVALID,
                       "暂不支持仅凭名称核查：请填写统一社会信用代码或证件号码（按名称匹配将在"
                       "后续版本提供）");
        return bad(err, a, i, "code", XY_INVALID, "请填写信用主体的统一社会信用代码或证件号码");
    }
    if (strlen(code) > MAX_CODE_BYTES || !xy_query_is_code(code))
        return bad(err, a, i, "code", XY_INVALID,
                   "代码只能由字母、数字和连字符组成（最多64个字符）");
    if (strlen(code) == XY_USCC_LEN) {
        xy_uscc_check(code, uscc, &chk);
        if (chk.level != XY_CHECK_ERROR) {
            *type = XY_IDENT_USCC;
            *norm = xy_arena_strdup(a, uscc);
            return XY_OK;
        }
        xy_idcard_check(code, id, xy_today(), &chk);
        if (chk.level != XY_CHECK_ERROR) {
            *type = XY_IDENT_IDCARD;
            *norm = xy_arena_strdup(a, id);
            return XY_OK;
        }
        if (digits_only(code))
            return bad(err, a, i, "code", XY_INVALID,
                       "代码不是有效的统一社会信用代码或身份证号码（校验位不符）");
        xy_uscc_check(code, uscc, &chk);
        return bad(err, a, i, "code", XY_INVALID,
                   xy_arena_printf(a, "统一社会信用代码“%s”无效：%s", code, chk.zh));
    }
    *norm = code;
    return XY_OK;
}

static xy_code check_subject(const struct xy_check_subject_in *in, size_t i, struct xy_arena *a,
                             struct xy_err *err)
{
    long chars;

    if (in->name) {
        chars = xy_utf8_chars(in->name, strlen(in->name));
        if (chars < 0 || chars > MAX_NAME_CHARS)
            return bad(err, a, i, "name", XY_INVALID, "名称须为 UTF-8 编码，最多200个字");
    }
    if (in->type) {
        for (size_t k = 0; k < sizeof(subject_types) / sizeof(subject_types[0]); k++)
            if (!strcmp(in->type, subject_types[k]))
                return XY_OK;
        return bad(err, a, i, "type", XY_INVALID,
                   "主体类型应为 enterprise、organisation、individual_business 或 person");
    }
    return XY_OK;
}

/* The item's key fields (文书号, 案号), joined; ID numbers never. */
static const char *document_of(const struct xy_record *r, const struct xy_item *item,
                               struct xy_arena *a)
{
    struct xy_buf b = XY_BUF_INIT;
    const char *out = NULL;

    for (size_t f = 0; f < item->nfields; f++) {
        const char *v;
        if (!item->fields[f].key_part || item->fields[f].type == XY_FT_IDNO ||
            item->fields[f].role == XY_ROLE_SUBJECT_NAME)
            continue;
        v = xy_record_value(r, item, (int)f);
        if (!v || !*v)
            continue;
        if (b.len)
            xy_buf_adds(&b, "；");
        xy_buf_adds(&b, v);
    }
    if (b.len)
        out = xy_arena_strndup(a, b.data, b.len);
    xy_buf_release(&b);
    return out;
}

/* The entry's list name when the item names lists inside it (hmd: 红名单名称), else NULL. */
static const char *list_name_of(const struct xy_record *r, const struct xy_item *item)
{
    const char *v = xy_record_value(r, item, item->list_name_field);
    return v && xy_item_has_list_name(item, v) ? v : NULL;
}

/* 1 when r, a record of list item, is in effect on today. */
static int in_effect(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                     int today)
{
    const char *end = xy_record_value(r, item, item->role_field[XY_ROLE_END_DATE]);
    struct xy_publicity pub;
    struct xy_err ignored;
    char day[11];

    if (r->hidden || !r->decision_date)
        return 0;
    xy_date_format(today, day);
    /* the exit date decides by itself, whatever the publicity rule of the item says */
    if (end && *end && strcmp(end, day) < 0)
        return 0;
    return xy_record_publicity(ctx, r, item, today, &pub, &ignored) == XY_OK && pub.visible;
}

static xy_code hit_view(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                        struct xy_arena *a, struct xy_check_hit_view *h, struct xy_err *err)
{
    const char *name = list_name_of(r, item);

    memset(h, 0, sizeof(*h));
    if (xy_store_public_id(ctx->store, XY_ID_RECORD, r->id, h->record, err) != XY_OK)
        return err->code;
    h->item = item;
    h->kind = xy_item_list_kind(item);
    h->list_name = name ? name : item->name;
    h->entry_date = r->decision_date;
    h->end_date = xy_record_value(r, item, item->role_field[XY_ROLE_END_DATE]);
    if (h->end_date && !*h->end_date)
        h->end_date = NULL;
    h->document = document_of(r, item, a);
    h->disputed = r->disputed;
    return XY_OK;
}

/* m applies to an entry of item without a list name only when it names the item as a whole */
static int names_whole_item(const struct xy_measure *m, const char *item)
{
    for (size_t i = 0; i < m->nlists; i++)
        if (!strcmp(m->lists[i].item, item) && !m->lists[i].name)
            return 1;
    return 0;
}

/* Add the measures for a hit to res (each once); *seqs gets the JSON array of their 序号. */
static xy_code hit_measures(struct xy_ctx *ctx, const struct xy_record *r,
                            const struct xy_item *item, const char *scenario, const char *dept,
                            struct xy_arena *a, struct xy_check_result *res, const char **seqs,
                            struct xy_err *err)
{
    const struct xy_measure **ms;
    const char *name = list_name_of(r, item);
    struct xy_buf b = XY_BUF_INIT;
    size_t n;
    xy_code rc;

    rc = xy_measures_for(ctx->cat, ctx->measures, item->id, name, scenario, dept, a, &ms, &n, err);
    if (rc != XY_OK)
        return rc;
    xy_buf_adds(&b, "[");
    for (size_t i = 0; i < n; i++) {
        size_t k;
        if (item->list_name_field >= 0 && !name && !names_whole_item(ms[i], item->id))
            continue; /* a measure for one list of the item, and the entry names none */
        xy_buf_printf(&b, "%s%ld", b.len > 1 ? "," : "", ms[i]->seq);
        for (k = 0; k < res->nmeasures; k++)
            if (res->measures[k] == ms[i])
                break;
        if (k == res->nmeasures)
            res->measures[res->nmeasures++] = ms[i];
    }
    xy_buf_adds(&b, "]");
    *seqs = xy_arena_strndup(a, b.data, b.len);
    xy_buf_release(&b);
    return XY_OK;
}

/* The name of who's department ("" for one without: only 各相关部门 measures apply). */
static xy_code dept_name_of(struct xy_ctx *ctx, int64_t dept_id, struct xy_arena *a,
                            const char **out, struct xy_err *err)
{
    struct xy_dept d;
    xy_code rc;

    *out = NULL;
    if (!dept_id)
        return XY_OK;
    if ((rc = xy_dept_by_id(ctx, dept_id, a, &d, err)) == XY_OK)
        *out = d.name;
    return rc;
}

/* The list items of the catalogue, for the list version. */
static const char *const *list_items(const struct xy_ctx *ctx, struct xy_arena *a, size_t *n)
{
    const char **v = xy_arena_alloc(a, (ctx->cat->nitems + 1) * sizeof(*v));

    *n = 0;
    for (size_t i = 0; i < ctx->cat->nitems; i++)
        if (xy_item_list_kind(ctx->cat->items[i]) != XY_LIST_NONE)
            v[(*n)++] = ctx->cat->items[i]->id;
    return v;
}

struct subject_rows {
    struct xy_check_hit *rows;
    size_t n, cap;
};

static struct xy_check_hit *row_add(struct subject_rows *sr, struct xy_arena *a)
{
    if (sr->n == sr->cap) {
        size_t cap = sr->cap ? sr->cap * 2 : 128;
        struct xy_check_hit *v = xy_arena_alloc(a, cap * sizeof(*v));
        if (sr->n)
            memcpy(v, sr->rows, sr->n * sizeof(*v));
        sr->rows = v;
        sr->cap = cap;
    }
    memset(&sr->rows[sr->n], 0, sizeof(sr->rows[0]));
    return &sr->rows[sr->n++];
}

/* Look one subject up and fill res and its rows. */
static xy_code check_one(struct xy_ctx *ctx, const struct xy_check_subject_in *in, size_t i,
                         const char *scenario, const char *dept, int today, struct xy_arena *a,
                         struct xy_check_result *res, struct subject_rows *sr, int *nhits,
                         struct xy_err *err)
{
    enum xy_ident_type type;
    struct xy_subject s;
    struct xy_record *recs = NULL;
    size_t nrecs = 0, first = sr->n;
    const char *code;
    int sensitive;
    xy_code rc;

    if ((rc = check_code(in, i, a, &type, &code, err)) != XY_OK)
        return rc;
    /* a code of 15 digits may be an ID number of the old form as well as a 工商注册号: kept in
     * lookup form and shown masked, like an ID number */
    sensitive = type == XY_IDENT_IDCARD || xy_mask_has_idno(code);
    res->code = sensitive ? xy_mask_idno(a, code) : code;
    if (type)
        rc = xy_store_subject_by_ident(ctx->store, type, code, a, &s, err);
    else
        rc = xy_query_by_code(ctx, code, 0, a, &s, err);
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    res->found = rc == XY_OK;
    if (res->found &&
        (rc = xy_store_subject_records(ctx->store, s.id, a, &recs, &nrecs, err)) != XY_OK)
        return rc;
    res->hits = xy_arena_alloc(a, (nrecs + 1) * sizeof(*res->hits));
    res->measures = xy_arena_alloc(a, (ctx->measures->nrows + 1) * sizeof(*res->measures));
    for (size_t k = 0; k < nrecs; k++) {
        const struct xy_item *item = xy_catalog_item(ctx->cat, recs[k].item);
        struct xy_check_hit *row;
        if (!item || xy_item_list_kind(item) == XY_LIST_NONE ||
            !in_effect(ctx, &recs[k], item, today))
            continue;
        if ((rc = hit_view(ctx, &recs[k], item, a, &res->hits[res->nhits], err)) != XY_OK)
            return rc;
        row = row_add(sr, a);
        row->record_id = recs[k].id;
        row->item = item->id;
        row->list_name = list_name_of(&recs[k], item);
        if ((rc = hit_measures(ctx, &recs[k], item, scenario, dept, a, res, &row->measures, err)) !=
            XY_OK)
            return rc;
        res->nhits++;
        (*nhits)++;
    }
    if (sr->n == first) {
        struct xy_check_hit *row = row_add(sr, a);
        row->measures = "[]";
    }
    for (size_t k = first; k < sr->n; k++) {
        sr->rows[k].subject_no = (int)i;
        sr->rows[k].code = code;
        sr->rows[k].code_is_idno = sensitive;
        sr->rows[k].shown = res->code;
        sr->rows[k].subject_id = res->found ? s.id : 0;
    }
    return XY_OK;
}

/* The audit rows of a check: one per subject found (the trail is searched by subject), or one
 * for a check that found none. */
static xy_code audit_check(struct xy_ctx *ctx, const struct xy_check *c,
                           const struct subject_rows *sr, struct xy_err *err)
{
    char target[32], detail[96];
    int64_t last = -1;
    int any = 0;
    xy_code rc;

    snprintf(target, sizeof(target), "check:%lld", (long long)c->id);
    snprintf(detail, sizeof(detail), "scenario=%s subjects=%d hits=%d", c->scenario, c->subjects,
             c->hits);
    for (size_t k = 0; k <= sr->n; k++) {
        int64_t sid = k < sr->n ? sr->rows[k].subject_id : 0;
        if (k < sr->n && (!sid || sid == last))
            continue;
        if (k == sr->n && any)
            break;
        rc = xy_audit_append(ctx,
                             &(struct xy_audit_event){.action = "check.run",
                                                      .target = target,
                                                      .subject_id = sid,
                                                      .result = "ok",
                                                      .detail = detail},
                             err);
        if (rc != XY_OK)
            return rc;
        last = sid;
        any = 1;
    }
    return XY_OK;
}

xy_code xy_check_run(struct xy_ctx *ctx, const char *scenario,
                     const struct xy_check_subject_in *subjects, size_t n, struct xy_arena *a,
                     struct xy_check_view *out, struct xy_err *err)
{
    struct subject_rows sr = {0};
    const char *dept = NULL;
    const char *const *items;
    size_t nitems;
    int today = xy_today(), nhits = 0;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_authz_require(ctx->who, XY_PERM_CHECK, err)) != XY_OK)
        return rc;
    if (!ctx->scenarios || !ctx->measures)
        return xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    if (!scenario || !*scenario || !(out->scenario = xy_scenario_find(ctx->scenarios, scenario))) {
        xy_err_set(err, XY_INVALID,
                   "未知的业务场景“%.64s”（见 GET /api/v1/catalog 或 "
                   "measures/scenarios.ini）",
                   scenario ? scenario : "");
        err->field = "scenario";
        return XY_INVALID;
    }
    if (n == 0 || n > XY_CHECK_MAX_SUBJECTS) {
        xy_err_set(err, XY_INVALID, "一次核查%d至%d个信用主体，收到%zu个", 1, XY_CHECK_MAX_SUBJECTS,
                   n);
        err->field = "subjects";
        return XY_INVALID;
    }
    for (size_t i = 0; i < n; i++)
        if ((rc = check_subject(&subjects[i], i, a, err)) != XY_OK)
            return rc;
    if ((rc = dept_name_of(ctx, ctx->who->dept_id, a, &dept, err)) != XY_OK)
        return rc;
    out->dept_name = dept;
    out->results = xy_arena_zalloc(a, n * sizeof(*out->results));
    out->n = n;
    items = list_items(ctx, a, &nitems);
    /* the entries read and the list version stored are of one moment: both inside the write
     * transaction, so an entry that lands meanwhile is neither seen nor counted */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < n && rc == XY_OK; i++)
        rc = check_one(ctx, &subjects[i], i, out->scenario->code, dept ? dept : "", today, a,
                       &out->results[i], &sr, &nhits, err);
    if (rc != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    out->c.dept_id = ctx->who->dept_id;
    out->c.scenario = out->scenario->code;
    out->c.asked_by = ctx->who->login ? ctx->who->login : "unknown";
    out->c.asked_at = xy_now_ms();
    out->c.subjects = (int)n;
    out->c.hits = nhits;
    if ((rc = xy_store_list_version(ctx->store, items, nitems, &out->c.list_version, err)) !=
            XY_OK ||
        (rc = xy_store_check_put(ctx->store, &out->c, sr.rows, sr.n, err)) != XY_OK ||
        (rc = audit_check(ctx, &out->c, &sr, err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return XY_OK;
}

static const struct xy_measure *measure_by_seq(const struct xy_measures *ms, long seq)
{
    for (size_t i = 0; i < ms->nrows; i++)
        if (ms->rows[i].seq == seq)
            return &ms->rows[i];
    return NULL;
}

/* Add the measures a stored hit names ("[1,5]") to res, each once; a 序号 the catalogue no
 * longer has is left out. */
static void stored_measures(const struct xy_measures *ms, const char *seqs,
                            struct xy_check_result *res)
{
    const char *p = seqs ? seqs : "";

    while (*p) {
        char *end;
        long seq = strtol(p, &end, 10);
        const struct xy_measure *m;
        size_t k;
        if (end == p) {
            p++;
            continue;
        }
        p = end;
        if (!(m = measure_by_seq(ms, seq)))
            continue;
        for (k = 0; k < res->nmeasures; k++)
            if (res->measures[k] == m)
                break;
        if (k == res->nmeasures)
            res->measures[res->nmeasures++] = m;
    }
}

xy_code xy_check_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_check_view *out,
                     struct xy_err *err)
{
    struct xy_check_hit *rows;
    size_t nrows;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_authz_require(ctx->who, XY_PERM_CHECK, err)) != XY_OK)
        return rc;
    if (!ctx->scenarios || !ctx->measures)
        return xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    rc = xy_store_check_get(ctx->store, id, a, &out->c, &rows, &nrows, err);
    /* another department's check is answered like a missing one */
    if (rc == XY_OK && ctx->who->role != XY_R_OPERATOR && out->c.dept_id != ctx->who->dept_id)
        rc = XY_NOT_FOUND;
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    if (rc != XY_OK)
        return rc;
    out->scenario = xy_scenario_find(ctx->scenarios, out->c.scenario);
    if ((rc = dept_name_of(ctx, out->c.dept_id, a, &out->dept_name, err)) != XY_OK)
        return rc;
    out->n = (size_t)out->c.subjects;
    out->results = xy_arena_zalloc(a, (out->n + 1) * sizeof(*out->results));
    for (size_t k = 0; k < nrows; k++) {
        struct xy_check_result *res;
        struct xy_record rec;
        const struct xy_item *item;
        if (rows[k].subject_no < 0 || (size_t)rows[k].subject_no >= out->n)
            continue;
        res = &out->results[rows[k].subject_no];
        if (!res->code) {
            res->code = rows[k].shown;
            res->found = rows[k].subject_id != 0;
            res->hits = xy_arena_alloc(a, (nrows + 1) * sizeof(*res->hits));
            res->measures = xy_arena_alloc(a, (ctx->measures->nrows + 1) * sizeof(*res->measures));
        }
        if (!rows[k].record_id)
            continue;
        if ((rc = xy_store_record_get(ctx->store, rows[k].record_id, a, &rec, err)) != XY_OK)
            return rc;
        if (!(item = xy_catalog_item(ctx->cat, rec.item)))
            continue; /* an item the catalogue no longer has */
        if ((rc = hit_view(ctx, &rec, item, a, &res->hits[res->nhits], err)) != XY_OK)
            return rc;
        res->nhits++;
        stored_measures(ctx->measures, rows[k].measures, res);
    }
    return XY_OK;
}
