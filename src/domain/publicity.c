/* publicity.c - publicity periods from the rules file, evaluated on the day asked (layer: domain)
 *
 * The kinds of rule (penalty, validity, list period ...) are code: they say which of a record's
 * dates matter. The numbers are data, parsed here from rules/publicity.ini (docs/publicity.md):
 *   - penalty regimes, each in force from a date: min/max months per severity (light, general,
 *     severe) and, where the regime has it, the 1-year minimum of special equipment, work safety
 *     and fire safety (DOMAIN.md §4);
 *   - the severity of each 处罚类别 and the law names that make a penalty "special";
 *   - negative information: public for at most 5 years, archived after 5 years
 *     (广州市公共信用信息管理规定 art. 14).
 * A record follows the regime in force at its decision date, so a file that gains a regime
 * changes nothing for older records.
 */
#include "domain/publicity.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/ini.h"
#include "base/time.h"
#include "base/utf8.h"
#include "domain/record.h"

/* limits on what the file may hold: it is edited by hand, but never trusted */
#define MAX_REGIMES 16
#define MAX_TYPES   128
#define MAX_LAWS    64
#define MAX_MONTHS  600  /* 50 years: far beyond any rule, small enough for int arithmetic */
#define MAX_TEXT    1000 /* bytes of a name, source, 处罚类别 or law name */

struct regime {
    int from;       /* decision dates on or after this day */
    const char *id; /* "2019" from [regime 2019], for messages */
    const char *name, *source;
    int min_months[3], max_months[3]; /* by enum xy_severity; min 0 = repair possible at once */
    int special_min_months;           /* -1: the regime has no special minimum */
    long line;                        /* its header line, for "missing key" messages */
    unsigned seen;                    /* keys given, by index in regime_keys[] */
};

struct xy_publicity_rules {
    struct xy_arena *arena;
    struct regime regimes[MAX_REGIMES]; /* oldest first, `from` strictly increasing */
    size_t nregimes;
    struct {
        const char *type;
        enum xy_severity sev;
    } types[MAX_TYPES];
    size_t ntypes;
    const char *laws[MAX_LAWS];
    size_t nlaws;
    int negative_max_months, archive_months;
};

/* ---- the rules file ---- */

enum key_kind { K_FROM, K_NAME, K_SOURCE, K_MIN, K_MAX, K_SPECIAL };

static const struct {
    const char *key;
    enum key_kind kind;
    enum xy_severity sev;
} regime_keys[] = {
    {"from", K_FROM, 0},
    {"name", K_NAME, 0},
    {"source", K_SOURCE, 0},
    {"light_min_months", K_MIN, XY_SEV_LIGHT},
    {"light_max_months", K_MAX, XY_SEV_LIGHT},
    {"general_min_months", K_MIN, XY_SEV_GENERAL},
    {"general_max_months", K_MAX, XY_SEV_GENERAL},
    {"severe_min_months", K_MIN, XY_SEV_SEVERE},
    {"severe_max_months", K_MAX, XY_SEV_SEVERE},
    {"special_min_months", K_SPECIAL, 0}, /* optional */
};
/* regime_keys[3 + 2 * sev] is sev's minimum, [4 + 2 * sev] its maximum (messages name them) */
#define NREGIME_KEYS (sizeof(regime_keys) / sizeof(regime_keys[0]))

static const char *const negative_keys[] = {"max_months", "archive_months"};

static const char *const sev_names[3] = {"light", "general", "severe"};
static const char *const sev_zh[3] = {"轻微", "一般", "严重"};

struct parse {
    struct xy_publicity_rules *r;
    const char *text; /* the whole file, to find a section's header line */
    size_t len;
    const char *name;       /* file name for messages */
    unsigned negative_seen; /* bits by index in negative_keys[] */
    long negative_line;     /* header line of [negative], 0 if none */
    struct regime *cur;     /* the regime whose keys are being read */
    char cur_section[128];  /* section and name of cur, to notice a new header */
};

