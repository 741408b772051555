/* h_cases.c - objections (异议), credit repair (信用修复) and court removals as cases; in-app
 * notifications; the published 信用承诺书 (layer: http)
 *
 * Each handler reads its parameters, calls service/cases.h and renders the result; who may act,
 * every clock and every audit row are the service's. Case times are China Standard Time
 * ("2026-11-27T16:15:00+08:00"): the filer reads them next to statutory dates. Shapes:
 * docs/api.md "Remedies".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/encode.h"
#include "base/time.h"
#include "domain/catalog.h"
#include "http/handlers.h"
#include "service/cases.h"
#include "store/store.h"

#define MAX_PER_PAGE    100
#define MAX_CORRECTIONS 64   /* a record has fewer fields than this */
#define MAX_FILE_NAME   1024 /* X-File-Name, percent-encoded; the service caps the decoded name */

/* ---- names the service does not label (its step events and the removal's one state) ---- */

static const struct {
    const char *id, *label;
} extra_labels[] = {
    {"file", "提交异议"},
    {"apply", "申请信用修复"},
    {"report", "报告已履行"},
    {"removed", "已移出公示"},
};

static const char *extra_label(const char *id)
{
    for (size_t i = 0; i < sizeof(extra_labels) / sizeof(extra_labels[0]); i++)
        if (!strcmp(extra_labels[i].id, id))
            return extra_labels[i].label;
    return id;
}

static const char *state_label(const char *kind, const char *state)
{
    enum xy_objection_state os;
    enum xy_repair_state rs;

    if (!state)
        return NULL;
    if (!strcmp(kind, "objection") && xy_objection_state_parse(state, &os, NULL) == XY_OK)
        return xy_objection_state_label(os);
    if (!strcmp(kind, "repair") && xy_repair_state_parse(state, &rs, NULL) == XY_OK)
        return xy_repair_state_label(rs);
    return extra_label(state);
}

static const char *event_label(const char *kind, const char *event)
{
    enum xy_objection_event oe;
    enum xy_repair_event re;

    if (!strcmp(kind, "objection") && xy_objection_event_parse(event, &oe, NULL) == XY_OK)
        return xy_objection_event_label(oe);
    if (!strcmp(kind, "repair") && xy_repair_event_parse(event, &re, NULL) == XY_OK)
        return xy_repair_event_label(re);
    return extra_label(event);
}

