/* record.c - validate and normalise one submitted row (layer: domain) */
#include "domain/record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "base/buf.h"
#include "base/time.h"
#include "domain/mask.h"

/* Subject categories as departments write them in XDR_LB (双公示 standard). */
#define LB_ORG        "法人及非法人组织"
#define LB_PERSON     "自然人"
#define LB_INDIVIDUAL "个体工商户"

void xy_row_issue_add(struct xy_row *row, enum xy_check_level level, int field, const char *id,
                      const char *value, const char *fmt, ...)
{
    va_list ap;
    struct xy_row_issue *is;

    if (level == XY_CHECK_ERROR)
        row->nerrors++;
    else
        row->nwarnings++;
    if (row->nissues == XY_ROW_MAX_ISSUES)
        return;
    /* most rows have no issue: the slots cost memory only for those that do */
    if (!row->issues)
        row->issues = xy_arena_alloc(row->arena, XY_ROW_MAX_ISSUES * sizeof(*row->issues));
    is = &row->issues[row->nissues++];
    is->level = level;
    is->field = field;
    is->id = id;
    is->value = value;
    va_start(ap, fmt);
    vsnprintf(is->zh, sizeof(is->zh), fmt, ap);
    va_end(ap);
}

void xy_row_init(struct xy_row *row, struct xy_arena *a)
{
    memset(row, 0, sizeof(*row));
    row->arena = a;
}

static const char *keep_str(struct xy_arena *a, const char *s)
{
    return s ? xy_arena_strdup(a, s) : NULL;
}

void xy_row_keep(const struct xy_row *src, struct xy_arena *a, struct xy_row *dst)
{
    xy_row_init(dst, a);
    dst->nwarnings = src->nwarnings;
    dst->kind = src->kind;
    dst->primary.type = src->primary.type;
    dst->primary.value = keep_str(a, src->primary.value);
    dst->nidents = src->nidents;
    for (size_t i = 0; i < src->nidents; i++) {
        dst->idents[i].type = src->idents[i].type;
        dst->idents[i].value = keep_str(a, src->idents[i].value);
    }
    dst->name = keep_str(a, src->name);
    dst->key = keep_str(a, src->key);
    dst->decision_date = src->decision_date;
}

