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
struct xy_sealed_count;
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

/* A submission as a department and the credit office see it (queued over HTTP or ingested). */
struct xy_batch_row {
    int64_t id;
    int64_t dept_id;
    const char *dept_uscc, *dept_name;
    const char *item, *file;
    int64_t file_bytes;
    const char *status; /* queued, running, done, failed */
    const char *submitted_by;
    const char *upload_path; /* the spooled upload while queued or running, or NULL */
    const char *format, *encoding;
    const char *error; /* why it failed as a whole, or NULL */
    int64_t started_at, finished_at;
    struct xy_counts c;
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
    long dup_line;       /* XY_PUT_DUPLICATE: line of the first occurrence */
    int64_t received_at; /* XY_PUT_NEW, XY_PUT_VERSION: the time stored as received (unix s) */
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
    /* remedies (migration 7), over every version of the record's natural key */
    int disputed; /* an objection is open: the record shows 有异议 */
    int hidden;   /* a granted repair, an objection or a court's report took it off public view */
    int pending;  /* a black-list addition waiting for a second person's approval (migration 9):
                   * in no public read, no subject view and no check until approved */
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

/* ---- accounts: rows (see the wrappers at the end) ---- */
struct xy_user {
    int64_t id;
    const char *login;
    const char *display_name;
    const char *role;                  /* service/authz.h role name */
    int64_t dept_id;                   /* 0: none */
    const char *dept_uscc, *dept_name; /* read only: from the department row */
    int64_t subject_id;                /* 0: identity not verified */
    const char *pw_hash;               /* pbkdf2-sm3$... */
    int64_t pw_changed_at;
    const char *totp_secret; /* sealed, or NULL */
    int64_t totp_last_step;
    int failures;
    int64_t locked_until;
    const char *status; /* "active", "disabled" */
    int64_t created_at;
    int64_t last_login_at; /* 0: never */
};

struct xy_session {
    const char *token_hash; /* SM3 hex of the cookie value */
    int64_t user_id;
    const char *csrf;
    const char *client;
    int64_t created_at, last_seen;
};

struct xy_api_token {
    int64_t id;
    const char *prefix;
    const char *token_hash; /* SM3 hex of the whole token */
    const char *name;
    int64_t dept_id;
    const char *dept_uscc, *dept_name; /* read only */
    const char **items;
    size_t nitems;
    const char *created_by;
    int64_t created_at, expires_at;
    int64_t revoked_at, last_used_at; /* 0: not yet */
};
/* ---- end accounts rows ---- */

/* ---- audit: rows (see the wrappers at the end) ---- */
/* One row of the audit trail (migration 4). Strings are NULL where the column is NULL; ids are
 * 0 where it is NULL. */
struct xy_audit_row {
    int64_t seq; /* 1, 2, 3 ... without gaps */
    int64_t at;  /* unix milliseconds */
    const char *actor, *role;
    int64_t dept_id;
    const char *client, *action, *target;
    int64_t subject_id;
    const char *purpose, *result, *detail;
    const char *mac; /* 64 lower-case hex digits */
};

/* Which rows a search returns. Zero fields do not filter. */
struct xy_audit_filter {
    const char *actor;        /* exact login ("os:ops", "zhang3", "token:ab12cd") */
    const char *action;       /* exact name, or a prefix ending in '*' ("user.*") */
    int64_t subject_id;       /* rows about this subject */
    int64_t from_ms, to_ms;   /* at within [from_ms, to_ms] */
    int64_t min_seq, max_seq; /* seq within [min_seq, max_seq] */
    int reads_only;           /* reads of non-public information only ("*.read_private") */
    int oldest_first;         /* order by seq ascending (default: newest first) */
    size_t limit;             /* rows at most; 0 is taken as 100 */
};

/* A signed checkpoint: the chain up to seq ends in mac. */
struct xy_audit_checkpoint {
    int64_t seq, at;        /* last row covered; when it was signed (unix ms) */
    const char *mac;        /* hex mac of row seq */
    const char *signature;  /* base64 DER SM2 signature of xy_audit_checkpoint_text() */
    const char *public_key; /* PEM of the signing key */
};

/* Row and checkpoint visitors: return 0 to go on, anything else to stop. What they are given
 * is borrowed until they return. */
typedef int (*xy_audit_row_fn)(void *arg, const struct xy_audit_row *r);
typedef int (*xy_audit_checkpoint_fn)(void *arg, const struct xy_audit_checkpoint *c);
/* ---- end audit rows ---- */

/* ---- remedies: rows (see the wrappers at the end) ---- */
/* One objection, repair application or court removal (migration 7). Days are days since
 * 1970-01-01 (UTC+8), -1 when none; times are unix milliseconds. Strings are NULL where the
 * column is NULL. The state machines are domain/remedy.h's; the store keeps what they say. */
struct xy_case {
    int64_t id;
    const char *kind;       /* "objection", "repair", "removal" */
    int64_t record_id;      /* the record version the case is about */
    int64_t key_hash;       /* that record's natural key: the case covers all its versions */
    int64_t subject_id;     /* the record's subject */
    int64_t dept_id;        /* the department that made the record */
    const char *ground;     /* objection: domain ground id; else NULL */
    const char *statement;  /* the filer's statement (repair: how the duty was fulfilled) */
    const char *commitment; /* repair: id of the 信用承诺书 text signed ("2026-1"); else NULL */
    int64_t filer_user_id;  /* the filer's account; 0 for the operator */
    const char *filer;      /* the filer's login, for the history */
    const char *state;      /* domain state id ("filed"; removal: "removed") */
    int state_day;          /* the day the case entered its state */
    int clock_day;          /* the day the running clock started (repair: the application day) */
    int due_day;            /* last day for the next step; -1: no clock */
    int disputes;           /* 1 while the record shows 有异议 */
    int hides;              /* 1 once the record is off public view because of this case */
    int64_t result_record_id; /* objection corrected: the new version; else 0 */
    int64_t filed_at, updated_at;
    /* read only, from joins */
    const char *item;                  /* the record's catalogue item */
    const char *dept_uscc, *dept_name; /* the department's */
};

/* Which cases a list returns. Zero fields do not filter; rows come newest first. */
struct xy_case_filter {
    const char *kind;      /* one kind, or NULL: the remedies (every kind but list_add) */
    const char *state;     /* one state id, or NULL */
    int64_t subject_id;    /* cases about this subject */
    int64_t dept_id;       /* cases of this department's records */
    int64_t filer_user_id; /* cases this account filed */
    int64_t record_id;     /* cases about any version of this record's natural key */
    int open_only;         /* only cases with a running clock (due_day >= 0) */
    int due_before;        /* only cases whose due_day is >= 0 and < this day (overdue) */
    int64_t before_id;     /* paging: ids below this */
    size_t limit;          /* 0 is taken as 100 */
};

/* How many cases of a kind are in a state, and how many of those are overdue on `today`. */
struct xy_case_count {
    const char *kind, *state;
    int64_t n, overdue;
};

/* One step of a case's history; append only. */
struct xy_case_step {
    int64_t case_id;
    int seq;                /* 1, 2, 3 ... per case; case_step_put assigns it */
    int64_t at;             /* unix ms */
    const char *actor;      /* domain actor id: filer, reviewer, department, system */
    const char *login;      /* who acted */
    const char *event;      /* "file", "apply", "report" or a domain event id */
    const char *from_state; /* NULL for the first step */
    const char *to_state;
    const char *reasons; /* sent to the filer, or NULL */
    int due_day;         /* the clock the step started, -1 none */
};

/* An evidence file of a case; the bytes live in a file named by their SHA-256. */
struct xy_evidence {
    int64_t case_id;
    const char *sha256; /* 64 lower-case hex digits */
    const char *name;   /* file name as uploaded */
    const char *mime;   /* application/pdf, image/jpeg, image/png */
    int64_t bytes;
    int64_t added_at;
    const char *added_by;
};

/* An in-app notification for one account. */
struct xy_notice {
    int64_t id;
    int64_t user_id;
    int64_t case_id; /* 0: none */
    int64_t at;      /* unix ms */
    const char *text;
    int64_t read_at; /* 0: unread */
};
/* ---- end remedies rows ---- */

/* ---- checks: rows (see the wrappers at the end) ---- */
/* One check of subjects by a department before it acts (migration 8); times unix ms. */
struct xy_check {
    int64_t id;
    int64_t dept_id; /* 0: the operator */
    const char *scenario;
    const char *asked_by; /* login */
    int64_t asked_at;
    int64_t list_version; /* the highest records.id of the list items when checked */
    int subjects, hits;
    const char *kind;  /* "api" (NULL is taken as it) or "batch" (migration 9) */
    const char *state; /* "done" (NULL is taken as it); a batch: "running", then "done"/"failed" */
};

/* One hit of a check, or one subject without a hit (record_id 0). */
struct xy_check_hit {
    int seq;        /* 1, 2, 3 ... in the check; check_put numbers them */
    int subject_no; /* the subject's place in the request, from 0 */
    /* the code as given. check_put stores an ID number (code_is_idno) in its lookup form
     * only (store/seal.h); check_get returns that form */
    const char *code;
    int code_is_idno;
    const char *shown;            /* the code as answered: an ID number masked */
    int64_t subject_id;           /* 0: no subject carries the code */
    int64_t record_id;            /* 0: no hit */
    const char *item, *list_name; /* NULL without a hit; list_name NULL for a one-list item */
    const char *measures;         /* JSON array of measure 序号, "[]" for none */
    /* migration 9: a subject given by name: the name as given (never a natural person's); how
     * the entry was found: 100 by code (reasons "统一社会信用代码一致"), else the name score of
     * domain/names.h and its reasons joined by "；" */
    const char *name;
    int score;
    const char *reasons;
};

/* Which rows of a check xy_store_check_rows() reads. */
struct xy_check_rows_q {
    int head_only;       /* the check alone, no rows */
    int hits_only;       /* only rows with a hit (record_id <> 0) */
    int from_subject;    /* rows of subjects numbered from this on */
    size_t max_subjects; /* rows of at most this many subjects (0: all) */
};

/* A department's checks as its list shows them (no rows). */
struct xy_checks_q {
    int64_t dept_id;   /* this department's checks ... */
    int all_depts;     /* ... or every department's (dept_id ignored) */
    int64_t before_id; /* paging: ids below this (0: from the newest) */
    size_t limit;      /* 0 is taken as 50, at most 500 */
};

/* A record of a list item as the list index (service/list_index.h) learns it: the subject it
 * is about with every code that finds the subject (in lookup form: identifiers.value) and
 * every name it is known under. */
struct xy_list_entry {
    int64_t record_id, subject_id;
    enum xy_subject_kind kind;
    struct xy_ident *idents; /* value in lookup form (an ID number as store/seal.h's hash) */
    size_t nidents;
    const char **names; /* subjects.name first, then subject_names; none for a person */
    size_t nnames;
};
/* ---- end checks rows ---- */

/* ---- feedback and re-screening: rows (see the wrappers at the end) ---- */
/* One feedback row (反馈, migration 9): what a department did about a subject of its check. */
struct xy_feedback {
    int64_t id, check_id;
    int subject_no;
    int64_t record_id; /* the hit it answers; 0: the subject as a whole */
    long measure_seq;  /* the measure's 序号; 0: no catalogue measure */
    int taken;         /* 1 applied, 0 not (result says why) */
    const char *result;
    int64_t amount_fen; /* -1: none */
    const char *basis;
    const char *acted_on; /* YYYY-MM-DD */
    const char *given_by;
    int64_t given_at; /* unix ms */
};

/* The key figures of the closed loop for one department and scenario over a period. */
struct xy_figure_row {
    int64_t dept_id;                   /* 0: the operator's checks */
    const char *dept_uscc, *dept_name; /* NULL for the operator */
    const char *scenario;
    int64_t checks, subjects, hit_subjects, fed_subjects; /* fed: hit subjects with feedback */
    int64_t taken, not_taken; /* latest feedback row per subject+record+measure */
    int64_t amount_fen;       /* sum over those latest rows */
};

/* A subject a department screened: its latest check of the subject in the window and the hit
 * records it was last told about (that check's, or the newer of its re-screening rows'). */
struct xy_screened {
    int64_t dept_id; /* 0: the operator */
    int64_t subject_id, check_id;
    int subject_no;
    int64_t asked_at;
    int64_t *told; /* record row ids */
    size_t ntold;
    int64_t told_row; /* the re-screening row told is from; 0: the check's hits */
};

/* One row of a department's re-screening (复核) queue. */
struct xy_rescreen {
    int64_t id, dept_id, check_id;
    int subject_no;
    int64_t subject_id;
    const char *change;  /* hit | cleared */
    const char *records; /* JSON array of entries: {id, item, list_name, entry_date, end_date,
                          * document, state: new|kept|gone} */
    int64_t list_version, queued_at, done_at; /* done_at 0: open */
    const char *done_by, *done_note;
    const char *shown, *scenario; /* read only: the subject's code as answered, the check's */
    int64_t after_id; /* put: the newest row of the department, subject and check the run read
                       * (xy_screened.told_row; 0: none) */
};
/* ---- end feedback and re-screening rows ---- */

/* ---- reports: rows (see the wrappers at the end) ---- */
/* One credit report issued (migration 11, service/report.c). content is the canonical content
 * sealed by the caller; the store keeps what it is given. */
struct xy_report_row {
    int64_t id;
    const char *number, *code_mac; /* code_mac: hex HMAC-SM3 of the verification code */
    int64_t subject_id;
    const char *scope;       /* "full" or "scoped" */
    const char *domains;     /* scoped: domain codes joined by ';'; else NULL */
    const char *period_from; /* scoped: YYYY-MM-DD; else NULL */
    const char *period_to;
    const char *audience; /* "public", "self", "grant" or "office" */
    int64_t issued_at;    /* unix ms */
    const char *issued_by;
    int64_t grant_id; /* audience grant: the authorisation used; else 0 */
    const char *content, *content_sm3, *signature, *key_sm3, *pdf_sm3;
    int64_t pdf_bytes;
};
/* A natural person's authorisation for an agency account (report_grants). */
struct xy_grant_row {
    int64_t id, subject_id, grantee_user_id;
    const char *grantee_login, *grantee_name; /* read only */
    const char *purpose;
    int64_t granted_at;     /* unix ms */
    const char *expires_on; /* YYYY-MM-DD */
    int64_t revoked_at;     /* 0: not revoked */
};
/* ---- end reports rows ---- */

/* ---- measures: rows (see the wrappers at the end) ---- */
/* One version of a measure of the joint reward and punishment catalogue (migration 9): the
 * newest version of a 序号 is the measure; deleted: withdrawn. Times unix ms. */
struct xy_measure_version {
    int64_t id;      /* rises with every change: the highest is the catalogue's generation */
    long seq;        /* 序号 */
    const char *row; /* the measure as one CSV line in measures.csv's columns */
    int deleted;
    const char *reason;
    const char *edited_by; /* login, "seed", os:<user> */
    int64_t edited_at;
};
/* ---- end measures rows ---- */

/* ---- screen jobs: rows (see the wrappers at the end) ---- */
/* A batch screening job (migration 9): a department's table of subjects, checked by the
 * server's worker (or `xinyong screen run`) into one check of kind "batch". Times unix ms. */
struct xy_screen_job {
    int64_t id;
    int64_t dept_id;       /* 0: the operator */
    const char *dept_name; /* read only; NULL for the operator */
    const char *scenario, *submitted_by, *file_name;
    const char *format;                            /* csv | xlsx */
    const char *state;                             /* queued | running | done | failed */
    int64_t submitted_at, started_at, finished_at; /* 0: not yet */
    int64_t rows_total, rows_done, rows_bad, hits; /* hits: subjects with a hit */
    int64_t check_id;                              /* 0: none yet */
    const char *error; /* why it failed or stopped early, in Chinese; NULL */
    int64_t attempts;  /* runs started (read only): a job that keeps dying is not run again */
};
/* ---- end screen jobs rows ---- */

/* ---- statistics: rows (see the wrappers at the end) ---- */
/* The counters of one month of receipt (YYYYMM in UTC+8), department and catalogue item
 * (migration 12). */
struct xy_stat_cell {
    int month;
    int64_t dept_id;
    const char *item;
    int64_t rows, rejected; /* rows submitted, rows rejected (invalid or duplicate) */
    int64_t records;        /* first versions of decisions stored */
    int64_t versions;       /* later versions stored */
    int64_t timely, late;   /* first versions within / past 7 working days of the decision */
    int64_t untimed;        /* first versions that could not be timed */
    int64_t late_days;      /* working days from decision to receipt, summed over the late */
};

/* Subjects of one kind (domain/codes.h id) and those with at least one record. */
struct xy_stat_kind {
    const char *kind;
    int64_t subjects, with_records;
};

/* A registered total of subjects of a coverage kind, as the credit office entered it. */
struct xy_stat_registered {
    const char *kind;
    int64_t registered;
    const char *source;
    int64_t updated_at; /* unix ms */
    const char *updated_by;
};

/* First versions of one department and item with one decision date received on one day:
 * what the recount times with the calendar. decision_date is INT32_MIN when the record has
 * none that parses. */
struct xy_stat_timing {
    int64_t dept_id;
    const char *item; /* valid during the callback only */
    int decision_date, received_day;
    int64_t n;
};
typedef xy_code (*xy_stat_timing_fn)(void *arg, const struct xy_stat_timing *t, struct xy_err *err);

/* Cases of one kind, department and state filed in a period: how many, how many are open (a
 * clock is running), open past their due day, and closed with some step taken after the day it
 * was due (the workflow clocks). */
struct xy_stat_case {
    const char *kind, *state;
    int64_t dept_id;
    int64_t n, open, overdue, late; /* late: closed late */
};
/* ---- end statistics rows ---- */

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
    xy_code (*user_put)(struct xy_store *s, struct xy_user *u, struct xy_err *err);
    xy_code (*user_update)(struct xy_store *s, const struct xy_user *u, struct xy_err *err);
    xy_code (*user_get)(struct xy_store *s, const char *login, int64_t id, struct xy_arena *a,
                        struct xy_user *out, struct xy_err *err);
    xy_code (*user_list)(struct xy_store *s, struct xy_arena *a, struct xy_user **out, size_t *n,
                         struct xy_err *err);
    xy_code (*session_put)(struct xy_store *s, const struct xy_session *ss, struct xy_err *err);
    xy_code (*session_get)(struct xy_store *s, const char *token_hash, struct xy_arena *a,
                           struct xy_session *out, struct xy_err *err);
    xy_code (*session_touch)(struct xy_store *s, const char *token_hash, int64_t last_seen,
                             struct xy_err *err);
    xy_code (*sessions_delete)(struct xy_store *s, const char *token_hash, int64_t user_id,
                               int64_t idle_before, struct xy_err *err);
    xy_code (*token_put)(struct xy_store *s, struct xy_api_token *t, struct xy_err *err);
    xy_code (*token_get)(struct xy_store *s, const char *prefix, struct xy_arena *a,
                         struct xy_api_token *out, struct xy_err *err);
    xy_code (*token_list)(struct xy_store *s, struct xy_arena *a, struct xy_api_token **out,
                          size_t *n, struct xy_err *err);
    xy_code (*token_update)(struct xy_store *s, int64_t id, int64_t revoked_at,
                            int64_t last_used_at, struct xy_err *err);
    /* ---- end accounts ---- */

