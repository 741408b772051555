/* test_catalog.c - catalogue item files: parsing, errors, the real catalogue and its rules
 * (domain/catalog) */
#include "row_helpers.h"

#include "base/buf.h"

/* A small but complete item; line numbers matter to the error tests below. */
static const char good[] = "; test item\n"                                         /* 1 */
                           "[item]\n"                                              /* 2 */
                           "id = demo\n"                                           /* 3 */
                           "name = 演示\n"                                         /* 4 */
                           "category = 3\n"                                        /* 5 */
                           "openness = 有条件共享\n"                               /* 6 */
                           "negative = yes\n"                                      /* 7 */
                           "publicity = penalty\n"                                 /* 8 */
                           "providers = 91350100M000100Y43, 91440300708461136T\n"  /* 9 */
                           "[field XDR_MC]\n"                                      /* 10 */
                           "name = 主体名称\n"                                     /* 11 */
                           "aliases = 相对人名称, 当事人名称\n"                    /* 12 */
                           "role = subject_name\n"                                 /* 13 */
                           "required = yes\n"                                      /* 14 */
                           "max = 200\n"                                           /* 15 */
                           "[field XDR_LB]\n"                                      /* 16 */
                           "name = 主体类别\n"                                     /* 17 */
                           "type = enum\n"                                         /* 18 */
                           "values = 法人及非法人组织, 自然人, 个体工商户\n"       /* 19 */
                           "role = subject_type\n"                                 /* 20 */
                           "[field XDR_ZJLX]\n"                                    /* 21 */
                           "name = 证件类型\n"                                     /* 22 */
                           "type = enum\n"                                         /* 23 */
                           "values = 身份证, 护照号\n"                             /* 24 */
                           "[field XDR_ZJHM]\n"                                    /* 25 */
                           "name = 证件号码\n"                                     /* 26 */
                           "type = idno\n"                                         /* 27 */
                           "idtype_field = XDR_ZJLX\n"                             /* 28 */
                           "required = if XDR_LB != 法人及非法人组织|个体工商户\n" /* 29 */
                           "[field WSH]\n"                                         /* 30 */
                           "name = 文书号\n"                                       /* 31 */
                           "key = yes\n"                                           /* 32 */
                           "[field LB]\n"                                          /* 33 */
                           "name = 类别\n"                                         /* 34 */
                           "type = enum\n"                                         /* 35 */
                           "multi = yes\n"                                         /* 36 */
                           "values = 警告, 罚款\n"                                 /* 37 */
                           "[field JE]\n"                                          /* 38 */
                           "name = 金额\n"                                         /* 39 */
                           "type = amount\n"                                       /* 40 */
                           "required = if LB = 罚款\n"                             /* 41 */
                           "[field JDRQ]\n"                                        /* 42 */
                           "name = 决定日期\n"                                     /* 43 */
                           "type = date\n"                                         /* 44 */
                           "role = decision_date\n"                                /* 45 */
                           "[field YXQ]\n"                                         /* 46 */
                           "name = 有效期\n"                                       /* 47 */
                           "type = date\n"                                         /* 48 */
                           "future = yes\n"                                        /* 49 */
                           "help = 可晚于今天\n";                                  /* 50 */

static xy_code add(struct xy_catalog *cat, const char *text, struct xy_err *err)
{
    xy_err_clear(err);
    return xy_catalog_add_text(cat, "demo.ini", text, strlen(text), err);
}

/* good with the first occurrence of `from` (a whole line) replaced by `to`. */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(good, from);
    size_t n = strlen(good) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);

    assert_non_null(at);
    memcpy(s, good, (size_t)(at - good));
    strcpy(s + (at - good), to);
    strcat(s, at + strlen(from));
    return s;
}

/* Parse good with one edit and check the error code and exact message. */
static void expect_error(const char *from, const char *to, xy_code code, const char *msg, long line)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    char *text = edit(from, to);

    assert_int_equal(add(cat, text, &err), code);
    assert_string_equal(err.msg, msg);
    if (line)
        assert_int_equal(err.line, line);
    assert_int_equal(cat->nitems, 0);
    free(text);
    xy_catalog_free(cat);
}

static void test_a_good_item_is_parsed_with_every_attribute(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    const struct xy_item *it;
    const struct xy_field *f;
    (void)state;

    assert_int_equal(add(cat, good, &err), XY_OK);
    assert_int_equal(xy_catalog_finish(cat, &err), XY_OK);
    it = xy_catalog_item(cat, "demo");
    assert_non_null(it);
    assert_string_equal(it->name, "演示");
    assert_int_equal(it->category, 3);
    assert_int_equal(it->openness, XY_OPEN_CONDITIONAL);
    assert_int_equal(it->negative, 1);
    assert_string_equal(it->publicity, "penalty");
    assert_string_equal(it->repair, "none"); /* default */
    assert_string_equal(it->source, "demo.ini");
    assert_int_equal(it->nproviders, 2);
    assert_string_equal(it->providers[1], "91440300708461136T");
    assert_int_equal(it->nfields, 9);
    assert_int_equal(it->role_field[XY_ROLE_SUBJECT_NAME], 0);
    assert_int_equal(it->role_field[XY_ROLE_SUBJECT_TYPE], 1);
    assert_int_equal(it->role_field[XY_ROLE_DECISION_DATE], 7);
    assert_int_equal(it->role_field[XY_ROLE_SUBJECT_USCC], -1);

    f = &it->fields[0];
    assert_string_equal(f->code, "XDR_MC");
    assert_int_equal(f->type, XY_FT_TEXT);
    assert_int_equal(f->required.op, XY_COND_ALWAYS);
    assert_int_equal(f->max_chars, 200);
    assert_int_equal(f->naliases, 2);
    assert_string_equal(f->aliases[1], "当事人名称");

    f = &it->fields[1];
    assert_int_equal(f->type, XY_FT_ENUM);
    assert_int_equal(f->nvalues, 3);
    assert_string_equal(f->values[2], "个体工商户");
    assert_int_equal(f->required.op, XY_COND_NEVER);

    f = &it->fields[3];
    assert_int_equal(f->type, XY_FT_IDNO);
    assert_int_equal(f->idtype_field, 2);
    assert_int_equal(f->required.op, XY_COND_NE);
    assert_int_equal(f->required.field, 1);
    assert_int_equal(f->required.nvalues, 2);
    assert_string_equal(f->required.values[0], "法人及非法人组织");
    assert_string_equal(f->required.values[1], "个体工商户");
    assert_string_equal(f->required.text, "if XDR_LB != 法人及非法人组织|个体工商户");

    assert_int_equal(it->fields[4].key_part, 1);
    assert_int_equal(it->fields[5].multi, 1);
    assert_int_equal(it->fields[6].required.op, XY_COND_EQ);
    assert_int_equal(it->fields[6].required.field, 5);
    assert_int_equal(it->fields[6].type, XY_FT_AMOUNT);
    assert_int_equal(it->fields[7].allow_future, 0);
    assert_int_equal(it->fields[8].allow_future, 1);
    assert_string_equal(it->fields[8].help, "可晚于今天");
    assert_int_equal(it->fields[2].idtype_field, -1);
    xy_catalog_free(cat);
}

