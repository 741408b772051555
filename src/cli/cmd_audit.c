/* cmd_audit.c - `xinyong audit verify | checkpoint | search | purge` (layer: cli) */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "cli/cli.h"
#include "service/audit.h"

#define MS_PER_DAY 86400000LL
#define UTC8_MS    (8LL * 3600 * 1000)

/* "YYYY-MM-DD" as the first (end 0) or last (end 1) millisecond of that day in UTC+8. */
static int parse_day(const char *s, int end, int64_t *out)
{
    int y, m, d, used = 0;

    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || s[used] || !xy_date_valid(y, m, d))
        return -1;
    *out = ((int64_t)xy_days_from_civil(y, m, d) + end) * MS_PER_DAY - UTC8_MS - end;
    return 0;
}

/* "YYYY-MM-DD HH:MM:SS" in UTC+8 */
static void format_ms(int64_t ms, char out[24])
{
    int64_t t = (ms + UTC8_MS) / 1000;
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t sec = t - days * 86400;
    int y, m, d;

    xy_civil_from_days((int)days, &y, &m, &d);
    snprintf(out, 24, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60));
}

static int fail(const struct xy_err *err, xy_code rc)
{
    xy_cli_error(err);
    return xy_exit_for(rc);
}

static int do_verify(struct xy_cmd_env *env, const char *file, int json)
{
    struct xy_audit_report rep;
    struct xy_err err = {0};
    xy_code rc = xy_audit_verify(&env->ctx, file, env->arena, &rep, &err);

    if (rc != XY_OK)
        return fail(&err, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_kbool(&w, "intact", rep.nproblems == 0);
        xy_jw_kint(&w, "anchor_seq", rep.anchor_seq);
        xy_jw_kint(&w, "rows", rep.rows);
        xy_jw_kint(&w, "first_seq", rep.first_seq);
        xy_jw_kint(&w, "last_seq", rep.last_seq);
        xy_jw_kint(&w, "checkpoints", rep.checkpoints);
        if (file)
            xy_jw_kint(&w, "checkpoint_file_seq", rep.file_seq);
        xy_jw_key(&w, "problems");
        xy_jw_arr(&w);
        for (size_t i = 0; i < rep.nproblems; i++) {
            xy_jw_obj(&w);
            xy_jw_kstr(&w, "code", rep.problems[i].code);
            xy_jw_kint(&w, "seq", rep.problems[i].seq);
            xy_jw_kstr(&w, "message", rep.problems[i].message);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        xy_jw_end(&w);
        fprintf(env->out, "%s\n", b.data);
        xy_buf_release(&b);
    } else if (rep.nproblems == 0) {
        fprintf(env->out,
                "审计记录完整：第 %" PRId64 " 至 %" PRId64 " 条，共 %" PRId64
                " 条；已签名检查点 %" PRId64 " 个，签名有效\n",
                rep.first_seq, rep.last_seq, rep.rows, rep.checkpoints);
        if (rep.anchor_seq)
            fprintf(env->out, "审计链起点：第 %" PRId64 " 条之后（更早的记录已按保存期限清理）\n",
                    rep.anchor_seq);
        if (file)
            fprintf(env->out, "与导出的检查点（第 %" PRId64 " 条）一致，签名有效\n", rep.file_seq);
    }
    for (size_t i = 0; i < rep.nproblems; i++)
        fprintf(stderr, "xinyong: [%s] %s\n", rep.problems[i].code, rep.problems[i].message);
    if (rep.nproblems) {
        fprintf(stderr, "审计记录未通过核验（%zu 处问题）\n", rep.nproblems);
        return XY_EXIT_TAMPERED;
    }
    return XY_EXIT_OK;
}

static int do_checkpoint(struct xy_cmd_env *env, const char *export)
{
    struct xy_audit_checkpoint c;
    struct xy_err err = {0};
    xy_code rc = xy_audit_checkpoint(&env->ctx, env->arena, &c, &err);

    if (rc != XY_OK)
        return fail(&err, rc);
    if (export && (rc = xy_audit_checkpoint_export(&c, export, env->arena, &err)) != XY_OK)
        return fail(&err, rc);
    fprintf(env->out, "已签署审计检查点：第 %" PRId64 " 条，校验码 %s\n", c.seq, c.mac);
    if (export)
        fprintf(env->out, "已导出到 %s（请复制到另一台主机保存，核验时用 --checkpoint）\n", export);
    return XY_EXIT_OK;
}

static void row_json(struct xy_jw *w, const struct xy_audit_row *r)
{
    char when[24];

    format_ms(r->at, when);
    xy_jw_obj(w);
    xy_jw_kint(w, "seq", r->seq);
    xy_jw_kint(w, "at", r->at);
    xy_jw_kstr(w, "time", when);
    xy_jw_kstr(w, "actor", r->actor);
    xy_jw_kstr(w, "role", r->role);
    if (r->dept_id)
        xy_jw_kint(w, "dept_id", r->dept_id);
    xy_jw_kstr(w, "client", r->client);
    xy_jw_kstr(w, "action", r->action);
    xy_jw_kstr(w, "target", r->target);
    if (r->subject_id)
        xy_jw_kint(w, "subject_id", r->subject_id);
    xy_jw_kstr(w, "purpose", r->purpose);
    xy_jw_kstr(w, "result", r->result);
    xy_jw_kstr(w, "detail", r->detail);
    xy_jw_end(w);
}

static int do_search(struct xy_cmd_env *env, struct xy_audit_filter *f, int json)
{
    struct xy_audit_row *rows;
    struct xy_err err = {0};
    size_t n;
    xy_code rc = xy_audit_search(&env->ctx, f, env->arena, &rows, &n, &err);

    if (rc != XY_OK)
        return fail(&err, rc);
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_arr(&w);
        for (size_t i = 0; i < n; i++)
            row_json(&w, &rows[i]);
        xy_jw_end(&w);
        fprintf(env->out, "%s\n", b.data);
        xy_buf_release(&b);
        return XY_EXIT_OK;
    }
    for (size_t i = 0; i < n; i++) {
        const struct xy_audit_row *r = &rows[i];
        char when[24];
        format_ms(r->at, when);
        fprintf(env->out, "%" PRId64 "  %s  %s(%s)  %s", r->seq, when, r->actor, r->role,
                r->action);
        if (r->target)
            fprintf(env->out, "  %s", r->target);
        if (r->subject_id)
            fprintf(env->out, "  主体#%" PRId64, r->subject_id);
        if (r->purpose)
            fprintf(env->out, "  用途：%s", r->purpose);
        fprintf(env->out, "  %s", r->result);
        if (r->detail)
            fprintf(env->out, "  %s", r->detail);
        if (r->client)
            fprintf(env->out, "  来自 %s", r->client);
        fputc('\n', env->out);
    }
    if (!n)
        fprintf(stderr, "没有符合条件的审计记录\n");
    return XY_EXIT_OK;
}

