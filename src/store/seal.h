/* seal.h - the one pair through which citizen ID numbers enter and leave storage
 * (layer: store, internal: only store/ includes this)
 *
 * Today the sealed form is the number behind a version tag ("p1:"). Issue 4 replaces the
 * bodies of these two functions with SM4 encryption (and a keyed SM3 hash for lookups);
 * nothing outside them needs to change, and the tag tells old values from new.
 */
#ifndef XY_STORE_SEAL_H
#define XY_STORE_SEAL_H

#include "base/arena.h"

const char *xy_store_idno_seal(struct xy_arena *a, const char *idno);
/* NULL when the value is not sealed by any known version. */
const char *xy_store_idno_open(struct xy_arena *a, const char *sealed);
int xy_store_is_sealed(const char *value);

#endif
