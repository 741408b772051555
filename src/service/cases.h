/* cases.h - objections (异议), credit repair (信用修复) and court removals as cases with
 * working-day clocks (layer: service)
 *
 * The rules are domain/remedy.h's state machines; this module stores cases, checks who acts,
 * computes every deadline through the calendar (ctx->cal), writes each step, its audit row and
 * the notifications in one transaction, and writes a corrected record as a new version (the old
 * one kept). Who may act:
 *  - filer: the subject's own verified account (REMEDY_FILE and principal.subject_id equal to
 *    the record's subject);
 *  - reviewer: REVIEW (the credit office's reviewers);
 *  - department: REMEDY_DEPT with principal.dept_id equal to the record's department;
 *  - the operator (CLI) acts as reviewer or department, never as filer.
 * Messages are Chinese for the reader; err->field names the input at fault.
 */
#ifndef XY_SERVICE_CASES_H
#define XY_SERVICE_CASES_H

#include "domain/remedy.h"
#include "service/ctx.h"
#include "service/public.h"

/* The published 信用承诺书 a repair applicant signs (id stored with the case, text shown on the
 * portal before signing). */
#define XY_COMMITMENT_ID "2026-1"
const char *xy_commitment_text(void);

#define XY_STATEMENT_MAX_CHARS 2000
#define XY_REASONS_MAX_CHARS   2000

enum xy_case_kind { XY_CASE_OBJECTION = 0, XY_CASE_REPAIR, XY_CASE_REMOVAL, XY_CASE_KIND_COUNT };
const char *xy_case_kind_id(enum xy_case_kind k);    /* "objection" */
const char *xy_case_kind_label(enum xy_case_kind k); /* "异议" */

/* A case as the caller may see it. */
struct xy_case_view {
    struct xy_case c;
    const char *kind_label, *state_label, *ground_label; /* Chinese; ground NULL for repairs */
    char record[17];        /* public id of the record version the case is about */
    char result_record[17]; /* objection corrected: public id of the new version, else "" */
    char filed[11];         /* YYYY-MM-DD */
    char due[11];           /* last day for the next step, "" when none */
    int overdue;            /* the due day has passed without the step */
    int overdue_days; /* calendar days since the due day when overdue, else 0 (the server's today,
                       * so a browser with another clock still agrees) */
    const char *waiting_for;  /* actor id of who must act next, NULL when final */
    struct xy_pub_record rec; /* the record (latest version), as the caller may see it */
    struct xy_case_step *steps;
    size_t nsteps;
    struct xy_evidence *evidence;
    size_t nevidence;
    const char **events; /* event ids the caller may fire now */
    size_t nevents;
};

/* A correction a reviewer or department makes to the record (objection `correct`). */
struct xy_correction {
    const char **codes, **values; /* field code -> new value ("" clears) */
    size_t n;
    int unpublish; /* the record should not be public (duplicate, 不应公示, 超期公示) */
};

/* File an objection to the record with public id record (any version; the latest is meant).
 * ground: domain ground id; statement 1..XY_STATEMENT_MAX_CHARS characters. One open objection
 * per record and filer (XY_CONFLICT otherwise). *id: the new case. */
xy_code xy_case_object(struct xy_ctx *ctx, const char *record, const char *ground,
                       const char *statement, int64_t *id, struct xy_err *err);

/* Apply for credit repair of a penalty record. statement: how the duty was fulfilled (the proof
 * follows as evidence); commitment must be XY_COMMITMENT_ID (the applicant signed that text).
 * XY_CONFLICT when the record already has an application that was not withdrawn ("one
 * application per penalty record"); XY_INVALID naming the first possible day before the minimum
 * period ends, or saying no application is needed past the maximum; XY_INVALID for an item
 * without repair. */
xy_code xy_case_apply_repair(struct xy_ctx *ctx, const char *record, const char *statement,
                             const char *commitment, int64_t *id, struct xy_err *err);

/* A court (REMEDY_DEPT of the record's department) reports that a 失信被执行人 performed:
 * the entry leaves public view at once and the case records the 3-working-day deadline it met.
 * XY_INVALID for a record that is not a court entry. */
xy_code xy_case_report_performed(struct xy_ctx *ctx, const char *record, const char *statement,
                                 int64_t *id, struct xy_err *err);

