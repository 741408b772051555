/* ingest_csv.c - CSV records from numbered lines, with libcsv (layer: service)
 *
 * libcsv parses RFC 4180; we feed it one line at a time so that every record knows the line
 * it starts on. A quote that is never closed would swallow the rest of the file: once a
 * record grows past the line limit, or the file ends inside it, the record is reported at its
 * first line and the lines after that first line are read again as records of their own.
 */
#include "service/reader.h"

#include <csv.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

struct csv_state {
    struct csv_parser p;
    const struct xy_reader_sink *sink;
    struct xy_buf rec;    /* raw text of the record being parsed */
    long rec_line;        /* its first line, 0 when between records */
    struct xy_buf fields; /* the record's fields, each NUL-terminated */
    size_t off[XY_READER_MAX_COLS + 1], lens[XY_READER_MAX_COLS + 1];
    size_t ncols;
    int too_many_cols;
    int row_done;
    xy_code rc;
    struct xy_err *err;
};

static void on_field(void *data, size_t len, void *ctx)
{
    struct csv_state *st = ctx;

    if (st->ncols == XY_READER_MAX_COLS) {
        st->too_many_cols = 1;
        return;
    }
    st->off[st->ncols] = st->fields.len;
    st->lens[st->ncols] = len;
    /* the field is capped by the record cap already; keep it whole, the sink judges size */
    xy_buf_add(&st->fields, data ? data : "", data ? len : 0);
    xy_buf_addc(&st->fields, '\0');
    st->ncols++;
}

static void on_row(int c, void *ctx)
{
    struct csv_state *st = ctx;
    const char *cols[XY_READER_MAX_COLS];
    (void)c;

    if (st->rc != XY_OK)
        goto done;
    if (st->too_many_cols) {
        char zh[160];
        snprintf(zh, sizeof(zh), "该行超过%d列，已拒收", XY_READER_MAX_COLS);
        st->sink->issue(st->sink->ctx, st->rec_line, "row.too_many_columns", zh);
        goto done;
    }
    for (size_t i = 0; i < st->ncols; i++)
        cols[i] = st->fields.data + st->off[i];
    st->rc =
        st->sink->record(st->sink->ctx, st->rec_line, NULL, cols, st->lens, st->ncols, st->err);
done:
    xy_buf_reset(&st->fields);
    st->ncols = 0;
    st->too_many_cols = 0;
    st->row_done = 1;
}

static void restart(struct csv_state *st)
{
    csv_free(&st->p);
    csv_init(&st->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    xy_buf_reset(&st->fields);
    st->ncols = 0;
    st->too_many_cols = 0;
}

/* The record starting at rec_line is broken: report it, read its later lines again. */
static void abandon(struct csv_state *st, struct xy_lines *in, const char *id, const char *zh)
{
    const char *nl = memchr(st->rec.data, '\n', st->rec.len);

    st->sink->issue(st->sink->ctx, st->rec_line, id, zh);
    if (nl && (size_t)(nl - st->rec.data) + 1 < st->rec.len) {
        size_t first = (size_t)(nl - st->rec.data) + 1;
        xy_lines_unread(in, st->rec.data + first, st->rec.len - first, st->rec_line + 1);
    }
    restart(st);
    xy_buf_reset(&st->rec);
    st->rec_line = 0;
}

static int blank(const char *s, size_t n)
{
    return (n == 1 && s[0] == '\n') || (n == 2 && s[0] == '\r' && s[1] == '\n');
}

xy_code xy_csv_read(struct xy_lines *in, const struct xy_reader_sink *sink, struct xy_err *err)
{
    struct csv_state *st = xy_calloc(1, sizeof(*st));
    const char *line;
    size_t len;
    long lineno;
    int r;
    char zh[200];
    xy_code rc;

    st->sink = sink;
    st->err = err;
    csv_init(&st->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    for (;;) {
        r = xy_lines_next(in, &line, &len, &lineno);
        if (r == 0) {
            if (st->rec_line == 0)
                break;
            /* end of file inside a quoted field */
            snprintf(zh, sizeof(zh),
                     "第%ld行起的引号未闭合，直到文件结束；该记录已拒收，其后各行已重新读取",
                     st->rec_line);
            abandon(st, in, "csv.unterminated_quote", zh);
            continue;
        }
        if (r < 0) {
            if (st->rec_line == 0) {
                snprintf(zh, sizeof(zh), "该行长度%zu字节，超过上限%zu字节，已拒收", len,
                         in->max_line);
                sink->issue(sink->ctx, lineno, "line.too_long", zh);
            } else {
                /* the long line inside an open quote: give up on the record and on this line */
                snprintf(zh, sizeof(zh), "第%ld行起的引号未闭合（或记录超过%zu字节），该记录已拒收",
                         st->rec_line, in->max_line);
                abandon(st, in, "csv.unterminated_quote", zh);
                snprintf(zh, sizeof(zh), "该行长度%zu字节，超过上限%zu字节，已拒收", len,
                         in->max_line);
                sink->issue(sink->ctx, lineno, "line.too_long", zh);
            }
            continue;
        }
        if (st->rec_line == 0) {
            if (blank(line, len))
                continue;
            st->rec_line = lineno;
        }
        /* the same cap as the line splitter's: max_line bytes of text, then the newline */
        if (st->rec.len + len > in->max_line + 1) {
            snprintf(zh, sizeof(zh),
                     "第%ld行起的引号未闭合（或记录超过%zu字节），该记录已拒收，其后各行已重新读取",
                     st->rec_line, in->max_line);
            xy_buf_add(&st->rec, line, len);
            abandon(st, in, "csv.unterminated_quote", zh);
            continue;
        }
        xy_buf_add(&st->rec, line, len);
        st->row_done = 0;
        if (csv_parse(&st->p, line, len, on_field, on_row, st) != len) {
            snprintf(zh, sizeof(zh),
                     "引号使用不规范（字段内的引号应写作两个引号 \"\"），该记录已拒收");
            abandon(st, in, "csv.malformed_quote", zh);
            continue;
        }
        if (st->rc != XY_OK)
            break;
        if (st->row_done) {
            xy_buf_reset(&st->rec);
            st->rec_line = 0;
        }
    }
    rc = st->rc;
    csv_free(&st->p);
    xy_buf_release(&st->rec);
    xy_buf_release(&st->fields);
    free(st);
    return rc;
}
