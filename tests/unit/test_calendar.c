/* test_calendar.c - working days across holidays and 调休 (domain/calendar), on the shipped
 * calendar files */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/calendar.h"
#include "service/catalog_load.h"

static struct xy_calendar *cal;

static int setup(void **state)
{
    struct xy_err err;
    (void)state;
    return xy_calendar_load_dir(XY_TEST_CALENDAR_DIR, &cal, &err) == XY_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xy_calendar_release(cal);
    free(cal);
    return 0;
}

static int D(int y, int m, int d)
{
    return xy_days_from_civil(y, m, d);
}

static int plus(int day, int n)
{
    struct xy_err err;
    int out = 0;
    assert_int_equal(xy_calendar_add_workdays(cal, day, n, &out, &err), XY_OK);
    return out;
}

static void
test_two_working_days_from_before_national_day_2025_skip_the_eight_day_holiday(void **state)
{
    (void)state;
    /* 2025-10-01..08 off; 10-09 (Thu) and 10-10 (Fri) are the next working days */
    assert_int_equal(plus(D(2025, 9, 30), 2), D(2025, 10, 10));
    /* 09-28 is a Sunday that is a working day (调休) */
    assert_int_equal(plus(D(2025, 9, 26), 1), D(2025, 9, 28));
    /* 10-11 is a Saturday that is a working day */
    assert_int_equal(plus(D(2025, 10, 10), 1), D(2025, 10, 11));
}

static void test_spring_festival_2026_counts_its_saturday_working_days(void **state)
{
    (void)state;
    assert_int_equal(plus(D(2026, 2, 13), 1), D(2026, 2, 14)); /* Saturday worked */
    assert_int_equal(plus(D(2026, 2, 13), 2), D(2026, 2, 24)); /* 15..23 off */
    assert_int_equal(plus(D(2026, 2, 27), 1), D(2026, 2, 28)); /* Saturday worked */
    assert_int_equal(plus(D(2026, 2, 27), 2), D(2026, 3, 2));
}

static void test_a_deadline_of_ten_working_days_is_two_weeks_in_an_ordinary_month(void **state)
{
    (void)state;
    assert_int_equal(plus(D(2026, 3, 2), 10), D(2026, 3, 16));
    assert_int_equal(plus(D(2026, 3, 2), 0), D(2026, 3, 2));
}

static void test_counting_across_new_year_needs_both_years(void **state)
{
    (void)state;
    /* 2025-12-31 (Wed) + 1: 2026-01-01..03 off, 01-04 (Sun) worked */
    assert_int_equal(plus(D(2025, 12, 31), 1), D(2026, 1, 4));
}

static void test_a_year_without_a_file_is_an_error_that_names_it(void **state)
{
    struct xy_err err;
    int out;
    (void)state;
    assert_int_equal(xy_calendar_add_workdays(cal, D(2026, 12, 30), 5, &out, &err), XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "2027"));
}

static void test_working_days_between_two_dates(void **state)
{
    struct xy_err err;
    int n;
    (void)state;
    assert_int_equal(xy_calendar_workdays_between(cal, D(2025, 9, 30), D(2025, 10, 10), &n, &err),
                     XY_OK);
    assert_int_equal(n, 2);
    assert_int_equal(xy_calendar_workdays_between(cal, D(2025, 10, 10), D(2025, 9, 30), &n, &err),
                     XY_OK);
    assert_int_equal(n, 0);
}

static void test_a_malformed_file_is_refused_with_its_line(void **state)
{
    struct xy_calendar c;
    struct xy_err err;
    const char *bad = "year 2030\nholiday 2030-13-01 x\n";
    const char *weekday = "year 2030\nworkday 2030-01-02 x\n";
    (void)state;
    xy_calendar_init(&c);
    assert_int_equal(xy_calendar_add(&c, "2030.txt", bad, strlen(bad), &err), XY_INVALID);
    assert_non_null(strstr(err.msg, "第 2 行"));
    assert_int_equal(xy_calendar_add(&c, "2030.txt", weekday, strlen(weekday), &err), XY_INVALID);
    assert_false(xy_calendar_has_year(&c, 2030));
    xy_calendar_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_two_working_days_from_before_national_day_2025_skip_the_eight_day_holiday),
        cmocka_unit_test(test_spring_festival_2026_counts_its_saturday_working_days),
        cmocka_unit_test(test_a_deadline_of_ten_working_days_is_two_weeks_in_an_ordinary_month),
        cmocka_unit_test(test_counting_across_new_year_needs_both_years),
        cmocka_unit_test(test_a_year_without_a_file_is_an_error_that_names_it),
        cmocka_unit_test(test_working_days_between_two_dates),
        cmocka_unit_test(test_a_malformed_file_is_refused_with_its_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
