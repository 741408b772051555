/* approvals.c - a black-list addition waits for a second person's approval (layer: service)
 *
 * Every decision is one write transaction: the case's state and pending flag, its step, the
 * audit row and the submitter's notice commit or vanish together. Notices name the item and the
 * case, never the subject (approvers and submitters are staff of other bodies; a person's name
 * or ID number has no place in them), as service/cases.c's do.
 */
#include "service/approvals.h"

#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "domain/mask.h"
#include "domain/record.h"
#include "service/audit.h"
#include "service/checks.h"

/* ---- holding a batch's additions ---- */

/* Whether additions to item that ctx->who submits wait (approvals.h says why the operator's
 * loads do not). */
static int held_for_approval(const struct xy_ctx *ctx, const struct xy_item *item)
{
    return xy_item_list_needs_second_approval(item) && ctx->who && ctx->who->role != XY_R_OPERATOR;
}

/* The account that submitted: the caller's own, or (the batch worker runs as the submitting
 * login without an account id) the account of that login; 0 for an API token. */
static int64_t submitter_account(struct xy_ctx *ctx, struct xy_arena *a)
{
    const struct xy_principal *who = ctx->who;
    struct xy_user u;
    struct xy_err ignored;

    if (who->user_id)
        return who->user_id;
    if (!who->login || !strncmp(who->login, "token:", 6) || !strncmp(who->login, "os:", 3))
        return 0;
    return xy_store_user_get(ctx->store, who->login, a, &u, &ignored) == XY_OK ? u.id : 0;
}

/* A notice to every active account holding list.approve, the caller's own account excepted. */
static xy_code notice_approvers(struct xy_ctx *ctx, struct xy_arena *a, const char *text,
                                struct xy_err *err)
{
    struct xy_user *u;
    size_t n;
    xy_code rc = xy_store_user_list(ctx->store, a, &u, &n, err);

    for (size_t i = 0; rc == XY_OK && i < n; i++) {
        struct xy_notice nt = {0};
        if (!u[i].status || strcmp(u[i].status, "active") ||
            !xy_role_has(xy_role_from_name(u[i].role), XY_PERM_LIST_APPROVE) ||
            (ctx->who && u[i].id == ctx->who->user_id))
            continue;
        nt.user_id = u[i].id;
        nt.at = xy_now_ms();
        nt.text = text;
        rc = xy_store_notice_put(ctx->store, &nt, err);
    }
    return rc;
}

xy_code xy_approvals_hold_batch(struct xy_ctx *ctx, const struct xy_item *item, int64_t batch_id,
                                int64_t *held, struct xy_err *err)
{
    struct xy_arena *a;
    char target[48], detail[96];
    xy_code rc;

    *held = 0;
    if (!held_for_approval(ctx, item))
        return XY_OK;
    a = xy_arena_new();
    rc = xy_store_list_adds_hold(ctx->store, batch_id, item->id, submitter_account(ctx, a),
                                 ctx->who->login ? ctx->who->login : "?", xy_today(), 0, held, err);
    if (rc != XY_OK || *held == 0)
        goto out;
    snprintf(target, sizeof(target), "batch:%lld", (long long)batch_id);
    snprintf(detail, sizeof(detail), "item=%s held=%lld", item->id, (long long)*held);
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "list_add.hold", .target = target, .result = "ok", .detail = detail},
             err)) != XY_OK)
        goto out;
    rc = notice_approvers(
        ctx, a,
        xy_arena_printf(a, "新的%s列入待审核：%s %lld 条，须由报送人以外的工作人员审核后才公示",
                        xy_list_kind_zh(xy_item_list_kind(item)), item->name, (long long)*held),
        err);
out:
    xy_arena_free(a);
    return rc;
}

/* ---- who is asking ---- */

static int approver(const struct xy_ctx *ctx)
{
    return ctx->who && xy_role_has(ctx->who->role, XY_PERM_LIST_APPROVE);
}

