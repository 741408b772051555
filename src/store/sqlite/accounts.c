/* accounts.c - users, sessions and API tokens in SQLite (layer: store, sqlite backend)
 *
 * Rows only: every rule (passwords, lockout, expiry, scope) lives in service/account.c.
 * Statements are prepared once per connection through xy_sq_stmt() and reset after use, so
 * that no statement keeps a read snapshot open between calls. 0 stands for SQL NULL in the
 * optional integer columns (dept_id, subject_id, last_login_at, revoked_at, last_used_at).
 */
#include <string.h>

#include "base/buf.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

static const char sql_user_by_login[] =
    "SELECT u.id, u.login, u.display_name, u.role, u.dept_id, d.uscc, d.name, u.subject_id,"
    " u.pw_hash, u.pw_changed_at, u.totp_secret, u.totp_last_step, u.failures, u.locked_until,"
    " u.status, u.created_at, u.last_login_at FROM users u"
    " LEFT JOIN departments d ON d.id = u.dept_id WHERE u.login = ?1";
static const char sql_user_by_id[] =
    "SELECT u.id, u.login, u.display_name, u.role, u.dept_id, d.uscc, d.name, u.subject_id,"
    " u.pw_hash, u.pw_changed_at, u.totp_secret, u.totp_last_step, u.failures, u.locked_until,"
    " u.status, u.created_at, u.last_login_at FROM users u"
    " LEFT JOIN departments d ON d.id = u.dept_id WHERE u.id = ?1";
static const char sql_user_list[] =
    "SELECT u.id, u.login, u.display_name, u.role, u.dept_id, d.uscc, d.name, u.subject_id,"
    " u.pw_hash, u.pw_changed_at, u.totp_secret, u.totp_last_step, u.failures, u.locked_until,"
    " u.status, u.created_at, u.last_login_at FROM users u"
    " LEFT JOIN departments d ON d.id = u.dept_id ORDER BY u.login";
static const char sql_user_insert[] =
    "INSERT INTO users(login, display_name, role, dept_id, subject_id, pw_hash, pw_changed_at,"
    " totp_secret, totp_last_step, failures, locked_until, status, created_at)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char sql_user_update[] =
    "UPDATE users SET display_name = ?2, role = ?3, dept_id = ?4, subject_id = ?5,"
    " pw_hash = ?6, pw_changed_at = ?7, totp_secret = ?8, totp_last_step = ?9, failures = ?10,"
    " locked_until = ?11, status = ?12, last_login_at = ?13 WHERE id = ?1";

static const char sql_session_insert[] =
    "INSERT INTO sessions(token_hash, user_id, csrf, client, created_at, last_seen)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_session_get[] =
    "SELECT token_hash, user_id, csrf, client, created_at, last_seen FROM sessions"
    " WHERE token_hash = ?1";
static const char sql_session_touch[] = "UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1";
static const char sql_sessions_delete[] =
    "DELETE FROM sessions WHERE token_hash = ?1 OR user_id = ?2 OR last_seen < ?3";

static const char sql_token_insert[] =
    "INSERT INTO api_tokens(prefix, token_hash, name, dept_id, items, created_by, created_at,"
    " expires_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_token_get[] =
    "SELECT t.id, t.prefix, t.token_hash, t.name, t.dept_id, d.uscc, d.name, t.items,"
    " t.created_by, t.created_at, t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t"
    " JOIN departments d ON d.id = t.dept_id WHERE t.prefix = ?1";
static const char sql_token_list[] =
    "SELECT t.id, t.prefix, t.token_hash, t.name, t.dept_id, d.uscc, d.name, t.items,"
    " t.created_by, t.created_at, t.expires_at, t.revoked_at, t.last_used_at FROM api_tokens t"
    " JOIN departments d ON d.id = t.dept_id ORDER BY t.id";
static const char sql_token_update[] =
    "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?2), last_used_at = COALESCE(?3, "
    "last_used_at) WHERE id = ?1";

static void read_user(sqlite3_stmt *st, struct xy_arena *a, struct xy_user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = sqlite3_column_int64(st, 0);
    u->login = xy_sq_text(a, st, 1);
    u->display_name = xy_sq_text(a, st, 2);
    u->role = xy_sq_text(a, st, 3);
    u->dept_id = sqlite3_column_int64(st, 4);
    u->dept_uscc = xy_sq_text(a, st, 5);
    u->dept_name = xy_sq_text(a, st, 6);
    u->subject_id = sqlite3_column_int64(st, 7);
    u->pw_hash = xy_sq_text(a, st, 8);
    u->pw_changed_at = sqlite3_column_int64(st, 9);
    u->totp_secret = xy_sq_text(a, st, 10);
    u->totp_last_step = sqlite3_column_int64(st, 11);
    u->failures = sqlite3_column_int(st, 12);
    u->locked_until = sqlite3_column_int64(st, 13);
    u->status = xy_sq_text(a, st, 14);
    u->created_at = sqlite3_column_int64(st, 15);
    u->last_login_at = sqlite3_column_int64(st, 16);
}

