/* h_batches.c - department batches: submit, follow, error report, assessment (layer: http)
 *
 * POST /api/v1/batches takes the file itself as the body (CSV or JSON Lines, any encoding
 * `xinyong ingest` reads), with item, name, format and encoding as query arguments, and answers
 * 202 with the batch id: the batch worker stores it (service/batches.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "http/handlers.h"
#include "http/server.h"
#include "service/batches.h"

#define MAX_PER_PAGE 100

static void time_str(struct xy_jw *w, const char *key, int64_t t)
{
    char buf[21];
    if (!t) {
        xy_jw_key(w, key);
        xy_jw_null(w);
        return;
    }
    xy_time_format(t, buf);
    xy_jw_kstr(w, key, buf);
}

static void batch_json(struct xy_jw *w, const struct xy_batch_row *b)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", b->id);
    xy_jw_key(w, "department");
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", b->dept_uscc);
    xy_jw_kstr(w, "name", b->dept_name);
    xy_jw_end(w);
    xy_jw_kstr(w, "item", b->item);
    xy_jw_kstr(w, "file", b->file);
    xy_jw_kint(w, "file_bytes", b->file_bytes);
    xy_jw_kstr(w, "status", b->status);
    xy_jw_kstr(w, "submitted_by", b->submitted_by);
    xy_jw_kstr(w, "error", b->error);
    time_str(w, "started_at", b->started_at);
    time_str(w, "finished_at", b->finished_at);
    xy_jw_key(w, "counts");
    xy_jw_obj(w);
    xy_jw_kint(w, "rows", b->c.rows);
    xy_jw_kint(w, "accepted", b->c.accepted);
    xy_jw_kint(w, "rejected", b->c.rejected);
    xy_jw_kint(w, "warnings", b->c.warnings);
    xy_jw_kint(w, "new_records", b->c.new_records);
    xy_jw_kint(w, "new_versions", b->c.new_versions);
    xy_jw_kint(w, "unchanged", b->c.unchanged);
    xy_jw_kint(w, "new_subjects", b->c.new_subjects);
    xy_jw_end(w);
    xy_jw_end(w);
}

xy_code h_batches_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_batch_upload up = {
        .item = xy_http_param(req, "item"),
        .file_name = xy_http_param(req, "name"),
        .format = xy_http_param(req, "format"),
        .encoding = xy_http_param(req, "encoding"),
        .body = req->body,
        .len = req->body_len,
    };
    struct xy_batch_row row;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if (!up.item) {
        xy_err_set(err, XY_INVALID, "请用查询参数 item 指明信息项，如 ?item=xzcf");
        err->field = "item";
        return XY_INVALID;
    }
    if ((rc = xy_batch_submit(req->ctx, &up, &id, err)) != XY_OK)
        return rc;
    xy_server_batch_kick(req->srv);
    if ((rc = xy_batch_get(req->ctx, id, req->a, &row, err)) != XY_OK)
        return rc;
    resp->status = 202;
    xy_http_begin_json(resp, &w);
    batch_json(&w, &row);
    return XY_OK;
}

xy_code h_batches_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    long before = xy_http_param_long(req, "before", 0);
    long limit = xy_http_param_long(req, "per_page", 20);
    struct xy_batch_row *rows;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if (before < 0 || limit < 1 || limit > MAX_PER_PAGE) {
        xy_err_set(err, XY_INVALID, "per_page 须为 1 到 %d，before 须为批次编号", MAX_PER_PAGE);
        err->field = before < 0 ? "before" : "per_page";
        return XY_INVALID;
    }
    if ((rc = xy_batch_list(req->ctx, before, (size_t)limit, req->a, &rows, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "has_more", n == (size_t)limit);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        batch_json(&w, &rows[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_batch_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_batch_row row;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "报送批次", &id, err)) != XY_OK ||
        (rc = xy_batch_get(req->ctx, id, req->a, &row, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    batch_json(&w, &row);
    return XY_OK;
}

xy_code h_batch_errors_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *csv;
    size_t len;
    int64_t id;
    char *disp;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "报送批次", &id, err)) != XY_OK ||
        (rc = xy_batch_report(req->ctx, id, req->a, &csv, &len, err)) != XY_OK)
        return rc;
    resp->content_type = "text/csv; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE;
    disp = xy_arena_alloc(req->a, 64);
    snprintf(disp, 64, "attachment; filename=\"batch-%lld-errors.csv\"", (long long)id);
    resp->disposition = disp;
    xy_buf_reset(&resp->body);
    if (len)
        xy_buf_add(&resp->body, csv, len);
    else
        xy_buf_adds(&resp->body, "file,line,field,value,level,code,message\n");
    return XY_OK;
}

xy_code h_assessment_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_assessment *a;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if ((rc = xy_assessment_get(req->ctx, 0, req->a, &a, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "timely_working_days", XY_TIMELY_WORKDAYS);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        xy_jw_obj(&w);
        xy_jw_key(&w, "department");
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", a[i].uscc);
        xy_jw_kstr(&w, "name", a[i].name);
        xy_jw_end(&w);
        xy_jw_kint(&w, "batches", a[i].batches);
        xy_jw_kint(&w, "rows", a[i].rows);
        xy_jw_kint(&w, "accepted", a[i].accepted);
        xy_jw_kint(&w, "rejected", a[i].rejected);
        xy_jw_kint(&w, "rejected_permille", (long long)(a[i].rejected_share * 1000 + 0.5));
        xy_jw_kint(&w, "records", a[i].records);
        xy_jw_kint(&w, "timely", a[i].timely);
        xy_jw_kint(&w, "untimed", a[i].untimed);
        if (a[i].timely_share < 0) {
            xy_jw_key(&w, "timely_permille");
            xy_jw_null(&w);
        } else {
            xy_jw_kint(&w, "timely_permille", (long long)(a[i].timely_share * 1000 + 0.5));
        }
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}
