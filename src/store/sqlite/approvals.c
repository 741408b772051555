/* approvals.c - black-list additions held for a second person's approval, in SQLite
 * (layer: store, sqlite backend)
 *
 * Rows only: which items hold their additions and who may approve are domain/approval.h's and
 * service/approvals.c's. A held addition is a case of kind 'list_add' (migration 7's cases,
 * migration 9's pending column): the case covers every version of the record's natural key
 * (cases_key), so the pending flag travels with every read of the record through
 * XY_SQ_RECORD_FLAGS (internal.h) like the 有异议 and hidden flags, and a correction sent while
 * the addition waits waits with it.
 */
#include <stdint.h>
#include <string.h>

#include "store/sqlite/internal.h"
#include "store/store.h"

/* The batch's rows are the item's newest (its write transaction is open): walked down
 * records_item_id from the top until the first row of another batch, so a batch costs its own
 * rows, never the item's. */
static const char sql_batch_rows[] =
    "SELECT r.id, r.batch_id, r.version, r.key_hash, r.subject_id, r.dept_id, r.key"
    " FROM records r INDEXED BY records_item_id WHERE r.item = ?1 ORDER BY r.id DESC";
/* The subject of the version before a new one of the same natural key (records_key). */
static const char sql_prev_subject[] =
    "SELECT subject_id FROM records INDEXED BY records_key WHERE key_hash = ?1 AND dept_id = ?2"
    " AND item = ?3 AND key = ?4 AND version = ?5 - 1";
static const char sql_hold[] =
    "INSERT INTO cases(kind, record_id, key_hash, subject_id, dept_id, filer_user_id, filer,"
    " state, state_day, clock_day, due_day, disputes, hides, pending, filed_at, updated_at)"
    " VALUES ('list_add', ?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?7, NULL, 0, 0, 1, ?8, ?8)";
static const char sql_first_step[] =
    "INSERT INTO case_steps(case_id, seq, at, actor, login, event, from_state, to_state, reasons,"
    " due_day) VALUES (?1, 1, ?2, 'department', ?3, 'submit', NULL, 'pending', NULL, NULL)";
static const char sql_settle[] =
    "UPDATE cases SET state = ?2, pending = 0, hides = ?3, state_day = ?4, clock_day = ?4,"
    " due_day = NULL, updated_at = ?5 WHERE id = ?1 AND kind = 'list_add' AND pending = 1";
static const char sql_exists[] = "SELECT kind, pending FROM cases WHERE id = ?1";

static xy_code hold_one(struct xy_store *xs, sqlite3_stmt *rows, int64_t filer_user_id,
                        const char *filer, int day, int64_t at_ms, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_hold);
    int64_t case_id;

    sqlite3_bind_int64(st, 1, sqlite3_column_int64(rows, 0));
    sqlite3_bind_int64(st, 2, sqlite3_column_int64(rows, 3));
    sqlite3_bind_int64(st, 3, sqlite3_column_int64(rows, 4));
    sqlite3_bind_int64(st, 4, sqlite3_column_int64(rows, 5));
    if (filer_user_id > 0)
        sqlite3_bind_int64(st, 5, filer_user_id);
    else
        sqlite3_bind_null(st, 5); /* the operator, or a department's API token */
    sqlite3_bind_text(st, 6, filer, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 7, day);
    sqlite3_bind_int64(st, 8, at_ms);
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "hold a list addition for approval");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    case_id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    st = xy_sq_stmt(xs, sql_first_step);
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, at_ms);
    sqlite3_bind_text(st, 3, filer, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "write the first step of a list addition");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    return XY_OK;
}

/* XY_OK when the row (a version above 1) names the subject of the version before it,
 * XY_NOT_FOUND when it names another (or the one before is not stored). */
static xy_code same_subject(struct xy_store *xs, sqlite3_stmt *rows, const char *item,
                            struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_prev_subject);
    xy_code rc = XY_NOT_FOUND;
    int r;

    sqlite3_bind_int64(st, 1, sqlite3_column_int64(rows, 3));
    sqlite3_bind_int64(st, 2, sqlite3_column_int64(rows, 5));
    sqlite3_bind_text(st, 3, item, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, (const char *)sqlite3_column_text(rows, 6), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, sqlite3_column_int(rows, 2));
    r = sqlite3_step(st);
    if (r == SQLITE_ROW && sqlite3_column_int64(st, 0) == sqlite3_column_int64(rows, 4))
        rc = XY_OK;
    else if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = xy_sq_error(xs, err, "read the version before a new one");
    sqlite3_reset(st);
    return rc;
}

xy_code xy_sq_list_adds_hold(struct xy_store *xs, int64_t batch_id, const char *item,
                             int64_t filer_user_id, const char *filer, int day, int64_t at_ms,
                             int64_t *n, struct xy_err *err)
{
    sqlite3_stmt *rows;
    xy_code rc = XY_OK;
    int r;

    *n = 0;
    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "list additions are held only inside a transaction");
    /* a statement of its own: the inserts below use the cached ones while this one steps */
    if (sqlite3_prepare_v2(xy_sq_db(xs), sql_batch_rows, -1, &rows, NULL) != SQLITE_OK)
        return xy_sq_error(xs, err, "read the rows of a batch");
    sqlite3_bind_text(rows, 1, item, -1, SQLITE_STATIC);
    while ((r = sqlite3_step(rows)) == SQLITE_ROW) {
        if (sqlite3_column_int64(rows, 1) != batch_id)
            break;
        /* a new version of an entry about the same subject is a correction: the entry's
         * case (if any) still applies. One that names another subject puts that subject on
         * the list: it waits like an addition (and the entry, every version, with it) */
        if (sqlite3_column_int(rows, 2) != 1 &&
            (rc = same_subject(xs, rows, item, err)) != XY_NOT_FOUND) {
            if (rc != XY_OK)
                break;
            continue;
        }
        rc = XY_OK;
        if ((rc = hold_one(xs, rows, filer_user_id, filer, day, at_ms, err)) != XY_OK)
            break;
        (*n)++;
    }
    if (rc == XY_OK && r != SQLITE_ROW && r != SQLITE_DONE)
        rc = xy_sq_error(xs, err, "read the rows of a batch");
    sqlite3_finalize(rows);
    return rc;
}

xy_code xy_sq_list_add_settle(struct xy_store *xs, int64_t case_id, const char *state, int hides,
                              int day, int64_t at_ms, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_settle);
    int r;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "a list addition is settled only inside a transaction");
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, hides != 0);
    sqlite3_bind_int(st, 4, day);
    sqlite3_bind_int64(st, 5, at_ms);
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "settle a list addition");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    if (sqlite3_changes(xy_sq_db(xs)) == 1)
        return XY_OK;
    st = xy_sq_stmt(xs, sql_exists);
    sqlite3_bind_int64(st, 1, case_id);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_ROW)
        return xy_err_set(err, XY_CONFLICT, "该名单列入已审核，不能再次审核");
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的名单列入", (long long)case_id);
    return xy_sq_error(xs, err, "read a case");
}
