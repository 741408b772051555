/* checks.c - a department checks subjects before it acts (layer: service)
 *
 * A valid code decides by itself (issue 6): a 统一社会信用代码 is checked with its check
 * character, an 18-character ID number with GB 11643's, before anything is looked up, so that a
 * typing error is told as such and never answered "no hit". A hit is a record of a list item
 * (catalogue key `list`) that is in effect today: inside its publicity window as the public
 * would see it on that day (domain/publicity.c; a list's window ends at its exit date), not
 * taken off by a remedy (a granted repair, a court's report) and not waiting for a second
 * person's approval (a black-list addition, service/approvals.h). Entries under objection are
 * hits and say 有异议: the list stands until the objection is decided.
 *
 * Every subject goes one way, check_one(), whether it comes with a check of the API or a row
 * of a batch: the list index (service/list_index.h) says whether the code or the name can be
 * listed at all, and only then are the subject's records read and judged here. A subject given
 * by name alone is matched against the names of the listed subjects (domain/names.h): at most
 * MAX_NAME_SUBJECTS of them, best first, each hit with its score and the reasons.
 */
#include "service/checks.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/time.h"
#include "base/utf8.h"
#include "domain/codes.h"
#include "domain/mask.h"
#include "domain/publicity.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/dept.h"
#include "service/list_index.h"
#include "service/public.h"
#include "service/query.h"

#define MAX_CODE_BYTES    64
#define MAX_NAME_CHARS    200
#define MAX_NAME_SUBJECTS 10 /* listed subjects a name may hit (issue 6) */
/* names of listed subjects looked at for one name: the index also knows subjects whose only
 * entries are not in effect (pending, rejected, expired), and they must not crowd out the
 * ones that are */
#define MAX_NAME_CANDIDATES 200

static const char *const subject_types[] = {"enterprise", "organisation", "individual_business",
                                            "person"};

/* What every subject of one check shares. */
struct run {
    struct xy_ctx *ctx;
    const struct xy_measures *measures;
    const char *scenario; /* code */
    const char *dept;     /* the asking department's name, "" for none */
    int today;
    int64_t max_record;       /* the check's list version: later entries unseen; -1: none */
    const char *const *items; /* the catalogue's list items */
    size_t nitems;
};

/* The rows of the subjects checked so far (check_hits), from their own arena. */
struct subject_rows {
    struct xy_check_hit *rows;
    size_t n, cap;
};

/* err for member of subject i ("subjects[i].code"); a batch's row (i < 0): "code". */
static xy_code bad(struct xy_err *err, struct xy_arena *a, long i, const char *member, xy_code code,
                   const char *msg)
{
    xy_err_set(err, code, "%s", msg);
    err->field = i < 0 ? member : xy_arena_printf(a, "subjects[%ld].%s", i, member);
    return code;
}

/* 1 when s has only digits and X: it may be an ID number and is never echoed (DOMAIN.md §7). */
static int digits_only(const char *s)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == 'X' || *s == 'x'))
            return 0;
    return 1;
}

static const char *skip_spaces(const char *s)
{
    while (s && *s == ' ')
        s++;
    return s;
}

/* A subject's code, checked: *type the identifier it is (XY_IDENT_USCC, XY_IDENT_IDCARD, or 0
 * for a legacy code tried in every form), *norm its normal form. */
static xy_code check_code(const char *code, long i, struct xy_arena *a, enum xy_ident_type *type,
                          const char **norm, struct xy_err *err)
{
    struct xy_code_check chk;
    char uscc[XY_USCC_LEN + 1], id[19];

    *type = 0;
    if (strlen(code) > MAX_CODE_BYTES || !xy_query_is_code(code))
        return bad(err, a, i, "code", XY_INVALID,
                   "代码只能由字母、数字和连字符组成（最多64个字符）");
    if (strlen(code) == XY_USCC_LEN) {
        xy_uscc_check(code, uscc, &chk);
        if (chk.level != XY_CHECK_ERROR) {
            *type = XY_IDENT_USCC;
            *norm = xy_arena_strdup(a, uscc);
            return XY_OK;
        }
        xy_idcard_check(code, id, xy_today(), &chk);
        if (chk.level != XY_CHECK_ERROR) {
            *type = XY_IDENT_IDCARD;
            *norm = xy_arena_strdup(a, id);
            return XY_OK;
        }
        if (digits_only(code))
            return bad(err, a, i, "code", XY_INVALID,
                       "代码不是有效的统一社会信用代码或身份证号码（校验位不符）");
        xy_uscc_check(code, uscc, &chk);
        return bad(err, a, i, "code", XY_INVALID,
                   xy_arena_printf(a, "统一社会信用代码“%s”无效：%s", code, chk.zh));
    }
    *norm = code;
    return XY_OK;
}

/* The name and type of a subject, checked before anything is looked up. */
static xy_code check_subject(const struct xy_check_subject_in *in, long i, struct xy_arena *a,
                             struct xy_err *err)
{
    const char *code = skip_spaces(in->code), *name = skip_spaces(in->name);
    long chars;

    if (in->name) {
        chars = xy_utf8_chars(in->name, strlen(in->name));
        if (chars < 0 || chars > MAX_NAME_CHARS)
            return bad(err, a, i, "name", XY_INVALID, "名称须为 UTF-8 编码，最多200个字");
        for (const unsigned char *p = (const unsigned char *)in->name; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                return bad(err, a, i, "name", XY_INVALID, "名称含有控制字符（如换行符）");
        /* the name is kept with the check and answered back: an ID number typed into it
         * would be stored in the clear (DOMAIN.md §7), so it is refused and never echoed */
        if (xy_mask_has_idno(in->name))
            return bad(err, a, i, "name", XY_INVALID,
                       "名称中不能含有身份证号码：自然人请把身份证号码填在代码 code 中");
    }
    if (in->type) {
        size_t k;
        for (k = 0; k < sizeof(subject_types) / sizeof(subject_types[0]); k++)
            if (!strcmp(in->type, subject_types[k]))
                break;
        if (k == sizeof(subject_types) / sizeof(subject_types[0]))
            return bad(err, a, i, "type", XY_INVALID,
                       "主体类型应为 enterprise、organisation、individual_business 或 person");
    }
    if (code && *code)
        return XY_OK;
    if (!name || !*name)
        return bad(err, a, i, "code", XY_INVALID,
                   "请填写信用主体的统一社会信用代码或证件号码；非自然人也可只填名称");
    /* persons are checked by ID number only: a name alone would match people who share it,
     * and a person's name is not kept with the check (DOMAIN.md §7) */
    if (in->type && !strcmp(in->type, "person"))
        return bad(err, a, i, "code", XY_INVALID, "自然人须凭身份证号码核查");
    if (xy_mask_is_person_name(name))
        return bad(err, a, i, "name", XY_INVALID,
                   "该名称像是自然人姓名：自然人须凭身份证号码核查，个体工商户请填写统一社会"
                   "信用代码");
    return XY_OK;
}

const char *xy_check_document(const struct xy_record *r, const struct xy_item *item,
                              struct xy_arena *a)
{
    struct xy_buf b = XY_BUF_INIT;
    const char *out = NULL;

