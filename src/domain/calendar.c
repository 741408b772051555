/* calendar.c - working days from the yearly holiday files (layer: domain) */
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"

void xy_calendar_init(struct xy_calendar *cal)
{
    memset(cal, 0, sizeof(*cal));
}

void xy_calendar_release(struct xy_calendar *cal)
{
    for (int i = 0; i < XY_CALENDAR_YEARS; i++)
        free(cal->days[i]);
    memset(cal, 0, sizeof(*cal));
}

static int parse_date(const char *s, int *day, int *year)
{
    int y, m, d;
    char tail;

    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10 ||
        !xy_date_valid(y, m, d))
        return -1;
    *day = xy_days_from_civil(y, m, d);
    *year = y;
    return 0;
}

/* 1970-01-01 was a Thursday: Monday = 0 .. Sunday = 6 */
static int weekday(int day)
{
    return ((day % 7) + 7 + 3) % 7;
}

xy_code xy_calendar_add(struct xy_calendar *cal, const char *name, const char *text, size_t n,
                        struct xy_err *err)
{
    unsigned char table[366];
    int year = 0, first = 0, lineno = 0;
    const char *p = text, *end = text + n;
    xy_code rc = XY_OK;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char line[256], kind[16] = "", a[16] = "", b[16] = "";
        int fields, da, db, ya, yb;

        lineno++;
        if (len >= sizeof(line))
            return xy_err_set(err, XY_INVALID, "工作日历“%s”第 %d 行：这一行太长", name, lineno);
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : end;
        if (line[0] == '#' || strspn(line, " \t\r") == len)
            continue;
        fields = sscanf(line, "%15s %15s %15s", kind, a, b);
        if (fields < 1)
            continue; /* only other white space (\f, \v) or a NUL: a blank line */
        if (!strcmp(kind, "year") && fields >= 2) {
            year = atoi(a);
            if (year < XY_CALENDAR_FIRST_YEAR || year >= XY_CALENDAR_FIRST_YEAR + XY_CALENDAR_YEARS)
                return xy_err_set(err, XY_INVALID, "工作日历“%s”第 %d 行：年份“%s”超出范围", name,
                                  lineno, a);
            first = xy_days_from_civil(year, 1, 1);
            for (int i = 0; i < 366; i++) /* default: Monday to Friday */
                table[i] = weekday(first + i) < 5;
            continue;
        }
        if (!year)
            return xy_err_set(err, XY_INVALID, "工作日历“%s”第 %d 行：文件须以“year 年份”开头",
                              name, lineno);
        if (fields < 2 || parse_date(a, &da, &ya) || ya != year)
            return xy_err_set(err, XY_INVALID, "工作日历“%s”第 %d 行：日期“%s”无效或不在该年", name,
                              lineno, fields >= 2 ? a : "");
        if (!strcmp(kind, "holiday")) {
            db = da;
            if (fields >= 3 && b[0] >= '0' && b[0] <= '9' &&
                (parse_date(b, &db, &yb) || yb != year || db < da))
                return xy_err_set(err, XY_INVALID,
                                  "工作日历“%s”第 %d 行：结束日期“%s”无效、不在该年或早于开始日期",
                                  name, lineno, b);
            for (int d = da; d <= db; d++)
                table[d - first] = 0;
        } else if (!strcmp(kind, "workday")) {
            if (weekday(da) < 5)
                return xy_err_set(err, XY_INVALID,
                                  "工作日历“%s”第 %d 行：%s 本是工作日，不是调休上班的周末", name,
                                  lineno, a);
            table[da - first] = 1;
        } else {
            return xy_err_set(err, XY_INVALID,
                              "工作日历“%s”第 %d 行：无法识别“%s”（应为 year、holiday 或 workday）",
                              name, lineno, kind);
        }
    }
    if (!year)
        return xy_err_set(err, XY_INVALID, "工作日历“%s”：没有“year 年份”一行", name);
    int i = year - XY_CALENDAR_FIRST_YEAR;
    if (!cal->days[i])
        cal->days[i] = malloc(366);
    if (!cal->days[i])
        abort();
    memcpy(cal->days[i], table, 366);
    cal->known[i] = 1;
    return rc;
}

int xy_calendar_has_year(const struct xy_calendar *cal, int year)
{
    int i = year - XY_CALENDAR_FIRST_YEAR;
    return i >= 0 && i < XY_CALENDAR_YEARS && cal->known[i];
}

xy_code xy_calendar_is_workday(const struct xy_calendar *cal, int day, int *out, struct xy_err *err)
{
    int y, m, d;

    xy_civil_from_days(day, &y, &m, &d);
    if (!xy_calendar_has_year(cal, y))
        return xy_err_set(err, XY_NOT_FOUND,
                          "没有 %d 年的工作日历（calendar/%d.txt），无法计算工作日期限", y, y);
    *out = cal->days[y - XY_CALENDAR_FIRST_YEAR][day - xy_days_from_civil(y, 1, 1)];
    return XY_OK;
}

xy_code xy_calendar_add_workdays(const struct xy_calendar *cal, int day, int n, int *out,
                                 struct xy_err *err)
{
    xy_code rc;
    int w;

    while (n > 0) {
        day++;
        if ((rc = xy_calendar_is_workday(cal, day, &w, err)) != XY_OK)
            return rc;
        n -= w;
    }
    *out = day;
    return XY_OK;
}

xy_code xy_calendar_workdays_between(const struct xy_calendar *cal, int from, int to, int *out,
                                     struct xy_err *err)
{
    xy_code rc;
    int w, n = 0;

    for (int d = from + 1; d <= to; d++) {
        if ((rc = xy_calendar_is_workday(cal, d, &w, err)) != XY_OK)
            return rc;
        n += w;
    }
    *out = n;
    return XY_OK;
}
