/* files.h - the service's private folders and files: spooled uploads, evidence (layer: service)
 *
 * What lands here is a department's upload in the clear or a subject's papers: folders are
 * 0700 and files 0600, owned by the service's user, and a file is written whole or not at all.
 */
#ifndef XY_SERVICE_FILES_H
#define XY_SERVICE_FILES_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* The folder `configured`, or "<db><suffix>" when it is NULL or empty, into out; created 0700
 * when missing, made private when others may enter. what names it in messages ("spool").
 * XY_IO when it cannot be created or belongs to another user. */
xy_code xy_private_dir(const char *configured, const char *db, const char *suffix, const char *what,
                       char *out, size_t cap, struct xy_err *err);

/* Create path (which must not exist), mode 0600, with p[0..n), synced. On failure nothing is
 * left behind. */
xy_code xy_file_write_new(const char *path, const void *p, size_t n, struct xy_err *err);

/* Append the bytes of path to b, at most max of them: XY_TOO_LARGE beyond, XY_NOT_FOUND when
 * there is no such file. */
xy_code xy_file_read(const char *path, size_t max, struct xy_buf *b, struct xy_err *err);

#endif
