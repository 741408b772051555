/* mask.c - masks for personal data (layer: domain) */
#include "domain/mask.h"

#include <string.h>

const char *xy_mask_idno(struct xy_arena *a, const char *idno)
{
    size_t n = strlen(idno);
    char *out = xy_arena_alloc(a, n + 1);

    for (size_t i = 0; i < n; i++)
        out[i] = (n >= 14 && (i < 6 || i >= n - 4)) ? idno[i] : '*';
    out[n] = '\0';
    return out;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

const char *xy_mask_name(struct xy_arena *a, const char *name)
{
    size_t n = strlen(name), first, last = 0, count = 0, k;
    char *out;

    /* the first character and, for three or more, the last one are kept; every other
     * character becomes one '*', however long the name */
    for (size_t i = 0; i < n; i += utf8_len((unsigned char)name[i])) {
        last = i;
        count++;
    }
    if (count == 0)
        return "";
    first = utf8_len((unsigned char)name[0]);
    if (first > n)
        first = n;
    out = xy_arena_alloc(a, n + count + 2);
    memcpy(out, name, first);
    k = first;
    if (count == 1)
        out[k++] = '*';
    for (size_t c = 1; c < count; c++)
        if (c < count - 1 || count < 3)
            out[k++] = '*';
    if (count >= 3) {
        memcpy(out + k, name + last, n - last);
        k += n - last;
    }
    out[k] = '\0';
    return out;
}

int xy_mask_has_idno(const char *s)
{
    size_t run = 0;

    for (; s && *s; s++) {
        if ((*s >= '0' && *s <= '9') || ((*s == 'X' || *s == 'x') && run >= 14))
            run++;
        else
            run = 0;
        if (run >= 15)
            return 1;
    }
    return 0;
}
