/* decode.c - department files into UTF-8 (layer: service) */
#include "service/decode.h"

#include <errno.h>
#include <string.h>

#include "domain/record.h"

int xy_encoding_parse(const char *name)
{
    static const struct {
        const char *name;
        enum xy_encoding enc;
    } names[] = {
        {"auto", XY_ENC_AUTO},   {"utf-8", XY_ENC_UTF8},      {"utf8", XY_ENC_UTF8},
        {"UTF-8", XY_ENC_UTF8},  {"gb18030", XY_ENC_GB18030}, {"GB18030", XY_ENC_GB18030},
        {"gbk", XY_ENC_GB18030}, {"GBK", XY_ENC_GB18030},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(name, names[i].name))
            return (int)names[i].enc;
    return -1;
}

const char *xy_encoding_name(enum xy_encoding e)
{
    return e == XY_ENC_GB18030 ? "GB18030" : "UTF-8";
}

static void fill(struct xy_decoder *d)
{
    size_t n;

    if (d->inpos > 0) {
        memmove(d->in, d->in + d->inpos, d->inlen - d->inpos);
        d->inlen -= d->inpos;
        d->inpos = 0;
    }
    if (d->eof || d->inlen == sizeof(d->in))
        return;
    n = fread(d->in + d->inlen, 1, sizeof(d->in) - d->inlen, d->f);
    d->inlen += n;
    d->bytes_read += n;
    /* feof, not n == 0: a file shorter than the buffer is whole after its first read, and
     * encoding detection must know that its last character is not cut off */
    if (n == 0 || feof(d->f))
        d->eof = 1;
}

/* Valid UTF-8, ignoring a character cut at the end of the sample. */
static int looks_utf8(const char *s, size_t n, int at_eof)
{
    size_t cut = 0;

    if (!at_eof) {
        /* back up over a trailing partial sequence */
        while (cut < 4 && cut < n && ((unsigned char)s[n - 1 - cut] & 0xC0) == 0x80)
            cut++;
        if (cut < n && ((unsigned char)s[n - 1 - cut]) >= 0xC0)
            cut++;
        else
            cut = 0;
    }
    return xy_utf8_chars(s, n - cut) >= 0;
}

static int decodes_gb18030(const char *s, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    char out[4096], *in = (char *)s;
    size_t inleft = n;
    int ok = 1;

    if (cd == (iconv_t)-1)
        return 0;
    while (inleft > 0) {
        char *o = out;
        size_t oleft = sizeof(out);
        if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
            if (errno == E2BIG)
                continue;
            ok = errno == EINVAL; /* a character cut at the end of the sample is fine */
            break;
        }
    }
    iconv_close(cd);
    return ok;
}

xy_code xy_decoder_open(struct xy_decoder *d, const char *path, enum xy_encoding enc,
                        struct xy_err *err)
{
    FILE *f = fopen(path, "rb");

    if (!f) {
        memset(d, 0, sizeof(*d));
        d->cd = (iconv_t)-1;
        return xy_err_set(err, errno == ENOENT ? XY_NOT_FOUND : XY_IO, "cannot open \"%s\": %s",
                          path, strerror(errno));
    }
    return xy_decoder_open_stream(d, f, enc, err);
}

xy_code xy_decoder_open_stream(struct xy_decoder *d, FILE *f, enum xy_encoding enc,
                               struct xy_err *err)
{
    memset(d, 0, sizeof(*d));
    d->cd = (iconv_t)-1;
    d->f = f;
    fill(d);
    if (d->inlen >= 3 && !memcmp(d->in, "\xEF\xBB\xBF", 3)) {
        d->inpos = 3; /* UTF-8 byte order mark */
        if (enc == XY_ENC_AUTO)
            enc = XY_ENC_UTF8;
    } else if (d->inlen >= 4 && !memcmp(d->in, "\x84\x31\x95\x33", 4)) {
        d->inpos = 4; /* GB18030 byte order mark */
        if (enc == XY_ENC_AUTO)
            enc = XY_ENC_GB18030;
    }
    if (enc == XY_ENC_AUTO) {
        const char *s = d->in + d->inpos;
        size_t n = d->inlen - d->inpos;
        enc = looks_utf8(s, n, d->eof) || !decodes_gb18030(s, n) ? XY_ENC_UTF8 : XY_ENC_GB18030;
    }
    d->enc = enc;
    if (enc == XY_ENC_GB18030) {
        d->cd = iconv_open("UTF-8", "GB18030");
        if (d->cd == (iconv_t)-1) {
            fclose(d->f);
            d->f = NULL;
            return xy_err_set(err, XY_INTERNAL, "this system cannot convert GB18030: %s",
                              strerror(errno));
        }
    }
    return XY_OK;
}

size_t xy_decoder_read(struct xy_decoder *d, char *out, size_t cap, struct xy_err *err)
{
    size_t n;

    (void)err;
    if (d->inpos == d->inlen || (d->enc == XY_ENC_GB18030 && d->inlen - d->inpos < 8))
        fill(d);
    if (d->inpos == d->inlen)
        return 0;
    if (d->enc == XY_ENC_UTF8) {
        n = d->inlen - d->inpos < cap ? d->inlen - d->inpos : cap;
        memcpy(out, d->in + d->inpos, n);
        d->inpos += n;
        return n;
    }
    {
        char *in = d->in + d->inpos, *o = out;
        size_t inleft = d->inlen - d->inpos, oleft = cap;

        while (inleft > 0 && oleft > 4) {
            if (iconv(d->cd, &in, &inleft, &o, &oleft) != (size_t)-1)
                continue;
            if (errno == E2BIG)
                break;
            if (errno == EINVAL && !d->eof)
                break; /* a character cut at the buffer end: read more first */
            /* an undecodable byte: pass 0xFF on so validation rejects the row that holds it */
            *o++ = (char)0xFF;
            oleft--;
            in++;
            inleft--;
        }
        d->inpos = (size_t)(in - d->in);
        n = (size_t)(o - out);
        if (n == 0 && d->inpos < d->inlen && !d->eof) {
            fill(d);
            return xy_decoder_read(d, out, cap, err);
        }
        return n;
    }
}

void xy_decoder_close(struct xy_decoder *d)
{
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    d->cd = (iconv_t)-1;
    if (d->f)
        fclose(d->f);
    d->f = NULL;
}
