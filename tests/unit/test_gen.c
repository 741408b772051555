/* test_gen.c - the synthetic city generator (service/gen)
 *
 * The generated files are read back the way a department's upload would be (CSV with or
 * without BOM, CRLF, Chinese or code headers, GB18030, JSON Lines) and every row is run through
 * the catalogue's own validation: the rows it rejects, and those it accepts with a warning,
 * must be exactly the ones manifest.csv announces.
 */
#include "helpers.h"

#include <dirent.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/time.h"
#include "domain/catalog.h"
#include "domain/codes.h"
#include "domain/record.h"
#include "service/catalog_load.h"
#include "service/gen.h"

#define MAX_COLS 64

struct world {
    struct xy_catalog *cat;
    char dir_a[64], dir_b[64], dir_one[64];
    struct xy_gen_opts opts;
    struct xy_gen_summary sum;
};

static int today_fixed(void)
{
    return xy_days_from_civil(2026, 5, 20);
}

static void rm_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char path[512];

    if (!d)
        return;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static int setup(void **state)
{
    struct world *w = calloc(1, sizeof(*w));
    struct xy_err err = {0};

    assert_non_null(w);
    if (xy_catalog_load_dir(XY_TEST_CATALOG_DIR, &w->cat, &err) != XY_OK)
        fail_msg("cannot load the catalogue: %s", err.msg);
    strcpy(w->dir_a, "/tmp/xy_gen_a_XXXXXX");
    strcpy(w->dir_b, "/tmp/xy_gen_b_XXXXXX");
    strcpy(w->dir_one, "/tmp/xy_gen_1_XXXXXX");
    assert_non_null(mkdtemp(w->dir_a));
    assert_non_null(mkdtemp(w->dir_b));
    assert_non_null(mkdtemp(w->dir_one));
    w->opts.cat = w->cat;
    w->opts.out_dir = w->dir_a;
    w->opts.seed = 20260520;
    w->opts.persons = 400;
    w->opts.orgs = 300;
    w->opts.rows_per_item = 600;
    w->opts.bad_share = 0.2;
    w->opts.today = today_fixed();
    if (xy_gen_city(&w->opts, &w->sum, &err) != XY_OK)
        fail_msg("generation failed: %s", err.msg);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    struct world *w = *state;
    rm_dir(w->dir_a);
    rm_dir(w->dir_b);
    rm_dir(w->dir_one);
    xy_catalog_free(w->cat);
    free(w);
    return 0;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted file names of dir (malloc'd); returns the count. */
static size_t list_dir(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;

    assert_non_null(d);
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof(*names));
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_str);
    *out = names;
    return n;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static char *read_in(const char *dir, const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return t_read_file(path, len);
}

/* ------------------------------------------------------------------ a small CSV reader */

struct rec {
    char *f[MAX_COLS];
    int n;
    const char *start; /* raw bytes of the record, for duplicate detection */
    size_t len;
};

/* Parse one record at *p (in place: fields are unescaped into the buffer). Returns 0 at end. */
static int csv_next(char **p, char *end, struct rec *r)
{
    char *s = *p, *o;

    if (s >= end)
        return 0;
    r->n = 0;
    r->start = s;
    o = s;
    for (;;) {
        char *fstart = o;
        if (s < end && *s == '"') {
            s++;
            for (;;) {
                assert_true(s < end); /* a quoted field must be closed */
                if (*s == '"' && s + 1 < end && s[1] == '"') {
                    *o++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    *o++ = *s++;
                }
            }
        } else {
            while (s < end && *s != ',' && *s != '\n' && *s != '\r')
                *o++ = *s++;
        }
        assert_true(r->n < MAX_COLS);
        r->f[r->n++] = fstart;
        if (s < end && *s == ',') {
            *o++ = '\0';
            s++;
            continue;
        }
        /* end of record */
        r->len = (size_t)(s - r->start);
        if (s < end && *s == '\r')
            s++;
        if (s < end && *s == '\n')
            s++;
        *o = '\0';
        break;
    }
    *p = s;
    return 1;
}

/* ------------------------------------------------------------------ a small JSON Lines reader */

/* Parse {"K":"V",...} at *p into keys/vals (in place). Returns the pair count, -1 at end. */
static int jsonl_next(char **p, char *end, char **keys, char **vals, const char **start,
                      size_t *len)
{
    char *s = *p;
    int n = 0;

    if (s >= end)
        return -1;
    *start = s;
    assert_int_equal(*s, '{');
    s++;
    while (*s != '}') {
        char *str[2];
        for (int k = 0; k < 2; k++) {
            char *o;
            assert_int_equal(*s, '"');
            o = str[k] = ++s;
            while (*s != '"') {
                if (*s == '\\') {
                    s++;
                    switch (*s) {
                    case 'n':
                        *o++ = '\n';
                        break;
                    case 'r':
                        *o++ = '\r';
                        break;
                    case 't':
                        *o++ = '\t';
                        break;
                    case 'u': {
                        char hex[5] = {s[1], s[2], s[3], s[4], 0};
                        *o++ = (char)strtol(hex, NULL, 16);
                        s += 4;
                        break;
                    }
                    default:
                        *o++ = *s;
                        break;
                    }
                    s++;
                } else {
                    *o++ = *s++;
                }
            }
            s++;
            *o = '\0';
            if (k == 0) {
                assert_int_equal(*s, ':');
                s++;
            }
        }
        keys[n] = str[0];
        vals[n] = str[1];
        n++;
        if (*s == ',')
            s++;
    }
    s++;
    *len = (size_t)(s - *start);
    assert_int_equal(*s, '\n');
    *p = s + 1;
    return n;
}

static char *to_utf8(const char *gb, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    char *in = (char *)gb, *buf = malloc(len * 2 + 1), *o = buf;
    size_t inleft = len, outleft = len * 2;

    assert_true(cd != (iconv_t)-1);
    assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv_close(cd);
    *o = '\0';
    *out_len = (size_t)(o - buf);
    return buf;
}

/* ------------------------------------------------------------------ checking one file */

struct pair {
    char *a, *b;
};

/* Every kind of bad row the generator promises, by the platform's issue id. */
static const char *const bad_ids[] = {
    "uscc.check_char",   "idcard.birth_date", "idcard.check_char", "field.required",
    "field.required_if", "date.invalid",      "date.future",       "amount.negative",
    "amount.format",     "enum.unknown",      "row.short",         "row.duplicate",
};
#define NBAD_IDS (sizeof(bad_ids) / sizeof(bad_ids[0]))

struct tally {
    long rows, bad, warn;
    unsigned bad_seen; /* bit i: bad_ids[i] seen */
    int bom, crlf, zh_headers, code_headers, gb18030, jsonl, multiline;
    int date_styles; /* bit 0 YYYY/MM/DD, 1 YYYY-MM-DD, 2 YYYYMMDD */
    struct pair *orgs, *people;
    size_t norgs, npeople;
};

static void tally_free(struct tally *t)
{
    for (size_t i = 0; i < t->norgs; i++)
        free(t->orgs[i].a), free(t->orgs[i].b);
    for (size_t i = 0; i < t->npeople; i++)
        free(t->people[i].a), free(t->people[i].b);
    free(t->orgs);
    free(t->people);
}

static void add_pair(struct pair **v, size_t *n, const char *a, const char *b)
{
    *v = realloc(*v, (*n + 1) * sizeof(**v));
    (*v)[*n].a = strdup(a);
    (*v)[*n].b = strdup(b);
    (*n)++;
}

static const char *field_raw(const struct xy_item *it, const char *const *raw, const char *code)
{
    for (size_t i = 0; i < it->nfields; i++)
        if (!strcmp(it->fields[i].code, code))
            return raw[i] && *raw[i] ? raw[i] : NULL;
    return NULL;
}

static void check_good_codes(const struct xy_item *it, const char *const *raw, struct tally *t)
{
    const char *uscc = field_raw(it, raw, "XDR_SHXYM"), *lb = field_raw(it, raw, "XDR_LB");
    const char *name = field_raw(it, raw, "XDR_MC");
    const char *ids[] = {field_raw(it, raw, "XDR_ZJHM"), field_raw(it, raw, "FR_ZJHM")};
    struct xy_code_check chk;
    char norm[19];

    assert_non_null(lb);
    assert_non_null(name);
    if (uscc && xy_uscc_is_placeholder(uscc)) {
        assert_string_equal(lb, "个体工商户");
        assert_non_null(field_raw(it, raw, "XDR_GSZC"));
    } else if (uscc) {
        xy_uscc_check(uscc, norm, &chk);
        assert_int_equal(chk.level, XY_CHECK_OK);
        /* and by an independent reading of GB 32100 / GB 11714 */
        assert_int_equal(t_uscc_check(uscc), uscc[17]);
        assert_int_equal(t_orgcode_check(uscc + 8), uscc[16]);
        assert_memory_equal(uscc + 2, "4401", 4);
        if (!strcmp(lb, "个体工商户"))
            assert_memory_equal(uscc, "92", 2);
        add_pair(&t->orgs, &t->norgs, uscc, name);
    }
    for (size_t i = 0; i < 2; i++) {
        if (!ids[i])
            continue;
        xy_idcard_check(ids[i], norm, today_fixed(), &chk);
        assert_int_equal(chk.level, XY_CHECK_OK);
        assert_int_equal(strlen(ids[i]), 18);
        assert_int_equal(t_idcard_check(ids[i]), ids[i][17]);
        assert_memory_equal(ids[i], "4401", 4);
    }
    if (!strcmp(lb, "自然人")) {
        assert_non_null(ids[0]);
        add_pair(&t->people, &t->npeople, ids[0], name);
    }
}

static void note_date_style(const struct xy_item *it, const char *const *raw, struct tally *t)
{
    int dd = it->role_field[XY_ROLE_DECISION_DATE];
    const char *v = dd >= 0 ? raw[dd] : NULL;
    if (!v || strlen(v) < 8)
        return;
    if (strlen(v) == 10 && v[4] == '/')
        t->date_styles |= 1;
    else if (strlen(v) == 10 && v[4] == '-')
        t->date_styles |= 2;
    else if (strlen(v) == 8)
        t->date_styles |= 4;
}

/* Validate one record; classify it as bad, warn or good the way the platform would. */
static void check_record(const struct xy_item *it, const char *const *raw, int short_row,
                         int duplicate, struct xy_arena *a, struct xy_arena *keep,
                         const char **keys, long *nkeys, struct tally *t)
{
    struct xy_validate_opts vo = {today_fixed(), NULL, NULL};
    struct xy_row row;

    t->rows++;
    if (duplicate || short_row) {
        t->bad_seen |= 1u << (duplicate ? NBAD_IDS - 1 : NBAD_IDS - 2);
        t->bad++;
        return;
    }
    xy_row_validate(it, raw, &vo, a, &row);
    if (row.nerrors) {
        for (size_t i = 0; i < row.nissues; i++)
            for (size_t k = 0; k < NBAD_IDS; k++)
                if (row.issues[i].level == XY_CHECK_ERROR && !strcmp(row.issues[i].id, bad_ids[k]))
                    t->bad_seen |= 1u << k;
        t->bad++;
        return;
    }
    if (row.nwarnings) {
        const struct xy_row_issue *is = &row.issues[0];
        assert_int_equal(row.nwarnings, 1);
        assert_true(!strcmp(is->id, "idcard.lowercase_x") || !strcmp(is->id, "idcard.legacy15"));
        t->warn++;
    } else {
        check_good_codes(it, raw, t);
        note_date_style(it, raw, t);
    }
    /* the natural key is unique within a (department, item) file */
    assert_non_null(row.key);
    for (long i = 0; i < *nkeys; i++)
        if (!strcmp(keys[i], row.key))
            fail_msg("natural key \"%s\" of %s repeats", row.key, it->id);
    keys[(*nkeys)++] = xy_arena_strdup(keep, row.key);
}

static void check_file(const struct world *w, const char *dir, const char *name,
                       const char *item_id, long want_rows, long want_bad, long want_warn,
                       struct tally *total)
{
    const struct xy_item *it;
    size_t len;
    char *data = read_in(dir, name, &len), *p, *end, *orig;
    struct xy_arena *keep = xy_arena_new(), *scratch = xy_arena_new();
    const char **keys = xy_arena_zalloc(keep, (size_t)(want_rows + 1) * sizeof(*keys));
    long nkeys = 0;
    const char *prev = NULL;
    size_t prev_len = 0;
    struct tally t = {0};

    it = xy_catalog_item(w->cat, item_id);
    assert_non_null(it);

    if (strstr(name, ".gb18030.csv")) {
        char *u = to_utf8(data, len, &len);
        free(data);
        data = u;
        total->gb18030 = 1;
    }
    p = data;
    end = data + len;
    orig = malloc(len + 1);
    memcpy(orig, data, len);
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        p += 3;
        total->bom |= 1;
    } else {
        total->bom |= 2;
    }
    if (memchr(data, '\r', len))
        total->crlf = 1;

    if (strstr(name, ".jsonl")) {
        char *keys_j[MAX_COLS], *vals[MAX_COLS];
        const char *start;
        size_t rlen;
        int n;
        total->jsonl = 1;
        while ((n = jsonl_next(&p, end, keys_j, vals, &start, &rlen)) >= 0) {
            const char *raw[MAX_COLS] = {0};
            for (int i = 0; i < n; i++) {
                int fi = xy_item_field_by_header(it, keys_j[i]);
                assert_true(fi >= 0);
                assert_string_equal(it->fields[fi].code, keys_j[i]);
                raw[fi] = vals[i];
            }
            check_record(it, raw, 0, prev && prev_len == rlen && !memcmp(prev, start, rlen),
                         scratch, keep, keys, &nkeys, &t);
            xy_arena_reset(scratch);
            prev = start;
            prev_len = rlen;
        }
    } else {
        struct rec hdr, r;
        int map[MAX_COLS];
        assert_true(csv_next(&p, end, &hdr));
        for (int i = 0; i < hdr.n; i++) {
            map[i] = xy_item_field_by_header(it, hdr.f[i]);
            assert_true(map[i] >= 0);
        }
        if (!strcmp(hdr.f[0], it->fields[0].code))
            total->code_headers = 1;
        else
            total->zh_headers = 1;
        for (;;) {
            const char *raw[MAX_COLS] = {0};
            size_t off0 = (size_t)(p - data), rawlen;
            int dup;
            if (!csv_next(&p, end, &r))
                break;
            /* parsing unescapes in place, behind the read position: the original bytes of
             * the record are orig[off0, p) */
            rawlen = (size_t)(p - data) - off0;
            dup = prev && prev_len == rawlen && !memcmp(prev, orig + off0, rawlen);
            for (int i = 0; i < r.n && i < hdr.n; i++) {
                raw[map[i]] = r.f[i];
                if (strchr(r.f[i], '\n'))
                    total->multiline = 1;
            }
            check_record(it, raw, r.n != hdr.n, dup, scratch, keep, keys, &nkeys, &t);
            prev = orig + off0;
            prev_len = rawlen;
            xy_arena_reset(scratch);
        }
    }
    free(orig);
    if (t.rows != want_rows || t.bad != want_bad || t.warn != want_warn)
        fail_msg("%s: read %ld rows, %ld bad, %ld warn; manifest says %ld, %ld, %ld", name, t.rows,
                 t.bad, t.warn, want_rows, want_bad, want_warn);
    total->rows += t.rows;
    total->bad += t.bad;
    total->warn += t.warn;
    total->date_styles |= t.date_styles;
    total->bad_seen |= t.bad_seen;
    for (size_t i = 0; i < t.norgs; i++) {
        add_pair(&total->orgs, &total->norgs, t.orgs[i].a, t.orgs[i].b);
        free(t.orgs[i].a), free(t.orgs[i].b);
    }
    for (size_t i = 0; i < t.npeople; i++) {
        add_pair(&total->people, &total->npeople, t.people[i].a, t.people[i].b);
        free(t.people[i].a), free(t.people[i].b);
    }
    free(t.orgs);
    free(t.people);
    xy_arena_free(scratch);
    xy_arena_free(keep);
    free(data);
}

