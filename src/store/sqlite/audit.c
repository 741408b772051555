/* audit.c - the audit trail's rows, checkpoints and purge anchor in SQLite (layer: store)
 *
 * The chain itself (what a mac is computed over) belongs to service/audit.c; this file only
 * stores and reads. Invariants kept here: a row is inserted only inside a write transaction
 * (the action's own), and rows leave only through sq_audit_purge, which is the one statement
 * the trigger of migration 5 lets through. The purge anchor lives in meta under
 * 'audit.anchor' as "<seq>:<hex mac>".
 */
#include "store/sqlite/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define COLS                                                                                       \
    "seq, at, actor, role, dept_id, client, action, target, subject_id, purpose, result, "         \
    "detail, mac"

/* Optional filters: a NULL or zero parameter matches every row (see struct xy_audit_filter). */
#define FILTER                                                                                     \
    " (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2)"                                  \
    " AND (?3 IS NULL OR substr(action, 1, length(?3)) = ?3)"                                      \
    " AND at >= ?4 AND at <= ?5 AND seq >= ?6 AND seq <= ?7"                                       \
    " AND (?8 = 0 OR action GLOB '*.read_private' OR action = 'agency.read')"

static const char sql_last[] = "SELECT seq, mac FROM audit ORDER BY seq DESC LIMIT 1";
static const char sql_insert[] =
    "INSERT INTO audit(" COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char sql_scan[] = "SELECT " COLS " FROM audit WHERE seq > ?1 ORDER BY seq";
static const char sql_search_new[] =
    "SELECT " COLS " FROM audit WHERE" FILTER " ORDER BY seq DESC LIMIT ?9";
static const char sql_search_old[] =
    "SELECT " COLS " FROM audit WHERE" FILTER " ORDER BY seq LIMIT ?9";
/* with a subject the partial index audit_subject answers (equality implies NOT NULL) */
static const char sql_subject_new[] =
    "SELECT " COLS " FROM audit WHERE subject_id = ?10 AND" FILTER " ORDER BY seq DESC LIMIT ?9";
static const char sql_subject_old[] =
    "SELECT " COLS " FROM audit WHERE subject_id = ?10 AND" FILTER " ORDER BY seq LIMIT ?9";
static const char sql_anchor[] = "SELECT value FROM meta WHERE key = 'audit.anchor'";
static const char sql_anchor_put[] = "INSERT INTO meta(key, value) VALUES ('audit.anchor', ?1)"
                                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char sql_ckpt_put[] = "INSERT INTO audit_checkpoints(seq, at, mac, signature, "
                                   "public_key) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_ckpt_has[] = "SELECT 1 FROM audit_checkpoints WHERE seq = ?1";
static const char sql_ckpt_seq[] =
    "SELECT seq, at, mac, signature, public_key FROM audit_checkpoints WHERE seq = ?1";
static const char sql_ckpt_before[] =
    "SELECT seq, at, mac, signature, public_key FROM audit_checkpoints WHERE at < ?1"
    " ORDER BY seq DESC LIMIT 1";
static const char sql_ckpt_scan[] =
    "SELECT seq, at, mac, signature, public_key FROM audit_checkpoints ORDER BY seq";

/* Set only while this thread runs the purge's DELETE: what xy_audit_purging() returns. */
static _Thread_local int purging;

static void copy_mac(char out[65], const unsigned char *t)
{
    snprintf(out, 65, "%s", t ? (const char *)t : "");
}

/* Borrowed column text: valid until the statement steps again (the visitors' contract). */
static const char *ctext(sqlite3_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(st, col);
}

static void read_row(sqlite3_stmt *st, struct xy_audit_row *r)
{
    r->seq = sqlite3_column_int64(st, 0);
    r->at = sqlite3_column_int64(st, 1);
    r->actor = ctext(st, 2);
    r->role = ctext(st, 3);
    r->dept_id = sqlite3_column_int64(st, 4);
    r->client = ctext(st, 5);
    r->action = ctext(st, 6);
    r->target = ctext(st, 7);
    r->subject_id = sqlite3_column_int64(st, 8);
    r->purpose = ctext(st, 9);
    r->result = ctext(st, 10);
    r->detail = ctext(st, 11);
    r->mac = ctext(st, 12);
}

static const char *dup(struct xy_arena *a, const char *s)
{
    return s ? xy_arena_strdup(a, s) : NULL;
}

