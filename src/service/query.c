/* query.c - find a subject and read its credit file (layer: service) */
#include "service/query.h"

#include <string.h>

#include "base/time.h"
#include "domain/codes.h"
#include "service/audit.h"

int xy_query_is_code(const char *q)
{
    for (const char *p = q; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              *p == '-'))
            return 0;
    return *q != '\0';
}

/* Identifier forms q might be, most specific first (ID numbers only with with_idno). */
static size_t candidates(const char *q, int with_idno, struct xy_arena *a,
                         struct xy_ident out[XY_QUERY_MAX_CANDIDATES])
{
    struct xy_code_check chk;
    char uscc[XY_USCC_LEN + 1], id[19], org[10];
    size_t n = 0;

    /* uscc is filled whenever q has the length and characters of a code, check failed or not:
     * an allow-listed code that fails the check is found too */
    xy_uscc_check(q, uscc, &chk);
    if (uscc[0])
        out[n++] = (struct xy_ident){XY_IDENT_USCC, xy_arena_strdup(a, uscc)};
    xy_idcard_check(q, id, xy_today(), &chk);
    if (with_idno && chk.level != XY_CHECK_ERROR)
        out[n++] = (struct xy_ident){XY_IDENT_IDCARD, xy_arena_strdup(a, id)};
    xy_orgcode_check(q, org, &chk);
    if (chk.level != XY_CHECK_ERROR)
        out[n++] = (struct xy_ident){XY_IDENT_ORGCODE, xy_arena_strdup(a, org)};
    /* free-form legacy numbers are looked up as written */
    out[n++] = (struct xy_ident){XY_IDENT_REGNO, q};
    out[n++] = (struct xy_ident){XY_IDENT_TAXNO, q};
    out[n++] = (struct xy_ident){XY_IDENT_INSTCERT, q};
    out[n++] = (struct xy_ident){XY_IDENT_SOCCERT, q};
    return n;
}

xy_code xy_query_by_code(struct xy_ctx *ctx, const char *q, int with_idno, struct xy_arena *a,
                         struct xy_subject *out, struct xy_err *err)
{
    struct xy_ident c[XY_QUERY_MAX_CANDIDATES];
    size_t n;

    if (!xy_query_is_code(q) || strlen(q) > 64)
        return xy_err_set(err, XY_NOT_FOUND, "not a code");
    n = candidates(q, with_idno, a, c);
    for (size_t i = 0; i < n; i++) {
        xy_code rc = xy_store_subject_by_ident(ctx->store, c[i].type, c[i].value, a, out, err);
        if (rc != XY_NOT_FOUND)
            return rc;
    }
    return xy_err_set(err, XY_NOT_FOUND, "no subject carries this code");
}

struct records_read {
    struct xy_arena *a;
    struct xy_query_result *out;
};

static xy_code read_records(struct xy_ctx *ctx, void *arg, struct xy_err *err)
{
    struct records_read *r = arg;
    return xy_store_subject_records(ctx->store, r->out->subject->id, r->a, &r->out->records,
                                    &r->out->nrecords, err);
}

/* The whole file of one subject: a non-public read, audited with its purpose. */
static xy_code read_file(struct xy_ctx *ctx, struct xy_subject *s, const char *purpose,
                         struct xy_arena *a, struct xy_query_result *out, struct xy_err *err)
{
    struct records_read r = {a, out};

    out->subject = s;
    return xy_audit_read(ctx, "record.read_private", s->id, purpose, read_records, &r, err);
}

xy_code xy_query(struct xy_ctx *ctx, const char *q, const char *purpose, size_t max_matches,
                 struct xy_arena *a, struct xy_query_result *out, struct xy_err *err)
{
    struct xy_subject *s = xy_arena_zalloc(a, sizeof(*s));
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_authz_require(ctx->who, XY_PERM_RECORD_READ_PRIVATE, err)) != XY_OK)
        return rc;
    while (*q == ' ')
        q++;
    if (!*q)
        return xy_err_set(err, XY_INVALID, "请给出要查询的代码或名称");
    if (strlen(q) > 200)
        return xy_err_set(err, XY_TOO_LARGE, "查询内容超过200字节");
    rc = xy_query_by_code(ctx, q, 1, a, s, err);
    if (rc == XY_OK)
        return read_file(ctx, s, purpose, a, out, err);
    if (rc != XY_NOT_FOUND)
        return rc;
    rc = xy_store_subject_search(ctx->store, q, 0, max_matches, a, &out->matches, &out->nmatches,
                                 err);
    if (rc != XY_OK)
        return rc;
    if (out->nmatches == 0)
        /* q may be an ID number or a person's name: never echo it (DOMAIN.md §7) */
        return xy_err_set(err, XY_NOT_FOUND, "没有找到与该代码或名称相符的信用主体");
    if (out->nmatches == 1) {
        struct xy_subject *one = &out->matches[0];
        out->matches = NULL;
        out->nmatches = 0;
        return read_file(ctx, one, purpose, a, out, err);
    }
    return XY_OK;
}