xy_code xy_sq_user_put(struct xy_store *xs, struct xy_user *u, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_user_insert);
    int r;

    sqlite3_bind_text(st, 1, u->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u->display_name ? u->display_name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
    xy_sq_bind_id(st, 4, u->dept_id);
    xy_sq_bind_id(st, 5, u->subject_id);
    sqlite3_bind_text(st, 6, u->pw_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, u->pw_changed_at);
    xy_sq_bind_text(st, 8, u->totp_secret);
    sqlite3_bind_int64(st, 9, u->totp_last_step);
    sqlite3_bind_int(st, 10, u->failures);
    sqlite3_bind_int64(st, 11, u->locked_until);
    sqlite3_bind_text(st, 12, u->status ? u->status : "active", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 13, u->created_at);
    r = sqlite3_step(st);
    if (r == SQLITE_CONSTRAINT) {
        sqlite3_reset(st);
        return xy_err_set(err, XY_CONFLICT, "登录名“%s”已被使用", u->login);
    }
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "save the account");
        sqlite3_reset(st);
        return rc;
    }
    u->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    sqlite3_reset(st);
    return XY_OK;
}

xy_code xy_sq_user_update(struct xy_store *xs, const struct xy_user *u, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_user_update);
    int r;

    sqlite3_bind_int64(st, 1, u->id);
    sqlite3_bind_text(st, 2, u->display_name ? u->display_name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
    xy_sq_bind_id(st, 4, u->dept_id);
    xy_sq_bind_id(st, 5, u->subject_id);
    sqlite3_bind_text(st, 6, u->pw_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, u->pw_changed_at);
    xy_sq_bind_text(st, 8, u->totp_secret);
    sqlite3_bind_int64(st, 9, u->totp_last_step);
    sqlite3_bind_int(st, 10, u->failures);
    sqlite3_bind_int64(st, 11, u->locked_until);
    sqlite3_bind_text(st, 12, u->status ? u->status : "active", -1, SQLITE_STATIC);
    xy_sq_bind_id(st, 13, u->last_login_at);
    r = sqlite3_step(st);
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "update the account");
        sqlite3_reset(st);
        return rc;
    }
    r = sqlite3_changes(xy_sq_db(xs));
    sqlite3_reset(st);
    if (r == 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有这个账号");
    return XY_OK;
}

xy_code xy_sq_user_get(struct xy_store *xs, const char *login, int64_t id, struct xy_arena *a,
                       struct xy_user *out, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, login ? sql_user_by_login : sql_user_by_id);
    int r;

    if (login)
        sqlite3_bind_text(st, 1, login, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_user(st, a, out);
        sqlite3_reset(st);
        return XY_OK;
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE) {
        /* the login is the account name the caller typed: safe to quote (no ID numbers) */
        if (login)
            return xy_err_set(err, XY_NOT_FOUND, "没有登录名为“%s”的账号", login);
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的账号", (long long)id);
    }
    return xy_sq_error(xs, err, "read the account");
}

xy_code xy_sq_user_list(struct xy_store *xs, struct xy_arena *a, struct xy_user **out, size_t *n,
                        struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_user_list);
    size_t cap = 0, k = 0;
    struct xy_user *v = NULL;
    int r;

    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_user(st, a, &v[k++]);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "list the accounts");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_session_put(struct xy_store *xs, const struct xy_session *ss, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_session_insert);
    int r;

    sqlite3_bind_text(st, 1, ss->token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, ss->user_id);
    sqlite3_bind_text(st, 3, ss->csrf, -1, SQLITE_STATIC);
    xy_sq_bind_text(st, 4, ss->client);
    sqlite3_bind_int64(st, 5, ss->created_at);
    sqlite3_bind_int64(st, 6, ss->last_seen);
    r = sqlite3_step(st);
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "save the session");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return XY_OK;
}

