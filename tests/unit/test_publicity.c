/* test_publicity.c - publicity periods from rules/publicity.ini, evaluated on the day asked
 * (domain/publicity) */
#include "helpers.h"

#include "base/time.h"
#include "domain/publicity.h"
#include "domain/record.h"

#ifndef XY_TEST_RULES_FILE
#define XY_TEST_RULES_FILE "rules/publicity.ini"
#endif

/* the shipped rules file, parsed once for the whole group */
static struct xy_publicity_rules *shipped;

static int load_shipped(void **state)
{
    size_t len;
    char *text = t_read_file(XY_TEST_RULES_FILE, &len);
    struct xy_err err;
    xy_code rc = xy_publicity_rules_parse(text, len, "publicity.ini", &shipped, &err);

    (void)state;
    if (rc != XY_OK)
        fprintf(stderr, "rules/publicity.ini: %s\n", err.msg);
    free(text);
    return rc == XY_OK ? 0 : -1;
}

static int free_shipped(void **state)
{
    (void)state;
    xy_publicity_rules_free(shipped);
    return 0;
}

static int day(const char *s)
{
    int d = -1;
    assert_int_equal(xy_parse_date(s, &d), 0);
    return d;
}

static const char *fmt(int d, char buf[11])
{
    if (d < 0)
        return "none";
    xy_date_format(d, buf);
    return buf;
}

static struct xy_publicity eval_with(const struct xy_publicity_rules *rules, const char *rule,
                                     int negative, const char *decided, const char *end,
                                     const char *types, const char *basis, const char *today)
{
    struct xy_item it = {.id = "t", .publicity = rule, .negative = negative};
    struct xy_publicity_in in = {decided, end, types, basis};
    struct xy_publicity p;
    struct xy_err err;
    assert_int_equal(xy_publicity_eval(rules, &it, &in, day(today), &p, &err), XY_OK);
    return p;
}

static struct xy_publicity eval(const char *rule, int negative, const char *decided,
                                const char *end, const char *types, const char *today)
{
    return eval_with(shipped, rule, negative, decided, end, types, NULL, today);
}

/* A penalty of the shipped rules: its last public day and first repairable day. */
static void expect_penalty(const char *decided, const char *types, const char *basis,
                           const char *until, const char *repairable, const char *regime)
{
    char b[11];
    struct xy_publicity p = eval_with(shipped, "penalty", 1, decided, NULL, types, basis, decided);
    assert_string_equal(fmt(p.until, b), until);
    assert_string_equal(fmt(p.repairable_from, b), repairable);
    assert_string_equal(p.regime, regime);
    /* public through its last day, gone the day after */
    xy_date_format(p.until, b);
    assert_true(eval_with(shipped, "penalty", 1, decided, NULL, types, basis, b).visible);
    xy_date_format(p.until + 1, b);
    assert_false(eval_with(shipped, "penalty", 1, decided, NULL, types, basis, b).visible);
}

static void test_a_2019_ordinary_penalty_is_public_for_one_year(void **state)
{
    char b[11];
    struct xy_publicity p = eval("penalty", 1, "2019-05-10", NULL, "罚款", "2020-05-09");
    (void)state;
    assert_string_equal(fmt(p.until, b), "2020-05-09");
    assert_true(p.visible);
    p = eval("penalty", 1, "2019-05-10", NULL, "罚款", "2020-05-10");
    assert_false(p.visible);
    assert_string_equal(fmt(p.repairable_from, b), "2019-08-10");
    assert_string_equal(p.regime, "2019年规则");
}

static void test_the_last_day_of_2020_follows_the_2019_rule_and_2021_the_new_practice(void **state)
{
    (void)state;
    /* 2019: general 3 months to 1 year, severe 6 months to 3 years; no light class */
    expect_penalty("2020-12-31", "警告", NULL, "2021-12-30", "2021-03-31", "2019年规则");
    expect_penalty("2020-12-31", "罚款", NULL, "2021-12-30", "2021-03-31", "2019年规则");
    /* 6 months from 31 Dec: no 31 June, so through 30 June; repairable the day after */
    expect_penalty("2020-12-31", "吊销许可证件", NULL, "2023-12-30", "2021-07-01", "2019年规则");
    /* 2021: 3 months to 3 years whatever the type */
    expect_penalty("2021-01-01", "警告", NULL, "2023-12-31", "2021-04-01", "2021年至2026年3月实践");
    expect_penalty("2021-01-01", "罚款", NULL, "2023-12-31", "2021-04-01", "2021年至2026年3月实践");
    expect_penalty("2021-01-01", "吊销许可证件", NULL, "2023-12-31", "2021-04-01",
                   "2021年至2026年3月实践");
}

