/* bigram.h - the "bigram" FTS5 tokenizer: every pair of adjacent characters (layer: store) */
#ifndef XY_STORE_SQLITE_BIGRAM_H
#define XY_STORE_SQLITE_BIGRAM_H

#include <sqlite3.h>

/* Register the tokenizer on db. A tokenizer belongs to one connection: call this on every
 * connection before anything (a migration included) touches a table that uses it. Returns an
 * SQLite result code (SQLITE_OK, or SQLITE_ERROR when SQLite is built without FTS5). */
int xy_sqlite_bigram_register(sqlite3 *db);

/* The number of tokens the tokenizer makes of text (n bytes): a query that makes none (one
 * character, or two around a space) cannot be answered from the index. */
int xy_sqlite_bigram_count(const char *text, int n);

#endif