/* Fire event (domain event id) on case id as the caller. reasons: required where the rule says
 * so; corr: only with `correct` (NULL otherwise). XY_CONFLICT / XY_DENIED as the domain says. */
xy_code xy_case_step(struct xy_ctx *ctx, int64_t id, const char *event, const char *reasons,
                     const struct xy_correction *corr, struct xy_err *err);

/* One case with its history, evidence and the record; XY_NOT_FOUND also when the caller may
 * not see it (a case of someone else's record looks like no case). Reading a case is audited
 * for staff (it holds non-public statements). */
xy_code xy_case_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_case_view *out,
                    struct xy_err *err);

/* The queues. queue: "mine" (the subject's own cases), "review" (REVIEW: every case),
 * "dept" (REMEDY_DEPT: cases of the department's records). f narrows (its subject, dept and
 * filer fields are set from the queue). Views carry no steps, evidence or record fields. */
xy_code xy_case_list(struct xy_ctx *ctx, const char *queue, const struct xy_case_filter *f,
                     struct xy_arena *a, struct xy_case_view **out, size_t *n, struct xy_err *err);
/* Counts by kind and state for a queue, with overdue counts (the dashboard). */
xy_code xy_case_counts(struct xy_ctx *ctx, const char *queue, struct xy_arena *a,
                       struct xy_case_count **out, size_t *n, struct xy_err *err);

/* Add an evidence file to case id (filer while the case is open; reviewer or department).
 * mime must be application/pdf, image/jpeg or image/png and match the bytes' signature; len
 * at most remedy.evidence_max_bytes; at most remedy.evidence_max_files per case. Stored under
 * remedy.evidence_dir by SHA-256 (0600). *sha: hex of the content. */
xy_code xy_case_evidence_add(struct xy_ctx *ctx, int64_t id, const char *name, const char *mime,
                             const void *data, size_t len, char sha[65], struct xy_err *err);
/* The bytes of one evidence file of case id (same readers as xy_case_get; audited). */
xy_code xy_case_evidence_get(struct xy_ctx *ctx, int64_t id, const char *sha, struct xy_arena *a,
                             struct xy_evidence *ev, void **data, size_t *len, struct xy_err *err);

/* The caller's notifications (newest first) and unread count; mark read up to upto (0: all). */
xy_code xy_notices(struct xy_ctx *ctx, int unread_only, struct xy_arena *a, struct xy_notice **out,
                   size_t *n, int64_t *unread, struct xy_err *err);
xy_code xy_notices_read(struct xy_ctx *ctx, int64_t upto, struct xy_err *err);

/* One version of a record as the public history shows it. */
struct xy_record_version {
    int version;
    char received[11];    /* YYYY-MM-DD */
    const char *source;   /* "部门报送" or "异议更正（案件 N）" */
    const char **changed; /* names of the fields this version changed (none for the first) */
    size_t nchanged;
};
/* The history of a public record (public id of any version): XY_NOT_FOUND when the record is
 * not public now. Field names only: values of old versions are not republished. */
xy_code xy_record_history(struct xy_ctx *ctx, const char *record, struct xy_arena *a,
                          struct xy_record_version **out, size_t *n, struct xy_err *err);

/* ---- pure helpers (exported for the unit tests) ---- */

/* 1 when mime is a type evidence may have: application/pdf, image/jpeg, image/png. */
int xy_evidence_type_known(const char *mime);
/* 1 when the first bytes of data are the signature of mime (%PDF-, FF D8 FF, the PNG
 * signature); 0 for any other type or bytes. */
int xy_evidence_type_matches(const char *mime, const void *data, size_t len);
/* XY_OK when name may be an evidence file's name: 1..200 bytes of UTF-8, no '/', '\\' or
 * control characters; XY_INVALID (field "name") otherwise. */
xy_code xy_evidence_name_check(const char *name, struct xy_err *err);
/* The Chinese names of the fields of item whose values differ between two versions of a
 * record (empty and absent are the same), in catalogue order; *names from a. */
size_t xy_record_changes(const struct xy_item *item, const struct xy_record *before,
                         const struct xy_record *after, struct xy_arena *a, const char ***names);

#endif
