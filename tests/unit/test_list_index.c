/* test_list_index.c - the list index and the checks that use it (service/list_index.h,
 * service/checks.h), against a real SQLite store in a temporary folder
 *
 * The store is filled through the ingest service as the operator (`xinyong ingest`): a
 * 失信被执行人 list with organisations, a 个体工商户 named after its owner and a natural person,
 * and a 行政处罚 record that is no list at all.
 */
#include "helpers.h"

#include <pthread.h>
#include <unistd.h>

#include "base/config.h"
#include "domain/mask.h"
#include "service/checks.h"
#include "service/dept.h"
#include "service/ingest.h"
#include "service/list_index.h"

#define SX_HEAD "XDR_MC,XDR_LB,XDR_SHXYM,XDR_ZJLX,XDR_ZJHM,FRDB,AH,ZXFY,ZXYJWH,YW,LXQK,SXQX,FBSJ\n"

static char dir[64];
static struct xy_config cfg;
static struct xy_ctx ctx;
static struct xy_principal op;
static char dept[19], org_a[19], org_b[19], org_c[19], shop[19], org_late[19];
static const char idno[] = "11010519491231002X"; /* valid (test_codes.c) */

/* A valid 统一社会信用代码 with prefix (8 characters) and a serial of 9 characters whose last
 * is the organisation code's check character. */
