/* catalog_load.c - read the catalogue, calendar and publicity rules files (layer: service) */
#include "service/catalog_load.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "service/decode.h"

#define MAX_CATALOG_FILE (1 << 20)

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static xy_code read_file(const char *path, struct xy_buf *b, struct xy_err *err)
{
    char chunk[8192];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (!f)
        return xy_err_set(err, XY_IO, "cannot open catalogue file \"%s\": %s", path,
                          strerror(errno));
    b->max = MAX_CATALOG_FILE;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (xy_buf_add(b, chunk, n) != XY_OK) {
            fclose(f);
            return xy_err_set(err, XY_TOO_LARGE, "catalogue file \"%s\" is over 1 MiB", path);
        }
    fclose(f);
    return XY_OK;
}

xy_code xy_catalog_load_dir(const char *dir, struct xy_catalog **out, struct xy_err *err)
{
    struct xy_catalog *cat;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    xy_code rc = XY_OK;
    DIR *d = opendir(dir);

    if (!d)
        return xy_err_set(err, XY_IO, "cannot open catalogue folder \"%s\": %s", dir,
                          strerror(errno));
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0 || de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = xy_realloc(names, cap * sizeof(*names));
        }
        names[n++] = xy_strdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), by_name);
    cat = xy_catalog_new();
    for (size_t i = 0; i < n && rc == XY_OK; i++) {
        struct xy_buf b = XY_BUF_INIT;
        char path[4096];

        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        rc = read_file(path, &b, err);
        if (rc == XY_OK)
            rc = xy_catalog_add_text(cat, path, b.data ? b.data : "", b.len, err);
        xy_buf_release(&b);
    }
    if (rc == XY_OK && n == 0)
        rc = xy_err_set(err, XY_INVALID, "catalogue folder \"%s\" holds no *.ini item files", dir);
    if (rc == XY_OK)
        rc = xy_catalog_finish(cat, err);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc != XY_OK) {
        xy_catalog_free(cat);
        return rc;
    }
    *out = cat;
    return XY_OK;
}

xy_code xy_calendar_load_dir(const char *dir, struct xy_calendar **out, struct xy_err *err)
{
    struct xy_calendar *cal = calloc(1, sizeof(*cal));
    xy_code rc = XY_OK;
    DIR *d;

    if (!cal)
        abort();
    xy_calendar_init(cal);
    *out = cal;
    if (!dir || !*dir || !(d = opendir(dir)))
        return XY_OK;
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        struct xy_buf b = XY_BUF_INIT;
        char path[4096];
        if (n != 8 || strcmp(e->d_name + 4, ".txt") || strspn(e->d_name, "0123456789") != 4)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        rc = read_file(path, &b, err);
        if (rc == XY_OK)
            rc = xy_calendar_add(cal, e->d_name, b.data ? b.data : "", b.len, err);
        xy_buf_release(&b);
        if (rc != XY_OK)
            break;
    }
    closedir(d);
    if (rc != XY_OK) {
        xy_calendar_release(cal);
        free(cal);
        *out = NULL;
    }
    return rc;
}

xy_code xy_publicity_rules_load(const char *path, struct xy_publicity_rules **out,
                                struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    char chunk[8192];
    size_t n;
    xy_code rc;
    FILE *f;

    *out = NULL;
    if (!path || !*path)
        return xy_err_set(err, XY_INVALID,
                          "没有指定公示规则文件（publicity_rules / XINYONG_PUBLICITY_RULES）");
    /* messages for the credit office, who edits this file (docs/publicity.md) */
    if (!(f = fopen(path, "rb")))
        return xy_err_set(err, XY_IO, "无法打开公示规则文件“%s”：%s", path, strerror(errno));
    b.max = MAX_CATALOG_FILE;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (xy_buf_add(&b, chunk, n) != XY_OK) {
            fclose(f);
            xy_buf_release(&b);
            return xy_err_set(err, XY_TOO_LARGE, "公示规则文件“%s”超过 1 MiB", path);
        }
    if (ferror(f)) {
        fclose(f);
        xy_buf_release(&b);
        return xy_err_set(err, XY_IO, "无法读取公示规则文件“%s”", path);
    }
    fclose(f);
    rc = xy_publicity_rules_parse(b.data ? b.data : "", b.len, path, out, err);
    xy_buf_release(&b);
    if (rc != XY_OK && err && !err->detail[0]) /* the message names the file, this its place */
        xy_err_detail(err, "文件：%s（配置项 publicity_rules）", path);
    return rc;
}

