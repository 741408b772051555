/* test_readers.c - the ingestion readers: decoder, numbered lines, CSV and JSON Lines
 * (service/decode, service/lines, service/reader)
 *
 * Every test feeds bytes through fmemopen() into the real decoder, so what is checked is what a
 * department's upload goes through. The sink writes each record and each issue into a
 * transcript, one event a line ("3: a|b" for a record starting on line 3, "3! csv.xxx" for an
 * issue), and a test compares the whole transcript, so an event too many, one missing or one
 * out of order fails it. In a transcript '\n', '\r', '|' and '\\' are escaped, and the bytes
 * 0x00 and 0xFF are written as \x00 and \xff; JSON Lines records read "key=value|...".
 */
#include "helpers.h"

#include "base/buf.h"
#include "base/err.h"
#include "service/decode.h"
#include "service/lines.h"
#include "service/reader.h"

/* GB18030 bytes of the text used below (checked against iconv -t GB18030). */
#define GB_ZHANGSAN  "\xD5\xC5\xC8\xFD" /* 张三 */
#define GB_DAIMA     "\xB4\xFA\xC2\xEB" /* 代码 */
#define GB_MINGCHENG "\xC3\xFB\xB3\xC6" /* 名称 */
#define GB_YI        "\xD2\xBB"         /* 一 */
#define GB_GRIN      "\x94\x39\xFC\x36" /* U+1F600, a four-byte GB18030 sequence */
#define GB_BOM       "\x84\x31\x95\x33"
#define UTF8_BOM     "\xEF\xBB\xBF"

struct fx {
    char *mem; /* the "file"; fmemopen() reads it, so it lives as long as the decoder */
    struct xy_decoder dec;
    struct xy_lines lines;
    int open;
    struct xy_buf log; /* the transcript */
    long fail_at_line; /* the record callback fails for the record on this line */
    size_t records;    /* records seen, also the ones after a failure */
    size_t last_lens_sum;
};

static int setup(void **state)
{
    struct fx *fx = xy_calloc(1, sizeof(*fx));

    xy_buf_init(&fx->log, 0);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;

    if (fx->open) {
        xy_lines_release(&fx->lines);
        xy_decoder_close(&fx->dec);
    }
    free(fx->mem);
    xy_buf_release(&fx->log);
    free(fx);
    return 0;
}

/* Open n bytes as a file in the given encoding, lines capped at max_line. */
static void fx_open(struct fx *fx, const char *bytes, size_t n, enum xy_encoding enc,
                    size_t max_line)
{
    struct xy_err err = {0};
    FILE *f;

    fx->mem = xy_malloc(n + 1);
    memcpy(fx->mem, bytes, n);
    /* glibc refuses a zero-sized memory stream; an empty file is one byte read as nothing */
    f = fmemopen(fx->mem, n ? n : 1, "r");
    assert_non_null(f);
    if (n == 0)
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
    if (xy_decoder_open_stream(&fx->dec, f, enc, &err) != XY_OK)
        fail_msg("cannot open the decoder: %s", err.msg);
    xy_lines_init(&fx->lines, &fx->dec, max_line);
    fx->open = 1;
}

static void fx_open_str(struct fx *fx, const char *s, enum xy_encoding enc, size_t max_line)
{
    fx_open(fx, s, strlen(s), enc, max_line);
}

static void log_escaped(struct xy_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            xy_buf_adds(b, "\\n");
        else if (c == '\r')
            xy_buf_adds(b, "\\r");
        else if (c == '|' || c == '\\') {
            xy_buf_addc(b, '\\');
            xy_buf_addc(b, (char)c);
        } else if (c == 0xFF || c == 0)
            xy_buf_printf(b, "\\x%02x", c);
        else
            xy_buf_addc(b, (char)c);
    }
}

