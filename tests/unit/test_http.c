/* test_http.c - route table, static paths, token buckets and the dispatcher, without sockets
 * (http/) */
#include "helpers.h"

#include "base/config.h"
#include "http/http.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "service/catalog_load.h"

static struct xy_http_req new_req(const char *method, const char *path)
{
    struct xy_http_req r;
    memset(&r, 0, sizeof(r));
    r.method = method;
    r.path = path;
    r.a = xy_arena_new();
    r.client = "192.0.2.1";
    strcpy(r.request_id, "00000000000000aa");
    return r;
}

static const struct xy_route *find(struct xy_http_req *r, int *known, char *allow)
{
    return xy_route_find(r->method, r->path, r, known, allow, 64);
}

static void test_a_path_with_a_code_matches_its_route_and_gives_the_code(void **state)
{
    struct xy_http_req r = new_req("GET", "/api/v1/subjects/91440106MA5000006F");
    char allow[64];
    int known;
    const struct xy_route *rt = find(&r, &known, allow);
    (void)state;
    assert_non_null(rt);
    assert_string_equal(rt->pattern, "/api/v1/subjects/{code}");
    assert_int_equal(r.nargs, 1);
    assert_string_equal(r.args[0], "91440106MA5000006F");
    xy_arena_free(r.a);
}

static void test_a_literal_path_wins_over_a_code_segment(void **state)
{
    struct xy_http_req r = new_req("POST", "/api/v1/subjects/person");
    char allow[64];
    int known;
    const struct xy_route *rt = find(&r, &known, allow);
    (void)state;
    assert_non_null(rt);
    assert_string_equal(rt->pattern, "/api/v1/subjects/person");
    xy_arena_free(r.a);
}

static void test_a_wrong_method_on_a_known_path_is_405_with_the_allowed_methods(void **state)
{
    struct xy_http_req r = new_req("GET", "/api/v1/subjects/person");
    char allow[64];
    int known;
    (void)state;
    assert_null(find(&r, &known, allow));
    assert_true(known);
    assert_string_equal(allow, "POST");
    r.method = "DELETE";
    r.path = "/api/v1/health";
    assert_null(find(&r, &known, allow));
    assert_true(known);
    assert_string_equal(allow, "GET, HEAD");
    xy_arena_free(r.a);
}

static void test_head_is_answered_where_get_is(void **state)
{
    struct xy_http_req r = new_req("HEAD", "/api/v1/health");
    char allow[64];
    int known;
    (void)state;
    assert_non_null(find(&r, &known, allow));
    xy_arena_free(r.a);
}

static void test_an_unknown_api_path_matches_nothing_not_even_the_static_files(void **state)
{
    const char *paths[] = {"/api/v1/nothing", "/api/v1/subjects/", "/api/v1/subjects/a/b",
                           "/api/v2/health", "/api/v1/healthz"};
    (void)state;
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        struct xy_http_req r = new_req("GET", paths[i]);
        char allow[64];
        int known;
        assert_null(find(&r, &known, allow));
        assert_false(known);
        xy_arena_free(r.a);
    }
}

static void test_static_paths_outside_the_web_folder_are_refused(void **state)
{
    (void)state;
    assert_true(xy_http_safe_path("/index.html"));
    assert_true(xy_http_safe_path("/js/api.js"));
    assert_false(xy_http_safe_path("/../src/main.c"));
    assert_false(xy_http_safe_path("/js/../../etc/passwd"));
    assert_false(xy_http_safe_path("/.git/config"));
    assert_false(xy_http_safe_path("/index.html%00.png"));
    assert_false(xy_http_safe_path("/a\\..\\b"));
    assert_false(xy_http_safe_path("//etc/passwd"));
    assert_false(xy_http_safe_path("/js/"));
    assert_false(xy_http_safe_path("relative.html"));
}

static void test_only_allow_listed_file_types_are_served(void **state)
{
    (void)state;
    assert_string_equal(xy_http_content_type("/a.css"), "text/css; charset=utf-8");
    assert_string_equal(xy_http_content_type("/a.js"), "text/javascript; charset=utf-8");
    assert_null(xy_http_content_type("/xinyong.db"));
    assert_null(xy_http_content_type("/run.sh"));
    assert_null(xy_http_content_type("/html"));
}

