/* private.c - audited reads of non-public credit information (layer: service) */
#include "service/private.h"

#include <string.h>

#include "domain/mask.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/query.h"

static xy_code check_purpose(const char *purpose, struct xy_err *err)
{
    if (!purpose || xy_utf8_chars(purpose, strlen(purpose)) < XY_PURPOSE_MIN_CHARS) {
        xy_err_set(err, XY_INVALID,
                   "查询非公开信息须说明用途（至少 %d 个字），如“行政许可审查：某某项目”",
                   XY_PURPOSE_MIN_CHARS);
        err->field = "purpose";
        return XY_INVALID;
    }
    if (xy_mask_has_idno(purpose)) {
        /* the purpose is kept in the audit trail and shown to the subject */
        xy_err_set(err, XY_INVALID, "用途说明中不要填写身份证号码");
        err->field = "purpose";
        return XY_INVALID;
    }
    if (strlen(purpose) > XY_PURPOSE_MAX_BYTES) {
        xy_err_set(err, XY_TOO_LARGE, "用途说明过长（最多 %d 字节）", XY_PURPOSE_MAX_BYTES);
        err->field = "purpose";
        return XY_TOO_LARGE;
    }
    return XY_OK;
}

struct file_read {
    const struct xy_subject *s;
    enum xy_file_view view;
    struct xy_arena *a;
    struct xy_pub_file *out;
};

static xy_code build_full(struct xy_ctx *ctx, void *arg, struct xy_err *err)
{
    struct file_read *r = arg;
    return xy_file_build(ctx, r->s, r->view, r->a, r->out, err);
}

static xy_code read_audited(struct xy_ctx *ctx, const struct xy_subject *s, enum xy_file_view view,
                            const char *action, const char *purpose, struct xy_arena *a,
                            struct xy_pub_file *out, struct xy_err *err)
{
    struct file_read r = {s, view, a, out};
    return xy_audit_read(ctx, action, s->id, purpose, build_full, &r, err);
}

xy_code xy_private_file(struct xy_ctx *ctx, const char *code, const char *purpose,
                        struct xy_arena *a, struct xy_pub_file *out, struct xy_err *err)
{
    struct xy_subject s;
    xy_code rc;

    if ((rc = xy_authz_require(ctx->who, XY_PERM_RECORD_READ_PRIVATE, err)) != XY_OK ||
        (rc = check_purpose(purpose, err)) != XY_OK)
        return rc;
    if (!code || !*code) {
        xy_err_set(err, XY_INVALID, "请填写统一社会信用代码或身份证号码");
        err->field = "code";
        return XY_INVALID;
    }
    rc = xy_query_by_code(ctx, code, 1, a, &s, err);
    if (rc == XY_NOT_FOUND) {
        /* the message never repeats the code: it may be an ID number */
        xy_err_set(err, XY_NOT_FOUND, "未找到该信用主体");
        err->field = "code";
        xy_audit_record(ctx,
                        &(struct xy_audit_event){.action = "record.read_private",
                                                 .purpose = purpose,
                                                 .result = "not_found"},
                        NULL);
        return XY_NOT_FOUND;
    }
    if (rc != XY_OK)
        return rc;
    return read_audited(ctx, &s, XY_FILE_FULL, "record.read_private", purpose, a, out, err);
}

xy_code xy_self_file(struct xy_ctx *ctx, struct xy_arena *a, struct xy_pub_file *out,
                     struct xy_err *err)
{
    struct xy_subject s;
    xy_code rc;

    if ((rc = xy_authz_require(ctx->who, XY_PERM_SELF_READ, err)) != XY_OK)
        return rc;
    if (!ctx->who->subject_id)
        return xy_err_set(err, XY_DENIED,
                          "账号尚未完成实名核验，核验后才能查看本主体的全部信用信息");
    if ((rc = xy_store_subject_get(ctx->store, ctx->who->subject_id, a, &s, err)) != XY_OK)
        return rc;
    /* archived records are left out: past the 5 years only departments stating a lawful
     * purpose read them (DOMAIN.md §4), and the subject's own file is no such read */
    return read_audited(ctx, &s, XY_FILE_OWN, "self.read", NULL, a, out, err);
}
