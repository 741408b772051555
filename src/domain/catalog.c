/* catalog.c - parse and query the catalogue (layer: domain) */
#include "domain/catalog.h"
#include "domain/publicity.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/ini.h"
#include "domain/codes.h"

#define MAX_FIELDS 64
#define MAX_LIST   64

static const char *const type_names[XY_FT_COUNT] = {
    [XY_FT_TEXT] = "text", [XY_FT_DATE] = "date", [XY_FT_AMOUNT] = "amount",
    [XY_FT_ENUM] = "enum", [XY_FT_USCC] = "uscc", [XY_FT_ORGCODE] = "orgcode",
    [XY_FT_IDNO] = "idno", [XY_FT_YEAR] = "year",
};

static const char *const role_names[XY_ROLE_COUNT] = {
    [XY_ROLE_NONE] = "none",
    [XY_ROLE_SUBJECT_NAME] = "subject_name",
    [XY_ROLE_SUBJECT_TYPE] = "subject_type",
    [XY_ROLE_SUBJECT_USCC] = "subject_uscc",
    [XY_ROLE_SUBJECT_IDTYPE] = "subject_idtype",
    [XY_ROLE_SUBJECT_IDNO] = "subject_idno",
    [XY_ROLE_REGNO] = "regno",
    [XY_ROLE_ORGCODE] = "orgcode",
    [XY_ROLE_TAXNO] = "taxno",
    [XY_ROLE_INSTCERT] = "instcert",
    [XY_ROLE_SOCCERT] = "soccert",
    [XY_ROLE_DECISION_DATE] = "decision_date",
    [XY_ROLE_END_DATE] = "end_date",
    [XY_ROLE_PENALTY_TYPES] = "penalty_types",
    [XY_ROLE_LEGAL_REP] = "legal_rep",
    [XY_ROLE_PENALTY_BASIS] = "penalty_basis",
};

static const struct {
    const char *id, *zh;
} tabs[XY_TAB_COUNT] = {
    [XY_TAB_BASIC] = {"basic", "基本信息"},     [XY_TAB_LICENSE] = {"license", "行政许可"},
    [XY_TAB_PENALTY] = {"penalty", "行政处罚"}, [XY_TAB_REWARD] = {"reward", "守信激励"},
    [XY_TAB_PUNISH] = {"punish", "失信惩戒"},   [XY_TAB_ABNORMAL] = {"abnormal", "经营异常"},
    [XY_TAB_OTHER] = {"other", "其他"},
};

static const char *const category_names[12] = {
    "",
    "登记注册基本信息",
    "司法裁判及执行信息",
    "行政管理信息",
    "职称和职业资格",
    "经营(活动)异常名录(状态)",
    "严重失信主体名单",
    "合同履行",
    "信用承诺及履行",
    "信用评价结果",
    "诚实守信相关荣誉",
    "市场主体自愿提供的信息",
};

static const char *const openness_names[] = {"公开", "有条件共享", "不公开"};

static const struct {
    const char *id, *zh;
} list_kinds[XY_LIST_COUNT] = {
    [XY_LIST_NONE] = {"none", "非名单"},
    [XY_LIST_RED] = {"red", "守信红名单"},
    [XY_LIST_BLACK] = {"black", "严重失信主体名单"},
    [XY_LIST_WATCH] = {"watch", "重点关注名单"},
};

/* The longest default time on a list: 失信被执行人 at most 5 years (法释〔2017〕7号 第二条);
 * other lists run 1 to 3 years. Ten years leaves room and still catches a typo in months. */
#define MAX_LIST_MONTHS 120

const char *xy_field_type_name(enum xy_field_type t)
{
    return (unsigned)t < XY_FT_COUNT ? type_names[t] : "?";
}

const char *xy_tab_id(enum xy_tab t)
{
    return (unsigned)t < XY_TAB_COUNT ? tabs[t].id : "?";
}

const char *xy_tab_zh(enum xy_tab t)
{
    return (unsigned)t < XY_TAB_COUNT ? tabs[t].zh : "?";
}

const char *xy_openness_zh(enum xy_openness o)
{
    return (unsigned)o <= XY_OPEN_NONE ? openness_names[o] : "?";
}

const char *xy_category_zh(int category)
{
    return category >= 1 && category <= 11 ? category_names[category] : "未分类";
}

