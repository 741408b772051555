/* h_screen.c - batch screening: upload a table of subjects, follow the job, download the
 * results and the error report (layer: http)
 *
 * POST /api/v1/screens takes the file itself as the body (CSV or xlsx), with scenario,
 * file_name and format as query arguments, and answers 202 with the job: the server's worker
 * runs it (service/screen.c). Who may screen, which jobs one sees and the audit rows are the
 * service's; downloads go out from an unlinked temporary file the service opened, so a large
 * table never sits in memory. Shapes: docs/api.md "Batch screening (批量筛查)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/measures.h"
#include "http/handlers.h"
#include "http/server.h"
#include "service/screen.h"

#define MAX_PER_PAGE 100

static void job_json(struct xy_http_req *req, struct xy_jw *w, const struct xy_screen_job *j)
{
    const struct xy_scenario *sc = xy_scenario_find(req->ctx->scenarios, j->scenario);
    char link[96];

    xy_jw_obj(w);
    xy_jw_kint(w, "id", j->id);
    xy_jw_kstr(w, "scenario", j->scenario);
    xy_jw_kstr(w, "scenario_name", sc ? sc->name : NULL);
    xy_jw_kstr(w, "department", j->dept_name);
    xy_jw_kstr(w, "file_name", j->file_name);
    xy_jw_kstr(w, "format", j->format);
    xy_jw_kstr(w, "state", j->state);
    xy_jw_kstr(w, "submitted_by", j->submitted_by);
    xy_http_time_cst(w, "submitted_at", j->submitted_at);
    xy_http_time_cst(w, "started_at", j->started_at);
    xy_http_time_cst(w, "finished_at", j->finished_at);
    xy_jw_kint(w, "rows_total", j->rows_total);
    xy_jw_kint(w, "rows_done", j->rows_done);
    xy_jw_kint(w, "rows_bad", j->rows_bad);
    xy_jw_kint(w, "hits", j->hits);
    xy_jw_key(w, "check_id");
    if (j->check_id)
        xy_jw_int(w, j->check_id);
    else
        xy_jw_null(w);
    xy_jw_kstr(w, "error", j->error);
    xy_jw_key(w, "links");
    xy_jw_obj(w);
    if (!strcmp(j->state, "done")) {
        snprintf(link, sizeof(link), "/api/v1/screens/%lld/results?format=csv", (long long)j->id);
        xy_jw_kstr(w, "results_csv", link);
        snprintf(link, sizeof(link), "/api/v1/screens/%lld/results?format=xlsx", (long long)j->id);
        xy_jw_kstr(w, "results_xlsx", link);
    }
    if (!strcmp(j->state, "done") || !strcmp(j->state, "failed")) {
        snprintf(link, sizeof(link), "/api/v1/screens/%lld/errors", (long long)j->id);
        xy_jw_kstr(w, "errors", link);
    }
    xy_jw_end(w);
    xy_jw_end(w);
}

xy_code h_screens_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_screen_upload up = {
        .scenario = xy_http_param(req, "scenario"),
        .file_name = xy_http_param(req, "file_name"),
        .format = xy_http_param(req, "format"),
        .body = req->body,
        .len = req->body_len,
    };
    struct xy_screen_job job;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_screen_submit(req->ctx, &up, &id, err)) != XY_OK)
        return rc;
    xy_server_batch_kick(req->srv);
    if ((rc = xy_screen_get(req->ctx, id, req->a, &job, err)) != XY_OK)
        return rc;
    resp->status = 202;
    xy_http_begin_json(resp, &w);
    job_json(req, &w, &job);
    return XY_OK;
}

xy_code h_screens_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    long before = xy_http_param_long(req, "before", 0);
    long limit = xy_http_param_long(req, "per_page", 20);
    struct xy_screen_job *jobs;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if (before < 0 || limit < 1 || limit > MAX_PER_PAGE) {
        xy_err_set(err, XY_INVALID, "per_page 须为 1 到 %d，before 须为任务编号", MAX_PER_PAGE);
        err->field = before < 0 ? "before" : "per_page";
        return XY_INVALID;
    }
    if ((rc = xy_screen_list(req->ctx, before, (size_t)limit, req->a, &jobs, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "has_more", n == (size_t)limit);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        job_json(req, &w, &jobs[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_screen_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_screen_job job;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "筛查任务", &id, err)) != XY_OK ||
        (rc = xy_screen_get(req->ctx, id, req->a, &job, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    job_json(req, &w, &job);
    return XY_OK;
}

static xy_code download(struct xy_http_req *req, struct xy_http_resp *resp,
                        enum xy_screen_file what, struct xy_err *err)
{
    const char *name;
    int64_t id;
    int fd;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "筛查任务", &id, err)) != XY_OK ||
        (rc = xy_screen_open(req->ctx, id, what, req->a, &fd, &name, err)) != XY_OK)
        return rc;
    resp->content_type = what == XY_SCREEN_RESULTS_XLSX
                             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE;
    resp->disposition = xy_arena_printf(req->a, "attachment; filename=\"%s\"", name);
    resp->body_fd = fd;
    resp->body_fd_set = 1;
    return XY_OK;
}

xy_code h_screen_results_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *f = xy_http_param(req, "format");

    if (f && strcmp(f, "csv") && strcmp(f, "xlsx")) {
        xy_err_set(err, XY_INVALID, "format 须为 csv 或 xlsx");
        err->field = "format";
        return XY_INVALID;
    }
    return download(req, resp,
                    f && !strcmp(f, "xlsx") ? XY_SCREEN_RESULTS_XLSX : XY_SCREEN_RESULTS_CSV, err);
}

xy_code h_screen_errors_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return download(req, resp, XY_SCREEN_ERRORS, err);
}
