/* feedback.c - wrappers of the feedback and re-screening ops: the checks every backend shares
 * (layer: store)
 *
 * Kept apart from store.c so that the joint rewards and punishments work of issue 6 lands in
 * files of its own; the contract is store.h's "feedback and re-screening" section.
 */
#include <string.h>

#include "store/store.h"

xy_code xy_store_feedback_put(struct xy_store *s, struct xy_feedback *f, struct xy_err *err)
{
    if (f->check_id <= 0 || f->subject_no < 0 || !f->result || !f->basis || !f->acted_on ||
        !f->given_by)
        return xy_err_set(err, XY_INTERNAL,
                          "a feedback row needs its check, subject, result, basis, date and "
                          "author");
    if (f->taken != 0 && f->taken != 1)
        return xy_err_set(err, XY_INTERNAL, "taken is 0 or 1");
    return s->ops->feedback_put(s, f, err);
}

xy_code xy_store_feedback_list(struct xy_store *s, int64_t check_id, struct xy_arena *a,
                               struct xy_feedback **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->feedback_list(s, check_id, a, out, n, err);
}

xy_code xy_store_figures(struct xy_store *s, int64_t from_ms, int64_t to_ms, int64_t dept_id,
                         struct xy_arena *a, struct xy_figure_row **out, size_t *n,
                         struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (to_ms < from_ms)
        return xy_err_set(err, XY_INTERNAL, "a period ends before it starts");
    return s->ops->figures(s, from_ms, to_ms, dept_id, a, out, n, err);
}

xy_code xy_store_screened(struct xy_store *s, int64_t since_ms, int64_t after_dept,
                          int64_t after_subject, size_t limit, struct xy_arena *a,
                          struct xy_screened **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (limit == 0)
        return XY_OK;
    return s->ops->screened(s, since_ms, after_dept, after_subject, limit, a, out, n, err);
}

xy_code xy_store_rescreen_put(struct xy_store *s, struct xy_rescreen *r, struct xy_err *err)
{
    if (r->check_id <= 0 || r->subject_id <= 0 || !r->records ||
        (!r->change || (strcmp(r->change, "hit") && strcmp(r->change, "cleared"))))
        return xy_err_set(err, XY_INTERNAL,
                          "a re-screening row needs its check, subject, change (hit or "
                          "cleared) and records");
    return s->ops->rescreen_put(s, r, err);
}

xy_code xy_store_rescreen_list(struct xy_store *s, int64_t dept_id, int done, int64_t before_id,
                               size_t limit, struct xy_arena *a, struct xy_rescreen **out,
                               size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->rescreen_list(s, dept_id, done, before_id, limit, a, out, n, err);
}

xy_code xy_store_rescreen_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                              struct xy_rescreen *out, struct xy_err *err)
{
    if (id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的复核事项", (long long)id);
    return s->ops->rescreen_get(s, id, a, out, err);
}

xy_code xy_store_rescreen_done(struct xy_store *s, int64_t id, const char *by, const char *note,
                               int64_t at, struct xy_err *err)
{
    if (!by || !*by)
        return xy_err_set(err, XY_INTERNAL, "who marked the row done is needed");
    return s->ops->rescreen_done(s, id, by, note, at, err);
}
