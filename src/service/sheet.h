/* sheet.h - read a department's table, CSV or the first sheet of an xlsx, row by row; write
 * a table as CSV or xlsx (layer: service)
 *
 * Departments live in Excel (DESIGN.md): the batch screening (service/screen.c) and the
 * measures catalogue import (service/measures_admin.c) take either format. Reading streams:
 * a CSV through libcsv, an xlsx through libzip (the archive) and expat (sheet1's XML), so the
 * memory held is one row plus, for xlsx, its shared strings table, whatever the number of
 * rows. Cells are handed over as UTF-8 text (a CSV in GB18030 is converted, as ingest does);
 * numbers in xlsx are given as Excel shows them for integers (no "1.0E+17" for a long code
 * stored as a number: such a cell is refused by the caller, not guessed). Writing xlsx goes
 * through libxlsxwriter with every cell a string, so that codes keep their leading zeros.
 */
#ifndef XY_SERVICE_SHEET_H
#define XY_SERVICE_SHEET_H

#include <stddef.h>

#include "base/err.h"

#define XY_SHEET_MAX_COLS 64   /* columns read from one row; more is an error naming the line */
#define XY_SHEET_MAX_CELL 8192 /* bytes of one cell: a measure's 2,000 characters of UTF-8 fit */
#define XY_SHEET_MAX_SST  (64u << 20) /* bytes of an xlsx's shared strings, all together */

enum xy_sheet_format { XY_SHEET_CSV = 0, XY_SHEET_XLSX };

/* One row: line is the 1-based row number as the clerk sees it (CSV: the line where the record
 * starts; xlsx: the sheet row number). cells[i] never NULL ("" for an empty cell). Return 0 to
 * go on, anything else to stop (xy_sheet_read then returns XY_OK). */
typedef int (*xy_sheet_row_fn)(void *arg, long line, const char *const *cells, size_t ncells);

/* Read the file at path in format and call fn for every row, the header row included (line
 * 1; empty rows are skipped). XY_INVALID with a Chinese message naming the file (name, as the
 * clerk called it) and line for a file that is no CSV / xlsx, a row of more than
 * XY_SHEET_MAX_COLS cells or a cell over XY_SHEET_MAX_CELL (err->line: the line); XY_IO when
 * the file cannot be read. A file that is a zip archive is read as xlsx whatever format says
 * (clerks rename files); an old binary .xls is refused with a message that says what to do.
 * A CSV cell that starts with ' followed by = + - @ (the writer's guard against formula
 * injection) is read without the '. Cells are valid UTF-8. */
xy_code xy_sheet_read(const char *path, const char *name, enum xy_sheet_format format,
                      xy_sheet_row_fn fn, void *arg, struct xy_err *err);

/* A problem confined to one row: a CSV line over the line cap or a quote never closed, more
 * than XY_SHEET_MAX_COLS non-empty cells, a cell over XY_SHEET_MAX_CELL, bytes that are no text
 * in the file's encoding. id is a stable English code ("cell.too_long"), zh a Chinese sentence
 * for the clerk (without the line, which is given). The row is not handed to the row callback.
 * Return 0 to go on, anything else to stop. */
typedef int (*xy_sheet_issue_fn)(void *arg, long line, const char *id, const char *zh);

/* xy_sheet_read, but a row's problem goes to issue (when not NULL) and reading goes on with
 * the next row: a batch keeps the valid rows of a file with a few broken ones. A problem of the
 * file itself (not a CSV, not an xlsx, no worksheet, a broken archive) is still an error. */
xy_code xy_sheet_read_rows(const char *path, const char *name, enum xy_sheet_format format,
                           xy_sheet_row_fn fn, xy_sheet_issue_fn issue, void *arg,
                           struct xy_err *err);

/* The largest CSV record read, in bytes (every cell at its cap, quoted). */
#define XY_SHEET_MAX_LINE ((size_t)XY_SHEET_MAX_COLS * (2 * XY_SHEET_MAX_CELL + 3))
/* The most rows an xlsx sheet holds (Excel's limit); the writer refuses more. */
#define XY_SHEET_XLSX_MAX_ROWS 1048576L

/* The format a file name says (".xlsx" → XLSX, else CSV); "csv"/"xlsx" given explicitly win. */
enum xy_sheet_format xy_sheet_format_of(const char *format, const char *file_name);

/* A table being written, row by row, to path (created 0600, replaced when it exists). CSV: UTF-8
 * with a BOM (so Excel opens it), RFC 4180 quoting, and a cell that starts with = + - @ (or a
 * tab or carriage return) gets a leading ' so that a spreadsheet does not run it as a formula.
 * xlsx: libxlsxwriter in constant_memory mode (one row in memory; a temporary file in
 * $TMPDIR), every cell a string; XY_TOO_LARGE past XY_SHEET_XLSX_MAX_ROWS rows, a cell longer
 * than Excel's 32,767 characters is cut there. */
struct xy_sheet_writer;
xy_code xy_sheet_writer_open(const char *path, enum xy_sheet_format format, const char *sheet_name,
                             struct xy_sheet_writer **out, struct xy_err *err);
xy_code xy_sheet_writer_row(struct xy_sheet_writer *w, const char *const *cells, size_t n,
                            struct xy_err *err);
/* A typed cell (xy_sheet_writer_cells): text as xy_sheet_writer_row writes it; numbers as
 * numeric cells in xlsx (an integer, a number shown with one decimal, a share shown as a
 * percentage with one decimal: num 0.123 is "12.3%") and as that text in CSV; EMPTY: no
 * value. */
enum xy_sheet_cell_type {
    XY_CELL_EMPTY = 0,
    XY_CELL_TEXT,
    XY_CELL_INT,
    XY_CELL_NUMBER,
    XY_CELL_PERCENT,
};
struct xy_sheet_cell {
    enum xy_sheet_cell_type type;
    const char *text; /* XY_CELL_TEXT */
    double num;       /* XY_CELL_INT (exact up to 2^53), XY_CELL_NUMBER, XY_CELL_PERCENT */
};
/* One row of typed cells (statistics tables: numbers stay numbers in Excel). */
xy_code xy_sheet_writer_cells(struct xy_sheet_writer *w, const struct xy_sheet_cell *cells,
                              size_t n, struct xy_err *err);
/* Finish the file (xlsx: written on close); frees w either way. */
xy_code xy_sheet_writer_close(struct xy_sheet_writer *w, struct xy_err *err);

#endif
