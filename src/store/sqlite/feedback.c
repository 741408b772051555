/* feedback.c - feedback on checks, the key figures of the closed loop and the re-screening
 * queue, in SQLite (layer: store, sqlite backend)
 *
 * Rows and counts only: what may be fed back, who sees which figures and when a subject is
 * queued are service/feedback.c's and service/rescreen.c's. Feedback is append only
 * (migration 9's triggers): the latest row of a check, subject, record and measure is the one
 * that counts, so figures pick it with max(id). The figures are grouped here, in SQL, so that a
 * period of a million checked subjects is read as a handful of rows.
 */
#include <stdint.h>
#include <string.h>

#include "store/sqlite/internal.h"
#include "store/store.h"

static const char sql_feedback_put[] =
    "INSERT INTO check_feedback(check_id, subject_no, record_id, measure_seq, taken, result,"
    " amount_fen, basis, acted_on, given_by, given_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_feedback_list[] =
    "SELECT id, check_id, subject_no, record_id, measure_seq, taken, result, amount_fen, basis,"
    " acted_on, given_by, given_at FROM check_feedback WHERE check_id = ?1 ORDER BY id LIMIT ?2";

/* One row per department and scenario. c: the checks of the period; hs: their subjects with a
 * hit; fs: those with feedback; lf: the latest feedback row of each subject, record and
 * measure. Each check joins one row of each per-check count, so count(*) counts checks. */
static const char sql_figures[] =
    "WITH c AS (SELECT id, coalesce(dept_id, 0) AS dept, scenario, subjects FROM checks"
    "   WHERE asked_at >= ?1 AND asked_at < ?2 AND state = 'done'"
    "   AND (?3 < 0 OR coalesce(dept_id, 0) = ?3)),"
    " hs AS (SELECT DISTINCT h.check_id, h.subject_no FROM c JOIN check_hits h"
    "   ON h.check_id = c.id WHERE h.record_id <> 0),"
    " fs AS (SELECT DISTINCT f.check_id, f.subject_no FROM c JOIN check_feedback f"
    "   ON f.check_id = c.id),"
    " lf AS (SELECT f.check_id, f.taken, f.amount_fen FROM c JOIN check_feedback f"
    "   ON f.check_id = c.id WHERE f.id = (SELECT max(g.id) FROM check_feedback g"
    "   WHERE g.check_id = f.check_id AND g.subject_no = f.subject_no"
    "   AND g.record_id = f.record_id AND g.measure_seq IS f.measure_seq))"
    " SELECT c.dept, d.uscc, d.name, c.scenario, count(*), sum(c.subjects), coalesce(sum(hc.n), 0),"
    "  coalesce(sum(fc.n), 0), coalesce(sum(lc.taken), 0), coalesce(sum(lc.not_taken), 0),"
    "  coalesce(sum(lc.amount), 0)"
    " FROM c"
    " LEFT JOIN (SELECT check_id, count(*) AS n FROM hs GROUP BY check_id) hc"
    "   ON hc.check_id = c.id"
    " LEFT JOIN (SELECT fs.check_id, count(*) AS n FROM fs JOIN hs"
    "   ON hs.check_id = fs.check_id AND hs.subject_no = fs.subject_no GROUP BY fs.check_id) fc"
    "   ON fc.check_id = c.id"
    " LEFT JOIN (SELECT check_id, sum(taken) AS taken, sum(1 - taken) AS not_taken,"
    "   sum(coalesce(amount_fen, 0)) AS amount FROM lf GROUP BY check_id) lc"
    "   ON lc.check_id = c.id"
    " LEFT JOIN departments d ON d.id = c.dept"
    " GROUP BY c.dept, c.scenario ORDER BY c.dept, c.scenario";

/* Re-screening reads the window once per run: the first page (after_dept < 0) collects the
 * latest check of each department and subject since ?1 into a temporary table of this
 * connection, keyed by (dept, sid), and every page is a keyset read of that table. Reading the
 * window per page (a scan of every check_hits row of the window, grouped and sorted, for each
 * page of 1,000 subjects) made a run quadratic in the subjects screened.
 * A subject no one carried when it was checked (subject_id 0, so no hit) is found again by the
 * code it was checked with (an ID number's lookup form is identifiers.value's): a company
 * listed after a department checked it is the case re-screening is for. A subject given by
 * name alone without a hit has neither and is never re-screened (docs/lists.md). The upsert
 * keeps the first row (lowest seq) of the newest check, in whatever order the rows come, so
 * nothing is sorted; sid is computed once per row; sid 0 keys are dropped. */
