/* test_config.c - the typed configuration table (base/config) */
#include "helpers.h"

#include <unistd.h>

#include "base/config.h"

static char dir[64];
static char path[128];

static const char *const env_names[] = {
    "XINYONG_CONFIG",
    "XINYONG_DB",
    "XINYONG_CATALOG_DIR",
    "XINYONG_LOG_LEVEL",
    "XINYONG_INGEST_BATCH_ROWS",
    "XINYONG_INGEST_MAX_LINE_BYTES",
    "XINYONG_INGEST_MAX_FIELD_BYTES",
    "XINYONG_INGEST_MAX_FILE_BYTES",
    "XINYONG_STORE_CACHE_MB",
};

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
        unsetenv(env_names[i]);
    strcpy(dir, "/tmp/xy_test_config_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/xinyong.conf", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    rmdir(dir);
    return 0;
}

static void write_conf(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_an_empty_file_leaves_every_default(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    size_t n;
    (void)state;

    write_conf("");
    assert_int_equal(xy_config_load(&cfg, path, &err), XY_OK);
    assert_string_equal(cfg.db, "xinyong.db");
    n = strlen(cfg.catalog_dir);
    assert_true(n >= 7 && strcmp(cfg.catalog_dir + n - 7, "catalog") == 0);
    assert_string_equal(cfg.log_level, "warn");
    assert_int_equal(cfg.ingest_batch_rows, 100000);
    assert_int_equal(cfg.ingest_max_line_bytes, 65536);
    assert_int_equal(cfg.ingest_max_field_bytes, 8192);
    assert_true(cfg.ingest_max_file_bytes == 8589934592LL);
    assert_int_equal(cfg.store_cache_mb, 256);
    xy_config_release(&cfg);
    assert_null(cfg.db);
}

static void test_file_values_override_defaults_by_section_and_key(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    (void)state;

    write_conf("db = /var/lib/xinyong/x.db\nlog_level = debug\n\n[ingest]\nbatch_rows = 1000\n"
               "max_file_bytes = 1099511627776\n[store]\ncache_mb = 2\n");
    assert_int_equal(xy_config_load(&cfg, path, &err), XY_OK);
    assert_string_equal(cfg.db, "/var/lib/xinyong/x.db");
    assert_string_equal(cfg.log_level, "debug");
    assert_int_equal(cfg.ingest_batch_rows, 1000);
    assert_true(cfg.ingest_max_file_bytes == 1099511627776LL);
    assert_int_equal(cfg.store_cache_mb, 2);
    assert_int_equal(cfg.ingest_max_line_bytes, 65536);
    xy_config_release(&cfg);
}

static void test_an_unknown_key_in_the_file_names_the_file_line_and_key(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    char want[256];
    (void)state;

    write_conf("db = a.db\n[ingest]\nbatch_size = 10\n");
    assert_int_equal(xy_config_load(&cfg, path, &err), XY_INVALID);
    snprintf(want, sizeof(want), "%s:3: unknown configuration key \"ingest.batch_size\"", path);
    assert_string_equal(err.msg, want);
    assert_int_equal(err.line, 3);
    xy_config_release(&cfg);
}

static void test_a_number_out_of_range_is_rejected_with_the_range(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    char want[256];
    (void)state;

    write_conf("[ingest]\nbatch_rows = 0\n");
    assert_int_equal(xy_config_load(&cfg, path, &err), XY_INVALID);
    snprintf(want, sizeof(want), "%s:2: ingest.batch_rows = 0 is out of range (1 to 1000000)",
             path);
    assert_string_equal(err.msg, want);
    xy_config_release(&cfg);
}

static void test_text_where_a_number_belongs_is_rejected(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    (void)state;

    xy_config_load(&cfg, path, &err); /* missing file: fails, but cfg holds the defaults */
    assert_int_equal(xy_config_set(&cfg, "store.cache_mb", "64MB", &err), XY_INVALID);
    assert_string_equal(err.msg, "store.cache_mb = \"64MB\" is not a whole number");
    assert_int_equal(xy_config_set(&cfg, "store.cache_mb", "", &err), XY_INVALID);
    assert_int_equal(xy_config_set(&cfg, "store.cache_mb", "99999999999999999999", &err),
                     XY_INVALID);
    assert_int_equal(cfg.store_cache_mb, 256);
    assert_int_equal(xy_config_set(&cfg, "store.cache_mb", "64", &err), XY_OK);
    assert_int_equal(cfg.store_cache_mb, 64);
    xy_config_release(&cfg);
}

static void test_an_unknown_key_cannot_be_set(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    (void)state;

    write_conf("");
    xy_config_load(&cfg, path, &err);
    assert_int_equal(xy_config_set(&cfg, "cache_mb", "64", &err), XY_INVALID);
    assert_string_equal(err.msg, "unknown configuration key \"cache_mb\"");
    xy_config_release(&cfg);
}

static void test_the_environment_overrides_the_file(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    (void)state;

    write_conf("db = file.db\n[ingest]\nbatch_rows = 1000\n");
    setenv("XINYONG_DB", "env.db", 1);
    setenv("XINYONG_INGEST_BATCH_ROWS", "77", 1);
    assert_int_equal(xy_config_load(&cfg, path, &err), XY_OK);
    unsetenv("XINYONG_DB");
    unsetenv("XINYONG_INGEST_BATCH_ROWS");
    assert_string_equal(cfg.db, "env.db");
    assert_int_equal(cfg.ingest_batch_rows, 77);
    xy_config_release(&cfg);
}

static void test_a_bad_environment_value_names_the_variable(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    (void)state;

    write_conf("");
    setenv("XINYONG_STORE_CACHE_MB", "1", 1);
    assert_int_equal(xy_config_load(&cfg, path, &err), XY_INVALID);
    unsetenv("XINYONG_STORE_CACHE_MB");
    assert_string_equal(err.msg, "environment variable XINYONG_STORE_CACHE_MB: store.cache_mb = 1 "
                                 "is out of range (2 to 16384)");
    xy_config_release(&cfg);
}

static void test_a_missing_file_named_explicitly_is_an_io_error(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    char want[256];
    (void)state;

    assert_int_equal(xy_config_load(&cfg, path, &err), XY_IO);
    snprintf(want, sizeof(want), "cannot open configuration file \"%s\": ", path);
    assert_memory_equal(err.msg, want, strlen(want));
    xy_config_release(&cfg);
}

static void test_xinyong_config_names_the_file_when_no_path_is_given(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    (void)state;

    write_conf("log_level = error\n");
    setenv("XINYONG_CONFIG", path, 1);
    assert_int_equal(xy_config_load(&cfg, NULL, &err), XY_OK);
    unsetenv("XINYONG_CONFIG");
    assert_string_equal(cfg.log_level, "error");
    xy_config_release(&cfg);
}

static void test_without_a_path_a_missing_default_file_is_not_an_error(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    char cwd[512];
    (void)state;

    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(dir), 0); /* holds no xinyong.conf yet */
    assert_int_equal(xy_config_load(&cfg, NULL, &err), XY_OK);
    assert_string_equal(cfg.db, "xinyong.db");
    xy_config_release(&cfg);
    write_conf("db = local.db\n");
    assert_int_equal(xy_config_load(&cfg, NULL, &err), XY_OK);
    assert_string_equal(cfg.db, "local.db");
    xy_config_release(&cfg);
    assert_int_equal(chdir(cwd), 0);
}

