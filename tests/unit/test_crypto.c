/* test_crypto.c - 国密 known answers and the constructions built on them (crypto) */
#define _GNU_SOURCE
#include "helpers.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "crypto/crypto.h"

static void hex_of(const unsigned char *p, size_t n, char *out)
{
    xy_hex(p, n, out);
}

static void test_sm3_of_abc_matches_gbt_32905_appendix_a1(void **state)
{
    unsigned char d[XY_SM3_LEN];
    char h[2 * XY_SM3_LEN + 1];
    (void)state;

    xy_sm3("abc", 3, d);
    hex_of(d, sizeof d, h);
    assert_string_equal(h, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

static void test_sm3_of_64_bytes_matches_gbt_32905_appendix_a2(void **state)
{
    unsigned char d[XY_SM3_LEN];
    char h[2 * XY_SM3_LEN + 1], msg[65] = "";
    (void)state;

    for (int i = 0; i < 16; i++)
        strcat(msg, "abcd");
    xy_sm3(msg, 64, d);
    hex_of(d, sizeof d, h);
    assert_string_equal(h, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

static void test_sm4_block_matches_gbt_32907_appendix_a1(void **state)
{
    unsigned char key[16], out[16];
    char h[33];
    (void)state;

    assert_int_equal(xy_unhex("0123456789abcdeffedcba9876543210", key, 16), 0);
    xy_sm4_encrypt_block(key, key, out);
    hex_of(out, 16, h);
    assert_string_equal(h, "681edf34d206965e86b3e94f536e4246");
}

/* Expected values computed with OpenSSL 3.0.19 here:
 *   printf 'what do ya want for nothing?' | openssl mac -digest SM3 -macopt key:Jefe HMAC
 *   printf abc | openssl mac -digest SM3 -macopt hexkey:000102...1e1f HMAC
 * The first equals the HMAC-SM3 vector for RFC 2202's "Jefe" case published with the
 * GB/T 15852.2 / draft-oscca test vectors. */
static void test_hmac_sm3_matches_known_vectors(void **state)
{
    unsigned char d[XY_SM3_LEN], key[32];
    char h[2 * XY_SM3_LEN + 1];
    const char *m = "what do ya want for nothing?";
    (void)state;

    xy_hmac_sm3("Jefe", 4, m, strlen(m), d);
    hex_of(d, sizeof d, h);
    assert_string_equal(h, "2e87f1d16862e6d964b50a5200bf2b10b764faa9680a296a2405f24bec39f882");
    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)i;
    xy_hmac_sm3(key, sizeof key, "abc", 3, d);
    hex_of(d, sizeof d, h);
    assert_string_equal(h, "a8f95cf26f204957e7ca73c9602a25dda35f168b28103b51dfc968c810416b63");
}

static void test_hmac_with_a_key_absorbed_once_equals_plain_hmac(void **state)
{
    unsigned char key[100], msg[200], a[XY_SM3_LEN], b[XY_SM3_LEN];
    (void)state;

    for (size_t klen = 0; klen <= sizeof(key); klen += 25) {
        struct xy_hmac_key *k;
        for (size_t i = 0; i < klen; i++)
            key[i] = (unsigned char)(i * 7 + klen);
        k = xy_hmac_sm3_key_new(key, klen);
        for (size_t n = 0; n <= sizeof(msg); n += 33) {
            for (size_t i = 0; i < n; i++)
                msg[i] = (unsigned char)(i * 13 + n);
            xy_hmac_sm3(key, klen, msg, n, a);
            xy_hmac_sm3_keyed(k, msg, n, b);
            assert_memory_equal(a, b, XY_SM3_LEN);
        }
        xy_hmac_sm3_key_free(k);
    }
}

static void test_hmac_sm3_with_a_long_key_hashes_the_key_first(void **state)
{
    unsigned char longkey[100], hashed[XY_SM3_LEN], a[XY_SM3_LEN], b[XY_SM3_LEN];
    (void)state;

    memset(longkey, 0xaa, sizeof longkey);
    xy_sm3(longkey, sizeof longkey, hashed);
    xy_hmac_sm3(longkey, sizeof longkey, "x", 1, a);
    xy_hmac_sm3(hashed, sizeof hashed, "x", 1, b);
    assert_memory_equal(a, b, XY_SM3_LEN);
}

static void test_constant_time_compare_sees_every_byte(void **state)
{
    unsigned char a[32] = {0}, b[32] = {0};
    (void)state;

    assert_true(xy_ct_equal(a, b, 32));
    for (int i = 0; i < 32; i++) {
        b[i] = 1;
        assert_false(xy_ct_equal(a, b, 32));
        b[i] = 0;
    }
}

static void test_random_bytes_differ_between_calls(void **state)
{
    unsigned char a[32], b[32];
    (void)state;

    assert_int_equal(xy_random(a, sizeof a, NULL), XY_OK);
    assert_int_equal(xy_random(b, sizeof b, NULL), XY_OK);
    assert_false(xy_ct_equal(a, b, 32));
}

static void test_hex_base64_and_base32_round_trip(void **state)
{
    unsigned char p[40], q[40];
    char t[200];
    (void)state;

    for (int i = 0; i < 40; i++)
        p[i] = (unsigned char)(i * 37 + 5);
    for (size_t n = 0; n <= 40; n++) {
        xy_hex(p, n, t);
        assert_int_equal(strlen(t), 2 * n);
        assert_int_equal(xy_unhex(t, q, n), 0);
        assert_memory_equal(p, q, n);
        xy_base64(p, n, t);
        assert_int_equal(strlen(t), 4 * ((n + 2) / 3));
        assert_int_equal(xy_unbase64(t, q, sizeof q), (long)n);
        assert_memory_equal(p, q, n);
        xy_base32(p, n, t, sizeof t);
        assert_int_equal(xy_unbase32(t, q, sizeof q), (long)n);
        assert_memory_equal(p, q, n);
    }
}

static void test_encodings_match_rfc_4648_and_reject_garbage(void **state)
{
    char t[64];
    unsigned char q[16];
    (void)state;

    xy_base64("foobar", 6, t);
    assert_string_equal(t, "Zm9vYmFy");
    xy_base64("fo", 2, t);
    assert_string_equal(t, "Zm8=");
    xy_base32("foobar", 6, t, sizeof t);
    assert_string_equal(t, "MZXW6YTBOI");
    assert_int_equal(xy_unbase64("Zm8", q, sizeof q), -1);
    assert_int_equal(xy_unbase64("Zm=8", q, sizeof q), -1);
    assert_int_equal(xy_unbase64("Zm9=", q, sizeof q), -1); /* non-zero padding bits */
    assert_int_equal(xy_unbase64("Zm9vYmFy", q, 5), -1);    /* too long for the buffer */
    assert_int_equal(xy_unbase32("MZ1W", q, sizeof q), -1);
    assert_int_equal(xy_unhex("0g", q, 1), -1);
    assert_int_equal(xy_unhex("00ff", q, 1), -1);
    assert_int_equal(xy_unhex("0", q, 1), -1);
}

static void make_key(struct xy_aead_key *k, unsigned char seed)
{
    memset(k->enc, seed, sizeof k->enc);
    memset(k->mac, seed ^ 0x5a, sizeof k->mac);
}

static void test_sealed_box_round_trips_and_uses_a_fresh_iv(void **state)
{
    struct xy_aead_key k;
    const char *pt = "110101199003070011";
    size_t n = strlen(pt);
    unsigned char a[64], b[64], out[64];
    (void)state;

    make_key(&k, 1);
    assert_int_equal(xy_aead_seal(&k, "ad", 2, pt, n, a, NULL), XY_OK);
    assert_int_equal(xy_aead_seal(&k, "ad", 2, pt, n, b, NULL), XY_OK);
    assert_false(xy_ct_equal(a, b, n + XY_AEAD_OVERHEAD));
    assert_null(memmem(a, n + XY_AEAD_OVERHEAD, pt, n));
    assert_int_equal(xy_aead_open(&k, "ad", 2, a, n + XY_AEAD_OVERHEAD, out, NULL), XY_OK);
    assert_memory_equal(out, pt, n);
}

static void test_sealed_box_with_any_byte_changed_does_not_open(void **state)
{
    struct xy_aead_key k;
    const char *pt = "110101199003070011";
    size_t n = strlen(pt), total = n + XY_AEAD_OVERHEAD;
    unsigned char box[64], out[64];
    struct xy_err err = {0};
    (void)state;

    make_key(&k, 2);
    assert_int_equal(xy_aead_seal(&k, "ad", 2, pt, n, box, NULL), XY_OK);
    for (size_t i = 0; i < total; i++) {
        box[i] ^= 0x01;
        assert_int_equal(xy_aead_open(&k, "ad", 2, box, total, out, &err), XY_INVALID);
        box[i] ^= 0x01;
    }
    assert_int_equal(xy_aead_open(&k, "ad", 2, box, total - 1, out, NULL), XY_INVALID);
    assert_int_equal(xy_aead_open(&k, "ad", 2, box, 10, out, NULL), XY_INVALID);
}

static void test_sealed_box_under_other_ad_or_key_does_not_open(void **state)
{
    struct xy_aead_key k, other;
    unsigned char box[64], out[64];
    (void)state;

    make_key(&k, 3);
    make_key(&other, 4);
    assert_int_equal(xy_aead_seal(&k, "xinyong:idno:1", 14, "abc", 3, box, NULL), XY_OK);
    assert_int_equal(xy_aead_open(&k, "xinyong:totp:1", 14, box, 3 + XY_AEAD_OVERHEAD, out, NULL),
                     XY_INVALID);
    assert_int_equal(xy_aead_open(&k, "", 0, box, 3 + XY_AEAD_OVERHEAD, out, NULL), XY_INVALID);
    assert_int_equal(
        xy_aead_open(&other, "xinyong:idno:1", 14, box, 3 + XY_AEAD_OVERHEAD, out, NULL),
        XY_INVALID);
    assert_int_equal(xy_aead_open(&k, "xinyong:idno:1", 14, box, 3 + XY_AEAD_OVERHEAD, out, NULL),
                     XY_OK);
    assert_memory_equal(out, "abc", 3);
}

static void test_empty_plaintext_seals_and_opens(void **state)
{
    struct xy_aead_key k;
    unsigned char box[XY_AEAD_OVERHEAD], out[1];
    (void)state;

    make_key(&k, 5);
    assert_int_equal(xy_aead_seal(&k, NULL, 0, "", 0, box, NULL), XY_OK);
    assert_int_equal(xy_aead_open(&k, NULL, 0, box, sizeof box, out, NULL), XY_OK);
}

/* Few iterations keep the test fast; the format and the compare are what is tested. */
#define TEST_ITER 1000

static void test_password_hash_verifies_the_right_password_only(void **state)
{
    char h[XY_PASSWORD_HASH_MAX], h2[XY_PASSWORD_HASH_MAX];
    (void)state;

    assert_int_equal(xy_password_hash("Correct-horse-9", TEST_ITER, h, NULL), XY_OK);
    assert_true(!strncmp(h, "pbkdf2-sm3$1000$", 16));
    assert_true(xy_password_verify("Correct-horse-9", h));
    assert_false(xy_password_verify("Correct-horse-8", h));
    assert_false(xy_password_verify("", h));
    /* a fresh salt each time */
    assert_int_equal(xy_password_hash("Correct-horse-9", TEST_ITER, h2, NULL), XY_OK);
    assert_string_not_equal(h, h2);
}

static void test_password_hash_with_fewer_iterations_needs_a_rehash(void **state)
{
    char h[XY_PASSWORD_HASH_MAX];
    (void)state;

    assert_int_equal(xy_password_hash("pw", TEST_ITER, h, NULL), XY_OK);
    assert_true(xy_password_needs_rehash(h, TEST_ITER * 2));
    assert_false(xy_password_needs_rehash(h, TEST_ITER));
    assert_true(xy_password_needs_rehash("garbage", TEST_ITER));
}

static void test_malformed_stored_hashes_never_verify(void **state)
{
    char h[XY_PASSWORD_HASH_MAX], bad[XY_PASSWORD_HASH_MAX + 8];
    (void)state;

    assert_int_equal(xy_password_hash("pw", TEST_ITER, h, NULL), XY_OK);
    assert_false(xy_password_verify("pw", NULL));
    assert_false(xy_password_verify("pw", ""));
    assert_false(xy_password_verify("pw", "pbkdf2-sm3$"));
    assert_false(xy_password_verify("pw", "pbkdf2-sm3$1000$$"));
    assert_false(xy_password_verify("pw", "pbkdf2-sm3$0$AAAA$AAAA"));
    assert_false(xy_password_verify("pw", h + 1));
    snprintf(bad, sizeof bad, "%s", h);
    bad[strlen(bad) - 2] = '*';
    assert_false(xy_password_verify("pw", bad));
    snprintf(bad, sizeof bad, "pbkdf2-sha256%s", strchr(h, '$'));
    assert_false(xy_password_verify("pw", bad));
    assert_int_equal(xy_password_hash("pw", 10, h, NULL), XY_INVALID);
}

static const unsigned char rfc_secret[] = "12345678901234567890";

static void test_totp_matches_rfc_6238_sha1_vectors(void **state)
{
    (void)state;
    assert_int_equal(xy_totp_code_digits(rfc_secret, 20, 59, 8), 94287082);
    assert_int_equal(xy_totp_code_digits(rfc_secret, 20, 1111111109, 8), 7081804);
    assert_int_equal(xy_totp_code_digits(rfc_secret, 20, 1234567890, 8), 89005924);
    assert_int_equal(xy_totp_code_digits(rfc_secret, 20, 2000000000, 8), 69279037);
    assert_int_equal(xy_totp_code(rfc_secret, 20, 59), 287082);
    assert_int_equal(xy_totp_code(rfc_secret, 20, 1111111109), 81804);
}

static void test_totp_accepts_codes_within_the_window_only(void **state)
{
    (void)state;
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109, 1, "081804"), 1111111109 / 30);
    /* the previous step's code is still good one step later, not two */
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109 + 30, 1, "081804"), 1111111109 / 30);
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109 + 60, 1, "081804"), -1);
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109, 1, "081805"), -1);
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109, 1, "81804"), -1);
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109, 1, "08180a"), -1);
    assert_int_equal(xy_totp_match(rfc_secret, 20, 1111111109, 1, NULL), -1);
}

