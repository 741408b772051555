/* list_index.c - the listed subjects in memory (layer: service)
 *
 * Three tables, all open addressing over 64-bit hashes (base/hmap.h's xy_hash64), sized for a
 * million entries in tens of megabytes (docs/lists.md has the measured figures):
 *   - codes: the set of hash(type, lookup form) of every code of a listed subject. A hash
 *     collision can only make a code look listed; the store is then asked and says no.
 *   - names: one compact entry per (subject, name): the name's key from domain/names.h with
 *     its strings in one pool and the short ones from names.c's tables (form, region, branch
 *     marker) interned; entries are filed in buckets under the hash of their blocking key,
 *     each bucket an array of (hash of the core, entry) pairs.
 *   - seen: hash(subject, name), so that a name is filed once however many entries the
 *     subject has.
 * Only names whose core equals the query's can reach XY_NAME_SCORE_HIT (names.h: a differing
 * core scores at most 70 before any deduction), so a bucket is read as an array of integers
 * and xy_name_match() runs only for the candidates whose core hash agrees; test_list_index.c
 * holds that assumption to names.c.
 */
#include "service/list_index.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hmap.h"
#include "domain/mask.h"
#include "service/ctx.h"
#include "service/t2s.h"

#define CHUNK_ROWS 20000 /* records read from the store per step of a refresh */
#define MAX_POOL   0xF0000000u

/* ---- a set of 64-bit hashes (0 is the empty slot; xy_hash64 never returns it) ---- */
struct set64 {
    uint64_t *slots;
    size_t mask, n;
};

static void set_grow(struct set64 *s)
{
    size_t cap = s->slots ? (s->mask + 1) * 2 : 1024;
    uint64_t *v = xy_calloc(cap, sizeof(*v));

    for (size_t i = 0; s->slots && i <= s->mask; i++) {
        size_t j;
        if (!s->slots[i])
            continue;
        for (j = s->slots[i] & (cap - 1); v[j]; j = (j + 1) & (cap - 1))
            ;
        v[j] = s->slots[i];
    }
    free(s->slots);
    s->slots = v;
    s->mask = cap - 1;
}

/* 1 when h was added, 0 when it was there. */
static int set_add(struct set64 *s, uint64_t h)
{
    size_t i;

    /* at most 5/8 full: a miss, the common probe, then reads about three slots */
    if (!s->slots || (s->n + 1) * 8 > (s->mask + 1) * 5)
        set_grow(s);
    for (i = h & s->mask; s->slots[i]; i = (i + 1) & s->mask)
        if (s->slots[i] == h)
            return 0;
    s->slots[i] = h;
    s->n++;
    return 1;
}

static int set_has(const struct set64 *s, uint64_t h)
{
    if (!s->slots)
        return 0;
    for (size_t i = h & s->mask; s->slots[i]; i = (i + 1) & s->mask)
        if (s->slots[i] == h)
            return 1;
    return 0;
}

/* ---- names ---- */
struct entry {
    int64_t subject_id;
    uint32_t off;       /* pool: name \0 core \0 branch \0 number \0 number ... */
    uint32_t core_hash; /* low half of xy_hash64(core) */
    int16_t region_id;
    uint8_t family, flags, nnumbers;
    uint16_t form, region_zh, marker; /* interned strings */
};

struct bucket {
    uint64_t block; /* xy_hash64 of the blocking key; 0: the slot is empty */
    uint32_t n, cap;
    union {
        uint64_t one;    /* n == 1: the item itself (most blocks hold one name) */
        uint64_t *items; /* n > 1: core_hash << 32 | entry index */
    } u;
};

static const uint64_t *bucket_items(const struct bucket *b)
{
    return b->n == 1 ? &b->u.one : b->u.items;
}

