/* test_authz.c - the role table and the one permission check (service/authz)
 *
 * The whole policy is written out again below as an explicit table, role by permission, so
 * that any change to the grants in authz.c has to be made twice: once there, once here,
 * on purpose.
 */
#include "helpers.h"

#include "service/authz.h"

/* columns, in the order of XY_PERM_MAP */
enum { UM, SM, AR, DM, IV, BS, BD, BA, RP, RV, AG, SR, ST, RF, RD, CK, LA, SG };

/* clang-format off */
static const struct {
    enum xy_role role;
    unsigned char can[XY_PERM_COUNT];
} expected[] = {
    /*                UM SM AR DM IV BS BD BA RP RV AG SR ST RF RD CK LA SG */
    {XY_R_NONE,      {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {XY_R_SYSADMIN,  {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {XY_R_SECADMIN,  {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {XY_R_AUDITOR,   {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
    {XY_R_OFFICE,    {0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1}},
    {XY_R_SUBMITTER, {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0}},
    {XY_R_DEPT_USER, {0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0}},
    {XY_R_REVIEWER,  {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0}},
    {XY_R_AGENCY,    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}},
    {XY_R_SUBJECT,   {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0}},
    /* the host account: everything but acting as a subject or an agency, or approving a
     * black-list addition as the second person */
    {XY_R_OPERATOR,  {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1}},
};
/* clang-format on */

static void test_the_column_order_follows_the_permission_map(void **state)
{
    (void)state;
    assert_int_equal(XY_PERM_COUNT, 18);
    assert_int_equal(UM, XY_PERM_USER_MANAGE);
    assert_int_equal(SM, XY_PERM_SECURITY_MANAGE);
    assert_int_equal(AR, XY_PERM_AUDIT_READ);
    assert_int_equal(DM, XY_PERM_DEPT_MANAGE);
    assert_int_equal(IV, XY_PERM_IDENTITY_VERIFY);
    assert_int_equal(BS, XY_PERM_BATCH_SUBMIT);
    assert_int_equal(BD, XY_PERM_BATCH_READ_DEPT);
    assert_int_equal(BA, XY_PERM_BATCH_READ_ALL);
    assert_int_equal(RP, XY_PERM_RECORD_READ_PRIVATE);
    assert_int_equal(RV, XY_PERM_REVIEW);
    assert_int_equal(AG, XY_PERM_AGENCY_READ);
    assert_int_equal(SR, XY_PERM_SELF_READ);
    assert_int_equal(ST, XY_PERM_STATS_READ);
    assert_int_equal(RF, XY_PERM_REMEDY_FILE);
    assert_int_equal(RD, XY_PERM_REMEDY_DEPT);
    assert_int_equal(CK, XY_PERM_CHECK);
    assert_int_equal(LA, XY_PERM_LIST_APPROVE);
    assert_int_equal(SG, XY_PERM_STATS_MANAGE);
}

static void test_every_role_holds_exactly_the_permissions_of_the_table(void **state)
{
    (void)state;
    assert_int_equal(sizeof(expected) / sizeof(expected[0]), XY_R_COUNT);
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        for (int p = 0; p < XY_PERM_COUNT; p++) {
            int got = xy_role_has(expected[i].role, (enum xy_perm)p);
            if (got != expected[i].can[p])
                fail_msg("%s %s %s, expected %s", xy_role_name(expected[i].role),
                         got ? "holds" : "lacks", xy_perm_name((enum xy_perm)p),
                         expected[i].can[p] ? "to hold it" : "not to");
        }
}

static void test_the_check_agrees_with_the_table_for_every_role_and_permission(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        struct xy_principal who = {.role = expected[i].role, .login = "t"};
        for (int p = 0; p < XY_PERM_COUNT; p++) {
            struct xy_err err = {0};
            xy_code rc = xy_authz_require(&who, (enum xy_perm)p, &err);
            assert_int_equal(rc, expected[i].can[p] ? XY_OK : XY_DENIED);
            if (rc != XY_OK)
                assert_true(err.msg[0] != '\0');
        }
    }
}

static void test_no_account_role_holds_two_of_user_security_and_audit(void **state)
{
    (void)state;
    for (int r = 0; r < XY_R_COUNT; r++) {
        int n;
        /* the operator is the host account, not an account role: the host carries the
         * separation (authz.c) */
        if (r == XY_R_OPERATOR)
            continue;
        n = xy_role_has((enum xy_role)r, XY_PERM_USER_MANAGE) +
            xy_role_has((enum xy_role)r, XY_PERM_SECURITY_MANAGE) +
            xy_role_has((enum xy_role)r, XY_PERM_AUDIT_READ);
        if (n > 1)
            fail_msg("role %s holds %d of user.manage, security.manage, audit.read",
                     xy_role_name((enum xy_role)r), n);
    }
}

static void test_the_operator_cannot_be_given_to_an_account(void **state)
{
    (void)state;
    assert_int_equal(xy_role_from_name("operator"), XY_R_COUNT);
    assert_int_equal(xy_role_from_name("anonymous"), XY_R_COUNT);
    assert_int_equal(xy_role_from_name(NULL), XY_R_COUNT);
    assert_int_equal(xy_role_from_name("SYSADMIN"), XY_R_COUNT);
    for (int r = XY_R_SYSADMIN; r < XY_R_OPERATOR; r++)
        assert_int_equal(xy_role_from_name(xy_role_name((enum xy_role)r)), r);
}

static void test_exactly_the_three_administrators_need_a_second_factor(void **state)
{
    (void)state;
    for (int r = 0; r < XY_R_COUNT; r++) {
        int want = r == XY_R_SYSADMIN || r == XY_R_SECADMIN || r == XY_R_AUDITOR;
        assert_int_equal(xy_role_needs_mfa((enum xy_role)r), want);
    }
    assert_int_equal(xy_role_needs_mfa(XY_R_COUNT), 0);
}

static void test_anonymous_is_asked_to_log_in(void **state)
{
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_authz_require(NULL, XY_PERM_STATS_READ, &err), XY_DENIED);
    assert_non_null(err.hint);
    assert_string_equal(err.hint, "login");
    assert_non_null(strstr(err.msg, "请先登录"));
}

static void test_a_refusal_names_the_role_and_the_permission_in_words(void **state)
{
    struct xy_principal who = {.role = XY_R_AUDITOR, .user_id = 3, .login = "a"};
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_authz_require(&who, XY_PERM_USER_MANAGE, &err), XY_DENIED);
    assert_non_null(strstr(err.msg, "审计管理员"));
    assert_non_null(strstr(err.msg, "管理账户"));
}

static void test_a_department_acts_only_for_itself(void **state)
{
    struct xy_principal sub = {.role = XY_R_SUBMITTER, .dept_id = 7};
    struct xy_principal office = {.role = XY_R_OFFICE};
    struct xy_principal subject = {.role = XY_R_SUBJECT, .subject_id = 7};
    struct xy_err err = {0};

    (void)state;
    assert_int_equal(xy_authz_dept(&sub, 7, &err), XY_OK);
    assert_int_equal(xy_authz_dept(&sub, 8, &err), XY_DENIED);
    assert_int_equal(xy_authz_dept(&office, 8, &err), XY_OK);
    assert_int_equal(xy_authz_dept(&subject, 7, &err), XY_DENIED);
    assert_int_equal(xy_authz_dept(NULL, 7, &err), XY_DENIED);
}

static void test_role_and_permission_names_are_stable(void **state)
{
    (void)state;
    assert_string_equal(xy_role_name(XY_R_SYSADMIN), "sysadmin");
    assert_string_equal(xy_role_name(XY_R_DEPT_USER), "dept_user");
    assert_string_equal(xy_role_label(XY_R_AUDITOR), "审计管理员");
    assert_string_equal(xy_role_name(XY_R_COUNT), "unknown");
    assert_string_equal(xy_perm_name(XY_PERM_AUDIT_READ), "audit.read");
    assert_string_equal(xy_perm_name(XY_PERM_COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_column_order_follows_the_permission_map),
        cmocka_unit_test(test_every_role_holds_exactly_the_permissions_of_the_table),
        cmocka_unit_test(test_the_check_agrees_with_the_table_for_every_role_and_permission),
        cmocka_unit_test(test_no_account_role_holds_two_of_user_security_and_audit),
        cmocka_unit_test(test_the_operator_cannot_be_given_to_an_account),
        cmocka_unit_test(test_exactly_the_three_administrators_need_a_second_factor),
        cmocka_unit_test(test_anonymous_is_asked_to_log_in),
        cmocka_unit_test(test_a_refusal_names_the_role_and_the_permission_in_words),
        cmocka_unit_test(test_a_department_acts_only_for_itself),
        cmocka_unit_test(test_role_and_permission_names_are_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