    /* ---- audit trail (sqlite/audit.c) ---- */
    xy_code (*audit_last)(struct xy_store *s, int64_t *seq, char mac[65], struct xy_err *err);
    xy_code (*audit_insert)(struct xy_store *s, const struct xy_audit_row *r, struct xy_err *err);
    xy_code (*audit_scan)(struct xy_store *s, int64_t after_seq, xy_audit_row_fn fn, void *arg,
                          struct xy_err *err);
    xy_code (*audit_search)(struct xy_store *s, const struct xy_audit_filter *f, struct xy_arena *a,
                            struct xy_audit_row **out, size_t *n, struct xy_err *err);
    xy_code (*audit_anchor)(struct xy_store *s, int64_t *seq, char mac[65], struct xy_err *err);
    xy_code (*audit_checkpoint_put)(struct xy_store *s, const struct xy_audit_checkpoint *c,
                                    struct xy_err *err);
    xy_code (*audit_checkpoint_get)(struct xy_store *s, int64_t seq, int64_t before_at,
                                    struct xy_arena *a, struct xy_audit_checkpoint *out,
                                    struct xy_err *err);
    xy_code (*audit_checkpoint_scan)(struct xy_store *s, xy_audit_checkpoint_fn fn, void *arg,
                                     struct xy_err *err);
    xy_code (*audit_purge)(struct xy_store *s, int64_t upto_seq, const char *mac, int64_t *deleted,
                           struct xy_err *err);
    /* ---- end audit ---- */