    for (size_t f = 0; f < item->nfields; f++) {
        const char *v;
        if (!item->fields[f].key_part || item->fields[f].type == XY_FT_IDNO ||
            item->fields[f].role == XY_ROLE_SUBJECT_NAME)
            continue;
        v = xy_record_value(r, item, (int)f);
        if (!v || !*v)
            continue;
        if (b.len)
            xy_buf_adds(&b, "；");
        xy_buf_adds(&b, v);
    }
    if (b.len)
        out = xy_arena_strndup(a, b.data, b.len);
    xy_buf_release(&b);
    return out;
}

/* The entry's list name when the item names lists inside it (hmd: 红名单名称), else NULL. */
static const char *list_name_of(const struct xy_record *r, const struct xy_item *item)
{
    const char *v = xy_record_value(r, item, item->list_name_field);
    return v && xy_item_has_list_name(item, v) ? v : NULL;
}

int xy_check_in_effect(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                       int today)
{
    const char *end = xy_record_value(r, item, item->role_field[XY_ROLE_END_DATE]);
    struct xy_publicity pub;
    struct xy_err ignored;
    char day[11];

    /* an addition waiting for its second approval is not published: no check sees it */
    if (r->hidden || r->pending || !r->decision_date)
        return 0;
    xy_date_format(today, day);
    /* the exit date decides by itself, whatever the publicity rule of the item says */
    if (end && *end && strcmp(end, day) < 0)
        return 0;
    return xy_record_publicity(ctx, r, item, today, &pub, &ignored) == XY_OK && pub.visible;
}

static xy_code hit_view(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                        struct xy_arena *a, struct xy_check_hit_view *h, struct xy_err *err)
{
    const char *name = list_name_of(r, item);

    memset(h, 0, sizeof(*h));
    if (xy_store_public_id(ctx->store, XY_ID_RECORD, r->id, h->record, err) != XY_OK)
        return err->code;
    h->item = item;
    h->kind = xy_item_list_kind(item);
    h->list_name = name ? name : item->name;
    h->entry_date = r->decision_date;
    h->end_date = xy_record_value(r, item, item->role_field[XY_ROLE_END_DATE]);
    if (h->end_date && !*h->end_date)
        h->end_date = NULL;
    h->document = xy_check_document(r, item, a);
    h->disputed = r->disputed;
    return XY_OK;
}

/* m applies to an entry of item without a list name only when it names the item as a whole */
static int names_whole_item(const struct xy_measure *m, const char *item)
{
    for (size_t i = 0; i < m->nlists; i++)
        if (!strcmp(m->lists[i].item, item) && !m->lists[i].name)
            return 1;
    return 0;
}

/* Add the measures for a hit to res (each once); *seqs gets the JSON array of their 序号. */
static xy_code hit_measures(const struct run *run, const struct xy_record *r,
                            const struct xy_item *item, struct xy_arena *a,
                            struct xy_check_result *res, const char **seqs, struct xy_err *err)
{
    const struct xy_measure **ms;
    const char *name = list_name_of(r, item);
    struct xy_buf b = XY_BUF_INIT;
    size_t n;
    xy_code rc;

    rc = xy_measures_for(run->ctx->cat, run->measures, item->id, name, run->scenario, run->dept, a,
                         &ms, &n, err);
    if (rc != XY_OK)
        return rc;
    xy_buf_adds(&b, "[");
    for (size_t i = 0; i < n; i++) {
        size_t k;
        if (item->list_name_field >= 0 && !name && !names_whole_item(ms[i], item->id))
            continue; /* a measure for one list of the item, and the entry names none */
        xy_buf_printf(&b, "%s%ld", b.len > 1 ? "," : "", ms[i]->seq);
        for (k = 0; k < res->nmeasures; k++)
            if (res->measures[k] == ms[i])
                break;
        if (k == res->nmeasures)
            res->measures[res->nmeasures++] = ms[i];
    }
    xy_buf_adds(&b, "]");
    *seqs = xy_arena_strndup(a, b.data, b.len);
    xy_buf_release(&b);
    return XY_OK;
}

/* The name of who's department ("" for one without: only 各相关部门 measures apply). */
static xy_code dept_name_of(struct xy_ctx *ctx, int64_t dept_id, struct xy_arena *a,
                            const char **out, struct xy_err *err)
{
    struct xy_dept d;
    xy_code rc;

    *out = NULL;
    if (!dept_id)
        return XY_OK;
    if ((rc = xy_dept_by_id(ctx, dept_id, a, &d, err)) == XY_OK)
        *out = d.name;
    return rc;
}

const char *const *xy_check_list_items(const struct xy_ctx *ctx, struct xy_arena *a, size_t *n)
{
    const char **v = xy_arena_alloc(a, (ctx->cat->nitems + 1) * sizeof(*v));

    *n = 0;
    for (size_t i = 0; i < ctx->cat->nitems; i++)
        if (xy_item_list_kind(ctx->cat->items[i]) != XY_LIST_NONE)
            v[(*n)++] = ctx->cat->items[i]->id;
    return v;
}

xy_code xy_check_subject_hits(struct xy_ctx *ctx, int64_t subject_id, int today, struct xy_arena *a,
                              struct xy_record **out, size_t *n, struct xy_err *err)
{
    struct xy_record *recs = NULL;
    size_t nitems, nrecs = 0, k = 0;
    const char *const *items = xy_check_list_items(ctx, a, &nitems);
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = xy_store_subject_list_records(ctx->store, subject_id, items, nitems, 0, a, &recs,
                                            &nrecs, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < nrecs; i++) {
        const struct xy_item *item = xy_catalog_item(ctx->cat, recs[i].item);
        if (item && xy_check_in_effect(ctx, &recs[i], item, today))
            recs[k++] = recs[i];
    }
    *out = recs;
    *n = k;
    return XY_OK;
}

static struct xy_check_hit *row_add(struct subject_rows *sr, struct xy_arena *a)
{
    if (sr->n == sr->cap) {
        size_t cap = sr->cap ? sr->cap * 2 : 128;
        struct xy_check_hit *v = xy_arena_alloc(a, cap * sizeof(*v));
        if (sr->n)
            memcpy(v, sr->rows, sr->n * sizeof(*v));
        sr->rows = v;
        sr->cap = cap;
    }
    memset(&sr->rows[sr->n], 0, sizeof(sr->rows[0]));
    return &sr->rows[sr->n++];
}

/* How one subject's entries were found: by code (score 100) or by one of its names. */
struct found_as {
    int score;
    const char *reasons;
    const char *matched_name;
};

/* The entries of subject s in effect (seen by the run: record ids up to max_record) added to
 * res, a row for each in sr. */
static xy_code subject_hits(const struct run *run, int64_t subject_id, const struct found_as *how,
                            struct xy_arena *a, struct xy_check_result *res,
                            struct subject_rows *sr, struct xy_err *err)
{
    struct xy_ctx *ctx = run->ctx;
    struct xy_record *recs = NULL;
    size_t nrecs = 0;
    xy_code rc;

