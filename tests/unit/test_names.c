/* test_names.c - subject-name keys and explainable match scores (domain/names), with a tiny
 * fake traditional-to-simplified converter; test_names_t2s.c runs the real OpenCC one */
#include "helpers.h"

#include "base/arena.h"
#include "domain/names.h"

/* ---- a fake converter: a few characters, enough to see that conversion is applied ---- */

static const char *const fake_pairs[][2] = {
    {"廣", "广"}, {"華", "华"}, {"為", "为"}, {"術", "术"}, {"責", "责"}, {"國", "国"},
};
static int fake_calls;

static xy_code fake_convert(void *ctx, const char *in, size_t n, struct xy_arena *a,
                            const char **out, struct xy_err *err)
{
    char *s = xy_arena_alloc(a, n + 1);
    size_t o = 0;

    (void)ctx;
    (void)err;
    fake_calls++;
    for (size_t i = 0; i < n;) {
        size_t p;
        for (p = 0; p < sizeof(fake_pairs) / sizeof(fake_pairs[0]); p++) {
            size_t k = strlen(fake_pairs[p][0]);
            if (k <= n - i && !memcmp(in + i, fake_pairs[p][0], k)) {
                /* each pair has the same byte length (3) */
                memcpy(s + o, fake_pairs[p][1], k);
                o += k, i += k;
                break;
            }
        }
        if (p == sizeof(fake_pairs) / sizeof(fake_pairs[0]))
            s[o++] = in[i++];
    }
    s[o] = '\0';
    *out = s;
    return XY_OK;
}

static xy_code failing_convert(void *ctx, const char *in, size_t n, struct xy_arena *a,
                               const char **out, struct xy_err *err)
{
    (void)ctx, (void)in, (void)n, (void)a, (void)out;
    return xy_err_set(err, XY_INTERNAL, "converter broke");
}

static const struct xy_name_t2s fake = {fake_convert, NULL};

struct fx {
    struct xy_arena *a;
};

static int setup(void **state)
{
    static struct fx f;
    f.a = xy_arena_new();
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    xy_arena_free(f->a);
    return 0;
}

static struct xy_name_key key(void **state, const char *name)
{
    struct fx *f = *state;
    struct xy_name_key k;
    struct xy_err err = {0};
    xy_code rc = xy_name_key_make(name, &fake, f->a, &k, &err);
    if (rc != XY_OK)
        fail_msg("key of \"%s\": %s", name, err.msg);
    return k;
}

static struct xy_name_match match(void **state, const char *a, const char *b)
{
    struct xy_name_key ka = key(state, a), kb = key(state, b);
    struct xy_name_match m;
    xy_name_match(&ka, &kb, &m);
    return m;
}

/* The reason with this id, or NULL. */
static const struct xy_name_reason *reason(const struct xy_name_match *m, const char *id)
{
    for (int i = 0; i < m->nreasons; i++)
        if (!strcmp(m->reasons[i].id, id))
            return &m->reasons[i];
    return NULL;
}

static void assert_reason(const struct xy_name_match *m, const char *id, const char *zh)
{
    const struct xy_name_reason *r = reason(m, id);
    if (!r)
        fail_msg("no reason %s (score %d, %d reasons, first %s)", id, m->score, m->nreasons,
                 m->nreasons ? m->reasons[0].id : "-");
    if (zh)
        assert_string_equal(r->zh, zh);
}

/* ---- full-width and half-width ---- */

static void test_full_width_letters_digits_and_brackets_fold_to_half_width(void **state)
{
    struct xy_name_key k = key(state, "ＡＢＣ（广州）第３号仓储有限公司");
    struct xy_name_match m;

    assert_string_equal(k.folded, "abc广州第3号仓储有限公司");
    assert_true(k.flags & XY_NAME_WIDTH);
    assert_true(k.flags & XY_NAME_PUNCT);
    m = match(state, "ＡＢＣ（广州）第３号仓储有限公司", "ABC(广州)第3号仓储有限公司");
    assert_int_equal(m.score, 100);
    assert_reason(&m, "core_equal", "名称核心部分相同");
    assert_reason(&m, "width_folded", "全角半角转换后相同");
}