struct xy_list_index {
    pthread_rwlock_t lock; /* the tables below */
    pthread_mutex_t grow;  /* one refresh at a time */
    pthread_mutex_t open;  /* the converter's opening */
    int64_t version;       /* codes; written under grow and lock */
    int64_t names_version; /* names; the same */
    struct set64 codes, seen;
    struct entry *entries;
    size_t nentries, entries_cap;
    char *pool;
    size_t pool_len, pool_cap;
    struct bucket *buckets; /* open addressing by block */
    size_t bmask, nbuckets, largest;
    const char **interned; /* id -> text; id 0 is "" */
    size_t ninterned;
    struct xy_hmap *intern;
    struct xy_t2s *t2s; /* opened on first use */
};

struct xy_list_index *xy_list_index_new(void)
{
    struct xy_list_index *ix = xy_calloc(1, sizeof(*ix));

    pthread_rwlock_init(&ix->lock, NULL);
    pthread_mutex_init(&ix->grow, NULL);
    pthread_mutex_init(&ix->open, NULL);
    ix->intern = xy_hmap_new();
    ix->interned = xy_calloc(1, sizeof(*ix->interned));
    ix->interned[0] = "";
    ix->ninterned = 1;
    return ix;
}

void xy_list_index_free(struct xy_list_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; ix->buckets && i <= ix->bmask; i++)
        if (ix->buckets[i].n > 1)
            free(ix->buckets[i].u.items);
    free(ix->buckets);
    for (size_t i = 1; i < ix->ninterned; i++)
        free((char *)ix->interned[i]);
    free(ix->interned);
    xy_hmap_free(ix->intern);
    free(ix->entries);
    free(ix->pool);
    free(ix->codes.slots);
    free(ix->seen.slots);
    xy_t2s_free(ix->t2s);
    pthread_rwlock_destroy(&ix->lock);
    pthread_mutex_destroy(&ix->grow);
    pthread_mutex_destroy(&ix->open);
    free(ix);
}

int64_t xy_list_index_version(struct xy_list_index *ix)
{
    int64_t v;

    pthread_rwlock_rdlock(&ix->lock);
    v = ix->version;
    pthread_rwlock_unlock(&ix->lock);
    return v;
}

static uint64_t code_hash(enum xy_ident_type type, const char *value)
{
    unsigned char buf[80];
    size_t n = strlen(value);

    /* codes are at most 64 bytes (checks.c) and lookup forms 35: longer ones hash in two
     * steps */
    if (n + 1 > sizeof(buf))
        return xy_hash64(value, n) ^ (uint64_t)type * 0x9E3779B97F4A7C15ULL;
    buf[0] = (unsigned char)type;
    memcpy(buf + 1, value, n);
    return xy_hash64(buf, n + 1);
}

int xy_list_index_has_code(struct xy_list_index *ix, enum xy_ident_type type, const char *value)
{
    uint64_t h = code_hash(type, value);
    int has;

    pthread_rwlock_rdlock(&ix->lock);
    has = set_has(&ix->codes, h);
    pthread_rwlock_unlock(&ix->lock);
    return has;
}

/* The converter, opened on first use (OpenCC's dictionaries take a few milliseconds) and
 * shared: converting is thread-safe (service/t2s.h). */
static xy_code converter(struct xy_list_index *ix, struct xy_name_t2s *out, struct xy_err *err)
{
    xy_code rc = XY_OK;

    pthread_mutex_lock(&ix->open);
    if (!ix->t2s)
        rc = xy_t2s_open(NULL, &ix->t2s, err);
    if (rc == XY_OK)
        *out = xy_t2s_converter(ix->t2s);
    pthread_mutex_unlock(&ix->open);
    return rc;
}

xy_code xy_list_index_key(struct xy_list_index *ix, const char *name, struct xy_arena *a,
                          struct xy_name_key *out, struct xy_err *err)
{
    struct xy_name_t2s t2s;
    xy_code rc;

    if ((rc = converter(ix, &t2s, err)) != XY_OK)
        return rc;
    return xy_name_key_make(name, &t2s, a, out, err);
}

