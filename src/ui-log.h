/*
 * ui-log.h -- the care log on the screens: a child's log as lines for
 * its file, the form of an entry, an entry shown whole.
 */
#ifndef SHOUHU_UI_LOG_H
#define SHOUHU_UI_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* A child's log, newest first: each entry's id and its line. */
struct ui_log {
	uint32_t	*ids;
	char		**lines;
	size_t		  n;
};
/* Reads the child's log in t (lines for cols columns). */
void ui_log_load(struct txn *, uint32_t child, int cols, struct ui_log *);
void ui_log_free(struct ui_log *);
/*
 * Opens the form of a new entry for the child, filled in with today,
 * the login's staff member (else the child's mentor) and the kind that
 * staff member used last.
 */
void ui_log_add(uint32_t child);
/* Opens the form of an entry, when the login may still change it. */
void ui_log_edit(uint32_t id);
/* Deletes an entry, when the login may, after asking. */
void ui_log_delete(uint32_t id);
/* Shows an entry whole. */
void ui_log_show(uint32_t id);

#endif
