/* remedy.c - objection and credit repair transition tables and clocks (layer: domain)
 *
 * Sources (DOMAIN.md §4):
 *   objections, 信用广州 rules: accepted or refused within 2 working days of filing; the
 *     platform's own check within 2 working days; the source department verifies within 10
 *     working days; while under review the record shows 有异议;
 *   credit repair, 信用中国 practice: one application per penalty record, only after the minimum
 *     publicity period; decided within 10 working days; the decision reaches the deciding
 *     department within 3 working days; past the maximum period publication simply stops;
 *   court 失信被执行人 entries are removed within 3 working days after performance.
 * Every clock counts working days through domain/calendar (调休 included), never calendar days.
 */
#include "domain/remedy.h"

#include <stdio.h>
#include <string.h>

/* ---- names ---- */

#define ID(name, id, label)    id,
#define LABEL(name, id, label) label,

static const char *const actor_ids[] = {XY_ACTOR_MAP(ID)};
static const char *const actor_labels[] = {XY_ACTOR_MAP(LABEL)};
static const char *const ground_ids[] = {XY_OBJECTION_GROUND_MAP(ID)};
static const char *const ground_labels[] = {XY_OBJECTION_GROUND_MAP(LABEL)};
static const char *const obj_state_ids[] = {XY_OBJECTION_STATE_MAP(ID)};
static const char *const obj_state_labels[] = {XY_OBJECTION_STATE_MAP(LABEL)};
static const char *const obj_event_ids[] = {XY_OBJECTION_EVENT_MAP(ID)};
static const char *const obj_event_labels[] = {XY_OBJECTION_EVENT_MAP(LABEL)};
static const char *const rep_state_ids[] = {XY_REPAIR_STATE_MAP(ID)};
static const char *const rep_state_labels[] = {XY_REPAIR_STATE_MAP(LABEL)};
static const char *const rep_event_ids[] = {XY_REPAIR_EVENT_MAP(ID)};
static const char *const rep_event_labels[] = {XY_REPAIR_EVENT_MAP(LABEL)};

#undef ID
#undef LABEL

static const char *name_of(const char *const *names, int n, int v)
{
    return v >= 0 && v < n ? names[v] : "?";
}

static xy_code parse_name(const char *const *ids, int n, const char *what, const char *id, int *out,
                          struct xy_err *err)
{
    for (int i = 0; id && i < n; i++) {
        if (!strcmp(ids[i], id)) {
            *out = i;
            return XY_OK;
        }
    }
    return xy_err_set(err, XY_INVALID, "unknown %s \"%s\"", what, id ? id : "");
}

#define NAME_FUNCS(prefix, type, ids, labels, count, what)                                         \
    const char *prefix##_id(type v)                                                                \
    {                                                                                              \
        return name_of(ids, count, (int)v);                                                        \
    }                                                                                              \
    const char *prefix##_label(type v)                                                             \
    {                                                                                              \
        return name_of(labels, count, (int)v);                                                     \
    }                                                                                              \
    xy_code prefix##_parse(const char *id, type *out, struct xy_err *err)                          \
    {                                                                                              \
        int v = 0;                                                                                 \
        xy_code rc = parse_name(ids, count, what, id, &v, err);                                    \
        if (rc == XY_OK)                                                                           \
            *out = (type)v;                                                                        \
        return rc;                                                                                 \
    }

NAME_FUNCS(xy_actor, enum xy_actor, actor_ids, actor_labels, XY_ACTOR_COUNT, "actor")
NAME_FUNCS(xy_objection_ground, enum xy_objection_ground, ground_ids, ground_labels,
           XY_GROUND_COUNT, "objection ground")
NAME_FUNCS(xy_objection_state, enum xy_objection_state, obj_state_ids, obj_state_labels,
           XY_OBJ_STATE_COUNT, "objection state")
NAME_FUNCS(xy_objection_event, enum xy_objection_event, obj_event_ids, obj_event_labels,
           XY_OBJ_EVENT_COUNT, "objection event")
NAME_FUNCS(xy_repair_state, enum xy_repair_state, rep_state_ids, rep_state_labels,
           XY_REP_STATE_COUNT, "repair state")
NAME_FUNCS(xy_repair_event, enum xy_repair_event, rep_event_ids, rep_event_labels,
           XY_REP_EVENT_COUNT, "repair event")

/* ---- objections ---- */

/* Working days each state allows for the next step; rows take theirs from here (OBJ below), so
 * a rule and its target state cannot disagree. */
