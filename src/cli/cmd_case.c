/* cmd_case.c - `xinyong case list | show | step | performed`: the remedies queues for the
 * operator (layer: cli)
 *
 * The operator acts as the credit office's reviewer or as any department (service/cases.h),
 * never as a filer: objections and repair applications come from the subjects' own accounts
 * over HTTP. Output is Chinese for staff; --json gives the API's shapes for scripts.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "cli/cli.h"
#include "service/cases.h"

#define MAX_SETS 64 /* --set options of one correction */

struct cenv {
    struct xy_cmd_env *env;
    const struct xy_command *cmd;
    struct xy_err err;
};

static int fail(struct cenv *c, xy_code rc)
{
    xy_cli_error(&c->err);
    return xy_exit_for(rc);
}

/* ISO 8601 with the city's offset, as the API writes times; NULL for 0. */
static const char *iso_time(struct xy_arena *a, int64_t ms)
{
    char t[26];

    if (!ms)
        return NULL;
    xy_time_format_cst(ms, t);
    return xy_arena_strdup(a, t);
}

/* A case id: a positive whole number, else -1. */
static int64_t case_id(const char *s)
{
    char *end;
    long long v;

    if (!s || !*s || strlen(s) > 18 || *s < '0' || *s > '9')
        return -1;
    v = strtoll(s, &end, 10);
    return *end || v <= 0 ? -1 : (int64_t)v;
}

/* Labels of the first steps, which are no machine's events. */
static const char *event_label(const struct xy_case_view *v, const char *event)
{
    static const struct {
        const char *id, *label;
    } firsts[] = {{"file", "提出异议"}, {"apply", "申请信用修复"}, {"report", "报告履行"}};
    enum xy_objection_event oe;
    enum xy_repair_event re;
    struct xy_err ignored;

    for (size_t i = 0; i < sizeof(firsts) / sizeof(firsts[0]); i++)
        if (event && !strcmp(event, firsts[i].id))
            return firsts[i].label;
    if (!strcmp(v->c.kind, "objection") && xy_objection_event_parse(event, &oe, &ignored) == XY_OK)
        return xy_objection_event_label(oe);
    if (!strcmp(v->c.kind, "repair") && xy_repair_event_parse(event, &re, &ignored) == XY_OK)
        return xy_repair_event_label(re);
    return event ? event : "";
}

/* The Chinese label of a state of a case of kind. */
static const char *state_name(const char *kind, const char *state)
{
    enum xy_objection_state os;
    enum xy_repair_state rs;
    struct xy_err ignored;

    if (!state)
        return "";
    if (!strcmp(kind, "objection") && xy_objection_state_parse(state, &os, &ignored) == XY_OK)
        return xy_objection_state_label(os);
    if (!strcmp(kind, "repair") && xy_repair_state_parse(state, &rs, &ignored) == XY_OK)
        return xy_repair_state_label(rs);
    if (!strcmp(kind, "removal") && !strcmp(state, "removed"))
        return "已移出公示";
    return state;
}

static const char *state_label(const struct xy_case_view *v, const char *state)
{
    return state_name(v->c.kind, state);
}

