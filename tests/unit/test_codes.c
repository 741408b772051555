/* test_codes.c - USCC (GB 32100), organisation code (GB 11714), citizen ID (GB 11643)
 * (domain/codes) */
#include "helpers.h"

#include "base/time.h"
#include "domain/codes.h"

/* A commonly cited valid code; both its check characters were verified by hand and by the
 * independent helper in helpers.h (test_the_reference_codes_are_valid_by_the_helper). */
#define USCC_OK  "91350100M000100Y43"
#define USCC_OK2 "91440300708461136T"
#define IDNO_OK  "11010519491231002X"

static int today(void)
{
    return xy_days_from_civil(2026, 11, 26);
}

static void test_the_reference_codes_are_valid_by_the_helper(void **state)
{
    (void)state;
    assert_int_equal(t_uscc_check(USCC_OK), '3');
    assert_int_equal(t_orgcode_check(USCC_OK + 8), '4');
    assert_int_equal(t_uscc_check(USCC_OK2), 'T');
    assert_int_equal(t_idcard_check(IDNO_OK), 'X');
}

/* ---- USCC ---- */

static void test_a_valid_uscc_is_accepted_unchanged(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_uscc_check(USCC_OK, out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_null(chk.id);
    assert_string_equal(chk.zh, "");
    assert_string_equal(out, USCC_OK);
    xy_uscc_check(USCC_OK2, out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
}

static void test_a_lower_case_uscc_is_accepted_and_upper_cased(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_uscc_check("91350100m000100y43", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_string_equal(out, USCC_OK);
}

static void test_uscc_with_wrong_check_char_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_uscc_check("91350100M000100Y44", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "uscc.check_char");
    assert_string_equal(chk.zh, "统一社会信用代码校验位错误：第18位应为“3”，实际为“4”");
}

static void test_uscc_of_wrong_length_is_rejected_with_the_length(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_uscc_check("91350100M000100Y4", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "uscc.length");
    assert_string_equal(chk.zh, "统一社会信用代码应为18位，实际为17位");
    assert_string_equal(out, "");
    xy_uscc_check("", out, &chk);
    assert_string_equal(chk.id, "uscc.length");
    xy_uscc_check(USCC_OK "0", out, &chk);
    assert_string_equal(chk.id, "uscc.length");
}

static void test_uscc_with_a_letter_outside_the_gb32100_set_is_rejected(void **state)
{
    static const char banned[] = "IOSVZ";
    struct xy_code_check chk;
    char out[19], code[19];
    (void)state;

    for (const char *b = banned; *b; b++) {
        strcpy(code, USCC_OK);
        code[8] = *b;
        xy_uscc_check(code, out, &chk);
        assert_int_equal(chk.level, XY_CHECK_ERROR);
        assert_string_equal(chk.id, "uscc.charset");
        assert_string_equal(out, "");
    }
    xy_uscc_check("9135O100M000100Y43", out, &chk);
    assert_string_equal(chk.zh, "统一社会信用代码第5位“O”不是允许的字符（不含 I、O、S、V、Z）");
    xy_uscc_check("91350100M000100Y4-", out, &chk);
    assert_string_equal(chk.id, "uscc.charset");
}

static void test_uscc_with_an_unknown_category_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19], code[19];
    (void)state;

    t_make_uscc(code, "99", "440101", "12345678");
    xy_uscc_check(code, out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "uscc.category");
    assert_non_null(strstr(chk.zh, "“99”"));
}

static void test_the_placeholder_is_an_error_for_the_plain_check(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_uscc_check("00000000000000000X", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "uscc.placeholder");
    xy_uscc_check("00000000000000000x", out, &chk);
    assert_string_equal(chk.id, "uscc.placeholder");
}

static void test_the_placeholder_is_recognised_in_either_case(void **state)
{
    (void)state;
    assert_true(xy_uscc_is_placeholder("00000000000000000X"));
    assert_true(xy_uscc_is_placeholder("00000000000000000x"));
    assert_false(xy_uscc_is_placeholder("00000000000000000Y"));
    assert_false(xy_uscc_is_placeholder(USCC_OK));
}

static void test_a_wrong_embedded_orgcode_check_is_only_a_warning(void **state)
{
    struct xy_code_check chk;
    char out[19], code[19];
    (void)state;

    /* legacy code: position 17 does not match GB 11714, the 18th character is right */
    strcpy(code, USCC_OK);
    code[16] = '5';
    code[17] = t_uscc_check(code);
    xy_uscc_check(code, out, &chk);
    assert_int_equal(chk.level, XY_CHECK_WARN);
    assert_string_equal(chk.id, "uscc.orgcode_check");
    assert_non_null(strstr(chk.zh, "应为“4”，实际为“5”"));
    assert_string_equal(out, code);
}