static int by_a(const void *x, const void *y)
{
    const struct pair *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    return c ? c : strcmp(p->b, q->b);
}

static int by_b(const void *x, const void *y)
{
    const struct pair *p = x, *q = y;
    int c = strcmp(p->b, q->b);
    return c ? c : strcmp(p->a, q->a);
}

/* ------------------------------------------------------------------ tests */

static void test_same_seed_and_options_give_byte_identical_output(void **state)
{
    struct world *w = *state;
    struct xy_gen_opts o = w->opts;
    struct xy_gen_summary s;
    struct xy_err err = {0};
    char **a, **b;
    size_t na, nb;

    o.out_dir = w->dir_b;
    assert_int_equal(xy_gen_city(&o, &s, &err), XY_OK);
    assert_memory_equal(&s, &w->sum, sizeof(s));
    na = list_dir(w->dir_a, &a);
    nb = list_dir(w->dir_b, &b);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        size_t la, lb;
        char *x = read_in(w->dir_a, a[i], &la), *y = read_in(w->dir_b, b[i], &lb);
        assert_string_equal(a[i], b[i]);
        assert_int_equal(la, lb);
        assert_memory_equal(x, y, la);
        free(x);
        free(y);
    }
    free_list(a, na);
    free_list(b, nb);
}