/* A department's own staff: they see their department's additions, masked. */
static int dept_staff(const struct xy_ctx *ctx)
{
    return ctx->who && ctx->who->dept_id && ctx->who->role != XY_R_OPERATOR &&
           (xy_role_has(ctx->who->role, XY_PERM_BATCH_SUBMIT) ||
            xy_role_has(ctx->who->role, XY_PERM_BATCH_READ_DEPT));
}

/* 1 when the caller submitted case c: the same account, or the same login (a token, an
 * account whose id was not known when the batch ran). */
static int submitted_it(const struct xy_ctx *ctx, const struct xy_case *c)
{
    const struct xy_principal *who = ctx->who;

    return (who->user_id && c->filer_user_id == who->user_id) ||
           (who->login && c->filer && !strcmp(who->login, c->filer));
}

static int is_list_add(const struct xy_case *c)
{
    return c->kind && !strcmp(c->kind, XY_LIST_ADD_KIND);
}

/* ---- reading ---- */

static xy_code fill(struct xy_ctx *ctx, const struct xy_case *c, int full, struct xy_arena *a,
                    struct xy_approval *out, struct xy_err *err)
{
    struct xy_case_step *st;
    size_t n;
    struct xy_err ignored;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    out->id = c->id;
    if (xy_list_add_state_parse(c->state, &out->state, &ignored) != XY_OK)
        return xy_err_set(err, XY_INTERNAL, "case %lld has an unknown state \"%s\"",
                          (long long)c->id, c->state ? c->state : "");
    out->item = c->item ? xy_catalog_item(ctx->cat, c->item) : NULL;
    out->dept_code = c->dept_uscc;
    out->dept_name = c->dept_name;
    out->submitted_by = c->filer;
    out->submitted_at = c->filed_at;
    out->full = full;
    out->may_decide = full && out->state == XY_LA_PENDING && ctx->who->role != XY_R_OPERATOR &&
                      !submitted_it(ctx, c);
    if ((rc = xy_store_case_steps(ctx->store, c->id, a, &st, &n, err)) != XY_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (st[i].from_state) { /* the decision: the only step after the first */
            out->decided_by = st[i].login;
            out->decided_at = st[i].at;
            out->reason = st[i].reasons;
        }
    rc = xy_record_view(ctx, c->record_id, full ? 1 : XY_VIEW_MASKED, a, &out->rec, err);
    if (rc == XY_OK && !out->item)
        out->item = out->rec.item;
    return rc;
}

/* The merged newest-first rows of several state lists, at most limit + 1 of them. */
static xy_code list_states(struct xy_ctx *ctx, const char *const *states, size_t nstates,
                           int64_t dept_id, int64_t before, size_t limit, struct xy_arena *a,
                           struct xy_case **out, size_t *n, struct xy_err *err)
{
    struct xy_case *v[3];
    size_t nv[3], at[3] = {0, 0, 0}, k = 0;

    for (size_t s = 0; s < nstates; s++) {
        struct xy_case_filter f = {.kind = XY_LIST_ADD_KIND,
                                   .state = states[s],
                                   .dept_id = dept_id,
                                   .before_id = before,
                                   .limit = limit + 1};
        xy_code rc = xy_store_case_list(ctx->store, &f, a, &v[s], &nv[s], err);
        if (rc != XY_OK)
            return rc;
    }
    *out = xy_arena_zalloc(a, (limit + 2) * sizeof(**out));
    while (k < limit + 1) {
        int best = -1;
        for (size_t s = 0; s < nstates; s++)
            if (at[s] < nv[s] && (best < 0 || v[s][at[s]].id > v[best][at[best]].id))
                best = (int)s;
        if (best < 0)
            break;
        (*out)[k++] = v[best][at[best]++];
    }
    *n = k;
    return XY_OK;
}

xy_code xy_approvals_list(struct xy_ctx *ctx, const char *state, int64_t before, long limit,
                          struct xy_arena *a, struct xy_approval **out, size_t *n, int *has_more,
                          struct xy_err *err)
{
    static const char *const pending[] = {"pending"};
    static const char *const done[] = {"approved", "rejected"};
    int full = approver(ctx);
    struct xy_case *cs;
    size_t nc;
    xy_code rc;

