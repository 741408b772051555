/* names.h - explainable matching of subject names for red and black list checks (layer: domain)
 *
 * A department that checks a subject given only by name (联合奖惩, DOMAIN.md §5) must learn
 * whether a list entity is the same subject, and why. A name is first turned into a key
 * (xy_name_key_make), once for every list entity and once for every query; two keys are then
 * scored (xy_name_match) with reasons a clerk can read. docs/matching.md has the examples.
 *
 * Normalisation, in this order:
 *   1. UTF-8 checked; at most XY_NAME_MAX_BYTES bytes.
 *   2. NFKC with case folding (utf8proc): full-width ＡＢＣ１２３（） become abc123().
 *   3. traditional to simplified through the caller's converter (service/t2s.h wraps OpenCC).
 *   4. spaces, punctuation, symbols and brackets dropped; what stood inside brackets is kept.
 *   5. a branch marker at the end (分公司, 分行, 支行, 营业部, 分店, 办事处 ...) splits the name
 * into the head office's name and the branch's own name (某某有限公司|广州|分公司).
 *   6. the company form at the end of the head office's name is stripped by longest match
 *      (股份有限公司 before 有限公司 before 公司) and kept as the form.
 *   7. region prefixes at the start (广东省, 广州市, 天河区, 从化 ...; with or without 省/市/区/县)
 *      and a region in brackets (某某（广州）有限公司) are taken out as the region.
 *   8. numbers (Arabic digits; Chinese numerals after 第 or before 号/局/建...) are rewritten as
 *      digits and listed in order: 第一 and 第1 are the same number.
 * What remains is the core: names that are the same subject share it, so the core is the exact
 * lookup key of an index, and xy_name_block() its blocking key for near matches.
 *
 * Scoring (0-100, integers, deterministic; the rules apply top to bottom):
 *   | rule                                   | effect                 | reason id            |
 *   |----------------------------------------|------------------------|----------------------|
 *   | cores equal                            | base 100               | core_equal           |
 *   | cores differ                           | base 70 x Dice(bigrams)| core_similar /       |
 *   |                                        | (unigrams below 2 chr.)| core_different       |
 *   | forms of one family (有限公司/有限责任公司)| -2                     | form_variant         |
 *   | a form on one side only                | -6                     | form_missing         |
 *   | forms of different families            | -12                    | form_different       |
 *   | region on one side only                | -3                     | region_missing       |
 *   | one region inside the other (广东/广州) | -3                     | region_nested        |
 *   | regions differ                         | -6                     | region_different     |
 *   | a branch against a head office         | at most 30             | branch_vs_head       |
 *   | two different branches                 | at most 30             | branch_different     |
 *   | the same branch of the same head       | -                      | branch_same          |
 *   | numbers differ (count or value)        | at most 20             | numbers_differ       |
 *   | width folding changed a name, cores eq.| -                      | width_folded         |
 *   | 繁简 conversion changed a name, cores eq.| -                    | t2s_folded           |
 * The score is clamped to 0..100. A check should treat >= XY_NAME_SCORE_HIT as a hit to show.
 */
#ifndef XY_DOMAIN_NAMES_H
#define XY_DOMAIN_NAMES_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define XY_NAME_MAX_BYTES   600 /* 200 Chinese characters; the longest registered names are ~60 */
#define XY_NAME_MAX_NUMBERS 8
#define XY_NAME_MAX_REASONS 8
#define XY_NAME_SCORE_HIT   80 /* a suggested threshold: same core, at most form + region off */
#define XY_NAME_BLOCK_CHARS 2
#define XY_NAME_BLOCK_BYTES (XY_NAME_BLOCK_CHARS * 4 + 1)

/* Traditional to simplified: convert n bytes of UTF-8 at in, put the result (NUL-terminated
 * UTF-8) in *out, allocated from a. Returns XY_OK or a code it set in err. A converter shared
 * by several threads must be safe for that (service/t2s.h's is). */
typedef xy_code (*xy_name_t2s_fn)(void *ctx, const char *in, size_t n, struct xy_arena *a,
                                  const char **out, struct xy_err *err);
