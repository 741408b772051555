/* account.c - accounts, sessions, second factor, identity links and API tokens (layer: service)
 *
 * GB/T 22239-2019 level 3, identification and authentication: unique logins, passwords of
 * some complexity stored with a salted slow hash (PBKDF2-HMAC-SM3, GB/T 39786: SM3), lockout
 * after repeated failures, idle timeout of sessions, and a second factor (TOTP, RFC 6238) for
 * the three administrator roles. Secrets never reach the database in the clear: session and
 * API tokens are kept as their SM3, TOTP secrets sealed with the data key.
 *
 * Every change is written with its audit row in one transaction. Refusals are recorded in a
 * transaction of their own (xy_audit_record). Audit rows and messages carry logins (account
 * names), never display names, ID numbers or subject names.
 *
 * The slow password hash runs outside write transactions (0.2 s holding the write lock would
 * stall ingest and every other login); the transaction re-reads the account and checks that
 * nothing it relied on changed meanwhile.
 */
#include "service/account.h"

#include <pthread.h>
#include <strings.h>
#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "crypto/crypto.h"
#include "crypto/keyring.h"
#include "domain/codes.h"
#include "domain/mask.h"
#include "service/audit.h"
#include "service/query.h"

#define LOGIN_MIN      3
#define LOGIN_MAX      32
#define NAME_MAX       64 /* display name, bytes */
#define TOKEN_NAME_MAX 100
#define TOUCH_S        60 /* write last_seen / last_used_at at most once a minute */
#define TOTP_WINDOW    1  /* accept the previous and the next 30-second step (clock drift) */
#define BAD_LOGIN      "账号或口令错误"

/* ---- small helpers ---- */

int xy_login_valid(const char *login)
{
    size_t n = login ? strlen(login) : 0;

    if (n < LOGIN_MIN || n > LOGIN_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = login[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
            return 0;
    }
    /* never an ID number: logins go into the audit trail, which keeps them for good */
    return !xy_mask_has_idno(login);
}

static void sm3_hex(const char *text, char out[2 * XY_SM3_LEN + 1])
{
    unsigned char h[XY_SM3_LEN];

    xy_sm3(text, strlen(text), h);
    xy_hex(h, sizeof(h), out);
}

/* 32 random bytes as base64url without padding (43 characters). */
static xy_code random_token(char out[XY_SESSION_TOKEN_MAX], struct xy_err *err)
{
    unsigned char raw[32];
    char b64[48];
    size_t k = 0;
    xy_code rc;

    if ((rc = xy_random(raw, sizeof(raw), err)) != XY_OK)
        return rc;
    xy_base64(raw, sizeof(raw), b64);
    for (const char *p = b64; *p && *p != '=' && k + 1 < XY_SESSION_TOKEN_MAX; p++)
        out[k++] = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    out[k] = '\0';
    return XY_OK;
}

/* "2026-03-05 14:30" in China Standard Time (UTC+8), for messages people read. */
static void local_time(int64_t t, char out[24])
{
    int64_t l = t + 8 * 3600;
    int days = (int)(l >= 0 ? l / 86400 : (l - 86399) / 86400);
    int64_t sec = l - (int64_t)days * 86400;
    int y, m, d;

    xy_civil_from_days(days, &y, &m, &d);
    snprintf(out, 24, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(sec / 3600),
             (int)(sec % 3600 / 60));
}

static int is_dept_role(enum xy_role r)
{
    return r == XY_R_SUBMITTER || r == XY_R_DEPT_USER;
}

static const char *target_of(struct xy_arena *a, const char *login)
{
    return xy_arena_printf(a, "user:%s", xy_login_valid(login) ? login : "?");
}

static xy_code audit(struct xy_ctx *ctx, const char *action, const char *target, int64_t subject_id,
                     const char *result, const char *detail, struct xy_err *err)
{
    struct xy_audit_event ev = {
        .action = action,
        .target = target,
        .subject_id = subject_id,
        .result = result,
        .detail = detail,
    };
    return xy_audit_append(ctx, &ev, err);
}

/* Record a refusal (its own transaction) and hand the refusal back unchanged. */
static xy_code refused(struct xy_ctx *ctx, const char *action, const char *target,
                       int64_t subject_id, xy_code rc, struct xy_err *err)
{
    struct xy_audit_event ev = {
        .action = action,
        .target = target,
        .subject_id = subject_id,
        .result = "denied",
        .detail = err->msg,
    };
    struct xy_err ignored = {0};

    /* the refusal stands even when it cannot be recorded; the store error goes nowhere else */
    xy_audit_record(ctx, &ev, &ignored);
    return rc;
}

static xy_code require(struct xy_ctx *ctx, enum xy_perm p, const char *action, const char *target,
                       struct xy_err *err)
{
    xy_code rc = xy_authz_require(ctx->who, p, err);
    return rc == XY_OK ? XY_OK : refused(ctx, action, target, 0, rc, err);
}

static xy_code fail_tx(struct xy_ctx *ctx, xy_code rc)
{
    xy_store_rollback(ctx->store);
    return rc;
}

/* ---- passwords ---- */

xy_code xy_password_policy(const char *login, const char *password, struct xy_err *err)
{
    size_t n = password ? strlen(password) : 0, chars = 0;
    int lower = 0, upper = 0, digit = 0, symbol = 0, classes;

    if (n > XY_PASSWORD_MAX_BYTES)
        return xy_err_set(err, XY_TOO_LARGE, "口令过长：最多%d字节", XY_PASSWORD_MAX_BYTES);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)password[i];
        if ((c & 0xC0) != 0x80)
            chars++; /* count characters, not bytes */
        if (c < 0x20 || c == 0x7f)
            return xy_err_set(err, XY_INVALID, "口令不能包含控制字符");
        if (c >= 'a' && c <= 'z')
            lower = 1;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (c >= '0' && c <= '9')
            digit = 1;
        else
            symbol = 1;
    }
    if (chars < XY_PASSWORD_MIN_CHARS)
        return xy_err_set(err, XY_INVALID, "口令太短：至少需要%d个字符", XY_PASSWORD_MIN_CHARS);
    classes = lower + upper + digit + symbol;
    if (classes < 3)
        return xy_err_set(err, XY_INVALID,
                          "口令太简单：须包含小写字母、大写字母、数字、符号中的至少3类（现有%d类）",
                          classes);
    if (login && *login) {
        size_t ln = strlen(login);
        for (size_t i = 0; i + ln <= n; i++)
            if (!strncasecmp(password + i, login, ln))
                return xy_err_set(err, XY_INVALID, "口令不能包含登录名");
    }
    return XY_OK;
}

