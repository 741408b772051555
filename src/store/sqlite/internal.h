/* internal.h - what the SQLite backend's files share (layer: store, internal to sqlite/)
 *
 * sqlite.c holds the connection; the files added for accounts, audit, keys, the queue and
 * remedies (accounts.c, audit.c, rekey.c, queue.c, remedy.c) reach it through these helpers
 * and put their functions in the ops table at the end of sqlite.c.
 */
#ifndef XY_STORE_SQLITE_INTERNAL_H
#define XY_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

sqlite3 *xy_sq_db(struct xy_store *xs);
/* A statement for sql, prepared once per connection (the cache is keyed by the pointer, so
 * pass a string literal or a static array), reset and with its bindings cleared. */
sqlite3_stmt *xy_sq_stmt(struct xy_store *xs, const char *sql);
/* XY_STORAGE "could not <what>" with SQLite's message as detail. */
xy_code xy_sq_error(struct xy_store *xs, struct xy_err *err, const char *what);
/* A column's "YYYY-MM-DD..." as days since 1970-01-01, INT32_MIN when it is none. */
int xy_sq_parse_day(const unsigned char *t);
/* Column text copied into a, or NULL for SQL NULL. */
const char *xy_sq_text(struct xy_arena *a, sqlite3_stmt *st, int col);
/* Bind text, or SQL NULL for NULL (the text must outlive the statement's step). */
void xy_sq_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Bind an id, or SQL NULL for 0 (a column that references a row, NULL when none). */
void xy_sq_bind_id(sqlite3_stmt *st, int i, int64_t v);
/* 1 inside a write transaction (xy_store_begin .. commit/rollback). */
int xy_sq_in_tx(struct xy_store *xs);
/* The items of a ';'-separated list (empty items dropped; NULL is the empty list), from a. */
const char **xy_sq_split(struct xy_arena *a, const char *s, size_t *n);
/* v (n elements of size bytes, room for *cap) with room for one more: doubled in a when full. */
void *xy_sq_grow(struct xy_arena *a, void *v, size_t n, size_t *cap, size_t size);
/* The keyring given at open, or NULL. */
struct xy_keyring *xy_sq_keys(struct xy_store *xs);

/* A record row: "SELECT " XY_SQ_RECORD_COLS " FROM records r" XY_SQ_RECORD_JOINS gives the
 * columns 0-15 that xy_sq_read_record() reads (further columns may follow).
 * Column 15 holds the remedy flags of the record's natural key (migration 7): 1 some case
 * disputes it, 2 some case hides it, 4 a black-list addition waits for approval (migration 9:
 * cases.pending). One subquery gives them all, so a record costs one probe of
 * cases_key (nothing to read while no case exists); CROSS JOIN keeps cases as the outer loop,
 * and the natural key is compared through the case's record, so that a 64-bit key_hash
 * collision never flags another record. */
#define XY_SQ_RECORD_FLAGS                                                                         \
    "(SELECT max(c.disputes) + 2 * max(c.hides) + 4 * max(c.pending) FROM cases c"                 \
    " INDEXED BY cases_key"                                                                        \
    " CROSS JOIN records cr ON cr.id = c.record_id WHERE c.key_hash = r.key_hash"                  \
    " AND cr.dept_id = r.dept_id AND cr.item = r.item AND cr.key = r.key)"
#define XY_SQ_RECORD_COLS                                                                          \
    "r.id, r.item, d.uscc, d.name, r.key, r.version, r.decision_date, r.payload, r.batch_id,"      \
    " s.file, r.line, r.received_at, l.fields, r.subject_id, r.dept_id, " XY_SQ_RECORD_FLAGS
#define XY_SQ_RECORD_JOINS                                                                         \
    " JOIN departments d ON d.id = r.dept_id JOIN layouts l ON l.id = r.layout_id"                 \
    " JOIN batches b ON b.id = r.batch_id JOIN submissions s ON s.id = b.submission_id"
/* Columns 0-15 of a record row into rec: fields decoded (sealed ones opened), provenance, the
 * remedy flags; nversions set to the row's own version, subject not filled. */
