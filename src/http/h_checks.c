/* h_checks.c - departments check subjects before they act: list hits and the joint reward and
 * punishment measures that apply (layer: http)
 *
 * Each handler reads its parameters, calls service/checks.h and renders the result; who may
 * check, what is a hit and the audit rows are the service's. An ID number given as a code is
 * answered masked. Shapes: docs/api.md "Checks (联合奖惩)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/catalog.h"
#include "domain/measures.h"
#include "http/handlers.h"
#include "service/checks.h"

/* The implementing departments of a measure, in words. */
static const char *departments(const struct xy_measure *m, struct xy_arena *a)
{
    const char *out = "";

    if (m->all_depts)
        return "各相关部门";
    for (size_t i = 0; i < m->ndepts; i++)
        out = xy_arena_printf(a, "%s%s%s", out, i ? "、" : "", m->depts[i]);
    return out;
}

static void hit_json(struct xy_jw *w, const struct xy_check_hit_view *h)
{
    xy_jw_obj(w);
    xy_jw_kstr(w, "list", h->item->id);
    xy_jw_kstr(w, "list_kind", xy_list_kind_id(h->kind));
    xy_jw_kstr(w, "list_name", h->list_name);
    xy_jw_kstr(w, "record", h->record);
    xy_jw_kstr(w, "entry_date", h->entry_date);
    xy_jw_kstr(w, "end_date", h->end_date);
    xy_jw_kstr(w, "document", h->document);
    xy_jw_kbool(w, "disputed", h->disputed);
    xy_jw_kint(w, "score", h->score);
    xy_jw_kstr(w, "reasons", h->reasons);
    xy_jw_kstr(w, "matched_name", h->matched_name);
    xy_jw_end(w);
}

static void check_json(struct xy_http_req *req, struct xy_jw *w, const struct xy_check_view *v)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", v->c.id);
    xy_jw_kstr(w, "kind", v->c.kind ? v->c.kind : "api");
    xy_jw_kstr(w, "state", v->c.state ? v->c.state : "done");
    xy_jw_kstr(w, "scenario", v->c.scenario);
    xy_jw_kstr(w, "scenario_name", v->scenario ? v->scenario->name : NULL);
    xy_jw_kstr(w, "department", v->dept_name);
    xy_jw_kint(w, "list_version", v->c.list_version);
    xy_http_time_cst(w, "checked_at", v->c.asked_at);
    xy_jw_kint(w, "subjects", v->c.subjects);
    xy_jw_kint(w, "hits", v->c.hits);
    /* a batch answers only its subjects with a hit: say so, and where the next page starts */
    xy_jw_kstr(w, "results_scope", v->hits_only ? "hits_only" : "all");
    xy_jw_key(w, "next_from");
    if (v->next_from >= 0)
        xy_jw_int(w, v->next_from);
    else
        xy_jw_null(w);
    xy_jw_key(w, "results");
    xy_jw_arr(w);
    for (size_t i = 0; i < v->n; i++) {
        const struct xy_check_result *r = &v->results[i];
        xy_jw_obj(w);
        xy_jw_kint(w, "subject_no", r->subject_no);
        xy_jw_kstr(w, "code", r->code);
        xy_jw_kstr(w, "name", r->name);
        xy_jw_kbool(w, "found", r->found);
        xy_jw_key(w, "hits");
        xy_jw_arr(w);
        for (size_t k = 0; k < r->nhits; k++)
            hit_json(w, &r->hits[k]);
        xy_jw_end(w);
        xy_jw_key(w, "measures");
        xy_jw_arr(w);
        for (size_t k = 0; k < r->nmeasures; k++) {
            const struct xy_measure *m = r->measures[k];
            xy_jw_obj(w);
            xy_jw_kint(w, "no", m->seq);
            xy_jw_kstr(w, "item", m->matter);
            xy_jw_kstr(w, "content", m->content);
            xy_jw_kstr(w, "level", xy_measure_level_zh(m->level));
            xy_jw_kstr(w, "kind", xy_measure_kind_zh(m->kind));
            xy_jw_kstr(w, "basis", m->basis);
            xy_jw_kstr(w, "department", departments(m, req->a));
            xy_jw_end(w);
        }
        xy_jw_end(w);
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_end(w);
}

