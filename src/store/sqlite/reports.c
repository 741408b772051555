/* reports.c - credit reports issued and persons' authorisations, in SQLite (layer: store,
 * sqlite backend)
 *
 * Rows only: what a report says, who may have one and how it is verified are
 * service/report.c's. Both tables are append-only (migration 11's triggers); an authorisation
 * is revoked by its one later write.
 */
#include <stdint.h>
#include <string.h>

#include "base/time.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

static const char sql_report_put[] =
    "INSERT INTO reports(number, code_mac, subject_id, scope, domains, period_from, period_to,"
    " audience, issued_at, issued_by, grant_id, content, content_sm3, signature, key_sm3,"
    " pdf_sm3, pdf_bytes)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char sql_report_get[] =
    "SELECT id, number, code_mac, subject_id, scope, domains, period_from, period_to, audience,"
    " issued_at, issued_by, coalesce(grant_id, 0), content, content_sm3, signature, key_sm3,"
    " pdf_sm3, pdf_bytes FROM reports WHERE number = ?1";
static const char sql_grant_put[] =
    "INSERT INTO report_grants(subject_id, grantee_user_id, purpose, granted_at, expires_on)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_grant_list[] =
    "SELECT g.id, g.subject_id, g.grantee_user_id, u.login, u.display_name, g.purpose,"
    " g.granted_at, g.expires_on, coalesce(g.revoked_at, 0)"
    " FROM report_grants g LEFT JOIN users u ON u.id = g.grantee_user_id"
    " WHERE g.subject_id = ?1 ORDER BY g.id DESC LIMIT ?2";
static const char sql_grant_revoke[] =
    "UPDATE report_grants SET revoked_at = ?3 WHERE id = ?1 AND subject_id = ?2"
    " AND revoked_at IS NULL";
static const char sql_grant_exists[] =
    "SELECT 1 FROM report_grants WHERE id = ?1 AND subject_id = ?2";
static const char sql_grant_live[] =
    "SELECT max(id) FROM report_grants INDEXED BY report_grants_grantee"
    " WHERE grantee_user_id = ?2 AND subject_id = ?1 AND revoked_at IS NULL"
    " AND expires_on >= ?3";

xy_code xy_sq_report_put(struct xy_store *xs, struct xy_report_row *r, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_report_put);
    int rc;

    sqlite3_bind_text(st, 1, r->number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->code_mac, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->subject_id);
    sqlite3_bind_text(st, 4, r->scope, -1, SQLITE_STATIC);
    xy_sq_bind_text(st, 5, r->domains);
    xy_sq_bind_text(st, 6, r->period_from);
    xy_sq_bind_text(st, 7, r->period_to);
    sqlite3_bind_text(st, 8, r->audience, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, r->issued_at);
    sqlite3_bind_text(st, 10, r->issued_by, -1, SQLITE_STATIC);
    xy_sq_bind_id(st, 11, r->grant_id);
    sqlite3_bind_text(st, 12, r->content, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, r->content_sm3, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, r->signature, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 15, r->key_sm3, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 16, r->pdf_sm3, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 17, r->pdf_bytes);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        r->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
        sqlite3_reset(st);
        return XY_OK;
    }
    if (sqlite3_extended_errcode(xy_sq_db(xs)) == SQLITE_CONSTRAINT_UNIQUE) {
        sqlite3_reset(st);
        return xy_err_set(err, XY_CONFLICT, "report number %s is taken", r->number);
    }
    {
        xy_code c = xy_sq_error(xs, err, "store the report");
        sqlite3_reset(st);
        return c;
    }
}

