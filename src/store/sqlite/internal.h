/* internal.h - what the SQLite backend's files share (layer: store, internal to sqlite/)
 *
 * sqlite.c holds the connection; the files added for accounts, audit and keys (accounts.c,
 * audit.c, rekey.c) reach it through these helpers and put their functions in the ops table
 * at the end of sqlite.c.
 */
#ifndef XY_STORE_SQLITE_INTERNAL_H
#define XY_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

sqlite3 *xy_sq_db(struct xy_store *xs);
/* A statement for sql, prepared once per connection (the cache is keyed by the pointer, so
 * pass a string literal or a static array), reset and with its bindings cleared. */
sqlite3_stmt *xy_sq_stmt(struct xy_store *xs, const char *sql);
/* XY_STORAGE "could not <what>" with SQLite's message as detail. */
xy_code xy_sq_error(struct xy_store *xs, struct xy_err *err, const char *what);
/* Column text copied into a, or NULL for SQL NULL. */
const char *xy_sq_text(struct xy_arena *a, sqlite3_stmt *st, int col);
/* 1 inside a write transaction (xy_store_begin .. commit/rollback). */
int xy_sq_in_tx(struct xy_store *xs);
/* The keyring given at open, or NULL. */
struct xy_keyring *xy_sq_keys(struct xy_store *xs);

#endif
