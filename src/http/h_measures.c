/* h_measures.c - the measures catalogue: read, edit with history, import and export
 * (layer: http)
 *
 * Each handler reads its parameters, calls service/measures_admin.h and renders the result;
 * who may edit, the file's rules and the audit rows are the service's. The catalogue is
 * published policy: reading and exporting it are public, editing needs the credit office.
 * Shapes: docs/api.md "Measures catalogue (措施清单)".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/measures.h"
#include "http/handlers.h"
#include "service/measures_admin.h"

/* What the platform reads from a valid row: lists, scenario codes, departments. */
static void applies_json(struct xy_jw *w, const struct xy_measure *m)
{
    xy_jw_key(w, "applies");
    if (!m) {
        xy_jw_null(w);
        return;
    }
    xy_jw_obj(w);
    xy_jw_key(w, "lists");
    xy_jw_arr(w);
    for (size_t k = 0; k < m->nlists; k++) {
        xy_jw_obj(w);
        xy_jw_kstr(w, "item", m->lists[k].item);
        xy_jw_kstr(w, "name", m->lists[k].name);
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_key(w, "scenarios");
    xy_jw_arr(w);
    for (size_t k = 0; k < m->nscenarios; k++)
        xy_jw_str(w, m->scenarios[k]);
    xy_jw_end(w);
    xy_jw_kbool(w, "all_departments", m->all_depts);
    xy_jw_key(w, "departments");
    xy_jw_arr(w);
    for (size_t k = 0; k < m->ndepts; k++)
        xy_jw_str(w, m->depts[k]);
    xy_jw_end(w);
    xy_jw_kstr(w, "kind", m->kind == XY_MEASURE_PUNISH ? "punish" : "reward");
    xy_jw_end(w);
}

/* One measure; history adds who, why and what changed. */
static void entry_json(struct xy_jw *w, const struct xy_measure_entry *e, int history)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "seq", e->seq);
    for (int k = 1; k < XY_MEASURE_NCOLS; k++)
        xy_jw_kstr(w, xy_measure_json_key(k), *e->cells[k] ? e->cells[k] : NULL);
    xy_jw_kbool(w, "withdrawn", e->deleted);
    xy_jw_kbool(w, "valid", e->m != NULL);
    xy_jw_kstr(w, "problem", e->problem);
    applies_json(w, e->m);
    xy_jw_kint(w, "version", e->version);
    xy_http_time_cst(w, "updated_at", e->edited_at);
    if (history) {
        xy_jw_kstr(w, "edited_by", e->edited_by);
        xy_jw_kstr(w, "reason", e->reason);
        xy_jw_key(w, "changed");
        xy_jw_arr(w);
        for (size_t i = 0; i < e->nchanged; i++)
            xy_jw_str(w, xy_measure_json_key(xy_measure_column_of(e->changed[i])));
        xy_jw_end(w);
    }
    xy_jw_end(w);
}

static xy_code seq_arg(struct xy_http_req *req, long *seq, struct xy_err *err)
{
    const char *arg = req->args[0];

    if (!arg || !*arg || strlen(arg) > 6 || strspn(arg, "0123456789") != strlen(arg) ||
        (*seq = strtol(arg, NULL, 10)) < 1) {
        xy_err_set(err, XY_NOT_FOUND, "没有序号为“%.12s”的措施", arg ? arg : "");
        err->field = "seq";
        return XY_NOT_FOUND;
    }
    return XY_OK;
}

