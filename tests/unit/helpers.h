/* helpers.h - shared helpers for the unit tests (header-only)
 *
 * The check-character functions below are written again from DOMAIN.md §1 on purpose, apart
 * from src/domain/codes.c, so that a test compares the code under test with an independent
 * reading of the standard rather than with itself.
 */
#ifndef XY_TESTS_UNIT_HELPERS_H
#define XY_TESTS_UNIT_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#ifndef XY_TEST_CATALOG_DIR
#define XY_TEST_CATALOG_DIR "catalog"
#endif

/* GB 32100: 31 symbols, weights 3^i mod 31. */
static inline char t_uscc_check(const char *first17)
{
    static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        const char *p = strchr(set, first17[i]);
        assert_non_null(p);
        sum += (int)(p - set) * w[i];
    }
    return set[(31 - sum % 31) % 31];
}

/* GB 11714: 0-9, A-Z = 10-35; 10 -> X, 11 -> 0. */
static inline char t_orgcode_check(const char *first8)
{
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0, c;

    for (int i = 0; i < 8; i++) {
        char ch = first8[i];
        sum += (ch >= '0' && ch <= '9' ? ch - '0' : ch - 'A' + 10) * w[i];
    }
    c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

/* GB 11643: "10X98765432"[sum mod 11]. */
static inline char t_idcard_check(const char *first17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;

    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    return "10X98765432"[sum % 11];
}

/* A valid USCC: prefix (2) + division (6) + org code body (8); the org check and the final
 * check character are computed. */
static inline void t_make_uscc(char out[19], const char *prefix2, const char *division6,
                               const char *org8)
{
    memcpy(out, prefix2, 2);
    memcpy(out + 2, division6, 6);
    memcpy(out + 8, org8, 8);
    out[16] = t_orgcode_check(org8);
    out[17] = t_uscc_check(out);
    out[18] = '\0';
}

/* A valid 18-digit ID number: address (6) + birth date (8) + sequence (3) + check. */
static inline void t_make_idno(char out[19], const char *addr6, const char *birth8,
                               const char *seq3)
{
    memcpy(out, addr6, 6);
    memcpy(out + 6, birth8, 8);
    memcpy(out + 14, seq3, 3);
    out[17] = t_idcard_check(out);
    out[18] = '\0';
}

/* Read a whole file into a malloc'd, NUL-terminated buffer. */
static inline char *t_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;

    if (!f)
        fail_msg("cannot open \"%s\"", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return s;
}

#endif
