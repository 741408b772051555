/* pdf.c - a credit report laid out as a PDF with cairo + pango (layer: report)
 *
 * Two passes. The first lays the document out and draws each page's content into its own cairo
 * recording surface, so the number of pages M is known once it ends; the second paints, page
 * by page, the watermark, the recorded content over it, and the running header and the footer
 * ("第 N 页 共 M 页") onto the PDF surface. Each string is laid out (shaped) once: recordings
 * keep glyphs, not layouts, so a report of a thousand pages stays small in memory.
 *
 * Invariants: every string reaches pango through clean_text() (valid UTF-8, no control or
 * bidi-override characters) and pango_layout_set_text() (plain text, never markup); all
 * lengths are in PDF points (1/72 inch) with the origin at a page's top-left corner; nothing
 * here is global except what pango and fontconfig manage (the per-thread font map) and the
 * per-thread page count of the last call.
 */
#include "report/pdf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "base/utf8.h"

/* A4 portrait with the margins of GB/T 9704-style official documents, rounded. */
#define PT_PER_MM   (72.0 / 25.4)
#define PAGE_W      (210.0 * PT_PER_MM)
#define PAGE_H      (297.0 * PT_PER_MM)
#define MARGIN_X    (22.0 * PT_PER_MM)
#define BODY_W      (PAGE_W - 2 * MARGIN_X)
#define BODY_TOP    (25.0 * PT_PER_MM)
#define BODY_BOTTOM (PAGE_H - 25.0 * PT_PER_MM)
#define BODY_H      (BODY_BOTTOM - BODY_TOP)

/* Table cells and rules. */
#define PAD_X      5.0
#define PAD_Y      2.5
#define RULE_W     0.6
#define RULE_GREY  0.35
#define HEAD_FILL  0.92
#define KEY_COL_W  128.0 /* the key column of the key-value tables */
#define QR_SIDE_PT (30.0 * PT_PER_MM)
#define QR_QUIET   4 /* modules of white around the symbol (ISO/IEC 18004 §9.1) */

/* Layouts of short strings (keys, dates, "—") are shared within one call; the cap bounds the
 * memory a hostile document can pin. */
#define CACHE_MAX_TEXT    64
#define BREAKLESS_RUN     2048
#define CACHE_MAX_ENTRIES 4096

/* The texts the layout itself prints (the standard's section names and captions). */
#define T_EXPLANATION "报告说明"
#define T_BASIC       "基本信息"
#define T_SUMMARY     "信息概要"
#define T_DETAILS     "详细信息"
#define T_NONE        "无"
#define T_EMPTY       "—"
#define T_QR_CAPTION  "扫码核验真伪"

static _Thread_local int last_pages;

enum face { SANS };

enum style {
    ST_TITLE,
    ST_SUBTITLE,
    ST_COVER_NUMBER,
    ST_COVER_KEY,
    ST_COVER_VALUE,
    ST_COVER_LINE,
    ST_CODE,
    ST_CAPTION,
    ST_H1,
    ST_H2,
    ST_H3,
    ST_BODY,
    ST_NOTE,
    ST_KEY,
    ST_VALUE,
    ST_TH,
    ST_CENTRED,
    ST_FOOTER_NOTE,
    ST_RUNNING,
    ST_RUNNING_RIGHT,
    ST_RUNNING_CENTRE,
    ST_WATERMARK,
    ST_COUNT
};

/* Sizes follow the standard's sample. The standard sets what the record says in 宋体 (serif)
 * and the rest in 黑体 (sans); we set everything in the one regular sans face, because each
 * face embedded costs a CFF subset of a 20 MB font per PDF (see the note at xy_report_pdf):
 * a second face took a report of 50 records from about 28 to 37 ms of CPU (bench/report.sh). */
static const struct look {
    enum face face;
    double size_pt;
    PangoAlignment align;
    double indent_em; /* first-line indent of paragraphs (两字缩进) */
    int justify;
    double grey; /* 0 = black */
} styles[ST_COUNT] = {
    [ST_TITLE] = {SANS, 26, PANGO_ALIGN_CENTER, 0, 0, 0},
    [ST_SUBTITLE] = {SANS, 15, PANGO_ALIGN_CENTER, 0, 0, 0.15},
    [ST_COVER_NUMBER] = {SANS, 10.5, PANGO_ALIGN_RIGHT, 0, 0, 0.1},
    [ST_COVER_KEY] = {SANS, 12, PANGO_ALIGN_LEFT, 0, 0, 0.1},
    [ST_COVER_VALUE] = {SANS, 12, PANGO_ALIGN_LEFT, 0, 0, 0},
    [ST_COVER_LINE] = {SANS, 10.5, PANGO_ALIGN_LEFT, 0, 0, 0.1},
    [ST_CODE] = {SANS, 13, PANGO_ALIGN_LEFT, 0, 0, 0},
    [ST_CAPTION] = {SANS, 9, PANGO_ALIGN_CENTER, 0, 0, 0.2},
    [ST_H1] = {SANS, 15, PANGO_ALIGN_LEFT, 0, 0, 0},
    [ST_H2] = {SANS, 12, PANGO_ALIGN_LEFT, 0, 0, 0.05},
    [ST_H3] = {SANS, 10.5, PANGO_ALIGN_LEFT, 0, 0, 0.15},
    [ST_BODY] = {SANS, 10.5, PANGO_ALIGN_LEFT, 2, 1, 0},
    [ST_NOTE] = {SANS, 10.5, PANGO_ALIGN_LEFT, 0, 0, 0.2},
    [ST_KEY] = {SANS, 9, PANGO_ALIGN_LEFT, 0, 0, 0.2},
    [ST_VALUE] = {SANS, 9.5, PANGO_ALIGN_LEFT, 0, 0, 0},
    [ST_TH] = {SANS, 10, PANGO_ALIGN_CENTER, 0, 0, 0.1},
    [ST_CENTRED] = {SANS, 10, PANGO_ALIGN_CENTER, 0, 0, 0},
    [ST_FOOTER_NOTE] = {SANS, 9, PANGO_ALIGN_LEFT, 0, 1, 0.3},
    [ST_RUNNING] = {SANS, 8.5, PANGO_ALIGN_LEFT, 0, 0, 0.4},
    [ST_RUNNING_RIGHT] = {SANS, 8.5, PANGO_ALIGN_RIGHT, 0, 0, 0.4},
    [ST_RUNNING_CENTRE] = {SANS, 8.5, PANGO_ALIGN_CENTER, 0, 0, 0.3},
    [ST_WATERMARK] = {SANS, 22, PANGO_ALIGN_LEFT, 0, 0, 0.87},
};

static const char *const families[] = {[SANS] = XY_REPORT_FONT_SANS};

