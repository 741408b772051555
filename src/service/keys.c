/* keys.c - key status and rotation with re-sealing (layer: service) */
#include "service/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "base/time.h"
#include "crypto/keyring.h"
#include "service/audit.h"
#include "service/authz.h"

/* A server re-reads the key file at most once a second (crypto/keyring.c): after this long
 * every process seals with the new version, so a value of an older one can no longer appear
 * once the last pass found none. */
#define SETTLE_S      2.5
#define MAX_PASSES    20
#define DEFAULT_CHUNK 500

static xy_code need_keys(struct xy_ctx *ctx, struct xy_err *err)
{
    xy_code rc = xy_authz_require(ctx->who, XY_PERM_SECURITY_MANAGE, err);

    if (rc != XY_OK)
        return rc;
    if (!ctx->keys || !ctx->store)
        return xy_err_set(err, XY_INTERNAL, "no keyring or store is open");
    return XY_OK;
}

const char *xy_keys_place_name(enum xy_sealed_place p)
{
    return xy_sealed_place_name(p);
}

xy_code xy_keys_status(struct xy_ctx *ctx, struct xy_arena *a, struct xy_keys_status *out,
                       struct xy_err *err)
{
    struct xy_sealed_count *counts;
    int *versions;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = need_keys(ctx, err)) != XY_OK)
        return rc;
    versions = xy_arena_alloc(a, 1000 * sizeof(*versions));
    out->path = xy_keyring_path(ctx->keys);
    out->current = xy_keyring_current(ctx->keys);
    out->nversions = xy_keyring_versions(ctx->keys, versions, 1000);
    out->versions = versions;
    if ((rc = xy_store_read_begin(ctx->store, err)) != XY_OK)
        return rc;
    rc = xy_store_sealed_counts(ctx->store, a, &counts, &out->ncounts, err);
    xy_store_read_end(ctx->store);
    out->counts = counts;
    return rc;
}

/* One key change at a time, across processes: two rotations at once would each write version
 * N+1 with a different key, and the values sealed under the loser's would be lost. */
static xy_code lock_keys(struct xy_ctx *ctx, int *fd, struct xy_err *err)
{
    char path[4200];

    snprintf(path, sizeof(path), "%s.lock", xy_keyring_path(ctx->keys));
    if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
        return xy_err_set(err, XY_IO, "cannot open \"%s\": %s", path, strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        close(*fd);
        *fd = -1;
        return xy_err_set(err, XY_CONFLICT, "另一个密钥轮换或停用正在进行（%s），请等它完成", path);
    }
    return XY_OK;
}

static void unlock_keys(int fd)
{
    if (fd >= 0)
        close(fd); /* the lock goes with the descriptor */
}

/* Values sealed with another version than current (version 0, "p1:", included). */
static xy_code count_stale(struct xy_ctx *ctx, int current, int64_t *stale, struct xy_err *err)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_sealed_count *c;
    size_t n;
    xy_code rc;

    *stale = 0;
    if ((rc = xy_store_read_begin(ctx->store, err)) == XY_OK) {
        rc = xy_store_sealed_counts(ctx->store, a, &c, &n, err);
        xy_store_read_end(ctx->store);
    }
    for (size_t i = 0; rc == XY_OK && i < n; i++)
        if (c[i].version != current)
            *stale += c[i].n;
    xy_arena_free(a);
    return rc;
}

/* One pass over every place, a chunk per transaction. */
static xy_code pass(struct xy_ctx *ctx, const struct xy_keys_rotate_opts *o, int passno,
                    size_t chunk, int64_t *resealed, struct xy_err *err)
{
    for (int place = 0; place < XY_SEALED_PLACES; place++) {
        int64_t cursor = 0;
        int more;
        do {
            size_t changed = 0;
            xy_code rc = xy_store_begin(ctx->store, err);
            if (rc != XY_OK)
                return rc;
            rc = xy_store_reseal_chunk(ctx->store, (enum xy_sealed_place)place, chunk, &cursor,
                                       &changed, &more, err);
            if (rc != XY_OK) {
                xy_store_rollback(ctx->store);
                return rc;
            }
            if ((rc = xy_store_commit(ctx->store, err)) != XY_OK)
                return rc;
            *resealed += (int64_t)changed;
            if (o && o->progress)
                o->progress(o->progress_ctx, xy_sealed_place_name((enum xy_sealed_place)place),
                            passno, *resealed);
        } while (more);
    }
    return XY_OK;
}

static xy_code audit_rotation(struct xy_ctx *ctx, const struct xy_keys_rotate_result *r,
                              const char *result, struct xy_err *err)
{
    char target[32], detail[160];
    xy_code rc;

    snprintf(target, sizeof(target), "key:%d", r->new_version);
    snprintf(detail, sizeof(detail), "from=%d; to=%d; resealed=%lld; passes=%d; retired=%zu",
             r->old_version, r->new_version, (long long)r->resealed, r->passes, r->retired);
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        return rc;
    rc = xy_audit_append(
        ctx,
        &(struct xy_audit_event){
            .action = "key.rotate", .target = target, .result = result, .detail = detail},
        err);
    if (rc != XY_OK) {
        xy_store_rollback(ctx->store);
        return rc;
    }
    return xy_store_commit(ctx->store, err);
}