xy_code xy_password_generate(char out[17], struct xy_err *err)
{
    /* no 0/O, 1/l/I: the password is read off a file or a screen and typed */
    static const char *sets[4] = {"abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ",
                                  "23456789", "!#%+-=?@_"};
    static const char all[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#%+-=?@_";
    unsigned char r[64];
    xy_code rc;

    for (;;) {
        size_t k = 0;
        int seen[4] = {0};
        if ((rc = xy_random(r, sizeof(r), err)) != XY_OK)
            return rc;
        for (size_t i = 0; i < sizeof(r) && k < 16; i++) {
            size_t m = sizeof(all) - 1;
            if (r[i] >= 256 - 256 % m)
                continue; /* rejection sampling: no bias towards the first characters */
            out[k++] = all[r[i] % m];
        }
        if (k < 16)
            continue;
        out[16] = '\0';
        for (int s = 0; s < 4; s++)
            for (size_t i = 0; i < 16; i++)
                if (strchr(sets[s], out[i]))
                    seen[s] = 1;
        if (seen[0] + seen[1] + seen[2] + seen[3] == 4)
            return XY_OK;
    }
}

/* A hash to verify against when the login is unknown, so that a wrong login takes as long as
 * a wrong password (no account enumeration by timing). Made once per process. */
static char dummy_hash[XY_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
    char pw[17];
    struct xy_err e = {0};

    if (xy_password_generate(pw, &e) != XY_OK ||
        xy_password_hash(pw, XY_PASSWORD_ITERATIONS, dummy_hash, &e) != XY_OK)
        dummy_hash[0] = '\0';
}

static void dummy_verify(const char *password)
{
    pthread_once(&dummy_once, dummy_init);
    if (dummy_hash[0])
        (void)xy_password_verify(password, dummy_hash);
}

/* ---- TOTP secrets ---- */

static xy_code totp_make(struct xy_ctx *ctx, const char *login, struct xy_arena *a,
                         const char **sealed, struct xy_totp_new *out, struct xy_err *err)
{
    unsigned char raw[XY_TOTP_SECRET_LEN];
    char b32[64];
    xy_code rc;

    if (!ctx->keys) {
        xy_err_set(err, XY_UNAVAILABLE, "没有密钥文件，无法保存动态口令密钥");
        err->hint = "the key file is security.key_file (see `xinyong config`) or $XINYONG_KEYS";
        return XY_UNAVAILABLE;
    }
    if ((rc = xy_random(raw, sizeof(raw), err)) != XY_OK)
        return rc;
    xy_base32(raw, sizeof(raw), b32, sizeof(b32));
    memset(raw, 0, sizeof(raw));
    *sealed = xy_keyring_seal(ctx->keys, "totp", b32, a);
    if (!*sealed)
        return xy_err_set(err, XY_INTERNAL, "could not seal the TOTP secret");
    out->secret = xy_arena_strdup(a, b32);
    out->uri = xy_arena_printf(a,
                               "otpauth://totp/xinyong:%s?secret=%s&issuer=xinyong"
                               "&algorithm=SHA1&digits=6&period=30",
                               login, b32);
    return XY_OK;
}

/* The step code matched, or -1 (wrong code, or the secret cannot be opened). */
static int64_t totp_check(struct xy_ctx *ctx, const char *sealed, const char *code,
                          struct xy_arena *a)
{
    unsigned char raw[64];
    const char *b32;
    struct xy_err e = {0};
    long n;
    int64_t step;

    if (!ctx->keys || !sealed)
        return -1;
    b32 = xy_keyring_open(ctx->keys, "totp", sealed, a, &e);
    if (!b32)
        return -1;
    n = xy_unbase32(b32, raw, sizeof(raw));
    if (n <= 0)
        return -1;
    step = xy_totp_match(raw, (size_t)n, xy_now(), TOTP_WINDOW, code);
    memset(raw, 0, sizeof(raw));
    return step;
}

/* ---- login, sessions ---- */

static void principal_of(struct xy_principal *p, const struct xy_user *u, const char *client)
{
    enum xy_role r = xy_role_from_name(u->role);

    memset(p, 0, sizeof(*p));
    p->role = r == XY_R_COUNT ? XY_R_NONE : r;
    p->user_id = u->id;
    p->dept_id = u->dept_id;
    p->subject_id = u->subject_id;
    p->login = u->login;
    p->client = client;
}

/* A failed attempt on a known account: count it (count != 0), lock at the limit, audit. */
static xy_code login_failed(struct xy_ctx *ctx, const char *action, int64_t user_id,
                            const char *reason, int count, const char *client, struct xy_arena *a,
                            int64_t *locked_until, struct xy_err *err)
{
    struct xy_ctx as = *ctx;
    struct xy_principal p;
    struct xy_user u;
    const char *detail = reason;
    xy_code rc;

    *locked_until = 0;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_get_id(ctx->store, user_id, a, &u, err)) != XY_OK)
        return fail_tx(ctx, rc);
    if (count) {
        if (++u.failures >= XY_LOCK_FAILURES) {
            u.failures = 0;
            u.locked_until = xy_now() + XY_LOCK_S;
            *locked_until = u.locked_until;
            detail = xy_arena_printf(a, "%s; locked for %d min", reason, XY_LOCK_S / 60);
        }
        if ((rc = xy_store_user_update(ctx->store, &u, err)) != XY_OK)
            return fail_tx(ctx, rc);
    }
    principal_of(&p, &u, client);
    as.who = &p;
    if ((rc = audit(&as, action, target_of(a, u.login), 0, "denied", detail, err)) != XY_OK)
        return fail_tx(ctx, rc);
    return xy_store_commit(ctx->store, err);
}

static xy_code locked_msg(int64_t until, struct xy_err *err)
{
    char when[24];

    local_time(until, when);
    xy_err_set(err, XY_DENIED, "账号因连续%d次登录失败已锁定，请于 %s（北京时间）后再试",
               XY_LOCK_FAILURES, when);
    err->hint = "locked";
    return XY_DENIED;
}

