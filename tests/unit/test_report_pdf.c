/* test_report_pdf.c - the credit report PDF read back with poppler (report)
 *
 * What a reader checks: pdftotext finds the Chinese text, page numbers and the watermark on
 * every page; pdfinfo agrees on the page count; pdftoppm's rendering of the cover shows the
 * very QR symbol libqrencode makes for the verification URL. The poppler tools come from the
 * environment (XY_PDFTOTEXT, XY_PDFINFO, XY_PDFTOPPM, set by meson) or PATH.
 *
 * XY_REPORT_BENCH=N times N reports of 50 records each and prints PDFs/s and bytes per PDF
 * (no timed assertion: the machine's load is not the code's fault).
 */
#define _GNU_SOURCE
#include "helpers.h"

#include <math.h>
#include <pthread.h>
#include <qrencode.h>
#include <time.h>
#include <unistd.h>

#include "report/pdf.h"

#define NUMBER "XYBG-20261127-440100-000123"
#define URL    "https://xinyong.gz.gov.cn/verify?n=XYBG-20261127-440100-000123&c=7K3M-Q9TX"

/* ---- poppler as a subprocess ---- */

static const char *tool(const char *env, const char *name)
{
    const char *p = getenv(env);
    return p && *p ? p : name;
}

/* Run cmd and return its stdout (malloc'd); fails the test on a non-zero exit. */
static char *run(const char *cmd, size_t *len)
{
    FILE *f = popen(cmd, "r");
    char *s = NULL;
    size_t n = 0, cap = 0, k;
    int status;

    assert_non_null(f);
    do {
        if (cap - n < 65536) {
            cap = cap ? 2 * cap : 131072;
            s = realloc(s, cap);
            assert_non_null(s);
        }
        k = fread(s + n, 1, cap - n - 1, f);
        n += k;
    } while (k > 0);
    s[n] = '\0';
    status = pclose(f);
    if (status != 0)
        fail_msg("\"%s\" exited with %d", cmd, status);
    if (len)
        *len = n;
    return s;
}

struct pdf_file {
    char path[64];
};

