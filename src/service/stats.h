/* stats.h - the platform's summary figures and the credit office's statistics (layer: service)
 *
 * The statistics (issue 7, docs/statistics.md) are read from counters kept up to date at
 * ingest (migration 12), so the full page costs a few hundred counter rows, not a scan of the
 * records: coverage of subjects by kind, records by category, month and department, the
 * department assessment (volume, rejected share, timeliness, mean delay, objections and their
 * outcome), the workflow clocks of objections and repairs, and the joint-punishment loop.
 *
 * Timeliness: a record (first version of a decision) is timely when the platform received it
 * within XY_STATS_TIMELY_WORKDAYS working days of its decision date, late past that, untimed
 * when it has no usable decision date or the dates fall outside the calendar's years. The
 * delay is the number of working days after the decision date up to and including the day of
 * receipt (domain/calendar.h's xy_calendar_workdays_between), in UTC+8.
 *
 * Shares are in per mille, rounded half up, or -1 (null) when the denominator is 0.
 */
#ifndef XY_SERVICE_STATS_H
#define XY_SERVICE_STATS_H

#include "service/ctx.h"
#include "service/sheet.h"

struct xy_summary {
    struct xy_store_stats totals;
    struct xy_subject *top; /* organisations with the most records */
    int64_t *top_records;
    size_t ntop;
};

xy_code xy_summary_get(struct xy_ctx *ctx, size_t ntop, struct xy_arena *a, struct xy_summary *out,
                       struct xy_err *err);

/* The totals only (subjects, records, ...): each is a count over a table, so callers on a hot
 * path cache them. */
xy_code xy_stats_totals(struct xy_ctx *ctx, struct xy_store_stats *out, struct xy_err *err);

/* ---- pure parts (exported for the unit tests) ---- */
#define XY_STATS_TIMELY_WORKDAYS 7
#define XY_STATS_MAX_MONTHS      120 /* a period of ten years at most */
#define XY_STATS_SOURCE_MAX      200 /* characters of a registered total's source */
#define XY_STATS_REGISTERED_MAX  9999999999LL

/* "YYYY-MM" (a year 2000-2099) into YYYYMM. XY_INVALID naming field and value otherwise
 * (err->field = field). */
xy_code xy_stats_month_parse(const char *s, const char *field, int *month, struct xy_err *err);
/* month (YYYYMM) plus delta months. */
int xy_stats_month_add(int month, int delta);
/* Months from..to, both included (0 when to < from). */
int xy_stats_month_count(int from, int to);
/* "YYYY-MM" of month into out[8]. */
void xy_stats_month_format(int month, char out[8]);
/* The month (YYYYMM) of a day (days since the epoch). */
int xy_stats_month_of_day(int day);
/* num * 1000 / den rounded half up; -1 when den <= 0. */
int64_t xy_stats_permille(int64_t num, int64_t den);

/* Working days from a calendar as prefix sums: timing a record is two lookups. */
struct xy_stats_timer {
    int first;    /* day of work[0]: 1 January of the first year with a file */
    int n;        /* days covered, up to 31 December of the last year with a file */
    int *work;    /* working days from first up to and including day first + i */
    int *unknown; /* days of years without a file, up to and including day first + i */
};
enum xy_timing { XY_TIMING_TIMELY = 0, XY_TIMING_LATE, XY_TIMING_UNTIMED };
void xy_stats_timer_init(struct xy_stats_timer *t, const struct xy_calendar *cal);
void xy_stats_timer_release(struct xy_stats_timer *t);
/* How a record decided on `decision` (INT32_MIN: none) and received on `received` is timed;
 * *delay (may be NULL): working days after the decision up to the receipt, 0 when untimed. */
enum xy_timing xy_stats_time(const struct xy_stats_timer *t, int decision, int received,
                             int *delay);

/* ---- kept at ingest ---- */
/* Add the timeliness of the records just stored (records_put's results) to the counters, in
 * the caller's transaction: first versions only (a correction is not a late submission). */
xy_code xy_stats_count_put(struct xy_ctx *ctx, int64_t dept_id, const struct xy_record_in *recs,
                           const struct xy_put_result *results, size_t n, struct xy_err *err);

/* Count every counter again from batches, records and subjects (STATS_MANAGE, audited
 * stats.rebuild): one transaction, which scans the records. */
struct xy_stats_rebuilt {
    int64_t groups;  /* groups of first versions timed */
    int64_t records; /* first versions timed */
    double elapsed_s;
};
xy_code xy_stats_rebuild(struct xy_ctx *ctx, struct xy_stats_rebuilt *out, struct xy_err *err);
/* For the server's worker at start: rebuild (as the system, audited) when the counters were
 * never built, i.e. the database had records before migration 12. *ran = 1 when it did. */
