/* store.c - wrappers in front of the backend's ops: the checks every backend shares
 * (layer: store) */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/hmap.h"
#include "base/json.h"
#include "base/time.h"
#include "store/seal.h"

xy_code xy_store_open(const struct xy_store_opts *o, struct xy_store **out, struct xy_err *err)
{
    if (!o->path || !*o->path)
        return xy_err_set(err, XY_INVALID, "no database path given (use --db or XINYONG_DB)");
    if (!strncmp(o->path, "postgresql://", 13) || !strncmp(o->path, "postgres://", 11))
        return xy_err_set(err, XY_INVALID,
                          "the PostgreSQL backend is not built yet; use a file path");
    /* ID numbers are sealed and found only through the keyring: never store them without */
    if (!o->keys)
        return xy_err_set(err, XY_INVALID, "cannot open the store without a keyring");
    return xy_store_sqlite_ops.open(o, out, err);
}

void xy_store_close(struct xy_store *s)
{
    if (s)
        s->ops->close(s);
}

xy_code xy_store_begin(struct xy_store *s, struct xy_err *err)
{
    return s->ops->begin(s, err);
}

xy_code xy_store_commit(struct xy_store *s, struct xy_err *err)
{
    return s->ops->commit(s, err);
}

void xy_store_rollback(struct xy_store *s)
{
    s->ops->rollback(s);
}

xy_code xy_store_search_optimize(struct xy_store *s, struct xy_err *err)
{
    return s->ops->search_optimize(s, err);
}

xy_code xy_store_read_begin(struct xy_store *s, struct xy_err *err)
{
    return s->ops->read_begin(s, err);
}

void xy_store_read_end(struct xy_store *s)
{
    s->ops->read_end(s);
}

xy_code xy_store_dept_put(struct xy_store *s, const struct xy_dept *d, struct xy_err *err)
{
    if (!d->uscc || !d->name || !*d->name)
        return xy_err_set(err, XY_INVALID, "a department needs a code and a name");
    return s->ops->dept_put(s, d, err);
}

xy_code xy_store_dept_get(struct xy_store *s, const char *uscc, struct xy_arena *a,
                          struct xy_dept *out, struct xy_err *err)
{
    return s->ops->dept_get(s, uscc, a, out, err);
}

xy_code xy_store_dept_list(struct xy_store *s, struct xy_arena *a, struct xy_dept **out, size_t *n,
                           struct xy_err *err)
{
    return s->ops->dept_list(s, a, out, n, err);
}

xy_code xy_store_uscc_allow_put(struct xy_store *s, const char *code, const char *reason,
                                struct xy_err *err)
{
    return s->ops->uscc_allow_put(s, code, reason, err);
}

xy_code xy_store_uscc_allow_list(struct xy_store *s, struct xy_arena *a, const char ***codes,
                                 const char ***reasons, size_t *n, struct xy_err *err)
{
    return s->ops->uscc_allow_list(s, a, codes, reasons, n, err);
}

xy_code xy_store_submission_put(struct xy_store *s, struct xy_submission *sub, struct xy_err *err)
{
    return s->ops->submission_put(s, sub, err);
}

xy_code xy_store_submission_finish(struct xy_store *s, int64_t id, const struct xy_counts *c,
                                   const char *status, struct xy_err *err)
{
    return s->ops->submission_finish(s, id, c, status, err);
}

xy_code xy_store_batch_put(struct xy_store *s, int64_t submission_id, long first_line,
                           long last_line, int64_t *id, struct xy_err *err)
{
    return s->ops->batch_put(s, submission_id, first_line, last_line, id, err);
}

xy_code xy_store_batch_finish(struct xy_store *s, int64_t id, const struct xy_counts *c,
                              struct xy_err *err)
{
    return s->ops->batch_finish(s, id, c, err);
}

xy_code xy_store_records_put(struct xy_store *s, int64_t dept_id, int64_t submission_id,
                             int64_t batch_id, const struct xy_record_in *recs, size_t n,
                             struct xy_put_result *results, struct xy_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!recs[i].row->key || !recs[i].row->primary.value || recs[i].row->nerrors)
            return xy_err_set(err, XY_INTERNAL, "records_put given a row that failed validation");
    }
    return s->ops->records_put(s, dept_id, submission_id, batch_id, recs, n, results, err);
}

