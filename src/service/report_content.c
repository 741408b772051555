/* report_content.c - a credit report's canonical content and the PDF document drawn from it
 * (layer: service)
 *
 * The content is compact JSON written with a fixed key order (docs/reports.md), so the same
 * file on the same day gives the same bytes and a golden test can hold it. It never holds a
 * full ID number: a person's code is shown masked and every ID number in a value is masked
 * (the report is paper that leaves the platform). The PDF is drawn from the parsed content.
 */
#include "service/report_content.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/time.h"
#include "domain/codes.h"
#include "domain/mask.h"

/* ---- domains (reports/domains.csv) ---- */

#define DOMAINS_MAX_BYTES (64 << 10)

static pthread_mutex_t domains_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xy_arena *domains_arena;
static struct xy_report_domain *domains;
static size_t ndomains;

static char *next_line(char **p)
{
    char *s = *p, *e;

    if (!*s)
        return NULL;
    e = strchr(s, '\n');
    if (e) {
        *e = '\0';
        *p = e + 1;
    } else {
        *p = s + strlen(s);
    }
    if (e > s && e[-1] == '\r')
        e[-1] = '\0';
    return s;
}

static const char **split(struct xy_arena *a, char *s, char sep, size_t *n)
{
    size_t k = 1, i = 0;
    const char **v;

    for (const char *p = s; *p; p++)
        k += *p == sep;
    v = xy_arena_alloc(a, k * sizeof(*v));
    for (char *p = s;; p++) {
        char *e = strchr(p, sep);
        if (e)
            *e = '\0';
        if (*p)
            v[i++] = p;
        if (!e)
            break;
        p = e;
    }
    *n = i;
    return v;
}

static xy_code parse_domains(const char *path, char *text, struct xy_arena *a,
                             struct xy_report_domain **out, size_t *n, struct xy_err *err)
{
    char *p = text, *line;
    struct xy_report_domain *v = xy_arena_alloc(a, XY_REPORT_MAX_DOMAINS * sizeof(*v));
    size_t k = 0;
    int lineno = 0;

