/* cmd_key.c - `xinyong key status | rotate | retire` (layer: cli) */
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "cli/cli.h"
#include "service/keys.h"

static const char *place_zh(enum xy_sealed_place p)
{
    switch (p) {
    case XY_SEALED_SUBJECTS:
        return "信用主体证件号码";
    case XY_SEALED_IDENTIFIERS:
        return "旧格式标识（待转换）";
    case XY_SEALED_RECORDS:
        return "信用记录中的证件号码";
    case XY_SEALED_TOTP:
        return "账户动态口令密钥";
    default:
        return "?";
    }
}

static int status(struct xy_cmd_env *env)
{
    struct xy_keys_status st;
    struct xy_err err = {0};
    xy_code rc = xy_keys_status(&env->ctx, env->arena, &st, &err);

    if (rc != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    fprintf(env->out, "密钥来源: %s\n", st.path[0] ? st.path : "环境变量 XINYONG_KEYS");
    fprintf(env->out, "当前版本: %d\n", st.current);
    fputs("数据密钥版本:", env->out);
    for (size_t i = 0; i < st.nversions; i++)
        fprintf(env->out, " %d%s", st.versions[i], st.versions[i] == st.current ? "*" : "");
    fputc('\n', env->out);
    fputs("已加密的值（按版本）:\n", env->out);
    if (!st.ncounts)
        fputs("  （无）\n", env->out);
    for (size_t i = 0; i < st.ncounts; i++) {
        const struct xy_sealed_count *c = &st.counts[i];
        char ver[32];
        if (c->version)
            snprintf(ver, sizeof(ver), "v%d", c->version);
        else
            snprintf(ver, sizeof(ver), "未加密(p1)");
        fprintf(env->out, "  %-11s ", xy_keys_place_name(c->place));
        fprintf(env->out, "%-12s %10lld  ", ver, (long long)c->n);
        fprintf(env->out, "%s\n", place_zh(c->place));
    }
    return XY_EXIT_OK;
}

struct progress {
    struct xy_cmd_env *env;
    double last;
};

static void on_progress(void *p, const char *place, int pass, int64_t resealed)
{
    struct progress *pr = p;
    double now = xy_mono();

    if (now - pr->last < 0.5)
        return;
    pr->last = now;
    fprintf(stderr, "%s第 %d 遍 %s: 已重新加密 %lld 个值%s", pr->env->is_tty ? "\r" : "", pass,
            place, (long long)resealed, pr->env->is_tty ? "   " : "\n");
}

static int rotate(struct xy_cmd_env *env, const char *chunk)
{
    const struct xy_command *cmd = xy_cli_command("key");
    struct progress pr = {.env = env};
    struct xy_keys_rotate_opts o = {.progress = on_progress, .progress_ctx = &pr};
    struct xy_keys_rotate_result r;
    struct xy_err err = {0};
    xy_code rc;

    if (chunk) {
        char *end;
        long v = strtol(chunk, &end, 10);
        if (*end || v < 1 || v > 100000)
            return xy_cli_usage(cmd, "--chunk takes 1 to 100000 rows");
        o.chunk_rows = (size_t)v;
    }
    rc = xy_keys_rotate(&env->ctx, &o, &r, &err);
    if (env->is_tty && pr.last > 0)
        fputc('\n', stderr);
    if (rc != XY_OK) {
        xy_cli_error(&err);
        if (r.new_version)
            fprintf(stderr,
                    "hint: 新密钥版本 %d 已启用，所有值仍可读取；"
                    "问题解决后再次运行 xinyong key rotate 即可完成\n",
                    r.new_version);
        return xy_exit_for(rc);
    }
    fprintf(env->out,
            "已轮换数据密钥: 版本 %d -> %d，重新加密 %lld 个值（%d 遍）\n"
            "旧版本密钥仍保留在密钥文件中；待轮换前开始的归集都已结束后，运行 xinyong key retire "
            "停用旧版本\n",
            r.old_version, r.new_version, (long long)r.resealed, r.passes);
    return XY_EXIT_OK;
}

static int retire(struct xy_cmd_env *env)
{
    struct xy_err err = {0};
    size_t n;
    xy_code rc = xy_keys_retire(&env->ctx, &n, &err);

    if (rc != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    fprintf(env->out, "已停用旧版本数据密钥 %zu 个（已从密钥文件中删除）\n", n);
    return XY_EXIT_OK;
}

int cmd_key(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("key");
    const char *chunk = NULL;
    char *rest[4];
    int nrest, r;
    const struct xy_opt opts[] = {
        {"chunk", 1, &chunk, NULL},
    };

    if (env->argc < 1)
        return xy_cli_usage(cmd, "say status, rotate or retire");
    if (env->argc > 4)
        return xy_cli_usage(cmd, "too many arguments");
    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest)
        return xy_cli_usage(cmd, "unexpected argument \"%s\"", rest[0]);
    if (!strcmp(env->argv[0], "status")) {
        if (chunk)
            return xy_cli_usage(cmd, "--chunk belongs to rotate");
        return status(env);
    }
    if (!strcmp(env->argv[0], "rotate"))
        return rotate(env, chunk);
    if (!strcmp(env->argv[0], "retire")) {
        if (chunk)
            return xy_cli_usage(cmd, "--chunk belongs to rotate");
        return retire(env);
    }
    return xy_cli_usage(cmd, "say status, rotate or retire");
}
