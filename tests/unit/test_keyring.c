/* test_keyring.c - the key file: permissions, sealing, rotation, sharing (crypto/keyring) */
#define _GNU_SOURCE
#include "helpers.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/arena.h"
#include "crypto/keyring.h"

struct fx {
    char dir[64];
    char path[96];
    struct xy_arena *a;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);

    strcpy(f->dir, "/tmp/xy_keyring_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/test.keys", f->dir);
    f->a = xy_arena_new();
    unsetenv("XINYONG_KEYS");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    assert_int_equal(system(cmd), 0);
    xy_arena_free(f->a);
    free(f);
    unsetenv("XINYONG_KEYS");
    return 0;
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "r");
    static char buf[8192];
    size_t n;

    assert_non_null(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static void test_created_key_file_is_private_and_loads(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr;
    struct stat st;
    int v[4];

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_non_null(strstr(slurp(f->path), "current 1\n"));
    assert_int_equal(xy_keyring_load(f->path, &kr, NULL), XY_OK);
    assert_int_equal(xy_keyring_current(kr), 1);
    assert_int_equal(xy_keyring_versions(kr, v, 4), 1);
    assert_int_equal(v[0], 1);
    assert_string_equal(xy_keyring_path(kr), f->path);
    assert_non_null(xy_keyring_data_key(kr, 1));
    assert_null(xy_keyring_data_key(kr, 2));
    xy_keyring_free(kr);
}

static void test_existing_key_file_is_never_overwritten(void **state)
{
    struct fx *f = *state;
    char before[8192];

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    strcpy(before, slurp(f->path));
    assert_int_equal(xy_keyring_create(f->path, NULL), XY_CONFLICT);
    assert_string_equal(slurp(f->path), before);
}

static void test_key_file_readable_by_others_is_refused_with_the_fix(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr = NULL;
    struct xy_err err = {0};

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(chmod(f->path, 0644), 0);
    assert_int_equal(xy_keyring_load(f->path, &kr, &err), XY_DENIED);
    assert_null(kr);
    assert_non_null(strstr(err.detail, "chmod 600"));
    assert_int_equal(chmod(f->path, 0640), 0);
    assert_int_equal(xy_keyring_load(f->path, &kr, &err), XY_DENIED);
    assert_int_equal(chmod(f->path, 0400), 0);
    assert_int_equal(xy_keyring_load(f->path, &kr, &err), XY_OK);
    xy_keyring_free(kr);
}

static void test_missing_key_file_is_not_found(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr = NULL;
    struct xy_err err = {0};

    assert_int_equal(xy_keyring_load(f->path, &kr, &err), XY_NOT_FOUND);
    assert_non_null(strstr(err.msg, "不存在"));
    assert_int_equal(xy_keyring_load(NULL, &kr, &err), XY_NOT_FOUND);
}

static void write_keys(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(path, 0600), 0);
}

#define HEX64 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

static void test_malformed_key_files_are_refused(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr = NULL;
    static const char *bad[] = {
        "index " HEX64 "\naudit " HEX64 "\ncurrent 1\n",                     /* no data */
        "index " HEX64 "\naudit " HEX64 "\ndata 1 " HEX64 "\n",              /* no current */
        "index " HEX64 "\naudit " HEX64 "\ndata 1 " HEX64 "\ncurrent 2\n",   /* unknown current */
        "audit " HEX64 "\ndata 1 " HEX64 "\ncurrent 1\n",                    /* no index */
        "index 0011\naudit " HEX64 "\ndata 1 " HEX64 "\ncurrent 1\n",        /* short key */
        "index " HEX64 "\naudit " HEX64 "\ndata 1 " HEX64 " x\ncurrent 1\n", /* trailing */
        "index " HEX64 "\naudit " HEX64 "\ndata 1 " HEX64 "\ndata 1 " HEX64 "\ncurrent 1\n",
        "index " HEX64 "\naudit " HEX64 "\ndata 1 " HEX64 "\ncurrent 1\nmaster x\n",
    };
    (void)state;

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct xy_err err = {0};
        write_keys(f->path, bad[i]);
        assert_int_equal(xy_keyring_load(f->path, &kr, &err), XY_PARSE);
        assert_null(kr);
    }
    write_keys(f->path,
               "# comment\n\nindex " HEX64 "\r\naudit " HEX64 "\n  data 7 " HEX64 "\ncurrent 7");
    assert_int_equal(xy_keyring_load(f->path, &kr, NULL), XY_OK);
    assert_int_equal(xy_keyring_current(kr), 7);
    xy_keyring_free(kr);
}

