/* http.h - requests, responses and routes as the handlers see them (layer: http)
 *
 * Handlers never see libmicrohttpd types (server.c is the only file that includes
 * microhttpd.h), so the route table and the handlers are tested with cmocka without sockets.
 * The adapter answers 404/405/413/415/429 itself, buffers the body, then calls the handler
 * once; a handler fills resp or returns an error code with err set, which routes.c renders as
 * {"error":{"code","message","field","request_id"}} with the status of its table.
 */
#ifndef XY_HTTP_HTTP_H
#define XY_HTTP_HTTP_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "service/ctx.h"

#define XY_HTTP_MAX_PARAMS    32
#define XY_HTTP_MAX_PATH_ARGS 4

struct xy_http_param {
    const char *key, *value;
};

struct xy_server; /* server.c */

struct xy_http_req {
    const char *method;                              /* "GET" */
    const char *path;                                /* decoded, without the query */
    struct xy_http_param params[XY_HTTP_MAX_PARAMS]; /* decoded query arguments */
    size_t nparams;
    const char *args[XY_HTTP_MAX_PATH_ARGS]; /* values of the route's {name} segments */
    size_t nargs;
    const char *content_type; /* or NULL */
    const char *body;         /* NUL-terminated copy */
    size_t body_len;
    const char *client;       /* client address, e.g. "127.0.0.1" */
    const char *session;      /* the session cookie's value, or NULL */
    const char *bearer;       /* the token of "Authorization: Bearer ...", or NULL */
    const char *csrf;         /* the X-CSRF-Token header, or NULL */
    const char *file_name;    /* the X-File-Name header of an upload (percent-encoded), or NULL */
    struct xy_principal who;  /* who acts, for R_AUTH routes (role XY_R_NONE otherwise) */
    int by_session;           /* who was resolved from the session cookie (CSRF applies) */
    const char *session_csrf; /* that session's CSRF token */
    int authenticated;        /* who is resolved (xy_http_authenticate ran and succeeded) */
    char request_id[17];      /* also sent as X-Request-Id and logged */
    struct xy_arena *a;       /* freed when the response is sent */
    struct xy_ctx *ctx;       /* this worker thread's configuration, catalogue and store */
    struct xy_server *srv;
};

/* What may be cached: personal data and credit files never are. */
enum xy_cache { XY_CACHE_NO_STORE = 0, XY_CACHE_PUBLIC_SHORT, XY_CACHE_PUBLIC_DAY };

struct xy_http_resp {
    int status;
    const char *content_type;
    struct xy_buf body;
    enum xy_cache cache;
    char allow[64];          /* 405: the methods the path answers */
    long retry_after_s;      /* 429: seconds; 0: no header */
    const char *err_code;    /* for the access log and metrics, or NULL */
    const char *set_cookie;  /* a Set-Cookie header value, or NULL */
    const char *disposition; /* a Content-Disposition header value (downloads), or NULL */
    /* a large download sent from an open file instead of body (a screening's results): from
     * its start to its end, and closed by the adapter once sent (or if never sent). The file is
     * already unlinked, so nothing stays behind. Only when body_fd_set. */
    int body_fd_set;
    int body_fd;
};

typedef xy_code (*xy_handler)(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err);

enum {
    R_RATE_LIMITED = 1,   /* counts against the client's token bucket */
    R_JSON_BODY = 2,      /* the body must be JSON (415 otherwise) */
    R_PREFIX = 4,         /* the pattern matches every path under it (static files) */
    R_WRITER = 8,         /* runs on the thread's read-write connection, without a snapshot */
    R_AUTH = 16 | 8,      /* a signed-in user (session cookie) is required; CSRF on writes */
    R_TOKEN = 32,         /* with R_AUTH: a department's API token is accepted too */
    R_UPLOAD = 64,        /* the body is a file: capped by batch.max_bytes, any content type */
    R_EVIDENCE = 128,     /* with R_UPLOAD: capped by remedy.evidence_max_bytes instead */
    R_SCREEN = 256,       /* with R_UPLOAD: capped by screen.max_bytes instead */
    R_RATE_REPORT = 1024, /* also counts against the client's report bucket (report.rate_per_min):
                           * a report is a PDF drawn, signed and kept for good */
    R_OWN_MAX = 512,      /* max_body is the cap even above http.max_body_bytes: a JSON body whose
                           * size the route bounds itself (a measure row of 2,000-character cells) */
};

struct xy_route {
    const char *method;  /* "GET", "POST" */
    const char *pattern; /* "/api/v1/subjects/{code}" */
    xy_handler handler;
    int flags;
    size_t max_body; /* bytes; 0: the route takes no body */
};

extern const struct xy_route xy_routes[];
extern const size_t xy_nroutes;

/* Find the route for method and path. Returns it with req->args set; NULL when none matches,
 * and then *path_known says whether another method would have (405) and allow lists them. */
const struct xy_route *xy_route_find(const char *method, const char *path, struct xy_http_req *req,
                                     int *path_known, char *allow, size_t allow_size);

/* A query argument, or NULL. */
const char *xy_http_param(const struct xy_http_req *req, const char *key);
/* The id in path segment i of req: a positive decimal of at most 18 digits. Anything else is
 * XY_NOT_FOUND "没有这个<what>" (field "id"), as for an id that does not exist: a path is
 * not a form, and a malformed id and an unknown one are one answer. */
xy_code xy_http_path_id(const struct xy_http_req *req, int i, const char *what, int64_t *id,
                        struct xy_err *err);
/* A paging argument: def when absent, -1 when not a number. */
long xy_http_param_long(const struct xy_http_req *req, const char *key, long def);

/* A Content-Disposition for a download named name (UTF-8, RFC 6266 filename*: percent-encoded,
 * so no quote or CR can break the header), with ascii_name (plain [A-Za-z0-9._-]) for old
 * clients. From a. */
char *xy_http_attachment(struct xy_arena *a, const char *ascii_name, const char *name);

struct xy_jw;
/* Member key: unix milliseconds as "2026-11-27T16:15:00+08:00", null for 0 (reply.c). */
void xy_http_time_cst(struct xy_jw *w, const char *key, int64_t ms);

/* Render an error response: status from the code, message (clients never see storage or
 * internal details: those get a generic message and go to the log with the request id). */
void xy_http_error(struct xy_http_req *req, struct xy_http_resp *resp, int status, const char *code,
                   const char *message, const char *field);
void xy_http_error_from(struct xy_http_req *req, struct xy_http_resp *resp,
                        const struct xy_err *err);
/* The HTTP status of an xy_code. */
int xy_http_status(xy_code code);

/* The name of the session cookie. */
#define XY_SESSION_COOKIE "xy_session"

/* Resolve who acts for an R_AUTH route on req->ctx (a read-write connection): 0 when the
 * request may go on, else the error (401, 403 CSRF) is rendered into resp. Idempotent. */
int xy_http_authenticate(struct xy_http_req *req, const struct xy_route *route,
                         struct xy_http_resp *resp);

/* Dispatch one fully received request: route, limits, handler, error rendering. */
void xy_http_dispatch(struct xy_http_req *req, const struct xy_route *route,
                      struct xy_http_resp *resp);

/* Static files under the web folder (static.c). */
xy_code xy_http_static(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
/* "text/css; charset=utf-8" for an allow-listed extension, NULL for any other. */
const char *xy_http_content_type(const char *path);
/* 1 when path (as requested) may name a file under the web folder: only [A-Za-z0-9._-/],
 * no "..", no hidden names, no empty segments. */
int xy_http_safe_path(const char *path);

#endif
