/* account.h - accounts, sessions, second factor and API tokens (layer: service)
 *
 * Passwords: PBKDF2-HMAC-SM3 with the parameters in the hash; at least 8 characters of 3
 * classes; 5 failures lock the account for 15 minutes. Sessions: a random token whose SM3 is
 * stored, a CSRF token, 30 minutes idle timeout. TOTP is required for the roles that
 * xy_role_needs_mfa() names. API tokens: shown once, stored as their SM3, scoped to a
 * department and catalogue items, expiring and revocable. Every change is audited.
 */
#ifndef XY_SERVICE_ACCOUNT_H
#define XY_SERVICE_ACCOUNT_H

#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "service/authz.h"
#include "service/ctx.h"
#include "store/store.h"

#define XY_SESSION_IDLE_S    (30 * 60)
#define XY_LOCK_FAILURES     5
#define XY_LOCK_S            (15 * 60)
#define XY_SESSION_TOKEN_MAX 64 /* printable token lengths, with the NUL */

/* A new session: its token goes into the cookie, its CSRF token into every form post. */
struct xy_session_new {
    char token[XY_SESSION_TOKEN_MAX];
    char csrf[XY_SESSION_TOKEN_MAX];
    int64_t expires_at; /* idle expiry, unix seconds */
};

/* Check login, password and (for roles that need it) the TOTP code; on success create a
 * session. Failures are audited and counted; XY_DENIED with one message for a wrong login or
 * password (no account enumeration), a distinct hint "mfa_required" when only the code is
 * missing, and a message with the unlock time when the account is locked. */
xy_code xy_login(struct xy_ctx *ctx, const char *login, const char *password, const char *totp,
                 const char *client, struct xy_session_new *out, struct xy_err *err);
/* Resolve a session token (idle timeout, disabled accounts) into a principal allocated in a;
 * *csrf receives the session's CSRF token. XY_DENIED when unknown or expired. */
xy_code xy_session_check(struct xy_ctx *ctx, const char *token, struct xy_arena *a,
                         struct xy_principal *who, const char **csrf, struct xy_err *err);
xy_code xy_logout(struct xy_ctx *ctx, const char *token, struct xy_err *err);
/* Resolve a bearer API token into its department's principal. XY_DENIED when unknown,
 * revoked or expired. */
xy_code xy_token_check(struct xy_ctx *ctx, const char *token, struct xy_arena *a,
                       struct xy_principal *who, struct xy_err *err);

/* ---- passwords ---- */
#define XY_PASSWORD_MIN_CHARS 8
#define XY_PASSWORD_MAX_BYTES 256 /* longer input is refused, not hashed */
/* XY_OK when password may be used by login: at least 8 characters from at least 3 of lower
 * case, upper case, digits and symbols, not containing the login (case ignored). Otherwise
 * XY_INVALID with a message naming the rule broken. login may be NULL. */
xy_code xy_password_policy(const char *login, const char *password, struct xy_err *err);
/* A random password of 16 characters that meets the policy, into out (17 bytes). */
xy_code xy_password_generate(char out[17], struct xy_err *err);
/* 1 when login is 3 to 32 characters of [a-z0-9._-]. */
int xy_login_valid(const char *login);

/* ---- users (USER_MANAGE unless said otherwise) ---- */
struct xy_user_req {
    const char *login;
    const char *display_name;
    const char *role;     /* role name: "sysadmin", "submitter", ... */
    const char *dept;     /* 统一社会信用代码 of the department: required for submitter and
                           * dept_user, refused for the other roles */
    const char *password; /* checked with xy_password_policy() */
};

/* What is shown once when an account gets a second factor. */
struct xy_totp_new {
    const char *secret; /* base32, for typing into an authenticator app; NULL: none given */
    const char *uri;    /* otpauth://totp/... for a QR code */
};

/* Create an account. Roles that need a second factor get a TOTP secret (sealed with the
 * keyring, purpose "totp"), returned in *totp once. XY_CONFLICT when the login is taken;
 * XY_INVALID for a bad login, role, department or password; XY_NOT_FOUND for an unknown
 * department. Strings of *totp live in a. */
xy_code xy_user_create(struct xy_ctx *ctx, const struct xy_user_req *req, struct xy_arena *a,
                       int64_t *id, struct xy_totp_new *totp, struct xy_err *err);
/* Every account, by login; pw_hash and totp_secret are cleared (only whether a second factor
 * is set survives: totp_secret is "set" or NULL). */
xy_code xy_user_list(struct xy_ctx *ctx, struct xy_arena *a, struct xy_user **out, size_t *n,
                     struct xy_err *err);
/* One account, cleared like xy_user_list(). XY_NOT_FOUND when there is none. */
xy_code xy_user_show(struct xy_ctx *ctx, const char *login, struct xy_arena *a, struct xy_user *out,
                     struct xy_err *err);