static void make_uscc(char out[19], const char *prefix, const char *org8)
{
    char first[18];

    snprintf(first, sizeof(first), "%s%s%c", prefix, org8, t_orgcode_check(org8));
    memcpy(out, first, 17);
    out[17] = t_uscc_check(first);
    out[18] = '\0';
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void ingest(const char *item, const char *name, const char *text)
{
    struct xy_ingest_opts o = {0};
    struct xy_ingest_result res;
    struct xy_err err = {0};
    char path[128];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    write_file(path, text);
    o.dept = dept;
    o.item = item;
    o.path = path;
    if (xy_ingest_file(&ctx, &o, &res, &err) != XY_OK)
        fail_msg("ingest %s: %s (%s)", name, err.msg, err.detail);
    if (res.c.rejected)
        fail_msg("ingest %s: %lld rows rejected, see %s", name, (long long)res.c.rejected,
                 res.report);
}

static const char *sx_row(struct xy_arena *a, const char *name, const char *kind, const char *uscc,
                          const char *idn, const char *case_no)
{
    return xy_arena_printf(a,
                           "%s,%s,%s,%s,%s,%s,%s,广州市中级人民法院,（2025）粤01民初1号,"
                           "支付货款,全部未履行,拒不履行,2026/01/10\n",
                           name, kind, uscc ? uscc : "", idn ? "身份证" : "", idn ? idn : "",
                           strcmp(kind, "法人及非法人组织") ? "" : "张三", case_no);
}

static int setup(void **state)
{
    struct xy_err err = {0};
    struct xy_arena *a = xy_arena_new();
    char db[96];
    const char *text;

    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/xy_list_index.XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(db, sizeof(db), "%s/t.db", dir);
    if (xy_config_load(&cfg, NULL, &err) != XY_OK)
        return -1;
    xy_config_set(&cfg, "db", db, NULL);
    xy_config_set(&cfg, "catalog_dir", XY_TEST_CATALOG_DIR, NULL);
    xy_config_set(&cfg, "calendar_dir", XY_TEST_CALENDAR_DIR, NULL);
    xy_config_set(&cfg, "publicity_rules", XY_TEST_RULES_FILE, NULL);
    xy_config_set(&cfg, "measures_file", XY_TEST_MEASURES_DIR "/measures.csv", NULL);
    xy_config_set(&cfg, "scenarios_file", XY_TEST_MEASURES_DIR "/scenarios.ini", NULL);
    if (xy_ctx_open(&ctx, &cfg, XY_CTX_STORE | XY_CTX_CREATE, &err) != XY_OK) {
        fprintf(stderr, "ctx: %s (%s)\n", err.msg, err.detail);
        return -1;
    }
    xy_principal_operator(&op, "test");
    ctx.who = &op;
    make_uscc(dept, "11440100", "MB2C9900");
    make_uscc(org_a, "91440101", "LJ000001");
    make_uscc(org_b, "91440101", "LJ000002");
    make_uscc(org_c, "91440101", "LJ000003");
    make_uscc(shop, "92440101", "LJ000004");
    make_uscc(org_late, "91440101", "LJ000005");
    if (xy_dept_add(&ctx, dept, "广州市中级人民法院", "sxbzxr;xzcf", a, &err) != XY_OK) {
        fprintf(stderr, "dept: %s\n", err.msg);
        return -1;
    }
    text = xy_arena_printf(
        a, "%s%s%s%s%s", SX_HEAD,
        sx_row(a, "广州索引甲贸易有限公司", "法人及非法人组织", org_a, NULL, "（2026）粤01执1号"),
        sx_row(a, "广州索引第一建筑工程有限公司", "法人及非法人组织", org_b, NULL,
               "（2026）粤01执2号"),
        sx_row(a, "王大明", "个体工商户", shop, NULL, "（2026）粤01执3号"),
        sx_row(a, "李四光", "自然人", NULL, idno, "（2026）粤01执4号"));
    ingest("sxbzxr", "sx.csv", text);
    xy_arena_free(a);
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];

    (void)state;
    xy_ctx_close(&ctx);
    xy_config_release(&cfg);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int64_t list_version(void)
{
    static const char *const items[] = {"sxbzxr", "hmd",    "jyyc",  "nsxy",
                                        "yzsx",   "yzwfsx", "zdsswf"};
    struct xy_err err = {0};
    int64_t v;

    assert_int_equal(xy_store_list_version(ctx.store, items, 7, &v, &err), XY_OK);
    return v;
}

static void refresh(void)
{
    struct xy_err err = {0};

    if (xy_list_index_refresh(ctx.lists, &ctx, list_version(), 1, &err) != XY_OK)
        fail_msg("refresh: %s (%s)", err.msg, err.detail);
}

static int has(enum xy_ident_type type, const char *code)
{
    struct xy_arena *a = xy_arena_new();
    int r = xy_list_index_has_code(ctx.lists, type, xy_store_ident_lookup(ctx.keys, type, code, a));
    xy_arena_free(a);
    return r;
}

/* The listed subjects the name finds: how many, and the best one's score and name. */
static size_t by_name(const char *name, int *score, const char **matched, struct xy_arena *a)
{
    struct xy_list_name_hit *v;
    struct xy_name_key q;
    struct xy_err err = {0};
    size_t n;

    if (xy_list_index_key(ctx.lists, name, a, &q, &err) != XY_OK)
        fail_msg("key of %s: %s", name, err.msg);
    xy_list_index_names(ctx.lists, &q, 10, a, &v, &n);
    *score = n ? v[0].score : 0;
    *matched = n ? v[0].matched_name : NULL;
    return n;
}

static void test_codes_come_without_keying_any_name(void **state)
{
    struct xy_list_index_stats st;
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_list_index_refresh(ctx.lists, &ctx, list_version(), 0, &err), XY_OK);
    xy_list_index_stats(ctx.lists, &st);
    assert_int_equal(st.version, list_version());
    assert_int_equal(st.names_version, 0);
    assert_int_equal(st.names, 0);
    assert_true(st.codes >= 4);
    assert_true(has(XY_IDENT_USCC, org_a));
}

static void test_listed_codes_are_known_and_others_are_not(void **state)
{
    (void)state;
    refresh();
    assert_int_equal(xy_list_index_version(ctx.lists), list_version());
    assert_true(has(XY_IDENT_USCC, org_a));
    assert_true(has(XY_IDENT_USCC, shop));
    /* a person is found by the lookup form of the ID number: the index never holds the number */
    assert_true(has(XY_IDENT_IDCARD, idno));
    assert_false(has(XY_IDENT_USCC, org_c));
    assert_false(has(XY_IDENT_USCC, dept));
    /* the same value as another type of code is another code */
    assert_false(has(XY_IDENT_REGNO, org_a));
}

