/* test_stats.c - the pure parts of the statistics (service/stats.c): months and periods, shares
 * in per mille, and how a record is timed against the shipped calendar files */
#include "helpers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/calendar.h"
#include "service/catalog_load.h"
#include "service/stats.h"

static struct xy_calendar *cal;
static struct xy_stats_timer timer;

static int setup(void **state)
{
    struct xy_err err;
    (void)state;
    if (xy_calendar_load_dir(XY_TEST_CALENDAR_DIR, &cal, &err) != XY_OK)
        return -1;
    xy_stats_timer_init(&timer, cal);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xy_stats_timer_release(&timer);
    xy_calendar_release(cal);
    free(cal);
    return 0;
}

static int D(int y, int m, int d)
{
    return xy_days_from_civil(y, m, d);
}

static void test_a_month_is_parsed_only_as_yyyy_mm(void **state)
{
    struct xy_err err = {0};
    int m = 0;
    (void)state;
    assert_int_equal(xy_stats_month_parse("2026-01", "from", &m, &err), XY_OK);
    assert_int_equal(m, 202601);
    assert_int_equal(xy_stats_month_parse("2099-12", "to", &m, &err), XY_OK);
    assert_int_equal(m, 209912);
    const char *bad[] = {"2026-13", "2026-00",  "2026-1", "2026/01",  "202601",     "1999-12",
                         "2100-01", "2026-01x", "",       " 2026-01", "２０２６-01"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        memset(&err, 0, sizeof(err));
        assert_int_equal(xy_stats_month_parse(bad[i], "to", &m, &err), XY_INVALID);
        assert_string_equal(err.field, "to");
        assert_non_null(strstr(err.msg, "YYYY-MM"));
    }
    memset(&err, 0, sizeof(err));
    assert_int_equal(xy_stats_month_parse(NULL, "from", &m, &err), XY_INVALID);
    assert_string_equal(err.field, "from");
}

static void test_months_add_and_count_across_years(void **state)
{
    char s[8];
    (void)state;
    assert_int_equal(xy_stats_month_add(202611, -11), 202512);
    assert_int_equal(xy_stats_month_add(202601, -1), 202512);
    assert_int_equal(xy_stats_month_add(202512, 1), 202601);
    assert_int_equal(xy_stats_month_add(202612, 13), 202801);
    assert_int_equal(xy_stats_month_add(200001, -1), 199912);
    assert_int_equal(xy_stats_month_count(202512, 202611), 12);
    assert_int_equal(xy_stats_month_count(202611, 202611), 1);
    assert_int_equal(xy_stats_month_count(202611, 202610), 0);
    assert_int_equal(xy_stats_month_count(201601, 202512), 120);
    xy_stats_month_format(202603, s);
    assert_string_equal(s, "2026-03");
    assert_int_equal(xy_stats_month_of_day(D(2026, 2, 28)), 202602);
    assert_int_equal(xy_stats_month_of_day(D(2026, 3, 1)), 202603);
}

static void test_per_mille_rounds_half_up_and_is_null_without_a_denominator(void **state)
{
    (void)state;
    assert_int_equal(xy_stats_permille(1, 3), 333);
    assert_int_equal(xy_stats_permille(2, 3), 667);
    assert_int_equal(xy_stats_permille(1, 2000), 1); /* 0.5 per mille rounds up */
    assert_int_equal(xy_stats_permille(1, 2001), 0);
    assert_int_equal(xy_stats_permille(7, 7), 1000);
    assert_int_equal(xy_stats_permille(0, 5), 0);
    assert_int_equal(xy_stats_permille(0, 0), -1);
    assert_int_equal(xy_stats_permille(3, -1), -1);
    assert_int_equal(xy_stats_permille(3200000000LL, 3200000000LL), 1000);
}