static void test_another_seed_gives_another_city(void **state)
{
    struct world *w = *state;
    struct xy_gen_opts o = w->opts;
    struct xy_err err = {0};
    size_t la, lb;
    char *x, *y;

    o.out_dir = w->dir_b;
    o.seed = w->opts.seed + 1;
    assert_int_equal(xy_gen_city(&o, NULL, &err), XY_OK);
    x = read_in(w->dir_a, "departments.csv", &la);
    y = read_in(w->dir_b, "departments.csv", &lb);
    assert_string_equal(x, y); /* the departments are the city's, not the seed's */
    free(x);
    free(y);
    {
        char **names;
        size_t n = list_dir(w->dir_a, &names);
        int differs = 0;
        for (size_t i = 0; i < n; i++) {
            if (strncmp(names[i], "xzcf-", 5))
                continue;
            x = read_in(w->dir_a, names[i], &la);
            y = read_in(w->dir_b, names[i], &lb);
            differs |= la != lb || memcmp(x, y, la);
            free(x);
            free(y);
        }
        free_list(names, n);
        assert_true(differs);
    }
}

static void test_departments_have_valid_government_codes(void **state)
{
    struct world *w = *state;
    size_t len;
    char *data = read_in(w->dir_a, "departments.csv", &len), *p = data;
    struct rec r;
    int n = 0, court = 0, tax = 0, market = 0;

    assert_true(csv_next(&p, data + len, &r));
    assert_int_equal(r.n, 3);
    assert_string_equal(r.f[0], "uscc");
    while (csv_next(&p, data + len, &r)) {
        struct xy_code_check chk;
        char norm[19];
        assert_int_equal(r.n, 3);
        xy_uscc_check(r.f[0], norm, &chk);
        assert_int_equal(chk.level, XY_CHECK_OK);
        assert_memory_equal(r.f[0], "114401", 6);
        if (strstr(r.f[1], "法院")) {
            court = 1;
            assert_string_equal(r.f[2], "sxbzxr");
        }
        if (strstr(r.f[1], "税务局")) {
            tax = 1;
            assert_string_equal(r.f[2], "nsxy;hmd;zdsswf");
        }
        if (strstr(r.f[1], "市场监督管理局")) {
            market = 1;
            assert_string_equal(r.f[2], "xzcf;xzxk;jyyc;yzsx;yzwfsx");
        }
        n++;
    }
    assert_true(n >= 6);
    assert_true(court && tax && market);
    free(data);
}

