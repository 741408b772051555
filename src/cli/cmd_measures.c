/* cmd_measures.c - `xinyong measures list [--list ITEM] [--scenario CODE] [--dept NAME]
 * [--json] | check FILE | export [--format csv|xlsx] FILE | import FILE [--dry-run]
 * [--format csv|xlsx] | history SEQ [--json]` (layer: cli)
 *
 * The command loads the catalogue, scenarios and measures itself (CMD_NO_CATALOG) so that
 * `check` still runs when the configured measures file has a mistake: that is when a clerk
 * needs it. The database is the catalogue (service/measures_admin.h): `list` reads it when
 * there is a database, else the file as start-up does; export, import and history work on the
 * database, through the same service functions as the console.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "cli/cli.h"
#include "domain/measures.h"
#include "service/catalog_load.h"
#include "service/measures_admin.h"

static void print_list_refs(FILE *out, const struct xy_catalog *cat, const struct xy_measure *m)
{
    for (size_t i = 0; i < m->nlists; i++) {
        const struct xy_item *it = xy_catalog_item(cat, m->lists[i].item);
        fprintf(out, "%s%s（%s%s%s）", i ? "、" : "", m->lists[i].item, it ? it->name : "?",
                m->lists[i].name ? "：" : "", m->lists[i].name ? m->lists[i].name : "");
    }
}

static void print_text(FILE *out, const struct xy_catalog *cat, const struct xy_scenarios *sc,
                       const struct xy_measure *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct xy_measure *m = v[i];
        fprintf(out, "%ld  %s  [%s·%s]\n", m->seq, m->matter, xy_measure_kind_zh(m->kind),
                xy_measure_level_zh(m->level));
        fprintf(out, "  内容      %s\n  对象      %s\n  名单类型  ", m->content, m->target);
        print_list_refs(out, cat, m);
        fputs("\n  应用场景  ", out);
        for (size_t k = 0; k < m->nscenarios; k++) {
            const struct xy_scenario *s = xy_scenario_find(sc, m->scenarios[k]);
            fprintf(out, "%s%s（%s）", k ? "、" : "", s ? s->name : "?", m->scenarios[k]);
        }
        fputs("\n  实施部门  ", out);
        if (m->all_depts)
            fputs("各相关部门", out);
        for (size_t k = 0; k < m->ndepts; k++)
            fprintf(out, "%s%s", k ? "、" : "", m->depts[k]);
        fprintf(out, "\n  政策依据  %s\n  实施层级  %s；实施频次 %s\n", m->basis, m->tier,
                m->frequency);
        if (m->note)
            fprintf(out, "  备注      %s\n", m->note);
        fputc('\n', out);
    }
    fprintf(out, "共 %zu 条措施\n", n);
}

static void write_json(FILE *out, const struct xy_measure *const *v, size_t n)
{
    struct xy_buf b = XY_BUF_INIT;
    struct xy_jw w;

    xy_jw_init(&w, &b);
    xy_jw_obj(&w);
    xy_jw_kint(&w, "count", (long long)n);
    xy_jw_key(&w, "measures");
    xy_jw_arr(&w);
    for (size_t i = 0; i < n; i++) {
        const struct xy_measure *m = v[i];
        xy_jw_obj(&w);
        xy_jw_kint(&w, "seq", m->seq);
        xy_jw_kint(&w, "line", m->line);
        xy_jw_kstr(&w, "matter", m->matter);
        xy_jw_kstr(&w, "content", m->content);
        xy_jw_kstr(&w, "target", m->target);
        xy_jw_kstr(&w, "basis", m->basis);
        xy_jw_kstr(&w, "tier", m->tier);
        xy_jw_kstr(&w, "frequency", m->frequency);
        xy_jw_kstr(&w, "kind", m->kind == XY_MEASURE_PUNISH ? "punish" : "reward");
        xy_jw_kstr(&w, "level", xy_measure_level_zh(m->level));
        xy_jw_key(&w, "lists");
        xy_jw_arr(&w);
        for (size_t k = 0; k < m->nlists; k++) {
            xy_jw_obj(&w);
            xy_jw_kstr(&w, "item", m->lists[k].item);
            xy_jw_kstr(&w, "name", m->lists[k].name);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        xy_jw_key(&w, "scenarios");
        xy_jw_arr(&w);
        for (size_t k = 0; k < m->nscenarios; k++)
            xy_jw_str(&w, m->scenarios[k]);
        xy_jw_end(&w);
        xy_jw_kbool(&w, "all_depts", m->all_depts);
        xy_jw_key(&w, "depts");
        xy_jw_arr(&w);
        for (size_t k = 0; k < m->ndepts; k++)
            xy_jw_str(&w, m->depts[k]);
        xy_jw_end(&w);
        xy_jw_kstr(&w, "note", m->note);
        xy_jw_end(&w);
    }
    xy_jw_end(&w);
    xy_jw_end(&w);
    fwrite(b.data, 1, b.len, out);
    fputc('\n', out);
    xy_buf_release(&b);
}

static int do_list(struct xy_cmd_env *env, const struct xy_command *cmd,
                   const struct xy_catalog *cat)
{
    const char *list = NULL, *scenario = NULL, *dept = NULL;
    int json = 0, nrest = 0;
    char **rest = xy_arena_alloc(env->arena, (size_t)env->argc * sizeof(*rest));
    const struct xy_opt opts[] = {
        {"list", 1, &list, NULL},
        {"scenario", 1, &scenario, NULL},
        {"dept", 1, &dept, NULL},
        {"json", 0, NULL, &json},
    };
    struct xy_scenarios *sc = NULL;
    struct xy_measures *ms = NULL;
    const struct xy_measure **v;
    struct xy_err err = {0};
    char item[64], *name = NULL;
    size_t n;
    int rc;

    rc = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, sizeof(opts) / sizeof(opts[0]),
                       rest, &nrest);
    if (rc != XY_EXIT_OK)
        return rc;
    if (nrest)
        return xy_cli_usage(cmd, "list takes no arguments besides its options");
    if (list) { /* ITEM or ITEM:名单名称 (hmd:A级纳税人) */
        const char *colon = strchr(list, ':');
        size_t len = colon ? (size_t)(colon - list) : strlen(list);
        if (len == 0 || len >= sizeof(item))
            return xy_cli_usage(cmd, "--list takes ITEM or ITEM:名单名称");
        memcpy(item, list, len);
        item[len] = '\0';
        if (colon)
            name = xy_arena_strdup(env->arena, colon + 1);
    }
    if (access(env->cfg.db, F_OK) == 0) { /* the database is the catalogue */
        const struct xy_measures *live;
        if ((rc = xy_cli_open_store(env)) != XY_EXIT_OK)
            return rc;
        if (!(live = xy_ctx_measures(&env->ctx, &err))) {
            xy_cli_error(&err);
            return xy_exit_for(err.code);
        }
        cat = env->ctx.cat;
        rc = xy_measures_for(cat, live, list ? item : NULL, name, scenario, dept, env->arena, &v,
                             &n, &err);
        sc = env->ctx.scenarios;
    } else {
        if ((rc = xy_measures_load(cat, env->cfg.scenarios_file, env->cfg.measures_file, &sc, &ms,
                                   &err)) != XY_OK) {
            xy_cli_error(&err);
            return xy_exit_for(rc);
        }
        rc = xy_measures_for(cat, ms, list ? item : NULL, name, scenario, dept, env->arena, &v, &n,
                             &err);
    }
    if (rc != XY_OK) {
        xy_cli_error(&err);
        rc = xy_exit_for(rc);
    } else {
        if (json)
            write_json(env->out, v, n);
        else
            print_text(env->out, cat, sc, v, n);
        rc = XY_EXIT_OK;
    }
    if (ms) { /* read from the files here; else the ctx's */
        xy_measures_free(ms);
        xy_scenarios_free(sc);
    }
    return rc;
}