static const char sql_screened_table[] =
    "CREATE TEMP TABLE IF NOT EXISTS screened_keys (dept INTEGER NOT NULL, sid INTEGER NOT NULL,"
    " cid INTEGER NOT NULL, subject_no INTEGER NOT NULL, asked_at INTEGER NOT NULL,"
    " PRIMARY KEY (dept, sid)) WITHOUT ROWID;"
    " DELETE FROM temp.screened_keys;";
static const char sql_screened_collect[] =
    "INSERT INTO temp.screened_keys(dept, sid, cid, subject_no, asked_at)"
    " SELECT coalesce(c.dept_id, 0),"
    "  CASE WHEN h.subject_id <> 0 THEN h.subject_id ELSE coalesce((SELECT i.subject_id"
    "   FROM identifiers i WHERE i.type IN (1, 2, 3, 4, 5, 6, 7, 8) AND i.value = h.code"
    "   LIMIT 1), 0) END, c.id, h.subject_no, c.asked_at"
    " FROM checks c INDEXED BY checks_asked JOIN check_hits h ON h.check_id = c.id"
    " WHERE c.asked_at >= ?1 AND c.state = 'done'"
    " ON CONFLICT (dept, sid) DO UPDATE SET cid = excluded.cid, subject_no = excluded.subject_no,"
    " asked_at = excluded.asked_at WHERE excluded.cid > screened_keys.cid";
static const char sql_screened_unknown[] = "DELETE FROM temp.screened_keys WHERE sid = 0";
static const char sql_screened_page[] =
    "SELECT dept, sid, cid, subject_no, asked_at FROM temp.screened_keys"
    " WHERE (dept, sid) > (?1, ?2) ORDER BY dept, sid LIMIT ?3";
static const char sql_screened_drop[] = "DROP TABLE IF EXISTS temp.screened_keys";
/* the hits of the subject in one check (check_hits_subject: a batch check has 100,000 rows);
 * none when the subject was unknown then */
static const char sql_screened_hits[] =
    "SELECT record_id FROM check_hits WHERE subject_id = ?2 AND subject_id <> 0"
    " AND check_id = ?1 AND record_id <> 0";
/* the newest re-screening row queued after that check (rescreens_subject; IS so that the
 * operator's NULL matches) ... */
static const char sql_screened_queued[] =
    "SELECT max(id) FROM rescreens WHERE subject_id = ?1 AND dept_id IS ?2 AND check_id = ?3";
/* ... and what it told: its entries still in effect */
static const char sql_screened_told[] =
    "SELECT json_extract(e.value, '$.id') FROM rescreens r, json_each(r.records) e"
    " WHERE r.id = ?1 AND json_extract(e.value, '$.state') <> 'gone'";

/* queued only when the newest row of the department, subject and check is still the one the
 * run read (?9, 0: none): a run that queued it meanwhile wins, and nothing is queued twice */
static const char sql_rescreen_put[] =
    "INSERT INTO rescreens(dept_id, check_id, subject_no, subject_id, change, records,"
    " list_version, queued_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
    " WHERE coalesce((SELECT max(id) FROM rescreens WHERE subject_id = ?4 AND dept_id IS ?1"
    " AND check_id = ?2), 0) = ?9";
/* shown: the subject's row of its check; without statistics the planner would walk the
 * check's primary key (a batch check: 100,000 rows) rather than look the subject up */
#define RESCREEN_COLS                                                                              \
    "r.id, coalesce(r.dept_id, 0), r.check_id, r.subject_no, r.subject_id, r.change, r.records,"   \
    " r.list_version, r.queued_at, coalesce(r.done_at, 0), r.done_by, r.done_note,"                \
    " (SELECT h.shown FROM check_hits h INDEXED BY check_hits_subject_no"                          \
    "  WHERE h.check_id = r.check_id AND h.subject_no = r.subject_no LIMIT 1), c.scenario"
/* a department's queue: rescreens_dept(dept_id, done_at, id) read backwards from ?2 (IS so
 * that the operator's NULL matches); every department's: the rows backwards */
