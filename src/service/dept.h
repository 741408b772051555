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

#endif
