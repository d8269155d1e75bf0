/*
 * ui-safe.h -- what the safeguarding screens (counselling, case plans)
 * share: picking a staff member among those a rule allows.
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

#endif