    /* ---- keys: re-sealing under a new data key (sqlite/rekey.c) ---- */
    xy_code (*sealed_counts)(struct xy_store *s, struct xy_arena *a, struct xy_sealed_count **out,
                             size_t *n, struct xy_err *err);
    xy_code (*reseal_chunk)(struct xy_store *s, int place, size_t limit, int64_t *cursor,
                            size_t *changed, int *more, struct xy_err *err);
    /* ---- end keys ---- */

    /* ---- queued submissions over HTTP (sqlite/queue.c) ---- */
    xy_code (*queue_put)(struct xy_store *s, const struct xy_batch_row *in, int64_t *id,
                         struct xy_err *err);
    xy_code (*queue_next)(struct xy_store *s, struct xy_arena *a, struct xy_batch_row *out,
                          struct xy_err *err);
    xy_code (*queue_recover)(struct xy_store *s, int64_t *n, struct xy_err *err);
    xy_code (*submission_start)(struct xy_store *s, int64_t id, int64_t file_bytes,
                                struct xy_err *err);
    xy_code (*submission_error)(struct xy_store *s, int64_t id, const char *error,
                                struct xy_err *err);
    xy_code (*batches_list)(struct xy_store *s, int64_t dept_id, int64_t before_id, size_t limit,
                            struct xy_arena *a, struct xy_batch_row **out, size_t *n,
                            struct xy_err *err);
    xy_code (*batch_get)(struct xy_store *s, int64_t id, struct xy_arena *a,
                         struct xy_batch_row *out, struct xy_err *err);
    xy_code (*dept_totals)(struct xy_store *s, int64_t dept_id, int64_t *batches,
                           struct xy_counts *c, struct xy_err *err);
    /* ---- end queue ---- */

