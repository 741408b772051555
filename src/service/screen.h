/* screen.h - batch screening: a department's table of up to 100,000 subjects checked against
 * the red, black and watch lists as one job (layer: service)
 *
 * A department uploads a CSV or xlsx (service/sheet.h) with a scenario; the upload is spooled
 * (mode 0600) into the job folder next to the database and queued; the server's worker (the
 * thread that stores department batches) runs the oldest job through the batch check API
 * (service/checks.h), so every subject is checked exactly as POST /api/v1/checks would, and
 * the whole file is one check of kind "batch". Memory stays bounded whatever the size: rows
 * are read one at a time, checked rows are written out every XY_SCREEN_FLUSH_ROWS, and the
 * results and the error report are written as files while the job runs. Those files name
 * subjects and quote rejected values, so they are kept only sealed (SM4 + HMAC-SM3, in
 * chunks, under the keyring's file key) and opened for a download into an unlinked temporary
 * file. A department sees only its own jobs: another's answers like a missing one.
 * docs/screening.md says what the clerk sends and gets back.
 */
#ifndef XY_SERVICE_SCREEN_H
#define XY_SERVICE_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "service/ctx.h"

#define XY_SCREEN_MAX_ROWS   100000 /* data rows of one file; the rest is not read */
#define XY_SCREEN_FLUSH_ROWS 2000   /* rows checked between two writes (and progress updates) */

struct xy_screen_upload {
    const char *scenario;  /* a code of measures/scenarios.ini */
    const char *file_name; /* as the department names it (shown in lists), or NULL */
    const char *format;    /* "csv", "xlsx", or NULL: by the file name */
    const char *body;
    size_t len;
};

/* Check the scenario, format and size, spool and queue the table, audited (screen.submit) in
 * the same transaction. Needs CHECK and a department (the operator runs jobs with the CLI).
 * XY_INVALID with err->field ("scenario", "format", "file") for bad input, XY_TOO_LARGE over
 * screen.max_bytes. *id: the job's id. */
xy_code xy_screen_submit(struct xy_ctx *ctx, const struct xy_screen_upload *in, int64_t *id,
                         struct xy_err *err);
/* The caller's department's jobs, newest first (the operator: every job). */
xy_code xy_screen_list(struct xy_ctx *ctx, int64_t before_id, size_t limit, struct xy_arena *a,
                       struct xy_screen_job **out, size_t *n, struct xy_err *err);
/* One job; XY_NOT_FOUND also when it belongs to another department. */
xy_code xy_screen_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_screen_job *out,
                      struct xy_err *err);

enum xy_screen_file {
    XY_SCREEN_RESULTS_CSV = 0, /* 行号, 代码, 名称, 结果, 名单, ... one line per hit */
    XY_SCREEN_RESULTS_XLSX,    /* the same table as an Excel workbook */
    XY_SCREEN_ERRORS,          /* 行号, 列, 值, 问题: the rows that were not checked */
};
/* A job's results or error report, opened for reading into *fd (an unlinked temporary file at
 * its start; the caller closes it) with the name a download should carry in *name (from a).
 * Audited (screen.results.read, screen.errors.read). XY_CONFLICT while the job is queued or
 * running, and for the results of a job that failed; XY_NOT_FOUND as xy_screen_get. */
xy_code xy_screen_open(struct xy_ctx *ctx, int64_t id, enum xy_screen_file what, struct xy_arena *a,
                       int *fd, const char **name, struct xy_err *err);

/* For the worker, at start: jobs left running by a crash go back to the queue; the partial
 * check of each is closed as failed (the job starts a new one). *n: how many. */
xy_code xy_screen_recover(struct xy_ctx *ctx, int64_t *n, struct xy_err *err);
/* Run the oldest queued job, if any (*ran = 1, *id its id). A job that fails for its file's
 * sake (no code or name column, not a table) is marked failed with the reason and XY_OK comes
 * back; storage errors come back as such (the job says to call the credit office). */
xy_code xy_screen_run_next(struct xy_ctx *ctx, int64_t *id, int *ran, struct xy_err *err);

/* Progress of a job run in the foreground: rows read so far of rows_total. */
typedef void (*xy_screen_progress_fn)(void *arg, const struct xy_screen_job *job);
/* `xinyong screen run`: the same job, run now by the operator on the file at path (read where
 * it is, not spooled). *out: the job as it ended (its strings from a). XY_OK also for a job
 * that failed for its file's sake (out->state says so, out->error why). */
xy_code xy_screen_run_file(struct xy_ctx *ctx, const char *scenario, const char *path,
                           const char *format, xy_screen_progress_fn progress, void *arg,
                           struct xy_arena *a, struct xy_screen_job *out, struct xy_err *err);

#endif
