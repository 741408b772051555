/* sheet.c - a department's table, CSV or xlsx, read row by row and written (layer: service)
 *
 * CSV goes through the ingest readers (decode.h: BOM and GB18030; lines.h: the line cap;
 * ingest_csv.c: libcsv), so a screening file and a batch file are read alike. An xlsx is a zip
 * of XML parts (ECMA-376 part 1): xl/workbook.xml names the sheets in tab order, its
 * relationships part (xl/_rels/workbook.xml.rels) says which file each is, and the cells of a
 * sheet either hold their text (inline strings, numbers) or an index into
 * xl/sharedStrings.xml. The sheet is streamed through expat straight out of the archive, so
 * what is held is one row plus the shared strings (capped by XY_SHEET_MAX_SST).
 */
#include "service/sheet.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "service/decode.h"
#include "service/lines.h"
#include "service/reader.h"

#define MAX_PART_BYTES (4u << 20) /* workbook.xml and its relationships: small parts */
#define XLSX_MAX_CHARS 32767      /* Excel's limit on the text of one cell */

/* ---- one row being handed over ---- */

struct row {
    const char *name; /* the file, as the clerk calls it */
    xy_sheet_row_fn fn;
    xy_sheet_issue_fn issue;
    void *arg;
    int stopped; /* a callback asked to stop */
    int failed;  /* a row problem without an issue callback: err is set */
    struct xy_err *err;
    const char *cells[XY_SHEET_MAX_COLS];
};

/* A row's problem: to the issue callback, or (without one) the error that ends the read. */
static void row_issue(struct row *r, long line, const char *id, const char *zh)
{
    if (r->issue) {
        if (r->issue(r->arg, line, id, zh))
            r->stopped = 1;
        return;
    }
    xy_err_set(r->err, XY_INVALID, "“%s”第%ld行：%s", r->name, line, zh);
    r->err->line = line;
    r->failed = 1;
}

static int valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = xy_utf8_seq((const unsigned char *)s + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* Check the cells of one row and hand them over; n may exceed XY_SHEET_MAX_COLS when the
 * cells past it are empty (a spreadsheet's formatted but unused columns). */
static void row_emit(struct row *r, long line, const char *const *cells, const size_t *lens,
                     size_t n)
{
    char zh[160];
    size_t used = 0;

    for (size_t i = 0; i < n; i++) {
        if (lens[i] == 0)
            continue;
        if (i >= XY_SHEET_MAX_COLS) {
            snprintf(zh, sizeof(zh), "第%zu列有内容，超过%d列的上限", i + 1, XY_SHEET_MAX_COLS);
            row_issue(r, line, "row.too_many_columns", zh);
            return;
        }
        if (lens[i] > XY_SHEET_MAX_CELL) {
            snprintf(zh, sizeof(zh), "第%zu列的内容超过%d字节的上限", i + 1, XY_SHEET_MAX_CELL);
            row_issue(r, line, "cell.too_long", zh);
            return;
        }
        if (!valid_utf8(cells[i], lens[i])) {
            snprintf(zh, sizeof(zh), "第%zu列含有无法识别的字符（文件须为 UTF-8 或 GB18030 编码）",
                     i + 1);
            row_issue(r, line, "cell.bad_encoding", zh);
            return;
        }
        used = i + 1;
    }
    if (used == 0)
        return; /* an empty row: nothing to hand over */
    for (size_t i = 0; i < used; i++)
        r->cells[i] = cells[i];
    if (r->fn(r->arg, line, r->cells, used))
        r->stopped = 1;
}

/* ---- CSV ---- */

struct csv_read {
    struct row *r;
    struct xy_buf unq; /* a cell with the formula guard taken off */
};

static xy_code csv_record(void *ctx, long line, const char *const *keys, const char *const *cols,
                          const size_t *lens, size_t n, struct xy_err *err)
{
    struct csv_read *c = ctx;
    const char *cells[XY_READER_MAX_COLS];
    size_t cl[XY_READER_MAX_COLS];
    size_t off[XY_READER_MAX_COLS];
    int guarded = 0;
    (void)keys;

    xy_buf_reset(&c->unq);
    for (size_t i = 0; i < n; i++) {
        cells[i] = cols[i];
        cl[i] = lens[i];
        /* the writer's guard: '=SUM(...) was =SUM(...) before it was written */
        if (lens[i] >= 2 && cols[i][0] == '\'' && strchr("=+-@\t\r", cols[i][1])) {
            off[i] = c->unq.len;
            xy_buf_add(&c->unq, cols[i] + 1, lens[i] - 1);
            xy_buf_addc(&c->unq, '\0');
            cl[i] = lens[i] - 1;
            guarded = 1;
        } else {
            off[i] = SIZE_MAX;
        }
    }
    if (guarded)
        for (size_t i = 0; i < n; i++)
            if (off[i] != SIZE_MAX)
                cells[i] = c->unq.data + off[i];
    /* an embedded NUL would cut the cell short without a word: refuse it */
    for (size_t i = 0; i < n; i++)
        if (strlen(cells[i]) != cl[i]) {
            char zh[120];
            snprintf(zh, sizeof(zh), "第%zu列含有空字符（NUL），不是文本", i + 1);
            row_issue(c->r, line, "cell.bad_encoding", zh);
            goto done;
        }
    row_emit(c->r, line, cells, cl, n);
done:
    if (c->r->failed)
        return c->r->err->code;
    return c->r->stopped ? XY_CONFLICT : XY_OK; /* XY_CONFLICT: stop, not an error */
}

static void csv_issue(void *ctx, long line, const char *id, const char *zh)
{
    struct csv_read *c = ctx;

    if (!c->r->stopped && !c->r->failed)
        row_issue(c->r, line, id, zh);
}

static xy_code read_csv(const char *path, struct row *r, struct xy_err *err)
{
    struct csv_read c = {r, XY_BUF_INIT};
    struct xy_reader_sink sink = {&c, csv_record, csv_issue};
    struct xy_decoder *dec = xy_calloc(1, sizeof(*dec));
    struct xy_lines lines;
    xy_code rc;

    if ((rc = xy_decoder_open(dec, path, XY_ENC_AUTO, err)) != XY_OK) {
        free(dec);
        return rc == XY_NOT_FOUND ? rc : xy_err_set(err, XY_IO, "无法读取“%s”", r->name);
    }
    xy_lines_init(&lines, dec, XY_SHEET_MAX_LINE);
    rc = xy_csv_read(&lines, &sink, err);
    if (rc == XY_CONFLICT && r->stopped && !r->failed) {
        xy_err_clear(err);
        rc = XY_OK;
    }
    if (rc == XY_OK && r->failed) /* an issue without a callback: err is set */
        rc = err->code;
    xy_lines_release(&lines);
    xy_decoder_close(dec);
    free(dec);
    xy_buf_release(&c.unq);
    return rc;
}

/* ---- xlsx: the archive's small parts ---- */

/* A whole part of the archive into b (NUL-terminated), at most max bytes. XY_NOT_FOUND when the
 * archive has no such part. */
static xy_code zip_part(zip_t *z, const char *part, size_t max, struct xy_buf *b, const char *name,
                        struct xy_err *err)
{
    zip_file_t *f = zip_fopen(z, part, 0);
    char chunk[16384];
    zip_int64_t n;

    if (!f)
        return XY_NOT_FOUND;
    while ((n = zip_fread(f, chunk, sizeof(chunk))) > 0) {
        if (b->len + (size_t)n > max) {
            zip_fclose(f);
            return xy_err_set(err, XY_INVALID, "“%s”的 %s 超过%zu字节，不像是正常的 xlsx 文件",
                              name, part, max);
        }
        xy_buf_add(b, chunk, (size_t)n);
    }
    zip_fclose(f);
    if (n < 0)
        return xy_err_set(err, XY_INVALID, "“%s”已损坏：无法解压 %s", name, part);
    xy_buf_addc(b, '\0');
    return XY_OK;
}

/* The local part of an expat name ("ns|local" with the parser's '|' separator). */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (!strcmp(local(atts[i]), want))
            return atts[i + 1];
    return NULL;
}

/* "r:id" of the relationships namespace, not a plain attribute called "id". */
static const char *rel_id(const char **atts)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strchr(atts[i], '|') && !strcmp(local(atts[i]), "id"))
            return atts[i + 1];
    return NULL;
}

