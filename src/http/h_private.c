/* h_private.c - non-public credit files: a department's lookup with a stated purpose, and the
 * subject's own view (layer: http)
 *
 * The code travels in the POST body, never the URL: it may be a citizen's ID number. The
 * service checks the permission and writes the audit row (service/private.c).
 */
#include <string.h>

#include "http/handlers.h"
#include "service/private.h"

xy_code h_internal_file_post(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    json_t *body;
    const char *code, *purpose;
    struct xy_pub_file f;
    xy_code rc;

    if ((rc = xy_http_body_object(req, &body, err)) != XY_OK)
        return rc;
    if ((rc = xy_http_body_string(body, "code", &code, err)) != XY_OK)
        goto out;
    purpose = xy_http_body_opt(body, "purpose");
    if ((rc = xy_private_file(req->ctx, code, purpose, req->a, &f, err)) != XY_OK)
        goto out;
    xy_http_file_json(resp, &f, 1);
out:
    json_decref(body);
    return rc;
}

xy_code h_me_file_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err)
{
    struct xy_pub_file f;
    xy_code rc = xy_self_file(req->ctx, req->a, &f, err);

    if (rc != XY_OK)
        return rc;
    xy_http_file_json(resp, &f, 1);
    return XY_OK;
}
