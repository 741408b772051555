/* h_staff.c - the console's account and API-token screens (layer: http)
 *
 * Each handler renders one call of service/account.h, which checks the permission (user.manage
 * for accounts, security.manage for tokens) and writes the audit row. Passwords arrive only in
 * request bodies; a new TOTP secret and a new token are shown once, in the response that
 * creates them, and never again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "http/handlers.h"
#include "service/account.h"
#include "service/audit.h"
#include "service/keys.h"

static void time_or_null(struct xy_jw *w, const char *key, int64_t t)
{
    char buf[21];

    xy_jw_key(w, key);
    if (!t) {
        xy_jw_null(w);
        return;
    }
    xy_time_format(t, buf);
    xy_jw_str(w, buf);
}

static void dept_json(struct xy_jw *w, const char *uscc, const char *name)
{
    xy_jw_key(w, "dept");
    if (!uscc) {
        xy_jw_null(w);
        return;
    }
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", uscc);
    xy_jw_kstr(w, "name", name);
    xy_jw_end(w);
}

static void user_json(struct xy_jw *w, const struct xy_user *u)
{
    enum xy_role r = xy_role_from_name(u->role);

    xy_jw_obj(w);
    xy_jw_kstr(w, "login", u->login);
    xy_jw_kstr(w, "display_name", u->display_name);
    xy_jw_kstr(w, "role", u->role);
    xy_jw_kstr(w, "role_name", xy_role_label(r));
    dept_json(w, u->dept_id ? u->dept_uscc : NULL, u->dept_name);
    xy_jw_kstr(w, "status", u->status);
    time_or_null(w, "locked_until", u->locked_until > xy_now() ? u->locked_until : 0);
    xy_jw_kbool(w, "has_totp", u->totp_secret != NULL);
    xy_jw_kbool(w, "subject_verified", u->subject_id != 0);
    time_or_null(w, "last_login_at", u->last_login_at);
    time_or_null(w, "created_at", u->created_at);
    xy_jw_end(w);
}

static void totp_json(struct xy_jw *w, const struct xy_totp_new *t)
{
    if (!t->secret)
        return;
    xy_jw_kstr(w, "totp_secret", t->secret);
    xy_jw_kstr(w, "otpauth_uri", t->uri);
}

static void ok_json(struct xy_http_resp *resp)
{
    struct xy_jw w;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "ok", 1);
    xy_jw_end(&w);
}

xy_code h_users_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_user *u;
    struct xy_jw w;
    size_t n;
    xy_code rc = xy_user_list(req->ctx, req->a, &u, &n, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        user_json(&w, &u[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_users_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body;
    struct xy_user_req ur = {0};
    struct xy_totp_new totp = {0};
    struct xy_user u;
    struct xy_jw w;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "login", &ur.login, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "display_name", &ur.display_name, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "role", &ur.role, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "password", &ur.password, err)) != XY_OK)
        goto out;
    ur.dept = xy_http_body_opt(body, "dept");
    if (ur.dept && !*ur.dept)
        ur.dept = NULL;
    if ((rc = xy_user_create(req->ctx, &ur, req->a, &id, &totp, err)) != XY_OK ||
        (rc = xy_user_show(req->ctx, ur.login, req->a, &u, err)) != XY_OK)
        goto out;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "user");
    user_json(&w, &u);
    totp_json(&w, &totp);
    xy_jw_end(&w);
out:
    json_decref(body); /* the password goes no further */
    return rc;
}

/* POST /api/v1/users/{login}/{action}: one row per action in the route table. */
static xy_code user_action(struct xy_http_req *req, struct xy_http_resp *resp, const char *action,
                           struct xy_err *err)
{
    const char *login = req->args[0];
    struct xy_totp_new totp = {0};
    json_t *body = NULL;
    struct xy_jw w;
    xy_code rc;