xy_code xy_store_subject_by_ident(struct xy_store *s, enum xy_ident_type type, const char *value,
                                  struct xy_arena *a, struct xy_subject *out, struct xy_err *err)
{
    return s->ops->subject_by_ident(s, type, value, a, out, err);
}

xy_code xy_store_subject_search(struct xy_store *s, const char *name, size_t offset, size_t limit,
                                struct xy_arena *a, struct xy_subject **out, size_t *n,
                                struct xy_err *err)
{
    if (!*name)
        return xy_err_set(err, XY_INVALID, "empty name");
    return s->ops->subject_search(s, name, offset, limit, a, out, n, err);
}

xy_code xy_store_subject_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                             struct xy_subject *out, struct xy_err *err)
{
    return s->ops->subject_get(s, id, a, out, err);
}

xy_code xy_store_record_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                            struct xy_record *out, struct xy_err *err)
{
    return s->ops->record_get(s, id, a, out, err);
}

/* YYYY-MM-DD, the only form a decision date is stored in (compared as text). */
static int is_iso_date(const char *d)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? d[i] != '-' : d[i] < '0' || d[i] > '9')
            return 0;
    return d[10] == '\0';
}

xy_code xy_store_records_browse(struct xy_store *s, const struct xy_browse *q, struct xy_arena *a,
                                struct xy_record **out, size_t *n, struct xy_err *err)
{
    if (!q->item || !*q->item)
        return xy_err_set(err, XY_INVALID, "browsing records needs a catalogue item");
    if (q->from && !is_iso_date(q->from))
        return xy_err_set(err, XY_INVALID, "date \"%.32s\" is not of the form YYYY-MM-DD", q->from);
    if (q->to && !is_iso_date(q->to))
        return xy_err_set(err, XY_INVALID, "date \"%.32s\" is not of the form YYYY-MM-DD", q->to);
    return s->ops->records_browse(s, q, a, out, n, err);
}

/* Public ids.
 *
 * A record or subject is named in URLs by a keyed permutation of its row id, not by the row id
 * itself: consecutive rows get unrelated ids, so nobody can count the rows or walk through all
 * of them by adding one, and because the permutation is computed both ways nothing has to be
 * stored or indexed to find a row by its public id.
 *
 * The permutation is a balanced Feistel network over the 64 bits (two 32-bit halves): any
 * round function makes it a bijection, and with a keyed pseudo-random round function four
 * rounds already make a pseudo-random permutation (Luby-Rackoff). The round function is
 * SipHash-2-4 keyed with the database's 16-byte secret (meta.secret), over the round number
 * and the right half. We run 8 rounds because the halves are only 32 bits wide, where the
 * four-round bound is weak; 8 SipHash calls cost well under a microsecond.
 *
 * Changing the secret changes every public id, so it is made once with the database. */
#define FEISTEL_ROUNDS 8

