/* ingest.c - bulk ingestion of a department's file (layer: service)
 *
 * Two threads: this one reads and validates rows into a batch; a writer thread stores the
 * previous batch in one transaction. With two batches in flight the parser and SQLite each
 * keep one core busy (the machine this targets has two).
 */
#include "service/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/hmap.h"
#include "base/time.h"
#include "domain/record.h"
#include "service/approvals.h"
#include "service/audit.h"
#include "service/lines.h"
#include "service/reader.h"
#include "service/stats.h"

struct batch {
    struct xy_arena *arena; /* what the rows keep until stored: subject, key, encoded values */
    struct xy_row *rows;
    struct xy_record_in *recs;
    struct xy_put_result *results;
    size_t n, cap;
    long first_line, last_line;
    struct xy_counts c; /* rows, rejected, warnings: counted while validating */
    int busy;           /* handed to the writer and not yet done */
};

struct report {
    pthread_mutex_t mu;
    FILE *f;
    const char *path;
    const char *file; /* base name shown in the report */
    long lines;
    int failed;
};

struct job {
    struct xy_ctx *ctx;
    const struct xy_ingest_opts *o;
    const struct xy_item *item;
    struct xy_dept dept;
    struct xy_ingest_result *res;
    struct xy_validate_opts vopts;
    struct xy_hmap *allow;
    struct report rep;
    size_t max_field;
    size_t batch_rows;

    /* header mapping (CSV) */
    int have_header;
    size_t ncols;
    int *colmap;                  /* column -> field index, -1 unknown */
    const char *unknown_keys[32]; /* JSON Lines keys already reported */
    size_t nunknown;

    /* pipeline */
    struct batch b[2];
    int cur;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct batch *queued;
    int closing;
    xy_code wrc;
    struct xy_err werr;
    struct xy_counts total; /* written by the writer */
    long duplicates;

    /* progress */
    struct xy_decoder *dec;
    long rows_read;           /* by this thread, for the progress bar */
    struct xy_arena *scratch; /* one row's raw and normalised values, reset for every row */
    double t0, last_progress;
};

/* ---- error report ------------------------------------------------------------------------ */

static void csv_cell(FILE *f, const char *s)
{
    int quote, guard;

    if (!s)
        s = "";
    quote = strpbrk(s, ",\"\r\n") != NULL;
    /* a submitted value that Excel would run as a formula (=, +, -, @) is shown as text:
     * the report is opened by clerks, the values come from outside (OWASP CSV injection) */
    guard = s[0] && strchr("=+-@\t\r", s[0]);
    if (quote)
        fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    if (quote)
        fputc('"', f);
}