static void test_names_match_across_width_script_and_suffix(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *m;
    int score;

    (void)state;
    refresh();
    assert_int_equal(by_name("广州索引甲贸易有限公司", &score, &m, a), 1);
    assert_int_equal(score, 100);
    assert_string_equal(m, "广州索引甲贸易有限公司");
    assert_int_equal(by_name("廣州索引甲貿易有限公司", &score, &m, a), 1);
    assert_int_equal(score, 100);
    assert_int_equal(by_name("广州索引甲贸易有限责任公司", &score, &m, a), 1);
    assert_int_equal(score, 98);
    assert_int_equal(by_name("广州索引第1建筑工程有限公司", &score, &m, a), 1);
    assert_string_equal(m, "广州索引第一建筑工程有限公司");
    /* a branch is not its head office; another number is another company */
    assert_int_equal(by_name("广州索引甲贸易有限公司天河分公司", &score, &m, a), 0);
    assert_int_equal(by_name("广州索引第二建筑工程有限公司", &score, &m, a), 0);
    assert_int_equal(by_name("广州索引乙贸易有限公司", &score, &m, a), 0);
    xy_arena_free(a);
}

static void test_persons_and_businesses_named_after_their_owner_are_never_filed(void **state)
{
    struct xy_list_index_stats st;
    struct xy_arena *a = xy_arena_new();
    const char *m;
    int score;

    (void)state;
    refresh();
    xy_list_index_stats(ctx.lists, &st);
    /* 甲贸易 and 第一建筑: the person 李四光 and the 个体工商户 王大明 are not there */
    assert_int_equal(st.names, 2);
    assert_int_equal(by_name("王大明", &score, &m, a), 0);
    assert_int_equal(by_name("李四光", &score, &m, a), 0);
    assert_true(st.bytes > 0);
    xy_arena_free(a);
}

static void test_person_names_are_recognised(void **state)
{
    (void)state;
    assert_true(xy_mask_is_person_name("王大明"));
    assert_true(xy_mask_is_person_name(" 欧阳娜娜 "));
    assert_true(xy_mask_is_person_name("阿卜杜·热合曼"));
    assert_false(xy_mask_is_person_name("王大明店"));
    assert_false(xy_mask_is_person_name("王记五金经营部"));
    assert_false(xy_mask_is_person_name("华为"
                                        "技术有限公司"));
    assert_false(xy_mask_is_person_name("王"));
    assert_false(xy_mask_is_person_name("Wang Daming"));
    assert_false(xy_mask_is_person_name(""));
    assert_false(xy_mask_is_person_name(NULL));
}

static void test_a_different_core_never_reaches_the_hit_score(void **state)
{
    /* the index compares cores before it scores: that holds only while names.c scores a
     * differing core below XY_NAME_SCORE_HIT whatever else agrees */
    struct xy_arena *a = xy_arena_new();
    struct xy_name_key q, c;
    struct xy_name_match m;
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_list_index_key(ctx.lists, "广州市华兴贸易有限公司", a, &q, &err), XY_OK);
    assert_int_equal(xy_list_index_key(ctx.lists, "广州市华星贸易有限公司", a, &c, &err), XY_OK);
    xy_name_match(&q, &c, &m);
    assert_true(m.score < XY_NAME_SCORE_HIT);
    assert_int_equal(xy_list_index_key(ctx.lists, "广州市华兴贸易有限公", a, &c, &err), XY_OK);
    xy_name_match(&q, &c, &m);
    assert_true(m.score < XY_NAME_SCORE_HIT);
    xy_arena_free(a);
}

