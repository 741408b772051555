/* keyring.h - the platform's secret keys: where they live and how they rotate (layer: crypto)
 *
 * A key file (or the environment variable XINYONG_KEYS with the same text) holds:
 *   - data keys by version: SM4 + HMAC-SM3 keys for ID numbers and other sealed values; one is
 *     current (new values), older ones only open what they sealed until `xinyong key rotate`
 *     has re-sealed every value;
 *   - the index key: HMAC-SM3 key of the lookup form of ID numbers (not rotated with the data
 *     keys: the lookup form must stay stable for the identifiers table);
 *   - the audit key: HMAC-SM3 key of the audit chain.
 * The file must be a regular file owned by the running user with no group or other access
 * (0600 or 0400); anything else is refused with a message that says how to fix it.
 * A keyring is shared by the threads of a server: lookups take a lock only to reload.
 */
#ifndef XY_CRYPTO_KEYRING_H
#define XY_CRYPTO_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "crypto/crypto.h"

struct xy_keyring;

/* Load from path, or from $XINYONG_KEYS when path is NULL or "" and the variable is set.
 * XY_NOT_FOUND when the file does not exist; XY_DENIED when its permissions are too open. */
xy_code xy_keyring_load(const char *path, struct xy_keyring **out, struct xy_err *err);
/* Write a new key file with fresh keys (data key version 1) at path, mode 0600, refusing to
 * overwrite one. */
xy_code xy_keyring_create(const char *path, struct xy_err *err);
void xy_keyring_free(struct xy_keyring *kr);

/* Add a new data key version, make it current and rewrite the file atomically (temp file,
 * fsync, rename). The version number is returned in *version. */
xy_code xy_keyring_rotate(struct xy_keyring *kr, int *version, struct xy_err *err);
/* Drop data key versions below keep_from from the file (after every value is re-sealed). */
xy_code xy_keyring_retire(struct xy_keyring *kr, int keep_from, struct xy_err *err);

int xy_keyring_current(const struct xy_keyring *kr);
/* The data key of a version, or NULL. When the version is unknown and the file changed since
 * it was read (another process rotated), the file is read again first: a server keeps
 * opening values while `xinyong key rotate` runs. */
const struct xy_aead_key *xy_keyring_data_key(struct xy_keyring *kr, int version);
/* Versions known, oldest first (for `xinyong key status`). */
size_t xy_keyring_versions(const struct xy_keyring *kr, int *out, size_t cap);
const unsigned char *xy_keyring_index_key(const struct xy_keyring *kr); /* XY_SM3_LEN bytes */
/* HMAC-SM3 of n bytes under the index key (the key's blocks absorbed once). */
void xy_keyring_index_mac(const struct xy_keyring *kr, const void *p, size_t n,
                          unsigned char out[XY_SM3_LEN]);
const unsigned char *xy_keyring_audit_key(const struct xy_keyring *kr); /* XY_SM3_LEN bytes */
/* The key that seals files kept outside the database (a case's evidence), derived from the
 * index key under labels of its own. Like the index key it is not rotated, so a file sealed
 * once stays readable without re-sealing folders of files; the caller cleanses *out. */
void xy_keyring_file_key(const struct xy_keyring *kr, struct xy_aead_key *out);
const char *xy_keyring_path(const struct xy_keyring *kr); /* "" when from the environment */

/* Seal text under the current data key: "s<version>:<base64 of the AEAD box>", allocated in a.
 * purpose ("idno", "totp") is authenticated with the version, so a value sealed for one
 * purpose does not open as another. */
const char *xy_keyring_seal(struct xy_keyring *kr, const char *purpose, const char *text,
                            struct xy_arena *a);
/* The text, or NULL (err set) when the value is not sealed, its version is unknown or it was
 * changed. */
const char *xy_keyring_open(struct xy_keyring *kr, const char *purpose, const char *sealed,
                            struct xy_arena *a, struct xy_err *err);
/* The version a sealed value was sealed with, or 0 when it is not a sealed value. */
int xy_keyring_version_of(const char *sealed);

#endif
