/* cmd_measures.c - `xinyong measures list [--list ITEM] [--scenario CODE] [--dept NAME]
 * [--json] | check FILE` (layer: cli)
 *
 * The command loads the catalogue, scenarios and measures itself (CMD_NO_CATALOG) so that
 * `check` still runs when the configured measures file has a mistake: that is when a clerk
 * needs it. `list` loads them exactly as start-up does. Excel import and export and editing in
 * the console (with history) are later sessions (issue 6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "cli/cli.h"
#include "domain/measures.h"
#include "service/catalog_load.h"

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
    if ((rc = xy_measures_load(cat, env->cfg.scenarios_file, env->cfg.measures_file, &sc, &ms,
                               &err)) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    rc = xy_measures_for(cat, ms, list ? item : NULL, name, scenario, dept, env->arena, &v, &n,
                         &err);
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
    xy_measures_free(ms);
    xy_scenarios_free(sc);
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

int cmd_measures(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("measures");
    struct xy_catalog *cat = NULL;
    struct xy_err err = {0};
    xy_code rc;
    int exit_code;

    if (env->argc < 1 || (strcmp(env->argv[0], "list") && strcmp(env->argv[0], "check")))
        return xy_cli_usage(cmd, "say list or check FILE");
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