#define OBJ_DL_FILED     2  /* accept or refuse within 2 working days of filing */
#define OBJ_DL_ACCEPTED  2  /* the platform's own check within 2 working days of acceptance */
#define OBJ_DL_REFERRED  10 /* the source department verifies within 10 working days */
#define OBJ_DL_REFUSED   0
#define OBJ_DL_CORRECTED 0
#define OBJ_DL_UPHELD    0
#define OBJ_DL_WITHDRAWN 0

static const struct {
    int deadline_workdays;
    int open; /* the record shows 有异议 */
    int final;
} obj_states[XY_OBJ_STATE_COUNT] = {
    [XY_OBJ_FILED] = {OBJ_DL_FILED, 1, 0},         [XY_OBJ_ACCEPTED] = {OBJ_DL_ACCEPTED, 1, 0},
    [XY_OBJ_REFUSED] = {OBJ_DL_REFUSED, 0, 1},     [XY_OBJ_REFERRED] = {OBJ_DL_REFERRED, 1, 0},
    [XY_OBJ_CORRECTED] = {OBJ_DL_CORRECTED, 0, 1}, [XY_OBJ_UPHELD] = {OBJ_DL_UPHELD, 0, 1},
    [XY_OBJ_WITHDRAWN] = {OBJ_DL_WITHDRAWN, 0, 1},
};

#define OBJ(from, event, actor, to, reasons)                                                       \
    {                                                                                              \
        XY_OBJ_##from, XY_OBJ_EV_##event, XY_ACTOR_##actor, XY_OBJ_##to, OBJ_DL_##to, reasons      \
    }

/* Outcomes that close an objection against the filer (refused, upheld) or change the record
 * (corrected) carry reasons sent to the filer (issue 5); a withdrawal is the filer's own. The
 * reviewer decides after its own check; once referred, the department that made the record
 * decides after verifying it. The filer may withdraw while the objection is open. */
static const struct xy_remedy_rule obj_rules[] = {
    OBJ(FILED, ACCEPT, REVIEWER, ACCEPTED, 0),
    OBJ(FILED, REFUSE, REVIEWER, REFUSED, 1),
    OBJ(FILED, WITHDRAW, FILER, WITHDRAWN, 0),
    OBJ(ACCEPTED, REFER, REVIEWER, REFERRED, 0),
    OBJ(ACCEPTED, CORRECT, REVIEWER, CORRECTED, 1),
    OBJ(ACCEPTED, UPHOLD, REVIEWER, UPHELD, 1),
    OBJ(ACCEPTED, WITHDRAW, FILER, WITHDRAWN, 0),
    OBJ(REFERRED, CORRECT, DEPARTMENT, CORRECTED, 1),
    OBJ(REFERRED, UPHOLD, DEPARTMENT, UPHELD, 1),
    OBJ(REFERRED, WITHDRAW, FILER, WITHDRAWN, 0),
};

/* ---- credit repair ---- */

#define REP_DL_APPLIED   10 /* decided within 10 working days of the application */
#define REP_DL_ACCEPTED  10 /* the same 10 days: acceptance does not restart them */
#define REP_DL_GRANTED   3  /* the decision reaches the deciding department within 3 */
#define REP_DL_DENIED    0
#define REP_DL_WITHDRAWN 0
#define REP_DL_NOTIFIED  0

static const struct {
    int deadline_workdays;
    int granted;
    int final;
} rep_states[XY_REP_STATE_COUNT] = {
    [XY_REP_APPLIED] = {REP_DL_APPLIED, 0, 0},     [XY_REP_ACCEPTED] = {REP_DL_ACCEPTED, 0, 0},
    [XY_REP_GRANTED] = {REP_DL_GRANTED, 1, 0},     [XY_REP_DENIED] = {REP_DL_DENIED, 0, 1},
    [XY_REP_WITHDRAWN] = {REP_DL_WITHDRAWN, 0, 1}, [XY_REP_NOTIFIED] = {REP_DL_NOTIFIED, 1, 1},
};

#define REP(from, event, actor, to, reasons)                                                       \
    {                                                                                              \
        XY_REP_##from, XY_REP_EV_##event, XY_ACTOR_##actor, XY_REP_##to, REP_DL_##to, reasons      \
    }

/* Acceptance is optional: the reviewer may decide straight from `applied`. A refusal carries
 * reasons; a grant is its own reason. The subject may withdraw until the decision. The
 * notification is either delivered by the system into the department's queue or acknowledged
 * by the department; the first of the two closes the task. */
