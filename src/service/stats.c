/* stats.c - the platform's summary figures (layer: service) */
#include "service/stats.h"

#include <string.h>

xy_code xy_summary_get(struct xy_ctx *ctx, size_t ntop, struct xy_arena *a, struct xy_summary *out,
                       struct xy_err *err)
{
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = xy_store_stats(ctx->store, &out->totals, err)) != XY_OK)
        return rc;
    return xy_store_subjects_top(ctx->store, 1, ntop, a, &out->top, &out->top_records, &out->ntop,
                                 err);
}

xy_code xy_stats_totals(struct xy_ctx *ctx, struct xy_store_stats *out, struct xy_err *err)
{
    return xy_store_stats(ctx->store, out, err);
}