xy_code xy_login(struct xy_ctx *ctx, const char *login, const char *password, const char *totp,
                 const char *client, struct xy_session_new *out, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_user u, cur;
    struct xy_principal p;
    struct xy_ctx as = *ctx;
    struct xy_session ss;
    char thash[2 * XY_SM3_LEN + 1];
    const char *new_hash = NULL;
    int64_t now = xy_now(), step = 0, until;
    int mfa;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if (!login)
        login = "";
    if (!password)
        password = "";
    if (!totp)
        totp = "";
    if (!xy_login_valid(login) || strlen(password) > XY_PASSWORD_MAX_BYTES || strlen(totp) > 16) {
        rc = XY_NOT_FOUND;
    } else {
        rc = xy_store_user_get(ctx->store, login, a, &u, err);
        if (rc != XY_OK && rc != XY_NOT_FOUND)
            goto out;
    }
    if (rc == XY_NOT_FOUND) {
        /* no such account: same work, same answer, still on the record */
        struct xy_principal anon = {.role = XY_R_NONE, .client = client};
        struct xy_audit_event ev = {.action = "login.failed",
                                    .target = target_of(a, login),
                                    .result = "denied",
                                    .detail = "password; unknown account"};
        struct xy_err ignored = {0};

        dummy_verify(password);
        anon.login = xy_login_valid(login) ? login : "?";
        as.who = &anon;
        xy_audit_record(&as, &ev, &ignored);
        rc = xy_err_set(err, XY_DENIED, BAD_LOGIN);
        goto out;
    }
    if (u.locked_until > now) {
        /* no password check while locked: guessing stops counting, and stops working */
        principal_of(&p, &u, client);
        as.who = &p;
        {
            struct xy_audit_event ev = {.action = "login.failed",
                                        .target = target_of(a, login),
                                        .result = "denied",
                                        .detail = "locked"};
            struct xy_err ignored = {0};
            xy_audit_record(&as, &ev, &ignored);
        }
        rc = locked_msg(u.locked_until, err);
        goto out;
    }
    if (!xy_password_verify(password, u.pw_hash)) {
        rc = login_failed(ctx, "login.failed", u.id, "password", 1, client, a, &until, err);
        if (rc != XY_OK)
            goto out;
        rc = xy_err_set(err, XY_DENIED, BAD_LOGIN);
        goto out;
    }
    /* the password is right: only now may the answer depend on the account's state */
    if (u.status && strcmp(u.status, "active")) {
        login_failed(ctx, "login.failed", u.id, "disabled", 0, client, a, &until, err);
        rc = xy_err_set(err, XY_DENIED, "账号已停用，请联系系统管理员");
        err->hint = "disabled";
        goto out;
    }
    mfa = xy_role_needs_mfa(xy_role_from_name(u.role)) || u.totp_secret;
    if (mfa && !u.totp_secret) {
        login_failed(ctx, "login.failed", u.id, "totp; none set", 0, client, a, &until, err);
        rc = xy_err_set(err, XY_DENIED,
                        "该账号须使用动态口令，但尚未设置；请系统管理员重置动态口令");
        goto out;
    }
    if (mfa && !*totp) {
        /* not a failure: the password was right and the second step follows */
        rc = xy_err_set(err, XY_DENIED, "请输入动态口令（身份验证器上的6位数字）");
        err->hint = "mfa_required";
        goto out;
    }
    if (mfa) {
        step = totp_check(ctx, u.totp_secret, totp, a);
        if (step < 0 || step <= u.totp_last_step) {
            const char *why = step < 0 ? "totp" : "totp; code used before";
            rc = login_failed(ctx, "login.failed", u.id, why, 1, client, a, &until, err);
            if (rc != XY_OK)
                goto out;
            rc = xy_err_set(err, XY_DENIED,
                            step < 0 ? "动态口令错误" : "该动态口令已使用过，请等待下一个");
            goto out;
        }
    }
    if (xy_password_needs_rehash(u.pw_hash, XY_PASSWORD_ITERATIONS)) {
        char h[XY_PASSWORD_HASH_MAX];
        if (xy_password_hash(password, XY_PASSWORD_ITERATIONS, h, err) == XY_OK)
            new_hash = xy_arena_strdup(a, h);
    }
    if ((rc = random_token(out->token, err)) != XY_OK ||
        (rc = random_token(out->csrf, err)) != XY_OK)
        goto out;
    sm3_hex(out->token, thash);

    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    /* what was checked outside must still hold */
    if ((rc = xy_store_user_get_id(ctx->store, u.id, a, &cur, err)) != XY_OK) {
        rc = fail_tx(ctx, rc);
        goto out;
    }
    if (strcmp(cur.pw_hash, u.pw_hash) || strcmp(cur.status, "active") || cur.locked_until > now ||
        (mfa && step <= cur.totp_last_step)) {
        xy_store_rollback(ctx->store);
        rc = xy_err_set(err, XY_CONFLICT, "账号状态刚刚发生变化，请重新登录");
        goto out;
    }
    cur.failures = 0;
    cur.locked_until = 0;
    cur.last_login_at = now;
    if (mfa)
        cur.totp_last_step = step;
    if (new_hash)
        cur.pw_hash = new_hash;
    ss = (struct xy_session){.token_hash = thash,
                             .user_id = u.id,
                             .csrf = out->csrf,
                             .client = client,
                             .created_at = now,
                             .last_seen = now};
    principal_of(&p, &cur, client);
    as.who = &p;
    if ((rc = xy_store_user_update(ctx->store, &cur, err)) != XY_OK ||
        (rc = xy_store_sessions_delete(ctx->store, NULL, 0, now - XY_SESSION_IDLE_S, err)) !=
            XY_OK ||
        (rc = xy_store_session_put(ctx->store, &ss, err)) != XY_OK ||
        (rc = audit(&as, "login", target_of(a, login), 0, "ok", mfa ? "password+totp" : "password",
                    err)) != XY_OK) {
        rc = fail_tx(ctx, rc);
        goto out;
    }
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto out;
    out->expires_at = now + XY_SESSION_IDLE_S;
out:
    if (rc != XY_OK)
        memset(out, 0, sizeof(*out));
    xy_arena_free(a);
    return rc;
}

static xy_code session_expired(struct xy_err *err)
{
    xy_err_set(err, XY_DENIED, "登录已失效，请重新登录");
    err->hint = "login";
    return XY_DENIED;
}

xy_code xy_session_check(struct xy_ctx *ctx, const char *token, struct xy_arena *a,
                         struct xy_principal *who, const char **csrf, struct xy_err *err)
{
    char thash[2 * XY_SM3_LEN + 1];
    struct xy_session ss;
    struct xy_user u;
    int64_t now = xy_now();
    struct xy_err ignored = {0};
    xy_code rc;

