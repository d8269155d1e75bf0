/*
 * settings.h -- the township's settings: the worklist's thresholds and
 * the days of the school terms.
 *
 * The settings are one record (type RT_SETTINGS, the table in
 * settings.c) stored through rec.c like any other, so that every change
 * is in the audit trail with its old and new value.  A database without
 * the record, or a record without a field, has the defaults:
 *
 *	talk_days_key	14	days without a talk before a key-support
 *				child (重点帮扶) is on the mentor's worklist
 *	talk_days	30	the same for every other mentee
 *	caseload	10	mentees a mentor may have before the
 *				principal is told she has too many
 *	autumn_start	09-01	the autumn term, month and day: it may end
 *	autumn_end	01-31	in the next calendar year
 *	spring_start	03-01	the spring term
 *	spring_end	07-15
 *
 * The two terms may not overlap.  Settings are changed by the principal
 * and the administrator alone (settings_may_edit()).
 */
#ifndef SHOUHU_SETTINGS_H
#define SHOUHU_SETTINGS_H

#include <stdbool.h>

#include "store.h"

/* Field numbers of the settings record. */
enum { SET_TALK_DAYS_KEY, SET_TALK_DAYS, SET_CASELOAD, SET_AUTUMN_START,
	SET_AUTUMN_END, SET_SPRING_START, SET_SPRING_END, SET__N };

struct settings {
	int	talk_days_key;
	int	talk_days;
	int	caseload;
	/* Month and day, "09-01". */
	char	autumn_start[6];
	char	autumn_end[6];
	char	spring_start[6];
	char	spring_end[6];
};

struct rec;

/* The defaults, as above. */
void settings_defaults(struct settings *);
/*
 * Reads the settings, the defaults for whatever is not stored.  Returns
 * 0, or an SH_E* code (a damaged record) with *s holding the defaults.
 */
int settings_read(struct txn *, struct settings *);
/* Field f's value as `settings list` shows it. */
void settings_value(const struct settings *, int f, char *out, size_t size);
/* The stored record, or a new one with the defaults; the caller frees. */
struct rec *settings_record(struct txn *);
/* The settings of a record (a stored one, or one being edited). */
void settings_from_rec(const struct rec *, struct settings *);

/* May the acting user change the settings (principal, administrator)? */
bool settings_may_edit(void);
/*
 * Sets one setting by its name ("talk_days", or "talk-days") to a value
 * as typed ("14"; "9-1", "09-01", "9月1日" for a day), in a write
 * transaction of its own.  Returns 0, or an SH_E* code with *cause
 * saying what is wrong and what is accepted (translated): an unknown
 * name lists the names.
 */
int settings_set(struct db *, const char *name, const char *value,
    char **cause);
/*
 * Normalises a month and day as typed ("9-1", "09-01", "9/1", "9月1日",
 * "0901") to "09-01".  Returns 0, or -1 with *cause.
 */
int settings_monthday(const char *in, char out[6], char **cause);
/* The rules between the fields (the terms may not overlap). */
int settings_check(struct rec *, int *field, char **cause);

#endif