    if (run->max_record < 0)
        return XY_OK; /* a batch begun before any list entry existed */
    if ((rc = xy_store_subject_list_records(ctx->store, subject_id, run->items, run->nitems,
                                            run->max_record, a, &recs, &nrecs, err)) != XY_OK)
        return rc;
    for (size_t k = 0; k < nrecs; k++) {
        const struct xy_item *item = xy_catalog_item(ctx->cat, recs[k].item);
        struct xy_check_hit_view *h;
        struct xy_check_hit *row;
        if (!item || xy_item_list_kind(item) == XY_LIST_NONE ||
            !xy_check_in_effect(ctx, &recs[k], item, run->today))
            continue;
        if (res->nhits % 8 == 0) {
            struct xy_check_hit_view *v = xy_arena_alloc(a, (res->nhits + 8) * sizeof(*v));
            if (res->nhits)
                memcpy(v, res->hits, res->nhits * sizeof(*v));
            res->hits = v;
        }
        h = &res->hits[res->nhits];
        if ((rc = hit_view(ctx, &recs[k], item, a, h, err)) != XY_OK)
            return rc;
        h->score = how->score;
        h->reasons = how->reasons;
        h->matched_name = how->matched_name;
        row = row_add(sr, a);
        row->subject_id = subject_id;
        row->record_id = recs[k].id;
        row->item = item->id;
        row->list_name = list_name_of(&recs[k], item);
        row->score = how->score;
        row->reasons = how->reasons;
        if ((rc = hit_measures(run, &recs[k], item, a, res, &row->measures, err)) != XY_OK)
            return rc;
        res->nhits++;
    }
    return XY_OK;
}

/* Why a code found the subject, and (code and name given) whether the name agrees. */
static const char *code_reasons(const struct run *run, enum xy_ident_type type, const char *name,
                                int64_t subject_id, struct xy_arena *a)
{
    const char *why = type == XY_IDENT_USCC     ? "统一社会信用代码一致"
                      : type == XY_IDENT_IDCARD ? "证件号码一致"
                                                : "代码一致";
    struct xy_list_name_hit best;
    struct xy_name_key q;
    struct xy_err ignored;

    name = skip_spaces(name);
    if (!name || !*name || type == XY_IDENT_IDCARD)
        return why; /* a person's name is never compared: persons are found by ID number */
    /* the code decides; a name that scores below a hit against every name the subject is
     * listed under is pointed out, for the clerk to look at */
    if (xy_list_index_key(run->ctx->lists, name, a, &q, &ignored) != XY_OK ||
        xy_list_index_subject_score(run->ctx->lists, &q, subject_id, a, &best) < XY_NAME_SCORE_HIT)
        return xy_arena_printf(a, "%s；名称与登记名称不一致", why);
    return why;
}

/* 1 when the index knows a listed subject with legacy code (given in none of the two forms
 * that a check character proves): every form the code may be, as xy_query_by_code tries. */
static int legacy_listed(struct xy_ctx *ctx, const char *code)
{
    static const enum xy_ident_type as_written[] = {XY_IDENT_USCC, XY_IDENT_REGNO, XY_IDENT_TAXNO,
                                                    XY_IDENT_INSTCERT, XY_IDENT_SOCCERT};
    struct xy_code_check chk;
    char org[10];

    xy_orgcode_check(code, org, &chk);
    if (chk.level != XY_CHECK_ERROR && xy_list_index_has_code(ctx->lists, XY_IDENT_ORGCODE, org))
        return 1;
    for (size_t i = 0; i < sizeof(as_written) / sizeof(as_written[0]); i++)
        if (xy_list_index_has_code(ctx->lists, as_written[i], code))
            return 1;
    return 0;
}

/* A subject given by code: one probe of the index, and the store only for a listed one. */
static xy_code by_code(const struct run *run, const struct xy_check_subject_in *in, long i,
                       struct xy_arena *a, struct xy_check_result *res, struct subject_rows *sr,
                       struct xy_check_hit **first_row, struct xy_err *err)
{
    struct xy_ctx *ctx = run->ctx;
    enum xy_ident_type type;
    struct xy_subject s;
    const char *code, *lookup;
    int64_t subject_id = 0;
    int listed, sensitive;
    xy_code rc;

