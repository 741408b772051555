/* test_audit.c - the audit trail (service/audit, store/sqlite/audit)
 *
 * Each test runs on a fresh database with its own key file and signing key in a temporary
 * folder, acting as the host operator. Tampering goes through a second SQLite connection, as
 * an intruder with the database file would. With XY_AUDIT_BENCH=N the cost test appends N rows
 * and prints the rates (docs/audit.md quotes them).
 */
#include "helpers.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "crypto/crypto.h"
#include "crypto/keyring.h"
#include "service/audit.h"

struct fx {
    char dir[64];
    char db[128];
    struct xy_config cfg;
    struct xy_keyring *keys;
    struct xy_principal op;
    struct xy_ctx ctx;
    struct xy_arena *a;
};

static void open_store(struct fx *fx)
{
    struct xy_store_opts o = {.path = fx->db, .create = 1, .keys = fx->keys};
    struct xy_err err = {0};

    assert_int_equal(xy_store_open(&o, &fx->ctx.store, &err), XY_OK);
}

static int setup(void **state)
{
    struct fx *fx = xy_calloc(1, sizeof(*fx));
    struct xy_err err = {0};
    char keyfile[160];

    snprintf(fx->dir, sizeof(fx->dir), "/tmp/xyaudit.XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db, sizeof(fx->db), "%s/t.db", fx->dir);
    snprintf(keyfile, sizeof(keyfile), "%s/t.keys", fx->dir);
    assert_int_equal(xy_config_load(&fx->cfg, "/dev/null", &err), XY_OK);
    assert_int_equal(xy_config_set(&fx->cfg, "db", fx->db, &err), XY_OK);
    assert_int_equal(xy_keyring_create(keyfile, &err), XY_OK);
    assert_int_equal(xy_keyring_load(keyfile, &fx->keys, &err), XY_OK);
    xy_principal_operator(&fx->op, "tester");
    fx->ctx.cfg = &fx->cfg;
    fx->ctx.keys = fx->keys;
    fx->ctx.who = &fx->op;
    fx->a = xy_arena_new();
    open_store(fx);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    char cmd[128];

    xy_store_close(fx->ctx.store);
    xy_keyring_free(fx->keys);
    xy_config_release(&fx->cfg);
    xy_arena_free(fx->a);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->dir);
    assert_int_equal(system(cmd), 0);
    free(fx);
    return 0;
}

static void add_rows(struct fx *fx, int n)
{
    struct xy_err err = {0};

    for (int i = 0; i < n; i++) {
        char detail[32];
        struct xy_audit_event ev = {.action = "dept.put",
                                    .target = "dept:1",
                                    .detail = detail,
                                    .result = "ok",
                                    .subject_id = i % 3 == 0 ? 7 : 0};
        snprintf(detail, sizeof(detail), "row %d", i + 1);
        assert_int_equal(xy_audit_record(&fx->ctx, &ev, &err), XY_OK);
    }
}

/* Run SQL on a connection of its own, with the protective triggers dropped first. */
static void tamper(struct fx *fx, const char *sql)
{
    sqlite3 *db;
    char *msg = NULL;

    assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
                                  "DROP TRIGGER audit_checkpoints_no_update;"
                                  "DROP TRIGGER audit_checkpoints_no_delete;",
                                  NULL, NULL, &msg),
                     SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("tamper: %s", msg);
    sqlite3_close(db);
}

static const struct xy_audit_report *verify(struct fx *fx, const char *file)
{
    static struct xy_audit_report rep;
    struct xy_err err = {0};

    assert_int_equal(xy_audit_verify(&fx->ctx, file, fx->a, &rep, &err), XY_OK);
    return &rep;
}

static void expect_problem(const struct xy_audit_report *rep, const char *code, int64_t seq)
{
    if (rep->nproblems == 0)
        fail_msg("no problem found, expected %s at %lld", code, (long long)seq);
    if (strcmp(rep->problems[0].code, code) != 0 || rep->problems[0].seq != seq)
        fail_msg("first problem %s at %lld (%s), expected %s at %lld", rep->problems[0].code,
                 (long long)rep->problems[0].seq, rep->problems[0].message, code, (long long)seq);
}

