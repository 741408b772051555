/* cmd_screen.c - `xinyong screen run | list | show`: batch screening for the operator
 * (layer: cli)
 *
 * `run` is the job the server's worker runs (service/screen.h), run now in the foreground on a
 * file where it lies: progress on stderr, a Chinese summary on stdout, and the results and the
 * error report copied out of their sealed copies when --out and --errors ask for them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/time.h"
#include "cli/cli.h"
#include "service/screen.h"
#include "service/sheet.h"

struct senv {
    struct xy_cmd_env *env;
    const struct xy_command *cmd;
    struct xy_err err;
};

static int fail(struct senv *s, xy_code rc)
{
    xy_cli_error(&s->err);
    return xy_exit_for(rc);
}

static const char *state_zh(const char *state)
{
    static const struct {
        const char *id, *zh;
    } states[] = {
        {"queued", "排队中"}, {"running", "筛查中"}, {"done", "已完成"}, {"failed", "失败"}};

    for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
        if (state && !strcmp(state, states[i].id))
            return states[i].zh;
    return state ? state : "";
}

static void on_progress(void *arg, const struct xy_screen_job *job)
{
    struct senv *s = arg;

    fprintf(stderr, s->env->is_tty ? "\r筛查：已处理 %lld/%lld 行" : "筛查：已处理 %lld/%lld 行\n",
            (long long)job->rows_done, (long long)job->rows_total);
}

/* Copy a job's file (results or report) out to path, created 0600 (it names subjects). */
static xy_code copy_out(struct senv *s, int64_t id, enum xy_screen_file what, const char *path)
{
    const char *name;
    char buf[65536];
    ssize_t n;
    int in, out;
    xy_code rc = xy_screen_open(&s->env->ctx, id, what, s->env->arena, &in, &name, &s->err);

    if (rc != XY_OK)
        return rc;
    out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return xy_err_set(&s->err, XY_IO, "cannot create \"%s\": %s", path, strerror(errno));
    }
    while ((n = read(in, buf, sizeof(buf))) > 0)
        if (write(out, buf, (size_t)n) != n) {
            n = -1;
            break;
        }
    if (n < 0 || close(out) != 0)
        rc = xy_err_set(&s->err, XY_IO, "cannot write \"%s\": %s", path, strerror(errno));
    close(in);
    return rc;
}

static void show_job(FILE *out, const struct xy_screen_job *j, const struct xy_scenarios *sc)
{
    const struct xy_scenario *s = sc ? xy_scenario_find(sc, j->scenario) : NULL;
    char t1[24], t2[24];

    xy_time_minutes_cst(j->submitted_at, t1);
    xy_time_minutes_cst(j->finished_at, t2);
    fprintf(out, "筛查任务 %lld：%s\n", (long long)j->id, state_zh(j->state));
    fprintf(out, "  文件      %s（%s）\n", j->file_name, j->format);
    if (s)
        fprintf(out, "  业务场景  %s（%s）\n", s->name, j->scenario);
    else
        fprintf(out, "  业务场景  %s\n", j->scenario);
    fprintf(out, "  部门      %s\n", j->dept_name ? j->dept_name : "本机运维（命令行）");
    fprintf(out, "  提交      %s  %s\n", t1, j->submitted_by);
    fprintf(out, "  完成      %s\n", t2);
    fprintf(out, "  进度      %lld/%lld 行，问题行 %lld，命中主体 %lld\n", (long long)j->rows_done,
            (long long)j->rows_total, (long long)j->rows_bad, (long long)j->hits);
    if (j->check_id)
        fprintf(out, "  核查编号  %lld\n", (long long)j->check_id);
    if (j->error)
        fprintf(out, "  说明      %s\n", j->error);
}

static int screen_run(struct senv *s, int argc, char **argv)
{
    const char *scenario = NULL, *format = NULL, *out_path = NULL, *err_path = NULL;
    int nrest, r;
    char **rest = xy_arena_alloc(s->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"scenario", 1, &scenario, NULL},
                                  {"format", 1, &format, NULL},
                                  {"out", 1, &out_path, NULL},
                                  {"errors", 1, &err_path, NULL}};
    struct xy_screen_job job;
    FILE *out = s->env->out;
    xy_code rc;

    if ((r = xy_opts_parse(s->cmd, argc, argv, opts, 4, rest, &nrest)) != 0)
        return r;
    if (nrest != 1)
        return xy_cli_usage(s->cmd, "screen run takes one FILE");
    if (!scenario)
        return xy_cli_usage(s->cmd, "screen run needs --scenario CODE");
    rc = xy_screen_run_file(&s->env->ctx, scenario, rest[0], format, on_progress, s, s->env->arena,
                            &job, &s->err);
    if (s->env->is_tty && job.rows_done)
        fputc('\n', stderr);
    if (rc != XY_OK)
        return fail(s, rc);
    if (strcmp(job.state, "done")) {
        xy_err_set(&s->err, XY_INVALID, "筛查任务 %lld 失败：%s", (long long)job.id,
                   job.error ? job.error : "");
        xy_cli_error_id(&s->err, "screen.failed");
        return XY_EXIT_REFUSED;
    }
    fprintf(out, "筛查任务 %lld 已完成：%lld 行中筛查 %lld 行，命中主体 %lld 个，问题行 %lld 行",
            (long long)job.id, (long long)job.rows_total, (long long)(job.rows_done - job.rows_bad),
            (long long)job.hits, (long long)job.rows_bad);
    fprintf(out, "（核查编号 %lld）\n", (long long)job.check_id);
    if (job.error)
        fprintf(out, "注意：%s\n", job.error);
    if (out_path) {
        enum xy_sheet_format f = xy_sheet_format_of(NULL, out_path);
        rc =
            copy_out(s, job.id, f == XY_SHEET_XLSX ? XY_SCREEN_RESULTS_XLSX : XY_SCREEN_RESULTS_CSV,
                     out_path);
        if (rc != XY_OK)
            return fail(s, rc);
        fprintf(out, "结果已写入 %s\n", out_path);
    }
    if (err_path) {
        if ((rc = copy_out(s, job.id, XY_SCREEN_ERRORS, err_path)) != XY_OK)
            return fail(s, rc);
        fprintf(out, "问题清单已写入 %s\n", err_path);
    }
    return job.rows_bad || job.error ? XY_EXIT_PARTIAL : XY_EXIT_OK;
}

