/* test_record.c - validating and normalising one submitted row (domain/record) */
#include "row_helpers.h"

#include "base/buf.h"

/* ---- xy_parse_date ---- */

static int date_of(const char *s)
{
    int days = -999999;
    assert_int_equal(xy_parse_date(s, &days), 0);
    return days;
}

static void test_dates_are_read_in_the_three_submitted_formats(void **state)
{
    int want = xy_days_from_civil(2024, 3, 5);
    (void)state;

    assert_int_equal(date_of("2024/03/05"), want);
    assert_int_equal(date_of("2024-03-05"), want);
    assert_int_equal(date_of("20240305"), want);
    assert_int_equal(date_of("2024/3/5"), want);
    assert_int_equal(date_of("2024-3-05"), want);
    assert_int_equal(date_of("2099/12/31"), xy_days_from_civil(2099, 12, 31));
}

static void test_malformed_dates_are_minus_one(void **state)
{
    static const char *const bad[] = {"",
                                      "2024",
                                      "2024/03",
                                      "2024.03.05",
                                      "2024/03-05",
                                      "24/03/05",
                                      "2024/003/5",
                                      "2024/03/005",
                                      "2024/3/",
                                      "2024//05",
                                      "2024-03-05T10:00",
                                      "202403051",
                                      "2024030a",
                                      "二〇二四年三月五日",
                                      "2024/a/05"};
    int days = 7;
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (xy_parse_date(bad[i], &days) != -1)
            fail_msg("\"%s\" was not rejected as malformed", bad[i]);
    }
    assert_int_equal(days, 7);
}

static void test_impossible_dates_are_minus_two(void **state)
{
    int days;
    (void)state;

    assert_int_equal(xy_parse_date("2023/02/29", &days), -2);
    assert_int_equal(xy_parse_date("20240230", &days), -2);
    assert_int_equal(xy_parse_date("2024-13-01", &days), -2);
    assert_int_equal(xy_parse_date("2024-00-10", &days), -2);
    assert_int_equal(xy_parse_date("2024/4/31", &days), -2);
    assert_int_equal(xy_parse_date("18991231", &days), -2);
    assert_int_equal(xy_parse_date("2024/02/29", &days), 0);
}

/* ---- xy_parse_amount ---- */

static void expect_amount(const char *in, const char *want)
{
    char out[32];
    if (xy_parse_amount(in, out) != 0)
        fail_msg("\"%s\" was rejected", in);
    assert_string_equal(out, want);
}

static void test_amounts_are_written_in_canonical_form(void **state)
{
    (void)state;
    expect_amount("0.5", "0.5");
    expect_amount("12", "12");
    expect_amount("+3", "3");
    expect_amount("0012.50", "12.5");
    expect_amount(".5", "0.5");
    expect_amount("5.", "5");
    expect_amount("0", "0");
    expect_amount("0.000", "0");
    expect_amount("000", "0");
    expect_amount("999999999999.999999", "999999999999.999999");
    expect_amount("0.0000010", "0.000001");
}

static void test_negative_amounts_are_minus_two(void **state)
{
    char out[32];
    (void)state;

    assert_int_equal(xy_parse_amount("-1", out), -2);
    assert_int_equal(xy_parse_amount("-0.5", out), -2);
    assert_int_equal(xy_parse_amount("-0", out), -2);
}

static void test_malformed_amounts_are_minus_one(void **state)
{
    static const char *const bad[] = {"",    ".",  "+",   "-",   "abc", "1,000", "1.2.3",
                                      "1e5", " 5", "5元", "--5", "+-5", "0x10",  "１２"};
    char out[32];
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (xy_parse_amount(bad[i], out) != -1)
            fail_msg("\"%s\" was not rejected as malformed", bad[i]);
}

static void test_amounts_with_too_many_digits_are_minus_three(void **state)
{
    char out[32];
    (void)state;

    assert_int_equal(xy_parse_amount("1234567890123", out), -3);
    assert_int_equal(xy_parse_amount("0.1234567", out), -3);
    assert_int_equal(xy_parse_amount("000000000000001", out), 0); /* leading zeros don't count */
    assert_string_equal(out, "1");
}

/* ---- xy_utf8_chars ---- */

