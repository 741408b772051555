/* row_helpers.h - build catalogues and rows for the domain tests (header-only) */
#ifndef XY_TESTS_UNIT_ROW_HELPERS_H
#define XY_TESTS_UNIT_ROW_HELPERS_H

#include "helpers.h"

#include "base/time.h"
#include "domain/catalog.h"
#include "domain/record.h"

#define T_USCC_OK "91350100M000100Y43" /* verified: see test_codes.c */
#define T_IDNO_OK "11010519491231002X"

static const char *const t_item_ids[] = {"hmd",  "jyyc", "nsxy",   "sxbzxr", "xzcf",
                                         "xzxk", "yzsx", "yzwfsx", "zdsswf"};
#define T_NITEMS (sizeof(t_item_ids) / sizeof(t_item_ids[0]))

/* Load catalog/<id>.ini from the source tree into cat. */
static inline void t_load_item(struct xy_catalog *cat, const char *id)
{
    char path[512];
    struct xy_err err;
    size_t len;
    char *text;

    snprintf(path, sizeof(path), "%s/%s.ini", XY_TEST_CATALOG_DIR, id);
    text = t_read_file(path, &len);
    xy_err_clear(&err);
    if (xy_catalog_add_text(cat, path, text, len, &err) != XY_OK)
        fail_msg("%s", err.msg);
    free(text);
}

static inline struct xy_catalog *t_load_all(void)
{
    struct xy_catalog *cat = xy_catalog_new();
    for (size_t i = 0; i < T_NITEMS; i++)
        t_load_item(cat, t_item_ids[i]);
    return cat;
}

static inline int t_field(const struct xy_item *item, const char *code)
{
    for (size_t i = 0; i < item->nfields; i++)
        if (!strcmp(item->fields[i].code, code))
            return (int)i;
    fail_msg("item %s has no field %s", item->id, code);
    return -1;
}

/* A plausible value for a required field, by type. */
static inline const char *t_filler(const struct xy_field *f)
{
    switch (f->type) {
    case XY_FT_DATE:
        return "2024-03-05";
    case XY_FT_AMOUNT:
        return "1.5";
    case XY_FT_ENUM:
        return f->values[0];
    case XY_FT_USCC:
        return T_USCC_OK;
    case XY_FT_ORGCODE:
        return "M000100Y4";
    case XY_FT_IDNO:
        return T_IDNO_OK;
    case XY_FT_YEAR:
        return "2024";
    default:
        return "测试值";
    }
}

/* Raw values (arena) with every always-required field filled; the subject fields are left
 * empty for the test to set. */
static inline const char **t_base_row(const struct xy_item *item, struct xy_arena *a)
{
    const char **raw = xy_arena_zalloc(a, item->nfields * sizeof(*raw));

    for (size_t i = 0; i < item->nfields; i++) {
        const struct xy_field *f = &item->fields[i];
        if (f->required.op == XY_COND_ALWAYS && f->role != XY_ROLE_SUBJECT_TYPE)
            raw[i] = t_filler(f);
    }
    return raw;
}

static inline void t_set(const struct xy_item *item, const char **raw, const char *code,
                         const char *value)
{
    raw[t_field(item, code)] = value;
}

static inline void t_validate(const struct xy_item *item, const char **raw, struct xy_arena *a,
                              struct xy_row *row)
{
    struct xy_validate_opts opts = {.today = xy_days_from_civil(2026, 11, 26)};
    xy_row_validate(item, raw, &opts, a, row);
}

/* The first recorded issue with this id, or NULL. */
static inline const struct xy_row_issue *t_issue(const struct xy_row *row, const char *id)
{
    for (size_t i = 0; i < row->nissues; i++)
        if (!strcmp(row->issues[i].id, id))
            return &row->issues[i];
    return NULL;
}

/* Fail with every issue listed when the row has errors. */
static inline void t_assert_no_errors(const struct xy_item *item, const struct xy_row *row)
{
    if (row->nerrors == 0)
        return;
    for (size_t i = 0; i < row->nissues; i++)
        print_error("%s: issue %s field %d: %s\n", item->id, row->issues[i].id,
                    row->issues[i].field, row->issues[i].zh);
    fail_msg("%s: %zu error(s)", item->id, row->nerrors);
}

#endif