    memset(who, 0, sizeof(*who));
    if (csrf)
        *csrf = NULL;
    if (!token || !*token || strlen(token) >= XY_SESSION_TOKEN_MAX)
        return session_expired(err);
    sm3_hex(token, thash);
    rc = xy_store_session_get(ctx->store, thash, a, &ss, err);
    if (rc == XY_NOT_FOUND)
        return session_expired(err);
    if (rc != XY_OK)
        return rc;
    if (now - ss.last_seen > XY_SESSION_IDLE_S) {
        /* best effort: a session left behind is expired all the same */
        xy_store_sessions_delete(ctx->store, thash, 0, 0, &ignored);
        return session_expired(err);
    }
    rc = xy_store_user_get_id(ctx->store, ss.user_id, a, &u, err);
    if (rc == XY_NOT_FOUND)
        return session_expired(err);
    if (rc != XY_OK)
        return rc;
    if (strcmp(u.status, "active")) {
        xy_store_sessions_delete(ctx->store, NULL, u.id, 0, &ignored);
        xy_err_set(err, XY_DENIED, "账号已停用，请联系系统管理员");
        err->hint = "disabled";
        return XY_DENIED;
    }
    /* one write a minute at most, not one per request; failing it only shortens the session */
    if (now - ss.last_seen > TOUCH_S)
        xy_store_session_touch(ctx->store, thash, now, &ignored);
    principal_of(who, &u, ss.client);
    who->session_hash = xy_arena_strdup(a, thash);
    if (csrf)
        *csrf = ss.csrf;
    return XY_OK;
}

xy_code xy_logout(struct xy_ctx *ctx, const char *token, struct xy_err *err)
{
    struct xy_arena *a;
    char thash[2 * XY_SM3_LEN + 1];
    struct xy_session ss;
    struct xy_user u;
    struct xy_principal p;
    struct xy_ctx as = *ctx;
    xy_code rc;

    if (!token || !*token || strlen(token) >= XY_SESSION_TOKEN_MAX)
        return XY_OK;
    sm3_hex(token, thash);
    a = xy_arena_new();
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    rc = xy_store_session_get(ctx->store, thash, a, &ss, err);
    if (rc == XY_NOT_FOUND) {
        xy_store_rollback(ctx->store);
        rc = XY_OK; /* already gone: logging out twice is not an error */
        xy_err_clear(err);
        goto out;
    }
    if (rc == XY_OK)
        rc = xy_store_user_get_id(ctx->store, ss.user_id, a, &u, err);
    if (rc == XY_OK)
        rc = xy_store_sessions_delete(ctx->store, thash, 0, 0, err);
    if (rc == XY_OK) {
        principal_of(&p, &u, ss.client);
        as.who = &p;
        rc = audit(&as, "logout", target_of(a, u.login), 0, "ok", NULL, err);
    }
    if (rc != XY_OK) {
        fail_tx(ctx, rc);
        goto out;
    }
    rc = xy_store_commit(ctx->store, err);
out:
    xy_arena_free(a);
    return rc;
}

/* ---- users ---- */

static void clear_secrets(struct xy_user *u)
{
    u->pw_hash = NULL;
    u->totp_secret = u->totp_secret ? "set" : NULL;
}

static xy_code check_dept(struct xy_ctx *ctx, enum xy_role r, const char *dept, struct xy_arena *a,
                          int64_t *dept_id, struct xy_err *err)
{
    struct xy_code_check chk;
    char code[XY_USCC_LEN + 1];
    struct xy_dept d;
    xy_code rc;

    *dept_id = 0;
    if (!is_dept_role(r)) {
        if (dept && *dept)
            return xy_err_set(err, XY_INVALID, "%s不属于部门，不能指定部门（--dept）",
                              xy_role_label(r));
        return XY_OK;
    }
    if (!dept || !*dept)
        return xy_err_set(err, XY_INVALID, "%s须指定所属部门的统一社会信用代码（--dept）",
                          xy_role_label(r));
    xy_uscc_check(dept, code, &chk);
    if (chk.level == XY_CHECK_ERROR)
        return xy_err_set(err, XY_INVALID, "部门代码“%s”无效：%s", dept, chk.zh);
    rc = xy_store_dept_get(ctx->store, code, a, &d, err);
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "没有登记代码为 %s 的部门（见 xinyong dept list）",
                          code);
    if (rc != XY_OK)
        return rc;
    *dept_id = d.id;
    return XY_OK;
}

static xy_code parse_role(const char *name, enum xy_role *r, struct xy_err *err)
{
    *r = xy_role_from_name(name);
    if (*r == XY_R_COUNT)
        return xy_err_set(err, XY_INVALID,
                          "没有角色“%s”：可用 sysadmin, secadmin, auditor, office, submitter, "
                          "dept_user, reviewer, agency, subject",
                          name ? name : "");
    return XY_OK;
}

xy_code xy_user_create(struct xy_ctx *ctx, const struct xy_user_req *req, struct xy_arena *a,
                       int64_t *id, struct xy_totp_new *totp, struct xy_err *err)
{
    const char *target = target_of(a, req->login);
    struct xy_user u = {0};
    char hash[XY_PASSWORD_HASH_MAX];
    enum xy_role r;
    int64_t now = xy_now();
    xy_code rc;

    memset(totp, 0, sizeof(*totp));
    if ((rc = require(ctx, XY_PERM_USER_MANAGE, "user.create", target, err)) != XY_OK)
        return rc;
    if (!xy_login_valid(req->login))
        return xy_err_set(err, XY_INVALID, "登录名须为3至32个字符，只能用小写字母、数字和 . _ -");
    if (!req->display_name || !*req->display_name)
        return xy_err_set(err, XY_INVALID, "请给出账号的显示名称（--name）");
    if (strlen(req->display_name) > NAME_MAX)
        return xy_err_set(err, XY_TOO_LARGE, "显示名称最多%d字节", NAME_MAX);
    for (const char *p = req->display_name; *p; p++)
        if ((unsigned char)*p < 0x20)
            return xy_err_set(err, XY_INVALID, "显示名称不能包含控制字符");
    if ((rc = parse_role(req->role, &r, err)) != XY_OK)
        return rc;
    if ((rc = xy_authz_admin_account(ctx->who, r, err)) != XY_OK)
        return refused(ctx, "user.create", target_of(a, req->login), 0, rc, err);
    if ((rc = check_dept(ctx, r, req->dept, a, &u.dept_id, err)) != XY_OK)
        return rc;
    if ((rc = xy_password_policy(req->login, req->password, err)) != XY_OK)
        return rc;
    if ((rc = xy_password_hash(req->password, XY_PASSWORD_ITERATIONS, hash, err)) != XY_OK)
        return rc;
    if (xy_role_needs_mfa(r) &&
        (rc = totp_make(ctx, req->login, a, &u.totp_secret, totp, err)) != XY_OK)
        return rc;
    u.login = req->login;
    u.display_name = req->display_name;
    u.role = xy_role_name(r);
    u.pw_hash = hash;
    u.pw_changed_at = now;
    u.status = "active";
    u.created_at = now;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_put(ctx->store, &u, err)) != XY_OK ||
        (rc = audit(ctx, "user.create", target, 0, "ok",
                    xy_arena_printf(a, "role=%s%s", u.role, u.totp_secret ? "; totp" : ""), err)) !=
            XY_OK)
        return fail_tx(ctx, rc);
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        return rc;
    if (id)
        *id = u.id;
    return XY_OK;
}

