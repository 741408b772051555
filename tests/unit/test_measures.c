/* test_measures.c - the scenarios and the measures catalogue: the shipped files, every kind of
 * refused row with its line and column, and choosing measures by list, scenario and department
 * (domain/measures) */
#include "row_helpers.h"

#include "domain/measures.h"

#ifndef XY_TEST_MEASURES_DIR
#define XY_TEST_MEASURES_DIR "measures"
#endif

#define HEADER                                                                                                                \
    "序号,事项,内容,对象,政策依据,实施层级,实施频次,名单类型,应用场景,实施部门,措施类别," \
    "措施级别\n"

static struct xy_catalog *cat;
static struct xy_scenarios *shipped_sc;

static int setup(void **state)
{
    struct xy_err err;
    size_t len;
    char *text = t_read_file(XY_TEST_MEASURES_DIR "/scenarios.ini", &len);
    (void)state;

    cat = t_load_all();
    xy_err_clear(&err);
    if (xy_scenarios_parse(text, len, "scenarios.ini", &shipped_sc, &err) != XY_OK)
        fail_msg("%s", err.msg);
    free(text);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xy_scenarios_free(shipped_sc);
    xy_catalog_free(cat);
    return 0;
}

static struct xy_measures *parse_ok(const char *text)
{
    struct xy_measures *ms = NULL;
    struct xy_err err;

    xy_err_clear(&err);
    if (xy_measures_parse(cat, shipped_sc, text, strlen(text), "t.csv", &ms, &err) != XY_OK)
        fail_msg("%s", err.msg);
    return ms;
}

/* One data row (line 2 after HEADER) whose problem must be exactly msg, in column col. */
static void expect_row_problem(const char *row, const char *col, const char *msg)
{
    char text[4096];
    struct xy_measures *ms;

    snprintf(text, sizeof(text), "%s%s\n", HEADER, row);
    ms = parse_ok(text);
    assert_int_equal(ms->nrows, 0);
    assert_int_equal(ms->nproblems_total, 1);
    assert_int_equal(ms->problems[0].line, 2);
    if (col)
        assert_string_equal(ms->problems[0].column, col);
    else
        assert_null(ms->problems[0].column);
    assert_string_equal(ms->problems[0].msg, msg);
    xy_measures_free(ms);
}

#define GOOD_TAIL "本市,每次,sxbzxr,gov_procurement,广州市财政局,惩戒,限制"
#define GOOD_ROW  "1,限制参加政府采购,依法限制,失信被执行人,《政府采购法》第二十二条," GOOD_TAIL

/* ---- the shipped files ---- */

static void test_the_shipped_scenarios_have_the_scenarios_of_the_issue(void **state)
{
    static const char *const want[][2] = {
        {"gov_procurement", "政府采购"},
        {"bidding", "招标投标"},
        {"subsidy", "财政资金补助"},
        {"honours", "评优评先"},
        {"public_hiring", "公务员录用/事业单位招聘"},
        {"soe_posts", "国企任职"},
        {"licensing", "行政许可/资质审批"},
        {"land_supply", "土地供应"},
        {"inspection", "监督检查"},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct xy_scenario *s = xy_scenario_find(shipped_sc, want[i][0]);
        assert_non_null(s);
        assert_string_equal(s->name, want[i][1]);
    }
    assert_null(xy_scenario_find(shipped_sc, "nosuch"));
}

static void test_the_shipped_measures_load_without_a_problem(void **state)
{
    struct xy_measures *ms = NULL;
    struct xy_err err;
    size_t len, punish = 0, reward = 0;
    char *text = t_read_file(XY_TEST_MEASURES_DIR "/measures.csv", &len);
    (void)state;

    xy_err_clear(&err);
    assert_int_equal(xy_measures_parse(cat, shipped_sc, text, len, "measures.csv", &ms, &err),
                     XY_OK);
    if (ms->nproblems)
        fail_msg("%s", ms->problems[0].msg);
    assert_int_equal(xy_measures_first_problem(ms, &err), XY_OK);
    assert_true(ms->nrows >= 30 && ms->nrows <= 60);
    for (size_t i = 0; i < ms->nrows; i++) {
        const struct xy_measure *m = &ms->rows[i];
        assert_int_equal(m->seq, (long)i + 1);
        assert_true(*m->basis && m->note && *m->note); /* every row says how sure its source is */
        punish += m->kind == XY_MEASURE_PUNISH;
        reward += m->kind == XY_MEASURE_REWARD;
    }
    assert_true(punish >= 20 && reward >= 5);
    xy_measures_free(ms);
    free(text);
}