static void test_a_header_finds_its_field_by_code_chinese_name_or_alias(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    const struct xy_item *it;
    (void)state;

    assert_int_equal(add(cat, good, &err), XY_OK);
    it = xy_catalog_item(cat, "demo");
    assert_int_equal(xy_item_field_by_header(it, "XDR_MC"), 0);
    assert_int_equal(xy_item_field_by_header(it, "主体名称"), 0);
    assert_int_equal(xy_item_field_by_header(it, "当事人名称"), 0);
    assert_int_equal(xy_item_field_by_header(it, "决定日期"), 7);
    assert_int_equal(xy_item_field_by_header(it, "xdr_mc"), -1);
    assert_int_equal(xy_item_field_by_header(it, "无此列"), -1);
    xy_catalog_free(cat);
}

static void test_only_listed_departments_may_provide_an_item(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    const struct xy_item *it;
    char *text = edit("providers = 91350100M000100Y43, 91440300708461136T\n", "providers = *\n");
    (void)state;

    assert_int_equal(add(cat, good, &err), XY_OK);
    it = xy_catalog_item(cat, "demo");
    assert_true(xy_item_may_provide(it, "91440300708461136T"));
    assert_false(xy_item_may_provide(it, "91110000600037341L"));
    xy_catalog_free(cat);

    cat = xy_catalog_new();
    assert_int_equal(add(cat, text, &err), XY_OK);
    assert_true(xy_item_may_provide(xy_catalog_item(cat, "demo"), "91110000600037341L"));
    free(text);
    xy_catalog_free(cat);
}

static void test_an_unknown_item_id_is_not_found(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    (void)state;

    assert_int_equal(add(cat, good, &err), XY_OK);
    assert_null(xy_catalog_item(cat, "xzcf"));
    xy_catalog_free(cat);
}

static void test_an_empty_catalogue_cannot_be_finished(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    (void)state;

    assert_int_equal(xy_catalog_finish(cat, &err), XY_INVALID);
    assert_string_equal(err.msg, "the catalogue has no items");
    xy_catalog_free(cat);
    xy_catalog_free(NULL);
}

static void test_the_same_item_id_twice_is_rejected(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    (void)state;

    assert_int_equal(add(cat, good, &err), XY_OK);
    assert_int_equal(add(cat, good, &err), XY_INVALID);
    assert_string_equal(err.msg, "demo.ini:1: item id: is defined twice: \"demo\"");
    assert_int_equal(cat->nitems, 1);
    xy_catalog_free(cat);
}

/* ---- every error names the file, the line and the key ---- */

static void test_an_unknown_field_type_names_file_line_field_and_key(void **state)
{
    (void)state;
    expect_error("type = amount\n", "type = amout\n", XY_INVALID,
                 "demo.ini:40: field JE type: unknown type \"amout\"", 40);
}

static void test_an_unknown_item_key_is_an_error(void **state)
{
    (void)state;
    expect_error("negative = yes\n", "colour = red\n", XY_INVALID,
                 "demo.ini:7: item colour: unknown key, value \"red\"", 7);
}

static void test_an_item_key_given_twice_is_an_error(void **state)
{
    (void)state;
    expect_error("negative = yes\n", "negative = yes\nnegative = no\n", XY_INVALID,
                 "demo.ini:8: item negative: is given twice in the same section, value \"no\"", 8);
}

static void test_a_field_key_given_twice_is_an_error(void **state)
{
    (void)state;
    expect_error("max = 200\n", "max = 200\nmax = 20\n", XY_INVALID,
                 "demo.ini:16: field XDR_MC max: is given twice in the same section, value \"20\"",
                 16);
}

static void test_an_unknown_field_key_is_an_error(void **state)
{
    (void)state;
    expect_error("max = 200\n", "maximum = 200\n", XY_INVALID,
                 "demo.ini:15: field XDR_MC maximum: unknown key, value \"200\"", 15);
}

static void test_a_category_outside_1_to_11_is_an_error(void **state)
{
    (void)state;
    expect_error("category = 3\n", "category = 12\n", XY_INVALID,
                 "demo.ini:5: item category: must be 1 to 11, found \"12\"", 5);
    expect_error("category = 3\n", "category = 3a\n", XY_INVALID,
                 "demo.ini:5: item category: must be 1 to 11, found \"3a\"", 5);
}

static void test_an_unknown_openness_is_an_error(void **state)
{
    (void)state;
    expect_error("openness = 有条件共享\n", "openness = 半公开\n", XY_INVALID,
                 "demo.ini:6: item openness: must be 公开, 有条件共享 or 不公开, found \"半公开\"",
                 6);
}

static void test_a_bad_boolean_is_an_error(void **state)
{
    (void)state;
    expect_error("negative = yes\n", "negative = maybe\n", XY_INVALID,
                 "demo.ini:7: item negative: must be yes or no, found \"maybe\"", 7);
    expect_error("multi = yes\n", "multi = several\n", XY_INVALID,
                 "demo.ini:36: field LB multi: must be yes or no, found \"several\"", 36);
}

