/* checks.c - departments' checks of subjects before they act, and the hits they were told, in
 * SQLite (layer: store, sqlite backend)
 *
 * Rows only: which records are hits and which measures apply is service/checks.c's. A check
 * of the API is written once with its hits; a batch check (migration 9) is written first with
 * state 'running', gets its rows chunk by chunk and is closed once (the migration's triggers
 * refuse any change of a check that is not running, and any change of its rows). An ID number
 * given as a subject's code is stored in its lookup form (store/seal.h) only, like
 * identifiers.value: the check can be found again by the number, never read back as it.
 *
 * The list index (service/list_index.c) learns the listed subjects through list_entries: the
 * records of one list item in a range of ids, read through records_item_id, with the codes
 * and names of their subjects.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hmap.h"
#include "store/seal.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#define CHECK_COLS                                                                                 \
    "id, dept_id, scenario, asked_by, asked_at, list_version, subjects, hits, kind, state"
#define HIT_COLS                                                                                   \
    "seq, subject_no, code, shown, subject_id, record_id, item, list_name, measures, name, score," \
    " reasons"

static const char sql_check_put[] =
    "INSERT INTO checks(dept_id, scenario, asked_by, asked_at, list_version, subjects, hits, kind,"
    " state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char sql_hit_put[] =
    "INSERT INTO check_hits(check_id, seq, subject_no, code, shown, subject_id, record_id, item,"
    " list_name, measures, name, score, reasons)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char sql_check_get[] = "SELECT " CHECK_COLS " FROM checks WHERE id = ?1";
static const char sql_hits[] = "SELECT " HIT_COLS " FROM check_hits WHERE check_id = ?1"
                               " AND subject_no >= ?2 AND (?3 = 0 OR record_id <> 0)"
                               " ORDER BY seq";
/* a page of subjects: the rows of the first ?4 subjects (with a hit when ?3) from ?2 on; seq
 * grows with subject_no, so the primary key gives both orders */
/* INDEXED BY: without statistics the planner would walk the whole check (100,000 rows of a
 * batch) by its primary key instead of the page's subjects */
static const char sql_hits_page[] =
    "SELECT " HIT_COLS " FROM check_hits INDEXED BY check_hits_subject_no"
    " WHERE check_id = ?1 AND (?3 = 0 OR record_id <> 0)"
    " AND subject_no IN (SELECT DISTINCT subject_no FROM check_hits WHERE check_id = ?1"
    " AND subject_no >= ?2 AND (?3 = 0 OR record_id <> 0) ORDER BY subject_no LIMIT ?4)"
    " ORDER BY seq";
static const char sql_check_state[] = "SELECT state FROM checks WHERE id = ?1";
static const char sql_check_finish[] = "UPDATE checks SET subjects = ?2, hits = ?3, state = ?4"
                                       " WHERE id = ?1 AND state = 'running'";
/* checks_dept(dept_id, id) read backwards; IS so that the operator's NULL matches */
static const char sql_checks_dept[] = "SELECT " CHECK_COLS " FROM checks WHERE dept_id IS ?1"
                                      " AND id < ?2 ORDER BY id DESC LIMIT ?3";
static const char sql_checks_all[] =
    "SELECT " CHECK_COLS " FROM checks WHERE id < ?1 ORDER BY id DESC LIMIT ?2";
/* one probe of records_item_id per item */
static const char sql_item_version[] = "SELECT max(id) FROM records WHERE item = ?1";
static const char sql_entries[] =
    "SELECT r.id, r.subject_id, s.kind, s.name FROM records r INDEXED BY records_item_id"
    " JOIN subjects s ON s.id = r.subject_id"
    " WHERE r.item = ?1 AND r.id > ?2 AND r.id <= ?3 ORDER BY r.id LIMIT ?4";
static const char sql_ident_subject[] =
    "SELECT subject_id FROM identifiers WHERE type = ?1 AND value = ?2";
/* a subject's records by records_subject: the item decides before the row is read whole */
static const char sql_subject_items[] = "SELECT id, item FROM records WHERE subject_id = ?1";
/* the record if it is the newest version of its key among the rows up to ?2: a check that saw
 * list version ?2 keeps the version it saw when a correction lands above it */
