/* stats.c - the statistics counters of migration 12 in SQLite (layer: store, sqlite backend)
 *
 * Counters, not figures: what a share or a mean is, which months make a period and how a
 * record is timed are service/stats.c's. The counters are kept where the rows they count are
 * written, in the same transaction: xy_sq_stats_batch from sq_batch_finish (rows, rejected),
 * xy_sq_stats_records from sq_records_put (first versions, later versions, subjects by kind),
 * stats_add from the service (timeliness, which needs the calendar). The recount computes the
 * same from batches, records and subjects; keep the two in step (the API test compares them).
 *
 * Months are YYYYMM of the time of receipt in UTC+8: month_of() here and the strftime() of the
 * recount give the same month for the same second.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#define CST_S 28800 /* UTC+8 */

/* SQL: the month of receipt of a column holding unix seconds */
#define MONTH_OF(col) "CAST(strftime('%Y%m', " col " + 28800, 'unixepoch') AS INTEGER)"

static const char sql_add[] =
    "INSERT INTO stat_cells(month, dept_id, item, rows, rejected, records, versions, timely,"
    " late, untimed, late_days) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT(month, dept_id, item) DO UPDATE SET rows = rows + excluded.rows,"
    " rejected = rejected + excluded.rejected, records = records + excluded.records,"
    " versions = versions + excluded.versions, timely = timely + excluded.timely,"
    " late = late + excluded.late, untimed = untimed + excluded.untimed,"
    " late_days = late_days + excluded.late_days";
static const char sql_cells[] =
    "SELECT month, dept_id, item, rows, rejected, records, versions, timely, late, untimed,"
    " late_days FROM stat_cells WHERE month BETWEEN ?1 AND ?2 AND (?3 = 0 OR dept_id = ?3)"
    " ORDER BY month, dept_id, item";
static const char sql_batch[] =
    "INSERT INTO stat_cells(month, dept_id, item, rows, rejected)"
    " SELECT " MONTH_OF("b.committed_at") ", s.dept_id, s.item, ?2, ?3"
                                          " FROM batches b JOIN submissions s ON s.id = "
                                          "b.submission_id WHERE b.id = ?1"
                                          " ON CONFLICT(month, dept_id, item) DO UPDATE SET rows = "
                                          "rows + excluded.rows,"
                                          " rejected = rejected + excluded.rejected";
static const char sql_kind_add[] =
    "INSERT INTO stat_kinds(kind, subjects, with_records) VALUES (?1, ?2, ?3)"
    " ON CONFLICT(kind) DO UPDATE SET subjects = subjects + excluded.subjects,"
    " with_records = with_records + excluded.with_records";
static const char sql_kinds[] = "SELECT kind, subjects, with_records FROM stat_kinds ORDER BY kind";
static const char sql_registered_put[] =
    "INSERT OR REPLACE INTO stat_registered(kind, registered, source, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_registered[] =
    "SELECT kind, registered, source, updated_at, updated_by FROM stat_registered ORDER BY kind";
static const char sql_built[] = "SELECT 1 FROM meta WHERE key = 'stats_built'";

/* Objections and repairs filed in the period. A step is late when it was taken (its day in
 * UTC+8) after the due day of the clock that the step before it started. */
static const char sql_cases[] =
    "WITH c AS (SELECT id, kind, state, dept_id, due_day FROM cases"
    "   WHERE kind IN ('objection', 'repair') AND filed_at >= ?1 AND filed_at < ?2),"
    " late AS (SELECT DISTINCT st.case_id FROM c JOIN case_steps st ON st.case_id = c.id"
    "   JOIN case_steps p ON p.case_id = st.case_id AND p.seq = st.seq - 1"
    "   WHERE p.due_day IS NOT NULL AND (st.at / 1000 + 28800) / 86400 > p.due_day)"
    " SELECT kind, state, dept_id, count(*), sum(due_day IS NOT NULL),"
    "  sum(due_day IS NOT NULL AND due_day < ?3),"
    "  sum(due_day IS NULL AND id IN (SELECT case_id FROM late))"
    " FROM c GROUP BY kind, state, dept_id ORDER BY kind, state, dept_id";

/* The recount: the same counters from the rows they count. */
static const char sql_recount[] =
    "DELETE FROM stat_cells;\n"
    "DELETE FROM stat_kinds;\n"
    "INSERT INTO stat_cells(month, dept_id, item, records, versions)"
    " SELECT " MONTH_OF(
        "received_at") ", dept_id, item, sum(version = 1), sum(version > 1)"
                       " FROM records GROUP BY 1, 2, 3;\n"
                       "INSERT INTO stat_cells(month, dept_id, item, rows, rejected)"
                       " SELECT " MONTH_OF(
                           "b.committed_at") ", s.dept_id, s.item, sum(coalesce(b.rows, 0)),"
                                             " sum(coalesce(b.rejected, 0)) FROM batches b JOIN "
                                             "submissions s ON s.id = b.submission_id"
                                             " WHERE 1 GROUP BY 1, 2, 3"
                                             " ON CONFLICT(month, dept_id, item) DO UPDATE SET "
                                             "rows = excluded.rows,"
                                             " rejected = excluded.rejected;\n"
                                             "INSERT INTO stat_kinds(kind, subjects, with_records)"
                                             " SELECT kind, count(*), sum(EXISTS (SELECT 1 FROM "
                                             "records r WHERE r.subject_id = s.id))"
                                             " FROM subjects s GROUP BY kind;\n"
                                             "INSERT OR REPLACE INTO meta(key, value) VALUES "
                                             "('stats_built', 1);\n";
