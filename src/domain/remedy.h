/* remedy.h - objection (异议) and credit repair (信用修复) as state machines with working-day
 * clocks (layer: domain)
 *
 * Pure rules, no I/O: which step may follow which, who may take it, whether it needs reasons,
 * and when the next step is due (DOMAIN.md §4). The service layer stores cases, checks that
 * reasons are present when a rule says so, and audits every step; it asks this module only
 * "may this actor fire this event now, and what follows".
 *
 * Invariants:
 *  - enum values and string ids are stable (stored and sent over the API): append only, never
 *    renumber or rename;
 *  - final states accept no event;
 *  - a clock belongs to a state: every transition into a state starts the same clock, so the
 *    deadline written in a rule is the deadline of its `to` state (remedy.c builds both from one
 *    number).
 */
#ifndef XY_DOMAIN_REMEDY_H
#define XY_DOMAIN_REMEDY_H

#include <stddef.h>

#include "base/err.h"
#include "domain/calendar.h"

/* Who fires an event. */
#define XY_ACTOR_MAP(X)                                                                            \
    X(FILER, "filer", "信用主体或其代理人")                                                        \
    X(REVIEWER, "reviewer", "信用管理部门")                                                        \
    X(DEPARTMENT, "department", "认定部门")                                                        \
    X(SYSTEM, "system", "系统")

/* Objection grounds (DOMAIN.md §4, 信用广州). */
#define XY_OBJECTION_GROUND_MAP(X)                                                                 \
    X(WRONG, "wrong", "错误")                                                                      \
    X(MISSING, "missing", "遗漏")                                                                  \
    X(DUPLICATE, "duplicate", "重复")                                                              \
    X(SHOULD_NOT_PUBLISH, "should_not_publish", "不应公示")                                        \
    X(PAST_PERIOD, "past_period", "超期公示")                                                      \
    X(DIFFERS_FROM_SOURCE, "differs_from_source", "与认定机关信息不一致")

/* Objection states. The platform's own check is the `accepted` state: acceptance starts it and
 * it ends with correct, uphold or refer, so a separate "checking" state would only add a step
 * with no legal meaning and no clock of its own. */
#define XY_OBJECTION_STATE_MAP(X)                                                                  \
    X(FILED, "filed", "已提交")                                                                    \
    X(ACCEPTED, "accepted", "已受理")                                                              \
    X(REFUSED, "refused", "不予受理")                                                              \
    X(REFERRED, "referred", "待部门核实")                                                          \
    X(CORRECTED, "corrected", "已更正")                                                            \
    X(UPHELD, "upheld", "维持原记录")                                                              \
    X(WITHDRAWN, "withdrawn", "已撤回")

#define XY_OBJECTION_EVENT_MAP(X)                                                                  \
    X(ACCEPT, "accept", "受理")                                                                    \
    X(REFUSE, "refuse", "不予受理")                                                                \
    X(REFER, "refer", "转认定部门核实")                                                            \
    X(CORRECT, "correct", "更正")                                                                  \
    X(UPHOLD, "uphold", "维持原记录")                                                              \
    X(WITHDRAW, "withdraw", "撤回")

/* Credit repair states. `notified`: the decision reached the deciding department. */
#define XY_REPAIR_STATE_MAP(X)                                                                     \
    X(APPLIED, "applied", "已申请")                                                                \
    X(ACCEPTED, "accepted", "已受理")                                                              \
    X(GRANTED, "granted", "已修复")                                                                \
    X(DENIED, "denied", "不予修复")                                                                \
    X(WITHDRAWN, "withdrawn", "已撤回")                                                            \
    X(NOTIFIED, "notified", "已告知认定部门")

#define XY_REPAIR_EVENT_MAP(X)                                                                     \
    X(ACCEPT, "accept", "受理")                                                                    \
    X(GRANT, "grant", "准予修复")                                                                  \
    X(DENY, "deny", "不予修复")                                                                    \
    X(WITHDRAW, "withdraw", "撤回")                                                                \
    X(NOTIFY, "notify", "告知认定部门")

