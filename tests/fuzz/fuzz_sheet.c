/* fuzz_sheet.c - libFuzzer harness: bytes -> a department's table (service/sheet.c), CSV or the
 * XML parts of an xlsx, read with row problems reported and checked against the reader's
 * promises: at most XY_SHEET_MAX_COLS cells, none over XY_SHEET_MAX_CELL, all valid UTF-8,
 * line numbers never going back (a CSV line may hold two records: a lone CR ends one).
 *
 * The first byte chooses: even, the rest is a CSV file; odd, the rest is an xlsx's sheet XML,
 * and when it holds the line "--sst--" what comes after it is the shared strings part. The
 * xlsx is zipped here with libzip (stored, so that the fuzzer's bytes reach expat as they are).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "base/utf8.h"
#include "service/sheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    long last_line;
};

static int on_row(void *arg, long line, const char *const *cells, size_t n)
{
    struct seen *s = arg;

    if (n == 0 || n > XY_SHEET_MAX_COLS || line < s->last_line)
        abort();
    s->last_line = line;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(cells[i]);
        if (len > XY_SHEET_MAX_CELL)
            abort();
        for (size_t k = 0; k < len;) {
            size_t q = xy_utf8_seq((const unsigned char *)cells[i] + k, len - k);
            if (!q)
                abort(); /* the reader promised UTF-8 */
            k += q;
        }
    }
    return 0;
}

static int on_issue(void *arg, long line, const char *id, const char *zh)
{
    (void)arg;
    if (line <= 0 || !id || !*id || !zh || !*zh)
        abort();
    return 0;
}

static const char *find(const char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);

    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(p + i, needle, k))
            return p + i;
    return NULL;
}

static int add_part(zip_t *z, const char *name, const void *p, size_t n)
{
    zip_source_t *src = zip_source_buffer(z, p, n, 0);
    zip_int64_t i;

    if (!src)
        return -1;
    if ((i = zip_file_add(z, name, src, ZIP_FL_OVERWRITE)) < 0) {
        zip_source_free(src);
        return -1;
    }
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    struct seen s = {0};
    struct xy_err err;
    enum xy_sheet_format f;

    if (size < 1)
        return 0;
    if (!path[0])
        snprintf(path, sizeof(path), "/tmp/fuzz_sheet.%d", (int)getpid());
    unlink(path);
    if (data[0] % 2 == 0) {
        FILE *fp = fopen(path, "wb");
        if (!fp)
            return 0;
        fwrite(data + 1, 1, size - 1, fp);
        fclose(fp);
        f = XY_SHEET_CSV;
    } else {
        const char *sheet = (const char *)data + 1, *sep;
        size_t n = size - 1, nsheet = n;
        int zerr;
        zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

        if (!z)
            return 0;
        sep = find(sheet, n, "\n--sst--\n");
        if (sep) {
            nsheet = (size_t)(sep - sheet);
            add_part(z, "xl/sharedStrings.xml", sep + 9, n - nsheet - 9);
        }
        add_part(z, "xl/worksheets/sheet1.xml", sheet, nsheet);
        if (zip_close(z) != 0) {
            zip_discard(z);
            return 0;
        }
        f = XY_SHEET_XLSX;
    }
    (void)xy_sheet_read_rows(path, "fuzz.csv", f, on_row, on_issue, &s, &err);
    unlink(path);
    return 0;
}
