/* codes.c - USCC, organisation code and citizen ID number rules (layer: domain)
 *
 * Algorithms from GB 32100-2015, GB 11714-1997 and GB 11643-1999, as summarised in DOMAIN.md §1.
 */
#include "domain/codes.h"

#include <stdio.h>
#include <string.h>

#include "base/time.h"

/* GB 32100 character set: 31 symbols, no I, O, S, V, Z. */
static const char uscc_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
static const int id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

struct kind_info {
    const char *id, *zh;
};

static const struct kind_info kinds[XY_KIND_COUNT] = {
    [XY_KIND_UNKNOWN] = {"unknown", "未知"},
    [XY_KIND_GOVERNMENT] = {"government", "机关"},
    [XY_KIND_INSTITUTION] = {"institution", "事业单位"},
    [XY_KIND_MASS_ORG] = {"mass_org", "群团组织"},
    [XY_KIND_LEGAL_SERVICE] = {"legal_service", "法律服务机构"},
    [XY_KIND_SOCIAL_ORG] = {"social_org", "社会组织"},
    [XY_KIND_ENTERPRISE] = {"enterprise", "企业"},
    [XY_KIND_INDIVIDUAL_BUSINESS] = {"individual_business", "个体工商户"},
    [XY_KIND_COOPERATIVE] = {"cooperative", "农民专业合作社"},
    [XY_KIND_COLLECTIVE] = {"collective", "农村集体经济组织"},
    [XY_KIND_OTHER_ORG] = {"other_org", "其他组织"},
    [XY_KIND_PERSON] = {"person", "自然人"},
};

const char *xy_kind_id(enum xy_subject_kind kind)
{
    return (unsigned)kind < XY_KIND_COUNT ? kinds[kind].id : "unknown";
}

const char *xy_kind_zh(enum xy_subject_kind kind)
{
    return (unsigned)kind < XY_KIND_COUNT ? kinds[kind].zh : "未知";
}

/* Registering authority + category (positions 1-2) -> kind; DOMAIN.md §1 table. */
static const struct {
    const char prefix[3];
    enum xy_subject_kind kind;
} uscc_categories[] = {
    {"11", XY_KIND_GOVERNMENT},    {"12", XY_KIND_INSTITUTION},
    {"13", XY_KIND_MASS_ORG},      {"19", XY_KIND_OTHER_ORG},
    {"21", XY_KIND_GOVERNMENT},    {"29", XY_KIND_OTHER_ORG},
    {"31", XY_KIND_LEGAL_SERVICE}, {"32", XY_KIND_LEGAL_SERVICE},
    {"33", XY_KIND_LEGAL_SERVICE}, {"34", XY_KIND_LEGAL_SERVICE},
    {"35", XY_KIND_LEGAL_SERVICE}, {"39", XY_KIND_OTHER_ORG},
    {"41", XY_KIND_OTHER_ORG},     {"49", XY_KIND_OTHER_ORG},
    {"51", XY_KIND_SOCIAL_ORG},    {"52", XY_KIND_SOCIAL_ORG},
    {"53", XY_KIND_SOCIAL_ORG},    {"59", XY_KIND_SOCIAL_ORG},
    {"61", XY_KIND_OTHER_ORG},     {"62", XY_KIND_OTHER_ORG},
    {"69", XY_KIND_OTHER_ORG},     {"71", XY_KIND_OTHER_ORG},
    {"72", XY_KIND_OTHER_ORG},     {"79", XY_KIND_OTHER_ORG},
    {"81", XY_KIND_MASS_ORG},      {"89", XY_KIND_MASS_ORG},
    {"91", XY_KIND_ENTERPRISE},    {"92", XY_KIND_INDIVIDUAL_BUSINESS},
    {"93", XY_KIND_COOPERATIVE},   {"A1", XY_KIND_OTHER_ORG},
    {"A9", XY_KIND_OTHER_ORG},     {"N1", XY_KIND_COLLECTIVE},
    {"N2", XY_KIND_COLLECTIVE},    {"N3", XY_KIND_COLLECTIVE},
    {"N9", XY_KIND_COLLECTIVE},    {"Y1", XY_KIND_OTHER_ORG},
};

enum xy_subject_kind xy_uscc_kind(const char *code)
{
    for (size_t i = 0; i < sizeof(uscc_categories) / sizeof(uscc_categories[0]); i++)
        if (code[0] == uscc_categories[i].prefix[0] && code[1] == uscc_categories[i].prefix[1])
            return uscc_categories[i].kind;
    return XY_KIND_UNKNOWN;
}

static int uscc_value(char c)
{
    const char *p = c ? strchr(uscc_set, c) : NULL;
    return p ? (int)(p - uscc_set) : -1;
}

static void set(struct xy_code_check *chk, enum xy_check_level level, const char *id,
                const char *fmt, const char *a, const char *b)
{
    chk->level = level;
    chk->id = id;
    snprintf(chk->zh, sizeof(chk->zh), fmt, a ? a : "", b ? b : "");
}