static void test_manifest_counts_match_what_the_platform_would_find(void **state)
{
    struct world *w = *state;
    size_t len, files = 0;
    char *data = read_in(w->dir_a, "manifest.csv", &len), *p = data;
    struct rec r;
    struct tally total = {0};
    char **names;
    size_t nnames = list_dir(w->dir_a, &names);

    assert_true(csv_next(&p, data + len, &r));
    /* file,dept,item,rows,bad_rows,warn_rows,late_rows,timely_rows,untimed_rows */
    assert_int_equal(r.n, 9);
    assert_string_equal(r.f[0], "file");
    assert_string_equal(r.f[6], "late_rows");
    while (csv_next(&p, data + len, &r)) {
        char want[160];
        assert_int_equal(r.n, 9);
        /* every stored row (good or warned) is timed one way or another */
        assert_int_equal(atol(r.f[6]) + atol(r.f[7]) + atol(r.f[8]), atol(r.f[3]) - atol(r.f[4]));
        /* <item>-<dept uscc>.csv / .gb18030.csv / .jsonl */
        snprintf(want, sizeof(want), "%s-%s", r.f[2], r.f[1]);
        assert_memory_equal(r.f[0], want, strlen(want));
        check_file(w, w->dir_a, r.f[0], r.f[2], atol(r.f[3]), atol(r.f[4]), atol(r.f[5]), &total);
        files++;
    }
    /* every data file is in the manifest, and nothing else is in the folder */
    assert_int_equal(nnames, files + 2);
    assert_int_equal((long)files, w->sum.files);
    assert_int_equal(total.rows, w->sum.rows);
    assert_int_equal(total.bad, w->sum.bad_rows);
    assert_int_equal(total.warn, w->sum.warn_rows);
    assert_int_equal(total.rows, 9 * w->opts.rows_per_item);
    /* bad rows are about the share asked for; warnings exist */
    assert_true(total.bad > total.rows / 10 && total.bad < total.rows * 3 / 10);
    assert_true(total.warn > 0);
    /* every real format appears */
    assert_int_equal(total.bom, 3);
    assert_true(total.crlf && total.zh_headers && total.code_headers && total.gb18030 &&
                total.jsonl && total.multiline);
    assert_int_equal(total.date_styles, 7);
    for (size_t k = 0; k < NBAD_IDS; k++)
        if (!(total.bad_seen & (1u << k)))
            fail_msg("no bad row of the kind \"%s\" was generated", bad_ids[k]);

    /* one organisation, one name (names are unique per organisation); one person, one name */
    qsort(total.orgs, total.norgs, sizeof(*total.orgs), by_a);
    for (size_t i = 1; i < total.norgs; i++)
        if (!strcmp(total.orgs[i].a, total.orgs[i - 1].a))
            assert_string_equal(total.orgs[i].b, total.orgs[i - 1].b);
    qsort(total.orgs, total.norgs, sizeof(*total.orgs), by_b);
    for (size_t i = 1; i < total.norgs; i++)
        if (!strcmp(total.orgs[i].b, total.orgs[i - 1].b))
            assert_string_equal(total.orgs[i].a, total.orgs[i - 1].a);
    qsort(total.people, total.npeople, sizeof(*total.people), by_a);
    for (size_t i = 1; i < total.npeople; i++)
        if (!strcmp(total.people[i].a, total.people[i - 1].a))
            assert_string_equal(total.people[i].b, total.people[i - 1].b);
    assert_true(total.norgs > 100 && total.npeople > 100);

    tally_free(&total);
    free_list(names, nnames);
    free(data);
}

