/* names.c - explainable matching of subject names for red and black list checks (layer: domain)
 *
 * names.h gives the steps and the score table; this file holds the tables they read (forms,
 * branch markers, regions, numeral contexts) and says why each entry is where it is.
 */
#include "domain/names.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* ---- tables ---- */

/* Company forms, stripped by the longest match at the end of the head office's name. What
 * counts as a form: a word that says what legal kind of body the subject is, which a clerk
 * may write or leave out without meaning another subject.
 * - 有限责任公司 and 有限公司 are one family: the Company Law (art. 7) lets an LLC use either.
 * - 集团 is not a form: 某某集团有限公司 (the group's parent) and 某某有限公司 are usually two
 *   legal persons, so 集团 stays in the core and only 有限公司 is stripped.
 * - 合伙企业（有限合伙） arrives without its brackets (step 4): 合伙企业有限合伙.
 * - 经营部 is a form here (某某五金经营部, an individual business) and a branch marker only when
 *   it follows a company form (某某有限公司经营部), see branch_split().
 * - 分公司, 分店, 分厂 are branch markers, never forms: a branch is not its head office.
 * - 店 and 厂 alone are forms of small units (个体工商户), so 某某酒店 keeps 某某酒 as core;
 *   both sides of a comparison are cut alike, so equal names stay equal.
 * - Latin forms come after NFKC and case folding with punctuation gone: "Co., Ltd." is coltd. */
static const struct form {
    const char *text;
    enum xy_name_family family;
} forms[] = {
    {"股份有限公司", XY_FORM_JSC},
    {"股份公司", XY_FORM_JSC},
    {"有限责任公司", XY_FORM_LLC},
    {"有限公司", XY_FORM_LLC},
    {"总公司", XY_FORM_COMPANY},
    {"公司", XY_FORM_COMPANY},
    {"合伙企业有限合伙", XY_FORM_LP},
    {"有限合伙企业", XY_FORM_LP},
    {"有限合伙", XY_FORM_LP},
    {"合伙企业特殊普通合伙", XY_FORM_GP},
    {"合伙企业普通合伙", XY_FORM_GP},
    {"特殊普通合伙", XY_FORM_GP},
    {"普通合伙", XY_FORM_GP},
    {"合伙企业", XY_FORM_GP},
    {"个人独资企业", XY_FORM_SOLE},
    {"股份合作公司", XY_FORM_COOP},
    {"股份合作企业", XY_FORM_COOP},
    {"股份经济合作社", XY_FORM_COOP},
    {"经济合作社", XY_FORM_COOP},
    {"农民专业合作社", XY_FORM_COOP},
    {"专业合作社", XY_FORM_COOP},
    {"合作社", XY_FORM_COOP},
    {"经营部", XY_FORM_SHOP},
    {"门市部", XY_FORM_SHOP},
    {"工作室", XY_FORM_SHOP},
    {"商店", XY_FORM_SHOP},
    {"商行", XY_FORM_SHOP},
    {"店", XY_FORM_SHOP},
    {"厂", XY_FORM_SHOP},
    {"companylimited", XY_FORM_FOREIGN_LTD},
    {"coltd", XY_FORM_FOREIGN_LTD},
    {"limited", XY_FORM_FOREIGN_LTD},
    {"ltd", XY_FORM_FOREIGN_LTD},
    {"corporation", XY_FORM_FOREIGN_LTD},
    {"corp", XY_FORM_FOREIGN_LTD},
    {"inc", XY_FORM_FOREIGN_LTD},
    {"llc", XY_FORM_FOREIGN_LTD},
};

/* Branch markers at the very end of a name: the unit is not a legal person of its own and is
 * never merged with its head office or with another branch (公司法 art. 13; banks' 分行/支行,
 * brokers' 营业部). 分局 is left out: a tax 分局 is an organ of its own, not a branch. */
static const char *const branch_markers[] = {
    "分公司", "分行", "支行", "分理处", "营业部", "营业所", "储蓄所", "分店", "办事处",
    "代表处", "分厂", "分部", "分所",   "分中心", "分院",   "分社",   "分会",
};
/* Names that end like a branch marker and are not branches: a 街道办事处 is a government
 * body of its own. */
static const char *const not_branches[] = {"街道办事处"};
/* Markers that are a branch only after a company form (某某有限公司经营部) and a form otherwise. */
static const char *const weak_branch_markers[] = {"经营部"};