xy_code xy_sq_audit_anchor(struct xy_store *xs, int64_t *seq, char mac[65], struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_anchor);
    int rc = sqlite3_step(st);

    *seq = 0;
    mac[0] = '\0';
    if (rc == SQLITE_ROW) {
        const char *v = ctext(st, 0);
        long long n;
        int used = 0;
        if (!v || sscanf(v, "%lld:%n", &n, &used) != 1 || used == 0 || strlen(v + used) != 64) {
            sqlite3_reset(st);
            return xy_err_set(err, XY_STORAGE, "the audit anchor in meta is malformed");
        }
        *seq = n;
        copy_mac(mac, (const unsigned char *)v + used);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the audit anchor");
    return XY_OK;
}

xy_code xy_sq_audit_last(struct xy_store *xs, int64_t *seq, char mac[65], struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_last);
    int rc = sqlite3_step(st);

    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        copy_mac(mac, sqlite3_column_text(st, 1));
        sqlite3_reset(st);
        return XY_OK;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the last audit row");
    return xy_sq_audit_anchor(xs, seq, mac, err);
}

xy_code xy_sq_audit_insert(struct xy_store *xs, const struct xy_audit_row *r, struct xy_err *err)
{
    sqlite3_stmt *st;
    int rc;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL,
                          "an audit row must be written inside the transaction of its action");
    st = xy_sq_stmt(xs, sql_insert);
    sqlite3_bind_int64(st, 1, r->seq);
    sqlite3_bind_int64(st, 2, r->at);
    xy_sq_bind_text(st, 3, r->actor);
    xy_sq_bind_text(st, 4, r->role);
    xy_sq_bind_id(st, 5, r->dept_id);
    xy_sq_bind_text(st, 6, r->client);
    xy_sq_bind_text(st, 7, r->action);
    xy_sq_bind_text(st, 8, r->target);
    xy_sq_bind_id(st, 9, r->subject_id);
    xy_sq_bind_text(st, 10, r->purpose);
    xy_sq_bind_text(st, 11, r->result);
    xy_sq_bind_text(st, 12, r->detail);
    xy_sq_bind_text(st, 13, r->mac);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "append to the audit trail");
    return XY_OK;
}

xy_code xy_sq_audit_scan(struct xy_store *xs, int64_t after_seq, xy_audit_row_fn fn, void *arg,
                         struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_scan);
    struct xy_audit_row r;
    int rc;

    sqlite3_bind_int64(st, 1, after_seq);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_row(st, &r);
        if (fn(arg, &r) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the audit trail");
    return XY_OK;
}

xy_code xy_sq_audit_search(struct xy_store *xs, const struct xy_audit_filter *f, struct xy_arena *a,
                           struct xy_audit_row **out, size_t *n, struct xy_err *err)
{
    const char *sql = f->subject_id ? (f->oldest_first ? sql_subject_old : sql_subject_new)
                                    : (f->oldest_first ? sql_search_old : sql_search_new);
    sqlite3_stmt *st = xy_sq_stmt(xs, sql);
    size_t limit = f->limit ? f->limit : 100, k = 0;
    const char *action = f->action, *prefix = NULL;
    struct xy_audit_row *rows;
    int rc;

    if (action && *action && action[strlen(action) - 1] == '*') {
        prefix = xy_arena_strndup(a, action, strlen(action) - 1);
        action = NULL;
    }
    xy_sq_bind_text(st, 1, f->actor && *f->actor ? f->actor : NULL);
    xy_sq_bind_text(st, 2, action && *action ? action : NULL);
    xy_sq_bind_text(st, 3, prefix);
    sqlite3_bind_int64(st, 4, f->from_ms ? f->from_ms : INT64_MIN);
    sqlite3_bind_int64(st, 5, f->to_ms ? f->to_ms : INT64_MAX);
    sqlite3_bind_int64(st, 6, f->min_seq ? f->min_seq : INT64_MIN);
    sqlite3_bind_int64(st, 7, f->max_seq ? f->max_seq : INT64_MAX);
    sqlite3_bind_int(st, 8, f->reads_only != 0);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)limit);
    if (f->subject_id)
        sqlite3_bind_int64(st, 10, f->subject_id);
    /* limit is capped by the service; one allocation of the whole page */
    rows = xy_arena_zalloc(a, limit * sizeof(*rows));
    while (k < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_audit_row *r = &rows[k++];
        read_row(st, r);
        r->actor = dup(a, r->actor);
        r->role = dup(a, r->role);
        r->client = dup(a, r->client);
        r->action = dup(a, r->action);
        r->target = dup(a, r->target);
        r->purpose = dup(a, r->purpose);
        r->result = dup(a, r->result);
        r->detail = dup(a, r->detail);
        r->mac = dup(a, r->mac);
    }
    if (k < limit && rc != SQLITE_DONE) {
        sqlite3_reset(st);
        return xy_sq_error(xs, err, "search the audit trail");
    }
    sqlite3_reset(st);
    *out = rows;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_audit_checkpoint_put(struct xy_store *xs, const struct xy_audit_checkpoint *c,
                                   struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_ckpt_has);
    int rc;

    sqlite3_bind_int64(st, 1, c->seq);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return xy_err_set(err, XY_CONFLICT, "a checkpoint of audit row %" PRId64 " exists", c->seq);
    st = xy_sq_stmt(xs, sql_ckpt_put);
    sqlite3_bind_int64(st, 1, c->seq);
    sqlite3_bind_int64(st, 2, c->at);
    xy_sq_bind_text(st, 3, c->mac);
    xy_sq_bind_text(st, 4, c->signature);
    xy_sq_bind_text(st, 5, c->public_key);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "store the audit checkpoint");
    return XY_OK;
}