xy_code xy_keys_rotate(struct xy_ctx *ctx, const struct xy_keys_rotate_opts *o,
                       struct xy_keys_rotate_result *out, struct xy_err *err)
{
    size_t chunk = o && o->chunk_rows ? o->chunk_rows : DEFAULT_CHUNK;
    int64_t stale = 0;
    int lock = -1;
    double t0;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if ((rc = need_keys(ctx, err)) != XY_OK)
        return rc;
    if (!xy_keyring_path(ctx->keys)[0]) {
        xy_err_set(err, XY_DENIED, "密钥来自环境变量 XINYONG_KEYS，无法轮换");
        xy_err_detail(err, "轮换要改写密钥文件：请改用密钥文件（配置项 security.key_file）");
        return XY_DENIED;
    }
    if ((rc = lock_keys(ctx, &lock, err)) != XY_OK)
        return rc;
    out->old_version = xy_keyring_current(ctx->keys);
    if ((rc = xy_keyring_rotate(ctx->keys, &out->new_version, err)) != XY_OK) {
        unlock_keys(lock);
        return rc;
    }
    t0 = xy_mono();
    /* every value of an older version is re-sealed; values that processes still sealing with
     * the old version write meanwhile are caught by the next pass */
    do {
        if (++out->passes > MAX_PASSES) {
            rc = xy_err_set(err, XY_UNAVAILABLE,
                            "%lld values still sealed with an older key after %d passes",
                            (long long)stale, MAX_PASSES);
            xy_err_detail(err, "another process keeps sealing with an old key; run "
                               "`xinyong key rotate` again when it has stopped");
            goto fail;
        }
        if ((rc = pass(ctx, o, out->passes, chunk, &out->resealed, err)) != XY_OK)
            goto fail;
        /* the last check only counts once every process has read the new key file */
        while (xy_mono() - t0 < SETTLE_S) {
            struct timespec ts = {0, 100 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
        if ((rc = count_stale(ctx, out->new_version, &stale, err)) != XY_OK)
            goto fail;
    } while (stale > 0);
    /* the old versions stay in the key file: an ingest that sealed rows with the old key just
     * before the switch may commit them after this count (xy_keys_retire drops them later) */
    unlock_keys(lock);
    return audit_rotation(ctx, out, "ok", err);
fail:
    unlock_keys(lock);
    /* the new key is in place and every value readable: record the half-done rotation */
    {
        struct xy_err aerr = {0};
        audit_rotation(ctx, out, "failed", &aerr);
    }
    return rc;
}

xy_code xy_keys_retire(struct xy_ctx *ctx, size_t *retired, struct xy_err *err)
{
    struct xy_arena *a;
    struct xy_sealed_count *c;
    int versions[1000], current, lock = -1;
    size_t n, nv;
    int64_t stale = 0;
    char detail[96];
    xy_code rc;

    *retired = 0;
    if ((rc = need_keys(ctx, err)) != XY_OK)
        return rc;
    if (!xy_keyring_path(ctx->keys)[0])
        return xy_err_set(err, XY_DENIED, "密钥来自环境变量 XINYONG_KEYS，无法改写");
    if ((rc = lock_keys(ctx, &lock, err)) != XY_OK)
        return rc;
    a = xy_arena_new();
    current = xy_keyring_current(ctx->keys);
    /* counted inside a write transaction: nothing sealed with an old key commits meanwhile */
    if ((rc = xy_store_begin(ctx->store, err)) != XY_OK)
        goto out;
    if ((rc = xy_store_sealed_counts(ctx->store, a, &c, &n, err)) != XY_OK)
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (c[i].version != current)
            stale += c[i].n;
    if (stale > 0) {
        rc = xy_err_set(err, XY_CONFLICT, "还有 %lld 个值仍用旧版本密钥加密，不能停用旧密钥",
                        (long long)stale);
        xy_err_detail(err, "先再次运行 xinyong key rotate，待其完成后再停用");
        goto fail;
    }
    nv = xy_keyring_versions(ctx->keys, versions, 1000);
    for (size_t i = 0; i < nv; i++)
        *retired += versions[i] != current;
    if ((rc = xy_keyring_retire(ctx->keys, current, err)) != XY_OK)
        goto fail;
    snprintf(detail, sizeof(detail), "current=%d; retired=%zu", current, *retired);
    if ((rc = xy_audit_append(
             ctx,
             &(struct xy_audit_event){
                 .action = "key.retire", .target = "keys", .result = "ok", .detail = detail},
             err)) != XY_OK)
        goto fail;
    rc = xy_store_commit(ctx->store, err);
    goto out;
fail:
    xy_store_rollback(ctx->store);
out:
    unlock_keys(lock);
    xy_arena_free(a);
    return rc;
}
