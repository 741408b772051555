/* remedy.c - objections, repair applications and court removals as cases, their history,
 * evidence and notifications, in SQLite (layer: store, sqlite backend)
 *
 * Rows only: the state machines (domain/remedy.h) and every rule of who acts when live in
 * service/cases.c, which calls these inside its write transaction with the audit row. Days are
 * days since 1970-01-01 (UTC+8) and -1 when none, which the tables keep as NULL; times are unix
 * milliseconds. A case covers every version of its record's natural key: cases.key_hash finds
 * them, and equality of (dept_id, item, key) is checked through the case's record, as
 * LATEST_VERSION does in sqlite.c, so that a key_hash collision never mixes two records.
 */
#include <stdint.h>
#include <string.h>

#include "base/time.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#define CASE_COLS                                                                                  \
    "c.id, c.kind, c.record_id, c.key_hash, c.subject_id, c.dept_id, c.ground, c.statement,"       \
    " c.commitment, c.filer_user_id, c.filer, c.state, c.state_day, c.clock_day, c.due_day,"       \
    " c.disputes, c.hides, c.result_record_id, c.filed_at, c.updated_at, cr.item, d.uscc, d.name"
#define CASE_FROM(indexed)                                                                         \
    " FROM cases c" indexed " JOIN records cr ON cr.id = c.record_id"                              \
    " JOIN departments d ON d.id = c.dept_id"

/* Every field of struct xy_case_filter, bound the same way in every statement:
 * ?1 kind (NULL: any remedy kind; black-list additions, kind list_add, only by name), ?2 state
 * (NULL: any), ?3 subject, ?4 department, ?5 filer, ?6 record (0: any),
 * ?7 open only, ?8 due before (0: no filter), ?9 ids below (INT64_MAX: from the newest).
 * `drive` repeats one of them as a plain equality or range, so that the planner walks that
 * filter's index (newest first where the index ends in id) instead of every case. */
#define CASE_FILTER(drive)                                                                         \
    " WHERE " drive "(?1 IS NULL AND c.kind <> 'list_add' OR c.kind = ?1)"                         \
    " AND (?2 IS NULL OR c.state = ?2)"                                                            \
    " AND (?3 = 0 OR c.subject_id = ?3) AND (?4 = 0 OR c.dept_id = ?4)"                            \
    " AND (?5 = 0 OR c.filer_user_id = ?5)"                                                        \
    " AND (?6 = 0 OR EXISTS (SELECT 1 FROM records k WHERE k.id = ?6"                              \
    " AND k.key_hash = c.key_hash AND k.dept_id = cr.dept_id AND k.item = cr.item"                 \
    " AND k.key = cr.key))"                                                                        \
    " AND (?7 = 0 OR c.due_day IS NOT NULL) AND (?8 = 0 OR c.due_day < ?8) AND c.id < ?9"

/* Which index a filter is answered from: the most selective filter given wins, in this order.
 * Overdue cases are few: without INDEXED BY the planner would rather walk every case in id
 * order than sort the few that cases_due finds. */
#define DRIVE_MAP(X)                                                                               \
    X(RECORD, "", "c.key_hash = (SELECT key_hash FROM records WHERE id = ?6) AND ")                \
    X(SUBJECT, "", "c.subject_id = ?3 AND ")                                                       \
    X(FILER, "", "c.filer_user_id = ?5 AND ")                                                      \
    X(DEPT, "", "c.dept_id = ?4 AND ")                                                             \
    X(DUE, " INDEXED BY cases_due", "c.due_day < ?8 AND ")                                         \
    X(STATE, "", "c.state = ?2 AND ")                                                              \
    X(ALL, "", "")

enum drive {
#define DRIVE_ENUM(name, indexed, where) DRIVE_##name,
    DRIVE_MAP(DRIVE_ENUM)
#undef DRIVE_ENUM
};