static uint16_t intern(struct xy_list_index *ix, const char *s)
{
    int64_t *id;

    if (!*s)
        return 0;
    if ((id = xy_hmap_get(ix->intern, s, strlen(s))))
        return (uint16_t)*id;
    /* forms, regions and branch markers come from names.c's tables: a few hundred at most */
    if (ix->ninterned >= 0xFFFF)
        abort();
    ix->interned = realloc(ix->interned, (ix->ninterned + 1) * sizeof(*ix->interned));
    if (!ix->interned)
        abort();
    ix->interned[ix->ninterned] = strdup(s);
    if (!ix->interned[ix->ninterned])
        abort();
    xy_hmap_put(ix->intern, s, strlen(s), (int64_t)ix->ninterned);
    return (uint16_t)ix->ninterned++;
}

static int pool_add(struct xy_list_index *ix, const char *s)
{
    size_t n = strlen(s) + 1;

    if (ix->pool_len + n > MAX_POOL)
        return 0;
    if (ix->pool_len + n > ix->pool_cap) {
        size_t cap = ix->pool_cap ? ix->pool_cap * 2 : 1u << 16;
        while (cap < ix->pool_len + n)
            cap *= 2;
        if (cap > MAX_POOL)
            cap = MAX_POOL;
        if (!(ix->pool = realloc(ix->pool, cap)))
            abort();
        ix->pool_cap = cap;
    }
    memcpy(ix->pool + ix->pool_len, s, n);
    ix->pool_len += n;
    return 1;
}

static struct bucket *bucket_for(struct xy_list_index *ix, uint64_t block, int create)
{
    size_t i;

    if (!ix->buckets) {
        if (!create)
            return NULL;
        ix->bmask = 1023;
        ix->buckets = xy_calloc(ix->bmask + 1, sizeof(*ix->buckets));
    }
    if (create && (ix->nbuckets + 1) * 8 > (ix->bmask + 1) * 5) {
        size_t cap = (ix->bmask + 1) * 2;
        struct bucket *v = xy_calloc(cap, sizeof(*v));
        for (size_t k = 0; k <= ix->bmask; k++) {
            if (!ix->buckets[k].block)
                continue;
            for (i = ix->buckets[k].block & (cap - 1); v[i].block; i = (i + 1) & (cap - 1))
                ;
            v[i] = ix->buckets[k];
        }
        free(ix->buckets);
        ix->buckets = v;
        ix->bmask = cap - 1;
    }
    for (i = block & ix->bmask; ix->buckets[i].block; i = (i + 1) & ix->bmask)
        if (ix->buckets[i].block == block)
            return &ix->buckets[i];
    if (!create)
        return NULL;
    ix->buckets[i].block = block;
    ix->nbuckets++;
    return &ix->buckets[i];
}