xy_code h_measures_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *withdrawn = xy_http_param(req, "withdrawn");
    struct xy_measure_entry *v;
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if (withdrawn && strcmp(withdrawn, "0") && strcmp(withdrawn, "1")) {
        xy_err_set(err, XY_INVALID, "withdrawn 须为 0 或 1");
        err->field = "withdrawn";
        return XY_INVALID;
    }
    if ((rc = xy_measures_catalogue(req->ctx, withdrawn && *withdrawn == '1', req->a, &v, &n,
                                    err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    resp->cache = XY_CACHE_NO_STORE; /* an edit shows at once */
    xy_jw_obj(&w);
    xy_jw_kint(&w, "count", (long long)n);
    xy_jw_key(&w, "columns");
    xy_jw_arr(&w);
    for (int k = 0; k < XY_MEASURE_NCOLS; k++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "key", xy_measure_json_key(k));
        xy_jw_kstr(&w, "name", xy_measure_column(k));
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_key(&w, "measures");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        entry_json(&w, &v[i], 0);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_measure_history_get(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err)
{
    struct xy_measure_entry *v;
    struct xy_jw w;
    size_t n;
    long seq;
    xy_code rc;

    if ((rc = seq_arg(req, &seq, err)) != XY_OK ||
        (rc = xy_measure_history(req->ctx, seq, req->a, &v, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "seq", seq);
    xy_jw_key(&w, "versions");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        entry_json(&w, &v[i], 1);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

/* The columns of an edit from the body: text, or for lists, scenarios and departments also an
 * array of texts (joined with ;). Absent: NULL (kept); null: "" (cleared). */
static xy_code edit_of(struct xy_http_req *req, json_t *body, struct xy_measure_edit *in,
                       struct xy_err *err)
{
    const char *key;
    json_t *v;

    /* a member that names no column is a typing error the clerk should hear of */
    json_object_foreach(body, key, v)
    {
        int known = !strcmp(key, "reason");
        for (int k = 0; !known && k < XY_MEASURE_NCOLS; k++)
            known = !strcmp(key, xy_measure_json_key(k));
        if (!known) {
            xy_err_set(err, XY_INVALID, "未知的字段“%.40s”", key);
            err->field = xy_arena_strdup(req->a, key);
            return XY_INVALID;
        }
    }
    for (int k = 1; k < XY_MEASURE_NCOLS; k++) {
        const char *name = xy_measure_json_key(k);
        v = json_object_get(body, name);
        if (!v)
            continue;
        if (json_is_null(v)) {
            in->cells[k] = "";
        } else if (json_is_string(v)) {
            in->cells[k] = xy_arena_strdup(req->a, json_string_value(v));
        } else if (json_is_array(v) && (k == 7 || k == 8 || k == 9)) {
            const char *s = "";
            size_t i;
            json_t *e;
            json_array_foreach(v, i, e)
            {
                if (!json_is_string(e) || i >= XY_MEASURES_MAX_REFS) {
                    xy_err_set(err, XY_INVALID, "“%s”须为至多 %d 项文字的数组",
                               xy_measure_column(k), XY_MEASURES_MAX_REFS);
                    err->field = name;
                    return XY_INVALID;
                }
                s = xy_arena_printf(req->a, "%s%s%s", s, i ? ";" : "", json_string_value(e));
            }
            in->cells[k] = s;
        } else {
            xy_err_set(err, XY_INVALID, "“%s”须为文字", xy_measure_column(k));
            err->field = name;
            return XY_INVALID;
        }
    }
    v = json_object_get(body, "reason");
    if (v && !json_is_string(v)) {
        xy_err_set(err, XY_INVALID, "修改原因须为文字");
        err->field = "reason";
        return XY_INVALID;
    }
    in->reason = v ? xy_arena_strdup(req->a, json_string_value(v)) : NULL;
    return XY_OK;
}

static xy_code save(struct xy_http_req *req, struct xy_http_resp *resp, enum xy_measure_op op,
                    long seq, struct xy_err *err)
{
    struct xy_measure_edit in = {.seq = seq};
    struct xy_measure_entry e;
    json_t *body, *s;
    struct xy_jw w;
    int changed;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = edit_of(req, body, &in, err)) != XY_OK)
        goto out;
    if (op == XY_MEASURE_CREATE && (s = json_object_get(body, "seq")) && !json_is_null(s)) {
        if (!json_is_integer(s) || json_integer_value(s) < 1 || json_integer_value(s) > 999999) {
            xy_err_set(err, XY_INVALID, "序号须为 1 至 999999 的整数");
            err->field = "seq";
            rc = XY_INVALID;
            goto out;
        }
        in.seq = (long)json_integer_value(s);
    }
    if ((rc = xy_measure_save(req->ctx, op, &in, req->a, &e, &changed, err)) != XY_OK)
        goto out;
    resp->status = op == XY_MEASURE_CREATE ? 201 : 200;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "changed", changed);
    xy_jw_key(&w, "measure");
    entry_json(&w, &e, 1);
    xy_jw_end(&w);
out:
    json_decref(body);
    return rc;
}

xy_code h_measures_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return save(req, resp, XY_MEASURE_CREATE, 0, err);
}

xy_code h_measure_put(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    long seq;
    xy_code rc = seq_arg(req, &seq, err);
    return rc != XY_OK ? rc : save(req, resp, XY_MEASURE_UPDATE, seq, err);
}

xy_code h_measure_delete(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    long seq;
    xy_code rc = seq_arg(req, &seq, err);
    return rc != XY_OK ? rc : save(req, resp, XY_MEASURE_WITHDRAW, seq, err);
}

/* ?format=csv|xlsx (default: the file name's, else csv). */
static xy_code format_of(struct xy_http_req *req, const char *file_name, enum xy_sheet_format *out,
                         struct xy_err *err)
{
    const char *f = xy_http_param(req, "format");

    if (f && strcmp(f, "csv") && strcmp(f, "xlsx")) {
        xy_err_set(err, XY_INVALID, "format 须为 csv 或 xlsx，实为“%.10s”", f);
        err->field = "format";
        return XY_INVALID;
    }
    *out = xy_sheet_format_of(f, file_name);
    return XY_OK;
}

xy_code h_measures_export_get(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err)
{
    enum xy_sheet_format f;
    const char *data;
    size_t len;
    xy_code rc;

    if ((rc = format_of(req, NULL, &f, err)) != XY_OK ||
        (rc = xy_measures_export_bytes(req->ctx, f, req->a, &data, &len, err)) != XY_OK)
        return rc;
    resp->content_type = f == XY_SHEET_XLSX
                             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                             : "text/csv; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE;
    resp->disposition = f == XY_SHEET_XLSX ? "attachment; filename=\"measures.xlsx\""
                                           : "attachment; filename=\"measures.csv\"";
    xy_buf_reset(&resp->body);
    xy_buf_add(&resp->body, data, len);
    return XY_OK;
}

/* The name of the upload: ?name=, else the X-File-Name header (percent-encoded). */
static const char *upload_name(struct xy_http_req *req)
{
    const char *n = xy_http_param(req, "name"), *h = req->file_name;
    char *out, *o;

    if (n && *n)
        return n;
    if (!h || !*h)
        return NULL;
    o = out = xy_arena_alloc(req->a, strlen(h) + 1);
    for (; *h; h++) {
        if (*h == '%' && isxdigit((unsigned char)h[1]) && isxdigit((unsigned char)h[2])) {
            char hex[3] = {h[1], h[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            h += 2;
        } else {
            *o++ = *h;
        }
    }
    *o = '\0';
    return out;
}

xy_code h_measures_import_post(struct xy_http_req *req, struct xy_http_resp *resp,
                               struct xy_err *err)
{
    const char *dry = xy_http_param(req, "dry_run"), *name = upload_name(req);
    struct xy_measure_import r;
    enum xy_sheet_format f;
    struct xy_jw w;
    xy_code rc;

    if (dry && strcmp(dry, "0") && strcmp(dry, "1")) {
        xy_err_set(err, XY_INVALID, "dry_run 须为 0 或 1");
        err->field = "dry_run";
        return XY_INVALID;
    }
    if (name && (strlen(name) > 200 || strchr(name, '/'))) {
        xy_err_set(err, XY_INVALID, "文件名须为至多 200 字节、不含 / 的文字");
        err->field = "name";
        return XY_INVALID;
    }
    if ((rc = format_of(req, name, &f, err)) != XY_OK ||
        (rc = xy_measures_import_bytes(req->ctx, req->body, req->body_len, name, f,
                                       dry && *dry == '1', req->a, &r, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "dry_run", r.dry_run);
    xy_jw_kint(&w, "rows", (long long)r.rows);
    xy_jw_kint(&w, "added", (long long)r.added);
    xy_jw_kint(&w, "updated", (long long)r.updated);
    xy_jw_kint(&w, "restored", (long long)r.restored);
    xy_jw_kint(&w, "unchanged", (long long)r.unchanged);
    xy_jw_kint(&w, "bad", (long long)r.bad);
    xy_jw_key(&w, "changes");
    xy_jw_arr(&w);
    for (size_t i = 0; i < r.nchanges; i++) {
        const struct xy_measure_change *c = &r.changes[i];
        xy_jw_obj(&w);
        xy_jw_kint(&w, "seq", c->seq);
        xy_jw_kstr(&w, "action", c->action);
        xy_jw_kstr(&w, "matter", c->matter);
        xy_jw_key(&w, "changed");
        xy_jw_arr(&w);
        for (size_t k = 0; k < c->ncolumns; k++)
            xy_jw_str(&w, xy_measure_json_key(xy_measure_column_of(c->columns[k])));
        xy_jw_end(&w);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_key(&w, "problems");
    xy_jw_arr(&w);
    for (size_t i = 0; i < r.nproblems; i++) {
        const struct xy_measure_import_problem *p = &r.problems[i];
        xy_jw_obj(&w);
        xy_jw_kint(&w, "line", p->line);
        xy_jw_kstr(&w, "column", p->column);
        xy_jw_kstr(&w, "message", p->message);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}
