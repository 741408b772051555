/* totp.c - time-based one-time passwords, RFC 6238 over RFC 4226 (layer: crypto)
 *
 * HMAC-SHA1, 30-second steps, 6 digits: the parameters every authenticator app assumes.
 * SHA-1 is what the apps implement; HOTP's security rests on HMAC, not on SHA-1's collision
 * resistance (RFC 4226 appendix A).
 */
#include "crypto/crypto.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#define STEP_S 30
#define DIGITS 6

/* RFC 4226 section 5.3: dynamic truncation, then modulo 10^digits. */
static unsigned hotp(const unsigned char *secret, size_t n, uint64_t counter, int digits)
{
    unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
    unsigned len = 0, mod = 1;

    for (int i = 7; i >= 0; i--, counter >>= 8)
        msg[i] = (unsigned char)(counter & 0xff);
    if (!HMAC(EVP_sha1(), secret, (int)n, msg, sizeof msg, mac, &len) || len < 20)
        return 0;
    int off = mac[len - 1] & 0x0f;
    uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
                   (uint32_t)mac[off + 2] << 8 | mac[off + 3];
    for (int i = 0; i < digits; i++)
        mod *= 10;
    return bin % mod;
}

unsigned xy_totp_code_digits(const unsigned char *secret, size_t n, int64_t t, int digits)
{
    return hotp(secret, n, (uint64_t)(t < 0 ? 0 : t / STEP_S), digits);
}

unsigned xy_totp_code(const unsigned char *secret, size_t n, int64_t t)
{
    return xy_totp_code_digits(secret, n, t, DIGITS);
}

int64_t xy_totp_match(const unsigned char *secret, size_t n, int64_t t, int window,
                      const char *code)
{
    unsigned want = 0;
    int64_t step = t / STEP_S;
    int64_t found = -1;

    if (!code || strlen(code) != DIGITS || window < 0 || window > 10)
        return -1;
    for (int i = 0; i < DIGITS; i++) {
        if (code[i] < '0' || code[i] > '9')
            return -1;
        want = want * 10 + (unsigned)(code[i] - '0');
    }
    /* Look at every step of the window (no early exit) so timing does not tell which matched. */
    for (int64_t s = step - window; s <= step + window; s++) {
        if (s < 0)
            continue;
        unsigned got = hotp(secret, n, (uint64_t)s, DIGITS);
        if (got == want && found < 0)
            found = s;
    }
    return found;
}
