/* test_publicity.c - publicity periods evaluated on the day asked (domain/publicity) */
#include "helpers.h"

#include "base/time.h"
#include "domain/publicity.h"
#include "domain/record.h"

static int day(const char *s)
{
    int d = -1;
    assert_int_equal(xy_parse_date(s, &d), 0);
    return d;
}

static const char *fmt(int d, char buf[11])
{
    if (d < 0)
        return "none";
    xy_date_format(d, buf);
    return buf;
}

static struct xy_publicity eval(const char *rule, int negative, const char *decided,
                                const char *end, const char *types, const char *today)
{
    struct xy_item it = {.id = "t", .publicity = rule, .negative = negative};
    struct xy_publicity p;
    struct xy_err err;
    assert_int_equal(xy_publicity_eval(&it, decided, end, types, day(today), &p, &err), XY_OK);
    return p;
}

static void test_a_2019_ordinary_penalty_is_public_for_one_year(void **state)
{
    char b[11];
    struct xy_publicity p = eval("penalty", 1, "2019-05-10", NULL, "罚款", "2020-05-09");
    (void)state;
    assert_string_equal(fmt(p.until, b), "2020-05-09");
    assert_true(p.visible);
    p = eval("penalty", 1, "2019-05-10", NULL, "罚款", "2020-05-10");
    assert_false(p.visible);
    assert_string_equal(fmt(p.repairable_from, b), "2019-08-10");
}

static void test_a_2019_serious_penalty_is_public_for_three_years(void **state)
{
    char b[11];
    struct xy_publicity p = eval("penalty", 1, "2019-05-10", NULL, "吊销许可证件", "2022-05-09");
    (void)state;
    assert_string_equal(fmt(p.until, b), "2022-05-09");
    assert_true(p.visible);
    assert_string_equal(fmt(p.repairable_from, b), "2019-11-10");
}

static void test_a_2023_penalty_follows_the_2021_practice_of_three_years(void **state)
{
    char b[11];
    struct xy_publicity p = eval("penalty", 1, "2023-02-28", NULL, "警告", "2026-02-27");
    (void)state;
    assert_string_equal(fmt(p.until, b), "2026-02-27");
    assert_true(p.visible);
    assert_false(eval("penalty", 1, "2023-02-28", NULL, "警告", "2026-02-28").visible);
}

static void test_from_april_2026_a_warning_alone_is_light_and_public_three_months(void **state)
{
    char b[11];
    struct xy_publicity p = eval("penalty", 1, "2026-04-01", NULL, "警告;通报批评", "2026-05-01");
    (void)state;
    assert_string_equal(fmt(p.until, b), "2026-06-30");
    assert_true(p.visible);
    assert_int_equal(p.repairable_from, day("2026-04-01"));
}

static void test_from_april_2026_the_most_severe_type_of_a_decision_decides(void **state)
{
    char b[11];
    (void)state;
    /* 一般: 1 year */
    assert_string_equal(fmt(eval("penalty", 1, "2026-05-15", NULL, "罚款", "2026-06-01").until, b),
                        "2027-05-14");
    /* 警告 + 责令停产停业 = 严重: 3 years */
    assert_string_equal(
        fmt(eval("penalty", 1, "2026-05-15", NULL, "警告;责令停产停业", "2026-06-01").until, b),
        "2029-05-14");
    assert_int_equal(xy_penalty_severity("警告; 罚款"), XY_SEV_GENERAL);
    assert_int_equal(xy_penalty_severity(""), XY_SEV_GENERAL);
    assert_int_equal(xy_penalty_severity("通报批评"), XY_SEV_LIGHT);
}

static void test_a_publicity_end_date_given_by_the_department_can_only_shorten(void **state)
{
    char b[11];
    (void)state;
    assert_string_equal(
        fmt(eval("penalty", 1, "2024-01-10", "2024-06-30", "罚款", "2024-02-01").until, b),
        "2024-06-30");
    assert_string_equal(
        fmt(eval("penalty", 1, "2024-01-10", "2099-12-31", "罚款", "2024-02-01").until, b),
        "2027-01-09");
}