/* ---- expat, fenced in ----
 *
 * An xlsx is small on disk and can be huge inside: a sheet nesting <a> a hundred million deep
 * packs into a few hundred kilobytes, and expat would keep every open element (gigabytes).
 * Every parser here therefore allocates through a counting allocator that refuses past a
 * budget, counts element depth and elements, and the parts are counted as they unpack. */

#define XML_MAX_MEMORY     (32u << 20)               /* what one parser may hold */
#define XML_MAX_DEPTH      32                        /* a sheet needs 6 levels; 32 leaves room */
#define XML_MAX_ELEMENTS   50000000L                 /* elements in one part */
#define XML_MAX_PART_BYTES ((zip_uint64_t)256 << 20) /* what one part unpacks to */

struct budget {
    size_t used;
    int refused; /* an allocation was refused: expat reports "out of memory" */
};

/* expat's allocator has no context argument; the parser being made or run on this thread is
 * the one charged. Each block carries its size and its budget, so a free is credited back to
 * the budget it was taken from. */
static _Thread_local struct budget *charged;

union block {
    struct {
        size_t size;
        struct budget *b;
    } h;
    max_align_t align;
};

static void *guard_malloc(size_t n)
{
    struct budget *b = charged;
    union block *k;

    if (b && (n > XML_MAX_MEMORY || b->used + n > XML_MAX_MEMORY)) {
        b->refused = 1;
        return NULL;
    }
    k = malloc(sizeof(*k) + n);
    if (!k)
        return NULL;
    k->h.size = n;
    k->h.b = b;
    if (b)
        b->used += n;
    return k + 1;
}

static void guard_free(void *ptr)
{
    union block *k = ptr ? (union block *)ptr - 1 : NULL;

    if (!k)
        return;
    if (k->h.b)
        k->h.b->used -= k->h.size;
    free(k);
}

static void *guard_realloc(void *ptr, size_t n)
{
    union block *k, *nk;
    struct budget *b;

    if (!ptr)
        return guard_malloc(n);
    k = (union block *)ptr - 1;
    b = k->h.b;
    if (b && n > k->h.size && (n > XML_MAX_MEMORY || b->used - k->h.size + n > XML_MAX_MEMORY)) {
        b->refused = 1;
        return NULL; /* the old block stays as it was */
    }
    nk = realloc(k, sizeof(*nk) + n);
    if (!nk)
        return NULL;
    if (b)
        b->used = b->used - nk->h.size + n;
    nk->h.size = n;
    return nk + 1;
}

