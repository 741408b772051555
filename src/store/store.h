/* store.h - the storage interface: one slot per operation, no SQL crosses it (layer: store)
 *
 * Callers use the xy_store_* wrappers below, never the ops table directly; the wrappers hold
 * the checks every backend shares. A backend (sqlite/, later pg/) fills struct xy_store_ops.
 * Results that point into memory are allocated from the arena the caller passes and live as
 * long as it does. Every operation returns XY_OK or sets err (XY_STORAGE for database faults,
 * whose detail is for the log only).
 *
 * Personal data: citizen ID numbers enter and leave the database only through the backend's
 * seal/open pair (see sqlite.c: idno_seal / idno_open), so that encrypting them later changes
 * nothing outside that pair.
 */
#ifndef XY_STORE_STORE_H
#define XY_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "crypto/keyring.h"
#include "domain/catalog.h"
#include "domain/codes.h"
#include "domain/record.h"

/* A backend's handle starts with this struct (SQLite's VFS pattern); ops cast it back. */
struct xy_store_ops;
struct xy_store {
    const struct xy_store_ops *ops;
};

struct xy_store_opts {
    const char *path;
    long cache_mb;
    long mmap_mb; /* memory-mapped reads (0: none; counts as resident memory) */
    int readonly;
    int create;              /* create the database (and run migrations) when missing */
    struct xy_keyring *keys; /* seals ID numbers (store/seal.c); borrowed, outlives the store */
};

struct xy_dept {
    int64_t id;
    const char *uscc;
    const char *name;
    const char **items; /* catalogue item ids the department provides */
    size_t nitems;
    int64_t created_at;
};

/* One file submitted by a department: the unit a clerk thinks in. */
struct xy_submission {
    int64_t id;
    int64_t dept_id;
    const char *item;
    const char *file; /* base name as submitted */
    int64_t file_bytes;
    const char *file_sha256; /* hex, or NULL */
    int64_t started_at;
};

/* Counters of a batch (one transaction) or a whole submission. */
struct xy_counts {
    int64_t rows, accepted, rejected, warnings;
    int64_t new_records, new_versions, unchanged, new_subjects;
};

/* One validated row, ready to store. */
struct xy_record_in {
    const struct xy_item *item;
    const struct xy_row *row; /* values, subject, key, decision date */
    uint64_t hash;            /* content hash of the normalised values */
    long line;                /* line of the file the row started on */
    const char *payload;      /* from xy_store_record_encode() */
    size_t payload_len;
    int64_t key_hash; /* from xy_store_key_hash() */
};

enum xy_put_outcome {
    XY_PUT_NEW = 1,   /* first version of a new decision */
    XY_PUT_VERSION,   /* changed content: a new version, the old one kept */
    XY_PUT_UNCHANGED, /* same content already stored */
    XY_PUT_DUPLICATE, /* same key earlier in the same submission: not stored */
};

struct xy_put_result {
    enum xy_put_outcome outcome;
    int new_subject;
    long dup_line; /* XY_PUT_DUPLICATE: line of the first occurrence */
};

struct xy_subject {
    int64_t id;
    enum xy_subject_kind kind;
    const char *code; /* USCC, ID number (opened), "type:number" or 工商注册号 */
    enum xy_ident_type code_type;
    const char *name;
    int64_t created_at;
    struct xy_ident *idents; /* every identifier that resolves to this subject */
    size_t nidents;
};

struct xy_record_field {
    const char *code;
    const char *value;
};

struct xy_record {
    int64_t id; /* row id; the public id is xy_store_public_id(XY_ID_RECORD, id) */
    int64_t subject_id;
    int64_t dept_id;
    const struct xy_subject *subject; /* filled by record_get and records_browse (no idents) */
    const char *item;
    const char *dept_uscc;
    const char *dept_name;
    const char *key;
    int version;
    int nversions;
    const char *decision_date; /* YYYY-MM-DD */
    struct xy_record_field *fields;
    size_t nfields;
    /* provenance */
    int64_t batch_id;
    const char *file;
    long line;
    int64_t received_at;
};