struct parse {
    struct xy_catalog *cat;
    const char *file;
    struct xy_item *item;
    struct xy_field fields[MAX_FIELDS];
    const char *cond_code[MAX_FIELDS];   /* field named by required = if ... */
    const char *idtype_code[MAX_FIELDS]; /* idno: its type field */
    long field_line[MAX_FIELDS];
    long role_line[MAX_FIELDS], cond_line[MAX_FIELDS], idtype_line[MAX_FIELDS]; /* key lines */
    size_t nfields;
    int have_item_section;
    /* list keys: the line each was given on (0 = not given), the list-name field's code */
    long list_line, issuer_line, duration_line, approval_line, name_field_line;
    const char *list_name_code;
    /* keys already given: "<field index>:<key>" (-1 for [item]), to refuse a repeat */
    char seen[MAX_FIELDS * 16][48];
    size_t nseen;
};

static xy_code fail(struct xy_err *err, xy_code code, const char *file, long line, const char *what,
                    const char *key, const char *why, const char *value)
{
    xy_code rc = xy_err_set(err, code, "%s:%ld: %s%s%s: %s \"%s\"", file, line, what,
                            *what ? " " : "", key, why, value);
    if (err)
        err->line = line;
    return rc;
}

/* Split "a, b, c" (sep) into an arena array. */
static const char **split(struct xy_arena *a, const char *s, char sep, size_t *n)
{
    const char *parts[MAX_LIST];
    size_t k = 0;
    const char **out;

    while (*s && k < MAX_LIST) {
        const char *e = strchr(s, sep), *b = s, *t;
        if (!e)
            e = s + strlen(s);
        t = e;
        while (b < t && (*b == ' ' || *b == '\t'))
            b++;
        while (t > b && (t[-1] == ' ' || t[-1] == '\t'))
            t--;
        if (t > b)
            parts[k++] = xy_arena_strndup(a, b, (size_t)(t - b));
        s = *e ? e + 1 : e;
    }
    out = xy_arena_alloc(a, (k ? k : 1) * sizeof(*out));
    memcpy(out, parts, k * sizeof(*out));
    *n = k;
    return out;
}

static int parse_bool(const char *v, int *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) {
        *out = 1;
        return 1;
    }
    if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) {
        *out = 0;
        return 1;
    }
    return 0;
}

static xy_code item_key(struct parse *p, const char *key, const char *value, long line,
                        struct xy_err *err)
{
    struct xy_item *it = p->item;
    struct xy_arena *a = p->cat->arena;
    char *end;