static const char sql_list_record[] =
    "SELECT " XY_SQ_RECORD_COLS " FROM records r" XY_SQ_RECORD_JOINS " WHERE r.id = ?1"
    " AND r.version = (SELECT max(version) FROM records r2 INDEXED BY records_key"
    " WHERE r2.key_hash = r.key_hash AND r2.dept_id = r.dept_id AND r2.item = r.item"
    " AND r2.key = r.key AND r2.id <= ?2)";
static const char sql_entry_idents[] = "SELECT type, value FROM identifiers WHERE subject_id = ?1";
static const char sql_entry_names[] = "SELECT name FROM subject_names WHERE subject_id = ?1"
                                      " ORDER BY id";

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
        xy_sq_bind_text(st, 8, h->item);
        xy_sq_bind_text(st, 9, h->list_name);
        sqlite3_bind_text(st, 10, h->measures, -1, SQLITE_STATIC);
        xy_sq_bind_text(st, 11, h->name);
        sqlite3_bind_int(st, 12, h->score);
        xy_sq_bind_text(st, 13, h->reasons);
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
    sqlite3_bind_text(st, 8, c->kind ? c->kind : "api", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, c->state ? c->state : "done", -1, SQLITE_STATIC);
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

static void read_check(sqlite3_stmt *st, struct xy_arena *a, struct xy_check *out)
{
    memset(out, 0, sizeof(*out));
    out->id = sqlite3_column_int64(st, 0);
    out->dept_id = sqlite3_column_int64(st, 1);
    out->scenario = xy_sq_text(a, st, 2);
    out->asked_by = xy_sq_text(a, st, 3);
    out->asked_at = sqlite3_column_int64(st, 4);
    out->list_version = sqlite3_column_int64(st, 5);
    out->subjects = sqlite3_column_int(st, 6);
    out->hits = sqlite3_column_int(st, 7);
    out->kind = xy_sq_text(a, st, 8);
    out->state = xy_sq_text(a, st, 9);
}

xy_code xy_sq_check_rows(struct xy_store *xs, int64_t id, const struct xy_check_rows_q *q,
                         struct xy_arena *a, struct xy_check *out, struct xy_check_hit **hits,
                         size_t *n, struct xy_err *err)
{
    static const struct xy_check_rows_q all;
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_check_get);
    struct xy_check_hit *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    if (!q)
        q = &all;
    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_check(st, a, out);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "read the check");
    if (q->head_only) {
        *hits = NULL;
        *n = 0;
        return XY_OK;
    }

    st = xy_sq_stmt(xs, q->max_subjects ? sql_hits_page : sql_hits);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, q->from_subject);
    sqlite3_bind_int(st, 3, q->hits_only);
    if (q->max_subjects)
        sqlite3_bind_int64(st, 4, (sqlite3_int64)q->max_subjects);
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
        h->name = xy_sq_text(a, st, 9);
        h->score = sqlite3_column_int(st, 10);
        h->reasons = xy_sq_text(a, st, 11);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the hits of the check");
    *hits = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_check_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_check *out,
                        struct xy_check_hit **hits, size_t *n, struct xy_err *err)
{
    return xy_sq_check_rows(xs, id, NULL, a, out, hits, n, err);
}

/* XY_OK when check id is running; XY_CONFLICT when it is closed, XY_NOT_FOUND when none. */
static xy_code running(struct xy_store *xs, int64_t id, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_check_state);
    xy_code rc = XY_OK;
    int r;

    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE)
        rc = xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    else if (r != SQLITE_ROW)
        rc = xy_sq_error(xs, err, "read the state of the check");
    else if (strcmp((const char *)sqlite3_column_text(st, 0), "running"))
        rc = xy_err_set(err, XY_CONFLICT, "check %lld is closed (%s)", (long long)id,
                        (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc;
}

xy_code xy_sq_check_hits_add(struct xy_store *xs, int64_t check_id, const struct xy_check_hit *hits,
                             size_t n, struct xy_err *err)
{
    struct xy_arena *a;
    xy_code rc;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "a check's rows are stored only inside a transaction");
    if ((rc = running(xs, check_id, err)) != XY_OK)
        return rc;
    a = xy_arena_new();
    rc = put_hits(xs, check_id, hits, n, a, err);
    xy_arena_free(a);
    return rc;
}