    /* ---- remedies: objections, repairs, removals (sqlite/remedy.c) ---- */
    xy_code (*case_put)(struct xy_store *s, struct xy_case *c, struct xy_err *err);
    xy_code (*case_update)(struct xy_store *s, const struct xy_case *c, struct xy_err *err);
    xy_code (*case_get)(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_case *out,
                        struct xy_err *err);
    xy_code (*case_list)(struct xy_store *s, const struct xy_case_filter *f, struct xy_arena *a,
                         struct xy_case **out, size_t *n, struct xy_err *err);
    xy_code (*case_count)(struct xy_store *s, const struct xy_case_filter *f, int today,
                          struct xy_case_count **out, size_t *n, struct xy_arena *a,
                          struct xy_err *err);
    xy_code (*case_step_put)(struct xy_store *s, struct xy_case_step *st, struct xy_err *err);
    xy_code (*case_steps)(struct xy_store *s, int64_t case_id, struct xy_arena *a,
                          struct xy_case_step **out, size_t *n, struct xy_err *err);
    xy_code (*evidence_put)(struct xy_store *s, const struct xy_evidence *e, struct xy_err *err);
    xy_code (*evidence_list)(struct xy_store *s, int64_t case_id, struct xy_arena *a,
                             struct xy_evidence **out, size_t *n, struct xy_err *err);
    xy_code (*notice_put)(struct xy_store *s, struct xy_notice *nt, struct xy_err *err);
    xy_code (*notice_list)(struct xy_store *s, int64_t user_id, int unread_only, size_t limit,
                           struct xy_arena *a, struct xy_notice **out, size_t *n, int64_t *unread,
                           struct xy_err *err);
    xy_code (*notice_read)(struct xy_store *s, int64_t user_id, int64_t upto_id,
                           struct xy_err *err);
    xy_code (*record_versions)(struct xy_store *s, int64_t record_id, struct xy_arena *a,
                               struct xy_record **out, size_t *n, struct xy_err *err);
    /* ---- end remedies ---- */

    /* ---- checks (sqlite/checks.c) ---- */
    xy_code (*check_put)(struct xy_store *s, struct xy_check *c, struct xy_check_hit *hits,
                         size_t n, struct xy_err *err);
    xy_code (*check_get)(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_check *out,
                         struct xy_check_hit **hits, size_t *n, struct xy_err *err);
    xy_code (*list_version)(struct xy_store *s, const char *const *items, size_t n,
                            int64_t *version, struct xy_err *err);
    xy_code (*check_rows)(struct xy_store *s, int64_t id, const struct xy_check_rows_q *q,
                          struct xy_arena *a, struct xy_check *out, struct xy_check_hit **hits,
                          size_t *n, struct xy_err *err);
    xy_code (*check_hits_add)(struct xy_store *s, int64_t check_id, const struct xy_check_hit *hits,
                              size_t n, struct xy_err *err);
    xy_code (*check_finish)(struct xy_store *s, int64_t id, int subjects, int hits,
                            const char *state, struct xy_err *err);
    xy_code (*checks_list)(struct xy_store *s, const struct xy_checks_q *q, struct xy_arena *a,
                           struct xy_check **out, size_t *n, struct xy_err *err);
    xy_code (*ident_subject)(struct xy_store *s, enum xy_ident_type type, const char *lookup,
                             int64_t *subject_id, struct xy_err *err);
    xy_code (*subject_list_records)(struct xy_store *s, int64_t subject_id,
                                    const char *const *items, size_t nitems, int64_t max_id,
                                    struct xy_arena *a, struct xy_record **out, size_t *n,
                                    struct xy_err *err);
    xy_code (*list_entries)(struct xy_store *s, const char *item, int64_t after_id, int64_t upto_id,
                            int with_names, size_t limit, struct xy_arena *a,
                            struct xy_list_entry **out, size_t *n, struct xy_err *err);
    /* ---- end checks ---- */

    /* ---- feedback and re-screening (sqlite/feedback.c) ---- */
    xy_code (*feedback_put)(struct xy_store *s, struct xy_feedback *f, struct xy_err *err);
    xy_code (*feedback_list)(struct xy_store *s, int64_t check_id, struct xy_arena *a,
                             struct xy_feedback **out, size_t *n, struct xy_err *err);
    xy_code (*figures)(struct xy_store *s, int64_t from_ms, int64_t to_ms, int64_t dept_id,
                       struct xy_arena *a, struct xy_figure_row **out, size_t *n,
                       struct xy_err *err);
    xy_code (*screened)(struct xy_store *s, int64_t since_ms, int64_t after_dept,
                        int64_t after_subject, size_t limit, struct xy_arena *a,
                        struct xy_screened **out, size_t *n, struct xy_err *err);
    xy_code (*rescreen_put)(struct xy_store *s, struct xy_rescreen *r, struct xy_err *err);
    xy_code (*rescreen_list)(struct xy_store *s, int64_t dept_id, int done, int64_t before_id,
                             size_t limit, struct xy_arena *a, struct xy_rescreen **out, size_t *n,
                             struct xy_err *err);
    xy_code (*rescreen_get)(struct xy_store *s, int64_t id, struct xy_arena *a,
                            struct xy_rescreen *out, struct xy_err *err);
    xy_code (*rescreen_done)(struct xy_store *s, int64_t id, const char *by, const char *note,
                             int64_t at, struct xy_err *err);
    /* ---- end feedback and re-screening ---- */

    /* ---- measures catalogue versions (sqlite/measures.c) ---- */
    xy_code (*measures_generation)(struct xy_store *s, int64_t *gen, struct xy_err *err);
    xy_code (*measure_put)(struct xy_store *s, struct xy_measure_version *v, struct xy_err *err);
    xy_code (*measures_current)(struct xy_store *s, int with_deleted, struct xy_arena *a,
                                struct xy_measure_version **out, size_t *n, struct xy_err *err);
    xy_code (*measure_history)(struct xy_store *s, long seq, struct xy_arena *a,
                               struct xy_measure_version **out, size_t *n, struct xy_err *err);
    /* ---- end measures ---- */

    /* ---- reports (sqlite/reports.c) ---- */
    xy_code (*report_put)(struct xy_store *s, struct xy_report_row *r, struct xy_err *err);
    xy_code (*report_get)(struct xy_store *s, const char *number, struct xy_arena *a,
                          struct xy_report_row *out, struct xy_err *err);
    xy_code (*grant_put)(struct xy_store *s, struct xy_grant_row *g, struct xy_err *err);
    xy_code (*grant_list)(struct xy_store *s, int64_t subject_id, struct xy_arena *a,
                          struct xy_grant_row **out, size_t *n, struct xy_err *err);
    xy_code (*grant_revoke)(struct xy_store *s, int64_t id, int64_t subject_id, int64_t at,
                            struct xy_err *err);
    xy_code (*grant_live)(struct xy_store *s, int64_t subject_id, int64_t grantee_user_id,
                          const char *today, int64_t *grant_id, struct xy_err *err);
    /* ---- end reports ---- */

    /* ---- screen jobs (sqlite/screen.c) ---- */
    xy_code (*screen_put)(struct xy_store *s, struct xy_screen_job *j, struct xy_err *err);
    xy_code (*screen_get)(struct xy_store *s, int64_t id, struct xy_arena *a,
                          struct xy_screen_job *out, struct xy_err *err);
    xy_code (*screen_list)(struct xy_store *s, int64_t dept_id, int64_t before_id, size_t limit,
                           struct xy_arena *a, struct xy_screen_job **out, size_t *n,
                           struct xy_err *err);
    xy_code (*screen_next)(struct xy_store *s, struct xy_arena *a, struct xy_screen_job *out,
                           struct xy_err *err);
    xy_code (*screen_start)(struct xy_store *s, int64_t id, int64_t at, struct xy_err *err);
    xy_code (*screen_progress)(struct xy_store *s, const struct xy_screen_job *j,
                               struct xy_err *err);
    xy_code (*screen_finish)(struct xy_store *s, const struct xy_screen_job *j, struct xy_err *err);
    xy_code (*screen_recover)(struct xy_store *s, int64_t max_attempts, struct xy_arena *a,
                              struct xy_screen_job **out, size_t *n, struct xy_err *err);
    /* ---- end screen jobs ---- */