/* Whether the event, fired in state, must carry reasons (the rule's word, whoever fires it). */
static int reasons_required(const char *kind, const char *state, const char *event)
{
    const struct xy_remedy_rule *rules;
    size_t n;
    int from, ev;

    if (!strcmp(kind, "objection")) {
        enum xy_objection_state s;
        enum xy_objection_event e;
        if (xy_objection_state_parse(state, &s, NULL) != XY_OK ||
            xy_objection_event_parse(event, &e, NULL) != XY_OK)
            return 0;
        rules = xy_objection_rules(&n), from = (int)s, ev = (int)e;
    } else if (!strcmp(kind, "repair")) {
        enum xy_repair_state s;
        enum xy_repair_event e;
        if (xy_repair_state_parse(state, &s, NULL) != XY_OK ||
            xy_repair_event_parse(event, &e, NULL) != XY_OK)
            return 0;
        rules = xy_repair_rules(&n), from = (int)s, ev = (int)e;
    } else {
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (rules[i].from == from && rules[i].event == ev && rules[i].reasons_required)
            return 1;
    return 0;
}

static const char *actor_label(const char *actor)
{
    enum xy_actor a;
    return actor && xy_actor_parse(actor, &a, NULL) == XY_OK ? xy_actor_label(a) : NULL;
}

static int kind_known(const char *kind)
{
    for (int k = 0; k < XY_CASE_KIND_COUNT; k++)
        if (!strcmp(kind, xy_case_kind_id((enum xy_case_kind)k)))
            return 1;
    return 0;
}

static const char *kind_label(const char *kind)
{
    for (int k = 0; k < XY_CASE_KIND_COUNT; k++)
        if (!strcmp(kind, xy_case_kind_id((enum xy_case_kind)k)))
            return xy_case_kind_label((enum xy_case_kind)k);
    return kind;
}

/* A state id of any kind (the list's filter). */
static int state_known(const char *state)
{
    enum xy_objection_state os;
    enum xy_repair_state rs;
    return xy_objection_state_parse(state, &os, NULL) == XY_OK ||
           xy_repair_state_parse(state, &rs, NULL) == XY_OK || !strcmp(state, "removed");
}

/* ---- JSON pieces ---- */

static void date_or_null(struct xy_jw *w, const char *key, const char *date)
{
    xy_jw_kstr(w, key, date && *date ? date : NULL);
}

static void day_or_null(struct xy_jw *w, const char *key, int day)
{
    char buf[11];
    if (day < 0) {
        xy_jw_key(w, key);
        xy_jw_null(w);
        return;
    }
    xy_date_format(day, buf);
    xy_jw_kstr(w, key, buf);
}

/* The summary members (the caller opened the object). */
static void summary_members(struct xy_jw *w, const struct xy_ctx *ctx, const struct xy_case_view *v)
{
    const struct xy_item *item = v->c.item ? xy_catalog_item(ctx->cat, v->c.item) : NULL;

    xy_jw_kint(w, "id", v->c.id);
    xy_jw_kstr(w, "kind", v->c.kind);
    xy_jw_kstr(w, "kind_label", v->kind_label ? v->kind_label : kind_label(v->c.kind));
    xy_jw_kstr(w, "record", v->record[0] ? v->record : NULL);
    xy_jw_kstr(w, "item", v->c.item);
    xy_jw_kstr(w, "item_name", item ? item->name : NULL);
    xy_jw_key(w, "department");
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", v->c.dept_uscc);
    xy_jw_kstr(w, "name", v->c.dept_name);
    xy_jw_end(w);
    xy_jw_kstr(w, "ground", v->c.ground);
    xy_jw_kstr(w, "ground_label", v->c.ground ? v->ground_label : NULL);
    xy_jw_kstr(w, "state", v->c.state);
    xy_jw_kstr(w, "state_label",
               v->state_label ? v->state_label : state_label(v->c.kind, v->c.state));
    date_or_null(w, "filed", v->filed);
    date_or_null(w, "due", v->due);
    xy_jw_kbool(w, "overdue", v->overdue);
    xy_jw_kint(w, "overdue_days", v->overdue_days);
    xy_jw_kstr(w, "waiting_for", v->waiting_for);
    xy_jw_kstr(w, "waiting_for_label", actor_label(v->waiting_for));
    xy_http_time_cst(w, "updated", v->c.updated_at);
}

static void summary_json(struct xy_jw *w, const struct xy_ctx *ctx, const struct xy_case_view *v)
{
    xy_jw_obj(w);
    summary_members(w, ctx, v);
    xy_jw_end(w);
}

static void case_json(struct xy_http_req *req, struct xy_jw *w, const struct xy_case_view *v)
{
    const char *kind = v->c.kind;

    xy_jw_obj(w);
    summary_members(w, req->ctx, v);
    xy_jw_kstr(w, "statement", v->c.statement);
    xy_jw_kstr(w, "commitment", v->c.commitment);
    xy_jw_key(w, "record_view");
    if (v->rec.item)
        xy_http_record_json(w, &v->rec, 1);
    else
        xy_jw_null(w);
    /* the corrected version, addressed like every record: by its opaque public id */
    xy_jw_kstr(w, "result_record", v->result_record[0] ? v->result_record : NULL);
    xy_jw_key(w, "steps");
    xy_jw_arr(w);
    for (size_t i = 0; i < v->nsteps; i++) {
        const struct xy_case_step *s = &v->steps[i];
        xy_jw_obj(w);
        xy_jw_kint(w, "seq", s->seq);
        xy_http_time_cst(w, "at", s->at);
        xy_jw_kstr(w, "actor", s->actor);
        xy_jw_kstr(w, "actor_label", actor_label(s->actor));
        xy_jw_kstr(w, "event", s->event);
        xy_jw_kstr(w, "event_label", s->event ? event_label(kind, s->event) : NULL);
        xy_jw_kstr(w, "from", s->from_state);
        xy_jw_kstr(w, "to", s->to_state);
        xy_jw_kstr(w, "to_label", state_label(kind, s->to_state));
        xy_jw_kstr(w, "reasons", s->reasons);
        day_or_null(w, "due", s->due_day);
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_key(w, "evidence");
    xy_jw_arr(w);
    for (size_t i = 0; i < v->nevidence; i++) {
        const struct xy_evidence *ev = &v->evidence[i];
        xy_jw_obj(w);
        xy_jw_kstr(w, "sha256", ev->sha256);
        xy_jw_kstr(w, "name", ev->name);
        xy_jw_kstr(w, "mime", ev->mime);
        xy_jw_kint(w, "bytes", ev->bytes);
        xy_http_time_cst(w, "added", ev->added_at);
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_key(w, "events");
    xy_jw_arr(w);
    for (size_t i = 0; i < v->nevents; i++) {
        xy_jw_obj(w);
        xy_jw_kstr(w, "id", v->events[i]);
        xy_jw_kstr(w, "label", event_label(kind, v->events[i]));
        xy_jw_kbool(w, "reasons_required", reasons_required(kind, v->c.state, v->events[i]));
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_end(w);
}

/* ---- arguments ---- */

/* An optional text member: absent or null gives NULL; any other non-string is refused. */
static xy_code opt_text(json_t *o, const char *key, const char **out, struct xy_err *err)
{
    json_t *v = json_object_get(o, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return XY_OK;
    if (!json_is_string(v)) {
        xy_err_set(err, XY_INVALID, "\"%s\" 应为文本", key);
        err->field = key;
        return XY_INVALID;
    }
    *out = json_string_value(v);
    return XY_OK;
}

/* The service's stable refusals of a repair application carry their own code ("repair.not_yet":
 * the message names the first possible day), so a portal can show the date without parsing. */
static int repair_refusal(struct xy_http_req *req, struct xy_http_resp *resp,
                          const struct xy_err *err)
{
    if (err->code != XY_INVALID || !err->hint || strncmp(err->hint, "repair.", 7))
        return 0;
    xy_http_error(req, resp, 400, err->hint, err->msg, err->field ? err->field : "record");
    return 1;
}

/* ---- the routes ---- */

xy_code h_commitment_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_jw w;
    (void)req;
    (void)err;

    xy_http_begin_json(resp, &w);
    resp->cache = XY_CACHE_PUBLIC_SHORT; /* a published text, the same for everyone */
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "id", XY_COMMITMENT_ID);
    xy_jw_kstr(&w, "title", "信用承诺书");
    xy_jw_kstr(&w, "text", xy_commitment_text());
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_cases_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body;
    const char *kind, *record, *statement, *ground = NULL, *commitment = NULL;
    struct xy_case_view v;
    struct xy_jw w;
    int64_t id = 0;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "kind", &kind, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "record", &record, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "statement", &statement, err)) != XY_OK)
        goto out;
    if (!strcmp(kind, "objection")) {
        if ((rc = xy_http_body_string(body, "ground", &ground, err)) != XY_OK)
            goto out;
        rc = xy_case_object(req->ctx, record, ground, statement, &id, err);
    } else if (!strcmp(kind, "repair")) {
        if ((rc = xy_http_body_string(body, "commitment", &commitment, err)) != XY_OK)
            goto out;
        rc = xy_case_apply_repair(req->ctx, record, statement, commitment, &id, err);
        if (rc != XY_OK && repair_refusal(req, resp, err)) {
            rc = XY_OK;
            goto out;
        }
    } else if (!strcmp(kind, "removal")) {
        rc = xy_case_report_performed(req->ctx, record, statement, &id, err);
    } else {
        rc = xy_err_set(err, XY_INVALID,
                        "案件类型 \"%.32s\" 无效，应为 objection（异议）、repair（信用修复）或 "
                        "removal（失信被执行人履行后移出）",
                        kind);
        err->field = "kind";
    }
    if (rc != XY_OK)
        goto out;
    if ((rc = xy_case_get(req->ctx, id, req->a, &v, err)) != XY_OK)
        goto out;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "id", v.c.id);
    xy_jw_kstr(&w, "kind", v.c.kind);
    xy_jw_kstr(&w, "state", v.c.state);
    xy_jw_kstr(&w, "state_label", v.state_label ? v.state_label : state_label(kind, v.c.state));
    date_or_null(&w, "due", v.due);
    xy_jw_end(&w);
