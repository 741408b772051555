/* screen.c - wrappers of the screening job ops: the checks every backend shares (layer: store)
 *
 * The contract is store.h's "screen jobs" section; the rows are written by service/screen.c.
 */
#include <string.h>

#include "base/time.h"
#include "store/store.h"

static int known_state(const char *s, int final)
{
    static const char *const all[] = {"queued", "running", "done", "failed"};

    for (size_t i = final ? 2 : 0; i < (final ? 4 : 2); i++)
        if (s && !strcmp(s, all[i]))
            return 1;
    return 0;
}

xy_code xy_store_screen_put(struct xy_store *s, struct xy_screen_job *j, struct xy_err *err)
{
    if (!j->scenario || !j->submitted_by || !j->file_name || !j->format)
        return xy_err_set(err, XY_INTERNAL,
                          "a screening job needs its scenario, submitter, file name and format");
    if (strcmp(j->format, "csv") && strcmp(j->format, "xlsx"))
        return xy_err_set(err, XY_INTERNAL, "a screening job's format is csv or xlsx");
    if (!known_state(j->state, 0))
        return xy_err_set(err, XY_INTERNAL, "a screening job starts queued or running");
    if (!j->submitted_at)
        j->submitted_at = xy_now_ms();
    if (!strcmp(j->state, "running") && !j->started_at)
        j->started_at = j->submitted_at;
    return s->ops->screen_put(s, j, err);
}

xy_code xy_store_screen_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                            struct xy_screen_job *out, struct xy_err *err)
{
    memset(out, 0, sizeof(*out));
    return s->ops->screen_get(s, id, a, out, err);
}

xy_code xy_store_screen_list(struct xy_store *s, int64_t dept_id, int64_t before_id, size_t limit,
                             struct xy_arena *a, struct xy_screen_job **out, size_t *n,
                             struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (limit < 1)
        limit = 1;
    if (limit > 500)
        limit = 500;
    return s->ops->screen_list(s, dept_id, before_id < 0 ? 0 : before_id, limit, a, out, n, err);
}

xy_code xy_store_screen_next(struct xy_store *s, struct xy_arena *a, struct xy_screen_job *out,
                             struct xy_err *err)
{
    return s->ops->screen_next(s, a, out, err);
}

xy_code xy_store_screen_start(struct xy_store *s, int64_t id, int64_t at, struct xy_err *err)
{
    return s->ops->screen_start(s, id, at, err);
}

xy_code xy_store_screen_progress(struct xy_store *s, const struct xy_screen_job *j,
                                 struct xy_err *err)
{
    if (j->rows_done < 0 || j->rows_bad < 0 || j->hits < 0 || j->rows_bad > j->rows_done)
        return xy_err_set(err, XY_INTERNAL, "a screening job's counters do not add up");
    return s->ops->screen_progress(s, j, err);
}

xy_code xy_store_screen_finish(struct xy_store *s, const struct xy_screen_job *j,
                               struct xy_err *err)
{
    if (!known_state(j->state, 1))
        return xy_err_set(err, XY_INTERNAL, "a screening job ends done or failed");
    if (j->rows_done < 0 || j->rows_bad < 0 || j->hits < 0 || j->rows_bad > j->rows_done)
        return xy_err_set(err, XY_INTERNAL, "a screening job's counters do not add up");
    return s->ops->screen_finish(s, j, err);
}

xy_code xy_store_screen_recover(struct xy_store *s, int64_t max_attempts, struct xy_arena *a,
                                struct xy_screen_job **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->screen_recover(s, max_attempts, a, out, n, err);
}
