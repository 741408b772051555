/* store.c - wrappers in front of the backend's ops: the checks every backend shares
 * (layer: store) */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/hmap.h"
#include "base/json.h"
#include "store/seal.h"

xy_code xy_store_open(const struct xy_store_opts *o, struct xy_store **out, struct xy_err *err)
{
    if (!o->path || !*o->path)
        return xy_err_set(err, XY_INVALID, "no database path given (use --db or XINYONG_DB)");
    if (!strncmp(o->path, "postgresql://", 13) || !strncmp(o->path, "postgres://", 11))
        return xy_err_set(err, XY_INVALID,
                          "the PostgreSQL backend is not built yet; use a file path");
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

xy_code xy_store_subject_search(struct xy_store *s, const char *name, size_t limit,
                                struct xy_arena *a, struct xy_subject **out, size_t *n,
                                struct xy_err *err)
{
    if (!*name)
        return xy_err_set(err, XY_INVALID, "empty name");
    return s->ops->subject_search(s, name, limit, a, out, n, err);
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

const char *xy_store_record_encode(const struct xy_item *item, const struct xy_row *row,
                                   struct xy_arena *a, size_t *len)
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
            v = xy_store_idno_seal(a, v);
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