/* "公示规则“publicity.ini”第 12 行：..." with err->line and err->field (a static key name) set. */
static xy_code bad(struct xy_err *err, const struct parse *p, long line, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static xy_code bad(struct xy_err *err, const struct parse *p, long line, const char *field,
                   const char *fmt, ...)
{
    /* the file's own name: the message must fit, and the operator knows the configured path */
    const char *base = strrchr(p->name, '/') ? strrchr(p->name, '/') + 1 : p->name;
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (line > 0)
        xy_err_set(err, XY_INVALID, "公示规则“%s”第 %ld 行：%s", base, line, why);
    else
        xy_err_set(err, XY_INVALID, "公示规则“%s”：%s", base, why);
    if (err) {
        err->line = line;
        err->field = field;
    }
    return XY_INVALID;
}

/* The line of the section header above line (the INI reader reports keys, not headers):
 * "[regime 2026] is missing ..." points at the header. */
static long header_line(const struct parse *p, long line)
{
    const char *s = p->text, *end = p->text + p->len;
    long n = 0, found = line;

    while (s < end && ++n < line) {
        const char *nl = memchr(s, '\n', (size_t)(end - s)), *t = s;
        if (n == 1 && end - t >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
            t += 3; /* a byte order mark */
        while (t < end && (*t == ' ' || *t == '\t'))
            t++;
        if (t < end && *t == '[')
            found = n;
        s = nl ? nl + 1 : end;
    }
    return found;
}

/* A whole number of months 0..MAX_MONTHS, digits only. */
static int parse_months(const char *v, int *out)
{
    long n = 0;

    if (!*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 4)
        return -1;
    n = strtol(v, NULL, 10);
    if (n > MAX_MONTHS)
        return -1;
    *out = (int)n;
    return 0;
}

/* Exactly YYYY-MM-DD, a real date from year 1900 on. */
static int parse_iso_date(const char *v, int *out)
{
    int y, m, d;

    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' || strspn(v, "0123456789") != 4 ||
        strspn(v + 5, "0123456789") != 2 || strspn(v + 8, "0123456789") != 2)
        return -1;
    y = atoi(v);
    m = atoi(v + 5);
    d = atoi(v + 8);
    if (y < 1900 || !xy_date_valid(y, m, d))
        return -1;
    *out = xy_days_from_civil(y, m, d);
    return 0;
}

static xy_code on_negative(struct parse *p, const char *key, const char *value, long line,
                           struct xy_err *err)
{
    size_t i;
    int months;

    for (i = 0; i < 2; i++)
        if (!strcmp(key, negative_keys[i]))
            break;
    if (i == 2)
        return bad(err, p, line, "negative",
                   "[negative] 中无法识别的键“%.60s”（应为 max_months 或 archive_months）", key);
    if (p->negative_seen & (1u << i))
        return bad(err, p, line, negative_keys[i], "[negative] 中“%s”重复", negative_keys[i]);
    if (parse_months(value, &months) != 0 || months < 1)
        return bad(err, p, line, negative_keys[i], "“%s”的值“%.60s”应为 1 到 %d 的整数（月）",
                   negative_keys[i], value, MAX_MONTHS);
    p->negative_seen |= 1u << i;
    if (!p->negative_line)
        p->negative_line = header_line(p, line);
    if (i == 0)
        p->r->negative_max_months = months;
    else
        p->r->archive_months = months;
    return XY_OK;
}

static xy_code on_regime(struct parse *p, const char *rname, const char *key, const char *value,
                         long line, struct xy_err *err)
{
    struct xy_publicity_rules *r = p->r;
    struct regime *g = p->cur;
    char section[128];
    size_t i;
    int n;

    /* a new [regime X] header: a new regime; the same id twice is refused */
    snprintf(section, sizeof(section), "regime %s", rname);
    if (!g || strcmp(section, p->cur_section)) {
        if (!*rname)
            return bad(err, p, line, "regime", "[regime] 须写明名称，如 [regime 2026]");
        for (i = 0; i < r->nregimes; i++)
            if (!strcmp(r->regimes[i].id, rname))
                return bad(err, p, line, "regime", "[regime %.60s] 重复", rname);
        if (r->nregimes == MAX_REGIMES)
            return bad(err, p, line, "regime", "规则阶段超过 %d 个", MAX_REGIMES);
        g = p->cur = &r->regimes[r->nregimes++];
        memset(g, 0, sizeof(*g));
        g->id = xy_arena_strdup(r->arena, rname);
        g->special_min_months = -1;
        g->line = header_line(p, line);
        snprintf(p->cur_section, sizeof(p->cur_section), "%s", section);
    }
    for (i = 0; i < NREGIME_KEYS; i++)
        if (!strcmp(key, regime_keys[i].key))
            break;
    if (i == NREGIME_KEYS)
        return bad(err, p, line, "regime", "[regime %s] 中无法识别的键“%.60s”", g->id, key);
    if (g->seen & (1u << i))
        return bad(err, p, line, regime_keys[i].key, "[regime %s] 中“%s”重复", g->id, key);
    g->seen |= 1u << i;
    switch (regime_keys[i].kind) {
    case K_FROM:
        if (parse_iso_date(value, &g->from) != 0)
            return bad(err, p, line, "from", "生效日期“%.60s”应为 YYYY-MM-DD 格式的有效日期",
                       value);
        break;
    case K_NAME:
    case K_SOURCE:
        if (!*value || strlen(value) > MAX_TEXT)
            return bad(err, p, line, regime_keys[i].key, "“%s”不能为空，也不能超过 %d 字节", key,
                       MAX_TEXT);
        if (regime_keys[i].kind == K_NAME)
            g->name = xy_arena_strdup(r->arena, value);
        else
            g->source = xy_arena_strdup(r->arena, value);
        break;
    case K_MIN:
    case K_MAX:
    case K_SPECIAL:
        /* a maximum of 0 publishes nothing of that class (轻微 under the 2026 measures is "in
         * principle not published"); a special minimum of 0 would be no special minimum */
        if (parse_months(value, &n) != 0 || (regime_keys[i].kind == K_SPECIAL && n < 1))
            return bad(err, p, line, regime_keys[i].key,
                       "“%s”的值“%.60s”应为 %d 到 %d 的整数（月）", key, value,
                       regime_keys[i].kind == K_SPECIAL ? 1 : 0, MAX_MONTHS);
        if (regime_keys[i].kind == K_MIN)
            g->min_months[regime_keys[i].sev] = n;
        else if (regime_keys[i].kind == K_MAX)
            g->max_months[regime_keys[i].sev] = n;
        else
            g->special_min_months = n;
        break;
    }
    return XY_OK;
}

static xy_code on_severity(struct parse *p, const char *key, const char *value, long line,
                           struct xy_err *err)
{
    struct xy_publicity_rules *r = p->r;
    int sev;

    if (strlen(key) > MAX_TEXT || strchr(key, ';'))
        return bad(err, p, line, "severity", "处罚类别“%.60s”过长或含有分号", key);
    for (sev = 0; sev < 3; sev++)
        if (!strcmp(value, sev_names[sev]))
            break;
    if (sev == 3)
        return bad(err, p, line, "severity",
                   "处罚类别“%.60s”的严重程度“%.60s”无法识别（应为 light、general 或 severe）", key,
                   value);
    for (size_t i = 0; i < r->ntypes; i++)
        if (!strcmp(r->types[i].type, key))
            return bad(err, p, line, "severity", "处罚类别“%.60s”重复", key);
    if (r->ntypes == MAX_TYPES)
        return bad(err, p, line, "severity", "处罚类别超过 %d 个", MAX_TYPES);
    r->types[r->ntypes].type = xy_arena_strdup(r->arena, key);
    r->types[r->ntypes++].sev = (enum xy_severity)sev;
    return XY_OK;
}

static xy_code on_special(struct parse *p, const char *key, const char *value, long line,
                          struct xy_err *err)
{
    struct xy_publicity_rules *r = p->r;

    if (strcmp(key, "law"))
        return bad(err, p, line, "special", "[special] 中无法识别的键“%.60s”（应为 law）", key);
    if (!*value || strlen(value) > MAX_TEXT)
        return bad(err, p, line, "law", "法律名称不能为空，也不能超过 %d 字节", MAX_TEXT);
    /* a short name finds itself inside a full one; under two characters (6 bytes of UTF-8) it
     * would find almost any basis */
    if (strlen(value) < 6)
        return bad(err, p, line, "law", "法律名称“%.60s”太短，会误配其他处罚依据", value);
    for (size_t i = 0; i < r->nlaws; i++)
        if (!strcmp(r->laws[i], value))
            return bad(err, p, line, "law", "法律名称“%.60s”重复", value);
    if (r->nlaws == MAX_LAWS)
        return bad(err, p, line, "law", "法律名称超过 %d 个", MAX_LAWS);
    r->laws[r->nlaws++] = xy_arena_strdup(r->arena, value);
    return XY_OK;
}

static xy_code on_ini(void *ctx, const char *section, const char *name, const char *key,
                      const char *value, long line, struct xy_err *err)
{
    struct parse *p = ctx;

    if (strcmp(section, "regime"))
        p->cur = NULL; /* a later [regime X] with an id seen before is a repeat */
    if (!*section)
        return bad(err, p, line, "section",
                   "键“%.60s”不在任何节内（应先写 [negative]、[regime 名称]、"
                   "[severity] 或 [special]）",
                   key);
    if (strcmp(section, "regime") && *name)
        return bad(err, p, line, "section", "节 [%s %.60s] 不应带名称", section, name);
    if (!strcmp(section, "negative"))
        return on_negative(p, key, value, line, err);
    if (!strcmp(section, "regime"))
        return on_regime(p, name, key, value, line, err);
    if (!strcmp(section, "severity"))
        return on_severity(p, key, value, line, err);
    if (!strcmp(section, "special"))
        return on_special(p, key, value, line, err);
    return bad(err, p, line, "section",
               "无法识别的节 [%.60s]（应为 negative、regime、severity 或 special）", section);
}

/* The file is UTF-8 (a GB18030 file saved by an older editor is refused, not misread). */
static xy_code check_utf8(const struct parse *p, struct xy_err *err)
{
    const unsigned char *s = (const unsigned char *)p->text;
    long line = 1;

    for (size_t i = 0; i < p->len;) {
        size_t k = xy_utf8_seq(s + i, p->len - i);
        if (!k)
            return bad(err, p, line, NULL, "不是 UTF-8 文本（请以 UTF-8 编码保存文件）");
        line += s[i] == '\n';
        i += k;
    }
    return XY_OK;
}

/* What needs the whole file: every key given, periods that make sense, dates in order. */
static xy_code check(struct parse *p, struct xy_err *err)
{
    struct xy_publicity_rules *r = p->r;

    for (size_t i = 0; i < 2; i++)
        if (!(p->negative_seen & (1u << i)))
            return bad(err, p, p->negative_line, negative_keys[i], "[negative] 缺少“%s”",
                       negative_keys[i]);
    /* archived while still public would contradict itself */
    if (r->archive_months < r->negative_max_months)
        return bad(err, p, p->negative_line, "archive_months",
                   "[negative] archive_months（%d）不能小于 max_months（%d）", r->archive_months,
                   r->negative_max_months);
    if (!r->nregimes)
        return bad(err, p, 0, "regime", "没有任何 [regime 名称] 节");
    for (size_t i = 0; i < r->nregimes; i++) {
        const struct regime *g = &r->regimes[i];
        for (size_t k = 0; k < NREGIME_KEYS; k++)
            if (regime_keys[k].kind != K_SPECIAL && !(g->seen & (1u << k)))
                return bad(err, p, g->line, regime_keys[k].key, "[regime %s] 缺少“%s”", g->id,
                           regime_keys[k].key);
        for (int s = 0; s < 3; s++) {
            if (g->min_months[s] > g->max_months[s])
                return bad(err, p, g->line, regime_keys[3 + 2 * s].key,
                           "[regime %s] %s的最短公示期（%d 个月）长于最长公示期（%d 个月）", g->id,
                           sev_zh[s], g->min_months[s], g->max_months[s]);
            /* the most severe type decides: that must also be the longest period */
            if (s > 0 && (g->min_months[s] < g->min_months[s - 1] ||
                          g->max_months[s] < g->max_months[s - 1]))
                return bad(err, p, g->line, regime_keys[4 + 2 * s].key,
                           "[regime %s] %s的公示期短于%s：严重程度越高，期限不能越短", g->id,
                           sev_zh[s], sev_zh[s - 1]);
            if (g->special_min_months > g->max_months[s])
                return bad(err, p, g->line, "special_min_months",
                           "[regime %s] special_min_months（%d 个月）长于%s的最长公示期（%d 个月）",
                           g->id, g->special_min_months, sev_zh[s], g->max_months[s]);
        }
        /* penalties are negative information: a longer maximum would silently be cut */
        if (g->max_months[XY_SEV_SEVERE] > r->negative_max_months)
            return bad(
                err, p, g->line, "severe_max_months",
                "[regime %s] severe_max_months（%d 个月）长于 [negative] max_months（%d 个月）",
                g->id, g->max_months[XY_SEV_SEVERE], r->negative_max_months);
        if (g->special_min_months >= 0 && !r->nlaws)
            return bad(err, p, g->line, "special_min_months",
                       "[regime %s] 规定了 special_min_months，但 [special] 没有列出任何 law",
                       g->id);
        if (i > 0 && g->from <= r->regimes[i - 1].from) {
            char a[11], b[11];
            xy_date_format(g->from, a);
            xy_date_format(r->regimes[i - 1].from, b);
            bad(err, p, g->line, "from",
                "[regime %s] 的生效日期 %s 不晚于上一阶段 [regime %s] 的 %s", g->id, a,
                r->regimes[i - 1].id, b);
            if (err)
                err->hint = "各阶段须按生效日期从早到晚排列，不能重叠";
            return XY_INVALID;
        }
    }
    return XY_OK;
}

xy_code xy_publicity_rules_parse(const char *text, size_t len, const char *name,
                                 struct xy_publicity_rules **out, struct xy_err *err)
{
    struct xy_publicity_rules *r = calloc(1, sizeof(*r));
    struct parse p = {.r = r, .text = text, .len = len, .name = name ? name : "publicity.ini"};
    xy_code rc;

    if (!r)
        abort();
    r->arena = xy_arena_new();
    *out = NULL;
    if (err)
        err->line = 0;
    rc = check_utf8(&p, err);
    if (rc == XY_OK)
        rc = xy_ini_parse(text, len, on_ini, &p, err);
    if (rc == XY_PARSE || rc == XY_TOO_LARGE) /* the INI reader's own message is English */
        rc = bad(err, &p, err ? err->line : 0, NULL,
                 rc == XY_PARSE ? "格式不对：应为“[节]”“键 = 值”或以 ; 开头的注释"
                                : "这一行太长或节名太长");
    if (rc == XY_OK)
        rc = check(&p, err);
    if (rc != XY_OK) {
        xy_publicity_rules_free(r);
        return rc;
    }
    *out = r;
    return XY_OK;
}

void xy_publicity_rules_free(struct xy_publicity_rules *r)
{
    if (!r)
        return;
    xy_arena_free(r->arena);
    free(r);
}

/* ---- evaluation ---- */

enum rule_kind {
    RULE_PENALTY,  /* by regime and severity, capped by 公示截止期 */
    RULE_VALIDITY, /* public for the validity period (有效期至), open-ended without one */
    RULE_LIST,     /* from entry to exit or validity end */
    RULE_REMOVED,  /* until removed from the list (移出日期) */
    RULE_COURT,    /* 失信被执行人: until removed by the court (the 5-year cap meanwhile) */
    RULE_ANNUAL,   /* yearly ratings: while the rating is current (no fixed end) */
};

static const struct {
    const char *id;
    enum rule_kind kind;
    const char *name;
} rules[] = {
    {"penalty", RULE_PENALTY, NULL},
    {"validity", RULE_VALIDITY, "有效期内公示"},
    {"list_period", RULE_LIST, "列入期间公示"},
    {"until_removed", RULE_REMOVED, "移出前公示"},
    {"court_defaulter", RULE_COURT, "法院移除前公示"},
    {"annual", RULE_ANNUAL, "评价有效期内"},
};

int xy_publicity_known(const char *id)
{
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
        if (!strcmp(rules[i].id, id))
            return 1;
    return 0;
}

enum xy_severity xy_penalty_severity(const struct xy_publicity_rules *r, const char *types)
{
    enum xy_severity worst = XY_SEV_LIGHT;
    int seen = 0;
    const char *p = types ? types : "";

    while (*p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        enum xy_severity sev = XY_SEV_GENERAL; /* a type the table does not list */
        const char *next = p + n + (end ? 1 : 0);
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n) {
            for (size_t i = 0; r && i < r->ntypes; i++)
                if (strlen(r->types[i].type) == n && !memcmp(r->types[i].type, p, n))
                    sev = r->types[i].sev;
            if (sev > worst)
                worst = sev;
            seen = 1;
        }
        p = next;
    }
    return seen ? worst : XY_SEV_GENERAL; /* no type given: not light */
}

