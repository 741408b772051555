/* approvals.c - wrappers of the approvals ops: the checks every backend shares (layer: store)
 *
 * Kept out of store.c so that the approvals of black-list additions (issue 6) stay in files of
 * their own; the slots are in struct xy_store_ops' "approvals" section.
 */
#include "store/store.h"

#include "base/time.h"

xy_code xy_store_list_adds_hold(struct xy_store *s, int64_t batch_id, const char *item,
                                int64_t filer_user_id, const char *filer, int day, int64_t at_ms,
                                int64_t *n, struct xy_err *err)
{
    *n = 0;
    if (batch_id <= 0 || !item || !*item || !filer || !*filer)
        return xy_err_set(err, XY_INTERNAL, "holding list additions needs a batch, item and filer");
    return s->ops->list_adds_hold(s, batch_id, item, filer_user_id, filer, day,
                                  at_ms ? at_ms : xy_now_ms(), n, err);
}

xy_code xy_store_list_add_settle(struct xy_store *s, int64_t case_id, const char *state, int hides,
                                 int day, int64_t at_ms, struct xy_err *err)
{
    if (case_id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的名单列入", (long long)case_id);
    if (!state || !*state)
        return xy_err_set(err, XY_INTERNAL, "settling a list addition needs a state");
    return s->ops->list_add_settle(s, case_id, state, hides, day, at_ms ? at_ms : xy_now_ms(), err);
}
