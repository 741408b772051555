/* reports.c - wrappers of the reports ops: the checks every backend shares (layer: store)
 *
 * The contract is store.h's "reports" section (migration 11).
 */
#include <string.h>

#include "base/time.h"
#include "store/store.h"

xy_code xy_store_report_put(struct xy_store *s, struct xy_report_row *r, struct xy_err *err)
{
    if (!r->number || !r->code_mac || r->subject_id <= 0 || !r->scope || !r->audience ||
        !r->issued_by || !r->content || !r->content_sm3 || !r->signature || !r->key_sm3 ||
        !r->pdf_sm3)
        return xy_err_set(err, XY_INTERNAL, "a report row needs every column but the scope's");
    if (!r->issued_at)
        r->issued_at = xy_now_ms();
    return s->ops->report_put(s, r, err);
}

xy_code xy_store_report_get(struct xy_store *s, const char *number, struct xy_arena *a,
                            struct xy_report_row *out, struct xy_err *err)
{
    memset(out, 0, sizeof(*out));
    if (!number || !*number)
        return xy_err_set(err, XY_NOT_FOUND, "no report number");
    return s->ops->report_get(s, number, a, out, err);
}

xy_code xy_store_grant_put(struct xy_store *s, struct xy_grant_row *g, struct xy_err *err)
{
    if (g->subject_id <= 0 || g->grantee_user_id <= 0 || !g->purpose || !g->expires_on)
        return xy_err_set(err, XY_INTERNAL,
                          "an authorisation needs its subject, grantee, "
                          "purpose and last day");
    if (!g->granted_at)
        g->granted_at = xy_now_ms();
    return s->ops->grant_put(s, g, err);
}

xy_code xy_store_grant_list(struct xy_store *s, int64_t subject_id, struct xy_arena *a,
                            struct xy_grant_row **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->grant_list(s, subject_id, a, out, n, err);
}

xy_code xy_store_grant_revoke(struct xy_store *s, int64_t id, int64_t subject_id, int64_t at,
                              struct xy_err *err)
{
    return s->ops->grant_revoke(s, id, subject_id, at, err);
}

xy_code xy_store_grant_live(struct xy_store *s, int64_t subject_id, int64_t grantee_user_id,
                            const char *today, int64_t *grant_id, struct xy_err *err)
{
    *grant_id = 0;
    return s->ops->grant_live(s, subject_id, grantee_user_id, today, grant_id, err);
}
