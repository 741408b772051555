/* fuzz_report.c - libFuzzer harness for what a credit report verification reads from outside:
 * an uploaded PDF's seal line (xy_report_verify_offline, as `xinyong report verify` and the
 * portal's upload read it) and a report's canonical content (the document drawn from it and the
 * masked copy the verification page shows).
 * What must hold: no crash, no leak; a file is never found genuine (nobody signed it with the
 * harness's fresh key); content that parses gives a document with a title. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "crypto/crypto.h"
#include "service/report_content.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *pem;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_arena *a = xy_arena_new();
    struct xy_report_check c;
    struct xy_report_doc doc;
    struct xy_err err = {0};
    char *text;

    if (!pem) {
        struct xy_sm2_key *k;
        if (xy_sm2_generate(&k, &err) != XY_OK || !(pem = xy_sm2_public_pem(k)))
            abort();
        xy_sm2_free(k);
    }
    if (xy_report_verify_offline(pem, strlen(pem), data, size, a, &c, &err) != XY_OK || c.genuine)
        abort();
    text = xy_arena_strndup(a, (const char *)data, size);
    if (xy_report_doc_from_content(text, size, "ABCD-EFGH", "https://x/verify.html", a, &doc,
                                   &err) == XY_OK &&
        !doc.number && !doc.title && doc.ncover == 0)
        abort();
    (void)xy_report_content_public(text, a);
    xy_arena_free(a);
    return 0;
}