long xy_utf8_chars(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    long count = 0;

    while (p < e) {
        unsigned c = *p;
        size_t len;
        unsigned cp;

        if (c < 0x80) {
            p++;
            count++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4, cp = c & 0x07;
        else
            return -1;
        if ((size_t)(e - p) < len)
            return -1;
        for (size_t i = 1; i < len; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        p += len;
        count++;
    }
    return count;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

static int atoin(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int xy_parse_date(const char *s, int *days)
{
    size_t n = strlen(s);
    int y, m, d;

    if (n == 8 && all_digits(s, 8)) {
        y = atoin(s, 4);
        m = atoin(s + 4, 2);
        d = atoin(s + 6, 2);
    } else {
        /* YYYY/M/D or YYYY-M-D (spreadsheets drop the leading zeros) */
        const char *p = s, *q;
        char sep;
        if (n < 8 || n > 10 || !all_digits(p, 4) || (p[4] != '/' && p[4] != '-'))
            return -1;
        sep = p[4];
        y = atoin(p, 4);
        p += 5;
        q = strchr(p, sep);
        if (!q || q - p < 1 || q - p > 2 || !all_digits(p, (size_t)(q - p)))
            return -1;
        m = atoin(p, (size_t)(q - p));
        p = q + 1;
        if (strlen(p) < 1 || strlen(p) > 2 || !all_digits(p, strlen(p)))
            return -1;
        d = atoin(p, strlen(p));
    }
    if (!xy_date_valid(y, m, d) || y < 1900)
        return -2;
    *days = xy_days_from_civil(y, m, d);
    return 0;
}

int xy_parse_amount(const char *s, char out[32])
{
    const char *p = s, *dot;
    size_t ni = 0, nf = 0, k = 0;

    if (*p == '+')
        p++;
    else if (*p == '-') {
        /* "-0" and "-0.00" are still malformed money in a penalty: say negative */
        return all_digits(p + 1, strlen(p + 1)) || strchr(p + 1, '.') ? -2 : -1;
    }
    dot = strchr(p, '.');
    ni = dot ? (size_t)(dot - p) : strlen(p);
    nf = dot ? strlen(dot + 1) : 0;
    if ((ni && !all_digits(p, ni)) || (nf && !all_digits(dot + 1, nf)) || (ni == 0 && nf == 0))
        return -1;
    while (ni > 1 && *p == '0') /* leading zeros */
        p++, ni--;
    while (nf && dot[nf] == '0') /* trailing zeros after the point */
        nf--;
    if (ni > 12 || nf > 6)
        return -3;
    if (ni == 0)
        out[k++] = '0';
    memcpy(out + k, p, ni);
    k += ni;
    if (nf) {
        out[k++] = '.';
        memcpy(out + k, dot + 1, nf);
        k += nf;
    }
    out[k] = '\0';
    return 0;
}

static const char *trimmed(struct xy_arena *a, const char *s)
{
    const char *e;

    if (!s)
        return NULL;
    e = s + strlen(s);
    /* ASCII white space and U+3000 ideographic space, in any mix, are input noise */
    for (;;) {
        if (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
            s++;
        else if (e - s >= 3 && !memcmp(s, "\xE3\x80\x80", 3))
            s += 3;
        else
            break;
    }
    for (;;) {
        if (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
            e--;
        else if (e - s >= 3 && !memcmp(e - 3, "\xE3\x80\x80", 3))
            e -= 3;
        else
            break;
    }
    if (e == s)
        return NULL;
    return xy_arena_strndup(a, s, (size_t)(e - s));
}

static int in_list(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v, list[i]))
            return 1;
    return 0;
}

static int is_idcard_type(const char *t)
{
    return !t || !strcmp(t, "身份证") || !strcmp(t, "居民身份证");
}

/* Shown value in an issue: ID numbers are masked even in the department's own error report. */
static const char *shown(struct xy_arena *a, const struct xy_field *f, const char *v)
{
    if (f->type != XY_FT_IDNO || !v)
        return v;
    return xy_mask_idno(a, v);
}

static const char *check_enum(const struct xy_field *f, int fi, const char *v, struct xy_arena *a,
                              struct xy_row *row)
{
    char buf[1024];
    size_t k = 0;
    const char *p = v;

    if (!f->multi) {
        if (in_list(v, f->values, f->nvalues))
            return v;
        xy_row_issue_add(row, XY_CHECK_ERROR, fi, "enum.unknown", v, "%s“%s”不是规定的取值之一",
                         f->name, v);
        return NULL;
    }
    /* several values, separated by ';' or the full-width '；' */
    while (*p) {
        const char *e1 = strstr(p, ";"), *e2 = strstr(p, "；"), *e;
        size_t seplen;
        const char *part;

        e = e1 && (!e2 || e1 < e2) ? e1 : e2;
        seplen = e == e1 ? 1 : 3;
        if (!e) {
            e = p + strlen(p);
            seplen = 0;
        }
        part = trimmed(a, xy_arena_strndup(a, p, (size_t)(e - p)));
        if (part) {
            if (!in_list(part, f->values, f->nvalues)) {
                xy_row_issue_add(row, XY_CHECK_ERROR, fi, "enum.unknown", v,
                                 "%s“%s”不是规定的取值之一", f->name, part);
                return NULL;
            }
            if (k + strlen(part) + 2 >= sizeof(buf)) {
                xy_row_issue_add(row, XY_CHECK_ERROR, fi, "field.too_long", NULL,
                                 "%s过长：取值合计超过%zu字节", f->name, sizeof(buf) - 2);
                return NULL;
            }
            if (k)
                buf[k++] = ';';
            memcpy(buf + k, part, strlen(part));
            k += strlen(part);
        }
        p = e + seplen;
    }
    if (k == 0)
        return NULL;
    return xy_arena_strndup(a, buf, k);
}

/* Normalise one non-empty value by type; NULL (with an issue) when it is wrong. */
/* Codes, dates and amounts typed in a Chinese input method arrive in full-width forms
 * (９１４４…、２０２５／０３／０５、１．５): NFKC folds them to ASCII before they are checked. */
static const char *fold_width(struct xy_arena *a, const char *v)
{
    utf8proc_uint8_t *folded;
    const char *out;

    for (const char *p = v; *p; p++)
        if ((unsigned char)*p >= 0x80)
            goto fold;
    return v; /* plain ASCII: nothing to fold */
fold:
    folded = utf8proc_NFKC((const utf8proc_uint8_t *)v);
    if (!folded)
        return v;
    out = xy_arena_strdup(a, (const char *)folded);
    free(folded);
    return out;
}

static const char *normalise(const struct xy_item *item, int fi, const char *v, const char **raw,
                             const struct xy_validate_opts *opts, struct xy_arena *a,
                             struct xy_row *row)
{
    const struct xy_field *f = &item->fields[fi];
    struct xy_code_check chk;
    long chars = xy_utf8_chars(v, strlen(v));
    int days, rc;

    if (chars < 0) {
        xy_row_issue_add(row, XY_CHECK_ERROR, fi, "encoding.invalid", NULL,
                         "%s含有无法识别的字符（不是有效的 UTF-8 编码，可能是 GB18030 文件，请用 "
                         "--encoding gb18030）",
                         f->name);
        return NULL;
    }
    if (f->max_chars && (size_t)chars > f->max_chars) {
        xy_row_issue_add(row, XY_CHECK_ERROR, fi, "field.too_long", NULL,
                         "%s过长：最多%zu个字符，实际%ld个", f->name, f->max_chars, chars);
        return NULL;
    }
    if (f->type != XY_FT_TEXT && f->type != XY_FT_ENUM)
        v = fold_width(a, v);
    switch (f->type) {
    case XY_FT_TEXT:
        return v;
    case XY_FT_ENUM:
        return check_enum(f, fi, v, a, row);
    case XY_FT_DATE:
        rc = xy_parse_date(v, &days);
        if (rc == -1) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "date.format", v,
                             "%s“%s”格式不正确，应为 YYYY/MM/DD、YYYY-MM-DD 或 YYYYMMDD", f->name,
                             v);
            return NULL;
        }
        if (rc == -2) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "date.invalid", v, "%s“%s”不是有效日期",
                             f->name, v);
            return NULL;
        }
        if (!f->allow_future && days > opts->today) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "date.future", v, "%s“%s”晚于今天", f->name,
                             v);
            return NULL;
        }
        {
            char out[11];
            xy_date_format(days, out);
            return xy_arena_strdup(a, out);
        }
    case XY_FT_AMOUNT: {
        char out[32];
        rc = xy_parse_amount(v, out);
        if (rc == -2)
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "amount.negative", v, "%s“%s”不能为负数",
                             f->name, v);
        else if (rc == -3)
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "amount.precision", v,
                             "%s“%s”位数过多（单位为万元，最多12位整数、6位小数）", f->name, v);
        else if (rc < 0)
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "amount.format", v,
                             "%s“%s”不是数字（单位为万元，如 0.5 表示5000元）", f->name, v);
        return rc == 0 ? xy_arena_strdup(a, out) : NULL;
    }
    case XY_FT_YEAR:
        if (strlen(v) != 4 || !all_digits(v, 4) || atoin(v, 4) < 1949) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "year.format", v, "%s“%s”应为四位年份",
                             f->name, v);
            return NULL;
        }
        return v;
    case XY_FT_USCC: {
        char out[XY_USCC_LEN + 1];
        /* the 双公示 placeholder: only 个体工商户, and then 工商注册号 is required (catalogue) */
        if (xy_uscc_is_placeholder(v) && item->role_field[XY_ROLE_SUBJECT_USCC] == fi) {
            int lb = item->role_field[XY_ROLE_SUBJECT_TYPE];
            const char *t = lb >= 0 ? trimmed(a, raw[lb]) : NULL;
            if (t && !strcmp(t, LB_INDIVIDUAL))
                return XY_USCC_PLACEHOLDER;
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, "uscc.placeholder", v,
                             "占位代码 00000000000000000X 仅适用于无统一社会信用代码的个体工商户");
            return NULL;
        }
        xy_uscc_check(v, out, &chk);
        if (chk.level == XY_CHECK_ERROR && out[0] && opts->uscc_allowed &&
            opts->uscc_allowed(opts->allow_ctx, out))
            return xy_arena_strdup(a, out);
        if (chk.level == XY_CHECK_ERROR) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, chk.id, v, "%s", chk.zh);
            return NULL;
        }
        if (chk.level == XY_CHECK_WARN)
            xy_row_issue_add(row, XY_CHECK_WARN, fi, chk.id, v, "%s", chk.zh);
        return xy_arena_strdup(a, out);
    }
    case XY_FT_ORGCODE: {
        char out[10];
        xy_orgcode_check(v, out, &chk);
        if (chk.level == XY_CHECK_ERROR) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, chk.id, v, "%s", chk.zh);
            return NULL;
        }
        return xy_arena_strdup(a, out);
    }
    case XY_FT_IDNO: {
        char out[19];
        const char *type = f->idtype_field >= 0 ? trimmed(a, raw[f->idtype_field]) : NULL;
        if (!is_idcard_type(type))
            return v; /* passports and permits: no national check algorithm */
        xy_idcard_check(v, out, opts->today, &chk);
        if (chk.level == XY_CHECK_ERROR) {
            xy_row_issue_add(row, XY_CHECK_ERROR, fi, chk.id, shown(a, f, v), "%s：%s", f->name,
                             chk.zh);
            return NULL;
        }
        if (chk.level == XY_CHECK_WARN)
            xy_row_issue_add(row, XY_CHECK_WARN, fi, chk.id, shown(a, f, v), "%s：%s", f->name,
                             chk.zh);
        return xy_arena_strdup(a, out);
    }
    default:
        return v;
    }
}

