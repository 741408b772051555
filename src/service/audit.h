/* audit.h - the audit trail: append, verify, checkpoint, export, search, purge (layer: service)
 *
 * Every write, login, failed login, permission change and read of non-public information is
 * appended by the use case *inside its own transaction* (xy_audit_append between
 * xy_store_begin and xy_store_commit), so the action and its audit row commit or vanish
 * together. Rows form a chain: mac(n) = HMAC-SM3(audit key, mac(n-1) || canonical row n).
 * Checkpoints (seq, mac, time) are signed with SM2 and exported to another host; verification
 * against the last exported checkpoint detects a cut tail. Rows hold no ID number or full name
 * of a person: subjects are referred to by their internal id.
 */
#ifndef XY_SERVICE_AUDIT_H
#define XY_SERVICE_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "service/ctx.h"

struct xy_audit_event {
    const char *action;  /* stable name: "login", "login.failed", "user.create",
                          * "token.issue", "batch.submit", "record.read_private", ... */
    const char *target;  /* what it acted on: "user:zhang3", "batch:12", "record:884" or NULL */
    int64_t subject_id;  /* the credit subject concerned, or 0 */
    const char *purpose; /* stated purpose of a non-public read, or NULL */
    const char *result;  /* "ok", "denied", "failed" */
    const char *detail;  /* short, no personal data, or NULL */
};

/* Append one row as ctx->who, inside the caller's transaction. */
xy_code xy_audit_append(struct xy_ctx *ctx, const struct xy_audit_event *ev, struct xy_err *err);
/* Append in a transaction of its own: for refusals and failures, whose action wrote nothing. */
xy_code xy_audit_record(struct xy_ctx *ctx, const struct xy_audit_event *ev, struct xy_err *err);

#endif
