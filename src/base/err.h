/* err.h - result codes and the error record every fallible function fills (layer: base)
 *
 * Invariant: the function that detects an error sets it with xy_err_set(); callers pass
 * the code on and may only add context with xy_err_prefix(). Setting never allocates.
 */
#ifndef XY_BASE_ERR_H
#define XY_BASE_ERR_H

#include <stdarg.h>

/* Append-only: never renumber, never reuse (curl's rule). */
#define XY_CODE_MAP(X)                                                                             \
    X(OK, "success")                                                                               \
    X(INVALID, "invalid input")                                                                    \
    X(NOT_FOUND, "not found")                                                                      \
    X(CONFLICT, "conflicting state")                                                               \
    X(DENIED, "permission denied")                                                                 \
    X(TOO_LARGE, "input exceeds a limit")                                                          \
    X(PARSE, "malformed input")                                                                    \
    X(IO, "input/output error")                                                                    \
    X(STORAGE, "storage error")                                                                    \
    X(UNAVAILABLE, "temporarily unavailable")                                                      \
    X(INTERNAL, "internal error")

typedef enum {
#define XY_CODE_ENUM(name, text) XY_##name,
    XY_CODE_MAP(XY_CODE_ENUM)
#undef XY_CODE_ENUM
        XY_CODE_COUNT
} xy_code;

struct xy_err {
    xy_code code;
    char msg[192];
    char detail[384];
    const char *hint;  /* static string or NULL */
    const char *field; /* static or caller-owned string naming the field, or NULL */
    long line;         /* input line the error refers to, 0 if none */
    const char *file;  /* source file that set the error (for the log) */
    int src_line;
};

/* Name of a code ("INVALID") and its English description. */
const char *xy_code_name(xy_code code);
const char *xy_code_text(xy_code code);

#define xy_err_set(err, code, ...) xy_err_set_at((err), (code), __FILE__, __LINE__, __VA_ARGS__)

/* Fill *err (may be NULL) and return code. The message is printf-formatted and truncated to fit. */
xy_code xy_err_set_at(struct xy_err *err, xy_code code, const char *file, int line, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

/* Prepend context ("line 12 of \"a.csv\": ") to an already set message. Returns err->code. */
xy_code xy_err_prefix(struct xy_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Set the detail text (a second sentence for people). */
void xy_err_detail(struct xy_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void xy_err_clear(struct xy_err *err);

#endif