static void test_march_2026_follows_the_2021_practice_and_april_the_repair_measures(void **state)
{
    const char *r2021 = "2021年至2026年3月实践", *r2026 = "2026年4月起《信用修复管理办法》";
    (void)state;
    expect_penalty("2026-03-31", "警告", NULL, "2029-03-30", "2026-07-01", r2021);
    expect_penalty("2026-03-31", "罚款", NULL, "2029-03-30", "2026-07-01", r2021);
    expect_penalty("2026-03-31", "责令关闭", NULL, "2029-03-30", "2026-07-01", r2021);
    /* light: at most 3 months, repair at once; general 3 months to 1 year; severe 1 to 3 years */
    expect_penalty("2026-04-01", "警告", NULL, "2026-06-30", "2026-04-01", r2026);
    expect_penalty("2026-04-01", "罚款", NULL, "2027-03-31", "2026-07-01", r2026);
    expect_penalty("2026-04-01", "责令关闭", NULL, "2029-03-31", "2027-04-01", r2026);
}

static void test_several_types_in_one_decision_take_the_longest_period(void **state)
{
    char b[11];
    (void)state;
    /* 一般: 1 year; 警告 + 责令停产停业 = 严重: 3 years */
    assert_string_equal(fmt(eval("penalty", 1, "2026-05-15", NULL, "罚款", "2026-06-01").until, b),
                        "2027-05-14");
    assert_string_equal(
        fmt(eval("penalty", 1, "2026-05-15", NULL, "警告;责令停产停业", "2026-06-01").until, b),
        "2029-05-14");
    assert_string_equal(
        fmt(eval("penalty", 1, "2026-05-15", NULL, "警告; 罚款", "2026-06-01").until, b),
        "2027-05-14");
    /* 2019: a fine with a revocation is serious */
    expect_penalty("2020-02-10", "罚款;吊销许可证件", NULL, "2023-02-09", "2020-08-10",
                   "2019年规则");
    assert_int_equal(xy_penalty_severity(shipped, "警告; 罚款"), XY_SEV_GENERAL);
    assert_int_equal(xy_penalty_severity(shipped, "通报批评"), XY_SEV_LIGHT);
    assert_int_equal(xy_penalty_severity(shipped, "警告;通报批评"), XY_SEV_LIGHT);
    assert_int_equal(xy_penalty_severity(shipped, "罚款;暂扣或者吊销执照"), XY_SEV_SEVERE);
    /* no type, or one the table does not list: general, never light */
    assert_int_equal(xy_penalty_severity(shipped, ""), XY_SEV_GENERAL);
    assert_int_equal(xy_penalty_severity(shipped, NULL), XY_SEV_GENERAL);
    assert_int_equal(xy_penalty_severity(shipped, "警告;新的处罚种类"), XY_SEV_GENERAL);
}

static void test_safety_penalties_of_the_2021_practice_wait_a_year_for_repair(void **state)
{
    const char *r2021 = "2021年至2026年3月实践";
    struct xy_publicity p;
    (void)state;
    expect_penalty("2023-06-15", "罚款", "《中华人民共和国安全生产法》第九十九条", "2026-06-14",
                   "2024-06-15", r2021);
    p = eval_with(shipped, "penalty", 1, "2023-06-15", NULL, "罚款",
                  "《中华人民共和国安全生产法》第九十九条", "2024-01-01");
    assert_true(p.special);
    /* short forms, without 《》, and the other two laws */
    expect_penalty("2023-06-15", "警告", "依据消防法第六十条", "2026-06-14", "2024-06-15", r2021);
    expect_penalty("2023-06-15", "罚款", "《特种设备安全法》第八十四条第一项", "2026-06-14",
                   "2024-06-15", r2021);
    /* "the law provides": 法 followed by 规定 still names the law (the review's case) */
    expect_penalty("2024-05-10", "罚款", "依据消防法规定处罚", "2027-05-09", "2025-05-10", r2021);
    expect_penalty("2024-05-10", "罚款", "根据安全生产法规定", "2027-05-09", "2025-05-10", r2021);
    /* a regulation (法规) in general is not the law */
    expect_penalty("2024-05-10", "罚款", "违反消防法规", "2027-05-09", "2024-08-10", r2021);
    /* other laws, and "安全生产法律法规" (laws in general), keep the 3-month minimum */
    expect_penalty("2023-06-15", "罚款", "《中华人民共和国食品安全法》第一百二十四条", "2026-06-14",
                   "2023-09-15", r2021);
    expect_penalty("2023-06-15", "罚款", "违反安全生产法律法规的规定", "2026-06-14", "2023-09-15",
                   r2021);
    assert_false(eval_with(shipped, "penalty", 1, "2023-06-15", NULL, "罚款",
                           "违反安全生产法律法规的规定", "2024-01-01")
                     .special);
}