static void read_ckpt(sqlite3_stmt *st, struct xy_audit_checkpoint *c)
{
    c->seq = sqlite3_column_int64(st, 0);
    c->at = sqlite3_column_int64(st, 1);
    c->mac = ctext(st, 2);
    c->signature = ctext(st, 3);
    c->public_key = ctext(st, 4);
}

xy_code xy_sq_audit_checkpoint_get(struct xy_store *xs, int64_t seq, int64_t before_at,
                                   struct xy_arena *a, struct xy_audit_checkpoint *out,
                                   struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, seq > 0 ? sql_ckpt_seq : sql_ckpt_before);
    int rc;

    sqlite3_bind_int64(st, 1, seq > 0 ? seq : (before_at ? before_at : INT64_MAX));
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_ckpt(st, out);
        out->mac = dup(a, out->mac);
        out->signature = dup(a, out->signature);
        out->public_key = dup(a, out->public_key);
        sqlite3_reset(st);
        return XY_OK;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the audit checkpoints");
    return xy_err_set(err, XY_NOT_FOUND, "没有符合条件的审计检查点");
}

xy_code xy_sq_audit_checkpoint_scan(struct xy_store *xs, xy_audit_checkpoint_fn fn, void *arg,
                                    struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_ckpt_scan);
    struct xy_audit_checkpoint c;
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_ckpt(st, &c);
        if (fn(arg, &c) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "read the audit checkpoints");
    return XY_OK;
}

static void purging_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(c, purging);
}

xy_code xy_sq_audit_purge(struct xy_store *xs, int64_t upto_seq, const char *mac, int64_t *deleted,
                          struct xy_err *err)
{
    sqlite3 *db = xy_sq_db(xs);
    sqlite3_stmt *st = NULL;
    char anchor[96];
    int rc;

    *deleted = 0;
    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "the audit purge must run inside a transaction");
    if (!mac || strlen(mac) != 64)
        return xy_err_set(err, XY_INTERNAL, "the audit anchor needs a 64-digit mac");
    /* Registering anew is harmless; SQLITE_BUSY means it exists already and a statement of
     * this connection is still running, so it need not be registered. */
    rc = sqlite3_create_function_v2(db, "xy_audit_purging", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                    purging_fn, NULL, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        return xy_sq_error(xs, err, "prepare the audit purge");
    /* prepared here and finalized at once: the trigger is compiled into this statement */
    if (sqlite3_prepare_v2(db, "DELETE FROM audit WHERE seq <= ?1", -1, &st, NULL) != SQLITE_OK)
        return xy_sq_error(xs, err, "prepare the audit purge");
    sqlite3_bind_int64(st, 1, upto_seq);
    purging = 1;
    rc = sqlite3_step(st);
    purging = 0;
    if (rc != SQLITE_DONE) {
        xy_code c = xy_sq_error(xs, err, "purge the audit trail");
        sqlite3_finalize(st);
        return c;
    }
    *deleted = sqlite3_changes64(db);
    sqlite3_finalize(st);
    snprintf(anchor, sizeof(anchor), "%" PRId64 ":%s", upto_seq, mac);
    st = xy_sq_stmt(xs, sql_anchor_put);
    sqlite3_bind_text(st, 1, anchor, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "record the audit anchor");
    return XY_OK;
}
