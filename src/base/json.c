/* json.c - a small JSON writer (layer: base) */
#include "base/json.h"

#include <stdio.h>
#include <string.h>

xy_code xy_json_str(struct xy_buf *b, const char *s, size_t n)
{
    size_t i, run = 0;

    if (xy_buf_addc(b, '"') != XY_OK)
        return XY_TOO_LARGE;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (xy_buf_add(b, s + run, i - run) != XY_OK)
            return XY_TOO_LARGE;
        switch (c) {
        case '"':
            strcpy(esc, "\\\"");
            break;
        case '\\':
            strcpy(esc, "\\\\");
            break;
        case '\n':
            strcpy(esc, "\\n");
            break;
        case '\r':
            strcpy(esc, "\\r");
            break;
        case '\t':
            strcpy(esc, "\\t");
            break;
        default:
            snprintf(esc, sizeof(esc), "\\u%04x", c);
            break;
        }
        if (xy_buf_adds(b, esc) != XY_OK)
            return XY_TOO_LARGE;
        run = i + 1;
    }
    if (xy_buf_add(b, s + run, n - run) != XY_OK)
        return XY_TOO_LARGE;
    return xy_buf_addc(b, '"');
}
