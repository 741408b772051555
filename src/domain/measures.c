/* measures.c - parse the scenarios and measures files and choose measures for a hit
 * (layer: domain) */
#include "domain/measures.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/ini.h"
#include "base/utf8.h"
#include "domain/record.h"

static const char *const level_names[XY_LEVEL_COUNT] = {
    [XY_LEVEL_FORBID] = "禁止",           [XY_LEVEL_RESTRICT] = "限制",
    [XY_LEVEL_STRICT] = "从严审核",       [XY_LEVEL_FAST_LANE] = "绿色通道",
    [XY_LEVEL_DEFERRED] = "容缺受理",     [XY_LEVEL_PRIORITY] = "优先",
    [XY_LEVEL_FEWER_CHECKS] = "减少检查",
};

/* The one place that says which level belongs to which kind (DOMAIN.md §5). */
static const enum xy_measure_kind level_kind[XY_LEVEL_COUNT] = {
    [XY_LEVEL_FORBID] = XY_MEASURE_PUNISH,       [XY_LEVEL_RESTRICT] = XY_MEASURE_PUNISH,
    [XY_LEVEL_STRICT] = XY_MEASURE_PUNISH,       [XY_LEVEL_FAST_LANE] = XY_MEASURE_REWARD,
    [XY_LEVEL_DEFERRED] = XY_MEASURE_REWARD,     [XY_LEVEL_PRIORITY] = XY_MEASURE_REWARD,
    [XY_LEVEL_FEWER_CHECKS] = XY_MEASURE_REWARD,
};

/* What departments write for 各相关部门 (the measure binds every department that acts). */
#define ALL_DEPTS "各相关部门"

const char *xy_measure_kind_zh(enum xy_measure_kind k)
{
    return k == XY_MEASURE_PUNISH ? "惩戒" : k == XY_MEASURE_REWARD ? "激励" : "?";
}

const char *xy_measure_level_zh(enum xy_measure_level l)
{
    return (unsigned)l < XY_LEVEL_COUNT ? level_names[l] : "?";
}

enum xy_measure_kind xy_measure_level_kind(enum xy_measure_level l)
{
    return (unsigned)l < XY_LEVEL_COUNT ? level_kind[l] : XY_MEASURE_PUNISH;
}

/* ---- text helpers ---- */

/* The line of the first byte that is not UTF-8 (or a NUL), 0 when the text is clean. */
static long bad_utf8_line(const char *text, size_t len)
{
    long line = 1;

    for (size_t i = 0; i < len;) {
        size_t k = text[i] ? xy_utf8_seq((const unsigned char *)text + i, len - i) : 0;
        if (!k)
            return line;
        line += text[i] == '\n';
        i += k;
    }
    return 0;
}

static const char *base_name(const char *name)
{
    const char *s = strrchr(name, '/');
    return s ? s + 1 : name;
}

/* Trim ASCII blanks and the full-width space (U+3000) at both ends, in place. */
static char *trim(char *s)
{
    char *e;

    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (!strncmp(s, "\xE3\x80\x80", 3))
            s += 3;
        else
            break;
    }
    e = s + strlen(s);
    for (;;) {
        if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
            e--;
        else if (e - s >= 3 && !strncmp(e - 3, "\xE3\x80\x80", 3))
            e -= 3;
        else
            break;
    }
    *e = '\0';
    return s;
}

/* Split s (modified) at ';', '；' or '、' into at most max trimmed, non-empty parts; -1 when
 * there are more. */
static int split_refs(char *s, char **out, int max)
{
    int n = 0;

    while (*s) {
        char *e = s, *next;
        while (*e && *e != ';' && strncmp(e, "；", 3) && strncmp(e, "、", 3))
            e++;
        next = !*e ? e : *e == ';' ? e + 1 : e + 3;
        *e = '\0';
        s = trim(s);
        if (*s) {
            if (n == max)
                return -1;
            out[n++] = s;
        }
        s = next;
    }
    return n;
}

/* ---- scenarios ---- */

struct sc_parse {
    struct xy_scenarios *sc;
    const char *name;
    long name_line[XY_SCENARIOS_MAX]; /* line of each scenario's header key, for messages */
};

