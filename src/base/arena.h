/* arena.h - region allocator: one per CLI command, HTTP request or ingest batch (layer: base)
 *
 * Nothing allocated from an arena is freed one by one; xy_arena_free() releases it all and
 * runs the deferred cleanups in reverse order of registration (closing statements, files).
 */
#ifndef XY_BASE_ARENA_H
#define XY_BASE_ARENA_H

#include <stddef.h>

struct xy_arena;

struct xy_arena *xy_arena_new(void);
void xy_arena_free(struct xy_arena *a); /* NULL is a no-op */

/* Drop everything allocated so far but keep the first block for reuse; deferred cleanups run. */
void xy_arena_reset(struct xy_arena *a);

void *xy_arena_alloc(struct xy_arena *a, size_t n);  /* 16-byte aligned, uninitialised */
void *xy_arena_zalloc(struct xy_arena *a, size_t n); /* zeroed */
char *xy_arena_strdup(struct xy_arena *a, const char *s);
char *xy_arena_strndup(struct xy_arena *a, const char *s, size_t n);
char *xy_arena_printf(struct xy_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Run fn(p) when the arena is reset or freed. */
void xy_arena_defer(struct xy_arena *a, void (*fn)(void *), void *p);

#endif