static uint64_t rotl64(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

#define SIPROUND                                                                                   \
    do {                                                                                           \
        v0 += v1;                                                                                  \
        v1 = rotl64(v1, 13);                                                                       \
        v1 ^= v0;                                                                                  \
        v0 = rotl64(v0, 32);                                                                       \
        v2 += v3;                                                                                  \
        v3 = rotl64(v3, 16);                                                                       \
        v3 ^= v2;                                                                                  \
        v0 += v3;                                                                                  \
        v3 = rotl64(v3, 21);                                                                       \
        v3 ^= v0;                                                                                  \
        v2 += v1;                                                                                  \
        v1 = rotl64(v1, 17);                                                                       \
        v1 ^= v2;                                                                                  \
        v2 = rotl64(v2, 32);                                                                       \
    } while (0)

/* SipHash-2-4 (Aumasson and Bernstein) of one 64-bit word m under key k0, k1. */
static uint64_t siphash24_u64(uint64_t k0, uint64_t k1, uint64_t m)
{
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
    uint64_t b = (uint64_t)8 << 56; /* message length in the last block */

    v3 ^= m;
    SIPROUND;
    SIPROUND;
    v0 ^= m;
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t load_le64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* decrypt: run the rounds backwards */
static uint64_t feistel(const unsigned char key[16], enum xy_id_space space, uint64_t x,
                        int decrypt)
{
    /* the space tweaks the key: two spaces are two unrelated permutations */
    uint64_t k0 = load_le64(key) ^ ((uint64_t)space * 0x9E3779B97F4A7C15ULL),
             k1 = load_le64(key + 8);
    uint32_t l = (uint32_t)(x >> 32), r = (uint32_t)x;

    for (int i = 0; i < FEISTEL_ROUNDS; i++) {
        int round = decrypt ? FEISTEL_ROUNDS - 1 - i : i;
        if (!decrypt) {
            uint32_t t = l ^ (uint32_t)siphash24_u64(k0, k1, (uint64_t)round << 32 | r);
            l = r;
            r = t;
        } else {
            uint32_t t = r ^ (uint32_t)siphash24_u64(k0, k1, (uint64_t)round << 32 | l);
            r = l;
            l = t;
        }
    }
    return (uint64_t)l << 32 | r;
}

xy_code xy_store_public_id(struct xy_store *s, enum xy_id_space space, int64_t row_id, char out[17],
                           struct xy_err *err)
{
    unsigned char key[16];
    xy_code rc;

    if (row_id <= 0)
        return xy_err_set(err, XY_INVALID, "row id %lld has no public id", (long long)row_id);
    if ((rc = s->ops->secret(s, key, err)) != XY_OK)
        return rc;
    snprintf(out, 17, "%016llx", (unsigned long long)feistel(key, space, (uint64_t)row_id, 0));
    return XY_OK;
}

xy_code xy_store_row_id(struct xy_store *s, enum xy_id_space space, const char *public_id,
                        int64_t *row_id, struct xy_err *err)
{
    unsigned char key[16];
    uint64_t x = 0, id;
    size_t i;
    xy_code rc;

    /* exactly 16 lower-case hex digits: one spelling per id, so ids compare as text */
    for (i = 0; i < 16; i++) {
        char c = public_id[i];
        if (c >= '0' && c <= '9')
            x = x << 4 | (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x = x << 4 | (uint64_t)(c - 'a' + 10);
        else
            break;
    }
    if (i < 16 || public_id[16] != '\0')
        return xy_err_set(err, XY_NOT_FOUND, "\"%.40s\" is not a public id", public_id);
    if ((rc = s->ops->secret(s, key, err)) != XY_OK)
        return rc;
    id = feistel(key, space, x, 1);
    /* half of all well-formed texts decode to no possible row id; almost all of the rest to
     * rows that do not exist, which the caller's lookup reports */
    if (id == 0 || id > (uint64_t)INT64_MAX)
        return xy_err_set(err, XY_NOT_FOUND, "\"%s\" is not a public id", public_id);
    *row_id = (int64_t)id;
    return XY_OK;
}

xy_code xy_store_subject_records(struct xy_store *s, int64_t subject_id, struct xy_arena *a,
                                 struct xy_record **out, size_t *n, struct xy_err *err)
{
    return s->ops->subject_records(s, subject_id, a, out, n, err);
}

xy_code xy_store_stats(struct xy_store *s, struct xy_store_stats *out, struct xy_err *err)
{
    memset(out, 0, sizeof(*out));
    return s->ops->stats(s, out, err);
}

xy_code xy_store_subjects_top(struct xy_store *s, int organisations_only, size_t limit,
                              struct xy_arena *a, struct xy_subject **out, int64_t **nrecords,
                              size_t *n, struct xy_err *err)
{
    return s->ops->subjects_top(s, organisations_only, limit, a, out, nrecords, n, err);
}

const char *xy_store_record_encode(struct xy_keyring *kr, const struct xy_item *item,
                                   const struct xy_row *row, struct xy_arena *a, size_t *len)
{
    struct xy_buf b = XY_BUF_INIT;
    char *out;

    /* values only, in the item's field order; the codes are stored once per layout */
    xy_buf_grow(&b, 1024);
    xy_buf_addc(&b, '[');
    for (size_t i = 0; i < item->nfields; i++) {
        const char *v = row->values[i];
        if (i)
            xy_buf_addc(&b, ',');
        if (!v) {
            xy_buf_add(&b, "null", 4);
            continue;
        }
        if (item->fields[i].type == XY_FT_IDNO)
            v = xy_store_idno_seal(kr, a, v);
        xy_json_cstr(&b, v);
    }
    xy_buf_addc(&b, ']');
    out = xy_arena_strndup(a, b.data, b.len);
    *len = b.len;
    xy_buf_release(&b);
    return out;
}

const char *xy_store_record_layout(const struct xy_item *item, struct xy_arena *a)
{
    struct xy_buf b = XY_BUF_INIT;
    const char *out;

    xy_buf_addc(&b, '[');
    for (size_t i = 0; i < item->nfields; i++) {
        if (i)
            xy_buf_addc(&b, ',');
        /* '#' marks the fields whose values are sealed: only those are opened on reading */
        if (item->fields[i].type == XY_FT_IDNO) {
            char code[80];
            snprintf(code, sizeof(code), "#%s", item->fields[i].code);
            xy_json_cstr(&b, code);
        } else {
            xy_json_cstr(&b, item->fields[i].code);
        }
    }
    xy_buf_addc(&b, ']');
    out = xy_arena_strndup(a, b.data, b.len);
    xy_buf_release(&b);
    return out;
}

int64_t xy_store_key_hash(int64_t dept_id, const char *item, const char *key)
{
    char buf[512];
    size_t ni = strlen(item), nk = strlen(key), n = sizeof(dept_id);

    /* dept_id, item, 0x1F, key; keys longer than the buffer are hashed in two parts */
    memcpy(buf, &dept_id, sizeof(dept_id));
    if (n + ni + 1 + nk > sizeof(buf))
        return (int64_t)(xy_hash64(key, nk) ^ (xy_hash64(item, ni) * 31) ^ (uint64_t)dept_id);
    memcpy(buf + n, item, ni);
    n += ni;
    buf[n++] = 0x1F;
    memcpy(buf + n, key, nk);
    return (int64_t)xy_hash64(buf, n + nk);
}

/* ---- accounts (wrappers of the accounts ops) ---- */
xy_code xy_store_user_put(struct xy_store *s, struct xy_user *u, struct xy_err *err)
{
    if (!u->login || !*u->login || !u->pw_hash || !u->role)
        return xy_err_set(err, XY_INVALID, "an account needs a login, a role and a password");
    return s->ops->user_put(s, u, err);
}

xy_code xy_store_user_update(struct xy_store *s, const struct xy_user *u, struct xy_err *err)
{
    return s->ops->user_update(s, u, err);
}

xy_code xy_store_user_get(struct xy_store *s, const char *login, struct xy_arena *a,
                          struct xy_user *out, struct xy_err *err)
{
    return s->ops->user_get(s, login, 0, a, out, err);
}

xy_code xy_store_user_get_id(struct xy_store *s, int64_t id, struct xy_arena *a,
                             struct xy_user *out, struct xy_err *err)
{
    return s->ops->user_get(s, NULL, id, a, out, err);
}

xy_code xy_store_user_list(struct xy_store *s, struct xy_arena *a, struct xy_user **out, size_t *n,
                           struct xy_err *err)
{
    return s->ops->user_list(s, a, out, n, err);
}

xy_code xy_store_session_put(struct xy_store *s, const struct xy_session *ss, struct xy_err *err)
{
    return s->ops->session_put(s, ss, err);
}

xy_code xy_store_session_get(struct xy_store *s, const char *token_hash, struct xy_arena *a,
                             struct xy_session *out, struct xy_err *err)
{
    return s->ops->session_get(s, token_hash, a, out, err);
}

xy_code xy_store_session_touch(struct xy_store *s, const char *token_hash, int64_t last_seen,
                               struct xy_err *err)
{
    return s->ops->session_touch(s, token_hash, last_seen, err);
}

xy_code xy_store_sessions_delete(struct xy_store *s, const char *token_hash, int64_t user_id,
                                 int64_t idle_before, struct xy_err *err)
{
    return s->ops->sessions_delete(s, token_hash, user_id, idle_before, err);
}

xy_code xy_store_token_put(struct xy_store *s, struct xy_api_token *t, struct xy_err *err)
{
    return s->ops->token_put(s, t, err);
}

xy_code xy_store_token_get(struct xy_store *s, const char *prefix, struct xy_arena *a,
                           struct xy_api_token *out, struct xy_err *err)
{
    return s->ops->token_get(s, prefix, a, out, err);
}

xy_code xy_store_token_list(struct xy_store *s, struct xy_arena *a, struct xy_api_token **out,
                            size_t *n, struct xy_err *err)
{
    return s->ops->token_list(s, a, out, n, err);
}

xy_code xy_store_token_update(struct xy_store *s, int64_t id, int64_t revoked_at,
                              int64_t last_used_at, struct xy_err *err)
{
    return s->ops->token_update(s, id, revoked_at, last_used_at, err);
}
/* ---- end accounts ---- */

/* ---- audit (wrappers of the audit ops) ---- */
xy_code xy_store_audit_last(struct xy_store *s, int64_t *seq, char mac[65], struct xy_err *err)
{
    return s->ops->audit_last(s, seq, mac, err);
}

xy_code xy_store_audit_insert(struct xy_store *s, const struct xy_audit_row *r, struct xy_err *err)
{
    if (r->seq <= 0 || !r->actor || !r->role || !r->action || !r->result || !r->mac)
        return xy_err_set(err, XY_INTERNAL,
                          "an audit row needs seq, actor, role, action, result and mac");
    return s->ops->audit_insert(s, r, err);
}

xy_code xy_store_audit_scan(struct xy_store *s, int64_t after_seq, xy_audit_row_fn fn, void *arg,
                            struct xy_err *err)
{
    return s->ops->audit_scan(s, after_seq, fn, arg, err);
}

xy_code xy_store_audit_search(struct xy_store *s, const struct xy_audit_filter *f,
                              struct xy_arena *a, struct xy_audit_row **out, size_t *n,
                              struct xy_err *err)
{
    return s->ops->audit_search(s, f, a, out, n, err);
}

xy_code xy_store_audit_anchor(struct xy_store *s, int64_t *seq, char mac[65], struct xy_err *err)
{
    return s->ops->audit_anchor(s, seq, mac, err);
}

xy_code xy_store_audit_checkpoint_put(struct xy_store *s, const struct xy_audit_checkpoint *c,
                                      struct xy_err *err)
{
    return s->ops->audit_checkpoint_put(s, c, err);
}

xy_code xy_store_audit_checkpoint_get(struct xy_store *s, int64_t seq, int64_t before_at,
                                      struct xy_arena *a, struct xy_audit_checkpoint *out,
                                      struct xy_err *err)
{
    return s->ops->audit_checkpoint_get(s, seq, before_at, a, out, err);
}

xy_code xy_store_audit_checkpoint_scan(struct xy_store *s, xy_audit_checkpoint_fn fn, void *arg,
                                       struct xy_err *err)
{
    return s->ops->audit_checkpoint_scan(s, fn, arg, err);
}

xy_code xy_store_audit_purge(struct xy_store *s, int64_t upto_seq, const char *mac,
                             int64_t *deleted, struct xy_err *err)
{
    return s->ops->audit_purge(s, upto_seq, mac, deleted, err);
}
/* ---- end audit ---- */

/* ---- keys (wrappers of the rekey ops) ---- */
const char *xy_sealed_place_name(enum xy_sealed_place p)
{
    static const char *const names[XY_SEALED_PLACES] = {
        [XY_SEALED_SUBJECTS] = "subjects",
        [XY_SEALED_IDENTIFIERS] = "identifiers",
        [XY_SEALED_RECORDS] = "records",
        [XY_SEALED_TOTP] = "totp",
    };
    return (unsigned)p < XY_SEALED_PLACES ? names[p] : "?";
}

xy_code xy_store_sealed_counts(struct xy_store *s, struct xy_arena *a, struct xy_sealed_count **out,
                               size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->sealed_counts(s, a, out, n, err);
}

xy_code xy_store_reseal_chunk(struct xy_store *s, enum xy_sealed_place place, size_t limit,
                              int64_t *cursor, size_t *changed, int *more, struct xy_err *err)
{
    *changed = 0;
    *more = 0;
    if ((unsigned)place >= XY_SEALED_PLACES || limit == 0 || limit > 100000)
        return xy_err_set(err, XY_INVALID, "cannot re-seal %zu values of place %d", limit,
                          (int)place);
    return s->ops->reseal_chunk(s, (int)place, limit, cursor, changed, more, err);
}

uint64_t xy_store_record_hash(struct xy_keyring *kr, const struct xy_item *item,
                              const struct xy_row *row, struct xy_arena *a)
{
    struct xy_row keyed = *row;
    const char **values = NULL;

    for (size_t i = 0; i < item->nfields; i++) {
        if (item->fields[i].type != XY_FT_IDNO || !row->values[i])
            continue;
        if (!values) {
            values = xy_arena_alloc(a, item->nfields * sizeof(*values));
            memcpy(values, row->values, item->nfields * sizeof(*values));
            keyed.values = values;
        }
        values[i] = xy_store_idno_lookup(kr, a, row->values[i]);
    }
    return xy_row_hash(item, &keyed);
}
/* ---- end keys ---- */

/* ---- queue (wrappers of the queue ops) ---- */
xy_code xy_store_queue_put(struct xy_store *s, const struct xy_batch_row *in, int64_t *id,
                           struct xy_err *err)
{
    return s->ops->queue_put(s, in, id, err);
}

xy_code xy_store_queue_next(struct xy_store *s, struct xy_arena *a, struct xy_batch_row *out,
                            struct xy_err *err)
{
    return s->ops->queue_next(s, a, out, err);
}

xy_code xy_store_queue_recover(struct xy_store *s, int64_t *n, struct xy_err *err)
{
    return s->ops->queue_recover(s, n, err);
}

xy_code xy_store_submission_start(struct xy_store *s, int64_t id, int64_t file_bytes,
                                  struct xy_err *err)
{
    return s->ops->submission_start(s, id, file_bytes, err);
}

xy_code xy_store_submission_error(struct xy_store *s, int64_t id, const char *error,
                                  struct xy_err *err)
{
    return s->ops->submission_error(s, id, error, err);
}

xy_code xy_store_batches_list(struct xy_store *s, int64_t dept_id, int64_t before_id, size_t limit,
                              struct xy_arena *a, struct xy_batch_row **out, size_t *n,
                              struct xy_err *err)
{
    return s->ops->batches_list(s, dept_id, before_id, limit, a, out, n, err);
}

xy_code xy_store_batch_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                           struct xy_batch_row *out, struct xy_err *err)
{
    return s->ops->batch_get(s, id, a, out, err);
}

xy_code xy_store_dept_totals(struct xy_store *s, int64_t dept_id, int64_t *batches,
                             struct xy_counts *c, struct xy_err *err)
{
    return s->ops->dept_totals(s, dept_id, batches, c, err);
}
/* ---- end queue ---- */

/* ---- remedies (wrappers of the remedies ops) ---- */
#define CASE_PAGE_DEFAULT 100
#define CASE_PAGE_MAX     1000

static size_t page_limit(size_t limit)
{
    return limit == 0 ? CASE_PAGE_DEFAULT : limit > CASE_PAGE_MAX ? CASE_PAGE_MAX : limit;
}

static int is_sha256_hex(const char *h)
{
    size_t i;

    for (i = 0; h[i]; i++)
        if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f')))
            return 0;
    return i == 64;
}

xy_code xy_store_case_put(struct xy_store *s, struct xy_case *c, struct xy_err *err)
{
    if (!c->kind || !*c->kind || !c->state || !*c->state || !c->filer)
        return xy_err_set(err, XY_INTERNAL, "a case needs a kind, a state and a filer");
    if (c->record_id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的信用记录", (long long)c->record_id);
    if (!c->filed_at)
        c->filed_at = xy_now_ms();
    if (!c->updated_at)
        c->updated_at = c->filed_at;
    return s->ops->case_put(s, c, err);
}

xy_code xy_store_case_update(struct xy_store *s, const struct xy_case *c, struct xy_err *err)
{
    struct xy_case u = *c;

    if (!c->state || !*c->state)
        return xy_err_set(err, XY_INTERNAL, "a case update needs a state");
    if (c->id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)c->id);
    if (!u.updated_at)
        u.updated_at = xy_now_ms();
    return s->ops->case_update(s, &u, err);
}

xy_code xy_store_case_get(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_case *out,
                          struct xy_err *err)
{
    if (id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)id);
    return s->ops->case_get(s, id, a, out, err);
}

xy_code xy_store_case_list(struct xy_store *s, const struct xy_case_filter *f, struct xy_arena *a,
                           struct xy_case **out, size_t *n, struct xy_err *err)
{
    struct xy_case_filter q = {0};

    *out = NULL;
    *n = 0;
    if (f)
        q = *f;
    q.limit = page_limit(q.limit);
    return s->ops->case_list(s, &q, a, out, n, err);
}

xy_code xy_store_case_count(struct xy_store *s, const struct xy_case_filter *f, int today,
                            struct xy_case_count **out, size_t *n, struct xy_arena *a,
                            struct xy_err *err)
{
    struct xy_case_filter q = {0};

    *out = NULL;
    *n = 0;
    if (f)
        q = *f;
    q.before_id = 0; /* counts cover every case the filter selects */
    q.limit = 0;
    return s->ops->case_count(s, &q, today, out, n, a, err);
}

xy_code xy_store_case_step_put(struct xy_store *s, struct xy_case_step *st, struct xy_err *err)
{
    if (!st->actor || !st->login || !st->event || !st->to_state)
        return xy_err_set(err, XY_INTERNAL,
                          "a case step needs an actor, a login, an event and a state");
    if (st->case_id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)st->case_id);
    if (!st->at)
        st->at = xy_now_ms();
    return s->ops->case_step_put(s, st, err);
}

