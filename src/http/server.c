/* server.c - the libmicrohttpd adapter: the only file that includes microhttpd.h (layer: http)
 *
 * Traps measured here (DESIGN.md): queueing a response on the access handler's first call
 * forces "Connection: close" in libmicrohttpd 0.9.75, halving throughput, so every response is
 * queued on a later call, once the request is fully received; thread-per-connection is 2-5x
 * slower than epoll with a small pool; each pool thread gets its own store connection.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/encode.h"
#include "base/log.h"
#include "base/time.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/ratelimit.h"
#include "service/batches.h"
#include "service/checks.h"
#include "service/rescreen.h"
#include "service/stats.h"
#include "service/screen.h"
#include "service/stats.h"

/* A CSP without inline script or style: the portal loads only its own files. */
#define CSP                                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "              \
    "connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "             \
    "base-uri 'none'; form-action 'self'"

#define STATS_TTL_S 60.0 /* store counts scan the tables: computed at most once a minute */

struct worker {
    struct xy_ctx ctx;  /* read-only, for public requests */
    struct xy_ctx wctx; /* read-write, for R_WRITER routes: opened on first use */
    int have_wctx;
    const struct xy_server *srv; /* the server that opened it (a thread may outlive one) */
    struct worker *next;
};

struct xy_server {
    const struct xy_config *cfg;
    const struct xy_ctx *parent; /* catalogue, calendar, keyring: shared by every connection */
    struct MHD_Daemon *d;
    struct xy_ratelimit *rl;
    struct xy_ratelimit *rl_reports; /* report.rate_per_min: issuing a report costs a PDF */
    struct xy_metrics *m;
    char web_dir[PATH_MAX];
    double started;
    int inflight; /* requests received and not yet completed (atomic) */

    pthread_mutex_t mu; /* guards workers and the stats cache */
    struct worker *workers;
    struct xy_store_stats stats;
    double stats_at;
    int stats_ok;

    /* the batch worker: stores queued department batches one at a time */
    pthread_t batch_thread;
    int batch_started, batch_stop, batch_kick;
    pthread_cond_t batch_cv;
};

/* What one request carries from its first callback to its completion. */
struct rq {
    struct xy_http_req req;
    struct xy_http_resp resp;
    const struct xy_route *route;
    int path_known; /* no route for the method, but for another (405) */
    int route_index;
    int too_many_params;
    struct xy_buf body;
    int too_large;
    int refused; /* an upload refused before its body (not signed in): the body is dropped */
    double t0;
    size_t bytes; /* body bytes sent, for the access log */
    char client[INET6_ADDRSTRLEN];
};

static __thread struct worker *tls_worker;
static __thread uint64_t tls_rng;

