/* cmd_gen.c - `xinyong gen --out DIR ...`: a synthetic city (layer: cli) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "cli/cli.h"
#include "service/gen.h"

static int parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cmd_gen(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("gen");
    const char *out = NULL, *seed = "1", *persons = "2000", *orgs = "3000", *rows = "2000",
               *bad = "0.02", *item = NULL, *received = NULL, *recent = "0";
    struct xy_gen_opts o = {0};
    struct xy_gen_summary sum;
    struct xy_err err = {0};
    char *rest[20], *end;
    long v;
    int nrest, r;
    xy_code rc;
    const struct xy_opt opts[] = {
        {"out", 1, &out, NULL},   {"seed", 1, &seed, NULL},         {"persons", 1, &persons, NULL},
        {"orgs", 1, &orgs, NULL}, {"rows", 1, &rows, NULL},         {"bad", 1, &bad, NULL},
        {"item", 1, &item, NULL}, {"received", 1, &received, NULL}, {"recent", 1, &recent, NULL},
    };

    if (env->argc > 20)
        return xy_cli_usage(cmd, "too many arguments");
    if ((r = xy_opts_parse(cmd, env->argc, env->argv, opts, 9, rest, &nrest)) != 0)
        return r;
    if (!out || nrest)
        return xy_cli_usage(cmd, "--out DIR is required");
    o.cat = env->ctx.cat;
    o.out_dir = out;
    if (parse_long(seed, 0, 2147483647L, &v))
        return xy_cli_usage(cmd, "--seed must be a whole number");
    o.seed = (unsigned long)v;
    if (parse_long(persons, 1, 100000000L, &o.persons))
        return xy_cli_usage(cmd, "--persons must be 1 to 100000000");
    if (parse_long(orgs, 1, 100000000L, &o.orgs))
        return xy_cli_usage(cmd, "--orgs must be 1 to 100000000");
    if (parse_long(rows, 1, 1000000000L, &o.rows_per_item))
        return xy_cli_usage(cmd, "--rows must be 1 to 1000000000");
    o.bad_share = strtod(bad, &end);
    if (*end || o.bad_share < 0 || o.bad_share > 1)
        return xy_cli_usage(cmd, "--bad must be a share from 0 to 1");
    o.recent_share = strtod(recent, &end);
    if (*end || o.recent_share < 0 || o.recent_share > 1)
        return xy_cli_usage(cmd, "--recent must be a share from 0 to 1");
    o.only_item = item;
    o.today = xy_today();
    /* the day the files will be received, for the manifest's late, timely and untimed rows */
    o.cal = env->ctx.cal;
    o.received = o.today;
    if (received) {
        int y, m, d;
        if (strlen(received) != 10 || sscanf(received, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
            !xy_date_valid(y, m, d))
            return xy_cli_usage(cmd, "--received must be a date YYYY-MM-DD");
        o.received = xy_days_from_civil(y, m, d);
    }
    if ((rc = xy_gen_city(&o, &sum, &err)) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    fprintf(env->out,
            "已生成模拟城市：%ld 个部门，%ld 个文件，%ld 行（其中错误行 %ld，警告行 %ld；"
            "可入库的行中按接收日计及时 %ld、逾期 %ld、无法判断 %ld）→ %s\n",
            sum.departments, sum.files, sum.rows, sum.bad_rows, sum.warn_rows, sum.timely_rows,
            sum.late_rows, sum.untimed_rows, out);
    return XY_EXIT_OK;
}