/* One line of the report. field may be a code, a header text or NULL. */
static void report_add(struct report *r, long line, const char *field, const char *field_zh,
                       const char *value, int error, const char *id, const char *zh)
{
    char num[24];

    pthread_mutex_lock(&r->mu);
    if (!r->f && !r->failed) {
        /* 0600: the report quotes the rejected values, ID numbers among them */
        int fd = open(r->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        r->f = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (fd >= 0 && !r->f)
            close(fd);
        if (!r->f) {
            r->failed = 1;
            fprintf(stderr, "xinyong: cannot write the error report \"%s\": %s\n", r->path,
                    strerror(errno));
        } else {
            /* BOM so that Excel opens the Chinese text correctly */
            fputs("\xEF\xBB\xBF文件,行号,字段代码,字段名称,提交的值,级别,错误代码,说明\n", r->f);
        }
    }
    if (r->f) {
        csv_cell(r->f, r->file);
        snprintf(num, sizeof(num), ",%ld,", line);
        fputs(num, r->f);
        csv_cell(r->f, field);
        fputc(',', r->f);
        csv_cell(r->f, field_zh);
        fputc(',', r->f);
        csv_cell(r->f, value);
        fputs(error ? ",错误," : ",警告,", r->f);
        csv_cell(r->f, id);
        fputc(',', r->f);
        csv_cell(r->f, zh);
        fputc('\n', r->f);
    }
    r->lines++;
    pthread_mutex_unlock(&r->mu);
}

static void report_row(struct job *j, long line, const struct xy_row *row)
{
    for (size_t i = 0; i < row->nissues; i++) {
        const struct xy_row_issue *is = &row->issues[i];
        const struct xy_field *f = is->field >= 0 ? &j->item->fields[is->field] : NULL;
        report_add(&j->rep, line, f ? f->code : NULL, f ? f->name : NULL, is->value,
                   is->level == XY_CHECK_ERROR, is->id, is->zh);
    }
    if (row->nerrors + row->nwarnings > row->nissues)
        report_add(&j->rep, line, NULL, NULL, NULL, row->nerrors > 0, "row.more_issues",
                   "该行还有更多问题未逐一列出，请先更正以上各项");
}

/* ---- writer thread ----------------------------------------------------------------------- */

static xy_code write_batch(struct job *j, struct batch *b, struct xy_err *err)
{
    struct xy_store *s = j->ctx->store;
    struct xy_counts c = b->c;
    int64_t batch_id, held = 0;
    xy_code rc;

    if ((rc = xy_store_begin(s, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_batch_put(s, j->res->submission_id, b->first_line, b->last_line, &batch_id,
                                 err)) != XY_OK)
        goto fail;
    if (b->n && (rc = xy_store_records_put(s, j->dept.id, j->res->submission_id, batch_id, b->recs,
                                           b->n, b->results, err)) != XY_OK)
        goto fail;
    /* the timeliness counters of the statistics move with the records (stats.h) */
    if (b->n &&
        (rc = xy_stats_count_put(j->ctx, j->dept.id, b->recs, b->results, b->n, err)) != XY_OK)
        goto fail;
    /* black-list additions wait for a second person, held in this transaction (approvals.h) */
    if (b->n && (rc = xy_approvals_hold_batch(j->ctx, j->item, batch_id, &held, err)) != XY_OK)
        goto fail;
    for (size_t i = 0; i < b->n; i++) {
        const struct xy_put_result *r = &b->results[i];
        switch (r->outcome) {
        case XY_PUT_NEW:
            c.new_records++;
            c.accepted++;
            break;
        case XY_PUT_VERSION:
            c.new_versions++;
            c.accepted++;
            break;
        case XY_PUT_UNCHANGED:
            c.unchanged++;
            c.accepted++;
            break;
        case XY_PUT_DUPLICATE:
            c.rejected++;
            break;
        }
        c.new_subjects += r->new_subject;
    }
    if ((rc = xy_store_batch_finish(s, batch_id, &c, err)) != XY_OK)
        goto fail;
    {
        char target[48], detail[160];
        snprintf(target, sizeof(target), "submission:%lld", (long long)j->res->submission_id);
        snprintf(detail, sizeof(detail),
                 "item=%s lines=%ld-%ld new=%lld versions=%lld unchanged=%lld rejected=%lld",
                 j->item->id, b->first_line, b->last_line, (long long)c.new_records,
                 (long long)c.new_versions, (long long)c.unchanged, (long long)c.rejected);
        if ((rc = xy_audit_append(
                 j->ctx,
                 &(struct xy_audit_event){
                     .action = "records.put", .target = target, .result = "ok", .detail = detail},
                 err)) != XY_OK)
            goto fail;
    }
    if ((rc = xy_store_commit(s, err)) != XY_OK)
        goto fail;
    /* only after the commit: what the report says happened, happened */
    for (size_t i = 0; i < b->n; i++) {
        const struct xy_put_result *r = &b->results[i];
        if (r->outcome == XY_PUT_DUPLICATE) {
            char zh[200];
            int kf = -1;
            for (size_t k = 0; k < j->item->nfields && kf < 0; k++)
                if (j->item->fields[k].key_part)
                    kf = (int)k;
            snprintf(zh, sizeof(zh), "与第%ld行重复（%s相同），重复的行未入库", r->dup_line,
                     kf >= 0 ? j->item->fields[kf].name : "文书号");
            report_add(&j->rep, b->recs[i].line, kf >= 0 ? j->item->fields[kf].code : NULL,
                       kf >= 0 ? j->item->fields[kf].name : NULL, b->recs[i].row->key, 1,
                       "row.duplicate", zh);
            j->duplicates++;
        }
    }
    j->total.rows += c.rows;
    j->total.accepted += c.accepted;
    j->total.rejected += c.rejected;
    j->total.warnings += c.warnings;
    j->total.new_records += c.new_records;
    j->total.new_versions += c.new_versions;
    j->total.unchanged += c.unchanged;
    j->total.new_subjects += c.new_subjects;
    return XY_OK;
fail:
    xy_store_rollback(s);
    return rc;
}

static void *writer_main(void *arg)
{
    struct job *j = arg;

    pthread_mutex_lock(&j->mu);
    for (;;) {
        struct batch *b;
        struct xy_err err = {0};
        xy_code rc;

        while (!j->queued && !j->closing)
            pthread_cond_wait(&j->cv, &j->mu);
        if (!j->queued)
            break;
        b = j->queued;
        pthread_mutex_unlock(&j->mu);
        rc = j->wrc == XY_OK ? write_batch(j, b, &err) : j->wrc;
        pthread_mutex_lock(&j->mu);
        if (rc != XY_OK && j->wrc == XY_OK) {
            j->wrc = rc;
            j->werr = err;
        }
        b->busy = 0;
        j->queued = NULL;
        pthread_cond_broadcast(&j->cv);
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

/* Hand the current batch to the writer and start filling the other one. */
static xy_code flush_batch(struct job *j, struct xy_err *err)
{
    struct batch *b = &j->b[j->cur], *next;
    xy_code rc;

    if (b->c.rows == 0)
        return XY_OK;
    pthread_mutex_lock(&j->mu);
    while (j->queued)
        pthread_cond_wait(&j->cv, &j->mu);
    b->busy = 1;
    j->queued = b;
    pthread_cond_broadcast(&j->cv);
    j->cur ^= 1;
    next = &j->b[j->cur];
    while (next->busy)
        pthread_cond_wait(&j->cv, &j->mu);
    rc = j->wrc;
    if (rc != XY_OK && err)
        *err = j->werr;
    pthread_mutex_unlock(&j->mu);
    xy_arena_reset(next->arena);
    next->n = 0;
    next->first_line = next->last_line = 0;
    memset(&next->c, 0, sizeof(next->c));
    return rc;
}

static void batch_init(struct batch *b, size_t cap)
{
    memset(b, 0, sizeof(*b));
    b->arena = xy_arena_new();
    b->cap = cap;
    b->rows = xy_calloc(cap, sizeof(*b->rows));
    b->recs = xy_calloc(cap, sizeof(*b->recs));
    b->results = xy_calloc(cap, sizeof(*b->results));
}

static void batch_release(struct batch *b)
{
    xy_arena_free(b->arena);
    free(b->rows);
    free(b->recs);
    free(b->results);
}

/* ---- rows ---------------------------------------------------------------------------------- */

static int uscc_allowed(void *ctx, const char *code)
{
    return xy_hmap_get(ctx, code, strlen(code)) != NULL;
}

static void progress(struct job *j)
{
    double now = xy_mono();
    struct xy_ingest_progress p;

    if (!j->o->progress || now - j->last_progress < 0.2)
        return;
    j->last_progress = now;
    p.rows = j->rows_read;
    p.bytes = j->dec->bytes_read;
    p.total_bytes = j->dec->file_bytes;
    p.elapsed_s = now - j->t0;
    j->o->progress(j->o->progress_ctx, &p);
}

/* Validate one row given as raw values per field; store it in the batch if valid. */
/* Validate one row given as raw values per field; keep it in the batch if valid. The full
 * values live in the scratch arena only while the row is encoded: a kept row holds just what
 * storing it needs, so a batch of 100,000 rows fits in about 70 MB. */
static xy_code take_row(struct job *j, long line, const char **raw, struct xy_row *pre,
                        struct xy_err *err)
{
    struct batch *b = &j->b[j->cur];
    struct xy_record_in *in = &b->recs[b->n];
    struct xy_row row;

    if (!b->first_line)
        b->first_line = line;
    b->last_line = line;
    b->c.rows++;
    j->rows_read++;
    xy_row_validate(j->item, raw, &j->vopts, j->scratch, &row);
    /* problems the reader found before validation (column counts, sizes) */
    for (size_t i = 0; pre && i < pre->nissues; i++) {
        const struct xy_row_issue *is = &pre->issues[i];
        xy_row_issue_add(&row, is->level, is->field, is->id, is->value, "%s", is->zh);
    }
    if (row.nissues)
        report_row(j, line, &row);
    if (row.nerrors) {
        b->c.rejected++;
    } else {
        if (row.nwarnings)
            b->c.warnings++;
        in->item = j->item;
        /* keyed for ID numbers: an unkeyed hash would give them away (store.h) */
        in->hash = xy_store_record_hash(j->ctx->keys, j->item, &row, j->scratch);
        in->line = line;
        in->payload =
            xy_store_record_encode(j->ctx->keys, j->item, &row, b->arena, &in->payload_len);
        in->key_hash = xy_store_key_hash(j->dept.id, j->item->id, row.key);
        xy_row_keep(&row, b->arena, &b->rows[b->n]);
        in->row = &b->rows[b->n];
        b->n++;
    }
    if ((b->c.rows & 4095) == 0)
        progress(j);
    if (b->n == b->cap || b->c.rows >= (int64_t)j->batch_rows * 2)
        return flush_batch(j, err);
    return XY_OK;
}

static void check_sizes(struct job *j, struct xy_row *pre, const char *const *cols,
                        const size_t *lens, size_t n, const int *fieldmap)
{
    for (size_t i = 0; i < n; i++) {
        int fi = fieldmap[i];
        if (fi < 0)
            continue;
        if (lens[i] > j->max_field)
            xy_row_issue_add(pre, XY_CHECK_ERROR, fi, "field.too_large", NULL,
                             "%s长度%zu字节，超过上限%zu字节", j->item->fields[fi].name, lens[i],
                             j->max_field);
        else if (strlen(cols[i]) != lens[i])
            xy_row_issue_add(pre, XY_CHECK_ERROR, fi, "field.nul", NULL,
                             "%s含有空字符（NUL），文件可能已损坏", j->item->fields[fi].name);
    }
}

static void reader_issue(void *ctx, long line, const char *id, const char *zh)
{
    struct job *j = ctx;
    struct batch *b = &j->b[j->cur];

    report_add(&j->rep, line, NULL, NULL, NULL, 1, id, zh);
    /* a record the reader threw away is a rejected row of the current batch */
    if (!b->first_line)
        b->first_line = line;
    if (line > b->last_line)
        b->last_line = line;
    b->c.rows++;
    j->rows_read++;
    b->c.rejected++;
}

static xy_code csv_header(struct job *j, long line, const char *const *cols, size_t n)
{
    int seen[64];
    char zh[240];

    for (size_t f = 0; f < 64; f++)
        seen[f] = -1;
    j->ncols = n;
    j->colmap = xy_calloc(n ? n : 1, sizeof(int));
    for (size_t i = 0; i < n; i++) {
        int fi = xy_item_field_by_header(j->item, cols[i]);
        j->colmap[i] = fi;
        if (fi < 0) {
            if (!*cols[i])
                continue; /* a trailing empty column from a spreadsheet */
            snprintf(zh, sizeof(zh),
                     "第%zu列的表头“%.80s”不是“%s”的字段，该列已忽略（可用 xinyong catalog show %s "
                     "查看字段）",
                     i + 1, cols[i], j->item->name, j->item->id);
            report_add(&j->rep, line, cols[i], NULL, NULL, 0, "header.unknown", zh);
            continue;
        }
        if (seen[fi] >= 0) {
            snprintf(zh, sizeof(zh),
                     "第%zu列与第%d列是同一字段“%s”；两列都有值且不一致的行将被拒收", i + 1,
                     seen[fi] + 1, j->item->fields[fi].name);
            report_add(&j->rep, line, j->item->fields[fi].code, j->item->fields[fi].name, cols[i],
                       1, "header.duplicate", zh);
        } else {
            seen[fi] = (int)i;
        }
    }
    for (size_t f = 0; f < j->item->nfields; f++) {
        if (seen[f] >= 0 || j->item->fields[f].required.op != XY_COND_ALWAYS)
            continue;
        snprintf(zh, sizeof(zh), "缺少必填字段“%s”（%s）的列，每一行都将因此被拒收",
                 j->item->fields[f].name, j->item->fields[f].code);
        report_add(&j->rep, line, j->item->fields[f].code, j->item->fields[f].name, NULL, 1,
                   "header.missing", zh);
    }
    j->have_header = 1;
    return XY_OK;
}

static xy_code on_record(void *ctx, long line, const char *const *keys, const char *const *cols,
                         const size_t *lens, size_t n, struct xy_err *err)
{
    struct job *j = ctx;
    struct batch *b = &j->b[j->cur];
    const char **raw;
    struct xy_row *pre;
    int *fieldmap;

    xy_arena_reset(j->scratch); /* the previous row is done with */
    raw = xy_arena_zalloc(j->scratch, j->item->nfields * sizeof(*raw));
    pre = xy_arena_alloc(j->scratch, sizeof(*pre));
    xy_row_init(pre, j->scratch);
    if (!keys && !j->have_header)
        return csv_header(j, line, cols, n);
    if (keys) {
        fieldmap = xy_arena_alloc(j->scratch, (n ? n : 1) * sizeof(int));
        for (size_t i = 0; i < n; i++) {
            fieldmap[i] = xy_item_field_by_header(j->item, keys[i]);
            if (fieldmap[i] < 0 && j->nunknown < 32) {
                size_t k;
                for (k = 0; k < j->nunknown && strcmp(j->unknown_keys[k], keys[i]); k++)
                    ;
                if (k == j->nunknown) {
                    char zh[200];
                    j->unknown_keys[j->nunknown++] = xy_strdup(keys[i]);
                    snprintf(zh, sizeof(zh),
                             "“%.80s”不是“%s”的字段，已忽略（此后各行同名字段不再提示）", keys[i],
                             j->item->name);
                    report_add(&j->rep, line, keys[i], NULL, NULL, 0, "header.unknown", zh);
                }
            }
        }
    } else {
        fieldmap = j->colmap;
        if (n != j->ncols) {
            int extra_empty = n > j->ncols;
            for (size_t i = j->ncols; extra_empty && i < n; i++)
                extra_empty = lens[i] == 0;
            if (!extra_empty) {
                char zh[160];
                snprintf(zh, sizeof(zh),
                         "该行有%zu列，表头有%zu列，列数不符，已拒收（请检查是否缺少或多出逗号）",
                         n, j->ncols);
                xy_row_issue_add(pre, XY_CHECK_ERROR, -1, "row.columns", NULL, "%s", zh);
            }
            if (n > j->ncols)
                n = j->ncols;
        }
    }
    check_sizes(j, pre, cols, lens, n, fieldmap);
    for (size_t i = 0; i < n; i++) {
        int fi = fieldmap[i];
        if (fi < 0 || !*cols[i])
            continue;
        if (raw[fi] && strcmp(raw[fi], cols[i]) != 0) {
            xy_row_issue_add(pre, XY_CHECK_ERROR, fi, "header.duplicate_conflict", NULL,
                             "同一字段“%s”的两列取值不一致", j->item->fields[fi].name);
            continue;
        }
        raw[fi] = cols[i];
    }
    if (pre->nerrors) {
        /* columns or sizes are off: the values cannot be trusted, report only that */
        report_row(j, line, pre);
        if (!b->first_line)
            b->first_line = line;
        b->last_line = line;
        b->c.rows++;
        j->rows_read++;
        b->c.rejected++;
        return XY_OK;
    }
    return take_row(j, line, raw, pre, err);
}

/* ---- the use case ------------------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int dept_has_item(const struct xy_dept *d, const char *item)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (!strcmp(d->items[i], item))
            return 1;
    return 0;
}

static int is_jsonl(const struct xy_ingest_opts *o)
{
    size_t n = strlen(o->path);
    if (o->format)
        return !strcmp(o->format, "jsonl");
    return (n > 6 && !strcmp(o->path + n - 6, ".jsonl")) ||
           (n > 7 && !strcmp(o->path + n - 7, ".ndjson"));
}

static void res_refused(struct job *j, const char *id)
{
    j->res->file_error = id;
}

/* Refuse the file as a whole: one report line and the error. */
static xy_code refuse(struct job *j, const char *id, xy_code code, struct xy_err *err,
                      const char *zh)
{
    report_add(&j->rep, 0, NULL, NULL, NULL, 1, id, zh);
    j->res->file_error = id;
    return xy_err_set(err, code, "%s: %s", j->rep.file, zh);
}

static xy_code prepare(struct job *j, struct xy_arena *a, struct xy_err *err)
{
    struct xy_ctx *ctx = j->ctx;
    const char **codes, **reasons;
    size_t n;
    xy_code rc;
    char zh[300];

    j->item = xy_catalog_item(ctx->cat, j->o->item);
    if (!j->item) {
        snprintf(zh, sizeof(zh), "目录中没有信息项“%s”（可用 xinyong catalog list 查看）",
                 j->o->item);
        return refuse(j, "item.unknown", XY_NOT_FOUND, err, zh);
    }
    rc = xy_store_dept_get(ctx->store, j->o->dept, a, &j->dept, err);
    if (rc == XY_NOT_FOUND) {
        snprintf(zh, sizeof(zh), "部门“%s”尚未登记（可用 xinyong dept add 登记）", j->o->dept);
        return refuse(j, "dept.unknown", XY_NOT_FOUND, err, zh);
    }
    if (rc != XY_OK)
        return rc;
    if ((rc = xy_authz_submit(ctx->who, j->dept.id, j->item->id, err)) != XY_OK) {
        res_refused(j, "dept.denied");
        return rc;
    }
    if (!dept_has_item(&j->dept, j->item->id) || !xy_item_may_provide(j->item, j->dept.uscc)) {
        snprintf(zh, sizeof(zh), "%s（%s）无权报送“%s”：该信息项未分配给本部门（一数一源）",
                 j->dept.name, j->dept.uscc, j->item->name);
        return refuse(j, "item.denied", XY_DENIED, err, zh);
    }
    if ((rc = xy_store_uscc_allow_list(ctx->store, a, &codes, &reasons, &n, err)) != XY_OK)
        return rc;
    j->allow = xy_hmap_new();
    for (size_t i = 0; i < n; i++)
        xy_hmap_put(j->allow, codes[i], strlen(codes[i]), 1);
    j->vopts.today = xy_today();
    j->vopts.uscc_allowed = uscc_allowed;
    j->vopts.allow_ctx = j->allow;
    return XY_OK;
}

xy_code xy_ingest_file(struct xy_ctx *ctx, const struct xy_ingest_opts *o,
                       struct xy_ingest_result *res, struct xy_err *err)
{
    struct job *j = xy_calloc(1, sizeof(*j));
    struct xy_arena *a = xy_arena_new();
    struct xy_decoder dec;
    struct xy_lines lines;
    struct xy_submission sub = {0};
    struct xy_reader_sink sink = {j, on_record, reader_issue};
    struct stat stt;
    pthread_t writer;
    int dec_open = 0, writer_started = 0;
    xy_code rc;
    char zh[300];

    memset(res, 0, sizeof(*res));
    j->ctx = ctx;
    j->o = o;
    j->res = res;
    j->t0 = xy_mono();
    j->max_field = (size_t)ctx->cfg->ingest_max_field_bytes;
    j->batch_rows = (size_t)ctx->cfg->ingest_batch_rows;
    pthread_mutex_init(&j->rep.mu, NULL);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    if (o->report_path)
        snprintf(res->report, sizeof(res->report), "%s", o->report_path);
    else
        snprintf(res->report, sizeof(res->report), "%s.errors.csv", o->path);
    j->rep.path = res->report;
    j->rep.file = o->display_name ? o->display_name : base_name(o->path);
    if (unlink(res->report) != 0 && errno != ENOENT)
        fprintf(stderr, "xinyong: cannot remove the old error report \"%s\": %s\n", res->report,
                strerror(errno));

    if ((rc = prepare(j, a, err)) != XY_OK)
        goto out;
    if (stat(o->path, &stt) != 0) {
        rc = xy_err_set(err, errno == ENOENT ? XY_NOT_FOUND : XY_IO, "cannot read \"%s\": %s",
                        o->path, strerror(errno));
        res->file_error = "file.unreadable";
        goto out;
    }
    if (!S_ISREG(stt.st_mode)) {
        rc = refuse(j, "file.not_regular", XY_INVALID, err, "不是普通文件，无法读取");
        goto out;
    }
    if (stt.st_size == 0) {
        rc = refuse(j, "file.empty", XY_INVALID, err, "文件为空，没有任何内容");
        goto out;
    }
    if ((long long)stt.st_size > ctx->cfg->ingest_max_file_bytes) {
        snprintf(zh, sizeof(zh),
                 "文件大小%lld字节，超过上限%lld字节（ingest.max_file_bytes），请拆分后报送",
                 (long long)stt.st_size, ctx->cfg->ingest_max_file_bytes);
        rc = refuse(j, "file.too_large", XY_TOO_LARGE, err, zh);
        goto out;
    }
    if ((rc = xy_decoder_open(&dec, o->path, o->encoding, err)) != XY_OK)
        goto out;
    dec_open = 1;
    dec.file_bytes = (uint64_t)stt.st_size;
    j->dec = &dec;
    res->encoding = dec.enc;

    sub.dept_id = j->dept.id;
    sub.item = j->item->id;
    sub.file = j->rep.file;
    sub.file_bytes = stt.st_size;
    sub.started_at = xy_now();
    if (o->submission_id)
        sub.id = o->submission_id; /* queued over HTTP: the row exists */
    else if ((rc = xy_store_submission_put(ctx->store, &sub, err)) != XY_OK)
        goto out;
    res->submission_id = sub.id;

    j->scratch = xy_arena_new();
    batch_init(&j->b[0], j->batch_rows);
    batch_init(&j->b[1], j->batch_rows);
    if (pthread_create(&writer, NULL, writer_main, j) != 0) {
        rc = xy_err_set(err, XY_INTERNAL, "could not start the writer thread");
        goto out;
    }
    writer_started = 1;
    xy_lines_init(&lines, &dec, (size_t)ctx->cfg->ingest_max_line_bytes);
    if (is_jsonl(o)) {
        j->have_header = 1;
        rc = xy_jsonl_read(&lines, &sink, err);
    } else {
        rc = xy_csv_read(&lines, &sink, err);
    }
    xy_lines_release(&lines);
    if (rc == XY_OK)
        rc = flush_batch(j, err);

out:
    if (writer_started) {
        pthread_mutex_lock(&j->mu);
        j->closing = 1;
        pthread_cond_broadcast(&j->cv);
        pthread_mutex_unlock(&j->mu);
        pthread_join(writer, NULL);
        if (rc == XY_OK && j->wrc != XY_OK) {
            rc = j->wrc;
            if (err)
                *err = j->werr;
        }
        batch_release(&j->b[0]);
        batch_release(&j->b[1]);
    }
    res->c = j->total;
    res->duplicates = j->duplicates;
    if (rc == XY_OK && !j->have_header) {
        rc = refuse(j, "file.empty", XY_INVALID, err, "文件中没有任何内容（只有空行）");
    } else if (rc == XY_OK && res->c.rows == 0) {
        rc = refuse(j, "file.no_rows", XY_INVALID, err,
                    is_jsonl(o) ? "文件中没有数据行" : "文件只有表头，没有数据行");
    }
    if (sub.id) {
        struct xy_err ferr = {0};
        if (xy_store_submission_finish(ctx->store, sub.id, &res->c, rc == XY_OK ? "done" : "failed",
                                       &ferr) != XY_OK &&
            rc == XY_OK) {
            rc = ferr.code;
            if (err)
                *err = ferr;
        }
        /* new names arrive in the search indexes as one segment per batch; merging them after
         * the file keeps 3- and 4-character search at one segment to read (performance.md).
         * The records are stored whatever happens here: a failure is only slower searches. */
        if (res->c.new_subjects > 0 && xy_store_search_optimize(ctx->store, &ferr) != XY_OK)
            res->search_not_optimized = 1;
    }
    if (dec_open)
        xy_decoder_close(&dec);
    pthread_mutex_lock(&j->rep.mu);
    if (j->rep.f)
        fclose(j->rep.f);
    res->issues = j->rep.lines;
    if (!j->rep.lines || j->rep.failed)
        res->report[0] = '\0';
    pthread_mutex_unlock(&j->rep.mu);
    res->elapsed_s = xy_mono() - j->t0;
    for (size_t i = 0; i < j->nunknown; i++)
        free((void *)j->unknown_keys[i]);
    free(j->colmap);
    xy_hmap_free(j->allow);
    xy_arena_free(j->scratch);
    pthread_mutex_destroy(&j->rep.mu);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    xy_arena_free(a);
    free(j);
    return rc;
}
