/* cmd_dept.c - `xinyong dept add | import | list | show` (layer: cli) */
#include <string.h>

#include "cli/cli.h"
#include "service/dept.h"

static void print_dept(FILE *out, const struct xy_dept *d)
{
    fprintf(out, "%s  %s  ", d->uscc, d->name);
    for (size_t k = 0; k < d->nitems; k++)
        fprintf(out, "%s%s", k ? "," : "", d->items[k]);
    fputc('\n', out);
}

int cmd_dept(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("dept");
    struct xy_err err = {0};
    const char *code = NULL, *name = NULL, *items = "";
    char *rest[8];
    int nrest, r;
    xy_code rc;
    const struct xy_opt opts[] = {
        {"code", 1, &code, NULL},
        {"name", 1, &name, NULL},
        {"items", 1, &items, NULL},
    };

    if (env->argc < 1)
        return xy_cli_usage(cmd, "say add, import, list or show");
    if (env->argc > 9)
        return xy_cli_usage(cmd, "too many arguments");
    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 3, rest, &nrest)) != 0)
        return r;
    if (!strcmp(env->argv[0], "add")) {
        if (!code || !name || nrest)
            return xy_cli_usage(cmd, "dept add needs --code and --name (and usually --items)");
        rc = xy_dept_add(&env->ctx, code, name, items, env->arena, &err);
        if (rc != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        fprintf(env->out, "已登记部门 %s %s\n", code, name);
        return XY_EXIT_OK;
    }
    if (!strcmp(env->argv[0], "import")) {
        long added;
        if (nrest != 1)
            return xy_cli_usage(cmd, "dept import needs one FILE");
        rc = xy_dept_add_file(&env->ctx, rest[0], env->arena, &added, &err);
        if (rc != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        fprintf(env->out, "已登记 %ld 个部门\n", added);
        return XY_EXIT_OK;
    }
    if (!strcmp(env->argv[0], "list")) {
        struct xy_dept *d;
        size_t n;
        if ((rc = xy_dept_list(&env->ctx, env->arena, &d, &n, &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        for (size_t i = 0; i < n; i++)
            print_dept(env->out, &d[i]);
        return XY_EXIT_OK;
    }
    if (!strcmp(env->argv[0], "show")) {
        struct xy_dept d;
        if (nrest != 1)
            return xy_cli_usage(cmd, "dept show needs one USCC");
        if ((rc = xy_dept_get(&env->ctx, rest[0], env->arena, &d, &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        print_dept(env->out, &d);
        return XY_EXIT_OK;
    }
    return xy_cli_usage(cmd, "say add, import, list or show");
}
