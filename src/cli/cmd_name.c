/* cmd_name.c - `xinyong name key NAME | match A B`: how a subject name is normalised and how two
 * names score, with the reasons a clerk reads (layer: cli) */
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "cli/cli.h"
#include "domain/names.h"
#include "service/t2s.h"

static const char *flags_zh(unsigned flags, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s%s%s%s", flags & XY_NAME_WIDTH ? " 全角转半角" : "",
             flags & XY_NAME_T2S ? " 繁体转简体" : "", flags & XY_NAME_PUNCT ? " 去除标点空格" : "",
             flags ? "" : " （无）");
    return buf + 1;
}

static void key_text(FILE *out, const struct xy_name_key *k)
{
    char block[XY_NAME_BLOCK_BYTES], conv[96];

    xy_name_block(k, block);
    fprintf(out, "规范化名称：%s\n", k->folded);
    fprintf(out, "核心名称：%s\n", k->core);
    fprintf(out, "地区：%s\n", *k->region_zh ? k->region_zh : "（无）");
    fprintf(out, "组织形式：%s\n", *k->form ? k->form : "（无）");
    if (*k->branch_marker)
        fprintf(out, "分支机构：%s%s\n", k->branch, k->branch_marker);
    else
        fprintf(out, "分支机构：（无，总机构）\n");
    fprintf(out, "数字：");
    for (int i = 0; i < k->nnumbers; i++)
        fprintf(out, "%s%s", i ? "、" : "", k->numbers[i]);
    fprintf(out, "%s\n", k->nnumbers ? "" : "（无）");
    fprintf(out, "分块键：%s\n", block);
    fprintf(out, "转换：%s\n", flags_zh(k->flags, conv, sizeof(conv)));
}

static void key_json(struct xy_jw *w, const struct xy_name_key *k)
{
    char block[XY_NAME_BLOCK_BYTES];

    xy_name_block(k, block);
    xy_jw_obj(w);
    xy_jw_kstr(w, "folded", k->folded);
    xy_jw_kstr(w, "core", k->core);
    xy_jw_kstr(w, "region", k->region_zh);
    xy_jw_kstr(w, "form", k->form);
    xy_jw_kstr(w, "branch", k->branch);
    xy_jw_kstr(w, "branch_marker", k->branch_marker);
    xy_jw_key(w, "numbers");
    xy_jw_arr(w);
    for (int i = 0; i < k->nnumbers; i++)
        xy_jw_str(w, k->numbers[i]);
    xy_jw_end(w);
    xy_jw_kstr(w, "block", block);
    xy_jw_kbool(w, "width_folded", (k->flags & XY_NAME_WIDTH) != 0);
    xy_jw_kbool(w, "t2s_converted", (k->flags & XY_NAME_T2S) != 0);
    xy_jw_end(w);
}

int cmd_name(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("name");
    struct xy_err err = {0};
    struct xy_t2s *t2s = NULL;
    struct xy_name_t2s conv;
    struct xy_name_key k[2];
    struct xy_buf b = XY_BUF_INIT;
    struct xy_jw w;
    char *rest[3];
    int nrest, json = 0, r, want, code = XY_EXIT_OK;
    xy_code rc;
    const struct xy_opt opts[] = {{"json", 0, NULL, &json}};

    if (env->argc < 1)
        return xy_cli_usage(cmd, "say key NAME or match NAME NAME");
    if (!strcmp(env->argv[0], "key"))
        want = 1;
    else if (!strcmp(env->argv[0], "match"))
        want = 2;
    else
        return xy_cli_usage(cmd, "say key NAME or match NAME NAME, not \"%s\"", env->argv[0]);
    if (env->argc > 4)
        return xy_cli_usage(cmd, "too many arguments");
    if ((r = xy_opts_parse(cmd, env->argc - 1, env->argv + 1, opts, 1, rest, &nrest)) != 0)
        return r;
    if (nrest != want)
        return xy_cli_usage(cmd, want == 1 ? "say key NAME" : "say match NAME NAME");
    if ((rc = xy_t2s_open(NULL, &t2s, &err)) != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    conv = xy_t2s_converter(t2s);
    for (int i = 0; i < want; i++) {
        if ((rc = xy_name_key_make(rest[i], &conv, env->arena, &k[i], &err)) != XY_OK) {
            if (want == 2)
                xy_err_prefix(&err, "第 %d 个名称：", i + 1);
            xy_cli_error(&err);
            code = xy_exit_for(rc);
            goto out;
        }
    }
    if (want == 1) {
        if (!json) {
            key_text(env->out, &k[0]);
            goto out;
        }
        xy_jw_init(&w, &b);
        key_json(&w, &k[0]);
    } else {
        struct xy_name_match m;
        xy_name_match(&k[0], &k[1], &m);
        if (!json) {
            fprintf(env->out, "得分：%d（%s）\n", m.score,
                    m.score >= XY_NAME_SCORE_HIT ? "可能是同一主体，请人工核对" : "不视为同一主体");
            for (int i = 0; i < m.nreasons; i++)
                fprintf(env->out, "  [%s] %s\n", m.reasons[i].id, m.reasons[i].zh);
            goto out;
        }
        xy_jw_init(&w, &b);
        xy_jw_obj(&w);
        xy_jw_kint(&w, "score", m.score);
        xy_jw_kbool(&w, "hit", m.score >= XY_NAME_SCORE_HIT);
        xy_jw_key(&w, "reasons");
        xy_jw_arr(&w);
        for (int i = 0; i < m.nreasons; i++) {
            xy_jw_obj(&w);
            xy_jw_kstr(&w, "id", m.reasons[i].id);
            xy_jw_kstr(&w, "zh", m.reasons[i].zh);
            xy_jw_end(&w);
        }
        xy_jw_end(&w);
        xy_jw_key(&w, "a");
        key_json(&w, &k[0]);
        xy_jw_key(&w, "b");
        key_json(&w, &k[1]);
        xy_jw_end(&w);
    }
    fprintf(env->out, "%s\n", b.data);
out:
    xy_buf_release(&b);
    xy_t2s_free(t2s);
    return code;
}
