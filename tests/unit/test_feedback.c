/* test_feedback.c - validation of feedback on checks and the feedback rate (service/feedback) */
#include "helpers.h"

#include "base/time.h"
#include "service/feedback.h"

static void test_an_amount_in_yuan_is_kept_in_fen(void **state)
{
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    assert_int_equal(xy_feedback_amount("1234.56", &fen, &err), XY_OK);
    assert_int_equal(fen, 123456);
    assert_int_equal(xy_feedback_amount("0", &fen, &err), XY_OK);
    assert_int_equal(fen, 0);
    assert_int_equal(xy_feedback_amount("7.5", &fen, &err), XY_OK);
    assert_int_equal(fen, 750);
    assert_int_equal(xy_feedback_amount("1000000000000", &fen, &err), XY_OK);
    assert_int_equal(fen, 100000000000000LL);
}

static void test_a_negative_amount_is_refused_naming_the_field(void **state)
{
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    assert_int_equal(xy_feedback_amount("-1", &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "amount");
    assert_non_null(strstr(err.msg, "负数"));
    assert_int_equal(fen, -1);
}

static void test_an_amount_with_three_decimals_is_refused(void **state)
{
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    assert_int_equal(xy_feedback_amount("12.345", &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "amount");
    assert_non_null(strstr(err.msg, "12.345"));
}

static void test_an_amount_over_a_trillion_yuan_is_refused(void **state)
{
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    assert_int_equal(xy_feedback_amount("1000000000000.01", &fen, &err), XY_INVALID);
    assert_int_equal(xy_feedback_amount("99999999999999999999999", &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "amount");
}

static void test_an_amount_that_is_no_number_is_refused(void **state)
{
    static const char *const bad[] = {"", "abc", "1.", ".5", "1,000", "1e3", "12.3.4", " 1"};
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(xy_feedback_amount(bad[i], &fen, &err), XY_INVALID);
        assert_string_equal(err.field, "amount");
    }
}

static void test_the_date_acted_on_lies_between_the_check_and_today(void **state)
{
    int check = xy_days_from_civil(2026, 11, 20), today = xy_days_from_civil(2026, 11, 26);
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_feedback_date("2026-11-20", check, today, &err), XY_OK);
    assert_int_equal(xy_feedback_date("2026-11-26", check, today, &err), XY_OK);
    assert_int_equal(xy_feedback_date("2026-11-19", check, today, &err), XY_INVALID);
    assert_string_equal(err.field, "acted_on");
    assert_non_null(strstr(err.msg, "早于核查日期 2026-11-20"));
    assert_int_equal(xy_feedback_date("2026-11-27", check, today, &err), XY_INVALID);
    assert_non_null(strstr(err.msg, "晚于今天"));
}

static void test_a_date_that_does_not_exist_or_is_malformed_is_refused(void **state)
{
    static const char *const bad[] = {"2026-02-30", "2026/11/21", "20261121",  "2026-11-2",
                                      "",           "2026-13-01", "2026-1a-01"};
    struct xy_err err = {0};

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(xy_feedback_date(bad[i], 0, 100000, &err), XY_INVALID);
        assert_string_equal(err.field, "acted_on");
    }
    assert_int_equal(xy_feedback_date(NULL, 0, 100000, &err), XY_INVALID);
}

static struct xy_feedback_in good(void)
{
    return (struct xy_feedback_in){.subject_no = 0,
                                   .taken = 1,
                                   .result = "已限制其参加本次政府采购",
                                   .amount = "1234.56",
                                   .basis = "《政府采购法》第二十二条",
                                   .acted_on = "2026-11-21"};
}