static void test_an_unknown_tab_or_publicity_rule_is_an_error(void **state)
{
    (void)state;
    expect_error("negative = yes\n", "negative = yes\ntab = fines\n", XY_INVALID,
                 "demo.ini:8: item tab: must be license, penalty, reward, punish, abnormal or "
                 "other, found \"fines\"",
                 8);
    expect_error("publicity = penalty\n", "publicity = forever\n", XY_INVALID,
                 "demo.ini:1: item publicity: names no known rule: \"forever\"", 1);
    expect_error("negative = yes\n", "negative = yes\nname_public = perhaps\n", XY_INVALID,
                 "demo.ini:8: item name_public: must be yes or no, found \"perhaps\"", 8);
}

static void test_an_item_id_with_capitals_is_an_error(void **state)
{
    (void)state;
    expect_error("id = demo\n", "id = Demo\n", XY_INVALID,
                 "demo.ini:3: item id: must be lower-case letters, digits or _, found \"Demo\"", 3);
}

static void test_a_provider_that_is_not_a_valid_uscc_is_an_error(void **state)
{
    (void)state;
    expect_error("providers = 91350100M000100Y43, 91440300708461136T\n",
                 "providers = 91350100M000100Y44\n", XY_INVALID,
                 "demo.ini:9: item providers: is not * or a valid 统一社会信用代码: "
                 "\"91350100M000100Y44\"",
                 9);
}

static void test_an_unknown_role_is_an_error(void **state)
{
    (void)state;
    expect_error("role = subject_name\n", "role = subject\n", XY_INVALID,
                 "demo.ini:13: field XDR_MC role: unknown role \"subject\"", 13);
}

static void test_a_malformed_required_rule_is_an_error(void **state)
{
    (void)state;
    expect_error("required = yes\n", "required = sometimes\n", XY_INVALID,
                 "demo.ini:14: field XDR_MC required: must be yes, no or \"if FIELD = A|B\", "
                 "found \"sometimes\"",
                 14);
    expect_error("required = if LB = 罚款\n", "required = if LB\n", XY_INVALID,
                 "demo.ini:41: field JE required: expected \"if FIELD = A|B\" or "
                 "\"if FIELD != A|B\", found \"if LB\"",
                 41);
    expect_error("required = if LB = 罚款\n", "required = if LB =  \n", XY_INVALID,
                 "demo.ini:41: field JE required: lists no value: \"if LB =\"", 41);
    expect_error("required = if LB = 罚款\n", "required = if = 罚款\n", XY_INVALID,
                 "demo.ini:41: field JE required: names no field: \"if = 罚款\"", 41);
}

static void test_a_required_rule_on_an_unknown_field_names_the_required_line(void **state)
{
    (void)state;
    expect_error("required = if LB = 罚款\n", "required = if CFLB = 罚款\n", XY_INVALID,
                 "demo.ini:41: field JE required: refers to an unknown field \"CFLB\"", 41);
}

static void test_an_idtype_field_that_does_not_exist_names_its_line(void **state)
{
    (void)state;
    expect_error("idtype_field = XDR_ZJLX\n", "idtype_field = ZJLX\n", XY_INVALID,
                 "demo.ini:28: field XDR_ZJHM idtype_field: refers to an unknown field \"ZJLX\"",
                 28);
}

static void test_a_bad_max_is_an_error(void **state)
{
    (void)state;
    expect_error("max = 200\n", "max = 0\n", XY_INVALID,
                 "demo.ini:15: field XDR_MC max: must be a number of characters from 1 to 100000, "
                 "found \"0\"",
                 15);
}

static void test_an_enum_without_values_is_an_error(void **state)
{
    (void)state;
    expect_error("values = 警告, 罚款\n", "values = ,\n", XY_INVALID,
                 "demo.ini:34: field LB values: is required for type enum, found \"\"", 0);
}

static void test_a_field_without_a_name_is_an_error(void **state)
{
    (void)state;
    expect_error("name = 文书号\n", "", XY_INVALID,
                 "demo.ini:31: field WSH name: is required, found \"\"", 31);
}

static void test_a_role_given_to_two_fields_names_the_second_role_line(void **state)
{
    (void)state;
    expect_error("future = yes\n", "role = decision_date\n", XY_INVALID,
                 "demo.ini:49: field YXQ role: is given to two fields: \"decision_date\"", 49);
}

static void test_a_field_defined_twice_is_an_error(void **state)
{
    (void)state;
    expect_error("[field JE]\n", "[field WSH]\n", XY_INVALID,
                 "demo.ini:39: section [field]: defines a field twice: \"WSH\"", 39);
}

static void test_a_field_code_in_lower_case_is_an_error(void **state)
{
    (void)state;
    expect_error("[field JE]\n", "[field je]\n", XY_INVALID,
                 "demo.ini:39: section [field]: needs a code of A-Z, 0-9 and _, found \"je\"", 39);
}

static void test_an_unknown_section_is_an_error(void **state)
{
    (void)state;
    expect_error("[item]\n", "[items]\n", XY_INVALID,
                 "demo.ini:3: section items: is not [item] or [field CODE]; key \"id\"", 3);
}

static void test_an_item_without_a_category_names_the_missing_key(void **state)
{
    (void)state;
    expect_error("category = 3\n", "", XY_INVALID,
                 "demo.ini:1: item category: is required, found \"\"", 0);
    expect_error("name = 演示\n", "", XY_INVALID, "demo.ini:1: item name: is required, found \"\"",
                 0);
    expect_error("id = demo\n", "", XY_INVALID, "demo.ini:1: item id: is required, found \"\"", 0);
    expect_error("publicity = penalty\n", "", XY_INVALID,
                 "demo.ini:1: item publicity: is required, found \"\"", 0);
    expect_error("providers = 91350100M000100Y43, 91440300708461136T\n", "", XY_INVALID,
                 "demo.ini:1: item providers: is required (* or department codes), found \"\"", 0);
}

