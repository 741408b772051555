/* cases.c - objections, credit repair and court removals as cases with working-day clocks
 * (layer: service)
 *
 * Every change is one write transaction: the case row, its step, the audit row and the
 * notifications commit or vanish together. Every deadline comes from the calendar
 * (domain/remedy.c's clocks over ctx->cal): a year without a calendar file stops the step with
 * an error naming the year rather than writing a guessed date. Notices name the record's item
 * and the case, never the subject: they are read by staff of other bodies too, and a person's
 * name or ID number has no place in them.
 */
#include "service/cases.h"

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
#include "domain/record.h"
#include "service/audit.h"
#include "service/checks.h"
#include "service/case_internal.h"

#define STAFF_LIST_MAX 100 /* notifications listed at once */

/* ---- the published commitment ---- */

/* 信用承诺书, version XY_COMMITMENT_ID: what an applicant for credit repair signs (国家发展改革委
 * 《信用修复管理办法》: the applicant commits to having fulfilled the duty, to the truth of the
 * materials, and to joint punishment if the commitment is broken). A new text gets a new id:
 * the id is stored with each application, so what was signed stays known. */
static const char commitment_text[] =
    "信用承诺书\n"
    "\n"
    "本主体自愿向广州市公共信用信息平台申请对所列行政处罚信息进行信用修复，现郑重承诺：\n"
    "一、本主体已全部履行行政处罚决定书所确定的义务（包括缴纳罚款、没收违法所得等），"
    "违法行为已经纠正，相关不良影响已经消除。\n"
    "二、本次申请所提交的全部材料真实、准确、完整、有效，不存在虚假记载、误导性陈述或者重大遗漏；"
    "如有不实，本主体愿意承担由此产生的一切法律责任。\n"
    "三、本主体将严格遵守法律、法规和规章，依法诚信经营，自觉接受政府部门、行业组织和社会公众的"
    "监督，不再发生同类违法失信行为。\n"
    "四、本承诺书将纳入本主体的信用记录。如违反本承诺，本主体自愿接受撤销信用修复决定、"
    "恢复公示原行政处罚信息，并按照国家和本市有关规定接受相应的失信惩戒和联合惩戒；"
    "信用修复决定被撤销的，本主体知悉在规定期限内不得再次申请信用修复。\n"
    "五、本主体同意信用管理部门和作出处罚决定的部门核查本次申请所涉信息，并将修复结果告知相关部门。"
    "\n"
    "\n"
    "承诺主体（盖章或签字）：\n"
    "法定代表人（负责人）或经营者（签字）：\n"
    "日期：\n";

const char *xy_commitment_text(void)
{
    return commitment_text;
}

/* ---- names ---- */

static const struct {
    const char *id, *label;
} kinds[XY_CASE_KIND_COUNT] = {
    [XY_CASE_OBJECTION] = {"objection", "异议"},
    [XY_CASE_REPAIR] = {"repair", "信用修复"},
    [XY_CASE_REMOVAL] = {"removal", "履行后移出"},
};

const char *xy_case_kind_id(enum xy_case_kind k)
{
    return (unsigned)k < XY_CASE_KIND_COUNT ? kinds[k].id : "?";
}

const char *xy_case_kind_label(enum xy_case_kind k)
{
    return (unsigned)k < XY_CASE_KIND_COUNT ? kinds[k].label : "?";
}

static int kind_of(const char *id)
{
    for (int k = 0; k < XY_CASE_KIND_COUNT; k++)
        if (id && !strcmp(id, kinds[k].id))
            return k;
    return -1;
}

/* A removal has one state, reached when the court reports, and no events. */
#define REMOVAL_STATE       "removed"
#define REMOVAL_STATE_LABEL "已移出公示"

/* ---- the two state machines behind one face ---- */

static const char *obj_state_id(int s)
{
    return xy_objection_state_id((enum xy_objection_state)s);
}
static const char *obj_state_label(int s)
{
    return xy_objection_state_label((enum xy_objection_state)s);
}
static const char *obj_event_id(int e)
{
    return xy_objection_event_id((enum xy_objection_event)e);
}
static const char *obj_event_label(int e)
{
    return xy_objection_event_label((enum xy_objection_event)e);
}
static const struct xy_remedy_rule *obj_rule(int from, int event, enum xy_actor a)
{
    return xy_objection_rule((enum xy_objection_state)from, (enum xy_objection_event)event, a);
}
static xy_code obj_next(int from, int event, enum xy_actor a, int *to, struct xy_err *err)
{
    enum xy_objection_state s;
    xy_code rc = xy_objection_next((enum xy_objection_state)from, (enum xy_objection_event)event, a,
                                   &s, err);
    if (rc == XY_OK)
        *to = (int)s;
    return rc;
}
/* objections: every state's clock starts the day the case enters it */
static xy_code obj_deadline(const struct xy_calendar *cal, int state, int entered, int clock_day,
                            int *due, struct xy_err *err)
{
    (void)clock_day;
    return xy_objection_deadline(cal, (enum xy_objection_state)state, entered, due, err);
}
static int obj_final(int s)
{
    return xy_objection_final((enum xy_objection_state)s);
}

static const char *rep_state_id(int s)
{
    return xy_repair_state_id((enum xy_repair_state)s);
}
static const char *rep_state_label(int s)
{
    return xy_repair_state_label((enum xy_repair_state)s);
}
static const char *rep_event_id(int e)
{
    return xy_repair_event_id((enum xy_repair_event)e);
}
static const char *rep_event_label(int e)
{
    return xy_repair_event_label((enum xy_repair_event)e);
}
static const struct xy_remedy_rule *rep_rule(int from, int event, enum xy_actor a)
{
    return xy_repair_rule((enum xy_repair_state)from, (enum xy_repair_event)event, a);
}
static xy_code rep_next(int from, int event, enum xy_actor a, int *to, struct xy_err *err)
{
    enum xy_repair_state s;
    xy_code rc =
        xy_repair_next((enum xy_repair_state)from, (enum xy_repair_event)event, a, &s, err);
    if (rc == XY_OK)
        *to = (int)s;
    return rc;
}
/* repair: acceptance keeps the application's 10 working days (remedy.h) */
static xy_code rep_deadline(const struct xy_calendar *cal, int state, int entered, int clock_day,
                            int *due, struct xy_err *err)
{
    return xy_repair_deadline(cal, (enum xy_repair_state)state,
                              state == XY_REP_ACCEPTED ? clock_day : entered, due, err);
}
static int rep_final(int s)
{
    return xy_repair_final((enum xy_repair_state)s);
}

struct machine {
    const char *what; /* the case in messages */
    int nstates, nevents;
    const char *(*state_id)(int s);
    const char *(*state_label)(int s);
    const char *(*event_id)(int e);
    const char *(*event_label)(int e);
    const struct xy_remedy_rule *(*rules)(size_t *n);
    const struct xy_remedy_rule *(*rule)(int from, int event, enum xy_actor a);
    xy_code (*next)(int from, int event, enum xy_actor a, int *to, struct xy_err *err);
    xy_code (*deadline)(const struct xy_calendar *cal, int state, int entered, int clock_day,
                        int *due, struct xy_err *err);
    int (*final)(int s);
};

static const struct machine machines[XY_CASE_KIND_COUNT] = {
    [XY_CASE_OBJECTION] = {"异议", XY_OBJ_STATE_COUNT, XY_OBJ_EVENT_COUNT, obj_state_id,
                           obj_state_label, obj_event_id, obj_event_label, xy_objection_rules,
                           obj_rule, obj_next, obj_deadline, obj_final},
    [XY_CASE_REPAIR] = {"信用修复申请", XY_REP_STATE_COUNT, XY_REP_EVENT_COUNT, rep_state_id,
                        rep_state_label, rep_event_id, rep_event_label, xy_repair_rules, rep_rule,
                        rep_next, rep_deadline, rep_final},
    /* a removal has no machine: it is final when filed */
};

