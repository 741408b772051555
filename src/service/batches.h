/* batches.h - department batches over HTTP, their error reports and assessment figures
 * (layer: service)
 *
 * A department posts the same file it would give `xinyong ingest`; the upload is spooled
 * (mode 0600) and queued, and the server's batch worker stores it with xy_ingest_file, so the
 * HTTP path and the CLI validate and store identically. The error report is kept sealed with
 * the data key (it quotes the rejected values, which may be ID numbers) and the upload is
 * deleted once stored. A department sees only its own batches; the credit office sees all.
 */
#ifndef XY_SERVICE_BATCHES_H
#define XY_SERVICE_BATCHES_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "service/ctx.h"

struct xy_batch_upload {
    const char *item;      /* catalogue item id */
    const char *file_name; /* as the department names it (shown in lists), or NULL */
    const char *format;    /* "csv", "jsonl", or NULL: by file name, else csv */
    const char *encoding;  /* "auto", "utf-8", "gb18030", or NULL (auto) */
    const char *body;
    size_t len;
};

/* Check the submitter's department and item (一数一源, token scope), spool and queue the file,
 * audited in the same transaction. *id: the batch id. */
xy_code xy_batch_submit(struct xy_ctx *ctx, const struct xy_batch_upload *in, int64_t *id,
                        struct xy_err *err);
/* The caller's department's batches (the credit office: every department's), newest first. */
xy_code xy_batch_list(struct xy_ctx *ctx, int64_t before_id, size_t limit, struct xy_arena *a,
                      struct xy_batch_row **out, size_t *n, struct xy_err *err);
/* One batch; XY_NOT_FOUND also when it belongs to another department (no hint that it
 * exists). */
xy_code xy_batch_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_batch_row *out,
                     struct xy_err *err);
/* The batch's error report (CSV: file, line, field, value, level, code, message), opened from
 * its sealed copy; *len 0 when the batch had no issue. Reading it is audited. */
xy_code xy_batch_report(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, const char **csv,
                        size_t *len, struct xy_err *err);

/* For the batch worker: put batches interrupted by a crash back in the queue. */
xy_code xy_batch_recover(struct xy_ctx *ctx, int64_t *n, struct xy_err *err);
/* Store the oldest queued batch, if any (*ran = 1, *id its id). */
xy_code xy_batch_run_next(struct xy_ctx *ctx, int64_t *id, int *ran, struct xy_err *err);

/* 考核 figures of one department: volume, rejected share, share of records received within
 * 7 working days of their decision. */
struct xy_assessment {
    int64_t dept_id;
    const char *uscc, *name;
    int64_t batches, rows, accepted, rejected;
    double rejected_share; /* of rows; 0 when no rows */
    int64_t records;       /* first versions stored (the statistics counters) */
    int64_t timely;        /* of those, received within 7 working days of the decision */
    int64_t untimed;       /* no usable decision date, or a year without a calendar file */
    double timely_share;   /* timely / (records - untimed); -1 when nothing could be timed */
};
#define XY_TIMELY_WORKDAYS 7
/* The caller's department, or every department for the credit office (dept_id 0) or one. */
xy_code xy_assessment_get(struct xy_ctx *ctx, int64_t dept_id, struct xy_arena *a,
                          struct xy_assessment **out, size_t *n, struct xy_err *err);

#endif
