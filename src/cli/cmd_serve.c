/* cmd_serve.c - `xinyong serve`: the HTTP API and the portal (layer: cli) */
#include "cli/cli.h"
#include "base/time.h"
#include "http/server.h"
#include "service/workdays.h"

/* Say at start when the working-day calendar is about to run out: every objection and repair
 * deadline is counted through it, and one past its end is refused rather than guessed. */
static void warn_calendar(const struct xy_ctx *ctx)
{
    int today = xy_today(), until = xy_workdays_covered_until(ctx, today), y, m, d;
    char last[11];

    if (until >= 0 && until - today >= XY_CALENDAR_WARN_DAYS)
        return;
    xy_civil_from_days(until >= 0 ? until : today, &y, &m, &d);
    if (until < 0) {
        fprintf(stderr,
                "xinyong: 警告：没有%d年的工作日历，异议和信用修复的期限无法计算。请按国务院办公厅"
                "节假日安排通知添加 calendar/%d.txt 后重启。\n",
                y, y);
        return;
    }
    xy_date_format(until, last);
    fprintf(stderr,
            "xinyong: 警告：工作日历只到%s。请按国务院办公厅%d年节假日安排通知添加 calendar/%d.txt "
            "后重启，"
            "否则此后到期的异议和信用修复期限无法计算。\n",
            last, y + 1, y + 1);
}

int cmd_serve(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("serve");
    const char *listen = NULL, *port = NULL, *threads = NULL, *web_dir = NULL;
    const struct xy_opt opts[] = {
        {"listen", 1, &listen, NULL},
        {"port", 1, &port, NULL},
        {"threads", 1, &threads, NULL},
        {"web-dir", 1, &web_dir, NULL},
    };
    const struct {
        const char *key;
        const char **value;
    } overrides[] = {
        {"http.listen", &listen},
        {"http.port", &port},
        {"http.threads", &threads},
        {"http.web_dir", &web_dir},
    };
    struct xy_server *srv = NULL;
    struct xy_err err = {0};
    char *rest[2];
    int nrest, r;
    xy_code rc;

    if (env->argc > 9)
        return xy_cli_usage(cmd, "too many arguments");
    if ((r = xy_opts_parse(cmd, env->argc, env->argv, opts, 4, rest, &nrest)) != 0 || nrest)
        return r ? r : xy_cli_usage(cmd, "no arguments expected");
    /* the command line wins over the environment and the config file */
    for (size_t i = 0; i < sizeof(overrides) / sizeof(overrides[0]); i++)
        if (*overrides[i].value &&
            xy_config_set(&env->cfg, overrides[i].key, *overrides[i].value, &err) != XY_OK)
            return xy_cli_usage(cmd, "%s", err.msg);
    if ((rc = xy_server_new(&env->ctx, &srv, &err)) == XY_OK)
        warn_calendar(&env->ctx);
    if (rc != XY_OK || (rc = xy_server_run(srv, &err)) != XY_OK) {
        xy_cli_error(&err);
        xy_server_free(srv);
        return xy_exit_for(rc);
    }
    xy_server_free(srv);
    return XY_EXIT_OK;
}
