/* rescreen.c - the re-screening queue (复核队列) (layer: service)
 *
 * Entries are compared by natural key (item, department, key), not by record row id: a
 * corrected entry is a new version with a new row id and is still the entry the department
 * was told about. The queued row keeps every entry in effect now (state new or kept) and every
 * entry told that is gone (state gone), with row ids that the next run reads back as what the
 * department was told. Runs are paged (a page of subjects read and evaluated outside any
 * transaction, its rows queued in a short one) so that memory stays
 * bounded whatever the number of subjects screened.
 */
#include "service/rescreen.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "domain/publicity.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/checks.h"
#include "service/public.h"

#define DAY_MS         (86400LL * 1000)
#define PAGE           1000 /* subjects per page */
#define NOTE_MAX_CHARS 500

/* ---- a run ---- */

struct entry {
    const struct xy_record *r; /* NULL: a told record no longer stored */
    int64_t id;
    const char *ident;
    const char *state;
};

static const char *ident_of(struct xy_arena *a, const struct xy_record *r)
{
    return xy_arena_printf(a, "%s\x1f%s\x1f%s", r->item ? r->item : "",
                           r->dept_uscc ? r->dept_uscc : "", r->key ? r->key : "");
}

static void entry_json(struct xy_ctx *ctx, struct xy_jw *w, const struct entry *e,
                       struct xy_arena *a)
{
    const struct xy_item *item = e->r ? xy_catalog_item(ctx->cat, e->r->item) : NULL;

    xy_jw_obj(w);
    xy_jw_kint(w, "id", e->id);
    xy_jw_kstr(w, "state", e->state);
    if (item) {
        const char *name = xy_record_value(e->r, item, item->list_name_field);
        const char *end = xy_record_value(e->r, item, item->role_field[XY_ROLE_END_DATE]);
        xy_jw_kstr(w, "item", item->id);
        xy_jw_kstr(w, "list_name", name && xy_item_has_list_name(item, name) ? name : item->name);
        xy_jw_kstr(w, "entry_date", e->r->decision_date);
        xy_jw_kstr(w, "end_date", end && *end ? end : NULL);
        xy_jw_kstr(w, "document", xy_check_document(e->r, item, a));
    }
    xy_jw_end(w);
}

/* Compare what s was told with what is in effect now; queue a row when they differ. */
static xy_code one(struct xy_ctx *ctx, const struct xy_screened *s, int today, int64_t version,
                   int64_t now, struct xy_arena *a, struct xy_rescreen *row, int *queue,
                   struct xy_err *err)
{
    struct xy_record *recs;
    size_t nrecs, ntold = 0, nnew = 0, ngone = 0;
    struct entry *told = xy_arena_zalloc(a, (s->ntold + 1) * sizeof(*told));
    struct entry *cur;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_jw w;
    xy_code rc;

    *queue = 0;
    memset(row, 0, sizeof(*row));

