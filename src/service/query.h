/* query.h - find a subject by code or name and read its credit file (layer: service) */
#ifndef XY_SERVICE_QUERY_H
#define XY_SERVICE_QUERY_H

#include "service/ctx.h"

struct xy_query_result {
    /* exactly one of these is set */
    struct xy_subject *subject; /* the one subject found */
    struct xy_record *records;  /* its records (latest versions), newest first */
    size_t nrecords;
    struct xy_subject *matches; /* several subjects matched a name */
    size_t nmatches;
};

/* q is a 统一社会信用代码, an ID number, a legacy identifier (组织机构代码, 工商注册号 ...)
 * or part of a name. XY_NOT_FOUND when nothing matches. The whole file, public or not, is a
 * non-public read: it needs RECORD_READ_PRIVATE and is audited with purpose. */
xy_code xy_query(struct xy_ctx *ctx, const char *q, const char *purpose, size_t max_matches,
                 struct xy_arena *a, struct xy_query_result *out, struct xy_err *err);

#define XY_QUERY_MAX_CANDIDATES 8
/* 1 when q has only the characters of a code (letters, digits, '-'). */
int xy_query_is_code(const char *q);
/* The subject whose identifier is q, trying each form q could be (统一社会信用代码, 组织机构代码,
 * 工商注册号 ...; ID numbers only with with_idno). XY_NOT_FOUND when q is no code or none
 * matches (err then holds no message for a reader: callers say it their way). */
xy_code xy_query_by_code(struct xy_ctx *ctx, const char *q, int with_idno, struct xy_arena *a,
                         struct xy_subject *out, struct xy_err *err);

#endif
