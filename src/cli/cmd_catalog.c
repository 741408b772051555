/* cmd_catalog.c - `xinyong catalog list | show ITEM` (layer: cli) */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/catalog.h"

static const char *required_text(const struct xy_field *f)
{
    switch (f->required.op) {
    case XY_COND_ALWAYS:
        return "必填";
    case XY_COND_NEVER:
        return "选填";
    default:
        return f->required.text; /* "if XDR_LB = 自然人" */
    }
}

static void show_item(FILE *out, const struct xy_item *it)
{
    fprintf(out, "%s  %s\n", it->id, it->name);
    fprintf(out, "  目录类别    %d %s\n", it->category, xy_category_zh(it->category));
    fprintf(out, "  公开属性    %s\n", xy_openness_zh(it->openness));
    fprintf(out, "  信息性质    %s\n", it->negative ? "失信（负面）信息" : "非负面信息");
    fprintf(out, "  公示规则    %s%s%s\n", it->publicity, it->publicity_note ? "：" : "",
            it->publicity_note ? it->publicity_note : "");
    fprintf(out, "  修复规则    %s\n", it->repair);
    if (it->legal_basis)
        fprintf(out, "  法律依据    %s\n", it->legal_basis);
    if (xy_item_list_kind(it) != XY_LIST_NONE) {
        const struct xy_field *nf = xy_item_list_name_field(it);
        int months = xy_item_list_duration_months(it);
        fprintf(out, "  名单类型    %s，发布部门：%s\n", xy_list_kind_zh(xy_item_list_kind(it)),
                xy_item_list_issuer(it));
        if (months)
            fprintf(out, "  默认期限    %d 个月\n", months);
        else
            fprintf(out, "  默认期限    至移出或有效期届满\n");
        if (xy_item_list_needs_second_approval(it))
            fprintf(out, "  列入审核    须经第二人审核后公示\n");
        if (nf)
            fprintf(out, "  名单名称    见字段 %s（%s）\n", nf->code, nf->name);
    }
    fprintf(out, "  报送部门    ");
    for (size_t i = 0; i < it->nproviders; i++)
        fprintf(out, "%s%s", i ? ", " : "",
                strcmp(it->providers[i], "*") ? it->providers[i] : "已分配该信息项的任一部门");
    fprintf(out, "\n  来源文件    %s\n\n", it->source);
    fprintf(out, "  %-12s %-28s %-8s %-34s %s\n", "字段代码", "字段名称", "类型", "是否必填",
            "说明");
    for (size_t i = 0; i < it->nfields; i++) {
        const struct xy_field *f = &it->fields[i];
        fprintf(out, "  %-12s %-28s %-8s %-34s", f->code, f->name, xy_field_type_name(f->type),
                required_text(f));
        if (f->key_part)
            fprintf(out, " 业务主键;");
        if (f->max_chars)
            fprintf(out, " 最多%zu字;", f->max_chars);
        if (f->nvalues) {
            fprintf(out, " 取值%s:", f->multi ? "(可多选,以;分隔)" : "");
            for (size_t k = 0; k < f->nvalues; k++)
                fprintf(out, "%s%s", k ? "/" : " ", f->values[k]);
            fputc(';', out);
        }
        if (f->naliases) {
            fprintf(out, " 别名:");
            for (size_t k = 0; k < f->naliases; k++)
                fprintf(out, " %s", f->aliases[k]);
            fputc(';', out);
        }
        if (f->help)
            fprintf(out, " %s", f->help);
        fputc('\n', out);
    }
}

int cmd_catalog(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("catalog");
    const struct xy_catalog *cat = env->ctx.cat;
    const struct xy_item *it;

    if (env->argc < 1)
        return xy_cli_usage(cmd, "say list or show ITEM");
    if (!strcmp(env->argv[0], "list") && env->argc == 1) {
        xy_text_pad(env->out, "id", 9);
        xy_text_pad(env->out, "名称", 18);
        xy_text_pad(env->out, "目录类别", 30);
        fputs("公开属性\n", env->out);
        for (size_t i = 0; i < cat->nitems; i++) {
            char category[96];
            it = cat->items[i];
            snprintf(category, sizeof(category), "%d %s", it->category,
                     xy_category_zh(it->category));
            xy_text_pad(env->out, it->id, 9);
            xy_text_pad(env->out, it->name, 18);
            xy_text_pad(env->out, category, 30);
            fprintf(env->out, "%s\n", xy_openness_zh(it->openness));
        }
        return XY_EXIT_OK;
    }
    if (!strcmp(env->argv[0], "show") && env->argc == 2) {
        it = xy_catalog_item(cat, env->argv[1]);
        if (!it) {
            fprintf(stderr,
                    "xinyong: catalogue item \"%s\" does not exist (see `xinyong catalog list`)\n",
                    env->argv[1]);
            return XY_EXIT_NOT_FOUND;
        }
        show_item(env->out, it);
        return XY_EXIT_OK;
    }
    return xy_cli_usage(cmd, "say list or show ITEM");
}
