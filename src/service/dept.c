/* dept.c - source departments (layer: service) */
#include "service/dept.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "service/audit.h"

xy_code xy_dept_add(struct xy_ctx *ctx, const char *uscc, const char *name, const char *items,
                    struct xy_arena *a, struct xy_err *err)
{
    struct xy_dept d = {0};
    struct xy_audit_event ev = {.action = "dept.put", .result = "ok"};
    struct xy_code_check chk;
    char code[XY_USCC_LEN + 1];
    const char *list[64];
    size_t n = 0;
    char *copy = xy_arena_strdup(a, items), *save = NULL, *tok;
    xy_code rc;

    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK)
        return rc;
    xy_uscc_check(uscc, code, &chk);
    if (chk.level == XY_CHECK_ERROR)
        return xy_err_set(err, XY_INVALID, "部门代码“%s”无效：%s", uscc, chk.zh);
    if (!*name)
        return xy_err_set(err, XY_INVALID, "请给出部门名称");
    for (tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
        const struct xy_item *it;
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        if (n == 64)
            return xy_err_set(err, XY_TOO_LARGE, "一个部门最多登记64个信息项");
        it = xy_catalog_item(ctx->cat, tok);
        if (!it)
            return xy_err_set(err, XY_NOT_FOUND,
                              "目录中没有信息项“%s”（可用 xinyong catalog list 查看）", tok);
        if (!xy_item_may_provide(it, code))
            return xy_err_set(err, XY_DENIED,
                              "信息项“%s”（%s）规定了报送部门，%s 不在其中（一数一源）", it->id,
                              it->name, code);
        list[n++] = it->id;
    }
    d.uscc = code;
    d.name = name;
    d.items = list;
    d.nitems = n;
    ev.target = xy_arena_printf(a, "dept:%s", code);
    ev.detail = "items=";
    for (size_t k = 0; k < n; k++)
        ev.detail = xy_arena_printf(a, "%s%s%s", ev.detail, k ? "," : "", list[k]);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_dept_put(ctx->store, &d, err)) != XY_OK ||
        (rc = xy_audit_append(ctx, &ev, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return xy_store_commit(ctx->store, err);
}

xy_code xy_dept_add_file(struct xy_ctx *ctx, const char *path, struct xy_arena *a, long *added,
                         struct xy_err *err)
{
    char line[4096];
    long lineno = 0;
    xy_code rc = XY_OK;
    FILE *f = fopen(path, "r");

    *added = 0;
    if (!f)
        return xy_err_set(err, XY_IO, "cannot open \"%s\": %s", path, strerror(errno));
    while (fgets(line, sizeof(line), f)) {
        char *uscc = line, *name, *items, *e;
        lineno++;
        if (lineno == 1 && !strncmp(line, "\xEF\xBB\xBF", 3))
            uscc += 3;
        e = uscc + strcspn(uscc, "\r\n");
        *e = '\0';
        if (lineno == 1 && !strncmp(uscc, "uscc,", 5))
            continue;
        if (!*uscc)
            continue;
        name = strchr(uscc, ',');
        items = name ? strchr(name + 1, ',') : NULL;
        if (!items) {
            rc = xy_err_set(err, XY_PARSE,
                            "%s:%ld: 应为“统一社会信用代码,名称,信息项”三列（uscc,name,items）",
                            path, lineno);
            break;
        }
        *name++ = '\0';
        *items++ = '\0';
        if ((rc = xy_dept_add(ctx, uscc, name, items, a, err)) != XY_OK) {
            xy_err_prefix(err, "%s:%ld: ", path, lineno);
            break;
        }
        (*added)++;
    }
    fclose(f);
    return rc;
}

xy_code xy_dept_list(struct xy_ctx *ctx, struct xy_arena *a, struct xy_dept **out, size_t *n,
                     struct xy_err *err)
{
    return xy_store_dept_list(ctx->store, a, out, n, err);
}

xy_code xy_dept_get(struct xy_ctx *ctx, const char *uscc, struct xy_arena *a, struct xy_dept *out,
                    struct xy_err *err)
{
    return xy_store_dept_get(ctx->store, uscc, a, out, err);
}

xy_code xy_uscc_allow(struct xy_ctx *ctx, const char *code, const char *reason, struct xy_err *err)
{
    char out[XY_USCC_LEN + 1];
    struct xy_code_check chk;
    struct xy_audit_event ev = {.action = "uscc.allow", .result = "ok"};
    xy_code rc;

    if ((rc = xy_authz_require(ctx->who, XY_PERM_DEPT_MANAGE, err)) != XY_OK)
        return rc;
    if (!reason || !*reason)
        return xy_err_set(err, XY_INVALID, "请用 --reason 说明加入白名单的理由");
    xy_uscc_check(code, out, &chk);
    if (strlen(code) != XY_USCC_LEN || !out[0])
        return xy_err_set(err, XY_INVALID, "“%s”不是18位统一社会信用代码字符：%s", code, chk.zh);
    ev.target = out;
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    if ((rc = xy_store_uscc_allow_put(ctx->store, out, reason, err)) != XY_OK ||
        (rc = xy_audit_append(ctx, &ev, err)) != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return xy_store_commit(ctx->store, err);
}

xy_code xy_uscc_allowed(struct xy_ctx *ctx, struct xy_arena *a, const char ***codes,
                        const char ***reasons, size_t *n, struct xy_err *err)
{
    return xy_store_uscc_allow_list(ctx->store, a, codes, reasons, n, err);
}

xy_code xy_dept_by_id(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_dept *out,
                      struct xy_err *err)
{
    struct xy_dept *all;
    size_t n;
    xy_code rc = xy_store_dept_list(ctx->store, a, &all, &n, err); /* a small table */

    if (rc != XY_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (all[i].id == id) {
            *out = all[i];
            return XY_OK;
        }
    return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的部门", (long long)id);
}