out:
    json_decref(body);
    return rc;
}

xy_code h_cases_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *queue = xy_http_param(req, "queue");
    const char *kind = xy_http_param(req, "kind"), *state = xy_http_param(req, "state");
    const char *overdue = xy_http_param(req, "overdue");
    long before = xy_http_param_long(req, "before", 0);
    long limit = xy_http_param_long(req, "limit", 20);
    struct xy_case_filter f = {0};
    struct xy_case_view *views;
    struct xy_case_count *counts;
    size_t n, ncounts;
    struct xy_jw w;
    xy_code rc;

    if (!queue || (strcmp(queue, "mine") && strcmp(queue, "review") && strcmp(queue, "dept"))) {
        xy_err_set(err, XY_INVALID,
                   "请用 queue 指明队列：mine（本人的案件）、review（审核）或 dept（本部门）");
        err->field = "queue";
        return XY_INVALID;
    }
    if (kind && !kind_known(kind)) {
        xy_err_set(err, XY_INVALID, "案件类型 \"%.32s\" 无效，应为 objection、repair 或 removal",
                   kind);
        err->field = "kind";
        return XY_INVALID;
    }
    if (state && !state_known(state)) {
        xy_err_set(err, XY_INVALID, "案件状态 \"%.32s\" 无效", state);
        err->field = "state";
        return XY_INVALID;
    }
    if (overdue && strcmp(overdue, "1") && strcmp(overdue, "0")) {
        xy_err_set(err, XY_INVALID, "overdue 须为 1 或 0");
        err->field = "overdue";
        return XY_INVALID;
    }
    if (before < 0 || limit < 1 || limit > MAX_PER_PAGE) {
        xy_err_set(err, XY_INVALID, "limit 须为 1 到 %d，before 须为案件编号", MAX_PER_PAGE);
        err->field = before < 0 ? "before" : "limit";
        return XY_INVALID;
    }
    f.kind = kind;
    f.state = state;
    if (overdue && !strcmp(overdue, "1"))
        f.due_before = xy_today(); /* due before today: the last day has passed */
    f.before_id = before;
    f.limit = (size_t)limit + 1; /* one more tells whether there is a next page */
    if ((rc = xy_case_list(req->ctx, queue, &f, req->a, &views, &n, err)) != XY_OK ||
        (rc = xy_case_counts(req->ctx, queue, req->a, &counts, &ncounts, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "has_more", n > (size_t)limit);
    if (n > (size_t)limit)
        n = (size_t)limit;
    xy_jw_key(&w, "cases");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        summary_json(&w, req->ctx, &views[i]);
    xy_jw_end(&w);
    xy_jw_key(&w, "counts");
    xy_jw_arr(&w);
    for (size_t i = 0; i < ncounts; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "kind", counts[i].kind);
        xy_jw_kstr(&w, "kind_label", kind_label(counts[i].kind));
        xy_jw_kstr(&w, "state", counts[i].state);
        xy_jw_kstr(&w, "state_label", state_label(counts[i].kind, counts[i].state));
        xy_jw_kint(&w, "n", counts[i].n);
        xy_jw_kint(&w, "overdue", counts[i].overdue);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_case_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_case_view v;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "案件", &id, err)) != XY_OK ||
        (rc = xy_case_get(req->ctx, id, req->a, &v, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    case_json(req, &w, &v);
    return XY_OK;
}

xy_code h_case_events_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body, *corr_o, *unpub;
    const char *event, *reasons;
    struct xy_correction corr = {0};
    struct xy_case_view v;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "案件", &id, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "event", &event, err)) != XY_OK ||
        (rc = opt_text(body, "reasons", &reasons, err)) != XY_OK)
        goto out;
    corr_o = json_object_get(body, "corrections");
    unpub = json_object_get(body, "unpublish");
    if (unpub && !json_is_null(unpub) && !json_is_boolean(unpub)) {
        rc = xy_err_set(err, XY_INVALID, "\"unpublish\" 应为 true 或 false");
        err->field = "unpublish";
        goto out;
    }
    if (corr_o && !json_is_null(corr_o)) {
        const char *code;
        json_t *val;
        size_t i = 0;

        if (!json_is_object(corr_o)) {
            rc = xy_err_set(err, XY_INVALID, "\"corrections\" 应为 {字段代码: 新值} 对象");
            err->field = "corrections";
            goto out;
        }
        if (json_object_size(corr_o) > MAX_CORRECTIONS) {
            rc = xy_err_set(err, XY_TOO_LARGE, "一次最多更正 %d 个字段", MAX_CORRECTIONS);
            err->field = "corrections";
            goto out;
        }
        corr.n = json_object_size(corr_o);
        corr.codes = xy_arena_alloc(req->a, (corr.n + 1) * sizeof(*corr.codes));
        corr.values = xy_arena_alloc(req->a, (corr.n + 1) * sizeof(*corr.values));
        json_object_foreach(corr_o, code, val)
        {
            if (!json_is_string(val)) {
                /* the field code names the member; it came from the client, so copy it */
                rc = xy_err_set(err, XY_INVALID, "更正字段 \"%.40s\" 的新值应为文本", code);
                err->field = xy_arena_strdup(req->a, code);
                goto out;
            }
            corr.codes[i] = code;
            corr.values[i] = json_string_value(val);
            i++;
        }
    }
    corr.unpublish = unpub && json_is_true(unpub);
    if ((corr.n || corr.unpublish) && strcmp(event, "correct")) {
        rc = xy_err_set(err, XY_INVALID, "只有更正（correct）才能带 %s",
                        corr.n ? "corrections" : "unpublish");
        err->field = corr.n ? "corrections" : "unpublish";
        goto out;
    }
    /* blank reasons are no reasons: a rule that needs them refuses the step */
    if (reasons && reasons[strspn(reasons, " \t\r\n")] == '\0')
        reasons = NULL;
    rc = xy_case_step(req->ctx, id, event, reasons, !strcmp(event, "correct") ? &corr : NULL, err);
    if (rc != XY_OK) {
        /* a correction's field code came from the body, which goes before the error is drawn */
        if (err->field)
            err->field = xy_arena_strdup(req->a, err->field);
        goto out;
    }
    if ((rc = xy_case_get(req->ctx, id, req->a, &v, err)) != XY_OK)
        goto out;
    xy_http_begin_json(resp, &w);
    summary_json(&w, req->ctx, &v);
