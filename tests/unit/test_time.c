/* test_time.c - civil dates and the clock in UTC+8 (base/time) */
#include "helpers.h"

#include "base/time.h"

static void test_known_dates_map_to_the_right_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(xy_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(xy_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(xy_days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(xy_days_from_civil(1900, 1, 1), -25567);
    assert_int_equal(xy_days_from_civil(1949, 10, 1), -7397);
}

static void test_every_day_from_1900_to_2100_round_trips(void **state)
{
    int start = xy_days_from_civil(1900, 1, 1), end = xy_days_from_civil(2100, 12, 31);
    int py = 1899, pm = 12, pd = 31;
    (void)state;

    for (int z = start; z <= end; z++) {
        int y, m, d;
        xy_civil_from_days(z, &y, &m, &d);
        assert_true(xy_date_valid(y, m, d));
        assert_int_equal(xy_days_from_civil(y, m, d), z);
        /* consecutive days are consecutive dates */
        if (d == 1)
            assert_true((m == pm + 1 && y == py) || (m == 1 && pm == 12 && y == py + 1));
        else
            assert_true(d == pd + 1 && m == pm && y == py);
        py = y, pm = m, pd = d;
    }
    assert_int_equal(py, 2100);
}

static void test_leap_years_follow_the_gregorian_rule(void **state)
{
    (void)state;
    assert_true(xy_date_valid(2000, 2, 29));
    assert_true(xy_date_valid(2024, 2, 29));
    assert_false(xy_date_valid(1900, 2, 29));
    assert_false(xy_date_valid(2023, 2, 29));
    assert_false(xy_date_valid(2100, 2, 29));
}

static void test_impossible_dates_are_invalid(void **state)
{
    (void)state;
    assert_false(xy_date_valid(2024, 13, 1));
    assert_false(xy_date_valid(2024, 0, 1));
    assert_false(xy_date_valid(2024, 4, 31));
    assert_false(xy_date_valid(2024, 1, 0));
    assert_false(xy_date_valid(2024, 1, 32));
    assert_false(xy_date_valid(0, 1, 1));
    assert_false(xy_date_valid(10000, 1, 1));
    assert_true(xy_date_valid(2024, 12, 31));
}

static void test_dates_are_formatted_as_iso_8601(void **state)
{
    char out[11];
    (void)state;

    xy_date_format(0, out);
    assert_string_equal(out, "1970-01-01");
    xy_date_format(xy_days_from_civil(2024, 3, 5), out);
    assert_string_equal(out, "2024-03-05");
    xy_date_format(xy_days_from_civil(1949, 10, 1), out);
    assert_string_equal(out, "1949-10-01");
}

static void test_timestamps_are_formatted_in_utc(void **state)
{
    char out[21];
    (void)state;

    xy_time_format(0, out);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    xy_time_format(1795687200, out);
    assert_string_equal(out, "2026-11-26T10:00:00Z");
}

static void test_xy_now_can_be_pinned_with_an_iso_timestamp_or_epoch_seconds(void **state)
{
    (void)state;
    setenv("XY_NOW", "2026-11-26T10:00:00Z", 1);
    assert_int_equal(xy_now(), 1795687200);
    setenv("XY_NOW", "2026-11-26", 1);
    assert_int_equal(xy_now(), 1795687200 - 10 * 3600);
    setenv("XY_NOW", "1700000000", 1);
    assert_int_equal(xy_now(), 1700000000);
    unsetenv("XY_NOW");
    assert_true(xy_now() > 1700000000);
}

static void test_today_is_the_date_in_china_whatever_the_utc_date(void **state)
{
    (void)state;
    /* 17:00 UTC on 26 November is 01:00 on 27 November in Guangzhou */
    setenv("XY_NOW", "2026-11-26T17:00:00Z", 1);
    assert_int_equal(xy_today(), xy_days_from_civil(2026, 11, 27));
    setenv("XY_NOW", "2026-11-26T15:59:59Z", 1);
    assert_int_equal(xy_today(), xy_days_from_civil(2026, 11, 26));
    setenv("XY_NOW", "2026-11-26T16:00:00Z", 1);
    assert_int_equal(xy_today(), xy_days_from_civil(2026, 11, 27));
    unsetenv("XY_NOW");
}

static void test_milliseconds_fall_on_the_day_and_hour_in_china(void **state)
{
    char buf[26];
    int64_t ms = 1795687200LL * 1000; /* 2026-11-26T10:00:00Z */
    (void)state;
    assert_int_equal(xy_day_of_ms(ms), xy_days_from_civil(2026, 11, 26));
    /* 15:59:59.999 UTC is still the 26th in Guangzhou, 16:00 is the 27th */
    assert_int_equal(xy_day_of_ms(ms + 6 * 3600 * 1000LL - 1), xy_days_from_civil(2026, 11, 26));
    assert_int_equal(xy_day_of_ms(ms + 6 * 3600 * 1000LL), xy_days_from_civil(2026, 11, 27));
    /* before the epoch: floor, not truncation toward zero */
    assert_int_equal(xy_day_of_ms(-8 * 3600 * 1000LL - 1), -1);
    assert_int_equal(xy_day_of_ms(-8 * 3600 * 1000LL), 0);
    xy_time_format_cst(ms + 999, buf);
    assert_string_equal(buf, "2026-11-26T18:00:00+08:00");
    xy_time_format_cst(ms + 6 * 3600 * 1000LL + 15 * 60 * 1000 + 7000, buf);
    assert_string_equal(buf, "2026-11-27T00:15:07+08:00");
    xy_time_format_cst(-1, buf);
    assert_string_equal(buf, "1970-01-01T07:59:59+08:00");
}

static void test_the_monotonic_clock_does_not_go_back(void **state)
{
    double t0 = xy_mono(), t1 = xy_mono();
    (void)state;
    assert_true(t0 > 0);
    assert_true(t1 >= t0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_dates_map_to_the_right_day_numbers),
        cmocka_unit_test(test_every_day_from_1900_to_2100_round_trips),
        cmocka_unit_test(test_leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(test_impossible_dates_are_invalid),
        cmocka_unit_test(test_dates_are_formatted_as_iso_8601),
        cmocka_unit_test(test_timestamps_are_formatted_in_utc),
        cmocka_unit_test(test_milliseconds_fall_on_the_day_and_hour_in_china),
        cmocka_unit_test(test_xy_now_can_be_pinned_with_an_iso_timestamp_or_epoch_seconds),
        cmocka_unit_test(test_today_is_the_date_in_china_whatever_the_utc_date),
        cmocka_unit_test(test_the_monotonic_clock_does_not_go_back),
    };
    return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
