/* reply.c - what every JSON handler shares: the response head and reading a JSON body
 * (layer: http) */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/time.h"
#include "http/handlers.h"

#define KEY_MAX 40 /* the longest member name an error names */

void xy_http_begin_json(struct xy_http_resp *resp, struct xy_jw *w)
{
    resp->content_type = "application/json; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE; /* credit files and personal data are never cached */
    xy_buf_reset(&resp->body);
    xy_jw_init(w, &resp->body);
}

void xy_http_time_cst(struct xy_jw *w, const char *key, int64_t ms)
{
    char buf[26];

    if (!ms) {
        xy_jw_kstr(w, key, NULL);
        return;
    }
    xy_time_format_cst(ms, buf);
    xy_jw_kstr(w, key, buf);
}

/* The member whose value ends before byte end of body ("key": 123...), copied into
 * key[KEY_MAX + 1]; 0 when the value is not a member's (an array element) or the name is not a
 * plain one. Only [A-Za-z0-9_] names are taken: the name is echoed to the client. */
static int member_before(const char *body, size_t end, char key[KEY_MAX + 1])
{
    size_t p = end, stop;

    while (p > 0 && strchr("0123456789+-.eE \t\r\n", body[p - 1]))
        p--;
    if (p == 0 || body[p - 1] != ':')
        return 0;
    for (p--; p > 0 && strchr(" \t\r\n", body[p - 1]); p--)
        ;
    if (p < 2 || body[p - 1] != '"')
        return 0;
    stop = --p;
    while (p > 0 && body[p - 1] != '"') {
        char c = body[p - 1];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_') ||
            stop - p >= KEY_MAX)
            return 0;
        p--;
    }
    if (p == 0 || p == stop)
        return 0;
    memcpy(key, body + p, stop - p);
    key[stop - p] = '\0';
    return 1;
}

xy_code xy_http_body_object(const struct xy_http_req *req, json_t **out, struct xy_err *err)
{
    json_error_t jerr;
    json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
    static _Thread_local char key[KEY_MAX + 1];

    *out = NULL;
    /* a number beyond 64 bits is well-formed JSON: a bad value of its member, not a bad body */
    if (!body && json_error_code(&jerr) == json_error_numeric_overflow) {
        size_t end = jerr.position > 0 && (size_t)jerr.position <= req->body_len
                         ? (size_t)jerr.position
                         : req->body_len;
        if (member_before(req->body, end, key)) {
            xy_err_set(err, XY_INVALID, "字段 %s 的数值超出范围（第%d行第%d列）", key, jerr.line,
                       jerr.column);
            err->field = key;
            return XY_INVALID;
        }
        return xy_err_set(err, XY_INVALID, "请求中的数值超出范围（第%d行第%d列）", jerr.line,
                          jerr.column);
    }
    if (!body)
        /* the position only: jansson's text quotes the body, which may hold a password or an
         * ID number */
        return xy_err_set(err, XY_PARSE, "请求内容不是合法的 JSON（第%d行第%d列）", jerr.line,
                          jerr.column);
    if (!json_is_object(body)) {
        json_decref(body);
        return xy_err_set(err, XY_INVALID, "请求内容应为 JSON 对象");
    }
    *out = body;
    return XY_OK;
}

xy_code xy_http_body_string(json_t *o, const char *key, const char **out, struct xy_err *err)
{
    json_t *v = json_object_get(o, key);

    if (!json_is_string(v)) {
        xy_err_set(err, XY_INVALID, "请求内容缺少文本字段 \"%s\"", key);
        err->field = key;
        return XY_INVALID;
    }
    *out = json_string_value(v);
    return XY_OK;
}

const char *xy_http_body_opt(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

xy_code xy_http_body_text(json_t *o, const char *key, const char **out, struct xy_err *err)
{
    json_t *v = json_object_get(o, key);

    *out = NULL;
    if (!v || json_is_null(v))
        return XY_OK;
    if (!json_is_string(v)) {
        xy_err_set(err, XY_INVALID, "%s 应为文本", key);
        err->field = key;
        return XY_INVALID;
    }
    *out = json_string_value(v);
    return XY_OK;
}

char *xy_http_attachment(struct xy_arena *a, const char *ascii_name, const char *name)
{
    size_t n = strlen(name ? name : "");
    char *enc = xy_arena_alloc(a, n * 3 + 1), *w = enc;

    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        if (isalnum(*p) || strchr("-._~", *p))
            *w++ = (char)*p;
        else
            w += sprintf(w, "%%%02X", *p);
    }
    *w = '\0';
    return xy_arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii_name, enc);
}
