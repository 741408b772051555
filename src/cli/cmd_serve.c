/* cmd_serve.c - `xinyong serve`: the HTTP API and the portal (layer: cli) */
#include "cli/cli.h"
#include "http/server.h"

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
    if ((rc = xy_server_new(&env->ctx, &srv, &err)) != XY_OK ||
        (rc = xy_server_run(srv, &err)) != XY_OK) {
        xy_cli_error(&err);
        xy_server_free(srv);
        return xy_exit_for(rc);
    }
    xy_server_free(srv);
    return XY_EXIT_OK;
}
