/* measures_admin.c - the measures catalogue in the database: seeding, the live catalogue of the
 * server's threads, edits with history, import and export (layer: service)
 *
 * A version is stored as one CSV line of the file's thirteen columns as the clerk wrote them
 * (trimmed), not as the parsed measure: a scenario written 政府采购 stays 政府采购, an export
 * gives back what was imported, and "unchanged" is a comparison of two lines.
 */
#include "service/measures_admin.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "base/utf8.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/files.h"

/* the JSON members of the columns, in the file's order (domain/measures.c: columns[]) */
static const char *const json_keys[XY_MEASURE_NCOLS] = {
    "seq",   "matter",    "content", "target", "basis", "tier", "frequency",
    "lists", "scenarios", "depts",   "kind",   "level", "note",
};

#define MAX_EXPORT_BYTES ((size_t)64 << 20)

const char *xy_measure_json_key(int col)
{
    return col >= 0 && col < XY_MEASURE_NCOLS ? json_keys[col] : NULL;
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "";
}

/* ---- the live catalogue ---- */

struct xy_measures_live {
    pthread_mutex_t mu;
    int64_t gen;             /* the database generation cur was loaded at; 0: the file's */
    struct xy_measures *cur; /* what xy_ctx_measures hands out now */
    /* every catalogue ever handed out: a request on another thread may still hold one */
    struct xy_measures **all;
    size_t nall, cap;
};

static void live_keep(struct xy_measures_live *l, struct xy_measures *ms)
{
    if (l->nall == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->all = xy_realloc(l->all, l->cap * sizeof(*l->all));
    }
    l->all[l->nall++] = ms;
}

struct xy_measures_live *xy_measures_live_new(struct xy_measures *initial)
{
    struct xy_measures_live *l = xy_calloc(1, sizeof(*l));

    pthread_mutex_init(&l->mu, NULL);
    l->cur = initial;
    if (initial)
        live_keep(l, initial);
    return l;
}

void xy_measures_live_free(struct xy_measures_live *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->nall; i++)
        xy_measures_free(l->all[i]);
    free(l->all);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

/* The rows of the current versions (withdrawn ones left out), as lines. */
static xy_code current_lines(struct xy_ctx *ctx, struct xy_arena *a, const char ***lines, size_t *n,
                             struct xy_err *err)
{
    struct xy_measure_version *v;
    const char **out;
    xy_code rc = xy_store_measures_current(ctx->store, 0, a, &v, n, err);

    if (rc != XY_OK)
        return rc;
    out = xy_arena_alloc(a, (*n + 1) * sizeof(*out));
    for (size_t i = 0; i < *n; i++)
        out[i] = v[i].row;
    *lines = out;
    return XY_OK;
}

const struct xy_measures *xy_ctx_measures(struct xy_ctx *ctx, struct xy_err *err)
{
    struct xy_measures_live *l = ctx->measures_live;
    struct xy_measures *ms = NULL;
    struct xy_arena *a;
    const char **lines;
    int64_t gen = 0;
    size_t n;

    if (!l || !ctx->store) /* no database: the file read at start */
        goto out;
    if (xy_store_measures_generation(ctx->store, &gen, err) != XY_OK)
        return NULL;
    pthread_mutex_lock(&l->mu);
    /* only forward: a request in an older snapshot keeps the newer catalogue */
    if (gen == 0 || gen <= l->gen) {
        ctx->measures = l->cur;
        pthread_mutex_unlock(&l->mu);
        goto out;
    }
    a = xy_arena_new();
    if (current_lines(ctx, a, &lines, &n, err) == XY_OK &&
        xy_measures_from_rows(ctx->cat, ctx->scenarios, lines, n, &ms, err) == XY_OK) {
        live_keep(l, ms);
        l->cur = ms;
        l->gen = gen;
    }
    ctx->measures = l->cur;
    xy_arena_free(a);
    pthread_mutex_unlock(&l->mu);
    if (!ms)
        return NULL;
out:
    if (!ctx->measures)
        xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    return ctx->measures;
}

