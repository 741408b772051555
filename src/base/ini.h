/* ini.h - parse INI text held in memory (layer: base)
 *
 * Grammar: "[section]" or "[section name]" headers, "key = value" pairs, comments start with
 * ';' or '#' at the beginning of a line. Values run to the end of the line, trimmed. Used by
 * the config file and the catalogue; it does no I/O, so the domain layer may use it.
 */
#ifndef XY_BASE_INI_H
#define XY_BASE_INI_H

#include <stddef.h>

#include "base/err.h"

/* Called once per key. section is "" before the first header; name is the second word of
 * the header ("field" "XDR_MC") or "". Return XY_OK to go on; any other code stops the parse
 * and is returned (the callback fills err). */
typedef xy_code (*xy_ini_fn)(void *ctx, const char *section, const char *name, const char *key,
                             const char *value, long line, struct xy_err *err);

/* Parse text[0..len). Syntax errors come back as XY_PARSE with err->line set. */
xy_code xy_ini_parse(const char *text, size_t len, xy_ini_fn fn, void *ctx, struct xy_err *err);

#endif