    if (!strcmp(key, "id")) {
        for (const char *s = value; *s; s++)
            if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
                return fail(err, XY_INVALID, p->file, line, "item", key,
                            "must be lower-case letters, digits or _, found", value);
        if (!*value || strlen(value) > 32)
            return fail(err, XY_INVALID, p->file, line, "item", key, "must be 1-32 characters",
                        value);
        it->id = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "name")) {
        it->name = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "category")) {
        long c = strtol(value, &end, 10);
        if (*end || c < 1 || c > 11)
            return fail(err, XY_INVALID, p->file, line, "item", key, "must be 1 to 11, found",
                        value);
        it->category = (int)c;
    } else if (!strcmp(key, "openness")) {
        size_t i;
        for (i = 0; i <= XY_OPEN_NONE; i++)
            if (!strcmp(value, openness_names[i]))
                break;
        if (i > XY_OPEN_NONE)
            return fail(err, XY_INVALID, p->file, line, "item", key,
                        "must be 公开, 有条件共享 or 不公开, found", value);
        it->openness = (enum xy_openness)i;
    } else if (!strcmp(key, "negative")) {
        if (!parse_bool(value, &it->negative))
            return fail(err, XY_INVALID, p->file, line, "item", key, "must be yes or no, found",
                        value);
    } else if (!strcmp(key, "publicity")) {
        it->publicity = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "publicity_note")) {
        it->publicity_note = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "repair")) {
        it->repair = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "legal_basis")) {
        it->legal_basis = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "tab")) {
        size_t i;
        for (i = 1; i < XY_TAB_COUNT; i++)
            if (!strcmp(value, tabs[i].id))
                break;
        if (i == XY_TAB_COUNT)
            return fail(err, XY_INVALID, p->file, line, "item", key,
                        "must be license, penalty, reward, punish, abnormal or other, found",
                        value);
        it->tab = (enum xy_tab)i;
    } else if (!strcmp(key, "name_public")) {
        if (!parse_bool(value, &it->name_public))
            return fail(err, XY_INVALID, p->file, line, "item", key, "must be yes or no, found",
                        value);
    } else if (!strcmp(key, "list")) {
        size_t i;
        for (i = XY_LIST_RED; i < XY_LIST_COUNT; i++)
            if (!strcmp(value, list_kinds[i].id))
                break;
        if (i == XY_LIST_COUNT)
            return fail(err, XY_INVALID, p->file, line, "item", key,
                        "须为 red（红名单）、black（严重失信）或 watch（重点关注），实为", value);
        it->list_kind = (enum xy_list_kind)i;
        p->list_line = line;
    } else if (!strcmp(key, "list_issuer")) {
        if (!*value || strlen(value) > 200)
            return fail(err, XY_INVALID, p->file, line, "item", key,
                        "须为 1 至 200 字节的文字，实为", value);
        it->list_issuer = xy_arena_strdup(a, value);
        p->issuer_line = line;
    } else if (!strcmp(key, "list_duration_months")) {
        long m = strtol(value, &end, 10);
        if (!*value || *end || strspn(value, "0123456789") != strlen(value) || m < 0 ||
            m > MAX_LIST_MONTHS)
            return fail(err, XY_INVALID, p->file, line, "item", key,
                        "须为 0 至 120 的整月数（0 表示至移出为止），实为", value);
        it->list_duration_months = (int)m;
        p->duration_line = line;
    } else if (!strcmp(key, "list_approval")) {
        if (!strcmp(value, "two_person"))
            it->list_two_person = 1;
        else if (!strcmp(value, "none"))
            it->list_two_person = 0;
        else
            return fail(err, XY_INVALID, p->file, line, "item", key,
                        "须为 two_person 或 none，实为", value);
        p->approval_line = line;
    } else if (!strcmp(key, "list_name_field")) {
        p->list_name_code = xy_arena_strdup(a, value);
        p->name_field_line = line;
    } else if (!strcmp(key, "providers")) {
        it->providers = split(a, value, ',', &it->nproviders);
        for (size_t i = 0; i < it->nproviders; i++) {
            char norm[XY_USCC_LEN + 1];
            struct xy_code_check chk;
            if (!strcmp(it->providers[i], "*"))
                continue;
            xy_uscc_check(it->providers[i], norm, &chk);
            if (chk.level == XY_CHECK_ERROR)
                return fail(err, XY_INVALID, p->file, line, "item", key,
                            "is not * or a valid 统一社会信用代码:", it->providers[i]);
        }
    } else {
        return fail(err, XY_INVALID, p->file, line, "item", key, "unknown key, value", value);
    }
    return XY_OK;
}