static void test_an_item_without_a_key_field_is_an_error(void **state)
{
    (void)state;
    expect_error("key = yes\n", "key = no\n", XY_INVALID,
                 "demo.ini:1: item demo: has no natural key field (key = yes) in \"demo.ini\"", 0);
}

static void test_an_item_without_a_decision_date_is_an_error(void **state)
{
    (void)state;
    expect_error("role = decision_date\n", "role = none\n", XY_INVALID,
                 "demo.ini:1: item demo: needs a field with role decision_date in \"demo.ini\"", 0);
}

static void test_a_file_without_an_item_section_is_an_error(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    (void)state;

    assert_int_equal(add(cat, "[field A]\nname = a\n", &err), XY_INVALID);
    assert_string_equal(err.msg, "demo.ini:1: [item]: section is missing in \"demo.ini\"");
    xy_catalog_free(cat);
}

static void test_an_ini_syntax_error_names_the_file_and_line(void **state)
{
    (void)state;
    expect_error("key = yes\n", "key yes\n", XY_PARSE,
                 "demo.ini: line 32: expected \"key = value\", found \"key yes\"", 32);
}

static void test_more_than_64_fields_is_too_large_and_names_the_file_once(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    struct xy_buf b = XY_BUF_INIT;
    (void)state;

    xy_buf_adds(&b, good);
    for (int i = 0; i < 60; i++)
        xy_buf_printf(&b, "[field F%d]\nname = f\n", i);
    assert_int_equal(add(cat, b.data, &err), XY_TOO_LARGE);
    /* 9 fields in good, the 56th extra one is the 65th field: line 50 + 55 * 2 + 2 */
    assert_string_equal(err.msg, "demo.ini:162: section [field]: more than 64 fields in one item "
                                 "at \"F55\"");
    xy_buf_release(&b);
    xy_catalog_free(cat);
}

static void test_errors_are_returned_without_an_error_record(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    (void)state;

    assert_int_equal(xy_catalog_add_text(cat, "x.ini", "[item]\nid = X\n", 14, NULL), XY_INVALID);
    assert_int_equal(xy_catalog_add_text(cat, "x.ini", "garbage\n", 8, NULL), XY_PARSE);
    assert_int_equal(xy_catalog_add_text(cat, "x.ini", "", 0, NULL), XY_INVALID);
    xy_catalog_free(cat);
}

static void test_names_of_types_openness_and_categories(void **state)
{
    (void)state;
    assert_string_equal(xy_field_type_name(XY_FT_IDNO), "idno");
    assert_string_equal(xy_field_type_name(XY_FT_COUNT), "?");
    assert_string_equal(xy_openness_zh(XY_OPEN_PUBLIC), "公开");
    assert_string_equal(xy_openness_zh(XY_OPEN_NONE), "不公开");
    assert_string_equal(xy_category_zh(3), "行政管理信息");
    assert_string_equal(xy_category_zh(11), "市场主体自愿提供的信息");
    assert_string_equal(xy_category_zh(0), "未分类");
    assert_string_equal(xy_category_zh(12), "未分类");
}

/* ---- the real catalogue ---- */

static void test_every_catalogue_file_loads_and_is_well_formed(void **state)
{
    struct xy_catalog *cat = t_load_all();
    struct xy_err err;
    (void)state;

    assert_int_equal(cat->nitems, T_NITEMS);
    assert_int_equal(xy_catalog_finish(cat, &err), XY_OK);
    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        int nkey = 0;
        assert_non_null(it);
        assert_true(it->category >= 1 && it->category <= 11);
        assert_true(it->role_field[XY_ROLE_SUBJECT_NAME] >= 0);
        assert_true(it->role_field[XY_ROLE_SUBJECT_TYPE] >= 0);
        assert_true(it->role_field[XY_ROLE_SUBJECT_USCC] >= 0);
        assert_true(it->role_field[XY_ROLE_SUBJECT_IDNO] >= 0);
        assert_true(it->role_field[XY_ROLE_DECISION_DATE] >= 0);
        assert_int_equal(it->fields[it->role_field[XY_ROLE_DECISION_DATE]].type, XY_FT_DATE);
        assert_int_equal(it->fields[it->role_field[XY_ROLE_SUBJECT_USCC]].type, XY_FT_USCC);
        assert_true(xy_item_may_provide(it, T_USCC_OK));
        for (size_t k = 0; k < it->nfields; k++)
            nkey += it->fields[k].key_part;
        assert_true(nkey >= 1);
    }
    xy_catalog_free(cat);
}

static void test_the_catalogue_items_sit_in_their_national_categories(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    assert_int_equal(xy_catalog_item(cat, "xzcf")->category, 3);
    assert_int_equal(xy_catalog_item(cat, "xzxk")->category, 3);
    assert_int_equal(xy_catalog_item(cat, "sxbzxr")->category, 2);
    assert_int_equal(xy_catalog_item(cat, "jyyc")->category, 5);
    assert_int_equal(xy_catalog_item(cat, "yzsx")->category, 6);
    assert_int_equal(xy_catalog_item(cat, "nsxy")->category, 9);
    assert_int_equal(xy_catalog_item(cat, "hmd")->category, 10);
    assert_true(xy_catalog_item(cat, "xzcf")->negative);
    assert_false(xy_catalog_item(cat, "xzxk")->negative);
    assert_int_equal(xy_catalog_item(cat, "nsxy")->openness, XY_OPEN_CONDITIONAL);
    xy_catalog_free(cat);
}

