/* t2s.c - traditional to simplified Chinese through OpenCC, for name matching (layer: service) */
#include "service/t2s.h"

#include <opencc.h>
#include <stdlib.h>

#include "base/buf.h"

struct xy_t2s {
    opencc_t cc;
};

xy_code xy_t2s_open(const char *config, struct xy_t2s **out, struct xy_err *err)
{
    opencc_t cc;

    *out = NULL;
    if (!config)
        config = OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP;
    cc = opencc_open(config);
    if (cc == (opencc_t)-1) {
        xy_err_set(err, XY_UNAVAILABLE, "could not open the OpenCC conversion \"%s\"", config);
        xy_err_detail(err, "%s", opencc_error());
        if (err)
            err->hint = "install libopencc-data (scripts/install-deps.sh)";
        return XY_UNAVAILABLE;
    }
    *out = xy_malloc(sizeof(**out));
    (*out)->cc = cc;
    return XY_OK;
}

void xy_t2s_free(struct xy_t2s *t)
{
    if (!t)
        return;
    opencc_close(t->cc);
    free(t);
}

static xy_code convert(void *ctx, const char *in, size_t n, struct xy_arena *a, const char **out,
                       struct xy_err *err)
{
    struct xy_t2s *t = ctx;
    char *s;

    /* OpenCC copies the result into a malloc'd string; the arena takes a copy so that the key
     * has one lifetime */
    s = opencc_convert_utf8(t->cc, in, n);
    if (!s)
        return xy_err_set(err, XY_INTERNAL, "could not convert a name to simplified Chinese");
    *out = xy_arena_strdup(a, s);
    opencc_convert_utf8_free(s);
    return XY_OK;
}

struct xy_name_t2s xy_t2s_converter(struct xy_t2s *t)
{
    struct xy_name_t2s c = {convert, t};
    return c;
}