/* A page of one item's records for public browsing (双公示, red and black lists). */
struct xy_browse {
    const char *item; /* catalogue item id (required) */
    int64_t dept_id;  /* 0: every department */
    const char *from; /* decision date YYYY-MM-DD, inclusive, or NULL */
    const char *to;   /* decision date YYYY-MM-DD, inclusive, or NULL */
    size_t offset;    /* rows to skip */
    size_t limit;     /* rows to return */
    /* continue after this row (the last of the previous chunk), or NULL: keyset paging costs
     * the rows returned, where an offset costs every row skipped */
    const char *before_date;
    int64_t before_dept;
    int64_t before_id;
};

struct xy_store_stats {
    int64_t subjects, records, versions, departments, submissions, batches;
};

struct xy_store_ops {
    const char *name;
    int version;
    xy_code (*open)(const struct xy_store_opts *o, struct xy_store **out, struct xy_err *err);
    void (*close)(struct xy_store *s);
    xy_code (*begin)(struct xy_store *s, struct xy_err *err);
    xy_code (*commit)(struct xy_store *s, struct xy_err *err);
    void (*rollback)(struct xy_store *s);
    xy_code (*read_begin)(struct xy_store *s, struct xy_err *err);
    void (*read_end)(struct xy_store *s);

    xy_code (*dept_put)(struct xy_store *s, const struct xy_dept *d, struct xy_err *err);
    xy_code (*dept_get)(struct xy_store *s, const char *uscc, struct xy_arena *a,
                        struct xy_dept *out, struct xy_err *err);
    xy_code (*dept_list)(struct xy_store *s, struct xy_arena *a, struct xy_dept **out, size_t *n,
                         struct xy_err *err);

    xy_code (*uscc_allow_put)(struct xy_store *s, const char *code, const char *reason,
                              struct xy_err *err);
    xy_code (*uscc_allow_list)(struct xy_store *s, struct xy_arena *a, const char ***codes,
                               const char ***reasons, size_t *n, struct xy_err *err);

    xy_code (*submission_put)(struct xy_store *s, struct xy_submission *sub, struct xy_err *err);
    xy_code (*submission_finish)(struct xy_store *s, int64_t id, const struct xy_counts *c,
                                 const char *status, struct xy_err *err);
    /* A batch row, written inside the transaction that writes its records. */
    xy_code (*batch_put)(struct xy_store *s, int64_t submission_id, long first_line, long last_line,
                         int64_t *id, struct xy_err *err);
    xy_code (*batch_finish)(struct xy_store *s, int64_t id, const struct xy_counts *c,
                            struct xy_err *err);
    xy_code (*records_put)(struct xy_store *s, int64_t dept_id, int64_t submission_id,
                           int64_t batch_id, const struct xy_record_in *recs, size_t n,
                           struct xy_put_result *results, struct xy_err *err);

    xy_code (*subject_by_ident)(struct xy_store *s, enum xy_ident_type type, const char *value,
                                struct xy_arena *a, struct xy_subject *out, struct xy_err *err);
    xy_code (*subject_search)(struct xy_store *s, const char *name, size_t offset, size_t limit,
                              struct xy_arena *a, struct xy_subject **out, size_t *n,
                              struct xy_err *err);
    xy_code (*subject_get)(struct xy_store *s, int64_t id, struct xy_arena *a,
                           struct xy_subject *out, struct xy_err *err);
    xy_code (*record_get)(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_record *out,
                          struct xy_err *err);
    xy_code (*records_browse)(struct xy_store *s, const struct xy_browse *q, struct xy_arena *a,
                              struct xy_record **out, size_t *n, struct xy_err *err);
    xy_code (*secret)(struct xy_store *s, unsigned char key[16], struct xy_err *err);
    xy_code (*search_optimize)(struct xy_store *s, struct xy_err *err);
    xy_code (*subject_records)(struct xy_store *s, int64_t subject_id, struct xy_arena *a,
                               struct xy_record **out, size_t *n, struct xy_err *err);
    xy_code (*stats)(struct xy_store *s, struct xy_store_stats *out, struct xy_err *err);
    xy_code (*subjects_top)(struct xy_store *s, int organisations_only, size_t limit,
                            struct xy_arena *a, struct xy_subject **out, int64_t **nrecords,
                            size_t *n, struct xy_err *err);

