/* workdays.h - working days for staff and scripts: is a date a working day, and the date N
 * working days after another (layer: service)
 *
 * Answers come from the calendar files (calendar/<year>.txt, domain/calendar.h); a date in a
 * year without a file is an error that names the year, never a guess.
 */
#ifndef XY_SERVICE_WORKDAYS_H
#define XY_SERVICE_WORKDAYS_H

#include "service/ctx.h"

#define XY_WORKDAYS_MAX 3650

/* What a day is: 工作日, 周末, 法定节假日 (a weekday off) or 调休上班日 (a weekend day worked). */
struct xy_workday {
    int workday;
    const char *kind; /* Chinese, static */
};

/* date is "YYYY-MM-DD"; XY_INVALID naming the value when it is not a real date. */
xy_code xy_workday_is(struct xy_ctx *ctx, const char *date, struct xy_workday *out,
                      struct xy_err *err);
/* The date n (0..XY_WORKDAYS_MAX, text) working days after date, as "YYYY-MM-DD" in out. */
xy_code xy_workday_add(struct xy_ctx *ctx, const char *date, const char *n, char out[11],
                       struct xy_err *err);

/* Days of notice the platform gives before the working-day calendar runs out: a case filed
 * then may need a deadline up to 10 working days (two weeks and more over a holiday) later. */
#define XY_CALENDAR_WARN_DAYS 45

/* The last day (days since 1970-01-01) the calendar covers without a gap from today's year on,
 * or -1 when today's own year has no file. Deadlines past it cannot be computed until the next
 * year's file (the State Council's notice) is added. */
int xy_workdays_covered_until(const struct xy_ctx *ctx, int today);

#endif
