/* test_sheet.c - departments' tables read and written as CSV and xlsx (service/sheet)
 *
 * Files are written into a private temporary folder and read back through the real reader.
 * Each read yields a transcript, one event a line: "3: a|b" for the row of sheet line 3 with
 * cells a and b, "3! cell.too_long" for a row's problem, so a test compares the whole
 * transcript and an event too many, one missing or one out of order fails it. The xlsx files
 * of the reader's tests are built here with libzip from XML written by hand, as another
 * program would write them; the writer's files are read back by the reader and, for the bytes
 * that matter (BOM, quoting), compared as bytes.
 */
#include "helpers.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "service/sheet.h"

#define UTF8_BOM "\xEF\xBB\xBF"
#define NS       "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

struct fx {
    char dir[64];
    char path[128];
    struct xy_buf log;
    long stop_at; /* the row callback asks to stop after this line (0: never) */
};

static int setup(void **state)
{
    struct fx *fx = xy_calloc(1, sizeof(*fx));

    snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_sheet.XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->path, sizeof(fx->path), "%s/t", fx->dir);
    xy_buf_init(&fx->log, 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;

    unlink(fx->path);
    rmdir(fx->dir);
    xy_buf_release(&fx->log);
    free(fx);
    return 0;
}

static int on_row(void *arg, long line, const char *const *cells, size_t n)
{
    struct fx *fx = arg;

    xy_buf_printf(&fx->log, "%ld: ", line);
    for (size_t i = 0; i < n; i++)
        xy_buf_printf(&fx->log, "%s%s", i ? "|" : "", cells[i]);
    xy_buf_addc(&fx->log, '\n');
    return fx->stop_at && line >= fx->stop_at;
}