    /* ---- accounts, sessions, API tokens (sqlite/accounts.c) ---- */
    /* ---- end accounts ---- */

    /* ---- audit trail (sqlite/audit.c) ---- */
    /* ---- end audit ---- */

    /* ---- keys: re-sealing under a new data key (sqlite/rekey.c) ---- */
    /* ---- end keys ---- */

    /* ---- queued submissions over HTTP (sqlite/queue.c) ---- */
    /* ---- end queue ---- */
};

extern const struct xy_store_ops xy_store_sqlite_ops;

/* Open the store described by o (SQLite for now; "postgresql://" URLs later). */
xy_code xy_store_open(const struct xy_store_opts *o, struct xy_store **out, struct xy_err *err);
void xy_store_close(struct xy_store *s); /* NULL is a no-op */

xy_code xy_store_begin(struct xy_store *s, struct xy_err *err);
xy_code xy_store_commit(struct xy_store *s, struct xy_err *err);
void xy_store_rollback(struct xy_store *s);
/* A consistent snapshot for several reads (one HTTP request): writes committed meanwhile by
 * other connections are not seen until read_end. Not for a connection inside begin/commit. */
xy_code xy_store_read_begin(struct xy_store *s, struct xy_err *err);
void xy_store_read_end(struct xy_store *s);

xy_code xy_store_dept_put(struct xy_store *s, const struct xy_dept *d, struct xy_err *err);
/* XY_NOT_FOUND when no department has that code. */
xy_code xy_store_dept_get(struct xy_store *s, const char *uscc, struct xy_arena *a,
                          struct xy_dept *out, struct xy_err *err);
xy_code xy_store_dept_list(struct xy_store *s, struct xy_arena *a, struct xy_dept **out, size_t *n,
                           struct xy_err *err);

xy_code xy_store_uscc_allow_put(struct xy_store *s, const char *code, const char *reason,
                                struct xy_err *err);
xy_code xy_store_uscc_allow_list(struct xy_store *s, struct xy_arena *a, const char ***codes,
                                 const char ***reasons, size_t *n, struct xy_err *err);

xy_code xy_store_submission_put(struct xy_store *s, struct xy_submission *sub, struct xy_err *err);
xy_code xy_store_submission_finish(struct xy_store *s, int64_t id, const struct xy_counts *c,
                                   const char *status, struct xy_err *err);
/* A batch is one transaction of rows from a submission: put it first, then its records, then
 * its counts, then commit - so a batch is wholly stored or wholly absent. */
xy_code xy_store_batch_put(struct xy_store *s, int64_t submission_id, long first_line,
                           long last_line, int64_t *id, struct xy_err *err);
xy_code xy_store_batch_finish(struct xy_store *s, int64_t id, const struct xy_counts *c,
                              struct xy_err *err);
/* Store n validated rows in the current transaction: resolve (or create) each subject, compare
 * with the latest version of the same natural key (dept, item, key) and write a new version only
 * when the content changed. results[i] says what happened to recs[i]. */
xy_code xy_store_records_put(struct xy_store *s, int64_t dept_id, int64_t submission_id,
                             int64_t batch_id, const struct xy_record_in *recs, size_t n,
                             struct xy_put_result *results, struct xy_err *err);

/* Encode a validated row's values for storage: a JSON array of the values in the item's field
 * order (null when empty), ID numbers sealed; the field codes are the record's layout
 * (xy_store_record_layout), stored once. Pure and thread-safe: ingest calls it while the
 * writer thread stores the previous batch. The text is allocated from a. */
const char *xy_store_record_encode(const struct xy_item *item, const struct xy_row *row,
                                   struct xy_arena *a, size_t *len);
/* The 64-bit hash of a natural key (department, item, key) that the key index holds.
 * Pure and thread-safe, like xy_store_record_encode(). */