void xy_sq_read_record(struct xy_store *xs, sqlite3_stmt *st, struct xy_arena *a,
                       struct xy_record *rec);

/* ---- accounts (accounts.c) ---- */
xy_code xy_sq_user_put(struct xy_store *xs, struct xy_user *u, struct xy_err *err);
xy_code xy_sq_user_update(struct xy_store *xs, const struct xy_user *u, struct xy_err *err);
xy_code xy_sq_user_get(struct xy_store *xs, const char *login, int64_t id, struct xy_arena *a,
                       struct xy_user *out, struct xy_err *err);
xy_code xy_sq_user_list(struct xy_store *xs, struct xy_arena *a, struct xy_user **out, size_t *n,
                        struct xy_err *err);
xy_code xy_sq_session_put(struct xy_store *xs, const struct xy_session *ss, struct xy_err *err);
xy_code xy_sq_session_get(struct xy_store *xs, const char *token_hash, struct xy_arena *a,
                          struct xy_session *out, struct xy_err *err);
xy_code xy_sq_session_touch(struct xy_store *xs, const char *token_hash, int64_t last_seen,
                            struct xy_err *err);
xy_code xy_sq_sessions_delete(struct xy_store *xs, const char *token_hash, int64_t user_id,
                              int64_t idle_before, struct xy_err *err);
xy_code xy_sq_token_put(struct xy_store *xs, struct xy_api_token *t, struct xy_err *err);
xy_code xy_sq_token_get(struct xy_store *xs, const char *prefix, struct xy_arena *a,
                        struct xy_api_token *out, struct xy_err *err);
xy_code xy_sq_token_list(struct xy_store *xs, struct xy_arena *a, struct xy_api_token **out,
                         size_t *n, struct xy_err *err);
xy_code xy_sq_token_update(struct xy_store *xs, int64_t id, int64_t revoked_at,
                           int64_t last_used_at, struct xy_err *err);
/* ---- end accounts ---- */

/* ---- queue.c ---- */
xy_code sq_queue_put(struct xy_store *xs, const struct xy_batch_row *in, int64_t *id,
                     struct xy_err *err);
xy_code sq_queue_next(struct xy_store *xs, struct xy_arena *a, struct xy_batch_row *out,
                      struct xy_err *err);
xy_code sq_queue_recover(struct xy_store *xs, int64_t *n, struct xy_err *err);
xy_code sq_submission_start(struct xy_store *xs, int64_t id, int64_t file_bytes,
                            struct xy_err *err);
xy_code sq_submission_error(struct xy_store *xs, int64_t id, const char *error, struct xy_err *err);
xy_code sq_batches_list(struct xy_store *xs, int64_t dept_id, int64_t before_id, size_t limit,
                        struct xy_arena *a, struct xy_batch_row **out, size_t *n,
                        struct xy_err *err);
xy_code sq_batch_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_batch_row *out,
                     struct xy_err *err);
xy_code sq_dept_totals(struct xy_store *xs, int64_t dept_id, int64_t *batches, struct xy_counts *c,
                       struct xy_err *err);

/* ---- audit (audit.c) ---- */
xy_code xy_sq_audit_last(struct xy_store *xs, int64_t *seq, char mac[65], struct xy_err *err);
xy_code xy_sq_audit_insert(struct xy_store *xs, const struct xy_audit_row *r, struct xy_err *err);
xy_code xy_sq_audit_scan(struct xy_store *xs, int64_t after_seq, xy_audit_row_fn fn, void *arg,
                         struct xy_err *err);
xy_code xy_sq_audit_search(struct xy_store *xs, const struct xy_audit_filter *f, struct xy_arena *a,
                           struct xy_audit_row **out, size_t *n, struct xy_err *err);
xy_code xy_sq_audit_anchor(struct xy_store *xs, int64_t *seq, char mac[65], struct xy_err *err);
xy_code xy_sq_audit_checkpoint_put(struct xy_store *xs, const struct xy_audit_checkpoint *c,
                                   struct xy_err *err);