    /* ---- approvals of black-list additions (sqlite/approvals.c) ---- */
    xy_code (*list_adds_hold)(struct xy_store *s, int64_t batch_id, const char *item,
                              int64_t filer_user_id, const char *filer, int day, int64_t at_ms,
                              int64_t *n, struct xy_err *err);
    xy_code (*list_add_settle)(struct xy_store *s, int64_t case_id, const char *state, int hides,
                               int day, int64_t at_ms, struct xy_err *err);
    /* ---- end approvals ---- */

    /* ---- statistics counters (sqlite/stats.c) ---- */
    xy_code (*stats_add)(struct xy_store *s, const struct xy_stat_cell *cells, size_t n,
                         struct xy_err *err);
    xy_code (*stats_cells)(struct xy_store *s, int from_month, int to_month, int64_t dept_id,
                           struct xy_arena *a, struct xy_stat_cell **out, size_t *n,
                           struct xy_err *err);
    xy_code (*stats_kinds)(struct xy_store *s, struct xy_arena *a, struct xy_stat_kind **out,
                           size_t *n, struct xy_err *err);
    xy_code (*stats_registered_put)(struct xy_store *s, const struct xy_stat_registered *r,
                                    struct xy_err *err);
    xy_code (*stats_registered)(struct xy_store *s, struct xy_arena *a,
                                struct xy_stat_registered **out, size_t *n, struct xy_err *err);
    xy_code (*stats_cases)(struct xy_store *s, int64_t from_ms, int64_t to_ms, int today,
                           struct xy_arena *a, struct xy_stat_case **out, size_t *n,
                           struct xy_err *err);
    xy_code (*stats_recount)(struct xy_store *s, xy_stat_timing_fn fn, void *arg,
                             struct xy_err *err);
    xy_code (*stats_built)(struct xy_store *s, int *built, struct xy_err *err);
    /* ---- end statistics ---- */
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
const char *xy_store_record_encode(struct xy_keyring *kr, const struct xy_item *item,
                                   const struct xy_row *row, struct xy_arena *a, size_t *len);
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
/* Wrappers of the accounts ops (sqlite/accounts.c). Secrets never cross in the clear: pw_hash
 * is a PBKDF2 hash, totp_secret a value sealed by the keyring, token and session hashes SM3
 * hex. The service (service/account.c) owns every rule; the store only keeps rows. */
xy_code xy_store_user_put(struct xy_store *s, struct xy_user *u, struct xy_err *err);
xy_code xy_store_user_update(struct xy_store *s, const struct xy_user *u, struct xy_err *err);
xy_code xy_store_user_get(struct xy_store *s, const char *login, struct xy_arena *a,
                          struct xy_user *out, struct xy_err *err);
xy_code xy_store_user_get_id(struct xy_store *s, int64_t id, struct xy_arena *a,
                             struct xy_user *out, struct xy_err *err);
xy_code xy_store_user_list(struct xy_store *s, struct xy_arena *a, struct xy_user **out, size_t *n,
                           struct xy_err *err);
xy_code xy_store_session_put(struct xy_store *s, const struct xy_session *ss, struct xy_err *err);
xy_code xy_store_session_get(struct xy_store *s, const char *token_hash, struct xy_arena *a,
                             struct xy_session *out, struct xy_err *err);
xy_code xy_store_session_touch(struct xy_store *s, const char *token_hash, int64_t last_seen,
                               struct xy_err *err);
xy_code xy_store_sessions_delete(struct xy_store *s, const char *token_hash, int64_t user_id,
                                 int64_t idle_before, struct xy_err *err);
xy_code xy_store_token_put(struct xy_store *s, struct xy_api_token *t, struct xy_err *err);
xy_code xy_store_token_get(struct xy_store *s, const char *prefix, struct xy_arena *a,
                           struct xy_api_token *out, struct xy_err *err);
xy_code xy_store_token_list(struct xy_store *s, struct xy_arena *a, struct xy_api_token **out,
                            size_t *n, struct xy_err *err);
xy_code xy_store_token_update(struct xy_store *s, int64_t id, int64_t revoked_at,
                              int64_t last_used_at, struct xy_err *err);
/* ---- end accounts ---- */

/* ---- audit: types and wrappers ---- */
/* The last row's seq and hex mac; with no row, the purge anchor (seq of the last purged row
 * and its mac), or 0 and "" for a trail that never had a row. */
xy_code xy_store_audit_last(struct xy_store *s, int64_t *seq, char mac[65], struct xy_err *err);
/* Append one row; only inside a write transaction (XY_INTERNAL otherwise), so that the row
 * commits or vanishes with the action it records. */
xy_code xy_store_audit_insert(struct xy_store *s, const struct xy_audit_row *r, struct xy_err *err);
/* Every row with seq > after_seq in seq order, one at a time (nothing is held in memory). */
xy_code xy_store_audit_scan(struct xy_store *s, int64_t after_seq, xy_audit_row_fn fn, void *arg,
                            struct xy_err *err);
/* Rows matching f, newest first (or oldest first), allocated from a. */
xy_code xy_store_audit_search(struct xy_store *s, const struct xy_audit_filter *f,
                              struct xy_arena *a, struct xy_audit_row **out, size_t *n,
                              struct xy_err *err);
/* The purge anchor: seq and hex mac of the last purged row (0 and "" before any purge). */
xy_code xy_store_audit_anchor(struct xy_store *s, int64_t *seq, char mac[65], struct xy_err *err);
/* XY_CONFLICT when a checkpoint of that seq exists. */
xy_code xy_store_audit_checkpoint_put(struct xy_store *s, const struct xy_audit_checkpoint *c,
                                      struct xy_err *err);
/* The checkpoint of seq (seq > 0), or the newest signed before before_at (seq 0; before_at 0:
 * the newest). XY_NOT_FOUND when there is none. */
xy_code xy_store_audit_checkpoint_get(struct xy_store *s, int64_t seq, int64_t before_at,
                                      struct xy_arena *a, struct xy_audit_checkpoint *out,
                                      struct xy_err *err);
/* Every stored checkpoint in seq order. */
xy_code xy_store_audit_checkpoint_scan(struct xy_store *s, xy_audit_checkpoint_fn fn, void *arg,
                                       struct xy_err *err);
/* Retention: inside a write transaction, delete the rows up to upto_seq and make (upto_seq,
 * mac) the anchor the chain starts from. The only way rows leave: a trigger refuses DELETE on
 * every connection but this one, for this statement. */
xy_code xy_store_audit_purge(struct xy_store *s, int64_t upto_seq, const char *mac,
                             int64_t *deleted, struct xy_err *err);
/* ---- end audit ---- */

/* ---- keys: wrappers ----
 * Sealed values (store/seal.h, crypto/keyring.h) live in a few places; `xinyong key rotate`
 * re-seals each place chunk by chunk, every chunk in a short write transaction of its own
 * (between xy_store_begin and xy_store_commit), so that a serving server waits at most for
 * one chunk. Records are append-only: their payload may change only on the re-sealing
 * connection, and nothing else of them (migration 6). */
enum xy_sealed_place {
    XY_SEALED_SUBJECTS,    /* subjects.code of people */
    XY_SEALED_IDENTIFIERS, /* identifiers.value: only values from before the keyring ("p1:"),
                            * turned into the lookup form */
    XY_SEALED_RECORDS,     /* record payload fields of type XY_FT_IDNO */
    XY_SEALED_TOTP,        /* users.totp_secret */
    XY_SEALED_PLACES
};
/* The place's name for people and logs ("subjects", "identifiers", "records", "totp"). */
const char *xy_sealed_place_name(enum xy_sealed_place p);
struct xy_sealed_count {
    enum xy_sealed_place place;
    int version; /* data key version; 0: from before the keyring ("p1:"), to be sealed */
    int64_t n;
};
/* How many values each version sealed, by place (only non-zero counts, by place then
 * version). Reads every record that has a sealed field: seconds on a large database. */
xy_code xy_store_sealed_counts(struct xy_store *s, struct xy_arena *a, struct xy_sealed_count **out,
                               size_t *n, struct xy_err *err);
/* Inside a write transaction: re-seal under the keyring's current version the values of place
 * found in up to limit rows after *cursor (0 at first), which then moves past them. *changed
 * counts the values re-sealed; *more is 0 once the place is done. */
xy_code xy_store_reseal_chunk(struct xy_store *s, enum xy_sealed_place place, size_t limit,
                              int64_t *cursor, size_t *changed, int *more, struct xy_err *err);
/* The content hash a record keeps (xy_row_hash) with every ID number replaced by its lookup
 * form: unkeyed, the hash of a row with the other values known would give the number away by
 * trying every one. Stable for the same row (reingesting changes nothing). Pure and
 * thread-safe, like xy_store_record_encode(). */
uint64_t xy_store_record_hash(struct xy_keyring *kr, const struct xy_item *item,
                              const struct xy_row *row, struct xy_arena *a);
/* ---- end keys ---- */

/* ---- queue: types and wrappers ---- */
/* Queued submissions (department batches over HTTP): status queued -> running -> done|failed.
 * XY_NOT_FOUND from queue_next when nothing waits. */
xy_code xy_store_queue_put(struct xy_store *s, const struct xy_batch_row *in, int64_t *id,
                           struct xy_err *err);
xy_code xy_store_queue_next(struct xy_store *s, struct xy_arena *a, struct xy_batch_row *out,
                            struct xy_err *err);
/* After a crash: batches left running with their upload still kept go back to the queue (their
 * stored rows stay; storing the file again adds nothing). *n: how many. */
xy_code xy_store_queue_recover(struct xy_store *s, int64_t *n, struct xy_err *err);
/* queued -> running; XY_CONFLICT when it is no longer queued (another worker took it). */
xy_code xy_store_submission_start(struct xy_store *s, int64_t id, int64_t file_bytes,
                                  struct xy_err *err);
/* Mark failed as a whole, with the reason a clerk reads. */
xy_code xy_store_submission_error(struct xy_store *s, int64_t id, const char *error,
                                  struct xy_err *err);
/* Newest first; dept_id 0: every department; before_id 0: from the newest. */
xy_code xy_store_batches_list(struct xy_store *s, int64_t dept_id, int64_t before_id, size_t limit,
                              struct xy_arena *a, struct xy_batch_row **out, size_t *n,
                              struct xy_err *err);
xy_code xy_store_batch_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                           struct xy_batch_row *out, struct xy_err *err);
/* A department's submissions counted and their row counters summed. */
xy_code xy_store_dept_totals(struct xy_store *s, int64_t dept_id, int64_t *batches,
                             struct xy_counts *c, struct xy_err *err);