static const struct machine *machine_of(const struct xy_case *c)
{
    int k = kind_of(c->kind);
    return k == XY_CASE_OBJECTION || k == XY_CASE_REPAIR ? &machines[k] : NULL;
}

static int state_of(const struct machine *m, const char *id)
{
    for (int s = 0; s < m->nstates; s++)
        if (id && !strcmp(id, m->state_id(s)))
            return s;
    return -1;
}

static int event_of(const struct machine *m, const char *id)
{
    for (int e = 0; e < m->nevents; e++)
        if (id && !strcmp(id, m->event_id(e)))
            return e;
    return -1;
}

/* Who must act next in state: the reviewer or the department (the filer may only withdraw,
 * which is not waited for); "system" where only the platform acts; NULL once final. */
static const char *waiting_for(const struct machine *m, int state)
{
    const struct xy_remedy_rule *r;
    const char *sys = NULL;
    size_t n;

    if (!m || state < 0 || m->final(state))
        return NULL;
    r = m->rules(&n);
    for (size_t i = 0; i < n; i++) {
        if (r[i].from != state)
            continue;
        if (r[i].actor == XY_ACTOR_REVIEWER || r[i].actor == XY_ACTOR_DEPARTMENT)
            return xy_actor_id(r[i].actor);
        if (r[i].actor == XY_ACTOR_SYSTEM)
            sys = xy_actor_id(r[i].actor);
    }
    return sys;
}

/* ---- who acts ---- */

/* The parts the caller may play in case c (more than one for the operator). */
struct parts {
    int filer, reviewer, dept;
};

static struct parts parts_of(const struct xy_principal *who, const struct xy_case *c)
{
    struct parts p = {0, 0, 0};

    if (!who)
        return p;
    p.filer = xy_role_has(who->role, XY_PERM_REMEDY_FILE) && who->subject_id &&
              who->subject_id == c->subject_id;
    p.reviewer = xy_role_has(who->role, XY_PERM_REVIEW);
    /* the operator acts for any department; staff only for their own */
    p.dept = xy_role_has(who->role, XY_PERM_REMEDY_DEPT) &&
             (who->role == XY_R_OPERATOR || (who->dept_id && who->dept_id == c->dept_id));
    return p;
}

static int sees(struct parts p)
{
    return p.filer || p.reviewer || p.dept;
}

/* The actors the caller may be, in the order tried: a rule of the first that has one applies. */
static size_t actors_of(struct parts p, enum xy_actor out[3])
{
    size_t n = 0;

    if (p.filer)
        out[n++] = XY_ACTOR_FILER;
    if (p.reviewer)
        out[n++] = XY_ACTOR_REVIEWER;
    if (p.dept)
        out[n++] = XY_ACTOR_DEPARTMENT;
    return n;
}

/* ---- small helpers ---- */

/* "2026年12月1日": the form a notice is read in. */
static const char *zh_date(struct xy_arena *a, int day)
{
    int y, m, d;

    xy_civil_from_days(day, &y, &m, &d);
    return xy_arena_printf(a, "%d年%d月%d日", y, m, d);
}

int xy_case_blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return strncmp(s, "\xe3\x80\x80", 3) == 0 ? xy_case_blank(s + 3) : 0;
    return 1;
}

/* Free text from outside: present (when required), valid UTF-8, at most max characters. */
static xy_code check_text(const char *s, int required, long max, const char *field,
                          const char *what, struct xy_err *err)
{
    long chars;

    if (xy_case_blank(s)) {
        if (!required)
            return XY_OK;
        xy_err_set(err, XY_INVALID, "请填写%s", what);
        err->field = field;
        return XY_INVALID;
    }
    chars = xy_utf8_chars(s, strlen(s));
    if (chars < 0) {
        xy_err_set(err, XY_INVALID, "%s含有无法识别的字符（须为 UTF-8 编码）", what);
        err->field = field;
        return XY_INVALID;
    }
    if (chars > max) {
        xy_err_set(err, XY_INVALID, "%s过长：%ld个字，最多%ld个字", what, chars, max);
        err->field = field;
        return XY_INVALID;
    }
    return XY_OK;
}

static const struct xy_item *item_of(struct xy_ctx *ctx, const char *id)
{
    return id ? xy_catalog_item(ctx->cat, id) : NULL;
}

static const char *item_name(struct xy_ctx *ctx, const char *id)
{
    const struct xy_item *it = item_of(ctx, id);
    return it ? it->name : (id ? id : "信用");
}

/* The latest version of the record with public id pub_id (any version of it). */
static xy_code find_record(struct xy_ctx *ctx, const char *pub_id, struct xy_arena *a,
                           struct xy_record *r, struct xy_err *err)
{
    int64_t row;
    xy_code rc;

    if (xy_case_blank(pub_id)) {
        xy_err_set(err, XY_INVALID, "请指明记录（记录编号）");
        err->field = "record";
        return XY_INVALID;
    }
    rc = xy_store_row_id(ctx->store, XY_ID_RECORD, pub_id, &row, err);
    if (rc == XY_OK)
        rc = xy_store_record_get(ctx->store, row, a, r, err);
    if (rc == XY_OK && r->version != r->nversions) {
        struct xy_record *v;
        size_t n;
        if ((rc = xy_store_record_versions(ctx->store, row, a, &v, &n, err)) == XY_OK)
            rc = n ? xy_store_record_get(ctx->store, v[n - 1].id, a, r, err) : XY_NOT_FOUND;
    }
    if (rc == XY_NOT_FOUND) {
        xy_err_set(err, XY_NOT_FOUND, "未找到该记录");
        err->field = "record";
    }
    return rc;
}

/* ---- notifications ---- */

static xy_code notice_to(struct xy_ctx *ctx, int64_t user_id, int64_t case_id, const char *text,
                         struct xy_err *err)
{
    struct xy_notice nt = {0};

    if (!user_id)
        return XY_OK; /* the operator reads the console, not notifications */
    nt.user_id = user_id;
    nt.case_id = case_id;
    nt.at = xy_now_ms();
    nt.text = text;
    return xy_store_notice_put(ctx->store, &nt, err);
}

/* Every active account whose role holds p (and, dept_id != 0, of that department), except
 * the caller's own. */
static xy_code notice_staff(struct xy_ctx *ctx, struct xy_arena *a, enum xy_perm p, int64_t dept_id,
                            int64_t case_id, const char *text, struct xy_err *err)
{
    struct xy_user *u;
    size_t n;
    xy_code rc = xy_store_user_list(ctx->store, a, &u, &n, err);

    for (size_t i = 0; rc == XY_OK && i < n; i++) {
        if (!u[i].status || strcmp(u[i].status, "active") ||
            !xy_role_has(xy_role_from_name(u[i].role), p) || (dept_id && u[i].dept_id != dept_id) ||
            (ctx->who && u[i].id == ctx->who->user_id))
            continue;
        rc = notice_to(ctx, u[i].id, case_id, text, err);
    }
    return rc;
}

/* Every active subject account verified as subject_id (a court's report concerns a subject
 * that filed nothing). */