static void test_sm2_signature_round_trips_through_pem(void **state)
{
    struct xy_sm2_key *k, *pub, *priv;
    unsigned char sig[XY_SM2_SIG_MAX];
    size_t siglen;
    char *pem, *ppem;
    (void)state;

    assert_int_equal(xy_sm2_generate(&k, NULL), XY_OK);
    assert_int_equal(xy_sm2_sign(k, "checkpoint 42", 13, sig, &siglen, NULL), XY_OK);
    assert_true(siglen > 60 && siglen <= XY_SM2_SIG_MAX);
    assert_true(xy_sm2_verify(k, "checkpoint 42", 13, sig, siglen));

    pem = xy_sm2_public_pem(k);
    assert_non_null(strstr(pem, "BEGIN PUBLIC KEY"));
    assert_int_equal(xy_sm2_from_pem(pem, strlen(pem), &pub, NULL), XY_OK);
    assert_true(xy_sm2_verify(pub, "checkpoint 42", 13, sig, siglen));
    assert_null(xy_sm2_private_pem(pub));
    assert_int_equal(xy_sm2_sign(pub, "x", 1, sig, &siglen, NULL), XY_INVALID);

    ppem = xy_sm2_private_pem(k);
    assert_non_null(strstr(ppem, "PRIVATE KEY"));
    assert_int_equal(xy_sm2_from_pem(ppem, strlen(ppem), &priv, NULL), XY_OK);
    assert_int_equal(xy_sm2_sign(priv, "again", 5, sig, &siglen, NULL), XY_OK);
    assert_true(xy_sm2_verify(pub, "again", 5, sig, siglen));

    free(pem);
    free(ppem);
    xy_sm2_free(pub);
    xy_sm2_free(priv);
    xy_sm2_free(k);
}

