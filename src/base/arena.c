/* arena.c - region allocator (layer: base) */
#include "base/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

#define BLOCK_BYTES (64 * 1024)

struct block {
    struct block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *p;
};

struct xy_arena {
    struct block *head;
    struct block *spare; /* standard blocks kept by reset, reused before malloc */
    struct deferred *defers;
};

static struct block *block_new(size_t size)
{
    struct block *b = xy_malloc(sizeof(*b) + size);
    b->next = NULL;
    b->used = 0;
    b->size = size;
    return b;
}

struct xy_arena *xy_arena_new(void)
{
    struct xy_arena *a = xy_malloc(sizeof(*a));
    a->head = block_new(BLOCK_BYTES);
    a->spare = NULL;
    a->defers = NULL;
    return a;
}

static void run_defers(struct xy_arena *a)
{
    while (a->defers) {
        struct deferred *d = a->defers;
        a->defers = d->next;
        d->fn(d->p);
    }
}

void xy_arena_reset(struct xy_arena *a)
{
    struct block *b, *next;

    run_defers(a);
    /* standard blocks are kept for the next round (an ingest batch reuses its arena every
     * few thousand rows; giving memory back and faulting it in again costs more than the
     * parsing); big ones go back to malloc */
    for (b = a->head; b; b = next) {
        next = b->next;
        if (b->size == BLOCK_BYTES) {
            b->next = a->spare;
            a->spare = b;
        } else {
            free(b);
        }
    }
    a->head = a->spare;
    a->spare = a->head->next;
    a->head->next = NULL;
    a->head->used = 0;
}

void xy_arena_free(struct xy_arena *a)
{
    struct block *b, *next;

    if (!a)
        return;
    run_defers(a);
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    for (b = a->spare; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *xy_arena_alloc(struct xy_arena *a, size_t n)
{
    struct block *b = a->head;
    size_t need = (n + 15) & ~(size_t)15;
    void *p;

    if (need < n)
        abort();
    if (b->size - b->used < need) {
        if (need <= BLOCK_BYTES / 4 && a->spare) {
            b = a->spare;
            a->spare = b->next;
            b->used = 0;
            b->next = a->head;
            a->head = b;
            p = b->data;
            b->used = need;
            return p;
        }
        b = block_new(need > BLOCK_BYTES / 4 ? need : BLOCK_BYTES);
        if (need > BLOCK_BYTES / 4 && a->head) {
            /* a big allocation gets its own block behind the current one,
             * so the current block keeps serving small ones */
            b->next = a->head->next;
            a->head->next = b;
            b->used = need;
            return b->data;
        }
        b->next = a->head;
        a->head = b;
    }
    p = b->data + b->used;
    b->used += need;
    return p;
}

void *xy_arena_zalloc(struct xy_arena *a, size_t n)
{
    return memset(xy_arena_alloc(a, n), 0, n);
}

char *xy_arena_strndup(struct xy_arena *a, const char *s, size_t n)
{
    char *p = xy_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xy_arena_strdup(struct xy_arena *a, const char *s)
{
    return xy_arena_strndup(a, s, strlen(s));
}

char *xy_arena_printf(struct xy_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    int n;
    char *p;

    va_start(ap, fmt);
    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    p = xy_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void xy_arena_defer(struct xy_arena *a, void (*fn)(void *), void *p)
{
    struct deferred *d = xy_arena_alloc(a, sizeof(*d));
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
}