static xy_code notice_subject(struct xy_ctx *ctx, struct xy_arena *a, int64_t subject_id,
                              int64_t case_id, const char *text, struct xy_err *err)
{
    struct xy_user *u;
    size_t n;
    xy_code rc = xy_store_user_list(ctx->store, a, &u, &n, err);

    for (size_t i = 0; rc == XY_OK && i < n; i++)
        if (u[i].subject_id == subject_id && u[i].status && !strcmp(u[i].status, "active") &&
            xy_role_has(xy_role_from_name(u[i].role), XY_PERM_REMEDY_FILE))
            rc = notice_to(ctx, u[i].id, case_id, text, err);
    return rc;
}

/* What the filer reads when its case enters a state: the state in words, who acts next and by
 * when, and the reasons. */
static const struct {
    enum xy_case_kind kind;
    const char *state;
    const char *phrase; /* after "您对行政处罚记录提出的异议" */
    const char *who;    /* who acts next, when the state has a clock */
    const char *what;   /* what it does by the due day */
} filer_texts[] = {
    {XY_CASE_OBJECTION, "filed", "已提交", "平台", "决定是否受理"},
    {XY_CASE_OBJECTION, "accepted", "已受理", "平台", "完成核查"},
    {XY_CASE_OBJECTION, "referred", "已转认定部门核实", "认定部门", "答复核实结果"},
    {XY_CASE_OBJECTION, "refused", "不予受理", NULL, NULL},
    {XY_CASE_OBJECTION, "corrected", "已办结，记录已更正", NULL, NULL},
    {XY_CASE_OBJECTION, "upheld", "已办结，维持原记录", NULL, NULL},
    {XY_CASE_OBJECTION, "withdrawn", "已撤回", NULL, NULL},
    {XY_CASE_REPAIR, "applied", "已提交", "平台", "作出决定"},
    {XY_CASE_REPAIR, "accepted", "已受理", "平台", "作出决定"},
    {XY_CASE_REPAIR, "granted", "已准予修复，该记录已停止公示", "修复决定", "告知认定部门"},
    {XY_CASE_REPAIR, "denied", "不予修复", NULL, NULL},
    {XY_CASE_REPAIR, "withdrawn", "已撤回", NULL, NULL},
    {XY_CASE_REPAIR, "notified", "已办结，修复决定已告知认定部门", NULL, NULL},
};

static xy_code notice_filer(struct xy_ctx *ctx, struct xy_arena *a, const struct xy_case *c,
                            const char *reasons, struct xy_err *err)
{
    int k = kind_of(c->kind);
    struct xy_buf b = XY_BUF_INIT;
    xy_code rc;

    for (size_t i = 0; i < sizeof(filer_texts) / sizeof(filer_texts[0]); i++) {
        if ((int)filer_texts[i].kind != k || strcmp(filer_texts[i].state, c->state))
            continue;
        xy_buf_printf(
            &b, k == XY_CASE_OBJECTION ? "您对%s记录提出的异议%s" : "您对%s记录的信用修复申请%s",
            item_name(ctx, c->item), filer_texts[i].phrase);
        if (filer_texts[i].who && c->due_day >= 0)
            xy_buf_printf(&b, "，%s将于%s前%s", filer_texts[i].who, zh_date(a, c->due_day),
                          filer_texts[i].what);
        if (!xy_case_blank(reasons))
            xy_buf_printf(&b, "。理由：%s", reasons);
        xy_buf_printf(&b, "（案件 %lld）", (long long)c->id);
        rc = notice_to(ctx, c->filer_user_id, c->id, b.data, err);
        xy_buf_release(&b);
        return rc;
    }
    return XY_OK;
}

/* ---- filing ---- */

struct filing {
    enum xy_case_kind kind;
    const char *ground, *statement, *commitment;
    const char *event; /* the first step: "file", "apply", "report" */
    const char *state;
    enum xy_actor actor;
    int due_day;  /* the case's clock, -1 none */
    int step_due; /* the deadline the first step records */
    int disputes, hides;
    const char *action; /* audit */
};

/* Store a new case about record r with its first step, audit row and notices: one transaction
 * that the caller began. */
static xy_code put_case(struct xy_ctx *ctx, struct xy_arena *a, const struct xy_record *r,
                        const struct filing *f, int64_t *id, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_case c = {0};
    struct xy_case_step st = {0};
    char target[48], detail[96];
    int today = xy_today();
    xy_code rc;

    c.kind = xy_case_kind_id(f->kind);
    c.record_id = r->id;
    c.key_hash = xy_store_key_hash(r->dept_id, r->item, r->key);
    c.subject_id = r->subject_id;
    c.dept_id = r->dept_id;
    c.ground = f->ground;
    c.statement = f->statement;
    c.commitment = f->commitment;
    c.filer_user_id = f->actor == XY_ACTOR_FILER ? who->user_id : 0;
    c.filer = who->login;
    c.state = f->state;
    c.state_day = c.clock_day = today;
    c.due_day = f->due_day;
    c.disputes = f->disputes;
    c.hides = f->hides;
    c.filed_at = c.updated_at = xy_now_ms();
    c.item = r->item;
    if ((rc = xy_store_case_put(ctx->store, &c, err)) != XY_OK)
        return rc;
    st.case_id = c.id;
    st.at = c.filed_at;
    st.actor = xy_actor_id(f->actor);
    st.login = who->login;
    st.event = f->event;
    st.to_state = f->state;
    st.due_day = f->step_due;
    if ((rc = xy_store_case_step_put(ctx->store, &st, err)) != XY_OK)
        return rc;
    snprintf(target, sizeof(target), "case:%lld", (long long)c.id);
    snprintf(detail, sizeof(detail), "item=%s%s%s", r->item, f->ground ? " ground=" : "",
             f->ground ? f->ground : "");
    if ((rc = xy_audit_append(ctx,
                              &(struct xy_audit_event){.action = f->action,
                                                       .target = target,
                                                       .subject_id = r->subject_id,
                                                       .result = "ok",
                                                       .detail = detail},
                              err)) != XY_OK)
        return rc;
    if (f->kind == XY_CASE_REMOVAL) {
        const char *text = xy_arena_printf(a, "法院已报告履行义务，%s记录已移出公示（案件 %lld）",
                                           item_name(ctx, r->item), (long long)c.id);
        if ((rc = notice_subject(ctx, a, r->subject_id, c.id, text, err)) != XY_OK ||
            (rc = notice_staff(ctx, a, XY_PERM_REVIEW, 0, c.id, text, err)) != XY_OK)
            return rc;
    } else {
        const char *text =
            xy_arena_printf(a,
                            f->kind == XY_CASE_OBJECTION
                                ? "新的异议待受理：%s记录（案件 %lld），请于%s前决定是否受理"
                                : "新的信用修复申请待办理：%s记录（案件 %lld），请于%s前作出决定",
                            item_name(ctx, r->item), (long long)c.id, zh_date(a, f->due_day));
        if ((rc = notice_filer(ctx, a, &c, NULL, err)) != XY_OK ||
            (rc = notice_staff(ctx, a, XY_PERM_REVIEW, 0, c.id, text, err)) != XY_OK)
            return rc;
    }
    *id = c.id;
    return XY_OK;
}

/* The caller files as the record's subject: REMEDY_FILE and a verified identity. */
static xy_code require_filer(struct xy_ctx *ctx, const char *what, struct xy_err *err)
{
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_REMEDY_FILE, err);

    if (rc != XY_OK)
        return rc;
    if (!ctx->who->subject_id || !ctx->who->user_id)
        return xy_err_set(err, XY_DENIED, "账号尚未完成实名核验，核验后才能%s", what);
    return XY_OK;
}

