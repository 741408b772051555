/* seal.h - the one place through which citizen ID numbers enter and leave storage
 * (layer: store, internal: only store/ includes this)
 *
 * Two forms, both made with the keyring given to xy_store_open():
 *   - sealed, "s<version>:<base64>": SM4-CTR + HMAC-SM3 under the current data key with a
 *     fresh IV (crypto/keyring.h), for values that are read back (subjects.code, record
 *     payload fields of type XY_FT_IDNO);
 *   - lookup, "h1:<32 hex>": HMAC-SM3 under the index key, truncated to 128 bits, for
 *     values that are searched (identifiers.value, the identifier cache, the record hash).
 *     It is the same for the same number every time, and never rotates.
 * Databases made before the keyring stored "p1:<number>"; those still open, so that a
 * rotation (`xinyong key rotate`) can seal them.
 */
#ifndef XY_STORE_SEAL_H
#define XY_STORE_SEAL_H

#include "base/arena.h"
#include "crypto/keyring.h"

#define XY_STORE_LOOKUP_PREFIX "h1:"

/* The sealed form, allocated in a. kr must not be NULL (xy_store_open refuses without one). */
const char *xy_store_idno_seal(struct xy_keyring *kr, struct xy_arena *a, const char *idno);
/* The lookup form, allocated in a. */
const char *xy_store_idno_lookup(struct xy_keyring *kr, struct xy_arena *a, const char *idno);
/* The number, or NULL when the value is not sealed by any known version or does not verify. */
const char *xy_store_idno_open(struct xy_keyring *kr, struct xy_arena *a, const char *sealed);
/* 1 when value is in a sealed form (of any version, "p1:" included). */
int xy_store_is_sealed(const char *value);

#endif
