/* cmd_uscc.c - `xinyong uscc check | allow | allowed` (layer: cli) */
#include <string.h>

#include "cli/cli.h"
#include "domain/codes.h"
#include "service/dept.h"

int cmd_uscc(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("uscc");
    struct xy_err err = {0};
    const char *reason = NULL;
    char *rest[4];
    int nrest, r;
    xy_code rc;
    const struct xy_opt opts[] = {{"reason", 1, &reason, NULL}};

    if (env->argc < 1 || env->argc > 5)
        return xy_cli_usage(cmd, "say check CODE, allow CODE --reason TEXT or allowed");
    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 1, rest, &nrest)) != 0)
        return r;
    if (!strcmp(env->argv[0], "check") && nrest == 1) {
        char out[XY_USCC_LEN + 1];
        struct xy_code_check chk;
        xy_uscc_check(rest[0], out, &chk);
        if (chk.level == XY_CHECK_ERROR) {
            fprintf(env->out, "无效 [%s] %s\n", chk.id, chk.zh);
            return XY_EXIT_REFUSED;
        }
        fprintf(env->out, "有效 %s %s%s%s\n", out, xy_kind_zh(xy_uscc_kind(out)),
                chk.level == XY_CHECK_WARN ? " 警告: " : "", chk.zh);
        return XY_EXIT_OK;
    }
    if (!strcmp(env->argv[0], "allow") && nrest == 1) {
        if (!reason || !*reason)
            return xy_cli_usage(cmd, "say why the code is allowed with --reason");
        if ((rc = xy_uscc_allow(&env->ctx, rest[0], reason, &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        fprintf(env->out, "已加入白名单 %s\n", rest[0]);
        return XY_EXIT_OK;
    }
    if (!strcmp(env->argv[0], "allowed") && nrest == 0) {
        const char **codes, **reasons;
        size_t n;
        if ((rc = xy_uscc_allowed(&env->ctx, env->arena, &codes, &reasons, &n, &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        for (size_t i = 0; i < n; i++)
            fprintf(env->out, "%s  %s\n", codes[i], reasons[i]);
        return XY_EXIT_OK;
    }
    return xy_cli_usage(cmd, "say check CODE, allow CODE --reason TEXT or allowed");
}
