/* test_cases.c - the pure parts of the case service (service/cases): evidence types checked by
 * their bytes, evidence file names, which fields a new version of a record changed, and the
 * published 信用承诺书 */
#include "helpers.h"

#include "base/arena.h"
#include "service/cases.h"

static const unsigned char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F'};
static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};

static void test_evidence_of_each_type_is_recognised_by_its_bytes(void **state)
{
    (void)state;
    assert_true(xy_evidence_type_matches("application/pdf", pdf, sizeof(pdf) - 1));
    assert_true(xy_evidence_type_matches("image/jpeg", jpeg, sizeof(jpeg)));
    assert_true(xy_evidence_type_matches("image/png", png, sizeof(png)));
}

static void test_bytes_of_another_type_are_refused_whatever_the_declared_type(void **state)
{
    static const char exe[] = "MZ\x90\x00\x03";
    static const char text_pdf[] = "this is not a %PDF-";
    (void)state;
    /* a PNG sent as a PDF, a JPEG as a PNG, a program as a JPEG */
    assert_false(xy_evidence_type_matches("application/pdf", png, sizeof(png)));
    assert_false(xy_evidence_type_matches("image/png", jpeg, sizeof(jpeg)));
    assert_false(xy_evidence_type_matches("image/jpeg", exe, sizeof(exe) - 1));
    assert_false(xy_evidence_type_matches("application/pdf", text_pdf, sizeof(text_pdf) - 1));
}

static void test_a_file_shorter_than_its_signature_is_refused(void **state)
{
    (void)state;
    assert_false(xy_evidence_type_matches("application/pdf", "%PDF", 4));
    assert_false(xy_evidence_type_matches("image/png", png, 7));
    assert_false(xy_evidence_type_matches("image/jpeg", jpeg, 0));
}

static void test_only_pdf_jpeg_and_png_are_evidence_types(void **state)
{
    (void)state;
    assert_true(xy_evidence_type_known("application/pdf"));
    assert_true(xy_evidence_type_known("image/jpeg"));
    assert_true(xy_evidence_type_known("image/png"));
    assert_false(xy_evidence_type_known("image/gif"));
    assert_false(xy_evidence_type_known("application/PDF"));
    assert_false(xy_evidence_type_known("text/html"));
    assert_false(xy_evidence_type_known(NULL));
    /* an unknown type never matches, even with a known signature */
    assert_false(xy_evidence_type_matches("image/gif", pdf, sizeof(pdf) - 1));
}

static void test_ordinary_file_names_are_accepted(void **state)
{
    struct xy_err err;
    (void)state;
    assert_int_equal(xy_evidence_name_check("缴款凭证.pdf", &err), XY_OK);
    assert_int_equal(xy_evidence_name_check("receipt 2026-05 (1).JPG", &err), XY_OK);
    assert_int_equal(xy_evidence_name_check("...pdf", &err), XY_OK);
}

static void test_file_names_with_paths_or_control_characters_are_refused(void **state)
{
    static const char *const bad[] = {
        "../../etc/passwd",
        "a/b.pdf",
        "a\\b.pdf",
        "line\nbreak.pdf",
        "tab\there.png",
        "del\x7f.pdf",
        "\x1b[31m.pdf",
        "",
        "   ",
        ".",
        "..",
        "\xff\xfe.pdf",
        NULL,
    };
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct xy_err err = {0};
        assert_int_equal(xy_evidence_name_check(bad[i], &err), XY_INVALID);
        assert_string_equal(err.field, "name");
        assert_true(err.msg[0] != '\0');
    }
}

static void test_a_file_name_over_200_bytes_is_refused(void **state)
{
    char name[260];
    struct xy_err err;
    (void)state;
    memset(name, 'a', 196);
    strcpy(name + 196, ".pdf"); /* 200 bytes: the limit */
    assert_int_equal(xy_evidence_name_check(name, &err), XY_OK);
    memset(name, 'a', 197);
    strcpy(name + 197, ".pdf");
    assert_int_equal(xy_evidence_name_check(name, &err), XY_INVALID);
    /* 67 Chinese characters are 201 bytes */
    name[0] = '\0';
    for (int i = 0; i < 67; i++)
        strcat(name, "证");
    assert_int_equal(xy_evidence_name_check(name, &err), XY_INVALID);
}

/* three fields of a penalty, as the catalogue names them */
static struct xy_field fields[] = {
    {.code = "CF_WSH", .name = "处罚决定书文号"},
    {.code = "CF_NR_FK", .name = "罚款金额（万元）"},
    {.code = "BZ", .name = "备注"},
};
static const struct xy_item item = {
    .id = "xzcf", .name = "行政处罚", .fields = fields, .nfields = 3};

