/* report.h - credit reports: issued as signed PDFs, verified by anyone (layer: service)
 *
 * A report (公共信用信息报告, DOMAIN.md §6) is the subject's credit file on the day of issue,
 * in the national standard's layout (report/pdf.h draws it). What it says is first written as
 * its canonical content: one JSON text with a fixed key order and no spaces (docs/reports.md),
 * signed with the platform's SM2 report key and kept sealed in the reports table with its SM3.
 * The PDF carries the report number, a short verification code and a QR code that opens the
 * portal's verification page; after the PDF's %%EOF a seal line binds the number, the content's
 * SM3 and the SM3 of the PDF bytes before it, signed with the same key. So:
 *   - number + code on the portal: the stored content, its signature re-checked;
 *   - an uploaded PDF: its bytes against the SM3 stored at issue (one changed byte fails), and
 *     the stored content shown, so the receiver sees what the genuine report said;
 *   - `xinyong report verify FILE`: the seal alone, offline, with the public key.
 *
 * Who gets which report:
 *   - an organisation's report holds what the public may read today, so anyone may have it;
 *   - a natural person's holds the person's own file and is issued only to the person signed
 *     in with a verified identity, to an agency account the person authorised (report_grants,
 *     for a purpose, until a day), or by the operator at the counter after seeing the person;
 *     anyone else is told it cannot be issued, never whether the person exists.
 * A scoped report (无违法违规证明版) covers chosen domains (reports/domains.csv: a domain is
 * the departments whose names it matches) and a period, and lists the negative records of
 * those domains decided in the period; with none it states so per domain.
 */
#ifndef XY_SERVICE_REPORT_H
#define XY_SERVICE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "service/ctx.h"

#define XY_REPORT_NUMBER_MAX      24 /* "XYBG" + yyyymmdd + 8 digits */
#define XY_REPORT_CODE_MAX        12 /* "ABCD-EFGH" */
#define XY_REPORT_MAX_DOMAINS     38
#define XY_REPORT_DOMAIN_CODE_MAX 23     /* bytes of a domain code ([a-z_]) */
#define XY_REPORT_MAX_RECORDS     2000   /* records one report lists; past it, a scoped report */
#define XY_REPORT_SCAN_MAX        100000 /* records per tab a scoped report looks through */
#define XY_REPORT_MAX_PERIOD      1827   /* days a scoped report may cover (5 years) */
#define XY_REPORT_MAX_UPLOAD      (16L << 20) /* a PDF uploaded for verification */

/* One domain of reports/domains.csv. */
struct xy_report_domain {
    const char *code, *name;
    const char **match; /* department name fragments */
    size_t nmatch;
};

struct xy_report_request {
    const char *code; /* 统一社会信用代码 or ID number; NULL: the signed-in subject itself */
    const char *scope;          /* "full" (NULL too) or "scoped" */
    const char *const *domains; /* scoped: domain codes */
    size_t ndomains;
    const char *from, *to; /* scoped: YYYY-MM-DD; default the 3 years up to today */
    const char *in_person; /* operator at the counter: how the person's identity was seen */
};

struct xy_report_issued {
    char number[XY_REPORT_NUMBER_MAX + 1];
    char code[XY_REPORT_CODE_MAX + 1];
    struct xy_buf pdf;     /* the PDF with its seal line; the caller releases it */
    const char *content;   /* canonical content (from a) */
    const char *file_name; /* e.g. "公共信用信息报告-XYBG2026112712345678.pdf" */
    int pages;
};

xy_code xy_report_issue(struct xy_ctx *ctx, const struct xy_report_request *req, struct xy_arena *a,
                        struct xy_report_issued *out, struct xy_err *err);

/* What a verification found. */
struct xy_report_check {
    int genuine;         /* 1: the report is ours and unaltered */
    const char *problem; /* code: "unknown", "altered", "bad_signature", "not_report"; or NULL */
    const char *message; /* Chinese, for the reader */
    char number[XY_REPORT_NUMBER_MAX + 1]; /* "" when none could be read */
    const char *issued_at;                 /* ISO 8601 UTC+8, or NULL */
    /* the report as issued, for the reader: canonical content with a person's identity masked
     * (JSON text), or NULL when the number is unknown */
    const char *content;
};

/* By number and verification code (either case, with or without the hyphen). A wrong code
 * answers exactly like an unknown number. */
xy_code xy_report_verify_code(struct xy_ctx *ctx, const char *number, const char *code,
                              struct xy_arena *a, struct xy_report_check *out, struct xy_err *err);
/* An uploaded PDF (at most XY_REPORT_MAX_UPLOAD bytes): its seal line names the number; the
 * whole file must be the one delivered. */
xy_code xy_report_verify_file(struct xy_ctx *ctx, const void *pdf, size_t n, struct xy_arena *a,
                              struct xy_report_check *out, struct xy_err *err);
/* Offline: the seal line against the PDF bytes before it and public_pem (no database). */
xy_code xy_report_verify_offline(const char *public_pem, size_t pem_len, const void *pdf, size_t n,
                                 struct xy_arena *a, struct xy_report_check *out,
                                 struct xy_err *err);
/* The report key's public half (PEM), made on first use. */
xy_code xy_report_public_key(struct xy_ctx *ctx, struct xy_arena *a, const char **pem,
                             struct xy_err *err);
/* The domains a scoped report may cover, in file order. */
xy_code xy_report_domains(struct xy_ctx *ctx, const struct xy_report_domain **out, size_t *n,
                          struct xy_err *err);

/* ---- a person's authorisations (授权) ---- */
struct xy_report_grant {
    int64_t id;
    const char *grantee; /* agency account's login */
    const char *grantee_name;
    const char *purpose;
    int64_t granted_at;     /* unix ms */
    const char *expires_on; /* YYYY-MM-DD, last day */
    int64_t revoked_at;     /* 0 when in force or expired */
    int active;
};
/* The signed-in subject (SELF_READ, verified) authorises the agency account grantee (role
 * agency) to have its report issued for purpose, until expires_on (at most a year ahead). */
xy_code xy_report_grant(struct xy_ctx *ctx, const char *grantee, const char *purpose,
                        const char *expires_on, struct xy_arena *a, struct xy_report_grant *out,
                        struct xy_err *err);
xy_code xy_report_grants(struct xy_ctx *ctx, struct xy_arena *a, struct xy_report_grant **out,
                         size_t *n, struct xy_err *err);
xy_code xy_report_grant_revoke(struct xy_ctx *ctx, int64_t id, struct xy_err *err);

#endif