static uint64_t next_random(void)
{
    uint64_t x = tls_rng;
    if (!x) {
        if (getrandom(&x, sizeof(x), 0) != (ssize_t)sizeof(x))
            x = (uint64_t)time(NULL) ^ (uint64_t)pthread_self();
        x |= 1;
    }
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27; /* xorshift64*: ids need no secrecy */
    tls_rng = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* This thread's store connection, opened on its first request. */
static struct xy_ctx *worker_ctx(struct xy_server *srv, struct xy_err *err)
{
    struct worker *w = tls_worker;

    if (w && w->srv == srv)
        return &w->ctx;
    w = xy_calloc(1, sizeof(*w));
    w->srv = srv;
    if (xy_ctx_open_shared(&w->ctx, srv->parent, 1, err) != XY_OK) {
        free(w);
        return NULL;
    }
    pthread_mutex_lock(&srv->mu);
    w->next = srv->workers;
    srv->workers = w;
    pthread_mutex_unlock(&srv->mu);
    tls_worker = w;
    return &w->ctx;
}

/* This thread's read-write connection, opened on its first signed-in request. */
static struct xy_ctx *worker_wctx(struct xy_server *srv, struct xy_err *err)
{
    struct xy_ctx *r = worker_ctx(srv, err);
    struct worker *w = tls_worker;

    if (!r)
        return NULL;
    if (!w->have_wctx) {
        if (xy_ctx_open_shared(&w->wctx, srv->parent, 0, err) != XY_OK)
            return NULL;
        w->have_wctx = 1;
    }
    return &w->wctx;
}

int xy_server_allow_report(struct xy_server *srv, const char *client, long *retry_after_s)
{
    int ok = xy_ratelimit_take(srv->rl_reports, client, xy_mono(), retry_after_s);
    if (!ok)
        xy_metrics_ratelimited(srv->m);
    return ok;
}

int xy_server_allow(struct xy_server *srv, const char *client, long *retry_after_s)
{
    int ok = xy_ratelimit_take(srv->rl, client, xy_mono(), retry_after_s);
    if (!ok)
        xy_metrics_ratelimited(srv->m);
    return ok;
}

const char *xy_server_web_dir(const struct xy_server *srv)
{
    return srv->web_dir;
}

void xy_server_metrics(struct xy_server *srv, struct xy_ctx *ctx, struct xy_buf *out)
{
    struct xy_store_stats st;
    int ok;
    double now = xy_mono();

    pthread_mutex_lock(&srv->mu);
    if (srv->stats_at == 0 || now - srv->stats_at > STATS_TTL_S) {
        struct xy_err err;
        srv->stats_ok = xy_stats_totals(ctx, &srv->stats, &err) == XY_OK;
        srv->stats_at = now;
    }
    st = srv->stats;
    ok = srv->stats_ok;
    pthread_mutex_unlock(&srv->mu);
    xy_metrics_render(srv->m, ok ? &st : NULL, now - srv->started, out);
}

/* Percent-decoding that keeps "%00" (and malformed escapes) as written: a NUL must never cut
 * a path short ("/index.html%00.png"), and the static file check refuses '%'. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    char *w = s;
    (void)cls, (void)c;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && r[1] && r[2] && (hi = xy_hex_digit(r[1])) >= 0 &&
            (lo = xy_hex_digit(r[2])) >= 0 && (hi | lo)) {
            *w++ = (char)(hi << 4 | lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static enum MHD_Result add_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct rq *q = cls;
    (void)kind;
    if (q->req.nparams == XY_HTTP_MAX_PARAMS) {
        q->too_many_params = 1;
        return MHD_NO;
    }
    q->req.params[q->req.nparams].key = xy_arena_strdup(q->req.a, key);
    q->req.params[q->req.nparams].value = xy_arena_strdup(q->req.a, value ? value : "");
    q->req.nparams++;
    return MHD_YES;
}

static struct rq *rq_new(struct xy_server *srv, struct MHD_Connection *c, const char *url,
                         const char *method)
{
    struct rq *q = xy_calloc(1, sizeof(*q));
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");

    q->t0 = xy_mono();
    q->req.a = xy_arena_new();
    q->req.srv = srv;
    snprintf(q->req.request_id, sizeof(q->req.request_id), "%016llx",
             (unsigned long long)next_random());
    q->req.method = xy_arena_strdup(q->req.a, method);
    q->req.path = xy_arena_strdup(q->req.a, url);
    q->req.content_type = ct ? xy_arena_strdup(q->req.a, ct) : NULL;
    strcpy(q->client, "-");
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, q->client,
                      sizeof(q->client));
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, q->client,
                      sizeof(q->client));
    }
    q->req.client = q->client;
    {
        const char *v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, XY_SESSION_COOKIE);
        if (v && *v && strlen(v) < 128)
            q->req.session = xy_arena_strdup(q->req.a, v);
        v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
        if (v && !strncmp(v, "Bearer ", 7) && strlen(v) < 200)
            q->req.bearer = xy_arena_strdup(q->req.a, v + 7);
        v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
        if (v && strlen(v) < 128)
            q->req.csrf = xy_arena_strdup(q->req.a, v);
        v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-File-Name");
        if (v && strlen(v) < 2048)
            q->req.file_name = xy_arena_strdup(q->req.a, v);
    }
    xy_buf_init(&q->resp.body, 0);
    xy_buf_init(&q->body, 0);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_param, q);
    q->route = xy_route_find(q->req.method, q->req.path, &q->req, &q->path_known, q->resp.allow,
                             sizeof(q->resp.allow));
    q->route_index = q->route ? (int)(q->route - xy_routes) : -1;
    __atomic_fetch_add(&srv->inflight, 1, __ATOMIC_RELAXED);
    return q;
}

static void rq_free(struct rq *q)
{
    if (q->resp.body_fd_set) /* a download never handed to libmicrohttpd */
        close(q->resp.body_fd);
    xy_buf_release(&q->resp.body);
    xy_buf_release(&q->body);
    xy_arena_free(q->req.a);
    free(q);
}

