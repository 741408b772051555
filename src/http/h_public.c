/* h_public.c - search, credit files, records, 双公示 and lists as JSON (layer: http)
 *
 * Each handler reads its parameters, calls one function of service/public.h and renders the
 * result; what may be shown (and masked) is decided there, not here. Shapes: docs/api.md.
 */
#include <jansson.h>
#include <string.h>

#include "base/json.h"
#include "domain/codes.h"
#include "http/handlers.h"
#include "service/cases.h"
#include "service/public.h"

void xy_http_subject_json(struct xy_jw *w, const struct xy_pub_subject *s, int with_idents)
{
    xy_jw_obj(w);
    xy_jw_kstr(w, "id", s->id[0] ? s->id : NULL);
    xy_jw_kstr(w, "code", s->code);
    xy_jw_kstr(w, "name", s->name);
    xy_jw_kstr(w, "kind", xy_kind_id(s->kind));
    xy_jw_kstr(w, "kind_name", xy_kind_zh(s->kind));
    xy_jw_kbool(w, "masked", s->masked);
    if (with_idents) {
        xy_jw_key(w, "identifiers");
        xy_jw_arr(w);
        for (size_t i = 0; i < s->nidents; i++) {
            xy_jw_obj(w);
            xy_jw_kstr(w, "type", xy_ident_type_id(s->idents[i].type));
            xy_jw_kstr(w, "type_name", xy_ident_type_zh(s->idents[i].type));
            xy_jw_kstr(w, "value", s->idents[i].value);
            xy_jw_end(w);
        }
        xy_jw_end(w);
    }
    xy_jw_end(w);
}

/* The repair window of a penalty record: what the portal shows next to it (DOMAIN.md §4). */
static void repair_json(struct xy_jw *w, const struct xy_pub_record *r)
{
    static const struct {
        const char *id;
        enum xy_repair_window w;
    } windows[] = {
        {"not_yet", XY_REPAIR_NOT_YET},
        {"possible", XY_REPAIR_POSSIBLE},
        {"not_needed", XY_REPAIR_NOT_NEEDED},
    };

    for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++) {
        if (strcmp(r->repair_window, windows[i].id))
            continue;
        xy_jw_key(w, "repair");
        xy_jw_obj(w);
        xy_jw_kstr(w, "window", windows[i].id);
        xy_jw_kstr(w, "from", r->repairable_from[0] ? r->repairable_from : NULL);
        xy_jw_kstr(w, "label", xy_repair_window_label(windows[i].w));
        xy_jw_end(w);
        return;
    }
}

/* The members of a record object. full: a non-public view (who sees it, hidden, archived);
 * repair: the penalty's repair window (the record page and full views). */
static void record_members(struct xy_jw *w, const struct xy_pub_record *r, int full, int repair)
{
    xy_jw_kstr(w, "id", r->id);
    xy_jw_kstr(w, "item", r->item->id);
    xy_jw_kstr(w, "item_name", r->item->name);
    xy_jw_kint(w, "category", r->item->category);
    xy_jw_kstr(w, "category_name", xy_category_zh(r->item->category));
    xy_jw_kstr(w, "tab", xy_tab_id(r->item->tab));
    xy_jw_kstr(w, "tab_name", xy_tab_zh(r->item->tab));
    xy_jw_key(w, "department");
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", r->dept_code);
    xy_jw_kstr(w, "name", r->dept_name);
    xy_jw_end(w);
    xy_jw_kstr(w, "decision_date", r->decision_date);
    xy_jw_kstr(w, "public_until", r->public_until[0] ? r->public_until : NULL);
    xy_jw_kstr(w, "end_date", r->end_date && *r->end_date ? r->end_date : NULL);
    xy_jw_kbool(w, "disputed", r->disputed);
    if (full) {
        xy_jw_kbool(w, "public", r->public_now);
        xy_jw_kbool(w, "hidden", r->hidden);
        xy_jw_kbool(w, "archived", r->archived);
    }
    if (repair && r->repair_window)
        repair_json(w, r);
    xy_jw_kint(w, "version", r->version);
    xy_jw_key(w, "fields");
    xy_jw_arr(w);
    for (size_t i = 0; i < r->nfields; i++) {
        xy_jw_obj(w);
        xy_jw_kstr(w, "code", r->fields[i].code);
        xy_jw_kstr(w, "name", r->fields[i].name);
        xy_jw_kstr(w, "value", r->fields[i].value);
        xy_jw_end(w);
    }
    xy_jw_end(w);
}

void xy_http_record_json(struct xy_jw *w, const struct xy_pub_record *r, int full)
{
    xy_jw_obj(w);
    record_members(w, r, full, full);
    xy_jw_end(w);
}

static void page_head(struct xy_jw *w, const struct xy_pub_page *p)
{
    xy_jw_kint(w, "page", (long long)p->page);
    xy_jw_kint(w, "per_page", (long long)p->per_page);
    xy_jw_kbool(w, "has_more", p->has_more);
}

static long per_page_of(const struct xy_http_req *req)
{
    return xy_http_param_long(req, "per_page", 20);
}

