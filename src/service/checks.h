/* checks.h - a department checks subjects before it acts: hits on the red, black and watch
 * lists and the joint reward and punishment measures that apply (layer: service)
 *
 * The 触发—响应—反馈 loop of DOMAIN.md §5, its first half: the department's system asks with a
 * business scenario and up to 100 subjects by code; the answer gives, per subject, the list
 * entries in effect today (publicity window includes today, not taken off by a remedy) and the
 * measures of the catalogue (domain/measures.h) that apply in that scenario for the asking
 * department. Every check is stored with the list version it saw and audited in the same
 * transaction. A subject given by name alone (not a natural person: persons are checked by ID
 * number only) is matched against the names of the listed subjects (service/list_index.h,
 * domain/names.h); each such hit carries its score and the reasons in Chinese.
 * ID numbers never leave in the clear: answers mask them, the store keeps their lookup form.
 *
 * A batch screening (service/screen.h) runs one check over up to 100,000 subjects in chunks
 * through xy_check_batch_*: the check row is written first (state running) with the list
 * version of that moment, every chunk appends its rows in a transaction of its own, and entries
 * that land after the start are not seen (their record id is above the version).
 */
#ifndef XY_SERVICE_CHECKS_H
#define XY_SERVICE_CHECKS_H

#include "service/ctx.h"

#define XY_CHECK_MAX_SUBJECTS 100

/* One subject as the department gives it: a code, or a name alone (then matched by name);
 * type is optional (enterprise, organisation, individual_business, person; a person needs a
 * code). */
struct xy_check_subject_in {
    const char *code, *name, *type;
};

/* One list entry in effect for a subject. */
struct xy_check_hit_view {
    const struct xy_item *item;
    enum xy_list_kind kind;
    const char *list_name;             /* the entry's list-name field value, else the item's name */
    char record[17];                   /* public id of the record */
    const char *entry_date, *end_date; /* end_date NULL when none */
    const char *document;              /* the item's key fields (文书号, 案号), or NULL */
    int disputed;                      /* 有异议: an objection is open */
    /* how the entry was found: 100 and "统一社会信用代码一致" (or 证件号码一致) by code; by name
     * the score of domain/names.h (XY_NAME_SCORE_HIT and above) and its reasons joined by "；" */
    int score;
    const char *reasons;
    const char *matched_name; /* by name: the listed subject's name; NULL by code */
};

struct xy_check_result {
    int subject_no;   /* the subject's place in the request (a batch: among its good rows) */
    const char *code; /* as answered: an ID number masked; NULL for a subject given by name */
    const char *name; /* the name as given, or NULL */
    int found;        /* a subject carries the code */
    struct xy_check_hit_view *hits;
    size_t nhits;
    const struct xy_measure **measures; /* every hit's, each once, in catalogue order of use */
    size_t nmeasures;
};

struct xy_check_view {
    struct xy_check c;
    const struct xy_scenario *scenario;
    const char *dept_name; /* the asking department, or NULL for the operator */
    struct xy_check_result *results;
    size_t n;
};

/* Check n subjects in scenario (a code of measures/scenarios.ini) for who's department and
 * store the check; out (from a) is what it was told. Needs CHECK. XY_INVALID with err->field
 * ("scenario", "subjects", "subjects[i].code", ...) for an unknown scenario, no subject or more
 * than XY_CHECK_MAX_SUBJECTS, a subject without a code, a code that is no valid
 * 统一社会信用代码 or ID number; the store's error otherwise. */
xy_code xy_check_run(struct xy_ctx *ctx, const char *scenario,
                     const struct xy_check_subject_in *subjects, size_t n, struct xy_arena *a,
                     struct xy_check_view *out, struct xy_err *err);

/* A stored check, for the department that asked (and the operator); XY_NOT_FOUND for anyone
 * else, as for an unknown id. Hits show their record as it is now (a later objection shows as
 * disputed); the list version says what the check saw. */
xy_code xy_check_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_check_view *out,
                     struct xy_err *err);

/* ---- batch screening: one check over many subjects, in chunks ---- */
struct xy_check_batch; /* opaque; owns its memory */

/* Start a check of kind "batch" in scenario for who's department: the check row is stored
 * (state running) with the list version of now, audited. Needs CHECK; errors as xy_check_run's
 * for the scenario. */
xy_code xy_check_batch_begin(struct xy_ctx *ctx, const char *scenario, struct xy_check_batch **out,
                             struct xy_err *err);
/* Check one subject; its answer in *res (from a, valid until a is reset), its rows kept by b
 * until the next flush. XY_INVALID (err->field "code", "name" or "type", the message as
 * xy_check_run's) for a subject that cannot be checked: nothing is kept for it and its place
 * is not used. Other errors are the store's. */
xy_code xy_check_batch_subject(struct xy_check_batch *b, const struct xy_check_subject_in *in,
                               struct xy_arena *a, struct xy_check_result *res, struct xy_err *err);
/* Write the rows kept since the last flush in one transaction; call it every few thousand
 * subjects so that memory stays bounded. */
xy_code xy_check_batch_flush(struct xy_check_batch *b, struct xy_err *err);
/* Flush, then close the check: subjects and hits counted, state done (failed: state failed,
 * nothing more written). *check_id: the check's id. Frees nothing; see _free. */
xy_code xy_check_batch_end(struct xy_check_batch *b, int failed, int64_t *check_id,
                           struct xy_err *err);
void xy_check_batch_free(struct xy_check_batch *b); /* NULL is a no-op */
/* Subjects and hits so far (for progress). */
void xy_check_batch_counts(const struct xy_check_batch *b, int *subjects, int *hits);

#endif
