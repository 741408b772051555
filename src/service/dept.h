/* dept.h - register source departments and the catalogue items they provide (layer: service) */
#ifndef XY_SERVICE_DEPT_H
#define XY_SERVICE_DEPT_H

#include "service/ctx.h"

/* Register or update a department. uscc must be a valid 统一社会信用代码; every item must
 * exist in the catalogue and admit the department as a provider (一数一源). items is a list
 * separated by ',' or ';'. */
xy_code xy_dept_add(struct xy_ctx *ctx, const char *uscc, const char *name, const char *items,
                    struct xy_arena *a, struct xy_err *err);

/* Register every department of a CSV file with header "uscc,name,items" (the generator's
 * departments.csv). Stops at the first bad line, naming it. */
xy_code xy_dept_add_file(struct xy_ctx *ctx, const char *path, struct xy_arena *a, long *added,
                         struct xy_err *err);

xy_code xy_dept_list(struct xy_ctx *ctx, struct xy_arena *a, struct xy_dept **out, size_t *n,
                     struct xy_err *err);
/* The department with row id id; XY_NOT_FOUND ("没有编号为 N 的部门") when there is none. */
xy_code xy_dept_by_id(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_dept *out,
                      struct xy_err *err);
/* XY_NOT_FOUND when no department has that code. */
xy_code xy_dept_get(struct xy_ctx *ctx, const char *uscc, struct xy_arena *a, struct xy_dept *out,
                    struct xy_err *err);

/* The administrator's allow-list of officially issued 统一社会信用代码 that fail the GB 32100
 * check (DOMAIN.md §1). code must still be 18 characters of the code set. */
xy_code xy_uscc_allow(struct xy_ctx *ctx, const char *code, const char *reason, struct xy_err *err);
xy_code xy_uscc_allowed(struct xy_ctx *ctx, struct xy_arena *a, const char ***codes,
                        const char ***reasons, size_t *n, struct xy_err *err);

#endif
