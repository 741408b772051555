/* utf8.h - the few UTF-8 checks every layer needs (layer: base) */
#ifndef XY_BASE_UTF8_H
#define XY_BASE_UTF8_H

#include <stddef.h>

/* Length of the UTF-8 sequence at s (at most n bytes available), or 0 when it is not one:
 * overlong forms and UTF-16 surrogates are not text. */
size_t xy_utf8_seq(const unsigned char *s, size_t n);

/* Drop, in place, every byte of s that is not part of a whole UTF-8 sequence. A message that
 * quotes input through "%.40s", or is cut to its buffer, may split a Chinese character; what is
 * sent as JSON or printed must stay UTF-8. */
void xy_utf8_keep_whole(char *s);

#endif