xy_code xy_sq_check_finish(struct xy_store *xs, int64_t id, int subjects, int hits,
                           const char *state, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_check_finish);
    int r;

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, subjects);
    sqlite3_bind_int(st, 3, hits);
    sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "close the check");
    if (sqlite3_changes(xy_sq_db(xs)) == 0)
        return running(xs, id, err) == XY_OK
                   ? xy_err_set(err, XY_INTERNAL, "check %lld was not closed", (long long)id)
                   : err->code;
    return XY_OK;
}

xy_code xy_sq_checks_list(struct xy_store *xs, const struct xy_checks_q *q, struct xy_arena *a,
                          struct xy_check **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, q->all_depts ? sql_checks_all : sql_checks_dept);
    int64_t before = q->before_id > 0 ? q->before_id : INT64_MAX;
    struct xy_check *v = NULL;
    size_t k = 0, cap = 0;
    int r, i = 1;

    if (!q->all_depts) {
        if (q->dept_id)
            sqlite3_bind_int64(st, i++, q->dept_id);
        else
            sqlite3_bind_null(st, i++);
    }
    sqlite3_bind_int64(st, i++, before);
    sqlite3_bind_int64(st, i, (sqlite3_int64)q->limit);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        read_check(st, a, &v[k++]);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "list the checks");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_ident_subject(struct xy_store *xs, enum xy_ident_type type, const char *lookup,
                            int64_t *subject_id, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_ident_subject);
    int r;

    sqlite3_bind_int(st, 1, (int)type);
    sqlite3_bind_text(st, 2, lookup, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *subject_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no subject carries this %s", xy_ident_type_zh(type));
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "look up a subject");
    return XY_OK;
}

static int newest_first(const void *x, const void *y)
{
    const struct xy_record *a = x, *b = y;
    int c =
        strcmp(b->decision_date ? b->decision_date : "", a->decision_date ? a->decision_date : "");

    return c ? c : (b->id > a->id) - (b->id < a->id);
}

xy_code xy_sq_subject_list_records(struct xy_store *xs, int64_t subject_id,
                                   const char *const *items, size_t nitems, int64_t max_id,
                                   struct xy_arena *a, struct xy_record **out, size_t *n,
                                   struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_subject_items);
    int64_t *ids = NULL;
    struct xy_record *v = NULL;
    size_t nids = 0, cap = 0, k = 0;
    int r;

    sqlite3_bind_int64(st, 1, subject_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *item = (const char *)sqlite3_column_text(st, 1);
        size_t i;
        if (max_id && id > max_id)
            continue;
        for (i = 0; i < nitems && item; i++)
            if (!strcmp(items[i], item))
                break;
        if (!item || i == nitems)
            continue;
        ids = xy_sq_grow(a, ids, nids, &cap, sizeof(*ids));
        ids[nids++] = id;
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read a subject's records");
    v = xy_arena_alloc(a, (nids + 1) * sizeof(*v));
    st = xy_sq_stmt(xs, sql_list_record);
    for (size_t i = 0; i < nids; i++) {
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, max_id > 0 ? max_id : INT64_MAX);
        r = sqlite3_step(st);
        if (r == SQLITE_ROW) {
            memset(&v[k], 0, sizeof(v[k]));
            xy_sq_read_record(xs, st, a, &v[k++]);
        }
        sqlite3_reset(st);
        if (r != SQLITE_ROW && r != SQLITE_DONE)
            return xy_sq_error(xs, err, "read a subject's list records");
    }
    if (k > 1)
        qsort(v, k, sizeof(*v), newest_first);
    *out = v;
    *n = k;
    return XY_OK;
}

