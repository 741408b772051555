/* lines.h - split decoded input into numbered lines, with a length cap and re-reading
 * (layer: service)
 *
 * Every line handed out ends with '\n' (one is added to a last line without it). A line over
 * max_line bytes is not handed out: the reader reports it through *too_long and skips to the
 * next line, so one runaway line costs one row, not the file. xy_lines_unread() puts text back
 * (lines that a CSV record swallowed after an unterminated quote) to be read again.
 */
#ifndef XY_SERVICE_LINES_H
#define XY_SERVICE_LINES_H

#include <stddef.h>

#include "base/buf.h"
#include "service/decode.h"

struct xy_lines {
    struct xy_decoder *dec;
    size_t max_line;
    struct xy_buf blk; /* decoded bytes not yet handed out */
    size_t blkpos;
    long next_lineno;      /* number of the next line from the decoder */
    struct xy_buf pending; /* text put back, read before the decoder */
    size_t pendpos;
    long pending_lineno;
    struct xy_buf cur; /* the line handed out last */
    int eof;
};

void xy_lines_init(struct xy_lines *l, struct xy_decoder *dec, size_t max_line);
void xy_lines_release(struct xy_lines *l);

/* Next line into *line and *len (valid until the next call) and its number into *lineno.
 * Returns 1 for a line, 0 at end of input, -1 for a line that was too long (skipped; *lineno
 * and *len tell which and how long). */
int xy_lines_next(struct xy_lines *l, const char **line, size_t *len, long *lineno);

/* Read text (whole lines, the first numbered lineno) again before anything else. The text
 * must be the lines that come just before what is still pending (as a CSV record's own later
 * lines are): the numbering continues from lineno through whatever was pending. */
void xy_lines_unread(struct xy_lines *l, const char *text, size_t len, long lineno);

#endif
