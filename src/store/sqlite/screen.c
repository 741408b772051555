/* screen.c - batch screening jobs in SQLite (layer: store, sqlite backend)
 *
 * Rows only (migration 9's screen_jobs): reading the table and checking its subjects is
 * service/screen.c's. A job goes queued -> running -> done | failed; the worker moves it, and
 * every step is one statement that says from which state, so two workers never run one job.
 */
#include <stdint.h>
#include <string.h>

#include "store/sqlite/internal.h"
#include "store/store.h"

#define JOB_COLS                                                                                   \
    "j.id, j.dept_id, d.name, j.scenario, j.submitted_by, j.submitted_at, j.file_name, j.format,"  \
    " j.state, j.rows_total, j.rows_done, j.rows_bad, j.hits, j.check_id, j.started_at,"           \
    " j.finished_at, j.error, j.attempts FROM screen_jobs j LEFT JOIN departments d ON d.id = "    \
    "j.dept_id"

static const char sql_put[] =
    "INSERT INTO screen_jobs(dept_id, scenario, submitted_by, submitted_at, file_name, format,"
    " state, started_at, attempts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7 = 'running')";
static const char sql_get[] = "SELECT " JOB_COLS " WHERE j.id = ?1";
static const char sql_list_all[] =
    "SELECT " JOB_COLS " WHERE (?2 = 0 OR j.id < ?2) ORDER BY j.id DESC LIMIT ?3";
static const char sql_list_dept[] = "SELECT " JOB_COLS " WHERE j.dept_id = ?1"
                                    " AND (?2 = 0 OR j.id < ?2) ORDER BY j.id DESC LIMIT ?3";
static const char sql_list_operator[] = "SELECT " JOB_COLS " WHERE j.dept_id IS NULL"
                                        " AND (?2 = 0 OR j.id < ?2) ORDER BY j.id DESC LIMIT ?3";
static const char sql_next[] = "SELECT " JOB_COLS " WHERE j.state = 'queued' ORDER BY j.id LIMIT 1";
static const char sql_running[] = "SELECT " JOB_COLS " WHERE j.state = 'running' ORDER BY j.id";
static const char sql_start[] =
    "UPDATE screen_jobs SET state = 'running', started_at = ?2, attempts = attempts + 1"
    " WHERE id = ?1 AND state = 'queued'";
static const char sql_progress[] =
    "UPDATE screen_jobs SET check_id = ?2, rows_total = ?3, rows_done = ?4, rows_bad = ?5,"
    " hits = ?6 WHERE id = ?1 AND state = 'running'";
static const char sql_finish[] =
    "UPDATE screen_jobs SET state = ?2, error = ?3, finished_at = ?4, check_id = ?5,"
    " rows_total = ?6, rows_done = ?7, rows_bad = ?8, hits = ?9"
    " WHERE id = ?1 AND state = 'running'";
static const char sql_requeue[] =
    "UPDATE screen_jobs SET state = 'queued', check_id = NULL, started_at = NULL, rows_total = 0,"
    " rows_done = 0, rows_bad = 0, hits = 0, error = NULL WHERE state = 'running'"
    " AND attempts < ?1";

static void read_job(sqlite3_stmt *st, struct xy_arena *a, struct xy_screen_job *j)
{
    memset(j, 0, sizeof(*j));
    j->id = sqlite3_column_int64(st, 0);
    j->dept_id = sqlite3_column_int64(st, 1);
    j->dept_name = xy_sq_text(a, st, 2);
    j->scenario = xy_sq_text(a, st, 3);
    j->submitted_by = xy_sq_text(a, st, 4);
    j->submitted_at = sqlite3_column_int64(st, 5);
    j->file_name = xy_sq_text(a, st, 6);
    j->format = xy_sq_text(a, st, 7);
    j->state = xy_sq_text(a, st, 8);
    j->rows_total = sqlite3_column_int64(st, 9);
    j->rows_done = sqlite3_column_int64(st, 10);
    j->rows_bad = sqlite3_column_int64(st, 11);
    j->hits = sqlite3_column_int64(st, 12);
    j->check_id = sqlite3_column_int64(st, 13);
    j->started_at = sqlite3_column_int64(st, 14);
    j->finished_at = sqlite3_column_int64(st, 15);
    j->error = xy_sq_text(a, st, 16);
    j->attempts = sqlite3_column_int64(st, 17);
}

/* Run an UPDATE of one job that must find it in the state it names: XY_CONFLICT when it did
 * not (another worker moved it, or it is over). */
