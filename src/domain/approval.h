/* approval.h - a black-list addition waits for a second person's approval before it is
 * published (layer: domain)
 *
 * Pure rules, no I/O. An addition to a list whose catalogue item says list_approval =
 * two_person (xy_item_list_needs_second_approval) is held as a case of kind "list_add" in state
 * pending; another person than the one who submitted it approves (published) or rejects it with
 * a reason (never published). The four-eyes rule is decided here so that every caller (HTTP, a
 * future command) asks the same question; the permission itself is the service's (authz).
 *
 * Invariants: ids are stable (stored and sent over the API): append only, never rename; the
 * final states accept no event.
 */
#ifndef XY_DOMAIN_APPROVAL_H
#define XY_DOMAIN_APPROVAL_H

#include "base/err.h"

#define XY_LIST_ADD_KIND "list_add" /* cases.kind */

#define XY_LIST_ADD_STATE_MAP(X)                                                                   \
    X(PENDING, "pending", "待审核")                                                                \
    X(APPROVED, "approved", "已发布")                                                              \
    X(REJECTED, "rejected", "不予发布")

#define XY_LIST_ADD_EVENT_MAP(X)                                                                   \
    X(APPROVE, "approve", "审核通过")                                                              \
    X(REJECT, "reject", "不予发布")

enum xy_list_add_state {
#define XY_LIST_ADD_ENUM(name, id, label) XY_LA_##name,
    XY_LIST_ADD_STATE_MAP(XY_LIST_ADD_ENUM)
#undef XY_LIST_ADD_ENUM
        XY_LA_STATE_COUNT
};

enum xy_list_add_event {
#define XY_LIST_ADD_ENUM(name, id, label) XY_LA_EV_##name,
    XY_LIST_ADD_EVENT_MAP(XY_LIST_ADD_ENUM)
#undef XY_LIST_ADD_ENUM
        XY_LA_EVENT_COUNT
};

/* Ids ("pending") and labels ("待审核"), static strings; "?" out of range. */
const char *xy_list_add_state_id(enum xy_list_add_state s);
const char *xy_list_add_state_label(enum xy_list_add_state s);
const char *xy_list_add_event_id(enum xy_list_add_event e);
const char *xy_list_add_event_label(enum xy_list_add_event e);
/* XY_INVALID naming the value for an unknown id (err->field "state" / "decision"). */
xy_code xy_list_add_state_parse(const char *id, enum xy_list_add_state *out, struct xy_err *err);
xy_code xy_list_add_event_parse(const char *id, enum xy_list_add_event *out, struct xy_err *err);

/* 1 while the addition waits: the record is in no public read and no check. */
int xy_list_add_pending(enum xy_list_add_state s);
/* 1 when the record is never published (rejected). */
int xy_list_add_hides(enum xy_list_add_state s);

/* How the one who decides stands to the addition. */
struct xy_list_add_decider {
    int submitted_it; /* the same account (or login) that submitted the batch */
    int is_operator;  /* the host's command line: no named person, and may be the submitter */
};

/* The state after event, decided by who, with reason (required to reject, sent to the
 * submitter). XY_CONFLICT once decided ("已发布"/"不予发布"); XY_DENIED when who submitted it
 * or is the operator ("须由另一名工作人员审核"); XY_INVALID (field "reason") for a rejection
 * without a reason; XY_INVALID for a value outside an enum. *to is untouched on error. The
 * order is the order a clerk needs: a decided case first, then who, then the reason. */
xy_code xy_list_add_next(enum xy_list_add_state from, enum xy_list_add_event event,
                         const struct xy_list_add_decider *who, const char *reason,
                         enum xy_list_add_state *to, struct xy_err *err);

#endif