/* Everything the decoder hands out, read in pieces of cap bytes. */
static void decode_all(struct fx *fx, size_t cap, struct xy_buf *out)
{
    struct xy_err err = {0};
    char *chunk = xy_malloc(cap);
    size_t n;

    while ((n = xy_decoder_read(&fx->dec, chunk, cap, &err)) > 0)
        xy_buf_add(out, chunk, n);
    free(chunk);
}

/* Every line as "N:text" (escaped) or "N:too long LEN", one a line. */
static const char *read_lines(struct fx *fx)
{
    const char *line;
    size_t len;
    long lineno;
    int r;

    while ((r = xy_lines_next(&fx->lines, &line, &len, &lineno)) != 0) {
        xy_buf_printf(&fx->log, "%ld:", lineno);
        if (r < 0) {
            assert_int_equal(r, -1);
            xy_buf_printf(&fx->log, "too long %zu", len);
        } else {
            assert_int_equal(r, 1);
            assert_true(len > 0 && line[len - 1] == '\n');
            log_escaped(&fx->log, line, len);
        }
        xy_buf_addc(&fx->log, '\n');
    }
    return fx->log.data ? fx->log.data : "";
}

static xy_code sink_record(void *ctx, long line, const char *const *keys, const char *const *cols,
                           const size_t *lens, size_t n, struct xy_err *err)
{
    struct fx *fx = ctx;

    fx->records++;
    fx->last_lens_sum = 0;
    xy_buf_printf(&fx->log, "%ld: ", line);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            xy_buf_addc(&fx->log, '|');
        if (keys)
            xy_buf_printf(&fx->log, "%s=", keys[i]);
        /* the length is what counts; the terminating NUL must sit right after it */
        assert_int_equal(cols[i][lens[i]], '\0');
        log_escaped(&fx->log, cols[i], lens[i]);
        fx->last_lens_sum += lens[i];
    }
    xy_buf_addc(&fx->log, '\n');
    if (line == fx->fail_at_line)
        return xy_err_set(err, XY_STORAGE, "could not store the record on line %ld", line);
    return XY_OK;
}

static void sink_issue(void *ctx, long line, const char *id, const char *zh)
{
    struct fx *fx = ctx;

    /* the clerk must be told something */
    assert_non_null(zh);
    assert_true(zh[0] != '\0');
    xy_buf_printf(&fx->log, "%ld! %s\n", line, id);
}

static const char *read_csv(struct fx *fx, xy_code want_rc)
{
    struct xy_reader_sink sink = {fx, sink_record, sink_issue};
    struct xy_err err = {0};

    assert_int_equal(xy_csv_read(&fx->lines, &sink, &err), want_rc);
    return fx->log.data ? fx->log.data : "";
}

static const char *read_jsonl(struct fx *fx, xy_code want_rc)
{
    struct xy_reader_sink sink = {fx, sink_record, sink_issue};
    struct xy_err err = {0};

    assert_int_equal(xy_jsonl_read(&fx->lines, &sink, &err), want_rc);
    return fx->log.data ? fx->log.data : "";
}

/* ---- decode.h ---------------------------------------------------------------------------- */

static void test_encoding_names_are_parsed_and_unknown_ones_refused(void **state)
{
    (void)state;
    assert_int_equal(xy_encoding_parse("auto"), XY_ENC_AUTO);
    assert_int_equal(xy_encoding_parse("utf-8"), XY_ENC_UTF8);
    assert_int_equal(xy_encoding_parse("utf8"), XY_ENC_UTF8);
    assert_int_equal(xy_encoding_parse("gb18030"), XY_ENC_GB18030);
    assert_int_equal(xy_encoding_parse("gbk"), XY_ENC_GB18030);
    assert_int_equal(xy_encoding_parse("latin1"), -1);
    assert_int_equal(xy_encoding_parse(""), -1);
    assert_string_equal(xy_encoding_name(XY_ENC_GB18030), "GB18030");
    assert_string_equal(xy_encoding_name(XY_ENC_UTF8), "UTF-8");
}