static void test_the_safety_minimum_belongs_to_the_2021_practice_only(void **state)
{
    const char *basis = "《中华人民共和国安全生产法》第九十九条";
    struct xy_publicity p;
    (void)state;
    /* 2019: serious 6 months, general 3 months, whatever the law */
    expect_penalty("2020-06-15", "罚款", basis, "2021-06-14", "2020-09-15", "2019年规则");
    p = eval_with(shipped, "penalty", 1, "2020-06-15", NULL, "罚款", basis, "2020-07-01");
    assert_false(p.special);
    /* 2026: by severity alone */
    expect_penalty("2026-06-15", "罚款", basis, "2027-06-14", "2026-09-15",
                   "2026年4月起《信用修复管理办法》");
    p = eval_with(shipped, "penalty", 1, "2026-06-15", NULL, "罚款", basis, "2026-07-01");
    assert_false(p.special);
}

static void test_negative_information_is_archived_five_years_after_its_decision(void **state)
{
    char b[11];
    struct xy_publicity p;
    (void)state;
    p = eval("court_defaulter", 1, "2020-03-01", NULL, NULL, "2025-02-28");
    assert_string_equal(fmt(p.until, b), "2025-02-28");
    assert_string_equal(fmt(p.archived_from, b), "2025-03-01");
    assert_true(p.visible);
    assert_false(p.archived);
    p = eval("court_defaulter", 1, "2020-03-01", NULL, NULL, "2025-03-01");
    assert_true(p.archived);
    assert_false(p.visible);
    assert_true(eval("court_defaulter", 1, "2020-03-01", NULL, NULL, "2031-01-01").archived);
    /* a penalty too, though its own period ended long before */
    p = eval("penalty", 1, "2019-05-10", NULL, "罚款", "2024-05-10");
    assert_string_equal(fmt(p.archived_from, b), "2024-05-10");
    assert_true(p.archived);
    assert_false(eval("penalty", 1, "2019-05-10", NULL, "罚款", "2024-05-09").archived);
    /* positive information is never archived */
    p = eval("list_period", 0, "2015-03-01", NULL, NULL, "2026-03-01");
    assert_int_equal(p.archived_from, -1);
    assert_false(p.archived);
    assert_true(p.visible);
}

static void test_negative_information_leaves_public_view_after_five_years(void **state)
{
    char b[11];
    (void)state;
    /* an open-ended or far end date is capped at 5 years */
    assert_string_equal(
        fmt(eval("until_removed", 1, "2019-03-01", "2099-12-31", NULL, "2024-01-01").until, b),
        "2024-02-29");
    assert_false(eval("until_removed", 1, "2019-03-01", NULL, NULL, "2024-03-01").visible);
    assert_true(eval("until_removed", 1, "2019-03-01", NULL, NULL, "2024-02-29").visible);
    /* removed from the list: not public after the removal day */
    assert_false(eval("until_removed", 1, "2025-03-01", "2025-09-01", NULL, "2025-09-02").visible);
}

static void test_a_publicity_end_date_given_by_the_department_can_only_shorten(void **state)
{
    char b[11];
    (void)state;
    assert_string_equal(
        fmt(eval("penalty", 1, "2024-01-10", "2024-06-30", "罚款", "2024-02-01").until, b),
        "2024-06-30");
    assert_string_equal(
        fmt(eval("penalty", 1, "2024-01-10", "2099-12-31", "罚款", "2024-02-01").until, b),
        "2027-01-09");
}