static void test_xzcf_has_the_penalty_fields_of_the_shuang_gongshi_standard(void **state)
{
    struct xy_catalog *cat = t_load_all();
    const struct xy_item *it = xy_catalog_item(cat, "xzcf");
    const struct xy_field *wsh, *cflb, *fk;
    static const char *const cflb_2021[] = {"警告",         "通报批评",     "罚款",
                                            "没收违法所得", "没收非法财物", "暂扣许可证件",
                                            "降低资质等级", "吊销许可证件", "限制开展生产经营活动",
                                            "责令停产停业", "责令关闭",     "限制从业",
                                            "行政拘留",     "其他"};
    (void)state;

    assert_string_equal(it->name, "行政处罚");
    wsh = &it->fields[t_field(it, "CF_WSH")];
    assert_string_equal(wsh->name, "处罚决定书文号");
    assert_true(wsh->key_part);
    assert_int_equal(wsh->required.op, XY_COND_ALWAYS);
    assert_int_equal(xy_item_field_by_header(it, "WSH"), t_field(it, "CF_WSH"));
    assert_int_equal(xy_item_field_by_header(it, "处罚决定书文号"), t_field(it, "CF_WSH"));

    cflb = &it->fields[t_field(it, "CF_CFLB")];
    assert_string_equal(cflb->name, "处罚类别");
    assert_int_equal(cflb->type, XY_FT_ENUM);
    assert_true(cflb->multi);
    for (size_t i = 0; i < sizeof(cflb_2021) / sizeof(cflb_2021[0]); i++) {
        int found = 0;
        for (size_t k = 0; k < cflb->nvalues; k++)
            found |= !strcmp(cflb->values[k], cflb_2021[i]);
        if (!found)
            fail_msg("处罚类别 lacks \"%s\"", cflb_2021[i]);
    }
    assert_int_equal(xy_item_field_by_header(it, "CFLB"), t_field(it, "CF_CFLB"));

    fk = &it->fields[t_field(it, "CF_NR_FK")];
    assert_int_equal(fk->type, XY_FT_AMOUNT);
    assert_int_equal(fk->required.op, XY_COND_EQ);
    assert_int_equal(fk->required.field, t_field(it, "CF_CFLB"));

    assert_int_equal(it->fields[t_field(it, "CF_JDRQ")].role, XY_ROLE_DECISION_DATE);
    assert_true(it->fields[t_field(it, "CF_YXQ")].allow_future);
    assert_int_equal(it->fields[t_field(it, "XDR_ZJHM")].idtype_field, t_field(it, "XDR_ZJLX"));
    assert_int_equal(xy_item_field_by_header(it, "行政相对人代码_1(统一社会信用代码)"),
                     t_field(it, "XDR_SHXYM"));
    xy_catalog_free(cat);
}

static void test_xzxk_has_the_licence_fields_of_the_shuang_gongshi_standard(void **state)
{
    struct xy_catalog *cat = t_load_all();
    const struct xy_item *it = xy_catalog_item(cat, "xzxk");
    (void)state;

    assert_string_equal(it->name, "行政许可");
    assert_true(it->fields[t_field(it, "XK_WSH")].key_part);
    assert_int_equal(it->fields[t_field(it, "XK_JDRQ")].role, XY_ROLE_DECISION_DATE);
    assert_int_equal(it->fields[t_field(it, "XK_XKLB")].type, XY_FT_ENUM);
    assert_true(it->fields[t_field(it, "XK_YXQZI")].allow_future);
    xy_catalog_free(cat);
}

/* ---- the subject rules every catalogue item shares (DOMAIN.md §3) ---- */

