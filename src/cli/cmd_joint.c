/* cmd_joint.c - `xinyong joint figures | rescreen`: the key figures of the closed loop of joint
 * rewards and punishments and the re-screening run, for the operator (layer: cli)
 *
 * The operator reads every department's figures (service/feedback.h) and runs the
 * re-screening that the server also runs after each list change (service/rescreen.h). Output
 * is Chinese for staff; --json gives the API's shape of the figures for scripts.
 */
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "base/time.h"
#include "cli/cli.h"
#include "service/feedback.h"
#include "service/rescreen.h"

struct jenv {
    struct xy_cmd_env *env;
    const struct xy_command *cmd;
    struct xy_err err;
};

static int fail(struct jenv *j, xy_code rc)
{
    xy_cli_error(&j->err);
    return xy_exit_for(rc);
}

static const char *yuan(struct xy_arena *a, int64_t fen)
{
    return xy_arena_printf(a, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static const char *rate(struct xy_arena *a, const struct xy_figure_row *r)
{
    int p = xy_figures_rate_permille(r);
    return p < 0 ? "-" : xy_arena_printf(a, "%d.%d%%", p / 10, p % 10);
}

static void row_json(struct xy_jw *w, const struct xy_figure_row *r, const char *scenario_name,
                     int total, struct xy_arena *a)
{
    int p = xy_figures_rate_permille(r);

    xy_jw_obj(w);
    if (!total) {
        xy_jw_kstr(w, "department_code", r->dept_uscc);
        xy_jw_kstr(w, "department", r->dept_name ? r->dept_name : "本机运维（命令行）");
        xy_jw_kstr(w, "scenario", r->scenario);
        xy_jw_kstr(w, "scenario_name", scenario_name);
    }
    xy_jw_kint(w, "checks", r->checks);
    xy_jw_kint(w, "subjects", r->subjects);
    xy_jw_kint(w, "hit_subjects", r->hit_subjects);
    xy_jw_kint(w, "fed_subjects", r->fed_subjects);
    xy_jw_key(w, "feedback_rate_permille");
    if (p < 0)
        xy_jw_null(w);
    else
        xy_jw_int(w, p);
    xy_jw_kint(w, "measures_taken", r->taken);
    xy_jw_kint(w, "measures_not_taken", r->not_taken);
    xy_jw_kstr(w, "amount", yuan(a, r->amount_fen));
    xy_jw_end(w);
}

static void row_text(FILE *out, const char *dept, const char *scenario,
                     const struct xy_figure_row *r, struct xy_arena *a)
{
    xy_text_pad(out, dept, 26);
    xy_text_pad(out, scenario, 18);
    fprintf(out, "%6lld %8lld %8lld %8lld %8s %8lld %8lld %16s\n", (long long)r->checks,
            (long long)r->subjects, (long long)r->hit_subjects, (long long)r->fed_subjects,
            rate(a, r), (long long)r->taken, (long long)r->not_taken, yuan(a, r->amount_fen));
}

static int joint_figures(struct jenv *j, int argc, char **argv)
{
    const char *from = NULL, *to = NULL;
    int json = 0, nrest, r;
    char **rest = xy_arena_alloc(j->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {
        {"from", 1, &from, NULL}, {"to", 1, &to, NULL}, {"json", 0, NULL, &json}};
    struct xy_arena *a = j->env->arena;
    FILE *out = j->env->out;
    struct xy_figures f;
    char d1[11], d2[11];
    xy_code rc;

    if ((r = xy_opts_parse(j->cmd, argc, argv, opts, 3, rest, &nrest)) != 0)
        return r;
    if (nrest)
        return xy_cli_usage(j->cmd, "joint figures takes options only");
    if ((rc = xy_figures_get(&j->env->ctx, from, to, a, &f, &j->err)) != XY_OK)
        return fail(j, rc);
    xy_date_format(f.from, d1);
    xy_date_format(f.to, d2);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_kstr(&w, "from", d1);
        xy_jw_kstr(&w, "to", d2);
        xy_jw_kbool(&w, "all_departments", f.all);
        xy_jw_key(&w, "rows");
        xy_jw_arr(&w);
        for (size_t i = 0; i < f.n; i++) {
            const struct xy_scenario *sc =
                j->env->ctx.scenarios ? xy_scenario_find(j->env->ctx.scenarios, f.rows[i].scenario)
                                      : NULL;
            row_json(&w, &f.rows[i], sc ? sc->name : NULL, 0, a);
        }
        xy_jw_end(&w);
        xy_jw_key(&w, "total");
        row_json(&w, &f.total, NULL, 1, a);
        xy_jw_end(&w);
        fprintf(out, "%.*s\n", (int)b.len, b.data);
        xy_buf_release(&b);
        return XY_EXIT_OK;
    }
    fprintf(out, "联合奖惩核查与反馈统计（%s 至 %s）\n", d1, d2);
    xy_text_pad(out, "部门", 26);
    xy_text_pad(out, "业务场景", 18);
    fprintf(
        out, "%s\n",
        "  核查   核查主体   命中主体   已反馈   反馈率   已采取   未采取         涉及金额(元)");
    for (size_t i = 0; i < f.n; i++) {
        const struct xy_figure_row *row = &f.rows[i];
        const struct xy_scenario *sc =
            j->env->ctx.scenarios ? xy_scenario_find(j->env->ctx.scenarios, row->scenario) : NULL;
        row_text(out, row->dept_name ? row->dept_name : "本机运维（命令行）",
                 sc ? sc->name : row->scenario, row, a);
    }
    if (!f.n)
        fputs("（本期间没有核查）\n", out);
    row_text(out, "合计", "", &f.total, a);
    return XY_EXIT_OK;
}

static int joint_rescreen(struct jenv *j, int argc, char **argv)
{
    int64_t queued = 0;
    xy_code rc;

    (void)argv;
    if (argc)
        return xy_cli_usage(j->cmd, "joint rescreen takes no arguments");
    if ((rc = xy_rescreen_run(&j->env->ctx, &queued, &j->err)) != XY_OK)
        return fail(j, rc);
    fprintf(j->env->out, "复核完成：新加入复核队列 %lld 项（核查时间在最近 %ld 天内的主体）\n",
            (long long)queued, j->env->cfg.joint_rescreen_window_days);
    return XY_EXIT_OK;
}

int cmd_joint(struct xy_cmd_env *env)
{
    struct jenv j = {env, xy_cli_command("joint"), {0}};

    if (env->argc < 1)
        return xy_cli_usage(j.cmd, "say figures or rescreen");
    if (!strcmp(env->argv[0], "figures"))
        return joint_figures(&j, env->argc - 1, env->argv + 1);
    if (!strcmp(env->argv[0], "rescreen"))
        return joint_rescreen(&j, env->argc - 1, env->argv + 1);
    return xy_cli_usage(j.cmd, "\"%s\" is not a joint subcommand (figures, rescreen)",
                        env->argv[0]);
}