static void test_an_ideographic_space_and_punctuation_are_dropped(void **state)
{
    struct xy_name_match m = match(state, "广州　某某·科技 有限公司", "广州某某科技有限公司");

    assert_int_equal(m.score, 100);
    assert_reason(&m, "width_folded", NULL);
}

static void test_a_half_width_name_says_nothing_about_width(void **state)
{
    struct xy_name_match m = match(state, "广州某某科技有限公司", "广州某某科技有限公司");

    assert_int_equal(m.score, 100);
    assert_null(reason(&m, "width_folded"));
    assert_null(reason(&m, "t2s_folded"));
    assert_int_equal(m.nreasons, 1);
}

/* ---- traditional to simplified ---- */

static void test_traditional_characters_match_their_simplified_name(void **state)
{
    struct xy_name_key k = key(state, "廣州市華為技術有限公司");
    struct xy_name_match m;

    assert_string_equal(k.core, "华为技术");
    assert_true(k.flags & XY_NAME_T2S);
    m = match(state, "廣州市華為技術有限公司", "广州市华为技术有限公司");
    assert_int_equal(m.score, 100);
    assert_reason(&m, "t2s_folded", "繁简转换后相同");
}

static void test_without_a_converter_traditional_names_do_not_match(void **state)
{
    struct fx *f = *state;
    struct xy_name_key a, b;
    struct xy_name_match m;
    struct xy_err err = {0};

    assert_int_equal(xy_name_key_make("廣州市華為技術有限公司", NULL, f->a, &a, &err), XY_OK);
    assert_int_equal(xy_name_key_make("广州市华为技术有限公司", NULL, f->a, &b, &err), XY_OK);
    assert_false(a.flags & XY_NAME_T2S);
    xy_name_match(&a, &b, &m);
    assert_true(m.score < XY_NAME_SCORE_HIT);
}

static void test_a_failing_converter_fails_the_key(void **state)
{
    struct fx *f = *state;
    struct xy_name_t2s bad = {failing_convert, NULL};
    struct xy_name_key k;
    struct xy_err err = {0};

    assert_int_equal(xy_name_key_make("广州某某有限公司", &bad, f->a, &k, &err), XY_INTERNAL);
    assert_string_equal(err.msg, "converter broke");
}

/* ---- company forms ---- */

static void test_the_longest_company_form_is_stripped(void **state)
{
    struct xy_name_key k = key(state, "广州某某科技股份有限公司");

    assert_string_equal(k.core, "某某科技");
    assert_string_equal(k.form, "股份有限公司");
    assert_int_equal(k.family, XY_FORM_JSC);
    k = key(state, "广州某某科技有限责任公司");
    assert_string_equal(k.form, "有限责任公司");
    assert_int_equal(k.family, XY_FORM_LLC);
    k = key(state, "某某投资合伙企业（有限合伙）");
    assert_string_equal(k.core, "某某投资");
    assert_int_equal(k.family, XY_FORM_LP);
    k = key(state, "ABC Co., Ltd.");
    assert_string_equal(k.core, "abc");
    assert_int_equal(k.family, XY_FORM_FOREIGN_LTD);
}

static void test_group_stays_in_the_core(void **state)
{
    struct xy_name_key k = key(state, "广州某某集团有限公司");
    struct xy_name_match m;

    assert_string_equal(k.core, "某某集团");
    m = match(state, "广州某某集团有限公司", "广州某某有限公司");
    assert_true(m.score < XY_NAME_SCORE_HIT);
}

static void test_limited_and_limited_liability_are_one_form_written_two_ways(void **state)
{
    struct xy_name_match m = match(state, "广州某某科技有限公司", "广州某某科技有限责任公司");

    assert_int_equal(m.score, 98);
    assert_reason(&m, "form_variant", "企业组织形式写法不同但含义相同：有限公司/有限责任公司");
}