/* 1 when basis names one of the special laws. "安全生产法律法规" speaks of laws in general, not of
 * the 安全生产法: a name followed by 律, or by 规 that does not go on to 定, is no match;
 * "依据消防法规定" (the law provides) is one. */
static int special_basis(const struct xy_publicity_rules *r, const char *basis)
{
    for (size_t i = 0; basis && i < r->nlaws; i++) {
        size_t n = strlen(r->laws[i]);
        for (const char *s = strstr(basis, r->laws[i]); s; s = strstr(s + 1, r->laws[i]))
            if (strncmp(s + n, "律", strlen("律")) &&
                (strncmp(s + n, "规", strlen("规")) || !strncmp(s + n, "规定", strlen("规定"))))
                return 1;
    }
    return 0;
}

/* The last day of a period of `months` months whose first day is start: the day before the
 * same date `months` later, or that month's last day when it has no such date (31 Jan + 1
 * month: through the end of February). months 0: the day before start. */
static int period_end(int start, int months)
{
    int y, m, d;

    xy_civil_from_days(start, &y, &m, &d);
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    if (xy_date_valid(y, m, d))
        return xy_days_from_civil(y, m, d) - 1;
    while (d > 28 && !xy_date_valid(y, m, d))
        d--;
    return xy_days_from_civil(y, m, d);
}