static void test_a_complete_feedback_passes(void **state)
{
    struct xy_feedback_in in = good();
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    assert_int_equal(xy_feedback_validate(&in, xy_days_from_civil(2026, 11, 20),
                                          xy_days_from_civil(2026, 11, 26), &fen, &err),
                     XY_OK);
    assert_int_equal(fen, 123456);
    in.amount = NULL;
    assert_int_equal(xy_feedback_validate(&in, xy_days_from_civil(2026, 11, 20),
                                          xy_days_from_civil(2026, 11, 26), &fen, &err),
                     XY_OK);
    assert_int_equal(fen, -1);
}

static void test_a_measure_not_taken_needs_a_result_saying_why(void **state)
{
    struct xy_feedback_in in = good();
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    in.taken = 0;
    in.result = NULL;
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "result");
    assert_non_null(strstr(err.msg, "原因"));
    in.taken = -1;
    in.result = "x";
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "taken");
}

static void test_result_and_basis_have_their_limits_in_characters(void **state)
{
    struct xy_feedback_in in = good();
    struct xy_err err = {0};
    char result[501 * 3 + 1] = "", basis[301 * 3 + 1] = "";
    int64_t fen;

    (void)state;
    for (int i = 0; i < 500; i++)
        strcat(result, "果"); /* 500 characters of 3 bytes: the limit is in characters */
    in.result = result;
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_OK);
    strcat(result, "果");
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "result");
    in = good();
    for (int i = 0; i < 301; i++)
        strcat(basis, "依");
    in.basis = basis;
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "basis");
    in.basis = "";
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "basis");
    in.basis = "依据\x01";
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "basis");
    in = good();
    in.result = "\xff\xfe";
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "result");
}

static void test_an_id_number_in_result_or_basis_is_refused_and_not_echoed(void **state)
{
    struct xy_feedback_in in = good();
    struct xy_err err = {0};
    int64_t fen;

    (void)state;
    in.result = "已告知身份证440111195109133712的法定代表人";
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "result");
    assert_null(strstr(err.msg, "4401111951"));
    in = good();
    in.basis = "身份证４４０１１１１９５１０９１３３７１Ｘ"; /* full-width digits */
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_INVALID);
    assert_string_equal(err.field, "basis");
    in.basis = "《政府采购法》第二十二条；（2026）粤01执100号"; /* short numbers stay */
    assert_int_equal(xy_feedback_validate(&in, 0, 100000, &fen, &err), XY_OK);
}

static void test_the_feedback_rate_is_null_without_hits_and_rounded_otherwise(void **state)
{
    struct xy_figure_row r = {0};

    (void)state;
    assert_int_equal(xy_figures_rate_permille(&r), -1);
    r.hit_subjects = 3;
    r.fed_subjects = 2;
    assert_int_equal(xy_figures_rate_permille(&r), 667);
    r.fed_subjects = 3;
    assert_int_equal(xy_figures_rate_permille(&r), 1000);
    r.fed_subjects = 0;
    assert_int_equal(xy_figures_rate_permille(&r), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_amount_in_yuan_is_kept_in_fen),
        cmocka_unit_test(test_a_negative_amount_is_refused_naming_the_field),
        cmocka_unit_test(test_an_amount_with_three_decimals_is_refused),
        cmocka_unit_test(test_an_amount_over_a_trillion_yuan_is_refused),
        cmocka_unit_test(test_an_amount_that_is_no_number_is_refused),
        cmocka_unit_test(test_the_date_acted_on_lies_between_the_check_and_today),
        cmocka_unit_test(test_a_date_that_does_not_exist_or_is_malformed_is_refused),
        cmocka_unit_test(test_a_complete_feedback_passes),
        cmocka_unit_test(test_a_measure_not_taken_needs_a_result_saying_why),
        cmocka_unit_test(test_result_and_basis_have_their_limits_in_characters),
        cmocka_unit_test(test_an_id_number_in_result_or_basis_is_refused_and_not_echoed),
        cmocka_unit_test(test_the_feedback_rate_is_null_without_hits_and_rounded_otherwise),
    };
    return cmocka_run_group_tests_name("feedback", tests, NULL, NULL);
}
