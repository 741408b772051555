/* test_store_contract.c - the storage contract, run once per backend (STYLE.md, Tests)
 *
 * Every test speaks only through the xy_store_* wrappers: no SQL, no backend header. Rows are
 * built through the real catalogue and validator, as ingest builds them, so what is stored is
 * what a department's file would store. A backend joins by adding a line to `backends`: a name
 * and a function that yields the options of a fresh, empty database (and one that removes it),
 * and one that runs a raw statement on a connection of its own: the only way to try what the
 * interface never offers (changing an append-only history) or cannot make (a key collision).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/time.h"
#include "domain/catalog.h"
#include "domain/codes.h"
#include "domain/record.h"
#include "service/catalog_load.h"
#include "store/store.h"

#ifndef XY_TEST_CATALOG_DIR
#define XY_TEST_CATALOG_DIR "catalog"
#endif

/* Codes valid under GB 32100 / GB 11643 (the same ones tests/cli/lib.sh uses). */
#define DEPT       "114401000069600108" /* 广州市市场监督管理局 (机关) */
#define DEPT_NAME  "广州市市场监督管理局"
#define ORG1       "91440106MA5000006F"
#define ORG2       "91440106MA5000014A"
#define ORG3       "91440106MA50000225" /* embedded 组织机构代码 MA500002-2 */
#define ORG3_ZZJG  "MA500002-2"
#define ORG3_ZZJGN "MA5000022"
#define ORG3_GSZC  "440106000123456"
#define ID1        "440106198506121005"
#define ID4        "44010619850612103X"

/* ---- backends ------------------------------------------------------------------------------ */

struct fx;

struct backend {
    const char *name;
    /* Options of a fresh, empty database; state kept in f->dir / f->path. */
    void (*make)(struct fx *f, struct xy_store_opts *o);
    /* Remove what make created (the store is already closed). */
    void (*destroy)(struct fx *f);
    /* Run one statement in the backend's own language on a second connection, as an
     * administrator at the database's console could; 0 when it succeeded. */
    int (*exec)(struct fx *f, const char *stmt);
};

struct fx {
    const struct backend *be;
    char dir[256];
    char path[300];
    struct xy_store_opts opts; /* as make() gave them: to open the same database again */
    struct xy_store *s;
    struct xy_arena *a;
    const struct xy_item *item;
    int64_t dept_id;
    long line; /* last line handed out */
};

static struct xy_catalog *g_cat;
/* ID numbers are sealed with it (store/seal.h): one key file for the whole run */
static struct xy_keyring *g_keys;
static char g_keys_dir[64];

static void sqlite_make(struct fx *f, struct xy_store_opts *o)
{
    const char *tmp = getenv("TMPDIR");

    snprintf(f->dir, sizeof(f->dir), "%s/xy_store_contract.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
    memset(o, 0, sizeof(*o));
    o->path = f->path;
    o->cache_mb = 8;
    o->create = 1;
    o->keys = g_keys;
}

static void sqlite_destroy(struct fx *f)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[320];

    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
        unlink(p);
    }
    rmdir(f->dir);
}

static int sqlite_exec(struct fx *f, const char *stmt)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL);

    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        rc = sqlite3_exec(db, stmt, NULL, NULL, NULL);
    }
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static const struct backend backends[] = {
    {"sqlite", sqlite_make, sqlite_destroy, sqlite_exec},
    /* {"postgresql", pg_make, pg_destroy}: a throw-away cluster started by the test */
};

/* ---- fixture ------------------------------------------------------------------------------- */

/* Fail with the store's message when rc is not XY_OK. */
static void ok(xy_code rc, const struct xy_err *err)
{
    if (rc != XY_OK)
        fail_msg("store: %s: %s (%s)", xy_code_name(rc), err->msg, err->detail);
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct xy_store_opts o;
    struct xy_err err;
    struct xy_dept d = {0}, got;
    const char *items[] = {"xzcf"};

    xy_err_clear(&err);
    f->be = *state;
    f->be->make(f, &o);
    f->opts = o;
    ok(xy_store_open(&o, &f->s, &err), &err);
    f->a = xy_arena_new();
    f->item = xy_catalog_item(g_cat, "xzcf");
    assert_non_null(f->item);
    d.uscc = DEPT;
    d.name = DEPT_NAME;
    d.items = items;
    d.nitems = 1;
    ok(xy_store_dept_put(f->s, &d, &err), &err);
    ok(xy_store_dept_get(f->s, DEPT, f->a, &got, &err), &err);
    f->dept_id = got.id;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;

    xy_store_close(f->s);
    f->be->destroy(f);
    xy_arena_free(f->a);
    free(f);
    return 0;
}

/* ---- rows ---------------------------------------------------------------------------------- */

static int field_ix(const struct xy_item *item, const char *code)
{
    for (size_t i = 0; i < item->nfields; i++)
        if (!strcmp(item->fields[i].code, code))
            return (int)i;
    fail_msg("item %s has no field %s", item->id, code);
    return -1;
}

static void set(struct fx *f, const char **raw, const char *code, const char *value)
{
    raw[field_ix(f->item, code)] = value;
}

/* Raw values of a complete 行政处罚 row about an organisation (tests/cli/lib.sh pen_row). */
static const char **org_raw(struct fx *f, const char *name, const char *uscc, const char *wsh)
{
    const char **raw = xy_arena_zalloc(f->a, f->item->nfields * sizeof(*raw));

    set(f, raw, "XDR_MC", name);
    set(f, raw, "XDR_LB", "法人及非法人组织");
    set(f, raw, "XDR_SHXYM", uscc);
    set(f, raw, "FRDB", "张三");
    set(f, raw, "CF_WSH", wsh);
    set(f, raw, "CF_WFXW", "虚假宣传");
    set(f, raw, "CF_SY", "在网站发布虚假广告");
    set(f, raw, "CF_YJ", "《中华人民共和国广告法》第五十五条");
    set(f, raw, "CF_CFLB", "罚款");
    set(f, raw, "CF_NR", "依法处罚");
    set(f, raw, "CF_NR_FK", "1.5");
    set(f, raw, "CF_JDRQ", "2025/03/05");
    set(f, raw, "CF_CFJG", DEPT_NAME);
    set(f, raw, "CF_CFJGDM", DEPT);
    set(f, raw, "CF_SJLY", DEPT_NAME);
    set(f, raw, "CF_SJLYDM", DEPT);
    return raw;
}

/* The same about a natural person identified by a 居民身份证 number. */
static const char **person_raw(struct fx *f, const char *name, const char *idno, const char *wsh)
{
    const char **raw = org_raw(f, name, NULL, wsh);

    set(f, raw, "XDR_LB", "自然人");
    set(f, raw, "FRDB", NULL);
    set(f, raw, "XDR_ZJLX", "身份证");
    set(f, raw, "XDR_ZJHM", idno);
    return raw;
}

static const struct xy_row *validate(struct fx *f, const char **raw)
{
    struct xy_row *row = xy_arena_zalloc(f->a, sizeof(*row));
    struct xy_validate_opts opts = {.today = xy_today()};

    xy_row_validate(f->item, raw, &opts, f->a, row);
    if (row->nerrors) {
        for (size_t i = 0; i < row->nissues; i++)
            print_error("issue %s field %d: %s\n", row->issues[i].id, row->issues[i].field,
                        row->issues[i].zh);
        fail_msg("the test row has %zu error(s)", row->nerrors);
    }
    return row;
}

/* A record ready to store, as ingest builds it; lines are handed out in file order. */
static struct xy_record_in rec(struct fx *f, const struct xy_row *row)
{
    struct xy_record_in r = {0};

    r.item = f->item;
    r.row = row;
    r.hash = xy_store_record_hash(g_keys, f->item, row, f->a);
    r.line = ++f->line + 1; /* line 1 is the header */
    r.payload = xy_store_record_encode(g_keys, f->item, row, f->a, &r.payload_len);
    r.key_hash = xy_store_key_hash(f->dept_id, f->item->id, row->key);
    return r;
}

static struct xy_record_in org_rec(struct fx *f, const char *name, const char *uscc,
                                   const char *wsh)
{
    return rec(f, validate(f, org_raw(f, name, uscc, wsh)));
}

/* A submission (a file), recorded outside any transaction as ingest does. */
static int64_t submission(struct fx *f, const char *file)
{
    struct xy_submission sub = {0};
    struct xy_err err;

    xy_err_clear(&err);
    sub.dept_id = f->dept_id;
    sub.item = f->item->id;
    sub.file = file;
    sub.file_bytes = 1234;
    sub.started_at = xy_now();
    ok(xy_store_submission_put(f->s, &sub, &err), &err);
    assert_true(sub.id > 0);
    f->line = 0;
    return sub.id;
}

/* Store recs as one batch of submission sub (one transaction); returns the batch id. */
static int64_t put_batch(struct fx *f, int64_t sub, const struct xy_record_in *recs, size_t n,
                         struct xy_put_result *res)
{
    struct xy_counts c = {0};
    struct xy_err err;
    int64_t batch;

    xy_err_clear(&err);
    ok(xy_store_begin(f->s, &err), &err);
    ok(xy_store_batch_put(f->s, sub, recs[0].line, recs[n - 1].line, &batch, &err), &err);
    ok(xy_store_records_put(f->s, f->dept_id, sub, batch, recs, n, res, &err), &err);
    c.rows = (int64_t)n;
    for (size_t i = 0; i < n; i++) {
        c.accepted += res[i].outcome != XY_PUT_DUPLICATE;
        c.rejected += res[i].outcome == XY_PUT_DUPLICATE;
        c.new_records += res[i].outcome == XY_PUT_NEW;
        c.new_versions += res[i].outcome == XY_PUT_VERSION;
        c.unchanged += res[i].outcome == XY_PUT_UNCHANGED;
        c.new_subjects += res[i].new_subject;
    }
    ok(xy_store_batch_finish(f->s, batch, &c, &err), &err);
    ok(xy_store_commit(f->s, &err), &err);
    return batch;
}

/* One row in a submission of its own: what a later file does to a stored record. */
static struct xy_put_result put_alone(struct fx *f, const char *file, struct xy_record_in r)
{
    struct xy_put_result res;
    int64_t sub = submission(f, file);

    r.line = 2;
    put_batch(f, sub, &r, 1, &res);
    return res;
}

static struct xy_subject by_ident(struct fx *f, enum xy_ident_type t, const char *value)
{
    struct xy_subject subj;
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_subject_by_ident(f->s, t, value, f->a, &subj, &err), &err);
    return subj;
}

static struct xy_record *records_of(struct fx *f, int64_t subject_id, size_t *n)
{
    struct xy_record *r;
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_subject_records(f->s, subject_id, f->a, &r, n, &err), &err);
    return r;
}

static struct xy_store_stats stats(struct fx *f)
{
    struct xy_store_stats st;
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_stats(f->s, &st, &err), &err);
    return st;
}

/* Ids of the organisations whose name contains q, skipping the first offset. */
static size_t search_page(struct fx *f, const char *q, size_t offset, int64_t *ids, size_t cap)
{
    struct xy_subject *v;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    ok(xy_store_subject_search(f->s, q, offset, cap, f->a, &v, &n, &err), &err);
    assert_true(n <= cap);
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(v[i].kind, XY_KIND_PERSON);
        ids[i] = v[i].id;
    }
    return n;
}

static size_t search(struct fx *f, const char *q, int64_t *ids, size_t cap)
{
    return search_page(f, q, 0, ids, cap);
}

/* A valid USCC of an enterprise registered in 天河区, numbered n. */
static const char *uscc_n(struct fx *f, int n)
{
    char *c = xy_arena_printf(f->a, "91440106MA6%05d??", n);

    c[16] = xy_orgcode_check_char(c + 8);
    c[17] = xy_uscc_check_char(c);
    return c;
}

static int found(struct fx *f, const char *q, int64_t id)
{
    int64_t ids[16];
    size_t n = search(f, q, ids, 16);

    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

static const char *field_value(const struct xy_record *r, const char *code)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (!strcmp(r->fields[i].code, code))
            return r->fields[i].value;
    return NULL;
}

/* ---- departments and the allow-list -------------------------------------------------------- */

static void test_department_put_then_get_returns_its_code_name_and_items(void **state)
{
    struct fx *f = *state;
    const char *items[] = {"nsxy", "hmd"};
    struct xy_dept d = {0}, got;
    struct xy_err err;

    xy_err_clear(&err);
    d.uscc = "11440100006960011B";
    d.name = "广州市税务局";
    d.items = items;
    d.nitems = 2;
    ok(xy_store_dept_put(f->s, &d, &err), &err);
    ok(xy_store_dept_get(f->s, "11440100006960011B", f->a, &got, &err), &err);
    assert_true(got.id > 0);
    assert_true(got.id != f->dept_id);
    assert_string_equal(got.uscc, "11440100006960011B");
    assert_string_equal(got.name, "广州市税务局");
    assert_int_equal(got.nitems, 2);
    assert_string_equal(got.items[0], "nsxy");
    assert_string_equal(got.items[1], "hmd");
}

static void test_department_get_of_an_unknown_code_is_not_found(void **state)
{
    struct fx *f = *state;
    struct xy_dept got;
    struct xy_err err;

    xy_err_clear(&err);
    assert_int_equal(xy_store_dept_get(f->s, "11440100006960020X", f->a, &got, &err), XY_NOT_FOUND);
    assert_int_equal(err.code, XY_NOT_FOUND);
}

static void test_department_list_returns_departments_in_registration_order(void **state)
{
    struct fx *f = *state;
    const char *items[] = {"xzcf"};
    /* registered out of code order, so that an order by code would show */
    const char *codes[] = {"11440100006960011B", "11440100006960003G"};
    const char *names[] = {"广州市税务局", "广州市人力资源和社会保障局"};
    struct xy_dept d = {0}, *list;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    for (int i = 0; i < 2; i++) {
        d.uscc = codes[i];
        d.name = names[i];
        d.items = items;
        d.nitems = 1;
        ok(xy_store_dept_put(f->s, &d, &err), &err);
    }
    ok(xy_store_dept_list(f->s, f->a, &list, &n, &err), &err);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].uscc, DEPT);
    assert_string_equal(list[0].name, DEPT_NAME);
    assert_string_equal(list[1].uscc, codes[0]);
    assert_string_equal(list[1].name, names[0]);
    assert_string_equal(list[2].uscc, codes[1]);
    assert_string_equal(list[2].name, names[1]);
    assert_true(list[0].id < list[1].id && list[1].id < list[2].id);
}