static xy_code field_key(struct parse *p, struct xy_field *f, size_t fi, const char *key,
                         const char *value, long line, struct xy_err *err)
{
    struct xy_arena *a = p->cat->arena;
    char what[96];
    char *end;
    size_t i;

    snprintf(what, sizeof(what), "field %s", f->code);
    if (!strcmp(key, "name")) {
        f->name = xy_arena_strdup(a, value);
    } else if (!strcmp(key, "aliases")) {
        f->aliases = split(a, value, ',', &f->naliases);
    } else if (!strcmp(key, "type")) {
        for (i = 0; i < XY_FT_COUNT; i++)
            if (!strcmp(value, type_names[i]))
                break;
        if (i == XY_FT_COUNT)
            return fail(err, XY_INVALID, p->file, line, what, key, "unknown type", value);
        f->type = (enum xy_field_type)i;
    } else if (!strcmp(key, "role")) {
        for (i = 0; i < XY_ROLE_COUNT; i++)
            if (!strcmp(value, role_names[i]))
                break;
        if (i == XY_ROLE_COUNT)
            return fail(err, XY_INVALID, p->file, line, what, key, "unknown role", value);
        f->role = (enum xy_field_role)i;
        p->role_line[fi] = line;
    } else if (!strcmp(key, "required")) {
        f->required.text = xy_arena_strdup(a, value);
        if (!strcmp(value, "yes")) {
            f->required.op = XY_COND_ALWAYS;
        } else if (!strcmp(value, "no")) {
            f->required.op = XY_COND_NEVER;
        } else if (!strncmp(value, "if ", 3)) {
            /* if FIELD = A|B   or   if FIELD != A|B */
            char code[64];
            const char *s = value + 3, *op;
            size_t n;
            while (*s == ' ')
                s++;
            op = strstr(s, "!=");
            f->required.op = op ? XY_COND_NE : XY_COND_EQ;
            if (!op)
                op = strchr(s, '=');
            if (!op)
                return fail(err, XY_INVALID, p->file, line, what, key,
                            "expected \"if FIELD = A|B\" or \"if FIELD != A|B\", found", value);
            n = (size_t)(op - s);
            while (n && s[n - 1] == ' ')
                n--;
            if (n == 0 || n >= sizeof(code))
                return fail(err, XY_INVALID, p->file, line, what, key, "names no field:", value);
            memcpy(code, s, n);
            code[n] = '\0';
            p->cond_code[fi] = xy_arena_strdup(a, code);
            p->cond_line[fi] = line;
            op += f->required.op == XY_COND_NE ? 2 : 1;
            f->required.values = split(a, op, '|', &f->required.nvalues);
            if (f->required.nvalues == 0)
                return fail(err, XY_INVALID, p->file, line, what, key, "lists no value:", value);
        } else {
            return fail(err, XY_INVALID, p->file, line, what, key,
                        "must be yes, no or \"if FIELD = A|B\", found", value);
        }
    } else if (!strcmp(key, "max")) {
        long m = strtol(value, &end, 10);
        if (*end || m < 1 || m > 100000)
            return fail(err, XY_INVALID, p->file, line, what, key,
                        "must be a number of characters from 1 to 100000, found", value);
        f->max_chars = (size_t)m;
    } else if (!strcmp(key, "values")) {
        f->values = split(a, value, ',', &f->nvalues);
    } else if (!strcmp(key, "multi")) {
        if (!parse_bool(value, &f->multi))
            return fail(err, XY_INVALID, p->file, line, what, key, "must be yes or no, found",
                        value);
    } else if (!strcmp(key, "future")) {
        if (!parse_bool(value, &f->allow_future))
            return fail(err, XY_INVALID, p->file, line, what, key, "must be yes or no, found",
                        value);
    } else if (!strcmp(key, "key")) {
        if (!parse_bool(value, &f->key_part))
            return fail(err, XY_INVALID, p->file, line, what, key, "must be yes or no, found",
                        value);
    } else if (!strcmp(key, "idtype_field")) {
        p->idtype_code[fi] = xy_arena_strdup(a, value);
        p->idtype_line[fi] = line;
    } else if (!strcmp(key, "help")) {
        f->help = xy_arena_strdup(a, value);
    } else {
        return fail(err, XY_INVALID, p->file, line, what, key, "unknown key, value", value);
    }
    return XY_OK;
}