static void test_sm2_signature_fails_on_other_message_or_key(void **state)
{
    struct xy_sm2_key *k, *other;
    unsigned char sig[XY_SM2_SIG_MAX];
    size_t siglen;
    (void)state;

    assert_int_equal(xy_sm2_generate(&k, NULL), XY_OK);
    assert_int_equal(xy_sm2_generate(&other, NULL), XY_OK);
    assert_int_equal(xy_sm2_sign(k, "checkpoint 42", 13, sig, &siglen, NULL), XY_OK);
    assert_false(xy_sm2_verify(k, "checkpoint 43", 13, sig, siglen));
    assert_false(xy_sm2_verify(other, "checkpoint 42", 13, sig, siglen));
    sig[siglen - 1] ^= 1;
    assert_false(xy_sm2_verify(k, "checkpoint 42", 13, sig, siglen));
    assert_false(xy_sm2_verify(k, "checkpoint 42", 13, sig, 0));
    xy_sm2_free(k);
    xy_sm2_free(other);
}

/* Sign with OpenSSL 3.0's default (an empty distinguishing ID, no EVP_PKEY_CTX_set1_id). */
static size_t sign_with_default_id(const char *pem, const char *msg, unsigned char *sig)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    size_t len = XY_SM2_SIG_MAX;

    assert_non_null(pkey);
    assert_int_equal(EVP_DigestSignInit(m, NULL, EVP_sm3(), NULL, pkey), 1);
    assert_int_equal(EVP_DigestSign(m, sig, &len, (const unsigned char *)msg, strlen(msg)), 1);
    EVP_MD_CTX_free(m);
    EVP_PKEY_free(pkey);
    BIO_free(bio);
    return len;
}