/* File name (its key k) under subject_id; the caller holds the write lock. */
static void add_name(struct xy_list_index *ix, int64_t subject_id, const char *name,
                     const struct xy_name_key *k)
{
    char block[XY_NAME_BLOCK_BYTES];
    size_t bn = xy_name_block(k, block);
    uint32_t off = (uint32_t)ix->pool_len;
    struct bucket *b;
    struct entry *e;
    uint64_t item;

    if (ix->nentries >= UINT32_MAX - 1 || !pool_add(ix, name))
        return; /* past four thousand million names: the index is full, nothing more */
    pool_add(ix, k->core);
    pool_add(ix, k->branch);
    for (int i = 0; i < k->nnumbers; i++)
        pool_add(ix, k->numbers[i]);
    if (ix->nentries == ix->entries_cap) {
        ix->entries_cap = ix->entries_cap ? ix->entries_cap * 2 : 4096;
        if (!(ix->entries = realloc(ix->entries, ix->entries_cap * sizeof(*ix->entries))))
            abort();
    }
    e = &ix->entries[ix->nentries];
    e->subject_id = subject_id;
    e->off = off;
    e->core_hash = (uint32_t)xy_hash64(k->core, strlen(k->core));
    e->region_id = (int16_t)k->region_id;
    e->family = (uint8_t)k->family;
    e->flags = (uint8_t)k->flags;
    e->nnumbers = (uint8_t)k->nnumbers;
    e->form = intern(ix, k->form);
    e->region_zh = intern(ix, k->region_zh);
    e->marker = intern(ix, k->branch_marker);
    b = bucket_for(ix, xy_hash64(block, bn), 1);
    item = (uint64_t)e->core_hash << 32 | (uint32_t)ix->nentries;
    if (b->n == 0) {
        b->u.one = item;
    } else if (b->n == 1) {
        uint64_t one = b->u.one;
        b->cap = 4;
        b->u.items = xy_calloc(b->cap, sizeof(*b->u.items));
        b->u.items[0] = one;
        b->u.items[1] = item;
    } else {
        if (b->n == b->cap) {
            b->cap *= 2;
            if (!(b->u.items = realloc(b->u.items, b->cap * sizeof(*b->u.items))))
                abort();
        }
        b->u.items[b->n] = item;
    }
    b->n++;
    if (b->n > ix->largest)
        ix->largest = b->n;
    ix->nentries++;
}

/* The key of entry e, pointing into the pool (valid while the read lock is held). */
static const char *entry_key(const struct xy_list_index *ix, const struct entry *e,
                             struct xy_name_key *k)
{
    const char *name = ix->pool + e->off, *p;

    memset(k, 0, sizeof(*k));
    k->folded = "";
    k->region = "";
    k->core = p = name + strlen(name) + 1;
    k->branch = p = p + strlen(p) + 1;
    p += strlen(p) + 1;
    for (int i = 0; i < e->nnumbers && i < XY_NAME_MAX_NUMBERS; i++) {
        k->numbers[i] = p;
        p += strlen(p) + 1;
    }
    k->nnumbers = e->nnumbers;
    k->region_id = e->region_id;
    k->family = (enum xy_name_family)e->family;
    k->flags = e->flags;
    k->form = ix->interned[e->form];
    k->region_zh = ix->interned[e->region_zh];
    k->branch_marker = ix->interned[e->marker];
    return name;
}

const char *xy_list_index_reasons(const struct xy_name_match *m, struct xy_arena *a)
{
    struct xy_buf b = XY_BUF_INIT;
    const char *out;

    for (int i = 0; i < m->nreasons; i++) {
        if (i)
            xy_buf_adds(&b, "；");
        xy_buf_adds(&b, m->reasons[i].zh);
    }
    out = xy_arena_strndup(a, b.data ? b.data : "", b.len);
    xy_buf_release(&b);
    return out;
}

/* Every entry of q's bucket whose core equals q's, with fn called on its match. */
struct visit {
    struct xy_list_index *ix;
    const struct xy_name_key *q;
    int64_t only_subject; /* 0: every subject */
};

typedef void (*visit_fn)(void *arg, const struct entry *e, const char *name,
                         const struct xy_name_match *m);

static void visit_bucket(const struct visit *v, visit_fn fn, void *arg)
{
    char block[XY_NAME_BLOCK_BYTES];
    size_t bn = xy_name_block(v->q, block);
    uint32_t core = (uint32_t)xy_hash64(v->q->core, strlen(v->q->core));
    const struct bucket *b = bucket_for(v->ix, xy_hash64(block, bn), 0);
    const uint64_t *items = b ? bucket_items(b) : NULL;

    for (uint32_t i = 0; b && i < b->n; i++) {
        const struct entry *e;
        struct xy_name_key k;
        struct xy_name_match m;
        const char *name;
        if ((uint32_t)(items[i] >> 32) != core)
            continue; /* a different core cannot reach XY_NAME_SCORE_HIT */
        e = &v->ix->entries[(uint32_t)items[i]];
        if (v->only_subject && e->subject_id != v->only_subject)
            continue;
        name = entry_key(v->ix, e, &k);
        if (strcmp(k.core, v->q->core))
            continue;
        xy_name_match(v->q, &k, &m);
        fn(arg, e, name, &m);
    }
}

