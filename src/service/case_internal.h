/* case_internal.h - what the case service's files share among themselves (layer: service)
 *
 * Not for other modules: they call service/cases.h.
 */
#ifndef XY_SERVICE_CASE_INTERNAL_H
#define XY_SERVICE_CASE_INTERNAL_H

#include "service/cases.h"

/* How the caller stands to a case: several at once for the operator. */
struct xy_case_parts {
    int filer, reviewer, dept;
};

/* Case id as the caller may see it (XY_NOT_FOUND, saying nothing more, otherwise), with the
 * caller's standing. Not audited: callers that show non-public content audit their read. */
xy_code xy_case_read(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_case_view *out,
                     struct xy_case_parts *who, struct xy_err *err);
/* 1 when the case accepts no more steps (a final state, or a removal). */
int xy_case_closed(const struct xy_case *c);
/* 1 when s is NULL or only spaces (ASCII or the ideographic space). */
int xy_case_blank(const char *s);

#endif