xy_code xy_sq_report_get(struct xy_store *xs, const char *number, struct xy_arena *a,
                         struct xy_report_row *out, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_report_get);
    int rc;

    memset(out, 0, sizeof(*out));
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(st, 0);
        out->number = xy_sq_text(a, st, 1);
        out->code_mac = xy_sq_text(a, st, 2);
        out->subject_id = sqlite3_column_int64(st, 3);
        out->scope = xy_sq_text(a, st, 4);
        out->domains = xy_sq_text(a, st, 5);
        out->period_from = xy_sq_text(a, st, 6);
        out->period_to = xy_sq_text(a, st, 7);
        out->audience = xy_sq_text(a, st, 8);
        out->issued_at = sqlite3_column_int64(st, 9);
        out->issued_by = xy_sq_text(a, st, 10);
        out->grant_id = sqlite3_column_int64(st, 11);
        out->content = xy_sq_text(a, st, 12);
        out->content_sm3 = xy_sq_text(a, st, 13);
        out->signature = xy_sq_text(a, st, 14);
        out->key_sm3 = xy_sq_text(a, st, 15);
        out->pdf_sm3 = xy_sq_text(a, st, 16);
        out->pdf_bytes = sqlite3_column_int64(st, 17);
    }
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return XY_OK;
    if (rc == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "no report numbered %s", number);
    return xy_sq_error(xs, err, "read the report");
}

xy_code xy_sq_grant_put(struct xy_store *xs, struct xy_grant_row *g, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_grant_put);
    int rc;

    sqlite3_bind_int64(st, 1, g->subject_id);
    sqlite3_bind_int64(st, 2, g->grantee_user_id);
    sqlite3_bind_text(st, 3, g->purpose, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, g->granted_at);
    sqlite3_bind_text(st, 5, g->expires_on, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "store the authorisation");
    g->id = sqlite3_last_insert_rowid(xy_sq_db(xs));
    return XY_OK;
}

xy_code xy_sq_grant_list(struct xy_store *xs, int64_t subject_id, struct xy_arena *a,
                         struct xy_grant_row **out, size_t *n, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_grant_list);
    struct xy_grant_row *v = NULL;
    size_t k = 0, cap = 0;
    int rc;

    sqlite3_bind_int64(st, 1, subject_id);
    sqlite3_bind_int64(st, 2, XY_GRANTS_MAX);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct xy_grant_row *g;
        v = xy_sq_grow(a, v, k, &cap, sizeof(*v));
        g = &v[k++];
        g->id = sqlite3_column_int64(st, 0);
        g->subject_id = sqlite3_column_int64(st, 1);
        g->grantee_user_id = sqlite3_column_int64(st, 2);
        g->grantee_login = xy_sq_text(a, st, 3);
        g->grantee_name = xy_sq_text(a, st, 4);
        g->purpose = xy_sq_text(a, st, 5);
        g->granted_at = sqlite3_column_int64(st, 6);
        g->expires_on = xy_sq_text(a, st, 7);
        g->revoked_at = sqlite3_column_int64(st, 8);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "list the authorisations");
    *out = v;
    *n = k;
    return XY_OK;
}

xy_code xy_sq_grant_revoke(struct xy_store *xs, int64_t id, int64_t subject_id, int64_t at,
                           struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_grant_revoke);
    int rc, changed;

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, subject_id);
    sqlite3_bind_int64(st, 3, at);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xy_sq_error(xs, err, "revoke the authorisation");
    changed = sqlite3_changes(xy_sq_db(xs));
    if (changed)
        return XY_OK;
    st = xy_sq_stmt(xs, sql_grant_exists);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, subject_id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return xy_err_set(err, XY_CONFLICT, "该授权已撤销");
    if (rc == SQLITE_DONE)
        return xy_err_set(err, XY_NOT_FOUND, "未找到该授权");
    return xy_sq_error(xs, err, "read the authorisation");
}

xy_code xy_sq_grant_live(struct xy_store *xs, int64_t subject_id, int64_t grantee_user_id,
                         const char *today, int64_t *grant_id, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_grant_live);
    int rc;

    *grant_id = 0;
    sqlite3_bind_int64(st, 1, subject_id);
    sqlite3_bind_int64(st, 2, grantee_user_id);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *grant_id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return xy_sq_error(xs, err, "read the authorisations");
    return *grant_id ? XY_OK : xy_err_set(err, XY_NOT_FOUND, "no authorisation in force");
}