    if ((rc = check_code(skip_spaces(in->code), i, a, &type, &code, err)) != XY_OK)
        return rc;
    /* a code of 15 digits may be an ID number of the old form as well as a 工商注册号: kept in
     * lookup form and shown masked, like an ID number */
    sensitive = type == XY_IDENT_IDCARD || xy_mask_has_idno(code);
    res->code = sensitive ? xy_mask_idno(a, code) : code;
    /* a subject on no list is still looked up: whether the platform knows it is part of the
     * answer, and its id lets re-screening (service/rescreen.h) find it once it is listed */
    if (type) {
        lookup = xy_store_ident_lookup(ctx->keys, type, code, a);
        listed = xy_list_index_has_code(ctx->lists, type, lookup);
        rc = xy_store_ident_subject(ctx->store, type, lookup, &subject_id, err);
    } else {
        listed = legacy_listed(ctx, code);
        if ((rc = xy_query_by_code(ctx, code, 0, a, &s, err)) == XY_OK)
            subject_id = s.id;
    }
    if (rc != XY_OK && rc != XY_NOT_FOUND)
        return rc;
    /* found: the platform knows a subject with the code, as its public page says (GET
     * /api/v1/subjects/{code} answers for it). A subject whose only list entry waits for
     * approval or was rejected is known the same way and answers exactly like a known subject
     * without entries: found, no hit, no measure; nothing tells the entry apart */
    res->found = rc == XY_OK;
    if (res->found && listed) {
        struct found_as how = {100, code_reasons(run, type, in->name, subject_id, a), NULL};
        if ((rc = subject_hits(run, subject_id, &how, a, res, sr, err)) != XY_OK)
            return rc;
    }
    if (res->nhits == 0)
        row_add(sr, a)->subject_id = subject_id;
    *first_row = NULL;
    for (size_t k = sr->n - (res->nhits ? res->nhits : 1); k < sr->n; k++) {
        sr->rows[k].code = code;
        sr->rows[k].code_is_idno = sensitive;
        sr->rows[k].shown = res->code;
        if (!*first_row)
            *first_row = &sr->rows[k];
    }
    return XY_OK;
}

/* A subject given by name alone: the listed subjects whose names match, best first. */
static xy_code by_name(const struct run *run, const struct xy_check_subject_in *in, long i,
                       struct xy_arena *a, struct xy_check_result *res, struct subject_rows *sr,
                       struct xy_err *err)
{
    struct xy_list_name_hit *cands;
    struct xy_name_key q;
    size_t ncands, nfound = 0, first = sr->n;
    xy_code rc;

    res->code = NULL;
    if ((rc = xy_list_index_key(run->ctx->lists, skip_spaces(in->name), a, &q, err)) != XY_OK) {
        if (rc == XY_INVALID || rc == XY_TOO_LARGE)
            return bad(err, a, i, "name", XY_INVALID, xy_arena_strdup(a, err->msg));
        return rc;
    }
    xy_list_index_names(run->ctx->lists, &q, MAX_NAME_CANDIDATES, a, &cands, &ncands);
    for (size_t k = 0; k < ncands && nfound < MAX_NAME_SUBJECTS; k++) {
        struct found_as how = {cands[k].score, cands[k].reasons, cands[k].matched_name};
        size_t had = res->nhits;
        if ((rc = subject_hits(run, cands[k].subject_id, &how, a, res, sr, err)) != XY_OK)
            return rc;
        nfound += res->nhits > had;
    }
    /* found: a listed subject with an entry in effect bears the name. The index knows every
     * subject with a list record, an addition waiting for approval or a rejected one too:
     * a subject matched only through such an entry is answered like no subject at all, so
     * that a check never tells a department that a black-list entry is on its way */
    res->found = res->nhits > 0;
    if (sr->n == first)
        row_add(sr, a);
    for (size_t k = first; k < sr->n; k++)
        sr->rows[k].code = sr->rows[k].shown = "";
    return XY_OK;
}

/* Check one subject: fill res and add its rows (at least one) to sr. Nothing is added when
 * the subject cannot be checked (XY_INVALID). */
static xy_code check_one(const struct run *run, const struct xy_check_subject_in *in, long i,
                         int subject_no, struct xy_arena *a, struct xy_check_result *res,
                         struct subject_rows *sr, struct xy_err *err)
{
    const char *code = skip_spaces(in->code), *name = skip_spaces(in->name);
    struct xy_check_hit *first_row = NULL;
    size_t first = sr->n;
    xy_code rc;

