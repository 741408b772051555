/* utf8.c - the few UTF-8 checks every layer needs (layer: base) */
#include "base/utf8.h"

#include <string.h>

size_t xy_utf8_seq(const unsigned char *s, size_t n)
{
    size_t k;

    if (!n)
        return 0;
    if (s[0] < 0x80)
        return 1;
    k = s[0] >= 0xC2 && s[0] < 0xE0   ? 2
        : s[0] >= 0xE0 && s[0] < 0xF0 ? 3
        : s[0] >= 0xF0 && s[0] < 0xF5 ? 4
                                      : 0;
    if (!k || k > n)
        return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (k == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0;
    if (k == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;
    return k;
}

void xy_utf8_keep_whole(char *s)
{
    size_t n = strlen(s), i = 0, o = 0;

    while (i < n) {
        size_t k = xy_utf8_seq((const unsigned char *)s + i, n - i);
        if (!k) {
            i++; /* a stray or cut byte */
            continue;
        }
        memmove(s + o, s + i, k);
        o += k;
        i += k;
    }
    s[o] = '\0';
}