static const char sql_timing[] =
    "SELECT dept_id, item, decision_date, (received_at + 28800) / 86400, count(*) FROM records"
    " WHERE version = 1 GROUP BY 1, 2, 3, 4";

int xy_sq_month_of(int64_t unix_s)
{
    int64_t t = unix_s + CST_S;
    int day = (int)(t >= 0 ? t / 86400 : (t - 86399) / 86400), y, m, d;

    xy_civil_from_days(day, &y, &m, &d);
    return y * 100 + m;
}

static xy_code add_one(struct xy_store *xs, const struct xy_stat_cell *c, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_add);
    const int64_t v[] = {c->rows,   c->rejected, c->records, c->versions,
                         c->timely, c->late,     c->untimed, c->late_days};

    sqlite3_bind_int(st, 1, c->month);
    sqlite3_bind_int64(st, 2, c->dept_id);
    sqlite3_bind_text(st, 3, c->item, -1, SQLITE_STATIC);
    for (int i = 0; i < 8; i++)
        sqlite3_bind_int64(st, i + 4, v[i]);
    if (sqlite3_step(st) != SQLITE_DONE)
        return xy_sq_error(xs, err, "add to the statistics counters");
    sqlite3_reset(st);
    return XY_OK;
}

xy_code xy_sq_stats_add(struct xy_store *xs, const struct xy_stat_cell *cells, size_t n,
                        struct xy_err *err)
{
    xy_code rc = XY_OK;

    for (size_t i = 0; i < n && rc == XY_OK; i++)
        rc = add_one(xs, &cells[i], err);
    return rc;
}

xy_code xy_sq_stats_batch(struct xy_store *xs, int64_t batch_id, const struct xy_counts *c,
                          struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_batch);

    sqlite3_bind_int64(st, 1, batch_id);
    sqlite3_bind_int64(st, 2, c->rows);
    sqlite3_bind_int64(st, 3, c->rejected);
    if (sqlite3_step(st) != SQLITE_DONE)
        return xy_sq_error(xs, err, "count the batch's rows");
    sqlite3_reset(st);
    return XY_OK;
}

static xy_code kind_add(struct xy_store *xs, const char *kind, int64_t n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_kind_add);

    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, n);
    /* subjects are created by their first record only (sq_records_put) */
    sqlite3_bind_int64(st, 3, n);
    if (sqlite3_step(st) != SQLITE_DONE)
        return xy_sq_error(xs, err, "count the new subjects");
    sqlite3_reset(st);
    return XY_OK;
}

xy_code xy_sq_stats_records(struct xy_store *xs, int64_t dept_id, const struct xy_record_in *recs,
                            const struct xy_put_result *results, size_t n, int64_t now,
                            struct xy_err *err)
{
    /* a batch is one item as a rule (a file is); a few slots cover any mix */
    struct xy_stat_cell cells[8];
    int64_t kinds[XY_KIND_COUNT] = {0};
    size_t nc = 0;
    int month = xy_sq_month_of(now);
    xy_code rc = XY_OK;

    for (size_t i = 0; i < n && rc == XY_OK; i++) {
        const struct xy_put_result *r = &results[i];
        size_t k;

        if (r->outcome != XY_PUT_NEW && r->outcome != XY_PUT_VERSION)
            continue;
        if (r->new_subject && (unsigned)recs[i].row->kind < XY_KIND_COUNT)
            kinds[recs[i].row->kind]++;
        for (k = 0; k < nc && strcmp(cells[k].item, recs[i].item->id); k++)
            ;
        if (k == nc) {
            if (nc == sizeof(cells) / sizeof(cells[0])) {
                rc = xy_sq_stats_add(xs, cells, nc, err);
                nc = k = 0;
            }
            memset(&cells[k], 0, sizeof(cells[k]));
            cells[k].month = month;
            cells[k].dept_id = dept_id;
            cells[k].item = recs[i].item->id;
            nc++;
        }
        if (r->outcome == XY_PUT_NEW)
            cells[k].records++;
        else
            cells[k].versions++;
    }
    if (rc == XY_OK)
        rc = xy_sq_stats_add(xs, cells, nc, err);
    for (int k = 0; k < XY_KIND_COUNT && rc == XY_OK; k++)
        if (kinds[k])
            rc = kind_add(xs, xy_kind_id((enum xy_subject_kind)k), kinds[k], err);
    return rc;
}

