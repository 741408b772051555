/* cmd_stats.c - `xinyong stats [--sample]` (layer: cli) */
#include "cli/cli.h"
#include "service/stats.h"

int cmd_stats(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("stats");
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
    if ((rc = xy_summary_get(&env->ctx, 5, env->arena, &s, &err)) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
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