/* The measures and scenarios files are edited by the credit office, often in Excel: read them
 * through the decoder (UTF-8 with or without BOM, else GB18030), capped like the catalogue. */
static xy_code read_text(const char *path, const char *what, const char *key, struct xy_buf *b,
                         struct xy_err *err)
{
    struct xy_decoder *d = xy_calloc(1, sizeof(*d));
    char chunk[8192];
    size_t n;
    xy_code rc = XY_OK;

    if (!path || !*path) {
        free(d);
        return xy_err_set(err, XY_INVALID, "没有指定%s（配置项 %s）", what, key);
    }
    if ((rc = xy_decoder_open(d, path, XY_ENC_AUTO, err)) != XY_OK) {
        int e = errno;
        free(d);
        return xy_err_set(err, rc, "无法打开%s“%s”：%s", what, path, strerror(e));
    }
    b->max = MAX_CATALOG_FILE;
    while (rc == XY_OK && (n = xy_decoder_read(d, chunk, sizeof(chunk), err)) > 0)
        if (xy_buf_add(b, chunk, n) != XY_OK)
            rc = xy_err_set(err, XY_TOO_LARGE, "%s“%s”超过 1 MiB", what, path);
    if (rc == XY_OK && err && err->code != XY_OK && err->msg[0])
        rc = err->code; /* a read error the decoder reported */
    xy_decoder_close(d);
    free(d);
    return rc;
}

xy_code xy_measures_read(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                         const char *path, struct xy_measures **ms, struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    xy_code rc;

    *ms = NULL;
    if (err)
        xy_err_clear(err);
    rc = read_text(path, "措施清单", "measures_file", &b, err);
    if (rc == XY_OK)
        rc = xy_measures_parse(cat, sc, b.data ? b.data : "", b.len, path, ms, err);
    xy_buf_release(&b);
    if (rc != XY_OK && err && !err->detail[0])
        xy_err_detail(err, "文件：%s", path ? path : "");
    return rc;
}

xy_code xy_scenarios_load(const char *path, struct xy_scenarios **sc, struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    xy_code rc;

    *sc = NULL;
    if (err)
        xy_err_clear(err);
    rc = read_text(path, "场景文件", "scenarios_file", &b, err);
    if (rc == XY_OK)
        rc = xy_scenarios_parse(b.data ? b.data : "", b.len, path, sc, err);
    xy_buf_release(&b);
    if (rc != XY_OK && err && !err->detail[0])
        xy_err_detail(err, "文件：%s（配置项 scenarios_file）", path ? path : "");
    return rc;
}

xy_code xy_measures_load(const struct xy_catalog *cat, const char *scenarios_path,
                         const char *measures_path, struct xy_scenarios **sc,
                         struct xy_measures **ms, struct xy_err *err)
{
    xy_code rc;

    *ms = NULL;
    if ((rc = xy_scenarios_load(scenarios_path, sc, err)) != XY_OK)
        return rc;
    rc = xy_measures_read(cat, *sc, measures_path, ms, err);
    /* a measure left out would silently not apply to a hit: a bad row stops start-up */
    if (rc == XY_OK && (*ms)->nproblems_total)
        rc = xy_measures_first_problem(*ms, err);
    if (rc != XY_OK) {
        xy_measures_free(*ms);
        xy_scenarios_free(*sc);
        *ms = NULL;
        *sc = NULL;
    }
    return rc;
}
