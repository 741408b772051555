/* catalog.h - the credit information catalogue: record types and their fields (layer: domain)
 *
 * The catalogue is data (catalog/<item>.ini, see docs/catalog.md), never code: an item names
 * its category in the 2021 national catalogue, openness, publicity rule, providing departments
 * (一数一源), natural key and fields; a field names its type, aliases (the Chinese header
 * departments use, older codes), limits and when it is required. The domain parses text handed
 * to it; reading the files is the service layer's job.
 */
#ifndef XY_DOMAIN_CATALOG_H
#define XY_DOMAIN_CATALOG_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

enum xy_field_type {
    XY_FT_TEXT = 0,
    XY_FT_DATE,    /* YYYY/MM/DD, YYYY-MM-DD or YYYYMMDD; stored as YYYY-MM-DD */
    XY_FT_AMOUNT,  /* non-negative decimal in 万元, up to 6 places; stored as canonical text */
    XY_FT_ENUM,    /* one of values[] (several, ';'-separated, when multi) */
    XY_FT_USCC,    /* 统一社会信用代码 */
    XY_FT_ORGCODE, /* 组织机构代码 */
    XY_FT_IDNO, /* 证件号码: GB 11643 when its type field says 身份证 (sealed in the store) */
    XY_FT_YEAR, /* four-digit year */
    XY_FT_COUNT
};

/* What a field means to the platform beyond its own value. */
enum xy_field_role {
    XY_ROLE_NONE = 0,
    XY_ROLE_SUBJECT_NAME, /* 行政相对人名称 */
    XY_ROLE_SUBJECT_TYPE, /* 行政相对人类别: 法人及非法人组织 / 自然人 / 个体工商户 */
    XY_ROLE_SUBJECT_USCC,
    XY_ROLE_SUBJECT_IDTYPE,
    XY_ROLE_SUBJECT_IDNO,
    XY_ROLE_REGNO,    /* 工商注册号 */
    XY_ROLE_ORGCODE,  /* 组织机构代码 */
    XY_ROLE_TAXNO,    /* 税务登记号 */
    XY_ROLE_INSTCERT, /* 事业单位证书号 */
    XY_ROLE_SOCCERT,  /* 社会组织登记证号 */
    XY_ROLE_DECISION_DATE,
    XY_ROLE_END_DATE,      /* validity end, list exit, 公示截止: when a record stops applying */
    XY_ROLE_PENALTY_TYPES, /* 处罚类别: decides a penalty's publicity period */
    XY_ROLE_LEGAL_REP, /* 法定代表人 (经营者 of a 个体工商户): a natural person's name */
    XY_ROLE_PENALTY_BASIS, /* 处罚依据: the laws applied; some carry a longer minimum period */
    XY_ROLE_COUNT
};

enum xy_openness { XY_OPEN_PUBLIC = 0, XY_OPEN_CONDITIONAL, XY_OPEN_NONE };

/* The portal's tabs, as 信用中国 shows a credit file; each item belongs to one. */
enum xy_tab {
    XY_TAB_BASIC = 0, /* 基本信息: the subject itself, no records */
    XY_TAB_LICENSE,   /* 行政许可 */
    XY_TAB_PENALTY,   /* 行政处罚 */
    XY_TAB_REWARD,    /* 守信激励 */
    XY_TAB_PUNISH,    /* 失信惩戒 */
    XY_TAB_ABNORMAL,  /* 经营异常 */
    XY_TAB_OTHER,     /* 其他 */
    XY_TAB_COUNT
};

/* What kind of list an item is (DOMAIN.md §5): records of a list item are its entries. */
enum xy_list_kind {
    XY_LIST_NONE = 0, /* not a list: 双公示, ratings and other records */
    XY_LIST_RED,      /* 守信红名单 (守信激励对象), e.g. A级纳税人 */
    XY_LIST_BLACK, /* 严重失信主体名单, e.g. 失信被执行人, 重大税收违法失信主体 */
    XY_LIST_WATCH, /* 重点关注名单, e.g. 经营异常名录 */
    XY_LIST_COUNT
};

enum xy_cond_op { XY_COND_NEVER = 0, XY_COND_ALWAYS, XY_COND_EQ, XY_COND_NE };

/* "required = if XDR_LB = 自然人|个体工商户" */
struct xy_cond {
    enum xy_cond_op op;
    int field;           /* index of the field tested */
    const char **values; /* alternatives */
    size_t nvalues;
    const char *text; /* as written, for `catalog show` */
};

