/* h_session.c - signing in and out of the staff console and the subject's own view
 * (layer: http)
 *
 * The session token travels only in an HttpOnly, SameSite=Strict cookie (Secure when
 * http.cookie_secure is set behind TLS); the CSRF token is returned in the body and must come
 * back in X-CSRF-Token on every write (routes.c checks it).
 */
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"
#include "service/account.h"
#include "service/dept.h"

static const char *cookie(struct xy_http_req *req, const char *value)
{
    const struct xy_config *cfg = req->ctx->cfg;
    size_t n = strlen(value) + 128;
    char *c = xy_arena_alloc(req->a, n);

    /* no Max-Age: the cookie ends with the browser; the server ends idle sessions */
    snprintf(c, n, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", XY_SESSION_COOKIE, value,
             cfg->http_cookie_secure ? "; Secure" : "", *value ? "" : "; Max-Age=0");
    return c;
}

static void principal_json(struct xy_http_req *req, struct xy_jw *w, const struct xy_principal *who,
                           const char *csrf)
{
    struct xy_dept *depts;
    size_t nd;
    struct xy_err err;

    xy_jw_obj(w);
    xy_jw_kstr(w, "login", who->login);
    xy_jw_kstr(w, "role", xy_role_name(who->role));
    xy_jw_kstr(w, "role_name", xy_role_label(who->role));
    if (who->dept_id)
        xy_jw_kint(w, "dept_id", who->dept_id);
    xy_jw_key(w, "dept");
    if (who->dept_id && xy_dept_list(req->ctx, req->a, &depts, &nd, &err) == XY_OK) {
        const struct xy_dept *d = NULL;
        for (size_t i = 0; i < nd; i++)
            if (depts[i].id == who->dept_id)
                d = &depts[i];
        if (d) {
            xy_jw_obj(w);
            xy_jw_kstr(w, "code", d->uscc);
            xy_jw_kstr(w, "name", d->name);
            xy_jw_key(w, "items");
            xy_jw_arr(w);
            for (size_t i = 0; i < d->nitems; i++)
                xy_jw_str(w, d->items[i]);
            xy_jw_end(w);
            xy_jw_end(w);
        } else {
            xy_jw_null(w);
        }
    } else {
        xy_jw_null(w);
    }
    xy_jw_kbool(w, "subject_verified", who->subject_id != 0);
    xy_jw_key(w, "permissions");
    xy_jw_arr(w);
    for (int p = 0; p < XY_PERM_COUNT; p++)
        if (xy_role_has(who->role, (enum xy_perm)p))
            xy_jw_str(w, xy_perm_name((enum xy_perm)p));
    xy_jw_end(w);
    xy_jw_kstr(w, "csrf_token", csrf);
    xy_jw_kint(w, "idle_timeout_s", XY_SESSION_IDLE_S);
    xy_jw_end(w);
}

xy_code h_session_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body;
    const char *login, *password, *totp, *csrf;
    struct xy_session_new s;
    struct xy_principal who;
    struct xy_jw w;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "login", &login, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "password", &password, err)) != XY_OK)
        goto out;
    totp = xy_http_body_opt(body, "totp");
    req->ctx->who = NULL;
    if ((rc = xy_login(req->ctx, login, password, totp, req->client, &s, err)) != XY_OK) {
        if (err->hint && !strcmp(err->hint, "mfa_required")) {
            xy_http_error(req, resp, 401, "MFA_REQUIRED", err->msg, "totp");
            rc = XY_OK;
        } else if (rc == XY_DENIED) {
            xy_http_error(req, resp, 401, "LOGIN_FAILED", err->msg, NULL);
            rc = XY_OK;
        }
        goto out;
    }
    if ((rc = xy_session_check(req->ctx, s.token, req->a, &who, &csrf, err)) != XY_OK)
        goto out;
    resp->set_cookie = cookie(req, s.token);
    xy_http_begin_json(resp, &w);
    principal_json(req, &w, &who, csrf);
out:
    json_decref(body); /* the password goes no further than this request */
    return rc;
}

xy_code h_session_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_jw w;
    (void)err;

    xy_http_begin_json(resp, &w);
    principal_json(req, &w, &req->who, req->session_csrf);
    return XY_OK;
}

xy_code h_session_delete(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    xy_code rc;
    struct xy_jw w;

    if (!req->by_session)
        return xy_err_set(err, XY_INVALID, "接口令牌无需退出登录");
    if ((rc = xy_logout(req->ctx, req->session, err)) != XY_OK)
        return rc;
    resp->set_cookie = cookie(req, "");
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "signed_out", 1);
    xy_jw_end(&w);
    return XY_OK;
}
