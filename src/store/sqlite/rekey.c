/* rekey.c - count and re-seal the sealed values of a SQLite database (layer: store)
 *
 * Re-sealing opens each value with the data key version that sealed it and seals it again
 * under the current one (store/seal.h); values from before the keyring ("p1:") are sealed for
 * the first time, and ID-number identifiers of that time become the lookup form. Rows are
 * walked by id (keyset: each chunk is a short index range scan, whatever the table's size).
 *
 * Records are append-only (migration 1's trigger). Migration 6 lets an UPDATE through only
 * while xy_rekeying() returns 1, and then only of the payload column. The function exists on a
 * connection only after its first re-sealing chunk here, and returns 1 only while this thread
 * runs the payload UPDATE: on any other connection an UPDATE of records fails to compile
 * ("no such function"), on this one it is refused outside the re-sealing.
 */
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/json.h"
#include "crypto/keyring.h"
#include "domain/codes.h"
#include "store/seal.h"

/* What xy_rekeying() returns: set only around the payload UPDATE of this thread. */
static _Thread_local int rekeying;

static void fn_rekeying(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    sqlite3_result_int(c, rekeying);
}

/* The version of a stored sealed value: 0 for "p1:", -1 when not sealed at all. */
static int version_of(const char *v)
{
    if (!v)
        return -1;
    if (!strncmp(v, "p1:", 3))
        return 0;
    return xy_keyring_version_of(v) ? xy_keyring_version_of(v) : -1;
}

/* ---- counting ---- */

struct counts {
    struct xy_sealed_count *v;
    size_t n, cap;
    struct xy_arena *a;
};

static void count_add(struct counts *c, enum xy_sealed_place place, int version, int64_t n)
{
    if (n <= 0)
        return;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].place == place && c->v[i].version == version) {
            c->v[i].n += n;
            return;
        }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct xy_sealed_count *nv = xy_arena_alloc(c->a, cap * sizeof(*nv));
        if (c->n)
            memcpy(nv, c->v, c->n * sizeof(*nv));
        c->v = nv;
        c->cap = cap;
    }
    c->v[c->n++] = (struct xy_sealed_count){.place = place, .version = version, .n = n};
}

static int by_place_version(const void *pa, const void *pb)
{
    const struct xy_sealed_count *a = pa, *b = pb;
    if (a->place != b->place)
        return a->place < b->place ? -1 : 1;
    return (a->version > b->version) - (a->version < b->version);
}

/* "s12:..." -> 12, "p1:..." -> 0, in SQL: lets a GROUP BY count without reading values out */
#define SQL_VERSION(col)                                                                           \
    "CASE WHEN " col " GLOB 'p1:*' THEN 0 WHEN " col " GLOB 's[1-9]*:*' THEN"                      \
    " CAST(substr(" col ", 2, instr(" col ", ':') - 2) AS INTEGER) ELSE -1 END"

static const char sql_count_subjects[] =
    "SELECT " SQL_VERSION("code") " AS v, count(*)"
                                  " FROM subjects WHERE code_type IN (?1, ?2) GROUP BY v";
static const char sql_count_totp[] =
    "SELECT " SQL_VERSION("totp_secret") " AS v, count(*)"
                                         " FROM users WHERE totp_secret IS NOT NULL GROUP BY v";
static const char sql_count_idents[] =
    "SELECT count(*) FROM identifiers WHERE type IN (?1, ?2) AND value >= 'p1:' AND value < 'p1;'";
/* layouts with a sealed field ("#CODE") */
static const char sql_sealed_records[] =
    "SELECT r.id, r.payload, l.fields FROM records r JOIN layouts l ON l.id = r.layout_id"
    " WHERE r.id > ?1 AND instr(l.fields, '\"#') > 0 ORDER BY r.id LIMIT ?2";

static xy_code count_grouped(struct xy_store *xs, const char *sql, enum xy_sealed_place place,
                             int bind_types, struct counts *c, struct xy_err *err)
{
    sqlite3_stmt *st = xy_sq_stmt(xs, sql);
    int r;

    if (bind_types) {
        sqlite3_bind_int(st, 1, XY_IDENT_IDCARD);
        sqlite3_bind_int(st, 2, XY_IDENT_OTHER_ID);
    }
    while ((r = sqlite3_step(st)) == SQLITE_ROW)
        if (sqlite3_column_int(st, 0) >= 0)
            count_add(c, place, sqlite3_column_int(st, 0), sqlite3_column_int64(st, 1));
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "count sealed values");
    return XY_OK;
}