/* Regions recognised as a prefix, in brackets (某某（广州）有限公司) and as a branch's own name
 * (某某银行广州天河支行). Each with the suffixes it is written with (the first is how the key
 * shows it) and its parent, so that 广东省 is seen inside 广州市 rather than against it.
 * weak: a word that also starts ordinary names (中山大学, 白云山, 天河城, 黄埔军校): taken as a
 * region without its suffix only right after another region (广州天河某某).
 * Provinces, Guangdong's prefecture cities, the other provincial capitals and the cities with
 * separate planning, and Guangzhou's districts: 从化 and 增城 were county-level cities until
 * 2014, 萝岗 (2014), 东山 and 芳村 (2005) are old districts still found in legacy data. */
static const struct region {
    const char *name;
    const char *suf[3];
    const char *parent;
    unsigned char weak;
} regions[] = {
    {"北京", {"市"}, NULL, 0},
    {"天津", {"市"}, NULL, 0},
    {"上海", {"市"}, NULL, 0},
    {"重庆", {"市"}, NULL, 0},
    {"河北", {"省"}, NULL, 0},
    {"山西", {"省"}, NULL, 0},
    {"辽宁", {"省"}, NULL, 0},
    {"吉林", {"省"}, NULL, 0},
    {"黑龙江", {"省"}, NULL, 0},
    {"江苏", {"省"}, NULL, 0},
    {"浙江", {"省"}, NULL, 0},
    {"安徽", {"省"}, NULL, 0},
    {"福建", {"省"}, NULL, 0},
    {"江西", {"省"}, NULL, 0},
    {"山东", {"省"}, NULL, 0},
    {"河南", {"省"}, NULL, 0},
    {"湖北", {"省"}, NULL, 0},
    {"湖南", {"省"}, NULL, 0},
    {"广东", {"省"}, NULL, 0},
    {"海南", {"省"}, NULL, 0},
    {"四川", {"省"}, NULL, 0},
    {"贵州", {"省"}, NULL, 0},
    {"云南", {"省"}, NULL, 0},
    {"陕西", {"省"}, NULL, 0},
    {"甘肃", {"省"}, NULL, 0},
    {"青海", {"省"}, NULL, 0},
    {"台湾", {"省"}, NULL, 0},
    {"内蒙古", {"自治区"}, NULL, 0},
    {"广西", {"壮族自治区", "自治区"}, NULL, 0},
    {"西藏", {"自治区"}, NULL, 0},
    {"宁夏", {"回族自治区", "自治区"}, NULL, 0},
    {"新疆", {"维吾尔自治区", "自治区"}, NULL, 0},
    {"香港", {"特别行政区"}, NULL, 0},
    {"澳门", {"特别行政区"}, NULL, 0},
    /* Guangdong's 21 prefecture-level cities */
    {"广州", {"市"}, "广东", 0},
    {"深圳", {"市"}, "广东", 0},
    {"珠海", {"市"}, "广东", 0},
    {"汕头", {"市"}, "广东", 0},
    {"佛山", {"市"}, "广东", 0},
    {"韶关", {"市"}, "广东", 0},
    {"湛江", {"市"}, "广东", 0},
    {"肇庆", {"市"}, "广东", 0},
    {"江门", {"市"}, "广东", 0},
    {"茂名", {"市"}, "广东", 0},
    {"惠州", {"市"}, "广东", 0},
    {"梅州", {"市"}, "广东", 0},
    {"汕尾", {"市"}, "广东", 0},
    {"河源", {"市"}, "广东", 0},
    {"阳江", {"市"}, "广东", 0},
    {"清远", {"市"}, "广东", 0},
    {"东莞", {"市"}, "广东", 0},
    {"中山", {"市"}, "广东", 1},
    {"潮州", {"市"}, "广东", 0},
    {"揭阳", {"市"}, "广东", 0},
    {"云浮", {"市"}, "广东", 0},
    /* other provincial capitals and the cities with separate planning (计划单列市) */
    {"石家庄", {"市"}, "河北", 0},
    {"太原", {"市"}, "山西", 0},
    {"沈阳", {"市"}, "辽宁", 0},
    {"大连", {"市"}, "辽宁", 0},
    {"长春", {"市"}, "吉林", 0},
    {"哈尔滨", {"市"}, "黑龙江", 0},
    {"南京", {"市"}, "江苏", 0},
    {"杭州", {"市"}, "浙江", 0},
    {"宁波", {"市"}, "浙江", 0},
    {"合肥", {"市"}, "安徽", 0},
    {"福州", {"市"}, "福建", 0},
    {"厦门", {"市"}, "福建", 0},
    {"南昌", {"市"}, "江西", 0},
    {"济南", {"市"}, "山东", 0},
    {"青岛", {"市"}, "山东", 0},
    {"郑州", {"市"}, "河南", 0},
    {"武汉", {"市"}, "湖北", 0},
    {"长沙", {"市"}, "湖南", 0},
    {"海口", {"市"}, "海南", 0},
    {"成都", {"市"}, "四川", 0},
    {"贵阳", {"市"}, "贵州", 0},
    {"昆明", {"市"}, "云南", 0},
    {"西安", {"市"}, "陕西", 0},
    {"兰州", {"市"}, "甘肃", 0},
    {"西宁", {"市"}, "青海", 0},
    {"呼和浩特", {"市"}, "内蒙古", 0},
    {"南宁", {"市"}, "广西", 0},
    {"拉萨", {"市"}, "西藏", 0},
    {"银川", {"市"}, "宁夏", 0},
    {"乌鲁木齐", {"市"}, "新疆", 0},
    /* Guangzhou's districts, the two former county-level cities and old districts */
    {"越秀", {"区"}, "广州", 0},
    {"海珠", {"区"}, "广州", 1},
    {"荔湾", {"区"}, "广州", 0},
    {"天河", {"区"}, "广州", 1},
    {"白云", {"区"}, "广州", 1},
    {"黄埔", {"区"}, "广州", 1},
    {"番禺", {"区"}, "广州", 0},
    {"花都", {"区"}, "广州", 0},
    {"南沙", {"区"}, "广州", 0},
    {"从化", {"区", "市"}, "广州", 0},
    {"增城", {"区", "市"}, "广州", 0},
    {"萝岗", {"区"}, "广州", 0},
    {"东山", {"区"}, "广州", 1},
    {"芳村", {"区"}, "广州", 0},
};