/* One call's state. */
struct pdf {
    const struct xy_report_doc *doc;
    PangoContext *pc;
    PangoFontDescription *font[ST_COUNT];
    GHashTable *cache;       /* "style/width/text" -> PangoLayout */
    struct xy_buf text;      /* clean_text's output, reused */
    cairo_surface_t **pages; /* pass 1: one recording per page */
    int npages, cap;
    cairo_t *cr; /* the current page's recording */
    double y;    /* the cursor on the current page: top of what comes next */
    struct xy_buf *out;
    int out_full;
    xy_code rc;
    struct xy_err *err;
};

/* The lines of a layout that may be split over pages, measured once: fitting and drawing a
 * page's share then costs its own lines only, not a walk from the first line every time. */
struct line {
    PangoLayoutLine *line;
    int y0, y1; /* the line's extent, pango units from the layout's top */
    int baseline, x;
};

struct lines {
    struct line *v;
    int n;
};

/* A table cell: its layout, where it sits and, when a row is split over pages, the first line
 * not drawn yet. */
struct cell {
    PangoLayout *lay;
    enum style st;
    double x, w; /* column, from the left edge of the page */
    double h;    /* height of the text */
    int from;    /* first line still to draw */
    int lines;
    struct lines ls; /* measured when the cell is split over pages */
};

#define ROW_MAX_CELLS 4

struct row {
    struct cell c[ROW_MAX_CELLS];
    int n;
    int fill; /* header row: grey background */
};

/* ---- text ---- */

static void add_fffd(struct xy_buf *b)
{
    xy_buf_add(b, "\xEF\xBF\xBD", 3);
}

/* What pango gets: valid UTF-8 (each bad byte becomes U+FFFD, as pango would refuse the whole
 * string), line breaks as '\n', a tab as a space, and U+FFFD for the other C0/C1 controls and
 * for the bidi embedding, override and isolate controls, which could make a value read
 * differently from what the record says. Returns a string owned by p->text. */
static const char *clean_text(struct pdf *p, const char *s)
{
    size_t n = strlen(s), run = 0;

    xy_buf_reset(&p->text);
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        size_t k = xy_utf8_seq(u, n - i);
        /* Pango 1.50 wraps a word longer than a line by shaping the rest of it again for each
         * line: quadratic in the word's length (300,000 digits took two minutes). Below CJK
         * (U+2E80) no character is a sure break, so a zero-width space goes after every
         * BREAKLESS_RUN of them; the 2,000 characters of a long code stay untouched. */
        if (k && u[0] != ' ' && u[0] != '\n' && u[0] != '\r' && u[0] != '\t' &&
            (u[0] < 0xE2 || (u[0] == 0xE2 && u[1] < 0xBA))) {
            if (++run > BREAKLESS_RUN) {
                xy_buf_add(&p->text, "\xE2\x80\x8B", 3);
                run = 1;
            }
        } else {
            run = 0;
        }
        if (!k) {
            add_fffd(&p->text);
            i++;
            continue;
        }
        if (k == 1) {
            if (u[0] == '\r') {
                if (i + 1 >= n || u[1] != '\n')
                    xy_buf_addc(&p->text, '\n');
            } else if (u[0] == '\t') {
                xy_buf_addc(&p->text, ' ');
            } else if ((u[0] < 0x20 && u[0] != '\n') || u[0] == 0x7F) {
                add_fffd(&p->text);
            } else {
                xy_buf_addc(&p->text, (char)u[0]);
            }
        } else {
            unsigned cp = k == 2   ? (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu)
                          : k == 3 ? (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu)
                                   : 0x10000; /* above the BMP: nothing to replace */
            if (cp >= 0x80 && cp <= 0x9F)
                add_fffd(&p->text);
            else if (cp == 0x061C || cp == 0x200E || cp == 0x200F ||
                     (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
                add_fffd(&p->text);
            else if (cp == 0x2028 || cp == 0x2029)
                xy_buf_addc(&p->text, '\n');
            else
                xy_buf_add(&p->text, u, k);
        }
        i += k;
    }
    return p->text.data ? p->text.data : "";
}

/* A new reference to a layout of text in style st, wrapped to width_pt (<= 0: one line). */
static PangoLayout *layout(struct pdf *p, enum style st, const char *text, double width_pt)
{
    const struct look *s = &styles[st];
    const char *t = clean_text(p, text ? text : "");
    int width = width_pt > 0 ? (int)(width_pt * PANGO_SCALE) : -1;
    char *key = NULL;
    PangoLayout *lay;

    if (strlen(t) <= CACHE_MAX_TEXT) {
        key = g_strdup_printf("%d/%d/%s", (int)st, width, t);
        lay = g_hash_table_lookup(p->cache, key);
        if (lay) {
            g_free(key);
            return g_object_ref(lay);
        }
    }
    lay = pango_layout_new(p->pc);
    pango_layout_set_font_description(lay, p->font[st]);
    pango_layout_set_width(lay, width);
    /* Chinese breaks between any two characters; WORD_CHAR also breaks a run of 2,000 letters
     * or digits with no space rather than letting it run off the page. */
    pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(lay, s->align);
    pango_layout_set_justify(lay, s->justify);
    if (s->indent_em > 0)
        pango_layout_set_indent(lay, (int)(s->indent_em * s->size_pt * PANGO_SCALE));
    pango_layout_set_text(lay, t, -1);
    if (key) {
        if (g_hash_table_size(p->cache) < CACHE_MAX_ENTRIES)
            g_hash_table_insert(p->cache, key, g_object_ref(lay));
        else
            g_free(key);
    }
    return lay;
}

static double layout_height(PangoLayout *lay)
{
    int w, h;

    pango_layout_get_size(lay, &w, &h);
    return (double)h / PANGO_SCALE;
}

static double layout_width(PangoLayout *lay)
{
    int w, h;

    pango_layout_get_size(lay, &w, &h);
    return (double)w / PANGO_SCALE;
}

static void set_grey(cairo_t *cr, double g)
{
    cairo_set_source_rgb(cr, g, g, g);
}

static void draw_layout(cairo_t *cr, PangoLayout *lay, enum style st, double x, double y)
{
    set_grey(cr, styles[st].grey);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, lay);
}

static void lines_measure(PangoLayout *lay, struct lines *ls)
{
    PangoLayoutIter *it;
    int n = pango_layout_get_line_count(lay), i = 0;

    ls->v = xy_calloc((size_t)(n ? n : 1), sizeof *ls->v);
    it = pango_layout_get_iter(lay);
    do {
        PangoRectangle logical;
        struct line *l = &ls->v[i++];
        pango_layout_iter_get_line_yrange(it, &l->y0, &l->y1);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        l->x = logical.x;
        l->baseline = pango_layout_iter_get_baseline(it);
        l->line = pango_layout_iter_get_line_readonly(it);
    } while (i < n && pango_layout_iter_next_line(it));
    ls->n = i;
    pango_layout_iter_free(it);
}