    if (!strncmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while ((line = next_line(&p))) {
        const char **cells;
        size_t nc;
        lineno++;
        if (lineno == 1) {
            if (strcmp(line, "code,name,departments") != 0)
                return xy_err_set(err, XY_PARSE, "%s:1: the header must be code,name,departments",
                                  path);
            continue;
        }
        if (!*line || *line == '#')
            continue;
        cells = split(a, line, ',', &nc);
        if (nc != 3)
            return xy_err_set(err, XY_PARSE, "%s:%d: expected 3 columns, found %zu", path, lineno,
                              nc);
        if (!*cells[0] || strlen(cells[0]) > XY_REPORT_DOMAIN_CODE_MAX)
            return xy_err_set(err, XY_PARSE, "%s:%d: a domain code has 1 to %d characters", path,
                              lineno, XY_REPORT_DOMAIN_CODE_MAX);
        for (const char *c = cells[0]; *c; c++)
            if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
                return xy_err_set(err, XY_PARSE, "%s:%d: domain code \"%s\" is not [a-z_]+", path,
                                  lineno, cells[0]);
        for (size_t i = 0; i < k; i++)
            if (!strcmp(v[i].code, cells[0]))
                return xy_err_set(err, XY_PARSE, "%s:%d: domain code \"%s\" is repeated", path,
                                  lineno, cells[0]);
        if (k == XY_REPORT_MAX_DOMAINS)
            return xy_err_set(err, XY_PARSE, "%s:%d: more than %d domains", path, lineno,
                              XY_REPORT_MAX_DOMAINS);
        v[k].code = cells[0];
        v[k].name = cells[1];
        v[k].match = split(a, (char *)cells[2], ';', &v[k].nmatch);
        if (!v[k].nmatch)
            return xy_err_set(err, XY_PARSE, "%s:%d: domain \"%s\" names no department", path,
                              lineno, cells[0]);
        k++;
    }
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_report_domains_load(const char *path, const struct xy_report_domain **out, size_t *n,
                               struct xy_err *err)
{
    xy_code rc = XY_OK;

    pthread_mutex_lock(&domains_lock);
    if (!domains_arena) {
        FILE *f = fopen(path, "rb");
        struct xy_arena *a = xy_arena_new();
        char *text = xy_arena_alloc(a, DOMAINS_MAX_BYTES + 1);
        size_t got = f ? fread(text, 1, DOMAINS_MAX_BYTES + 1, f) : 0;

        if (!f)
            rc = xy_err_set(err, XY_NOT_FOUND, "cannot open the report domains file \"%s\"", path);
        else if (got > DOMAINS_MAX_BYTES)
            rc = xy_err_set(err, XY_TOO_LARGE, "%s is over %d KiB", path, DOMAINS_MAX_BYTES >> 10);
        if (f)
            fclose(f);
        if (rc == XY_OK) {
            text[got] = '\0';
            rc = parse_domains(path, text, a, &domains, &ndomains, err);
        }
        if (rc == XY_OK)
            domains_arena = a;
        else
            xy_arena_free(a);
    }
    *out = domains;
    *n = rc == XY_OK ? ndomains : 0;
    pthread_mutex_unlock(&domains_lock);
    return rc;
}

/* ---- the canonical content ---- */

static int in_domain(const struct xy_report_domain *d, const char *dept_name)
{
    for (size_t i = 0; dept_name && i < d->nmatch; i++)
        if (strstr(dept_name, d->match[i]))
            return 1;
    return 0;
}

/* 1 when the record belongs in a scoped report: negative, decided in the period, from a
 * department of one of the domains. */
static int in_scope(const struct xy_report_basis *b, const struct xy_pub_record *r)
{
    int y, m, d, day;

    if (!r->item->negative || !r->decision_date ||
        sscanf(r->decision_date, "%4d-%2d-%2d", &y, &m, &d) != 3 || !xy_date_valid(y, m, d))
        return 0;
    day = xy_days_from_civil(y, m, d);
    if (day < b->from || day > b->to)
        return 0;
    for (size_t i = 0; i < b->ndomains; i++)
        if (in_domain(b->domains[i], r->dept_name))
            return 1;
    return 0;
}

/* Every record of the file (all tabs), in catalogue item order then newest first. */
struct rec_ref {
    const struct xy_pub_record *r;
    size_t item_index;
};

/* Items in the order a report lists them: by catalogue category (1 登记注册 .. 11), then as
 * the catalogue has them. order[k] is the k-th item's index in ctx->cat. */
static size_t *report_order(struct xy_ctx *ctx, struct xy_arena *a)
{
    size_t n = ctx->cat->nitems, k = 0, *order = xy_arena_alloc(a, (n + 1) * sizeof(*order));

    for (int c = 0; c <= 12; c++)
        for (size_t i = 0; i < n; i++) {
            int ic = ctx->cat->items[i]->category;
            if (ic == c || (c == 12 && (ic < 0 || ic > 11)))
                order[k++] = i;
        }
    return order;
}

/* The rank of item it in order (nitems when it is not in the catalogue). */
static size_t item_index(struct xy_ctx *ctx, const size_t *order, const struct xy_item *it)
{
    for (size_t k = 0; k < ctx->cat->nitems; k++)
        if (ctx->cat->items[order[k]] == it)
            return k;
    return ctx->cat->nitems;
}

static void write_value(struct xy_jw *w, const char *key, const char *v, struct xy_arena *a)
{
    xy_jw_kstr(w, key, v ? xy_mask_ids_in_text(a, v) : v);
}

/* 1 for a field that says who the subject is (name, kind, codes, legal representative) or the
 * decision date the record lists by itself: the report names the subject once, on its cover
 * and under 基本信息. */
static int repeats_the_subject(const struct xy_item *item, const char *code)
{
    static const enum xy_field_role roles[] = {
        XY_ROLE_SUBJECT_NAME, XY_ROLE_SUBJECT_TYPE, XY_ROLE_SUBJECT_USCC,  XY_ROLE_SUBJECT_IDTYPE,
        XY_ROLE_SUBJECT_IDNO, XY_ROLE_REGNO,        XY_ROLE_ORGCODE,       XY_ROLE_TAXNO,
        XY_ROLE_INSTCERT,     XY_ROLE_SOCCERT,      XY_ROLE_DECISION_DATE, XY_ROLE_LEGAL_REP,
    };

    for (size_t i = 0; i < item->nfields; i++) {
        if (strcmp(item->fields[i].code, code) != 0)
            continue;
        for (size_t k = 0; k < sizeof(roles) / sizeof(roles[0]); k++)
            if (item->fields[i].role == roles[k])
                return 1;
        return 0;
    }
    return 0;
}

static void write_record(struct xy_jw *w, const struct xy_pub_record *r, struct xy_arena *a)
{
    xy_jw_obj(w);
    xy_jw_kstr(w, "id", r->id);
    xy_jw_kstr(w, "department", r->dept_name);
    xy_jw_kstr(w, "decision_date", r->decision_date);
    xy_jw_kstr(w, "end_date", r->end_date);
    xy_jw_kbool(w, "disputed", r->disputed);
    xy_jw_key(w, "fields");
    xy_jw_arr(w);
    for (size_t i = 0; i < r->nfields; i++) {
        const char *v = r->fields[i].value;
        if (repeats_the_subject(r->item, r->fields[i].code))
            continue;
        /* 处罚机关, 数据来源单位 and their codes, when they are the department the record
         * already names as 报送部门 */
        if (v && ((r->dept_name && !strcmp(v, r->dept_name)) ||
                  (r->dept_code && !strcmp(v, r->dept_code))))
            continue;
        xy_jw_obj(w);
        xy_jw_kstr(w, "code", r->fields[i].code);
        xy_jw_kstr(w, "name", r->fields[i].name);
        write_value(w, "value", r->fields[i].value, a);
        xy_jw_end(w);
    }
    xy_jw_end(w);
    xy_jw_end(w);
}

static int cmp_ref(const void *x, const void *y)
{
    const struct rec_ref *a = x, *b = y;
    int c;

    if (a->item_index != b->item_index)
        return a->item_index < b->item_index ? -1 : 1;
    c = strcmp(b->r->decision_date ? b->r->decision_date : "",
               a->r->decision_date ? a->r->decision_date : "");
    return c ? c : strcmp(a->r->id, b->r->id);
}

static xy_code too_many(const struct xy_report_basis *b, struct xy_err *err)
{
    if (b->scoped)
        return xy_err_set(err, XY_TOO_LARGE,
                          "所选领域和期间内的信用记录超过 %d 条，请缩短报告期间或减少领域",
                          XY_REPORT_MAX_RECORDS);
    return xy_err_set(err, XY_TOO_LARGE,
                      "该主体的信用记录超过 %d 条，无法出具完整版报告，请按领域和期间出具无违法"
                      "违规证明版",
                      XY_REPORT_MAX_RECORDS);
}

xy_code xy_report_content_write(struct xy_ctx *ctx, const struct xy_report_basis *b,
                                struct xy_buf *out, struct xy_err *err)
{
    const struct xy_pub_file *f = b->file;
    struct xy_arena *a = xy_arena_new();
    struct rec_ref *refs;
    size_t nrefs = 0, total = 0, *per_item, *order;
    char iso[26], day[11], from[11], to[11];
    struct xy_jw w;
    xy_code rc = XY_OK;

    for (int t = 0; t < XY_TAB_COUNT; t++) {
        if (f->tab_n[t] > f->tab_shown[t]) { /* the file was cut where the caller read it */
            xy_arena_free(a);
            return too_many(b, err);
        }
        total += f->tab_shown[t];
    }
    refs = xy_arena_alloc(a, (total ? total : 1) * sizeof(*refs));
    order = report_order(ctx, a);
    per_item = xy_arena_alloc(a, (ctx->cat->nitems + 1) * sizeof(*per_item));
    memset(per_item, 0, (ctx->cat->nitems + 1) * sizeof(*per_item));
    for (int t = 0; t < XY_TAB_COUNT; t++)
        for (size_t i = 0; i < f->tab_shown[t]; i++) {
            const struct xy_pub_record *r = &f->tab_records[t][i];
            if (r->hidden)
                continue; /* repaired or off public view: no report says it */
            if (b->scoped && !in_scope(b, r))
                continue;
            refs[nrefs].r = r;
            refs[nrefs].item_index = item_index(ctx, order, r->item);
            per_item[refs[nrefs].item_index]++;
            nrefs++;
        }
    if (nrefs > XY_REPORT_MAX_RECORDS) {
        xy_arena_free(a);
        return too_many(b, err);
    }
    qsort(refs, nrefs, sizeof(*refs), cmp_ref);

    xy_time_format_cst(b->issued_ms, iso);
    xy_date_format(xy_day_of_ms(b->issued_ms), day);
    xy_jw_init(&w, out);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "format", XY_REPORT_FORMAT);
    xy_jw_kstr(&w, "number", b->number);
    xy_jw_kstr(&w, "title",
               b->scoped ? "公共信用信息报告（无违法违规证明版）" : "公共信用信息报告");
    xy_jw_kstr(&w, "edition", b->person ? "自然人版" : "法人和非法人组织版");
    xy_jw_kstr(&w, "scope", b->scoped ? "scoped" : "full");
    xy_jw_kstr(&w, "issuer", b->issuer);
    xy_jw_kstr(&w, "issued_at", iso);
    xy_jw_kstr(&w, "as_of", day);
    xy_jw_key(&w, "period");
    if (b->scoped) {
        xy_date_format(b->from, from);
        xy_date_format(b->to, to);
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "from", from);
        xy_jw_kstr(&w, "to", to);
        xy_jw_end(&w);
    } else {
        xy_jw_null(&w);
    }