xy_code xy_sq_audit_checkpoint_get(struct xy_store *xs, int64_t seq, int64_t before_at,
                                   struct xy_arena *a, struct xy_audit_checkpoint *out,
                                   struct xy_err *err);
xy_code xy_sq_audit_checkpoint_scan(struct xy_store *xs, xy_audit_checkpoint_fn fn, void *arg,
                                    struct xy_err *err);
xy_code xy_sq_audit_purge(struct xy_store *xs, int64_t upto_seq, const char *mac, int64_t *deleted,
                          struct xy_err *err);
/* ---- end audit ---- */

/* ---- remedies (remedy.c) ---- */
xy_code xy_sq_case_put(struct xy_store *xs, struct xy_case *c, struct xy_err *err);
xy_code xy_sq_case_update(struct xy_store *xs, const struct xy_case *c, struct xy_err *err);
xy_code xy_sq_case_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_case *out,
                       struct xy_err *err);
xy_code xy_sq_case_list(struct xy_store *xs, const struct xy_case_filter *f, struct xy_arena *a,
                        struct xy_case **out, size_t *n, struct xy_err *err);
xy_code xy_sq_case_count(struct xy_store *xs, const struct xy_case_filter *f, int today,
                         struct xy_case_count **out, size_t *n, struct xy_arena *a,
                         struct xy_err *err);
xy_code xy_sq_case_step_put(struct xy_store *xs, struct xy_case_step *st, struct xy_err *err);
xy_code xy_sq_case_steps(struct xy_store *xs, int64_t case_id, struct xy_arena *a,
                         struct xy_case_step **out, size_t *n, struct xy_err *err);
xy_code xy_sq_evidence_put(struct xy_store *xs, const struct xy_evidence *e, struct xy_err *err);
xy_code xy_sq_evidence_list(struct xy_store *xs, int64_t case_id, struct xy_arena *a,
                            struct xy_evidence **out, size_t *n, struct xy_err *err);
xy_code xy_sq_notice_put(struct xy_store *xs, struct xy_notice *nt, struct xy_err *err);
xy_code xy_sq_notice_list(struct xy_store *xs, int64_t user_id, int unread_only, size_t limit,
                          struct xy_arena *a, struct xy_notice **out, size_t *n, int64_t *unread,
                          struct xy_err *err);
xy_code xy_sq_notice_read(struct xy_store *xs, int64_t user_id, int64_t upto_id,
                          struct xy_err *err);
xy_code xy_sq_record_versions(struct xy_store *xs, int64_t record_id, struct xy_arena *a,
                              struct xy_record **out, size_t *n, struct xy_err *err);
/* ---- end remedies ---- */

/* ---- checks (checks.c) ---- */
xy_code xy_sq_check_put(struct xy_store *xs, struct xy_check *c, struct xy_check_hit *hits,
                        size_t n, struct xy_err *err);
xy_code xy_sq_check_get(struct xy_store *xs, int64_t id, struct xy_arena *a, struct xy_check *out,
                        struct xy_check_hit **hits, size_t *n, struct xy_err *err);
xy_code xy_sq_list_version(struct xy_store *xs, const char *const *items, size_t n,
                           int64_t *version, struct xy_err *err);
xy_code xy_sq_check_rows(struct xy_store *xs, int64_t id, const struct xy_check_rows_q *q,
                         struct xy_arena *a, struct xy_check *out, struct xy_check_hit **hits,
                         size_t *n, struct xy_err *err);
xy_code xy_sq_check_hits_add(struct xy_store *xs, int64_t check_id, const struct xy_check_hit *hits,
                             size_t n, struct xy_err *err);
xy_code xy_sq_check_finish(struct xy_store *xs, int64_t id, int subjects, int hits,
                           const char *state, struct xy_err *err);
xy_code xy_sq_checks_list(struct xy_store *xs, const struct xy_checks_q *q, struct xy_arena *a,
                          struct xy_check **out, size_t *n, struct xy_err *err);
xy_code xy_sq_ident_subject(struct xy_store *xs, enum xy_ident_type type, const char *lookup,
                            int64_t *subject_id, struct xy_err *err);