static void test_a_licence_is_public_through_its_validity_end(void **state)
{
    char b[11];
    (void)state;
    assert_string_equal(
        fmt(eval("validity", 0, "2020-01-01", "2025-12-31", NULL, "2025-12-31").until, b),
        "2025-12-31");
    assert_true(eval("validity", 0, "2020-01-01", "2025-12-31", NULL, "2025-12-31").visible);
    assert_false(eval("validity", 0, "2020-01-01", "2025-12-31", NULL, "2026-01-01").visible);
    assert_int_equal(eval("validity", 0, "2010-01-01", NULL, NULL, "2026-01-01").until, -1);
}

/* One regime with a 1-month maximum, to see month ends. */
static const char one_month[] = "[negative]\n"
                                "max_months = 60\n"
                                "archive_months = 60\n"
                                "[regime only]\n"
                                "from = 2000-01-01\n"
                                "name = 一个月\n"
                                "source = 测试\n"
                                "light_min_months = 1\n"
                                "light_max_months = 1\n"
                                "general_min_months = 1\n"
                                "general_max_months = 1\n"
                                "severe_min_months = 1\n"
                                "severe_max_months = 1\n";

/* The credit office may decide that 轻微 information is not published at all (the 2026
 * measures' principle): a maximum of 0 shows nothing, and no repair is needed. */
static void test_a_maximum_of_zero_months_publishes_nothing(void **state)
{
    char text[sizeof(one_month) + 64];
    struct xy_publicity_rules *r;
    struct xy_publicity p;
    struct xy_err err;
    (void)state;
    snprintf(text, sizeof(text), "%s", one_month);
    memcpy(strstr(text, "light_min_months = 1"), "light_min_months = 0", 20);
    memcpy(strstr(text, "light_max_months = 1"), "light_max_months = 0", 20);
    strcat(text, "[severity]\n警告 = light\n");
    assert_int_equal(xy_publicity_rules_parse(text, strlen(text), "t.ini", &r, &err), XY_OK);
    p = eval_with(r, "penalty", 1, "2026-05-10", NULL, "警告", NULL, "2026-05-10");
    assert_false(p.visible);
    assert_true(p.until < p.from);
    assert_true(eval_with(r, "penalty", 1, "2026-05-10", NULL, "罚款", NULL, "2026-05-10").visible);
    xy_publicity_rules_free(r);
}

static void test_a_month_from_the_31st_of_january_runs_to_the_end_of_february(void **state)
{
    struct xy_publicity_rules *r;
    struct xy_err err;
    char b[11];
    (void)state;
    assert_int_equal(xy_publicity_rules_parse(one_month, strlen(one_month), "t.ini", &r, &err),
                     XY_OK);
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2024-01-31", NULL, "罚款", NULL, "2024-02-01").until, b),
        "2024-02-29");
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2023-01-31", NULL, "罚款", NULL, "2023-02-01").until, b),
        "2023-02-28");
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2023-01-31", NULL, "罚款", NULL, "2023-02-01")
                .repairable_from,
            b),
        "2023-03-01");
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2024-01-29", NULL, "罚款", NULL, "2024-02-01").until, b),
        "2024-02-28");
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2024-02-01", NULL, "罚款", NULL, "2024-02-01").until, b),
        "2024-02-29");
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2024-12-15", NULL, "罚款", NULL, "2024-12-15").until, b),
        "2025-01-14");
    xy_publicity_rules_free(r);
}

static void test_an_unknown_rule_a_bad_date_or_no_rules_is_an_error(void **state)
{
    struct xy_item it = {.id = "t", .publicity = "forever"};
    struct xy_publicity_in in = {.decision_date = "2024-01-01"};
    struct xy_publicity p;
    struct xy_err err;
    (void)state;
    assert_false(xy_publicity_known("forever"));
    assert_true(xy_publicity_known("penalty"));
    assert_int_equal(xy_publicity_eval(shipped, &it, &in, 0, &p, &err), XY_INVALID);
    it.publicity = "penalty";
    in.decision_date = "2024-02-30";
    assert_int_equal(xy_publicity_eval(shipped, &it, &in, 0, &p, &err), XY_INVALID);
    in.decision_date = NULL;
    assert_int_equal(xy_publicity_eval(shipped, &it, &in, 0, &p, &err), XY_INVALID);
    in.decision_date = "2024-01-01";
    assert_int_equal(xy_publicity_eval(NULL, &it, &in, 0, &p, &err), XY_INTERNAL);
    assert_false(p.visible);
    assert_int_equal(xy_publicity_earliest(NULL, &it, day("2026-01-01")), -1);
}