/* The sealed fields of one record: their positions in codes/vals. */
static size_t sealed_fields(const char **codes, size_t ncodes, const char **vals, size_t nvals,
                            size_t *pos, size_t cap)
{
    size_t n = 0, m = ncodes < nvals ? ncodes : nvals;

    for (size_t i = 0; i < m && n < cap; i++)
        if (codes[i] && codes[i][0] == '#' && vals[i])
            pos[n++] = i;
    return n;
}

static xy_code count_records(struct xy_store *xs, struct counts *c, struct xy_err *err)
{
    struct xy_arena *scratch = xy_arena_new();
    int64_t last = 0;
    xy_code rc = XY_OK;
    int r, got;

    do {
        sqlite3_stmt *st = xy_sq_stmt(xs, sql_sealed_records);
        sqlite3_bind_int64(st, 1, last);
        sqlite3_bind_int(st, 2, 5000);
        got = 0;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            const char **codes, **vals;
            size_t ncodes, nvals, pos[64], np;
            got++;
            last = sqlite3_column_int64(st, 0);
            if (xy_json_strings((const char *)sqlite3_column_text(st, 2), scratch, &codes,
                                &ncodes) != 0 ||
                xy_json_strings((const char *)sqlite3_column_text(st, 1), scratch, &vals, &nvals) !=
                    0)
                continue;
            np = sealed_fields(codes, ncodes, vals, nvals, pos, 64);
            for (size_t k = 0; k < np; k++) {
                int v = version_of(vals[pos[k]]);
                if (v >= 0)
                    count_add(c, XY_SEALED_RECORDS, v, 1);
            }
        }
        sqlite3_reset(st);
        xy_arena_reset(scratch);
        if (r != SQLITE_DONE) {
            rc = xy_sq_error(xs, err, "count sealed record values");
            break;
        }
    } while (got == 5000);
    xy_arena_free(scratch);
    return rc;
}

xy_code xy_sq_sealed_counts(struct xy_store *xs, struct xy_arena *a, struct xy_sealed_count **out,
                            size_t *n, struct xy_err *err)
{
    struct counts c = {.a = a};
    sqlite3_stmt *st;
    xy_code rc;
    int r;

    if ((rc = count_grouped(xs, sql_count_subjects, XY_SEALED_SUBJECTS, 1, &c, err)) != XY_OK ||
        (rc = count_records(xs, &c, err)) != XY_OK ||
        (rc = count_grouped(xs, sql_count_totp, XY_SEALED_TOTP, 0, &c, err)) != XY_OK)
        return rc;
    st = xy_sq_stmt(xs, sql_count_idents);
    sqlite3_bind_int(st, 1, XY_IDENT_IDCARD);
    sqlite3_bind_int(st, 2, XY_IDENT_OTHER_ID);
    if ((r = sqlite3_step(st)) == SQLITE_ROW)
        count_add(&c, XY_SEALED_IDENTIFIERS, 0, sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    if (r != SQLITE_ROW)
        return xy_sq_error(xs, err, "count identifiers from before the keyring");
    if (c.n)
        qsort(c.v, c.n, sizeof(*c.v), by_place_version);
    *out = c.v;
    *n = c.n;
    return XY_OK;
}

/* ---- re-sealing ---- */

static const char sql_subjects_chunk[] =
    "SELECT id, code FROM subjects WHERE id > ?1 AND code_type IN (?2, ?3) ORDER BY id LIMIT ?4";
static const char sql_subject_set[] = "UPDATE subjects SET code = ?2 WHERE id = ?1";
static const char sql_totp_chunk[] =
    "SELECT id, totp_secret FROM users"
    " WHERE id > ?1 AND totp_secret IS NOT NULL ORDER BY id LIMIT ?2";
static const char sql_totp_set[] = "UPDATE users SET totp_secret = ?2 WHERE id = ?1";
static const char sql_idents_chunk[] =
    "SELECT type, value FROM identifiers"
    " WHERE type IN (?1, ?2) AND value >= 'p1:' AND value < 'p1;' LIMIT ?3";
static const char sql_ident_set[] =
    "UPDATE OR IGNORE identifiers SET value = ?3 WHERE type = ?1 AND value = ?2";
static const char sql_ident_drop[] = "DELETE FROM identifiers WHERE type = ?1 AND value = ?2";
static const char sql_record_set[] = "UPDATE records SET payload = ?2 WHERE id = ?1";

/* v sealed again under the current version, or NULL when it already is (or cannot be). */
static const char *reseal(struct xy_keyring *kr, const char *purpose, const char *v,
                          struct xy_arena *a, struct xy_err *err, xy_code *rc)
{
    int version = version_of(v), current = xy_keyring_current(kr);
    const char *plain;

    *rc = XY_OK;
    if (version < 0 || version == current)
        return NULL;
    if (version == 0)
        plain = v + 3;
    else if (!(plain = xy_keyring_open(kr, purpose, v, a, err))) {
        *rc = err ? err->code : XY_INVALID;
        return NULL;
    }
    return xy_keyring_seal(kr, purpose, plain, a);
}

/* subjects.code or users.totp_secret: one column of a rowid table. */
static xy_code reseal_column(struct xy_store *xs, enum xy_sealed_place place, size_t limit,
                             int64_t *cursor, size_t *changed, int *more, struct xy_arena *a,
                             struct xy_err *err)
{
    int subjects = place == XY_SEALED_SUBJECTS;
    const char *purpose = subjects ? "idno" : "totp";
    struct xy_keyring *kr = xy_sq_keys(xs);
    sqlite3_stmt *st = xy_sq_stmt(xs, subjects ? sql_subjects_chunk : sql_totp_chunk);
    int64_t *ids = xy_arena_alloc(a, limit * sizeof(*ids));
    const char **vals = xy_arena_alloc(a, limit * sizeof(*vals));
    size_t n = 0;
    xy_code rc = XY_OK;
    int r;

    sqlite3_bind_int64(st, 1, *cursor);
    if (subjects) {
        sqlite3_bind_int(st, 2, XY_IDENT_IDCARD);
        sqlite3_bind_int(st, 3, XY_IDENT_OTHER_ID);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)limit);
    } else {
        sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
    }
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(st, 0);
        vals[n++] = xy_sq_text(a, st, 1);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read sealed values");
    for (size_t i = 0; i < n; i++) {
        const char *v = reseal(kr, purpose, vals[i], a, err, &rc);
        if (rc != XY_OK)
            return xy_err_prefix(err, "%s row %lld: ", xy_sealed_place_name(place),
                                 (long long)ids[i]);
        if (!v)
            continue;
        st = xy_sq_stmt(xs, subjects ? sql_subject_set : sql_totp_set);
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
            return xy_sq_error(xs, err, "re-seal a value");
        (*changed)++;
    }
    if (n)
        *cursor = ids[n - 1];
    *more = n == limit;
    return XY_OK;
}