    xy_jw_key(&w, "subject");
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "kind", xy_kind_id(f->subject.kind));
    xy_jw_kstr(&w, "kind_label", xy_kind_zh(f->subject.kind));
    xy_jw_kstr(&w, "name", f->subject.name);
    xy_jw_kstr(&w, "code",
               b->person && f->subject.code ? xy_mask_idno(a, f->subject.code) : f->subject.code);
    xy_jw_key(&w, "identifiers");
    xy_jw_arr(&w);
    for (size_t i = 0; !b->person && i < f->subject.nidents; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "type", xy_ident_type_zh(f->subject.idents[i].type));
        write_value(&w, "value", f->subject.idents[i].value, a);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);

    /* scoped: one finding per domain */
    xy_jw_key(&w, "domains");
    xy_jw_arr(&w);
    for (size_t d = 0; b->scoped && d < b->ndomains; d++) {
        size_t k = 0;
        for (size_t i = 0; i < nrefs; i++)
            k += in_domain(b->domains[d], refs[i].r->dept_name);
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "code", b->domains[d]->code);
        xy_jw_kstr(&w, "name", b->domains[d]->name);
        xy_jw_kint(&w, "records", (long long)k);
        xy_jw_kstr(&w, "finding",
                   k ? xy_arena_printf(a,
                                       "报告期内，该主体在%s领域有 %zu 条违法违规记录，详见下文。",
                                       b->domains[d]->name, k)
                     : xy_arena_printf(a, "报告期内，该主体在%s领域无违法违规记录。",
                                       b->domains[d]->name));
        xy_jw_end(&w);
    }
    xy_jw_end(&w);

    /* summary: every item the audience reads (a full report) or that has records (scoped) */
    xy_jw_key(&w, "summary");
    xy_jw_arr(&w);
    for (size_t i = 0; i < ctx->cat->nitems; i++) {
        const struct xy_item *it = ctx->cat->items[order[i]];
        if (b->scoped ? !per_item[i] : (!b->person && it->openness != XY_OPEN_PUBLIC))
            continue;
        xy_jw_obj(&w);
        xy_jw_kint(&w, "category", it->category);
        xy_jw_kstr(&w, "category_label", xy_category_zh(it->category));
        xy_jw_kstr(&w, "item", it->id);
        xy_jw_kstr(&w, "item_name", it->name);
        xy_jw_kint(&w, "records", (long long)per_item[i]);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);

    xy_jw_key(&w, "sections");
    xy_jw_arr(&w);
    for (size_t i = 0; i < nrefs;) {
        const struct xy_item *it = refs[i].r->item;
        xy_jw_obj(&w);
        xy_jw_kint(&w, "category", it->category);
        xy_jw_kstr(&w, "category_label", xy_category_zh(it->category));
        xy_jw_kstr(&w, "item", it->id);
        xy_jw_kstr(&w, "item_name", it->name);
        xy_jw_key(&w, "records");
        xy_jw_arr(&w);
        for (; i < nrefs && refs[i].r->item == it; i++)
            write_record(&w, refs[i].r, a);
        xy_jw_end(&w);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    xy_arena_free(a);
    return rc;
}