static void test_the_earliest_decision_still_public_bounds_what_a_query_reads(void **state)
{
    struct xy_item pen = {.id = "xzcf", .publicity = "penalty", .negative = 1};
    struct xy_item court = {.id = "sxbzxr", .publicity = "court_defaulter", .negative = 1};
    struct xy_item red = {.id = "hmd", .publicity = "list_period", .negative = 0};
    int today = day("2026-11-27");
    char b[11];
    (void)state;
    /* penalties: 36 months at most; exactly the first decision day still public */
    assert_string_equal(fmt(xy_publicity_earliest(shipped, &pen, today), b), "2023-11-28");
    assert_true(eval("penalty", 1, "2023-11-28", NULL, "吊销许可证件", "2026-11-27").visible);
    assert_false(eval("penalty", 1, "2023-11-27", NULL, "吊销许可证件", "2026-11-27").visible);
    /* other negative information: 5 years */
    assert_string_equal(fmt(xy_publicity_earliest(shipped, &court, today), b), "2021-11-28");
    /* positive information without a fixed period: no bound */
    assert_int_equal(xy_publicity_earliest(shipped, &red, today), -1);
    /* every day of two years, month ends and 29 February included: the day before the bound
     * is never public, the bound itself is (the longest period of all regimes) */
    for (int t = day("2027-01-01"); t < day("2029-01-01"); t++) {
        int e = xy_publicity_earliest(shipped, &pen, t);
        char ds[11], ts[11];
        xy_date_format(e, ds);
        xy_date_format(t, ts);
        assert_true(eval("penalty", 1, ds, NULL, "罚款", ts).visible); /* 2021: 36 months */
        xy_date_format(e - 1, ds);
        assert_false(eval("penalty", 1, ds, NULL, "责令关闭", ts).visible);
        assert_false(eval("penalty", 1, ds, NULL, "罚款", ts).visible);
    }
}

/* ---- the rules file ---- */

/* A valid file; the tests below change one line of it. Line numbers on the right. */
static const char base[] = "; rules for the tests\n"   /* 1 */
                           "[negative]\n"              /* 2 */
                           "max_months = 60\n"         /* 3 */
                           "archive_months = 60\n"     /* 4 */
                           "[regime a]\n"              /* 5 */
                           "from = 2019-07-01\n"       /* 6 */
                           "name = 甲\n"               /* 7 */
                           "source = 文件甲\n"         /* 8 */
                           "light_min_months = 3\n"    /* 9 */
                           "light_max_months = 12\n"   /* 10 */
                           "general_min_months = 3\n"  /* 11 */
                           "general_max_months = 12\n" /* 12 */
                           "severe_min_months = 6\n"   /* 13 */
                           "severe_max_months = 36\n"  /* 14 */
                           "[regime b]\n"              /* 15 */
                           "from = 2021-01-01\n"       /* 16 */
                           "name = 乙\n"               /* 17 */
                           "source = 文件乙\n"         /* 18 */
                           "light_min_months = 3\n"    /* 19 */
                           "light_max_months = 36\n"   /* 20 */
                           "general_min_months = 3\n"  /* 21 */
                           "general_max_months = 36\n" /* 22 */
                           "severe_min_months = 3\n"   /* 23 */
                           "severe_max_months = 36\n"  /* 24 */
                           "special_min_months = 12\n" /* 25 */
                           "[severity]\n"              /* 26 */
                           "警告 = light\n"            /* 27 */
                           "吊销许可证件 = severe\n"   /* 28 */
                           "[special]\n"               /* 29 */
                           "law = 安全生产法\n";       /* 30 */

/* base with `from` replaced by `to` must be refused at line with a message holding want. */
static void expect_error(const char *from, const char *to, long line, const char *want)
{
    char text[4096];
    const char *at = strstr(base, from);
    struct xy_publicity_rules *r = (void *)1;
    struct xy_err err;

    assert_non_null(at);
    snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    xy_err_clear(&err);
    assert_int_equal(xy_publicity_rules_parse(text, strlen(text), "publicity.ini", &r, &err),
                     XY_INVALID);
    assert_null(r);
    if (!strstr(err.msg, want))
        fail_msg("message \"%s\" does not hold \"%s\"", err.msg, want);
    assert_int_equal(err.line, line);
    if (line > 0) {
        char where[64];
        snprintf(where, sizeof(where), "公示规则“publicity.ini”第 %ld 行：", line);
        if (strncmp(err.msg, where, strlen(where)))
            fail_msg("message \"%s\" does not start with \"%s\"", err.msg, where);
    }
}