xy_code xy_measures_seed(struct xy_ctx *ctx, struct xy_err *err)
{
    const struct xy_measures *ms = ctx->measures;
    struct xy_arena *a;
    const char *reason;
    int64_t gen;
    xy_code rc;

    if (!ctx->store || !ms)
        return XY_OK;
    if ((rc = xy_store_measures_generation(ctx->store, &gen, err)) != XY_OK || gen > 0)
        return rc;
    a = xy_arena_new();
    reason = xy_arena_printf(a, "初始导入 %s", base_name(ctx->cfg->measures_file));
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    /* another process may have seeded meanwhile: look again inside the transaction */
    if ((rc = xy_store_measures_generation(ctx->store, &gen, err)) == XY_OK && gen == 0) {
        for (size_t i = 0; rc == XY_OK && i < ms->nrows; i++) {
            struct xy_measure_version v = {
                .seq = ms->rows[i].seq,
                .row = xy_measure_row_csv(ms->rows[i].cells, XY_MEASURE_NCOLS, a),
                .reason = reason,
                .edited_by = "seed",
            };
            rc = xy_store_measure_put(ctx->store, &v, err);
        }
    }
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    else
        xy_store_rollback(ctx->store);
out:
    xy_arena_free(a);
    return rc;
}

/* ---- reading ---- */

/* The entry of version v, checked against the catalogue as it is now. */
static void entry_of(struct xy_ctx *ctx, const struct xy_measure_version *v, struct xy_arena *a,
                     struct xy_measure_entry *e)
{
    struct xy_measure *m;
    struct xy_err perr;

    memset(e, 0, sizeof(*e));
    e->seq = v->seq;
    e->deleted = v->deleted;
    e->version = v->id;
    e->edited_at = v->edited_at;
    e->edited_by = v->edited_by;
    e->reason = v->reason;
    xy_err_clear(&perr);
    if (xy_measure_row_split(v->row, a, e->cells, &perr) != XY_OK) {
        for (int k = 0; k < XY_MEASURE_NCOLS; k++)
            e->cells[k] = "";
        e->problem = "存储的行无法读取";
        return;
    }
    m = xy_arena_zalloc(a, sizeof(*m));
    if (xy_measure_parse_row(ctx->cat, ctx->scenarios, e->cells, XY_MEASURE_NCOLS, 0, a, m,
                             &perr) == XY_OK)
        e->m = m;
    else
        e->problem = xy_arena_strdup(a, perr.msg);
}

/* The columns where b differs from a (NULL a: none). */
static void diff_cells(const char *const *a, const char *const *b, struct xy_arena *ar,
                       const char ***out, size_t *n)
{
    const char **v = xy_arena_alloc(ar, XY_MEASURE_NCOLS * sizeof(*v));

    *n = 0;
    for (int k = 0; a && k < XY_MEASURE_NCOLS; k++)
        if (strcmp(a[k] ? a[k] : "", b[k] ? b[k] : ""))
            v[(*n)++] = xy_measure_column(k);
    *out = v;
}

xy_code xy_measures_catalogue(struct xy_ctx *ctx, int with_withdrawn, struct xy_arena *a,
                              struct xy_measure_entry **out, size_t *n, struct xy_err *err)
{
    struct xy_measure_version *v;
    struct xy_measure_entry *e;
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = xy_store_measures_current(ctx->store, with_withdrawn, a, &v, n, err)) != XY_OK)
        return rc;
    e = xy_arena_zalloc(a, (*n + 1) * sizeof(*e));
    for (size_t i = 0; i < *n; i++)
        entry_of(ctx, &v[i], a, &e[i]);
    *out = e;
    return XY_OK;
}

