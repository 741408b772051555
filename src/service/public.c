/* public.c - the public's view of the credit files (layer: service)
 *
 * One place decides what the anonymous public sees: the item is 公开, the record is inside its
 * publicity window today (domain/publicity.c, evaluated per request, no nightly job), and
 * personal data is masked (domain/mask.c). The HTTP adapter renders what comes out of here and
 * adds nothing.
 */
#include "service/public.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/time.h"
#include "domain/mask.h"
#include "domain/publicity.h"
#include "domain/record.h"
#include "domain/remedy.h"
#include "service/query.h"

/* records read from the store per round while filling a page of visible ones, and at most in
 * one request: a range of expired rows costs a bounded read, never a scan of the item */
#define BROWSE_CHUNK    200
#define BROWSE_MAX_ROWS 5000

static xy_code check_paging(const struct xy_ctx *ctx, long page, long per_page, struct xy_err *err)
{
    if (page < 1) {
        xy_err_set(err, XY_INVALID, "页码须为从1开始的整数");
        err->field = "page";
        return XY_INVALID;
    }
    if (per_page < 1 || per_page > ctx->cfg->http_max_per_page) {
        xy_err_set(err, XY_INVALID, "每页条数须在1到%ld之间", ctx->cfg->http_max_per_page);
        err->field = "per_page";
        return XY_INVALID;
    }
    if ((page - 1) * per_page + per_page > ctx->cfg->http_max_results) {
        xy_err_set(err, XY_INVALID, "只提供前%ld条结果，请缩小查询范围",
                   ctx->cfg->http_max_results);
        err->field = "page";
        return XY_INVALID;
    }
    return XY_OK;
}

/* A subject as the public sees it. A natural person's id is given only to whoever found them
 * by name and ID number (or holds the id already): a record shown on a 双公示 or list page
 * must not lead to everything else on that person's file. */
static xy_code summarize(struct xy_ctx *ctx, const struct xy_subject *s, int give_person_id,
                         struct xy_arena *a, struct xy_pub_subject *out, struct xy_err *err)
{
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((s->kind != XY_KIND_PERSON || give_person_id) &&
        (rc = xy_store_public_id(ctx->store, XY_ID_SUBJECT, s->id, out->id, err)) != XY_OK)
        return rc;
    out->kind = s->kind;
    if (s->kind == XY_KIND_PERSON) {
        struct xy_ident *id = xy_arena_alloc(a, sizeof(*id));
        out->masked = 1;
        out->code = xy_mask_idno(a, s->code ? s->code : "");
        out->name = xy_mask_name(a, s->name ? s->name : "");
        id->type = s->code_type;
        id->value = out->code;
        out->idents = id;
        out->nidents = 1;
    } else {
        out->code = s->code;
        out->name = s->name;
        out->idents = s->idents;
        out->nidents = s->nidents;
    }
    return XY_OK;
}

const char *xy_record_value(const struct xy_record *r, const struct xy_item *item, int fi)
{
    if (fi < 0 || (size_t)fi >= item->nfields)
        return NULL;
    for (size_t i = 0; i < r->nfields; i++)
        if (!strcmp(r->fields[i].code, item->fields[fi].code))
            return r->fields[i].value;
    return NULL;
}

static const char *field_value(const struct xy_record *r, const struct xy_item *item, int role)
{
    return xy_record_value(r, item, item->role_field[role]);
}

xy_code xy_record_publicity(struct xy_ctx *ctx, const struct xy_record *r,
                            const struct xy_item *item, int today, struct xy_publicity *out,
                            struct xy_err *err)
{
    struct xy_publicity_in in = {
        .decision_date = r->decision_date,
        .end_date = field_value(r, item, XY_ROLE_END_DATE),
        .penalty_types = field_value(r, item, XY_ROLE_PENALTY_TYPES),
        .penalty_basis = field_value(r, item, XY_ROLE_PENALTY_BASIS),
    };
    return xy_publicity_eval(ctx->rules, item, &in, today, out, err);
}

/* The catalogue field of a stored field code. Values are stored in the item's field order, so
 * the field after the previous one is tried first (*hint) before the search by header. */
