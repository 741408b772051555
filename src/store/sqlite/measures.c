/* measures.c - the versions of the measures catalogue in SQLite (layer: store, sqlite backend)
 *
 * Rows only: which row is a valid measure is domain/measures.c's, who may change it
 * service/measures_admin.c's. The table is append-only (migration 9's triggers): the newest
 * version of a 序号 is the measure, and max(id) is the catalogue's generation, which every
 * server thread compares with the one it has loaded (one probe of the rowid b-tree).
 */
#include <stdint.h>
#include <string.h>

#include "base/time.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

static const char sql_generation[] = "SELECT coalesce(max(id), 0) FROM measure_versions";
static const char sql_put[] =
    "INSERT INTO measure_versions(seq, row, deleted, reason, edited_by, edited_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
#define COLS "v.id, v.seq, v.row, v.deleted, v.reason, v.edited_by, v.edited_at"
/* the newest version per 序号 through measure_versions_seq (seq, id) */
static const char sql_current[] =
    "SELECT " COLS " FROM measure_versions v JOIN (SELECT seq, max(id) AS id FROM"
    " measure_versions GROUP BY seq) m ON m.id = v.id WHERE ?1 OR v.deleted = 0 ORDER BY v.seq";
static const char sql_history[] =
    "SELECT " COLS " FROM measure_versions v WHERE v.seq = ?1 ORDER BY v.id";

xy_code xy_sq_measures_generation(struct xy_store *xs, int64_t *gen, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_generation);
    int r = sqlite3_step(st);

    if (r == SQLITE_ROW)
        *gen = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r == SQLITE_ROW ? XY_OK : xy_sq_error(xs, err, "read the measures' generation");
}

xy_code xy_sq_measure_put(struct xy_store *xs, struct xy_measure_version *v, struct xy_err *err)
{
    sqlite3_stmt *st;
    xy_code rc = XY_OK;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL,
                          "a measure version is stored only inside a transaction");
    if (!v->edited_at)
        v->edited_at = xy_now_ms();
    st = xy_sq_stmt(xs, sql_put);
    sqlite3_bind_int64(st, 1, v->seq);
    sqlite3_bind_text(st, 2, v->row, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, v->deleted ? 1 : 0);
    sqlite3_bind_text(st, 4, v->reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, v->edited_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, v->edited_at);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = xy_sq_error(xs, err, "store the measure version");
    else
        v->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    sqlite3_reset(st);
    return rc;
}

static xy_code read_versions(struct xy_store *xs, sqlite3_stmt *st, struct xy_arena *a,
                             struct xy_measure_version **out, size_t *n, struct xy_err *err)
{
    struct xy_measure_version *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_measure_version *m;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        m = &v[k++];
        m->id = sqlite3_column_int64(st, 0);
        m->seq = (long)sqlite3_column_int64(st, 1);
        m->row = xy_sq_text(a, st, 2);
        m->deleted = sqlite3_column_int(st, 3);
        m->reason = xy_sq_text(a, st, 4);
        m->edited_by = xy_sq_text(a, st, 5);
        m->edited_at = sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the measures catalogue");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_measures_current(struct xy_store *xs, int with_deleted, struct xy_arena *a,
                               struct xy_measure_version **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_current);

    sqlite3_bind_int(st, 1, with_deleted ? 1 : 0);
    return read_versions(xs, st, a, out, n, err);
}

xy_code xy_sq_measure_history(struct xy_store *xs, long seq, struct xy_arena *a,
                              struct xy_measure_version **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_history);

    sqlite3_bind_int64(st, 1, seq);
    return read_versions(xs, st, a, out, n, err);
}
