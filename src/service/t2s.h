/* t2s.h - traditional to simplified Chinese through OpenCC, for name matching (layer: service)
 *
 * Names on red and black lists and in department queries arrive in both scripts (廣州市華為…
 * and 广州市华为…). domain/names.h takes a converter as a struct with a function pointer; this
 * module fills it with OpenCC's t2s.json (Debian: libopencc-data). Open it once at start: the
 * dictionaries take a few milliseconds to load. One converter may be shared by every thread:
 * OpenCC's C API documents opencc_error() as its only function that is not thread-safe, and
 * it is called here only while opening.
 */
#ifndef XY_SERVICE_T2S_H
#define XY_SERVICE_T2S_H

#include "base/err.h"
#include "domain/names.h"

struct xy_t2s;

/* Open OpenCC with config (a file name looked up in OpenCC's data directory, or a path;
 * NULL means "t2s.json"). XY_UNAVAILABLE naming the config when OpenCC cannot load it. */
xy_code xy_t2s_open(const char *config, struct xy_t2s **out, struct xy_err *err);
void xy_t2s_free(struct xy_t2s *t); /* NULL is a no-op */

/* The converter for xy_name_key_make(); valid while t is open. */
struct xy_name_t2s xy_t2s_converter(struct xy_t2s *t);

#endif