static void test_utf8_text_is_counted_in_code_points(void **state)
{
    (void)state;
    assert_int_equal(xy_utf8_chars("", 0), 0);
    assert_int_equal(xy_utf8_chars("abc", 3), 3);
    assert_int_equal(xy_utf8_chars("行政处罚", strlen("行政处罚")), 4);
    assert_int_equal(xy_utf8_chars("é", 2), 1);
    assert_int_equal(xy_utf8_chars("\xF0\xA0\x80\x80x", 5), 2); /* U+20000, a rare hanzi */
    assert_int_equal(xy_utf8_chars("a\0b", 3), 3);
}

static void test_bytes_that_are_not_utf8_are_minus_one(void **state)
{
    (void)state;
    assert_int_equal(xy_utf8_chars("\xD5\xC5\xC8\xFD", 4), -1); /* 张三 in GB18030 */
    assert_int_equal(xy_utf8_chars("\x80", 1), -1);             /* lone continuation */
    assert_int_equal(xy_utf8_chars("\xC0\xAF", 2), -1);         /* overlong '/' */
    assert_int_equal(xy_utf8_chars("\xE0\x80\xAF", 3), -1);     /* overlong, 3 bytes */
    assert_int_equal(xy_utf8_chars("\xED\xA0\x80", 3), -1);     /* surrogate */
    assert_int_equal(xy_utf8_chars("\xF4\x90\x80\x80", 4), -1); /* past U+10FFFF */
    assert_int_equal(xy_utf8_chars("\xE8\xA1", 2), -1);         /* truncated */
    assert_int_equal(xy_utf8_chars("\xE8\xA1x", 3), -1);        /* bad continuation */
    assert_int_equal(xy_utf8_chars("\xFF", 1), -1);
}

/* ---- xy_row_validate on the real 行政处罚 item ---- */

struct fixture {
    struct xy_catalog *cat;
    const struct xy_item *it;
    struct xy_arena *a;
    const char **raw;
    struct xy_row row;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    fx->cat = xy_catalog_new();
    t_load_item(fx->cat, "xzcf");
    fx->it = xy_catalog_item(fx->cat, "xzcf");
    fx->a = xy_arena_new();
    /* a complete, valid penalty on an enterprise */
    fx->raw = t_base_row(fx->it, fx->a);
    t_set(fx->it, fx->raw, "XDR_MC", "福建某某科技有限公司");
    t_set(fx->it, fx->raw, "XDR_LB", "法人及非法人组织");
    t_set(fx->it, fx->raw, "XDR_SHXYM", T_USCC_OK);
    t_set(fx->it, fx->raw, "FRDB", "李四");
    t_set(fx->it, fx->raw, "CF_WSH", "穗天市监处罚〔2024〕12号");
    t_set(fx->it, fx->raw, "CF_CFLB", "警告");
    t_set(fx->it, fx->raw, "CF_JDRQ", "2024/3/5");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;

    xy_arena_free(fx->a);
    xy_catalog_free(fx->cat);
    free(fx);
    return 0;
}

static void validate(struct fixture *fx)
{
    t_validate(fx->it, fx->raw, fx->a, &fx->row);
}

static void set(struct fixture *fx, const char *code, const char *value)
{
    t_set(fx->it, fx->raw, code, value);
}

static const char *value(struct fixture *fx, const char *code)
{
    return fx->row.values[t_field(fx->it, code)];
}

/* The single error of the row: its id and field. */
static const struct xy_row_issue *only_error(struct fixture *fx, const char *id, const char *code)
{
    const struct xy_row_issue *is = t_issue(&fx->row, id);

    if (!is || fx->row.nerrors != 1) {
        for (size_t i = 0; i < fx->row.nissues; i++)
            print_error("issue %s: %s\n", fx->row.issues[i].id, fx->row.issues[i].zh);
        fail_msg("expected exactly one error %s, found %zu error(s)", id, fx->row.nerrors);
    }
    assert_int_equal(is->level, XY_CHECK_ERROR);
    assert_int_equal(is->field, t_field(fx->it, code));
    return is;
}

static void test_a_complete_penalty_is_accepted_and_normalised(void **state)
{
    struct fixture *fx = *state;

    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_int_equal(fx->row.nwarnings, 0);
    assert_string_equal(value(fx, "CF_JDRQ"), "2024-03-05");
    assert_int_equal(fx->row.decision_date, xy_days_from_civil(2024, 3, 5));
    assert_string_equal(fx->row.key, "穗天市监处罚〔2024〕12号");
    assert_string_equal(fx->row.name, "福建某某科技有限公司");
    assert_int_equal(fx->row.kind, XY_KIND_ENTERPRISE);
    assert_int_equal(fx->row.primary.type, XY_IDENT_USCC);
    assert_string_equal(fx->row.primary.value, T_USCC_OK);
    assert_null(value(fx, "BZ"));
}

