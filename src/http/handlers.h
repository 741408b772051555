/* handlers.h - the route handlers (layer: http); each renders one service call */
#ifndef XY_HTTP_HANDLERS_H
#define XY_HTTP_HANDLERS_H

#include <jansson.h>

#include "base/json.h"
#include "http/http.h"

/* ---- shared by the handlers (reply.c) ---- */
/* JSON, never cached. */
void xy_http_begin_json(struct xy_http_resp *resp, struct xy_jw *w);
/* The body as a JSON object (caller json_decref's it); errors give the position only. */
xy_code xy_http_body_object(const struct xy_http_req *req, json_t **out, struct xy_err *err);
/* A required string member (XY_INVALID naming the field), or an optional one (NULL). */
xy_code xy_http_body_string(json_t *o, const char *key, const char **out, struct xy_err *err);
const char *xy_http_body_opt(json_t *o, const char *key);
/* An optional member that must be text when present: *out NULL when absent or null,
 * XY_INVALID naming the field when it is a number, a list ... */
xy_code xy_http_body_text(json_t *o, const char *key, const char **out, struct xy_err *err);

/* A subject as the public sees it (h_public.c): id, code (masked for a person), name, kind;
 * with_idents adds its identifiers. */
struct xy_pub_subject;
void xy_http_subject_json(struct xy_jw *w, const struct xy_pub_subject *s, int with_idents);
/* A credit file as JSON (h_public.c); full: a non-public view, each record saying whether the
 * public sees it. */
struct xy_pub_file;
void xy_http_file_json(struct xy_http_resp *resp, const struct xy_pub_file *f, int full);
/* One record object (h_public.c), full as in xy_http_file_json (full views add hidden,
 * archived and a penalty's repair window). */
struct xy_pub_record;
void xy_http_record_json(struct xy_jw *w, const struct xy_pub_record *r, int full);

/* ---- non-public reads (h_private.c) ---- */
xy_code h_internal_file_post(struct xy_http_req *req, struct xy_http_resp *resp,
                             struct xy_err *err);
xy_code h_me_file_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_me_reads_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- credit reports (h_reports.c) ---- */
xy_code h_reports_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_reports_verify_post(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err);
xy_code h_reports_verify_file_post(struct xy_http_req *req, struct xy_http_resp *resp,
                                   struct xy_err *err);
xy_code h_reports_key_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_reports_domains_get(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err);
xy_code h_me_grants_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_me_grants_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_me_grant_revoke(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- signed-in users (h_session.c) ---- */
xy_code h_session_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_session_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_session_delete(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- accounts and API tokens (h_staff.c) ---- */
xy_code h_users_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_users_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_disable(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_enable(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_unlock(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_password(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_role(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_totp_reset(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_session_password(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_tokens_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_tokens_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_token_delete(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_user_verify(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_keys_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_audit_checkpoint_post(struct xy_http_req *req, struct xy_http_resp *resp,
                                struct xy_err *err);

/* ---- the audit trail (h_audit.c) ---- */
xy_code h_audit_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_audit_verify_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- department batches (h_batches.c) ---- */
xy_code h_batches_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_batches_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_batch_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_batch_errors_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_assessment_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- remedies: objections, credit repair, court removals, notifications (h_cases.c) ---- */
xy_code h_commitment_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_cases_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_cases_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_case_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_case_events_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_case_evidence_post(struct xy_http_req *req, struct xy_http_resp *resp,
                             struct xy_err *err);
xy_code h_case_evidence_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_notifications_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_notifications_read_post(struct xy_http_req *req, struct xy_http_resp *resp,
                                  struct xy_err *err);

/* ---- checks before acting: list hits and joint measures (h_checks.c) ---- */
xy_code h_checks_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_check_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_checks_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- batch screening (h_screen.c) ---- */
xy_code h_screens_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_screens_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_screen_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_screen_results_get(struct xy_http_req *req, struct xy_http_resp *resp,
                             struct xy_err *err);
xy_code h_screen_errors_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- feedback, key figures, re-screening queue (h_feedback.c) ---- */
xy_code h_check_feedback_post(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err);
xy_code h_check_feedback_get(struct xy_http_req *req, struct xy_http_resp *resp,
                             struct xy_err *err);
xy_code h_joint_figures_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_rescreens_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_rescreen_done_post(struct xy_http_req *req, struct xy_http_resp *resp,
                             struct xy_err *err);

xy_code h_health_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_metrics_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_openapi_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_catalog_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_departments_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_subjects_search(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_person_search(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_subject_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_records_browse(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_record_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_list_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- lists on the portal and approvals of black-list additions (h_lists.c) ---- */
xy_code h_lists_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_list_entries_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_approvals_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_approval_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- the measures catalogue: read, edit with history, import, export (h_measures.c) ---- */
xy_code h_measures_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_measures_export_get(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err);
xy_code h_measures_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_measures_import_post(struct xy_http_req *req, struct xy_http_resp *resp,
                               struct xy_err *err);
xy_code h_measure_history_get(struct xy_http_req *req, struct xy_http_resp *resp,
                              struct xy_err *err);
xy_code h_measure_put(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_measure_delete(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

/* ---- the credit office's statistics (h_stats.c) ---- */
xy_code h_stats_overview_get(struct xy_http_req *req, struct xy_http_resp *resp,
                             struct xy_err *err);
xy_code h_stats_registered_put(struct xy_http_req *req, struct xy_http_resp *resp,
                               struct xy_err *err);
xy_code h_stats_export_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

#endif