static void test_every_single_wrong_character_is_caught(void **state)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    struct xy_code_check chk;
    char out[19], code[19];
    int tried = 0;
    (void)state;

    for (int pos = 0; pos < 18; pos++)
        for (const char *c = set; *c; c++) {
            if (*c == USCC_OK[pos])
                continue;
            strcpy(code, USCC_OK);
            code[pos] = *c;
            xy_uscc_check(code, out, &chk);
            assert_int_equal(chk.level, XY_CHECK_ERROR);
            tried++;
        }
    assert_int_equal(tried, 18 * 30);
}

static void test_check_char_agrees_with_the_standard_on_many_codes(void **state)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    unsigned seed = 12345;
    char code[18];
    (void)state;

    for (int n = 0; n < 5000; n++) {
        for (int i = 0; i < 17; i++) {
            seed = seed * 1103515245u + 12345u;
            code[i] = set[(seed >> 16) % 31];
        }
        code[17] = '\0';
        assert_int_equal(xy_uscc_check_char(code), t_uscc_check(code));
    }
    assert_int_equal(xy_uscc_check_char("9135010OM000100Y4"), 0);
}

static void test_generated_valid_codes_pass_for_every_category(void **state)
{
    static const char *const prefixes[] = {"11", "12", "13", "31", "51", "52", "53",
                                           "91", "92", "93", "N1", "N2", "N3", "Y1"};
    struct xy_code_check chk;
    char out[19], code[19];
    (void)state;

    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        t_make_uscc(code, prefixes[i], "440106", "MA5ABC12");
        xy_uscc_check(code, out, &chk);
        assert_int_equal(chk.level, XY_CHECK_OK);
        assert_string_equal(out, code);
    }
}

static void test_the_first_two_characters_give_the_subject_kind(void **state)
{
    (void)state;
    assert_int_equal(xy_uscc_kind("11440000"), XY_KIND_GOVERNMENT);
    assert_int_equal(xy_uscc_kind("12440000"), XY_KIND_INSTITUTION);
    assert_int_equal(xy_uscc_kind("13440000"), XY_KIND_MASS_ORG);
    assert_int_equal(xy_uscc_kind("31440000"), XY_KIND_LEGAL_SERVICE);
    assert_int_equal(xy_uscc_kind("35440000"), XY_KIND_LEGAL_SERVICE);
    assert_int_equal(xy_uscc_kind("51440000"), XY_KIND_SOCIAL_ORG);
    assert_int_equal(xy_uscc_kind("52440000"), XY_KIND_SOCIAL_ORG);
    assert_int_equal(xy_uscc_kind("53440000"), XY_KIND_SOCIAL_ORG);
    assert_int_equal(xy_uscc_kind(USCC_OK), XY_KIND_ENTERPRISE);
    assert_int_equal(xy_uscc_kind("92440000"), XY_KIND_INDIVIDUAL_BUSINESS);
    assert_int_equal(xy_uscc_kind("93440000"), XY_KIND_COOPERATIVE);
    assert_int_equal(xy_uscc_kind("N1440000"), XY_KIND_COLLECTIVE);
    assert_int_equal(xy_uscc_kind("N3440000"), XY_KIND_COLLECTIVE);
    assert_int_equal(xy_uscc_kind("Y1440000"), XY_KIND_OTHER_ORG);
    assert_int_equal(xy_uscc_kind("99440000"), XY_KIND_UNKNOWN);
    assert_int_equal(xy_uscc_kind("00000000"), XY_KIND_UNKNOWN);
}

static void test_kinds_have_stable_ids_and_chinese_names(void **state)
{
    (void)state;
    assert_string_equal(xy_kind_id(XY_KIND_ENTERPRISE), "enterprise");
    assert_string_equal(xy_kind_zh(XY_KIND_ENTERPRISE), "企业");
    assert_string_equal(xy_kind_id(XY_KIND_INDIVIDUAL_BUSINESS), "individual_business");
    assert_string_equal(xy_kind_zh(XY_KIND_INDIVIDUAL_BUSINESS), "个体工商户");
    assert_string_equal(xy_kind_zh(XY_KIND_PERSON), "自然人");
    assert_string_equal(xy_kind_id(XY_KIND_COUNT), "unknown");
    assert_string_equal(xy_kind_zh((enum xy_subject_kind) - 1), "未知");
    for (int k = 0; k < XY_KIND_COUNT; k++) {
        assert_non_null(xy_kind_id((enum xy_subject_kind)k));
        assert_non_null(xy_kind_zh((enum xy_subject_kind)k));
    }
}

/* ---- 组织机构代码 ---- */