static int min_end(int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

/* The regime in force on day: the newest not after it; the oldest for anything earlier. */
static const struct regime *regime_at(const struct xy_publicity_rules *r, int day)
{
    size_t i = r->nregimes - 1;
    while (i > 0 && r->regimes[i].from > day)
        i--;
    return &r->regimes[i];
}

xy_code xy_publicity_eval(const struct xy_publicity_rules *r, const struct xy_item *item,
                          const struct xy_publicity_in *in, int today, struct xy_publicity *out,
                          struct xy_err *err)
{
    enum rule_kind kind;
    int decided, end = -1;
    size_t k;

    memset(out, 0, sizeof(*out));
    out->until = out->repairable_from = out->archived_from = -1;
    if (!r)
        return xy_err_set(err, XY_INTERNAL, "publicity rules are not loaded");
    if (!in->decision_date || xy_parse_date(in->decision_date, &decided) != 0)
        return xy_err_set(err, XY_INVALID, "decision date \"%s\" is not a date",
                          in->decision_date ? in->decision_date : "");
    if (in->end_date && *in->end_date && xy_parse_date(in->end_date, &end) != 0)
        end = -1; /* validated at ingest; an unreadable end never extends publicity */
    for (k = 0; k < sizeof(rules) / sizeof(rules[0]); k++)
        if (!strcmp(rules[k].id, item->publicity))
            break;
    if (k == sizeof(rules) / sizeof(rules[0]))
        return xy_err_set(err, XY_INVALID, "unknown publicity rule \"%s\"", item->publicity);
    kind = rules[k].kind;
    out->from = decided;
    out->regime = rules[k].name;

    if (kind == RULE_PENALTY) {
        const struct regime *g = regime_at(r, decided);
        enum xy_severity sev = xy_penalty_severity(r, in->penalty_types);
        int min = g->min_months[sev];
        if (g->special_min_months >= 0 && special_basis(r, in->penalty_basis)) {
            out->special = 1;
            if (g->special_min_months > min)
                min = g->special_min_months;
        }
        out->regime = g->name;
        out->until = min_end(period_end(decided, g->max_months[sev]), end);
        out->repairable_from = min ? period_end(decided, min) + 1 : decided;
    } else if (kind != RULE_ANNUAL) {
        /* 2099-12-31 and the like mean "indefinite": any end is kept, the cap below rules */
        out->until = end;
    }
    if (item->negative) {
        out->until = min_end(out->until, period_end(decided, r->negative_max_months));
        out->archived_from = period_end(decided, r->archive_months) + 1;
        out->archived = today >= out->archived_from;
    }
    out->visible = !out->archived && today >= out->from && (out->until < 0 || today <= out->until);
    return XY_OK;
}

int xy_publicity_earliest(const struct xy_publicity_rules *r, const struct xy_item *item, int today)
{
    int longest = -1, y, m, d, c;

    if (!r)
        return -1;
    if (!strcmp(item->publicity, "penalty"))
        for (size_t i = 0; i < r->nregimes; i++)
            for (int sev = 0; sev < 3; sev++)
                if (r->regimes[i].max_months[sev] > longest)
                    longest = r->regimes[i].max_months[sev];
    if (item->negative && (longest < 0 || longest > r->negative_max_months))
        longest = r->negative_max_months;
    if (longest < 0)
        return -1;
    /* start near the answer (the same date `longest` months back), then step: period_end()
     * never decreases as the start moves later, so the first start whose period reaches today
     * is exact */
    xy_civil_from_days(today, &y, &m, &d);
    m -= longest % 12;
    y -= longest / 12;
    if (m < 1)
        m += 12, y--;
    while (d > 28 && !xy_date_valid(y, m, d))
        d--;
    c = xy_days_from_civil(y, m, d);
    while (period_end(c, longest) >= today)
        c--;
    while (period_end(c + 1, longest) < today)
        c++;
    return c + 1;
}
