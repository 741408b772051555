/* h_audit.c - the auditor's search and chain check, and a subject's "who read my information"
 * (layer: http)
 *
 * The service checks the permission (audit.read, or self.read for the subject's own reads)
 * and audits the search itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "http/handlers.h"
#include "service/audit.h"
#include "service/dept.h"

/* at in unix milliseconds as "YYYY-MM-DDTHH:MM:SSZ" */
static void at_json(struct xy_jw *w, int64_t at_ms)
{
    char buf[21];
    xy_time_format(at_ms / 1000, buf);
    xy_jw_kstr(w, "at", buf);
}

static void row_json(struct xy_jw *w, const struct xy_audit_row *r)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "seq", r->seq);
    at_json(w, r->at);
    xy_jw_kstr(w, "actor", r->actor);
    xy_jw_kstr(w, "role", r->role);
    if (r->dept_id)
        xy_jw_kint(w, "dept_id", r->dept_id);
    else {
        xy_jw_key(w, "dept_id");
        xy_jw_null(w);
    }
    xy_jw_kstr(w, "client", r->client);
    xy_jw_kstr(w, "action", r->action);
    xy_jw_kstr(w, "target", r->target);
    if (r->subject_id)
        xy_jw_kint(w, "subject_id", r->subject_id);
    else {
        xy_jw_key(w, "subject_id");
        xy_jw_null(w);
    }
    xy_jw_kstr(w, "purpose", r->purpose);
    xy_jw_kstr(w, "result", r->result);
    xy_jw_kstr(w, "detail", r->detail);
    xy_jw_end(w);
}

/* "YYYY-MM-DD" as the first (or, with end, the last) millisecond of that day in UTC+8. */
static int day_ms(const char *s, int end, int64_t *out)
{
    int y, m, d;
    char tail;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        !xy_date_valid(y, m, d))
        return -1;
    *out = ((int64_t)xy_days_from_civil(y, m, d) * 86400 - 8 * 3600) * 1000;
    if (end)
        *out += 86400 * 1000LL - 1;
    return 0;
}

static xy_code bad(struct xy_err *err, const char *field, const char *msg)
{
    xy_err_set(err, XY_INVALID, "%s", msg);
    err->field = field;
    return XY_INVALID;
}

xy_code h_audit_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_audit_filter f = {0};
    struct xy_audit_row *rows;
    const char *from = xy_http_param(req, "from"), *to = xy_http_param(req, "to");
    long limit = xy_http_param_long(req, "limit", 100);
    long before = xy_http_param_long(req, "before", 0);
    long subject = xy_http_param_long(req, "subject_id", 0);
    struct xy_jw w;
    size_t n;
    xy_code rc;

    if (limit < 1 || limit > XY_AUDIT_SEARCH_MAX)
        return bad(err, "limit", "limit 须为 1 到 1000");
    if (before < 0)
        return bad(err, "before", "before 须为审计记录序号");
    if (subject < 0)
        return bad(err, "subject_id", "subject_id 须为主体内部编号");
    if (from && day_ms(from, 0, &f.from_ms))
        return bad(err, "from", "from 须为 YYYY-MM-DD 格式的日期");
    if (to && day_ms(to, 1, &f.to_ms))
        return bad(err, "to", "to 须为 YYYY-MM-DD 格式的日期");
    f.actor = xy_http_param(req, "actor");
    f.action = xy_http_param(req, "action");
    if (f.actor && !*f.actor)
        f.actor = NULL;
    if (f.action && !*f.action)
        f.action = NULL;
    f.subject_id = subject;
    f.max_seq = before ? before - 1 : 0;
    f.limit = (size_t)limit + 1; /* one more: is there a next page? */
    if ((rc = xy_audit_search(req->ctx, &f, req->a, &rows, &n, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "has_more", n > (size_t)limit);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n && i < (size_t)limit; i++)
        row_json(&w, &rows[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_audit_verify_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_audit_report *rep = xy_arena_alloc(req->a, sizeof(*rep));
    struct xy_jw w;
    xy_code rc = xy_audit_verify(req->ctx, NULL, req->a, rep, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kbool(&w, "ok", rep->nproblems == 0);
    xy_jw_kint(&w, "rows", rep->rows);
    xy_jw_kint(&w, "first_seq", rep->first_seq);
    xy_jw_kint(&w, "last_seq", rep->last_seq);
    xy_jw_kint(&w, "checkpoints", rep->checkpoints);
    xy_jw_key(&w, "problems");
    xy_jw_arr(&w);
    for (size_t i = 0; i < rep->nproblems; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", rep->problems[i].code);
        xy_jw_kint(&w, "seq", rep->problems[i].seq);
        xy_jw_kstr(&w, "message", rep->problems[i].message);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_key(&w, "problem");
    if (rep->nproblems) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", rep->problems[0].code);
        xy_jw_kstr(&w, "message", rep->problems[0].message);
        xy_jw_kint(&w, "seq", rep->problems[0].seq);
        xy_jw_end(&w);
    } else {
        xy_jw_null(&w);
    }
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_me_reads_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_audit_row *rows;
    struct xy_dept *depts;
    struct xy_jw w;
    size_t n, nd;
    xy_code rc;

    if (!req->who.subject_id)
        return xy_err_set(err, XY_DENIED, "账号尚未完成实名核验");
    if ((rc = xy_audit_subject_reads(req->ctx, req->who.subject_id, req->a, &rows, &n, err)) !=
        XY_OK)
        return rc;
    if ((rc = xy_dept_list(req->ctx, req->a, &depts, &nd, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        const char *dept = NULL;
        for (size_t k = 0; k < nd && rows[i].dept_id; k++)
            if (depts[k].id == rows[i].dept_id)
                dept = depts[k].name;
        /* the subject learns which body read and why, not the official's login */
        enum xy_role r = xy_role_from_name(rows[i].role);
        xy_jw_obj(&w);
        at_json(&w, rows[i].at);
        xy_jw_kstr(&w, "role_name", xy_role_label(r));
        xy_jw_kstr(&w, "actor_dept", dept ? dept : "市公共信用信息管理机构（信用办）");
        xy_jw_kstr(&w, "purpose", rows[i].purpose);
        xy_jw_kstr(&w, "result", rows[i].result);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}