/* ---- the document drawn from the content ---- */

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *adup(struct xy_arena *a, const char *s)
{
    return s ? xy_arena_strdup(a, s) : NULL;
}

static void free_json(void *p)
{
    json_decref(p);
}

/* "2026-11-27T14:05:00+08:00" as printed: "2026年11月27日 14:05". */
static const char *printed_time(const char *iso, struct xy_arena *a)
{
    int y, mo, d, h, mi;

    if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5)
        return iso;
    return xy_arena_printf(a, "%d年%d月%d日 %02d:%02d", y, mo, d, h, mi);
}

/* The summary table from the content's rows: name_key names a row, note_key says more. */
static void summary_rows(json_t *arr, const char *name_key, const char *note_key,
                         struct xy_arena *a, struct xy_report_doc *doc)
{
    struct xy_report_summary_row *rows =
        xy_arena_alloc(a, (json_array_size(arr) + 1) * sizeof(*rows));
    size_t i, k = 0;
    json_t *v;

    json_array_foreach(arr, i, v)
    {
        json_int_t nrec = json_integer_value(json_object_get(v, "records"));
        rows[k++] = (struct xy_report_summary_row){
            adup(a, jstr(v, name_key)), nrec ? xy_arena_printf(a, "%lld", (long long)nrec) : "无",
            adup(a, jstr(v, note_key))};
    }
    doc->summary = rows;
    doc->nsummary = k;
}