static const struct xy_remedy_rule rep_rules[] = {
    REP(APPLIED, ACCEPT, REVIEWER, ACCEPTED, 0),   REP(APPLIED, GRANT, REVIEWER, GRANTED, 0),
    REP(APPLIED, DENY, REVIEWER, DENIED, 1),       REP(APPLIED, WITHDRAW, FILER, WITHDRAWN, 0),
    REP(ACCEPTED, GRANT, REVIEWER, GRANTED, 0),    REP(ACCEPTED, DENY, REVIEWER, DENIED, 1),
    REP(ACCEPTED, WITHDRAW, FILER, WITHDRAWN, 0),  REP(GRANTED, NOTIFY, SYSTEM, NOTIFIED, 0),
    REP(GRANTED, NOTIFY, DEPARTMENT, NOTIFIED, 0),
};

/* ---- one dispatcher for both machines ---- */

struct machine {
    const char *what; /* the case, in messages: "异议" */
    const char *const *state_labels;
    int nstates;
    const char *const *event_labels;
    int nevents;
    const struct xy_remedy_rule *rules;
    size_t nrules;
    int (*final)(int state);
};

static int obj_final(int s)
{
    return obj_states[s].final;
}

static int rep_final(int s)
{
    return rep_states[s].final;
}

static const struct machine objection = {
    "异议",
    obj_state_labels,
    XY_OBJ_STATE_COUNT,
    obj_event_labels,
    XY_OBJ_EVENT_COUNT,
    obj_rules,
    sizeof(obj_rules) / sizeof(obj_rules[0]),
    obj_final,
};

static const struct machine repair = {
    "信用修复申请",
    rep_state_labels,
    XY_REP_STATE_COUNT,
    rep_event_labels,
    XY_REP_EVENT_COUNT,
    rep_rules,
    sizeof(rep_rules) / sizeof(rep_rules[0]),
    rep_final,
};

static const struct xy_remedy_rule *find(const struct machine *m, int from, int event, int actor)
{
    for (size_t i = 0; i < m->nrules; i++)
        if (m->rules[i].from == from && m->rules[i].event == event &&
            (int)m->rules[i].actor == actor)
            return &m->rules[i];
    return NULL;
}

/* Append "、"-separated names to a fixed buffer; silently truncated (messages only). */
static void list_add(char *buf, size_t size, const char *sep, const char *name)
{
    size_t len = strlen(buf);
    if (len < size)
        snprintf(buf + len, size - len, "%s%s", len ? sep : "", name);
}

static xy_code next(const struct machine *m, int from, int event, int actor, int *to,
                    struct xy_err *err)
{
    const struct xy_remedy_rule *r;
    char who[96] = "", can[160] = "";

    if (from < 0 || from >= m->nstates)
        return xy_err_set(err, XY_INVALID, "unknown %s state %d", m->what, from);
    if (event < 0 || event >= m->nevents)
        return xy_err_set(err, XY_INVALID, "unknown %s event %d", m->what, event);
    if (actor < 0 || actor >= XY_ACTOR_COUNT)
        return xy_err_set(err, XY_INVALID, "unknown actor %d", actor);

    if ((r = find(m, from, event, actor))) {
        *to = r->to;
        return XY_OK;
    }
    if (m->final(from))
        return xy_err_set(err, XY_CONFLICT, "%s已办结（%s），不能再「%s」", m->what,
                          m->state_labels[from], m->event_labels[event]);
    for (size_t i = 0; i < m->nrules; i++) {
        const struct xy_remedy_rule *x = &m->rules[i];
        if (x->from != from)
            continue;
        if (x->event == event)
            list_add(who, sizeof(who), "或", actor_labels[x->actor]);
        else if (!strstr(can, m->event_labels[x->event]))
            list_add(can, sizeof(can), "、", m->event_labels[x->event]);
    }
    if (who[0]) {
        xy_err_set(err, XY_DENIED, "%s状态为「%s」时只有%s可以「%s」", m->what,
                   m->state_labels[from], who, m->event_labels[event]);
        xy_err_detail(err, "操作人为%s", actor_labels[actor]);
        return XY_DENIED;
    }
    xy_err_set(err, XY_CONFLICT, "%s状态为「%s」时不能「%s」", m->what, m->state_labels[from],
               m->event_labels[event]);
    xy_err_detail(err, "此时可以：%s", can);
    return XY_CONFLICT;
}

static xy_code deadline(const struct xy_calendar *cal, int workdays, int day, int *due,
                        struct xy_err *err)
{
    if (!workdays) {
        *due = -1;
        return XY_OK;
    }
    return xy_calendar_add_workdays(cal, day, workdays, due, err);
}

/* ---- objections: public face ---- */

const struct xy_remedy_rule *xy_objection_rules(size_t *n)
{
    *n = objection.nrules;
    return obj_rules;
}

const struct xy_remedy_rule *xy_objection_rule(enum xy_objection_state from,
                                               enum xy_objection_event event, enum xy_actor actor)
{
    return find(&objection, (int)from, (int)event, (int)actor);
}

