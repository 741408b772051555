/* lists.h - the red and black lists as the portal publishes them (layer: service)
 *
 * Public: every list item of the catalogue (list = red | black | watch) with its issuing
 * department, legal basis, default duration, the number of entries in effect today and the date
 * of the newest one; and a list's entries a page at a time. What an entry shows is decided by
 * service/public.c like every public record: inside its publicity window today, not hidden, not
 * waiting for approval (a black-list addition before a second person approved it), ID numbers
 * and natural persons' names masked.
 */
#ifndef XY_SERVICE_LISTS_H
#define XY_SERVICE_LISTS_H

#include "service/ctx.h"
#include "service/public.h"

/* Entries looked at to count one list: a larger list answers "at least" that many (the count
 * walks the list's newest entries first, as the portal's pages do). */
#define XY_LIST_COUNT_MAX_ROWS 100000

struct xy_list_summary {
    const struct xy_item *item;
    enum xy_list_kind kind;
    const char *issuer;  /* 认定部门, in words */
    const char *basis;   /* the item's legal basis */
    int duration_months; /* default time on the list; 0: until removed or its own end date */
    int two_person;      /* additions are published after a second person's approval */
    const char **names;  /* the lists inside the item (list_name_field values), or none */
    size_t nnames;
    long in_effect;         /* entries the public sees today */
    int in_effect_at_least; /* counting stopped at XY_LIST_COUNT_MAX_ROWS entries looked at */
    char last_updated[11];  /* decision date of the newest entry in effect, "" when none */
};

/* Every public list item in catalogue order (*out from a). XY_OK, or the store's error. */
xy_code xy_lists_summary(struct xy_ctx *ctx, struct xy_arena *a, struct xy_list_summary **out,
                         size_t *n, struct xy_err *err);

/* One entry of a list as the portal shows it. */
struct xy_pub_list_entry {
    struct xy_pub_record rec; /* masked; rec.subject the subject as the public sees it */
    const char *document;     /* the document number (the item's key field), or NULL */
    const char *list_name;    /* the list inside the item (MDMC ...), or NULL */
};

struct xy_list_page {
    const struct xy_item *item;
    size_t page, per_page;
    int has_more;
    struct xy_pub_list_entry *entries;
    size_t n;
};

/* The entries in effect of list item_id, newest first, page from 1. XY_NOT_FOUND (field
 * "item") for an id that is no public list; paging errors as xy_public_browse's. */
xy_code xy_list_entries(struct xy_ctx *ctx, const char *item_id, long page, long per_page,
                        struct xy_arena *a, struct xy_list_page *out, struct xy_err *err);

#endif