/* Words that begin with a region's name and are not a region: the name stays whole. */
static const char *const not_regions[] = {"白云山", "中山大学", "中山医",
                                          "天河城", "黄埔军校", "东山湖"};

#define NELEM(t) (sizeof(t) / sizeof((t)[0]))

/* Characters after which a run of Chinese numerals is a number (三号, 中建三局, 二中 ...) and
 * not a word (五金, 百货, 统一, 九州): the context decides, never the numeral alone. A run after
 * 第 is always a number. */
static const char *const numeral_after[] = {"号", "局", "建", "冶", "处", "队", "厂",
                                            "中", "小", "院", "所", "期", "栋"};

/* ---- small string helpers (byte-wise on UTF-8: a whole character matched at the end or the
 * start of a valid string always falls on character boundaries) ---- */

static size_t ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return k <= n && !memcmp(s + n - k, suf, k) ? k : 0;
}

static size_t starts_with(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    return k <= n && !memcmp(s, pre, k) ? k : 0;
}

/* Characters (code points) in valid UTF-8. */
static size_t nchars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static int region_index(const char *name)
{
    for (size_t i = 0; name && i < NELEM(regions); i++)
        if (!strcmp(regions[i].name, name))
            return (int)i;
    return -1;
}

/* Length of region r (with its longest suffix, or none) at the start of s, 0 when absent;
 * *suffixed tells whether a suffix was there. */
static size_t region_len_at(int r, const char *s, size_t n, int *suffixed)
{
    size_t k = starts_with(s, n, regions[r].name), best = 0;

    *suffixed = 0;
    if (!k)
        return 0;
    for (int j = 0; j < 3 && regions[r].suf[j]; j++) {
        size_t m = starts_with(s + k, n - k, regions[r].suf[j]);
        if (m > best)
            best = m;
    }
    *suffixed = best > 0;
    return k + best;
}

/* The longest region at the start of s: its row, or -1. after_region: a region stood just
 * before (weak names count then). */
static int region_prefix(const char *s, size_t n, int after_region, size_t *len)
{
    int found = -1;
    size_t best = 0;

    for (size_t i = 0; i < NELEM(not_regions); i++)
        if (starts_with(s, n, not_regions[i])) {
            *len = 0;
            return -1;
        }
    for (size_t i = 0; i < NELEM(regions); i++) {
        int suffixed;
        size_t k = region_len_at((int)i, s, n, &suffixed);
        if (!k || (regions[i].weak && !suffixed && !after_region))
            continue;
        if (k > best)
            best = k, found = (int)i;
    }
    *len = best;
    return found;
}