/* ?10: rows at most */
static const char *const sql_list[] = {
#define DRIVE_LIST(name, indexed, where)                                                           \
    [DRIVE_##name] =                                                                               \
        "SELECT " CASE_COLS CASE_FROM(indexed) CASE_FILTER(where) " ORDER BY c.id DESC LIMIT ?10",
    DRIVE_MAP(DRIVE_LIST)
#undef DRIVE_LIST
};

/* ?11: today, for the overdue count */
#define COUNT_COLS  "c.kind, c.state, count(*), count(CASE WHEN c.due_day < ?11 THEN 1 END)"
#define COUNT_GROUP " GROUP BY c.kind, c.state ORDER BY c.kind, c.state"
static const char *const sql_count[] = {
#define DRIVE_COUNT(name, indexed, where)                                                          \
    [DRIVE_##name] = "SELECT " COUNT_COLS CASE_FROM(indexed) CASE_FILTER(where) COUNT_GROUP,
    DRIVE_MAP(DRIVE_COUNT)
#undef DRIVE_COUNT
};

static const char sql_case_get[] = "SELECT " CASE_COLS CASE_FROM("") " WHERE c.id = ?1";
static const char sql_case_source[] =
    "SELECT key_hash, subject_id, dept_id FROM records WHERE id = ?1";
static const char sql_case_put[] =
    "INSERT INTO cases(kind, record_id, key_hash, subject_id, dept_id, ground, statement,"
    " commitment, filer_user_id, filer, state, state_day, clock_day, due_day, disputes, hides,"
    " result_record_id, filed_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19)";
static const char sql_case_update[] =
    "UPDATE cases SET state = ?2, state_day = ?3, clock_day = ?4, due_day = ?5, disputes = ?6,"
    " hides = ?7, result_record_id = ?8, updated_at = ?9 WHERE id = ?1";

/* the next seq of the case, or no row for an unknown case */
static const char sql_step_next[] =
    "SELECT (SELECT coalesce(max(seq), 0) + 1 FROM case_steps WHERE case_id = ?1)"
    " FROM cases WHERE id = ?1";
static const char sql_step_put[] =
    "INSERT INTO case_steps(case_id, seq, at, actor, login, event, from_state, to_state, reasons,"
    " due_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char sql_steps[] =
    "SELECT case_id, seq, at, actor, login, event, from_state, to_state, reasons, due_day"
    " FROM case_steps WHERE case_id = ?1 ORDER BY seq";

static const char sql_case_exists[] = "SELECT 1 FROM cases WHERE id = ?1";
static const char sql_evidence_put[] =
    "INSERT INTO case_evidence(case_id, sha256, name, mime, bytes, added_at, added_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char sql_evidence_list[] =
    "SELECT case_id, sha256, name, mime, bytes, added_at, added_by FROM case_evidence"
    " WHERE case_id = ?1 ORDER BY added_at, rowid";

static const char sql_notice_put[] =
    "INSERT INTO notices(user_id, case_id, at, text) VALUES (?1, ?2, ?3, ?4)";
static const char sql_notices[] =
    "SELECT id, user_id, case_id, at, text, read_at FROM notices"
    " WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?3";
static const char sql_unread[] =
    "SELECT count(*) FROM notices WHERE user_id = ?1 AND read_at IS NULL";
static const char sql_notice_read[] =
    "UPDATE notices SET read_at = ?3 WHERE user_id = ?1 AND read_at IS NULL"
    " AND (?2 = 0 OR id <= ?2)";

/* Every version of the natural key of record ?1, oldest first; records_key finds them (see
 * LATEST_VERSION in sqlite.c for why it is named). */
static const char sql_versions[] =
    "SELECT " XY_SQ_RECORD_COLS " FROM records o JOIN records r INDEXED BY records_key"
    " ON r.key_hash = o.key_hash AND r.dept_id = o.dept_id AND r.item = o.item AND r.key = "
    "o.key" XY_SQ_RECORD_JOINS " WHERE o.id = ?1 ORDER BY r.version";

/* 0 is "none" for the optional ids */
/* -1 (or any negative day) is "none" */
static void bind_day(sqlite3_stmt *st, int i, int day)
{
    if (day >= 0)
        sqlite3_bind_int(st, i, day);
    else
        sqlite3_bind_null(st, i);
}

static int col_day(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : sqlite3_column_int(st, i);
}

/* Step a statement that returns no row; XY_STORAGE "could not <what>" otherwise. */
static xy_code run(struct xy_store *xs, sqlite3_stmt *st, const char *what, struct xy_err *err)
{
    xy_code rc = sqlite3_step(st) == SQLITE_DONE ? XY_OK : xy_sq_error(xs, err, what);
    sqlite3_reset(st);
    return rc;
}

static void read_case(sqlite3_stmt *st, struct xy_arena *a, struct xy_case *c)
{
    memset(c, 0, sizeof(*c));
    c->id = sqlite3_column_int64(st, 0);
    c->kind = xy_sq_text(a, st, 1);
    c->record_id = sqlite3_column_int64(st, 2);
    c->key_hash = sqlite3_column_int64(st, 3);
    c->subject_id = sqlite3_column_int64(st, 4);
    c->dept_id = sqlite3_column_int64(st, 5);
    c->ground = xy_sq_text(a, st, 6);
    c->statement = xy_sq_text(a, st, 7);
    c->commitment = xy_sq_text(a, st, 8);
    c->filer_user_id = sqlite3_column_int64(st, 9);
    c->filer = xy_sq_text(a, st, 10);
    c->state = xy_sq_text(a, st, 11);
    c->state_day = sqlite3_column_int(st, 12);
    c->clock_day = col_day(st, 13);
    c->due_day = col_day(st, 14);
    c->disputes = sqlite3_column_int(st, 15);
    c->hides = sqlite3_column_int(st, 16);
    c->result_record_id = sqlite3_column_int64(st, 17);
    c->filed_at = sqlite3_column_int64(st, 18);
    c->updated_at = sqlite3_column_int64(st, 19);
    c->item = xy_sq_text(a, st, 20);
    c->dept_uscc = xy_sq_text(a, st, 21);
    c->dept_name = xy_sq_text(a, st, 22);
}

xy_code xy_sq_case_put(struct xy_store *xs, struct xy_case *c, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_case_source);
    int r;

    /* the record's own key, subject and department: a case cannot disagree with its record */
    sqlite3_bind_int64(st, 1, c->record_id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        c->key_hash = sqlite3_column_int64(st, 0);
        c->subject_id = sqlite3_column_int64(st, 1);
        c->dept_id = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的信用记录", (long long)c->record_id);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "read the record of the case");

    st = xy_sq_stmt(xs, sql_case_put);
    sqlite3_bind_text(st, 1, c->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->record_id);
    sqlite3_bind_int64(st, 3, c->key_hash);
    sqlite3_bind_int64(st, 4, c->subject_id);
    sqlite3_bind_int64(st, 5, c->dept_id);
    xy_sq_bind_text(st, 6, c->ground);
    xy_sq_bind_text(st, 7, c->statement);
    xy_sq_bind_text(st, 8, c->commitment);
    xy_sq_bind_id(st, 9, c->filer_user_id);
    sqlite3_bind_text(st, 10, c->filer, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, c->state, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 12, c->state_day);
    bind_day(st, 13, c->clock_day);
    bind_day(st, 14, c->due_day);
    sqlite3_bind_int(st, 15, c->disputes != 0);
    sqlite3_bind_int(st, 16, c->hides != 0);
    xy_sq_bind_id(st, 17, c->result_record_id);
    sqlite3_bind_int64(st, 18, c->filed_at);
    sqlite3_bind_int64(st, 19, c->updated_at);
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "store the case");
        sqlite3_reset(st);
        return rc;
    }
    c->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    sqlite3_reset(st);
    return XY_OK;
}

