/* catalog_load.h - read the catalogue, calendar and publicity rules files (layer: service) */
#ifndef XY_SERVICE_CATALOG_LOAD_H
#define XY_SERVICE_CATALOG_LOAD_H

#include "base/err.h"
#include "domain/calendar.h"
#include "domain/catalog.h"
#include "domain/measures.h"
#include "domain/publicity.h"

/* Load every *.ini file of dir (sorted by name). A malformed file stops the load with an
 * error naming the file, line and key. On success *out is owned by the caller
 * (xy_catalog_free). */
xy_code xy_catalog_load_dir(const char *dir, struct xy_catalog **out, struct xy_err *err);

/* Read every <year>.txt of dir into a new calendar (a missing folder gives an empty one: a
 * deadline then fails naming its year). Free with xy_calendar_release() and free(). */
xy_code xy_calendar_load_dir(const char *dir, struct xy_calendar **out, struct xy_err *err);

/* Read the publicity rules file at path (rules/publicity.ini, config key publicity_rules). A
 * missing, unreadable or malformed file is an error naming the file (and the line and value):
 * publicity cannot be decided without it, so start-up stops. On success *out is owned by the
 * caller (xy_publicity_rules_free). */
xy_code xy_publicity_rules_load(const char *path, struct xy_publicity_rules **out,
                                struct xy_err *err);

/* Read the scenarios file (measures/scenarios.ini, config key scenarios_file) and the measures
 * catalogue (measures/measures.csv, config key measures_file; UTF-8, or GB18030 as Excel saves
 * it) checked against cat. Start-up needs both whole: a missing file, a malformed scenario or
 * any refused measure row is an error naming the file and line (the first problem; the count
 * in err->detail; `xinyong measures check FILE` lists them all). On success *sc and *ms are
 * the caller's (xy_scenarios_free, xy_measures_free; *ms borrows *sc). */
xy_code xy_measures_load(const struct xy_catalog *cat, const char *scenarios_path,
                         const char *measures_path, struct xy_scenarios **sc,
                         struct xy_measures **ms, struct xy_err *err);

/* Read the scenarios file at path (config key scenarios_file). *sc is the caller's
 * (xy_scenarios_free). */
xy_code xy_scenarios_load(const char *path, struct xy_scenarios **sc, struct xy_err *err);

/* Read and check a measures file against cat and sc without failing on bad rows: *ms holds
 * the valid rows and every problem (for `measures check`). Errors only for a file that cannot
 * be read or parsed at all. */
xy_code xy_measures_read(const struct xy_catalog *cat, const struct xy_scenarios *sc,
                         const char *path, struct xy_measures **ms, struct xy_err *err);

#endif