static void test_a_natural_person_without_an_id_number_is_rejected_in_every_item(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        const struct xy_row_issue *is;
        struct xy_row row;
        char want[200];

        t_set(it, raw, "XDR_MC", "张三");
        t_set(it, raw, "XDR_LB", "自然人");
        t_validate(it, raw, a, &row);
        assert_int_equal(row.nerrors, 1);
        is = t_issue(&row, "field.required_if");
        assert_non_null(is);
        assert_int_equal(is->field, t_field(it, "XDR_ZJHM"));
        snprintf(want, sizeof(want), "%s为“自然人”时必须填写%s",
                 it->fields[t_field(it, "XDR_LB")].name, it->fields[t_field(it, "XDR_ZJHM")].name);
        assert_string_equal(is->zh, want);
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

static void test_a_natural_person_with_an_id_number_is_accepted_in_every_item(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        struct xy_row row;

        t_set(it, raw, "XDR_MC", "张三");
        t_set(it, raw, "XDR_LB", "自然人");
        t_set(it, raw, "XDR_ZJLX", "身份证");
        t_set(it, raw, "XDR_ZJHM", "11010519491231002x");
        t_validate(it, raw, a, &row);
        t_assert_no_errors(it, &row);
        assert_int_equal(row.kind, XY_KIND_PERSON);
        assert_int_equal(row.primary.type, XY_IDENT_IDCARD);
        assert_string_equal(row.primary.value, T_IDNO_OK);
        assert_non_null(t_issue(&row, "idcard.lowercase_x"));
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

static void
test_an_organisation_without_a_legal_representative_is_rejected_in_every_item(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        const struct xy_row_issue *is;
        struct xy_row row;

        t_set(it, raw, "XDR_MC", "福建某某有限公司");
        t_set(it, raw, "XDR_LB", "法人及非法人组织");
        t_set(it, raw, "XDR_SHXYM", T_USCC_OK);
        t_validate(it, raw, a, &row);
        assert_int_equal(row.nerrors, 1);
        is = t_issue(&row, "field.required_if");
        assert_non_null(is);
        assert_int_equal(is->field, t_field(it, "FRDB"));
        assert_non_null(strstr(is->zh, "“法人及非法人组织”时必须填写法定代表人"));

        t_set(it, raw, "FRDB", "李四");
        t_validate(it, raw, a, &row);
        t_assert_no_errors(it, &row);
        assert_int_equal(row.kind, XY_KIND_ENTERPRISE);
        assert_int_equal(row.primary.type, XY_IDENT_USCC);
        assert_string_equal(row.primary.value, T_USCC_OK);
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

static void test_an_organisation_without_a_uscc_is_rejected_in_every_item(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        const struct xy_row_issue *is;
        struct xy_row row;

        t_set(it, raw, "XDR_MC", "福建某某有限公司");
        t_set(it, raw, "XDR_LB", "法人及非法人组织");
        t_set(it, raw, "FRDB", "李四");
        t_validate(it, raw, a, &row);
        assert_int_equal(row.nerrors, 1);
        is = t_issue(&row, "field.required_if");
        assert_non_null(is);
        assert_int_equal(is->field, t_field(it, "XDR_SHXYM"));
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

static void
test_the_placeholder_uscc_is_accepted_for_an_individual_business_with_a_regno(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        struct xy_row row;

        t_set(it, raw, "XDR_MC", "广州市天河区某某小吃店");
        t_set(it, raw, "XDR_LB", "个体工商户");
        t_set(it, raw, "XDR_SHXYM", "00000000000000000x");
        t_set(it, raw, "XDR_GSZC", "440106600123456");
        t_validate(it, raw, a, &row);
        t_assert_no_errors(it, &row);
        assert_int_equal(row.kind, XY_KIND_INDIVIDUAL_BUSINESS);
        assert_int_equal(row.primary.type, XY_IDENT_REGNO);
        assert_string_equal(row.primary.value, "440106600123456");
        assert_string_equal(row.values[t_field(it, "XDR_SHXYM")], XY_USCC_PLACEHOLDER);
        /* the 工商注册号 is the identity, not repeated as a legacy identifier */
        for (size_t k = 0; k < row.nidents; k++)
            assert_int_not_equal(row.idents[k].type, XY_IDENT_REGNO);
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

static void test_the_placeholder_uscc_requires_the_business_registration_number(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        const struct xy_row_issue *is;
        struct xy_row row;

        t_set(it, raw, "XDR_MC", "广州市天河区某某小吃店");
        t_set(it, raw, "XDR_LB", "个体工商户");
        t_set(it, raw, "XDR_SHXYM", "00000000000000000X");
        t_validate(it, raw, a, &row);
        assert_int_equal(row.nerrors, 1);
        is = t_issue(&row, "field.required_if");
        assert_non_null(is);
        assert_int_equal(is->field, t_field(it, "XDR_GSZC"));
        assert_non_null(strstr(is->zh, "为“00000000000000000X”时必须填写工商注册号"));
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

static void
test_the_placeholder_uscc_is_rejected_for_anyone_but_an_individual_business(void **state)
{
    static const char *const kinds[] = {"法人及非法人组织", "自然人"};
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++)
        for (size_t k = 0; k < 2; k++) {
            const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
            struct xy_arena *a = xy_arena_new();
            const char **raw = t_base_row(it, a);
            const struct xy_row_issue *is;
            struct xy_row row;

            t_set(it, raw, "XDR_MC", "某某");
            t_set(it, raw, "XDR_LB", kinds[k]);
            t_set(it, raw, "XDR_SHXYM", "00000000000000000X");
            t_set(it, raw, "XDR_GSZC", "440106600123456");
            t_set(it, raw, "FRDB", "李四");
            t_set(it, raw, "XDR_ZJHM", T_IDNO_OK);
            t_validate(it, raw, a, &row);
            assert_int_equal(row.nerrors, 1);
            is = t_issue(&row, "uscc.placeholder");
            assert_non_null(is);
            assert_int_equal(is->field, t_field(it, "XDR_SHXYM"));
            assert_string_equal(
                is->zh, "占位代码 00000000000000000X 仅适用于无统一社会信用代码的个体工商户");
            xy_arena_free(a);
        }
    xy_catalog_free(cat);
}

static void test_an_unknown_subject_category_is_rejected_in_every_item(void **state)
{
    struct xy_catalog *cat = t_load_all();
    (void)state;

    for (size_t i = 0; i < T_NITEMS; i++) {
        const struct xy_item *it = xy_catalog_item(cat, t_item_ids[i]);
        struct xy_arena *a = xy_arena_new();
        const char **raw = t_base_row(it, a);
        const struct xy_row_issue *is;
        struct xy_row row;

        t_set(it, raw, "XDR_MC", "某某");
        t_set(it, raw, "XDR_LB", "企业");
        t_validate(it, raw, a, &row);
        assert_int_equal(row.nerrors, 1);
        is = t_issue(&row, "enum.unknown");
        assert_non_null(is);
        assert_int_equal(is->field, t_field(it, "XDR_LB"));
        assert_int_equal(row.kind, XY_KIND_UNKNOWN);
        xy_arena_free(a);
    }
    xy_catalog_free(cat);
}

/* ---- list keys (issue 6) ---- */

/* good as a black list: its lines 8.. are the list keys, the rest moves down. */
#define LIST_KEYS                                                                                  \
    "negative = yes\n"                                                                             \
    "legal_basis = 《某某名单管理办法》\n"                                               \
    "list = black\n"                                                                               \
    "list_issuer = 某某局\n"                                                                    \
    "list_duration_months = 36\n"                                                                  \
    "list_approval = two_person\n"

/* Like expect_error, on good made a black list (LIST_KEYS at lines 7 to 12). */
static void expect_list_error(const char *from, const char *to, xy_code code, const char *msg,
                              long line)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    char *base = edit("negative = yes\n", LIST_KEYS);
    const char *at = strstr(base, from);
    char *text = malloc(strlen(base) + strlen(to) + 1);

    assert_non_null(at);
    memcpy(text, base, (size_t)(at - base));
    strcpy(text + (at - base), to);
    strcat(text, at + strlen(from));
    assert_int_equal(add(cat, text, &err), code);
    assert_string_equal(err.msg, msg);
    assert_int_equal(err.line, line);
    assert_int_equal(cat->nitems, 0);
    free(text);
    free(base);
    xy_catalog_free(cat);
}

static void test_list_keys_are_parsed_and_read_through_the_accessors(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    char *text = edit("negative = yes\n", LIST_KEYS "list_name_field = XDR_LB\n");
    const struct xy_item *it;
    (void)state;

    assert_int_equal(add(cat, text, &err), XY_OK);
    it = xy_catalog_item(cat, "demo");
    assert_int_equal(xy_item_list_kind(it), XY_LIST_BLACK);
    assert_string_equal(xy_list_kind_id(xy_item_list_kind(it)), "black");
    assert_string_equal(xy_list_kind_zh(XY_LIST_BLACK), "严重失信主体名单");
    assert_string_equal(xy_item_list_issuer(it), "某某局");
    assert_int_equal(xy_item_list_duration_months(it), 36);
    assert_true(xy_item_list_needs_second_approval(it));
    assert_string_equal(xy_item_list_name_field(it)->code, "XDR_LB");
    assert_true(xy_item_has_list_name(it, "自然人"));
    assert_false(xy_item_has_list_name(it, "没有"));
    free(text);
    xy_catalog_free(cat);
}

static void test_an_item_without_list_keys_is_no_list(void **state)
{
    struct xy_catalog *cat = xy_catalog_new();
    struct xy_err err;
    const struct xy_item *it;
    (void)state;

    assert_int_equal(add(cat, good, &err), XY_OK);
    it = xy_catalog_item(cat, "demo");
    assert_int_equal(xy_item_list_kind(it), XY_LIST_NONE);
    assert_null(xy_item_list_issuer(it));
    assert_null(xy_item_list_name_field(it));
    assert_false(xy_item_list_needs_second_approval(it));
    xy_catalog_free(cat);
}

static void test_bad_list_keys_name_file_line_and_key(void **state)
{
    (void)state;
    expect_error(
        "negative = yes\n", "negative = yes\nlist = pink\n", XY_INVALID,
        "demo.ini:8: item list: 须为 red（红名单）、black（严重失信）或 watch（重点关注），"
        "实为 \"pink\"",
        8);
    expect_error("negative = yes\n", "negative = yes\nlist_issuer = 某局\n", XY_INVALID,
                 "demo.ini:8: item list_issuer: 只用于名单（须先写 list），信息项 \"demo\"", 8);
    expect_error(
        "negative = yes\n",
        "negative = yes\nlist = watch\nlist_issuer = 某局\nlist_duration_months = 13.5\n",
        XY_INVALID,
        "demo.ini:10: item list_duration_months: 须为 0 至 120 的整月数（0 表示至移出为止），"
        "实为 \"13.5\"",
        10);
    expect_error("negative = yes\n", "negative = yes\nlist = watch\nlist_approval = maybe\n",
                 XY_INVALID,
                 "demo.ini:9: item list_approval: 须为 two_person 或 none，实为 \"maybe\"", 9);
}

static void test_a_list_needs_issuer_basis_duration_and_for_black_a_second_person(void **state)
{
    (void)state;
    /* legal_basis is required for lists */
    expect_error("negative = yes\n",
                 "negative = yes\nlist = watch\nlist_issuer = 某局\nlist_duration_months = 0\n",
                 XY_INVALID,
                 "demo.ini:8: item legal_basis: 名单须写明法律或政策依据，信息项 \"demo\"", 8);
    expect_error("negative = yes\n", "negative = yes\nlegal_basis = 某法\nlist = watch\n",
                 XY_INVALID, "demo.ini:9: item list_issuer: 名单须写明认定部门，信息项 \"demo\"",
                 9);
    expect_error(
        "negative = yes\n",
        "negative = yes\nlegal_basis = 某法\nlist = watch\nlist_issuer = 某局\n", XY_INVALID,
        "demo.ini:9: item list_duration_months: 名单须写明默认期限（整月数），信息项 \"demo\"", 9);
    expect_list_error("list_approval = two_person\n", "list_approval = none\n", XY_INVALID,
                      "demo.ini:12: item list_approval: 严重失信名单须经第二人审核后公布，应为 "
                      "two_person，信息项 \"demo\"",
                      12);
}

static void test_a_red_list_is_positive_and_a_black_list_negative(void **state)
{
    (void)state;
    expect_list_error("list = black\n", "list = red\nlist_approval = none\n", XY_INVALID,
                      "demo.ini:13: item list_approval: is given twice in the same section, value "
                      "\"two_person\"",
                      13);
    expect_list_error(
        "list = black\n", "list = red\n", XY_INVALID,
        "demo.ini:9: item list: 红名单不能是失信信息（negative = yes），名单类型 \"red\"", 9);
    expect_error(
        "negative = yes\n",
        "negative = no\nlegal_basis = 某法\nlist = watch\n"
        "list_issuer = 某局\nlist_duration_months = 0\n",
        XY_INVALID,
        "demo.ini:9: item list: 此类名单须为失信信息（negative = yes），名单类型 \"watch\"", 9);
}

static void test_a_list_name_field_must_be_a_single_choice_enum(void **state)
{
    (void)state;
    expect_list_error("list_approval = two_person\n",
                      "list_approval = two_person\nlist_name_field = JE\n", XY_INVALID,
                      "demo.ini:13: item list_name_field: 须指向单选的 enum 字段，实为 \"JE\"", 13);
    expect_list_error("list_approval = two_person\n",
                      "list_approval = two_person\nlist_name_field = LB\n", XY_INVALID,
                      "demo.ini:13: item list_name_field: 须指向单选的 enum 字段，实为 \"LB\"", 13);
    expect_list_error("list_approval = two_person\n",
                      "list_approval = two_person\nlist_name_field = XX\n", XY_INVALID,
                      "demo.ini:13: item list_name_field: 指向不存在的字段 \"XX\"", 13);
}

static void test_the_catalogue_lists_have_their_kind_issuer_basis_and_duration(void **state)
{
    struct xy_catalog *cat = t_load_all();
    static const struct {
        const char *id;
        enum xy_list_kind kind;
        int months;
        const char *issuer;
    } want[] = {
        {"hmd", XY_LIST_RED, 0, NULL},
        {"jyyc", XY_LIST_WATCH, 0, "市场监督管理部门"},
        {"sxbzxr", XY_LIST_BLACK, 24, "人民法院"},
        {"yzsx", XY_LIST_BLACK, 36, NULL},
        {"zdsswf", XY_LIST_BLACK, 36, "税务机关"},
        {"yzwfsx", XY_LIST_BLACK, 36, "市场监督管理部门"},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct xy_item *it = xy_catalog_item(cat, want[i].id);
        assert_non_null(it);
        assert_int_equal(xy_item_list_kind(it), want[i].kind);
        assert_int_equal(xy_item_list_duration_months(it), want[i].months);
        assert_non_null(xy_item_list_issuer(it));
        if (want[i].issuer)
            assert_string_equal(xy_item_list_issuer(it), want[i].issuer);
        assert_true(it->legal_basis && *it->legal_basis);
        assert_int_equal(xy_item_list_needs_second_approval(it), want[i].kind == XY_LIST_BLACK);
        assert_int_equal(it->tab, want[i].kind == XY_LIST_RED     ? XY_TAB_REWARD
                                  : want[i].kind == XY_LIST_WATCH ? XY_TAB_ABNORMAL
                                                                  : XY_TAB_PUNISH);
    }
    assert_non_null(strstr(xy_catalog_item(cat, "zdsswf")->legal_basis,
                           "重大税收违法失信主体信息公布管理办法"));
    assert_true(xy_item_has_list_name(xy_catalog_item(cat, "hmd"), "A级纳税人"));
    assert_true(xy_item_has_list_name(xy_catalog_item(cat, "yzsx"), "重大税收违法失信主体"));
    assert_int_equal(xy_item_list_kind(xy_catalog_item(cat, "nsxy")), XY_LIST_NONE);
    assert_int_equal(xy_item_list_kind(xy_catalog_item(cat, "xzcf")), XY_LIST_NONE);
    xy_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_good_item_is_parsed_with_every_attribute),
        cmocka_unit_test(test_list_keys_are_parsed_and_read_through_the_accessors),
        cmocka_unit_test(test_an_item_without_list_keys_is_no_list),
        cmocka_unit_test(test_bad_list_keys_name_file_line_and_key),
        cmocka_unit_test(test_a_list_needs_issuer_basis_duration_and_for_black_a_second_person),
        cmocka_unit_test(test_a_red_list_is_positive_and_a_black_list_negative),
        cmocka_unit_test(test_a_list_name_field_must_be_a_single_choice_enum),
        cmocka_unit_test(test_the_catalogue_lists_have_their_kind_issuer_basis_and_duration),
        cmocka_unit_test(test_a_header_finds_its_field_by_code_chinese_name_or_alias),
        cmocka_unit_test(test_only_listed_departments_may_provide_an_item),
        cmocka_unit_test(test_an_unknown_item_id_is_not_found),
        cmocka_unit_test(test_an_empty_catalogue_cannot_be_finished),
        cmocka_unit_test(test_the_same_item_id_twice_is_rejected),
        cmocka_unit_test(test_an_unknown_field_type_names_file_line_field_and_key),
        cmocka_unit_test(test_an_unknown_item_key_is_an_error),
        cmocka_unit_test(test_an_item_key_given_twice_is_an_error),
        cmocka_unit_test(test_a_field_key_given_twice_is_an_error),
        cmocka_unit_test(test_an_unknown_field_key_is_an_error),
        cmocka_unit_test(test_a_category_outside_1_to_11_is_an_error),
        cmocka_unit_test(test_an_unknown_openness_is_an_error),
        cmocka_unit_test(test_a_bad_boolean_is_an_error),
        cmocka_unit_test(test_an_unknown_tab_or_publicity_rule_is_an_error),
        cmocka_unit_test(test_an_item_id_with_capitals_is_an_error),
        cmocka_unit_test(test_a_provider_that_is_not_a_valid_uscc_is_an_error),
        cmocka_unit_test(test_an_unknown_role_is_an_error),
        cmocka_unit_test(test_a_malformed_required_rule_is_an_error),
        cmocka_unit_test(test_a_required_rule_on_an_unknown_field_names_the_required_line),
        cmocka_unit_test(test_an_idtype_field_that_does_not_exist_names_its_line),
        cmocka_unit_test(test_a_bad_max_is_an_error),
        cmocka_unit_test(test_an_enum_without_values_is_an_error),
        cmocka_unit_test(test_a_field_without_a_name_is_an_error),
        cmocka_unit_test(test_a_role_given_to_two_fields_names_the_second_role_line),
        cmocka_unit_test(test_a_field_defined_twice_is_an_error),
        cmocka_unit_test(test_a_field_code_in_lower_case_is_an_error),
        cmocka_unit_test(test_an_unknown_section_is_an_error),
        cmocka_unit_test(test_an_item_without_a_category_names_the_missing_key),
        cmocka_unit_test(test_an_item_without_a_key_field_is_an_error),
        cmocka_unit_test(test_an_item_without_a_decision_date_is_an_error),
        cmocka_unit_test(test_a_file_without_an_item_section_is_an_error),
        cmocka_unit_test(test_an_ini_syntax_error_names_the_file_and_line),
        cmocka_unit_test(test_more_than_64_fields_is_too_large_and_names_the_file_once),
        cmocka_unit_test(test_errors_are_returned_without_an_error_record),
        cmocka_unit_test(test_names_of_types_openness_and_categories),
        cmocka_unit_test(test_every_catalogue_file_loads_and_is_well_formed),
        cmocka_unit_test(test_the_catalogue_items_sit_in_their_national_categories),
        cmocka_unit_test(test_xzcf_has_the_penalty_fields_of_the_shuang_gongshi_standard),
        cmocka_unit_test(test_xzxk_has_the_licence_fields_of_the_shuang_gongshi_standard),
        cmocka_unit_test(test_a_natural_person_without_an_id_number_is_rejected_in_every_item),
        cmocka_unit_test(test_a_natural_person_with_an_id_number_is_accepted_in_every_item),
        cmocka_unit_test(
            test_an_organisation_without_a_legal_representative_is_rejected_in_every_item),
        cmocka_unit_test(test_an_organisation_without_a_uscc_is_rejected_in_every_item),
        cmocka_unit_test(
            test_the_placeholder_uscc_is_accepted_for_an_individual_business_with_a_regno),
        cmocka_unit_test(test_the_placeholder_uscc_requires_the_business_registration_number),
        cmocka_unit_test(
            test_the_placeholder_uscc_is_rejected_for_anyone_but_an_individual_business),
        cmocka_unit_test(test_an_unknown_subject_category_is_rejected_in_every_item),
    };
    return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