static void test_a_client_past_its_burst_is_refused_with_a_retry_time(void **state)
{
    struct xy_ratelimit *rl = xy_ratelimit_new(60, 3); /* one a second, three at once */
    long retry;
    (void)state;
    for (int i = 0; i < 3; i++)
        assert_true(xy_ratelimit_take(rl, "192.0.2.1", 100.0, &retry));
    assert_false(xy_ratelimit_take(rl, "192.0.2.1", 100.0, &retry));
    assert_int_equal(retry, 1);
    /* another client has its own bucket */
    assert_true(xy_ratelimit_take(rl, "192.0.2.2", 100.0, &retry));
    /* a second later one token is back */
    assert_true(xy_ratelimit_take(rl, "192.0.2.1", 101.0, &retry));
    assert_false(xy_ratelimit_take(rl, "192.0.2.1", 101.0, &retry));
    xy_ratelimit_free(rl);
}

static void test_a_rate_of_zero_means_no_limit(void **state)
{
    struct xy_ratelimit *rl = xy_ratelimit_new(0, 1);
    long retry;
    (void)state;
    for (int i = 0; i < 1000; i++)
        assert_true(xy_ratelimit_take(rl, "192.0.2.1", 1.0, &retry));
    xy_ratelimit_free(rl);
}

static void test_many_clients_never_grow_the_table(void **state)
{
    struct xy_ratelimit *rl = xy_ratelimit_new(60, 1);
    char ip[32];
    long retry;
    (void)state;
    for (int i = 0; i < 200000; i++) {
        snprintf(ip, sizeof(ip), "10.%d.%d.%d", i >> 16 & 255, i >> 8 & 255, i & 255);
        assert_true(xy_ratelimit_take(rl, ip, (double)i / 1000.0, &retry));
    }
    xy_ratelimit_free(rl);
}