static void test_a_licence_is_public_through_its_validity_end(void **state)
{
    char b[11];
    (void)state;
    assert_string_equal(
        fmt(eval("validity", 0, "2020-01-01", "2025-12-31", NULL, "2025-12-31").until, b),
        "2025-12-31");
    assert_true(eval("validity", 0, "2020-01-01", "2025-12-31", NULL, "2025-12-31").visible);
    assert_false(eval("validity", 0, "2020-01-01", "2025-12-31", NULL, "2026-01-01").visible);
    /* no end date: no fixed end */
    assert_int_equal(eval("validity", 0, "2010-01-01", NULL, NULL, "2026-01-01").until, -1);
}

static void test_negative_information_leaves_public_view_after_five_years(void **state)
{
    char b[11];
    (void)state;
    assert_string_equal(
        fmt(eval("court_defaulter", 1, "2020-03-01", NULL, NULL, "2024-01-01").until, b),
        "2025-02-28");
    assert_false(eval("until_removed", 1, "2019-03-01", NULL, NULL, "2024-03-01").visible);
    assert_true(eval("list_period", 0, "2015-03-01", NULL, NULL, "2026-03-01").visible);
    /* removed from the list: not public after the removal day */
    assert_false(eval("until_removed", 1, "2025-03-01", "2025-09-01", NULL, "2025-09-02").visible);
}

static void test_an_unknown_rule_or_a_bad_date_is_an_error(void **state)
{
    struct xy_item it = {.id = "t", .publicity = "forever"};
    struct xy_publicity p;
    struct xy_err err;
    (void)state;
    assert_false(xy_publicity_known("forever"));
    assert_true(xy_publicity_known("penalty"));
    assert_int_equal(xy_publicity_eval(&it, "2024-01-01", NULL, NULL, 0, &p, &err), XY_INVALID);
    it.publicity = "penalty";
    assert_int_equal(xy_publicity_eval(&it, "2024-02-30", NULL, NULL, 0, &p, &err), XY_INVALID);
}

static void test_the_earliest_decision_still_public_bounds_what_a_query_reads(void **state)
{
    struct xy_item pen = {.id = "xzcf", .publicity = "penalty", .negative = 1};
    struct xy_item court = {.id = "sxbzxr", .publicity = "court_defaulter", .negative = 1};
    struct xy_item red = {.id = "hmd", .publicity = "list_period", .negative = 0};
    int today = day("2026-11-27");
    char b[11];
    (void)state;
    /* penalties: 36 months at most; the bound is never later than the real earliest day */
    assert_string_equal(fmt(xy_publicity_earliest(&pen, today), b), "2023-11-26");
    assert_true(eval("penalty", 1, "2023-11-28", NULL, "吊销许可证件", "2026-11-27").visible);
    assert_false(eval("penalty", 1, "2023-11-26", NULL, "吊销许可证件", "2026-11-27").visible);
    /* other negative information: 5 years */
    assert_string_equal(fmt(xy_publicity_earliest(&court, today), b), "2021-11-26");
    /* positive information without a fixed period: no bound */
    assert_int_equal(xy_publicity_earliest(&red, today), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_2019_ordinary_penalty_is_public_for_one_year),
        cmocka_unit_test(test_a_2019_serious_penalty_is_public_for_three_years),
        cmocka_unit_test(test_a_2023_penalty_follows_the_2021_practice_of_three_years),
        cmocka_unit_test(test_from_april_2026_a_warning_alone_is_light_and_public_three_months),
        cmocka_unit_test(test_from_april_2026_the_most_severe_type_of_a_decision_decides),
        cmocka_unit_test(test_a_publicity_end_date_given_by_the_department_can_only_shorten),
        cmocka_unit_test(test_a_licence_is_public_through_its_validity_end),
        cmocka_unit_test(test_negative_information_leaves_public_view_after_five_years),
        cmocka_unit_test(test_an_unknown_rule_or_a_bad_date_is_an_error),
        cmocka_unit_test(test_the_earliest_decision_still_public_bounds_what_a_query_reads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
