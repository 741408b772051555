/* queue.c - department batches waiting to be stored, and their figures (layer: store, SQLite)
 *
 * A batch posted over HTTP is a submissions row with status 'queued' and the path of its
 * spooled upload; the server's batch worker takes the oldest, stores it with the same ingest
 * as the CLI, and marks it done or failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "store/sqlite/internal.h"

#define BATCH_COLS                                                                                 \
    "s.id, s.dept_id, d.uscc, d.name, s.item, s.file, s.file_bytes, s.status, s.submitted_by,"     \
    " s.upload_path, s.format, s.encoding, s.error, s.started_at, s.finished_at, s.rows,"          \
    " s.accepted, s.rejected, s.warnings, s.new_records, s.new_versions, s.unchanged,"             \
    " s.new_subjects FROM submissions s JOIN departments d ON d.id = s.dept_id"

static const char sql_put[] =
    "INSERT INTO submissions(dept_id, item, file, file_bytes, started_at, status, submitted_by,"
    " upload_path, format, encoding) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?9)";
static const char sql_next[] =
    "SELECT " BATCH_COLS " WHERE s.status = 'queued' ORDER BY s.id LIMIT 1";
static const char sql_recover[] = "UPDATE submissions SET status = 'queued'"
                                  " WHERE status = 'running' AND upload_path IS NOT NULL";
static const char sql_start[] =
    "UPDATE submissions SET status = 'running', started_at = ?2, file_bytes = ?3"
    " WHERE id = ?1 AND status = 'queued'";
static const char sql_error[] = "UPDATE submissions SET status = 'failed', error = ?2,"
                                " finished_at = ?3, upload_path = NULL WHERE id = ?1";
static const char sql_list_all[] =
    "SELECT " BATCH_COLS " WHERE (?2 = 0 OR s.id < ?2) ORDER BY s.id DESC LIMIT ?3";
static const char sql_list_dept[] =
    "SELECT " BATCH_COLS " WHERE s.dept_id = ?1 AND (?2 = 0 OR s.id < ?2) ORDER BY s.id DESC"
    " LIMIT ?3";
static const char sql_get[] = "SELECT " BATCH_COLS " WHERE s.id = ?1";

static const char sql_totals[] =
    "SELECT count(*), total(rows), total(accepted), total(rejected), total(warnings),"
    " total(new_records), total(new_versions), total(unchanged), total(new_subjects)"
    " FROM submissions WHERE dept_id = ?1";

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

xy_code sq_queue_put(struct xy_store *xs, const struct xy_batch_row *in, int64_t *id,
                     struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_put);

    sqlite3_bind_int64(st, 1, in->dept_id);
    sqlite3_bind_text(st, 2, in->item, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, in->file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, in->file_bytes);
    sqlite3_bind_int64(st, 5, xy_now());
    bind_opt(st, 6, in->submitted_by);
    bind_opt(st, 7, in->upload_path);
    bind_opt(st, 8, in->format);
    bind_opt(st, 9, in->encoding);
    if (sqlite3_step(st) != SQLITE_DONE)
        return xy_sq_error(xs, err, "queue the batch");
    *id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    sqlite3_reset(st);
    return XY_OK;
}

static void read_row(sqlite3_stmt *st, struct xy_arena *a, struct xy_batch_row *r)
{
    int64_t *counts[] = {&r->c.rows,      &r->c.accepted,    &r->c.rejected,
                         &r->c.warnings,  &r->c.new_records, &r->c.new_versions,
                         &r->c.unchanged, &r->c.new_subjects};

    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    r->dept_id = sqlite3_column_int64(st, 1);
    r->dept_uscc = xy_sq_text(a, st, 2);
    r->dept_name = xy_sq_text(a, st, 3);
    r->item = xy_sq_text(a, st, 4);
    r->file = xy_sq_text(a, st, 5);
    r->file_bytes = sqlite3_column_int64(st, 6);
    r->status = xy_sq_text(a, st, 7);
    r->submitted_by = xy_sq_text(a, st, 8);
    r->upload_path = xy_sq_text(a, st, 9);
    r->format = xy_sq_text(a, st, 10);
    r->encoding = xy_sq_text(a, st, 11);
    r->error = xy_sq_text(a, st, 12);
    r->started_at = sqlite3_column_int64(st, 13);
    r->finished_at = sqlite3_column_int64(st, 14);
    for (int i = 0; i < 8; i++)
        *counts[i] = sqlite3_column_int64(st, 15 + i);
}

xy_code sq_queue_next(struct xy_store *xs, struct xy_arena *a, struct xy_batch_row *out,
                      struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_next);
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW) {
        read_row(st, a, out);
        sqlite3_reset(st);
        return XY_OK;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the batch queue");
    return xy_err_set(err, XY_NOT_FOUND, "no batch is waiting");
}

static xy_code run(struct xy_store *xs, sqlite3_stmt *st, const char *what, struct xy_err *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? XY_OK : xy_sq_error(xs, err, what);
}

xy_code sq_queue_recover(struct xy_store *xs, int64_t *n, struct xy_err *err)
{
    xy_code rc = run(xs, xy_sq_stmt(xs, sql_recover), "requeue interrupted batches", err);
    *n = rc == XY_OK ? sqlite3_changes(xy_sq_db(xs)) : 0;
    return rc;
}

xy_code sq_submission_start(struct xy_store *xs, int64_t id, int64_t file_bytes, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_start);
    xy_code rc;

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, xy_now());
    sqlite3_bind_int64(st, 3, file_bytes);
    if ((rc = run(xs, st, "start the batch", err)) != XY_OK)
        return rc;
    /* another worker (a second server on this database) took it first */
    if (sqlite3_changes(xy_sq_db(xs)) != 1)
        return xy_err_set(err, XY_CONFLICT, "batch %lld is no longer queued", (long long)id);
    return XY_OK;
}

xy_code sq_submission_error(struct xy_store *xs, int64_t id, const char *error, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_error);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, error, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, xy_now());
    return run(xs, st, "record the batch's failure", err);
}

xy_code sq_batches_list(struct xy_store *xs, int64_t dept_id, int64_t before_id, size_t limit,
                        struct xy_arena *a, struct xy_batch_row **out, size_t *n,
                        struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, dept_id ? sql_list_dept : sql_list_all);
    struct xy_batch_row *rows = xy_arena_alloc(a, (limit ? limit : 1) * sizeof(*rows));
    size_t k = 0;
    int rc;

    sqlite3_bind_int64(st, 1, dept_id);
    sqlite3_bind_int64(st, 2, before_id);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    while (k < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
        read_row(st, a, &rows[k++]);
    sqlite3_reset(st);
    if (k < limit && rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "list the batches");
    *out = rows;
    *n = k;
    return XY_OK;
}

xy_code sq_batch_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_batch_row *out,
                     struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_get);
    int rc;

    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_row(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return XY_OK;
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the batch");
    return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的报送批次", (long long)id);
}

xy_code sq_dept_totals(struct xy_store *xs, int64_t dept_id, int64_t *batches, struct xy_counts *c,
                       struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_totals);
    int64_t *v[] = {&c->rows,        &c->accepted,     &c->rejected,  &c->warnings,
                    &c->new_records, &c->new_versions, &c->unchanged, &c->new_subjects};
    int rc;

    sqlite3_bind_int64(st, 1, dept_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *batches = sqlite3_column_int64(st, 0);
        for (int i = 0; i < 8; i++)
            *v[i] = (int64_t)sqlite3_column_double(st, i + 1);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? XY_OK : xy_sq_error(xs, err, "sum the department's submissions");
}
