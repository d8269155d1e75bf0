/*
 * ui-safe.h -- what the safeguarding screens (counselling, case plans)
 * share: picking a staff member among those a rule allows, and naming
 * children by name or number.
 */
#ifndef SHOUHU_UI_SAFE_H
#define SHOUHU_UI_SAFE_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/*
 * Picks one of the staff members ids (the one numbered current selected
 * first, when among them) in a list titled title; none is the message
 * shown instead when ids is empty.  True with *id set, false when
 * cancelled or empty.
 */
bool ui_pick_staff(const char *title, const struct idlist *ids,
    uint32_t current, const char *none, uint32_t *id);

/*
 * One child named by the user: a number, or a name (its pinyin, part of
 * a guardian's phone) found as the children's search finds it, picked
 * from a list when several children the login may see match.  0 (with
 * a message) when none is chosen.
 */
uint32_t ui_child_named(const char *word);

/*
 * Children named in "12,13 14", "王小明，李华" or a mix (commas, full-width
 * and ideographic commas, spaces): *ids (malloc'd) and *n.  False, with
 * a message, when one is not found or none is given.
 */
bool ui_children_named(const char *in, uint32_t **ids, size_t *n);

#endif