static const struct xy_field *field_of(const struct xy_item *item, const char *code, int *hint)
{
    int fi;
    for (fi = *hint; fi < (int)item->nfields; fi++)
        if (!strcmp(item->fields[fi].code, code))
            break;
    if (fi == (int)item->nfields)
        fi = xy_item_field_by_header(item, code);
    if (fi < 0)
        return NULL;
    *hint = fi + 1;
    return &item->fields[fi];
}

/* Fill out from r when the public may see it today; 0 when it may not. */
/* The item of r when the public may see r today (pub filled), else NULL. */
static const struct xy_item *public_item(struct xy_ctx *ctx, const struct xy_record *r, int today,
                                         struct xy_publicity *pub)
{
    const struct xy_item *item = xy_catalog_item(ctx->cat, r->item);
    struct xy_err ignored;

    if (!item || item->openness != XY_OPEN_PUBLIC || !r->decision_date)
        return NULL;
    /* a stored decision date was validated at ingest: one that does not parse is not shown */
    if (xy_record_publicity(ctx, r, item, today, pub, &ignored) != XY_OK || !pub->visible)
        return NULL;
    return item;
}

/* The credit repair window of a penalty record (catalogue `repair = penalty`) on today. A
 * repairable_from of 0 is an evaluation that failed (any_item zeroes it), not 1970-01-01. */
static void repair_of(const struct xy_item *item, const struct xy_publicity *pub,
                      struct xy_pub_record *out)
{
    static const char *const ids[] = {
        [XY_REPAIR_NOT_YET] = "not_yet",
        [XY_REPAIR_POSSIBLE] = "possible",
        [XY_REPAIR_NOT_NEEDED] = "not_needed",
    };
    enum xy_repair_window w;
    struct xy_err ignored;

    if (!item->repair || strcmp(item->repair, "penalty") || pub->repairable_from <= 0 ||
        xy_repair_possible(pub->repairable_from, pub->until, xy_today(), &w, &ignored) != XY_OK)
        return;
    out->repair_window = ids[w];
    xy_date_format(pub->repairable_from, out->repairable_from);
}

/* out from r, a record of item that public_item() let through with pub: masked, with its id
 * (and its subject's summary with with_subject). full: a non-public read (private.c): nothing
 * masked. XY_OK, or the store's error. */
static xy_code fill_as(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                       const struct xy_publicity *pub, int with_subject, int full,
                       struct xy_arena *a, struct xy_pub_record *out, struct xy_err *err)
{
    const char *end = field_value(r, item, XY_ROLE_END_DATE), *lb;
    int person, legal_person, hint = 0;

    memset(out, 0, sizeof(*out));
    /* a store that cannot give ids fails the request: hiding records would show a clean file */
    if (xy_store_public_id(ctx->store, XY_ID_RECORD, r->id, out->id, err) != XY_OK)
        return err->code;
    out->item = item;
    out->dept_code = r->dept_uscc;
    out->dept_name = r->dept_name;
    out->decision_date = r->decision_date;
    out->end_date = end;
    if (pub->until >= 0)
        xy_date_format(pub->until, out->public_until);
    out->version = r->nversions;
    out->disputed = r->disputed;
    out->hidden = r->hidden;
    out->archived = pub->archived;
    /* a granted repair, a correction or a court's report took it off public view, whatever
     * its period says; a black-list addition is not public before a second person approves */
    out->public_now = pub->visible && item->openness == XY_OPEN_PUBLIC && !r->hidden && !r->pending;
    repair_of(item, pub, out);

