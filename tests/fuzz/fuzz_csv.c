/* fuzz_csv.c - libFuzzer harness: bytes -> decoder -> CSV reader -> row validation
 * against the 行政处罚 item, the whole path a department's file takes before the store. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/time.h"
#include "domain/record.h"
#include "service/catalog_load.h"
#include "service/reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xy_catalog *cat;
static const struct xy_item *item;

struct fctx {
    struct xy_arena *a;
    int have_header;
    int colmap[XY_READER_MAX_COLS];
    size_t ncols;
};

static xy_code on_record(void *ctx, long line, const char *const *keys, const char *const *cols,
                         const size_t *lens, size_t n, struct xy_err *err)
{
    struct fctx *f = ctx;
    const char *raw[64] = {0};
    struct xy_validate_opts vo = {.today = 20000};
    struct xy_row row;

    (void)line, (void)lens, (void)err;
    if (!keys && !f->have_header) {
        f->have_header = 1;
        f->ncols = n;
        for (size_t i = 0; i < n; i++)
            f->colmap[i] = xy_item_field_by_header(item, cols[i]);
        return XY_OK;
    }
    for (size_t i = 0; i < n; i++) {
        int fi = keys ? xy_item_field_by_header(item, keys[i]) : (i < f->ncols ? f->colmap[i] : -1);
        if (fi >= 0)
            raw[fi] = cols[i];
    }
    xy_row_validate(item, raw, &vo, f->a, &row);
    if (row.nerrors == 0 && (!row.key || !row.primary.value))
        abort(); /* a valid row must always know its key and subject */
    (void)xy_row_hash(item, &row);
    xy_arena_reset(f->a);
    return XY_OK;
}

static void on_issue(void *ctx, long line, const char *id, const char *zh)
{
    (void)ctx, (void)line, (void)id, (void)zh;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_err err = {0};
    struct fctx f = {0};
    struct xy_decoder dec;
    struct xy_lines lines;
    struct xy_reader_sink sink = {&f, on_record, on_issue};
    FILE *fp;

    if (!cat) {
        const char *dir = getenv("XY_CATALOG_DIR");
        if (xy_catalog_load_dir(dir ? dir : XY_TEST_CATALOG_DIR, &cat, &err) != XY_OK)
            abort();
        item = xy_catalog_item(cat, "xzcf");
    }
    if (size == 0)
        return 0;
    fp = fmemopen((void *)data, size, "rb");
    if (!fp)
        return 0;
    /* the first byte picks the reader and the encoding, the rest is the file */
    if (xy_decoder_open_stream(&dec, fp, (enum xy_encoding)(data[0] % 3), &err) != XY_OK)
        return 0;
    f.a = xy_arena_new();
    xy_lines_init(&lines, &dec, 1024);
    if (data[0] & 0x80)
        xy_jsonl_read(&lines, &sink, &err);
    else
        xy_csv_read(&lines, &sink, &err);
    xy_lines_release(&lines);
    xy_decoder_close(&dec);
    xy_arena_free(f.a);
    return 0;
}
