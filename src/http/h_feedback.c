/* h_feedback.c - feedback on checks, the key figures of the closed loop and the re-screening
 * queue (layer: http)
 *
 * Each handler reads its parameters, calls service/feedback.h or service/rescreen.h and renders
 * the result; who may do what, the department rule and the audit rows are the services'.
 * Amounts travel as text in yuan ("1234.56"): JSON numbers would round fen. Shapes: docs/api.md
 * "Feedback and re-screening (反馈与复核)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/measures.h"
#include "http/handlers.h"
#include "service/feedback.h"
#include "service/rescreen.h"

/* Fen as yuan text, "1234.56"; null for none. */
static void yuan(struct xy_jw *w, const char *key, int64_t fen)
{
    char buf[32];

    if (fen < 0) {
        xy_jw_kstr(w, key, NULL);
        return;
    }
    snprintf(buf, sizeof(buf), "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
    xy_jw_kstr(w, key, buf);
}

/* A positive id from a path segment, else 0. */
static void feedback_json(struct xy_jw *w, const struct xy_feedback_view *v)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", v->f.id);
    xy_jw_kint(w, "check", v->f.check_id);
    xy_jw_kint(w, "subject_no", v->f.subject_no);
    xy_jw_kstr(w, "record", v->record[0] ? v->record : NULL);
    xy_jw_key(w, "measure");
    if (v->f.measure_seq > 0)
        xy_jw_int(w, v->f.measure_seq);
    else
        xy_jw_null(w);
    xy_jw_kstr(w, "measure_item", v->m ? v->m->matter : NULL);
    xy_jw_kbool(w, "taken", v->f.taken);
    xy_jw_kstr(w, "result", v->f.result);
    yuan(w, "amount", v->f.amount_fen);
    xy_jw_kstr(w, "basis", v->f.basis);
    xy_jw_kstr(w, "acted_on", v->f.acted_on);
    xy_jw_kstr(w, "given_by", v->f.given_by);
    xy_http_time_cst(w, "given_at", v->f.given_at);
    xy_jw_kbool(w, "current", v->current);
    xy_jw_end(w);
}

/* What a member held, for a message naming it: a number as written, else its kind (a text is
 * not echoed: it may be an ID number). */
static const char *given(json_t *v, char buf[40])
{
    if (json_is_integer(v))
        snprintf(buf, 40, " %lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, 40, " %.6g", json_real_value(v));
    else
        snprintf(buf, 40, "%s",
                 json_is_string(v)    ? "文本"
                 : json_is_boolean(v) ? (json_is_true(v) ? " true" : " false")
                 : json_is_array(v)   ? "数组"
                                      : "对象");
    return buf;
}

static xy_code feedback_in(json_t *o, struct xy_arena *a, struct xy_feedback_in *in,
                           struct xy_err *err)
{
    char value[40];
    json_t *v;
    xy_code rc;

    memset(in, 0, sizeof(*in));
    in->subject_no = -1;
    in->taken = -1;
    v = json_object_get(o, "subject_no");
    if (v && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000) {
            xy_err_set(err, XY_INVALID,
                       "subject_no 应为本次核查中主体的编号（从0开始的整数），收到%s",
                       given(v, value));
            err->field = "subject_no";
            return XY_INVALID;
        }
        in->subject_no = (long)json_integer_value(v);
    }
    v = json_object_get(o, "measure");
    if (v && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
            json_integer_value(v) > 1000000000) {
            xy_err_set(err, XY_INVALID, "measure 应为措施的序号（正整数）或 null");
            err->field = "measure";
            return XY_INVALID;
        }
        in->measure = (long)json_integer_value(v);
    }
    v = json_object_get(o, "taken");
    if (v && !json_is_null(v)) {
        if (!json_is_boolean(v)) {
            xy_err_set(err, XY_INVALID, "taken 应为 true（已采取措施）或 false（未采取）");
            err->field = "taken";
            return XY_INVALID;
        }
        in->taken = json_is_true(v);
    }
    v = json_object_get(o, "amount");
    if (json_is_integer(v)) {
        /* a whole number of yuan is unambiguous; a fraction as a JSON number is not */
        in->amount = xy_arena_printf(a, "%lld", (long long)json_integer_value(v));
    } else if (v && !json_is_null(v) && !json_is_string(v)) {
        xy_err_set(err, XY_INVALID, "金额 amount 请以文本填写，单位元，如 \"1234.56\"");
        err->field = "amount";
        return XY_INVALID;
    } else if ((rc = xy_http_body_text(o, "amount", &in->amount, err)) != XY_OK) {
        return rc;
    }
    if ((rc = xy_http_body_text(o, "record", &in->record, err)) != XY_OK ||
        (rc = xy_http_body_text(o, "result", &in->result, err)) != XY_OK ||
        (rc = xy_http_body_text(o, "basis", &in->basis, err)) != XY_OK ||
        (rc = xy_http_body_text(o, "acted_on", &in->acted_on, err)) != XY_OK)
        return rc;
    in->record = in->record ? xy_arena_strdup(a, in->record) : NULL;
    in->result = in->result ? xy_arena_strdup(a, in->result) : NULL;
    in->basis = in->basis ? xy_arena_strdup(a, in->basis) : NULL;
    in->acted_on = in->acted_on ? xy_arena_strdup(a, in->acted_on) : NULL;
    in->amount = in->amount ? xy_arena_strdup(a, in->amount) : NULL;
    return XY_OK;
}