xy_code xy_case_object(struct xy_ctx *ctx, const char *record, const char *ground,
                       const char *statement, int64_t *id, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct filing f = {.kind = XY_CASE_OBJECTION,
                       .statement = statement,
                       .event = "file",
                       .actor = XY_ACTOR_FILER,
                       .disputes = 1, /* the record shows 有异议 from filing on */
                       .action = "case.object"};
    enum xy_objection_ground g;
    struct xy_record r;
    struct xy_case *open;
    size_t n;
    xy_code rc;

    if ((rc = require_filer(ctx, "提出异议", err)) != XY_OK)
        goto out;
    if ((rc = find_record(ctx, record, a, &r, err)) != XY_OK)
        goto out;
    if (r.subject_id != ctx->who->subject_id) { /* someone else's record looks like none */
        rc = xy_err_set(err, XY_NOT_FOUND, "未找到该记录");
        err->field = "record";
        goto out;
    }
    if (xy_objection_ground_parse(ground, &g, err) != XY_OK) {
        rc = xy_err_set(err, XY_INVALID,
                        "异议理由“%.40s”无效，须为：错误、遗漏、重复、不应公示、超期公示、"
                        "与认定机关信息不一致之一",
                        ground ? ground : "");
        err->field = "ground";
        goto out;
    }
    if ((rc = check_text(statement, 1, XY_STATEMENT_MAX_CHARS, "statement", "异议说明", err)) !=
        XY_OK)
        goto out;
    f.ground = xy_objection_ground_id(g);
    f.state = xy_objection_state_id(XY_OBJ_FILED);
    if ((rc = xy_objection_deadline(ctx->cal, XY_OBJ_FILED, xy_today(), &f.due_day, err)) != XY_OK)
        goto out;
    f.step_due = f.due_day;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    /* one open objection per filer and record: a second would only split the history */
    rc = xy_store_case_list(ctx->store,
                            &(struct xy_case_filter){.kind = "objection",
                                                     .record_id = r.id,
                                                     .filer_user_id = ctx->who->user_id,
                                                     .limit = 1000},
                            a, &open, &n, err);
    for (size_t i = 0; rc == XY_OK && i < n; i++) {
        enum xy_objection_state s;
        struct xy_err ignored;
        if (xy_objection_state_parse(open[i].state, &s, &ignored) == XY_OK &&
            xy_objection_open(s)) {
            rc = xy_err_set(err, XY_CONFLICT, "您对该记录已有一件正在办理的异议（案件 %lld）",
                            (long long)open[i].id);
            err->field = "record";
        }
    }
    if (rc == XY_OK)
        rc = put_case(ctx, a, &r, &f, id, err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    if (rc != XY_OK)
        xy_store_rollback(ctx->store);
out:
    xy_arena_free(a);
    return rc;
}

xy_code xy_case_apply_repair(struct xy_ctx *ctx, const char *record, const char *statement,
                             const char *commitment, int64_t *id, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct filing f = {.kind = XY_CASE_REPAIR,
                       .statement = statement,
                       .commitment = XY_COMMITMENT_ID,
                       .event = "apply",
                       .actor = XY_ACTOR_FILER,
                       .action = "case.repair"};
    const struct xy_item *item;
    struct xy_pub_record view;
    struct xy_record r;
    struct xy_case *earlier;
    size_t n;
    xy_code rc;

    if ((rc = require_filer(ctx, "申请信用修复", err)) != XY_OK)
        goto out;
    if ((rc = find_record(ctx, record, a, &r, err)) != XY_OK)
        goto out;
    if (r.subject_id != ctx->who->subject_id) {
        rc = xy_err_set(err, XY_NOT_FOUND, "未找到该记录");
        err->field = "record";
        goto out;
    }
    item = item_of(ctx, r.item);
    if (!item || !item->repair || strcmp(item->repair, "penalty")) {
        rc = xy_err_set(err, XY_INVALID,
                        "%s记录不适用信用修复申请（信用修复申请只适用于行政处罚信息）",
                        item ? item->name : r.item);
        err->field = "record";
        goto out;
    }
    if (!commitment || strcmp(commitment, XY_COMMITMENT_ID)) {
        rc = xy_err_set(err, XY_INVALID, "须阅读并签署信用承诺书（版本 %s）后才能申请信用修复",
                        XY_COMMITMENT_ID);
        err->field = "commitment";
        goto out;
    }
    if ((rc = check_text(statement, 1, XY_STATEMENT_MAX_CHARS, "statement", "履行义务情况的说明",
                         err)) != XY_OK)
        goto out;
    /* the window: before the minimum period the date it opens, past the maximum nothing */
    if ((rc = xy_record_view(ctx, r.id, 1, a, &view, err)) != XY_OK)
        goto out;
    if (!view.repair_window) {
        rc = xy_err_set(err, XY_INVALID, "无法确定该记录的公示期限，暂不能申请信用修复");
        err->field = "record";
        goto out;
    }
    if (!strcmp(view.repair_window, "not_yet")) {
        int from;
        xy_parse_date(view.repairable_from, &from);
        rc = xy_err_set(err, XY_INVALID, "该记录的最短公示期尚未届满，自%s起可以申请信用修复",
                        zh_date(a, from));
        err->field = "record";
        err->hint = "repair.not_yet";
        goto out;
    }
    if (!strcmp(view.repair_window, "not_needed")) {
        rc =
            xy_err_set(err, XY_INVALID, "该记录已超过最长公示期，公示已自动停止，无需申请信用修复");
        err->field = "record";
        err->hint = "repair.not_needed";
        goto out;
    }
    f.state = xy_repair_state_id(XY_REP_APPLIED);
    if ((rc = xy_repair_deadline(ctx->cal, XY_REP_APPLIED, xy_today(), &f.due_day, err)) != XY_OK)
        goto out;
    f.step_due = f.due_day;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    /* one application per penalty record; a withdrawn one does not count */
    rc = xy_store_case_list(
        ctx->store, &(struct xy_case_filter){.kind = "repair", .record_id = r.id, .limit = 1000}, a,
        &earlier, &n, err);
    for (size_t i = 0; rc == XY_OK && i < n; i++) {
        enum xy_repair_state s;
        struct xy_err ignored;
        if (xy_repair_state_parse(earlier[i].state, &s, &ignored) == XY_OK && s == XY_REP_WITHDRAWN)
            continue;
        rc = xy_err_set(err, XY_CONFLICT,
                        "该记录已有信用修复申请（案件 %lld，%s），每条记录只能申请一次",
                        (long long)earlier[i].id,
                        xy_repair_state_parse(earlier[i].state, &s, &ignored) == XY_OK
                            ? xy_repair_state_label(s)
                            : earlier[i].state);
        err->field = "record";
    }
    if (rc == XY_OK && view.hidden) {
        /* a correction or a court's report already took it off public view */
        rc = xy_err_set(err, XY_INVALID, "该记录已停止公示，无需申请信用修复");
        err->field = "record";
        err->hint = "repair.not_needed";
    }
    if (rc == XY_OK)
        rc = put_case(ctx, a, &r, &f, id, err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    if (rc != XY_OK)
        xy_store_rollback(ctx->store);
out:
    xy_arena_free(a);
    return rc;
}

xy_code xy_case_report_performed(struct xy_ctx *ctx, const char *record, const char *statement,
                                 int64_t *id, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct filing f = {.kind = XY_CASE_REMOVAL,
                       .statement = statement,
                       .event = "report",
                       .state = REMOVAL_STATE,
                       .actor = XY_ACTOR_DEPARTMENT,
                       .due_day = -1, /* final at once: nothing more is due */
                       .hides = 1,
                       .action = "case.removal"};
    const struct xy_item *item;
    struct xy_record r;
    struct xy_case *earlier;
    size_t n;
    xy_code rc;

    if ((rc = xy_authz_require(ctx->who, XY_PERM_REMEDY_DEPT, err)) != XY_OK)
        goto out;
    if ((rc = find_record(ctx, record, a, &r, err)) != XY_OK)
        goto out;
    /* the department first: another department learns nothing of the record, not even its item */
    if (ctx->who->role != XY_R_OPERATOR && ctx->who->dept_id != r.dept_id) {
        rc = xy_err_set(err, XY_DENIED, "只能报告本单位作出的失信被执行人信息的履行情况");
        goto out;
    }
    item = item_of(ctx, r.item);
    if (!item || !item->repair || strcmp(item->repair, "court")) {
        rc = xy_err_set(err, XY_INVALID, "%s记录不是法院的失信被执行人信息，不能报告履行",
                        item ? item->name : r.item);
        err->field = "record";
        goto out;
    }
    if ((rc = check_text(statement, 1, XY_STATEMENT_MAX_CHARS, "statement", "履行情况说明", err)) !=
        XY_OK)
        goto out;
    /* the entry leaves public view now; the step keeps the deadline that this met */
    if ((rc = xy_sxbzxr_removal_due(ctx->cal, xy_today(), &f.step_due, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    rc = xy_store_case_list(
        ctx->store, &(struct xy_case_filter){.kind = "removal", .record_id = r.id, .limit = 1}, a,
        &earlier, &n, err);
    if (rc == XY_OK && n) {
        rc = xy_err_set(err, XY_CONFLICT, "该失信被执行人信息已报告履行（案件 %lld），已停止公示",
                        (long long)earlier[0].id);
        err->field = "record";
    }
    if (rc == XY_OK)
        rc = put_case(ctx, a, &r, &f, id, err);
    if (rc == XY_OK)
        rc = xy_store_commit(ctx->store, err);
    if (rc != XY_OK)
        xy_store_rollback(ctx->store);
    else
        xy_check_lists_touched(); /* off public view at once: no longer a hit */
out:
    xy_arena_free(a);
    return rc;
}

/* ---- corrections ---- */

struct allow {
    const char **codes;
    size_t n;
};

static int allowed(void *p, const char *code)
{
    const struct allow *al = p;
    for (size_t i = 0; i < al->n; i++)
        if (!strcmp(al->codes[i], code))
            return 1;
    return 0;
}

/* The first error of a validated row as XY_INVALID naming the field. */
static xy_code row_error(const struct xy_item *item, const struct xy_row *row, struct xy_err *err)
{
    for (size_t i = 0; i < row->nissues; i++) {
        const struct xy_row_issue *is = &row->issues[i];
        if (is->level != XY_CHECK_ERROR)
            continue;
        if (is->field >= 0) {
            xy_err_set(err, XY_INVALID, "更正后的“%s”有误：%s", item->fields[is->field].name,
                       is->zh);
            err->field = item->fields[is->field].code;
        } else {
            xy_err_set(err, XY_INVALID, "更正后的记录有误：%s", is->zh);
            err->field = "corrections";
        }
        return XY_INVALID;
    }
    xy_err_set(err, XY_INVALID, "更正后的记录有误");
    err->field = "corrections";
    return XY_INVALID;
}

static int same_ident(const struct xy_ident *x, const struct xy_ident *y)
{
    return x->type == y->type && x->value && y->value && !strcmp(x->value, y->value);
}

/* The first field of item with a role, or of the key, for err->field. */
static const char *key_field(const struct xy_item *item)
{
    for (size_t i = 0; i < item->nfields; i++)
        if (item->fields[i].key_part)
            return item->fields[i].code;
    return "corrections";
}

/* Write the correction of case c as a new version of its record: the latest version's values
 * overlaid with corr, validated as ingest validates a row, stored as a submission of the
 * record's department named after the case so that the version says where it came from.
 * Inside the caller's transaction. *new_id: the new version's row id. */
static xy_code correct_record(struct xy_ctx *ctx, struct xy_arena *a, const struct xy_case *c,
                              const struct xy_correction *corr, int64_t *new_id, struct xy_err *err)
{
    struct xy_record *v, r;
    const struct xy_item *item;
    const char **raw, **orig;
    struct xy_row row, was;
    struct allow al = {0};
    const char **reasons;
    struct xy_validate_opts vo = {0};
    struct xy_submission sub = {0};
    struct xy_record_in in = {0};
    struct xy_put_result put = {0};
    struct xy_counts counts = {0};
    int64_t batch_id;
    size_t n;
    xy_code rc;

    if ((rc = xy_store_record_versions(ctx->store, c->record_id, a, &v, &n, err)) != XY_OK)
        return rc;
    if (!n)
        return xy_err_set(err, XY_NOT_FOUND, "未找到该记录");
    if ((rc = xy_store_record_get(ctx->store, v[n - 1].id, a, &r, err)) != XY_OK)
        return rc;
    if (!(item = item_of(ctx, r.item)))
        return xy_err_set(err, XY_INVALID, "目录中已没有信息项“%s”，无法更正", r.item);
    raw = xy_arena_zalloc(a, (item->nfields + 1) * sizeof(*raw));
    orig = xy_arena_zalloc(a, (item->nfields + 1) * sizeof(*orig));
    for (size_t i = 0; i < r.nfields; i++) {
        int fi = xy_item_field_by_header(item, r.fields[i].code);
        if (fi >= 0)
            raw[fi] = orig[fi] = r.fields[i].value;
    }
    for (size_t i = 0; i < corr->n; i++) {
        int fi = corr->codes[i] ? xy_item_field_by_header(item, corr->codes[i]) : -1;
        const char *val = corr->values[i] ? corr->values[i] : "";
        if (fi < 0) {
            xy_err_set(err, XY_INVALID, "“%.60s”不是%s记录的字段",
                       corr->codes[i] ? corr->codes[i] : "", item->name);
            err->field = corr->codes[i] ? corr->codes[i] : "corrections";
            return XY_INVALID;
        }
        if ((long)strlen(val) > ctx->cfg->ingest_max_field_bytes) {
            xy_err_set(err, XY_INVALID, "更正后的“%s”过长（最多%ld字节）", item->fields[fi].name,
                       ctx->cfg->ingest_max_field_bytes);
            err->field = item->fields[fi].code;
            return XY_INVALID;
        }
        raw[fi] = *val ? val : NULL;
    }
    if ((rc = xy_store_uscc_allow_list(ctx->store, a, &al.codes, &reasons, &al.n, err)) != XY_OK)
        return rc;
    vo.today = xy_today();
    vo.uscc_allowed = allowed;
    vo.allow_ctx = &al;
    xy_row_validate(item, raw, &vo, a, &row);
    if (row.nerrors)
        return row_error(item, &row, err);
    /* a correction fixes a record; another decision or another subject is a new record */
    if (!r.key || strcmp(row.key, r.key)) {
        xy_err_set(err, XY_INVALID,
                   "更正不能改变记录的文书号或案号（%s）：另一份决定应由部门另行报送",
                   r.key ? r.key : "");
        err->field = key_field(item);
        return XY_INVALID;
    }
    xy_row_validate(item, orig, &vo, a, &was);
    if (was.nerrors || !same_ident(&row.primary, &was.primary)) {
        struct xy_subject s;
        rc = xy_store_subject_by_ident(ctx->store, row.primary.type, row.primary.value, a, &s, err);
        if (rc != XY_OK && rc != XY_NOT_FOUND)
            return rc;
        if (rc == XY_NOT_FOUND || s.id != r.subject_id) {
            int fi = item->role_field[row.primary.type == XY_IDENT_USCC    ? XY_ROLE_SUBJECT_USCC
                                      : row.primary.type == XY_IDENT_REGNO ? XY_ROLE_REGNO
                                                                           : XY_ROLE_SUBJECT_IDNO];
            xy_err_set(err, XY_INVALID,
                       "更正不能改变记录的主体（统一社会信用代码或证件号码）：主体有误的记录应由部"
                       "门撤回后重新报送");
            err->field = fi >= 0 ? item->fields[fi].code : "corrections";
            return XY_INVALID;
        }
    }
    in.item = item;
    in.row = &row;
    in.hash = xy_store_record_hash(ctx->keys, item, &row, a);
    if (!was.nerrors && in.hash == xy_store_record_hash(ctx->keys, item, &was, a)) {
        xy_err_set(err, XY_INVALID, "更正后的内容与现有记录相同，没有需要更正的字段");
        err->field = "corrections";
        return XY_INVALID;
    }
    in.line = 1;
    in.payload = xy_store_record_encode(ctx->keys, item, &row, a, &in.payload_len);
    in.key_hash = xy_store_key_hash(r.dept_id, item->id, row.key);

    sub.dept_id = r.dept_id;
    sub.item = item->id;
    sub.file = xy_arena_printf(a, "异议更正（案件 %lld）", (long long)c->id);
    sub.started_at = xy_now();
    if ((rc = xy_store_submission_put(ctx->store, &sub, err)) != XY_OK ||
        (rc = xy_store_batch_put(ctx->store, sub.id, 1, 1, &batch_id, err)) != XY_OK ||
        (rc = xy_store_records_put(ctx->store, r.dept_id, sub.id, batch_id, &in, 1, &put, err)) !=
            XY_OK)
        return rc;
    if (put.outcome != XY_PUT_VERSION) {
        xy_err_set(err, XY_INVALID, "更正后的内容与现有记录相同，没有需要更正的字段");
        err->field = "corrections";
        return XY_INVALID;
    }
    counts.rows = counts.accepted = counts.new_versions = 1;
    if ((rc = xy_store_batch_finish(ctx->store, batch_id, &counts, err)) != XY_OK ||
        (rc = xy_store_submission_finish(ctx->store, sub.id, &counts, "done", err)) != XY_OK ||
        (rc = xy_store_record_versions(ctx->store, c->record_id, a, &v, &n, err)) != XY_OK)
        return rc;
    *new_id = v[n - 1].id;
    return XY_OK;
}

/* ---- steps ---- */

/* The rule that lets the caller (in any of its parts) fire event in state, or NULL with err
 * set as the domain says (XY_DENIED: another actor must; XY_CONFLICT: not in this state). */
static const struct xy_remedy_rule *rule_for(const struct machine *m, struct parts p, int state,
                                             int event, struct xy_err *err)
{
    enum xy_actor actors[3];
    size_t n = actors_of(p, actors);
    int to;

    for (size_t i = 0; i < n; i++) {
        const struct xy_remedy_rule *r = m->rule(state, event, actors[i]);
        if (r)
            return r;
    }
    /* none: the domain's refusal in the caller's first part names who may and what can */
    m->next(state, event, n ? actors[0] : XY_ACTOR_FILER, &to, err);
    return NULL;
}

xy_code xy_case_step(struct xy_ctx *ctx, int64_t id, const char *event, const char *reasons,
                     const struct xy_correction *corr, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    const struct xy_remedy_rule *rule;
    const struct machine *m;
    struct xy_case c;
    struct xy_case_step st = {0};
    struct parts p;
    char target[48], detail[128];
    const char *from_id;
    int from, ev, today = xy_today(), clock_day, is_correct;
    xy_code rc;

    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    rc = xy_store_case_get(ctx->store, id, a, &c, err);
    p = rc == XY_OK ? parts_of(ctx->who, &c) : (struct parts){0, 0, 0};
    if (rc == XY_NOT_FOUND || (rc == XY_OK && !sees(p))) {
        rc = xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)id);
        err->field = "id";
    }
    if (rc != XY_OK)
        goto fail;
    if (!(m = machine_of(&c))) {
        rc = xy_err_set(err, XY_CONFLICT, "%s案件已办结，不能再办理",
                        kind_of(c.kind) >= 0 ? xy_case_kind_label(kind_of(c.kind)) : c.kind);
        err->field = "event";
        goto fail;
    }
    if ((from = state_of(m, c.state)) < 0) {
        rc = xy_err_set(err, XY_INTERNAL, "case %lld has an unknown state \"%s\"", (long long)id,
                        c.state ? c.state : "");
        goto fail;
    }
    if ((ev = event_of(m, event)) < 0) {
        rc = xy_err_set(err, XY_INVALID, "%s没有“%.40s”这种办理操作", m->what, event ? event : "");
        err->field = "event";
        goto fail;
    }
    is_correct = m == &machines[XY_CASE_OBJECTION] && ev == XY_OBJ_EV_CORRECT;
    if (!is_correct && corr && (corr->n || corr->unpublish)) {
        rc = xy_err_set(err, XY_INVALID, "只有「更正」可以附带更正内容");
        err->field = "corrections";
        goto fail;
    }
    if (!(rule = rule_for(m, p, from, ev, err))) {
        rc = err->code;
        err->field = "event";
        goto fail;
    }
    if (is_correct && (!corr || (!corr->n && !corr->unpublish))) {
        rc = xy_err_set(err, XY_INVALID, "「更正」须给出更正的字段，或停止公示该记录");
        err->field = "corrections";
        goto fail;
    }
    if (rule->reasons_required && xy_case_blank(reasons)) {
        rc = xy_err_set(err, XY_INVALID, "「%s」须写明理由，理由将告知申请人", m->event_label(ev));
        err->field = "reasons";
        goto fail;
    }
    if ((rc = check_text(reasons, 0, XY_REASONS_MAX_CHARS, "reasons", "理由", err)) != XY_OK)
        goto fail;
    if (!xy_case_blank(reasons) && xy_mask_has_idno(reasons)) {
        /* reasons go into the filer's notifications */
        rc = xy_err_set(err, XY_INVALID, "理由中不要填写身份证号码");
        err->field = "reasons";
        goto fail;
    }
    /* the clock of the new state (repair: acceptance keeps the application's) */
    from_id = c.state;
    clock_day = m == &machines[XY_CASE_REPAIR] && rule->to == XY_REP_ACCEPTED ? c.clock_day : today;
    if ((rc = m->deadline(ctx->cal, rule->to, today, clock_day, &c.due_day, err)) != XY_OK)
        goto fail;
    if (m == &machines[XY_CASE_OBJECTION]) {
        if (ev == XY_OBJ_EV_CORRECT && corr->n &&
            (rc = correct_record(ctx, a, &c, corr, &c.result_record_id, err)) != XY_OK)
            goto fail;
        if (ev == XY_OBJ_EV_CORRECT && corr->unpublish)
            c.hides = 1;
        c.disputes = xy_objection_open((enum xy_objection_state)rule->to);
    } else {
        c.hides = xy_repair_granted((enum xy_repair_state)rule->to);
        c.disputes = 0;
    }
    c.state = m->state_id(rule->to);
    c.state_day = today;
    c.clock_day = clock_day;
    c.updated_at = xy_now_ms();
    if ((rc = xy_store_case_update(ctx->store, &c, err)) != XY_OK)
        goto fail;
    st.case_id = c.id;
    st.at = c.updated_at;
    st.actor = xy_actor_id(rule->actor);
    st.login = ctx->who ? ctx->who->login : "?";
    st.event = m->event_id(ev);
    st.from_state = from_id;
    st.to_state = c.state;
    st.reasons = xy_case_blank(reasons) ? NULL : reasons;
    st.due_day = c.due_day;
    if ((rc = xy_store_case_step_put(ctx->store, &st, err)) != XY_OK)
        goto fail;
    snprintf(target, sizeof(target), "case:%lld", (long long)c.id);
    snprintf(detail, sizeof(detail), "kind=%s from=%s to=%s%s", c.kind, from_id, c.state,
             c.result_record_id && ev == XY_OBJ_EV_CORRECT ? " corrected" : "");
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){.action = xy_arena_printf(a, "case.%s", st.event),
                                      .target = target,
                                      .subject_id = c.subject_id,
                                      .result = "ok",
                                      .detail = detail},
             err)) != XY_OK)
        goto fail;
    if ((rc = notice_filer(ctx, a, &c, st.reasons, err)) != XY_OK)
        goto fail;
    /* the department's tasks: verifying a referred objection, receiving a repair decision */
    if ((m == &machines[XY_CASE_OBJECTION] && rule->to == XY_OBJ_REFERRED) ||
        (m == &machines[XY_CASE_REPAIR] && rule->to == XY_REP_GRANTED)) {
        const char *text = xy_arena_printf(
            a,
            rule->to == XY_OBJ_REFERRED && m == &machines[XY_CASE_OBJECTION]
                ? "异议待核实：本部门报送的%s记录（案件 %lld）被提出异议，请于%s前核实并答复"
                : "信用修复决定待接收：本部门报送的%s记录已准予信用修复（案件 "
                  "%lld），请于%s前确认接收",
            item_name(ctx, c.item), (long long)c.id, zh_date(a, c.due_day));
        if ((rc = notice_staff(ctx, a, XY_PERM_REMEDY_DEPT, c.dept_id, c.id, text, err)) != XY_OK)
            goto fail;
    }
    rc = xy_store_commit(ctx->store, err);
    if (rc != XY_OK)
        goto fail;
    if (c.hides)
        xy_check_lists_touched(); /* off public view: no longer a hit (re-screening) */
    goto out;