static void test_a_joint_stock_company_is_a_different_form(void **state)
{
    struct xy_name_match m = match(state, "广州某某科技有限公司", "广州某某科技股份有限公司");
    struct xy_name_match m2 = match(state, "广州某某科技有限责任公司", "广州某某科技股份有限公司");

    assert_int_equal(m.score, 88);
    assert_reason(&m, "form_different", "企业组织形式不同：有限公司/股份有限公司");
    assert_int_equal(m2.score, 88);
    assert_true(m.score < 98 && m.score >= XY_NAME_SCORE_HIT);
}

static void test_a_form_left_out_costs_a_little(void **state)
{
    struct xy_name_match m = match(state, "广州某某科技", "广州某某科技有限公司");

    assert_int_equal(m.score, 94);
    assert_reason(&m, "form_missing", "一方未写企业组织形式：（无）/有限公司");
}

static void test_business_department_is_a_form_alone_and_a_branch_after_a_company(void **state)
{
    struct xy_name_key k = key(state, "天河区某某五金经营部");

    assert_string_equal(k.core, "某某五金");
    assert_string_equal(k.form, "经营部");
    assert_string_equal(k.branch_marker, "");
    k = key(state, "广州某某贸易有限公司经营部");
    assert_string_equal(k.core, "某某贸易");
    assert_string_equal(k.form, "有限公司");
    assert_string_equal(k.branch_marker, "经营部");
}

/* ---- branches ---- */

static void test_a_branch_never_matches_its_head_office(void **state)
{
    struct xy_name_key k = key(state, "广州某某科技有限公司深圳分公司");
    struct xy_name_match m;

    assert_string_equal(k.core, "某某科技");
    assert_string_equal(k.branch, "深圳");
    assert_string_equal(k.branch_marker, "分公司");
    m = match(state, "广州某某科技有限公司深圳分公司", "广州某某科技有限公司");
    assert_true(m.score <= 30);
    assert_reason(&m, "core_equal", NULL);
    assert_reason(&m, "branch_vs_head", "分支机构与总公司不合并：深圳分公司/（总机构）");
    m = match(state, "广州某某科技有限公司", "广州某某科技有限公司深圳分公司");
    assert_true(m.score <= 30);
}

static void test_two_branches_of_one_company_are_not_merged(void **state)
{
    struct xy_name_match m =
        match(state, "广州某某科技有限公司深圳分公司", "广州某某科技有限公司佛山分公司");

    assert_true(m.score <= 30);
    assert_reason(&m, "branch_different", "不同分支机构不合并：深圳分公司/佛山分公司");
}

static void test_the_same_branch_written_two_ways_matches(void **state)
{
    struct xy_name_match m =
        match(state, "中国建设银行广州分行", "中国建设银行股份有限公司广州分行");

    assert_true(m.score >= XY_NAME_SCORE_HIT);
    assert_reason(&m, "branch_same", "同一分支机构：广州分行");
}

static void test_a_branch_in_brackets_keeps_its_own_name(void **state)
{
    struct xy_name_key k = key(state, "广州某某有限公司（番禺分公司）");

    assert_string_equal(k.folded, "广州某某有限公司番禺分公司");
    assert_string_equal(k.core, "某某");
    assert_string_equal(k.form, "有限公司");
    assert_string_equal(k.region_zh, "广州市");
    assert_string_equal(k.branch, "番禺");
    assert_string_equal(k.branch_marker, "分公司");
}

static void test_bank_sub_branches_take_the_regions_as_their_name(void **state)
{
    struct xy_name_key k = key(state, "中国工商银行广州天河支行");

    assert_string_equal(k.core, "中国工商银行");
    assert_string_equal(k.branch, "广州天河");
    assert_string_equal(k.branch_marker, "支行");
}

static void test_a_street_office_is_not_a_branch(void **state)
{
    struct xy_name_key k = key(state, "广州市天河区石牌街道办事处");

    assert_string_equal(k.branch_marker, "");
    assert_string_equal(k.core, "石牌街道办事处");
}

