/* ingest_jsonl.c - JSON Lines records, with jansson (layer: service)
 *
 * One JSON object per line; keys are field codes or Chinese field names, values strings,
 * numbers or null. Numbers are printed back with 15 significant digits, which reproduces any
 * decimal a department can write with up to 15 digits (amounts in 万元 are best sent as
 * strings all the same).
 */
#include "service/reader.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"

xy_code xy_jsonl_read(struct xy_lines *in, const struct xy_reader_sink *sink, struct xy_err *err)
{
    const char *line;
    size_t len;
    long lineno;
    int r;
    xy_code rc = XY_OK;
    struct xy_buf vals = XY_BUF_INIT;
    char zh[200];

    while ((r = xy_lines_next(in, &line, &len, &lineno)) != 0) {
        const char *keys[XY_READER_MAX_COLS], *cols[XY_READER_MAX_COLS];
        size_t lens[XY_READER_MAX_COLS], off[XY_READER_MAX_COLS], n = 0;
        json_error_t jerr;
        json_t *o, *v;
        const char *k;
        int bad = 0;

        if (r < 0) {
            snprintf(zh, sizeof(zh), "该行长度%zu字节，超过上限%zu字节，已拒收", len, in->max_line);
            sink->issue(sink->ctx, lineno, "line.too_long", zh);
            continue;
        }
        if (len <= 2 && (line[0] == '\n' || line[0] == '\r'))
            continue;
        /* DECODE_ANY: a bare string or number is valid JSON, just not an object */
        o = json_loadb(line, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
        if (!o) {
            snprintf(zh, sizeof(zh), "不是有效的 JSON（第%d列：%s），已拒收", jerr.column,
                     jerr.text);
            sink->issue(sink->ctx, lineno, "json.syntax", zh);
            continue;
        }
        if (!json_is_object(o)) {
            sink->issue(sink->ctx, lineno, "json.not_object",
                        "每行应为一个 JSON 对象 {\"字段代码\": \"值\", ...}，已拒收");
            json_decref(o);
            continue;
        }
        xy_buf_reset(&vals);
        json_object_foreach(o, k, v)
        {
            char num[64];
            const char *s = NULL;
            size_t sl = 0;

            if (n == XY_READER_MAX_COLS) {
                bad = 1;
                snprintf(zh, sizeof(zh), "该行超过%d个字段，已拒收", XY_READER_MAX_COLS);
                sink->issue(sink->ctx, lineno, "row.too_many_columns", zh);
                break;
            }
            switch (json_typeof(v)) {
            case JSON_STRING:
                s = json_string_value(v);
                sl = json_string_length(v);
                break;
            case JSON_INTEGER:
                snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
                s = num;
                sl = strlen(num);
                break;
            case JSON_REAL:
                snprintf(num, sizeof(num), "%.15g", json_real_value(v));
                s = num;
                sl = strlen(num);
                break;
            case JSON_NULL:
                s = "";
                break;
            default:
                bad = 1;
                snprintf(zh, sizeof(zh),
                         "字段“%.60s”的值应为字符串或数字，不能是对象、数组或布尔值，已拒收", k);
                sink->issue(sink->ctx, lineno, "json.value_type", zh);
                break;
            }
            if (bad)
                break;
            keys[n] = k;
            off[n] = vals.len;
            lens[n] = sl;
            xy_buf_add(&vals, s, sl);
            xy_buf_addc(&vals, '\0');
            n++;
        }
        if (!bad) {
            for (size_t i = 0; i < n; i++)
                cols[i] = vals.data + off[i];
            rc = sink->record(sink->ctx, lineno, keys, cols, lens, n, err);
        }
        json_decref(o);
        if (rc != XY_OK)
            break;
    }
    xy_buf_release(&vals);
    return rc;
}