    memset(res, 0, sizeof(*res));
    res->subject_no = subject_no;
    if ((rc = check_subject(in, i, a, err)) != XY_OK)
        return rc;
    res->measures = xy_arena_alloc(a, (run->measures->nrows + 1) * sizeof(*res->measures));
    if (code && *code)
        rc = by_code(run, in, i, a, res, sr, &first_row, err);
    else
        rc = by_name(run, in, i, a, res, sr, err);
    if (rc != XY_OK) {
        sr->n = first;
        return rc;
    }
    /* the name as given is kept and answered, but never one that is a person's: given with an
     * ID number, or reading as a person's name */
    if (name && *name && !(first_row && first_row->code_is_idno) &&
        !(in->type && !strcmp(in->type, "person")) && !xy_mask_is_person_name(name))
        res->name = name;
    for (size_t k = first; k < sr->n; k++) {
        sr->rows[k].subject_no = subject_no;
        sr->rows[k].name = res->name;
        if (!sr->rows[k].record_id) {
            sr->rows[k].measures = "[]";
            sr->rows[k].score = 0;
        }
    }
    return XY_OK;
}

/* Audit rows about check c, one per subject of rows (the trail is searched by subject; with
 * hits_only the subjects with a hit only), a subject that comes again at once written once.
 * With `always`, a single row without a subject when no row names one. */
static xy_code audit_subjects(struct xy_ctx *ctx, const char *action, int64_t check_id,
                              const char *detail, const struct xy_check_hit *rows, size_t n,
                              int hits_only, int always, struct xy_err *err)
{
    char target[32];
    int64_t last = -1;
    int any = 0;
    xy_code rc;

    snprintf(target, sizeof(target), "check:%lld", (long long)check_id);
    for (size_t k = 0; k <= n; k++) {
        int64_t sid = k < n ? rows[k].subject_id : 0;
        if (k < n && (!sid || sid == last || (hits_only && !rows[k].record_id)))
            continue;
        if (k == n && (any || !always))
            break;
        rc = xy_audit_append(ctx,
                             &(struct xy_audit_event){.action = action,
                                                      .target = target,
                                                      .subject_id = sid,
                                                      .result = "ok",
                                                      .detail = detail},
                             err);
        if (rc != XY_OK)
            return rc;
        last = sid;
        any = 1;
    }
    return XY_OK;
}

/* The audit rows of a check: one per subject found, or one for a check that found none. */
static xy_code audit_check(struct xy_ctx *ctx, const struct xy_check *c,
                           const struct subject_rows *sr, struct xy_err *err)
{
    char detail[96];

    snprintf(detail, sizeof(detail), "scenario=%s subjects=%d hits=%d", c->scenario, c->subjects,
             c->hits);
    return audit_subjects(ctx, "check.run", c->id, detail, sr->rows, sr->n, 0, 1, err);
}

/* The measures in force, or XY_UNAVAILABLE when the catalogue is not loaded. */
static xy_code measures_of(struct xy_ctx *ctx, const struct xy_measures **out, struct xy_err *err)
{
    if (!ctx->scenarios || !ctx->lists)
        return xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    if (!(*out = xy_ctx_measures(ctx, err)))
        return err->code != XY_OK ? err->code
                                  : xy_err_set(err, XY_UNAVAILABLE, "联合奖惩措施清单未加载");
    return XY_OK;
}

/* Who may check, the measures and the scenario: what every check needs first. *dept_name:
 * the asking department's, NULL for the operator. */
static xy_code prepare(struct xy_ctx *ctx, const char *scenario, struct xy_arena *a,
                       struct run *run, const struct xy_scenario **sc, const char **dept_name,
                       struct xy_err *err)
{
    xy_code rc;

    memset(run, 0, sizeof(*run));
    run->ctx = ctx;
    if ((rc = xy_authz_require(ctx->who, XY_PERM_CHECK, err)) != XY_OK ||
        (rc = measures_of(ctx, &run->measures, err)) != XY_OK)
        return rc;
    if (!scenario || !*scenario || !(*sc = xy_scenario_find(ctx->scenarios, scenario))) {
        xy_err_set(err, XY_INVALID,
                   "未知的业务场景“%.64s”（见 GET /api/v1/catalog 或 "
                   "measures/scenarios.ini）",
                   scenario ? scenario : "");
        err->field = "scenario";
        return XY_INVALID;
    }
    run->scenario = (*sc)->code;
    run->today = xy_today();
    run->items = xy_check_list_items(ctx, a, &run->nitems);
    if ((rc = dept_name_of(ctx, ctx->who->dept_id, a, dept_name, err)) != XY_OK)
        return rc;
    run->dept = *dept_name ? *dept_name : "";
    return XY_OK;
}

/* The list version now, and the index brought up to it (its names too when a subject comes
 * with a name); it may wait for another thread's build of the index, so never inside a
 * transaction. */
static xy_code list_version(struct xy_ctx *ctx, struct xy_arena *a, int names, int64_t *version,
                            struct xy_err *err)
{
    const char *const *items;
    size_t nitems;
    xy_code rc;

    items = xy_check_list_items(ctx, a, &nitems);
    if ((rc = xy_store_list_version(ctx->store, items, nitems, version, err)) != XY_OK)
        return rc;
    return xy_list_index_refresh(ctx->lists, ctx, *version, names, err);
}

/* Inside the write transaction of a check: the version the check sees. The index was brought
 * up before the transaction (list_version); what landed since is read into it only when no
 * other thread is growing it, since the write lock is held and a first build of the names
 * takes seconds. The check then sees exactly the records up to the version the index has
 * reached (run->max_record): entries above it are neither read nor counted, and the version
 * stored with the check says so. */
static xy_code seen_version(struct xy_ctx *ctx, struct xy_arena *a, int names, int64_t *version,
                            struct xy_err *err)
{
    const char *const *items;
    size_t nitems;
    int64_t now;
    xy_code rc;

