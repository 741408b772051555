/* approvals.h - a black-list addition waits for a second person's approval (layer: service)
 *
 * An addition (the first version of a natural key) to a list item with list_approval =
 * two_person is held, in the transaction that stores it, as a case of kind "list_add" whose
 * pending flag keeps the record out of every public read, every subject's file and every check
 * (domain/approval.h has the rules). A person holding list.approve other than the submitter
 * approves it (published from then on) or rejects it with a reason (never published); each
 * decision is a case step, an audit row and a notice to the submitter. Corrections of an
 * approved entry are new versions of the same key and are not held again.
 *
 * Who waits: department submissions (a submitter's batch over HTTP, a department's API token).
 * The host operator's `xinyong ingest` is not held: it is the host's bulk load (exchange files
 * and the initial load of lists decided elsewhere), it submits for any department and could
 * write the database itself, so holding it would protect nothing; it is audited as records.put
 * by os:<user>. The operator never approves (no named person).
 */
#ifndef XY_SERVICE_APPROVALS_H
#define XY_SERVICE_APPROVALS_H

#include "domain/approval.h"
#include "service/ctx.h"
#include "service/public.h"

#define XY_APPROVAL_REASON_MAX_CHARS 2000
#define XY_APPROVALS_MAX_PAGE        100

/* Inside the write transaction of batch batch_id of item (service/ingest.c, after the batch's
 * records are stored): hold every addition the batch made when item needs a second person and
 * ctx->who is a department's submitter; one audit row and one notice per approver for the
 * batch. *held: how many were held (0 when none). */
xy_code xy_approvals_hold_batch(struct xy_ctx *ctx, const struct xy_item *item, int64_t batch_id,
                                int64_t *held, struct xy_err *err);

/* One list addition as the queue shows it. */
struct xy_approval {
    int64_t id; /* the case */
    enum xy_list_add_state state;
    const struct xy_item *item;
    const char *dept_code, *dept_name;
    const char *submitted_by; /* login, token:<prefix> or os:<user> */
    int64_t submitted_at;     /* unix ms */
    const char *decided_by;   /* NULL while pending */
    int64_t decided_at;       /* unix ms, 0 while pending */
    const char *reason;       /* a rejection's, or NULL */
    int full;                 /* rec is unmasked (the caller holds list.approve) */
    int may_decide;           /* the caller may approve or reject it now */
    struct xy_pub_record rec; /* the entry: unmasked for approvers, masked for the department */
};

/* The queue: state "pending" (waiting, oldest last) or "done" (decided), newest first, limit
 * 1..XY_APPROVALS_MAX_PAGE rows with ids below before (0: from the newest); *has_more when more
 * follow. Holders of list.approve see every department's additions in full; a department's
 * submitters and users see their own department's, masked as the public would see them;
 * anyone else XY_DENIED. Every entry read is audited (list_add.read) with its subject: a
 * pending entry is non-public. */
xy_code xy_approvals_list(struct xy_ctx *ctx, const char *state, int64_t before, long limit,
                          struct xy_arena *a, struct xy_approval **out, size_t *n, int *has_more,
                          struct xy_err *err);

/* Decide case id: decision "approve" or "reject" (reason required, at most
 * XY_APPROVAL_REASON_MAX_CHARS characters, no ID number: it is sent to the submitter).
 * XY_DENIED (须由另一名工作人员审核) for the submitter and the operator, XY_DENIED for anyone
 * without list.approve, XY_NOT_FOUND for a case that is no list addition, XY_CONFLICT once
 * decided. out (may be NULL): the addition after the decision. */
xy_code xy_approval_decide(struct xy_ctx *ctx, int64_t id, const char *decision, const char *reason,
                           struct xy_arena *a, struct xy_approval *out, struct xy_err *err);

#endif