static const char *cache_control(enum xy_cache c)
{
    switch (c) {
    case XY_CACHE_PUBLIC_SHORT:
        return "public, max-age=300";
    case XY_CACHE_PUBLIC_DAY:
        return "public, max-age=86400";
    default:
        return "no-store";
    }
}

static enum MHD_Result queue(struct MHD_Connection *c, struct rq *q)
{
    struct xy_http_resp *r = &q->resp;
    size_t len = r->body.len;
    char *data = NULL;
    struct MHD_Response *mr;
    enum MHD_Result ok;

    if (r->body_fd_set) {
        /* a file download: libmicrohttpd reads it as it sends and closes it */
        struct stat st;
        r->body_fd_set = 0;
        if (fstat(r->body_fd, &st) != 0 ||
            !(mr = MHD_create_response_from_fd((uint64_t)st.st_size, r->body_fd))) {
            close(r->body_fd);
            return MHD_NO;
        }
        len = (size_t)st.st_size;
    } else {
        data = len ? xy_buf_detach(&r->body) : NULL;
        mr = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                             data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!mr) {
            free(data);
            return MHD_NO;
        }
    }
    q->bytes = len;
    MHD_add_response_header(mr, "Content-Type",
                            r->content_type ? r->content_type : "application/json; charset=utf-8");
    MHD_add_response_header(mr, "X-Request-Id", q->req.request_id);
    MHD_add_response_header(mr, "Content-Security-Policy", CSP);
    MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(mr, "X-Frame-Options", "DENY");
    MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(mr, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(mr, "Cache-Control", cache_control(r->cache));
    if (r->status == 405 && r->allow[0])
        MHD_add_response_header(mr, "Allow", r->allow);
    if (r->set_cookie)
        MHD_add_response_header(mr, "Set-Cookie", r->set_cookie);
    if (r->disposition)
        MHD_add_response_header(mr, "Content-Disposition", r->disposition);
    if (r->retry_after_s > 0) {
        char s[24];
        snprintf(s, sizeof(s), "%ld", r->retry_after_s);
        MHD_add_response_header(mr, "Retry-After", s);
    }
    ok = MHD_queue_response(c, (unsigned)r->status, mr);
    MHD_destroy_response(mr);
    return ok;
}