    if ((rc = xy_check_subject_hits(ctx, s->subject_id, today, a, &recs, &nrecs, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < s->ntold; i++) {
        struct xy_record *r = xy_arena_zalloc(a, sizeof(*r));
        rc = xy_store_record_get(ctx->store, s->told[i], a, r, err);
        if (rc != XY_OK && rc != XY_NOT_FOUND)
            return rc;
        told[ntold].r = rc == XY_OK ? r : NULL;
        told[ntold].id = s->told[i];
        told[ntold].ident =
            rc == XY_OK ? ident_of(a, r) : xy_arena_printf(a, "#%lld", (long long)s->told[i]);
        told[ntold++].state = "gone";
    }
    cur = xy_arena_zalloc(a, (nrecs + 1) * sizeof(*cur));
    for (size_t i = 0; i < nrecs; i++) {
        cur[i].r = &recs[i];
        cur[i].id = recs[i].id;
        cur[i].ident = ident_of(a, &recs[i]);
        cur[i].state = "new";
        for (size_t k = 0; k < ntold; k++)
            if (!strcmp(told[k].ident, cur[i].ident)) {
                cur[i].state = "kept";
                told[k].state = "kept";
            }
        nnew += !strcmp(cur[i].state, "new");
    }
    for (size_t k = 0; k < ntold; k++)
        ngone += !strcmp(told[k].state, "gone");
    if (!nnew && !ngone)
        return XY_OK;
    xy_jw_init(&w, &b);
    xy_jw_arr(&w);
    for (size_t i = 0; i < nrecs; i++)
        entry_json(ctx, &w, &cur[i], a);
    for (size_t k = 0; k < ntold; k++)
        if (!strcmp(told[k].state, "gone"))
            entry_json(ctx, &w, &told[k], a);
    xy_jw_end(&w);
    row->dept_id = s->dept_id;
    row->check_id = s->check_id;
    row->subject_no = s->subject_no < 0 ? 0 : s->subject_no;
    row->subject_id = s->subject_id;
    row->change = nnew ? "hit" : "cleared";
    row->records = xy_arena_strndup(a, b.data, b.len);
    row->list_version = version;
    row->queued_at = now;
    row->after_id = s->told_row;
    xy_buf_release(&b);
    *queue = 1;
    return XY_OK;
}

/* Queue the rows of one page in one short transaction, with one audit row when any was
 * queued; a row another run queued since the page was read is skipped. */
static xy_code queue_page(struct xy_ctx *ctx, struct xy_rescreen *rows, size_t n, long window,
                          int64_t version, int *queued, struct xy_err *err)
{
    char detail[96];
    int q = 0;
    xy_code rc;

    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < n && rc == XY_OK; i++) {
        struct xy_err lost;
        rc = xy_store_rescreen_put(ctx->store, &rows[i], &lost);
        if (rc == XY_OK)
            q++;
        else if (rc == XY_CONFLICT)
            rc = XY_OK;
        else
            *err = lost;
    }
    snprintf(detail, sizeof(detail), "queued=%d window_days=%ld list_version=%lld", q, window,
             (long long)version);
    if (rc == XY_OK && q)
        rc = xy_audit_append(
            ctx,
            &(struct xy_audit_event){
                .action = "rescreen.run", .target = "rescreens", .result = "ok", .detail = detail},
            err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    if (rc != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    *queued = q;
    return XY_OK;
}

static xy_code list_version(struct xy_ctx *ctx, struct xy_arena *a, int64_t *v, struct xy_err *err)
{
    size_t n;
    const char *const *items = xy_check_list_items(ctx, a, &n);

    return xy_store_list_version(ctx->store, items, n, v, err);
}

xy_code xy_rescreen_run(struct xy_ctx *ctx, int64_t *queued, struct xy_err *err)
{
    long window = ctx->cfg && ctx->cfg->joint_rescreen_window_days > 0
                      ? ctx->cfg->joint_rescreen_window_days
                      : 90;
    int64_t now = xy_now_ms(), since = now - window * DAY_MS, version = 0;
    int64_t after_dept = -1, after_subject = 0;
    int today = xy_today();
    xy_code rc;

    *queued = 0;
    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK)
        return rc;
    /* each page is read and evaluated outside any transaction (the window is collected once,
     * on the first page: store.h), so the write lock is held only while its rows are queued */
    for (;;) {
        struct xy_arena *a = xy_arena_new();
        struct xy_screened *v = NULL;
        struct xy_rescreen *rows;
        size_t n = 0, nrows = 0;
        int q = 0;

        rc = list_version(ctx, a, &version, err);
        if (rc == XY_OK)
            rc = xy_store_screened(ctx->store, since, after_dept, after_subject, PAGE, a, &v, &n,
                                   err);
        rows = xy_arena_zalloc(a, (n + 1) * sizeof(*rows));
        for (size_t i = 0; i < n && rc == XY_OK; i++) {
            int queue;
            rc = one(ctx, &v[i], today, version, now, a, &rows[nrows], &queue, err);
            nrows += queue;
        }
        if (rc == XY_OK && nrows)
            rc = queue_page(ctx, rows, nrows, window, version, &q, err);
        if (rc != XY_OK) {
            xy_arena_free(a);
            return rc;
        }
        *queued += q;
        if (n) {
            after_dept = v[n - 1].dept_id;
            after_subject = v[n - 1].subject_id;
        }
        xy_arena_free(a);
        if (n < PAGE)
            return XY_OK;
    }
}

xy_code xy_rescreen_tick(struct xy_ctx *ctx, int64_t *version, int *day,
                         unsigned long long *generation, int64_t *queued, int *ran,
                         struct xy_err *err)
{
    unsigned long long gen = xy_check_lists_generation();
    struct xy_principal sys = {.role = XY_R_OPERATOR, .login = "system:rescreen"};
    const struct xy_principal *saved = ctx->who;
    struct xy_arena *a = xy_arena_new();
    int64_t v = 0;
    int today = xy_today();
    xy_code rc;

    *queued = 0;
    *ran = 0;
    rc = list_version(ctx, a, &v, err);
    xy_arena_free(a);
    if (rc != XY_OK || (v == *version && today == *day && gen == *generation))
        return rc;
    /* the server's own run: audited as the system, not as whoever last used the connection */
    ctx->who = &sys;
    rc = xy_rescreen_run(ctx, queued, err);
    ctx->who = saved;
    if (rc != XY_OK)
        return rc;
    *version = v;
    *day = today;
    *generation = gen;
    *ran = 1;
    return XY_OK;
}

/* ---- the queue ---- */

static void view_of(struct xy_ctx *ctx, const struct xy_rescreen *r, struct xy_arena *a,
                    struct xy_rescreen_view *v)
{
    json_t *root = r->records ? json_loads(r->records, 0, NULL) : NULL;
    const struct xy_scenario *sc =
        ctx->scenarios && r->scenario ? xy_scenario_find(ctx->scenarios, r->scenario) : NULL;
    size_t n = json_is_array(root) ? json_array_size(root) : 0;

    memset(v, 0, sizeof(*v));
    v->r = *r;
    v->scenario_name = sc ? sc->name : NULL;
    v->entries = xy_arena_zalloc(a, (n + 1) * sizeof(*v->entries));
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(root, i);
        struct xy_rescreen_entry *e = &v->entries[v->nentries];
        struct xy_err ignored;
        json_int_t id = json_integer_value(json_object_get(o, "id"));
#define STR(k)                                                                                     \
    (json_is_string(json_object_get(o, k))                                                         \
         ? xy_arena_strdup(a, json_string_value(json_object_get(o, k)))                            \
         : NULL)
        if (id <= 0 ||
            xy_store_public_id(ctx->store, XY_ID_RECORD, (int64_t)id, e->record, &ignored) != XY_OK)
            e->record[0] = '\0';
        e->list = STR("item");
        e->list_name = STR("list_name");
        e->entry_date = STR("entry_date");
        e->end_date = STR("end_date");
        e->document = STR("document");
        e->state = STR("state");
#undef STR
        v->nentries++;
    }
    json_decref(root);
}

xy_code xy_rescreen_list(struct xy_ctx *ctx, const char *state, long before, long limit,
                         struct xy_arena *a, struct xy_rescreen_view **out, size_t *n,
                         int *has_more, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_rescreen *rows = NULL;
    size_t k = 0;
    int done;
    char detail[64];
    xy_code rc;

    *out = NULL;
    *n = 0;
    *has_more = 0;
    if ((rc = xy_authz_require(who, XY_PERM_CHECK, err)) != XY_OK)
        return rc;
    if (!state || !strcmp(state, "open"))
        done = 0;
    else if (!strcmp(state, "done"))
        done = 1;
    else {
        xy_err_set(err, XY_INVALID, "state 应为 open（待处理）或 done（已处理），收到“%.32s”",
                   state);
        err->field = "state";
        return XY_INVALID;
    }
    if (limit < 1 || limit > XY_RESCREEN_LIST_MAX) {
        xy_err_set(err, XY_INVALID, "limit 应为 1 至 %d 的整数，收到 %ld", XY_RESCREEN_LIST_MAX,
                   limit);
        err->field = "limit";
        return XY_INVALID;
    }
    if (before < 0) {
        xy_err_set(err, XY_INVALID, "before 应为复核事项编号（正整数），用于翻页");
        err->field = "before";
        return XY_INVALID;
    }
    snprintf(detail, sizeof(detail), "state=%s", done ? "done" : "open");
    /* which subjects a department screened and that are listed now is not public */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    /* one more tells whether there is a next page */
    if ((rc = xy_store_rescreen_list(ctx->store, who->role == XY_R_OPERATOR ? -1 : who->dept_id,
                                     done, before, (size_t)limit + 1, a, &rows, &k, err)) !=
            XY_OK ||
        (rc = xy_audit_append(ctx,
                              &(struct xy_audit_event){.action = "rescreen.list",
                                                       .target = "rescreens",
                                                       .result = "ok",
                                                       .detail = detail},
                              err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    if (k > (size_t)limit) {
        *has_more = 1;
        k = (size_t)limit;
    }
    *out = xy_arena_zalloc(a, (k + 1) * sizeof(**out));
    for (size_t i = 0; i < k; i++)
        view_of(ctx, &rows[i], a, &(*out)[i]);
    *n = k;
    return XY_OK;
}

xy_code xy_rescreen_done(struct xy_ctx *ctx, int64_t id, const char *note, struct xy_arena *a,
                         struct xy_rescreen_view *out, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_rescreen r;
    char target[32];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_authz_require(who, XY_PERM_CHECK, err)) != XY_OK)
        return rc;
    rc = xy_store_rescreen_get(ctx->store, id, a, &r, err);
    /* another department's row answers like a missing one */
    if (rc == XY_OK && who->role != XY_R_OPERATOR && r.dept_id != who->dept_id)
        rc = XY_NOT_FOUND;
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的复核事项", (long long)id);
    if (rc != XY_OK)
        return rc;
    if (r.done_at)
        return xy_err_set(err, XY_CONFLICT, "复核事项 %lld 已处理", (long long)id);
    if (note && *note) {
        long chars = xy_utf8_chars(note, strlen(note));
        if (chars < 0 || chars > NOTE_MAX_CHARS) {
            xy_err_set(err, XY_INVALID, "处理说明 note 须为 UTF-8 文本，最多%d个字",
                       NOTE_MAX_CHARS);
            err->field = "note";
            return XY_INVALID;
        }
    }
    snprintf(target, sizeof(target), "rescreen:%lld", (long long)id);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_rescreen_done(ctx->store, id, who->login ? who->login : "unknown",
                                     note && *note ? note : NULL, xy_now_ms(), err)) != XY_OK ||
        (rc = xy_audit_append(ctx,
                              &(struct xy_audit_event){.action = "rescreen.done",
                                                       .target = target,
                                                       .subject_id = r.subject_id,
                                                       .result = "ok"},
                              err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    if ((rc = xy_store_rescreen_get(ctx->store, id, a, &r, err)) != XY_OK)
        return rc;
    view_of(ctx, &r, a, out);
    return XY_OK;
}