static void test_a_refresh_adds_only_what_landed_since(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_list_index_stats before, after, again;
    int64_t v0;

    (void)state;
    refresh();
    v0 = xy_list_index_version(ctx.lists);
    xy_list_index_stats(ctx.lists, &before);
    ingest("sxbzxr", "sx2.csv",
           xy_arena_printf(a, "%s%s", SX_HEAD,
                           sx_row(a, "广州索引丙实业有限公司", "法人及非法人组织", org_c, NULL,
                                  "（2026）粤01执5号")));
    assert_false(has(XY_IDENT_USCC, org_c)); /* not yet refreshed */
    refresh();
    assert_true(xy_list_index_version(ctx.lists) > v0);
    assert_true(has(XY_IDENT_USCC, org_c));
    xy_list_index_stats(ctx.lists, &after);
    assert_int_equal(after.names, before.names + 1);
    refresh(); /* nothing new: nothing added */
    xy_list_index_stats(ctx.lists, &again);
    assert_int_equal(again.names, after.names);
    assert_int_equal(again.codes, after.codes);
    xy_arena_free(a);
}

/* Probes from several threads while another refreshes (run under the thread sanitizer too). */
static void *prober(void *arg)
{
    for (int i = 0; i < 2000; i++)
        if (!has(XY_IDENT_USCC, org_a))
            return arg;
    return NULL;
}

static void test_threads_probe_while_one_refreshes(void **state)
{
    pthread_t t[3];
    void *r;

    (void)state;
    refresh();
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_create(&t[i], NULL, prober, dir), 0);
    refresh();
    for (int i = 0; i < 3; i++) {
        assert_int_equal(pthread_join(t[i], &r), 0);
        assert_null(r);
    }
}

static void test_a_batch_counts_good_subjects_and_is_read_back_by_its_hits(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_check_batch *b;
    struct xy_check_result res;
    struct xy_check_view v;
    struct xy_err err = {0};
    int64_t id;
    int subjects, hits;

    (void)state;
    assert_int_equal(xy_check_batch_begin(&ctx, "gov_procurement", &b, &err), XY_OK);
    /* 0: a hit by code */
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.code = org_a}, a, &res, &err),
        XY_OK);
    assert_int_equal(res.subject_no, 0);
    assert_int_equal(res.nhits, 1);
    assert_int_equal(res.hits[0].score, 100);
    /* a bad row: not counted, its field named without a subject number */
    org_a[17] = org_a[17] == '0' ? '1' : '0';
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.code = org_a}, a, &res, &err),
        XY_INVALID);
    org_a[17] = t_uscc_check(org_a);
    assert_string_equal(err.field, "code");
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.name = "王大明"}, a, &res, &err),
        XY_INVALID);
    assert_string_equal(err.field, "name");
    /* 1: a miss */
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.code = dept}, a, &res, &err),
        XY_OK);
    assert_int_equal(res.subject_no, 1);
    assert_int_equal(res.nhits, 0);
    assert_int_equal(xy_check_batch_flush(b, &err), XY_OK);
    /* 2: a hit by name, after a flush */
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.name = "廣州索引甲貿易有限公司"},
                               a, &res, &err),
        XY_OK);
    assert_int_equal(res.subject_no, 2);
    assert_int_equal(res.nhits, 1);
    assert_string_equal(res.hits[0].matched_name, "广州索引甲贸易有限公司");
    xy_check_batch_counts(b, &subjects, &hits);
    assert_int_equal(subjects, 3);
    assert_int_equal(hits, 2);
    assert_int_equal(xy_check_batch_end(b, 0, &id, &err), XY_OK);
    xy_check_batch_free(b);

    assert_int_equal(xy_check_get(&ctx, id, a, &v, &err), XY_OK);
    assert_string_equal(v.c.kind, "batch");
    assert_string_equal(v.c.state, "done");
    assert_int_equal(v.c.subjects, 3);
    assert_int_equal(v.c.hits, 2);
    assert_true(v.hits_only);
    assert_int_equal(v.n, 2); /* the miss is not listed */
    assert_int_equal(v.results[0].subject_no, 0);
    assert_int_equal(v.results[1].subject_no, 2);
    assert_int_equal(v.results[1].hits[0].score, 100);
    assert_string_equal(v.results[1].name, "廣州索引甲貿易有限公司");
    /* a page of one */
    assert_int_equal(xy_check_get_page(&ctx, id, 1, 1, a, &v, &err), XY_OK);
    assert_int_equal(v.n, 1);
    assert_int_equal(v.results[0].subject_no, 2);
    assert_int_equal(v.next_from, -1);
    xy_arena_free(a);
}