xy_code xy_objection_next(enum xy_objection_state from, enum xy_objection_event event,
                          enum xy_actor actor, enum xy_objection_state *to, struct xy_err *err)
{
    int t = 0;
    xy_code rc = next(&objection, (int)from, (int)event, (int)actor, &t, err);
    if (rc == XY_OK)
        *to = (enum xy_objection_state)t;
    return rc;
}

int xy_objection_deadline_workdays(enum xy_objection_state state)
{
    return (unsigned)state < XY_OBJ_STATE_COUNT ? obj_states[state].deadline_workdays : 0;
}

xy_code xy_objection_deadline(const struct xy_calendar *cal, enum xy_objection_state state,
                              int entered_day, int *due, struct xy_err *err)
{
    if ((unsigned)state >= XY_OBJ_STATE_COUNT)
        return xy_err_set(err, XY_INVALID, "unknown 异议 state %d", (int)state);
    return deadline(cal, obj_states[state].deadline_workdays, entered_day, due, err);
}

int xy_objection_open(enum xy_objection_state state)
{
    return (unsigned)state < XY_OBJ_STATE_COUNT && obj_states[state].open;
}

int xy_objection_final(enum xy_objection_state state)
{
    return (unsigned)state < XY_OBJ_STATE_COUNT && obj_states[state].final;
}

/* ---- credit repair: public face ---- */

const struct xy_remedy_rule *xy_repair_rules(size_t *n)
{
    *n = repair.nrules;
    return rep_rules;
}

const struct xy_remedy_rule *xy_repair_rule(enum xy_repair_state from, enum xy_repair_event event,
                                            enum xy_actor actor)
{
    return find(&repair, (int)from, (int)event, (int)actor);
}

xy_code xy_repair_next(enum xy_repair_state from, enum xy_repair_event event, enum xy_actor actor,
                       enum xy_repair_state *to, struct xy_err *err)
{
    int t = 0;
    xy_code rc = next(&repair, (int)from, (int)event, (int)actor, &t, err);
    if (rc == XY_OK)
        *to = (enum xy_repair_state)t;
    return rc;
}

int xy_repair_deadline_workdays(enum xy_repair_state state)
{
    return (unsigned)state < XY_REP_STATE_COUNT ? rep_states[state].deadline_workdays : 0;
}

xy_code xy_repair_deadline(const struct xy_calendar *cal, enum xy_repair_state state,
                           int entered_day, int *due, struct xy_err *err)
{
    if ((unsigned)state >= XY_REP_STATE_COUNT)
        return xy_err_set(err, XY_INVALID, "unknown 信用修复申请 state %d", (int)state);
    return deadline(cal, rep_states[state].deadline_workdays, entered_day, due, err);
}

int xy_repair_final(enum xy_repair_state state)
{
    return (unsigned)state < XY_REP_STATE_COUNT && rep_states[state].final;
}

int xy_repair_granted(enum xy_repair_state state)
{
    return (unsigned)state < XY_REP_STATE_COUNT && rep_states[state].granted;
}

const char *xy_repair_window_label(enum xy_repair_window w)
{
    switch (w) {
    case XY_REPAIR_NOT_YET:
        return "最短公示期未满，暂不能申请信用修复";
    case XY_REPAIR_POSSIBLE:
        return "可以申请信用修复";
    case XY_REPAIR_NOT_NEEDED:
        return "已超过最长公示期，公示已自动停止，无需申请信用修复";
    }
    return "?";
}

xy_code xy_repair_possible(int repairable_from, int public_until, int today,
                           enum xy_repair_window *out, struct xy_err *err)
{
    if (repairable_from < 0)
        return xy_err_set(err, XY_INVALID,
                          "cannot repair a record without a minimum publicity period");
    /* The maximum is checked first: a record whose 公示截止期 ends before its minimum period
     * (the department shortened it) is already out of public view, nothing to repair. */
    if (public_until >= 0 && today > public_until)
        *out = XY_REPAIR_NOT_NEEDED;
    else if (today < repairable_from)
        *out = XY_REPAIR_NOT_YET;
    else
        *out = XY_REPAIR_POSSIBLE;
    return XY_OK;
}

/* ---- court 失信被执行人 ---- */

#define SXBZXR_REMOVAL_WORKDAYS 3

xy_code xy_sxbzxr_removal_due(const struct xy_calendar *cal, int performed_day, int *due,
                              struct xy_err *err)
{
    return xy_calendar_add_workdays(cal, performed_day, SXBZXR_REMOVAL_WORKDAYS, due, err);
}
