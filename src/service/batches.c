/* batches.c - department batches over HTTP, their reports and figures (layer: service) */
#include "service/batches.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/time.h"
#include "crypto/crypto.h"
#include "domain/mask.h"
#include "service/audit.h"
#include "service/dept.h"
#include "service/files.h"
#include "service/ingest.h"

#define MAX_FILE_NAME    200
#define MAX_REPORT_BYTES (256L << 20) /* an error report larger than this is not kept */

/* The spool folder: batch.spool_dir, or "<db>.spool", created 0700. */
static xy_code spool_dir(struct xy_ctx *ctx, char *out, size_t cap, struct xy_err *err)
{
    return xy_private_dir(ctx->cfg->batch_spool_dir, ctx->cfg->db, ".spool", "spool", out, cap,
                          err);
}

/* A report file as text: its bytes and a terminating NUL. */
static xy_code read_file(const char *path, long max, struct xy_buf *b, struct xy_err *err)
{
    xy_code rc = xy_file_read(path, (size_t)max, b, err);

    if (rc != XY_OK)
        return rc;
    b->max = 0; /* the bytes are in: room for the terminator */
    xy_buf_addc(b, '\0');
    return XY_OK;
}

/* The signed-in account's department, in words a clerk understands when it is gone. */
static xy_code dept_by_id(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_dept *out,
                          struct xy_err *err)
{
    xy_code rc = xy_dept_by_id(ctx, id, a, out, err);

    if (rc == XY_NOT_FOUND)
        xy_err_set(err, XY_NOT_FOUND, "账号所属部门尚未登记");
    return rc;
}

static int dept_has_item(const struct xy_dept *d, const char *item)
{
    for (size_t i = 0; i < d->nitems; i++)
        if (!strcmp(d->items[i], item))
            return 1;
    return 0;
}

/* A file name for lists: its base name, printable, bounded. */
static const char *clean_name(struct xy_arena *a, const char *name, const char *item,
                              const char *format)
{
    const char *base = name ? strrchr(name, '/') : NULL;
    char *out;

    name = base ? base + 1 : name;
    /* the name is listed and repeated on every line of the error report: no ID number in it */
    if (!name || !*name || strlen(name) > MAX_FILE_NAME || xy_mask_has_idno(name)) {
        size_t n = strlen(item) + 8;
        out = xy_arena_alloc(a, n);
        snprintf(out, n, "%s.%s", item, format && !strcmp(format, "jsonl") ? "jsonl" : "csv");
        return out;
    }
    out = xy_arena_strdup(a, name);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '\\')
            *p = '_';
    return out;
}

xy_code xy_batch_submit(struct xy_ctx *ctx, const struct xy_batch_upload *in, int64_t *id,
                        struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_arena *a = xy_arena_new();
    struct xy_batch_row row = {0};
    const struct xy_item *item;
    struct xy_dept dept = {0};
    char dir[4000], path[4096], target[64];
    unsigned char rnd[12];
    char hex[25];
    xy_code rc;

    if ((rc = xy_authz_require(who, XY_PERM_BATCH_SUBMIT, err)) != XY_OK)
        goto out;
    if (!in->item || !(item = xy_catalog_item(ctx->cat, in->item))) {
        rc = xy_err_set(err, XY_INVALID, "目录中没有信息项“%s”", in->item ? in->item : "");
        err->field = "item";
        goto out;
    }
    if (in->format && strcmp(in->format, "csv") && strcmp(in->format, "jsonl")) {
        rc = xy_err_set(err, XY_INVALID, "文件格式须为 csv 或 jsonl");
        err->field = "format";
        goto out;
    }
    if (in->encoding && xy_encoding_parse(in->encoding) < 0) {
        rc = xy_err_set(err, XY_INVALID, "文件编码须为 auto、utf-8 或 gb18030");
        err->field = "encoding";
        goto out;
    }
    if (in->len == 0) {
        rc = xy_err_set(err, XY_INVALID, "文件为空，没有任何内容");
        goto out;
    }
    if ((rc = dept_by_id(ctx, who->dept_id, a, &dept, err)) != XY_OK)
        goto out;
    if (!dept_has_item(&dept, item->id) || !xy_item_may_provide(item, dept.uscc)) {
        rc = xy_err_set(err, XY_DENIED, "%s无权报送“%s”：该信息项未分配给本部门（一数一源）",
                        dept.name, item->name);
        goto out;
    }
    if ((rc = xy_authz_submit(who, dept.id, item->id, err)) != XY_OK)
        goto out;
    if ((rc = spool_dir(ctx, dir, sizeof(dir), err)) != XY_OK ||
        (rc = xy_random(rnd, sizeof(rnd), err)) != XY_OK)
        goto out;
    xy_hex(rnd, sizeof(rnd), hex);
    snprintf(path, sizeof(path), "%s/upload-%s", dir, hex);
    if ((rc = xy_file_write_new(path, in->body, in->len, err)) != XY_OK)
        goto out;

    row.dept_id = dept.id;
    row.item = item->id;
    row.file = clean_name(a, in->file_name, item->id, in->format);
    row.file_bytes = (int64_t)in->len;
    row.submitted_by = who->login;
    row.upload_path = path;
    row.format = in->format ? in->format : (strstr(row.file, ".jsonl") ? "jsonl" : "csv");
    row.encoding = in->encoding ? in->encoding : "auto";
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto unspool;
    if ((rc = xy_store_queue_put(ctx->store, &row, id, err)) != XY_OK)
        goto fail;
    snprintf(target, sizeof(target), "batch:%lld", (long long)*id);
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "batch.submit", .target = target, .result = "ok", .detail = item->id},
             err)) != XY_OK)
        goto fail;
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    goto out;
fail:
    xy_store_rollback(ctx->store);
