/* measures_admin.h - the measures catalogue as the credit office keeps it: in the database,
 * edited with history, imported and exported as CSV or xlsx (layer: service)
 *
 * The database is the catalogue (migration 9, measure_versions): at the first start of a
 * database it is seeded from measures_file, one version per measure (edited_by "seed"); from
 * then on the newest version of each 序号 that is not withdrawn is the measure, and the file is
 * no longer read for measures (scenarios stay in scenarios_file). Every edit, import and
 * withdrawal adds a version with who, when and why: nothing is changed in place.
 *
 * Every row is checked by domain/measures.c's rules for the file (list items exist and are
 * lists, scenarios exist, the level belongs to the kind, rewards go with red lists ...), so an
 * edit, an imported row and a line of measures.csv are judged alike.
 *
 * The server's threads see an edit at once: xy_ctx_measures() (service/ctx.h) compares the
 * database's generation (the highest version id) with the one loaded and reloads when it rose.
 * The loaded catalogues are shared by the threads through one xy_measures_live, guarded by a
 * mutex; a catalogue that an edit replaces stays alive until the live set is freed (at exit),
 * since a request on another thread may still hold it. Edits are rare: each keeps one more copy.
 */
#ifndef XY_SERVICE_MEASURES_ADMIN_H
#define XY_SERVICE_MEASURES_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/measures.h"
#include "service/ctx.h"
#include "service/sheet.h"

#define XY_MEASURE_MAX_REASON_CHARS  500
#define XY_MEASURES_IMPORT_MAX_BYTES ((size_t)5 << 20) /* an import file: 5 MiB */

/* ---- the catalogues loaded in a process ---- */
struct xy_measures_live;
/* A live set that starts with (and owns) initial, the catalogue read from measures_file (may
 * be NULL). Free with xy_measures_live_free (NULL is a no-op), which frees every catalogue it
 * ever handed out: only when no ctx uses it any more. */
struct xy_measures_live *xy_measures_live_new(struct xy_measures *initial);
void xy_measures_live_free(struct xy_measures_live *l);

/* Seed an empty measure_versions from ctx->measures (the file read at start) in one
 * transaction: one version per measure, edited_by "seed", reason "初始导入 <file name>". A
 * database that has any version is left alone. Needs a writable store; no permission (it is
 * part of opening the database, like a migration; the history row records it). */
xy_code xy_measures_seed(struct xy_ctx *ctx, struct xy_err *err);

/* The JSON member of column i of the file's order ("seq", "matter", ... "note"), NULL past the
 * end: the API and the console name fields by it. */
const char *xy_measure_json_key(int col);

/* ---- reading ---- */

/* A measure as kept: its cells and the version they come from. */
struct xy_measure_entry {
    long seq;
    const char *cells[XY_MEASURE_NCOLS]; /* as written, in the file's column order */
    int deleted;                         /* withdrawn (this version withdrew it) */
    int64_t version;                     /* the version's id */
    int64_t edited_at;                   /* unix ms */
    const char *edited_by, *reason;
    /* the row checked by the file's rules now: m NULL and problem set when it no longer
     * passes (the catalogue changed since); such a measure does not apply in checks */
    const struct xy_measure *m;
    const char *problem;
    /* history: the columns (Chinese names) that differ from the previous version */
    const char **changed;
    size_t nchanged;
};

/* The catalogue now, by 序号, withdrawn measures too when with_withdrawn. Public: the
 * catalogue is published policy, and so is a withdrawal (who edited is in the history only).
 * A row that no longer passes the rules is listed with its problem (m NULL). */
xy_code xy_measures_catalogue(struct xy_ctx *ctx, int with_withdrawn, struct xy_arena *a,
                              struct xy_measure_entry **out, size_t *n, struct xy_err *err);

/* Every version of measure seq, oldest first, each with the columns it changed. Needs
 * DEPT_MANAGE; the read is audited (measures.history). XY_NOT_FOUND for a 序号 never used. */
xy_code xy_measure_history(struct xy_ctx *ctx, long seq, struct xy_arena *a,
                           struct xy_measure_entry **out, size_t *n, struct xy_err *err);

/* ---- editing (DEPT_MANAGE; audited measures.edit, in the transaction of the change) ---- */

enum xy_measure_op {
    XY_MEASURE_CREATE = 0, /* a new measure */
    XY_MEASURE_UPDATE,     /* change columns of measure seq (a withdrawn one is restored) */
    XY_MEASURE_WITHDRAW,   /* withdraw measure seq */
};

