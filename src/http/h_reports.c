/* h_reports.c - credit reports: issue, verify, the public key, domains; a person's
 * authorisations (layer: http)
 *
 * Each handler reads its parameters, calls service/report.h and renders the result; who may
 * have which report and the audit rows are the service's. A report is the PDF itself
 * (application/pdf, never cached). Shapes: docs/api.md "Credit reports (信用报告)".
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "service/report.h"

/* POST /api/v1/reports is open to anyone (an organisation's report is public) and also
 * serves the signed-in (a session: a subject's own report, an agency's with an authorisation);
 * a department's API token is not asked for, as on every public route. */
static const struct xy_route signed_in = {"POST", "/api/v1/reports", NULL, R_AUTH, 0};

static xy_code request_in(json_t *body, struct xy_arena *a, struct xy_report_request *r,
                          struct xy_err *err)
{
    json_t *d = json_object_get(body, "domains"), *v;
    const char **codes;
    size_t i;
    xy_code rc;

    memset(r, 0, sizeof(*r));
    if ((rc = xy_http_body_text(body, "code", &r->code, err)) != XY_OK ||
        (rc = xy_http_body_text(body, "scope", &r->scope, err)) != XY_OK ||
        (rc = xy_http_body_text(body, "from", &r->from, err)) != XY_OK ||
        (rc = xy_http_body_text(body, "to", &r->to, err)) != XY_OK)
        return rc;
    if (!d || json_is_null(d))
        return XY_OK;
    if (!json_is_array(d) || json_array_size(d) > XY_REPORT_MAX_DOMAINS) {
        xy_err_set(err, XY_INVALID, "领域（domains）应为领域代码的列表，最多 %d 个",
                   XY_REPORT_MAX_DOMAINS);
        err->field = "domains";
        return XY_INVALID;
    }
    codes = xy_arena_alloc(a, (json_array_size(d) + 1) * sizeof(*codes));
    json_array_foreach(d, i, v)
    {
        if (!json_is_string(v)) {
            xy_err_set(err, XY_INVALID, "领域代码应为文本，如 \"market\"");
            err->field = "domains";
            return XY_INVALID;
        }
        codes[i] = xy_arena_strdup(a, json_string_value(v));
    }
    r->domains = codes;
    r->ndomains = json_array_size(d);
    return XY_OK;
}

xy_code h_reports_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_report_request r;
    struct xy_report_issued out;
    json_t *body;
    xy_code rc;

    if (req->session && xy_http_authenticate(req, &signed_in, resp) != 0)
        return XY_OK; /* the error is rendered */
    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    rc = request_in(body, req->a, &r, err);
    if (rc == XY_OK) {
        if (r.code)
            r.code = xy_arena_strdup(req->a, r.code);
        if (r.scope)
            r.scope = xy_arena_strdup(req->a, r.scope);
        if (r.from)
            r.from = xy_arena_strdup(req->a, r.from);
        if (r.to)
            r.to = xy_arena_strdup(req->a, r.to);
    }
    json_decref(body);
    if (rc != XY_OK || (rc = xy_report_issue(req->ctx, &r, req->a, &out, err)) != XY_OK)
        return rc;
    resp->status = 201;
    resp->content_type = "application/pdf";
    resp->body = out.pdf; /* handed over: the response releases it */
    resp->disposition = xy_http_attachment(
        req->a, xy_arena_printf(req->a, "report-%s.pdf", out.number), out.file_name);
    return XY_OK;
}

static void check_json(struct xy_http_resp *resp, const struct xy_report_check *c)
{
    struct xy_jw w;

    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "genuine", c->genuine);
    xy_jw_kstr(&w, "problem", c->problem);
    xy_jw_kstr(&w, "message", c->message);
    xy_jw_kstr(&w, "number", c->number[0] ? c->number : NULL);
    xy_jw_kstr(&w, "issued_at", c->issued_at);
    xy_jw_key(&w, "report");
    xy_jw_raw(&w, c->content);
    xy_jw_end(&w);
}

xy_code h_reports_verify_post(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err)
{
    struct xy_report_check c;
    const char *number, *code;
    json_t *body;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_text(body, "number", &number, err)) == XY_OK &&
        (rc = xy_http_body_text(body, "code", &code, err)) == XY_OK)
        rc = xy_report_verify_code(req->ctx, number, code, req->a, &c, err);
    json_decref(body);
    if (rc != XY_OK)
        return rc;
    check_json(resp, &c);
    return XY_OK;
}

xy_code h_reports_verify_file_post(struct xy_http_req *req, struct xy_http_resp *resp,
                                   struct xy_err *err)
{
    struct xy_report_check c;
    xy_code rc;

    if (!req->body_len) {
        xy_err_set(err, XY_INVALID, "请上传要核验的信用报告 PDF 文件");
        err->field = "file";
        return XY_INVALID;
    }
    if ((rc = xy_report_verify_file(req->ctx, req->body, req->body_len, req->a, &c, err)) != XY_OK)
        return rc;
    check_json(resp, &c);
    return XY_OK;
}

xy_code h_reports_key_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *pem;
    xy_code rc = xy_report_public_key(req->ctx, req->a, &pem, err);

    if (rc != XY_OK)
        return rc;
    resp->content_type = "application/x-pem-file";
    resp->cache = XY_CACHE_PUBLIC_SHORT;
    xy_buf_adds(&resp->body, pem);
    return XY_OK;
}

xy_code h_reports_domains_get(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err)
{
    const struct xy_report_domain *d;
    size_t n;
    struct xy_jw w;
    xy_code rc = xy_report_domains(req->ctx, &d, &n, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    resp->cache = XY_CACHE_PUBLIC_DAY;
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", d[i].code);
        xy_jw_kstr(&w, "name", d[i].name);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

static void grant_json(struct xy_jw *w, const struct xy_report_grant *g)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", g->id);
    xy_jw_kstr(w, "grantee", g->grantee);
    xy_jw_kstr(w, "grantee_name", g->grantee_name);
    xy_jw_kstr(w, "purpose", g->purpose);
    xy_http_time_cst(w, "granted_at", g->granted_at);
    xy_jw_kstr(w, "expires_on", g->expires_on);
    xy_http_time_cst(w, "revoked_at", g->revoked_at);
    xy_jw_kbool(w, "active", g->active);
    xy_jw_end(w);
}

xy_code h_me_grants_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_report_grant *g;
    size_t n;
    struct xy_jw w;
    xy_code rc = xy_report_grants(req->ctx, req->a, &g, &n, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        grant_json(&w, &g[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_me_grants_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_report_grant g;
    const char *grantee, *purpose, *expires;
    json_t *body;
    struct xy_jw w;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_text(body, "grantee", &grantee, err)) == XY_OK &&
        (rc = xy_http_body_text(body, "purpose", &purpose, err)) == XY_OK &&
        (rc = xy_http_body_text(body, "expires_on", &expires, err)) == XY_OK)
        rc = xy_report_grant(req->ctx, grantee, purpose, expires, req->a, &g, err);
    json_decref(body);
    if (rc != XY_OK)
        return rc;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    grant_json(&w, &g);
    return XY_OK;
}

xy_code h_me_grant_revoke(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    int64_t id;
    struct xy_jw w;
    xy_code rc = xy_http_path_id(req, 0, "授权", &id, err);

    if (rc != XY_OK || (rc = xy_report_grant_revoke(req->ctx, id, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "id", id);
    xy_jw_kbool(&w, "revoked", 1);
    xy_jw_end(&w);
    return XY_OK;
}