/* Every file of a clean city's manifest, checked and tallied into total. */
static void check_clean_city(struct world *w, const char *dir, struct tally *total)
{
    size_t len;
    char *data = read_in(dir, "manifest.csv", &len), *p = data;
    struct rec r;

    assert_true(csv_next(&p, data + len, &r));
    while (csv_next(&p, data + len, &r))
        check_file(w, dir, r.f[0], r.f[2], atol(r.f[3]), 0, 0, total);
    free(data);
}

static void test_a_clean_city_has_no_bad_or_warning_rows(void **state)
{
    struct world *w = *state;
    struct xy_gen_opts o = w->opts;
    struct xy_gen_summary s;
    struct xy_err err = {0};
    struct tally total = {0};

    rm_dir(w->dir_b);
    o.out_dir = w->dir_b;
    o.bad_share = 0;
    o.rows_per_item = 200;
    assert_int_equal(xy_gen_city(&o, &s, &err), XY_OK);
    assert_int_equal(s.bad_rows, 0);
    assert_int_equal(s.warn_rows, 0);
    check_clean_city(w, w->dir_b, &total);
    assert_int_equal(total.rows, 9 * 200);
    tally_free(&total);
}

/* A city-scale register (3,000,000 organisations, the HTTP benchmark's size) has a name for every
 * organisation without falling back to branch numbers (广州某某科技有限公司第12分公司). */
