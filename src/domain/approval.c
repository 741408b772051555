/* approval.c - the two-person rule for black-list additions (layer: domain)
 *
 * Why two persons: a 严重失信主体名单 entry restricts a subject across every department (联合惩戒,
 * 国办发〔2020〕49号 asks for strict procedure before a subject is listed), so a clerk's slip or
 * abuse must not reach the portal and the checks alone; a second person reads the entry first.
 * The second person is a named account: the host operator is none (and may be the very person
 * who submitted), so the command line never approves.
 */
#include "domain/approval.h"

#include <string.h>

#define ID(name, id, label)    id,
#define LABEL(name, id, label) label,
static const char *const state_ids[] = {XY_LIST_ADD_STATE_MAP(ID)};
static const char *const state_labels[] = {XY_LIST_ADD_STATE_MAP(LABEL)};
static const char *const event_ids[] = {XY_LIST_ADD_EVENT_MAP(ID)};
static const char *const event_labels[] = {XY_LIST_ADD_EVENT_MAP(LABEL)};
#undef ID
#undef LABEL

/* What each state means for the record, and which event leads where. */
static const struct {
    int pending, hides, final;
} states[XY_LA_STATE_COUNT] = {
    [XY_LA_PENDING] = {1, 0, 0},
    [XY_LA_APPROVED] = {0, 0, 1},
    [XY_LA_REJECTED] = {0, 1, 1},
};

static const struct {
    enum xy_list_add_state to;
    int reason_required; /* the submitter is told why */
} events[XY_LA_EVENT_COUNT] = {
    [XY_LA_EV_APPROVE] = {XY_LA_APPROVED, 0},
    [XY_LA_EV_REJECT] = {XY_LA_REJECTED, 1},
};

static const char *name_of(const char *const *v, int n, int i)
{
    return i >= 0 && i < n ? v[i] : "?";
}

const char *xy_list_add_state_id(enum xy_list_add_state s)
{
    return name_of(state_ids, XY_LA_STATE_COUNT, (int)s);
}

const char *xy_list_add_state_label(enum xy_list_add_state s)
{
    return name_of(state_labels, XY_LA_STATE_COUNT, (int)s);
}

const char *xy_list_add_event_id(enum xy_list_add_event e)
{
    return name_of(event_ids, XY_LA_EVENT_COUNT, (int)e);
}

const char *xy_list_add_event_label(enum xy_list_add_event e)
{
    return name_of(event_labels, XY_LA_EVENT_COUNT, (int)e);
}

xy_code xy_list_add_state_parse(const char *id, enum xy_list_add_state *out, struct xy_err *err)
{
    for (int i = 0; id && i < XY_LA_STATE_COUNT; i++)
        if (!strcmp(id, state_ids[i])) {
            *out = (enum xy_list_add_state)i;
            return XY_OK;
        }
    xy_err_set(err, XY_INVALID, "审核状态“%.20s”无效，须为 pending、approved 或 rejected",
               id ? id : "");
    err->field = "state";
    return XY_INVALID;
}

xy_code xy_list_add_event_parse(const char *id, enum xy_list_add_event *out, struct xy_err *err)
{
    for (int i = 0; id && i < XY_LA_EVENT_COUNT; i++)
        if (!strcmp(id, event_ids[i])) {
            *out = (enum xy_list_add_event)i;
            return XY_OK;
        }
    xy_err_set(err, XY_INVALID,
               "审核结论“%.20s”无效，须为 approve（审核通过）或 reject（不予发布）", id ? id : "");
    err->field = "decision";
    return XY_INVALID;
}

int xy_list_add_pending(enum xy_list_add_state s)
{
    return (unsigned)s < XY_LA_STATE_COUNT && states[s].pending;
}

int xy_list_add_hides(enum xy_list_add_state s)
{
    return (unsigned)s < XY_LA_STATE_COUNT && states[s].hides;
}

/* 1 when s holds something besides spaces (ASCII or the ideographic space). */
static int has_text(const char *s)
{
    while (s && *s) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
            s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3))
            s += 3;
        else
            return 1;
    }
    return 0;
}

xy_code xy_list_add_next(enum xy_list_add_state from, enum xy_list_add_event event,
                         const struct xy_list_add_decider *who, const char *reason,
                         enum xy_list_add_state *to, struct xy_err *err)
{
    if ((unsigned)from >= XY_LA_STATE_COUNT)
        return xy_err_set(err, XY_INVALID, "unknown list addition state %d", (int)from);
    if ((unsigned)event >= XY_LA_EVENT_COUNT)
        return xy_err_set(err, XY_INVALID, "unknown list addition event %d", (int)event);
    if (states[from].final)
        return xy_err_set(err, XY_CONFLICT, "该名单列入已审核（%s），不能再「%s」",
                          state_labels[from], event_labels[event]);
    if (who->is_operator)
        return xy_err_set(err, XY_DENIED,
                          "须由另一名工作人员审核：严重失信主体名单的列入须由提交人以外的"
                          "工作人员登录后审核，命令行不能审核");
    if (who->submitted_it)
        return xy_err_set(err, XY_DENIED,
                          "须由另一名工作人员审核：提交人不能审核本人报送的严重失信主体名单列入");
    if (events[event].reason_required && !has_text(reason)) {
        xy_err_set(err, XY_INVALID, "「%s」须写明理由，理由将告知报送人", event_labels[event]);
        err->field = "reason";
        return XY_INVALID;
    }
    *to = events[event].to;
    return XY_OK;
}