/* ---- end queue ---- */

/* ---- remedies: wrappers ----
 * Cases change only through the service (service/cases.c), inside its write transaction with
 * the audit row. case_put fills c->id and takes key_hash, subject_id and dept_id from the
 * record c->record_id (XY_NOT_FOUND when there is none); case_update writes state, state_day,
 * clock_day, due_day, disputes, hides, result_record_id and updated_at (the rest never
 * changes). XY_NOT_FOUND for an unknown id. Times left 0 (filed_at, updated_at, a step's or a
 * notice's at, an evidence's added_at) are set to now. Lists take limit 0 as 100 and at most
 * 1000. */
xy_code xy_store_case_put(struct xy_store *s, struct xy_case *c, struct xy_err *err);
xy_code xy_store_case_update(struct xy_store *s, const struct xy_case *c, struct xy_err *err);
xy_code xy_store_case_get(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_case *out,
                          struct xy_err *err);
xy_code xy_store_case_list(struct xy_store *s, const struct xy_case_filter *f, struct xy_arena *a,
                           struct xy_case **out, size_t *n, struct xy_err *err);
/* Counts by kind and state of the cases f selects (its paging fields ignored), with how many
 * are overdue on today (due_day >= 0 and < today); for the dashboards. */
xy_code xy_store_case_count(struct xy_store *s, const struct xy_case_filter *f, int today,
                            struct xy_case_count **out, size_t *n, struct xy_arena *a,
                            struct xy_err *err);
/* Append a step; st->seq is set to the next number of its case. */
xy_code xy_store_case_step_put(struct xy_store *s, struct xy_case_step *st, struct xy_err *err);
/* A case's history, oldest first. */
xy_code xy_store_case_steps(struct xy_store *s, int64_t case_id, struct xy_arena *a,
                            struct xy_case_step **out, size_t *n, struct xy_err *err);
/* XY_CONFLICT when the case already has a file with that hash. */
xy_code xy_store_evidence_put(struct xy_store *s, const struct xy_evidence *e, struct xy_err *err);
xy_code xy_store_evidence_list(struct xy_store *s, int64_t case_id, struct xy_arena *a,
                               struct xy_evidence **out, size_t *n, struct xy_err *err);
/* nt->id is filled. */
xy_code xy_store_notice_put(struct xy_store *s, struct xy_notice *nt, struct xy_err *err);
/* A user's notifications, newest first, and how many are unread in all. */
xy_code xy_store_notice_list(struct xy_store *s, int64_t user_id, int unread_only, size_t limit,
                             struct xy_arena *a, struct xy_notice **out, size_t *n, int64_t *unread,
                             struct xy_err *err);
/* Mark a user's notifications up to upto_id (0: all) read. */
xy_code xy_store_notice_read(struct xy_store *s, int64_t user_id, int64_t upto_id,
                             struct xy_err *err);
/* Every version of the natural key of record record_id, oldest first, with fields and
 * provenance (subject not filled). XY_NOT_FOUND for an unknown record. */
xy_code xy_store_record_versions(struct xy_store *s, int64_t record_id, struct xy_arena *a,
                                 struct xy_record **out, size_t *n, struct xy_err *err);
/* ---- end remedies ---- */

/* ---- checks: wrappers ----
 * A check and its hits are written once, inside the service's write transaction with the
 * audit row (service/checks.c), and never change (triggers refuse it). */
#define XY_CHECK_MAX_HITS 10000 /* rows of one check: 100 subjects with their hits */
/* Store c and its n hits (seq numbered 1..n here; an ID number kept only in its lookup form);
 * c->id is filled, c->asked_at set to now when 0. Only inside a write transaction
 * (XY_INTERNAL otherwise); XY_TOO_LARGE over XY_CHECK_MAX_HITS. */
xy_code xy_store_check_put(struct xy_store *s, struct xy_check *c, struct xy_check_hit *hits,
                           size_t n, struct xy_err *err);
/* A check and its hits in seq order. XY_NOT_FOUND for an unknown id. */
xy_code xy_store_check_get(struct xy_store *s, int64_t id, struct xy_arena *a, struct xy_check *out,
                           struct xy_check_hit **hits, size_t *n, struct xy_err *err);