static void test_three_million_organisations_need_no_branch_numbers(void **state)
{
    struct world *w = *state;
    struct xy_gen_opts o = w->opts;
    struct xy_gen_summary s;
    struct xy_err err = {0};
    struct tally total = {0};

    rm_dir(w->dir_b);
    o.out_dir = w->dir_b;
    o.bad_share = 0;
    o.orgs = 3000000;
    o.rows_per_item = 300;
    assert_int_equal(xy_gen_city(&o, &s, &err), XY_OK);
    check_clean_city(w, w->dir_b, &total);
    assert_true(total.norgs > 1000);
    for (size_t i = 0; i < total.norgs; i++) {
        const char *n = total.orgs[i].b;
        if (strstr(n, "分公司") || strstr(n, "分部）"))
            fail_msg("organisation %s is named with a branch number: %s", total.orgs[i].a, n);
    }
    tally_free(&total);
}

static void test_only_item_writes_one_plain_file(void **state)
{
    struct world *w = *state;
    struct xy_gen_opts o = w->opts;
    struct xy_gen_summary s;
    struct xy_err err = {0};
    char **names;
    size_t n, len;
    char *data;
    long lines = 0;

    o.out_dir = w->dir_one;
    o.only_item = "xzcf";
    o.rows_per_item = 3000;
    o.bad_share = 0;
    assert_int_equal(xy_gen_city(&o, &s, &err), XY_OK);
    n = list_dir(w->dir_one, &names);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "xzcf.csv");
    assert_int_equal(s.files, 1);
    assert_int_equal(s.rows, 3000);
    data = read_in(w->dir_one, "xzcf.csv", &len);
    assert_memory_equal(data, "XDR_MC,XDR_LB,", 14); /* no BOM, code headers */
    assert_null(memchr(data, '\r', len));
    {
        struct tally t = {0};
        check_file(w, w->dir_one, "xzcf.csv", "xzcf", 3000, 0, 0, &t);
        for (size_t i = 0; i < t.norgs; i++)
            free(t.orgs[i].a), free(t.orgs[i].b);
        for (size_t i = 0; i < t.npeople; i++)
            free(t.people[i].a), free(t.people[i].b);
        free(t.orgs);
        free(t.people);
    }
    for (size_t i = 0; i < len; i++)
        lines += data[i] == '\n';
    assert_true(lines >= 3001);
    free(data);
    free_list(names, n);
}

static void test_bad_options_are_refused(void **state)
{
    struct world *w = *state;
    struct xy_gen_opts o = w->opts;
    struct xy_err err = {0};

    o.out_dir = w->dir_b;
    o.persons = 0;
    assert_int_equal(xy_gen_city(&o, NULL, &err), XY_INVALID);
    o.persons = 10;
    o.bad_share = 1.5;
    assert_int_equal(xy_gen_city(&o, NULL, &err), XY_INVALID);
    o.bad_share = 0;
    o.only_item = "nope";
    assert_int_equal(xy_gen_city(&o, NULL, &err), XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "nope"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_and_options_give_byte_identical_output),
        cmocka_unit_test(test_another_seed_gives_another_city),
        cmocka_unit_test(test_departments_have_valid_government_codes),
        cmocka_unit_test(test_manifest_counts_match_what_the_platform_would_find),
        cmocka_unit_test(test_a_clean_city_has_no_bad_or_warning_rows),
        cmocka_unit_test(test_three_million_organisations_need_no_branch_numbers),
        cmocka_unit_test(test_only_item_writes_one_plain_file),
        cmocka_unit_test(test_bad_options_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
