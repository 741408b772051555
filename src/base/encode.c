/* encode.c - hex, base64 and base32 (layer: base) */
#include "base/encode.h"

#include <string.h>

void xy_hex(const void *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *s = p;

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[s[i] >> 4];
        out[2 * i + 1] = digits[s[i] & 15];
    }
    out[2 * n] = '\0';
}

int xy_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int xy_unhex(const char *hex, void *out, size_t n)
{
    unsigned char *o = out;

    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (!hex[2 * i] || (hi = xy_hex_digit(hex[2 * i])) < 0 || !hex[2 * i + 1] ||
            (lo = xy_hex_digit(hex[2 * i + 1])) < 0)
            return -1;
        o[i] = (unsigned char)(hi << 4 | lo);
    }
    return hex[2 * n] ? -1 : 0;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void xy_base64(const void *p, size_t n, char *out)
{
    const unsigned char *s = p;
    size_t i = 0, o = 0;

    for (; i + 2 < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
        out[o++] = b64[v >> 18];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = b64[(v >> 6) & 63];
        out[o++] = b64[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
        out[o++] = b64[v >> 18];
        out[o++] = b64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
}

static int b64val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

long xy_unbase64(const char *s, void *out, size_t cap)
{
    size_t len = strlen(s), o = 0;
    unsigned char *d = out;

    if (len % 4)
        return -1;
    for (size_t i = 0; i < len; i += 4) {
        int v[4], pad = 0;
        for (int j = 0; j < 4; j++) {
            if (s[i + j] == '=' && i + 4 == len && j >= 2) {
                v[j] = 0;
                pad++;
            } else if (pad || (v[j] = b64val(s[i + j])) < 0) {
                return -1;
            }
        }
        unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | v[3];
        size_t take = 3 - (size_t)pad;
        if (o + take > cap)
            return -1;
        /* Non-canonical padding bits would give two spellings of one value. */
        if ((pad == 1 && (w & 0xff)) || (pad == 2 && (w & 0xffff)))
            return -1;
        d[o++] = (unsigned char)(w >> 16);
        if (take > 1)
            d[o++] = (unsigned char)(w >> 8);
        if (take > 2)
            d[o++] = (unsigned char)w;
    }
    return (long)o;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

void xy_base32(const void *p, size_t n, char *out, size_t cap)
{
    const unsigned char *s = p;
    unsigned buf = 0;
    int bits = 0;
    size_t o = 0;

    if (!cap)
        return;
    for (size_t i = 0; i < n; i++) {
        buf = (buf << 8 | s[i]) & 0xffff;
        bits += 8;
        while (bits >= 5 && o + 1 < cap) {
            out[o++] = b32[(buf >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0 && o + 1 < cap)
        out[o++] = b32[(buf << (5 - bits)) & 31];
    out[o] = '\0';
}

long xy_unbase32(const char *s, void *out, size_t cap)
{
    unsigned char *d = out;
    unsigned buf = 0;
    int bits = 0;
    size_t o = 0;

    for (; *s; s++) {
        int v;
        char c = *s;
        if (c == ' ' || c == '-') /* apps show secrets in groups */
            continue;
        if (c == '=')
            break;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            return -1;
        buf = (buf << 5 | (unsigned)v) & 0xffff;
        bits += 5;
        if (bits >= 8) {
            if (o >= cap)
                return -1;
            d[o++] = (unsigned char)(buf >> (bits - 8));
            bits -= 8;
        }
    }
    return (long)o;
}