static xy_code sc_bad(struct xy_err *err, const char *file, long line, const char *field,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static xy_code sc_bad(struct xy_err *err, const char *file, long line, const char *field,
                      const char *fmt, ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (line > 0)
        xy_err_set(err, XY_INVALID, "场景文件“%s”第 %ld 行：%s", base_name(file), line, why);
    else
        xy_err_set(err, XY_INVALID, "场景文件“%s”：%s", base_name(file), why);
    if (err) {
        err->line = line;
        err->field = field;
    }
    return XY_INVALID;
}

static int valid_scenario_code(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 32 || !(*s >= 'a' && *s <= 'z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static xy_code sc_key(void *ctx, const char *section, const char *name, const char *key,
                      const char *value, long line, struct xy_err *err)
{
    struct sc_parse *p = ctx;
    struct xy_scenarios *sc = p->sc;
    struct xy_scenario *s;

    if (strcmp(section, "scenario") != 0)
        return sc_bad(err, p->name, line, NULL, "只能有 [scenario 代码] 节，实为 [%.40s%s%.40s]",
                      section, *name ? " " : "", name);
    if (!valid_scenario_code(name))
        return sc_bad(err, p->name, line, "code",
                      "场景代码“%.40s”须以小写字母开头，只含小写字母、数字和 _，至多 32 个字符",
                      name);
    if (sc->n == 0 || strcmp(sc->v[sc->n - 1].code, name) != 0) {
        for (size_t i = 0; i < sc->n; i++)
            if (!strcmp(sc->v[i].code, name))
                return sc_bad(err, p->name, line, "code", "场景代码“%s”重复（第 %ld 行已定义）",
                              name, p->name_line[i]);
        if (sc->n == XY_SCENARIOS_MAX)
            return sc_bad(err, p->name, line, "code", "场景超过 %d 个", XY_SCENARIOS_MAX);
        s = &sc->v[sc->n];
        memset(s, 0, sizeof(*s));
        s->code = xy_arena_strdup(sc->arena, name);
        p->name_line[sc->n++] = line;
    }
    s = &sc->v[sc->n - 1];
    if (!strcmp(key, "name") || !strcmp(key, "note")) {
        const char **slot = !strcmp(key, "name") ? &s->name : &s->note;
        if (*slot)
            return sc_bad(err, p->name, line, key, "[scenario %s] 的 %s 写了两次", s->code, key);
        if (!*value || strlen(value) > 1000)
            return sc_bad(err, p->name, line, key, "[scenario %s] 的 %s 须为 1 至 1000 字节的文字",
                          s->code, key);
        *slot = xy_arena_strdup(sc->arena, value);
        return XY_OK;
    }
    return sc_bad(err, p->name, line, NULL,
                  "[scenario %s] 中有未知的键“%.40s”（只能写 name、note）", s->code, key);
}

xy_code xy_scenarios_parse(const char *text, size_t len, const char *name,
                           struct xy_scenarios **out, struct xy_err *err)
{
    struct xy_scenarios *sc = xy_calloc(1, sizeof(*sc));
    struct sc_parse *p = xy_calloc(1, sizeof(*p));
    xy_code rc = XY_OK;
    long bad;

    *out = NULL;
    sc->arena = xy_arena_new();
    sc->v = xy_arena_zalloc(sc->arena, XY_SCENARIOS_MAX * sizeof(*sc->v));
    p->sc = sc;
    p->name = name ? name : "scenarios.ini";
    if ((bad = bad_utf8_line(text, len)) > 0)
        rc = sc_bad(err, p->name, bad, NULL, "不是 UTF-8 文字，请另存为 UTF-8 编码");
    if (rc == XY_OK) {
        rc = xy_ini_parse(text, len, sc_key, p, err);
        if (rc == XY_PARSE || rc == XY_TOO_LARGE) /* the INI reader's own message is English */
            rc = sc_bad(err, p->name, err ? err->line : 0, NULL,
                        rc == XY_PARSE ? "格式不对：应为“[scenario 代码]”“键 = 值”或以 ; 开头的注释"
                                       : "这一行太长或节名太长");
    }
    for (size_t i = 0; rc == XY_OK && i < sc->n; i++)
        if (!sc->v[i].name)
            rc = sc_bad(err, p->name, p->name_line[i], "name",
                        "[scenario %s] 缺少 name（中文名称）", sc->v[i].code);
    for (size_t i = 0; rc == XY_OK && i < sc->n; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(sc->v[i].name, sc->v[k].name)) {
                rc = sc_bad(err, p->name, p->name_line[i], "name",
                            "[scenario %s] 与 [scenario %s] 同名“%.60s”", sc->v[i].code,
                            sc->v[k].code, sc->v[i].name);
                break;
            }
    if (rc == XY_OK && sc->n == 0)
        rc = sc_bad(err, p->name, 0, NULL, "没有任何 [scenario 代码] 节");
    free(p);
    if (rc != XY_OK) {
        xy_scenarios_free(sc);
        return rc;
    }
    *out = sc;
    return XY_OK;
}

void xy_scenarios_free(struct xy_scenarios *sc)
{
    if (!sc)
        return;
    xy_arena_free(sc->arena);
    free(sc);
}

const struct xy_scenario *xy_scenario_find(const struct xy_scenarios *sc, const char *code)
{
    for (size_t i = 0; sc && code && i < sc->n; i++)
        if (!strcmp(sc->v[i].code, code))
            return &sc->v[i];
    return NULL;
}

/* A scenario by code or by its Chinese name (clerks write either). */
static const struct xy_scenario *scenario_by_code_or_name(const struct xy_scenarios *sc,
                                                          const char *s)
{
    const struct xy_scenario *found = xy_scenario_find(sc, s);

    for (size_t i = 0; !found && i < sc->n; i++)
        if (!strcmp(sc->v[i].name, s))
            found = &sc->v[i];
    return found;
}

/* ---- the CSV reader (RFC 4180) ---- */

#define MAX_COLUMNS 32

struct csv {
    const char *s, *end;
    long line; /* line of the next byte */
};

struct record {
    long line;               /* where the record starts */
    char *cell[MAX_COLUMNS]; /* arena copies */
    int ncell;
    int too_many;    /* more than MAX_COLUMNS cells */
    int too_long;    /* 1 + index of a cell over XY_MEASURES_MAX_FIELD, or 0 */
    int stray_quote; /* a quote inside an unquoted cell or text after a closing one */
};

/* Read one record. 1: a record; 0: end of text; -1: a quoted cell runs to the end of the text
 * (r->line names where the record began). Cells over the limit are cut (and flagged) so one
 * record never takes more memory than the limit times the columns. */
static int csv_next(struct csv *c, struct xy_arena *a, struct record *r)
{
    char *buf;
    size_t cap = XY_MEASURES_MAX_FIELD;

    memset(r, 0, sizeof(*r));
    if (c->s >= c->end)
        return 0;
    r->line = c->line;
    buf = malloc(cap + 1);
    if (!buf)
        abort();
    for (;;) {
        size_t n = 0;
        int quoted = 0, ended = 0;

        if (c->s < c->end && *c->s == '"') {
            quoted = 1;
            c->s++;
        }
        while (c->s < c->end) {
            char ch = *c->s;
            if (quoted) {
                if (ch == '"') {
                    if (c->s + 1 < c->end && c->s[1] == '"') {
                        c->s += 2;
                        if (n < cap)
                            buf[n++] = '"';
                        else
                            r->too_long = r->ncell + 1;
                        continue;
                    }
                    c->s++;
                    quoted = 0;
                    ended = 1; /* only a separator or a line end may follow */
                    continue;
                }
            } else if (ch == ',' || ch == '\n' || ch == '\r') {
                break;
            } else if (ch == '"' || ended) {
                r->stray_quote = 1;
            }
            if (ch == '\n')
                c->line++;
            if (n < cap)
                buf[n++] = ch;
            else
                r->too_long = r->ncell + 1;
            c->s++;
        }
        if (quoted) {
            free(buf);
            return -1;
        }
        buf[n] = '\0';
        if (r->ncell < MAX_COLUMNS)
            r->cell[r->ncell++] = xy_arena_strndup(a, buf, n);
        else
            r->too_many = 1;
        if (c->s < c->end && *c->s == ',') {
            c->s++;
            continue;
        }
        /* end of the record: \r\n, \n, a lone \r or the end of the text */
        if (c->s < c->end && *c->s == '\r')
            c->s++;
        if (c->s < c->end && *c->s == '\n')
            c->s++;
        c->line++;
        break;
    }
    free(buf);
    return 1;
}

static int blank_record(const struct record *r)
{
    for (int i = 0; i < r->ncell; i++)
        if (*trim(r->cell[i]))
            return 0;
    return 1;
}

/* ---- measures ---- */

enum col {
    C_SEQ = 0,
    C_MATTER,
    C_CONTENT,
    C_TARGET,
    C_BASIS,
    C_TIER,
    C_FREQ,
    C_LISTS,
    C_SCENARIOS,
    C_DEPTS,
    C_KIND,
    C_LEVEL,
    C_NOTE,
    C_COUNT
};

/* The columns, in the order the shipped file writes them; max in characters (0: checked
 * elsewhere). The first seven are the columns departments already use. */
static const struct {
    const char *name;
    int required;
    size_t max_chars;
} columns[C_COUNT] = {
    [C_SEQ] = {"序号", 1, 0},           [C_MATTER] = {"事项", 1, 200},
    [C_CONTENT] = {"内容", 1, 2000},    [C_TARGET] = {"对象", 1, 500},
    [C_BASIS] = {"政策依据", 1, 2000},  [C_TIER] = {"实施层级", 1, 100},
    [C_FREQ] = {"实施频次", 1, 100},    [C_LISTS] = {"名单类型", 1, 0},
    [C_SCENARIOS] = {"应用场景", 1, 0}, [C_DEPTS] = {"实施部门", 1, 0},
    [C_KIND] = {"措施类别", 1, 0},      [C_LEVEL] = {"措施级别", 1, 0},
    [C_NOTE] = {"备注", 0, 1000},
};

/* Where the rows come from, for the messages: a file (its name and line), one row on its own
 * (an edit: its line in an import, or none), or the database (the row's 序号). */
enum m_source { SRC_FILE = 0, SRC_ROW, SRC_DB };

struct m_parse {
    const struct xy_catalog *cat;
    const struct xy_scenarios *sc;
    struct xy_measures *ms;
    const char *name;
    int col_of[MAX_COLUMNS]; /* file column -> enum col */
    size_t cap;
    enum m_source source;
    size_t max_problems; /* problems kept (the room in ms->problems) */
};

/* "措施清单“measures.csv”第 12 行“应用场景”列：..." */
static void problem(struct m_parse *p, long line, enum col col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void problem(struct m_parse *p, long line, enum col col, const char *fmt, ...)
{
    struct xy_measures *ms = p->ms;
    struct xy_measure_problem *pr;
    char why[192];
    va_list ap;

    ms->nproblems_total++;
    if (ms->nproblems == p->max_problems)
        return;
    pr = &ms->problems[ms->nproblems++];
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    pr->line = line;
    pr->column = col < C_COUNT ? columns[col].name : NULL;
    if (p->source == SRC_DB)
        snprintf(pr->msg, sizeof(pr->msg), "措施清单序号 %ld%s%s%s：%s", line,
                 pr->column ? "“" : "", pr->column ? pr->column : "", pr->column ? "”列" : "", why);
    else if (p->source == SRC_ROW && line > 0)
        snprintf(pr->msg, sizeof(pr->msg), "第 %ld 行%s%s%s：%s", line, pr->column ? "“" : "",
                 pr->column ? pr->column : "", pr->column ? "”列" : "", why);
    else if (p->source == SRC_ROW)
        snprintf(pr->msg, sizeof(pr->msg), "%s%s%s%s", pr->column ? "“" : "",
                 pr->column ? pr->column : "", pr->column ? "”列：" : "", why);
    else if (pr->column)
        snprintf(pr->msg, sizeof(pr->msg), "措施清单“%s”第 %ld 行“%s”列：%s", base_name(p->name),
                 line, pr->column, why);
    else
        snprintf(pr->msg, sizeof(pr->msg), "措施清单“%s”第 %ld 行：%s", base_name(p->name), line,
                 why);
    xy_utf8_keep_whole(pr->msg);
}

static xy_code fatal(struct xy_err *err, const char *file, long line, xy_code code, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));

static xy_code fatal(struct xy_err *err, const char *file, long line, xy_code code, const char *fmt,
                     ...)
{
    char why[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (line > 0)
        xy_err_set(err, code, "措施清单“%s”第 %ld 行：%s", base_name(file), line, why);
    else
        xy_err_set(err, code, "措施清单“%s”：%s", base_name(file), why);
    if (err) {
        err->line = line;
    }
    return code;
}

static xy_code read_header(struct m_parse *p, const struct record *r, struct xy_err *err)
{
    int seen[C_COUNT];

    for (int i = 0; i < C_COUNT; i++)
        seen[i] = -1;
    if (r->too_many || r->too_long || r->stray_quote)
        return fatal(err, p->name, r->line, XY_INVALID,
                     "表头不对：列太多、太长或引号不成对（表头须为列名，如 序号,事项,内容 ...）");
    for (int i = 0; i < r->ncell; i++) {
        const char *h = trim(r->cell[i]);
        int k;
        for (k = 0; k < C_COUNT; k++)
            if (!strcmp(h, columns[k].name))
                break;
        if (k == C_COUNT) {
            xy_code rc = fatal(err, p->name, r->line, XY_INVALID,
                               "表头第 %d 列“%.60s”不是已知的列名", i + 1, h);
            if (err)
                err->field = "表头";
            return rc;
        }
        if (seen[k] >= 0)
            return fatal(err, p->name, r->line, XY_INVALID,
                         "表头的“%s”列出现了两次（第 %d 和第 %d 列）", columns[k].name, seen[k] + 1,
                         i + 1);
        seen[k] = i;
        p->col_of[i] = k;
    }
    for (int k = 0; k < C_COUNT; k++)
        if (columns[k].required && seen[k] < 0) {
            xy_code rc =
                fatal(err, p->name, r->line, XY_INVALID, "表头缺少“%s”列", columns[k].name);
            if (err)
                err->field = columns[k].name;
            return rc;
        }
    return XY_OK;
}

/* 名单类型: "sxbzxr", "hmd:A级纳税人" (or "hmd：A级纳税人"), several separated by ; or 、. */
static int parse_lists(struct m_parse *p, struct xy_measure *m, char *v)
{
    char *part[XY_MEASURES_MAX_REFS];
    int n = split_refs(v, part, XY_MEASURES_MAX_REFS);

    if (n < 0) {
        problem(p, m->line, C_LISTS, "名单超过 %d 个", XY_MEASURES_MAX_REFS);
        return -1;
    }
    m->lists = xy_arena_zalloc(p->ms->arena, (size_t)(n ? n : 1) * sizeof(*m->lists));
    for (int i = 0; i < n; i++) {
        char *item = part[i], *name = NULL, *colon = strchr(item, ':');
        const struct xy_item *it;
        if (!colon && (colon = strstr(item, "：")) != NULL) {
            *colon = '\0';
            name = trim(colon + 3);
        } else if (colon) {
            *colon = '\0';
            name = trim(colon + 1);
        }
        item = trim(item);
        it = xy_catalog_item(p->cat, item);
        if (!it) {
            problem(p, m->line, C_LISTS, "目录中没有名单“%.40s”（见 xinyong catalog list）", item);
            return -1;
        }
        if (it->list_kind == XY_LIST_NONE) {
            problem(p, m->line, C_LISTS, "信息项“%s”（%.60s）不是名单", item, it->name);
            return -1;
        }
        if (name && !xy_item_has_list_name(it, name)) {
            problem(p, m->line, C_LISTS, "名单“%s”中没有“%.60s”这一名单名称", item, name);
            return -1;
        }
        m->lists[i].item = it->id;
        m->lists[i].name = name && *name ? xy_arena_strdup(p->ms->arena, name) : NULL;
    }
    m->nlists = (size_t)n;
    return 0;
}

static int parse_scenarios(struct m_parse *p, struct xy_measure *m, char *v)
{
    char *part[XY_MEASURES_MAX_REFS];
    int n = split_refs(v, part, XY_MEASURES_MAX_REFS);

    if (n < 0) {
        problem(p, m->line, C_SCENARIOS, "场景超过 %d 个", XY_MEASURES_MAX_REFS);
        return -1;
    }
    m->scenarios = xy_arena_alloc(p->ms->arena, (size_t)(n ? n : 1) * sizeof(*m->scenarios));
    for (int i = 0; i < n; i++) {
        const struct xy_scenario *s = scenario_by_code_or_name(p->sc, part[i]);
        if (!s) {
            problem(p, m->line, C_SCENARIOS, "未知的场景“%.40s”（见 measures/scenarios.ini）",
                    part[i]);
            return -1;
        }
        m->scenarios[i] = s->code;
    }
    m->nscenarios = (size_t)n;
    return 0;
}

static int parse_depts(struct m_parse *p, struct xy_measure *m, char *v)
{
    char *part[XY_MEASURES_MAX_REFS];
    int n = split_refs(v, part, XY_MEASURES_MAX_REFS);

    if (n < 0) {
        problem(p, m->line, C_DEPTS, "部门超过 %d 个", XY_MEASURES_MAX_REFS);
        return -1;
    }
    m->depts = xy_arena_alloc(p->ms->arena, (size_t)(n ? n : 1) * sizeof(*m->depts));
    for (int i = 0; i < n; i++) {
        if (!strcmp(part[i], ALL_DEPTS)) {
            if (n > 1) {
                problem(p, m->line, C_DEPTS, "“各相关部门”须单独填写，不能与具体部门并列");
                return -1;
            }
            m->all_depts = 1;
            continue;
        }
        if (xy_utf8_chars(part[i], strlen(part[i])) > 100) {
            problem(p, m->line, C_DEPTS, "部门名称超过 100 个字：“%.40s…”", part[i]);
            return -1;
        }
        m->depts[m->ndepts++] = part[i];
    }
    return 0;
}

static int parse_level(struct m_parse *p, struct xy_measure *m, const char *kind, const char *level)
{
    int k;

    if (!strcmp(kind, "惩戒"))
        m->kind = XY_MEASURE_PUNISH;
    else if (!strcmp(kind, "激励"))
        m->kind = XY_MEASURE_REWARD;
    else {
        problem(p, m->line, C_KIND, "须为“惩戒”或“激励”，实为“%.40s”", kind);
        return -1;
    }
    for (k = 0; k < XY_LEVEL_COUNT; k++)
        if (!strcmp(level, level_names[k]))
            break;
    if (k == XY_LEVEL_COUNT && !strcmp(level, "减少检查频次")) /* DOMAIN.md §5 wording */
        k = XY_LEVEL_FEWER_CHECKS;
    if (k == XY_LEVEL_COUNT) {
        problem(p, m->line, C_LEVEL,
                "未知的措施级别“%.40s”（惩戒：禁止、限制、从严审核；激励：绿色通道、容缺受理、"
                "优先、减少检查）",
                level);
        return -1;
    }
    if (level_kind[k] != m->kind) {
        problem(p, m->line, C_LEVEL, "“%s”是%s措施的级别，本行措施类别为“%s”", level_names[k],
                xy_measure_kind_zh(level_kind[k]), kind);
        return -1;
    }
    m->level = (enum xy_measure_level)k;
    /* rewards go with red lists, punishments with black and watch lists */
    for (size_t i = 0; i < m->nlists; i++) {
        const struct xy_item *it = xy_catalog_item(p->cat, m->lists[i].item);
        if ((it->list_kind == XY_LIST_RED) != (m->kind == XY_MEASURE_REWARD)) {
            problem(p, m->line, C_KIND, "%s措施不能用于%s“%s”", xy_measure_kind_zh(m->kind),
                    xy_list_kind_zh(it->list_kind), it->id);
            return -1;
        }
    }
    return 0;
}

/* Check one data record and keep it as a measure, or record its first problem. */
static void read_row(struct m_parse *p, const struct record *r)
{
    struct xy_measures *ms = p->ms;
    struct xy_measure m = {.line = r->line};
    char *v[C_COUNT] = {0};
    char *end;

    if (r->too_many) {
        problem(p, r->line, C_COUNT, "超过 %d 列", MAX_COLUMNS);
        return;
    }
    if (r->too_long) {
        int k = r->too_long - 1 < MAX_COLUMNS ? p->col_of[r->too_long - 1] : -1;
        problem(p, r->line, k < 0 ? C_COUNT : (enum col)k, "超过 %d 字节", XY_MEASURES_MAX_FIELD);
        return;
    }
    if (r->stray_quote) {
        problem(p, r->line, C_COUNT,
                "引号不成对：含引号的内容须整格用英文双引号括起，内部的引号写两遍");
        return;
    }
    for (int i = 0; i < r->ncell; i++) {
        if (p->col_of[i] < 0) { /* a cell right of the header */
            if (*trim(r->cell[i])) {
                problem(p, r->line, C_COUNT, "第 %d 列在表头之外却有内容", i + 1);
                return;
            }
            continue;
        }
        v[p->col_of[i]] = trim(r->cell[i]);
    }
    for (int k = 0; k < C_COUNT; k++) {
        if (!v[k] || !*v[k]) {
            if (columns[k].required) {
                problem(p, r->line, (enum col)k, "不能为空");
                return;
            }
            v[k] = NULL;
            continue;
        }
        if (columns[k].max_chars &&
            xy_utf8_chars(v[k], strlen(v[k])) > (long)columns[k].max_chars) {
            problem(p, r->line, (enum col)k, "超过 %zu 个字", columns[k].max_chars);
            return;
        }
    }
    m.seq = strtol(v[C_SEQ], &end, 10);
    if (strspn(v[C_SEQ], "0123456789") != strlen(v[C_SEQ]) || strlen(v[C_SEQ]) > 6 || m.seq < 1) {
        problem(p, r->line, C_SEQ, "须为 1 至 999999 的整数，实为“%.20s”", v[C_SEQ]);
        return;
    }
    for (size_t i = 0; i < ms->nrows; i++)
        if (ms->rows[i].seq == m.seq) {
            problem(p, r->line, C_SEQ, "序号 %ld 重复（第 %ld 行已用）", m.seq, ms->rows[i].line);
            return;
        }
    /* the cells as written, before parse_lists and the others cut them up in place */
    m.cells = xy_arena_alloc(ms->arena, C_COUNT * sizeof(*m.cells));
    for (int k = 0; k < C_COUNT; k++)
        m.cells[k] = v[k] ? xy_arena_strdup(ms->arena, v[k]) : "";
    if (parse_lists(p, &m, v[C_LISTS]) || parse_scenarios(p, &m, v[C_SCENARIOS]) ||
        parse_depts(p, &m, v[C_DEPTS]) || parse_level(p, &m, v[C_KIND], v[C_LEVEL]))
        return;
    m.matter = v[C_MATTER];
    m.content = v[C_CONTENT];
    m.target = v[C_TARGET];
    m.basis = v[C_BASIS];
    m.tier = v[C_TIER];
    m.frequency = v[C_FREQ];
    m.note = v[C_NOTE];
    if (ms->nrows == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 64;
        ms->rows = xy_realloc(ms->rows, p->cap * sizeof(*ms->rows));
    }
    ms->rows[ms->nrows++] = m;
}

xy_code xy_measures_parse(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                          const char *text, size_t len, const char *name, struct xy_measures **out,
                          struct xy_err *err)
{
    struct xy_measures *ms = xy_calloc(1, sizeof(*ms));
    struct m_parse p = {.cat = cat,
                        .sc = sc,
                        .ms = ms,
                        .name = name ? name : "measures.csv",
                        .max_problems = XY_MEASURES_MAX_PROBLEM};
    struct csv c = {.s = text, .end = text + len, .line = 1};
    struct record r;
    long bad, nrecords = 0;
    int got, have_header = 0;
    xy_code rc = XY_OK;

    *out = NULL;
    ms->arena = xy_arena_new();
    ms->scenarios = sc;
    ms->problems = xy_arena_zalloc(ms->arena, XY_MEASURES_MAX_PROBLEM * sizeof(*ms->problems));
    for (int i = 0; i < MAX_COLUMNS; i++)
        p.col_of[i] = -1;
    if (err)
        err->line = 0;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) /* Excel's UTF-8 byte order mark */
        c.s += 3;
    if ((bad = bad_utf8_line(c.s, (size_t)(c.end - c.s))) > 0)
        rc = fatal(err, p.name, bad, XY_INVALID,
                   "不是 UTF-8 文字（在 Excel 中另存为“CSV UTF-8（逗号分隔）”）");
    while (rc == XY_OK && (got = csv_next(&c, ms->arena, &r)) != 0) {
        if (got < 0) {
            rc = fatal(err, p.name, r.line, XY_PARSE,
                       "引号没有闭合：从这一行起的一格一直到文件末尾");
            break;
        }
        if (blank_record(&r))
            continue;
        if (!have_header) {
            rc = read_header(&p, &r, err);
            have_header = 1;
            continue;
        }
        if (++nrecords > XY_MEASURES_MAX_ROWS) {
            rc = fatal(err, p.name, r.line, XY_TOO_LARGE, "措施超过 %d 条", XY_MEASURES_MAX_ROWS);
            break;
        }
        read_row(&p, &r);
    }
    if (rc == XY_OK && !have_header)
        rc = fatal(err, p.name, 0, XY_INVALID, "文件是空的：须有表头和至少一条措施");
    if (rc != XY_OK) {
        xy_measures_free(ms);
        return rc;
    }
    *out = ms;
    return XY_OK;
}

void xy_measures_free(struct xy_measures *ms)
{
    if (!ms)
        return;
    xy_arena_free(ms->arena);
    free(ms->rows);
    free(ms);
}

xy_code xy_measures_first_problem(const struct xy_measures *ms, struct xy_err *err)
{
    const struct xy_measure_problem *pr;

    if (!ms || ms->nproblems == 0)
        return XY_OK;
    pr = &ms->problems[0];
    xy_err_set(err, XY_INVALID, "%s", pr->msg);
    if (err) {
        err->line = pr->line;
        err->field = pr->column;
        xy_err_detail(err, "共 %zu 处问题；用 xinyong measures check 文件 逐行查看",
                      ms->nproblems_total);
    }
    return XY_INVALID;
}

/* ---- one measure at a time: the console's edits, an import's rows, the database ---- */

const char *xy_measure_column(int i)
{
    return i >= 0 && i < C_COUNT ? columns[i].name : NULL;
}

int xy_measure_column_of(const char *name)
{
    for (int k = 0; name && k < C_COUNT; k++)
        if (!strcmp(name, columns[k].name))
            return k;
    return -1;
}

/* A record made of cells in column order (copies in a), flagged as csv_next flags one. */
static void record_of_cells(struct m_parse *p, const char *const *cells, size_t ncells, long line,
                            struct xy_arena *a, struct record *r)
{
    memset(r, 0, sizeof(*r));
    r->line = line;
    for (size_t i = 0; i < ncells && i < MAX_COLUMNS; i++) {
        const char *c = cells[i] ? cells[i] : "";
        size_t n = strlen(c);
        if (n > XY_MEASURES_MAX_FIELD && !r->too_long) {
            r->too_long = (int)i + 1;
            n = XY_MEASURES_MAX_FIELD;
        }
        r->cell[r->ncell++] = xy_arena_strndup(a, c, n);
        p->col_of[i] = i < C_COUNT ? (int)i : -1;
    }
    r->too_many = ncells > C_COUNT;
}

xy_code xy_measure_parse_row(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                             const char *const *cells, size_t ncells, long line, struct xy_arena *a,
                             struct xy_measure *out, struct xy_err *err)
{
    struct xy_measures ms = {.arena = a, .scenarios = sc};
    struct m_parse p = {.cat = cat, .sc = sc, .ms = &ms, .source = SRC_ROW, .max_problems = 1};
    struct record r;
    xy_code rc = XY_OK;

    for (int i = 0; i < MAX_COLUMNS; i++)
        p.col_of[i] = -1;
    ms.problems = xy_arena_zalloc(a, sizeof(*ms.problems));
    record_of_cells(&p, cells, ncells, line, a, &r);
    if (r.too_many) {
        problem(&p, line, C_COUNT, "超过 %d 列", C_COUNT);
    } else {
        read_row(&p, &r);
    }
    if (ms.nproblems_total) {
        rc = xy_err_set(err, XY_INVALID, "%s", ms.problems[0].msg);
        if (err) {
            err->line = line;
            err->field = ms.problems[0].column;
        }
    } else {
        *out = ms.rows[0];
    }
    free(ms.rows);
    return rc;
}

char *xy_measure_row_csv(const char *const *cells, size_t n, struct xy_arena *a)
{
    struct xy_buf b = XY_BUF_INIT;
    char *out;

    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        if (i)
            xy_buf_addc(&b, ',');
        if (!c[strcspn(c, ",\"\r\n")]) {
            xy_buf_adds(&b, c);
            continue;
        }
        xy_buf_addc(&b, '"');
        for (; *c; c++) {
            if (*c == '"')
                xy_buf_addc(&b, '"');
            xy_buf_addc(&b, *c);
        }
        xy_buf_addc(&b, '"');
    }
    out = xy_arena_strndup(a, b.data ? b.data : "", b.len);
    xy_buf_release(&b);
    return out;
}

xy_code xy_measure_row_split(const char *line, struct xy_arena *a, const char **cells,
                             struct xy_err *err)
{
    struct csv c = {.s = line, .end = line + strlen(line), .line = 1};
    struct record r;
    int got = csv_next(&c, a, &r);

    for (int k = 0; k < C_COUNT; k++)
        cells[k] = "";
    if (got <= 0 || c.s != c.end || r.too_many || r.too_long || r.stray_quote || r.ncell > C_COUNT)
        return xy_err_set(err, XY_PARSE, "a stored measure row is not one CSV record of %d cells",
                          C_COUNT);
    for (int k = 0; k < r.ncell; k++)
        cells[k] = r.cell[k];
    return XY_OK;
}

xy_code xy_measures_from_rows(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                              const char *const *rows, size_t n, struct xy_measures **out,
                              struct xy_err *err)
{
    struct xy_measures *ms;
    struct m_parse p = {.cat = cat, .sc = sc, .source = SRC_DB};

    *out = NULL;
    if (n > XY_MEASURES_MAX_ROWS)
        return xy_err_set(err, XY_TOO_LARGE, "措施超过 %d 条", XY_MEASURES_MAX_ROWS);
    ms = xy_calloc(1, sizeof(*ms));
    ms->arena = xy_arena_new();
    ms->scenarios = sc;
    ms->problems = xy_arena_zalloc(ms->arena, XY_MEASURES_MAX_PROBLEM * sizeof(*ms->problems));
    p.ms = ms;
    p.max_problems = XY_MEASURES_MAX_PROBLEM;
    for (size_t i = 0; i < n; i++) {
        const char *cells[C_COUNT];
        struct record r;
        struct xy_err ignored;
        long seq;
        for (int k = 0; k < MAX_COLUMNS; k++)
            p.col_of[k] = -1;
        if (xy_measure_row_split(rows[i], ms->arena, cells, &ignored) != XY_OK) {
            problem(&p, (long)i + 1, C_COUNT, "存储的行不是一条 CSV 记录");
            continue;
        }
        /* the problems of a stored row name its 序号 */
        seq =
            strspn(cells[C_SEQ], "0123456789") == strlen(cells[C_SEQ]) && strlen(cells[C_SEQ]) <= 6
                ? strtol(cells[C_SEQ], NULL, 10)
                : (long)i + 1;
        record_of_cells(&p, cells, C_COUNT, seq, ms->arena, &r);
        read_row(&p, &r);
    }
    *out = ms;
    return XY_OK;
}

/* ---- choosing measures ---- */

const struct xy_measure *xy_measure_by_seq(const struct xy_measures *ms, long seq)
{
    for (size_t i = 0; ms && i < ms->nrows; i++)
        if (ms->rows[i].seq == seq)
            return &ms->rows[i];
    return NULL;
}

static int applies_to_list(const struct xy_measure *m, const char *item, const char *name)
{
    for (size_t i = 0; i < m->nlists; i++)
        if (!strcmp(m->lists[i].item, item) &&
            (!m->lists[i].name || !name || !strcmp(m->lists[i].name, name)))
            return 1;
    return 0;
}

static int applies_in(const struct xy_measure *m, const char *scenario)
{
    for (size_t i = 0; i < m->nscenarios; i++)
        if (!strcmp(m->scenarios[i], scenario))
            return 1;
    return 0;
}

static int applies_for(const struct xy_measure *m, const char *dept)
{
    if (m->all_depts)
        return 1;
    for (size_t i = 0; i < m->ndepts; i++)
        if (!strcmp(m->depts[i], dept))
            return 1;
    return 0;
}

xy_code xy_measures_for(const struct xy_catalog *cat, const struct xy_measures *ms,
                        const char *list_item, const char *list_name, const char *scenario,
                        const char *dept_name, struct xy_arena *a, const struct xy_measure ***out,
                        size_t *n, struct xy_err *err)
{
    const struct xy_item *it = NULL;
    const struct xy_measure **v;
    size_t k = 0;

    *out = NULL;
    *n = 0;
    if (list_item) {
        if (!(it = xy_catalog_item(cat, list_item))) {
            xy_err_set(err, XY_NOT_FOUND, "没有名单“%.60s”", list_item);
            if (err)
                err->field = "list";
            return XY_NOT_FOUND;
        }
        if (it->list_kind == XY_LIST_NONE) {
            xy_err_set(err, XY_INVALID, "信息项“%s”不是名单", it->id);
            if (err)
                err->field = "list";
            return XY_INVALID;
        }
        if (list_name && !xy_item_has_list_name(it, list_name)) {
            xy_err_set(err, XY_INVALID, "名单“%s”中没有“%.60s”这一名单名称", it->id, list_name);
            if (err)
                err->field = "list";
            return XY_INVALID;
        }
    }
    if (scenario && !xy_scenario_find(ms->scenarios, scenario)) {
        xy_err_set(err, XY_INVALID, "未知的场景代码“%.40s”", scenario);
        if (err)
            err->field = "scenario";
        return XY_INVALID;
    }
    v = xy_arena_alloc(a, (ms->nrows ? ms->nrows : 1) * sizeof(*v));
    for (size_t i = 0; i < ms->nrows; i++) {
        const struct xy_measure *m = &ms->rows[i];
        if (list_item && !applies_to_list(m, it->id, list_name))
            continue;
        if (scenario && !applies_in(m, scenario))
            continue;
        if (dept_name && !applies_for(m, dept_name))
            continue;
        v[k++] = m;
    }
    *out = v;
    *n = k;
    return XY_OK;
}
