/* reader.h - the file readers of ingestion: CSV (libcsv) and JSON Lines (jansson)
 * (layer: service)
 *
 * A reader turns a decoded file into records and hands each to the sink with the number of
 * the line it starts on. Problems that belong to the file rather than to a field (a line too
 * long, an unterminated quote, malformed JSON) go to the sink's issue callback with their line,
 * and reading goes on with the next record: nothing valid after a bad line is lost. A value's
 * size is the sink's to judge (it gets each length); the line cap bounds what a reader holds.
 */
#ifndef XY_SERVICE_READER_H
#define XY_SERVICE_READER_H

#include <stddef.h>

#include "base/err.h"
#include "service/lines.h"

struct xy_reader_sink {
    void *ctx;
    /* One record. CSV: keys is NULL and cols are positional (the first record is the header).
     * JSON Lines: keys[i] names cols[i]. Returning an error stops the read. */
    xy_code (*record)(void *ctx, long line, const char *const *keys, const char *const *cols,
                      const size_t *lens, size_t n, struct xy_err *err);
    /* A problem with the text itself; zh is for the clerk, id a stable code. */
    void (*issue)(void *ctx, long line, const char *id, const char *zh);
};

#define XY_READER_MAX_COLS 256

xy_code xy_csv_read(struct xy_lines *in, const struct xy_reader_sink *sink, struct xy_err *err);
xy_code xy_jsonl_read(struct xy_lines *in, const struct xy_reader_sink *sink, struct xy_err *err);

#endif