fail:
    xy_store_rollback(ctx->store);
out:
    xy_arena_free(a);
    return rc;
}

/* ---- reading cases ---- */

static void fill_view(struct xy_ctx *ctx, const struct xy_case *c, int today,
                      struct xy_case_view *v)
{
    const struct machine *m = machine_of(c);
    int s = m ? state_of(m, c->state) : -1;

    memset(v, 0, sizeof(*v));
    v->c = *c;
    v->kind_label = kind_of(c->kind) >= 0 ? xy_case_kind_label(kind_of(c->kind)) : c->kind;
    v->state_label = m && s >= 0                                          ? m->state_label(s)
                     : !m && c->state && !strcmp(c->state, REMOVAL_STATE) ? REMOVAL_STATE_LABEL
                                                                          : c->state;
    if (c->ground) {
        enum xy_objection_ground g;
        struct xy_err ignored;
        v->ground_label = xy_objection_ground_parse(c->ground, &g, &ignored) == XY_OK
                              ? xy_objection_ground_label(g)
                              : c->ground;
    }
    {
        struct xy_err ignored;
        if (xy_store_public_id(ctx->store, XY_ID_RECORD, c->record_id, v->record, &ignored) !=
            XY_OK)
            v->record[0] = '\0';
        if (!c->result_record_id ||
            xy_store_public_id(ctx->store, XY_ID_RECORD, c->result_record_id, v->result_record,
                               &ignored) != XY_OK)
            v->result_record[0] = '\0';
    }
    xy_date_format(xy_day_of_ms(c->filed_at), v->filed);
    if (c->due_day >= 0)
        xy_date_format(c->due_day, v->due);
    v->overdue = c->due_day >= 0 && c->due_day < today;
    v->overdue_days = v->overdue ? today - c->due_day : 0;
    v->waiting_for = waiting_for(m, s);
    /* enough of the record for a queue's line; xy_case_get fills the rest */
    memcpy(v->rec.id, v->record, sizeof(v->rec.id));
    v->rec.item = item_of(ctx, c->item);
    v->rec.dept_code = c->dept_uscc;
    v->rec.dept_name = c->dept_name;
}

