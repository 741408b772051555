/* hmap.h - open-addressing hash map from byte-string keys to a 64-bit value (layer: base)
 *
 * For hot-path caches (subject codes during ingest). Keys are copied into the map's own
 * memory. The map never shrinks; xy_hmap_clear() empties it when a caller's budget is spent.
 */
#ifndef XY_BASE_HMAP_H
#define XY_BASE_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct xy_hmap;

struct xy_hmap *xy_hmap_new(void);
void xy_hmap_free(struct xy_hmap *m); /* NULL is a no-op */
void xy_hmap_clear(struct xy_hmap *m);
size_t xy_hmap_count(const struct xy_hmap *m);
/* Bytes held by keys and slots, for budgets. */
size_t xy_hmap_bytes(const struct xy_hmap *m);

/* Pointer to the value stored under key, or NULL. Valid until the next put or clear. */
int64_t *xy_hmap_get(struct xy_hmap *m, const void *key, size_t n);
/* Insert or overwrite. */
void xy_hmap_put(struct xy_hmap *m, const void *key, size_t n, int64_t value);

uint64_t xy_hash64(const void *p, size_t n);

#endif
