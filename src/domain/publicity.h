/* publicity.h - how long a record stays public, evaluated on the day asked (layer: domain)
 *
 * DOMAIN.md §4: a record follows the rule in force at its decision date; negative information is
 * public for at most 5 years, then archived. The catalogue item's `publicity` id chooses the
 * kind of rule (publicity.c); the numbers of the penalty regimes, each with its effective date,
 * the severity of each 处罚类别 and the laws with a 1-year minimum are data (rules/publicity.ini,
 * docs/publicity.md). Nothing here runs as a nightly job.
 */
#ifndef XY_DOMAIN_PUBLICITY_H
#define XY_DOMAIN_PUBLICITY_H

#include "base/err.h"
#include "domain/catalog.h"

enum xy_severity { XY_SEV_LIGHT = 0, XY_SEV_GENERAL, XY_SEV_SEVERE };

struct xy_publicity {
    int from;            /* first public day (days since 1970-01-01, xy_days_from_civil) */
    int until;           /* last public day, or -1 when no fixed end */
    int repairable_from; /* first day credit repair may be asked for, or -1 */
    int archived_from;   /* first archived day (negative information, 5 years), or -1 */
    int visible;         /* public on the day asked */
    int archived;        /* archived on the day asked: departments with a lawful purpose only */
    int special;         /* the 1-year minimum of special equipment, work and fire safety applied */
    const char *regime;  /* the rule that applied, in words ("2021年至2026年3月实践") */
};

/* What a record's publicity depends on besides its item. Values as stored (normalised). */
struct xy_publicity_in {
    const char *decision_date; /* YYYY-MM-DD */
    const char *end_date;      /* validity end, list exit, 公示截止期; NULL or "" when none */
    const char *penalty_types; /* 处罚类别, ';'-separated; NULL when the item has none */
    const char *penalty_basis; /* 处罚依据 (the laws applied); NULL when the item has none */
};

/* The publicity rules, loaded from a data file (rules/publicity.ini): penalty regimes with
 * effective dates, the severity of each 处罚类别, the laws whose penalties carry the 1-year
 * minimum, and the negative-information cap and archiving age. */
struct xy_publicity_rules;

/* Parse the rules file text (name: for messages) into *out, owned by the caller
 * (xy_publicity_rules_free). Pure: no I/O. Anything the file does not say exactly is refused:
 * XY_INVALID with a Chinese message naming the file, line and value
 * (公示规则“publicity.ini”第 12 行：……), err->line and err->field (the key) set. */
xy_code xy_publicity_rules_parse(const char *text, size_t len, const char *name,
                                 struct xy_publicity_rules **out, struct xy_err *err);
void xy_publicity_rules_free(struct xy_publicity_rules *r); /* NULL is a no-op */

/* 1 when id names a rule this module knows (the catalogue refuses others). */
int xy_publicity_known(const char *id);

/* The severity of a penalty from its 处罚类别 values (';'-separated) by the rules' [severity]
 * table: the most severe wins, so the longest period applies when one decision holds several
 * types. A type the table does not list, or no type at all, is general. */
enum xy_severity xy_penalty_severity(const struct xy_publicity_rules *rules, const char *types);

/* Evaluate item's rule for the record described by in, on the day today (xy_today()): out is
 * filled (out->regime borrowed from rules or static). XY_INVALID when in->decision_date is not
 * a date; XY_INTERNAL when rules is NULL. */
xy_code xy_publicity_eval(const struct xy_publicity_rules *rules, const struct xy_item *item,
                          const struct xy_publicity_in *in, int today, struct xy_publicity *out,
                          struct xy_err *err);

/* The earliest decision day a record of item may have and still be public on the day today,
 * or -1 when there is no such bound (positive information without a fixed period, or no
 * rules). Exact for the longest period any regime allows: lets a query skip what cannot be
 * shown instead of reading it. */
int xy_publicity_earliest(const struct xy_publicity_rules *rules, const struct xy_item *item,
                          int today);

#endif
