/* report_content.h - what a credit report says: its canonical content, and the PDF drawn from
 * it (layer: service, internal to report.c)
 *
 * The canonical content is the one text that is signed, stored and shown on verification; the
 * PDF is drawn from that text (parsed back), never from the file it was made from, so the paper
 * cannot say what the signature does not cover. Layout of the text: docs/reports.md.
 */
#ifndef XY_SERVICE_REPORT_CONTENT_H
#define XY_SERVICE_REPORT_CONTENT_H

#include "report/pdf.h"
#include "service/public.h"
#include "service/report.h"

#define XY_REPORT_FORMAT "xinyong-report/1"

/* What the content is made of, gathered by report.c. */
struct xy_report_basis {
    const char *number;
    const char *issuer;
    int64_t issued_ms;
    int person;                     /* the natural person's edition */
    const struct xy_pub_file *file; /* the file as the audience may read it */
    int scoped;
    int from, to; /* scoped: days since the epoch, inclusive */
    const struct xy_report_domain *const *domains;
    size_t ndomains;
};

/* The canonical content of b appended to out (compact JSON, keys in a fixed order, no full ID
 * number anywhere). XY_TOO_LARGE past XY_REPORT_MAX_RECORDS records. */
xy_code xy_report_content_write(struct xy_ctx *ctx, const struct xy_report_basis *b,
                                struct xy_buf *out, struct xy_err *err);

/* The document to draw for content (as written above), with the verification code and the URL
 * of the QR code; allocated from a. XY_PARSE when content is not such a text. */
xy_code xy_report_doc_from_content(const char *content, size_t n, const char *code,
                                   const char *verify_url, struct xy_arena *a,
                                   struct xy_report_doc *doc, struct xy_err *err);

/* content as the verification page shows it to whoever holds the number and code: a natural
 * person's name masked wherever it appears. Allocated from a; NULL when content is not ours. */
const char *xy_report_content_public(const char *content, struct xy_arena *a);

/* Domains of cfg->report_domains_file, loaded once per process. */
xy_code xy_report_domains_load(const char *path, const struct xy_report_domain **out, size_t *n,
                               struct xy_err *err);

#endif