static void test_mac_encoding_separates_fields_and_null_from_empty(void **state)
{
    unsigned char key[32] = {1}, prev[32] = {0}, m1[32], m2[32], m3[32];
    struct xy_audit_row r = {.seq = 1,
                             .at = 5,
                             .actor = "ab",
                             .role = "x",
                             .action = "y",
                             .target = "c",
                             .result = "ok"};
    struct xy_audit_row s = r, t = r;

    (void)state;
    s.actor = "a";
    s.target = "bc";
    t.detail = "";
    xy_audit_mac(key, prev, &r, m1);
    xy_audit_mac(key, prev, &s, m2);
    xy_audit_mac(key, prev, &t, m3);
    assert_memory_not_equal(m1, m2, 32);
    assert_memory_not_equal(m1, m3, 32);
}

static void test_untouched_trail_verifies_intact(void **state)
{
    struct fx *fx = *state;
    const struct xy_audit_report *rep;

    add_rows(fx, 10);
    rep = verify(fx, NULL);
    assert_int_equal(rep->nproblems, 0);
    assert_int_equal(rep->rows, 10);
    /* the verification appended its own row, which verifies too */
    rep = verify(fx, NULL);
    assert_int_equal(rep->nproblems, 0);
    assert_int_equal(rep->rows, 11);
}

static void test_append_outside_a_transaction_is_refused(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_event ev = {.action = "dept.put"};
    struct xy_err err = {0};

    assert_int_equal(xy_audit_append(&fx->ctx, &ev, &err), XY_INTERNAL);
}

static void test_append_without_audit_key_is_refused(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_event ev = {.action = "dept.put"};
    struct xy_err err = {0};

    fx->ctx.keys = NULL;
    assert_int_equal(xy_audit_record(&fx->ctx, &ev, &err), XY_UNAVAILABLE);
    fx->ctx.keys = fx->keys;
}

static void test_changed_row_is_named(void **state)
{
    struct fx *fx = *state;

    add_rows(fx, 10);
    tamper(fx, "UPDATE audit SET detail = 'row x' WHERE seq = 4");
    expect_problem(verify(fx, NULL), "audit.changed", 4);
}

static void test_deleted_row_is_named(void **state)
{
    struct fx *fx = *state;

    add_rows(fx, 10);
    tamper(fx, "DELETE FROM audit WHERE seq = 6");
    expect_problem(verify(fx, NULL), "audit.deleted", 6);
}

static void test_swapped_rows_are_named_reordered(void **state)
{
    struct fx *fx = *state;

    add_rows(fx, 10);
    tamper(fx, "UPDATE audit SET seq = -5 WHERE seq = 5; UPDATE audit SET seq = 5 WHERE seq = 8;"
               "UPDATE audit SET seq = 8 WHERE seq = -5");
    expect_problem(verify(fx, NULL), "audit.reordered", 5);
}

static void test_row_inserted_in_the_middle_is_named_inserted(void **state)
{
    struct fx *fx = *state;

    add_rows(fx, 10);
    tamper(fx, "UPDATE audit SET seq = seq + 100 WHERE seq >= 7;"
               "UPDATE audit SET seq = seq - 99 WHERE seq >= 107;"
               "INSERT INTO audit(seq, at, actor, role, action, result, mac)"
               " VALUES (7, 1, 'os:x', 'operator', 'dept.put', 'ok', printf('%064d', 0))");
    expect_problem(verify(fx, NULL), "audit.inserted", 7);
}

static void test_copied_row_is_named_inserted(void **state)
{
    struct fx *fx = *state;

    add_rows(fx, 10);
    tamper(fx, "INSERT INTO audit SELECT 11, at, actor, role, dept_id, client, action, target,"
               " subject_id, purpose, result, detail, mac FROM audit WHERE seq = 3");
    expect_problem(verify(fx, NULL), "audit.inserted", 11);
}

