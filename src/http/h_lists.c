/* h_lists.c - the lists on the portal, and the approval of black-list additions (layer: http)
 *
 * Each handler reads its parameters, calls service/lists.h or service/approvals.h and renders
 * the result; what is shown, masked, allowed and audited is decided there. Times of a decision
 * are China Standard Time ("2026-11-27T16:15:00+08:00"), as the cases' are. Shapes: docs/api.md
 * "Lists" and "List approvals".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/codes.h"
#include "http/handlers.h"
#include "service/approvals.h"
#include "service/lists.h"

#define MAX_REASON_BYTES 8192 /* the service counts characters; this bounds what it is given */

/* ---- GET /api/v1/lists ---- */

xy_code h_lists_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_list_summary *s;
    struct xy_jw w;
    size_t n;
    xy_code rc = xy_lists_summary(req->ctx, req->a, &s, &n, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    {
        char today[11];
        xy_date_format(xy_today(), today);
        xy_jw_kstr(&w, "as_of", today);
    }
    xy_jw_key(&w, "lists");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "item", s[i].item->id);
        xy_jw_kstr(&w, "name", s[i].item->name);
        xy_jw_kstr(&w, "kind", xy_list_kind_id(s[i].kind));
        xy_jw_kstr(&w, "kind_name", xy_list_kind_zh(s[i].kind));
        xy_jw_kstr(&w, "tab", xy_tab_id(s[i].item->tab));
        xy_jw_kstr(&w, "issuer", s[i].issuer);
        xy_jw_kstr(&w, "basis", s[i].basis);
        xy_jw_kstr(&w, "publicity", s[i].item->publicity_note);
        xy_jw_kint(&w, "duration_months", s[i].duration_months);
        xy_jw_kbool(&w, "second_approval", s[i].two_person);
        xy_jw_key(&w, "names");
        xy_jw_arr(&w);
        for (size_t k = 0; k < s[i].nnames; k++)
            xy_jw_str(&w, s[i].names[k]);
        xy_jw_end(&w);
        xy_jw_kint(&w, "in_effect", s[i].in_effect);
        xy_jw_kbool(&w, "in_effect_at_least", s[i].in_effect_at_least);
        xy_jw_kstr(&w, "last_updated", s[i].last_updated[0] ? s[i].last_updated : NULL);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

/* ---- GET /api/v1/lists/{item}/entries ---- */

xy_code h_list_entries_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_list_page p;
    struct xy_jw w;
    xy_code rc = xy_list_entries(req->ctx, req->args[0], xy_http_param_long(req, "page", 1),
                                 xy_http_param_long(req, "per_page", 20), req->a, &p, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "item", p.item->id);
    xy_jw_kstr(&w, "name", p.item->name);
    xy_jw_kstr(&w, "kind", xy_list_kind_id(xy_item_list_kind(p.item)));
    xy_jw_kint(&w, "page", (long long)p.page);
    xy_jw_kint(&w, "per_page", (long long)p.per_page);
    xy_jw_kbool(&w, "has_more", p.has_more);
    xy_jw_key(&w, "entries");
    xy_jw_arr(&w);
    for (size_t i = 0; i < p.n; i++) {
        const struct xy_pub_list_entry *e = &p.entries[i];
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "record", e->rec.id);
        xy_jw_key(&w, "subject");
        xy_http_subject_json(&w, &e->rec.subject, 0);
        xy_jw_kstr(&w, "list_name", e->list_name);
        xy_jw_kstr(&w, "document", e->document);
        xy_jw_kstr(&w, "entry_date", e->rec.decision_date);
        xy_jw_kstr(&w, "exit_date", e->rec.end_date && *e->rec.end_date ? e->rec.end_date : NULL);
        xy_jw_kstr(&w, "public_until", e->rec.public_until[0] ? e->rec.public_until : NULL);
        xy_jw_kbool(&w, "disputed", e->rec.disputed);
        xy_jw_key(&w, "department");
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", e->rec.dept_code);
        xy_jw_kstr(&w, "name", e->rec.dept_name);
        xy_jw_end(&w);
        xy_jw_kstr(&w, "href", xy_arena_printf(req->a, "record.html?id=%s", e->rec.id));
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

