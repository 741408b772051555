/* reply.c - what every JSON handler shares: the response head and reading a JSON body
 * (layer: http) */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http/handlers.h"

void xy_http_begin_json(struct xy_http_resp *resp, struct xy_jw *w)
{
    resp->content_type = "application/json; charset=utf-8";
    resp->cache = XY_CACHE_NO_STORE; /* credit files and personal data are never cached */
    xy_buf_reset(&resp->body);
    xy_jw_init(w, &resp->body);
}

xy_code xy_http_body_object(const struct xy_http_req *req, json_t **out, struct xy_err *err)
{
    json_error_t jerr;
    json_t *body = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);

    *out = NULL;
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
