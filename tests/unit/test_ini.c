/* test_ini.c - INI text parser (base/ini) */
#include "helpers.h"

#include "base/ini.h"

/* Collects "section|name|key=value@line" per call, separated by newlines. */
struct seen {
    char text[4096];
    int calls;
    int fail_at; /* return XY_INVALID on this call (1-based), 0 = never */
};

static xy_code collect(void *ctx, const char *section, const char *name, const char *key,
                       const char *value, long line, struct xy_err *err)
{
    struct seen *s = ctx;
    size_t n = strlen(s->text);

    s->calls++;
    snprintf(s->text + n, sizeof(s->text) - n, "%s|%s|%s=%s@%ld\n", section, name, key, value,
             line);
    if (s->calls == s->fail_at)
        return xy_err_set(err, XY_INVALID, "key \"%s\" is not allowed", key);
    return XY_OK;
}

static xy_code parse(const char *text, struct seen *s, struct xy_err *err)
{
    memset(s->text, 0, sizeof(s->text));
    s->calls = 0;
    xy_err_clear(err);
    return xy_ini_parse(text, strlen(text), collect, s, err);
}

static void test_keys_come_with_their_section_name_and_line(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(
        parse("[item]\nid = xzcf\n\n[field XDR_MC]\nname = 行政相对人名称\n", &s, &err), XY_OK);
    assert_string_equal(s.text, "item||id=xzcf@2\nfield|XDR_MC|name=行政相对人名称@5\n");
}

static void test_keys_before_the_first_header_have_an_empty_section(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("db = x.db\n[ingest]\nbatch_rows=10", &s, &err), XY_OK);
    assert_string_equal(s.text, "||db=x.db@1\ningest||batch_rows=10@3\n");
}

static void test_values_are_trimmed_and_may_contain_equals_signs(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("  required =   if XDR_LB = 自然人 \t\n", &s, &err), XY_OK);
    assert_string_equal(s.text, "||required=if XDR_LB = 自然人@1\n");
}

static void test_comments_and_blank_lines_are_skipped_but_counted(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("; comment\n# another = not a key\n\n   \na = 1\n", &s, &err), XY_OK);
    assert_string_equal(s.text, "||a=1@5\n");
}

static void test_a_utf8_byte_order_mark_and_crlf_line_ends_are_accepted(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("\xEF\xBB\xBF[item]\r\nid = hmd\r\nname = 红名单\r\n", &s, &err), XY_OK);
    assert_string_equal(s.text, "item||id=hmd@2\nitem||name=红名单@3\n");
}

static void test_a_header_with_extra_spaces_gives_section_and_name(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("[  field   CF_WSH  ]\nkey = yes\n", &s, &err), XY_OK);
    assert_string_equal(s.text, "field|CF_WSH|key=yes@2\n");
}

static void test_a_line_without_equals_sign_is_a_parse_error_naming_the_line(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("[item]\nid = a\nthis is not a pair\n", &s, &err), XY_PARSE);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "line 3: expected \"key = value\", found \"this is not a pair\"");
    assert_int_equal(s.calls, 1);
}

static void test_an_unclosed_section_header_is_a_parse_error(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("a = 1\n[field XDR_MC\nname = x\n", &s, &err), XY_PARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "is not closed"));
    assert_int_equal(parse("[item] trailing\n", &s, &err), XY_PARSE);
    assert_int_equal(err.line, 1);
}

static void test_a_callback_error_stops_the_parse_and_gets_the_line(void **state)
{
    struct seen s = {.fail_at = 2};
    struct xy_err err;
    (void)state;

    assert_int_equal(parse("a = 1\n\nb = 2\nc = 3\n", &s, &err), XY_INVALID);
    assert_int_equal(s.calls, 2);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.msg, "key \"b\" is not allowed");
}

static void test_an_overlong_line_is_too_large(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    char *text = malloc(5000 + 16);
    (void)state;

    strcpy(text, "a = 1\nb = ");
    memset(text + strlen(text), 'x', 5000);
    text[10 + 5000] = '\0';
    assert_int_equal(parse(text, &s, &err), XY_TOO_LARGE);
    assert_int_equal(err.line, 2);
    free(text);
}

static void test_a_nul_byte_inside_a_line_is_rejected(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    memset(s.text, 0, sizeof(s.text));
    assert_int_equal(xy_ini_parse("a = 1\nb = \0x\n", 12, collect, &s, &err), XY_PARSE);
    assert_int_equal(err.line, 2);
}

static void test_the_last_line_needs_no_newline_and_only_len_bytes_are_read(void **state)
{
    struct seen s = {.fail_at = 0};
    struct xy_err err;
    (void)state;

    memset(s.text, 0, sizeof(s.text));
    assert_int_equal(xy_ini_parse("a = 1\nb = 2junk", 11, collect, &s, &err), XY_OK);
    assert_string_equal(s.text, "||a=1@1\n||b=2@2\n");
}

static void test_syntax_errors_are_returned_when_the_caller_passes_no_error_record(void **state)
{
    struct seen s = {.fail_at = 0};
    (void)state;

    memset(s.text, 0, sizeof(s.text));
    assert_int_equal(xy_ini_parse("no pair here\n", 13, collect, &s, NULL), XY_PARSE);
    assert_int_equal(xy_ini_parse("[open\n", 6, collect, &s, NULL), XY_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_come_with_their_section_name_and_line),
        cmocka_unit_test(test_keys_before_the_first_header_have_an_empty_section),
        cmocka_unit_test(test_values_are_trimmed_and_may_contain_equals_signs),
        cmocka_unit_test(test_comments_and_blank_lines_are_skipped_but_counted),
        cmocka_unit_test(test_a_utf8_byte_order_mark_and_crlf_line_ends_are_accepted),
        cmocka_unit_test(test_a_header_with_extra_spaces_gives_section_and_name),
        cmocka_unit_test(test_a_line_without_equals_sign_is_a_parse_error_naming_the_line),
        cmocka_unit_test(test_an_unclosed_section_header_is_a_parse_error),
        cmocka_unit_test(test_a_callback_error_stops_the_parse_and_gets_the_line),
        cmocka_unit_test(test_an_overlong_line_is_too_large),
        cmocka_unit_test(test_a_nul_byte_inside_a_line_is_rejected),
        cmocka_unit_test(test_the_last_line_needs_no_newline_and_only_len_bytes_are_read),
        cmocka_unit_test(test_syntax_errors_are_returned_when_the_caller_passes_no_error_record),
    };
    return cmocka_run_group_tests_name("ini", tests, NULL, NULL);
}