/* How many lines from line `from` fit in avail_pt; *used_pt is their height. */
static int lines_fit(const struct lines *ls, int from, double avail_pt, double *used_pt)
{
    int k = 0;

    *used_pt = 0;
    for (int i = from; i < ls->n; i++) {
        double h = (double)(ls->v[i].y1 - ls->v[from].y0) / PANGO_SCALE;
        if (h > avail_pt)
            break;
        *used_pt = h;
        k++;
    }
    return k;
}

/* Draw lines [from, from + k) with the top of line from at (x, y). */
static void lines_draw(cairo_t *cr, const struct lines *ls, enum style st, int from, int k,
                       double x, double y)
{
    set_grey(cr, styles[st].grey);
    for (int i = from; i < from + k && i < ls->n; i++) {
        cairo_move_to(cr, x + (double)ls->v[i].x / PANGO_SCALE,
                      y + (double)(ls->v[i].baseline - ls->v[from].y0) / PANGO_SCALE);
        pango_cairo_show_layout_line(cr, ls->v[i].line);
    }
}

/* ---- pages ---- */

static void fail(struct pdf *p, xy_code rc, const char *field, const char *fmt, const char *arg)
{
    if (p->rc != XY_OK)
        return;
    p->rc = xy_err_set(p->err, rc, fmt, arg);
    if (p->err)
        p->err->field = field;
}

static int new_page(struct pdf *p)
{
    cairo_rectangle_t page = {0, 0, PAGE_W, PAGE_H};

    if (p->rc != XY_OK)
        return 0;
    if (p->npages >= XY_REPORT_MAX_PAGES) {
        char n[16];
        snprintf(n, sizeof n, "%d", XY_REPORT_MAX_PAGES);
        fail(p, XY_TOO_LARGE, "sections", "报告超过 %s 页上限，请缩小报告范围", n);
        return 0;
    }
    if (p->cr)
        cairo_destroy(p->cr);
    if (p->npages == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 16;
        p->pages = xy_realloc(p->pages, (size_t)p->cap * sizeof *p->pages);
    }
    p->pages[p->npages] = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    p->cr = cairo_create(p->pages[p->npages++]);
    cairo_set_line_width(p->cr, RULE_W);
    p->y = BODY_TOP;
    return 1;
}

static int page_empty(const struct pdf *p)
{
    return p->y <= BODY_TOP + 0.01;
}

/* Start a new page unless h more points fit on this one (or this one is still empty). */
static int room(struct pdf *p, double h)
{
    if (p->rc != XY_OK)
        return 0;
    if (p->y + h > BODY_BOTTOM + 0.01 && !page_empty(p))
        return new_page(p);
    return 1;
}

static void gap(struct pdf *p, double h)
{
    if (!page_empty(p))
        p->y += h;
}

/* ---- rows and tables ---- */

static void cell_set(struct pdf *p, struct cell *c, enum style st, const char *text, double x,
                     double w)
{
    c->st = st;
    c->x = x;
    c->w = w;
    c->lay = layout(p, st, text && *text ? text : T_EMPTY, w - 2 * PAD_X);
    c->h = layout_height(c->lay);
    c->lines = pango_layout_get_line_count(c->lay);
    c->from = 0;
    c->ls = (struct lines){NULL, 0};
}

/* How many of c's remaining lines fit in avail_pt (of text, padding excluded). */
static int cell_fit(struct cell *c, double avail_pt, double *used_pt)
{
    if (c->from >= c->lines) {
        *used_pt = 0;
        return 0;
    }
    if (c->from == 0 && c->h <= avail_pt) {
        *used_pt = c->h;
        return c->lines;
    }
    if (!c->ls.v)
        lines_measure(c->lay, &c->ls);
    return lines_fit(&c->ls, c->from, avail_pt, used_pt);
}

static void row_release(struct row *r)
{
    for (int i = 0; i < r->n; i++) {
        if (r->c[i].lay)
            g_object_unref(r->c[i].lay);
        free(r->c[i].ls.v);
    }
    r->n = 0;
}

static double row_height(const struct row *r)
{
    double h = 0;

    for (int i = 0; i < r->n; i++)
        if (r->c[i].h > h)
            h = r->c[i].h;
    return h + 2 * PAD_Y;
}

static void kv_row(struct pdf *p, struct row *r, const struct xy_report_kv *kv)
{
    r->n = 2;
    r->fill = 0;
    cell_set(p, &r->c[0], ST_KEY, kv->key, MARGIN_X, KEY_COL_W);
    cell_set(p, &r->c[1], ST_VALUE, kv->value, MARGIN_X + KEY_COL_W, BODY_W - KEY_COL_W);
}

/* Two short pairs share a row (key · value · key · value), so a record of a dozen fields takes
 * half the height: a report of 50 records is half the pages, and half the drawing. A pair is
 * short when its key and value each fit on one line of their half-width column. */
#define PAIR_KEY_W       76.0
#define PAIR_KEY_CHARS   8  /* CJK characters of ST_KEY in PAIR_KEY_W, padding aside */
#define PAIR_VALUE_CHARS 14 /* of ST_VALUE in BODY_W / 2 - PAIR_KEY_W */

static size_t display_chars(const char *s)
{
    size_t n = 0;

    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c & 0xC0) == 0x80)
            continue;
        n += c < 0x80 ? 1 : 2; /* a CJK character is about two Latin ones wide */
    }
    return (n + 1) / 2;
}

static int kv_short(const struct xy_report_kv *kv)
{
    return display_chars(kv->key) <= PAIR_KEY_CHARS &&
           display_chars(kv->value && *kv->value ? kv->value : T_EMPTY) <= PAIR_VALUE_CHARS &&
           !(kv->value && strchr(kv->value, '\n'));
}

static void kv_pair_row(struct pdf *p, struct row *r, const struct xy_report_kv *a,
                        const struct xy_report_kv *b)
{
    double half = BODY_W / 2;

    r->n = 4;
    r->fill = 0;
    cell_set(p, &r->c[0], ST_KEY, a->key, MARGIN_X, PAIR_KEY_W);
    cell_set(p, &r->c[1], ST_VALUE, a->value, MARGIN_X + PAIR_KEY_W, half - PAIR_KEY_W);
    cell_set(p, &r->c[2], ST_KEY, b->key, MARGIN_X + half, PAIR_KEY_W);
    cell_set(p, &r->c[3], ST_VALUE, b->value, MARGIN_X + half + PAIR_KEY_W, half - PAIR_KEY_W);
}

