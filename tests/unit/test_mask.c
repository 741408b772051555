/* test_mask.c - masks for personal data (domain/mask) */
#include "helpers.h"

#include "domain/mask.h"

static int setup(void **state)
{
    *state = xy_arena_new();
    return 0;
}

static int teardown(void **state)
{
    xy_arena_free(*state);
    return 0;
}

static void test_an_id_number_keeps_its_first_six_and_last_four_characters(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_idno(a, "440106199001011235"), "440106********1235");
    assert_string_equal(xy_mask_idno(a, "11010519491231002X"), "110105********002X");
}

static void test_a_15_digit_id_number_is_masked_the_same_way(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_idno(a, "110105491231002"), "110105*****1002");
}

static void test_a_short_identifier_is_starred_whole(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_idno(a, "E12345678"), "*********");
    assert_string_equal(xy_mask_idno(a, "1234567890123"), "*************");
    assert_string_equal(xy_mask_idno(a, ""), "");
}

static void test_the_mask_never_reveals_the_birth_date(void **state)
{
    struct xy_arena *a = *state;
    const char *m = xy_mask_idno(a, "440106199001011235");

    assert_null(strstr(m, "19900101"));
    assert_null(strstr(m, "1990"));
    assert_int_equal(strlen(m), 18);
}

static void test_a_two_character_name_keeps_the_surname(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_name(a, "张三"), "张*");
}

static void test_a_three_character_name_keeps_the_first_and_last_characters(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_name(a, "张小明"), "张*明");
}

static void test_a_longer_name_stars_every_middle_character(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_name(a, "欧阳丽丽"), "欧**丽");
    assert_string_equal(xy_mask_name(a, "爱新觉罗溥仪"), "爱****仪");
}

static void test_a_one_character_name_is_followed_by_a_star(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_name(a, "明"), "明*");
}

static void test_an_empty_name_stays_empty(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_name(a, ""), "");
}

static void test_latin_names_are_masked_character_by_character(void **state)
{
    struct xy_arena *a = *state;

    assert_string_equal(xy_mask_name(a, "Anna"), "A**a");
    /* a name mixing scripts: 4-byte character kept whole at the end */
    assert_string_equal(xy_mask_name(a, "王\xF0\xA0\x80\x80"), "王*");
    assert_string_equal(xy_mask_name(a, "王小\xF0\xA0\x80\x80"), "王*\xF0\xA0\x80\x80");
}

static void test_a_name_longer_than_64_characters_is_masked_all_the_way(void **state)
{
    struct xy_arena *a = *state;
    char name[400] = "", want[400] = "";

    for (int i = 0; i < 70; i++)
        strcat(name, i == 0 ? "欧" : i == 69 ? "丽" : "阳");
    strcat(want, "欧");
    for (int i = 0; i < 68; i++)
        strcat(want, "*");
    strcat(want, "丽");
    assert_string_equal(xy_mask_name(a, name), want);
}

static void test_an_id_number_is_found_in_text_in_half_and_full_width_digits(void **state)
{
    (void)state;
    assert_true(xy_mask_has_idno("身份证440111195109133712"));
    assert_true(xy_mask_has_idno("44011119510913371X号"));
    assert_true(xy_mask_has_idno("证件４４０１１１１９５１０９１３３７１２"));
    assert_true(xy_mask_has_idno("４４０１１１１９５１０９１３３７１Ｘ"));
    assert_true(xy_mask_has_idno("44011119510９１３３７１２")); /* mixed widths */
    assert_false(xy_mask_has_idno("广州第一建筑工程有限公司"));
    assert_false(xy_mask_has_idno("（2026）粤01执100号"));
    assert_false(xy_mask_has_idno("１２３４５６７８９０１２３４")); /* 14 digits */
    assert_false(xy_mask_has_idno("4401111951ï¼"));                 /* a cut sequence */
    assert_false(xy_mask_has_idno(NULL));
}

static void test_id_numbers_in_text_are_masked_wherever_they_hide(void **state)
{
    struct xy_arena *a = xy_arena_new();

    (void)state;
    /* an ID number, alone and inside text */
    assert_string_equal(xy_mask_ids_in_text(a, "440117197503295283"), "440117********5283");
    assert_string_equal(xy_mask_ids_in_text(a, "身份证440117197503295283（笔误）"),
                        "身份证440117********5283（笔误）");
    /* typed full-width */
    assert_string_equal(xy_mask_ids_in_text(a, "４４０１１７１９７５０３２９５２８３"),
                        "440117********5283");
    /* inside a longer number: a 纳税人识别号 of 20 digits */
    assert_null(strstr(xy_mask_ids_in_text(a, "纳税人识别号44011719750329528201"), "197503295"));
    /* a 15-digit run (an old ID number or a 工商注册号) */
    assert_string_equal(xy_mask_ids_in_text(a, "440118744789608"), "440118*****9608");
    /* an all-digit 统一社会信用代码 is an organisation's code: kept */
    assert_string_equal(xy_mask_ids_in_text(a, "121000004000003980"), "121000004000003980");
    /* short numbers and text are untouched */
    assert_string_equal(xy_mask_ids_in_text(a, "罚款人民币100000元"), "罚款人民币100000元");
    xy_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_numbers_in_text_are_masked_wherever_they_hide),
        cmocka_unit_test_setup_teardown(test_a_name_longer_than_64_characters_is_masked_all_the_way,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_an_id_number_keeps_its_first_six_and_last_four_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_15_digit_id_number_is_masked_the_same_way, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_short_identifier_is_starred_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_mask_never_reveals_the_birth_date, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_two_character_name_keeps_the_surname, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_three_character_name_keeps_the_first_and_last_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_longer_name_stars_every_middle_character, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_one_character_name_is_followed_by_a_star, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_empty_name_stays_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_latin_names_are_masked_character_by_character, setup,
                                        teardown),
        cmocka_unit_test(test_an_id_number_is_found_in_text_in_half_and_full_width_digits),
    };
    return cmocka_run_group_tests_name("mask", tests, NULL, NULL);
}
