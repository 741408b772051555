/* h_stats.c - the credit office's statistics: the overview, registered totals, exports
 * (layer: http)
 *
 * Renders service/stats.h; the permission checks, the period, the audit rows are the
 * service's. Shares are integers in per mille and null when their denominator is 0
 * (docs/statistics.md, web/openapi.json).
 */
#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "http/handlers.h"
#include "service/stats.h"

static void query_of(struct xy_http_req *req, struct xy_stats_query *q)
{
    q->from = xy_http_param(req, "from");
    q->to = xy_http_param(req, "to");
    q->dept = xy_http_param(req, "dept");
    /* an empty parameter (a form's blank field) is no parameter */
    if (q->from && !*q->from)
        q->from = NULL;
    if (q->to && !*q->to)
        q->to = NULL;
    if (q->dept && !*q->dept)
        q->dept = NULL;
}

xy_code h_stats_overview_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_stats_query q;
    struct xy_stats_overview o;
    struct xy_jw w;
    xy_code rc;

    query_of(req, &q);
    if ((rc = xy_stats_overview(req->ctx, &q, req->a, &o, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_stats_overview_json(&o, &w);
    return XY_OK;
}

xy_code h_stats_registered_put(struct xy_http_req *req, struct xy_http_resp *resp,
                               struct xy_err *err)
{
    json_t *body = NULL, *n;
    const char *kind, *source;
    struct xy_jw w;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "kind", &kind, err)) != XY_OK)
        goto out;
    n = json_object_get(body, "registered");
    if (!json_is_integer(n)) {
        rc = xy_err_set(err, XY_INVALID, "登记在册数 registered 应为非负整数");
        err->field = "registered";
        goto out;
    }
    if ((rc = xy_http_body_string(body, "source", &source, err)) != XY_OK)
        goto out;
    if ((rc = xy_stats_registered_set(req->ctx, kind, (int64_t)json_integer_value(n), source,
                                      err)) != XY_OK)
        goto out;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "kind", kind);
    xy_jw_kint(&w, "registered", (long long)json_integer_value(n));
    xy_jw_kstr(&w, "source", source);
    xy_jw_end(&w);
out:
    json_decref(body);
    return rc;
}

xy_code h_stats_export_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_stats_query q;
    const char *table = xy_http_param(req, "table"), *f = xy_http_param(req, "format");
    const char *data, *name;
    enum xy_sheet_format format;
    size_t len;
    xy_code rc;

    if (f && strcmp(f, "csv") && strcmp(f, "xlsx")) {
        xy_err_set(err, XY_INVALID, "format 须为 xlsx 或 csv，实为“%.10s”", f);
        err->field = "format";
        return XY_INVALID;
    }
    format = f && !strcmp(f, "csv") ? XY_SHEET_CSV : XY_SHEET_XLSX;
    query_of(req, &q);
    if ((rc = xy_stats_export_bytes(req->ctx, &q, table, format, req->a, &data, &len, &name,
                                    err)) != XY_OK)
        return rc;
    resp->content_type = format == XY_SHEET_XLSX
                             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE;
    resp->disposition = xy_http_attachment(
        req->a,
        xy_arena_printf(req->a, "stats-%s.%s", table, format == XY_SHEET_XLSX ? "xlsx" : "csv"),
        name);
    xy_buf_reset(&resp->body);
    xy_buf_add(&resp->body, data, len);
    return XY_OK;
}