struct xy_name_t2s {
    xy_name_t2s_fn convert;
    void *ctx;
};

/* What normalisation changed (for the reasons). */
enum {
    XY_NAME_WIDTH = 1, /* full-width forms or the ideographic space were folded */
    XY_NAME_T2S = 2,   /* traditional characters were converted */
    XY_NAME_PUNCT = 4, /* spaces, punctuation or brackets were dropped */
};

/* Form families: forms of one family are the same legal form written two ways. */
enum xy_name_family {
    XY_FORM_NONE = 0,
    XY_FORM_LLC,     /* 有限公司, 有限责任公司 (公司法 art. 7 allows either) */
    XY_FORM_JSC,     /* 股份有限公司, 股份公司 */
    XY_FORM_COMPANY, /* 公司, 总公司 (legacy names without the liability form) */
    XY_FORM_LP,      /* 有限合伙 */
    XY_FORM_GP,      /* 普通合伙, 特殊普通合伙, 合伙企业 */
    XY_FORM_SOLE,    /* 个人独资企业 */
    XY_FORM_COOP,    /* 股份合作公司/企业, 农民专业合作社, 经济合作社 */
    XY_FORM_SHOP, /* 个体工商户 and small units: 厂, 店, 商店, 商行, 经营部, 门市部, 工作室 */
    XY_FORM_FOREIGN_LTD, /* co ltd, limited, ltd, inc, llc, corp (Latin names) */
};

/* The key of one name. Every string is allocated from the arena given to xy_name_key_make
 * and lives as long as it; "" when absent, never NULL. */
struct xy_name_key {
    const char *folded; /* the whole name after steps 2-4: "广州某某有限公司番禺分公司" */
    const char *region;    /* most specific region, short form ("广州", "天河"), or "" */
    const char *region_zh; /* the same as people write it ("广州市", "天河区") */
    int region_id;         /* row of the region table, -1 when none (for ancestry) */
    const char *core;      /* the head office's name without region, form, punctuation */
    const char *form;      /* the company form as written ("有限责任公司"), or "" */
    enum xy_name_family family;
    const char *branch;        /* the branch's own name ("广州", "天河"), or "" */
    const char *branch_marker; /* "分公司", "支行" ...; "" for a head office */
    const char *numbers[XY_NAME_MAX_NUMBERS]; /* digits of each number of the core, in order */
    int nnumbers;
    unsigned flags; /* XY_NAME_WIDTH | XY_NAME_T2S | XY_NAME_PUNCT */
};

/* Make the key of name (NUL-terminated UTF-8). t2s may be NULL (no conversion). Returns
 * XY_OK; XY_INVALID with a Chinese message and err->field = "name" for an empty name, invalid
 * UTF-8 or a name with nothing but a form, region or punctuation; XY_TOO_LARGE past
 * XY_NAME_MAX_BYTES; or what the converter returned. */
xy_code xy_name_key_make(const char *name, const struct xy_name_t2s *t2s, struct xy_arena *a,
                         struct xy_name_key *out, struct xy_err *err);

struct xy_name_reason {
    const char *id; /* stable English id: "core_equal", "form_different" ... (table above) */
    char zh[160]; /* for the clerk: "企业组织形式不同：有限公司/股份有限公司" */
};

struct xy_name_match {
    int score; /* 0..100 */
    int nreasons;
    struct xy_name_reason reasons[XY_NAME_MAX_REASONS];
};

/* Score query key q against candidate key c (symmetric apart from the order of values in the
 * reasons: the query's first). Never fails; allocates nothing. */
void xy_name_match(const struct xy_name_key *q, const struct xy_name_key *c,
                   struct xy_name_match *out);

/* The blocking key for a later index: the first XY_NAME_BLOCK_CHARS characters of the core
 * (fewer for a shorter core), written to out. Names that can score above core_similar's
 * floor usually share it; an index that must find near names with a changed first character
 * should index every bigram of the core instead. Returns the number of bytes written. */
size_t xy_name_block(const struct xy_name_key *k, char out[XY_NAME_BLOCK_BYTES]);

#endif