struct xy_measure_edit {
    long seq; /* CREATE: 0 for the next free 序号 (highest ever used + 1), or one never used */
    /* cells[1..12] in the file's column order: NULL keeps the current value (UPDATE) or
     * leaves the cell empty (CREATE); cells[0] (序号) is ignored. Unused for WITHDRAW. */
    const char *cells[XY_MEASURE_NCOLS];
    const char *reason; /* required, at most XY_MEASURE_MAX_REASON_CHARS characters */
};

/* Apply one edit; *out is the measure's newest version afterwards and *changed 0 when an
 * update changed nothing (no version is written then). XY_INVALID with the Chinese message and
 * err->field the JSON member ("reason", "scenarios", "level" ...; see xy_measure_json_key) for
 * a missing reason or a row the file's rules refuse; XY_NOT_FOUND for an unknown 序号 (update,
 * withdraw); XY_CONFLICT for a 序号 already used (create) or a measure already withdrawn;
 * XY_TOO_LARGE past XY_MEASURES_MAX_ROWS measures; XY_DENIED without DEPT_MANAGE. */
xy_code xy_measure_save(struct xy_ctx *ctx, enum xy_measure_op op, const struct xy_measure_edit *in,
                        struct xy_arena *a, struct xy_measure_entry *out, int *changed,
                        struct xy_err *err);

/* ---- import and export ---- */

struct xy_measure_change {
    long seq;
    const char *action;   /* "new", "changed" or "restored" (a withdrawn measure comes back) */
    const char *matter;   /* 事项 */
    const char **columns; /* changed: the columns (Chinese names) that differ */
    size_t ncolumns;
};

struct xy_measure_import_problem {
    long line;           /* the row as the clerk sees it (xlsx: the sheet's row number) */
    const char *column;  /* the column's Chinese name, or NULL for the row */
    const char *message; /* Chinese, naming line and column */
};

struct xy_measure_import {
    int dry_run;
    size_t rows; /* data rows read */
    size_t added, updated, restored, unchanged, bad;
    struct xy_measure_change *changes; /* what was (or, dry run, would be) written, by line */
    size_t nchanges;
    struct xy_measure_import_problem *problems; /* the first XY_MEASURES_MAX_PROBLEM */
    size_t nproblems;
};

/* Import the table at path (CSV or xlsx; file_name as the clerk calls it, for messages and
 * the reason "导入 <file_name>"). The header names columns by their Chinese names in any
 * order; 序号 is required, and a column the file leaves out keeps each measure's current
 * value (a table of the seven columns departments use updates their text only). Each valid
 * row that differs from the current measure becomes a new version (unchanged rows: nothing),
 * each bad row is a problem with its line and column and the valid rows are kept; a measure
 * the file does not name is left as it is (withdraw it explicitly). dry_run: the same answer,
 * nothing written. Needs DEPT_MANAGE. Errors for the file as a whole: a header that names an
 * unknown column or lacks 序号 (XY_INVALID, err->field "表头" or "序号"), more than
 * XY_MEASURES_MAX_ROWS rows (XY_TOO_LARGE), a file that is no table (sheet.h's errors). */
xy_code xy_measures_import(struct xy_ctx *ctx, const char *path, const char *file_name,
                           enum xy_sheet_format format, int dry_run, struct xy_arena *a,
                           struct xy_measure_import *out, struct xy_err *err);
/* The same for a file held in memory (an upload of at most XY_MEASURES_IMPORT_MAX_BYTES:
 * XY_TOO_LARGE beyond), through a private temporary file. */
xy_code xy_measures_import_bytes(struct xy_ctx *ctx, const char *data, size_t len,
                                 const char *file_name, enum xy_sheet_format format, int dry_run,
                                 struct xy_arena *a, struct xy_measure_import *out,
                                 struct xy_err *err);

/* Write the catalogue now (measures not withdrawn, by 序号) to path as CSV or xlsx: the
 * columns departments use (序号 事项 内容 对象 政策依据 实施层级 实施频次), then the platform's
 * (名单类型 应用场景 实施部门 措施类别 措施级别 备注), exactly as measures.csv: an export
 * imports back as "nothing changed". Public (the catalogue is published policy). */
xy_code xy_measures_export(struct xy_ctx *ctx, enum xy_sheet_format format, const char *path,
                           struct xy_err *err);
/* The same into memory (*data from a, *len bytes). */
xy_code xy_measures_export_bytes(struct xy_ctx *ctx, enum xy_sheet_format format,
                                 struct xy_arena *a, const char **data, size_t *len,
                                 struct xy_err *err);

#endif
