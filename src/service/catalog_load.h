/* catalog_load.h - read the catalogue, calendar and publicity rules files (layer: service) */
#ifndef XY_SERVICE_CATALOG_LOAD_H
#define XY_SERVICE_CATALOG_LOAD_H

#include "base/err.h"
#include "domain/calendar.h"
#include "domain/catalog.h"
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

#endif