/* Disable (enabled 0; its sessions end) or enable an account. An account cannot disable
 * itself. */
xy_code xy_user_set_enabled(struct xy_ctx *ctx, const char *login, int enabled, struct xy_err *err);
/* Clear the failure count and the lock. */
xy_code xy_user_unlock(struct xy_ctx *ctx, const char *login, struct xy_err *err);
/* Set a new password (policy checked); the account's sessions end and its lock is cleared. */
xy_code xy_user_reset_password(struct xy_ctx *ctx, const char *login, const char *password,
                               struct xy_err *err);
/* The logged-in user (ctx->who->user_id) changes its own password, giving the old one. */
xy_code xy_user_change_password(struct xy_ctx *ctx, const char *old_password,
                                const char *new_password, struct xy_err *err);
/* Give an account another role (and department, for the department roles: dept NULL keeps
 * the current one). A role that needs a second factor gets one if the account has none,
 * returned in *totp. The account's sessions end. An account cannot change its own role. */
xy_code xy_user_set_role(struct xy_ctx *ctx, const char *login, const char *role, const char *dept,
                         struct xy_arena *a, struct xy_totp_new *totp, struct xy_err *err);
/* A new TOTP secret (the old one stops working, the sessions end), returned once in *totp. */
xy_code xy_user_totp_reset(struct xy_ctx *ctx, const char *login, struct xy_arena *a,
                           struct xy_totp_new *totp, struct xy_err *err);

/* ---- real-name verification of subject accounts (IDENTITY_VERIFY) ----
 * An interface, so that the city's identity service can replace the local one: verify()
 * decides whether the person or organisation presenting code_or_idno (统一社会信用代码 or
 * 身份证号码) and name is that credit subject, and gives its row id. Implementations must
 * not keep, log or echo code_or_idno or name. */
struct xy_identity_verifier {
    const char *name; /* stable name, written to the audit trail: "staff" */
    xy_code (*verify)(void *vctx, struct xy_ctx *ctx, const char *code_or_idno, const char *name,
                      const char *evidence, struct xy_arena *a, int64_t *subject_id,
                      struct xy_err *err);
    void *vctx;
};
/* The local implementation: an office clerk (IDENTITY_VERIFY) confirms they have seen the
 * documents (evidence says which, e.g. "居民身份证原件"; required); the subject must be
 * known to the platform under that code, and its recorded name must equal name. */
extern const struct xy_identity_verifier xy_identity_staff;
/* Link the subject account login to the subject the verifier confirms; the subject's id is
 * stored (never the code or ID number) and audited. XY_INVALID when login is not a subject
 * account; XY_DENIED when the verifier refuses; XY_NOT_FOUND for an unknown subject. */
xy_code xy_user_verify(struct xy_ctx *ctx, const char *login, const struct xy_identity_verifier *v,
                       const char *code_or_idno, const char *name, const char *evidence,
                       struct xy_arena *a, int64_t *subject_id, struct xy_err *err);

/* ---- API tokens for department systems (SECURITY_MANAGE) ---- */
#define XY_TOKEN_DAYS_DEFAULT 90
#define XY_TOKEN_DAYS_MAX     366
#define XY_TOKEN_PREFIX_LEN   8
#define XY_TOKEN_TEXT_LEN     44 /* "xy_" + 8-character prefix + "_" + 32 characters */
#define XY_TOKEN_TEXT_MAX     48 /* room for the text and its NUL */

struct xy_token_req {
    const char *dept;  /* 统一社会信用代码 of a registered department */
    const char *name;  /* what it is for: "市场监管局报送系统" */
    const char *items; /* ','-separated subset of the department's items; NULL: all of them */
    int days;          /* 1 .. XY_TOKEN_DAYS_MAX; 0: XY_TOKEN_DAYS_DEFAULT */
};

struct xy_token_new {
    int64_t id;
    char text[XY_TOKEN_TEXT_MAX]; /* shown once: only its SM3 is stored */
    char prefix[XY_TOKEN_PREFIX_LEN + 1];
    int64_t expires_at;
};

xy_code xy_token_issue(struct xy_ctx *ctx, const struct xy_token_req *req, struct xy_arena *a,
                       struct xy_token_new *out, struct xy_err *err);
/* Every token, oldest first; token_hash is cleared. */
xy_code xy_token_list(struct xy_ctx *ctx, struct xy_arena *a, struct xy_api_token **out, size_t *n,
                      struct xy_err *err);
/* Revoke by prefix (or the whole token text). Revoking twice is XY_CONFLICT. */
xy_code xy_token_revoke(struct xy_ctx *ctx, const char *prefix, struct xy_err *err);

#endif
