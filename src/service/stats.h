/* stats.h - the platform's summary figures (layer: service) */
#ifndef XY_SERVICE_STATS_H
#define XY_SERVICE_STATS_H

#include "service/ctx.h"

struct xy_summary {
    struct xy_store_stats totals;
    struct xy_subject *top; /* organisations with the most records */
    int64_t *top_records;
    size_t ntop;
};

xy_code xy_summary_get(struct xy_ctx *ctx, size_t ntop, struct xy_arena *a, struct xy_summary *out,
                       struct xy_err *err);

/* The totals only (subjects, records, ...): each is a count over a table, so callers on a hot
 * path cache them. */
xy_code xy_stats_totals(struct xy_ctx *ctx, struct xy_store_stats *out, struct xy_err *err);

#endif