    items = xy_check_list_items(ctx, a, &nitems);
    if ((rc = xy_store_list_version(ctx->store, items, nitems, &now, err)) != XY_OK)
        return rc;
    return xy_list_index_try_refresh(ctx->lists, ctx, now, names, version, err);
}

/* Changes of what is in effect that no new record shows (an approval, a remedy hiding an
 * entry), counted for the re-screening of a long-running process. */
static atomic_ullong lists_generation;

void xy_check_lists_touched(void)
{
    atomic_fetch_add(&lists_generation, 1);
}

unsigned long long xy_check_lists_generation(void)
{
    return atomic_load(&lists_generation);
}

xy_code xy_check_warm(struct xy_ctx *ctx, int64_t *version, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    xy_code rc = list_version(ctx, a, 1, version, err);

    xy_arena_free(a);
    return rc;
}

xy_code xy_check_run(struct xy_ctx *ctx, const char *scenario,
                     const struct xy_check_subject_in *subjects, size_t n, struct xy_arena *a,
                     struct xy_check_view *out, struct xy_err *err)
{
    struct subject_rows sr = {0};
    struct run run;
    int64_t before;
    int nhits = 0, names = 0;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    out->next_from = -1;
    if ((rc = prepare(ctx, scenario, a, &run, &out->scenario, &out->dept_name, err)) != XY_OK)
        return rc;
    if (n == 0 || n > XY_CHECK_MAX_SUBJECTS) {
        xy_err_set(err, XY_INVALID, "一次核查%d至%d个信用主体，收到%zu个", 1, XY_CHECK_MAX_SUBJECTS,
                   n);
        err->field = "subjects";
        return XY_INVALID;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = skip_spaces(subjects[i].name);
        if ((rc = check_subject(&subjects[i], (long)i, a, err)) != XY_OK)
            return rc;
        names |= name && *name;
    }
    out->results = xy_arena_zalloc(a, n * sizeof(*out->results));
    out->n = n;
    if ((rc = list_version(ctx, a, names, &before, err)) != XY_OK)
        return rc;
    /* the entries read and the list version stored are of one moment: both inside the write
     * transaction, and no record above the version is read (run.max_record), so an entry that
     * lands meanwhile is neither seen nor counted */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = seen_version(ctx, a, names, &out->c.list_version, err)) != XY_OK)
        goto fail;
    run.max_record = out->c.list_version > 0 ? out->c.list_version : -1;
    for (size_t i = 0; i < n; i++) {
        if ((rc = check_one(&run, &subjects[i], (long)i, (int)i, a, &out->results[i], &sr, err)) !=
            XY_OK)
            goto fail;
        nhits += (int)out->results[i].nhits;
    }
    out->c.dept_id = ctx->who->dept_id;
    out->c.scenario = out->scenario->code;
    out->c.asked_by = ctx->who->login ? ctx->who->login : "unknown";
    out->c.asked_at = xy_now_ms();
    out->c.subjects = (int)n;
    out->c.hits = nhits;
    out->c.kind = "api";
    out->c.state = "done";
    if ((rc = xy_store_check_put(ctx->store, &out->c, sr.rows, sr.n, err)) != XY_OK ||
        (rc = audit_check(ctx, &out->c, &sr, err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    return XY_OK;
fail:
    xy_store_rollback(ctx->store);
    return rc;
}

/* ---- batches ---- */

struct xy_check_batch {
    struct xy_ctx *ctx;
    struct run run;
    struct xy_check c;
    struct xy_arena *own;  /* lives with the batch: the scenario, the department */
    struct xy_arena *rows; /* the rows kept since the last flush */
    struct subject_rows sr;
    int subjects, hits, next_seq, closed;
    int reading; /* a read snapshot is open for the subjects since the last flush */
    int names;   /* the index's names are up to the check's version */
};

static xy_code batch_audit(struct xy_check_batch *b, const char *result, struct xy_err *err)
{
    char target[32], detail[96];

    snprintf(target, sizeof(target), "check:%lld", (long long)b->c.id);
    snprintf(detail, sizeof(detail), "batch scenario=%s subjects=%d hits=%d", b->c.scenario,
             b->subjects, b->hits);
    return xy_audit_append(
        b->ctx,
        &(struct xy_audit_event){
            .action = "check.batch", .target = target, .result = result, .detail = detail},
        err);
}

xy_code xy_check_batch_begin(struct xy_ctx *ctx, const char *scenario, struct xy_check_batch **out,
                             struct xy_err *err)
{
    struct xy_check_batch *b = xy_calloc(1, sizeof(*b));
    const struct xy_scenario *sc;
    const char *dept_name;
    xy_code rc;

    *out = NULL;
    b->ctx = ctx;
    b->own = xy_arena_new();
    b->rows = xy_arena_new();
    if ((rc = prepare(ctx, scenario, b->own, &b->run, &sc, &dept_name, err)) != XY_OK)
        goto fail;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto fail;
    b->c.dept_id = ctx->who->dept_id;
    b->c.scenario = sc->code;
    b->c.asked_by = xy_arena_strdup(b->own, ctx->who->login ? ctx->who->login : "unknown");
    b->c.asked_at = xy_now_ms();
    b->c.kind = "batch";
    b->c.state = "running";
    {
        const char *const *items;
        size_t nitems;
        items = xy_check_list_items(ctx, b->own, &nitems);
        rc = xy_store_list_version(ctx->store, items, nitems, &b->c.list_version, err);
    }
    if (rc != XY_OK || (rc = xy_store_check_put(ctx->store, &b->c, NULL, 0, err)) != XY_OK ||
        (rc = batch_audit(b, "ok", err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        goto fail;
    }
    /* entries that land after this moment are not seen: their ids are above the version */
    b->run.max_record = b->c.list_version > 0 ? b->c.list_version : -1;
    if ((rc = xy_list_index_refresh(ctx->lists, ctx, b->c.list_version, 0, err)) != XY_OK) {
        /* the check row is stored: close it as failed so that it does not stay running */
        struct xy_err ignored;
        xy_check_batch_end(b, 1, NULL, &ignored);
        goto fail;
    }
    b->next_seq = 1;
    *out = b;
    return XY_OK;
fail:
    xy_check_batch_free(b);
    return rc;
}

/* A copy in the batch's own row arena of what the row points to in the caller's arena. */
static void keep_row(struct xy_check_batch *b, struct xy_check_hit *r)
{
    struct xy_arena *a = b->rows;

    r->code = xy_arena_strdup(a, r->code);
    r->shown = xy_arena_strdup(a, r->shown);
    r->measures = xy_arena_strdup(a, r->measures);
    if (r->list_name)
        r->list_name = xy_arena_strdup(a, r->list_name);
    if (r->name)
        r->name = xy_arena_strdup(a, r->name);
    if (r->reasons)
        r->reasons = xy_arena_strdup(a, r->reasons);
    /* r->item is the catalogue's id: it lives as long as the catalogue */
}

xy_code xy_check_batch_subject(struct xy_check_batch *b, const struct xy_check_subject_in *in,
                               struct xy_arena *a, struct xy_check_result *res, struct xy_err *err)
{
    struct subject_rows one = {0};
    xy_code rc;

    if (b->closed)
        return xy_err_set(err, XY_INTERNAL, "check %lld is closed", (long long)b->c.id);
    /* the subjects between two flushes are read in one snapshot: a statement outside a
     * transaction would take and drop the database's file lock every time */
    if (!b->reading) {
        if ((rc = xy_store_read_begin(b->ctx->store, err)) != XY_OK)
            return rc;
        b->reading = 1;
    }
    /* the names are keyed when the first subject with a name comes: a batch of codes alone
     * never pays for them */
    if (!b->names && in->name && *skip_spaces(in->name)) {
        if ((rc = xy_list_index_refresh(b->ctx->lists, b->ctx, b->c.list_version, 1, err)) != XY_OK)
            return rc;
        b->names = 1;
    }
    if ((rc = check_one(&b->run, in, -1, b->subjects, a, res, &one, err)) != XY_OK)
        return rc;
    for (size_t k = 0; k < one.n; k++) {
        struct xy_check_hit *r = row_add(&b->sr, b->rows);
        *r = one.rows[k];
        r->seq = b->next_seq++;
        keep_row(b, r);
    }
    b->subjects++;
    b->hits += (int)res->nhits;
    return XY_OK;
}

xy_code xy_check_batch_flush(struct xy_check_batch *b, struct xy_err *err)
{
    struct xy_store *s = b->ctx->store;
    char detail[96];
    xy_code rc;

    if (b->closed)
        return xy_err_set(err, XY_INTERNAL, "check %lld is closed", (long long)b->c.id);
    if (b->reading) {
        xy_store_read_end(s);
        b->reading = 0;
    }
    if (b->sr.n == 0)
        return XY_OK;
    if ((rc = xy_store_begin(s, err)) != XY_OK)
        return rc;
    /* a subject's trail shows the batch screenings that hit it, as it shows checks of the API;
     * a miss needs no row: the check.batch rows tell that the batch ran */
    snprintf(detail, sizeof(detail), "batch scenario=%s", b->c.scenario);
    if ((rc = xy_store_check_hits_add(s, b->c.id, b->sr.rows, b->sr.n, err)) != XY_OK ||
        (rc = audit_subjects(b->ctx, "check.run", b->c.id, detail, b->sr.rows, b->sr.n, 1, 0,
                             err)) != XY_OK ||
        (rc = xy_store_commit(s, err)) != XY_OK) {
        xy_store_rollback(s);
        return rc;
    }
    memset(&b->sr, 0, sizeof(b->sr));
    xy_arena_reset(b->rows);
    return XY_OK;
}

xy_code xy_check_batch_end(struct xy_check_batch *b, int failed, int64_t *check_id,
                           struct xy_err *err)
{
    struct xy_store *s = b->ctx->store;
    xy_code rc = XY_OK;

    if (check_id)
        *check_id = b->c.id;
    if (b->closed)
        return xy_err_set(err, XY_INTERNAL, "check %lld is closed", (long long)b->c.id);
    /* rows that cannot be written make the whole check fail: a check is evidence of what the
     * department was told, and a partial one would say less than it was told */
    if (!failed && (rc = xy_check_batch_flush(b, err)) != XY_OK)
        failed = 1;
    if (b->reading) {
        xy_store_read_end(s);
        b->reading = 0;
    }
    b->closed = 1;
    {
        struct xy_err e2 = {0}, *e = rc == XY_OK ? err : &e2;
        xy_code rc2;
        if ((rc2 = xy_store_begin(s, e)) == XY_OK) {
            if ((rc2 = xy_store_check_finish(s, b->c.id, b->subjects, b->hits,
                                             failed ? "failed" : "done", e)) != XY_OK ||
                (rc2 = batch_audit(b, failed ? "failed" : "ok", e)) != XY_OK ||
                (rc2 = xy_store_commit(s, e)) != XY_OK)
                xy_store_rollback(s);
        }
        if (rc == XY_OK)
            rc = rc2;
    }
    return rc;
}

void xy_check_batch_free(struct xy_check_batch *b)
{
    if (!b)
        return;
    if (b->reading)
        xy_store_read_end(b->ctx->store);
    xy_arena_free(b->rows);
    xy_arena_free(b->own);
    free(b);
}

void xy_check_batch_counts(const struct xy_check_batch *b, int *subjects, int *hits)
{
    *subjects = b->subjects;
    *hits = b->hits;
}

int64_t xy_check_batch_id(const struct xy_check_batch *b)
{
    return b->c.id;
}

/* ---- reading checks ---- */

/* Add the measures a stored hit names ("[1,5]") to res, each once; a 序号 the catalogue no
 * longer has is left out. */
static void stored_measures(const struct xy_measures *ms, const char *seqs,
                            struct xy_check_result *res)
{
    const char *p = seqs ? seqs : "";

    while (*p) {
        char *end;
        long seq = strtol(p, &end, 10);
        const struct xy_measure *m;
        size_t k;
        if (end == p) {
            p++;
            continue;
        }
        p = end;
        if (!(m = xy_measure_by_seq(ms, seq)))
            continue;
        for (k = 0; k < res->nmeasures; k++)
            if (res->measures[k] == m)
                break;
        if (k == res->nmeasures)
            res->measures[res->nmeasures++] = m;
    }
}

/* Checks are read by who checks, and by whoever reads every department's figures (the credit
 * office: the closed loop is its to watch). */
static xy_code require_read(const struct xy_principal *who, struct xy_err *err)
{
    if (who && xy_role_has(who->role, XY_PERM_BATCH_READ_ALL))
        return XY_OK;
    return xy_authz_require(who, XY_PERM_CHECK, err);
}

/* 1 when who may read check c: its department, the operator and (issue 6) whoever reads
 * every department's figures. */
static int may_read(const struct xy_principal *who, const struct xy_check *c)
{
    return who->role == XY_R_OPERATOR || xy_role_has(who->role, XY_PERM_BATCH_READ_ALL) ||
           c->dept_id == who->dept_id;
}

/* The page of check id that xy_check_get_page answers, read inside the caller's transaction;
 * *seen: the rows of the hits shown (for the audit). */
static xy_code read_page(struct xy_ctx *ctx, const struct xy_measures *ms, int64_t id,
                         int from_subject, size_t max_subjects, struct xy_arena *a,
                         struct xy_check_view *out, struct xy_check_hit **seen, size_t *nseen,
                         struct xy_err *err)
{
    struct xy_check_rows_q q = {0};
    struct xy_check_hit *rows;
    struct xy_check_result *res = NULL;
    size_t nrows;
    xy_code rc;

    *seen = NULL;
    *nseen = 0;
    /* the kind decides which rows: read the check alone first */
    q.head_only = 1;
    rc = xy_store_check_rows(ctx->store, id, &q, a, &out->c, &rows, &nrows, err);
    /* another department's check is answered like a missing one */
    if (rc == XY_OK && !may_read(ctx->who, &out->c))
        rc = XY_NOT_FOUND;
    if (rc == XY_NOT_FOUND)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    if (rc != XY_OK)
        return rc;
    q.head_only = 0;
    q.hits_only = out->hits_only = out->c.kind && !strcmp(out->c.kind, "batch");
    q.from_subject = from_subject;
    /* one subject more than asked tells whether a next page exists */
    q.max_subjects = max_subjects ? max_subjects + 1 : 0;
    if ((rc = xy_store_check_rows(ctx->store, id, &q, a, &out->c, &rows, &nrows, err)) != XY_OK)
        return rc;
    out->scenario = xy_scenario_find(ctx->scenarios, out->c.scenario);
    if ((rc = dept_name_of(ctx, out->c.dept_id, a, &out->dept_name, err)) != XY_OK)
        return rc;
    out->results = xy_arena_zalloc(a, (nrows + 1) * sizeof(*out->results));
    *seen = xy_arena_alloc(a, (nrows + 1) * sizeof(**seen));
    for (size_t k = 0; k < nrows; k++) {
        struct xy_check_hit_view *h;
        struct xy_record rec;
        const struct xy_item *item;
        if (!res || res->subject_no != rows[k].subject_no) {
            if (max_subjects && out->n == max_subjects) {
                out->next_from = rows[k].subject_no;
                break;
            }
            res = &out->results[out->n++];
            res->subject_no = rows[k].subject_no;
            res->code = rows[k].shown && *rows[k].shown ? rows[k].shown : NULL;
            res->name = rows[k].name;
            res->found = rows[k].subject_id != 0;
            res->hits = xy_arena_alloc(a, (nrows + 1) * sizeof(*res->hits));
            res->measures = xy_arena_alloc(a, (ms->nrows + 1) * sizeof(*res->measures));
        }
        if (!rows[k].record_id)
            continue;
        if ((rc = xy_store_record_get(ctx->store, rows[k].record_id, a, &rec, err)) != XY_OK)
            return rc;
        if (!(item = xy_catalog_item(ctx->cat, rec.item)))
            continue; /* an item the catalogue no longer has */
        h = &res->hits[res->nhits];
        if ((rc = hit_view(ctx, &rec, item, a, h, err)) != XY_OK)
            return rc;
        h->score = rows[k].score;
        h->reasons = rows[k].reasons;
        /* found by name: the listed subject's name (as it is recorded now) */
        if (!res->code && rec.subject && rec.subject->kind != XY_KIND_PERSON)
            h->matched_name = rec.subject->name;
        res->nhits++;
        stored_measures(ms, rows[k].measures, res);
        (*seen)[(*nseen)++] = rows[k];
    }
    return XY_OK;
}

xy_code xy_check_get_page(struct xy_ctx *ctx, int64_t id, int from_subject, size_t max_subjects,
                          struct xy_arena *a, struct xy_check_view *out, struct xy_err *err)
{
    const struct xy_measures *ms;
    struct xy_check_hit *seen;
    size_t nseen;
    char detail[64];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    out->next_from = -1;
    if ((rc = require_read(ctx->who, err)) != XY_OK || (rc = measures_of(ctx, &ms, err)) != XY_OK)
        return rc;
    if (from_subject < 0) {
        xy_err_set(err, XY_INVALID, "from 须为不小于0的主体序号");
        err->field = "from";
        return XY_INVALID;
    }
    /* whom a department checked and what it was told is not public, and the credit office
     * reads every department's checks: each read is recorded with the subjects whose hits it
     * showed, in the transaction that reads them */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = read_page(ctx, ms, id, from_subject, max_subjects, a, out, &seen, &nseen, err)) !=
        XY_OK)
        goto fail;
    snprintf(detail, sizeof(detail), "from=%d subjects=%zu hits=%zu", from_subject, out->n, nseen);
    if ((rc = audit_subjects(ctx, "check.read", id, detail, seen, nseen, 1, 1, err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    return XY_OK;
fail:
    xy_store_rollback(ctx->store);
    return rc;
}

xy_code xy_check_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_check_view *out,
                     struct xy_err *err)
{
    return xy_check_get_page(ctx, id, 0, 0, a, out, err);
}

xy_code xy_check_list(struct xy_ctx *ctx, int64_t before_id, size_t limit, struct xy_arena *a,
                      struct xy_check_brief **out, size_t *n, struct xy_err *err)
{
    struct xy_checks_q q = {0};
    struct xy_check *v;
    char detail[64];
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = require_read(ctx->who, err)) != XY_OK)
        return rc;
    if (limit < 1 || limit > XY_CHECK_LIST_MAX) {
        xy_err_set(err, XY_INVALID, "limit 须为 1 到 %d", XY_CHECK_LIST_MAX);
        err->field = "limit";
        return XY_INVALID;
    }
    if (before_id < 0) {
        xy_err_set(err, XY_INVALID, "before 须为核查编号");
        err->field = "before";
        return XY_INVALID;
    }
    q.dept_id = ctx->who->dept_id;
    q.all_depts =
        ctx->who->role == XY_R_OPERATOR || xy_role_has(ctx->who->role, XY_PERM_BATCH_READ_ALL);
    q.before_id = before_id;
    q.limit = limit;
    /* which departments checked, when and how often is not public: the list is recorded like
     * a read of one check (its subjects are not in it) */
    snprintf(detail, sizeof(detail), "%s before=%lld n=%zu", q.all_depts ? "all" : "dept",
             (long long)before_id, limit);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_checks_list(ctx->store, &q, a, &v, n, err)) != XY_OK ||
        (rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "check.list", .target = "checks", .result = "ok", .detail = detail},
             err)) != XY_OK ||
        (rc = xy_store_commit(ctx->store, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        *n = 0;
        return rc;
    }
    *out = xy_arena_zalloc(a, (*n + 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        (*out)[i].c = v[i];
        (*out)[i].scenario =
            ctx->scenarios ? xy_scenario_find(ctx->scenarios, v[i].scenario) : NULL;
        if ((rc = dept_name_of(ctx, v[i].dept_id, a, &(*out)[i].dept_name, err)) != XY_OK)
            return rc;
    }
    return XY_OK;
}