static void test_surrounding_spaces_and_ideographic_spaces_are_trimmed(void **state)
{
    struct fixture *fx = *state;

    set(fx, "XDR_MC", "\xE3\x80\x80 福建某某科技有限公司 \t\r\n");
    set(fx, "XDR_SHXYM", "  91350100m000100y43  ");
    set(fx, "BZ", "   ");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_string_equal(fx->row.name, "福建某某科技有限公司");
    assert_string_equal(value(fx, "XDR_SHXYM"), T_USCC_OK);
    assert_null(value(fx, "BZ"));
}

static void test_a_missing_always_required_field_is_named(void **state)
{
    struct fixture *fx = *state;
    const struct xy_row_issue *is;

    set(fx, "CF_WSH", NULL);
    validate(fx);
    is = only_error(fx, "field.required", "CF_WSH");
    assert_string_equal(is->zh, "缺少必填项处罚决定书文号");
    assert_null(fx->row.key);
}

static void test_the_fine_is_required_when_the_penalty_includes_a_fine(void **state)
{
    struct fixture *fx = *state;
    const struct xy_row_issue *is;

    set(fx, "CF_CFLB", "罚款");
    validate(fx);
    is = only_error(fx, "field.required_if", "CF_NR_FK");
    assert_string_equal(is->zh, "处罚类别为“罚款”时必须填写罚款金额（万元）");
    set(fx, "CF_NR_FK", "0.50");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_string_equal(value(fx, "CF_NR_FK"), "0.5");
}

static void test_the_fine_is_required_when_a_fine_is_one_of_several_categories(void **state)
{
    struct fixture *fx = *state;

    set(fx, "CF_CFLB", "警告；罚款");
    validate(fx);
    only_error(fx, "field.required_if", "CF_NR_FK");
    set(fx, "CF_CFLB", "罚款;没收违法所得");
    validate(fx);
    only_error(fx, "field.required_if", "CF_NR_FK");
}

static void test_several_penalty_categories_are_normalised_to_semicolons(void **state)
{
    struct fixture *fx = *state;

    set(fx, "CF_CFLB", " 警告 ； 罚款;没收违法所得 ;");
    set(fx, "CF_NR_FK", "3");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_string_equal(value(fx, "CF_CFLB"), "警告;罚款;没收违法所得");
}

static void test_a_penalty_category_outside_the_list_is_rejected(void **state)
{
    struct fixture *fx = *state;
    const struct xy_row_issue *is;

    set(fx, "CF_CFLB", "警告;批评教育");
    validate(fx);
    is = only_error(fx, "enum.unknown", "CF_CFLB");
    assert_string_equal(is->zh, "处罚类别“批评教育”不是规定的取值之一");
}

static void test_a_required_category_made_only_of_separators_is_missing(void **state)
{
    struct fixture *fx = *state;

    set(fx, "CF_CFLB", "；;");
    validate(fx);
    only_error(fx, "field.required", "CF_CFLB");
}

static void test_a_penalty_category_list_too_long_to_store_is_an_error(void **state)
{
    struct fixture *fx = *state;
    struct xy_buf b = XY_BUF_INIT;

    for (int i = 0; i < 150; i++)
        xy_buf_adds(&b, "警告;");
    set(fx, "CF_CFLB", b.data);
    validate(fx);
    only_error(fx, "field.too_long", "CF_CFLB");
    assert_null(value(fx, "CF_CFLB"));
    xy_buf_release(&b);
}

static void test_malformed_and_impossible_dates_have_their_own_ids(void **state)
{
    struct fixture *fx = *state;
    const struct xy_row_issue *is;

    set(fx, "CF_JDRQ", "2024.03.05");
    validate(fx);
    is = only_error(fx, "date.format", "CF_JDRQ");
    assert_string_equal(is->value, "2024.03.05");
    set(fx, "CF_JDRQ", "2023-02-29");
    validate(fx);
    is = only_error(fx, "date.invalid", "CF_JDRQ");
    assert_string_equal(is->zh, "处罚决定日期“2023-02-29”不是有效日期");
}

static void test_a_decision_date_after_today_is_rejected_but_a_validity_end_may_be(void **state)
{
    struct fixture *fx = *state;

    set(fx, "CF_JDRQ", "2026/11/27");
    validate(fx);
    only_error(fx, "date.future", "CF_JDRQ");
    set(fx, "CF_JDRQ", "2026/11/26");
    set(fx, "CF_YXQ", "2099/12/31");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_string_equal(value(fx, "CF_YXQ"), "2099-12-31");
}