static const XML_Memory_Handling_Suite guard_suite = {guard_malloc, guard_realloc, guard_free};

/* One parser and the handlers it runs for; the handlers get ud, as if set directly. */
struct guard {
    XML_Parser p;
    struct budget mem;
    void *ud;
    XML_StartElementHandler start;
    XML_EndElementHandler end;
    XML_CharacterDataHandler text;
    const char *name; /* the file, as the clerk calls it */
    const char *part;
    int *stop;          /* the handlers' own "stopped on purpose" flag */
    int depth;          /* elements open */
    long elements;      /* elements started */
    zip_uint64_t bytes; /* unpacked so far */
    const char *why;    /* the guard stopped the parse: what to tell the clerk */
};

static void guard_stop(struct guard *g, const char *why)
{
    if (!g->why)
        g->why = why;
    XML_StopParser(g->p, XML_FALSE);
}

static void XMLCALL guard_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct guard *g = ud;

    if (g->why)
        return;
    if (++g->depth > XML_MAX_DEPTH) {
        guard_stop(g, "元素嵌套过深");
        return;
    }
    if (++g->elements > XML_MAX_ELEMENTS) {
        guard_stop(g, "元素过多");
        return;
    }
    if (g->start)
        g->start(g->ud, el, atts);
}

static void XMLCALL guard_end(void *ud, const XML_Char *el)
{
    struct guard *g = ud;

    g->depth--;
    if (!g->why && g->end)
        g->end(g->ud, el);
}

static void XMLCALL guard_text(void *ud, const XML_Char *t, int len)
{
    struct guard *g = ud;

    if (!g->why && g->text)
        g->text(g->ud, t, len);
}

/* A document type declaration has no place in an xlsx; refusing it shuts out entity tricks. */
static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    struct guard *g = ud;

    XML_StopParser(g->p, XML_FALSE);
}

/* A parser for part of the file, fenced in; *self (the handlers' own copy) is set too. */
static void guard_init(struct guard *g, void *ud, XML_Parser *self, const char *name,
                       const char *part, int *stop)
{
    memset(g, 0, sizeof(*g));
    g->ud = ud;
    g->name = name;
    g->part = part;
    g->stop = stop;
    charged = &g->mem;
    g->p = XML_ParserCreate_MM(NULL, &guard_suite, "|");
    charged = NULL;
    if (!g->p)
        abort(); /* allocation failure aborts: a new parser is far below the budget */
    *self = g->p;
    XML_SetUserData(g->p, g);
    XML_SetStartDoctypeDeclHandler(g->p, no_doctype);
    XML_SetElementHandler(g->p, guard_start, guard_end);
    XML_SetCharacterDataHandler(g->p, guard_text);
}

static enum XML_Status guard_parse(struct guard *g, const char *s, int len, int final)
{
    enum XML_Status st;

    charged = &g->mem;
    st = XML_Parse(g->p, s, len, final);
    charged = NULL;
    return st;
}

static void guard_free_parser(struct guard *g)
{
    if (g->p)
        XML_ParserFree(g->p);
    g->p = NULL;
}

/* Why the guard ended the parse, in words for the clerk; XY_OK when it did not. */
static xy_code guard_error(struct guard *g, struct xy_err *err)
{
    if (g->mem.refused)
        return xy_err_set(err, XY_INVALID, "“%s”的 %s 表格结构过于复杂或文件已损坏", g->name,
                          g->part);
    if (g->why)
        return xy_err_set(err, XY_INVALID, "“%s”的 %s %s，表格结构过于复杂或文件已损坏", g->name,
                          g->part, g->why);
    return XY_OK;
}

struct wb_scan {
    XML_Parser p;
    char rid[128];    /* the first sheet's r:id */
    char sheet[256];  /* from the relationships: its part */
    char sst[256];    /* the shared strings part */
    const char *want; /* the r:id looked for in the relationships */
    int have_sheet;
};

static void XMLCALL wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct wb_scan *w = ud;
    const char *id;

    if (!w->rid[0] && !strcmp(local(el), "sheet") && (id = rel_id(atts)) != NULL)
        snprintf(w->rid, sizeof(w->rid), "%s", id);
}

/* A relationship's target as a part name: relative to xl/, or absolute from the root. */
static void target_part(const char *target, char *out, size_t cap)
{
    if (target[0] == '/')
        snprintf(out, cap, "%s", target + 1);
    else if (!strncmp(target, "../", 3))
        snprintf(out, cap, "%s", target + 3);
    else
        snprintf(out, cap, "xl/%s", target);
}

static void XMLCALL rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct wb_scan *w = ud;
    const char *id, *target, *type;
    size_t tl;

    if (strcmp(local(el), "Relationship"))
        return;
    id = attr(atts, "Id");
    target = attr(atts, "Target");
    type = attr(atts, "Type");
    if (!target || strlen(target) > 200)
        return;
    if (id && w->want && !strcmp(id, w->want) && !w->have_sheet) {
        target_part(target, w->sheet, sizeof(w->sheet));
        w->have_sheet = 1;
    }
    tl = type ? strlen(type) : 0;
    if (tl >= 14 && !strcmp(type + tl - 14, "/sharedStrings"))
        target_part(target, w->sst, sizeof(w->sst));
}