static void test_a_valid_orgcode_is_accepted_with_or_without_hyphen(void **state)
{
    struct xy_code_check chk;
    char out[10];
    (void)state;

    xy_orgcode_check("M000100Y4", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_string_equal(out, "M000100Y4");
    xy_orgcode_check("M000100Y-4", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_string_equal(out, "M000100Y4");
    xy_orgcode_check("m000100y-4", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_string_equal(out, "M000100Y4");
}

static void test_an_orgcode_with_two_hyphens_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[10];
    (void)state;

    xy_orgcode_check("M000100Y--4", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "orgcode.length");
    assert_string_equal(out, "");
}

static void test_orgcode_check_ten_is_x_and_eleven_is_zero(void **state)
{
    struct xy_code_check chk;
    char out[10];
    (void)state;

    assert_int_equal(t_orgcode_check("10000018"), 'X');
    assert_int_equal(xy_orgcode_check_char("10000018"), 'X');
    assert_int_equal(t_orgcode_check("10000004"), '0');
    assert_int_equal(xy_orgcode_check_char("10000004"), '0');
    xy_orgcode_check("10000018-x", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_string_equal(out, "10000018X");
    xy_orgcode_check("100000040", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
}

static void test_orgcode_with_wrong_check_char_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[10];
    (void)state;

    xy_orgcode_check("M000100Y-5", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "orgcode.check_char");
    assert_string_equal(chk.zh, "组织机构代码校验位错误：应为“4”，实际为“5”");
    assert_string_equal(out, "");
}

static void test_orgcode_of_wrong_length_or_characters_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[10];
    (void)state;

    xy_orgcode_check("M000100Y", out, &chk);
    assert_string_equal(chk.id, "orgcode.length");
    xy_orgcode_check("M000100Y44", out, &chk);
    assert_string_equal(chk.id, "orgcode.length");
    xy_orgcode_check("", out, &chk);
    assert_string_equal(chk.id, "orgcode.length");
    xy_orgcode_check("M00*100Y4", out, &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "orgcode.charset");
    assert_string_equal(out, "");
}

/* ---- 公民身份号码 ---- */

static void test_a_valid_id_number_is_accepted_unchanged(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_idcard_check(IDNO_OK, out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
    assert_null(chk.id);
    assert_string_equal(out, IDNO_OK);
}

static void test_a_lower_case_x_is_folded_to_upper_case_with_a_warning(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_idcard_check("11010519491231002x", out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_WARN);
    assert_string_equal(chk.id, "idcard.lowercase_x");
    assert_string_equal(out, IDNO_OK);
}

static void test_a_15_digit_number_is_converted_to_18_digits_with_a_warning(void **state)
{
    struct xy_code_check chk;
    char out[19], want[19];
    (void)state;

    xy_idcard_check("110105491231002", out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_WARN);
    assert_string_equal(chk.id, "idcard.legacy15");
    assert_string_equal(out, IDNO_OK);
    t_make_idno(want, "440106", "19800229", "123");
    xy_idcard_check("440106800229123", out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_WARN);
    assert_string_equal(out, want);
}

static void test_a_15_digit_number_with_an_impossible_date_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_idcard_check("440106810229123", out, today(), &chk); /* 1981 is not a leap year */
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "idcard.birth_date");
    xy_idcard_check("44010681022912A", out, today(), &chk);
    assert_string_equal(chk.id, "idcard.charset");
}

static void test_id_number_with_wrong_check_char_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_idcard_check("110105194912310021", out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "idcard.check_char");
    assert_string_equal(chk.zh, "身份证号码校验位错误：第18位应为“X”，实际为“1”");
    assert_string_equal(out, "");
}

static void test_id_number_with_an_impossible_birth_date_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19], id[19];
    (void)state;

    t_make_idno(id, "440106", "19900230", "123"); /* right check character, no 30 February */
    xy_idcard_check(id, out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "idcard.birth_date");
    assert_string_equal(chk.zh, "身份证号码中的出生日期“19900230”不是有效日期");
    t_make_idno(id, "440106", "19001301", "123");
    xy_idcard_check(id, out, today(), &chk);
    assert_string_equal(chk.id, "idcard.birth_date");
    t_make_idno(id, "440106", "18800101", "123"); /* before any living person */
    xy_idcard_check(id, out, today(), &chk);
    assert_string_equal(chk.id, "idcard.birth_date");
    t_make_idno(id, "440106", "20000229", "123"); /* 2000 is a leap year */
    xy_idcard_check(id, out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
}

static void test_id_number_with_a_birth_date_in_the_future_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19], id[19];
    (void)state;

    t_make_idno(id, "440106", "20261127", "123");
    xy_idcard_check(id, out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_ERROR);
    assert_string_equal(chk.id, "idcard.birth_future");
    assert_string_equal(chk.zh, "身份证号码中的出生日期“20261127”晚于今天");
    t_make_idno(id, "440106", "20261126", "123"); /* born today */
    xy_idcard_check(id, out, today(), &chk);
    assert_int_equal(chk.level, XY_CHECK_OK);
}