/* ---- approvals ---- */

static void approval_json(struct xy_jw *w, const struct xy_approval *v)
{
    xy_jw_obj(w);
    xy_jw_kint(w, "id", v->id);
    xy_jw_kstr(w, "state", xy_list_add_state_id(v->state));
    xy_jw_kstr(w, "state_name", xy_list_add_state_label(v->state));
    xy_jw_kstr(w, "item", v->item ? v->item->id : NULL);
    xy_jw_kstr(w, "item_name", v->item ? v->item->name : NULL);
    xy_jw_kstr(w, "list_kind", v->item ? xy_list_kind_id(xy_item_list_kind(v->item)) : NULL);
    xy_jw_key(w, "department");
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", v->dept_code);
    xy_jw_kstr(w, "name", v->dept_name);
    xy_jw_end(w);
    xy_jw_kstr(w, "submitted_by", v->submitted_by);
    xy_http_time_cst(w, "submitted_at", v->submitted_at);
    xy_jw_kstr(w, "decided_by", v->decided_by);
    xy_http_time_cst(w, "decided_at", v->decided_at);
    xy_jw_kstr(w, "reason", v->reason);
    xy_jw_kbool(w, "full", v->full);
    xy_jw_kbool(w, "may_decide", v->may_decide);
    xy_jw_key(w, "record");
    xy_http_record_json(w, &v->rec, v->full);
    xy_jw_key(w, "subject");
    xy_http_subject_json(w, &v->rec.subject, 0);
    xy_jw_end(w);
}

xy_code h_approvals_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *state = xy_http_param(req, "state");
    long limit = xy_http_param_long(req, "limit", 20);
    const char *before_s = xy_http_param(req, "before");
    long long before = 0;
    struct xy_approval *v;
    struct xy_jw w;
    size_t n;
    int more;
    xy_code rc;

    if (before_s && *before_s) {
        char *end;
        before = strlen(before_s) <= 18 && isdigit((unsigned char)*before_s)
                     ? strtoll(before_s, &end, 10)
                     : -1;
        if (before < 0 || *end) {
            xy_err_set(err, XY_INVALID, "before 须为名单列入编号");
            err->field = "before";
            return XY_INVALID;
        }
    }
    rc = xy_approvals_list(req->ctx, state ? state : "pending", before, limit, req->a, &v, &n,
                           &more, err);
    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "state", state ? state : "pending");
    xy_jw_kbool(&w, "has_more", more);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++)
        approval_json(&w, &v[i]);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_approval_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *decision, *reason;
    struct xy_approval v;
    struct xy_jw w;
    json_t *body, *r;
    int64_t id;
    xy_code rc;

    if ((rc = xy_http_path_id(req, 0, "名单列入", &id, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "decision", &decision, err)) != XY_OK)
        goto out;
    r = json_object_get(body, "reason");
    reason = NULL;
    if (r && !json_is_null(r)) {
        if (!json_is_string(r)) {
            rc = xy_err_set(err, XY_INVALID, "\"reason\" 应为文本");
            err->field = "reason";
            goto out;
        }
        if (strlen(json_string_value(r)) > MAX_REASON_BYTES) {
            rc = xy_err_set(err, XY_TOO_LARGE, "理由过长（最多%d字节）", MAX_REASON_BYTES);
            err->field = "reason";
            goto out;
        }
        reason = json_string_value(r);
    }
    if ((rc = xy_approval_decide(req->ctx, (int64_t)id, decision, reason, req->a, &v, err)) !=
        XY_OK)
        goto out;
    xy_http_begin_json(resp, &w);
    approval_json(&w, &v);
out:
    json_decref(body);
    return rc;
}