static void test_utf8_input_is_passed_on_unchanged(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx, "代码,名称\n1,张三\n", XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_UTF8);
    decode_all(fx, 5, &out);
    assert_string_equal(out.data, "代码,名称\n1,张三\n");
    xy_buf_release(&out);
}

static void test_utf8_bom_is_stripped(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx, UTF8_BOM "代码,名称\n", XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_UTF8);
    decode_all(fx, 4096, &out);
    assert_string_equal(out.data, "代码,名称\n");
    xy_buf_release(&out);
}

static void test_gb18030_bom_is_stripped_and_the_text_decoded(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx, GB_BOM GB_DAIMA "," GB_MINGCHENG "\n", XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_GB18030);
    decode_all(fx, 4096, &out);
    assert_string_equal(out.data, "代码,名称\n");
    xy_buf_release(&out);
}

static void test_gb18030_input_is_detected_and_decoded_to_utf8(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx, GB_DAIMA "," GB_MINGCHENG "\n1," GB_ZHANGSAN GB_GRIN "\n", XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_GB18030);
    decode_all(fx, 4096, &out);
    assert_string_equal(out.data, "代码,名称\n1,张三\xF0\x9F\x98\x80\n");
    xy_buf_release(&out);
}

static void test_gb18030_detected_when_its_only_chinese_is_the_last_character(void **state)
{
    struct fx *fx = *state;

    /* a short file is read whole at once: its last character is not cut, judge it too */
    fx_open_str(fx, "code,name\n1,\xE4\xB8", XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_GB18030);
}

static void test_utf8_chosen_by_name_leaves_gb18030_bytes_undecoded(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx, "1," GB_ZHANGSAN "\n", XY_ENC_UTF8, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_UTF8);
    decode_all(fx, 4096, &out);
    assert_string_equal(out.data, "1," GB_ZHANGSAN "\n");
    xy_buf_release(&out);
}

static void test_undecodable_gb18030_bytes_are_passed_on_as_0xff(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx,
                GB_ZHANGSAN "\xFF"
                            "a\x80"
                            "b\n",
                XY_ENC_GB18030, 100);
    decode_all(fx, 4096, &out);
    assert_int_equal(out.len, strlen("张三\xFF"
                                     "a\xFF"
                                     "b\n"));
    assert_memory_equal(out.data,
                        "张三\xFF"
                        "a\xFF"
                        "b\n",
                        out.len);
    xy_buf_release(&out);
}

static void test_gb18030_character_cut_at_the_end_of_the_file_becomes_0xff(void **state)
{
    struct fx *fx = *state;
    struct xy_buf out = XY_BUF_INIT;

    fx_open_str(fx, "a," GB_ZHANGSAN "\xD5", XY_ENC_GB18030, 100);
    decode_all(fx, 4096, &out);
    assert_int_equal(out.len, strlen("a,张三\xFF"));
    assert_memory_equal(out.data, "a,张三\xFF", out.len);
    xy_buf_release(&out);
}

/* The decoder reads 64 KiB at a time; here a two-byte character straddles that boundary. */
static void test_gb18030_file_larger_than_the_read_buffer_is_decoded_whole(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT, out = XY_BUF_INIT, want = XY_BUF_INIT;

    xy_buf_addc(&in, '#');
    xy_buf_addc(&want, '#');
    for (int i = 0; i < 10000; i++) {
        xy_buf_adds(&in, GB_ZHANGSAN ",1\n");
        xy_buf_adds(&want, "张三,1\n");
    }
    assert_int_equal((unsigned char)in.data[65535], 0xD5); /* the first byte of 张 */
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_GB18030);
    decode_all(fx, 1000, &out);
    assert_int_equal(out.len, want.len);
    assert_memory_equal(out.data, want.data, want.len);
    xy_buf_release(&in);
    xy_buf_release(&out);
    xy_buf_release(&want);
}