struct found {
    struct xy_list_name_hit *v;
    struct xy_name_match *m; /* the best match of each */
    size_t n, cap;
    struct xy_arena *a;
};

static void keep_hit(void *arg, const struct entry *e, const char *name,
                     const struct xy_name_match *m)
{
    struct found *f = arg;
    size_t i;

    if (m->score < XY_NAME_SCORE_HIT)
        return;
    for (i = 0; i < f->n; i++)
        if (f->v[i].subject_id == e->subject_id)
            break;
    if (i < f->n && f->v[i].score >= m->score)
        return;
    if (i == f->n) {
        if (f->n == f->cap) {
            size_t cap = f->cap ? f->cap * 2 : 16;
            struct xy_list_name_hit *v = xy_arena_alloc(f->a, cap * sizeof(*v));
            struct xy_name_match *mv = xy_arena_alloc(f->a, cap * sizeof(*mv));
            if (f->n) {
                memcpy(v, f->v, f->n * sizeof(*v));
                memcpy(mv, f->m, f->n * sizeof(*mv));
            }
            f->v = v;
            f->m = mv;
            f->cap = cap;
        }
        f->n++;
    }
    f->v[i].subject_id = e->subject_id;
    f->v[i].score = m->score;
    f->v[i].matched_name = xy_arena_strdup(f->a, name); /* the pool may move after unlock */
    f->m[i] = *m;
}

static int by_score(const void *x, const void *y)
{
    const struct xy_list_name_hit *a = x, *b = y;

    if (a->score != b->score)
        return b->score - a->score;
    return (a->subject_id > b->subject_id) - (a->subject_id < b->subject_id);
}

void xy_list_index_names(struct xy_list_index *ix, const struct xy_name_key *q, size_t max,
                         struct xy_arena *a, struct xy_list_name_hit **out, size_t *n)
{
    struct visit v = {ix, q, 0};
    struct found f = {.a = a};

    pthread_rwlock_rdlock(&ix->lock);
    visit_bucket(&v, keep_hit, &f);
    pthread_rwlock_unlock(&ix->lock);
    /* the reasons go with their subject through the sort */
    for (size_t i = 0; i < f.n; i++)
        f.v[i].reasons = xy_list_index_reasons(&f.m[i], a);
    if (f.n > 1)
        qsort(f.v, f.n, sizeof(*f.v), by_score);
    *out = f.v;
    *n = f.n < max ? f.n : max;
}

int xy_list_index_subject_score(struct xy_list_index *ix, const struct xy_name_key *q,
                                int64_t subject_id, struct xy_arena *a,
                                struct xy_list_name_hit *best)
{
    struct visit v = {ix, q, subject_id};
    struct found f = {.a = a};

    memset(best, 0, sizeof(*best));
    if (!subject_id)
        return 0;
    pthread_rwlock_rdlock(&ix->lock);
    visit_bucket(&v, keep_hit, &f);
    pthread_rwlock_unlock(&ix->lock);
    if (!f.n)
        return 0;
    *best = f.v[0];
    best->reasons = xy_list_index_reasons(&f.m[0], a);
    return best->score;
}

/* ---- refresh ---- */

/* A name to file, keyed off the lock. */
struct keyed {
    int64_t subject_id;
    const char *name;
    uint64_t seen;
    int ok; /* the name has something to match (not only a form or a region) */
    struct xy_name_key k;
};

struct keying {
    struct keyed *v;
    size_t from, to;
    const struct xy_name_t2s *t2s;
    struct xy_arena *a;
};

static void *key_range(void *arg)
{
    struct keying *kg = arg;

    for (size_t i = kg->from; i < kg->to; i++) {
        struct xy_err ignored;
        kg->v[i].ok =
            xy_name_key_make(kg->v[i].name, kg->t2s, kg->a, &kg->v[i].k, &ignored) == XY_OK;
    }
    return NULL;
}