    lb = field_value(r, item, XY_ROLE_SUBJECT_TYPE);
    person = (lb && !strcmp(lb, "自然人")) || (r->subject && r->subject->kind == XY_KIND_PERSON);
    /* a legal person's 法定代表人 is published with the name (双公示 standard); the operator of
     * a 个体工商户 or anyone named on a person's record is a private individual */
    legal_person = lb && !strcmp(lb, "法人及非法人组织");
    out->fields = xy_arena_alloc(a, (r->nfields + 1) * sizeof(*out->fields));
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = r->fields[i].value;
        const struct xy_field *f = field_of(item, r->fields[i].code, &hint);
        if (!v || !*v || !f)
            continue; /* empty, or a field the catalogue no longer has */
        if (full)
            ; /* a lawful non-public read, audited with its purpose */
        else if (f->type == XY_FT_IDNO)
            v = xy_mask_idno(a, v); /* never in full, whatever the item (DOMAIN.md §7) */
        else if (f->role == XY_ROLE_SUBJECT_NAME && person && !item->name_public)
            v = xy_mask_name(a, v);
        else if (f->role == XY_ROLE_LEGAL_REP && !legal_person && !item->name_public)
            v = xy_mask_name(a, v);
        else if (xy_mask_has_idno(v))
            v = xy_mask_ids_in_text(a, v); /* an ID number typed into free text (违法事实) */
        out->fields[out->nfields++] = (struct xy_pub_field){f->code, f->name, v};
    }
    if (with_subject && r->subject)
        return summarize(ctx, r->subject, 0, a, &out->subject, err);
    return XY_OK;
}

static xy_code fill(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                    const struct xy_publicity *pub, int with_subject, struct xy_arena *a,
                    struct xy_pub_record *out, struct xy_err *err)
{
    return fill_as(ctx, r, item, pub, with_subject, 0, a, out, err);
}
/* Fill out from r when the public may see it today: 1 shown, 0 not public, -1 store error. */
static int publish(struct xy_ctx *ctx, const struct xy_record *r, int today, int with_subject,
                   struct xy_arena *a, struct xy_pub_record *out, struct xy_err *err)
{
    struct xy_publicity pub;
    const struct xy_item *item = r->hidden || r->pending ? NULL : public_item(ctx, r, today, &pub);

    if (!item)
        return 0;
    return fill(ctx, r, item, &pub, with_subject, a, out, err) == XY_OK ? 1 : -1;
}

void xy_public_items(const struct xy_ctx *ctx, struct xy_arena *a, const struct xy_item ***out,
                     size_t *n)
{
    const struct xy_catalog *cat = ctx->cat;
    const struct xy_item **v = xy_arena_alloc(a, (cat->nitems + 1) * sizeof(*v));

    *n = 0;
    for (size_t i = 0; i < cat->nitems; i++)
        if (cat->items[i]->openness == XY_OPEN_PUBLIC)
            v[(*n)++] = cat->items[i];
    *out = v;
}

/* text without the spaces around it (ASCII and the ideographic space U+3000 that Chinese
 * input methods type), in a; NULL stays NULL */
static const char *trim(const char *s, struct xy_arena *a)
{
    size_t n;

    if (!s)
        return NULL;
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3))
            s += 3;
        else
            break;
    }
    n = strlen(s);
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n >= 3 && !strncmp(s + n - 3, "\xe3\x80\x80", 3))
            n -= 3;
        else
            break;
    }
    return xy_arena_strndup(a, s, n);
}

/* 1 when s is an 18-character ID number, or holds a run of 15 digits or more inside other text
 * (a 15-digit code alone is a 工商注册号, looked up as a code). */
static int looks_like_idno(const char *s)
{
    struct xy_code_check chk;
    char id[19];
    size_t run = 0;

    if (strlen(s) == 18) {
        xy_idcard_check(s, id, xy_today(), &chk);
        if (chk.level != XY_CHECK_ERROR)
            return 1;
    }
    if (xy_query_is_code(s))
        return 0;
    for (; *s; s++) {
        run = (*s >= '0' && *s <= '9') ? run + 1 : 0;
        if (run >= 15)
            return 1;
    }
    return 0;
}