/* The region s[0..n) is exactly (with or without its suffix), or -1. */
static int region_exact(const char *s, size_t n)
{
    for (size_t i = 0; i < NELEM(regions); i++) {
        int suffixed;
        size_t k = region_len_at((int)i, s, n, &suffixed);
        if (k && k == n)
            return (int)i;
    }
    return -1;
}

/* The longest region (with or without suffix) at the end of s, its length in *len, or -1. */
static int region_suffix(const char *s, size_t n, size_t *len)
{
    int found = -1;
    size_t best = 0;

    for (size_t i = 0; i < NELEM(regions); i++) {
        size_t k = strlen(regions[i].name);
        for (int j = -1; j < 3; j++) {
            const char *suf = j < 0 ? "" : regions[i].suf[j];
            size_t m;
            if (!suf)
                break;
            m = ends_with(s, n, suf);
            if (m != strlen(suf) || k + m > n || memcmp(s + n - m - k, regions[i].name, k))
                continue;
            if (k + m > best)
                best = k + m, found = (int)i;
        }
    }
    *len = best;
    return found;
}

/* Longest form at the end of s[0..n): its row, or -1. */
static int form_suffix(const char *s, size_t n, size_t *len)
{
    int found = -1;
    size_t best = 0;

    for (size_t i = 0; i < NELEM(forms); i++) {
        size_t k = ends_with(s, n, forms[i].text);
        if (k > best)
            best = k, found = (int)i;
    }
    *len = best;
    return found;
}

/* ---- numbers ---- */

static int cn_digit(int32_t c)
{
    static const struct {
        int32_t c;
        int v;
    } t[] = {{0x96F6, 0}, {0x3007, 0}, {0x4E00, 1}, {0x4E8C, 2}, {0x4E09, 3}, {0x56DB, 4},
             {0x4E94, 5}, {0x516D, 6}, {0x4E03, 7}, {0x516B, 8}, {0x4E5D, 9}};
    for (size_t i = 0; i < NELEM(t); i++)
        if (t[i].c == c)
            return t[i].v;
    return -1;
}

static int cn_unit(int32_t c)
{
    return c == 0x5341 ? 10 : c == 0x767E ? 100 : c == 0x5343 ? 1000 : 0; /* 十 百 千 */
}

static int is_numeral(int32_t c)
{
    return cn_digit(c) >= 0 || cn_unit(c) > 0;
}

/* Decode valid UTF-8 s[0..n) into at most max code points; returns the count. */
static size_t decode(const char *s, size_t n, int32_t *cp, size_t max)
{
    size_t k = 0;
    utf8proc_ssize_t i = 0;

    while ((size_t)i < n && k < max) {
        utf8proc_int32_t c;
        utf8proc_ssize_t m =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &c);
        if (m <= 0)
            break;
        cp[k++] = c;
        i += m;
    }
    return k;
}

static int cp_is(int32_t c, const char *utf8)
{
    utf8proc_int32_t d;
    return utf8proc_iterate((const utf8proc_uint8_t *)utf8, -1, &d) > 0 && d == c;
}

/* The digits of a Chinese numeral run: positional when it has 十/百/千 (十八 18, 一百零五 105),
 * digit by digit otherwise (二〇二三 2023). Leading zeros dropped. */
static void numeral_value(const int32_t *c, size_t n, char *out, size_t cap)
{
    int positional = 0;
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        positional |= cn_unit(c[i]) > 0;
    if (positional && n <= 12) {
        long total = 0, cur = 0;
        for (size_t i = 0; i < n; i++) {
            int u = cn_unit(c[i]);
            if (u) {
                total += (cur ? cur : 1) * u;
                cur = 0;
            } else {
                cur = cn_digit(c[i]);
            }
        }
        snprintf(out, cap, "%ld", total + cur);
        return;
    }
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        int d = cn_digit(c[i]);
        if (d < 0)
            d = 0; /* a unit in a run too long to read positionally */
        if (k == 0 && d == 0 && i + 1 < n)
            continue;
        out[k++] = (char)('0' + d);
    }
    if (k == 0)
        out[k++] = '0';
    out[k] = '\0';
}