/* The summary's columns: 信息类别 · 条数 · 说明. */
static const double summary_cols[3] = {150.0, 70.0, BODY_W - 220.0};

static void summary_row(struct pdf *p, struct row *r, const char *a, const char *b, const char *c,
                        int head)
{
    double x = MARGIN_X;
    const char *t[3] = {a, b, c};

    r->n = 3;
    r->fill = head;
    for (int i = 0; i < 3; i++) {
        enum style st = head ? ST_TH : i == 1 ? ST_CENTRED : ST_VALUE;
        cell_set(p, &r->c[i], st, t[i], x, summary_cols[i]);
        x += summary_cols[i];
    }
}

/* Draw what is left of r's cells at the cursor, as much as fits in avail points. */
static void row_draw_part(struct pdf *p, struct row *r, double avail)
{
    int k[ROW_MAX_CELLS];
    double used[ROW_MAX_CELLS], h = 0;

    for (int i = 0; i < r->n; i++) {
        struct cell *c = &r->c[i];
        k[i] = cell_fit(c, avail - 2 * PAD_Y, &used[i]);
        if (c->from < c->lines && k[i] == 0 && page_empty(p)) {
            /* Never with our sizes: a line taller than a page still makes progress. */
            k[i] = 1;
            used[i] = avail - 2 * PAD_Y;
        }
        if (used[i] > h)
            h = used[i];
    }
    h += 2 * PAD_Y;
    for (int i = 0; i < r->n; i++) {
        struct cell *c = &r->c[i];
        if (r->fill) {
            set_grey(p->cr, HEAD_FILL);
            cairo_rectangle(p->cr, c->x, p->y, c->w, h);
            cairo_fill(p->cr);
        }
        set_grey(p->cr, RULE_GREY);
        cairo_rectangle(p->cr, c->x, p->y, c->w, h);
        cairo_stroke(p->cr);
        if (k[i] == 0)
            continue;
        if (c->from == 0 && k[i] == c->lines)
            draw_layout(p->cr, c->lay, c->st, c->x + PAD_X, p->y + PAD_Y);
        else
            lines_draw(p->cr, &c->ls, c->st, c->from, k[i], c->x + PAD_X, p->y + PAD_Y);
        c->from += k[i];
    }
    p->y += h;
}

static int row_done(const struct row *r)
{
    for (int i = 0; i < r->n; i++)
        if (r->c[i].from < r->c[i].lines)
            return 0;
    return 1;
}

static int row_fits_any_line(const struct pdf *p, struct row *r)
{
    double used, avail = BODY_BOTTOM - p->y - 2 * PAD_Y;

    for (int i = 0; i < r->n; i++)
        if (cell_fit(&r->c[i], avail, &used) > 0)
            return 1;
    return 0;
}

/* Draw r at the cursor. A row that fits on a page is never split; a taller one is split between
 * lines, each part in its own bordered cells, with head (if any) repeated on each new page. */
static void row_flow(struct pdf *p, struct row *r, struct row *head)
{
    double h = row_height(r);

    if (h <= BODY_H && !room(p, h))
        return;
    while (p->rc == XY_OK && !row_done(r)) {
        if (!page_empty(p) && !row_fits_any_line(p, r)) {
            if (!new_page(p))
                return;
            if (head) {
                for (int i = 0; i < head->n; i++)
                    head->c[i].from = 0;
                row_draw_part(p, head, BODY_H);
            }
            continue;
        }
        row_draw_part(p, r, BODY_BOTTOM - p->y);
    }
}

/* A paragraph that flows over pages line by line. */
static void text_flow(struct pdf *p, enum style st, const char *text, double x, double w)
{
    PangoLayout *lay = layout(p, st, text, w);
    double h = layout_height(lay);
    struct lines ls = {NULL, 0};
    int from = 0;

    if (p->y + h <= BODY_BOTTOM + 0.01 || (page_empty(p) && h <= BODY_H)) {
        draw_layout(p->cr, lay, st, x, p->y);
        p->y += h;
        g_object_unref(lay);
        return;
    }
    lines_measure(lay, &ls);
    while (p->rc == XY_OK && from < ls.n) {
        double used;
        int k = lines_fit(&ls, from, BODY_BOTTOM - p->y, &used);
        if (k == 0 && page_empty(p)) {
            k = 1; /* never with our sizes: a line taller than a page */
            used = (double)(ls.v[from].y1 - ls.v[from].y0) / PANGO_SCALE;
        }
        if (k == 0) {
            new_page(p);
            continue;
        }
        lines_draw(p->cr, &ls, st, from, k, x, p->y);
        p->y += used;
        from += k;
    }
    free(ls.v);
    g_object_unref(lay);
}

/* ---- headings: never left alone at the foot of a page ---- */

static double heading_height(struct pdf *p, enum style st, const char *text)
{
    PangoLayout *lay = layout(p, st, text, BODY_W);
    double h = layout_height(lay);

    g_object_unref(lay);
    return h;
}

/* Draw a heading, after starting a new page unless it and the next `lead` points fit here. */
static void heading(struct pdf *p, enum style st, const char *text, double before, double after,
                    double lead)
{
    PangoLayout *lay = layout(p, st, text, st == ST_H1 ? BODY_W - 9 : BODY_W);
    double h = layout_height(lay);

    gap(p, before);
    if (room(p, h + after + (lead < BODY_H / 2 ? lead : BODY_H / 2))) {
        if (st == ST_H1) {
            /* A bar before the standard's section names, as in its sample report. */
            set_grey(p->cr, 0.15);
            cairo_rectangle(p->cr, MARGIN_X, p->y + h * 0.2, 3.5, h * 0.6);
            cairo_fill(p->cr);
            draw_layout(p->cr, lay, st, MARGIN_X + 9, p->y);
        } else {
            draw_layout(p->cr, lay, st, MARGIN_X, p->y);
        }
        p->y += h + after;
    }
    g_object_unref(lay);
}

/* The height of the first lines of a paragraph: what a heading above it is kept with. */
static double text_lead(struct pdf *p, enum style st, const char *text)
{
    PangoLayout *lay = layout(p, st, text, BODY_W);
    double h = layout_height(lay), two = 2 * 1.5 * styles[st].size_pt;

    g_object_unref(lay);
    return h < two ? h : two;
}

/* ---- detail entries ---- */

#define ENTRY_TITLE_GAP 3.0
#define ENTRY_GAP       10.0
#define SECTION_GAP     16.0
#define H1_BEFORE       18.0
#define H1_AFTER        8.0
#define H2_AFTER        6.0

