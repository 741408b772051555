/* cmd_stats.c - `xinyong stats [--sample] | overview | export | registered | rebuild`: the
 * platform's totals and the credit office's statistics (layer: cli)
 *
 * The operator reads the same overview as GET /api/v1/stats/overview (service/stats.h), as a
 * Chinese table or, with --json, in the API's shape; exports one table as xlsx or CSV; enters
 * the registered totals that coverage is measured against; rebuilds the counters from the
 * records (databases made before migration 12, or after a restore).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "cli/cli.h"
#include "service/stats.h"

static int fail(const struct xy_err *err, xy_code rc)
{
    xy_cli_error(err);
    return xy_exit_for(rc);
}

static int summary(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    struct xy_summary s;
    struct xy_err err = {0};
    int sample = 0, nrest, r;
    char *rest[2];
    xy_code rc;
    const struct xy_opt opts[] = {{"sample", 0, NULL, &sample}};

    if (env->argc > 2)
        return xy_cli_usage(cmd, "too many arguments");
    if ((r = xy_opts_parse(cmd, env->argc, env->argv, opts, 1, rest, &nrest)) != 0 || nrest)
        return r ? r : xy_cli_usage(cmd, "no arguments expected");
    if ((rc = xy_summary_get(&env->ctx, 5, env->arena, &s, &err)) != XY_OK)
        return fail(&err, rc);
    if (sample) {
        if (!s.ntop) {
            fprintf(stderr, "xinyong: the database holds no organisation yet\n");
            return XY_EXIT_NOT_FOUND;
        }
        fprintf(env->out, "%s\n", s.top[0].code);
        return XY_EXIT_OK;
    }
    fprintf(env->out, "信用主体 %lld 个；信用记录 %lld 条（含更正版本共 %lld 个版本）\n",
            (long long)s.totals.subjects, (long long)s.totals.records,
            (long long)s.totals.versions);
    fprintf(env->out, "报送部门 %lld 个；报送文件 %lld 次，入库批次 %lld 个\n",
            (long long)s.totals.departments, (long long)s.totals.submissions,
            (long long)s.totals.batches);
    if (s.ntop)
        fprintf(env->out, "记录最多的组织：\n");
    for (size_t i = 0; i < s.ntop; i++)
        fprintf(env->out, "  %s  %s  %lld 条\n", s.top[i].code, s.top[i].name ? s.top[i].name : "",
                (long long)s.top_records[i]);
    return XY_EXIT_OK;
}

/* "12.3%" of a per mille share, "-" for null */
static const char *pct(struct xy_arena *a, int64_t permille)
{
    if (permille < 0)
        return "-";
    return xy_arena_printf(a, "%lld.%lld%%", (long long)(permille / 10),
                           (long long)(permille % 10));
}

static void print_overview(struct xy_cmd_env *env, const struct xy_stats_overview *o)
{
    FILE *f = env->out;
    struct xy_arena *a = env->arena;
    char from[8], to[8];

    xy_stats_month_format(o->from, from);
    xy_stats_month_format(o->to, to);
    fprintf(f, "统计期间 %s 至 %s（按接收月份，UTC+8）；%s%s\n\n", from, to,
            o->dept_name ? "部门：" : "全部部门", o->dept_name ? o->dept_name : "");
    fprintf(f, "主体覆盖（当前）\n");
    for (int i = 0; i < XY_STATS_NKINDS; i++) {
        const struct xy_stats_coverage *c = &o->coverage[i];
        fprintf(f, "  ");
        xy_text_pad(f, c->label, 30);
        fprintf(f, " 主体 %8lld  有记录 %8lld", (long long)c->subjects, (long long)c->with_records);
        if (c->registered >= 0)
            fprintf(f, "  登记在册 %lld  覆盖率 %s（%s）", (long long)c->registered,
                    pct(a, c->share_permille), c->registered_source);
        fputc('\n', f);
    }
    fprintf(f, "\n按信息项（新增记录）\n");
    for (size_t i = 0; i < o->ncategories; i++)
        if (o->categories[i].records)
            fprintf(f, "  %2d %s / %s（%s）  %lld\n", o->categories[i].category,
                    o->categories[i].label, o->categories[i].item_name, o->categories[i].item,
                    (long long)o->categories[i].records);
    fprintf(f, "\n按月份（新增记录 / 更正版本）\n");
    for (size_t i = 0; i < o->nmonths; i++) {
        char m[8];
        xy_stats_month_format(o->months[i].month, m);
        fprintf(f, "  %s  %8lld  %6lld\n", m, (long long)o->months[i].records,
                (long long)o->months[i].versions);
    }
    fprintf(f, "\n部门考核\n");
    for (size_t i = 0; i < o->ndepts; i++) {
        const struct xy_stats_dept *d = &o->depts[i];
        fprintf(f, "  %s（%s）\n", d->name, d->code);
        fprintf(f,
                "    记录 %lld；报送 %lld 行，拒收 %lld 行（%s）；及时 %lld、逾期 %lld、无法判断 "
                "%lld，及时率 %s",
                (long long)d->records, (long long)d->rows, (long long)d->rejected,
                pct(a, d->rejected_permille), (long long)d->timely, (long long)d->late,
                (long long)d->untimed, pct(a, d->timely_permille));
        if (d->mean_delay_days >= 0)
            fprintf(f, "，逾期平均 %.1f 个工作日", d->mean_delay_days);
        fprintf(f, "\n    异议 %lld：成立 %lld、不成立 %lld、办理中 %lld\n",
                (long long)d->objections, (long long)d->objections_upheld,
                (long long)d->objections_rejected, (long long)d->objections_open);
    }
    if (!o->ndepts)
        fprintf(f, "  （期间内没有报送）\n");
    fprintf(f, "\n办理时限（期间内受理的案件）\n");
    for (int i = 0; i < 2; i++) {
        const struct xy_stats_clock *c = &o->clocks[i];
        fprintf(f, "  %s：办理中 %lld（已超期 %lld），已办结 %lld（按期 %lld，超期 %lld）\n",
                c->label, (long long)c->open, (long long)c->open_overdue, (long long)c->closed,
                (long long)c->closed_on_time, (long long)c->closed_late);
    }
    fprintf(f,
            "\n联合奖惩：核查 %lld 次、%lld 个主体，命中 %lld 个，已反馈 %lld 个（%s）；"
            "采取措施 %lld、未采取 %lld，涉及金额 %lld.%02lld 元\n",
            (long long)o->joint.checks, (long long)o->joint.subjects,
            (long long)o->joint.subjects_hit, (long long)o->joint.subjects_with_feedback,
            pct(a, o->joint.feedback_permille), (long long)o->joint.measures_taken,
            (long long)o->joint.measures_not_taken, (long long)(o->joint.amount_fen / 100),
            (long long)(o->joint.amount_fen % 100));
}