/* A member of subject i that must be text when given: copied into a, NULL when absent. */
static xy_code member(json_t *o, size_t i, const char *key, struct xy_arena *a, const char **out,
                      struct xy_err *err)
{
    json_t *v = json_object_get(o, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return XY_OK;
    if (!json_is_string(v)) {
        xy_err_set(err, XY_INVALID, "subjects[%zu].%s 应为文本", i, key);
        err->field = xy_arena_printf(a, "subjects[%zu].%s", i, key);
        return XY_INVALID;
    }
    *out = xy_arena_strdup(a, json_string_value(v));
    return XY_OK;
}

xy_code h_checks_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_check_subject_in *in = NULL;
    struct xy_check_view v;
    const char *scenario;
    json_t *body, *subjects;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "scenario", &scenario, err)) != XY_OK)
        goto out;
    scenario = xy_arena_strdup(req->a, scenario);
    subjects = json_object_get(body, "subjects");
    if (!json_is_array(subjects)) {
        rc = xy_err_set(err, XY_INVALID, "请求内容缺少信用主体列表 \"subjects\"（数组）");
        err->field = "subjects";
        goto out;
    }
    n = json_array_size(subjects);
    /* the service refuses more than XY_CHECK_MAX_SUBJECTS; nothing past that is read */
    in = xy_arena_zalloc(req->a, (n > XY_CHECK_MAX_SUBJECTS ? 1 : n + 1) * sizeof(*in));
    for (size_t i = 0; i < n && n <= XY_CHECK_MAX_SUBJECTS; i++) {
        json_t *o = json_array_get(subjects, i);
        if (!json_is_object(o)) {
            rc = xy_err_set(err, XY_INVALID, "subjects[%zu] 应为对象 {code, name, type}", i);
            err->field = xy_arena_printf(req->a, "subjects[%zu]", i);
            goto out;
        }
        if ((rc = member(o, i, "code", req->a, &in[i].code, err)) != XY_OK ||
            (rc = member(o, i, "name", req->a, &in[i].name, err)) != XY_OK ||
            (rc = member(o, i, "type", req->a, &in[i].type, err)) != XY_OK)
            goto out;
    }
    if ((rc = xy_check_run(req->ctx, scenario, in, n, req->a, &v, err)) != XY_OK)
        goto out;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    check_json(req, &w, &v);
out:
    json_decref(body);
    return rc;
}

#define PAGE_SUBJECTS     100 /* subjects per page of a check */
#define PAGE_SUBJECTS_MAX 500
#define LIST_DEFAULT      20
#define LIST_MAX          100

xy_code h_check_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    long from = xy_http_param_long(req, "from", 0);
    long limit = xy_http_param_long(req, "limit", PAGE_SUBJECTS);
    struct xy_check_view v;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "核查", &id, err)) != XY_OK)
        return rc;
    if (from < 0 || limit < 1 || limit > PAGE_SUBJECTS_MAX) {
        xy_err_set(err, XY_INVALID, "from 须为不小于0的主体序号，limit 须为 1 到 %d",
                   PAGE_SUBJECTS_MAX);
        err->field = from < 0 ? "from" : "limit";
        return XY_INVALID;
    }
    if ((rc = xy_check_get_page(req->ctx, id, (int)from, (size_t)limit, req->a, &v, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    check_json(req, &w, &v);
    return XY_OK;
}

xy_code h_checks_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    long before = xy_http_param_long(req, "before", 0);
    long limit = xy_http_param_long(req, "limit", LIST_DEFAULT);
    struct xy_check_brief *v;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if (before < 0 || limit < 1 || limit > LIST_MAX) {
        xy_err_set(err, XY_INVALID, "limit 须为 1 到 %d，before 须为核查编号", LIST_MAX);
        err->field = before < 0 ? "before" : "limit";
        return XY_INVALID;
    }
    /* one more tells whether there is a next page */
    if ((rc = xy_check_list(req->ctx, before, (size_t)limit + 1, req->a, &v, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "has_more", n > (size_t)limit);
    if (n > (size_t)limit)
        n = (size_t)limit;
    xy_jw_key(&w, "checks");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        const struct xy_check *c = &v[i].c;
        xy_jw_obj(&w);
        xy_jw_kint(&w, "id", c->id);
        xy_jw_kstr(&w, "kind", c->kind ? c->kind : "api");
        xy_jw_kstr(&w, "state", c->state ? c->state : "done");
        xy_jw_kstr(&w, "scenario", c->scenario);
        xy_jw_kstr(&w, "scenario_name", v[i].scenario ? v[i].scenario->name : NULL);
        xy_jw_kstr(&w, "department", v[i].dept_name);
        xy_jw_kstr(&w, "asked_by", c->asked_by);
        xy_http_time_cst(&w, "checked_at", c->asked_at);
        xy_jw_kint(&w, "subjects", c->subjects);
        xy_jw_kint(&w, "hits", c->hits);
        xy_jw_kint(&w, "list_version", c->list_version);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}