static void test_seven_working_days_are_timely_and_eight_are_late(void **state)
{
    int delay = -1;
    (void)state;
    /* Monday 2026-11-09: 7 working days later is Wednesday 11-18, 8 is Thursday 11-19 */
    assert_int_equal(xy_stats_time(&timer, D(2026, 11, 9), D(2026, 11, 18), &delay),
                     XY_TIMING_TIMELY);
    assert_int_equal(delay, 7);
    assert_int_equal(xy_stats_time(&timer, D(2026, 11, 9), D(2026, 11, 19), &delay),
                     XY_TIMING_LATE);
    assert_int_equal(delay, 8);
    /* received the day of the decision, or dated after the receipt: timely, no delay */
    assert_int_equal(xy_stats_time(&timer, D(2026, 11, 9), D(2026, 11, 9), &delay),
                     XY_TIMING_TIMELY);
    assert_int_equal(delay, 0);
    assert_int_equal(xy_stats_time(&timer, D(2026, 11, 10), D(2026, 11, 9), &delay),
                     XY_TIMING_TIMELY);
}

static void test_the_national_day_holiday_does_not_count_as_delay(void **state)
{
    int delay = -1;
    (void)state;
    /* decided 2025-09-30; 10-01..08 off; 10-11 (Saturday) is worked: 10-09, 10, 11, 13, 14, 15,
     * 16 are the 7 working days */
    assert_int_equal(xy_stats_time(&timer, D(2025, 9, 30), D(2025, 10, 16), &delay),
                     XY_TIMING_TIMELY);
    assert_int_equal(delay, 7);
    assert_int_equal(xy_stats_time(&timer, D(2025, 9, 30), D(2025, 10, 17), &delay),
                     XY_TIMING_LATE);
    assert_int_equal(delay, 8);
}

static void test_dates_outside_the_calendar_or_missing_are_untimed(void **state)
{
    int delay = -1;
    (void)state;
    assert_int_equal(xy_stats_time(&timer, INT32_MIN, D(2026, 11, 9), &delay), XY_TIMING_UNTIMED);
    assert_int_equal(delay, 0);
    assert_int_equal(xy_stats_time(&timer, D(2023, 5, 4), D(2026, 11, 9), NULL), XY_TIMING_UNTIMED);
    assert_int_equal(xy_stats_time(&timer, D(2026, 12, 30), D(2027, 1, 5), NULL),
                     XY_TIMING_UNTIMED);
    assert_int_equal(xy_stats_time(&timer, 0, D(2026, 1, 5), NULL), XY_TIMING_UNTIMED);
}

static void test_the_timer_agrees_with_the_calendar_on_every_pair(void **state)
{
    (void)state;
    for (int from = D(2025, 1, 1); from <= D(2026, 12, 31); from += 5)
        for (int to = from; to <= D(2026, 12, 31) && to < from + 400; to += 3) {
            struct xy_err err;
            int want = -1, got = -1;
            assert_int_equal(xy_calendar_workdays_between(cal, from, to, &want, &err), XY_OK);
            xy_stats_time(&timer, from, to, &got);
            assert_int_equal(got, want);
        }
}

static void test_a_calendar_without_files_times_nothing(void **state)
{
    struct xy_calendar empty;
    struct xy_stats_timer t;
    (void)state;
    xy_calendar_init(&empty);
    xy_stats_timer_init(&t, &empty);
    assert_int_equal(xy_stats_time(&t, D(2026, 1, 5), D(2026, 1, 6), NULL), XY_TIMING_UNTIMED);
    xy_stats_timer_release(&t);
    xy_calendar_release(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_month_is_parsed_only_as_yyyy_mm),
        cmocka_unit_test(test_months_add_and_count_across_years),
        cmocka_unit_test(test_per_mille_rounds_half_up_and_is_null_without_a_denominator),
        cmocka_unit_test(test_seven_working_days_are_timely_and_eight_are_late),
        cmocka_unit_test(test_the_national_day_holiday_does_not_count_as_delay),
        cmocka_unit_test(test_dates_outside_the_calendar_or_missing_are_untimed),
        cmocka_unit_test(test_the_timer_agrees_with_the_calendar_on_every_pair),
        cmocka_unit_test(test_a_calendar_without_files_times_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
