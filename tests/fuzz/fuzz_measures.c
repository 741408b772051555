/* fuzz_measures.c - libFuzzer harness for the measures catalogue and scenarios parsers
 * (xy_measures_parse, xy_scenarios_parse; measures/measures.csv, measures/scenarios.ini).
 * Input: the text of a measures CSV (also tried as a scenarios file).
 * What must hold for any input: no crash, no leak; a refusal says why, hands nothing back and
 * names a line the text has; an accepted file keeps only rows that make sense (a policy basis,
 * known scenarios, list items that are lists, a level of the row's kind, a kind that fits its
 * lists), every problem names a line in the text, and choosing measures returns only rows
 * that apply. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/measures.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SUBJECT                                                                                        \
    "[field XDR_MC]\nname = 主体名称\nrole = subject_name\n"                                       \
    "[field XDR_LB]\nname = 主体类别\ntype = enum\nvalues = 法人及非法人组织, 自然人\n" \
    "role = subject_type\n"                                                                            \
    "[field WH]\nname = 文号\nkey = yes\n"                                                           \
    "[field RQ]\nname = 日期\ntype = date\nrole = decision_date\n"

/* A black list, a red list with named lists inside, and an item that is no list. */
static const char *const items[] = {
    "[item]\nid = sxbzxr\nname = 失信被执行人\ncategory = 2\nnegative = yes\npublicity = "
    "list_period\nproviders = *\nlegal_basis = 法\nlist = black\nlist_issuer = 人民法院\n"
    "list_duration_months = 24\nlist_approval = two_person\n" SUBJECT,
    "[item]\nid = hmd\nname = 红名单\ncategory = 10\nnegative = no\npublicity = list_period\n"
    "providers = *\nlegal_basis = 法\nlist = red\nlist_issuer = 税务机关\nlist_duration_months = "
    "0\nlist_name_field = MC\n" SUBJECT "[field MC]\nname = 名单名称\ntype = enum\nvalues = "
    "A级纳税人, 其他\n",
    "[item]\nid = xzcf\nname = 行政处罚\ncategory = 3\nnegative = yes\npublicity = penalty\n"
    "providers = *\n" SUBJECT,
};

static const char scenarios[] = "[scenario gov_procurement]\nname = 政府采购\n"
                                "[scenario tax_affairs]\nname = 涉税事项办理\n";

static long count_lines(const char *s, size_t n)
{
    long lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
    return lines;
}

static void check_measures(const struct xy_catalog *cat, const struct xy_measures *ms, long lines)
{
    static const char *const lists[] = {"sxbzxr", "hmd", NULL};
    struct xy_arena *a = xy_arena_new();

    for (size_t i = 0; i < ms->nrows; i++) {
        const struct xy_measure *m = &ms->rows[i];
        if (!m->basis || !*m->basis || m->nlists == 0 || m->nscenarios == 0 ||
            (m->ndepts == 0) != (m->all_depts != 0) || m->line < 2 || m->line > lines)
            abort();
        if (xy_measure_level_kind(m->level) != m->kind)
            abort();
        for (size_t k = 0; k < m->nlists; k++) {
            const struct xy_item *it = xy_catalog_item(cat, m->lists[k].item);
            if (!it || it->list_kind == XY_LIST_NONE ||
                (it->list_kind == XY_LIST_RED) != (m->kind == XY_MEASURE_REWARD))
                abort();
            if (m->lists[k].name && !xy_item_has_list_name(it, m->lists[k].name))
                abort();
        }
        for (size_t k = 0; k < m->nscenarios; k++)
            if (!xy_scenario_find(ms->scenarios, m->scenarios[k]))
                abort();
    }
    if (ms->nproblems > ms->nproblems_total || ms->nproblems > XY_MEASURES_MAX_PROBLEM)
        abort();
    for (size_t i = 0; i < ms->nproblems; i++)
        if (!ms->problems[i].msg[0] || ms->problems[i].line < 1 || ms->problems[i].line > lines)
            abort();
    for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
        const struct xy_measure **v;
        struct xy_err err;
        size_t n;
        if (xy_measures_for(cat, ms, lists[l], NULL, "gov_procurement", "某局", a, &v, &n, &err) !=
                XY_OK ||
            n > ms->nrows)
            abort();
        for (size_t i = 0; i < n; i++)
            if (!v[i]->all_depts && strcmp(v[i]->depts[0], "某局") && v[i]->ndepts == 1)
                abort();
    }
    xy_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xy_catalog *cat;
    static struct xy_scenarios *sc;
    struct xy_scenarios *sc2 = NULL;
    struct xy_measures *ms = NULL;
    struct xy_err err;
    char *text = malloc(size ? size : 1); /* exactly size bytes: ASan sees any over-read */
    long lines = count_lines((const char *)data, size);

    if (!cat) { /* built once: the harness checks the measures, not the catalogue */
        cat = xy_catalog_new();
        for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
            if (xy_catalog_add_text(cat, "fuzz.ini", items[i], strlen(items[i]), &err) != XY_OK)
                abort();
        if (xy_scenarios_parse(scenarios, strlen(scenarios), "s.ini", &sc, &err) != XY_OK)
            abort();
    }
    if (size)
        memcpy(text, data, size);
    xy_err_clear(&err);
    if (xy_measures_parse(cat, sc, text, size, "fuzz.csv", &ms, &err) == XY_OK) {
        if (!ms)
            abort();
        check_measures(cat, ms, lines);
    } else if (!err.msg[0] || ms || err.line < 0 || err.line > lines) {
        abort(); /* a refusal says why, hands nothing back and names a line of the text */
    }
    xy_measures_free(ms);
    xy_err_clear(&err);
    if (xy_scenarios_parse(text, size, "fuzz.ini", &sc2, &err) == XY_OK) {
        if (!sc2 || sc2->n == 0 || sc2->n > XY_SCENARIOS_MAX)
            abort();
        for (size_t i = 0; i < sc2->n; i++)
            if (!sc2->v[i].name || xy_scenario_find(sc2, sc2->v[i].code) != &sc2->v[i])
                abort();
    } else if (!err.msg[0] || sc2) {
        abort();
    }
    xy_scenarios_free(sc2);
    free(text);
    return 0;
}
