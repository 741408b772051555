/* mask.c - masks for personal data (layer: domain) */
#include "domain/mask.h"

#include <string.h>

#include "base/buf.h"
#include "domain/codes.h"

const char *xy_mask_idno(struct xy_arena *a, const char *idno)
{
    size_t n = strlen(idno);
    char *out = xy_arena_alloc(a, n + 1);

    for (size_t i = 0; i < n; i++)
        out[i] = (n >= 14 && (i < 6 || i >= n - 4)) ? idno[i] : '*';
    out[n] = '\0';
    return out;
}

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

const char *xy_mask_name(struct xy_arena *a, const char *name)
{
    size_t n = strlen(name), first, last = 0, count = 0, k;
    char *out;

    /* the first character and, for three or more, the last one are kept; every other
     * character becomes one '*', however long the name */
    for (size_t i = 0; i < n; i += utf8_len((unsigned char)name[i])) {
        last = i;
        count++;
    }
    if (count == 0)
        return "";
    first = utf8_len((unsigned char)name[0]);
    if (first > n)
        first = n;
    out = xy_arena_alloc(a, n + count + 2);
    memcpy(out, name, first);
    k = first;
    if (count == 1)
        out[k++] = '*';
    for (size_t c = 1; c < count; c++)
        if (c < count - 1 || count < 3)
            out[k++] = '*';
    if (count >= 3) {
        memcpy(out + k, name + last, n - last);
        k += n - last;
    }
    out[k] = '\0';
    return out;
}

/* The digit a full-width ０-９ (U+FF10-FF19) or Ｘ/ｘ stands for at s, with its length in *k;
 * an ASCII digit or X as itself; 0 for anything else. */
static char id_char(const unsigned char *s, size_t n, size_t *k)
{
    *k = 1;
    if ((*s >= '0' && *s <= '9') || *s == 'X' || *s == 'x')
        return *s == 'x' ? 'X' : (char)*s;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) {
        *k = 3;
        return (char)('0' + s[2] - 0x90);
    }
    if (n >= 3 && s[0] == 0xEF &&
        ((s[1] == 0xBC && s[2] == 0xB8) || (s[1] == 0xBD && s[2] == 0x98))) {
        *k = 3;
        return 'X';
    }
    return 0;
}

int xy_mask_has_idno(const char *s)
{
    size_t n = s ? strlen(s) : 0, run = 0, k;

    /* full-width ０-９ and Ｘ ｘ count as their ASCII forms: NFKC folds them, so they are the
     * same number to anyone who reads it; an X counts only where an ID number's check
     * character stands */
    for (size_t i = 0; i < n; i += k) {
        char c = id_char((const unsigned char *)s + i, n - i, &k);
        run = c && (c != 'X' || run >= 14) ? run + 1 : 0;
        if (run >= 15)
            return 1;
    }
    return 0;
}

/* The code point at s (n bytes left) and its length in *len; -1 for a byte that starts none. */
static long decode(const unsigned char *s, size_t n, size_t *len)
{
    size_t k = utf8_len(s[0]);
    long cp;

    if (k > n || (k == 1 && s[0] >= 0x80))
        return -1;
    cp = k == 1 ? s[0] : k == 2 ? s[0] & 0x1F : k == 3 ? s[0] & 0x0F : s[0] & 0x07;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = k;
    return cp;
}

int xy_mask_is_person_name(const char *name)
{
    /* last characters that make a unit of a short name: 某某店, 某某厂, 某某经营部 */
    static const char *const units[] = {"店", "厂", "部", "行", "社", "司", "所", "室", "馆",
                                        "院", "站", "场", "坊", "铺", "厅", "园", "庄", "中心"};
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    size_t n, han = 0, dots = 0;

    while (*s == ' ')
        s++;
    n = strlen((const char *)s);
    while (n && s[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < n;) {
        size_t len;
        long cp = decode(s + i, n - i, &len);
        if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
            han++;
        else if (cp == 0xB7 || cp == 0x30FB || cp == 0x2022) /* · ・ • */
            dots++;
        else
            return 0;
        i += len;
    }
    if (dots ? han < 4 || han > 18 : han < 2 || han > 4)
        return 0;
    for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
        size_t k = strlen(units[u]);
        if (n > k && !memcmp(s + n - k, units[u], k))
            return 0;
    }
    return 1;
}

/* v with every run of 15 or more digits masked as an ID number is (first 6 and last 4 kept),
 * full-width digits read as digits, so a 公民身份号码 hidden in a longer number (a 纳税人识别号
 * of 20 digits) or typed full-width is caught too. A run that is exactly an organisation's
 * 统一社会信用代码 (all-digit codes exist, 12440100…) is left as it is. */
const char *xy_mask_ids_in_text(struct xy_arena *a, const char *v)
{
    struct xy_buf b = XY_BUF_INIT;
    size_t n = strlen(v);
    const char *out;

    for (size_t i = 0; i < n;) {
        char run[64];
        size_t j = i, len = 0, k;
        char c;
        while (j < n && (c = id_char((const unsigned char *)v + j, n - j, &k))) {
            if (len < sizeof(run) - 1)
                run[len] = c;
            len++;
            j += k;
        }
        if (len >= 15) {
            char code[XY_USCC_LEN + 1];
            struct xy_code_check chk;
            size_t m = len < sizeof(run) - 1 ? len : sizeof(run) - 1;
            run[m] = '\0';
            chk.level = XY_CHECK_ERROR;
            if (len == XY_USCC_LEN)
                xy_uscc_check(run, code, &chk);
            xy_buf_adds(&b,
                        chk.level != XY_CHECK_ERROR && j - i == len ? run : xy_mask_idno(a, run));
        } else {
            xy_buf_add(&b, v + i, j > i ? j - i : 1);
        }
        i = j > i ? j : i + 1;
    }
    out = xy_arena_strndup(a, b.data ? b.data : "", b.len);
    xy_buf_release(&b);
    return out;
}