xy_code h_check_feedback_post(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err)
{
    int64_t id;
    struct xy_feedback_in in;
    struct xy_feedback_view v;
    struct xy_jw w;
    json_t *body;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "核查", &id, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    rc = feedback_in(body, req->a, &in, err);
    json_decref(body);
    if (rc != XY_OK || (rc = xy_feedback_give(req->ctx, id, &in, req->a, &v, err)) != XY_OK)
        return rc;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    feedback_json(&w, &v);
    return XY_OK;
}

xy_code h_check_feedback_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    int64_t id;
    struct xy_feedback_view *v;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "核查", &id, err)) != XY_OK)
        return rc;
    if ((rc = xy_feedback_list(req->ctx, id, req->a, &v, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "check", id);
    xy_jw_key(&w, "feedback");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        feedback_json(&w, &v[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

static void figure_json(struct xy_http_req *req, struct xy_jw *w, const struct xy_figure_row *r,
                        int total)
{
    int rate = xy_figures_rate_permille(r);

    xy_jw_obj(w);
    if (!total) {
        const struct xy_scenario *sc =
            req->ctx->scenarios ? xy_scenario_find(req->ctx->scenarios, r->scenario) : NULL;
        xy_jw_kstr(w, "department_code", r->dept_uscc);
        xy_jw_kstr(w, "department", r->dept_name ? r->dept_name : "本机运维（命令行）");
        xy_jw_kstr(w, "scenario", r->scenario);
        xy_jw_kstr(w, "scenario_name", sc ? sc->name : NULL);
    }
    xy_jw_kint(w, "checks", r->checks);
    xy_jw_kint(w, "subjects", r->subjects);
    xy_jw_kint(w, "hit_subjects", r->hit_subjects);
    xy_jw_kint(w, "fed_subjects", r->fed_subjects);
    xy_jw_key(w, "feedback_rate_permille");
    if (rate < 0)
        xy_jw_null(w);
    else
        xy_jw_int(w, rate);
    xy_jw_kint(w, "measures_taken", r->taken);
    xy_jw_kint(w, "measures_not_taken", r->not_taken);
    yuan(w, "amount", r->amount_fen);
    xy_jw_end(w);
}

xy_code h_joint_figures_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_figures f;
    struct xy_jw w;
    char from[11], to[11];
    xy_code rc;

    rc = xy_figures_get(req->ctx, xy_http_param(req, "from"), xy_http_param(req, "to"), req->a, &f,
                        err);
    if (rc != XY_OK)
        return rc;
    xy_date_format(f.from, from);
    xy_date_format(f.to, to);
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "from", from);
    xy_jw_kstr(&w, "to", to);
    xy_jw_kbool(&w, "all_departments", f.all);
    xy_jw_key(&w, "rows");
    xy_jw_arr(&w);
    for (size_t i = 0; i < f.n; i++)
        figure_json(req, &w, &f.rows[i], 0);
    xy_jw_end(&w);
    xy_jw_key(&w, "total");
    if (f.all)
        figure_json(req, &w, &f.total, 1);
    else
        xy_jw_null(&w);
    xy_jw_end(&w);
    return XY_OK;
}

static void rescreen_json(struct xy_jw *w, const struct xy_rescreen_view *v)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", v->r.id);
    xy_jw_kint(w, "check", v->r.check_id);
    xy_jw_kint(w, "subject_no", v->r.subject_no);
    xy_jw_kstr(w, "code", v->r.shown);
    xy_jw_kstr(w, "scenario", v->r.scenario);
    xy_jw_kstr(w, "scenario_name", v->scenario_name);
    xy_jw_kstr(w, "change", v->r.change);
    xy_jw_kint(w, "list_version", v->r.list_version);
    xy_http_time_cst(w, "queued_at", v->r.queued_at);
    xy_jw_kstr(w, "state", v->r.done_at ? "done" : "open");
    xy_http_time_cst(w, "done_at", v->r.done_at);
    xy_jw_kstr(w, "done_by", v->r.done_by);
    xy_jw_kstr(w, "note", v->r.done_note);
    xy_jw_key(w, "entries");
    xy_jw_arr(w);
    for (size_t i = 0; i < v->nentries; i++) {
        const struct xy_rescreen_entry *e = &v->entries[i];
        xy_jw_obj(w);
        xy_jw_kstr(w, "record", e->record[0] ? e->record : NULL);
        xy_jw_kstr(w, "list", e->list);
        xy_jw_kstr(w, "list_name", e->list_name);
        xy_jw_kstr(w, "entry_date", e->entry_date);
        xy_jw_kstr(w, "end_date", e->end_date);
        xy_jw_kstr(w, "document", e->document);
        xy_jw_kstr(w, "state", e->state);
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_end(w);
}

xy_code h_rescreens_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_rescreen_view *v;
    struct xy_jw w;
    size_t n;
    long limit = xy_http_param_long(req, "limit", 100);
    long before = xy_http_param_long(req, "before", 0);
    int has_more;
    xy_code rc;

    if ((rc = xy_rescreen_list(req->ctx, xy_http_param(req, "state"), before, limit, req->a, &v, &n,
                               &has_more, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "has_more", has_more);
    xy_jw_key(&w, "rescreens");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        rescreen_json(&w, &v[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_rescreen_done_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    int64_t id;
    const char *note = NULL;
    struct xy_rescreen_view v;
    struct xy_jw w;
    json_t *body = NULL;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "复核事项", &id, err)) != XY_OK)
        return rc;
    /* the body is optional: {} or {"note": "..."} */
    if (req->body_len) {
        if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
            return rc;
        rc = xy_http_body_text(body, "note", &note, err);
        note = note ? xy_arena_strdup(req->a, note) : NULL;
        json_decref(body);
        if (rc != XY_OK)
            return rc;
    }
    if ((rc = xy_rescreen_done(req->ctx, id, note, req->a, &v, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    rescreen_json(&w, &v);
    return XY_OK;
}
