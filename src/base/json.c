/* json.c - a small JSON writer (layer: base) */
#include "base/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 for the bytes a JSON string cannot hold as they are: controls, '"' and '\\' */
static const unsigned char needs_escape[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,         1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ['"'] = 1, ['\\'] = 1,
};

xy_code xy_json_str(struct xy_buf *b, const char *s, size_t n)
{
    size_t i = 0;

    /* room for the plain case at once: most values need no escape at all */
    if (xy_buf_grow(b, n + 2) != XY_OK)
        return XY_TOO_LARGE;
    b->data[b->len++] = '"';
    while (i < n) {
        size_t run = i;
        char esc[8];
        unsigned char c;

        while (i < n && !needs_escape[(unsigned char)s[i]])
            i++;
        memcpy(b->data + b->len, s + run, i - run);
        b->len += i - run;
        if (i == n)
            break;
        c = (unsigned char)s[i++];
        switch (c) {
        case '"':
            strcpy(esc, "\\\"");
            break;
        case '\\':
            strcpy(esc, "\\\\");
            break;
        case '\n':
            strcpy(esc, "\\n");
            break;
        case '\r':
            strcpy(esc, "\\r");
            break;
        case '\t':
            strcpy(esc, "\\t");
            break;
        default:
            snprintf(esc, sizeof(esc), "\\u%04x", c);
            break;
        }
        /* the escape replaces one byte already counted; the rest of s and the quote fit */
        if (xy_buf_grow(b, strlen(esc) + (n - i) + 1) != XY_OK)
            return XY_TOO_LARGE;
        memcpy(b->data + b->len, esc, strlen(esc));
        b->len += strlen(esc);
    }
    b->data[b->len++] = '"';
    b->data[b->len] = '\0';
    return XY_OK;
}

/* count[depth] says whether a comma is due before the next member of the level. */
void xy_jw_init(struct xy_jw *w, struct xy_buf *b)
{
    memset(w, 0, sizeof(*w));
    w->b = b;
}

/* Append n bytes; the writer's hot path, so the capacity check is inline. */
static void put(struct xy_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap && xy_buf_grow(b, n) != XY_OK)
        return; /* over the buffer's cap: the caller's buffer says so */
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void sep(struct xy_jw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->count[w->depth])
        put(w->b, ",", 1);
    w->count[w->depth] = 1;
}

static void open_level(struct xy_jw *w, char c)
{
    sep(w);
    xy_buf_addc(w->b, c);
    if (w->depth + 1 >= XY_JW_DEPTH)
        abort();
    w->depth++;
    w->count[w->depth] = 0;
    w->is_arr[w->depth] = c == '[';
}

void xy_jw_obj(struct xy_jw *w)
{
    open_level(w, '{');
}

void xy_jw_arr(struct xy_jw *w)
{
    open_level(w, '[');
}

void xy_jw_end(struct xy_jw *w)
{
    xy_buf_addc(w->b, w->is_arr[w->depth] ? ']' : '}');
    if (w->depth > 0)
        w->depth--;
}

void xy_jw_key(struct xy_jw *w, const char *key)
{
    size_t n = strlen(key);
    sep(w);
    w->after_key = 1;
    if (w->b->len + n + 4 > w->b->cap && xy_buf_grow(w->b, n + 3) != XY_OK)
        return;
    w->b->data[w->b->len++] = '"';
    memcpy(w->b->data + w->b->len, key, n);
    w->b->len += n;
    memcpy(w->b->data + w->b->len, "\":", 3); /* with the terminating NUL */
    w->b->len += 2;
}

void xy_jw_str(struct xy_jw *w, const char *s)
{
    sep(w);
    if (s)
        xy_json_cstr(w->b, s);
    else
        xy_buf_adds(w->b, "null");
}

void xy_jw_int(struct xy_jw *w, long long v)
{
    sep(w);
    xy_buf_printf(w->b, "%lld", v);
}

