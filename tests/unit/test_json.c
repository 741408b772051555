/* test_json.c - JSON string writer, nesting writer and string-array reader (base/json) */
#include "helpers.h"

#include "base/json.h"

static char *json_of(const char *s, size_t n)
{
    struct xy_buf b = XY_BUF_INIT;
    assert_int_equal(xy_json_str(&b, s, n), XY_OK);
    return xy_buf_detach(&b);
}

static void test_plain_text_is_quoted_as_is(void **state)
{
    char *s = json_of("hello world", 11);
    (void)state;
    assert_string_equal(s, "\"hello world\"");
    free(s);
}

static void test_chinese_text_stays_readable(void **state)
{
    char *s = json_of("行政处罚", strlen("行政处罚"));
    (void)state;
    assert_string_equal(s, "\"行政处罚\"");
    free(s);
}

static void test_quotes_and_backslashes_are_escaped(void **state)
{
    char *s = json_of("a\"b\\c", 5);
    (void)state;
    assert_string_equal(s, "\"a\\\"b\\\\c\"");
    free(s);
}

static void test_control_characters_are_escaped(void **state)
{
    char *s = json_of("l1\nl2\r\tx\x01\x1f", 10);
    (void)state;
    assert_string_equal(s, "\"l1\\nl2\\r\\tx\\u0001\\u001f\"");
    free(s);
}

static void test_an_embedded_nul_is_written_as_u0000(void **state)
{
    char *s = json_of("a\0b", 3);
    (void)state;
    assert_string_equal(s, "\"a\\u0000b\"");
    free(s);
}

static void test_only_n_bytes_are_written(void **state)
{
    char *s = json_of("abcdef", 3);
    (void)state;
    assert_string_equal(s, "\"abc\"");
    free(s);
}

static void test_an_empty_string_is_two_quotes(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    (void)state;
    assert_int_equal(xy_json_cstr(&b, ""), XY_OK);
    assert_string_equal(b.data, "\"\"");
    xy_buf_release(&b);
}

static void test_strings_are_appended_after_existing_content(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    (void)state;
    xy_buf_adds(&b, "{\"name\":");
    xy_json_cstr(&b, "张三");
    xy_buf_addc(&b, '}');
    assert_string_equal(b.data, "{\"name\":\"张三\"}");
    xy_buf_release(&b);
}

static void test_a_string_that_does_not_fit_the_cap_is_too_large(void **state)
{
    struct xy_buf b;
    (void)state;
    xy_buf_init(&b, 8);
    assert_int_equal(xy_json_cstr(&b, "123456"), XY_OK); /* 8 bytes with quotes */
    xy_buf_reset(&b);
    assert_int_equal(xy_json_cstr(&b, "1234567"), XY_TOO_LARGE);
    xy_buf_reset(&b);
    assert_int_equal(xy_json_cstr(&b, "\n\n\n"), XY_OK); /* 3 x 2 bytes escaped + quotes */
    xy_buf_reset(&b);
    assert_int_equal(xy_json_cstr(&b, "\x01\x01"), XY_TOO_LARGE); /* 2 x 6 + quotes */
    xy_buf_release(&b);
}

static void test_the_writer_places_commas_between_members_and_items(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    struct xy_jw w;
    (void)state;
    xy_jw_init(&w, &b);
    xy_jw_obj(&w);
    xy_jw_kstr(&w, "a", "张三");
    xy_jw_kint(&w, "n", -3);
    xy_jw_key(&w, "list");
    xy_jw_arr(&w);
    xy_jw_str(&w, NULL);
    xy_jw_bool(&w, 1);
    xy_jw_obj(&w);
    xy_jw_end(&w);
    xy_jw_end(&w);
    xy_jw_kbool(&w, "b", 0);
    xy_jw_end(&w);
    assert_string_equal(b.data, "{\"a\":\"张三\",\"n\":-3,\"list\":[null,true,{}],\"b\":false}");
    xy_buf_release(&b);
}

static void test_an_array_of_strings_reads_back_what_the_writer_wrote(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_buf b = XY_BUF_INIT;
    const char *in[] = {"穗市监罚〔2025〕1号", "a\"b\\c\n\t\x01", "", "x"};
    const char **v;
    size_t n;
    (void)state;
    xy_buf_addc(&b, '[');
    for (size_t i = 0; i < 4; i++) {
        xy_json_cstr(&b, in[i]);
        xy_buf_addc(&b, ',');
    }
    xy_buf_adds(&b, "null]");
    assert_int_equal(xy_json_strings(b.data, a, &v, &n), 0);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(v[i], in[i]);
    assert_null(v[4]);
    xy_buf_release(&b);
    xy_arena_free(a);
}

static void test_unicode_escapes_and_surrogate_pairs_are_decoded(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char **v;
    size_t n;
    (void)state;
    assert_int_equal(xy_json_strings("[\"\\u5f20\\u4e09\", \"\\ud842\\udfb7\"]", a, &v, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0], "张三");
    assert_string_equal(v[1], "\xf0\xa0\xae\xb7"); /* 𠮷 */
    assert_int_equal(xy_json_strings("[]", a, &v, &n), 0);
    assert_int_equal(n, 0);
    xy_arena_free(a);
}

static void test_anything_but_an_array_of_strings_is_refused(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char **v;
    size_t n;
    const char *bad[] = {"",          "[",         "[1]",           "[\"a\"",
                         "[\"a\",]",  "{\"a\":1}", "[\"\\u0000\"]", "[\"\\ud800\"]",
                         "[\"\\x\"]", "[\"a\"] x", "[[\"a\"]]",     "[nul]"};
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(xy_json_strings(bad[i], a, &v, &n), -1);
    assert_int_equal(xy_json_strings(NULL, a, &v, &n), -1);
    xy_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text_is_quoted_as_is),
        cmocka_unit_test(test_chinese_text_stays_readable),
        cmocka_unit_test(test_quotes_and_backslashes_are_escaped),
        cmocka_unit_test(test_control_characters_are_escaped),
        cmocka_unit_test(test_an_embedded_nul_is_written_as_u0000),
        cmocka_unit_test(test_only_n_bytes_are_written),
        cmocka_unit_test(test_an_empty_string_is_two_quotes),
        cmocka_unit_test(test_strings_are_appended_after_existing_content),
        cmocka_unit_test(test_a_string_that_does_not_fit_the_cap_is_too_large),
        cmocka_unit_test(test_the_writer_places_commas_between_members_and_items),
        cmocka_unit_test(test_an_array_of_strings_reads_back_what_the_writer_wrote),
        cmocka_unit_test(test_unicode_escapes_and_surrogate_pairs_are_decoded),
        cmocka_unit_test(test_anything_but_an_array_of_strings_is_refused),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