static void test_department_put_again_updates_its_name_and_items_and_keeps_its_id(void **state)
{
    struct fx *f = *state;
    const char *items[] = {"xzcf", "xzxk", "jyyc"};
    struct xy_dept d = {0}, got, *list;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    d.uscc = DEPT;
    d.name = "广州市市场监督管理局（知识产权局）";
    d.items = items;
    d.nitems = 3;
    ok(xy_store_dept_put(f->s, &d, &err), &err);
    ok(xy_store_dept_get(f->s, DEPT, f->a, &got, &err), &err);
    assert_int_equal(got.id, f->dept_id);
    assert_string_equal(got.name, "广州市市场监督管理局（知识产权局）");
    assert_int_equal(got.nitems, 3);
    assert_string_equal(got.items[0], "xzcf");
    assert_string_equal(got.items[1], "xzxk");
    assert_string_equal(got.items[2], "jyyc");
    ok(xy_store_dept_list(f->s, f->a, &list, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(stats(f).departments, 1);
}

static void test_uscc_allow_list_returns_every_code_put_with_its_latest_reason(void **state)
{
    struct fx *f = *state;
    const char **codes, **reasons;
    struct xy_err err;
    size_t n;
    int seen_a = 0, seen_b = 0;

    xy_err_clear(&err);
    ok(xy_store_uscc_allow_list(f->s, f->a, &codes, &reasons, &n, &err), &err);
    assert_int_equal(n, 0);
    ok(xy_store_uscc_allow_put(f->s, "91440101MA59ABCD1X", "登记机关确认已赋码", &err), &err);
    ok(xy_store_uscc_allow_put(f->s, "12440000455858090N", "历史赋码", &err), &err);
    ok(xy_store_uscc_allow_put(f->s, "91440101MA59ABCD1X", "市监局函〔2025〕12号确认", &err), &err);
    ok(xy_store_uscc_allow_list(f->s, f->a, &codes, &reasons, &n, &err), &err);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(codes[i], "91440101MA59ABCD1X")) {
            seen_a++;
            assert_string_equal(reasons[i], "市监局函〔2025〕12号确认");
        } else if (!strcmp(codes[i], "12440000455858090N")) {
            seen_b++;
            assert_string_equal(reasons[i], "历史赋码");
        } else {
            fail_msg("unexpected code %s", codes[i]);
        }
    }
    assert_int_equal(seen_a, 1);
    assert_int_equal(seen_b, 1);
}

/* ---- records_put --------------------------------------------------------------------------- */

static void test_first_put_of_a_row_is_new_and_creates_its_subject(void **state)
{
    struct fx *f = *state;
    struct xy_put_result res = put_alone(
        f, "a.csv", org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号"));
    struct xy_store_stats st = stats(f);
    struct xy_subject subj;

    assert_int_equal(res.outcome, XY_PUT_NEW);
    assert_int_equal(res.new_subject, 1);
    assert_int_equal(st.subjects, 1);
    assert_int_equal(st.records, 1);
    assert_int_equal(st.versions, 1);
    assert_int_equal(st.submissions, 1);
    assert_int_equal(st.batches, 1);
    subj = by_ident(f, XY_IDENT_USCC, ORG1);
    assert_string_equal(subj.code, ORG1);
    assert_int_equal(subj.code_type, XY_IDENT_USCC);
    assert_int_equal(subj.kind, XY_KIND_ENTERPRISE);
    assert_string_equal(subj.name, "广州市天河区测试1科技有限公司");
}

static void test_the_same_row_in_a_later_submission_is_unchanged_and_adds_nothing(void **state)
{
    struct fx *f = *state;
    const char *name = "广州市天河区测试1科技有限公司", *wsh = "穗市监罚〔2025〕1号";
    struct xy_put_result r1 = put_alone(f, "a.csv", org_rec(f, name, ORG1, wsh));
    struct xy_put_result r2 = put_alone(f, "a-again.csv", org_rec(f, name, ORG1, wsh));
    struct xy_store_stats st = stats(f);
    struct xy_record *recs;
    size_t n;

    assert_int_equal(r1.outcome, XY_PUT_NEW);
    assert_int_equal(r2.outcome, XY_PUT_UNCHANGED);
    assert_int_equal(r2.new_subject, 0);
    recs = records_of(f, by_ident(f, XY_IDENT_USCC, ORG1).id, &n);
    assert_int_equal(n, 1);
    assert_int_equal(recs[0].version, 1);
    assert_string_equal(recs[0].file, "a.csv"); /* still the first submission's row */
    assert_int_equal(st.subjects, 1);
    assert_int_equal(st.records, 1);
    assert_int_equal(st.versions, 1);
}

static void
test_a_changed_value_in_a_later_submission_is_a_new_version_keeping_the_old(void **state)
{
    struct fx *f = *state;
    const char *name = "广州市天河区测试1科技有限公司", *wsh = "穗市监罚〔2025〕1号";
    const char **raw;
    struct xy_put_result r1, r2;
    struct xy_store_stats st;
    struct xy_record *recs;
    size_t n;

    r1 = put_alone(f, "a.csv", org_rec(f, name, ORG1, wsh));
    raw = org_raw(f, name, ORG1, wsh);
    set(f, raw, "CF_NR_FK", "2.75");
    r2 = put_alone(f, "a-corrected.csv", rec(f, validate(f, raw)));
    assert_int_equal(r1.outcome, XY_PUT_NEW);
    assert_int_equal(r2.outcome, XY_PUT_VERSION);
    assert_int_equal(r2.new_subject, 0);

    recs = records_of(f, by_ident(f, XY_IDENT_USCC, ORG1).id, &n);
    assert_int_equal(n, 1); /* the latest version only */
    assert_int_equal(recs[0].version, 2);
    assert_string_equal(field_value(&recs[0], "CF_NR_FK"), "2.75");
    assert_string_equal(recs[0].file, "a-corrected.csv");

    st = stats(f);
    assert_int_equal(st.subjects, 1);
    assert_int_equal(st.records, 1);
    assert_int_equal(st.versions, 2);
}

static void
test_the_same_key_twice_in_one_submission_is_a_duplicate_naming_the_first_line(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "dup.csv");
    struct xy_record_in r[3];
    struct xy_put_result res[3];
    const char **raw;

    r[0] = org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
    r[1] = org_rec(f, "广州市天河区测试2科技有限公司", ORG2, "穗市监罚〔2025〕2号");
    raw = org_raw(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
    set(f, raw, "CF_NR_FK", "3");
    r[2] = rec(f, validate(f, raw)); /* same 文书号 as line 2, other content */
    put_batch(f, sub, r, 3, res);

    assert_int_equal(res[0].outcome, XY_PUT_NEW);
    assert_int_equal(res[1].outcome, XY_PUT_NEW);
    assert_int_equal(res[2].outcome, XY_PUT_DUPLICATE);
    assert_int_equal(res[2].dup_line, r[0].line);
    assert_int_equal(res[2].new_subject, 0);
    assert_int_equal(stats(f).versions, 2);
    {
        size_t n;
        struct xy_record *recs = records_of(f, by_ident(f, XY_IDENT_USCC, ORG1).id, &n);
        assert_int_equal(n, 1);
        assert_string_equal(field_value(&recs[0], "CF_NR_FK"), "1.5"); /* the first one */
    }
}

static void
test_the_same_key_twice_in_one_submission_is_a_duplicate_across_its_batches(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "dup-batches.csv");
    struct xy_record_in r1, r2;
    struct xy_put_result res1, res2;

    r1 = org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
    r2 = org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
    put_batch(f, sub, &r1, 1, &res1);
    put_batch(f, sub, &r2, 1, &res2);
    assert_int_equal(res1.outcome, XY_PUT_NEW);
    assert_int_equal(res2.outcome, XY_PUT_DUPLICATE);
    assert_int_equal(res2.dup_line, r1.line);
}

/* A department resubmits a whole file in which one 文书号 appears twice: the second occurrence
 * must be reported as a duplicate, as it would be in the first submission, whatever the first
 * occurrence did to the stored record. */
static void
test_the_same_key_twice_in_a_resubmission_is_a_duplicate_even_when_unchanged(void **state)
{
    struct fx *f = *state;
    const char *name = "广州市天河区测试1科技有限公司", *wsh = "穗市监罚〔2025〕1号";
    struct xy_record_in r[2];
    struct xy_put_result res[2];
    const char **raw;
    int64_t sub;

    /* an unchanged first occurrence stores nothing; the backend must still remember it */
    put_alone(f, "a.csv", org_rec(f, name, ORG1, wsh));
    sub = submission(f, "a-again.csv");
    r[0] = org_rec(f, name, ORG1, wsh); /* unchanged */
    raw = org_raw(f, name, ORG1, wsh);
    set(f, raw, "CF_NR_FK", "9");
    r[1] = rec(f, validate(f, raw)); /* same key again, other content */
    put_batch(f, sub, r, 2, res);

    assert_int_equal(res[0].outcome, XY_PUT_UNCHANGED);
    assert_int_equal(res[1].outcome, XY_PUT_DUPLICATE);
    assert_int_equal(res[1].dup_line, r[0].line);
    assert_int_equal(stats(f).versions, 1);
}

static void test_two_rows_of_one_batch_about_a_new_subject_create_one_subject(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "two.csv");
    struct xy_record_in r[2];
    struct xy_put_result res[2];
    struct xy_store_stats st;
    size_t n;

    r[0] = org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
    r[1] = org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕7号");
    put_batch(f, sub, r, 2, res);

    assert_int_equal(res[0].outcome, XY_PUT_NEW);
    assert_int_equal(res[1].outcome, XY_PUT_NEW);
    assert_int_equal(res[0].new_subject + res[1].new_subject, 1);
    st = stats(f);
    assert_int_equal(st.subjects, 1);
    assert_int_equal(st.records, 2);
    records_of(f, by_ident(f, XY_IDENT_USCC, ORG1).id, &n);
    assert_int_equal(n, 2);
}

static void test_a_known_subject_in_a_later_submission_is_not_created_again(void **state)
{
    struct fx *f = *state;
    struct xy_put_result r1, r2;

    r1 = put_alone(f, "a.csv",
                   org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号"));
    r2 = put_alone(f, "b.csv",
                   org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕8号"));
    assert_int_equal(r1.new_subject, 1);
    assert_int_equal(r2.outcome, XY_PUT_NEW);
    assert_int_equal(r2.new_subject, 0);
    assert_int_equal(stats(f).subjects, 1);
}

/* ---- transactions -------------------------------------------------------------------------- */

static void test_rows_put_then_rolled_back_leave_no_subject_and_no_record(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "rolled-back.csv");
    const char **raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号");
    struct xy_record_in r[2];
    struct xy_put_result res[2];
    struct xy_store_stats st;
    struct xy_subject subj;
    struct xy_err err;
    int64_t batch, ids[4];

    xy_err_clear(&err);
    set(f, raw, "XDR_ZZJG", ORG3_ZZJG);
    r[0] = rec(f, validate(f, raw));
    r[1] = rec(f, validate(f, person_raw(f, "李小明", ID1, "穗市监罚〔2025〕4号")));
    ok(xy_store_begin(f->s, &err), &err);
    ok(xy_store_batch_put(f->s, sub, 2, 3, &batch, &err), &err);
    ok(xy_store_records_put(f->s, f->dept_id, sub, batch, r, 2, res, &err), &err);
    assert_int_equal(res[0].outcome, XY_PUT_NEW);
    xy_store_rollback(f->s);

    st = stats(f);
    assert_int_equal(st.subjects, 0);
    assert_int_equal(st.records, 0);
    assert_int_equal(st.versions, 0);
    assert_int_equal(st.batches, 0);
    assert_int_equal(xy_store_subject_by_ident(f->s, XY_IDENT_USCC, ORG3, f->a, &subj, &err),
                     XY_NOT_FOUND);
    assert_int_equal(
        xy_store_subject_by_ident(f->s, XY_IDENT_ORGCODE, ORG3_ZZJGN, f->a, &subj, &err),
        XY_NOT_FOUND);
    assert_int_equal(xy_store_subject_by_ident(f->s, XY_IDENT_IDCARD, ID1, f->a, &subj, &err),
                     XY_NOT_FOUND);
    assert_int_equal(search(f, "华为电子", ids, 4), 0);
}

static void test_a_put_after_a_rollback_stores_the_rows_again(void **state)
{
    struct fx *f = *state;
    const char **raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号");
    int64_t sub, batch;
    struct xy_record_in r[2], keep;
    struct xy_put_result res[2], kres;
    struct xy_subject subj;
    struct xy_record *recs;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    /* one subject committed first, so that ids after it are the ones a rollback gives back */
    keep = org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
    kres = put_alone(f, "keep.csv", keep);
    assert_int_equal(kres.outcome, XY_PUT_NEW);

    sub = submission(f, "retry.csv");
    set(f, raw, "XDR_ZZJG", ORG3_ZZJG);
    r[0] = rec(f, validate(f, raw));
    r[1] = rec(f, validate(f, person_raw(f, "李小明", ID1, "穗市监罚〔2025〕4号")));
    ok(xy_store_begin(f->s, &err), &err);
    ok(xy_store_batch_put(f->s, sub, 2, 3, &batch, &err), &err);
    ok(xy_store_records_put(f->s, f->dept_id, sub, batch, r, 2, res, &err), &err);
    xy_store_rollback(f->s);

    /* the same rows again, as a retried batch */
    put_batch(f, sub, r, 2, res);
    assert_int_equal(res[0].outcome, XY_PUT_NEW);
    assert_int_equal(res[0].new_subject, 1);
    assert_int_equal(res[1].outcome, XY_PUT_NEW);
    assert_int_equal(res[1].new_subject, 1);

    subj = by_ident(f, XY_IDENT_USCC, ORG3);
    assert_string_equal(subj.name, "广州华为电子有限公司");
    assert_int_equal(by_ident(f, XY_IDENT_ORGCODE, ORG3_ZZJGN).id, subj.id);
    recs = records_of(f, subj.id, &n);
    assert_int_equal(n, 1);
    assert_string_equal(recs[0].key, "穗市监罚〔2025〕3号");
    assert_true(found(f, "华为电子", subj.id));
    subj = by_ident(f, XY_IDENT_IDCARD, ID1);
    records_of(f, subj.id, &n);
    assert_int_equal(n, 1);
    assert_int_equal(stats(f).subjects, 3);
    assert_int_equal(stats(f).records, 3);
}

/* ---- subjects ------------------------------------------------------------------------------ */

static void test_subject_by_a_legacy_identifier_is_the_subject_of_its_uscc(void **state)
{
    struct fx *f = *state;
    const char **raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号");
    struct xy_subject by_uscc, by_org, by_reg;
    int has_org = 0, has_reg = 0;

    set(f, raw, "XDR_ZZJG", ORG3_ZZJG);
    set(f, raw, "XDR_GSZC", ORG3_GSZC);
    put_alone(f, "a.csv", rec(f, validate(f, raw)));

    by_uscc = by_ident(f, XY_IDENT_USCC, ORG3);
    by_org = by_ident(f, XY_IDENT_ORGCODE, ORG3_ZZJGN);
    by_reg = by_ident(f, XY_IDENT_REGNO, ORG3_GSZC);
    assert_int_equal(by_org.id, by_uscc.id);
    assert_int_equal(by_reg.id, by_uscc.id);
    assert_string_equal(by_org.code, ORG3);
    for (size_t i = 0; i < by_uscc.nidents; i++) {
        has_org |= by_uscc.idents[i].type == XY_IDENT_ORGCODE &&
                   !strcmp(by_uscc.idents[i].value, ORG3_ZZJGN);
        has_reg |=
            by_uscc.idents[i].type == XY_IDENT_REGNO && !strcmp(by_uscc.idents[i].value, ORG3_GSZC);
    }
    assert_true(has_org);
    assert_true(has_reg);
}

static void test_subject_by_id_number_is_the_person_with_the_number_opened(void **state)
{
    struct fx *f = *state;
    struct xy_put_result res = put_alone(
        f, "p.csv", rec(f, validate(f, person_raw(f, "李小明", ID4, "穗市监罚〔2025〕5号"))));
    struct xy_subject subj;

    assert_int_equal(res.outcome, XY_PUT_NEW);
    assert_int_equal(res.new_subject, 1);
    subj = by_ident(f, XY_IDENT_IDCARD, ID4);
    assert_int_equal(subj.kind, XY_KIND_PERSON);
    assert_int_equal(subj.code_type, XY_IDENT_IDCARD);
    assert_string_equal(subj.code, ID4); /* opened, not "p1:..." */
    assert_string_equal(subj.name, "李小明");
    for (size_t i = 0; i < subj.nidents; i++)
        if (subj.idents[i].type == XY_IDENT_IDCARD)
            assert_string_equal(subj.idents[i].value, ID4);
}

/* Sealed values of the store per place and version, as "subjects:1=1 records:1=1". */
static const char *sealed_counts(struct fx *f)
{
    struct xy_sealed_count *c;
    size_t n;
    struct xy_err err;
    char *out = xy_arena_zalloc(f->a, 256);

    xy_err_clear(&err);
    ok(xy_store_sealed_counts(f->s, f->a, &c, &n, &err), &err);
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), 256 - strlen(out), "%s%s:%d=%lld", i ? " " : "",
                 xy_sealed_place_name(c[i].place), c[i].version, (long long)c[i].n);
    return out;
}