/* Rewrite s with its numbers as digits; list them in k->numbers when list is set. */
static const char *numbers_canon(const char *s, struct xy_arena *a, struct xy_name_key *k, int list)
{
    size_t n = strlen(s), nc, o = 0;
    int32_t *cp;
    char *out;

    if (!n)
        return s;
    cp = xy_arena_alloc(a, (n + 1) * sizeof(*cp));
    nc = decode(s, n, cp, n);
    out = xy_arena_alloc(a, n + 64); /* digits are never longer than the numerals they replace,
                                      * but for a short positional value (十 -> 10) */
    for (size_t i = 0; i < nc;) {
        char *num = NULL;
        size_t j = i;
        int is_num = 0;

        if (cp[i] >= '0' && cp[i] <= '9') {
            size_t m = 0;
            while (j < nc && cp[j] >= '0' && cp[j] <= '9')
                j++;
            num = xy_arena_alloc(a, j - i + 1);
            for (size_t q = i; q < j; q++)
                if (!(m == 0 && cp[q] == '0' && q + 1 < j))
                    num[m++] = (char)cp[q];
            num[m] = '\0';
            is_num = 1;
        } else if (is_numeral(cp[i])) {
            while (j < nc && is_numeral(cp[j]))
                j++;
            is_num = i > 0 && cp_is(cp[i - 1], "第");
            for (size_t q = 0; !is_num && j < nc && q < NELEM(numeral_after); q++)
                is_num = cp_is(cp[j], numeral_after[q]);
            if (is_num) {
                num = xy_arena_alloc(a, j - i + 24);
                numeral_value(cp + i, j - i, num, j - i + 24);
            }
        } else {
            j = i + 1;
        }
        if (is_num) {
            size_t m = strlen(num);
            memcpy(out + o, num, m);
            o += m;
            if (list && k->nnumbers < XY_NAME_MAX_NUMBERS)
                k->numbers[k->nnumbers++] = num;
        } else {
            for (size_t q = i; q < j; q++)
                o += (size_t)utf8proc_encode_char(cp[q], (utf8proc_uint8_t *)out + o);
        }
        i = j;
    }
    out[o] = '\0';
    return out;
}

/* ---- key ---- */

static xy_code name_err(struct xy_err *err, xy_code rc)
{
    if (err)
        err->field = "name";
    return rc;
}

/* Step 4: keep letters, marks and numbers; drop the rest. A bracketed group that is exactly a
 * region (某某（广州）有限公司) is cut out of t and returned in *bracket_region; full keeps it. */
static xy_code clean(const char *s, size_t n, struct xy_arena *a, char **full, char **t,
                     int *bracket_region, unsigned *flags, struct xy_err *err)
{
    char *f = xy_arena_alloc(a, n + 1), *o = xy_arena_alloc(a, n + 1);
    size_t fl = 0, ol = 0, open_o = 0;
    int depth = 0;
    utf8proc_ssize_t i = 0;

    *bracket_region = -1;
    while ((size_t)i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - (size_t)i), &c);
        utf8proc_category_t cat;

        if (m <= 0)
            return name_err(err,
                            xy_err_set(err, XY_INTERNAL, "名称经繁简转换后不是有效的 UTF-8 编码"));
        cat = utf8proc_category(c);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) {
            memcpy(f + fl, s + i, (size_t)m);
            memcpy(o + ol, s + i, (size_t)m);
            fl += (size_t)m, ol += (size_t)m;
        } else {
            *flags |= XY_NAME_PUNCT;
            if (cat == UTF8PROC_CATEGORY_PS && depth++ == 0) {
                open_o = ol;
            } else if (cat == UTF8PROC_CATEGORY_PE && depth > 0 && --depth == 0) {
                int r = region_exact(o + open_o, ol - open_o);
                if (r >= 0 && open_o > 0 && *bracket_region < 0) {
                    *bracket_region = r;
                    ol = open_o;
                }
            }
        }
        i += m;
    }
    f[fl] = o[ol] = '\0';
    *full = f;
    *t = o;
    return XY_OK;
}

/* Step 5: split t[0..n) into the head office's name and the branch (own name + marker). */
static void branch_split(const char *t, size_t n, struct xy_arena *a, size_t *head_len,
                         struct xy_name_key *k)
{
    size_t mk = 0, p, e;
    int weak = 0;

