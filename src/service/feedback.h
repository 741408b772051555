/* feedback.h - what a department did about the subjects of its check, and the key figures of
 * the closed loop (layer: service)
 *
 * The second half of the 触发—响应—反馈 loop of DOMAIN.md §5: after a check
 * (service/checks.h) the department reports, per hit, whether it applied a measure the check
 * gave, with the result, the money involved, the legal basis it relied on and the day it acted.
 * Feedback is append only: a later row about the same subject, record and measure supersedes an
 * earlier one in every view and figure. The key figures count checks, subjects checked,
 * subjects with hits, hit subjects with feedback, measures taken and not, and the money, per
 * department and scenario; a department sees its own, the credit office every department's and
 * the totals.
 */
#ifndef XY_SERVICE_FEEDBACK_H
#define XY_SERVICE_FEEDBACK_H

#include "service/ctx.h"

#define XY_FEEDBACK_RESULT_MAX_CHARS 500
#define XY_FEEDBACK_BASIS_MAX_CHARS  300
#define XY_FEEDBACK_MAX_FEN          100000000000000LL /* 10^12 yuan */
#define XY_FIGURES_MAX_DAYS          3660              /* a period of ten years at most */

/* One feedback as the department gives it; text members are as received (NULL: absent). */
struct xy_feedback_in {
    long subject_no;    /* the subject's place in the check; -1: absent */
    const char *record; /* public id of the hit; NULL: the subject as a whole */
    long measure;       /* the measure's 序号; 0: none (null) */
    int taken;          /* 1, 0; -1: absent */
    const char *result, *amount, *basis, *acted_on;
};

/* ---- validation, exported for the unit tests ---- */
/* An amount of money in yuan ("1234.56", at most 2 decimals, 0 to 10^12) into fen.
 * XY_INVALID (err->field "amount") naming the value otherwise. */
xy_code xy_feedback_amount(const char *s, int64_t *fen, struct xy_err *err);
/* acted_on: "YYYY-MM-DD", a real date, not before check_day and not after today (days since
 * the epoch, UTC+8). XY_INVALID (err->field "acted_on") otherwise. */
xy_code xy_feedback_date(const char *s, int check_day, int today, struct xy_err *err);
/* The members that do not depend on the check's hits: taken, result, basis, amount, acted_on.
 * *fen: the amount in fen, -1 when none. */
xy_code xy_feedback_validate(const struct xy_feedback_in *in, int check_day, int today,
                             int64_t *fen, struct xy_err *err);

/* One stored feedback as shown. */
struct xy_feedback_view {
    struct xy_feedback f;
    char record[17];            /* public id of the hit; "" for the subject as a whole */
    const struct xy_measure *m; /* the measure, or NULL (none, or no longer catalogued) */
    int current;                /* no later row about the same subject, record, measure */
};

/* Give feedback on check check_id (CHECK; the department that asked, or the operator; another
 * department's check is XY_NOT_FOUND like a missing one). XY_INVALID with err->field
 * (subject_no, record, measure, taken, result, amount, basis, acted_on) for bad input, a
 * record that is no hit of the subject, or a measure the check did not give. Stored with its
 * audit row (check.feedback) in one transaction; *out from a. */
xy_code xy_feedback_give(struct xy_ctx *ctx, int64_t check_id, const struct xy_feedback_in *in,
                         struct xy_arena *a, struct xy_feedback_view *out, struct xy_err *err);
/* The feedback of a check, oldest first, for who may see the check; the read is audited
 * (check.feedback.read). */
xy_code xy_feedback_list(struct xy_ctx *ctx, int64_t check_id, struct xy_arena *a,
                         struct xy_feedback_view **out, size_t *n, struct xy_err *err);

/* ---- the key figures ---- */
struct xy_figures {
    int from, to; /* the period, days since the epoch (UTC+8), both included */
    int all;      /* every department (the credit office); else the caller's own */
    struct xy_figure_row *rows;
    size_t n;
    struct xy_figure_row total; /* of every row; dept_id -1 */
};
/* The figures of the checks made from `from` to `to` ("YYYY-MM-DD", both included; NULL: the
 * 30 days up to today). CHECK sees its own department; STATS_READ (the credit office, the
 * operator) every department and the totals. XY_INVALID (err->field "from" or "to") for a bad
 * date, a period that ends before it starts or is longer than XY_FIGURES_MAX_DAYS. */
xy_code xy_figures_get(struct xy_ctx *ctx, const char *from, const char *to, struct xy_arena *a,
                       struct xy_figures *out, struct xy_err *err);

/* Feedback rate in per mille (fed * 1000 / hit, rounded), -1 when there is no hit. */
int xy_figures_rate_permille(const struct xy_figure_row *r);

#endif