/* Add one chunk of entries (their names with t2s). Names are keyed before the write lock is
 * taken, on two threads: OpenCC takes most of a first build's time, and a server has the cores
 * (a2 is the second thread's arena). */
static void add_chunk(struct xy_list_index *ix, const struct xy_list_entry *v, size_t n,
                      const struct xy_name_t2s *t2s, struct xy_arena *a, struct xy_arena *a2)
{
    struct keyed *keys = NULL;
    size_t nkeys = 0, cap = 0;

    pthread_rwlock_rdlock(&ix->lock); /* seen: names filed before are not keyed again */
    for (size_t i = 0; t2s && i < n; i++) {
        /* entries of one subject share their names (sqlite/checks.c): key them once */
        if (i && v[i].names == v[i - 1].names && v[i].subject_id == v[i - 1].subject_id)
            continue;
        for (size_t j = 0; j < v[i].nnames; j++) {
            const char *nm = v[i].names[j];
            uint64_t seen;
            if (!nm || !*nm || v[i].kind == XY_KIND_PERSON || xy_mask_is_person_name(nm))
                continue;
            seen = xy_hash64(nm, strlen(nm)) ^ ((uint64_t)v[i].subject_id * 0xff51afd7ed558ccdULL);
            if (!seen)
                seen = 1;
            if (set_has(&ix->seen, seen))
                continue;
            if (nkeys == cap) {
                size_t c = cap ? cap * 2 : 256;
                void *nv = xy_arena_alloc(a, c * sizeof(*keys));
                if (nkeys)
                    memcpy(nv, keys, nkeys * sizeof(*keys));
                keys = nv;
                cap = c;
            }
            keys[nkeys].subject_id = v[i].subject_id;
            keys[nkeys].name = nm;
            keys[nkeys++].seen = seen;
        }
    }
    pthread_rwlock_unlock(&ix->lock);
    if (nkeys) {
        struct keying half[2] = {{keys, 0, nkeys / 2, t2s, a}, {keys, nkeys / 2, nkeys, t2s, a2}};
        pthread_t t;
        int threaded = nkeys >= 64 && pthread_create(&t, NULL, key_range, &half[1]) == 0;
        key_range(&half[0]);
        if (threaded)
            pthread_join(t, NULL);
        else
            key_range(&half[1]);
    }
    pthread_rwlock_wrlock(&ix->lock);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < v[i].nidents; j++)
            set_add(&ix->codes, code_hash(v[i].idents[j].type, v[i].idents[j].value));
    /* a name with nothing to match (only a form or a region) is not filed */
    for (size_t i = 0; i < nkeys; i++)
        if (keys[i].ok && set_add(&ix->seen, keys[i].seen))
            add_name(ix, keys[i].subject_id, keys[i].name, &keys[i].k);
    pthread_rwlock_unlock(&ix->lock);
}

/* 1 when codes (and with names, names) have reached version. */
static int reached(struct xy_list_index *ix, int64_t version, int names)
{
    int r;

    pthread_rwlock_rdlock(&ix->lock);
    r = ix->version >= version && (!names || ix->names_version >= version);
    pthread_rwlock_unlock(&ix->lock);
    return r;
}

/* Read the records above the index's version and up to version into it; the caller holds
 * grow (and, with names, passes the converter). */