xy_code xy_sq_case_update(struct xy_store *xs, const struct xy_case *c, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_case_update);
    xy_code rc;

    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_text(st, 2, c->state, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, c->state_day);
    bind_day(st, 4, c->clock_day);
    bind_day(st, 5, c->due_day);
    sqlite3_bind_int(st, 6, c->disputes != 0);
    sqlite3_bind_int(st, 7, c->hides != 0);
    xy_sq_bind_id(st, 8, c->result_record_id);
    sqlite3_bind_int64(st, 9, c->updated_at);
    if ((rc = run(xs, st, "update the case", err)) != XY_OK)
        return rc;
    if (sqlite3_changes(xy_sq_db(xs)) == 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)c->id);
    return XY_OK;
}

xy_code xy_sq_case_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_case *out,
                       struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_case_get);
    int r;

    sqlite3_bind_int64(st, 1, id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        read_case(st, a, out);
    sqlite3_reset(st);
    if (r == SQLITE_ROW)
        return XY_OK;
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the case");
    return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)id);
}

static enum drive drive_of(const struct xy_case_filter *f)
{
    if (f->record_id)
        return DRIVE_RECORD;
    if (f->subject_id)
        return DRIVE_SUBJECT;
    if (f->filer_user_id)
        return DRIVE_FILER;
    if (f->dept_id)
        return DRIVE_DEPT;
    if (f->due_before)
        return DRIVE_DUE;
    if (f->state)
        return DRIVE_STATE;
    return DRIVE_ALL;
}

