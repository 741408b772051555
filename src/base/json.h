/* json.h - a small JSON writer into an xy_buf (layer: base)
 *
 * Writing only: parsing uses jansson in the layers that need it. Strings must be UTF-8;
 * control characters are escaped, everything else is written as is (Chinese stays readable).
 */
#ifndef XY_BASE_JSON_H
#define XY_BASE_JSON_H

#include <stddef.h>

#include "base/arena.h"
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

/* Read a JSON array of strings and nulls (what the store writes for a record's values and
 * layout) without a general parser: *out gets n strings allocated from a, NULL for null.
 * Returns 0, or -1 when s is anything else (nested values, numbers, bad escapes). */
int xy_json_strings(const char *s, struct xy_arena *a, const char ***out, size_t *n);

/* A JSON writer that places the commas: open an object or array, write keys and values, close.
 * Nesting is at most XY_JW_DEPTH deep (a programming error past it: the writer aborts). */
#define XY_JW_DEPTH 16
struct xy_jw {
    struct xy_buf *b;
    int depth;
    unsigned char count[XY_JW_DEPTH];  /* 0 = nothing written at this level yet */
    unsigned char is_arr[XY_JW_DEPTH]; /* the level is an array (closed by ']') */
    unsigned char after_key;
};
void xy_jw_init(struct xy_jw *w, struct xy_buf *b);
void xy_jw_obj(struct xy_jw *w);
void xy_jw_arr(struct xy_jw *w);
void xy_jw_end(struct xy_jw *w);                  /* closes the innermost object or array */
void xy_jw_key(struct xy_jw *w, const char *key); /* key: plain ASCII, not escaped */
void xy_jw_str(struct xy_jw *w, const char *s);   /* NULL writes null */
void xy_jw_int(struct xy_jw *w, long long v);
void xy_jw_bool(struct xy_jw *w, int v);
void xy_jw_null(struct xy_jw *w);
/* A value already written as JSON by our own code (never text from outside); NULL: null. */
void xy_jw_raw(struct xy_jw *w, const char *json);
void xy_jw_kstr(struct xy_jw *w, const char *key, const char *s);
void xy_jw_kint(struct xy_jw *w, const char *key, long long v);
void xy_jw_kbool(struct xy_jw *w, const char *key, int v);

#endif