static void test_bad_amounts_have_their_own_ids(void **state)
{
    struct fixture *fx = *state;

    set(fx, "CF_NR_WFFF", "-1");
    validate(fx);
    only_error(fx, "amount.negative", "CF_NR_WFFF");
    set(fx, "CF_NR_WFFF", "5000元");
    validate(fx);
    only_error(fx, "amount.format", "CF_NR_WFFF");
    set(fx, "CF_NR_WFFF", "0.12345678");
    validate(fx);
    only_error(fx, "amount.precision", "CF_NR_WFFF");
}

static void test_text_longer_than_its_maximum_is_rejected_in_characters_not_bytes(void **state)
{
    struct fixture *fx = *state;
    struct xy_buf b = XY_BUF_INIT;
    const struct xy_row_issue *is;

    for (int i = 0; i < 200; i++) /* 200 characters, 600 bytes: fits max = 200 */
        xy_buf_adds(&b, "名");
    set(fx, "XDR_MC", b.data);
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    xy_buf_adds(&b, "x");
    set(fx, "XDR_MC", b.data);
    validate(fx);
    is = only_error(fx, "field.too_long", "XDR_MC");
    assert_string_equal(is->zh, "行政相对人名称过长：最多200个字符，实际201个");
    xy_buf_release(&b);
}

static void test_gb18030_bytes_are_reported_as_an_encoding_error(void **state)
{
    struct fixture *fx = *state;

    set(fx, "CF_SY", "\xD5\xC5\xC8\xFD");
    validate(fx);
    only_error(fx, "encoding.invalid", "CF_SY");
}

static void test_a_uscc_with_a_wrong_check_char_is_rejected_with_the_codes_message(void **state)
{
    struct fixture *fx = *state;
    const struct xy_row_issue *is;

    set(fx, "XDR_SHXYM", "91350100M000100Y44");
    validate(fx);
    is = only_error(fx, "uscc.check_char", "XDR_SHXYM");
    assert_string_equal(is->value, "91350100M000100Y44");
    assert_string_equal(is->zh, "统一社会信用代码校验位错误：第18位应为“3”，实际为“4”");
    assert_int_equal(fx->row.kind, XY_KIND_UNKNOWN);
    assert_null(fx->row.primary.value);
}

static uint64_t allowed_calls;

static int allow_y44(void *ctx, const char *code)
{
    (void)ctx;
    allowed_calls++;
    return !strcmp(code, "91350100M000100Y44");
}

static void test_an_allow_listed_uscc_is_accepted_despite_its_check_char(void **state)
{
    struct fixture *fx = *state;
    struct xy_validate_opts opts = {.today = xy_days_from_civil(2026, 11, 26),
                                    .uscc_allowed = allow_y44};

    set(fx, "XDR_SHXYM", "91350100m000100y44");
    allowed_calls = 0;
    xy_row_validate(fx->it, fx->raw, &opts, fx->a, &fx->row);
    t_assert_no_errors(fx->it, &fx->row);
    assert_true(allowed_calls >= 1);
    assert_string_equal(fx->row.primary.value, "91350100M000100Y44");
    set(fx, "XDR_SHXYM", "91350100M000100Y45");
    xy_row_validate(fx->it, fx->raw, &opts, fx->a, &fx->row);
    only_error(fx, "uscc.check_char", "XDR_SHXYM");
}

static void test_a_wrong_embedded_orgcode_check_is_a_warning_and_the_row_is_kept(void **state)
{
    struct fixture *fx = *state;
    char code[19];

    strcpy(code, T_USCC_OK);
    code[16] = '5';
    code[17] = t_uscc_check(code);
    set(fx, "XDR_SHXYM", code);
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_int_equal(fx->row.nwarnings, 1);
    assert_int_equal(t_issue(&fx->row, "uscc.orgcode_check")->level, XY_CHECK_WARN);
    assert_string_equal(fx->row.primary.value, code);
}

static void test_an_individual_business_with_an_enterprise_uscc_gets_a_warning(void **state)
{
    struct fixture *fx = *state;
    char code[19];

    set(fx, "XDR_LB", "个体工商户");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_int_equal(t_issue(&fx->row, "uscc.kind_mismatch")->level, XY_CHECK_WARN);
    assert_int_equal(fx->row.kind, XY_KIND_ENTERPRISE);

    t_make_uscc(code, "92", "440106", "MA5ABC12");
    set(fx, "XDR_SHXYM", code);
    validate(fx);
    assert_int_equal(fx->row.nwarnings, 0);
    assert_int_equal(fx->row.kind, XY_KIND_INDIVIDUAL_BUSINESS);
}

