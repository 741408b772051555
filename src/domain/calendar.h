/* calendar.h - Chinese working days: weekends, public holidays and 调休 (layer: domain)
 *
 * A calendar is data: one text file per year (calendar/<year>.txt) taken from the State
 * Council's yearly notice. Every deadline counted in working days goes through here. A date in
 * a year without a file is an error that names the year, never a guess.
 */
#ifndef XY_DOMAIN_CALENDAR_H
#define XY_DOMAIN_CALENDAR_H

#include <stddef.h>

#include "base/err.h"

#define XY_CALENDAR_FIRST_YEAR 2000
#define XY_CALENDAR_YEARS      100

struct xy_calendar {
    /* per year: 0 no file; else 1 and a day table (1 working day, 0 day off) */
    unsigned char known[XY_CALENDAR_YEARS];
    unsigned char *days[XY_CALENDAR_YEARS]; /* 366 entries, malloc'd */
};

void xy_calendar_init(struct xy_calendar *cal);
void xy_calendar_release(struct xy_calendar *cal);
/* Add one year's file (text of n bytes; name for messages: file name). Errors name the line. */
xy_code xy_calendar_add(struct xy_calendar *cal, const char *name, const char *text, size_t n,
                        struct xy_err *err);
/* 1 when the year has a file. */
int xy_calendar_has_year(const struct xy_calendar *cal, int year);
/* *out = 1 for a working day (days since the epoch). XY_NOT_FOUND naming the year without a
 * file. */
xy_code xy_calendar_is_workday(const struct xy_calendar *cal, int day, int *out,
                               struct xy_err *err);
/* The date n >= 0 working days after day (the day itself does not count: a deadline of
 * "2 working days" from a Friday filing is the Tuesday). */
xy_code xy_calendar_add_workdays(const struct xy_calendar *cal, int day, int n, int *out,
                                 struct xy_err *err);
/* Working days after from, up to and including to (0 when to <= from). */
xy_code xy_calendar_workdays_between(const struct xy_calendar *cal, int from, int to, int *out,
                                     struct xy_err *err);

#endif