static int valid_code(const char *s)
{
    if (!*s || strlen(s) > 32)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static xy_code on_key(void *ctx, const char *section, const char *name, const char *key,
                      const char *value, long line, struct xy_err *err)
{
    struct parse *p = ctx;
    int where =
        !strcmp(section, "field") && p->nfields && !strcmp(p->fields[p->nfields - 1].code, name)
            ? (int)p->nfields - 1
        : !strcmp(section, "field") ? (int)p->nfields
                                    : -1;
    char tag[48];

    /* a key given twice in one section would silently override the first: refuse it */
    snprintf(tag, sizeof(tag), "%d:%.40s", where, key);
    for (size_t i = 0; i < p->nseen; i++)
        if (!strcmp(p->seen[i], tag)) {
            char what[96];
            snprintf(what, sizeof(what), where < 0 ? "item" : "field %s", name);
            return fail(err, XY_INVALID, p->file, line, what, key,
                        "is given twice in the same section, value", value);
        }
    if (p->nseen < sizeof(p->seen) / sizeof(p->seen[0]))
        memcpy(p->seen[p->nseen++], tag, sizeof(tag));

    if (!strcmp(section, "item") && !*name) {
        p->have_item_section = 1;
        return item_key(p, key, value, line, err);
    }
    if (!strcmp(section, "field")) {
        struct xy_field *f;
        size_t fi;

        if (!valid_code(name))
            return fail(err, XY_INVALID, p->file, line, "section", "[field]",
                        "needs a code of A-Z, 0-9 and _, found", name);
        /* a new field starts when the section name changes */
        if (p->nfields == 0 || strcmp(p->fields[p->nfields - 1].code, name) != 0) {
            for (fi = 0; fi < p->nfields; fi++)
                if (!strcmp(p->fields[fi].code, name))
                    return fail(err, XY_INVALID, p->file, line, "section", "[field]",
                                "defines a field twice:", name);
            if (p->nfields == MAX_FIELDS)
                return fail(err, XY_TOO_LARGE, p->file, line, "section", "[field]",
                            "more than 64 fields in one item at", name);
            f = &p->fields[p->nfields];
            memset(f, 0, sizeof(*f));
            f->code = xy_arena_strdup(p->cat->arena, name);
            f->idtype_field = -1;
            p->field_line[p->nfields] = line;
            p->nfields++;
        }
        fi = p->nfields - 1;
        return field_key(p, &p->fields[fi], fi, key, value, line, err);
    }
    return fail(err, XY_INVALID, p->file, line, "section",
                *name ? name : (*section ? section : "(none)"),
                "is not [item] or [field CODE]; key", key);
}

static int field_index(const struct parse *p, const char *code)
{
    for (size_t i = 0; i < p->nfields; i++)
        if (!strcmp(p->fields[i].code, code))
            return (int)i;
    return -1;
}

/* The list keys agree with each other and with the item (docs/lists.md). */
static xy_code finish_list(struct parse *p, struct xy_err *err)
{
    struct xy_item *it = p->item;
    static const struct {
        const char *key;
        size_t line_off;
    } list_only[] = {
        {"list_issuer", offsetof(struct parse, issuer_line)},
        {"list_duration_months", offsetof(struct parse, duration_line)},
        {"list_approval", offsetof(struct parse, approval_line)},
        {"list_name_field", offsetof(struct parse, name_field_line)},
    };

    it->list_name_field = -1;
    if (it->list_kind == XY_LIST_NONE) {
        for (size_t i = 0; i < sizeof(list_only) / sizeof(list_only[0]); i++) {
            long line = *(const long *)((const char *)p + list_only[i].line_off);
            if (line)
                return fail(err, XY_INVALID, p->file, line, "item", list_only[i].key,
                            "只用于名单（须先写 list），信息项", it->id);
        }
        return XY_OK;
    }
    /* a list is published with who keeps it, on what basis and for how long (issue 6) */
    if (!it->list_issuer)
        return fail(err, XY_INVALID, p->file, p->list_line, "item", "list_issuer",
                    "名单须写明认定部门，信息项", it->id);
    if (!it->legal_basis || !*it->legal_basis)
        return fail(err, XY_INVALID, p->file, p->list_line, "item", "legal_basis",
                    "名单须写明法律或政策依据，信息项", it->id);
    if (!p->duration_line)
        return fail(err, XY_INVALID, p->file, p->list_line, "item", "list_duration_months",
                    "名单须写明默认期限（整月数），信息项", it->id);
    if (it->list_kind == XY_LIST_BLACK && !it->list_two_person)
        return fail(err, XY_INVALID, p->file, p->approval_line ? p->approval_line : p->list_line,
                    "item", "list_approval",
                    "严重失信名单须经第二人审核后公布，应为 two_person，信息项", it->id);
    /* a red list is positive information; black and watch lists are 失信 information */
    if ((it->list_kind == XY_LIST_RED) == (it->negative != 0))
        return fail(err, XY_INVALID, p->file, p->list_line, "item", "list",
                    it->negative ? "红名单不能是失信信息（negative = yes），名单类型"
                                 : "此类名单须为失信信息（negative = yes），名单类型",
                    list_kinds[it->list_kind].id);
    if (p->list_name_code) {
        int k = field_index(p, p->list_name_code);
        if (k < 0)
            return fail(err, XY_INVALID, p->file, p->name_field_line, "item", "list_name_field",
                        "指向不存在的字段", p->list_name_code);
        if (p->fields[k].type != XY_FT_ENUM || p->fields[k].multi)
            return fail(err, XY_INVALID, p->file, p->name_field_line, "item", "list_name_field",
                        "须指向单选的 enum 字段，实为", p->list_name_code);
        it->list_name_field = k;
    }
    return XY_OK;
}

/* Cross-field checks once the whole file is read. */
static xy_code finish_item(struct parse *p, struct xy_err *err)
{
    struct xy_item *it = p->item;
    int nkey = 0;
    xy_code rc;

    if (!p->have_item_section)
        return fail(err, XY_INVALID, p->file, 1, "", "[item]", "section is missing in", p->file);
    if (!it->id)
        return fail(err, XY_INVALID, p->file, 1, "item", "id", "is required, found", "");
    if (!it->name)
        return fail(err, XY_INVALID, p->file, 1, "item", "name", "is required, found", "");
    if (!it->category)
        return fail(err, XY_INVALID, p->file, 1, "item", "category", "is required, found", "");
    if (!it->publicity)
        return fail(err, XY_INVALID, p->file, 1, "item", "publicity", "is required, found", "");
    if (!xy_publicity_known(it->publicity))
        return fail(err, XY_INVALID, p->file, 1, "item", "publicity",
                    "names no known rule:", it->publicity);
    if (it->tab == XY_TAB_BASIC) /* records never sit on 基本信息 */
        it->tab = XY_TAB_OTHER;
    if (it->nproviders == 0)
        return fail(err, XY_INVALID, p->file, 1, "item", "providers",
                    "is required (* or department codes), found", "");
    if (p->nfields == 0)
        return fail(err, XY_INVALID, p->file, 1, "item", it->id,
                    "has no [field ...] sections:", "");
    for (int r = 0; r < XY_ROLE_COUNT; r++)
        it->role_field[r] = -1;
    for (size_t i = 0; i < p->nfields; i++) {
        struct xy_field *f = &p->fields[i];
        long line = p->field_line[i];
        char what[96];

        snprintf(what, sizeof(what), "field %s", f->code);
        if (!f->name)
            return fail(err, XY_INVALID, p->file, line, what, "name", "is required, found", "");
        if (f->type == XY_FT_ENUM && f->nvalues == 0)
            return fail(err, XY_INVALID, p->file, line, what, "values",
                        "is required for type enum, found", "");
        if (f->role != XY_ROLE_NONE) {
            if (it->role_field[f->role] >= 0)
                return fail(err, XY_INVALID, p->file, p->role_line[i], what, "role",
                            "is given to two fields:", role_names[f->role]);
            it->role_field[f->role] = (int)i;
        }
        if (p->cond_code[i]) {
            int k = field_index(p, p->cond_code[i]);
            if (k < 0)
                return fail(err, XY_INVALID, p->file, p->cond_line[i], what, "required",
                            "refers to an unknown field", p->cond_code[i]);
            f->required.field = k;
        }
        if (p->idtype_code[i]) {
            int k = field_index(p, p->idtype_code[i]);
            if (k < 0)
                return fail(err, XY_INVALID, p->file, p->idtype_line[i], what, "idtype_field",
                            "refers to an unknown field", p->idtype_code[i]);
            f->idtype_field = k;
        }
        nkey += f->key_part;
    }
    if (nkey == 0)
        return fail(err, XY_INVALID, p->file, 1, "item", it->id,
                    "has no natural key field (key = yes) in", p->file);
    if (it->role_field[XY_ROLE_SUBJECT_NAME] < 0 || it->role_field[XY_ROLE_SUBJECT_TYPE] < 0)
        return fail(err, XY_INVALID, p->file, 1, "item", it->id,
                    "needs fields with role subject_name and subject_type in", p->file);
    if (it->role_field[XY_ROLE_DECISION_DATE] < 0)
        return fail(err, XY_INVALID, p->file, 1, "item", it->id,
                    "needs a field with role decision_date in", p->file);
    if ((rc = finish_list(p, err)) != XY_OK)
        return rc;
    it->fields = xy_arena_alloc(p->cat->arena, p->nfields * sizeof(*it->fields));
    memcpy(it->fields, p->fields, p->nfields * sizeof(*it->fields));
    it->nfields = p->nfields;
    if (!it->repair)
        it->repair = "none";
    return XY_OK;
}

struct xy_catalog *xy_catalog_new(void)
{
    struct xy_catalog *cat = xy_calloc(1, sizeof(*cat));
    cat->arena = xy_arena_new();
    return cat;
}

void xy_catalog_free(struct xy_catalog *cat)
{
    if (!cat)
        return;
    xy_arena_free(cat->arena);
    free(cat->items);
    free(cat);
}

xy_code xy_catalog_add_text(struct xy_catalog *cat, const char *file, const char *text, size_t len,
                            struct xy_err *err)
{
    struct parse *p = xy_calloc(1, sizeof(*p));
    xy_code rc;

    p->cat = cat;
    p->file = xy_arena_strdup(cat->arena, file);
    p->item = xy_arena_zalloc(cat->arena, sizeof(*p->item));
    p->item->source = p->file;
    rc = xy_ini_parse(text, len, on_key, p, err);
    /* syntax errors from the INI reader get the file name; on_key's already start with it */
    if ((rc == XY_PARSE || rc == XY_TOO_LARGE) && err && strncmp(err->msg, file, strlen(file)))
        xy_err_prefix(err, "%s: ", file);
    if (rc == XY_OK)
        rc = finish_item(p, err);
    if (rc == XY_OK && xy_catalog_item(cat, p->item->id)) {
        rc = fail(err, XY_INVALID, file, 1, "item", "id", "is defined twice:", p->item->id);
    }
    if (rc == XY_OK) {
        if (cat->nitems == cat->cap) {
            cat->cap = cat->cap ? cat->cap * 2 : 16;
            cat->items = xy_realloc(cat->items, cat->cap * sizeof(*cat->items));
        }
        cat->items[cat->nitems++] = p->item;
    }
    free(p);
    return rc;
}

xy_code xy_catalog_finish(struct xy_catalog *cat, struct xy_err *err)
{
    if (cat->nitems == 0)
        return xy_err_set(err, XY_INVALID, "the catalogue has no items");
    return XY_OK;
}

const struct xy_item *xy_catalog_item(const struct xy_catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nitems; i++)
        if (!strcmp(cat->items[i]->id, id))
            return cat->items[i];
    return NULL;
}

