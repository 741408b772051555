/* rescreen.h - the re-screening queue (复核队列): subjects a department checked that a list
 * change has put on or taken off a list since (layer: service)
 *
 * Screening peers are faulted most for not re-screening when a list changes (issue 6): a
 * department that checked a subject last month acted on what it was told then. When a list
 * changes, every subject a department checked within joint.rescreen_window_days (its latest
 * check of the subject) is evaluated again with the rules of service/checks.c; a subject that
 * now has an entry the department was not told about ('hit'), or whose entries it was told
 * about are gone ('cleared': none added, one or more ended or were taken off), is queued for
 * that department with the entries described. What a department was last told is the newer of
 * its latest check's hits and its latest queued row: a second run without a change queues
 * nothing.
 * A subject is re-screened by the subject its code found: the subject the check found, or,
 * for a code no subject carried then, the subject that carries it now. A subject given by name
 * alone and not found (no hit: subject 0, no code) is not re-screened: a name is not an
 * identity, and matching names again would queue every namesake; a department that needs it
 * checks again by code (docs/lists.md "反馈与复核").
 */
#ifndef XY_SERVICE_RESCREEN_H
#define XY_SERVICE_RESCREEN_H

#include "service/ctx.h"

#define XY_RESCREEN_LIST_MAX 500 /* rows of one page of the queue */

/* Evaluate every (department, subject) screened within the window and queue the changes;
 * *queued: rows queued. Needs DEPT_MANAGE (the operator, the credit office). Each page of
 * subjects is one transaction with one audit row (rescreen.run) when it queued any. */
xy_code xy_rescreen_run(struct xy_ctx *ctx, int64_t *queued, struct xy_err *err);

/* For a long-running process: run xy_rescreen_run as the system (login "system:rescreen")
 * when the list version differs from *version, the day from *day (exit dates pass with
 * time) or xy_check_lists_generation() from *generation (an approval, a remedy that hides an
 * entry), then update all three. *ran: 1 when it ran. Start with *version = -1. */
xy_code xy_rescreen_tick(struct xy_ctx *ctx, int64_t *version, int *day,
                         unsigned long long *generation, int64_t *queued, int *ran,
                         struct xy_err *err);

/* One entry of a queued row, as shown. */
struct xy_rescreen_entry {
    char record[17]; /* public id */
    const char *list, *list_name, *entry_date, *end_date, *document;
    const char *state; /* new | kept | gone */
};

struct xy_rescreen_view {
    struct xy_rescreen r;
    const char *scenario_name; /* NULL when the scenario is no longer catalogued */
    struct xy_rescreen_entry *entries;
    size_t nentries;
};

/* The caller's department's queue (the operator: every department's), newest first: state
 * "open" (default, NULL) or "done"; rows with ids below before (0: from the newest), at most
 * limit (1..XY_RESCREEN_LIST_MAX); *has_more: 1 when older rows follow (pass the last id as
 * before). Needs CHECK; audited (rescreen.list). XY_INVALID (err->field "state", "limit" or
 * "before") for bad parameters. */
xy_code xy_rescreen_list(struct xy_ctx *ctx, const char *state, long before, long limit,
                         struct xy_arena *a, struct xy_rescreen_view **out, size_t *n,
                         int *has_more, struct xy_err *err);

/* Mark row id of the caller's department done, with an optional note (at most 500
 * characters). Another department's row is XY_NOT_FOUND; a row done already XY_CONFLICT.
 * Audited (rescreen.done). *out: the row as it is now. */
xy_code xy_rescreen_done(struct xy_ctx *ctx, int64_t id, const char *note, struct xy_arena *a,
                         struct xy_rescreen_view *out, struct xy_err *err);

#endif