static int overview(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    struct xy_stats_query q = {0};
    struct xy_stats_overview o;
    struct xy_err err = {0};
    int json = 0, nrest, r;
    char *rest[16];
    xy_code rc;
    const struct xy_opt opts[] = {{"from", 1, &q.from, NULL},
                                  {"to", 1, &q.to, NULL},
                                  {"dept", 1, &q.dept, NULL},
                                  {"json", 0, NULL, &json}};

    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 4, rest, &nrest)) != 0)
        return r;
    if (nrest)
        return xy_cli_usage(cmd, "overview takes no arguments besides its options");
    if ((rc = xy_stats_overview(&env->ctx, &q, env->arena, &o, &err)) != XY_OK)
        return fail(&err, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_stats_overview_json(&o, &w);
        fwrite(b.data, 1, b.len, env->out);
        fputc('\n', env->out);
        xy_buf_release(&b);
        return XY_EXIT_OK;
    }
    print_overview(env, &o);
    return XY_EXIT_OK;
}

static int export(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    struct xy_stats_query q = {0};
    const char *table = NULL, *format = NULL, *out = NULL;
    struct xy_err err = {0};
    enum xy_sheet_format f;
    int nrest, r;
    char *rest[16];
    xy_code rc;
    const struct xy_opt opts[] = {{"table", 1, &table, NULL}, {"format", 1, &format, NULL},
                                  {"out", 1, &out, NULL},     {"from", 1, &q.from, NULL},
                                  {"to", 1, &q.to, NULL},     {"dept", 1, &q.dept, NULL}};

    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 6, rest, &nrest)) != 0)
        return r;
    if (nrest || !table || !out)
        return xy_cli_usage(cmd, "export needs --table T and --out FILE");
    if (format && strcmp(format, "xlsx") && strcmp(format, "csv"))
        return xy_cli_usage(cmd, "--format is xlsx or csv");
    f = xy_sheet_format_of(format, out);
    if ((rc = xy_stats_export(&env->ctx, &q, table, f, out, &err)) != XY_OK)
        return fail(&err, rc);
    fprintf(env->out, "已导出%s → %s\n", xy_stats_table_label(table), out);
    return XY_EXIT_OK;
}

static int registered(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    const char *source = NULL;
    struct xy_err err = {0};
    int nrest, r;
    char *rest[16], *end;
    long long n;
    xy_code rc;
    const struct xy_opt opts[] = {{"source", 1, &source, NULL}};

    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest != 2 || !source)
        return xy_cli_usage(cmd, "registered needs KIND N --source S");
    n = strtoll(rest[1], &end, 10);
    if (!*rest[1] || *end)
        return xy_cli_usage(cmd, "N must be a whole number");
    if ((rc = xy_stats_registered_set(&env->ctx, rest[0], (int64_t)n, source, &err)) != XY_OK)
        return fail(&err, rc);
    fprintf(env->out, "已登记 %s 登记在册数 %lld（%s）\n", rest[0], n, source);
    return XY_EXIT_OK;
}

static int rebuild(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    struct xy_stats_rebuilt b;
    struct xy_err err = {0};
    xy_code rc;

    if (env->argc != 1)
        return xy_cli_usage(cmd, "rebuild takes no arguments");
    if ((rc = xy_stats_rebuild(&env->ctx, &b, &err)) != XY_OK)
        return fail(&err, rc);
    fprintf(env->out, "统计计数已重建：%lld 条记录按日期分为 %lld 组计时，用时 %.1f 秒\n",
            (long long)b.records, (long long)b.groups, b.elapsed_s);
    return XY_EXIT_OK;
}

int cmd_stats(struct xy_cmd_env *env)
{
    static const struct {
        const char *name;
        int (*fn)(struct xy_cmd_env *env, const struct xy_command *cmd);
    } subs[] = {
        {"overview", overview},
        {"export", export},
        {"registered", registered},
        {"rebuild", rebuild},
    };
    const struct xy_command *cmd = xy_cli_command("stats");

    /* the option parser puts the arguments in arrays of 16 */
    if (env->argc > 16)
        return xy_cli_usage(cmd, "too many arguments");
    if (env->argc >= 1 && env->argv[0][0] != '-') {
        for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
            if (!strcmp(env->argv[0], subs[i].name))
                return subs[i].fn(env, cmd);
        return xy_cli_usage(cmd, "unknown subcommand \"%s\"", env->argv[0]);
    }
    return summary(env, cmd);
}
