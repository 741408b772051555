/* ctx.h - what a use case runs with: configuration, catalogue, store (layer: service) */
#ifndef XY_SERVICE_CTX_H
#define XY_SERVICE_CTX_H

#include "base/config.h"
#include "crypto/keyring.h"
#include "domain/calendar.h"
#include "domain/catalog.h"
#include "domain/measures.h"
#include "domain/publicity.h"
#include "service/authz.h"
#include "service/list_index.h"
#include "store/store.h"

struct xy_measures_live;

struct xy_ctx {
    const struct xy_config *cfg;
    struct xy_catalog *cat;  /* loaded at start; a malformed catalogue stops start-up */
    struct xy_calendar *cal; /* working days; loaded with the catalogue, shared by readers */
    struct xy_publicity_rules *rules; /* publicity periods (publicity_rules); as the calendar */
    struct xy_scenarios *scenarios;   /* business scenarios (scenarios_file); as the calendar */
    struct xy_measures *measures;     /* measures catalogue: see xy_ctx_measures() below */
    struct xy_store *store;           /* NULL for commands that need none */
    struct xy_keyring *keys;          /* opened with the store; shared by a server's threads */
    int owns_keys;                    /* xy_ctx_close frees keys (the ctx that loaded them) */
    /* listed subjects (service/list_index.h): built on first check, shared by a server's
     * threads like the keyring */
    struct xy_list_index *lists;
    /* who acts: the CLI's operator, a request's user or token; NULL is anonymous (public) */
    const struct xy_principal *who;
    /* every measures catalogue loaded (the file's, then the database's after each edit), shared
     * by a server's threads; ->measures is borrowed from it (service/measures_admin.h) */
    struct xy_measures_live *measures_live;
};

enum { XY_CTX_STORE = 1, XY_CTX_CREATE = 2, XY_CTX_READONLY = 4 };

/* Load the catalogue and (with XY_CTX_STORE) the keyring, then open the store. The keyring is
 * security.key_file (default "<db>.keys"), else $XINYONG_KEYS. A database created here
 * (XY_CTX_CREATE) gets a new key file next to it; an existing database without its key file
 * is XY_NOT_FOUND ("密钥文件 ... 不存在"); a key file others may read is XY_DENIED. */
xy_code xy_ctx_open(struct xy_ctx *ctx, const struct xy_config *cfg, int flags, struct xy_err *err);
void xy_ctx_close(struct xy_ctx *ctx);

/* A connection of its own for one server thread, sharing the parent's configuration,
 * catalogue, calendar and keyring (which must outlive it). readonly: a public reader (cache and
 * memory map as configured); else a writer for signed-in requests and the batch worker.
 * XY_NOT_FOUND when there is no database. Release with xy_ctx_release_shared(). */
xy_code xy_ctx_open_shared(struct xy_ctx *ctx, const struct xy_ctx *parent, int readonly,
                           struct xy_err *err);
void xy_ctx_release_shared(struct xy_ctx *ctx);
/* One consistent snapshot for the reads of one request (xy_store_read_begin/_end). */
xy_code xy_ctx_snapshot_begin(struct xy_ctx *ctx, struct xy_err *err);
void xy_ctx_snapshot_end(struct xy_ctx *ctx);
/* The measures catalogue in force, also left in ctx->measures: the database's (measure_versions,
 * reloaded when any thread or process edited it since) or, without a store or before the
 * database is seeded, the file read at start. Borrowed until the ctx that opened the store
 * closes. NULL with err set when the database cannot be read. (service/measures_admin.c) */
const struct xy_measures *xy_ctx_measures(struct xy_ctx *ctx, struct xy_err *err);
/* The store backend's name ("sqlite"). */
const char *xy_ctx_backend(const struct xy_ctx *ctx);

#endif
