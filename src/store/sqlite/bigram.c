/* bigram.c - the "bigram" FTS5 tokenizer: every pair of adjacent characters (layer: store)
 *
 * FTS5's trigram tokenizer cannot answer a two-character query such as 华为 or 广州, the most
 * common way people look a company up by name. This tokenizer indexes every pair of adjacent
 * characters (Unicode code points, UTF-8 encoded) of a name, so that a two-character query is
 * one token and one doclist read. Whitespace breaks a name: a pair that would contain it is not
 * emitted. ASCII letters are folded to lower case, as the trigram tokenizer folds them, so that
 * "ab" finds "AB" at every query length. Invalid UTF-8 counts one byte as one character: text
 * is never rejected, it only finds less.
 *
 * The same code tokenizes documents and queries: the query "华为" yields the one token "华为",
 * a longer phrase yields its pairs in order.
 */
#include "store/sqlite/bigram.h"

#include <string.h>

/* Length in bytes of the UTF-8 character at p (n bytes left, n > 0); its code point in *cp. */
static int utf8_char(const unsigned char *p, int n, unsigned *cp)
{
    int len = 0;
    unsigned c;

    if (p[0] < 0x80)
        len = 1;
    else if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4;
    *cp = p[0];
    if (len <= 1 || len > n)
        return 1;
    c = p[0] & (0x7Fu >> len);
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 1; /* *cp is the lone lead byte */
        c = c << 6 | (p[i] & 0x3Fu);
    }
    *cp = c;
    return len;
}

static int is_space(unsigned cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x3000 /* 全角空格 */;
}

/* The tokenizer keeps no state: every instance is this one object. */
static int bigram_instance;

static int bigram_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)argv;
    if (argc > 0)
        return SQLITE_ERROR; /* no options */
    *out = (Fts5Tokenizer *)&bigram_instance;
    return SQLITE_OK;
}

static void bigram_delete(Fts5Tokenizer *t)
{
    (void)t;
}

static int bigram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int ntext,
                           int (*token)(void *ctx, int flags, const char *tok, int ntok, int start,
                                        int end))
{
    const unsigned char *p = (const unsigned char *)text;
    int prev = -1, prev_len = 0; /* the previous character, when not a space */
    char buf[8];                 /* two characters of at most 4 bytes each */
    int i = 0, rc = SQLITE_OK;

    (void)t;
    (void)flags;
    while (i < ntext && rc == SQLITE_OK) {
        unsigned cp;
        int len = utf8_char(p + i, ntext - i, &cp);

        if (is_space(cp)) {
            prev = -1;
        } else {
            if (prev >= 0) {
                memcpy(buf, p + prev, (size_t)prev_len);
                memcpy(buf + prev_len, p + i, (size_t)len);
                for (int k = 0; k < prev_len + len; k++)
                    if (buf[k] >= 'A' && buf[k] <= 'Z')
                        buf[k] = (char)(buf[k] - 'A' + 'a');
                rc = token(ctx, 0, buf, prev_len + len, prev, i + len);
            }
            prev = i;
            prev_len = len;
        }
        i += len;
    }
    return rc;
}

static int count_token(void *ctx, int flags, const char *tok, int ntok, int start, int end)
{
    (void)flags;
    (void)tok;
    (void)ntok;
    (void)start;
    (void)end;
    ++*(int *)ctx;
    return SQLITE_OK;
}

int xy_sqlite_bigram_count(const char *text, int n)
{
    int count = 0;

    bigram_tokenize(NULL, &count, 0, text, n, count_token);
    return count;
}

int xy_sqlite_bigram_register(sqlite3 *db)
{
    fts5_tokenizer tok = {bigram_create, bigram_delete, bigram_tokenize};
    fts5_api *api = NULL;
    sqlite3_stmt *st;
    int rc;

    /* the documented way to reach FTS5's C API: SELECT fts5(?1) stores it through a pointer */
    rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    rc = sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return rc;
    if (!api || api->iVersion < 2)
        return SQLITE_ERROR;
    return api->xCreateTokenizer(api, "bigram", NULL, &tok, NULL);
}