static void test_the_test_rules_parse_and_apply(void **state)
{
    struct xy_publicity_rules *r;
    struct xy_err err;
    char b[11];
    (void)state;
    assert_int_equal(xy_publicity_rules_parse(base, strlen(base), "publicity.ini", &r, &err),
                     XY_OK);
    /* before the first regime: the first regime */
    assert_string_equal(
        fmt(eval_with(r, "penalty", 1, "2018-03-01", NULL, "吊销许可证件", NULL, "2018-03-01")
                .until,
            b),
        "2021-02-28");
    assert_string_equal(
        eval_with(r, "penalty", 1, "2018-03-01", NULL, "警告", NULL, "2018-03-01").regime, "甲");
    xy_publicity_rules_free(r);
    xy_publicity_rules_free(NULL);
}

static void test_an_unknown_severity_is_refused_naming_its_line(void **state)
{
    (void)state;
    expect_error("警告 = light", "警告 = mild", 27, "严重程度“mild”无法识别");
    expect_error("警告 = light", "警告 = light\n警告 = severe", 28, "处罚类别“警告”重复");
}

static void test_a_minimum_longer_than_its_maximum_is_refused(void **state)
{
    (void)state;
    expect_error("severe_min_months = 6", "severe_min_months = 48", 5,
                 "[regime a] 严重的最短公示期（48 个月）长于最长公示期（36 个月）");
    /* a graver class may not be shorter than a lighter one */
    expect_error("severe_max_months = 36\n[regime b]", "severe_max_months = 6\n[regime b]", 5,
                 "严重的公示期短于一般");
    expect_error("special_min_months = 12", "special_min_months = 48", 15,
                 "special_min_months（48 个月）长于轻微的最长公示期（36 个月）");
}

static void test_regimes_out_of_order_or_on_the_same_day_are_refused(void **state)
{
    (void)state;
    expect_error("from = 2021-01-01", "from = 2019-07-01", 15,
                 "[regime b] 的生效日期 2019-07-01 不晚于上一阶段 [regime a] 的 2019-07-01");
    expect_error("from = 2021-01-01", "from = 2018-01-01", 15, "不晚于上一阶段");
    /* the INI reader gives no headers: a second [regime a] continues the first */
    expect_error("[regime b]", "[regime a]", 16, "[regime a] 中“from”重复");
}

static void test_unknown_keys_and_sections_are_refused(void **state)
{
    (void)state;
    expect_error("severe_max_months = 36\n[regime b]",
                 "severe_max_months = 36\nsevere_max_moths = 36\n[regime b]", 15,
                 "[regime a] 中无法识别的键“severe_max_moths”");
    expect_error("[special]", "[specials]", 30, "无法识别的节 [specials]");
    expect_error("max_months = 60", "max_month = 60", 3, "无法识别的键“max_month”");
    expect_error("law = 安全生产法", "laws = 安全生产法", 30, "[special] 中无法识别的键“laws”");
    expect_error("[negative]", "[negative all]", 3, "节 [negative all] 不应带名称");
    expect_error("; rules for the tests", "stray = 1", 1, "键“stray”不在任何节内");
    expect_error("[regime a]", "[regime]", 6, "[regime] 须写明名称");
}

static void test_bad_values_are_refused_with_the_value(void **state)
{
    (void)state;
    expect_error("from = 2019-07-01", "from = 2019/07/01", 6, "生效日期“2019/07/01”");
    expect_error("from = 2019-07-01", "from = 2019-02-30", 6, "生效日期“2019-02-30”");
    expect_error("light_max_months = 12", "light_max_months = 12 ; one year", 10,
                 "“light_max_months”的值“12 ; one year”应为 0 到 600 的整数");
    expect_error("light_max_months = 12", "light_max_months = -3", 10, "应为 0 到 600 的整数");
    expect_error("light_min_months = 3\nlight_max_months = 12",
                 "light_min_months = -1\nlight_max_months = 12", 9, "“-1”");
    expect_error("max_months = 60", "max_months = 99999", 3, "“99999”");
    expect_error("name = 甲", "name =", 7, "“name”不能为空");
    /* 甲 saved as GB18030 by an older editor */
    expect_error("name = 甲", "name = \xbc\xd7", 7, "不是 UTF-8 文本");
    expect_error("law = 安全生产法", "law = 法", 30, "法律名称“法”太短");
    expect_error("law = 安全生产法", "law = 安全生产法\nlaw = 安全生产法", 31, "重复");
    expect_error("max_months = 60", "max_months = 60\nmax_months = 60", 4, "“max_months”重复");
}

