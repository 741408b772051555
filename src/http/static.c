/* static.c - the portal's files, only from the web folder (layer: http)
 *
 * A path is served only if it is made of [A-Za-z0-9._-/], has no "..", no hidden or empty
 * segment, and ends in an allow-listed extension; the file is then opened under the web
 * folder's real path with O_NOFOLLOW, so neither a crafted path nor a symlink leads outside.
 *
 * Third-party browser code (Apache ECharts) comes from npm, installed by `npm ci` into
 * node_modules/ and never committed: /vendor/<name> serves exactly the files of the vendored
 * table below from http.vendor_dir, and nothing else of that folder (no directory serving).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"
#include "http/server.h"

#define MAX_STATIC_BYTES (8L << 20)

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
};

const char *xy_http_content_type(const char *path)
{
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t e = strlen(types[i].ext);
        if (n > e && !strcmp(path + n - e, types[i].ext))
            return types[i].type;
    }
    return NULL;
}

int xy_http_safe_path(const char *path)
{
    const char *seg;

    if (path[0] != '/' || strlen(path) > 200 || strstr(path, ".."))
        return 0; /* ".." anywhere, even inside a name, is refused: nothing of ours has it */
    for (const char *p = path; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-' || *p == '/'))
            return 0;
    /* every segment non-empty and not starting with '.' (no "..", no hidden files) */
    for (seg = path + 1; *seg;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0 || seg[0] == '.')
            return 0;
        seg += n + (end ? 1 : 0);
        if (end && !*seg)
            return 0; /* trailing slash other than the root */
    }
    return 1;
}

static xy_code not_found(struct xy_err *err)
{
    return xy_err_set(err, XY_NOT_FOUND, "没有这个页面或文件");
}

#define VENDOR_PREFIX "/vendor/"

/* One entry per file a page loads, from package.json's dependencies: the URL under /vendor/
 * and the file under http.vendor_dir. A file not listed here is not served, whatever else npm
 * installed (package.json files, source maps, other packages). */
static const struct {
    const char *url, *file;
} vendored[] = {
    /* the console's statistics dashboards (web/js/console/stats-charts.js), an ES module */
    {VENDOR_PREFIX "echarts.esm.min.mjs", "echarts/dist/echarts.esm.min.mjs"},
};

/* The file of a /vendor/ URL into full: http.vendor_dir (relative: to the web folder's real
 * path) joined with the table's file. 0 when the URL is not in the table or too long. */
static int vendor_file(const struct xy_http_req *req, const char *path, char *full, size_t size)
{
    const char *dir = req->ctx->cfg->http_vendor_dir;
    int n = -1;

    for (size_t i = 0; i < sizeof(vendored) / sizeof(vendored[0]); i++) {
        if (strcmp(path, vendored[i].url))
            continue;
        if (!dir || !*dir)
            return 0;
        if (dir[0] == '/')
            n = snprintf(full, size, "%s/%s", dir, vendored[i].file);
        else
            n = snprintf(full, size, "%s/%s/%s", xy_server_web_dir(req->srv), dir,
                         vendored[i].file);
        return n > 0 && (size_t)n < size;
    }
    return 0;
}

xy_code xy_http_static(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    const char *path = req->path;
    const char *type;
    char full[PATH_MAX];
    struct stat st;
    int fd;
    ssize_t got;
    int saved;

    size_t n = strlen(path);

    /* a folder's page: "/" and "/console/" are their index.html */
    if (n > 0 && n < 200 && path[n - 1] == '/') {
        char *p = xy_arena_alloc(req->a, n + sizeof("index.html"));
        memcpy(p, path, n);
        memcpy(p + n, "index.html", sizeof("index.html"));
        path = p;
    }
    if (!xy_http_safe_path(path) || !(type = xy_http_content_type(path)))
        return not_found(err);
    if (!strncmp(path, VENDOR_PREFIX, strlen(VENDOR_PREFIX))) {
        if (!vendor_file(req, path, full, sizeof(full)))
            return not_found(err);
    } else if ((size_t)snprintf(full, sizeof(full), "%s%s", xy_server_web_dir(req->srv), path) >=
               sizeof(full))
        return not_found(err);
    fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return not_found(err);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_STATIC_BYTES) {
        close(fd);
        return not_found(err);
    }
    xy_buf_reset(&resp->body);
    if (st.st_size > 0)
        xy_buf_grow(&resp->body, (size_t)st.st_size);
    got = st.st_size > 0 ? read(fd, resp->body.data, (size_t)st.st_size) : 0;
    saved = errno;
    close(fd);
    if (got != st.st_size)
        return xy_err_set(err, XY_IO, "could not read \"%s\": %s", path,
                          got < 0 ? strerror(saved) : "the file changed while read");
    resp->body.len = (size_t)got;
    resp->content_type = type;
    resp->cache = XY_CACHE_PUBLIC_SHORT;
    return XY_OK;
}
