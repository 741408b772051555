/* checks.c - departments' checks of subjects before they act, and the hits they were told, in
 * SQLite (layer: store, sqlite backend)
 *
 * Rows only: which records are hits and which measures apply is service/checks.c's. A check is
 * written once with its hits (migration 8: triggers refuse any change). An ID number given as a
 * subject's code is stored in its lookup form (store/seal.h) only, like identifiers.value: the
 * check can be found again by the number, never read back as it.
 */
#include <stdint.h>
#include <string.h>

#include "store/seal.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

static const char sql_check_put[] =
    "INSERT INTO checks(dept_id, scenario, asked_by, asked_at, list_version, subjects, hits)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_hit_put[] =
    "INSERT INTO check_hits(check_id, seq, subject_no, code, shown, subject_id, record_id, item,"
    " list_name, measures) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char sql_check_get[] =
    "SELECT id, dept_id, scenario, asked_by, asked_at, list_version, subjects, hits FROM checks"
    " WHERE id = ?1";
static const char sql_hits[] =
    "SELECT seq, subject_no, code, shown, subject_id, record_id, item, list_name, measures"
    " FROM check_hits WHERE check_id = ?1 ORDER BY seq";
/* one probe of records_item_id per item */
static const char sql_item_version[] = "SELECT max(id) FROM records WHERE item = ?1";

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static xy_code put_hits(struct xy_store *xs, int64_t check_id, const struct xy_check_hit *hits,
                        size_t n, struct xy_arena *a, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_hit_put);

    for (size_t i = 0; i < n; i++) {
        const struct xy_check_hit *h = &hits[i];
        const char *code =
            h->code_is_idno ? xy_store_idno_lookup(xy_sq_keys(xs), a, h->code) : h->code;
        sqlite3_bind_int64(st, 1, check_id);
        sqlite3_bind_int(st, 2, h->seq);
        sqlite3_bind_int(st, 3, h->subject_no);
        sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, h->shown, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 6, h->subject_id);
        sqlite3_bind_int64(st, 7, h->record_id);
        bind_text(st, 8, h->item);
        bind_text(st, 9, h->list_name);
        sqlite3_bind_text(st, 10, h->measures, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) {
            xy_code rc = xy_sq_error(xs, err, "store the hits of the check");
            sqlite3_reset(st);
            return rc;
        }
        sqlite3_reset(st);
    }
    return XY_OK;
}

xy_code xy_sq_check_put(struct xy_store *xs, struct xy_check *c, struct xy_check_hit *hits,
                        size_t n, struct xy_err *err)
{
    sqlite3_stmt *st;
    struct xy_arena *a;
    xy_code rc;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "a check is stored only inside a transaction");
    st = xy_sq_stmt(xs, sql_check_put);
    if (c->dept_id)
        sqlite3_bind_int64(st, 1, c->dept_id);
    else
        sqlite3_bind_null(st, 1);
    sqlite3_bind_text(st, 2, c->scenario, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->asked_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, c->asked_at);
    sqlite3_bind_int64(st, 5, c->list_version);
    sqlite3_bind_int(st, 6, c->subjects);
    sqlite3_bind_int(st, 7, c->hits);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = xy_sq_error(xs, err, "store the check");
        sqlite3_reset(st);
        return rc;
    }
    c->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    sqlite3_reset(st);
    a = xy_arena_new();
    rc = put_hits(xs, c->id, hits, n, a, err);
    xy_arena_free(a);
    return rc;
}

xy_code xy_sq_check_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_check *out,
                        struct xy_check_hit **hits, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_check_get);
    struct xy_check_hit *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        memset(out, 0, sizeof(*out));
        out->id = sqlite3_column_int64(st, 0);
        out->dept_id = sqlite3_column_int64(st, 1);
        out->scenario = xy_sq_text(a, st, 2);
        out->asked_by = xy_sq_text(a, st, 3);
        out->asked_at = sqlite3_column_int64(st, 4);
        out->list_version = sqlite3_column_int64(st, 5);
        out->subjects = sqlite3_column_int(st, 6);
        out->hits = sqlite3_column_int(st, 7);
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "read the check");

    st = xy_sq_stmt(xs, sql_hits);
    sqlite3_bind_int64(st, 1, id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_check_hit *h;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        h = &v[k++];
        memset(h, 0, sizeof(*h));
        h->seq = sqlite3_column_int(st, 0);
        h->subject_no = sqlite3_column_int(st, 1);
        h->code = xy_sq_text(a, st, 2);
        h->code_is_idno =
            h->code && !strncmp(h->code, XY_STORE_LOOKUP_PREFIX, strlen(XY_STORE_LOOKUP_PREFIX));
        h->shown = xy_sq_text(a, st, 3);
        h->subject_id = sqlite3_column_int64(st, 4);
        h->record_id = sqlite3_column_int64(st, 5);
        h->item = xy_sq_text(a, st, 6);
        h->list_name = xy_sq_text(a, st, 7);
        h->measures = xy_sq_text(a, st, 8);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the hits of the check");
    *hits = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_list_version(struct xy_store *xs, const char *const *items, size_t n,
                           int64_t *version, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_item_version);

    *version = 0;
    for (size_t i = 0; i < n; i++) {
        int r;
        sqlite3_bind_text(st, 1, items[i], -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        if (r == SQLITE_ROW && sqlite3_column_int64(st, 0) > *version)
            *version = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r != SQLITE_ROW)
            return xy_sq_error(xs, err, "read the list version");
    }
    return XY_OK;
}
