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
#define XY_SHEET_MAX_CELL 4096 /* bytes of one cell */
#define XY_SHEET_MAX_SST  (64u << 20) /* bytes of an xlsx's shared strings, all together */

enum xy_sheet_format { XY_SHEET_CSV = 0, XY_SHEET_XLSX };

/* One row: line is the 1-based row number as the clerk sees it (CSV: the line where the record
 * starts; xlsx: the sheet row number). cells[i] never NULL ("" for an empty cell). Return 0 to
 * go on, anything else to stop (xy_sheet_read then returns XY_OK). */
typedef int (*xy_sheet_row_fn)(void *arg, long line, const char *const *cells, size_t ncells);

/* Read the file at path in format and call fn for every row, the header row included (line
 * 1). XY_INVALID with a Chinese message naming the file (name, as the clerk called it) and
 * line for a file that is no CSV / xlsx, a row of more than XY_SHEET_MAX_COLS cells or a cell
 * over XY_SHEET_MAX_CELL; XY_IO when the file cannot be read. */
xy_code xy_sheet_read(const char *path, const char *name, enum xy_sheet_format format,
                      xy_sheet_row_fn fn, void *arg, struct xy_err *err);

/* The format a file name says (".xlsx" → XLSX, else CSV); "csv"/"xlsx" given explicitly win. */
enum xy_sheet_format xy_sheet_format_of(const char *format, const char *file_name);

/* A table being written, row by row, to path. */
struct xy_sheet_writer;
xy_code xy_sheet_writer_open(const char *path, enum xy_sheet_format format, const char *sheet_name,
                             struct xy_sheet_writer **out, struct xy_err *err);
xy_code xy_sheet_writer_row(struct xy_sheet_writer *w, const char *const *cells, size_t n,
                            struct xy_err *err);
/* Finish the file (xlsx: written on close); frees w either way. */
xy_code xy_sheet_writer_close(struct xy_sheet_writer *w, struct xy_err *err);

#endif
