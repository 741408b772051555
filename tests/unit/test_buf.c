/* test_buf.c - growable byte buffer with a hard cap (base/buf) */
#include "helpers.h"

#include "base/buf.h"

static void test_a_new_buffer_is_empty_and_detaches_to_an_empty_string(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    char *s;
    (void)state;

    assert_null(b.data);
    assert_int_equal(b.len, 0);
    s = xy_buf_detach(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_appends_concatenate_and_keep_a_terminating_nul(void **state)
{
    struct xy_buf b;
    (void)state;

    xy_buf_init(&b, 0);
    assert_int_equal(xy_buf_adds(&b, "行政"), XY_OK);
    assert_int_equal(xy_buf_addc(&b, '-'), XY_OK);
    assert_int_equal(xy_buf_add(&b, "处罚XYZ", 6), XY_OK);
    assert_int_equal(b.len, strlen("行政-处罚"));
    assert_string_equal(b.data, "行政-处罚");
    assert_int_equal(b.data[b.len], '\0');
    assert_true(b.len < b.cap);
    xy_buf_release(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
}

static void test_printf_appends_formatted_text(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    (void)state;

    xy_buf_adds(&b, "rows=");
    assert_int_equal(xy_buf_printf(&b, "%d errors=%s", 50000, "3"), XY_OK);
    assert_string_equal(b.data, "rows=50000 errors=3");
    assert_int_equal(b.len, strlen("rows=50000 errors=3"));
    xy_buf_release(&b);
}

static void test_exactly_max_bytes_fit(void **state)
{
    struct xy_buf b;
    (void)state;

    xy_buf_init(&b, 8);
    assert_int_equal(xy_buf_adds(&b, "12345678"), XY_OK);
    assert_string_equal(b.data, "12345678");
    assert_int_equal(xy_buf_addc(&b, '9'), XY_TOO_LARGE);
    xy_buf_release(&b);
}

static void test_growth_past_max_fails_with_too_large_and_leaves_the_buffer_unchanged(void **state)
{
    struct xy_buf b;
    (void)state;

    xy_buf_init(&b, 10);
    assert_int_equal(xy_buf_adds(&b, "abcdef"), XY_OK);
    assert_int_equal(xy_buf_adds(&b, "ghijk"), XY_TOO_LARGE);
    assert_string_equal(b.data, "abcdef");
    assert_int_equal(b.len, 6);
    assert_int_equal(xy_buf_printf(&b, "%s", "0123456789"), XY_TOO_LARGE);
    assert_string_equal(b.data, "abcdef");
    assert_int_equal(b.len, 6);
    assert_int_equal(xy_buf_grow(&b, 5), XY_TOO_LARGE);
    assert_int_equal(xy_buf_grow(&b, 4), XY_OK);
    xy_buf_release(&b);
}

static void test_a_size_that_would_overflow_is_too_large(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    (void)state;

    xy_buf_adds(&b, "x");
    assert_int_equal(xy_buf_grow(&b, SIZE_MAX), XY_TOO_LARGE);
    assert_string_equal(b.data, "x");
    xy_buf_release(&b);
}

static void test_many_appends_grow_the_buffer_without_losing_bytes(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    (void)state;

    for (int i = 0; i < 10000; i++)
        assert_int_equal(xy_buf_addc(&b, (char)('a' + i % 26)), XY_OK);
    assert_int_equal(b.len, 10000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    assert_int_equal(b.data[10000], '\0');
    xy_buf_release(&b);
}

static void test_embedded_nul_bytes_are_kept(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    (void)state;

    xy_buf_add(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    xy_buf_release(&b);
}

static void test_reset_empties_the_buffer_but_keeps_its_memory(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    size_t cap;
    (void)state;

    xy_buf_adds(&b, "some text");
    cap = b.cap;
    xy_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(b.cap, cap);
    xy_buf_adds(&b, "new");
    assert_string_equal(b.data, "new");
    xy_buf_release(&b);
}

static void test_detach_hands_over_the_string_and_leaves_the_buffer_empty(void **state)
{
    struct xy_buf b = XY_BUF_INIT;
    char *s;
    (void)state;

    xy_buf_adds(&b, "统一社会信用代码");
    s = xy_buf_detach(&b);
    assert_string_equal(s, "统一社会信用代码");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    xy_buf_adds(&b, "again");
    assert_string_equal(b.data, "again");
    free(s);
    xy_buf_release(&b);
}

static void test_strdup_copies_the_string(void **state)
{
    const char *src = "广州市";
    char *s = xy_strdup(src);
    (void)state;

    assert_ptr_not_equal(s, src);
    assert_string_equal(s, src);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_new_buffer_is_empty_and_detaches_to_an_empty_string),
        cmocka_unit_test(test_appends_concatenate_and_keep_a_terminating_nul),
        cmocka_unit_test(test_printf_appends_formatted_text),
        cmocka_unit_test(test_exactly_max_bytes_fit),
        cmocka_unit_test(test_growth_past_max_fails_with_too_large_and_leaves_the_buffer_unchanged),
        cmocka_unit_test(test_a_size_that_would_overflow_is_too_large),
        cmocka_unit_test(test_many_appends_grow_the_buffer_without_losing_bytes),
        cmocka_unit_test(test_embedded_nul_bytes_are_kept),
        cmocka_unit_test(test_reset_empties_the_buffer_but_keeps_its_memory),
        cmocka_unit_test(test_detach_hands_over_the_string_and_leaves_the_buffer_empty),
        cmocka_unit_test(test_strdup_copies_the_string),
    };
    return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