xy_code xy_public_search(struct xy_ctx *ctx, const char *q, long page, long per_page,
                         struct xy_arena *a, struct xy_pub_page *out, struct xy_err *err)
{
    struct xy_subject *found = NULL, s;
    size_t n = 0;
    long chars;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    q = trim(q, a);
    chars = q ? xy_utf8_chars(q, strlen(q)) : 0;
    if (chars < 2 || chars > 100) {
        xy_err_set(err, XY_INVALID,
                   chars < 0   ? "查询内容含有无法识别的字符（须为 UTF-8 编码）"
                   : chars < 2 ? "请至少输入2个字的名称或完整的代码"
                               : "查询内容过长（最多100个字）");
        err->field = "q";
        return XY_INVALID;
    }
    if (looks_like_idno(q)) {
        /* persons are never searched by a URL; the portal stops this before it is sent */
        xy_err_set(err, XY_INVALID,
                   "查询内容含有疑似身份证号码；查询自然人请使用“姓名＋身份证号码”查询");
        err->field = "q";
        return XY_INVALID;
    }
    if ((rc = check_paging(ctx, page, per_page, err)) != XY_OK)
        return rc;
    out->page = (size_t)page;
    out->per_page = (size_t)per_page;
    out->subjects = xy_arena_zalloc(a, ((size_t)per_page + 1) * sizeof(*out->subjects));

    /* an exact code first, never an ID number (it would be in a URL); persons never here */
    if ((rc = xy_query_by_code(ctx, q, 0, a, &s, err)) == XY_OK && s.kind != XY_KIND_PERSON) {
        out->match = "code";
        if (page == 1 && (rc = summarize(ctx, &s, 0, a, &out->subjects[out->n++], err)) != XY_OK)
            return rc;
        return XY_OK;
    }
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    out->match = "name";
    rc = xy_store_subject_search(ctx->store, q, (size_t)((page - 1) * per_page),
                                 (size_t)per_page + 1, a, &found, &n, err);
    if (rc != XY_OK)
        return rc;
    out->has_more = n > (size_t)per_page;
    for (size_t i = 0; i < n && i < (size_t)per_page; i++)
        if ((rc = summarize(ctx, &found[i], 0, a, &out->subjects[out->n++], err)) != XY_OK)
            return rc;
    return XY_OK;
}

const char *xy_public_echo(const char *q, struct xy_arena *a)
{
    return q ? xy_mask_ids_in_text(a, q) : NULL;
}

xy_code xy_public_person(struct xy_ctx *ctx, const char *name, const char *idno, struct xy_arena *a,
                         struct xy_pub_subject *out, struct xy_err *err)
{
    struct xy_code_check chk;
    struct xy_subject s;
    char id[19];
    xy_code rc;

    name = trim(name, a);
    idno = trim(idno, a);
    if (!name || !*name || xy_utf8_chars(name, strlen(name)) > 50 ||
        xy_utf8_chars(name, strlen(name)) < 0) {
        xy_err_set(err, XY_INVALID, "请填写完整的姓名（最多50个字）");
        err->field = "name";
        return XY_INVALID;
    }
    xy_idcard_check(idno ? idno : "", id, xy_today(), &chk);
    if (chk.level == XY_CHECK_ERROR) {
        /* the number is never echoed back (DOMAIN.md §7) */
        xy_err_set(err, XY_INVALID, "身份证号码格式不正确，请填写完整的18位号码");
        err->field = "id_number";
        return XY_INVALID;
    }
    rc = xy_store_subject_by_ident(ctx->store, XY_IDENT_IDCARD, id, a, &s, err);
    if (rc == XY_OK && (s.kind != XY_KIND_PERSON || !s.name || strcmp(s.name, name) != 0))
        rc = XY_NOT_FOUND;
    if (rc == XY_NOT_FOUND) {
        xy_err_set(err, XY_NOT_FOUND, "没有找到姓名与身份证号码相符的自然人");
        return XY_NOT_FOUND;
    }
    if (rc != XY_OK)
        return rc;
    return summarize(ctx, &s, 1, a, out, err);
}

static xy_code find_subject(struct xy_ctx *ctx, const char *key, struct xy_arena *a,
                            struct xy_subject *s, struct xy_err *err)
{
    int64_t row;
    xy_code rc;