static xy_code grow(struct xy_list_index *ix, struct xy_ctx *ctx, int64_t version, int names,
                    const struct xy_name_t2s *t2s, struct xy_err *err)
{
    struct xy_arena *a, *a2;
    int64_t from;
    xy_code rc = XY_OK;

    /* the versions are written only under grow: read here without the lock */
    from = names && ix->names_version < ix->version ? ix->names_version : ix->version;
    if (from >= version)
        return XY_OK;
    a = xy_arena_new();
    a2 = xy_arena_new();
    for (size_t i = 0; i < ctx->cat->nitems && rc == XY_OK; i++) {
        const struct xy_item *item = ctx->cat->items[i];
        int64_t after = from;
        if (xy_item_list_kind(item) == XY_LIST_NONE)
            continue;
        for (;;) {
            struct xy_list_entry *v;
            size_t n;
            xy_arena_reset(a);
            xy_arena_reset(a2);
            rc = xy_store_list_entries(ctx->store, item->id, after, version, names, CHUNK_ROWS, a,
                                       &v, &n, err);
            if (rc != XY_OK || n == 0)
                break;
            add_chunk(ix, v, n, names ? t2s : NULL, a, a2);
            after = v[n - 1].record_id;
            if (n < CHUNK_ROWS)
                break;
        }
    }
    xy_arena_free(a);
    xy_arena_free(a2);
    /* a failed refresh keeps its version: the next one reads the same records again and the
     * tables take each code and name once */
    if (rc == XY_OK) {
        pthread_rwlock_wrlock(&ix->lock);
        if (version > ix->version)
            ix->version = version;
        if (names && version > ix->names_version)
            ix->names_version = version;
        pthread_rwlock_unlock(&ix->lock);
    }
    return rc;
}

xy_code xy_list_index_refresh(struct xy_list_index *ix, struct xy_ctx *ctx, int64_t version,
                              int names, struct xy_err *err)
{
    struct xy_name_t2s t2s = {0};
    xy_code rc;

    if (reached(ix, version, names))
        return XY_OK;
    if (names && (rc = converter(ix, &t2s, err)) != XY_OK)
        return rc;
    pthread_mutex_lock(&ix->grow);
    rc = grow(ix, ctx, version, names, &t2s, err);
    pthread_mutex_unlock(&ix->grow);
    return rc;
}

xy_code xy_list_index_try_refresh(struct xy_list_index *ix, struct xy_ctx *ctx, int64_t version,
                                  int names, int64_t *reached_version, struct xy_err *err)
{
    struct xy_name_t2s t2s = {0};
    xy_code rc = XY_OK;

    if (!reached(ix, version, names)) {
        if (names && (rc = converter(ix, &t2s, err)) != XY_OK)
            return rc;
        /* another thread growing the index may be at a first build of a million names: the
         * caller holds the database's write lock and does not wait for it */
        if (pthread_mutex_trylock(&ix->grow) == 0) {
            rc = grow(ix, ctx, version, names, &t2s, err);
            pthread_mutex_unlock(&ix->grow);
        }
    }
    pthread_rwlock_rdlock(&ix->lock);
    *reached_version = ix->version;
    if (names && ix->names_version < *reached_version)
        *reached_version = ix->names_version;
    pthread_rwlock_unlock(&ix->lock);
    if (*reached_version > version)
        *reached_version = version;
    return rc;
}

void xy_list_index_stats(struct xy_list_index *ix, struct xy_list_index_stats *out)
{
    memset(out, 0, sizeof(*out));
    pthread_rwlock_rdlock(&ix->lock);
    out->version = ix->version;
    out->names_version = ix->names_version;
    out->codes = ix->codes.n;
    out->names = ix->nentries;
    out->buckets = ix->nbuckets;
    out->largest_bucket = ix->largest;
    out->bytes = (ix->codes.slots ? (ix->codes.mask + 1) * 8 : 0) +
                 (ix->seen.slots ? (ix->seen.mask + 1) * 8 : 0) +
                 ix->entries_cap * sizeof(struct entry) + ix->pool_cap +
                 (ix->buckets ? (ix->bmask + 1) * sizeof(struct bucket) : 0);
    for (size_t i = 0; ix->buckets && i <= ix->bmask; i++)
        if (ix->buckets[i].n > 1)
            out->bytes += ix->buckets[i].cap * sizeof(uint64_t);
    pthread_rwlock_unlock(&ix->lock);
}