int xy_item_field_by_header(const struct xy_item *item, const char *header)
{
    for (size_t i = 0; i < item->nfields; i++) {
        const struct xy_field *f = &item->fields[i];
        if (!strcmp(f->code, header) || !strcmp(f->name, header))
            return (int)i;
        for (size_t k = 0; k < f->naliases; k++)
            if (!strcmp(f->aliases[k], header))
                return (int)i;
    }
    return -1;
}

enum xy_list_kind xy_item_list_kind(const struct xy_item *item)
{
    return item ? item->list_kind : XY_LIST_NONE;
}

const char *xy_list_kind_id(enum xy_list_kind k)
{
    return (unsigned)k < XY_LIST_COUNT ? list_kinds[k].id : "?";
}

const char *xy_list_kind_zh(enum xy_list_kind k)
{
    return (unsigned)k < XY_LIST_COUNT ? list_kinds[k].zh : "?";
}

const char *xy_item_list_issuer(const struct xy_item *item)
{
    return item && item->list_kind != XY_LIST_NONE ? item->list_issuer : NULL;
}

int xy_item_list_duration_months(const struct xy_item *item)
{
    return item && item->list_kind != XY_LIST_NONE ? item->list_duration_months : 0;
}

int xy_item_list_needs_second_approval(const struct xy_item *item)
{
    return item && item->list_kind != XY_LIST_NONE && item->list_two_person;
}

const struct xy_field *xy_item_list_name_field(const struct xy_item *item)
{
    return item && item->list_kind != XY_LIST_NONE && item->list_name_field >= 0
               ? &item->fields[item->list_name_field]
               : NULL;
}

int xy_item_has_list_name(const struct xy_item *item, const char *name)
{
    const struct xy_field *f = xy_item_list_name_field(item);

    for (size_t i = 0; f && name && i < f->nvalues; i++)
        if (!strcmp(f->values[i], name))
            return 1;
    return 0;
}

int xy_item_may_provide(const struct xy_item *item, const char *dept_uscc)
{
    for (size_t i = 0; i < item->nproviders; i++)
        if (!strcmp(item->providers[i], "*") || !strcmp(item->providers[i], dept_uscc))
            return 1;
    return 0;
}
