/* cmd_query.c - `xinyong query CODE|NAME` (layer: cli) */
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "base/time.h"
#include "cli/cli.h"
#include "domain/mask.h"
#include "service/query.h"

/* ID numbers are shown masked on the console too: a screen is read over shoulders. */
static const char *shown(struct xy_arena *a, const struct xy_item *it, const char *code,
                         const char *value)
{
    int fi = it ? xy_item_field_by_header(it, code) : -1;
    if (fi >= 0 && it->fields[fi].type == XY_FT_IDNO)
        return xy_mask_idno(a, value);
    return value;
}

static const char *subject_code(struct xy_arena *a, const struct xy_subject *s)
{
    return s->code_type == XY_IDENT_IDCARD || s->code_type == XY_IDENT_OTHER_ID
               ? xy_mask_idno(a, s->code)
               : s->code;
}

static void print_text(struct xy_cmd_env *env, const struct xy_query_result *r)
{
    const struct xy_subject *s = r->subject;
    FILE *out = env->out;
    char when[21];

    fprintf(out, "%s\n", s->name ? s->name : "(无名称)");
    fprintf(out, "  主体类别  %s\n  %s  %s\n", xy_kind_zh(s->kind), xy_ident_type_zh(s->code_type),
            subject_code(env->arena, s));
    for (size_t i = 0; i < s->nidents; i++)
        if (s->idents[i].type != s->code_type)
            fprintf(out, "  %s  %s\n", xy_ident_type_zh(s->idents[i].type), s->idents[i].value);
    fprintf(out, "  信用记录  %zu 条\n", r->nrecords);
    for (int cat = 1; cat <= 11; cat++) {
        int header = 0;
        for (size_t i = 0; i < r->nrecords; i++) {
            const struct xy_record *rec = &r->records[i];
            const struct xy_item *it = xy_catalog_item(env->ctx.cat, rec->item);
            if ((it ? it->category : 11) != cat)
                continue;
            if (!header) {
                fprintf(out, "\n【%d %s】\n", cat, xy_category_zh(cat));
                header = 1;
            }
            fprintf(out, "\n  %s  %s  决定日期 %s%s\n", it ? it->name : rec->item, rec->key,
                    rec->decision_date ? rec->decision_date : "-",
                    rec->nversions > 1 ? "  (已更正，共多个版本)" : "");
            for (size_t k = 0; k < rec->nfields; k++) {
                int fi = it ? xy_item_field_by_header(it, rec->fields[k].code) : -1;
                fputs("    ", out);
                xy_text_pad(out, fi >= 0 ? it->fields[fi].name : rec->fields[k].code, 30);
                fprintf(out, " %s\n",
                        shown(env->arena, it, rec->fields[k].code, rec->fields[k].value));
            }
            xy_time_format(rec->received_at, when);
            fprintf(out, "    来源: %s %s，文件 %s 第%ld行，批次 %lld，接收于 %s，第%d版\n",
                    rec->dept_name, rec->dept_uscc, rec->file, rec->line, (long long)rec->batch_id,
                    when, rec->version);
        }
    }
}

static void print_json(struct xy_cmd_env *env, const struct xy_query_result *r)
{
    struct xy_buf b = XY_BUF_INIT;
    const struct xy_subject *s = r->subject;
    char when[21];

    xy_buf_adds(&b, "{\"subject\":{\"kind\":");
    xy_json_cstr(&b, xy_kind_id(s->kind));
    xy_buf_adds(&b, ",\"code_type\":");
    xy_json_cstr(&b, xy_ident_type_zh(s->code_type));
    xy_buf_adds(&b, ",\"code\":");
    xy_json_cstr(&b, subject_code(env->arena, s));
    xy_buf_adds(&b, ",\"name\":");
    xy_json_cstr(&b, s->name ? s->name : "");
    xy_buf_adds(&b, "},\"records\":[");
    for (size_t i = 0; i < r->nrecords; i++) {
        const struct xy_record *rec = &r->records[i];
        const struct xy_item *it = xy_catalog_item(env->ctx.cat, rec->item);
        if (i)
            xy_buf_addc(&b, ',');
        xy_buf_adds(&b, "{\"item\":");
        xy_json_cstr(&b, rec->item);
        xy_buf_printf(&b, ",\"category\":%d,\"key\":", it ? it->category : 0);
        xy_json_cstr(&b, rec->key);
        xy_buf_adds(&b, ",\"decision_date\":");
        xy_json_cstr(&b, rec->decision_date ? rec->decision_date : "");
        xy_buf_printf(&b, ",\"version\":%d,\"fields\":{", rec->version);
        for (size_t k = 0; k < rec->nfields; k++) {
            if (k)
                xy_buf_addc(&b, ',');
            xy_json_cstr(&b, rec->fields[k].code);
            xy_buf_addc(&b, ':');
            xy_json_cstr(&b, shown(env->arena, it, rec->fields[k].code, rec->fields[k].value));
        }
        xy_time_format(rec->received_at, when);
        xy_buf_adds(&b, "},\"provenance\":{\"department\":");
        xy_json_cstr(&b, rec->dept_uscc);
        xy_buf_adds(&b, ",\"file\":");
        xy_json_cstr(&b, rec->file ? rec->file : "");
        xy_buf_printf(&b, ",\"line\":%ld,\"batch\":%lld,\"received_at\":", rec->line,
                      (long long)rec->batch_id);
        xy_json_cstr(&b, when);
        xy_buf_adds(&b, "}}");
    }
    xy_buf_adds(&b, "]}\n");
    fputs(b.data, env->out);
    xy_buf_release(&b);
}

int cmd_query(struct xy_cmd_env *env)
{
    const struct xy_command *cmd = xy_cli_command("query");
    struct xy_query_result r;
    struct xy_err err = {0};
    int json = 0, nrest, rcode;
    char *rest[4];
    const char *purpose = "本机运维查询";
    xy_code rc;
    const struct xy_opt opts[] = {{"json", 0, NULL, &json}, {"purpose", 1, &purpose, NULL}};

    if (env->argc > 6)
        return xy_cli_usage(cmd, "give one code or name (quote a name with spaces)");
    if ((rcode = xy_opts_parse(cmd, env->argc, env->argv, opts, 2, rest, &nrest)) != 0)
        return rcode;
    if (nrest != 1)
        return xy_cli_usage(cmd, "give one code or name");
    rc = xy_query(&env->ctx, rest[0], purpose, 20, env->arena, &r, &err);
    if (rc != XY_OK) {
        xy_cli_error(&err);
        return xy_exit_for(rc);
    }
    if (r.nmatches) {
        fprintf(env->out, "有 %zu 个主体名称包含该内容%s，请用代码查询其中之一：\n", r.nmatches,
                r.nmatches == 20 ? "（仅列出前20个）" : "");
        for (size_t i = 0; i < r.nmatches; i++)
            fprintf(env->out, "  %s  %s  %s\n", subject_code(env->arena, &r.matches[i]),
                    xy_kind_zh(r.matches[i].kind), r.matches[i].name ? r.matches[i].name : "");
        return XY_EXIT_OK;
    }
    if (json)
        print_json(env, &r);
    else
        print_text(env, &r);
    return XY_EXIT_OK;
}
