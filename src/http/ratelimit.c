/* ratelimit.c - per-client token buckets (layer: http) */
#include "http/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hmap.h"

#define SHARDS      64
#define SHARD_SLOTS 1024 /* 65,536 clients tracked at once */
#define PROBE       8

struct bucket {
    uint64_t key; /* hash of the client address; 0 = free */
    double tokens;
    double last_s;
};

struct shard {
    pthread_mutex_t mu;
    struct bucket slot[SHARD_SLOTS];
};

struct xy_ratelimit {
    double per_s, burst;
    struct shard *shards;
};

struct xy_ratelimit *xy_ratelimit_new(long per_min, long burst)
{
    struct xy_ratelimit *rl = xy_calloc(1, sizeof(*rl));
    rl->per_s = (double)per_min / 60.0;
    rl->burst = burst > 0 ? (double)burst : 1.0;
    if (per_min > 0) {
        rl->shards = xy_calloc(SHARDS, sizeof(*rl->shards));
        for (int i = 0; i < SHARDS; i++)
            pthread_mutex_init(&rl->shards[i].mu, NULL);
    }
    return rl;
}

void xy_ratelimit_free(struct xy_ratelimit *rl)
{
    if (!rl)
        return;
    if (rl->shards)
        for (int i = 0; i < SHARDS; i++)
            pthread_mutex_destroy(&rl->shards[i].mu);
    free(rl->shards);
    free(rl);
}

int xy_ratelimit_take(struct xy_ratelimit *rl, const char *client, double now_s,
                      long *retry_after_s)
{
    uint64_t key;
    struct shard *sh;
    struct bucket *b = NULL, *stalest = NULL;
    size_t home;
    int ok;

    *retry_after_s = 0;
    if (!rl->shards)
        return 1;
    key = xy_hash64(client, strlen(client)) | 1; /* never 0, the free mark */
    sh = &rl->shards[key % SHARDS];
    home = (size_t)(key / SHARDS) % SHARD_SLOTS;
    pthread_mutex_lock(&sh->mu);
    for (size_t i = 0; i < PROBE; i++) {
        struct bucket *c = &sh->slot[(home + i) % SHARD_SLOTS];
        if (c->key == key) {
            b = c;
            break;
        }
        /* a free slot wins; among used ones the least recently seen */
        if (!stalest || (stalest->key != 0 && (c->key == 0 || c->last_s < stalest->last_s)))
            stalest = c;
    }
    if (!b) { /* a new client (or one forgotten): a full bucket */
        b = stalest;
        b->key = key;
        b->tokens = rl->burst;
        b->last_s = now_s;
    }
    b->tokens += (now_s - b->last_s) * rl->per_s;
    if (b->tokens > rl->burst)
        b->tokens = rl->burst;
    b->last_s = now_s;
    ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    else
        *retry_after_s = (long)ceil((1.0 - b->tokens) / rl->per_s);
    pthread_mutex_unlock(&sh->mu);
    if (!ok && *retry_after_s < 1)
        *retry_after_s = 1;
    return ok;
}