xy_code xy_report_doc_from_content(const char *content, size_t n, const char *code,
                                   const char *verify_url, struct xy_arena *a,
                                   struct xy_report_doc *doc, struct xy_err *err)
{
    json_error_t je;
    json_t *root = json_loadb(content, n, 0, &je), *subj, *period, *arr, *v;
    struct xy_report_kv *kv;
    size_t i, k;
    int person, scoped;
    const char *number, *issuer;

    memset(doc, 0, sizeof(*doc));
    if (!root || !json_is_object(root) || !jstr(root, "format") ||
        strcmp(jstr(root, "format"), XY_REPORT_FORMAT) != 0) {
        json_decref(root);
        return xy_err_set(err, XY_PARSE, "not the content of a credit report");
    }
    xy_arena_defer(a, free_json, root);
    subj = json_object_get(root, "subject");
    period = json_object_get(root, "period");
    number = adup(a, jstr(root, "number"));
    issuer = adup(a, jstr(root, "issuer"));
    person = jstr(root, "edition") && !strcmp(jstr(root, "edition"), "自然人版");
    scoped = jstr(root, "scope") && !strcmp(jstr(root, "scope"), "scoped");

    doc->title = adup(a, jstr(root, "title"));
    doc->subtitle =
        xy_arena_printf(a, "（%s）", jstr(root, "edition") ? jstr(root, "edition") : "");
    doc->number = number;
    doc->verify_code = code;
    doc->verify_url = verify_url;
    doc->issuer = issuer;
    doc->issued_at = printed_time(jstr(root, "issued_at"), a);
    {
        int y, mo, d, h, mi, s;
        const char *iso = jstr(root, "issued_at");
        if (iso && sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) == 6)
            doc->created_at =
                (int64_t)xy_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - 8 * 3600;
    }

    kv = xy_arena_alloc(a, 8 * sizeof(*kv));
    k = 0;
    kv[k++] = (struct xy_report_kv){person ? "姓名" : "主体名称", adup(a, jstr(subj, "name"))};
    kv[k++] = (struct xy_report_kv){person ? "身份证号码" : "统一社会信用代码",
                                    adup(a, jstr(subj, "code"))};
    kv[k++] = (struct xy_report_kv){"主体类型", adup(a, jstr(subj, "kind_label"))};
    kv[k++] = (struct xy_report_kv){"报告类型", scoped ? "无违法违规证明版" : "完整版"};
    if (scoped && json_is_object(period))
        kv[k++] = (struct xy_report_kv){
            "报告期间", xy_arena_printf(a, "%s 至 %s", jstr(period, "from"), jstr(period, "to"))};
    kv[k++] = (struct xy_report_kv){"信息截止日期", adup(a, jstr(root, "as_of"))};
    kv[k++] = (struct xy_report_kv){"出具机构", issuer};
    kv[k++] = (struct xy_report_kv){"出具时间", doc->issued_at};
    doc->cover = kv;
    doc->ncover = k;

    {
        const char **ex = xy_arena_alloc(a, 6 * sizeof(*ex));
        size_t e = 0;
        ex[e++] = xy_arena_printf(
            a,
            "一、本报告由%s依据《广州市公共信用信息管理规定》出具，信息来源于各部门依法报送至"
            "平台的公共信用信息，截至%s。",
            issuer, jstr(root, "as_of"));
        ex[e++] = person ? "二、本报告为自然人版，仅出具给信息主体本人或经其书面授权的机构，"
                           "请妥善保管。身份证号码已作部分隐藏。"
                         : "二、本报告列示依法可以公开的公共信用信息；已完成信用修复、公示期"
                           "届满或依法不予公开的信息不予列示。";
        if (scoped)
            ex[e++] = "三、本报告为无违法违规证明版，仅反映所列领域在报告期间内作出决定的违法"
                      "违规信息（行政处罚、严重失信主体名单等负面信息），可按规定替代相关领域"
                      "的无违法违规证明。";
        ex[e++] = xy_arena_printf(a,
                                  "%s信息主体对报告所列信息有异议的，可通过信用广州网站提出异议"
                                  "申请；符合条件的，可申请信用修复。",
                                  scoped ? "四、" : "三、");
        ex[e++] = xy_arena_printf(
            a,
            "%s本报告经 SM2 数字签名。可扫描封面二维码，或在信用广州网站“报告核验”栏目输入"
            "报告编号和核验码查验真伪，也可上传本报告的 PDF 文件核验；任何改动都会使核验失败。",
            scoped ? "五、" : "四、");
        doc->explanation = ex;
        doc->nexplanation = e;
    }

    kv = xy_arena_alloc(a,
                        (json_array_size(json_object_get(subj, "identifiers")) + 4) * sizeof(*kv));
    k = 0;
    kv[k++] = (struct xy_report_kv){person ? "姓名" : "主体名称", adup(a, jstr(subj, "name"))};
    kv[k++] = (struct xy_report_kv){"主体类型", adup(a, jstr(subj, "kind_label"))};
    kv[k++] = (struct xy_report_kv){person ? "身份证号码" : "统一社会信用代码",
                                    adup(a, jstr(subj, "code"))};
    json_array_foreach(json_object_get(subj, "identifiers"), i, v) kv[k++] =
        (struct xy_report_kv){adup(a, jstr(v, "type")), adup(a, jstr(v, "value"))};
    doc->basic = kv;
    doc->nbasic = k;

    /* 信息概要: a scoped report's findings per domain, a full report's count per item */
    summary_rows(json_object_get(root, scoped ? "domains" : "summary"),
                 scoped ? "name" : "item_name", scoped ? "finding" : "category_label", a, doc);

    arr = json_object_get(root, "sections");
    {
        size_t ns = json_array_size(arr), s = 0;
        struct xy_report_section *secs = xy_arena_alloc(a, (ns + 1) * sizeof(*secs));
        json_array_foreach(arr, i, v)
        {
            json_t *recs = json_object_get(v, "records"), *r;
            size_t j, nr = json_array_size(recs);
            struct xy_report_entry *en = xy_arena_alloc(a, (nr + 1) * sizeof(*en));
            json_array_foreach(recs, j, r)
            {
                json_t *fields = json_object_get(r, "fields"), *fv;
                size_t q, nf = json_array_size(fields), m = 0;
                struct xy_report_kv *fk = xy_arena_alloc(a, (nf + 4) * sizeof(*fk));
                fk[m++] = (struct xy_report_kv){"报送部门", adup(a, jstr(r, "department"))};
                fk[m++] = (struct xy_report_kv){"决定日期", adup(a, jstr(r, "decision_date"))};
                if (json_is_true(json_object_get(r, "disputed")))
                    fk[m++] = (struct xy_report_kv){"状态", "有异议（正在核实）"};
                json_array_foreach(fields, q, fv) fk[m++] =
                    (struct xy_report_kv){adup(a, jstr(fv, "name")), adup(a, jstr(fv, "value"))};
                en[j] = (struct xy_report_entry){
                    xy_arena_printf(a, "%zu. %s", j + 1, jstr(v, "item_name")), fk, m};
            }
            secs[s++] = (struct xy_report_section){
                xy_arena_printf(a, "%s — %s", jstr(v, "category_label"), jstr(v, "item_name")),
                "报告期内无相关记录。", en, nr};
        }
        if (!s) {
            secs[s++] = (struct xy_report_section){
                "详细信息",
                scoped ? "所列领域在报告期间内无违法违规记录。" : "未查见相关信用记录。", NULL, 0};
        }
        doc->sections = secs;
        doc->nsections = s;
    }
    doc->footer_note =
        xy_arena_printf(a,
                        "报告编号：%s　核验码：%s。核验网址：%s。本报告以平台留存的签名"
                        "内容为准。",
                        number, code ? code : "", verify_url ? verify_url : "");
    return XY_OK;
}

