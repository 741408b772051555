/* decode.h - turn a department's file into UTF-8 bytes: BOM, GB18030 detection (layer: service)
 *
 * Older department systems export GB18030 (GBK); newer ones UTF-8, often with a BOM. With
 * encoding "auto" the first 64 KiB decide: valid UTF-8 stays UTF-8, otherwise GB18030 if it
 * decodes as such. Bytes that cannot be decoded are passed on as 0xFF, which is never valid
 * UTF-8, so the row that holds them is rejected with a clear message instead of being stored
 * with mojibake.
 */
#ifndef XY_SERVICE_DECODE_H
#define XY_SERVICE_DECODE_H

#include <iconv.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"

enum xy_encoding { XY_ENC_AUTO = 0, XY_ENC_UTF8, XY_ENC_GB18030 };

struct xy_decoder {
    FILE *f;
    enum xy_encoding enc;
    iconv_t cd;
    char in[65536];
    size_t inpos, inlen;
    int eof;
    uint64_t bytes_read, file_bytes;
};

/* "auto", "utf-8"/"utf8", "gb18030"/"gbk"; -1 for anything else. */
int xy_encoding_parse(const char *name);
const char *xy_encoding_name(enum xy_encoding e);

/* Open path for reading; file_bytes must already be known by the caller. */
xy_code xy_decoder_open(struct xy_decoder *d, const char *path, enum xy_encoding enc,
                        struct xy_err *err);
/* The same over an open stream (fuzzers, tests); the decoder closes it. */
xy_code xy_decoder_open_stream(struct xy_decoder *d, FILE *f, enum xy_encoding enc,
                               struct xy_err *err);
/* Up to cap bytes of UTF-8 into out; 0 at end of file. */
size_t xy_decoder_read(struct xy_decoder *d, char *out, size_t cap, struct xy_err *err);
void xy_decoder_close(struct xy_decoder *d);

#endif
