/* err.c - result codes and error records (layer: base) */
#include "base/err.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"

static const char *const code_names[] = {
#define XY_CODE_NAME(name, text) #name,
    XY_CODE_MAP(XY_CODE_NAME)
#undef XY_CODE_NAME
};

static const char *const code_texts[] = {
#define XY_CODE_TEXT(name, text) text,
    XY_CODE_MAP(XY_CODE_TEXT)
#undef XY_CODE_TEXT
};

const char *xy_code_name(xy_code code)
{
    return (unsigned)code < XY_CODE_COUNT ? code_names[code] : "UNKNOWN";
}

const char *xy_code_text(xy_code code)
{
    return (unsigned)code < XY_CODE_COUNT ? code_texts[code] : "unknown error";
}

xy_code xy_err_set_at(struct xy_err *err, xy_code code, const char *file, int line, const char *fmt,
                      ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    err->detail[0] = '\0';
    err->hint = NULL;
    err->field = NULL;
    err->line = 0;
    err->file = file;
    err->src_line = line;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    xy_utf8_keep_whole(err->msg);
    return code;
}

xy_code xy_err_prefix(struct xy_err *err, const char *fmt, ...)
{
    char head[192], old[sizeof(err->msg)];
    va_list ap;

    if (!err)
        return XY_INTERNAL;
    va_start(ap, fmt);
    vsnprintf(head, sizeof(head), fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof(old));
    snprintf(err->msg, sizeof(err->msg), "%s%s", head, old);
    xy_utf8_keep_whole(err->msg);
    return err->code;
}

void xy_err_detail(struct xy_err *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
    va_end(ap);
}

void xy_err_clear(struct xy_err *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
}
