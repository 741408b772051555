/* ctx.c - open what a use case needs (layer: service) */
#include "service/ctx.h"

#include <stdlib.h>
#include <string.h>

#include "service/catalog_load.h"

xy_code xy_ctx_open(struct xy_ctx *ctx, const struct xy_config *cfg, int flags, struct xy_err *err)
{
    xy_code rc;

    memset(ctx, 0, sizeof(*ctx));
    ctx->cfg = cfg;
    if ((rc = xy_catalog_load_dir(cfg->catalog_dir, &ctx->cat, err)) != XY_OK)
        return rc;
    if ((rc = xy_calendar_load_dir(cfg->calendar_dir, &ctx->cal, err)) != XY_OK) {
        xy_ctx_close(ctx);
        return rc;
    }
    if (flags & XY_CTX_STORE) {
        struct xy_store_opts o = {
            .path = cfg->db,
            .cache_mb = cfg->store_cache_mb,
            .mmap_mb = cfg->store_mmap_mb,
            .readonly = (flags & XY_CTX_READONLY) != 0,
            .create = (flags & XY_CTX_CREATE) != 0,
        };
        if ((rc = xy_store_open(&o, &ctx->store, err)) != XY_OK) {
            xy_ctx_close(ctx);
            return rc;
        }
    }
    return XY_OK;
}

void xy_ctx_close(struct xy_ctx *ctx)
{
    xy_store_close(ctx->store);
    xy_catalog_free(ctx->cat);
    if (ctx->cal) {
        xy_calendar_release(ctx->cal);
        free(ctx->cal);
    }
    ctx->cal = NULL;
    ctx->store = NULL;
    ctx->cat = NULL;
}

xy_code xy_ctx_open_reader(struct xy_ctx *ctx, const struct xy_config *cfg, struct xy_catalog *cat,
                           struct xy_err *err)
{
    struct xy_store_opts o = {
        .path = cfg->db,
        .cache_mb = cfg->store_cache_mb,
        .mmap_mb = cfg->store_mmap_mb,
        .readonly = 1,
    };

    memset(ctx, 0, sizeof(*ctx));
    ctx->cfg = cfg;
    ctx->cat = cat;
    return xy_store_open(&o, &ctx->store, err);
}

void xy_ctx_release_reader(struct xy_ctx *ctx)
{
    xy_store_close(ctx->store);
    ctx->store = NULL;
}

xy_code xy_ctx_snapshot_begin(struct xy_ctx *ctx, struct xy_err *err)
{
    return xy_store_read_begin(ctx->store, err);
}

void xy_ctx_snapshot_end(struct xy_ctx *ctx)
{
    xy_store_read_end(ctx->store);
}

const char *xy_ctx_backend(const struct xy_ctx *ctx)
{
    return ctx->store ? ctx->store->ops->name : "none";
}