/* Auto-detection looks at the first 64 KiB, which here end inside a three-byte character. */
static void test_utf8_file_cut_inside_a_character_by_the_sample_is_still_utf8(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT, out = XY_BUF_INIT;

    xy_buf_adds(&in, "#abcd\n");
    for (int i = 0; i < 8000; i++)
        xy_buf_adds(&in, "张三,1\n");
    assert_int_equal((unsigned char)in.data[65535], 0xE5); /* the first byte of 张 */
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 100);
    assert_int_equal(fx->dec.enc, XY_ENC_UTF8);
    decode_all(fx, 4096, &out);
    assert_int_equal(out.len, in.len);
    assert_memory_equal(out.data, in.data, in.len);
    xy_buf_release(&in);
    xy_buf_release(&out);
}

/* ---- lines.h ----------------------------------------------------------------------------- */

static void test_lines_are_numbered_from_one_and_end_with_a_newline(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "a\n\nbc\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_lines(fx), "1:a\\n\n"
                                        "2:\\n\n"
                                        "3:bc\\n\n");
}

static void test_crlf_lines_are_numbered_like_lf_lines(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "a\r\nb\r\n\r\nc\r\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_lines(fx), "1:a\\r\\n\n"
                                        "2:b\\r\\n\n"
                                        "3:\\r\\n\n"
                                        "4:c\\r\\n\n");
}

static void test_last_line_without_a_newline_gets_one(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "a\nlast", XY_ENC_AUTO, 100);
    assert_string_equal(read_lines(fx), "1:a\\n\n"
                                        "2:last\\n\n");
}

static void test_empty_file_has_no_lines(void **state)
{
    struct fx *fx = *state;

    fx_open(fx, "", 0, XY_ENC_AUTO, 100);
    assert_string_equal(read_lines(fx), "");
}

static void test_line_over_max_line_is_skipped_and_reported_with_its_number_and_length(void **state)
{
    struct fx *fx = *state;

    /* max_line counts the bytes before the newline: 8 fit, 9 do not */
    fx_open_str(fx, "12345678\n123456789\nok\n", XY_ENC_AUTO, 8);
    assert_string_equal(read_lines(fx), "1:12345678\\n\n"
                                        "2:too long 10\n"
                                        "3:ok\\n\n");
}

static void test_last_line_over_max_line_without_a_newline_is_reported(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "ok\n123456789", XY_ENC_AUTO, 8);
    assert_string_equal(read_lines(fx), "1:ok\\n\n"
                                        "2:too long 9\n");
}

/* A runaway line much longer than one decoder read is skipped to its end, not cut in pieces. */
static void test_line_longer_than_several_reads_is_skipped_whole(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT;

    xy_buf_adds(&in, "first\n");
    for (int i = 0; i < 200000; i++)
        xy_buf_addc(&in, 'x');
    xy_buf_adds(&in, "\nnext\nlast\n");
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 100);
    assert_string_equal(read_lines(fx), "1:first\\n\n"
                                        "2:too long 200001\n"
                                        "3:next\\n\n"
                                        "4:last\\n\n");
    xy_buf_release(&in);
}

static void test_unread_lines_come_back_before_what_follows_with_their_numbers(void **state)
{
    struct fx *fx = *state;
    const char *line;
    size_t len;
    long lineno;

    fx_open_str(fx, "one\ntwo\nthree\nfour\n", XY_ENC_AUTO, 100);
    assert_int_equal(xy_lines_next(&fx->lines, &line, &len, &lineno), 1);
    assert_int_equal(xy_lines_next(&fx->lines, &line, &len, &lineno), 1);
    assert_int_equal(xy_lines_next(&fx->lines, &line, &len, &lineno), 1);
    assert_int_equal(lineno, 3);
    /* lines 2 and 3 again; the last one put back without its newline */
    xy_lines_unread(&fx->lines, "two\nthree", 9, 2);
    assert_string_equal(read_lines(fx), "2:two\\n\n"
                                        "3:three\\n\n"
                                        "4:four\\n\n");
}

