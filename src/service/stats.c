/* stats.c - the platform's summary figures and the credit office's statistics (layer: service)
 *
 * The figures come from counters (migration 12) kept in the transaction that stores what they
 * count; this file decides what they mean: the coverage kinds, the period, the timeliness of a
 * record (the calendar lives here, not in the store), shares and means. See stats.h and
 * docs/statistics.md.
 */
#include "service/stats.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "domain/mask.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/feedback.h"
#include "service/files.h"

#define DAY_MS             86400000LL
#define CST_MS             28800000LL
#define MAX_EXPORT_BYTES   ((size_t)64 << 20)
#define XY_STATS_DEPT_CODE 64 /* bytes of a department code in a query */

xy_code xy_summary_get(struct xy_ctx *ctx, size_t ntop, struct xy_arena *a, struct xy_summary *out,
                       struct xy_err *err)
{
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_store_stats(ctx->store, &out->totals, err)) != XY_OK)
        return rc;
    return xy_store_subjects_top(ctx->store, 1, ntop, a, &out->top, &out->top_records, &out->ntop,
                                 err);
}

xy_code xy_stats_totals(struct xy_ctx *ctx, struct xy_store_stats *out, struct xy_err *err)
{
    return xy_store_stats(ctx->store, out, err);
}

/* ---- pure parts ---------------------------------------------------------------------------- */

/* A parameter as an error message may quote it: "（已隐藏）" when it holds what may be an ID
 * number (no message ever repeats one), else the value; %.32s in the format cuts it. */
static const char *quoted(const char *v)
{
    return !v ? "" : xy_mask_has_idno(v) ? "（已隐藏）" : v;
}

static xy_code bad(struct xy_err *err, const char *field)
{
    err->field = field;
    return XY_INVALID;
}

xy_code xy_stats_month_parse(const char *s, const char *field, int *month, struct xy_err *err)
{
    int y, m;

    if (!s || strlen(s) != 7 || s[4] != '-' || strspn(s, "0123456789") != 4 ||
        strspn(s + 5, "0123456789") != 2 || sscanf(s, "%4d-%2d", &y, &m) != 2 || y < 2000 ||
        y > 2099 || m < 1 || m > 12) {
        xy_err_set(err, XY_INVALID,
                   "统计期间 %s “%.16s”无效，应为 YYYY-MM 格式的年月（如 2026-01）", field,
                   quoted(s));
        return bad(err, field);
    }
    *month = y * 100 + m;
    return XY_OK;
}

int xy_stats_month_add(int month, int delta)
{
    int i = (month / 100) * 12 + (month % 100 - 1) + delta;
    int y = i >= 0 ? i / 12 : (i - 11) / 12;

    return y * 100 + (i - y * 12) + 1;
}

int xy_stats_month_count(int from, int to)
{
    int n = ((to / 100) * 12 + to % 100) - ((from / 100) * 12 + from % 100) + 1;
    return n > 0 ? n : 0;
}

void xy_stats_month_format(int month, char out[8])
{
    snprintf(out, 8, "%04d-%02d", (month / 100) % 10000, month % 100);
}

int xy_stats_month_of_day(int day)
{
    int y, m, d;
    xy_civil_from_days(day, &y, &m, &d);
    return y * 100 + m;
}

int64_t xy_stats_permille(int64_t num, int64_t den)
{
    if (den <= 0)
        return -1;
    return (num * 1000 + den / 2) / den;
}

void xy_stats_timer_init(struct xy_stats_timer *t, const struct xy_calendar *cal)
{
    int y0 = -1, y1 = -1, work = 0, unknown = 0;

    memset(t, 0, sizeof(*t));
    for (int y = 0; y < XY_CALENDAR_YEARS; y++)
        if (xy_calendar_has_year(cal, XY_CALENDAR_FIRST_YEAR + y)) {
            if (y0 < 0)
                y0 = XY_CALENDAR_FIRST_YEAR + y;
            y1 = XY_CALENDAR_FIRST_YEAR + y;
        }
    if (y0 < 0)
        return;
    t->first = xy_days_from_civil(y0, 1, 1);
    t->n = xy_days_from_civil(y1, 12, 31) - t->first + 1;
    t->work = xy_calloc((size_t)t->n, sizeof(int));
    t->unknown = xy_calloc((size_t)t->n, sizeof(int));
    for (int i = 0; i < t->n; i++) {
        struct xy_err ignored;
        int w = 0;
        if (xy_calendar_is_workday(cal, t->first + i, &w, &ignored) != XY_OK)
            unknown++;
        else
            work += w;
        t->work[i] = work;
        t->unknown[i] = unknown;
    }
}

void xy_stats_timer_release(struct xy_stats_timer *t)
{
    free(t->work);
    free(t->unknown);
    memset(t, 0, sizeof(*t));
}

/* 1 when day lies in a year with a calendar file */
static int timer_knows(const struct xy_stats_timer *t, int day)
{
    int i = day - t->first;
    if (i < 0 || i >= t->n)
        return 0;
    return t->unknown[i] == (i ? t->unknown[i - 1] : 0);
}

enum xy_timing xy_stats_time(const struct xy_stats_timer *t, int decision, int received, int *delay)
{
    int d;

