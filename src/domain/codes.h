/* codes.h - subject identifiers: USCC (GB 32100), organisation code (GB 11714) and citizen
 * ID number (GB 11643) (layer: domain)
 *
 * Pure functions over NUL-terminated ASCII; no I/O. Every validator writes a normalised form
 * (upper case, 18 characters for ID numbers) into the caller's buffer and says what is wrong
 * through struct xy_code_check, whose zh text is for clerks and whose id is a stable code.
 */
#ifndef XY_DOMAIN_CODES_H
#define XY_DOMAIN_CODES_H

#include <stddef.h>

enum xy_subject_kind {
    XY_KIND_UNKNOWN = 0,
    XY_KIND_GOVERNMENT,          /* 机关 (incl. judicial bodies, which carry 机关 codes) */
    XY_KIND_INSTITUTION,         /* 事业单位 */
    XY_KIND_MASS_ORG,            /* 群团组织 */
    XY_KIND_LEGAL_SERVICE,       /* 律所、公证、司法鉴定、仲裁 */
    XY_KIND_SOCIAL_ORG,          /* 社会团体、民办非企业单位、基金会 */
    XY_KIND_ENTERPRISE,          /* 企业 */
    XY_KIND_INDIVIDUAL_BUSINESS, /* 个体工商户 */
    XY_KIND_COOPERATIVE,         /* 农民专业合作社 */
    XY_KIND_COLLECTIVE,          /* 农村集体经济组织 */
    XY_KIND_OTHER_ORG,           /* 其他 */
    XY_KIND_PERSON,              /* 自然人 */
    XY_KIND_COUNT
};

/* Stable English id ("enterprise") and Chinese name ("企业") of a kind. */
const char *xy_kind_id(enum xy_subject_kind kind);
const char *xy_kind_zh(enum xy_subject_kind kind);

/* Outcome of a check: XY_CHECK_OK, a warning (value accepted, possibly corrected) or an error. */
enum xy_check_level { XY_CHECK_OK = 0, XY_CHECK_WARN, XY_CHECK_ERROR };

struct xy_code_check {
    enum xy_check_level level;
    const char *id; /* stable English code, e.g. "uscc.check_char"; NULL when OK */
    char zh[160];   /* message for people, in Simplified Chinese */
};

#define XY_USCC_LEN         18
#define XY_USCC_PLACEHOLDER "00000000000000000X"

/* Validate a 统一社会信用代码. out receives the upper-cased code (19 bytes).
 * Errors: wrong length, character outside the GB 32100 set, unknown category, wrong 18th
 * character. Warning: wrong embedded GB 11714 check character (legacy codes exist).
 * The placeholder 00000000000000000X is reported as an error here; callers that accept it for
 * 个体工商户 test xy_uscc_is_placeholder() first. */
void xy_uscc_check(const char *in, char out[XY_USCC_LEN + 1], struct xy_code_check *chk);
int xy_uscc_is_placeholder(const char *code);
/* Check character for the first 17 characters (which must be in the set), or 0. */
char xy_uscc_check_char(const char *first17);
/* Subject kind implied by positions 1-2 of a (valid) USCC. */
enum xy_subject_kind xy_uscc_kind(const char *code);

/* 组织机构代码: 8 characters + check, optionally written with a hyphen ("12345678-9"). */
void xy_orgcode_check(const char *in, char out[10], struct xy_code_check *chk);
char xy_orgcode_check_char(const char *first8);

/* 公民身份号码. Accepts 18 characters (lower-case x folded to X, with a warning) and the
 * 15-digit legacy form (converted to 18, with a warning). Errors: length, non-digits, impossible
 * birth date, birth date in the future, wrong check character. out gets the 18-character form. */
void xy_idcard_check(const char *in, char out[19], int today_days, struct xy_code_check *chk);
char xy_idcard_check_char(const char *first17);

/* The kind of identifier a legacy-id field holds; the store keeps one row per (type, value). */
enum xy_ident_type {
    XY_IDENT_USCC = 1,
    XY_IDENT_IDCARD,   /* 居民身份证 */
    XY_IDENT_OTHER_ID, /* 护照、港澳台通行证等: stored as "<type>:<number>" */
    XY_IDENT_REGNO,    /* 工商注册号 */
    XY_IDENT_ORGCODE,  /* 组织机构代码 */
    XY_IDENT_TAXNO,    /* 税务登记号 */
    XY_IDENT_INSTCERT, /* 事业单位证书号 */
    XY_IDENT_SOCCERT,  /* 社会组织登记证号 */
    XY_IDENT_COUNT
};
const char *xy_ident_type_zh(enum xy_ident_type t);
const char *xy_ident_type_id(enum xy_ident_type t); /* "uscc", "orgcode" ... */

#endif