static int do_check(struct xy_cmd_env *env, const char *path, const struct xy_catalog *cat)
{
    struct xy_scenarios *sc = NULL;
    struct xy_measures *ms = NULL;
    struct xy_err err = {0};
    xy_code rc;
    int exit_code;

    /* the scenarios come from the configured file: check FILE is about the measures */
    if ((rc = xy_scenarios_load(env->cfg.scenarios_file, &sc, &err)) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    if ((rc = xy_measures_read(cat, sc, path, &ms, &err)) != XY_OK) {
        xy_cli_error(&err);
        xy_scenarios_free(sc);
        return xy_exit_for(rc);
    }
    for (size_t i = 0; i < ms->nproblems; i++)
        fprintf(env->out, "%s\n", ms->problems[i].msg);
    if (ms->nproblems_total > ms->nproblems)
        fprintf(env->out, "……另有 %zu 处问题未列出\n", ms->nproblems_total - ms->nproblems);
    fprintf(env->out, "%zu 条措施有效，%zu 处问题\n", ms->nrows, ms->nproblems_total);
    exit_code = ms->nproblems_total ? XY_EXIT_REFUSED : XY_EXIT_OK;
    xy_measures_free(ms);
    xy_scenarios_free(sc);
    return exit_code;
}

/* --format csv|xlsx, else what the file name says. */
static int sheet_format(const struct xy_command *cmd, const char *format, const char *path,
                        enum xy_sheet_format *out)
{
    if (format && strcmp(format, "csv") && strcmp(format, "xlsx"))
        return xy_cli_usage(cmd, "--format takes csv or xlsx");
    *out = xy_sheet_format_of(format, path);
    return XY_EXIT_OK;
}

static int do_export(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    const char *format = NULL;
    char **rest = xy_arena_alloc(env->arena, (size_t)env->argc * sizeof(*rest));
    const struct xy_opt opts[] = {{"format", 1, &format, NULL}};
    enum xy_sheet_format f;
    struct xy_err err = {0};
    int nrest = 0, rc;

    rc = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 1, rest, &nrest);
    if (rc != XY_EXIT_OK)
        return rc;
    if (nrest != 1)
        return xy_cli_usage(cmd, "export takes one FILE");
    if ((rc = sheet_format(cmd, format, rest[0], &f)) != XY_EXIT_OK ||
        (rc = xy_cli_open_store(env)) != XY_EXIT_OK)
        return rc;
    if (xy_measures_export(&env->ctx, f, rest[0], &err) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(err.code);
    }
    fprintf(env->out, "措施清单已导出到 %s（%s）\n", rest[0], f == XY_SHEET_XLSX ? "xlsx" : "CSV");
    return XY_EXIT_OK;
}

