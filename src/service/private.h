/* private.h - reads of non-public credit information: by departments with a stated purpose,
 * and by a subject of its own file (layer: service)
 *
 * Every read is permission-checked and audited in the transaction that reads, with the
 * subject's internal id and the stated purpose, so the subject can see who read what and why.
 */
#ifndef XY_SERVICE_PRIVATE_H
#define XY_SERVICE_PRIVATE_H

#include "service/ctx.h"
#include "service/public.h"

#define XY_PURPOSE_MIN_CHARS 5
#define XY_PURPOSE_MAX_BYTES 400

/* The full file of the subject with this code (统一社会信用代码 or ID number) for a reader with
 * RECORD_READ_PRIVATE, who must state a purpose (5 characters or more). */
xy_code xy_private_file(struct xy_ctx *ctx, const char *code, const char *purpose,
                        struct xy_arena *a, struct xy_pub_file *out, struct xy_err *err);
/* The signed-in subject's own full file (SELF_READ, identity verified), without archived
 * records: past the 5 years only departments stating a lawful purpose read those. */
xy_code xy_self_file(struct xy_ctx *ctx, struct xy_arena *a, struct xy_pub_file *out,
                     struct xy_err *err);

#endif