/* 1 when the rule of event in the case's state asks for reasons. */
static int reasons_required(const struct xy_case_view *v, const char *event)
{
    const struct xy_remedy_rule *r;
    size_t n;
    int from = -1, ev = -1;
    struct xy_err ignored;

    if (!strcmp(v->c.kind, "objection")) {
        enum xy_objection_state s;
        enum xy_objection_event e;
        if (xy_objection_state_parse(v->c.state, &s, &ignored) == XY_OK &&
            xy_objection_event_parse(event, &e, &ignored) == XY_OK)
            from = (int)s, ev = (int)e;
        r = xy_objection_rules(&n);
    } else if (!strcmp(v->c.kind, "repair")) {
        enum xy_repair_state s;
        enum xy_repair_event e;
        if (xy_repair_state_parse(v->c.state, &s, &ignored) == XY_OK &&
            xy_repair_event_parse(event, &e, &ignored) == XY_OK)
            from = (int)s, ev = (int)e;
        r = xy_repair_rules(&n);
    } else {
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (r[i].from == from && r[i].event == ev && r[i].reasons_required)
            return 1;
    return 0;
}

static const char *actor_label(const char *id)
{
    enum xy_actor a;
    struct xy_err ignored;

    return id && xy_actor_parse(id, &a, &ignored) == XY_OK ? xy_actor_label(a) : (id ? id : "-");
}

static const char *item_label(const struct xy_case_view *v)
{
    return v->rec.item ? v->rec.item->name : (v->c.item ? v->c.item : "-");
}

/* ---- JSON: the API's shapes (docs/api.md) ---- */

static void summary_json(struct xy_jw *w, struct xy_arena *a, const struct xy_case_view *v)
{
    xy_jw_kint(w, "id", v->c.id);
    xy_jw_kstr(w, "kind", v->c.kind);
    xy_jw_kstr(w, "kind_label", v->kind_label);
    xy_jw_kstr(w, "record", v->record);
    xy_jw_kstr(w, "item", v->c.item);
    xy_jw_kstr(w, "item_name", v->rec.item ? v->rec.item->name : NULL);
    xy_jw_key(w, "department");
    xy_jw_obj(w);
    xy_jw_kstr(w, "code", v->c.dept_uscc);
    xy_jw_kstr(w, "name", v->c.dept_name);
    xy_jw_end(w);
    xy_jw_kstr(w, "ground", v->c.ground);
    xy_jw_kstr(w, "ground_label", v->ground_label);
    xy_jw_kstr(w, "state", v->c.state);
    xy_jw_kstr(w, "state_label", v->state_label);
    xy_jw_kstr(w, "filed", v->filed);
    xy_jw_kstr(w, "due", v->due[0] ? v->due : NULL);
    xy_jw_kbool(w, "overdue", v->overdue);
    xy_jw_kstr(w, "waiting_for", v->waiting_for);
    xy_jw_kstr(w, "waiting_for_label", v->waiting_for ? actor_label(v->waiting_for) : NULL);
    xy_jw_kstr(w, "updated", iso_time(a, v->c.updated_at));
}

static void print_json(FILE *out, struct xy_buf *b)
{
    fputs(b->data ? b->data : "null", out);
    fputc('\n', out);
    xy_buf_release(b);
}

/* ---- list ---- */

static int case_list(struct cenv *c, int argc, char **argv)
{
    const char *queue = "review", *kind = NULL, *state = NULL, *limit = NULL;
    int overdue = 0, json = 0, nrest, r;
    char **rest = xy_arena_alloc(c->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {
        {"queue", 1, &queue, NULL}, {"kind", 1, &kind, NULL},       {"state", 1, &state, NULL},
        {"limit", 1, &limit, NULL}, {"overdue", 0, NULL, &overdue}, {"json", 0, NULL, &json},
    };
    struct xy_case_filter f = {0};
    struct xy_case_view *v;
    struct xy_case_count *counts;
    size_t n, ncounts;
    int64_t late = 0;
    xy_code rc;

    if ((r = xy_opts_parse(c->cmd, argc, argv, opts, 6, rest, &nrest)) != 0)
        return r;
    if (nrest)
        return xy_cli_usage(c->cmd, "case list takes options only");
    if (strcmp(queue, "review") && strcmp(queue, "dept"))
        return xy_cli_usage(c->cmd, "--queue is review or dept (the operator files no cases)");
    if (limit) {
        int64_t k = case_id(limit);
        if (k < 1 || k > 1000)
            return xy_cli_usage(c->cmd, "--limit is a number from 1 to 1000");
        f.limit = (size_t)k;
    }
    f.kind = kind;
    f.state = state;
    if (overdue)
        f.due_before = xy_today();
    if ((rc = xy_case_list(&c->env->ctx, queue, &f, c->env->arena, &v, &n, &c->err)) != XY_OK ||
        (rc = xy_case_counts(&c->env->ctx, queue, c->env->arena, &counts, &ncounts, &c->err)) !=
            XY_OK)
        return fail(c, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_key(&w, "cases");
        xy_jw_arr(&w);
        for (size_t i = 0; i < n; i++) {
            xy_jw_obj(&w);
            summary_json(&w, c->env->arena, &v[i]);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        xy_jw_key(&w, "counts");
        xy_jw_arr(&w);
        for (size_t i = 0; i < ncounts; i++) {
            xy_jw_obj(&w);
            xy_jw_kstr(&w, "kind", counts[i].kind);
            xy_jw_kstr(&w, "state", counts[i].state);
            xy_jw_kint(&w, "n", counts[i].n);
            xy_jw_kint(&w, "overdue", counts[i].overdue);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        xy_jw_end(&w);
        print_json(c->env->out, &b);
        return XY_EXIT_OK;
    }
    if (!n) {
        fprintf(c->env->out, "没有符合条件的案件\n");
    } else {
        FILE *out = c->env->out;
        xy_text_pad(out, "编号", 8);
        xy_text_pad(out, "类型", 12);
        xy_text_pad(out, "状态", 16);
        xy_text_pad(out, "信息项", 14);
        xy_text_pad(out, "认定部门", 30);
        xy_text_pad(out, "提交日期", 12);
        xy_text_pad(out, "期限", 22);
        fputs("待办\n", out);
        for (size_t i = 0; i < n; i++) {
            char num[24], due[48];
            snprintf(num, sizeof(num), "%lld", (long long)v[i].c.id);
            if (v[i].overdue)
                snprintf(due, sizeof(due), "%s 已超期%d天", v[i].due, xy_today() - v[i].c.due_day);
            else
                snprintf(due, sizeof(due), "%s", v[i].due[0] ? v[i].due : "-");
            xy_text_pad(out, num, 8);
            xy_text_pad(out, v[i].kind_label, 12);
            xy_text_pad(out, v[i].state_label, 16);
            xy_text_pad(out, item_label(&v[i]), 14);
            xy_text_pad(out, v[i].c.dept_name ? v[i].c.dept_name : "-", 30);
            xy_text_pad(out, v[i].filed, 12);
            xy_text_pad(out, due, 22);
            fprintf(out, "%s\n", v[i].waiting_for ? actor_label(v[i].waiting_for) : "-");
        }
    }
    for (size_t i = 0; i < ncounts; i++)
        late += counts[i].overdue;
    if (ncounts) {
        fprintf(c->env->out, "\n按状态统计（%s）：\n", !strcmp(queue, "dept") ? "部门" : "全部");
        for (size_t i = 0; i < ncounts; i++) {
            enum xy_case_kind kk = !strcmp(counts[i].kind, "objection") ? XY_CASE_OBJECTION
                                   : !strcmp(counts[i].kind, "repair")  ? XY_CASE_REPAIR
                                                                        : XY_CASE_REMOVAL;
            fprintf(c->env->out, "  %s %s %lld 件", xy_case_kind_label(kk),
                    state_name(counts[i].kind, counts[i].state), (long long)counts[i].n);
            if (counts[i].overdue)
                fprintf(c->env->out, "，其中超期 %lld 件", (long long)counts[i].overdue);
            fputc('\n', c->env->out);
        }
    }
    fprintf(c->env->out, "共列出 %zu 件%s\n", n, late ? "；有超期案件，请优先办理" : "");
    return XY_EXIT_OK;
}

/* ---- show ---- */

static void show_json(struct cenv *c, const struct xy_case_view *v)
{
    struct xy_arena *a = c->env->arena;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_jw w;

    xy_jw_init(&w, &b);
    xy_jw_obj(&w);
    summary_json(&w, a, v);
    xy_jw_kstr(&w, "statement", v->c.statement);
    xy_jw_kstr(&w, "commitment", v->c.commitment);
    xy_jw_kstr(&w, "result_record", v->result_record[0] ? v->result_record : NULL);
    xy_jw_key(&w, "steps");
    xy_jw_arr(&w);
    for (size_t i = 0; i < v->nsteps; i++) {
        const struct xy_case_step *s = &v->steps[i];
        char due[11];
        xy_jw_obj(&w);
        xy_jw_kint(&w, "seq", s->seq);
        xy_jw_kstr(&w, "at", iso_time(a, s->at));
        xy_jw_kstr(&w, "actor", s->actor);
        xy_jw_kstr(&w, "actor_label", actor_label(s->actor));
        xy_jw_kstr(&w, "login", s->login);
        xy_jw_kstr(&w, "event", s->event);
        xy_jw_kstr(&w, "event_label", event_label(v, s->event));
        xy_jw_kstr(&w, "from", s->from_state);
        xy_jw_kstr(&w, "to", s->to_state);
        xy_jw_kstr(&w, "to_label", state_label(v, s->to_state));
        xy_jw_kstr(&w, "reasons", s->reasons);
        if (s->due_day >= 0)
            xy_date_format(s->due_day, due);
        xy_jw_kstr(&w, "due", s->due_day >= 0 ? due : NULL);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_key(&w, "evidence");
    xy_jw_arr(&w);
    for (size_t i = 0; i < v->nevidence; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "sha256", v->evidence[i].sha256);
        xy_jw_kstr(&w, "name", v->evidence[i].name);
        xy_jw_kstr(&w, "mime", v->evidence[i].mime);
        xy_jw_kint(&w, "bytes", v->evidence[i].bytes);
        xy_jw_kstr(&w, "added", iso_time(a, v->evidence[i].added_at));
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_key(&w, "events");
    xy_jw_arr(&w);
    for (size_t i = 0; i < v->nevents; i++) {
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "id", v->events[i]);
        xy_jw_kstr(&w, "label", event_label(v, v->events[i]));
        xy_jw_kbool(&w, "reasons_required", reasons_required(v, v->events[i]));
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_key(&w, "record_view");
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "id", v->rec.id);
    xy_jw_kstr(&w, "item", v->rec.item ? v->rec.item->id : NULL);
    xy_jw_kstr(&w, "decision_date", v->rec.decision_date);
    xy_jw_kint(&w, "version", v->rec.version);
    xy_jw_kbool(&w, "disputed", v->rec.disputed);
    xy_jw_kbool(&w, "hidden", v->rec.hidden);
    xy_jw_kbool(&w, "archived", v->rec.archived);
    xy_jw_kbool(&w, "public", v->rec.public_now);
    xy_jw_end(&w);
    xy_jw_end(&w);
    print_json(c->env->out, &b);
}

static void show_text(struct cenv *c, const struct xy_case_view *v)
{
    FILE *out = c->env->out;
    char when[24];

    fprintf(out, "案件 %lld  %s%s%s%s\n", (long long)v->c.id, v->kind_label,
            v->ground_label ? "（" : "", v->ground_label ? v->ground_label : "",
            v->ground_label ? "）" : "");
    fprintf(out, "  状态      %s", v->state_label);
    if (v->waiting_for)
        fprintf(out, "，待%s办理", actor_label(v->waiting_for));
    if (v->due[0])
        fprintf(out, "，期限 %s%s", v->due, v->overdue ? "（已超期）" : "");
    fputc('\n', out);
    fprintf(out, "  记录      %s  %s  决定日期 %s  第%d版%s%s\n", v->record, item_label(v),
            v->rec.decision_date ? v->rec.decision_date : "-", v->rec.version,
            v->rec.disputed ? "  有异议" : "", v->rec.hidden ? "  已停止公示" : "");
    fprintf(out, "  认定部门  %s %s\n", v->c.dept_name ? v->c.dept_name : "-",
            v->c.dept_uscc ? v->c.dept_uscc : "");
    xy_time_minutes_cst(v->c.filed_at, when);
    fprintf(out, "  提交      %s  %s\n", when, v->c.filer ? v->c.filer : "-");
    fprintf(out, "  说明      %s\n", v->c.statement ? v->c.statement : "-");
    if (v->c.commitment)
        fprintf(out, "  信用承诺书 已签署（版本 %s）\n", v->c.commitment);
    if (v->result_record[0])
        fprintf(out, "  更正后记录 %s\n", v->result_record);
    fputs("\n办理经过：\n", out);
    for (size_t i = 0; i < v->nsteps; i++) {
        const struct xy_case_step *s = &v->steps[i];
        char due[11];
        xy_time_minutes_cst(s->at, when);
        fprintf(out, "  %d  %s  %s（%s）  %s → %s", s->seq, when, actor_label(s->actor),
                s->login ? s->login : "-", event_label(v, s->event), state_label(v, s->to_state));
        if (s->due_day >= 0) {
            xy_date_format(s->due_day, due);
            fprintf(out, "  期限 %s", due);
        }
        fputc('\n', out);
        if (s->reasons)
            fprintf(out, "     理由：%s\n", s->reasons);
    }
    if (v->nevidence) {
        fputs("\n证明材料：\n", out);
        for (size_t i = 0; i < v->nevidence; i++)
            fprintf(out, "  %.12s…  %s  %s  %lld 字节\n", v->evidence[i].sha256,
                    v->evidence[i].name, v->evidence[i].mime, (long long)v->evidence[i].bytes);
    }
    if (v->nevents) {
        fputs("\n现在可以办理：\n", out);
        for (size_t i = 0; i < v->nevents; i++)
            fprintf(out, "  xinyong case step %lld %s  （%s%s）\n", (long long)v->c.id,
                    v->events[i], event_label(v, v->events[i]),
                    reasons_required(v, v->events[i]) ? "，须用 --reasons 写明理由" : "");
    } else {
        fputs("\n现在没有可以办理的操作\n", out);
    }
}

static int case_show(struct cenv *c, int argc, char **argv)
{
    int json = 0, nrest, r;
    char **rest = xy_arena_alloc(c->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"json", 0, NULL, &json}};
    struct xy_case_view v;
    int64_t id;
    xy_code rc;

    if ((r = xy_opts_parse(c->cmd, argc, argv, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest != 1 || (id = case_id(rest[0])) < 0)
        return xy_cli_usage(c->cmd, "case show needs a case number (a whole number)");
    if ((rc = xy_case_get(&c->env->ctx, id, c->env->arena, &v, &c->err)) != XY_OK)
        return fail(c, rc);
    if (json)
        show_json(c, &v);
    else
        show_text(c, &v);
    return XY_EXIT_OK;
}

/* ---- step ---- */

/* Take every --set CODE=VALUE out of argv (the option parser keeps one value per option). */
static int take_sets(struct cenv *c, int *argc, char **argv, struct xy_correction *corr)
{
    const char **codes = xy_arena_alloc(c->env->arena, MAX_SETS * sizeof(*codes));
    const char **values = xy_arena_alloc(c->env->arena, MAX_SETS * sizeof(*values));
    int k = 0;

    corr->codes = codes;
    corr->values = values;
    corr->n = 0;
    for (int i = 0; i < *argc; i++) {
        const char *pair, *eq;
        if (!strcmp(argv[i], "--")) {
            while (i < *argc)
                argv[k++] = argv[i++];
            break;
        }
        if (!strncmp(argv[i], "--set=", 6))
            pair = argv[i] + 6;
        else if (!strcmp(argv[i], "--set") && i + 1 < *argc)
            pair = argv[++i];
        else if (!strcmp(argv[i], "--set"))
            return xy_cli_usage(c->cmd, "option --set needs CODE=VALUE");
        else {
            argv[k++] = argv[i];
            continue;
        }
        if (!(eq = strchr(pair, '=')) || eq == pair)
            return xy_cli_usage(c->cmd, "--set takes CODE=VALUE (a field code of the record)");
        if (corr->n == MAX_SETS)
            return xy_cli_usage(c->cmd, "at most %d --set options", MAX_SETS);
        codes[corr->n] = xy_arena_strndup(c->env->arena, pair, (size_t)(eq - pair));
        values[corr->n++] = eq + 1;
    }
    *argc = k;
    return XY_EXIT_OK;
}

static int case_step(struct cenv *c, int argc, char **argv)
{
    const char *reasons = NULL;
    int unpublish = 0, nrest, r;
    char **rest = xy_arena_alloc(c->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"reasons", 1, &reasons, NULL},
                                  {"unpublish", 0, NULL, &unpublish}};
    struct xy_correction corr;
    struct xy_case_view v;
    int64_t id;
    xy_code rc;

    if ((r = take_sets(c, &argc, argv, &corr)) != 0)
        return r;
    if ((r = xy_opts_parse(c->cmd, argc, argv, opts, 2, rest, &nrest)) != 0)
        return r;
    if (nrest != 2 || (id = case_id(rest[0])) < 0)
        return xy_cli_usage(c->cmd, "case step needs a case number and an event");
    corr.unpublish = unpublish;
    rc = xy_case_step(&c->env->ctx, id, rest[1], reasons, corr.n || corr.unpublish ? &corr : NULL,
                      &c->err);
    if (rc != XY_OK)
        return fail(c, rc);
    if ((rc = xy_case_get(&c->env->ctx, id, c->env->arena, &v, &c->err)) != XY_OK)
        return fail(c, rc);
    fprintf(c->env->out, "案件 %lld 已%s，现状态：%s", (long long)id, event_label(&v, rest[1]),
            v.state_label);
    if (v.due[0])
        fprintf(c->env->out, "，下一步期限 %s", v.due);
    fputc('\n', c->env->out);
    return XY_EXIT_OK;
}

/* ---- performed ---- */

static int case_performed(struct cenv *c, int argc, char **argv)
{
    const char *statement = NULL;
    int nrest, r;
    char **rest = xy_arena_alloc(c->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"statement", 1, &statement, NULL}};
    struct xy_case_view v;
    int64_t id;
    xy_code rc;

    if ((r = xy_opts_parse(c->cmd, argc, argv, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest != 1 || !statement)
        return xy_cli_usage(c->cmd, "case performed needs RECORD and --statement TEXT");
    if ((rc = xy_case_report_performed(&c->env->ctx, rest[0], statement, &id, &c->err)) != XY_OK)
        return fail(c, rc);
    if ((rc = xy_case_get(&c->env->ctx, id, c->env->arena, &v, &c->err)) != XY_OK)
        return fail(c, rc);
    fprintf(c->env->out, "已登记履行情况（案件 %lld）：该失信被执行人信息已停止公示",
            (long long)id);
    if (v.nsteps && v.steps[0].due_day >= 0) {
        char due[11];
        xy_date_format(v.steps[0].due_day, due);
        fprintf(c->env->out, "（规定期限 %s 前）", due);
    }
    fputc('\n', c->env->out);
    return XY_EXIT_OK;
}

int cmd_case(struct xy_cmd_env *env)
{
    struct cenv c = {env, xy_cli_command("case"), {0}};

    if (env->argc < 1)
        return xy_cli_usage(c.cmd, "say list, show, step or performed");
    if (!strcmp(env->argv[0], "list"))
        return case_list(&c, env->argc - 1, env->argv + 1);
    if (!strcmp(env->argv[0], "show"))
        return case_show(&c, env->argc - 1, env->argv + 1);
    if (!strcmp(env->argv[0], "step"))
        return case_step(&c, env->argc - 1, env->argv + 1);
    if (!strcmp(env->argv[0], "performed"))
        return case_performed(&c, env->argc - 1, env->argv + 1);
    return xy_cli_usage(c.cmd, "\"%s\" is not a case subcommand (list, show, step, performed)",
                        env->argv[0]);
}