/* The list version: the highest record row id of the items (0 when they have none). */
xy_code xy_store_list_version(struct xy_store *s, const char *const *items, size_t n,
                              int64_t *version, struct xy_err *err);
/* The check and the rows q selects (NULL: all), in seq order. XY_NOT_FOUND as check_get. */
xy_code xy_store_check_rows(struct xy_store *s, int64_t id, const struct xy_check_rows_q *q,
                            struct xy_arena *a, struct xy_check *out, struct xy_check_hit **hits,
                            size_t *n, struct xy_err *err);
/* Append rows to a running check (a batch's chunk): hits[i].seq must already be numbered,
 * going on from the check's last row. Only inside a write transaction; XY_CONFLICT when the
 * check is not running (a closed check is evidence: nothing is added to it). */
xy_code xy_store_check_hits_add(struct xy_store *s, int64_t check_id,
                                const struct xy_check_hit *hits, size_t n, struct xy_err *err);
/* Close a running check: its subjects and hits counted, state "done" or "failed".
 * XY_CONFLICT when it is not running; XY_NOT_FOUND for an unknown id. */
xy_code xy_store_check_finish(struct xy_store *s, int64_t id, int subjects, int hits,
                              const char *state, struct xy_err *err);
/* Checks newest first, as q says. */
xy_code xy_store_checks_list(struct xy_store *s, const struct xy_checks_q *q, struct xy_arena *a,
                             struct xy_check **out, size_t *n, struct xy_err *err);
/* The records of list item with after_id < id <= upto_id, in id order, at most limit (1 to
 * 100000), each with its subject's kind, codes and (with_names) names (a person's names are
 * never read). Read in one snapshot of their own when no transaction is open. */
xy_code xy_store_list_entries(struct xy_store *s, const char *item, int64_t after_id,
                              int64_t upto_id, int with_names, size_t limit, struct xy_arena *a,
                              struct xy_list_entry **out, size_t *n, struct xy_err *err);
/* The subject that carries a code given in lookup form (xy_store_ident_lookup): one probe of
 * the identifiers' key, nothing read (a batch check looks every subject up). XY_NOT_FOUND
 * when none. */
xy_code xy_store_ident_subject(struct xy_store *s, enum xy_ident_type type, const char *lookup,
                               int64_t *subject_id, struct xy_err *err);
/* The latest version of each record of the items (list items, for a check) of a subject
 * among the rows with ids up to max_id (0: any; a correction above max_id leaves the version
 * at or below it in place), newest decision first, as xy_store_subject_records() gives them: a
 * subject's other records are not read. */
xy_code xy_store_subject_list_records(struct xy_store *s, int64_t subject_id,
                                      const char *const *items, size_t nitems, int64_t max_id,
                                      struct xy_arena *a, struct xy_record **out, size_t *n,
                                      struct xy_err *err);
/* The form of a code that identifiers.value holds (an ID number's keyed hash, store/seal.h;
 * other codes as given), from a. Pure and thread-safe like xy_store_record_encode(). */
const char *xy_store_ident_lookup(struct xy_keyring *kr, enum xy_ident_type type, const char *value,
                                  struct xy_arena *a);
/* ---- end checks ---- */

/* ---- feedback and re-screening: wrappers ----
 * Feedback rows are appended inside the service's write transaction with their audit row
 * (service/feedback.c) and never change (triggers refuse it); a later row about the same
 * subject, record and measure supersedes an earlier one in every view and figure. */
#define XY_FEEDBACK_MAX_ROWS 100000 /* feedback rows listed for one check at most */
/* Append f (f->id filled). Only inside a write transaction (XY_INTERNAL otherwise). */
xy_code xy_store_feedback_put(struct xy_store *s, struct xy_feedback *f, struct xy_err *err);
/* The feedback of a check in the order given (oldest first). */
xy_code xy_store_feedback_list(struct xy_store *s, int64_t check_id, struct xy_arena *a,
                               struct xy_feedback **out, size_t *n, struct xy_err *err);
/* The key figures of the checks finished (state done) with from_ms <= asked_at < to_ms, one row
 * per department and scenario, by department id then scenario; dept_id < 0: every department,
 * else that one (0: the operator's). Counted in SQL. */
xy_code xy_store_figures(struct xy_store *s, int64_t from_ms, int64_t to_ms, int64_t dept_id,
                         struct xy_arena *a, struct xy_figure_row **out, size_t *n,
                         struct xy_err *err);
/* Up to limit (department, subject) pairs screened since since_ms, in order of department
 * then subject and after (after_dept, after_subject): pass the last pair of one page to get the
 * next. Checks still running are left out. A run starts with after_dept -1: that call collects
 * the pairs of the window once (a snapshot kept by this store handle until the page that comes
 * back short), and later calls page through that snapshot, so a run reads the window once.
 * Subjects checked by name alone without a hit carry neither a subject nor a code that finds
 * one: they are not in it. Needs no transaction (and should not run inside one: the run reads
 * a page, then writes its rows in a short transaction). */
xy_code xy_store_screened(struct xy_store *s, int64_t since_ms, int64_t after_dept,
                          int64_t after_subject, size_t limit, struct xy_arena *a,
                          struct xy_screened **out, size_t *n, struct xy_err *err);
/* Queue r (r->id filled). Only inside a write transaction. XY_CONFLICT (nothing queued) when
 * the newest row of r's department, subject and check is no longer r->after_id: another run
 * queued it since the page was read. */
xy_code xy_store_rescreen_put(struct xy_store *s, struct xy_rescreen *r, struct xy_err *err);
/* A department's queue (dept_id < 0: every department's), newest first: open rows (done 0) or
 * done ones (done 1) with ids below before_id (0: from the newest), at most limit. */
xy_code xy_store_rescreen_list(struct xy_store *s, int64_t dept_id, int done, int64_t before_id,
                               size_t limit, struct xy_arena *a, struct xy_rescreen **out,
                               size_t *n, struct xy_err *err);
/* XY_NOT_FOUND for an unknown id. */
xy_code xy_store_rescreen_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                              struct xy_rescreen *out, struct xy_err *err);
/* Mark row id done (note may be NULL). XY_CONFLICT when it is done already. */
xy_code xy_store_rescreen_done(struct xy_store *s, int64_t id, const char *by, const char *note,
                               int64_t at, struct xy_err *err);
/* ---- end feedback and re-screening ---- */

/* ---- reports: wrappers (store/reports.c) ----
 * Reports and authorisations are append-only (migration 11's triggers); an authorisation's one
 * later write is its revocation. */
/* Append r; r->id is filled. XY_CONFLICT when its number is taken (the caller draws another). */
xy_code xy_store_report_put(struct xy_store *s, struct xy_report_row *r, struct xy_err *err);
/* The report with this number; XY_NOT_FOUND when none. */
xy_code xy_store_report_get(struct xy_store *s, const char *number, struct xy_arena *a,
                            struct xy_report_row *out, struct xy_err *err);
/* Append g (granted_at set to now when 0); g->id is filled. */
xy_code xy_store_grant_put(struct xy_store *s, struct xy_grant_row *g, struct xy_err *err);
/* A subject's authorisations, newest first (at most XY_GRANTS_MAX). */
#define XY_GRANTS_MAX 500
xy_code xy_store_grant_list(struct xy_store *s, int64_t subject_id, struct xy_arena *a,
                            struct xy_grant_row **out, size_t *n, struct xy_err *err);
/* Revoke the subject's authorisation id at at; XY_NOT_FOUND when the subject has no such
 * authorisation, XY_CONFLICT when it was revoked already. */
xy_code xy_store_grant_revoke(struct xy_store *s, int64_t id, int64_t subject_id, int64_t at,
                              struct xy_err *err);