out:
    json_decref(body);
    return rc;
}

/* The media types evidence may have (the service checks the bytes against them). */
static const char *const evidence_types[] = {"application/pdf", "image/jpeg", "image/png"};

static const char *evidence_type(const char *content_type)
{
    size_t len;

    if (!content_type)
        return NULL;
    len = strcspn(content_type, "; ");
    for (size_t i = 0; i < sizeof(evidence_types) / sizeof(evidence_types[0]); i++)
        if (strlen(evidence_types[i]) == len && !strncasecmp(content_type, evidence_types[i], len))
            return evidence_types[i];
    return NULL;
}

/* Percent-decode s into a new string; NULL for a malformed escape or a NUL byte. */
static char *pct_decode(struct xy_arena *a, const char *s)
{
    char *out = xy_arena_alloc(a, strlen(s) + 1), *w = out;

    for (; *s; s++) {
        if (*s != '%') {
            *w++ = *s;
            continue;
        }
        int hi = xy_hex_digit(s[1]), lo = hi < 0 ? -1 : xy_hex_digit(s[2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return NULL;
        *w++ = (char)(hi << 4 | lo);
        s += 2;
    }
    *w = '\0';
    return out;
}

static void unsupported(struct xy_http_req *req, struct xy_http_resp *resp, const char *msg)
{
    xy_http_error(req, resp, 415, "UNSUPPORTED", msg, "Content-Type");
}

xy_code h_case_evidence_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *mime = evidence_type(req->content_type);
    char sha[65], *name;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "案件", &id, err)) != XY_OK)
        return rc;
    if (!mime) {
        unsupported(req, resp,
                    "证明材料只接受 PDF、JPEG 或 PNG（Content-Type: application/pdf、"
                    "image/jpeg 或 image/png）");
        return XY_OK;
    }
    if (!req->file_name || !*req->file_name || strlen(req->file_name) > MAX_FILE_NAME ||
        !(name = pct_decode(req->a, req->file_name)) || !*name) {
        xy_err_set(err, XY_INVALID, "请在 X-File-Name 头中给出文件名（UTF-8，百分号编码）");
        err->field = "X-File-Name";
        return XY_INVALID;
    }
    if (!req->body_len) {
        xy_err_set(err, XY_INVALID, "请求内容为空：请求体应为文件本身");
        err->field = "body";
        return XY_INVALID;
    }
    rc = xy_case_evidence_add(req->ctx, id, name, mime, req->body, req->body_len, sha, err);
    if (rc == XY_INVALID && err->field &&
        (!strcmp(err->field, "mime") || !strcmp(err->field, "Content-Type"))) {
        /* the bytes are not what the declared type says (a renamed .exe, a text "PDF") */
        unsupported(req, resp, err->msg);
        return XY_OK;
    }
    if (rc == XY_INVALID && err->field && !strcmp(err->field, "name"))
        err->field = "X-File-Name"; /* where the client put it */
    if (rc != XY_OK)
        return rc;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "sha256", sha);
    xy_jw_kstr(&w, "name", name);
    xy_jw_kstr(&w, "mime", mime);
    xy_jw_kint(&w, "bytes", (long long)req->body_len);
    xy_jw_end(&w);
    return XY_OK;
}