static void respond(struct xy_server *srv, struct rq *q)
{
    struct xy_err err;

    if (q->refused) {
        if (q->req.ctx)
            q->req.ctx->who = NULL;
        return; /* rendered on the headers */
    }
    q->resp.status = 200;
    if (q->too_many_params) {
        xy_http_error(&q->req, &q->resp, 400, "INVALID", "查询参数过多", NULL);
    } else if (!q->route && q->path_known) {
        xy_http_error(&q->req, &q->resp, 405, "METHOD", "该地址不支持这种请求方法", NULL);
    } else if (!q->route) {
        xy_http_error(&q->req, &q->resp, 404, "NOT_FOUND", "没有这个地址", NULL);
    } else if (q->too_large) {
        xy_http_error(&q->req, &q->resp, 413, "TOO_LARGE",
                      q->route->max_body ? "请求内容过大" : "该地址不接受请求内容", NULL);
    } else if (q->route->flags & R_WRITER) {
        /* signed-in work writes (sessions, audit rows): the read-write connection, and the
         * handler's own transactions instead of a snapshot */
        if (!(q->req.ctx = worker_wctx(srv, &err))) {
            xy_http_error_from(&q->req, &q->resp, &err);
            return;
        }
        xy_buf_addc(&q->body, '\0');
        q->req.body = q->body.data;
        q->req.body_len = q->body.len - 1;
        xy_http_dispatch(&q->req, q->route, &q->resp);
        q->req.ctx->who = NULL; /* the connection serves the next request of this thread */
    } else if (!(q->req.ctx = worker_ctx(srv, &err))) {
        xy_http_error_from(&q->req, &q->resp, &err);
    } else if (xy_ctx_snapshot_begin(q->req.ctx, &err) != XY_OK) {
        xy_http_error_from(&q->req, &q->resp, &err);
    } else {
        xy_buf_addc(&q->body, '\0'); /* handlers get a NUL-terminated body */
        q->req.body = q->body.data;
        q->req.body_len = q->body.len - 1;
        /* one snapshot per request: one WAL read lock instead of one per statement, and a
         * credit file never mixes two states of an ingest running meanwhile */
        xy_http_dispatch(&q->req, q->route, &q->resp);
        xy_ctx_snapshot_end(q->req.ctx);
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    struct xy_server *srv = cls;
    struct rq *q = *con_cls;
    (void)version;

    if (!q) { /* first call: headers only; the response is queued on a later call */
        q = *con_cls = rq_new(srv, c, url, method);
        /* an upload is authenticated on its headers: a stranger's megabytes are never kept */
        if (q->route && (q->route->flags & R_UPLOAD)) {
            struct xy_err err;
            if (!(q->req.ctx = worker_wctx(srv, &err))) {
                xy_http_error_from(&q->req, &q->resp, &err);
                q->refused = 1;
            } else if (xy_http_authenticate(&q->req, q->route, &q->resp) != 0) {
                q->refused = 1;
            }
            if (q->req.ctx)
                q->req.ctx->who = NULL; /* set again when the request is dispatched */
        }
        return MHD_YES;
    }
    if (*upload_size) {
        size_t max = q->route ? q->route->max_body : 0;
        int flags = q->route ? q->route->flags : 0;
        size_t cap = (flags & R_EVIDENCE) ? (size_t)srv->cfg->remedy_evidence_max_bytes
                     : (flags & R_SCREEN) ? (size_t)srv->cfg->screen_max_bytes
                     : (flags & R_UPLOAD) ? (size_t)srv->cfg->batch_max_bytes
                                          : (size_t)srv->cfg->http_max_body_bytes;
        if (max > cap && !(flags & R_OWN_MAX))
            max = cap;
        if (q->refused)
            ; /* read and dropped: the answer is already decided */
        else if (!q->too_large && q->body.len + *upload_size <= max)
            xy_buf_add(&q->body, upload_data, *upload_size);
        else
            q->too_large = 1; /* the rest is read and dropped; 413 once it is all in */
        *upload_size = 0;
        return MHD_YES;
    }
    respond(srv, q);
    return queue(c, q);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct xy_server *srv = cls;
    struct rq *q = *con_cls;
    double secs;
    (void)c;

    if (!q)
        return;
    secs = xy_mono() - q->t0;
    if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && q->resp.status == 0)
        q->resp.status = 499; /* the client went away first */
    xy_metrics_observe(srv->m, q->route_index, q->resp.status, secs);
    /* the route pattern, never the raw path or query: they may hold personal data */
    if (srv->cfg->http_access_log)
        xy_log_write(XY_LOG_INFO, "access",
                     "rid=%s client=%s method=%s route=%s status=%d bytes=%zu ms=%.3f%s%s",
                     q->req.request_id, q->client, q->req.method,
                     q->route ? q->route->pattern : "-", q->resp.status, q->bytes, secs * 1000.0,
                     q->resp.err_code ? " error=" : "", q->resp.err_code ? q->resp.err_code : "");
    rq_free(q);
    *con_cls = NULL;
    __atomic_fetch_sub(&srv->inflight, 1, __ATOMIC_RELAXED);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[256];
    (void)cls;
    vsnprintf(msg, sizeof(msg), fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    xy_log(XY_LOG_WARN, "mhd", "msg=\"%s\"", msg);
}

xy_code xy_server_new(const struct xy_ctx *parent, struct xy_server **out, struct xy_err *err)
{
    const struct xy_config *cfg = parent->cfg;
    struct xy_server *srv;

    if (!realpath(cfg->http_web_dir, (char[PATH_MAX]){0}))
        return xy_err_set(err, XY_INVALID, "web folder \"%s\" cannot be read: %s",
                          cfg->http_web_dir, strerror(errno));
    srv = xy_calloc(1, sizeof(*srv));
    srv->cfg = cfg;
    srv->parent = parent;
    if (!realpath(cfg->http_web_dir, srv->web_dir)) {
        free(srv);
        return xy_err_set(err, XY_INVALID, "web folder \"%s\" cannot be read", cfg->http_web_dir);
    }
    srv->rl = xy_ratelimit_new(cfg->http_rate_per_min, cfg->http_rate_burst);
    srv->rl_reports = xy_ratelimit_new(cfg->report_rate_per_min, cfg->report_rate_per_min);
    srv->m = xy_metrics_new(xy_nroutes);
    pthread_mutex_init(&srv->mu, NULL);
    pthread_cond_init(&srv->batch_cv, NULL);
    *out = srv;
    return XY_OK;
}

/* The batch worker: one thread with its own connection stores queued batches in order, so a
 * department's upload returns at once and two batches never compete for the writer. */
static void *batch_main(void *arg)
{
    struct xy_server *srv = arg;
    struct xy_ctx ctx;
    struct xy_err err;
    int64_t recovered = 0;
    int64_t rescreen_version = -1; /* the list version of the last re-screening run */
    int rescreen_day = -1;
    unsigned long long rescreen_gen = 0;

    if (xy_ctx_open_shared(&ctx, srv->parent, 0, &err) != XY_OK) {
        xy_log(XY_LOG_ERROR, "batch_worker", "msg=\"%s\"", err.msg);
        return NULL;
    }
    if (xy_batch_recover(&ctx, &recovered, &err) != XY_OK)
        xy_log(XY_LOG_ERROR, "batch_worker", "msg=\"%s\"", err.msg);
    else if (recovered)
        xy_log(XY_LOG_INFO, "batch_worker", "requeued=%lld", (long long)recovered);
    {
        /* statistics counters of a database made before migration 12 (service/stats.h) */
        struct xy_stats_rebuilt rb;
        int ran = 0;
        if (xy_stats_ensure(&ctx, &ran, &rb, &err) != XY_OK)
            xy_log(XY_LOG_ERROR, "stats", "code=%s msg=\"%s\"", xy_code_name(err.code), err.msg);
        else if (ran)
            xy_log(XY_LOG_INFO, "stats", "rebuilt records=%lld s=%.1f", (long long)rb.records,
                   rb.elapsed_s);
    }
    {
        /* the list index before the first check needs it (about 6 s per million entries) */
        double t0 = xy_now_ms();
        int64_t version = 0;
        if (xy_check_warm(&ctx, &version, &err) != XY_OK)
            xy_log(XY_LOG_ERROR, "list_index", "code=%s msg=\"%s\"", xy_code_name(err.code),
                   err.msg);
        else
            xy_log(XY_LOG_INFO, "list_index", "version=%lld ms=%.0f", (long long)version,
                   xy_now_ms() - t0);
    }
    if (xy_screen_recover(&ctx, &recovered, &err) != XY_OK)
        xy_log(XY_LOG_ERROR, "screen_worker", "msg=\"%s\"", err.msg);
    else if (recovered)
        xy_log(XY_LOG_INFO, "screen_worker", "requeued=%lld", (long long)recovered);
    for (;;) {
        int ran = 0;
        int64_t id = 0;
        xy_code rc;

        pthread_mutex_lock(&srv->mu);
        if (srv->batch_stop) {
            pthread_mutex_unlock(&srv->mu);
            break;
        }
        pthread_mutex_unlock(&srv->mu);
        xy_err_clear(&err);
        rc = xy_batch_run_next(&ctx, &id, &ran, &err);
        if (rc != XY_OK)
            xy_log(XY_LOG_ERROR, "batch_worker", "batch=%lld code=%s msg=\"%s\"", (long long)id,
                   xy_code_name(rc), err.msg);
        else if (ran)
            xy_log(XY_LOG_INFO, "batch_worker", "batch=%lld done", (long long)id);
        if (ran)
            continue; /* the next one, if any, at once */
        /* a screening job (批量筛查) when no department batch waits: batches first, since they
         * change what a screening finds */
        xy_err_clear(&err);
        rc = xy_screen_run_next(&ctx, &id, &ran, &err);
        if (rc != XY_OK)
            xy_log(XY_LOG_ERROR, "screen_worker", "job=%lld code=%s msg=\"%s\"", (long long)id,
                   xy_code_name(rc), err.msg);
        else if (ran)
            xy_log(XY_LOG_INFO, "screen_worker", "job=%lld done", (long long)id);
        if (ran)
            continue;
        {
            /* re-screening (复核): after a list change and once a day, when idle */
            int64_t queued = 0;
            int rescreened = 0;
            xy_err_clear(&err);
            if (xy_rescreen_tick(&ctx, &rescreen_version, &rescreen_day, &rescreen_gen, &queued,
                                 &rescreened, &err) != XY_OK)
                xy_log(XY_LOG_ERROR, "rescreen", "code=%s msg=\"%s\"", xy_code_name(err.code),
                       err.msg);
            else if (rescreened)
                xy_log(XY_LOG_INFO, "rescreen", "queued=%lld", (long long)queued);
        }
        pthread_mutex_lock(&srv->mu);
        if (!srv->batch_stop && !srv->batch_kick) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 2; /* also picks up batches queued by another process */
            pthread_cond_timedwait(&srv->batch_cv, &srv->mu, &until);
        }
        srv->batch_kick = 0;
        pthread_mutex_unlock(&srv->mu);
    }
    xy_ctx_release_shared(&ctx);
    return NULL;
}