/* The newest authorisation of subject_id for grantee_user_id in force on today (YYYY-MM-DD):
 * not revoked, expires_on >= today; XY_NOT_FOUND when none. */
xy_code xy_store_grant_live(struct xy_store *s, int64_t subject_id, int64_t grantee_user_id,
                            const char *today, int64_t *grant_id, struct xy_err *err);
/* ---- end reports ---- */

/* ---- measures: wrappers (store/measure_versions.c) ----
 * The catalogue's history is append-only (triggers refuse any change): an edit, an import or a
 * withdrawal adds a version; service/measures_admin.c checks the rows, the store keeps them. */
/* The highest version id (0: no version yet, the catalogue was never seeded). */
xy_code xy_store_measures_generation(struct xy_store *s, int64_t *gen, struct xy_err *err);
/* Append v (seq >= 1, row, reason and edited_by required); v->id is filled and edited_at set
 * to now when 0. Only inside a write transaction (XY_INTERNAL otherwise). */
xy_code xy_store_measure_put(struct xy_store *s, struct xy_measure_version *v, struct xy_err *err);
/* The newest version of every 序号, by 序号; withdrawn ones only when with_deleted. */
xy_code xy_store_measures_current(struct xy_store *s, int with_deleted, struct xy_arena *a,
                                  struct xy_measure_version **out, size_t *n, struct xy_err *err);
/* Every version of seq, oldest first; none (n 0, XY_OK) for a 序号 never used. */
xy_code xy_store_measure_history(struct xy_store *s, long seq, struct xy_arena *a,
                                 struct xy_measure_version **out, size_t *n, struct xy_err *err);
/* ---- end measures ---- */

/* ---- screen jobs: wrappers (store/screen.c) ----
 * A job goes queued -> running -> done | failed; each step names the state it leaves and
 * answers XY_CONFLICT when the job is not in it (another worker has it, or it is over). */
/* Queue j (state "queued"; "running" for a job the CLI runs at once, started_at set). j->id
 * filled; submitted_at set to now when 0. */
xy_code xy_store_screen_put(struct xy_store *s, struct xy_screen_job *j, struct xy_err *err);
/* XY_NOT_FOUND for an unknown id. */
xy_code xy_store_screen_get(struct xy_store *s, int64_t id, struct xy_arena *a,
                            struct xy_screen_job *out, struct xy_err *err);
/* Newest first: dept_id's jobs (0: the operator's, < 0: every department's), ids below
 * before_id (0: from the newest), at most limit (1 to 500). */
xy_code xy_store_screen_list(struct xy_store *s, int64_t dept_id, int64_t before_id, size_t limit,
                             struct xy_arena *a, struct xy_screen_job **out, size_t *n,
                             struct xy_err *err);
/* The oldest queued job; XY_NOT_FOUND when none waits. */
xy_code xy_store_screen_next(struct xy_store *s, struct xy_arena *a, struct xy_screen_job *out,
                             struct xy_err *err);
/* queued -> running at `at`. */
xy_code xy_store_screen_start(struct xy_store *s, int64_t id, int64_t at, struct xy_err *err);
/* A running job's check id and counters. */
xy_code xy_store_screen_progress(struct xy_store *s, const struct xy_screen_job *j,
                                 struct xy_err *err);
/* running -> j->state ("done" or "failed") with j's error, finished_at, check id and counters. */
xy_code xy_store_screen_finish(struct xy_store *s, const struct xy_screen_job *j,
                               struct xy_err *err);
/* After a crash, inside a write transaction: the jobs left running, as they were (their check
 * ids, to close those checks), and those started fewer than max_attempts times are put back
 * in the queue with their counters cleared; the others stay running for the caller to fail. */
xy_code xy_store_screen_recover(struct xy_store *s, int64_t max_attempts, struct xy_arena *a,
                                struct xy_screen_job **out, size_t *n, struct xy_err *err);
/* ---- end screen jobs ---- */

/* ---- approvals: wrappers (store/approvals.c) ----
 * A black-list addition (an item with list_approval = two_person) waits for a second person:
 * a case of kind "list_add" whose pending flag keeps the record (every version of its natural
 * key) off every public read and every check (struct xy_record.pending). The rules are
 * domain/approval.h's and service/approvals.c's; these keep rows, inside the caller's write
 * transaction (XY_INTERNAL otherwise). Cases are read with xy_store_case_get/_list/_steps. */
/* For every first version (an addition: no earlier version of its natural key) of item that
 * batch batch_id stored, a pending case with its first step ("submit" by filer, "department");
 * *n: how many. The batch's rows are the newest of the item, so only they are read. */
xy_code xy_store_list_adds_hold(struct xy_store *s, int64_t batch_id, const char *item,
                                int64_t filer_user_id, const char *filer, int day, int64_t at_ms,
                                int64_t *n, struct xy_err *err);
/* Settle the pending case case_id: state ("approved", "rejected"), pending 0, hides as given
 * (1: never published). XY_CONFLICT when it is not a pending list_add case (settled meanwhile),
 * XY_NOT_FOUND when there is no such case. */
xy_code xy_store_list_add_settle(struct xy_store *s, int64_t case_id, const char *state, int hides,
                                 int day, int64_t at_ms, struct xy_err *err);
/* ---- end approvals ---- */

/* ---- statistics: wrappers (store/stats.c) ----
 * Counters kept in the transaction that stores what they count (migration 12): the backend
 * adds rows and rejected in batch_finish, and records, versions and subjects by kind in
 * records_put; the service adds the timeliness (it holds the calendar) with stats_add. Months
 * are YYYYMM of receipt in UTC+8. */
/* Add cells to the counters (the key fields say where, every other field is added); inside
 * a write transaction. */
xy_code xy_store_stats_add(struct xy_store *s, const struct xy_stat_cell *cells, size_t n,
                           struct xy_err *err);
/* The cells of the months from_month..to_month (both included), of one department or of
 * every department (dept_id 0), ordered by month, department, item. */
xy_code xy_store_stats_cells(struct xy_store *s, int from_month, int to_month, int64_t dept_id,
                             struct xy_arena *a, struct xy_stat_cell **out, size_t *n,
                             struct xy_err *err);
/* Subjects by kind. */
xy_code xy_store_stats_kinds(struct xy_store *s, struct xy_arena *a, struct xy_stat_kind **out,
                             size_t *n, struct xy_err *err);
/* Enter (or replace) the registered total of a coverage kind. */
xy_code xy_store_stats_registered_put(struct xy_store *s, const struct xy_stat_registered *r,
                                      struct xy_err *err);
xy_code xy_store_stats_registered(struct xy_store *s, struct xy_arena *a,
                                  struct xy_stat_registered **out, size_t *n, struct xy_err *err);
/* Objections and repairs filed from from_ms to to_ms (unix ms, to excluded), grouped; today
 * (days since the epoch, UTC+8) decides which open ones are overdue. */
xy_code xy_store_stats_cases(struct xy_store *s, int64_t from_ms, int64_t to_ms, int today,
                             struct xy_arena *a, struct xy_stat_case **out, size_t *n,
                             struct xy_err *err);
/* Inside a write transaction: empty the counters, count them again from batches, records and
 * subjects, hand fn the first versions grouped by department, item, decision date and day of
 * receipt (for the caller to add their timeliness with stats_add), then mark the counters
 * built. fn's error stops the scan and is returned. */
xy_code xy_store_stats_recount(struct xy_store *s, xy_stat_timing_fn fn, void *arg,
                               struct xy_err *err);
/* *built = 1 once the counters are complete (a new database, or after a recount). */
xy_code xy_store_stats_built(struct xy_store *s, int *built, struct xy_err *err);
/* ---- end statistics ---- */

#endif