struct xy_field {
    const char *code; /* canonical code, e.g. "CF_WSH" */
    const char *name; /* Chinese name, e.g. "处罚决定书文号" */
    const char **aliases;
    size_t naliases;
    enum xy_field_type type;
    enum xy_field_role role;
    struct xy_cond required;
    size_t max_chars; /* 0 = the ingest limit only */
    const char **values;
    size_t nvalues;
    int multi;        /* enum: several values separated by ';' */
    int allow_future; /* date: may lie after today (validity ends) */
    int key_part;     /* part of the natural key (文书号, 案号 ...) */
    int idtype_field; /* idno: index of the field giving the ID type, or -1 */
    const char *help;
};

struct xy_item {
    const char *id;   /* "xzcf" */
    const char *name; /* "行政处罚" */
    int category;     /* 1..11, 公共信用信息基础目录 (2021) */
    enum xy_openness openness;
    int negative;          /* negative information (失信): publicity limits apply */
    const char *publicity; /* publicity rule id, e.g. "penalty" */
    const char *publicity_note;
    const char *repair; /* repair rule id or "none" */
    const char *legal_basis;
    enum xy_tab tab;
    int name_public;        /* published by law with a natural person's name (失信被执行人) */
    const char **providers; /* department USCCs, or the single entry "*" (any assigned) */
    size_t nproviders;
    struct xy_field *fields;
    size_t nfields;
    int role_field[XY_ROLE_COUNT]; /* field index per role, -1 if none */
    const char *source;            /* file it came from */
    /* list keys (docs/catalog.md, docs/lists.md); list_kind NONE leaves the others unset */
    enum xy_list_kind list_kind; /* list = red | black | watch */
    const char *list_issuer;     /* issuing department in words (认定部门) */
    int list_duration_months;    /* default time on the list; 0 = until removed */
    int list_two_person;         /* list_approval = two_person: a second person approves */
    int list_name_field;         /* enum field naming the list within the item, or -1 */
};

struct xy_catalog {
    struct xy_arena *arena;
    struct xy_item **items;
    size_t nitems, cap;
};

struct xy_catalog *xy_catalog_new(void);
void xy_catalog_free(struct xy_catalog *cat);

/* Parse one item file's text and add the item. Errors (XY_PARSE / XY_INVALID) name the file,
 * line and key: "catalog/xzcf.ini:12: field CF_CFLB: unknown type \"emun\"". */
xy_code xy_catalog_add_text(struct xy_catalog *cat, const char *file, const char *text, size_t len,
                            struct xy_err *err);

/* Checks that need every item (none yet beyond per-item checks); call after the last add. */
xy_code xy_catalog_finish(struct xy_catalog *cat, struct xy_err *err);

const struct xy_item *xy_catalog_item(const struct xy_catalog *cat, const char *id);
/* Index of the field whose code, alias or Chinese name equals header, or -1. */
int xy_item_field_by_header(const struct xy_item *item, const char *header);

const char *xy_field_type_name(enum xy_field_type t);
const char *xy_openness_zh(enum xy_openness o);
const char *xy_category_zh(int category);
const char *xy_tab_id(enum xy_tab t); /* "penalty" */
const char *xy_tab_zh(enum xy_tab t); /* "行政处罚" */
int xy_item_may_provide(const struct xy_item *item, const char *dept_uscc);

/* The list an item is, XY_LIST_NONE for items that are not lists. */
enum xy_list_kind xy_item_list_kind(const struct xy_item *item);
const char *xy_list_kind_id(enum xy_list_kind k); /* "red", "black", "watch", "none" */
const char *xy_list_kind_zh(enum xy_list_kind k); /* "守信红名单", "严重失信主体名单", ... */
/* The issuing department in words; NULL when the item is not a list. */
const char *xy_item_list_issuer(const struct xy_item *item);
/* Default months an entry stays on the list; 0 = until removed (or the entry's own end date). */
int xy_item_list_duration_months(const struct xy_item *item);
/* 1 when additions wait for a second person's approval before publication (black lists). */
int xy_item_list_needs_second_approval(const struct xy_item *item);
/* The field whose value names the list inside the item (hmd's 红名单名称 MDMC: A级纳税人, ...),
 * or NULL when the item is one list. */
const struct xy_field *xy_item_list_name_field(const struct xy_item *item);
/* 1 when name is a value of the item's list-name field ("A级纳税人" for hmd). */
int xy_item_has_list_name(const struct xy_item *item, const char *name);

#endif