static int cond_holds(const struct xy_item *item, const struct xy_cond *c, const char **norm,
                      const char **trim)
{
    const char *v;
    int match;

    if (c->op == XY_COND_ALWAYS)
        return 1;
    if (c->op == XY_COND_NEVER)
        return 0;
    v = norm[c->field] ? norm[c->field] : trim[c->field];
    match = v && in_list(v, c->values, c->nvalues);
    if (v && !match && item->fields[c->field].multi) {
        /* a multi-valued enum ("警告;罚款") matches when one of its values does */
        for (const char *p = v, *e; !match; p = e + 1) {
            e = strchr(p, ';');
            for (size_t i = 0; i < c->nvalues && !match; i++)
                match = strlen(c->values[i]) == (size_t)((e ? e : p + strlen(p)) - p) &&
                        !memcmp(p, c->values[i], strlen(c->values[i]));
            if (!e)
                break;
        }
    }
    return c->op == XY_COND_EQ ? match : !match;
}

static const char *value_of(const struct xy_item *item, const char **norm, enum xy_field_role r)
{
    int fi = item->role_field[r];
    return fi >= 0 ? norm[fi] : NULL;
}

static void add_ident(struct xy_row *row, enum xy_ident_type t, const char *v)
{
    if (v && row->nidents < XY_ROW_MAX_IDENTS) {
        row->idents[row->nidents].type = t;
        row->idents[row->nidents].value = v;
        row->nidents++;
    }
}