static void test_sealed_text_opens_for_its_purpose_only(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr;
    struct xy_err err = {0};
    const char *s1, *s2;
    char changed[256];

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &kr, NULL), XY_OK);
    s1 = xy_keyring_seal(kr, "idno", "110101199003070011", f->a);
    s2 = xy_keyring_seal(kr, "idno", "110101199003070011", f->a);
    assert_true(!strncmp(s1, "s1:", 3));
    assert_string_not_equal(s1, s2);
    assert_null(strstr(s1, "1101011990"));
    assert_int_equal(xy_keyring_version_of(s1), 1);
    assert_int_equal(xy_keyring_version_of("p1:110101199003070011"), 0);
    assert_int_equal(xy_keyring_version_of("s:abc"), 0);
    assert_int_equal(xy_keyring_version_of("s12x"), 0);
    assert_string_equal(xy_keyring_open(kr, "idno", s1, f->a, NULL), "110101199003070011");
    assert_null(xy_keyring_open(kr, "totp", s1, f->a, &err));
    assert_int_equal(err.code, XY_INVALID);
    snprintf(changed, sizeof changed, "%s", s1);
    changed[10] = changed[10] == 'A' ? 'B' : 'A';
    assert_null(xy_keyring_open(kr, "idno", changed, f->a, &err));
    assert_null(xy_keyring_open(kr, "idno", "s1:!!!", f->a, &err));
    assert_null(xy_keyring_open(kr, "idno", "s9:AAAA", f->a, &err));
    assert_int_equal(err.code, XY_NOT_FOUND);
    assert_null(xy_keyring_open(kr, "idno", "110101199003070011", f->a, &err));
    xy_keyring_free(kr);
}

static void test_rotation_keeps_old_values_open_until_retired(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr;
    const char *old, *now;
    struct stat st;
    int v, vs[4];

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &kr, NULL), XY_OK);
    const unsigned char *index_before = xy_keyring_index_key(kr);
    unsigned char idx[XY_SM3_LEN];
    memcpy(idx, index_before, sizeof idx);
    old = xy_keyring_seal(kr, "idno", "11010119900307001X", f->a);
    assert_int_equal(xy_keyring_rotate(kr, &v, NULL), XY_OK);
    assert_int_equal(v, 2);
    assert_int_equal(xy_keyring_current(kr), 2);
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    now = xy_keyring_seal(kr, "idno", "11010119900307001X", f->a);
    assert_true(!strncmp(now, "s2:", 3));
    assert_string_equal(xy_keyring_open(kr, "idno", old, f->a, NULL), "11010119900307001X");
    assert_int_equal(xy_keyring_versions(kr, vs, 4), 2);
    assert_memory_equal(xy_keyring_index_key(kr), idx, sizeof idx);

    assert_int_equal(xy_keyring_retire(kr, 3, NULL), XY_INVALID); /* not the current one */
    assert_int_equal(xy_keyring_retire(kr, 2, NULL), XY_OK);
    assert_int_equal(xy_keyring_versions(kr, vs, 4), 1);
    assert_int_equal(vs[0], 2);
    assert_null(strstr(slurp(f->path), "data 1 "));
    xy_keyring_free(kr);

    /* after a reload the retired version is gone; the index key is unchanged */
    assert_int_equal(xy_keyring_load(f->path, &kr, NULL), XY_OK);
    assert_null(xy_keyring_open(kr, "idno", old, f->a, NULL));
    assert_string_equal(xy_keyring_open(kr, "idno", now, f->a, NULL), "11010119900307001X");
    assert_memory_equal(xy_keyring_index_key(kr), idx, sizeof idx);
    xy_keyring_free(kr);
}