struct entry {
    PangoLayout *title;
    double title_h;
    struct row *rows;
    size_t nrows;
    double h; /* all of it */
};

static void entry_build(struct pdf *p, const struct xy_report_entry *e, struct entry *out)
{
    memset(out, 0, sizeof *out);
    if (e->title && *e->title) {
        out->title = layout(p, ST_H3, e->title, BODY_W);
        out->title_h = layout_height(out->title) + ENTRY_TITLE_GAP;
    }
    out->rows = xy_calloc(e->nkv ? e->nkv : 1, sizeof *out->rows);
    out->h = out->title_h;
    for (size_t i = 0; i < e->nkv; i++) {
        struct row *r = &out->rows[out->nrows++];
        if (i + 1 < e->nkv && kv_short(&e->kv[i]) && kv_short(&e->kv[i + 1])) {
            kv_pair_row(p, r, &e->kv[i], &e->kv[i + 1]);
            i++;
        } else {
            kv_row(p, r, &e->kv[i]);
        }
        out->h += row_height(r);
    }
}

static void entry_release(struct entry *e)
{
    if (e->title)
        g_object_unref(e->title);
    for (size_t i = 0; i < e->nrows; i++)
        row_release(&e->rows[i]);
    free(e->rows);
}

/* What a heading above the entry must be kept with: the whole entry when it fits on a page,
 * else its title and first row. */
static double entry_lead(const struct entry *e)
{
    if (e->h <= BODY_H)
        return e->h;
    return e->title_h + (e->nrows ? row_height(&e->rows[0]) : 0);
}

/* An entry is kept on one page unless it is taller than a page. */
static void entry_draw(struct pdf *p, struct entry *e)
{
    if (e->h <= BODY_H) {
        if (!room(p, e->h))
            return;
    } else if (!room(p, entry_lead(e))) {
        return;
    }
    if (e->title) {
        draw_layout(p->cr, e->title, ST_H3, MARGIN_X, p->y);
        p->y += e->title_h;
    }
    for (size_t i = 0; i < e->nrows && p->rc == XY_OK; i++)
        row_flow(p, &e->rows[i], NULL);
    p->y += ENTRY_GAP;
}

static double section_lead(struct pdf *p, const struct xy_report_section *s)
{
    double h = heading_height(p, ST_H2, s->heading ? s->heading : "") + H2_AFTER;

    if (s->nentries) {
        struct entry e;
        entry_build(p, &s->entries[0], &e);
        h += entry_lead(&e);
        entry_release(&e);
    } else {
        h += text_lead(p, ST_NOTE, s->empty_note ? s->empty_note : T_NONE);
    }
    return h;
}

static void section_draw(struct pdf *p, const struct xy_report_section *s)
{
    double lead = 0;

    if (s->nentries) {
        struct entry e;
        entry_build(p, &s->entries[0], &e);
        lead = entry_lead(&e);
        entry_release(&e);
    } else {
        lead = text_lead(p, ST_NOTE, s->empty_note ? s->empty_note : T_NONE);
    }
    heading(p, ST_H2, s->heading ? s->heading : "", SECTION_GAP, H2_AFTER, lead);
    if (!s->nentries) {
        text_flow(p, ST_NOTE, s->empty_note && *s->empty_note ? s->empty_note : T_NONE, MARGIN_X,
                  BODY_W);
        return;
    }
    for (size_t i = 0; i < s->nentries && p->rc == XY_OK; i++) {
        struct entry e;
        entry_build(p, &s->entries[i], &e);
        entry_draw(p, &e);
        entry_release(&e);
    }
}

/* ---- the QR code ---- */

xy_code xy_report_qr_modules(const char *text, struct xy_report_qr *qr, struct xy_err *err)
{
    QRcode *code;
    int w;

    memset(qr, 0, sizeof *qr);
    if (!text || !*text) {
        xy_err_set(err, XY_INVALID, "报告缺少核验网址（verify_url）");
        goto invalid;
    }
    /* Level M (15 % of the symbol restorable) survives a fold or a stain on a printed page. */
    code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) {
        xy_err_set(err, XY_INVALID, "核验网址过长，无法生成二维码（%zu 字节）", strlen(text));
        goto invalid;
    }
    w = code->width;
    qr->width = w;
    qr->dark = xy_malloc((size_t)w * (size_t)w);
    for (int i = 0; i < w * w; i++)
        qr->dark[i] = code->data[i] & 1; /* bit 0: dark module (qrencode.h) */
    QRcode_free(code);
    /* Bottom right of the cover, above the caption, the symbol and its quiet zone ~30 mm. */
    qr->module_pt = QR_SIDE_PT / (w + 2 * QR_QUIET);
    qr->x_pt = PAGE_W - MARGIN_X - QR_SIDE_PT + QR_QUIET * qr->module_pt;
    qr->y_pt = BODY_BOTTOM - 16.0 - QR_SIDE_PT + QR_QUIET * qr->module_pt;
    return XY_OK;
invalid:
    if (err)
        err->field = "verify_url";
    return XY_INVALID;
}

void xy_report_qr_release(struct xy_report_qr *qr)
{
    free(qr->dark);
    qr->dark = NULL;
}

static void qr_draw(cairo_t *cr, const struct xy_report_qr *qr)
{
    double m = qr->module_pt;

    /* White under the symbol and its quiet zone: the watermark must not reach the modules. */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, qr->x_pt - QR_QUIET * m, qr->y_pt - QR_QUIET * m, QR_SIDE_PT, QR_SIDE_PT);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    /* One rectangle per horizontal run of dark modules, filled at once. */
    for (int r = 0; r < qr->width; r++) {
        int c = 0;
        while (c < qr->width) {
            int c0;
            if (!qr->dark[r * qr->width + c]) {
                c++;
                continue;
            }
            for (c0 = c; c < qr->width && qr->dark[r * qr->width + c]; c++)
                ;
            cairo_rectangle(cr, qr->x_pt + c0 * m, qr->y_pt + r * m, (c - c0) * m, m);
        }
    }
    cairo_fill(cr);
}

/* ---- the cover (page 1) ---- */

#define COVER_TABLE_W   400.0
#define COVER_KEY_W     112.0
#define COVER_TABLE_TOP 290.0