static void test_missing_keys_and_contradictions_are_refused(void **state)
{
    (void)state;
    expect_error("severe_max_months = 36\n[regime b]", "[regime b]", 5,
                 "[regime a] 缺少“severe_max_months”");
    expect_error("archive_months = 60\n", "", 2, "[negative] 缺少“archive_months”");
    expect_error("archive_months = 60", "archive_months = 48", 2,
                 "archive_months（48）不能小于 max_months（60）");
    expect_error("law = 安全生产法\n", "", 15, "[special] 没有列出任何 law");
    expect_error("max_months = 60", "max_months = 24", 5,
                 "[regime a] severe_max_months（36 个月）长于 [negative] max_months（24 个月）");
}

static void test_lines_the_ini_reader_cannot_read_are_refused_in_chinese(void **state)
{
    (void)state;
    expect_error("name = 甲", "name 甲", 7, "格式不对");
    expect_error("[special]", "[special", 29, "格式不对");
}

static void test_a_file_without_negative_or_regimes_is_refused(void **state)
{
    struct xy_publicity_rules *r;
    struct xy_err err;
    const char *empty = "; nothing\n";
    (void)state;
    assert_int_equal(xy_publicity_rules_parse(empty, strlen(empty), "p.ini", &r, &err), XY_INVALID);
    assert_non_null(strstr(err.msg, "公示规则“p.ini”：[negative] 缺少“max_months”"));
    /* a path is named by its file: the message must fit */
    assert_int_equal(
        xy_publicity_rules_parse(empty, strlen(empty), "/etc/xinyong/rules/p.ini", &r, &err),
        XY_INVALID);
    assert_non_null(strstr(err.msg, "公示规则“p.ini”："));
    assert_int_equal(xy_publicity_rules_parse(base, (size_t)(strstr(base, "[regime a]") - base),
                                              "p.ini", &r, &err),
                     XY_INVALID);
    assert_non_null(strstr(err.msg, "没有任何 [regime 名称] 节"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_2019_ordinary_penalty_is_public_for_one_year),
        cmocka_unit_test(test_the_last_day_of_2020_follows_the_2019_rule_and_2021_the_new_practice),
        cmocka_unit_test(test_march_2026_follows_the_2021_practice_and_april_the_repair_measures),
        cmocka_unit_test(test_several_types_in_one_decision_take_the_longest_period),
        cmocka_unit_test(test_safety_penalties_of_the_2021_practice_wait_a_year_for_repair),
        cmocka_unit_test(test_the_safety_minimum_belongs_to_the_2021_practice_only),
        cmocka_unit_test(test_negative_information_is_archived_five_years_after_its_decision),
        cmocka_unit_test(test_negative_information_leaves_public_view_after_five_years),
        cmocka_unit_test(test_a_publicity_end_date_given_by_the_department_can_only_shorten),
        cmocka_unit_test(test_a_licence_is_public_through_its_validity_end),
        cmocka_unit_test(test_a_month_from_the_31st_of_january_runs_to_the_end_of_february),
        cmocka_unit_test(test_a_maximum_of_zero_months_publishes_nothing),
        cmocka_unit_test(test_an_unknown_rule_a_bad_date_or_no_rules_is_an_error),
        cmocka_unit_test(test_the_earliest_decision_still_public_bounds_what_a_query_reads),
        cmocka_unit_test(test_the_test_rules_parse_and_apply),
        cmocka_unit_test(test_an_unknown_severity_is_refused_naming_its_line),
        cmocka_unit_test(test_a_minimum_longer_than_its_maximum_is_refused),
        cmocka_unit_test(test_regimes_out_of_order_or_on_the_same_day_are_refused),
        cmocka_unit_test(test_unknown_keys_and_sections_are_refused),
        cmocka_unit_test(test_bad_values_are_refused_with_the_value),
        cmocka_unit_test(test_missing_keys_and_contradictions_are_refused),
        cmocka_unit_test(test_lines_the_ini_reader_cannot_read_are_refused_in_chinese),
        cmocka_unit_test(test_a_file_without_negative_or_regimes_is_refused),
    };
    return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