    *out = NULL;
    *n = 0;
    *has_more = 0;
    if (!full && !dept_staff(ctx))
        return xy_authz_require(ctx->who, XY_PERM_LIST_APPROVE, err);
    if (!state || (strcmp(state, "pending") && strcmp(state, "done"))) {
        xy_err_set(err, XY_INVALID, "state“%.20s”无效，须为 pending（待审核）或 done（已审核）",
                   state ? state : "");
        err->field = "state";
        return XY_INVALID;
    }
    if (limit < 1 || limit > XY_APPROVALS_MAX_PAGE) {
        xy_err_set(err, XY_INVALID, "每页条数须在1到%d之间", XY_APPROVALS_MAX_PAGE);
        err->field = "limit";
        return XY_INVALID;
    }
    if (before < 0) {
        xy_err_set(err, XY_INVALID, "before 须为名单列入编号（从该编号之前开始列出）");
        err->field = "before";
        return XY_INVALID;
    }
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    rc = strcmp(state, "pending") ? list_states(ctx, done, 2, full ? 0 : ctx->who->dept_id, before,
                                                (size_t)limit, a, &cs, &nc, err)
                                  : list_states(ctx, pending, 1, full ? 0 : ctx->who->dept_id,
                                                before, (size_t)limit, a, &cs, &nc, err);
    if (rc != XY_OK)
        goto fail;
    *has_more = nc > (size_t)limit;
    if (*has_more)
        nc = (size_t)limit;
    *out = xy_arena_zalloc(a, (nc + 1) * sizeof(**out));
    for (size_t i = 0; i < nc; i++) {
        char target[48];
        if ((rc = fill(ctx, &cs[i], full, a, &(*out)[i], err)) != XY_OK)
            goto fail;
        /* a pending entry is non-public: every read of one is on the subject's record */
        snprintf(target, sizeof(target), "case:%lld", (long long)cs[i].id);
        if ((rc = xy_audit_append(ctx,
                                  &(struct xy_audit_event){.action = "list_add.read",
                                                           .target = target,
                                                           .subject_id = cs[i].subject_id,
                                                           .result = "ok",
                                                           .detail = full ? "full" : "masked"},
                                  err)) != XY_OK)
            goto fail;
        (*n)++;
    }
    return xy_store_commit(ctx->store, err);
fail:
    xy_store_rollback(ctx->store);
    *n = 0;
    return rc;
}

/* ---- deciding ---- */

static xy_code check_reason(const char *reason, struct xy_err *err)
{
    long chars;

    if (!reason)
        return XY_OK;
    chars = xy_utf8_chars(reason, strlen(reason));
    if (chars < 0 || chars > XY_APPROVAL_REASON_MAX_CHARS) {
        xy_err_set(err, XY_INVALID,
                   chars < 0 ? "理由含有无法识别的字符（须为 UTF-8 编码）"
                             : "理由过长：%ld个字，最多%d个字",
                   chars, XY_APPROVAL_REASON_MAX_CHARS);
        err->field = "reason";
        return XY_INVALID;
    }
    if (xy_mask_has_idno(reason)) { /* the reason goes into the submitter's notice */
        xy_err_set(err, XY_INVALID, "理由中不要填写身份证号码");
        err->field = "reason";
        return XY_INVALID;
    }
    return XY_OK;
}

static xy_code not_found(int64_t id, struct xy_err *err)
{
    xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的名单列入", (long long)id);
    err->field = "id";
    return XY_NOT_FOUND;
}

xy_code xy_approval_decide(struct xy_ctx *ctx, int64_t id, const char *decision, const char *reason,
                           struct xy_arena *a, struct xy_approval *out, struct xy_err *err)
{
    const struct xy_principal *who = ctx->who;
    struct xy_list_add_decider decider = {0, 0};
    enum xy_list_add_event ev;
    enum xy_list_add_state from, to;
    struct xy_case c;
    struct xy_case_step st = {0};
    struct xy_notice nt = {0};
    struct xy_err ignored;
    const char *item_name;
    char target[48];
    int today = xy_today();
    int64_t now = xy_now_ms();
    xy_code rc;

