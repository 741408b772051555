/* record.h - validate and normalise one submitted row against its catalogue item (layer: domain)
 *
 * Input: the raw text of each field (indexed like item->fields, NULL or "" when absent).
 * Output: normalised values, the subject the row is about, its natural key and decision date,
 * and every problem found, each with a stable id and a Chinese message for the clerk.
 * Rows with errors must not be stored; rows with only warnings are stored (their values may
 * have been corrected, e.g. a lower-case x in an ID number).
 */
#ifndef XY_DOMAIN_RECORD_H
#define XY_DOMAIN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "domain/catalog.h"
#include "domain/codes.h"

#define XY_ROW_MAX_ISSUES 16
#define XY_ROW_MAX_IDENTS 8

struct xy_row_issue {
    enum xy_check_level level; /* XY_CHECK_WARN or XY_CHECK_ERROR */
    int field;                 /* index into item->fields, -1 for the row as a whole */
    const char *id;            /* stable English code, e.g. "field.required" */
    const char *value;         /* the offending value as submitted (arena), or NULL */
    char zh[200];              /* message for the clerk */
};

struct xy_ident {
    enum xy_ident_type type;
    const char *value;
};

struct xy_row {
    const char **values;         /* normalised value per field (arena), NULL when empty */
    struct xy_arena *arena;      /* where values and issues live */
    struct xy_row_issue *issues; /* XY_ROW_MAX_ISSUES slots, allocated at the first issue */
    size_t nissues;              /* recorded */
    size_t nerrors, nwarnings;   /* counted, may exceed what was recorded */

    /* the subject, valid when nerrors == 0 */
    enum xy_subject_kind kind;
    struct xy_ident primary; /* USCC, ID number, other ID or (个体户 placeholder) 工商注册号 */
    struct xy_ident idents[XY_ROW_MAX_IDENTS]; /* legacy identifiers to link */
    size_t nidents;
    const char *name;

    const char *key;   /* natural key: key fields joined by " | " */
    int decision_date; /* days since epoch */
};

/* Is this officially issued USCC on the administrator's allow-list? */
typedef int (*xy_uscc_allowed_fn)(void *ctx, const char *code);

struct xy_validate_opts {
    int today;                       /* days since epoch (UTC+8) */
    xy_uscc_allowed_fn uscc_allowed; /* may be NULL */
    void *allow_ctx;
};

/* Validate raw[0..item->nfields) into row (values allocated from a). Never fails: problems
 * land in row->issues. */
void xy_row_validate(const struct xy_item *item, const char *const *raw,
                     const struct xy_validate_opts *opts, struct xy_arena *a, struct xy_row *row);

/* Add a row-level or field-level issue (used by the readers too: column counts, encoding).
 * row->arena must be set (xy_row_validate sets it; xy_row_init for a row of reader issues). */
void xy_row_issue_add(struct xy_row *row, enum xy_check_level level, int field, const char *id,
                      const char *value, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Copy into dst (strings from a) what storing a valid row needs besides its encoded values:
 * subject, identifiers, name, key, decision date, warning count. dst->values is NULL. Lets
 * ingest keep a large batch of rows in little memory. */
void xy_row_keep(const struct xy_row *src, struct xy_arena *a, struct xy_row *dst);

/* An empty row whose issues are allocated from a. */
void xy_row_init(struct xy_row *row, struct xy_arena *a);

/* Content hash of the normalised values (FNV-1a 64 over code=value pairs): equal hashes mean
 * a resubmission changed nothing. */
uint64_t xy_row_hash(const struct xy_item *item, const struct xy_row *row);

/* Parsing helpers, exported for the unit tests and the generator. */
/* "2024/3/5", "2024-03-05", "20240305" -> days; returns 0 on success, -1 if malformed,
 * -2 if not a real date. */
int xy_parse_date(const char *s, int *days);
/* Decimal 万元 amount -> canonical text into out (at most 32 bytes); 0 ok, -1 malformed,
 * -2 negative, -3 too many decimal places or digits. */
int xy_parse_amount(const char *s, char out[32]);

/* Number of Unicode code points in UTF-8 text, or -1 when the bytes are not valid UTF-8. */
long xy_utf8_chars(const char *s, size_t n);

#endif