static void test_text_put_back_while_earlier_text_is_pending_is_read_first(void **state)
{
    struct fx *fx = *state;
    const char *line;
    size_t len;
    long lineno;

    fx_open_str(fx, "1\n2\n3\n4\n5\n", XY_ENC_AUTO, 100);
    for (int i = 0; i < 4; i++)
        assert_int_equal(xy_lines_next(&fx->lines, &line, &len, &lineno), 1);
    xy_lines_unread(&fx->lines, "3\n4\n", 4, 3);
    assert_int_equal(xy_lines_next(&fx->lines, &line, &len, &lineno), 1);
    assert_int_equal(lineno, 3);
    xy_lines_unread(&fx->lines, "3\n", 2, 3);
    assert_string_equal(read_lines(fx), "3:3\\n\n"
                                        "4:4\\n\n"
                                        "5:5\\n\n");
}

/* ---- xy_csv_read ------------------------------------------------------------------------- */

static void test_csv_records_carry_the_line_they_start_on(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "代码,名称\n1,张三\n2,李四\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: 代码|名称\n"
                                             "2: 1|张三\n"
                                             "3: 2|李四\n");
}

static void test_csv_quoted_fields_keep_commas_and_doubled_quotes(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"\"\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: a|b|c\n"
                                             "2: x,y|say \"hi\"|\n");
}

static void test_csv_empty_fields_are_kept_in_their_places(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "a,,c,\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: a||c|\n");
    assert_int_equal(fx->last_lens_sum, 2);
}

static void test_csv_record_spanning_lines_3_and_4_is_reported_at_3_and_the_next_at_5(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "h1,h2\nr2,x\nr3,\"first\nsecond\"\nr5,y\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: h1|h2\n"
                                             "2: r2|x\n"
                                             "3: r3|first\\nsecond\n"
                                             "5: r5|y\n");
}

static void test_csv_blank_lines_are_skipped_but_counted(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "h\n\n\r\nr4\n\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: h\n"
                                             "4: r4\n");
}

static void test_csv_blank_line_inside_a_quoted_field_belongs_to_the_field(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "1,\"a\n\nb\"\n5\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: 1|a\\n\\nb\n"
                                             "4: 5\n");
}

static void test_csv_crlf_line_ends_are_not_part_of_the_last_field(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, UTF8_BOM "代码,名称\r\n1,\"张\r\n三\"\r\n2,李四\r\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: 代码|名称\n"
                                             "2: 1|张\\r\\n三\n"
                                             "4: 2|李四\n");
}

static void test_csv_from_a_gb18030_file_arrives_in_utf8(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, GB_DAIMA "," GB_MINGCHENG "\r\n1," GB_ZHANGSAN "\r\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: 代码|名称\n"
                                             "2: 1|张三\n");
}

static void
test_unterminated_quote_is_reported_at_its_first_line_and_later_rows_are_kept(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "h1,h2\nr2,ok\nr3,\"never closed\nr4,ok\nr5,ok\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: h1|h2\n"
                                             "2: r2|ok\n"
                                             "3! csv.unterminated_quote\n"
                                             "4: r4|ok\n"
                                             "5: r5|ok\n");
}

/* Mid-file the open quote is given up once the record outgrows the line limit. */
static void
test_unterminated_quote_is_given_up_at_the_limit_and_the_rows_it_swallowed_are_kept(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT, want = XY_BUF_INIT;

    xy_buf_adds(&in, "h\nr2,\"open\n");
    xy_buf_adds(&want, "1: h\n2! csv.unterminated_quote\n");
    for (int i = 3; i <= 20; i++) {
        xy_buf_printf(&in, "r%d,abcdefgh\n", i);
        xy_buf_printf(&want, "%d: r%d|abcdefgh\n", i, i);
    }
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 40);
    assert_string_equal(read_csv(fx, XY_OK), want.data);
    xy_buf_release(&in);
    xy_buf_release(&want);
}

