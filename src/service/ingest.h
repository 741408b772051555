/* ingest.h - bulk ingestion of a department's file (归集) (layer: service)
 *
 * Every row is validated against the catalogue item; every rejected row lands in the error
 * report (CSV: file, line, field, value, level, code, message) and every valid row is stored.
 * Rows are written in batches, one transaction each (wholly stored or wholly absent), by a
 * writer thread while the calling thread reads and validates the next batch. Resubmitting a
 * file adds nothing; a changed row becomes a new version of its decision.
 */
#ifndef XY_SERVICE_INGEST_H
#define XY_SERVICE_INGEST_H

#include <stdint.h>

#include "service/ctx.h"
#include "service/decode.h"

struct xy_ingest_progress {
    long rows;
    uint64_t bytes, total_bytes;
    double elapsed_s;
    int search_not_optimized; /* the name indexes could not be merged: searches are slower */
};

struct xy_ingest_opts {
    const char *dept; /* submitting department's 统一社会信用代码 */
    const char *item; /* catalogue item id */
    const char *path;
    enum xy_encoding encoding;
    const char *format;       /* "csv", "jsonl", or NULL to decide by the file name */
    const char *report_path;  /* NULL: "<path>.errors.csv" */
    const char *display_name; /* the file's name in reports and lists (NULL: path's base name) */
    int64_t submission_id;    /* a queued submission to store (batches.c), or 0: a new one */
    void (*progress)(void *pctx, const struct xy_ingest_progress *p);
    void *progress_ctx;
};

struct xy_ingest_result {
    struct xy_counts c; /* rows, accepted, rejected, warnings, new_*, unchanged */
    long duplicates;    /* rows rejected as repeats of an earlier row of the file */
    long issues;        /* lines in the error report */
    char report[4096];  /* error report path, "" when the file was clean */
    enum xy_encoding encoding;
    int64_t submission_id;
    const char *file_error; /* stable id when the file as a whole was refused, else NULL */
    double elapsed_s;
    int search_not_optimized; /* the name indexes could not be merged: searches are slower */
};

/* XY_OK when the file was read through (rows may still have been rejected: see res->c).
 * ctx->who must hold BATCH_SUBMIT for the department (xy_authz_submit); every stored batch is
 * audited in its own transaction.
 * A file refused as a whole (unknown department, item not assigned to it, empty, too large,
 * header only) returns the error and sets res->file_error; nothing is stored then. */
xy_code xy_ingest_file(struct xy_ctx *ctx, const struct xy_ingest_opts *o,
                       struct xy_ingest_result *res, struct xy_err *err);

#endif