/* The events the caller may fire now. */
static void events_for(const struct machine *m, struct parts p, int state, struct xy_arena *a,
                       struct xy_case_view *v)
{
    enum xy_actor actors[3];
    size_t na = actors_of(p, actors);

    v->events = xy_arena_alloc(a, (size_t)(m ? m->nevents : 0) * sizeof(*v->events) + 1);
    v->nevents = 0;
    for (int e = 0; m && state >= 0 && e < m->nevents; e++)
        for (size_t i = 0; i < na; i++)
            if (m->rule(state, e, actors[i])) {
                v->events[v->nevents++] = m->event_id(e);
                break;
            }
}

static xy_code read_case(struct xy_ctx *ctx, int64_t id, struct xy_arena *a,
                         struct xy_case_view *out, struct parts *p, struct xy_err *err)
{
    struct xy_case c;
    xy_code rc = xy_store_case_get(ctx->store, id, a, &c, err);

    if (rc == XY_OK) {
        *p = parts_of(ctx->who, &c);
        /* a black-list addition waiting for approval is the approvals' (service/approvals.c),
         * not a remedy: its subject must not learn of it here before it is published */
        if (!sees(*p) || kind_of(c.kind) < 0)
            rc = XY_NOT_FOUND;
    }
    if (rc == XY_NOT_FOUND) {
        /* someone else's case looks like no case */
        xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)id);
        err->field = "id";
        return XY_NOT_FOUND;
    }
    if (rc != XY_OK)
        return rc;
    fill_view(ctx, &c, xy_today(), out);
    return XY_OK;
}

