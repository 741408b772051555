/* test_names_t2s.c - name matching with the real traditional-to-simplified converter (OpenCC,
 * service/t2s) */
#include "helpers.h"

#include <pthread.h>

#include "base/arena.h"
#include "domain/names.h"
#include "service/t2s.h"

static struct xy_t2s *t2s;

static int setup(void **state)
{
    struct xy_err err = {0};
    (void)state;
    if (xy_t2s_open(NULL, &t2s, &err) != XY_OK) {
        fprintf(stderr, "OpenCC: %s (%s)\n", err.msg, err.detail);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xy_t2s_free(t2s);
    return 0;
}

static int score(const char *a, const char *b, struct xy_name_match *m)
{
    struct xy_arena *ar = xy_arena_new();
    struct xy_name_t2s conv = xy_t2s_converter(t2s);
    struct xy_name_key ka, kb;
    struct xy_err err = {0};

    if (xy_name_key_make(a, &conv, ar, &ka, &err) != XY_OK ||
        xy_name_key_make(b, &conv, ar, &kb, &err) != XY_OK)
        fail_msg("key: %s", err.msg);
    xy_name_match(&ka, &kb, m);
    xy_arena_free(ar);
    return m->score;
}

static int has(const struct xy_name_match *m, const char *id)
{
    for (int i = 0; i < m->nreasons; i++)
        if (!strcmp(m->reasons[i].id, id))
            return 1;
    return 0;
}

static void test_opencc_makes_traditional_names_simplified(void **state)
{
    struct xy_name_match m;
    (void)state;

    assert_int_equal(score("廣州市華為技術有限公司", "广州市华为技术有限公司", &m), 100);
    assert_true(has(&m, "t2s_folded"));
    assert_int_equal(score("ＡＢＣ（廣州）有限責任公司", "ABC(广州)有限公司", &m), 98);
    assert_true(has(&m, "t2s_folded") && has(&m, "width_folded") && has(&m, "form_variant"));
    assert_int_equal(score("中國銀行股份有限公司廣州分行", "中国银行股份有限公司广州分行", &m),
                     100);
}

static void test_opencc_leaves_simplified_names_alone(void **state)
{
    struct xy_arena *ar = xy_arena_new();
    struct xy_name_t2s conv = xy_t2s_converter(t2s);
    struct xy_name_key k;
    struct xy_err err = {0};
    (void)state;

    assert_int_equal(xy_name_key_make("广州市后发制造有限公司", &conv, ar, &k, &err), XY_OK);
    assert_false(k.flags & XY_NAME_T2S);
    assert_string_equal(k.core, "后发制造");
    xy_arena_free(ar);
}

static void test_a_missing_opencc_config_is_reported(void **state)
{
    struct xy_t2s *t = NULL;
    struct xy_err err = {0};
    (void)state;

    assert_int_equal(xy_t2s_open("/nonexistent/t2s.json", &t, &err), XY_UNAVAILABLE);
    assert_null(t);
    assert_non_null(strstr(err.msg, "/nonexistent/t2s.json"));
    xy_t2s_free(NULL);
}

/* One converter shared by several threads (service/t2s.h says it may be). */
static void *worker(void *arg)
{
    int *bad = arg;
    for (int i = 0; i < 300; i++) {
        struct xy_name_match m;
        if (score("廣州市華為技術有限公司", "广州市华为技术有限公司", &m) != 100 ||
            score("臺灣積體電路製造股份有限公司", "台湾积体电路制造股份有限公司", &m) != 100)
            (*bad)++;
    }
    return NULL;
}

static void test_one_converter_serves_several_threads(void **state)
{
    pthread_t th[4];
    int bad[4] = {0};
    (void)state;

    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker, &bad[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(bad[i], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opencc_makes_traditional_names_simplified),
        cmocka_unit_test(test_opencc_leaves_simplified_names_alone),
        cmocka_unit_test(test_a_missing_opencc_config_is_reported),
        cmocka_unit_test(test_one_converter_serves_several_threads),
    };
    return cmocka_run_group_tests_name("names_t2s", tests, setup, teardown);
}
