/* ctx.c - open what a use case needs (layer: service) */
#include "service/ctx.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/catalog_load.h"
#include "service/measures_admin.h"

/* The key file's path: security.key_file, else the database's path with ".keys". */
static char *key_file_path(const struct xy_config *cfg)
{
    size_t n = strlen(cfg->db);
    char *p;

    if (cfg->security_key_file && cfg->security_key_file[0])
        return strdup(cfg->security_key_file);
    if (!(p = malloc(n + 6)))
        abort();
    memcpy(p, cfg->db, n);
    memcpy(p + n, ".keys", 6);
    return p;
}

/* Load the keyring before the store opens: the file, else $XINYONG_KEYS; a database that this
 * open creates gets a new key file. */
static xy_code open_keys(struct xy_ctx *ctx, const struct xy_config *cfg, int flags,
                         struct xy_err *err)
{
    char *path = key_file_path(cfg);
    const char *env = getenv("XINYONG_KEYS");
    int creating =
        (flags & XY_CTX_CREATE) && !(flags & XY_CTX_READONLY) && access(cfg->db, F_OK) != 0;
    xy_code rc = xy_keyring_load(path, &ctx->keys, err);

    if (rc == XY_NOT_FOUND && env && env[0]) {
        rc = xy_keyring_load(NULL, &ctx->keys, err);
    } else if (rc == XY_NOT_FOUND && creating) {
        if ((rc = xy_keyring_create(path, err)) == XY_OK)
            rc = xy_keyring_load(path, &ctx->keys, err);
    } else if (rc == XY_NOT_FOUND && access(cfg->db, F_OK) != 0) {
        /* no database either: that is the news, not the key file */
        rc = xy_err_set(err, XY_NOT_FOUND, "cannot open database \"%s\": no such file", cfg->db);
    } else if (rc == XY_NOT_FOUND) {
        err->hint = "the key file is made with the database; restore it from the backup, "
                    "or set security.key_file (XINYONG_SECURITY_KEY_FILE) or XINYONG_KEYS";
    }
    free(path);
    ctx->owns_keys = ctx->keys != NULL;
    return rc;
}

xy_code xy_ctx_open(struct xy_ctx *ctx, const struct xy_config *cfg, int flags, struct xy_err *err)
{
    struct xy_measures *file_measures = NULL;
    xy_code rc;

    memset(ctx, 0, sizeof(*ctx));
    ctx->cfg = cfg;
    if ((rc = xy_catalog_load_dir(cfg->catalog_dir, &ctx->cat, err)) != XY_OK)
        return rc;
    if ((rc = xy_calendar_load_dir(cfg->calendar_dir, &ctx->cal, err)) != XY_OK) {
        xy_ctx_close(ctx);
        return rc;
    }
    /* no record's publicity can be decided without the rules: a bad file stops start-up */
    if ((rc = xy_publicity_rules_load(cfg->publicity_rules, &ctx->rules, err)) != XY_OK) {
        xy_ctx_close(ctx);
        return rc;
    }
    /* the measures name list items and scenarios: a bad row stops start-up like a bad item */
    if ((rc = xy_measures_load(ctx->cat, cfg->scenarios_file, cfg->measures_file, &ctx->scenarios,
                               &file_measures, err)) != XY_OK) {
        xy_ctx_close(ctx);
        return rc;
    }
    ctx->measures = file_measures;
    ctx->measures_live = xy_measures_live_new(file_measures);
    if (flags & XY_CTX_STORE) {
        struct xy_store_opts o = {
            .path = cfg->db,
            .cache_mb = cfg->store_cache_mb,
            .mmap_mb = cfg->store_mmap_mb,
            .readonly = (flags & XY_CTX_READONLY) != 0,
            .create = (flags & XY_CTX_CREATE) != 0,
        };
        if ((rc = open_keys(ctx, cfg, flags, err)) != XY_OK) {
            xy_ctx_close(ctx);
            return rc;
        }
        o.keys = ctx->keys;
        if ((rc = xy_store_open(&o, &ctx->store, err)) != XY_OK) {
            xy_ctx_close(ctx);
            return rc;
        }
        ctx->lists = xy_list_index_new(); /* empty until a check needs it */
        /* the database is the measures catalogue: its first start copies the file in */
        if (!o.readonly && (rc = xy_measures_seed(ctx, err)) != XY_OK) {
            xy_ctx_close(ctx);
            return rc;
        }
    }
    return XY_OK;
}

void xy_ctx_close(struct xy_ctx *ctx)
{
    xy_store_close(ctx->store);
    xy_list_index_free(ctx->lists);
    ctx->lists = NULL;
    if (ctx->owns_keys)
        xy_keyring_free(ctx->keys);
    ctx->keys = NULL;
    ctx->owns_keys = 0;
    xy_catalog_free(ctx->cat);
    if (ctx->cal) {
        xy_calendar_release(ctx->cal);
        free(ctx->cal);
    }
    ctx->cal = NULL;
    xy_publicity_rules_free(ctx->rules);
    ctx->rules = NULL;
    xy_measures_live_free(ctx->measures_live); /* before the scenarios they borrow */
    ctx->measures_live = NULL;
    ctx->measures = NULL;
    xy_scenarios_free(ctx->scenarios);
    ctx->scenarios = NULL;
    ctx->store = NULL;
    ctx->cat = NULL;
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

xy_code xy_ctx_open_shared(struct xy_ctx *ctx, const struct xy_ctx *parent, int readonly,
                           struct xy_err *err)
{
    const struct xy_config *cfg = parent->cfg;
    struct xy_store_opts o = {
        .path = cfg->db,
        .cache_mb = readonly ? cfg->store_cache_mb : 16,
        .mmap_mb = readonly ? cfg->store_mmap_mb : 0,
        .readonly = readonly,
        .keys = parent->keys,
    };

    memset(ctx, 0, sizeof(*ctx));
    ctx->cfg = cfg;
    ctx->cat = parent->cat;
    ctx->cal = parent->cal;
    ctx->rules = parent->rules;
    ctx->scenarios = parent->scenarios;
    ctx->measures = parent->measures;
    ctx->measures_live = parent->measures_live;
    ctx->keys = parent->keys;
    ctx->lists = parent->lists;
    return xy_store_open(&o, &ctx->store, err);
}

void xy_ctx_release_shared(struct xy_ctx *ctx)
{
    xy_store_close(ctx->store);
    ctx->store = NULL;
}