/* The codes and (with_names, not for a person) the names of e's subject. */
static xy_code entry_subject(struct xy_store *xs, struct xy_list_entry *e, const char *name,
                             int with_names, struct xy_arena *a, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_entry_idents);
    size_t cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, e->subject_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        e->idents = xy_sq_grow(a, e->idents, e->nidents, &cap, sizeof(*e->idents));
        e->idents[e->nidents].type = (enum xy_ident_type)sqlite3_column_int(st, 0);
        e->idents[e->nidents++].value = xy_sq_text(a, st, 1);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read a listed subject's codes");
    if (e->kind == XY_KIND_PERSON || !with_names)
        return XY_OK; /* persons are checked by ID number only: their names never leave */
    cap = 0;
    if (name) {
        e->names = xy_sq_grow(a, e->names, e->nnames, &cap, sizeof(*e->names));
        e->names[e->nnames++] = name;
    }
    st = xy_sq_stmt(xs, sql_entry_names);
    sqlite3_bind_int64(st, 1, e->subject_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        e->names = xy_sq_grow(a, e->names, e->nnames, &cap, sizeof(*e->names));
        e->names[e->nnames++] = xy_sq_text(a, st, 0);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read a listed subject's names");
    return XY_OK;
}

static xy_code read_entries(struct xy_store *xs, const char *item, int64_t after_id,
                            int64_t upto_id, int with_names, size_t limit, struct xy_arena *a,
                            struct xy_list_entry **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_entries);
    struct xy_list_entry *v = NULL;
    const char **names = NULL; /* subjects.name of each row */
    struct xy_hmap *seen;
    size_t k = 0, cap = 0, ncap = 0;
    xy_code rc = XY_OK;
    int r;

    sqlite3_bind_text(st, 1, item, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, after_id);
    sqlite3_bind_int64(st, 3, upto_id);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        struct xy_list_entry *e;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        names = xy_sq_grow(a, names, k, &ncap, sizeof(*names));
        e = &v[k];
        memset(e, 0, sizeof(*e));
        e->record_id = sqlite3_column_int64(st, 0);
        e->subject_id = sqlite3_column_int64(st, 1);
        for (int t = 0; t < XY_KIND_COUNT; t++)
            if (kind && !strcmp(kind, xy_kind_id((enum xy_subject_kind)t)))
                e->kind = (enum xy_subject_kind)t;
        /* a person's name is not even copied out of the row */
        names[k++] = e->kind == XY_KIND_PERSON ? NULL : xy_sq_text(a, st, 3);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the entries of a list");
    /* the codes and names of each subject, once per chunk: a subject with many entries (a
     * court's 失信被执行人 cases) is read once */
    seen = xy_hmap_new();
    for (size_t i = 0; i < k && rc == XY_OK; i++) {
        int64_t *first = xy_hmap_get(seen, &v[i].subject_id, sizeof(v[i].subject_id));
        if (first) {
            const struct xy_list_entry *f = &v[*first];
            v[i].idents = f->idents;
            v[i].nidents = f->nidents;
            v[i].names = f->names;
            v[i].nnames = f->nnames;
            continue;
        }
        xy_hmap_put(seen, &v[i].subject_id, sizeof(v[i].subject_id), (int64_t)i);
        rc = entry_subject(xs, &v[i], with_names ? names[i] : NULL, with_names, a, err);
    }
    xy_hmap_free(seen);
    if (rc != XY_OK)
        return rc;
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_list_entries(struct xy_store *xs, const char *item, int64_t after_id, int64_t upto_id,
                           int with_names, size_t limit, struct xy_arena *a,
                           struct xy_list_entry **out, size_t *n, struct xy_err *err)
{
    sqlite3 *db = xy_sq_db(xs);
    int own = sqlite3_get_autocommit(db);
    xy_code rc;

    /* one snapshot for the chunk: each statement outside a transaction would take and drop
     * the database's lock, and a chunk reads a statement or two per subject */
    if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return xy_sq_error(xs, err, "begin reading the entries of a list");
    rc = read_entries(xs, item, after_id, upto_id, with_names, limit, a, out, n, err);
    if (own)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return rc;
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