/* The evidence file's name as given, its hash as the plain fallback. */
static char *disposition(struct xy_arena *a, const struct xy_evidence *ev)
{
    static const char *const ext[] = {".pdf", ".jpg", ".png"};
    const char *x = "";

    for (size_t i = 0; i < sizeof(evidence_types) / sizeof(evidence_types[0]); i++)
        if (ev->mime && !strcmp(ev->mime, evidence_types[i]))
            x = ext[i];
    return xy_http_attachment(a, xy_arena_printf(a, "evidence-%.12s%s", ev->sha256, x), ev->name);
}

xy_code h_case_evidence_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_evidence ev;
    const char *sha = req->args[1];
    void *data;
    size_t len;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "案件", &id, err)) != XY_OK)
        return rc;
    if (strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
        return xy_err_set(err, XY_NOT_FOUND, "这个案件没有该证明材料");
    if ((rc = xy_case_evidence_get(req->ctx, id, sha, req->a, &ev, &data, &len, err)) != XY_OK)
        return rc;
    resp->content_type = ev.mime;
    resp->cache = XY_CACHE_NO_STORE;
    resp->disposition = disposition(req->a, &ev);
    xy_buf_reset(&resp->body);
    if (len)
        xy_buf_add(&resp->body, data, len);
    return XY_OK;
}

