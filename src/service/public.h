/* public.h - what anyone may read: search, credit files, records, 双公示, lists (layer: service)
 *
 * Every function here answers the anonymous public: only records of public catalogue items
 * inside their publicity window (evaluated on the day asked), citizen ID numbers always masked,
 * natural persons' names masked unless the item is published by law with the name
 * (DOMAIN.md §7). Persons are found only by exact full name plus full ID number; subjects and
 * records are addressed by opaque public ids. Messages are for the reader (Chinese); err->field
 * names the parameter at fault.
 */
#ifndef XY_SERVICE_PUBLIC_H
#define XY_SERVICE_PUBLIC_H

#include "service/ctx.h"

struct xy_pub_subject {
    char id[17];      /* opaque public id; "" for a person met on someone's record or a list */
    const char *code; /* organisation code; masked ID number for a person */
    const char *name; /* masked for a person */
    enum xy_subject_kind kind;
    int masked;
    const struct xy_ident *idents; /* identifiers (a person's: the masked ID only) */
    size_t nidents;
};

struct xy_pub_field {
    const char *code, *name, *value;
};

struct xy_pub_record {
    char id[17];
    const struct xy_item *item;
    const char *dept_code, *dept_name;
    const char *decision_date;
    const char *end_date;      /* exit or validity end, or NULL */
    char public_until[11];     /* last public day, "" when no fixed end */
    int disputed;              /* 有异议: an objection is open (service/cases.c) */
    int public_now;            /* the public sees it today (a full view shows others too) */
    int hidden;                /* full view: off public view by a repair, objection or court */
    int archived;              /* full view: past the 5 years; departments with a purpose only */
    char repairable_from[11];  /* penalty: first day credit repair may be asked, else "" */
    const char *repair_window; /* penalty: "not_yet", "possible", "not_needed"; else NULL */
    int version;
    struct xy_pub_field *fields; /* non-empty values, masked */
    size_t nfields;
    struct xy_pub_subject subject; /* filled by browse and record */
};

struct xy_pub_page {
    size_t page, per_page;
    int has_more;
    const char *match;               /* search: "code" or "name" */
    struct xy_pub_subject *subjects; /* search */
    struct xy_pub_record *records;   /* browse */
    size_t n;
};

struct xy_pub_file {
    struct xy_pub_subject subject;
    char as_of[11];
    struct xy_pub_record *tab_records[XY_TAB_COUNT]; /* newest first, at most tab_shown[t] */
    size_t tab_shown[XY_TAB_COUNT];
    size_t tab_n[XY_TAB_COUNT]; /* public records in all */
};

/* The catalogue items the public may read (公开), in catalogue order, allocated from a. */
void xy_public_items(const struct xy_ctx *ctx, struct xy_arena *a, const struct xy_item ***out,
                     size_t *n);
/* Organisations whose name contains q (2+ characters) or whose code is q. page from 1. */
xy_code xy_public_search(struct xy_ctx *ctx, const char *q, long page, long per_page,
                         struct xy_arena *a, struct xy_pub_page *out, struct xy_err *err);
/* q as it may be sent back: with any run of 15 or more digits (an ID number) masked. */
const char *xy_public_echo(const char *q, struct xy_arena *a);
/* The natural person with exactly this name and ID number; XY_NOT_FOUND (saying nothing about
 * which part did not match) otherwise. */
xy_code xy_public_person(struct xy_ctx *ctx, const char *name, const char *idno, struct xy_arena *a,
                         struct xy_pub_subject *out, struct xy_err *err);
/* A subject's public credit file by organisation code or public id, records grouped by tab. */
xy_code xy_public_file(struct xy_ctx *ctx, const char *code_or_id, struct xy_arena *a,
                       struct xy_pub_file *out, struct xy_err *err);
/* One public record by the public id of any of its versions (the latest version is shown);
 * XY_NOT_FOUND when it is not (or no longer) public. */
xy_code xy_public_record(struct xy_ctx *ctx, const char *id, struct xy_arena *a,
                         struct xy_pub_record *out, struct xy_err *err);
/* Public records of one item by department code (or NULL) and decision dates [from, to] (or
 * NULL). lists_only: the item must be a red or black list (tabs reward, punish, abnormal). */
xy_code xy_public_browse(struct xy_ctx *ctx, const char *item, const char *dept, const char *from,
                         const char *to, int lists_only, long page, long per_page,
                         struct xy_arena *a, struct xy_pub_page *out, struct xy_err *err);

/* The value of field fi (an index into item->fields; -1: none) in record r, or NULL. */
const char *xy_record_value(const struct xy_record *r, const struct xy_item *item, int fi);
/* r's publicity on the day today under ctx->rules, from its decision date, end date, penalty
 * types and penalty basis. XY_INVALID when the decision date is missing or unreadable. */
xy_code xy_record_publicity(struct xy_ctx *ctx, const struct xy_record *r,
                            const struct xy_item *item, int today, struct xy_publicity *out,
                            struct xy_err *err);

/* Which records a file holds and how they are shown (xy_file_build). */
enum xy_file_view {
    XY_FILE_PUBLIC = 0, /* what the public sees today (as xy_public_file) */
    XY_FILE_FULL = 1,   /* every record of every item the catalogue has, nothing masked: the
                         * permission-checked, audited reads of private.c */
    XY_FILE_OWN = 2,    /* the subject's own file: as FULL, without archived records (only
                         * departments stating a lawful purpose read those, DOMAIN.md §4) */
};
/* The file of s as view (enum xy_file_view) says. Hidden records (a granted repair, a court's
 * report, a correction that unpublished) are never in a public file. */
xy_code xy_file_build(struct xy_ctx *ctx, const struct xy_subject *s, int view, struct xy_arena *a,
                      struct xy_pub_file *out, struct xy_err *err);
/* As xy_file_build, with at most max_per_tab records kept per tab (xy_file_build keeps
 * http.max_tab_records; a credit report keeps them all, up to its own limit). */
xy_code xy_file_build_n(struct xy_ctx *ctx, const struct xy_subject *s, int view,
                        size_t max_per_tab, struct xy_arena *a, struct xy_pub_file *out,
                        struct xy_err *err);

/* The latest version of the record one of whose versions has row id row_id, with its subject:
 * as the public sees it (full 0: XY_NOT_FOUND unless public today), or in full (full 1: nothing
 * masked, hidden and archived records too) for callers that checked who reads (cases.c), or
 * masked as the public would see it whatever its publicity (full XY_VIEW_MASKED: the submitting
 * department's view of its black-list addition waiting for approval, approvals.c).
 * XY_NOT_FOUND for an unknown row. */
#define XY_VIEW_MASKED 2
xy_code xy_record_view(struct xy_ctx *ctx, int64_t row_id, int full, struct xy_arena *a,
                       struct xy_pub_record *out, struct xy_err *err);

#endif