    *head_len = n;
    for (size_t i = 0; i < NELEM(not_branches); i++)
        if (ends_with(t, n, not_branches[i]))
            return;
    for (size_t i = 0; i < NELEM(branch_markers); i++) {
        size_t m = ends_with(t, n, branch_markers[i]);
        if (m > mk)
            mk = m;
    }
    for (size_t i = 0; i < NELEM(weak_branch_markers); i++) {
        size_t m = ends_with(t, n, weak_branch_markers[i]);
        if (m > mk)
            mk = m, weak = 1;
    }
    if (!mk || mk == n)
        return;
    p = n - mk;
    /* the head office's name ends with the rightmost company form before the marker; the
     * forms of small units (店, 厂) are left out, they occur inside branch names (天河店) */
    for (e = p; e > 0; e--) {
        size_t fl;
        int f;
        if (((unsigned char)t[e] & 0xC0) == 0x80)
            continue; /* not a character boundary */
        if ((f = form_suffix(t, e, &fl)) >= 0 && forms[f].family != XY_FORM_SHOP)
            break;
    }
    if (e == 0 && weak)
        return; /* 某某五金经营部: 经营部 is the form of an individual business */
    if (e > 0) {
        *head_len = e;
    } else {
        /* no form: the branch's own name is the regions just before the marker
         * (中国建设银行广州分行, 中国工商银行广州天河支行) */
        size_t q = p, rl;
        while (q > 0 && region_suffix(t, q, &rl) >= 0 && rl < q)
            q -= rl;
        *head_len = q;
    }
    k->branch = xy_arena_strndup(a, t + *head_len, p - *head_len);
    k->branch_marker = xy_arena_strndup(a, t + p, mk);
}

xy_code xy_name_key_make(const char *name, const struct xy_name_t2s *t2s, struct xy_arena *a,
                         struct xy_name_key *out, struct xy_err *err)
{
    size_t n, fn, head_len, core_len, rl, fl;
    utf8proc_uint8_t *nfkc = NULL;
    utf8proc_ssize_t m;
    const char *s, *core;
    char *full = NULL, *t = NULL;
    int br, r, fi, after = 0;
    xy_code rc;

    memset(out, 0, sizeof(*out));
    out->folded = out->region = out->region_zh = out->core = out->form = "";
    out->branch = out->branch_marker = "";
    out->region_id = -1;
    if (!name)
        name = "";
    n = strnlen(name, XY_NAME_MAX_BYTES + 1);
    if (n > XY_NAME_MAX_BYTES)
        return name_err(err, xy_err_set(err, XY_TOO_LARGE, "名称过长：最多 %d 字节（约 %d 个汉字）",
                                        XY_NAME_MAX_BYTES, XY_NAME_MAX_BYTES / 3));
    /* step 1: valid UTF-8, and whether any full-width form is there to fold */
    for (utf8proc_ssize_t i = 0; (size_t)i < n; i += m) {
        utf8proc_int32_t c;
        m = utf8proc_iterate((const utf8proc_uint8_t *)name + i, (utf8proc_ssize_t)n - i, &c);
        if (m <= 0)
            return name_err(err, xy_err_set(err, XY_INVALID,
                                            "名称含有无法识别的字符（第 %zd 字节起不是有效的 "
                                            "UTF-8 编码）",
                                            i + 1));
        if ((c >= 0xFF01 && c <= 0xFFEF) || c == 0x3000)
            out->flags |= XY_NAME_WIDTH;
    }
    if (n == 0)
        return name_err(err, xy_err_set(err, XY_INVALID, "名称不能为空"));
    /* step 2: NFKC, case folded; default-ignorable characters (zero-width space) dropped */
    m = utf8proc_map((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)n, &nfkc,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                         UTF8PROC_IGNORE);
    if (m < 0)
        return name_err(err, xy_err_set(err, XY_INVALID, "名称含有无法识别的字符"));
    s = xy_arena_strndup(a, (const char *)nfkc, (size_t)m);
    free(nfkc);
    /* step 3 */
    if (t2s && t2s->convert) {
        const char *conv = NULL;
        if ((rc = t2s->convert(t2s->ctx, s, strlen(s), a, &conv, err)) != XY_OK)
            return rc;
        if (strcmp(conv, s))
            out->flags |= XY_NAME_T2S;
        s = conv;
    }
    fn = strlen(s);
    if (fn > 4 * XY_NAME_MAX_BYTES) /* NFKC can expand a character up to 18 times */
        return name_err(err, xy_err_set(err, XY_TOO_LARGE, "名称过长：最多 %d 字节（约 %d 个汉字）",
                                        XY_NAME_MAX_BYTES, XY_NAME_MAX_BYTES / 3));
    /* step 4 */
    if ((rc = clean(s, fn, a, &full, &t, &br, &out->flags, err)) != XY_OK)
        return rc;
    out->folded = full;
    if (!*t)
        return name_err(err, xy_err_set(err, XY_INVALID, "名称只有标点或空格，没有文字"));
    /* step 5 */
    branch_split(t, strlen(t), a, &head_len, out);
    /* step 6 */
    if ((fi = form_suffix(t, head_len, &fl)) >= 0) {
        out->form = forms[fi].text;
        out->family = forms[fi].family;
        head_len -= fl;
    }
    /* step 7: regions at the start, while two characters of core remain */
    core = t;
    core_len = head_len;
    while ((r = region_prefix(core, core_len, after, &rl)) >= 0 &&
           nchars(core + rl, core_len - rl) >= 2) {
        out->region_id = r;
        core += rl, core_len -= rl;
        after = 1;
    }
    if (out->region_id < 0 && br >= 0)
        out->region_id = br;
    if (out->region_id >= 0) {
        out->region = regions[out->region_id].name;
        out->region_zh = xy_arena_printf(a, "%s%s", regions[out->region_id].name,
                                         regions[out->region_id].suf[0]);
    }
    if (core_len == 0)
        return name_err(
            err, xy_err_set(err, XY_INVALID, "名称“%s”只有组织形式或分支机构字样，没有字号", full));
    /* step 8 */
    out->core = numbers_canon(xy_arena_strndup(a, core, core_len), a, out, 1);
    out->branch = numbers_canon(out->branch, a, out, 0);
    return XY_OK;
}