static void
test_too_long_line_inside_an_open_quote_ends_the_record_and_the_lines_between_are_kept(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "r1,\"open\nr2,ok\nr3,0123456789012345678901234567890123456789\nr4,ok\n",
                XY_ENC_AUTO, 30);
    assert_string_equal(read_csv(fx, XY_OK), "1! csv.unterminated_quote\n"
                                             "3! line.too_long\n"
                                             "2: r2|ok\n"
                                             "4: r4|ok\n");
}

static void
test_malformed_quote_in_an_unquoted_field_is_reported_and_the_next_row_read(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "h1,h2\nr2,a\"b\nr3,ok\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1: h1|h2\n"
                                             "2! csv.malformed_quote\n"
                                             "3: r3|ok\n");
}

static void test_text_after_a_closing_quote_is_a_malformed_quote(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "r1,\"a\"b\nr2,ok\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_OK), "1! csv.malformed_quote\n"
                                             "2: r2|ok\n");
}

static void test_csv_line_over_the_limit_is_reported_and_the_next_row_still_read(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "h1,h2\nr2,0123456789012345678901234567890123456789\nr3,ok\n", XY_ENC_AUTO, 20);
    assert_string_equal(read_csv(fx, XY_OK), "1: h1|h2\n"
                                             "2! line.too_long\n"
                                             "3: r3|ok\n");
}

static void test_csv_line_exactly_at_the_limit_is_a_record(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "0123456789\nok\n", XY_ENC_AUTO, 10);
    assert_string_equal(read_csv(fx, XY_OK), "1: 0123456789\n"
                                             "2: ok\n");
}

static void test_csv_row_with_the_most_columns_allowed_is_read(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT;

    for (int i = 0; i < XY_READER_MAX_COLS; i++)
        xy_buf_adds(&in, i ? ",x" : "x");
    xy_buf_adds(&in, "\nlast\n");
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 4096);
    read_csv(fx, XY_OK);
    assert_int_equal(fx->records, 2);
    assert_int_equal(fx->last_lens_sum, 4); /* "last" */
    assert_null(strchr(fx->log.data, '!'));
    /* the first record: XY_READER_MAX_COLS fields of "x" */
    assert_int_equal(strchr(fx->log.data, '\n') - fx->log.data,
                     strlen("1: ") + 2 * XY_READER_MAX_COLS - 1);
    xy_buf_release(&in);
}

static void test_csv_row_with_too_many_columns_is_reported_and_the_next_row_read(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT;

    xy_buf_adds(&in, "h\n");
    for (int i = 0; i <= XY_READER_MAX_COLS; i++)
        xy_buf_adds(&in, i ? ",x" : "x");
    xy_buf_adds(&in, "\nr3\n");
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 4096);
    assert_string_equal(read_csv(fx, XY_OK), "1: h\n"
                                             "2! row.too_many_columns\n"
                                             "3: r3\n");
    xy_buf_release(&in);
}

static void test_csv_error_from_the_sink_stops_the_read_and_is_returned(void **state)
{
    struct fx *fx = *state;

    fx->fail_at_line = 2;
    fx_open_str(fx, "h\nr2\nr3\n", XY_ENC_AUTO, 100);
    assert_string_equal(read_csv(fx, XY_STORAGE), "1: h\n"
                                                  "2: r2\n");
}

/* ---- xy_jsonl_read ----------------------------------------------------------------------- */