static void pdf_save(struct pdf_file *f, const struct xy_buf *b)
{
    int fd;

    snprintf(f->path, sizeof f->path, "/tmp/xy-report-XXXXXX");
    fd = mkstemp(f->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
    close(fd);
}

static char *pdf_text(const struct pdf_file *f, int page)
{
    char cmd[512];

    if (page > 0)
        snprintf(cmd, sizeof cmd, "'%s' -q -f %d -l %d '%s' -", tool("XY_PDFTOTEXT", "pdftotext"),
                 page, page, f->path);
    else
        snprintf(cmd, sizeof cmd, "'%s' -q '%s' -", tool("XY_PDFTOTEXT", "pdftotext"), f->path);
    return run(cmd, NULL);
}

static int pdfinfo_pages(const struct pdf_file *f)
{
    char cmd[512], *s, *p;
    int n = -1;

    snprintf(cmd, sizeof cmd, "'%s' '%s'", tool("XY_PDFINFO", "pdfinfo"), f->path);
    s = run(cmd, NULL);
    p = strstr(s, "\nPages:");
    assert_non_null(p);
    n = atoi(p + 7);
    free(s);
    return n;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* The text with every space and line break removed: a wrapped value reads as one string. */
static char *squeeze(const char *s)
{
    char *o = malloc(strlen(s) + 1), *q = o;

    assert_non_null(o);
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\f' && *s != '\r')
            *q++ = *s;
    *q = '\0';
    return o;
}

/* ---- a sample report ---- */

static const char *const explanation[] = {
    "本报告由信用广州依据《广州市公共信用信息管理规定》出具，内容为报告期内归集的公共信用信息。",
    "本报告仅供报告主体在申请资质审批、政府采购、招标投标等事项时使用，未经主体同意不得向第三方"
    "提供。报告内容如有异议，可向出具机构提出异议申请。",
};

static const struct xy_report_kv cover[] = {
    {"主体名称", "广州市天河区示例科技有限公司"},
    {"统一社会信用代码", "91440101MA59ABCD1X"},
    {"主体类型", "法人和非法人组织"},
    {"报告类型", "完整版"},
    {"报告期", "2023年11月27日至2026年11月27日"},
};

static const struct xy_report_kv basic[] = {
    {"主体名称", "广州市天河区示例科技有限公司"},
    {"统一社会信用代码", "91440101MA59ABCD1X"},
    {"法定代表人", "张*明"},
    {"登记机关", "广州市市场监督管理局"},
    {"成立日期", "2015年3月12日"},
    {"住所", "广州市天河区天河路385号太古汇一座28楼"},
};

static const struct xy_report_summary_row summary[] = {
    {"行政许可", "3", NULL},
    {"行政处罚", "50", "含已修复记录"},
    {"守信激励", "无", NULL},
};

struct sample {
    struct xy_report_doc doc;
    struct xy_report_section sections[4];
    struct xy_report_entry *entries;
    struct xy_report_kv *kv;
    char *strings; /* every formatted value, 160 bytes each */
};

#define KV_PER_ENTRY 8

/* nentries penalty records of 8 rows each in section 2; section 1 and 3 are empty. */
static void sample_init(struct sample *s, size_t nentries)
{
    static const char *const keys[KV_PER_ENTRY] = {
        "行政处罚决定书文号", "处罚类别", "处罚事由",     "处罚依据",
        "处罚内容",           "罚款金额", "处罚决定日期", "处罚机关",
    };
    memset(s, 0, sizeof *s);
    s->entries = calloc(nentries ? nentries : 1, sizeof *s->entries);
    s->kv = calloc(nentries * KV_PER_ENTRY + 1, sizeof *s->kv);
    s->strings = calloc(nentries * (KV_PER_ENTRY + 1) + 1, 160);
    assert_true(s->entries && s->kv && s->strings);
    for (size_t i = 0; i < nentries; i++) {
        char *v = s->strings + i * (KV_PER_ENTRY + 1) * 160;
        struct xy_report_kv *kv = s->kv + i * KV_PER_ENTRY;
        snprintf(v, 160, "穗天市监处罚〔2025〕%zu号", 1000 + i);
        snprintf(v + 160, 160, "罚款");
        snprintf(v + 320, 160, "未按规定公示年度报告，第%zu次", i + 1);
        snprintf(v + 480, 160, "《中华人民共和国市场主体登记管理条例》第四十六条");
        snprintf(v + 640, 160, "罚款人民币%zu元，责令限期改正", 5000 + i);
        snprintf(v + 800, 160, "%zu元", 5000 + i);
        snprintf(v + 960, 160, "2025年%zu月%zu日", 1 + i % 12, 1 + i % 28);
        snprintf(v + 1120, 160, "广州市天河区市场监督管理局");
        snprintf(v + 1280, 160, "处罚记录 %zu", i + 1);
        for (int k = 0; k < KV_PER_ENTRY; k++)
            kv[k] = (struct xy_report_kv){keys[k], v + k * 160};
        s->entries[i] = (struct xy_report_entry){v + 1280, kv, KV_PER_ENTRY};
    }
    s->sections[0] =
        (struct xy_report_section){"一、行政管理信息 — 行政许可", "报告期内无相关记录。", NULL, 0};
    s->sections[1] = (struct xy_report_section){"二、行政管理信息 — 行政处罚",
                                                "报告期内无相关记录。", s->entries, nentries};
    s->sections[2] = (struct xy_report_section){"三、司法信息 — 失信被执行人",
                                                "报告期内无失信被执行记录。", NULL, 0};
    s->doc = (struct xy_report_doc){
        .title = "公共信用信息报告",
        .subtitle = "（法人和非法人组织版）",
        .number = NUMBER,
        .verify_code = "7K3M-Q9TX",
        .verify_url = URL,
        .issuer = "信用广州（广州市公共信用信息管理系统）",
        .issued_at = "2026年11月27日 14:05",
        .created_at = 1795759500, /* 2026-11-27 14:05 CST */
        .cover = cover,
        .ncover = sizeof cover / sizeof cover[0],
        .explanation = explanation,
        .nexplanation = 2,
        .basic = basic,
        .nbasic = sizeof basic / sizeof basic[0],
        .summary = summary,
        .nsummary = sizeof summary / sizeof summary[0],
        .sections = s->sections,
        .nsections = 3,
        .footer_note = "核验方式：登录信用广州网站“信用报告核验”栏目，输入报告编号和核验码，或扫描"
                       "封面二维码。",
    };
}

static void sample_release(struct sample *s)
{
    free(s->entries);
    free(s->kv);
    free(s->strings);
}

static void draw(const struct xy_report_doc *doc, struct xy_buf *out)
{
    struct xy_err err = {0};
    xy_code rc = xy_report_pdf(doc, out, &err);
    if (rc != XY_OK)
        fail_msg("xy_report_pdf: %s (%s)", err.msg, err.detail);
}

/* Read a binary PGM (P5) from pdftoppm -gray. */
static unsigned char *pgm_read(const char *cmd, int *w, int *h)
{
    size_t len;
    char *s = run(cmd, &len), *p = s;
    unsigned char *px;
    int maxv;

    assert_true(strncmp(s, "P5", 2) == 0);
    p += 2;
    *w = (int)strtol(p, &p, 10);
    *h = (int)strtol(p, &p, 10);
    maxv = (int)strtol(p, &p, 10);
    assert_int_equal(maxv, 255);
    p++; /* one whitespace byte */
    assert_true((size_t)(p - s) + (size_t)*w * (size_t)*h <= len);
    px = malloc((size_t)*w * (size_t)*h);
    memcpy(px, p, (size_t)*w * (size_t)*h);
    free(s);
    return px;
}

/* ---- tests ---- */

static void test_report_reads_back_with_its_chinese_text_and_page_numbers(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    char *all, *flat, want[64];
    int pages;
    (void)state;

    sample_init(&s, 50);
    draw(&s.doc, &b);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF-", 5);
    pages = xy_report_pdf_pages();
    assert_true(pages >= 4);
    pdf_save(&f, &b);
    assert_int_equal(pdfinfo_pages(&f), pages);

    all = pdf_text(&f, 0);
    flat = squeeze(all);
    assert_non_null(strstr(flat, "公共信用信息报告"));
    assert_non_null(strstr(flat, "（法人和非法人组织版）"));
    assert_non_null(strstr(flat, "广州市天河区示例科技有限公司"));
    assert_non_null(strstr(flat, "核验码：7K3M-Q9TX"));
    assert_non_null(strstr(flat, "扫码核验真伪"));
    assert_non_null(strstr(flat, "报告说明"));
    assert_non_null(strstr(flat, "基本信息"));
    assert_non_null(strstr(flat, "信息概要"));
    assert_non_null(strstr(flat, "详细信息"));
    assert_non_null(strstr(flat, "含已修复记录"));
    assert_non_null(strstr(flat, "穗天市监处罚〔2025〕1000号"));
    assert_non_null(strstr(flat, "穗天市监处罚〔2025〕1049号"));
    assert_non_null(strstr(flat, "未按规定公示年度报告，第50次"));
    assert_non_null(strstr(flat, "报告期内无失信被执行记录。"));
    assert_non_null(strstr(flat, "核验方式：登录信用广州网站"));
    free(flat);
    free(all);

    /* Every page: its own number of the right total, and the report number in the footer
     * and in the header (on the cover: at its top). The watermark is drawn as outlines, not
     * text (see pdf.c), and is looked for in the rendering below. */
    for (int i = 1; i <= pages; i++) {
        char *t = pdf_text(&f, i), *ft = squeeze(t);
        snprintf(want, sizeof want, "第 %d 页 共 %d 页", i, pages);
        if (!strstr(t, want))
            fail_msg("page %d lacks \"%s\"", i, want);
        if (count(ft, "报告编号：" NUMBER) != 2)
            fail_msg("page %d shows the report number %d times, want 2", i,
                     count(ft, "报告编号：" NUMBER));
        free(ft);
        free(t);
    }
    unlink(f.path);
    xy_buf_release(&b);
    sample_release(&s);
}

/* The watermark's grey (0.87 -> 222) fills the inside of its glyphs: at 72 dpi a page shows
 * ~2,800 pixels of exactly that grey with it and ~250-650 (anti-aliased text edges) without. */
static void test_every_page_carries_the_watermark(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    int pages;
    (void)state;

    sample_init(&s, 50);
    draw(&s.doc, &b);
    pages = xy_report_pdf_pages();
    pdf_save(&f, &b);
    for (int i = 1; i <= pages; i++) {
        char cmd[512];
        unsigned char *px;
        int w, h, n = 0;
        snprintf(cmd, sizeof cmd, "'%s' -q -f %d -l %d -r 72 -gray '%s'",
                 tool("XY_PDFTOPPM", "pdftoppm"), i, i, f.path);
        px = pgm_read(cmd, &w, &h);
        for (size_t k = 0; k < (size_t)w * (size_t)h; k++)
            n += px[k] >= 221 && px[k] <= 223;
        if (n < 1500)
            fail_msg("page %d: %d pixels of the watermark's grey, want 1500 or more", i, n);
        free(px);
    }
    unlink(f.path);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_every_entry_is_drawn_once_in_order(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    char *all, *flat, *at;
    (void)state;

    sample_init(&s, 50);
    draw(&s.doc, &b);
    pdf_save(&f, &b);
    all = pdf_text(&f, 0);
    flat = squeeze(all);
    at = flat;
    for (size_t i = 0; i < 50; i++) {
        char v[64], *p;
        snprintf(v, sizeof v, "穗天市监处罚〔2025〕%zu号", 1000 + i);
        p = strstr(at, v);
        if (!p)
            fail_msg("entry %zu (\"%s\") missing or out of order", i, v);
        assert_null(strstr(p + 1, v));
        at = p;
    }
    unlink(f.path);
    free(flat);
    free(all);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_a_2000_character_value_without_spaces_wraps_and_is_all_there(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    struct xy_report_kv kv[2];
    struct xy_report_entry e;
    char *value = malloc(2001), *t, *flat, *line;
    size_t longest = 0;
    (void)state;

    for (int i = 0; i < 2000; i++)
        value[i] = "0123456789ABCDEFGHJKLMNPQRTUWXY"[(i * 7 + i / 31) % 31];
    value[2000] = '\0';
    sample_init(&s, 0);
    kv[0] = (struct xy_report_kv){"说明", value};
    kv[1] = (struct xy_report_kv){"备注", "结束"};
    e = (struct xy_report_entry){"超长记录", kv, 2};
    s.sections[1].entries = &e;
    s.sections[1].nentries = 1;
    draw(&s.doc, &b);
    pdf_save(&f, &b);
    t = pdf_text(&f, 0);
    flat = squeeze(t);
    if (!strstr(flat, value))
        fail_msg("the 2,000-character value is not all in the text");
    assert_non_null(strstr(flat, "结束"));
    /* Wrapped: no line of text is anywhere near 2,000 characters (a cell line holds ~60). */
    for (line = strtok(t, "\n"); line; line = strtok(NULL, "\n"))
        if (strlen(line) > longest)
            longest = strlen(line);
    assert_true(longest < 200);
    unlink(f.path);
    free(flat);
    free(t);
    free(value);
    xy_buf_release(&b);
    sample_release(&s);
}

/* The text with U+200B (which pdf.c puts into runs of more than 2,048 characters without a
 * break) removed, in place. */
static void drop_zwsp(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (strncmp(s, "\xe2\x80\x8b", 3) == 0) {
            s += 2;
            continue;
        }
        *o++ = *s;
    }
    *o = '\0';
}

static void test_a_value_taller_than_a_page_is_split_over_pages(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    struct xy_report_kv kv[3];
    struct xy_report_entry e;
    size_t n = 12000, at = 0;
    char *value = malloc(n + 1), *t, *flat;
    int pages;
    (void)state;

    /* ~200 lines of a value cell: three pages or more. Digits keep the check exact. */
    for (size_t i = 0; i < n; i++)
        value[i] = (char)('0' + (i * 7 + i / 10) % 10);
    value[n] = '\0';
    sample_init(&s, 0);
    kv[0] = (struct xy_report_kv){"前", "开始"};
    kv[1] = (struct xy_report_kv){"长值", value};
    kv[2] = (struct xy_report_kv){"后", "结束"};
    e = (struct xy_report_entry){"超长记录", kv, 3};
    s.sections[1].entries = &e;
    s.sections[1].nentries = 1;
    draw(&s.doc, &b);
    pages = xy_report_pdf_pages();
    assert_true(pages >= 5);
    pdf_save(&f, &b);
    assert_int_equal(pdfinfo_pages(&f), pages);
    t = pdf_text(&f, 0);
    flat = squeeze(t);
    assert_non_null(strstr(flat, "前开始"));
    assert_non_null(strstr(flat, "后结束"));
    assert_non_null(strstr(flat, "超长记录"));
    /* Each page holds a contiguous piece of the value, and the pieces in page order make the
     * whole value: nothing lost, nothing drawn twice. */
    for (int i = 2; i <= pages; i++) {
        char *pt = pdf_text(&f, i), *fp = squeeze(pt), *d = fp, *no;
        drop_zwsp(fp);
        /* The running header's number ends in digits the value would seem to start with. */
        while ((no = strstr(fp, NUMBER)) != NULL)
            memset(no, '#', strlen(NUMBER));
        while (*d) {
            size_t k = strspn(d, "0123456789");
            if (k >= 40) {
                if (at + k > n || strncmp(d, value + at, k) != 0)
                    fail_msg("page %d: the value does not continue at offset %zu", i, at);
                at += k;
            }
            d += k ? k : 1;
        }
        free(fp);
        free(pt);
    }
    assert_int_equal(at, n);
    unlink(f.path);
    free(flat);
    free(t);
    free(value);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_drawing_twice_gives_identical_bytes(void **state)
{
    struct sample s;
    struct xy_buf a = XY_BUF_INIT, b = XY_BUF_INIT, c = XY_BUF_INIT;
    (void)state;

    sample_init(&s, 20);
    draw(&s.doc, &a);
    sleep(1); /* a clock that leaked into the file would show now */
    draw(&s.doc, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* The dates are the report's own, in China Standard Time. */
    /* (cairo 1.16 leaves out the "D:" prefix of PDF dates; readers accept it.) */
    assert_non_null(memmem(a.data, a.len, "/CreationDate (20261127140500+08'00)", 36));
    assert_non_null(memmem(a.data, a.len, "/ModDate (20261127140500+08'00)", 31));
    assert_non_null(memmem(a.data, a.len, "/Creator (xinyong)", 18));
    s.doc.created_at += 60;
    draw(&s.doc, &c);
    assert_non_null(memmem(c.data, c.len, "/CreationDate (20261127140600+08'00)", 36));
    xy_buf_release(&a);
    xy_buf_release(&b);
    xy_buf_release(&c);
    sample_release(&s);
}

struct worker {
    const struct xy_report_doc *doc;
    struct xy_buf out;
    int rounds, pages;
    xy_code rc;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    struct xy_err err = {0};

    for (int i = 0; i < w->rounds && w->rc == XY_OK; i++) {
        xy_buf_reset(&w->out);
        w->rc = xy_report_pdf(w->doc, &w->out, &err);
    }
    w->pages = xy_report_pdf_pages();
    return NULL;
}

/* Threads drawing at once (each with pango's font map for its thread) get the same bytes as
 * the main thread, and each its own page count. */
static void test_threads_drawing_at_once_get_the_same_bytes(void **state)
{
    struct sample s, small;
    struct xy_buf ref = XY_BUF_INIT;
    struct worker w[3];
    pthread_t t[3];
    (void)state;

    sample_init(&s, 30);
    sample_init(&small, 0);
    draw(&s.doc, &ref);
    for (int i = 0; i < 3; i++) {
        w[i] = (struct worker){i == 2 ? &small.doc : &s.doc, XY_BUF_INIT, 3, 0, XY_OK};
        assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
    }
    for (int i = 0; i < 3; i++)
        assert_int_equal(pthread_join(t[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(w[i].rc, XY_OK);
        assert_int_equal(w[i].out.len, ref.len);
        assert_memory_equal(w[i].out.data, ref.data, ref.len);
        assert_int_equal(w[i].pages, xy_report_pdf_pages());
    }
    assert_int_equal(w[2].rc, XY_OK);
    assert_int_equal(w[2].pages, 2);
    for (int i = 0; i < 3; i++)
        xy_buf_release(&w[i].out);
    xy_buf_release(&ref);
    sample_release(&s);
    sample_release(&small);
}

static void test_an_empty_section_prints_its_note(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    char *t, *flat, *h, *note;
    (void)state;

    sample_init(&s, 3);
    draw(&s.doc, &b);
    pdf_save(&f, &b);
    t = pdf_text(&f, 0);
    flat = squeeze(t);
    h = strstr(flat, "三、司法信息—失信被执行人");
    assert_non_null(h);
    note = strstr(h, "报告期内无失信被执行记录。");
    assert_non_null(note);
    /* The note follows its own heading, not another section's. */
    assert_non_null(strstr(flat, "一、行政管理信息—行政许可报告期内无相关记录。"));
    unlink(f.path);
    free(flat);
    free(t);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_120_entries_run_over_several_pages_as_pdfinfo_counts(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    int pages;
    (void)state;

    sample_init(&s, 120);
    draw(&s.doc, &b);
    pages = xy_report_pdf_pages();
    assert_true(pages >= 8);
    pdf_save(&f, &b);
    assert_int_equal(pdfinfo_pages(&f), pages);
    {
        char *t = pdf_text(&f, pages), want[64];
        snprintf(want, sizeof want, "第 %d 页 共 %d 页", pages, pages);
        assert_non_null(strstr(t, want));
        free(t);
    }
    unlink(f.path);
    xy_buf_release(&b);
    sample_release(&s);
}

/* An entry that fits on a page is never split: each entry's title and its last row (处罚机关)
 * are on the same page. */
static void test_an_entry_is_not_split_across_pages(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    int pages, seen = 0;
    (void)state;

    sample_init(&s, 60);
    draw(&s.doc, &b);
    pages = xy_report_pdf_pages();
    pdf_save(&f, &b);
    for (int i = 2; i <= pages; i++) {
        char *t = pdf_text(&f, i), *flat = squeeze(t);
        for (size_t k = 0; k < 60; k++) {
            char title[64], doc_no[64];
            snprintf(title, sizeof title, "处罚记录%zu行政处罚决定书文号", k + 1);
            snprintf(doc_no, sizeof doc_no, "第%zu次", k + 1);
            if (strstr(flat, title)) {
                seen++;
                if (!strstr(flat, doc_no))
                    fail_msg("entry %zu starts on page %d but ends elsewhere", k + 1, i);
            }
        }
        free(flat);
        free(t);
    }
    assert_int_equal(seen, 60);
    unlink(f.path);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_the_qr_code_drawn_is_libqrencodes_symbol_for_the_url(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_report_qr qr;
    struct xy_err err = {0};
    struct pdf_file f;
    QRcode *ref;
    char cmd[512];
    unsigned char *px;
    int w, h;
    const double dpi = 288.0, k = dpi / 72.0;
    (void)state;

    assert_int_equal(xy_report_qr_modules(URL, &qr, &err), XY_OK);
    ref = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(ref);
    assert_int_equal(qr.width, ref->width);
    for (int i = 0; i < qr.width * qr.width; i++)
        assert_int_equal(qr.dark[i], ref->data[i] & 1);
    QRcode_free(ref);
    /* ~30 mm with the quiet zone, inside the cover's bottom right quarter. */
    assert_true(fabs(qr.module_pt * (qr.width + 8) - 30.0 * 72.0 / 25.4) < 0.01);
    assert_true(qr.x_pt > 595.0 / 2 && qr.y_pt > 842.0 / 2);

    /* Render the cover and look at the centre of every module, and at the quiet zone. */
    sample_init(&s, 2);
    draw(&s.doc, &b);
    pdf_save(&f, &b);
    snprintf(cmd, sizeof cmd, "'%s' -q -f 1 -l 1 -r %d -gray '%s'", tool("XY_PDFTOPPM", "pdftoppm"),
             (int)dpi, f.path);
    px = pgm_read(cmd, &w, &h);
    for (int r = -4; r < qr.width + 4; r++)
        for (int c = -4; c < qr.width + 4; c++) {
            int x = (int)((qr.x_pt + (c + 0.5) * qr.module_pt) * k);
            int y = (int)((qr.y_pt + (r + 0.5) * qr.module_pt) * k);
            int inside = r >= 0 && c >= 0 && r < qr.width && c < qr.width;
            int dark = inside && qr.dark[r * qr.width + c];
            unsigned char v;
            assert_true(x >= 0 && x < w && y >= 0 && y < h);
            v = px[(size_t)y * (size_t)w + (size_t)x];
            if (dark ? v > 64 : v < 192)
                fail_msg("module (%d, %d) should be %s, the page shows %d", r, c,
                         dark ? "dark" : "light", v);
        }
    free(px);
    unlink(f.path);
    xy_report_qr_release(&qr);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_a_url_too_long_for_a_qr_code_is_refused(void **state)
{
    struct xy_report_qr qr;
    struct xy_err err = {0};
    char *url = malloc(5001);
    (void)state;

    memset(url, 'a', 5000);
    url[5000] = '\0';
    assert_int_equal(xy_report_qr_modules(url, &qr, &err), XY_INVALID);
    assert_string_equal(err.field, "verify_url");
    assert_non_null(strstr(err.msg, "二维码"));
    assert_int_equal(xy_report_qr_modules("", &qr, &err), XY_INVALID);
    free(url);
}

static void test_a_font_other_than_noto_cjk_is_refused_with_a_clear_message(void **state)
{
    struct xy_err err = {0};
    (void)state;

    assert_int_equal(xy_report_fonts_check(&err), XY_OK);
    assert_int_equal(xy_report_font_check(XY_REPORT_FONT_SERIF, &err), XY_OK);
    assert_int_equal(xy_report_font_check("XY No Such Family", &err), XY_INTERNAL);
    assert_string_equal(err.msg, "找不到 Noto CJK 字体，请安装 fonts-noto-cjk");
    assert_non_null(strstr(err.detail, "XY No Such Family"));
    /* A font that exists but is not Noto CJK will not do either. */
    assert_int_equal(xy_report_font_check("DejaVu Sans", &err), XY_INTERNAL);
}

static void test_hostile_text_is_drawn_as_plain_text(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct pdf_file f;
    struct xy_report_kv kv[5];
    struct xy_report_entry e;
    char *t, *flat;
    (void)state;

    sample_init(&s, 0);
    kv[0] = (struct xy_report_kv){"标记", "<b>粗体</b> & <span font=\"99\">大</span> &amp; >"};
    kv[1] = (struct xy_report_kv){"控制字符", "甲\x01乙\x1b[31m丙\x7f丁\r\n戊\t己"};
    kv[2] = (struct xy_report_kv){"坏编码", "前\xff\xfe后\xe4\xb8中断\xc0\x80尾"};
    kv[3] = (struct xy_report_kv){"反转", "金额\xe2\x80\xae"
                                          "0001\xe2\x80\xac元"};
    kv[4] = (struct xy_report_kv){NULL, NULL};
    e = (struct xy_report_entry){"<i>恶意</i>\x02标题\xff", kv, 5};
    s.sections[1].entries = &e;
    s.sections[1].nentries = 1;
    s.doc.subtitle = "（<u>副标题</u>）\xf0\x9f";
    draw(&s.doc, &b);
    pdf_save(&f, &b);
    t = pdf_text(&f, 0);
    flat = squeeze(t);
    /* Markup characters are text, not markup. */
    assert_non_null(strstr(flat, "<b>粗体</b>&<spanfont=\"99\">大</span>&amp;>"));
    assert_non_null(strstr(flat, "<i>恶意</i>"));
    assert_non_null(strstr(flat, "（<u>副标题</u>）"));
    /* Controls and bad bytes become U+FFFD; the text around them is all there. */
    assert_non_null(strstr(flat, "甲\xef\xbf\xbd乙\xef\xbf\xbd[31m丙\xef\xbf\xbd丁"));
    assert_non_null(strstr(flat, "戊己"));
    assert_non_null(strstr(flat, "前\xef\xbf\xbd\xef\xbf\xbd后"));
    assert_non_null(strstr(flat, "中断"));
    assert_non_null(strstr(flat, "尾"));
    /* A right-to-left override cannot turn 0001 into 1000. */
    assert_non_null(strstr(flat, "金额\xef\xbf\xbd"
                                 "0001\xef\xbf\xbd元"));
    assert_null(strstr(flat, "\xe2\x80\xae"));
    unlink(f.path);
    free(flat);
    free(t);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_a_document_without_its_number_is_invalid(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_err err = {0};
    (void)state;

    sample_init(&s, 1);
    s.doc.number = "";
    assert_int_equal(xy_report_pdf(&s.doc, &b, &err), XY_INVALID);
    assert_string_equal(err.field, "number");
    assert_non_null(strstr(err.msg, "报告编号"));
    assert_int_equal(b.len, 0);
    s.doc.number = NUMBER;
    s.doc.nbasic = 3;
    s.doc.basic = NULL;
    assert_int_equal(xy_report_pdf(&s.doc, &b, &err), XY_INVALID);
    assert_string_equal(err.field, "basic");
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_an_output_cap_is_too_large_and_leaves_the_buffer_as_it_was(void **state)
{
    struct sample s;
    struct xy_buf b;
    struct xy_err err = {0};
    (void)state;

    sample_init(&s, 10);
    xy_buf_init(&b, 20000);
    assert_int_equal(xy_buf_adds(&b, "kept"), XY_OK);
    assert_int_equal(xy_report_pdf(&s.doc, &b, &err), XY_TOO_LARGE);
    assert_string_equal(b.data, "kept");
    assert_int_equal(b.len, 4);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_more_pages_than_the_limit_are_refused(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_err err = {0};
    /* ~50 one-line rows a page, two short pairs a row: enough for XY_REPORT_MAX_PAGES + 1 pages. */
    size_t n = (size_t)(XY_REPORT_MAX_PAGES + 1) * 110;
    struct xy_report_kv *kv = calloc(n, sizeof *kv);
    struct xy_report_entry e = {"很长的记录", kv, 100};
    (void)state;

    for (size_t i = 0; i < n; i++)
        kv[i] = (struct xy_report_kv){"键", "值"};
    sample_init(&s, 0);
    s.sections[1].entries = &e;
    s.sections[1].nentries = 1;
    draw(&s.doc, &b); /* a report that fits leaves a page count ... */
    assert_true(xy_report_pdf_pages() > 0);
    e.nkv = n;
    assert_int_equal(xy_report_pdf(&s.doc, &b, &err), XY_TOO_LARGE);
    assert_non_null(strstr(err.msg, "页上限"));
    assert_string_equal(err.field, "sections");
    assert_int_equal(xy_report_pdf_pages(), 0); /* ... a refused one does not */
    free(kv);
    xy_buf_release(&b);
    sample_release(&s);
}

static void test_a_string_over_the_byte_limit_is_too_large(void **state)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_err err = {0};
    char *v = malloc(XY_REPORT_MAX_TEXT_BYTES + 2);
    struct xy_report_kv kv = {"长值", v};
    struct xy_report_entry e = {NULL, &kv, 1};
    (void)state;

    memset(v, 'x', XY_REPORT_MAX_TEXT_BYTES + 1);
    v[XY_REPORT_MAX_TEXT_BYTES + 1] = '\0';
    sample_init(&s, 0);
    s.sections[1].entries = &e;
    s.sections[1].nentries = 1;
    assert_int_equal(xy_report_pdf(&s.doc, &b, &err), XY_TOO_LARGE);
    assert_string_equal(err.field, "sections");
    assert_int_equal(b.len, 0);
    v[XY_REPORT_MAX_TEXT_BYTES] = '\0'; /* at the limit: drawn, over a few pages */
    draw(&s.doc, &b);
    assert_true(xy_report_pdf_pages() >= 3);
    free(v);
    xy_buf_release(&b);
    sample_release(&s);
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Not a test: XY_REPORT_BENCH=N prints the rate for a subject with 50 records, on one thread
 * and then on XY_REPORT_BENCH_THREADS threads (default 2) at once. */
static void bench_threads(const struct xy_report_doc *doc, int n, int threads)
{
    struct worker w[16];
    pthread_t t[16];
    double t0;

    if (threads < 1 || threads > 16)
        threads = 2;
    t0 = now_s();
    for (int i = 0; i < threads; i++) {
        w[i] = (struct worker){doc, XY_BUF_INIT, n, 0, XY_OK};
        pthread_create(&t[i], NULL, worker_run, &w[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join(t[i], NULL);
    printf("report_pdf bench: %d threads: %.1f PDFs/s in all\n", threads,
           n * threads / (now_s() - t0));
    for (int i = 0; i < threads; i++)
        xy_buf_release(&w[i].out);
}

static void bench(int n)
{
    struct sample s;
    struct xy_buf b = XY_BUF_INIT;
    double t0;
    size_t bytes = 0;

    sample_init(&s, 50);
    draw(&s.doc, &b); /* the thread's font map warms up */
    t0 = now_s();
    for (int i = 0; i < n; i++) {
        xy_buf_reset(&b);
        draw(&s.doc, &b);
        bytes += b.len;
    }
    printf("report_pdf bench: %d PDFs of 50 records x 8 rows, %d pages: %.1f PDFs/s, %zu bytes "
           "per PDF\n",
           n, xy_report_pdf_pages(), n / (now_s() - t0), bytes / (size_t)n);
    bench_threads(&s.doc, n,
                  getenv("XY_REPORT_BENCH_THREADS") ? atoi(getenv("XY_REPORT_BENCH_THREADS")) : 2);
    xy_buf_release(&b);
    sample_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_reads_back_with_its_chinese_text_and_page_numbers),
        cmocka_unit_test(test_every_page_carries_the_watermark),
        cmocka_unit_test(test_every_entry_is_drawn_once_in_order),
        cmocka_unit_test(test_a_2000_character_value_without_spaces_wraps_and_is_all_there),
        cmocka_unit_test(test_a_value_taller_than_a_page_is_split_over_pages),
        cmocka_unit_test(test_drawing_twice_gives_identical_bytes),
        cmocka_unit_test(test_threads_drawing_at_once_get_the_same_bytes),
        cmocka_unit_test(test_an_empty_section_prints_its_note),
        cmocka_unit_test(test_120_entries_run_over_several_pages_as_pdfinfo_counts),
        cmocka_unit_test(test_an_entry_is_not_split_across_pages),
        cmocka_unit_test(test_the_qr_code_drawn_is_libqrencodes_symbol_for_the_url),
        cmocka_unit_test(test_a_url_too_long_for_a_qr_code_is_refused),
        cmocka_unit_test(test_a_font_other_than_noto_cjk_is_refused_with_a_clear_message),
        cmocka_unit_test(test_hostile_text_is_drawn_as_plain_text),
        cmocka_unit_test(test_a_document_without_its_number_is_invalid),
        cmocka_unit_test(test_an_output_cap_is_too_large_and_leaves_the_buffer_as_it_was),
        cmocka_unit_test(test_more_pages_than_the_limit_are_refused),
        cmocka_unit_test(test_a_string_over_the_byte_limit_is_too_large),
    };
    const char *b = getenv("XY_REPORT_BENCH");

    if (b && atoi(b) > 0) {
        bench(atoi(b));
        return 0;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