static void test_cut_tail_is_found_with_an_exported_checkpoint(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_checkpoint c;
    struct xy_err err = {0};
    char path[160];
    const struct xy_audit_report *rep;

    add_rows(fx, 10);
    snprintf(path, sizeof(path), "%s/ckpt.txt", fx->dir);
    assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_OK);
    assert_int_equal(c.seq, 11);
    assert_int_equal(xy_audit_checkpoint_export(&c, path, fx->a, &err), XY_OK);
    rep = verify(fx, path);
    assert_int_equal(rep->nproblems, 0);
    assert_int_equal(rep->file_seq, 11);
    /* the intruder removes the last rows and the stored checkpoints: the chain alone holds */
    tamper(fx, "DELETE FROM audit WHERE seq >= 9; DELETE FROM audit_checkpoints");
    assert_int_equal(verify(fx, NULL)->nproblems, 0);
    expect_problem(verify(fx, path), "audit.tail_cut", 11);
}

static void test_checkpoint_signature_is_checked(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_checkpoint c;
    struct xy_err err = {0};

    add_rows(fx, 3);
    assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_OK);
    assert_true(xy_audit_checkpoint_valid(&c, fx->a));
    tamper(fx, "UPDATE audit_checkpoints SET at = at + 1");
    expect_problem(verify(fx, NULL), "audit.checkpoint_signature", 4);
}

static void test_signing_key_is_made_owner_only(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_checkpoint c;
    struct xy_err err = {0};
    struct stat st;
    const char *path = xy_audit_signing_key_path(&fx->cfg, fx->a);

    assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_OK);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    chmod(path, 0644);
    assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_DENIED);
}

static void test_delete_outside_a_purge_is_refused(void **state)
{
    struct fx *fx = *state;
    sqlite3 *db;
    char *msg = NULL;

    add_rows(fx, 2);
    assert_int_equal(sqlite3_open(fx->db, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit WHERE seq = 1", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET detail = 'x'", NULL, NULL, &msg),
                         SQLITE_OK);
    sqlite3_free(msg);
    sqlite3_close(db);
    assert_int_equal(verify(fx, NULL)->rows, 2);
}

static void test_purge_stops_at_the_newest_checkpoint_before_the_cut(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_checkpoint c;
    struct xy_audit_purge_result res;
    struct xy_err err = {0};
    const struct xy_audit_report *rep;

    setenv("XY_NOW", "2025-01-01T00:00:00Z", 1);
    add_rows(fx, 5);
    assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_OK); /* seq 6 */
    add_rows(fx, 3);                                                         /* 7..9 */
    setenv("XY_NOW", "2025-12-01T00:00:00Z", 1);
    add_rows(fx, 2); /* 10, 11: recent */
    setenv("XY_NOW", "2026-02-01T00:00:00Z", 1);
    assert_int_equal(xy_audit_purge(&fx->ctx, &res, &err), XY_OK);
    assert_int_equal(res.deleted, 6);
    assert_int_equal(res.anchor_seq, 6);
    rep = verify(fx, NULL);
    assert_int_equal(rep->nproblems, 0);
    assert_int_equal(rep->anchor_seq, 6);
    assert_int_equal(rep->first_seq, 7);
    /* a second purge has nothing older than the cut behind a checkpoint */
    assert_int_equal(xy_audit_purge(&fx->ctx, &res, &err), XY_OK);
    assert_int_equal(res.deleted, 0);
    unsetenv("XY_NOW");
}

