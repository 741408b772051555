/* measures.h - business scenarios and the catalogue of joint reward and punishment measures
 * (layer: domain)
 *
 * Both are data the credit office edits (docs/lists.md): measures/scenarios.ini names the
 * business scenarios where departments check a subject before acting (政府采购, 招标投标 ...)
 * with stable codes; measures/measures.csv is the measures catalogue in the columns departments
 * already use (序号 事项 内容 对象 政策依据 实施层级 实施频次) plus what the platform needs to
 * choose measures for a hit: the list items they apply to, the scenarios, the implementing
 * departments, the kind (惩戒/激励) and the level (禁止/限制/从严审核; 绿色通道/容缺受理/优先/
 * 减少检查).
 *
 * The domain parses text handed to it (the service layer reads the files). The CSV is split
 * here by a small RFC 4180 reader rather than libcsv: the domain links libc only, the file is
 * small (capped), and keeping the whole parse here lets one fuzz harness and the unit tests
 * reach every check without the service layer. Messages are Chinese, for the clerk who edits
 * the file: 措施清单“measures.csv”第 12 行“应用场景”列：…… with err->line and err->field (the
 * column) set.
 */
#ifndef XY_DOMAIN_MEASURES_H
#define XY_DOMAIN_MEASURES_H

#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/catalog.h"

/* Limits on what comes from the files (STYLE.md: every size from outside is capped). */
#define XY_SCENARIOS_MAX        64   /* scenarios in the file */
#define XY_MEASURES_MAX_ROWS    5000 /* measures in the catalogue */
#define XY_MEASURES_MAX_FIELD   8000 /* bytes in one cell: 2,000 characters of 4-byte UTF-8 */
#define XY_MEASURES_MAX_REFS    16   /* list items, scenarios or departments in one cell */
#define XY_MEASURES_MAX_PROBLEM 200  /* problems kept (all are counted) */

/* ---- scenarios (measures/scenarios.ini) ---- */

struct xy_scenario {
    const char *code; /* "gov_procurement": lower-case letters, digits, _ */
    const char *name; /* "政府采购" */
    const char *note; /* what a department checks there, or NULL */
};

struct xy_scenarios {
    struct xy_arena *arena;
    struct xy_scenario *v;
    size_t n;
};

/* Parse the scenarios file ("[scenario CODE]" sections with name and an optional note; name:
 * the file, for messages). *out is the caller's (xy_scenarios_free). XY_INVALID with a Chinese
 * message naming the file and line for a bad code, a missing or repeated name, an unknown key,
 * a code given twice or no scenario at all. */
xy_code xy_scenarios_parse(const char *text, size_t len, const char *name,
                           struct xy_scenarios **out, struct xy_err *err);
void xy_scenarios_free(struct xy_scenarios *sc); /* NULL is a no-op */
const struct xy_scenario *xy_scenario_find(const struct xy_scenarios *sc, const char *code);

/* ---- measures (measures/measures.csv) ---- */

enum xy_measure_kind { XY_MEASURE_PUNISH = 0, XY_MEASURE_REWARD };

/* Punishments are graded 禁止 > 限制 > 从严审核; rewards 绿色通道, 容缺受理, 优先, 减少检查. */
enum xy_measure_level {
    XY_LEVEL_FORBID = 0,   /* 禁止 */
    XY_LEVEL_RESTRICT,     /* 限制 */
    XY_LEVEL_STRICT,       /* 从严审核 */
    XY_LEVEL_FAST_LANE,    /* 绿色通道 */
    XY_LEVEL_DEFERRED,     /* 容缺受理 */
    XY_LEVEL_PRIORITY,     /* 优先 */
    XY_LEVEL_FEWER_CHECKS, /* 减少检查 (抽查比例和频次) */
    XY_LEVEL_COUNT
};

/* A list a measure applies to: a catalogue list item, optionally one list inside it
 * ("hmd:A级纳税人": the entries of hmd whose 红名单名称 is A级纳税人). */
struct xy_measure_list {
    const char *item; /* catalogue item id */
    const char *name; /* value of the item's list_name_field, or NULL for every entry */
};

struct xy_measure {
    long line;                     /* line of the file the row starts on */
    long seq;                      /* 序号 */
    const char *matter;            /* 事项 */
    const char *content;           /* 内容 */
    const char *target;            /* 对象 */
    const char *basis;             /* 政策依据 */
    const char *tier;              /* 实施层级 */
    const char *frequency;         /* 实施频次 */
    const char *note;              /* 备注 (sources, reservations), or NULL */
    struct xy_measure_list *lists; /* 名单类型 */
    size_t nlists;
    const char **scenarios; /* 应用场景: scenario codes */
    size_t nscenarios;
    const char **depts; /* 实施部门: department names; none when all_depts */
    size_t ndepts;
    int all_depts;               /* 各相关部门: applies to every department */
    enum xy_measure_kind kind;   /* 措施类别 */
    enum xy_measure_level level; /* 措施级别 */
    const char **cells;          /* the row's cells as written, trimmed, in the file's column order
                                  * (XY_MEASURE_NCOLS; "" for an empty one): what the database keeps */
};

/* One refused row or header (a file with problems still keeps its valid rows). */
struct xy_measure_problem {
    long line;
    const char *column; /* static column name, or NULL for the whole line */
    char msg[256];      /* the full Chinese message, naming file, line and column */
};