static void ok(struct xy_code_check *chk)
{
    chk->level = XY_CHECK_OK;
    chk->id = NULL;
    chk->zh[0] = '\0';
}

char xy_uscc_check_char(const char *first17)
{
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        int v = uscc_value(first17[i]);
        if (v < 0)
            return 0;
        sum += v * uscc_weights[i];
    }
    return uscc_set[(31 - sum % 31) % 31];
}

int xy_uscc_is_placeholder(const char *code)
{
    return strcmp(code, XY_USCC_PLACEHOLDER) == 0 || strcmp(code, "00000000000000000x") == 0;
}

static char upper(char c)
{
    return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static int org_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return -1;
}

char xy_orgcode_check_char(const char *first8)
{
    int sum = 0, c;

    for (int i = 0; i < 8; i++) {
        int v = org_value(first8[i]);
        if (v < 0)
            return 0;
        sum += v * org_weights[i];
    }
    c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

void xy_uscc_check(const char *in, char out[XY_USCC_LEN + 1], struct xy_code_check *chk)
{
    size_t n = strlen(in);
    char expect[2] = {0, 0}, got[2] = {0, 0};

    out[0] = '\0';
    if (n != XY_USCC_LEN) {
        char len[16];
        snprintf(len, sizeof(len), "%zu", n);
        set(chk, XY_CHECK_ERROR, "uscc.length", "统一社会信用代码应为18位，实际为%s位", len, NULL);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        out[i] = upper(in[i]);
        if (uscc_value(out[i]) < 0) {
            char bad[2] = {in[i], 0}, pos[8];
            snprintf(pos, sizeof(pos), "%zu", i + 1);
            out[0] = '\0';
            set(chk, XY_CHECK_ERROR, "uscc.charset",
                "统一社会信用代码第%s位“%s”不是允许的字符（不含 I、O、S、V、Z）", pos, bad);
            return;
        }
    }
    out[n] = '\0';
    if (xy_uscc_is_placeholder(out)) {
        set(chk, XY_CHECK_ERROR, "uscc.placeholder",
            "占位代码 00000000000000000X 仅适用于无统一社会信用代码的个体工商户", NULL, NULL);
        return;
    }
    if (xy_uscc_kind(out) == XY_KIND_UNKNOWN) {
        char cat[3] = {out[0], out[1], 0};
        set(chk, XY_CHECK_ERROR, "uscc.category",
            "统一社会信用代码前两位“%s”不是有效的登记管理部门和机构类别", cat, NULL);
        return;
    }
    expect[0] = xy_uscc_check_char(out);
    got[0] = out[17];
    if (expect[0] != out[17]) {
        set(chk, XY_CHECK_ERROR, "uscc.check_char",
            "统一社会信用代码校验位错误：第18位应为“%s”，实际为“%s”", expect, got);
        return;
    }
    /* positions 9-17 carry the GB 11714 organisation code; legacy codes may fail its check */
    expect[0] = xy_orgcode_check_char(out + 8);
    got[0] = out[16];
    if (expect[0] != out[16]) {
        set(chk, XY_CHECK_WARN, "uscc.orgcode_check",
            "统一社会信用代码内含的组织机构代码校验位不符（应为“%s”，实际为“%s”），已按原值接收",
            expect, got);
        return;
    }
    ok(chk);
}

void xy_orgcode_check(const char *in, char out[10], struct xy_code_check *chk)
{
    size_t n = 0;
    char expect[2] = {0, 0}, got[2] = {0, 0};

    out[0] = '\0';
    int hyphen = 0;

    for (const char *p = in; *p; p++) {
        if (*p == '-' && n == 8 && !hyphen++)
            continue; /* "12345678-9": one hyphen, before the check character */
        if (n >= 9) {
            set(chk, XY_CHECK_ERROR, "orgcode.length", "组织机构代码应为9位（可写作8位-1位）", NULL,
                NULL);
            out[0] = '\0';
            return;
        }
        out[n++] = upper(*p);
    }
    out[n] = '\0';
    if (n != 9) {
        set(chk, XY_CHECK_ERROR, "orgcode.length", "组织机构代码应为9位（可写作8位-1位）", NULL,
            NULL);
        out[0] = '\0';
        return;
    }
    for (int i = 0; i < 8; i++)
        if (org_value(out[i]) < 0) {
            set(chk, XY_CHECK_ERROR, "orgcode.charset", "组织机构代码含有不允许的字符", NULL, NULL);
            out[0] = '\0';
            return;
        }
    expect[0] = xy_orgcode_check_char(out);
    got[0] = out[8];
    if (expect[0] != out[8]) {
        set(chk, XY_CHECK_ERROR, "orgcode.check_char",
            "组织机构代码校验位错误：应为“%s”，实际为“%s”", expect, got);
        out[0] = '\0';
        return;
    }
    ok(chk);
}

char xy_idcard_check_char(const char *first17)
{
    static const char map[] = "10X98765432";
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        if (first17[i] < '0' || first17[i] > '9')
            return 0;
        sum += (first17[i] - '0') * id_weights[i];
    }
    return map[sum % 11];
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

void xy_idcard_check(const char *in, char out[19], int today_days, struct xy_code_check *chk)
{
    size_t n = strlen(in);
    int converted = 0, folded = 0, y, m, d;
    char expect[2] = {0, 0}, got[2] = {0, 0};

    out[0] = '\0';
    if (n == 15) {
        /* GB 11643 legacy form: 6 address + YYMMDD + 3 sequence; the century is 19 */
        if (!digits(in, 15)) {
            set(chk, XY_CHECK_ERROR, "idcard.charset", "15位身份证号码只能由数字组成", NULL, NULL);
            return;
        }
        memcpy(out, in, 6);
        memcpy(out + 6, "19", 2);
        memcpy(out + 8, in + 6, 9);
        out[17] = xy_idcard_check_char(out);
        out[18] = '\0';
        converted = 1;
    } else if (n == 18) {
        memcpy(out, in, 19);
        if (out[17] == 'x') {
            out[17] = 'X';
            folded = 1;
        }
        if (!digits(out, 17) || !((out[17] >= '0' && out[17] <= '9') || out[17] == 'X')) {
            out[0] = '\0';
            set(chk, XY_CHECK_ERROR, "idcard.charset",
                "身份证号码前17位应为数字，第18位应为数字或 X", NULL, NULL);
            return;
        }
    } else {
        char len[16];
        snprintf(len, sizeof(len), "%zu", n);
        set(chk, XY_CHECK_ERROR, "idcard.length", "身份证号码应为18位（或旧版15位），实际为%s位",
            len, NULL);
        return;
    }
    y = num(out + 6, 4);
    m = num(out + 10, 2);
    d = num(out + 12, 2);
    if (!xy_date_valid(y, m, d) || y < 1890) {
        char date[16];
        snprintf(date, sizeof(date), "%.8s", out + 6);
        out[0] = '\0';
        set(chk, XY_CHECK_ERROR, "idcard.birth_date", "身份证号码中的出生日期“%s”不是有效日期",
            date, NULL);
        return;
    }
    if (xy_days_from_civil(y, m, d) > today_days) {
        char date[16];
        snprintf(date, sizeof(date), "%.8s", out + 6);
        out[0] = '\0';
        set(chk, XY_CHECK_ERROR, "idcard.birth_future", "身份证号码中的出生日期“%s”晚于今天", date,
            NULL);
        return;
    }
    expect[0] = xy_idcard_check_char(out);
    got[0] = out[17];
    if (expect[0] != out[17]) {
        out[0] = '\0';
        set(chk, XY_CHECK_ERROR, "idcard.check_char",
            "身份证号码校验位错误：第18位应为“%s”，实际为“%s”", expect, got);
        return;
    }
    if (converted)
        set(chk, XY_CHECK_WARN, "idcard.legacy15", "15位旧身份证号码已转换为18位", NULL, NULL);
    else if (folded)
        set(chk, XY_CHECK_WARN, "idcard.lowercase_x", "身份证号码末位小写 x 已更正为大写 X", NULL,
            NULL);
    else
        ok(chk);
}

const char *xy_ident_type_zh(enum xy_ident_type t)
{
    static const char *const names[XY_IDENT_COUNT] = {
        [XY_IDENT_USCC] = "统一社会信用代码",   [XY_IDENT_IDCARD] = "居民身份证号码",
        [XY_IDENT_OTHER_ID] = "其他证件号码",   [XY_IDENT_REGNO] = "工商注册号",
        [XY_IDENT_ORGCODE] = "组织机构代码",    [XY_IDENT_TAXNO] = "税务登记号",
        [XY_IDENT_INSTCERT] = "事业单位证书号", [XY_IDENT_SOCCERT] = "社会组织登记证号",
    };
    return (unsigned)t < XY_IDENT_COUNT && names[t] ? names[t] : "标识";
}

const char *xy_ident_type_id(enum xy_ident_type t)
{
    static const char *const ids[XY_IDENT_COUNT] = {
        [XY_IDENT_USCC] = "uscc",         [XY_IDENT_IDCARD] = "idcard",
        [XY_IDENT_OTHER_ID] = "other_id", [XY_IDENT_REGNO] = "regno",
        [XY_IDENT_ORGCODE] = "orgcode",   [XY_IDENT_TAXNO] = "taxno",
        [XY_IDENT_INSTCERT] = "instcert", [XY_IDENT_SOCCERT] = "soccert",
    };
    return (unsigned)t < XY_IDENT_COUNT && ids[t] ? ids[t] : "other";
}