static const char sql_rescreen_open[] =
    "SELECT " RESCREEN_COLS " FROM rescreens r JOIN checks c ON c.id = r.check_id"
    " WHERE r.dept_id IS ?1 AND r.done_at IS NULL AND r.id < ?2 ORDER BY r.id DESC LIMIT ?3";
static const char sql_rescreen_done_list[] =
    "SELECT " RESCREEN_COLS " FROM rescreens r JOIN checks c ON c.id = r.check_id"
    " WHERE r.dept_id IS ?1 AND r.done_at IS NOT NULL AND r.id < ?2 ORDER BY r.id DESC"
    " LIMIT ?3";
static const char sql_rescreen_all[] =
    "SELECT " RESCREEN_COLS " FROM rescreens r JOIN checks c ON c.id = r.check_id"
    " WHERE (r.done_at IS NULL) = (?1 = 0) AND r.id < ?2 ORDER BY r.id DESC LIMIT ?3";
static const char sql_rescreen_get[] =
    "SELECT " RESCREEN_COLS " FROM rescreens r JOIN checks c ON c.id = r.check_id WHERE r.id = ?1";
static const char sql_rescreen_done[] =
    "UPDATE rescreens SET done_at = ?2, done_by = ?3, done_note = ?4 WHERE id = ?1"
    " AND done_at IS NULL";
static const char sql_rescreen_exists[] = "SELECT 1 FROM rescreens WHERE id = ?1";

static xy_code step_done(struct xy_store *xs, sqlite3_stmt *st, const char *what,
                         struct xy_err *err)
{
    int r = sqlite3_step(st);
    xy_code rc = r == SQLITE_DONE ? XY_OK : xy_sq_error(xs, err, what);

    sqlite3_reset(st);
    return rc;
}

xy_code xy_sq_feedback_put(struct xy_store *xs, struct xy_feedback *f, struct xy_err *err)
{
    sqlite3_stmt *st;
    xy_code rc;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "feedback is stored only inside a transaction");
    st = xy_sq_stmt(xs, sql_feedback_put);
    sqlite3_bind_int64(st, 1, f->check_id);
    sqlite3_bind_int(st, 2, f->subject_no);
    sqlite3_bind_int64(st, 3, f->record_id);
    if (f->measure_seq > 0)
        sqlite3_bind_int64(st, 4, f->measure_seq);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_int(st, 5, f->taken);
    sqlite3_bind_text(st, 6, f->result, -1, SQLITE_STATIC);
    if (f->amount_fen >= 0)
        sqlite3_bind_int64(st, 7, f->amount_fen);
    else
        sqlite3_bind_null(st, 7);
    sqlite3_bind_text(st, 8, f->basis, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, f->acted_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, f->given_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, f->given_at);
    if ((rc = step_done(xs, st, "store the feedback", err)) == XY_OK)
        f->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    return rc;
}

xy_code xy_sq_feedback_list(struct xy_store *xs, int64_t check_id, struct xy_arena *a,
                            struct xy_feedback **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_feedback_list);
    struct xy_feedback *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, check_id);
    sqlite3_bind_int(st, 2, XY_FEEDBACK_MAX_ROWS);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_feedback *f;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        f = &v[k++];
        f->id = sqlite3_column_int64(st, 0);
        f->check_id = sqlite3_column_int64(st, 1);
        f->subject_no = sqlite3_column_int(st, 2);
        f->record_id = sqlite3_column_int64(st, 3);
        f->measure_seq = (long)sqlite3_column_int64(st, 4); /* NULL reads 0: none */
        f->taken = sqlite3_column_int(st, 5);
        f->result = xy_sq_text(a, st, 6);
        f->amount_fen =
            sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 7);
        f->basis = xy_sq_text(a, st, 8);
        f->acted_on = xy_sq_text(a, st, 9);
        f->given_by = xy_sq_text(a, st, 10);
        f->given_at = sqlite3_column_int64(st, 11);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the feedback of the check");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_figures(struct xy_store *xs, int64_t from_ms, int64_t to_ms, int64_t dept_id,
                      struct xy_arena *a, struct xy_figure_row **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_figures);
    struct xy_figure_row *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, from_ms);
    sqlite3_bind_int64(st, 2, to_ms);
    sqlite3_bind_int64(st, 3, dept_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_figure_row *f;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        f = &v[k++];
        f->dept_id = sqlite3_column_int64(st, 0);
        f->dept_uscc = xy_sq_text(a, st, 1);
        f->dept_name = xy_sq_text(a, st, 2);
        f->scenario = xy_sq_text(a, st, 3);
        f->checks = sqlite3_column_int64(st, 4);
        f->subjects = sqlite3_column_int64(st, 5);
        f->hit_subjects = sqlite3_column_int64(st, 6);
        f->fed_subjects = sqlite3_column_int64(st, 7);
        f->taken = sqlite3_column_int64(st, 8);
        f->not_taken = sqlite3_column_int64(st, 9);
        f->amount_fen = sqlite3_column_int64(st, 10);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "count the key figures of the checks");
    *out = v;
    *n = k;
    return XY_OK;
}

