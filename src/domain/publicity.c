/* publicity.c - publicity periods as tables with effective dates (layer: domain)
 *
 * Penalties (DOMAIN.md §4) follow the regime in force at the decision date:
 *   2019 rule            ordinary min 3 / max 12 months; serious min 6 / max 36
 *   2021 to 2026-03      min 3 / max 36 months for every penalty
 *   from 2026-04-01      (信用修复管理办法) 轻微 max 3; 一般 min 3 / max 12; 严重 min 12 / max 36
 * Every negative record leaves public view 5 years after its decision at the latest
 * (广州市公共信用信息管理规定 art. 14). Issue 5 adds the special-equipment minimum and archiving.
 */
#include "domain/publicity.h"

#include <string.h>

#include "base/time.h"
#include "domain/record.h"

#define NEGATIVE_MAX_MONTHS 60

/* months by severity: light, general, severe; min 0 = repair possible at once */
struct regime {
    const char *from; /* decision dates on or after this day */
    const char *name;
    int min_months[3];
    int max_months[3];
};

/* newest first; the first whose `from` is not after the decision date applies */
static const struct regime penalty_regimes[] = {
    {"2026-04-01", "2026年4月起《信用修复管理办法》", {0, 3, 12}, {3, 12, 36}},
    {"2021-01-01", "2021年至2026年3月实践", {3, 3, 3}, {36, 36, 36}},
    {"0000-01-01", "2019年规则", {3, 3, 6}, {12, 12, 36}},
};

/* 处罚类别 by severity. Warnings and notices of criticism alone are light (DOMAIN.md: "typically
 * 轻微, unconfirmed"); measures that stop or bar an activity are severe; the rest general. */
static const struct {
    const char *type;
    enum xy_severity sev;
} penalty_types[] = {
    {"警告", XY_SEV_LIGHT},
    {"通报批评", XY_SEV_LIGHT},
    {"暂扣许可证件", XY_SEV_SEVERE},
    {"降低资质等级", XY_SEV_SEVERE},
    {"吊销许可证件", XY_SEV_SEVERE},
    {"限制开展生产经营活动", XY_SEV_SEVERE},
    {"责令停产停业", XY_SEV_SEVERE},
    {"责令关闭", XY_SEV_SEVERE},
    {"限制从业", XY_SEV_SEVERE},
    {"行政拘留", XY_SEV_SEVERE},
    {"暂扣或者吊销许可证、暂扣或者吊销执照", XY_SEV_SEVERE},
    {"暂扣或者吊销许可证", XY_SEV_SEVERE},
    {"暂扣或者吊销执照", XY_SEV_SEVERE},
};

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

enum xy_severity xy_penalty_severity(const char *types)
{
    enum xy_severity worst = XY_SEV_LIGHT;
    int seen = 0;
    const char *p = types ? types : "";

    while (*p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        enum xy_severity sev = XY_SEV_GENERAL; /* 罚款, 没收..., 其他 and anything unlisted */
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n) {
            for (size_t i = 0; i < sizeof(penalty_types) / sizeof(penalty_types[0]); i++)
                if (strlen(penalty_types[i].type) == n && !memcmp(penalty_types[i].type, p, n))
                    sev = penalty_types[i].sev;
            if (sev > worst)
                worst = sev;
            seen = 1;
        }
        p += end ? (size_t)(end - p) + 1 : strlen(p);
    }
    return seen ? worst : XY_SEV_GENERAL; /* no type given: not light */
}

/* The day before the same date `months` later (a period of N months ends the day before). */
static int add_months(int days, int months)
{
    int y, m, d;
    xy_civil_from_days(days, &y, &m, &d);
    m += months;
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    while (d > 28 && !xy_date_valid(y, m, d))
        d--; /* 31 Jan + 1 month: the end of February */
    return xy_days_from_civil(y, m, d) - 1;
}

static int min_end(int a, int b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}

xy_code xy_publicity_eval(const struct xy_item *item, const char *decision_date,
                          const char *end_date, const char *penalty_types_text, int today,
                          struct xy_publicity *out, struct xy_err *err)
{
    enum rule_kind kind = RULE_ANNUAL;
    int decided, end = -1;
    size_t r;

    memset(out, 0, sizeof(*out));
    if (!decision_date || xy_parse_date(decision_date, &decided) != 0)
        return xy_err_set(err, XY_INVALID, "decision date \"%s\" is not a date",
                          decision_date ? decision_date : "");
    if (end_date && *end_date && xy_parse_date(end_date, &end) != 0)
        end = -1; /* validated at ingest; an unreadable end never extends publicity */
    for (r = 0; r < sizeof(rules) / sizeof(rules[0]); r++)
        if (!strcmp(rules[r].id, item->publicity))
            break;
    if (r == sizeof(rules) / sizeof(rules[0]))
        return xy_err_set(err, XY_INVALID, "unknown publicity rule \"%s\"", item->publicity);
    kind = rules[r].kind;
    out->from = decided;
    out->until = -1;
    out->repairable_from = -1;
    out->regime = rules[r].name;

    if (kind == RULE_PENALTY) {
        const struct regime *g = &penalty_regimes[0];
        char date[11];
        enum xy_severity sev = xy_penalty_severity(penalty_types_text);
        xy_date_format(decided, date);
        for (size_t i = 0; i < sizeof(penalty_regimes) / sizeof(penalty_regimes[0]); i++) {
            g = &penalty_regimes[i];
            if (strcmp(date, g->from) >= 0)
                break;
        }
        out->regime = g->name;
        out->until = min_end(add_months(decided, g->max_months[sev]), end);
        out->repairable_from =
            g->min_months[sev] ? add_months(decided, g->min_months[sev]) + 1 : decided;
    } else if (kind != RULE_ANNUAL) {
        /* 2099-12-31 and the like mean "indefinite": any end is kept, the cap below rules */
        out->until = end;
    }
    if (item->negative)
        out->until = min_end(out->until, add_months(decided, NEGATIVE_MAX_MONTHS));
    out->visible = today >= out->from && (out->until < 0 || today <= out->until);
    return XY_OK;
}

int xy_publicity_earliest(const struct xy_item *item, int today)
{
    int longest = -1, y, m, d;

    if (!strcmp(item->publicity, "penalty"))
        for (size_t i = 0; i < sizeof(penalty_regimes) / sizeof(penalty_regimes[0]); i++)
            for (int sev = 0; sev < 3; sev++)
                if (penalty_regimes[i].max_months[sev] > longest)
                    longest = penalty_regimes[i].max_months[sev];
    if (item->negative && (longest < 0 || longest > NEGATIVE_MAX_MONTHS))
        longest = NEGATIVE_MAX_MONTHS;
    if (longest < 0)
        return -1;
    /* a record decided on day D is public through add_months(D, longest): the earliest D
     * still public today is the same date `longest` months back, or the day after a shorter
     * month's end; one day earlier is always safe */
    xy_civil_from_days(today, &y, &m, &d);
    m -= longest;
    while (m < 1)
        m += 12, y--;
    while (d > 28 && !xy_date_valid(y, m, d))
        d--;
    return xy_days_from_civil(y, m, d) - 1;
}