    if (strlen(key) == 16 && xy_store_row_id(ctx->store, XY_ID_SUBJECT, key, &row, err) == XY_OK) {
        rc = xy_store_subject_get(ctx->store, row, a, s, err);
        if (rc != XY_NOT_FOUND)
            return rc;
    }
    rc = xy_query_by_code(ctx, key, 0, a, s, err);
    if (rc == XY_OK && s->kind != XY_KIND_PERSON) /* persons only by their opaque id */
        return XY_OK;
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    xy_err_set(err, XY_NOT_FOUND, "未找到该信用主体");
    err->field = "code";
    return XY_NOT_FOUND;
}

xy_code xy_public_file(struct xy_ctx *ctx, const char *code_or_id, struct xy_arena *a,
                       struct xy_pub_file *out, struct xy_err *err)
{
    struct xy_subject s;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = find_subject(ctx, code_or_id, a, &s, err)) != XY_OK)
        return rc;
    return xy_file_build(ctx, &s, 0, a, out, err);
}

/* The item of r and its publicity for a full (non-public) view: every item the catalogue
 * still has, whether or not the public may see it. */
static const struct xy_item *any_item(struct xy_ctx *ctx, const struct xy_record *r, int today,
                                      struct xy_publicity *pub)
{
    const struct xy_item *item = xy_catalog_item(ctx->cat, r->item);
    struct xy_err ignored;

    memset(pub, 0, sizeof(*pub));
    pub->until = -1;
    if (!item)
        return NULL;
    if (r->decision_date && xy_record_publicity(ctx, r, item, today, pub, &ignored) != XY_OK) {
        memset(pub, 0, sizeof(*pub));
        pub->until = -1;
    }
    return item;
}

xy_code xy_file_build(struct xy_ctx *ctx, const struct xy_subject *s, int view, struct xy_arena *a,
                      struct xy_pub_file *out, struct xy_err *err)
{
    return xy_file_build_n(ctx, s, view, (size_t)ctx->cfg->http_max_tab_records, a, out, err);
}

xy_code xy_file_build_n(struct xy_ctx *ctx, const struct xy_subject *s, int view,
                        size_t max_per_tab, struct xy_arena *a, struct xy_pub_file *out,
                        struct xy_err *err)
{
    struct xy_record *recs;
    size_t n, cap[XY_TAB_COUNT] = {0};
    int today = xy_today(), full = view != XY_FILE_PUBLIC;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_store_subject_records(ctx->store, s->id, a, &recs, &n, err)) != XY_OK)
        return rc;
    if ((rc = summarize(ctx, s, 1, a, &out->subject, err)) != XY_OK)
        return rc;
    if (full) { /* the reader may see who the subject is */
        out->subject.code = s->code;
        out->subject.name = s->name;
        out->subject.masked = 0;
        out->subject.idents = s->idents;
        out->subject.nidents = s->nidents;
    }
    xy_date_format(today, out->as_of);
    for (size_t i = 0; i < n; i++) {
        struct xy_pub_record pr;
        struct xy_publicity pub;
        const struct xy_item *item = full             ? any_item(ctx, &recs[i], today, &pub)
                                     : recs[i].hidden ? NULL
                                                      : public_item(ctx, &recs[i], today, &pub);
        enum xy_tab t;
        if (recs[i].pending)
            continue; /* a black-list addition before its approval is in no subject's file */
        if (!item || (view == XY_FILE_OWN && pub.archived))
            continue; /* archived: departments with a lawful purpose only (DOMAIN.md §4) */
        t = item->tab;
        if (out->tab_n[t]++ >= max_per_tab)
            continue; /* counted, not sent: a large licensee's file stays bounded */
        if ((rc = fill_as(ctx, &recs[i], item, &pub, 0, full, a, &pr, err)) != XY_OK)
            return rc;
        if (out->tab_shown[t] == cap[t]) {
            size_t nc = cap[t] ? cap[t] * 2 : 8;
            struct xy_pub_record *v = xy_arena_alloc(a, nc * sizeof(*v));
            if (out->tab_shown[t])
                memcpy(v, out->tab_records[t], out->tab_shown[t] * sizeof(*v));
            out->tab_records[t] = v;
            cap[t] = nc;
        }
        out->tab_records[t][out->tab_shown[t]++] = pr;
    }
    return XY_OK;
}

