/* fuzz_names.c - libFuzzer harness for subject-name keys and match scores (domain/names).
 * Input: two names separated by the first newline (the second may be absent).
 * What must hold for any input: no crash, no leak, no read past the input; a refused name says
 * why and names the field; an accepted name has a non-empty core in valid UTF-8; a name scores
 * 100 against itself; scores are symmetric, within 0..100 and explained by 1..8 reasons. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "domain/names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A converter that changes text (廣 -> 广) so that the conversion path runs too. */
static xy_code conv(void *ctx, const char *in, size_t n, struct xy_arena *a, const char **out,
                    struct xy_err *err)
{
    char *s = xy_arena_alloc(a, n + 1);

    (void)ctx, (void)err;
    memcpy(s, in, n);
    s[n] = '\0';
    for (char *p = s; (p = strstr(p, "廣")); p += 3)
        memcpy(p, "广", 3);
    *out = s;
    return XY_OK;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int len = *p < 0x80             ? 1
                  : (*p & 0xE0) == 0xC0 ? 2
                  : (*p & 0xF0) == 0xE0 ? 3
                  : (*p & 0xF8) == 0xF0 ? 4
                                        : 0;
        if (!len)
            return 0;
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += len;
    }
    return 1;
}

static int make(const char *name, int with_conv, struct xy_arena *a, struct xy_name_key *k)
{
    struct xy_name_t2s t = {conv, NULL};
    struct xy_err err;

    xy_err_clear(&err);
    if (xy_name_key_make(name, with_conv ? &t : NULL, a, k, &err) != XY_OK) {
        if (!err.msg[0] || !err.field)
            abort(); /* a refusal says why and names the field */
        return 0;
    }
    if (!k->core[0] || !valid_utf8(k->core) || !valid_utf8(k->folded) || !valid_utf8(k->branch) ||
        k->nnumbers < 0 || k->nnumbers > XY_NAME_MAX_NUMBERS)
        abort();
    return 1;
}

static void check(const struct xy_name_key *a, const struct xy_name_key *b)
{
    struct xy_name_match m1, m2;
    char block[XY_NAME_BLOCK_BYTES];

    xy_name_match(a, b, &m1);
    xy_name_match(b, a, &m2);
    if (m1.score != m2.score || m1.score < 0 || m1.score > 100)
        abort();
    if (m1.nreasons < 1 || m1.nreasons > XY_NAME_MAX_REASONS)
        abort();
    for (int i = 0; i < m1.nreasons; i++)
        if (!m1.reasons[i].id || !m1.reasons[i].zh[0] || !valid_utf8(m1.reasons[i].zh))
            abort();
    if (xy_name_block(a, block) != strlen(block) || strncmp(block, a->core, strlen(block)))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1); /* exactly size bytes + NUL: ASan sees any over-read */
    char *second = NULL;
    struct xy_arena *a = xy_arena_new();
    struct xy_name_key k1, k2;
    struct xy_name_match self;
    int ok1, ok2 = 0;

    memcpy(text, data, size);
    text[size] = '\0';
    if ((second = memchr(text, '\n', size)))
        *second++ = '\0';
    ok1 = make(text, size % 2, a, &k1);
    if (second)
        ok2 = make(second, 1, a, &k2);
    if (ok1) {
        xy_name_match(&k1, &k1, &self);
        if (self.score != 100)
            abort();
        check(&k1, &k1);
    }
    if (ok1 && ok2)
        check(&k1, &k2);
    xy_arena_free(a);
    free(text);
    return 0;
}
