/* time.h - wall clock and civil dates in the city's time zone (layer: base)
 *
 * Dates are days since 1970-01-01 (int) in China Standard Time (UTC+8, no DST since 1991):
 * a decision made "today" in Guangzhou is today whatever the server's TZ says.
 */
#ifndef XY_BASE_TIME_H
#define XY_BASE_TIME_H

#include <stdint.h>

/* Seconds since the epoch (UTC). XY_NOW overrides it in tests ("2026-11-26T10:00:00Z" or epoch). */
int64_t xy_now(void);
/* Unix milliseconds; under XY_NOW the fixed second, so tests see stable times. */
int64_t xy_now_ms(void);
/* Today's date in UTC+8, as days since the epoch. */
int xy_today(void);
/* The date in UTC+8 of a time in unix milliseconds, as days since the epoch. */
int xy_day_of_ms(int64_t ms);
/* Days since epoch for a civil date; the date must be valid. */
int xy_days_from_civil(int y, int m, int d);
void xy_civil_from_days(int days, int *y, int *m, int *d);
int xy_date_valid(int y, int m, int d);
/* "YYYY-MM-DD" into out[11] */
void xy_date_format(int days, char out[11]);
/* ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" into out[21] */
void xy_time_format(int64_t t, char out[21]);
/* Unix milliseconds as ISO 8601 in UTC+8, "2026-11-27T16:15:00+08:00", into out[26] */
void xy_time_format_cst(int64_t ms, char out[26]);
/* Unix milliseconds as a clerk reads them in UTC+8, "2026-11-27 16:15", into out[24]; "-" for
 * 0 (never happened). */
void xy_time_minutes_cst(int64_t ms, char out[24]);
/* Monotonic seconds, for rates and progress. */
double xy_mono(void);

#endif