static void test_a_batch_does_not_see_entries_listed_after_it_began(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_check_batch *b;
    struct xy_check_result res;
    struct xy_check_brief *list;
    struct xy_err err = {0};
    size_t n;
    int64_t id;

    (void)state;
    assert_int_equal(xy_check_batch_begin(&ctx, "gov_procurement", &b, &err), XY_OK);
    ingest("sxbzxr", "sx3.csv",
           xy_arena_printf(a, "%s%s", SX_HEAD,
                           sx_row(a, "广州索引丁建设有限公司", "法人及非法人组织", org_late, NULL,
                                  "（2026）粤01执6号")));
    refresh(); /* another thread's check brought the index up to date meanwhile */
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.code = org_late}, a, &res, &err),
        XY_OK);
    assert_true(res.found);
    assert_int_equal(res.nhits, 0);
    /* a failed batch is closed as failed */
    assert_int_equal(xy_check_batch_end(b, 1, &id, &err), XY_OK);
    assert_int_equal(xy_check_batch_end(b, 0, &id, &err), XY_INTERNAL);
    xy_check_batch_free(b);
    assert_int_equal(xy_check_list(&ctx, 0, 10, a, &list, &n, &err), XY_OK);
    assert_true(n >= 2);
    assert_int_equal(list[0].c.id, id);
    assert_string_equal(list[0].c.state, "failed");
    assert_true(list[0].c.id > list[1].c.id);
    assert_int_equal(xy_check_list(&ctx, id, 10, a, &list, &n, &err), XY_OK);
    assert_true(n >= 1 && list[0].c.id < id);
    assert_int_equal(xy_check_list(&ctx, 0, 0, a, &list, &n, &err), XY_INVALID);
    assert_string_equal(err.field, "limit");
    xy_arena_free(a);
}

/* A check inside its transaction reads only what landed since the index was brought up, and
 * tells the version it reached (service/checks.c stores it with the check). */
static void test_a_try_refresh_reads_what_landed_and_tells_the_version(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_err err = {0};
    char org[19];
    int64_t v, reached = -1;

    (void)state;
    refresh();
    make_uscc(org, "91440101", "LJ000006");
    ingest("sxbzxr", "sx4.csv",
           xy_arena_printf(a, "%s%s", SX_HEAD,
                           sx_row(a, "广州索引戊物流有限公司", "法人及非法人组织", org, NULL,
                                  "（2026）粤01执7号")));
    v = list_version();
    assert_false(has(XY_IDENT_USCC, org));
    assert_int_equal(xy_list_index_try_refresh(ctx.lists, &ctx, v, 1, &reached, &err), XY_OK);
    assert_int_equal(reached, v);
    assert_true(has(XY_IDENT_USCC, org));
    /* never above the version asked, even when the index is further */
    assert_int_equal(xy_list_index_try_refresh(ctx.lists, &ctx, v - 1, 1, &reached, &err), XY_OK);
    assert_int_equal(reached, v - 1);
    xy_arena_free(a);
}

/* A correction of an entry that lands while a batch runs: the batch keeps the version it saw
 * (the newest at or below its list version), a check after it sees the correction. */