static struct xy_record version(struct xy_record_field *f, size_t n)
{
    struct xy_record r = {0};
    r.fields = f;
    r.nfields = n;
    return r;
}

static void test_a_changed_value_names_its_field(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_record_field v1[] = {{"CF_WSH", "穗市监罚〔2025〕1号"}, {"CF_NR_FK", "4.85"}};
    struct xy_record_field v2[] = {{"CF_WSH", "穗市监罚〔2025〕1号"}, {"CF_NR_FK", "4.5"}};
    struct xy_record before = version(v1, 2), after = version(v2, 2);
    const char **names;
    size_t n = xy_record_changes(&item, &before, &after, a, &names);
    (void)state;
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "罚款金额（万元）");
    xy_arena_free(a);
}

static void test_added_and_cleared_values_are_changes_and_empty_equals_absent(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_record_field v1[] = {{"CF_WSH", "W1"}, {"CF_NR_FK", "1"}, {"BZ", ""}};
    struct xy_record_field v2[] = {{"CF_WSH", "W1"}, {"BZ", "补充说明"}};
    struct xy_record_field v3[] = {{"CF_WSH", "W1"}};
    struct xy_record r1 = version(v1, 3), r2 = version(v2, 2), r3 = version(v3, 1);
    const char **names;
    size_t n;
    (void)state;
    /* the fine cleared, the remark added: both named, in catalogue order */
    n = xy_record_changes(&item, &r1, &r2, a, &names);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "罚款金额（万元）");
    assert_string_equal(names[1], "备注");
    /* an empty value and no value are the same: nothing changed */
    struct xy_record_field v4[] = {{"CF_WSH", "W1"}, {"CF_NR_FK", ""}};
    struct xy_record r4 = version(v4, 2);
    assert_int_equal(xy_record_changes(&item, &r3, &r4, a, &names), 0);
    xy_arena_free(a);
}

static void test_the_same_values_in_another_order_are_no_change(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_record_field v1[] = {{"CF_WSH", "W1"}, {"CF_NR_FK", "2"}, {"BZ", "x"}};
    struct xy_record_field v2[] = {{"BZ", "x"}, {"CF_NR_FK", "2"}, {"CF_WSH", "W1"}};
    struct xy_record r1 = version(v1, 3), r2 = version(v2, 3);
    const char **names;
    (void)state;
    assert_int_equal(xy_record_changes(&item, &r1, &r2, a, &names), 0);
    xy_arena_free(a);
}

static void test_the_commitment_is_published_with_its_duties(void **state)
{
    const char *t = xy_commitment_text();
    (void)state;
    assert_string_equal(XY_COMMITMENT_ID, "2026-1");
    assert_non_null(strstr(t, "信用承诺书"));
    assert_non_null(strstr(t, "已全部履行")); /* the duty is fulfilled */
    assert_non_null(strstr(t, "真实"));       /* the materials are true */
    assert_non_null(strstr(t, "监督"));       /* accepts supervision */
    assert_non_null(strstr(t, "联合惩戒"));   /* and joint punishment if broken */
}

static void test_case_kinds_have_stable_ids_and_chinese_labels(void **state)
{
    (void)state;
    assert_string_equal(xy_case_kind_id(XY_CASE_OBJECTION), "objection");
    assert_string_equal(xy_case_kind_id(XY_CASE_REPAIR), "repair");
    assert_string_equal(xy_case_kind_id(XY_CASE_REMOVAL), "removal");
    assert_string_equal(xy_case_kind_label(XY_CASE_OBJECTION), "异议");
    assert_string_equal(xy_case_kind_label(XY_CASE_REPAIR), "信用修复");
    assert_string_equal(xy_case_kind_id((enum xy_case_kind)7), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evidence_of_each_type_is_recognised_by_its_bytes),
        cmocka_unit_test(test_bytes_of_another_type_are_refused_whatever_the_declared_type),
        cmocka_unit_test(test_a_file_shorter_than_its_signature_is_refused),
        cmocka_unit_test(test_only_pdf_jpeg_and_png_are_evidence_types),
        cmocka_unit_test(test_ordinary_file_names_are_accepted),
        cmocka_unit_test(test_file_names_with_paths_or_control_characters_are_refused),
        cmocka_unit_test(test_a_file_name_over_200_bytes_is_refused),
        cmocka_unit_test(test_a_changed_value_names_its_field),
        cmocka_unit_test(test_added_and_cleared_values_are_changes_and_empty_equals_absent),
        cmocka_unit_test(test_the_same_values_in_another_order_are_no_change),
        cmocka_unit_test(test_the_commitment_is_published_with_its_duties),
        cmocka_unit_test(test_case_kinds_have_stable_ids_and_chinese_labels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
