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
/* A read of non-public information about subject_id: read(ctx, arg, err) and its audit row
 * (action, target "subject:<id>", purpose) in one transaction, so that no read goes
 * unrecorded. XY_OK, or read's error (nothing recorded then), or the store's. */
typedef xy_code (*xy_audit_reader)(struct xy_ctx *ctx, void *arg, struct xy_err *err);
xy_code xy_audit_read(struct xy_ctx *ctx, const char *action, int64_t subject_id,
                      const char *purpose, xy_audit_reader read, void *arg, struct xy_err *err);
/* Append in a transaction of its own: for refusals and failures, whose action wrote nothing. */
xy_code xy_audit_record(struct xy_ctx *ctx, const struct xy_audit_event *ev, struct xy_err *err);

/* The canonical form of a row that its mac covers (docs/audit.md): "xinyong-audit-v1", then
 * seq, at, actor, role, dept_id, client, action, target, subject_id, purpose, result, detail;
 * integers as 8 bytes big-endian, strings as a 4-byte big-endian length and the bytes, NULL as
 * length 0xffffffff. The mac is HMAC-SM3(audit key, previous mac (32 bytes) || this form); the
 * previous mac of the first row is 32 zero bytes, after a purge the anchor's. r->mac is not
 * read. */
void xy_audit_mac(const unsigned char key[32], const unsigned char prev[32],
                  const struct xy_audit_row *r, unsigned char out[32]);

/* ---- checkpoints ----
 * The signed text is exactly
 *   "xinyong-audit-checkpoint\nseq=<seq>\nmac=<hex>\nat=<unix ms>\n"
 * signed with SM2 (SM3 digest, ID "1234567812345678"). The key is the PEM file
 * audit.signing_key (default "<db>.audit-sm2.pem"), made 0600 on first use. */

/* Sign the end of the chain now: appends an "audit.checkpoint" row, then signs and stores the
 * checkpoint of that row (or returns the one already there). out's strings live in a.
 * XY_UNAVAILABLE without an audit key; XY_DENIED without AUDIT_READ. */
xy_code xy_audit_checkpoint(struct xy_ctx *ctx, struct xy_arena *a, struct xy_audit_checkpoint *out,
                            struct xy_err *err);
/* The exported file of c (the signed text, the signature and the public key), from a: what
 * `audit checkpoint --export` writes and the console downloads. */
const char *xy_audit_checkpoint_file(const struct xy_audit_checkpoint *c, struct xy_arena *a);
/* The signed text of c, allocated from a. */
const char *xy_audit_checkpoint_text(const struct xy_audit_checkpoint *c, struct xy_arena *a);
/* An exported checkpoint: the signed text, "signature=<base64>\n", then the public key PEM.
 * Written to path through a temporary file and a rename, mode 0644 (it holds no secret). */
xy_code xy_audit_checkpoint_export(const struct xy_audit_checkpoint *c, const char *path,
                                   struct xy_arena *a, struct xy_err *err);
/* Read an exported checkpoint (at most 64 KiB). XY_PARSE names what is wrong. The signature is
 * not checked here (xy_audit_verify does). */
xy_code xy_audit_checkpoint_read(const char *path, struct xy_arena *a,
                                 struct xy_audit_checkpoint *out, struct xy_err *err);
/* 1 when c's signature is valid under c->public_key. */
int xy_audit_checkpoint_valid(const struct xy_audit_checkpoint *c, struct xy_arena *a);

/* ---- verification ---- */
#define XY_AUDIT_MAX_PROBLEMS 16
struct xy_audit_problem {
    const char *code;  /* stable: "audit.changed", "audit.deleted", "audit.reordered",
                        * "audit.inserted", "audit.tail_cut", "audit.checkpoint_signature",
                        * "audit.checkpoint_mismatch", "audit.checkpoint_key", "audit.anchor" */
    int64_t seq;       /* the row (or checkpoint) concerned */
    char message[256]; /* Chinese, for the auditor */
};

struct xy_audit_report {
    int64_t anchor_seq;          /* the chain starts after this row (0: from the first) */
    int64_t rows;                /* rows walked */
    int64_t first_seq, last_seq; /* 0 when there is no row */
    int64_t checkpoints;         /* stored checkpoints checked */
    int64_t file_seq;            /* the exported checkpoint's seq, or 0 */
    size_t nproblems;            /* 0: intact */
    struct xy_audit_problem problems[XY_AUDIT_MAX_PROBLEMS];
};

/* Walk the whole trail from the anchor, recomputing the chain one row at a time (nothing held
 * in memory), stopping at the first break; then check every stored checkpoint (signature, key,
 * the row's mac, rows beyond the end), the anchor, and with checkpoint_file (an exported
 * checkpoint, or NULL) its signature under its own key and that the trail still reaches it
 * with the same mac (a cut tail). Appends an "audit.verify" row with the outcome.
 * XY_OK when the walk ran, intact or not (rep says); errors only when it could not run. */
xy_code xy_audit_verify(struct xy_ctx *ctx, const char *checkpoint_file, struct xy_arena *a,
                        struct xy_audit_report *rep, struct xy_err *err);

/* ---- reading the trail ---- */
#define XY_AUDIT_SEARCH_MAX 1000
/* Rows matching f (limit capped at XY_AUDIT_SEARCH_MAX), newest first. Needs AUDIT_READ; the
 * search is itself audited ("audit.search"). */
xy_code xy_audit_search(struct xy_ctx *ctx, const struct xy_audit_filter *f, struct xy_arena *a,
                        struct xy_audit_row **rows, size_t *n, struct xy_err *err);
/* The reads of non-public information about one subject (actions "*.read_private" and
 * "agency.read": who, when, purpose, result), newest first, at most XY_AUDIT_SEARCH_MAX: the
 * subject's own view. Needs SELF_READ as that subject, or AUDIT_READ. */
xy_code xy_audit_subject_reads(struct xy_ctx *ctx, int64_t subject_id, struct xy_arena *a,
                               struct xy_audit_row **rows, size_t *n, struct xy_err *err);

/* ---- retention ---- */
struct xy_audit_purge_result {
    int64_t cut_ms;     /* rows older than this were due */
    int64_t deleted;    /* rows deleted */
    int64_t anchor_seq; /* the chain now starts after this row (0: nothing purged ever) */
};
/* Delete the rows older than audit.retention_days, but only up to the newest checkpoint signed
 * before the cut, which becomes the anchor; then append an "audit.purge" row. Needs
 * AUDIT_READ. XY_INVALID when the retention is under 183 days (six months). */
xy_code xy_audit_purge(struct xy_ctx *ctx, struct xy_audit_purge_result *out, struct xy_err *err);

/* The signing key's path: audit.signing_key, or "<db>.audit-sm2.pem" (allocated from a). */
const char *xy_audit_signing_key_path(const struct xy_config *cfg, struct xy_arena *a);

#endif