xy_code h_subjects_search(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_pub_page p;
    struct xy_jw w;
    const char *q = xy_http_param(req, "q");
    xy_code rc = xy_public_search(req->ctx, q, xy_http_param_long(req, "page", 1), per_page_of(req),
                                  req->a, &p, err);

    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "q", xy_public_echo(q, req->a)); /* an ID number is never sent back whole */
    xy_jw_kstr(&w, "match", p.match);
    page_head(&w, &p);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < p.n; i++)
        xy_http_subject_json(&w, &p.subjects[i], 0);
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_person_search(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_error_t jerr;
    json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    struct xy_pub_subject s;
    const char *name = NULL, *idno = NULL;
    struct xy_jw w;
    xy_code rc;

    if (!body)
        /* the position only: jansson's text quotes the body, which may hold an ID number */
        return xy_err_set(err, XY_PARSE, "请求内容不是合法的 JSON（第%d行第%d列）", jerr.line,
                          jerr.column);
    if (!json_is_object(body)) {
        rc = xy_err_set(err, XY_INVALID, "请求内容应为 JSON 对象，如 {\"name\":…,\"id_number\":…}");
        goto out;
    }
    if ((rc = xy_http_body_string(body, "name", &name, err)) != XY_OK ||
        (rc = xy_http_body_string(body, "id_number", &idno, err)) != XY_OK)
        goto out;
    if ((rc = xy_public_person(req->ctx, name, idno, req->a, &s, err)) != XY_OK)
        goto out;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "match", "person");
    xy_jw_kint(&w, "page", 1);
    xy_jw_kint(&w, "per_page", 1);
    xy_jw_kbool(&w, "has_more", 0);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    xy_http_subject_json(&w, &s, 0);
    xy_jw_end(&w);
    xy_jw_end(&w);
out:
    json_decref(body); /* the name and number go no further than this request */
    return rc;
}

void xy_http_file_json(struct xy_http_resp *resp, const struct xy_pub_file *f, int full)
{
    struct xy_jw w;

    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "subject");
    xy_http_subject_json(&w, &f->subject, 1);
    xy_jw_kstr(&w, "as_of", f->as_of);
    if (full)
        xy_jw_kbool(&w, "private", 1);
    xy_jw_key(&w, "tabs");
    xy_jw_arr(&w);
    for (int t = 0; t < XY_TAB_COUNT; t++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "tab", xy_tab_id((enum xy_tab)t));
        xy_jw_kstr(&w, "tab_name", xy_tab_zh((enum xy_tab)t));
        xy_jw_kint(&w, "count", (long long)f->tab_n[t]);
        xy_jw_key(&w, "records");
        xy_jw_arr(&w);
        for (size_t i = 0; i < f->tab_shown[t]; i++)
            xy_http_record_json(&w, &f->tab_records[t][i], full);
        xy_jw_end(&w);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
}

xy_code h_subject_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_pub_file f;
    xy_code rc = xy_public_file(req->ctx, req->args[0], req->a, &f, err);

    if (rc != XY_OK)
        return rc;
    xy_http_file_json(resp, &f, 0);
    return XY_OK;
}

xy_code h_record_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_pub_record r;
    struct xy_record_version *hist;
    size_t nhist;
    struct xy_jw w;
    xy_code rc = xy_public_record(req->ctx, req->args[0], req->a, &r, err);

    if (rc != XY_OK ||
        (rc = xy_record_history(req->ctx, req->args[0], req->a, &hist, &nhist, err)) != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_key(&w, "record");
    xy_jw_obj(&w);
    record_members(&w, &r, 0, 1);
    /* the versions: where each came from and which fields changed (names only: old values
     * are not republished) */
    xy_jw_key(&w, "history");
    xy_jw_arr(&w);
    for (size_t i = 0; i < nhist; i++) {
        xy_jw_obj(&w);
        xy_jw_kint(&w, "version", hist[i].version);
        xy_jw_kstr(&w, "received", hist[i].received[0] ? hist[i].received : NULL);
        xy_jw_kstr(&w, "source", hist[i].source);
        xy_jw_key(&w, "changed");
        xy_jw_arr(&w);
        for (size_t k = 0; k < hist[i].nchanged; k++)
            xy_jw_str(&w, hist[i].changed[k]);
        xy_jw_end(&w);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    xy_jw_key(&w, "subject");
    xy_http_subject_json(&w, &r.subject, 0);
    xy_jw_end(&w);
    return XY_OK;
}

static xy_code browse(struct xy_http_req *req, struct xy_http_resp *resp, const char *item,
                      int lists_only, struct xy_err *err)
{
    struct xy_pub_page p;
    struct xy_jw w;
    xy_code rc =
        xy_public_browse(req->ctx, item, xy_http_param(req, "dept"), xy_http_param(req, "from"),
                         xy_http_param(req, "to"), lists_only, xy_http_param_long(req, "page", 1),
                         per_page_of(req), req->a, &p, err);
    if (rc != XY_OK)
        return rc;
    xy_http_begin_json(resp, &w);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "item", item);
    page_head(&w, &p);
    xy_jw_key(&w, "items");
    xy_jw_arr(&w);
    for (size_t i = 0; i < p.n; i++) {
        xy_jw_obj(&w);
        xy_jw_key(&w, "record");
        xy_http_record_json(&w, &p.records[i], 0);
        xy_jw_key(&w, "subject");
        xy_http_subject_json(&w, &p.records[i].subject, 0);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    return XY_OK;
}

xy_code h_records_browse(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *item = xy_http_param(req, "item");
    if (!item || !*item) {
        xy_err_set(err, XY_INVALID, "请给出信息类别 item（如 xzxk 行政许可、xzcf 行政处罚）");
        err->field = "item";
        return XY_INVALID;
    }
    return browse(req, resp, item, 0, err);
}

xy_code h_list_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    return browse(req, resp, req->args[0], 1, err);
}
