/*
 * validate-rec.c -- the rules between the fields of a record: what
 * follows from other fields (fill), what must agree (check), and what a
 * change carries away (update).  The schema tables name these functions;
 * rec_validate() and rec_put() run them.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

int
staff_check(struct rec *r, int *field, char **cause)
{
	bool g = *rec_str(r, STAFF_GRADE) != '\0';
	bool c = *rec_str(r, STAFF_CLASS) != '\0';

	if (g != c) {
		*field = g ? STAFF_CLASS : STAFF_GRADE;
		set_cause(cause, _("%s: give both the grade and the class of "
		    "the class a teacher heads, or neither"),
		    _(r->sc->fields[*field].label));
		return -1;
	}
	return 0;
}

void
child_fill(struct rec *r)
{
	const char *id = rec_str(r, CHILD_IDNUM), *sch;
	char birth[11], *norm = NULL, *why = NULL;
	int grade;

	/* A valid ID number carries the birth date and the sex. */
	if (*id != '\0' && val_idnum(id, &norm, &why) == 0 &&
	    strcmp(norm, id) == 0) {
		if (*rec_str(r, CHILD_BIRTH) == '\0') {
			idnum_birth(id, birth);
			rec_set(r, CHILD_BIRTH, birth);
		}
		if (*rec_str(r, CHILD_SEX) == '\0')
			rec_set(r, CHILD_SEX, idnum_sex(id));
	}
	free(norm);
	free(why);
	/*
	 * The schooling follows the grade: given when empty, and corrected
	 * when the grade moves between primary and junior (六年级 to 初一
	 * in the next year's roster).  Preschool and dropped out stay.
	 */
	if (*rec_str(r, CHILD_GRADE) != '\0') {
		sch = rec_str(r, CHILD_SCHOOLING);
		grade = atoi(rec_str(r, CHILD_GRADE));
		if (*sch == '\0' || strcmp(sch, "primary") == 0 ||
		    strcmp(sch, "junior") == 0)
			rec_set(r, CHILD_SCHOOLING, grade >= 7 ? "junior" :
			    "primary");
	}
	if (*rec_str(r, CHILD_HEALTH) == 'h')
		rec_set(r, CHILD_HEALTH_NOTE, NULL);
}

/*
 * A field that belongs to one value of another (the disability category
 * to health 残疾): -1 with *cause when it is set and the other is not so.
 */
static int
only_when(struct rec *r, int f, int on, const char *key, int *field,
    char **cause)
{
	const struct field *ff = &r->sc->fields[f], *fon = &r->sc->fields[on];

	if (*rec_str(r, f) == '\0' || strcmp(rec_str(r, on), key) == 0)
		return 0;
	*field = f;
	set_cause(cause, _("%s \"%s\" is only for a child whose %s is "
	    "\"%s\""), _(ff->label), choice_label(ff->choices,
	    rec_str(r, f)), _(fon->label), choice_label(fon->choices, key));
	return -1;
}

int
child_check(struct rec *r, int *field, char **cause)
{
	const char *id = rec_str(r, CHILD_IDNUM);
	char *reason = NULL, today[11];
	int age;

	/* A child in school is of school age (or in a kindergarten). */
	date_today(today);
	age = age_on(rec_str(r, CHILD_BIRTH), today);
	if (*rec_str(r, CHILD_BIRTH) != '\0' && child_active(r) &&
	    (age < CHILD_MIN_AGE || age > CHILD_MAX_AGE)) {
		*field = CHILD_BIRTH;
		set_cause(cause, _("%s \"%s\": a child in school is %d to %d "
		    "years old"), _(r->sc->fields[CHILD_BIRTH].label),
		    rec_str(r, CHILD_BIRTH), CHILD_MIN_AGE, CHILD_MAX_AGE);
		return -1;
	}

	if (*id != '\0' && val_idnum_matches(id, rec_str(r, CHILD_BIRTH),
	    rec_str(r, CHILD_SEX), &reason) != 0) {
		*field = CHILD_IDNUM;
		set_cause(cause, "%s \"%s\": %s",
		    _(r->sc->fields[CHILD_IDNUM].label), id, reason);
		free(reason);
		return -1;
	}
	if (only_when(r, CHILD_DISABILITY, CHILD_HEALTH, "disabled", field,
	    cause) != 0 || only_when(r, CHILD_DISABILITY_LEVEL, CHILD_HEALTH,
	    "disabled", field, cause) != 0 || only_when(r, CHILD_UNABLE,
	    CHILD_LEFT_BEHIND, "one_unable", field, cause) != 0)
		return -1;
	return 0;
}

int
contact_check(struct rec *r, int *field, char **cause)
{
	int i, pf, vf;

	for (i = 0; i < CONTACT_PHONES; i++) {
		pf = contact_phone_field(i);
		vf = contact_verified_field(i);
		if (*rec_str(r, pf) == '\0' && *rec_str(r, vf) != '\0') {
			*field = vf;
			set_cause(cause, _("%s: there is no phone number to "
			    "have verified"), _(r->sc->fields[vf].label));
			return -1;
		}
	}
	return 0;
}

/*
 * A number typed over another loses the old number's marks (verified
 * on, failed in a drill): they were about a phone that is gone.  Marks
 * that came with a number from another place of the same contact (the
 * roster moves an old number down) stay with it.
 */
void
contact_update(struct rec *r, const struct rec *old)
{
	const char *num;
	int i, j, f;
	bool known;

	for (i = 0; i < CONTACT_PHONES; i++) {
		num = rec_str(r, contact_phone_field(i));
		if (strcmp(num, rec_str(old, contact_phone_field(i))) == 0)
			continue;
		for (known = false, j = 0; j < CONTACT_PHONES; j++)
			if (*num != '\0' && strcmp(num, rec_str(old,
			    contact_phone_field(j))) == 0)
				known = true;
		if (known)
			continue;
		f = contact_verified_field(i);
		if (strcmp(rec_str(r, f), rec_str(old, f)) == 0)
			rec_set(r, f, NULL);
		f = contact_failed_field(i);
		if (strcmp(rec_str(r, f), rec_str(old, f)) == 0)
			rec_set(r, f, NULL);
	}
}

int
pair_check(struct rec *r, int *field, char **cause)
{
	const char *until = rec_str(r, PAIR_UNTIL);

	if (*until != '\0' && strcmp(until, rec_str(r, PAIR_SINCE)) < 0) {
		*field = PAIR_UNTIL;
		set_cause(cause, _("%s: %s is before the start %s"),
		    _(r->sc->fields[PAIR_UNTIL].label), until,
		    rec_str(r, PAIR_SINCE));
		return -1;
	}
	return 0;
}