    if (delay)
        *delay = 0;
    if (decision == INT32_MIN || !timer_knows(t, decision) || !timer_knows(t, received))
        return XY_TIMING_UNTIMED;
    if (received <= decision)
        return XY_TIMING_TIMELY; /* received on the day of the decision (or dated ahead) */
    /* a year without a file in between: the working days cannot be counted */
    if (t->unknown[received - t->first] != t->unknown[decision - t->first])
        return XY_TIMING_UNTIMED;
    d = t->work[received - t->first] - t->work[decision - t->first];
    if (delay)
        *delay = d;
    return d <= XY_STATS_TIMELY_WORKDAYS ? XY_TIMING_TIMELY : XY_TIMING_LATE;
}

/* ---- counters kept at ingest --------------------------------------------------------------- */

/* Cells of one department being added up: a handful (items x months) per batch, many in a
 * rebuild (departments x items x months), so a linear probe with a last-hit cache. */
struct cells {
    struct xy_stat_cell *v;
    size_t n, cap, last;
    struct xy_arena *a;
};

static struct xy_stat_cell *cell_for(struct cells *c, int month, int64_t dept_id, const char *item)
{
    struct xy_stat_cell *x;

    if (c->n && c->v[c->last].month == month && c->v[c->last].dept_id == dept_id &&
        !strcmp(c->v[c->last].item, item))
        return &c->v[c->last];
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].month == month && c->v[i].dept_id == dept_id && !strcmp(c->v[i].item, item)) {
            c->last = i;
            return &c->v[i];
        }
    if (c->n == c->cap) {
        struct xy_stat_cell *nv;
        c->cap = c->cap ? c->cap * 2 : 16;
        nv = xy_arena_alloc(c->a, c->cap * sizeof(*nv));
        if (c->n)
            memcpy(nv, c->v, c->n * sizeof(*nv));
        c->v = nv;
    }
    x = &c->v[c->n];
    memset(x, 0, sizeof(*x));
    x->month = month;
    x->dept_id = dept_id;
    x->item = xy_arena_strdup(c->a, item);
    c->last = c->n++;
    return x;
}

static void cell_time(struct xy_stat_cell *x, const struct xy_stats_timer *t, int decision,
                      int received, int64_t n)
{
    int delay;

    switch (xy_stats_time(t, decision, received, &delay)) {
    case XY_TIMING_TIMELY:
        x->timely += n;
        break;
    case XY_TIMING_LATE:
        x->late += n;
        x->late_days += (int64_t)delay * n;
        break;
    default:
        x->untimed += n;
    }
}

xy_code xy_stats_count_put(struct xy_ctx *ctx, int64_t dept_id, const struct xy_record_in *recs,
                           const struct xy_put_result *results, size_t n, struct xy_err *err)
{
    struct xy_stats_timer t;
    struct cells c = {0};
    xy_code rc;
    size_t i;

    for (i = 0; i < n && results[i].outcome != XY_PUT_NEW; i++)
        ;
    if (i == n)
        return XY_OK;
    c.a = xy_arena_new();
    xy_stats_timer_init(&t, ctx->cal);
    for (; i < n; i++) {
        int day;
        if (results[i].outcome != XY_PUT_NEW)
            continue;
        day = xy_day_of_ms(results[i].received_at * 1000);
        cell_time(cell_for(&c, xy_stats_month_of_day(day), dept_id, recs[i].item->id), &t,
                  recs[i].row->decision_date, day, 1);
    }
    rc = xy_store_stats_add(ctx->store, c.v, c.n, err);
    xy_stats_timer_release(&t);
    xy_arena_free(c.a);
    return rc;
}

struct recount {
    struct xy_stats_timer t;
    struct cells c;
    struct xy_stats_rebuilt *out;
};

static xy_code recount_timing(void *arg, const struct xy_stat_timing *g, struct xy_err *err)
{
    struct recount *r = arg;

    (void)err;
    cell_time(cell_for(&r->c, xy_stats_month_of_day(g->received_day), g->dept_id, g->item), &r->t,
              g->decision_date, g->received_day, g->n);
    r->out->groups++;
    r->out->records += g->n;
    return XY_OK;
}

static xy_code rebuild(struct xy_ctx *ctx, struct xy_stats_rebuilt *out, struct xy_err *err)
{
    struct recount r = {0};
    double t0 = xy_mono();
    char detail[96];
    xy_code rc;

    memset(out, 0, sizeof(*out));
    r.out = out;
    r.c.a = xy_arena_new();
    xy_stats_timer_init(&r.t, ctx->cal);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_stats_recount(ctx->store, recount_timing, &r, err)) != XY_OK ||
        (rc = xy_store_stats_add(ctx->store, r.c.v, r.c.n, err)) != XY_OK)
        goto fail;
    snprintf(detail, sizeof(detail), "records=%lld groups=%lld", (long long)out->records,
             (long long)out->groups);
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "stats.rebuild", .target = "stats", .result = "ok", .detail = detail},
             err)) != XY_OK)
        goto fail;
    rc = xy_store_commit(ctx->store, err);
    goto out;
fail:
    xy_store_rollback(ctx->store);
out:
    out->elapsed_s = xy_mono() - t0;
    xy_stats_timer_release(&r.t);
    xy_arena_free(r.c.a);
    return rc;
}

xy_code xy_stats_rebuild(struct xy_ctx *ctx, struct xy_stats_rebuilt *out, struct xy_err *err)
{
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_STATS_MANAGE, err);
    return rc != XY_OK ? rc : rebuild(ctx, out, err);
}

xy_code xy_stats_ensure(struct xy_ctx *ctx, int *ran, struct xy_stats_rebuilt *out,
                        struct xy_err *err)
{
    int built;
    xy_code rc;

