/* test_report_content.c - the report domains file, the document drawn from a report's canonical
 * content, and the content as the verification page shows it (service/report_content) */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/arena.h"
#include "service/report_content.h"

#ifndef XY_TEST_GOLDEN_REPORT
#error "XY_TEST_GOLDEN_REPORT must name tests/api/golden/report_full.json"
#endif

static char *write_temp(const char *text)
{
    static char path[64];
    FILE *f;
    int fd;

    snprintf(path, sizeof(path), "/tmp/xy-domains-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *s;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    s = malloc(*n + 1);
    assert_int_equal(fread(s, 1, *n, f), *n);
    s[*n] = '\0';
    fclose(f);
    return s;
}

/* Run first: the loader keeps the first file it reads whole, and a bad file is not kept. */
static void test_a_bad_domains_file_names_its_line(void **state)
{
    const struct xy_report_domain *d;
    size_t n;
    struct xy_err err = {0};
    char *p;

    (void)state;
    p = write_temp("code,name\nmarket,市场监管,市场监督管理\n");
    assert_int_equal(xy_report_domains_load(p, &d, &n, &err), XY_PARSE);
    assert_non_null(strstr(err.msg, ":1:"));
    unlink(p);
    p = write_temp("code,name,departments\nmarket,市场监管,市场监督管理\nmarket,又一个,税务\n");
    assert_int_equal(xy_report_domains_load(p, &d, &n, &err), XY_PARSE);
    assert_non_null(strstr(err.msg, ":3:"));
    assert_non_null(strstr(err.msg, "repeated"));
    unlink(p);
    p = write_temp("code,name,departments\nMarket,市场监管,市场监督管理\n");
    assert_int_equal(xy_report_domains_load(p, &d, &n, &err), XY_PARSE);
    assert_non_null(strstr(err.msg, ":2:"));
    unlink(p);
    p = write_temp("code,name,departments\nmarket,市场监管,\n");
    assert_int_equal(xy_report_domains_load(p, &d, &n, &err), XY_PARSE);
    unlink(p);
}

static void test_the_domains_file_gives_codes_names_and_fragments(void **state)
{
    const struct xy_report_domain *d;
    size_t n;
    struct xy_err err = {0};
    char *p;

    (void)state;
    p = write_temp(
        "\xEF\xBB\xBF"
        "code,name,departments\r\n# a comment\r\nmarket,市场监管,市场监督管理;市场监管\r\n"
        "tax,税务,税务局\r\n");
    assert_int_equal(xy_report_domains_load(p, &d, &n, &err), XY_OK);
    unlink(p);
    assert_int_equal(n, 2);
    assert_string_equal(d[0].code, "market");
    assert_string_equal(d[0].name, "市场监管");
    assert_int_equal(d[0].nmatch, 2);
    assert_string_equal(d[0].match[1], "市场监管");
    assert_string_equal(d[1].match[0], "税务局");
}

static void test_the_document_says_what_the_content_says(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_report_doc doc;
    struct xy_err err = {0};
    size_t n;
    char *content = read_file(XY_TEST_GOLDEN_REPORT, &n);
    size_t records = 0;

    (void)state;
    assert_int_equal(
        xy_report_doc_from_content(content, n, "ABCD-EFGH", "https://x/verify.html", a, &doc, &err),
        XY_OK);
    assert_string_equal(doc.title, "公共信用信息报告");
    assert_string_equal(doc.number, "XYBG0000000000000000");
    assert_string_equal(doc.verify_code, "ABCD-EFGH");
    assert_string_equal(doc.issued_at, "2026年11月26日 10:00");
    /* 2026-11-26 10:00 in UTC+8 is 02:00 UTC */
    assert_int_equal(doc.created_at, 1795658400);
    assert_int_equal(doc.nsummary, 8);
    assert_string_equal(doc.summary[1].category, "行政处罚");
    assert_string_equal(doc.summary[1].count, "无");
    for (size_t i = 0; i < doc.nsections; i++)
        records += doc.sections[i].nentries;
    assert_int_equal(records, 16);
    assert_non_null(strstr(doc.sections[0].heading, "失信被执行人"));
    assert_string_equal(doc.sections[0].entries[0].kv[0].key, "报送部门");
    assert_non_null(strstr(doc.footer_note, "ABCD-EFGH"));
    free(content);
    xy_arena_free(a);
}

static void test_text_that_is_not_a_report_is_refused(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_report_doc doc;
    struct xy_err err = {0};
    const char *texts[] = {"", "{}", "[1]", "{\"format\":\"xinyong-report/2\"}", "{\"format\":"};

    (void)state;
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        assert_int_equal(
            xy_report_doc_from_content(texts[i], strlen(texts[i]), "C", "U", a, &doc, &err),
            XY_PARSE);
    assert_null(xy_report_content_public("not json", a));
    xy_arena_free(a);
}

static void test_a_persons_name_is_masked_on_the_verification_page(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *content =
        "{\"format\":\"xinyong-report/"
        "1\",\"edition\":\"自然人版\",\"subject\":{\"name\":\"张三丰\","
        "\"code\":\"440106********1234\"},\"sections\":[{\"records\":[{\"fields\":[{\"code\":"
        "\"XDR_MC\",\"value\":\"张三丰\"},{\"code\":\"CF_WSH\",\"value\":\"穗市监罚〔2026〕1号\"}]}"
        "]}]}";
    const char *shown = xy_report_content_public(content, a);

    (void)state;
    assert_non_null(shown);
    assert_null(strstr(shown, "张三丰"));
    assert_non_null(strstr(shown, "\"name\":\"张*丰\""));
    assert_non_null(strstr(shown, "穗市监罚〔2026〕1号"));
    xy_arena_free(a);
}

static void test_an_organisations_content_is_shown_as_issued(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *content = "{\"format\":\"xinyong-report/1\",\"edition\":\"法人和非法人组织版\","
                          "\"subject\":{\"name\":\"广州市某某贸易有限公司\"}}";

    (void)state;
    assert_string_equal(xy_report_content_public(content, a), content);
    xy_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_bad_domains_file_names_its_line),
        cmocka_unit_test(test_the_domains_file_gives_codes_names_and_fragments),
        cmocka_unit_test(test_the_document_says_what_the_content_says),
        cmocka_unit_test(test_text_that_is_not_a_report_is_refused),
        cmocka_unit_test(test_a_persons_name_is_masked_on_the_verification_page),
        cmocka_unit_test(test_an_organisations_content_is_shown_as_issued),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
