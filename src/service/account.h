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

#endif
