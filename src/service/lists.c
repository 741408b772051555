/* lists.c - the red and black lists as the portal publishes them (layer: service)
 *
 * Nothing here decides visibility: a summary counts the entries in effect today as a check
 * judges them (xy_check_in_effect: published, inside the publicity window, before the exit
 * date), and a page of entries is xy_public_browse's, so the lists agree with the checks, the
 * record pages and the subjects' files.
 */
#include "service/lists.h"

#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "domain/publicity.h"
#include "service/checks.h"

#define COUNT_CHUNK 500

static int public_list(const struct xy_item *it)
{
    return it && it->openness == XY_OPEN_PUBLIC && xy_item_list_kind(it) != XY_LIST_NONE;
}

/* Count one list's entries in effect, newest first, in keyset chunks (linear in the entries
 * looked at), and note the newest one's date. */
static xy_code count(struct xy_ctx *ctx, struct xy_list_summary *s, struct xy_err *err)
{
    struct xy_browse q = {0};
    int today = xy_today(), d;
    char from[11], keyset[11];
    size_t examined = 0;
    xy_code rc;

    q.item = s->item->id;
    q.limit = COUNT_CHUNK;
    /* what cannot be public today is not read: the publicity rule bounds the decision date */
    if ((d = xy_publicity_earliest(ctx->rules, s->item, today)) >= 0) {
        xy_date_format(d, from);
        q.from = from;
    }
    for (;;) {
        struct xy_arena *a = xy_arena_new(); /* one chunk's rows at a time */
        struct xy_record *recs;
        size_t n;
        if ((rc = xy_store_records_browse(ctx->store, &q, a, &recs, &n, err)) != XY_OK) {
            xy_arena_free(a);
            return rc;
        }
        for (size_t i = 0; i < n; i++) {
            if (!xy_check_in_effect(ctx, &recs[i], s->item, today))
                continue;
            if (!s->last_updated[0])
                snprintf(s->last_updated, sizeof(s->last_updated), "%s", recs[i].decision_date);
            s->in_effect++;
        }
        examined += n;
        if (n < q.limit || examined >= XY_LIST_COUNT_MAX_ROWS) {
            s->in_effect_at_least = n == q.limit;
            xy_arena_free(a);
            return XY_OK;
        }
        /* the keyset of the next chunk outlives this arena */
        snprintf(keyset, sizeof(keyset), "%s", recs[n - 1].decision_date);
        q.before_date = keyset;
        q.before_dept = recs[n - 1].dept_id;
        q.before_id = recs[n - 1].id;
        xy_arena_free(a);
    }
}

xy_code xy_lists_summary(struct xy_ctx *ctx, struct xy_arena *a, struct xy_list_summary **out,
                         size_t *n, struct xy_err *err)
{
    const struct xy_catalog *cat = ctx->cat;
    xy_code rc;

    *n = 0;
    *out = xy_arena_zalloc(a, (cat->nitems + 1) * sizeof(**out));
    for (size_t i = 0; i < cat->nitems; i++) {
        const struct xy_item *it = cat->items[i];
        const struct xy_field *names = xy_item_list_name_field(it);
        struct xy_list_summary *s = &(*out)[*n];
        if (!public_list(it))
            continue;
        s->item = it;
        s->kind = xy_item_list_kind(it);
        s->issuer = xy_item_list_issuer(it);
        s->basis = it->legal_basis;
        s->duration_months = xy_item_list_duration_months(it);
        s->two_person = xy_item_list_needs_second_approval(it);
        if (names) {
            s->names = names->values;
            s->nnames = names->nvalues;
        }
        if ((rc = count(ctx, s, err)) != XY_OK)
            return rc;
        (*n)++;
    }
    return XY_OK;
}

/* The value of field f of a record as the public sees it, or NULL. */
static const char *shown(const struct xy_pub_record *r, const struct xy_field *f)
{
    for (size_t i = 0; f && i < r->nfields; i++)
        if (!strcmp(r->fields[i].code, f->code))
            return r->fields[i].value;
    return NULL;
}

xy_code xy_list_entries(struct xy_ctx *ctx, const char *item_id, long page, long per_page,
                        struct xy_arena *a, struct xy_list_page *out, struct xy_err *err)
{
    const struct xy_item *item = item_id ? xy_catalog_item(ctx->cat, item_id) : NULL;
    const struct xy_field *key = NULL;
    struct xy_pub_page p;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    if (!public_list(item)) {
        xy_err_set(err, XY_NOT_FOUND, "没有这种名单（名单见 /api/v1/lists）");
        err->field = "item";
        return XY_NOT_FOUND;
    }
    if ((rc = xy_public_browse(ctx, item->id, NULL, NULL, NULL, 0, page, per_page, a, &p, err)) !=
        XY_OK)
        return rc;
    for (size_t i = 0; i < item->nfields && !key; i++)
        if (item->fields[i].key_part)
            key = &item->fields[i];
    out->item = item;
    out->page = p.page;
    out->per_page = p.per_page;
    out->has_more = p.has_more;
    out->entries = xy_arena_zalloc(a, (p.n + 1) * sizeof(*out->entries));
    for (size_t i = 0; i < p.n; i++) {
        struct xy_pub_list_entry *e = &out->entries[out->n++];
        e->rec = p.records[i];
        e->document = shown(&e->rec, key);
        e->list_name = shown(&e->rec, xy_item_list_name_field(item));
    }
    return XY_OK;
}
