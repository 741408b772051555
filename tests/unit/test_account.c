/* test_account.c - password policy, login names and generated passwords (service/account) */
#include "helpers.h"

#include "service/account.h"

static void expect_refused(const char *login, const char *pw, const char *words)
{
    struct xy_err err = {0};
    xy_code rc = xy_password_policy(login, pw, &err);

    if (rc == XY_OK)
        fail_msg("password \"%s\" was accepted", pw);
    if (!strstr(err.msg, words))
        fail_msg("refusal of \"%s\" says \"%s\", not \"%s\"", pw, err.msg, words);
}

static void test_a_password_of_three_classes_and_eight_characters_is_accepted(void **state)
{
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_password_policy("zhang3", "Abcdefg1", &err), XY_OK);
    assert_int_equal(xy_password_policy("zhang3", "abcdef1!", &err), XY_OK);
    assert_int_equal(xy_password_policy("zhang3", "ABCDEF1!", &err), XY_OK);
    assert_int_equal(xy_password_policy(NULL, "Abcdefg!", &err), XY_OK);
}

static void test_a_short_password_is_refused_naming_the_length(void **state)
{
    (void)state;
    expect_refused("zhang3", "Ab1!xyz", "至少需要8个字符");
    expect_refused("zhang3", "", "至少需要8个字符");
}

static void test_chinese_characters_count_as_characters_not_bytes(void **state)
{
    struct xy_err err = {0};

    (void)state;
    /* 7 characters (13 bytes): too short although longer than 8 bytes */
    expect_refused("zhang3", "信用Ab1!x", "至少需要8个字符");
    /* symbols: anything but letters and digits */
    assert_int_equal(xy_password_policy("zhang3", "信用广州Ab12", &err), XY_OK);
}

static void test_a_password_of_two_classes_is_refused_naming_the_classes(void **state)
{
    (void)state;
    expect_refused("zhang3", "abcdefgh1", "至少3类");
    expect_refused("zhang3", "ABCDEFGHij", "至少3类");
    expect_refused("zhang3", "12345678!!", "至少3类");
}

static void test_a_password_containing_the_login_is_refused(void **state)
{
    (void)state;
    expect_refused("zhang3", "Zhang3!2025", "登录名");
    expect_refused("zhang3", "xxZHANG3yy!", "登录名");
}

static void test_control_characters_and_overlong_passwords_are_refused(void **state)
{
    struct xy_err err = {0};
    char big[XY_PASSWORD_MAX_BYTES + 2];

    (void)state;
    assert_int_equal(xy_password_policy("zhang3", "Abcdefg1\t", &err), XY_INVALID);
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    big[0] = 'A';
    big[1] = '1';
    assert_int_equal(xy_password_policy("zhang3", big, &err), XY_TOO_LARGE);
}

static void test_login_names_are_3_to_32_of_lower_case_digits_and_dot_dash_underscore(void **state)
{
    (void)state;
    assert_true(xy_login_valid("abc"));
    assert_true(xy_login_valid("zhang.san_01-x"));
    assert_true(xy_login_valid("abcdefghijklmnopqrstuvwxyz012345"));
    assert_false(xy_login_valid("ab"));
    assert_false(xy_login_valid("abcdefghijklmnopqrstuvwxyz0123456"));
    assert_false(xy_login_valid("Zhang"));
    assert_false(xy_login_valid("zhang san"));
    assert_false(xy_login_valid("张三"));
    assert_false(xy_login_valid("a'--"));
    assert_false(xy_login_valid(""));
    assert_false(xy_login_valid(NULL));
}

static void test_generated_passwords_meet_the_policy_and_differ(void **state)
{
    char a[17], b[17];
    struct xy_err err = {0};

    (void)state;
    for (int i = 0; i < 50; i++) {
        assert_int_equal(xy_password_generate(a, &err), XY_OK);
        assert_int_equal(strlen(a), 16);
        assert_int_equal(xy_password_policy("demo-user", a, &err), XY_OK);
    }
    assert_int_equal(xy_password_generate(b, &err), XY_OK);
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_password_of_three_classes_and_eight_characters_is_accepted),
        cmocka_unit_test(test_a_short_password_is_refused_naming_the_length),
        cmocka_unit_test(test_chinese_characters_count_as_characters_not_bytes),
        cmocka_unit_test(test_a_password_of_two_classes_is_refused_naming_the_classes),
        cmocka_unit_test(test_a_password_containing_the_login_is_refused),
        cmocka_unit_test(test_control_characters_and_overlong_passwords_are_refused),
        cmocka_unit_test(test_login_names_are_3_to_32_of_lower_case_digits_and_dot_dash_underscore),
        cmocka_unit_test(test_generated_passwords_meet_the_policy_and_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