/* ---- what the verification page shows ---- */

const char *xy_report_content_public(const char *content, struct xy_arena *a)
{
    json_error_t je;
    json_t *root = json_loads(content, 0, &je), *subj, *secs, *s, *r, *f;
    const char *name, *masked, *text;
    size_t i, j, k;
    char *dumped;

    if (!root || !json_is_object(root))
        goto bad;
    subj = json_object_get(root, "subject");
    if (!jstr(root, "edition") || strcmp(jstr(root, "edition"), "自然人版") != 0 ||
        !(name = jstr(subj, "name")))
        goto out; /* an organisation's report is public as issued */
    masked = xy_mask_name(a, name);
    name = xy_arena_strdup(a, name);
    json_object_set_new(subj, "name", json_string(masked));
    secs = json_object_get(root, "sections");
    json_array_foreach(secs, i, s) json_array_foreach(json_object_get(s, "records"), j, r)
        json_array_foreach(json_object_get(r, "fields"), k, f)
    {
        const char *v = jstr(f, "value");
        if (v && strstr(v, name))
            json_object_set_new(f, "value", json_string(masked));
    }
out:
    dumped = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!dumped)
        return NULL;
    text = xy_arena_strdup(a, dumped);
    free(dumped);
    return text;
bad:
    json_decref(root);
    return NULL;
}