static xy_code update_one(struct xy_store *xs, sqlite3_stmt *st, const char *what,
                          struct xy_err *err)
{
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, what);
    if (sqlite3_changes(xy_sq_db(xs)) == 0)
        return xy_err_set(err, XY_CONFLICT, "the screening job is no longer in that state");
    return XY_OK;
}

xy_code xy_sq_screen_put(struct xy_store *xs, struct xy_screen_job *j, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_put);

    xy_sq_bind_id(st, 1, j->dept_id);
    sqlite3_bind_text(st, 2, j->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, j->submitted_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, j->submitted_at);
    sqlite3_bind_text(st, 5, j->file_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, j->format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, j->state, -1, SQLITE_STATIC);
    xy_sq_bind_id(st, 8, j->started_at);
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "queue the screening job");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    j->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    return XY_OK;
}

xy_code xy_sq_screen_get(struct xy_store *xs, int64_t id, struct xy_arena *a,
                         struct xy_screen_job *out, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_get);
    int rc;

    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_job(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return XY_OK;
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the screening job");
    return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的筛查任务", (long long)id);
}

static xy_code read_jobs(struct xy_store *xs, sqlite3_stmt *st, struct xy_arena *a,
                         struct xy_screen_job **out, size_t *n, const char *what,
                         struct xy_err *err)
{
    struct xy_screen_job *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_job(st, a, &v[k++]);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, what);
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_screen_list(struct xy_store *xs, int64_t dept_id, int64_t before_id, size_t limit,
                          struct xy_arena *a, struct xy_screen_job **out, size_t *n,
                          struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, dept_id < 0    ? sql_list_all
                                      : dept_id == 0 ? sql_list_operator
                                                     : sql_list_dept);

    if (dept_id > 0)
        sqlite3_bind_int64(st, 1, dept_id);
    sqlite3_bind_int64(st, 2, before_id);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    return read_jobs(xs, st, a, out, n, "list the screening jobs", err);
}

xy_code xy_sq_screen_next(struct xy_store *xs, struct xy_arena *a, struct xy_screen_job *out,
                          struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_next);
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW)
        read_job(st, a, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return XY_OK;
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the screening queue");
    return xy_err_set(err, XY_NOT_FOUND, "no screening job is waiting");
}

xy_code xy_sq_screen_start(struct xy_store *xs, int64_t id, int64_t at, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_start);

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    return update_one(xs, st, "start the screening job", err);
}

xy_code xy_sq_screen_progress(struct xy_store *xs, const struct xy_screen_job *j,
                              struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_progress);

    sqlite3_bind_int64(st, 1, j->id);
    xy_sq_bind_id(st, 2, j->check_id);
    sqlite3_bind_int64(st, 3, j->rows_total);
    sqlite3_bind_int64(st, 4, j->rows_done);
    sqlite3_bind_int64(st, 5, j->rows_bad);
    sqlite3_bind_int64(st, 6, j->hits);
    return update_one(xs, st, "record the screening job's progress", err);
}

xy_code xy_sq_screen_finish(struct xy_store *xs, const struct xy_screen_job *j, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_finish);

    sqlite3_bind_int64(st, 1, j->id);
    sqlite3_bind_text(st, 2, j->state, -1, SQLITE_STATIC);
    xy_sq_bind_text(st, 3, j->error);
    sqlite3_bind_int64(st, 4, j->finished_at);
    xy_sq_bind_id(st, 5, j->check_id);
    sqlite3_bind_int64(st, 6, j->rows_total);
    sqlite3_bind_int64(st, 7, j->rows_done);
    sqlite3_bind_int64(st, 8, j->rows_bad);
    sqlite3_bind_int64(st, 9, j->hits);
    return update_one(xs, st, "finish the screening job", err);
}

xy_code xy_sq_screen_recover(struct xy_store *xs, int64_t max_attempts, struct xy_arena *a,
                             struct xy_screen_job **out, size_t *n, struct xy_err *err)
{
    xy_code rc = read_jobs(xs, xy_sq_stmt(xs, sql_running), a, out, n,
                           "read the interrupted screening jobs", err);
    sqlite3_stmt *st;
    int r;

    if (rc != XY_OK || *n == 0)
        return rc;
    st = xy_sq_stmt(xs, sql_requeue);
    sqlite3_bind_int64(st, 1, max_attempts);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    return r == SQLITE_DONE ? XY_OK
                            : xy_sq_error(xs, err, "requeue the interrupted screening jobs");
}