    if (!strcmp(action, "disable") || !strcmp(action, "enable")) {
        rc = xy_user_set_enabled(req->ctx, login, !strcmp(action, "enable"), err);
    } else if (!strcmp(action, "unlock")) {
        rc = xy_user_unlock(req->ctx, login, err);
    } else if (!strcmp(action, "totp-reset")) {
        rc = xy_user_totp_reset(req->ctx, login, req->a, &totp, err);
    } else { /* password, role: with a body */
        const char *v;
        if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
            return rc;
        if (!strcmp(action, "password")) {
            if ((rc = xy_http_body_string(body, "password", &v, err)) == XY_OK)
                rc = xy_user_reset_password(req->ctx, login, v, err);
        } else if ((rc = xy_http_body_string(body, "role", &v, err)) == XY_OK) {
            rc = xy_user_set_role(req->ctx, login, v, xy_http_body_opt(body, "dept"), req->a, &totp,
                                  err);
        }
    }
    json_decref(body);
    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "ok", 1);
    totp_json(&w, &totp);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_user_disable(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return user_action(req, resp, "disable", err);
}

xy_code h_user_enable(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return user_action(req, resp, "enable", err);
}

xy_code h_user_unlock(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return user_action(req, resp, "unlock", err);
}

xy_code h_user_password(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return user_action(req, resp, "password", err);
}

xy_code h_user_role(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return user_action(req, resp, "role", err);
}

xy_code h_user_totp_reset(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return user_action(req, resp, "totp-reset", err);
}

xy_code h_session_password(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body;
    const char *old_pw, *new_pw;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "old_password", &old_pw, err)) == XY_OK &&
        (rc = xy_http_body_string(body, "new_password", &new_pw, err)) == XY_OK &&
        (rc = xy_user_change_password(req->ctx, old_pw, new_pw, err)) == XY_OK)
        ok_json(resp);
    json_decref(body);
    return rc;
}

static void token_json(struct xy_jw *w, const struct xy_api_token *t)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", t->id);
    xy_jw_kstr(w, "prefix", t->prefix);
    xy_jw_kstr(w, "name", t->name);
    dept_json(w, t->dept_uscc, t->dept_name);
    xy_jw_key(w, "items");
    xy_jw_arr(w);
    for (size_t i = 0; i < t->nitems; i++)
        xy_jw_str(w, t->items[i]);
    xy_jw_end(w);
    xy_jw_kstr(w, "created_by", t->created_by);
    time_or_null(w, "created_at", t->created_at);
    time_or_null(w, "expires_at", t->expires_at);
    time_or_null(w, "revoked_at", t->revoked_at);
    time_or_null(w, "last_used_at", t->last_used_at);
    xy_jw_end(w);
}

xy_code h_tokens_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_api_token *t;
    struct xy_jw w;
    size_t n;
    xy_code rc = xy_token_list(req->ctx, req->a, &t, &n, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        token_json(&w, &t[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_tokens_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body, *items, *days;
    struct xy_token_req tr = {0};
    struct xy_token_new tn;
    struct xy_buf list = XY_BUF_INIT;
    struct xy_jw w;
    char when[21];
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "dept", &tr.dept, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "name", &tr.name, err)) != XY_OK)
        goto out;
    items = json_object_get(body, "items");
    if (json_is_array(items) && json_array_size(items) > 0) {
        size_t i;
        json_t *v;
        json_array_foreach(items, i, v)
        {
            if (!json_is_string(v) || strchr(json_string_value(v), ',')) {
                rc = xy_err_set(err, XY_INVALID, "items 须为信息项编号的数组");
                err->field = "items";
                goto out;
            }
            if (i)
                xy_buf_addc(&list, ',');
            xy_buf_adds(&list, json_string_value(v));
        }
        xy_buf_addc(&list, '\0');
        tr.items = list.data;
    } else if (items && !json_is_null(items) && !json_is_array(items)) {
        rc = xy_err_set(err, XY_INVALID, "items 须为信息项编号的数组");
        err->field = "items";
        goto out;
    }
    days = json_object_get(body, "expires_days");
    if (days && !json_is_null(days)) {
        if (!json_is_integer(days) || json_integer_value(days) < 1 ||
            json_integer_value(days) > XY_TOKEN_DAYS_MAX) {
            rc = xy_err_set(err, XY_INVALID, "有效天数须为 1 到 %d 的整数", XY_TOKEN_DAYS_MAX);
            err->field = "expires_days";
            goto out;
        }
        tr.days = (int)json_integer_value(days);
    }
    if ((rc = xy_token_issue(req->ctx, &tr, req->a, &tn, err)) != XY_OK)
        goto out;
    resp->status = 201;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "id", tn.id);
    xy_jw_kstr(&w, "prefix", tn.prefix);
    xy_jw_kstr(&w, "token", tn.text); /* the only time it is shown */
    xy_time_format(tn.expires_at, when);
    xy_jw_kstr(&w, "expires_at", when);
    xy_jw_end(&w);