/* ---- numbers ---- */

static void test_differently_numbered_names_score_low(void **state)
{
    struct xy_name_match m = match(state, "广州第一建筑工程有限公司", "广州第二建筑工程有限公司");

    assert_true(m.score <= 20);
    assert_reason(&m, "numbers_differ", "名称中的数字不一致：1 / 2");
    m = match(state, "广州市3号仓储有限公司", "广州市5号仓储有限公司");
    assert_true(m.score <= 20);
    assert_reason(&m, "numbers_differ", "名称中的数字不一致：3 / 5");
    m = match(state, "广州市3号仓储有限公司", "广州市仓储有限公司");
    assert_true(m.score <= 20);
    assert_reason(&m, "numbers_differ", "名称中的数字不一致：3 / （无）");
}

static void test_chinese_and_arabic_numerals_are_the_same_number(void **state)
{
    struct xy_name_match m = match(state, "广州第一建筑工程有限公司", "广州第1建筑工程有限公司");

    assert_int_equal(m.score, 100);
    m = match(state, "广州市三号仓储有限公司", "广州市３号仓储有限公司");
    assert_int_equal(m.score, 100);
    m = match(state, "广州市03号仓储有限公司", "广州市3号仓储有限公司");
    assert_int_equal(m.score, 100);
}

static void test_chinese_numerals_are_read_by_position(void **state)
{
    struct xy_name_key k = key(state, "中铁十八局集团有限公司");

    assert_int_equal(k.nnumbers, 1);
    assert_string_equal(k.numbers[0], "18");
    k = key(state, "广州市第一百零五中学");
    assert_string_equal(k.numbers[0], "105");
    k = key(state, "广州市第二〇二三号仓储有限公司");
    assert_string_equal(k.numbers[0], "2023");
    k = key(state, "中建三局第一建设工程有限责任公司");
    assert_int_equal(k.nnumbers, 2);
    assert_string_equal(k.numbers[0], "3");
    assert_string_equal(k.numbers[1], "1");
}

static void test_numerals_inside_words_are_not_numbers(void **state)
{
    struct xy_name_key k = key(state, "广州市统一五金百货有限公司");

    assert_int_equal(k.nnumbers, 0);
    assert_string_equal(k.core, "统一五金百货");
}

/* ---- regions ---- */

static void test_a_missing_region_prefix_weighs_little(void **state)
{
    struct xy_name_match m = match(state, "广州市某某科技有限公司", "某某科技有限公司");

    assert_int_equal(m.score, 97);
    assert_reason(&m, "region_missing", "地区前缀一方缺失（权重低）：广州市/（无）");
    m = match(state, "广州某某科技有限公司", "广州市某某科技有限公司");
    assert_int_equal(m.score, 100);
}

static void test_a_different_region_weighs_little_and_is_said(void **state)
{
    struct xy_name_match m = match(state, "广州市某某科技有限公司", "深圳市某某科技有限公司");

    assert_int_equal(m.score, 94);
    assert_reason(&m, "region_different", "地区前缀不同（权重低）：广州市/深圳市");
    m = match(state, "广东省某某科技有限公司", "广州市某某科技有限公司");
    assert_int_equal(m.score, 97);
    assert_reason(&m, "region_nested", "地区前缀详略不同（权重低）：广东省/广州市");
}

static void test_regions_with_and_without_their_suffix_and_in_brackets(void **state)
{
    struct xy_name_key k = key(state, "广东省广州市番禺区某某科技有限公司");

    assert_string_equal(k.core, "某某科技");
    assert_string_equal(k.region, "番禺");
    assert_string_equal(k.region_zh, "番禺区");
    k = key(state, "增城市某某科技有限公司");
    assert_string_equal(k.region_zh, "增城区");
    k = key(state, "某某科技（广州）有限公司");
    assert_string_equal(k.core, "某某科技");
    assert_string_equal(k.region_zh, "广州市");
    k = key(state, "某某（中国）投资有限公司");
    assert_string_equal(k.core, "某某中国投资");
}