static void test_jsonl_keys_and_values_are_handed_out_as_written(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx,
                "{\"代码\": \"91440101MA5CXXXX\", \"名称\": \"张三\\u516c\\u53f8\"}\n"
                "{\"a\": \"say \\\"hi\\\"\\n\", \"b\": \"\"}\n",
                XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1: 代码=91440101MA5CXXXX|名称=张三公司\n"
                                               "2: a=say \"hi\"\\n|b=\n");
}

static void test_jsonl_numbers_are_printed_back_as_written(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "{\"a\": 2.35, \"b\": 12, \"c\": -7, \"d\": 0.1, \"e\": 1234567.89}\n",
                XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1: a=2.35|b=12|c=-7|d=0.1|e=1234567.89\n");
}

static void test_jsonl_null_becomes_an_empty_value(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "{\"a\": null, \"b\": \"x\"}\n", XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1: a=|b=x\n");
}

static void test_jsonl_object_array_or_boolean_value_is_a_value_type_issue(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx,
                "{\"a\": \"1\", \"b\": {\"c\": 1}}\n"
                "{\"a\": [1]}\n"
                "{\"a\": true}\n"
                "{\"a\": \"ok\"}\n",
                XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1! json.value_type\n"
                                               "2! json.value_type\n"
                                               "3! json.value_type\n"
                                               "4: a=ok\n");
}

static void test_jsonl_syntax_error_is_reported_and_the_next_line_still_read(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx,
                "{\"a\": \"1\"}\n"
                "{\"a\": \"2\",}\n"
                "{\"a\": \"3\"} {\"a\": \"4\"}\n"
                "{\"a\": \"5\"}\n",
                XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1: a=1\n"
                                               "2! json.syntax\n"
                                               "3! json.syntax\n"
                                               "4: a=5\n");
}

static void test_jsonl_line_that_is_not_an_object_is_reported(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "[\"a\"]\n[]\n[{\"a\": \"1\"}]\n{\"a\": \"ok\"}\n", XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1! json.not_object\n"
                                               "2! json.not_object\n"
                                               "3! json.not_object\n"
                                               "4: a=ok\n");
}

static void test_jsonl_duplicate_keys_are_rejected(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "{\"a\": \"1\", \"a\": \"2\"}\n{\"a\": \"3\"}\n", XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "1! json.syntax\n"
                                               "2: a=3\n");
}

static void test_jsonl_blank_lines_are_skipped_but_counted(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "\n{\"a\": \"2\"}\r\n\r\n{\"a\": \"4\"}", XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_OK), "2: a=2\n"
                                               "4: a=4\n");
}

static void test_jsonl_line_over_the_limit_is_reported_and_the_next_line_read(void **state)
{
    struct fx *fx = *state;

    fx_open_str(fx, "{\"a\": \"0123456789012345678901234567890123456789\"}\n{\"a\": \"2\"}\n",
                XY_ENC_AUTO, 30);
    assert_string_equal(read_jsonl(fx, XY_OK), "1! line.too_long\n"
                                               "2: a=2\n");
}

static void test_jsonl_object_with_too_many_keys_is_reported(void **state)
{
    struct fx *fx = *state;
    struct xy_buf in = XY_BUF_INIT;

    for (int i = 0; i <= XY_READER_MAX_COLS; i++)
        xy_buf_printf(&in, "%s\"k%d\": \"v\"", i ? ", " : "{", i);
    xy_buf_adds(&in, "}\n{\"a\": \"2\"}\n");
    fx_open(fx, in.data, in.len, XY_ENC_AUTO, 8192);
    assert_string_equal(read_jsonl(fx, XY_OK), "1! row.too_many_columns\n"
                                               "2: a=2\n");
    xy_buf_release(&in);
}

