/* checks.h - a department checks subjects before it acts: hits on the red, black and watch
 * lists and the joint reward and punishment measures that apply (layer: service)
 *
 * The 触发—响应—反馈 loop of DOMAIN.md §5, its first half: the department's system asks with a
 * business scenario and up to 100 subjects by code; the answer gives, per subject, the list
 * entries in effect today (publicity window includes today, not taken off by a remedy) and the
 * measures of the catalogue (domain/measures.h) that apply in that scenario for the asking
 * department. Every check is stored with the list version it saw and audited in the same
 * transaction. Matching by name alone is a later session: a subject without a code is refused.
 * ID numbers never leave in the clear: answers mask them, the store keeps their lookup form.
 */
#ifndef XY_SERVICE_CHECKS_H
#define XY_SERVICE_CHECKS_H

#include "service/ctx.h"

#define XY_CHECK_MAX_SUBJECTS 100

/* One subject as the department gives it. code is required (name-only matching comes later);
 * name and type are optional (type: enterprise, organisation, individual_business, person). */
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
};

struct xy_check_result {
    const char *code; /* as answered: an ID number masked */
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

#endif