    if (!who || who->role == XY_R_NONE)
        return xy_authz_require(who, XY_PERM_LIST_APPROVE, err);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    rc = xy_store_case_get(ctx->store, id, a, &c, err);
    if (rc == XY_NOT_FOUND || (rc == XY_OK && !is_list_add(&c)))
        rc = XY_NOT_FOUND;
    else if (rc != XY_OK)
        goto fail;
    decider.is_operator = who->role == XY_R_OPERATOR;
    decider.submitted_it = rc == XY_OK && submitted_it(ctx, &c);
    /* the four-eyes answer before the permission's: the submitter and the operator learn why */
    if (!approver(ctx) && !decider.is_operator && !decider.submitted_it) {
        rc = xy_authz_require(who, XY_PERM_LIST_APPROVE, err);
        goto fail;
    }
    if (rc == XY_NOT_FOUND) {
        rc = not_found(id, err);
        goto fail;
    }
    if ((rc = xy_list_add_event_parse(decision, &ev, err)) != XY_OK ||
        (rc = check_reason(reason, err)) != XY_OK)
        goto fail;
    if (xy_list_add_state_parse(c.state, &from, &ignored) != XY_OK) {
        rc = xy_err_set(err, XY_INTERNAL, "case %lld has an unknown state \"%s\"", (long long)id,
                        c.state ? c.state : "");
        goto fail;
    }
    if ((rc = xy_list_add_next(from, ev, &decider, reason, &to, err)) != XY_OK) {
        if (rc == XY_DENIED || rc == XY_CONFLICT)
            err->field = "decision";
        goto fail;
    }
    if ((rc = xy_store_list_add_settle(ctx->store, id, xy_list_add_state_id(to),
                                       xy_list_add_hides(to), today, now, err)) != XY_OK)
        goto fail;
    st.case_id = id;
    st.at = now;
    st.actor = "reviewer";
    st.login = who->login ? who->login : "?";
    st.event = xy_list_add_event_id(ev);
    st.from_state = c.state;
    st.to_state = xy_list_add_state_id(to);
    st.reasons = reason && *reason ? reason : NULL;
    st.due_day = -1;
    if ((rc = xy_store_case_step_put(ctx->store, &st, err)) != XY_OK)
        goto fail;
    snprintf(target, sizeof(target), "case:%lld", (long long)id);
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){.action = ev == XY_LA_EV_APPROVE ? "list_add.approve"
                                                                       : "list_add.reject",
                                      .target = target,
                                      .subject_id = c.subject_id,
                                      .result = "ok",
                                      .detail = xy_arena_printf(a, "item=%s", c.item)},
             err)) != XY_OK)
        goto fail;
    item_name = c.item && xy_catalog_item(ctx->cat, c.item)
                    ? xy_catalog_item(ctx->cat, c.item)->name
                    : "名单";
    if (c.filer_user_id) {
        nt.user_id = c.filer_user_id;
        nt.case_id = id;
        nt.at = now;
        nt.text =
            ev == XY_LA_EV_APPROVE
                ? xy_arena_printf(a, "您报送的%s列入（编号 %lld）已审核通过，已公示", item_name,
                                  (long long)id)
                : xy_arena_printf(a, "您报送的%s列入（编号 %lld）未通过审核，不予发布。理由：%s",
                                  item_name, (long long)id, reason);
        if ((rc = xy_store_notice_put(ctx->store, &nt, err)) != XY_OK)
            goto fail;
    }
    if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
        goto fail;
    xy_check_lists_touched(); /* published or never: re-screening looks again */
    if (!out)
        return XY_OK;
    /* what the caller decided, as the queue shows it now (a read of its own: the decision
     * stands whatever happens to this answer) */
    c.state = xy_list_add_state_id(to);
    c.hides = xy_list_add_hides(to);
    return fill(ctx, &c, 1, a, out, err);
fail:
    xy_store_rollback(ctx->store);
    return rc;
}