xy_code xy_case_read(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_case_view *out,
                     struct xy_case_parts *who, struct xy_err *err)
{
    struct parts p;
    xy_code rc = read_case(ctx, id, a, out, &p, err);

    if (rc == XY_OK) {
        who->filer = p.filer;
        who->reviewer = p.reviewer;
        who->dept = p.dept;
    }
    return rc;
}

int xy_case_closed(const struct xy_case *c)
{
    const struct machine *m = machine_of(c);
    int s = m ? state_of(m, c->state) : -1;

    return !m || s < 0 || m->final(s);
}

xy_code xy_case_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_case_view *out,
                    struct xy_err *err)
{
    const struct machine *m;
    struct parts p;
    int staff = 0, in_tx = 0;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = read_case(ctx, id, a, out, &p, err)) != XY_OK)
        return rc;
    /* staff reads are audited with the subject, in the transaction that reads */
    staff = !p.filer;
    if (staff) {
        if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
            return rc;
        in_tx = 1;
    }
    m = machine_of(&out->c);
    events_for(m, p, m ? state_of(m, out->c.state) : -1, a, out);
    if ((rc = xy_store_case_steps(ctx->store, id, a, &out->steps, &out->nsteps, err)) != XY_OK ||
        (rc = xy_store_evidence_list(ctx->store, id, a, &out->evidence, &out->nevidence, err)) !=
            XY_OK ||
        (rc = xy_record_view(ctx, out->c.record_id, 1, a, &out->rec, err)) != XY_OK)
        goto out;
    if (staff) {
        char target[48];
        snprintf(target, sizeof(target), "case:%lld", (long long)id);
        rc = xy_audit_append(ctx,
                             &(struct xy_audit_event){.action = "case.read",
                                                      .target = target,
                                                      .subject_id = out->c.subject_id,
                                                      .result = "ok"},
                             err);
        if (rc == XY_OK) {
            in_tx = 0;
            rc = xy_store_commit(ctx->store, err);
        }
    }
