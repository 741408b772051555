/* test_remedy.c - objection and credit repair state machines and their working-day clocks
 * (domain/remedy), on the shipped calendar files
 *
 * The expected tables below are written again from issue 5 and DOMAIN.md §4, apart from
 * src/domain/remedy.c, so that a test compares the module with an independent reading of the
 * rules rather than with itself. Dates were counted by hand against calendar/2025.txt and
 * calendar/2026.txt (see each test).
 */
#include "helpers.h"

#include "base/time.h"
#include "domain/calendar.h"
#include "domain/remedy.h"

#ifndef XY_TEST_CALENDAR_DIR
#define XY_TEST_CALENDAR_DIR "calendar"
#endif

static struct xy_calendar cal;

static int setup(void **state)
{
    static const char *const years[] = {"2025", "2026"};
    struct xy_err err;
    (void)state;
    xy_calendar_init(&cal);
    for (size_t i = 0; i < 2; i++) {
        char path[512];
        size_t n;
        char *text;
        xy_code rc;
        snprintf(path, sizeof(path), "%s/%s.txt", XY_TEST_CALENDAR_DIR, years[i]);
        text = t_read_file(path, &n);
        rc = xy_calendar_add(&cal, path, text, n, &err);
        free(text);
        if (rc != XY_OK)
            return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xy_calendar_release(&cal);
    return 0;
}

static int D(int y, int m, int d)
{
    return xy_days_from_civil(y, m, d);
}

static const char *fmt(int d, char buf[11])
{
    if (d < 0)
        return "none";
    xy_date_format(d, buf);
    return buf;
}

/* ---- the expected tables ---- */

struct want {
    int from, event;
    enum xy_actor actor;
    int to, deadline_workdays, reasons;
};

static const struct want obj_want[] = {
    /* accept or refuse within 2 working days of filing; acceptance starts the platform's check,
     * 2 working days */
    {XY_OBJ_FILED, XY_OBJ_EV_ACCEPT, XY_ACTOR_REVIEWER, XY_OBJ_ACCEPTED, 2, 0},
    {XY_OBJ_FILED, XY_OBJ_EV_REFUSE, XY_ACTOR_REVIEWER, XY_OBJ_REFUSED, 0, 1},
    {XY_OBJ_FILED, XY_OBJ_EV_WITHDRAW, XY_ACTOR_FILER, XY_OBJ_WITHDRAWN, 0, 0},
    /* the department verifies within 10 working days of referral */
    {XY_OBJ_ACCEPTED, XY_OBJ_EV_REFER, XY_ACTOR_REVIEWER, XY_OBJ_REFERRED, 10, 0},
    {XY_OBJ_ACCEPTED, XY_OBJ_EV_CORRECT, XY_ACTOR_REVIEWER, XY_OBJ_CORRECTED, 0, 1},
    {XY_OBJ_ACCEPTED, XY_OBJ_EV_UPHOLD, XY_ACTOR_REVIEWER, XY_OBJ_UPHELD, 0, 1},
    {XY_OBJ_ACCEPTED, XY_OBJ_EV_WITHDRAW, XY_ACTOR_FILER, XY_OBJ_WITHDRAWN, 0, 0},
    {XY_OBJ_REFERRED, XY_OBJ_EV_CORRECT, XY_ACTOR_DEPARTMENT, XY_OBJ_CORRECTED, 0, 1},
    {XY_OBJ_REFERRED, XY_OBJ_EV_UPHOLD, XY_ACTOR_DEPARTMENT, XY_OBJ_UPHELD, 0, 1},
    {XY_OBJ_REFERRED, XY_OBJ_EV_WITHDRAW, XY_ACTOR_FILER, XY_OBJ_WITHDRAWN, 0, 0},
};

static const struct want rep_want[] = {
    /* decided within 10 working days of the application, accepted or not */
    {XY_REP_APPLIED, XY_REP_EV_ACCEPT, XY_ACTOR_REVIEWER, XY_REP_ACCEPTED, 10, 0},
    {XY_REP_APPLIED, XY_REP_EV_GRANT, XY_ACTOR_REVIEWER, XY_REP_GRANTED, 3, 0},
    {XY_REP_APPLIED, XY_REP_EV_DENY, XY_ACTOR_REVIEWER, XY_REP_DENIED, 0, 1},
    {XY_REP_APPLIED, XY_REP_EV_WITHDRAW, XY_ACTOR_FILER, XY_REP_WITHDRAWN, 0, 0},
    /* a grant reaches the deciding department within 3 working days */
    {XY_REP_ACCEPTED, XY_REP_EV_GRANT, XY_ACTOR_REVIEWER, XY_REP_GRANTED, 3, 0},
    {XY_REP_ACCEPTED, XY_REP_EV_DENY, XY_ACTOR_REVIEWER, XY_REP_DENIED, 0, 1},
    {XY_REP_ACCEPTED, XY_REP_EV_WITHDRAW, XY_ACTOR_FILER, XY_REP_WITHDRAWN, 0, 0},
    {XY_REP_GRANTED, XY_REP_EV_NOTIFY, XY_ACTOR_SYSTEM, XY_REP_NOTIFIED, 0, 0},
    {XY_REP_GRANTED, XY_REP_EV_NOTIFY, XY_ACTOR_DEPARTMENT, XY_REP_NOTIFIED, 0, 0},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct want *want_find(const struct want *w, size_t n, int from, int event, int actor)
{
    for (size_t i = 0; i < n; i++)
        if (w[i].from == from && w[i].event == event && (int)w[i].actor == actor)
            return &w[i];
    return NULL;
}

static void check_table_equals(const struct xy_remedy_rule *rules, size_t n, const struct want *w,
                               size_t nw)
{
    assert_int_equal(n, nw);
    for (size_t i = 0; i < n; i++) {
        const struct want *x = want_find(w, nw, rules[i].from, rules[i].event, rules[i].actor);
        if (!x)
            fail_msg("row %zu (%d, %d, %d) is not in the rules of the issue", i, rules[i].from,
                     rules[i].event, (int)rules[i].actor);
        assert_int_equal(rules[i].to, x->to);
        assert_int_equal(rules[i].deadline_workdays, x->deadline_workdays);
        assert_int_equal(rules[i].reasons_required, x->reasons);
        for (size_t j = 0; j < i; j++) /* no duplicate rows */
            assert_false(rules[j].from == rules[i].from && rules[j].event == rules[i].event &&
                         rules[j].actor == rules[i].actor);
    }
}

/* ---- objections ---- */

static void test_the_objection_table_is_exactly_the_rules_of_the_issue(void **state)
{
    size_t n;
    const struct xy_remedy_rule *r = xy_objection_rules(&n);
    (void)state;
    check_table_equals(r, n, obj_want, N(obj_want));
}

static void test_every_legal_objection_transition_is_taken(void **state)
{
    size_t n;
    const struct xy_remedy_rule *r = xy_objection_rules(&n);
    (void)state;
    for (size_t i = 0; i < n; i++) {
        struct xy_err err;
        enum xy_objection_state to = XY_OBJ_STATE_COUNT;
        assert_int_equal(xy_objection_next(r[i].from, r[i].event, r[i].actor, &to, &err), XY_OK);
        assert_int_equal(to, r[i].to);
        assert_ptr_equal(xy_objection_rule(r[i].from, r[i].event, r[i].actor), &r[i]);
        /* a rule's clock is its target state's clock */
        assert_int_equal(r[i].deadline_workdays, xy_objection_deadline_workdays(r[i].to));
    }
}

static void test_every_other_objection_step_is_refused_naming_state_and_event(void **state)
{
    int refused = 0;
    (void)state;
    for (int s = 0; s < XY_OBJ_STATE_COUNT; s++)
        for (int e = 0; e < XY_OBJ_EVENT_COUNT; e++)
            for (int a = 0; a < XY_ACTOR_COUNT; a++) {
                struct xy_err err;
                enum xy_objection_state to = XY_OBJ_STATE_COUNT;
                int other_actor = 0;
                xy_code rc;
                if (want_find(obj_want, N(obj_want), s, e, a))
                    continue;
                for (int b = 0; b < XY_ACTOR_COUNT; b++)
                    other_actor |= want_find(obj_want, N(obj_want), s, e, b) != NULL;
                rc = xy_objection_next(s, e, a, &to, &err);
                assert_int_equal(rc, other_actor ? XY_DENIED : XY_CONFLICT);
                assert_int_equal(to, XY_OBJ_STATE_COUNT); /* untouched */
                assert_null(xy_objection_rule(s, e, a));
                assert_non_null(strstr(err.msg, "异议"));
                assert_non_null(strstr(err.msg, xy_objection_state_label(s)));
                assert_non_null(strstr(err.msg, xy_objection_event_label(e)));
                refused++;
            }
    assert_int_equal(refused, 7 * 6 * 4 - 10);
}

static void test_a_step_by_the_wrong_actor_is_denied_naming_who_may(void **state)
{
    struct xy_err err;
    enum xy_objection_state to;
    (void)state;
    assert_int_equal(
        xy_objection_next(XY_OBJ_FILED, XY_OBJ_EV_ACCEPT, XY_ACTOR_DEPARTMENT, &to, &err),
        XY_DENIED);
    assert_string_equal(err.msg, "异议状态为「已提交」时只有信用管理部门可以「受理」");
    assert_non_null(strstr(err.detail, "认定部门"));
    /* once referred, the department decides, not the credit office */
    assert_int_equal(
        xy_objection_next(XY_OBJ_REFERRED, XY_OBJ_EV_CORRECT, XY_ACTOR_REVIEWER, &to, &err),
        XY_DENIED);
    assert_non_null(strstr(err.msg, "认定部门"));
    /* a filer cannot accept its own objection */
    assert_int_equal(xy_objection_next(XY_OBJ_FILED, XY_OBJ_EV_ACCEPT, XY_ACTOR_FILER, &to, &err),
                     XY_DENIED);
}

static void test_an_impossible_step_is_a_conflict_that_lists_what_is_possible(void **state)
{
    struct xy_err err;
    enum xy_objection_state to;
    (void)state;
    assert_int_equal(
        xy_objection_next(XY_OBJ_FILED, XY_OBJ_EV_CORRECT, XY_ACTOR_REVIEWER, &to, &err),
        XY_CONFLICT);
    assert_string_equal(err.msg, "异议状态为「已提交」时不能「更正」");
    assert_string_equal(err.detail, "此时可以：受理、不予受理、撤回");
    /* a department cannot decide before the credit office refers the objection */
    assert_int_equal(
        xy_objection_next(XY_OBJ_ACCEPTED, XY_OBJ_EV_ACCEPT, XY_ACTOR_REVIEWER, &to, &err),
        XY_CONFLICT);
}

static void test_final_objection_states_accept_nothing(void **state)
{
    static const int finals[] = {XY_OBJ_REFUSED, XY_OBJ_CORRECTED, XY_OBJ_UPHELD, XY_OBJ_WITHDRAWN};
    (void)state;
    for (size_t i = 0; i < N(finals); i++) {
        assert_true(xy_objection_final(finals[i]));
        assert_false(xy_objection_open(finals[i]));
        for (int e = 0; e < XY_OBJ_EVENT_COUNT; e++)
            for (int a = 0; a < XY_ACTOR_COUNT; a++) {
                struct xy_err err;
                enum xy_objection_state to;
                assert_int_equal(xy_objection_next(finals[i], e, a, &to, &err), XY_CONFLICT);
                assert_non_null(strstr(err.msg, "已办结"));
            }
    }
    {
        struct xy_err err;
        enum xy_objection_state to;
        assert_int_equal(
            xy_objection_next(XY_OBJ_CORRECTED, XY_OBJ_EV_WITHDRAW, XY_ACTOR_FILER, &to, &err),
            XY_CONFLICT);
        assert_string_equal(err.msg, "异议已办结（已更正），不能再「撤回」");
    }
}

static void test_an_open_objection_marks_the_record_as_disputed(void **state)
{
    (void)state;
    for (int s = 0; s < XY_OBJ_STATE_COUNT; s++) {
        int open = s == XY_OBJ_FILED || s == XY_OBJ_ACCEPTED || s == XY_OBJ_REFERRED;
        assert_int_equal(xy_objection_open(s), open);
        assert_int_equal(xy_objection_final(s), !open);
    }
    assert_false(xy_objection_open(XY_OBJ_STATE_COUNT));
    assert_false(xy_objection_final(-1));
}

static void test_refusing_correcting_or_upholding_needs_reasons_and_nothing_else_does(void **state)
{
    size_t n;
    const struct xy_remedy_rule *r = xy_objection_rules(&n);
    (void)state;
    for (size_t i = 0; i < n; i++) {
        int outcome = r[i].event == XY_OBJ_EV_REFUSE || r[i].event == XY_OBJ_EV_CORRECT ||
                      r[i].event == XY_OBJ_EV_UPHOLD;
        assert_int_equal(r[i].reasons_required, outcome);
    }
    assert_true(xy_objection_rule(XY_OBJ_REFERRED, XY_OBJ_EV_UPHOLD, XY_ACTOR_DEPARTMENT)
                    ->reasons_required);
    r = xy_repair_rules(&n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r[i].reasons_required, r[i].event == XY_REP_EV_DENY);
}

static void test_every_state_is_reachable_and_every_open_case_can_end(void **state)
{
    /* walk both graphs: reachable from the first state; a final state from every state */
    struct {
        const struct xy_remedy_rule *r;
        size_t n;
        int nstates;
    } m[2];
    (void)state;
    m[0].r = xy_objection_rules(&m[0].n);
    m[0].nstates = XY_OBJ_STATE_COUNT;
    m[1].r = xy_repair_rules(&m[1].n);
    m[1].nstates = XY_REP_STATE_COUNT;
    for (int k = 0; k < 2; k++) {
        int seen[16] = {1}, ends[16] = {0}, changed = 1;
        for (int s = 0; s < m[k].nstates; s++)
            ends[s] = k ? xy_repair_final(s) : xy_objection_final(s);
        while (changed) {
            changed = 0;
            for (size_t i = 0; i < m[k].n; i++) {
                if (seen[m[k].r[i].from] && !seen[m[k].r[i].to])
                    seen[m[k].r[i].to] = changed = 1;
                if (ends[m[k].r[i].to] && !ends[m[k].r[i].from])
                    ends[m[k].r[i].from] = changed = 1;
            }
        }
        for (int s = 0; s < m[k].nstates; s++) {
            assert_true(seen[s]);
            assert_true(ends[s]);
        }
    }
}

static void test_ids_and_labels_are_the_stable_ones(void **state)
{
    static const char *const grounds[][2] = {
        {"wrong", "错误"},           {"missing", "遗漏"},
        {"duplicate", "重复"},       {"should_not_publish", "不应公示"},
        {"past_period", "超期公示"}, {"differs_from_source", "与认定机关信息不一致"},
    };
    static const char *const obj_states[][2] = {
        {"filed", "已提交"},        {"accepted", "已受理"},  {"refused", "不予受理"},
        {"referred", "待部门核实"}, {"corrected", "已更正"}, {"upheld", "维持原记录"},
        {"withdrawn", "已撤回"},
    };
    static const char *const rep_states[][2] = {
        {"applied", "已申请"},  {"accepted", "已受理"},  {"granted", "已修复"},
        {"denied", "不予修复"}, {"withdrawn", "已撤回"}, {"notified", "已告知认定部门"},
    };
    static const char *const actors[] = {"filer", "reviewer", "department", "system"};
    struct xy_err err;
    (void)state;
    assert_int_equal(XY_GROUND_COUNT, N(grounds));
    for (int g = 0; g < XY_GROUND_COUNT; g++) {
        enum xy_objection_ground back;
        assert_string_equal(xy_objection_ground_id(g), grounds[g][0]);
        assert_string_equal(xy_objection_ground_label(g), grounds[g][1]);
        assert_int_equal(xy_objection_ground_parse(grounds[g][0], &back, &err), XY_OK);
        assert_int_equal(back, g);
    }
    assert_int_equal(XY_OBJ_STATE_COUNT, N(obj_states));
    for (int s = 0; s < XY_OBJ_STATE_COUNT; s++) {
        enum xy_objection_state back;
        assert_string_equal(xy_objection_state_id(s), obj_states[s][0]);
        assert_string_equal(xy_objection_state_label(s), obj_states[s][1]);
        assert_int_equal(xy_objection_state_parse(obj_states[s][0], &back, &err), XY_OK);
        assert_int_equal(back, s);
    }
    assert_int_equal(XY_REP_STATE_COUNT, N(rep_states));
    for (int s = 0; s < XY_REP_STATE_COUNT; s++) {
        enum xy_repair_state back;
        assert_string_equal(xy_repair_state_id(s), rep_states[s][0]);
        assert_string_equal(xy_repair_state_label(s), rep_states[s][1]);
        assert_int_equal(xy_repair_state_parse(rep_states[s][0], &back, &err), XY_OK);
        assert_int_equal(back, s);
    }
    assert_int_equal(XY_ACTOR_COUNT, N(actors));
    for (int a = 0; a < XY_ACTOR_COUNT; a++) {
        enum xy_actor back;
        assert_string_equal(xy_actor_id(a), actors[a]);
        assert_int_equal(xy_actor_parse(actors[a], &back, &err), XY_OK);
        assert_int_equal(back, a);
    }
    for (int e = 0; e < XY_OBJ_EVENT_COUNT; e++) {
        enum xy_objection_event back;
        assert_int_equal(xy_objection_event_parse(xy_objection_event_id(e), &back, &err), XY_OK);
        assert_int_equal(back, e);
    }
    for (int e = 0; e < XY_REP_EVENT_COUNT; e++) {
        enum xy_repair_event back;
        assert_int_equal(xy_repair_event_parse(xy_repair_event_id(e), &back, &err), XY_OK);
        assert_int_equal(back, e);
    }
    assert_string_equal(xy_objection_event_id(XY_OBJ_EV_WITHDRAW), "withdraw");
    assert_string_equal(xy_repair_event_id(XY_REP_EV_NOTIFY), "notify");
    assert_string_equal(xy_objection_state_label(XY_OBJ_STATE_COUNT), "?");
}

static void test_an_unknown_id_or_enum_value_is_invalid(void **state)
{
    struct xy_err err;
    enum xy_objection_state s;
    enum xy_objection_ground g;
    enum xy_repair_state r;
    int due;
    (void)state;
    assert_int_equal(xy_objection_state_parse("checking", &s, &err), XY_INVALID);
    assert_non_null(strstr(err.msg, "\"checking\""));
    assert_int_equal(xy_objection_ground_parse(NULL, &g, &err), XY_INVALID);
    assert_int_equal(
        xy_objection_next(XY_OBJ_STATE_COUNT, XY_OBJ_EV_ACCEPT, XY_ACTOR_REVIEWER, &s, &err),
        XY_INVALID);
    assert_int_equal(xy_objection_next(XY_OBJ_FILED, -1, XY_ACTOR_REVIEWER, &s, &err), XY_INVALID);
    assert_int_equal(xy_repair_next(XY_REP_APPLIED, XY_REP_EV_GRANT, XY_ACTOR_COUNT, &r, &err),
                     XY_INVALID);
    assert_int_equal(xy_objection_deadline(&cal, XY_OBJ_STATE_COUNT, D(2025, 3, 3), &due, &err),
                     XY_INVALID);
    assert_int_equal(xy_repair_deadline(&cal, -1, D(2025, 3, 3), &due, &err), XY_INVALID);
}

/* ---- objection clocks ---- */

static int obj_due(enum xy_objection_state s, int day)
{
    struct xy_err err;
    int due = -2;
    assert_int_equal(xy_objection_deadline(&cal, s, day, &due, &err), XY_OK);
    return due;
}

static void test_objection_clocks_across_national_day_2025(void **state)
{
    char b[11];
    (void)state;
    /* Filed Tue 09-30: 10-01..08 off; Thu 10-09 (1), Fri 10-10 (2). */
    assert_string_equal(fmt(obj_due(XY_OBJ_FILED, D(2025, 9, 30)), b), "2025-10-10");
    /* Filed on Sat 09-27 (off): Sun 09-28 is worked (1), Mon 09-29 (2). */
    assert_string_equal(fmt(obj_due(XY_OBJ_FILED, D(2025, 9, 27)), b), "2025-09-29");
    /* Accepted Fri 10-10: Sat 10-11 worked (1), Mon 10-13 (2). */
    assert_string_equal(fmt(obj_due(XY_OBJ_ACCEPTED, D(2025, 10, 10)), b), "2025-10-13");
    /* Referred Fri 09-26: Sun 09-28 (1), 09-29 (2), 09-30 (3), 10-09 (4), 10-10 (5),
     * Sat 10-11 (6), 10-13 (7), 10-14 (8), 10-15 (9), Thu 10-16 (10). The brief's 10-17
     * would drop one of the two 调休 working days. */
    assert_string_equal(fmt(obj_due(XY_OBJ_REFERRED, D(2025, 9, 26)), b), "2025-10-16");
    /* final states have no clock */
    assert_int_equal(obj_due(XY_OBJ_CORRECTED, D(2025, 9, 26)), -1);
    assert_int_equal(obj_due(XY_OBJ_WITHDRAWN, D(2025, 9, 26)), -1);
}

static void test_objection_clocks_across_spring_festival_2026(void **state)
{
    char b[11];
    (void)state;
    /* Filed Fri 02-13: Sat 02-14 worked (1); 02-15..23 off; Tue 02-24 (2). */
    assert_string_equal(fmt(obj_due(XY_OBJ_FILED, D(2026, 2, 13)), b), "2026-02-24");
    /* Accepted Fri 02-27: Sat 02-28 worked (1), Mon 03-02 (2). */
    assert_string_equal(fmt(obj_due(XY_OBJ_ACCEPTED, D(2026, 2, 27)), b), "2026-03-02");
    /* Referred Thu 02-12: 02-13 (1), Sat 02-14 (2), 02-24..27 (3-6), Sat 02-28 (7),
     * 03-02 (8), 03-03 (9), Wed 03-04 (10). */
    assert_string_equal(fmt(obj_due(XY_OBJ_REFERRED, D(2026, 2, 12)), b), "2026-03-04");
}

/* ---- credit repair ---- */

static void test_the_repair_table_is_exactly_the_rules_of_the_issue(void **state)
{
    size_t n;
    const struct xy_remedy_rule *r = xy_repair_rules(&n);
    (void)state;
    check_table_equals(r, n, rep_want, N(rep_want));
}

static void test_every_legal_repair_transition_is_taken(void **state)
{
    size_t n;
    const struct xy_remedy_rule *r = xy_repair_rules(&n);
    (void)state;
    for (size_t i = 0; i < n; i++) {
        struct xy_err err;
        enum xy_repair_state to = XY_REP_STATE_COUNT;
        assert_int_equal(xy_repair_next(r[i].from, r[i].event, r[i].actor, &to, &err), XY_OK);
        assert_int_equal(to, r[i].to);
        assert_ptr_equal(xy_repair_rule(r[i].from, r[i].event, r[i].actor), &r[i]);
        assert_int_equal(r[i].deadline_workdays, xy_repair_deadline_workdays(r[i].to));
    }
}

static void test_every_other_repair_step_is_refused_naming_state_and_event(void **state)
{
    int refused = 0;
    (void)state;
    for (int s = 0; s < XY_REP_STATE_COUNT; s++)
        for (int e = 0; e < XY_REP_EVENT_COUNT; e++)
            for (int a = 0; a < XY_ACTOR_COUNT; a++) {
                struct xy_err err;
                enum xy_repair_state to = XY_REP_STATE_COUNT;
                int other_actor = 0;
                xy_code rc;
                if (want_find(rep_want, N(rep_want), s, e, a))
                    continue;
                for (int b = 0; b < XY_ACTOR_COUNT; b++)
                    other_actor |= want_find(rep_want, N(rep_want), s, e, b) != NULL;
                rc = xy_repair_next(s, e, a, &to, &err);
                assert_int_equal(rc, other_actor ? XY_DENIED : XY_CONFLICT);
                assert_int_equal(to, XY_REP_STATE_COUNT);
                assert_null(xy_repair_rule(s, e, a));
                assert_non_null(strstr(err.msg, "信用修复申请"));
                assert_non_null(strstr(err.msg, xy_repair_state_label(s)));
                assert_non_null(strstr(err.msg, xy_repair_event_label(e)));
                refused++;
            }
    assert_int_equal(refused, 6 * 5 * 4 - 9);
}

static void test_final_repair_states_accept_nothing_and_a_grant_hides_the_record(void **state)
{
    struct xy_err err;
    enum xy_repair_state to;
    (void)state;
    for (int s = 0; s < XY_REP_STATE_COUNT; s++) {
        int final = s == XY_REP_DENIED || s == XY_REP_WITHDRAWN || s == XY_REP_NOTIFIED;
        assert_int_equal(xy_repair_final(s), final);
        assert_int_equal(xy_repair_granted(s), s == XY_REP_GRANTED || s == XY_REP_NOTIFIED);
        if (!final)
            continue;
        for (int e = 0; e < XY_REP_EVENT_COUNT; e++)
            for (int a = 0; a < XY_ACTOR_COUNT; a++) {
                assert_int_equal(xy_repair_next(s, e, a, &to, &err), XY_CONFLICT);
                assert_non_null(strstr(err.msg, "已办结"));
            }
    }
    /* granted is not final: the department must still hear of it; and no withdrawing now */
    assert_int_equal(xy_repair_next(XY_REP_GRANTED, XY_REP_EV_WITHDRAW, XY_ACTOR_FILER, &to, &err),
                     XY_CONFLICT);
    assert_int_equal(xy_repair_next(XY_REP_GRANTED, XY_REP_EV_NOTIFY, XY_ACTOR_FILER, &to, &err),
                     XY_DENIED);
    assert_string_equal(err.msg,
                        "信用修复申请状态为「已修复」时只有系统或认定部门可以「告知认定部门」");
}

static int rep_due(enum xy_repair_state s, int day)
{
    struct xy_err err;
    int due = -2;
    assert_int_equal(xy_repair_deadline(&cal, s, day, &due, &err), XY_OK);
    return due;
}

static void test_repair_clocks_across_both_holidays(void **state)
{
    char b[11];
    (void)state;
    /* Applied Fri 2025-09-26: 10 working days, as the referral above: Thu 10-16. */
    assert_string_equal(fmt(rep_due(XY_REP_APPLIED, D(2025, 9, 26)), b), "2025-10-16");
    /* accepted keeps the application's clock: same 10 days from the same day */
    assert_string_equal(fmt(rep_due(XY_REP_ACCEPTED, D(2025, 9, 26)), b), "2025-10-16");
    /* Granted Tue 2025-09-30: 10-09 (1), 10-10 (2), Sat 10-11 worked (3). */
    assert_string_equal(fmt(rep_due(XY_REP_GRANTED, D(2025, 9, 30)), b), "2025-10-11");
    /* Applied Tue 2026-02-10: 02-11..14 (1-4), 02-24..28 (5-9), Mon 03-02 (10). */
    assert_string_equal(fmt(rep_due(XY_REP_APPLIED, D(2026, 2, 10)), b), "2026-03-02");
    /* Granted Fri 2026-02-13: Sat 02-14 (1), 02-24 (2), Wed 02-25 (3). */
    assert_string_equal(fmt(rep_due(XY_REP_GRANTED, D(2026, 2, 13)), b), "2026-02-25");
    assert_int_equal(rep_due(XY_REP_NOTIFIED, D(2026, 2, 13)), -1);
    assert_int_equal(rep_due(XY_REP_DENIED, D(2026, 2, 13)), -1);
}

static enum xy_repair_window window(int from, int until, int today)
{
    struct xy_err err;
    enum xy_repair_window w = XY_REPAIR_NOT_NEEDED + 1;
    assert_int_equal(xy_repair_possible(from, until, today, &w, &err), XY_OK);
    return w;
}

static void test_repair_is_possible_only_between_the_minimum_and_the_maximum(void **state)
{
    /* a 2023 penalty decided 2023-02-28: repairable from 2023-05-28 (3 months), public
     * through 2026-02-27 (3 years), as domain/publicity computes them */
    int from = D(2023, 5, 28), until = D(2026, 2, 27);
    struct xy_err err;
    enum xy_repair_window w;
    (void)state;
    assert_int_equal(window(from, until, D(2023, 2, 28)), XY_REPAIR_NOT_YET);
    assert_int_equal(window(from, until, D(2023, 5, 27)), XY_REPAIR_NOT_YET);
    assert_int_equal(window(from, until, D(2023, 5, 28)), XY_REPAIR_POSSIBLE);
    assert_int_equal(window(from, until, D(2026, 2, 27)), XY_REPAIR_POSSIBLE);
    assert_int_equal(window(from, until, D(2026, 2, 28)), XY_REPAIR_NOT_NEEDED);
    /* no fixed end: never "not needed" by the period */
    assert_int_equal(window(from, -1, D(2040, 1, 1)), XY_REPAIR_POSSIBLE);
    /* a light 2026 penalty: repairable at once */
    assert_int_equal(window(D(2026, 4, 1), D(2026, 6, 30), D(2026, 4, 1)), XY_REPAIR_POSSIBLE);
    /* publication cut short by the department before the minimum: nothing to repair */
    assert_int_equal(window(from, D(2023, 4, 30), D(2023, 5, 1)), XY_REPAIR_NOT_NEEDED);
    assert_int_equal(window(from, D(2023, 4, 30), D(2023, 4, 30)), XY_REPAIR_NOT_YET);
    /* a record without a minimum period is not repairable at all */
    assert_int_equal(xy_repair_possible(-1, until, D(2024, 1, 1), &w, &err), XY_INVALID);
    assert_non_null(strstr(xy_repair_window_label(XY_REPAIR_NOT_NEEDED), "无需"));
    assert_non_null(strstr(xy_repair_window_label(XY_REPAIR_NOT_YET), "暂不能"));
}

/* ---- court 失信被执行人 ---- */

static void test_a_court_defaulter_leaves_public_view_within_three_working_days(void **state)
{
    struct xy_err err;
    char b[11];
    int due;
    (void)state;
    /* Tue 2025-09-30: 10-09, 10-10, Sat 10-11 */
    assert_int_equal(xy_sxbzxr_removal_due(&cal, D(2025, 9, 30), &due, &err), XY_OK);
    assert_string_equal(fmt(due, b), "2025-10-11");
    /* Fri 2026-02-13: Sat 02-14, 02-24, 02-25 */
    assert_int_equal(xy_sxbzxr_removal_due(&cal, D(2026, 2, 13), &due, &err), XY_OK);
    assert_string_equal(fmt(due, b), "2026-02-25");
    /* an ordinary week: Mon 2025-03-03 -> Thu 03-06 */
    assert_int_equal(xy_sxbzxr_removal_due(&cal, D(2025, 3, 3), &due, &err), XY_OK);
    assert_string_equal(fmt(due, b), "2025-03-06");
}

/* ---- a year without a calendar file ---- */

static void test_a_clock_into_a_year_without_a_calendar_file_is_an_error_naming_it(void **state)
{
    struct xy_err err;
    int due = -2;
    (void)state;
    /* Wed 2026-12-30 + 2: 12-31 (1), then 2027 has no file */
    assert_int_equal(xy_objection_deadline(&cal, XY_OBJ_FILED, D(2026, 12, 30), &due, &err),
                     XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "2027"));
    assert_int_equal(due, -2);
    assert_int_equal(xy_objection_deadline(&cal, XY_OBJ_REFERRED, D(2026, 12, 24), &due, &err),
                     XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "2027"));
    assert_int_equal(xy_repair_deadline(&cal, XY_REP_APPLIED, D(2024, 6, 3), &due, &err),
                     XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "2024"));
    assert_int_equal(xy_sxbzxr_removal_due(&cal, D(2026, 12, 29), &due, &err), XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "2027"));
    assert_int_equal(due, -2);
    /* a state without a clock needs no calendar */
    assert_int_equal(xy_objection_deadline(&cal, XY_OBJ_UPHELD, D(2030, 1, 1), &due, &err), XY_OK);
    assert_int_equal(due, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_objection_table_is_exactly_the_rules_of_the_issue),
        cmocka_unit_test(test_every_legal_objection_transition_is_taken),
        cmocka_unit_test(test_every_other_objection_step_is_refused_naming_state_and_event),
        cmocka_unit_test(test_a_step_by_the_wrong_actor_is_denied_naming_who_may),
        cmocka_unit_test(test_an_impossible_step_is_a_conflict_that_lists_what_is_possible),
        cmocka_unit_test(test_final_objection_states_accept_nothing),
        cmocka_unit_test(test_an_open_objection_marks_the_record_as_disputed),
        cmocka_unit_test(test_refusing_correcting_or_upholding_needs_reasons_and_nothing_else_does),
        cmocka_unit_test(test_every_state_is_reachable_and_every_open_case_can_end),
        cmocka_unit_test(test_ids_and_labels_are_the_stable_ones),
        cmocka_unit_test(test_an_unknown_id_or_enum_value_is_invalid),
        cmocka_unit_test(test_objection_clocks_across_national_day_2025),
        cmocka_unit_test(test_objection_clocks_across_spring_festival_2026),
        cmocka_unit_test(test_the_repair_table_is_exactly_the_rules_of_the_issue),
        cmocka_unit_test(test_every_legal_repair_transition_is_taken),
        cmocka_unit_test(test_every_other_repair_step_is_refused_naming_state_and_event),
        cmocka_unit_test(test_final_repair_states_accept_nothing_and_a_grant_hides_the_record),
        cmocka_unit_test(test_repair_clocks_across_both_holidays),
        cmocka_unit_test(test_repair_is_possible_only_between_the_minimum_and_the_maximum),
        cmocka_unit_test(test_a_court_defaulter_leaves_public_view_within_three_working_days),
        cmocka_unit_test(test_a_clock_into_a_year_without_a_calendar_file_is_an_error_naming_it),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