xy_code xy_public_record(struct xy_ctx *ctx, const char *id, struct xy_arena *a,
                         struct xy_pub_record *out, struct xy_err *err)
{
    struct xy_record r;
    int64_t row;
    xy_code rc = xy_store_row_id(ctx->store, XY_ID_RECORD, id, &row, err);

    if (rc == XY_OK)
        rc = xy_store_record_get(ctx->store, row, a, &r, err);
    if (rc == XY_OK && r.version != r.nversions) {
        /* an older version (a link from before a correction) leads to the record as it stands
         * now: its values, never the old ones (the history names the fields that changed) */
        struct xy_record *v;
        size_t n;
        if ((rc = xy_store_record_versions(ctx->store, row, a, &v, &n, err)) == XY_OK)
            rc = n ? xy_store_record_get(ctx->store, v[n - 1].id, a, &r, err) : XY_NOT_FOUND;
    }
    if (rc == XY_OK && r.version == r.nversions) {
        int shown = publish(ctx, &r, xy_today(), 1, a, out, err);
        if (shown < 0)
            return err->code;
        if (shown)
            return XY_OK;
    }
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    /* a record past its window, off public view and no record at all look the same */
    xy_err_set(err, XY_NOT_FOUND, "未找到该记录，或该记录已不在公示期内");
    err->field = "id";
    return XY_NOT_FOUND;
}

xy_code xy_record_view(struct xy_ctx *ctx, int64_t row_id, int full, struct xy_arena *a,
                       struct xy_pub_record *out, struct xy_err *err)
{
    struct xy_record r, *versions;
    size_t n;
    xy_code rc = xy_store_record_get(ctx->store, row_id, a, &r, err);

    memset(out, 0, sizeof(*out));
    if (rc == XY_OK && r.version != r.nversions) {
        /* an older version: the view is of the record as it stands now */
        if ((rc = xy_store_record_versions(ctx->store, row_id, a, &versions, &n, err)) != XY_OK)
            return rc;
        if (n == 0)
            return xy_err_set(err, XY_NOT_FOUND, "未找到该记录");
        rc = xy_store_record_get(ctx->store, versions[n - 1].id, a, &r, err);
    }
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "未找到该记录");
    if (rc != XY_OK)
        return rc;
    if (full == XY_VIEW_MASKED) {
        /* the submitting department's view of its own entry whatever its publicity (a
         * black-list addition waiting for approval): masked as the public would see it */
        struct xy_publicity pub;
        const struct xy_item *item = any_item(ctx, &r, xy_today(), &pub);
        if (!item)
            return xy_err_set(err, XY_NOT_FOUND, "目录中已没有该记录的信息项“%s”", r.item);
        return fill_as(ctx, &r, item, &pub, 1, 0, a, out, err);
    }
    if (!full) {
        int shown = publish(ctx, &r, xy_today(), 1, a, out, err);
        if (shown < 0)
            return err->code;
        if (!shown)
            return xy_err_set(err, XY_NOT_FOUND, "未找到该记录，或该记录已不在公示期内");
        return XY_OK;
    }
    {
        struct xy_publicity pub;
        const struct xy_item *item = any_item(ctx, &r, xy_today(), &pub);
        if (!item)
            return xy_err_set(err, XY_NOT_FOUND, "目录中已没有该记录的信息项“%s”", r.item);
        if ((rc = fill_as(ctx, &r, item, &pub, 1, 1, a, out, err)) != XY_OK)
            return rc;
    }
    if (r.subject) { /* the reader may see who the subject is */
        out->subject.code = r.subject->code;
        out->subject.name = r.subject->name;
        out->subject.masked = 0;
    }
    return XY_OK;
}

static int is_list(const struct xy_item *it)
{
    return it->tab == XY_TAB_REWARD || it->tab == XY_TAB_PUNISH || it->tab == XY_TAB_ABNORMAL;
}

/* YYYY-MM-DD exactly (the API's one date form), and a real date */
static int api_date(const char *s, int *days)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    return xy_parse_date(s, days);
}

static xy_code bad_param(struct xy_err *err, const char *field, const char *msg)
{
    xy_err_set(err, XY_INVALID, "%s", msg);
    err->field = field;
    return XY_INVALID;
}