/* ---- rows refused, each naming its line and column ---- */

static void test_an_unknown_scenario_names_line_and_column(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,sxbzxr,procurement,广州市财政局,惩戒,限制",
                       "应用场景",
                       "措施清单“t.csv”第 2 行“应用场景”列：未知的场景“procurement”（见 "
                       "measures/scenarios.ini）");
}

static void test_an_unknown_list_item_names_line_and_column(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,heimingdan,bidding,各相关部门,惩戒,限制",
                       "名单类型",
                       "措施清单“t.csv”第 2 行“名单类型”列：目录中没有名单“heimingdan”（见 "
                       "xinyong catalog list）");
}

static void test_an_item_that_is_not_a_list_is_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,xzcf,bidding,各相关部门,惩戒,限制", "名单类型",
                       "措施清单“t.csv”第 2 行“名单类型”列：信息项“xzcf”（行政处罚）不是名单");
}

static void test_a_list_name_the_item_does_not_have_is_refused(void **state)
{
    (void)state;
    expect_row_problem(
        "1,事,容,象,依据,本市,每次,hmd:优秀纳税人,tax_affairs,各相关部门,激励,优先", "名单类型",
        "措施清单“t.csv”第 2 行“名单类型”列：名单“hmd”中没有“优秀纳税人”这一名单名称");
}

static void test_an_unknown_level_is_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,sxbzxr,bidding,各相关部门,惩戒,严禁", "措施级别",
                       "措施清单“t.csv”第 2 行“措施级别”列：未知的措施级别“严禁”（惩戒：禁止、"
                       "限制、从严审核；激励：绿色通道、容缺受理、优先、减少检查）");
}

static void test_a_reward_level_on_a_punishment_is_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,sxbzxr,bidding,各相关部门,惩戒,绿色通道",
                       "措施级别",
                       "措施清单“t.csv”第 2 行“措施级别”列：“绿色通道”是激励措施的级别，"
                       "本行措施类别为“惩戒”");
}

static void test_a_reward_for_a_black_list_is_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,sxbzxr,bidding,各相关部门,激励,优先", "措施类别",
                       "措施清单“t.csv”第 2 行“措施类别”列：激励措施不能用于严重失信主体名单"
                       "“sxbzxr”");
}

static void test_an_unknown_kind_is_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,依据,本市,每次,sxbzxr,bidding,各相关部门,处罚,限制", "措施类别",
                       "措施清单“t.csv”第 2 行“措施类别”列：须为“惩戒”或“激励”，实为“处罚”");
}

static void test_an_empty_policy_basis_is_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容,象,  ,本市,每次,sxbzxr,bidding,各相关部门,惩戒,限制", "政策依据",
                       "措施清单“t.csv”第 2 行“政策依据”列：不能为空");
}

static void test_a_bad_or_repeated_number_is_refused(void **state)
{
    struct xy_measures *ms;
    (void)state;

    expect_row_problem("一,事,容,象,依据," GOOD_TAIL, "序号",
                       "措施清单“t.csv”第 2 行“序号”列：须为 1 至 999999 的整数，实为“一”");
    ms = parse_ok(HEADER GOOD_ROW "\n" GOOD_ROW "\n");
    assert_int_equal(ms->nrows, 1);
    assert_int_equal(ms->nproblems_total, 1);
    assert_string_equal(ms->problems[0].msg,
                        "措施清单“t.csv”第 3 行“序号”列：序号 1 重复（第 2 行已用）");
    xy_measures_free(ms);
}