struct fx {
    struct xy_config cfg;
    struct xy_catalog *cat;
    struct xy_server *srv;
    struct xy_ctx ctx;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    struct xy_err err;
    assert_int_equal(xy_config_load(&f->cfg, "/dev/null", &err), XY_OK);
    assert_int_equal(xy_config_set(&f->cfg, "http.rate_per_min", "60", &err), XY_OK);
    assert_int_equal(xy_config_set(&f->cfg, "http.rate_burst", "2", &err), XY_OK);
    assert_int_equal(xy_catalog_load_dir(XY_TEST_CATALOG_DIR, &f->cat, &err), XY_OK);
    f->ctx.cfg = &f->cfg;
    f->ctx.cat = f->cat;
    assert_int_equal(xy_server_new(&f->ctx, &f->srv, &err), XY_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    xy_server_free(f->srv);
    xy_catalog_free(f->cat);
    xy_config_release(&f->cfg);
    free(f);
    return 0;
}

static void run(struct fx *f, struct xy_http_req *r, struct xy_http_resp *resp)
{
    char allow[64];
    int known;
    const struct xy_route *rt = find(r, &known, allow);
    assert_non_null(rt);
    r->ctx = &f->ctx;
    r->srv = f->srv;
    memset(resp, 0, sizeof(*resp));
    xy_buf_init(&resp->body, 0);
    xy_buf_addc(&resp->body, '\0');
    resp->body.len = 0;
    xy_http_dispatch(r, rt, resp);
    xy_buf_addc(&resp->body, '\0');
}

static void test_the_catalogue_lists_public_items_with_their_tab(void **state)
{
    struct fx *f = *state;
    struct xy_http_req r = new_req("GET", "/api/v1/catalog");
    struct xy_http_resp resp;
    run(f, &r, &resp);
    assert_int_equal(resp.status, 200);
    assert_non_null(strstr(resp.body.data, "\"id\":\"xzcf\""));
    assert_non_null(strstr(resp.body.data, "\"tab\":\"penalty\",\"tab_name\":\"行政处罚\""));
    /* 纳税信用等级 is 有条件共享: not in the public catalogue */
    assert_null(strstr(resp.body.data, "\"id\":\"nsxy\""));
    xy_buf_release(&resp.body);
    xy_arena_free(r.a);
}

static void test_a_person_search_without_a_json_body_is_415_in_the_error_shape(void **state)
{
    struct fx *f = *state;
    struct xy_http_req r = new_req("POST", "/api/v1/subjects/person");
    struct xy_http_resp resp;
    r.content_type = "application/x-www-form-urlencoded";
    r.body = "name=a";
    r.body_len = 6;
    run(f, &r, &resp);
    assert_int_equal(resp.status, 415);
    assert_non_null(strstr(resp.body.data, "{\"error\":{\"code\":\"UNSUPPORTED\",\"message\":\""));
    assert_non_null(strstr(resp.body.data, "\"request_id\":\"00000000000000aa\"}}"));
    xy_buf_release(&resp.body);
    xy_arena_free(r.a);
}

static void test_malformed_json_is_400_naming_where_it_breaks(void **state)
{
    struct fx *f = *state;
    struct xy_http_req r = new_req("POST", "/api/v1/subjects/person");
    struct xy_http_resp resp;
    r.content_type = "application/json";
    r.body = "{\"name\": \"张三\",\n \"id_number\": }";
    r.body_len = strlen(r.body);
    run(f, &r, &resp);
    assert_int_equal(resp.status, 400);
    assert_non_null(strstr(resp.body.data, "\"code\":\"PARSE\""));
    assert_non_null(strstr(resp.body.data, "第2行"));
    xy_buf_release(&resp.body);
    xy_arena_free(r.a);
}

static void test_a_rate_limited_route_answers_429_past_the_burst(void **state)
{
    struct fx *f = *state;
    int statuses[3];
    for (int i = 0; i < 3; i++) {
        struct xy_http_req r = new_req("POST", "/api/v1/subjects/person");
        struct xy_http_resp resp;
        r.content_type = "text/plain"; /* 415 after the limit check: no store needed */
        run(f, &r, &resp);
        statuses[i] = resp.status;
        if (i == 2) {
            assert_true(resp.retry_after_s >= 1);
            assert_non_null(strstr(resp.body.data, "\"code\":\"RATE_LIMITED\""));
        }
        xy_buf_release(&resp.body);
        xy_arena_free(r.a);
    }
    assert_int_equal(statuses[0], 415);
    assert_int_equal(statuses[1], 415);
    assert_int_equal(statuses[2], 429);
}

static void test_internal_errors_reach_the_client_without_their_detail(void **state)
{
    struct xy_http_req r = new_req("GET", "/");
    struct xy_http_resp resp;
    struct xy_err err;
    (void)state;
    memset(&resp, 0, sizeof(resp));
    xy_buf_init(&resp.body, 0);
    xy_err_set(&err, XY_STORAGE, "SELECT failed on /var/lib/x.db: disk I/O error");
    xy_http_error_from(&r, &resp, &err);
    xy_buf_addc(&resp.body, '\0');
    assert_int_equal(resp.status, 500);
    assert_null(strstr(resp.body.data, "SELECT"));
    assert_null(strstr(resp.body.data, "x.db"));
    assert_non_null(strstr(resp.body.data, "\"code\":\"STORAGE\""));
    xy_buf_release(&resp.body);
    xy_arena_free(r.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_path_with_a_code_matches_its_route_and_gives_the_code),
        cmocka_unit_test(test_a_literal_path_wins_over_a_code_segment),
        cmocka_unit_test(test_a_wrong_method_on_a_known_path_is_405_with_the_allowed_methods),
        cmocka_unit_test(test_head_is_answered_where_get_is),
        cmocka_unit_test(test_an_unknown_api_path_matches_nothing_not_even_the_static_files),
        cmocka_unit_test(test_static_paths_outside_the_web_folder_are_refused),
        cmocka_unit_test(test_only_allow_listed_file_types_are_served),
        cmocka_unit_test(test_a_client_past_its_burst_is_refused_with_a_retry_time),
        cmocka_unit_test(test_a_rate_of_zero_means_no_limit),
        cmocka_unit_test(test_many_clients_never_grow_the_table),
        cmocka_unit_test_setup_teardown(test_the_catalogue_lists_public_items_with_their_tab, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_a_person_search_without_a_json_body_is_415_in_the_error_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_json_is_400_naming_where_it_breaks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_rate_limited_route_answers_429_past_the_burst, setup,
                                        teardown),
        cmocka_unit_test(test_internal_errors_reach_the_client_without_their_detail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