static void test_legacy_identifiers_are_collected_for_linking(void **state)
{
    struct fixture *fx = *state;

    set(fx, "XDR_ZZJG", "m000100y-4");
    set(fx, "XDR_SWDJ", "350100M000100Y4");
    set(fx, "XDR_GSZC", "350100100012345");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_int_equal(fx->row.nidents, 3);
    assert_int_equal(fx->row.idents[0].type, XY_IDENT_REGNO);
    assert_string_equal(fx->row.idents[0].value, "350100100012345");
    assert_int_equal(fx->row.idents[1].type, XY_IDENT_ORGCODE);
    assert_string_equal(fx->row.idents[1].value, "M000100Y4");
    assert_int_equal(fx->row.idents[2].type, XY_IDENT_TAXNO);
}

static void test_a_bad_orgcode_is_rejected(void **state)
{
    struct fixture *fx = *state;

    set(fx, "XDR_ZZJG", "M000100Y-5");
    validate(fx);
    only_error(fx, "orgcode.check_char", "XDR_ZZJG");
}

static void test_a_natural_persons_15_digit_id_is_converted_with_a_warning(void **state)
{
    struct fixture *fx = *state;

    set(fx, "XDR_LB", "自然人");
    set(fx, "XDR_SHXYM", NULL);
    set(fx, "FRDB", NULL);
    set(fx, "XDR_ZJLX", "身份证");
    set(fx, "XDR_ZJHM", "110105491231002");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_int_equal(t_issue(&fx->row, "idcard.legacy15")->level, XY_CHECK_WARN);
    assert_string_equal(value(fx, "XDR_ZJHM"), T_IDNO_OK);
    assert_int_equal(fx->row.kind, XY_KIND_PERSON);
    assert_string_equal(fx->row.primary.value, T_IDNO_OK);
}

static void test_an_id_number_error_shows_only_the_masked_number(void **state)
{
    struct fixture *fx = *state;
    const struct xy_row_issue *is;

    set(fx, "XDR_LB", "自然人");
    set(fx, "XDR_ZJLX", "身份证");
    set(fx, "XDR_ZJHM", "110105194912310021");
    validate(fx);
    is = only_error(fx, "idcard.check_char", "XDR_ZJHM");
    assert_string_equal(is->value, "110105********0021");
    assert_null(strstr(is->zh, "110105194912310021"));
    assert_string_equal(is->zh, "证件号码：身份证号码校验位错误：第18位应为“X”，实际为“1”");
}

static void test_an_id_number_with_a_future_birth_date_is_rejected(void **state)
{
    struct fixture *fx = *state;
    char id[19];

    t_make_idno(id, "440106", "20270101", "123");
    set(fx, "XDR_LB", "自然人");
    set(fx, "XDR_ZJHM", id); /* no ID type given: treated as 身份证 */
    validate(fx);
    only_error(fx, "idcard.birth_future", "XDR_ZJHM");
}

static void test_a_passport_number_is_not_checked_as_an_id_number(void **state)
{
    struct fixture *fx = *state;

    set(fx, "XDR_LB", "自然人");
    set(fx, "XDR_SHXYM", NULL);
    set(fx, "XDR_ZJLX", "护照号");
    set(fx, "XDR_ZJHM", "E12345678");
    validate(fx);
    t_assert_no_errors(fx->it, &fx->row);
    assert_int_equal(fx->row.primary.type, XY_IDENT_OTHER_ID);
    assert_string_equal(fx->row.primary.value, "护照号:E12345678");
}

static void test_issues_past_the_record_limit_are_still_counted(void **state)
{
    struct fixture *fx = *state;
    struct xy_row row;
    struct xy_arena *a = xy_arena_new();

    xy_row_init(&row, a);
    for (int i = 0; i < XY_ROW_MAX_ISSUES + 4; i++)
        xy_row_issue_add(&row, XY_CHECK_ERROR, -1, "csv.columns", NULL, "第%d行列数不对", i);
    xy_row_issue_add(&row, XY_CHECK_WARN, 0, "x.warn", NULL, "w");
    assert_int_equal(row.nissues, XY_ROW_MAX_ISSUES);
    assert_int_equal(row.nerrors, XY_ROW_MAX_ISSUES + 4);
    assert_int_equal(row.nwarnings, 1);
    assert_string_equal(row.issues[3].zh, "第3行列数不对");
    assert_int_equal(row.issues[0].field, -1);
    xy_arena_free(a);
    (void)fx;
}