static void test_another_process_rotation_is_picked_up(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *server, *admin;
    const char *sealed;
    int v;

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &server, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &admin, NULL), XY_OK);
    assert_int_equal(xy_keyring_rotate(admin, &v, NULL), XY_OK);
    sealed = xy_keyring_seal(admin, "idno", "110101199003070011", f->a);
    /* an unknown version makes the server read the file again */
    assert_string_equal(xy_keyring_open(server, "idno", sealed, f->a, NULL), "110101199003070011");
    /* and within a second or so it seals with the new version */
    sleep(1);
    assert_int_equal(xy_keyring_current(server), 2);
    xy_keyring_free(server);
    xy_keyring_free(admin);
}

static void test_keys_from_the_environment_load_but_do_not_rotate(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr, *file;
    struct xy_err err = {0};
    const char *sealed;
    int v;

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &file, NULL), XY_OK);
    sealed = xy_keyring_seal(file, "idno", "110101199003070011", f->a);
    setenv("XINYONG_KEYS", slurp(f->path), 1);
    assert_int_equal(xy_keyring_load("", &kr, NULL), XY_OK);
    assert_string_equal(xy_keyring_path(kr), "");
    assert_string_equal(xy_keyring_open(kr, "idno", sealed, f->a, NULL), "110101199003070011");
    assert_int_equal(xy_keyring_rotate(kr, &v, &err), XY_DENIED);
    assert_non_null(strstr(err.msg, "XINYONG_KEYS"));
    xy_keyring_free(kr);
    xy_keyring_free(file);
}

struct worker {
    struct xy_keyring *kr;
    int failures;
};

static void *seal_and_open(void *p)
{
    struct worker *w = p;
    struct xy_arena *a = xy_arena_new();

    for (int i = 0; i < 2000; i++) {
        const char *s = xy_keyring_seal(w->kr, "idno", "110101199003070011", a);
        const char *t = xy_keyring_open(w->kr, "idno", s, a, NULL);
        if (!t || strcmp(t, "110101199003070011"))
            w->failures++;
        if (i % 100 == 0)
            xy_arena_reset(a);
    }
    xy_arena_free(a);
    return NULL;
}

static void test_threads_share_a_keyring_while_it_rotates(void **state)
{
    struct fx *f = *state;
    struct xy_keyring *kr, *admin;
    pthread_t t[4];
    struct worker w[4];
    int v;

    assert_int_equal(xy_keyring_create(f->path, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &kr, NULL), XY_OK);
    assert_int_equal(xy_keyring_load(f->path, &admin, NULL), XY_OK);
    for (int i = 0; i < 4; i++) {
        w[i] = (struct worker){.kr = kr};
        assert_int_equal(pthread_create(&t[i], NULL, seal_and_open, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++)
        assert_int_equal(xy_keyring_rotate(i % 2 ? kr : admin, &v, NULL), XY_OK);
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(w[i].failures, 0);
    }
    xy_keyring_free(kr);
    xy_keyring_free(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_created_key_file_is_private_and_loads, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_existing_key_file_is_never_overwritten, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_key_file_readable_by_others_is_refused_with_the_fix,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_key_file_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_key_files_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sealed_text_opens_for_its_purpose_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rotation_keeps_old_values_open_until_retired, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_another_process_rotation_is_picked_up, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_keys_from_the_environment_load_but_do_not_rotate,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_share_a_keyring_while_it_rotates, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