static void test_sm2_signature_with_the_default_empty_id_does_not_verify(void **state)
{
    struct xy_sm2_key *k;
    unsigned char sig[XY_SM2_SIG_MAX];
    size_t siglen;
    char *pem;
    (void)state;

    assert_int_equal(xy_sm2_generate(&k, NULL), XY_OK);
    pem = xy_sm2_private_pem(k);
    siglen = sign_with_default_id(pem, "checkpoint 42", sig);
    assert_false(xy_sm2_verify(k, "checkpoint 42", 13, sig, siglen));
    free(pem);
    xy_sm2_free(k);
}

static void test_sm2_rejects_non_sm2_and_broken_pem(void **state)
{
    struct xy_sm2_key *k = NULL;
    struct xy_err err = {0};
    EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    BIO *bio = BIO_new(BIO_s_mem());
    char *data;
    long len;
    (void)state;

    assert_int_equal(xy_sm2_from_pem("nope", 4, &k, &err), XY_PARSE);
    assert_null(k);
    assert_int_equal(PEM_write_bio_PUBKEY(bio, ec), 1);
    len = BIO_get_mem_data(bio, &data);
    assert_int_equal(xy_sm2_from_pem(data, (size_t)len, &k, &err), XY_INVALID);
    assert_null(k);
    BIO_free(bio);
    EVP_PKEY_free(ec);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sm3_of_abc_matches_gbt_32905_appendix_a1),
        cmocka_unit_test(test_sm3_of_64_bytes_matches_gbt_32905_appendix_a2),
        cmocka_unit_test(test_sm4_block_matches_gbt_32907_appendix_a1),
        cmocka_unit_test(test_hmac_sm3_matches_known_vectors),
        cmocka_unit_test(test_hmac_sm3_with_a_long_key_hashes_the_key_first),
        cmocka_unit_test(test_hmac_with_a_key_absorbed_once_equals_plain_hmac),
        cmocka_unit_test(test_constant_time_compare_sees_every_byte),
        cmocka_unit_test(test_random_bytes_differ_between_calls),
        cmocka_unit_test(test_hex_base64_and_base32_round_trip),
        cmocka_unit_test(test_encodings_match_rfc_4648_and_reject_garbage),
        cmocka_unit_test(test_sealed_box_round_trips_and_uses_a_fresh_iv),
        cmocka_unit_test(test_sealed_box_with_any_byte_changed_does_not_open),
        cmocka_unit_test(test_sealed_box_under_other_ad_or_key_does_not_open),
        cmocka_unit_test(test_empty_plaintext_seals_and_opens),
        cmocka_unit_test(test_password_hash_verifies_the_right_password_only),
        cmocka_unit_test(test_password_hash_with_fewer_iterations_needs_a_rehash),
        cmocka_unit_test(test_malformed_stored_hashes_never_verify),
        cmocka_unit_test(test_totp_matches_rfc_6238_sha1_vectors),
        cmocka_unit_test(test_totp_accepts_codes_within_the_window_only),
        cmocka_unit_test(test_sm2_signature_round_trips_through_pem),
        cmocka_unit_test(test_sm2_signature_fails_on_other_message_or_key),
        cmocka_unit_test(test_sm2_signature_with_the_default_empty_id_does_not_verify),
        cmocka_unit_test(test_sm2_rejects_non_sm2_and_broken_pem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