xy_code h_notifications_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *unread = xy_http_param(req, "unread");
    struct xy_notice *nt;
    int64_t nunread;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if (unread && strcmp(unread, "1") && strcmp(unread, "0")) {
        xy_err_set(err, XY_INVALID, "unread 须为 1 或 0");
        err->field = "unread";
        return XY_INVALID;
    }
    rc = xy_notices(req->ctx, unread && !strcmp(unread, "1"), req->a, &nt, &n, &nunread, err);
    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "unread", nunread);
    xy_jw_key(&w, "notifications");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        xy_jw_obj(&w);
        xy_jw_kint(&w, "id", nt[i].id);
        xy_jw_key(&w, "case");
        if (nt[i].case_id)
            xy_jw_int(&w, nt[i].case_id);
        else
            xy_jw_null(&w);
        xy_http_time_cst(&w, "at", nt[i].at);
        xy_jw_kstr(&w, "text", nt[i].text);
        xy_jw_kbool(&w, "read", nt[i].read_at != 0);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_notifications_read_post(struct xy_http_req *req, struct xy_http_resp *resp,
                                  struct xy_err *err)
{
    json_t *body, *upto;
    struct xy_notice *nt;
    int64_t nunread;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    upto = json_object_get(body, "upto");
    if (!json_is_integer(upto) || json_integer_value(upto) < 0) {
        rc = xy_err_set(err, XY_INVALID, "\"upto\" 应为通知编号（0：全部标为已读）");
        err->field = "upto";
        goto out;
    }
    if ((rc = xy_notices_read(req->ctx, (int64_t)json_integer_value(upto), err)) != XY_OK ||
        (rc = xy_notices(req->ctx, 1, req->a, &nt, &n, &nunread, err)) != XY_OK)
        goto out;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "unread", nunread);
    xy_jw_end(&w);
out:
    json_decref(body);
    return rc;
}
