/* seal.c - ID numbers in and out of storage (layer: store) */
#include "store/seal.h"

#include <string.h>

#include "crypto/crypto.h"

#define PURPOSE "idno"
/* 128 bits of HMAC-SM3: collisions among a city's numbers are out of reach, and the
 * identifiers index stays small. */
#define LOOKUP_BYTES 16

const char *xy_store_idno_seal(struct xy_keyring *kr, struct xy_arena *a, const char *idno)
{
    return xy_keyring_seal(kr, PURPOSE, idno, a);
}

const char *xy_store_idno_lookup(struct xy_keyring *kr, struct xy_arena *a, const char *idno)
{
    unsigned char mac[XY_SM3_LEN];
    char *out = xy_arena_alloc(a, 3 + 2 * LOOKUP_BYTES + 1);

    xy_keyring_index_mac(kr, idno, strlen(idno), mac);
    memcpy(out, XY_STORE_LOOKUP_PREFIX, 3);
    xy_hex(mac, LOOKUP_BYTES, out + 3);
    return out;
}

const char *xy_store_idno_open(struct xy_keyring *kr, struct xy_arena *a, const char *sealed)
{
    if (!strncmp(sealed, "p1:", 3)) /* before the keyring: plain behind a tag */
        return xy_arena_strdup(a, sealed + 3);
    if (!kr)
        return NULL;
    return xy_keyring_open(kr, PURPOSE, sealed, a, NULL);
}

int xy_store_is_sealed(const char *value)
{
    return !strncmp(value, "p1:", 3) || xy_keyring_version_of(value) > 0;
}