int64_t xy_store_key_hash(int64_t dept_id, const char *item, const char *key);
/* The layout of an item's encoded records: a JSON array of its field codes, those of sealed
 * fields (ID numbers) written "#CODE". */
const char *xy_store_record_layout(const struct xy_item *item, struct xy_arena *a);

/* XY_NOT_FOUND when no subject carries that identifier. */
xy_code xy_store_subject_by_ident(struct xy_store *s, enum xy_ident_type type, const char *value,
                                  struct xy_arena *a, struct xy_subject *out, struct xy_err *err);
/* Organisations whose name (or another name they were submitted under) contains name, Chinese
 * included; skips offset matches and returns at most limit, each subject once. The order is
 * stable and needs no sort: subjects whose own name matches, by id, then those found only
 * under another name, in the order those names were recorded. Two characters or more are
 * answered from an index (bigrams for two, trigrams for three and more; Latin letters in
 * either case); one character, or two around a space, scans the names. The subjects come
 * without their identifiers (nidents 0): a page of results shows codes and names only. */
xy_code xy_store_subject_search(struct xy_store *s, const char *name, size_t offset, size_t limit,
                                struct xy_arena *a, struct xy_subject **out, size_t *n,
                                struct xy_err *err);
/* A subject by its row id, with its identifiers. XY_NOT_FOUND when there is none. */
xy_code xy_store_subject_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                             struct xy_subject *out, struct xy_err *err);
/* One record version by row id: nversions is the latest version of its key, out->subject its
 * subject (without identifiers). XY_NOT_FOUND when there is none. */
xy_code xy_store_record_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                            struct xy_record *out, struct xy_err *err);
/* The latest version of each record of q->item, newest decision first (then by department and
 * newest row: the order of the one browse index),
 * filtered by department and decision dates; each with out[i].subject (without identifiers). */
xy_code xy_store_records_browse(struct xy_store *s, const struct xy_browse *q, struct xy_arena *a,
                                struct xy_record **out, size_t *n, struct xy_err *err);
/* Merge the name-search indexes after a load that added names (outside a transaction): each
 * batch adds index segments, and a search reads every segment. */
xy_code xy_store_search_optimize(struct xy_store *s, struct xy_err *err);
/* Public ids: a keyed permutation of a row id, so ids look random, cannot be counted through
 * and need no index. The key is made when the database is created and kept in it.
 * Records and subjects number their rows separately, so each has its own id space: the
 * public id of record row 5 is not that of subject row 5, and one never decodes as the other. */
enum xy_id_space { XY_ID_RECORD = 1, XY_ID_SUBJECT = 2 };
xy_code xy_store_public_id(struct xy_store *s, enum xy_id_space space, int64_t row_id, char out[17],
                           struct xy_err *err);
/* The row id of a public id (16 lower-case hex digits) of that space; XY_NOT_FOUND for any
 * other text. */
xy_code xy_store_row_id(struct xy_store *s, enum xy_id_space space, const char *public_id,
                        int64_t *row_id, struct xy_err *err);
/* The latest version of every record of a subject, newest decision first. */
xy_code xy_store_subject_records(struct xy_store *s, int64_t subject_id, struct xy_arena *a,
                                 struct xy_record **out, size_t *n, struct xy_err *err);
xy_code xy_store_stats(struct xy_store *s, struct xy_store_stats *out, struct xy_err *err);
/* The subjects with the most records (for the summary and the demo), most first. */
xy_code xy_store_subjects_top(struct xy_store *s, int organisations_only, size_t limit,
                              struct xy_arena *a, struct xy_subject **out, int64_t **nrecords,
                              size_t *n, struct xy_err *err);

/* ---- accounts: types and wrappers ---- */
/* ---- end accounts ---- */

/* ---- audit: types and wrappers ---- */
/* ---- end audit ---- */

/* ---- keys: wrappers ---- */
/* ---- end keys ---- */

/* ---- queue: types and wrappers ---- */
/* ---- end queue ---- */

#endif
