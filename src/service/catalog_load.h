/* catalog_load.h - read the catalogue folder into a struct xy_catalog (layer: service) */
#ifndef XY_SERVICE_CATALOG_LOAD_H
#define XY_SERVICE_CATALOG_LOAD_H

#include "base/err.h"
#include "domain/calendar.h"
#include "domain/catalog.h"

/* Load every *.ini file of dir (sorted by name). A malformed file stops the load with an
 * error naming the file, line and key. On success *out is owned by the caller
 * (xy_catalog_free). */
xy_code xy_catalog_load_dir(const char *dir, struct xy_catalog **out, struct xy_err *err);

/* Read every <year>.txt of dir into a new calendar (a missing folder gives an empty one: a
 * deadline then fails naming its year). Free with xy_calendar_release() and free(). */
xy_code xy_calendar_load_dir(const char *dir, struct xy_calendar **out, struct xy_err *err);

#endif