static void test_all_departments_cannot_be_mixed_with_named_ones(void **state)
{
    (void)state;
    expect_row_problem(
        "1,事,容,象,依据,本市,每次,sxbzxr,bidding,各相关部门；广州市财政局,惩戒,限制", "实施部门",
        "措施清单“t.csv”第 2 行“实施部门”列：“各相关部门”须单独填写，不能与具体部门"
        "并列");
}

static void test_an_unbalanced_quote_and_an_extra_cell_are_refused(void **state)
{
    (void)state;
    expect_row_problem("1,事,容\"错,象,依据," GOOD_TAIL, NULL,
                       "措施清单“t.csv”第 2 行：引号不成对：含引号的内容须整格用英文双引号括起，"
                       "内部的引号写两遍");
    expect_row_problem(GOOD_ROW ",多余", NULL,
                       "措施清单“t.csv”第 2 行：第 13 列在表头之外却有内容");
}

static void test_valid_rows_are_kept_and_problems_name_their_lines(void **state)
{
    /* a quoted cell over two lines moves the next row's line number */
    struct xy_measures *ms =
        parse_ok("\xEF\xBB\xBF" HEADER GOOD_ROW "\r\n"
                 "2,事,\"第一行\r\n第二行，含\"\"引号\"\",\",象,依据," GOOD_TAIL "\r\n"
                 "\r\n"
                 "3,事,容,象,依据,本市,每次,sxbzxr,nosuch,各相关部门,惩戒,限制\r\n"
                 "4,事,容,象,依据,本市,每次,hmd:A级纳税人,"
                 "涉税事项办理；licensing,国家税务总局广州市税务局,激励,"
                 "减少检查频次\r\n");
    struct xy_err err;
    (void)state;

    assert_int_equal(ms->nrows, 3);
    assert_int_equal(ms->rows[1].line, 3);
    assert_string_equal(ms->rows[1].content, "第一行\r\n第二行，含\"引号\",");
    assert_int_equal(ms->nproblems_total, 1);
    assert_int_equal(ms->problems[0].line, 6);
    /* scenarios by Chinese name, 减少检查频次 as 减少检查, a named list inside hmd */
    assert_int_equal(ms->rows[2].nscenarios, 2);
    assert_string_equal(ms->rows[2].scenarios[0], "tax_affairs");
    assert_int_equal(ms->rows[2].level, XY_LEVEL_FEWER_CHECKS);
    assert_string_equal(ms->rows[2].lists[0].name, "A级纳税人");
    xy_err_clear(&err);
    assert_int_equal(xy_measures_first_problem(ms, &err), XY_INVALID);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.field, "应用场景");
    assert_string_equal(err.detail, "共 1 处问题；用 xinyong measures check 文件 逐行查看");
    xy_measures_free(ms);
}

/* ---- files refused as a whole ---- */

static void expect_fatal(const char *text, xy_code code, const char *msg)
{
    struct xy_measures *ms = (void *)1;
    struct xy_err err;

    xy_err_clear(&err);
    assert_int_equal(xy_measures_parse(cat, shipped_sc, text, strlen(text), "dir/t.csv", &ms, &err),
                     code);
    assert_null(ms);
    assert_string_equal(err.msg, msg);
}

static void test_a_bad_header_or_text_refuses_the_file(void **state)
{
    (void)state;
    expect_fatal("", XY_INVALID, "措施清单“t.csv”：文件是空的：须有表头和至少一条措施");
    expect_fatal(
        "序号,事项,内容,对象,政策依据,实施层级,实施频次,名单类型,应用场景,实施部门,措施类别\n",
        XY_INVALID, "措施清单“t.csv”第 1 行：表头缺少“措施级别”列");
    expect_fatal("序号,事项,事项\n", XY_INVALID,
                 "措施清单“t.csv”第 1 行：表头的“事项”列出现了两次（第 2 和第 3 列）");
    expect_fatal("序号,事情\n", XY_INVALID,
                 "措施清单“t.csv”第 1 行：表头第 2 列“事情”不是已知的列名");
    expect_fatal(HEADER "1,\"没有闭合\n", XY_PARSE,
                 "措施清单“t.csv”第 2 行：引号没有闭合：从这一行起的一格一直到文件末尾");
    expect_fatal(
        HEADER "1,\xB2\xBB\n", XY_INVALID,
        "措施清单“t.csv”第 2 行：不是 UTF-8 文字（在 Excel 中另存为“CSV UTF-8（逗号分隔）”）");
}

