/* measure_versions.c - the wrappers of the measures catalogue's versions (layer: store)
 *
 * The checks every backend shares, in front of the ops table (store.h: "measures"). They sit
 * in a file of their own rather than in store.c so that the catalogue's storage reads in one
 * place with sqlite/measures.c.
 */
#include "store/store.h"

xy_code xy_store_measures_generation(struct xy_store *s, int64_t *gen, struct xy_err *err)
{
    *gen = 0;
    return s->ops->measures_generation(s, gen, err);
}

xy_code xy_store_measure_put(struct xy_store *s, struct xy_measure_version *v, struct xy_err *err)
{
    if (v->seq < 1 || !v->row || !v->reason || !*v->reason || !v->edited_by || !*v->edited_by)
        return xy_err_set(err, XY_INTERNAL,
                          "a measure version needs a 序号, its row, a reason and who edited it");
    return s->ops->measure_put(s, v, err);
}

xy_code xy_store_measures_current(struct xy_store *s, int with_deleted, struct xy_arena *a,
                                  struct xy_measure_version **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    return s->ops->measures_current(s, with_deleted, a, out, n, err);
}

xy_code xy_store_measure_history(struct xy_store *s, long seq, struct xy_arena *a,
                                 struct xy_measure_version **out, size_t *n, struct xy_err *err)
{
    *out = NULL;
    *n = 0;
    if (seq < 1)
        return XY_OK;
    return s->ops->measure_history(s, seq, a, out, n, err);
}
