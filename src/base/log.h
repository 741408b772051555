/* log.h - one logfmt line per event on stderr (layer: base)
 *
 * Only cli/ and http/ log above debug. Never pass personal data: names and ID numbers go
 * through xy_redact_* (domain/mask.h) first. The level is checked before formatting (Redis).
 */
#ifndef XY_BASE_LOG_H
#define XY_BASE_LOG_H

enum xy_log_level { XY_LOG_DEBUG, XY_LOG_INFO, XY_LOG_WARN, XY_LOG_ERROR, XY_LOG_OFF };

extern enum xy_log_level xy_log_threshold;

void xy_log_set_level(enum xy_log_level level);
/* "debug", "info", "warn", "error", "off"; returns -1 for anything else */
int xy_log_level_parse(const char *s);

/* msg and the key=value pairs that follow (already formatted by the caller) */
void xy_log_write(enum xy_log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define xy_log(level, event, ...)                                                                  \
    do {                                                                                           \
        if ((level) >= xy_log_threshold)                                                           \
            xy_log_write((level), (event), __VA_ARGS__);                                           \
    } while (0)

#endif