static void test_words_that_begin_like_a_region_keep_it(void **state)
{
    struct xy_name_key k = key(state, "中山大学");

    assert_string_equal(k.core, "中山大学");
    assert_int_equal(k.region_id, -1);
    k = key(state, "广州白云山医药集团股份有限公司");
    assert_string_equal(k.core, "白云山医药集团");
    k = key(state, "广州市有限公司"); /* a region alone is the core, not nothing */
    assert_string_equal(k.core, "广州市");
}

/* ---- different companies ---- */

static void test_ordinary_different_companies_score_low(void **state)
{
    static const char *const names[] = {
        "华为技术有限公司",         "腾讯科技（深圳）有限公司", "广州某某贸易有限公司",
        "广州市天河区科技有限公司", "广州酒家集团股份有限公司", "中国工商银行股份有限公司",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
            struct xy_name_match m = match(state, names[i], names[j]);
            if (i == j)
                assert_int_equal(m.score, 100);
            else if (m.score >= 40)
                fail_msg("%s vs %s scored %d", names[i], names[j], m.score);
        }
    {
        struct xy_name_match m = match(state, "广州市华为技术有限公司", "广州市华为科技有限公司");
        assert_true(m.score < XY_NAME_SCORE_HIT);
        assert_reason(&m, "core_similar", NULL);
    }
}

static void test_scores_are_symmetric_bounded_and_explained(void **state)
{
    static const char *const names[] = {
        "广州某某科技有限公司",     "某某科技有限责任公司",     "广州某某科技有限公司番禺分公司",
        "廣州某某科技股份有限公司", "广州第一建筑工程有限公司", "ＡＢＣ（广州）有限公司",
        "深圳市某某科技",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        for (size_t j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
            struct xy_name_match a = match(state, names[i], names[j]);
            struct xy_name_match b = match(state, names[j], names[i]);
            assert_int_equal(a.score, b.score);
            assert_in_range(a.score, 0, 100);
            assert_in_range(a.nreasons, 1, XY_NAME_MAX_REASONS);
            for (int r = 0; r < a.nreasons; r++) {
                assert_non_null(a.reasons[r].id);
                assert_true(a.reasons[r].zh[0] != '\0');
            }
        }
}

/* ---- blocking key ---- */

static void test_the_blocking_key_is_the_first_characters_of_the_core(void **state)
{
    char b1[XY_NAME_BLOCK_BYTES], b2[XY_NAME_BLOCK_BYTES];
    struct xy_name_key k1 = key(state, "廣州市華為技術有限公司");
    struct xy_name_key k2 = key(state, "华为技术有限公司广州分公司");

    assert_int_equal(xy_name_block(&k1, b1), strlen("华为"));
    assert_string_equal(b1, "华为");
    xy_name_block(&k2, b2);
    assert_string_equal(b1, b2);
    k1 = key(state, "某");
    assert_int_equal(xy_name_block(&k1, b1), strlen("某"));
}

/* ---- bad input ---- */

static void expect_refused(void **state, const char *name, xy_code code, const char *words)
{
    struct fx *f = *state;
    struct xy_name_key k;
    struct xy_err err = {0};

    assert_int_equal(xy_name_key_make(name, &fake, f->a, &k, &err), code);
    assert_non_null(err.field);
    assert_string_equal(err.field, "name");
    if (!strstr(err.msg, words))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, words);
}

static void test_empty_and_form_only_names_are_refused_in_chinese(void **state)
{
    expect_refused(state, "", XY_INVALID, "名称不能为空");
    expect_refused(state, "有限公司", XY_INVALID, "没有字号");
    expect_refused(state, "股份有限公司", XY_INVALID, "没有字号");
    expect_refused(state, "（）　·、", XY_INVALID, "只有标点");
}

