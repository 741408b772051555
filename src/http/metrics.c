/* metrics.c - request counters and latency histogram (layer: http) */
#include "http/metrics.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

/* the statuses the server answers with; anything else is counted under 0 ("other") */
static const int statuses[] = {200, 400, 403, 404, 405, 409, 413, 415, 429, 499, 500, 503, 0};
#define NCLASSES (sizeof(statuses) / sizeof(statuses[0]))

struct xy_metrics {
    size_t nroutes;     /* + 1 row for requests that matched no route */
    uint64_t *by_route; /* [(route + 1) * NCLASSES + status index] */
    uint64_t buckets[NBOUNDS + 1];
    uint64_t count, sum_us, errors, limited;
};

#define ADD(p, v) __atomic_fetch_add((p), (v), __ATOMIC_RELAXED)
#define GET(p)    __atomic_load_n((p), __ATOMIC_RELAXED)

struct xy_metrics *xy_metrics_new(size_t nroutes)
{
    struct xy_metrics *m = xy_calloc(1, sizeof(*m));
    m->nroutes = nroutes;
    m->by_route = xy_calloc((nroutes + 1) * NCLASSES, sizeof(*m->by_route));
    return m;
}

void xy_metrics_free(struct xy_metrics *m)
{
    if (!m)
        return;
    free(m->by_route);
    free(m);
}

void xy_metrics_observe(struct xy_metrics *m, int route, int status, double seconds)
{
    size_t cls = 0, b = 0;

    while (statuses[cls] && statuses[cls] != status)
        cls++;
    if (route < -1 || route >= (int)m->nroutes)
        route = -1;
    ADD(&m->by_route[(size_t)(route + 1) * NCLASSES + cls], 1);
    while (b < NBOUNDS && seconds > bounds[b])
        b++;
    ADD(&m->buckets[b], 1);
    ADD(&m->count, 1);
    ADD(&m->sum_us, (uint64_t)(seconds * 1e6));
    if (status >= 500)
        ADD(&m->errors, 1);
}

void xy_metrics_ratelimited(struct xy_metrics *m)
{
    ADD(&m->limited, 1);
}

void xy_metrics_render(const struct xy_metrics *m, const struct xy_store_stats *st, double uptime_s,
                       struct xy_buf *b)
{
    uint64_t cum = 0;

    xy_buf_adds(b, "# HELP xinyong_http_requests_total Requests answered, by route and status.\n"
                   "# TYPE xinyong_http_requests_total counter\n");
    for (size_t r = 0; r <= m->nroutes; r++)
        for (size_t c = 0; c < NCLASSES; c++) {
            uint64_t v = GET(&m->by_route[r * NCLASSES + c]);
            char status[8];
            if (!v)
                continue;
            if (statuses[c])
                snprintf(status, sizeof(status), "%d", statuses[c]);
            else
                strcpy(status, "other");
            xy_buf_printf(b,
                          "xinyong_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} "
                          "%llu\n",
                          r ? xy_routes[r - 1].method : "", r ? xy_routes[r - 1].pattern : "none",
                          status, (unsigned long long)v);
        }
    xy_buf_adds(b, "# HELP xinyong_http_request_duration_seconds Time from the request's "
                   "arrival to its response.\n"
                   "# TYPE xinyong_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= NBOUNDS; i++) {
        cum += GET(&m->buckets[i]);
        if (i < NBOUNDS)
            xy_buf_printf(b, "xinyong_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                          bounds[i], (unsigned long long)cum);
        else
            xy_buf_printf(b, "xinyong_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                          (unsigned long long)cum);
    }
    xy_buf_printf(b, "xinyong_http_request_duration_seconds_sum %.6f\n",
                  (double)GET(&m->sum_us) / 1e6);
    xy_buf_printf(b, "xinyong_http_request_duration_seconds_count %llu\n",
                  (unsigned long long)GET(&m->count));
    xy_buf_printf(b,
                  "# HELP xinyong_http_errors_total Responses with a 5xx status.\n"
                  "# TYPE xinyong_http_errors_total counter\nxinyong_http_errors_total %llu\n",
                  (unsigned long long)GET(&m->errors));
    xy_buf_printf(b,
                  "# HELP xinyong_ratelimited_total Requests refused with 429.\n"
                  "# TYPE xinyong_ratelimited_total counter\nxinyong_ratelimited_total %llu\n",
                  (unsigned long long)GET(&m->limited));
    xy_buf_printf(b,
                  "# HELP xinyong_uptime_seconds Seconds since the server started.\n"
                  "# TYPE xinyong_uptime_seconds gauge\nxinyong_uptime_seconds %.0f\n",
                  uptime_s);
    if (st)
        xy_buf_printf(b,
                      "# HELP xinyong_store_subjects Credit subjects in the store.\n"
                      "# TYPE xinyong_store_subjects gauge\nxinyong_store_subjects %lld\n"
                      "# HELP xinyong_store_records Records (latest versions) in the store.\n"
                      "# TYPE xinyong_store_records gauge\nxinyong_store_records %lld\n"
                      "# HELP xinyong_store_versions Record versions in the store.\n"
                      "# TYPE xinyong_store_versions gauge\nxinyong_store_versions %lld\n",
                      (long long)st->subjects, (long long)st->records, (long long)st->versions);
}