static const char *action_zh(const char *action)
{
    return !strcmp(action, "new") ? "新增" : !strcmp(action, "restored") ? "恢复" : "修改";
}

static int do_import(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    const char *format = NULL;
    char **rest = xy_arena_alloc(env->arena, (size_t)env->argc * sizeof(*rest));
    int dry = 0, nrest = 0, rc;
    const struct xy_opt opts[] = {{"format", 1, &format, NULL}, {"dry-run", 0, NULL, &dry}};
    struct xy_measure_import r;
    enum xy_sheet_format f;
    struct xy_err err = {0};

    rc = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 2, rest, &nrest);
    if (rc != XY_EXIT_OK)
        return rc;
    if (nrest != 1)
        return xy_cli_usage(cmd, "import takes one FILE");
    if ((rc = sheet_format(cmd, format, rest[0], &f)) != XY_EXIT_OK ||
        (rc = xy_cli_open_store(env)) != XY_EXIT_OK)
        return rc;
    if (xy_measures_import(&env->ctx, rest[0], NULL, f, dry, env->arena, &r, &err) != XY_OK) {
        xy_cli_error(&err);
        return err.code == XY_INVALID || err.code == XY_TOO_LARGE ? XY_EXIT_REFUSED
                                                                  : xy_exit_for(err.code);
    }
    for (size_t i = 0; i < r.nchanges; i++) {
        const struct xy_measure_change *c = &r.changes[i];
        fprintf(env->out, "%s序号 %ld：%s", action_zh(c->action), c->seq, c->matter);
        for (size_t k = 0; k < c->ncolumns; k++)
            fprintf(env->out, "%s%s", k ? "、" : "（改了 ", c->columns[k]);
        fputs(c->ncolumns ? "）\n" : "\n", env->out);
    }
    for (size_t i = 0; i < r.nproblems; i++)
        fprintf(env->out, "%s\n", r.problems[i].message);
    if (r.bad > r.nproblems)
        fprintf(env->out, "……另有 %zu 处问题未列出\n", r.bad - r.nproblems);
    fprintf(env->out, "%s%zu 行：新增 %zu，修改 %zu，恢复 %zu，未变 %zu，有问题 %zu\n",
            dry ? "试导入（未写入）" : "已导入", r.rows, r.added, r.updated, r.restored,
            r.unchanged, r.bad);
    return r.bad ? XY_EXIT_PARTIAL : XY_EXIT_OK;
}