xy_code xy_sq_subject_list_records(struct xy_store *xs, int64_t subject_id,
                                   const char *const *items, size_t nitems, int64_t max_id,
                                   struct xy_arena *a, struct xy_record **out, size_t *n,
                                   struct xy_err *err);
xy_code xy_sq_list_entries(struct xy_store *xs, const char *item, int64_t after_id, int64_t upto_id,
                           int with_names, size_t limit, struct xy_arena *a,
                           struct xy_list_entry **out, size_t *n, struct xy_err *err);
/* ---- end checks ---- */

/* ---- approvals (approvals.c) ---- */
xy_code xy_sq_list_adds_hold(struct xy_store *xs, int64_t batch_id, const char *item,
                             int64_t filer_user_id, const char *filer, int day, int64_t at_ms,
                             int64_t *n, struct xy_err *err);
xy_code xy_sq_list_add_settle(struct xy_store *xs, int64_t case_id, const char *state, int hides,
                              int day, int64_t at_ms, struct xy_err *err);
/* ---- end approvals ---- */

/* ---- keys (rekey.c) ---- */
xy_code xy_sq_sealed_counts(struct xy_store *xs, struct xy_arena *a, struct xy_sealed_count **out,
                            size_t *n, struct xy_err *err);
xy_code xy_sq_reseal_chunk(struct xy_store *xs, int place, size_t limit, int64_t *cursor,
                           size_t *changed, int *more, struct xy_err *err);
/* ---- end keys ---- */

/* ---- feedback and re-screening (feedback.c) ---- */
xy_code xy_sq_feedback_put(struct xy_store *xs, struct xy_feedback *f, struct xy_err *err);
xy_code xy_sq_feedback_list(struct xy_store *xs, int64_t check_id, struct xy_arena *a,
                            struct xy_feedback **out, size_t *n, struct xy_err *err);
xy_code xy_sq_figures(struct xy_store *xs, int64_t from_ms, int64_t to_ms, int64_t dept_id,
                      struct xy_arena *a, struct xy_figure_row **out, size_t *n,
                      struct xy_err *err);
xy_code xy_sq_screened(struct xy_store *xs, int64_t since_ms, int64_t after_dept,
                       int64_t after_subject, size_t limit, struct xy_arena *a,
                       struct xy_screened **out, size_t *n, struct xy_err *err);
xy_code xy_sq_rescreen_put(struct xy_store *xs, struct xy_rescreen *r, struct xy_err *err);
xy_code xy_sq_rescreen_list(struct xy_store *xs, int64_t dept_id, int done, int64_t before_id,
                            size_t limit, struct xy_arena *a, struct xy_rescreen **out, size_t *n,
                            struct xy_err *err);
xy_code xy_sq_rescreen_get(struct xy_store *xs, int64_t id, struct xy_arena *a,
                           struct xy_rescreen *out, struct xy_err *err);
xy_code xy_sq_rescreen_done(struct xy_store *xs, int64_t id, const char *by, const char *note,
                            int64_t at, struct xy_err *err);
/* ---- end feedback and re-screening ---- */

/* ---- measures catalogue versions (measures.c) ---- */
xy_code xy_sq_measures_generation(struct xy_store *xs, int64_t *gen, struct xy_err *err);
xy_code xy_sq_measure_put(struct xy_store *xs, struct xy_measure_version *v, struct xy_err *err);
xy_code xy_sq_measures_current(struct xy_store *xs, int with_deleted, struct xy_arena *a,
                               struct xy_measure_version **out, size_t *n, struct xy_err *err);
xy_code xy_sq_measure_history(struct xy_store *xs, long seq, struct xy_arena *a,
                              struct xy_measure_version **out, size_t *n, struct xy_err *err);

/* ---- reports (reports.c) ---- */
xy_code xy_sq_report_put(struct xy_store *xs, struct xy_report_row *r, struct xy_err *err);
xy_code xy_sq_report_get(struct xy_store *xs, const char *number, struct xy_arena *a,
                         struct xy_report_row *out, struct xy_err *err);
