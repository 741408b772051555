/* files.c - the service's private folders and files (layer: service) */
#include "service/files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

xy_code xy_private_dir(const char *configured, const char *db, const char *suffix, const char *what,
                       char *out, size_t cap, struct xy_err *err)
{
    struct stat st;

    if (configured && *configured)
        snprintf(out, cap, "%s", configured);
    else
        snprintf(out, cap, "%s%s", db, suffix);
    if (mkdir(out, 0700) != 0 && errno != EEXIST)
        return xy_err_set(err, XY_IO, "cannot create the %s folder \"%s\": %s", what, out,
                          strerror(errno));
    /* only the service may enter: what waits here is not sealed */
    if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
        return xy_err_set(err, XY_IO, "%s folder \"%s\" is not a folder of this user", what, out);
    if ((st.st_mode & 077) && chmod(out, 0700) != 0)
        return xy_err_set(err, XY_IO, "cannot make the %s folder \"%s\" private: %s", what, out,
                          strerror(errno));
    return XY_OK;
}

xy_code xy_file_write_new(const char *path, const void *p, size_t n, struct xy_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    const char *c = p;

    if (fd < 0)
        return xy_err_set(err, XY_IO, "cannot create \"%s\": %s", path, strerror(errno));
    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            return xy_err_set(err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
        }
        c += w;
        n -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(path);
        return xy_err_set(err, XY_IO, "could not write \"%s\": %s", path, strerror(errno));
    }
    return XY_OK;
}

xy_code xy_file_read(const char *path, size_t max, struct xy_buf *b, struct xy_err *err)
{
    FILE *f = fopen(path, "rb");
    char chunk[65536];
    size_t n;

    if (!f)
        return xy_err_set(err, errno == ENOENT ? XY_NOT_FOUND : XY_IO, "cannot read \"%s\": %s",
                          path, strerror(errno));
    b->max = max;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (xy_buf_add(b, chunk, n) != XY_OK) {
            fclose(f);
            return xy_err_set(err, XY_TOO_LARGE, "\"%s\" is over %zu bytes", path, max);
        }
    if (ferror(f)) {
        fclose(f);
        return xy_err_set(err, XY_IO, "could not read \"%s\"", path);
    }
    fclose(f);
    return XY_OK;
}