enum xy_actor {
#define XY_REMEDY_ENUM(name, id, label) XY_ACTOR_##name,
    XY_ACTOR_MAP(XY_REMEDY_ENUM)
#undef XY_REMEDY_ENUM
        XY_ACTOR_COUNT
};

enum xy_objection_ground {
#define XY_REMEDY_ENUM(name, id, label) XY_GROUND_##name,
    XY_OBJECTION_GROUND_MAP(XY_REMEDY_ENUM)
#undef XY_REMEDY_ENUM
        XY_GROUND_COUNT
};

enum xy_objection_state {
#define XY_REMEDY_ENUM(name, id, label) XY_OBJ_##name,
    XY_OBJECTION_STATE_MAP(XY_REMEDY_ENUM)
#undef XY_REMEDY_ENUM
        XY_OBJ_STATE_COUNT
};

enum xy_objection_event {
#define XY_REMEDY_ENUM(name, id, label) XY_OBJ_EV_##name,
    XY_OBJECTION_EVENT_MAP(XY_REMEDY_ENUM)
#undef XY_REMEDY_ENUM
        XY_OBJ_EVENT_COUNT
};

enum xy_repair_state {
#define XY_REMEDY_ENUM(name, id, label) XY_REP_##name,
    XY_REPAIR_STATE_MAP(XY_REMEDY_ENUM)
#undef XY_REMEDY_ENUM
        XY_REP_STATE_COUNT
};

enum xy_repair_event {
#define XY_REMEDY_ENUM(name, id, label) XY_REP_EV_##name,
    XY_REPAIR_EVENT_MAP(XY_REMEDY_ENUM)
#undef XY_REMEDY_ENUM
        XY_REP_EVENT_COUNT
};

/* One row of a transition table. from/event/to hold the machine's own enums (objection or
 * repair); one struct serves both so that one dispatcher serves both. */
struct xy_remedy_rule {
    int from;
    int event;
    enum xy_actor actor;
    int to;
    int deadline_workdays; /* the clock that starts in `to`; 0 = no clock */
    int reasons_required;  /* the step must carry reasons for the filer */
};

/* Names. Ids are stable ASCII ("filed"), labels Chinese ("已提交"); both static strings. An
 * out-of-range value gives "?" rather than crashing. */
const char *xy_actor_id(enum xy_actor a);
const char *xy_actor_label(enum xy_actor a);
const char *xy_objection_ground_id(enum xy_objection_ground g);
const char *xy_objection_ground_label(enum xy_objection_ground g);
const char *xy_objection_state_id(enum xy_objection_state s);
const char *xy_objection_state_label(enum xy_objection_state s);
const char *xy_objection_event_id(enum xy_objection_event e);
const char *xy_objection_event_label(enum xy_objection_event e);
const char *xy_repair_state_id(enum xy_repair_state s);
const char *xy_repair_state_label(enum xy_repair_state s);
const char *xy_repair_event_id(enum xy_repair_event e);
const char *xy_repair_event_label(enum xy_repair_event e);

/* Parse a stable id (as stored or received). XY_INVALID naming the value otherwise. */
xy_code xy_actor_parse(const char *id, enum xy_actor *out, struct xy_err *err);
xy_code xy_objection_ground_parse(const char *id, enum xy_objection_ground *out,
                                  struct xy_err *err);
xy_code xy_objection_state_parse(const char *id, enum xy_objection_state *out, struct xy_err *err);
xy_code xy_objection_event_parse(const char *id, enum xy_objection_event *out, struct xy_err *err);
xy_code xy_repair_state_parse(const char *id, enum xy_repair_state *out, struct xy_err *err);
xy_code xy_repair_event_parse(const char *id, enum xy_repair_event *out, struct xy_err *err);

/* ---- objections ---- */

/* The transition table (static; *n rows). For listing and tests; decide with _next/_rule. */
const struct xy_remedy_rule *xy_objection_rules(size_t *n);

/* The row that lets actor fire event in state from, or NULL. */
const struct xy_remedy_rule *xy_objection_rule(enum xy_objection_state from,
                                               enum xy_objection_event event, enum xy_actor actor);