static void cover_draw(struct pdf *p, const struct xy_report_qr *qr)
{
    const struct xy_report_doc *d = p->doc;
    const double band_top = qr->y_pt - QR_QUIET * qr->module_pt - 8.0;
    const double tx = (PAGE_W - COVER_TABLE_W) / 2;
    double y, x, w;
    PangoLayout *lay;
    char line[512];

    snprintf(line, sizeof line, "报告编号：%s", d->number);
    lay = layout(p, ST_COVER_NUMBER, line, BODY_W);
    draw_layout(p->cr, lay, ST_COVER_NUMBER, MARGIN_X, BODY_TOP);
    g_object_unref(lay);

    y = 170.0;
    lay = layout(p, ST_TITLE, d->title, BODY_W);
    draw_layout(p->cr, lay, ST_TITLE, MARGIN_X, y);
    y += layout_height(lay) + 10.0;
    g_object_unref(lay);
    if (d->subtitle && *d->subtitle) {
        lay = layout(p, ST_SUBTITLE, d->subtitle, BODY_W);
        draw_layout(p->cr, lay, ST_SUBTITLE, MARGIN_X, y);
        y += layout_height(lay);
        g_object_unref(lay);
    }

    /* The cover table: subject, code, kind, report type, period, issuer, time. */
    y = y + 50.0 > COVER_TABLE_TOP ? y + 50.0 : COVER_TABLE_TOP;
    for (size_t i = 0; i < d->ncover; i++) {
        struct row r = {.n = 2};
        double h;
        cell_set(p, &r.c[0], ST_COVER_KEY, d->cover[i].key, tx, COVER_KEY_W);
        cell_set(p, &r.c[1], ST_COVER_VALUE, d->cover[i].value, tx + COVER_KEY_W,
                 COVER_TABLE_W - COVER_KEY_W);
        h = row_height(&r) + 4.0; /* the cover breathes a little more */
        if (y + h > band_top) {
            row_release(&r);
            fail(p, XY_INVALID, "cover", "封面内容过多，无法排在第一页（%s）",
                 d->cover[i].key ? d->cover[i].key : "");
            return;
        }
        set_grey(p->cr, RULE_GREY);
        cairo_rectangle(p->cr, tx, y, COVER_KEY_W, h);
        cairo_rectangle(p->cr, tx + COVER_KEY_W, y, COVER_TABLE_W - COVER_KEY_W, h);
        cairo_stroke(p->cr);
        draw_layout(p->cr, r.c[0].lay, ST_COVER_KEY, tx + PAD_X, y + PAD_Y + 2.0);
        draw_layout(p->cr, r.c[1].lay, ST_COVER_VALUE, tx + COVER_KEY_W + PAD_X, y + PAD_Y + 2.0);
        y += h;
        row_release(&r);
    }

    /* The bottom band: verification code, issuer and time at the left, the QR code at the
     * right with its caption. */
    qr_draw(p->cr, qr);
    lay = layout(p, ST_CAPTION, T_QR_CAPTION, QR_SIDE_PT);
    draw_layout(p->cr, lay, ST_CAPTION, PAGE_W - MARGIN_X - QR_SIDE_PT,
                qr->y_pt + (qr->width + QR_QUIET) * qr->module_pt + 1.0);
    g_object_unref(lay);

    x = MARGIN_X;
    w = BODY_W - QR_SIDE_PT - 16.0;
    y = band_top + 8.0;
    {
        const struct {
            enum style st;
            const char *label, *value;
        } lines[] = {
            {ST_CODE, "核验码：", d->verify_code},
            {ST_COVER_LINE, "出具机构：", d->issuer},
            {ST_COVER_LINE, "出具时间：", d->issued_at},
        };
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
            if (!lines[i].value || !*lines[i].value)
                continue;
            snprintf(line, sizeof line, "%s%s", lines[i].label, lines[i].value);
            lay = layout(p, lines[i].st, line, w);
            draw_layout(p->cr, lay, lines[i].st, x, y);
            y += layout_height(lay) + 6.0;
            g_object_unref(lay);
        }
    }
}

/* ---- the body (pages 2 ...) ---- */

static void table_flow(struct pdf *p, struct row *rows, size_t n, struct row *head)
{
    if (head)
        row_flow(p, head, NULL);
    for (size_t i = 0; i < n && p->rc == XY_OK; i++)
        row_flow(p, &rows[i], head);
}

static void body_draw(struct pdf *p)
{
    const struct xy_report_doc *d = p->doc;
    struct row *rows;
    struct row head = {0};
    double lead;

    if (!new_page(p))
        return;

    /* 报告说明 */
    lead = d->nexplanation ? text_lead(p, ST_BODY, d->explanation[0]) : 0;
    heading(p, ST_H1, T_EXPLANATION, 0, H1_AFTER, lead);
    for (size_t i = 0; i < d->nexplanation && p->rc == XY_OK; i++) {
        text_flow(p, ST_BODY, d->explanation[i] ? d->explanation[i] : "", MARGIN_X, BODY_W);
        p->y += 4.0;
    }

    /* 基本信息: a two-column table */
    rows = xy_calloc(d->nbasic ? d->nbasic : 1, sizeof *rows);
    for (size_t i = 0; i < d->nbasic; i++)
        kv_row(p, &rows[i], &d->basic[i]);
    lead = d->nbasic ? row_height(&rows[0]) : text_lead(p, ST_NOTE, T_NONE);
    heading(p, ST_H1, T_BASIC, H1_BEFORE, H1_AFTER, lead);
    if (d->nbasic)
        table_flow(p, rows, d->nbasic, NULL);
    else
        text_flow(p, ST_NOTE, T_NONE, MARGIN_X, BODY_W);
    for (size_t i = 0; i < d->nbasic; i++)
        row_release(&rows[i]);
    free(rows);

    /* 信息概要: 信息类别 · 条数 · 说明, the header repeated on each page it runs over */
    rows = xy_calloc(d->nsummary ? d->nsummary : 1, sizeof *rows);
    summary_row(p, &head, "信息类别", "条数", "说明", 1);
    for (size_t i = 0; i < d->nsummary; i++)
        summary_row(p, &rows[i], d->summary[i].category, d->summary[i].count, d->summary[i].note,
                    0);
    lead = row_height(&head) + (d->nsummary ? row_height(&rows[0]) : 0);
    heading(p, ST_H1, T_SUMMARY, H1_BEFORE, H1_AFTER, lead);
    table_flow(p, rows, d->nsummary, &head);
    row_release(&head);
    for (size_t i = 0; i < d->nsummary; i++)
        row_release(&rows[i]);
    free(rows);

    /* 详细信息, section by section */
    lead = d->nsections ? section_lead(p, &d->sections[0]) : text_lead(p, ST_NOTE, T_NONE);
    heading(p, ST_H1, T_DETAILS, H1_BEFORE, H1_AFTER - H2_AFTER, lead);
    for (size_t i = 0; i < d->nsections && p->rc == XY_OK; i++)
        section_draw(p, &d->sections[i]);
    if (!d->nsections)
        text_flow(p, ST_NOTE, T_NONE, MARGIN_X, BODY_W);

    if (d->footer_note && *d->footer_note) {
        gap(p, SECTION_GAP);
        text_flow(p, ST_FOOTER_NOTE, d->footer_note, MARGIN_X, BODY_W);
    }
}

