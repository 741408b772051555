/* server.h - the HTTP server: libmicrohttpd with epoll and a thread pool (layer: http)
 *
 * One store connection per pool thread (DESIGN.md, traps: a connection per connection thread
 * collapses), opened on the thread's first request. SIGTERM or SIGINT stops accepting, lets the
 * requests in flight finish, then returns from xy_server_run().
 */
#ifndef XY_HTTP_SERVER_H
#define XY_HTTP_SERVER_H

#include "base/buf.h"
#include "service/ctx.h"

struct xy_server;

/* parent (configuration, catalogue, calendar, keyring) must outlive the server. The database
 * must exist (it is migrated by the caller). */
xy_code xy_server_new(const struct xy_ctx *parent, struct xy_server **out, struct xy_err *err);
/* Listen, print the address, serve until SIGTERM/SIGINT. */
xy_code xy_server_run(struct xy_server *srv, struct xy_err *err);
void xy_server_free(struct xy_server *srv);

/* For the dispatcher and handlers. */
int xy_server_allow(struct xy_server *srv, const char *client, long *retry_after_s);
/* The same for issuing credit reports (R_RATE_REPORT, report.rate_per_min a client). */
int xy_server_allow_report(struct xy_server *srv, const char *client, long *retry_after_s);
void xy_server_metrics(struct xy_server *srv, struct xy_ctx *ctx, struct xy_buf *out);
const char *xy_server_web_dir(const struct xy_server *srv);
/* Wake the batch worker: a batch was queued. */
void xy_server_batch_kick(struct xy_server *srv);

#endif