unspool:
    unlink(path);
out:
    xy_arena_free(a);
    return rc;
}

/* The department whose batches who may see: 0 for every department. */
static xy_code visible_dept(const struct xy_principal *who, int64_t *dept, struct xy_err *err)
{
    if (who && xy_role_has(who->role, XY_PERM_BATCH_READ_ALL)) {
        *dept = 0;
        return XY_OK;
    }
    if (!who || (!xy_role_has(who->role, XY_PERM_BATCH_READ_DEPT) &&
                 !xy_role_has(who->role, XY_PERM_BATCH_SUBMIT)))
        return xy_authz_require(who, XY_PERM_BATCH_READ_DEPT, err);
    if (!who->dept_id)
        return xy_err_set(err, XY_DENIED, "账号未归属任何部门");
    *dept = who->dept_id;
    return XY_OK;
}

xy_code xy_batch_list(struct xy_ctx *ctx, int64_t before_id, size_t limit, struct xy_arena *a,
                      struct xy_batch_row **out, size_t *n, struct xy_err *err)
{
    int64_t dept;
    xy_code rc = visible_dept(ctx->who, &dept, err);

    if (rc != XY_OK)
        return rc;
    return xy_store_batches_list(ctx->store, dept, before_id, limit, a, out, n, err);
}

xy_code xy_batch_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_batch_row *out,
                     struct xy_err *err)
{
    int64_t dept;
    xy_code rc = visible_dept(ctx->who, &dept, err);

    if (rc != XY_OK)
        return rc;
    rc = xy_store_batch_get(ctx->store, id, a, out, err);
    if (rc == XY_OK && dept && out->dept_id != dept)
        /* another department's batch answers exactly like a missing one */
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的报送批次", (long long)id);
    return rc;
}

static void report_path(struct xy_ctx *ctx, const char *dir, int64_t id, int sealed, char *out,
                        size_t cap)
{
    (void)ctx;
    snprintf(out, cap, "%s/report-%lld.csv%s", dir, (long long)id, sealed ? ".sealed" : "");
}