xy_code xy_stats_ensure(struct xy_ctx *ctx, int *ran, struct xy_stats_rebuilt *out,
                        struct xy_err *err);

/* ---- the overview ---- */
struct xy_stats_query {
    const char *from, *to; /* "YYYY-MM", or NULL: the 12 months up to this month */
    const char *dept;      /* a department's USCC, or NULL: every department */
};

#define XY_STATS_NKINDS 6
struct xy_stats_coverage {
    const char *kind, *label;
    int64_t subjects, with_records;
    int64_t registered; /* -1: not entered */
    const char *registered_source;
    int64_t share_permille; /* with_records / registered, -1: null */
};

struct xy_stats_category {
    int category;
    const char *label, *item, *item_name;
    int64_t records;
};

struct xy_stats_month {
    int month;
    int64_t records, versions;
};

struct xy_stats_dept {
    int64_t dept_id;
    const char *code, *name;
    int64_t records, versions, rows, rejected, timely, late, untimed, late_days;
    int64_t objections, objections_upheld, objections_rejected, objections_open;
    int64_t rejected_permille, timely_permille; /* -1: null */
    double mean_delay_days;                     /* of the late records; < 0: null */
};

struct xy_stats_clock {
    const char *kind, *label;
    int64_t open, open_overdue, closed, closed_on_time, closed_late;
};

struct xy_stats_joint {
    int64_t checks, subjects, subjects_hit, subjects_with_feedback, feedback_permille;
    int64_t measures_taken, measures_not_taken, amount_fen;
};

struct xy_stats_overview {
    int64_t as_of_ms;
    int from, to;                      /* YYYYMM */
    const char *dept_code, *dept_name; /* NULL: every department */
    struct xy_stats_coverage coverage[XY_STATS_NKINDS];
    struct xy_stats_category *categories; /* every catalogue item, in catalogue order */
    size_t ncategories;
    struct xy_stats_month *months; /* every month of the period */
    size_t nmonths;
    struct xy_stats_dept *depts; /* departments with rows, records or objections in the
                                  * period (or the one asked for), most records first */
    size_t ndepts;
    struct xy_stats_clock clocks[2]; /* objection, repair */
    struct xy_stats_joint joint;
};

/* The overview (STATS_READ, audited stats.read). XY_INVALID with err->field "from", "to" or
 * "dept" for a malformed month, a period that ends before it starts or is longer than
 * XY_STATS_MAX_MONTHS, an unknown department; XY_UNAVAILABLE while the counters are being
 * built. */
xy_code xy_stats_overview(struct xy_ctx *ctx, const struct xy_stats_query *q, struct xy_arena *a,
                          struct xy_stats_overview *out, struct xy_err *err);

/* The overview as the API sends it (web/openapi.json, docs/statistics.md): integers as
 * integers, shares in per mille or null. */
struct xy_jw;
void xy_stats_overview_json(const struct xy_stats_overview *o, struct xy_jw *w);

/* Enter the registered total of a coverage kind (STATS_MANAGE, audited stats.registered):
 * kind one of the XY_STATS_NKINDS ids, registered 0..XY_STATS_REGISTERED_MAX, source 1 to
 * XY_STATS_SOURCE_MAX characters. XY_INVALID naming the field otherwise. */
xy_code xy_stats_registered_set(struct xy_ctx *ctx, const char *kind, int64_t registered,
                                const char *source, struct xy_err *err);

/* ---- export ---- */
/* The tables: "coverage", "categories", "months", "departments", "clocks". */
int xy_stats_table_known(const char *table);
/* Chinese name of a table ("部门考核"), or NULL. */
const char *xy_stats_table_label(const char *table);
/* Write one table of the overview to path (a title row naming the table, the period and the
 * time of export; a header row; numbers as numbers, shares as percentages). XY_INVALID (field
 * "table") for an unknown table. The overview's checks and audit apply (action stats.export). */
xy_code xy_stats_export(struct xy_ctx *ctx, const struct xy_stats_query *q, const char *table,
                        enum xy_sheet_format format, const char *path, struct xy_err *err);
/* The same into memory (*data from a); *file_name: a Chinese file name for the download. */
xy_code xy_stats_export_bytes(struct xy_ctx *ctx, const struct xy_stats_query *q, const char *table,
                              enum xy_sheet_format format, struct xy_arena *a, const char **data,
                              size_t *len, const char **file_name, struct xy_err *err);

#endif