/* ---- xy_row_hash ---- */

static uint64_t fnv(const char *text)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static void test_the_hash_is_fnv1a_over_code_value_pairs(void **state)
{
    struct fixture *fx = *state;
    struct xy_row row;
    const char **values = xy_arena_zalloc(fx->a, fx->it->nfields * sizeof(*values));

    memset(&row, 0, sizeof(row));
    row.values = values;
    assert_true(xy_row_hash(fx->it, &row) == 1469598103934665603ULL);
    values[t_field(fx->it, "XDR_MC")] = "甲";
    values[t_field(fx->it, "CF_WSH")] = "1号";
    assert_true(xy_row_hash(fx->it, &row) == fnv("XDR_MC=甲\x1F"
                                                 "CF_WSH=1号\x1F"));
}

static void test_equal_content_hashes_equal_and_any_change_changes_the_hash(void **state)
{
    struct fixture *fx = *state;
    uint64_t h1, h2, h3;

    validate(fx);
    h1 = xy_row_hash(fx->it, &fx->row);
    set(fx, "CF_JDRQ", " 20240305 "); /* same date, other spelling */
    validate(fx);
    h2 = xy_row_hash(fx->it, &fx->row);
    assert_true(h1 == h2);
    set(fx, "CF_NR", "责令改正");
    validate(fx);
    h3 = xy_row_hash(fx->it, &fx->row);
    assert_true(h3 != h1);
}

#define FX(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_are_read_in_the_three_submitted_formats),
        cmocka_unit_test(test_malformed_dates_are_minus_one),
        cmocka_unit_test(test_impossible_dates_are_minus_two),
        cmocka_unit_test(test_amounts_are_written_in_canonical_form),
        cmocka_unit_test(test_negative_amounts_are_minus_two),
        cmocka_unit_test(test_malformed_amounts_are_minus_one),
        cmocka_unit_test(test_amounts_with_too_many_digits_are_minus_three),
        cmocka_unit_test(test_utf8_text_is_counted_in_code_points),
        cmocka_unit_test(test_bytes_that_are_not_utf8_are_minus_one),
        FX(test_a_complete_penalty_is_accepted_and_normalised),
        FX(test_surrounding_spaces_and_ideographic_spaces_are_trimmed),
        FX(test_a_missing_always_required_field_is_named),
        FX(test_the_fine_is_required_when_the_penalty_includes_a_fine),
        FX(test_the_fine_is_required_when_a_fine_is_one_of_several_categories),
        FX(test_several_penalty_categories_are_normalised_to_semicolons),
        FX(test_a_penalty_category_outside_the_list_is_rejected),
        FX(test_a_required_category_made_only_of_separators_is_missing),
        FX(test_a_penalty_category_list_too_long_to_store_is_an_error),
        FX(test_malformed_and_impossible_dates_have_their_own_ids),
        FX(test_a_decision_date_after_today_is_rejected_but_a_validity_end_may_be),
        FX(test_bad_amounts_have_their_own_ids),
        FX(test_text_longer_than_its_maximum_is_rejected_in_characters_not_bytes),
        FX(test_gb18030_bytes_are_reported_as_an_encoding_error),
        FX(test_a_uscc_with_a_wrong_check_char_is_rejected_with_the_codes_message),
        FX(test_an_allow_listed_uscc_is_accepted_despite_its_check_char),
        FX(test_a_wrong_embedded_orgcode_check_is_a_warning_and_the_row_is_kept),
        FX(test_an_individual_business_with_an_enterprise_uscc_gets_a_warning),
        FX(test_legacy_identifiers_are_collected_for_linking),
        FX(test_a_bad_orgcode_is_rejected),
        FX(test_a_natural_persons_15_digit_id_is_converted_with_a_warning),
        FX(test_an_id_number_error_shows_only_the_masked_number),
        FX(test_an_id_number_with_a_future_birth_date_is_rejected),
        FX(test_a_passport_number_is_not_checked_as_an_id_number),
        FX(test_issues_past_the_record_limit_are_still_counted),
        FX(test_the_hash_is_fnv1a_over_code_value_pairs),
        FX(test_equal_content_hashes_equal_and_any_change_changes_the_hash),
    };
    return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