xy_code xy_user_list(struct xy_ctx *ctx, struct xy_arena *a, struct xy_user **out, size_t *n,
                     struct xy_err *err)
{
    xy_code rc;

    if ((rc = require(ctx, XY_PERM_USER_MANAGE, "user.list", NULL, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_list(ctx->store, a, out, n, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < *n; i++)
        clear_secrets(&(*out)[i]);
    return XY_OK;
}

xy_code xy_user_show(struct xy_ctx *ctx, const char *login, struct xy_arena *a, struct xy_user *out,
                     struct xy_err *err)
{
    xy_code rc;

    if ((rc = require(ctx, XY_PERM_USER_MANAGE, "user.show", target_of(a, login), err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_get(ctx->store, login, a, out, err)) != XY_OK)
        return rc;
    clear_secrets(out);
    return XY_OK;
}

static int is_self(const struct xy_ctx *ctx, const struct xy_user *u)
{
    return ctx->who && ctx->who->user_id && ctx->who->user_id == u->id;
}

/* The frame of the simple changes: permission, read inside the transaction, change, audit. */
typedef xy_code (*user_change_fn)(struct xy_ctx *ctx, struct xy_user *u, const void *arg,
                                  struct xy_arena *a, const char **detail, int *end_sessions,
                                  struct xy_err *err);

/* admins_too: the change may be made to an administrator's account by anyone holding perm
 * (unlocking takes nothing over); otherwise those accounts are the operator's
 * (xy_authz_admin_account). */
static xy_code user_change(struct xy_ctx *ctx, enum xy_perm perm, const char *action,
                           const char *login, int admins_too, user_change_fn fn, const void *arg,
                           struct xy_arena *a, struct xy_err *err)
{
    const char *target = target_of(a, login);
    const char *detail = NULL;
    int end_sessions = 0;
    struct xy_user u;
    xy_code rc;

    if ((rc = require(ctx, perm, action, target, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_get(ctx->store, login ? login : "", a, &u, err)) != XY_OK)
        return fail_tx(ctx, rc);
    if (!admins_too &&
        (rc = xy_authz_admin_account(ctx->who, xy_role_from_name(u.role), err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return refused(ctx, action, target, 0, rc, err);
    }
    if ((rc = fn(ctx, &u, arg, a, &detail, &end_sessions, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        if (rc == XY_DENIED)
            return refused(ctx, action, target, 0, rc, err);
        return rc;
    }
    if ((rc = xy_store_user_update(ctx->store, &u, err)) != XY_OK ||
        (end_sessions &&
         (rc = xy_store_sessions_delete(ctx->store, NULL, u.id, 0, err)) != XY_OK) ||
        (rc = audit(ctx, action, target, u.subject_id, "ok", detail, err)) != XY_OK)
        return fail_tx(ctx, rc);
    return xy_store_commit(ctx->store, err);
}

static xy_code do_enable(struct xy_ctx *ctx, struct xy_user *u, const void *arg, struct xy_arena *a,
                         const char **detail, int *end_sessions, struct xy_err *err)
{
    int enabled = *(const int *)arg;

    (void)a;
    (void)detail;
    if (!enabled && is_self(ctx, u))
        return xy_err_set(err, XY_DENIED, "不能停用自己的账号");
    if (!strcmp(u->status, enabled ? "active" : "disabled"))
        return xy_err_set(err, XY_CONFLICT, "账号“%s”已经是%s状态", u->login,
                          enabled ? "启用" : "停用");
    u->status = enabled ? "active" : "disabled";
    *end_sessions = !enabled;
    return XY_OK;
}

xy_code xy_user_set_enabled(struct xy_ctx *ctx, const char *login, int enabled, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    xy_code rc = user_change(ctx, XY_PERM_USER_MANAGE, enabled ? "user.enable" : "user.disable",
                             login, 0, do_enable, &enabled, a, err);
    xy_arena_free(a);
    return rc;
}

static xy_code do_unlock(struct xy_ctx *ctx, struct xy_user *u, const void *arg, struct xy_arena *a,
                         const char **detail, int *end_sessions, struct xy_err *err)
{
    (void)ctx;
    (void)arg;
    (void)end_sessions;
    (void)err;
    *detail = xy_arena_printf(a, "failures=%d; was locked=%s", u->failures,
                              u->locked_until > xy_now() ? "yes" : "no");
    u->failures = 0;
    u->locked_until = 0;
    return XY_OK;
}

xy_code xy_user_unlock(struct xy_ctx *ctx, const char *login, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    xy_code rc =
        user_change(ctx, XY_PERM_USER_MANAGE, "user.unlock", login, 1, do_unlock, NULL, a, err);
    xy_arena_free(a);
    return rc;
}

static xy_code do_set_hash(struct xy_ctx *ctx, struct xy_user *u, const void *arg,
                           struct xy_arena *a, const char **detail, int *end_sessions,
                           struct xy_err *err)
{
    (void)ctx;
    (void)detail;
    (void)err;
    u->pw_hash = xy_arena_strdup(a, arg);
    u->pw_changed_at = xy_now();
    u->failures = 0;
    u->locked_until = 0;
    *end_sessions = 1;
    return XY_OK;
}

xy_code xy_user_reset_password(struct xy_ctx *ctx, const char *login, const char *password,
                               struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    char hash[XY_PASSWORD_HASH_MAX];
    xy_code rc;

    /* permission before the policy: a refusal must not tell an outsider about passwords */
    rc = require(ctx, XY_PERM_USER_MANAGE, "user.password_reset", target_of(a, login), err);
    if (rc == XY_OK)
        rc = xy_password_policy(login, password, err);
    if (rc == XY_OK)
        rc = xy_password_hash(password, XY_PASSWORD_ITERATIONS, hash, err);
    if (rc == XY_OK)
        rc = user_change(ctx, XY_PERM_USER_MANAGE, "user.password_reset", login, 0, do_set_hash,
                         hash, a, err);
    xy_arena_free(a);
    return rc;
}

xy_code xy_user_change_password(struct xy_ctx *ctx, const char *old_password,
                                const char *new_password, struct xy_err *err)
{
    struct xy_arena *a;
    struct xy_user u, cur;
    struct xy_ctx as = *ctx;
    char hash[XY_PASSWORD_HASH_MAX];
    int64_t until;
    xy_code rc;

    if (!ctx->who || !ctx->who->user_id) {
        xy_err_set(err, XY_DENIED, "请先登录，再修改自己的口令");
        err->hint = "login";
        return XY_DENIED;
    }
    a = xy_arena_new();
    if ((rc = xy_store_user_get_id(ctx->store, ctx->who->user_id, a, &u, err)) != XY_OK)
        goto out;
    if (!xy_password_verify(old_password ? old_password : "", u.pw_hash)) {
        /* counted like a failed login: a stolen session must not be a password oracle */
        rc = login_failed(ctx, "user.password_change", u.id, "old password", 1, ctx->who->client, a,
                          &until, err);
        if (rc == XY_OK)
            rc = xy_err_set(err, XY_DENIED, "原口令错误");
        goto out;
    }
    if ((rc = xy_password_policy(u.login, new_password, err)) != XY_OK)
        goto out;
    if ((rc = xy_password_hash(new_password, XY_PASSWORD_ITERATIONS, hash, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_user_get_id(ctx->store, u.id, a, &cur, err)) != XY_OK) {
        fail_tx(ctx, rc);
        goto out;
    }
    cur.pw_hash = hash;
    cur.pw_changed_at = xy_now();
    as.who = ctx->who;
    /* whoever else holds a session of this account (a stolen cookie) is out; this one stays */
    if (ctx->who->session_hash) {
        struct xy_session keep;
        if ((rc = xy_store_session_get(ctx->store, ctx->who->session_hash, a, &keep, err)) !=
                XY_OK ||
            (rc = xy_store_sessions_delete(ctx->store, NULL, u.id, 0, err)) != XY_OK ||
            (rc = xy_store_session_put(ctx->store, &keep, err)) != XY_OK) {
            fail_tx(ctx, rc);
            goto out;
        }
    }
    if ((rc = xy_store_user_update(ctx->store, &cur, err)) != XY_OK ||
        (rc = audit(&as, "user.password_change", target_of(a, u.login), 0, "ok", NULL, err)) !=
            XY_OK) {
        fail_tx(ctx, rc);
        goto out;
    }
    rc = xy_store_commit(ctx->store, err);
out:
    xy_arena_free(a);
    return rc;
}

struct role_arg {
    enum xy_role role;
    const char *dept;
    struct xy_totp_new *totp;
};

static xy_code do_set_role(struct xy_ctx *ctx, struct xy_user *u, const void *arg,
                           struct xy_arena *a, const char **detail, int *end_sessions,
                           struct xy_err *err)
{
    const struct role_arg *ra = arg;
    enum xy_role old = xy_role_from_name(u->role);
    int64_t dept_id = u->dept_id;
    xy_code rc;

    if (is_self(ctx, u))
        return xy_err_set(err, XY_DENIED, "不能修改自己的角色");
    if ((rc = xy_authz_admin_account(ctx->who, ra->role, err)) != XY_OK)
        return rc;
    if (is_dept_role(ra->role) && (!ra->dept || !*ra->dept) && u->dept_id) {
        dept_id = u->dept_id; /* stays in its department */
    } else if ((rc = check_dept(ctx, ra->role, ra->dept, a, &dept_id, err)) != XY_OK) {
        return rc;
    }
    /* an administrator account is never without its second factor */
    if (xy_role_needs_mfa(ra->role) && !u->totp_secret &&
        (rc = totp_make(ctx, u->login, a, &u->totp_secret, ra->totp, err)) != XY_OK)
        return rc;
    *detail = xy_arena_printf(a, "from=%s; to=%s%s", xy_role_name(old), xy_role_name(ra->role),
                              ra->totp->secret ? "; totp" : "");
    u->role = xy_role_name(ra->role);
    u->dept_id = dept_id;
    if (ra->role != XY_R_SUBJECT)
        u->subject_id = 0; /* the identity link belongs to the subject role */
    *end_sessions = 1;
    return XY_OK;
}

xy_code xy_user_set_role(struct xy_ctx *ctx, const char *login, const char *role, const char *dept,
                         struct xy_arena *a, struct xy_totp_new *totp, struct xy_err *err)
{
    struct role_arg ra = {.dept = dept, .totp = totp};
    xy_code rc;

    memset(totp, 0, sizeof(*totp));
    rc = require(ctx, XY_PERM_USER_MANAGE, "user.role", target_of(a, login), err);
    if (rc == XY_OK)
        rc = parse_role(role, &ra.role, err);
    if (rc == XY_OK)
        rc = user_change(ctx, XY_PERM_USER_MANAGE, "user.role", login, 0, do_set_role, &ra, a, err);
    if (rc != XY_OK)
        memset(totp, 0, sizeof(*totp));
    return rc;
}

static xy_code do_totp_reset(struct xy_ctx *ctx, struct xy_user *u, const void *arg,
                             struct xy_arena *a, const char **detail, int *end_sessions,
                             struct xy_err *err)
{
    struct xy_totp_new *totp = (struct xy_totp_new *)arg;
    xy_code rc;

    (void)detail;
    if ((rc = totp_make(ctx, u->login, a, &u->totp_secret, totp, err)) != XY_OK)
        return rc;
    u->totp_last_step = 0;
    *end_sessions = 1;
    return XY_OK;
}

xy_code xy_user_totp_reset(struct xy_ctx *ctx, const char *login, struct xy_arena *a,
                           struct xy_totp_new *totp, struct xy_err *err)
{
    xy_code rc;

    memset(totp, 0, sizeof(*totp));
    rc = user_change(ctx, XY_PERM_USER_MANAGE, "user.totp_reset", login, 0, do_totp_reset, totp, a,
                     err);
    if (rc != XY_OK)
        memset(totp, 0, sizeof(*totp));
    return rc;
}

/* ---- identity ---- */

static xy_code staff_verify(void *vctx, struct xy_ctx *ctx, const char *code, const char *name,
                            const char *evidence, struct xy_arena *a, int64_t *subject_id,
                            struct xy_err *err)
{
    struct xy_subject s;
    xy_code rc;

    (void)vctx;
    if (!evidence || !*evidence)
        return xy_err_set(
            err, XY_INVALID,
            "请写明核验时查看的证件（--evidence，例如“居民身份证原件”或“营业执照副本”）");
    if (!code || !*code || !name || !*name)
        return xy_err_set(err, XY_INVALID, "请给出证件号码（或统一社会信用代码）和证件上的名称");
    rc = xy_query_by_code(ctx, code, 1, a, &s, err);
    if (rc == XY_NOT_FOUND)
        /* never echo the number: it may be a citizen's ID number */
        return xy_err_set(err, XY_NOT_FOUND, "平台上没有与该证件号码相符的信用主体");
    if (rc != XY_OK)
        return rc;
    if (!s.name || strcmp(s.name, name))
        return xy_err_set(err, XY_DENIED, "证件上的名称与平台登记的信用主体名称不符，未予核验");
    *subject_id = s.id;
    return XY_OK;
}

const struct xy_identity_verifier xy_identity_staff = {"staff", staff_verify, NULL};

xy_code xy_user_verify(struct xy_ctx *ctx, const char *login, const struct xy_identity_verifier *v,
                       const char *code_or_idno, const char *name, const char *evidence,
                       struct xy_arena *a, int64_t *subject_id, struct xy_err *err)
{
    const char *target = target_of(a, login);
    const char *detail = xy_arena_printf(a, "verifier=%s", v->name);
    struct xy_user u;
    int64_t sid = 0;
    xy_code rc;

    if ((rc = require(ctx, XY_PERM_IDENTITY_VERIFY, "user.verify", target, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_get(ctx->store, login ? login : "", a, &u, err)) != XY_OK)
        return rc;
    if (xy_role_from_name(u.role) != XY_R_SUBJECT)
        return xy_err_set(err, XY_INVALID, "账号“%s”不是信用主体账号（角色为%s）", u.login,
                          xy_role_label(xy_role_from_name(u.role)));
    rc = v->verify(v->vctx, ctx, code_or_idno, name, evidence, a, &sid, err);
    if (rc == XY_DENIED || rc == XY_NOT_FOUND) {
        struct xy_audit_event ev = {
            .action = "user.verify", .target = target, .result = "denied", .detail = detail};
        struct xy_err ignored = {0};
        xy_audit_record(ctx, &ev, &ignored);
        return rc;
    }
    if (rc != XY_OK)
        return rc;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_user_get_id(ctx->store, u.id, a, &u, err)) != XY_OK)
        return fail_tx(ctx, rc);
    u.subject_id = sid;
    if ((rc = xy_store_user_update(ctx->store, &u, err)) != XY_OK ||
        (rc = xy_store_sessions_delete(ctx->store, NULL, u.id, 0, err)) != XY_OK ||
        (rc = audit(ctx, "user.verify", target, sid, "ok", detail, err)) != XY_OK)
        return fail_tx(ctx, rc);
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        return rc;
    if (subject_id)
        *subject_id = sid;
    return XY_OK;
}

/* ---- API tokens ---- */

static int dept_has(const struct xy_dept *d, const char *item)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (!strcmp(d->items[i], item))
            return 1;
    return 0;
}

static xy_code token_items(const struct xy_dept *d, const char *list, struct xy_arena *a,
                           const char ***out, size_t *n, struct xy_err *err)
{
    char *copy, *save = NULL, *tok;
    const char **v;
    size_t k = 0;

    if (d->nitems == 0)
        return xy_err_set(err, XY_INVALID, "部门 %s 没有登记任何信息项，无法发放报送令牌", d->uscc);
    if (!list || !*list) {
        *out = d->items;
        *n = d->nitems;
        return XY_OK;
    }
    v = xy_arena_alloc(a, d->nitems * sizeof(*v));
    copy = xy_arena_strdup(a, list);
    for (tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
        int dup = 0;
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        if (!dept_has(d, tok))
            return xy_err_set(err, XY_INVALID, "信息项“%s”不是部门 %s 登记报送的信息项（一数一源）",
                              tok, d->uscc);
        for (size_t i = 0; i < k; i++)
            dup |= !strcmp(v[i], tok);
        if (!dup)
            v[k++] = tok;
    }
    if (k == 0)
        return xy_err_set(err, XY_INVALID, "请给出至少一个信息项");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_token_issue(struct xy_ctx *ctx, const struct xy_token_req *req, struct xy_arena *a,
                       struct xy_token_new *out, struct xy_err *err)
{
    struct xy_code_check chk;
    char code[XY_USCC_LEN + 1], hash[2 * XY_SM3_LEN + 1], secret[40];
    unsigned char raw[XY_TOTP_SECRET_LEN], pre[XY_TOKEN_PREFIX_LEN / 2];
    struct xy_api_token t = {0};
    struct xy_dept d;
    int days = req->days ? req->days : XY_TOKEN_DAYS_DEFAULT;
    int64_t now = xy_now();
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = require(ctx, XY_PERM_SECURITY_MANAGE, "token.issue", NULL, err)) != XY_OK)
        return rc;
    if (days < 1 || days > XY_TOKEN_DAYS_MAX)
        return xy_err_set(err, XY_INVALID, "有效期须为1至%d天", XY_TOKEN_DAYS_MAX);
    if (!req->name || !*req->name)
        return xy_err_set(err, XY_INVALID, "请给令牌起个名字，说明它给哪个系统用（--name）");
    if (strlen(req->name) > TOKEN_NAME_MAX)
        return xy_err_set(err, XY_TOO_LARGE, "令牌名称最多%d字节", TOKEN_NAME_MAX);
    xy_uscc_check(req->dept ? req->dept : "", code, &chk);
    if (chk.level == XY_CHECK_ERROR)
        return xy_err_set(err, XY_INVALID, "部门代码“%s”无效：%s", req->dept ? req->dept : "",
                          chk.zh);
    rc = xy_store_dept_get(ctx->store, code, a, &d, err);
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "没有登记代码为 %s 的部门（见 xinyong dept list）",
                          code);
    if (rc != XY_OK)
        return rc;
    if ((rc = token_items(&d, req->items, a, &t.items, &t.nitems, err)) != XY_OK)
        return rc;
    if ((rc = xy_random(pre, sizeof(pre), err)) != XY_OK ||
        (rc = xy_random(raw, sizeof(raw), err)) != XY_OK)
        return rc;
    xy_hex(pre, sizeof(pre), out->prefix);
    xy_base32(raw, sizeof(raw), secret, sizeof(secret));
    memset(raw, 0, sizeof(raw));
    snprintf(out->text, sizeof(out->text), "xy_%s_%s", out->prefix, secret);
    memset(secret, 0, sizeof(secret));
    sm3_hex(out->text, hash);
    t.prefix = out->prefix;
    t.token_hash = hash;
    t.name = req->name;
    t.dept_id = d.id;
    t.created_by = ctx->who && ctx->who->login ? ctx->who->login : "?";
    t.created_at = now;
    t.expires_at = now + (int64_t)days * 86400;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto fail;
    if ((rc = xy_store_token_put(ctx->store, &t, err)) != XY_OK ||
        (rc = audit(ctx, "token.issue", xy_arena_printf(a, "token:%s", out->prefix), 0, "ok",
                    xy_arena_printf(a, "dept=%s; items=%zu; days=%d", d.uscc, t.nitems, days),
                    err)) != XY_OK) {
        fail_tx(ctx, rc);
        goto fail;
    }
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    out->id = t.id;
    out->expires_at = t.expires_at;
    return XY_OK;
fail:
    memset(out, 0, sizeof(*out));
    return rc;
}

xy_code xy_token_list(struct xy_ctx *ctx, struct xy_arena *a, struct xy_api_token **out, size_t *n,
                      struct xy_err *err)
{
    xy_code rc;

    if ((rc = require(ctx, XY_PERM_SECURITY_MANAGE, "token.list", NULL, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_token_list(ctx->store, a, out, n, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < *n; i++)
        (*out)[i].token_hash = NULL;
    return XY_OK;
}

/* The prefix of "xy_<prefix>_<secret>" or of a bare prefix, into out; 0 when malformed. */
static int token_prefix(const char *s, char out[XY_TOKEN_PREFIX_LEN + 1])
{
    if (!s)
        return 0;
    if (!strncmp(s, "xy_", 3))
        s += 3;
    for (int i = 0; i < XY_TOKEN_PREFIX_LEN; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return 0;
        out[i] = c;
    }
    out[XY_TOKEN_PREFIX_LEN] = '\0';
    return s[XY_TOKEN_PREFIX_LEN] == '\0' || s[XY_TOKEN_PREFIX_LEN] == '_';
}

xy_code xy_token_revoke(struct xy_ctx *ctx, const char *prefix, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    char pre[XY_TOKEN_PREFIX_LEN + 1];
    const char *target;
    struct xy_api_token t;
    xy_code rc;

    if (!token_prefix(prefix, pre)) {
        rc = xy_err_set(err, XY_INVALID, "请给出令牌前缀（8位十六进制数字，见 token list）");
        goto out;
    }
    target = xy_arena_printf(a, "token:%s", pre);
    if ((rc = require(ctx, XY_PERM_SECURITY_MANAGE, "token.revoke", target, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_token_get(ctx->store, pre, a, &t, err)) != XY_OK) {
        fail_tx(ctx, rc);
        goto out;
    }
    if (t.revoked_at) {
        xy_store_rollback(ctx->store);
        rc = xy_err_set(err, XY_CONFLICT, "令牌 %s 已经吊销", pre);
        goto out;
    }
    if ((rc = xy_store_token_update(ctx->store, t.id, xy_now(), 0, err)) != XY_OK ||
        (rc = audit(ctx, "token.revoke", target, 0, "ok",
                    xy_arena_printf(a, "dept=%s", t.dept_uscc), err)) != XY_OK) {
        fail_tx(ctx, rc);
        goto out;
    }
    rc = xy_store_commit(ctx->store, err);
out:
    xy_arena_free(a);
    return rc;
}

static xy_code bad_token(struct xy_err *err, const char *msg)
{
    xy_err_set(err, XY_DENIED, "%s", msg);
    err->hint = "token";
    return XY_DENIED;
}

xy_code xy_token_check(struct xy_ctx *ctx, const char *token, struct xy_arena *a,
                       struct xy_principal *who, struct xy_err *err)
{
    char pre[XY_TOKEN_PREFIX_LEN + 1], hash[2 * XY_SM3_LEN + 1], when[24];
    struct xy_api_token t;
    int64_t now = xy_now();
    struct xy_err ignored = {0};
    xy_code rc;

    memset(who, 0, sizeof(*who));
    if (!token || strlen(token) != XY_TOKEN_TEXT_LEN || strncmp(token, "xy_", 3) ||
        !token_prefix(token, pre))
        return bad_token(err, "接口令牌无效");
    rc = xy_store_token_get(ctx->store, pre, a, &t, err);
    if (rc == XY_NOT_FOUND)
        return bad_token(err, "接口令牌无效");
    if (rc != XY_OK)
        return rc;
    sm3_hex(token, hash);
    if (!t.token_hash || strlen(t.token_hash) != 2 * XY_SM3_LEN ||
        !xy_ct_equal(hash, t.token_hash, 2 * XY_SM3_LEN))
        return bad_token(err, "接口令牌无效");
    if (t.revoked_at)
        return bad_token(err, "接口令牌已被吊销，请向安全管理员申请新令牌");
    if (now >= t.expires_at) {
        local_time(t.expires_at, when);
        xy_err_set(err, XY_DENIED, "接口令牌已于 %s（北京时间）过期，请向安全管理员申请新令牌",
                   when);
        err->hint = "token";
        return XY_DENIED;
    }
    if (now - t.last_used_at >= TOUCH_S)
        xy_store_token_update(ctx->store, t.id, 0, now, &ignored); /* best effort, as sessions */
    who->role = XY_R_SUBMITTER;
    who->token_id = t.id;
    who->dept_id = t.dept_id;
    who->login = xy_arena_printf(a, "token:%s", pre);
    who->items = t.items;
    who->nitems = t.nitems;
    return XY_OK;
}