static void test_deleting_the_head_after_a_purge_is_found(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_checkpoint c;
    struct xy_audit_purge_result res;
    struct xy_err err = {0};

    setenv("XY_NOW", "2025-01-01T00:00:00Z", 1);
    add_rows(fx, 3);
    assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_OK); /* seq 4 */
    add_rows(fx, 3);
    setenv("XY_NOW", "2026-02-01T00:00:00Z", 1);
    assert_int_equal(xy_audit_purge(&fx->ctx, &res, &err), XY_OK);
    unsetenv("XY_NOW");
    tamper(fx, "DELETE FROM audit WHERE seq = 5");
    expect_problem(verify(fx, NULL), "audit.deleted", 5);
}

static void test_retention_under_six_months_is_refused(void **state)
{
    struct fx *fx = *state;
    struct xy_err err = {0};

    assert_int_not_equal(xy_config_set(&fx->cfg, "audit.retention_days", "100", &err), XY_OK);
    assert_non_null(strstr(err.msg, "183"));
}

static void test_search_needs_audit_read_and_is_itself_audited(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_filter f = {.action = "dept.*", .limit = 5};
    struct xy_principal clerk = {.role = XY_R_OFFICE, .login = "clerk"};
    struct xy_audit_row *rows;
    struct xy_err err = {0};
    size_t n;

    add_rows(fx, 8);
    assert_int_equal(xy_audit_search(&fx->ctx, &f, fx->a, &rows, &n, &err), XY_OK);
    assert_int_equal(n, 5);
    assert_int_equal(rows[0].seq, 8); /* newest first */
    f.action = "audit.search";
    assert_int_equal(xy_audit_search(&fx->ctx, &f, fx->a, &rows, &n, &err), XY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].actor, "os:tester");
    fx->ctx.who = &clerk;
    assert_int_equal(xy_audit_search(&fx->ctx, &f, fx->a, &rows, &n, &err), XY_DENIED);
    fx->ctx.who = &fx->op;
    f.action = "audit.search";
    f.actor = "clerk";
    assert_int_equal(xy_audit_search(&fx->ctx, &f, fx->a, &rows, &n, &err), XY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].result, "denied");
}

static void test_subject_sees_only_its_own_reads(void **state)
{
    struct fx *fx = *state;
    struct xy_principal user = {.role = XY_R_DEPT_USER, .login = "dept1", .dept_id = 3};
    struct xy_principal self = {.role = XY_R_SUBJECT, .login = "s7", .subject_id = 7};
    struct xy_audit_event read = {.action = "record.read_private",
                                  .subject_id = 7,
                                  .purpose = "行政许可审查",
                                  .result = "ok"};
    struct xy_audit_row *rows;
    struct xy_err err = {0};
    size_t n;

    add_rows(fx, 4); /* dept.put rows about subject 7: not reads */
    fx->ctx.who = &user;
    assert_int_equal(xy_audit_record(&fx->ctx, &read, &err), XY_OK);
    fx->ctx.who = &self;
    assert_int_equal(xy_audit_subject_reads(&fx->ctx, 7, fx->a, &rows, &n, &err), XY_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].actor, "dept1");
    assert_string_equal(rows[0].purpose, "行政许可审查");
    assert_int_equal(rows[0].dept_id, 3);
    assert_int_equal(xy_audit_subject_reads(&fx->ctx, 8, fx->a, &rows, &n, &err), XY_DENIED);
    fx->ctx.who = &fx->op;
}

