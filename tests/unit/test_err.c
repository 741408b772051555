/* test_err.c - result codes and the error record (base/err) */
#include "helpers.h"

#include "base/err.h"

static void test_code_numbers_are_stable_because_they_are_append_only(void **state)
{
    (void)state;
    assert_int_equal(XY_OK, 0);
    assert_int_equal(XY_INVALID, 1);
    assert_int_equal(XY_NOT_FOUND, 2);
    assert_int_equal(XY_CONFLICT, 3);
    assert_int_equal(XY_DENIED, 4);
    assert_int_equal(XY_TOO_LARGE, 5);
    assert_int_equal(XY_PARSE, 6);
    assert_int_equal(XY_IO, 7);
    assert_int_equal(XY_STORAGE, 8);
    assert_int_equal(XY_UNAVAILABLE, 9);
    assert_int_equal(XY_INTERNAL, 10);
}

static void test_each_code_has_a_name_and_a_description(void **state)
{
    (void)state;
    assert_string_equal(xy_code_name(XY_OK), "OK");
    assert_string_equal(xy_code_name(XY_TOO_LARGE), "TOO_LARGE");
    assert_string_equal(xy_code_name(XY_INTERNAL), "INTERNAL");
    assert_string_equal(xy_code_text(XY_OK), "success");
    assert_string_equal(xy_code_text(XY_NOT_FOUND), "not found");
    assert_string_equal(xy_code_text(XY_PARSE), "malformed input");
}

static void test_an_unknown_code_is_named_unknown(void **state)
{
    (void)state;
    assert_string_equal(xy_code_name(XY_CODE_COUNT), "UNKNOWN");
    assert_string_equal(xy_code_name((xy_code)-1), "UNKNOWN");
    assert_string_equal(xy_code_text((xy_code)99), "unknown error");
}

static void test_set_fills_code_message_and_source_location_and_returns_the_code(void **state)
{
    struct xy_err err;
    xy_code rc;
    (void)state;

    xy_err_clear(&err);
    err.line = 7;
    err.field = "stale";
    err.hint = "stale";
    xy_err_detail(&err, "stale detail");
    rc = xy_err_set(&err, XY_INVALID, "统一社会信用代码 \"%s\" has a wrong check character", "X1");
    assert_int_equal(rc, XY_INVALID);
    assert_int_equal(err.code, XY_INVALID);
    assert_string_equal(err.msg, "统一社会信用代码 \"X1\" has a wrong check character");
    assert_non_null(strstr(err.file, "test_err.c"));
    assert_true(err.src_line > 0);
    /* a new error does not inherit context from the previous one */
    assert_int_equal(err.line, 0);
    assert_null(err.field);
    assert_null(err.hint);
    assert_string_equal(err.detail, "");
}

static void test_set_with_null_err_only_returns_the_code(void **state)
{
    (void)state;
    assert_int_equal(xy_err_set(NULL, XY_IO, "could not read \"%s\"", "a.csv"), XY_IO);
    xy_err_detail(NULL, "ignored");
    xy_err_clear(NULL);
}

static void test_prefix_adds_context_before_the_message_and_keeps_the_code(void **state)
{
    struct xy_err err;
    (void)state;

    xy_err_set(&err, XY_PARSE, "unterminated quote");
    assert_int_equal(xy_err_prefix(&err, "line %d of \"%s\": ", 12, "penalties.csv"), XY_PARSE);
    assert_string_equal(err.msg, "line 12 of \"penalties.csv\": unterminated quote");
    assert_int_equal(err.code, XY_PARSE);
}

static void test_long_messages_are_truncated_to_fit_and_stay_terminated(void **state)
{
    struct xy_err err;
    char big[600];
    (void)state;

    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    xy_err_set(&err, XY_TOO_LARGE, "%s", big);
    assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
    xy_err_prefix(&err, "ctx: ");
    assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
    assert_memory_equal(err.msg, "ctx: aaa", 8);
    xy_err_detail(&err, "%s", big);
    assert_int_equal(strlen(err.detail), sizeof(err.detail) - 1);
}

/* 1 when s is whole UTF-8 (no stray or cut sequence). */
static int whole_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static void test_a_message_never_holds_a_cut_chinese_character(void **state)
{
    struct xy_err err;
    char big[600] = "";
    (void)state;

    /* "%.4s" of 异议 cuts 议 after its first byte: the stray byte goes, the rest stays */
    xy_err_set(&err, XY_INVALID, "理由“%.4s”无效", "异议");
    assert_string_equal(err.msg, "理由“异”无效");
    /* cut at the end of the buffer, in the middle of a character */
    for (size_t i = 0; i + 3 < sizeof(big); i += 3)
        strcat(big, "字");
    xy_err_set(&err, XY_TOO_LARGE, "a%s", big);
    assert_true(whole_utf8(err.msg));
    assert_true(strlen(err.msg) >= sizeof(err.msg) - 4);
    xy_err_prefix(&err, "前缀");
    assert_true(whole_utf8(err.msg));
    /* bytes that are no UTF-8 at all are dropped too */
    xy_err_set(&err, XY_INVALID, "值“%s”",
               "a\xff\xc0"
               "b");
    assert_string_equal(err.msg, "值“ab”");
}

static void test_clear_resets_every_member(void **state)
{
    struct xy_err err;
    (void)state;

    xy_err_set(&err, XY_DENIED, "permission denied for \"%s\"", "bob");
    xy_err_detail(&err, "more");
    xy_err_clear(&err);
    assert_int_equal(err.code, XY_OK);
    assert_string_equal(err.msg, "");
    assert_string_equal(err.detail, "");
    assert_null(err.file);
    assert_int_equal(err.line, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_numbers_are_stable_because_they_are_append_only),
        cmocka_unit_test(test_each_code_has_a_name_and_a_description),
        cmocka_unit_test(test_an_unknown_code_is_named_unknown),
        cmocka_unit_test(test_set_fills_code_message_and_source_location_and_returns_the_code),
        cmocka_unit_test(test_set_with_null_err_only_returns_the_code),
        cmocka_unit_test(test_prefix_adds_context_before_the_message_and_keeps_the_code),
        cmocka_unit_test(test_long_messages_are_truncated_to_fit_and_stay_terminated),
        cmocka_unit_test(test_a_message_never_holds_a_cut_chinese_character),
        cmocka_unit_test(test_clear_resets_every_member),
    };
    return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
