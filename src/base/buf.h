/* buf.h - growable byte buffer with a hard cap (layer: base)
 *
 * Invariants (git's strbuf): data[len] == '\0' whenever data != NULL; len < cap;
 * len never exceeds max when max != 0. Growth beyond max fails with XY_TOO_LARGE instead
 * of allocating, so every buffer filled from outside has a ceiling.
 */
#ifndef XY_BASE_BUF_H
#define XY_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/err.h"

struct xy_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max; /* 0 = no cap (only for buffers filled by our own code) */
};

#define XY_BUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

void xy_buf_init(struct xy_buf *b, size_t max);
void xy_buf_release(struct xy_buf *b);
void xy_buf_reset(struct xy_buf *b);

/* Each returns XY_OK or XY_TOO_LARGE (the buffer is left unchanged). Allocation failure aborts. */
xy_code xy_buf_add(struct xy_buf *b, const void *p, size_t n);
xy_code xy_buf_adds(struct xy_buf *b, const char *s);
xy_code xy_buf_addc(struct xy_buf *b, char c);
xy_code xy_buf_printf(struct xy_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
xy_code xy_buf_vprintf(struct xy_buf *b, const char *fmt, va_list ap);

/* Make room for n more bytes; returns XY_TOO_LARGE past max. */
xy_code xy_buf_grow(struct xy_buf *b, size_t n);

/* Hand the string over to the caller (free() it); the buffer is left empty. Never NULL. */
char *xy_buf_detach(struct xy_buf *b);

/* Allocation helpers that abort on failure (git, Redis, PostgreSQL do the same). */
void *xy_malloc(size_t n);
void *xy_calloc(size_t n, size_t size);
void *xy_realloc(void *p, size_t n);
char *xy_strdup(const char *s);

#endif