/* ---- scoring ---- */

static void reason(struct xy_name_match *m, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void reason(struct xy_name_match *m, const char *id, const char *fmt, ...)
{
    va_list ap;
    struct xy_name_reason *r;
    int n;

    if (m->nreasons >= XY_NAME_MAX_REASONS)
        return;
    r = &m->reasons[m->nreasons++];
    r->id = id;
    va_start(ap, fmt);
    n = vsnprintf(r->zh, sizeof(r->zh), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(r->zh)) {
        /* a long branch name was cut: drop the last character if it was cut in two */
        size_t end = sizeof(r->zh) - 1, lead = end;
        while (lead > 0 && ((unsigned char)r->zh[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0) {
            unsigned char c = (unsigned char)r->zh[lead - 1];
            size_t need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (lead - 1 + need > end)
                r->zh[lead - 1] = '\0';
        }
    }
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

#define DICE_MAX_CHARS 128

/* n-grams (bigrams; unigrams when either side is shorter than 2 characters) of both cores,
 * sorted; the shared count as a multiset. Returns the similarity in percent (Dice). */
static int dice_percent(const char *x, const char *y)
{
    int32_t cx[DICE_MAX_CHARS], cy[DICE_MAX_CHARS];
    uint64_t gx[DICE_MAX_CHARS], gy[DICE_MAX_CHARS];
    size_t nx = decode(x, strlen(x), cx, DICE_MAX_CHARS);
    size_t ny = decode(y, strlen(y), cy, DICE_MAX_CHARS);
    size_t w = (nx < 2 || ny < 2) ? 1 : 2, kx = 0, ky = 0, i = 0, j = 0, common = 0;

    for (size_t q = 0; q + w <= nx; q++)
        gx[kx++] = ((uint64_t)(uint32_t)cx[q] << 32) | (w == 2 ? (uint32_t)cx[q + 1] : 0);
    for (size_t q = 0; q + w <= ny; q++)
        gy[ky++] = ((uint64_t)(uint32_t)cy[q] << 32) | (w == 2 ? (uint32_t)cy[q + 1] : 0);
    if (!kx || !ky)
        return 0;
    qsort(gx, kx, sizeof(gx[0]), cmp_u64);
    qsort(gy, ky, sizeof(gy[0]), cmp_u64);
    while (i < kx && j < ky) {
        if (gx[i] == gy[j])
            common++, i++, j++;
        else if (gx[i] < gy[j])
            i++;
        else
            j++;
    }
    return (int)(200 * common / (kx + ky));
}

static int region_within(int inner, int outer)
{
    for (int r = inner, hops = 0; r >= 0 && hops < 4; hops++) {
        r = region_index(regions[r].parent);
        if (r == outer)
            return 1;
    }
    return 0;
}

static void numbers_text(const struct xy_name_key *k, char *out, size_t cap)
{
    size_t o = 0;

    out[0] = '\0';
    if (!k->nnumbers) {
        snprintf(out, cap, "（无）");
        return;
    }
    for (int i = 0; i < k->nnumbers; i++) {
        size_t need = strlen(k->numbers[i]) + (i ? strlen("、") : 0);
        if (o + need + strlen("…") >= cap) {
            snprintf(out + o, cap - o, "…");
            return;
        }
        o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "、" : "", k->numbers[i]);
    }
}

static const char *or_none(const char *s)
{
    return *s ? s : "（无）";
}

void xy_name_match(const struct xy_name_key *q, const struct xy_name_key *c,
                   struct xy_name_match *out)
{
    int score, cap = 100, core_equal = !strcmp(q->core, c->core);

    memset(out, 0, sizeof(*out));
    if (core_equal) {
        score = 100;
        reason(out, "core_equal", "名称核心部分相同");
    } else {
        int d = dice_percent(q->core, c->core);
        score = 70 * d / 100;
        if (d > 0)
            reason(out, "core_similar", "名称核心部分相近（相似度 %d%%）", d);
        else
            reason(out, "core_different", "名称核心部分不同");
    }
    /* forms */
    if (q->family == c->family && strcmp(q->form, c->form) && q->family != XY_FORM_NONE) {
        score -= 2;
        reason(out, "form_variant", "企业组织形式写法不同但含义相同：%s/%s", q->form, c->form);
    } else if ((q->family == XY_FORM_NONE) != (c->family == XY_FORM_NONE)) {
        score -= 6;
        reason(out, "form_missing", "一方未写企业组织形式：%s/%s", or_none(q->form),
               or_none(c->form));
    } else if (q->family != c->family) {
        score -= 12;
        reason(out, "form_different", "企业组织形式不同：%s/%s", q->form, c->form);
    }
    /* regions weigh little: most names carry the registering city, and clerks leave it out */
    if ((q->region_id < 0) != (c->region_id < 0)) {
        score -= 3;
        reason(out, "region_missing", "地区前缀一方缺失（权重低）：%s/%s", or_none(q->region_zh),
               or_none(c->region_zh));
    } else if (q->region_id != c->region_id) {
        if (region_within(q->region_id, c->region_id) ||
            region_within(c->region_id, q->region_id)) {
            score -= 3;
            reason(out, "region_nested", "地区前缀详略不同（权重低）：%s/%s", q->region_zh,
                   c->region_zh);
        } else {
            score -= 6;
            reason(out, "region_different", "地区前缀不同（权重低）：%s/%s", q->region_zh,
                   c->region_zh);
        }
    }
    /* branches are never merged with their head office nor with each other */
    if (*q->branch_marker || *c->branch_marker) {
        if (!*q->branch_marker || !*c->branch_marker) {
            cap = 30;
            reason(out, "branch_vs_head", "分支机构与总公司不合并：%s%s/%s%s", q->branch,
                   *q->branch_marker ? q->branch_marker : "（总机构）", c->branch,
                   *c->branch_marker ? c->branch_marker : "（总机构）");
        } else if (strcmp(q->branch, c->branch) || strcmp(q->branch_marker, c->branch_marker)) {
            cap = 30;
            reason(out, "branch_different", "不同分支机构不合并：%s%s/%s%s", q->branch,
                   q->branch_marker, c->branch, c->branch_marker);
        } else {
            reason(out, "branch_same", "同一分支机构：%s%s", q->branch, q->branch_marker);
        }
    }
    /* numbers must agree: 第一建筑 and 第二建筑 are two companies */
    {
        int same = q->nnumbers == c->nnumbers;
        for (int i = 0; same && i < q->nnumbers; i++)
            same = !strcmp(q->numbers[i], c->numbers[i]);
        if (!same) {
            char a[96], b[96];
            numbers_text(q, a, sizeof(a));
            numbers_text(c, b, sizeof(b));
            if (cap > 20)
                cap = 20;
            reason(out, "numbers_differ", "名称中的数字不一致：%s / %s", a, b);
        }
    }
    if (core_equal && ((q->flags | c->flags) & XY_NAME_WIDTH))
        reason(out, "width_folded", "全角半角转换后相同");
    if (core_equal && ((q->flags | c->flags) & XY_NAME_T2S))
        reason(out, "t2s_folded", "繁简转换后相同");
    if (score > cap)
        score = cap;
    out->score = score < 0 ? 0 : score > 100 ? 100 : score;
}

size_t xy_name_block(const struct xy_name_key *k, char out[XY_NAME_BLOCK_BYTES])
{
    size_t i = 0, chars = 0;
    const char *s = k->core;

    while (s[i] && chars < XY_NAME_BLOCK_CHARS) {
        size_t len = 1;
        while (((unsigned char)s[i + len] & 0xC0) == 0x80)
            len++;
        i += len;
        chars++;
    }
    memcpy(out, s, i);
    out[i] = '\0';
    return i;
}
