/* test_arena.c - region allocator (base/arena) */
#include "helpers.h"

#include "base/arena.h"

static void test_allocations_are_16_byte_aligned(void **state)
{
    struct xy_arena *a = xy_arena_new();
    (void)state;

    for (size_t n = 0; n < 100; n++) {
        void *p = xy_arena_alloc(a, n);
        assert_int_equal((uintptr_t)p % 16, 0);
    }
    assert_int_equal((uintptr_t)xy_arena_alloc(a, 200000) % 16, 0);
    xy_arena_free(a);
}

static void test_zalloc_returns_zeroed_memory(void **state)
{
    struct xy_arena *a = xy_arena_new();
    unsigned char *p;
    (void)state;

    /* dirty the block first so that zeroes cannot come from a fresh page */
    memset(xy_arena_alloc(a, 4096), 0xAB, 4096);
    xy_arena_reset(a);
    p = xy_arena_zalloc(a, 4096);
    for (int i = 0; i < 4096; i++)
        assert_int_equal(p[i], 0);
    xy_arena_free(a);
}

static void test_many_small_allocations_do_not_overlap(void **state)
{
    struct xy_arena *a = xy_arena_new();
    unsigned char *ptrs[5000];
    (void)state;

    /* 5000 x 40 bytes spans several 64 KiB blocks */
    for (int i = 0; i < 5000; i++) {
        ptrs[i] = xy_arena_alloc(a, 40);
        memset(ptrs[i], i & 0xFF, 40);
    }
    for (int i = 0; i < 5000; i++)
        for (int k = 0; k < 40; k++)
            assert_int_equal(ptrs[i][k], i & 0xFF);
    xy_arena_free(a);
}

static void
test_a_large_allocation_is_usable_and_small_ones_continue_in_the_current_block(void **state)
{
    struct xy_arena *a = xy_arena_new();
    char *s1, *big, *s2;
    (void)state;

    s1 = xy_arena_alloc(a, 16);
    big = xy_arena_alloc(a, 1 << 20);
    memset(big, 'x', 1 << 20);
    s2 = xy_arena_alloc(a, 16);
    /* the big one got a block of its own; the small ones stay together */
    assert_ptr_equal(s2, s1 + 16);
    assert_int_equal(big[0], 'x');
    assert_int_equal(big[(1 << 20) - 1], 'x');
    xy_arena_free(a);
}

static void test_strdup_strndup_and_printf_copy_into_the_arena(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *src = "行政处罚决定书";
    char *s, *t, *u;
    (void)state;

    s = xy_arena_strdup(a, src);
    assert_ptr_not_equal(s, src);
    assert_string_equal(s, src);
    t = xy_arena_strndup(a, "XDR_SHXYM and more", 9);
    assert_string_equal(t, "XDR_SHXYM");
    u = xy_arena_printf(a, "%s:%05d", "line", 42);
    assert_string_equal(u, "line:00042");
    assert_string_equal(xy_arena_printf(a, "%s", ""), "");
    xy_arena_free(a);
}

static char order[16];
static size_t norder;

static void record_call(void *p)
{
    order[norder++] = *(const char *)p;
    order[norder] = '\0';
}

static void test_deferred_cleanups_run_in_reverse_order_when_the_arena_is_freed(void **state)
{
    struct xy_arena *a = xy_arena_new();
    (void)state;

    norder = 0;
    order[0] = '\0';
    xy_arena_defer(a, record_call, "1");
    xy_arena_defer(a, record_call, "2");
    xy_arena_defer(a, record_call, "3");
    assert_string_equal(order, "");
    xy_arena_free(a);
    assert_string_equal(order, "321");
}

static void test_reset_runs_cleanups_once_and_the_arena_stays_usable(void **state)
{
    struct xy_arena *a = xy_arena_new();
    char *s;
    (void)state;

    norder = 0;
    order[0] = '\0';
    xy_arena_defer(a, record_call, "a");
    xy_arena_alloc(a, 300000);
    xy_arena_reset(a);
    assert_string_equal(order, "a");
    s = xy_arena_strdup(a, "after reset");
    assert_string_equal(s, "after reset");
    xy_arena_defer(a, record_call, "b");
    xy_arena_free(a);
    assert_string_equal(order, "ab");
}

static void test_freeing_null_is_a_noop(void **state)
{
    (void)state;
    xy_arena_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_are_16_byte_aligned),
        cmocka_unit_test(test_zalloc_returns_zeroed_memory),
        cmocka_unit_test(test_many_small_allocations_do_not_overlap),
        cmocka_unit_test(
            test_a_large_allocation_is_usable_and_small_ones_continue_in_the_current_block),
        cmocka_unit_test(test_strdup_strndup_and_printf_copy_into_the_arena),
        cmocka_unit_test(test_deferred_cleanups_run_in_reverse_order_when_the_arena_is_freed),
        cmocka_unit_test(test_reset_runs_cleanups_once_and_the_arena_stays_usable),
        cmocka_unit_test(test_freeing_null_is_a_noop),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