xy_code xy_public_browse(struct xy_ctx *ctx, const char *item_id, const char *dept,
                         const char *from, const char *to, int lists_only, long page, long per_page,
                         struct xy_arena *a, struct xy_pub_page *out, struct xy_err *err)
{
    const struct xy_item *item = item_id ? xy_catalog_item(ctx->cat, item_id) : NULL;
    struct xy_browse q = {0};
    size_t skip, want, seen = 0;
    int today = xy_today(), d, empty = 0;
    char from_buf[11], to_buf[11];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if (!item || item->openness != XY_OPEN_PUBLIC || (lists_only && !is_list(item))) {
        xy_err_set(err, lists_only ? XY_NOT_FOUND : XY_INVALID,
                   lists_only ? "没有这种名单" : "没有这类可公开的信用信息");
        err->field = lists_only ? "type" : "item";
        return err->code;
    }
    if ((rc = check_paging(ctx, page, per_page, err)) != XY_OK)
        return rc;
    q.item = item->id;
    if (dept && *dept) {
        struct xy_dept dp;
        rc = xy_store_dept_get(ctx->store, dept, a, &dp, err);
        if (rc == XY_NOT_FOUND)
            return bad_param(err, "dept", "没有该部门，请从部门列表中选择");
        if (rc != XY_OK)
            return rc;
        q.dept_id = dp.id;
    }
    if (from && *from) {
        if (api_date(from, &d) != 0)
            return bad_param(err, "from", "起始日期格式应为 YYYY-MM-DD");
        xy_date_format(d, from_buf);
        q.from = from_buf;
    }
    if (to && *to) {
        if (api_date(to, &d) != 0)
            return bad_param(err, "to", "截止日期格式应为 YYYY-MM-DD");
        xy_date_format(d, to_buf);
        q.to = to_buf;
    }
    if (q.from && q.to && strcmp(q.from, q.to) > 0)
        return bad_param(err, "from", "起始日期晚于截止日期");

    /* what cannot be public today is not read: the publicity rule bounds the decision date */
    if ((d = xy_publicity_earliest(ctx->rules, item, today)) >= 0) {
        char earliest[11];
        xy_date_format(d, earliest);
        if (!q.from || strcmp(q.from, earliest) < 0) {
            memcpy(from_buf, earliest, sizeof(earliest));
            q.from = from_buf;
        }
        empty = q.to && strcmp(q.to, q.from) < 0; /* nothing in the range can be public */
    }

    out->page = (size_t)page;
    out->per_page = (size_t)per_page;
    skip = (size_t)((page - 1) * per_page);
    want = (size_t)per_page;
    out->records = xy_arena_alloc(a, want * sizeof(*out->records));
    if (empty)
        return XY_OK;
    /* the store returns every latest version and the window is decided here, so rows are read
     * in chunks, each after the last row of the one before (keyset: linear, not quadratic),
     * until the page and one more are found or BROWSE_MAX_ROWS rows have been looked at */
    q.limit = BROWSE_CHUNK;
    for (size_t examined = 0; examined < BROWSE_MAX_ROWS;) {
        struct xy_record *recs;
        size_t n;
        if ((rc = xy_store_records_browse(ctx->store, &q, a, &recs, &n, err)) != XY_OK)
            return rc;
        for (size_t i = 0; i < n; i++) {
            struct xy_pub_record pr;
            int shown = publish(ctx, &recs[i], today, 1, a, &pr, err);
            if (shown < 0)
                return err->code;
            if (!shown || seen++ < skip)
                continue;
            if (out->n == want) {
                out->has_more = 1;
                return XY_OK;
            }
            out->records[out->n++] = pr;
        }
        if (n < q.limit)
            return XY_OK;
        examined += n;
        q.before_date = recs[n - 1].decision_date;
        q.before_dept = recs[n - 1].dept_id;
        q.before_id = recs[n - 1].id;
    }
    /* a range of mostly expired rows: the page holds what was found, and more may follow it;
     * an empty page ends the paging rather than leading to more empty ones */
    out->has_more = out->n > 0;
    return XY_OK;
}
