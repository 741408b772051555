/* stats.c - wrappers of the statistics counter ops: the checks every backend shares
 * (layer: store)
 *
 * The contract is store.h's "statistics" section; the SQLite backend is sqlite/stats.c.
 */
#include "store/store.h"

xy_code xy_store_stats_add(struct xy_store *s, const struct xy_stat_cell *cells, size_t n,
                           struct xy_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (!cells[i].item || cells[i].dept_id <= 0 || cells[i].month < 100001)
            return xy_err_set(err, XY_INTERNAL,
                              "a statistics cell needs its month, department "
                              "and item");
    return n ? s->ops->stats_add(s, cells, n, err) : XY_OK;
}

xy_code xy_store_stats_cells(struct xy_store *s, int from_month, int to_month, int64_t dept_id,
                             struct xy_arena *a, struct xy_stat_cell **out, size_t *n,
                             struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (to_month < from_month)
        return xy_err_set(err, XY_INTERNAL, "a period ends before it starts");
    return s->ops->stats_cells(s, from_month, to_month, dept_id, a, out, n, err);
}

xy_code xy_store_stats_kinds(struct xy_store *s, struct xy_arena *a, struct xy_stat_kind **out,
                             size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->stats_kinds(s, a, out, n, err);
}

xy_code xy_store_stats_registered_put(struct xy_store *s, const struct xy_stat_registered *r,
                                      struct xy_err *err)
{
    if (!r->kind || !r->source || !r->updated_by || r->registered < 0)
        return xy_err_set(err, XY_INTERNAL, "a registered total needs its kind, source and author");
    return s->ops->stats_registered_put(s, r, err);
}

xy_code xy_store_stats_registered(struct xy_store *s, struct xy_arena *a,
                                  struct xy_stat_registered **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->stats_registered(s, a, out, n, err);
}

xy_code xy_store_stats_cases(struct xy_store *s, int64_t from_ms, int64_t to_ms, int today,
                             struct xy_arena *a, struct xy_stat_case **out, size_t *n,
                             struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (to_ms < from_ms)
        return xy_err_set(err, XY_INTERNAL, "a period ends before it starts");
    return s->ops->stats_cases(s, from_ms, to_ms, today, a, out, n, err);
}

xy_code xy_store_stats_recount(struct xy_store *s, xy_stat_timing_fn fn, void *arg,
                               struct xy_err *err)
{
    return s->ops->stats_recount(s, fn, arg, err);
}

xy_code xy_store_stats_built(struct xy_store *s, int *built, struct xy_err *err)
{
    *built = 0;
    return s->ops->stats_built(s, built, err);
}