    *ran = 0;
    memset(out, 0, sizeof(*out));
    if ((rc = xy_store_stats_built(ctx->store, &built, err)) != XY_OK || built)
        return rc;
    /* the server's worker acts for no one: the audit row names the system */
    {
        const struct xy_principal *saved = ctx->who;
        struct xy_principal sys = {.role = XY_R_OPERATOR, .login = "system:stats"};
        *ran = 1;
        ctx->who = &sys;
        rc = rebuild(ctx, out, err);
        ctx->who = saved;
    }
    return rc;
}

/* ---- the overview -------------------------------------------------------------------------- */

/* Coverage kinds: DOMAIN.md §1's six kinds of subject as the credit office counts them
 * (judicial bodies carry 机关 codes, so they are counted with the government bodies). */
static const struct {
    const char *id, *label;
    enum xy_subject_kind kinds[4];
    size_t nkinds;
} cov_kinds[XY_STATS_NKINDS] = {
    {"enterprise",
     "企业和个体工商户",
     {XY_KIND_ENTERPRISE, XY_KIND_INDIVIDUAL_BUSINESS, XY_KIND_COOPERATIVE},
     3},
    {"institution", "事业单位", {XY_KIND_INSTITUTION}, 1},
    {"social_org", "社会组织", {XY_KIND_SOCIAL_ORG}, 1},
    {"government", "机关（含司法机关）和群团组织", {XY_KIND_GOVERNMENT, XY_KIND_MASS_ORG}, 2},
    {"other_org",
     "其他组织",
     {XY_KIND_LEGAL_SERVICE, XY_KIND_COLLECTIVE, XY_KIND_OTHER_ORG, XY_KIND_UNKNOWN},
     4},
    {"person", "自然人", {XY_KIND_PERSON}, 1},
};

static int cov_of_kind(const char *kind_id)
{
    for (int c = 0; c < XY_STATS_NKINDS; c++)
        for (size_t k = 0; k < cov_kinds[c].nkinds; k++)
            if (!strcmp(xy_kind_id(cov_kinds[c].kinds[k]), kind_id))
                return c;
    return 4; /* a kind added later is "other" until it gets a row */
}

static int cov_index(const char *id)
{
    for (int c = 0; c < XY_STATS_NKINDS; c++)
        if (!strcmp(cov_kinds[c].id, id))
            return c;
    return -1;
}

/* The period of q: [*from, *to] in YYYYMM. */
static xy_code period(const struct xy_stats_query *q, int *from, int *to, struct xy_err *err)
{
    int this_month = xy_stats_month_of_day(xy_today());
    char a[8], b[8];
    xy_code rc;

    *to = this_month;
    if (q->to && (rc = xy_stats_month_parse(q->to, "to", to, err)) != XY_OK)
        return rc;
    *from = xy_stats_month_add(*to, -11);
    if (q->from && (rc = xy_stats_month_parse(q->from, "from", from, err)) != XY_OK)
        return rc;
    if (!q->to && q->from && *from > *to)
        *to = *from; /* a period that starts later this year or next: that month alone */
    xy_stats_month_format(*from, a);
    xy_stats_month_format(*to, b);
    if (*from > *to) {
        xy_err_set(err, XY_INVALID, "统计期间的开始月份 from（%s）晚于结束月份 to（%s）", a, b);
        return bad(err, "from");
    }
    if (xy_stats_month_count(*from, *to) > XY_STATS_MAX_MONTHS) {
        xy_err_set(err, XY_INVALID, "统计期间最长%d个月，%s 至 %s 共%d个月", XY_STATS_MAX_MONTHS, a,
                   b, xy_stats_month_count(*from, *to));
        return bad(err, "from");
    }
    return XY_OK;
}

static int64_t month_start_ms(int month)
{
    return (int64_t)xy_days_from_civil(month / 100, month % 100, 1) * DAY_MS - CST_MS;
}

static struct xy_stats_dept *dept_row(struct xy_stats_overview *o, int64_t dept_id)
{
    for (size_t i = 0; i < o->ndepts; i++)
        if (o->depts[i].dept_id == dept_id)
            return &o->depts[i];
    return NULL;
}

static int by_records(const void *pa, const void *pb)
{
    const struct xy_stats_dept *a = pa, *b = pb;
    if (a->records != b->records)
        return a->records > b->records ? -1 : 1;
    return strcmp(a->code ? a->code : "", b->code ? b->code : "");
}

static xy_code joint_figures(struct xy_ctx *ctx, struct xy_stats_overview *o, int64_t dept_id,
                             struct xy_arena *a, struct xy_err *err)
{
    struct xy_figures f;
    struct xy_figure_row sum = {0};
    char from[11], to[11];
    xy_code rc;