xy_code xy_store_case_steps(struct xy_store *s, int64_t case_id, struct xy_arena *a,
                            struct xy_case_step **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->case_steps(s, case_id, a, out, n, err);
}

xy_code xy_store_evidence_put(struct xy_store *s, const struct xy_evidence *e, struct xy_err *err)
{
    struct xy_evidence v = *e;

    if (!e->sha256 || !is_sha256_hex(e->sha256))
        return xy_err_set(err, XY_INTERNAL, "evidence needs a SHA-256 of 64 lower-case hex digits");
    if (!e->name || !e->mime || !e->added_by || e->bytes < 0)
        return xy_err_set(err, XY_INTERNAL, "evidence needs a name, a type and who added it");
    if (e->case_id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的案件", (long long)e->case_id);
    if (!v.added_at)
        v.added_at = xy_now_ms();
    return s->ops->evidence_put(s, &v, err);
}

xy_code xy_store_evidence_list(struct xy_store *s, int64_t case_id, struct xy_arena *a,
                               struct xy_evidence **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->evidence_list(s, case_id, a, out, n, err);
}

xy_code xy_store_notice_put(struct xy_store *s, struct xy_notice *nt, struct xy_err *err)
{
    if (nt->user_id <= 0 || !nt->text)
        return xy_err_set(err, XY_INTERNAL, "a notification needs an account and a text");
    if (!nt->at)
        nt->at = xy_now_ms();
    return s->ops->notice_put(s, nt, err);
}

xy_code xy_store_notice_list(struct xy_store *s, int64_t user_id, int unread_only, size_t limit,
                             struct xy_arena *a, struct xy_notice **out, size_t *n, int64_t *unread,
                             struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    *unread = 0;
    return s->ops->notice_list(s, user_id, unread_only, page_limit(limit), a, out, n, unread, err);
}

xy_code xy_store_notice_read(struct xy_store *s, int64_t user_id, int64_t upto_id,
                             struct xy_err *err)
{
    if (upto_id < 0)
        return xy_err_set(err, XY_INVALID, "upto %lld is not a notification id",
                          (long long)upto_id);
    return s->ops->notice_read(s, user_id, upto_id, err);
}

xy_code xy_store_record_versions(struct xy_store *s, int64_t record_id, struct xy_arena *a,
                                 struct xy_record **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (record_id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "no record with id %lld", (long long)record_id);
    return s->ops->record_versions(s, record_id, a, out, n, err);
}
/* ---- end remedies ---- */

/* ---- checks (wrappers of the checks ops) ---- */
xy_code xy_store_check_put(struct xy_store *s, struct xy_check *c, struct xy_check_hit *hits,
                           size_t n, struct xy_err *err)
{
    if (!c->scenario || !*c->scenario || !c->asked_by || !*c->asked_by)
        return xy_err_set(err, XY_INTERNAL, "a check needs a scenario and who asked");
    if (n > XY_CHECK_MAX_HITS)
        return xy_err_set(err, XY_TOO_LARGE, "a check holds at most %d rows", XY_CHECK_MAX_HITS);
    for (size_t i = 0; i < n; i++) {
        if (!hits[i].code || !hits[i].shown || !hits[i].measures)
            return xy_err_set(err, XY_INTERNAL,
                              "a check row needs a code, its shown form and "
                              "measures");
        if (hits[i].record_id && !hits[i].item)
            return xy_err_set(err, XY_INTERNAL, "a hit needs its item");
        hits[i].seq = (int)i + 1;
    }
    if (!c->asked_at)
        c->asked_at = xy_now_ms();
    return s->ops->check_put(s, c, hits, n, err);
}

xy_code xy_store_check_get(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_check *out,
                           struct xy_check_hit **hits, size_t *n, struct xy_err *err)
{
    *hits = NULL;
    *n = 0;
    if (id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    return s->ops->check_get(s, id, a, out, hits, n, err);
}

xy_code xy_store_list_version(struct xy_store *s, const char *const *items, size_t n,
                              int64_t *version, struct xy_err *err)
{
    *version = 0;
    return s->ops->list_version(s, items, n, version, err);
}

xy_code xy_store_check_rows(struct xy_store *s, int64_t id, const struct xy_check_rows_q *q,
                            struct xy_arena *a, struct xy_check *out, struct xy_check_hit **hits,
                            size_t *n, struct xy_err *err)
{
    *hits = NULL;
    *n = 0;
    if (id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    if (q && q->from_subject < 0)
        return xy_err_set(err, XY_INVALID, "subject number %d is below 0", q->from_subject);
    return s->ops->check_rows(s, id, q, a, out, hits, n, err);
}

xy_code xy_store_check_hits_add(struct xy_store *s, int64_t check_id,
                                const struct xy_check_hit *hits, size_t n, struct xy_err *err)
{
    if (check_id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)check_id);
    for (size_t i = 0; i < n; i++) {
        if (!hits[i].code || !hits[i].shown || !hits[i].measures)
            return xy_err_set(err, XY_INTERNAL,
                              "a check row needs a code, its shown form and measures");
        if (hits[i].record_id && !hits[i].item)
            return xy_err_set(err, XY_INTERNAL, "a hit needs its item");
        if (hits[i].seq <= 0 || (i && hits[i].seq != hits[i - 1].seq + 1))
            return xy_err_set(err, XY_INTERNAL, "the rows of a chunk are numbered one by one");
    }
    return n ? s->ops->check_hits_add(s, check_id, hits, n, err) : XY_OK;
}

xy_code xy_store_check_finish(struct xy_store *s, int64_t id, int subjects, int hits,
                              const char *state, struct xy_err *err)
{
    if (!state || (strcmp(state, "done") && strcmp(state, "failed")))
        return xy_err_set(err, XY_INTERNAL, "a check closes as done or failed, not \"%s\"",
                          state ? state : "");
    if (subjects < 0 || hits < 0)
        return xy_err_set(err, XY_INTERNAL, "negative counts for check %lld", (long long)id);
    if (id <= 0)
        return xy_err_set(err, XY_NOT_FOUND, "没有编号为 %lld 的核查", (long long)id);
    return s->ops->check_finish(s, id, subjects, hits, state, err);
}

xy_code xy_store_checks_list(struct xy_store *s, const struct xy_checks_q *q, struct xy_arena *a,
                             struct xy_check **out, size_t *n, struct xy_err *err)
{
    struct xy_checks_q c = *q;

    *out = NULL;
    *n = 0;
    if (c.limit == 0)
        c.limit = 50;
    if (c.limit > 500)
        c.limit = 500;
    return s->ops->checks_list(s, &c, a, out, n, err);
}

xy_code xy_store_list_entries(struct xy_store *s, const char *item, int64_t after_id,
                              int64_t upto_id, int with_names, size_t limit, struct xy_arena *a,
                              struct xy_list_entry **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (!item || !*item)
        return xy_err_set(err, XY_INTERNAL, "list entries need an item");
    if (limit == 0 || limit > 100000)
        return xy_err_set(err, XY_INTERNAL, "list entries are read 1 to 100000 at a time");
    if (upto_id <= after_id)
        return XY_OK;
    return s->ops->list_entries(s, item, after_id, upto_id, with_names, limit, a, out, n, err);
}

xy_code xy_store_ident_subject(struct xy_store *s, enum xy_ident_type type, const char *lookup,
                               int64_t *subject_id, struct xy_err *err)
{
    *subject_id = 0;
    if (!lookup || !*lookup)
        return xy_err_set(err, XY_NOT_FOUND, "no subject carries an empty code");
    return s->ops->ident_subject(s, type, lookup, subject_id, err);
}

xy_code xy_store_subject_list_records(struct xy_store *s, int64_t subject_id,
                                      const char *const *items, size_t nitems, int64_t max_id,
                                      struct xy_arena *a, struct xy_record **out, size_t *n,
                                      struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (subject_id <= 0 || nitems == 0)
        return XY_OK;
    return s->ops->subject_list_records(s, subject_id, items, nitems, max_id, a, out, n, err);
}

const char *xy_store_ident_lookup(struct xy_keyring *kr, enum xy_ident_type type, const char *value,
                                  struct xy_arena *a)
{
    /* the types whose values are personal data: as sqlite.c's is_idno_type() */
    if (type == XY_IDENT_IDCARD || type == XY_IDENT_OTHER_ID)
        return xy_store_idno_lookup(kr, a, value);
    return value;
}
/* ---- end checks ---- */
