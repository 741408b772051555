/* log.c - logfmt lines on stderr (layer: base) */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum xy_log_level xy_log_threshold = XY_LOG_WARN;

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

void xy_log_set_level(enum xy_log_level level)
{
    xy_log_threshold = level;
}

int xy_log_level_parse(const char *s)
{
    for (int i = 0; i <= XY_LOG_OFF; i++)
        if (strcmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

void xy_log_write(enum xy_log_level level, const char *event, const char *fmt, ...)
{
    char ts[32], line[1024];
    struct tm tm;
    time_t now = time(NULL);
    va_list ap;

    gmtime_r(&now, &tm);
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    fprintf(stderr, "ts=%s level=%s event=%s %s\n", ts, level_names[level], event, line);
}