static void test_scenario_file_mistakes_name_their_line(void **state)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"[scenario Bad]\nname = 甲\n",
         "场景文件“s.ini”第 2 行：场景代码“Bad”须以小写字母开头，只含小写字母、数字和 _，至多 32 "
         "个字符"},
        {"[scenario a]\nname = 甲\nname = 乙\n",
         "场景文件“s.ini”第 3 行：[scenario a] 的 name 写了两次"},
        {"[scenario a]\nname = 甲\n[scenario b]\nname = 乙\n[scenario a]\nnote = x\n",
         "场景文件“s.ini”第 6 行：场景代码“a”重复（第 2 行已定义）"},
        {"[scenario a]\nnote = x\n", "场景文件“s.ini”第 2 行：[scenario a] 缺少 name（中文名称）"},
        {"[scenario a]\nname = 甲\n[scenario b]\nname = 甲\n",
         "场景文件“s.ini”第 4 行：[scenario b] 与 [scenario a] 同名“甲”"},
        {"[scenario a]\nname = 甲\ncolour = red\n",
         "场景文件“s.ini”第 3 行：[scenario a] 中有未知的键“colour”（只能写 name、note）"},
        {"; nothing\n", "场景文件“s.ini”：没有任何 [scenario 代码] 节"},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xy_scenarios *sc = (void *)1;
        struct xy_err err;
        xy_err_clear(&err);
        assert_int_equal(
            xy_scenarios_parse(cases[i].text, strlen(cases[i].text), "s.ini", &sc, &err),
            XY_INVALID);
        assert_null(sc);
        assert_string_equal(err.msg, cases[i].msg);
    }
}

/* ---- choosing measures ---- */

static const char choose[] = HEADER
    "1,采购,容,象,依据,本市,每次,sxbzxr,gov_procurement,广州市财政局,惩戒,限制\n"
    "2,全部,容,象,依据,本市,每次,sxbzxr;zdsswf,gov_procurement;bidding,各相关部门,惩戒,禁止\n"
    "3,招标,容,象,依据,本市,每次,sxbzxr,bidding,广州市发展和改革委员会、广州市财政局,惩戒,"
    "限制\n"
    "4,A级,容,象,依据,本市,每次,hmd:A级纳税人,tax_affairs,各相关部门,激励,绿色通道\n"
    "5,红名单,容,象,依据,本市,每次,hmd,tax_affairs,各相关部门,激励,优先\n";

