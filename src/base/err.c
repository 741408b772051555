/* err.c - result codes and error records (layer: base) */
#include "base/err.h"

#include <stdio.h>
#include <string.h>

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

/* Drop, in place, every byte of s that is not part of a whole UTF-8 sequence. A message quotes
 * what a client sent through "%.40s" and is cut at sizeof(msg): either can split a Chinese
 * character, and a message is sent as JSON, which must be valid UTF-8. */
static void keep_whole_utf8(char *s)
{
    unsigned char *r = (unsigned char *)s, *w = r;

    while (*r) {
        size_t n = *r < 0x80                  ? 1
                   : *r >= 0xC2 && *r <= 0xDF ? 2
                   : *r >= 0xE0 && *r <= 0xEF ? 3
                   : *r >= 0xF0 && *r <= 0xF4 ? 4
                                              : 0;
        size_t i = 1;
        while (n && i < n && (r[i] & 0xC0) == 0x80)
            i++;
        if (n && i == n) {
            memmove(w, r, n);
            w += n;
            r += n;
        } else {
            r++; /* a stray or cut byte */
        }
    }
    *w = '\0';
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
    keep_whole_utf8(err->msg);
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
    keep_whole_utf8(err->msg);
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