void xy_server_batch_kick(struct xy_server *srv)
{
    pthread_mutex_lock(&srv->mu);
    srv->batch_kick = 1;
    pthread_cond_signal(&srv->batch_cv);
    pthread_mutex_unlock(&srv->mu);
}

static void batch_stop(struct xy_server *srv)
{
    if (!srv->batch_started)
        return;
    pthread_mutex_lock(&srv->mu);
    srv->batch_stop = 1;
    pthread_cond_signal(&srv->batch_cv);
    pthread_mutex_unlock(&srv->mu);
    pthread_join(srv->batch_thread, NULL);
    srv->batch_started = 0;
}

xy_code xy_server_run(struct xy_server *srv, struct xy_err *err)
{
    const struct xy_config *cfg = srv->cfg;
    struct sockaddr_in addr = {0};
    sigset_t set;
    int sig = 0;

    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)cfg->http_port);
    if (inet_pton(AF_INET, cfg->http_listen, &addr.sin_addr) != 1)
        return xy_err_set(err, XY_INVALID, "http.listen \"%s\" is not an IPv4 address",
                          cfg->http_listen);
    /* the pool threads inherit this mask: only the main thread takes the signals */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    srv->started = xy_mono();
    srv->d = MHD_start_daemon(
        MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
        srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->http_threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->http_max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->http_timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, srv, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!srv->d) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return xy_err_set(err, XY_IO, "cannot listen on %s:%ld (in use, or not allowed)",
                          cfg->http_listen, cfg->http_port);
    }
    if (pthread_create(&srv->batch_thread, NULL, batch_main, srv) == 0)
        srv->batch_started = 1;
    else
        xy_log(XY_LOG_ERROR, "batch_worker", "msg=\"could not start the batch worker\"");
    printf("xinyong 信用平台已启动: http://%s:%ld/\n", cfg->http_listen, cfg->http_port);
    fflush(stdout);
    xy_log(XY_LOG_INFO, "listen", "addr=%s port=%ld threads=%ld", cfg->http_listen, cfg->http_port,
           cfg->http_threads);

    sigwait(&set, &sig);
    /* graceful: stop accepting, let what is in flight finish (at most the idle timeout) */
    xy_log(XY_LOG_INFO, "shutdown", "signal=%d inflight=%d", sig,
           __atomic_load_n(&srv->inflight, __ATOMIC_RELAXED));
    {
        MHD_socket fd = MHD_quiesce_daemon(srv->d);
        double until = xy_mono() + (double)cfg->http_timeout_s;
        while (__atomic_load_n(&srv->inflight, __ATOMIC_RELAXED) > 0 && xy_mono() < until)
            usleep(10000);
        if (fd != MHD_INVALID_SOCKET)
            close(fd);
    }
    MHD_stop_daemon(srv->d);
    srv->d = NULL;
    batch_stop(srv); /* a batch being stored finishes its file first */
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    printf("xinyong 信用平台已停止\n");
    fflush(stdout);
    return XY_OK;
}

void xy_server_free(struct xy_server *srv)
{
    if (!srv)
        return;
    if (srv->d)
        MHD_stop_daemon(srv->d);
    while (srv->workers) {
        struct worker *w = srv->workers;
        srv->workers = w->next;
        xy_ctx_release_shared(&w->ctx);
        if (w->have_wctx)
            xy_ctx_release_shared(&w->wctx);
        free(w);
    }
    xy_ratelimit_free(srv->rl);
    xy_ratelimit_free(srv->rl_reports);
    xy_metrics_free(srv->m);
    pthread_mutex_destroy(&srv->mu);
    pthread_cond_destroy(&srv->batch_cv);
    free(srv);
}