static void test_invalid_utf8_is_refused_in_chinese(void **state)
{
    expect_refused(state, "广州\xff\xfe有限公司", XY_INVALID, "不是有效的 UTF-8 编码");
    expect_refused(state, "\xe5\xb9", XY_INVALID, "UTF-8");         /* cut character */
    expect_refused(state, "\xed\xa0\x80公司", XY_INVALID, "UTF-8"); /* surrogate */
    expect_refused(state, "\xc0\xaf某某公司", XY_INVALID, "UTF-8"); /* overlong */
}

static void test_very_long_names_are_capped(void **state)
{
    char name[XY_NAME_MAX_BYTES + 16];
    size_t n = 0;
    struct xy_name_key k;

    /* 190 characters of 3 bytes plus 有限公司 (12 bytes) = 582 bytes: accepted */
    while (n + 3 <= 570) {
        memcpy(name + n, "某", 3);
        n += 3;
    }
    memcpy(name + n, "有限公司", 13);
    k = key(state, name);
    assert_string_equal(k.form, "有限公司");
    /* one character more than the cap: refused, not cut */
    n = 0;
    while (n <= XY_NAME_MAX_BYTES) {
        memcpy(name + n, "某", 3);
        n += 3;
    }
    name[n] = '\0';
    expect_refused(state, name, XY_TOO_LARGE, "名称过长");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_width_letters_digits_and_brackets_fold_to_half_width),
        cmocka_unit_test(test_an_ideographic_space_and_punctuation_are_dropped),
        cmocka_unit_test(test_a_half_width_name_says_nothing_about_width),
        cmocka_unit_test(test_traditional_characters_match_their_simplified_name),
        cmocka_unit_test(test_without_a_converter_traditional_names_do_not_match),
        cmocka_unit_test(test_a_failing_converter_fails_the_key),
        cmocka_unit_test(test_the_longest_company_form_is_stripped),
        cmocka_unit_test(test_group_stays_in_the_core),
        cmocka_unit_test(test_limited_and_limited_liability_are_one_form_written_two_ways),
        cmocka_unit_test(test_a_joint_stock_company_is_a_different_form),
        cmocka_unit_test(test_a_form_left_out_costs_a_little),
        cmocka_unit_test(test_business_department_is_a_form_alone_and_a_branch_after_a_company),
        cmocka_unit_test(test_a_branch_never_matches_its_head_office),
        cmocka_unit_test(test_two_branches_of_one_company_are_not_merged),
        cmocka_unit_test(test_the_same_branch_written_two_ways_matches),
        cmocka_unit_test(test_a_branch_in_brackets_keeps_its_own_name),
        cmocka_unit_test(test_bank_sub_branches_take_the_regions_as_their_name),
        cmocka_unit_test(test_a_street_office_is_not_a_branch),
        cmocka_unit_test(test_differently_numbered_names_score_low),
        cmocka_unit_test(test_chinese_and_arabic_numerals_are_the_same_number),
        cmocka_unit_test(test_chinese_numerals_are_read_by_position),
        cmocka_unit_test(test_numerals_inside_words_are_not_numbers),
        cmocka_unit_test(test_a_missing_region_prefix_weighs_little),
        cmocka_unit_test(test_a_different_region_weighs_little_and_is_said),
        cmocka_unit_test(test_regions_with_and_without_their_suffix_and_in_brackets),
        cmocka_unit_test(test_words_that_begin_like_a_region_keep_it),
        cmocka_unit_test(test_ordinary_different_companies_score_low),
        cmocka_unit_test(test_scores_are_symmetric_bounded_and_explained),
        cmocka_unit_test(test_the_blocking_key_is_the_first_characters_of_the_core),
        cmocka_unit_test(test_empty_and_form_only_names_are_refused_in_chinese),
        cmocka_unit_test(test_invalid_utf8_is_refused_in_chinese),
        cmocka_unit_test(test_very_long_names_are_capped),
    };
    return cmocka_run_group_tests_name("names", tests, setup, teardown);
}