static void expect_seqs(struct xy_measures *ms, const char *item, const char *name,
                        const char *scenario, const char *dept, const char *want)
{
    struct xy_arena *a = xy_arena_new();
    const struct xy_measure **v;
    struct xy_err err;
    char got[64] = "";
    size_t n;

    xy_err_clear(&err);
    assert_int_equal(xy_measures_for(cat, ms, item, name, scenario, dept, a, &v, &n, &err), XY_OK);
    for (size_t i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%ld", i ? "," : "", v[i]->seq);
    assert_string_equal(got, want);
    xy_arena_free(a);
}

static void test_measures_are_chosen_by_list_scenario_and_department(void **state)
{
    struct xy_measures *ms = parse_ok(choose);
    (void)state;

    assert_int_equal(ms->nproblems_total, 0);
    expect_seqs(ms, "sxbzxr", NULL, "gov_procurement", "广州市财政局", "1,2");
    /* 各相关部门 applies to every department, a named one only to itself */
    expect_seqs(ms, "sxbzxr", NULL, "gov_procurement", "广州市住房和城乡建设局", "2");
    expect_seqs(ms, "sxbzxr", NULL, "bidding", "广州市财政局", "2,3");
    expect_seqs(ms, "zdsswf", NULL, "bidding", "广州市发展和改革委员会", "2");
    expect_seqs(ms, "zdsswf", NULL, "licensing", "广州市财政局", "");
    expect_seqs(ms, "yzwfsx", NULL, NULL, NULL, "");
    /* a list inside hmd: A级纳税人 gets both, 海关高级认证企业 only the measure for all of hmd */
    expect_seqs(ms, "hmd", "A级纳税人", "tax_affairs", "国家税务总局广州市税务局", "4,5");
    expect_seqs(ms, "hmd", "海关高级认证企业", "tax_affairs", "国家税务总局广州市税务局", "5");
    /* NULL filters browse */
    expect_seqs(ms, NULL, NULL, NULL, NULL, "1,2,3,4,5");
    expect_seqs(ms, NULL, NULL, NULL, "广州市发展和改革委员会", "2,3,4,5");
    xy_measures_free(ms);
}

static void test_an_unknown_list_or_scenario_in_a_query_is_an_error(void **state)
{
    struct xy_measures *ms = parse_ok(choose);
    struct xy_arena *a = xy_arena_new();
    const struct xy_measure **v;
    struct xy_err err;
    size_t n;
    (void)state;

    assert_int_equal(xy_measures_for(cat, ms, "nosuch", NULL, NULL, NULL, a, &v, &n, &err),
                     XY_NOT_FOUND);
    assert_string_equal(err.field, "list");
    assert_int_equal(xy_measures_for(cat, ms, "xzcf", NULL, NULL, NULL, a, &v, &n, &err),
                     XY_INVALID);
    assert_string_equal(err.msg, "信息项“xzcf”不是名单");
    assert_int_equal(xy_measures_for(cat, ms, "hmd", "无此名单", NULL, NULL, a, &v, &n, &err),
                     XY_INVALID);
    assert_int_equal(xy_measures_for(cat, ms, "sxbzxr", NULL, "nosuch", NULL, a, &v, &n, &err),
                     XY_INVALID);
    assert_string_equal(err.field, "scenario");
    assert_string_equal(err.msg, "未知的场景代码“nosuch”");
    xy_arena_free(a);
    xy_measures_free(ms);
}

static void test_levels_belong_to_their_kind(void **state)
{
    (void)state;
    assert_string_equal(xy_measure_level_zh(XY_LEVEL_STRICT), "从严审核");
    assert_int_equal(xy_measure_level_kind(XY_LEVEL_FORBID), XY_MEASURE_PUNISH);
    assert_int_equal(xy_measure_level_kind(XY_LEVEL_DEFERRED), XY_MEASURE_REWARD);
    assert_string_equal(xy_measure_kind_zh(XY_MEASURE_REWARD), "激励");
}

/* ---- one row at a time (the console's edits, imports, the database) ---- */

/* the cells of GOOD_ROW, in the file's column order, with blanks a clerk might leave */
static const char *const good_cells[XY_MEASURE_NCOLS] = {
    "1",
    " 限制参加政府采购 ",
    "依法限制",
    "失信被执行人",
    "《政府采购法》第二十二条",
    "本市",
    "每次",
    "sxbzxr",
    "政府采购",
    "广州市财政局",
    "惩戒",
    "限制",
    "",
};

static void test_a_row_is_checked_by_the_rules_of_the_file(void **state)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_measure m;
    struct xy_err err;
    (void)state;

    xy_err_clear(&err);
    assert_int_equal(
        xy_measure_parse_row(cat, shipped_sc, good_cells, XY_MEASURE_NCOLS, 0, a, &m, &err), XY_OK);
    assert_int_equal(m.seq, 1);
    assert_string_equal(m.matter, "限制参加政府采购");
    assert_string_equal(m.scenarios[0], "gov_procurement"); /* the name written, the code kept */
    assert_int_equal(m.level, XY_LEVEL_RESTRICT);
    assert_null(m.note);
    /* the cells as kept: trimmed, the scenario as the clerk wrote it */
    assert_string_equal(m.cells[1], "限制参加政府采购");
    assert_string_equal(m.cells[8], "政府采购");
    assert_string_equal(m.cells[12], "");
    /* cells with several values or a list name are kept whole, not as parsing cut them */
    {
        const char *cells[XY_MEASURE_NCOLS];
        memcpy(cells, good_cells, sizeof(cells));
        cells[7] = "hmd:A级纳税人";
        cells[8] = "licensing；subsidy";
        cells[9] = "广州市财政局、广州市税务局";
        cells[10] = "激励";
        cells[11] = "优先";
        assert_int_equal(
            xy_measure_parse_row(cat, shipped_sc, cells, XY_MEASURE_NCOLS, 0, a, &m, &err), XY_OK);
        assert_string_equal(m.cells[7], "hmd:A级纳税人");
        assert_string_equal(m.cells[8], "licensing；subsidy");
        assert_string_equal(m.cells[9], "广州市财政局、广州市税务局");
        assert_string_equal(m.lists[0].name, "A级纳税人");
        assert_int_equal(m.nscenarios, 2);
    }
    /* 备注 may be left out */
    assert_int_equal(xy_measure_parse_row(cat, shipped_sc, good_cells, 12, 0, a, &m, &err), XY_OK);
    xy_arena_free(a);
}