xy_code xy_measure_history(struct xy_ctx *ctx, long seq, struct xy_arena *a,
                           struct xy_measure_entry **out, size_t *n, struct xy_err *err)
{
    struct xy_measure_version *v;
    struct xy_measure_entry *e;
    size_t nv;
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_measure_history(ctx->store, seq, a, &v, &nv, err)) != XY_OK)
        return rc;
    if (nv == 0) {
        xy_err_set(err, XY_NOT_FOUND, "没有序号为 %ld 的措施", seq);
        err->field = "seq";
        return XY_NOT_FOUND;
    }
    e = xy_arena_zalloc(a, nv * sizeof(*e));
    for (size_t i = 0; i < nv; i++) {
        entry_of(ctx, &v[i], a, &e[i]);
        if (i)
            diff_cells(e[i - 1].cells, e[i].cells, a, &e[i].changed, &e[i].nchanged);
    }
    rc = xy_audit_record(ctx,
                         &(struct xy_audit_event){.action = "measures.history",
                                                  .target = xy_arena_printf(a, "measure:%ld", seq),
                                                  .result = "ok"},
                         err);
    if (rc != XY_OK)
        return rc;
    *out = e;
    *n = nv;
    return XY_OK;
}

/* ---- editing ---- */

static xy_code bad_field(struct xy_err *err, xy_code code, const char *field, const char *msg)
{
    xy_err_set(err, code, "%s", msg);
    err->field = field;
    return code;
}

/* The reason of a change: required, UTF-8, at most XY_MEASURE_MAX_REASON_CHARS characters. */
static xy_code check_reason(const char *reason, struct xy_err *err)
{
    long chars;

    while (reason && (*reason == ' ' || *reason == '\t'))
        reason++;
    if (!reason || !*reason)
        return bad_field(err, XY_INVALID, "reason", "请填写修改原因（reason）");
    chars = xy_utf8_chars(reason, strlen(reason));
    if (chars < 0 || chars > XY_MEASURE_MAX_REASON_CHARS)
        return bad_field(err, XY_INVALID, "reason", "修改原因须为 UTF-8 文字，至多 500 个字");
    return XY_OK;
}

/* The JSON member of a column named in Chinese by the domain's message, or NULL. */
static const char *json_field(const char *column)
{
    int k = xy_measure_column_of(column);
    return k >= 0 ? json_keys[k] : NULL;
}

/* The newest version of seq (withdrawn or not) into *cur; *found 0 when none. */
static xy_code newest(struct xy_ctx *ctx, long seq, struct xy_arena *a,
                      struct xy_measure_version *cur, int *found, struct xy_err *err)
{
    struct xy_measure_version *v;
    size_t n;
    xy_code rc = xy_store_measure_history(ctx->store, seq, a, &v, &n, err);

    *found = rc == XY_OK && n > 0;
    if (*found)
        *cur = v[n - 1];
    return rc;
}

/* The next free 序号 and the number of measures in force. */
static xy_code next_seq(struct xy_ctx *ctx, struct xy_arena *a, long *seq, size_t *live,
                        struct xy_err *err)
{
    struct xy_measure_version *v;
    size_t n;
    xy_code rc = xy_store_measures_current(ctx->store, 1, a, &v, &n, err);

    *seq = 1;
    *live = 0;
    for (size_t i = 0; rc == XY_OK && i < n; i++) {
        if (v[i].seq >= *seq)
            *seq = v[i].seq + 1;
        *live += !v[i].deleted;
    }
    return rc;
}

static xy_code audit_edit(struct xy_ctx *ctx, long seq, const char *detail, struct xy_arena *a,
                          struct xy_err *err)
{
    return xy_audit_append(
        ctx,
        &(struct xy_audit_event){.action = "measures.edit",
                                 .target = xy_arena_printf(a, "measure:%ld", seq),
                                 .result = "ok",
                                 .detail = detail},
        err);
}

/* Columns as a "、"-joined text for an audit row's detail. */
static const char *joined(const char *const *v, size_t n, struct xy_arena *a)
{
    const char *s = "";
    for (size_t i = 0; i < n; i++)
        s = xy_arena_printf(a, "%s%s%s", s, i ? "、" : "", v[i]);
    return s;
}

/* Check the edit's cells and reason before anything is read. */
static xy_code check_edit(enum xy_measure_op op, const struct xy_measure_edit *in,
                          struct xy_err *err)
{
    xy_code rc;