out:
    if (in_tx && rc != XY_OK)
        xy_store_rollback(ctx->store);
    return rc;
}

/* The filter of queue for the caller, on top of f. */
static xy_code queue_filter(struct xy_ctx *ctx, const char *queue, const struct xy_case_filter *f,
                            struct xy_case_filter *out, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    xy_code rc;

    if (f)
        *out = *f;
    else
        memset(out, 0, sizeof(*out));
    if (queue && !strcmp(queue, "mine")) {
        if ((rc = xy_authz_require(who, XY_PERM_REMEDY_FILE, err)) != XY_OK)
            return rc;
        if (!who->subject_id)
            return xy_err_set(err, XY_DENIED, "账号尚未完成实名核验，核验后才能查看本主体的案件");
        out->subject_id = who->subject_id;
        out->dept_id = 0;
        out->filer_user_id = 0;
        return XY_OK;
    }
    if (queue && !strcmp(queue, "review"))
        return xy_authz_require(who, XY_PERM_REVIEW, err);
    if (queue && !strcmp(queue, "dept")) {
        if ((rc = xy_authz_require(who, XY_PERM_REMEDY_DEPT, err)) != XY_OK)
            return rc;
        if (who->role != XY_R_OPERATOR) { /* the operator sees every department's */
            if (!who->dept_id)
                return xy_err_set(err, XY_DENIED, "账号未归属任何部门");
            out->dept_id = who->dept_id;
        }
        out->subject_id = 0;
        out->filer_user_id = 0;
        return XY_OK;
    }
    xy_err_set(err, XY_INVALID, "队列“%.20s”无效，须为 mine、review 或 dept", queue ? queue : "");
    err->field = "queue";
    return XY_INVALID;
}

xy_code xy_case_list(struct xy_ctx *ctx, const char *queue, const struct xy_case_filter *f,
                     struct xy_arena *a, struct xy_case_view **out, size_t *n, struct xy_err *err)
{
    struct xy_case_filter q;
    struct xy_case *cs;
    int today = xy_today();
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = queue_filter(ctx, queue, f, &q, err)) != XY_OK)
        return rc;
    if (q.kind && kind_of(q.kind) < 0) {
        xy_err_set(err, XY_INVALID, "案件类型“%.20s”无效，须为 objection、repair 或 removal",
                   q.kind);
        err->field = "kind";
        return XY_INVALID;
    }
    if ((rc = xy_store_case_list(ctx->store, &q, a, &cs, n, err)) != XY_OK)
        return rc;
    *out = xy_arena_zalloc(a, (*n + 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        fill_view(ctx, &cs[i], today, &(*out)[i]);
    return XY_OK;
}

xy_code xy_case_counts(struct xy_ctx *ctx, const char *queue, struct xy_arena *a,
                       struct xy_case_count **out, size_t *n, struct xy_err *err)
{
    struct xy_case_filter q;
    xy_code rc;

    *out = NULL;
    *n = 0;
    if ((rc = queue_filter(ctx, queue, NULL, &q, err)) != XY_OK)
        return rc;
    return xy_store_case_count(ctx->store, &q, xy_today(), out, n, a, err);
}

/* ---- notifications ---- */

static xy_code signed_in(struct xy_ctx *ctx, struct xy_err *err)
{
    if (!ctx->who || !ctx->who->user_id) {
        xy_err_set(err, XY_DENIED, "请先登录");
        err->hint = "login";
        return XY_DENIED;
    }
    return XY_OK;
}

xy_code xy_notices(struct xy_ctx *ctx, int unread_only, struct xy_arena *a, struct xy_notice **out,
                   size_t *n, int64_t *unread, struct xy_err *err)
{
    xy_code rc = signed_in(ctx, err);

    *out = NULL;
    *n = 0;
    *unread = 0;
    if (rc != XY_OK)
        return rc;
    return xy_store_notice_list(ctx->store, ctx->who->user_id, unread_only, STAFF_LIST_MAX, a, out,
                                n, unread, err);
}

xy_code xy_notices_read(struct xy_ctx *ctx, int64_t upto, struct xy_err *err)
{
    xy_code rc = signed_in(ctx, err);

    if (rc != XY_OK)
        return rc;
    if (upto < 0) {
        xy_err_set(err, XY_INVALID, "upto 须为通知编号或 0（全部）");
        err->field = "upto";
        return XY_INVALID;
    }
    return xy_store_notice_read(ctx->store, ctx->who->user_id, upto, err);
}

/* ---- history ---- */

static const char *value_of(const struct xy_record *r, const char *code)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (r->fields[i].code && !strcmp(r->fields[i].code, code))
            return r->fields[i].value && *r->fields[i].value ? r->fields[i].value : NULL;
    return NULL;
}

size_t xy_record_changes(const struct xy_item *item, const struct xy_record *before,
                         const struct xy_record *after, struct xy_arena *a, const char ***names)
{
    size_t n = 0;

    *names = xy_arena_alloc(a, (item->nfields + 1) * sizeof(**names));
    for (size_t i = 0; i < item->nfields; i++) {
        const char *x = value_of(before, item->fields[i].code);
        const char *y = value_of(after, item->fields[i].code);
        if ((x || y) && (!x || !y || strcmp(x, y)))
            (*names)[n++] = item->fields[i].name;
    }
    return n;
}

xy_code xy_record_history(struct xy_ctx *ctx, const char *record, struct xy_arena *a,
                          struct xy_record_version **out, size_t *n, struct xy_err *err)
{
    struct xy_record *v;
    struct xy_pub_record pr;
    const struct xy_item *item;
    struct xy_case *cases = NULL;
    struct xy_case_filter f = {.kind = "objection", .state = "corrected", .limit = 1000};
    int64_t row;
    size_t nv, nc = 0;
    xy_code rc;

    *out = NULL;
    *n = 0;
    rc = record ? xy_store_row_id(ctx->store, XY_ID_RECORD, record, &row, err) : XY_NOT_FOUND;
    if (rc == XY_OK)
        rc = xy_store_record_versions(ctx->store, row, a, &v, &nv, err);
    if (rc == XY_OK && nv == 0)
        rc = XY_NOT_FOUND;
    /* only the history of what the public may see now */
    if (rc == XY_OK)
        rc = xy_record_view(ctx, v[nv - 1].id, 0, a, &pr, err);
    if (rc == XY_NOT_FOUND) {
        xy_err_set(err, XY_NOT_FOUND, "未找到该记录，或该记录已不在公示期内");
        err->field = "id";
    }
    /* a version is a correction when a corrected objection says it made it: the store knows,
     * a file name could be anyone's */
    f.record_id = v[nv - 1].id;
    if (rc == XY_OK)
        rc = xy_store_case_list(ctx->store, &f, a, &cases, &nc, err);
    if (rc != XY_OK)
        return rc;
    item = pr.item;
    *out = xy_arena_zalloc(a, nv * sizeof(**out));
    for (size_t i = 0; i < nv; i++) {
        struct xy_record_version *h = &(*out)[i];
        h->version = v[i].version;
        if (v[i].received_at > 0)
            xy_date_format(xy_day_of_ms(v[i].received_at * 1000), h->received);
        h->source = "部门报送";
        for (size_t k = 0; k < nc; k++)
            if (cases[k].result_record_id == v[i].id)
                h->source = xy_arena_printf(a, "异议更正（案件 %lld）", (long long)cases[k].id);
        h->changed = NULL;
        if (i > 0)
            h->nchanged = xy_record_changes(item, &v[i - 1], &v[i], a, &h->changed);
        else
            h->changed = xy_arena_zalloc(a, sizeof(*h->changed));
    }
    *n = nv;
    return XY_OK;
}
