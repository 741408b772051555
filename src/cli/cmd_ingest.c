/* cmd_ingest.c - `xinyong ingest --dept USCC --item ITEM FILE...` (layer: cli) */
#include <string.h>

#include "cli/cli.h"
#include "service/ingest.h"

static void bar(void *ctx, const struct xy_ingest_progress *p)
{
    double frac = p->total_bytes ? (double)p->bytes / (double)p->total_bytes : 0;
    double rate = p->elapsed_s > 0 ? p->rows / p->elapsed_s : 0;
    double eta = frac > 0.001 ? p->elapsed_s * (1 - frac) / frac : 0;
    char fill[31];
    int k = (int)(frac * 30);

    (void)ctx;
    for (int i = 0; i < 30; i++)
        fill[i] = i < k ? '#' : '.';
    fill[30] = '\0';
    fprintf(stderr, "\r[%s] %3.0f%%  %ld 行  %.0f 行/秒  剩余约 %.0f 秒  ", fill, frac * 100,
            p->rows, rate, eta);
    fflush(stderr);
}

static void summary(FILE *out, const char *path, const struct xy_ingest_result *r)
{
    fprintf(out, "%s（%s）\n", path, xy_encoding_name(r->encoding));
    fprintf(out, "  行数 %lld：入库 %lld，拒收 %lld（其中重复 %ld），警告 %lld\n",
            (long long)r->c.rows, (long long)r->c.accepted, (long long)r->c.rejected, r->duplicates,
            (long long)r->c.warnings);
    fprintf(out,
            "  新记录 %lld，新版本 %lld，未变化 %lld，新主体 %lld；用时 %.2f 秒（%.0f 行/秒）\n",
            (long long)r->c.new_records, (long long)r->c.new_versions, (long long)r->c.unchanged,
            (long long)r->c.new_subjects, r->elapsed_s,
            r->elapsed_s > 0 ? r->c.rows / r->elapsed_s : 0.0);
    if (r->report[0])
        fprintf(out, "  问题清单（%ld 条）：%s\n", r->issues, r->report);
    if (r->search_not_optimized)
        fprintf(
            out,
            "  [search.not_optimized] 名称检索索引未能合并：记录已全部入库，名称查询可能变慢\n");
}

static int severity(int exit_code)
{
    switch (exit_code) {
    case XY_EXIT_OK:
        return 0;
    case XY_EXIT_PARTIAL:
        return 1;
    case XY_EXIT_REFUSED:
        return 2;
    default:
        return 3;
    }
}

int cmd_ingest(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("ingest");
    const char *dept = NULL, *item = NULL, *encoding = "auto", *format = NULL, *report = NULL;
    int quiet = 0, nrest, r, worst = XY_EXIT_OK, enc;
    char **rest = xy_arena_alloc(env->arena, (size_t)(env->argc + 1) * sizeof(char *));
    const struct xy_opt opts[] = {
        {"dept", 1, &dept, NULL},         {"item", 1, &item, NULL},
        {"encoding", 1, &encoding, NULL}, {"format", 1, &format, NULL},
        {"report", 1, &report, NULL},     {"quiet", 0, NULL, &quiet},
    };

    if ((r = xy_opts_parse(cmd, env->argc, env->argv, opts, 6, rest, &nrest)) != 0)
        return r;
    if (!dept || !item)
        return xy_cli_usage(cmd, "--dept and --item are required");
    if (nrest == 0)
        return xy_cli_usage(cmd, "name at least one FILE");
    if ((enc = xy_encoding_parse(encoding)) < 0)
        return xy_cli_usage(cmd, "--encoding must be auto, utf-8 or gb18030, not \"%s\"", encoding);
    if (format && strcmp(format, "csv") && strcmp(format, "jsonl"))
        return xy_cli_usage(cmd, "--format must be csv or jsonl, not \"%s\"", format);
    if (report && nrest > 1)
        return xy_cli_usage(cmd, "--report names one file's report; give one FILE");
    for (int i = 0; i < nrest; i++) {
        struct xy_ingest_opts o = {
            .dept = dept,
            .item = item,
            .path = rest[i],
            .encoding = (enum xy_encoding)enc,
            .format = format,
            .report_path = report,
            .progress = (!quiet && env->is_tty) ? bar : NULL,
        };
        struct xy_ingest_result res;
        struct xy_err err = {0};
        xy_code rc = xy_ingest_file(&env->ctx, &o, &res, &err);
        int code;

        if (o.progress)
            fputs("\r\033[K", stderr);
        if (rc != XY_OK) {
            xy_cli_error_id(&err, res.file_error);
            if (res.report[0])
                fprintf(stderr, "  问题清单：%s\n", res.report);
            code = xy_exit_for(rc);
        } else {
            summary(env->out, rest[i], &res);
            code = res.c.rejected ? XY_EXIT_PARTIAL : XY_EXIT_OK;
        }
        /* the most serious outcome decides: error > refused > partial > ok; a file or
         * department that is not there is a refusal of that file */
        if (code == XY_EXIT_NOT_FOUND)
            code = XY_EXIT_REFUSED;
        if (severity(code) > severity(worst))
            worst = code;
    }
    return worst;
}