static void test_a_bad_row_names_its_column_and_line(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *cells[XY_MEASURE_NCOLS];
    struct xy_measure m;
    struct xy_err err;
    (void)state;

    memcpy(cells, good_cells, sizeof(cells));
    cells[8] = "no_such_scenario";
    xy_err_clear(&err);
    assert_int_equal(xy_measure_parse_row(cat, shipped_sc, cells, XY_MEASURE_NCOLS, 7, a, &m, &err),
                     XY_INVALID);
    assert_string_equal(err.field, "应用场景");
    assert_int_equal(err.line, 7);
    assert_string_equal(
        err.msg, "第 7 行“应用场景”列：未知的场景“no_such_scenario”（见 measures/scenarios.ini）");
    /* without a line (an edit in the console) */
    assert_int_equal(xy_measure_parse_row(cat, shipped_sc, cells, XY_MEASURE_NCOLS, 0, a, &m, &err),
                     XY_INVALID);
    assert_string_equal(err.msg,
                        "“应用场景”列：未知的场景“no_such_scenario”（见 measures/scenarios.ini）");
    cells[8] = "gov_procurement";
    cells[11] = "优先";
    assert_int_equal(xy_measure_parse_row(cat, shipped_sc, cells, XY_MEASURE_NCOLS, 0, a, &m, &err),
                     XY_INVALID);
    assert_string_equal(err.field, "措施级别");
    cells[11] = "限制";
    cells[7] = "nosuch";
    assert_int_equal(xy_measure_parse_row(cat, shipped_sc, cells, XY_MEASURE_NCOLS, 0, a, &m, &err),
                     XY_INVALID);
    assert_string_equal(err.field, "名单类型");
    cells[7] = "sxbzxr";
    cells[4] = "  ";
    assert_int_equal(xy_measure_parse_row(cat, shipped_sc, cells, XY_MEASURE_NCOLS, 0, a, &m, &err),
                     XY_INVALID);
    assert_string_equal(err.field, "政策依据");
    assert_string_equal(err.msg, "“政策依据”列：不能为空");
    xy_arena_free(a);
}

