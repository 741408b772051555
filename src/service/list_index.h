/* list_index.h - the listed subjects in memory: which codes and which names can be a list hit
 * (layer: service)
 *
 * A check (service/checks.c) must answer 100,000 codes a second against a million list entries
 * (issue 6). Most subjects a department checks are on no list, so the index answers the
 * question "may this code be listed?" with one hash probe, and only a subject that may be
 * listed is read from the store, where its entries are judged (in effect today, not taken off
 * by a remedy, not waiting for approval) exactly as before. The index is a filter: it never
 * decides a hit by itself, and a subject it does not know has no list hit.
 *
 * What it holds, for every subject with at least one record of a list item (catalogue key
 * `list`):
 *   - every code that finds the subject, in the form identifiers.value holds (an ID number as
 *     its keyed hash, store/seal.h: the index never sees a number), as a 64-bit hash;
 *   - for organisations only, the key (domain/names.h) of every name the subject is known under
 *     (subjects.name and subject_names), filed under its blocking key (xy_name_block). Natural
 *     persons are checked by ID number only, so their names are never read; nor is a name that
 *     reads as a person's (xy_mask_is_person_name: a 个体工商户 registered under its owner's
 *     name).
 *
 * Records are append-only, so the index only grows: the list version (the highest records.id
 * of the list items, xy_store_list_version) says whether records landed since it was last
 * brought up to date, and a refresh reads only the records above its own version. A subject
 * that later gains a code or a name through a record of another item is known under it only
 * once one of its list records arrives after that; a restart rebuilds everything.
 *
 * One index serves a whole process: the server's threads share it (struct xy_ctx.lists, copied
 * by xy_ctx_open_shared). Reads hold a read lock for one probe; a refresh reads the store
 * without any lock and takes the write lock only to add a chunk of entries.
 */
#ifndef XY_SERVICE_LIST_INDEX_H
#define XY_SERVICE_LIST_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/codes.h"
#include "domain/names.h"

struct xy_ctx;
struct xy_list_index;

/* An empty index (nothing is read until the first refresh). Never fails. */
struct xy_list_index *xy_list_index_new(void);
void xy_list_index_free(struct xy_list_index *ix); /* NULL is a no-op */

/* Bring ix up to list version `version` through ctx's store: the records of the catalogue's
 * list items with an id above the index's version and up to `version` are read in chunks and
 * their subjects' codes added, and with `names` their names too. Codes and names keep versions
 * of their own: a batch of codes never pays for keying a million names (OpenCC), a check with
 * a name brings the names up on its way. Safe from several threads at once: one refreshes, the
 * others wait for it. The store's error, or XY_UNAVAILABLE when the converter for traditional
 * characters cannot be opened. */
xy_code xy_list_index_refresh(struct xy_list_index *ix, struct xy_ctx *ctx, int64_t version,
                              int names, struct xy_err *err);
/* The same without waiting: when another thread is refreshing ix (a first build takes
 * seconds), nothing is read. *reached: the version the index's codes (with names, and names)
 * have reached, at most `version`; every listed subject of the records up to it is known. For
 * a caller that holds the database's write lock (a check of the API, service/checks.c): it
 * brings the index up with xy_list_index_refresh before its transaction, then only the
 * records that landed since are read, or none. Errors as xy_list_index_refresh's. */
xy_code xy_list_index_try_refresh(struct xy_list_index *ix, struct xy_ctx *ctx, int64_t version,
                                  int names, int64_t *reached, struct xy_err *err);
/* The version the index's codes have reached (its names: xy_list_index_stats). */
int64_t xy_list_index_version(struct xy_list_index *ix);

/* 1 when a listed subject may carry the code value (lookup form, xy_store_ident_lookup) of
 * type; 0 when no listed subject does. One probe, no allocation. */
int xy_list_index_has_code(struct xy_list_index *ix, enum xy_ident_type type, const char *value);

/* The key of a name as the index makes it (NFKC, traditional to simplified, forms, regions;
 * domain/names.h), from a. XY_INVALID (err->field "name") for a name with nothing left to
 * match; XY_UNAVAILABLE when the converter cannot be opened. */
xy_code xy_list_index_key(struct xy_list_index *ix, const char *name, struct xy_arena *a,
                          struct xy_name_key *out, struct xy_err *err);

/* A listed subject found by name. */
struct xy_list_name_hit {
    int64_t subject_id;
    int score;                /* XY_NAME_SCORE_HIT .. 100 */
    const char *reasons;      /* Chinese, joined by "；" */
    const char *matched_name; /* the listed subject's name as recorded */
};

/* The listed subjects one of whose names scores XY_NAME_SCORE_HIT or more against key q,
 * best first (then by subject id), each once with its best name, at most max; from a. */
void xy_list_index_names(struct xy_list_index *ix, const struct xy_name_key *q, size_t max,
                         struct xy_arena *a, struct xy_list_name_hit **out, size_t *n);

/* The best score of key q against the names the index holds for subject_id (0 when it holds
 * none that could match: a name clearly different); *best gets that match (from a, NULL when
 * none). */
int xy_list_index_subject_score(struct xy_list_index *ix, const struct xy_name_key *q,
                                int64_t subject_id, struct xy_arena *a,
                                struct xy_list_name_hit *best);

/* Reasons of a match joined by "；", from a. */
const char *xy_list_index_reasons(const struct xy_name_match *m, struct xy_arena *a);

struct xy_list_index_stats {
    int64_t version, names_version;
    size_t codes, names, subjects_named, buckets, largest_bucket;
    size_t bytes; /* memory held, tables and strings */
};
void xy_list_index_stats(struct xy_list_index *ix, struct xy_list_index_stats *out);

#endif