xy_code xy_sq_grant_put(struct xy_store *xs, struct xy_grant_row *g, struct xy_err *err);
xy_code xy_sq_grant_list(struct xy_store *xs, int64_t subject_id, struct xy_arena *a,
                         struct xy_grant_row **out, size_t *n, struct xy_err *err);
xy_code xy_sq_grant_revoke(struct xy_store *xs, int64_t id, int64_t subject_id, int64_t at,
                           struct xy_err *err);
xy_code xy_sq_grant_live(struct xy_store *xs, int64_t subject_id, int64_t grantee_user_id,
                         const char *today, int64_t *grant_id, struct xy_err *err);
/* ---- end measures ---- */

/* ---- screen jobs (screen.c) ---- */
xy_code xy_sq_screen_put(struct xy_store *xs, struct xy_screen_job *j, struct xy_err *err);
xy_code xy_sq_screen_get(struct xy_store *xs, int64_t id, struct xy_arena *a,
                         struct xy_screen_job *out, struct xy_err *err);
xy_code xy_sq_screen_list(struct xy_store *xs, int64_t dept_id, int64_t before_id, size_t limit,
                          struct xy_arena *a, struct xy_screen_job **out, size_t *n,
                          struct xy_err *err);
xy_code xy_sq_screen_next(struct xy_store *xs, struct xy_arena *a, struct xy_screen_job *out,
                          struct xy_err *err);
xy_code xy_sq_screen_start(struct xy_store *xs, int64_t id, int64_t at, struct xy_err *err);
xy_code xy_sq_screen_progress(struct xy_store *xs, const struct xy_screen_job *j,
                              struct xy_err *err);
xy_code xy_sq_screen_finish(struct xy_store *xs, const struct xy_screen_job *j, struct xy_err *err);
xy_code xy_sq_screen_recover(struct xy_store *xs, int64_t max_attempts, struct xy_arena *a,
                             struct xy_screen_job **out, size_t *n, struct xy_err *err);
/* ---- end screen jobs ---- */

/* ---- statistics counters (stats.c) ---- */
/* The month of receipt (YYYYMM in UTC+8) of a time in unix seconds. */
int xy_sq_month_of(int64_t unix_s);
/* Count a finished batch's rows and rejected rows (sq_batch_finish). */
xy_code xy_sq_stats_batch(struct xy_store *xs, int64_t batch_id, const struct xy_counts *c,
                          struct xy_err *err);
/* Count the records and new subjects records_put stored at now (sq_records_put). */
xy_code xy_sq_stats_records(struct xy_store *xs, int64_t dept_id, const struct xy_record_in *recs,
                            const struct xy_put_result *results, size_t n, int64_t now,
                            struct xy_err *err);
xy_code xy_sq_stats_add(struct xy_store *xs, const struct xy_stat_cell *cells, size_t n,
                        struct xy_err *err);
xy_code xy_sq_stats_cells(struct xy_store *xs, int from_month, int to_month, int64_t dept_id,
                          struct xy_arena *a, struct xy_stat_cell **out, size_t *n,
                          struct xy_err *err);
xy_code xy_sq_stats_kinds(struct xy_store *xs, struct xy_arena *a, struct xy_stat_kind **out,
                          size_t *n, struct xy_err *err);
xy_code xy_sq_stats_registered_put(struct xy_store *xs, const struct xy_stat_registered *r,
                                   struct xy_err *err);
xy_code xy_sq_stats_registered(struct xy_store *xs, struct xy_arena *a,
                               struct xy_stat_registered **out, size_t *n, struct xy_err *err);
xy_code xy_sq_stats_cases(struct xy_store *xs, int64_t from_ms, int64_t to_ms, int today,
                          struct xy_arena *a, struct xy_stat_case **out, size_t *n,
                          struct xy_err *err);
xy_code xy_sq_stats_recount(struct xy_store *xs, xy_stat_timing_fn fn, void *arg,
                            struct xy_err *err);
xy_code xy_sq_stats_built(struct xy_store *xs, int *built, struct xy_err *err);
/* ---- end statistics counters ---- */

#endif