void xy_jw_bool(struct xy_jw *w, int v)
{
    sep(w);
    xy_buf_adds(w->b, v ? "true" : "false");
}

void xy_jw_raw(struct xy_jw *w, const char *json)
{
    sep(w);
    xy_buf_adds(w->b, json ? json : "null");
}

void xy_jw_null(struct xy_jw *w)
{
    sep(w);
    xy_buf_adds(w->b, "null");
}

void xy_jw_kstr(struct xy_jw *w, const char *key, const char *s)
{
    xy_jw_key(w, key);
    xy_jw_str(w, s);
}

void xy_jw_kint(struct xy_jw *w, const char *key, long long v)
{
    xy_jw_key(w, key);
    xy_jw_int(w, v);
}

void xy_jw_kbool(struct xy_jw *w, const char *key, int v)
{
    xy_jw_key(w, key);
    xy_jw_bool(w, v);
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static char *put_utf8(char *w, unsigned cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | cp >> 6);
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *w++ = (char)(0xE0 | cp >> 12);
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xF0 | cp >> 18);
        *w++ = (char)(0x80 | (cp >> 12 & 0x3F));
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* One string starting after its opening quote; *p ends after the closing quote. */
static const char *read_string(const char **p, struct xy_arena *a)
{
    const char *s = *p, *e = s;
    char *out, *w;

    while (*e && *e != '"') /* the decoded text is never longer than the escaped one */
        e += (*e == '\\' && e[1]) ? 2 : 1;
    if (*e != '"')
        return NULL;
    w = out = xy_arena_alloc(a, (size_t)(e - s) + 1);
    while (s < e) {
        unsigned cp, lo;
        if ((unsigned char)*s < 0x20)
            return NULL;
        if (*s != '\\') {
            *w++ = *s++;
            continue;
        }
        switch (s[1]) {
        case '"':
            *w++ = '"';
            break;
        case '\\':
            *w++ = '\\';
            break;
        case '/':
            *w++ = '/';
            break;
        case 'b':
            *w++ = '\b';
            break;
        case 'f':
            *w++ = '\f';
            break;
        case 'n':
            *w++ = '\n';
            break;
        case 'r':
            *w++ = '\r';
            break;
        case 't':
            *w++ = '\t';
            break;
        case 'u':
            if (e - s < 6 || hex4(s + 2, &cp) != 0)
                return NULL;
            s += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair */
                if (e - s < 8 || s[2] != '\\' || s[3] != 'u' || hex4(s + 4, &lo) != 0 ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                s += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return NULL;
            }
            if (cp == 0)
                return NULL; /* no NUL inside a C string */
            w = put_utf8(w, cp);
            break;
        default:
            return NULL;
        }
        s += 2;
    }
    *w = '\0';
    *p = e + 1;
    return out;
}

int xy_json_strings(const char *s, struct xy_arena *a, const char ***out, size_t *n)
{
    size_t cap = 16, k = 0;
    const char **v;

    *out = NULL;
    *n = 0;
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    if (*s++ != '[')
        return -1;
    v = xy_arena_alloc(a, cap * sizeof(*v));
    while (*s == ' ')
        s++;
    if (*s == ']')
        goto done;
    for (;;) {
        const char *val;
        while (*s == ' ')
            s++;
        if (*s == '"') {
            s++;
            if (!(val = read_string(&s, a)))
                return -1;
        } else if (!strncmp(s, "null", 4)) {
            val = NULL;
            s += 4;
        } else {
            return -1;
        }
        if (k == cap) {
            const char **nv = xy_arena_alloc(a, cap * 2 * sizeof(*nv));
            memcpy(nv, v, cap * sizeof(*nv));
            v = nv;
            cap *= 2;
        }
        v[k++] = val;
        while (*s == ' ')
            s++;
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == ']')
            break;
        return -1;
    }
done:
    s++;
    while (*s == ' ')
        s++;
    if (*s)
        return -1;
    *out = v;
    *n = k;
    return 0;
}
