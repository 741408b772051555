/* test_approval.c - the two-person rule for black-list additions (domain/approval)
 *
 * What issue 6 asks, written again here: an addition waits (pending) until a second person
 * approves it (published) or rejects it with a reason (never published); the one who submitted
 * it and the host operator never decide; a decided addition is not decided again.
 */
#include "helpers.h"

#include "domain/approval.h"

static const struct xy_list_add_decider other = {0, 0};
static const struct xy_list_add_decider submitter = {1, 0};
static const struct xy_list_add_decider op = {0, 1};

static void test_another_person_approves_and_the_entry_is_published(void **state)
{
    enum xy_list_add_state to = XY_LA_PENDING;
    struct xy_err err;
    (void)state;
    assert_int_equal(xy_list_add_next(XY_LA_PENDING, XY_LA_EV_APPROVE, &other, NULL, &to, &err),
                     XY_OK);
    assert_int_equal(to, XY_LA_APPROVED);
    assert_false(xy_list_add_pending(to));
    assert_false(xy_list_add_hides(to));
    assert_true(xy_list_add_pending(XY_LA_PENDING));
}

static void test_a_rejection_needs_a_reason_and_is_never_published(void **state)
{
    enum xy_list_add_state to = XY_LA_PENDING;
    struct xy_err err;
    (void)state;
    assert_int_equal(xy_list_add_next(XY_LA_PENDING, XY_LA_EV_REJECT, &other, NULL, &to, &err),
                     XY_INVALID);
    assert_string_equal(err.field, "reason");
    assert_int_equal(to, XY_LA_PENDING);
    /* spaces, the ideographic one included, are no reason */
    assert_int_equal(
        xy_list_add_next(XY_LA_PENDING, XY_LA_EV_REJECT, &other, " \xe3\x80\x80\n", &to, &err),
        XY_INVALID);
    assert_int_equal(
        xy_list_add_next(XY_LA_PENDING, XY_LA_EV_REJECT, &other, "文书号有误", &to, &err), XY_OK);
    assert_int_equal(to, XY_LA_REJECTED);
    assert_false(xy_list_add_pending(to));
    assert_true(xy_list_add_hides(to));
}

static void test_the_submitter_and_the_operator_never_decide(void **state)
{
    enum xy_list_add_state to = XY_LA_PENDING;
    struct xy_err err;
    (void)state;
    for (int e = 0; e < XY_LA_EVENT_COUNT; e++) {
        assert_int_equal(xy_list_add_next(XY_LA_PENDING, (enum xy_list_add_event)e, &submitter,
                                          "理由", &to, &err),
                         XY_DENIED);
        assert_non_null(strstr(err.msg, "须由另一名工作人员审核"));
        assert_int_equal(
            xy_list_add_next(XY_LA_PENDING, (enum xy_list_add_event)e, &op, "理由", &to, &err),
            XY_DENIED);
        assert_non_null(strstr(err.msg, "须由另一名工作人员审核"));
        assert_int_equal(to, XY_LA_PENDING);
    }
}

static void test_a_decided_addition_is_not_decided_again(void **state)
{
    enum xy_list_add_state to = XY_LA_PENDING;
    struct xy_err err;
    (void)state;
    for (int s = XY_LA_APPROVED; s <= XY_LA_REJECTED; s++)
        for (int e = 0; e < XY_LA_EVENT_COUNT; e++) {
            /* a conflict even for the submitter: the case is closed, whoever asks */
            assert_int_equal(xy_list_add_next((enum xy_list_add_state)s, (enum xy_list_add_event)e,
                                              &submitter, "理由", &to, &err),
                             XY_CONFLICT);
            assert_non_null(strstr(err.msg, xy_list_add_state_label((enum xy_list_add_state)s)));
        }
    assert_int_equal(to, XY_LA_PENDING);
}

static void test_ids_and_labels_are_the_stable_ones(void **state)
{
    enum xy_list_add_state s;
    enum xy_list_add_event e;
    struct xy_err err;
    (void)state;
    assert_string_equal(XY_LIST_ADD_KIND, "list_add");
    assert_string_equal(xy_list_add_state_id(XY_LA_PENDING), "pending");
    assert_string_equal(xy_list_add_state_id(XY_LA_APPROVED), "approved");
    assert_string_equal(xy_list_add_state_id(XY_LA_REJECTED), "rejected");
    assert_string_equal(xy_list_add_state_label(XY_LA_PENDING), "待审核");
    assert_string_equal(xy_list_add_event_id(XY_LA_EV_APPROVE), "approve");
    assert_string_equal(xy_list_add_event_id(XY_LA_EV_REJECT), "reject");
    assert_string_equal(xy_list_add_state_id((enum xy_list_add_state)99), "?");
    assert_int_equal(xy_list_add_state_parse("rejected", &s, &err), XY_OK);
    assert_int_equal(s, XY_LA_REJECTED);
    assert_int_equal(xy_list_add_event_parse("approve", &e, &err), XY_OK);
    assert_int_equal(e, XY_LA_EV_APPROVE);
    assert_int_equal(xy_list_add_event_parse("Approve", &e, &err), XY_INVALID);
    assert_string_equal(err.field, "decision");
    assert_int_equal(xy_list_add_event_parse(NULL, &e, &err), XY_INVALID);
    assert_int_equal(xy_list_add_state_parse("done", &s, &err), XY_INVALID);
    assert_string_equal(err.field, "state");
    assert_int_equal(
        xy_list_add_next((enum xy_list_add_state)7, XY_LA_EV_APPROVE, &other, NULL, &s, &err),
        XY_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_another_person_approves_and_the_entry_is_published),
        cmocka_unit_test(test_a_rejection_needs_a_reason_and_is_never_published),
        cmocka_unit_test(test_the_submitter_and_the_operator_never_decide),
        cmocka_unit_test(test_a_decided_addition_is_not_decided_again),
        cmocka_unit_test(test_ids_and_labels_are_the_stable_ones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
