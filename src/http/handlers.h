/* handlers.h - the route handlers (layer: http); each renders one service call */
#ifndef XY_HTTP_HANDLERS_H
#define XY_HTTP_HANDLERS_H

#include "http/http.h"

xy_code h_health_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_metrics_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_openapi_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_catalog_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_departments_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_subjects_search(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_person_search(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_subject_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_records_browse(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_record_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);
xy_code h_list_get(struct xy_http_req *req, struct xy_http_resp *resp, struct xy_err *err);

#endif