static void bind_dept(sqlite3_stmt *st, int i, int64_t dept_id)
{
    if (dept_id)
        sqlite3_bind_int64(st, i, dept_id);
    else
        sqlite3_bind_null(st, i);
}

/* The records s was told about in its check, or in the re-screening row queued since
 * (s->told_row: that row, 0 for none). */
static xy_code screened_told(struct xy_store *xs, struct xy_screened *s, struct xy_arena *a,
                             struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_screened_queued);
    size_t cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, s->subject_id);
    bind_dept(st, 2, s->dept_id);
    sqlite3_bind_int64(st, 3, s->check_id);
    r = sqlite3_step(st);
    s->told_row = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0; /* max() of none: NULL, 0 */
    sqlite3_reset(st);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "read the re-screening queue");
    s->told = NULL;
    s->ntold = 0;
    if (s->told_row) {
        st = xy_sq_stmt(xs, sql_screened_told);
        sqlite3_bind_int64(st, 1, s->told_row);
    } else {
        st = xy_sq_stmt(xs, sql_screened_hits);
        sqlite3_bind_int64(st, 1, s->check_id);
        sqlite3_bind_int64(st, 2, s->subject_id);
    }
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        s->told = xy_sq_grow(a, s->told, s->ntold, &cap, sizeof(*s->told));
        s->told[s->ntold++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    return r == SQLITE_DONE ? XY_OK : xy_sq_error(xs, err, "read what a department was told");
}

/* The window's (department, subject) keys into temp.screened_keys, once per run. */
static xy_code screened_collect(struct xy_store *xs, int64_t since_ms, struct xy_err *err)
{
    sqlite3_stmt *st;
    xy_code rc;

    if (sqlite3_exec(xy_sq_db(xs), sql_screened_table, NULL, NULL, NULL) != SQLITE_OK)
        return xy_sq_error(xs, err, "make the table of the subjects screened");
    st = xy_sq_stmt(xs, sql_screened_collect);
    sqlite3_bind_int64(st, 1, since_ms);
    if ((rc = step_done(xs, st, "collect the subjects screened in the window", err)) != XY_OK)
        return rc;
    return step_done(xs, xy_sq_stmt(xs, sql_screened_unknown),
                     "collect the subjects screened in the window", err);
}

