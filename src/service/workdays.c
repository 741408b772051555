/* workdays.c - working days from the calendar files (layer: service) */
#include "service/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/calendar.h"

static xy_code parse_day(const char *s, int *day, struct xy_err *err)
{
    int y, m, d;
    char tail;

    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
        s[4] != '-' || s[7] != '-' || !xy_date_valid(y, m, d))
        return xy_err_set(err, XY_INVALID, "日期“%.40s”无效，应为 YYYY-MM-DD，如 2025-10-08",
                          s ? s : "");
    *day = xy_days_from_civil(y, m, d);
    return XY_OK;
}

xy_code xy_workday_is(struct xy_ctx *ctx, const char *date, struct xy_workday *out,
                      struct xy_err *err)
{
    int day, w, weekend;
    xy_code rc;

    if ((rc = parse_day(date, &day, err)) != XY_OK ||
        (rc = xy_calendar_is_workday(ctx->cal, day, &w, err)) != XY_OK)
        return rc;
    weekend = ((day % 7) + 7 + 3) % 7 >= 5; /* 1970-01-01 was a Thursday */
    out->workday = w;
    out->kind = w ? (weekend ? "调休上班日" : "工作日") : (weekend ? "周末" : "法定节假日");
    return XY_OK;
}

xy_code xy_workday_add(struct xy_ctx *ctx, const char *date, const char *n, char out[11],
                       struct xy_err *err)
{
    char *end;
    long k;
    int day, due;
    xy_code rc;

    if ((rc = parse_day(date, &day, err)) != XY_OK)
        return rc;
    k = n ? strtol(n, &end, 10) : -1;
    if (!n || !*n || *end || k < 0 || k > XY_WORKDAYS_MAX)
        return xy_err_set(err, XY_INVALID, "工作日数“%.20s”无效，应为 0 到 %d 的整数", n ? n : "",
                          XY_WORKDAYS_MAX);
    if ((rc = xy_calendar_add_workdays(ctx->cal, day, (int)k, &due, err)) != XY_OK)
        return rc;
    xy_date_format(due, out);
    return XY_OK;
}

int xy_workdays_covered_until(const struct xy_ctx *ctx, int today)
{
    int y, m, d;

    xy_civil_from_days(today, &y, &m, &d);
    if (!ctx->cal || !xy_calendar_has_year(ctx->cal, y))
        return -1;
    while (y < 9999 && xy_calendar_has_year(ctx->cal, y + 1))
        y++;
    return xy_days_from_civil(y, 12, 31);
}
