/* keys.h - the keyring's state and its rotation (layer: service)
 *
 * `xinyong key status` and `xinyong key rotate`. Rotation adds a data key version, makes it
 * current (the key file is rewritten first, so every process sealing from then on, a running
 * server included, moves to it within a second), re-seals every sealed value chunk by chunk,
 * each chunk in a short transaction of its own, and repeats until no value of an older version
 * is left. The older versions stay in the key file until `xinyong key retire` (an ingest that
 * sealed rows just before the switch may still commit them). A rotation cut short is safe:
 * values are readable under either version, and running it again finishes the work.
 */
#ifndef XY_SERVICE_KEYS_H
#define XY_SERVICE_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "service/ctx.h"
#include "store/store.h"

struct xy_keys_status {
    const char *path; /* the key file, or "" when the keys come from $XINYONG_KEYS */
    int current;
    const int *versions; /* oldest first */
    size_t nversions;
    const struct xy_sealed_count *counts; /* by place, then version */
    size_t ncounts;
};

/* The stable name of a place that holds sealed values ("subjects", "records", ...). */
const char *xy_keys_place_name(enum xy_sealed_place p);
/* The keyring and how many values each version sealed. Needs SECURITY_MANAGE. */
xy_code xy_keys_status(struct xy_ctx *ctx, struct xy_arena *a, struct xy_keys_status *out,
                       struct xy_err *err);

struct xy_keys_rotate_opts {
    size_t chunk_rows; /* rows per transaction; 0: 500 */
    /* called after every chunk: the place, the pass (1, 2, ...) and values re-sealed so far */
    void (*progress)(void *pctx, const char *place, int pass, int64_t resealed);
    void *progress_ctx;
};

struct xy_keys_rotate_result {
    int old_version; /* current before */
    int new_version;
    int64_t resealed; /* values sealed again */
    int passes;
    size_t retired; /* versions dropped from the key file */
};

/* Rotate the data key and re-seal everything (see above). XY_DENIED without SECURITY_MANAGE
 * or when the keys come from $XINYONG_KEYS (the environment cannot be rewritten). Audited as
 * "key.rotate". */
xy_code xy_keys_rotate(struct xy_ctx *ctx, const struct xy_keys_rotate_opts *o,
                       struct xy_keys_rotate_result *out, struct xy_err *err);

/* Drop the data key versions older than the current one from the key file, once no value is
 * sealed with them (counted inside a write transaction). Run it after `key rotate`, when no
 * ingest that started before the rotation is still running. XY_CONFLICT while old values
 * remain. Audited as "key.retire". */
xy_code xy_keys_retire(struct xy_ctx *ctx, size_t *retired, struct xy_err *err);

#endif
