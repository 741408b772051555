/* pdf.h - a credit report laid out as a PDF: cairo + pango with Noto CJK, a QR code from
 * libqrencode (layer: report, a leaf like crypto: base only)
 *
 * The service (service/report.c) decides what a report says; this file only draws it, in the
 * layout of the national 公共信用信息报告标准 (2022): a cover (title, report number, subject,
 * issuing platform, time, verification code and QR), an explanation, basic information, a
 * summary by category, then the details section by section. Every page carries the report
 * number as a diagonal watermark and "第 N 页 共 M 页" at its foot, so the layout is measured
 * in a first pass and drawn in a second.
 *
 * All text is UTF-8 and drawn as given: masking is the caller's business. Output is a complete
 * PDF in memory; drawing the same document with the same created_at gives the same bytes.
 */
#ifndef XY_REPORT_PDF_H
#define XY_REPORT_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

struct xy_report_kv {
    const char *key, *value; /* value NULL or "" is drawn as "—" */
};

/* One entry of a detail section: a record, drawn as a small two-column table. */
struct xy_report_entry {
    const char *title; /* e.g. the document number or the licence name; may be NULL */
    const struct xy_report_kv *kv;
    size_t nkv;
};

struct xy_report_section {
    const char *heading;    /* e.g. "三、行政管理信息 — 行政处罚" */
    const char *empty_note; /* drawn when nentries is 0, e.g. "报告期内无相关记录。" */
    const struct xy_report_entry *entries;
    size_t nentries;
};

struct xy_report_summary_row {
    const char *category; /* e.g. "行政处罚" */
    const char *count;    /* preformatted, e.g. "3" or "无" */
    const char *note;     /* may be NULL */
};

struct xy_report_doc {
    const char *title; /* "公共信用信息报告" or "公共信用信息报告（无违法违规证明版）" */
    const char *subtitle;    /* e.g. "（法人和非法人组织版）"; may be NULL */
    const char *number;      /* report number, also the watermark */
    const char *verify_code; /* short verification code, e.g. "7K3M-Q9TX" */
    const char *verify_url;  /* what the QR code holds: the portal's verification page */
    const char *issuer; /* issuing platform, e.g. "信用广州（广州市公共信用信息管理系统）" */
    const char *issued_at;            /* as printed, e.g. "2026年11月27日 14:05" */
    int64_t created_at;               /* unix seconds written as the PDF's creation date */
    const struct xy_report_kv *cover; /* subject name, code, kind, period, scope ... */
    size_t ncover;
    const char *const *explanation; /* paragraphs of the 报告说明 */
    size_t nexplanation;
    const struct xy_report_kv *basic; /* 基本信息 */
    size_t nbasic;
    const struct xy_report_summary_row *summary; /* 信息概要 */
    size_t nsummary;
    const struct xy_report_section *sections; /* 详细信息 */
    size_t nsections;
    const char *footer_note; /* drawn at the end, e.g. how to verify; may be NULL */
};

/* Limits that bound the work a document can ask for (a subject with thousands of records gets
 * a report; one with more is refused by the caller before drawing). */
#define XY_REPORT_MAX_PAGES 2000
/* The longest string drawn (any field, any value), in bytes: XY_TOO_LARGE beyond, with
 * err->field naming the part of the document. Pango measures a line in 32-bit units, so a
 * value of a few hundred thousand characters would overflow before it wraps. */
#define XY_REPORT_MAX_TEXT_BYTES 65536

/* Draw doc into out (appended). XY_INVALID (err->field set) when a required field (title,
 * number, verify_code, verify_url) is missing or an array is NULL with a count; XY_TOO_LARGE
 * past XY_REPORT_MAX_PAGES, XY_REPORT_MAX_TEXT_BYTES or out->max; XY_INTERNAL when cairo,
 * pango or the fonts fail (the message says which). On failure out is left as it was.
 * Thread-safe: each call has its own cairo surface and pango context. Control characters,
 * bidi overrides and invalid UTF-8 are drawn as U+FFFD; text is never read as markup. */
xy_code xy_report_pdf(const struct xy_report_doc *doc, struct xy_buf *out, struct xy_err *err);

/* The number of pages the last xy_report_pdf on this thread drew (for logs and tests). */
int xy_report_pdf_pages(void);

/* The font family the report is set in (Debian's fonts-noto-cjk, found through fontconfig);
 * the serif face is checked to exist but not used (pdf.c says why). */
#define XY_REPORT_FONT_SANS  "Noto Sans CJK SC"
#define XY_REPORT_FONT_SERIF "Noto Serif CJK SC"

/* XY_OK when fontconfig resolves family to a Noto CJK face; XY_INTERNAL with "找不到 Noto CJK
 * 字体，请安装 fonts-noto-cjk" (the detail names the face found instead) otherwise, so a
 * report is refused rather than printed in tofu boxes. xy_report_pdf checks both families on
 * every call; a service may call xy_report_fonts_check at start-up to fail early. Cheap after
 * the first call on a thread (pango's per-thread font map caches the match). */
xy_code xy_report_font_check(const char *family, struct xy_err *err);
xy_code xy_report_fonts_check(struct xy_err *err);

/* The QR code as drawn on the cover: libqrencode's symbol for text (level M, 8-bit mode) and
 * where it sits on page 1, so a test can compare the drawing with the symbol module by module.
 * Coordinates are PDF points from the page's top-left corner; the 4-module quiet zone around
 * the symbol is painted white over the watermark. */
struct xy_report_qr {
    int width;           /* modules per side, without the quiet zone */
    unsigned char *dark; /* width * width, row-major, 1 = dark module; xy_report_qr_release */
    double x_pt, y_pt;   /* top-left corner of the first module */
    double module_pt;    /* side of one module (the symbol with its quiet zone is ~30 mm) */
};

/* XY_INVALID (field "verify_url") when text is empty or too long for a QR code at level M. */
xy_code xy_report_qr_modules(const char *text, struct xy_report_qr *qr, struct xy_err *err);
void xy_report_qr_release(struct xy_report_qr *qr);

#endif