static int on_issue(void *arg, long line, const char *id, const char *zh)
{
    struct fx *fx = arg;

    assert_true(zh[0] != '\0');
    xy_buf_printf(&fx->log, "%ld! %s\n", line, id);
    return 0;
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void write_text(struct fx *fx, const char *text)
{
    write_bytes(fx->path, text, strlen(text));
}

/* Read fx->path with issues reported; the transcript, and the code in *rc. */
static const char *read_all(struct fx *fx, enum xy_sheet_format f, xy_code *rc, struct xy_err *err)
{
    xy_buf_reset(&fx->log);
    xy_buf_addc(&fx->log, '\0');
    xy_buf_reset(&fx->log);
    *rc = xy_sheet_read_rows(fx->path, "名单.csv", f, on_row, on_issue, fx, err);
    return fx->log.data ? fx->log.data : "";
}

static const char *read_ok(struct fx *fx, enum xy_sheet_format f)
{
    struct xy_err err = {0};
    xy_code rc;
    const char *t = read_all(fx, f, &rc, &err);

    if (rc != XY_OK)
        fail_msg("read failed: %s", err.msg);
    return t;
}

/* An xlsx of the given parts: name, text, name, text, ..., NULL. */
static void write_zip(const char *path, ...)
{
    va_list ap;
    int zerr;
    zip_t *z;
    const char *name;

    unlink(path);
    z = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
    assert_non_null(z);
    va_start(ap, path);
    while ((name = va_arg(ap, const char *)) != NULL) {
        const char *text = va_arg(ap, const char *);
        zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    va_end(ap);
    assert_int_equal(zip_close(z), 0);
}

static const char *workbook_two_sheets =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook " NS " " RNS "><sheets>"
    "<sheet name=\"筛查\" sheetId=\"7\" r:id=\"rId9\"/><sheet name=\"说明\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";
static const char *rels_two_sheets =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId9\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"/xl/worksheets/data.xml\"/>"
    "<Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" "
    "Target=\"strings.xml\"/></Relationships>";

/* ---- CSV ---- */

static void test_csv_rows_come_with_their_line_and_blank_lines_are_skipped(void **state)
{
    struct fx *fx = *state;

    write_text(fx, "代码,名称\r\n\r\n91440300MA5F00001X,\"甲,公司\"\r\n\"a\"\"b\",\"两\n行\"\nx\n");
    assert_string_equal(read_ok(fx, XY_SHEET_CSV),
                        "1: 代码|名称\n3: 91440300MA5F00001X|甲,公司\n4: a\"b|两\n行\n6: x\n");
}

static void test_csv_byte_order_mark_is_not_part_of_the_first_cell(void **state)
{
    struct fx *fx = *state;

    write_text(fx, UTF8_BOM "代码\n1\n");
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: 代码\n2: 1\n");
}

static void test_csv_in_gb18030_is_read_as_utf8(void **state)
{
    struct fx *fx = *state;

    /* 代码,名称 / 1,张三 in GB18030 */
    write_text(fx, "\xB4\xFA\xC2\xEB,\xC3\xFB\xB3\xC6\n1,\xD5\xC5\xC8\xFD\n");
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: 代码|名称\n2: 1|张三\n");
}

static void test_csv_row_with_an_unclosed_quote_is_reported_and_the_rest_read(void **state)
{
    struct fx *fx = *state;

    write_text(fx, "a,b\n1,\"x\"y\n2,z\n");
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: a|b\n2! csv.malformed_quote\n3: 2|z\n");
}

static void test_csv_cell_over_the_cap_is_a_row_problem(void **state)
{
    struct fx *fx = *state;
    struct xy_buf b = XY_BUF_INIT;

    xy_buf_adds(&b, "a,b\n1,");
    for (int i = 0; i <= XY_SHEET_MAX_CELL; i++)
        xy_buf_addc(&b, 'x');
    xy_buf_adds(&b, "\n2,y\n");
    write_text(fx, b.data);
    xy_buf_release(&b);
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: a|b\n2! cell.too_long\n3: 2|y\n");
}

static void test_csv_cell_at_the_cap_is_read_whole(void **state)
{
    struct fx *fx = *state;
    struct xy_buf b = XY_BUF_INIT;
    const char *t;

    xy_buf_adds(&b, "a\n");
    for (int i = 0; i < XY_SHEET_MAX_CELL; i++)
        xy_buf_addc(&b, 'x');
    xy_buf_adds(&b, "\n");
    write_text(fx, b.data);
    xy_buf_release(&b);
    t = read_ok(fx, XY_SHEET_CSV);
    assert_int_equal(strlen(t), strlen("1: a\n2: \n") + XY_SHEET_MAX_CELL);
}

static void test_csv_too_many_cells_is_a_row_problem_but_empty_extra_cells_are_not(void **state)
{
    struct fx *fx = *state;
    struct xy_buf b = XY_BUF_INIT;

    for (int i = 0; i < XY_SHEET_MAX_COLS + 1; i++)
        xy_buf_adds(&b, i ? ",c" : "c");
    xy_buf_adds(&b, "\nz");
    for (int i = 0; i < XY_SHEET_MAX_COLS + 10; i++)
        xy_buf_adds(&b, ",");
    xy_buf_adds(&b, "\n");
    write_text(fx, b.data);
    xy_buf_release(&b);
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1! row.too_many_columns\n2: z\n");
}

static void test_csv_bytes_that_are_no_text_are_a_row_problem(void **state)
{
    struct fx *fx = *state;

    /* valid UTF-8 first (so the file is taken as UTF-8), then a stray 0xFF */
    write_text(fx, "名称\n甲\n\xFF\xFE\n乙\n");
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: 名称\n2: 甲\n3! cell.bad_encoding\n4: 乙\n");
}

static void
test_csv_row_problem_without_issue_callback_is_an_error_naming_file_and_line(void **state)
{
    struct fx *fx = *state;
    struct xy_err err = {0};
    xy_code rc;

    write_text(fx, "a,b\n1,\"x\"y\n2,z\n");
    rc = xy_sheet_read(fx->path, "名单.csv", XY_SHEET_CSV, on_row, fx, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "名单.csv"));
    assert_non_null(strstr(err.msg, "第2行"));
}

static void test_row_callback_can_stop_the_read(void **state)
{
    struct fx *fx = *state;

    fx->stop_at = 2;
    write_text(fx, "a\n1\n2\n3\n");
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: a\n2: 1\n");
}

static void test_csv_writer_quotes_guards_formulas_and_starts_with_a_bom(void **state)
{
    struct fx *fx = *state;
    struct xy_sheet_writer *w;
    struct xy_err err = {0};
    struct xy_buf b = XY_BUF_INIT;
    struct stat st;
    const char *row1[] = {"代码", "名称", "说明"};
    const char *row2[] = {"=1+2", "甲,\"乙\"", "两\n行"};
    const char *row3[] = {"-5", "@SUM(A1)", " x", NULL};

    assert_int_equal(xy_sheet_writer_open(fx->path, XY_SHEET_CSV, "表", &w, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_row(w, row1, 3, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_row(w, row2, 3, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_row(w, row3, 4, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_close(w, &err), XY_OK);
    assert_int_equal(stat(fx->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    {
        FILE *f = fopen(fx->path, "rb");
        char chunk[512];
        size_t n = fread(chunk, 1, sizeof(chunk), f);
        fclose(f);
        xy_buf_add(&b, chunk, n);
    }
    assert_string_equal(b.data, UTF8_BOM "代码,名称,说明\r\n"
                                         "\"'=1+2\",\"甲,\"\"乙\"\"\",\"两\n行\"\r\n"
                                         "\"'-5\",\"'@SUM(A1)\",\" x\",\r\n");
    xy_buf_release(&b);
    /* read back: the guard comes off, the values are what was written */
    assert_string_equal(read_ok(fx, XY_SHEET_CSV),
                        "1: 代码|名称|说明\n2: =1+2|甲,\"乙\"|两\n行\n4: -5|@SUM(A1)| x\n");
}

/* ---- xlsx ---- */

static void test_xlsx_first_sheet_is_found_through_the_workbook_and_its_relationships(void **state)
{
    struct fx *fx = *state;

    write_zip(fx->path, "xl/workbook.xml", workbook_two_sheets, "xl/_rels/workbook.xml.rels",
              rels_two_sheets, "xl/strings.xml",
              "<sst " NS " count=\"2\"><si><t>代码</t></si><si><r><t>名</t></r><r><t>称</t></r>"
              "<rPh><t>めい</t></rPh></si></sst>",
              "xl/worksheets/sheet1.xml",
              "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>说明"
              "</t></is></c></row></sheetData></worksheet>",
              "xl/worksheets/data.xml",
              "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
              "<c r=\"B1\" t=\"s\"><v>1</v></c></row></sheetData></worksheet>",
              NULL);
    assert_string_equal(read_ok(fx, XY_SHEET_XLSX), "1: 代码|名称\n");
}

static void test_xlsx_cells_shared_inline_numbers_and_gaps(void **state)
{
    struct fx *fx = *state;

    write_zip(
        fx->path, "xl/sharedStrings.xml",
        "<sst " NS "><si><t>甲公司</t></si><si><t xml:space=\"preserve\"> 乙 </t></si></sst>",
        "xl/worksheets/sheet1.xml",
        "<worksheet " NS "><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>丙</t>"
        "</is></c></row>"
        "<row r=\"4\"><c r=\"B4\"><v>123456789012345</v></c><c r=\"C4\"><v>1E3</v></c>"
        "<c r=\"D4\"><v>1.10101199003071E+17</v></c><c r=\"E4\"><v>3.5</v></c>"
        "<c r=\"F4\" t=\"b\"><v>1</v></c><c r=\"G4\" t=\"s\"><v>1</v></c>"
        "<c r=\"H4\" t=\"str\"><f>A1</f><v>公式</v></c></row>"
        "<row r=\"5\"><c r=\"A5\" s=\"3\"/><c r=\"B5\" t=\"s\"/></row>"
        "<row><c t=\"inlineStr\"><is><t>无</t></is></c><c><v>7</v></c></row>"
        "</sheetData></worksheet>",
        NULL);
    assert_string_equal(read_ok(fx, XY_SHEET_XLSX),
                        "1: 甲公司||丙\n4: |123456789012345|1000|1.10101199003071E+17|3.5|TRUE| 乙 "
                        "|公式\n6: 无|7\n");
}

static void test_xlsx_without_workbook_part_falls_back_to_sheet1(void **state)
{
    struct fx *fx = *state;

    write_zip(fx->path, "xl/worksheets/sheet1.xml",
              "<worksheet " NS "><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>x</t>"
              "</is></c></row></sheetData></worksheet>",
              NULL);
    assert_string_equal(read_ok(fx, XY_SHEET_XLSX), "2: |x\n");
}

static void test_xlsx_limits_are_row_problems(void **state)
{
    struct fx *fx = *state;
    struct xy_buf b = XY_BUF_INIT;

    xy_buf_adds(&b,
                "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
    for (int i = 0; i <= XY_SHEET_MAX_CELL; i++)
        xy_buf_addc(&b, 'x');
    xy_buf_adds(&b, "</t></is></c></row>");
    /* column 65 (BM) has a value: too many; column 70 (BR) styled but empty: ignored */
    xy_buf_adds(&b, "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"BM2\"><v>1</v></c></row>"
                    "<row r=\"3\"><c r=\"A3\"><v>2</v></c><c r=\"BR3\" s=\"1\"/></row>"
                    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>99</v></c></row>"
                    "</sheetData></worksheet>");
    write_zip(fx->path, "xl/worksheets/sheet1.xml", b.data, NULL);
    xy_buf_release(&b);
    assert_string_equal(read_ok(fx, XY_SHEET_XLSX),
                        "1! cell.too_long\n2! row.too_many_columns\n3: 2\n4! cell.bad_encoding\n");
}

static void test_xlsx_shared_strings_over_the_cap_are_refused(void **state)
{
    struct fx *fx = *state;
    size_t n = XY_SHEET_MAX_SST / 4000 + 2;
    struct xy_buf b = XY_BUF_INIT;
    struct xy_err err = {0};
    char cell[4001];
    xy_code rc;

    memset(cell, 'x', 4000);
    cell[4000] = '\0';
    xy_buf_adds(&b, "<sst " NS ">");
    for (size_t i = 0; i < n; i++)
        xy_buf_printf(&b, "<si><t>%s</t></si>", cell);
    xy_buf_adds(&b, "</sst>");
    write_zip(fx->path, "xl/sharedStrings.xml", b.data, "xl/worksheets/sheet1.xml",
              "<worksheet " NS "><sheetData/></worksheet>", NULL);
    xy_buf_release(&b);
    read_all(fx, XY_SHEET_XLSX, &rc, &err);
    assert_int_equal(rc, XY_TOO_LARGE);
    assert_non_null(strstr(err.msg, "共享字符串"));
}

static void test_xlsx_with_a_doctype_is_refused(void **state)
{
    struct fx *fx = *state;
    struct xy_err err = {0};
    xy_code rc;

    write_zip(fx->path, "xl/worksheets/sheet1.xml",
              "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet " NS
              "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&a;</t></is></c></row>"
              "</sheetData></worksheet>",
              NULL);
    assert_string_equal(read_all(fx, XY_SHEET_XLSX, &rc, &err), "");
    assert_int_equal(rc, XY_INVALID);
}

/* A sheet nesting <a> 100,000 deep: a few hundred bytes zipped, and without a depth limit
 * expat holds every open element. It is refused after the row before it was read. */
static void test_xlsx_nested_too_deep_is_refused(void **state)
{
    struct fx *fx = *state;
    struct xy_err err = {0};
    struct xy_buf x = XY_BUF_INIT;
    xy_code rc;

    xy_buf_adds(&x, "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>甲"
                    "</t></is></c></row><row r=\"2\">");
    for (int i = 0; i < 100000; i++)
        xy_buf_adds(&x, "<a>");
    xy_buf_addc(&x, '\0');
    write_zip(fx->path, "xl/worksheets/sheet1.xml", x.data, NULL);
    assert_string_equal(read_all(fx, XY_SHEET_XLSX, &rc, &err), "1: 甲\n");
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, "名单.csv"));
    assert_non_null(strstr(err.msg, "嵌套过深"));

    /* the same in the shared strings */
    write_zip(fx->path, "xl/sharedStrings.xml", x.data, "xl/worksheets/sheet1.xml",
              "<worksheet " NS "><sheetData/></worksheet>", NULL);
    read_all(fx, XY_SHEET_XLSX, &rc, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, "sharedStrings.xml"));
    xy_buf_release(&x);
}

/* One start tag of 40 MiB: expat must hold it whole, past the 32 MiB a parser may use. */
static void test_xlsx_part_needing_too_much_memory_is_refused(void **state)
{
    struct fx *fx = *state;
    struct xy_err err = {0};
    size_t n = (size_t)40 << 20;
    char *x = xy_malloc(n + 200);
    xy_code rc;

    int k = snprintf(x, 200, "<worksheet " NS "><sheetData><row r=\"1\" x=\"");
    memset(x + k, 'a', n);
    strcpy(x + k + n, "\"/></sheetData></worksheet>");
    write_zip(fx->path, "xl/worksheets/sheet1.xml", x, NULL);
    free(x);
    read_all(fx, XY_SHEET_XLSX, &rc, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, "名单.csv"));
    assert_non_null(strstr(err.msg, "表格结构过于复杂或文件已损坏"));
}

static void test_broken_files_are_refused_with_a_message_naming_the_file(void **state)
{
    struct fx *fx = *state;
    struct xy_err err = {0};
    xy_code rc;

    write_text(fx, "代码\n1\n");
    read_all(fx, XY_SHEET_XLSX, &rc, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, "名单.csv"));

    write_bytes(fx->path, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old excel", 18);
    read_all(fx, XY_SHEET_CSV, &rc, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, ".xls"));

    write_zip(fx->path, "docProps/app.xml", "<x/>", NULL);
    read_all(fx, XY_SHEET_XLSX, &rc, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, "工作表"));

    write_zip(fx->path, "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>", NULL);
    read_all(fx, XY_SHEET_XLSX, &rc, &err);
    assert_int_equal(rc, XY_INVALID);
    assert_non_null(strstr(err.msg, "XML"));
}

static void test_zip_named_csv_is_read_as_xlsx(void **state)
{
    struct fx *fx = *state;

    write_zip(fx->path, "xl/worksheets/sheet1.xml",
              "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>ok</t></is>"
              "</c></row></sheetData></worksheet>",
              NULL);
    assert_string_equal(read_ok(fx, XY_SHEET_CSV), "1: ok\n");
}

static void test_xlsx_writer_output_reads_back_with_every_cell_a_string(void **state)
{
    struct fx *fx = *state;
    struct xy_sheet_writer *w;
    struct xy_err err = {0};
    struct stat st;
    const char *row1[] = {"行号", "代码", "名称"};
    const char *row2[] = {"2", "000123", "=甲"};
    const char *row3[] = {"3", "", "乙"};

    assert_int_equal(xy_sheet_writer_open(fx->path, XY_SHEET_XLSX, "筛查结果", &w, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_row(w, row1, 3, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_row(w, row2, 3, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_row(w, row3, 3, &err), XY_OK);
    assert_int_equal(xy_sheet_writer_close(w, &err), XY_OK);
    assert_int_equal(stat(fx->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* 000123 keeps its zeros: it was written as text, not as the number 123 */
    assert_string_equal(read_ok(fx, XY_SHEET_XLSX),
                        "1: 行号|代码|名称\n2: 2|000123|=甲\n3: 3||乙\n");
}

static void test_format_of_name_and_explicit_format(void **state)
{
    (void)state;
    assert_int_equal(xy_sheet_format_of(NULL, "a.XLSX"), XY_SHEET_XLSX);
    assert_int_equal(xy_sheet_format_of(NULL, "a.csv"), XY_SHEET_CSV);
    assert_int_equal(xy_sheet_format_of(NULL, NULL), XY_SHEET_CSV);
    assert_int_equal(xy_sheet_format_of("csv", "a.xlsx"), XY_SHEET_CSV);
    assert_int_equal(xy_sheet_format_of("xlsx", "a.csv"), XY_SHEET_XLSX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_csv_rows_come_with_their_line_and_blank_lines_are_skipped),
        T(test_csv_byte_order_mark_is_not_part_of_the_first_cell),
        T(test_csv_in_gb18030_is_read_as_utf8),
        T(test_csv_row_with_an_unclosed_quote_is_reported_and_the_rest_read),
        T(test_csv_cell_over_the_cap_is_a_row_problem),
        T(test_csv_cell_at_the_cap_is_read_whole),
        T(test_csv_too_many_cells_is_a_row_problem_but_empty_extra_cells_are_not),
        T(test_csv_bytes_that_are_no_text_are_a_row_problem),
        T(test_csv_row_problem_without_issue_callback_is_an_error_naming_file_and_line),
        T(test_row_callback_can_stop_the_read),
        T(test_csv_writer_quotes_guards_formulas_and_starts_with_a_bom),
        T(test_xlsx_first_sheet_is_found_through_the_workbook_and_its_relationships),
        T(test_xlsx_cells_shared_inline_numbers_and_gaps),
        T(test_xlsx_without_workbook_part_falls_back_to_sheet1),
        T(test_xlsx_limits_are_row_problems),
        T(test_xlsx_shared_strings_over_the_cap_are_refused),
        T(test_xlsx_with_a_doctype_is_refused),
        T(test_xlsx_nested_too_deep_is_refused),
        T(test_xlsx_part_needing_too_much_memory_is_refused),
        T(test_broken_files_are_refused_with_a_message_naming_the_file),
        T(test_zip_named_csv_is_read_as_xlsx),
        T(test_xlsx_writer_output_reads_back_with_every_cell_a_string),
        T(test_format_of_name_and_explicit_format),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
