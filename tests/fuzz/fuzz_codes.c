/* fuzz_codes.c - libFuzzer harness for the code validators and value parsers */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/mask.h"
#include "domain/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[128], out[32], id[19], uscc[XY_USCC_LEN + 1], org[10];
    struct xy_code_check chk;
    struct xy_arena *a;
    int days;

    if (size >= sizeof(s))
        size = sizeof(s) - 1;
    memcpy(s, data, size);
    s[size] = '\0';
    xy_uscc_check(s, uscc, &chk);
    if (chk.level != XY_CHECK_ERROR && strlen(uscc) != XY_USCC_LEN)
        abort();
    if (chk.level == XY_CHECK_OK && xy_uscc_check_char(uscc) != uscc[17])
        abort();
    xy_orgcode_check(s, org, &chk);
    xy_idcard_check(s, id, 20000, &chk);
    if (chk.level != XY_CHECK_ERROR && (strlen(id) != 18 || xy_idcard_check_char(id) != id[17]))
        abort();
    if (xy_parse_date(s, &days) == 0 && days > 3000000)
        abort();
    xy_parse_amount(s, out);
    xy_utf8_chars(s, size);
    a = xy_arena_new();
    xy_mask_idno(a, s);
    if (xy_utf8_chars(s, strlen(s)) >= 0)
        xy_mask_name(a, s);
    xy_arena_free(a);
    return 0;
}
