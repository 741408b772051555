/* time.c - wall clock and civil dates (layer: base) */
#include "base/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t xy_now(void)
{
    const char *fake = getenv("XY_NOW");

    if (fake && *fake) {
        int y, mo, d, h = 0, mi = 0, s = 0;
        if (sscanf(fake, "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s) >= 3 &&
            xy_date_valid(y, mo, d))
            return (int64_t)xy_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
        return strtoll(fake, NULL, 10);
    }
    return (int64_t)time(NULL);
}

int64_t xy_now_ms(void)
{
    const char *fake = getenv("XY_NOW");
    struct timespec ts;

    if (fake && *fake)
        return xy_now() * 1000;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int xy_today(void)
{
    int64_t t = xy_now() + 8 * 3600;
    return (int)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

int xy_day_of_ms(int64_t ms)
{
    int64_t t = (ms >= 0 ? ms / 1000 : (ms - 999) / 1000) + 8 * 3600;
    return (int)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
int xy_days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void xy_civil_from_days(int z, int *y, int *m, int *d)
{
    int era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

int xy_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

void xy_date_format(int days, char out[11])
{
    int y, m, d;
    xy_civil_from_days(days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

void xy_time_format(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void xy_time_format_cst(int64_t ms, char out[26])
{
    int64_t s = (ms >= 0 ? ms / 1000 : (ms - 999) / 1000) + 8 * 3600;
    int days = (int)(s >= 0 ? s / 86400 : (s - 86399) / 86400), y, m, d;
    int secs = (int)(s - (int64_t)days * 86400);

    xy_civil_from_days(days, &y, &m, &d);
    snprintf(out, 26, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", y % 10000, m, d, secs / 3600,
             secs / 60 % 60, secs % 60);
}

void xy_time_minutes_cst(int64_t ms, char out[24])
{
    char iso[26];

    if (!ms) {
        strcpy(out, "-");
        return;
    }
    xy_time_format_cst(ms, iso);
    iso[10] = ' ';
    iso[16] = '\0';
    memcpy(out, iso, 17);
}

double xy_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}