/* ---- pass 2: onto the PDF ---- */

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int n)
{
    struct pdf *p = closure;

    if (xy_buf_add(p->out, data, n) != XY_OK) {
        p->out_full = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* The report number three times along the page's diagonal, light grey, under everything. It
 * is drawn as outlines, not text: diagonal glyphs in the text layer would be read (by
 * pdftotext, by a copy and paste) in pieces between the lines of the report itself. Drawn
 * once into a recording that every page paints, so the PDF holds its outlines once. */
static cairo_surface_t *watermark_new(PangoLayout *wm)
{
    const double w = layout_width(wm), h = layout_height(wm);
    cairo_rectangle_t page = {0, 0, PAGE_W, PAGE_H};
    cairo_surface_t *s = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    cairo_t *cr = cairo_create(s);

    for (int i = 0; i < 3; i++) {
        cairo_save(cr);
        cairo_translate(cr, PAGE_W / 2, PAGE_H * (0.25 + 0.25 * i));
        cairo_rotate(cr, -M_PI / 6);
        cairo_move_to(cr, -w / 2, -h / 2);
        pango_cairo_layout_path(cr, wm);
        cairo_restore(cr);
    }
    set_grey(cr, styles[ST_WATERMARK].grey);
    cairo_fill(cr);
    cairo_destroy(cr);
    return s;
}

static void compose(struct pdf *p, cairo_t *cr)
{
    const struct xy_report_doc *d = p->doc;
    char line[512];
    PangoLayout *wm, *head_title, *head_no, *foot_no;
    cairo_surface_t *wm_page;

    snprintf(line, sizeof line, "报告编号：%s", d->number);
    wm = layout(p, ST_WATERMARK, d->number, 0);
    head_title = layout(p, ST_RUNNING, d->title, BODY_W * 0.6);
    pango_layout_set_ellipsize(head_title, PANGO_ELLIPSIZE_END);
    head_no = layout(p, ST_RUNNING_RIGHT, line, BODY_W);
    foot_no = layout(p, ST_RUNNING, line, BODY_W);
    cairo_set_line_width(cr, RULE_W);
    wm_page = watermark_new(wm);
    for (int i = 0; i < p->npages; i++) {
        PangoLayout *num;

        cairo_set_source_surface(cr, wm_page, 0, 0);
        cairo_paint(cr);
        cairo_set_source_surface(cr, p->pages[i], 0, 0);
        cairo_paint(cr);
        if (i > 0) {
            draw_layout(cr, head_title, ST_RUNNING, MARGIN_X, BODY_TOP - 32.0);
            draw_layout(cr, head_no, ST_RUNNING_RIGHT, MARGIN_X, BODY_TOP - 32.0);
            set_grey(cr, 0.6);
            cairo_move_to(cr, MARGIN_X, BODY_TOP - 14.0);
            cairo_line_to(cr, PAGE_W - MARGIN_X, BODY_TOP - 14.0);
            cairo_stroke(cr);
        }
        draw_layout(cr, foot_no, ST_RUNNING, MARGIN_X, BODY_BOTTOM + 26.0);
        snprintf(line, sizeof line, "第 %d 页 共 %d 页", i + 1, p->npages);
        num = layout(p, ST_RUNNING_CENTRE, line, BODY_W);
        draw_layout(cr, num, ST_RUNNING_CENTRE, MARGIN_X, BODY_BOTTOM + 26.0);
        g_object_unref(num);
        cairo_show_page(cr);
    }
    cairo_surface_destroy(wm_page);
    g_object_unref(wm);
    g_object_unref(head_title);
    g_object_unref(head_no);
    g_object_unref(foot_no);
}

/* PDF dates are written by cairo from an ISO 8601 string; the report's own time, in China
 * Standard Time, rather than the clock, so the same document gives the same bytes. */
static void set_metadata(cairo_surface_t *s, const struct xy_report_doc *d)
{
    char when[32], subject[256];
    time_t t = (time_t)(d->created_at + 8 * 3600);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
    snprintf(subject, sizeof subject, "报告编号 %s", d->number);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->issuer && *d->issuer)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->issuer);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, subject);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "xinyong");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, when);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, when);
}

/* ---- fonts ---- */

xy_code xy_report_font_check(const char *family, struct xy_err *err)
{
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    PangoContext *pc = pango_font_map_create_context(fm);
    PangoFontDescription *want = pango_font_description_new();
    PangoFontDescription *got = NULL;
    PangoFont *font;
    const char *name = NULL;
    xy_code rc = XY_OK;

    pango_font_description_set_family(want, family);
    pango_font_description_set_absolute_size(want, 10 * PANGO_SCALE);
    font = pango_font_map_load_font(fm, pc, want);
    if (font) {
        got = pango_font_describe(font);
        name = pango_font_description_get_family(got);
    }
    /* fontconfig always answers with some face; only the one asked for will do. */
    if (!name || g_ascii_strcasecmp(name, family) != 0 || strncmp(name, "Noto ", 5) != 0 ||
        !strstr(name, " CJK ")) {
        rc = xy_err_set(err, XY_INTERNAL, "找不到 Noto CJK 字体，请安装 fonts-noto-cjk");
        xy_err_detail(err, "fontconfig resolved \"%s\" to \"%s\"", family,
                      name ? name : "(nothing)");
    }
    if (got)
        pango_font_description_free(got);
    if (font)
        g_object_unref(font);
    pango_font_description_free(want);
    g_object_unref(pc);
    return rc;
}

xy_code xy_report_fonts_check(struct xy_err *err)
{
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++) {
        xy_code rc = xy_report_font_check(families[i], err);
        if (rc != XY_OK)
            return rc;
    }
    return XY_OK;
}

/* ---- the document ---- */

static int too_long(const char *s)
{
    return s && strnlen(s, XY_REPORT_MAX_TEXT_BYTES + 1) > XY_REPORT_MAX_TEXT_BYTES;
}

static int kv_too_long(const struct xy_report_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (too_long(kv[i].key) || too_long(kv[i].value))
            return 1;
    return 0;
}

