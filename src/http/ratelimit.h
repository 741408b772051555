/* ratelimit.h - per-client token buckets against bulk scraping (layer: http)
 *
 * Each client address has a bucket of `burst` tokens refilled at `per_min` a minute; a
 * rate-limited request takes one. Buckets live in a fixed table (sharded, each shard behind
 * its own mutex): memory is bounded whatever the number of clients; when a shard is full the
 * stalest bucket is reused.
 */
#ifndef XY_HTTP_RATELIMIT_H
#define XY_HTTP_RATELIMIT_H

struct xy_ratelimit;

/* per_min 0: no limit (every take succeeds). */
struct xy_ratelimit *xy_ratelimit_new(long per_min, long burst);
void xy_ratelimit_free(struct xy_ratelimit *rl);

/* Take a token for client at time now_s (seconds, monotonic). 1 when allowed; 0 when not,
 * with *retry_after_s the whole seconds until a token is back (at least 1). */
int xy_ratelimit_take(struct xy_ratelimit *rl, const char *client, double now_s,
                      long *retry_after_s);

#endif
