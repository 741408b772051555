/* h_meta.c - health, metrics, the OpenAPI document, catalogue and departments (layer: http) */
#include <string.h>

#include "base/json.h"
#include "base/time.h"
#include "http/handlers.h"
#include "http/server.h"
#include "service/dept.h"
#include "service/public.h"
#include "service/workdays.h"

#ifndef XY_VERSION
#define XY_VERSION "dev"
#endif

xy_code h_health_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_dept *d;
    size_t n;
    struct xy_jw w;
    int ok = xy_dept_list(req->ctx, req->a, &d, &n, err) == XY_OK; /* a small table */

    resp->status = ok ? 200 : 503;
    resp->content_type = "application/json; charset=utf-8";
    xy_jw_init(&w, &resp->body);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "status", ok ? "ok" : "unavailable");
    xy_jw_kstr(&w, "version", XY_VERSION);
    xy_jw_kstr(&w, "store", xy_ctx_backend(req->ctx));
    /* monitoring warns before the working-day calendar runs out (docs/remedies.md) */
    {
        int until = xy_workdays_covered_until(req->ctx, xy_today());
        char last[11];
        if (until >= 0)
            xy_date_format(until, last);
        xy_jw_kstr(&w, "calendar_until", until >= 0 ? last : NULL);
    }
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_metrics_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    xy_server_metrics(req->srv, req->ctx, &resp->body);
    return XY_OK;
}

xy_code h_openapi_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    /* the document is a file of the portal, so it is served by the static-file path */
    req->path = "/openapi.json";
    return xy_http_static(req, resp, err);
}

xy_code h_catalog_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const struct xy_item **items;
    size_t n;
    struct xy_jw w;

    resp->content_type = "application/json; charset=utf-8";
    resp->cache = XY_CACHE_PUBLIC_SHORT;
    xy_jw_init(&w, &resp->body);
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    xy_public_items(req->ctx, req->a, &items, &n);
    for (size_t i = 0; i < n; i++) {
        const struct xy_item *it = items[i];
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "id", it->id);
        xy_jw_kstr(&w, "name", it->name);
        xy_jw_kint(&w, "category", it->category);
        xy_jw_kstr(&w, "category_name", xy_category_zh(it->category));
        xy_jw_kstr(&w, "tab", xy_tab_id(it->tab));
        xy_jw_kstr(&w, "tab_name", xy_tab_zh(it->tab));
        xy_jw_kstr(&w, "openness", xy_openness_zh(it->openness));
        xy_jw_kbool(&w, "negative", it->negative);
        xy_jw_kstr(&w, "publicity_note", it->publicity_note);
        xy_jw_kstr(&w, "legal_basis", it->legal_basis);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    /* the business scenarios of joint rewards and punishments (measures/scenarios.ini): what
     * POST /api/v1/checks takes as its scenario */
    xy_jw_key(&w, "scenarios");
    xy_jw_arr(&w);
    for (size_t i = 0; req->ctx->scenarios && i < req->ctx->scenarios->n; i++) {
        const struct xy_scenario *sc = &req->ctx->scenarios->v[i];
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", sc->code);
        xy_jw_kstr(&w, "name", sc->name);
        xy_jw_kstr(&w, "note", sc->note);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_departments_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_dept *d;
    size_t n;
    struct xy_jw w;
    xy_code rc = xy_dept_list(req->ctx, req->a, &d, &n, err);

    if (rc != XY_OK)
        return rc;
    resp->content_type = "application/json; charset=utf-8";
    resp->cache = XY_CACHE_PUBLIC_SHORT;
    xy_jw_init(&w, &resp->body);
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", d[i].uscc);
        xy_jw_kstr(&w, "name", d[i].name);
        xy_jw_key(&w, "items");
        xy_jw_arr(&w);
        for (size_t k = 0; k < d[i].nitems; k++)
            xy_jw_str(&w, d[i].items[k]);
        xy_jw_end(&w);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}