xy_code xy_sq_session_get(struct xy_store *xs, const char *token_hash, struct xy_arena *a,
                          struct xy_session *out, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_session_get);
    int r;

    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        out->token_hash = xy_sq_text(a, st, 0);
        out->user_id = sqlite3_column_int64(st, 1);
        out->csrf = xy_sq_text(a, st, 2);
        out->client = xy_sq_text(a, st, 3);
        out->created_at = sqlite3_column_int64(st, 4);
        out->last_seen = sqlite3_column_int64(st, 5);
        sqlite3_reset(st);
        return XY_OK;
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no such session");
    return xy_sq_error(xs, err, "read the session");
}

static xy_code run(struct xy_store *xs, sqlite3_stmt *st, const char *what, struct xy_err *err)
{
    int r = sqlite3_step(st);
    xy_code rc = XY_OK;

    if (r != SQLITE_DONE)
        rc = xy_sq_error(xs, err, what);
    sqlite3_reset(st);
    return rc;
}

xy_code xy_sq_session_touch(struct xy_store *xs, const char *token_hash, int64_t last_seen,
                            struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_session_touch);

    sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, last_seen);
    return run(xs, st, "update the session", err);
}

xy_code xy_sq_sessions_delete(struct xy_store *xs, const char *token_hash, int64_t user_id,
                              int64_t idle_before, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_sessions_delete);

    xy_sq_bind_text(st, 1, token_hash);
    sqlite3_bind_int64(st, 2, user_id > 0 ? user_id : -1);
    sqlite3_bind_int64(st, 3, idle_before);
    return run(xs, st, "end the sessions", err);
}

xy_code xy_sq_token_put(struct xy_store *xs, struct xy_api_token *t, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_token_insert);
    struct xy_buf items = XY_BUF_INIT;
    int r;

    for (size_t i = 0; i < t->nitems; i++) {
        if (i)
            xy_buf_addc(&items, ';');
        xy_buf_adds(&items, t->items[i]);
    }
    sqlite3_bind_text(st, 1, t->prefix, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, t->token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, t->dept_id);
    sqlite3_bind_text(st, 5, items.data ? items.data : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, t->created_by ? t->created_by : "?", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, t->created_at);
    sqlite3_bind_int64(st, 8, t->expires_at);
    r = sqlite3_step(st);
    xy_buf_release(&items);
    if (r == SQLITE_CONSTRAINT) {
        sqlite3_reset(st);
        return xy_err_set(err, XY_CONFLICT, "token prefix \"%s\" is taken", t->prefix);
    }
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "save the API token");
        sqlite3_reset(st);
        return rc;
    }
    t->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    sqlite3_reset(st);
    return XY_OK;
}

static void read_token(sqlite3_stmt *st, struct xy_arena *a, struct xy_api_token *t)
{
    memset(t, 0, sizeof(*t));
    t->id = sqlite3_column_int64(st, 0);
    t->prefix = xy_sq_text(a, st, 1);
    t->token_hash = xy_sq_text(a, st, 2);
    t->name = xy_sq_text(a, st, 3);
    t->dept_id = sqlite3_column_int64(st, 4);
    t->dept_uscc = xy_sq_text(a, st, 5);
    t->dept_name = xy_sq_text(a, st, 6);
    t->items = xy_sq_split(a, xy_sq_text(a, st, 7), &t->nitems);
    t->created_by = xy_sq_text(a, st, 8);
    t->created_at = sqlite3_column_int64(st, 9);
    t->expires_at = sqlite3_column_int64(st, 10);
    t->revoked_at = sqlite3_column_int64(st, 11);
    t->last_used_at = sqlite3_column_int64(st, 12);
}

xy_code xy_sq_token_get(struct xy_store *xs, const char *prefix, struct xy_arena *a,
                        struct xy_api_token *out, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_token_get);
    int r;

    sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        read_token(st, a, out);
        sqlite3_reset(st);
        return XY_OK;
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有前缀为“%s”的接口令牌", prefix);
    return xy_sq_error(xs, err, "read the API token");
}

xy_code xy_sq_token_list(struct xy_store *xs, struct xy_arena *a, struct xy_api_token **out,
                         size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_token_list);
    size_t cap = 0, k = 0;
    struct xy_api_token *v = NULL;
    int r;

    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_token(st, a, &v[k++]);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "list the API tokens");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_token_update(struct xy_store *xs, int64_t id, int64_t revoked_at,
                           int64_t last_used_at, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_token_update);

    sqlite3_bind_int64(st, 1, id);
    xy_sq_bind_id(st, 2, revoked_at);
    xy_sq_bind_id(st, 3, last_used_at);
    return run(xs, st, "update the API token", err);
}
