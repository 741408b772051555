/* routes.c - the route table, its matcher and the dispatcher (layer: http)
 *
 * How to add a route: write h_<resource>_<verb> in a handler file, declare it in handlers.h,
 * add one line to the table below, describe it in web/openapi.json and docs/api.md, and test it
 * in tests/api/api.sh. The dispatcher does limits, content type and error rendering; handlers
 * never repeat it.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/json.h"
#include "base/log.h"
#include "base/time.h"
#include "http/handlers.h"
#include "crypto/crypto.h"
#include "http/server.h"
#include "service/account.h"

/* Literal paths win over {name} segments (GET /api/v1/subjects/person is a 405, not a
 * subject called "person"); the static prefix comes last. */
const struct xy_route xy_routes[] = {
    {"GET", "/api/v1/health", h_health_get, 0, 0},
    {"GET", "/metrics", h_metrics_get, 0, 0},
    {"GET", "/api/v1/openapi.json", h_openapi_get, 0, 0},
    {"GET", "/api/v1/catalog", h_catalog_get, 0, 0},
    {"GET", "/api/v1/departments", h_departments_get, 0, 0},
    {"GET", "/api/v1/subjects", h_subjects_search, R_RATE_LIMITED, 0},
    {"POST", "/api/v1/subjects/person", h_person_search, R_RATE_LIMITED | R_JSON_BODY, 4096},
    {"GET", "/api/v1/subjects/{code}", h_subject_get, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/records", h_records_browse, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/records/{id}", h_record_get, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/lists/{type}", h_list_get, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/lists", h_lists_get, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/lists/{item}/entries", h_list_entries_get, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/commitment", h_commitment_get, 0, 0},
    /* credit reports (issue 7): an organisation's for anyone, a person's for the person or an
     * authorised agency (the service decides); verification for anyone */
    {"POST", "/api/v1/reports", h_reports_post,
     R_WRITER | R_JSON_BODY | R_RATE_LIMITED | R_RATE_REPORT, 4096},
    {"GET", "/api/v1/reports/domains", h_reports_domains_get, 0, 0},
    {"GET", "/api/v1/reports/key", h_reports_key_get, 0, 0},
    {"POST", "/api/v1/reports/verify", h_reports_verify_post,
     R_WRITER | R_JSON_BODY | R_RATE_LIMITED, 4096},
    {"POST", "/api/v1/reports/verify-file", h_reports_verify_file_post,
     R_WRITER | R_RATE_LIMITED | R_OWN_MAX, (size_t)16 << 20},
    /* signed in: staff console, departments' systems, subjects (R_AUTH: writer connection) */
    {"POST", "/api/v1/session", h_session_post, R_WRITER | R_JSON_BODY | R_RATE_LIMITED, 4096},
    {"GET", "/api/v1/session", h_session_get, R_AUTH, 0},
    {"DELETE", "/api/v1/session", h_session_delete, R_AUTH, 0},
    {"POST", "/api/v1/session/password", h_session_password, R_AUTH | R_JSON_BODY, 4096},
    {"GET", "/api/v1/users", h_users_get, R_AUTH, 0},
    {"POST", "/api/v1/users", h_users_post, R_AUTH | R_JSON_BODY, 4096},
    {"POST", "/api/v1/users/{login}/disable", h_user_disable, R_AUTH, 0},
    {"POST", "/api/v1/users/{login}/enable", h_user_enable, R_AUTH, 0},
    {"POST", "/api/v1/users/{login}/unlock", h_user_unlock, R_AUTH, 0},
    {"POST", "/api/v1/users/{login}/password", h_user_password, R_AUTH | R_JSON_BODY, 4096},
    {"POST", "/api/v1/users/{login}/role", h_user_role, R_AUTH | R_JSON_BODY, 4096},
    {"POST", "/api/v1/users/{login}/totp-reset", h_user_totp_reset, R_AUTH, 0},
    {"POST", "/api/v1/users/{login}/verify", h_user_verify, R_AUTH | R_JSON_BODY, 4096},
    {"GET", "/api/v1/keys", h_keys_get, R_AUTH, 0},
    {"GET", "/api/v1/tokens", h_tokens_get, R_AUTH, 0},
    {"POST", "/api/v1/tokens", h_tokens_post, R_AUTH | R_JSON_BODY, 4096},
    {"DELETE", "/api/v1/tokens/{id}", h_token_delete, R_AUTH, 0},
    {"POST", "/api/v1/batches", h_batches_post, R_AUTH | R_TOKEN | R_UPLOAD, (size_t)1 << 30},
    {"GET", "/api/v1/batches", h_batches_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/batches/{id}", h_batch_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/batches/{id}/errors", h_batch_errors_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/assessment", h_assessment_get, R_AUTH | R_TOKEN, 0},
    {"POST", "/api/v1/internal/file", h_internal_file_post, R_AUTH | R_JSON_BODY, 4096},
    {"GET", "/api/v1/me/file", h_me_file_get, R_AUTH, 0},
    {"GET", "/api/v1/me/reads", h_me_reads_get, R_AUTH, 0},
    {"GET", "/api/v1/me/grants", h_me_grants_get, R_AUTH, 0},
    {"POST", "/api/v1/me/grants", h_me_grants_post, R_AUTH | R_JSON_BODY, 4096},
    {"POST", "/api/v1/me/grants/{id}/revoke", h_me_grant_revoke, R_AUTH, 0},
    {"GET", "/api/v1/audit", h_audit_get, R_AUTH, 0},
    {"POST", "/api/v1/audit/verify", h_audit_verify_post, R_AUTH, 0},
    {"POST", "/api/v1/audit/checkpoint", h_audit_checkpoint_post, R_AUTH, 0},
    /* remedies (issue 5): the evidence is a raw file body, authenticated on its headers and
     * never buffered past remedy.evidence_max_bytes (R_EVIDENCE) */
    {"POST", "/api/v1/cases", h_cases_post, R_AUTH | R_JSON_BODY, 16384},
    {"GET", "/api/v1/cases", h_cases_get, R_AUTH, 0},
    {"GET", "/api/v1/cases/{id}", h_case_get, R_AUTH, 0},
    {"POST", "/api/v1/cases/{id}/events", h_case_events_post, R_AUTH | R_JSON_BODY | R_OWN_MAX,
     32768},
    {"POST", "/api/v1/cases/{id}/evidence", h_case_evidence_post, R_AUTH | R_UPLOAD | R_EVIDENCE,
     (size_t)1 << 30},
    {"GET", "/api/v1/cases/{id}/evidence/{sha256}", h_case_evidence_get, R_AUTH, 0},
    {"GET", "/api/v1/notifications", h_notifications_get, R_AUTH, 0},
    {"POST", "/api/v1/notifications/read", h_notifications_read_post, R_AUTH | R_JSON_BODY, 4096},
    /* checks before acting (issue 6): department users and API tokens */
    /* 100 subjects of a 64-byte code and a 200-character name fit */
    {"POST", "/api/v1/checks", h_checks_post, R_AUTH | R_TOKEN | R_JSON_BODY | R_OWN_MAX, 131072},
    {"GET", "/api/v1/checks", h_checks_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/checks/{id}", h_check_get, R_AUTH | R_TOKEN, 0},
    /* feedback, the key figures of the closed loop, the re-screening queue (issue 6) */
    {"POST", "/api/v1/checks/{id}/feedback", h_check_feedback_post, R_AUTH | R_TOKEN | R_JSON_BODY,
     16384},
    {"GET", "/api/v1/checks/{id}/feedback", h_check_feedback_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/joint/figures", h_joint_figures_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/rescreens", h_rescreens_get, R_AUTH | R_TOKEN, 0},
    {"POST", "/api/v1/rescreens/{id}/done", h_rescreen_done_post, R_AUTH | R_TOKEN, 4096},
    /* black-list additions wait for a second person (issue 6) */
    {"GET", "/api/v1/approvals", h_approvals_get, R_AUTH, 0},
    {"POST", "/api/v1/approvals/{id}", h_approval_post, R_AUTH | R_JSON_BODY, 16384},
    /* the measures catalogue (issue 6): published policy, edited by the credit office */
    {"GET", "/api/v1/measures", h_measures_get, R_RATE_LIMITED, 0},
    {"GET", "/api/v1/measures/export", h_measures_export_get, R_RATE_LIMITED, 0},
    /* a full row (内容 and 政策依据 of 2,000 characters each, escaped) exceeds the default cap */
    {"POST", "/api/v1/measures", h_measures_post, R_AUTH | R_JSON_BODY | R_OWN_MAX, 65536},
    {"POST", "/api/v1/measures/import", h_measures_import_post, R_AUTH | R_UPLOAD, (size_t)5 << 20},
    {"GET", "/api/v1/measures/{seq}/history", h_measure_history_get, R_AUTH, 0},
    {"PUT", "/api/v1/measures/{seq}", h_measure_put, R_AUTH | R_JSON_BODY | R_OWN_MAX, 65536},
    {"DELETE", "/api/v1/measures/{seq}", h_measure_delete, R_AUTH | R_JSON_BODY, 4096},
    /* batch screening (issue 6): the table is the body, capped by screen.max_bytes before it
     * is buffered (R_SCREEN); results go out from a file, not from memory */
    {"POST", "/api/v1/screens", h_screens_post, R_AUTH | R_TOKEN | R_UPLOAD | R_SCREEN,
     (size_t)1 << 30},
    {"GET", "/api/v1/screens", h_screens_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/screens/{id}", h_screen_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/screens/{id}/results", h_screen_results_get, R_AUTH | R_TOKEN, 0},
    {"GET", "/api/v1/screens/{id}/errors", h_screen_errors_get, R_AUTH | R_TOKEN, 0},
    /* the credit office's statistics (issue 7): counters kept at ingest, exports */
    {"GET", "/api/v1/stats/overview", h_stats_overview_get, R_AUTH, 0},
    {"PUT", "/api/v1/stats/registered", h_stats_registered_put, R_AUTH | R_JSON_BODY, 4096},
    {"GET", "/api/v1/stats/export", h_stats_export_get, R_AUTH, 0},
    {"GET", "/", xy_http_static, R_PREFIX, 0},
};
const size_t xy_nroutes = sizeof(xy_routes) / sizeof(xy_routes[0]);

/* 0 no match; 1 match (args filled when req is given). */
static int match(const struct xy_route *r, const char *path, struct xy_http_req *req)
{
    const char *p = r->pattern, *s = path;
    size_t nargs = 0;

    if (r->flags & R_PREFIX)
        return strncmp(path, r->pattern, strlen(r->pattern)) == 0 && strncmp(path, "/api/", 5);
    while (*p && *s) {
        if (*p == '{') {
            const char *end = strchr(s, '/');
            size_t n = end ? (size_t)(end - s) : strlen(s);
            if (n == 0 || nargs == XY_HTTP_MAX_PATH_ARGS)
                return 0;
            if (req)
                req->args[nargs] = xy_arena_strndup(req->a, s, n);
            nargs++;
            s += n;
            p = strchr(p, '}') + 1;
            continue;
        }
        if (*p != *s)
            return 0;
        p++, s++;
    }
    if (*p || *s)
        return 0;
    if (req)
        req->nargs = nargs;
    return 1;
}

static int kind_of(const struct xy_route *r)
{
    if (r->flags & R_PREFIX)
        return 2;
    return strchr(r->pattern, '{') ? 1 : 0;
}

static int method_is(const char *route_method, const char *method)
{
    return !strcmp(route_method, method) ||
           (!strcmp(route_method, "GET") && !strcmp(method, "HEAD"));
}

const struct xy_route *xy_route_find(const char *method, const char *path, struct xy_http_req *req,
                                     int *path_known, char *allow, size_t allow_size)
{
    *path_known = 0;
    if (allow_size)
        allow[0] = '\0';
    for (int pass = 0; pass < 3; pass++) {
        int known = 0;
        for (size_t i = 0; i < xy_nroutes; i++) {
            const struct xy_route *r = &xy_routes[i];
            if (kind_of(r) != pass || !match(r, path, NULL))
                continue;
            if (method_is(r->method, method)) {
                match(r, path, req);
                return r;
            }
            known = 1;
            if (allow_size) {
                size_t len = strlen(allow);
                snprintf(allow + len, allow_size - len, "%s%s%s", len ? ", " : "", r->method,
                         strcmp(r->method, "GET") ? "" : ", HEAD");
            }
        }
        if (known) {
            *path_known = 1;
            return NULL;
        }
    }
    return NULL;
}

const char *xy_http_param(const struct xy_http_req *req, const char *key)
{
    for (size_t i = 0; i < req->nparams; i++)
        if (!strcmp(req->params[i].key, key))
            return req->params[i].value;
    return NULL;
}

long xy_http_param_long(const struct xy_http_req *req, const char *key, long def)
{
    const char *v = xy_http_param(req, key);
    char *end;
    long n;

    if (!v)
        return def;
    if (!*v || strlen(v) > 9)
        return -1;
    n = strtol(v, &end, 10);
    return *end ? -1 : n;
}

xy_code xy_http_path_id(const struct xy_http_req *req, int i, const char *what, int64_t *id,
                        struct xy_err *err)
{
    const char *arg = req->args[i];
    char *end = NULL;
    long long v = 0;

    if (arg && *arg >= '0' && *arg <= '9' && strlen(arg) <= 18)
        v = strtoll(arg, &end, 10);
    if (v <= 0 || *end) {
        xy_err_set(err, XY_NOT_FOUND, "没有这个%s", what);
        err->field = "id";
        return XY_NOT_FOUND;
    }
    *id = v;
    return XY_OK;
}

/* Status of each code; the codes a client may read the message of are marked public. */
static const struct {
    int status;
    int public_message;
} status_of[XY_CODE_COUNT] = {
    [XY_OK] = {200, 1},          [XY_INVALID] = {400, 1},  [XY_NOT_FOUND] = {404, 1},
    [XY_CONFLICT] = {409, 1},    [XY_DENIED] = {403, 1},   [XY_TOO_LARGE] = {413, 1},
    [XY_PARSE] = {400, 1},       [XY_IO] = {500, 0},       [XY_STORAGE] = {500, 0},
    [XY_UNAVAILABLE] = {503, 0}, [XY_INTERNAL] = {500, 0},
};

int xy_http_status(xy_code code)
{
    return (unsigned)code < XY_CODE_COUNT && status_of[code].status ? status_of[code].status : 500;
}

void xy_http_error(struct xy_http_req *req, struct xy_http_resp *resp, int status, const char *code,
                   const char *message, const char *field)
{
    struct xy_jw w;

    resp->status = status;
    resp->content_type = "application/json; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE;
    resp->err_code = code;
    xy_buf_reset(&resp->body);
    xy_jw_init(&w, &resp->body);
    xy_jw_obj(&w);
    xy_jw_key(&w, "error");
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "code", code);
    xy_jw_kstr(&w, "message", message);
    if (field)
        xy_jw_kstr(&w, "field", field);
    xy_jw_kstr(&w, "request_id", req->request_id);
    xy_jw_end(&w);
    xy_jw_end(&w);
    xy_buf_addc(&resp->body, '\n');
}

void xy_http_error_from(struct xy_http_req *req, struct xy_http_resp *resp,
                        const struct xy_err *err)
{
    xy_code code = (unsigned)err->code < XY_CODE_COUNT ? err->code : XY_INTERNAL;
    int status = xy_http_status(code);

    if (status_of[code].public_message) {
        xy_http_error(req, resp, status, xy_code_name(code), err->msg, err->field);
        return;
    }
    /* storage and internal details go to the log, never to the client (STYLE.md) */
    xy_log(XY_LOG_ERROR, "http_error", "rid=%s code=%s msg=\"%s\" at=%s:%d", req->request_id,
           xy_code_name(code), err->msg, err->file ? err->file : "?", err->src_line);
    xy_http_error(req, resp, status, xy_code_name(code),
                  code == XY_UNAVAILABLE ? "服务暂时不可用，请稍后重试"
                                         : "服务器内部错误，请稍后重试，并提供请求编号",
                  NULL);
}

static int is_json(const char *content_type)
{
    size_t n = strlen("application/json");
    return content_type && !strncasecmp(content_type, "application/json", n) &&
           (content_type[n] == '\0' || content_type[n] == ';' || content_type[n] == ' ');
}

static int is_read(const char *method)
{
    return !strcmp(method, "GET") || !strcmp(method, "HEAD");
}

/* Resolve who acts for an R_AUTH route (once: server.c calls it before an upload's body): the
 * session cookie (and, on writes, its CSRF token), else a department's API token where the route
 * takes one. 0 when the request may go on; otherwise the error response is rendered. */
int xy_http_authenticate(struct xy_http_req *req, const struct xy_route *route,
                         struct xy_http_resp *resp)
{
    struct xy_err err;

    if (req->authenticated) {
        /* resolved on the upload's headers; the thread's connection served others since */
        req->ctx->who = &req->who;
        return 0;
    }
    xy_err_clear(&err);
    memset(&req->who, 0, sizeof(req->who));
    req->who.client = req->client;
    if (req->session) {
        if (xy_session_check(req->ctx, req->session, req->a, &req->who, &req->session_csrf, &err) !=
            XY_OK) {
            if (err.code != XY_DENIED) {
                xy_http_error_from(req, resp, &err);
                return -1;
            }
            xy_http_error(req, resp, 401, "UNAUTHENTICATED", "登录已过期，请重新登录", NULL);
            return -1;
        }
        req->by_session = 1;
        /* a cookie rides along on cross-site requests; the token in a header cannot */
        if (!is_read(req->method) &&
            (!req->csrf || !req->session_csrf || strlen(req->csrf) != strlen(req->session_csrf) ||
             !xy_ct_equal(req->csrf, req->session_csrf, strlen(req->csrf)))) {
            xy_http_error(req, resp, 403, "CSRF",
                          "页面已过期，请刷新后重试（缺少或错误的 CSRF 令牌）", NULL);
            return -1;
        }
    } else if (req->bearer && (route->flags & R_TOKEN)) {
        if (xy_token_check(req->ctx, req->bearer, req->a, &req->who, &err) != XY_OK) {
            if (err.code != XY_DENIED) {
                xy_http_error_from(req, resp, &err);
                return -1;
            }
            xy_http_error(req, resp, 401, "UNAUTHENTICATED", err.msg, NULL);
            return -1;
        }
    } else {
        xy_http_error(req, resp, 401, "UNAUTHENTICATED", "请先登录", NULL);
        return -1;
    }
    req->who.client = req->client;
    req->ctx->who = &req->who;
    req->authenticated = 1;
    return 0;
}

void xy_http_dispatch(struct xy_http_req *req, const struct xy_route *route,
                      struct xy_http_resp *resp)
{
    struct xy_err err;
    long retry;

    if ((route->flags & R_RATE_LIMITED) && !xy_server_allow(req->srv, req->client, &retry)) {
        xy_http_error(req, resp, 429, "RATE_LIMITED", "请求过于频繁，请稍后再试", NULL);
        resp->retry_after_s = retry;
        return;
    }
    if ((route->flags & R_RATE_REPORT) && !xy_server_allow_report(req->srv, req->client, &retry)) {
        xy_http_error(req, resp, 429, "RATE_LIMITED", "出具信用报告过于频繁，请稍后再试", NULL);
        resp->retry_after_s = retry;
        return;
    }
    if ((route->flags & R_JSON_BODY) && !is_json(req->content_type)) {
        xy_http_error(req, resp, 415, "UNSUPPORTED",
                      "请求内容须为 JSON（Content-Type: application/json）", NULL);
        return;
    }
    if ((route->flags & R_AUTH) == R_AUTH && xy_http_authenticate(req, route, resp) != 0)
        return;
    xy_err_clear(&err);
    resp->status = 200;
    if (route->handler(req, resp, &err) != XY_OK)
        xy_http_error_from(req, resp, &err);
}
