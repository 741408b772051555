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
/* 1 when s holds something shaped like an ID number: a run of 15 or more digits (an 'X' may
 * end it). Free text that will be stored or shown (a login, a stated purpose, a file name) is
 * refused or replaced when it does. */
int xy_mask_has_idno(const char *s);
/* s with every run of 15 or more digits (full-width ０-９ and Ｘ read as digits and X) masked
 * as xy_mask_idno masks an ID number, unless the run is exactly a valid 统一社会信用代码; from
 * a. Free text that leaves the platform (a public record's 违法事实, a credit report) goes
 * through it: a clerk may have typed an ID number anywhere. */
const char *xy_mask_ids_in_text(struct xy_arena *a, const char *s);
/* 1 when name reads as a natural person's name, the way xy_mask_name() would be applied to
 * it: 2 to 4 Han characters (4 to 18 with the middle dot of 阿卜杜·热合曼), spaces around
 * ignored, not ending in a character that names a unit (店, 厂, 部, 行 ...). A 个体工商户
 * registered under its owner's name is such a name: it is never matched or stored by name. */
int xy_mask_is_person_name(const char *name);

#endif