static void test_a_row_survives_the_csv_line_it_is_kept_as(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *cells[XY_MEASURE_NCOLS], *back[XY_MEASURE_NCOLS];
    struct xy_err err;
    char *line;
    (void)state;

    memcpy(cells, good_cells, sizeof(cells));
    cells[2] = "含逗号, \"引号\" 和\n换行";
    line = xy_measure_row_csv(cells, XY_MEASURE_NCOLS, a);
    assert_non_null(strstr(line, "\"含逗号, \"\"引号\"\" 和\n换行\""));
    assert_int_equal(xy_measure_row_split(line, a, back, &err), XY_OK);
    for (int k = 0; k < XY_MEASURE_NCOLS; k++)
        assert_string_equal(back[k], cells[k]);
    /* two records, or too many cells, are not a stored row */
    assert_int_equal(xy_measure_row_split("1,2\n3,4", a, back, &err), XY_PARSE);
    assert_int_equal(xy_measure_row_split("1,2,3,4,5,6,7,8,9,10,11,12,13,14", a, back, &err),
                     XY_PARSE);
    assert_int_equal(xy_measure_row_split("\"open", a, back, &err), XY_PARSE);
    assert_string_equal(xy_measure_column(0), "序号");
    assert_string_equal(xy_measure_column(12), "备注");
    assert_null(xy_measure_column(13));
    assert_int_equal(xy_measure_column_of("措施级别"), 11);
    assert_int_equal(xy_measure_column_of("级别"), -1);
    xy_arena_free(a);
}

static void test_stored_rows_make_a_catalogue_and_bad_ones_name_their_number(void **state)
{
    struct xy_arena *a = xy_arena_new();
    const char *cells[XY_MEASURE_NCOLS], *rows[2];
    struct xy_measures *ms;
    struct xy_err err;
    (void)state;

    rows[0] = xy_measure_row_csv(good_cells, XY_MEASURE_NCOLS, a);
    memcpy(cells, good_cells, sizeof(cells));
    cells[0] = "9";
    cells[10] = "激励"; /* a reward on a black list */
    cells[11] = "优先";
    rows[1] = xy_measure_row_csv(cells, XY_MEASURE_NCOLS, a);
    xy_err_clear(&err);
    assert_int_equal(xy_measures_from_rows(cat, shipped_sc, rows, 2, &ms, &err), XY_OK);
    assert_int_equal(ms->nrows, 1);
    assert_int_equal(ms->rows[0].seq, 1);
    assert_int_equal(ms->nproblems_total, 1);
    assert_int_equal(ms->problems[0].line, 9);
    assert_string_equal(ms->problems[0].msg,
                        "措施清单序号 9“措施类别”列：激励措施不能用于严重失信主体名单“sxbzxr”");
    xy_measures_free(ms);
    xy_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_shipped_scenarios_have_the_scenarios_of_the_issue),
        cmocka_unit_test(test_the_shipped_measures_load_without_a_problem),
        cmocka_unit_test(test_an_unknown_scenario_names_line_and_column),
        cmocka_unit_test(test_an_unknown_list_item_names_line_and_column),
        cmocka_unit_test(test_an_item_that_is_not_a_list_is_refused),
        cmocka_unit_test(test_a_list_name_the_item_does_not_have_is_refused),
        cmocka_unit_test(test_an_unknown_level_is_refused),
        cmocka_unit_test(test_a_reward_level_on_a_punishment_is_refused),
        cmocka_unit_test(test_a_reward_for_a_black_list_is_refused),
        cmocka_unit_test(test_an_unknown_kind_is_refused),
        cmocka_unit_test(test_an_empty_policy_basis_is_refused),
        cmocka_unit_test(test_a_bad_or_repeated_number_is_refused),
        cmocka_unit_test(test_all_departments_cannot_be_mixed_with_named_ones),
        cmocka_unit_test(test_an_unbalanced_quote_and_an_extra_cell_are_refused),
        cmocka_unit_test(test_valid_rows_are_kept_and_problems_name_their_lines),
        cmocka_unit_test(test_a_bad_header_or_text_refuses_the_file),
        cmocka_unit_test(test_scenario_file_mistakes_name_their_line),
        cmocka_unit_test(test_measures_are_chosen_by_list_scenario_and_department),
        cmocka_unit_test(test_an_unknown_list_or_scenario_in_a_query_is_an_error),
        cmocka_unit_test(test_levels_belong_to_their_kind),
        cmocka_unit_test(test_a_row_is_checked_by_the_rules_of_the_file),
        cmocka_unit_test(test_a_bad_row_names_its_column_and_line),
        cmocka_unit_test(test_a_row_survives_the_csv_line_it_is_kept_as),
        cmocka_unit_test(test_stored_rows_make_a_catalogue_and_bad_ones_name_their_number),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
