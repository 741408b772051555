/* json.h - a small JSON writer into an xy_buf (layer: base)
 *
 * Writing only: parsing uses jansson in the layers that need it. Strings must be UTF-8;
 * control characters are escaped, everything else is written as is (Chinese stays readable).
 */
#ifndef XY_BASE_JSON_H
#define XY_BASE_JSON_H

#include <stddef.h>

#include "base/buf.h"

/* Append s (n bytes) as a quoted JSON string. */
xy_code xy_json_str(struct xy_buf *b, const char *s, size_t n);
static inline xy_code xy_json_cstr(struct xy_buf *b, const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return xy_json_str(b, s, n);
}

#endif