struct xy_measures {
    struct xy_arena *arena;
    const struct xy_scenarios *scenarios; /* borrowed: must outlive the measures */
    struct xy_measure *rows;
    size_t nrows;
    struct xy_measure_problem *problems; /* the first XY_MEASURES_MAX_PROBLEM */
    size_t nproblems;                    /* problems kept */
    size_t nproblems_total;              /* problems found */
};

/* Parse the measures CSV (UTF-8, optional BOM, RFC 4180 quoting, a header row naming the
 * columns in any order) against the catalogue cat and the scenarios sc (both borrowed; sc must
 * outlive *out). Every row is checked; a bad row becomes a problem and the valid rows are kept.
 * Returns XY_OK with *out (the caller's, xy_measures_free) even when rows were refused: look at
 * (*out)->nproblems_total. A header that lacks a required column, names an unknown or repeated
 * column, text that is not UTF-8, a file over the row limit or a quote left open end the parse:
 * XY_INVALID / XY_TOO_LARGE / XY_PARSE with the message in err and *out NULL. */
xy_code xy_measures_parse(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                          const char *text, size_t len, const char *name, struct xy_measures **out,
                          struct xy_err *err);
void xy_measures_free(struct xy_measures *ms); /* NULL is a no-op */

/* The first problem of ms as an error (XY_INVALID, err->line and err->field set) with the
 * count in err->detail; XY_OK when there is none. For callers that refuse a file with any bad
 * row (start-up). */
xy_code xy_measures_first_problem(const struct xy_measures *ms, struct xy_err *err);

/* ---- one measure at a time ----
 * The credit office edits the catalogue in the console and imports tables (service/
 * measures_admin.c); the database keeps every version as one CSV line in the file's columns.
 * These check one row by exactly the rules of the file, so an edit, an imported row and a line
 * of measures.csv can never be judged differently. */
#define XY_MEASURE_NCOLS                                                                               \
    13 /* 序号 事项 内容 对象 政策依据 实施层级 实施频次 名单类型 应用场景 \
        * 实施部门 措施类别 措施级别 备注, in this order */

/* The name of column i in that order ("序号" ... "备注"), NULL past the end; the column of a
 * header name, -1 for none. */
const char *xy_measure_column(int i);
int xy_measure_column_of(const char *name);

/* Check one measure given as ncells cells in column order (备注 may be left out) against cat
 * and sc. On success *out is the measure (strings in a; out->cells the trimmed cells, as they
 * are kept). XY_INVALID with the Chinese message, err->field
 * the column name ("应用场景") or NULL for the row as a whole, and err->line = line; line > 0
 * is named in the message (第 5 行“措施级别”列：...), 0 leaves it out (“措施级别”列：...). */
xy_code xy_measure_parse_row(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                             const char *const *cells, size_t ncells, long line, struct xy_arena *a,
                             struct xy_measure *out, struct xy_err *err);

/* n cells as one CSV line (RFC 4180 quoting where needed, no line end), from a. */
char *xy_measure_row_csv(const char *const *cells, size_t n, struct xy_arena *a);

/* A line written by xy_measure_row_csv back into cells[0..XY_MEASURE_NCOLS-1] (strings in a;
 * "" for cells the line does not have). XY_PARSE when it is not one record of at most
 * XY_MEASURE_NCOLS cells. */
xy_code xy_measure_row_split(const char *line, struct xy_arena *a, const char **cells,
                             struct xy_err *err);

/* The catalogue made of n stored rows (lines as xy_measure_row_csv writes them), checked like
 * the file; a bad row is a problem naming its 序号 (措施清单序号 12“应用场景”列：...) and the
 * others are kept. *out is the caller's (xy_measures_free); sc must outlive it. XY_TOO_LARGE
 * over XY_MEASURES_MAX_ROWS. */
xy_code xy_measures_from_rows(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                              const char *const *rows, size_t n, struct xy_measures **out,
                              struct xy_err *err);

/* The measures that apply to a hit on the list list_item (an entry whose list name is
 * list_name, the value of the item's list_name_field) in scenario, for the department named
 * dept_name, in file order, as an arena array in *out (*n of them). Measures for 各相关部门
 * apply to every department. A NULL list_name, scenario or dept_name matches every one (for
 * browsing; a check passes all three). XY_NOT_FOUND (err->field "list") for an item not in
 * the catalogue; XY_INVALID for an item that is not a list (field "list"), a list name the
 * item does not have (field "list") or an unknown scenario code (field "scenario"). */
xy_code xy_measures_for(const struct xy_catalog *cat, const struct xy_measures *ms,
                        const char *list_item, const char *list_name, const char *scenario,
                        const char *dept_name, struct xy_arena *a, const struct xy_measure ***out,
                        size_t *n, struct xy_err *err);

/* The measure of ms with 序号 seq, or NULL (none, or ms NULL): what a stored check or a
 * feedback row names. Borrowed from ms. */
const struct xy_measure *xy_measure_by_seq(const struct xy_measures *ms, long seq);

const char *xy_measure_kind_zh(enum xy_measure_kind k);   /* "惩戒", "激励" */
const char *xy_measure_level_zh(enum xy_measure_level l); /* "禁止", ... */
/* The kind a level belongs to (禁止 is a punishment, 优先 a reward). */
enum xy_measure_kind xy_measure_level_kind(enum xy_measure_level l);

#endif
