/* cmd_report.c - `xinyong report CODE [--scoped --domain D ... --from --to] [--in-person NOTE]
 * [--out FILE] | verify FILE [--key PEM] [--online] | key` (layer: cli)
 *
 * Issuing goes through service/report.h as the portal does; the operator acts, so an
 * organisation's report is the public one and a person's is issued only at the counter, with
 * --in-person saying how the person's identity was seen. `verify` checks a PDF offline with the
 * public key (another host needs only the key: `xinyong report key > report-key.pem`), or with
 * --online against the database as the portal does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/files.h"
#include "service/report.h"

#define PEM_MAX (64 << 10)

static int fail(const struct xy_err *err)
{
    xy_cli_error(err);
    return xy_exit_for(err->code);
}

/* The whole file at path into a (at most max bytes), NUL-terminated. */
static xy_code slurp(const char *path, size_t max, struct xy_arena *a, char **out, size_t *n,
                     struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    xy_code rc = xy_file_read(path, max, &b, err);

    if (rc == XY_OK) {
        *n = b.len;
        *out = xy_arena_strndup(a, b.data ? b.data : "", b.len);
    }
    xy_buf_release(&b);
    return rc;
}

static int print_check(struct xy_cmd_env *env, const struct xy_report_check *c)
{
    fprintf(env->out, "%s\n", c->genuine ? "核验通过" : "核验未通过");
    if (c->number[0])
        fprintf(env->out, "  报告编号  %s\n", c->number);
    if (c->issued_at)
        fprintf(env->out, "  出具时间  %s\n", c->issued_at);
    fprintf(env->out, "  结论      %s%s%s%s\n", c->message, c->problem ? "（" : "",
            c->problem ? c->problem : "", c->problem ? "）" : "");
    return c->genuine ? XY_EXIT_OK : XY_EXIT_TAMPERED;
}

static int verify(struct xy_cmd_env *env, const struct xy_command *cmd, int argc, char **argv)
{
    const char *key = NULL;
    int online = 0, nrest = 0, rc;
    char *rest[4], *pdf, *pem;
    size_t n, pn;
    struct xy_report_check c;
    struct xy_err err = {0};
    const struct xy_opt opts[] = {{"key", 1, &key, NULL}, {"online", 0, NULL, &online}};

    if ((rc = xy_opts_parse(cmd, argc, argv, opts, 2, rest, &nrest)) != XY_EXIT_OK)
        return rc;
    if (nrest != 1)
        return xy_cli_usage(cmd, "verify takes one PDF file");
    if (slurp(rest[0], XY_REPORT_MAX_UPLOAD, env->arena, &pdf, &n, &err) != XY_OK)
        return fail(&err);
    if (online) {
        if ((rc = xy_cli_open_store(env)) != XY_EXIT_OK)
            return rc;
        if (xy_report_verify_file(&env->ctx, pdf, n, env->arena, &c, &err) != XY_OK)
            return fail(&err);
        return print_check(env, &c);
    }
    if (key) {
        if (slurp(key, PEM_MAX, env->arena, &pem, &pn, &err) != XY_OK)
            return fail(&err);
    } else {
        const char *p;
        if ((rc = xy_cli_open_store(env)) != XY_EXIT_OK)
            return rc;
        if (xy_report_public_key(&env->ctx, env->arena, &p, &err) != XY_OK)
            return fail(&err);
        pem = (char *)p;
        pn = strlen(p);
    }
    if (xy_report_verify_offline(pem, pn, pdf, n, env->arena, &c, &err) != XY_OK)
        return fail(&err);
    return print_check(env, &c);
}

static int issue(struct xy_cmd_env *env, const struct xy_command *cmd, int argc, char **argv)
{
    const char *out_path = NULL, *from = NULL, *to = NULL, *in_person = NULL, *domain_arg = NULL;
    int scoped = 0, json = 0, nrest = 0, rc;
    char *rest[4];
    struct xy_report_request r;
    struct xy_report_issued out;
    struct xy_err err = {0};
    const struct xy_opt opts[] = {
        {"out", 1, &out_path, NULL},
        {"scoped", 0, NULL, &scoped},
        {"domains", 1, &domain_arg, NULL},
        {"from", 1, &from, NULL},
        {"to", 1, &to, NULL},
        {"in-person", 1, &in_person, NULL},
        {"content", 0, NULL, &json},
    };
    FILE *f;

    if ((rc = xy_opts_parse(cmd, argc, argv, opts, sizeof(opts) / sizeof(opts[0]), rest, &nrest)) !=
        XY_EXIT_OK)
        return rc;
    if (nrest != 1)
        return xy_cli_usage(cmd,
                            "give one 统一社会信用代码 (or a person's ID number with --in-person)");
    memset(&r, 0, sizeof(r));
    r.code = rest[0];
    r.scope = scoped ? "scoped" : NULL;
    r.from = from;
    r.to = to;
    r.in_person = in_person;
    if (domain_arg) {
        size_t k = 1;
        char *copy = xy_arena_strdup(env->arena, domain_arg), *save = NULL;
        const char **v;
        for (const char *p = copy; *p; p++)
            k += *p == ',';
        v = xy_arena_alloc(env->arena, k * sizeof(*v));
        k = 0;
        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
            v[k++] = t;
        r.domains = v;
        r.ndomains = k;
    }
    if ((rc = xy_cli_open_store(env)) != XY_EXIT_OK)
        return rc;
    if (xy_report_issue(&env->ctx, &r, env->arena, &out, &err) != XY_OK)
        return fail(&err);
    if (!out_path)
        out_path = xy_arena_printf(env->arena, "%s.pdf", out.number);
    f = fopen(out_path, "wb");
    if (!f || fwrite(out.pdf.data, 1, out.pdf.len, f) != out.pdf.len || fclose(f) != 0) {
        if (f)
            fclose(f);
        xy_buf_release(&out.pdf);
        xy_err_set(&err, XY_IO, "无法写入“%s”：%s", out_path, strerror(errno));
        return fail(&err);
    }
    if (json)
        fprintf(env->out, "%s\n", out.content);
    else
        fprintf(env->out,
                "已出具%s\n  报告编号  %s\n  核验码    %s\n  页数      %d\n  文件      %s（%zu "
                "字节）\n",
                scoped ? "公共信用信息报告（无违法违规证明版）" : "公共信用信息报告", out.number,
                out.code, out.pages, out_path, out.pdf.len);
    xy_buf_release(&out.pdf);
    return XY_EXIT_OK;
}

int cmd_report(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("report");

    if (env->argc >= 1 && !strcmp(env->argv[0], "verify"))
        return verify(env, cmd, env->argc - 1, env->argv + 1);
    if (env->argc >= 1 && !strcmp(env->argv[0], "key")) {
        const char *pem;
        struct xy_err err = {0};
        int rc =
            env->argc == 1 ? xy_cli_open_store(env) : xy_cli_usage(cmd, "key takes no argument");
        if (rc != XY_EXIT_OK)
            return rc;
        if (xy_report_public_key(&env->ctx, env->arena, &pem, &err) != XY_OK)
            return fail(&err);
        fputs(pem, env->out);
        return XY_EXIT_OK;
    }
    return issue(env, cmd, env->argc, env->argv);
}
