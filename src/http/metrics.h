/* metrics.h - request counters and latency histogram for GET /metrics (layer: http)
 *
 * Lock-free: relaxed atomic adds on fixed arrays, rendered in the Prometheus text format.
 */
#ifndef XY_HTTP_METRICS_H
#define XY_HTTP_METRICS_H

#include "base/buf.h"
#include "store/store.h"

struct xy_metrics;

struct xy_metrics *xy_metrics_new(size_t nroutes);
void xy_metrics_free(struct xy_metrics *m);

/* One finished request: route index (or -1 for none), status, seconds taken. */
void xy_metrics_observe(struct xy_metrics *m, int route, int status, double seconds);
void xy_metrics_ratelimited(struct xy_metrics *m);

/* Append the text exposition; st may be NULL when the store could not be read. */
void xy_metrics_render(const struct xy_metrics *m, const struct xy_store_stats *st, double uptime_s,
                       struct xy_buf *b);

#endif
