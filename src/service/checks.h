/* checks.h - a department checks subjects before it acts: hits on the red, black and watch
 * lists and the joint reward and punishment measures that apply (layer: service)
 *
 * The 触发—响应—反馈 loop of DOMAIN.md §5, its first half: the department's system asks with a
 * business scenario and up to 100 subjects by code or name; the answer gives, per subject, the
 * list entries in effect today (publicity window includes today, not taken off by a remedy, not
 * waiting for a second person's approval) and the
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
 * that land after the start are not seen (their record id is above the version; of a corrected
 * entry, the version at or below it is). A check of the API sees the records up to the version
 * its list index reached when its transaction began (docs/lists.md).
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
    /* by code: the platform knows a subject with the code (one whose only entry waits for
     * approval or was rejected too, as its public page does); by name: a listed subject with an
     * entry in effect bears the name, i.e. nhits > 0 */
    int found;
    struct xy_check_hit_view *hits;
    size_t nhits;
    const struct xy_measure **measures; /* every hit's, each once, in catalogue order of use */
    size_t nmeasures;
};

struct xy_check_view {
    struct xy_check c;
    const struct xy_scenario *scenario;
    const char *dept_name; /* the asking department, or NULL for the operator */
    /* a check of the API: every subject, in order; a batch (xy_check_get): only the subjects
     * with a hit (hits_only), a page of them when asked, next_from the subject_no the next
     * page starts from (-1: none) */
    struct xy_check_result *results;
    size_t n;
    int hits_only;
    int next_from;
};

/* Check n subjects in scenario (a code of measures/scenarios.ini) for who's department and
 * store the check; out (from a) is what it was told. Needs CHECK. XY_INVALID with err->field
 * ("scenario", "subjects", "subjects[i].code", "subjects[i].name", ...) for an unknown
 * scenario, no subject or more than XY_CHECK_MAX_SUBJECTS, a subject with neither code nor
 * name, a code that is no valid 统一社会信用代码 or ID number, a person given by name (自然人须
 * 凭身份证号码核查; a name that reads as a person's is one), a name holding an ID number or a
 * control character (never echoed), a name with nothing to match;
 * XY_UNAVAILABLE when the converter for traditional characters cannot be opened; the store's
 * error otherwise. */
xy_code xy_check_run(struct xy_ctx *ctx, const char *scenario,
                     const struct xy_check_subject_in *subjects, size_t n, struct xy_arena *a,
                     struct xy_check_view *out, struct xy_err *err);

/* A stored check, for the department that asked (and the operator); XY_NOT_FOUND for anyone
 * else, as for an unknown id. Hits show their record as it is now (a later objection shows as
 * disputed); the list version says what the check saw. A batch check gives only its subjects
 * with a hit (out->hits_only): 100,000 subjects without one would say nothing. Every read is
 * audited in its own transaction: "check.read", one row per subject whose hits are shown (one
 * without a subject when none). */
xy_code xy_check_get(struct xy_ctx *ctx, int64_t id, struct xy_arena *a, struct xy_check_view *out,
                     struct xy_err *err);
/* The same, the subjects from subject_no from_subject on, at most max_subjects of them (0:
 * all); out->next_from tells where the next page starts. */
xy_code xy_check_get_page(struct xy_ctx *ctx, int64_t id, int from_subject, size_t max_subjects,
                          struct xy_arena *a, struct xy_check_view *out, struct xy_err *err);

/* One line of the check list. */
struct xy_check_brief {
    struct xy_check c;
    const struct xy_scenario *scenario; /* NULL for a scenario no longer in the catalogue */
    const char *dept_name;              /* NULL for the operator */
};
#define XY_CHECK_LIST_MAX 200
/* The caller's department's checks (the operator and holders of BATCH_READ_ALL: every
 * department's), newest first, ids below before_id (0: from the newest), at most limit (1 to
 * XY_CHECK_LIST_MAX; XY_INVALID with err->field "limit" or "before" otherwise). Needs CHECK
 * or BATCH_READ_ALL. Audited "check.list". */
xy_code xy_check_list(struct xy_ctx *ctx, int64_t before_id, size_t limit, struct xy_arena *a,
                      struct xy_check_brief **out, size_t *n, struct xy_err *err);

/* Build the list index (codes and names) up to the list version now, so that the first check
 * after a start does not wait for it (a server's worker calls it at start); *version: the
 * version reached. No permission needed: nothing is answered. */
xy_code xy_check_warm(struct xy_ctx *ctx, int64_t *version, struct xy_err *err);

/* A service that changed what is in effect without a new record (an approval or rejection of
 * a list addition, a remedy that hides an entry) says so after its commit; re-screening in the
 * same process compares the generation (service/rescreen.c). */
void xy_check_lists_touched(void);
unsigned long long xy_check_lists_generation(void);

/* ---- the rules of a hit, shared with re-screening (service/rescreen.c) ---- */

/* 1 when r, a record of list item, is in effect on today: published (not waiting for a second
 * approval, not taken off by a remedy), inside its publicity window, before its exit date. */
int xy_check_in_effect(struct xy_ctx *ctx, const struct xy_record *r, const struct xy_item *item,
                       int today);
/* The entry's key fields (文书号, 案号) joined by "；", never an ID number; NULL when none. */
const char *xy_check_document(const struct xy_record *r, const struct xy_item *item,
                              struct xy_arena *a);
/* The catalogue's list items (catalogue key `list`), from a; what the list version is of. */
const char *const *xy_check_list_items(const struct xy_ctx *ctx, struct xy_arena *a, size_t *n);
/* The list entries of subject_id in effect on today (xy_check_in_effect), the latest version
 * of each, newest decision first; *out from a. */
xy_code xy_check_subject_hits(struct xy_ctx *ctx, int64_t subject_id, int today, struct xy_arena *a,
                              struct xy_record **out, size_t *n, struct xy_err *err);

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
/* Write the rows kept since the last flush in one transaction, with an audit row "check.run"
 * per subject with a hit (misses get none); call it every few thousand subjects so that memory
 * stays bounded. */
xy_code xy_check_batch_flush(struct xy_check_batch *b, struct xy_err *err);
/* Flush, then close the check: subjects and hits counted, state done (failed: state failed,
 * nothing more written). *check_id: the check's id. Frees nothing; see _free. */
xy_code xy_check_batch_end(struct xy_check_batch *b, int failed, int64_t *check_id,
                           struct xy_err *err);
void xy_check_batch_free(struct xy_check_batch *b); /* NULL is a no-op */
/* Subjects and hits so far (for progress). */
void xy_check_batch_counts(const struct xy_check_batch *b, int *subjects, int *hits);
/* The check's id, known from _begin on: a screening job records it at once, so that after a
 * crash the running check can be closed as failed (service/screen.c). */
int64_t xy_check_batch_id(const struct xy_check_batch *b);

#endif