/* ?1..?9 of CASE_FILTER; paging (?9) only when paged. */
static void bind_filter(sqlite3_stmt *st, const struct xy_case_filter *f, int paged)
{
    xy_sq_bind_text(st, 1, f->kind);
    xy_sq_bind_text(st, 2, f->state);
    sqlite3_bind_int64(st, 3, f->subject_id);
    sqlite3_bind_int64(st, 4, f->dept_id);
    sqlite3_bind_int64(st, 5, f->filer_user_id);
    sqlite3_bind_int64(st, 6, f->record_id);
    sqlite3_bind_int(st, 7, f->open_only != 0);
    sqlite3_bind_int(st, 8, f->due_before);
    sqlite3_bind_int64(st, 9, paged && f->before_id > 0 ? f->before_id : INT64_MAX);
}

xy_code xy_sq_case_list(struct xy_store *xs, const struct xy_case_filter *f, struct xy_arena *a,
                        struct xy_case **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_list[drive_of(f)]);
    struct xy_case *v = xy_arena_alloc(a, (f->limit ? f->limit : 1) * sizeof(*v));
    size_t k = 0;
    int r = SQLITE_DONE;

    bind_filter(st, f, 1);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)f->limit); /* the wrapper caps it */
    while (k < f->limit && (r = sqlite3_step(st)) == SQLITE_ROW)
        read_case(st, a, &v[k++]);
    if (k < f->limit && r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "list the cases");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_case_count(struct xy_store *xs, const struct xy_case_filter *f, int today,
                         struct xy_case_count **out, size_t *n, struct xy_arena *a,
                         struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_count[drive_of(f)]);
    struct xy_case_count *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    bind_filter(st, f, 0);
    sqlite3_bind_int(st, 11, today);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        v[k].kind = xy_sq_text(a, st, 0);
        v[k].state = xy_sq_text(a, st, 1);
        v[k].n = sqlite3_column_int64(st, 2);
        v[k].overdue = sqlite3_column_int64(st, 3);
        k++;
    }
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "count the cases");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    *out = v ? v : xy_arena_alloc(a, sizeof(*v));
    *n = k;
    return XY_OK;
}

xy_code xy_sq_case_step_put(struct xy_store *xs, struct xy_case_step *s, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_step_next);
    int r, seq = 0;

    /* max + 1 is safe: the service writes a case's steps inside its write transaction, and
     * SQLite has one writer at a time */
    sqlite3_bind_int64(st, 1, s->case_id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        seq = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)s->case_id);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "number the case's step");

    st = xy_sq_stmt(xs, sql_step_put);
    sqlite3_bind_int64(st, 1, s->case_id);
    sqlite3_bind_int(st, 2, seq);
    sqlite3_bind_int64(st, 3, s->at);
    sqlite3_bind_text(st, 4, s->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->login, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->event, -1, SQLITE_STATIC);
    xy_sq_bind_text(st, 7, s->from_state);
    sqlite3_bind_text(st, 8, s->to_state, -1, SQLITE_STATIC);
    xy_sq_bind_text(st, 9, s->reasons);
    bind_day(st, 10, s->due_day);
    if (sqlite3_step(st) != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "store the case's step");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    s->seq = seq;
    return XY_OK;
}

xy_code xy_sq_case_steps(struct xy_store *xs, int64_t case_id, struct xy_arena *a,
                         struct xy_case_step **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_steps);
    struct xy_case_step *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, case_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_case_step *s;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        s = &v[k++];
        s->case_id = sqlite3_column_int64(st, 0);
        s->seq = sqlite3_column_int(st, 1);
        s->at = sqlite3_column_int64(st, 2);
        s->actor = xy_sq_text(a, st, 3);
        s->login = xy_sq_text(a, st, 4);
        s->event = xy_sq_text(a, st, 5);
        s->from_state = xy_sq_text(a, st, 6);
        s->to_state = xy_sq_text(a, st, 7);
        s->reasons = xy_sq_text(a, st, 8);
        s->due_day = col_day(st, 9);
    }
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "read the case's history");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    *out = v ? v : xy_arena_alloc(a, sizeof(*v));
    *n = k;
    return XY_OK;
}