static void test_a_correction_during_a_batch_does_not_lose_the_entry(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_check_batch *b;
    struct xy_check_result res;
    struct xy_check_view v;
    struct xy_err err = {0};
    int64_t id;
    const char *row;

    (void)state;
    refresh();
    assert_int_equal(xy_check_batch_begin(&ctx, "gov_procurement", &b, &err), XY_OK);
    /* the same 案号: a new version of org_b's entry, with another duty */
    row = sx_row(a, "广州索引第一建筑工程有限公司", "法人及非法人组织", org_b, NULL,
                 "（2026）粤01执2号");
    row = xy_arena_printf(a, "%.*s%s", (int)(strstr(row, "支付货款") - row), row,
                          "支付工程款,全部未履行,拒不履行,2026/01/10\n");
    ingest("sxbzxr", "sx5.csv", xy_arena_printf(a, "%s%s", SX_HEAD, row));
    refresh();
    assert_int_equal(
        xy_check_batch_subject(b, &(struct xy_check_subject_in){.code = org_b}, a, &res, &err),
        XY_OK);
    assert_int_equal(res.nhits, 1);
    assert_int_equal(xy_check_batch_end(b, 0, &id, &err), XY_OK);
    xy_check_batch_free(b);
    assert_int_equal(xy_check_get(&ctx, id, a, &v, &err), XY_OK);
    assert_int_equal(v.n, 1);
    assert_int_equal(v.results[0].nhits, 1);
    /* a check of now sees the corrected entry, one hit still */
    assert_int_equal(xy_check_run(&ctx, "gov_procurement",
                                  &(struct xy_check_subject_in){.code = org_b}, 1, a, &v, &err),
                     XY_OK);
    assert_int_equal(v.results[0].nhits, 1);
    assert_true(v.c.list_version > 0);
    xy_arena_free(a);
}

/* A name holding an ID number, or a control character, is refused and never echoed. */
static void test_a_name_with_an_id_number_or_a_control_character_is_refused(void **state)
{
    static const char *const names[] = {
        "440111195109133712", "广州索引甲贸易有限公司440111195109133712",
        "广州索引甲贸易有限公司４４０１１１１９５１０９１３３７１２", "广州索引甲\n贸易有限公司",
        "广州索引甲贸易\x7f有限公司"};
    struct xy_arena *a = xy_arena_new();
    struct xy_check_view v;
    struct xy_err err = {0};

    (void)state;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        struct xy_check_subject_in in[2] = {{.code = org_a}, {.name = names[i]}};
        assert_int_equal(xy_check_run(&ctx, "gov_procurement", in, 2, a, &v, &err), XY_INVALID);
        assert_string_equal(err.field, "subjects[1].name");
        assert_null(strstr(err.msg, "4401111951"));
        /* with a code too: the name would be stored with the check */
        in[1].code = org_a;
        assert_int_equal(xy_check_run(&ctx, "gov_procurement", in, 2, a, &v, &err), XY_INVALID);
        assert_string_equal(err.field, "subjects[1].name");
    }
    xy_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_come_without_keying_any_name),
        cmocka_unit_test(test_listed_codes_are_known_and_others_are_not),
        cmocka_unit_test(test_names_match_across_width_script_and_suffix),
        cmocka_unit_test(test_persons_and_businesses_named_after_their_owner_are_never_filed),
        cmocka_unit_test(test_person_names_are_recognised),
        cmocka_unit_test(test_a_different_core_never_reaches_the_hit_score),
        cmocka_unit_test(test_a_refresh_adds_only_what_landed_since),
        cmocka_unit_test(test_threads_probe_while_one_refreshes),
        cmocka_unit_test(test_a_batch_counts_good_subjects_and_is_read_back_by_its_hits),
        cmocka_unit_test(test_a_batch_does_not_see_entries_listed_after_it_began),
        cmocka_unit_test(test_a_try_refresh_reads_what_landed_and_tells_the_version),
        cmocka_unit_test(test_a_correction_during_a_batch_does_not_lose_the_entry),
        cmocka_unit_test(test_a_name_with_an_id_number_or_a_control_character_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