xy_code xy_sq_screened(struct xy_store *xs, int64_t since_ms, int64_t after_dept,
                       int64_t after_subject, size_t limit, struct xy_arena *a,
                       struct xy_screened **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st;
    struct xy_screened *v = NULL;
    size_t k = 0, cap = 0;
    xy_code rc;
    int r;

    if (after_dept < 0 && (rc = screened_collect(xs, since_ms, err)) != XY_OK)
        return rc;
    st = xy_sq_stmt(xs, sql_screened_page);
    sqlite3_bind_int64(st, 1, after_dept);
    sqlite3_bind_int64(st, 2, after_subject);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        memset(&v[k], 0, sizeof(v[k]));
        v[k].dept_id = sqlite3_column_int64(st, 0);
        v[k].subject_id = sqlite3_column_int64(st, 1);
        v[k].check_id = sqlite3_column_int64(st, 2);
        v[k].subject_no = sqlite3_column_int(st, 3);
        v[k].asked_at = sqlite3_column_int64(st, 4);
        k++;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the subjects screened in the window");
    /* the page is read first, so that no statement is open while the caller queues rows */
    for (size_t i = 0; i < k; i++)
        if ((rc = screened_told(xs, &v[i], a, err)) != XY_OK)
            return rc;
    /* the last page: the keys are not kept past the run */
    if (k < limit && sqlite3_exec(xy_sq_db(xs), sql_screened_drop, NULL, NULL, NULL) != SQLITE_OK)
        return xy_sq_error(xs, err, "drop the table of the subjects screened");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_rescreen_put(struct xy_store *xs, struct xy_rescreen *r, struct xy_err *err)
{
    sqlite3_stmt *st;
    xy_code rc;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "a re-screening row is queued only in a transaction");
    st = xy_sq_stmt(xs, sql_rescreen_put);
    bind_dept(st, 1, r->dept_id);
    sqlite3_bind_int64(st, 2, r->check_id);
    sqlite3_bind_int(st, 3, r->subject_no);
    sqlite3_bind_int64(st, 4, r->subject_id);
    sqlite3_bind_text(st, 5, r->change, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, r->records, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, r->list_version);
    sqlite3_bind_int64(st, 8, r->queued_at);
    sqlite3_bind_int64(st, 9, r->after_id);
    if ((rc = step_done(xs, st, "queue the re-screening", err)) != XY_OK)
        return rc;
    if (sqlite3_changes(xy_sq_db(xs)) != 1)
        return xy_err_set(err, XY_CONFLICT, "the subject was queued for the department meanwhile");
    r->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    return XY_OK;
}

static void read_rescreen(sqlite3_stmt *st, struct xy_arena *a, struct xy_rescreen *r)
{
    memset(r, 0, sizeof(*r));
    r->id = sqlite3_column_int64(st, 0);
    r->dept_id = sqlite3_column_int64(st, 1);
    r->check_id = sqlite3_column_int64(st, 2);
    r->subject_no = sqlite3_column_int(st, 3);
    r->subject_id = sqlite3_column_int64(st, 4);
    r->change = xy_sq_text(a, st, 5);
    r->records = xy_sq_text(a, st, 6);
    r->list_version = sqlite3_column_int64(st, 7);
    r->queued_at = sqlite3_column_int64(st, 8);
    r->done_at = sqlite3_column_int64(st, 9);
    r->done_by = xy_sq_text(a, st, 10);
    r->done_note = xy_sq_text(a, st, 11);
    r->shown = xy_sq_text(a, st, 12);
    r->scenario = xy_sq_text(a, st, 13);
}

xy_code xy_sq_rescreen_list(struct xy_store *xs, int64_t dept_id, int done, int64_t before_id,
                            size_t limit, struct xy_arena *a, struct xy_rescreen **out, size_t *n,
                            struct xy_err *err)
{
    sqlite3_stmt *st;
    struct xy_rescreen *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    if (dept_id < 0) {
        st = xy_sq_stmt(xs, sql_rescreen_all);
        sqlite3_bind_int(st, 1, done ? 1 : 0);
    } else {
        st = xy_sq_stmt(xs, done ? sql_rescreen_done_list : sql_rescreen_open);
        bind_dept(st, 1, dept_id);
    }
    sqlite3_bind_int64(st, 2, before_id > 0 ? before_id : INT64_MAX);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_rescreen(st, a, &v[k++]);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the re-screening queue");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_rescreen_get(struct xy_store *xs, int64_t id, struct xy_arena *a,
                           struct xy_rescreen *out, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_rescreen_get);
    int r;

    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_rescreen(st, a, out);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的复核事项", (long long)id);
    return r == SQLITE_ROW ? XY_OK : xy_sq_error(xs, err, "read the re-screening row");
}

xy_code xy_sq_rescreen_done(struct xy_store *xs, int64_t id, const char *by, const char *note,
                            int64_t at, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_rescreen_done);
    xy_code rc;
    int r;

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, at);
    sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
    xy_sq_bind_text(st, 4, note);
    if ((rc = step_done(xs, st, "mark the re-screening row done", err)) != XY_OK)
        return rc;
    if (sqlite3_changes(xy_sq_db(xs)) == 1)
        return XY_OK;
    st = xy_sq_stmt(xs, sql_rescreen_exists);
    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_ROW)
        return xy_err_set(err, XY_CONFLICT, "复核事项 %lld 已处理", (long long)id);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的复核事项", (long long)id);
    return xy_sq_error(xs, err, "read the re-screening row");
}
