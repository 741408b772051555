/* buf.c - growable byte buffer with a hard cap (layer: base) */
#include "base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "fatal: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *xy_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xy_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *xy_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *xy_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xy_malloc(n), s, n);
}

void xy_buf_init(struct xy_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void xy_buf_release(struct xy_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void xy_buf_reset(struct xy_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

xy_code xy_buf_grow(struct xy_buf *b, size_t n)
{
    size_t want = b->len + n + 1, cap;

    if (want < n || (b->max && b->len + n > b->max))
        return XY_TOO_LARGE;
    if (want <= b->cap)
        return XY_OK;
    cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap = cap * 2;
    b->data = xy_realloc(b->data, cap);
    b->cap = cap;
    return XY_OK;
}

xy_code xy_buf_add(struct xy_buf *b, const void *p, size_t n)
{
    if (xy_buf_grow(b, n) != XY_OK)
        return XY_TOO_LARGE;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return XY_OK;
}

xy_code xy_buf_adds(struct xy_buf *b, const char *s)
{
    return xy_buf_add(b, s, strlen(s));
}

xy_code xy_buf_addc(struct xy_buf *b, char c)
{
    return xy_buf_add(b, &c, 1);
}

xy_code xy_buf_vprintf(struct xy_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return XY_INTERNAL;
    if (xy_buf_grow(b, (size_t)n) != XY_OK)
        return XY_TOO_LARGE;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return XY_OK;
}

xy_code xy_buf_printf(struct xy_buf *b, const char *fmt, ...)
{
    va_list ap;
    xy_code rc;

    va_start(ap, fmt);
    rc = xy_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *xy_buf_detach(struct xy_buf *b)
{
    char *s = b->data ? b->data : xy_strdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}