    if (op < XY_MEASURE_CREATE || op > XY_MEASURE_WITHDRAW)
        return xy_err_set(err, XY_INTERNAL, "unknown measure operation %d", (int)op);
    if ((rc = check_reason(in->reason, err)) != XY_OK)
        return rc;
    if (op == XY_MEASURE_CREATE && in->seq != 0 && (in->seq < 1 || in->seq > 999999))
        return bad_field(err, XY_INVALID, "seq", "序号须为 1 至 999999 的整数");
    for (int k = 1; op != XY_MEASURE_WITHDRAW && k < XY_MEASURE_NCOLS; k++)
        if (in->cells[k] && strlen(in->cells[k]) > XY_MEASURES_MAX_FIELD) {
            xy_err_set(err, XY_TOO_LARGE, "“%s”超过 %d 字节", xy_measure_column(k),
                       XY_MEASURES_MAX_FIELD);
            err->field = json_keys[k];
            return XY_TOO_LARGE;
        }
    return XY_OK;
}

xy_code xy_measure_save(struct xy_ctx *ctx, enum xy_measure_op op, const struct xy_measure_edit *in,
                        struct xy_arena *a, struct xy_measure_entry *out, int *changed,
                        struct xy_err *err)
{
    struct xy_measure_version cur = {0}, nv = {0};
    const char *cells[XY_MEASURE_NCOLS] = {0};
    struct xy_measure m;
    size_t live;
    long seq = in->seq, next;
    int found = 0;
    xy_code rc;

