/* text.c - console text: column padding that counts Chinese characters as two columns
 * (layer: cli) */
#include "cli/cli.h"

#include <string.h>

/* East Asian wide and fullwidth ranges (UAX #11) that occur in our text. */
static int wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int xy_text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int w = 0;

    while (*p) {
        unsigned cp = *p;
        int len = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80) {
                len = i;
                break;
            }
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (len == 2)
            cp &= 0x7FF;
        else if (len == 3)
            cp &= 0xFFFF;
        else if (len == 4)
            cp &= 0x1FFFFF;
        w += wide(cp) ? 2 : 1;
        p += len;
    }
    return w;
}

void xy_text_pad(FILE *out, const char *s, int width)
{
    int w = xy_text_width(s);

    fputs(s, out);
    while (w++ < width)
        fputc(' ', out);
}
