/* lines.c - numbered lines with a cap and put-back (layer: service) */
#include "service/lines.h"

#include <string.h>

void xy_lines_init(struct xy_lines *l, struct xy_decoder *dec, size_t max_line)
{
    memset(l, 0, sizeof(*l));
    l->dec = dec;
    l->max_line = max_line;
    l->next_lineno = 1;
}

void xy_lines_release(struct xy_lines *l)
{
    xy_buf_release(&l->blk);
    xy_buf_release(&l->pending);
    xy_buf_release(&l->cur);
}

void xy_lines_unread(struct xy_lines *l, const char *text, size_t len, long lineno)
{
    struct xy_buf nb = XY_BUF_INIT;

    /* what is put back comes before what was put back earlier and not yet read */
    xy_buf_add(&nb, text, len);
    if (l->pendpos < l->pending.len)
        xy_buf_add(&nb, l->pending.data + l->pendpos, l->pending.len - l->pendpos);
    xy_buf_release(&l->pending);
    l->pending = nb;
    l->pendpos = 0;
    l->pending_lineno = lineno;
}

static int from_pending(struct xy_lines *l, const char **line, size_t *len, long *lineno)
{
    const char *s = l->pending.data + l->pendpos;
    size_t left = l->pending.len - l->pendpos;
    const char *nl = memchr(s, '\n', left);
    size_t n = nl ? (size_t)(nl - s) + 1 : left;

    xy_buf_reset(&l->cur);
    xy_buf_add(&l->cur, s, n);
    if (!nl)
        xy_buf_addc(&l->cur, '\n');
    l->pendpos += n;
    if (l->pendpos == l->pending.len) {
        xy_buf_reset(&l->pending);
        l->pendpos = 0;
    }
    *line = l->cur.data;
    *len = l->cur.len;
    *lineno = l->pending_lineno++;
    return 1;
}

/* Make sure blk holds a newline after blkpos, or max_line + 1 bytes, or everything left. */
static void refill(struct xy_lines *l)
{
    char chunk[65536];

    for (;;) {
        size_t have = l->blk.len - l->blkpos, n;
        if (memchr(l->blk.data + l->blkpos, '\n', have) || have > l->max_line || l->eof)
            return;
        if (l->blkpos > 0) {
            memmove(l->blk.data, l->blk.data + l->blkpos, have);
            l->blk.len = have;
            l->blkpos = 0;
        }
        n = xy_decoder_read(l->dec, chunk, sizeof(chunk), NULL);
        if (n == 0) {
            l->eof = 1;
            return;
        }
        xy_buf_add(&l->blk, chunk, n);
    }
}

int xy_lines_next(struct xy_lines *l, const char **line, size_t *len, long *lineno)
{
    const char *s, *nl;
    size_t have, n;

    if (l->pendpos < l->pending.len)
        return from_pending(l, line, len, lineno);
    if (!l->blk.data)
        xy_buf_grow(&l->blk, 65536);
    refill(l);
    have = l->blk.len - l->blkpos;
    if (have == 0)
        return 0;
    s = l->blk.data + l->blkpos;
    nl = memchr(s, '\n', have);
    *lineno = l->next_lineno++;
    if (!nl && have > l->max_line) {
        /* too long: skip to the next newline, however far */
        size_t skipped = 0;
        for (;;) {
            have = l->blk.len - l->blkpos;
            nl = memchr(l->blk.data + l->blkpos, '\n', have);
            if (nl) {
                skipped += (size_t)(nl - (l->blk.data + l->blkpos)) + 1;
                l->blkpos += (size_t)(nl - (l->blk.data + l->blkpos)) + 1;
                break;
            }
            skipped += have;
            l->blk.len = l->blkpos = 0;
            refill(l);
            if (l->blk.len == 0)
                break;
        }
        *len = skipped;
        *line = NULL;
        return -1;
    }
    n = nl ? (size_t)(nl - s) + 1 : have;
    if (n > l->max_line + 1) {
        l->blkpos += n;
        *len = n;
        *line = NULL;
        return -1;
    }
    if (nl) {
        *line = s;
        *len = n;
        l->blkpos += n;
        return 1;
    }
    /* last line without a newline */
    xy_buf_reset(&l->cur);
    xy_buf_add(&l->cur, s, n);
    xy_buf_addc(&l->cur, '\n');
    l->blkpos += n;
    *line = l->cur.data;
    *len = l->cur.len;
    return 1;
}
