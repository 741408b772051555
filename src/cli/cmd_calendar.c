/* cmd_calendar.c - `xinyong calendar is-workday DATE | add-workdays DATE N` (layer: cli) */
#include <string.h>

#include "cli/cli.h"
#include "service/workdays.h"

int cmd_calendar(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("calendar");
    struct xy_err err = {0};
    xy_code rc;

    if (env->argc == 2 && !strcmp(env->argv[0], "is-workday")) {
        struct xy_workday w;
        if ((rc = xy_workday_is(&env->ctx, env->argv[1], &w, &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        fprintf(env->out, "%s %s（%s）\n", env->argv[1], w.workday ? "是工作日" : "不是工作日",
                w.kind);
        return XY_EXIT_OK;
    }
    if (env->argc == 3 && !strcmp(env->argv[0], "add-workdays")) {
        char due[11];
        if ((rc = xy_workday_add(&env->ctx, env->argv[1], env->argv[2], due, &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        fprintf(env->out, "%s\n", due);
        return XY_EXIT_OK;
    }
    return xy_cli_usage(cmd, "say is-workday DATE or add-workdays DATE N");
}
