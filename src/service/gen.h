/* gen.h - synthetic city generator: departments, subjects and their submissions (layer: service)
 *
 * Writes a reproducible set of department submissions for a city modelled on Guangzhou, for
 * demos, tests and benchmarks. Same seed + same options + same today -> byte-identical output.
 *
 * Output in out_dir (all names are fixed, see docs in the report of this module):
 *   departments.csv            uscc,name,items        (items ';'-separated)
 *   <item>-<dept uscc>.csv     UTF-8 (some with BOM, some CRLF; code or Chinese headers)
 *   <item>-<dept uscc>.gb18030.csv   one per city, GB18030 bytes, Chinese headers
 *   <item>-<dept uscc>.jsonl   one per city, JSON Lines keyed by field code
 *   manifest.csv               file,dept,item,rows,bad_rows,warn_rows,late_rows,timely_rows,
 *                              untimed_rows
 * With only_item set: exactly one file <only_item>.csv (UTF-8, code headers, LF), nothing else.
 *
 * Subjects are derived from their index by pure functions (no pool is held in memory), so the
 * generator streams any number of rows in constant memory.
 *
 * Row classes: bad rows (bad_share of the rows) carry exactly one defect the platform must
 * reject; warn rows (bad_share / 4 of the rows, where the item has 自然人 subjects) carry an ID
 * number the platform accepts with a warning (lower-case x, 15-digit legacy form); every other
 * row passes the catalogue's rules without any warning.
 */
#ifndef XY_SERVICE_GEN_H
#define XY_SERVICE_GEN_H

#include "base/err.h"
#include "domain/calendar.h"
#include "domain/catalog.h"

struct xy_gen_opts {
    const struct xy_catalog *cat;
    const char *out_dir;   /* created if missing */
    unsigned long seed;    /* same seed + same options -> byte-identical output */
    long persons;          /* natural persons (>= 1) */
    long orgs;             /* organisations of every kind (>= 1) */
    long rows_per_item;    /* records per catalogue item (split over its departments) */
    double bad_share;      /* 0..1: share of rows made bad, spread over every kind of bad row */
    const char *only_item; /* NULL, or one item id (e.g. "xzcf"): then only that item, one file */
    int today;             /* days since epoch (xy_today()): no generated date is after it */
    /* The timeliness of the rows stored (good and warned rows) against a day of receipt, as
     * the statistics time them (service/stats.h): counted in the manifest. */
    const struct xy_calendar *cal; /* NULL: every row counts as untimed */
    int received;                  /* the reference day of receipt (days since epoch) */
    double recent_share; /* 0..1: share of rows decided in the 3 weeks before `received` (the
                          * others up to 5 years back); 0 keeps the output of older versions */
};

struct xy_gen_summary {
    long departments; /* departments whose data were generated */
    long files;       /* data files written */
    long rows, bad_rows, warn_rows;
    long late_rows, timely_rows, untimed_rows; /* of the good and warned rows */
};

/* Generate the city described by o into o->out_dir. out (may be NULL) receives the totals.
 * Returns XY_OK; XY_INVALID for bad options (counts, share out of range); XY_NOT_FOUND when
 * only_item is not in the catalogue; XY_IO when a file cannot be created or written. A failed
 * run may leave partial files behind. */
xy_code xy_gen_city(const struct xy_gen_opts *o, struct xy_gen_summary *out, struct xy_err *err);

#endif
