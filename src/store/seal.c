/* seal.c - ID numbers in and out of storage (layer: store) */
#include "store/seal.h"

#include <string.h>

const char *xy_store_idno_seal(struct xy_arena *a, const char *idno)
{
    size_t n = strlen(idno);
    char *out = xy_arena_alloc(a, n + 4);

    memcpy(out, "p1:", 3);
    memcpy(out + 3, idno, n + 1);
    return out;
}

const char *xy_store_idno_open(struct xy_arena *a, const char *sealed)
{
    if (!strncmp(sealed, "p1:", 3))
        return xy_arena_strdup(a, sealed + 3);
    return NULL;
}

int xy_store_is_sealed(const char *value)
{
    return !strncmp(value, "p1:", 3);
}