static void test_id_number_of_wrong_length_or_characters_is_rejected(void **state)
{
    struct xy_code_check chk;
    char out[19];
    (void)state;

    xy_idcard_check("11010519491231002", out, today(), &chk);
    assert_string_equal(chk.id, "idcard.length");
    assert_string_equal(chk.zh, "身份证号码应为18位（或旧版15位），实际为17位");
    xy_idcard_check("", out, today(), &chk);
    assert_string_equal(chk.id, "idcard.length");
    xy_idcard_check("1101051949123100AX", out, today(), &chk);
    assert_string_equal(chk.id, "idcard.charset");
    xy_idcard_check("11010519491231002Y", out, today(), &chk);
    assert_string_equal(chk.id, "idcard.charset");
    assert_string_equal(out, "");
}

static void test_id_check_char_agrees_with_the_standard_on_many_numbers(void **state)
{
    unsigned seed = 42;
    char id[18];
    (void)state;

    for (int n = 0; n < 5000; n++) {
        for (int i = 0; i < 17; i++) {
            seed = seed * 1103515245u + 12345u;
            id[i] = (char)('0' + (seed >> 16) % 10);
        }
        id[17] = '\0';
        assert_int_equal(xy_idcard_check_char(id), t_idcard_check(id));
    }
    assert_int_equal(xy_idcard_check_char("1101051949123100A"), 0);
}

static void test_identifier_types_have_chinese_names(void **state)
{
    (void)state;
    assert_string_equal(xy_ident_type_zh(XY_IDENT_USCC), "统一社会信用代码");
    assert_string_equal(xy_ident_type_zh(XY_IDENT_REGNO), "工商注册号");
    assert_string_equal(xy_ident_type_zh(XY_IDENT_SOCCERT), "社会组织登记证号");
    assert_string_equal(xy_ident_type_zh((enum xy_ident_type)0), "标识");
    assert_string_equal(xy_ident_type_zh(XY_IDENT_COUNT), "标识");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_reference_codes_are_valid_by_the_helper),
        cmocka_unit_test(test_a_valid_uscc_is_accepted_unchanged),
        cmocka_unit_test(test_a_lower_case_uscc_is_accepted_and_upper_cased),
        cmocka_unit_test(test_uscc_with_wrong_check_char_is_rejected),
        cmocka_unit_test(test_uscc_of_wrong_length_is_rejected_with_the_length),
        cmocka_unit_test(test_uscc_with_a_letter_outside_the_gb32100_set_is_rejected),
        cmocka_unit_test(test_uscc_with_an_unknown_category_is_rejected),
        cmocka_unit_test(test_the_placeholder_is_an_error_for_the_plain_check),
        cmocka_unit_test(test_the_placeholder_is_recognised_in_either_case),
        cmocka_unit_test(test_a_wrong_embedded_orgcode_check_is_only_a_warning),
        cmocka_unit_test(test_every_single_wrong_character_is_caught),
        cmocka_unit_test(test_check_char_agrees_with_the_standard_on_many_codes),
        cmocka_unit_test(test_generated_valid_codes_pass_for_every_category),
        cmocka_unit_test(test_the_first_two_characters_give_the_subject_kind),
        cmocka_unit_test(test_kinds_have_stable_ids_and_chinese_names),
        cmocka_unit_test(test_a_valid_orgcode_is_accepted_with_or_without_hyphen),
        cmocka_unit_test(test_an_orgcode_with_two_hyphens_is_rejected),
        cmocka_unit_test(test_orgcode_check_ten_is_x_and_eleven_is_zero),
        cmocka_unit_test(test_orgcode_with_wrong_check_char_is_rejected),
        cmocka_unit_test(test_orgcode_of_wrong_length_or_characters_is_rejected),
        cmocka_unit_test(test_a_valid_id_number_is_accepted_unchanged),
        cmocka_unit_test(test_a_lower_case_x_is_folded_to_upper_case_with_a_warning),
        cmocka_unit_test(test_a_15_digit_number_is_converted_to_18_digits_with_a_warning),
        cmocka_unit_test(test_a_15_digit_number_with_an_impossible_date_is_rejected),
        cmocka_unit_test(test_id_number_with_wrong_check_char_is_rejected),
        cmocka_unit_test(test_id_number_with_an_impossible_birth_date_is_rejected),
        cmocka_unit_test(test_id_number_with_a_birth_date_in_the_future_is_rejected),
        cmocka_unit_test(test_id_number_of_wrong_length_or_characters_is_rejected),
        cmocka_unit_test(test_id_check_char_agrees_with_the_standard_on_many_numbers),
        cmocka_unit_test(test_identifier_types_have_chinese_names),
    };
    return cmocka_run_group_tests_name("codes", tests, NULL, NULL);
}