static void test_jsonl_error_from_the_sink_stops_the_read_and_is_returned(void **state)
{
    struct fx *fx = *state;

    fx->fail_at_line = 1;
    fx_open_str(fx, "{\"a\": \"1\"}\n{\"a\": \"2\"}\n", XY_ENC_AUTO, 200);
    assert_string_equal(read_jsonl(fx, XY_STORAGE), "1: a=1\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_encoding_names_are_parsed_and_unknown_ones_refused),
        T(test_utf8_input_is_passed_on_unchanged),
        T(test_utf8_bom_is_stripped),
        T(test_gb18030_bom_is_stripped_and_the_text_decoded),
        T(test_gb18030_input_is_detected_and_decoded_to_utf8),
        T(test_gb18030_detected_when_its_only_chinese_is_the_last_character),
        T(test_utf8_chosen_by_name_leaves_gb18030_bytes_undecoded),
        T(test_undecodable_gb18030_bytes_are_passed_on_as_0xff),
        T(test_gb18030_character_cut_at_the_end_of_the_file_becomes_0xff),
        T(test_gb18030_file_larger_than_the_read_buffer_is_decoded_whole),
        T(test_utf8_file_cut_inside_a_character_by_the_sample_is_still_utf8),
        T(test_lines_are_numbered_from_one_and_end_with_a_newline),
        T(test_crlf_lines_are_numbered_like_lf_lines),
        T(test_last_line_without_a_newline_gets_one),
        T(test_empty_file_has_no_lines),
        T(test_line_over_max_line_is_skipped_and_reported_with_its_number_and_length),
        T(test_last_line_over_max_line_without_a_newline_is_reported),
        T(test_line_longer_than_several_reads_is_skipped_whole),
        T(test_unread_lines_come_back_before_what_follows_with_their_numbers),
        T(test_text_put_back_while_earlier_text_is_pending_is_read_first),
        T(test_csv_records_carry_the_line_they_start_on),
        T(test_csv_quoted_fields_keep_commas_and_doubled_quotes),
        T(test_csv_empty_fields_are_kept_in_their_places),
        T(test_csv_record_spanning_lines_3_and_4_is_reported_at_3_and_the_next_at_5),
        T(test_csv_blank_lines_are_skipped_but_counted),
        T(test_csv_blank_line_inside_a_quoted_field_belongs_to_the_field),
        T(test_csv_crlf_line_ends_are_not_part_of_the_last_field),
        T(test_csv_from_a_gb18030_file_arrives_in_utf8),
        T(test_unterminated_quote_is_reported_at_its_first_line_and_later_rows_are_kept),
        T(test_unterminated_quote_is_given_up_at_the_limit_and_the_rows_it_swallowed_are_kept),
        T(test_too_long_line_inside_an_open_quote_ends_the_record_and_the_lines_between_are_kept),
        T(test_malformed_quote_in_an_unquoted_field_is_reported_and_the_next_row_read),
        T(test_text_after_a_closing_quote_is_a_malformed_quote),
        T(test_csv_line_over_the_limit_is_reported_and_the_next_row_still_read),
        T(test_csv_line_exactly_at_the_limit_is_a_record),
        T(test_csv_row_with_the_most_columns_allowed_is_read),
        T(test_csv_row_with_too_many_columns_is_reported_and_the_next_row_read),
        T(test_csv_error_from_the_sink_stops_the_read_and_is_returned),
        T(test_jsonl_keys_and_values_are_handed_out_as_written),
        T(test_jsonl_numbers_are_printed_back_as_written),
        T(test_jsonl_null_becomes_an_empty_value),
        T(test_jsonl_object_array_or_boolean_value_is_a_value_type_issue),
        T(test_jsonl_syntax_error_is_reported_and_the_next_line_still_read),
        T(test_jsonl_line_that_is_not_an_object_is_reported),
        T(test_jsonl_duplicate_keys_are_rejected),
        T(test_jsonl_blank_lines_are_skipped_but_counted),
        T(test_jsonl_line_over_the_limit_is_reported_and_the_next_line_read),
        T(test_jsonl_object_with_too_many_keys_is_reported),
        T(test_jsonl_error_from_the_sink_stops_the_read_and_is_returned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