static void test_re_sealing_under_a_new_data_key_keeps_every_number_readable(void **state)
{
    struct fx *f = *state;
    char before[256], after[256], want[64];
    struct xy_subject subj;
    struct xy_record *recs;
    size_t n, changed, total = 0;
    int64_t cursor;
    int more, v = xy_keyring_current(g_keys);
    struct xy_err err;
    struct xy_put_result res;

    xy_err_clear(&err);
    put_alone(f, "p.csv", rec(f, validate(f, person_raw(f, "李小明", ID4, "穗市监罚〔2025〕5号"))));
    put_alone(f, "q.csv", rec(f, validate(f, person_raw(f, "王小红", ID1, "穗市监罚〔2025〕6号"))));
    snprintf(before, sizeof(before), "%s", sealed_counts(f));
    snprintf(want, sizeof(want), "subjects:%d=2 records:%d=2", v, v);
    assert_string_equal(before, want);

    ok(xy_keyring_rotate(g_keys, &v, &err), &err);
    for (int place = 0; place < XY_SEALED_PLACES; place++) {
        cursor = 0;
        do {
            ok(xy_store_begin(f->s, &err), &err);
            ok(xy_store_reseal_chunk(f->s, (enum xy_sealed_place)place, 1, &cursor, &changed, &more,
                                     &err),
               &err);
            ok(xy_store_commit(f->s, &err), &err);
            total += changed;
        } while (more);
    }
    assert_int_equal(total, 4);
    snprintf(after, sizeof(after), "%s", sealed_counts(f));
    snprintf(want, sizeof(want), "subjects:%d=2 records:%d=2", v, v);
    assert_string_equal(after, want);

    subj = by_ident(f, XY_IDENT_IDCARD, ID4);
    assert_string_equal(subj.code, ID4);
    ok(xy_store_subject_records(f->s, subj.id, f->a, &recs, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_string_equal(field_value(&recs[0], "XDR_ZJHM"), ID4);
    /* the content hash does not depend on the data key: the same row is unchanged */
    res = put_alone(f, "p2.csv",
                    rec(f, validate(f, person_raw(f, "李小明", ID4, "穗市监罚〔2025〕5号"))));
    assert_int_equal(res.outcome, XY_PUT_UNCHANGED);
}

static void test_subject_by_an_unknown_identifier_is_not_found(void **state)
{
    struct fx *f = *state;
    struct xy_subject subj;
    struct xy_err err;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号"));
    assert_int_equal(xy_store_subject_by_ident(f->s, XY_IDENT_USCC, ORG2, f->a, &subj, &err),
                     XY_NOT_FOUND);
    assert_int_equal(err.code, XY_NOT_FOUND);
    assert_int_equal(xy_store_subject_by_ident(f->s, XY_IDENT_IDCARD, ID1, f->a, &subj, &err),
                     XY_NOT_FOUND);
    /* a USCC is not an ID number of the same text */
    assert_int_equal(xy_store_subject_by_ident(f->s, XY_IDENT_REGNO, ORG1, f->a, &subj, &err),
                     XY_NOT_FOUND);
}

static void test_a_read_snapshot_does_not_see_rows_committed_after_it_began(void **state)
{
    struct fx *f = *state;
    struct xy_store *reader;
    struct xy_subject subj;
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_open(&f->opts, &reader, &err), &err);
    ok(xy_store_read_begin(reader, &err), &err);
    assert_int_equal(xy_store_subject_by_ident(reader, XY_IDENT_USCC, ORG1, f->a, &subj, &err),
                     XY_NOT_FOUND);
    put_alone(f, "a.csv", org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号"));
    /* still the snapshot of before the put */
    assert_int_equal(xy_store_subject_by_ident(reader, XY_IDENT_USCC, ORG1, f->a, &subj, &err),
                     XY_NOT_FOUND);
    xy_store_read_end(reader);
    ok(xy_store_subject_by_ident(reader, XY_IDENT_USCC, ORG1, f->a, &subj, &err), &err);
    xy_store_close(reader);
}

static void test_subject_search_finds_an_organisation_by_a_part_of_its_name(void **state)
{
    struct fx *f = *state;
    int64_t id, ids[4];

    put_alone(f, "a.csv", org_rec(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号"));
    put_alone(f, "b.csv", org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号"));
    id = by_ident(f, XY_IDENT_USCC, ORG3).id;
    assert_int_equal(search(f, "华为电子", ids, 4), 1);
    assert_int_equal(ids[0], id);
    assert_true(found(f, "广州华为电子有限公司", id));
    assert_int_equal(search(f, "不存在的公司", ids, 4), 0);
}

static void test_subject_search_finds_an_organisation_by_two_characters_of_its_name(void **state)
{
    struct fx *f = *state;
    int64_t id, ids[4];

    put_alone(f, "a.csv", org_rec(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号"));
    put_alone(f, "b.csv", org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号"));
    id = by_ident(f, XY_IDENT_USCC, ORG3).id;
    assert_int_equal(search(f, "华为", ids, 4), 1);
    assert_int_equal(ids[0], id);
    assert_int_equal(search(f, "广州", ids, 4), 2);
}

static void test_subject_search_never_finds_a_natural_person_by_name(void **state)
{
    struct fx *f = *state;
    int64_t ids[4];

    put_alone(f, "p.csv",
              rec(f, validate(f, person_raw(f, "欧阳小明", ID1, "穗市监罚〔2025〕5号"))));
    /* the same person under another name later: still not searchable */
    put_alone(f, "p2.csv",
              rec(f, validate(f, person_raw(f, "欧阳晓明同志", ID1, "穗市监罚〔2025〕6号"))));
    assert_int_equal(stats(f).subjects, 1);
    assert_int_equal(search(f, "欧阳小明", ids, 4), 0);
    assert_int_equal(search(f, "欧阳小", ids, 4), 0);
    assert_int_equal(search(f, "小明", ids, 4), 0);
    assert_int_equal(search(f, "欧阳晓明同志", ids, 4), 0);
    assert_int_equal(search(f, "晓明", ids, 4), 0);
}

static void test_a_renamed_organisation_is_found_under_both_names(void **state)
{
    struct fx *f = *state;
    struct xy_put_result r1, r2;
    int64_t id;

    r1 = put_alone(f, "old.csv", org_rec(f, "广州旧名称科技有限公司", ORG2, "穗市监罚〔2025〕9号"));
    r2 =
        put_alone(f, "new.csv", org_rec(f, "广州新名称科技有限公司", ORG2, "穗市监罚〔2025〕10号"));
    assert_int_equal(r1.new_subject, 1);
    assert_int_equal(r2.outcome, XY_PUT_NEW);
    assert_int_equal(r2.new_subject, 0);
    id = by_ident(f, XY_IDENT_USCC, ORG2).id;
    assert_int_equal(stats(f).subjects, 1);
    assert_true(found(f, "旧名称科技", id));
    assert_true(found(f, "新名称科技", id));
    assert_true(found(f, "旧名", id));
    assert_true(found(f, "新名", id));
}

static void test_a_new_organisation_under_two_names_in_one_batch_is_found_under_both(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "two-names.csv");
    struct xy_record_in r[2];
    struct xy_put_result res[2];
    int64_t id;

    r[0] = org_rec(f, "广州旧名称科技有限公司", ORG2, "穗市监罚〔2025〕9号");
    r[1] = org_rec(f, "广州新名称科技有限公司", ORG2, "穗市监罚〔2025〕10号");
    put_batch(f, sub, r, 2, res);
    assert_int_equal(res[0].new_subject + res[1].new_subject, 1);
    id = by_ident(f, XY_IDENT_USCC, ORG2).id;
    assert_int_equal(stats(f).subjects, 1);
    assert_true(found(f, "旧名称科技", id));
    assert_true(found(f, "新名称科技", id));
    assert_true(found(f, "旧名", id));
    assert_true(found(f, "新名", id));
}

static void
test_a_legacy_identifier_first_given_in_a_later_submission_finds_the_subject(void **state)
{
    struct fx *f = *state;
    const char **raw;
    struct xy_put_result res;
    int64_t id;

    put_alone(f, "a.csv", org_rec(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号"));
    id = by_ident(f, XY_IDENT_USCC, ORG3).id;
    raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕11号");
    set(f, raw, "XDR_ZZJG", ORG3_ZZJG);
    res = put_alone(f, "b.csv", rec(f, validate(f, raw)));
    assert_int_equal(res.outcome, XY_PUT_NEW);
    assert_int_equal(res.new_subject, 0);
    assert_int_equal(by_ident(f, XY_IDENT_ORGCODE, ORG3_ZZJGN).id, id);
}

static void test_subject_records_return_every_value_put_with_its_provenance(void **state)
{
    struct fx *f = *state;
    const char **raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号");
    const struct xy_row *row;
    struct xy_record_in r;
    struct xy_put_result res;
    struct xy_record *recs;
    int64_t sub, batch;
    size_t n, nvalues = 0;

    set(f, raw, "XDR_ZZJG", ORG3_ZZJG);
    set(f, raw, "XDR_GSZC", ORG3_GSZC);
    set(f, raw, "XDR_SWDJ", "440106MA5000022");
    set(f, raw, "FR_ZJLX", "身份证");
    set(f, raw, "FR_ZJHM", ID4);
    set(f, raw, "CF_CFLB", "警告;罚款");
    set(f, raw, "CF_NR_FK", "12.345");
    set(f, raw, "CF_YXQ", "2030-12-31");
    set(f, raw, "BZ", "含\"引号\"、逗号,和反斜杠\\的备注");
    row = validate(f, raw);
    sub = submission(f, "penalties-2025.csv");
    f->line = 41;
    r = rec(f, row);
    batch = put_batch(f, sub, &r, 1, &res);
    assert_int_equal(res.outcome, XY_PUT_NEW);

    recs = records_of(f, by_ident(f, XY_IDENT_USCC, ORG3).id, &n);
    assert_int_equal(n, 1);
    for (size_t i = 0; i < f->item->nfields; i++) {
        const char *code = f->item->fields[i].code, *got = field_value(&recs[0], code);
        if (!row->values[i]) {
            assert_null(got);
            continue;
        }
        nvalues++;
        if (!got)
            fail_msg("field %s (%s) did not come back", code, row->values[i]);
        assert_string_equal(got, row->values[i]);
    }
    assert_int_equal(recs[0].nfields, nvalues);
    assert_string_equal(field_value(&recs[0], "FR_ZJHM"), ID4); /* opened, not "p1:..." */
    assert_string_equal(field_value(&recs[0], "XDR_ZZJG"), ORG3_ZZJGN);
    assert_string_equal(field_value(&recs[0], "CF_JDRQ"), "2025-03-05");

    assert_string_equal(recs[0].item, "xzcf");
    assert_string_equal(recs[0].key, "穗市监罚〔2025〕3号");
    assert_string_equal(recs[0].decision_date, "2025-03-05");
    assert_int_equal(recs[0].version, 1);
    assert_string_equal(recs[0].dept_uscc, DEPT);
    assert_string_equal(recs[0].dept_name, DEPT_NAME);
    assert_string_equal(recs[0].file, "penalties-2025.csv");
    assert_int_equal(recs[0].line, 43);
    assert_int_equal(recs[0].line, r.line);
    assert_int_equal(recs[0].batch_id, batch);
    assert_true(recs[0].received_at > 0);
}

static void test_subject_records_of_a_person_return_the_id_number_opened(void **state)
{
    struct fx *f = *state;
    const struct xy_row *row = validate(f, person_raw(f, "李小明", ID1, "穗市监罚〔2025〕5号"));
    struct xy_record *recs;
    size_t n;

    put_alone(f, "p.csv", rec(f, row));
    recs = records_of(f, by_ident(f, XY_IDENT_IDCARD, ID1).id, &n);
    assert_int_equal(n, 1);
    assert_string_equal(field_value(&recs[0], "XDR_ZJHM"), ID1);
    assert_string_equal(field_value(&recs[0], "XDR_ZJLX"), "身份证");
    assert_string_equal(field_value(&recs[0], "XDR_MC"), "李小明");
}

/* A clerk may write anything in 备注; what comes back is what was submitted. */
static void test_a_text_value_that_looks_like_a_sealed_number_comes_back_as_submitted(void **state)
{
    struct fx *f = *state;
    const char **raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号");
    struct xy_record *recs;
    size_t n;

    /* only ID-number fields are opened on reading, whatever the text of other fields */
    set(f, raw, "BZ", "p1:见附件");
    set(f, raw, "CF_NR", "p1:罚款1.5万元");
    put_alone(f, "a.csv", rec(f, validate(f, raw)));
    recs = records_of(f, by_ident(f, XY_IDENT_USCC, ORG3).id, &n);
    assert_int_equal(n, 1);
    assert_string_equal(field_value(&recs[0], "BZ"), "p1:见附件");
    assert_string_equal(field_value(&recs[0], "CF_NR"), "p1:罚款1.5万元");
}

static void test_subject_records_list_the_newest_decision_first(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "dates.csv");
    const char *dates[] = {"2024-01-10", "2025-06-30", "2023-12-01"};
    const char *wsh[] = {"穗市监罚〔2024〕1号", "穗市监罚〔2025〕1号", "穗市监罚〔2023〕1号"};
    struct xy_record_in r[3];
    struct xy_put_result res[3];
    struct xy_record *recs;
    size_t n;

    for (int i = 0; i < 3; i++) {
        const char **raw = org_raw(f, "广州市天河区测试1科技有限公司", ORG1, wsh[i]);
        set(f, raw, "CF_JDRQ", dates[i]);
        r[i] = rec(f, validate(f, raw));
    }
    put_batch(f, sub, r, 3, res);
    recs = records_of(f, by_ident(f, XY_IDENT_USCC, ORG1).id, &n);
    assert_int_equal(n, 3);
    assert_string_equal(recs[0].decision_date, "2025-06-30");
    assert_string_equal(recs[1].decision_date, "2024-01-10");
    assert_string_equal(recs[2].decision_date, "2023-12-01");
}

static void test_subjects_top_orders_organisations_by_number_of_records(void **state)
{
    struct fx *f = *state;
    int64_t sub = submission(f, "many.csv");
    /* ORG2: 3 records, ORG3: 2, ORG1: 1, the person: 4 */
    struct {
        const char *uscc, *name;
        int n;
    } orgs[] = {{ORG1, "广州一号有限公司", 1},
                {ORG2, "广州二号有限公司", 3},
                {ORG3, "广州三号有限公司", 2}};
    struct xy_record_in r[10];
    struct xy_put_result res[10];
    struct xy_subject *top;
    int64_t *counts;
    struct xy_err err;
    size_t k = 0, n;

    xy_err_clear(&err);
    for (size_t o = 0; o < 3; o++)
        for (int i = 0; i < orgs[o].n; i++)
            r[k++] = org_rec(f, orgs[o].name, orgs[o].uscc,
                             xy_arena_printf(f->a, "穗市监罚〔2025〕%zu-%d号", o, i));
    for (int i = 0; i < 4; i++)
        r[k++] = rec(f, validate(f, person_raw(f, "李小明", ID1,
                                               xy_arena_printf(f->a, "穗市监罚〔2025〕p%d号", i))));
    put_batch(f, sub, r, k, res);
    /* a new version is not a new record */
    {
        const char **raw = org_raw(f, "广州一号有限公司", ORG1, "穗市监罚〔2025〕0-0号");
        set(f, raw, "CF_NR_FK", "5");
        assert_int_equal(put_alone(f, "fix.csv", rec(f, validate(f, raw))).outcome, XY_PUT_VERSION);
    }

    ok(xy_store_subjects_top(f->s, 1, 10, f->a, &top, &counts, &n, &err), &err);
    assert_int_equal(n, 3);
    assert_string_equal(top[0].code, ORG2);
    assert_int_equal(counts[0], 3);
    assert_string_equal(top[1].code, ORG3);
    assert_int_equal(counts[1], 2);
    assert_string_equal(top[2].code, ORG1);
    assert_int_equal(counts[2], 1);

    ok(xy_store_subjects_top(f->s, 0, 2, f->a, &top, &counts, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_int_equal(top[0].kind, XY_KIND_PERSON);
    assert_string_equal(top[0].code, ID1);
    assert_int_equal(counts[0], 4);
    assert_string_equal(top[1].code, ORG2);
}

/* ---- search by two characters and paging --------------------------------------------------- */

static void
test_subject_search_by_two_characters_finds_current_and_former_names_and_never_people(void **state)
{
    struct fx *f = *state;
    int64_t org2, org3, ids[8];

    put_alone(f, "old.csv", org_rec(f, "广州旧名称科技有限公司", ORG2, "穗市监罚〔2025〕9号"));
    put_alone(f, "new.csv", org_rec(f, "广州新名称科技有限公司", ORG2, "穗市监罚〔2025〕10号"));
    put_alone(f, "a.csv", org_rec(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号"));
    put_alone(f, "p.csv",
              rec(f, validate(f, person_raw(f, "欧阳小明", ID1, "穗市监罚〔2025〕5号"))));
    org2 = by_ident(f, XY_IDENT_USCC, ORG2).id;
    org3 = by_ident(f, XY_IDENT_USCC, ORG3).id;

    assert_int_equal(search(f, "旧名", ids, 8), 1); /* only in the name it was first stored under */
    assert_int_equal(ids[0], org2);
    assert_int_equal(search(f, "新名", ids, 8),
                     1); /* only in the name it was later submitted under */
    assert_int_equal(ids[0], org2);
    assert_int_equal(search(f, "称科", ids, 8), 1); /* in both names: listed once */
    assert_int_equal(ids[0], org2);
    assert_int_equal(search(f, "华为", ids, 8), 1);
    assert_int_equal(ids[0], org3);
    assert_int_equal(search(f, "广州", ids, 8), 2);
    assert_int_equal(search(f, "公司", ids, 8), 2);
    assert_int_equal(search(f, "州华", ids, 8), 1);
    assert_int_equal(search(f, "为广", ids, 8), 0); /* characters of a name, not adjacent */
    assert_int_equal(search(f, "小明", ids, 8), 0);
    assert_int_equal(search(f, "欧阳", ids, 8), 0);
    assert_int_equal(search(f, "华 ", ids, 8), 0); /* two characters around a space */

    /* Latin letters match in either case, as they do from three characters on */
    put_alone(f, "c.csv", org_rec(f, "广州ABC科技有限公司", uscc_n(f, 1), "穗市监罚〔2025〕12号"));
    assert_int_equal(search(f, "BC", ids, 8), 1);
    assert_int_equal(ids[0], by_ident(f, XY_IDENT_USCC, uscc_n(f, 1)).id);
    assert_int_equal(search(f, "bc", ids, 8), 1);
    assert_int_equal(search(f, "Bc", ids, 8), 1);
    assert_int_equal(search(f, "C科", ids, 8), 1);
    assert_int_equal(search(f, "abc", ids, 8), 1);
}

/* Pages of every query length (scan, bigrams, trigrams) against one listing of all matches. */
static void test_subject_search_pages_are_disjoint_and_in_a_stable_order(void **state)
{
    struct fx *f = *state;
    const char *queries[] = {"贸", "州", "广州", "贸易有限", "广州乙"};
    const size_t expect[] = {6, 6, 6, 6, 2};
    int64_t sub = submission(f, "many.csv");
    struct xy_record_in r[8];
    struct xy_put_result res[8];

    for (int i = 0; i < 6; i++)
        r[i] = org_rec(f, xy_arena_printf(f->a, "%s甲%d贸易有限公司", i < 4 ? "广州" : "佛山", i),
                       uscc_n(f, i), xy_arena_printf(f->a, "穗市监罚〔2025〕%d号", i));
    put_batch(f, sub, r, 6, res);
    /* submitted under other names later: two of 佛山 under names of 广州 (found by those
     * only), one of 广州 under another name of 广州 (found by both, listed once) */
    sub = submission(f, "renamed.csv");
    r[0] = org_rec(f, "广州乙4贸易有限公司", uscc_n(f, 4), "穗市监罚〔2025〕14号");
    r[1] = org_rec(f, "广州乙5贸易有限公司", uscc_n(f, 5), "穗市监罚〔2025〕15号");
    r[2] = org_rec(f, "广州丙1贸易有限公司", uscc_n(f, 1), "穗市监罚〔2025〕11号");
    put_batch(f, sub, r, 3, res);
    assert_int_equal(stats(f).subjects, 6);

    for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
        int64_t all[16], again[16], page[4], got[16];
        size_t nall = search_page(f, queries[q], 0, all, 16), ngot = 0, n;

        assert_int_equal(nall, expect[q]);
        for (size_t i = 0; i < nall; i++)
            for (size_t j = 0; j < i; j++)
                assert_int_not_equal(all[i], all[j]);
        assert_int_equal(search_page(f, queries[q], 0, again, 16), nall);
        assert_memory_equal(all, again, nall * sizeof(all[0]));
        /* pages of 4, then of 3 from an odd offset: each the matching slice of the whole */
        for (size_t off = 0; off < nall + 4; off += 4) {
            n = search_page(f, queries[q], off, page, 4);
            assert_int_equal(n, off >= nall ? 0 : nall - off < 4 ? nall - off : 4);
            memcpy(got + ngot, page, n * sizeof(page[0]));
            ngot += n;
        }
        assert_int_equal(ngot, nall);
        assert_memory_equal(got, all, nall * sizeof(all[0]));
        for (size_t off = 1; off < nall; off += 3) {
            n = search_page(f, queries[q], off, page, 3);
            assert_int_equal(n, nall - off < 3 ? nall - off : 3);
            assert_memory_equal(page, all + off, n * sizeof(page[0]));
        }
        assert_int_equal(search_page(f, queries[q], 100, page, 4), 0);
    }
}

/* ---- public ids ---------------------------------------------------------------------------- */

static const char *public_id(struct fx *f, int64_t row_id)
{
    char *out = xy_arena_alloc(f->a, 17);
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_public_id(f->s, XY_ID_RECORD, row_id, out, &err), &err);
    return out;
}

static void test_a_public_id_is_16_hex_digits_that_give_the_row_id_back(void **state)
{
    struct fx *f = *state;
    const int64_t samples[] = {1, 2, 3, 1000, 123456789, INT64_MAX - 1, INT64_MAX};
    struct xy_err err;
    int64_t back;

    xy_err_clear(&err);
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        const char *p = public_id(f, samples[i]);
        assert_int_equal(strlen(p), 16);
        assert_int_equal(strspn(p, "0123456789abcdef"), 16);
        ok(xy_store_row_id(f->s, XY_ID_RECORD, p, &back, &err), &err);
        assert_int_equal(back, samples[i]);
    }
    assert_int_equal(xy_store_public_id(f->s, XY_ID_RECORD, 0, (char[17]){0}, &err), XY_INVALID);
    assert_int_equal(xy_store_public_id(f->s, XY_ID_RECORD, -5, (char[17]){0}, &err), XY_INVALID);
}

/* A record's public id must not open the subject of the same row number, or the other way. */
static void test_records_and_subjects_have_separate_id_spaces(void **state)
{
    struct fx *f = *state;
    struct xy_err err;
    char subj[17];
    int64_t back;

    xy_err_clear(&err);
    for (int64_t id = 1; id <= 200; id++) {
        const char *rec = public_id(f, id);
        ok(xy_store_public_id(f->s, XY_ID_SUBJECT, id, subj, &err), &err);
        assert_string_not_equal(rec, subj);
        if (xy_store_row_id(f->s, XY_ID_SUBJECT, rec, &back, &err) == XY_OK)
            assert_true(back != id);
        ok(xy_store_row_id(f->s, XY_ID_SUBJECT, subj, &back, &err), &err);
        assert_int_equal(back, id);
    }
}

/* Consecutive rows must not give away how many there are or which comes next. */
static void test_public_ids_of_consecutive_rows_look_unrelated(void **state)
{
    struct fx *f = *state;
    const char *prev = public_id(f, 1);
    int increasing = 0;

    for (int64_t id = 2; id <= 1000; id++) {
        const char *p = public_id(f, id);
        int same = 0;
        for (int k = 0; k < 16; k++)
            same += p[k] == prev[k];
        /* unrelated texts share a digit in 1 place of 16 on average */
        if (same > 8)
            fail_msg("public ids of rows %lld and %lld share %d digits: %s %s", (long long)id - 1,
                     (long long)id, same, prev, p);
        increasing += strcmp(p, prev) > 0;
        prev = p;
    }
    assert_true(increasing > 350 && increasing < 650);
}

static void test_public_ids_are_kept_by_the_database_and_differ_between_databases(void **state)
{
    struct fx *f = *state, other = {.be = f->be};
    const char *before = public_id(f, 42);
    struct xy_store_opts o;
    struct xy_err err;
    char there[17];

    xy_err_clear(&err);
    xy_store_close(f->s);
    f->s = NULL;
    o = f->opts;
    o.create = 0;
    ok(xy_store_open(&o, &f->s, &err), &err);
    assert_string_equal(public_id(f, 42), before);

    f->be->make(&other, &o);
    ok(xy_store_open(&o, &other.s, &err), &err);
    ok(xy_store_public_id(other.s, XY_ID_RECORD, 42, there, &err), &err);
    xy_store_close(other.s);
    other.be->destroy(&other);
    assert_string_not_equal(there, before);
}

static void test_a_public_id_that_is_not_16_lower_case_hex_digits_is_not_found(void **state)
{
    struct fx *f = *state;
    const char *good = public_id(f, 7);
    char upper[17], junk[17];
    const char *bad[] = {"",
                         "0",
                         "123",
                         "0123456789abcde",
                         "0123456789abcdef0",
                         "zzzzzzzzzzzzzzzz",
                         "0123456789abcdeg",
                         "0123456789abcde ",
                         " 0123456789abcde",
                         "-123456789abcdef",
                         "0x23456789abcdef",
                         upper,
                         xy_arena_printf(f->a, "%s ", good),
                         xy_arena_printf(f->a, "%.15s", good)};
    struct xy_err err;
    int64_t id;
    int found_some = 0, refused_some = 0;

    xy_err_clear(&err);
    for (int k = 0; k < 16; k++)
        upper[k] = (char)(good[k] >= 'a' ? good[k] - 'a' + 'A' : good[k]);
    upper[16] = '\0';
    if (!strcmp(upper, good)) /* only digits: make one a letter */
        upper[0] = 'A';
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        id = -1;
        if (xy_store_row_id(f->s, XY_ID_RECORD, bad[i], &id, &err) != XY_NOT_FOUND)
            fail_msg("\"%s\" was taken for a public id (row %lld)", bad[i], (long long)id);
        assert_int_equal(err.code, XY_NOT_FOUND);
    }
    /* well-formed text: either no row id at all, or one whose public id is that text */
    srand(1);
    for (int i = 0; i < 64; i++) {
        for (int k = 0; k < 16; k++)
            junk[k] = "0123456789abcdef"[rand() % 16];
        junk[16] = '\0';
        if (xy_store_row_id(f->s, XY_ID_RECORD, junk, &id, &err) == XY_OK) {
            assert_true(id > 0);
            assert_string_equal(public_id(f, id), junk);
            found_some = 1;
        } else {
            assert_int_equal(err.code, XY_NOT_FOUND);
            refused_some = 1;
        }
    }
    assert_true(found_some && refused_some);
}

/* ---- records and subjects by id ------------------------------------------------------------ */

static struct xy_record record_get(struct fx *f, int64_t id)
{
    struct xy_record r;
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_record_get(f->s, id, f->a, &r, &err), &err);
    return r;
}

static void
test_record_get_returns_any_version_with_its_subject_and_number_of_versions(void **state)
{
    struct fx *f = *state;
    const char *name = "广州市天河区测试1科技有限公司", *wsh = "穗市监罚〔2025〕1号";
    struct xy_subject subj;
    struct xy_record *recs, r;
    struct xy_err err;
    int64_t v1, v2, pid;
    const char **raw;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, name, ORG1, wsh));
    subj = by_ident(f, XY_IDENT_USCC, ORG1);
    recs = records_of(f, subj.id, &n);
    assert_int_equal(n, 1);
    assert_int_equal(recs[0].subject_id, subj.id);
    v1 = recs[0].id;
    raw = org_raw(f, name, ORG1, wsh);
    set(f, raw, "CF_NR_FK", "2.75");
    assert_int_equal(put_alone(f, "b.csv", rec(f, validate(f, raw))).outcome, XY_PUT_VERSION);
    recs = records_of(f, subj.id, &n);
    v2 = recs[0].id;
    assert_true(v2 != v1);

    r = record_get(f, v1);
    assert_int_equal(r.id, v1);
    assert_int_equal(r.version, 1);
    assert_int_equal(r.nversions, 2);
    assert_string_equal(field_value(&r, "CF_NR_FK"), "1.5");
    assert_string_equal(r.file, "a.csv");
    assert_string_equal(r.key, wsh);
    assert_string_equal(r.item, "xzcf");
    assert_string_equal(r.dept_uscc, DEPT);
    assert_string_equal(r.decision_date, "2025-03-05");
    assert_int_equal(r.subject_id, subj.id);
    assert_non_null(r.subject);
    assert_int_equal(r.subject->id, subj.id);
    assert_string_equal(r.subject->name, name);
    assert_string_equal(r.subject->code, ORG1);
    assert_int_equal(r.subject->code_type, XY_IDENT_USCC);
    assert_int_equal(r.subject->kind, XY_KIND_ENTERPRISE);

    r = record_get(f, v2);
    assert_int_equal(r.version, 2);
    assert_int_equal(r.nversions, 2);
    assert_string_equal(field_value(&r, "CF_NR_FK"), "2.75");
    assert_string_equal(r.file, "b.csv");

    put_alone(f, "p.csv", rec(f, validate(f, person_raw(f, "李小明", ID1, "穗市监罚〔2025〕5号"))));
    pid = by_ident(f, XY_IDENT_IDCARD, ID1).id;
    r = record_get(f, records_of(f, pid, &n)[0].id);
    assert_int_equal(r.nversions, 1);
    assert_int_equal(r.subject->kind, XY_KIND_PERSON);
    assert_string_equal(r.subject->code, ID1); /* opened, not "p1:..." */
    assert_string_equal(field_value(&r, "XDR_ZJHM"), ID1);

    assert_int_equal(xy_store_record_get(f->s, v2 + 1000, f->a, &r, &err), XY_NOT_FOUND);
    assert_int_equal(xy_store_record_get(f->s, 0, f->a, &r, &err), XY_NOT_FOUND);
}

static void test_subject_get_returns_the_subject_with_its_identifiers_or_not_found(void **state)
{
    struct fx *f = *state;
    const char **raw = org_raw(f, "广州华为电子有限公司", ORG3, "穗市监罚〔2025〕3号");
    struct xy_subject by_code, got;
    struct xy_err err;
    int has_org = 0;

    xy_err_clear(&err);
    set(f, raw, "XDR_ZZJG", ORG3_ZZJG);
    put_alone(f, "a.csv", rec(f, validate(f, raw)));
    by_code = by_ident(f, XY_IDENT_USCC, ORG3);
    ok(xy_store_subject_get(f->s, by_code.id, f->a, &got, &err), &err);
    assert_int_equal(got.id, by_code.id);
    assert_string_equal(got.code, ORG3);
    assert_string_equal(got.name, "广州华为电子有限公司");
    for (size_t i = 0; i < got.nidents; i++)
        has_org |=
            got.idents[i].type == XY_IDENT_ORGCODE && !strcmp(got.idents[i].value, ORG3_ZZJGN);
    assert_true(has_org);
    assert_int_equal(xy_store_subject_get(f->s, by_code.id + 1, f->a, &got, &err), XY_NOT_FOUND);
    assert_int_equal(err.code, XY_NOT_FOUND);
}

/* ---- browsing ------------------------------------------------------------------------------ */

static size_t browse(struct fx *f, int64_t dept_id, const char *from, const char *to, size_t offset,
                     size_t limit, struct xy_record **out)
{
    struct xy_browse q = {.item = "xzcf",
                          .dept_id = dept_id,
                          .from = from,
                          .to = to,
                          .offset = offset,
                          .limit = limit};
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    ok(xy_store_records_browse(f->s, &q, f->a, out, &n, &err), &err);
    assert_true(n <= limit);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal((*out)[i].item, "xzcf");
        assert_non_null((*out)[i].subject);
        assert_int_equal((*out)[i].subject->id, (*out)[i].subject_id);
        assert_int_equal((*out)[i].version, (*out)[i].nversions);
    }
    return n;
}

/* The keys of the records, in order, as one string: "k6 k2 k4". */
static const char *keys(struct fx *f, const struct xy_record *r, size_t n)
{
    char *out = xy_arena_strdup(f->a, "");

    for (size_t i = 0; i < n; i++)
        out = xy_arena_printf(f->a, "%s%s%s", out, i ? " " : "", r[i].key);
    return out;
}

static const char **dated(struct fx *f, const char *name, const char *uscc, const char *key,
                          const char *date)
{
    const char **raw = org_raw(f, name, uscc, key);

    set(f, raw, "CF_JDRQ", date);
    return raw;
}

static void
test_records_browse_lists_latest_versions_newest_first_by_department_and_dates(void **state)
{
    struct fx *f = *state;
    const char *items[] = {"xzcf"};
    struct xy_dept d = {0}, b;
    struct xy_record *out;
    struct xy_record_in r[4];
    struct xy_put_result res[4];
    struct xy_browse q = {0};
    struct xy_err err;
    int64_t dept_a = f->dept_id, sub;
    const char **raw;
    size_t n;

    xy_err_clear(&err);
    /* department A: k1..k4, then a correction of k2 */
    sub = submission(f, "a.csv");
    r[0] = rec(f, validate(f, dated(f, "广州一号有限公司", ORG1, "k1", "2025-01-10")));
    r[1] = rec(f, validate(f, dated(f, "广州一号有限公司", ORG1, "k2", "2025-03-05")));
    r[2] = rec(f, validate(f, dated(f, "广州二号有限公司", ORG2, "k3", "2024-12-31")));
    r[3] = rec(f, validate(f, dated(f, "广州三号有限公司", ORG3, "k4", "2025-03-05")));
    put_batch(f, sub, r, 4, res);
    raw = dated(f, "广州一号有限公司", ORG1, "k2", "2025-03-05");
    set(f, raw, "CF_NR_FK", "8");
    assert_int_equal(put_alone(f, "a-fix.csv", rec(f, validate(f, raw))).outcome, XY_PUT_VERSION);
    /* department B: k5, k6 */
    d.uscc = "11440100006960011B";
    d.name = "广州市税务局";
    d.items = items;
    d.nitems = 1;
    ok(xy_store_dept_put(f->s, &d, &err), &err);
    ok(xy_store_dept_get(f->s, d.uscc, f->a, &b, &err), &err);
    f->dept_id = b.id;
    sub = submission(f, "b.csv");
    r[0] = rec(f, validate(f, dated(f, "广州二号有限公司", ORG2, "k5", "2025-02-01")));
    r[1] = rec(f, validate(f, dated(f, "广州三号有限公司", ORG3, "k6", "2025-04-01")));
    r[2] = rec(f, validate(f, dated(f, "广州三号有限公司", ORG3, "k7", "2025-03-05")));
    put_batch(f, sub, r, 3, res);
    f->dept_id = dept_a;

    /* newest decision first; on one date by department (B was registered after A), then the
     * newer row first (k2's correction before k4) */
    n = browse(f, 0, NULL, NULL, 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k6 k7 k2 k4 k5 k1 k3");
    assert_int_equal(out[2].version, 2);
    assert_string_equal(field_value(&out[2], "CF_NR_FK"), "8");
    assert_string_equal(out[2].file, "a-fix.csv");
    assert_string_equal(out[2].subject->code, ORG1);
    assert_string_equal(out[2].subject->name, "广州一号有限公司");
    assert_string_equal(out[0].dept_uscc, "11440100006960011B");
    assert_string_equal(out[0].dept_name, "广州市税务局");
    assert_string_equal(out[2].dept_uscc, DEPT);

    n = browse(f, dept_a, NULL, NULL, 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k2 k4 k1 k3");
    n = browse(f, b.id, NULL, NULL, 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k6 k7 k5");
    /* both ends of the range are included */
    n = browse(f, 0, "2025-01-10", "2025-03-05", 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k7 k2 k4 k5 k1");
    n = browse(f, 0, "2025-02-01", NULL, 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k6 k7 k2 k4 k5");
    n = browse(f, 0, NULL, "2024-12-31", 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k3");
    n = browse(f, b.id, "2025-03-01", "2025-12-31", 0, 100, &out);
    assert_string_equal(keys(f, out, n), "k6 k7");
    n = browse(f, dept_a, "2026-01-01", NULL, 0, 100, &out);
    assert_int_equal(n, 0);

    /* pages */
    n = browse(f, 0, NULL, NULL, 0, 2, &out);
    assert_string_equal(keys(f, out, n), "k6 k7");
    n = browse(f, 0, NULL, NULL, 2, 2, &out);
    assert_string_equal(keys(f, out, n), "k2 k4");
    n = browse(f, 0, NULL, NULL, 4, 2, &out);
    assert_string_equal(keys(f, out, n), "k5 k1");
    n = browse(f, 0, NULL, NULL, 6, 2, &out);
    assert_string_equal(keys(f, out, n), "k3");
    n = browse(f, 0, NULL, NULL, 7, 2, &out);
    assert_int_equal(n, 0);
    n = browse(f, dept_a, NULL, NULL, 1, 2, &out);
    assert_string_equal(keys(f, out, n), "k4 k1");

    /* keyset: after a row, whatever its date ties: k7 (B), k2 and k4 (A) share 2025-03-05 */
    n = browse(f, 0, NULL, NULL, 0, 2, &out); /* k6 k7 */
    q.item = "xzcf";
    q.limit = 3;
    q.before_date = out[1].decision_date;
    q.before_dept = out[1].dept_id;
    q.before_id = out[1].id;
    ok(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), &err);
    assert_string_equal(keys(f, out, n), "k2 k4 k5");
    q.before_date = out[2].decision_date;
    q.before_dept = out[2].dept_id;
    q.before_id = out[2].id;
    q.to = "2025-12-31"; /* a range above the row changes nothing */
    ok(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), &err);
    assert_string_equal(keys(f, out, n), "k1 k3");
    q.to = "2024-06-30"; /* a range below it starts at its own end (k3 is later) */
    ok(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), &err);
    assert_int_equal(n, 0);
    q = (struct xy_browse){0};

    /* one row at a time after the last, across departments and equal dates, is the same list */
    {
        const char *all, *one_by_one = "";
        struct xy_record *whole;
        size_t nw = browse(f, 0, NULL, NULL, 0, 100, &whole);
        all = keys(f, whole, nw);
        q = (struct xy_browse){.item = "xzcf", .limit = 1};
        for (size_t i = 0; i <= nw; i++) {
            ok(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), &err);
            if (n == 0)
                break;
            one_by_one =
                xy_arena_printf(f->a, "%s%s%s", one_by_one, *one_by_one ? " " : "", out[0].key);
            q.before_date = out[0].decision_date;
            q.before_dept = out[0].dept_id;
            q.before_id = out[0].id;
        }
        assert_string_equal(one_by_one, all);
    }
    q = (struct xy_browse){0};

    /* another item has none; a bad date or no item is refused */
    q.item = "xzxk";
    q.limit = 10;
    ok(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), &err);
    assert_int_equal(n, 0);
    q.item = "xzcf";
    q.from = "2025/01/01";
    assert_int_equal(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), XY_INVALID);
    q.from = NULL;
    q.to = "2025-1-1";
    assert_int_equal(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), XY_INVALID);
    q.to = NULL;
    q.item = NULL;
    assert_int_equal(xy_store_records_browse(f->s, &q, f->a, &out, &n, &err), XY_INVALID);
}

/* ---- runner -------------------------------------------------------------------------------- */

/* ---- the batch queue (department batches over HTTP) ---- */

static int64_t queue(struct fx *f, const char *file)
{
    struct xy_batch_row in = {0};
    struct xy_err err;
    int64_t id = 0;

    xy_err_clear(&err);
    in.dept_id = f->dept_id;
    in.item = "xzcf";
    in.file = file;
    in.file_bytes = 123;
    in.submitted_by = "clerk";
    in.upload_path = "/spool/upload-1";
    in.format = "csv";
    in.encoding = "auto";
    ok(xy_store_queue_put(f->s, &in, &id, &err), &err);
    return id;
}

static void test_a_queued_batch_is_taken_once_and_shown_with_its_department(void **state)
{
    struct fx *f = *state;
    struct xy_batch_row next, got;
    struct xy_err err;
    int64_t id = queue(f, "a.csv");

    xy_err_clear(&err);
    ok(xy_store_queue_next(f->s, f->a, &next, &err), &err);
    assert_int_equal(next.id, id);
    assert_string_equal(next.status, "queued");
    assert_string_equal(next.dept_uscc, DEPT);
    assert_string_equal(next.upload_path, "/spool/upload-1");
    ok(xy_store_submission_start(f->s, id, 123, &err), &err);
    /* a second worker finds it no longer queued */
    assert_int_equal(xy_store_submission_start(f->s, id, 123, &err), XY_CONFLICT);
    assert_int_equal(xy_store_queue_next(f->s, f->a, &next, &err), XY_NOT_FOUND);
    ok(xy_store_batch_get(f->s, id, f->a, &got, &err), &err);
    assert_string_equal(got.status, "running");
    assert_string_equal(got.submitted_by, "clerk");
}

static void
test_a_running_batch_goes_back_to_the_queue_after_a_crash_and_fails_with_a_reason(void **state)
{
    struct fx *f = *state;
    struct xy_batch_row got;
    struct xy_err err;
    int64_t id = queue(f, "b.csv"), n = 0;

    xy_err_clear(&err);
    ok(xy_store_submission_start(f->s, id, 123, &err), &err);
    ok(xy_store_queue_recover(f->s, &n, &err), &err);
    assert_int_equal(n, 1);
    ok(xy_store_batch_get(f->s, id, f->a, &got, &err), &err);
    assert_string_equal(got.status, "queued");
    ok(xy_store_submission_error(f->s, id, "文件为空", &err), &err);
    ok(xy_store_batch_get(f->s, id, f->a, &got, &err), &err);
    assert_string_equal(got.status, "failed");
    assert_string_equal(got.error, "文件为空");
    assert_null(got.upload_path);
    assert_int_equal(xy_store_batch_get(f->s, id + 100, f->a, &got, &err), XY_NOT_FOUND);
}

static void test_batches_are_listed_newest_first_and_summed_per_department(void **state)
{
    struct fx *f = *state;
    struct xy_batch_row *rows;
    struct xy_counts c;
    struct xy_err err;
    int64_t first = queue(f, "1.csv"), second = queue(f, "2.csv"), batches = 0;
    size_t n;

    xy_err_clear(&err);
    {
        struct xy_record_in r =
            org_rec(f, "广州市天河区测试1科技有限公司", ORG1, "穗市监罚〔2025〕1号");
        struct xy_counts done = {.rows = 1, .accepted = 1, .new_records = 1, .new_subjects = 1};
        struct xy_put_result res;
        int64_t sub = submission(f, "3.csv");
        r.line = 2;
        put_batch(f, sub, &r, 1, &res);
        ok(xy_store_submission_finish(f->s, sub, &done, "done", &err), &err);
    }
    ok(xy_store_batches_list(f->s, f->dept_id, 0, 10, f->a, &rows, &n, &err), &err);
    assert_int_equal(n, 3);
    assert_true(rows[0].id > second && rows[1].id == second && rows[2].id == first);
    ok(xy_store_batches_list(f->s, f->dept_id, second, 10, f->a, &rows, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, first);
    ok(xy_store_batches_list(f->s, f->dept_id + 1, 0, 10, f->a, &rows, &n, &err), &err);
    assert_int_equal(n, 0);
    ok(xy_store_dept_totals(f->s, f->dept_id, &batches, &c, &err), &err);
    assert_int_equal(batches, 3);
    assert_int_equal(c.rows, 1);
    assert_int_equal(c.new_records, 1);
}

/* ---- remedies: cases, their history, evidence, notifications, record flags ---- */

/* The latest version of the record of key among subject uscc's records. */
static struct xy_record latest(struct fx *f, const char *uscc, const char *key)
{
    size_t n;
    struct xy_record *r = records_of(f, by_ident(f, XY_IDENT_USCC, uscc).id, &n);

    for (size_t i = 0; i < n; i++)
        if (!strcmp(r[i].key, key))
            return r[i];
    fail_msg("no record %s of %s", key, uscc);
    return r[0];
}

/* A case about record_id, filed by account filer (0: the operator). */
static int64_t file_case(struct fx *f, int64_t record_id, const char *kind, const char *state,
                         int64_t filer, int due_day)
{
    struct xy_case c = {0};
    struct xy_err err;

    xy_err_clear(&err);
    c.kind = kind;
    c.record_id = record_id;
    c.ground = !strcmp(kind, "objection") ? "wrong" : NULL;
    c.statement = "处罚决定书文号有误";
    c.filer_user_id = filer;
    c.filer = filer ? xy_arena_printf(f->a, "user%lld", (long long)filer) : "os:ops";
    c.state = state;
    c.state_day = 20400;
    c.clock_day = due_day >= 0 ? 20400 : -1;
    c.due_day = due_day;
    ok(xy_store_case_put(f->s, &c, &err), &err);
    assert_true(c.id > 0);
    return c.id;
}

static struct xy_case case_get(struct fx *f, int64_t id)
{
    struct xy_case c;
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_case_get(f->s, id, f->a, &c, &err), &err);
    return c;
}

/* Set what a step of the service sets. */
static void case_set(struct fx *f, int64_t id, const char *state, int due_day, int disputes,
                     int hides)
{
    struct xy_case c = case_get(f, id);
    struct xy_err err;

    xy_err_clear(&err);
    c.state = state;
    c.due_day = due_day;
    c.disputes = disputes;
    c.hides = hides;
    ok(xy_store_case_update(f->s, &c, &err), &err);
}

static void test_a_case_takes_its_key_subject_and_department_from_its_record(void **state)
{
    struct fx *f = *state;
    struct xy_record r;
    struct xy_case c = {0}, got;
    struct xy_err err;
    int64_t id;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    r = latest(f, ORG1, "k1");
    c.kind = "objection";
    c.record_id = r.id;
    c.key_hash = 42; /* wrong on purpose: the record's own key wins */
    c.subject_id = 4242;
    c.ground = "wrong";
    c.statement = "金额有误";
    c.filer_user_id = 7;
    c.filer = "zhang3";
    c.state = "filed";
    c.state_day = 20400;
    c.clock_day = 20400;
    c.due_day = 20402;
    c.disputes = 1;
    ok(xy_store_case_put(f->s, &c, &err), &err);
    id = c.id;
    assert_int_equal(c.key_hash, xy_store_key_hash(f->dept_id, "xzcf", "k1"));

    got = case_get(f, id);
    assert_int_equal(got.id, id);
    assert_string_equal(got.kind, "objection");
    assert_int_equal(got.record_id, r.id);
    assert_int_equal(got.key_hash, xy_store_key_hash(f->dept_id, "xzcf", "k1"));
    assert_int_equal(got.subject_id, r.subject_id);
    assert_int_equal(got.dept_id, f->dept_id);
    assert_string_equal(got.ground, "wrong");
    assert_string_equal(got.statement, "金额有误");
    assert_null(got.commitment);
    assert_int_equal(got.filer_user_id, 7);
    assert_string_equal(got.filer, "zhang3");
    assert_string_equal(got.state, "filed");
    assert_int_equal(got.state_day, 20400);
    assert_int_equal(got.clock_day, 20400);
    assert_int_equal(got.due_day, 20402);
    assert_int_equal(got.disputes, 1);
    assert_int_equal(got.hides, 0);
    assert_int_equal(got.result_record_id, 0);
    assert_true(got.filed_at > 0 && got.updated_at == got.filed_at);
    assert_string_equal(got.item, "xzcf");
    assert_string_equal(got.dept_uscc, DEPT);
    assert_string_equal(got.dept_name, DEPT_NAME);

    /* an update writes the state and the clocks, nothing else */
    got.state = "corrected";
    got.state_day = 20401;
    got.clock_day = -1;
    got.due_day = -1;
    got.disputes = 0;
    got.hides = 1;
    got.result_record_id = r.id;
    got.updated_at = got.filed_at + 5000;
    got.statement = "changed";
    got.filer = "someone-else";
    ok(xy_store_case_update(f->s, &got, &err), &err);
    got = case_get(f, id);
    assert_string_equal(got.state, "corrected");
    assert_int_equal(got.state_day, 20401);
    assert_int_equal(got.clock_day, -1);
    assert_int_equal(got.due_day, -1);
    assert_int_equal(got.disputes, 0);
    assert_int_equal(got.hides, 1);
    assert_int_equal(got.result_record_id, r.id);
    assert_int_equal(got.updated_at, got.filed_at + 5000);
    assert_string_equal(got.statement, "金额有误");
    assert_string_equal(got.filer, "zhang3");

    /* unknown ids */
    got.id = id + 1;
    assert_int_equal(xy_store_case_update(f->s, &got, &err), XY_NOT_FOUND);
    assert_int_equal(xy_store_case_get(f->s, id + 1, f->a, &got, &err), XY_NOT_FOUND);
    c.id = 0;
    c.record_id = r.id + 100;
    assert_int_equal(xy_store_case_put(f->s, &c, &err), XY_NOT_FOUND);
    /* a case is never deleted */
    assert_int_not_equal(f->be->exec(f, "DELETE FROM cases"), 0);
    assert_string_equal(case_get(f, id).state, "corrected");
}

/* Five cases over four records of two departments and two subjects:
 *   c[0] objection  k1 v1 (ORG1, A)  filer 11  filed     due 100
 *   c[1] repair     k1 v2 (ORG1, A)  filer 12  applied   due 200
 *   c[2] objection  k2    (ORG2, A)  filer 11  accepted  no clock
 *   c[3] removal    k3    (ORG2, B)  operator  removed   no clock
 *   c[4] objection  k2    (ORG2, A)  filer 12  filed     due 50
 * rec[] holds k1 v1, k1 v2, k2, k3 (B). */
static void five_cases(struct fx *f, int64_t c[5], int64_t rec_ids[4], int64_t *dept_b)
{
    const char *items[] = {"xzcf"};
    struct xy_dept d = {0}, b;
    struct xy_err err;
    int64_t dept_a = f->dept_id;
    const char **raw;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    rec_ids[0] = latest(f, ORG1, "k1").id;
    raw = org_raw(f, "广州一号有限公司", ORG1, "k1");
    set(f, raw, "CF_NR_FK", "3");
    assert_int_equal(put_alone(f, "b.csv", rec(f, validate(f, raw))).outcome, XY_PUT_VERSION);
    rec_ids[1] = latest(f, ORG1, "k1").id;
    put_alone(f, "c.csv", org_rec(f, "广州二号有限公司", ORG2, "k2"));
    rec_ids[2] = latest(f, ORG2, "k2").id;
    d.uscc = "11440100006960011B";
    d.name = "广州市中级人民法院";
    d.items = items;
    d.nitems = 1;
    ok(xy_store_dept_put(f->s, &d, &err), &err);
    ok(xy_store_dept_get(f->s, d.uscc, f->a, &b, &err), &err);
    f->dept_id = b.id;
    put_alone(f, "d.csv", org_rec(f, "广州二号有限公司", ORG2, "k3"));
    f->dept_id = dept_a;
    rec_ids[3] = latest(f, ORG2, "k3").id;
    *dept_b = b.id;

    c[0] = file_case(f, rec_ids[0], "objection", "filed", 11, 100);
    c[1] = file_case(f, rec_ids[1], "repair", "applied", 12, 200);
    c[2] = file_case(f, rec_ids[2], "objection", "accepted", 11, -1);
    c[3] = file_case(f, rec_ids[3], "removal", "removed", 0, -1);
    c[4] = file_case(f, rec_ids[2], "objection", "filed", 12, 50);
}

/* The cases f lists, as their indexes in c: "4 2 0". */
static const char *listed(struct fx *f, const struct xy_case_filter *q, const int64_t c[5])
{
    struct xy_case *v;
    struct xy_err err;
    char *out = xy_arena_strdup(f->a, "");
    size_t n;

    xy_err_clear(&err);
    ok(xy_store_case_list(f->s, q, f->a, &v, &n, &err), &err);
    for (size_t i = 0; i < n; i++) {
        int k = -1;
        for (int j = 0; j < 5; j++)
            if (c[j] == v[i].id)
                k = j;
        assert_true(k >= 0);
        out = xy_arena_printf(f->a, "%s%s%d", out, i ? " " : "", k);
    }
    return out;
}

static void test_case_list_applies_every_filter_newest_first(void **state)
{
    struct fx *f = *state;
    int64_t c[5], r[4], dept_b;
    struct xy_case_filter q = {0};

    five_cases(f, c, r, &dept_b);
    assert_string_equal(listed(f, &q, c), "4 3 2 1 0");
    assert_string_equal(listed(f, NULL, c), "4 3 2 1 0");
    q.kind = "objection";
    assert_string_equal(listed(f, &q, c), "4 2 0");
    q = (struct xy_case_filter){.state = "filed"};
    assert_string_equal(listed(f, &q, c), "4 0");
    q = (struct xy_case_filter){.subject_id = by_ident(f, XY_IDENT_USCC, ORG1).id};
    assert_string_equal(listed(f, &q, c), "1 0");
    q = (struct xy_case_filter){.subject_id = by_ident(f, XY_IDENT_USCC, ORG2).id};
    assert_string_equal(listed(f, &q, c), "4 3 2");
    q = (struct xy_case_filter){.dept_id = dept_b};
    assert_string_equal(listed(f, &q, c), "3");
    q = (struct xy_case_filter){.dept_id = f->dept_id};
    assert_string_equal(listed(f, &q, c), "4 2 1 0");
    q = (struct xy_case_filter){.filer_user_id = 11};
    assert_string_equal(listed(f, &q, c), "2 0");
    /* a record means every version of its natural key, whichever version is named */
    q = (struct xy_case_filter){.record_id = r[0]};
    assert_string_equal(listed(f, &q, c), "1 0");
    q = (struct xy_case_filter){.record_id = r[1]};
    assert_string_equal(listed(f, &q, c), "1 0");
    q = (struct xy_case_filter){.record_id = r[2]};
    assert_string_equal(listed(f, &q, c), "4 2");
    q = (struct xy_case_filter){.record_id = r[3] + 100}; /* no such record */
    assert_string_equal(listed(f, &q, c), "");
    q = (struct xy_case_filter){.open_only = 1};
    assert_string_equal(listed(f, &q, c), "4 1 0");
    q = (struct xy_case_filter){.due_before = 150};
    assert_string_equal(listed(f, &q, c), "4 0");
    q = (struct xy_case_filter){.due_before = 50};
    assert_string_equal(listed(f, &q, c), "");
    /* filters combine */
    q = (struct xy_case_filter){.kind = "objection", .open_only = 1};
    assert_string_equal(listed(f, &q, c), "4 0");
    q = (struct xy_case_filter){.record_id = r[2], .filer_user_id = 12};
    assert_string_equal(listed(f, &q, c), "4");
    q = (struct xy_case_filter){.subject_id = by_ident(f, XY_IDENT_USCC, ORG2).id,
                                .kind = "removal"};
    assert_string_equal(listed(f, &q, c), "3");
    q = (struct xy_case_filter){.dept_id = f->dept_id, .state = "filed", .due_before = 60};
    assert_string_equal(listed(f, &q, c), "4");
    q = (struct xy_case_filter){.dept_id = f->dept_id, .due_before = 50}; /* due 50 is not past */
    assert_string_equal(listed(f, &q, c), "");
    /* pages: ids below the last one seen */
    q = (struct xy_case_filter){.limit = 2};
    assert_string_equal(listed(f, &q, c), "4 3");
    q.before_id = c[3];
    assert_string_equal(listed(f, &q, c), "2 1");
    q.before_id = c[1];
    assert_string_equal(listed(f, &q, c), "0");
    q = (struct xy_case_filter){.kind = "objection", .limit = 1, .before_id = c[4]};
    assert_string_equal(listed(f, &q, c), "2");
}

static void test_case_counts_group_by_kind_and_state_with_the_overdue_ones(void **state)
{
    struct fx *f = *state;
    int64_t c[5], r[4], dept_b;
    struct xy_case_filter q = {0};
    struct xy_case_count *v;
    struct xy_err err;
    const char *got = "";
    size_t n;

    xy_err_clear(&err);
    five_cases(f, c, r, &dept_b);
    ok(xy_store_case_count(f->s, &q, 150, &v, &n, f->a, &err), &err);
    for (size_t i = 0; i < n; i++)
        got = xy_arena_printf(f->a, "%s%s/%s=%lld,%lld ", got, v[i].kind, v[i].state,
                              (long long)v[i].n, (long long)v[i].overdue);
    /* due 100 and 50 are past on day 150; due 200 is not; no clock is never overdue */
    assert_string_equal(got, "objection/accepted=1,0 objection/filed=2,2 removal/removed=1,0 "
                             "repair/applied=1,0 ");

    /* on its due day a case is not overdue yet */
    ok(xy_store_case_count(f->s, &q, 100, &v, &n, f->a, &err), &err);
    assert_int_equal(n, 4);
    assert_string_equal(v[1].state, "filed");
    assert_int_equal(v[1].n, 2);
    assert_int_equal(v[1].overdue, 1);

    /* the filter narrows; paging fields do not */
    q.subject_id = by_ident(f, XY_IDENT_USCC, ORG1).id;
    q.limit = 1;
    q.before_id = c[1];
    ok(xy_store_case_count(f->s, &q, 250, &v, &n, f->a, &err), &err);
    got = "";
    for (size_t i = 0; i < n; i++)
        got = xy_arena_printf(f->a, "%s%s/%s=%lld,%lld ", got, v[i].kind, v[i].state,
                              (long long)v[i].n, (long long)v[i].overdue);
    assert_string_equal(got, "objection/filed=1,1 repair/applied=1,1 ");
    q = (struct xy_case_filter){.dept_id = dept_b + 1};
    ok(xy_store_case_count(f->s, &q, 150, &v, &n, f->a, &err), &err);
    assert_int_equal(n, 0);
}

static void test_case_steps_are_numbered_from_one_and_never_change(void **state)
{
    struct fx *f = *state;
    static const char *const events[] = {"file", "accept", "correct"};
    static const char *const to[] = {"filed", "accepted", "corrected"};
    struct xy_case_step st, *v;
    struct xy_err err;
    int64_t id, other;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    id = file_case(f, latest(f, ORG1, "k1").id, "objection", "filed", 11, 100);
    other = file_case(f, latest(f, ORG1, "k1").id, "objection", "filed", 12, 100);
    for (int i = 0; i < 3; i++) {
        st = (struct xy_case_step){.case_id = id,
                                   .at = 1000 + i,
                                   .actor = i ? "reviewer" : "filer",
                                   .login = i ? "li4" : "user11",
                                   .event = events[i],
                                   .from_state = i ? to[i - 1] : NULL,
                                   .to_state = to[i],
                                   .reasons = i == 2 ? "金额按原决定书更正" : NULL,
                                   .due_day = i < 2 ? 100 + i : -1};
        ok(xy_store_case_step_put(f->s, &st, &err), &err);
        assert_int_equal(st.seq, i + 1);
    }
    /* another case counts from one again */
    st = (struct xy_case_step){.case_id = other,
                               .actor = "filer",
                               .login = "user12",
                               .event = "file",
                               .to_state = "filed"};
    ok(xy_store_case_step_put(f->s, &st, &err), &err);
    assert_int_equal(st.seq, 1);
    assert_true(st.at > 0); /* set to now */

    ok(xy_store_case_steps(f->s, id, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(v[i].case_id, id);
        assert_int_equal(v[i].seq, i + 1);
        assert_int_equal(v[i].at, 1000 + i);
        assert_string_equal(v[i].event, events[i]);
        assert_string_equal(v[i].to_state, to[i]);
    }
    assert_null(v[0].from_state);
    assert_string_equal(v[1].from_state, "filed");
    assert_string_equal(v[0].actor, "filer");
    assert_string_equal(v[2].login, "li4");
    assert_null(v[0].reasons);
    assert_string_equal(v[2].reasons, "金额按原决定书更正");
    assert_int_equal(v[1].due_day, 101);
    assert_int_equal(v[2].due_day, -1);

    /* the history is append only, whoever asks */
    assert_int_not_equal(f->be->exec(f, "UPDATE case_steps SET reasons = 'x' WHERE seq = 3"), 0);
    assert_int_not_equal(f->be->exec(f, "DELETE FROM case_steps WHERE seq = 3"), 0);
    assert_int_not_equal(f->be->exec(f, "DELETE FROM case_steps"), 0);
    ok(xy_store_case_steps(f->s, id, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 3);
    assert_string_equal(v[2].reasons, "金额按原决定书更正");

    st.case_id = other + 100;
    assert_int_equal(xy_store_case_step_put(f->s, &st, &err), XY_NOT_FOUND);
    ok(xy_store_case_steps(f->s, other + 100, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 0);
}

static void test_the_same_evidence_file_twice_in_a_case_is_a_conflict(void **state)
{
    struct fx *f = *state;
    const char *sha_a = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    const char *sha_b = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
    struct xy_evidence e = {0}, *v;
    struct xy_err err;
    int64_t id, other;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    id = file_case(f, latest(f, ORG1, "k1").id, "repair", "applied", 11, 100);
    other = file_case(f, latest(f, ORG1, "k1").id, "objection", "filed", 11, 100);
    e.case_id = id;
    e.sha256 = sha_a;
    e.name = "缴款凭证.pdf";
    e.mime = "application/pdf";
    e.bytes = 12345;
    e.added_at = 5000;
    e.added_by = "user11";
    ok(xy_store_evidence_put(f->s, &e, &err), &err);
    e.name = "again.pdf";
    assert_int_equal(xy_store_evidence_put(f->s, &e, &err), XY_CONFLICT);
    e.sha256 = sha_b;
    e.name = "照片.png";
    e.mime = "image/png";
    e.added_at = 6000;
    ok(xy_store_evidence_put(f->s, &e, &err), &err);
    /* the same file in another case is that case's own */
    e.case_id = other;
    e.sha256 = sha_a;
    ok(xy_store_evidence_put(f->s, &e, &err), &err);

    ok(xy_store_evidence_list(f->s, id, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].sha256, sha_a);
    assert_string_equal(v[0].name, "缴款凭证.pdf");
    assert_string_equal(v[0].mime, "application/pdf");
    assert_int_equal(v[0].bytes, 12345);
    assert_int_equal(v[0].added_at, 5000);
    assert_string_equal(v[0].added_by, "user11");
    assert_string_equal(v[1].sha256, sha_b);
    ok(xy_store_evidence_list(f->s, other, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 1);

    e.sha256 = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    assert_int_not_equal(xy_store_evidence_put(f->s, &e, &err), XY_OK);
    e.sha256 = sha_b;
    e.case_id = other + 100;
    assert_int_equal(xy_store_evidence_put(f->s, &e, &err), XY_NOT_FOUND);
}

static int64_t notice(struct fx *f, int64_t user, const char *text)
{
    struct xy_notice nt = {.user_id = user, .text = text};
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_notice_put(f->s, &nt, &err), &err);
    assert_true(nt.id > 0);
    return nt.id;
}

static int64_t unread_of(struct fx *f, int64_t user)
{
    struct xy_notice *v;
    struct xy_err err;
    int64_t unread = -1;
    size_t n;

    xy_err_clear(&err);
    ok(xy_store_notice_list(f->s, user, 0, 10, f->a, &v, &n, &unread, &err), &err);
    return unread;
}

static void test_notices_come_newest_first_and_reading_them_touches_one_account(void **state)
{
    struct fx *f = *state;
    struct xy_notice *v, nt = {0};
    struct xy_err err;
    int64_t n1, n2, n3, unread;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    nt.user_id = 1;
    nt.case_id = file_case(f, latest(f, ORG1, "k1").id, "objection", "filed", 1, 100);
    nt.at = 777;
    nt.text = "您的异议已受理";
    ok(xy_store_notice_put(f->s, &nt, &err), &err);
    n1 = nt.id;
    notice(f, 2, "另一账号的通知");
    n2 = notice(f, 1, "第二条");
    n3 = notice(f, 1, "第三条");

    ok(xy_store_notice_list(f->s, 1, 0, 0, f->a, &v, &n, &unread, &err), &err);
    assert_int_equal(n, 3);
    assert_int_equal(unread, 3);
    assert_true(v[0].id == n3 && v[1].id == n2 && v[2].id == n1);
    assert_int_equal(v[2].case_id, nt.case_id);
    assert_int_equal(v[2].at, 777);
    assert_string_equal(v[2].text, "您的异议已受理");
    assert_int_equal(v[0].case_id, 0);
    assert_int_equal(v[0].read_at, 0);
    /* a short page still counts every unread one */
    ok(xy_store_notice_list(f->s, 1, 0, 1, f->a, &v, &n, &unread, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(unread, 3);

    ok(xy_store_notice_read(f->s, 1, n2, &err), &err);
    assert_int_equal(unread_of(f, 1), 1);
    assert_int_equal(unread_of(f, 2), 1);
    ok(xy_store_notice_list(f->s, 1, 1, 10, f->a, &v, &n, &unread, &err), &err);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, n3);
    ok(xy_store_notice_list(f->s, 1, 0, 10, f->a, &v, &n, &unread, &err), &err);
    assert_int_equal(v[0].read_at, 0);
    assert_true(v[1].read_at > 0 && v[2].read_at > 0);

    /* another account's notices cannot be marked by naming their ids */
    ok(xy_store_notice_read(f->s, 3, 0, &err), &err);
    ok(xy_store_notice_read(f->s, 1, n3 + 100, &err), &err);
    assert_int_equal(unread_of(f, 1), 0);
    assert_int_equal(unread_of(f, 2), 1);
    ok(xy_store_notice_read(f->s, 2, 0, &err), &err);
    assert_int_equal(unread_of(f, 2), 0);
    assert_int_equal(xy_store_notice_read(f->s, 2, -1, &err), XY_INVALID);
}

static void test_record_versions_list_every_version_oldest_first_with_provenance(void **state)
{
    struct fx *f = *state;
    struct xy_record *v, r1, r2;
    struct xy_err err;
    const char **raw;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    r1 = latest(f, ORG1, "k1");
    raw = org_raw(f, "广州一号有限公司", ORG1, "k1");
    set(f, raw, "CF_NR_FK", "2.75");
    assert_int_equal(put_alone(f, "b.csv", rec(f, validate(f, raw))).outcome, XY_PUT_VERSION);
    r2 = latest(f, ORG1, "k1");
    put_alone(f, "c.csv", org_rec(f, "广州一号有限公司", ORG1, "k2"));
    put_alone(f, "p.csv", rec(f, validate(f, person_raw(f, "李小明", ID1, "k9"))));

    /* whichever version is named */
    for (int i = 0; i < 2; i++) {
        ok(xy_store_record_versions(f->s, i ? r2.id : r1.id, f->a, &v, &n, &err), &err);
        assert_int_equal(n, 2);
        assert_int_equal(v[0].id, r1.id);
        assert_int_equal(v[1].id, r2.id);
        assert_int_equal(v[0].version, 1);
        assert_int_equal(v[1].version, 2);
        assert_int_equal(v[0].nversions, 2);
        assert_int_equal(v[1].nversions, 2);
        assert_string_equal(field_value(&v[0], "CF_NR_FK"), "1.5");
        assert_string_equal(field_value(&v[1], "CF_NR_FK"), "2.75");
        assert_string_equal(v[0].file, "a.csv");
        assert_string_equal(v[1].file, "b.csv");
        assert_int_equal(v[1].line, 2);
        assert_true(v[0].received_at > 0 && v[1].received_at >= v[0].received_at);
        assert_string_equal(v[0].key, "k1");
        assert_string_equal(v[1].dept_uscc, DEPT);
        assert_null(v[0].subject);
    }
    ok(xy_store_record_versions(f->s, latest(f, ORG1, "k2").id, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].key, "k2");
    /* sealed values are opened as record_get opens them */
    {
        size_t np;
        int64_t pid = by_ident(f, XY_IDENT_IDCARD, ID1).id;
        ok(xy_store_record_versions(f->s, records_of(f, pid, &np)[0].id, f->a, &v, &n, &err), &err);
        assert_int_equal(n, 1);
        assert_string_equal(field_value(&v[0], "XDR_ZJHM"), ID1);
    }
    assert_int_equal(xy_store_record_versions(f->s, r2.id + 100, f->a, &v, &n, &err), XY_NOT_FOUND);
    assert_int_equal(xy_store_record_versions(f->s, 0, f->a, &v, &n, &err), XY_NOT_FOUND);
}

/* "k1:dh k2:-" - each record's flags as every read shows them: d disputed, h hidden. */
static const char *flags_of(const struct xy_record *r)
{
    static char buf[4];

    snprintf(buf, sizeof(buf), "%s%s%s", r->disputed ? "d" : "", r->hidden ? "h" : "",
             !r->disputed && !r->hidden ? "-" : "");
    return buf;
}

/* The flags of k1 (both versions) and k2 through record_get, subject_records, records_browse
 * and record_versions; every read of one record must agree. */
static const char *flags_everywhere(struct fx *f, int64_t k1v1, int64_t k1v2, int64_t k2)
{
    struct xy_record *v;
    size_t n;
    struct xy_err err;
    char k1[4], k2s[4];

    xy_err_clear(&err);
    snprintf(k1, sizeof(k1), "%s", flags_of((struct xy_record[]){record_get(f, k1v1)}));
    assert_string_equal(flags_of((struct xy_record[]){record_get(f, k1v2)}), k1);
    snprintf(k2s, sizeof(k2s), "%s", flags_of((struct xy_record[]){record_get(f, k2)}));
    v = records_of(f, by_ident(f, XY_IDENT_USCC, ORG1).id, &n);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(flags_of(&v[i]), !strcmp(v[i].key, "k1") ? k1 : k2s);
    n = browse(f, 0, NULL, NULL, 0, 10, &v);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(flags_of(&v[i]), !strcmp(v[i].key, "k1") ? k1 : k2s);
    ok(xy_store_record_versions(f->s, k1v1, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_string_equal(flags_of(&v[0]), k1);
    assert_string_equal(flags_of(&v[1]), k1);
    return xy_arena_printf(f->a, "k1:%s k2:%s", k1, k2s);
}

static void test_a_case_flags_every_version_of_its_record_in_every_read_and_no_other(void **state)
{
    struct fx *f = *state;
    int64_t k1v1, k1v2, k2, c1, c2;
    const char **raw;

    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    k1v1 = latest(f, ORG1, "k1").id;
    put_alone(f, "b.csv", org_rec(f, "广州一号有限公司", ORG1, "k2"));
    k2 = latest(f, ORG1, "k2").id;
    raw = org_raw(f, "广州一号有限公司", ORG1, "k1");
    set(f, raw, "CF_NR_FK", "3");
    assert_int_equal(put_alone(f, "c.csv", rec(f, validate(f, raw))).outcome, XY_PUT_VERSION);
    k1v2 = latest(f, ORG1, "k1").id;
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:- k2:-");

    /* a case filed against the old version still covers the new one */
    c1 = file_case(f, k1v1, "objection", "filed", 11, 100);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:- k2:-");
    case_set(f, c1, "filed", 100, 1, 0);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:d k2:-");
    case_set(f, c1, "accepted", 102, 1, 1);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:dh k2:-");
    /* one case is enough: another closed one does not clear the flags */
    c2 = file_case(f, k1v2, "repair", "withdrawn", 11, -1);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:dh k2:-");
    case_set(f, c1, "corrected", -1, 0, 1);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:h k2:-");
    case_set(f, c1, "upheld", -1, 0, 0);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:- k2:-");
    case_set(f, c2, "granted", -1, 0, 1);
    assert_string_equal(flags_everywhere(f, k1v1, k1v2, k2), "k1:h k2:-");
}

static void test_a_case_whose_key_hash_collides_with_another_record_does_not_flag_it(void **state)
{
    struct fx *f = *state;
    int64_t k1, k2, c;
    char sql[160];
    struct xy_case_filter q = {0};
    struct xy_case *v;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    put_alone(f, "b.csv", org_rec(f, "广州二号有限公司", ORG2, "k2"));
    k1 = latest(f, ORG1, "k1").id;
    k2 = latest(f, ORG2, "k2").id;
    c = file_case(f, k1, "objection", "accepted", 11, 100);
    case_set(f, c, "accepted", 100, 1, 1);
    assert_true(record_get(f, k1).disputed && record_get(f, k1).hidden);
    assert_false(record_get(f, k2).disputed || record_get(f, k2).hidden);

    /* 64-bit hashes of two keys that happen to be equal: made by hand */
    snprintf(sql, sizeof(sql), "UPDATE cases SET key_hash = %lld WHERE id = %lld",
             (long long)xy_store_key_hash(f->dept_id, "xzcf", "k2"), (long long)c);
    assert_int_equal(f->be->exec(f, sql), 0);
    assert_false(record_get(f, k2).disputed);
    assert_false(record_get(f, k2).hidden);
    q.record_id = k2;
    ok(xy_store_case_list(f->s, &q, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 0);
    {
        struct xy_record *r;
        size_t nr;
        r = records_of(f, by_ident(f, XY_IDENT_USCC, ORG2).id, &nr);
        assert_int_equal(nr, 1);
        assert_false(r[0].disputed || r[0].hidden);
        nr = browse(f, 0, NULL, NULL, 0, 10, &r);
        assert_int_equal(nr, 2);
        assert_false(r[0].disputed || r[0].hidden || r[1].disputed || r[1].hidden);
    }
}

/* ---- checks (migration 8) ---- */

static void test_a_check_is_stored_with_its_hits_and_an_id_number_only_in_lookup_form(void **state)
{
    struct fx *f = *state;
    struct xy_check c = {.dept_id = f->dept_id,
                         .scenario = "gov_procurement",
                         .asked_by = "token:abcd1234",
                         .list_version = 42,
                         .subjects = 2,
                         .hits = 1};
    struct xy_check_hit hits[] = {
        {.subject_no = 0,
         .code = ORG1,
         .shown = ORG1,
         .subject_id = 7,
         .record_id = 0,
         .measures = "[]"},
        {.subject_no = 1,
         .code = ID1,
         .code_is_idno = 1,
         .shown = "440106********1005",
         .subject_id = 0,
         .record_id = 0,
         .measures = "[]"},
    };
    struct xy_check got;
    struct xy_check_hit *v;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    hits[0].record_id = latest(f, ORG1, "k1").id;
    hits[0].item = f->item->id;
    hits[0].list_name = "A级纳税人";
    hits[0].measures = "[1,5]";

    /* only inside a write transaction */
    assert_int_equal(xy_store_check_put(f->s, &c, hits, 2, &err), XY_INTERNAL);
    ok(xy_store_begin(f->s, &err), &err);
    ok(xy_store_check_put(f->s, &c, hits, 2, &err), &err);
    ok(xy_store_commit(f->s, &err), &err);
    assert_true(c.id > 0);
    assert_true(c.asked_at > 0); /* set to now */
    assert_int_equal(hits[0].seq, 1);
    assert_int_equal(hits[1].seq, 2);

    ok(xy_store_check_get(f->s, c.id, f->a, &got, &v, &n, &err), &err);
    assert_int_equal(got.id, c.id);
    assert_int_equal(got.dept_id, f->dept_id);
    assert_string_equal(got.scenario, "gov_procurement");
    assert_string_equal(got.asked_by, "token:abcd1234");
    assert_int_equal(got.asked_at, c.asked_at);
    assert_int_equal(got.list_version, 42);
    assert_int_equal(got.subjects, 2);
    assert_int_equal(got.hits, 1);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].seq, 1);
    assert_string_equal(v[0].code, ORG1);
    assert_int_equal(v[0].subject_id, 7);
    assert_int_equal(v[0].record_id, hits[0].record_id);
    assert_string_equal(v[0].item, f->item->id);
    assert_string_equal(v[0].list_name, "A级纳税人");
    assert_string_equal(v[0].measures, "[1,5]");
    assert_int_equal(v[1].subject_no, 1);
    assert_null(v[1].item);
    assert_int_equal(v[1].record_id, 0);
    /* the number never in the clear: its keyed lookup form, and the masked form as answered */
    assert_true(v[1].code_is_idno);
    assert_int_equal(strncmp(v[1].code, "h1:", 3), 0);
    assert_null(strstr(v[1].code, ID1));
    assert_string_equal(v[1].shown, "440106********1005");

    /* append only, whoever asks */
    assert_int_not_equal(f->be->exec(f, "UPDATE checks SET hits = 0"), 0);
    assert_int_not_equal(f->be->exec(f, "DELETE FROM checks"), 0);
    assert_int_not_equal(f->be->exec(f, "UPDATE check_hits SET measures = '[]'"), 0);
    assert_int_not_equal(f->be->exec(f, "DELETE FROM check_hits"), 0);
    ok(xy_store_check_get(f->s, c.id, f->a, &got, &v, &n, &err), &err);
    assert_int_equal(n, 2);

    assert_int_equal(xy_store_check_get(f->s, c.id + 1, f->a, &got, &v, &n, &err), XY_NOT_FOUND);
    assert_int_equal(xy_store_check_get(f->s, 0, f->a, &got, &v, &n, &err), XY_NOT_FOUND);
}

static void test_the_list_version_is_the_newest_record_of_the_items_asked(void **state)
{
    struct fx *f = *state;
    const char *items[] = {"no_such_item", NULL};
    struct xy_err err;
    int64_t v, first;

    xy_err_clear(&err);
    ok(xy_store_list_version(f->s, (const char *const *)items, 1, &v, &err), &err);
    assert_int_equal(v, 0);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    first = latest(f, ORG1, "k1").id;
    items[1] = f->item->id;
    ok(xy_store_list_version(f->s, (const char *const *)items, 2, &v, &err), &err);
    assert_int_equal(v, first);
    ok(xy_store_list_version(f->s, (const char *const *)items, 1, &v, &err), &err);
    assert_int_equal(v, 0);
    /* a later entry raises it */
    put_alone(f, "b.csv", org_rec(f, "广州一号有限公司", ORG1, "k2"));
    ok(xy_store_list_version(f->s, (const char *const *)items, 2, &v, &err), &err);
    assert_int_equal(v, latest(f, ORG1, "k2").id);
    assert_true(v > first);
}

/* ---- reports (migration 11) ---- */

static struct xy_report_row report_row(int64_t subject_id, const char *number)
{
    return (struct xy_report_row){.number = number,
                                  .code_mac = "ab12",
                                  .subject_id = subject_id,
                                  .scope = "scoped",
                                  .domains = "market;tax",
                                  .period_from = "2023-11-26",
                                  .period_to = "2026-11-26",
                                  .audience = "public",
                                  .issued_at = 1795658400000,
                                  .issued_by = "anonymous",
                                  .content = "{\"format\":\"xinyong-report/1\"}",
                                  .content_sm3 = "c0ffee",
                                  .signature = "c2lnbmF0dXJl",
                                  .key_sm3 = "beef",
                                  .pdf_sm3 = "feed",
                                  .pdf_bytes = 12345};
}

static void test_a_report_is_kept_under_its_number_and_a_number_is_taken_once(void **state)
{
    struct fx *f = *state;
    struct xy_report_row r, got;
    struct xy_err err;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    r = report_row(by_ident(f, XY_IDENT_USCC, ORG1).id, "XYBG2026112612345678");
    ok(xy_store_report_put(f->s, &r, &err), &err);
    assert_true(r.id > 0);
    ok(xy_store_report_get(f->s, "XYBG2026112612345678", f->a, &got, &err), &err);
    assert_int_equal(got.id, r.id);
    assert_int_equal(got.subject_id, r.subject_id);
    assert_string_equal(got.scope, "scoped");
    assert_string_equal(got.domains, "market;tax");
    assert_string_equal(got.period_to, "2026-11-26");
    assert_string_equal(got.audience, "public");
    assert_int_equal(got.issued_at, 1795658400000);
    assert_string_equal(got.content, r.content);
    assert_string_equal(got.signature, "c2lnbmF0dXJl");
    assert_string_equal(got.pdf_sm3, "feed");
    assert_int_equal(got.pdf_bytes, 12345);
    assert_int_equal(got.grant_id, 0);
    /* the same number again is a conflict (the service draws another), nothing changes */
    r.content = "{}";
    assert_int_equal(xy_store_report_put(f->s, &r, &err), XY_CONFLICT);
    ok(xy_store_report_get(f->s, "XYBG2026112612345678", f->a, &got, &err), &err);
    assert_string_equal(got.content, "{\"format\":\"xinyong-report/1\"}");
    assert_int_equal(xy_store_report_get(f->s, "XYBG2026112600000000", f->a, &got, &err),
                     XY_NOT_FOUND);
}

static int64_t agency_user(struct fx *f, const char *login)
{
    struct xy_user u = {.login = login,
                        .display_name = "测试机构",
                        .role = "agency",
                        .pw_hash = "pbkdf2-sm3$1$00$00",
                        .status = "active"};
    struct xy_err err;

    xy_err_clear(&err);
    ok(xy_store_user_put(f->s, &u, &err), &err);
    return u.id;
}

static void test_an_authorisation_is_in_force_until_its_last_day_or_its_revocation(void **state)
{
    struct fx *f = *state;
    struct xy_grant_row g = {0}, g2 = {0}, *v;
    int64_t subject, agency, other, id;
    struct xy_err err;
    size_t n;

    xy_err_clear(&err);
    put_alone(f, "a.csv", org_rec(f, "广州一号有限公司", ORG1, "k1"));
    subject = by_ident(f, XY_IDENT_USCC, ORG1).id;
    agency = agency_user(f, "agency-a");
    other = agency_user(f, "agency-b");
    g.subject_id = subject;
    g.grantee_user_id = agency;
    g.purpose = "办理个人住房贷款审查";
    g.expires_on = "2026-12-31";
    ok(xy_store_grant_put(f->s, &g, &err), &err);
    assert_true(g.id > 0 && g.granted_at > 0);
    ok(xy_store_grant_live(f->s, subject, agency, "2026-12-31", &id, &err), &err);
    assert_int_equal(id, g.id);
    /* the day after its last day, for another account, for another subject: none */
    assert_int_equal(xy_store_grant_live(f->s, subject, agency, "2027-01-01", &id, &err),
                     XY_NOT_FOUND);
    assert_int_equal(xy_store_grant_live(f->s, subject, other, "2026-12-01", &id, &err),
                     XY_NOT_FOUND);
    assert_int_equal(xy_store_grant_live(f->s, subject + 1000, agency, "2026-12-01", &id, &err),
                     XY_NOT_FOUND);
    /* a second one is listed first; revoking the first leaves the second in force */
    g2 = g;
    g2.id = 0;
    g2.granted_at = 0;
    g2.expires_on = "2027-06-30";
    ok(xy_store_grant_put(f->s, &g2, &err), &err);
    ok(xy_store_grant_list(f->s, subject, f->a, &v, &n, &err), &err);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, g2.id);
    assert_string_equal(v[0].grantee_login, "agency-a");
    assert_string_equal(v[0].grantee_name, "测试机构");
    ok(xy_store_grant_revoke(f->s, g2.id, subject, 1795658400000, &err), &err);
    assert_int_equal(xy_store_grant_revoke(f->s, g2.id, subject, 1795658400001, &err), XY_CONFLICT);
    /* only its subject revokes it */
    assert_int_equal(xy_store_grant_revoke(f->s, g.id, subject + 1000, 1, &err), XY_NOT_FOUND);
    ok(xy_store_grant_live(f->s, subject, agency, "2026-12-01", &id, &err), &err);
    assert_int_equal(id, g.id);
    ok(xy_store_grant_list(f->s, subject, f->a, &v, &n, &err), &err);
    assert_int_equal(v[0].revoked_at, 1795658400000);
    assert_int_equal(v[1].revoked_at, 0);
}

int main(void)
{
    struct xy_err err;
    int failed = 0;

    xy_err_clear(&err);
    if (xy_catalog_load_dir(XY_TEST_CATALOG_DIR, &g_cat, &err) != XY_OK) {
        fprintf(stderr, "cannot load the catalogue: %s\n", err.msg);
        return 1;
    }
    {
        char path[96];
        const char *tmp = getenv("TMPDIR");
        snprintf(g_keys_dir, sizeof(g_keys_dir), "%s/xy_store_keys.XXXXXX",
                 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
        snprintf(path, sizeof(path), "%s/t.keys", mkdtemp(g_keys_dir));
        if (xy_keyring_create(path, &err) != XY_OK || xy_keyring_load(path, &g_keys, &err)) {
            fprintf(stderr, "cannot make a key file: %s\n", err.msg);
            return 1;
        }
    }
    for (size_t b = 0; b < sizeof(backends) / sizeof(backends[0]); b++) {
        void *be = (void *)&backends[b];
#define T(fn) cmocka_unit_test_prestate_setup_teardown(fn, setup, teardown, be)
        const struct CMUnitTest tests[] = {
            T(test_department_put_then_get_returns_its_code_name_and_items),
            T(test_a_queued_batch_is_taken_once_and_shown_with_its_department),
            T(test_a_running_batch_goes_back_to_the_queue_after_a_crash_and_fails_with_a_reason),
            T(test_batches_are_listed_newest_first_and_summed_per_department),
            T(test_department_get_of_an_unknown_code_is_not_found),
            T(test_department_list_returns_departments_in_registration_order),
            T(test_department_put_again_updates_its_name_and_items_and_keeps_its_id),
            T(test_uscc_allow_list_returns_every_code_put_with_its_latest_reason),
            T(test_first_put_of_a_row_is_new_and_creates_its_subject),
            T(test_the_same_row_in_a_later_submission_is_unchanged_and_adds_nothing),
            T(test_a_changed_value_in_a_later_submission_is_a_new_version_keeping_the_old),
            T(test_the_same_key_twice_in_one_submission_is_a_duplicate_naming_the_first_line),
            T(test_the_same_key_twice_in_one_submission_is_a_duplicate_across_its_batches),
            T(test_the_same_key_twice_in_a_resubmission_is_a_duplicate_even_when_unchanged),
            T(test_two_rows_of_one_batch_about_a_new_subject_create_one_subject),
            T(test_a_known_subject_in_a_later_submission_is_not_created_again),
            T(test_rows_put_then_rolled_back_leave_no_subject_and_no_record),
            T(test_a_put_after_a_rollback_stores_the_rows_again),
            T(test_subject_by_a_legacy_identifier_is_the_subject_of_its_uscc),
            T(test_subject_by_id_number_is_the_person_with_the_number_opened),
            T(test_subject_by_an_unknown_identifier_is_not_found),
            T(test_a_read_snapshot_does_not_see_rows_committed_after_it_began),
            T(test_subject_search_finds_an_organisation_by_a_part_of_its_name),
            T(test_subject_search_finds_an_organisation_by_two_characters_of_its_name),
            T(test_subject_search_never_finds_a_natural_person_by_name),
            T(test_a_renamed_organisation_is_found_under_both_names),
            T(test_a_new_organisation_under_two_names_in_one_batch_is_found_under_both),
            T(test_a_legacy_identifier_first_given_in_a_later_submission_finds_the_subject),
            T(test_subject_records_return_every_value_put_with_its_provenance),
            T(test_subject_records_of_a_person_return_the_id_number_opened),
            T(test_a_text_value_that_looks_like_a_sealed_number_comes_back_as_submitted),
            T(test_subject_records_list_the_newest_decision_first),
            T(test_subjects_top_orders_organisations_by_number_of_records),
            T(test_subject_search_by_two_characters_finds_current_and_former_names_and_never_people),
            T(test_subject_search_pages_are_disjoint_and_in_a_stable_order),
            T(test_a_public_id_is_16_hex_digits_that_give_the_row_id_back),
            T(test_public_ids_of_consecutive_rows_look_unrelated),
            T(test_records_and_subjects_have_separate_id_spaces),
            T(test_public_ids_are_kept_by_the_database_and_differ_between_databases),
            T(test_a_public_id_that_is_not_16_lower_case_hex_digits_is_not_found),
            T(test_record_get_returns_any_version_with_its_subject_and_number_of_versions),
            T(test_subject_get_returns_the_subject_with_its_identifiers_or_not_found),
            T(test_re_sealing_under_a_new_data_key_keeps_every_number_readable),
            T(test_records_browse_lists_latest_versions_newest_first_by_department_and_dates),
            T(test_a_case_takes_its_key_subject_and_department_from_its_record),
            T(test_case_list_applies_every_filter_newest_first),
            T(test_case_counts_group_by_kind_and_state_with_the_overdue_ones),
            T(test_case_steps_are_numbered_from_one_and_never_change),
            T(test_the_same_evidence_file_twice_in_a_case_is_a_conflict),
            T(test_notices_come_newest_first_and_reading_them_touches_one_account),
            T(test_record_versions_list_every_version_oldest_first_with_provenance),
            T(test_a_case_flags_every_version_of_its_record_in_every_read_and_no_other),
            T(test_a_case_whose_key_hash_collides_with_another_record_does_not_flag_it),
            T(test_a_check_is_stored_with_its_hits_and_an_id_number_only_in_lookup_form),
            T(test_the_list_version_is_the_newest_record_of_the_items_asked),
            T(test_a_report_is_kept_under_its_number_and_a_number_is_taken_once),
            T(test_an_authorisation_is_in_force_until_its_last_day_or_its_revocation),
        };
#undef T
        failed += _cmocka_run_group_tests(backends[b].name, tests, sizeof(tests) / sizeof(tests[0]),
                                          NULL, NULL);
    }
    xy_catalog_free(g_cat);
    {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_keys_dir);
        if (system(cmd) != 0)
            failed++;
    }
    xy_keyring_free(g_keys);
    return failed ? 1 : 0;
}