/* The first field holding a string longer than XY_REPORT_MAX_TEXT_BYTES, or NULL. */
static const char *long_field(const struct xy_report_doc *d)
{
    if (too_long(d->title) || too_long(d->subtitle) || too_long(d->number) ||
        too_long(d->verify_code) || too_long(d->issuer) || too_long(d->issued_at))
        return "title";
    if (kv_too_long(d->cover, d->ncover))
        return "cover";
    for (size_t i = 0; i < d->nexplanation; i++)
        if (too_long(d->explanation[i]))
            return "explanation";
    if (kv_too_long(d->basic, d->nbasic))
        return "basic";
    for (size_t i = 0; i < d->nsummary; i++)
        if (too_long(d->summary[i].category) || too_long(d->summary[i].count) ||
            too_long(d->summary[i].note))
            return "summary";
    for (size_t i = 0; i < d->nsections; i++) {
        const struct xy_report_section *s = &d->sections[i];
        if (too_long(s->heading) || too_long(s->empty_note))
            return "sections";
        for (size_t j = 0; j < s->nentries; j++)
            if (too_long(s->entries[j].title) || kv_too_long(s->entries[j].kv, s->entries[j].nkv))
                return "sections";
    }
    if (too_long(d->footer_note))
        return "footer_note";
    return NULL;
}

static xy_code doc_check(const struct xy_report_doc *d, struct xy_err *err)
{
    const char *field;
    static const struct {
        const char *field, *label;
        size_t off;
    } required[] = {
        {"title", "标题", offsetof(struct xy_report_doc, title)},
        {"number", "报告编号", offsetof(struct xy_report_doc, number)},
        {"verify_code", "核验码", offsetof(struct xy_report_doc, verify_code)},
        {"verify_url", "核验网址", offsetof(struct xy_report_doc, verify_url)},
    };
    const struct {
        const char *field;
        const void *p;
        size_t n;
    } arrays[] = {
        {"cover", d->cover, d->ncover},          {"explanation", d->explanation, d->nexplanation},
        {"basic", d->basic, d->nbasic},          {"summary", d->summary, d->nsummary},
        {"sections", d->sections, d->nsections},
    };

    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        const char *v = *(const char *const *)((const char *)d + required[i].off);
        if (!v || !*v) {
            xy_err_set(err, XY_INVALID, "报告缺少%s（%s）", required[i].label, required[i].field);
            if (err)
                err->field = required[i].field;
            return XY_INVALID;
        }
    }
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        if (arrays[i].n && !arrays[i].p) {
            xy_err_set(err, XY_INVALID, "报告的 %s 有 %zu 项却没有内容", arrays[i].field,
                       arrays[i].n);
            if (err)
                err->field = arrays[i].field;
            return XY_INVALID;
        }
    for (size_t i = 0; i < d->nsections; i++)
        for (size_t j = 0; j < d->sections[i].nentries; j++)
            if (!d->sections[i].entries ||
                (d->sections[i].entries[j].nkv && !d->sections[i].entries[j].kv)) {
                xy_err_set(err, XY_INVALID, "报告第 %zu 部分的记录没有内容", i + 1);
                if (err)
                    err->field = "sections";
                return XY_INVALID;
            }
    if ((field = long_field(d)) != NULL) {
        xy_err_set(err, XY_TOO_LARGE, "报告的 %s 中有超过 %d 字节的文字", field,
                   XY_REPORT_MAX_TEXT_BYTES);
        if (err)
            err->field = field;
        return XY_TOO_LARGE;
    }
    return XY_OK;
}

static void pdf_release(struct pdf *p)
{
    if (p->cr)
        cairo_destroy(p->cr);
    for (int i = 0; i < p->npages; i++)
        cairo_surface_destroy(p->pages[i]);
    free(p->pages);
    for (int i = 0; i < ST_COUNT; i++)
        if (p->font[i])
            pango_font_description_free(p->font[i]);
    if (p->cache)
        g_hash_table_destroy(p->cache);
    if (p->pc)
        g_object_unref(p->pc);
    xy_buf_release(&p->text);
}

/* Speed (issue 7 asks for >= 50 PDFs/s for a subject with 50 records): each string is shaped
 * once; repeated short strings share a layout; only the two regular faces are embedded,
 * because cairo 1.16 reads a face's whole CFF table (23 MB for Noto Sans CJK) twice per PDF to
 * subset it, about 4 ms a face on this machine, whatever the number of glyphs used. */
xy_code xy_report_pdf(const struct xy_report_doc *doc, struct xy_buf *out, struct xy_err *err)
{
    struct pdf p = {.doc = doc, .out = out, .err = err, .rc = XY_OK};
    struct xy_report_qr qr = {0};
    size_t start = out->len;
    cairo_font_options_t *fo;
    cairo_surface_t *surface;
    cairo_t *cr;
    cairo_status_t st;

    last_pages = 0;
    if ((p.rc = doc_check(doc, err)) != XY_OK)
        return p.rc;
    if ((p.rc = xy_report_fonts_check(err)) != XY_OK)
        return p.rc;
    if ((p.rc = xy_report_qr_modules(doc->verify_url, &qr, err)) != XY_OK)
        return p.rc;

    /* A context of our own on the thread's font map: metrics unhinted and 72 dpi, so a font
     * size is in points and the layout does not depend on any device. */
    p.pc = pango_font_map_create_context(pango_cairo_font_map_get_default());
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p.pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(p.pc, 72.0);
    pango_context_set_round_glyph_positions(p.pc, FALSE);
    pango_context_set_language(p.pc, pango_language_from_string("zh-cn"));
    for (int i = 0; i < ST_COUNT; i++) {
        p.font[i] = pango_font_description_new();
        pango_font_description_set_family_static(p.font[i], families[styles[i].face]);
        pango_font_description_set_absolute_size(p.font[i], styles[i].size_pt * PANGO_SCALE);
    }
    p.cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    xy_buf_init(&p.text, 0);

    /* Pass 1: lay out, page by page, into recordings. */
    if (new_page(&p))
        cover_draw(&p, &qr);
    if (p.rc == XY_OK)
        body_draw(&p);
    if (p.cr) {
        cairo_destroy(p.cr);
        p.cr = NULL;
    }
    if (p.rc != XY_OK)
        goto out;

    /* Pass 2: M is known; onto the PDF. */
    surface = cairo_pdf_surface_create_for_stream(write_out, &p, PAGE_W, PAGE_H);
    set_metadata(surface, doc);
    cr = cairo_create(surface);
    compose(&p, cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (p.out_full) {
        p.rc = xy_err_set(err, XY_TOO_LARGE, "报告 PDF 超过输出缓冲区上限（%zu 字节）", out->max);
        if (err)
            err->field = "sections";
    } else if (st != CAIRO_STATUS_SUCCESS) {
        p.rc = xy_err_set(err, XY_INTERNAL, "could not write the report PDF: %s",
                          cairo_status_to_string(st));
    } else {
        last_pages = p.npages;
    }
out:
    if (p.rc != XY_OK) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    xy_report_qr_release(&qr);
    pdf_release(&p);
    return p.rc;
}

int xy_report_pdf_pages(void)
{
    return last_pages;
}
