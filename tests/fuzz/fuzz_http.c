/* fuzz_http.c - libFuzzer harness for what the HTTP edge parses itself: the route matcher, the
 * static-path check, content types, the string-array reader of stored records and the JSON
 * body reader of the signed-in routes (reply.c: an object, then its text members by name).
 * Input: "METHOD PATH\nBODY". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "http/handlers.h"
#include "http/http.h"

/* the members the signed-in routes read from their bodies */
static const char *const body_keys[] = {
    "login",        "password", "totp", "display_name", "role",      "dept",  "old_password",
    "new_password", "name",     "code", "purpose",      "id_number", "items", "expires_days",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), *nl, *sp, allow[64];
    struct xy_http_req req;
    const struct xy_route *r;
    const char **vals;
    size_t n;
    int known;

    memcpy(s, data, size);
    s[size] = '\0';
    memset(&req, 0, sizeof(req));
    req.a = xy_arena_new();
    nl = strchr(s, '\n');
    if (nl)
        *nl = '\0';
    sp = strchr(s, ' ');
    if (sp) {
        *sp = '\0';
        r = xy_route_find(s, sp + 1, &req, &known, allow, sizeof(allow));
        if (r) {
            for (size_t i = 0; i < req.nargs; i++)
                if (!req.args[i][0] || strchr(req.args[i], '/'))
                    abort(); /* a {name} is one whole, non-empty segment */
        } else if (!known && allow[0]) {
            abort();
        }
        if (xy_http_safe_path(sp + 1) && (strstr(sp + 1, "..") || strchr(sp + 1, '%') ||
                                          strchr(sp + 1, '\\') || strstr(sp + 1, "//")))
            abort();
        xy_http_content_type(sp + 1);
    }
    if (nl && xy_json_strings(nl + 1, req.a, &vals, &n) == 0)
        for (size_t i = 0; i < n; i++)
            if (vals[i])
                (void)strlen(vals[i]);
    if (nl) {
        json_t *body;
        struct xy_err err;
        const char *v;

        req.body = nl + 1;
        req.body_len = size - (size_t)(nl + 1 - s);
        xy_err_clear(&err);
        if (xy_http_body_object(&req, &body, &err) == XY_OK) {
            if (!json_is_object(body))
                abort();
            for (size_t i = 0; i < sizeof(body_keys) / sizeof(body_keys[0]); i++) {
                if (xy_http_body_string(body, body_keys[i], &v, &err) == XY_OK) {
                    if (!v || xy_http_body_opt(body, body_keys[i]) != v)
                        abort();
                } else if (err.code != XY_INVALID || strcmp(err.field, body_keys[i]) ||
                           xy_http_body_opt(body, body_keys[i])) {
                    abort(); /* a missing or non-text member names itself */
                }
            }
            json_decref(body);
        } else if (body || (err.code != XY_PARSE && err.code != XY_INVALID)) {
            abort();
        }
    }
    xy_arena_free(req.a);
    free(s);
    return 0;
}