out:
    xy_buf_release(&list);
    json_decref(body);
    return rc;
}

xy_code h_token_delete(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *key = req->args[0];
    char *end;
    long long id = strtoll(key, &end, 10);
    xy_code rc;

    /* by id (the console) or by prefix (scripts); a prefix may be all digits, so a key of a
     * prefix's length is always a prefix */
    if (!*end && id > 0 && strlen(key) != XY_TOKEN_PREFIX_LEN) {
        struct xy_api_token *t;
        size_t n;
        if ((rc = xy_token_list(req->ctx, req->a, &t, &n, err)) != XY_OK)
            return rc;
        for (size_t i = 0; i < n; i++)
            if (t[i].id == id) {
                key = t[i].prefix;
                break;
            }
    }
    if ((rc = xy_token_revoke(req->ctx, key, err)) != XY_OK)
        return rc;
    ok_json(resp);
    return XY_OK;
}

xy_code h_user_verify(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body;
    const char *code, *name, *evidence;
    int64_t subject_id;
    xy_code rc;

    /* the ID number comes in the body only, goes to the verifier, and is never echoed */
    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "code", &code, err)) == XY_OK &&
        (rc = xy_http_body_string(body, "name", &name, err)) == XY_OK &&
        (rc = xy_http_body_string(body, "evidence", &evidence, err)) == XY_OK &&
        (rc = xy_user_verify(req->ctx, req->args[0], &xy_identity_staff, code, name, evidence,
                             req->a, &subject_id, err)) == XY_OK)
        ok_json(resp);
    json_decref(body);
    return rc;
}

xy_code h_keys_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_keys_status st;
    struct xy_jw w;
    xy_code rc = xy_keys_status(req->ctx, req->a, &st, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "from_environment", !st.path || !*st.path);
    xy_jw_kint(&w, "current", st.current);
    xy_jw_key(&w, "versions");
    xy_jw_arr(&w);
    for (size_t i = 0; i < st.nversions; i++)
        xy_jw_int(&w, st.versions[i]);
    xy_jw_end(&w);
    xy_jw_key(&w, "sealed");
    xy_jw_arr(&w);
    for (size_t i = 0; i < st.ncounts; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "place", xy_keys_place_name(st.counts[i].place));
        xy_jw_kint(&w, "version", st.counts[i].version);
        xy_jw_kint(&w, "count", st.counts[i].n);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_audit_checkpoint_post(struct xy_http_req *req, struct xy_http_resp *resp,
                                struct xy_err *err)
{
    struct xy_audit_checkpoint c;
    char *disp;
    xy_code rc = xy_audit_checkpoint(req->ctx, req->a, &c, err);

    if (rc != XY_OK)
        return rc;
    /* the same file as `xinyong audit checkpoint --export`: keep it on another host */
    resp->content_type = "text/plain; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE;
    disp = xy_arena_alloc(req->a, 80);
    snprintf(disp, 80, "attachment; filename=\"audit-checkpoint-%lld.txt\"", (long long)c.seq);
    resp->disposition = disp;
    xy_buf_reset(&resp->body);
    xy_buf_adds(&resp->body, xy_audit_checkpoint_file(&c, req->a));
    return XY_OK;
}