/* Parse a whole small part; 0 when it is not well-formed XML. */
static int parse_part(const struct xy_buf *b, void *ud, XML_Parser *self,
                      XML_StartElementHandler start, const char *name, const char *part)
{
    struct guard g;
    int ok;

    guard_init(&g, ud, self, name, part, NULL);
    g.start = start;
    ok = guard_parse(&g, b->data, (int)(b->len - 1), XML_TRUE) == XML_STATUS_OK;
    guard_free_parser(&g);
    return ok;
}

/* Which part is the first sheet, and where the shared strings are. */
static xy_code find_parts(zip_t *z, const char *name, struct wb_scan *w, struct xy_err *err)
{
    struct xy_buf b = XY_BUF_INIT;
    xy_code rc;

    snprintf(w->sheet, sizeof(w->sheet), "xl/worksheets/sheet1.xml");
    snprintf(w->sst, sizeof(w->sst), "xl/sharedStrings.xml");
    rc = zip_part(z, "xl/workbook.xml", MAX_PART_BYTES, &b, name, err);
    if (rc == XY_OK && parse_part(&b, w, &w->p, wb_start, name, "xl/workbook.xml") && w->rid[0]) {
        char first[256];
        snprintf(first, sizeof(first), "%s", w->sheet);
        xy_buf_reset(&b);
        rc = zip_part(z, "xl/_rels/workbook.xml.rels", MAX_PART_BYTES, &b, name, err);
        w->want = w->rid;
        if (rc == XY_OK &&
            (!parse_part(&b, w, &w->p, rels_start, name, "xl/_rels/workbook.xml.rels") ||
             !w->have_sheet))
            snprintf(w->sheet, sizeof(w->sheet), "%s", first);
    }
    /* a missing or odd workbook part: sheet1.xml, where every writer puts the first sheet */
    if (rc == XY_NOT_FOUND)
        rc = XY_OK;
    xy_buf_release(&b);
    return rc;
}

/* ---- xlsx: shared strings ---- */

struct sst {
    XML_Parser p;
    struct xy_buf text; /* every string, NUL-terminated, one after the other */
    uint32_t *off;      /* where string i starts in text */
    size_t n, cap;
    int in_si, in_t, in_rph; /* inside <si>, a <t> of it, a phonetic run (not shown) */
    size_t si_start;
    int over; /* past XY_SHEET_MAX_SST */
};

static size_t sst_bytes(const struct sst *s)
{
    return s->text.len + s->n * sizeof(uint32_t);
}

static void XMLCALL sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct sst *s = ud;
    const char *l = local(el);

    if (!strcmp(l, "si")) {
        s->in_si = 1;
        s->si_start = s->text.len;
    } else if (s->in_si && !strcmp(l, "rPh")) {
        s->in_rph = 1;
    } else if (s->in_si && !s->in_rph && !strcmp(l, "t")) {
        s->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *el)
{
    struct sst *s = ud;
    const char *l = local(el);

    if (!strcmp(l, "t")) {
        s->in_t = 0;
    } else if (!strcmp(l, "rPh")) {
        s->in_rph = 0;
    } else if (!strcmp(l, "si") && s->in_si) {
        s->in_si = 0;
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 1024;
            s->off = xy_realloc(s->off, s->cap * sizeof(*s->off));
        }
        s->off[s->n++] = (uint32_t)s->si_start;
        xy_buf_addc(&s->text, '\0');
        if (sst_bytes(s) > XY_SHEET_MAX_SST) {
            s->over = 1;
            XML_StopParser(s->p, XML_FALSE);
        }
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *t, int len)
{
    struct sst *s = ud;
    size_t have;

    if (!s->in_t)
        return;
    /* keep one byte past the cell cap: enough to know the cell is too long */
    have = s->text.len - s->si_start;
    if (have > XY_SHEET_MAX_CELL)
        return;
    if ((size_t)len > XY_SHEET_MAX_CELL + 1 - have)
        len = (int)(XY_SHEET_MAX_CELL + 1 - have);
    xy_buf_add(&s->text, t, (size_t)len);
    if (sst_bytes(s) > XY_SHEET_MAX_SST) {
        s->over = 1;
        XML_StopParser(s->p, XML_FALSE);
    }
}

static void sst_release(struct sst *s)
{
    xy_buf_release(&s->text);
    free(s->off);
}

static xy_code xml_error(XML_Parser p, const char *name, const char *part, struct xy_err *err)
{
    return xy_err_set(err, XY_INVALID, "“%s”的 %s 不是有效的 XML（第%lu行：%s）", name, part,
                      (unsigned long)XML_GetCurrentLineNumber(p),
                      XML_ErrorString(XML_GetErrorCode(p)));
}