static int do_history(struct xy_cmd_env *env, const struct xy_command *cmd)
{
    char **rest = xy_arena_alloc(env->arena, (size_t)env->argc * sizeof(*rest));
    int json = 0, nrest = 0, rc;
    const struct xy_opt opts[] = {{"json", 0, NULL, &json}};
    struct xy_measure_entry *v;
    struct xy_err err = {0};
    char *end;
    size_t n;
    long seq;

    rc = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 1, rest, &nrest);
    if (rc != XY_EXIT_OK)
        return rc;
    if (nrest != 1)
        return xy_cli_usage(cmd, "history takes one SEQ (序号)");
    seq = strtol(rest[0], &end, 10);
    if (*end || seq < 1 || seq > 999999)
        return xy_cli_usage(cmd, "SEQ is a 序号 from 1 to 999999");
    if ((rc = xy_cli_open_store(env)) != XY_EXIT_OK)
        return rc;
    if (xy_measure_history(&env->ctx, seq, env->arena, &v, &n, &err) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(err.code);
    }
    if (json) {
        struct xy_buf b = XY_BUF_INIT;
        struct xy_jw w;
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_kint(&w, "seq", seq);
        xy_jw_key(&w, "versions");
        xy_jw_arr(&w);
        for (size_t i = 0; i < n; i++) {
            xy_jw_obj(&w);
            xy_jw_kint(&w, "version", v[i].version);
            xy_jw_kint(&w, "edited_at_ms", v[i].edited_at);
            xy_jw_kstr(&w, "edited_by", v[i].edited_by);
            xy_jw_kstr(&w, "reason", v[i].reason);
            xy_jw_kbool(&w, "withdrawn", v[i].deleted);
            xy_jw_key(&w, "changed");
            xy_jw_arr(&w);
            for (size_t k = 0; k < v[i].nchanged; k++)
                xy_jw_str(&w, v[i].changed[k]);
            xy_jw_end(&w);
            xy_jw_key(&w, "row");
            xy_jw_obj(&w);
            for (int k = 0; k < XY_MEASURE_NCOLS; k++)
                xy_jw_kstr(&w, xy_measure_json_key(k), v[i].cells[k]);
            xy_jw_end(&w);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        xy_jw_end(&w);
        fwrite(b.data, 1, b.len, env->out);
        fputc('\n', env->out);
        xy_buf_release(&b);
        return XY_EXIT_OK;
    }
    for (size_t i = 0; i < n; i++) {
        char when[24];
        xy_time_minutes_cst(v[i].edited_at, when); /* unix ms, as the clerk's clock shows it */
        fprintf(env->out, "版本 %lld  %s  %s  %s%s\n  原因：%s\n", (long long)v[i].version, when,
                v[i].edited_by,
                v[i].deleted ? "撤回"
                : i == 0     ? "新建"
                             : "修改",
                v[i].problem ? "（现不符合规则）" : "", v[i].reason);
        if (i && v[i].nchanged) {
            fputs("  改动：", env->out);
            for (size_t k = 0; k < v[i].nchanged; k++) {
                int col = xy_measure_column_of(v[i].changed[k]);
                fprintf(env->out, "%s%s “%s” → “%s”", k ? "；" : "", v[i].changed[k],
                        v[i - 1].cells[col], v[i].cells[col]);
            }
            fputc('\n', env->out);
        } else if (i == 0) {
            fprintf(env->out, "  事项：%s\n", v[i].cells[1]);
        }
    }
    fprintf(env->out, "序号 %ld 共 %zu 个版本\n", seq, n);
    return XY_EXIT_OK;
}

int cmd_measures(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("measures");
    struct xy_catalog *cat = NULL;
    struct xy_err err = {0};
    xy_code rc;
    int exit_code;

    if (env->argc >= 1 && !strcmp(env->argv[0], "export"))
        return do_export(env, cmd);
    if (env->argc >= 1 && !strcmp(env->argv[0], "import"))
        return do_import(env, cmd);
    if (env->argc >= 1 && !strcmp(env->argv[0], "history"))
        return do_history(env, cmd);
    if (env->argc < 1 || (strcmp(env->argv[0], "list") && strcmp(env->argv[0], "check")))
        return xy_cli_usage(cmd, "say list, check FILE, export FILE, import FILE or history SEQ");
    if (!strcmp(env->argv[0], "check") && env->argc != 2)
        return xy_cli_usage(cmd, "check takes one FILE");
    if ((rc = xy_catalog_load_dir(env->cfg.catalog_dir, &cat, &err)) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    if (!strcmp(env->argv[0], "list"))
        exit_code = do_list(env, cmd, cat);
    else
        exit_code = do_check(env, env->argv[1], cat);
    xy_catalog_free(cat);
    return exit_code;
}