/* A job id: a positive whole number, else -1. */
static int64_t job_id(const char *s)
{
    char *end;
    long long v;

    if (!s || !*s || strlen(s) > 18 || *s < '0' || *s > '9')
        return -1;
    v = strtoll(s, &end, 10);
    return *end || v <= 0 ? -1 : (int64_t)v;
}

static int screen_list(struct senv *s, int argc, char **argv)
{
    struct xy_screen_job *jobs;
    const char *limit_s = NULL;
    int nrest, r;
    char **rest = xy_arena_alloc(s->env->arena, (size_t)(argc + 1) * sizeof(*rest));
    const struct xy_opt opts[] = {{"limit", 1, &limit_s, NULL}};
    long limit = 50;
    size_t n;
    xy_code rc;

    if ((r = xy_opts_parse(s->cmd, argc, argv, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest)
        return xy_cli_usage(s->cmd, "screen list takes options only");
    if (limit_s && ((limit = strtol(limit_s, NULL, 10)) < 1 || limit > 500))
        return xy_cli_usage(s->cmd, "--limit is 1 to 500");
    if ((rc = xy_screen_list(&s->env->ctx, 0, (size_t)limit, s->env->arena, &jobs, &n, &s->err)) !=
        XY_OK)
        return fail(s, rc);
    {
        /* Chinese headings are two columns wide a character: pad by display width */
        static const struct {
            const char *text;
            int width;
        } head[] = {{"  编号", 8}, {"提交时间", 18}, {"状态", 10}, {"         进度", 15},
                    {"  问题", 8}, {"  命中", 8},    {"文件", 0}};
        for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
            xy_text_pad(s->env->out, head[i].text, head[i].width);
        fputc('\n', s->env->out);
    }
    for (size_t i = 0; i < n; i++) {
        char t[24], prog[32];
        xy_time_minutes_cst(jobs[i].submitted_at, t);
        snprintf(prog, sizeof(prog), "%lld/%lld", (long long)jobs[i].rows_done,
                 (long long)jobs[i].rows_total);
        fprintf(s->env->out, "%6lld  %-16s  ", (long long)jobs[i].id, t);
        xy_text_pad(s->env->out, state_zh(jobs[i].state), 10);
        fprintf(s->env->out, "%13s  %6lld  %6lld  %s\n", prog, (long long)jobs[i].rows_bad,
                (long long)jobs[i].hits, jobs[i].file_name);
    }
    if (!n)
        fputs("（还没有筛查任务）\n", s->env->out);
    return XY_EXIT_OK;
}

static int screen_show(struct senv *s, int argc, char **argv)
{
    struct xy_screen_job job;
    int64_t id;
    xy_code rc;

    if (argc != 1 || (id = job_id(argv[0])) < 0)
        return xy_cli_usage(s->cmd, "screen show takes one job number");
    if ((rc = xy_screen_get(&s->env->ctx, id, s->env->arena, &job, &s->err)) != XY_OK)
        return fail(s, rc);
    show_job(s->env->out, &job, s->env->ctx.scenarios);
    return XY_EXIT_OK;
}

int cmd_screen(struct xy_cmd_env *env)
{
    struct senv s = {env, xy_cli_command("screen"), {0}};

    if (env->argc < 1)
        return xy_cli_usage(s.cmd, "say run, list or show");
    if (!strcmp(env->argv[0], "run"))
        return screen_run(&s, env->argc - 1, env->argv + 1);
    if (!strcmp(env->argv[0], "list"))
        return screen_list(&s, env->argc - 1, env->argv + 1);
    if (!strcmp(env->argv[0], "show"))
        return screen_show(&s, env->argc - 1, env->argv + 1);
    return xy_cli_usage(s.cmd, "\"%s\" is not a screen subcommand (run, list, show)", env->argv[0]);
}