/* Stream a part of the archive through the guarded parser g. */
static xy_code stream_part(zip_t *z, struct guard *g, struct xy_err *err)
{
    zip_file_t *f = zip_fopen(z, g->part, 0);
    char chunk[65536];
    zip_int64_t n;
    xy_code rc = XY_OK;

    if (!f)
        return XY_NOT_FOUND;
    for (;;) {
        n = zip_fread(f, chunk, sizeof(chunk));
        if (n < 0) {
            rc = xy_err_set(err, XY_INVALID, "“%s”已损坏：无法解压 %s", g->name, g->part);
            break;
        }
        /* the sizes in the zip directory are the file's word; count what really comes out */
        g->bytes += (zip_uint64_t)n;
        if (g->bytes > XML_MAX_PART_BYTES) {
            rc = xy_err_set(err, XY_INVALID, "“%s”的 %s 解压后超过%u MB，不像是正常的 xlsx 文件",
                            g->name, g->part, (unsigned)(XML_MAX_PART_BYTES >> 20));
            break;
        }
        if (guard_parse(g, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if ((rc = guard_error(g, err)) != XY_OK)
                break;
            if (g->stop && *g->stop) /* a handler stopped the parse on purpose */
                break;
            rc = xml_error(g->p, g->name, g->part, err);
            break;
        }
        if (n == 0 || (g->stop && *g->stop))
            break;
    }
    zip_fclose(f);
    return rc;
}

static xy_code read_sst(zip_t *z, const char *part, const char *name, struct sst *s,
                        struct xy_err *err)
{
    struct guard g;
    xy_code rc;

    guard_init(&g, s, &s->p, name, part, &s->over);
    g.start = sst_start;
    g.end = sst_end;
    g.text = sst_text;
    rc = stream_part(z, &g, err);
    guard_free_parser(&g);
    if (rc == XY_NOT_FOUND) /* a sheet of numbers and inline strings needs none */
        return XY_OK;
    if (rc == XY_OK && s->over)
        rc = xy_err_set(err, XY_TOO_LARGE, "“%s”的共享字符串超过%u字节的上限，请拆分文件", name,
                        (unsigned)XY_SHEET_MAX_SST);
    return rc;
}

/* ---- xlsx: the sheet ---- */

enum cell_kind { K_NUMBER, K_SHARED, K_INLINE, K_STRING, K_BOOL, K_OTHER };

struct sheet {
    XML_Parser p;
    struct row *r;
    const struct sst *sst;
    const char *name;
    long line, last_line; /* the row being read, the one before */
    int in_row;
    /* the row's cells: text of each, by column */
    struct xy_buf text;
    size_t off[XY_SHEET_MAX_COLS + 1], lens[XY_SHEET_MAX_COLS + 1];
    size_t ncols;      /* columns up to the last one seen */
    long overflow_col; /* a non-empty cell past the cap (1-based), 0 when none */
    /* the cell being read */
    long col; /* 0-based; -1 outside a cell */
    long next_col;
    enum cell_kind kind;
    int in_v, in_is, in_t, in_rph;
    struct xy_buf val;
    int stop;
    xy_code rc;
    struct xy_err *err;
};

/* "B3" → column 1 (0-based); -1 when there are no letters or too many. */
static long ref_col(const char *ref)
{
    long c = 0;
    int k = 0;

    for (; *ref >= 'A' && *ref <= 'Z'; ref++, k++) {
        if (k == 3)
            return -1; /* XFD is the last column Excel has */
        c = c * 26 + (*ref - 'A' + 1);
    }
    return k ? c - 1 : -1;
}

static void sheet_row_reset(struct sheet *s)
{
    xy_buf_reset(&s->text);
    s->ncols = 0;
    s->overflow_col = 0;
    s->next_col = 0;
}

/* A number as Excel shows it in General format when it is a whole number: digits. */
static void number_text(const char *v, size_t n, struct xy_buf *out)
{
    size_t i = 0;
    char *end;
    double d;

    if (n > 0 && v[0] == '-')
        i = 1;
    for (; i < n && v[i] >= '0' && v[i] <= '9'; i++)
        ;
    if (i == n || n > 40) { /* already digits, or nothing Excel would write */
        xy_buf_add(out, v, n);
        return;
    }
    d = strtod(v, &end);
    /* 1E3 or 100.0: a whole number of at most 15 digits (what a double holds exactly) */
    if (end == v + n && d > -1e15 && d < 1e15 && d == (double)(long long)d) {
        xy_buf_printf(out, "%.0f", d);
        return;
    }
    /* 1.10101199003071E+17: an ID number typed as a number has lost digits; give it as it is
     * and let the caller refuse it rather than guess */
    xy_buf_add(out, v, n);
}

static void cell_store(struct sheet *s)
{
    struct xy_buf *v = &s->val;
    size_t start = s->text.len;
    long col = s->col;

    if (col < 0)
        return;
    if (col >= XY_SHEET_MAX_COLS) {
        if (v->len && !s->overflow_col)
            s->overflow_col = col + 1;
        return;
    }
    switch (s->kind) {
    case K_SHARED: {
        char *end;
        unsigned long i;
        xy_buf_addc(v, '\0');
        i = strtoul(v->data, &end, 10);
        if (v->len > 1 && *end == '\0' && i < s->sst->n) {
            const char *t = s->sst->text.data + s->sst->off[i];
            xy_buf_adds(&s->text, t);
        } else if (v->len > 1) {
            /* an index past the table: the file is broken, this cell cannot be read */
            xy_buf_adds(&s->text, "\xFF");
        }
        break;
    }
    case K_NUMBER:
        number_text(v->data ? v->data : "", v->len, &s->text);
        break;
    case K_BOOL:
        xy_buf_adds(&s->text, v->len == 1 && v->data[0] == '1' ? "TRUE" : "FALSE");
        break;
    default: /* inline and formula strings, errors (#N/A), ISO dates */
        xy_buf_add(&s->text, v->data ? v->data : "", v->len);
        break;
    }
    if ((size_t)col < s->ncols) {
        /* a column given twice in one row (a broken writer), or out of order: the first stands */
        s->text.data[s->text.len = start] = '\0';
        return;
    }
    /* columns skipped between the last cell and this one are empty */
    while (s->ncols < (size_t)col) {
        s->off[s->ncols] = SIZE_MAX;
        s->lens[s->ncols] = 0;
        s->ncols++;
    }
    s->off[col] = start;
    s->lens[col] = s->text.len - start;
    s->ncols = (size_t)col + 1;
    /* a cell too long is kept just long enough for row_emit to refuse it */
    if (s->lens[col] > XY_SHEET_MAX_CELL + 1) {
        s->text.data[s->text.len = start + XY_SHEET_MAX_CELL + 1] = '\0';
        s->lens[col] = XY_SHEET_MAX_CELL + 1;
    }
    xy_buf_addc(&s->text, '\0');
}

static void sheet_row_end(struct sheet *s)
{
    const char *cells[XY_SHEET_MAX_COLS + 1];

    if (s->overflow_col) {
        char zh[160];
        snprintf(zh, sizeof(zh), "第%ld列有内容，超过%d列的上限", s->overflow_col,
                 XY_SHEET_MAX_COLS);
        row_issue(s->r, s->line, "row.too_many_columns", zh);
    } else {
        /* the text buffer may have moved while it grew: point at the cells only now */
        for (size_t i = 0; i < s->ncols; i++)
            cells[i] = s->off[i] == SIZE_MAX ? "" : s->text.data + s->off[i];
        row_emit(s->r, s->line, cells, s->lens, s->ncols);
    }
    s->last_line = s->line;
    if (s->r->stopped || s->r->failed) {
        s->stop = 1;
        XML_StopParser(s->p, XML_FALSE);
    }
}

static void XMLCALL sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct sheet *s = ud;
    const char *l = local(el);

    if (!strcmp(l, "row")) {
        const char *r = attr(atts, "r");
        long n = r ? strtol(r, NULL, 10) : 0;
        s->line = n > s->last_line && n <= XY_SHEET_XLSX_MAX_ROWS ? n : s->last_line + 1;
        s->in_row = 1;
        sheet_row_reset(s);
    } else if (!strcmp(l, "c") && s->in_row) {
        const char *ref = attr(atts, "r"), *t = attr(atts, "t");
        long c = ref ? ref_col(ref) : -1;
        s->col = c >= 0 ? c : s->next_col;
        s->next_col = s->col + 1;
        s->kind = !t || !strcmp(t, "n")     ? K_NUMBER
                  : !strcmp(t, "s")         ? K_SHARED
                  : !strcmp(t, "inlineStr") ? K_INLINE
                  : !strcmp(t, "str")       ? K_STRING
                  : !strcmp(t, "b")         ? K_BOOL
                                            : K_OTHER;
        xy_buf_reset(&s->val);
    } else if (s->col >= 0) {
        if (!strcmp(l, "v") && s->kind != K_INLINE)
            s->in_v = 1;
        else if (!strcmp(l, "is"))
            s->in_is = 1;
        else if (s->in_is && !strcmp(l, "rPh"))
            s->in_rph = 1;
        else if (s->in_is && !s->in_rph && !strcmp(l, "t"))
            s->in_t = 1;
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *el)
{
    struct sheet *s = ud;
    const char *l = local(el);

    if (!strcmp(l, "v")) {
        s->in_v = 0;
    } else if (!strcmp(l, "t")) {
        s->in_t = 0;
    } else if (!strcmp(l, "rPh")) {
        s->in_rph = 0;
    } else if (!strcmp(l, "is")) {
        s->in_is = 0;
    } else if (!strcmp(l, "c") && s->col >= 0) {
        cell_store(s);
        s->col = -1;
    } else if (!strcmp(l, "row") && s->in_row) {
        s->in_row = 0;
        sheet_row_end(s);
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *t, int len)
{
    struct sheet *s = ud;

    if (!s->in_v && !s->in_t)
        return;
    if (s->val.len > XY_SHEET_MAX_CELL)
        return; /* already too long: the rest changes nothing */
    if ((size_t)len > XY_SHEET_MAX_CELL + 1 - s->val.len)
        len = (int)(XY_SHEET_MAX_CELL + 1 - s->val.len);
    xy_buf_add(&s->val, t, (size_t)len);
}

static xy_code read_xlsx(const char *path, struct row *r, struct xy_err *err)
{
    struct wb_scan w = {0};
    struct sst sst = {0};
    struct sheet *s = NULL;
    struct guard g = {0};
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    xy_code rc;

    if (!z) {
        if (zerr == ZIP_ER_NOENT)
            return xy_err_set(err, XY_NOT_FOUND, "找不到文件“%s”", r->name);
        if (zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ)
            return xy_err_set(err, XY_IO, "无法读取“%s”", r->name);
        return xy_err_set(err, XY_INVALID, "“%s”不是有效的 xlsx 文件（无法按 zip 格式打开）",
                          r->name);
    }
    if ((rc = find_parts(z, r->name, &w, err)) != XY_OK)
        goto out;
    if ((rc = read_sst(z, w.sst, r->name, &sst, err)) != XY_OK)
        goto out;
    s = xy_calloc(1, sizeof(*s));
    s->r = r;
    s->sst = &sst;
    s->name = r->name;
    s->col = -1;
    s->err = err;
    guard_init(&g, s, &s->p, r->name, w.sheet, &s->stop);
    g.start = sheet_start;
    g.end = sheet_end;
    g.text = sheet_text;
    rc = stream_part(z, &g, err);
    if (rc == XY_NOT_FOUND)
        rc = xy_err_set(err, XY_INVALID, "“%s”中找不到工作表（%s）", r->name, w.sheet);
    else if (rc == XY_OK && r->failed)
        rc = err->code;
out:
    guard_free_parser(&g);
    if (s) {
        xy_buf_release(&s->text);
        xy_buf_release(&s->val);
        free(s);
    }
    sst_release(&sst);
    zip_discard(z);
    return rc;
}

/* ---- reading ---- */

/* What the first bytes say: 1 zip, 2 an old binary Excel file (OLE2), 0 anything else. */
static int sniff(const char *path)
{
    unsigned char m[8] = {0};
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f)
        return 0;
    n = fread(m, 1, sizeof(m), f);
    fclose(f);
    if (n >= 4 && !memcmp(m, "PK\x03\x04", 4))
        return 1;
    if (n == 8 && !memcmp(m, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return 2;
    return 0;
}

xy_code xy_sheet_read_rows(const char *path, const char *name, enum xy_sheet_format format,
                           xy_sheet_row_fn fn, xy_sheet_issue_fn issue, void *arg,
                           struct xy_err *err)
{
    struct row r = {.name = name ? name : "文件", .fn = fn, .issue = issue, .arg = arg, .err = err};
    int kind = sniff(path);

    if (kind == 2)
        return xy_err_set(err, XY_INVALID,
                          "“%s”是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 或 CSV 后上传",
                          r.name);
    if (kind == 1 || (format == XY_SHEET_XLSX && access(path, R_OK) != 0))
        return read_xlsx(path, &r, err);
    if (format == XY_SHEET_XLSX)
        return xy_err_set(err, XY_INVALID, "“%s”不是 xlsx 文件（不是 zip 格式）", r.name);
    return read_csv(path, &r, err);
}

xy_code xy_sheet_read(const char *path, const char *name, enum xy_sheet_format format,
                      xy_sheet_row_fn fn, void *arg, struct xy_err *err)
{
    return xy_sheet_read_rows(path, name, format, fn, NULL, arg, err);
}

enum xy_sheet_format xy_sheet_format_of(const char *format, const char *file_name)
{
    size_t n;

    if (format && !strcasecmp(format, "xlsx"))
        return XY_SHEET_XLSX;
    if (format && !strcasecmp(format, "csv"))
        return XY_SHEET_CSV;
    n = file_name ? strlen(file_name) : 0;
    return n >= 5 && !strcasecmp(file_name + n - 5, ".xlsx") ? XY_SHEET_XLSX : XY_SHEET_CSV;
}

/* ---- writing ---- */

struct xy_sheet_writer {
    enum xy_sheet_format format;
    char *path;
    FILE *f;          /* CSV */
    lxw_workbook *wb; /* xlsx */
    lxw_worksheet *ws;
    lxw_format *fmt[3]; /* typed cells: integer, one decimal, percentage (made on first use) */
    long rows;
    struct xy_buf cut; /* a cell cut to Excel's limit */
};

/* Create path 0600 (a results file names subjects), emptied when it exists. */
static xy_code create_private(const char *path, int *fd, struct xy_err *err)
{
    *fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (*fd < 0)
        return xy_err_set(err, XY_IO, "cannot create \"%s\": %s", path, strerror(errno));
    if (fchmod(*fd, 0600) != 0) {
        close(*fd);
        return xy_err_set(err, XY_IO, "cannot make \"%s\" private: %s", path, strerror(errno));
    }
    return XY_OK;
}

xy_code xy_sheet_writer_open(const char *path, enum xy_sheet_format format, const char *sheet_name,
                             struct xy_sheet_writer **out, struct xy_err *err)
{
    struct xy_sheet_writer *w;
    int fd;
    xy_code rc;

    *out = NULL;
    if ((rc = create_private(path, &fd, err)) != XY_OK)
        return rc;
    w = xy_calloc(1, sizeof(*w));
    w->format = format;
    w->path = xy_strdup(path);
    if (format == XY_SHEET_CSV) {
        if (!(w->f = fdopen(fd, "w"))) {
            close(fd);
            free(w->path);
            free(w);
            return xy_err_set(err, XY_IO, "cannot write \"%s\": %s", path, strerror(errno));
        }
        fputs("\xEF\xBB\xBF", w->f); /* BOM: Excel reads the file as UTF-8 */
    } else {
        lxw_workbook_options o = {.constant_memory = LXW_TRUE};
        close(fd); /* libxlsxwriter opens it again; the mode stays 0600 */
        w->wb = workbook_new_opt(path, &o);
        if (w->wb)
            w->ws = workbook_add_worksheet(w->wb, sheet_name);
        if (!w->wb || !w->ws) {
            if (w->wb)
                workbook_close(w->wb);
            unlink(path);
            free(w->path);
            free(w);
            return xy_err_set(err, XY_IO, "cannot start the xlsx file \"%s\"", path);
        }
    }
    *out = w;
    return XY_OK;
}

static void csv_cell(FILE *f, const char *s)
{
    int guard = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
    int quote =
        guard || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' ');

    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* s cut to Excel's limit of characters, whole characters only. */
static const char *xlsx_text(struct xy_sheet_writer *w, const char *s)
{
    size_t i = 0, chars = 0, n = strlen(s);

    if (n <= XLSX_MAX_CHARS)
        return s;
    while (i < n && chars < XLSX_MAX_CHARS) {
        size_t k = xy_utf8_seq((const unsigned char *)s + i, n - i);
        i += k ? k : 1;
        chars++;
    }
    if (i == n)
        return s;
    xy_buf_reset(&w->cut);
    xy_buf_add(&w->cut, s, i);
    xy_buf_addc(&w->cut, '\0');
    return w->cut.data;
}

xy_code xy_sheet_writer_row(struct xy_sheet_writer *w, const char *const *cells, size_t n,
                            struct xy_err *err)
{
    if (w->format == XY_SHEET_CSV) {
        for (size_t i = 0; i < n; i++) {
            if (i)
                fputc(',', w->f);
            csv_cell(w->f, cells[i] ? cells[i] : "");
        }
        fputs("\r\n", w->f);
        if (ferror(w->f))
            return xy_err_set(err, XY_IO, "cannot write \"%s\": %s", w->path, strerror(errno));
        w->rows++;
        return XY_OK;
    }
    if (w->rows >= XY_SHEET_XLSX_MAX_ROWS)
        return xy_err_set(err, XY_TOO_LARGE, "Excel 工作表最多%ld行，结果超过该上限，请下载 CSV",
                          XY_SHEET_XLSX_MAX_ROWS);
    if (n > 16384)
        return xy_err_set(err, XY_TOO_LARGE, "Excel 工作表最多16384列");
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        lxw_error e;
        if (!*s)
            continue;
        e = worksheet_write_string(w->ws, (lxw_row_t)w->rows, (lxw_col_t)i, xlsx_text(w, s), NULL);
        if (e != LXW_NO_ERROR)
            return xy_err_set(err, XY_IO, "cannot write a cell of \"%s\": %s", w->path,
                              lxw_strerror(e));
    }
    w->rows++;
    return XY_OK;
}

/* The text of a typed cell in CSV (and of a number in xlsx's fallback), into buf. */
static const char *cell_text(const struct xy_sheet_cell *c, char *buf, size_t cap)
{
    switch (c->type) {
    case XY_CELL_TEXT:
        return c->text ? c->text : "";
    case XY_CELL_INT:
        snprintf(buf, cap, "%.0f", c->num);
        return buf;
    case XY_CELL_NUMBER:
        snprintf(buf, cap, "%.1f", c->num);
        return buf;
    case XY_CELL_PERCENT:
        snprintf(buf, cap, "%.1f%%", c->num * 100.0);
        return buf;
    default:
        return "";
    }
}

xy_code xy_sheet_writer_cells(struct xy_sheet_writer *w, const struct xy_sheet_cell *cells,
                              size_t n, struct xy_err *err)
{
    static const char *const num_formats[3] = {"0", "0.0", "0.0%"};

    if (w->format == XY_SHEET_CSV) {
        const char *text[64];
        char buf[64][40];
        if (n > 64)
            return xy_err_set(err, XY_TOO_LARGE, "a typed row has at most 64 cells");
        for (size_t i = 0; i < n; i++)
            text[i] = cell_text(&cells[i], buf[i], sizeof(buf[i]));
        return xy_sheet_writer_row(w, text, n, err);
    }
    if (w->rows >= XY_SHEET_XLSX_MAX_ROWS)
        return xy_err_set(err, XY_TOO_LARGE, "Excel 工作表最多%ld行，结果超过该上限，请下载 CSV",
                          XY_SHEET_XLSX_MAX_ROWS);
    if (n > 16384)
        return xy_err_set(err, XY_TOO_LARGE, "Excel 工作表最多16384列");
    for (size_t i = 0; i < n; i++) {
        const struct xy_sheet_cell *c = &cells[i];
        lxw_error e = LXW_NO_ERROR;
        int f = c->type == XY_CELL_INT ? 0 : c->type == XY_CELL_NUMBER ? 1 : 2;

        if (c->type == XY_CELL_EMPTY || (c->type == XY_CELL_TEXT && (!c->text || !*c->text)))
            continue;
        if (c->type == XY_CELL_TEXT) {
            e = worksheet_write_string(w->ws, (lxw_row_t)w->rows, (lxw_col_t)i,
                                       xlsx_text(w, c->text), NULL);
        } else {
            if (!w->fmt[f]) {
                w->fmt[f] = workbook_add_format(w->wb);
                format_set_num_format(w->fmt[f], num_formats[f]);
            }
            e = worksheet_write_number(w->ws, (lxw_row_t)w->rows, (lxw_col_t)i, c->num, w->fmt[f]);
        }
        if (e != LXW_NO_ERROR)
            return xy_err_set(err, XY_IO, "cannot write a cell of \"%s\": %s", w->path,
                              lxw_strerror(e));
    }
    w->rows++;
    return XY_OK;
}

xy_code xy_sheet_writer_close(struct xy_sheet_writer *w, struct xy_err *err)
{
    xy_code rc = XY_OK;

    if (!w)
        return XY_OK;
    if (w->format == XY_SHEET_CSV) {
        if (fflush(w->f) != 0 || ferror(w->f) || fsync(fileno(w->f)) != 0)
            rc = xy_err_set(err, XY_IO, "cannot write \"%s\": %s", w->path, strerror(errno));
        if (fclose(w->f) != 0 && rc == XY_OK)
            rc = xy_err_set(err, XY_IO, "cannot write \"%s\": %s", w->path, strerror(errno));
    } else {
        lxw_error e = workbook_close(w->wb);
        if (e != LXW_NO_ERROR)
            rc = xy_err_set(err, XY_IO, "cannot write \"%s\": %s", w->path, lxw_strerror(e));
    }
    xy_buf_release(&w->cut);
    free(w->path);
    free(w);
    return rc;
}