/* Who the row is about: the 统一社会信用代码 for organisations, the ID number for people. */
static void resolve_subject(const struct xy_item *item, const char **norm, struct xy_arena *a,
                            struct xy_row *row)
{
    const char *lb = value_of(item, norm, XY_ROLE_SUBJECT_TYPE);
    const char *uscc = value_of(item, norm, XY_ROLE_SUBJECT_USCC);
    const char *idno = value_of(item, norm, XY_ROLE_SUBJECT_IDNO);
    static const struct {
        enum xy_field_role role;
        enum xy_ident_type type;
    } legacy[] = {
        {XY_ROLE_REGNO, XY_IDENT_REGNO},     {XY_ROLE_ORGCODE, XY_IDENT_ORGCODE},
        {XY_ROLE_TAXNO, XY_IDENT_TAXNO},     {XY_ROLE_INSTCERT, XY_IDENT_INSTCERT},
        {XY_ROLE_SOCCERT, XY_IDENT_SOCCERT},
    };

    row->name = value_of(item, norm, XY_ROLE_SUBJECT_NAME);
    if (!lb || row->nerrors)
        return;
    if (!strcmp(lb, LB_PERSON)) {
        int ti = item->role_field[XY_ROLE_SUBJECT_IDTYPE];
        const char *type = ti >= 0 ? norm[ti] : NULL;
        row->kind = XY_KIND_PERSON;
        if (is_idcard_type(type)) {
            row->primary.type = XY_IDENT_IDCARD;
            row->primary.value = idno;
        } else {
            row->primary.type = XY_IDENT_OTHER_ID;
            row->primary.value = xy_arena_printf(a, "%s:%s", type, idno);
        }
        return;
    }
    for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
        add_ident(row, legacy[i].type, value_of(item, norm, legacy[i].role));
    if (uscc && strcmp(uscc, XY_USCC_PLACEHOLDER) != 0) {
        row->primary.type = XY_IDENT_USCC;
        row->primary.value = uscc;
        row->kind = xy_uscc_kind(uscc);
        if (!strcmp(lb, LB_INDIVIDUAL) && row->kind != XY_KIND_INDIVIDUAL_BUSINESS)
            xy_row_issue_add(row, XY_CHECK_WARN, item->role_field[XY_ROLE_SUBJECT_USCC],
                             "uscc.kind_mismatch", uscc,
                             "行政相对人类别为个体工商户，但统一社会信用代码表示“%s”",
                             xy_kind_zh(row->kind));
        if (row->kind == XY_KIND_UNKNOWN) /* allow-listed code with an odd category */
            row->kind = XY_KIND_OTHER_ORG;
        return;
    }
    /* 个体工商户 without a USCC: the 工商注册号 is the identity (required by the catalogue) */
    row->kind = XY_KIND_INDIVIDUAL_BUSINESS;
    row->primary.type = XY_IDENT_REGNO;
    row->primary.value = value_of(item, norm, XY_ROLE_REGNO);
    if (row->nidents && row->idents[0].type == XY_IDENT_REGNO) {
        /* the primary identifier is not repeated as a legacy one */
        memmove(&row->idents[0], &row->idents[1], (row->nidents - 1) * sizeof(row->idents[0]));
        row->nidents--;
    }
}