    xy_date_format(xy_days_from_civil(o->from / 100, o->from % 100, 1), from);
    xy_date_format(xy_days_from_civil(xy_stats_month_add(o->to, 1) / 100,
                                      xy_stats_month_add(o->to, 1) % 100, 1) -
                       1,
                   to);
    if ((rc = xy_figures_get(ctx, from, to, a, &f, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < f.n; i++) {
        const struct xy_figure_row *r = &f.rows[i];
        if (dept_id && r->dept_id != dept_id)
            continue;
        sum.checks += r->checks;
        sum.subjects += r->subjects;
        sum.hit_subjects += r->hit_subjects;
        sum.fed_subjects += r->fed_subjects;
        sum.taken += r->taken;
        sum.not_taken += r->not_taken;
        sum.amount_fen += r->amount_fen;
    }
    o->joint.checks = sum.checks;
    o->joint.subjects = sum.subjects;
    o->joint.subjects_hit = sum.hit_subjects;
    o->joint.subjects_with_feedback = sum.fed_subjects;
    o->joint.feedback_permille = xy_stats_permille(sum.fed_subjects, sum.hit_subjects);
    o->joint.measures_taken = sum.taken;
    o->joint.measures_not_taken = sum.not_taken;
    o->joint.amount_fen = sum.amount_fen;
    return XY_OK;
}

/* Everything but the audit row. */
static xy_code overview(struct xy_ctx *ctx, const struct xy_stats_query *q, struct xy_arena *a,
                        struct xy_stats_overview *o, struct xy_err *err)
{
    struct xy_dept dept, *depts;
    struct xy_stat_cell *cells;
    struct xy_stat_kind *kinds;
    struct xy_stat_registered *reg;
    struct xy_stat_case *cases;
    size_t ncells, nkinds, nreg, ncases, nd;
    int64_t dept_id = 0;
    int built;
    xy_code rc;

    memset(o, 0, sizeof(*o));
    o->as_of_ms = xy_now_ms();
    if ((rc = xy_authz_require(ctx->who, XY_PERM_STATS_READ, err)) != XY_OK)
        return rc;
    if ((rc = period(q, &o->from, &o->to, err)) != XY_OK)
        return rc;
    if (q->dept) {
        if (!*q->dept || strlen(q->dept) > XY_STATS_DEPT_CODE) {
            xy_err_set(err, XY_INVALID, "部门代码 dept “%.32s”无效，应为部门的统一社会信用代码",
                       quoted(q->dept));
            return bad(err, "dept");
        }
        rc = xy_store_dept_get(ctx->store, q->dept, a, &dept, err);
        if (rc == XY_NOT_FOUND) {
            xy_err_set(err, XY_INVALID,
                       "部门“%.32s”未登记（dept 应为已登记部门的统一社会信用代码）",
                       quoted(q->dept));
            return bad(err, "dept");
        }
        if (rc != XY_OK)
            return rc;
        dept_id = dept.id;
        o->dept_code = dept.uscc;
        o->dept_name = dept.name;
    }
    if ((rc = xy_store_stats_built(ctx->store, &built, err)) != XY_OK)
        return rc;
    if (!built)
        return xy_err_set(err, XY_UNAVAILABLE,
                          "统计计数正在建立（xinyong stats rebuild），请稍后再试");
    if ((rc = xy_store_stats_cells(ctx->store, o->from, o->to, dept_id, a, &cells, &ncells, err)) !=
            XY_OK ||
        (rc = xy_store_stats_kinds(ctx->store, a, &kinds, &nkinds, err)) != XY_OK ||
        (rc = xy_store_stats_registered(ctx->store, a, &reg, &nreg, err)) != XY_OK ||
        (rc = xy_store_stats_cases(ctx->store, month_start_ms(o->from),
                                   month_start_ms(xy_stats_month_add(o->to, 1)), xy_today(), a,
                                   &cases, &ncases, err)) != XY_OK ||
        (rc = xy_store_dept_list(ctx->store, a, &depts, &nd, err)) != XY_OK)
        return rc;

    /* coverage: the state now, whatever the period (subjects are not counted by month) */
    for (int c = 0; c < XY_STATS_NKINDS; c++) {
        o->coverage[c].kind = cov_kinds[c].id;
        o->coverage[c].label = cov_kinds[c].label;
        o->coverage[c].registered = -1;
        o->coverage[c].share_permille = -1;
    }
    for (size_t i = 0; i < nkinds; i++) {
        struct xy_stats_coverage *cv = &o->coverage[cov_of_kind(kinds[i].kind)];
        cv->subjects += kinds[i].subjects;
        cv->with_records += kinds[i].with_records;
    }
    for (size_t i = 0; i < nreg; i++) {
        int c = cov_index(reg[i].kind);
        if (c < 0)
            continue;
        o->coverage[c].registered = reg[i].registered;
        o->coverage[c].registered_source = reg[i].source;
        o->coverage[c].share_permille =
            xy_stats_permille(o->coverage[c].with_records, reg[i].registered);
    }

    /* categories: every item of the catalogue, in its order */
    o->ncategories = ctx->cat->nitems;
    o->categories =
        xy_arena_zalloc(a, (o->ncategories ? o->ncategories : 1) * sizeof(*o->categories));
    for (size_t i = 0; i < o->ncategories; i++) {
        const struct xy_item *it = ctx->cat->items[i];
        o->categories[i].category = it->category;
        o->categories[i].label = xy_category_zh(it->category);
        o->categories[i].item = it->id;
        o->categories[i].item_name = it->name;
    }

    /* months: every month of the period, zeros included */
    o->nmonths = (size_t)xy_stats_month_count(o->from, o->to);
    o->months = xy_arena_zalloc(a, o->nmonths * sizeof(*o->months));
    for (size_t i = 0; i < o->nmonths; i++)
        o->months[i].month = xy_stats_month_add(o->from, (int)i);

    /* departments: the one asked for, and any with something in the period */
    o->depts = xy_arena_zalloc(a, (nd ? nd : 1) * sizeof(*o->depts));
    for (size_t i = 0; i < nd; i++) {
        struct xy_stats_dept *d;
        if (dept_id && depts[i].id != dept_id)
            continue;
        d = &o->depts[o->ndepts++];
        d->dept_id = depts[i].id;
        d->code = depts[i].uscc;
        d->name = depts[i].name;
    }
    for (size_t i = 0; i < ncells; i++) {
        const struct xy_stat_cell *c = &cells[i];
        struct xy_stats_dept *d = dept_row(o, c->dept_id);
        int mi = xy_stats_month_count(o->from, c->month) - 1;

        if (mi >= 0 && (size_t)mi < o->nmonths) {
            o->months[mi].records += c->records;
            o->months[mi].versions += c->versions;
        }
        for (size_t k = 0; k < o->ncategories; k++)
            if (!strcmp(o->categories[k].item, c->item)) {
                o->categories[k].records += c->records;
                break;
            }
        if (!d)
            continue;
        d->records += c->records;
        d->versions += c->versions;
        d->rows += c->rows;
        d->rejected += c->rejected;
        d->timely += c->timely;
        d->late += c->late;
        d->untimed += c->untimed;
        d->late_days += c->late_days;
    }

    /* objections against each department's records, and the clocks */
    o->clocks[0].kind = "objection";
    o->clocks[0].label = "异议";
    o->clocks[1].kind = "repair";
    o->clocks[1].label = "信用修复";
    for (size_t i = 0; i < ncases; i++) {
        const struct xy_stat_case *c = &cases[i];
        struct xy_stats_clock *k = &o->clocks[strcmp(c->kind, "objection") ? 1 : 0];
        struct xy_stats_dept *d;

        if (dept_id && c->dept_id != dept_id)
            continue;
        k->open += c->open;
        k->open_overdue += c->overdue;
        k->closed += c->n - c->open;
        k->closed_late += c->late;
        k->closed_on_time += c->n - c->open - c->late;
        if (strcmp(c->kind, "objection") || !(d = dept_row(o, c->dept_id)))
            continue;
        d->objections += c->n;
        d->objections_open += c->open;
        /* 异议成立: the record was corrected; 不成立: the record was upheld (维持原记录) */
        if (!strcmp(c->state, "corrected"))
            d->objections_upheld += c->n - c->open;
        else if (!strcmp(c->state, "upheld"))
            d->objections_rejected += c->n - c->open;
    }

    /* keep the departments that have something to show */
    {
        size_t k = 0;
        for (size_t i = 0; i < o->ndepts; i++) {
            struct xy_stats_dept *d = &o->depts[i];
            if (!dept_id && !d->rows && !d->records && !d->versions && !d->objections)
                continue;
            d->rejected_permille = xy_stats_permille(d->rejected, d->rows);
            d->timely_permille = xy_stats_permille(d->timely, d->timely + d->late);
            d->mean_delay_days = d->late ? (double)d->late_days / (double)d->late : -1;
            o->depts[k++] = *d;
        }
        o->ndepts = k;
        qsort(o->depts, o->ndepts, sizeof(*o->depts), by_records);
    }
    return joint_figures(ctx, o, dept_id, a, err);
}

static xy_code audited(struct xy_ctx *ctx, const char *action, const struct xy_stats_overview *o,
                       const char *table, struct xy_err *err)
{
    char detail[160], from[8], to[8];

    xy_stats_month_format(o->from, from);
    xy_stats_month_format(o->to, to);
    snprintf(detail, sizeof(detail), "from=%s to=%s dept=%s%s%s", from, to,
             o->dept_code ? o->dept_code : "*", table ? " table=" : "", table ? table : "");
    return xy_audit_record(
        ctx,
        &(struct xy_audit_event){
            .action = action, .target = "stats", .result = "ok", .detail = detail},
        err);
}

xy_code xy_stats_overview(struct xy_ctx *ctx, const struct xy_stats_query *q, struct xy_arena *a,
                          struct xy_stats_overview *out, struct xy_err *err)
{
    xy_code rc = overview(ctx, q, a, out, err);
    return rc != XY_OK ? rc : audited(ctx, "stats.read", out, NULL, err);
}

/* Characters of s, 0 for NULL or for bytes that are no UTF-8 text. */
static size_t utf8_chars(const char *s)
{
    long n = s ? xy_utf8_chars(s, strlen(s)) : 0;
    return n > 0 ? (size_t)n : 0;
}

xy_code xy_stats_registered_set(struct xy_ctx *ctx, const char *kind, int64_t registered,
                                const char *source, struct xy_err *err)
{
    struct xy_stat_registered r = {0};
    char detail[120];
    size_t chars;
    xy_code rc;

    if ((rc = xy_authz_require(ctx->who, XY_PERM_STATS_MANAGE, err)) != XY_OK)
        return rc;
    if (!kind || cov_index(kind) < 0) {
        xy_err_set(err, XY_INVALID,
                   "主体类别 kind “%.32s”无效，应为 enterprise、institution、social_org、"
                   "government、other_org 或 person",
                   quoted(kind));
        return bad(err, "kind");
    }
    if (registered < 0 || registered > XY_STATS_REGISTERED_MAX) {
        xy_err_set(err, XY_INVALID, "登记在册数 registered 应为 0 至 %lld 的整数，实为 %lld",
                   (long long)XY_STATS_REGISTERED_MAX, (long long)registered);
        return bad(err, "registered");
    }
    chars = utf8_chars(source);
    if (!source || !*source || chars == 0 || chars > XY_STATS_SOURCE_MAX) {
        xy_err_set(err, XY_INVALID, "数据来源 source 应为1至%d个字符，实为%zu个字符",
                   XY_STATS_SOURCE_MAX, source ? chars : 0);
        return bad(err, "source");
    }
    r.kind = cov_kinds[cov_index(kind)].id;
    r.registered = registered;
    r.source = source;
    r.updated_at = xy_now_ms();
    r.updated_by = ctx->who && ctx->who->login ? ctx->who->login : "?";
    snprintf(detail, sizeof(detail), "kind=%s registered=%lld", r.kind, (long long)registered);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_stats_registered_put(ctx->store, &r, err)) != XY_OK ||
        (rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "stats.registered", .target = "stats", .result = "ok", .detail = detail},
             err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return xy_store_commit(ctx->store, err);
}

/* ---- JSON ---------------------------------------------------------------------------------- */

/* key: v, or null when v < 0 */
static void kint_or_null(struct xy_jw *w, const char *key, int64_t v)
{
    if (v < 0) {
        xy_jw_key(w, key);
        xy_jw_null(w);
    } else {
        xy_jw_kint(w, key, (long long)v);
    }
}

static void dept_json(struct xy_jw *w, const char *code, const char *name)
{
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", code);
    xy_jw_kstr(w, "name", name);
    xy_jw_end(w);
}

static void clock_json(struct xy_jw *w, const struct xy_stats_clock *c)
{
    xy_jw_obj(w);
    xy_jw_kstr(w, "kind", c->kind);
    xy_jw_kstr(w, "label", c->label);
    xy_jw_kint(w, "open", c->open);
    xy_jw_kint(w, "open_overdue", c->open_overdue);
    xy_jw_kint(w, "closed", c->closed);
    xy_jw_kint(w, "closed_on_time", c->closed_on_time);
    xy_jw_kint(w, "closed_late", c->closed_late);
    xy_jw_end(w);
}

void xy_stats_overview_json(const struct xy_stats_overview *o, struct xy_jw *w)
{
    char as_of[26], m[8];

    xy_jw_obj(w);
    xy_time_format_cst(o->as_of_ms, as_of);
    xy_jw_kstr(w, "as_of", as_of);
    xy_jw_key(w, "period");
    xy_jw_obj(w);
    xy_stats_month_format(o->from, m);
    xy_jw_kstr(w, "from", m);
    xy_stats_month_format(o->to, m);
    xy_jw_kstr(w, "to", m);
    xy_jw_end(w);
    xy_jw_key(w, "department");
    if (o->dept_code)
        dept_json(w, o->dept_code, o->dept_name);
    else
        xy_jw_null(w);

    xy_jw_key(w, "coverage");
    xy_jw_arr(w);
    for (int i = 0; i < XY_STATS_NKINDS; i++) {
        const struct xy_stats_coverage *c = &o->coverage[i];
        xy_jw_obj(w);
        xy_jw_kstr(w, "kind", c->kind);
        xy_jw_kstr(w, "label", c->label);
        xy_jw_kint(w, "subjects", c->subjects);
        xy_jw_kint(w, "with_records", c->with_records);
        kint_or_null(w, "registered", c->registered);
        xy_jw_kstr(w, "registered_source", c->registered_source);
        kint_or_null(w, "share_permille", c->share_permille);
        xy_jw_end(w);
    }
    xy_jw_end(w);

    xy_jw_key(w, "by_category");
    xy_jw_arr(w);
    for (size_t i = 0; i < o->ncategories; i++) {
        const struct xy_stats_category *c = &o->categories[i];
        xy_jw_obj(w);
        xy_jw_kint(w, "category", c->category);
        xy_jw_kstr(w, "label", c->label);
        xy_jw_kstr(w, "item", c->item);
        xy_jw_kstr(w, "item_name", c->item_name);
        xy_jw_kint(w, "records", c->records);
        xy_jw_end(w);
    }
    xy_jw_end(w);

    xy_jw_key(w, "by_month");
    xy_jw_arr(w);
    for (size_t i = 0; i < o->nmonths; i++) {
        xy_jw_obj(w);
        xy_stats_month_format(o->months[i].month, m);
        xy_jw_kstr(w, "month", m);
        xy_jw_kint(w, "records", o->months[i].records);
        xy_jw_kint(w, "versions", o->months[i].versions);
        xy_jw_end(w);
    }
    xy_jw_end(w);

    xy_jw_key(w, "by_department");
    xy_jw_arr(w);
    for (size_t i = 0; i < o->ndepts; i++) {
        xy_jw_obj(w);
        xy_jw_key(w, "department");
        dept_json(w, o->depts[i].code, o->depts[i].name);
        xy_jw_kint(w, "records", o->depts[i].records);
        xy_jw_end(w);
    }
    xy_jw_end(w);

    xy_jw_key(w, "departments");
    xy_jw_arr(w);
    for (size_t i = 0; i < o->ndepts; i++) {
        const struct xy_stats_dept *d = &o->depts[i];
        xy_jw_obj(w);
        xy_jw_key(w, "department");
        dept_json(w, d->code, d->name);
        xy_jw_kint(w, "records", d->records);
        xy_jw_kint(w, "rows", d->rows);
        xy_jw_kint(w, "rejected", d->rejected);
        kint_or_null(w, "rejected_permille", d->rejected_permille);
        xy_jw_kint(w, "timely", d->timely);
        xy_jw_kint(w, "late", d->late);
        xy_jw_kint(w, "untimed", d->untimed);
        kint_or_null(w, "timely_permille", d->timely_permille);
        xy_jw_key(w, "mean_delay_days");
        if (d->mean_delay_days < 0) {
            xy_jw_null(w);
        } else {
            char num[32];
            snprintf(num, sizeof(num), "%.1f", d->mean_delay_days);
            xy_jw_raw(w, num);
        }
        xy_jw_kint(w, "objections", d->objections);
        xy_jw_kint(w, "objections_upheld", d->objections_upheld);
        xy_jw_kint(w, "objections_rejected", d->objections_rejected);
        xy_jw_kint(w, "objections_open", d->objections_open);
        xy_jw_end(w);
    }
    xy_jw_end(w);

    xy_jw_key(w, "clocks");
    xy_jw_arr(w);
    clock_json(w, &o->clocks[0]);
    clock_json(w, &o->clocks[1]);
    xy_jw_end(w);

    xy_jw_key(w, "joint");
    xy_jw_obj(w);
    xy_jw_kint(w, "checks", o->joint.checks);
    xy_jw_kint(w, "subjects", o->joint.subjects);
    xy_jw_kint(w, "subjects_hit", o->joint.subjects_hit);
    xy_jw_kint(w, "subjects_with_feedback", o->joint.subjects_with_feedback);
    kint_or_null(w, "feedback_permille", o->joint.feedback_permille);
    xy_jw_kint(w, "measures_taken", o->joint.measures_taken);
    xy_jw_kint(w, "measures_not_taken", o->joint.measures_not_taken);
    xy_jw_kint(w, "amount_fen", o->joint.amount_fen);
    xy_jw_end(w);
    xy_jw_end(w);
}

/* ---- export -------------------------------------------------------------------------------- */

static const struct {
    const char *id, *label;
} tables[] = {
    {"coverage", "主体覆盖率"},  {"categories", "记录分类统计"},       {"months", "记录月度统计"},
    {"departments", "部门考核"}, {"clocks", "异议与信用修复办理时限"}, {"joint", "联合奖惩闭环"},
};

int xy_stats_table_known(const char *table)
{
    return xy_stats_table_label(table) != NULL;
}

const char *xy_stats_table_label(const char *table)
{
    for (size_t i = 0; table && i < sizeof(tables) / sizeof(tables[0]); i++)
        if (!strcmp(tables[i].id, table))
            return tables[i].label;
    return NULL;
}

#define TXT(s) ((struct xy_sheet_cell){XY_CELL_TEXT, (s), 0})
#define INT(v) ((struct xy_sheet_cell){XY_CELL_INT, NULL, (double)(v)})
#define PCT(pm)                                                                                    \
    ((pm) < 0 ? (struct xy_sheet_cell){0}                                                          \
              : (struct xy_sheet_cell){XY_CELL_PERCENT, NULL, (double)(pm) / 1000.0})
#define NUM(v)                                                                                     \
    ((v) < 0 ? (struct xy_sheet_cell){0} : (struct xy_sheet_cell){XY_CELL_NUMBER, NULL, (v)})

static xy_code write_header(struct xy_sheet_writer *w, const char *const *h, size_t n,
                            struct xy_err *err)
{
    return xy_sheet_writer_row(w, h, n, err);
}

static xy_code write_table(struct xy_sheet_writer *w, const struct xy_stats_overview *o,
                           const char *table, struct xy_arena *a, struct xy_err *err)
{
    struct xy_sheet_cell c[16];
    xy_code rc = XY_OK;

    if (!strcmp(table, "coverage")) {
        static const char *const h[] = {"主体类别",   "主体数", "有信用记录的主体数",
                                        "登记在册数", "覆盖率", "登记数来源"};
        rc = write_header(w, h, 6, err);
        for (int i = 0; i < XY_STATS_NKINDS && rc == XY_OK; i++) {
            const struct xy_stats_coverage *v = &o->coverage[i];
            c[0] = TXT(v->label), c[1] = INT(v->subjects), c[2] = INT(v->with_records);
            c[3] = v->registered < 0 ? (struct xy_sheet_cell){0} : INT(v->registered);
            c[4] = PCT(v->share_permille);
            c[5] = TXT(v->registered_source);
            rc = xy_sheet_writer_cells(w, c, 6, err);
        }
    } else if (!strcmp(table, "categories")) {
        static const char *const h[] = {"目录类别编号", "目录类别", "信息项代码", "信息项",
                                        "记录数"};
        rc = write_header(w, h, 5, err);
        for (size_t i = 0; i < o->ncategories && rc == XY_OK; i++) {
            const struct xy_stats_category *v = &o->categories[i];
            c[0] = INT(v->category), c[1] = TXT(v->label), c[2] = TXT(v->item);
            c[3] = TXT(v->item_name), c[4] = INT(v->records);
            rc = xy_sheet_writer_cells(w, c, 5, err);
        }
    } else if (!strcmp(table, "months")) {
        static const char *const h[] = {"月份", "新增记录数", "更正版本数"};
        rc = write_header(w, h, 3, err);
        for (size_t i = 0; i < o->nmonths && rc == XY_OK; i++) {
            char *m = xy_arena_alloc(a, 8);
            xy_stats_month_format(o->months[i].month, m);
            c[0] = TXT(m), c[1] = INT(o->months[i].records), c[2] = INT(o->months[i].versions);
            rc = xy_sheet_writer_cells(w, c, 3, err);
        }
    } else if (!strcmp(table, "departments")) {
        static const char *const h[] = {"部门",
                                        "统一社会信用代码",
                                        "记录数",
                                        "报送行数",
                                        "拒收行数",
                                        "拒收率",
                                        "及时",
                                        "逾期",
                                        "无法判断",
                                        "及时率",
                                        "平均延迟（工作日）",
                                        "异议",
                                        "异议成立",
                                        "异议不成立",
                                        "办理中"};
        rc = write_header(w, h, 15, err);
        for (size_t i = 0; i < o->ndepts && rc == XY_OK; i++) {
            const struct xy_stats_dept *v = &o->depts[i];
            c[0] = TXT(v->name), c[1] = TXT(v->code), c[2] = INT(v->records);
            c[3] = INT(v->rows), c[4] = INT(v->rejected), c[5] = PCT(v->rejected_permille);
            c[6] = INT(v->timely), c[7] = INT(v->late), c[8] = INT(v->untimed);
            c[9] = PCT(v->timely_permille), c[10] = NUM(v->mean_delay_days);
            c[11] = INT(v->objections), c[12] = INT(v->objections_upheld);
            c[13] = INT(v->objections_rejected), c[14] = INT(v->objections_open);
            rc = xy_sheet_writer_cells(w, c, 15, err);
        }
    } else if (!strcmp(table, "joint")) {
        static const char *const h[] = {"范围",       "核查次数",   "核查主体",
                                        "命中主体",   "已反馈主体", "反馈率",
                                        "已采取措施", "未采取措施", "涉及金额（元）"};
        const struct xy_stats_joint *v = &o->joint;
        rc = write_header(w, h, 9, err);
        c[0] = TXT(o->dept_name ? o->dept_name : "全部部门"), c[1] = INT(v->checks);
        c[2] = INT(v->subjects), c[3] = INT(v->subjects_hit);
        c[4] = INT(v->subjects_with_feedback), c[5] = PCT(v->feedback_permille);
        c[6] = INT(v->measures_taken), c[7] = INT(v->measures_not_taken);
        c[8] = NUM((double)v->amount_fen / 100.0);
        if (rc == XY_OK)
            rc = xy_sheet_writer_cells(w, c, 9, err);
    } else {
        static const char *const h[] = {"事项",   "办理中",   "办理中已超期",
                                        "已办结", "按期办结", "超期办结"};
        rc = write_header(w, h, 6, err);
        for (int i = 0; i < 2 && rc == XY_OK; i++) {
            const struct xy_stats_clock *v = &o->clocks[i];
            c[0] = TXT(v->label), c[1] = INT(v->open), c[2] = INT(v->open_overdue);
            c[3] = INT(v->closed), c[4] = INT(v->closed_on_time), c[5] = INT(v->closed_late);
            rc = xy_sheet_writer_cells(w, c, 6, err);
        }
    }
    return rc;
}

static xy_code check_table(const char *table, struct xy_err *err)
{
    if (xy_stats_table_known(table))
        return XY_OK;
    xy_err_set(err, XY_INVALID,
               "统计表 table “%.32s”无效，应为 coverage、categories、months、departments、"
               "clocks 或 joint",
               quoted(table));
    return bad(err, "table");
}

xy_code xy_stats_export(struct xy_ctx *ctx, const struct xy_stats_query *q, const char *table,
                        enum xy_sheet_format format, const char *path, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_stats_overview o;
    struct xy_sheet_writer *w = NULL;
    char from[8], to[8], at[24], *title;
    xy_code rc;

    if ((rc = check_table(table, err)) != XY_OK || (rc = overview(ctx, q, a, &o, err)) != XY_OK)
        goto out;
    xy_stats_month_format(o.from, from);
    xy_stats_month_format(o.to, to);
    xy_time_minutes_cst(o.as_of_ms, at);
    title = xy_arena_printf(a, "%s（%s 至 %s%s%s%s，导出时间 %s）", xy_stats_table_label(table),
                            from, to, o.dept_name ? "，" : "", o.dept_name ? o.dept_name : "",
                            o.dept_name ? "" : "，全部部门", at);
    if ((rc = xy_sheet_writer_open(path, format, xy_stats_table_label(table), &w, err)) != XY_OK)
        goto out;
    {
        const char *row[1] = {title};
        rc = xy_sheet_writer_row(w, row, 1, err);
    }
    if (rc == XY_OK)
        rc = write_table(w, &o, table, a, err);
    {
        struct xy_err cerr = {0};
        xy_code crc = xy_sheet_writer_close(w, &cerr);
        if (rc == XY_OK && crc != XY_OK) {
            rc = crc;
            *err = cerr;
        }
    }
    if (rc == XY_OK)
        rc = audited(ctx, "stats.export", &o, table, err);
out:
    xy_arena_free(a);
    return rc;
}

xy_code xy_stats_export_bytes(struct xy_ctx *ctx, const struct xy_stats_query *q, const char *table,
                              enum xy_sheet_format format, struct xy_arena *a, const char **data,
                              size_t *len, const char **file_name, struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    const char *dir = getenv("TMPDIR");
    char path[4200];
    int fd, from, to;
    xy_code rc;

    *data = NULL;
    *len = 0;
    *file_name = NULL;
    if ((rc = check_table(table, err)) != XY_OK || (rc = period(q, &from, &to, err)) != XY_OK)
        return rc;
    snprintf(path, sizeof(path), "%s/xinyong-stats-XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return xy_err_set(err, XY_IO, "could not create a temporary file in \"%s\"",
                          dir && *dir ? dir : "/tmp");
    close(fd);
    if ((rc = xy_stats_export(ctx, q, table, format, path, err)) == XY_OK &&
        (rc = xy_file_read(path, MAX_EXPORT_BYTES, &b, err)) == XY_OK) {
        char f[8], t[8];
        xy_stats_month_format(from, f);
        xy_stats_month_format(to, t);
        *data = xy_arena_strndup(a, b.data ? b.data : "", b.len);
        *len = b.len;
        *file_name = xy_arena_printf(a, "信用统计-%s-%s至%s.%s", xy_stats_table_label(table), f, t,
                                     format == XY_SHEET_XLSX ? "xlsx" : "csv");
    }
    xy_buf_release(&b);
    unlink(path);
    return rc;
}