xy_code xy_batch_report(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, const char **csv,
                        size_t *len, struct xy_err *err)
{
    struct xy_batch_row row;
    struct xy_buf b = XY_BUF_INIT;
    char dir[4000], path[4096], target[64];
    const char *text;
    xy_code rc;

    *csv = "";
    *len = 0;
    if ((rc = xy_batch_get(ctx, id, a, &row, err)) != XY_OK)
        return rc;
    if ((rc = spool_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        return rc;
    report_path(ctx, dir, id, 1, path, sizeof(path));
    rc = read_file(path, MAX_REPORT_BYTES * 2, &b, err);
    if (rc == XY_NOT_FOUND) { /* a clean batch has no report */
        xy_buf_release(&b);
        xy_err_clear(err);
        return XY_OK;
    }
    if (rc != XY_OK)
        goto out;
    if (!(text = xy_keyring_open(ctx->keys, "report", b.data, a, err))) {
        rc = err->code ? err->code : XY_INTERNAL;
        goto out;
    }
    snprintf(target, sizeof(target), "batch:%lld", (long long)id);
    if ((rc = xy_audit_record(ctx,
                              &(struct xy_audit_event){
                                  .action = "batch.report.read", .target = target, .result = "ok"},
                              err)) != XY_OK)
        goto out;
    *csv = text;
    *len = strlen(text);
out:
    xy_buf_release(&b);
    return rc;
}

xy_code xy_batch_recover(struct xy_ctx *ctx, int64_t *n, struct xy_err *err)
{
    return xy_store_queue_recover(ctx->store, n, err);
}

/* Keep the report only sealed: it quotes the rejected values. */
static void seal_report(struct xy_ctx *ctx, const char *plain, const char *sealed_path,
                        struct xy_arena *a)
{
    struct xy_buf b = XY_BUF_INIT;
    struct xy_err err;
    const char *sealed;

    if (read_file(plain, MAX_REPORT_BYTES, &b, &err) == XY_OK &&
        (sealed = xy_keyring_seal(ctx->keys, "report", b.data, a)) != NULL) {
        unlink(sealed_path);
        xy_file_write_new(sealed_path, sealed, strlen(sealed), &err);
    }
    xy_buf_release(&b);
    unlink(plain);
}

/* Is the account or token that queued the batch still allowed to? A batch queued just before a
 * revocation, a disabling or a role change is not stored on its authority. NULL when it is,
 * else the reason for the department. */
static const char *submitter_gone(struct xy_ctx *ctx, const struct xy_batch_row *row,
                                  struct xy_arena *a)
{
    const char *by = row->submitted_by ? row->submitted_by : "";
    struct xy_err e;

    if (!strncmp(by, "token:", 6)) {
        struct xy_api_token t;
        if (xy_store_token_get(ctx->store, by + 6, a, &t, &e) != XY_OK || t.revoked_at ||
            t.expires_at <= xy_now() || t.dept_id != row->dept_id)
            return "提交该批次的接口令牌已撤销或过期，批次未入库";
        return NULL;
    }
    {
        struct xy_user u;
        if (xy_store_user_get(ctx->store, by, a, &u, &e) != XY_OK || strcmp(u.status, "active") ||
            u.dept_id != row->dept_id ||
            !xy_role_has(xy_role_from_name(u.role), XY_PERM_BATCH_SUBMIT))
            return "提交该批次的账号已停用或不再是本部门的报送员，批次未入库";
    }
    return NULL;
}

xy_code xy_batch_run_next(struct xy_ctx *ctx, int64_t *id, int *ran, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_batch_row row;
    struct xy_principal who = {0};
    struct xy_ingest_result *res = xy_calloc(1, sizeof(*res));
    const struct xy_principal *saved = ctx->who;
    char dir[4000], plain[4096], sealed[4096];
    xy_code rc;

    *ran = 0;
    rc = xy_store_queue_next(ctx->store, a, &row, err);
    if (rc == XY_NOT_FOUND) {
        xy_err_clear(err);
        rc = XY_OK;
        goto out;
    }
    if (rc != XY_OK || (rc = spool_dir(ctx, dir, sizeof(dir), err)) != XY_OK)
        goto out;
    *ran = 1;
    *id = row.id;
    if ((rc = xy_store_submission_start(ctx->store, row.id, row.file_bytes, err)) != XY_OK) {
        if (rc == XY_CONFLICT) { /* another server's worker has it */
            xy_err_clear(err);
            rc = XY_OK;
        }
        goto out;
    }
    {
        const char *gone = submitter_gone(ctx, &row, a);
        if (gone) {
            rc = xy_store_submission_error(ctx->store, row.id, gone, err);
            if (row.upload_path)
                unlink(row.upload_path);
            goto out;
        }
    }
    /* the submitter's scope was checked when the batch was queued; the store runs as that
     * department */
    who.role = XY_R_SUBMITTER;
    who.dept_id = row.dept_id;
    who.login = row.submitted_by ? row.submitted_by : "?";
    ctx->who = &who;
    report_path(ctx, dir, row.id, 0, plain, sizeof(plain));
    report_path(ctx, dir, row.id, 1, sealed, sizeof(sealed));
    {
        int enc = xy_encoding_parse(row.encoding ? row.encoding : "auto");
        struct xy_ingest_opts o = {
            .dept = row.dept_uscc,
            .item = row.item,
            .path = row.upload_path,
            .display_name = row.file,
            .encoding = enc < 0 ? XY_ENC_AUTO : (enum xy_encoding)enc,
            .format = row.format,
            .report_path = plain,
            .submission_id = row.id,
        };
        struct xy_err ierr = {0};
        xy_code irc = xy_ingest_file(ctx, &o, res, &ierr);
        if (res->report[0])
            seal_report(ctx, plain, sealed, a);
        else
            unlink(plain);
        if (irc != XY_OK) {
            /* the department reads why; storage details stay in the log */
            /* a refusal of the file (res->file_error) is the department's to read; a missing
             * spool file, storage or I/O trouble is ours, and names our paths */
            int public = res->file_error && strcmp(res->file_error, "file.unreadable") &&
                         irc != XY_STORAGE && irc != XY_INTERNAL && irc != XY_IO;
            struct xy_err serr;
            xy_store_submission_error(ctx->store, row.id,
                                      public ? ierr.msg : "处理失败，请联系信用办并提供批次编号",
                                      &serr);
            if (!public) {
                *err = ierr;
                rc = irc;
            }
        }
    }
    if (row.upload_path)
        unlink(row.upload_path);
out:
    ctx->who = saved;
    free(res);
    xy_arena_free(a);
    return rc;
}

xy_code xy_assessment_get(struct xy_ctx *ctx, int64_t dept_id, struct xy_arena *a,
                          struct xy_assessment **out, size_t *n, struct xy_err *err)
{
    int64_t visible;
    struct xy_dept *depts;
    struct xy_stat_cell *cells;
    size_t nd, ncells, k = 0;
    int built;
    xy_code rc = visible_dept(ctx->who, &visible, err);

    if (rc != XY_OK)
        return rc;
    if (visible && dept_id && dept_id != visible)
        return xy_err_set(err, XY_DENIED, "只能查看本部门的考核指标");
    if (visible)
        dept_id = visible;
    if ((rc = xy_store_dept_list(ctx->store, a, &depts, &nd, err)) != XY_OK)
        return rc;
    /* timeliness from the counters kept at ingest (migration 12, docs/statistics.md), every
     * month: the same figures as the statistics page's, without reading the records */
    if ((rc = xy_store_stats_built(ctx->store, &built, err)) != XY_OK)
        return rc;
    if (!built)
        return xy_err_set(err, XY_UNAVAILABLE,
                          "统计计数正在建立（xinyong stats rebuild），请稍后再试");
    if ((rc = xy_store_stats_cells(ctx->store, 0, 999912, dept_id, a, &cells, &ncells, err)) !=
        XY_OK)
        return rc;
    *out = xy_arena_alloc(a, (nd ? nd : 1) * sizeof(**out));
    for (size_t i = 0; i < nd; i++) {
        struct xy_assessment *s;
        struct xy_counts c = {0};
        int64_t late = 0;

        if (dept_id && depts[i].id != dept_id)
            continue;
        s = &(*out)[k++];
        memset(s, 0, sizeof(*s));
        s->dept_id = depts[i].id;
        s->uscc = depts[i].uscc;
        s->name = depts[i].name;
        if ((rc = xy_store_dept_totals(ctx->store, s->dept_id, &s->batches, &c, err)) != XY_OK)
            return rc;
        s->rows = c.rows;
        s->accepted = c.accepted;
        s->rejected = c.rejected;
        s->rejected_share = s->rows ? (double)s->rejected / (double)s->rows : 0;
        for (size_t j = 0; j < ncells; j++) {
            if (cells[j].dept_id != s->dept_id)
                continue;
            s->records += cells[j].timely + cells[j].late + cells[j].untimed;
            s->timely += cells[j].timely;
            s->untimed += cells[j].untimed;
            late += cells[j].late;
        }
        s->timely_share = s->timely + late ? (double)s->timely / (double)(s->timely + late) : -1;
    }
    *n = k;
    return XY_OK;
}