void xy_row_validate(const struct xy_item *item, const char *const *raw,
                     const struct xy_validate_opts *opts, struct xy_arena *a, struct xy_row *row)
{
    const char **trim = xy_arena_zalloc(a, item->nfields * sizeof(*trim));
    const char **norm = xy_arena_zalloc(a, item->nfields * sizeof(*norm));
    struct xy_buf key = XY_BUF_INIT;
    int dd;

    xy_row_init(row, a);
    row->values = norm;
    for (size_t i = 0; i < item->nfields; i++)
        trim[i] = trimmed(a, raw[i]);
    for (size_t i = 0; i < item->nfields; i++)
        if (trim[i]) {
            size_t nerrors = row->nerrors;
            norm[i] = normalise(item, (int)i, trim[i], (const char **)raw, opts, a, row);
            if (!norm[i] && row->nerrors == nerrors)
                trim[i] = NULL; /* nothing left once normalised (";" in a multi enum): empty */
        }
    for (size_t i = 0; i < item->nfields; i++) {
        const struct xy_field *f = &item->fields[i];
        if (trim[i] || !cond_holds(item, &f->required, norm, trim))
            continue;
        if (f->required.op == XY_COND_ALWAYS)
            xy_row_issue_add(row, XY_CHECK_ERROR, (int)i, "field.required", NULL, "缺少必填项%s",
                             f->name);
        else
            xy_row_issue_add(row, XY_CHECK_ERROR, (int)i, "field.required_if", NULL,
                             "%s为“%s”时必须填写%s", item->fields[f->required.field].name,
                             trim[f->required.field] ? trim[f->required.field] : "", f->name);
    }
    resolve_subject(item, norm, a, row);
    /* natural key: (department, item, 文书号 ...) - the department and item are added by the caller
     */
    for (size_t i = 0; i < item->nfields; i++) {
        if (!item->fields[i].key_part || !norm[i])
            continue;
        if (key.len)
            xy_buf_adds(&key, " | ");
        xy_buf_adds(&key, norm[i]);
    }
    row->key = key.len ? xy_arena_strndup(a, key.data, key.len) : NULL;
    xy_buf_release(&key);
    dd = item->role_field[XY_ROLE_DECISION_DATE];
    if (dd >= 0 && norm[dd])
        xy_parse_date(norm[dd], &row->decision_date);
}

uint64_t xy_row_hash(const struct xy_item *item, const struct xy_row *row)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a offset basis */

    for (size_t i = 0; i < item->nfields; i++) {
        const char *p;
        if (!row->values[i])
            continue;
        for (p = item->fields[i].code; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        h = (h ^ '=') * 1099511628211ULL;
        for (p = row->values[i]; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        h = (h ^ 0x1F) * 1099511628211ULL;
    }
    return h;
}