xy_code xy_sq_evidence_put(struct xy_store *xs, const struct xy_evidence *e, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_case_exists);
    int r;

    sqlite3_bind_int64(st, 1, e->case_id);
    r = sqlite3_step(st);
    sqlite3_reset(st);
    if (r == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)e->case_id);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "read the case");

    st = xy_sq_stmt(xs, sql_evidence_put);
    sqlite3_bind_int64(st, 1, e->case_id);
    sqlite3_bind_text(st, 2, e->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, e->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, e->mime, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, e->bytes);
    sqlite3_bind_int64(st, 6, e->added_at);
    sqlite3_bind_text(st, 7, e->added_by, -1, SQLITE_STATIC);
    r = sqlite3_step(st);
    if (r == SQLITE_DONE) {
        sqlite3_reset(st);
        return XY_OK;
    }
    if ((r & 0xff) == SQLITE_CONSTRAINT) {
        sqlite3_reset(st);
        /* the name may be anything a citizen typed; the hash says which file it is */
        return xy_err_set(err, XY_CONFLICT, "案件 %lld 已有这个文件（SHA-256 %.12s…）",
                          (long long)e->case_id, e->sha256);
    }
    {
        xy_code rc = xy_sq_error(xs, err, "store the evidence");
        sqlite3_reset(st);
        return rc;
    }
}

xy_code xy_sq_evidence_list(struct xy_store *xs, int64_t case_id, struct xy_arena *a,
                            struct xy_evidence **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_evidence_list);
    struct xy_evidence *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, case_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_evidence *e;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        e = &v[k++];
        e->case_id = sqlite3_column_int64(st, 0);
        e->sha256 = xy_sq_text(a, st, 1);
        e->name = xy_sq_text(a, st, 2);
        e->mime = xy_sq_text(a, st, 3);
        e->bytes = sqlite3_column_int64(st, 4);
        e->added_at = sqlite3_column_int64(st, 5);
        e->added_by = xy_sq_text(a, st, 6);
    }
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "list the case's evidence");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    *out = v ? v : xy_arena_alloc(a, sizeof(*v));
    *n = k;
    return XY_OK;
}

xy_code xy_sq_notice_put(struct xy_store *xs, struct xy_notice *nt, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_notice_put);
    xy_code rc;

    sqlite3_bind_int64(st, 1, nt->user_id);
    xy_sq_bind_id(st, 2, nt->case_id);
    sqlite3_bind_int64(st, 3, nt->at);
    sqlite3_bind_text(st, 4, nt->text, -1, SQLITE_STATIC);
    if ((rc = run(xs, st, "store the notification", err)) != XY_OK)
        return rc;
    nt->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    return XY_OK;
}

xy_code xy_sq_notice_list(struct xy_store *xs, int64_t user_id, int unread_only, size_t limit,
                          struct xy_arena *a, struct xy_notice **out, size_t *n, int64_t *unread,
                          struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_notices);
    struct xy_notice *v = xy_arena_alloc(a, (limit ? limit : 1) * sizeof(*v));
    size_t k = 0;
    int r = SQLITE_DONE;

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int(st, 2, unread_only != 0);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    while (k < limit && (r = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_notice *nt = &v[k++];
        nt->id = sqlite3_column_int64(st, 0);
        nt->user_id = sqlite3_column_int64(st, 1);
        nt->case_id = sqlite3_column_int64(st, 2);
        nt->at = sqlite3_column_int64(st, 3);
        nt->text = xy_sq_text(a, st, 4);
        nt->read_at = sqlite3_column_int64(st, 5);
    }
    if (k < limit && r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "list the notifications");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);

    st = xy_sq_stmt(xs, sql_unread);
    sqlite3_bind_int64(st, 1, user_id);
    r = sqlite3_step(st);
    if (r == SQLITE_ROW)
        *unread = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "count the unread notifications");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_notice_read(struct xy_store *xs, int64_t user_id, int64_t upto_id, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_notice_read);

    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, upto_id);
    sqlite3_bind_int64(st, 3, xy_now() * 1000);
    return run(xs, st, "mark the notifications read", err);
}

xy_code xy_sq_record_versions(struct xy_store *xs, int64_t record_id, struct xy_arena *a,
                              struct xy_record **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_versions);
    struct xy_record *v = NULL;
    size_t k = 0, cap = 0;
    int r;

    sqlite3_bind_int64(st, 1, record_id);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        xy_sq_read_record(xs, st, a, &v[k++]);
    }
    if (r != SQLITE_DONE) {
        xy_code rc = xy_sq_error(xs, err, "read the record's versions");
        sqlite3_reset(st);
        return rc;
    }
    sqlite3_reset(st);
    if (k == 0)
        return xy_err_set(err, XY_NOT_FOUND, "no record with id %lld", (long long)record_id);
    for (size_t i = 0; i < k; i++)
        v[i].nversions = v[k - 1].version;
    *out = v;
    *n = k;
    return XY_OK;
}
