/* hmap.c - open-addressing hash map (layer: base) */
#include "base/hmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct slot {
    uint64_t hash; /* 0 = empty */
    const unsigned char *key;
    size_t n;
    int64_t value;
};

struct pool {
    struct pool *next;
    size_t used, size;
    unsigned char data[];
};

struct xy_hmap {
    struct slot *slots;
    size_t mask, count, key_bytes;
    struct pool *pools;
};

#define POOL_BYTES (1u << 20)

static uint64_t mix(uint64_t h)
{
    /* splitmix64 finaliser: every input bit reaches every output bit */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

uint64_t xy_hash64(const void *p, size_t n)
{
    /* eight bytes per step (keys are codes and names of 10-100 bytes); not for adversaries:
     * callers compare the keys themselves */
    const unsigned char *s = p;
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xff51afd7ed558ccdULL);
    uint64_t w;

    while (n >= 8) {
        memcpy(&w, s, 8);
        h = (h ^ mix(w)) * 0x9E3779B97F4A7C15ULL;
        s += 8;
        n -= 8;
    }
    w = 0;
    memcpy(&w, s, n);
    h = mix(h ^ mix(w ^ n));
    return h ? h : 1;
}

struct xy_hmap *xy_hmap_new(void)
{
    struct xy_hmap *m = xy_calloc(1, sizeof(*m));
    m->mask = 1023;
    m->slots = xy_calloc(m->mask + 1, sizeof(*m->slots));
    return m;
}

static void free_pools(struct xy_hmap *m)
{
    while (m->pools) {
        struct pool *p = m->pools;
        m->pools = p->next;
        free(p);
    }
}

void xy_hmap_free(struct xy_hmap *m)
{
    if (!m)
        return;
    free_pools(m);
    free(m->slots);
    free(m);
}

void xy_hmap_clear(struct xy_hmap *m)
{
    free_pools(m);
    memset(m->slots, 0, (m->mask + 1) * sizeof(*m->slots));
    m->count = 0;
    m->key_bytes = 0;
}

size_t xy_hmap_count(const struct xy_hmap *m)
{
    return m->count;
}

size_t xy_hmap_bytes(const struct xy_hmap *m)
{
    return m->key_bytes + (m->mask + 1) * sizeof(struct slot);
}

static struct slot *find(struct xy_hmap *m, uint64_t h, const void *key, size_t n)
{
    size_t i = h & m->mask;

    for (;;) {
        struct slot *s = &m->slots[i];
        if (s->hash == 0 || (s->hash == h && s->n == n && memcmp(s->key, key, n) == 0))
            return s;
        i = (i + 1) & m->mask;
    }
}

int64_t *xy_hmap_get(struct xy_hmap *m, const void *key, size_t n)
{
    struct slot *s = find(m, xy_hash64(key, n), key, n);
    return s->hash ? &s->value : NULL;
}

static const unsigned char *copy_key(struct xy_hmap *m, const void *key, size_t n)
{
    struct pool *p = m->pools;
    unsigned char *k;

    if (!p || p->size - p->used < n) {
        size_t size = n > POOL_BYTES ? n : POOL_BYTES;
        p = xy_malloc(sizeof(*p) + size);
        p->size = size;
        p->used = 0;
        p->next = m->pools;
        m->pools = p;
    }
    k = p->data + p->used;
    memcpy(k, key, n);
    p->used += n;
    m->key_bytes += n;
    return k;
}

static void grow(struct xy_hmap *m)
{
    struct slot *old = m->slots;
    size_t oldn = m->mask + 1;

    m->mask = oldn * 2 - 1;
    m->slots = xy_calloc(m->mask + 1, sizeof(*m->slots));
    for (size_t i = 0; i < oldn; i++) {
        if (old[i].hash) {
            size_t j = old[i].hash & m->mask;
            while (m->slots[j].hash)
                j = (j + 1) & m->mask;
            m->slots[j] = old[i];
        }
    }
    free(old);
}

void xy_hmap_put(struct xy_hmap *m, const void *key, size_t n, int64_t value)
{
    uint64_t h = xy_hash64(key, n);
    struct slot *s = find(m, h, key, n);

    if (s->hash) {
        s->value = value;
        return;
    }
    s->hash = h;
    s->key = copy_key(m, key, n);
    s->n = n;
    s->value = value;
    if (++m->count * 10 > (m->mask + 1) * 7)
        grow(m);
}