static int do_purge(struct xy_cmd_env *env)
{
    struct xy_audit_purge_result res;
    struct xy_err err = {0};
    char when[24];
    xy_code rc = xy_audit_purge(&env->ctx, &res, &err);

    if (rc != XY_OK)
        return fail(&err, rc);
    format_ms(res.cut_ms, when);
    if (res.deleted)
        fprintf(env->out,
                "已清理 %" PRId64 " 条早于 %s 的审计记录；审计链从第 %" PRId64 " 条之后开始\n",
                res.deleted, when, res.anchor_seq);
    else
        fprintf(env->out, "没有可清理的审计记录（早于 %s 且已被检查点覆盖的记录才会清理）\n", when);
    return XY_EXIT_OK;
}

int cmd_audit(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("audit");
    const char *checkpoint = NULL, *export = NULL, *actor = NULL, *action = NULL;
    const char *subject = NULL, *from = NULL, *to = NULL, *limit = NULL;
    int json = 0, search_opts, nrest, r;
    char *rest[4];
    const char *sub;
    const struct xy_opt opts[] = {
        {"checkpoint", 1, &checkpoint, NULL},
        {"export", 1, &export, NULL},
        {"actor", 1, &actor, NULL},
        {"action", 1, &action, NULL},
        {"subject-id", 1, &subject, NULL},
        {"from", 1, &from, NULL},
        {"to", 1, &to, NULL},
        {"limit", 1, &limit, NULL},
        {"json", 0, NULL, &json},
    };

    if (env->argc < 1)
        return xy_cli_usage(cmd, "say verify, checkpoint, search or purge");
    if (env->argc > 20)
        return xy_cli_usage(cmd, "too many arguments");
    sub = env->argv[0];
    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, sizeof(opts) / sizeof(opts[0]),
                           rest, &nrest)) != 0)
        return r;
    if (nrest)
        return xy_cli_usage(cmd, "unexpected argument \"%s\"", rest[0]);
    search_opts = actor || action || subject || from || to || limit;
    if (!strcmp(sub, "verify")) {
        if (export || search_opts)
            return xy_cli_usage(cmd, "audit verify takes only --checkpoint FILE and --json");
        return do_verify(env, checkpoint, json);
    }
    if (!strcmp(sub, "checkpoint")) {
        if (checkpoint || search_opts || json)
            return xy_cli_usage(cmd, "audit checkpoint takes only --export FILE");
        return do_checkpoint(env, export);
    }
    if (!strcmp(sub, "purge")) {
        if (checkpoint || export || search_opts || json)
            return xy_cli_usage(cmd, "audit purge takes no options");
        return do_purge(env);
    }
    if (checkpoint || export)
        return xy_cli_usage(cmd, "--checkpoint and --export belong to verify and checkpoint");
    if (!strcmp(sub, "search")) {
        struct xy_audit_filter f = {.actor = actor, .action = action, .limit = 50};
        char *end;
        if (subject) {
            errno = 0;
            f.subject_id = strtoll(subject, &end, 10);
            if (errno || *end || f.subject_id <= 0)
                return xy_cli_usage(cmd, "--subject-id needs a positive number");
        }
        if (limit) {
            long v = strtol(limit, &end, 10);
            if (*end || v < 1 || v > XY_AUDIT_SEARCH_MAX)
                return xy_cli_usage(cmd, "--limit needs a number from 1 to %d",
                                    XY_AUDIT_SEARCH_MAX);
            f.limit = (size_t)v;
        }
        if (from && parse_day(from, 0, &f.from_ms) != 0)
            return xy_cli_usage(cmd, "--from needs a date YYYY-MM-DD, not \"%s\"", from);
        if (to && parse_day(to, 1, &f.to_ms) != 0)
            return xy_cli_usage(cmd, "--to needs a date YYYY-MM-DD, not \"%s\"", to);
        return do_search(env, &f, json);
    }
    return xy_cli_usage(cmd, "say verify, checkpoint, search or purge");
}