static void test_every_nth_row_is_checkpointed(void **state)
{
    struct fx *fx = *state;
    struct xy_audit_checkpoint c;
    struct xy_err err = {0};

    assert_int_equal(xy_config_set(&fx->cfg, "audit.checkpoint_rows", "4", &err), XY_OK);
    add_rows(fx, 9);
    assert_int_equal(xy_store_audit_checkpoint_get(fx->ctx.store, 4, 0, fx->a, &c, &err), XY_OK);
    assert_int_equal(xy_store_audit_checkpoint_get(fx->ctx.store, 8, 0, fx->a, &c, &err), XY_OK);
    assert_true(xy_audit_checkpoint_valid(&c, fx->a));
    assert_int_equal(verify(fx, NULL)->checkpoints, 2);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Not a check: the figures of docs/audit.md. */
static void test_cost_of_append_and_checkpoint(void **state)
{
    struct fx *fx = *state;
    const char *env = getenv("XY_AUDIT_BENCH");
    int n = env ? atoi(env) : 200;
    struct xy_audit_event ev = {.action = "record.read_private",
                                .target = "record:884",
                                .subject_id = 7,
                                .purpose = "行政许可审查",
                                .result = "ok"};
    struct xy_audit_checkpoint c;
    struct xy_err err = {0};
    double t0, t1, t2, t3;

    assert_int_equal(xy_config_set(&fx->cfg, "audit.checkpoint_rows", "0", &err), XY_OK);
    t0 = now_s();
    assert_int_equal(xy_store_begin(fx->ctx.store, &err), XY_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(xy_audit_append(&fx->ctx, &ev, &err), XY_OK);
    assert_int_equal(xy_store_commit(fx->ctx.store, &err), XY_OK);
    t1 = now_s();
    for (int i = 0; i < 20; i++)
        assert_int_equal(xy_audit_checkpoint(&fx->ctx, fx->a, &c, &err), XY_OK);
    t2 = now_s();
    assert_int_equal(verify(fx, NULL)->nproblems, 0);
    t3 = now_s();
    if (env)
        printf("audit: %d appends in one transaction: %.0f rows/s (%.1f us each); checkpoint "
               "(append + SM2 sign + commit): %.2f ms; verify: %.0f rows/s\n",
               n, n / (t1 - t0), (t1 - t0) / n * 1e6, (t2 - t1) / 20 * 1e3, (n + 20) / (t3 - t2));
    /* a checkpoint at every row: the extra cost of signing inside an append */
    assert_int_equal(xy_config_set(&fx->cfg, "audit.checkpoint_rows", "1", &err), XY_OK);
    t0 = now_s();
    assert_int_equal(xy_store_begin(fx->ctx.store, &err), XY_OK);
    for (int i = 0; i < 200; i++)
        assert_int_equal(xy_audit_append(&fx->ctx, &ev, &err), XY_OK);
    assert_int_equal(xy_store_commit(fx->ctx.store, &err), XY_OK);
    t1 = now_s();
    /* one action, one transaction (synchronous=FULL: the fsync dominates) */
    assert_int_equal(xy_config_set(&fx->cfg, "audit.checkpoint_rows", "0", &err), XY_OK);
    for (int i = 0; i < 100; i++)
        assert_int_equal(xy_audit_record(&fx->ctx, &ev, &err), XY_OK);
    t2 = now_s();
    if (env)
        printf("audit: append with a signed checkpoint each: %.0f us; audit_record (own "
               "transaction): %.2f ms\n",
               (t1 - t0) / 200 * 1e6, (t2 - t1) / 100 * 1e3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mac_encoding_separates_fields_and_null_from_empty),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_untouched_trail_verifies_intact),
        T(test_append_outside_a_transaction_is_refused),
        T(test_append_without_audit_key_is_refused),
        T(test_changed_row_is_named),
        T(test_deleted_row_is_named),
        T(test_swapped_rows_are_named_reordered),
        T(test_row_inserted_in_the_middle_is_named_inserted),
        T(test_copied_row_is_named_inserted),
        T(test_cut_tail_is_found_with_an_exported_checkpoint),
        T(test_checkpoint_signature_is_checked),
        T(test_signing_key_is_made_owner_only),
        T(test_delete_outside_a_purge_is_refused),
        T(test_purge_stops_at_the_newest_checkpoint_before_the_cut),
        T(test_deleting_the_head_after_a_purge_is_found),
        T(test_retention_under_six_months_is_refused),
        T(test_search_needs_audit_read_and_is_itself_audited),
        T(test_subject_sees_only_its_own_reads),
        T(test_every_nth_row_is_checkpointed),
        T(test_cost_of_append_and_checkpoint),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
