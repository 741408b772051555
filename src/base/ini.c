/* ini.c - parse INI text held in memory (layer: base) */
#include "base/ini.h"

#include <string.h>

#define MAX_LINE 4096

static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

xy_code xy_ini_parse(const char *text, size_t len, xy_ini_fn fn, void *ctx, struct xy_err *err)
{
    char section[128] = "", name[128] = "", line[MAX_LINE];
    const char *p = text, *end = text + len;
    long lineno = 0;
    xy_code rc;

    /* a UTF-8 byte order mark is tolerated (files edited on Windows) */
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *s, *eq;

        lineno++;
        if (n >= sizeof(line)) {
            rc = xy_err_set(err, XY_TOO_LARGE, "line %ld is longer than %d bytes", lineno,
                            MAX_LINE - 1);
            if (err)
                err->line = lineno;
            return rc;
        }
        memcpy(line, p, n);
        line[n] = '\0';
        p = nl ? nl + 1 : end;
        if (memchr(line, '\0', n)) {
            rc = xy_err_set(err, XY_PARSE, "line %ld contains a NUL byte", lineno);
            if (err)
                err->line = lineno;
            return rc;
        }
        s = trim(line);
        if (*s == '\0' || *s == ';' || *s == '#')
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']'), *sp;
            if (!close || trim(close + 1)[0] != '\0') {
                rc = xy_err_set(err, XY_PARSE, "line %ld: section header \"%s\" is not closed",
                                lineno, s);
                if (err)
                    err->line = lineno;
                return rc;
            }
            *close = '\0';
            s = trim(s + 1);
            sp = strpbrk(s, " \t");
            if (sp) {
                *sp = '\0';
                sp = trim(sp + 1);
            }
            if (strlen(s) >= sizeof(section) || (sp && strlen(sp) >= sizeof(name))) {
                rc = xy_err_set(err, XY_TOO_LARGE, "line %ld: section name is too long", lineno);
                if (err)
                    err->line = lineno;
                return rc;
            }
            strcpy(section, s);
            strcpy(name, sp ? sp : "");
            continue;
        }
        eq = strchr(s, '=');
        if (!eq) {
            rc = xy_err_set(err, XY_PARSE, "line %ld: expected \"key = value\", found \"%.60s\"",
                            lineno, s);
            if (err)
                err->line = lineno;
            return rc;
        }
        *eq = '\0';
        rc = fn(ctx, section, name, trim(s), trim(eq + 1), lineno, err);
        if (rc != XY_OK) {
            if (err && !err->line)
                err->line = lineno;
            return rc;
        }
    }
    return XY_OK;
}
