/* encode.h - bytes as text: hex, base64, base32 (layer: base)
 *
 * Plain encodings with no secrets in them; crypto/ uses them for keys and sealed boxes, http/
 * for percent-escapes.
 */
#ifndef XY_BASE_ENCODE_H
#define XY_BASE_ENCODE_H

#include <stddef.h>

/* The value of one hex digit (either case), or -1. */
int xy_hex_digit(char c);
/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void xy_hex(const void *p, size_t n, char *out);
/* Parse exactly 2n hex digits; 0 on success, -1 otherwise. */
int xy_unhex(const char *hex, void *out, size_t n);
/* Base64 (RFC 4648, with padding) of n bytes into out (4 * ((n + 2) / 3) + 1 bytes). */
void xy_base64(const void *p, size_t n, char *out);
/* Decode base64 into out (at most cap bytes); the length, or -1 when malformed or too long. */
long xy_unbase64(const char *s, void *out, size_t cap);
/* Base32 (RFC 4648, no padding, upper case) as authenticator apps read TOTP secrets. */
void xy_base32(const void *p, size_t n, char *out, size_t cap);
long xy_unbase32(const char *s, void *out, size_t cap);

#endif