    *changed = 0;
    memset(out, 0, sizeof(*out));
    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK ||
        (rc = check_edit(op, in, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = next_seq(ctx, a, &next, &live, err)) != XY_OK)
        goto fail;
    if (op == XY_MEASURE_CREATE && seq == 0)
        seq = next;
    if ((rc = newest(ctx, seq, a, &cur, &found, err)) != XY_OK)
        goto fail;
    if (op == XY_MEASURE_CREATE && found) {
        xy_err_set(err, XY_CONFLICT, "序号 %ld 已被使用%s", seq,
                   cur.deleted ? "（该措施已撤回，可修改它以恢复）" : "");
        err->field = "seq";
        rc = XY_CONFLICT;
        goto fail;
    }
    if (op != XY_MEASURE_CREATE && !found) {
        xy_err_set(err, XY_NOT_FOUND, "没有序号为 %ld 的措施", seq);
        err->field = "seq";
        rc = XY_NOT_FOUND;
        goto fail;
    }
    if (op == XY_MEASURE_WITHDRAW && cur.deleted) {
        rc = bad_field(err, XY_CONFLICT, "seq", xy_arena_printf(a, "序号 %ld 的措施已经撤回", seq));
        goto fail;
    }
    if ((op == XY_MEASURE_CREATE || (op == XY_MEASURE_UPDATE && cur.deleted)) &&
        live >= XY_MEASURES_MAX_ROWS) {
        rc = bad_field(err, XY_TOO_LARGE, "seq",
                       xy_arena_printf(a, "措施已达 %d 条上限", XY_MEASURES_MAX_ROWS));
        goto fail;
    }
    if (found && (rc = xy_measure_row_split(cur.row, a, cells, err)) != XY_OK)
        goto fail;
    if (op != XY_MEASURE_WITHDRAW) {
        for (int k = 1; k < XY_MEASURE_NCOLS; k++)
            if (in->cells[k] || !found)
                cells[k] = in->cells[k] ? in->cells[k] : "";
        cells[0] = xy_arena_printf(a, "%ld", seq);
        /* the rules of the file, column by column, with the JSON member as the field */
        if ((rc = xy_measure_parse_row(ctx->cat, ctx->scenarios, cells, XY_MEASURE_NCOLS, 0, a, &m,
                                       err)) != XY_OK) {
            err->field = json_field(err->field);
            goto fail;
        }
        nv.row = xy_measure_row_csv(m.cells, XY_MEASURE_NCOLS, a);
    } else {
        nv.row = cur.row;
        nv.deleted = 1;
    }
    if (op == XY_MEASURE_UPDATE && !cur.deleted && !strcmp(nv.row, cur.row)) {
        xy_store_rollback(ctx->store);
        entry_of(ctx, &cur, a, out);
        return XY_OK; /* nothing changed: no version */
    }
    nv.seq = seq;
    nv.reason = in->reason;
    nv.edited_by = ctx->who && ctx->who->login ? ctx->who->login : "unknown";
    if ((rc = xy_store_measure_put(ctx->store, &nv, err)) != XY_OK)
        goto fail;
    entry_of(ctx, &nv, a, out);
    if (found) {
        const char *before[XY_MEASURE_NCOLS];
        struct xy_err ignored;
        if (xy_measure_row_split(cur.row, a, before, &ignored) == XY_OK)
            diff_cells(before, out->cells, a, &out->changed, &out->nchanged);
    }
    rc = audit_edit(ctx, seq,
                    xy_arena_printf(a, "op=%s%s%s",
                                    op == XY_MEASURE_CREATE     ? "create"
                                    : op == XY_MEASURE_WITHDRAW ? "withdraw"
                                    : cur.deleted               ? "restore"
                                                                : "update",
                                    out->nchanged ? " columns=" : "",
                                    joined(out->changed, out->nchanged, a)),
                    a, err);
    if (rc != XY_OK || (rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    *changed = 1;
    return XY_OK;
fail:
    xy_store_rollback(ctx->store);
    return rc;
}

/* ---- import ---- */

/* v (n elements of size bytes, room for *cap) with room for one more: doubled in a. */
static void *grow(struct xy_arena *a, void *v, size_t n, size_t *cap, size_t size)
{
    void *w;

    if (n < *cap)
        return v;
    *cap = *cap ? 2 * *cap : 16;
    w = xy_arena_alloc(a, *cap * size);
    if (n)
        memcpy(w, v, n * size);
    return w;
}

struct imp {
    struct xy_ctx *ctx;
    struct xy_arena *a;
    const char *name, *reason;
    struct xy_measure_import *out;
    int have_header;
    int col_of[XY_SHEET_MAX_COLS]; /* file column -> column of the file's order, -1: ignored */
    int has_col[XY_MEASURE_NCOLS];
    struct xy_measure_version *cur; /* every 序号's newest version, by 序号 */
    size_t ncur, live;
    long *seen; /* 序号 given so far, with their lines */
    long *seen_line;
    size_t nseen, cap_seen;
    struct xy_measure_version *todo;
    size_t ntodo, cap_todo, cap_changes, cap_problems;
    xy_code rc;         /* a fault of the file as a whole: stops the reading */
    struct xy_err *err; /* holds it (the sheet reader's own err is cleared on its return) */
};

static void imp_problem(struct imp *im, long line, const char *column, const char *msg)
{
    struct xy_measure_import *o = im->out;

    o->bad++;
    if (o->nproblems == XY_MEASURES_MAX_PROBLEM)
        return;
    o->problems = grow(im->a, o->problems, o->nproblems, &im->cap_problems, sizeof(*o->problems));
    o->problems[o->nproblems].line = line;
    o->problems[o->nproblems].column = column;
    o->problems[o->nproblems].message = xy_arena_strdup(im->a, msg);
    o->nproblems++;
}

/* s without blanks at both ends (and a BOM in front), from a. */
static const char *trimmed(struct xy_arena *a, const char *s)
{
    size_t n;

    if (!s)
        return "";
    if (!strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return xy_arena_strndup(a, s, n);
}

static int imp_fatal(struct imp *im, xy_code code, long line, const char *field, const char *msg)
{
    im->rc = xy_err_set(im->err, code, "“%s”第 %ld 行：%s", im->name, line, msg);
    im->err->line = line;
    im->err->field = field;
    return 1;
}

static int imp_header(struct imp *im, long line, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < XY_SHEET_MAX_COLS; i++)
        im->col_of[i] = -1;
    for (size_t i = 0; i < n && i < XY_SHEET_MAX_COLS; i++) {
        const char *h = trimmed(im->a, cells[i]);
        int k;
        if (!*h)
            continue; /* an empty header cell (Excel's trailing columns): ignored */
        if ((k = xy_measure_column_of(h)) < 0)
            return imp_fatal(im, XY_INVALID, line, "表头",
                             xy_arena_printf(im->a,
                                             "表头第 %zu 列“%.60s”不是措施清单的列名（序号、事项、"
                                             "内容、对象、政策依据、实施层级、实施频次、名单类型、"
                                             "应用场景、实施部门、措施类别、措施级别、备注）",
                                             i + 1, h));
        if (im->has_col[k])
            return imp_fatal(
                im, XY_INVALID, line, xy_measure_column(k),
                xy_arena_printf(im->a, "表头的“%s”列出现了两次", xy_measure_column(k)));
        im->has_col[k] = 1;
        im->col_of[i] = k;
    }
    if (!im->has_col[0])
        return imp_fatal(im, XY_INVALID, line, "序号", "表头缺少“序号”列");
    return 0;
}

static struct xy_measure_version *imp_current(struct imp *im, long seq)
{
    size_t lo = 0, hi = im->ncur;

    while (lo < hi) { /* cur is ordered by 序号 */
        size_t mid = (lo + hi) / 2;
        if (im->cur[mid].seq == seq)
            return &im->cur[mid];
        if (im->cur[mid].seq < seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* 1 when seq was given on an earlier line (*first: that line); else it is noted. */
static int imp_seen(struct imp *im, long seq, long line, long *first)
{
    for (size_t i = 0; i < im->nseen; i++)
        if (im->seen[i] == seq) {
            *first = im->seen_line[i];
            return 1;
        }
    if (im->nseen == im->cap_seen) {
        size_t cap = im->cap_seen;
        im->seen = grow(im->a, im->seen, im->nseen, &cap, sizeof(*im->seen));
        im->seen_line =
            grow(im->a, im->seen_line, im->nseen, &im->cap_seen, sizeof(*im->seen_line));
    }
    im->seen[im->nseen] = seq;
    im->seen_line[im->nseen++] = line;
    return 0;
}

static int imp_row(void *arg, long line, const char *const *cells, size_t n)
{
    struct imp *im = arg;
    struct xy_measure_import *o = im->out;
    const char *given[XY_MEASURE_NCOLS] = {0}, *row[XY_MEASURE_NCOLS], *before[XY_MEASURE_NCOLS];
    struct xy_measure_version *cur;
    struct xy_measure_change *ch;
    struct xy_measure m;
    struct xy_err perr;
    const char *seq_text;
    long seq, first;
    int any = 0;

    if (!im->have_header) {
        im->have_header = 1;
        return imp_header(im, line, cells, n);
    }
    for (size_t i = 0; i < n && i < XY_SHEET_MAX_COLS; i++)
        if (im->col_of[i] >= 0) {
            given[im->col_of[i]] = trimmed(im->a, cells[i]);
            any |= *given[im->col_of[i]] != '\0';
        }
    if (!any)
        return 0; /* a row of blanks */
    if (++o->rows > XY_MEASURES_MAX_ROWS)
        return imp_fatal(im, XY_TOO_LARGE, line, NULL,
                         xy_arena_printf(im->a, "措施超过 %d 条", XY_MEASURES_MAX_ROWS));
    seq_text = given[0] ? given[0] : "";
    if (!*seq_text || strspn(seq_text, "0123456789") != strlen(seq_text) || strlen(seq_text) > 6 ||
        (seq = strtol(seq_text, NULL, 10)) < 1) {
        imp_problem(im, line, "序号",
                    xy_arena_printf(im->a,
                                    "第 %ld 行“序号”列：须为 1 至 999999 的整数，实为“%.20s”", line,
                                    seq_text));
        return 0;
    }
    if (imp_seen(im, seq, line, &first)) {
        imp_problem(im, line, "序号",
                    xy_arena_printf(im->a, "第 %ld 行“序号”列：序号 %ld 重复（第 %ld 行已有）",
                                    line, seq, first));
        return 0;
    }
    cur = imp_current(im, seq);
    xy_err_clear(&perr);
    if (cur && xy_measure_row_split(cur->row, im->a, before, &perr) != XY_OK)
        cur = NULL; /* an unreadable stored row: the file's row replaces it whole */
    /* a column the file leaves out keeps the measure's current value */
    for (int k = 0; k < XY_MEASURE_NCOLS; k++)
        row[k] = im->has_col[k] ? (given[k] ? given[k] : "") : cur ? before[k] : "";
    row[0] = xy_arena_printf(im->a, "%ld", seq);
    if (xy_measure_parse_row(im->ctx->cat, im->ctx->scenarios, row, XY_MEASURE_NCOLS, line, im->a,
                             &m, &perr) != XY_OK) {
        imp_problem(im, line, perr.field, perr.msg);
        return 0;
    }
    row[0] = xy_measure_row_csv(m.cells, XY_MEASURE_NCOLS, im->a);
    if (cur && !cur->deleted && !strcmp(row[0], cur->row)) {
        o->unchanged++;
        return 0;
    }
    if (!cur || cur->deleted) {
        if (im->live >= XY_MEASURES_MAX_ROWS) {
            imp_problem(im, line, NULL,
                        xy_arena_printf(im->a, "第 %ld 行：措施已达 %d 条上限", line,
                                        XY_MEASURES_MAX_ROWS));
            return 0;
        }
        im->live++;
    }
    im->todo = grow(im->a, im->todo, im->ntodo, &im->cap_todo, sizeof(*im->todo));
    im->todo[im->ntodo++] = (struct xy_measure_version){
        .seq = seq,
        .row = row[0],
        .reason = im->reason,
        .edited_by = im->ctx->who && im->ctx->who->login ? im->ctx->who->login : "unknown",
    };
    o->changes = grow(im->a, o->changes, o->nchanges, &im->cap_changes, sizeof(*o->changes));
    ch = &o->changes[o->nchanges++];
    memset(ch, 0, sizeof(*ch));
    ch->seq = seq;
    ch->matter = m.matter;
    ch->action = !cur ? "new" : cur->deleted ? "restored" : "changed";
    if (cur)
        diff_cells(before, m.cells, im->a, &ch->columns, &ch->ncolumns);
    *(!cur ? &o->added : cur->deleted ? &o->restored : &o->updated) += 1;
    return 0;
}

static int imp_issue(void *arg, long line, const char *id, const char *zh)
{
    struct imp *im = arg;
    (void)id;
    if (!im->have_header)
        return imp_fatal(im, XY_INVALID, line, "表头", zh);
    im->out->rows++;
    imp_problem(im, line, NULL, xy_arena_printf(im->a, "第 %ld 行：%s", line, zh));
    return 0;
}

xy_code xy_measures_import(struct xy_ctx *ctx, const char *path, const char *file_name,
                           enum xy_sheet_format format, int dry_run, struct xy_arena *a,
                           struct xy_measure_import *out, struct xy_err *err)
{
    struct xy_err fatal;
    struct imp im = {.ctx = ctx, .a = a, .out = out, .err = &fatal, .rc = XY_OK};
    char name[201];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    xy_err_clear(&fatal);
    out->dry_run = dry_run;
    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK)
        return rc;
    snprintf(name, sizeof(name), "%s", file_name && *file_name ? file_name : base_name(path));
    xy_utf8_keep_whole(name);
    im.name = xy_arena_strdup(a, name);
    im.reason = xy_arena_printf(a, "导入 %s", name);
    /* the rows are compared with the catalogue of the moment they are written: one
     * transaction from reading the current versions to the last new one */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_measures_current(ctx->store, 1, a, &im.cur, &im.ncur, err)) != XY_OK)
        goto fail;
    for (size_t i = 0; i < im.ncur; i++)
        im.live += !im.cur[i].deleted;
    rc = xy_sheet_read_rows(path, im.name, format, imp_row, imp_issue, &im, err);
    if (rc == XY_OK && im.rc != XY_OK) {
        *err = fatal;
        rc = im.rc;
    }
    if (rc == XY_OK && !im.have_header) {
        xy_err_set(err, XY_INVALID, "“%s”是空的：须有表头（序号、事项 ……）和措施", im.name);
        err->field = "表头";
        rc = XY_INVALID;
    }
    if (rc != XY_OK || dry_run)
        goto fail; /* a dry run writes nothing */
    for (size_t i = 0; i < im.ntodo && rc == XY_OK; i++)
        if ((rc = xy_store_measure_put(ctx->store, &im.todo[i], err)) == XY_OK)
            rc = audit_edit(ctx, im.todo[i].seq,
                            xy_arena_printf(a, "op=import action=%s", out->changes[i].action), a,
                            err);
    if (rc != XY_OK || (rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    return XY_OK;
fail:
    xy_store_rollback(ctx->store);
    return rc;
}

/* A private temporary file (0600) for a table on its way in or out. */
static xy_code temp_file(char *path, size_t cap, struct xy_err *err)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    snprintf(path, cap, "%s/xinyong-measures-XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return xy_err_set(err, XY_IO, "could not create a temporary file in \"%s\"",
                          dir && *dir ? dir : "/tmp");
    close(fd);
    return XY_OK;
}

xy_code xy_measures_import_bytes(struct xy_ctx *ctx, const char *data, size_t len,
                                 const char *file_name, enum xy_sheet_format format, int dry_run,
                                 struct xy_arena *a, struct xy_measure_import *out,
                                 struct xy_err *err)
{
    char path[4200];
    FILE *f;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK)
        return rc;
    if (len > XY_MEASURES_IMPORT_MAX_BYTES)
        return xy_err_set(err, XY_TOO_LARGE, "导入的措施清单文件超过 5 MiB");
    if (len == 0) {
        xy_err_set(err, XY_INVALID, "请上传措施清单文件（CSV 或 xlsx）");
        err->field = "file";
        return XY_INVALID;
    }
    if ((rc = temp_file(path, sizeof(path), err)) != XY_OK)
        return rc;
    if (!(f = fopen(path, "wb")) || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        unlink(path);
        return xy_err_set(err, XY_IO, "could not write the temporary file \"%s\"", path);
    }
    rc = xy_measures_import(ctx, path, file_name && *file_name ? file_name : "upload", format,
                            dry_run, a, out, err);
    unlink(path);
    return rc;
}

/* ---- export ---- */

xy_code xy_measures_export(struct xy_ctx *ctx, enum xy_sheet_format format, const char *path,
                           struct xy_err *err)
{
    const char *header[XY_MEASURE_NCOLS];
    struct xy_measure_version *v;
    struct xy_sheet_writer *w = NULL;
    struct xy_arena *a = xy_arena_new();
    size_t n;
    xy_code rc;

    for (int k = 0; k < XY_MEASURE_NCOLS; k++)
        header[k] = xy_measure_column(k);
    if ((rc = xy_store_measures_current(ctx->store, 0, a, &v, &n, err)) != XY_OK ||
        (rc = xy_sheet_writer_open(path, format, "措施清单", &w, err)) != XY_OK)
        goto out;
    rc = xy_sheet_writer_row(w, header, XY_MEASURE_NCOLS, err);
    for (size_t i = 0; rc == XY_OK && i < n; i++) {
        const char *cells[XY_MEASURE_NCOLS];
        if ((rc = xy_measure_row_split(v[i].row, a, cells, err)) == XY_OK)
            rc = xy_sheet_writer_row(w, cells, XY_MEASURE_NCOLS, err);
    }
    if (rc == XY_OK)
        rc = xy_sheet_writer_close(w, err);
    else
        xy_sheet_writer_close(w, NULL);
out:
    xy_arena_free(a);
    return rc;
}

xy_code xy_measures_export_bytes(struct xy_ctx *ctx, enum xy_sheet_format format,
                                 struct xy_arena *a, const char **data, size_t *len,
                                 struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    char path[4200];
    xy_code rc;

    *data = NULL;
    *len = 0;
    if ((rc = temp_file(path, sizeof(path), err)) != XY_OK)
        return rc;
    if ((rc = xy_measures_export(ctx, format, path, err)) == XY_OK &&
        (rc = xy_file_read(path, MAX_EXPORT_BYTES, &b, err)) == XY_OK) {
        *data = xy_arena_strndup(a, b.data ? b.data : "", b.len);
        *len = b.len;
    }
    xy_buf_release(&b);
    unlink(path);
    return rc;
}