xy_code xy_sq_stats_cells(struct xy_store *xs, int from_month, int to_month, int64_t dept_id,
                          struct xy_arena *a, struct xy_stat_cell **out, size_t *n,
                          struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_cells);
    struct xy_stat_cell *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    sqlite3_bind_int(st, 1, from_month);
    sqlite3_bind_int(st, 2, to_month);
    sqlite3_bind_int64(st, 3, dept_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_stat_cell *c;
        int64_t *f[8];

        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        c = &v[k++];
        c->month = sqlite3_column_int(st, 0);
        c->dept_id = sqlite3_column_int64(st, 1);
        c->item = xy_sq_text(a, st, 2);
        f[0] = &c->rows, f[1] = &c->rejected, f[2] = &c->records, f[3] = &c->versions;
        f[4] = &c->timely, f[5] = &c->late, f[6] = &c->untimed, f[7] = &c->late_days;
        for (int i = 0; i < 8; i++)
            *f[i] = sqlite3_column_int64(st, i + 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the statistics counters");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_stats_kinds(struct xy_store *xs, struct xy_arena *a, struct xy_stat_kind **out,
                          size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_kinds);
    struct xy_stat_kind *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        v[k].kind = xy_sq_text(a, st, 0);
        v[k].subjects = sqlite3_column_int64(st, 1);
        v[k].with_records = sqlite3_column_int64(st, 2);
        k++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the subjects by kind");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_stats_registered_put(struct xy_store *xs, const struct xy_stat_registered *r,
                                   struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_registered_put);

    sqlite3_bind_text(st, 1, r->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, r->registered);
    sqlite3_bind_text(st, 3, r->source, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, r->updated_at);
    sqlite3_bind_text(st, 5, r->updated_by, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        return xy_sq_error(xs, err, "store the registered total");
    sqlite3_reset(st);
    return XY_OK;
}

xy_code xy_sq_stats_registered(struct xy_store *xs, struct xy_arena *a,
                               struct xy_stat_registered **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_registered);
    struct xy_stat_registered *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        v[k].kind = xy_sq_text(a, st, 0);
        v[k].registered = sqlite3_column_int64(st, 1);
        v[k].source = xy_sq_text(a, st, 2);
        v[k].updated_at = sqlite3_column_int64(st, 3);
        v[k].updated_by = xy_sq_text(a, st, 4);
        k++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the registered totals");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_stats_cases(struct xy_store *xs, int64_t from_ms, int64_t to_ms, int today,
                          struct xy_arena *a, struct xy_stat_case **out, size_t *n,
                          struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_cases);
    struct xy_stat_case *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    sqlite3_bind_int64(st, 1, from_ms);
    sqlite3_bind_int64(st, 2, to_ms);
    sqlite3_bind_int(st, 3, today);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        v[k].kind = xy_sq_text(a, st, 0);
        v[k].state = xy_sq_text(a, st, 1);
        v[k].dept_id = sqlite3_column_int64(st, 2);
        v[k].n = sqlite3_column_int64(st, 3);
        v[k].open = sqlite3_column_int64(st, 4);
        v[k].overdue = sqlite3_column_int64(st, 5);
        v[k].late = sqlite3_column_int64(st, 6);
        k++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "count the objections and repairs");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_stats_recount(struct xy_store *xs, xy_stat_timing_fn fn, void *arg,
                            struct xy_err *err)
{
    sqlite3_stmt *st;
    char *msg = NULL;
    xy_code rc = XY_OK;
    int r;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "the statistics are recounted inside a transaction");
    if (sqlite3_exec(xy_sq_db(xs), sql_recount, NULL, NULL, &msg) != SQLITE_OK) {
        rc = xy_err_set(err, XY_STORAGE, "could not recount the statistics");
        xy_err_detail(err, "%s", msg ? msg : "?");
        sqlite3_free(msg);
        return rc;
    }
    st = xy_sq_stmt(xs, sql_timing);
    while (rc == XY_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_stat_timing t;
        t.dept_id = sqlite3_column_int64(st, 0);
        t.item = (const char *)sqlite3_column_text(st, 1);
        t.decision_date = xy_sq_parse_day(sqlite3_column_text(st, 2));
        t.received_day = sqlite3_column_int(st, 3);
        t.n = sqlite3_column_int64(st, 4);
        rc = fn(arg, &t, err);
    }
    if (rc == XY_OK && r != SQLITE_DONE)
        rc = xy_sq_error(xs, err, "read the records' dates");
    sqlite3_reset(st);
    return rc;
}

xy_code xy_sq_stats_built(struct xy_store *xs, int *built, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_built);
    int rc = sqlite3_step(st);

    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read whether the statistics are built");
    *built = rc == SQLITE_ROW;
    return XY_OK;
}
