/* mask.h - masks for personal data shown where it is not lawfully public (layer: domain)
 *
 * DOMAIN.md §7: ID 440106********1234, name 张*明 / 张*, phone 138****1234.
 */
#ifndef XY_DOMAIN_MASK_H
#define XY_DOMAIN_MASK_H

#include "base/arena.h"

/* First 6 and last 4 characters kept, the rest starred; short values are starred whole. */
const char *xy_mask_idno(struct xy_arena *a, const char *idno);
/* Chinese name: first and (for 3+ characters) last character kept: 张*明, 张*, 欧**丽. */
const char *xy_mask_name(struct xy_arena *a, const char *name);

#endif