/* The state after actor fires event in from. XY_CONFLICT when the event is not possible in
 * that state (every event in a final state), XY_DENIED when it is but another actor must fire
 * it, XY_INVALID for a value outside an enum; the message names the state, the event and, for
 * XY_DENIED, who may. *to is untouched on error. */
xy_code xy_objection_next(enum xy_objection_state from, enum xy_objection_event event,
                          enum xy_actor actor, enum xy_objection_state *to, struct xy_err *err);

/* The working days state allows for the next step (filed 2, accepted 2, referred 10), 0 when it
 * has no clock. */
int xy_objection_deadline_workdays(enum xy_objection_state state);

/* *due = the last day for the next step of a case that entered state on entered_day (days since
 * 1970-01-01), or -1 when the state has no clock. A calendar year without a file is the
 * calendar's XY_NOT_FOUND, passed on. */
xy_code xy_objection_deadline(const struct xy_calendar *cal, enum xy_objection_state state,
                              int entered_day, int *due, struct xy_err *err);

/* 1 while the objection is open (filed, accepted, referred): the record shows 有异议. */
int xy_objection_open(enum xy_objection_state state);
/* 1 for a final state (refused, corrected, upheld, withdrawn). */
int xy_objection_final(enum xy_objection_state state);

/* ---- credit repair ---- */

const struct xy_remedy_rule *xy_repair_rules(size_t *n);
const struct xy_remedy_rule *xy_repair_rule(enum xy_repair_state from, enum xy_repair_event event,
                                            enum xy_actor actor);
/* As xy_objection_next. */
xy_code xy_repair_next(enum xy_repair_state from, enum xy_repair_event event, enum xy_actor actor,
                       enum xy_repair_state *to, struct xy_err *err);

/* applied 10 (the decision), accepted 10, granted 3 (notifying the department); else 0. */
int xy_repair_deadline_workdays(enum xy_repair_state state);

/* As xy_objection_deadline, except that acceptance does not restart the 10 working days of the
 * decision: for `accepted` pass the application day, not the day of acceptance. */
xy_code xy_repair_deadline(const struct xy_calendar *cal, enum xy_repair_state state,
                           int entered_day, int *due, struct xy_err *err);

/* 1 for a final state (denied, withdrawn, notified). */
int xy_repair_final(enum xy_repair_state state);
/* 1 once repair is granted (granted, notified): the record leaves public view, kept internally. */
int xy_repair_granted(enum xy_repair_state state);

/* Whether a penalty record needs, allows or does not yet allow an application. */
enum xy_repair_window {
    XY_REPAIR_NOT_YET = 0, /* the minimum publicity period runs; possible from repairable_from */
    XY_REPAIR_POSSIBLE,    /* past the minimum, still public */
    XY_REPAIR_NOT_NEEDED,  /* past the maximum: publication has stopped by itself */
};

/* Chinese wording of a window for the portal ("已超过最长公示期，无需申请信用修复"). */
const char *xy_repair_window_label(enum xy_repair_window w);

/* Decide the window on the day today from a record's periods as domain/publicity computes them
 * (struct xy_publicity): repairable_from = first day an application is possible (the day after
 * the minimum period), public_until = last public day (-1: no fixed end). Before
 * repairable_from: NOT_YET (repairable_from is the first possible day); after public_until:
 * NOT_NEEDED; otherwise POSSIBLE. XY_INVALID when repairable_from < 0 (the record has no
 * minimum period: not a penalty, so no repair). */
xy_code xy_repair_possible(int repairable_from, int public_until, int today,
                           enum xy_repair_window *out, struct xy_err *err);

/* ---- court 失信被执行人 ---- */

/* *due = the last day to remove a 失信被执行人 entry from public view: 3 working days after the
 * court reports performance on performed_day. Calendar errors as above. */
xy_code xy_sxbzxr_removal_due(const struct xy_calendar *cal, int performed_day, int *due,
                              struct xy_err *err);

#endif
