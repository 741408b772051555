/* seal.c - ID numbers in and out of storage (layer: store) */
#include "store/seal.h"

#include <string.h>

const char *xy_store_idno_seal(struct xy_arena *a, const char *idno)
{
    return xy_arena_printf(a, "p1:%s", idno);
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