static void test_a_bad_file_is_reported_without_an_error_record(void **state)
{
    struct xy_config cfg;
    (void)state;

    write_conf("nonsense\n");
    assert_int_equal(xy_config_load(&cfg, path, NULL), XY_PARSE);
    xy_config_release(&cfg);
}

struct lines {
    char text[8192];
    int n;
};

static void add_line(const char *line, void *ctx)
{
    struct lines *l = ctx;
    size_t k = strlen(l->text);
    snprintf(l->text + k, sizeof(l->text) - k, "%s\n", line);
    l->n++;
}

static void test_describe_prints_every_key_with_its_value_and_help(void **state)
{
    struct xy_config cfg;
    struct xy_err err;
    struct lines l = {"", 0};
    (void)state;

    write_conf("[ingest]\nbatch_rows = 123\n");
    xy_config_load(&cfg, path, &err);
    xy_config_describe(&cfg, add_line, &l);
    /* every key: 36, joint.rescreen_window_days, screen.max_bytes, http.vendor_dir and the five
     * report.* keys */
    assert_int_equal(l.n, 44);
    assert_non_null(strstr(l.text, "measures_file                = "));
    assert_non_null(strstr(l.text, "scenarios_file               = "));
    assert_non_null(strstr(l.text, "publicity_rules              = "));
    assert_non_null(strstr(l.text, "security.key_file            = "));
    assert_non_null(strstr(l.text, "ingest.batch_rows            = 123                      ; "
                                   "rows written per transaction\n"));
    assert_non_null(strstr(l.text, "db                           = xinyong.db"));
    assert_non_null(strstr(l.text, "ingest.max_file_bytes        = 8589934592"));
    assert_non_null(strstr(l.text, "http.port                    = 8080"));
    assert_non_null(strstr(l.text, "http.listen                  = 127.0.0.1"));
    xy_config_release(&cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_an_empty_file_leaves_every_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_values_override_defaults_by_section_and_key,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_an_unknown_key_in_the_file_names_the_file_line_and_key,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_number_out_of_range_is_rejected_with_the_range,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_where_a_number_belongs_is_rejected, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_unknown_key_cannot_be_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_environment_overrides_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_bad_environment_value_names_the_variable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_missing_file_named_explicitly_is_an_io_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_xinyong_config_names_the_file_when_no_path_is_given,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_without_a_path_a_missing_default_file_is_not_an_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_bad_file_is_reported_without_an_error_record, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_describe_prints_every_key_with_its_value_and_help,
                                        setup, teardown),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