/* Identifiers of before the keyring: "p1:<number>" becomes the lookup form. */
static xy_code reseal_identifiers(struct xy_store *xs, size_t limit, size_t *changed, int *more,
                                  struct xy_arena *a, struct xy_err *err)
{
    struct xy_keyring *kr = xy_sq_keys(xs);
    sqlite3_stmt *st = xy_sq_stmt(xs, sql_idents_chunk);
    int *types = xy_arena_alloc(a, limit * sizeof(*types));
    const char **vals = xy_arena_alloc(a, limit * sizeof(*vals));
    size_t n = 0;
    int r;

    sqlite3_bind_int(st, 1, XY_IDENT_IDCARD);
    sqlite3_bind_int(st, 2, XY_IDENT_OTHER_ID);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        types[n] = sqlite3_column_int(st, 0);
        vals[n++] = xy_sq_text(a, st, 1);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read identifiers");
    for (size_t i = 0; i < n; i++) {
        const char *lookup = xy_store_idno_lookup(kr, a, vals[i] + 3);
        st = xy_sq_stmt(xs, sql_ident_set);
        sqlite3_bind_int(st, 1, types[i]);
        sqlite3_bind_text(st, 2, vals[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, lookup, -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
            return xy_sq_error(xs, err, "convert an identifier");
        /* already there in the lookup form (the same person submitted since): drop the old */
        st = xy_sq_stmt(xs, sql_ident_drop);
        sqlite3_bind_int(st, 1, types[i]);
        sqlite3_bind_text(st, 2, vals[i], -1, SQLITE_STATIC);
        r = sqlite3_step(st);
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
            return xy_sq_error(xs, err, "convert an identifier");
        (*changed)++;
    }
    /* converted rows leave the range: the next chunk starts from its beginning again */
    *more = n == limit;
    return XY_OK;
}

/* Once per connection: redefining a function would expire every prepared statement. */
static xy_code register_rekeying(struct xy_store *xs, struct xy_err *err)
{
    sqlite3_stmt *probe = NULL;
    int known =
        sqlite3_prepare_v2(xy_sq_db(xs), "SELECT xy_rekeying()", -1, &probe, NULL) == SQLITE_OK;

    sqlite3_finalize(probe);
    if (known)
        return XY_OK;
    /* innocuous: the migration 6 trigger calls it, and all it tells is a flag of this thread */
    if (sqlite3_create_function_v2(xy_sq_db(xs), "xy_rekeying", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                   NULL, fn_rekeying, NULL, NULL, NULL) != SQLITE_OK)
        return xy_sq_error(xs, err, "register xy_rekeying()");
    return XY_OK;
}

static xy_code reseal_records(struct xy_store *xs, size_t limit, int64_t *cursor, size_t *changed,
                              int *more, struct xy_arena *a, struct xy_err *err)
{
    struct xy_keyring *kr = xy_sq_keys(xs);
    sqlite3_stmt *st;
    int64_t *ids = xy_arena_alloc(a, limit * sizeof(*ids));
    const char **payloads = xy_arena_alloc(a, limit * sizeof(*payloads));
    const char **layouts = xy_arena_alloc(a, limit * sizeof(*layouts));
    size_t n = 0;
    xy_code rc;
    int r;

    if ((rc = register_rekeying(xs, err)) != XY_OK)
        return rc;
    st = xy_sq_stmt(xs, sql_sealed_records);
    sqlite3_bind_int64(st, 1, *cursor);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        ids[n] = sqlite3_column_int64(st, 0);
        payloads[n] = xy_sq_text(a, st, 1);
        layouts[n++] = xy_sq_text(a, st, 2);
    }
    sqlite3_reset(st);
    if (r != SQLITE_DONE)
        return xy_sq_error(xs, err, "read sealed records");
    for (size_t i = 0; i < n; i++) {
        const char **codes, **vals;
        size_t ncodes, nvals, pos[64], np;
        int touched = 0;
        if (xy_json_strings(layouts[i], a, &codes, &ncodes) != 0 ||
            xy_json_strings(payloads[i], a, &vals, &nvals) != 0)
            return xy_err_set(err, XY_STORAGE, "record %lld has a malformed payload",
                              (long long)ids[i]);
        np = sealed_fields(codes, ncodes, vals, nvals, pos, 64);
        for (size_t k = 0; k < np; k++) {
            const char *v = reseal(kr, "idno", vals[pos[k]], a, err, &rc);
            if (rc != XY_OK)
                return xy_err_prefix(err, "record %lld: ", (long long)ids[i]);
            if (v) {
                vals[pos[k]] = v;
                touched = 1;
            }
        }
        if (!touched)
            continue;
        /* the same encoding as xy_store_record_encode: strings and nulls, nothing else */
        struct xy_buf b = XY_BUF_INIT;
        xy_buf_addc(&b, '[');
        for (size_t k = 0; k < nvals; k++) {
            if (k)
                xy_buf_addc(&b, ',');
            if (vals[k])
                xy_json_cstr(&b, vals[k]);
            else
                xy_buf_add(&b, "null", 4);
        }
        xy_buf_addc(&b, ']');
        st = xy_sq_stmt(xs, sql_record_set);
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_text(st, 2, b.data, (int)b.len, SQLITE_TRANSIENT);
        xy_buf_release(&b);
        rekeying = 1;
        r = sqlite3_step(st);
        rekeying = 0;
        sqlite3_reset(st);
        if (r != SQLITE_DONE)
            return xy_sq_error(xs, err, "re-seal a record");
        (*changed)++;
    }
    if (n)
        *cursor = ids[n - 1];
    *more = n == limit;
    return XY_OK;
}

xy_code xy_sq_reseal_chunk(struct xy_store *xs, int place, size_t limit, int64_t *cursor,
                           size_t *changed, int *more, struct xy_err *err)
{
    struct xy_arena *a;
    xy_code rc;

    if (!xy_sq_in_tx(xs))
        return xy_err_set(err, XY_INTERNAL, "re-sealing runs inside a write transaction");
    if (!xy_sq_keys(xs))
        return xy_err_set(err, XY_INTERNAL, "cannot re-seal without a keyring");
    a = xy_arena_new();
    switch ((enum xy_sealed_place)place) {
    case XY_SEALED_SUBJECTS:
    case XY_SEALED_TOTP:
        rc = reseal_column(xs, (enum xy_sealed_place)place, limit, cursor, changed, more, a, err);
        break;
    case XY_SEALED_IDENTIFIERS:
        rc = reseal_identifiers(xs, limit, changed, more, a, err);
        break;
    case XY_SEALED_RECORDS:
        rc = reseal_records(xs, limit, cursor, changed, more, a, err);
        break;
    default:
        rc = xy_err_set(err, XY_INVALID, "no place %d of sealed values", place);
    }
    xy_arena_free(a);
    return rc;
}
